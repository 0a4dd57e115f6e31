package dev.stowage.application.service.backup;

import dev.stowage.application.port.out.DatabaseSnapshots;
import dev.stowage.application.port.out.MetadataExport;
import dev.stowage.application.port.out.SnapshotFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Snapshots of a live database that is not itself a snapshot file (PostgreSQL): its rows, exported
 * from one consistent snapshot of the live database ({@link MetadataExport}), are written into a new
 * snapshot file ({@link SnapshotFiles#write}). A backup then has the same archive format whatever the
 * engine, so it verifies, exports, imports and restores as any other, and a backup of a PostgreSQL
 * database restores into a SQLite data folder (and from there, with {@code stowage db copy}, into
 * PostgreSQL again).
 */
public final class ExportedSnapshots implements DatabaseSnapshots {
    private final MetadataExport live;
    private final SnapshotFiles files;

    public ExportedSnapshots(MetadataExport live, SnapshotFiles files) {
        this.live = Objects.requireNonNull(live, "live");
        this.files = Objects.requireNonNull(files, "files");
    }

    /** The live database's rows at one moment, in a new snapshot file; writers go on meanwhile. */
    @Override
    public void snapshotTo(Path target) {
        files.write(target, live);
    }

    @Override
    public SnapshotFacts inspect(Path file) {
        return files.inspect(file);
    }

    @Override
    public void forEachBlob(Path file, Consumer<BlobReference> sink) {
        files.forEachBlob(file, sink);
    }

    @Override
    public List<String> migrate(Path file) {
        return files.migrate(file);
    }

    @Override
    public Map<String, Long> write(Path file, MetadataExport source) {
        return files.write(file, source);
    }
}
