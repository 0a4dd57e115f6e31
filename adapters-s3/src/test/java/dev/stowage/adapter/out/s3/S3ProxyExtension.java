package dev.stowage.adapter.out.s3;

import dev.stowage.testing.S3Proxy;

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
 * A real S3 server for the tests: {@link S3Proxy} (its jar copied to
 * {@code target/s3proxy/s3proxy.jar} by the build), run as a child process on 127.0.0.1.
 *
 * <p>One server serves the whole test run: it is kept in the root extension store, which closes it
 * (stopping the process) when the run ends; starting a JVM per test class would cost seconds on a
 * busy machine for nothing. Tests keep apart by bucket or by prefix.
 */
final class S3ProxyExtension implements BeforeAllCallback {
    static final String ACCESS_KEY = S3Proxy.ACCESS_KEY;
    static final String SECRET_KEY = S3Proxy.SECRET_KEY;
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(S3ProxyExtension.class);

    private S3Proxy server;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(S3Proxy.class, k -> S3Proxy.start(), S3Proxy.class);
    }

    URI endpoint() {
        return server.endpoint();
    }

    /** Settings for this server: path style, 5 MiB parts (the S3 minimum, so tests go multipart cheaply). */
    S3Settings settings(String bucket, String prefix) {
        return new S3Settings(endpoint(), "us-east-1", bucket, ACCESS_KEY, SECRET_KEY, true, prefix, S3Settings.MIN_PART_SIZE);
    }
}
