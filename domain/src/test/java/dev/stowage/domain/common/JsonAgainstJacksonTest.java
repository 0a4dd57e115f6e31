package dev.stowage.domain.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.stowage.domain.error.InvalidInputException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The domain's hand-written JSON reader ({@link Json}) against Jackson, configured strictly (its
 * defaults, plus duplicate keys refused and the same nesting limit), on the same random and mutated
 * documents: each is accepted by both, with equal values, or refused by both. The deliberate
 * differences are two, each tested on its own below: a lone surrogate (Stowage refuses it, as I-JSON
 * does; Jackson keeps it) and a number longer than 400 characters (Stowage's limit; Jackson's is
 * 1,000). Accepted values also survive {@link Json#write} and a read back by both, and
 * {@link Json#check} gives the very verdict {@link Json#parse} gives.
 *
 * <p>The seed is fixed and printed with every failure; run other seeds with
 * {@code -Dstowage.json.fuzz.seed=N} (and more cases with {@code -Dstowage.json.fuzz.cases=N}).
 */
class JsonAgainstJacksonTest {
    private static final long SEED = Long.getLong("stowage.json.fuzz.seed", 20_261_206L);
    private static final int CASES = Integer.getInteger("stowage.json.fuzz.cases", 10_000);

    private static final JsonFactory STRICT = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(Json.MAX_DEPTH).build())
            .build();

    /** What a reader made of a document: a value, or a refusal with its reason. */
    private record Verdict(boolean accepted, Object value, String why, boolean loneSurrogate, int longestNumber) {
        static Verdict refused(String why) {
            return new Verdict(false, null, why, false, 0);
        }
    }

    @Test
    void randomAndMutatedDocumentsGetJacksonsVerdict() {
        Random random = new Random(SEED);
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < CASES; i++) {
            String doc = document(random);
            int at = i;
            Supplier<String> context = () -> "seed " + SEED + ", case " + at + ": " + printable(doc);
            Verdict ours = ours(doc);
            assertThat(checkOnly(doc)).as(() -> "Json.check agrees with Json.parse; " + context.get()).isEqualTo(ours.why());
            compare(doc, ours, jackson(doc), context);
            if (ours.accepted()) {
                accepted++;
                roundTrips(ours.value(), context);
            } else {
                refused++;
            }
        }
        // neither side of the comparison may starve: the generator must make plenty of both
        assertThat(accepted).as("accepted documents, seed " + SEED).isGreaterThan(CASES / 5);
        assertThat(refused).as("refused documents, seed " + SEED).isGreaterThan(CASES / 5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\\ud800\"", "\"a\\udfffb\"", "[\"\ud800\"]", "\"\ude00\"", "{\"\ud83d\":1}",
            "\"\\ud83d\\ud83d\\ude00\"", "\"\\ud83d\"", "[\"x\udbff\"]", "\"\\ude00\\ud83d\""})
    void aLoneSurrogateIsRefusedWhereJacksonKeepsIt(String doc) {
        Verdict theirs = jackson(doc);
        assertThat(theirs.accepted()).as("Jackson takes %s", printable(doc)).isTrue();
        assertThat(theirs.loneSurrogate()).isTrue();
        assertThat(ours(doc).why()).contains("lone surrogate");
    }

    @Test
    void anEscapedLoneSurrogateInAKeyIsRefusedByBoth() {
        String doc = "{\"\\ud83d\":1}";
        assertThat(jackson(doc).why()).contains("surrogate");
        assertThat(ours(doc).why()).contains("lone surrogate");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\\ud83d\ude00\"", "\"\ud83d" + "\\ude00\"", "[\"x\\uD83D\uDE00y\"]"})
    void aPairWrittenHalfRawHalfEscapedIsRefusedWhereJacksonJoinsIt(String doc) {
        Verdict theirs = jackson(doc);
        assertThat(theirs.accepted()).as("Jackson takes %s", printable(doc)).isTrue();
        assertThat(theirs.loneSurrogate()).isFalse();
        assertThat(SPLIT_PAIR.matcher(doc).find()).as("the fuzz test knows this difference").isTrue();
        assertThat(ours(doc).why()).contains("lone surrogate");
    }

    @Test
    void escapedAndRawSurrogatePairsAreTakenByBoth() {
        for (String doc : new String[] {"\"\\ud83d\\ude00\"", "\"\ud83d\ude00\"", "{\"\\uD83D\\uDE00\":\"\ud83d\ude00x\"}"}) {
            Verdict ours = ours(doc);
            assertThat(ours.accepted()).as(printable(doc)).isTrue();
            assertThat(ours.value()).isEqualTo(jackson(doc).value());
        }
    }

    @Test
    void aNumberLongerThan400CharactersIsRefusedWhereJacksonTakesItUpTo1000() {
        for (int length : new int[] {401, 402, 999, 1000}) {
            String doc = "[" + "7".repeat(length) + "]";
            String fraction = "[1." + "5".repeat(length - 2) + "]";
            for (String d : new String[] {doc, fraction}) {
                assertThat(jackson(d).accepted()).as("Jackson takes %d characters", length).isTrue();
                assertThat(ours(d).why()).contains("number longer than 400 characters");
            }
        }
        assertThat(ours("[" + "7".repeat(400) + "]").accepted()).isTrue();
        assertThat(jackson("[" + "7".repeat(1001) + "]").accepted()).as("Jackson's own limit").isFalse();
    }

    @Test
    void theEdgesThatMatterAgree() {
        String[] docs = {
            "\ufeff{}", "{}\ufeff", "NaN", "-Infinity", "Infinity", "[NaN]", "01", "-01", "00", "[01]", "1.", ".1", "-",
            "+1", "1e", "1e+", "1E400", "1e2147483647", "1e2147483648", "1e-2147483648", "1e-2147483649",
            "-0", "-0.0", "0e0", "{\"a\":1,\"a\":2}", "{\"a\":1,\"\\u0061\":2}", "{\"a\":{\"a\":1}}", "[1,]", "{,}",
            "\"\\u0000\"", "\"\u0000\"", "\"\u001f\"", "\"\u007f\"", "\u000b1", "\f1", "1\u00a0", " \t\r\n1 \t\r\n",
            "\"\\x\"", "\"\\U0041\"", "\"\\u004\"", "\"\\u00e9\"", "[\"\\/\"]", "{} {}", "[] x", "truex", "nulls",
            "[".repeat(128) + "]".repeat(128), "[".repeat(129) + "]".repeat(129),
            "{\"k\":".repeat(127) + "[]" + "}".repeat(127), "{\"k\":".repeat(128) + "[]" + "}".repeat(128),
            "\"" + "x".repeat(100_000) + "\"", "", " ",
            // keys whose String hashes collide, and duplicates among many keys (the check's key table grows)
            "{\"Aa\":1,\"BB\":2}", "{\"\\u0041a\":1,\"BB\":2,\"Aa\":3}", "{\"AaAa\":1,\"BBBB\":2,\"AaBB\":3,\"BBAa\":4}",
            manyKeys(1000, ""), manyKeys(1000, ",\"k500\":0"), manyKeys(1000, ",\"k\\u0035\\u00300\":0"), manyKeys(40, ",\"k39\":0"), "[1 2]", "{\"a\" 1}", "{'a':1}", "{a:1}", "[1]]", "\"a\"\"b\"",
        };
        for (int i = 0; i < docs.length; i++) {
            String doc = docs[i];
            int at = i;
            compare(doc, ours(doc), jackson(doc), () -> "edge " + at + ": " + printable(doc));
            assertThat(checkOnly(doc)).as(() -> "Json.check agrees with Json.parse; edge " + at).isEqualTo(ours(doc).why());
        }
    }

    private static String manyKeys(int n, String tail) {
        var sb = new StringBuilder("{");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        }
        return sb.append(tail).append('}').toString();
    }

    private static void compare(String doc, Verdict ours, Verdict theirs, Supplier<String> context) {
        if (!theirs.accepted()) {
            if (ours.accepted()) {
                fail("Stowage accepts what Jackson refuses (" + theirs.why() + "); " + context.get());
            }
            return;
        }
        boolean splitPair = SPLIT_PAIR.matcher(doc).find();
        if (theirs.loneSurrogate() || theirs.longestNumber() > 400 || splitPair) {
            // the deliberate differences: Stowage must refuse, and for one of those reasons
            if (ours.accepted()) {
                fail("Stowage accepts a lone surrogate, half-escaped pair or number over 400 characters; " + context.get());
            }
            assertThat(ours.why()).as(context).containsAnyOf(
                    theirs.loneSurrogate() || splitPair ? "lone surrogate" : "\u0000never",
                    theirs.longestNumber() > 400 ? "number longer than 400" : "\u0000never");
            return;
        }
        if (!ours.accepted()) {
            fail("Stowage refuses what Jackson accepts (" + ours.why() + "); " + context.get());
        }
        if (!java.util.Objects.equals(ours.value(), theirs.value())) {
            assertThat(ours.value()).as(() -> "the same value as Jackson's; " + context.get()).isEqualTo(theirs.value());
        }
    }

    private static void roundTrips(Object value, Supplier<String> context) {
        String written = Json.write(value);
        Object back = Json.parse(written);
        if (!java.util.Objects.equals(back, value)) {
            assertThat(back).as(() -> "written and read back; " + context.get()).isEqualTo(value);
        }
        Verdict theirs = jackson(written);
        if (!theirs.accepted() || !java.util.Objects.equals(theirs.value(), value)) {
            fail("Jackson reads " + theirs + " from what Json.write wrote; " + context.get());
        }
    }

    private static Verdict ours(String doc) {
        try {
            return new Verdict(true, Json.parse(doc), null, false, 0);
        } catch (InvalidInputException e) {
            return Verdict.refused(e.getMessage());
        }
    }

    private static String checkOnly(String doc) {
        try {
            Json.check(doc);
            return null;
        } catch (InvalidInputException e) {
            return e.getMessage();
        }
    }

    // ---- Jackson's verdict, as the same plain Java values (maps, lists, BigDecimal, String, Boolean, null) ----

    private static Verdict jackson(String doc) {
        var facts = new int[2]; // [0]: lone surrogates seen, [1]: longest number text
        try (JsonParser p = STRICT.createParser(doc)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return Verdict.refused("no value");
            }
            Object value = jacksonValue(p, first, facts);
            JsonToken after = p.nextToken();
            if (after != null) {
                return Verdict.refused("a second value: " + after);
            }
            return new Verdict(true, value, null, facts[0] > 0, facts[1]);
        } catch (IOException | RuntimeException e) {
            return Verdict.refused(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static Object jacksonValue(JsonParser p, JsonToken token, int[] facts) throws IOException {
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    noteSurrogates(key, facts);
                    map.put(key, jacksonValue(p, p.nextToken(), facts));
                }
                return map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    list.add(jacksonValue(p, t, facts));
                }
                return list;
            }
            case VALUE_STRING -> {
                String text = p.getText();
                noteSurrogates(text, facts);
                return text;
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                facts[1] = Math.max(facts[1], p.getTextLength());
                return p.getDecimalValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new IOException("unexpected token " + token);
        }
    }

    private static void noteSurrogates(String text, int[] facts) {
        if (Checks.hasLoneSurrogate(text)) {
            facts[0]++;
        }
    }

    // ---- documents: well-formed ones written with every liberty JSON allows, many then broken ----

    /** Half a surrogate pair raw and the other half escaped, or the other way round. */
    private static final Pattern SPLIT_PAIR =
            Pattern.compile("[\\x{D800}-\\x{DBFF}]\\\\u[dD][c-fC-F]|\\\\u[dD][89abAB][0-9a-fA-F]{2}[\\x{DC00}-\\x{DFFF}]");

    private static final String[] KEYS = {"a", "b", "\\u0061", "id", "name", "", "\u00e9", "\\\"", "k\\/", "\ud83d\ude00"};
    private static final String[] BREAKERS = {"{", "}", "[", "]", "\"", ",", ":", "\\", "0", "1", "-", "+", ".", "e", "E",
        "t", "n", "u", " ", "\n", "\u0000", "\u001f", "\u007f", "\u00a0", "\ufeff", "\ud800", "\udc00", "NaN", "Infinity",
        "x", "'", "/", "/*", "\\u", "\\ud83d", "1e999999999999", "00", "true", "null"};

    private static String document(Random r) {
        var sb = new StringBuilder();
        int shape = r.nextInt(100);
        if (shape < 3) {
            sb.append('\ufeff');
        }
        space(r, sb);
        if (shape >= 3 && shape < 6) {
            nested(r, sb);
        } else {
            value(r, sb, 0);
        }
        space(r, sb);
        if (shape >= 6 && shape < 10) {
            sb.append(pick(r, new String[] {" x", "}", "]", " {}", "\u0000", ",", " 1", "\ufeff", "//"}));
        }
        String doc = sb.toString();
        if (r.nextInt(100) < 35) {
            doc = mutate(r, doc);
        }
        return doc;
    }

    /** Nesting around the limit of 128 levels. */
    private static void nested(Random r, StringBuilder sb) {
        int depth = Json.MAX_DEPTH - 2 + r.nextInt(5);
        boolean objects = r.nextBoolean();
        for (int i = 0; i < depth; i++) {
            sb.append(objects ? "{\"k\":" : "[");
        }
        value(r, sb, Json.MAX_DEPTH);
        for (int i = 0; i < depth; i++) {
            sb.append(objects ? '}' : ']');
        }
    }

    private static void value(Random r, StringBuilder sb, int depth) {
        int kind = r.nextInt(depth > 4 ? 6 : 10);
        switch (kind) {
            case 0, 1 -> string(r, sb);
            case 2, 3 -> number(r, sb);
            case 4 -> sb.append(pick(r, r.nextInt(30) == 0 ? new String[] {"True", "nul", "fals", "undefined"}
                    : new String[] {"true", "false", "null"}));
            case 5 -> sb.append(r.nextBoolean() ? "{}" : "[]");
            case 6, 7 -> {
                sb.append('[');
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        comma(r, sb);
                    }
                    space(r, sb);
                    value(r, sb, depth + 1);
                    space(r, sb);
                }
                sb.append(']');
            }
            default -> {
                sb.append('{');
                int n = r.nextInt(5);
                boolean fewKeys = r.nextInt(8) == 0; // often repeats a key: a duplicate
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        comma(r, sb);
                    }
                    space(r, sb);
                    if (fewKeys) {
                        sb.append('"').append(pick(r, KEYS)).append('"');
                    } else {
                        sb.append("\"k").append(i).append(pick(r, KEYS)).append('"');
                    }
                    space(r, sb);
                    sb.append(':');
                    space(r, sb);
                    value(r, sb, depth + 1);
                    space(r, sb);
                }
                sb.append('}');
            }
        }
    }

    private static void comma(Random r, StringBuilder sb) {
        sb.append(r.nextInt(200) == 0 ? ",," : ",");
    }

    private static void string(Random r, StringBuilder sb) {
        sb.append('"');
        int pieces = r.nextInt(100) == 0 ? 2_000 : r.nextInt(6);
        for (int i = 0; i < pieces; i++) {
            int kind = r.nextInt(100);
            if (kind < 40) {
                for (int n = r.nextInt(8); n > 0; n--) {
                    char c = (char) (' ' + r.nextInt(95));
                    sb.append(c == '"' || c == '\\' ? 'q' : c);
                }
            } else if (kind < 55) {
                sb.append(pick(r, new String[] {"\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t"}));
            } else if (kind < 68) {
                sb.append(String.format(r.nextBoolean() ? "\\u%04x" : "\\u%04X", r.nextInt(0xD800)));
            } else if (kind < 75) {
                int cp = 0x10000 + r.nextInt(0x100000);
                sb.append(String.format("\\u%04x\\u%04x", (int) Character.highSurrogate(cp), (int) Character.lowSurrogate(cp)));
            } else if (kind < 82) {
                sb.appendCodePoint(0x10000 + r.nextInt(0x100000));
            } else if (kind < 92) {
                sb.append(pick(r, new String[] {"\u00e9", "\u65e5\u672c", "\u20ac", "\u00a0", "\ufeff", "\ufffd", "\u2028"}));
            } else if (kind < 95) {
                // a lone surrogate, escaped or raw, or half a pair before or after another escape
                sb.append(pick(r, new String[] {"\\ud800", "\\udfff", "\ud800", "\udc00", "\\ud83d\\u0041", "\\ude00\\ud83d"}));
            } else if (kind < 97) {
                sb.append((char) r.nextInt(0x20)); // raw control character
            } else {
                sb.append(pick(r, new String[] {"\\x", "\\u12", "\\u12G4", "\\U0041", "\\'", "\\u\uff10\uff10\uff14\uff11"}));
            }
        }
        sb.append('"');
    }

    private static void number(Random r, StringBuilder sb) {
        int kind = r.nextInt(100);
        if (kind < 40) {
            sb.append(r.nextInt(2000) - 1000);
        } else if (kind < 55) {
            sb.append(r.nextLong());
        } else if (kind < 60) {
            sb.append(r.nextBoolean() ? "-" : "").append(digits(r, 19 + r.nextInt(30)));
        } else if (kind < 75) {
            sb.append(r.nextInt(2000) - 1000).append('.').append(digits(r, 1 + r.nextInt(20)));
        } else if (kind < 85) {
            sb.append(r.nextInt(200) - 100).append(r.nextBoolean() ? 'e' : 'E')
                    .append(pick(r, new String[] {"", "+", "-"})).append(r.nextInt(400));
        } else if (kind < 90) {
            sb.append(pick(r, new String[] {"-0", "0", "-0.0", "0.000", "0e0", "1e2147483647", "1e2147483648", "1e-2147483648",
                "1e-2147483649", "1e999999999999", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
                "999999999999999999", "1000000000000000000", "-999999999999999999"}));
        } else if (kind < 93) {
            sb.append(r.nextBoolean() ? "-" : "").append(digits(r, 395 + r.nextInt(10)));
        } else if (kind < 94) {
            sb.append("1.").append(digits(r, 390 + r.nextInt(700)));
        } else {
            sb.append(pick(r, new String[] {"01", "-01", "00", "1.", ".5", "-", "+1", "1e", "1e+", "0x10", "NaN", "Infinity",
                "-Infinity", "1.e3", "--1", "1ee2", "1e1.5"}));
        }
    }

    private static String digits(Random r, int n) {
        var sb = new StringBuilder(n).append((char) ('1' + r.nextInt(9)));
        for (int i = 1; i < n; i++) {
            sb.append((char) ('0' + r.nextInt(10)));
        }
        return sb.toString();
    }

    private static void space(Random r, StringBuilder sb) {
        int kind = r.nextInt(100);
        if (kind < 70) {
            return;
        }
        if (kind < 98) {
            for (int n = 1 + r.nextInt(3); n > 0; n--) {
                sb.append(" \t\n\r".charAt(r.nextInt(4)));
            }
        } else {
            sb.append(pick(r, new String[] {"\u00a0", "\f", "\u000b", "\u2028", "\u0000"})); // not JSON whitespace
        }
    }

    private static String mutate(Random r, String doc) {
        var sb = new StringBuilder(doc);
        for (int n = 1 + r.nextInt(3); n > 0; n--) {
            int at = sb.length() == 0 ? 0 : r.nextInt(sb.length() + 1);
            switch (r.nextInt(5)) {
                case 0 -> {
                    if (at < sb.length()) {
                        sb.deleteCharAt(at);
                    }
                }
                case 1 -> sb.insert(at, pick(r, BREAKERS));
                case 2 -> {
                    if (at < sb.length()) {
                        sb.replace(at, at + 1, pick(r, BREAKERS));
                    }
                }
                case 3 -> sb.setLength(at);
                default -> {
                    int from = r.nextInt(at + 1);
                    sb.insert(at, sb.substring(from, at));
                }
            }
        }
        return sb.toString();
    }

    private static String pick(Random r, String[] choices) {
        return choices[r.nextInt(choices.length)];
    }

    /** The document with what does not print written as escapes, cut to a readable length. */
    private static String printable(String doc) {
        var sb = new StringBuilder();
        for (int i = 0; i < doc.length() && sb.length() < 400; i++) {
            char c = doc.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return "<" + (sb.length() >= 400 ? sb + "...> (" + doc.length() + " chars)" : sb + ">");
    }
}
