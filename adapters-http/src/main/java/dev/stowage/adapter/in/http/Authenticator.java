package dev.stowage.adapter.in.http;

import dev.stowage.application.port.in.token.ManageTokensUseCase;
import dev.stowage.domain.common.Actor;
import dev.stowage.domain.error.UnauthenticatedException;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;

/**
 * Establishes who is calling from {@code Authorization: Bearer <token>}. Every route handler (and
 * the tus routes) asks here; a failure is an {@link UnauthenticatedException}, which the server
 * turns into 401 with {@code WWW-Authenticate: Bearer}.
 *
 * <p>The token never appears in an error message: the messages name only what was wrong with its
 * shape or that it matched no active token.
 *
 * <p>A token accepted in the last {@link TokenCache#TTL} is accepted again without asking the
 * token store (see {@link TokenCache}); a revoked one is therefore refused within that time.
 */
final class Authenticator {
    private static final String SCHEME = "bearer ";

    private final ManageTokensUseCase tokens;
    private final TokenCache recent;

    Authenticator(ManageTokensUseCase tokens, Clock clock) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.recent = new TokenCache(clock);
    }

    /** The calling user; 401 without a valid token. */
    Actor require(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            throw new UnauthenticatedException("this needs an API token: send 'Authorization: Bearer <token>'");
        }
        return authenticate(header);
    }

    /** The calling administrator; 401 without a valid token, 403 for a token that is not an administrator's. */
    Actor requireAdmin(Context ctx, String what) {
        Actor actor = require(ctx);
        actor.requireAdmin(what);
        return actor;
    }

    /**
     * The calling user, or anonymous when no {@code Authorization} header was sent and
     * {@code anonymousAllowed}. A header that is present but wrong is still a 401: a client that
     * meant to authenticate learns that it failed instead of silently reading as nobody.
     */
    Actor optional(Context ctx, boolean anonymousAllowed) {
        String header = ctx.header("Authorization");
        if ((header == null || header.isBlank()) && anonymousAllowed) {
            return Actor.anonymous();
        }
        return require(ctx);
    }

    private Actor authenticate(String header) {
        if (header.length() <= SCHEME.length()
                || !header.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
            throw new UnauthenticatedException("the Authorization header must use the Bearer scheme");
        }
        String secret = header.substring(SCHEME.length()).strip();
        Actor known = recent.recent(secret).orElse(null);
        if (known != null) {
            return known;
        }
        Actor actor = tokens.authenticate(secret);
        recent.accepted(secret, actor);
        return actor;
    }
}
