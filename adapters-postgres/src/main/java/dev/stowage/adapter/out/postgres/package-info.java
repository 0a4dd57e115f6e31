/**
 * The PostgreSQL engine: Stowage's metadata and queue on a PostgreSQL server, for deployments that
 * outgrow one machine (several {@code serve} instances on one database, blobs on S3).
 *
 * <p>Public here are only {@link dev.stowage.adapter.out.postgres.PostgresModule} (the Guice
 * bindings) and {@link dev.stowage.adapter.out.postgres.PostgresSettings}; everything else is
 * package-private and reached through the application's ports.
 *
 * <h2>How it works</h2>
 * <ul>
 *   <li><b>Transactions.</b> A HikariCP pool; a write runs on the caller's thread in one READ
 *       COMMITTED transaction, retried whole after a serialization failure or deadlock; a read in a
 *       read-only REPEATABLE READ snapshot. Calls inside a transaction join it (nested writes under a
 *       savepoint). Stores reach the database through {@code Db}: jOOQ on the POSTGRES dialect.</li>
 *   <li><b>Schema.</b> Flyway, with this module's own scripts under
 *       {@code dev/stowage/adapter/out/postgres/migration}.</li>
 *   <li><b>Errors.</b> SQLSTATEs become Stowage errors: a unique key {@code AlreadyExistsException},
 *       other constraints and bad data {@code InvalidInputException}, connection and resource
 *       failures {@code StorageUnavailableException}. No {@code SQLException} leaves the package.</li>
 *   <li><b>Secrets.</b> The password goes to the driver and nowhere else: not in logs, messages,
 *       health, nor {@code toString}.</li>
 * </ul>
 */
package dev.stowage.adapter.out.postgres;
