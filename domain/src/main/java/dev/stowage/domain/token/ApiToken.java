package dev.stowage.domain.token;

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
 * @param admin      may administer backups, restores, tokens and queues
 */
public record ApiToken(TokenId id, UserId user, boolean admin, String label, Sha256 secretHash, Instant createdAt,
                       Optional<Instant> revokedAt) {
    public ApiToken {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(user, "user");
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

    @Override
    public String toString() {
        return "ApiToken[id=" + id + ", user=" + user + ", admin=" + admin + ", label=" + label + ", revoked=" + revokedAt.isPresent() + "]";
    }
}
