package dev.stowage.adapter.out.postgres;

import dev.stowage.application.port.out.Leadership;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Leadership among the instances on one PostgreSQL database: a session-level advisory lock
 * ({@code pg_try_advisory_lock}) taken on a connection of its own, outside the pool.
 *
 * <p>Why an advisory lock and not a leader row with a lease: the server releases a session lock
 * the moment the session ends, so a {@code kill -9}ed leader (its socket closed by the kernel) is
 * replaced at the next candidate's round, with no lease to wait out and no clocks to compare. The
 * hold is the session itself, which the holder re-checks each round ({@code pg_locks} for its own
 * backend); any failure there (the connection broke, the session was terminated) counts as the hold
 * lost. The one case a session outlives its client is a half-open connection (the client's machine
 * vanished without closing its socket): for that the session sets the server's TCP keepalives so
 * that the server ends it, and frees the lock, within about 20 seconds. A pooler in transaction
 * mode cannot hold a session lock: this connection must reach the server directly (or through a
 * pooler in session mode), as the NOTIFY listener's does.
 *
 * <p>The lock is the two-key advisory lock ({@link #KEY_SPACE}, {@link #KEY}), in the database's own
 * namespace of advisory locks: instances of another database on the same server do not compete.
 */
final class PgLeadership implements Leadership {
    private static final System.Logger LOG = System.getLogger(PgLeadership.class.getName());
    /** "STOW" and "LEAD" in ASCII: the first key spaces Stowage's advisory locks, the second is this one. */
    static final int KEY_SPACE = 0x53544f57;
    static final int KEY = 0x4c454144;
    /** Longest a round waits on a silent server before it counts the hold lost. */
    private static final int SOCKET_TIMEOUT_SECONDS = 15;

    private final PGSimpleDataSource source;
    private final String database;
    private Connection connection;
    private boolean held;
    private boolean closed;

    PgLeadership(PostgresSettings settings) {
        Objects.requireNonNull(settings, "settings");
        this.source = PgEngine.directDataSource(settings);
        source.setApplicationName("stowage-leader");
        source.setTcpKeepAlive(true);
        source.setSocketTimeout(SOCKET_TIMEOUT_SECONDS);
        this.database = source.getDatabaseName();
    }

    @Override
    public synchronized boolean tryLead() {
        if (closed) {
            return false;
        }
        try {
            if (held) {
                if (stillHeld()) {
                    return true;
                }
                drop();
                return false;
            }
            if (connection == null) {
                connection = open();
            }
            try (PreparedStatement s = connection.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
                s.setInt(1, KEY_SPACE);
                s.setInt(2, KEY);
                try (var rs = s.executeQuery()) {
                    rs.next();
                    held = rs.getBoolean(1);
                }
            }
            return held;
        } catch (SQLException e) {
            // the server is unreachable or the session broke: nobody leads through this connection
            LOG.log(System.Logger.Level.DEBUG, "maintenance lock round failed: " + e.getMessage());
            drop();
            return false;
        }
    }

    @Override
    public synchronized void release() {
        if (!held) {
            return;
        }
        held = false;
        try (PreparedStatement s = connection.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
            s.setInt(1, KEY_SPACE);
            s.setInt(2, KEY);
            s.executeQuery().close();
        } catch (SQLException e) {
            // the session is in doubt: ending it is what surely frees the lock
            drop();
        }
    }

    @Override
    public String describe() {
        return "PostgreSQL advisory lock (" + KEY_SPACE + ", " + KEY + ") on database " + database;
    }

    @Override
    public synchronized void close() {
        drop();
        closed = true;
    }

    /** For tests: the server process of the session that holds or asks for the lock, or -1. */
    synchronized int backendPid() {
        if (connection == null) {
            return -1;
        }
        try (Statement s = connection.createStatement(); var rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    private Connection open() throws SQLException {
        Connection c = source.getConnection();
        try (Statement s = c.createStatement()) {
            // the server's side of the keepalives: a vanished client's session (and lock) ends in ~20 s
            s.execute("SET tcp_keepalives_idle = 5");
            s.execute("SET tcp_keepalives_interval = 5");
            s.execute("SET tcp_keepalives_count = 3");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private boolean stillHeld() throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
                + " AND pid = pg_backend_pid() AND classid = ? AND objid = ? AND objsubid = 2 AND granted")) {
            s.setInt(1, KEY_SPACE);
            s.setInt(2, KEY);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        }
    }

    private void drop() {
        held = false;
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the session, and the lock with it, ends with the connection either way
            }
            connection = null;
        }
    }
}
