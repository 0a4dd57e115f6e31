package dev.stowage.application.service.legacy;

import dev.stowage.domain.common.Json;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.queue.QueueSettings;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The members of a queue state file around its jobs: the format version, the queue settings and the
 * global options. Forgiving: a bad value is one problem (what was kept instead is said with it), and
 * the rest of the file still comes in.
 */
final class QueueStateHeader {
    static final String VERSION = "1.0";
    private static final Set<String> KNOWN = Set.of("version", "created_at", "last_updated", "queue_settings",
            "global_render_options", "global_validation_options", "jobs");
    private static final Set<String> KNOWN_SETTINGS = Set.of("max_concurrent_jobs", "auto_retry_failed",
            "max_retry_attempts", "output_base_folder");

    final QueueSettings settings;
    final Map<String, Object> render;
    final Map<String, Object> validation;
    final Optional<Object> outputBase;
    final List<String> problems = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    private final Map<String, Object> legacySettings;

    /**
     * @param current the queue's settings now: a bad setting keeps its value from these
     * @throws InvalidInputException when the text is not a queue state file of format 1.0
     */
    QueueStateHeader(String json, QueueSettings current) {
        Fields root = Fields.of(Json.parse(json), "queue state file");
        Object version = root.raw("version");
        if (version == null) {
            throw new InvalidInputException("queue state file has no version; this importer reads " + VERSION);
        }
        if (!VERSION.equals(version)) {
            throw new InvalidInputException("queue state file has format version '"
                    + (version instanceof String s ? s : Json.write(version)) + "'; this importer reads " + VERSION);
        }
        this.legacySettings = object(root, "queue_settings", "the queue keeps its settings");
        this.settings = settingsFrom(legacySettings, current);
        this.render = object(root, "global_render_options", "jobs get no global render options");
        this.validation = object(root, "global_validation_options", "jobs get no global validation options");
        this.outputBase = Optional.ofNullable(legacySettings.get("output_base_folder"));
        var ignored = new ArrayList<String>();
        root.members().keySet().stream().filter(k -> !KNOWN.contains(k)).forEach(ignored::add);
        legacySettings.keySet().stream().filter(k -> !KNOWN_SETTINGS.contains(k)).map(k -> "queue_settings." + k)
                .forEach(ignored::add);
        if (!ignored.isEmpty()) {
            notes.add("not imported (no place for them in Stowage): " + String.join(", ", ignored));
        }
    }

    private Map<String, Object> object(Fields root, String key, String instead) {
        try {
            return root.objectOrEmpty(key);
        } catch (InvalidInputException e) {
            problems.add(key + " is not an object; " + instead);
            return new LinkedHashMap<>();
        }
    }

    private QueueSettings settingsFrom(Map<String, Object> legacy, QueueSettings current) {
        Fields f = Fields.of(legacy, "queue_settings");
        int concurrency = setting(() -> f.optionalNumber("max_concurrent_jobs")
                        .map(n -> clampInt("max_concurrent_jobs", n, 1, QueueSettings.MAX_CONCURRENCY_LIMIT)),
                "max_concurrent_jobs", "max concurrency stays " + current.maxConcurrency())
                .orElse(current.maxConcurrency());
        Optional<Boolean> autoRetry = setting(() -> f.optionalBoolean("auto_retry_failed"), "auto_retry_failed",
                "retries stay as they are");
        Optional<Integer> retries = setting(() -> f.optionalNumber("max_retry_attempts")
                        .map(n -> clampInt("max_retry_attempts", n, 0, QueueSettings.MAX_ATTEMPTS_LIMIT - 1)),
                "max_retry_attempts", "max attempts stay " + current.defaultMaxAttempts());
        // The legacy app counted retries after the first try; Stowage counts attempts in all.
        int attempts = autoRetry.orElse(true)
                ? retries.map(r -> r + 1).orElse(current.defaultMaxAttempts())
                : 1;
        return new QueueSettings(current.queue(), current.paused(), concurrency, attempts, current.backoff(),
                current.leaseDuration());
    }

    private interface Read<T> {
        Optional<T> read();
    }

    private <T> Optional<T> setting(Read<T> read, String key, String instead) {
        try {
            return read.read();
        } catch (InvalidInputException e) {
            problems.add("queue_settings." + key + " is " + written(key) + ": " + reason(e, key) + "; " + instead);
            return Optional.empty();
        }
    }

    private String written(String key) {
        String text = Json.write(legacySettings.get(key));
        return text.length() > 60 ? text.substring(0, 60) + "..." : text;
    }

    /** The message without the "where" and key Fields put in front. */
    private static String reason(InvalidInputException e, String key) {
        String m = e.getMessage();
        String prefix = "queue_settings: " + key + " ";
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }

    /** A whole number within Stowage's bounds; one outside them is brought to the nearer bound, and said so. */
    private int clampInt(String key, BigDecimal n, int min, int max) {
        if (n.scale() > 0 && n.stripTrailingZeros().scale() > 0) {
            throw new InvalidInputException("queue_settings: " + key + " must be a whole number");
        }
        int bound;
        if (n.compareTo(BigDecimal.valueOf(min)) < 0) {
            bound = min;
        } else if (n.compareTo(BigDecimal.valueOf(max)) > 0) {
            bound = max;
        } else {
            return n.intValueExact();
        }
        notes.add("queue_settings." + key + " " + n.toPlainString() + " is outside " + min + "-" + max + "; " + bound
                + " is used");
        return bound;
    }
}
