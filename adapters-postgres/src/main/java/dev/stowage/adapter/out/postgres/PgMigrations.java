package dev.stowage.adapter.out.postgres;

import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The PostgreSQL schema's Flyway migrations, kept in this module's own location (they share no
 * script with SQLite's: the types and indexes differ). Each migration runs in its own transaction,
 * which PostgreSQL makes atomic, DDL included.
 */
final class PgMigrations {
    /** Where this module's scripts live on the class path. */
    static final String LOCATION = "classpath:dev/stowage/adapter/out/postgres/migration";
    static final String NONE = "none";

    /** The schema's version and what is left to apply. */
    record State(String current, List<String> pending) {
    }

    private final Flyway flyway;

    PgMigrations(DataSource dataSource) {
        this.flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations(LOCATION)
                .cleanDisabled(true)
                // a database with other tables (a shared one) still gets Stowage's: they do not collide
                .baselineOnMigrate(false)
                .load();
    }

    /** Applies every pending migration; returns the versions applied. */
    List<String> migrate() {
        try {
            MigrateResult result = flyway.migrate();
            return result.migrations.stream().map(m -> m.version).toList();
        } catch (FlywayException e) {
            throw PgErrors.sqlCause(e).<RuntimeException>map(PgErrors::translate)
                    .orElseGet(() -> new dev.stowage.domain.error.StorageUnavailableException(
                            "the database schema could not be migrated: " + e.getMessage(), e));
        }
    }

    State state() {
        try {
            var info = flyway.info();
            MigrationInfo current = info.current();
            List<String> pending = Arrays.stream(info.pending()).map(m -> m.getVersion().getVersion()).toList();
            return new State(current == null ? NONE : current.getVersion().getVersion(), pending);
        } catch (FlywayException e) {
            throw PgErrors.sqlCause(e).<RuntimeException>map(PgErrors::translate)
                    .orElseGet(() -> new dev.stowage.domain.error.StorageUnavailableException(
                            "the database schema could not be read: " + e.getMessage(), e));
        }
    }
}
