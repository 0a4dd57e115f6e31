package dev.stowage.adapter.in.http;

import dev.stowage.domain.common.Actor;
import io.javalin.http.Context;

/**
 * Establishes who sends a tus request. The tus routes take it as a parameter so that they share
 * the service's one way of reading bearer tokens instead of growing their own.
 */
@FunctionalInterface
interface TusAuthenticator {

    /**
     * The actor behind {@code ctx}: {@link Actor#anonymous()} when the request carries no
     * credentials (the use case then refuses with 401).
     *
     * @throws dev.stowage.domain.error.UnauthenticatedException when credentials are present but
     *         match nothing
     */
    Actor authenticate(Context ctx);
}
