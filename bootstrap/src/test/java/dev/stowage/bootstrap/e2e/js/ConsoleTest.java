package dev.stowage.bootstrap.e2e.js;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.application.port.in.document.UploadCommand;
import dev.stowage.application.port.in.queue.ManageTemplatesUseCase;
import dev.stowage.application.port.in.queue.WorkJobsUseCase;
import dev.stowage.application.port.in.token.ManageTokensUseCase;
import dev.stowage.application.worker.WorkerRuntime;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.domain.backup.Backup;
import dev.stowage.domain.common.Actor;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.document.DocumentName;
import dev.stowage.domain.document.FileName;
import dev.stowage.domain.document.MimeType;
import dev.stowage.domain.program.Program;
import dev.stowage.application.port.in.program.ProgramDraft;
import dev.stowage.domain.program.ProgramName;
import dev.stowage.application.port.in.queue.EnqueueCommand;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobId;
import dev.stowage.domain.queue.JobState;
import dev.stowage.domain.queue.JobTemplate;
import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.QueueSettings;
import dev.stowage.domain.queue.TemplateName;
import dev.stowage.domain.queue.WorkerId;
import dev.stowage.domain.token.TokenScopes;
import dev.stowage.testing.SharedFixtures;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The web console in headless Chromium and in headless Firefox, each against its own real service
 * (SQLite and a blob folder in a temporary directory, HTTP on loopback), with real data: 500
 * failed jobs to retry in bulk, a running job whose worker must stop when cancelled from the
 * console, a program with revisions, hostile text in a job payload, a document name and a program
 * config, another owner's document for the administrator to download and delete. {@code e2e/console.js}
 * drives one browser through every screen (one scenario for both engines, through
 * {@code e2e/browsers.js}; see e2e/README.md) and saves a screenshot of each under
 * {@code target/console-screenshots/ENGINE}; this test prepares the data and then checks on the
 * server side what the clicks did. Each engine gets a fresh service, since the scenario changes
 * the data (a few seconds, next to a browser's minute).
 */
class ConsoleTest {
    static final String XSS_SCRIPT = "<script>alert('xss-script')</script>";
    static final String XSS_IMG = "<img src=x onerror=alert('xss-img')>";
    private static final UserId ROOT = new UserId("root");
    private static final UserId ANA = new UserId("ana");
    private static final QueueName MAIL = new QueueName("mail");
    private static final QueueName SLOW = new QueueName("slow");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"chromium", "firefox"})
    void theConsoleShowsAndActsOnRealData(String engine) throws Exception {
        Path e2e = JsTools.e2e();
        Path browser = JsTools.browser(e2e, engine);
        Path shots = Path.of(System.getProperty("user.dir"), "target", "console-screenshots", engine);
        Files.createDirectories(shots);
        // screenshots of an earlier run must not stand in for this one's
        try (var old = Files.newDirectoryStream(shots, "*.png")) {
            for (Path png : old) {
                Files.delete(png);
            }
        }
        Path image = dir.resolve("new-image.png");
        writePng(image, 640, 480);
        // the localStorage export the console imports (a copy: the shared fixture stays read-only)
        Path export = SharedFixtures.copy("legacy/vision_programs.json", dir);

        try (Stowage stowage = Stowage.builder().dataDir(dir.resolve("data")).set("stowage.http.port", "0").withHttp().build()) {
            stowage.start();
            var tokens = stowage.instance(ManageTokensUseCase.class);
            String admin = tokens.issue(ROOT, true, TokenScopes.none(), "console admin").secret();
            // a user who may read every queue: the console's read-only view of queues, documents and programs
            String reader = tokens.issue(ANA, false, TokenScopes.parse(List.of("read:*")), "console reader").secret();

            failedJobs(stowage, MAIL, "send", 500);
            failedJobs(stowage, MAIL, "digest", 30);
            Job hostileJob = stowage.queue().enqueue("hostile", "render",
                    "{\"html\":\"" + XSS_SCRIPT + "\",\"img\":\"" + XSS_IMG + "\"}");
            stowage.documents().upload(Actor.user(ANA), UploadCommand.of(new DocumentName("note " + XSS_IMG),
                    new FileName("note.txt"), new MimeType("text/plain")), new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)));
            // the administrator's own document, which the console deletes (ana's too, as an administrator)
            stowage.documents().upload(Actor.user(ROOT), UploadCommand.of(new DocumentName("old report"),
                    new FileName("old-report.txt"), new MimeType("text/plain")), new ByteArrayInputStream("old".getBytes(StandardCharsets.UTF_8)));
            Program lamp = stowage.programs().create(Actor.user(ROOT), new ProgramDraft(new ProgramName("Lamp"), "a desk lamp",
                    JsonText.of("{\"brightness\":10,\"color\":\"red\"}"), 1, true));
            lamp = stowage.programs().update(Actor.user(ROOT), lamp.id(), lamp.version(), new ProgramDraft(new ProgramName("Lamp"),
                    "a desk lamp", JsonText.of("{\"brightness\":80,\"color\":\"red\",\"mode\":\"night\"}"), 1, true));
            stowage.instance(ManageTemplatesUseCase.class).save(new JobTemplate(new TemplateName("nightly-report"),
                    "the nightly report", new QueueName("reports"), new JobType("render"), JsonText.of("{\"size\":\"large\"}"),
                    0, Optional.empty(), Optional.empty(), Optional.of("root"), Instant.EPOCH, Instant.EPOCH));
            Program hostile = stowage.programs().create(Actor.user(ROOT), new ProgramDraft(new ProgramName("Hostile"),
                    "described as " + XSS_IMG, JsonText.of("{\"label\":\"" + XSS_SCRIPT + "\",\"icon\":\"" + XSS_IMG + "\"}"), 1, true));

            // a running job whose handler reports progress until the console cancels it
            stowage.queue().changeSettings(SLOW, s -> new QueueSettings(s.queue(), s.paused(), s.maxConcurrency(),
                    s.defaultMaxAttempts(), s.backoff(), Duration.ofMillis(900)));
            var started = new CountDownLatch(1);
            var stopped = new CountDownLatch(1);
            var sawCancel = new AtomicBoolean();
            WorkerRuntime worker = stowage.workers("console-e2e").register(SLOW.value(), "crunch", ctx -> {
                started.countDown();
                try {
                    for (int i = 0; ; i++) {
                        ctx.progress(i % 100, "crunching");
                        if (ctx.cancelRequested()) {
                            sawCancel.set(true);
                        }
                        ctx.stopIfCancelRequested();
                        Thread.sleep(50);
                    }
                } finally {
                    stopped.countDown();
                }
            });
            worker.start();
            Job running = stowage.queue().enqueue(SLOW.value(), "crunch", "{}");
            assertThat(started.await(30, TimeUnit.SECONDS)).as("the worker took the job").isTrue();

            String result = JsTools.node(e2e, 8, "console.js", "http://127.0.0.1:" + stowage.httpPort(), admin, reader,
                    engine, browser.toString(), shots.toString(), image.toString(), running.id().value(), lamp.id().value(),
                    hostile.id().value(), hostileJob.id().value(), "nightly-report", export.toString());

            assertThat(JsTools.field(result, "engine")).isEqualTo(engine);
            // the bulk retry: every failed "send" job of mail is pending again, the "digest" ones untouched
            var stats = stowage.queue().stats(MAIL, Duration.ofHours(1));
            assertThat(stats.countsByState().get(JobState.FAILED)).isEqualTo(30L);
            assertThat(stats.countsByState().get(JobState.PENDING)).isEqualTo(500L);
            assertThat(JsTools.field(result, "bulkMatched")).isEqualTo("500");
            assertThat(JsTools.field(result, "liveCounts")).isEqualTo("30/500");
            // over the event stream, not the polling kept for servers without one
            assertThat(JsTools.field(result, "liveMode")).isEqualTo("stream");
            // the cancel reached the worker, whose handler stopped
            assertThat(stopped.await(30, TimeUnit.SECONDS)).as("the handler stopped").isTrue();
            assertThat(sawCancel).isTrue();
            assertThat(stowage.queue().awaitFinished(running.id(), Duration.ofSeconds(30)).state()).isEqualTo(JobState.CANCELLED);
            worker.stop();
            // restoring version 1 made version 3 with version 1's config; the new image made version 4
            Program restored = stowage.programs().get(lamp.id());
            assertThat(restored.version()).isEqualTo(4);
            assertThat(stowage.programs().revision(lamp.id(), 3).config().json()).contains("\"brightness\":10").doesNotContain("night");
            assertThat(restored.config().json()).contains("\"brightness\":10").doesNotContain("night");
            // the uploaded image and its thumbnail
            assertThat(restored.image()).hasValueSatisfying(i -> {
                assertThat(i.width()).isEqualTo(640);
                assertThat(i.thumbnail()).isPresent();
            });
            assertThat(JsTools.field(result, "thumbnailWidth")).isNotEqualTo("0");
            // the backup taken and verified from the console
            List<Backup> backups = stowage.backups().list();
            assertThat(backups).singleElement().satisfies(b -> {
                assertThat(b.label()).isEqualTo("from-console");
                assertThat(b.lastVerification()).hasValueSatisfying(v -> assertThat(v.ok()).isTrue());
            });
            // the read-only token: no action, and the API refused what the page did not show
            assertThat(JsTools.field(result, "readOnlyButtons")).isEqualTo("0");
            assertThat(JsTools.field(result, "readOnlyPause")).isEqualTo("403");
            assertThat(JsTools.field(result, "readOnlyBulk")).isEqualTo("403");
            assertThat(JsTools.field(result, "csp")).doesNotContain("unsafe-inline").contains("script-src 'self'");
            assertThat(JsTools.field(result, "xssShown")).isEqualTo("true");
            assertThat(JsTools.field(result, "dialogs")).isEqualTo("0");
            assertThat(JsTools.field(result, "pageErrors")).isEqualTo("0");
            // enqueued from the form, plainly and from the template
            Job plain = stowage.queue().job(new JobId(JsTools.field(result, "enqueued")));
            assertThat(plain.queue().value()).isEqualTo("e2e");
            assertThat(plain.type().value()).isEqualTo("hello");
            assertThat(plain.payload().json()).contains("\"greeting\":\"hi\"");
            Job fromTemplate = stowage.queue().job(new JobId(JsTools.field(result, "fromTemplate")));
            assertThat(fromTemplate.queue().value()).isEqualTo("reports");
            assertThat(fromTemplate.type().value()).isEqualTo("render");
            assertThat(fromTemplate.payload().json()).contains("\"size\":\"large\"");
            // the settings saved; the invalid ones refused with a problem whose detail the page showed
            QueueSettings mail = stowage.queue().settings(MAIL);
            assertThat(JsTools.field(result, "settingsSaved")).isEqualTo("200");
            assertThat(mail.maxConcurrency()).isEqualTo(3);
            assertThat(mail.leaseDuration()).isEqualTo(Duration.ofSeconds(45));
            assertThat(JsTools.field(result, "settingsStatus")).isEqualTo("400");
            assertThat(JsTools.field(result, "settingsType")).startsWith("application/problem+json");
            assertThat(JsTools.field(result, "errorShowsDetail")).isEqualTo("true");
            // paused by keyboard, resumed by a click
            assertThat(JsTools.field(result, "tabReachedNav")).isEqualTo("true");
            assertThat(JsTools.field(result, "tabReachedPause")).isEqualTo("true");
            assertThat(mail.paused()).isFalse();
            assertThat(JsTools.field(result, "unlabelled")).isEqualTo("0");
            // a hidden tab asked for no stream and saw no event; shown again, it resumed where it stopped
            assertThat(JsTools.field(result, "hiddenEventRequests")).isEqualTo("0");
            assertThat(JsTools.field(result, "hiddenEvents")).isEqualTo("0");
            assertThat(JsTools.field(result, "hiddenPending")).isEqualTo("0");
            assertThat(JsTools.field(result, "resumedLastEventId")).isNotBlank();
            // the import and its report
            assertThat(JsTools.field(result, "importReport")).contains("4 entries read, 4 created");
            assertThat(stowage.programs().byName("Bottle Cap Inspection").externalRef()).isPresent();
            // two refusals asked nothing of the server; the keyboard's confirmation deleted the document
            assertThat(JsTools.field(result, "deleteAsksFirst")).isEqualTo("true");
            assertThat(JsTools.field(result, "deletesAfterCancel")).isEqualTo("0");
            assertThat(JsTools.field(result, "deleteRequests")).isEqualTo("1");
            assertThat(stowage.documents().list(ROOT.value(), 10).items()).isEmpty();
            // the administrator downloaded and deleted another owner's document
            assertThat(JsTools.field(result, "otherOwnerDownload")).isEqualTo("200");
            assertThat(JsTools.field(result, "otherOwnerDelete")).isEqualTo("204");
            assertThat(stowage.documents().list(ANA.value(), 10).items()).isEmpty();
            for (String screen : List.of("signin", "queues", "jobs", "job", "documents", "programs", "program-diff",
                    "program-image", "backups", "read-only", "enqueue", "queue-settings-error", "queue-paused", "hidden-tab",
                    "program-import", "document-delete-confirm", "document-deleted", "document-other-owner-deleted")) {
                assertThat(shots.resolve(screen + ".png")).isNotEmptyFile();
            }
        }
    }

    /** {@code count} jobs of {@code queue}, each claimed and failed for good (one attempt). */
    private static void failedJobs(Stowage stowage, QueueName queue, String type, int count) throws InterruptedException {
        var commands = new ArrayList<EnqueueCommand>();
        for (int i = 0; i < count; i++) {
            commands.add(new EnqueueCommand(queue, new JobType(type), JsonText.of("{\"n\":" + i + "}"), Optional.empty(),
                    Optional.of(1), Optional.empty(), Optional.of(type + "-" + i), Optional.empty()));
        }
        stowage.queue().enqueueAll(commands);
        var work = stowage.instance(WorkJobsUseCase.class);
        var worker = new WorkerId("seeder");
        for (int left = count; left > 0; ) {
            List<Job> claimed = work.claim(queue, worker, Math.min(100, left), Optional.empty(), Duration.ZERO);
            assertThat(claimed).isNotEmpty();
            for (Job j : claimed) {
                work.fail(j.id(), j.lease().orElseThrow().id(), "boom " + j.id());
            }
            left -= claimed.size();
        }
    }

    private static void writePng(Path file, int width, int height) throws Exception {
        var img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(30, 90, 160));
        g.fillRect(0, 0, width, height);
        g.setColor(Color.ORANGE);
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }
}
