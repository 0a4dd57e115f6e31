package dev.stowage.application.service.legacy;

import dev.stowage.domain.error.InvalidInputException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Typed reads from a parsed JSON object of a legacy file. Every failure names the field, so a bad
 * entry can be reported precisely.
 */
final class Fields {
    private final Map<String, Object> map;
    private final String where;

    private Fields(Map<String, Object> map, String where) {
        this.map = map;
        this.where = where;
    }

    @SuppressWarnings("unchecked")
    static Fields of(Object value, String where) {
        if (!(value instanceof Map)) {
            throw new InvalidInputException(where + " is not a JSON object");
        }
        return new Fields((Map<String, Object>) value, where);
    }

    String requiredString(String key) {
        return optionalString(key).orElseThrow(() -> missing(key));
    }

    Optional<String> optionalString(String key) {
        Object v = map.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof String s)) {
            throw wrongType(key, "a string");
        }
        return Optional.of(s);
    }

    Optional<BigDecimal> optionalNumber(String key) {
        Object v = map.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof BigDecimal d)) {
            throw wrongType(key, "a number");
        }
        return Optional.of(d);
    }

    Optional<Boolean> optionalBoolean(String key) {
        Object v = map.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof Boolean b)) {
            throw wrongType(key, "true or false");
        }
        return Optional.of(b);
    }

    /** An ISO-8601 instant such as {@code 2024-01-15T10:30:00Z}, or null. */
    Optional<Instant> optionalInstant(String key) {
        return optionalString(key).map(s -> {
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e) {
                throw new InvalidInputException(where + ": " + key + " '" + s + "' is not an ISO-8601 UTC time");
            }
        });
    }

    /** Seconds (a non-negative number), or null. */
    Optional<Duration> optionalSeconds(String key) {
        return optionalNumber(key).map(d -> {
            if (d.signum() < 0) {
                throw new InvalidInputException(where + ": " + key + " must not be negative");
            }
            return Duration.ofNanos(d.movePointRight(9).longValue());
        });
    }

    /** An object (copied), or an empty one when absent or null. */
    @SuppressWarnings("unchecked")
    Map<String, Object> objectOrEmpty(String key) {
        Object v = map.get(key);
        if (v == null) {
            return new LinkedHashMap<>();
        }
        if (!(v instanceof Map)) {
            throw wrongType(key, "an object");
        }
        return new LinkedHashMap<>((Map<String, Object>) v);
    }

    Optional<List<?>> optionalList(String key) {
        Object v = map.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof List<?> l)) {
            throw wrongType(key, "an array");
        }
        return Optional.of(l);
    }

    Object raw(String key) {
        return map.get(key);
    }

    boolean has(String key) {
        return map.containsKey(key);
    }

    /** The members as written, in file order. */
    Map<String, Object> members() {
        return java.util.Collections.unmodifiableMap(map);
    }

    private InvalidInputException missing(String key) {
        return new InvalidInputException(where + ": " + key + " is missing");
    }

    private InvalidInputException wrongType(String key, String expected) {
        return new InvalidInputException(where + ": " + key + " must be " + expected);
    }
}
