package dev.stowage.testing;

import dev.stowage.application.port.out.Leadership;
import java.util.Objects;

/**
 * {@link Leadership} in memory: the candidates made by one {@link Election} compete for it, as
 * instances sharing one database would. Thread-safe; passes {@code LeadershipContract}.
 */
public final class InMemoryLeadership implements Leadership {

    /** The one thing the candidates compete for, as a database is. */
    public static final class Election {
        private InMemoryLeadership holder;

        /** A new candidate in this election. */
        public InMemoryLeadership candidate(String name) {
            return new InMemoryLeadership(this, name);
        }

        /** Takes the leadership away from whoever holds it, as a dead connection would. */
        public synchronized void dropHolder() {
            holder = null;
        }
    }

    private final Election election;
    private final String name;
    private boolean closed;
    private boolean held;

    private InMemoryLeadership(Election election, String name) {
        this.election = Objects.requireNonNull(election, "election");
        this.name = Objects.requireNonNull(name, "name");
    }

    @Override
    public boolean tryLead() {
        synchronized (election) {
            if (closed) {
                return false;
            }
            if (held) {
                // a hold taken away is reported once, as a dead connection is found at the next ask
                held = election.holder == this;
                return held;
            }
            if (election.holder == null) {
                election.holder = this;
                held = true;
            }
            return held;
        }
    }

    @Override
    public void release() {
        synchronized (election) {
            if (election.holder == this) {
                election.holder = null;
            }
            held = false;
        }
    }

    @Override
    public String describe() {
        return "in-memory election, candidate " + name;
    }

    @Override
    public void close() {
        synchronized (election) {
            release();
            closed = true;
        }
    }
}
