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
