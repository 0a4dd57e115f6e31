package dev.stowage.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.domain.common.Json;
import dev.stowage.testing.SharedFixtures;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code stowage import ...} over copies of the real legacy fixtures; the originals are read-only. */
class ImportCliTest extends CliDataTest {
    private static final String QUEUE_STATE = "legacy/queue_state.json";
    private static final String TEMPLATE = "legacy/template_quick_preview.json";

    @Test
    void dryRunThenImportThenReImportLeavesTheFileAsItWas() throws Exception {
        Path file = SharedFixtures.copy(QUEUE_STATE, dir);
        byte[] before = Files.readAllBytes(file);

        CliRun dry = ok("import", "queue-state", file.toString(), "--dry-run", "--queue", "renders");
        assertThat(dry.out()).contains("Dry run of " + file + " (nothing was changed):", "entries:             5",
                "would create:        5", "already imported:    0", "problems:            0");
        assertThat(ok("queue", "list").out()).isEqualToIgnoringNewLines("No jobs.");
        assertThat(ok("queue", "settings", "renders").out()).contains("max concurrency:     16");

        CliRun imported = ok("import", "queue-state", file.toString(), "--queue", "renders");
        assertThat(imported.out()).contains("Imported " + file + ":", "created:             5",
                "already imported:    0", "notes:", "template 'Imported defaults'");
        // Not a terminal: the progress shows as plain lines on stderr, the report stays on stdout.
        assertThat(imported.err()).contains("importing: 100% (5 of 5 entries)");
        CliRun list = ok("queue", "list", "--queue", "renders");
        assertThat(list.out().lines().skip(1)).hasSize(5);
        assertThat(list.out()).contains("completed", "failed", "cancelled", "pending").doesNotContain("running");
        assertThat(ok("queue", "settings", "renders").out()).contains("max concurrency:     2", "max attempts:        4");

        Map<String, Object> again = jsonObject(ok("import", "queue-state", file.toString(), "--queue", "renders",
                "--json", "--quiet").out());
        assertThat(again).containsEntry("entries", new BigDecimal(5)).containsEntry("created", new BigDecimal(0))
                .containsEntry("alreadyImported", new BigDecimal(5)).containsEntry("problems", List.of());
        assertThat(ok("queue", "list", "--queue", "renders").out().lines().skip(1)).hasSize(5);

        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(Files.readAllBytes(SharedFixtures.path(QUEUE_STATE))).isEqualTo(before);
    }

    @Test
    void badEntriesAreReportedByIndexTheOthersComeInAndTheExitCodeIs1() throws Exception {
        @SuppressWarnings("unchecked")
        var root = (Map<String, Object>) Json.parse(SharedFixtures.read(QUEUE_STATE));
        @SuppressWarnings("unchecked")
        var jobs = new ArrayList<Object>((List<Object>) root.get("jobs"));
        jobs.add(1, "not an object");
        var badState = new LinkedHashMap<String, Object>();
        badState.put("id", "job_bad_state");
        badState.put("stl_path", "/srv/models/X.stl");
        badState.put("state", "exploded");
        badState.put("created_at", "2024-01-15T10:30:15Z");
        jobs.add(badState);
        root.put("jobs", jobs);
        Path broken = Files.writeString(dir.resolve("broken_queue_state.json"), Json.write(root));
        byte[] before = Files.readAllBytes(broken);

        CliRun r = run("import", "queue-state", broken.toString(), "--quiet");
        assertThat(r.exitCode()).as(r.transcript()).isEqualTo(1);
        assertThat(r.out()).contains("entries:             7", "created:             5", "problems:            2");
        assertThat(r.out().lines().filter(l -> l.startsWith("  #")))
                .hasSize(2)
                .anySatisfy(l -> assertThat(l).startsWith("  #1 (no id): "))
                .anySatisfy(l -> assertThat(l).startsWith("  #6 job_bad_state: ").contains("exploded"));
        assertThat(r.err()).isEqualToIgnoringNewLines("stowage: 2 of 7 entries of " + broken
                + " had problems; the others were imported");
        assertThat(ok("queue", "list", "--queue", "default").out().lines().skip(1)).hasSize(5);
        assertThat(Files.readAllBytes(broken)).isEqualTo(before);
    }

    @Test
    void aFileUnreadableAsAWholeIsOneLineAndExit1() throws Exception {
        Path notJson = Files.writeString(dir.resolve("notes.txt"), "this is not JSON");
        assertThat(fails("import", "queue-state", notJson.toString()).err()).startsWith("stowage: cannot import " + notJson + ": ");
        Path future = Files.writeString(dir.resolve("v9.json"), "{\"version\":\"9.0\",\"jobs\":[]}");
        assertThat(fails("import", "queue-state", future.toString()).err()).contains("format version '9.0'");
        assertThat(fails("import", "queue-state", dir.resolve("absent.json").toString()).err())
                .isEqualToIgnoringNewLines("stowage: cannot read " + dir.resolve("absent.json") + ": no such file or folder");
        assertThat(fails("import", "template", notJson.toString()).err()).startsWith("stowage: cannot import ");
    }

    @Test
    void withJsonTheReportIsPrintedOnEveryExitPath() throws Exception {
        Path good = SharedFixtures.copy(QUEUE_STATE, dir);
        Map<String, Object> success = jsonObject(ok("import", "queue-state", good.toString(), "--json", "--quiet").out());
        assertThat(success).containsEntry("created", new BigDecimal(5)).containsEntry("error", null)
                .containsEntry("stoppedBy", null).containsEntry("fileProblems", List.of());

        Path partial = Files.writeString(dir.resolve("partial.json"),
                SharedFixtures.read(QUEUE_STATE).replace("\"state\": \"pending\"", "\"state\": \"exploded\""));
        CliRun some = run("import", "queue-state", partial.toString(), "--json", "--quiet", "--queue", "other");
        assertThat(some.exitCode()).as(some.transcript()).isEqualTo(1);
        Map<String, Object> partialReport = jsonObject(some.out());
        // the four good jobs came in a moment ago: external refs are unique across queues
        assertThat(partialReport).containsEntry("alreadyImported", new BigDecimal(4)).containsEntry("error", null);
        assertThat(partialReport.get("problems")).asList().singleElement().asString().contains("job_004", "exploded");

        // Before: these two printed nothing on stdout, only a line on stderr.
        Path notJson = Files.writeString(dir.resolve("notes.txt"), "this is not JSON");
        Map<String, Object> unreadable = jsonObject(fails("import", "queue-state", notJson.toString(), "--json").out());
        assertThat(unreadable).containsEntry("file", notJson.toString()).containsEntry("entries", new BigDecimal(0))
                .containsEntry("created", new BigDecimal(0));
        assertThat((String) unreadable.get("error")).startsWith("cannot import " + notJson + ": ");

        Path absent = dir.resolve("absent.json");
        Map<String, Object> missing = jsonObject(fails("import", "queue-state", absent.toString(), "--json").out());
        assertThat(missing).containsEntry("error", "cannot read " + absent + ": no such file or folder");
        assertThat(jsonObject(fails("import", "template", absent.toString(), "--json").out()))
                .containsEntry("error", "cannot read " + absent + ": no such file or folder");
    }

    @Test
    void aBadSettingIsSetAsideTheJobsComeInAndTheExitCodeIs1() throws Exception {
        Path file = Files.writeString(dir.resolve("settings.json"), SharedFixtures.read(QUEUE_STATE)
                .replace("\"max_concurrent_jobs\": 2", "\"max_concurrent_jobs\": \"two\""));
        CliRun r = run("import", "queue-state", file.toString(), "--quiet", "--queue", "renders");
        // Before: "cannot import", exit 1, and none of the 5 jobs came in.
        assertThat(r.exitCode()).as(r.transcript()).isEqualTo(1);
        assertThat(r.out()).contains("created:             5", "set aside:", "queue_settings.max_concurrent_jobs",
                "max concurrency stays 16");
        assertThat(r.err()).contains("set aside");
        assertThat(ok("queue", "list", "--queue", "renders").out().lines().skip(1)).hasSize(5);
        assertThat(ok("queue", "settings", "renders").out()).contains("max concurrency:     16", "max attempts:        4");
    }

    @Test
    void aDuplicateIdIsAProblemNamingBothEntries() throws Exception {
        @SuppressWarnings("unchecked")
        var root = (Map<String, Object>) Json.parse(SharedFixtures.read(QUEUE_STATE));
        @SuppressWarnings("unchecked")
        var jobs = new ArrayList<Object>((List<Object>) root.get("jobs"));
        jobs.add(jobs.get(3));
        root.put("jobs", jobs);
        Path file = Files.writeString(dir.resolve("dupes.json"), Json.write(root));
        CliRun r = run("import", "queue-state", file.toString(), "--quiet");
        assertThat(r.exitCode()).as(r.transcript()).isEqualTo(1);
        assertThat(r.out()).contains("created:             5", "already imported:    0",
                "  #5 job_004: duplicate id: entry #3 has it too (same contents)");
    }

    @Test
    void aTemplateComesInOnceAndJobsCanStartFromIt() throws Exception {
        Path file = SharedFixtures.copy(TEMPLATE, dir);
        byte[] before = Files.readAllBytes(file);

        assertThat(ok("import", "template", file.toString(), "--dry-run").out()).contains("would create:        1");
        assertThat(fails("queue", "enqueue", "renders", "render", "--template", "Quick Preview").err())
                .contains("Quick Preview").contains("not found");

        assertThat(ok("import", "template", file.toString(), "--queue", "renders").out())
                .contains("created:             1", "template 'Quick Preview' created");
        assertThat(ok("import", "template", file.toString(), "--queue", "renders").out())
                .contains("created:             0", "already imported:    1", "template 'Quick Preview' replaced");

        CliRun enqueued = ok("queue", "enqueue", "renders", "render", "--template", "Quick Preview",
                "--payload", "{\"stl_path\":\"/m/a.stl\"}");
        Map<String, Object> job = jsonObject(ok("queue", "show", enqueued.out().strip(), "--json").out());
        @SuppressWarnings("unchecked")
        var payload = (Map<String, Object>) job.get("payload");
        assertThat(payload).containsKeys("render_options", "validation_options", "output_settings")
                .containsEntry("stl_path", "/m/a.stl");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }
}
