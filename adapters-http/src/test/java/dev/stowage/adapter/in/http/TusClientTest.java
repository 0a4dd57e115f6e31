package dev.stowage.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.domain.document.Document;
import io.tus.java.client.ProtocolException;
import io.tus.java.client.TusClient;
import io.tus.java.client.TusURLMemoryStore;
import io.tus.java.client.TusURLStore;
import io.tus.java.client.TusUpload;
import io.tus.java.client.TusUploader;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real tus client (tus-java-client) against the tus routes: a large upload survives a dropped
 * connection and is finished by a new client that only remembers the upload's URL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TusClientTest {
    private static final int FILE_SIZE = 50 * 1000 * 1000;
    private static final int REQUEST_BYTES = 8 << 20;
    private static final int CHUNK_BYTES = 1 << 20;

    private final TusTestServer server = new TusTestServer();
    private TusCuttingProxy proxy;

    @BeforeAll
    void startProxy() throws IOException {
        proxy = new TusCuttingProxy(server.port());
    }

    @AfterAll
    void stop() {
        proxy.close();
        server.close();
    }

    @Test
    void anInterruptedUploadIsResumedByANewClientAndBecomesTheSameFile(@TempDir Path dir) throws Exception {
        File file = dir.resolve("survey-2026.bin").toFile();
        String sha256 = writeRandomFile(file, FILE_SIZE, 20260301L);
        TusURLStore urls = new TusURLMemoryStore();

        // First client: two whole requests get through, then the network drops inside the third.
        TusUploader first = client(urls).resumeOrCreateUpload(upload(file, sha256));
        first.setRequestPayloadSize(REQUEST_BYTES);
        first.setChunkSize(CHUNK_BYTES);
        proxy.cutAfter(2L * REQUEST_BYTES + 3 * CHUNK_BYTES + 4321);
        assertThatThrownBy(() -> {
            while (first.uploadChunk() > -1) {
                // keep sending until the connection breaks
            }
        }).isInstanceOfAny(IOException.class, ProtocolException.class);
        assertThat(proxy.cuts()).isEqualTo(1);
        URL uploadUrl = first.getUploadURL();

        // Second client: a new one, with only the URL store; it asks the server where to go on.
        TusUploader second = client(urls).resumeOrCreateUpload(upload(file, sha256));
        assertThat(second.getUploadURL()).isEqualTo(uploadUrl);
        assertThat(second.getOffset()).as("resumed, not restarted").isGreaterThanOrEqualTo(2L * REQUEST_BYTES)
                .isLessThan(FILE_SIZE);
        second.setRequestPayloadSize(REQUEST_BYTES);
        second.setChunkSize(CHUNK_BYTES);
        while (second.uploadChunk() > -1) {
            assertThat(second.getOffset()).isLessThanOrEqualTo(FILE_SIZE);
        }
        second.finish();
        assertThat(second.getOffset()).isEqualTo(FILE_SIZE);

        Document doc = server.anasDocument("survey-2026.bin");
        assertThat(doc.size()).isEqualTo(FILE_SIZE);
        assertThat(doc.sha256().hex()).isEqualTo(sha256);
        assertThat(server.downloadedSha256(doc)).isEqualTo(sha256);
        assertThat(server.routes.locksInUse()).isZero();
    }

    private TusClient client(TusURLStore urls) throws IOException {
        TusClient client = new TusClient();
        client.setUploadCreationURL(new URL("http://127.0.0.1:" + proxy.port() + "/api/v1/uploads"));
        client.enableResuming(urls);
        client.setHeaders(Map.of("Authorization", "Bearer " + server.anaToken));
        return client;
    }

    /** The client-side description of the file; the same file always has the same fingerprint. */
    private static TusUpload upload(File file, String sha256) throws IOException {
        TusUpload upload = new TusUpload(file);
        upload.setMetadata(Map.of("filename", file.getName(), "filetype", "application/x-survey",
                "sha256", sha256));
        return upload;
    }

    /** Writes {@code size} seeded random bytes and returns their SHA-256. */
    private static String writeRandomFile(File file, int size, long seed) throws IOException {
        MessageDigest md = TusTestServer.sha256();
        Random random = new Random(seed);
        byte[] block = new byte[1 << 16];
        try (OutputStream out = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(file.toPath())), md)) {
            for (int left = size; left > 0; left -= block.length) {
                random.nextBytes(block);
                out.write(block, 0, Math.min(left, block.length));
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
