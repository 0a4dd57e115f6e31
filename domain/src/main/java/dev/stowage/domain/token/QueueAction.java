package dev.stowage.domain.token;

import java.util.Locale;

/**
 * What a token may do on a queue. Each action is granted per queue by a {@link TokenScope}; an
 * administrator's token may do all of them everywhere without one.
 */
public enum QueueAction {
    /** Put jobs in the queue (one, a batch, or from a template of the queue). */
    ENQUEUE,
    /** Claim the queue's jobs and report on them: heartbeat, complete, fail, release. */
    WORK,
    /** Look at the queue's jobs by id and at its templates. */
    READ;

    /** The action as written in a scope: {@code enqueue}, {@code work}, {@code read}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
