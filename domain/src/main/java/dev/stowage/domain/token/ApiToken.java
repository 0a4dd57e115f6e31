package dev.stowage.domain.token;

import dev.stowage.domain.common.Actor;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.common.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An API token as stored: only the SHA-256 of its secret is kept, so a leaked database leaks no
 * usable token. The secret is shown once, when the token is made.
 *
 * @param secretHash SHA-256 of the token's secret text
 * @param admin      may administer backups, restores, tokens and queues, and use every queue
 * @param scopes     what a user's token may do on which queues; an administrator's needs none
 */
public record ApiToken(TokenId id, UserId user, boolean admin, TokenScopes scopes, String label, Sha256 secretHash,
                       Instant createdAt, Optional<Instant> revokedAt) {
    public ApiToken {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(scopes, "scopes");
        Objects.requireNonNull(label, "label");
        if (label.length() > 200) {
            throw new dev.stowage.domain.error.InvalidInputException("token label must be at most 200 characters");
        }
        Objects.requireNonNull(secretHash, "secretHash");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(revokedAt, "revokedAt");
    }

    public boolean active() {
        return revokedAt.isEmpty();
    }

    /** Who a request with this token is. */
    public Actor actor() {
        return admin ? Actor.admin(user) : Actor.user(user, scopes);
    }

    /** The same token, revoked at {@code at}. */
    public ApiToken revoked(Instant at) {
        return new ApiToken(id, user, admin, scopes, label, secretHash, createdAt, Optional.of(at));
    }

    @Override
    public String toString() {
        return "ApiToken[id=" + id + ", user=" + user + ", admin=" + admin + ", scopes=[" + scopes + "], label=" + label + ", revoked=" + revokedAt.isPresent() + "]";
    }
}
