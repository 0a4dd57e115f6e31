package dev.stowage.adapter.out.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a fixed statement on the current transaction's connection with positional values. For the
 * queue's hot paths: the driver keeps each statement prepared on the server after a few runs
 * ({@code prepareThreshold}), so a claim or a completion pays neither jOOQ's rendering nor the
 * server's planning per call. Values are always bound, never concatenated.
 */
final class Sql {
    private Sql() {
    }

    /** How one row becomes a value. */
    @FunctionalInterface
    interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    static PreparedStatement prepare(Connection c, String sql, Object... values) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        try {
            for (int i = 0; i < values.length; i++) {
                bind(c, s, i + 1, values[i]);
            }
            return s;
        } catch (SQLException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private static void bind(Connection c, PreparedStatement s, int at, Object value) throws SQLException {
        if (value == null) {
            // typed by the statement's casts or its context
            s.setNull(at, Types.NULL);
        } else if (value instanceof String[] texts) {
            s.setArray(at, c.createArrayOf("text", texts));
        } else if (value instanceof Long[] numbers) {
            s.setArray(at, c.createArrayOf("bigint", numbers));
        } else if (value instanceof Integer[] numbers) {
            s.setArray(at, c.createArrayOf("integer", numbers));
        } else {
            s.setObject(at, value);
        }
    }

    static int update(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, values)) {
            return s.executeUpdate();
        }
    }

    static <T> List<T> list(Connection c, String sql, RowReader<T> reader, Object... values) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, values); ResultSet rows = s.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rows.next()) {
                out.add(reader.read(rows));
            }
            return out;
        }
    }

    static <T> Optional<T> first(Connection c, String sql, RowReader<T> reader, Object... values) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, values); ResultSet rows = s.executeQuery()) {
            return rows.next() ? Optional.ofNullable(reader.read(rows)) : Optional.empty();
        }
    }

    /** How the results of a multi-statement prepared statement are read: each in order, by its index. */
    @FunctionalInterface
    interface ResultsReader {
        void read(int index, ResultSet rows) throws SQLException;
    }

    /**
     * Runs several statements, separated by {@code ;}, as one prepared statement: the driver sends
     * them all before one Sync, so they cost one round trip, and the server still runs each with a
     * snapshot of its own (READ COMMITTED) once the one before has finished. {@code values} are the
     * placeholders of all the statements, in order. {@code reader} gets each statement's rows.
     */
    static void results(Connection c, String sql, ResultsReader reader, Object... values) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, values)) {
            boolean rows = s.execute();
            for (int i = 0; rows || s.getUpdateCount() != -1; i++) {
                if (rows) {
                    try (ResultSet r = s.getResultSet()) {
                        reader.read(i, r);
                    }
                }
                rows = s.getMoreResults();
            }
        }
    }

    /** A nullable BIGINT column. */
    static Long longOrNull(ResultSet row, int column) throws SQLException {
        long v = row.getLong(column);
        return row.wasNull() ? null : v;
    }
}
