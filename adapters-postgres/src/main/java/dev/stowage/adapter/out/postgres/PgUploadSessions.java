package dev.stowage.adapter.out.postgres;

import dev.stowage.adapter.out.postgres.DataTables.Uploads;
import dev.stowage.application.port.out.UploadSessions;
import dev.stowage.domain.common.Checks;
import dev.stowage.domain.common.EpochTime;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.document.DocumentName;
import dev.stowage.domain.document.FileName;
import dev.stowage.domain.document.MimeType;
import dev.stowage.domain.document.ResumableUpload;
import dev.stowage.domain.document.UploadConcat;
import dev.stowage.domain.document.UploadId;
import dev.stowage.domain.document.UploadPurpose;
import dev.stowage.domain.document.UserMetadata;
import dev.stowage.domain.document.Visibility;
import dev.stowage.domain.error.AlreadyExistsException;
import dev.stowage.domain.error.ConflictException;
import dev.stowage.domain.error.NotFoundException;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jooq.Field;
import org.jooq.Record;

/** Resumable uploads' bookkeeping in {@code resumable_uploads} (V2), with concatenation and purpose. */
final class PgUploadSessions implements UploadSessions {
    private final Db db;

    PgUploadSessions(Db db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public void create(ResumableUpload upload) {
        Checks.present(upload, "upload");
        Map<Field<?>, Object> row = toRow(upload);
        db.write(ctx -> UniqueClashes.explained(ctx,
                () -> ctx.insertInto(Uploads.T).set(row).execute(),
                () -> new AlreadyExistsException("upload id '" + upload.id() + "' is already taken")));
    }

    @Override
    public Optional<ResumableUpload> find(UploadId id) {
        Checks.present(id, "upload id");
        return db.read(ctx -> ctx.select(Uploads.ALL).from(Uploads.T).where(Uploads.ID.eq(id.value()))
                .fetchOptional(PgUploadSessions::toUpload));
    }

    @Override
    public ResumableUpload advance(UploadId id, long expectedOffset, long newOffset) {
        Checks.present(id, "upload id");
        return db.write(ctx -> {
            // compare-and-set on the offset: of two retries of one chunk (even on two instances), one moves it;
            // under read committed the loser re-reads the winner's row and finds the offset moved
            Optional<ResumableUpload> moved = ctx.update(Uploads.T)
                    .set(Uploads.UPLOAD_OFFSET, newOffset)
                    .where(Uploads.ID.eq(id.value()).and(Uploads.UPLOAD_OFFSET.eq(expectedOffset)))
                    .returning(Uploads.ALL)
                    .fetchOptional(PgUploadSessions::toUpload);
            if (moved.isPresent()) {
                return moved.get();
            }
            Long actual = ctx.select(Uploads.UPLOAD_OFFSET).from(Uploads.T).where(Uploads.ID.eq(id.value()))
                    .fetchOne(Uploads.UPLOAD_OFFSET);
            if (actual == null) {
                throw NotFoundException.of("upload", id);
            }
            throw new ConflictException("upload '" + id + "' is at offset " + actual + ", not " + expectedOffset);
        });
    }

    @Override
    public boolean delete(UploadId id) {
        Checks.present(id, "upload id");
        return db.write(ctx -> ctx.deleteFrom(Uploads.T).where(Uploads.ID.eq(id.value())).execute()) > 0;
    }

    @Override
    public List<ResumableUpload> expired(Instant now, int limit) {
        Checks.present(now, "now");
        Checks.range(limit, 1, Integer.MAX_VALUE, "limit");
        long cutoff = EpochTime.nanos(now, "now");
        return db.read(ctx -> ctx.select(Uploads.ALL).from(Uploads.T)
                .where(Uploads.EXPIRES_AT.le(cutoff))
                .orderBy(Uploads.EXPIRES_AT, Uploads.ID)
                .limit(limit)
                .fetch(PgUploadSessions::toUpload));
    }

    static Map<Field<?>, Object> toRow(ResumableUpload u) {
        Map<Field<?>, Object> r = new LinkedHashMap<>();
        r.put(Uploads.ID, u.id().value());
        r.put(Uploads.OWNER, u.owner().value());
        r.put(Uploads.LENGTH, u.length());
        r.put(Uploads.UPLOAD_OFFSET, u.offset());
        r.put(Uploads.NAME, StoredText.require(u.name().value(), "document name"));
        r.put(Uploads.FILE_NAME, StoredText.require(u.fileName().value(), "file name"));
        r.put(Uploads.MIME_TYPE, u.mimeType().value());
        r.put(Uploads.VISIBILITY, u.visibility().name());
        r.put(Uploads.METADATA, PgDocumentCatalog.metadataJson(u.metadata()));
        r.put(Uploads.EXPECTED_SHA256, u.expectedSha256().map(Sha256::hex).orElse(null));
        r.put(Uploads.CREATED_AT, EpochTime.nanos(u.createdAt(), "createdAt"));
        r.put(Uploads.EXPIRES_AT, EpochTime.nanos(u.expiresAt(), "expiresAt"));
        r.put(Uploads.CONCAT, u.concat().kind().name().toLowerCase(Locale.ROOT));
        r.put(Uploads.CONCAT_PARTS, u.concat().isFinal()
                ? u.concat().parts().stream().map(UploadId::value).collect(Collectors.joining(" "))
                : null);
        r.put(Uploads.PURPOSE, u.purpose() == UploadPurpose.BACKUP_ARCHIVE ? "backup-archive" : "document");
        return r;
    }

    static ResumableUpload toUpload(Record r) {
        String id = r.get(Uploads.ID);
        return new ResumableUpload(new UploadId(id), new UserId(r.get(Uploads.OWNER)), r.get(Uploads.LENGTH),
                r.get(Uploads.UPLOAD_OFFSET), new DocumentName(r.get(Uploads.NAME)), new FileName(r.get(Uploads.FILE_NAME)),
                new MimeType(r.get(Uploads.MIME_TYPE)), Visibility.valueOf(r.get(Uploads.VISIBILITY)),
                UserMetadata.ofStoredJson(r.get(Uploads.METADATA), id),
                Optional.ofNullable(r.get(Uploads.EXPECTED_SHA256)).map(Sha256::new),
                EpochTime.instantOfNanos(r.get(Uploads.CREATED_AT)), EpochTime.instantOfNanos(r.get(Uploads.EXPIRES_AT)), concatOf(r),
                "backup-archive".equals(r.get(Uploads.PURPOSE)) ? UploadPurpose.BACKUP_ARCHIVE : UploadPurpose.DOCUMENT);
    }

    private static UploadConcat concatOf(Record r) {
        return switch (r.get(Uploads.CONCAT)) {
            case "partial" -> UploadConcat.PARTIAL;
            case "final" -> UploadConcat.finalOf(Arrays.stream(r.get(Uploads.CONCAT_PARTS).split(" ")).map(UploadId::new).toList());
            default -> UploadConcat.NONE;
        };
    }
}
