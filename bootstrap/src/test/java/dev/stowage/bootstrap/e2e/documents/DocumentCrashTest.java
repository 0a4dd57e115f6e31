package dev.stowage.bootstrap.e2e.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.stowage.application.port.in.document.CheckConsistencyUseCase;
import dev.stowage.application.port.in.document.CheckConsistencyUseCase.Finding;
import dev.stowage.application.port.in.document.ManageDocumentsUseCase;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.bootstrap.config.StowageConfig;
import dev.stowage.domain.document.Document;
import dev.stowage.domain.document.DocumentId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety of documents with real processes: a child JVM uploads documents into a real data
 * folder and is killed with SIGKILL at a random moment, round after round, each round reopening
 * what the last one left. Afterwards no listed document may have missing or wrong bytes, no
 * acknowledged upload may be lost, SQLite must find its file intact, and once the sweeper has
 * removed what the kills left behind, a full check (every byte re-read) must find nothing.
 */
class DocumentCrashTest {
    private static final int ROUNDS = 22;
    /** SIGKILL is signal 9; a JVM killed by a signal exits with 128 plus its number. */
    private static final int KILLED_BY_SIGKILL = 128 + 9;

    @TempDir
    Path dir;

    @Test
    void killedUploadersLoseNoAcknowledgedDocumentAndLeaveOnlyWhatTheSweeperRemoves() throws Exception {
        Path data = dir.resolve("data");
        Path acks = dir.resolve("acks.log");
        var random = new SplittableRandom(0x5EED);
        int kills = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Path ready = dir.resolve("ready-" + round);
            Path output = dir.resolve("child-" + round + ".log");
            Process child = new ProcessBuilder(childCommand(data, acks, ready, round))
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            awaitReady(child, ready, output);
            Thread.sleep(100 + random.nextInt(701));
            if (!child.isAlive()) {
                fail("child of round " + round + " ended by itself with " + child.exitValue() + ":\n" + tail(output));
            }
            child.destroyForcibly();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("killed child of round %d is gone", round).isTrue();
            assertThat(child.exitValue()).as("exit status of a JVM killed by SIGKILL").isEqualTo(KILLED_BY_SIGKILL);
            kills++;
        }

        Map<DocumentId, Ack> acknowledged = readAcks(acks);
        StowageConfig config = E2eDocuments.config(data);
        E2eDocuments.assertIntegrityOk(config.database().databaseFile());
        int listed;
        List<Finding> repaired;
        try (Stowage stowage = Stowage.tools(config)) {
            stowage.start();
            ManageDocumentsUseCase documents = stowage.instance(ManageDocumentsUseCase.class);
            List<Document> all = E2eDocuments.listAll(documents);
            listed = all.size();
            var byId = new HashMap<DocumentId, Document>();
            for (Document d : all) {
                byId.put(d.id(), d);
                E2eDocuments.Sized stored = E2eDocuments.digest(
                        documents.download(E2eDocuments.OWNER, d.id(), java.util.Optional.empty()).bytes());
                assertThat(stored).as("bytes of listed document %s", d.id())
                        .isEqualTo(new E2eDocuments.Sized(d.size(), d.sha256()));
            }
            for (var ack : acknowledged.entrySet()) {
                Document d = byId.get(ack.getKey());
                assertThat(d).as("acknowledged upload %s is listed", ack.getKey()).isNotNull();
                assertThat(d.sha256().hex()).isEqualTo(ack.getValue().sha256());
                assertThat(d.size()).isEqualTo(ack.getValue().size());
            }

            // Nothing writes any more: once the grace has passed, every leftover counts as one.
            Thread.sleep(E2eDocuments.ORPHAN_GRACE.toMillis() + 100);
            CheckConsistencyUseCase check = stowage.instance(CheckConsistencyUseCase.class);
            repaired = check.check(false, true);
            assertThat(repaired).allSatisfy(f -> assertThat(f.kind()).isIn(Finding.Kind.ORPHAN_BLOB, Finding.Kind.STALE_TEMPORARY));
            assertThat(repaired).allSatisfy(f -> assertThat(f.repaired()).as("repaired: %s", f).isTrue());

            assertThat(check.check(true, false)).as("full check after the sweep").isEmpty();
            assertThat(E2eDocuments.tempFiles(config.blobs().fs().blobRoot())).isEmpty();
            assertThat(E2eDocuments.blobFiles(config.blobs().fs().blobRoot())).hasSize(listed);
        }
        E2eDocuments.assertIntegrityOk(config.database().databaseFile());
        System.out.printf(Locale.ROOT, "document crash test: %d rounds, %d kills (SIGKILL), %d documents listed, "
                        + "%d acknowledged, sweeper removed %d orphan blobs and %s%n", ROUNDS, kills, listed,
                acknowledged.size(), repaired.stream().filter(f -> f.kind() == Finding.Kind.ORPHAN_BLOB).count(),
                repaired.stream().filter(f -> f.kind() == Finding.Kind.STALE_TEMPORARY).map(Finding::detail)
                        .findFirst().orElse("no temporary files"));
        assertThat(acknowledged).as("the children got uploads through").isNotEmpty();
    }

    private static List<String> childCommand(Path data, Path acks, Path ready, int seed) {
        var command = new ArrayList<String>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        // C1 only and the serial collector: a child lives for a second, so start-up is what counts
        command.addAll(List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                UploadingChild.class.getName(),
                data.toString(), acks.toString(), ready.toString(), Integer.toString(seed)));
        return command;
    }

    /** Waits until the child's first upload is through; a child that dies first fails the test with its output. */
    private static void awaitReady(Process child, Path ready, Path output) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!Files.exists(ready)) {
            if (!child.isAlive()) {
                fail("child ended with " + child.exitValue() + " before it was ready:\n" + tail(output));
            }
            if (System.nanoTime() > deadline) {
                child.destroyForcibly();
                fail("child did not open Stowage within 2 minutes:\n" + tail(output));
            }
            Thread.sleep(10);
        }
    }

    private record Ack(String sha256, long size) {
    }

    /** Complete lines only: a line the kill cut short has no newline and was never acknowledged. */
    private static Map<DocumentId, Ack> readAcks(Path acks) throws IOException {
        var out = new HashMap<DocumentId, Ack>();
        if (!Files.exists(acks)) {
            return out;
        }
        String text = Files.readString(acks, StandardCharsets.US_ASCII);
        int end = text.lastIndexOf('\n');
        if (end < 0) {
            return out;
        }
        for (String line : text.substring(0, end).split("\n")) {
            String[] f = line.split(" ");
            out.put(new DocumentId(f[0]), new Ack(f[1], Long.parseLong(f[2])));
        }
        return out;
    }

    private static String tail(Path output) {
        try {
            List<String> lines = Files.readAllLines(output);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }
}
