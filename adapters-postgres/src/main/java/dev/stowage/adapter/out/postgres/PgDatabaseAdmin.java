package dev.stowage.adapter.out.postgres;

import dev.stowage.application.port.out.DatabaseAdmin;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;

/**
 * Migrations, facts and checkpoints for operators. PostgreSQL runs its own write-ahead log: a FULL
 * or TRUNCATE checkpoint asks the server for one ({@code CHECKPOINT}), which only a superuser or a
 * member of {@code pg_checkpoint} may do; without that right it reports busy and changes nothing.
 *
 * <p>A PASSIVE checkpoint does nothing here. PASSIVE is what callers ask for when they must not hold
 * up writers (the backup service, before every backup); on SQLite it folds the WAL into the database
 * file so that a copy of the file is smaller. PostgreSQL's {@code CHECKPOINT} is instead a server-wide
 * flush of every database's dirty pages, an I/O burst other tenants of the server feel, and nothing
 * Stowage reads needs it: an export reads through MVCC snapshots, not the data files.
 */
final class PgDatabaseAdmin implements DatabaseAdmin {
    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    private final PgEngine engine;

    PgDatabaseAdmin(PgEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    @Override
    public List<String> migrate() {
        return engine.migrations().migrate();
    }

    @Override
    public DatabaseInfo info() {
        PgMigrations.State schema = engine.migrations().state();
        try (Connection c = PgEngine.directDataSource(engine.settings()).getConnection();
             Statement s = c.createStatement()) {
            long bytes = single(s, "SELECT pg_database_size(current_database())");
            String synchronous = text(s, "SHOW synchronous_commit");
            String version = text(s, "SHOW server_version");
            // databasePath: the URL, which never carries the password (PostgresSettings refuses one)
            return new DatabaseInfo(schema.current(), schema.pending(), engine.settings().url(), bytes, 0,
                    "postgresql " + version, synchronous);
        } catch (SQLException e) {
            throw PgErrors.translate(e);
        }
    }

    /**
     * On the server, whatever the data folder holds: a backup restores into a SQLite data folder, whose
     * database {@code stowage db copy --to postgres} then writes here.
     */
    @Override
    public Location location() {
        return new Location.OnServer("postgres", "stowage db copy --to postgres");
    }

    @Override
    public CheckpointResult checkpoint(CheckpointMode mode) {
        Objects.requireNonNull(mode, "mode");
        if (mode == CheckpointMode.PASSIVE) {
            return new CheckpointResult(false, 0, 0);
        }
        try (Connection c = PgEngine.directDataSource(engine.settings()).getConnection();
             Statement s = c.createStatement()) {
            s.execute("CHECKPOINT");
            return new CheckpointResult(false, 0, 0);
        } catch (SQLException e) {
            if (INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
                return new CheckpointResult(true, 0, 0);
            }
            throw PgErrors.translate(e);
        }
    }

    private static long single(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static String text(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }
}
