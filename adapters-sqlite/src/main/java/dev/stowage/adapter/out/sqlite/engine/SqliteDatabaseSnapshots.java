package dev.stowage.adapter.out.sqlite.engine;

import dev.stowage.adapter.out.sqlite.SqliteSettings;
import dev.stowage.application.port.out.DatabaseSnapshots;
import dev.stowage.domain.error.AlreadyExistsException;
import dev.stowage.domain.error.StorageUnavailableException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConnection;

/**
 * Snapshots of the live database through SQLite's online backup API, and (as
 * {@link SqliteSnapshotFiles}) checks of database files.
 *
 * <p>The copy runs in ONE step ({@code pagesPerStep = -1}) from a read connection of its own: one
 * read transaction covers the whole copy, so it is exactly one committed moment, and in WAL mode a
 * reader does not hold up the writer. Copied in small steps instead, SQLite restarts the copy each
 * time a writer commits between steps (sqlite-jdbc's {@code backup to} statement does that, 100
 * pages a step), which under steady writes may never finish.
 */
public final class SqliteDatabaseSnapshots extends SqliteSnapshotFiles implements DatabaseSnapshots {
    private static final int SQLITE_OK = 0;

    private final SqliteSettings settings;

    public SqliteDatabaseSnapshots(SqliteSettings settings) {
        this.settings = settings;
    }

    @Override
    public void snapshotTo(Path target) {
        if (Files.exists(target)) {
            throw new AlreadyExistsException("snapshot file '" + target + "' already exists");
        }
        try {
            ConnectionFactory live = new ConnectionFactory(settings);
            try (Session reader = live.openReader()) {
                Connection jdbc = reader.jdbc();
                int rc = jdbc.unwrap(SQLiteConnection.class).getDatabase()
                        .backup("main", target.toString(), null, 0, 0, -1);
                if (rc != SQLITE_OK) {
                    throw new StorageUnavailableException("copying the database to '" + target + "' failed with SQLite result "
                            + rc, null);
                }
            }
            // The copy carries the live file's WAL flag; a snapshot is one self-contained file.
            try (Connection copy = open(target, false); Statement s = copy.createStatement()) {
                s.execute("PRAGMA journal_mode=DELETE");
            }
            try (FileChannel ch = FileChannel.open(target, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
        } catch (SQLException e) {
            throw SqliteErrors.translate(e);
        } catch (IOException e) {
            throw new StorageUnavailableException("syncing the snapshot '" + target + "' failed: " + e.getMessage(), e);
        }
    }
}
