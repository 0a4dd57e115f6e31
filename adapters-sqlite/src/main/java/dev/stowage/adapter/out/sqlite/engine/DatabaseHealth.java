package dev.stowage.adapter.out.sqlite.engine;

import dev.stowage.application.port.out.HealthIndicator;
import java.time.Duration;
import java.util.Map;

/** The database's health: can a read connection answer, and what schema and WAL it has. */
public final class DatabaseHealth implements HealthIndicator {
    // health must answer well under a second, so it does not queue behind a flood of reads
    private static final Duration READER_WAIT = Duration.ofMillis(500);

    private final SqliteEngine engine;

    public DatabaseHealth(SqliteEngine engine) {
        this.engine = engine;
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
        try {
            return engine.readAlone(() -> engine.onCurrent(ctx -> {
                String journalMode = ctx.fetchValue("PRAGMA journal_mode").toString();
                boolean migrated = ((Number) ctx.fetchValue(
                        "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?",
                        "flyway_schema_history")).intValue() > 0;
                Object version = migrated
                        ? ctx.fetchValue("SELECT version FROM flyway_schema_history WHERE success = 1 "
                                + "AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")
                        : null;
                // no file path: health may be served to callers who should not learn the layout
                return ComponentHealth.up(Map.of(
                        "schemaVersion", version == null ? Migrations.NONE : version.toString(),
                        "journalMode", journalMode,
                        "walBytes", Long.toString(engine.walBytes())));
            }), READER_WAIT);
        } catch (RuntimeException e) {
            return ComponentHealth.down(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }
}
