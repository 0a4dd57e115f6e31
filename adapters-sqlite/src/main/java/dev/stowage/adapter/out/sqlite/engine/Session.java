package dev.stowage.adapter.out.sqlite.engine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.sqlite.SQLiteConnection;
import org.sqlite.core.DB;

/**
 * One open SQLite connection and the jOOQ context bound to it. Used by one thread at a time: the
 * writer thread for the writer, the borrowing thread for a reader.
 */
public final class Session implements AutoCloseable {
    private final Connection jdbc;
    private final DSLContext dsl;
    // hot statements stay compiled for the life of the connection: preparing one costs more than
    // running it (sqlite-jdbc prepares anew on every prepareStatement)
    private final Map<String, PreparedStatement> prepared = new HashMap<>();
    private static final int MAX_KEPT_CONTROL = 300;
    private int controlKept;
    // the native handle, for the change counter; null when the driver does not expose it
    private final DB sqliteHandle;

    Session(Connection jdbc) {
        this.jdbc = jdbc;
        this.sqliteHandle = nativeOf(jdbc);
        // transactions are ours (BEGIN/SAVEPOINT on the connection); jOOQ only renders and runs statements
        this.dsl = DSL.using(jdbc, SQLDialect.SQLITE);
    }

    private static DB nativeOf(Connection jdbc) {
        try {
            return jdbc.isWrapperFor(SQLiteConnection.class) ? jdbc.unwrap(SQLiteConnection.class).getDatabase() : null;
        } catch (SQLException e) {
            return null;
        }
    }

    /**
     * Rows inserted, updated or deleted on this connection since it opened (SQLite's
     * {@code total_changes}), or -1 when that cannot be known. Schema changes are not counted.
     */
    long totalChanges() {
        if (sqliteHandle == null) {
            return -1;
        }
        try {
            return sqliteHandle.total_changes();
        } catch (SQLException e) {
            return -1;
        }
    }

    public DSLContext dsl() {
        return dsl;
    }

    Connection jdbc() {
        return jdbc;
    }

    /**
     * A prepared statement for {@code sql}, compiled on first use and kept until the session closes.
     * The caller clears nothing: every parameter must be set before each run, and a result set must
     * be closed before the statement runs again.
     */
    public PreparedStatement prepared(String sql) throws SQLException {
        PreparedStatement statement = prepared.get(sql);
        if (statement == null) {
            statement = jdbc.prepareStatement(sql);
            prepared.put(sql, statement);
        }
        return statement;
    }

    void execute(String sql) throws SQLException {
        try (Statement statement = jdbc.createStatement()) {
            statement.execute(sql);
        }
    }

    /**
     * Runs a transaction-control statement (BEGIN, COMMIT, SAVEPOINT spN, RELEASE spN) kept
     * prepared. The writer runs several per transaction, and compiling each anew cost more than the
     * small writes between them. Only a bounded set of texts is kept: savepoint numbers beyond
     * {@link #MAX_KEPT_CONTROL} (a long transaction of many nested writes) are compiled per call.
     */
    void control(String sql) throws SQLException {
        PreparedStatement statement = prepared.get(sql);
        if (statement == null) {
            if (controlKept >= MAX_KEPT_CONTROL) {
                execute(sql);
                return;
            }
            statement = jdbc.prepareStatement(sql);
            prepared.put(sql, statement);
            controlKept++;
        }
        try {
            statement.execute();
        } catch (SQLException e) {
            evict(sql);
            throw e;
        }
    }

    /**
     * Forgets the kept statement for {@code sql} after it failed: sqlite-jdbc finalizes a statement
     * on most errors (I/O, full disk, no transaction), and a kept one would then fail every later run.
     */
    public void evict(String sql) {
        PreparedStatement statement = prepared.remove(sql);
        if (statement != null) {
            try {
                statement.close();
            } catch (SQLException ignored) {
                // already finalized by the driver; nothing left to release
            }
        }
    }

    String queryString(String sql) throws SQLException {
        try (Statement statement = jdbc.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    long queryLong(String sql) throws SQLException {
        try (Statement statement = jdbc.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }

    /** Ends whatever transaction is open; harmless when none is (SQLite then reports an error we drop). */
    void rollbackQuietly() {
        try {
            execute("ROLLBACK");
        } catch (SQLException ignored) {
            // no transaction was open, or SQLite already rolled it back on its own
        }
    }

    @Override
    public void close() {
        for (PreparedStatement statement : prepared.values()) {
            try {
                statement.close();
            } catch (SQLException ignored) {
                // the connection closes below and finalizes whatever is left
            }
        }
        prepared.clear();
        try {
            jdbc.close();
        } catch (SQLException ignored) {
            // closing releases the file handles even when SQLite reports an error
        }
    }
}
