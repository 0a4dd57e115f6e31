package dev.stowage.domain.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class JsonPatchTest {

    @Test
    void equalDocumentsGiveAnEmptyPatch() {
        assertThat(JsonPatch.diff(Json.parse("{\"a\":[1,{\"b\":null}],\"c\":\"x\"}"),
                Json.parse("{\"c\":\"x\",\"a\":[1,{\"b\":null}]}"))).isEmpty();
        assertThat(JsonPatch.diff(Json.parse("1"), Json.parse("1.0"))).as("numbers compare by value").isEmpty();
        assertThat(JsonPatch.diff(Json.parse("[]"), Json.parse("[]"))).isEmpty();
    }

    @Test
    void objectMembersAreAddedRemovedAndReplacedWhereTheyChange() {
        assertThat(patch("{\"a\":1,\"b\":{\"c\":2,\"d\":3}}", "{\"b\":{\"c\":2,\"d\":4},\"e\":true}"))
                .isEqualTo("[{\"op\":\"remove\",\"path\":\"/a\"},"
                        + "{\"op\":\"replace\",\"path\":\"/b/d\",\"value\":4},"
                        + "{\"op\":\"add\",\"path\":\"/e\",\"value\":true}]");
    }

    @Test
    void arraysGrowAtTheEndAndShrinkFromTheLastIndexDown() {
        assertThat(patch("[1,2]", "[1,3,4,5]")).isEqualTo("[{\"op\":\"replace\",\"path\":\"/1\",\"value\":3},"
                + "{\"op\":\"add\",\"path\":\"/2\",\"value\":4},{\"op\":\"add\",\"path\":\"/3\",\"value\":5}]");
        assertThat(patch("[1,2,3,4]", "[1]")).isEqualTo("[{\"op\":\"remove\",\"path\":\"/3\"},"
                + "{\"op\":\"remove\",\"path\":\"/2\"},{\"op\":\"remove\",\"path\":\"/1\"}]");
        assertThat(patch("{\"a\":[{\"x\":1}]}", "{\"a\":[{\"x\":2}]}"))
                .isEqualTo("[{\"op\":\"replace\",\"path\":\"/a/0/x\",\"value\":2}]");
    }

    @Test
    void tildeAndSlashAreEscapedInPaths() {
        assertThat(patch("{\"a/b\":1,\"m~n\":1,\"~1\":1}", "{\"a/b\":2,\"m~n\":2,\"~1\":2}"))
                .isEqualTo("[{\"op\":\"replace\",\"path\":\"/a~1b\",\"value\":2},"
                        + "{\"op\":\"replace\",\"path\":\"/m~0n\",\"value\":2},"
                        + "{\"op\":\"replace\",\"path\":\"/~01\",\"value\":2}]");
        assertThat(JsonPatch.unescape("~01")).isEqualTo("~1");
        assertThat(JsonPatch.escape("~1")).isEqualTo("~01");
    }

    @Test
    void anEmptyKeyIsItsOwnPathSegment() {
        assertThat(patch("{\"\":1}", "{\"\":2}")).isEqualTo("[{\"op\":\"replace\",\"path\":\"/\",\"value\":2}]");
    }

    @Test
    void aTypeChangeReplacesTheWholeValue() {
        assertThat(patch("{\"a\":[1]}", "{\"a\":{\"0\":1}}"))
                .isEqualTo("[{\"op\":\"replace\",\"path\":\"/a\",\"value\":{\"0\":1}}]");
        assertThat(patch("{\"a\":\"1\"}", "{\"a\":1}")).isEqualTo("[{\"op\":\"replace\",\"path\":\"/a\",\"value\":1}]");
        assertThat(patch("{\"a\":null}", "{\"a\":false}")).isEqualTo("[{\"op\":\"replace\",\"path\":\"/a\",\"value\":false}]");
        assertThat(patch("[1]", "{}")).as("the root itself").isEqualTo("[{\"op\":\"replace\",\"path\":\"\",\"value\":{}}]");
    }

    @Test
    void nullValuesAreAddedAndReplacedLikeAnyOther() {
        assertThat(patch("{}", "{\"a\":null}")).isEqualTo("[{\"op\":\"add\",\"path\":\"/a\",\"value\":null}]");
        assertThat(patch("{\"a\":1}", "{\"a\":null}")).isEqualTo("[{\"op\":\"replace\",\"path\":\"/a\",\"value\":null}]");
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 1234, 99_991})
    void applyingThePatchToFromGivesTo(long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < 300; i++) {
            Object from = randomValue(random, 0);
            Object to = random.nextInt(4) == 0 ? randomValue(random, 0) : mutate(from, random, 0);
            List<JsonPatch.Operation> patch = JsonPatch.diff(from, to);
            Object patched = apply(Json.parse(Json.write(from)), patch);
            assertThat(JsonPatch.jsonEquals(patched, to)).as("seed %d case %d: %s -> %s by %s", seed, i,
                    Json.write(from), Json.write(to), Json.write(JsonPatch.toJson(patch))).isTrue();
            assertThat(JsonPatch.diff(to, to)).isEmpty();
        }
    }

    private static String patch(String from, String to) {
        List<JsonPatch.Operation> ops = JsonPatch.diff(Json.parse(from), Json.parse(to));
        Object applied = apply(Json.parse(from), ops);
        assertThat(JsonPatch.jsonEquals(applied, Json.parse(to))).as("the patch applies").isTrue();
        return Json.write(JsonPatch.toJson(ops));
    }

    // ---- an RFC 6902 apply (add, remove, replace) written for this test only ----

    @SuppressWarnings("unchecked")
    static Object apply(Object doc, List<JsonPatch.Operation> patch) {
        for (JsonPatch.Operation op : patch) {
            if (op.path().isEmpty()) {
                if (op.op() == JsonPatch.Op.REMOVE) {
                    throw new AssertionError("cannot remove the root");
                }
                doc = copy(op.value());
                continue;
            }
            List<String> tokens = new ArrayList<>();
            for (String t : op.path().substring(1).split("/", -1)) {
                tokens.add(JsonPatch.unescape(t));
            }
            Object parent = doc;
            for (String t : tokens.subList(0, tokens.size() - 1)) {
                parent = parent instanceof Map<?, ?> m ? m.get(t) : ((List<Object>) parent).get(index(t, ((List<?>) parent).size() - 1));
            }
            String last = tokens.get(tokens.size() - 1);
            if (parent instanceof Map<?, ?> m) {
                Map<String, Object> map = (Map<String, Object>) m;
                switch (op.op()) {
                    case ADD -> map.put(last, copy(op.value()));
                    case REMOVE -> {
                        assertThat(map).containsKey(last);
                        map.remove(last);
                    }
                    case REPLACE -> {
                        assertThat(map).containsKey(last);
                        map.put(last, copy(op.value()));
                    }
                }
            } else {
                List<Object> list = (List<Object>) parent;
                switch (op.op()) {
                    case ADD -> list.add(last.equals("-") ? list.size() : index(last, list.size()), copy(op.value()));
                    case REMOVE -> list.remove(index(last, list.size() - 1));
                    case REPLACE -> list.set(index(last, list.size() - 1), copy(op.value()));
                }
            }
        }
        return doc;
    }

    private static int index(String token, int max) {
        assertThat(token).matches("0|[1-9][0-9]*");
        int i = Integer.parseInt(token);
        assertThat(i).as("array index").isBetween(0, max);
        return i;
    }

    private static Object copy(Object v) {
        return v == null ? null : Json.parse(Json.write(v));
    }

    // ---- random documents ----

    private static final String[] KEYS = {"a", "b", "a/b", "~", "~1", "", "x y", "\u00e9"};

    private static Object randomValue(Random r, int depth) {
        int kind = depth > 3 ? r.nextInt(4) : r.nextInt(6);
        return switch (kind) {
            case 0 -> null;
            case 1 -> r.nextBoolean();
            case 2 -> new BigDecimal(r.nextInt(5));
            case 3 -> KEYS[r.nextInt(KEYS.length)];
            case 4 -> {
                List<Object> list = new ArrayList<>();
                for (int i = r.nextInt(5); i > 0; i--) {
                    list.add(randomValue(r, depth + 1));
                }
                yield list;
            }
            default -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = r.nextInt(5); i > 0; i--) {
                    map.put(KEYS[r.nextInt(KEYS.length)], randomValue(r, depth + 1));
                }
                yield map;
            }
        };
    }

    /** A value like {@code v} with a few random edits, so most patches are small and deep. */
    private static Object mutate(Object v, Random r, int depth) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, val) -> {
                int dice = r.nextInt(6);
                if (dice > 0) {
                    out.put((String) k, dice == 1 ? randomValue(r, depth + 1) : mutate(val, r, depth + 1));
                }
            });
            if (r.nextInt(3) == 0) {
                out.put(KEYS[r.nextInt(KEYS.length)], randomValue(r, depth + 1));
            }
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object e : l) {
                if (r.nextInt(5) > 0) {
                    out.add(mutate(e, r, depth + 1));
                }
            }
            for (int i = r.nextInt(3); i > 0; i--) {
                out.add(randomValue(r, depth + 1));
            }
            return out;
        }
        return r.nextInt(3) == 0 ? randomValue(r, depth) : v;
    }
}
