package dev.stowage.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.application.port.in.token.ManageTokensUseCase;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.bootstrap.config.ConfigLoader;
import dev.stowage.bootstrap.config.StowageConfig;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.token.TokenScopes;
import dev.stowage.testing.TestPostgres;
import dev.stowage.testing.contract.Fixtures;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Switching the database is configuration only, seen from the HTTP API: a data folder served on
 * SQLite, copied with {@code stowage db copy --to postgres}, then served from the same folder (its
 * blobs) with {@code stowage.database.backend = postgres}, answers the same requests with the same
 * status, content type, entity tag and body, byte for byte: listings page by page (cursors
 * included), every job, template, document and its content, program, image, revision and backup,
 * and the same tokens accepted and refused. No field is ignored: none legitimately differs, since the
 * copy carries ids, versions, times and hashes as they are.
 */
class DbCopyServeTest extends CliDataTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theHttpApiAnswersTheSameOnPostgresAfterACopy() throws Exception {
        try (Stowage tools = Stowage.tools(ConfigLoader.load(new ConfigLoader.Sources(Optional.empty(), Map.of(),
                Map.of("stowage.data-dir", dataDir().toString()))))) {
            tools.start();
            DataFolderFixture.fill(tools, new Fixtures());
        }

        Map<String, String> secrets = new LinkedHashMap<>();
        Map<String, String> before;
        try (Stowage sqlite = Stowage.service(config(Map.of()))) {
            sqlite.start();
            ManageTokensUseCase tokens = sqlite.instance(ManageTokensUseCase.class);
            secrets.put("ops", tokens.issue(new UserId("ops"), true, TokenScopes.none(), "ops").secret());
            secrets.put("ana", tokens.issue(new UserId("ana"), false, TokenScopes.none(), "ana").secret());
            secrets.put("bob", tokens.issue(new UserId("bob"), false, TokenScopes.none(), "bob").secret());
            var gone = tokens.issue(new UserId("ana"), false, TokenScopes.none(), "lost phone");
            tokens.revoke(gone.token().id());
            secrets.put("revoked", gone.secret());
            before = answers(sqlite, secrets);
        }
        assertThat(before.get("revoked GET /api/v1/documents")).startsWith("401");
        assertThat(before.get("ana GET /api/v1/documents")).startsWith("200");
        assertThat(before.keySet()).anyMatch(k -> k.endsWith("/content")).anyMatch(k -> k.contains("/revisions/"))
                .anyMatch(k -> k.endsWith("/image")).anyMatch(k -> k.startsWith("ops GET /api/v1/jobs/"));

        TestPostgres.Database target = TestPostgres.shared().freshDatabase("db_copy_serve");
        Path passwordFile = Files.writeString(dir.resolve("pg-password"), target.password() + "\n");
        ok("db", "copy", "--to", "postgres", "--url", target.url(), "--user", target.user(),
                "--password-file", passwordFile.toString());

        try (Stowage postgres = Stowage.service(config(Map.of(
                "stowage.database.backend", "postgres",
                "stowage.database.postgres.url", target.url(),
                "stowage.database.postgres.user", target.user(),
                "stowage.database.postgres.password", target.password())))) {
            postgres.start();
            Map<String, String> after = answers(postgres, secrets);
            before.keySet().forEach(k -> assertThat(after.get(k)).as(k).isEqualTo(before.get(k)));
            assertThat(after.keySet()).isEqualTo(before.keySet());
        }
    }

    private StowageConfig config(Map<String, String> database) {
        Map<String, String> keys = new HashMap<>(database);
        keys.put("stowage.data-dir", dataDir().toString());
        keys.put("stowage.http.port", "0");
        return ConfigLoader.load(new ConfigLoader.Sources(Optional.empty(), Map.of(), keys));
    }

    /** What the API answers to everything the data folder holds, keyed by who asked what. */
    private Map<String, String> answers(Stowage s, Map<String, String> secrets) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (String who : secrets.keySet()) {
            ask(a, s, secrets, who, "/api/v1/documents");
        }
        for (String owner : List.of("ana", "bob")) {
            for (Object doc : walk(a, s, secrets, owner, "/api/v1/documents?sort=name")) {
                String path = "/api/v1/documents/" + id(doc);
                ask(a, s, secrets, owner, path);
                ask(a, s, secrets, owner, path + "/content");
                // the other owner is refused alike on both backends
                ask(a, s, secrets, owner.equals("ana") ? "bob" : "ana", path + "/content");
            }
            ask(a, s, secrets, owner, "/api/v1/usage");
        }
        walk(a, s, secrets, "ops", "/api/v1/public/documents");
        for (Object job : walk(a, s, secrets, "ops", "/api/v1/jobs")) {
            ask(a, s, secrets, "ops", "/api/v1/jobs/" + id(job));
        }
        ask(a, s, secrets, "ops", "/api/v1/queues");
        ask(a, s, secrets, "ops", "/api/v1/queues/media/settings");
        assertThat(walk(a, s, secrets, "ops", "/api/v1/jobs?state=failed")).hasSize(1);
        walk(a, s, secrets, "ops", "/api/v1/templates");
        ask(a, s, secrets, "ops", "/api/v1/templates/thumbs");
        for (Object program : walk(a, s, secrets, "ops", "/api/v1/programs")) {
            String path = "/api/v1/programs/" + id(program);
            ask(a, s, secrets, "ops", path);
            ask(a, s, secrets, "ops", path + "/image");
            for (Object revision : walk(a, s, secrets, "ops", path + "/revisions")) {
                ask(a, s, secrets, "ops", path + "/revisions/" + field(revision, "version"));
            }
        }
        walk(a, s, secrets, "ops", "/api/v1/backups");
        return a;
    }

    /** Every page of a listing, two items a page so cursors are compared too; returns the items. */
    private List<Object> walk(Map<String, String> a, Stowage s, Map<String, String> secrets, String who, String path)
            throws Exception {
        List<Object> items = new ArrayList<>();
        String next = null;
        do {
            String page = path + (path.contains("?") ? "&" : "?") + "limit=2"
                    + (next == null ? "" : "&cursor=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
            String body = ask(a, s, secrets, who, page);
            String content = body.substring(body.indexOf('\n', body.indexOf('\n') + 1) + 1);
            Map<String, Object> json = jsonObject(new String(content.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
            items.addAll((List<?>) json.get("items"));
            next = (String) json.get("next");
        } while (next != null);
        return items;
    }

    /** Asks and records "status, content type, etag, body" (the body as bytes read as Latin-1). */
    private String ask(Map<String, String> a, Stowage s, Map<String, String> secrets, String who, String path)
            throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.httpPort() + path))
                .header("Authorization", "Bearer " + secrets.get(who)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        String answer = r.statusCode() + " " + r.headers().firstValue("Content-Type").orElse("") + "\n"
                + r.headers().firstValue("ETag").orElse("") + "\n" + new String(r.body(), StandardCharsets.ISO_8859_1);
        a.put(who + " GET " + path, answer);
        return answer;
    }

    private static String id(Object item) {
        return field(item, "id");
    }

    private static String field(Object item, String name) {
        Object v = ((Map<?, ?>) item).get(name);
        assertThat(v).as(name + " of " + item).isNotNull();
        return v instanceof Number n ? String.valueOf(n.longValue()) : v.toString();
    }
}
