package dev.stowage.adapter.in.http;

import dev.stowage.domain.common.Actor;
import dev.stowage.domain.common.Sha256;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens that were accepted moments ago, so that a client sending many requests does not cost a
 * database lookup each. Without it the token lookup is most of the work of a small authenticated
 * read.
 *
 * <p>Only acceptances are remembered, for {@link #TTL}, and counted from when the lookup was made:
 * a revoked token is refused within that time whichever process revoked it (the CLI revokes in its
 * own process, which this cache cannot hear), a new token works at once, and unknown tokens cannot
 * fill the cache. Entries are keyed by the SHA-256 of the secret, so the cache holds no secret.
 * At most {@link #MAX_ENTRIES} are kept; past that, expired entries are dropped and, if the cache
 * is still full, it starts again empty, which only costs lookups.
 */
final class TokenCache {
    /** How long an acceptance stands: short enough that revocation is prompt, long enough to spare the database. */
    static final Duration TTL = Duration.ofSeconds(1);
    static final int MAX_ENTRIES = 4096;

    private record Accepted(Actor actor, Instant until) {
    }

    private final Map<String, Accepted> accepted = new ConcurrentHashMap<>();
    private final Clock clock;

    TokenCache(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The actor {@code secret} was accepted as within the last {@link #TTL}, if it was. */
    Optional<Actor> recent(String secret) {
        String key = key(secret);
        Accepted a = accepted.get(key);
        if (a == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(a.until())) {
            accepted.remove(key, a);
            return Optional.empty();
        }
        return Optional.of(a.actor());
    }

    /** Remembers that the token store has just accepted {@code secret} as {@code actor}. */
    void accepted(String secret, Actor actor) {
        Instant now = clock.instant();
        if (accepted.size() >= MAX_ENTRIES) {
            accepted.values().removeIf(a -> !now.isBefore(a.until()));
            if (accepted.size() >= MAX_ENTRIES) {
                accepted.clear();
            }
        }
        accepted.put(key(secret), new Accepted(actor, now.plus(TTL)));
    }

    int size() {
        return accepted.size();
    }

    private static String key(String secret) {
        byte[] digest = Sha256.newDigest().digest(secret.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(digest);
    }
}
