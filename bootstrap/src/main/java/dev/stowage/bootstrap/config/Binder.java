package dev.stowage.bootstrap.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueType;
import dev.stowage.application.settings.Allowed;
import dev.stowage.application.settings.InvalidSettingsException;
import dev.stowage.application.settings.Violation;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Reads HOCON blocks straight into settings records, collecting one problem line per bad key
 * instead of stopping at the first: {@code key: 'value' is not <what is allowed> (from <origin>)}.
 *
 * <p>Typed reads ({@link Block#integer}, {@link Block#duration}, ...) report a value that is not
 * even of the right kind, naming what the record allows; the record itself checks ranges and rules
 * once, in its compact constructor, and {@link Block#bind} turns each of its
 * {@link Violation}s back into the key it came from. The naming rule: a component
 * {@code readPoolSize} is the key {@code read-pool-size} of the block; a binding names the few
 * components whose key differs ({@link Block#key}) and those that do not come from the configuration
 * at all ({@link Block#fixed}). Every component is checked against the rule on each bind, so a
 * record that gains a component without a key fails every load, not just a bad one.
 */
final class Binder {
    private static final String DURATION_EXAMPLES = " (such as 500ms, 5s, 1m)";
    private static final String SIZE_EXAMPLES = " (such as 512k, 16MiB or 1048576)";

    private final Config config;
    private final Set<String> knownKeys;
    private final Set<String> problems = new LinkedHashSet<>();
    /** Keys already reported as unreadable: the record's view of their stand-in value is not reported. */
    private final Set<String> unreadable = new HashSet<>();
    /** Keys shown as written (durations, sizes), since the record's value reads otherwise (PT10S, 10485760). */
    private final Map<String, String> examples = new HashMap<>();

    Binder(Config config, Set<String> knownKeys) {
        this.config = config;
        this.knownKeys = knownKeys;
    }

    /** The block of keys under {@code path}, such as {@code stowage.database}. */
    Block block(String path) {
        return new Block(path);
    }

    /** Reports {@code key: text (from origin)}. */
    void problem(String key, String text) {
        problems.add(key + ": " + text + ConfigLoader.origin(config, key));
    }

    /** @throws InvalidConfigException listing every problem, when there is one */
    void throwIfProblems() {
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(List.copyOf(problems));
        }
    }

    private void unreadable(String key, String expected) {
        unreadable.add(key);
        problem(key, "'" + raw(key) + "' " + expected);
    }

    private String raw(String key) {
        return String.valueOf(config.getValue(key).unwrapped());
    }

    /** A block of keys bound to one record. */
    final class Block {
        private final String path;
        private final Map<String, String> keys = new HashMap<>();
        private final Set<String> fixed = new HashSet<>();
        private Set<String> only;
        private String whenMissing = "";

        private Block(String path) {
            this.path = path;
        }

        /** The record's {@code component} is read from {@code key} (relative to the block, or a full key). */
        Block key(String component, String key) {
            keys.put(component, full(key));
            return this;
        }

        /** These components are not read from the configuration; the binding supplies them. */
        Block fixed(String... components) {
            fixed.addAll(Arrays.asList(components));
            return this;
        }

        /** Says when a missing required value is needed: {@code must be set when ...}. */
        Block whenMissing(String condition) {
            whenMissing = " when " + condition;
            return this;
        }

        /**
         * Reports only values given and wrong for these components, no missing one: for a block that
         * is read although nothing uses it (S3 connection settings while the blobs are on disk).
         */
        Block onlyGiven(String... components) {
            only = Set.of(components);
            return this;
        }

        /** The full key of {@code key}: {@code read-pool-size} is {@code stowage.database.read-pool-size}. */
        String full(String key) {
            return key.startsWith(ConfigLoader.ROOT + ".") ? key : path + "." + key;
        }

        /**
         * Builds the record; each violation it reports becomes a problem on its key.
         *
         * @return the record, or null when it refused its values (the problems say why; the loader
         *         throws them all before anything uses the result)
         */
        <R extends Record> R bind(Class<R> type, Supplier<R> make) {
            for (var component : type.getRecordComponents()) {
                String key = keyOf(component.getName());
                if (!fixed.contains(component.getName()) && !knownKeys.contains(key)) {
                    throw new IllegalStateException(type.getSimpleName() + "." + component.getName()
                            + " has no configuration key: " + key + " is not in reference.conf");
                }
            }
            try {
                return make.get();
            } catch (InvalidSettingsException e) {
                for (Violation v : e.violations()) {
                    report(v);
                }
                return null;
            }
        }

        private void report(Violation v) {
            String key = keyOf(v.component());
            if (unreadable.contains(key) || (only != null && (v.isMissing() || !only.contains(v.component())))) {
                return;
            }
            if (v.isMissing()) {
                problem(key, v.problem() + whenMissing);
            } else if (examples.containsKey(key)) {
                problem(key, "'" + raw(key) + "' " + v.problem() + examples.get(key));
            } else {
                problem(key, "'" + v.value() + "' " + v.problem());
            }
        }

        private String keyOf(String component) {
            return keys.getOrDefault(component, path + "." + kebab(component));
        }

        private boolean present(String key) {
            if (config.hasPath(key)) {
                return true;
            }
            unreadable.add(key);
            problem(key, "must be set");
            return false;
        }

        String string(String key) {
            key = full(key);
            if (!present(key)) {
                return "";
            }
            try {
                return config.getString(key);
            } catch (ConfigException.WrongType e) {
                unreadable.add(key);
                problem(key, "must be a string");
                return "";
            }
        }

        /** A path, which must not be empty. */
        Path path(String key) {
            key = full(key);
            String value = string(key);
            if (value.isBlank()) {
                if (config.hasPath(key) && !unreadable.contains(key)) {
                    unreadable.add(key);
                    problem(key, "must not be empty");
                }
                return Path.of(".");
            }
            try {
                return Path.of(value);
            } catch (InvalidPathException e) {
                unreadable(key, "is not a valid path: " + e.getReason());
                return Path.of(".");
            }
        }

        boolean bool(String key) {
            key = full(key);
            if (!present(key)) {
                return false;
            }
            try {
                return config.getBoolean(key);
            } catch (ConfigException.WrongType e) {
                unreadable(key, "is not one of [true, false]");
                return false;
            }
        }

        /** A whole number that fits an int; a stand-in of {@code allowed.min()} when it cannot be read. */
        int integer(String key, Allowed.Whole allowed) {
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, whole(key, allowed)));
        }

        long whole(String key, Allowed.Whole allowed) {
            key = full(key);
            if (!present(key)) {
                return allowed.min();
            }
            try {
                long value = config.getLong(key);
                if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE || allowed.max() > Integer.MAX_VALUE) {
                    return value;
                }
            } catch (ConfigException.WrongType e) {
                // reported below with the value as written
            }
            unreadable(key, "is not " + allowed.description());
            return allowed.min();
        }

        /** A HOCON size in bytes (512k, 16MiB). */
        long size(String key, Allowed.Size allowed) {
            key = full(key);
            examples.put(key, SIZE_EXAMPLES);
            if (!present(key)) {
                return allowed.min();
            }
            try {
                return config.getBytes(key);
            } catch (ConfigException.WrongType | ConfigException.BadValue e) {
                unreadable(key, "is not " + allowed.description() + SIZE_EXAMPLES);
                return allowed.min();
            }
        }

        /** A HOCON size for an int component; one beyond an int is out of {@code allowed} too. */
        int intSize(String key, Allowed.Size allowed) {
            long value = size(key, allowed);
            if (value > Integer.MAX_VALUE) {
                unreadable(full(key), "is not " + allowed.description() + SIZE_EXAMPLES);
                return (int) allowed.min();
            }
            return (int) value;
        }

        Duration duration(String key, Allowed.Span allowed) {
            return duration(key, allowed.description(), allowed.min());
        }

        /** A HOCON duration (500ms, 5s, 1m); {@code allowed} says what the record takes. */
        Duration duration(String key, String allowed, Duration standIn) {
            key = full(key);
            examples.put(key, DURATION_EXAMPLES);
            if (!present(key)) {
                return standIn;
            }
            try {
                return config.getDuration(key);
            } catch (ConfigException.WrongType | ConfigException.BadValue e) {
                unreadable(key, "is not " + allowed + DURATION_EXAMPLES);
                return standIn;
            }
        }

        /** One of the enum's constants, in any case. */
        <E extends Enum<E>> E oneOf(String key, Class<E> type) {
            key = full(key);
            E[] constants = type.getEnumConstants();
            String value = string(key).trim();
            for (E constant : constants) {
                if (constant.name().equalsIgnoreCase(value)) {
                    return constant;
                }
            }
            if (!unreadable.contains(key)) {
                unreadable(key, "is not one of " + Arrays.toString(constants));
            }
            return constants[0];
        }

        /** One of {@code allowed}, as written. */
        String oneOf(String key, List<String> allowed) {
            key = full(key);
            String value = string(key);
            if (!allowed.contains(value) && !unreadable.contains(key)) {
                unreadable(key, "is not one of " + allowed);
            }
            return value;
        }

        /**
         * A list of strings: a HOCON list, or (from an environment variable or the command line, which
         * hold one string) the items separated by commas.
         */
        List<String> list(String key, String what) {
            key = full(key);
            if (!present(key)) {
                return List.of();
            }
            try {
                if (config.getValue(key).valueType() == ConfigValueType.LIST) {
                    return config.getStringList(key);
                }
                if (config.getValue(key).valueType() == ConfigValueType.STRING) {
                    return Arrays.stream(config.getString(key).split(",")).map(String::strip)
                            .filter(v -> !v.isEmpty()).toList();
                }
            } catch (ConfigException.WrongType e) {
                // reported below
            }
            unreadable.add(key);
            problem(key, "must be a list of " + what);
            return List.of();
        }

        /** A URI, or null when the value is empty; {@code allowed} says what the record takes. */
        URI uri(String key, String allowed) {
            key = full(key);
            String value = string(key);
            if (value.isEmpty()) {
                return null;
            }
            try {
                return new URI(value);
            } catch (URISyntaxException e) {
                unreadable(key, "is not " + allowed);
                return null;
            }
        }
    }

    /** {@code readPoolSize} → {@code read-pool-size}. */
    static String kebab(String component) {
        return component.chars().mapToObj(c -> Character.isUpperCase(c)
                        ? "-" + Character.toLowerCase((char) c) : String.valueOf((char) c))
                .collect(Collectors.joining()).toLowerCase(Locale.ROOT);
    }
}
