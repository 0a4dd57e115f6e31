package dev.stowage.adapter.out.sqlite;

import static dev.stowage.adapter.out.sqlite.schema.Tables.BACKUPS;

import dev.stowage.adapter.out.sqlite.engine.Db;
import dev.stowage.adapter.out.sqlite.schema.tables.records.BackupsRecord;
import dev.stowage.application.port.out.BackupCatalog;
import dev.stowage.domain.backup.Backup;
import dev.stowage.domain.backup.BackupId;
import dev.stowage.domain.backup.BackupStatus;
import dev.stowage.domain.backup.Verification;
import dev.stowage.domain.common.Checks;
import dev.stowage.domain.common.EpochTime;
import dev.stowage.domain.common.Json;
import dev.stowage.domain.common.Sha256;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** The backup catalog in the {@code backups} table (V10). */
final class SqliteBackupCatalog implements BackupCatalog {
    private final Db db;

    SqliteBackupCatalog(Db db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public void save(Backup backup) {
        Checks.present(backup, "backup");
        BackupsRecord row = toRecord(backup);
        db.write(ctx -> ctx.insertInto(BACKUPS).set(row)
                .onConflict(BACKUPS.ID).doUpdate().set(row)
                .execute());
    }

    @Override
    public Optional<Backup> find(BackupId id) {
        Checks.present(id, "backup id");
        return db.read(ctx -> ctx.selectFrom(BACKUPS).where(BACKUPS.ID.eq(id.value()))
                .fetchOptional(SqliteBackupCatalog::toBackup));
    }

    @Override
    public List<Backup> list() {
        return db.read(ctx -> ctx.selectFrom(BACKUPS).orderBy(BACKUPS.CREATED_AT.desc(), BACKUPS.ID.desc())
                .fetch(SqliteBackupCatalog::toBackup));
    }

    @Override
    public boolean delete(BackupId id) {
        Checks.present(id, "backup id");
        return db.write(ctx -> ctx.deleteFrom(BACKUPS).where(BACKUPS.ID.eq(id.value())).execute()) > 0;
    }

    private static BackupsRecord toRecord(Backup b) {
        BackupsRecord r = new BackupsRecord();
        r.setId(b.id().value());
        r.setCreatedAt(EpochTime.nanos(b.createdAt(), "createdAt"));
        r.setLabel(WellFormedText.require(b.label(), "backup label"));
        r.setFormatVersion((long) b.formatVersion());
        r.setAppVersion(b.appVersion());
        r.setSchemaVersion(b.schemaVersion());
        r.setCounts(Json.write(new TreeMap<>(b.counts())));
        r.setTotalBytes(b.totalBytes());
        r.setWrittenBytes(b.writtenBytes());
        r.setManifestSha256(b.manifestSha256().map(Sha256::hex).orElse(null));
        r.setLocation(b.location());
        r.setStatus(b.status().name());
        b.lastVerification().ifPresent(v -> {
            r.setVerifiedAt(EpochTime.nanos(v.at(), "verification time"));
            r.setVerifyOk(v.ok() ? 1L : 0L);
            r.setVerifySample((long) v.samplePercent());
            r.setVerifyDetail(v.detail());
        });
        return r;
    }

    private static Backup toBackup(BackupsRecord r) {
        var counts = new TreeMap<String, Long>();
        for (Map.Entry<String, Object> e : Json.parseObject(r.getCounts(), "backup counts").entrySet()) {
            counts.put(e.getKey(), ((BigDecimal) e.getValue()).longValueExact());
        }
        Optional<Verification> verification = r.getVerifiedAt() == null ? Optional.empty()
                : Optional.of(new Verification(EpochTime.instantOfNanos(r.getVerifiedAt()), r.getVerifyOk() == 1L,
                        r.getVerifySample().intValue(), r.getVerifyDetail()));
        return new Backup(new BackupId(r.getId()), EpochTime.instantOfNanos(r.getCreatedAt()), r.getLabel(),
                r.getFormatVersion().intValue(), r.getAppVersion(), r.getSchemaVersion(), counts, r.getTotalBytes(),
                r.getWrittenBytes(), Optional.ofNullable(r.getManifestSha256()).map(Sha256::new), r.getLocation(),
                BackupStatus.valueOf(r.getStatus()), verification);
    }
}
