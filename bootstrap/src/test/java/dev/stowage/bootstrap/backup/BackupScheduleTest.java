package dev.stowage.bootstrap.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.application.port.in.backup.ManageBackupsUseCase;
import dev.stowage.application.service.MaintenanceLeader;
import dev.stowage.application.service.backup.BackupSchedule;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.domain.backup.Backup;
import dev.stowage.domain.backup.RotationPolicy;
import dev.stowage.testing.ManualClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backups on a schedule in a running service, on a real data folder and the folder target. */
class BackupScheduleTest {
    @TempDir
    Path dir;

    @Test
    void aServiceWithAScheduleShowsTheBackupsComponentAndMetersOverHttp() throws Exception {
        try (Stowage stowage = Stowage.builder().dataDir(dir.resolve("data")).withHttp()
                .set("stowage.http.port", "0")
                .set("stowage.backups.schedule.interval", "1h")
                .set("stowage.backups.schedule.keep-last", "2")
                .build()) {
            stowage.start();
            BackupSchedule schedule = stowage.instance(BackupSchedule.class);
            ManageBackupsUseCase backups = stowage.instance(ManageBackupsUseCase.class);

            for (int i = 0; i < 3; i++) {
                schedule.runOnce();
            }

            List<Backup> all = backups.list();
            assertThat(all).hasSize(2).allSatisfy(b -> {
                assertThat(b.label()).isEqualTo("scheduled");
                assertThat(b.lastVerification()).hasValueSatisfying(v -> assertThat(v.ok()).isTrue());
            });
            assertThat(schedule.status().lastVerifyOk()).contains(true);
            assertThat(schedule.status().lastBytes()).isEqualTo(all.get(0).totalBytes());

            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + stowage.httpPort();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            assertThat(health.body()).contains("\"backups\"", "lastGoodBackup", all.get(0).createdAt().toString());
            String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("stowage_backup_last_age_seconds", "stowage_backup_last_size_bytes ",
                    "stowage_backup_last_duration_seconds", "stowage_backup_last_verify_ok 1.0",
                    "stowage_backup_verify_failures_total 0.0");
        }
    }

    @Test
    void theBackupsComponentGoesDownWhenTheLastGoodBackupIsOlderThanTwiceTheInterval() {
        ManualClock clock = new ManualClock(Instant.parse("2031-05-01T00:00:00Z"));
        try (Stowage stowage = Stowage.builder().dataDir(dir.resolve("data")).build()) {
            stowage.start();
            ManageBackupsUseCase backups = stowage.instance(ManageBackupsUseCase.class);
            var schedule = new BackupSchedule(backups,
                    new BackupSchedule.Settings(Duration.ofHours(1), true, Optional.of(RotationPolicy.keepLast(5))), clock,
                    stowage.instance(MaintenanceLeader.class));
            schedule.start();
            try {
                assertThat(schedule.check().up()).isTrue();
                clock.advance(Duration.ofHours(2).plusSeconds(1));
                assertThat(schedule.check().up()).isFalse();
                assertThat(schedule.check().details().get("error")).contains("no good backup");

                schedule.runOnce();
                // the backup's own time comes from the service's clock; the schedule judges age by its own
                Instant taken = schedule.status().lastGoodAt().orElseThrow();
                clock.set(taken.plus(Duration.ofHours(2)));
                assertThat(schedule.check().up()).isTrue();
                clock.set(taken.plus(Duration.ofHours(2)).plusSeconds(1));
                assertThat(schedule.check().up()).isFalse();
                assertThat(schedule.check().details()).containsEntry("lastGoodBackup", taken.toString())
                        .containsEntry("error", "the last good backup is older than twice the interval");
            } finally {
                schedule.stop();
            }
        }
    }

    @Test
    void aFailingRunIsCountedAndTheNextOneStillWorks() throws Exception {
        try (Stowage stowage = Stowage.builder().dataDir(dir.resolve("data"))
                .set("stowage.backups.schedule.interval", "1h").build()) {
            stowage.start();
            BackupSchedule schedule = stowage.instance(BackupSchedule.class);
            Path target = dir.resolve("data/backups");
            // the target folder made unusable: a file where its objects folder must be
            java.nio.file.Files.createDirectories(target);
            deleteTree(target.resolve("objects"));
            java.nio.file.Files.writeString(target.resolve("objects"), "in the way");

            schedule.runOnce();
            assertThat(schedule.status().runFailures()).isEqualTo(1);
            assertThat(schedule.status().lastGoodAt()).isEmpty();

            java.nio.file.Files.delete(target.resolve("objects"));
            schedule.runOnce();
            assertThat(schedule.status().lastGoodAt()).isPresent();
            assertThat(schedule.status().runFailures()).isEqualTo(1);
        }
    }

    private static void deleteTree(Path p) throws java.io.IOException {
        if (!java.nio.file.Files.exists(p)) {
            return;
        }
        try (var s = java.nio.file.Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(q);
            }
        }
    }
}
