package dev.stowage.domain.common;

import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.token.QueueAction;
import dev.stowage.domain.token.TokenScopes;
import java.util.Objects;
import java.util.Optional;

/**
 * Who is asking: a user (perhaps an administrator) or nobody in particular, and which queues the
 * user's token opens. Access decisions are made from this, so adapters only have to establish it.
 *
 * @param queues what the user may do on which queues; an administrator may do everything
 *               regardless, and nobody in particular may do nothing
 */
public record Actor(Optional<UserId> user, boolean admin, TokenScopes queues) {
    public Actor {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(queues, "queues");
        if (admin && user.isEmpty()) {
            throw new IllegalArgumentException("an administrator is a user");
        }
        if (user.isEmpty() && !queues.isEmpty()) {
            throw new IllegalArgumentException("queue scopes belong to a user");
        }
    }

    public static Actor anonymous() {
        return new Actor(Optional.empty(), false, TokenScopes.none());
    }

    /** A user who may use documents but no queue. */
    public static Actor user(UserId id) {
        return new Actor(Optional.of(id), false, TokenScopes.none());
    }

    /** A user who may use the queues {@code queues} grants. */
    public static Actor user(UserId id, TokenScopes queues) {
        return new Actor(Optional.of(id), false, queues);
    }

    public static Actor admin(UserId id) {
        return new Actor(Optional.of(id), true, TokenScopes.none());
    }

    /** Whether this actor may do {@code action} on {@code queue}: always for an administrator. */
    public boolean may(QueueAction action, QueueName queue) {
        return admin || queues.permits(action, queue);
    }

    /** Whether this actor may do {@code action} on every queue, so no queue needs looking up. */
    public boolean mayEverywhere(QueueAction action) {
        return admin || queues.permitsEveryQueue(action);
    }

    /** The user, or {@link dev.stowage.domain.error.UnauthenticatedException} when anonymous. */
    public UserId requireUser() {
        return user.orElseThrow(() -> new dev.stowage.domain.error.UnauthenticatedException("this needs a signed-in user"));
    }

    /** Throws {@link dev.stowage.domain.error.ForbiddenException} unless an administrator. */
    public void requireAdmin(String what) {
        requireUser();
        if (!admin) {
            throw new dev.stowage.domain.error.ForbiddenException(what + " needs an administrator");
        }
    }
}
