package dev.stowage.testing;

import dev.stowage.application.port.out.BackupCatalog;
import dev.stowage.domain.backup.Backup;
import dev.stowage.domain.backup.BackupId;
import dev.stowage.domain.common.Checks;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link BackupCatalog} in memory: for tests, including an application's own tests. Thread-safe;
 * passes {@code BackupCatalogContract}. "Newest" means latest {@code createdAt}, then greatest id.
 */
public final class InMemoryBackupCatalog implements BackupCatalog {
    private static final Comparator<Backup> NEWEST_FIRST =
            Comparator.comparing(Backup::createdAt).thenComparing(Backup::id).reversed();

    private final Map<BackupId, Backup> backups = new HashMap<>();

    @Override
    public synchronized void save(Backup backup) {
        Checks.present(backup, "backup");
        backups.put(backup.id(), backup);
    }

    @Override
    public synchronized Optional<Backup> find(BackupId id) {
        Checks.present(id, "backup id");
        return Optional.ofNullable(backups.get(id));
    }

    @Override
    public synchronized List<Backup> list() {
        return backups.values().stream().sorted(NEWEST_FIRST).toList();
    }

    @Override
    public synchronized boolean delete(BackupId id) {
        Checks.present(id, "backup id");
        return backups.remove(id) != null;
    }
}
