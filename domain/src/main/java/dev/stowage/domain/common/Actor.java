package dev.stowage.domain.common;

import java.util.Objects;
import java.util.Optional;

/**
 * Who is asking: a user (perhaps an administrator) or nobody in particular. Services make every
 * access decision from this, so adapters only have to establish it.
 */
public record Actor(Optional<UserId> user, boolean admin) {
    public Actor {
        Objects.requireNonNull(user, "user");
        if (admin && user.isEmpty()) {
            throw new IllegalArgumentException("an administrator is a user");
        }
    }

    public static Actor anonymous() {
        return new Actor(Optional.empty(), false);
    }

    public static Actor user(UserId id) {
        return new Actor(Optional.of(id), false);
    }

    public static Actor admin(UserId id) {
        return new Actor(Optional.of(id), true);
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
