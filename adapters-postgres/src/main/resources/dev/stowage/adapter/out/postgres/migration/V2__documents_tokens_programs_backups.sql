-- Documents and resumable uploads, API tokens, programs and their revisions, and the backup catalog:
-- the same tables as SQLite's V3, V6, V8, V9, V10, V11 and V12, so that `stowage db copy` moves rows
-- column for column and every store behaves as it does on SQLite.
--
-- Instants are BIGINT nanoseconds since the Unix epoch, as on SQLite: timestamptz keeps microseconds
-- only, and a document must come back exactly as it was stored (equal records, stable ETags).
-- Every text column that is compared, ordered or paged on uses COLLATE "C", which compares UTF-8
-- bytes, i.e. Unicode code points, as SQLite's BINARY does; a locale's collation would sort names
-- differently from SQLite and break cursors issued by the code-point order the stores assume.
-- JSON (document metadata, program configs, backup counts) is text, not jsonb: a program's config
-- must come back byte for byte (its SHA-256 is stored beside it), and jsonb would reorder keys and
-- refuse the \u0000 escape that SQLite stores.

CREATE TABLE documents (
    id         text     COLLATE "C" NOT NULL PRIMARY KEY CHECK (length(id) = 26),
    owner      text     COLLATE "C" NOT NULL CHECK (length(owner) BETWEEN 1 AND 64),
    name       text     COLLATE "C" NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
    file_name  text     NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
    mime_type  text     COLLATE "C" NOT NULL CHECK (length(mime_type) BETWEEN 3 AND 255),
    size       bigint   NOT NULL CHECK (size >= 0),
    sha256     text     NOT NULL CHECK (length(sha256) = 64),
    blob_key   text     COLLATE "C" NOT NULL CHECK (length(blob_key) BETWEEN 1 AND 512),
    visibility text     NOT NULL CHECK (visibility IN ('PRIVATE', 'PUBLIC')),
    metadata   text     NOT NULL,
    version    bigint   NOT NULL CHECK (version >= 1),
    created_at bigint   NOT NULL,
    updated_at bigint   NOT NULL
);

-- findByName, the uniqueness rule, and the owner's listing by name
CREATE UNIQUE INDEX documents_owner_name ON documents (owner, name);
-- a blob belongs to one document at most; also serves referenced()
CREATE UNIQUE INDEX documents_blob_key ON documents (blob_key);
-- the owner's listings by time and by size, and by one MIME type (or a family, as a range)
CREATE INDEX documents_owner_created ON documents (owner, created_at, id);
CREATE INDEX documents_owner_size ON documents (owner, size, id);
CREATE INDEX documents_owner_mime ON documents (owner, mime_type, created_at, id);
-- the public listings, on public documents only
CREATE INDEX documents_public_created ON documents (created_at, id) WHERE visibility = 'PUBLIC';
CREATE INDEX documents_public_name ON documents (name, id) WHERE visibility = 'PUBLIC';
CREATE INDEX documents_public_size ON documents (size, id) WHERE visibility = 'PUBLIC';

-- Usage per owner, kept by a trigger in the same transaction as every change, so the quota check
-- reads one row. Concurrent writers of one owner meet on that row (INSERT ... ON CONFLICT locks it).
CREATE TABLE document_usage (
    owner     text   COLLATE "C" NOT NULL PRIMARY KEY,
    documents bigint NOT NULL CHECK (documents >= 0),
    bytes     bigint NOT NULL CHECK (bytes >= 0)
);

CREATE FUNCTION documents_usage() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE document_usage SET documents = documents - 1, bytes = bytes - OLD.size WHERE owner = OLD.owner;
        -- an owner with nothing left leaves no row behind
        DELETE FROM document_usage WHERE owner = OLD.owner AND documents = 0;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO document_usage (owner, documents, bytes) VALUES (NEW.owner, 1, NEW.size)
            ON CONFLICT (owner) DO UPDATE SET documents = document_usage.documents + 1,
                                              bytes = document_usage.bytes + EXCLUDED.bytes;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER documents_usage_insert AFTER INSERT ON documents
    FOR EACH ROW EXECUTE FUNCTION documents_usage();
CREATE TRIGGER documents_usage_delete AFTER DELETE ON documents
    FOR EACH ROW EXECUTE FUNCTION documents_usage();
CREATE TRIGGER documents_usage_update AFTER UPDATE OF owner, size ON documents
    FOR EACH ROW EXECUTE FUNCTION documents_usage();

-- Uploads sent in pieces (tus); the bytes received so far are in the upload staging area.
CREATE TABLE resumable_uploads (
    id              text   COLLATE "C" NOT NULL PRIMARY KEY CHECK (length(id) = 26),
    owner           text   NOT NULL CHECK (length(owner) BETWEEN 1 AND 64),
    length          bigint NOT NULL CHECK (length >= 0),
    upload_offset   bigint NOT NULL CHECK (upload_offset BETWEEN 0 AND length),
    name            text   NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
    file_name       text   NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
    mime_type       text   NOT NULL CHECK (length(mime_type) BETWEEN 3 AND 255),
    visibility      text   NOT NULL CHECK (visibility IN ('PRIVATE', 'PUBLIC')),
    metadata        text   NOT NULL,
    expected_sha256 text   CHECK (expected_sha256 IS NULL OR length(expected_sha256) = 64),
    created_at      bigint NOT NULL,
    expires_at      bigint NOT NULL,
    -- tus concatenation: a final upload keeps its parts' ids, in order, separated by single spaces
    concat          text   NOT NULL DEFAULT 'none' CHECK (concat IN ('none', 'partial', 'final')),
    concat_parts    text   CHECK ((concat = 'final') = (concat_parts IS NOT NULL AND length(concat_parts) >= 26)),
    -- what the upload becomes when its last byte arrives
    purpose         text   NOT NULL DEFAULT 'document' CHECK (purpose IN ('document', 'backup-archive'))
);

-- the sweeper: expired uploads, oldest expiry first
CREATE INDEX resumable_uploads_expiry ON resumable_uploads (expires_at, id);

-- API tokens; only the SHA-256 of a token's secret is stored. Scopes as TokenScopes writes them.
CREATE TABLE api_tokens (
    id          text    COLLATE "C" NOT NULL PRIMARY KEY CHECK (length(id) = 26),
    user_id     text    NOT NULL CHECK (length(user_id) BETWEEN 1 AND 64),
    admin       boolean NOT NULL,
    label       text    NOT NULL CHECK (length(label) <= 200),
    secret_hash text    COLLATE "C" NOT NULL CHECK (length(secret_hash) = 64),
    created_at  bigint  NOT NULL,
    revoked_at  bigint,
    scopes      text    NOT NULL DEFAULT '' CHECK (length(scopes) <= 10000)
);

-- authentication looks every token up by hash; unique, so one secret is one token
CREATE UNIQUE INDEX api_tokens_secret_hash ON api_tokens (secret_hash);
-- the listing, oldest first
CREATE INDEX api_tokens_created ON api_tokens (created_at, id);

-- Programs and the revisions every update keeps. Images are blobs; only keys and facts are here.
CREATE TABLE programs (
    id                    text    COLLATE "C" NOT NULL PRIMARY KEY CHECK (length(id) = 26),
    name                  text    COLLATE "C" NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    -- the name as Java lower-cases it (Locale.ROOT), written by the store, for the case-blind search
    name_folded           text    COLLATE "C" NOT NULL,
    description           text    NOT NULL CHECK (length(description) <= 4000),
    config                text    NOT NULL,
    config_schema_version integer NOT NULL CHECK (config_schema_version >= 0),
    config_sha256         text    NOT NULL CHECK (length(config_sha256) = 64),
    active                boolean NOT NULL,
    version               bigint  NOT NULL CHECK (version >= 1),
    external_ref          text    COLLATE "C" CHECK (external_ref IS NULL OR length(external_ref) BETWEEN 1 AND 255),
    image_blob            text    COLLATE "C" CHECK (image_blob IS NULL OR length(image_blob) BETWEEN 1 AND 512),
    image_mime_type       text    CHECK (image_mime_type IS NULL OR length(image_mime_type) BETWEEN 3 AND 255),
    image_size            bigint  CHECK (image_size IS NULL OR image_size >= 0),
    image_sha256          text    CHECK (image_sha256 IS NULL OR length(image_sha256) = 64),
    image_width           integer CHECK (image_width IS NULL OR image_width >= 0),
    image_height          integer CHECK (image_height IS NULL OR image_height >= 0),
    thumbnail_blob        text    COLLATE "C" CHECK (thumbnail_blob IS NULL OR length(thumbnail_blob) BETWEEN 1 AND 512),
    created_at            bigint  NOT NULL,
    updated_at            bigint  NOT NULL,
    updated_by            text    NOT NULL CHECK (length(updated_by) BETWEEN 1 AND 64),
    CHECK ((image_blob IS NULL) = (image_mime_type IS NULL) AND (image_blob IS NULL) = (image_size IS NULL)
        AND (image_blob IS NULL) = (image_sha256 IS NULL) AND (image_blob IS NULL) = (image_width IS NULL)
        AND (image_blob IS NULL) = (image_height IS NULL)),
    CHECK (thumbnail_blob IS NULL OR image_blob IS NOT NULL)
);

CREATE UNIQUE INDEX programs_name ON programs (name);
CREATE INDEX programs_active_name ON programs (name) WHERE active;
CREATE UNIQUE INDEX programs_external_ref ON programs (external_ref) WHERE external_ref IS NOT NULL;
CREATE INDEX programs_image_blob ON programs (image_blob) WHERE image_blob IS NOT NULL;
CREATE INDEX programs_thumbnail_blob ON programs (thumbnail_blob) WHERE thumbnail_blob IS NOT NULL;

CREATE TABLE program_revisions (
    program_id            text    COLLATE "C" NOT NULL REFERENCES programs (id),
    version               bigint  NOT NULL CHECK (version >= 1),
    name                  text    COLLATE "C" NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    description           text    NOT NULL CHECK (length(description) <= 4000),
    config                text    NOT NULL,
    config_schema_version integer NOT NULL CHECK (config_schema_version >= 0),
    config_sha256         text    NOT NULL CHECK (length(config_sha256) = 64),
    active                boolean NOT NULL,
    image_blob            text    COLLATE "C" CHECK (image_blob IS NULL OR length(image_blob) BETWEEN 1 AND 512),
    image_mime_type       text    CHECK (image_mime_type IS NULL OR length(image_mime_type) BETWEEN 3 AND 255),
    image_size            bigint  CHECK (image_size IS NULL OR image_size >= 0),
    image_sha256          text    CHECK (image_sha256 IS NULL OR length(image_sha256) = 64),
    image_width           integer CHECK (image_width IS NULL OR image_width >= 0),
    image_height          integer CHECK (image_height IS NULL OR image_height >= 0),
    thumbnail_blob        text    COLLATE "C" CHECK (thumbnail_blob IS NULL OR length(thumbnail_blob) BETWEEN 1 AND 512),
    updated_at            bigint  NOT NULL,
    updated_by            text    NOT NULL CHECK (length(updated_by) BETWEEN 1 AND 64),
    PRIMARY KEY (program_id, version),
    CHECK ((image_blob IS NULL) = (image_mime_type IS NULL) AND (image_blob IS NULL) = (image_size IS NULL)
        AND (image_blob IS NULL) = (image_sha256 IS NULL) AND (image_blob IS NULL) = (image_width IS NULL)
        AND (image_blob IS NULL) = (image_height IS NULL)),
    CHECK (thumbnail_blob IS NULL OR image_blob IS NOT NULL)
);

CREATE INDEX program_revisions_image_blob ON program_revisions (image_blob) WHERE image_blob IS NOT NULL;
CREATE INDEX program_revisions_thumbnail_blob ON program_revisions (thumbnail_blob) WHERE thumbnail_blob IS NOT NULL;

-- The catalog of backups (the target's manifests are the truth on what exists).
CREATE TABLE backups (
    id              text    COLLATE "C" NOT NULL PRIMARY KEY CHECK (length(id) = 26),
    created_at      bigint  NOT NULL,
    label           text    NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
    format_version  integer NOT NULL CHECK (format_version >= 1),
    app_version     text    NOT NULL,
    schema_version  text    NOT NULL,
    -- rows per table, a JSON object of table name to count
    counts          text    NOT NULL CHECK (jsonb_typeof(counts::jsonb) = 'object'),
    total_bytes     bigint  NOT NULL CHECK (total_bytes >= 0),
    written_bytes   bigint  NOT NULL CHECK (written_bytes >= 0),
    manifest_sha256 text    CHECK (manifest_sha256 IS NULL OR length(manifest_sha256) = 64),
    location        text    NOT NULL,
    status          text    NOT NULL CHECK (status IN ('IN_PROGRESS', 'COMPLETE', 'FAILED')),
    verified_at     bigint,
    verify_ok       boolean,
    verify_sample   integer CHECK (verify_sample BETWEEN 1 AND 100),
    verify_detail   text,
    CHECK ((verified_at IS NULL) = (verify_ok IS NULL) AND (verified_at IS NULL) = (verify_sample IS NULL)
        AND (verified_at IS NULL) = (verify_detail IS NULL))
);

-- the listing, newest first
CREATE INDEX backups_created ON backups (created_at, id);
