package dev.stowage.application.service.backup;

import dev.stowage.application.concurrent.DaemonThreads;
import dev.stowage.application.port.in.backup.RestoreResult;
import dev.stowage.application.port.out.BackupTarget;
import dev.stowage.application.port.out.BlobStore;
import dev.stowage.application.port.out.BlobStore.PutOptions;
import dev.stowage.application.port.out.DataFolders;
import dev.stowage.application.port.out.DatabaseSnapshots;
import dev.stowage.application.port.out.DatabaseSnapshots.SnapshotFacts;
import dev.stowage.domain.backup.BackupId;
import dev.stowage.domain.backup.BackupManifest;
import dev.stowage.domain.backup.BlobEntry;
import dev.stowage.domain.backup.SnapshotEntry;
import dev.stowage.domain.error.ChecksumMismatchException;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.error.NotFoundException;
import dev.stowage.domain.error.StorageCorruptException;
import dev.stowage.domain.error.StorageUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Restores a backup into a data folder in the standard layout ({@code stowage.db} and
 * {@code blobs/} in the folder): builds and checks the new state beside it, then switches it in
 * with {@link DataFolderSwitch}.
 */
final class Restorer {
    private static final System.Logger LOG = System.getLogger(Restorer.class.getName());

    private final BackupTarget target;
    private final DatabaseSnapshots snapshots;
    private final DataFolders folders;
    private final BackupSettings settings;

    Restorer(BackupTarget target, DatabaseSnapshots snapshots, DataFolders folders, BackupSettings settings) {
        this.target = target;
        this.snapshots = snapshots;
        this.folders = folders;
        this.settings = settings;
    }

    RestoreResult restore(BackupId id, Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        if (dir.getParent() == null) {
            throw new InvalidInputException("the data folder must not be the root of the file system");
        }
        BackupManifest manifest = BackupManifest.parse(new String(target.readManifest(id), StandardCharsets.UTF_8));
        try {
            boolean inPlace = Files.exists(dir.resolve(DataFolderSwitch.DB_FILE));
            if (Files.exists(dir) && !inPlace && !emptyFolder(dir)) {
                throw new InvalidInputException("'" + dir + "' is neither an empty folder nor a data folder (it has no "
                        + DataFolderSwitch.DB_FILE + "); restore into a new folder or into a data folder");
            }
            Files.createDirectories(dir);
            try (DataFolders.Held held = folders.lock(dir)) {
                DataFolderSwitch.recover(dir);
                Path staging = dir.resolveSibling(dir.getFileName() + ".restore-" + id.value().toLowerCase(Locale.ROOT));
                DataFolderSwitch.deleteTree(staging);
                Files.createDirectories(staging);
                try {
                    Path db = staging.resolve(DataFolderSwitch.DB_FILE);
                    copySnapshot(manifest.snapshot(), db);
                    // schema, integrity_check and foreign_key_check read the database beside the blobs' copy
                    CompletableFuture<SnapshotFacts> checked = CompletableFuture.supplyAsync(() -> snapshots.inspect(db),
                            r -> DaemonThreads.daemon(r, "restore-check").start());
                    long count;
                    SnapshotFacts facts;
                    try {
                        count = copyBlobs(manifest.blobs(), folders.blobFolder(staging.resolve(DataFolderSwitch.BLOBS)));
                    } finally {
                        // it reads the file: it ends before the file is migrated or deleted, whatever happened
                        facts = joinQuietly(checked);
                    }
                    facts = facts != null ? facts : BackupService.join(checked);
                    List<String> migrations = snapshots.migrate(db);
                    if (!migrations.isEmpty()) {
                        // the file changed: the checks run again on what is switched in
                        facts = snapshots.inspect(db);
                    }
                    if (!facts.sound()) {
                        throw new StorageCorruptException("the restored database fails its checks (integrity_check: "
                                + facts.integrityCheck() + "; foreign_key_check: " + facts.foreignKeyErrors()
                                + " rows); nothing was changed", null);
                    }
                    sync(db);
                    DataFolderSwitch.fsyncDirectory(staging);
                    DataFolderSwitch.switchIn(dir, staging, id.value());
                    LOG.log(Level.INFO, () -> "backup " + id + " restored into " + dir + (inPlace ? " in place" : "")
                            + (migrations.isEmpty() ? "" : ", migrated through " + migrations));
                    return new RestoreResult(id, dir, facts.schemaVersion(), migrations, count);
                } finally {
                    DataFolderSwitch.deleteTree(staging);
                }
            }
        } catch (IOException e) {
            throw new StorageUnavailableException("restoring backup " + id + " into " + dir + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Checks an imported backup's snapshot before it is recorded: its digest, and that it is a
     * database of a schema this build can restore whose integrity_check passes.
     */
    void checkSnapshot(BackupManifest manifest) {
        Path copy = settings.tmpDir().resolve("import-" + manifest.id().value().toLowerCase(Locale.ROOT) + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".db");
        try {
            Files.createDirectories(settings.tmpDir());
            copySnapshot(manifest.snapshot(), copy);
            SnapshotFacts facts = snapshots.inspect(copy);
            if (!facts.integrityCheck().equals("ok")) {
                throw new InvalidInputException("the archive's snapshot fails integrity_check: " + facts.integrityCheck());
            }
        } catch (IOException e) {
            throw new StorageUnavailableException("checking the imported snapshot failed: " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(copy);
            } catch (IOException e) {
                LOG.log(Level.WARNING, () -> "could not delete " + copy + ": " + e.getMessage());
            }
        }
    }

    /**
     * Reassembles the snapshot into {@code file} (a new one), every part checked on the way, and the
     * whole (a format 4 snapshot's digest is its chunk list's, which the manifest checked: its parts are the whole).
     */
    private void copySnapshot(SnapshotEntry snapshot, Path file) throws IOException {
        try {
            if (snapshot.packed()) {
                // its packs read in parallel, each in runs
                SnapshotChunks.assemble(target, snapshot, file, settings.writeThreads());
                return;
            }
            try (InputStream in = SnapshotChunks.open(target, snapshot);
                 OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                Digests.transfer(in, out);
            }
        } catch (Digests.Mismatch e) {
            throw new ChecksumMismatchException("the backup's snapshot is corrupt at " + target.describe() + ": " + e.getMessage()
                    + "; nothing was changed");
        } catch (NotFoundException e) {
            throw new StorageCorruptException("the backup lacks an object of its snapshot at " + target.describe() + " ("
                    + e.getMessage() + "); nothing was changed", e);
        }
    }

    private long copyBlobs(List<BlobEntry> blobs, BlobStore store) {
        long count = 0;
        for (BlobEntry b : blobs) {
            try (InputStream in = openObject(b.key().value(), b.sha256())) {
                store.put(b.key(), in, PutOptions.unlimited().withExpectedSize(b.size()).withExpectedSha256(b.sha256()));
                count++;
            } catch (ChecksumMismatchException e) {
                throw new ChecksumMismatchException("the backup's object for blob '" + b.key() + "' is corrupt at "
                        + target.describe() + "; nothing was changed");
            } catch (IOException e) {
                throw new StorageUnavailableException("reading blob '" + b.key() + "' from the backup failed: " + e.getMessage(), e);
            }
        }
        return count;
    }

    private InputStream openObject(String what, dev.stowage.domain.common.Sha256 sha) {
        try {
            return target.openObject(sha);
        } catch (NotFoundException e) {
            throw new StorageCorruptException("the backup lacks object " + sha + " (" + what + ") at " + target.describe()
                    + "; nothing was changed", e);
        }
    }

    private static SnapshotFacts joinQuietly(CompletableFuture<SnapshotFacts> checked) {
        return checked.handle((facts, e) -> facts).join();
    }

    private static void sync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    private static boolean emptyFolder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }
}
