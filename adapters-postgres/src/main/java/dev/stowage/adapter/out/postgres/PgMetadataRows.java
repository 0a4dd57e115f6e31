package dev.stowage.adapter.out.postgres;

import dev.stowage.application.port.out.MetadataExport;
import dev.stowage.application.port.out.MetadataImport;
import dev.stowage.domain.common.Checks;
import dev.stowage.domain.error.ConflictException;
import dev.stowage.domain.error.InvalidInputException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Stowage's PostgreSQL tables as engine-neutral rows, both ways: the import of {@code stowage db
 * copy} (from SQLite, say) and the export (to another database, or to a snapshot as rows).
 *
 * <p>Tables and columns are read from the catalog, not listed here, so a table a later migration
 * adds takes part without a change. Left out: the migration history, and {@code document_usage},
 * which V2's trigger derives from {@code documents} as the import inserts them.
 *
 * <p>Values are converted by the target column's type: a 0 or 1 into a boolean, a number into an
 * integer column when it fits; anything else (a string for a number, a NUL in text, a number out of
 * range) is refused with the table and column named, and nothing is written.
 */
final class PgMetadataRows implements MetadataExport, MetadataImport {
    static final Set<String> NOT_COPIED = Set.of("flyway_schema_history", "document_usage", "job_order");

    private final Db db;

    PgMetadataRows(Db db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    // ---- import

    @Override
    public Map<String, Long> importFrom(MetadataExport source, boolean replaceExisting) {
        Objects.requireNonNull(source, "source");
        return db.writeJdbc(c -> {
            Map<String, Map<String, String>> schema = columnTypes(c);
            List<String> holding = new ArrayList<>();
            for (String table : schema.keySet()) {
                if (!NOT_COPIED.contains(table) && hasRows(c, table)) {
                    holding.add(table);
                }
            }
            if (!holding.isEmpty()) {
                if (!replaceExisting) {
                    throw new ConflictException("the target database already holds Stowage data (in " + String.join(", ", holding)
                            + "); copy into an empty database, or replace its data on purpose");
                }
                List<String> all = schema.keySet().stream().filter(t -> !t.equals("flyway_schema_history"))
                        .map(PgMetadataRows::quoted).toList();
                try (Statement s = c.createStatement()) {
                    s.execute("TRUNCATE " + String.join(", ", all));
                }
            }
            Importer importer = new Importer(c, schema);
            try {
                source.exportTo(importer);
                importer.finishTable();
            } catch (Escaped e) {
                // back to the engine as the driver raised it, so that it is translated (and retried) as any other
                throw PgErrors.sneaky(e.failure);
            }
            return importer.written;
        });
    }

    /** Writes one export's tables, a batch at a time, on one connection. */
    private static final class Importer implements Sink {
        private final Connection c;
        private final Map<String, Map<String, String>> schema;
        final Map<String, Long> written = new LinkedHashMap<>();
        private Table table;
        private List<String> types;
        private PreparedStatement insert;
        private long rows;

        Importer(Connection c, Map<String, Map<String, String>> schema) {
            this.c = c;
            this.schema = schema;
        }

        @Override
        public void table(Table next) {
            finishTable();
            if (NOT_COPIED.contains(next.name())) {
                // derived here by the trigger, or migrated here: the source's copy is not wanted
                table = next;
                types = null;
                return;
            }
            Map<String, String> columns = schema.get(next.name());
            if (columns == null) {
                throw new InvalidInputException("the target database has no table '" + next.name()
                        + "'; migrate it to a build that knows that table, then copy again");
            }
            List<String> missing = next.columns().stream().filter(col -> !columns.containsKey(col)).toList();
            if (!missing.isEmpty()) {
                throw new InvalidInputException("table '" + next.name() + "' of the target database has no column "
                        + String.join(", ", missing) + "; migrate it to a build that knows them, then copy again");
            }
            table = next;
            types = next.columns().stream().map(columns::get).toList();
            rows = 0;
            String sql = "INSERT INTO " + quoted(next.name()) + " ("
                    + String.join(", ", next.columns().stream().map(PgMetadataRows::quoted).toList()) + ") VALUES ("
                    + String.join(", ", next.columns().stream().map(col -> "?").toList()) + ")";
            try {
                insert = c.prepareStatement(sql);
            } catch (SQLException e) {
                throw new Escaped(e);
            }
        }

        @Override
        public void rows(List<Object[]> batch) {
            if (table == null) {
                throw new IllegalStateException("rows before their table");
            }
            if (types == null) {
                return;
            }
            try {
                for (Object[] row : batch) {
                    if (row.length != types.size()) {
                        throw new InvalidInputException("a row of '" + table.name() + "' has " + row.length
                                + " values for " + types.size() + " columns");
                    }
                    for (int i = 0; i < row.length; i++) {
                        bind(insert, i + 1, row[i], types.get(i), table.name(), table.columns().get(i));
                    }
                    insert.addBatch();
                }
                insert.executeBatch();
                rows += batch.size();
            } catch (SQLException e) {
                throw new Escaped(e);
            }
        }

        /** Closes the current table's statement and checks that every announced row arrived. */
        void finishTable() {
            if (table == null || types == null) {
                return;
            }
            try {
                insert.close();
                long counted;
                try (Statement s = c.createStatement();
                     ResultSet r = s.executeQuery("SELECT count(*) FROM " + quoted(table.name()))) {
                    counted = r.next() ? r.getLong(1) : 0;
                }
                if (rows != table.rows() || counted != table.rows()) {
                    throw new IllegalStateException("table '" + table.name() + "': the export announced " + table.rows()
                            + " rows, " + rows + " arrived and " + counted + " are stored");
                }
            } catch (SQLException e) {
                throw new Escaped(e);
            }
            written.put(table.name(), rows);
            table = null;
        }
    }

    private static void bind(PreparedStatement s, int at, Object value, String type, String table, String column)
            throws SQLException {
        if (value == null) {
            s.setNull(at, Types.NULL);
            return;
        }
        String where = "column '" + column + "' of table '" + table + "'";
        switch (type) {
            case "boolean" -> {
                if (!(value instanceof Long l) || (l != 0 && l != 1)) {
                    throw new InvalidInputException(where + " holds booleans, and the source gave " + describe(value));
                }
                s.setBoolean(at, l == 1);
            }
            case "smallint", "integer", "bigint" -> {
                if (!(value instanceof Long l)) {
                    throw new InvalidInputException(where + " holds integers, and the source gave " + describe(value));
                }
                if (type.equals("integer") && (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE)
                        || type.equals("smallint") && (l < Short.MIN_VALUE || l > Short.MAX_VALUE)) {
                    throw new InvalidInputException(where + " cannot hold " + l);
                }
                s.setLong(at, l);
            }
            case "double precision", "real", "numeric" -> {
                if (!(value instanceof Number n)) {
                    throw new InvalidInputException(where + " holds numbers, and the source gave " + describe(value));
                }
                s.setDouble(at, n.doubleValue());
            }
            case "bytea" -> {
                if (!(value instanceof byte[] bytes)) {
                    throw new InvalidInputException(where + " holds bytes, and the source gave " + describe(value));
                }
                s.setBytes(at, bytes);
            }
            default -> {
                // text and its kin: a number in a loosely typed source column is written as its digits
                String text = value instanceof byte[] ? null : String.valueOf(value);
                if (text == null) {
                    throw new InvalidInputException(where + " holds text, and the source gave bytes");
                }
                if (text.indexOf('\u0000') >= 0) {
                    throw new InvalidInputException(where + " holds a value with the NUL character (U+0000), which "
                            + "PostgreSQL text cannot store; change that value at the source (it begins '"
                            + Checks.printable(text) + "'), then copy again");
                }
                s.setString(at, text);
            }
        }
    }

    private static String describe(Object value) {
        return value instanceof String ? "text" : value instanceof byte[] ? "bytes" : value.getClass().getSimpleName();
    }

    /** A driver failure carried through the source's export unchanged, without a cause its engine would read. */
    private static final class Escaped extends RuntimeException {
        final transient SQLException failure;

        Escaped(SQLException failure) {
            super("a statement of the PostgreSQL import failed", null, false, false);
            this.failure = failure;
        }
    }

    private static boolean hasRows(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT EXISTS (SELECT 1 FROM " + quoted(table) + ")")) {
            return r.next() && r.getBoolean(1);
        }
    }

    // ---- export

    @Override
    public void exportTo(Sink sink) {
        Objects.requireNonNull(sink, "sink");
        db.readJdbc(c -> {
            Map<String, Map<String, String>> schema = columnTypes(c);
            for (String table : inCopyOrder(c, schema.keySet())) {
                exportTable(c, table, List.copyOf(schema.get(table).keySet()), sink);
            }
            return null;
        });
    }

    private static void exportTable(Connection c, String table, List<String> columns, Sink sink) throws SQLException {
        long rows;
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM " + quoted(table))) {
            rows = r.next() ? r.getLong(1) : 0;
        }
        sink.table(new Table(table, columns, rows));
        List<String> key = primaryKey(c, table);
        String select = "SELECT " + String.join(", ", columns.stream().map(PgMetadataRows::quoted).toList())
                + " FROM " + quoted(table)
                + (key.isEmpty() ? "" : " ORDER BY " + String.join(", ", key.stream().map(PgMetadataRows::quoted).toList()));
        try (Statement s = c.createStatement()) {
            // a cursor, not the whole table in memory (the transaction is open, so the driver may)
            s.setFetchSize(BATCH_ROWS);
            try (ResultSet r = s.executeQuery(select)) {
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
    }

    private static Object neutral(Object value) {
        if (value instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        if (value instanceof Integer || value instanceof Short) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        return value;
    }

    // ---- the catalog

    /** Every table of the current schema but the migration history, by name, with its columns' types in order. */
    private static Map<String, Map<String, String>> columnTypes(Connection c) throws SQLException {
        Map<String, Map<String, String>> tables = new TreeMap<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c"
                        + " JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name"
                        + " WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'"
                        + " ORDER BY c.table_name, c.ordinal_position")) {
            while (r.next()) {
                if (!r.getString(1).equals("flyway_schema_history")) {
                    tables.computeIfAbsent(r.getString(1), t -> new LinkedHashMap<>()).put(r.getString(2), r.getString(3));
                }
            }
        }
        return tables;
    }

    private static List<String> inCopyOrder(Connection c, Set<String> tables) throws SQLException {
        Map<String, Set<String>> parents = new TreeMap<>();
        tables.stream().filter(t -> !NOT_COPIED.contains(t)).forEach(t -> parents.put(t, new LinkedHashSet<>()));
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "SELECT conrelid::regclass::text, confrelid::regclass::text FROM pg_constraint"
                        + " WHERE contype = 'f' AND connamespace = current_schema()::regnamespace")) {
            while (r.next()) {
                Set<String> of = parents.get(unquoted(r.getString(1)));
                if (of != null && !r.getString(1).equals(r.getString(2))) {
                    of.add(unquoted(r.getString(2)));
                }
            }
        }
        List<String> ordered = new ArrayList<>();
        while (ordered.size() < parents.size()) {
            boolean progressed = false;
            for (Map.Entry<String, Set<String>> e : parents.entrySet()) {
                if (!ordered.contains(e.getKey())
                        && ordered.containsAll(e.getValue().stream().filter(parents::containsKey).toList())) {
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

    private static List<String> primaryKey(Connection c, String table) throws SQLException {
        List<String> key = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)"
                        + " WHERE i.indrelid = ?::regclass AND i.indisprimary"
                        + " ORDER BY array_position(i.indkey::int2[], a.attnum)")) {
            s.setString(1, quoted(table));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    key.add(r.getString(1));
                }
            }
        }
        return key;
    }

    private static String unquoted(String regclass) {
        return regclass.startsWith("\"") ? regclass.substring(1, regclass.length() - 1).replace("\"\"", "\"") : regclass;
    }

    static String quoted(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
