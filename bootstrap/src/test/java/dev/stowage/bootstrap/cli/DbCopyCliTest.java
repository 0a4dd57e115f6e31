package dev.stowage.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.adapter.out.postgres.PostgresSettings;
import dev.stowage.application.port.out.BackupCatalog;
import dev.stowage.application.port.out.DocumentCatalog;
import dev.stowage.application.port.out.JobAdminStore;
import dev.stowage.application.port.out.JobManageStore;
import dev.stowage.application.port.out.JobTemplates;
import dev.stowage.application.port.out.ProgramStore;
import dev.stowage.application.port.out.TokenStore;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.bootstrap.config.ConfigLoader;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.document.DocumentQuery;
import dev.stowage.domain.program.Program;
import dev.stowage.domain.program.ProgramQuery;
import dev.stowage.domain.queue.JobFilter;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.token.ApiToken;
import dev.stowage.testing.TestPostgres;
import dev.stowage.testing.contract.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code stowage db copy --to postgres}: a data folder with jobs in every state, a paused queue, a
 * template, documents with their blobs, programs with revisions and images, tokens (one revoked),
 * an upload session and a backup record, copied into an empty PostgreSQL database, answers every
 * store's questions there exactly as it did on SQLite; a second copy is refused unless
 * {@code --replace}; the password is never printed.
 */
class DbCopyCliTest extends CliDataTest {
    private static final String PASSWORD = "s3cret-Pa55word-never-shown";
    private static final QueueName MEDIA = DataFolderFixture.MEDIA;

    private final Fixtures fx = new Fixtures();

    @Test
    void aDataFolderCopiedToPostgresAnswersAsItDidOnSqlite() throws Exception {
        fill();
        Map<String, Object> before;
        try (Stowage sqlite = tools()) {
            sqlite.start();
            before = answers(sqlite);
        }

        TestPostgres.Database target = TestPostgres.shared().freshDatabase("db_copy");
        Path passwordFile = Files.writeString(dir.resolve("pg-password"), target.password() + "\n");
        CliRun copy = ok("db", "copy", "--to", "postgres", "--url", target.url(), "--user", target.user(),
                "--password-file", passwordFile.toString());

        assertThat(copy.out()).contains("jobs", "documents", "programs", "program_revisions", "api_tokens",
                "resumable_uploads", "backups", "job_templates", "queue_settings").contains("Copied ");
        assertThat(copy.out() + copy.err()).doesNotContain(target.password().isEmpty() ? PASSWORD : target.password());
        PostgresSettings settings = PostgresSettings.defaults(target.url(), target.user(), target.password());
        try (Stowage postgres = Stowage.postgresDatabase(settings)) {
            postgres.start();
            Map<String, Object> after = answers(postgres);
            after.keySet().forEach(k -> assertThat(after.get(k)).as(k).isEqualTo(before.get(k)));
            assertThat(after).isEqualTo(before);
        }

        // the target now holds data: a second copy is refused and changes nothing, unless told to replace
        CliRun again = fails("db", "copy", "--to", "postgres", "--url", target.url(), "--user", target.user(),
                "--password-file", passwordFile.toString());
        assertThat(again.err()).contains("already holds Stowage data");
        ok("db", "copy", "--to", "postgres", "--url", target.url(), "--user", target.user(),
                "--password-file", passwordFile.toString(), "--replace");
        try (Stowage postgres = Stowage.postgresDatabase(settings)) {
            postgres.start();
            assertThat(answers(postgres)).isEqualTo(before);
        }
    }

    @Test
    void aCopyIsRefusedWhileAServiceHoldsTheDataFolder() throws Exception {
        fill();
        TestPostgres.Database target = TestPostgres.shared().freshDatabase("db_copy_locked");
        Path passwordFile = Files.writeString(dir.resolve("pg-password"), target.password() + "\n");
        String[] copy = {"db", "copy", "--to", "postgres", "--url", target.url(), "--user", target.user(),
                "--password-file", passwordFile.toString()};
        try (Stowage running = Stowage.builder().dataDir(dataDir()).build()) {
            running.start();
            CliRun refused = fails(copy);
            assertThat(refused.err()).contains("in use by a running Stowage service", "stop it first");
            assertThat(refused.out()).doesNotContain("Copied");
        }
        // the refusal wrote nothing: the target is still empty, so a copy without --replace goes through now
        assertThat(ok(copy).out()).contains("Copied ");
    }

    @Test
    void aWrongPasswordIsOneLineThatDoesNotShowIt() throws Exception {
        TestPostgres.Database target = TestPostgres.shared().freshDatabase("db_copy_wrong");
        Path passwordFile = Files.writeString(dir.resolve("pg-password"), PASSWORD);
        String url = target.url() + (target.url().contains("?") ? "&" : "?") + "user=nobody_here";
        CliRun r = run("db", "copy", "--to", "postgres", "--url", url, "--user", "nobody_here",
                "--password-file", passwordFile.toString());

        assertThat(r.exitCode()).as(r.transcript()).isEqualTo(1);
        assertThat(r.out() + r.err()).doesNotContain(PASSWORD).doesNotContain("\tat ");
    }

    private Stowage tools() {
        return Stowage.tools(ConfigLoader.load(new ConfigLoader.Sources(Optional.empty(), Map.of(),
                Map.of("stowage.data-dir", dataDir().toString()))));
    }

    /** Everything the stores answer, as plain values to compare. */
    private static Map<String, Object> answers(Stowage s) {
        Map<String, Object> a = new LinkedHashMap<>();
        DocumentCatalog documents = s.instance(DocumentCatalog.class);
        a.put("documents", Fixtures.walk(documents::all, 2));
        for (String owner : List.of("ana", "bob")) {
            UserId user = new UserId(owner);
            a.put("documents of " + owner + " by name", Fixtures.walk(p -> documents.list(user,
                    new DocumentQuery(DocumentQuery.Sort.NAME, false, Optional.empty(), Optional.empty()), p), 1));
            a.put("usage of " + owner, documents.usage(user));
        }
        a.put("public documents", Fixtures.walk(p -> documents.listPublic(DocumentQuery.newestFirst(), p), 2));
        a.put("document references", Fixtures.walk(documents::references, 2));
        ProgramStore programs = s.instance(ProgramStore.class);
        List<Program> all = Fixtures.walk(p -> programs.list(ProgramQuery.all(), p), 1);
        a.put("programs", all);
        for (Program p : all) {
            a.put("revisions of " + p.name(), Fixtures.walk(page -> programs.revisions(p.id(), page), 1));
        }
        a.put("program references", Fixtures.walk(programs::references, 1));
        TokenStore tokens = s.instance(TokenStore.class);
        a.put("tokens", tokens.list());
        for (ApiToken t : tokens.list()) {
            a.put("token by hash " + t.id(), tokens.findBySecretHash(t.secretHash()));
        }
        JobManageStore jobs = s.instance(JobManageStore.class);
        a.put("jobs", Fixtures.walk(p -> jobs.list(JobFilter.all(), p), 2));
        a.put("queue settings", s.instance(JobAdminStore.class).settings(MEDIA));
        a.put("queues", s.instance(JobAdminStore.class).queues());
        a.put("templates", s.instance(JobTemplates.class).list());
        a.put("backups", s.instance(BackupCatalog.class).list());
        return a;
    }

    private void fill() throws Exception {
        try (Stowage tools = tools()) {
            tools.start();
            DataFolderFixture.fill(tools, fx);
        }
    }
}
