package dev.stowage.adapter.out.sqlite.engine;

import dev.stowage.adapter.out.sqlite.SqliteSettings;
import dev.stowage.application.concurrent.DaemonThreads;
import dev.stowage.application.port.out.DatabaseAdmin.CheckpointMode;
import dev.stowage.application.port.out.DatabaseAdmin.CheckpointResult;
import dev.stowage.application.port.out.Managed;
import dev.stowage.application.port.out.Transactions;
import dev.stowage.domain.error.StorageUnavailableException;
import dev.stowage.domain.error.StowageException;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.EOFException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQLite engine: one writer thread with its connection, a pool of read-only connections, the
 * schema migrations, and the checkpoints that keep the WAL small: every one of them tracked, so that
 * the pages each copies into the database file are known ({@link ChangeTracker}).
 *
 * <p>Writes go to the {@link GroupCommitWriter}; reads borrow a connection and run on the caller's
 * thread inside a deferred transaction, which pins one snapshot of the WAL for the whole work. A
 * call made inside a transaction joins it: nested writes get a savepoint, reads inside a write see
 * that write's own changes.
 */
public final class SqliteEngine implements Transactions, Managed {
    private static final Logger log = LoggerFactory.getLogger(SqliteEngine.class);
    private static final Duration READ_WAIT = Duration.ofSeconds(30);

    private enum State { NEW, RUNNING, STOPPED }

    private final SqliteSettings settings;
    private final SqliteMetrics metrics;
    private final ConnectionFactory connections;
    private final Migrations migrations;
    private final BusyRetry retry;
    private final TxScope scope = new TxScope();

    private volatile State state = State.NEW;
    private Session writerSession;
    private volatile GroupCommitWriter writer;
    private volatile ReaderPool readers;
    private ScheduledExecutorService checkpointTimer;
    // Used only by the checkpoint timer's thread.
    private Session checkpointerSession;
    /** Runs every checkpoint, so that it knows which pages changed; tracks nothing until started. */
    private volatile ChangeTracker tracker;
    /**
     * The database file, open for reading from start to stop: frozen snapshots read through it. One
     * descriptor for the engine's life, closed only after SQLite's connections: on Linux, closing any
     * descriptor of a file drops every POSIX lock this process holds on it, SQLite's included (SQLite
     * would go on believing it holds them; another process could then take the database for its own,
     * checkpoint it and delete the WAL under our connections).
     */
    private volatile RandomAccessFile databaseFile;
    /** Frozen views open now ({@link SqliteDatabaseSnapshots}): no checkpoint can copy a frame while one is. */
    private final java.util.concurrent.atomic.AtomicInteger frozen = new java.util.concurrent.atomic.AtomicInteger();
    /** The change log's size past which it is started afresh; tests lower it. */
    volatile long maxChangeLogBytes = ChangeTracker.DEFAULT_MAX_LOG_BYTES;
    /** {@link #WAL_RESTART_BYTES}; the crash tests lower it, so that kills land in folds on the writer too. */
    volatile long walRestartBytes = WAL_RESTART_BYTES;
    /** How often the WAL's size is looked at, and the size past which it is checkpointed. */
    static final long WAL_WATCH_MILLIS = 200;
    static final long WAL_CHECKPOINT_BYTES = 4L << 20;
    /**
     * A WAL holding more frames than this after a background checkpoint has its tail (no longer than
     * this either) folded in on the writer, so that the next write starts it over (see
     * {@link #periodicCheckpoint}).
     */
    static final long WAL_RESTART_BYTES = 16L << 20;
    /** Background checkpoints at most, one after another, before a tail is folded in on the writer. */
    private static final int NARROWING_PASSES = 3;
    /** A tail this short goes to the writer at once. */
    private static final long SHORT_TAIL_BYTES = 1L << 20;
    /** SQLite's page size unless the file says otherwise, for a WAL not yet seen by the change tracker. */
    private static final int DEFAULT_PAGE_SIZE = 4096;

    public SqliteEngine(SqliteSettings settings, MeterRegistry registry) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.metrics = new SqliteMetrics(Objects.requireNonNull(registry, "registry"));
        this.connections = new ConnectionFactory(settings);
        this.tracker = ChangeTracker.none(settings);
        this.migrations = new Migrations(connections.migrationDataSource());
        this.retry = new BusyRetry(settings.maxBusyRetries(), metrics);
        metrics.gauge("read.pool.in.use", "Read connections lent out now", "connections", this,
                engine -> engine.readers == null ? 0 : engine.readers.inUse());
        metrics.gauge("wal.size", "Size of the write-ahead log file", "bytes", this, SqliteEngine::walBytes);
        metrics.gauge("write.queue", "Write transactions waiting for the writer thread", "transactions", this,
                engine -> engine.writer == null ? 0 : engine.writer.queued());
    }

    SqliteSettings settings() {
        return settings;
    }

    Migrations migrations() {
        return migrations;
    }

    /**
     * Applies pending migrations while {@code writer} is open. Flyway writes through a connection of
     * its own, and each migration commits on its own (so also when a later one fails); one read then
     * brings the writer's connection up to date. Without it, the writer's truncating checkpoint (the
     * one stop runs) reported busy after waiting out the busy timeout, five seconds by default.
     */
    List<String> migrateWith(Session writer) throws SQLException {
        try {
            return migrations.migrate();
        } finally {
            writer.queryLong("PRAGMA schema_version");
        }
    }

    boolean running() {
        return state == State.RUNNING;
    }

    // ---- Managed

    @Override
    public int phase() {
        return 0;
    }

    @Override
    public String name() {
        return "sqlite";
    }

    @Override
    public synchronized void start() {
        if (state != State.NEW) {
            throw new IllegalStateException("the SQLite engine was already started");
        }
        Path file = settings.databaseFile();
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new StorageUnavailableException("cannot create the database folder " + file.getParent(), e);
        }
        try {
            writerSession = connections.openWriter();
            databaseFile = new RandomAccessFile(file.toFile(), "r");
            // an up-to-date schema (every restart) is checked without Flyway: see Migrations.upToDate
            if (settings.migrateOnStart() && !migrations.upToDate(writerSession.jdbc())) {
                List<String> applied = migrateWith(writerSession);
                if (!applied.isEmpty()) {
                    log.info("Migrated {} to schema version {}", file, applied.get(applied.size() - 1));
                }
            }
            readers = ReaderPool.open(connections, settings.readPoolSize());
            checkpointerSession = connections.openCheckpointer();
            // after the migrations: a checkpoint Flyway's connections ran shows as a change from outside
            tracker = ChangeTracker.open(settings, connections, maxChangeLogBytes);
        } catch (SQLException e) {
            throw SqliteErrors.translate(e);
        } catch (IOException e) {
            throw new StorageUnavailableException("cannot open the database file " + file + " for reading", e);
        }
        GroupCommitWriter started = new GroupCommitWriter(writerSession, scope, retry, metrics);
        started.start();
        writer = started;
        checkpointTimer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("stowage-sqlite-checkpoint"));
        long every = settings.checkpointInterval().toMillis();
        checkpointTimer.scheduleWithFixedDelay(this::periodicCheckpoint, every, every, TimeUnit.MILLISECONDS);
        checkpointTimer.scheduleWithFixedDelay(this::checkpointIfWalLarge, WAL_WATCH_MILLIS, WAL_WATCH_MILLIS,
                TimeUnit.MILLISECONDS);
        state = State.RUNNING;
        log.info("Opened {} (synchronous {}, {} readers)", file, settings.synchronous(), settings.readPoolSize());
    }

    /** Drains queued writes, closes the readers, truncates the WAL and closes the writer. Never throws. */
    @Override
    public synchronized void stop() {
        if (state == State.STOPPED) {
            return;
        }
        try {
            if (checkpointTimer != null) {
                // no new run, and a running checkpoint finishes while the engine is still open (it may need the
                // writer), rather than failing as the connections close under it
                checkpointTimer.shutdown();
                try {
                    checkpointTimer.awaitTermination(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    log.warn("Closing {} was interrupted while a checkpoint ran", settings.databaseFile(), e);
                }
            }
            state = State.STOPPED;
            if (checkpointerSession != null) {
                checkpointerSession.close();
            }
            if (writer != null) {
                writer.shutdown();
            }
            if (readers != null) {
                readers.close();
            }
            if (writerSession != null) {
                if (writer != null) {
                    // the writer thread has ended, so its connection is ours now
                    CheckpointResult result = checkpointOn(writerSession, CheckpointMode.TRUNCATE);
                    if (result.busy()) {
                        log.warn("The WAL of {} could not be truncated at shutdown: a reader was still open",
                                settings.databaseFile());
                    }
                }
                // the writer is the last connection: SQLite checkpoints once more as it closes
                tracker.closeWith(writerSession);
            }
        } catch (RuntimeException | SQLException e) {
            log.warn("Closing {} did not finish cleanly", settings.databaseFile(), e);
            tracker.close();
            if (writerSession != null) {
                writerSession.close();
            }
        } finally {
            closeDatabaseFile();
        }
    }

    /** After SQLite's connections are closed: see {@link #databaseFile}. */
    private void closeDatabaseFile() {
        RandomAccessFile file = databaseFile;
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                log.debug("Closing the read descriptor of {} failed", settings.databaseFile(), e);
            }
        }
    }

    /**
     * Reads the database file's bytes from {@code position} into the whole of {@code into}, bypassing
     * SQLite (a frozen snapshot's reads), through the engine's one descriptor (see {@link #databaseFile}).
     * A {@code RandomAccessFile}, not a {@code FileChannel}: a thread interrupted in a channel's read
     * closes the channel, and with it the descriptor.
     *
     * @throws EOFException when the file ends first
     */
    void readDatabase(long position, byte[] into) throws IOException {
        RandomAccessFile file = openDatabaseFile();
        synchronized (file) {
            file.seek(position);
            file.readFully(into);
        }
    }

    /** The database file's length in bytes now. */
    long databaseFileLength() throws IOException {
        return openDatabaseFile().length();
    }

    private RandomAccessFile openDatabaseFile() {
        RandomAccessFile file = databaseFile;
        if (file == null || !running()) {
            throw new StorageUnavailableException("the database " + settings.databaseFile() + " is not open", null);
        }
        return file;
    }

    // ---- Transactions

    @Override
    public <T> T write(Supplier<T> work) {
        Objects.requireNonNull(work, "work");
        TxContext tx = scope.current();
        if (tx == null) {
            return openWriter().write(work);
        }
        if (!tx.writable()) {
            throw new IllegalStateException("Transactions.write was called inside Transactions.read; "
                    + "a read snapshot cannot write");
        }
        return nestedWrite(tx, work);
    }

    @Override
    public <T> T read(Supplier<T> work) {
        Objects.requireNonNull(work, "work");
        if (scope.current() != null) {
            return work.get();
        }
        return readAlone(work, READ_WAIT);
    }

    /** A read in its own snapshot, waiting at most {@code wait} for a free connection. */
    <T> T readAlone(Supplier<T> work, Duration wait) {
        ReaderPool pool = readers;
        if (pool == null || !running()) {
            throw new StorageUnavailableException("the database is not open", null);
        }
        Session session = pool.borrow(wait);
        try {
            return retry.call(() -> readOnce(session, work));
        } finally {
            pool.release(session);
        }
    }

    private <T> T readOnce(Session session, Supplier<T> work) {
        TxContext tx = new TxContext(TxContext.Kind.READ, session);
        scope.bind(tx);
        try {
            // deferred: the snapshot is taken by the first read and held until COMMIT
            session.control("BEGIN");
            T result = work.get();
            session.control("COMMIT");
            return result;
        } catch (Throwable failure) {
            session.rollbackQuietly();
            throw Throwables.sneaky(Throwables.atBoundary(failure));
        } finally {
            scope.clear();
        }
    }

    private <T> T nestedWrite(TxContext tx, Supplier<T> work) {
        tx.checkUsable();
        Session session = tx.session();
        // the first write of a caller's work in a group, with nothing changed before it, needs no
        // savepoint of its own: rolling back to the caller's undoes exactly this write, and saves
        // two statements on the single writer thread per enqueue
        String shared = tx.savepointToShare(session.totalChanges());
        String savepoint = shared != null ? shared : tx.nextSavepoint();
        T result;
        tx.nestedStarted();
        try {
            if (shared == null) {
                session.control("SAVEPOINT " + savepoint);
            }
            result = work.get();
            tx.checkUsable();
            if (shared == null) {
                session.control("RELEASE " + savepoint);
            }
        } catch (Throwable failure) {
            boolean intact = shared == null ? Savepoints.rollbackTo(session, savepoint)
                    : Savepoints.rollbackKeeping(session, shared);
            tx.forgetRemembered();
            if (!intact) {
                tx.poison(new StorageUnavailableException("the write transaction was rolled back by SQLite", failure));
            }
            throw Throwables.sneaky(Throwables.atBoundary(failure));
        } finally {
            tx.nestedEnded();
        }
        return result;
    }

    /**
     * {@code read}'s answer for {@code key}, read once per write transaction: inside a write, the
     * first call runs {@code read} on the writer's session and later calls in the same transaction
     * (other callers of one group commit too) get the same answer. The transaction holds the write
     * lock, so no other connection or process can change the rows meanwhile; a savepoint rollback
     * drops every answer, and a store that changes the rows must call {@link #forgetRemembered}.
     * Outside a write, {@code read} runs each time, as {@link Db#readSession} would run it.
     */
    @SuppressWarnings("unchecked")
    <T> T remembered(Object key, SqlFunction<T> read) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(read, "read");
        TxContext tx = scope.current();
        if (tx == null || !tx.writable()) {
            return read(() -> onCurrentSession(read));
        }
        Object known = tx.remembered(key);
        if (known != null) {
            return (T) known;
        }
        T value = onCurrentSession(read);
        tx.remember(key, value);
        return value;
    }

    /** Drops what {@link #remembered} kept in the current write transaction; nothing outside one. */
    void forgetRemembered() {
        TxContext tx = scope.current();
        if (tx != null) {
            tx.forgetRemembered();
        }
    }

    /** True when the current thread runs inside a transaction of this engine, to read or to write. */
    boolean inTransaction() {
        return scope.current() != null;
    }

    /**
     * Runs {@code action} right after the current write transaction commits, on the writer thread,
     * before any caller of that transaction is released; drops it if the transaction rolls back.
     * It also runs when only the registering caller's savepoint was rolled back while the
     * transaction committed, so it must be harmless then (invalidating a cache is). Outside any
     * transaction nothing is pending, and it runs at once.
     *
     * @throws IllegalStateException inside {@code Transactions.read}
     */
    void afterCommit(Runnable action) {
        Objects.requireNonNull(action, "action");
        TxContext tx = scope.current();
        if (tx == null) {
            action.run();
            return;
        }
        if (!tx.writable()) {
            throw new IllegalStateException("afterCommit was called inside Transactions.read, which never commits writes");
        }
        tx.afterCommit(action);
    }

    /**
     * Runs a jOOQ query on the current thread's transaction, which must exist. SQL failures become
     * Stowage errors here, so stores see the same errors whether they joined a transaction or not.
     */
    <T> T onCurrent(Function<DSLContext, T> query) {
        return onCurrentSession(session -> query.apply(session.dsl()));
    }

    /**
     * Like {@link #onCurrent} for stores that also run cached JDBC statements on the session itself
     * (hot paths, where rendering a jOOQ query on every call costs more than running it).
     */
    <T> T onCurrentSession(SqlFunction<T> action) {
        TxContext tx = scope.current();
        if (tx == null) {
            throw new IllegalStateException("no transaction on this thread");
        }
        tx.checkUsable();
        try {
            return action.apply(tx.session());
        } catch (DataAccessException e) {
            SQLException cause = SqliteErrors.sqlCause(e).orElse(null);
            if (cause == null) {
                throw e;
            }
            throw failed(tx, cause, e);
        } catch (SQLException e) {
            throw failed(tx, e, e);
        }
    }

    private static RuntimeException failed(TxContext tx, SQLException cause, Exception thrown) {
        if (!tx.writable() && SqliteErrors.primaryCode(cause) == SqliteErrors.READONLY) {
            return new IllegalStateException("a statement tried to write inside Transactions.read", thrown);
        }
        StowageException failure = SqliteErrors.translate(cause);
        if (tx.writable() && SqliteErrors.mayEndTransaction(cause)) {
            tx.poison(failure);
        }
        return failure;
    }

    private GroupCommitWriter openWriter() {
        GroupCommitWriter current = writer;
        if (current == null || !running()) {
            throw new StorageUnavailableException("the database is not open", null);
        }
        return current;
    }

    /** Runs {@code action} on the writer connection between write transactions. */
    <T> T onWriter(SqlFunction<T> action) {
        return openWriter().admin(action);
    }

    // ---- checkpoints and facts

    CheckpointResult checkpoint(CheckpointMode mode) {
        Objects.requireNonNull(mode, "mode");
        return onWriter(session -> checkpointOn(session, mode));
    }

    /** A tracked checkpoint (see {@link ChangeTracker}) on {@code session}. */
    CheckpointResult checkpointOn(Session session, CheckpointMode mode) throws SQLException {
        CheckpointResult result = tracker.checkpoint(session, mode);
        metrics.checkpoint(mode);
        return result;
    }

    /** A tracked passive checkpoint on {@code session}, and with {@code mark} a change mark of the moment after it. */
    ChangeTracker.Tracked checkpointMarking(Session session, boolean mark) throws SQLException {
        ChangeTracker.Tracked tracked = tracker.checkpoint(session, CheckpointMode.PASSIVE, mark);
        metrics.checkpoint(CheckpointMode.PASSIVE);
        return tracked;
    }

    ChangeTracker tracker() {
        return tracker;
    }

    /** Counts a frozen view open until the returned action runs (once). */
    Runnable holdingStill() {
        frozen.incrementAndGet();
        var released = new java.util.concurrent.atomic.AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                frozen.decrementAndGet();
            }
        };
    }

    /**
     * The periodic checkpoint, on the checkpoint connection: PASSIVE copies what no reader still
     * needs without waiting for anyone, and its fsync of the database file does not hold up commits.
     *
     * <p>Beside a steady writer it never copies every frame: it copies up to the moment it began
     * (ChangeTracker's pin), and the writer commits meanwhile. SQLite starts the WAL over only when a
     * write begins on a log whose every frame is in the file, so under steady writes the WAL would
     * grow without end (1.5 GB in the backup benchmark's enqueue phase), and the first commit after
     * it finally started over cut the file back to the journal size limit on the writer's thread:
     * an 820 ms stall. So when the WAL is long and the background left only a short tail (no old
     * reader holds it back), the tail is folded in on the writer between transactions, where no
     * commit can come in between; the next write then starts the log over.
     */
    void periodicCheckpoint() {
        if (frozen.get() > 0) {
            // the frozen view's readers keep every frame out of the file: nothing could be copied
            return;
        }
        try {
            CheckpointResult result = checkpointOn(checkpointerSession, CheckpointMode.PASSIVE);
            // each pass beside the writer copies what came in during the one before, a shorter tail each time:
            // what is left for the writer to fold in is then short too
            for (int pass = 1; pass < NARROWING_PASSES && tailToFold(result) && tail(result) > SHORT_TAIL_BYTES; pass++) {
                result = checkpointOn(checkpointerSession, CheckpointMode.PASSIVE);
            }
            if (tailToFold(result)) {
                CheckpointResult background = result;
                long asked = System.nanoTime();
                long[] began = new long[1];
                result = onWriter(writer -> {
                    began[0] = System.nanoTime();
                    return checkpointOn(writer, CheckpointMode.PASSIVE);
                });
                long ended = System.nanoTime();
                log.debug("Folded the WAL's tail of {} in on the writer after {}: waited {} µs for the writer, held it {} µs",
                        settings.databaseFile(), background, (began[0] - asked) / 1000, (ended - began[0]) / 1000);
            }
            log.debug("Periodic checkpoint of {}: {}", settings.databaseFile(), result);
        } catch (SQLException | RuntimeException e) {
            if (!running()) {
                // outlived stop()'s wait for it: the connections were closed under it, and stop() checkpoints itself
                log.debug("Periodic checkpoint of {} ended by shutdown: {}", settings.databaseFile(), e.toString());
                return;
            }
            // the next run tries again
            log.warn("Periodic checkpoint of {} failed", settings.databaseFile(), e);
        }
    }

    /**
     * Whether a background checkpoint left a long WAL with a short tail: what it left was committed
     * while it ran. A long tail means a reader's old snapshot holds it back; the writer could copy no
     * more of it, and would only read its frame headers again (ChangeTracker scans what was not
     * copied), so what the writer does here stays bounded.
     */
    private boolean tailToFold(CheckpointResult background) {
        long restartBytes = walRestartBytes;
        return !background.busy() && background.walPages() * pageSize() >= restartBytes
                && tail(background) <= restartBytes && frozen.get() == 0;
    }

    /** The bytes of WAL frames a checkpoint did not copy. */
    private long tail(CheckpointResult checkpoint) {
        return ((long) checkpoint.walPages() - checkpoint.copied()) * pageSize();
    }

    private long pageSize() {
        return tracker.pageSize() > 0 ? tracker.pageSize() : DEFAULT_PAGE_SIZE;
    }

    /** Keeps the WAL short under steady writing, between the periodic checkpoints. */
    private void checkpointIfWalLarge() {
        if (walBytes() >= WAL_CHECKPOINT_BYTES) {
            periodicCheckpoint();
        }
    }

    long walBytes() {
        return fileSize(settings.walFile());
    }

    long databaseBytes() {
        return fileSize(settings.databaseFile());
    }

    private static long fileSize(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            // removed between the two calls (a checkpoint at close): it is gone, so empty
            return 0;
        }
    }

    /** Write tasks waiting for the writer thread; for tests that need a batch to form. */
    int queuedWrites() {
        GroupCommitWriter current = writer;
        return current == null ? 0 : current.queued();
    }
}
