package dev.stowage.bootstrap.e2e.documents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.application.port.in.document.ManageDocumentsUseCase;
import dev.stowage.bootstrap.config.ConfigLoader;
import dev.stowage.bootstrap.config.StowageConfig;
import dev.stowage.domain.common.Actor;
import dev.stowage.domain.common.PageRequest;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.document.Document;
import dev.stowage.domain.document.DocumentQuery;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** What the document end-to-end tests share: the configuration, listing, digests and disk checks. */
final class E2eDocuments {
    static final Actor OWNER = Actor.user(new UserId("e2e"));
    /** Short, so that what a crash left counts as a leftover soon after the writers are gone. */
    static final Duration ORPHAN_GRACE = Duration.ofSeconds(1);

    private E2eDocuments() {
    }

    /** The embedded defaults with everything (database, blobs, tmp) under {@code dataDir}. */
    static StowageConfig config(Path dataDir) {
        var overrides = new LinkedHashMap<String, String>();
        overrides.put("stowage.data-dir", dataDir.toString());
        overrides.put("stowage.documents.orphan-grace", ORPHAN_GRACE.toMillis() + "ms");
        return ConfigLoader.load(new ConfigLoader.Sources(Optional.empty(), Map.of(), overrides));
    }

    static List<Document> listAll(ManageDocumentsUseCase documents) {
        var out = new ArrayList<Document>();
        PageRequest page = PageRequest.first(PageRequest.MAX_LIMIT);
        while (true) {
            var result = documents.list(OWNER, DocumentQuery.newestFirst(), page);
            out.addAll(result.items());
            if (result.next().isEmpty()) {
                return out;
            }
            page = PageRequest.after(result.next().get(), PageRequest.MAX_LIMIT);
        }
    }

    /** Size and digest of what {@code in} holds, read to the end; closes it. */
    static Sized digest(InputStream in) {
        try (DigestInputStream d = new DigestInputStream(in, sha256())) {
            long size = d.transferTo(java.io.OutputStream.nullOutputStream());
            return new Sized(size, Sha256.of(d.getMessageDigest().digest()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Sized(long size, Sha256 sha256) {
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SQLite's own verdict on the file, from a connection of its own. */
    static void assertIntegrityOk(Path database) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
            var lines = new ArrayList<String>();
            while (rs.next()) {
                lines.add(rs.getString(1));
            }
            assertThat(lines).as("PRAGMA integrity_check of %s", database).containsExactly("ok");
        }
    }

    /** Temporary files the blob store writes before its rename ({@code .tmp-<hex>}). */
    static List<Path> tempFiles(Path blobRoot) throws IOException {
        return files(blobRoot).stream().filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList();
    }

    /** Blob files ({@code *.blob}) under {@code blobRoot}. */
    static List<Path> blobFiles(Path blobRoot) throws IOException {
        return files(blobRoot).stream().filter(p -> p.getFileName().toString().endsWith(".blob")).toList();
    }

    private static List<Path> files(Path root) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }
}
