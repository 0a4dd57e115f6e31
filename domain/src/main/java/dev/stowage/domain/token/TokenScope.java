package dev.stowage.domain.token;

import dev.stowage.domain.common.Checks;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.queue.QueueName;
import java.util.Objects;
import java.util.Optional;

/**
 * One grant of a token: an action on one queue, or on every queue. Written {@code ACTION:QUEUE},
 * where ACTION is {@code enqueue}, {@code work} or {@code read} and QUEUE is a queue name or
 * {@code *} for every queue: {@code enqueue:images}, {@code work:*}, {@code read:*}.
 *
 * @param queue the one queue granted, or empty for every queue
 */
public record TokenScope(QueueAction action, Optional<QueueName> queue) implements Comparable<TokenScope> {
    /** Longer than any valid scope ({@code enqueue:} and a 64-character queue name). */
    static final int MAX_LENGTH = 100;
    private static final String EVERY_QUEUE = "*";

    public TokenScope {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(queue, "queue");
    }

    public static TokenScope on(QueueAction action, QueueName queue) {
        return new TokenScope(action, Optional.of(Objects.requireNonNull(queue, "queue")));
    }

    public static TokenScope everywhere(QueueAction action) {
        return new TokenScope(action, Optional.empty());
    }

    /**
     * Reads a scope as written by {@link #toString()}.
     *
     * @throws InvalidInputException naming the scope and the grammar when {@code text} is not one
     */
    public static TokenScope parse(String text) {
        Checks.present(text, "scope");
        if (text.length() > MAX_LENGTH) {
            throw new InvalidInputException("scope must be at most " + MAX_LENGTH + " characters, got " + text.length());
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw invalid(text);
        }
        String word = text.substring(0, colon);
        String target = text.substring(colon + 1);
        QueueAction action = null;
        for (QueueAction a : QueueAction.values()) {
            if (a.word().equals(word)) {
                action = a;
            }
        }
        if (action == null || target.isEmpty()) {
            throw invalid(text);
        }
        if (target.equals(EVERY_QUEUE)) {
            return everywhere(action);
        }
        QueueName queue;
        try {
            queue = new QueueName(target);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("scope '" + Checks.printable(text) + "': " + e.getMessage());
        }
        return on(action, queue);
    }

    /** Whether this scope grants {@code wanted} on {@code target}. */
    public boolean grants(QueueAction wanted, QueueName target) {
        return action == wanted && queue.map(target::equals).orElse(true);
    }

    /** Whether this scope grants {@code wanted} on every queue. */
    public boolean grantsEverywhere(QueueAction wanted) {
        return action == wanted && queue.isEmpty();
    }

    /** By action, then queue, {@code *} first: the order listings show. */
    @Override
    public int compareTo(TokenScope other) {
        int byAction = action.compareTo(other.action);
        if (byAction != 0) {
            return byAction;
        }
        return queueText().compareTo(other.queueText());
    }

    private String queueText() {
        return queue.map(QueueName::value).orElse(EVERY_QUEUE);
    }

    @Override
    public String toString() {
        return action.word() + ":" + queueText();
    }

    private static InvalidInputException invalid(String text) {
        return new InvalidInputException("scope '" + Checks.printable(text)
                + "' must be ACTION:QUEUE, where ACTION is enqueue, work or read and QUEUE is a queue name or '*'");
    }
}
