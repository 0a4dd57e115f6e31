package dev.stowage.bootstrap.cli;

import dev.stowage.domain.common.Json;
import dev.stowage.domain.common.JsonText;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code --json} output: one JSON value per command on one line, written with the domain's own JSON
 * writer. Optionals become the value or {@code null}; stored JSON (payloads, results) is embedded as
 * JSON, not as a string; other values (ids, instants, durations) as their string form.
 */
final class JsonOut {

    private JsonOut() {
    }

    /** An object from alternating keys and values, in that order. */
    static Map<String, Object> object(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must pair up");
        }
        var map = new LinkedHashMap<String, Object>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], plain(keysAndValues[i + 1]));
        }
        return map;
    }

    static void print(PrintWriter out, Object value) {
        out.println(Json.write(plain(value)));
    }

    private static Object plain(Object v) {
        if (v instanceof Optional<?> o) {
            return o.map(JsonOut::plain).orElse(null);
        }
        if (v instanceof JsonText j) {
            return j.value();
        }
        if (v instanceof Map<?, ?> m) {
            var copy = new LinkedHashMap<String, Object>();
            m.forEach((k, x) -> copy.put(String.valueOf(k), plain(x)));
            return copy;
        }
        if (v instanceof List<?> l) {
            return l.stream().map(JsonOut::plain).toList();
        }
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Number) {
            return v;
        }
        return v.toString();
    }
}
