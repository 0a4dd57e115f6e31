package dev.stowage.bootstrap.e2e.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.bootstrap.cli.Cli;
import dev.stowage.bootstrap.config.ConfigLoader;
import dev.stowage.bootstrap.config.StowageConfig;
import dev.stowage.domain.common.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What uploads killed midway leave, with real processes and the shipped orphan grace of an hour:
 * child JVMs stream large documents, and all but one are killed with SIGKILL mid-upload; the other
 * keeps uploading. {@code fsck} must account for every temporary byte (the dead ones' as stale, the live
 * one's as in use) without touching them; a restart must then remove the dead ones' at once, as
 * must {@code fsck --repair}, while the live upload's temporary file stays.
 */
class CrashLeftoversProcessTest {
    private static final int KILLS = 3;
    private static final long STREAMED = 8L * 1024 * 1024;
    private static final int KILLED_BY_SIGKILL = 128 + 9;

    @TempDir
    Path dir;
    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void killChildren() throws InterruptedException {
        for (Process p : children) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void killedUploadsLeftoversAreReportedWithTheirBytesAndReclaimedWhileALiveUploadIsLeftAlone() throws Exception {
        Path data = dir.resolve("data");
        Path tempArea = data.resolve("blobs").resolve("tmp");
        // All run at once: each start-up reclaims what dead processes left, so a child started after
        // a kill would sweep that kill's leftovers before fsck could see them.
        Process live = startUploader(data, "live");
        var doomed = new ArrayList<Process>();
        for (int i = 0; i < KILLS; i++) {
            doomed.add(startUploader(data, "killed-" + i));
        }
        awaitTemporaryBytes(tempArea, (KILLS + 1) * STREAMED);
        for (Process child : doomed) {
            child.destroyForcibly();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).as("exit status of a JVM killed by SIGKILL").isEqualTo(KILLED_BY_SIGKILL);
        }
        Map<String, Long> before = temporaryFiles(tempArea);
        assertThat(before).hasSize(KILLS + 1);

        CliRun check = fsck(data, "--json");
        assertThat(check.exitCode()).as(check.transcript()).isEqualTo(1);
        List<Map<String, Object>> findings = findings(check.out());
        List<Map<String, Object>> stale = ofKind(findings, "STALE_TEMPORARY");
        List<Map<String, Object>> inUse = ofKind(findings, "TEMPORARY_IN_USE");
        assertThat(stale).as(check.out()).hasSize(KILLS)
                .allSatisfy(f -> assertThat((String) f.get("detail")).contains("left by a process that is gone"));
        assertThat(inUse).as(check.out()).hasSize(1)
                .allSatisfy(f -> assertThat((String) f.get("detail")).contains("held by a running process"));
        long reported = Stream.concat(stale.stream(), inUse.stream()).mapToLong(f -> ((Number) f.get("bytes")).longValue()).sum();
        assertThat(reported).as("every temporary byte is accounted for")
                .isEqualTo(before.values().stream().mapToLong(Long::longValue).sum())
                .isGreaterThanOrEqualTo((KILLS + 1) * STREAMED);
        assertThat(findings).allSatisfy(f -> assertThat(f.get("repaired")).isEqualTo(false));
        assertThat(temporaryFiles(tempArea)).as("a check without --repair changes nothing").isEqualTo(before);

        // A restart: any start-up (here the tools a CLI data command opens) reclaims the dead ones' at once.
        try (Stowage restarted = Stowage.tools(config(data))) {
            restarted.start();
        }
        Map<String, Long> afterRestart = temporaryFiles(tempArea);
        assertThat(afterRestart).as("only the live upload's temporary file is left").hasSize(1);
        String liveFile = afterRestart.keySet().iterator().next();
        assertThat(inUse.get(0).get("subject").toString()).endsWith(Path.of(liveFile).getFileName().toString());

        CliRun repairWhileLive = fsck(data, "--repair");
        assertThat(repairWhileLive.exitCode()).as(repairWhileLive.transcript()).isZero();
        assertThat(repairWhileLive.out()).contains("temporary item(s) of writes that may still be going on");
        assertThat(temporaryFiles(tempArea)).containsOnlyKeys(liveFile);
        assertThat(live.isAlive()).isTrue();

        live.destroyForcibly();
        assertThat(live.waitFor(60, TimeUnit.SECONDS)).isTrue();
        CliRun repair = fsck(data, "--repair", "--json");
        assertThat(repair.exitCode()).as(repair.transcript()).isZero();
        assertThat(ofKind(findings(repair.out()), "STALE_TEMPORARY")).hasSize(1)
                .allSatisfy(f -> assertThat(f.get("repaired")).isEqualTo(true));
        assertThat(temporaryFiles(tempArea)).isEmpty();
        try (Stream<Path> folders = Files.list(tempArea)) {
            assertThat(folders).as("dead processes' folders are gone with their files").isEmpty();
        }
        assertThat(fsck(data).exitCode()).isZero();
    }

    private static StowageConfig config(Path data) {
        return ConfigLoader.load(new ConfigLoader.Sources(Optional.empty(), Map.of(), Map.of("stowage.data-dir", data.toString())));
    }

    private record CliRun(int exitCode, String out, String err) {
        String transcript() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private static CliRun fsck(Path data, String... options) {
        var args = new ArrayList<>(List.of("fsck", "--data-dir", data.toString()));
        args.addAll(List.of(options));
        var out = new StringWriter();
        var err = new StringWriter();
        int code = new Cli(Map.of()).run(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return new CliRun(code, out.toString(), err.toString());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> findings(String json) {
        return (List<Map<String, Object>>) ((Map<String, Object>) Json.parse(json.strip())).get("findings");
    }

    private static List<Map<String, Object>> ofKind(List<Map<String, Object>> findings, String kind) {
        return findings.stream().filter(f -> kind.equals(f.get("kind"))).toList();
    }

    private Process startUploader(Path data, String name) throws IOException {
        Path output = dir.resolve(name + ".log");
        var command = new ArrayList<String>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.addAll(List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                StreamingUploadChild.class.getName(), data.toString(), dir.resolve(name + ".ready").toString(),
                Long.toString(STREAMED)));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        children.add(p);
        return p;
    }

    /** Waits until the temporary files hold at least {@code bytes}: the child's stream has reached the disk. */
    private void awaitTemporaryBytes(Path tempArea, long bytes) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (temporaryFiles(tempArea).values().stream().mapToLong(Long::longValue).sum() < bytes) {
            for (Process child : children) {
                if (!child.isAlive()) {
                    fail("an uploading child ended with " + child.exitValue() + " before it was killed");
                }
            }
            if (System.nanoTime() > deadline) {
                fail("the uploading child did not stream " + bytes + " bytes within 3 minutes");
            }
            Thread.sleep(20);
        }
    }

    /** The temporary files under the blob store's temporary area, by path, with their sizes. */
    private static Map<String, Long> temporaryFiles(Path tempArea) throws IOException {
        var out = new TreeMap<String, Long>();
        if (!Files.isDirectory(tempArea)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(tempArea)) {
            for (Path p : s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList()) {
                out.put(tempArea.relativize(p).toString(), Files.size(p));
            }
        }
        return out;
    }
}
