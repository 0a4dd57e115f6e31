package dev.stowage.application.service.backup;

import dev.stowage.application.port.in.backup.ManageBackupsUseCase;
import dev.stowage.application.port.in.backup.RestoreResult;
import dev.stowage.application.port.in.backup.RotationResult;
import dev.stowage.application.port.out.BackupCatalog;
import dev.stowage.application.port.out.BackupTarget;
import dev.stowage.application.port.out.BlobStore;
import dev.stowage.application.port.out.DatabaseAdmin;
import dev.stowage.application.port.out.DatabaseAdmin.CheckpointMode;
import dev.stowage.application.port.out.DatabaseSnapshots;
import dev.stowage.application.port.out.DatabaseSnapshots.BlobReference;
import dev.stowage.application.port.out.DatabaseSnapshots.SnapshotFacts;
import dev.stowage.application.port.out.IdGenerator;
import dev.stowage.domain.backup.Backup;
import dev.stowage.domain.backup.BackupId;
import dev.stowage.domain.backup.BackupManifest;
import dev.stowage.domain.backup.BackupStatus;
import dev.stowage.domain.backup.BlobEntry;
import dev.stowage.domain.backup.RotationPolicy;
import dev.stowage.domain.backup.SnapshotEntry;
import dev.stowage.domain.backup.TargetLock;
import dev.stowage.domain.backup.Verification;
import dev.stowage.domain.blob.BlobKey;
import dev.stowage.domain.common.Checks;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.error.AlreadyExistsException;
import dev.stowage.domain.error.ChecksumMismatchException;
import dev.stowage.domain.error.ConflictException;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.error.NotFoundException;
import dev.stowage.domain.error.StorageCorruptException;
import dev.stowage.domain.error.StorageException;
import dev.stowage.domain.error.StorageUnavailableException;
import dev.stowage.domain.error.TooLargeException;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.GZIPInputStream;

/**
 * Backups on a content-addressed {@link BackupTarget}: see {@link ManageBackupsUseCase}.
 *
 * <p>A backup is the database snapshot and every blob its rows refer to, each stored at the target
 * as an object named by its SHA-256, and a manifest naming them, written last. Objects the target
 * already has are not written again, so a backup after a small change writes little. Blobs whose
 * rows record no size or digest (program thumbnails, small) are read and hashed on every backup to
 * learn them, and copied only when the target lacks that digest. The catalog
 * records backups for listing; the target's manifests decide what exists, and the catalog is
 * brought in line with them before it is listed or rotated.
 *
 * <p>Create, import, delete and rotate take one lock in this process, so they never overlap here.
 * Between processes sharing a target, a backup or import writes a BACKUP lock to the target before
 * it looks at which objects are present, and a rotation writes a PRUNE lock before it looks for
 * backups in progress: of two that start together at least one sees the other, and a prune that
 * sees a backup in progress deletes no object.
 */
public final class BackupService implements ManageBackupsUseCase {
    private static final System.Logger LOG = System.getLogger(BackupService.class.getName());
    /** A blob deleted between the snapshot and its copy means the snapshot is retaken; this often at most. */
    private static final int SNAPSHOT_ATTEMPTS = 3;
    private static final int MAX_PROBLEMS_SHOWN = 5;
    static final String MANIFEST_ENTRY = "manifest.json";
    static final String SNAPSHOT_ENTRY = "snapshot.db";
    static final String OBJECT_PREFIX = "objects/";

    private final BackupTarget target;
    private final BackupCatalog catalog;
    private final DatabaseSnapshots snapshots;
    private final DatabaseAdmin admin;
    private final BlobStore blobs;
    private final Restorer restorer;
    private final IdGenerator ids;
    private final Clock clock;
    private final BackupSettings settings;
    private final ReentrantLock mutex = new ReentrantLock();

    public BackupService(BackupTarget target, BackupCatalog catalog, DatabaseSnapshots snapshots, DatabaseAdmin admin,
                         BlobStore blobs, dev.stowage.application.port.out.DataFolders folders, IdGenerator ids,
                         Clock clock, BackupSettings settings) {
        this.target = Objects.requireNonNull(target, "target");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
        this.admin = Objects.requireNonNull(admin, "admin");
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.restorer = new Restorer(target, snapshots, Objects.requireNonNull(folders, "folders"), settings);
    }

    // ---- create ----

    @Override
    public Backup create(String label) {
        Backup.checkLabel(label);
        mutex.lock();
        try {
            BackupId id = new BackupId(ids.next());
            Instant at = clock.instant();
            Backup started = new Backup(id, at, label, BackupManifest.CURRENT_FORMAT, settings.appVersion(), "unknown",
                    Map.of(), 0, 0, Optional.empty(), target.describe(), BackupStatus.IN_PROGRESS, Optional.empty());
            TargetLock lock = lock(TargetLock.Kind.BACKUP, backupLockId(id));
            try {
                refuseWhilePruning(lock);
                catalog.save(started);
                Backup done = write(id, label, at);
                catalog.save(done);
                LOG.log(Level.INFO, () -> "backup " + id + " complete: " + done.totalBytes() + " bytes, "
                        + done.writtenBytes() + " of them new at " + target.describe());
                return done;
            } catch (RuntimeException e) {
                markFailed(started, e);
                throw e;
            } finally {
                target.deleteLock(lock.id());
            }
        } finally {
            mutex.unlock();
        }
    }

    private Backup write(BackupId id, String label, Instant at) {
        for (int attempt = 1; ; attempt++) {
            Path snap = settings.tmpDir().resolve("backup-" + id.value().toLowerCase(Locale.ROOT) + "-" + attempt + ".db");
            try {
                Files.createDirectories(settings.tmpDir());
                checkpoint();
                snapshots.snapshotTo(snap);
                SnapshotFacts facts = snapshots.inspect(snap);
                if (!facts.integrityCheck().equals("ok")) {
                    throw new StorageCorruptException("the database snapshot failed integrity_check: " + facts.integrityCheck(), null);
                }
                Digests.Digested digest = Digests.of(snap);
                var found = new ArrayList<BlobReference>();
                snapshots.forEachBlob(snap, found::add);
                List<BlobKey> vanished = new ArrayList<>();
                List<BlobEntry> refs = entries(found, vanished);

                long written = 0;
                try (InputStream in = Files.newInputStream(snap)) {
                    if (target.putObject(digest.sha256(), digest.size(), in)) {
                        written += digest.size();
                    }
                }
                written += copyBlobs(refs, vanished);
                if (!vanished.isEmpty()) {
                    if (attempt < SNAPSHOT_ATTEMPTS) {
                        // deleted after the snapshot (metadata first, then bytes): a newer snapshot no longer names them
                        LOG.log(Level.INFO, () -> vanished.size() + " blobs were deleted while backup " + id
                                + " copied them; taking the snapshot again");
                        continue;
                    }
                    throw new StorageUnavailableException("backup " + id + ": " + vanished.size() + " blobs (the first is '"
                            + vanished.get(0) + "') were deleted while they were copied, " + SNAPSHOT_ATTEMPTS
                            + " times over; try again when fewer documents are being deleted", null);
                }
                var manifest = new BackupManifest(BackupManifest.CURRENT_FORMAT, id, label, at, settings.appVersion(),
                        facts.schemaVersion(), facts.rowCounts(),
                        new SnapshotEntry(digest.size(), digest.sha256(), facts.integrityCheck()), refs);
                byte[] bytes = manifest.toJson().getBytes(StandardCharsets.UTF_8);
                // the commit point: every object it names is durable at the target by now
                target.putManifest(id, bytes);
                return Backup.of(manifest, Digests.of(bytes), written, target.describe());
            } catch (IOException e) {
                throw new StorageUnavailableException("backup " + id + ": reading the snapshot failed: " + e.getMessage(), e);
            } finally {
                deleteQuietly(snap);
            }
        }
    }

    /**
     * The manifest's entries for {@code found}: a blob the rows record by key alone (a program's
     * thumbnail) is read from the blob store and hashed here, so the manifest names it with the
     * size and digest of its actual bytes, and {@link #copyBlobs} then stores exactly those bytes
     * under that digest (the target checks them as it writes). Collects the keys the blob store no
     * longer has.
     */
    private List<BlobEntry> entries(List<BlobReference> found, List<BlobKey> vanished) {
        var entries = new ArrayList<BlobEntry>(found.size());
        for (BlobReference ref : found) {
            if (ref.recorded().isPresent()) {
                entries.add(ref.recorded().get());
                continue;
            }
            try (InputStream in = blobs.open(ref.key())) {
                Digests.Digested got = Digests.copy(in, null);
                entries.add(new BlobEntry(ref.key(), got.size(), got.sha256()));
            } catch (NotFoundException gone) {
                vanished.add(ref.key());
            } catch (IOException e) {
                throw new StorageUnavailableException("reading blob '" + ref.key() + "' from the blob store failed: "
                        + e.getMessage(), e);
            }
        }
        return entries;
    }

    /** Copies the blobs the target lacks; collects those the blob store no longer has. */
    private long copyBlobs(List<BlobEntry> refs, List<BlobKey> vanished) throws IOException {
        long written = 0;
        var done = new HashSet<Sha256>();
        for (BlobEntry b : refs) {
            if (!done.add(b.sha256()) || target.objectSize(b.sha256()).isPresent()) {
                continue;
            }
            InputStream in;
            try {
                in = blobs.open(b.key());
            } catch (NotFoundException gone) {
                vanished.add(b.key());
                continue;
            }
            try (in) {
                if (target.putObject(b.sha256(), b.size(), in)) {
                    written += b.size();
                }
            } catch (ChecksumMismatchException e) {
                throw new StorageCorruptException("blob '" + b.key() + "' in the blob store is not the " + b.size()
                        + " bytes with SHA-256 " + b.sha256() + " its record says: " + e.getMessage(), e);
            }
        }
        return written;
    }

    private void checkpoint() {
        try {
            // folds the WAL into the database file first, so the copy reads one file, not the WAL too
            admin.checkpoint(CheckpointMode.FULL);
        } catch (StorageException busy) {
            LOG.log(Level.DEBUG, () -> "checkpoint before a backup did not finish: " + busy.getMessage());
        }
    }

    private void markFailed(Backup started, RuntimeException cause) {
        LOG.log(Level.ERROR, "backup " + started.id() + " failed: " + cause.getMessage());
        try {
            catalog.save(started.withStatus(BackupStatus.FAILED));
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    // ---- list, get, delete ----

    @Override
    public List<Backup> list() {
        mutex.lock();
        try {
            syncCatalog();
            return catalog.list();
        } finally {
            mutex.unlock();
        }
    }

    @Override
    public Backup get(BackupId id) {
        Checks.present(id, "backup id");
        Optional<Backup> found = catalog.find(id);
        if (found.isPresent() && found.get().status() != BackupStatus.IN_PROGRESS) {
            return found.get();
        }
        return list().stream().filter(b -> b.id().equals(id)).findFirst()
                .orElseThrow(() -> NotFoundException.of("backup", id.value()));
    }

    @Override
    public boolean delete(BackupId id) {
        Checks.present(id, "backup id");
        mutex.lock();
        try {
            boolean manifest = target.deleteManifest(id);
            boolean record = catalog.delete(id);
            return manifest || record;
        } finally {
            mutex.unlock();
        }
    }

    /**
     * Brings the catalog in line with the target: a manifest without a complete record gets one
     * (a crash after the manifest, or a restore of an older catalog); a complete record without a
     * manifest is dropped; a record left IN_PROGRESS by a process that is gone becomes FAILED.
     */
    private void syncCatalog() {
        var records = new HashMap<BackupId, Backup>();
        for (Backup b : catalog.list()) {
            records.put(b.id(), b);
        }
        Set<BackupId> present = new HashSet<>(target.manifests());
        for (BackupId id : present) {
            Backup rec = records.get(id);
            if (rec != null && rec.status() == BackupStatus.COMPLETE) {
                continue;
            }
            try {
                byte[] bytes = target.readManifest(id);
                Backup b = Backup.of(BackupManifest.parse(new String(bytes, StandardCharsets.UTF_8)), Digests.of(bytes),
                        rec == null ? 0 : rec.writtenBytes(), target.describe());
                catalog.save(rec == null || rec.lastVerification().isEmpty() ? b : b.withVerification(rec.lastVerification().get()));
            } catch (InvalidInputException | NotFoundException e) {
                LOG.log(Level.WARNING, () -> "backup " + id + " at " + target.describe() + " has an unreadable manifest: "
                        + e.getMessage());
            }
        }
        Set<String> liveLocks = new HashSet<>();
        for (TargetLock l : target.locks()) {
            if (!stale(l)) {
                liveLocks.add(l.id());
            }
        }
        for (Backup rec : records.values()) {
            if (present.contains(rec.id())) {
                continue;
            }
            if (rec.status() == BackupStatus.COMPLETE) {
                catalog.delete(rec.id());
            } else if (rec.status() == BackupStatus.IN_PROGRESS && !liveLocks.contains(backupLockId(rec.id()))) {
                catalog.save(rec.withStatus(BackupStatus.FAILED));
            }
        }
    }

    // ---- verify ----

    @Override
    public Verification verify(BackupId id, int samplePercent) {
        Checks.present(id, "backup id");
        Checks.range(samplePercent, 1, 100, "verify sample percent");
        byte[] bytes = target.readManifest(id);
        Sha256 manifestSha = Digests.of(bytes);
        BackupManifest manifest = BackupManifest.parse(new String(bytes, StandardCharsets.UTF_8));
        var problems = new ArrayList<String>();
        catalog.find(id).flatMap(Backup::manifestSha256).filter(sha -> !sha.equals(manifestSha))
                .ifPresent(sha -> problems.add("the manifest's SHA-256 is " + manifestSha + ", the catalog recorded " + sha));
        if (!manifest.id().equals(id)) {
            problems.add("the manifest names backup " + manifest.id());
        }
        verifySnapshot(id, manifest.snapshot(), problems);

        var others = new ArrayList<Map.Entry<Sha256, Long>>(manifest.objects().entrySet());
        others.removeIf(e -> e.getKey().equals(manifest.snapshot().sha256()));
        if (samplePercent < 100) {
            Collections.shuffle(others, ThreadLocalRandom.current());
            int n = (int) Math.ceil(others.size() * samplePercent / 100.0);
            others = new ArrayList<>(others.subList(0, n));
        }
        for (Map.Entry<Sha256, Long> o : others) {
            checkObject(o.getKey(), o.getValue(), "blob object " + o.getKey(), problems);
        }

        String detail = problems.isEmpty() ? "ok" : String.join("; ", problems.subList(0, Math.min(MAX_PROBLEMS_SHOWN,
                problems.size()))) + (problems.size() > MAX_PROBLEMS_SHOWN ? "; and " + (problems.size() - MAX_PROBLEMS_SHOWN)
                + " more" : "");
        var verification = new Verification(clock.instant(), problems.isEmpty(), samplePercent,
                detail.length() > 4000 ? detail.substring(0, 4000) : detail);
        if (!verification.ok()) {
            LOG.log(Level.ERROR, "backup " + id + " failed verify: " + verification.detail());
        }
        mutex.lock();
        try {
            if (!target.manifests().contains(id)) {
                throw NotFoundException.of("backup", id.value());
            }
            Backup record = catalog.find(id).filter(b -> b.status() == BackupStatus.COMPLETE)
                    .orElseGet(() -> Backup.of(manifest, manifestSha, 0, target.describe()));
            catalog.save(record.withVerification(verification));
        } finally {
            mutex.unlock();
        }
        return verification;
    }

    private void verifySnapshot(BackupId id, SnapshotEntry snapshot, List<String> problems) {
        Path copy = settings.tmpDir().resolve("verify-" + id.value().toLowerCase(Locale.ROOT) + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".db");
        try {
            Files.createDirectories(settings.tmpDir());
            Digests.Digested got;
            try (InputStream in = target.openObject(snapshot.sha256());
                 OutputStream out = Files.newOutputStream(copy)) {
                got = Digests.copy(in, out);
            }
            if (got.size() != snapshot.size() || !got.sha256().equals(snapshot.sha256())) {
                problems.add("the snapshot object " + snapshot.sha256() + " is corrupt (" + got.size() + " bytes with SHA-256 "
                        + got.sha256() + ")");
                return;
            }
            SnapshotFacts facts = snapshots.inspect(copy);
            if (!facts.integrityCheck().equals("ok")) {
                problems.add("the snapshot fails integrity_check: " + facts.integrityCheck());
            }
        } catch (NotFoundException e) {
            problems.add("the snapshot object " + snapshot.sha256() + " is missing");
        } catch (InvalidInputException e) {
            problems.add("the snapshot is not a usable database: " + e.getMessage());
        } catch (IOException | StorageException e) {
            problems.add("the snapshot could not be read: " + e.getMessage());
        } finally {
            deleteQuietly(copy);
        }
    }

    private void checkObject(Sha256 sha, long size, String what, List<String> problems) {
        try (InputStream in = target.openObject(sha)) {
            Digests.Digested got = Digests.copy(in, null);
            if (got.size() != size || !got.sha256().equals(sha)) {
                problems.add(what + " is corrupt (" + got.size() + " bytes with SHA-256 " + got.sha256() + ")");
            }
        } catch (NotFoundException e) {
            problems.add(what + " is missing");
        } catch (IOException | StorageException e) {
            problems.add(what + " could not be read: " + e.getMessage());
        }
    }

    // ---- rotate ----

    @Override
    public RotationResult rotate(RotationPolicy policy, boolean dryRun) {
        Checks.present(policy, "rotation policy");
        mutex.lock();
        try {
            syncCatalog();
            List<Backup> all = catalog.list();
            Set<BackupId> keep = policy.keep(all);
            var kept = new ArrayList<Backup>();
            var deleted = new ArrayList<Backup>();
            for (Backup b : all) {
                if (b.status() == BackupStatus.COMPLETE && keep.contains(b.id())) {
                    kept.add(b);
                } else if (b.status() != BackupStatus.IN_PROGRESS) {
                    deleted.add(b);
                }
            }
            if (!dryRun) {
                for (Backup b : deleted) {
                    // manifest first: a crash between the two leaves a record that the next sync drops
                    target.deleteManifest(b.id());
                    catalog.delete(b.id());
                }
            }
            var gone = new HashSet<BackupId>();
            deleted.forEach(b -> gone.add(b.id()));
            long[] pruned = prune(dryRun, gone);
            var result = new RotationResult(dryRun, kept, deleted, pruned[0], pruned[1], pruned[2] != 0);
            LOG.log(Level.INFO, () -> (dryRun ? "rotation (dry run): would delete " : "rotation: deleted ") + deleted.size()
                    + " backups and " + result.objectsDeleted() + " objects (" + result.bytesFreed() + " bytes), kept "
                    + kept.size() + (result.objectsLeft() ? "; objects left alone while a backup is being written" : ""));
            return result;
        } finally {
            mutex.unlock();
        }
    }

    /** Deletes the objects no remaining manifest names: {objects, bytes, 1 if left alone}. */
    private long[] prune(boolean dryRun, Set<BackupId> deleting) {
        TargetLock lock = dryRun ? null : lock(TargetLock.Kind.PRUNE, "prune-" + ids.next().toLowerCase(Locale.ROOT));
        try {
            boolean backupRunning = target.locks().stream()
                    .anyMatch(l -> l.kind() == TargetLock.Kind.BACKUP && !stale(l));
            if (backupRunning && !dryRun) {
                return new long[] {0, 0, 1};
            }
            var needed = new HashSet<Sha256>();
            for (BackupId id : target.manifests()) {
                if (deleting.contains(id)) {
                    continue;
                }
                try {
                    needed.addAll(BackupManifest.parse(new String(target.readManifest(id), StandardCharsets.UTF_8))
                            .objects().keySet());
                } catch (NotFoundException gone) {
                    // deleted meanwhile: needs nothing
                } catch (InvalidInputException unreadable) {
                    // never delete on doubt: an unreadable manifest may need any object
                    LOG.log(Level.WARNING, () -> "backup " + id + " has an unreadable manifest; no object is pruned");
                    return new long[] {0, 0, 1};
                }
            }
            long count = 0;
            long bytes = 0;
            for (Iterator<Sha256> it = target.objects(); it.hasNext(); ) {
                Sha256 sha = it.next();
                if (needed.contains(sha)) {
                    continue;
                }
                long size = target.objectSize(sha).orElse(0L);
                if (dryRun || target.deleteObject(sha)) {
                    count++;
                    bytes += size;
                }
            }
            if (!dryRun) {
                target.sweepTemporary(settings.lockGrace());
                for (TargetLock l : target.locks()) {
                    if (stale(l)) {
                        target.deleteLock(l.id());
                    }
                }
            }
            return new long[] {count, bytes, backupRunning ? 1 : 0};
        } finally {
            if (lock != null) {
                target.deleteLock(lock.id());
            }
        }
    }

    // ---- export and import ----

    @Override
    public long exportSize(BackupId id) {
        byte[] bytes = target.readManifest(Checks.present(id, "backup id"));
        BackupManifest manifest = BackupManifest.parse(new String(bytes, StandardCharsets.UTF_8));
        long size = Tar.entryBytes(bytes.length) + Tar.trailerBytes();
        for (long objectSize : manifest.objects().values()) {
            size += Tar.entryBytes(objectSize);
        }
        return size;
    }

    @Override
    public void export(BackupId id, OutputStream out) {
        Checks.present(out, "out");
        byte[] bytes = target.readManifest(Checks.present(id, "backup id"));
        BackupManifest manifest = BackupManifest.parse(new String(bytes, StandardCharsets.UTF_8));
        var tar = new Tar.Writer(out);
        Instant mtime = manifest.createdAt();
        try {
            tar.entry(MANIFEST_ENTRY, bytes.length, mtime, new ByteArrayInputStream(bytes));
            SnapshotEntry snap = manifest.snapshot();
            try (InputStream in = Digests.checked(target.openObject(snap.sha256()), snap.sha256(), snap.size(), "the snapshot")) {
                tar.entry(SNAPSHOT_ENTRY, snap.size(), mtime, in);
            }
            for (Map.Entry<Sha256, Long> o : manifest.objects().entrySet()) {
                if (o.getKey().equals(snap.sha256())) {
                    continue;
                }
                try (InputStream in = Digests.checked(target.openObject(o.getKey()), o.getKey(), o.getValue(),
                        "object " + o.getKey())) {
                    tar.entry(OBJECT_PREFIX + o.getKey().hex(), o.getValue(), mtime, in);
                }
            }
            tar.finish();
        } catch (IOException e) {
            throw new StorageUnavailableException("exporting backup " + id + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Backup importArchive(InputStream archive) {
        Checks.present(archive, "archive");
        mutex.lock();
        try {
            TargetLock lock = lock(TargetLock.Kind.BACKUP, "import-" + ids.next().toLowerCase(Locale.ROOT));
            var wrote = new ArrayList<Sha256>();
            try {
                refuseWhilePruning(lock);
                return importLocked(archive, wrote);
            } catch (RuntimeException e) {
                // nothing of a refused archive stays: the objects it brought are removed again
                for (Sha256 sha : wrote) {
                    try {
                        target.deleteObject(sha);
                    } catch (RuntimeException cleanup) {
                        e.addSuppressed(cleanup);
                    }
                }
                throw e;
            } finally {
                target.deleteLock(lock.id());
            }
        } finally {
            mutex.unlock();
        }
    }

    private Backup importLocked(InputStream archive, List<Sha256> wrote) {
        Tar.Reader tar;
        try {
            tar = new Tar.Reader(maybeGunzip(archive));
        } catch (IOException e) {
            throw new InvalidInputException("the archive could not be read: " + e.getMessage());
        }
        try {
            Tar.Header first = tar.next();
            if (first == null || !first.name().equals(MANIFEST_ENTRY)) {
                throw new InvalidInputException("the archive does not begin with " + MANIFEST_ENTRY + ": not a Stowage backup");
            }
            if (first.size() > settings.maxManifestBytes()) {
                throw new TooLargeException("the archive's manifest", settings.maxManifestBytes());
            }
            byte[] bytes = tar.content().readNBytes((int) first.size());
            BackupManifest manifest = BackupManifest.parse(strictUtf8(bytes));
            if (target.manifests().contains(manifest.id())) {
                throw new AlreadyExistsException("backup " + manifest.id() + " is already at " + target.describe());
            }
            Map<Sha256, Long> expected = manifest.objects();
            var seen = new HashSet<Sha256>();
            long total = bytes.length;
            long written = 0;
            for (Tar.Header h; (h = tar.next()) != null; ) {
                String name = Tar.safeName(h.name());
                Sha256 sha = objectOf(name, manifest);
                Long size = expected.get(sha);
                if (size == null) {
                    throw new InvalidInputException("archive entry '" + name + "' is not in the manifest");
                }
                if (!seen.add(sha)) {
                    throw new InvalidInputException("archive entry '" + name + "' appears twice");
                }
                if (h.size() != size) {
                    throw new InvalidInputException("archive entry '" + name + "' claims " + h.size()
                            + " bytes; the manifest says " + size);
                }
                if (h.size() > settings.maxImportEntry()) {
                    throw new TooLargeException("archive entry '" + name + "'", settings.maxImportEntry());
                }
                total += h.size();
                if (total > settings.maxImportBytes()) {
                    throw new TooLargeException("the archive", settings.maxImportBytes());
                }
                try {
                    if (target.putObject(sha, size, tar.content())) {
                        wrote.add(sha);
                        written += size;
                    }
                } catch (StorageException e) {
                    if (tar.truncated()) {
                        throw new InvalidInputException("the archive is truncated (in entry '" + name + "')");
                    }
                    throw e;
                }
            }
            for (Sha256 sha : expected.keySet()) {
                if (!seen.contains(sha) && target.objectSize(sha).isEmpty()) {
                    throw new InvalidInputException("the archive lacks object " + sha + ", which its manifest names");
                }
            }
            restorer.checkSnapshot(manifest);
            target.putManifest(manifest.id(), bytes);
            Backup backup = Backup.of(manifest, Digests.of(bytes), written, target.describe());
            catalog.save(backup);
            LOG.log(Level.INFO, () -> "backup " + manifest.id() + " imported: " + backup.totalBytes() + " bytes");
            return backup;
        } catch (IOException e) {
            throw new InvalidInputException("the archive could not be read" + (tar.truncated() ? " (it is truncated)" : "")
                    + ": " + e.getMessage());
        }
    }

    private static Sha256 objectOf(String name, BackupManifest manifest) {
        if (name.equals(SNAPSHOT_ENTRY)) {
            return manifest.snapshot().sha256();
        }
        if (name.startsWith(OBJECT_PREFIX) && name.length() == OBJECT_PREFIX.length() + 64) {
            return new Sha256(name.substring(OBJECT_PREFIX.length()));
        }
        throw new InvalidInputException("archive entry '" + Checks.printable(name) + "' is not part of the backup format");
    }

    private static InputStream maybeGunzip(InputStream in) throws IOException {
        var buffered = new BufferedInputStream(in, 64 * 1024);
        buffered.mark(2);
        int b1 = buffered.read();
        int b2 = buffered.read();
        buffered.reset();
        return b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(buffered, 64 * 1024) : buffered;
    }

    private static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new InvalidInputException("the archive's manifest is not UTF-8 text");
        }
    }

    // ---- restore ----

    @Override
    public RestoreResult restore(BackupId id, Path dataDir) {
        Checks.present(id, "backup id");
        Checks.present(dataDir, "data folder");
        return restorer.restore(id, dataDir);
    }

    // ---- target locks ----

    private TargetLock lock(TargetLock.Kind kind, String lockId) {
        TargetLock lock = new TargetLock(lockId, kind, clock.instant(), settings.owner());
        target.putLock(lock);
        return lock;
    }

    private void refuseWhilePruning(TargetLock own) {
        for (TargetLock l : target.locks()) {
            if (l.kind() == TargetLock.Kind.PRUNE && !l.id().equals(own.id()) && !stale(l)) {
                throw new ConflictException("a rotation (" + l.owner() + ") is pruning " + target.describe()
                        + " since " + l.at() + "; try again when it is done");
            }
        }
    }

    /** Left by a crash: older than the grace, or written from this host by a process that is gone. */
    private boolean stale(TargetLock l) {
        return l.at().isBefore(clock.instant().minus(settings.lockGrace())) || LockOwner.goneFromThisHost(l.owner());
    }

    private static String backupLockId(BackupId id) {
        return "backup-" + id.value().toLowerCase(Locale.ROOT);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.log(Level.WARNING, () -> "could not delete " + file + ": " + e.getMessage());
        }
    }
}
