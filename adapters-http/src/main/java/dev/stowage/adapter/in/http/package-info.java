/**
 * Stowage over HTTP: one public entry, {@link dev.stowage.adapter.in.http.HttpModule}, configured by
 * {@link dev.stowage.adapter.in.http.HttpSettings}; everything else here is package-private.
 *
 * <p>The pieces: {@code HttpServer} (Javalin on Jetty: limits, error mapping, lifecycle),
 * {@code Authenticator} (bearer token to actor), one route class per area ({@code QueueRoutes},
 * {@code WorkerRoutes}, {@code DocumentRoutes}, {@code ProgramRoutes}, {@code ProgramImportRoutes}, {@code TusRoutes}), {@code JsonBody} (strict, bounded JSON reading),
 * the views that define the JSON shapes, and {@code ProblemMapper} with {@code ProblemErrorHandler}
 * so that every error, Javalin's or Jetty's, is a problem document without internals.
 *
 * <p>Access decisions are the use cases' (the actor is passed in); the routes add only what is
 * HTTP's own: which routes need an administrator token, which reads may be anonymous, and
 * preconditions ({@code If-Match}, ranges). The API is described in {@code openapi.json} next to
 * these classes, and a test holds it to the routes Javalin actually registers.
 */
package dev.stowage.adapter.in.http;
