/**
 * The SQLite adapter: Stowage's embedded metadata store. This package holds the stores (the job
 * queue, documents and uploads, tokens, programs, the backup catalog) and their Guice wiring; the
 * engine they run on is in {@code dev.stowage.adapter.out.sqlite.engine}, and jOOQ's classes
 * generated from the Flyway schema in {@code dev.stowage.adapter.out.sqlite.schema}.
 *
 * <p>Public here are only {@link dev.stowage.adapter.out.sqlite.SqliteModule} (the Guice bindings,
 * which installs one package-private module an area) and the settings records
 * ({@link dev.stowage.adapter.out.sqlite.SqliteSettings},
 * {@link dev.stowage.adapter.out.sqlite.DocumentCacheSettings}); everything else is reached through
 * the application's ports ({@code Transactions}, {@code DatabaseAdmin}, {@code Managed},
 * {@code HealthIndicator}, the stores' ports).
 */
package dev.stowage.adapter.out.sqlite;
