package dev.stowage.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.application.port.in.queue.EnqueueCommand;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.QueueSettings;
import dev.stowage.domain.queue.WorkerId;
import dev.stowage.domain.token.TokenScopes;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every route against nine callers: no token, a bad token, another user (ben), the owner (ana: she
 * owns the documents; for queue routes she is simply a user), an administrator (root, who owns
 * none of the documents), and four users whose tokens have queue scopes: one for every action on
 * the queue the routes use ({@code matrix}), one for every action on another queue, one that may
 * read every queue and nothing else, and one made with no scope (documents only). ana's and ben's
 * tokens have every queue, as tokens made before scopes existed keep after an upgrade. Routes that
 * change or consume state make a fresh subject per call.
 *
 * <p>Queue routes that name the queue answer 403 to a token without the action there; routes that
 * name a job or a template answer 404 to a token that may not see its queue, as for one that does
 * not exist, and 403 to one that may see it but not do the action.
 *
 * <p>No answer to anyone but ana and the administrator (who may read and delete any owner's
 * document) may name ana's private document, nor give its id unless the request itself carried the
 * id (a 404's {@code instance} echoes the path that was asked for).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixTest {
    static final String SECRET_NAME = "ana-private-plan";
    static final String BAD = "stw_not-a-real-token";

    static final String QUEUE = "matrix";

    TestApi api;
    String here;
    String elsewhere;
    String reader;
    String docsOnly;
    String privateDoc;
    String publicDoc;
    String job;
    String program;
    String backup;
    final AtomicInteger seq = new AtomicInteger();

    enum Caller { NONE, BAD, OTHER, OWNER, ADMIN, HERE, ELSEWHERE, READER, DOCS_ONLY }

    /** A route, and the status each caller gets, in {@link Caller} order. */
    record Case(String route, int[] expected, BiFunction<AuthorizationMatrixTest, String, HttpResponse<String>> call) {
        @Override
        public String toString() {
            return route;
        }
    }

    /** A route where queue scopes make no difference: the scoped callers get what {@code other} gets. */
    static Case c(String route, int none, int bad, int other, int owner, int admin,
                  BiFunction<AuthorizationMatrixTest, String, HttpResponse<String>> call) {
        return new Case(route, new int[] {none, bad, other, owner, admin, other, other, other, other}, call);
    }

    /**
     * A queue route, on queue {@value #QUEUE} or a job or template of it: ana and ben get
     * {@code legacy}; the scoped callers get the rest.
     */
    static Case q(String route, int legacy, int admin, int here, int elsewhere, int reader, int docsOnly,
                  BiFunction<AuthorizationMatrixTest, String, HttpResponse<String>> call) {
        return new Case(route, new int[] {401, 401, legacy, legacy, admin, here, elsewhere, reader, docsOnly}, call);
    }

    @BeforeAll
    void start() {
        api = new TestApi();
        here = issue("hana", "enqueue:" + QUEUE, "work:" + QUEUE, "read:" + QUEUE);
        elsewhere = issue("eli", "enqueue:elsewhere", "work:elsewhere", "read:elsewhere");
        reader = issue("rita", "read:*");
        docsOnly = issue("dora");
        // every caller's claims and leases stay running here; the default of 16 would run out
        api.queues.changeSettings(new QueueName(QUEUE), s -> new QueueSettings(s.queue(), false, 10_000,
                s.defaultMaxAttempts(), s.backoff(), s.leaseDuration()));
        privateDoc = ApiTest.ok(api.upload(api.ana, "name=" + SECRET_NAME, "secret".getBytes(StandardCharsets.UTF_8),
                "text/plain"), 201).get("id").asText();
        publicDoc = ApiTest.ok(api.upload(api.ana, "name=ana-public&visibility=public", "open".getBytes(StandardCharsets.UTF_8),
                "text/plain"), 201).get("id").asText();
        job = ApiTest.ok(api.post("/api/v1/queues/matrix/jobs", api.ana, "{\"type\":\"t\"}"), 201).get("id").asText();
        ApiTest.ok(api.send("PUT", "/api/v1/templates/base", api.root, "{\"queue\":\"matrix\",\"type\":\"t\"}"), 200);
        program = api.programWithImage("matrix-program");
        backup = freshBackup();
    }

    String freshBackup() {
        return api.backups.create("matrix").id().value();
    }

    /** The archive of a backup that is then deleted, so that importing it makes it again. */
    byte[] freshArchive() {
        var id = new dev.stowage.domain.backup.BackupId(freshBackup());
        var out = new java.io.ByteArrayOutputStream();
        api.backups.export(id, out);
        api.backups.delete(id);
        return out.toByteArray();
    }

    String issue(String user, String... scopes) {
        return api.tokens.issue(new UserId(user), false, TokenScopes.parse(List.of(scopes)), user + "'s").secret();
    }

    @AfterAll
    void stop() {
        api.close();
    }

    String token(Caller caller) {
        return switch (caller) {
            case NONE -> null;
            case BAD -> BAD;
            case OTHER -> api.ben;
            case OWNER -> api.ana;
            case ADMIN -> api.root;
            case HERE -> here;
            case ELSEWHERE -> elsewhere;
            case READER -> reader;
            case DOCS_ONLY -> docsOnly;
        };
    }

    String fresh() {
        return "n" + seq.incrementAndGet();
    }

    String freshJob() {
        return api.enqueue.enqueue(EnqueueCommand.of(new QueueName(QUEUE), new JobType("t"),
                JsonText.emptyObject())).job().id().value();
    }

    String freshCancelledJob() {
        String id = freshJob();
        api.jobs.cancel(new dev.stowage.domain.queue.JobId(id));
        return id;
    }

    /** A job of the queue claimed through the use case, as "jobId lease". */
    String[] freshLease() {
        QueueName q = new QueueName(QUEUE);
        api.enqueue.enqueue(EnqueueCommand.of(q, new JobType("t"), JsonText.emptyObject()));
        try {
            Job j = api.work.claim(q, new WorkerId("w"), 1, Optional.empty(), Duration.ZERO).get(0);
            return new String[] {j.id().value(), j.lease().orElseThrow().id().value()};
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A tus upload of ten bytes that ana has created and not finished, by its path. */
    String freshUpload() {
        HttpResponse<String> r = api.send("POST", Api.UPLOADS, api.ana, null, "Tus-Resumable", "1.0.0",
                "Upload-Length", "10", "Upload-Metadata", tusMetadata(fresh()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return r.headers().firstValue("Location").orElseThrow();
    }

    static String tusMetadata(String fileName) {
        return "filename " + java.util.Base64.getEncoder().encodeToString(fileName.getBytes(StandardCharsets.UTF_8));
    }

    /** A resumable upload of a 1000-byte backup archive that root has created and not finished, by its path. */
    String freshArchiveUpload() {
        HttpResponse<String> r = api.send("POST", BackupRoutes.UPLOADS, api.root, null, "Tus-Resumable", "1.0.0",
                "Upload-Length", "1000");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return r.headers().firstValue("Location").orElseThrow();
    }

    String freshPrivateDoc() {
        return ApiTest.ok(api.upload(api.ana, "name=" + fresh(), "x".getBytes(StandardCharsets.UTF_8), "text/plain"), 201)
                .get("id").asText();
    }

    static Stream<Case> cases() {
        return Stream.of(
                c("GET /health", 200, 200, 200, 200, 200, (t, k) -> t.api.get("/health", k)),
                c("GET /metrics", 200, 200, 200, 200, 200, (t, k) -> t.api.get("/metrics", k)),
                c("GET /api/v1/openapi.json", 200, 200, 200, 200, 200, (t, k) -> t.api.get(Api.OPENAPI_PATH, k)),
                // queues: producers
                q("POST /queues/{q}/jobs", 201, 201, 201, 403, 403, 403,
                        (t, k) -> t.api.post("/api/v1/queues/matrix/jobs", k, "{\"type\":\"t\"}")),
                q("GET /jobs/{id}", 200, 200, 200, 404, 200, 404, (t, k) -> t.api.get("/api/v1/jobs/" + t.job, k)),
                // queues: administration
                c("GET /jobs", 401, 401, 403, 403, 200, (t, k) -> t.api.get("/api/v1/jobs", k)),
                c("POST /jobs/{id}/cancel", 401, 401, 403, 403, 200,
                        (t, k) -> t.api.post("/api/v1/jobs/" + t.freshJob() + "/cancel", k, null)),
                c("POST /jobs/{id}/retry", 401, 401, 403, 403, 200,
                        (t, k) -> t.api.post("/api/v1/jobs/" + t.freshCancelledJob() + "/retry", k, null)),
                c("POST /jobs/recover", 401, 401, 403, 403, 200, (t, k) -> t.api.post("/api/v1/jobs/recover", k, null)),
                c("POST /jobs/purge", 401, 401, 403, 403, 200,
                        (t, k) -> t.api.post("/api/v1/jobs/purge", k, "{\"olderThan\":\"P1D\"}")),
                // the queue list shows each token the queues it may read (none to a token without read scopes)
                q("GET /queues", 200, 200, 200, 200, 200, 200, (t, k) -> t.api.get("/api/v1/queues", k)),
                q("GET /queues/{q}/history", 200, 200, 200, 403, 200, 403,
                        (t, k) -> t.api.get("/api/v1/queues/matrix/history", k)),
                c("POST /jobs/bulk", 401, 401, 403, 403, 200, (t, k) -> t.api.post("/api/v1/jobs/bulk", k,
                        "{\"action\":\"retry\",\"ids\":[\"" + t.freshCancelledJob() + "\"]}")),
                c("POST /jobs/bulk?dryRun", 401, 401, 403, 403, 200, (t, k) -> t.api.post("/api/v1/jobs/bulk?dryRun=true", k,
                        "{\"action\":\"delete\",\"filter\":{}}")),
                c("GET /events", 401, 401, 200, 200, 200, (t, k) -> t.api.events("/api/v1/events", k, 1)),
                q("GET /events?job", 200, 200, 200, 404, 200, 404,
                        (t, k) -> t.api.events("/api/v1/events?job=" + t.job, k, 2)),
                c("POST /queues/{q}/pause", 401, 401, 403, 403, 200, (t, k) -> t.api.post("/api/v1/queues/other/pause", k, null)),
                c("POST /queues/{q}/resume", 401, 401, 403, 403, 200, (t, k) -> t.api.post("/api/v1/queues/other/resume", k, null)),
                c("GET /queues/{q}/settings", 401, 401, 403, 403, 200, (t, k) -> t.api.get("/api/v1/queues/other/settings", k)),
                c("PUT /queues/{q}/settings", 401, 401, 403, 403, 200,
                        (t, k) -> t.api.send("PUT", "/api/v1/queues/other/settings", k, "{\"maxConcurrency\":2}")),
                c("GET /queues/{q}/stats", 401, 401, 403, 403, 200, (t, k) -> t.api.get("/api/v1/queues/matrix/stats", k)),
                // templates
                q("GET /templates", 200, 200, 200, 200, 200, 200, (t, k) -> t.api.get("/api/v1/templates", k)),
                q("GET /templates/{name}", 200, 200, 200, 404, 200, 404, (t, k) -> t.api.get("/api/v1/templates/base", k)),
                c("PUT /templates/{name}", 401, 401, 403, 403, 200,
                        (t, k) -> t.api.send("PUT", "/api/v1/templates/" + t.fresh(), k, "{\"queue\":\"q\",\"type\":\"t\"}")),
                c("DELETE /templates/{name}", 401, 401, 403, 403, 204, (t, k) -> {
                    String name = t.fresh();
                    ApiTest.ok(t.api.send("PUT", "/api/v1/templates/" + name, t.api.root, "{\"queue\":\"q\",\"type\":\"t\"}"), 200);
                    return t.api.send("DELETE", "/api/v1/templates/" + name, k, null);
                }),
                q("POST /templates/{name}/jobs", 201, 201, 201, 404, 403, 404,
                        (t, k) -> t.api.post("/api/v1/templates/base/jobs", k, null)),
                // remote workers: a user whose token may work on the queue, holding the lease
                q("POST /queues/{q}/claim", 200, 200, 200, 403, 403, 403,
                        (t, k) -> t.api.post("/api/v1/queues/matrix/claim", k, "{\"worker\":\"w\"}")),
                q("POST /jobs/{id}/heartbeat", 200, 200, 200, 404, 403, 404, (t, k) -> {
                    String[] l = t.freshLease();
                    return t.api.post("/api/v1/jobs/" + l[0] + "/heartbeat", k, "{\"lease\":\"" + l[1] + "\"}");
                }),
                q("POST /jobs/{id}/complete", 200, 200, 200, 404, 403, 404, (t, k) -> {
                    String[] l = t.freshLease();
                    return t.api.post("/api/v1/jobs/" + l[0] + "/complete", k, "{\"lease\":\"" + l[1] + "\"}");
                }),
                q("POST /jobs/{id}/fail", 200, 200, 200, 404, 403, 404, (t, k) -> {
                    String[] l = t.freshLease();
                    return t.api.post("/api/v1/jobs/" + l[0] + "/fail", k, "{\"lease\":\"" + l[1] + "\",\"error\":\"e\"}");
                }),
                q("POST /jobs/{id}/release", 200, 200, 200, 404, 403, 404, (t, k) -> {
                    String[] l = t.freshLease();
                    return t.api.post("/api/v1/jobs/" + l[0] + "/release", k, "{\"lease\":\"" + l[1] + "\"}");
                }),
                // documents
                c("POST /documents", 401, 401, 201, 201, 201,
                        (t, k) -> t.api.upload(k, "name=" + t.fresh(), "b".getBytes(StandardCharsets.UTF_8), "text/plain")),
                c("GET /documents", 401, 401, 200, 200, 200, (t, k) -> t.api.get("/api/v1/documents", k)),
                // an owner's documents: ben's own, or any owner's for an administrator (ana's would name her
                // private document, which only she and the administrator may see)
                new Case("GET /documents?owner=ben", new int[] {401, 401, 200, 403, 200, 403, 403, 403, 403},
                        (t, k) -> t.api.get("/api/v1/documents?owner=ben", k)),
                // an administrator reads and deletes any owner's document, but changes only their own
                c("GET /documents/{private}", 404, 401, 404, 200, 200, (t, k) -> t.api.get("/api/v1/documents/" + t.privateDoc, k)),
                c("GET /documents/{public}", 200, 401, 200, 200, 200, (t, k) -> t.api.get("/api/v1/documents/" + t.publicDoc, k)),
                c("GET /documents/{private}/content", 404, 401, 404, 200, 200,
                        (t, k) -> t.api.get("/api/v1/documents/" + t.privateDoc + "/content", k)),
                c("GET /documents/{public}/content", 200, 401, 200, 200, 200,
                        (t, k) -> t.api.get("/api/v1/documents/" + t.publicDoc + "/content", k)),
                c("PATCH /documents/{private}", 401, 401, 404, 200, 404, (t, k) -> t.api.send("PATCH",
                        "/api/v1/documents/" + t.privateDoc, k, "{\"metadata\":{\"k\":\"" + t.fresh() + "\"}}", "If-Match", "*")),
                c("PATCH /documents/{public}", 401, 401, 403, 200, 403, (t, k) -> t.api.send("PATCH",
                        "/api/v1/documents/" + t.publicDoc, k, "{\"metadata\":{\"k\":\"" + t.fresh() + "\"}}", "If-Match", "*")),
                c("PUT /documents/{private}/content", 401, 401, 404, 200, 404, (t, k) -> t.api.send("PUT",
                        "/api/v1/documents/" + t.privateDoc + "/content", k, "secret", "If-Match", "*", "Content-Type", "text/plain")),
                c("DELETE /documents/{private}", 401, 401, 404, 204, 204,
                        (t, k) -> t.api.send("DELETE", "/api/v1/documents/" + t.freshPrivateDoc(), k, null)),
                c("HEAD /documents/{private}/content", 404, 401, 404, 200, 200,
                        (t, k) -> t.api.send("HEAD", "/api/v1/documents/" + t.privateDoc + "/content", k, null)),
                c("HEAD /documents/{public}/content", 200, 401, 200, 200, 200,
                        (t, k) -> t.api.send("HEAD", "/api/v1/documents/" + t.publicDoc + "/content", k, null)),
                c("GET /public/documents", 200, 401, 200, 200, 200, (t, k) -> t.api.get("/api/v1/public/documents", k)),
                c("GET /usage", 401, 401, 200, 200, 200, (t, k) -> t.api.get("/api/v1/usage", k)),
                c("GET /users/{user}/usage", 401, 401, 403, 200, 200, (t, k) -> t.api.get("/api/v1/users/ana/usage", k)),
                // tus resumable uploads: discovery is open; an upload is its creator's alone
                c("OPTIONS /uploads", 204, 204, 204, 204, 204, (t, k) -> t.api.send("OPTIONS", Api.UPLOADS, k, null)),
                c("OPTIONS /uploads/{id}", 204, 204, 204, 204, 204,
                        (t, k) -> t.api.send("OPTIONS", Api.UPLOADS + "/01ARZ3NDEKTSV4RRFFQ69G5FAV", k, null)),
                c("POST /uploads", 401, 401, 201, 201, 201, (t, k) -> t.api.send("POST", Api.UPLOADS, k, null,
                        "Tus-Resumable", "1.0.0", "Upload-Length", "10", "Upload-Metadata", tusMetadata(t.fresh()))),
                c("HEAD /uploads/{id}", 401, 401, 404, 200, 404,
                        (t, k) -> t.api.send("HEAD", t.freshUpload(), k, null, "Tus-Resumable", "1.0.0")),
                c("PATCH /uploads/{id}", 401, 401, 404, 204, 404, (t, k) -> t.api.send("PATCH", t.freshUpload(), k,
                        "0123456789", "Tus-Resumable", "1.0.0", "Upload-Offset", "0",
                        "Content-Type", TusRoutes.OFFSET_OCTET_STREAM)),
                c("DELETE /uploads/{id}", 401, 401, 404, 204, 404,
                        (t, k) -> t.api.send("DELETE", t.freshUpload(), k, null, "Tus-Resumable", "1.0.0")),
                // programs: any valid token reads and changes them; deleting one needs an administrator
                c("POST /programs", 401, 401, 201, 201, 201,
                        (t, k) -> t.api.post(ProgramRoutes.BASE, k, "{\"name\":\"" + t.fresh() + "\"}")),
                c("GET /programs", 401, 401, 200, 200, 200, (t, k) -> t.api.get(ProgramRoutes.BASE, k)),
                c("GET /programs/{id}", 401, 401, 200, 200, 200, (t, k) -> t.api.get(ProgramRoutes.BASE + "/" + t.program, k)),
                c("PATCH /programs/{id}", 401, 401, 200, 200, 200, (t, k) -> t.api.send("PATCH",
                        ProgramRoutes.BASE + "/" + t.api.program(t.fresh()), k, "{\"description\":\"d\"}", "If-Match", "*")),
                c("POST /programs/{id}/activate", 401, 401, 200, 200, 200, (t, k) -> t.api.send("POST",
                        ProgramRoutes.BASE + "/" + t.api.program(t.fresh()) + "/activate", k, null, "If-Match", "*")),
                c("POST /programs/{id}/deactivate", 401, 401, 200, 200, 200, (t, k) -> t.api.send("POST",
                        ProgramRoutes.BASE + "/" + t.api.program(t.fresh()) + "/deactivate", k, null, "If-Match", "*")),
                // the legacy import: administrators only, refused before the body is read
                c("POST /programs/import", 401, 401, 403, 403, 200, (t, k) -> t.api.send("POST",
                        ProgramImportRoutes.PATH, k, "[" + legacyProgram(t.fresh()) + "]")),
                c("DELETE /programs/{id}", 401, 401, 403, 403, 204, (t, k) -> t.api.send("DELETE",
                        ProgramRoutes.BASE + "/" + t.api.programWithImage(t.fresh()), k, null, "If-Match", "*")),
                c("PUT /programs/{id}/image", 401, 401, 200, 200, 200, (t, k) -> t.api.sendBytes("PUT",
                        ProgramRoutes.BASE + "/" + t.api.program(t.fresh()) + "/image", k,
                        dev.stowage.testing.program.ProgramServiceSuite.png(20, 10), "If-Match", "*")),
                c("GET /programs/{id}/image", 401, 401, 200, 200, 200,
                        (t, k) -> t.api.get(ProgramRoutes.BASE + "/" + t.program + "/image", k)),
                c("HEAD /programs/{id}/image", 401, 401, 200, 200, 200,
                        (t, k) -> t.api.send("HEAD", ProgramRoutes.BASE + "/" + t.program + "/image", k, null)),
                c("GET /programs/{id}/thumbnail", 401, 401, 200, 200, 200,
                        (t, k) -> t.api.get(ProgramRoutes.BASE + "/" + t.program + "/thumbnail", k)),
                c("GET /programs/{id}/revisions", 401, 401, 200, 200, 200,
                        (t, k) -> t.api.get(ProgramRoutes.BASE + "/" + t.program + "/revisions", k)),
                c("GET /programs/{id}/revisions/{version}", 401, 401, 200, 200, 200,
                        (t, k) -> t.api.get(ProgramRoutes.BASE + "/" + t.program + "/revisions/1", k)),
                c("GET /programs/{id}/diff", 401, 401, 200, 200, 200,
                        (t, k) -> t.api.get(ProgramRoutes.BASE + "/" + t.program + "/diff?from=1&to=2", k)),
                c("POST /programs/{id}/revisions/{version}/restore", 401, 401, 200, 200, 200, (t, k) -> t.api.send("POST",
                        ProgramRoutes.BASE + "/" + t.api.programWithImage(t.fresh()) + "/revisions/1/restore", k, null,
                        "If-Match", "*")),
                // backups: administrators only
                c("POST /backups", 401, 401, 403, 403, 201, (t, k) -> t.api.post(BackupRoutes.BASE, k, "{\"label\":\"m\"}")),
                c("GET /backups", 401, 401, 403, 403, 200, (t, k) -> t.api.get(BackupRoutes.BASE, k)),
                c("GET /backups/{id}", 401, 401, 403, 403, 200, (t, k) -> t.api.get(BackupRoutes.BASE + "/" + t.backup, k)),
                c("DELETE /backups/{id}", 401, 401, 403, 403, 204,
                        (t, k) -> t.api.send("DELETE", BackupRoutes.BASE + "/" + t.freshBackup(), k, null)),
                c("GET /backups/{id}/archive", 401, 401, 403, 403, 200,
                        (t, k) -> t.api.get(BackupRoutes.BASE + "/" + t.backup + "/archive", k)),
                c("POST /backups/{id}/verify", 401, 401, 403, 403, 200,
                        (t, k) -> t.api.post(BackupRoutes.BASE + "/" + t.backup + "/verify", k, "{\"samplePercent\":50}")),
                c("POST /backups/rotate", 401, 401, 403, 403, 200,
                        (t, k) -> t.api.post(BackupRoutes.BASE + "/rotate", k, "{\"keepLast\":1000,\"dryRun\":true}")),
                // refused callers send a few bytes: a whole archive could meet the server's close, which
                // answers before it reads a body, as a broken pipe instead of the answer
                c("POST /backups/import", 401, 401, 403, 403, 201, (t, k) -> t.api.sendBytes("POST", BackupRoutes.IMPORT, k,
                        t.api.root.equals(k) ? t.freshArchive() : new byte[] {1, 2, 3})),
                // resumable uploads of backup archives: discovery is open, the rest is for administrators
                c("OPTIONS /backups/uploads", 204, 204, 204, 204, 204,
                        (t, k) -> t.api.send("OPTIONS", BackupRoutes.UPLOADS, k, null)),
                c("POST /backups/uploads", 401, 401, 403, 403, 201, (t, k) -> t.api.send("POST", BackupRoutes.UPLOADS, k, null,
                        "Tus-Resumable", "1.0.0", "Upload-Length", "1000")),
                c("HEAD /backups/uploads/{id}", 401, 401, 403, 403, 200,
                        (t, k) -> t.api.send("HEAD", t.freshArchiveUpload(), k, null, "Tus-Resumable", "1.0.0")),
                c("PATCH /backups/uploads/{id}", 401, 401, 403, 403, 204, (t, k) -> t.api.send("PATCH", t.freshArchiveUpload(),
                        k, "0123456789", "Tus-Resumable", "1.0.0", "Upload-Offset", "0",
                        "Content-Type", TusRoutes.OFFSET_OCTET_STREAM)),
                c("DELETE /backups/uploads/{id}", 401, 401, 403, 403, 204,
                        (t, k) -> t.api.send("DELETE", t.freshArchiveUpload(), k, null, "Tus-Resumable", "1.0.0")));
    }

    /** One entry of the legacy export of programs, without an image. */
    static String legacyProgram(String id) {
        return "{\"id\":\"" + id + "\",\"name\":\"legacy " + id + "\",\"createdAt\":\"2025-09-30T08:00:00Z\","
                + "\"config\":{\"masterImage\":null}}";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyCallerGetsItsStatus(Case route) {
        List<String> wrong = new ArrayList<>();
        for (Caller caller : Caller.values()) {
            HttpResponse<String> r = route.call().apply(this, token(caller));
            int expected = route.expected()[caller.ordinal()];
            if (r.statusCode() != expected) {
                wrong.add(caller + ": expected " + expected + ", got " + r.statusCode() + " " + r.body());
            }
            if (r.statusCode() == 401) {
                assertThat(r.headers().firstValue("WWW-Authenticate")).as(caller + " " + route)
                        .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            }
            assertThat(r.body()).as(caller + " " + route)
                    .doesNotContain(BAD, api.ana, api.ben, api.root, here, elsewhere, reader, docsOnly);
            if (caller != Caller.OWNER && caller != Caller.ADMIN) {
                assertThat(r.body()).as(caller + " " + route).doesNotContain(SECRET_NAME);
                if (!r.uri().getPath().contains(privateDoc)) {
                    assertThat(r.body()).as(caller + " " + route).doesNotContain(privateDoc);
                }
            }
        }
        assertThat(wrong).as(route.route()).isEmpty();
    }

    @ParameterizedTest(name = "anonymous public reads off: {0}")
    @MethodSource("publicReads")
    void anonymousPublicReadsCanBeTurnedOff(String path) {
        try (TestApi closed = new TestApi(new HttpSettings("127.0.0.1", 0, 1 << 20, Duration.ofSeconds(2))
                .withAnonymousPublicReads(false).withMetricsRequireToken(true))) {
            String id = ApiTest.ok(closed.upload(closed.ana, "name=p&visibility=public", "x".getBytes(StandardCharsets.UTF_8),
                    "text/plain"), 201).get("id").asText();
            String p = path.replace("{id}", id);
            assertThat(closed.get(p, null).statusCode()).isEqualTo(401);
            assertThat(closed.get(p, closed.ben).statusCode()).isEqualTo(200);
        }
    }

    static Stream<String> publicReads() {
        return Stream.of("/api/v1/documents/{id}", "/api/v1/documents/{id}/content", "/api/v1/public/documents", "/metrics");
    }

}
