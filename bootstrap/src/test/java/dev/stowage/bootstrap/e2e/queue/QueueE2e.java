package dev.stowage.bootstrap.e2e.queue;

import dev.stowage.application.port.in.queue.ManageJobsUseCase;
import dev.stowage.bootstrap.config.ConfigLoader;
import dev.stowage.bootstrap.config.StowageConfig;
import dev.stowage.domain.queue.JobState;
import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.QueueName;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/** What the queue's end-to-end tests and their worker processes share: names, config, logs, checks. */
final class QueueE2e {
    static final QueueName QUEUE = new QueueName("e2e");
    static final JobType WORK = new JobType("work");

    private QueueE2e() {
    }

    static StowageConfig config(Path dataDir) {
        var overrides = new HashMap<String, String>();
        overrides.put("stowage.data-dir", dataDir.toString());
        return ConfigLoader.load(new ConfigLoader.Sources(Optional.empty(), Map.of(), overrides));
    }

    static long nowMicros() {
        Instant now = Instant.now();
        return ChronoUnit.MICROS.between(Instant.EPOCH, now);
    }

    /** True when the queue has nothing left to hand out or finish. */
    static boolean drained(ManageJobsUseCase manage) {
        var counts = manage.stats(Optional.of(QUEUE), Duration.ofDays(1)).countsByState();
        return counts.get(JobState.PENDING) == 0 && counts.get(JobState.RUNNING) == 0;
    }

    /**
     * A file of lines appended with one unbuffered write each, so what was written survives a
     * {@code kill -9} of the writer (the kernel has it), and lines from threads never interleave.
     */
    static final class LineLog implements AutoCloseable {
        private final OutputStream out;

        LineLog(Path file) throws IOException {
            out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }

        synchronized void append(String line) {
            try {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalStateException("cannot write a test log", e);
            }
        }

        @Override
        public synchronized void close() throws IOException {
            out.close();
        }
    }

    /** Complete lines of the files (a line cut by a kill is dropped). */
    static List<String> lines(List<Path> files) throws IOException {
        List<String> all = new ArrayList<>();
        for (Path f : files) {
            if (!Files.exists(f)) {
                continue;
            }
            String text = Files.readString(f);
            int end = text.lastIndexOf('\n');
            if (end < 0) {
                continue;
            }
            for (String line : text.substring(0, end).split("\n")) {
                if (!line.isEmpty()) {
                    all.add(line);
                }
            }
        }
        return all;
    }

    /** One handler execution: started, and ended (or was killed) at these microseconds. */
    record Execution(String job, String lease, long start, long end) {
    }

    /**
     * Executions read from interval logs: "S job lease micros" at a handler's start, "E job lease
     * micros" at its end. An execution without an end was cut by a kill: it ended at {@code killedAt}
     * of its file at the latest.
     */
    static List<Execution> executions(Map<Path, Long> filesAndKillTimes) throws IOException {
        List<Execution> all = new ArrayList<>();
        for (var entry : filesAndKillTimes.entrySet()) {
            Map<String, String[]> open = new HashMap<>();
            for (String line : lines(List.of(entry.getKey()))) {
                String[] f = line.split(" ");
                if (f.length != 4) {
                    continue;
                }
                String key = f[1] + " " + f[2];
                if (f[0].equals("S")) {
                    open.put(key, f);
                } else if (f[0].equals("E")) {
                    String[] s = open.remove(key);
                    if (s == null) {
                        throw new IllegalStateException("an end without a start: " + line);
                    }
                    all.add(new Execution(f[1], f[2], Long.parseLong(s[3]), Long.parseLong(f[3])));
                }
            }
            for (String[] s : open.values()) {
                all.add(new Execution(s[1], s[2], Long.parseLong(s[3]), entry.getValue()));
            }
        }
        return all;
    }

    /** Executions of one job that overlap in time: none may exist. */
    static List<String> overlaps(List<Execution> executions) {
        Map<String, List<Execution>> byJob = new HashMap<>();
        executions.forEach(e -> byJob.computeIfAbsent(e.job(), k -> new ArrayList<>()).add(e));
        List<String> found = new ArrayList<>();
        byJob.forEach((job, list) -> {
            list.sort((a, b) -> Long.compare(a.start(), b.start()));
            for (int i = 1; i < list.size(); i++) {
                if (list.get(i).start() < list.get(i - 1).end()) {
                    found.add(list.get(i - 1) + " overlaps " + list.get(i));
                }
            }
        });
        return found;
    }

    /** A child JVM running {@code main} with this test's class path. */
    static final class Child {
        final Process process;
        final CountDownLatch working = new CountDownLatch(1);
        final List<String> output = new ArrayList<>();

        Child(Class<?> main, List<String> jvmOptions, String... args) throws IOException {
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElseThrow());
            command.addAll(jvmOptions);
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(main.getName());
            command.addAll(List.of(args));
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
            Thread reader = new Thread(() -> {
                try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        synchronized (output) {
                            output.add(line);
                        }
                        if (line.equals(QueueWorkerProcess.WORKING)) {
                            working.countDown();
                        }
                    }
                } catch (IOException ended) {
                    // the process is gone; what it said so far is kept
                }
            }, "child-output");
            reader.setDaemon(true);
            reader.start();
        }

        String output() {
            synchronized (output) {
                return String.join("\n", output);
            }
        }
    }
}
