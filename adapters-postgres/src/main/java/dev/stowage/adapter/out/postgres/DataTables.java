package dev.stowage.adapter.out.postgres;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.util.List;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/**
 * The tables of V2 (documents, uploads, tokens, programs, backups) as typed jOOQ names. Written by
 * hand rather than generated: generating would need a PostgreSQL server at build time, and these
 * few columns change only with a migration, whose contract tests run every one of them.
 */
final class DataTables {
    private DataTables() {
    }

    private static <T> Field<T> col(String table, String column, DataType<T> type) {
        return field(name(table, column), type);
    }

    private static Field<String> text(String table, String column) {
        return col(table, column, SQLDataType.VARCHAR);
    }

    private static Field<Long> int8(String table, String column) {
        return col(table, column, SQLDataType.BIGINT);
    }

    private static Field<Integer> int4(String table, String column) {
        return col(table, column, SQLDataType.INTEGER);
    }

    private static Field<Boolean> bool(String table, String column) {
        return col(table, column, SQLDataType.BOOLEAN);
    }

    /** {@code documents}. */
    static final class Documents {
        static final String N = "documents";
        static final Table<?> T = table(name(N));
        static final Field<String> ID = text(N, "id");
        static final Field<String> OWNER = text(N, "owner");
        static final Field<String> NAME = text(N, "name");
        static final Field<String> FILE_NAME = text(N, "file_name");
        static final Field<String> MIME_TYPE = text(N, "mime_type");
        static final Field<Long> SIZE = int8(N, "size");
        static final Field<String> SHA256 = text(N, "sha256");
        static final Field<String> BLOB_KEY = text(N, "blob_key");
        static final Field<String> VISIBILITY = text(N, "visibility");
        static final Field<String> METADATA = text(N, "metadata");
        static final Field<Long> VERSION = int8(N, "version");
        static final Field<Long> CREATED_AT = int8(N, "created_at");
        static final Field<Long> UPDATED_AT = int8(N, "updated_at");
        static final List<Field<?>> ALL = List.of(ID, OWNER, NAME, FILE_NAME, MIME_TYPE, SIZE, SHA256, BLOB_KEY,
                VISIBILITY, METADATA, VERSION, CREATED_AT, UPDATED_AT);

        private Documents() {
        }
    }

    /** {@code document_usage}, kept by the trigger of V2. */
    static final class DocumentUsage {
        static final String N = "document_usage";
        static final Table<?> T = table(name(N));
        static final Field<String> OWNER = text(N, "owner");
        static final Field<Long> DOCUMENTS = int8(N, "documents");
        static final Field<Long> BYTES = int8(N, "bytes");

        private DocumentUsage() {
        }
    }

    /** {@code resumable_uploads}. */
    static final class Uploads {
        static final String N = "resumable_uploads";
        static final Table<?> T = table(name(N));
        static final Field<String> ID = text(N, "id");
        static final Field<String> OWNER = text(N, "owner");
        static final Field<Long> LENGTH = int8(N, "length");
        static final Field<Long> UPLOAD_OFFSET = int8(N, "upload_offset");
        static final Field<String> NAME = text(N, "name");
        static final Field<String> FILE_NAME = text(N, "file_name");
        static final Field<String> MIME_TYPE = text(N, "mime_type");
        static final Field<String> VISIBILITY = text(N, "visibility");
        static final Field<String> METADATA = text(N, "metadata");
        static final Field<String> EXPECTED_SHA256 = text(N, "expected_sha256");
        static final Field<Long> CREATED_AT = int8(N, "created_at");
        static final Field<Long> EXPIRES_AT = int8(N, "expires_at");
        static final Field<String> CONCAT = text(N, "concat");
        static final Field<String> CONCAT_PARTS = text(N, "concat_parts");
        static final Field<String> PURPOSE = text(N, "purpose");
        static final List<Field<?>> ALL = List.of(ID, OWNER, LENGTH, UPLOAD_OFFSET, NAME, FILE_NAME, MIME_TYPE,
                VISIBILITY, METADATA, EXPECTED_SHA256, CREATED_AT, EXPIRES_AT, CONCAT, CONCAT_PARTS, PURPOSE);

        private Uploads() {
        }
    }

    /** {@code api_tokens}. */
    static final class Tokens {
        static final String N = "api_tokens";
        static final Table<?> T = table(name(N));
        static final Field<String> ID = text(N, "id");
        static final Field<String> USER_ID = text(N, "user_id");
        static final Field<Boolean> ADMIN = bool(N, "admin");
        static final Field<String> LABEL = text(N, "label");
        static final Field<String> SECRET_HASH = text(N, "secret_hash");
        static final Field<Long> CREATED_AT = int8(N, "created_at");
        static final Field<Long> REVOKED_AT = int8(N, "revoked_at");
        static final Field<String> SCOPES = text(N, "scopes");
        static final List<Field<?>> ALL = List.of(ID, USER_ID, ADMIN, LABEL, SECRET_HASH, CREATED_AT, REVOKED_AT, SCOPES);

        private Tokens() {
        }
    }

    /** {@code programs}; {@link Revisions} shares the state columns. */
    static final class Programs {
        static final String N = "programs";
        static final Table<?> T = table(name(N));
        static final Field<String> ID = text(N, "id");
        static final Field<String> NAME = text(N, "name");
        static final Field<String> NAME_FOLDED = text(N, "name_folded");
        static final Field<String> DESCRIPTION = text(N, "description");
        static final Field<String> CONFIG = text(N, "config");
        static final Field<Integer> CONFIG_SCHEMA_VERSION = int4(N, "config_schema_version");
        static final Field<String> CONFIG_SHA256 = text(N, "config_sha256");
        static final Field<Boolean> ACTIVE = bool(N, "active");
        static final Field<Long> VERSION = int8(N, "version");
        static final Field<String> EXTERNAL_REF = text(N, "external_ref");
        static final Field<String> IMAGE_BLOB = text(N, "image_blob");
        static final Field<String> IMAGE_MIME_TYPE = text(N, "image_mime_type");
        static final Field<Long> IMAGE_SIZE = int8(N, "image_size");
        static final Field<String> IMAGE_SHA256 = text(N, "image_sha256");
        static final Field<Integer> IMAGE_WIDTH = int4(N, "image_width");
        static final Field<Integer> IMAGE_HEIGHT = int4(N, "image_height");
        static final Field<String> THUMBNAIL_BLOB = text(N, "thumbnail_blob");
        static final Field<Long> CREATED_AT = int8(N, "created_at");
        static final Field<Long> UPDATED_AT = int8(N, "updated_at");
        static final Field<String> UPDATED_BY = text(N, "updated_by");
        static final List<Field<?>> ALL = List.of(ID, NAME, NAME_FOLDED, DESCRIPTION, CONFIG, CONFIG_SCHEMA_VERSION,
                CONFIG_SHA256, ACTIVE, VERSION, EXTERNAL_REF, IMAGE_BLOB, IMAGE_MIME_TYPE, IMAGE_SIZE, IMAGE_SHA256,
                IMAGE_WIDTH, IMAGE_HEIGHT, THUMBNAIL_BLOB, CREATED_AT, UPDATED_AT, UPDATED_BY);

        private Programs() {
        }
    }

    /** {@code program_revisions}. */
    static final class Revisions {
        static final String N = "program_revisions";
        static final Table<?> T = table(name(N));
        static final Field<String> PROGRAM_ID = text(N, "program_id");
        static final Field<Long> VERSION = int8(N, "version");
        static final Field<String> NAME = text(N, "name");
        static final Field<String> DESCRIPTION = text(N, "description");
        static final Field<String> CONFIG = text(N, "config");
        static final Field<Integer> CONFIG_SCHEMA_VERSION = int4(N, "config_schema_version");
        static final Field<String> CONFIG_SHA256 = text(N, "config_sha256");
        static final Field<Boolean> ACTIVE = bool(N, "active");
        static final Field<String> IMAGE_BLOB = text(N, "image_blob");
        static final Field<String> IMAGE_MIME_TYPE = text(N, "image_mime_type");
        static final Field<Long> IMAGE_SIZE = int8(N, "image_size");
        static final Field<String> IMAGE_SHA256 = text(N, "image_sha256");
        static final Field<Integer> IMAGE_WIDTH = int4(N, "image_width");
        static final Field<Integer> IMAGE_HEIGHT = int4(N, "image_height");
        static final Field<String> THUMBNAIL_BLOB = text(N, "thumbnail_blob");
        static final Field<Long> UPDATED_AT = int8(N, "updated_at");
        static final Field<String> UPDATED_BY = text(N, "updated_by");
        static final List<Field<?>> ALL = List.of(PROGRAM_ID, VERSION, NAME, DESCRIPTION, CONFIG, CONFIG_SCHEMA_VERSION,
                CONFIG_SHA256, ACTIVE, IMAGE_BLOB, IMAGE_MIME_TYPE, IMAGE_SIZE, IMAGE_SHA256, IMAGE_WIDTH, IMAGE_HEIGHT,
                THUMBNAIL_BLOB, UPDATED_AT, UPDATED_BY);

        private Revisions() {
        }
    }

    /** {@code backups}. */
    static final class Backups {
        static final String N = "backups";
        static final Table<?> T = table(name(N));
        static final Field<String> ID = text(N, "id");
        static final Field<Long> CREATED_AT = int8(N, "created_at");
        static final Field<String> LABEL = text(N, "label");
        static final Field<Integer> FORMAT_VERSION = int4(N, "format_version");
        static final Field<String> APP_VERSION = text(N, "app_version");
        static final Field<String> SCHEMA_VERSION = text(N, "schema_version");
        static final Field<String> COUNTS = text(N, "counts");
        static final Field<Long> TOTAL_BYTES = int8(N, "total_bytes");
        static final Field<Long> WRITTEN_BYTES = int8(N, "written_bytes");
        static final Field<String> MANIFEST_SHA256 = text(N, "manifest_sha256");
        static final Field<String> LOCATION = text(N, "location");
        static final Field<String> STATUS = text(N, "status");
        static final Field<Long> VERIFIED_AT = int8(N, "verified_at");
        static final Field<Boolean> VERIFY_OK = bool(N, "verify_ok");
        static final Field<Integer> VERIFY_SAMPLE = int4(N, "verify_sample");
        static final Field<String> VERIFY_DETAIL = text(N, "verify_detail");
        static final List<Field<?>> ALL = List.of(ID, CREATED_AT, LABEL, FORMAT_VERSION, APP_VERSION, SCHEMA_VERSION,
                COUNTS, TOTAL_BYTES, WRITTEN_BYTES, MANIFEST_SHA256, LOCATION, STATUS, VERIFIED_AT, VERIFY_OK,
                VERIFY_SAMPLE, VERIFY_DETAIL);

        private Backups() {
        }
    }
}
