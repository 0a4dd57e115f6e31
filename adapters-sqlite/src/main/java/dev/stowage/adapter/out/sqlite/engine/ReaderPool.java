package dev.stowage.adapter.out.sqlite.engine;

import dev.stowage.domain.error.StorageUnavailableException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A fixed set of read-only connections, lent to one thread at a time. */
final class ReaderPool implements AutoCloseable {
    private final BlockingQueue<Session> idle;
    private final int size;
    private final AtomicInteger inUse = new AtomicInteger();
    private volatile boolean closed;

    private ReaderPool(List<Session> sessions) {
        this.size = sessions.size();
        this.idle = new ArrayBlockingQueue<>(sessions.size(), false, sessions);
    }

    static ReaderPool open(ConnectionFactory connections, int size) throws SQLException {
        List<Session> sessions = new ArrayList<>(size);
        try {
            for (int i = 0; i < size; i++) {
                sessions.add(connections.openReader());
            }
        } catch (SQLException | RuntimeException e) {
            sessions.forEach(Session::close);
            throw e;
        }
        return new ReaderPool(sessions);
    }

    /** A free connection, waiting up to {@code wait} for one. */
    Session borrow(Duration wait) {
        if (closed) {
            throw new StorageUnavailableException("the database is closed", null);
        }
        Session session;
        try {
            session = idle.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageUnavailableException("interrupted while waiting for a read connection", e);
        }
        if (session == null) {
            throw new StorageUnavailableException("all " + size + " read connections stayed in use for "
                    + wait.toMillis() + " ms", null);
        }
        inUse.incrementAndGet();
        return session;
    }

    void release(Session session) {
        inUse.decrementAndGet();
        if (closed) {
            session.close();
        } else {
            idle.add(session);
            // close() may have drained the queue between the check and the add
            if (closed && idle.remove(session)) {
                session.close();
            }
        }
    }

    int inUse() {
        return inUse.get();
    }

    /** Closes the idle connections now and the lent ones when they come back. */
    @Override
    public void close() {
        closed = true;
        Session session;
        while ((session = idle.poll()) != null) {
            session.close();
        }
    }
}
