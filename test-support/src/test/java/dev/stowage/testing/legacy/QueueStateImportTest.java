package dev.stowage.testing.legacy;

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
import dev.stowage.testing.InMemoryJobStore;
import dev.stowage.testing.InMemoryJobTemplates;
import dev.stowage.testing.InMemoryTransactions;
import dev.stowage.testing.ManualClock;
import dev.stowage.testing.SharedFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The legacy queue state file and template import, over the in-memory stores, with the shared fixtures. */
class QueueStateImportTest {
    static final QueueName RENDERS = new QueueName("renders");
    static final JobType RENDER = new JobType("render");

    @TempDir
    Path dir;
    ManualClock clock;
    InMemoryJobStore jobs;
    InMemoryJobTemplates templates;
    QueueStateImportService importer;
    String fixture;

    @BeforeEach
    void setUp() throws Exception {
        clock = new ManualClock(Instant.parse("2026-06-01T12:00:00Z"));
        var ids = new MonotonicIdGenerator(clock);
        jobs = new InMemoryJobStore(ids);
        templates = new InMemoryJobTemplates();
        importer = new QueueStateImportService(jobs, templates, new InMemoryTransactions(), ids, clock);
        fixture = Files.readString(SharedFixtures.copy("legacy/queue_state.json", dir));
    }

    List<Job> all() {
        return jobs.list(JobFilter.all(), PageRequest.first(1000)).items();
    }

    Job byRef(String legacyId) {
        return jobs.findByExternalRef("queue-state:" + legacyId).orElseThrow();
    }

    @Test
    void everyJobComesInWithItsHistory() {
        var progress = new ArrayList<Integer>();
        ImportReport report = importer.importQueueState(fixture, RENDERS, RENDER, false, (done, total) -> progress.add(done));
        assertThat(report.clean()).isTrue();
        assertThat(report.entries()).isEqualTo(5);
        assertThat(report.created()).isEqualTo(5);
        assertThat(progress).containsExactly(1, 2, 3, 4, 5);

        Job done = byRef("job_001");
        assertThat(done.state()).isEqualTo(JobState.COMPLETED);
        assertThat(done.progress().percent()).isEqualTo(100);
        assertThat(done.createdAt()).isEqualTo(Instant.parse("2024-01-15T10:30:15Z"));
        assertThat(done.startedAt()).contains(Instant.parse("2024-01-15T10:30:20Z"));
        assertThat(done.actualDuration()).contains(Duration.ofMillis(145_300));
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
    void aJobThatWasProcessingComesBackPendingAndRunsAgainFromTheStart() {
        importer.importQueueState(fixture, RENDERS, RENDER, false, ImportProgress.NONE);
        Job was = byRef("job_002");
        assertThat(was.state()).isEqualTo(JobState.PENDING);
        assertThat(was.lease()).isEmpty();
        assertThat(was.attempts()).isZero();
        assertThat(was.progress().percent()).isZero();
        assertThat(was.runAt()).isEqualTo(clock.instant());
        // It can be claimed right away.
        assertThat(jobs.claim(RENDERS, new dev.stowage.domain.queue.WorkerId("w"), 10, clock.instant(),
                java.util.Optional.empty())).extracting(Job::externalRef)
                .contains(java.util.Optional.of("queue-state:job_002"));
    }

    @Test
    void globalOptionsAreMergedUnderEachJobsOwnAndKeptAsATemplate() {
        importer.importQueueState(fixture, RENDERS, RENDER, false, ImportProgress.NONE);
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
        importer.importQueueState(fixture, RENDERS, RENDER, false, ImportProgress.NONE);
        ImportReport again = importer.importQueueState(fixture, RENDERS, RENDER, false, ImportProgress.NONE);
        assertThat(again.created()).isZero();
        assertThat(again.existing()).isEqualTo(5);
        assertThat(all()).hasSize(5);
    }

    @Test
    void dryRunReportsAndChangesNothing() {
        ImportReport dry = importer.importQueueState(fixture, RENDERS, RENDER, true, ImportProgress.NONE);
        assertThat(dry.dryRun()).isTrue();
        assertThat(dry.created()).isEqualTo(5);
        assertThat(all()).isEmpty();
        assertThat(templates.list()).isEmpty();
        assertThat(jobs.queues()).isEmpty();
    }

    @Test
    void badEntriesAreReportedWithTheirIndexAndTheRestComeIn() {
        @SuppressWarnings("unchecked")
        var root = (Map<String, Object>) Json.parse(fixture);
        @SuppressWarnings("unchecked")
        var list = new ArrayList<Object>((List<Object>) root.get("jobs"));
        list.add("not an object");
        list.add(Map.of("id", "job_bad_state", "stl_path", "/x.stl", "state", "exploded", "created_at", "2024-01-15T10:30:15Z"));
        list.add(Map.of("id", "job_bad_time", "stl_path", "/x.stl", "state", "pending", "created_at", "yesterday"));
        var noStl = new java.util.LinkedHashMap<String, Object>();
        noStl.put("id", "job_no_stl");
        noStl.put("state", "pending");
        list.add(noStl);
        root.put("jobs", list);
        ImportReport report = importer.importQueueState(Json.write(root), RENDERS, RENDER, false, ImportProgress.NONE);
        assertThat(report.created()).isEqualTo(5);
        assertThat(report.problems()).extracting(ImportReport.Problem::index).containsExactly(5, 6, 7, 8);
        assertThat(report.problems().get(1).reason()).contains("exploded");
        assertThat(report.problems().get(2).reason()).contains("created_at");
        assertThat(report.problems().get(3).reason()).contains("stl_path");
        assertThat(all()).hasSize(5);
    }

    @Test
    void theWholeFileMustBeAQueueStateOfAKnownVersion() {
        assertThatThrownBy(() -> importer.importQueueState("[1,2]", RENDERS, RENDER, false, ImportProgress.NONE))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> importer.importQueueState("{\"version\":\"2.0\",\"jobs\":[]}", RENDERS, RENDER, false,
                ImportProgress.NONE)).isInstanceOf(InvalidInputException.class).hasMessageContaining("2.0");
        assertThatThrownBy(() -> importer.importQueueState("{\"version\":", RENDERS, RENDER, false, ImportProgress.NONE))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("malformed JSON");
    }

    @Test
    void theOriginalFileIsNeverModified() throws Exception {
        Path original = SharedFixtures.path("legacy/queue_state.json");
        byte[] before = Files.readAllBytes(original);
        importer.importQueueState(Files.readString(original), RENDERS, RENDER, false, ImportProgress.NONE);
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
