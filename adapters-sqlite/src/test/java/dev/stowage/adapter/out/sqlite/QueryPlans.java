package dev.stowage.adapter.out.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that a query finds its rows through an index. Reusable by any test that has a connection
 * to a migrated database.
 */
final class QueryPlans {
    private static final Pattern SCAN = Pattern.compile("^SCAN (\\S+)(.*)$");
    private static final Pattern MATERIALIZE = Pattern.compile("^(?:MATERIALIZE|CO-ROUTINE) (\\S+)");

    private QueryPlans() {
    }

    /** The {@code detail} lines of {@code EXPLAIN QUERY PLAN} for {@code sql}; its {@code ?} are left NULL. */
    static List<String> explain(Connection connection, String sql) throws SQLException {
        try (PreparedStatement plan = connection.prepareStatement("EXPLAIN QUERY PLAN " + sql)) {
            int parameters = plan.getParameterMetaData().getParameterCount();
            for (int i = 1; i <= parameters; i++) {
                // the plan depends on which columns are compared, not on the values
                plan.setNull(i, java.sql.Types.NULL);
            }
            List<String> lines = new ArrayList<>();
            try (ResultSet rows = plan.executeQuery()) {
                while (rows.next()) {
                    lines.add(rows.getString("detail"));
                }
            }
            return lines;
        }
    }

    /**
     * The plan lines that read a whole table: {@code SCAN t} without {@code USING INDEX} or
     * {@code USING COVERING INDEX}. Scans of a subquery, a constant row, a CTE the query built
     * itself or a table-valued function are not table scans.
     */
    static List<String> fullScans(List<String> plan) {
        Set<String> builtByQuery = new HashSet<>();
        List<String> scans = new ArrayList<>();
        for (String line : plan) {
            Matcher built = MATERIALIZE.matcher(line);
            if (built.find()) {
                builtByQuery.add(built.group(1));
            }
            Matcher scan = SCAN.matcher(line);
            if (!scan.matches()) {
                continue;
            }
            String target = scan.group(1);
            String rest = scan.group(2).toUpperCase(Locale.ROOT);
            boolean indexed = rest.contains("USING INDEX") || rest.contains("USING COVERING INDEX");
            // a table-valued function (json_each over a bound array) reads its argument, not a table
            boolean notATable = target.startsWith("(") || line.startsWith("SCAN CONSTANT ROW")
                    || builtByQuery.contains(target) || rest.contains("VIRTUAL TABLE");
            if (!indexed && !notATable) {
                scans.add(line);
            }
        }
        return scans;
    }

    /** Fails, printing the whole plan, when {@code sql} scans a table without an index. */
    static void assertUsesIndexes(Connection connection, String sql) throws SQLException {
        List<String> plan = explain(connection, sql);
        List<String> scans = fullScans(plan);
        if (!scans.isEmpty()) {
            throw new AssertionError("query scans a table without an index: " + scans
                    + "\n  query: " + sql + "\n  plan:\n    " + String.join("\n    ", plan));
        }
    }
}
