package dev.stowage.adapter.out.sqlite;

import static dev.stowage.adapter.out.sqlite.schema.Tables.RESUMABLE_UPLOADS;

import dev.stowage.adapter.out.sqlite.engine.Db;
import dev.stowage.adapter.out.sqlite.engine.UniqueClash;
import dev.stowage.adapter.out.sqlite.schema.tables.records.ResumableUploadsRecord;
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
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/** Resumable uploads' bookkeeping in the {@code resumable_uploads} table (V3; concatenation V11; purpose V12). */
final class SqliteUploadSessions implements UploadSessions {
    private final Db db;

    SqliteUploadSessions(Db db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public void create(ResumableUpload upload) {
        Checks.present(upload, "upload");
        ResumableUploadsRecord row = toRecord(upload);
        db.write(ctx -> UniqueClash.explained(
                () -> ctx.insertInto(RESUMABLE_UPLOADS).set(row).execute(),
                () -> new AlreadyExistsException("upload id '" + upload.id() + "' is already taken")));
    }

    @Override
    public Optional<ResumableUpload> find(UploadId id) {
        Checks.present(id, "upload id");
        return db.read(ctx -> ctx.selectFrom(RESUMABLE_UPLOADS).where(RESUMABLE_UPLOADS.ID.eq(id.value()))
                .fetchOptional(SqliteUploadSessions::toUpload));
    }

    @Override
    public ResumableUpload advance(UploadId id, long expectedOffset, long newOffset) {
        Checks.present(id, "upload id");
        return db.write(ctx -> {
            // compare-and-set on the offset: of two retries of one chunk, exactly one moves it
            Optional<ResumableUpload> moved = ctx.update(RESUMABLE_UPLOADS)
                    .set(RESUMABLE_UPLOADS.UPLOAD_OFFSET, newOffset)
                    .where(RESUMABLE_UPLOADS.ID.eq(id.value()).and(RESUMABLE_UPLOADS.UPLOAD_OFFSET.eq(expectedOffset)))
                    .returning()
                    .fetchOptional(SqliteUploadSessions::toUpload);
            if (moved.isPresent()) {
                return moved.get();
            }
            Long actual = ctx.select(RESUMABLE_UPLOADS.UPLOAD_OFFSET).from(RESUMABLE_UPLOADS)
                    .where(RESUMABLE_UPLOADS.ID.eq(id.value())).fetchOne(RESUMABLE_UPLOADS.UPLOAD_OFFSET);
            if (actual == null) {
                throw NotFoundException.of("upload", id);
            }
            throw new ConflictException("upload '" + id + "' is at offset " + actual + ", not " + expectedOffset);
        });
    }

    @Override
    public boolean delete(UploadId id) {
        Checks.present(id, "upload id");
        return db.write(ctx -> ctx.deleteFrom(RESUMABLE_UPLOADS).where(RESUMABLE_UPLOADS.ID.eq(id.value())).execute()) > 0;
    }

    @Override
    public List<ResumableUpload> expired(Instant now, int limit) {
        Checks.present(now, "now");
        Checks.range(limit, 1, Integer.MAX_VALUE, "limit");
        long cutoff = EpochTime.nanos(now, "now");
        return db.read(ctx -> ctx.selectFrom(RESUMABLE_UPLOADS)
                .where(RESUMABLE_UPLOADS.EXPIRES_AT.le(cutoff))
                .orderBy(RESUMABLE_UPLOADS.EXPIRES_AT, RESUMABLE_UPLOADS.ID)
                .limit(limit)
                .fetch(SqliteUploadSessions::toUpload));
    }

    private static ResumableUploadsRecord toRecord(ResumableUpload u) {
        ResumableUploadsRecord r = new ResumableUploadsRecord();
        r.setId(u.id().value());
        r.setOwner(u.owner().value());
        r.setLength(u.length());
        r.setUploadOffset(u.offset());
        r.setName(WellFormedText.require(u.name().value(), "document name"));
        r.setFileName(WellFormedText.require(u.fileName().value(), "file name"));
        r.setMimeType(u.mimeType().value());
        r.setVisibility(u.visibility().name());
        r.setMetadata(SqliteDocumentCatalog.metadataJson(u.metadata()));
        r.setExpectedSha256(u.expectedSha256().map(Sha256::hex).orElse(null));
        r.setCreatedAt(EpochTime.nanos(u.createdAt(), "createdAt"));
        r.setExpiresAt(EpochTime.nanos(u.expiresAt(), "expiresAt"));
        r.setConcat(u.concat().kind().name().toLowerCase(Locale.ROOT));
        r.setConcatParts(u.concat().isFinal()
                ? u.concat().parts().stream().map(UploadId::value).collect(Collectors.joining(" "))
                : null);
        r.setPurpose(u.purpose() == UploadPurpose.BACKUP_ARCHIVE ? "backup-archive" : "document");
        return r;
    }

    private static ResumableUpload toUpload(ResumableUploadsRecord r) {
        return new ResumableUpload(new UploadId(r.getId()), new UserId(r.getOwner()), r.getLength(), r.getUploadOffset(),
                new DocumentName(r.getName()), new FileName(r.getFileName()), new MimeType(r.getMimeType()),
                Visibility.valueOf(r.getVisibility()), UserMetadata.ofStoredJson(r.getMetadata(), r.getId()),
                Optional.ofNullable(r.getExpectedSha256()).map(Sha256::new),
                EpochTime.instantOfNanos(r.getCreatedAt()), EpochTime.instantOfNanos(r.getExpiresAt()), concatOf(r),
                "backup-archive".equals(r.getPurpose()) ? UploadPurpose.BACKUP_ARCHIVE : UploadPurpose.DOCUMENT);
    }

    private static UploadConcat concatOf(ResumableUploadsRecord r) {
        return switch (r.getConcat()) {
            case "partial" -> UploadConcat.PARTIAL;
            case "final" -> UploadConcat.finalOf(Arrays.stream(r.getConcatParts().split(" ")).map(UploadId::new).toList());
            default -> UploadConcat.NONE;
        };
    }
}
