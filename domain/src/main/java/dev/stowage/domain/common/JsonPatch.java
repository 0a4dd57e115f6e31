package dev.stowage.domain.common;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Computes an RFC 6902 JSON Patch that turns one JSON value into another, over the plain Java
 * values of {@link Json}. Only {@code add}, {@code remove} and {@code replace} are produced, and
 * paths are RFC 6901 pointers ({@code ~} written {@code ~0}, {@code /} written {@code ~1}).
 *
 * <p>Objects are compared key by key, so a change deep inside one touches only that member.
 * Arrays are compared index by index: elements added at the end become {@code add}s, elements
 * missing at the end {@code remove}s from the last index down (so every index is valid when its
 * operation applies). Numbers compare by value ({@code 1} equals {@code 1.0}), as RFC 6902's
 * {@code test} does. Equal documents give an empty patch.
 */
public final class JsonPatch {
    private JsonPatch() {
    }

    /** One patch operation. {@code value} is a {@link Json} value; unused (null) for {@code remove}. */
    public record Operation(Op op, String path, Object value) {
        public Operation {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(path, "path");
            if (op == Op.REMOVE && value != null) {
                throw new IllegalArgumentException("a remove has no value");
            }
        }

        /** The operation as a JSON object ({@code {"op":…,"path":…,"value":…}}). */
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("op", op.text());
            m.put("path", path);
            if (op != Op.REMOVE) {
                m.put("value", value);
            }
            return m;
        }
    }

    /** The operations this class produces. */
    public enum Op {
        ADD, REMOVE, REPLACE;

        /** The operation's name in a patch document. */
        public String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The operations that turn {@code from} into {@code to}. */
    public static List<Operation> diff(Object from, Object to) {
        List<Operation> ops = new ArrayList<>();
        diff(from, to, "", ops);
        return List.copyOf(ops);
    }

    /** A whole patch as a JSON array, ready for {@link Json#write}. */
    public static List<Object> toJson(List<Operation> patch) {
        List<Object> out = new ArrayList<>(patch.size());
        patch.forEach(op -> out.add(op.toJson()));
        return out;
    }

    /** One reference token of a JSON pointer, escaped (RFC 6901 §3: {@code ~} first, then {@code /}). */
    public static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    /** The reverse of {@link #escape}: {@code ~1} first, then {@code ~0}, so {@code ~01} becomes {@code ~1}. */
    public static String unescape(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }

    /** JSON equality: objects ignore member order, numbers compare by value. */
    public static boolean jsonEquals(Object a, Object b) {
        if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            if (ma.size() != mb.size()) {
                return false;
            }
            for (var e : ma.entrySet()) {
                if (!mb.containsKey(e.getKey()) || !jsonEquals(e.getValue(), mb.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof List<?> la && b instanceof List<?> lb) {
            if (la.size() != lb.size()) {
                return false;
            }
            for (int i = 0; i < la.size(); i++) {
                if (!jsonEquals(la.get(i), lb.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Number na && b instanceof Number nb) {
            return decimal(na).compareTo(decimal(nb)) == 0;
        }
        return Objects.equals(a, b);
    }

    private static BigDecimal decimal(Number n) {
        return n instanceof BigDecimal d ? d : new BigDecimal(n.toString());
    }

    private static void diff(Object from, Object to, String path, List<Operation> ops) {
        if (jsonEquals(from, to)) {
            return;
        }
        if (from instanceof Map<?, ?> mf && to instanceof Map<?, ?> mt) {
            for (var e : mf.entrySet()) {
                String child = path + "/" + escape((String) e.getKey());
                if (!mt.containsKey(e.getKey())) {
                    ops.add(new Operation(Op.REMOVE, child, null));
                } else {
                    diff(e.getValue(), mt.get(e.getKey()), child, ops);
                }
            }
            for (var e : mt.entrySet()) {
                if (!mf.containsKey(e.getKey())) {
                    ops.add(new Operation(Op.ADD, path + "/" + escape((String) e.getKey()), e.getValue()));
                }
            }
        } else if (from instanceof List<?> lf && to instanceof List<?> lt) {
            int common = Math.min(lf.size(), lt.size());
            for (int i = 0; i < common; i++) {
                diff(lf.get(i), lt.get(i), path + "/" + i, ops);
            }
            for (int i = common; i < lt.size(); i++) {
                ops.add(new Operation(Op.ADD, path + "/" + i, lt.get(i)));
            }
            for (int i = lf.size() - 1; i >= common; i--) {
                ops.add(new Operation(Op.REMOVE, path + "/" + i, null));
            }
        } else {
            // different types, or different scalars: the whole value changes
            ops.add(new Operation(Op.REPLACE, path, to));
        }
    }
}
