package dev.stowage.adapter.out.postgres;

import dev.stowage.testing.TestPostgres;

/**
 * A fresh database on the shared embedded server, already migrated: the schema is migrated once per
 * JVM into a template database, which every test class then copies (far faster than migrating).
 */
final class PgTestDatabase {
    private static final String TEMPLATE = "stowage_migrated_template";
    private static volatile boolean templateReady;

    private PgTestDatabase() {
    }

    /** A new database with Stowage's schema, for one test class or test. */
    static TestPostgres.Database migrated(String purpose) {
        TestPostgres server = TestPostgres.shared();
        if (!templateReady) {
            synchronized (PgTestDatabase.class) {
                if (!templateReady) {
                    server.drop(TEMPLATE);
                    server.admin(s -> s.execute("CREATE DATABASE " + TEMPLATE + " TEMPLATE template0"));
                    TestPostgres.Database template = server.database(TEMPLATE);
                    new PgMigrations(PgEngine.directDataSource(settings(template))).migrate();
                    templateReady = true;
                }
            }
        }
        return server.freshDatabase(purpose, TEMPLATE);
    }

    /** Settings for {@code db}, with a small pool and the given wake-ups. */
    static PostgresSettings settings(TestPostgres.Database db) {
        return PostgresSettings.defaults(db.url(), db.user(), db.password());
    }

    /** A started engine on a new migrated database. */
    static PgEngine startedEngine(String purpose) {
        PgEngine engine = new PgEngine(settings(migrated(purpose)));
        engine.start();
        return engine;
    }

    /** Deletes every row of the queue's tables: a store on it is then new and empty. */
    static void empty(Db db) {
        db.write(ctx -> ctx.execute("TRUNCATE jobs, queue_settings, job_templates, stowage_meta"));
    }
}
