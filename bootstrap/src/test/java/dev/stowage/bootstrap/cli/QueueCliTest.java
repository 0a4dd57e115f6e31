package dev.stowage.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code stowage queue ...} against a real data folder (SQLite file, blob folder). */
class QueueCliTest extends CliDataTest {

    private String enqueue(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "queue";
        all[1] = "enqueue";
        System.arraycopy(args, 0, all, 2, args.length);
        CliRun r = ok(all);
        assertThat(r.out().lines()).hasSize(1);
        return r.out().strip();
    }

    @Test
    void enqueueShowListAndTheDedupKey() throws Exception {
        Path payload = Files.writeString(dir.resolve("payload.json"), "{\"stl\":\"/m/a.stl\",\"width\":640}");
        String id = enqueue("renders", "render", "--payload-file", payload.toString(), "--priority", "7",
                "--max-attempts", "5", "--dedup-key", "a.stl");

        CliRun again = ok("queue", "enqueue", "renders", "render", "--payload", "{}", "--dedup-key", "a.stl");
        assertThat(again.out().strip()).isEqualTo(id);
        assertThat(again.err()).contains("already exists with dedup key 'a.stl'", "nothing new was enqueued");
        Map<String, Object> json = jsonObject(ok("queue", "enqueue", "renders", "render", "--dedup-key", "a.stl", "--json").out());
        assertThat(json).containsEntry("id", id).containsEntry("created", false);

        CliRun show = ok("queue", "show", id);
        assertThat(show.out()).contains("id:                  " + id, "queue:               renders",
                "state:               pending", "priority:            7", "attempts:            0 of 5",
                "dedup key:           a.stl", "payload:             {\"stl\":\"/m/a.stl\",\"width\":640}",
                "result:              -", "last error:          -");
        Map<String, Object> shown = jsonObject(ok("queue", "show", id, "--json").out());
        assertThat(shown).containsEntry("id", id).containsEntry("state", "pending")
                .containsEntry("payload", Map.of("stl", "/m/a.stl", "width", new BigDecimal("640")));

        String delayed = enqueue("renders", "thumb", "--delay", "2h");
        Instant runAt = Instant.parse((String) jsonObject(ok("queue", "show", delayed, "--json").out()).get("runAt"));
        assertThat(runAt).isAfter(Instant.now().plus(Duration.ofMinutes(110)));

        CliRun list = ok("queue", "list");
        assertThat(list.out().lines().findFirst().orElseThrow())
                .matches("ID +QUEUE +TYPE +STATE +ATTEMPTS +PROGRESS +CREATED");
        assertThat(list.out()).contains(id, delayed).doesNotContain("next cursor");
        assertThat(ok("queue", "list", "--type", "thumb").out()).contains(delayed).doesNotContain(id);
        assertThat(ok("queue", "list", "--queue", "other").out()).isEqualToIgnoringNewLines("No jobs.");
        assertThat(ok("queue", "list", "--since", "1h", "--state", "pending,running").out()).contains(id, delayed);
    }

    @Test
    void listPagesWithACursor() {
        String first = enqueue("q", "t");
        String second = enqueue("q", "t");
        String third = enqueue("q", "t");

        CliRun page1 = ok("queue", "list", "--limit", "2");
        assertThat(page1.out()).contains(third, second).doesNotContain(first);
        Matcher m = Pattern.compile("next cursor: (\\S+)").matcher(page1.out());
        assertThat(m.find()).as(page1.out()).isTrue();

        CliRun page2 = ok("queue", "list", "--limit", "2", "--cursor", m.group(1));
        assertThat(page2.out()).contains(first).doesNotContain(second, third, "next cursor");

        Map<String, Object> json = jsonObject(ok("queue", "list", "--limit", "2", "--json").out());
        assertThat((List<?>) json.get("items")).hasSize(2);
        assertThat(json.get("next")).isInstanceOf(String.class);
    }

    @Test
    void cancelRetryPurgeAndStats() {
        String id = enqueue("q", "t");
        assertThat(ok("queue", "cancel", id).out()).isEqualToIgnoringNewLines("Job " + id + " is cancelled.");
        assertThat(ok("queue", "show", id).out()).contains("state:               cancelled");
        assertThat(ok("queue", "retry", id).out()).isEqualToIgnoringNewLines("Job " + id + " is pending again on queue 'q'.");
        assertThat(fails("queue", "retry", id).err()).contains("stowage: job").containsIgnoringCase("pending");

        ok("queue", "cancel", id);
        enqueue("q", "t");
        CliRun stats = ok("queue", "stats", "q");
        assertThat(stats.out()).contains("queue:               q", "pending:             1", "cancelled:           1",
                "success rate:        -");
        Map<String, Object> json = jsonObject(ok("queue", "stats", "--window", "30m", "--json").out());
        assertThat(json.get("queue")).isNull();
        assertThat(json.get("counts")).isEqualTo(Map.of("pending", new BigDecimal(1), "running", new BigDecimal(0),
                "completed", new BigDecimal(0), "failed", new BigDecimal(0), "cancelled", new BigDecimal(1)));

        assertThat(ok("queue", "purge", "--older-than", "7d").out()).isEqualToIgnoringNewLines(
                "Deleted 0 finished job(s) older than 7d.");
        assertThat(ok("queue", "purge", "--older-than", "0s").out()).isEqualToIgnoringNewLines(
                "Deleted 1 finished job(s) older than 0s.");
        assertThat(fails("queue", "show", id).err()).isEqualToIgnoringNewLines("stowage: job '" + id + "' not found");
    }

    @Test
    void pauseResumeAndSettings() {
        assertThat(ok("queue", "settings", "renders").out()).contains("paused:              no",
                "max concurrency:     16", "max attempts:        3", "lease:               30s");
        assertThat(ok("queue", "pause", "renders").out()).isEqualToIgnoringNewLines("Queue 'renders' is paused.");
        assertThat(ok("queue", "settings", "renders").out()).contains("paused:              yes");

        CliRun changed = ok("queue", "settings", "renders", "--max-concurrency", "4", "--lease", "2m");
        assertThat(changed.err()).contains("Settings of queue 'renders' updated.");
        assertThat(changed.out()).contains("paused:              yes", "max concurrency:     4", "max attempts:        3",
                "lease:               2m");
        Map<String, Object> json = jsonObject(ok("queue", "settings", "renders", "--max-attempts", "9", "--json").out());
        assertThat(json).containsEntry("maxConcurrency", new BigDecimal(4)).containsEntry("maxAttempts", new BigDecimal(9))
                .containsEntry("leaseMillis", new BigDecimal(120_000)).containsEntry("paused", true);

        assertThat(ok("queue", "resume", "renders").out()).isEqualToIgnoringNewLines("Queue 'renders' is running.");
        assertThat(ok("queue", "settings", "renders").out()).contains("paused:              no", "max concurrency:     4");
        assertThat(fails("queue", "settings", "renders", "--max-concurrency", "0").err())
                .contains("max concurrency must be between 1 and 10000, got 0");
    }

    @Test
    void failuresAreOneLineAndVerboseAddsTheStackTrace() {
        String unknown = "01ARZ3NDEKTSV4RRFFQ69G5FAV";
        assertThat(fails("queue", "cancel", unknown).err()).isEqualToIgnoringNewLines(
                "stowage: job '" + unknown + "' not found");
        CliRun verbose = run("queue", "cancel", unknown, "--verbose");
        assertThat(verbose.exitCode()).isEqualTo(1);
        assertThat(verbose.err()).startsWith("stowage: job '" + unknown + "' not found").contains("NotFoundException", "\tat ");
        assertThat(fails("queue", "enqueue", "q", "t", "--payload-file", dir.resolve("missing.json").toString()).err())
                .contains("cannot read the payload file", "no such file or folder");
        assertThat(fails("queue", "enqueue", "q", "t", "--priority", "5000").err()).contains("priority");
    }
}
