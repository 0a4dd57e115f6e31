package dev.stowage.adapter.out.sqlite;

import dev.stowage.application.port.out.Leadership;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import org.sqlite.SQLiteConfig;

/**
 * Leadership among the processes (and the instances within one process) that use one SQLite
 * database: the leader holds an exclusive transaction open on a small lock database beside it,
 * {@code <database>-leader}, on a connection of its own. The lock is SQLite's, an OS lock on that
 * file: the kernel drops it when the holding process dies ({@code kill -9} included), so the next
 * candidate to ask takes over at once.
 *
 * <p>Why SQLite's lock and not a Java {@code FileLock} on a plain file: a {@code FileLock} is held by
 * the whole JVM, a second channel on the file in the same JVM cannot test it, and closing any
 * channel to the file drops every lock the process holds on it (POSIX). SQLite keeps the locks of
 * all connections of a process to one file in one table of its own and only closes their files
 * when none is locked, so two instances in one JVM compete as two processes do. The lock database
 * never holds a row: the transaction writes nothing, so no journal is left by a crash.
 *
 * <p>A hold is checked at each ask: the connection must still be open and the lock file must still
 * be the file it locked (one deleted and made again would let another lock a new file).
 */
final class SqliteLeadership implements Leadership {
    private static final System.Logger LOG = System.getLogger(SqliteLeadership.class.getName());

    private final Path lockFile;
    private Connection held;
    private Object heldFileKey;
    private boolean closed;

    SqliteLeadership(Path databaseFile) {
        Path db = Objects.requireNonNull(databaseFile, "databaseFile").toAbsolutePath().normalize();
        this.lockFile = db.resolveSibling(db.getFileName() + "-leader");
    }

    @Override
    public synchronized boolean tryLead() {
        if (closed) {
            return false;
        }
        if (held != null) {
            if (stillHeld()) {
                return true;
            }
            drop();
            return false;
        }
        Connection c = null;
        try {
            Files.createDirectories(lockFile.getParent());
            SQLiteConfig config = new SQLiteConfig();
            config.setBusyTimeout(0);
            c = config.createConnection("jdbc:sqlite:" + lockFile);
            try (var s = c.createStatement()) {
                // takes SQLite's EXCLUSIVE lock on the file now, or fails at once with SQLITE_BUSY
                s.execute("BEGIN EXCLUSIVE");
            }
            held = c;
            heldFileKey = fileKey();
            return true;
        } catch (SQLException e) {
            // SQLITE_BUSY: another candidate leads; anything else: nobody can lead through this file now
            if (!isBusy(e)) {
                LOG.log(System.Logger.Level.WARNING, "cannot take the maintenance lock " + lockFile + ": " + e.getMessage());
            }
            closeQuietly(c);
            return false;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot take the maintenance lock " + lockFile + ": " + e.getMessage());
            closeQuietly(c);
            return false;
        }
    }

    @Override
    public synchronized void release() {
        drop();
    }

    @Override
    public String describe() {
        return "SQLite lock file " + lockFile;
    }

    @Override
    public synchronized void close() {
        drop();
        closed = true;
    }

    /** For tests: closes the holding connection behind the candidate's back, as its death would. */
    synchronized void cutOff() {
        closeQuietly(held);
    }

    private boolean stillHeld() {
        try {
            return !held.isClosed() && Objects.equals(heldFileKey, fileKey());
        } catch (SQLException | IOException e) {
            return false;
        }
    }

    private Object fileKey() throws IOException {
        try {
            return Files.readAttributes(lockFile, BasicFileAttributes.class).fileKey();
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        }
    }

    private void drop() {
        if (held != null) {
            // closing the connection ends the transaction, which wrote nothing, and frees the lock
            closeQuietly(held);
            held = null;
            heldFileKey = null;
        }
    }

    private static boolean isBusy(SQLException e) {
        // SQLITE_BUSY (5) and its extended codes, which keep 5 in the low byte
        return (e.getErrorCode() & 0xff) == 5;
    }

    private static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException ignored) {
            // the lock goes with the connection either way
        }
    }
}
