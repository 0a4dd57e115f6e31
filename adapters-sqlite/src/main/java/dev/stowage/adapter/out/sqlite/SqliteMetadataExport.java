package dev.stowage.adapter.out.sqlite;

import dev.stowage.adapter.out.sqlite.engine.Db;
import dev.stowage.application.port.out.MetadataExport;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Stowage's SQLite tables as engine-neutral rows, for {@code stowage db copy}. Every table of the
 * schema is exported, so a table a later migration adds is copied without a change here (and an
 * importer that lacks it refuses the copy rather than dropping it); only the migration history and
 * {@code document_usage}, which V3's triggers derive from {@code documents}, are left out.
 *
 * <p>The whole export is one read transaction: one snapshot for every table, while writers go on.
 */
final class SqliteMetadataExport implements MetadataExport {
    /** Tables the export leaves out: the migration history, and what triggers derive from other tables. */
    static final Set<String> NOT_EXPORTED = Set.of("flyway_schema_history", "document_usage");

    private final Db db;

    SqliteMetadataExport(Db db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public void exportTo(Sink sink) {
        Objects.requireNonNull(sink, "sink");
        db.read(ctx -> ctx.connectionResult(c -> {
            for (String table : inCopyOrder(c)) {
                exportTable(c, table, sink);
            }
            return null;
        }));
    }

    private static void exportTable(Connection c, String table, Sink sink) throws SQLException {
        List<String> columns = new ArrayList<>();
        Map<Integer, String> key = new TreeMap<>();
        try (PreparedStatement info = c.prepareStatement("SELECT name, pk FROM pragma_table_info(?) ORDER BY cid")) {
            info.setString(1, table);
            try (ResultSet r = info.executeQuery()) {
                while (r.next()) {
                    columns.add(r.getString(1));
                    if (r.getInt(2) > 0) {
                        key.put(r.getInt(2), r.getString(1));
                    }
                }
            }
        }
        long rows;
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM " + quoted(table))) {
            rows = r.next() ? r.getLong(1) : 0;
        }
        sink.table(new Table(table, columns, rows));
        // primary-key order, so that two exports of one snapshot are the same stream
        List<String> order = key.isEmpty() ? List.of("rowid") : List.copyOf(key.values());
        String select = "SELECT " + String.join(", ", columns.stream().map(SqliteMetadataExport::quoted).toList())
                + " FROM " + quoted(table) + " ORDER BY "
                + String.join(", ", order.stream().map(k -> k.equals("rowid") ? k : quoted(k)).toList());
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(select)) {
            List<Object[]> batch = new ArrayList<>(BATCH_ROWS);
            while (r.next()) {
                Object[] row = new Object[columns.size()];
                for (int i = 0; i < row.length; i++) {
                    row[i] = neutral(r.getObject(i + 1));
                }
                batch.add(row);
                if (batch.size() == BATCH_ROWS) {
                    sink.rows(batch);
                    batch = new ArrayList<>(BATCH_ROWS);
                }
            }
            if (!batch.isEmpty()) {
                sink.rows(batch);
            }
        }
    }

    /** A value as the port describes it: the driver gives small integers as Integer. */
    private static Object neutral(Object value) {
        if (value instanceof Integer i) {
            return i.longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        return value;
    }

    /** The schema's tables, each after the tables its foreign keys name; otherwise by name. */
    static List<String> inCopyOrder(Connection c) throws SQLException {
        Map<String, Set<String>> parents = new LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")) {
            while (r.next()) {
                if (!NOT_EXPORTED.contains(r.getString(1))) {
                    parents.put(r.getString(1), new LinkedHashSet<>());
                }
            }
        }
        for (Map.Entry<String, Set<String>> e : parents.entrySet()) {
            try (PreparedStatement fk = c.prepareStatement("SELECT \"table\" FROM pragma_foreign_key_list(?)")) {
                fk.setString(1, e.getKey());
                try (ResultSet r = fk.executeQuery()) {
                    while (r.next()) {
                        if (!r.getString(1).equals(e.getKey())) {
                            e.getValue().add(r.getString(1));
                        }
                    }
                }
            }
        }
        List<String> ordered = new ArrayList<>();
        while (ordered.size() < parents.size()) {
            boolean progressed = false;
            for (Map.Entry<String, Set<String>> e : parents.entrySet()) {
                if (!ordered.contains(e.getKey()) && ordered.containsAll(e.getValue().stream()
                        .filter(parents::containsKey).toList())) {
                    ordered.add(e.getKey());
                    progressed = true;
                }
            }
            if (!progressed) {
                throw new IllegalStateException("the schema's foreign keys form a cycle: " + parents);
            }
        }
        return ordered;
    }

    private static String quoted(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
