package dev.stowage.application.service.backup;

import dev.stowage.application.concurrent.DaemonThreads;
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
import dev.stowage.application.port.out.DatabaseSnapshots.ChangedPages;
import dev.stowage.application.port.out.DatabaseSnapshots.SnapshotFacts;
import dev.stowage.application.port.out.IdGenerator;
import dev.stowage.domain.backup.Backup;
import dev.stowage.domain.backup.BackupId;
import dev.stowage.domain.backup.BackupManifest;
import dev.stowage.domain.backup.BackupStatus;
import dev.stowage.domain.backup.BlobEntry;
import dev.stowage.domain.backup.ChunkEntry;
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
import dev.stowage.domain.error.InPlaceRestoreRefusedException;
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
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
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
    /** What SQLite's integrity_check says of a sound database, and so what every written manifest records. */
    private static final String INTEGRITY_OK = "ok";
    private static final int MAX_PROBLEMS_SHOWN = 5;
    private static final long MAX_IN_FLIGHT = 256L << 20;
    static final String MANIFEST_ENTRY = "manifest.json";
    static final String SNAPSHOT_ENTRY = "snapshot.db";
    static final String OBJECT_PREFIX = "objects/";

    private final BackupTarget target;
    private final BackupCatalog catalog;
    private final DatabaseSnapshots snapshots;
    private final DatabaseAdmin admin;
    private final BlobStore blobs;
    private final Restorer restorer;
    private final ParsedManifests manifests;
    private final IdGenerator ids;
    private final Clock clock;
    private final BackupSettings settings;
    private final ReentrantLock mutex = new ReentrantLock();
    private volatile BackupRun lastRun;

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
        this.manifests = new ParsedManifests(target);
    }

    // ---- create ----

    /** How the last backup this service took spent its time and what it wrote; empty before the first. */
    public Optional<BackupRun> lastRun() {
        return Optional.ofNullable(lastRun);
    }

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
        // read once, on the first attempt, while the snapshot's integrity_check runs beside
        BackupManifest newest = null;
        boolean newestRead = false;
        for (int attempt = 1; ; attempt++) {
            Path snap = settings.tmpDir().resolve("backup-" + id.value().toLowerCase(Locale.ROOT) + "-" + attempt + ".db");
            var timer = new BackupRun.Timer();
            CompletableFuture<SnapshotFacts> checked = null;
            Snapshot snapshot = null;
            // the batch is closed last, after the writers: closing it uncommitted drops what they wrote
            try (BackupTarget.Batch batch = target.batch();
                 var writer = new ParallelWriter("backup-write", settings.writeThreads(), inFlightBudget());
                 var blobWriter = new ParallelWriter("backup-blobs", settings.writeThreads(), inFlightBudget())) {
                Files.createDirectories(settings.tmpDir());
                snapshot = snapshot(snap, timer);
                // integrity_check reads the snapshot on a thread of its own while the chunks are hashed and written
                checked = inspectAside(snapshot, timer);

                long t;
                if (!newestRead) {
                    t = timer.begin("newest manifest");
                    newest = newestManifest();
                    newestRead = true;
                    timer.end("newest manifest", t);
                }
                Set<Sha256> known = newest == null ? Set.of() : newest.objects().keySet();
                t = timer.begin("blob list");
                var found = new ArrayList<BlobReference>();
                snapshot.forEachBlob(found::add);
                List<BlobKey> vanished = Collections.synchronizedList(new ArrayList<>());
                List<BlobEntry> refs = entries(found, vanished);
                timer.end("blob list", t);

                var written = new Written();
                // the blobs are copied on threads of their own beside the snapshot's chunks: each already has its digest
                int blobObjects = copyBlobs(refs, vanished, known, batch, blobWriter, written, timer);
                // the chunks the engine says are unchanged since an earlier backup are that backup's, unread
                Incremental inc = incremental(snapshot, newest, timer);
                List<ChunkEntry> baseChunks = inc.base() == null ? List.of() : inc.base().snapshot().chunks();
                t = timer.begin("snapshot chunks: read, hash and pack");
                // a chunk a pack of the newest or the base backup holds, or one already packed (equal pages), is not written again
                var packer = new Packer(batch, writer, timer, settings.packSize(), newest, inc.base());
                SnapshotChunks.Pass pass = SnapshotChunks.chunk(snapshot.size(), snapshot::read, settings.chunkSize(),
                        inc.fromBase(), (chunk, buffer, offset) -> packer.add(chunk.sha256(), buffer, offset, (int) chunk.size()),
                        i -> packer.addKnown(baseChunks.get(i).sha256(), baseChunks.get(i).size()));
                packer.seal();
                timer.end("snapshot chunks: read, hash and pack", t);
                t = timer.begin("waiting for the writes");
                writer.await();
                blobWriter.await();
                timer.end("waiting for the writes", t);
                // the objects' syncs, gathered (on a folder: synced together, renamed, each folder synced once)
                t = timer.begin("objects: sync (batched)");
                batch.commit();
                timer.end("objects: sync (batched)", t);
                // format 4: the snapshot is named by its chunk list, which needs no pass over the whole file. Built (and
                // checked) while integrity_check may still run: a manifest is written only when the check says "ok",
                // so that is what the entry records; any other answer ends this backup below, the entry unused
                t = timer.begin("manifest: chunk list");
                SnapshotEntry entry = packer.entry(snapshot.size(), INTEGRITY_OK, settings.chunkSize());
                timer.end("manifest: chunk list", t);
                t = timer.begin("waiting for integrity_check");
                SnapshotFacts facts = join(checked);
                timer.end("waiting for integrity_check", t);
                if (!facts.integrityCheck().equals(INTEGRITY_OK)) {
                    throw new StorageCorruptException("the database snapshot failed integrity_check: " + facts.integrityCheck(), null);
                }
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
                t = timer.begin("manifest: built");
                var manifest = new BackupManifest(BackupManifest.CURRENT_FORMAT, id, label, at, settings.appVersion(),
                        facts.schemaVersion(), facts.rowCounts(), entry, refs, snapshot.mark());
                byte[] bytes = manifest.toJson().getBytes(StandardCharsets.UTF_8);
                Sha256 manifestSha = Digests.of(bytes);
                timer.end("manifest: built", t);
                t = timer.begin("manifest: written");
                // the commit point: every object it names is durable at the target by now
                target.putManifest(id, bytes);
                timer.end("manifest: written", t);
                // the next backup's base, most likely: kept parsed, and reused only while the target holds these bytes
                manifests.keep(manifest, manifestSha);
                written.chunkBytes.addAndGet(packer.chunkBytesWritten());
                written.chunks.addAndGet(packer.chunksWritten());
                lastRun = new BackupRun(timer.phases(), timer.elapsed(), snapshot.size(), written.chunkBytes.get(),
                        written.chunks.get(), entry.chunks().size(), written.blobBytes.get(), written.blobs.get(), blobObjects,
                        packer.packsWritten().size(), entry.packs().size(), bytes.length,
                        Optional.ofNullable(inc.base()).filter(b -> pass.fromBase() > 0).map(BackupManifest::id),
                        pass.read(), pass.fromBase(), inc.sampled());
                return Backup.of(manifest, manifestSha, written.total(), target.describe());
            } catch (IOException e) {
                throw new StorageUnavailableException("backup " + id + ": reading the snapshot failed: " + e.getMessage(), e);
            } finally {
                if (checked != null) {
                    // the check reads the snapshot: it ends before the snapshot is let go, whatever happened here
                    checked.handle((f, e) -> null).join();
                }
                if (snapshot != null) {
                    snapshot.close();
                }
                deleteQuietly(snap);
            }
        }
    }

    /**
     * The database at one committed moment: the live file held still when the engine can (nothing
     * is copied), else a copy at {@code copy}.
     */
    private Snapshot snapshot(Path copy, BackupRun.Timer timer) {
        long t = timer.begin("snapshot: hold the database still");
        Optional<DatabaseSnapshots.Frozen> frozen = snapshots.freeze();
        timer.end("snapshot: hold the database still", t);
        if (frozen.isPresent()) {
            DatabaseSnapshots.Frozen f = frozen.get();
            return new Snapshot(f.size(), f::read, f::inspect, f::forEachBlob, f, f.changeMark(), f::changedSince);
        }
        t = timer.begin("checkpoint (passive)");
        checkpoint();
        timer.end("checkpoint (passive)", t);
        t = timer.begin("snapshot copy");
        snapshots.snapshotTo(copy);
        timer.end("snapshot copy", t);
        try {
            FileChannel ch = FileChannel.open(copy, StandardOpenOption.READ);
            // a copy has no change mark: the next backup reads it all, and this one reads all of it
            return new Snapshot(ch.size(), SnapshotChunks.of(ch, copy), () -> snapshots.inspect(copy),
                    sink -> snapshots.forEachBlob(copy, sink), ch, Optional.empty(), mark -> Optional.empty());
        } catch (IOException e) {
            throw new StorageUnavailableException("reading the snapshot " + copy + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * A snapshot's bytes, facts and blob list, whichever way it was taken; {@code held} is what to
     * let go of at the end: the frozen live database, or the copy's open channel. {@code mark} and
     * {@code changedSince} are the engine's change tracking ({@link DatabaseSnapshots.Frozen#changeMark}).
     */
    private record Snapshot(long size, SnapshotChunks.Source source, Supplier<SnapshotFacts> facts,
                            Consumer<Consumer<BlobReference>> blobs, AutoCloseable held, Optional<String> mark,
                            Function<String, Optional<ChangedPages>> changedSince) {
        void read(long position, byte[] into) throws IOException {
            source.read(position, into);
        }

        SnapshotFacts inspect() {
            return facts.get();
        }

        void forEachBlob(Consumer<BlobReference> sink) {
            blobs.accept(sink);
        }

        void close() {
            try {
                held.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, () -> "letting go of the database snapshot failed: " + e.getMessage());
            }
        }
    }

    /**
     * Which chunks a backup takes from an earlier one unread: {@code base} (null when none) and the
     * chunk indexes {@code fromBase} (empty: every chunk is read), and how many chunks the check of
     * the engine's answer read.
     */
    private record Incremental(BackupManifest base, BitSet fromBase, int sampled) {
        static final Incremental NONE = new Incremental(null, new BitSet(), 0);
    }

    /**
     * The base backup and its chunks this snapshot shares, when the engine tracks its changes and
     * one of the last backups here carries a mark it can answer for; the answer is checked on a
     * sample (see {@link IncrementalBase}) and not used if the sample disagrees.
     */
    private Incremental incremental(Snapshot snapshot, BackupManifest newest, BackupRun.Timer timer) throws IOException {
        if (snapshot.mark().isEmpty()) {
            return Incremental.NONE;
        }
        long t = timer.begin("snapshot: changed pages since the base backup");
        Optional<BackupManifest> base = IncrementalBase.find(target, manifests, newest, settings.chunkSize());
        Optional<ChangedPages> changed = Optional.empty();
        if (base.isPresent()) {
            try {
                changed = snapshot.changedSince().apply(base.get().changeMark().orElseThrow());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, () -> "the database engine could not tell what changed since backup " + base.get().id()
                        + "; this backup reads every chunk: " + e.getMessage());
            }
        }
        timer.end("snapshot: changed pages since the base backup", t);
        if (changed.isEmpty()) {
            return Incremental.NONE;
        }
        BitSet same = IncrementalBase.unchanged(base.get(), snapshot.size(), settings.chunkSize(), changed.get());
        t = timer.begin("snapshot: sample of the unchanged chunks");
        IncrementalBase.Sample sample = IncrementalBase.check(base.get(), same, snapshot.size(), settings.chunkSize(),
                snapshot::read, ThreadLocalRandom.current());
        timer.end("snapshot: sample of the unchanged chunks", t);
        return sample.agrees() ? new Incremental(base.get(), same, sample.read())
                : new Incremental(null, new BitSet(), sample.read());
    }

    /** What a backup's writes added, by kind; updated from the writer threads. */
    private static final class Written {
        final AtomicLong chunkBytes = new AtomicLong();
        final AtomicInteger chunks = new AtomicInteger();
        final AtomicLong blobBytes = new AtomicLong();
        final AtomicInteger blobs = new AtomicInteger();

        long blob(long size) {
            blobs.incrementAndGet();
            blobBytes.addAndGet(size);
            return size;
        }

        long total() {
            return chunkBytes.get() + blobBytes.get();
        }
    }

    /**
     * Queued packs may hold this many bytes in memory: a pack for each writer thread (so none of them
     * idles while the next pack fills), at least two, at least 32 MiB, and at most 256 MiB unless two packs
     * need more; the one being filled is apart.
     */
    private int inFlightBudget() {
        long perThread = Math.min((long) Math.max(2, settings.writeThreads()) * settings.packSize(), MAX_IN_FLIGHT);
        return (int) Math.min(Integer.MAX_VALUE, Math.max(Math.max(2L * settings.packSize(), 32L << 20), perThread));
    }

    /** Runs {@code inspect} (integrity_check, row counts) of the snapshot on a thread of its own. */
    private CompletableFuture<SnapshotFacts> inspectAside(Snapshot snap, BackupRun.Timer timer) {
        return CompletableFuture.supplyAsync(() -> {
            long t = timer.begin("integrity_check and row counts (beside)");
            try {
                return snap.inspect();
            } finally {
                timer.end("integrity_check and row counts (beside)", t);
            }
        }, r -> {
            DaemonThreads.daemon(r, "backup-check").start();
        });
    }

    /** The check's result, or its failure rethrown as it was thrown. */
    static SnapshotFacts join(CompletableFuture<SnapshotFacts> facts) {
        try {
            return facts.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new StorageUnavailableException("checking the snapshot failed: " + e.getCause(), e.getCause());
        }
    }

    /**
     * The newest manifest at the target, or null. The objects it names (its packs and blobs) stay
     * there while this backup holds its lock (a prune deletes nothing while a backup runs, and a
     * backup exists only once all its objects do), so they need not be looked up one by one: on S3
     * that saves a request per object.
     */
    private BackupManifest newestManifest() {
        List<BackupId> ids = target.manifests();
        for (int i = ids.size() - 1; i >= 0; i--) {
            try {
                return manifests.read(ids.get(i));
            } catch (NotFoundException | InvalidInputException unusable) {
                // deleted meanwhile, or unreadable: try the one before
            }
        }
        return null;
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

    /**
     * Queues the copy of every blob the target lacks (a blob is named by its digest, so one the
     * target holds is neither read nor hashed again); collects those the blob store no longer has.
     *
     * @return how many distinct blob objects the backup names
     */
    private int copyBlobs(List<BlobEntry> refs, List<BlobKey> vanished, Set<Sha256> known, BackupTarget.Batch batch,
                          ParallelWriter writer, Written written, BackupRun.Timer timer) {
        var distinct = new HashSet<Sha256>();
        for (BlobEntry b : refs) {
            if (!distinct.add(b.sha256()) || known.contains(b.sha256())) {
                continue;
            }
            // a blob streams through a small buffer: it holds no budget while queued
            writer.submit(0, () -> {
                long began = timer.begin("blobs: copies (summed over threads)");
                try {
                    return copyBlob(b, vanished, batch) ? written.blob(b.size()) : 0;
                } finally {
                    timer.end("blobs: copies (summed over threads)", began);
                }
            });
        }
        return distinct.size();
    }

    /** Copies one blob to the target (through the backup's batch) unless it has it; false when nothing was written. */
    private boolean copyBlob(BlobEntry b, List<BlobKey> vanished, BackupTarget.Batch batch) throws IOException {
        if (target.objectSize(b.sha256()).isPresent()) {
            return false;
        }
        InputStream in;
        try {
            in = blobs.open(b.key());
        } catch (NotFoundException gone) {
            vanished.add(b.key());
            return false;
        }
        try (in) {
            return batch.putObject(b.sha256(), b.size(), in);
        } catch (ChecksumMismatchException e) {
            throw new StorageCorruptException("blob '" + b.key() + "' in the blob store is not the " + b.size()
                    + " bytes with SHA-256 " + b.sha256() + " its record says: " + e.getMessage(), e);
        }
    }

    private void checkpoint() {
        try {
            // folds what it can of the WAL into the database file first, so the copy reads less of the WAL.
            // PASSIVE: a FULL checkpoint blocks new writers until it is done, which showed in the enqueue
            // p99 during a backup; the copy is one committed moment whatever the WAL holds
            admin.checkpoint(CheckpointMode.PASSIVE);
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
                Sha256 digest = Digests.of(bytes);
                Backup b = Backup.of(manifests.parse(bytes, digest), digest,
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
        BackupManifest manifest = manifests.parse(bytes, manifestSha);
        var problems = new ArrayList<String>();
        catalog.find(id).flatMap(Backup::manifestSha256).filter(sha -> !sha.equals(manifestSha))
                .ifPresent(sha -> problems.add("the manifest's SHA-256 is " + manifestSha + ", the catalog recorded " + sha));
        if (!manifest.id().equals(id)) {
            problems.add("the manifest names backup " + manifest.id());
        }
        SnapshotEntry snapshot = manifest.snapshot();
        if (samplePercent == 100 || !snapshot.chunked()) {
            // every chunk, the whole reassembled snapshot and its integrity_check
            verifySnapshot(id, snapshot, problems);
        } else {
            // a sample of the packs (each read whole against its digest, which covers every chunk in it) or of
            // the chunk objects (format 2), as of the blobs; the whole snapshot needs them all
            String kind = snapshot.packed() ? "snapshot pack " : "snapshot chunk object ";
            for (Map.Entry<Sha256, Long> o : sample(manifest.snapshotObjects(), samplePercent)) {
                checkObject(o.getKey(), o.getValue(), kind + o.getKey(), problems);
            }
        }
        var blobObjects = new LinkedHashMap<>(manifest.objects());
        blobObjects.keySet().removeAll(manifest.snapshotObjects().keySet());
        for (Map.Entry<Sha256, Long> o : sample(blobObjects, samplePercent)) {
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

    /** {@code percent} of {@code objects} (at least one when there are any), chosen at random; all at 100. */
    private static List<Map.Entry<Sha256, Long>> sample(Map<Sha256, Long> objects, int percent) {
        var all = new ArrayList<Map.Entry<Sha256, Long>>(objects.entrySet());
        if (percent < 100) {
            Collections.shuffle(all, ThreadLocalRandom.current());
            return new ArrayList<>(all.subList(0, (int) Math.ceil(all.size() * percent / 100.0)));
        }
        return all;
    }

    /**
     * Reassembles the snapshot into a temporary file, checking every part (each chunk, or the one
     * object of format 1) and reporting each bad one, then the whole file's digest (formats 1 to 3; a
     * format 4 snapshot is named by its chunk list, so its checked chunks are the whole checked) and its
     * integrity_check.
     */
    private void verifySnapshot(BackupId id, SnapshotEntry snapshot, List<String> problems) {
        Path copy = settings.tmpDir().resolve("verify-" + id.value().toLowerCase(Locale.ROOT) + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".db");
        try {
            Files.createDirectories(settings.tmpDir());
            if (snapshot.packed()) {
                // its packs read in parallel, in runs, every chunk (before format 4 the whole too) checked:
                // the first bad one is reported
                try {
                    SnapshotChunks.assemble(target, snapshot, copy, settings.writeThreads());
                } catch (Digests.Mismatch e) {
                    problems.add(e.getMessage());
                    return;
                } catch (NotFoundException e) {
                    problems.add("a pack of the snapshot is missing: " + e.getMessage());
                    return;
                }
                checkIntegrity(copy, problems);
                return;
            }
            MessageDigest whole = Digests.sha256();
            int before = problems.size();
            try (OutputStream out = Files.newOutputStream(copy)) {
                List<ChunkEntry> parts = snapshot.parts();
                for (int i = 0; i < parts.size(); i++) {
                    ChunkEntry part = parts.get(i);
                    String what = snapshot.chunked() ? "snapshot chunk " + i + " (object " + part.sha256() + ")"
                            : "the snapshot object " + part.sha256();
                    try (InputStream in = target.openObject(part.sha256())) {
                        Digests.Digested got = Digests.copy(in, out, whole);
                        if (got.size() != part.size() || !got.sha256().equals(part.sha256())) {
                            problems.add(what + " is corrupt (" + got.size() + " bytes with SHA-256 " + got.sha256() + ")");
                        }
                    } catch (NotFoundException e) {
                        problems.add(what + " is missing");
                    }
                }
            }
            if (problems.size() > before) {
                return;
            }
            Sha256 got = Sha256.of(whole.digest());
            if (!got.equals(snapshot.sha256())) {
                problems.add("the snapshot reassembled from its chunks has SHA-256 " + got + ", not its " + snapshot.sha256());
                return;
            }
            checkIntegrity(copy, problems);
        } catch (InvalidInputException e) {
            problems.add("the snapshot is not a usable database: " + e.getMessage());
        } catch (IOException | StorageException e) {
            problems.add("the snapshot could not be read: " + e.getMessage());
        } finally {
            deleteQuietly(copy);
        }
    }

    private void checkIntegrity(Path copy, List<String> problems) {
        SnapshotFacts facts = snapshots.inspect(copy);
        if (!facts.integrityCheck().equals(INTEGRITY_OK)) {
            problems.add("the snapshot fails integrity_check: " + facts.integrityCheck());
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
                    needed.addAll(manifests.read(id).objects().keySet());
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
        BackupManifest manifest = manifests.parse(bytes);
        long size = Tar.entryBytes(bytes.length) + Tar.entryBytes(manifest.snapshot().size()) + Tar.trailerBytes();
        for (long objectSize : archiveObjects(manifest).values()) {
            size += Tar.entryBytes(objectSize);
        }
        return size;
    }

    /**
     * The objects an archive carries as entries of their own: the blobs', except any whose bytes
     * are part of the snapshot, which its {@code snapshot.db} entry carries (reassembled from its
     * chunks, so the archive holds a database file that opens as it is).
     */
    private static Map<Sha256, Long> archiveObjects(BackupManifest manifest) {
        var objects = new LinkedHashMap<>(manifest.objects());
        objects.keySet().removeAll(manifest.snapshotObjects().keySet());
        return objects;
    }

    @Override
    public void export(BackupId id, OutputStream out) {
        Checks.present(out, "out");
        byte[] bytes = target.readManifest(Checks.present(id, "backup id"));
        BackupManifest manifest = manifests.parse(bytes);
        var tar = new Tar.Writer(out);
        Instant mtime = manifest.createdAt();
        try {
            tar.entry(MANIFEST_ENTRY, bytes.length, mtime, new ByteArrayInputStream(bytes));
            SnapshotEntry snap = manifest.snapshot();
            // every chunk is checked as it is read, and (before format 4) the whole: a corrupt one ends the stream
            try (InputStream in = SnapshotChunks.open(target, snap)) {
                tar.entry(SNAPSHOT_ENTRY, snap.size(), mtime, in);
            }
            for (Map.Entry<Sha256, Long> o : archiveObjects(manifest).entrySet()) {
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
                removeRefused(wrote, lock, e);
                throw e;
            } finally {
                target.deleteLock(lock.id());
            }
        } finally {
            mutex.unlock();
        }
    }

    /**
     * Removes the objects a refused import wrote, as a prune would: under a PRUNE lock, and only when
     * no other backup is being written. Another process's backup may have found one of them present
     * meanwhile and will name it in its manifest; then they all stay, named by no manifest, for the
     * next rotation's prune. (A backup writes its lock before it looks at objects, and this writes
     * its PRUNE lock before it looks at backup locks, so one of the two always sees the other.)
     */
    private void removeRefused(List<Sha256> wrote, TargetLock own, RuntimeException refusal) {
        if (wrote.isEmpty()) {
            return;
        }
        try {
            TargetLock prune = lock(TargetLock.Kind.PRUNE, "prune-" + ids.next().toLowerCase(Locale.ROOT));
            try {
                boolean otherBackup = target.locks().stream().anyMatch(l -> l.kind() == TargetLock.Kind.BACKUP
                        && !l.id().equals(own.id()) && !stale(l));
                if (otherBackup) {
                    LOG.log(Level.INFO, () -> "a refused import's " + wrote.size() + " objects stay at " + target.describe()
                            + " for the next prune: another backup is being written there");
                    return;
                }
                for (Sha256 sha : wrote) {
                    try {
                        target.deleteObject(sha);
                    } catch (RuntimeException cleanup) {
                        refusal.addSuppressed(cleanup);
                    }
                }
            } finally {
                target.deleteLock(prune.id());
            }
        } catch (RuntimeException cleanup) {
            refusal.addSuppressed(cleanup);
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
            Map<Sha256, Long> expected = archiveObjects(manifest);
            SnapshotEntry snap = manifest.snapshot();
            Packer packer = null;
            var seen = new HashSet<String>();
            long total = bytes.length;
            long written = 0;
            for (Tar.Header h; (h = tar.next()) != null; ) {
                String name = Tar.safeName(h.name());
                boolean isSnapshot = name.equals(SNAPSHOT_ENTRY);
                Sha256 sha = isSnapshot ? snap.sha256() : objectOf(name);
                Long size = isSnapshot ? Long.valueOf(snap.size()) : expected.get(sha);
                if (size == null) {
                    throw new InvalidInputException("archive entry '" + name + "' is not in the manifest");
                }
                if (!seen.add(name)) {
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
                    if (isSnapshot && snap.packed()) {
                        // re-packed here: the archive's packs held the source's chunks as that target laid
                        // them out; this target gets packs of its own (sharing what its newest backup holds)
                        packer = repack(tar.content(), snap, wrote);
                        written += packer.chunkBytesWritten();
                    } else if (isSnapshot && snap.chunked()) {
                        // cut into its chunks as it streams, each checked, and the whole
                        written += SnapshotChunks.split(tar.content(), snap, target, wrote);
                    } else {
                        // Read through a digest even when the target already holds the object (it then
                        // reads nothing): the archive's own bytes are checked either way, so a wrong entry
                        // is refused rather than passed over because a good copy happens to be present.
                        var checked = new java.security.DigestInputStream(tar.content(), Digests.sha256());
                        boolean put = target.putObject(sha, size, checked);
                        Digests.transfer(checked, OutputStream.nullOutputStream());
                        Sha256 actual = Sha256.of(checked.getMessageDigest().digest());
                        if (put) {
                            wrote.add(sha);
                            written += size;
                        } else if (!actual.equals(sha)) {
                            throw new ChecksumMismatchException("archive entry '" + name + "' does not match its digest "
                                    + sha + " (the target's copy is kept)");
                        }
                    }
                } catch (StorageException e) {
                    if (tar.truncated()) {
                        throw new InvalidInputException("the archive is truncated (in entry '" + name + "')");
                    }
                    throw e;
                }
            }
            if (packer != null) {
                // the same backup, with the chunks' places in this target's packs. Its change mark is kept: the
                // engine answers for no mark of another database (the port's promise), and the sample checks it anyway
                SnapshotEntry placed = packer.entry(snap);
                manifest = new BackupManifest(manifest.formatVersion(), manifest.id(), manifest.label(), manifest.createdAt(),
                        manifest.appVersion(), manifest.schemaVersion(), manifest.rowCounts(), placed, manifest.blobs(),
                        manifest.changeMark());
                bytes = manifest.toJson().getBytes(StandardCharsets.UTF_8);
            }
            // what the entries stored (or found stored) is there; the rest the target must already have
            var stored = new HashSet<Sha256>();
            for (String name : seen) {
                if (name.equals(SNAPSHOT_ENTRY)) {
                    stored.addAll(manifest.snapshotObjects().keySet());
                } else {
                    stored.add(objectOf(name));
                }
            }
            for (Sha256 sha : manifest.objects().keySet()) {
                if (!stored.contains(sha) && target.objectSize(sha).isEmpty()) {
                    throw new InvalidInputException("the archive lacks object " + sha + ", which its manifest names");
                }
            }
            restorer.checkSnapshot(manifest);
            target.putManifest(manifest.id(), bytes);
            Backup backup = Backup.of(manifest, Digests.of(bytes), written, target.describe());
            catalog.save(backup);
            LOG.log(Level.INFO, () -> "backup " + backup.id() + " imported: " + backup.totalBytes() + " bytes");
            return backup;
        } catch (IOException e) {
            throw new InvalidInputException("the archive could not be read" + (tar.truncated() ? " (it is truncated)" : "")
                    + ": " + e.getMessage());
        }
    }

    /**
     * Cuts an archive's {@code snapshot.db} entry into the chunks its manifest lists, each checked,
     * and packs those this target lacks; returns once every pack is stored. Adds each pack written
     * to {@code wrote}, also when it fails, so that a refused import removes them.
     */
    private Packer repack(InputStream in, SnapshotEntry snap, List<Sha256> wrote) throws IOException {
        var writer = new ParallelWriter("backup-import", settings.writeThreads(), inFlightBudget());
        try (BackupTarget.Batch batch = target.batch()) {
            var packer = new Packer(batch, writer, new BackupRun.Timer(), settings.packSize(), newestManifest());
            try {
                SnapshotChunks.split(in, snap, (c, bytes, off) -> packer.add(c.sha256(), bytes, off, (int) c.size()));
                packer.seal();
            } finally {
                try {
                    writer.await();
                } finally {
                    writer.close();
                    wrote.addAll(packer.packsWritten());
                }
            }
            // stored before the rest of the archive is read; a refused import removes them (see wrote)
            batch.commit();
            return packer;
        }
    }

    private static Sha256 objectOf(String name) {
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

    @Override
    public RestoreResult restoreInPlace(BackupId id) {
        Checks.present(id, "backup id");
        // asked first: on a server nothing is read, not even the manifest, before the refusal
        DatabaseAdmin.Location location = admin.location();
        if (location instanceof DatabaseAdmin.Location.OnServer server) {
            throw new InPlaceRestoreRefusedException("a restore in place is refused on the " + server.backend()
                    + " backend: its database is not in the data folder. Restore into a new folder (--into DIR on the "
                    + "command line), then copy that folder's database into " + server.backend() + " with '"
                    + server.copyCommand() + "'.");
        }
        Path file = ((DatabaseAdmin.Location.InFile) location).file();
        if (!file.getFileName().toString().equals(DataFolderSwitch.DB_FILE)) {
            throw new InvalidInputException("a restore in place is refused: the database file " + file + " is not named "
                    + DataFolderSwitch.DB_FILE + " as in a data folder, so a restored folder cannot replace it; restore "
                    + "into a new folder instead");
        }
        return restorer.restore(id, file.getParent());
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
