package dev.stowage.adapter.in.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.application.port.in.legacy.ImportProgress;
import dev.stowage.application.port.in.legacy.ImportReport;
import dev.stowage.application.service.MonotonicIdGenerator;
import dev.stowage.application.service.legacy.QueueStateImportService;
import dev.stowage.domain.common.Json;
import dev.stowage.domain.common.PageRequest;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobFilter;
import dev.stowage.domain.queue.JobState;
import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.TemplateName;
import dev.stowage.domain.queue.WorkerId;
import dev.stowage.testing.InMemoryJobStore;
import dev.stowage.testing.InMemoryJobTemplates;
import dev.stowage.testing.InMemoryTransactions;
import dev.stowage.testing.ManualClock;
import dev.stowage.testing.SharedFixtures;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The legacy queue state file and template import: the real streaming reader over copies of the
 * shared fixtures, and the import service over the in-memory stores.
 */
class QueueStateImportTest {
    static final QueueName RENDERS = new QueueName("renders");
    static final JobType RENDER = new JobType("render");

    @TempDir
    Path dir;
    ManualClock clock;
    InMemoryJobStore jobs;
    InMemoryJobTemplates templates;
    QueueStateImportService importer;
    JacksonLegacyFiles files;
    Path fixture;

    @BeforeEach
    void setUp() {
        clock = new ManualClock(Instant.parse("2026-06-01T12:00:00Z"));
        var ids = new MonotonicIdGenerator(clock);
        jobs = new InMemoryJobStore(ids);
        templates = new InMemoryJobTemplates();
        importer = new QueueStateImportService(jobs, jobs, templates, new InMemoryTransactions(), ids, clock);
        files = new JacksonLegacyFiles(LegacySettings.defaults(dir.resolve("tmp"), 64L << 20));
        fixture = SharedFixtures.copy("legacy/queue_state.json", dir);
    }

    ImportReport importFile(Path file) {
        return importer.importQueueState(files.queueState(file), RENDERS, RENDER, false, ImportProgress.NONE);
    }

    /** The fixture with {@code change} applied to its parsed root, written to a new file. */
    Path variant(String name, java.util.function.Consumer<Map<String, Object>> change) throws Exception {
        @SuppressWarnings("unchecked")
        var root = (Map<String, Object>) Json.parse(Files.readString(fixture));
        change.accept(root);
        return Files.writeString(dir.resolve(name), Json.write(root));
    }

    @SuppressWarnings("unchecked")
    static List<Object> jobsOf(Map<String, Object> root) {
        var list = new ArrayList<Object>((List<Object>) root.get("jobs"));
        root.put("jobs", list);
        return list;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> copyOf(Object job) {
        return new LinkedHashMap<>((Map<String, Object>) job);
    }

    List<Job> all() {
        return jobs.list(JobFilter.all(), PageRequest.first(1000)).items();
    }

    Job byRef(String legacyId) {
        return jobs.findByExternalRef("queue-state:" + legacyId).orElseThrow();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> legacyOf(Job job) {
        return (Map<String, Object>) ((Map<String, Object>) Json.parse(job.payload().json())).get("legacy");
    }

    @Test
    void everyJobComesInWithItsHistory() {
        var progress = new ArrayList<String>();
        ImportReport report = importer.importQueueState(files.queueState(fixture), RENDERS, RENDER, false,
                (done, total) -> progress.add(done + "/" + total));
        assertThat(report.clean()).as(report.toString()).isTrue();
        assertThat(report.entries()).isEqualTo(5);
        assertThat(report.created()).isEqualTo(5);
        assertThat(progress).containsExactly("1/5", "2/5", "3/5", "4/5", "5/5");

        Job done = byRef("job_001");
        assertThat(done.state()).isEqualTo(JobState.COMPLETED);
        assertThat(done.progress().percent()).isEqualTo(100);
        assertThat(done.createdAt()).isEqualTo(Instant.parse("2024-01-15T10:30:15Z"));
        assertThat(done.startedAt()).contains(Instant.parse("2024-01-15T10:30:20Z"));
        assertThat(done.estimatedDuration()).contains(Duration.ofSeconds(145));
        @SuppressWarnings("unchecked")
        var result = (Map<String, Object>) Json.parse(done.result().orElseThrow().json());
        assertThat(result.get("files_generated")).asList().hasSize(2);
        assertThat(result.get("warnings")).asList().containsExactly("Minor mesh issues detected but repaired");

        Job failed = byRef("job_003");
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.lastError()).contains("Mesh validation failed: non-manifold geometry");

        assertThat(byRef("job_004").state()).isEqualTo(JobState.PENDING);
        assertThat(byRef("job_005").state()).isEqualTo(JobState.CANCELLED);
    }

    @Test
    void completedAtStaysAsWrittenAndTheFinerDurationIsKeptBesideIt() {
        importFile(fixture);
        Job done = byRef("job_001");
        // Before: finished-at was rewritten as started_at + actual_duration (10:32:45.300).
        assertThat(done.finishedAt()).contains(Instant.parse("2024-01-15T10:32:45Z"));
        assertThat(legacyOf(done)).containsEntry("actual_duration", new BigDecimal("145.3"))
                .containsEntry("id", "job_001").containsEntry("state", "completed");
        assertThat(byRef("job_003").finishedAt()).contains(Instant.parse("2024-01-15T10:33:05Z"));
    }

    @Test
    void aJobThatWasProcessingComesBackPendingWithItsProgressAndStartKept() {
        importFile(fixture);
        Job was = byRef("job_002");
        assertThat(was.state()).isEqualTo(JobState.PENDING);
        assertThat(was.lease()).isEmpty();
        assertThat(was.attempts()).isZero();
        assertThat(was.progress().percent()).isZero();
        assertThat(was.runAt()).isEqualTo(clock.instant());
        assertThat(was.progress().message()).contains("processing", "42.5%", "2024-01-15T11:40:02Z");
        assertThat(legacyOf(was)).containsEntry("state", "processing")
                .containsEntry("progress", new BigDecimal("42.5"))
                .containsEntry("started_at", "2024-01-15T11:40:02Z");
        // It can be claimed right away.
        assertThat(jobs.claim(RENDERS, new WorkerId("w"), 10, clock.instant(), Optional.empty()))
                .extracting(Job::externalRef).contains(Optional.of("queue-state:job_002"));
    }

    @Test
    void unknownFieldsAreKeptWithTheJob() throws Exception {
        Path file = variant("extra.json", root -> {
            var list = jobsOf(root);
            var job = copyOf(list.get(3));
            job.put("priority_hint", "rush");
            job.put("operator", Map.of("name", "ana", "shift", 2));
            list.set(3, job);
        });
        assertThat(importFile(file).clean()).isTrue();
        assertThat(legacyOf(byRef("job_004"))).containsEntry("priority_hint", "rush")
                .containsEntry("operator", Map.of("name", "ana", "shift", new BigDecimal(2)));
    }

    @Test
    void aBadQueueSettingIsReportedAndTheJobsStillComeInWithTheSettingsAsTheyWere() throws Exception {
        Path file = variant("bad_settings.json", root -> {
            @SuppressWarnings("unchecked")
            var settings = new LinkedHashMap<>((Map<String, Object>) root.get("queue_settings"));
            settings.put("max_concurrent_jobs", "two");
            root.put("queue_settings", settings);
        });
        ImportReport report = importFile(file);
        // Before: the whole file was refused and 0 of 5 jobs came in.
        assertThat(report.created()).isEqualTo(5);
        assertThat(all()).hasSize(5);
        assertThat(report.clean()).isFalse();
        assertThat(report.problems()).isEmpty();
        assertThat(report.fileProblems()).singleElement().asString()
                .contains("queue_settings.max_concurrent_jobs", "\"two\"", "must be a number", "stays 16");
        assertThat(jobs.settings(RENDERS).maxConcurrency()).isEqualTo(16);
        assertThat(jobs.settings(RENDERS).defaultMaxAttempts()).isEqualTo(4); // the good setting still applies
    }

    @Test
    void globalOptionsThatAreNotObjectsAreReportedAndTheJobsStillComeIn() throws Exception {
        Path file = variant("bad_options.json", root -> root.put("global_render_options", "studio"));
        ImportReport report = importFile(file);
        assertThat(report.created()).isEqualTo(5);
        assertThat(report.fileProblems()).singleElement().asString().contains("global_render_options");
        @SuppressWarnings("unchecked")
        var render = (Map<String, Object>) ((Map<String, Object>) Json.parse(byRef("job_002").payload().json()))
                .get("render_options");
        assertThat(render).containsOnlyKeys("generate_video", "width", "height");
    }

    @Test
    void aDuplicateIdIsReportedWithBothIndexesAndWhetherItsContentsDiffer() throws Exception {
        Path file = variant("dupes.json", root -> {
            var list = jobsOf(root);
            list.add(copyOf(list.get(0)));               // #5: same as #0
            var changed = copyOf(list.get(2));
            changed.put("error_message", "something else");
            list.add(changed);                           // #6: id of #2, other contents
        });
        ImportReport report = importFile(file);
        // Before: both were counted as "already imported", silently.
        assertThat(report.created()).isEqualTo(5);
        assertThat(report.existing()).isZero();
        assertThat(report.problems()).hasSize(2);
        assertThat(report.problems().get(0)).satisfies(p -> {
            assertThat(p.index()).isEqualTo(5);
            assertThat(p.id()).isEqualTo("job_001");
            assertThat(p.reason()).contains("duplicate id", "#0", "same contents");
        });
        assertThat(report.problems().get(1)).satisfies(p -> {
            assertThat(p.index()).isEqualTo(6);
            assertThat(p.id()).isEqualTo("job_003");
            assertThat(p.reason()).contains("duplicate id", "#2", "contents differ");
        });
        assertThat(byRef("job_003").lastError()).contains("Mesh validation failed: non-manifold geometry");
    }

    @Test
    void globalOptionsAreMergedUnderEachJobsOwnAndKeptAsATemplate() {
        importFile(fixture);
        @SuppressWarnings("unchecked")
        var payload = (Map<String, Object>) Json.parse(byRef("job_002").payload().json());
        assertThat(payload).containsEntry("stl_path", "/srv/models/ModelB.stl");
        @SuppressWarnings("unchecked")
        var render = (Map<String, Object>) payload.get("render_options");
        assertThat(render).containsEntry("generate_video", true).containsEntry("material", "plastic");
        assertThat(render.get("width").toString()).isEqualTo("3840");
        @SuppressWarnings("unchecked")
        var validation = (Map<String, Object>) payload.get("validation_options");
        assertThat(validation).containsEntry("level", "strict").containsEntry("auto_repair", true);

        var defaults = templates.find(new TemplateName("Imported defaults")).orElseThrow();
        assertThat(defaults.payload().json()).contains("/srv/renders/output").contains("studio");
        var settings = jobs.settings(RENDERS);
        assertThat(settings.maxConcurrency()).isEqualTo(2);
        assertThat(settings.defaultMaxAttempts()).isEqualTo(4); // first try + 3 retries
    }

    @Test
    void reimportCreatesNothingNew() {
        importFile(fixture);
        ImportReport again = importFile(fixture);
        assertThat(again.created()).isZero();
        assertThat(again.existing()).isEqualTo(5);
        assertThat(again.clean()).isTrue();
        assertThat(all()).hasSize(5);
    }

    @Test
    void dryRunReportsAndChangesNothing() {
        ImportReport dry = importer.importQueueState(files.queueState(fixture), RENDERS, RENDER, true,
                ImportProgress.NONE);
        assertThat(dry.dryRun()).isTrue();
        assertThat(dry.created()).isEqualTo(5);
        assertThat(all()).isEmpty();
        assertThat(templates.list()).isEmpty();
        assertThat(jobs.queues()).isEmpty();
    }

    @Test
    void badEntriesAreReportedWithTheirIndexAndTheRestComeIn() throws Exception {
        Path file = variant("bad_entries.json", root -> {
            var list = jobsOf(root);
            list.add("not an object");
            list.add(Map.of("id", "job_bad_state", "stl_path", "/x.stl", "state", "exploded", "created_at",
                    "2024-01-15T10:30:15Z"));
            list.add(Map.of("id", "job_bad_time", "stl_path", "/x.stl", "state", "pending", "created_at", "yesterday"));
            list.add(Map.of("id", "job_no_stl", "state", "pending"));
        });
        ImportReport report = importFile(file);
        assertThat(report.created()).isEqualTo(5);
        assertThat(report.problems()).extracting(ImportReport.Problem::index).containsExactly(5, 6, 7, 8);
        assertThat(report.problems().get(0).id()).isEmpty();
        assertThat(report.problems().get(1).reason()).contains("exploded");
        assertThat(report.problems().get(2).reason()).contains("created_at");
        assertThat(report.problems().get(3)).satisfies(p -> assertThat(p.id()).isEqualTo("job_no_stl"))
                .satisfies(p -> assertThat(p.reason()).contains("stl_path"));
        assertThat(all()).hasSize(5);
    }

    @Test
    void anEntryOverTheLimitIsReportedUnreadAndTheOthersComeIn() throws Exception {
        var small = new JacksonLegacyFiles(new LegacySettings(dir.resolve("tmp"), 2048, 64L << 20));
        Path file = variant("huge_entry.json", root -> {
            var list = jobsOf(root);
            var huge = copyOf(list.get(3));
            huge.put("id", "job_huge");
            huge.put("notes", "x".repeat(10_000));
            list.add(1, huge);
        });
        ImportReport report = importer.importQueueState(small.queueState(file), RENDERS, RENDER, false,
                ImportProgress.NONE);
        assertThat(report.created()).isEqualTo(5);
        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.index()).isEqualTo(1);
            assertThat(p.reason()).contains("over the limit of 2048");
        });
    }

    @Test
    void theWholeFileMustBeAQueueStateOfAKnownVersion() throws Exception {
        assertThatThrownBy(() -> files.queueState(Files.writeString(dir.resolve("a.json"), "[1,2]")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not a JSON object");
        Path v2 = Files.writeString(dir.resolve("v2.json"), "{\"version\":\"2.0\",\"jobs\":[]}");
        assertThatThrownBy(() -> importFile(v2)).isInstanceOf(InvalidInputException.class).hasMessageContaining("2.0");
        assertThatThrownBy(() -> files.queueState(Files.writeString(dir.resolve("cut.json"), "{\"version\":")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not readable JSON");
        Path broken = Files.writeString(dir.resolve("broken.json"),
                Files.readString(fixture).replace("\"job_004\",", "\"job_004\" oops,"));
        assertThatThrownBy(() -> files.queueState(broken)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("line 101");
        assertThatThrownBy(() -> files.queueState(Files.writeString(dir.resolve("jobs.json"),
                "{\"version\":\"1.0\",\"jobs\":{}}"))).hasMessageContaining("jobs is not an array");
        assertThatThrownBy(() -> files.queueState(Files.writeString(dir.resolve("two.json"), "{} {}")))
                .hasMessageContaining("more after");
        assertThatThrownBy(() -> files.queueState(Files.writeString(dir.resolve("empty.json"), "")))
                .hasMessageContaining("empty");
        // Nothing was stored by any of them.
        assertThat(all()).isEmpty();
    }

    @Test
    void theOriginalFileIsNeverModified() throws Exception {
        Path original = SharedFixtures.path("legacy/queue_state.json");
        byte[] before = Files.readAllBytes(original);
        importFile(original);
        assertThat(Files.readAllBytes(original)).isEqualTo(before);
    }

    @Test
    void aTemplateFileBecomesATemplateAndReplacesOneOfTheSameName() throws Exception {
        String text = Files.readString(SharedFixtures.copy("legacy/template_quick_preview.json", dir));
        ImportReport first = importer.importTemplate(text, RENDERS, RENDER, false);
        assertThat(first.created()).isEqualTo(1);
        var t = templates.find(new TemplateName("Quick Preview")).orElseThrow();
        assertThat(t.description()).isEqualTo("Basic render only, fast settings");
        assertThat(t.createdBy()).contains("gui");
        assertThat(t.createdAt()).isEqualTo(Instant.parse("2024-01-10T09:00:00Z"));
        assertThat(t.payload().json()).contains("\"width\":960").contains("per_stl");
        ImportReport second = importer.importTemplate(text, RENDERS, RENDER, false);
        assertThat(second.existing()).isEqualTo(1);
        assertThat(templates.list()).hasSize(1);
    }
}
