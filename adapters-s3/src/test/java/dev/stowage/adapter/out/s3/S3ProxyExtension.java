package dev.stowage.adapter.out.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real S3 server for the tests: S3Proxy (copied to {@code target/s3proxy/s3proxy.jar} by the
 * build) with its file-system backend, run as a child process on 127.0.0.1 and a free port.
 *
 * <p>One server serves the whole test run: it is kept in the root extension store, which closes it
 * (stopping the process) when the run ends; starting a JVM per test class would cost seconds on a
 * busy machine for nothing. Tests keep apart by bucket or by prefix.
 */
final class S3ProxyExtension implements BeforeAllCallback {
    static final String ACCESS_KEY = "stowage-test-access";
    static final String SECRET_KEY = "stowage-test-secret-9f3a61c2";
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(S3ProxyExtension.class);

    private Server server;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Server.class, k -> Server.start(), Server.class);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.port);
    }

    /** Settings for this server: path style, 5 MiB parts (the S3 minimum, so tests go multipart cheaply). */
    S3Settings settings(String bucket, String prefix) {
        return new S3Settings(endpoint(), "us-east-1", bucket, ACCESS_KEY, SECRET_KEY, true, prefix, S3Settings.MIN_PART_SIZE);
    }

    /** The running S3Proxy process. */
    static final class Server implements AutoCloseable {
        private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

        private final Process process;
        private final Path workDir;
        private final Path log;
        private final int port;

        private Server(Process process, Path workDir, Path log, int port) {
            this.process = process;
            this.workDir = workDir;
            this.log = log;
            this.port = port;
        }

        static Server start() {
            Path jar = Path.of(System.getProperty("s3proxy.jar", "target/s3proxy/s3proxy.jar")).toAbsolutePath();
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("S3Proxy is missing at " + jar
                        + "; run the tests through Maven, whose process-test-resources phase copies it there");
            }
            try {
                Path workDir = Files.createTempDirectory("s3proxy-");
                Path data = Files.createDirectories(workDir.resolve("data"));
                int port = freePort();
                Properties p = new Properties();
                p.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + port);
                p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
                p.setProperty("s3proxy.identity", ACCESS_KEY);
                p.setProperty("s3proxy.credential", SECRET_KEY);
                p.setProperty("jclouds.provider", "filesystem");
                p.setProperty("jclouds.filesystem.basedir", data.toString());
                Path conf = workDir.resolve("s3proxy.conf");
                try (Writer w = Files.newBufferedWriter(conf, StandardCharsets.UTF_8)) {
                    p.store(w, "S3Proxy for Stowage tests");
                }
                // the same JVM that runs the tests: no dependence on what 'java' means on the PATH
                String java = ProcessHandle.current().info().command()
                        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                Path log = workDir.resolve("s3proxy.log");
                ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1", "-jar", jar.toString(), "--properties", conf.toString()))
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
                pb.environment().put("LOG_LEVEL", "warn");
                Server server = new Server(pb.start(), workDir, log, port);
                server.awaitReady();
                return server;
            } catch (IOException e) {
                throw new UncheckedIOException("could not start S3Proxy", e);
            }
        }

        private void awaitReady() {
            Instant deadline = Instant.now().plus(START_TIMEOUT);
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("S3Proxy exited with " + process.exitValue() + ": " + logTail());
                }
                try {
                    HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/").toURL().openConnection();
                    c.setConnectTimeout(500);
                    c.setReadTimeout(2000);
                    c.getResponseCode(); // any answer (403 without credentials) means it serves
                    c.disconnect();
                    return;
                } catch (IOException notYet) {
                    sleep();
                }
            }
            close();
            throw new IllegalStateException("S3Proxy did not answer on port " + port + " within " + START_TIMEOUT + ": " + logTail());
        }

        private String logTail() {
            try {
                String text = Files.readString(log, StandardCharsets.UTF_8);
                return text.substring(Math.max(0, text.length() - 2000));
            } catch (IOException e) {
                return "(no log: " + e.getMessage() + ")";
            }
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            try (Stream<Path> files = Files.walk(workDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException ignored) {
                // a temp folder left behind is harmless
            }
        }

        private static int freePort() throws IOException {
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            }
        }

        private static void sleep() {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for S3Proxy", e);
            }
        }
    }
}
