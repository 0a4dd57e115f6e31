package dev.stowage.bootstrap.backup;

import static dev.stowage.bootstrap.backup.BackupFixture.ANA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.application.port.in.backup.ManageBackupsUseCase;
import dev.stowage.application.port.in.backup.RestoreResult;
import dev.stowage.application.port.in.backup.RotationResult;
import dev.stowage.application.port.in.document.ManageDocumentsUseCase;
import dev.stowage.application.port.in.token.ManageTokensUseCase;
import dev.stowage.application.port.out.DataFolders;
import dev.stowage.application.service.backup.BackupService;
import dev.stowage.domain.backup.Backup;
import dev.stowage.domain.backup.BackupManifest;
import dev.stowage.domain.backup.BackupStatus;
import dev.stowage.domain.backup.RotationPolicy;
import dev.stowage.domain.backup.TargetLock;
import dev.stowage.domain.backup.Verification;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.document.Document;
import dev.stowage.domain.error.ConflictException;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.error.NotFoundException;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backup service on a real SQLite file, blob folder and folder target. */
class BackupServiceTest {
    @TempDir
    Path dir;

    @Test
    void aBackupHoldsTheSnapshotAndEveryBlobAndTheNextOneWritesOnlyWhatChanged() {
        try (var fx = BackupFixture.open(dir.resolve("data"), dir.resolve("backups"))) {
            for (int i = 0; i < 20; i++) {
                fx.upload(64 * 1024);
            }
            fx.enqueue("{\"n\":1}");

            Backup first = fx.backups().create("first");

            assertThat(first.status()).isEqualTo(BackupStatus.COMPLETE);
            assertThat(first.writtenBytes()).isEqualTo(first.totalBytes());
            assertThat(first.counts()).containsEntry("documents", 20L).containsEntry("jobs", 1L);
            BackupManifest manifest = manifest(fx, first);
            assertThat(manifest.blobs()).hasSize(20);
            assertThat(manifest.snapshot().integrityCheck()).isEqualTo("ok");
            assertThat(manifest.appVersion()).isNotBlank();
            assertThat(manifest.schemaVersion()).isEqualTo(first.schemaVersion()).isNotEqualTo("unknown");
            assertThat(first.manifestSha256()).isPresent();

            fx.upload(64 * 1024);
            Backup second = fx.backups().create("second");

            // the snapshot's chunks that changed and one new blob; the 20 blobs of the first are not written again
            long snapshotBytes = manifest(fx, second).snapshotObjects().values().stream().mapToLong(Long::longValue).sum();
            assertThat(second.writtenBytes()).isEqualTo(newChunkBytes(manifest(fx, first), manifest(fx, second)) + 64 * 1024);
            assertThat(second.totalBytes()).isEqualTo(snapshotBytes + 21 * 64 * 1024);
            assertThat(fx.backups().list()).extracting(Backup::id).containsExactly(second.id(), first.id());
            assertThat(fx.backups().get(first.id())).isEqualTo(first);
        }
    }

    @Test
    void verifyFindsACorruptObjectRecordsItAndASampleReadsLess() throws Exception {
        try (var fx = BackupFixture.open(dir.resolve("data"), dir.resolve("backups"))) {
            for (int i = 0; i < 10; i++) {
                fx.upload(4096);
            }
            Backup backup = fx.backups().create("to verify");

            Verification good = fx.backups().verify(backup.id(), 100);
            assertThat(good.ok()).isTrue();
            assertThat(good.detail()).isEqualTo("ok");
            assertThat(fx.backups().get(backup.id()).lastVerification()).contains(good);
            assertThat(fx.backups().verify(backup.id(), 10).samplePercent()).isEqualTo(10);

            Sha256 victim = manifest(fx, backup).blobs().get(3).sha256();
            Path file = dir.resolve("backups/objects/" + victim.hex().substring(0, 2) + "/" + victim.hex());
            byte[] bytes = Files.readAllBytes(file);
            bytes[100] ^= 1;
            Files.write(file, bytes);

            Verification bad = fx.backups().verify(backup.id(), 100);
            assertThat(bad.ok()).isFalse();
            assertThat(bad.detail()).contains(victim.hex()).contains("corrupt");
            assertThat(fx.backups().get(backup.id()).lastVerification()).contains(bad);
            assertThat(fx.backups().get(backup.id()).verifiedGood()).isFalse();

            Files.delete(file);
            assertThat(fx.backups().verify(backup.id(), 100).detail()).contains("missing");
            assertThatThrownBy(() -> fx.backups().verify(backup.id(), 0)).isInstanceOf(InvalidInputException.class);
        }
    }

    @Test
    void aBackupTakenWhileAWriterRunsRestoresIntoANewFolderRowForRowAndByteForByte() throws Exception {
        Path data = dir.resolve("data");
        Path restored = dir.resolve("restored");
        Backup backup;
        try (var fx = BackupFixture.open(data, dir.resolve("backups"))) {
            for (int i = 0; i < 30; i++) {
                fx.upload(10_000 + i);
                fx.enqueue("{\"seed\":" + i + "}");
            }
            fx.stowage.instance(ManageTokensUseCase.class).issue(new UserId("ana"), true, dev.stowage.domain.token.TokenScopes.none(), "ci");
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger writes = new AtomicInteger();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 0; !stop.get(); i++) {
                        fx.enqueue("{\"live\":" + i + "}");
                        fx.upload("live-" + i, ("live document " + i).getBytes(StandardCharsets.UTF_8));
                        writes.incrementAndGet();
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            writer.start();
            while (writes.get() < 5 && failure.get() == null) {
                Thread.onSpinWait();
            }
            backup = fx.backups().create("while writing");
            int after = writes.get();
            // the live database was held still and read in place, not copied
            assertThat(fx.stowage.instance(BackupService.class).lastRun().orElseThrow().phases())
                    .containsKey("snapshot: hold the database still").doesNotContainKey("snapshot copy");
            while (writes.get() < after + 5 && failure.get() == null) {
                Thread.onSpinWait();
            }
            stop.set(true);
            writer.join();
            assertThat(failure.get()).isNull();
            assertThat(fx.backups().verify(backup.id(), 100).ok()).isTrue();

            RestoreResult result = fx.backups().restore(backup.id(), restored);
            assertThat(result.blobs()).isEqualTo(backup.counts().get("documents"));
            assertThat(result.migrations()).isEmpty();
        }
        // the live folder went on after the backup; every document, job and token the backup holds is
        // the live row, unchanged (nothing updates those rows here: no worker runs)
        var live = BackupFixture.rows(data.resolve("stowage.db"), "backups", "flyway_schema_history");
        var back = BackupFixture.rows(restored.resolve("stowage.db"), "backups", "flyway_schema_history");
        assertThat(back.keySet()).isEqualTo(live.keySet());
        for (String table : List.of("documents", "jobs", "api_tokens")) {
            assertThat(live.get(table)).as(table).containsAll(back.get(table));
        }
        for (Map.Entry<String, List<List<Object>>> table : back.entrySet()) {
            assertThat((long) table.getValue().size()).as(table.getKey())
                    .isEqualTo(backup.counts().getOrDefault(table.getKey(), -1L));
        }
        // one committed moment: the usage row the triggers keep agrees with the documents beside it
        assertThat(back.get("document_usage").get(0).get(1)).isEqualTo(back.get("documents").size());
        // the writer enqueues, then uploads, each in its own transaction
        assertThat(back.get("jobs").size()).isBetween(back.get("documents").size(), back.get("documents").size() + 1);
        assertThat(back.get("documents").size()).isGreaterThan(30).isLessThan(live.get("documents").size());
        assertThat(back.get("api_tokens")).hasSize(1);
        assertThat(restored.resolve(".restore-journal")).doesNotExist();
        try (Stream<Path> siblings = Files.list(dir)) {
            assertThat(siblings.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".restore-") || n.contains(".previous-"));
        }

        // and the restored folder serves: every document's bytes come back identical
        try (var liveFx = BackupFixture.open(data, dir.resolve("backups2"));
             var back2 = BackupFixture.open(restored, dir.resolve("backups3"))) {
            var docs = back2.stowage.instance(ManageDocumentsUseCase.class);
            var liveDocs = liveFx.stowage.instance(ManageDocumentsUseCase.class);
            int checked = 0;
            for (List<Object> row : back.get("documents")) {
                var id = new dev.stowage.domain.document.DocumentId((String) row.get(0));
                try (InputStream a = docs.download(ANA, id, Optional.empty()).bytes();
                     InputStream b = liveDocs.download(ANA, id, Optional.empty()).bytes()) {
                    assertThat(a.readAllBytes()).isEqualTo(b.readAllBytes());
                }
                checked++;
            }
            assertThat(checked).isEqualTo(back.get("documents").size());
        }
    }

    @Test
    void restoreInPlaceBringsBackTheOldStateAndKeepsTheBackupFolder() throws Exception {
        Path data = dir.resolve("data");
        Backup backup;
        Document kept;
        try (var fx = BackupFixture.open(data, data.resolve("backups"))) {
            kept = fx.upload(5000);
            backup = fx.backups().create("before");
            fx.upload(6000);
            fx.upload(7000);
        }
        var before = BackupFixture.rows(data.resolve("stowage.db"), "backups", "flyway_schema_history");
        assertThat(before.get("documents")).hasSize(3);

        try (var tools = dev.stowage.bootstrap.assembly.Stowage.builder().dataDir(data).build()) {
            // not started: a restore in place needs no open database
            RestoreResult result = tools.instance(ManageBackupsUseCase.class).restore(backup.id(), data);
            assertThat(result.dataDir()).isEqualTo(data.toAbsolutePath().normalize());
        }

        var after = BackupFixture.rows(data.resolve("stowage.db"), "backups", "flyway_schema_history");
        assertThat(after.get("documents")).hasSize(1);
        assertThat(after.get("documents").get(0).get(0)).isEqualTo(kept.id().value());
        try (Stream<Path> blobs = Files.walk(data.resolve("blobs"))) {
            // blobs/tmp holds the per-process temporary folders (and their lock files), not blobs
            assertThat(blobs.filter(Files::isRegularFile)
                    .filter(p -> !p.startsWith(data.resolve("blobs/tmp"))).count()).isEqualTo(1);
        }
        assertThat(data.resolve("backups/manifests/" + backup.id() + ".json")).exists();
        try (var fx = BackupFixture.open(data, data.resolve("backups"))) {
            // the catalog came back older than the target; the target's manifests bring it up to date
            assertThat(fx.backups().list()).extracting(Backup::id).containsExactly(backup.id());
            assertThat(fx.backups().verify(backup.id(), 100).ok()).isTrue();
        }
    }

    @Test
    void restoreIsRefusedWhileTheDataFolderIsHeldAndIntoAFolderThatIsNotOne() throws Exception {
        Path data = dir.resolve("data");
        try (var fx = BackupFixture.open(data, dir.resolve("backups"))) {
            fx.upload(100);
            Backup backup = fx.backups().create("b");
            var before = BackupFixture.rows(data.resolve("stowage.db"));

            // the running instance holds its data folder
            assertThatThrownBy(() -> fx.stowage.instance(DataFolders.class).lock(data)).isInstanceOf(ConflictException.class);
            assertThatThrownBy(() -> fx.backups().restore(backup.id(), data)).isInstanceOf(ConflictException.class)
                    .hasMessageContaining("running Stowage service");
            assertThat(BackupFixture.rows(data.resolve("stowage.db"))).isEqualTo(before);

            Path other = Files.createDirectories(dir.resolve("photos"));
            Files.writeString(other.resolve("holiday.jpg"), "not a data folder");
            assertThatThrownBy(() -> fx.backups().restore(backup.id(), other)).isInstanceOf(InvalidInputException.class);
            assertThat(other.resolve("holiday.jpg")).hasContent("not a data folder");
            assertThatThrownBy(() -> fx.backups().restore(new dev.stowage.domain.backup.BackupId(
                    "01J00000000000000000000000"), dir.resolve("new"))).isInstanceOf(NotFoundException.class);
        }
    }

    @Test
    void aCorruptBackupIsRefusedBeforeTheDataFolderIsTouched() throws Exception {
        Path data = dir.resolve("data");
        try (var fx = BackupFixture.open(data, dir.resolve("backups"))) {
            fx.upload(3000);
            Backup backup = fx.backups().create("b");
            Sha256 blob = manifest(fx, backup).blobs().get(0).sha256();
            Path file = dir.resolve("backups/objects/" + blob.hex().substring(0, 2) + "/" + blob.hex());
            byte[] bytes = Files.readAllBytes(file);
            bytes[0] ^= 1;
            Files.write(file, bytes);

            Path target = dir.resolve("restored");
            assertThatThrownBy(() -> fx.backups().restore(backup.id(), target)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("corrupt");
            try (Stream<Path> left = Files.list(dir)) {
                assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".restore-"));
            }
            try (Stream<Path> inside = Files.list(target)) {
                assertThat(inside.map(p -> p.getFileName().toString())).containsOnly(".lock");
            }
        }
    }

    @Test
    void rotationKeepsWhatThePolicySaysAndTheNewestVerifiedAndPrunesObjectsNoOneNeeds() {
        try (var fx = BackupFixture.open(dir.resolve("data"), dir.resolve("backups"))) {
            var backups = new ArrayList<Backup>();
            for (int i = 0; i < 4; i++) {
                fx.upload(8000 + i);
                backups.add(fx.backups().create("b" + i));
            }
            assertThat(fx.backups().verify(backups.get(0).id(), 100).ok()).isTrue();
            long objectsBefore = objectCount(fx);

            RotationResult dry = fx.backups().rotate(RotationPolicy.keepLast(2), true);
            assertThat(dry.dryRun()).isTrue();
            assertThat(dry.deleted()).extracting(Backup::id).containsExactly(backups.get(1).id());
            // the chunks of b1's snapshot that no other backup has; its blob is in b2 and b3 too
            long onlyB1 = onlyIn(fx, backups.get(1), backups.get(0), backups.get(2), backups.get(3));
            assertThat(onlyB1).isPositive();
            assertThat(dry.objectsDeleted()).isEqualTo(onlyB1);
            assertThat(fx.backups().list()).hasSize(4);
            assertThat(objectCount(fx)).isEqualTo(objectsBefore);

            RotationResult real = fx.backups().rotate(RotationPolicy.keepLast(2), false);
            assertThat(real.deleted()).extracting(Backup::id).containsExactly(backups.get(1).id());
            assertThat(real.kept()).extracting(Backup::id)
                    .containsExactly(backups.get(3).id(), backups.get(2).id(), backups.get(0).id());
            assertThat(real.objectsDeleted()).isEqualTo(onlyB1);
            assertThat(real.bytesFreed()).isPositive();
            assertThat(objectCount(fx)).isEqualTo(objectsBefore - onlyB1);
            for (Backup b : fx.backups().list()) {
                assertThat(fx.backups().verify(b.id(), 100).ok()).as(b.label()).isTrue();
            }
        }
    }

    @Test
    void aPruneLeavesObjectsAloneWhileABackupIsBeingWrittenAndABackupWaitsForAPrune() throws Exception {
        try (var fx = BackupFixture.open(dir.resolve("data"), dir.resolve("backups"))) {
            fx.upload(1000);
            Backup old = fx.backups().create("old");
            fx.upload(1000);
            fx.backups().create("new");
            fx.target().putLock(new TargetLock("backup-other", TargetLock.Kind.BACKUP, Instant.now(), "another process"));
            long objects = objectCount(fx);

            RotationResult result = fx.backups().rotate(RotationPolicy.keepLast(1), false);

            assertThat(result.deleted()).extracting(Backup::id).containsExactly(old.id());
            assertThat(result.objectsLeft()).isTrue();
            assertThat(result.objectsDeleted()).isZero();
            assertThat(objectCount(fx)).isEqualTo(objects);

            fx.target().deleteLock("backup-other");
            // a lock from this host whose process is gone (a kill -9) holds nothing up
            fx.target().putLock(new TargetLock("backup-killed", TargetLock.Kind.BACKUP, Instant.now(),
                    java.net.InetAddress.getLocalHost().getHostName() + " pid " + Long.MAX_VALUE + " started 2024-01-01T00:00:00Z"));
            assertThat(fx.backups().rotate(RotationPolicy.keepLast(1), true).objectsLeft()).isFalse();
            fx.target().deleteLock("backup-killed");
            fx.target().putLock(new TargetLock("prune-other", TargetLock.Kind.PRUNE, Instant.now(), "another process"));
            assertThatThrownBy(() -> fx.backups().create("blocked")).isInstanceOf(ConflictException.class)
                    .hasMessageContaining("pruning");
            assertThat(fx.backups().list()).filteredOn(b -> b.label().equals("blocked"))
                    .extracting(Backup::status).containsExactly(BackupStatus.FAILED);

            // a lock older than the grace (24 hours) is a crashed process's, and is ignored and removed
            fx.target().putLock(new TargetLock("prune-other", TargetLock.Kind.PRUNE, Instant.now().minusSeconds(25 * 3600),
                    "a crashed process"));
            assertThat(fx.backups().create("after").status()).isEqualTo(BackupStatus.COMPLETE);
            RotationResult cleaned = fx.backups().rotate(RotationPolicy.keepLast(1), false);
            assertThat(cleaned.objectsLeft()).isFalse();
            assertThat(fx.target().locks()).isEmpty();
        }
    }

    @Test
    void deleteRemovesTheManifestAndTheRecord() {
        try (var fx = BackupFixture.open(dir.resolve("data"), dir.resolve("backups"))) {
            Backup b = fx.backups().create("gone soon");

            assertThat(fx.backups().delete(b.id())).isTrue();
            assertThat(fx.backups().delete(b.id())).isFalse();
            assertThat(fx.backups().list()).isEmpty();
            assertThatThrownBy(() -> fx.backups().get(b.id())).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> fx.backups().export(b.id(), new ByteArrayOutputStream())).isInstanceOf(NotFoundException.class);
        }
    }

    static BackupManifest manifest(BackupFixture fx, Backup b) {
        return BackupManifest.parse(new String(fx.target().readManifest(b.id()), StandardCharsets.UTF_8));
    }

    /** Bytes of the chunks of {@code later}'s snapshot that {@code earlier}'s lacks: what {@code later} wrote of it. */
    static long newChunkBytes(BackupManifest earlier, BackupManifest later) {
        var have = earlier.snapshotObjects().keySet();
        return later.snapshotObjects().entrySet().stream().filter(e -> !have.contains(e.getKey()))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** How many objects {@code one} names that none of {@code others} does. */
    static long onlyIn(BackupFixture fx, Backup one, Backup... others) {
        var theirs = new java.util.HashSet<Sha256>();
        for (Backup b : others) {
            theirs.addAll(manifest(fx, b).objects().keySet());
        }
        return manifest(fx, one).objects().keySet().stream().filter(sha -> !theirs.contains(sha)).count();
    }

    static long objectCount(BackupFixture fx) {
        long n = 0;
        for (var it = fx.target().objects(); it.hasNext(); it.next()) {
            n++;
        }
        return n;
    }
}
