package dev.stowage.adapter.out.sqlite.engine;

import dev.stowage.application.concurrent.DaemonThreads;
import dev.stowage.domain.error.StorageUnavailableException;
import dev.stowage.domain.error.StowageException;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single thread that owns the writer connection.
 *
 * <p>Callers hand it their work and wait. Work that arrives while a transaction is being committed
 * queues up and goes into the next transaction together (group commit): one {@code BEGIN
 * IMMEDIATE}, each caller's work inside its own savepoint (a lone caller needs none), one {@code COMMIT}, so many small writes
 * pay for one sync between them. A caller whose work throws is rolled back to its savepoint and
 * released with its exception at once; the others still commit. When SQLite itself ends the
 * transaction (a full disk, an I/O error), the callers that had not failed run again in a fresh one.
 *
 * <p>Work runs on this thread, so it must not wait for another thread that itself writes.
 */
final class GroupCommitWriter {
    private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);
    // a bound keeps one transaction, and the time its first caller waits, reasonable under a flood
    private static final int MAX_BATCH = 128;

    /** Something for the writer thread to do. */
    private sealed interface Task permits WriteTask, AdminTask, Stop {
    }

    private record WriteTask(Supplier<?> work, CompletableFuture<Object> result) implements Task {
    }

    private record AdminTask(SqlFunction<?> action, CompletableFuture<Object> result) implements Task {
    }

    private record Stop() implements Task {
    }

    private final Session session;
    private final TxScope scope;
    private final BusyRetry retry;
    private final SqliteMetrics metrics;
    private final BlockingQueue<Task> queue = new LinkedBlockingQueue<>();
    private final Object submitLock = new Object();
    private final Thread thread;
    private boolean accepting = true;

    GroupCommitWriter(Session session, TxScope scope, BusyRetry retry, SqliteMetrics metrics) {
        this.session = session;
        this.scope = scope;
        this.retry = retry;
        this.metrics = metrics;
        this.thread = DaemonThreads.daemon(this::loop, "stowage-sqlite-writer");
    }

    void start() {
        thread.start();
    }

    /** Runs {@code work} in a write transaction on the writer thread and returns once it is committed. */
    @SuppressWarnings("unchecked")
    <T> T write(Supplier<T> work) {
        var task = new WriteTask(work, new CompletableFuture<>());
        enqueue(task);
        return (T) await(task.result());
    }

    /** Runs {@code action} on the writer thread, between transactions. */
    @SuppressWarnings("unchecked")
    <T> T admin(SqlFunction<T> action) {
        var task = new AdminTask(action, new CompletableFuture<>());
        enqueue(task);
        return (T) await(task.result());
    }

    /** Write tasks waiting for the writer thread. */
    int queued() {
        return (int) queue.stream().filter(WriteTask.class::isInstance).count();
    }

    /**
     * Stops taking work, lets the thread finish everything already queued, and waits for it. The
     * session is then free for the caller to checkpoint and close.
     */
    void shutdown() {
        synchronized (submitLock) {
            if (!accepting) {
                return;
            }
            accepting = false;
            queue.add(new Stop());
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void enqueue(Task task) {
        if (Thread.currentThread() == thread) {
            throw new IllegalStateException("the writer thread cannot wait for itself: this runs inside a write "
                    + "transaction already");
        }
        synchronized (submitLock) {
            if (!accepting) {
                throw new StorageUnavailableException("the database is closed", null);
            }
            queue.add(task);
        }
    }

    // the caller must see the work as done when it returns, so an interrupt only gets remembered
    private static Object await(CompletableFuture<Object> result) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw Throwables.sneaky(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void loop() {
        while (true) {
            Task first = takeUninterruptibly();
            if (first instanceof Stop) {
                return;
            }
            if (first instanceof AdminTask admin) {
                runAdmin(admin);
                continue;
            }
            List<WriteTask> batch = new ArrayList<>();
            batch.add((WriteTask) first);
            while (batch.size() < MAX_BATCH && queue.peek() instanceof WriteTask) {
                batch.add((WriteTask) queue.poll());
            }
            try {
                runBatch(batch);
            } catch (Throwable bug) {
                // never let the one writer thread die: release everyone with the failure instead
                log.error("SQLite writer failed outside a caller's work", bug);
                session.rollbackQuietly();
                batch.forEach(task -> task.result().completeExceptionally(bug));
            }
        }
    }

    private Task takeUninterruptibly() {
        while (true) {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                // only shutdown() ends this thread, through a Stop task
            }
        }
    }

    private void runAdmin(AdminTask task) {
        try {
            task.result().complete(task.action().apply(session));
        } catch (SQLException e) {
            task.result().completeExceptionally(SqliteErrors.translate(e));
        } catch (Throwable t) {
            task.result().completeExceptionally(t);
        }
    }

    private void runBatch(List<WriteTask> batch) {
        Deque<List<WriteTask>> attempts = new ArrayDeque<>();
        attempts.add(batch);
        while (!attempts.isEmpty()) {
            attempts.addAll(attempt(attempts.poll()));
        }
    }

    /**
     * One transaction for {@code tasks}. Returns the groups of tasks that must run again in
     * transactions of their own, because this one could not keep their work.
     */
    private List<List<WriteTask>> attempt(List<WriteTask> tasks) {
        long started = System.nanoTime();
        try {
            retry.call(() -> {
                session.control("BEGIN IMMEDIATE");
                return null;
            });
        } catch (SQLException e) {
            StowageException failure = SqliteErrors.translate(e);
            tasks.forEach(task -> task.result().completeExceptionally(failure));
            return List.of();
        }
        TxContext tx = new TxContext(TxContext.Kind.WRITE, session);
        List<WriteTask> done = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        // a savepoint keeps one caller's failure from sinking the others; a lone caller has no
        // others, and its failure rolls back the whole transaction, which undoes the same work
        boolean alone = tasks.size() == 1;
        scope.bind(tx);
        try {
            for (int i = 0; i < tasks.size(); i++) {
                WriteTask task = tasks.get(i);
                String savepoint = alone ? null : tx.nextSavepoint();
                try {
                    if (!alone) {
                        session.control("SAVEPOINT " + savepoint);
                        // a first nested write of the work may stand on this savepoint (see SqliteEngine)
                        tx.beginUnit(savepoint, session.totalChanges());
                    }
                    Object value = task.work().get();
                    tx.endUnit();
                    // the work may have swallowed a failure that ended the transaction under it
                    tx.checkUsable();
                    if (!alone) {
                        session.control("RELEASE " + savepoint);
                    }
                    done.add(task);
                    values.add(value);
                } catch (Throwable failure) {
                    tx.endUnit();
                    if (alone) {
                        session.rollbackQuietly();
                        task.result().completeExceptionally(Throwables.atBoundary(failure));
                        return List.of();
                    }
                    boolean intact = Savepoints.rollbackTo(session, savepoint);
                    tx.forgetRemembered();
                    task.result().completeExceptionally(Throwables.atBoundary(failure));
                    if (intact) {
                        tx.clearPoison();
                        continue;
                    }
                    session.rollbackQuietly();
                    List<WriteTask> again = new ArrayList<>(done);
                    again.addAll(tasks.subList(i + 1, tasks.size()));
                    return again.isEmpty() ? List.of() : List.of(again);
                }
            }
        } finally {
            scope.clear();
        }
        if (done.isEmpty()) {
            session.rollbackQuietly();
            return List.of();
        }
        try {
            session.control("COMMIT");
        } catch (SQLException e) {
            session.rollbackQuietly();
            if (done.size() == 1) {
                done.get(0).result().completeExceptionally(SqliteErrors.translate(e));
                return List.of();
            }
            // alone, so that what one caller wrote cannot sink the others a second time
            return done.stream().map(List::of).toList();
        }
        metrics.committed(System.nanoTime() - started, tasks.size());
        // before anyone is released, so a caller that returns sees the actions' effects (a cache
        // invalidated after its write)
        tx.runAfterCommit();
        for (int i = 0; i < done.size(); i++) {
            done.get(i).result().complete(values.get(i));
        }
        return List.of();
    }
}
