package dev.stowage.adapter.out.sqlite.engine;

import java.sql.SQLException;

/** Savepoint handling shared by the writer thread and nested write calls. */
final class Savepoints {
    private Savepoints() {
    }

    /**
     * Undoes everything since {@code savepoint} and drops it.
     *
     * @return false when the savepoint no longer exists because SQLite rolled back the whole
     *         transaction, which then has to be treated as lost
     */
    static boolean rollbackTo(Session session, String savepoint) {
        try {
            session.control("ROLLBACK TO " + savepoint);
            session.control("RELEASE " + savepoint);
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Undoes everything since {@code savepoint} and keeps it open, for a nested write that stood on
     * its caller's savepoint: the caller releases or rolls back to it afterwards.
     *
     * @return false when the savepoint no longer exists (see {@link #rollbackTo})
     */
    static boolean rollbackKeeping(Session session, String savepoint) {
        try {
            session.control("ROLLBACK TO " + savepoint);
            return true;
        } catch (SQLException e) {
            return false;
        }
    }
}
