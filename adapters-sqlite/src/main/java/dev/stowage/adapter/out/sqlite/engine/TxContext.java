package dev.stowage.adapter.out.sqlite.engine;

import dev.stowage.domain.error.StowageException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The transaction a thread is running in: which connection, and whether it may write. */
final class TxContext {
    private static final Logger log = LoggerFactory.getLogger(TxContext.class);

    enum Kind { READ, WRITE }

    private final Kind kind;
    private final Session session;
    private int savepoints;
    private StowageException poison;
    private List<Runnable> afterCommit;
    // the savepoint of the caller whose work runs now in a group, and what it had changed when it began
    private String unitSavepoint;
    private long unitStartChanges;
    private boolean unitWrote;
    private int nestedDepth;
    // answers read once in this write transaction (see SqliteEngine#remembered); null while none
    private Map<Object, Object> remembered;

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
     * Marks the start of one caller's work in a group, under {@code savepoint}, when the connection
     * had made {@code changes} changes (see {@link Session#totalChanges}).
     */
    void beginUnit(String savepoint, long changes) {
        unitSavepoint = savepoint;
        unitStartChanges = changes;
        unitWrote = false;
        nestedDepth = 0;
    }

    /** Marks the end of the caller's work begun by {@link #beginUnit}. */
    void endUnit() {
        unitSavepoint = null;
        unitWrote = false;
        nestedDepth = 0;
    }

    /**
     * The caller's own savepoint when a nested write may stand on it instead of opening one: it is
     * not inside another nested write, no nested write has run in this unit yet, and the
     * connection has changed nothing since the unit began. Rolling back to that savepoint then
     * undoes exactly what the nested write did. Null when the nested write needs its own.
     */
    String savepointToShare(long changesNow) {
        if (unitSavepoint == null || nestedDepth != 0 || unitWrote || changesNow < 0 || changesNow != unitStartChanges) {
            return null;
        }
        return unitSavepoint;
    }

    /** A nested write starts; {@link #nestedEnded} must follow. */
    void nestedStarted() {
        nestedDepth++;
    }

    /** A nested write ended, whether it kept its work or not: what it ran may have changed the schema. */
    void nestedEnded() {
        nestedDepth--;
        unitWrote = true;
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

    /** Keeps {@code action} to run once this transaction has committed. */
    void afterCommit(Runnable action) {
        if (afterCommit == null) {
            afterCommit = new ArrayList<>();
        }
        afterCommit.add(action);
    }

    /**
     * Runs the actions kept by {@link #afterCommit}, in order. The commit has happened, so a failing
     * action is logged and the others still run.
     */
    void runAfterCommit() {
        if (afterCommit == null) {
            return;
        }
        for (Runnable action : afterCommit) {
            try {
                action.run();
            } catch (RuntimeException e) {
                log.error("An after-commit action failed; the transaction itself is committed", e);
            }
        }
        afterCommit = null;
    }

    /** What {@link #remember} kept under {@code key} in this transaction, or null. */
    Object remembered(Object key) {
        return remembered == null ? null : remembered.get(key);
    }

    void remember(Object key, Object value) {
        if (remembered == null) {
            remembered = new HashMap<>();
        }
        remembered.put(key, value);
    }

    /**
     * Drops every remembered answer: called when a savepoint is rolled back (the rows an answer
     * came from, or a change that came before it, may be undone) and when a store changes rows
     * that an answer may have come from.
     */
    void forgetRemembered() {
        remembered = null;
    }

    /** Throws the failure that poisoned this transaction, if any. */
    void checkUsable() {
        if (poison != null) {
            throw poison;
        }
    }
}
