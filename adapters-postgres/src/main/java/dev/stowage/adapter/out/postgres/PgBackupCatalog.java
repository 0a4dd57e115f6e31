package dev.stowage.adapter.out.postgres;

import dev.stowage.adapter.out.postgres.DataTables.Backups;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jooq.Field;
import org.jooq.Record;

/** The backup catalog in {@code backups} (V2). */
final class PgBackupCatalog implements BackupCatalog {
    private final Db db;

    PgBackupCatalog(Db db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public void save(Backup backup) {
        Checks.present(backup, "backup");
        Map<Field<?>, Object> row = toRow(backup);
        db.write(ctx -> ctx.insertInto(Backups.T).set(row)
                .onConflict(Backups.ID).doUpdate().set(row)
                .execute());
    }

    @Override
    public Optional<Backup> find(BackupId id) {
        Checks.present(id, "backup id");
        return db.read(ctx -> ctx.select(Backups.ALL).from(Backups.T).where(Backups.ID.eq(id.value()))
                .fetchOptional(PgBackupCatalog::toBackup));
    }

    @Override
    public List<Backup> list() {
        return db.read(ctx -> ctx.select(Backups.ALL).from(Backups.T).orderBy(Backups.CREATED_AT.desc(), Backups.ID.desc())
                .fetch(PgBackupCatalog::toBackup));
    }

    @Override
    public boolean delete(BackupId id) {
        Checks.present(id, "backup id");
        return db.write(ctx -> ctx.deleteFrom(Backups.T).where(Backups.ID.eq(id.value())).execute()) > 0;
    }

    static Map<Field<?>, Object> toRow(Backup b) {
        Map<Field<?>, Object> r = new LinkedHashMap<>();
        r.put(Backups.ID, b.id().value());
        r.put(Backups.CREATED_AT, EpochTime.nanos(b.createdAt(), "createdAt"));
        r.put(Backups.LABEL, StoredText.require(b.label(), "backup label"));
        r.put(Backups.FORMAT_VERSION, b.formatVersion());
        r.put(Backups.APP_VERSION, StoredText.require(b.appVersion(), "app version"));
        r.put(Backups.SCHEMA_VERSION, StoredText.require(b.schemaVersion(), "schema version"));
        r.put(Backups.COUNTS, Json.write(new TreeMap<>(b.counts())));
        r.put(Backups.TOTAL_BYTES, b.totalBytes());
        r.put(Backups.WRITTEN_BYTES, b.writtenBytes());
        r.put(Backups.MANIFEST_SHA256, b.manifestSha256().map(Sha256::hex).orElse(null));
        r.put(Backups.LOCATION, StoredText.require(b.location(), "backup location"));
        r.put(Backups.STATUS, b.status().name());
        Optional<Verification> v = b.lastVerification();
        r.put(Backups.VERIFIED_AT, v.map(x -> EpochTime.nanos(x.at(), "verification time")).orElse(null));
        r.put(Backups.VERIFY_OK, v.map(Verification::ok).orElse(null));
        r.put(Backups.VERIFY_SAMPLE, v.map(Verification::samplePercent).orElse(null));
        r.put(Backups.VERIFY_DETAIL, v.map(x -> StoredText.require(x.detail(), "verification detail")).orElse(null));
        return r;
    }

    static Backup toBackup(Record r) {
        var counts = new TreeMap<String, Long>();
        for (Map.Entry<String, Object> e : Json.parseObject(r.get(Backups.COUNTS), "backup counts").entrySet()) {
            counts.put(e.getKey(), ((BigDecimal) e.getValue()).longValueExact());
        }
        Optional<Verification> verification = r.get(Backups.VERIFIED_AT) == null ? Optional.empty()
                : Optional.of(new Verification(EpochTime.instantOfNanos(r.get(Backups.VERIFIED_AT)), r.get(Backups.VERIFY_OK),
                        r.get(Backups.VERIFY_SAMPLE), r.get(Backups.VERIFY_DETAIL)));
        return new Backup(new BackupId(r.get(Backups.ID)), EpochTime.instantOfNanos(r.get(Backups.CREATED_AT)), r.get(Backups.LABEL),
                r.get(Backups.FORMAT_VERSION), r.get(Backups.APP_VERSION), r.get(Backups.SCHEMA_VERSION), counts,
                r.get(Backups.TOTAL_BYTES), r.get(Backups.WRITTEN_BYTES),
                Optional.ofNullable(r.get(Backups.MANIFEST_SHA256)).map(Sha256::new), r.get(Backups.LOCATION),
                BackupStatus.valueOf(r.get(Backups.STATUS)), verification);
    }
}
