package dev.stowage.application.port.out;

import java.util.Map;

/**
 * Writes the rows of a {@link MetadataExport} into this database, for {@code stowage db copy}, so
 * that switching a deployment to another database engine needs nothing but configuration.
 */
public interface MetadataImport {

    /**
     * Copies everything {@code source} exports into this database, in one transaction: either
     * every row is there when this returns, or none is (a failure rolls back, and the copy can
     * simply be run again). The source is read inside that transaction, on this thread.
     *
     * <p>Tables this database derives itself (usage per owner) are rebuilt from the copied rows,
     * not copied; afterwards the rows of every table are counted and compared with what the export
     * announced.
     *
     * @param replaceExisting when false, a database whose Stowage tables hold any row is refused;
     *                        when true, those rows are deleted first (in the same transaction)
     * @return the rows written per table
     * @throws dev.stowage.domain.error.ConflictException     when the database holds rows and
     *         {@code replaceExisting} is false (nothing is written)
     * @throws dev.stowage.domain.error.InvalidInputException when the export has a table or a column
     *         this database lacks, or a value its column cannot hold (nothing is written)
     */
    Map<String, Long> importFrom(MetadataExport source, boolean replaceExisting);
}
