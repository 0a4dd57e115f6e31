package dev.stowage.adapter.out.sqlite.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.application.port.out.DatabaseSnapshots.ChangedPages;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process that writes and freezes without end is killed with {@code kill -9}, again and again;
 * after each kill, every mark it recorded gets either no answer or one that leaves out no changed page.
 */
class ChangeTrackingProcessTest {
    private static final int ROUNDS = 20;

    @TempDir
    Path dir;

    @Test
    void afterEveryKillEachEarlierMarkGetsNoAnswerOrOneThatLeavesOutNoChangedPage() throws Exception {
        long seed = new Random().nextLong();
        System.out.println("ChangeTrackingProcessTest seed " + seed);
        var random = new Random(seed);
        Path marks = dir.resolve("marks");
        int answered = 0;
        int unanswered = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Process child = new ProcessBuilder(ChangeTrackingProcessMain.command("write", dir.toString(), marks.toString(),
                    Long.toString(random.nextLong()))).redirectError(dir.resolve("child.err").toFile()).start();
            var said = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertThat(said.readLine()).as("the child started; stderr: %s", stderr()).isEqualTo("READY");
            Thread.sleep(200 + random.nextInt(800));
            child.destroyForcibly(); // SIGKILL
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            Files.deleteIfExists(marks.resolve("next.tmp"));

            try (TestEngine test = TestEngine.started(PageWorkload.settings(dir))) {
                try (var frozen = new SqliteDatabaseSnapshots(test.engine).freeze().orElseThrow()) {
                    int pageSize = test.engine.onWriter(s -> (int) s.queryLong("PRAGMA page_size"));
                    byte[][] now = PageWorkload.pageHashes(PageWorkload.readAll(frozen), pageSize);
                    List<Path> recorded;
                    try (Stream<Path> files = Files.list(marks)) {
                        recorded = files.filter(p -> p.toString().endsWith(".mark")).sorted().toList();
                    }
                    for (Path file : recorded) {
                        List<String> lines = Files.readAllLines(file);
                        assertThat(Integer.parseInt(lines.get(1))).isEqualTo(pageSize);
                        byte[][] then = lines.subList(2, lines.size()).stream().map(HexFormat.of()::parseHex)
                                .toArray(byte[][]::new);
                        Optional<ChangedPages> changed = frozen.changedSince(lines.get(0));
                        if (changed.isEmpty()) {
                            unanswered++;
                            continue;
                        }
                        answered++;
                        BitSet differing = PageWorkload.differing(then, now);
                        assertThat(PageWorkload.missed(differing, changed.get()).stream().toArray())
                                .as("round %d, %s: changed pages left out", round, file.getFileName()).isEmpty();
                    }
                }
            }
        }
        System.out.printf("answers %d, no answer %d%n", answered, unanswered);
        assertThat(answered).as("some marks were answered across kills").isPositive();
    }

    private String stderr() {
        try {
            return Files.readString(dir.resolve("child.err"));
        } catch (Exception e) {
            return "(none)";
        }
    }
}
