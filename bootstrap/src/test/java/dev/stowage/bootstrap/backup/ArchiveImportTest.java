package dev.stowage.bootstrap.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.bootstrap.backup.TarEntries.Entry;
import dev.stowage.domain.backup.Backup;
import dev.stowage.domain.backup.RotationPolicy;
import dev.stowage.domain.backup.TargetLock;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.error.AlreadyExistsException;
import dev.stowage.domain.error.ChecksumMismatchException;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.error.TooLargeException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Export of one backup as a tar stream, and import of such a stream into another data folder's
 * target: a round trip, then hostile archives, each refused with a 4xx-kind error and nothing left.
 */
class ArchiveImportTest {
    @TempDir
    Path dir;
    BackupFixture source;
    BackupFixture sink;
    Backup backup;
    byte[] archive;

    @BeforeEach
    void exportABackup() {
        source = BackupFixture.open(dir.resolve("a"), dir.resolve("a-backups"));
        for (int i = 0; i < 5; i++) {
            source.upload(3000 + i);
        }
        source.enqueue("{\"x\":1}");
        backup = source.backups().create("to move");
        var out = new ByteArrayOutputStream();
        source.backups().export(backup.id(), out);
        archive = out.toByteArray();
        sink = BackupFixture.open(dir.resolve("b"), dir.resolve("b-backups"));
    }

    @AfterEach
    void close() {
        sink.close();
        source.close();
    }

    @Test
    void anExportedArchiveIsPlainUstarOfTheAnnouncedSizeAndImportsElsewhere() throws Exception {
        assertThat((long) archive.length).isEqualTo(source.backups().exportSize(backup.id()));
        List<String> names = entries(archive).stream().map(e -> e.name).toList();
        assertThat(names.get(0)).isEqualTo("manifest.json");
        assertThat(names.get(1)).isEqualTo("snapshot.db");
        assertThat(names.subList(2, names.size())).hasSize(5).allMatch(n -> n.matches("objects/[0-9a-f]{64}"));

        Backup imported = sink.backups().importArchive(new ByteArrayInputStream(archive));

        assertThat(imported.id()).isEqualTo(backup.id());
        assertThat(imported.manifestSha256()).isEqualTo(backup.manifestSha256());
        assertThat(imported.counts()).isEqualTo(backup.counts());
        assertThat(sink.backups().list()).extracting(Backup::id).containsExactly(backup.id());
        assertThat(sink.backups().verify(backup.id(), 100).ok()).isTrue();
        assertThatThrownBy(() -> sink.backups().importArchive(new ByteArrayInputStream(archive)))
                .isInstanceOf(AlreadyExistsException.class);

        // and what came in restores
        var result = sink.backups().restore(backup.id(), dir.resolve("c"));
        assertThat(result.blobs()).isEqualTo(5);
    }

    @Test
    void aGzippedArchiveImportsToo() throws Exception {
        var gz = new ByteArrayOutputStream();
        try (var out = new GZIPOutputStream(gz)) {
            out.write(archive);
        }

        assertThat(sink.backups().importArchive(new ByteArrayInputStream(gz.toByteArray())).id()).isEqualTo(backup.id());
    }

    @Test
    void zipSlipAndAbsolutePathsAreRefused() throws Exception {
        for (String name : List.of("../../evil", "objects/../../evil", "/etc/cron.d/evil", "objects//x", "./manifest.json")) {
            refused(rebuild(entries -> entries.add(2, new Entry(name, '0', "boom".getBytes()))), InvalidInputException.class);
        }
        refused(rebuild(entries -> entries.get(0).name = "../manifest.json"), InvalidInputException.class);
    }

    @Test
    void linksAndOtherSpecialEntriesAreRefused() throws Exception {
        for (char type : new char[] {'2', '1', '5', '3', '4', '6', 'x', 'g', 'L'}) {
            refused(rebuild(entries -> entries.add(1, new Entry("objects/link", type, new byte[0]))), InvalidInputException.class);
        }
    }

    @Test
    void anEntryClaimingTerabytesIsRefusedWithoutReadingOn() throws Exception {
        // a small archive whose snapshot entry claims a terabyte: the manifest says otherwise
        byte[] bomb = rebuild(entries -> entries.get(1).claimed = 1L << 40);
        refused(Arrays.copyOf(bomb, 4096), InvalidInputException.class);

        // a manifest entry that claims gigabytes is held to the manifest limit before anything is read
        byte[] manifestBomb = rebuild(entries -> {
            Entry m = entries.get(0);
            m.claimed = 8L << 30;
        });
        refused(Arrays.copyOf(manifestBomb, 4096), TooLargeException.class);
    }

    @Test
    void aWrongDigestIsRefused() throws Exception {
        refused(rebuild(entries -> entries.get(3).content[10] ^= 1), ChecksumMismatchException.class);
        refused(rebuild(entries -> entries.get(1).content[200] ^= 1), ChecksumMismatchException.class);
    }

    @Test
    void aWrongDigestIsRefusedEvenWhenTheTargetAlreadyHoldsTheRightObject() throws Exception {
        // the sink's target gets every object of the backup, then loses the backup but keeps the objects
        sink.backups().importArchive(new ByteArrayInputStream(archive));
        assertThat(sink.backups().delete(backup.id())).isTrue();
        assertThat(sink.backups().list()).isEmpty();

        for (int entry : new int[] {1, 3}) {
            byte[] wrong = rebuild(entries -> entries.get(entry).content[10] ^= 1);
            assertThatThrownBy(() -> sink.backups().importArchive(new ByteArrayInputStream(wrong)))
                    .isInstanceOf(ChecksumMismatchException.class);
            assertThat(sink.backups().list()).isEmpty();
        }
        // the target's good copies were kept: the right archive imports and verifies
        assertThat(sink.backups().importArchive(new ByteArrayInputStream(archive)).id()).isEqualTo(backup.id());
        assertThat(sink.backups().verify(backup.id(), 100).ok()).isTrue();
    }

    @Test
    void aRefusedImportLeavesItsObjectsToThePruneWhileAnotherBackupIsBeingWritten() throws Exception {
        // another process's backup is running on the same target: it may have found any object present
        var other = new TargetLock("backup-elsewhere", TargetLock.Kind.BACKUP, Instant.now(), "another-host pid 1 started x");
        sink.target().putLock(other);
        byte[] wrong = rebuild(entries -> entries.get(entries.size() - 1).content[10] ^= 1);

        assertThatThrownBy(() -> sink.backups().importArchive(new ByteArrayInputStream(wrong)))
                .isInstanceOf(ChecksumMismatchException.class);

        // what the refused import wrote stays, named by no manifest; no lock of its own is left
        assertThat(sink.backups().list()).isEmpty();
        assertThat(sink.target().manifests()).isEmpty();
        try (Stream<Path> files = Files.walk(dir.resolve("b-backups").resolve("objects"))) {
            assertThat(files.filter(Files::isRegularFile)).isNotEmpty();
        }
        assertThat(sink.target().locks()).extracting(TargetLock::id).containsExactly(other.id());

        // once that backup is done, a rotation's prune removes them
        sink.target().deleteLock(other.id());
        sink.backups().rotate(RotationPolicy.keepLast(1), false);
        try (Stream<Path> files = Files.walk(dir.resolve("b-backups").resolve("objects"))) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void aTruncatedArchiveIsRefusedWhereverItIsCut() throws Exception {
        for (int cut : new int[] {0, 100, 512, 1500, archive.length / 2, archive.length - 1024, archive.length - 1}) {
            refused(Arrays.copyOf(archive, cut), InvalidInputException.class);
        }
        // a gzip stream cut short fails inside the decompressor: still the archive's fault, not storage's
        var gz = new ByteArrayOutputStream();
        try (var out = new GZIPOutputStream(gz)) {
            out.write(archive);
        }
        byte[] zipped = gz.toByteArray();
        for (int cut : new int[] {zipped.length / 3, zipped.length / 2, zipped.length - 20}) {
            refused(Arrays.copyOf(zipped, cut), InvalidInputException.class);
        }
    }

    @Test
    void anUnknownFormatVersionIsRefused() throws Exception {
        refused(rebuild(entries -> entries.get(0).content = new String(entries.get(0).content, StandardCharsets.UTF_8)
                .replaceFirst("\"format\":\\d+", "\"format\":99").getBytes(StandardCharsets.UTF_8)), InvalidInputException.class);
        refused(rebuild(entries -> entries.get(0).content = "not json".getBytes()), InvalidInputException.class);
    }

    @Test
    void aManifestListingABlobTwiceIsRefused() throws Exception {
        refused(rebuild(entries -> {
            String json = new String(entries.get(0).content, StandardCharsets.UTF_8);
            int start = json.indexOf("{\"key\"");
            int end = json.indexOf('}', start) + 1;
            String first = json.substring(start, end);
            entries.get(0).content = json.replace(first, first + "," + first).getBytes(StandardCharsets.UTF_8);
        }), InvalidInputException.class);
    }

    @Test
    void aManifestListingAChunkTwiceIsRefused() throws Exception {
        // format 3: the chunk records are 40 bytes each (digest, pack index, offset), in base64
        refused(rebuild(entries -> entries.get(0).content = withChunkRecords(entries.get(0).content, r -> {
            byte[] twice = Arrays.copyOf(r, r.length + 40);
            System.arraycopy(r, 0, twice, r.length, 40);
            return twice;
        })), InvalidInputException.class);
    }

    @Test
    void hostilePlacesInPacksAreRefusedBeforeAnythingIsRead() throws Exception {
        List<java.util.function.UnaryOperator<byte[]>> hostile = List.of(
                // chunk 0 far past its pack's end; at an offset near 2^32; in a pack that is not listed
                r -> ByteBuffer.wrap(r).putInt(36, 1 << 30).array(),
                r -> ByteBuffer.wrap(r).putInt(36, -8192).array(),
                r -> ByteBuffer.wrap(r).putInt(32, 7).array(),
                // chunk 1 overlapping chunk 0 in its pack
                r -> ByteBuffer.wrap(r).putInt(72, ByteBuffer.wrap(r).getInt(32)).putInt(76, ByteBuffer.wrap(r).getInt(36) + 100).array(),
                // a record cut short, none at all
                r -> Arrays.copyOf(r, r.length - 3),
                r -> new byte[0]);
        for (var edit : hostile) {
            refused(rebuild(entries -> entries.get(0).content = withChunkRecords(entries.get(0).content, edit)),
                    InvalidInputException.class);
        }
        // a pack claiming a terabyte (a reader would trust it for ranges), and chunk records that are not base64
        refused(rebuild(entries -> entries.get(0).content = new String(entries.get(0).content, StandardCharsets.UTF_8)
                .replaceFirst("(\"packs\":\\[\\{\"sha256\":\"[0-9a-f]{64}\",\"size\":)\\d+", "$1" + (1L << 40))
                .getBytes(StandardCharsets.UTF_8)), InvalidInputException.class);
        refused(rebuild(entries -> entries.get(0).content = new String(entries.get(0).content, StandardCharsets.UTF_8)
                .replaceFirst("\"chunks\":\"", "\"chunks\":\"!!").getBytes(StandardCharsets.UTF_8)), InvalidInputException.class);
    }

    @Test
    void aSnapshotEntryWhoseChunksAreSwappedIsRefused() throws Exception {
        // the right bytes in the wrong places: each chunk is checked where the manifest puts it
        refused(rebuild(entries -> {
            byte[] snapshot = entries.get(1).content;
            byte[] swapped = snapshot.clone();
            System.arraycopy(snapshot, 0, swapped, 65536, 65536);
            System.arraycopy(snapshot, 65536, swapped, 0, 65536);
            entries.get(1).content = swapped;
        }), ChecksumMismatchException.class);
    }

    // ---- format 4: the snapshot named by its chunk list ----

    @Test
    void aFormatFourSnapshotDigestThatIsNotThatOfItsChunkListIsRefused() throws Exception {
        assertThat(new String(archive, 512, 20, StandardCharsets.UTF_8)).startsWith("{\"format\":4");
        refused(rebuild(entries -> entries.get(0).content = new String(entries.get(0).content, StandardCharsets.UTF_8)
                .replaceFirst("(\"snapshot\":\\{\"size\":\\d+,\"sha256\":\")[0-9a-f]{64}", "$1" + "ab".repeat(32))
                .getBytes(StandardCharsets.UTF_8)), InvalidInputException.class);
    }

    @Test
    void aChunkReplacedAlongWithItsRecordIsRefusedByTheChunkListDigest() throws Exception {
        // the snapshot's first chunk rewritten, and its record's digest made to match: every chunk would check,
        // but the snapshot's digest, of the chunk list, no longer does, so the manifest is refused before any byte
        refused(rebuild(entries -> {
            byte[] snapshot = entries.get(1).content;
            int chunk = dev.stowage.application.service.backup.BackupSettings.DEFAULT_CHUNK_SIZE;
            snapshot[100] ^= 1;
            byte[] digest = Sha256.digest(Arrays.copyOf(snapshot, chunk)).bytes();
            entries.get(0).content = withChunkRecords(entries.get(0).content, r -> {
                System.arraycopy(digest, 0, r, 0, 32);
                return r;
            });
        }), InvalidInputException.class);
    }

    @Test
    void aHostileChangeMarkIsRefused() throws Exception {
        for (String mark : List.of("x".repeat(201), "\\u0000nul", "caf\\u00e9", "")) {
            refused(rebuild(entries -> entries.get(0).content = new String(entries.get(0).content, StandardCharsets.UTF_8)
                    .replace("\"snapshot\":{", "\"snapshot\":{\"change_mark\":\"" + mark + "\",")
                    .getBytes(StandardCharsets.UTF_8)), InvalidInputException.class);
        }
    }

    @Test
    void entriesTheManifestDoesNotNameOrThatRepeatOrLackAreRefused() throws Exception {
        refused(rebuild(entries -> entries.add(new Entry("objects/" + "ab".repeat(32), '0', "x".getBytes()))),
                InvalidInputException.class);
        refused(rebuild(entries -> entries.add(new Entry("notes.txt", '0', "x".getBytes()))), InvalidInputException.class);
        refused(rebuild(entries -> entries.add(entries.get(2).copy())), InvalidInputException.class);
        refused(rebuild(entries -> entries.remove(4)), InvalidInputException.class);
        refused(rebuild(entries -> entries.add(0, entries.remove(1))), InvalidInputException.class);
        refused("plain text, not an archive at all".repeat(40).getBytes(), InvalidInputException.class);
        refused(new byte[0], InvalidInputException.class);
    }

    // ---- helpers ----

    private void refused(byte[] hostile, Class<? extends Exception> type) throws IOException {
        assertThatThrownBy(() -> sink.backups().importArchive(new ByteArrayInputStream(hostile))).isInstanceOf(type);
        // nothing written: no object, no manifest, no record, no temporary file
        try (Stream<Path> files = Files.walk(dir.resolve("b-backups"))) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
        assertThat(sink.backups().list()).isEmpty();
    }

    /** The manifest with its format 3 chunk records (decoded from base64) changed by {@code edit}. */
    private static byte[] withChunkRecords(byte[] manifest, java.util.function.UnaryOperator<byte[]> edit) {
        String json = new String(manifest, StandardCharsets.UTF_8);
        var m = java.util.regex.Pattern.compile("\"chunks\":\"([A-Za-z0-9+/=]*)\"").matcher(json);
        assertThat(m.find()).isTrue();
        byte[] records = edit.apply(Base64.getDecoder().decode(m.group(1)));
        return (json.substring(0, m.start(1)) + Base64.getEncoder().encodeToString(records) + json.substring(m.end(1)))
                .getBytes(StandardCharsets.UTF_8);
    }

    private byte[] rebuild(Consumer<List<Entry>> change) throws IOException {
        return TarEntries.rebuild(archive, change);
    }

    private static List<Entry> entries(byte[] tar) throws IOException {
        return TarEntries.entries(tar);
    }
}
