package dev.stowage.adapter.out.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.stowage.application.port.out.Managed;
import dev.stowage.application.port.out.Transactions;
import dev.stowage.domain.error.StorageUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL engine: a HikariCP pool, the schema migrations, and the transaction boundary.
 *
 * <p>A write borrows a connection and runs in one READ COMMITTED transaction on the caller's
 * thread; PostgreSQL's row locks (and {@code SKIP LOCKED} for claims) keep concurrent writers apart,
 * within this process and across processes. A transaction that loses a serialization race or a
 * deadlock is run again from the start, a few times, as {@link Transactions#write} allows. A read runs
 * in a read-only REPEATABLE READ transaction, so it sees one snapshot. A call made inside a
 * transaction joins it: a nested write gets a savepoint (so its failure undoes only its own work),
 * a read inside a write sees the write's own changes, a write inside a read fails.
 */
final class PgEngine implements Transactions, Managed {
    private static final Logger log = LoggerFactory.getLogger(PgEngine.class);
    /** Whole-transaction attempts after serialization failures and deadlocks. */
    private static final int MAX_ATTEMPTS = 5;
    private static final Settings JOOQ = new Settings().withExecuteLogging(false).withRenderSchema(false);

    private final PostgresSettings settings;
    private final PgMigrations migrations;
    private final ThreadLocal<Tx> current = new ThreadLocal<>();
    private volatile HikariDataSource pool;
    private volatile boolean running;

    /** The transaction a thread runs in: its connection, whether it may write, what waits for its commit. */
    static final class Tx {
        final Connection connection;
        final boolean writable;
        final DSLContext dsl;
        private List<Runnable> afterCommit;

        Tx(Connection connection, boolean writable) {
            this.connection = connection;
            this.writable = writable;
            this.dsl = DSL.using(connection, SQLDialect.POSTGRES, JOOQ);
        }
    }

    PgEngine(PostgresSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.migrations = new PgMigrations(directDataSource(settings));
    }

    /** Connections outside the pool (migrations before start, the NOTIFY listener): same server, same login. */
    static PGSimpleDataSource directDataSource(PostgresSettings settings) {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setURL(settings.url());
        source.setUser(settings.user());
        if (!settings.password().isEmpty()) {
            source.setPassword(settings.password());
        }
        source.setConnectTimeout((int) Math.max(1, settings.connectionTimeout().toSeconds()));
        source.setApplicationName("stowage");
        return source;
    }

    PostgresSettings settings() {
        return settings;
    }

    PgMigrations migrations() {
        return migrations;
    }

    boolean running() {
        return running;
    }

    // ---- Managed

    @Override
    public int phase() {
        return 0;
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public synchronized void start() {
        if (pool != null) {
            throw new IllegalStateException("the PostgreSQL engine was already started");
        }
        if (settings.migrateOnStart()) {
            List<String> applied = migrations.migrate();
            if (!applied.isEmpty()) {
                log.info("Migrated the PostgreSQL schema to version {}", applied.get(applied.size() - 1));
            }
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("stowage-postgres");
        config.setDataSource(directDataSource(settings));
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(Math.min(2, settings.poolSize()));
        config.setConnectionTimeout(settings.connectionTimeout().toMillis());
        config.setAutoCommit(false);
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StorageUnavailableException("cannot open the PostgreSQL database at " + settings.url()
                    + " as " + settings.user() + ": " + PgErrors.sqlCause(e).map(Throwable::getMessage)
                    .orElse(e.getMessage()), e);
        }
        running = true;
        log.info("Opened PostgreSQL at {} as {} ({} connections, wake-ups by {})", settings.url(), settings.user(),
                settings.poolSize(), settings.wakeUps());
    }

    @Override
    public synchronized void stop() {
        running = false;
        HikariDataSource open = pool;
        if (open != null) {
            try {
                open.close();
            } catch (RuntimeException e) {
                log.warn("Closing the PostgreSQL pool did not finish cleanly", e);
            }
        }
    }

    // ---- Transactions

    @Override
    public <T> T write(Supplier<T> work) {
        return write(work, false);
    }

    /**
     * Like {@link #write}, for work that sends the server one round trip: one statement, or the
     * statements of one multi-statement prepared statement, which the driver sends together before a
     * single Sync. Outside a transaction block the extended protocol runs them as one implicit
     * transaction that the server commits at that Sync (or rolls back on an error), so the work
     * needs neither a BEGIN nor a COMMIT round trip of its own: a claim or a batch completion costs
     * one round trip, as in autocommit, and keeps its atomicity. Each later round trip of the work
     * commits on its own, so it may only read after the fact (why a guarded statement changed
     * nothing). Inside a transaction it joins it as {@link #write} does; the work must not call
     * {@link #write} itself.
     */
    <T> T writeAlone(Supplier<T> work) {
        return write(work, true);
    }

    private <T> T write(Supplier<T> work, boolean alone) {
        Objects.requireNonNull(work, "work");
        Tx tx = current.get();
        if (tx != null) {
            if (!tx.writable) {
                throw new IllegalStateException("Transactions.write was called inside Transactions.read; "
                        + "a read snapshot cannot write");
            }
            return nested(tx, work);
        }
        for (int attempt = 1; ; attempt++) {
            Connection connection = borrow();
            Tx top = new Tx(connection, true);
            current.set(top);
            T result;
            try {
                if (alone) {
                    // no transaction is open on a returned connection, so this only stops the driver
                    // sending BEGIN; the pool puts autocommit back when the connection returns
                    connection.setAutoCommit(true);
                }
                result = work.get();
                if (!alone) {
                    connection.commit();
                }
            } catch (Throwable failure) {
                if (!alone) {
                    rollbackQuietly(connection);
                }
                current.remove();
                closeQuietly(connection);
                if (attempt < MAX_ATTEMPTS && PgErrors.retryable(failure)) {
                    pause(attempt);
                    continue;
                }
                throw PgErrors.sneaky(PgErrors.atBoundary(failure));
            }
            current.remove();
            closeQuietly(connection);
            runAfterCommit(top);
            return result;
        }
    }

    @Override
    public <T> T read(Supplier<T> work) {
        Objects.requireNonNull(work, "work");
        if (current.get() != null) {
            return work.get();
        }
        Connection connection = borrow();
        try {
            // the pool puts both back as configured when the connection returns
            connection.setReadOnly(true);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw PgErrors.translate(e);
        }
        current.set(new Tx(connection, false));
        try {
            T result = work.get();
            connection.commit();
            return result;
        } catch (Throwable failure) {
            rollbackQuietly(connection);
            throw PgErrors.sneaky(PgErrors.atBoundary(failure));
        } finally {
            current.remove();
            closeQuietly(connection);
        }
    }

    private <T> T nested(Tx tx, Supplier<T> work) {
        Savepoint savepoint;
        try {
            savepoint = tx.connection.setSavepoint();
        } catch (SQLException e) {
            throw PgErrors.translate(e);
        }
        try {
            T result = work.get();
            tx.connection.releaseSavepoint(savepoint);
            return result;
        } catch (Throwable failure) {
            try {
                tx.connection.rollback(savepoint);
            } catch (SQLException e) {
                failure.addSuppressed(e);
            }
            // a lost race inside is the outer transaction's to retry: keep its SQL state visible to it
            if (PgErrors.retryable(failure)) {
                throw PgErrors.sneaky(failure);
            }
            throw PgErrors.sneaky(PgErrors.atBoundary(failure));
        }
    }

    /** True when the current thread runs inside a transaction of this engine, to read or to write. */
    boolean inTransaction() {
        return current.get() != null;
    }

    /**
     * Runs {@code action} right after the current write transaction commits, on the committing
     * thread, before its caller gets the result; drops it if the transaction rolls back. Outside any
     * transaction it runs at once.
     *
     * @throws IllegalStateException inside {@code Transactions.read}
     */
    void afterCommit(Runnable action) {
        Objects.requireNonNull(action, "action");
        Tx tx = current.get();
        if (tx == null) {
            action.run();
            return;
        }
        if (!tx.writable) {
            throw new IllegalStateException("afterCommit inside Transactions.read: a read never commits a change");
        }
        if (tx.afterCommit == null) {
            tx.afterCommit = new ArrayList<>();
        }
        tx.afterCommit.add(action);
    }

    private static void runAfterCommit(Tx tx) {
        if (tx.afterCommit == null) {
            return;
        }
        for (Runnable action : tx.afterCommit) {
            try {
                action.run();
            } catch (RuntimeException e) {
                log.error("An after-commit action failed; the transaction itself is committed", e);
            }
        }
    }

    /** The current transaction's jOOQ context; only inside {@link #read} or {@link #write}. */
    DSLContext dsl() {
        return tx().dsl;
    }

    /** The current transaction's connection; only inside {@link #read} or {@link #write}. */
    Connection connection() {
        return tx().connection;
    }

    private Tx tx() {
        Tx tx = current.get();
        if (tx == null) {
            throw new IllegalStateException("no transaction on this thread");
        }
        return tx;
    }

    /** A pooled connection outside any transaction of this thread's, for work that manages its own (admin, health). */
    Connection borrow() {
        HikariDataSource open = pool;
        if (open == null || !running) {
            throw new StorageUnavailableException("the database is not open", null);
        }
        try {
            return open.getConnection();
        } catch (SQLException e) {
            throw PgErrors.translate(e);
        } catch (RuntimeException e) {
            // the pool was closed between the check and the call
            throw new StorageUnavailableException("the database is not open", e);
        }
    }

    /** Connections lent out now, for health. */
    int activeConnections() {
        HikariDataSource open = pool;
        return open == null || open.getHikariPoolMXBean() == null ? 0 : open.getHikariPoolMXBean().getActiveConnections();
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(Math.min(100, 2L << attempt) + (long) (Math.random() * 5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException | RuntimeException e) {
            log.debug("Rollback failed; the pool discards the connection", e);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException | RuntimeException e) {
            log.debug("Returning a connection to the pool failed", e);
        }
    }
}
