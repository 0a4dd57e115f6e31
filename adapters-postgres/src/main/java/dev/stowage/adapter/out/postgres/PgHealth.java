package dev.stowage.adapter.out.postgres;

import dev.stowage.application.port.out.HealthIndicator;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Objects;

/** The database's health: does a pooled connection answer, and at which schema version. */
final class PgHealth implements HealthIndicator {
    // health must answer well under a second
    private static final int QUERY_TIMEOUT_SECONDS = 1;

    private final PgEngine engine;

    PgHealth(PgEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    @Override
    public String component() {
        return "database";
    }

    @Override
    public ComponentHealth check() {
        if (!engine.running()) {
            return ComponentHealth.down("the database is not open");
        }
        try (Connection c = engine.borrow(); Statement s = c.createStatement()) {
            s.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            String version;
            try (ResultSet r = s.executeQuery("SELECT version FROM flyway_schema_history WHERE success "
                    + "AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")) {
                version = r.next() ? r.getString(1) : PgMigrations.NONE;
            }
            c.rollback();
            // no URL nor user: health may be served to callers who should not learn them
            return ComponentHealth.up(Map.of("backend", "postgresql", "schemaVersion", version,
                    "connectionsInUse", Integer.toString(engine.activeConnections())));
        } catch (SQLException e) {
            return ComponentHealth.down(PgErrors.translate(e).getMessage());
        } catch (RuntimeException e) {
            return ComponentHealth.down(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }
}
