/**
 * The SQLite engine: one database file in WAL mode, its writer with group commit, sessions, reader
 * pool, busy retries, checkpoints, connection factory and migrations. The stores of
 * {@code dev.stowage.adapter.out.sqlite} reach it through {@link dev.stowage.adapter.out.sqlite.engine.Db}
 * (and {@link dev.stowage.adapter.out.sqlite.engine.Session} for statements kept prepared); the
 * classes they and {@code SqliteModule} need are public for that alone, and an ArchUnit rule keeps
 * every use of this package inside the SQLite adapter. The rest is package-private.
 *
 * <h2>How it works</h2>
 * <ul>
 *   <li><b>One writer.</b> A single thread owns the only writing connection. Write transactions
 *       begin {@code IMMEDIATE}, so they never fail on upgrading a read lock. Callers that write at
 *       the same time are batched into one transaction and one commit (group commit), each under
 *       its own savepoint so that one caller's failure undoes only its own work.</li>
 *   <li><b>Many readers.</b> A small pool of read-only connections; each read runs in a deferred
 *       transaction and so sees one consistent snapshot, untouched by commits that land meanwhile.</li>
 *   <li><b>Joining.</b> The current transaction is kept per thread; a store called inside one joins
 *       it. Stores write their SQL with jOOQ through {@code Db}, using the classes generated at
 *       build time from the Flyway schema into {@code dev.stowage.adapter.out.sqlite.schema}.</li>
 *   <li><b>Locks held elsewhere.</b> Another process may write the same file. SQLite waits the busy
 *       timeout, then the engine retries with exponential backoff before it reports the database
 *       unavailable.</li>
 *   <li><b>Errors.</b> SQLite result codes become Stowage errors: a full disk
 *       {@code StorageFullException}, I/O and lock failures {@code StorageUnavailableException}, a
 *       damaged file {@code StorageCorruptException}, a unique key {@code AlreadyExistsException},
 *       other constraints {@code InvalidInputException}. No {@code SQLException} leaves the package.</li>
 *   <li><b>Checkpoints.</b> Passive ones on a timer besides SQLite's automatic ones, on demand
 *       through {@code DatabaseAdmin}, and a truncating one at shutdown.</li>
 * </ul>
 */
package dev.stowage.adapter.out.sqlite.engine;
