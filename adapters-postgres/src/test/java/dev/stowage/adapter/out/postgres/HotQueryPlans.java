package dev.stowage.adapter.out.postgres;

import dev.stowage.testing.TestPostgres;
import java.net.URL;
import java.security.CodeSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Every statement this adapter sends must find its rows through an index, as on SQLite: a JUnit
 * extension for the PostgreSQL test classes that drive the stores (the port contracts).
 *
 * <p>While the class runs, it records the text of every statement the PostgreSQL driver parses
 * (the driver's own trace of its Parse messages, so jOOQ's statements and the fixed ones alike, with
 * their literals and {@code $n} parameters), keeping those sent from this adapter's main classes
 * together with the method that sent each. Statements a test sends itself (emptying tables) and
 * Flyway's, at start-up, are not kept. After the class, each kept statement that reads or writes
 * rows is planned on a migrated, empty database with {@code EXPLAIN (GENERIC_PLAN)} (a plan for any
 * parameter values) and {@code enable_seqscan} off, so that the planner picks an index wherever one
 * can serve; a sequential scan of a table still in the plan means no index can, and fails the class
 * with the statement, its sender and its plan.
 *
 * <p>A full read through an index (an index scan without a condition) passes, as {@code SCAN t USING
 * INDEX} does on SQLite: the reads of every row (exports, `db copy`) are by design.
 */
final class HotQueryPlans implements BeforeAllCallback, AfterAllCallback {
    private static final Logger DRIVER = Logger.getLogger("org.postgresql.core.v3.QueryExecutorImpl");
    private static final Pattern PARSE = Pattern.compile("^ FE=> Parse\\(stmt=[^,]*,query=\"(.*)\",oids=\\{[^}]*}\\)$",
            Pattern.DOTALL);
    private static final Pattern SIMPLE = Pattern.compile("^ FE=> SimpleQuery\\(query=\"(.*)\"\\)$", Pattern.DOTALL);
    private static final Pattern ROWS = Pattern.compile("^\\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final String PACKAGE = HotQueryPlans.class.getPackageName() + ".";
    /** Flyway's own statements (its history table, the catalog) run once, at start-up: not a hot path. */
    private static final String MIGRATIONS = PgMigrations.class.getSimpleName() + ".";
    /** A plan line reading a table in full: "Seq Scan on jobs" (with an alias after it when the statement gives one). */
    private static final Pattern SEQ_SCAN = Pattern.compile("Seq Scan on (\\S+)");

    /** Statement text to the adapter method that sent it first. */
    private final Map<String, String> sent = new ConcurrentHashMap<>();
    private final Handler recorder = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String message = record.getParameters() == null ? record.getMessage()
                    : MessageFormat.format(record.getMessage(), record.getParameters());
            Optional<String> sql = statement(message);
            if (sql.isPresent() && ROWS.matcher(sql.get()).find()) {
                sender().filter(method -> !method.startsWith(MIGRATIONS))
                        .ifPresent(method -> sent.putIfAbsent(sql.get(), method));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level previousLevel;

    private boolean previousUseParents;

    @Override
    public void beforeAll(ExtensionContext context) {
        if (nested(context)) {
            return;
        }
        previousLevel = DRIVER.getLevel();
        previousUseParents = DRIVER.getUseParentHandlers();
        // the trace goes to the recorder only, never on to a console or a log
        DRIVER.setUseParentHandlers(false);
        DRIVER.setLevel(Level.FINEST);
        DRIVER.addHandler(recorder);
    }

    @Override
    public void afterAll(ExtensionContext context) throws SQLException {
        if (nested(context)) {
            return;
        }
        DRIVER.removeHandler(recorder);
        DRIVER.setLevel(previousLevel);
        DRIVER.setUseParentHandlers(previousUseParents);
        if (sent.isEmpty()) {
            throw new AssertionError("no statement of the PostgreSQL adapter was recorded while "
                    + context.getDisplayName() + " ran: the driver's trace format may have changed");
        }
        List<String> failures = new ArrayList<>();
        TestPostgres.Database db = PgTestDatabase.migrated("plans");
        Properties simple = new Properties();
        simple.setProperty("user", db.user());
        simple.setProperty("password", db.password());
        // the simple protocol: an extended-protocol Parse would expect values for the $n that
        // EXPLAIN (GENERIC_PLAN) leaves unbound
        simple.setProperty("preferQueryMode", "simple");
        try (Connection c = DriverManager.getConnection(db.url(), simple); Statement s = c.createStatement()) {
            s.execute("SET enable_seqscan = off");
            for (Map.Entry<String, String> statement : sent.entrySet()) {
                List<String> plan = plan(s, statement.getKey());
                List<String> scans = new ArrayList<>();
                for (String line : plan) {
                    Matcher scan = SEQ_SCAN.matcher(line);
                    if (scan.find()) {
                        scans.add(scan.group(1));
                    }
                }
                if (!scans.isEmpty()) {
                    failures.add(statement.getValue() + " reads " + scans + " without an index:\n    "
                            + statement.getKey() + "\n    plan:\n      " + String.join("\n      ", plan));
                }
            }
        } finally {
            TestPostgres.shared().drop(db.name());
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " of the " + sent.size() + " statements sent while "
                    + context.getDisplayName() + " ran read a table without an index:\n  "
                    + String.join("\n  ", failures));
        }
    }

    /** True for a nested test class: the class around it records and checks, once, for all of them. */
    private static boolean nested(ExtensionContext context) {
        return context.getRequiredTestClass().isAnnotationPresent(Nested.class);
    }

    /** The statement a driver trace message sends, if it sends one. */
    static Optional<String> statement(String message) {
        if (message == null) {
            return Optional.empty();
        }
        Matcher parse = PARSE.matcher(message);
        if (parse.matches()) {
            return Optional.of(parse.group(1));
        }
        Matcher simple = SIMPLE.matcher(message);
        return simple.matches() ? Optional.of(simple.group(1)) : Optional.empty();
    }

    /** The first method of this adapter's main classes on the calling thread's stack, as Class.method. */
    private static Optional<String> sender() {
        return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).walk(frames -> frames
                .filter(f -> f.getClassName().startsWith(PACKAGE) && isMainCode(f.getDeclaringClass()))
                .filter(f -> !f.getClassName().startsWith(PACKAGE + "Sql") && !f.getClassName().startsWith(PACKAGE + "Db"))
                .findFirst()
                .map(f -> f.getClassName().substring(PACKAGE.length()) + "." + methodName(f.getMethodName())));
    }

    /** A lambda's method as the source names it: {@code lambda$list$5} is in {@code list}. */
    private static String methodName(String compiled) {
        return compiled.startsWith("lambda$") ? compiled.replaceAll("^lambda\\$(.*)\\$\\d+$", "$1") : compiled;
    }

    private static boolean isMainCode(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        URL location = source == null ? null : source.getLocation();
        return location != null && !location.getPath().contains("/test-classes/");
    }

    /** The plan's lines, for any values of the statement's parameters. */
    private static List<String> plan(Statement s, String sql) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (ResultSet r = s.executeQuery("EXPLAIN (GENERIC_PLAN) " + sql)) {
            while (r.next()) {
                lines.add(r.getString(1));
            }
        }
        return lines;
    }
}
