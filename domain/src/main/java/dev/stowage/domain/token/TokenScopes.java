package dev.stowage.domain.token;

import dev.stowage.domain.common.Checks;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.queue.QueueName;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The queue grants of a token: what it may do on which queues. A token with none may still use
 * documents, but no queue. An administrator's token needs none: it may do everything.
 *
 * <p>Written as the scopes separated by spaces, in {@link TokenScope}'s order, duplicates dropped:
 * {@code enqueue:images read:* work:images}. The empty text is no scope at all.
 */
public record TokenScopes(SortedSet<TokenScope> scopes) {
    /** More grants than this is a mistake, not a use. */
    public static final int MAX_SCOPES = 100;

    private static final TokenScopes NONE = new TokenScopes(new TreeSet<>());
    private static final TokenScopes EVERY_QUEUE = new TokenScopes(new TreeSet<>(List.of(
            TokenScope.everywhere(QueueAction.ENQUEUE), TokenScope.everywhere(QueueAction.WORK),
            TokenScope.everywhere(QueueAction.READ))));

    public TokenScopes {
        Objects.requireNonNull(scopes, "scopes");
        if (scopes.size() > MAX_SCOPES) {
            throw new InvalidInputException("a token may have at most " + MAX_SCOPES + " scopes, got " + scopes.size());
        }
        scopes = Collections.unmodifiableSortedSet(new TreeSet<>(scopes));
    }

    /** No queue at all. */
    public static TokenScopes none() {
        return NONE;
    }

    /**
     * Every action on every queue: {@code enqueue:* read:* work:*}, what every user token could do
     * before tokens had scopes, and what such tokens keep.
     */
    public static TokenScopes everyQueue() {
        return EVERY_QUEUE;
    }

    /** The scopes written one per element, e.g. each {@code --scope} given on the command line. */
    public static TokenScopes parse(Collection<String> written) {
        Checks.present(written, "scopes");
        if (written.size() > MAX_SCOPES) {
            throw new InvalidInputException("a token may have at most " + MAX_SCOPES + " scopes, got " + written.size());
        }
        var scopes = new TreeSet<TokenScope>();
        for (String s : written) {
            scopes.add(TokenScope.parse(s));
        }
        return new TokenScopes(scopes);
    }

    /** The scopes as {@link #toString()} writes them: separated by single spaces. */
    public static TokenScopes parse(String text) {
        Checks.present(text, "scopes");
        return text.isEmpty() ? NONE : parse(List.of(text.split(" ", -1)));
    }

    public static TokenScopes of(TokenScope... scopes) {
        return new TokenScopes(new TreeSet<>(List.of(scopes)));
    }

    public boolean isEmpty() {
        return scopes.isEmpty();
    }

    /** Whether some scope grants {@code action} on {@code queue}. */
    public boolean permits(QueueAction action, QueueName queue) {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(queue, "queue");
        for (TokenScope s : scopes) {
            if (s.grants(action, queue)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a scope grants {@code action} on every queue ({@code ACTION:*}). */
    public boolean permitsEveryQueue(QueueAction action) {
        Objects.requireNonNull(action, "action");
        for (TokenScope s : scopes) {
            if (s.grantsEverywhere(action)) {
                return true;
            }
        }
        return false;
    }

    /** Each scope as written, in order. */
    public List<String> written() {
        var out = new ArrayList<String>(scopes.size());
        for (TokenScope s : scopes) {
            out.add(s.toString());
        }
        return out;
    }

    @Override
    public String toString() {
        return String.join(" ", written());
    }
}
