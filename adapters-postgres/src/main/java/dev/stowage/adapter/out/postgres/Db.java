package dev.stowage.adapter.out.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.function.Function;
import org.jooq.DSLContext;

/**
 * How the stores of this package reach the database: jOOQ on the POSTGRES dialect, inside the
 * caller's transaction when there is one, else inside one of its own.
 */
final class Db {
    private final PgEngine engine;

    Db(PgEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    /** Runs {@code query} in the current transaction, or in a read snapshot of its own. */
    <T> T read(Function<DSLContext, T> query) {
        Objects.requireNonNull(query, "query");
        return engine.read(() -> query.apply(engine.dsl()));
    }

    /** Runs {@code query} in the current write transaction (under a savepoint), or in one of its own. */
    <T> T write(Function<DSLContext, T> query) {
        Objects.requireNonNull(query, "query");
        return engine.write(() -> query.apply(engine.dsl()));
    }

    /** Work on the transaction's JDBC connection, for fixed statements run through {@link Sql}. */
    @FunctionalInterface
    interface JdbcWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Like {@link #read}, on the connection itself. */
    <T> T readJdbc(JdbcWork<T> work) {
        Objects.requireNonNull(work, "work");
        return engine.read(() -> onConnection(work));
    }

    /** Like {@link #write}, on the connection itself. */
    <T> T writeJdbc(JdbcWork<T> work) {
        Objects.requireNonNull(work, "work");
        return engine.write(() -> onConnection(work));
    }

    /** Like {@link #writeJdbc}, for work of one round trip: see {@link PgEngine#writeAlone}. */
    <T> T writeAlone(JdbcWork<T> work) {
        Objects.requireNonNull(work, "work");
        return engine.writeAlone(() -> onConnection(work));
    }

    private <T> T onConnection(JdbcWork<T> work) {
        try {
            return work.run(engine.connection());
        } catch (SQLException e) {
            // the transaction boundary translates it, after deciding whether to run the transaction again
            throw PgErrors.sneaky(e);
        }
    }

    /** True when the current thread runs inside a transaction, to read or to write. */
    boolean inTransaction() {
        return engine.inTransaction();
    }

    /** Runs {@code action} once the current write transaction has committed (at once outside one). */
    void afterCommit(Runnable action) {
        engine.afterCommit(action);
    }
}
