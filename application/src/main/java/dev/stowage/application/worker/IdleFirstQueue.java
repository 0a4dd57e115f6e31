package dev.stowage.application.worker;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The work queue of the runtime's job threads: it takes a job only when a thread is idle to run it,
 * so a {@link ThreadPoolExecutor} with no core threads and no maximum starts a new thread exactly
 * when every thread is busy, and otherwise hands the job to an idle one.
 *
 * <p>Why not the usual {@code SynchronousQueue}: it hands each job to one parked thread, so every
 * job costs a park and an unpark, and a dispatcher launching a claim of hundreds of jobs wakes a
 * thread per job. Here jobs wait in a queue for the idle threads, and a thread that finishes one job
 * takes the next without parking; threads are woken only while jobs are left over.
 *
 * <p>The count of idle threads not yet promised a job is kept exactly: {@link #offer} promises a job
 * to one of them, and a thread whose wait times out leaves only if some idle thread is still
 * unpromised; otherwise a job is on its way to it and it waits for that job. So no job ever waits
 * for a busy thread while the executor could have started one.
 */
final class IdleFirstQueue extends LinkedBlockingQueue<Runnable> {
    private static final long serialVersionUID = 1L;

    /** Threads waiting for a job, less the jobs queued for them. */
    private int unpromised;

    /** Queues the job when an idle thread can take it; false makes the executor start a thread. */
    @Override
    public boolean offer(Runnable job) {
        synchronized (this) {
            if (unpromised <= 0) {
                return false;
            }
            unpromised--;
        }
        return super.offer(job);
    }

    @Override
    public Runnable poll(long timeout, TimeUnit unit) throws InterruptedException {
        synchronized (this) {
            unpromised++;
        }
        try {
            Runnable job = super.poll(timeout, unit);
            while (job == null) {
                synchronized (this) {
                    if (unpromised > 0) {
                        unpromised--;
                        return null; // another idle thread remains for any job offered meanwhile: this one may go
                    }
                }
                job = super.poll(timeout, unit); // a job was promised to the idle threads and is on its way
            }
            return job;
        } catch (InterruptedException e) {
            stopWaiting();
            throw e;
        }
    }

    /**
     * An idle thread interrupted out of its wait is no longer idle. (The executor then waits again,
     * which counts it again; a job promised meanwhile is taken by that wait or by another.)
     */
    private synchronized void stopWaiting() {
        unpromised--;
    }

    /** Idle threads no job is queued for yet. */
    synchronized int unpromisedIdleThreads() {
        return unpromised;
    }

    @Override
    public Runnable take() throws InterruptedException {
        synchronized (this) {
            unpromised++;
        }
        try {
            return super.take();
        } catch (InterruptedException e) {
            stopWaiting();
            throw e;
        }
    }
}
