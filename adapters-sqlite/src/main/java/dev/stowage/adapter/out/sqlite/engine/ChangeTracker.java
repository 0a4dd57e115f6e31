package dev.stowage.adapter.out.sqlite.engine;

import dev.stowage.adapter.out.sqlite.SqliteSettings;
import dev.stowage.adapter.out.sqlite.engine.ChangeLog.FileState;
import dev.stowage.application.port.out.DatabaseAdmin.CheckpointMode;
import dev.stowage.application.port.out.DatabaseAdmin.CheckpointResult;
import dev.stowage.application.port.out.DatabaseSnapshots.ChangedPages;
import dev.stowage.domain.error.StorageUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knows which pages of the database file changed since an earlier moment, by running every
 * checkpoint of this process itself (SQLite's automatic ones are off on every connection).
 *
 * <p>In WAL mode the database file changes only when a checkpoint copies frames of the WAL into it.
 * A <em>tracked checkpoint</em>: (1) begins a read transaction on a connection of its own, the
 * <em>pin</em>: a checkpoint never copies a frame past the snapshot of an open reader (it is bounded
 * by the readers' marks, and with a reader on {@code WAL_READ_LOCK(0)} copies nothing), and no one can
 * restart the WAL under it, so whatever this checkpoint copies was committed, and whole on disk, before
 * the pin began; (2) compares the database file with the state the last tracked checkpoint left: any
 * difference means someone else wrote it (another process's checkpoint, a replaced file), and the log
 * starts afresh; (3) reads the page numbers of the WAL's frames from where the last scan left off;
 * (4) appends them to the {@link ChangeLog} as a new epoch and syncs it; only then (5) runs the
 * checkpoint; (6) stamps the file's modification time with a value of its own if the checkpoint wrote
 * to it (see {@link #stamp}), records the file's state, and ends the pin. Frames after the first the
 * checkpoint did not copy are read again next time, so a frame read half-written, or rolled back and
 * written over, is read again before it can be copied.
 *
 * <p>A freeze's checkpoint folds in every frame, so every page copied into the file after the freeze is
 * logged in a later epoch; the freeze's mark is an empty epoch appended after it (see {@link #mark}).
 *
 * <p>One tracked checkpoint runs at a time. When another process holds the log, this engine tracks
 * nothing: its checkpoints are plain, it gives no marks, and the process that tracks sees its
 * checkpoints as changes from outside.
 */
final class ChangeTracker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChangeTracker.class);
    private static final Pattern MARK = Pattern.compile("sqlite-pages/1/([0-9a-f]{32})/([0-9]{1,18})");
    /** Past this size the log is started afresh (marks older than that then get no answer). */
    static final long DEFAULT_MAX_LOG_BYTES = 64L << 20;

    private final Path databaseFile;
    private final Path walFile;
    private final ChangeLog changes;
    private final Session pin;
    private final long maxLogBytes;
    private final long busyTimeoutNanos;
    private WalFrames.Position position = WalFrames.Position.START;
    private int pageSize;
    private boolean closed;
    /** Set when the log could not be written: the checkpoints since were not tracked. */
    private boolean broken;

    private ChangeTracker(SqliteSettings settings, ChangeLog changes, Session pin, long maxLogBytes) {
        this.databaseFile = settings.databaseFile();
        this.walFile = settings.walFile();
        this.changes = changes;
        this.pin = pin;
        this.maxLogBytes = maxLogBytes;
        this.busyTimeoutNanos = settings.busyTimeout().toNanos();
    }

    /** The log beside {@code database}. */
    static Path logFile(Path database) {
        return database.resolveSibling(database.getFileName() + "-changes");
    }

    /**
     * Starts tracking the database of {@code settings}, once its writer is open and migrated. Tracks
     * nothing (see the class comment) when another process holds the log.
     */
    static ChangeTracker open(SqliteSettings settings, ConnectionFactory connections, long maxLogBytes) throws SQLException {
        Path db = settings.databaseFile();
        Optional<ChangeLog> opened;
        try {
            opened = ChangeLog.open(logFile(db), db.getFileName().toString(), FileState.of(db));
        } catch (IOException e) {
            throw new StorageUnavailableException("opening the change log of " + db + " failed: " + e.getMessage(), e);
        }
        if (opened.isEmpty()) {
            log.info("The change log of {} is held by another process; this one tracks no changes", db);
            return new ChangeTracker(settings, null, null, maxLogBytes);
        }
        ChangeLog changes = opened.get();
        if (!changes.continued()) {
            log.debug("Change log of {} started afresh as {}", db, changes.id());
        }
        try {
            return new ChangeTracker(settings, changes, connections.openReader(), maxLogBytes);
        } catch (SQLException | RuntimeException e) {
            changes.close();
            throw e;
        }
    }

    /** A tracker that tracks nothing, for an engine that is not running. */
    static ChangeTracker none(SqliteSettings settings) {
        return new ChangeTracker(settings, null, null, DEFAULT_MAX_LOG_BYTES);
    }

    boolean tracking() {
        return changes != null;
    }

    /** A tracked checkpoint and its epoch, and the mark made right after it when one was asked for. */
    record Tracked(CheckpointResult result, Optional<String> mark) {
    }

    /**
     * Checkpoints on {@code on} in {@code mode}, tracked. A mode other than passive runs tracked passive
     * ones until one folds in every frame (readers may hold some back; it gives up, busy, after the busy
     * timeout, as SQLite's own would), then its own, which then has nothing of ours left to copy: if it
     * changed the file anyway, it copied frames another process appended in between, and the log
     * starts afresh.
     */
    synchronized CheckpointResult checkpoint(Session on, CheckpointMode mode) throws SQLException {
        return checkpoint(on, mode, false).result();
    }

    /** As {@link #checkpoint(Session, CheckpointMode)}; with {@code mark}, also a mark of the moment after it. */
    synchronized Tracked checkpoint(Session on, CheckpointMode mode, boolean mark) throws SQLException {
        if (changes == null || closed) {
            return new Tracked(plain(on, mode), Optional.empty());
        }
        try {
            if (broken) {
                renew(FileState.of(databaseFile), "the change log could not be written before");
                broken = false;
            }
            CheckpointResult result = trackedPassive(on);
            if (mode != CheckpointMode.PASSIVE) {
                long giveUp = System.nanoTime() + busyTimeoutNanos;
                while (!allFolded(result) && System.nanoTime() < giveUp) {
                    sleep();
                    result = trackedPassive(on);
                }
                if (!allFolded(result)) {
                    return new Tracked(new CheckpointResult(true, result.walPages(), result.copied()), Optional.empty());
                }
                FileState before = FileState.of(databaseFile);
                result = plain(on, mode);
                FileState after = FileState.of(databaseFile);
                if (!after.equals(before)) {
                    renew(after, "a " + mode + " checkpoint copied frames the passive one before it had not");
                }
            }
            Optional<String> made = Optional.empty();
            if (mark) {
                long epoch = changes.appendPages(pageSize, new int[0]);
                made = Optional.of("sqlite-pages/1/" + changes.id() + "/" + epoch);
            }
            return new Tracked(result, made);
        } catch (IOException e) {
            // the WAL must still be folded in (a full disk is no time to let it grow): untracked, so
            // the log is started afresh once it can be written again, and no mark is given meanwhile
            log.warn("The change log of {} could not be written ({}); checkpointing untracked, the next backup reads "
                    + "the whole database", databaseFile, e.toString());
            broken = true;
            return new Tracked(plain(on, mode), Optional.empty());
        }
    }

    /** Makes the log durable through everything appended so far, before a mark is handed out; false when it cannot. */
    synchronized boolean sync() {
        if (changes == null || closed || broken) {
            return false;
        }
        try {
            changes.sync();
            return true;
        } catch (IOException e) {
            log.warn("Syncing the change log of {} failed ({}); no change mark is given", databaseFile, e.toString());
            broken = true;
            return false;
        }
    }

    /**
     * The 0-based pages that may differ between the moment {@code earlier} marks and the one
     * {@code later} marks (a mark of this tracker, the later moment), or empty when it cannot be told.
     */
    synchronized Optional<ChangedPages> changedBetween(String earlier, String later, int snapshotPageSize) {
        if (changes == null || closed || broken) {
            return Optional.empty();
        }
        Matcher from = MARK.matcher(earlier);
        Matcher to = MARK.matcher(later);
        if (!from.matches() || !to.matches() || !from.group(1).equals(to.group(1))) {
            return Optional.empty();
        }
        long after = Long.parseLong(from.group(2));
        long upTo = Long.parseLong(to.group(2));
        try {
            Optional<ChangeLog.Changes> found = changes.pagesBetween(from.group(1), after, upTo);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            int logged = found.get().pageSize();
            if (logged != 0 && logged != snapshotPageSize) {
                return Optional.empty();
            }
            return Optional.of(new ChangedPages(snapshotPageSize, found.get().pages()));
        } catch (IOException e) {
            log.debug("Reading the change log of {} failed; the backup reads everything", databaseFile, e);
            return Optional.empty();
        }
    }

    /** The page size the WAL names, 0 before one was seen. */
    synchronized int pageSize() {
        return pageSize;
    }

    static boolean allFolded(CheckpointResult result) {
        return !result.busy() && result.walPages() >= 0 && result.walPages() == result.copied();
    }

    private static void sleep() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private CheckpointResult trackedPassive(Session on) throws SQLException, IOException {
        beginPin();
        try {
            FileState now = FileState.of(databaseFile);
            if (!changes.intact()) {
                renew(now, "the change log was deleted or replaced");
            } else if (changes.damaged()) {
                renew(now, "the change log was found damaged");
            } else if (!now.equals(changes.lastState())) {
                renew(now, "the database file was changed outside a tracked checkpoint");
            } else if (changes.bytes() > maxLogBytes) {
                renew(now, "the change log grew past " + maxLogBytes + " bytes");
            }
            WalFrames.Scan scan = WalFrames.scan(walFile, position);
            if (scan.pageSize() != 0) {
                if (pageSize != 0 && pageSize != scan.pageSize()) {
                    renew(now, "the page size changed");
                }
                pageSize = scan.pageSize();
            }
            if (scan.pages().length > 0) {
                changes.appendPages(pageSize, scan.pages());
                changes.sync();
            }
            CheckpointResult result = plain(on, CheckpointMode.PASSIVE);
            position = scan.resumeAt(result.copied());
            FileState after = FileState.of(databaseFile);
            if (!after.equals(now)) {
                after = stamp(after);
                changes.appendState(after);
            }
            return result;
        } finally {
            endPin();
        }
    }

    /**
     * Sets the file's modification time to a value of its own (within the last second, its milliseconds
     * drawn at random), so that a later write by anyone shows: a write sets the time to the kernel's
     * clock at its last tick, whose nanoseconds equal this whole-millisecond value only by a
     * one-in-a-billion chance, however coarse the ticks. Returns the state as it now is.
     *
     * <p>Set by path ({@code java.io.File}, one {@code utimensat} on the name), never through
     * {@code Files.setLastModifiedTime}: that opens the file and closes it again, and on Linux closing
     * any descriptor of a file drops every POSIX lock this process holds on it, SQLite's own included
     * (SQLite would go on believing it holds them, and another process could then take the database
     * for its own, checkpoint and delete the WAL under our connections).
     */
    private FileState stamp(FileState written) throws IOException {
        long value = System.currentTimeMillis() - 1 - ThreadLocalRandom.current().nextLong(999);
        if (!databaseFile.toFile().setLastModified(value)) {
            log.debug("Stamping {} failed; changes from outside within one clock tick may go unseen", databaseFile);
            return written;
        }
        return FileState.of(databaseFile);
    }

    private void renew(FileState now, String why) throws IOException {
        log.info("Change tracking of {} starts afresh: {}; the next backup reads the whole database", databaseFile, why);
        changes.renew(now, 0);
        // whatever the WAL holds beyond what is known folded in is read again into the new log
        position = WalFrames.Position.START;
    }

    /**
     * Ends tracking at shutdown: records the file's state after {@code writer}, the last connection,
     * is closed (SQLite checkpoints once more on closing the last connection; that finds nothing to copy
     * after a tracked checkpoint unless another process appended frames, and then the state differs and
     * the next start begins afresh). Closes {@code writer}.
     */
    synchronized void closeWith(Session writer) {
        if (closed) {
            writer.close();
            return;
        }
        closed = true;
        if (changes == null) {
            writer.close();
            return;
        }
        pin.close();
        try {
            FileState before = FileState.of(databaseFile);
            writer.close();
            FileState after = FileState.of(databaseFile);
            if (after.equals(before) && before.equals(changes.lastState())) {
                changes.sync();
            } else {
                log.debug("{} changed as the last connection closed; change tracking starts afresh on the next start", databaseFile);
            }
        } catch (IOException e) {
            log.warn("Closing the change log of {} failed", databaseFile, e);
        } finally {
            changes.close();
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (pin != null) {
            pin.close();
        }
        if (changes != null) {
            changes.close();
        }
    }

    private void beginPin() throws SQLException {
        pin.jdbc().setAutoCommit(false);
        try (Statement s = pin.jdbc().createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_schema")) {
            rs.next();
        }
    }

    private void endPin() {
        try {
            pin.jdbc().rollback();
            pin.jdbc().setAutoCommit(true);
        } catch (SQLException e) {
            log.debug("Ending the checkpoint's pin failed", e);
        }
    }

    /** {@code PRAGMA wal_checkpoint(mode)} on {@code on}. */
    static CheckpointResult plain(Session on, CheckpointMode mode) throws SQLException {
        try (Statement statement = on.jdbc().createStatement();
             ResultSet row = statement.executeQuery("PRAGMA wal_checkpoint(" + mode.name() + ")")) {
            row.next();
            return new CheckpointResult(row.getInt(1) != 0, row.getInt(2), row.getInt(3));
        }
    }
}
