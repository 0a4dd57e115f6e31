package dev.stowage.adapter.out.sqlite.engine;

import dev.stowage.domain.error.StorageUnavailableException;
import dev.stowage.domain.error.StowageException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;
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

    private static final String LOCATION = "db/migration";
    private static final Pattern VERSIONED = Pattern.compile("V([0-9]+)__[^/]+\\.sql");

    private final DataSource dataSource;
    private Flyway flyway;

    Migrations(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * Configured on first use: a start whose schema is up to date ({@link #upToDate}) never loads
     * Flyway, whose configuration alone costs about a tenth of a second of class loading.
     */
    private synchronized Flyway flyway() {
        if (flyway == null) {
            flyway = Flyway.configure(Migrations.class.getClassLoader())
                    .dataSource(dataSource)
                    // like the rest of the adapter, rather than Flyway guessing (it falls back to JUL)
                    .loggers("slf4j")
                    .locations("classpath:" + LOCATION)
                    .failOnMissingLocations(true)
                    .cleanDisabled(true)
                    .load();
        }
        return flyway;
    }

    /** Whether Flyway was configured, which a start on an up-to-date schema does not do. */
    synchronized boolean flywayConfigured() {
        return flyway != null;
    }

    /**
     * Whether the schema history on {@code jdbc} records exactly this build's migrations, each
     * applied with success and with the checksum of the script this build holds, in version order
     * and nothing else: then {@link #migrate()} would apply nothing and its validation would pass,
     * and start-up skips Flyway. Anything else (a fresh file, a pending or newer migration, a failed
     * or edited one, a history row changed by hand, migrations this class cannot list) answers
     * false, and Flyway migrates and validates as it always did, failing where it fails. The
     * checksum is Flyway's: CRC-32 of the script's lines in UTF-8, without line ends or a BOM;
     * {@code MigrationsTest} checks it against the ones Flyway records.
     */
    boolean upToDate(Connection jdbc) throws SQLException {
        List<Script> scripts = scripts();
        if (scripts == null) {
            return false;
        }
        try (Statement statement = jdbc.createStatement()) {
            try (ResultSet table = statement.executeQuery(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'flyway_schema_history'")) {
                if (!table.next() || table.getInt(1) == 0) {
                    return false;
                }
            }
            try (ResultSet history = statement.executeQuery("SELECT version, script, checksum, type, success"
                    + " FROM flyway_schema_history ORDER BY installed_rank")) {
                int i = 0;
                while (history.next()) {
                    if (i == scripts.size()) {
                        return false;
                    }
                    Script script = scripts.get(i++);
                    Object checksum = history.getObject(3);
                    boolean same = String.valueOf(script.version()).equals(history.getString(1))
                            && script.name().equals(history.getString(2))
                            && checksum instanceof Number n && n.longValue() == script.checksum()
                            && "SQL".equals(history.getString(4))
                            && history.getInt(5) == 1;
                    if (!same) {
                        return false;
                    }
                }
                return i == scripts.size();
            }
        }
    }

    /** A versioned migration script of this build, as Flyway would apply it. */
    record Script(long version, String name, int checksum) {
    }

    /**
     * This build's migrations in version order, with their checksums; null when some entry of
     * {@code db/migration} is not a versioned SQL script, or the location is not a folder or a jar
     * this class can list.
     */
    static List<Script> scripts() {
        var names = new TreeSet<String>();
        try {
            Enumeration<URL> roots = Migrations.class.getClassLoader().getResources(LOCATION);
            if (!roots.hasMoreElements()) {
                return null;
            }
            while (roots.hasMoreElements()) {
                if (!list(roots.nextElement(), names)) {
                    return null;
                }
            }
            var scripts = new ArrayList<Script>();
            for (String name : names) {
                Matcher versioned = VERSIONED.matcher(name);
                if (!versioned.matches()) {
                    return null;
                }
                scripts.add(new Script(Long.parseLong(versioned.group(1)), name, checksum(name)));
            }
            scripts.sort(Comparator.comparingLong(Script::version));
            for (int i = 1; i < scripts.size(); i++) {
                if (scripts.get(i).version() == scripts.get(i - 1).version()) {
                    return null; // two scripts of one version: Flyway's to refuse
                }
            }
            return scripts;
        } catch (IOException | RuntimeException e) {
            return null; // Flyway finds and reports what is wrong
        }
    }

    /** Adds the file names directly inside {@code location}; false when it cannot be listed. */
    private static boolean list(URL location, Set<String> names) throws IOException {
        switch (location.getProtocol()) {
            case "file" -> {
                Path folder;
                try {
                    folder = Path.of(location.toURI());
                } catch (URISyntaxException e) {
                    return false;
                }
                try (Stream<Path> files = Files.list(folder)) {
                    files.forEach(f -> names.add(f.getFileName().toString()));
                }
                return true;
            }
            case "jar" -> {
                URLConnection connection = location.openConnection();
                if (!(connection instanceof JarURLConnection jar)) {
                    return false;
                }
                String prefix = LOCATION + "/";
                try (JarFile file = openWithoutCache(jar)) {
                    Enumeration<JarEntry> entries = file.entries();
                    while (entries.hasMoreElements()) {
                        String entry = entries.nextElement().getName();
                        if (entry.startsWith(prefix) && entry.length() > prefix.length()) {
                            String name = entry.substring(prefix.length());
                            if (name.indexOf('/') >= 0) {
                                return false; // a subfolder, which Flyway would scan too
                            }
                            names.add(name);
                        }
                    }
                }
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private static JarFile openWithoutCache(JarURLConnection jar) throws IOException {
        jar.setUseCaches(false); // ours to close, rather than one shared with the class loader
        return jar.getJarFile();
    }

    /** Flyway's checksum of a SQL script: CRC-32 of each line's UTF-8 bytes, the line ends and a BOM left out. */
    static int checksum(String name) throws IOException {
        InputStream in = Migrations.class.getClassLoader().getResourceAsStream(LOCATION + "/" + name);
        if (in == null) {
            throw new IOException("cannot read " + LOCATION + "/" + name);
        }
        var crc = new CRC32();
        try (var lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line = lines.readLine();
            if (line != null && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            for (; line != null; line = lines.readLine()) {
                crc.update(line.getBytes(StandardCharsets.UTF_8));
            }
        }
        return (int) crc.getValue();
    }

    /** Applies what is pending; returns the versions applied, in order. */
    List<String> migrate() {
        try {
            return flyway().migrate().migrations.stream().map(m -> m.version).toList();
        } catch (FlywayException e) {
            throw failure("migrating the database schema failed", e);
        }
    }

    State state() {
        try {
            MigrationInfoService info = flyway().info();
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
            return Arrays.stream(flyway().info().applied())
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
