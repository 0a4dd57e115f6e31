package dev.stowage.adapter.in.http;

import dev.stowage.application.service.MonotonicIdGenerator;
import dev.stowage.application.service.document.ManageDocumentsService;
import dev.stowage.application.service.document.StoreDocumentsService;
import dev.stowage.application.service.document.DocumentSettings;
import dev.stowage.application.service.document.ResumableUploadService;
import dev.stowage.application.service.token.ManageTokensService;
import dev.stowage.domain.common.Actor;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.document.Document;
import dev.stowage.domain.document.DocumentName;
import dev.stowage.domain.token.TokenScopes;
import dev.stowage.testing.InMemoryBlobStore;
import dev.stowage.testing.InMemoryDocumentCatalog;
import dev.stowage.testing.InMemoryTokenStore;
import dev.stowage.testing.InMemoryTransactions;
import dev.stowage.testing.InMemoryUploadSessions;
import dev.stowage.testing.InMemoryUploadStaging;
import dev.stowage.testing.ManualClock;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A loopback server with only the tus routes, over the real upload, document and token services
 * on the in-memory adapters. Callers sign in with a bearer token, as they would on the service.
 */
final class TusTestServer implements AutoCloseable {
    static final UserId ANA = new UserId("ana");
    static final UserId BEN = new UserId("ben");
    static final long MAX_SIZE = 64L << 20;
    static final Duration EXPIRY = Duration.ofHours(1);
    /** Short, so that the test of a busy upload does not wait long; ample for a reset connection. */
    static final Duration WRITE_WAIT = Duration.ofSeconds(1);

    final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T09:05:07Z"));
    final InMemoryDocumentCatalog catalog = new InMemoryDocumentCatalog();
    final ManageDocumentsService documents;
    final ResumableUploadService uploads;
    final TusRoutes routes;
    final String anaToken;
    final String benToken;
    private final Javalin javalin;

    TusTestServer() {
        var ids = new MonotonicIdGenerator(clock);
        var blobs = new InMemoryBlobStore(clock);
        var settings = new DocumentSettings(MAX_SIZE, Optional.empty(), EXPIRY, Duration.ofMinutes(10));
        documents = new ManageDocumentsService(catalog, blobs, clock, settings);
        uploads = new ResumableUploadService(new InMemoryUploadSessions(), new InMemoryUploadStaging(), blobs,
                new StoreDocumentsService(catalog, blobs, new InMemoryTransactions(), ids, clock, settings), ids, clock);
        var tokens = new ManageTokensService(new InMemoryTokenStore(), ids, clock, new SecureRandom());
        anaToken = tokens.issue(ANA, false, TokenScopes.none(), "ana's laptop").secret();
        benToken = tokens.issue(BEN, false, TokenScopes.none(), "ben's phone").secret();
        TusAuthenticator bearer = ctx -> {
            String header = ctx.header("Authorization");
            if (header == null || !header.startsWith("Bearer ")) {
                return Actor.anonymous();
            }
            return tokens.authenticate(header.substring("Bearer ".length()));
        };
        routes = new TusRoutes(uploads, bearer, new TusSettings("/api/v1/uploads", "/api/v1/documents", MAX_SIZE, WRITE_WAIT),
                clock);
        javalin = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            routes.register(config);
        }).start("127.0.0.1", 0);
    }

    int port() {
        return javalin.port();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    /** Ana's document of that name, which must exist. */
    Document anasDocument(String name) {
        return catalog.findByName(ANA, new DocumentName(name)).orElseThrow(() -> new AssertionError("no document " + name));
    }

    /** The SHA-256 of the document's bytes, read back through the document use case. */
    String downloadedSha256(Document doc) throws IOException {
        try (InputStream in = documents.download(Actor.user(doc.owner()), doc.id(), Optional.empty()).bytes()) {
            MessageDigest md = sha256();
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) >= 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        javalin.stop();
    }
}
