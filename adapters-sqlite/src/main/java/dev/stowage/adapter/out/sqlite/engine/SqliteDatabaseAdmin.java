package dev.stowage.adapter.out.sqlite.engine;

import dev.stowage.application.port.out.DatabaseAdmin;
import java.util.List;

/** Migrations, facts and checkpoints for operators, run through the engine's writer thread. */
public final class SqliteDatabaseAdmin implements DatabaseAdmin {
    private static final String[] SYNCHRONOUS_NAMES = {"OFF", "NORMAL", "FULL", "EXTRA"};

    private final SqliteEngine engine;

    public SqliteDatabaseAdmin(SqliteEngine engine) {
        this.engine = engine;
    }

    /**
     * Runs on the writer thread while the engine is open, so that no write of ours interleaves with
     * a migration; Flyway still uses a connection of its own, as it does before start.
     */
    @Override
    public List<String> migrate() {
        if (!engine.running()) {
            return engine.migrations().migrate();
        }
        return engine.onWriter(engine::migrateWith);
    }

    @Override
    public DatabaseInfo info() {
        Migrations.State schema = engine.migrations().state();
        // the writer's own view: its synchronous level is the one that decides durability
        String[] modes = engine.onWriter(session -> new String[] {
                session.queryString("PRAGMA journal_mode"),
                synchronousName(session.queryLong("PRAGMA synchronous"))});
        return new DatabaseInfo(schema.current(), schema.pending(), engine.settings().databaseFile().toString(),
                engine.databaseBytes(), engine.walBytes(), modes[0], modes[1]);
    }

    /** The configured file: known without opening the engine, which a restore in place must not do. */
    @Override
    public Location location() {
        return new Location.InFile(engine.settings().databaseFile());
    }

    @Override
    public CheckpointResult checkpoint(CheckpointMode mode) {
        return engine.checkpoint(mode);
    }

    private static String synchronousName(long level) {
        return level >= 0 && level < SYNCHRONOUS_NAMES.length ? SYNCHRONOUS_NAMES[(int) level] : String.valueOf(level);
    }
}
