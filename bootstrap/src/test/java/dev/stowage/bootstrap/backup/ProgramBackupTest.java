package dev.stowage.bootstrap.backup;

import static dev.stowage.bootstrap.backup.BackupFixture.ANA;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Key;
import dev.stowage.application.port.in.backup.RestoreResult;
import dev.stowage.application.port.in.program.ManageProgramsUseCase;
import dev.stowage.application.port.in.program.ProgramDraft;
import dev.stowage.application.port.out.BlobStore;
import dev.stowage.domain.backup.Backup;
import dev.stowage.domain.backup.BackupManifest;
import dev.stowage.domain.backup.BlobEntry;
import dev.stowage.domain.backup.Verification;
import dev.stowage.domain.blob.BlobKey;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.program.Program;
import dev.stowage.domain.program.ProgramId;
import dev.stowage.domain.program.ProgramImage;
import dev.stowage.domain.program.ProgramName;
import dev.stowage.testing.program.ProgramServiceSuite;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Program images and thumbnails, current and kept by revisions, in backups on a real data folder. */
class ProgramBackupTest {
    @TempDir
    Path dir;

    @Test
    void imagesThumbnailsAndTheOlderImageARevisionKeepsComeBackByteForByte() throws Exception {
        Path data = dir.resolve("data");
        Path restored = dir.resolve("restored");
        Map<BlobKey, byte[]> originals = new LinkedHashMap<>();
        ProgramId lathe;
        ProgramImage older;
        ProgramImage current;
        Backup backup;
        try (var fx = BackupFixture.open(data, dir.resolve("backups"))) {
            var programs = programs(fx);
            Program v1 = programs.create(ANA, draft("lathe"));
            lathe = v1.id();
            older = programs.putImage(ANA, lathe, 1, png(ProgramServiceSuite.noisyPng(120, 80))).image().orElseThrow();
            current = programs.putImage(ANA, lathe, 2, png(ProgramServiceSuite.noisyPng(90, 60))).image().orElseThrow();
            Program mill = programs.create(ANA, draft("mill"));
            ProgramImage millImage = programs.putImage(ANA, mill.id(), 1, png(ProgramServiceSuite.png(64, 64)))
                    .image().orElseThrow();
            programs.create(ANA, draft("no image"));
            assertThat(programs.revision(lathe, 2).image()).contains(older);

            BlobStore blobs = fx.stowage.instance(BlobStore.class);
            for (ProgramImage image : new ProgramImage[] {older, current, millImage}) {
                originals.put(image.blob(), read(blobs.open(image.blob())));
                BlobKey thumbnail = image.thumbnail().orElseThrow();
                originals.put(thumbnail, read(blobs.open(thumbnail)));
            }

            backup = fx.backups().create("programs");

            // every image and thumbnail is named with the size and digest of its actual bytes
            Map<BlobKey, BlobEntry> named = BackupServiceTest.manifest(fx, backup).blobs().stream()
                    .collect(Collectors.toMap(BlobEntry::key, Function.identity()));
            assertThat(named).hasSize(6);
            originals.forEach((key, bytes) -> assertThat(named.get(key)).as(key.value())
                    .isEqualTo(new BlobEntry(key, bytes.length, sha256(bytes))));
            assertThat(fx.backups().verify(backup.id(), 100).ok()).isTrue();

            // thumbnails are hashed again by the next backup, but not written again
            Backup second = fx.backups().create("unchanged");
            assertThat(second.writtenBytes()).isEqualTo(BackupServiceTest.newChunkBytes(BackupServiceTest.manifest(fx, backup),
                    BackupServiceTest.manifest(fx, second)));
            assertThat(BackupServiceTest.manifest(fx, second).blobs()).isEqualTo(BackupServiceTest.manifest(fx, backup).blobs());

            RestoreResult result = fx.backups().restore(backup.id(), restored);
            assertThat(result.blobs()).isEqualTo(6);
        }

        try (var back = BackupFixture.open(restored, dir.resolve("backups-of-restored"))) {
            BlobStore blobs = back.stowage.instance(BlobStore.class);
            for (Map.Entry<BlobKey, byte[]> original : originals.entrySet()) {
                assertThat(read(blobs.open(original.getKey()))).as(original.getKey().value()).isEqualTo(original.getValue());
            }
            // and the restored programs serve them: the current image and thumbnail, and the revision's older image
            var programs = programs(back);
            assertThat(read(programs.openImage(lathe, Optional.empty()).data())).isEqualTo(originals.get(current.blob()));
            assertThat(read(programs.openThumbnail(lathe).data()))
                    .isEqualTo(originals.get(current.thumbnail().orElseThrow()));
            assertThat(programs.revision(lathe, 2).image()).contains(older);
        }
    }

    @Test
    void verifyFailsWhenAProgramImageOrThumbnailObjectIsCorruptAtTheTarget() throws Exception {
        try (var fx = BackupFixture.open(dir.resolve("data"), dir.resolve("backups"))) {
            var programs = programs(fx);
            Program p = programs.create(ANA, draft("press"));
            ProgramImage image = programs.putImage(ANA, p.id(), 1, png(ProgramServiceSuite.noisyPng(100, 70)))
                    .image().orElseThrow();
            Backup backup = fx.backups().create("to verify");
            assertThat(fx.backups().verify(backup.id(), 100).ok()).isTrue();
            BackupManifest manifest = BackupServiceTest.manifest(fx, backup);

            for (BlobKey key : new BlobKey[] {image.blob(), image.thumbnail().orElseThrow()}) {
                Sha256 victim = manifest.blobs().stream().filter(b -> b.key().equals(key)).findFirst().orElseThrow().sha256();
                Path object = dir.resolve("backups/objects/" + victim.hex().substring(0, 2) + "/" + victim.hex());
                byte[] good = Files.readAllBytes(object);
                byte[] bad = good.clone();
                bad[bad.length / 2] ^= 1;
                Files.write(object, bad);

                Verification verdict = fx.backups().verify(backup.id(), 100);
                assertThat(verdict.ok()).as(key.value()).isFalse();
                assertThat(verdict.detail()).contains(victim.hex()).contains("corrupt");

                Files.write(object, good);
                assertThat(fx.backups().verify(backup.id(), 100).ok()).isTrue();
            }
        }
    }

    /** The program service the assembly builds when the database keeps programs (SQLite does). */
    private static ManageProgramsUseCase programs(BackupFixture fx) {
        return fx.stowage.instance(new Key<Optional<ManageProgramsUseCase>>() { }).orElseThrow();
    }

    private static ProgramDraft draft(String name) {
        return new ProgramDraft(new ProgramName(name), "", JsonText.of("{\"v\":1}"), 1, true);
    }

    private static InputStream png(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }

    private static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    private static Sha256 sha256(byte[] bytes) {
        try {
            return Sha256.of(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
