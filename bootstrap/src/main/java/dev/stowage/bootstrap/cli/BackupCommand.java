package dev.stowage.bootstrap.cli;

import dev.stowage.application.port.in.backup.ManageBackupsUseCase;
import dev.stowage.application.port.in.backup.RestoreResult;
import dev.stowage.application.port.in.backup.RotationResult;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.domain.backup.Backup;
import dev.stowage.domain.backup.BackupId;
import dev.stowage.domain.backup.RotationPolicy;
import dev.stowage.domain.backup.Verification;
import dev.stowage.domain.error.InPlaceRestoreRefusedException;
import java.io.BufferedInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongConsumer;
import java.util.zip.GZIPOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code stowage backup}: take, list, check, rotate, move and restore backups of the data folder,
 * at the target {@code stowage.backups.target} names. An operator tool with direct access to the
 * data, like the other data commands.
 */
@Command(name = "backup", description = "Take, list, verify, rotate, export, import and restore backups.",
        subcommands = {BackupCommand.Create.class, BackupCommand.ListBackups.class, BackupCommand.Show.class,
            BackupCommand.Verify.class, BackupCommand.Remove.class, BackupCommand.Rotate.class, BackupCommand.Export.class,
            BackupCommand.Import.class, BackupCommand.Restore.class})
final class BackupCommand extends CommandGroup {
    /** How {@code backup ls} prints the backups. */
    static final Listing<Backup> LISTING = Listing.of("No backups.", BackupCommand::json,
            b -> new Object[] {b.id(), Formats.time(b.createdAt()), b.label(), b.status(), Formats.size(b.totalBytes()),
                Formats.size(b.writtenBytes()), verification(b.lastVerification())},
            "ID", "CREATED", "LABEL", "STATUS", "SIZE", "WRITTEN", "VERIFIED");

    static Map<String, Object> json(Backup b) {
        return JsonOut.object("id", b.id(), "createdAt", b.createdAt(), "label", b.label(), "status", b.status(),
                "formatVersion", b.formatVersion(), "appVersion", b.appVersion(), "schemaVersion", b.schemaVersion(),
                "counts", b.counts(), "totalBytes", b.totalBytes(), "writtenBytes", b.writtenBytes(),
                "manifestSha256", b.manifestSha256(), "location", b.location(),
                "lastVerification", b.lastVerification().map(BackupCommand::json));
    }

    static Map<String, Object> json(Verification v) {
        return JsonOut.object("at", v.at(), "ok", v.ok(), "samplePercent", v.samplePercent(), "detail", v.detail());
    }

    static String verification(Optional<Verification> v) {
        return v.map(x -> (x.ok() ? "passed " : "FAILED ") + Formats.time(x.at())
                + (x.samplePercent() < 100 ? " (" + x.samplePercent() + "% sample)" : "")).orElse("never");
    }

    @Command(name = "create", description = {"Take a backup now while the data stays in use: the database at one "
            + "committed moment and every blob it refers to. Prints its id and sizes."})
    static final class Create extends ToolCommand {
        @Option(names = "--label", paramLabel = "TEXT", defaultValue = "manual", description = "A note for people (default: manual).")
        String label;

        @Option(names = "--verify", description = "Verify the backup afterwards (every digest); exit 1 if that fails.")
        boolean verify;

        @Option(names = "--json", description = "Print the backup as JSON.")
        boolean json;

        @Override
        int run(Stowage stowage, PrintWriter out, PrintWriter err) {
            ManageBackupsUseCase backups = stowage.instance(ManageBackupsUseCase.class);
            Backup backup = backups.create(label);
            if (verify) {
                backups.verify(backup.id(), 100);
                backup = backups.get(backup.id());
            }
            boolean ok = backup.lastVerification().map(Verification::ok).orElse(true);
            if (json) {
                JsonOut.print(out, BackupCommand.json(backup));
            } else {
                out.println(backup.id());
                err.println("Backup " + backup.id() + " " + backup.status().name().toLowerCase(java.util.Locale.ROOT)
                        + ": " + Formats.size(backup.totalBytes()) + " in all, " + Formats.size(backup.writtenBytes())
                        + " written to " + backup.location() + (verify ? "; verify " + verification(backup.lastVerification()) : "") + ".");
            }
            return ok ? 0 : 1;
        }
    }

    @Command(name = "ls", description = "List backups, newest first: id, created, label, status, size, last verify.")
    static final class ListBackups extends ToolCommand {
        @Option(names = "--json", description = "Print the backups as JSON.")
        boolean json;

        @Override
        int run(Stowage stowage, PrintWriter out, PrintWriter err) {
            return LISTING.all(out, stowage.instance(ManageBackupsUseCase.class).list(), json);
        }
    }

    @Command(name = "show", description = "Every field of one backup: versions, row counts, sizes, digest, location, last verify.")
    static final class Show extends ToolCommand {
        @Parameters(paramLabel = "BACKUP_ID")
        BackupId id;

        @Option(names = "--json", description = "Print the backup as JSON.")
        boolean json;

        @Override
        int run(Stowage stowage, PrintWriter out, PrintWriter err) {
            Backup b = stowage.instance(ManageBackupsUseCase.class).get(id);
            if (json) {
                JsonOut.print(out, BackupCommand.json(b));
                return 0;
            }
            Formats.row(out, "id", b.id());
            Formats.row(out, "created", Formats.time(b.createdAt()));
            Formats.row(out, "label", b.label());
            Formats.row(out, "status", b.status());
            Formats.row(out, "format", b.formatVersion());
            Formats.row(out, "app version", b.appVersion());
            Formats.row(out, "schema", b.schemaVersion());
            Formats.row(out, "size", Formats.size(b.totalBytes()));
            Formats.row(out, "written", Formats.size(b.writtenBytes()));
            Formats.row(out, "manifest sha256", b.manifestSha256().map(Object::toString).orElse("-"));
            Formats.row(out, "location", b.location());
            Formats.row(out, "last verify", verification(b.lastVerification()));
            b.lastVerification().filter(v -> !v.ok()).ifPresent(v -> Formats.row(out, "verify detail", v.detail()));
            new java.util.TreeMap<>(b.counts()).forEach((table, n) -> Formats.row(out, "rows " + table, n));
            return 0;
        }
    }

    @Command(name = "verify", description = {"Re-read a backup and check every digest and the snapshot's integrity_check; "
            + "the outcome is recorded on the backup. Exit 1 when it fails."})
    static final class Verify extends ToolCommand {
        @Parameters(paramLabel = "BACKUP_ID")
        BackupId id;

        @Option(names = "--sample", paramLabel = "PERCENT", defaultValue = "100",
                description = "Re-read only this share of the blobs, chosen at random (1-100; default 100).")
        int sample;

        @Option(names = "--json", description = "Print the outcome as JSON.")
        boolean json;

        @Override
        void checkUsage() {
            if (sample < 1 || sample > 100) {
                throw usage("--sample must be 1-100, got " + sample);
            }
        }

        @Override
        int run(Stowage stowage, PrintWriter out, PrintWriter err) {
            Verification v = stowage.instance(ManageBackupsUseCase.class).verify(id, sample);
            if (json) {
                JsonOut.print(out, BackupCommand.json(v));
            } else {
                out.println("Backup " + id + " " + (v.ok() ? "passed" : "FAILED") + " verify"
                        + (sample < 100 ? " (" + sample + "% sample)" : "") + (v.ok() ? "." : ": " + v.detail()));
            }
            return v.ok() ? 0 : 1;
        }
    }

    @Command(name = "rm", description = {"Delete a backup (its manifest, then its record). Its objects stay until a "
            + "rotation finds that no other backup needs them."})
    static final class Remove extends ToolCommand {
        @Parameters(paramLabel = "BACKUP_ID")
        BackupId id;

        @Override
        int run(Stowage stowage, PrintWriter out, PrintWriter err) {
            if (!stowage.instance(ManageBackupsUseCase.class).delete(id)) {
                throw new CommandFailure("no backup " + id);
            }
            out.println("Deleted backup " + id + ".");
            return 0;
        }
    }

    @Command(name = "rotate", description = {"Delete the backups the rules do not keep (never the newest verified one) "
            + "and the objects no kept backup needs. At least one --keep-* rule is required."})
    static final class Rotate extends ToolCommand {
        @Option(names = "--keep-last", paramLabel = "N", defaultValue = "0", description = "Keep the newest N.")
        int keepLast;

        @Option(names = "--keep-daily", paramLabel = "N", defaultValue = "0", description = "Keep the newest of each of the last N days.")
        int keepDaily;

        @Option(names = "--keep-weekly", paramLabel = "N", defaultValue = "0", description = "Keep the newest of each of the last N weeks.")
        int keepWeekly;

        @Option(names = "--keep-monthly", paramLabel = "N", defaultValue = "0", description = "Keep the newest of each of the last N months.")
        int keepMonthly;

        @Option(names = "--keep-within", paramLabel = "DURATION",
                description = "Keep every backup taken within this of the newest one (7d, 36h, P30D).")
        Duration keepWithin;

        @Option(names = "--dry-run", description = "Say what would be deleted, and delete nothing.")
        boolean dryRun;

        @Option(names = "--json", description = "Print the outcome as JSON.")
        boolean json;

        @Override
        void checkUsage() {
            if (keepLast == 0 && keepDaily == 0 && keepWeekly == 0 && keepMonthly == 0 && keepWithin == null) {
                throw usage("rotate needs at least one of --keep-last, --keep-daily, --keep-weekly, --keep-monthly, --keep-within");
            }
        }

        @Override
        int run(Stowage stowage, PrintWriter out, PrintWriter err) {
            RotationPolicy policy = new RotationPolicy(keepLast, keepDaily, keepWeekly, keepMonthly, Optional.ofNullable(keepWithin));
            RotationResult r = stowage.instance(ManageBackupsUseCase.class).rotate(policy, dryRun);
            if (json) {
                JsonOut.print(out, JsonOut.object("dryRun", r.dryRun(),
                        "kept", r.kept().stream().map(b -> b.id().value()).toList(),
                        "deleted", r.deleted().stream().map(b -> b.id().value()).toList(),
                        "objectsDeleted", r.objectsDeleted(), "bytesFreed", r.bytesFreed(), "objectsLeft", r.objectsLeft()));
                return 0;
            }
            String verb = dryRun ? "Would delete" : "Deleted";
            for (Backup b : r.deleted()) {
                out.println(verb + " backup " + b.id() + " (" + Formats.time(b.createdAt()) + ", " + b.label() + ")");
            }
            out.println((dryRun ? "Would keep " : "Kept ") + r.kept().size() + " backups; " + verb.toLowerCase(java.util.Locale.ROOT)
                    + " " + r.deleted().size() + " backups and " + r.objectsDeleted() + " objects ("
                    + Formats.size(r.bytesFreed()) + ").");
            if (r.objectsLeft()) {
                out.println("A backup was being written meanwhile, so objects were left for the next rotation.");
            }
            return 0;
        }
    }

    @Command(name = "export", description = {"Write one backup as a self-contained tar archive (manifest, snapshot, blobs). "
            + "A file is written under a temporary name beside it, synced, and renamed into place only when complete."})
    static final class Export extends ToolCommand {

        @Parameters(paramLabel = "BACKUP_ID")
        BackupId id;

        @Option(names = "-o", paramLabel = "FILE", required = true, description = "Where to write; '-' for stdout.")
        String output;

        @Option(names = "--gzip", description = "Compress the archive with gzip.")
        boolean gzip;

        @Option(names = "--quiet", description = "No progress bar.")
        boolean quiet;

        @Override
        void checkUsage() {
            checkOutput(output);
        }

        @Override
        int run(Stowage stowage, PrintWriter out, PrintWriter err) {
            ManageBackupsUseCase backups = stowage.instance(ManageBackupsUseCase.class);
            Path target = outputFile(output);
            long size = backups.exportSize(id);
            try (ProgressBar bar = ProgressBar.forStderr(err, "exporting", size, ProgressBar.Unit.BYTES, quiet)) {
                if (target == null) {
                    OutputStream os = stdout();
                    write(backups, os, bar::advance);
                    os.flush();
                } else {
                    save(backups, target, bar::advance);
                }
            } catch (IOException e) {
                throw new CommandFailure("cannot export backup " + id + " to " + output + ": " + Problems.of(e), e);
            }
            (target == null ? err : out).println("Exported backup " + id + " (" + Formats.size(size) + " uncompressed) to "
                    + (target == null ? "stdout" : output) + ".");
            return 0;
        }

        private void write(ManageBackupsUseCase backups, OutputStream os, LongConsumer progress) throws IOException {
            OutputStream sink = gzip ? new GZIPOutputStream(new Unclosed(os), 1 << 16) : os;
            backups.export(id, new Counting(sink, progress));
            if (sink instanceof GZIPOutputStream z) {
                z.finish();
            }
        }

        private void save(ManageBackupsUseCase backups, Path target, LongConsumer progress) throws IOException {
            Path temp = target.getParent().resolve(".stowage-backup-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()) + ".part");
            boolean moved = false;
            try {
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    temp.toFile().deleteOnExit();
                    OutputStream os = new java.io.BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                    write(backups, os, progress);
                    os.flush();
                    channel.force(true);
                }
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                moved = true;
            } finally {
                if (!moved) {
                    Files.deleteIfExists(temp);
                }
            }
        }
    }

    @Command(name = "import", description = {"Take an archive written by 'backup export' (plain or gzip) back as a backup. "
            + "It is checked as it streams (format, paths, sizes, every digest); a refused archive leaves nothing behind."})
    static final class Import extends ToolCommand {
        @Parameters(paramLabel = "FILE", description = "The archive; '-' for stdin.")
        String file;

        @Option(names = "--quiet", description = "No progress bar.")
        boolean quiet;

        @Option(names = "--json", description = "Print the imported backup as JSON.")
        boolean json;

        @Override
        int run(Stowage stowage, PrintWriter out, PrintWriter err) {
            Backup backup;
            try (InputStream raw = "-".equals(file) ? System.in : Files.newInputStream(Path.of(file));
                 ProgressBar bar = ProgressBar.forStderr(err, "importing", "-".equals(file) ? -1 : Files.size(Path.of(file)),
                         ProgressBar.Unit.BYTES, quiet)) {
                backup = stowage.instance(ManageBackupsUseCase.class)
                        .importArchive(new CountingInputStream(new BufferedInputStream(raw, 1 << 16), bar::advance));
            } catch (NoSuchFileException e) {
                throw new CommandFailure("cannot read " + file + ": no such file");
            } catch (IOException e) {
                throw new CommandFailure("cannot read " + file + ": " + Problems.of(e), e);
            }
            if (json) {
                JsonOut.print(out, BackupCommand.json(backup));
            } else {
                out.println(backup.id());
                err.println("Imported backup " + backup.id() + " (" + Formats.time(backup.createdAt()) + ", "
                        + backup.label() + ", " + Formats.size(backup.totalBytes()) + ").");
            }
            return 0;
        }
    }

    @Command(name = "restore", description = {"Restore a backup into a new (absent or empty) folder with --into, or in "
            + "place into the data folder. Every digest, the format and the schema are checked before anything is "
            + "touched; the result is built beside the folder and switched in at the end. In place is refused while a "
            + "'stowage serve' holds the data folder (stop it first), and on the postgres backend, whose database is "
            + "not in the data folder (use --into, then 'stowage db copy --to postgres')."})
    static final class Restore extends ToolCommand {
        @Parameters(paramLabel = "BACKUP_ID")
        BackupId id;

        @Option(names = "--into", paramLabel = "DIR", description = "A new data folder (default: the data folder itself, in place).")
        Path into;

        @Option(names = "--json", description = "Print the outcome as JSON.")
        boolean json;

        /** The database is not opened: a restore in place replaces it. */
        @Override
        boolean startsStores() {
            return false;
        }

        @Override
        int run(Stowage stowage, PrintWriter out, PrintWriter err) {
            ManageBackupsUseCase backups = stowage.instance(ManageBackupsUseCase.class);
            RestoreResult r;
            try {
                r = into != null ? backups.restore(id, into) : backups.restoreInPlace(id);
            } catch (InPlaceRestoreRefusedException e) {
                // bad usage here (the way that works is another option), before anything was read or written
                err.println("stowage: " + e.getMessage());
                return 2;
            }
            if (json) {
                JsonOut.print(out, JsonOut.object("id", r.id(), "dataDir", r.dataDir().toString(),
                        "schemaVersion", r.schemaVersion(), "migrations", r.migrations(), "blobs", r.blobs()));
                return 0;
            }
            out.println("Restored backup " + r.id() + " into " + r.dataDir() + " (schema " + r.schemaVersion()
                    + (r.migrations().isEmpty() ? "" : ", migrated through " + String.join(", ", r.migrations()))
                    + ", " + r.blobs() + " blobs).");
            return 0;
        }
    }

    /** Counts what goes through, for the progress bar; the export closes nothing it was given. */
    private static final class Counting extends FilterOutputStream {
        private final LongConsumer progress;

        Counting(OutputStream out, LongConsumer progress) {
            super(out);
            this.progress = progress;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            progress.accept(len);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            progress.accept(1);
        }
    }

    /** Keeps gzip's finish from closing the caller's stream (stdout). */
    private static final class Unclosed extends FilterOutputStream {
        Unclosed(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
