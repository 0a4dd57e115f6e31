package dev.stowage.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code java -jar benchmarks/target/stowage-bench.jar NAME [options]}: runs one benchmark, which
 * prints its figures beside a baseline measured in the same run (raw SQLite doing the same
 * statements, or a raw stream copy of the same bytes). Benchmarks are programs, not tests: nothing
 * asserts on time.
 */
public final class Bench {

    /** One benchmark: runs with its own arguments and prints a report. */
    public interface Benchmark {
        String description();

        void run(String[] args) throws Exception;
    }

    private Bench() {
    }

    static Map<String, Benchmark> benchmarks() {
        var all = new TreeMap<String, Benchmark>();
        all.put("backup", new BackupBench());
        all.put("console", new ConsoleBench());
        all.put("console-render", new ConsoleRenderBench());
        all.put("documents", new DocumentsBench());
        all.put("program-images", new ProgramImagesBench());
        all.put("http", new HttpBench());
        all.put("json", new JsonBench());
        all.put("legacy-import", new LegacyImportBench());
        all.put("program-import", new ProgramImportBench());
        all.put("program-import-http", new ProgramImportHttpBench());
        all.put("programs", new ProgramsBench());
        all.put("pg-cost", new PgCostBench());
        all.put("pg-queue", new PgQueueBench());
        all.put("pg-three", new PgThreeBench());
        all.put("queue", new QueueBench());
        all.put("startup", new StartupBench());
        return all;
    }

    public static void main(String[] args) throws Exception {
        var all = benchmarks();
        if (args.length == 0 || !all.containsKey(args[0])) {
            System.err.println("usage: java -jar stowage-bench.jar NAME [options]");
            all.forEach((name, b) -> System.err.printf(Locale.ROOT, "  %-12s %s%n", name, b.description()));
            System.exit(args.length == 0 ? 0 : 2);
            return;
        }
        all.get(args[0]).run(Arrays.copyOfRange(args, 1, args.length));
    }
}
