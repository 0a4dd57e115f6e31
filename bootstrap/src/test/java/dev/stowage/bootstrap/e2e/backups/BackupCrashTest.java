package dev.stowage.bootstrap.e2e.backups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.stowage.application.port.in.backup.ManageBackupsUseCase;
import dev.stowage.application.port.out.BackupTarget;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.domain.backup.Backup;
import dev.stowage.domain.backup.BackupId;
import dev.stowage.domain.backup.BackupManifest;
import dev.stowage.domain.backup.BackupStatus;
import dev.stowage.domain.backup.RotationPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety of backups with real processes: a child JVM takes backups, rotates them or restores
 * them, and is killed with SIGKILL at a random moment, round after round. After each kill no backup
 * is listed complete that fails verify, the target holds no partial object, the next backup works,
 * and a data folder a restore was switching is wholly the old state or wholly the new one, and
 * Stowage starts on it.
 */
class BackupCrashTest {
    private static final int ROUNDS = 20;
    private static final int KILLED_BY_SIGKILL = 128 + 9;

    @TempDir
    Path dir;

    @Test
    void killedDuringBackupsNoListedBackupFailsVerifyAndTheNextOneWorks() throws Exception {
        crashRounds("backup", List.of());
    }

    @Test
    void killedDuringRotationNoListedBackupFailsVerifyAndTheNextOneWorks() throws Exception {
        crashRounds("rotate", List.of());
    }

    @Test
    void killedDuringARestoreTheFolderIsWhollyOldOrWhollyNewAndStarts() throws Exception {
        Path data = dir.resolve("data");
        Path backups = dir.resolve("backups");
        Path restored = dir.resolve("restored");
        var random = new SplittableRandom(11);
        List<BackupId> ids = new ArrayList<>();
        List<Set<String>> states = new ArrayList<>();
        try (Stowage s = tools(data, backups)) {
            s.start();
            var service = s.instance(ManageBackupsUseCase.class);
            for (int b = 0; b < 2; b++) {
                for (int i = 0; i < 15; i++) {
                    BackupChild.upload(s, random, b + "-" + i);
                }
                ids.add(service.create("state " + b).id());
            }
            for (BackupId id : ids) {
                states.add(documentIds(s.instance(BackupTarget.class), id));
            }
            service.restore(ids.get(0), restored);
        }
        assertThat(states.get(0)).isNotEqualTo(states.get(1));

        var extra = new ArrayList<String>();
        extra.add(restored.toString());
        ids.forEach(id -> extra.add(id.value()));
        for (int round = 0; round < ROUNDS; round++) {
            killChild("restore", data, backups, round, random, extra);
            // what start-up does first: finish a switch the kill interrupted
            try (Stowage started = Stowage.builder().dataDir(restored).set("stowage.backups.dir", dir.resolve("unused").toString()).build()) {
                started.start();
            }
            Set<String> now = rows(restored.resolve("stowage.db"));
            assertThat(now).as("round %d: the restored folder is one backup's state", round).isIn(states);
            assertThat(blobFiles(restored)).as("round %d: the blob folder matches the database", round).isEqualTo(now.size());
            assertIntegrity(restored.resolve("stowage.db"));
            try (Stream<Path> siblings = Files.list(dir)) {
                // a staging folder may be left by a kill before the switch began; none is left after one finished
                assertThat(siblings.map(p -> p.getFileName().toString()).filter(n -> n.contains(".previous-"))).isEmpty();
            }
        }
    }

    private void crashRounds(String mode, List<String> extra) throws Exception {
        Path data = dir.resolve("data");
        Path backups = dir.resolve("backups");
        var random = new SplittableRandom(mode.hashCode());
        // a complete backup is verified once, in the round after the one that wrote it: a later kill
        // cannot change what a manifest names, only whether a rotation deleted it
        var verified = new java.util.HashSet<BackupId>();
        for (int round = 0; round < ROUNDS; round++) {
            killChild(mode, data, backups, round, random, extra);
            try (Stowage s = tools(data, backups)) {
                s.start();
                var service = s.instance(ManageBackupsUseCase.class);
                var target = s.instance(BackupTarget.class);
                for (Backup b : service.list()) {
                    if (b.status() == BackupStatus.COMPLETE) {
                        if (verified.add(b.id())) {
                            assertThat(service.verify(b.id(), 100).detail()).as("round %d: backup %s", round, b.id())
                                    .isEqualTo("ok");
                        }
                        assertThat(target.manifests()).contains(b.id());
                    } else {
                        assertThat(target.manifests()).as("round %d: unfinished backup %s has no manifest", round, b.id())
                                .doesNotContain(b.id());
                    }
                }
                if (round % 5 == 4) {
                    // the next backup works, and a rotation clears what the kills left
                    Backup next = service.create("after round " + round);
                    assertThat(service.verify(next.id(), 100).ok()).isTrue();
                    service.rotate(RotationPolicy.keepLast(3), false);
                    for (Backup b : service.list()) {
                        assertThat(b.status()).isEqualTo(BackupStatus.COMPLETE);
                    }
                }
            }
        }
        try (Stowage s = tools(data, backups)) {
            s.start();
            assertThat(s.instance(ManageBackupsUseCase.class).list()).isNotEmpty();
        }
    }

    private void killChild(String mode, Path data, Path backups, int round, SplittableRandom random, List<String> extra)
            throws Exception {
        Path ready = dir.resolve(mode + "-ready-" + round);
        Path output = dir.resolve(mode + "-child-" + round + ".log");
        var command = new ArrayList<String>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"), BackupChild.class.getName(),
                mode, data.toString(), backups.toString(), ready.toString(), Integer.toString(round)));
        command.addAll(extra);
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!Files.exists(ready)) {
            if (!child.isAlive()) {
                fail("child ended with " + child.exitValue() + " before it was ready:\n" + Files.readString(output));
            }
            if (System.nanoTime() > deadline) {
                child.destroyForcibly();
                fail("child was not ready within 2 minutes:\n" + Files.readString(output));
            }
            Thread.sleep(10);
        }
        Thread.sleep(random.nextInt(600));
        if (!child.isAlive()) {
            fail("child of round " + round + " ended by itself with " + child.exitValue() + ":\n" + Files.readString(output));
        }
        child.destroyForcibly();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isEqualTo(KILLED_BY_SIGKILL);
    }

    private static Stowage tools(Path data, Path backups) {
        return Stowage.tools(Stowage.builder().dataDir(data).set("stowage.backups.dir", backups.toString()).config());
    }

    private static Set<String> documentIds(BackupTarget target, BackupId id) {
        var m = BackupManifest.parse(new String(target.readManifest(id), StandardCharsets.UTF_8));
        var keys = new TreeSet<String>();
        m.blobs().forEach(b -> keys.add(b.key().value()));
        return keys;
    }

    /** The blob keys the documents of {@code db} refer to. */
    private static Set<String> rows(Path db) throws Exception {
        var keys = new TreeSet<String>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT blob_key FROM documents")) {
            while (rs.next()) {
                keys.add(rs.getString(1));
            }
        }
        return keys;
    }

    private static void assertIntegrity(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("ok");
        }
    }

    private static long blobFiles(Path dataDir) throws IOException {
        try (Stream<Path> files = Files.walk(dataDir.resolve("blobs"))) {
            return files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).count();
        }
    }
}
