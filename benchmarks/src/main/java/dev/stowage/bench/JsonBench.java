package dev.stowage.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.stowage.domain.common.Json;
import dev.stowage.domain.common.JsonText;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * How fast the domain's JSON reader checks and parses realistic documents, beside Jackson (strict:
 * duplicate keys refused) doing the same in the same run, one thread. The documents: a program's
 * 2 KiB config (what every program read checks), a job payload, and a job row as SQLite's
 * {@code json_array} packs it (what every job read unpacks). The operations:
 * <ul>
 *   <li>{@code JsonText} - the check every {@code JsonText} makes when built ({@link Json#check}, no tree);
 *   <li>{@code Json.parse} - the tree of plain Java values (what {@code JsonText} built before, and what
 *       the SQLite adapter's packed-row reader uses);
 *   <li>Jackson streaming - every token read, which checks as much (the baseline for a check);
 *   <li>Jackson tree - {@code ObjectMapper.readTree} (the baseline for a tree).
 * </ul>
 * Each figure is the median of {@code --runs} timed runs of {@code --millis} each, after an
 * unmeasured warm-up of every operation on every document; ops/s, and MB/s of the text as UTF-16
 * (chars x 2).
 *
 * <pre>
 * java -jar benchmarks/target/stowage-bench.jar json [--millis 1000] [--runs 5] [--config-bytes 2048]
 * </pre>
 */
final class JsonBench implements Bench.Benchmark {
    private static final JsonFactory STRICT = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final ObjectMapper MAPPER = JsonMapper.builder(STRICT).build();

    /** Keeps results alive, so the JIT cannot drop the work. */
    private static volatile int sink;

    @FunctionalInterface
    private interface Op {
        int run(String json) throws Exception;
    }

    @Override
    public String description() {
        return "JSON check and parse per second (the domain's reader) vs Jackson, on configs, payloads, job rows";
    }

    @Override
    public void run(String[] args) throws Exception {
        Map<String, String> opts = DocumentsBench.options(args);
        long millis = Long.parseLong(opts.getOrDefault("--millis", "1000"));
        int runs = Integer.parseInt(opts.getOrDefault("--runs", "5"));
        int configBytes = Integer.parseInt(opts.getOrDefault("--config-bytes", "2048"));
        var random = new SplittableRandom(42);
        String config = ProgramsBench.config(random, configBytes);
        String payload = "{\"document\":\"doc_01JF3K6R8M2N4P6Q8S0T2V4W6Y\",\"pages\":[1,2,3,5,8,13],\"dpi\":300,"
                + "\"format\":\"pdf\",\"options\":{\"ocr\":true,\"language\":\"deu+eng\",\"quality\":0.85},"
                + "\"callback\":\"https://example.com/hooks/render?id=42&t=\\u00e9t\\u00e9\"}";
        String row = packedRow(payload);
        System.out.printf(Locale.ROOT, "json: %d runs of %d ms each (median), one thread, max heap %d MiB, %s%n", runs, millis,
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.vm.name") + " " + Runtime.version());
        List<Map.Entry<String, String>> docs = List.of(Map.entry("program config, " + config.length() + " chars", config),
                Map.entry("job payload, " + payload.length() + " chars", payload),
                Map.entry("packed job row, " + row.length() + " chars", row));
        Op jacksonStream = JsonBench::jacksonTokens;
        Op jacksonTree = s -> MAPPER.readTree(s).size();
        Op check = s -> new JsonText(s).json().length();
        Op tree = s -> Json.parse(s).hashCode();
        List<Op> ops = List.of(check, jacksonStream, tree, jacksonTree);
        // warm every operation on every document first (the JIT), then take the runs round-robin, so
        // a change of load on a shared machine falls on all of them alike
        for (var doc : docs) {
            for (Op op : ops) {
                once(doc.getValue(), op, millis);
            }
        }
        var rates = new ArrayList<List<List<Double>>>();
        docs.forEach(d -> rates.add(new ArrayList<>(List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>()))));
        for (int run = 0; run < runs; run++) {
            for (int d = 0; d < docs.size(); d++) {
                for (int o = 0; o < ops.size(); o++) {
                    rates.get(d).get(o).add(once(docs.get(d).getValue(), ops.get(o), millis));
                }
            }
        }
        System.out.println(Figures.row("", "ops/s", "MB/s", "vs Jackson"));
        for (int d = 0; d < docs.size(); d++) {
            System.out.println("  " + docs.get(d).getKey());
            String json = docs.get(d).getValue();
            List<Double> m = rates.get(d).stream().map(Figures::median).toList();
            print("JsonText (Json.check, no tree)", m.get(0), json, m.get(1));
            print("Jackson streaming, every token", m.get(1), json, m.get(1));
            print("Json.parse (tree)", m.get(2), json, m.get(3));
            print("Jackson readTree", m.get(3), json, m.get(3));
        }
        System.out.println("  (\"vs Jackson\": a check against Jackson streaming, a tree against Jackson's tree)");
    }

    private static void print(String what, double opsPerSecond, String json, double baseline) {
        System.out.println(Figures.row("    " + what, String.format(Locale.ROOT, "%.0f", opsPerSecond),
                Figures.f1(opsPerSecond * json.length() * 2 / 1e6), Figures.pct(opsPerSecond / baseline)));
    }

    private static double once(String json, Op op, long millis) throws Exception {
        long deadline = System.nanoTime() + millis * 1_000_000;
        long t0 = System.nanoTime();
        long ops = 0;
        int acc = 0;
        long now;
        do {
            for (int i = 0; i < 256; i++) {
                acc += op.run(json);
            }
            ops += 256;
            now = System.nanoTime();
        } while (now < deadline);
        sink = acc;
        return ops / ((now - t0) / 1e9);
    }

    private static int jacksonTokens(String json) throws IOException {
        int tokens = 0;
        try (JsonParser p = STRICT.createParser(json)) {
            while (p.nextToken() != null) {
                tokens++;
            }
        }
        return tokens;
    }

    /** A job row as SQLite's json_array packs the 24 columns of {@code jobs}: text, integers and NULLs. */
    private static String packedRow(String payload) {
        var row = new StringBuilder("[");
        Object[] columns = {"01JF3K6R8M2N4P6Q8S0T2V4W6Y", "renders", "render-pdf", payload, 0L, "RUNNING", 1L, 5L,
            1_765_000_000_000_000L, "01JF3K6R8M2N4P6Q8S0T2V4W70", "worker-7f3a", 1_765_000_030_000_000L, 40L,
            "page 2 of 5", 0L, null, null, 1_764_999_990_000_000L, 1_765_000_000_100_000L, null, null, null, null, null};
        for (int i = 0; i < columns.length; i++) {
            if (i > 0) {
                row.append(',');
            }
            if (columns[i] instanceof String s) {
                Json.quote(s, row);
            } else {
                row.append(columns[i]);
            }
        }
        return row.append(']').toString();
    }
}
