package dev.stowage.adapter.out.sqlite;

import dev.stowage.domain.error.StowageException;

/** The transaction a thread is running in: which connection, and whether it may write. */
final class TxContext {
    enum Kind { READ, WRITE }

    private final Kind kind;
    private final Session session;
    private int savepoints;
    private StowageException poison;

    TxContext(Kind kind, Session session) {
        this.kind = kind;
        this.session = session;
    }

    boolean writable() {
        return kind == Kind.WRITE;
    }

    Session session() {
        return session;
    }

    /** A savepoint name not yet used in this transaction. */
    String nextSavepoint() {
        return "sp" + (++savepoints);
    }

    /**
     * Records that SQLite may have rolled back the whole transaction. From then on every statement
     * is refused, because SQLite would otherwise run it outside any transaction and keep it.
     */
    void poison(StowageException failure) {
        if (poison == null) {
            poison = failure;
        }
    }

    boolean poisoned() {
        return poison != null;
    }

    /** Called once the transaction is known to be intact again (a savepoint rollback succeeded). */
    void clearPoison() {
        poison = null;
    }

    /** Throws the failure that poisoned this transaction, if any. */
    void checkUsable() {
        if (poison != null) {
            throw poison;
        }
    }
}
