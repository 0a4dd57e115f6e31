package dev.stowage.application.port.out;

/**
 * One candidate's hold on the leadership that several instances sharing one database compete for:
 * the leader runs maintenance (lease recovery, retention, the document sweeper, upload expiry,
 * scheduled backups) and the others do not. At most one candidate per database holds it at a time;
 * who holds it is decided by the database's side (a lock the database or the OS drops when its
 * holder's process or connection dies), not by clocks.
 *
 * <p>An instance asks {@link #tryLead()} periodically and before each maintenance run. A holder
 * that dies (a {@code kill -9}, a lost connection) loses the leadership without running anything:
 * the next candidate to ask gets it. Implementations are thread-safe.
 */
public interface Leadership extends AutoCloseable {

    /**
     * Tries to become the leader, or to stay it: asks the lock again each time, so a hold that was
     * lost (the connection dropped, the lock was taken away) is noticed here. A lost hold answers
     * false at the next ask; an ask after that may take the leadership again if it is free.
     *
     * @return true when this candidate holds the leadership as this returns; false when another
     *         does, or when the lock cannot be reached (a database that is down is not an error
     *         here: nobody can lead through it). Never throws for those.
     */
    boolean tryLead();

    /**
     * Gives the leadership up if held, so that another candidate can take it at its next
     * {@link #tryLead()}. Idempotent; a later {@link #tryLead()} may take it again.
     */
    void release();

    /** What is being held, for a log line: the lock's name or file. Never a secret. */
    String describe();

    /** {@link #release()}s and frees what the candidate holds open. Idempotent; tryLead is false after it. */
    @Override
    void close();
}
