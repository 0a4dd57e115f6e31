package dev.stowage.adapter.out.sqlite.engine;

import dev.stowage.adapter.out.sqlite.SqliteSettings;
import dev.stowage.application.port.out.DatabaseAdmin.CheckpointMode;
import dev.stowage.application.port.out.DatabaseAdmin.CheckpointResult;
import dev.stowage.application.port.out.DatabaseSnapshots;
import dev.stowage.domain.error.AlreadyExistsException;
import dev.stowage.domain.error.StorageUnavailableException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConnection;

/**
 * Snapshots of the live database, and (as {@link SqliteSnapshotFiles}) checks of database files.
 *
 * <p><b>Frozen in place</b> ({@link #freeze}), when built over the running engine: the writer
 * thread is held for a moment while a passive {@code wal_checkpoint} folds the rest of the WAL into
 * the database file and two read transactions begin, then it goes on. A reader that begins on a
 * WAL holding no frame the file lacks reads the database file alone and holds SQLite's
 * {@code WAL_READ_LOCK(0)}; a checkpoint (of any connection, in any process) must take that lock
 * exclusively before it copies a frame into the file (wal.c, {@code walCheckpoint}), so the file's
 * bytes cannot change while those transactions are open, however much is committed meanwhile
 * (the commits go to the WAL). The bytes are then read from the file directly: no copy is written,
 * and {@code integrity_check}, then the row counts and {@code foreign_key_check}, run on the second
 * transaction, which sees exactly those bytes.
 * Another process's commit between the checkpoint and the readers' start would put their snapshot
 * partly in the WAL; a second passive checkpoint in the same pause finds no frame added and every
 * frame folded in, or the freeze is given up and the caller copies instead.
 *
 * <p><b>Changed pages</b>: every checkpoint of the engine is tracked ({@link ChangeTracker}), and the
 * second checkpoint of the pause leaves a mark of the moment, so that a later freeze can tell which
 * pages may have changed since ({@link Frozen#changedSince}).
 *
 * <p><b>Copied</b> ({@link #snapshotTo}): SQLite's online backup API in ONE step
 * ({@code pagesPerStep = -1}) from a read connection of its own: one read transaction covers the
 * whole copy, so it is exactly one committed moment, and in WAL mode a reader does not hold up the
 * writer. Copied in small steps instead, SQLite restarts the copy each time a writer commits between
 * steps (sqlite-jdbc's {@code backup to} statement does that, 100 pages a step), which under steady
 * writes may never finish.
 */
public final class SqliteDatabaseSnapshots extends SqliteSnapshotFiles implements DatabaseSnapshots {
    private static final Logger log = LoggerFactory.getLogger(SqliteDatabaseSnapshots.class);
    private static final int SQLITE_OK = 0;
    /** Bytes 18 and 19 of the header: the file format's write and read versions, 2 in WAL mode, 1 for a rollback journal. */
    private static final int FORMAT_VERSION_BYTES = 18;
    /** A writer pause this long is logged (at INFO): it is what an enqueue during a backup may wait. */
    private static final long LONG_PAUSE_MILLIS = 100;

    private final SqliteSettings settings;
    private final SqliteEngine engine;

    /** Copies only ({@link #freeze} gives nothing): for tools that run no engine. */
    public SqliteDatabaseSnapshots(SqliteSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.engine = null;
    }

    /** Frozen snapshots while {@code engine} runs, copies otherwise. */
    public SqliteDatabaseSnapshots(SqliteEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.settings = engine.settings();
    }

    @Override
    public void snapshotTo(Path target) {
        if (Files.exists(target)) {
            throw new AlreadyExistsException("snapshot file '" + target + "' already exists");
        }
        try {
            ConnectionFactory live = new ConnectionFactory(settings);
            try (Session reader = live.openReader()) {
                Connection jdbc = reader.jdbc();
                int rc = jdbc.unwrap(SQLiteConnection.class).getDatabase()
                        .backup("main", target.toString(), null, 0, 0, -1);
                if (rc != SQLITE_OK) {
                    throw new StorageUnavailableException("copying the database to '" + target + "' failed with SQLite result "
                            + rc, null);
                }
            }
            // The copy carries the live file's WAL flag; a snapshot is one self-contained file.
            try (Connection copy = open(target, false); Statement s = copy.createStatement()) {
                s.execute("PRAGMA journal_mode=DELETE");
            }
            try (FileChannel ch = FileChannel.open(target, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
        } catch (SQLException e) {
            throw SqliteErrors.translate(e);
        } catch (IOException e) {
            throw new StorageUnavailableException("syncing the snapshot '" + target + "' failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Frozen> freeze() {
        if (engine == null || !engine.running()) {
            return Optional.empty();
        }
        var connections = new ConnectionFactory(settings);
        Session reader = null;
        Session checker = null;
        try {
            // most of the WAL is folded in beside the writer, so that the pause below has little left to copy
            try (Session early = connections.openCheckpointer()) {
                engine.checkpointOn(early, CheckpointMode.PASSIVE);
            }
            Session r = connections.openReader();
            reader = r;
            Session c = connections.openReader();
            checker = c;
            try (Statement s = c.jdbc().createStatement()) {
                s.execute(MAP_FOR_CHECKS);
            }
            var mark = new AtomicReference<Optional<String>>(Optional.empty());
            long asked = System.nanoTime();
            var pauseBegan = new java.util.concurrent.atomic.AtomicLong();
            boolean held = engine.onWriter(writer -> {
                pauseBegan.set(System.nanoTime());
                // PASSIVE, not TRUNCATE: it never waits. A truncating checkpoint waits for every reader
                // (through the busy handler, in steps of up to 100 ms) while the writer is held; it
                // stalled an enqueue for 1.1 s in the backup benchmark. A WAL whose every frame is
                // in the file serves the readers as well as an empty one (see above).
                CheckpointResult folded = engine.checkpointOn(writer, CheckpointMode.PASSIVE);
                if (!allFolded(folded)) {
                    return false;
                }
                begin(r);
                begin(c);
                // nothing was added since, so both began on a WAL the file holds whole: they read the
                // file alone (see above); a commit by another process in between shows as a new frame
                ChangeTracker.Tracked after = engine.checkpointMarking(writer, true);
                mark.set(after.mark());
                return allFolded(after.result()) && after.result().walPages() == folded.walPages();
            });
            long ended = System.nanoTime();
            long pausedMillis = (ended - pauseBegan.get()) / 1_000_000;
            if (pausedMillis >= LONG_PAUSE_MILLIS) {
                // the writer thread was held this long: every write queued behind it waited as long
                log.info("Holding {} still paused the writer for {} ms (it waited {} ms for the writer first)",
                        settings.databaseFile(), pausedMillis, (pauseBegan.get() - asked) / 1_000_000);
            }
            if (!held) {
                log.debug("The database {} could not be held still (other connections kept the WAL busy); it is copied instead",
                        settings.databaseFile());
                closeQuietly(reader);
                closeQuietly(checker);
                return Optional.empty();
            }
            var frozen = new Held(engine, settings.databaseFile(), reader, checker, mark.get());
            reader = null;
            checker = null;
            return Optional.of(frozen);
        } catch (SQLException e) {
            closeQuietly(reader);
            closeQuietly(checker);
            throw SqliteErrors.translate(e);
        } catch (IOException | RuntimeException e) {
            closeQuietly(reader);
            closeQuietly(checker);
            throw e instanceof RuntimeException r ? r
                    : new StorageUnavailableException("reading the database file failed: " + e.getMessage(), e);
        }
    }

    /** Whether a checkpoint's result says every frame of the WAL is in the file. */
    private static boolean allFolded(CheckpointResult checkpoint) {
        return !checkpoint.busy() && checkpoint.walPages() >= 0 && checkpoint.walPages() == checkpoint.copied();
    }

    /** Begins a read transaction on {@code session} and holds it until the session closes. */
    private static void begin(Session session) throws SQLException {
        Connection jdbc = session.jdbc();
        jdbc.setAutoCommit(false);
        try (Statement s = jdbc.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_schema")) {
            rs.next();
        }
    }

    private static void closeQuietly(Session session) {
        if (session != null) {
            session.close();
        }
    }

    /**
     * The database file held still by two read transactions begun in the same pause, so both see the
     * one moment: one for the blob list and the size, one for {@code integrity_check}, the schema
     * version, the row counts and {@code foreign_key_check}, in that order.
     */
    private static final class Held implements Frozen {
        private final SqliteEngine engine;
        private final Session reader;
        private final Session checker;
        private final long size;
        private final int pageSize;
        private final Optional<String> mark;
        private final Runnable release;
        private boolean closed;

        Held(SqliteEngine engine, Path databaseFile, Session reader, Session checker, Optional<String> mark)
                throws SQLException, IOException {
            this.engine = engine;
            this.reader = reader;
            this.checker = checker;
            this.mark = mark;
            long pages = reader.queryLong("PRAGMA page_count");
            long pageBytes = reader.queryLong("PRAGMA page_size");
            this.pageSize = (int) pageBytes;
            this.size = pages * pageBytes;
            // read through the engine's own descriptor, never one opened and closed here: see SqliteEngine.databaseFile
            long length = engine.databaseFileLength();
            if (length < size) {
                throw new EOFException("the database file " + databaseFile + " holds " + length + " bytes, fewer than its "
                        + pages + " pages of " + pageBytes);
            }
            this.release = engine.holdingStill();
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public void read(long position, byte[] into) throws IOException {
            if (position < 0 || position + into.length > size) {
                throw new IllegalArgumentException("bytes " + position + "+" + into.length + " lie outside the snapshot's " + size);
            }
            engine.readDatabase(position, into);
            // the live file says WAL; the snapshot is a file of its own, as PRAGMA journal_mode=DELETE would leave it
            for (int at = FORMAT_VERSION_BYTES; at < FORMAT_VERSION_BYTES + 2; at++) {
                if (at >= position && at < position + into.length) {
                    into[(int) (at - position)] = 1;
                }
            }
        }

        @Override
        public SnapshotFacts inspect() {
            // one connection for all of it, the integrity check first: the first pass over the mapped file
            // pays a page fault a page (about 0.6 s a GiB here), and every pass after it on the same
            // connection finds the pages mapped (a row count of the benchmark's 1 GiB table: 15 ms after the
            // check, 0.6-0.8 s on a connection of its own, as it was run beside the check before)
            try (Statement s = checker.jdbc().createStatement()) {
                String check = integrityCheck(s);
                String version = "none";
                try (ResultSet rs = s.executeQuery("SELECT version FROM flyway_schema_history WHERE success = 1 "
                        + "AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")) {
                    if (rs.next()) {
                        version = rs.getString(1);
                    }
                }
                return new SnapshotFacts(version, rowCounts(s), check, foreignKeyErrors(s));
            } catch (SQLException e) {
                throw SqliteErrors.translate(e);
            }
        }

        @Override
        public void forEachBlob(Consumer<BlobReference> sink) {
            try (Statement s = reader.jdbc().createStatement()) {
                SqliteSnapshotFiles.forEachBlob(s, sink);
            } catch (SQLException e) {
                throw SqliteErrors.translate(e);
            }
        }

        @Override
        public Optional<String> changeMark() {
            // a mark is handed out only once the epoch it names is durable: after a crash, the log's
            // epochs resume past it, never reuse it
            return mark.isPresent() && engine.tracker().sync() ? mark : Optional.empty();
        }

        @Override
        public Optional<ChangedPages> changedSince(String earlierMark) {
            java.util.Objects.requireNonNull(earlierMark, "earlierMark");
            if (mark.isEmpty()) {
                return Optional.empty();
            }
            return engine.tracker().changedBetween(earlierMark, mark.get(), pageSize);
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            // closing ends the read transactions (rolled back: they wrote nothing)
            reader.close();
            checker.close();
            release.run();
        }
    }
}
