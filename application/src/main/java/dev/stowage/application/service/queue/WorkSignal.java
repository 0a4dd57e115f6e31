package dev.stowage.application.service.queue;

import dev.stowage.domain.queue.QueueName;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes waiting workers of one process when a queue may have work for them: a job was enqueued, a
 * job went back to pending (fail, release, retry, recovery), a running job ended and freed a
 * concurrency slot, or the queue was resumed or reconfigured. One instance is shared by every queue
 * service and worker runtime of the process.
 *
 * <p>A waiter reads {@link #generation} <em>before</em> it looks for work and passes it to
 * {@link #await}; a signal given in between makes {@code await} return at once, so no wake-up is
 * lost. Signals are hints, never promises: a woken worker must look again and may find nothing.
 * Another process writing to the same database cannot reach this object, which is why waiters also
 * bound their wait (see {@link WorkJobsService}).
 */
public final class WorkSignal {
    private final ConcurrentHashMap<QueueName, Channel> channels = new ConcurrentHashMap<>();

    /** The queue's current generation: the number of signals given so far. */
    public long generation(QueueName queue) {
        Channel c = channel(queue);
        c.lock.lock();
        try {
            return c.generation;
        } finally {
            c.lock.unlock();
        }
    }

    /** Wakes every thread waiting on {@code queue}. */
    public void signal(QueueName queue) {
        channel(queue).signal();
    }

    /** Wakes every waiting thread of every queue (after a recovery, whose queues are not known). */
    public void signalAll() {
        channels.values().forEach(Channel::signal);
    }

    /**
     * Waits until the queue's generation differs from {@code seen} or {@code timeout} has passed.
     *
     * @return true when signalled, false on timeout
     */
    public boolean await(QueueName queue, long seen, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        Channel c = channel(queue);
        long nanos = saturatedNanos(timeout);
        c.lock.lockInterruptibly();
        try {
            c.waiting++;
            try {
                while (c.generation == seen) {
                    if (nanos <= 0) {
                        return false;
                    }
                    nanos = c.changed.awaitNanos(nanos);
                }
                return true;
            } finally {
                c.waiting--;
            }
        } finally {
            c.lock.unlock();
        }
    }

    /** How many threads are waiting on the queue right now; for diagnostics and tests. */
    public int waiting(QueueName queue) {
        Channel c = channel(queue);
        c.lock.lock();
        try {
            return c.waiting;
        } finally {
            c.lock.unlock();
        }
    }

    static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    private Channel channel(QueueName queue) {
        return channels.computeIfAbsent(Objects.requireNonNull(queue, "queue"), q -> new Channel());
    }

    private static final class Channel {
        final ReentrantLock lock = new ReentrantLock();
        final Condition changed = lock.newCondition();
        long generation;
        int waiting;

        void signal() {
            lock.lock();
            try {
                generation++;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}
