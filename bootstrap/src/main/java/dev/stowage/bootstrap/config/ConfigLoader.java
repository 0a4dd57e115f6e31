package dev.stowage.bootstrap.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import com.typesafe.config.ConfigValueFactory;
import dev.stowage.bootstrap.config.StowageConfig.Backups;
import dev.stowage.bootstrap.config.StowageConfig.Blobs;
import dev.stowage.bootstrap.config.StowageConfig.Database;
import dev.stowage.bootstrap.config.StowageConfig.Documents;
import dev.stowage.bootstrap.config.StowageConfig.Programs;
import dev.stowage.bootstrap.config.StowageConfig.Queue;
import dev.stowage.bootstrap.config.StowageConfig.Fs;
import dev.stowage.bootstrap.config.StowageConfig.Http;
import dev.stowage.bootstrap.config.StowageConfig.S3;
import dev.stowage.bootstrap.config.StowageConfig.Schedule;
import dev.stowage.bootstrap.config.StowageConfig.Secret;
import dev.stowage.bootstrap.config.StowageConfig.Synchronous;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads {@link StowageConfig} from HOCON, once, and validates every value.
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

    /** The backup targets that can be chosen with {@code stowage.backups.target}. */
    public static final List<String> BACKUP_TARGETS = List.of("fs", "s3");

    /** The prefix of environment variables that override keys. */
    public static final String ENV_PREFIX = "STOWAGE_";

    private static final String ROOT = "stowage";
    private static final Pattern S3_PREFIX = Pattern.compile("([a-z0-9][a-z0-9._-]*/)+");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

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
        return read(new Reader(merged));
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

    private static StowageConfig read(Reader r) {
        Path dataDir = r.path("stowage.data-dir");
        Path tmpDir = r.path("stowage.tmp-dir");
        Database database = new Database(
                r.path("stowage.database.path"),
                r.oneOf("stowage.database.synchronous", Synchronous.class),
                r.intIn("stowage.database.read-pool-size", 1, 64),
                r.duration("stowage.database.busy-timeout", Duration.ZERO, TEN_MINUTES),
                r.intIn("stowage.database.max-busy-retries", 0, 100),
                r.duration("stowage.database.checkpoint-interval", Duration.ofSeconds(1), Duration.ofDays(1)),
                r.bool("stowage.database.migrate-on-start"));
        String backend = r.oneOf("stowage.blobs.backend", BLOB_BACKENDS);
        Fs fs = new Fs(r.path("stowage.blobs.fs.root"));
        String backupTarget = r.oneOf("stowage.backups.target", BACKUP_TARGETS);
        S3 s3 = readS3(r, "s3".equals(backend), "s3".equals(backupTarget));
        Backups backups = readBackups(r, backupTarget, backend, s3);
        Http http = new Http(
                r.nonBlank("stowage.http.host"),
                r.intIn("stowage.http.port", 0, 65_535),
                r.bytes("stowage.http.max-request-bytes", 1),
                r.duration("stowage.http.shutdown-timeout", Duration.ZERO, TEN_MINUTES),
                r.bytes("stowage.http.max-json-bytes", 2),
                r.bytes("stowage.http.max-header-bytes", 1024),
                r.bool("stowage.http.anonymous-public-reads"),
                r.bool("stowage.http.metrics-require-token"),
                r.duration("stowage.http.max-claim-wait", Duration.ZERO, Duration.ofMinutes(5)),
                r.origins("stowage.http.cors.allowed-origins"));
        if (http.maxJsonBytes() > Integer.MAX_VALUE) {
            r.problem("stowage.http.max-json-bytes", "must be below 2GiB");
        }
        if (http.maxHeaderBytes() > 1L << 20) {
            r.problem("stowage.http.max-header-bytes", "must be at most 1MiB");
        }
        Documents documents = new Documents(
                r.bytes("stowage.documents.max-document-bytes", 0),
                r.bytes("stowage.documents.quota-per-owner", 0),
                r.duration("stowage.documents.upload-expiry", Duration.ofMinutes(1), Duration.ofDays(365)),
                r.duration("stowage.documents.orphan-grace", Duration.ofSeconds(1), Duration.ofDays(30)),
                r.duration("stowage.documents.sweep-interval", Duration.ofSeconds(10), Duration.ofDays(7)),
                r.bytes("stowage.documents.metadata-cache", 0));
        Programs programs = new Programs(
                r.bytes("stowage.programs.max-config-bytes", 2),
                r.bytes("stowage.programs.max-image-bytes", 1),
                r.intIn("stowage.programs.max-image-pixels", 1, 2_000_000_000),
                r.intIn("stowage.programs.thumbnail-size", 16, 4096));
        if (programs.maxConfigBytes() > 16L << 20) {
            r.problem("stowage.programs.max-config-bytes", "must be at most 16MiB");
        }
        Queue queue = new Queue(
                r.duration("stowage.queue.recovery-interval", Duration.ofSeconds(1), Duration.ofHours(1)),
                r.duration("stowage.queue.retention", Duration.ZERO, Duration.ofDays(3650)),
                r.duration("stowage.queue.fallback-poll", Duration.ofMillis(10), Duration.ofMinutes(1)));
        r.throwIfProblems();
        return new StowageConfig(dataDir, tmpDir, database, new Blobs(backend, fs, s3), backups, http, documents,
                programs, queue);
    }

    /**
     * The backup target's settings. The {@code s3} target takes its own bucket (or the blobs') and
     * prefix; sharing a bucket with the blobs, the two must not overlap, or a sweep of one would
     * see the other's objects.
     */
    private static Backups readBackups(Reader r, String target, String blobBackend, S3 s3) {
        Path dir = r.path("stowage.backups.dir");
        String bucket = r.string("stowage.backups.s3.bucket");
        String prefix = r.string("stowage.backups.s3.prefix");
        Duration interval = r.duration("stowage.backups.schedule.interval", Duration.ZERO, Duration.ofDays(365));
        if (!interval.isZero() && interval.compareTo(Duration.ofMinutes(1)) < 0) {
            r.problem("stowage.backups.schedule.interval", interval + " is too short: 0 (no schedule) or 1m-365d");
        }
        Schedule schedule = new Schedule(interval, r.bool("stowage.backups.schedule.verify"),
                r.intIn("stowage.backups.schedule.keep-last", 0, 100_000),
                r.intIn("stowage.backups.schedule.keep-daily", 0, 100_000),
                r.intIn("stowage.backups.schedule.keep-weekly", 0, 100_000),
                r.intIn("stowage.backups.schedule.keep-monthly", 0, 100_000),
                r.duration("stowage.backups.schedule.keep-within", Duration.ZERO, Duration.ofDays(36_500)));
        if (!"s3".equals(target)) {
            return new Backups(dir, target, bucket, prefix, schedule);
        }
        String effectiveBucket = bucket.isEmpty() ? s3.bucket() : bucket;
        if (!BUCKET.matcher(effectiveBucket).matches()) {
            r.problem("stowage.backups.s3.bucket", "'" + effectiveBucket + "' is not a bucket name"
                    + " (3-63 characters: lower-case letters, digits, '.' and '-'); when empty the blobs' bucket,"
                    + " stowage.blobs.s3.bucket, is used");
        }
        if (!S3_PREFIX.matcher(prefix).matches()) {
            r.problem("stowage.backups.s3.prefix", "'" + prefix + "' must be path segments of"
                    + " [a-z0-9._-] ending in '/', for example \"backups/\"");
        } else if ("s3".equals(blobBackend) && effectiveBucket.equals(s3.bucket()) && overlaps(prefix, s3.prefix())) {
            r.problem("stowage.backups.s3.prefix", "'" + prefix + "' overlaps the blobs' objects under '"
                    + s3.prefix() + "' in bucket " + effectiveBucket + "; choose another prefix or bucket");
        }
        return new Backups(dir, target, effectiveBucket, prefix, schedule);
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

    private static S3 readS3(Reader r, boolean chosen, boolean forBackups) {
        String endpoint = r.string("stowage.blobs.s3.endpoint");
        String region = r.string("stowage.blobs.s3.region");
        String bucket = r.string("stowage.blobs.s3.bucket");
        String accessKey = r.string("stowage.blobs.s3.access-key");
        String secretKey = r.string("stowage.blobs.s3.secret-key");
        boolean pathStyle = r.bool("stowage.blobs.s3.path-style");
        String prefix = r.string("stowage.blobs.s3.prefix");
        if (!prefix.isEmpty() && !S3_PREFIX.matcher(prefix).matches()) {
            r.problem("stowage.blobs.s3.prefix", "'" + prefix + "' must be empty or path segments of"
                    + " [a-z0-9._-] ending in '/', for example \"stowage/\"");
        }
        long partSize = r.bytes("stowage.blobs.s3.part-size", 5L << 20);
        if (partSize > 5L << 30) {
            r.problem("stowage.blobs.s3.part-size", partSize + " is larger than S3's largest part, 5GiB");
        }
        URI uri = null;
        if (chosen || forBackups || !endpoint.isEmpty()) {
            uri = r.httpUri("stowage.blobs.s3.endpoint", endpoint);
        }
        if (chosen && !BUCKET.matcher(bucket).matches()) {
            r.problem("stowage.blobs.s3.bucket", "'" + bucket + "' is not a bucket name"
                    + " (3-63 characters: lower-case letters, digits, '.' and '-')");
        }
        if (chosen || forBackups) {
            String when = chosen ? "must be set when stowage.blobs.backend is s3"
                    : "must be set when stowage.backups.target is s3";
            if (region.isBlank()) {
                r.problem("stowage.blobs.s3.region", when);
            }
            if (accessKey.isEmpty()) {
                r.problem("stowage.blobs.s3.access-key", when);
            }
            if (secretKey.isEmpty()) {
                r.problem("stowage.blobs.s3.secret-key", when);
            }
        }
        return new S3(uri, region, bucket, accessKey, new Secret(secretKey), pathStyle, prefix, partSize);
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

    private static String origin(Config config, String key) {
        try {
            String description = config.getValue(key).origin().description();
            return description.contains("reference.conf") ? "" : " (from " + description + ")";
        } catch (ConfigException e) {
            return "";
        }
    }

    /** Reads typed values, collecting one problem per bad key instead of stopping at the first. */
    private static final class Reader {
        private final Config config;
        private final List<String> problems = new ArrayList<>();

        Reader(Config config) {
            this.config = config;
        }

        void problem(String key, String text) {
            problems.add(key + ": " + text + origin(config, key));
        }

        void throwIfProblems() {
            if (!problems.isEmpty()) {
                throw new InvalidConfigException(problems);
            }
        }

        private String raw(String key) {
            ConfigValue value = config.getValue(key);
            return String.valueOf(value.unwrapped());
        }

        private boolean present(String key) {
            if (config.hasPath(key)) {
                return true;
            }
            problem(key, "must be set");
            return false;
        }

        String string(String key) {
            if (!present(key)) {
                return "";
            }
            try {
                return config.getString(key);
            } catch (ConfigException.WrongType e) {
                problem(key, "must be a string");
                return "";
            }
        }

        String nonBlank(String key) {
            String value = string(key);
            if (value.isBlank() && config.hasPath(key)) {
                problem(key, "must not be empty");
            }
            return value;
        }

        Path path(String key) {
            String value = nonBlank(key);
            try {
                return Path.of(value.isBlank() ? "." : value);
            } catch (InvalidPathException e) {
                problem(key, "'" + value + "' is not a valid path: " + e.getReason());
                return Path.of(".");
            }
        }

        int intIn(String key, int min, int max) {
            if (!present(key)) {
                return min;
            }
            String expected = "is not a whole number between " + min + " and " + max;
            try {
                int value = config.getInt(key);
                if (value >= min && value <= max) {
                    return value;
                }
            } catch (ConfigException.WrongType e) {
                // reported below with the value as written
            }
            problem(key, "'" + raw(key) + "' " + expected);
            return min;
        }

        long bytes(String key, long min) {
            if (!present(key)) {
                return min;
            }
            try {
                long value = config.getBytes(key);
                if (value >= min) {
                    return value;
                }
            } catch (ConfigException.WrongType | ConfigException.BadValue e) {
                // reported below with the value as written
            }
            problem(key, "'" + raw(key) + "' is not a size of at least " + min
                    + " byte(s) (such as 512k, 16MiB or 1048576)");
            return min;
        }

        Duration duration(String key, Duration min, Duration max) {
            if (!present(key)) {
                return min;
            }
            try {
                Duration value = config.getDuration(key);
                if (value.compareTo(min) >= 0 && value.compareTo(max) <= 0) {
                    return value;
                }
            } catch (ConfigException.WrongType | ConfigException.BadValue e) {
                // reported below with the value as written
            }
            problem(key, "'" + raw(key) + "' is not a duration between " + human(min) + " and " + human(max)
                    + " (such as 500ms, 5s, 1m)");
            return min;
        }

        boolean bool(String key) {
            if (!present(key)) {
                return false;
            }
            try {
                return config.getBoolean(key);
            } catch (ConfigException.WrongType e) {
                problem(key, "'" + raw(key) + "' is not one of [true, false]");
                return false;
            }
        }

        String oneOf(String key, List<String> allowed) {
            String value = string(key);
            if (!allowed.contains(value) && config.hasPath(key)) {
                problem(key, "'" + value + "' is not one of " + allowed);
            }
            return value;
        }

        <E extends Enum<E>> E oneOf(String key, Class<E> type) {
            E[] constants = type.getEnumConstants();
            String value = string(key);
            for (E constant : constants) {
                if (constant.name().equalsIgnoreCase(value.trim())) {
                    return constant;
                }
            }
            if (config.hasPath(key)) {
                problem(key, "'" + value + "' is not one of " + Arrays.toString(constants));
            }
            return constants[0];
        }

        /**
         * A list of CORS origins: a HOCON list, or (from an environment variable or the command line)
         * one string of origins separated by commas. Each is {@code http(s)://host[:port]}, compared
         * in lower case, or {@code *} alone for every origin.
         */
        List<String> origins(String key) {
            if (!present(key)) {
                return List.of();
            }
            List<String> values;
            if (config.getValue(key).valueType() == ConfigValueType.LIST) {
                try {
                    values = config.getStringList(key);
                } catch (ConfigException.WrongType e) {
                    problem(key, "must be a list of origins (strings)");
                    return List.of();
                }
            } else if (config.getValue(key).valueType() == ConfigValueType.STRING) {
                values = Arrays.stream(config.getString(key).split(",")).map(String::strip)
                        .filter(v -> !v.isEmpty()).toList();
            } else {
                problem(key, "must be a list of origins such as [\"https://app.example.com\"]");
                return List.of();
            }
            List<String> origins = new ArrayList<>();
            for (String value : values) {
                if (value.equals("*")) {
                    origins.add(value);
                    continue;
                }
                String lower = value.toLowerCase(Locale.ROOT);
                if (!lower.matches("https?://[^/?#@\\s]+") || originHost(lower) == null) {
                    problem(key, "'" + value + "' is not an origin such as https://app.example.com or "
                            + "http://127.0.0.1:3000 (scheme, host, optional port; no path or trailing slash), nor *");
                    continue;
                }
                origins.add(lower);
            }
            if (origins.contains("*") && origins.size() > 1) {
                problem(key, "'*' allows every origin and must stand alone");
            }
            return origins;
        }

        private static String originHost(String origin) {
            try {
                URI uri = new URI(origin);
                return uri.getRawPath().isEmpty() && uri.getRawUserInfo() == null ? uri.getHost() : null;
            } catch (URISyntaxException e) {
                return null;
            }
        }

        URI httpUri(String key, String value) {
            try {
                URI uri = new URI(value);
                if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                    return uri;
                }
            } catch (URISyntaxException e) {
                // reported below
            }
            problem(key, "'" + value + "' is not an http:// or https:// URL with a host");
            return null;
        }

        private static String human(Duration d) {
            if (d.isZero()) {
                return "0s";
            }
            if (d.toDaysPart() > 0 && d.toHoursPart() == 0 && d.toMinutesPart() == 0) {
                return d.toDays() + "d";
            }
            if (d.toMinutesPart() > 0 && d.toSecondsPart() == 0) {
                return d.toMinutes() + "m";
            }
            return d.toSeconds() + "s";
        }
    }
}
