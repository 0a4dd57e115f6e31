package dev.stowage.domain.queue;

import dev.stowage.domain.common.JsonText;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One change of a job's state, worked out from the job as read: the values a store's transition
 * statement writes, guarded by {@link #from()}'s state. Every database adapter writes the same
 * transitions (cancel, retry, fail, release, recovery of an expired lease), so their rules live here
 * once. Built by chaining from {@link #of(Job)}; not thread-safe.
 */
public final class JobTransition {
    private final Job from;
    private JobState state;
    private int attempts;
    private Instant runAt;
    private boolean cancelRequested;
    private Optional<JsonText> result;
    private Optional<String> lastError;
    private Optional<Instant> finishedAt;
    private boolean keepsLease;

    private JobTransition(Job from) {
        this.from = Objects.requireNonNull(from, "from");
        this.state = from.state();
        this.attempts = from.attempts();
        this.runAt = from.runAt();
        this.cancelRequested = from.cancelRequested();
        this.result = from.result();
        this.lastError = from.lastError();
        this.finishedAt = from.finishedAt();
        this.keepsLease = from.lease().isPresent();
    }

    /** No change yet: the job as it is. */
    public static JobTransition of(Job job) {
        return new JobTransition(job);
    }

    public JobTransition lastError(String error) {
        lastError = Optional.of(Objects.requireNonNull(error, "error"));
        return this;
    }

    public JobTransition attempts(int value) {
        attempts = value;
        return this;
    }

    /** A running job asked to stop: its worker learns it at its next heartbeat, and keeps its lease until then. */
    public JobTransition requestCancel() {
        cancelRequested = true;
        return this;
    }

    /** Ends the job in a terminal state; a cancel request means nothing once it no longer runs. */
    public JobTransition finish(JobState terminal, Instant now) {
        state = Objects.requireNonNull(terminal, "terminal");
        finishedAt = Optional.of(Objects.requireNonNull(now, "now"));
        return unlease();
    }

    /** Back to pending, due at {@code due}. */
    public JobTransition requeue(Instant due) {
        state = JobState.PENDING;
        runAt = Objects.requireNonNull(due, "due");
        return unlease();
    }

    /** Run again from scratch at {@code now}: attempts, result and end time cleared; the last error kept. */
    public JobTransition retry(Instant now) {
        attempts = 0;
        result = Optional.empty();
        finishedAt = Optional.empty();
        return requeue(now);
    }

    private JobTransition unlease() {
        keepsLease = false;
        cancelRequested = false;
        return this;
    }

    /** The job as read (and locked, where the database locks rows). */
    public Job from() {
        return from;
    }

    public JobState state() {
        return state;
    }

    public int attempts() {
        return attempts;
    }

    public Instant runAt() {
        return runAt;
    }

    public boolean cancelRequested() {
        return cancelRequested;
    }

    public Optional<JsonText> result() {
        return result;
    }

    public Optional<String> lastError() {
        return lastError;
    }

    public Optional<Instant> finishedAt() {
        return finishedAt;
    }

    /** Whether the job keeps its lease (a running job asked to stop does). */
    public boolean keepsLease() {
        return keepsLease;
    }
}
