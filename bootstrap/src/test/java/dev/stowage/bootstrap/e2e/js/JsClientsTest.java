package dev.stowage.bootstrap.e2e.js;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.application.port.in.document.ManageDocumentsUseCase;
import dev.stowage.application.port.in.token.ManageTokensUseCase;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.domain.common.Actor;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.document.Document;
import dev.stowage.domain.document.DocumentId;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real JavaScript tus clients against the real service (SQLite and a blob folder in a temporary
 * directory, HTTP on loopback): tus-js-client in Node with parallel uploads, and tus-js-client in
 * headless Chromium on a page of another origin. The scripts are in the top-level {@code e2e}
 * folder; see {@link JsTools} for what happens when node or Chromium is missing.
 */
class JsClientsTest {
    private static final UserId ANA = new UserId("ana");

    @TempDir
    Path dir;

    @Test
    void parallelUploadsOfTusJsClientStoreTheWholeFileAsOneDocument() throws Exception {
        Path e2e = JsTools.e2e();
        Path file = dir.resolve("thirty.bin");
        String sha256 = writeRandom(file, 30L * 1024 * 1024 + 7, 30);
        try (Stowage stowage = start(Optional.empty())) {
            String token = stowage.instance(ManageTokensUseCase.class).issue(ANA, false, "node").secret();
            String endpoint = "http://127.0.0.1:" + stowage.httpPort() + "/api/v1/uploads";

            String result = JsTools.node(e2e, 5, "tus-parallel.js", endpoint, token, file.toString(), "3");

            var documents = stowage.instance(ManageDocumentsUseCase.class);
            Document doc = documents.get(Actor.user(ANA), new DocumentId(JsTools.field(result, "documentId")));
            assertThat(doc.size()).isEqualTo(Files.size(file));
            assertThat(doc.sha256().hex()).isEqualTo(sha256);
            assertThat(downloadedSha256(documents, doc)).isEqualTo(sha256);
            // the three parts never became documents of their own
            assertThat(documents.usage(Actor.user(ANA), ANA).usage().documents()).isEqualTo(1);
        }
    }

    @Test
    void tusJsClientInChromiumOnAnotherOriginUploadsAndResumes() throws Exception {
        Path e2e = JsTools.e2e();
        Path chromium = JsTools.chromium();
        int pagePort = freePort();
        String pageOrigin = "http://127.0.0.1:" + pagePort;
        try (Stowage stowage = start(Optional.of(pageOrigin))) {
            String token = stowage.instance(ManageTokensUseCase.class).issue(ANA, false, "browser").secret();
            String origin = "http://127.0.0.1:" + stowage.httpPort();
            int size = 3 * 1024 * 1024 + 11;

            String result = JsTools.node(e2e, 5, "browser-resume.js", origin, token, Integer.toString(pagePort),
                    chromium.toString(), Integer.toString(size));

            long abortedAt = Long.parseLong(JsTools.field(result, "abortedAt"));
            long resumedAt = Long.parseLong(JsTools.field(result, "resumedAt"));
            assertThat(abortedAt).isBetween(size / 3L, size - 1L);
            // the second attempt asked where the first one stopped and went on from there
            assertThat(resumedAt).isEqualTo(abortedAt);
            var documents = stowage.instance(ManageDocumentsUseCase.class);
            Document doc = documents.get(Actor.user(ANA), new DocumentId(JsTools.field(result, "documentId")));
            assertThat(doc.size()).isEqualTo(size);
            assertThat(doc.sha256().hex()).isEqualTo(JsTools.field(result, "sha256"));
            assertThat(downloadedSha256(documents, doc)).isEqualTo(JsTools.field(result, "sha256"));
            assertThat(JsTools.field(result, "refusedElsewhere")).isEqualTo("true");
        }
    }

    private Stowage start(Optional<String> corsOrigin) {
        var builder = Stowage.builder().dataDir(dir.resolve("data")).set("stowage.http.port", "0").withHttp();
        corsOrigin.ifPresent(o -> builder.set("stowage.http.cors.allowed-origins", o));
        Stowage stowage = builder.build();
        stowage.start();
        return stowage;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Writes {@code size} seeded random bytes and returns their SHA-256 in hex. */
    private static String writeRandom(Path file, long size, long seed) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        Random random = new Random(seed);
        byte[] buf = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; ) {
                random.nextBytes(buf);
                int n = (int) Math.min(buf.length, left);
                out.write(buf, 0, n);
                md.update(buf, 0, n);
                left -= n;
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static String downloadedSha256(ManageDocumentsUseCase documents, Document doc) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = documents.download(Actor.user(doc.owner()), doc.id(), Optional.empty()).bytes()) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) >= 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
