package dev.stowage.bootstrap;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code stowage serve} in a real child JVM on the test class path, on an ephemeral port, with the
 * executable's own logging configuration (built in, the same as the shipped {@code logback.xml})
 * rather than the tests' one; its stderr goes to a file.
 */
final class ServeProcess implements AutoCloseable {
    private static final Pattern SERVING = Pattern.compile("is serving http://127\\.0\\.0\\.1:(\\d+)");

    final Process process;
    private final Path stderr;

    private ServeProcess(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
    }

    /** Starts serving {@code dataDir}; stderr goes to {@code stderrFile}. */
    static ServeProcess start(Path dataDir, Path stderrFile) throws IOException {
        return start(dataDir, stderrFile, Map.of());
    }

    /** {@link #start(Path, Path)} with {@code environment} added to the child's (settings such as {@code STOWAGE_*}). */
    static ServeProcess start(Path dataDir, Path stderrFile, Map<String, String> environment) throws IOException {
        var builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", testClassPath(),
                Main.class.getName(),
                "serve", "--data-dir", dataDir.toString(), "--port", "0")
                .redirectError(stderrFile.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        return new ServeProcess(process, stderrFile);
    }

    /** Reads the child's stdout until it says where it serves; gives up after 60 seconds. */
    int awaitServingPort() throws Exception {
        return awaitServingPort(java.time.Duration.ofSeconds(60));
    }

    /** {@link #awaitServingPort()} with a bound of its own (several children starting on a busy machine). */
    int awaitServingPort(java.time.Duration bound) throws Exception {
        List<String> seen = new ArrayList<>();
        CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> {
            try {
                BufferedReader out = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    seen.add(line);
                    Matcher m = SERVING.matcher(line);
                    if (m.find()) {
                        return Integer.parseInt(m.group(1));
                    }
                }
                throw new IllegalStateException("serve ended before serving: " + seen + "\n" + stderr());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            return port.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("serve did not say where it serves within " + bound + ": " + seen
                    + "\n" + stderr(), e);
        }
    }

    /** Waits until the child's stderr contains {@code text}; gives up after 60 seconds. */
    void awaitStderr(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!stderr().contains(text)) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new IllegalStateException("the child never wrote '" + text + "' on stderr:\n" + stderr());
            }
            Thread.sleep(20);
        }
    }

    /** What the child wrote on stderr so far. */
    String stderr() {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            return "(no stderr: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    /** The real class path: surefire keeps it here when it launches through a manifest-only jar. */
    private static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
