package dev.stowage.bootstrap.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValueFactory;
import dev.stowage.adapter.in.http.HttpSettings;
import dev.stowage.adapter.out.fs.FsSettings;
import dev.stowage.adapter.out.images.ImageSettings;
import dev.stowage.adapter.out.s3.S3Settings;
import dev.stowage.adapter.out.sqlite.DocumentCacheSettings;
import dev.stowage.adapter.out.postgres.PostgresSettings;
import dev.stowage.adapter.out.sqlite.SqliteSettings;
import dev.stowage.application.service.backup.BackupSchedule;
import dev.stowage.application.service.document.DocumentSettings;
import dev.stowage.application.service.program.ProgramSettings;
import dev.stowage.application.service.queue.JobQueueSettings;
import dev.stowage.application.settings.Allowed;
import dev.stowage.bootstrap.config.StowageConfig.Backups;
import dev.stowage.domain.backup.SnapshotEntry;
import dev.stowage.bootstrap.config.StowageConfig.Blobs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Reads {@link StowageConfig} from HOCON, once, straight into the settings records of the adapters
 * and services, which validate their own values (see {@link Binder}).
 *
 * <p>Sources, each overriding the ones before it:
 * <ol>
 *   <li>the defaults in {@code reference.conf} on the class path;</li>
 *   <li>a file given with {@code --config};</li>
 *   <li>environment variables {@code STOWAGE_*}: the key after {@code stowage.} in upper case with
 *       {@code .} and {@code -} written as {@code _}, for example {@code STOWAGE_HTTP_PORT} for
 *       {@code stowage.http.port} and {@code STOWAGE_BLOBS_S3_SECRET_KEY} for
 *       {@code stowage.blobs.s3.secret-key}. Only names that match a known key are read;</li>
 *   <li>command-line options such as {@code --data-dir} and {@code --port}.</li>
 * </ol>
 * Substitutions such as {@code ${stowage.data-dir}"/stowage.db"} are resolved after merging, so
 * moving the data folder moves every path that derives from it.
 */
public final class ConfigLoader {

    /** The blob backends that can be chosen with {@code stowage.blobs.backend}. */
    public static final List<String> BLOB_BACKENDS = List.of("fs", "s3");

    /** The metadata databases that can be chosen with {@code stowage.database.backend}. */
    public static final List<String> DATABASE_BACKENDS = List.of("sqlite", "postgres");

    /** The backup targets that can be chosen with {@code stowage.backups.target}. */
    public static final List<String> BACKUP_TARGETS = List.of("fs", "s3");

    /** The prefix of environment variables that override keys. */
    public static final String ENV_PREFIX = "STOWAGE_";

    static final String ROOT = "stowage";

    private ConfigLoader() {
    }

    /**
     * Where settings come from beyond the defaults.
     *
     * @param file        a HOCON file ({@code --config}), if any; it must exist
     * @param environment the process environment (only {@code STOWAGE_*} names that match a key
     *                    are read)
     * @param overrides   values from the command line, by full key ({@code stowage.http.port})
     */
    public record Sources(Optional<Path> file, Map<String, String> environment, Map<String, String> overrides) {
        public Sources {
            Objects.requireNonNull(file, "file");
            environment = Map.copyOf(environment);
            overrides = Map.copyOf(overrides);
        }

        /** Defaults only: no file, no environment, no overrides. */
        public static Sources none() {
            return new Sources(Optional.empty(), Map.of(), Map.of());
        }
    }

    /**
     * Reads and validates the configuration.
     *
     * @throws InvalidConfigException listing every bad or unknown key, the file that cannot be
     *         read, or the syntax error in it
     */
    public static StowageConfig load(Sources sources) {
        Config reference = ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), "reference.conf");
        Set<String> keys = keysOf(reference.resolve());

        Config merged = resolve(overrides(sources.overrides(), keys)
                .withFallback(environment(sources.environment(), keys))
                .withFallback(file(sources.file()))
                .withFallback(reference));
        List<String> unknown = keysOf(merged).stream()
                .filter(k -> !keys.contains(k))
                .map(k -> k + ": is not a known setting" + origin(merged, k))
                .toList();
        if (!unknown.isEmpty()) {
            throw new InvalidConfigException(unknown);
        }
        Binder binder = new Binder(merged, keys);
        StowageConfig config = read(binder);
        binder.throwIfProblems();
        return Objects.requireNonNull(config, "a settings record refused its values without saying why");
    }

    private static Config resolve(Config unresolved) {
        try {
            return unresolved.resolve();
        } catch (ConfigException e) {
            throw new InvalidConfigException(List.of(e.getMessage()));
        }
    }

    /** The environment variable that overrides {@code key}, e.g. {@code STOWAGE_HTTP_PORT}. */
    public static String environmentVariableFor(String key) {
        if (!key.startsWith(ROOT + ".")) {
            throw new IllegalArgumentException("not a stowage key: " + key);
        }
        return ENV_PREFIX + key.substring(ROOT.length() + 1).toUpperCase(Locale.ROOT).replaceAll("[.-]", "_");
    }

    /** Every known key, from the defaults on the class path, in alphabetical order. */
    public static Set<String> knownKeys() {
        return keysOf(ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), "reference.conf").resolve());
    }

    /** Every block into its record; null when some record refused its values (the binder holds why). */
    private static StowageConfig read(Binder binder) {
        var root = binder.block(ROOT);
        Path dataDir = root.path("data-dir");
        Path tmpDir = root.path("tmp-dir");

        var db = binder.block("stowage.database").key("databaseFile", "path");
        SqliteSettings database = db.bind(SqliteSettings.class, () -> new SqliteSettings(
                db.path("path"),
                db.oneOf("synchronous", SqliteSettings.Synchronous.class),
                db.integer("read-pool-size", SqliteSettings.READ_POOL_SIZE),
                db.duration("busy-timeout", SqliteSettings.BUSY_TIMEOUT),
                db.integer("max-busy-retries", SqliteSettings.MAX_BUSY_RETRIES),
                db.duration("checkpoint-interval", SqliteSettings.CHECKPOINT_INTERVAL),
                db.bool("migrate-on-start")));

        String databaseBackend = root.oneOf("database.backend", DATABASE_BACKENDS);
        boolean onPostgres = "postgres".equals(databaseBackend);
        // read whether chosen or not, so that a value given and wrong is reported at once
        var pg = binder.block("stowage.database.postgres").key("migrateOnStart", "stowage.database.migrate-on-start");
        if (onPostgres) {
            pg.whenMissing("stowage.database.backend is postgres");
        } else {
            pg.onlyGiven("poolSize", "connectionTimeout", "wakeUps");
        }
        PostgresSettings postgres = pg.bind(PostgresSettings.class, () -> new PostgresSettings(
                pg.string("url"),
                pg.string("user"),
                pg.string("password"),
                pg.integer("pool-size", PostgresSettings.POOL_SIZE),
                pg.duration("connection-timeout", PostgresSettings.CONNECTION_TIMEOUT),
                pg.oneOf("wake-ups", PostgresSettings.WakeUps.class),
                pg.bool("stowage.database.migrate-on-start")));

        var docs = binder.block("stowage.documents").key("quotaBytesPerOwner", "quota-per-owner");
        DocumentSettings documents = docs.bind(DocumentSettings.class, () -> {
            long quota = docs.size("quota-per-owner", DocumentSettings.QUOTA_BYTES_PER_OWNER);
            return new DocumentSettings(
                    docs.size("max-document-bytes", DocumentSettings.MAX_DOCUMENT_BYTES),
                    quota == 0 ? Optional.empty() : Optional.of(quota),
                    docs.duration("upload-expiry", DocumentSettings.UPLOAD_EXPIRY),
                    docs.duration("orphan-grace", DocumentSettings.ORPHAN_GRACE),
                    docs.duration("sweep-interval", DocumentSettings.SWEEP_INTERVAL));
        });
        var cache = binder.block("stowage.documents").key("maximumBytes", "metadata-cache");
        DocumentCacheSettings documentCache = cache.bind(DocumentCacheSettings.class, () ->
                new DocumentCacheSettings(cache.size("metadata-cache", DocumentCacheSettings.MAXIMUM_BYTES)));

        var blobsFs = binder.block("stowage.blobs.fs").key("blobRoot", "root").key("stagingDir", "stowage.tmp-dir")
                .fixed("reclaimAtStart");
        FsSettings fs = blobsFs.bind(FsSettings.class, () ->
                new FsSettings(blobsFs.path("root"), StowageConfig.uploadStagingDir(tmpDir), true));
        String backend = root.oneOf("blobs.backend", BLOB_BACKENDS);
        String backupTarget = root.oneOf("backups.target", BACKUP_TARGETS);
        boolean s3Blobs = "s3".equals(backend);
        boolean s3Backups = "s3".equals(backupTarget);

        // read whichever backend is chosen, so that a value given and wrong is reported at once
        var blobsS3 = binder.block("stowage.blobs.s3");
        if (s3Blobs) {
            blobsS3.whenMissing("stowage.blobs.backend is s3");
        } else {
            blobsS3.onlyGiven("endpoint", "prefix", "partSize");
        }
        S3Settings s3 = blobsS3.bind(S3Settings.class, () -> s3(blobsS3, blobsS3.string("bucket"), blobsS3.string("prefix")));

        Backups backups = readBackups(binder, backupTarget, s3Blobs, s3Backups, s3);

        var web = binder.block("stowage.http").key("corsAllowedOrigins", "cors.allowed-origins")
                .key("maxUploadBytes", "stowage.documents.max-document-bytes");
        HttpSettings http = web.bind(HttpSettings.class, () -> new HttpSettings(
                web.string("host"),
                web.integer("port", HttpSettings.PORT),
                web.size("max-request-bytes", HttpSettings.MAX_REQUEST_BYTES),
                web.duration("shutdown-timeout", HttpSettings.SHUTDOWN_TIMEOUT),
                web.size("max-json-bytes", HttpSettings.MAX_JSON_BYTES),
                web.intSize("max-header-bytes", HttpSettings.MAX_HEADER_BYTES),
                web.bool("anonymous-public-reads"),
                web.bool("metrics-require-token"),
                web.duration("max-claim-wait", HttpSettings.MAX_CLAIM_WAIT),
                // resumable uploads take what a document may hold
                documents == null ? 0 : documents.maxDocumentBytes(),
                web.list("cors.allowed-origins", "origins such as [\"https://app.example.com\"]")));

        var prog = binder.block("stowage.programs").key("thumbnailEdge", "thumbnail-size");
        ProgramSettings programs = prog.bind(ProgramSettings.class, () -> new ProgramSettings(
                prog.intSize("max-config-bytes", ProgramSettings.MAX_CONFIG_BYTES),
                prog.size("max-image-bytes", ProgramSettings.MAX_IMAGE_BYTES),
                prog.integer("thumbnail-size", ProgramSettings.THUMBNAIL_EDGE)));
        var img = binder.block("stowage.programs").key("maxPixels", "max-image-pixels").key("cacheDir", "stowage.tmp-dir");
        ImageSettings images = img.bind(ImageSettings.class, () ->
                new ImageSettings(img.whole("max-image-pixels", ImageSettings.MAX_PIXELS), tmpDir.resolve("images")));

        var q = binder.block("stowage.queue");
        JobQueueSettings queue = q.bind(JobQueueSettings.class, () -> new JobQueueSettings(
                q.duration("recovery-interval", JobQueueSettings.RECOVERY_INTERVAL),
                q.duration("retention", JobQueueSettings.RETENTION),
                q.duration("fallback-poll", JobQueueSettings.FALLBACK_POLL)));

        WorkerSettings workers = readWorkers(binder);

        if (database == null || documents == null || documentCache == null || fs == null || backups == null
                || http == null || programs == null || images == null || queue == null || (s3Blobs && s3 == null)
                || (onPostgres && postgres == null) || workers == null) {
            return null;
        }
        return new StowageConfig(dataDir, tmpDir, database, documentCache, new Blobs(backend, fs,
                s3Blobs ? Optional.of(s3) : Optional.empty()), backups, http, documents, programs, images, queue,
                onPostgres ? Optional.of(postgres) : Optional.empty(), workers);
    }

    /**
     * {@code stowage.workers.*}. A plugin folder that is given must be a folder now: that is a fact
     * of this machine, not a range, so the loader checks it rather than the record.
     */
    private static WorkerSettings readWorkers(Binder binder) {
        var w = binder.block("stowage.workers");
        String dirText = w.string("plugins-dir");
        Optional<Path> pluginsDir = Optional.empty();
        if (!dirText.isBlank()) {
            Path dir = w.path("plugins-dir");
            if (!Files.isDirectory(dir)) {
                binder.problem("stowage.workers.plugins-dir", "'" + dirText + "' is not a folder: it must be an existing"
                        + " folder of job handler plugin jars, or empty for the class path alone");
            } else {
                pluginsDir = Optional.of(dir);
            }
        }
        Optional<Path> dir = pluginsDir;
        return w.bind(WorkerSettings.class, () -> new WorkerSettings(
                w.list("queues", "queue names, each NAME or NAME:N, such as [\"images\", \"renders:4\"]"),
                dir,
                w.string("name"),
                w.integer("threads", WorkerSettings.THREADS),
                w.duration("shutdown-timeout", WorkerSettings.SHUTDOWN_TIMEOUT)));
    }

    /** The connection of {@code stowage.blobs.s3}, with a bucket and prefix of the caller's. */
    private static S3Settings s3(Binder.Block block, String bucket, String prefix) {
        return new S3Settings(
                block.uri("stowage.blobs.s3.endpoint", S3Settings.ENDPOINT),
                block.string("stowage.blobs.s3.region"),
                bucket,
                block.string("stowage.blobs.s3.access-key"),
                block.string("stowage.blobs.s3.secret-key"),
                block.bool("stowage.blobs.s3.path-style"),
                prefix,
                block.size("stowage.blobs.s3.part-size", S3Settings.PART_SIZE));
    }

    /**
     * The backup target's settings. The {@code s3} target takes the blobs' connection with its own
     * bucket (or the blobs') and prefix; sharing a bucket with the blobs, the two must not overlap,
     * or a sweep of one would see the other's objects.
     */
    private static Backups readBackups(Binder binder, String target, boolean s3Blobs, boolean s3Backups, S3Settings blobs) {
        var backups = binder.block("stowage.backups");
        Path dir = backups.path("dir");
        var sched = binder.block("stowage.backups.schedule");
        BackupSchedule.Settings schedule = sched.bind(BackupSchedule.Settings.class, () -> new BackupSchedule.Settings(
                sched.duration("interval", BackupSchedule.Settings.INTERVAL, Duration.ZERO),
                sched.bool("verify"),
                sched.integer("keep-last", BackupSchedule.Settings.KEEP),
                sched.integer("keep-daily", BackupSchedule.Settings.KEEP),
                sched.integer("keep-weekly", BackupSchedule.Settings.KEEP),
                sched.integer("keep-monthly", BackupSchedule.Settings.KEEP),
                sched.duration("keep-within", BackupSchedule.Settings.KEEP_WITHIN)));
        Optional<S3Settings> s3 = Optional.empty();
        if (s3Backups) {
            var onS3 = binder.block("stowage.backups.s3").whenMissing("stowage.backups.target is s3");
            for (String component : List.of("endpoint", "region", "accessKey", "secretKey", "pathStyle", "partSize")) {
                onS3.key(component, "stowage.blobs.s3." + Binder.kebab(component));
            }
            if (s3Blobs) {
                onS3.onlyGiven("bucket", "prefix"); // the rest is the blobs' connection, reported with it
            }
            String bucket = onS3.string("bucket");
            String effectiveBucket = bucket.isEmpty() ? binder.block("stowage.blobs.s3").string("bucket") : bucket;
            String prefix = onS3.string("prefix");
            S3Settings settings = onS3.bind(S3Settings.class, () -> s3(onS3, effectiveBucket, prefix));
            if (prefix.isEmpty()) {
                binder.problem("stowage.backups.s3.prefix", "must not be empty: backups keep to a folder of their own,"
                        + " for example \"backups/\"");
            } else if (s3Blobs && blobs != null && effectiveBucket.equals(blobs.bucket()) && overlaps(prefix, blobs.prefix())) {
                binder.problem("stowage.backups.s3.prefix", "'" + prefix + "' overlaps the blobs' objects under '"
                        + blobs.prefix() + "' in bucket " + effectiveBucket + "; choose another prefix or bucket");
            }
            if (settings == null) {
                return null;
            }
            s3 = Optional.of(settings);
        }
        int chunkSize = backups.intSize("chunk-size", Allowed.size(SnapshotEntry.MIN_CHUNK_SIZE, SnapshotEntry.MAX_CHUNK_SIZE));
        if (chunkSize < SnapshotEntry.MIN_CHUNK_SIZE || chunkSize > SnapshotEntry.MAX_CHUNK_SIZE || Integer.bitCount(chunkSize) != 1) {
            binder.problem("stowage.backups.chunk-size", "'" + chunkSize + "' bytes is not a power of two from 4KiB to 64MiB");
            chunkSize = SnapshotEntry.MIN_CHUNK_SIZE;
        }
        return schedule == null ? null : new Backups(target, dir, s3, schedule, chunkSize);
    }

    /** True when the backup target's folders and the blob store's could hold the same names. */
    private static boolean overlaps(String backupPrefix, String blobPrefix) {
        for (String blobFolder : List.of("blobs/", "sums/", "tmp/")) {
            if (backupPrefix.startsWith(blobPrefix + blobFolder) || (blobPrefix + blobFolder).startsWith(backupPrefix)) {
                return true;
            }
        }
        return backupPrefix.equals(blobPrefix);
    }

    private static Config file(Optional<Path> file) {
        if (file.isEmpty()) {
            return ConfigFactory.empty();
        }
        Path path = file.get();
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new InvalidConfigException(List.of("--config: cannot read the file " + path));
        }
        try {
            return ConfigFactory.parseFile(path.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
        } catch (ConfigException e) {
            throw new InvalidConfigException(List.of("--config: " + e.getMessage()));
        }
    }

    private static Config environment(Map<String, String> env, Set<String> keys) {
        Config config = ConfigFactory.empty();
        for (String key : keys) {
            String name = environmentVariableFor(key);
            String value = env.get(name);
            if (value != null) {
                config = config.withValue(key, ConfigValueFactory.fromAnyRef(value, "environment variable " + name));
            }
        }
        return config;
    }

    private static Config overrides(Map<String, String> overrides, Set<String> keys) {
        Config config = ConfigFactory.empty();
        for (var e : new TreeMap<>(overrides).entrySet()) {
            if (!keys.contains(e.getKey())) {
                throw new IllegalArgumentException("not a known setting: " + e.getKey());
            }
            config = config.withValue(e.getKey(), ConfigValueFactory.fromAnyRef(e.getValue(), "the command line"));
        }
        return config;
    }

    private static Set<String> keysOf(Config config) {
        if (!config.hasPath(ROOT)) {
            return new TreeSet<>();
        }
        return config.withOnlyPath(ROOT).entrySet().stream()
                .map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** {@code  (from <where the value came from>)}, or nothing for a default of {@code reference.conf}. */
    static String origin(Config config, String key) {
        try {
            String description = config.getValue(key).origin().description();
            return description.contains("reference.conf") ? "" : " (from " + description + ")";
        } catch (ConfigException e) {
            return "";
        }
    }
}
