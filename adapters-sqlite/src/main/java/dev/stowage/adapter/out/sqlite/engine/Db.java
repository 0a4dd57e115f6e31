package dev.stowage.adapter.out.sqlite.engine;

import java.util.Objects;
import java.util.function.Function;
import org.jooq.DSLContext;

/**
 * How the stores of this package talk SQL: a jOOQ {@link DSLContext} on the current transaction's
 * connection.
 *
 * <pre>{@code
 * Optional<String> value = db.read(ctx -> ctx.select(STOWAGE_META.VALUE).from(STOWAGE_META)
 *         .where(STOWAGE_META.KEY.eq(key)).fetchOptional(STOWAGE_META.VALUE));
 * db.write(ctx -> ctx.insertInto(STOWAGE_META).set(STOWAGE_META.KEY, key).set(STOWAGE_META.VALUE, value)
 *         .execute());
 * }</pre>
 *
 * <p>Inside {@code Transactions.write} or {@code read} (on the same thread) the query joins that
 * transaction; outside any, it runs in a transaction of its own: group-committed for
 * {@link #write}, one snapshot for {@link #read}. A {@code write} that throws leaves nothing it
 * wrote behind, even when it joined a larger transaction (it runs under a savepoint).
 *
 * <p>SQL failures arrive as Stowage errors ({@code AlreadyExistsException} for a unique key,
 * {@code StorageFullException}, ...), never as {@code SQLException} or jOOQ's
 * {@code DataAccessException}. jOOQ exceptions that are not about SQL (such as
 * {@code TooManyRowsException}) pass through.
 *
 * <p>Rules for the lambdas: bind every value (jOOQ does when you use its DSL; in plain SQL use
 * {@code ?} or {@code {0}}, never concatenation); never call {@code ctx.transaction(...)} or touch
 * the connection's auto-commit, since the engine owns the transaction; keep write lambdas short and
 * free of I/O, as they run on the single writer thread and every other writer waits for them; and
 * do not let them wait for another thread that writes.
 */
public final class Db {
    private final SqliteEngine engine;

    public Db(SqliteEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    /** Runs {@code query} in the current transaction, or in a read snapshot of its own. */
    public <T> T read(Function<DSLContext, T> query) {
        Objects.requireNonNull(query, "query");
        return engine.read(() -> engine.onCurrent(query));
    }

    /**
     * True inside {@code Transactions.write} or {@code read} on this thread: what a query sees then
     * may be uncommitted (its own writes) or an older snapshot, so it must not go into a cache.
     */
    public boolean inTransaction() {
        return engine.inTransaction();
    }

    /**
     * Runs {@code action} once the current write transaction has committed, before its callers are
     * released (see {@code SqliteEngine#afterCommit}): the moment to invalidate what a cache holds.
     * Keep it short and free of I/O; it runs on the writer thread.
     */
    public void afterCommit(Runnable action) {
        engine.afterCommit(action);
    }

    /**
     * Runs {@code query} in the current write transaction, or in a write transaction of its own,
     * and returns once that is committed.
     *
     * @throws IllegalStateException inside {@code Transactions.read}
     */
    public <T> T write(Function<DSLContext, T> query) {
        Objects.requireNonNull(query, "query");
        return engine.write(() -> engine.onCurrent(query));
    }

    /**
     * Like {@link #read}, on the session itself, for statements kept prepared with
     * {@link Session#prepared}. The same rules hold: bind every value.
     */
    public <T> T readSession(SqlFunction<T> work) {
        Objects.requireNonNull(work, "work");
        return engine.read(() -> engine.onCurrentSession(work));
    }

    /**
     * Like {@link #readSession}, but inside a write transaction {@code read} runs once per
     * {@code key} and transaction: later calls get the first answer, so callers grouped in one
     * commit do not each run the same query. The answer must not be null. A store that changes the
     * rows such an answer came from calls {@link #forgetRemembered} in the same write; a rolled-back
     * savepoint forgets on its own.
     */
    public <T> T readRemembered(Object key, SqlFunction<T> read) {
        return engine.remembered(key, read);
    }

    /** Forgets what {@link #readRemembered} kept in the current write transaction. */
    public void forgetRemembered() {
        engine.forgetRemembered();
    }

    /** Like {@link #write}, on the session itself; see {@link #readSession}. */
    public <T> T writeSession(SqlFunction<T> work) {
        Objects.requireNonNull(work, "work");
        return engine.write(() -> engine.onCurrentSession(work));
    }
}
