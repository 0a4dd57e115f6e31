package dev.stowage.application.port.out;

import java.util.List;
import java.util.Objects;

/**
 * Stowage's metadata read out as plain rows of named tables, for moving it into a database of
 * another engine ({@code stowage db copy}: SQLite to PostgreSQL, or back) without either adapter
 * knowing the other. The counterpart is {@link MetadataImport}.
 *
 * <p>Rows are engine-neutral: each value is {@code null}, a {@link Long} (integers; booleans as 0 or
 * 1), a {@link Double}, a {@link String} or a {@code byte[]}. Table and column names are the ones
 * both engines' migrations give Stowage's tables; instants are what the tables store (epoch
 * nanoseconds or microseconds, the same on every engine). Tables an engine derives from others
 * (the per-owner document usage, kept by triggers) and the migration history are not exported: the
 * importing engine derives and migrates its own.
 */
public interface MetadataExport {

    /** How many rows an export hands the sink at a time, unless an adapter says otherwise. */
    int BATCH_ROWS = 500;

    /**
     * One table as the export gives it.
     *
     * @param name    the table's name
     * @param columns its columns, in the order each row gives its values
     * @param rows    how many rows it holds in the exported snapshot
     */
    record Table(String name, List<String> columns, long rows) {
        public Table {
            Objects.requireNonNull(name, "name");
            columns = List.copyOf(columns);
            if (columns.isEmpty()) {
                throw new IllegalArgumentException("table " + name + " has no columns");
            }
            if (rows < 0) {
                throw new IllegalArgumentException("a negative row count for table " + name);
            }
        }
    }

    /** Where an export's rows go, a table at a time. */
    interface Sink {
        /** A table begins; its rows follow, before the next table begins. */
        void table(Table table);

        /** Some of the current table's rows, each an array of values in {@link Table#columns} order. */
        void rows(List<Object[]> batch);
    }

    /**
     * Hands {@code sink} every table (parents before the tables whose foreign keys name them, so an
     * import can insert in this order) and every row, in primary-key order, all from one consistent
     * snapshot, at most {@link #BATCH_ROWS} rows per call: memory stays bounded by one batch however
     * large the database. Writers may go on meanwhile; they do not show in the export.
     *
     * <p>A failure of the sink propagates unchanged and ends the export.
     */
    void exportTo(Sink sink);
}
