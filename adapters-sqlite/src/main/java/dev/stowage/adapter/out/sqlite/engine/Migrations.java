package dev.stowage.adapter.out.sqlite.engine;

import dev.stowage.domain.error.StorageUnavailableException;
import dev.stowage.domain.error.StowageException;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;

/** The Flyway migrations in {@code db/migration} on the class path, applied to the database file. */
final class Migrations {
    static final String NONE = "none";

    /** Where the schema stands. */
    record State(String current, List<String> pending) {
    }

    private final Flyway flyway;

    Migrations(DataSource dataSource) {
        this.flyway = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                // like the rest of the adapter, rather than Flyway guessing (it falls back to JUL)
                .loggers("slf4j")
                .locations("classpath:db/migration")
                .failOnMissingLocations(true)
                .cleanDisabled(true)
                .load();
    }

    /** Applies what is pending; returns the versions applied, in order. */
    List<String> migrate() {
        try {
            return flyway.migrate().migrations.stream().map(m -> m.version).toList();
        } catch (FlywayException e) {
            throw failure("migrating the database schema failed", e);
        }
    }

    State state() {
        try {
            MigrationInfoService info = flyway.info();
            MigrationInfo current = info.current();
            return new State(current == null || current.getVersion() == null ? NONE : current.getVersion().getVersion(),
                    Arrays.stream(info.pending()).map(m -> m.getVersion().getVersion()).toList());
        } catch (FlywayException e) {
            throw failure("reading the database schema version failed", e);
        }
    }

    /**
     * Versions applied to the database that this build does not know: a database written by a newer
     * build, which this one must not open.
     */
    List<String> future() {
        try {
            return Arrays.stream(flyway.info().applied())
                    .filter(m -> m.getState().name().startsWith("FUTURE"))
                    .map(m -> m.getVersion() == null ? String.valueOf(m.getDescription()) : m.getVersion().getVersion())
                    .toList();
        } catch (FlywayException e) {
            throw failure("reading the database schema version failed", e);
        }
    }

    private static StowageException failure(String what, FlywayException e) {
        return SqliteErrors.sqlCause(e)
                .map(SqliteErrors::translate)
                .orElseGet(() -> new StorageUnavailableException(what + ": " + e.getMessage(), e));
    }
}
