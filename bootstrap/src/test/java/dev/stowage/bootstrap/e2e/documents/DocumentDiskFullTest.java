package dev.stowage.bootstrap.e2e.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stowage.application.port.in.document.CheckConsistencyUseCase;
import dev.stowage.application.port.in.document.ManageDocumentsUseCase;
import dev.stowage.application.port.in.document.StoreDocumentsUseCase;
import dev.stowage.application.port.in.document.UploadCommand;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.bootstrap.config.StowageConfig;
import dev.stowage.domain.document.Document;
import dev.stowage.domain.document.DocumentName;
import dev.stowage.domain.document.FileName;
import dev.stowage.domain.document.MimeType;
import dev.stowage.domain.error.StorageFullException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk under the whole data folder (database, blobs, tmp): an 8 MiB tmpfs mounted for each
 * test. Whether the blob or the metadata insert is what no longer fits, the upload fails with
 * {@link StorageFullException}, nothing partial stays behind, and the database keeps working.
 * Mounting needs root (or CAP_SYS_ADMIN); where it is not allowed the tests are skipped with the reason.
 */
class DocumentDiskFullTest {
    private static final long DISK = 8L * 1024 * 1024;
    private static final int PAGE = 4096;

    @TempDir
    Path dir;
    private Path disk;
    private boolean mounted;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        disk = Files.createDirectories(dir.resolve("disk"));
        String failure = run("mount", "-t", "tmpfs", "-o", "size=" + DISK, "tmpfs", disk.toString());
        assumeTrue(failure == null, () -> "cannot mount an 8 MiB tmpfs here (needs root or CAP_SYS_ADMIN): " + failure);
        mounted = true;
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            assertThat(run("umount", disk.toString())).as("umount of %s", disk).isNull();
        }
    }

    @Test
    void aBlobThatDoesNotFitFailsAsStorageFullAndTheDatabaseStaysUsable() throws Exception {
        StowageConfig config = E2eDocuments.config(disk);
        Path blobs = config.blobs().fs().blobRoot();
        try (Stowage stowage = Stowage.tools(config)) {
            stowage.start();
            StoreDocumentsUseCase store = stowage.instance(StoreDocumentsUseCase.class);
            ManageDocumentsUseCase manage = stowage.instance(ManageDocumentsUseCase.class);
            var random = new SplittableRandom(7);
            var stored = new ArrayList<Document>();
            RuntimeException failure = null;
            for (int i = 0; i < 100 && failure == null; i++) {
                try {
                    stored.add(store.upload(E2eDocuments.OWNER, command("fill-" + i), bytes(random, 700 * 1024)));
                } catch (RuntimeException e) {
                    failure = e;
                }
            }

            assertThat(failure).as("an upload past 8 MiB").isInstanceOf(StorageFullException.class);
            assertThat(stored).as("uploads that fitted").isNotEmpty();
            assertThat(E2eDocuments.tempFiles(blobs)).as("temporary files").isEmpty();
            assertThat(E2eDocuments.blobFiles(blobs)).as("one blob per stored document, no partial one").hasSize(stored.size());

            List<Document> listed = E2eDocuments.listAll(manage);
            assertThat(listed).extracting(Document::id).containsExactlyInAnyOrderElementsOf(
                    stored.stream().map(Document::id).toList());
            Document kept = stored.get(stored.size() - 1);
            assertThat(manage.get(E2eDocuments.OWNER, kept.id())).isEqualTo(kept);
            manage.delete(E2eDocuments.OWNER, stored.get(0).id(), Optional.empty());
            byte[] small = new byte[10_000];
            random.nextBytes(small);
            Document after = store.upload(E2eDocuments.OWNER, command("after-delete"), new ByteArrayInputStream(small));
            assertThat(E2eDocuments.digest(manage.download(E2eDocuments.OWNER, after.id(), Optional.empty()).bytes()))
                    .isEqualTo(new E2eDocuments.Sized(small.length, after.sha256()));
            assertThat(stowage.instance(CheckConsistencyUseCase.class).check(true, false)).isEmpty();
        }
        E2eDocuments.assertIntegrityOk(config.database().databaseFile());
    }

    @Test
    void aMetadataInsertThatHitsSqliteFullFailsAsStorageFullAndLeavesNoOrphan() throws Exception {
        StowageConfig config = E2eDocuments.config(disk);
        Path blobs = config.blobs().fs().blobRoot();
        Path ballast = disk.resolve("ballast");
        try (Stowage stowage = Stowage.tools(config)) {
            stowage.start();
            StoreDocumentsUseCase store = stowage.instance(StoreDocumentsUseCase.class);
            ManageDocumentsUseCase manage = stowage.instance(ManageDocumentsUseCase.class);
            Document first = store.upload(E2eDocuments.OWNER, command("first"), bytes(new SplittableRandom(1), 5000));
            truncateWal(config.database().databaseFile());
            // Fill the disk, then give back one page: room for a small blob's file, none for the
            // WAL frames (a page and its frame header) that the metadata insert must append.
            long filled = fill(ballast);
            try (FileChannel ch = FileChannel.open(ballast, StandardOpenOption.WRITE)) {
                ch.truncate(filled - PAGE);
            }

            assertThatThrownBy(() -> store.upload(E2eDocuments.OWNER, command("no-room-for-metadata"),
                    bytes(new SplittableRandom(2), 100)))
                    .isInstanceOf(StorageFullException.class)
                    .hasMessageContaining("database");

            assertThat(E2eDocuments.blobFiles(blobs)).as("the new blob was removed again").hasSize(1);
            assertThat(E2eDocuments.tempFiles(blobs)).isEmpty();
            Files.delete(ballast);
            Thread.sleep(E2eDocuments.ORPHAN_GRACE.toMillis() + 100);
            CheckConsistencyUseCase check = stowage.instance(CheckConsistencyUseCase.class);
            assertThat(check.check(false, true)).as("sweep after the failure").isEmpty();
            assertThat(check.check(true, false)).as("full check").isEmpty();
            assertThat(E2eDocuments.listAll(manage)).extracting(Document::id).containsExactly(first.id());
            Document next = store.upload(E2eDocuments.OWNER, command("room-again"), bytes(new SplittableRandom(3), 100));
            assertThat(E2eDocuments.listAll(manage)).hasSize(2).extracting(Document::id).contains(next.id());
        }
        E2eDocuments.assertIntegrityOk(config.database().databaseFile());
    }

    /** Empties the WAL file, so the next commit must grow it on disk rather than reuse its space. */
    private static void truncateWal(Path database) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).as("checkpoint blocked by a reader or writer").isZero();
        }
        assertThat(Files.size(Path.of(database + "-wal"))).isZero();
    }

    /** Writes pages to {@code file} until the disk refuses one; returns the bytes written. */
    private static long fill(Path file) throws IOException {
        long written = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer page = ByteBuffer.allocate(PAGE);
            while (true) {
                page.clear();
                try {
                    while (page.hasRemaining()) {
                        ch.write(page, written + page.position());
                    }
                } catch (IOException e) {
                    if (String.valueOf(e.getMessage()).contains("No space left")) {
                        return written;
                    }
                    throw e;
                }
                written += PAGE;
            }
        }
    }

    private static UploadCommand command(String name) {
        return UploadCommand.of(new DocumentName(name), new FileName(name + ".bin"), MimeType.OCTET_STREAM);
    }

    private static ByteArrayInputStream bytes(SplittableRandom random, int size) {
        byte[] b = new byte[size];
        random.nextBytes(b);
        return new ByteArrayInputStream(b);
    }

    /** Runs a command; null when it succeeded, else what it printed and its exit status. */
    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return String.join(" ", command) + " did not finish";
        }
        return p.exitValue() == 0 ? null : String.join(" ", command) + " exited with " + p.exitValue() + ": " + out;
    }
}
