package dev.stowage.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.application.port.in.document.ManageDocumentsUseCase;
import dev.stowage.application.port.in.document.StoreDocumentsUseCase;
import dev.stowage.application.port.in.document.UploadCommand;
import dev.stowage.application.port.in.CheckHealthUseCase;
import dev.stowage.application.port.in.backup.ManageBackupsUseCase;
import dev.stowage.domain.backup.Backup;
import dev.stowage.domain.backup.BackupStatus;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.domain.common.Actor;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.document.Document;
import dev.stowage.domain.document.DocumentName;
import dev.stowage.domain.document.FileName;
import dev.stowage.domain.document.MimeType;
import dev.stowage.testing.S3Proxy;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Moving the bytes from the local disk to S3 takes configuration alone: the same code, other keys. */
class BackendSwitchTest {
    static final Actor ANA = Actor.user(new UserId("ana"));

    @TempDir
    Path dir;

    @Test
    void theSameInstanceKeepsItsDocumentsOnS3WhenConfiguredSo() throws Exception {
        byte[] bytes = new byte[6 << 20]; // past one request, so the multipart path runs too
        new SplittableRandom(9).nextBytes(bytes);
        try (S3Proxy s3 = S3Proxy.start();
             Stowage stowage = Stowage.builder().dataDir(dir)
                     .set("stowage.blobs.backend", "s3")
                     .set("stowage.blobs.s3.endpoint", s3.endpoint().toString())
                     .set("stowage.blobs.s3.bucket", "switch-test")
                     .set("stowage.blobs.s3.access-key", S3Proxy.ACCESS_KEY)
                     .set("stowage.blobs.s3.secret-key", S3Proxy.SECRET_KEY)
                     .set("stowage.blobs.s3.part-size", "5MiB")
                     .build()) {
            stowage.start();
            assertThat(stowage.instance(CheckHealthUseCase.class).check().components().get("blobs").details())
                    .containsEntry("backend", "s3");
            Document doc = stowage.instance(StoreDocumentsUseCase.class).upload(ANA,
                    UploadCommand.of(new DocumentName("scan"), new FileName("scan.bin"), MimeType.OCTET_STREAM),
                    new ByteArrayInputStream(bytes));
            try (var in = stowage.instance(ManageDocumentsUseCase.class).download(ANA, doc.id(), Optional.empty()).bytes()) {
                assertThat(in.readAllBytes()).isEqualTo(bytes);
            }
            // The bytes are in the bucket, not in the local blob folder.
            try (var local = Files.walk(dir)) {
                assertThat(local.filter(Files::isRegularFile).filter(p -> p.startsWith(dir.resolve("blobs")))).isEmpty();
            }
            try (var inBucket = Files.walk(s3.dataDir())) {
                assertThat(inBucket.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum())
                        .isGreaterThanOrEqualTo(bytes.length);
            }
        }
    }

    @Test
    void backupsGoToABucketWhenConfiguredSoAndComeBackIntoANewFolder() throws Exception {
        byte[] bytes = new byte[100_000];
        new SplittableRandom(4).nextBytes(bytes);
        try (S3Proxy s3 = S3Proxy.start()) {
            Backup backup;
            Document doc;
            try (Stowage stowage = Stowage.builder().dataDir(dir.resolve("data"))
                    .set("stowage.backups.target", "s3")
                    .set("stowage.blobs.s3.endpoint", s3.endpoint().toString())
                    .set("stowage.backups.s3.bucket", "backup-test")
                    .set("stowage.blobs.s3.access-key", S3Proxy.ACCESS_KEY)
                    .set("stowage.blobs.s3.secret-key", S3Proxy.SECRET_KEY)
                    .build()) {
                stowage.start();
                doc = stowage.instance(StoreDocumentsUseCase.class).upload(ANA,
                        UploadCommand.of(new DocumentName("scan"), new FileName("scan.bin"), MimeType.OCTET_STREAM),
                        new ByteArrayInputStream(bytes));
                ManageBackupsUseCase backups = stowage.instance(ManageBackupsUseCase.class);
                backup = backups.create("to s3");
                assertThat(backup.status()).isEqualTo(BackupStatus.COMPLETE);
                assertThat(backups.verify(backup.id(), 100).ok()).isTrue();
                backups.restore(backup.id(), dir.resolve("restored"));
            }
            // nothing under the local backup folder: the target is the bucket
            assertThat(dir.resolve("data/backups")).satisfiesAnyOf(
                    p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
            try (Stowage restored = Stowage.builder().dataDir(dir.resolve("restored")).build()) {
                restored.start();
                try (var in = restored.instance(ManageDocumentsUseCase.class).download(ANA, doc.id(), Optional.empty()).bytes()) {
                    assertThat(in.readAllBytes()).isEqualTo(bytes);
                }
            }
        }
    }
}
