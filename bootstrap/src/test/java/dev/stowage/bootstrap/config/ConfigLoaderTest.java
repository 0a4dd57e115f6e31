package dev.stowage.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.adapter.out.sqlite.SqliteSettings;
import dev.stowage.application.service.backup.BackupSchedule;
import dev.stowage.bootstrap.config.ConfigLoader.Sources;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void defaultsPutEverythingUnderTheDataFolder() {
        StowageConfig c = ConfigLoader.load(Sources.none());
        assertThat(c.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(c.database().databaseFile()).isEqualTo(Path.of("./data/stowage.db").toAbsolutePath().normalize());
        assertThat(c.blobs().fs().blobRoot()).isEqualTo(Path.of("./data/blobs").toAbsolutePath().normalize());
        assertThat(c.backupsDir()).isEqualTo(Path.of("./data/backups"));
        assertThat(c.tmpDir()).isEqualTo(Path.of("./data/tmp"));
        assertThat(c.blobs().backend()).isEqualTo("fs");
        assertThat(c.database().synchronous()).isEqualTo(SqliteSettings.Synchronous.NORMAL);
        assertThat(c.database().busyTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.database().migrateOnStart()).isTrue();
        assertThat(c.http().port()).isEqualTo(8080);
        assertThat(c.http().maxRequestBytes()).isEqualTo(16L * 1024 * 1024);
    }

    @Test
    void fileOverridesDefaultsAndDerivedPathsFollowTheDataFolder() throws IOException {
        Path file = write("stowage { data-dir = \"/srv/st\", database.synchronous = full, http.port = 9000 }");
        StowageConfig c = ConfigLoader.load(new Sources(Optional.of(file), Map.of(), Map.of()));
        assertThat(c.database().databaseFile()).isEqualTo(Path.of("/srv/st/stowage.db"));
        assertThat(c.blobs().fs().blobRoot()).isEqualTo(Path.of("/srv/st/blobs"));
        assertThat(c.database().synchronous()).isEqualTo(SqliteSettings.Synchronous.FULL);
        assertThat(c.http().port()).isEqualTo(9000);
    }

    @Test
    void environmentOverridesTheFileAndTheCommandLineOverridesBoth() throws IOException {
        Path file = write("stowage.http.port = 9000\nstowage.database.read-pool-size = 2");
        Map<String, String> env = Map.of(
                "STOWAGE_HTTP_PORT", "9100",
                "STOWAGE_DATABASE_READ_POOL_SIZE", "8",
                "STOWAGE_DATA_DIR", "/env/data",
                "STOWAGE_NOT_A_KEY", "ignored",
                "HOME", "/root");
        StowageConfig c = ConfigLoader.load(new Sources(Optional.of(file), env,
                Map.of("stowage.http.port", "9200")));
        assertThat(c.http().port()).isEqualTo(9200);
        assertThat(c.database().readPoolSize()).isEqualTo(8);
        assertThat(c.database().databaseFile()).isEqualTo(Path.of("/env/data/stowage.db"));
    }

    @Test
    void environmentVariableNamesFollowTheKeys() {
        assertThat(ConfigLoader.environmentVariableFor("stowage.blobs.s3.secret-key"))
                .isEqualTo("STOWAGE_BLOBS_S3_SECRET_KEY");
        assertThat(ConfigLoader.knownKeys()).contains("stowage.data-dir", "stowage.database.checkpoint-interval",
                "stowage.blobs.s3.path-style", "stowage.http.shutdown-timeout");
    }

    @Test
    void unknownBackendNamesTheKeyAndTheAllowedValues() {
        assertThatThrownBy(() -> load(Map.of("STOWAGE_BLOBS_BACKEND", "ftp")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("stowage.blobs.backend: 'ftp' is not one of [fs, s3]")
                .hasMessageContaining("environment variable STOWAGE_BLOBS_BACKEND");
    }

    @Test
    void theBackupTargetIsOneOfTheKnownOnesAndS3NeedsItsConnection() {
        assertThatThrownBy(() -> load(Map.of("STOWAGE_BACKUPS_TARGET", "tape")))
                .hasMessageContaining("stowage.backups.target: 'tape' is not one of [fs, s3]");
        InvalidConfigException e = catchInvalid(Map.of("STOWAGE_BACKUPS_TARGET", "s3"));
        assertThat(e.getMessage()).contains("stowage.blobs.s3.endpoint", "stowage.blobs.s3.access-key",
                "stowage.backups.s3.bucket", "must be set when stowage.backups.target is s3");
    }

    @Test
    void backupsOnS3TakeTheBlobsBucketUnlessGivenOneAndMustNotOverlapTheBlobs() {
        Map<String, String> s3 = Map.of("STOWAGE_BLOBS_BACKEND", "s3", "STOWAGE_BACKUPS_TARGET", "s3",
                "STOWAGE_BLOBS_S3_ENDPOINT", "http://127.0.0.1:9000", "STOWAGE_BLOBS_S3_BUCKET", "data",
                "STOWAGE_BLOBS_S3_ACCESS_KEY", "id", "STOWAGE_BLOBS_S3_SECRET_KEY", "not-to-be-seen");
        StowageConfig c = load(s3);
        assertThat(c.backups().s3().orElseThrow().bucket()).isEqualTo("data");
        assertThat(c.backups().s3().orElseThrow().prefix()).isEqualTo("backups/");

        var overlapping = new java.util.HashMap<>(s3);
        overlapping.put("STOWAGE_BACKUPS_S3_PREFIX", "blobs/backups/");
        InvalidConfigException e = catchInvalid(overlapping);
        assertThat(e.getMessage()).contains("stowage.backups.s3.prefix", "overlaps").doesNotContain("not-to-be-seen");

        overlapping.put("STOWAGE_BACKUPS_S3_BUCKET", "elsewhere");
        assertThat(load(overlapping).backups().s3().orElseThrow().bucket()).isEqualTo("elsewhere");
    }

    @Test
    void theSnapshotChunkSizeIs64KiBByDefaultAndAPowerOfTwoFrom4KiBTo64MiB() {
        assertThat(load(Map.of()).backups().chunkSize()).isEqualTo(8 * 1024);
        assertThat(load(Map.of("STOWAGE_BACKUPS_CHUNK_SIZE", "1MiB")).backups().chunkSize()).isEqualTo(1 << 20);
        assertThat(load(Map.of("STOWAGE_BACKUPS_CHUNK_SIZE", "4KiB")).backups().chunkSize()).isEqualTo(4096);
        for (String bad : new String[] {"1KiB", "100KiB", "128MiB", "0", "lots"}) {
            assertThatThrownBy(() -> load(Map.of("STOWAGE_BACKUPS_CHUNK_SIZE", bad))).as(bad)
                    .hasMessageContaining("stowage.backups.chunk-size");
        }
    }

    @Test
    void theBackupScheduleIsOffByDefaultAndItsIntervalIsZeroOrAtLeastAMinute() {
        BackupSchedule.Settings off = load(Map.of()).backups().schedule();
        assertThat(off.interval()).isZero();
        assertThat(off.verify()).isTrue();
        assertThat(off.rotation()).isEmpty();

        BackupSchedule.Settings on = load(Map.of("STOWAGE_BACKUPS_SCHEDULE_INTERVAL", "6h",
                "STOWAGE_BACKUPS_SCHEDULE_KEEP_DAILY", "7", "STOWAGE_BACKUPS_SCHEDULE_KEEP_WITHIN", "2d")).backups().schedule();
        assertThat(on.interval()).isEqualTo(java.time.Duration.ofHours(6));
        assertThat(on.keepDaily()).isEqualTo(7);
        assertThat(on.keepWithin()).isEqualTo(java.time.Duration.ofDays(2));
        assertThat(on.rotation()).isPresent();

        assertThatThrownBy(() -> load(Map.of("STOWAGE_BACKUPS_SCHEDULE_INTERVAL", "10s")))
                .hasMessageContaining("stowage.backups.schedule.interval");
        assertThatThrownBy(() -> load(Map.of("STOWAGE_BACKUPS_SCHEDULE_KEEP_LAST", "-1")))
                .hasMessageContaining("stowage.backups.schedule.keep-last");
    }

    @Test
    void badSynchronousNamesTheAllowedLevels() {
        assertThatThrownBy(() -> load(Map.of("STOWAGE_DATABASE_SYNCHRONOUS", "OFF")))
                .hasMessageContaining("stowage.database.synchronous: 'OFF' is not one of [NORMAL, FULL]");
    }

    @Test
    void everyBadValueIsReportedAtOnce() {
        InvalidConfigException e = catchInvalid(Map.of(
                "STOWAGE_HTTP_PORT", "http",
                "STOWAGE_DATABASE_READ_POOL_SIZE", "0",
                "STOWAGE_DATABASE_BUSY_TIMEOUT", "soon",
                "STOWAGE_DATABASE_MIGRATE_ON_START", "maybe",
                "STOWAGE_HTTP_MAX_REQUEST_BYTES", "lots"));
        assertThat(e.problems()).containsExactlyInAnyOrder(
                "stowage.http.port: 'http' is not a whole number between 0 and 65535"
                        + " (from environment variable STOWAGE_HTTP_PORT)",
                "stowage.database.read-pool-size: '0' is not a whole number between 1 and 64"
                        + " (from environment variable STOWAGE_DATABASE_READ_POOL_SIZE)",
                "stowage.database.busy-timeout: 'soon' is not a duration between 0s and 10m (such as 500ms, 5s, 1m)"
                        + " (from environment variable STOWAGE_DATABASE_BUSY_TIMEOUT)",
                "stowage.database.migrate-on-start: 'maybe' is not one of [true, false]"
                        + " (from environment variable STOWAGE_DATABASE_MIGRATE_ON_START)",
                "stowage.http.max-request-bytes: 'lots' is not a size of at least 1 byte(s) (such as 512k, 16MiB or 1048576)"
                        + " (from environment variable STOWAGE_HTTP_MAX_REQUEST_BYTES)");
    }

    @Test
    void corsOriginsAreAListInAFileOrCommaSeparatedInTheEnvironment() throws IOException {
        assertThat(load(Map.of()).http().corsAllowedOrigins()).isEmpty();

        Path file = write("stowage.http.cors.allowed-origins = [\"https://App.Example.com\", \"http://127.0.0.1:3000\"]");
        assertThat(ConfigLoader.load(new Sources(Optional.of(file), Map.of(), Map.of())).http().corsAllowedOrigins())
                .containsExactly("https://app.example.com", "http://127.0.0.1:3000");
        assertThat(load(Map.of("STOWAGE_HTTP_CORS_ALLOWED_ORIGINS", "https://a.example, http://[::1]:8080"))
                .http().corsAllowedOrigins()).containsExactly("https://a.example", "http://[::1]:8080");
        assertThat(load(Map.of("STOWAGE_HTTP_CORS_ALLOWED_ORIGINS", "*")).http().corsAllowedOrigins())
                .containsExactly("*");
    }

    @Test
    void aBadCorsOriginIsNamed() throws IOException {
        InvalidConfigException e = catchInvalid(Map.of("STOWAGE_HTTP_CORS_ALLOWED_ORIGINS",
                "https://ok.example,https://app.example.com/,*"));
        assertThat(e.problems()).containsExactlyInAnyOrder(
                "stowage.http.cors.allowed-origins: 'https://app.example.com/' is not an origin such as "
                        + "https://app.example.com or http://127.0.0.1:3000 (scheme, host, optional port; no path or "
                        + "trailing slash), nor * (from environment variable STOWAGE_HTTP_CORS_ALLOWED_ORIGINS)",
                "stowage.http.cors.allowed-origins: '*' allows every origin and must stand alone"
                        + " (from environment variable STOWAGE_HTTP_CORS_ALLOWED_ORIGINS)");
        for (String bad : new String[] {"app.example.com", "ftp://x", "https://user@host", "https://a b"}) {
            assertThat(catchInvalid(Map.of("STOWAGE_HTTP_CORS_ALLOWED_ORIGINS", bad)).problems()).as(bad).hasSize(1);
        }
        Path file = write("stowage.http.cors.allowed-origins = 42");
        assertThatThrownBy(() -> ConfigLoader.load(new Sources(Optional.of(file), Map.of(), Map.of())))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("stowage.http.cors.allowed-origins");
    }

    @Test
    void aRangeTheRecordChecksIsReportedOnItsKeyWithTheFileAndLineItCameFrom() throws IOException {
        Path file = write("stowage {\n  database.read-pool-size = 65\n  queue.fallback-poll = 5ms\n"
                + "  programs.thumbnail-size = 8\n  blobs.s3.part-size = 1MiB\n}\n");
        InvalidConfigException e = catchInvalid(file);
        assertThat(e.problems()).containsExactlyInAnyOrder(
                "stowage.database.read-pool-size: '65' is not a whole number between 1 and 64 (from " + file + ": 2)",
                "stowage.queue.fallback-poll: '5ms' is not a duration between 10ms and 1m (such as 500ms, 5s, 1m)"
                        + " (from " + file + ": 3)",
                "stowage.programs.thumbnail-size: '8' is not a whole number between 16 and 4096 (from " + file + ": 4)",
                "stowage.blobs.s3.part-size: '1MiB' is not a size between 5MiB and 5GiB (such as 512k, 16MiB or 1048576)"
                        + " (from " + file + ": 5)");
    }

    @Test
    void aValueThatCannotBeReadNamesWhatTheRecordAllowsAndTheRestIsStillChecked() throws IOException {
        Path file = write("stowage.http { port = 70000, max-header-bytes = 3GiB, shutdown-timeout = never }");
        InvalidConfigException e = catchInvalid(file);
        assertThat(e.problems()).containsExactlyInAnyOrder(
                "stowage.http.port: '70000' is not a whole number between 0 and 65535 (from " + file + ": 1)",
                "stowage.http.max-header-bytes: '3GiB' is not a size between 1KiB and 1MiB"
                        + " (such as 512k, 16MiB or 1048576) (from " + file + ": 1)",
                "stowage.http.shutdown-timeout: 'never' is not a duration between 0s and 10m (such as 500ms, 5s, 1m)"
                        + " (from " + file + ": 1)");
    }

    @Test
    void theCommandLineIsNamedAsTheOriginOfItsValues() {
        assertThatThrownBy(() -> ConfigLoader.load(new Sources(Optional.empty(), Map.of(),
                Map.of("stowage.documents.orphan-grace", "0s"))))
                .hasMessage("stowage.documents.orphan-grace: '0s' is not a duration between 1s and 30d"
                        + " (such as 500ms, 5s, 1m) (from the command line)");
    }

    @Test
    void misspeltKeyInAFileIsRefused() throws IOException {
        Path file = write("stowage.http.prot = 9000");
        assertThatThrownBy(() -> ConfigLoader.load(new Sources(Optional.of(file), Map.of(), Map.of())))
                .hasMessageStartingWith("stowage.http.prot: is not a known setting");
    }

    @Test
    void missingConfigFileIsReported() {
        Path missing = dir.resolve("nope.conf");
        assertThatThrownBy(() -> ConfigLoader.load(new Sources(Optional.of(missing), Map.of(), Map.of())))
                .hasMessage("--config: cannot read the file " + missing);
    }

    @Test
    void s3NeedsItsSettingsOnlyWhenChosen() {
        assertThat(load(Map.of()).blobs().s3()).isEmpty();
        InvalidConfigException e = catchInvalid(Map.of("STOWAGE_BLOBS_BACKEND", "s3",
                "STOWAGE_BLOBS_S3_ENDPOINT", "ftp://x", "STOWAGE_BLOBS_S3_BUCKET", "No_Such"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith(
                "stowage.blobs.s3.endpoint: 'ftp://x' is not an http:// or https:// URL with a host"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith(
                "stowage.blobs.s3.bucket: 'No_Such' is not a bucket name"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith(
                "stowage.blobs.s3.secret-key: must be set"));
    }

    @Test
    void secretKeyIsNeverPrinted() {
        StowageConfig c = load(Map.of("STOWAGE_BLOBS_BACKEND", "s3",
                "STOWAGE_BLOBS_S3_ENDPOINT", "http://127.0.0.1:9000",
                "STOWAGE_BLOBS_S3_BUCKET", "stowage-test",
                "STOWAGE_BLOBS_S3_ACCESS_KEY", "AKIAEXAMPLE",
                "STOWAGE_BLOBS_S3_SECRET_KEY", "wJalrXUtnFEMI-very-secret"));
        assertThat(c.blobs().s3().orElseThrow().endpoint()).isEqualTo(URI.create("http://127.0.0.1:9000"));
        assertThat(c.blobs().s3().orElseThrow().secretKey()).isEqualTo("wJalrXUtnFEMI-very-secret");
        assertThat(c.toString()).doesNotContain("very-secret").contains("secretKey=******");
    }

    /** The environment of S3 blobs with every required value. */
    private static final Map<String, String> S3_BLOBS = Map.of("STOWAGE_BLOBS_BACKEND", "s3",
            "STOWAGE_BLOBS_S3_ENDPOINT", "http://127.0.0.1:9000", "STOWAGE_BLOBS_S3_BUCKET", "stowage-test",
            "STOWAGE_BLOBS_S3_ACCESS_KEY", "id", "STOWAGE_BLOBS_S3_SECRET_KEY", "not-to-be-seen");

    private StowageConfig load(Map<String, String> env) {
        return ConfigLoader.load(new Sources(Optional.empty(), env, Map.of()));
    }

    private InvalidConfigException catchInvalid(Map<String, String> env) {
        try {
            load(env);
        } catch (InvalidConfigException e) {
            return e;
        }
        throw new AssertionError("expected the configuration to be refused");
    }

    private InvalidConfigException catchInvalid(Path file) {
        try {
            ConfigLoader.load(new Sources(Optional.of(file), Map.of(), Map.of()));
        } catch (InvalidConfigException e) {
            return e;
        }
        throw new AssertionError("expected the configuration to be refused");
    }

    private Path write(String hocon) throws IOException {
        Path file = dir.resolve("stowage.conf");
        Files.writeString(file, hocon);
        return file;
    }

    @Test
    void documentLimitsAndS3PartsAreReadAndChecked() throws IOException {
        StowageConfig d = ConfigLoader.load(Sources.none());
        assertThat(d.documents().maxDocumentBytes()).isEqualTo(5L << 30);
        assertThat(d.documents().quotaBytesPerOwner()).isEmpty();
        assertThat(load(S3_BLOBS).blobs().s3().orElseThrow().partSize()).isEqualTo(16L << 20);
        assertThat(d.uploadStagingDir()).isEqualTo(Path.of("./data/tmp/uploads"));

        Path file = write("stowage.documents { max-document-bytes = 1MiB, quota-per-owner = 10MiB }\n"
                + "stowage.blobs.s3 { prefix = \"apps/stowage/\", part-size = 8MiB }");
        StowageConfig c = ConfigLoader.load(new Sources(Optional.of(file), S3_BLOBS, Map.of()));
        assertThat(c.documents().maxDocumentBytes()).isEqualTo(1L << 20);
        assertThat(c.documents().quotaBytesPerOwner()).contains(10L << 20);
        assertThat(c.blobs().s3().orElseThrow().prefix()).isEqualTo("apps/stowage/");
        assertThat(c.blobs().s3().orElseThrow().partSize()).isEqualTo(8L << 20);

        Path bad = write("stowage.blobs.s3 { prefix = \"../up\", part-size = 1MiB }\n"
                + "stowage.documents.upload-expiry = 1s");
        assertThatThrownBy(() -> ConfigLoader.load(new Sources(Optional.of(bad), Map.of(), Map.of())))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("stowage.blobs.s3.prefix")
                .hasMessageContaining("stowage.blobs.s3.part-size")
                .hasMessageContaining("stowage.documents.upload-expiry");
    }
}
