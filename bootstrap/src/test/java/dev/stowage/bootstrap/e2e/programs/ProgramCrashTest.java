package dev.stowage.bootstrap.e2e.programs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.stowage.application.port.in.document.CheckConsistencyUseCase;
import dev.stowage.application.port.in.document.CheckConsistencyUseCase.Finding;
import dev.stowage.application.port.in.program.ManageProgramsUseCase;
import dev.stowage.application.port.out.BlobStore;
import dev.stowage.application.service.document.ConsistencyService;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.bootstrap.config.StowageConfig;
import dev.stowage.domain.common.Page;
import dev.stowage.domain.common.PageRequest;
import dev.stowage.domain.program.Program;
import dev.stowage.domain.program.ProgramId;
import dev.stowage.domain.program.ProgramImage;
import dev.stowage.domain.program.ProgramQuery;
import dev.stowage.domain.program.ProgramRevision;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety of programs with real processes: a child JVM creates programs with images and
 * changes them (configs, images, restores) through the real program service on SQLite and blobs on
 * disk, and is killed with SIGKILL at a random moment, round after round, each round reopening what
 * the last left. Afterwards:
 * <ul>
 *   <li>every program whose creation returned is listed, and no acknowledged version is lost;</li>
 *   <li>every listed program's image reads back with its recorded SHA-256 and size, its thumbnail
 *       is a readable PNG, and where the last acknowledged image is current, both match what the
 *       child recorded;</li>
 *   <li>no revision points at a missing blob, and each kept image still has its recorded digest;</li>
 *   <li>once the sweeper has removed what the kills left, a full check (every byte re-read) finds
 *       nothing, and SQLite finds its file intact.</li>
 * </ul>
 */
class ProgramCrashTest {
    private static final int ROUNDS = 22;
    /** SIGKILL is signal 9; a JVM killed by a signal exits with 128 plus its number. */
    private static final int KILLED_BY_SIGKILL = 128 + 9;

    @TempDir
    Path dir;

    @Test
    void killedWritersLoseNoAcknowledgedChangeAndLeaveOnlyWhatTheSweeperRemoves() throws Exception {
        Path data = dir.resolve("data");
        Path acks = dir.resolve("acks.log");
        var random = new SplittableRandom(0xC0FFEE);
        int kills = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Path ready = dir.resolve("ready-" + round);
            Path output = dir.resolve("child-" + round + ".log");
            Process child = new ProcessBuilder(childCommand(data, acks, ready, round))
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            awaitReady(child, ready, output);
            Thread.sleep(50 + random.nextInt(900));
            if (!child.isAlive()) {
                fail("child of round " + round + " ended by itself with " + child.exitValue() + ":\n" + tail(output));
            }
            child.destroyForcibly();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("killed child of round %d is gone", round).isTrue();
            assertThat(child.exitValue()).as("exit status of a JVM killed by SIGKILL").isEqualTo(KILLED_BY_SIGKILL);
            kills++;
        }

        Acks acknowledged = Acks.read(acks);
        StowageConfig config = E2ePrograms.config(data);
        assertIntegrityOk(config.database().databaseFile());
        int listed;
        int revisionsChecked = 0;
        List<Finding> swept;
        try (Stowage stowage = Stowage.tools(config)) {
            stowage.start();
            ManageProgramsUseCase programs = E2ePrograms.programs(stowage);
            BlobStore blobs = stowage.instance(BlobStore.class);
            Map<ProgramId, Program> all = listAll(programs);
            listed = all.size();

            for (ProgramId created : acknowledged.created()) {
                assertThat(all).as("acknowledged program %s is listed", created).containsKey(created);
            }
            for (var version : acknowledged.versions().entrySet()) {
                assertThat(all.get(version.getKey()).version()).as("version of %s", version.getKey())
                        .isGreaterThanOrEqualTo(version.getValue());
            }
            for (Program p : all.values()) {
                if (p.image().isEmpty()) {
                    continue; // killed between the creation and the image
                }
                ProgramImage image = p.image().get();
                assertThat(E2ePrograms.digest(programs.openImage(p.id(), Optional.empty()).data()))
                        .as("image of listed program %s", p.id())
                        .isEqualTo(new E2ePrograms.Sized(image.size(), image.sha256()));
                assertThat(ImageIO.read(programs.openThumbnail(p.id()).data())).as("thumbnail of %s", p.id()).isNotNull();
                Acks.Image last = acknowledged.lastImage().get(p.id());
                if (last != null && last.version() == p.version()) {
                    assertThat(image.sha256().hex()).as("acknowledged image of %s", p.id()).isEqualTo(last.sha256());
                    assertThat(E2ePrograms.digest(programs.openThumbnail(p.id()).data()).sha256().hex())
                            .as("acknowledged thumbnail of %s", p.id()).isEqualTo(last.thumbnailSha256());
                }
            }
            for (Program p : all.values()) {
                for (ProgramRevision r : revisions(programs, p.id())) {
                    revisionsChecked++;
                    if (r.image().isEmpty()) {
                        continue;
                    }
                    ProgramImage kept = r.image().get();
                    assertThat(blobs.stat(kept.blob())).as("image of %s revision %d", p.id(), r.version()).isPresent();
                    assertThat(blobs.stat(kept.thumbnail().orElseThrow()))
                            .as("thumbnail of %s revision %d", p.id(), r.version()).isPresent();
                    assertThat(E2ePrograms.digest(blobs.open(kept.blob())).sha256())
                            .as("kept image of %s revision %d", p.id(), r.version()).isEqualTo(kept.sha256());
                }
            }
            for (Acks.Image image : acknowledged.images()) {
                Program p = all.get(image.program());
                if (p.version() != image.version()) {
                    // the acknowledged state was replaced since: the revision that keeps it has its image
                    ProgramRevision r = programs.revision(p.id(), image.version());
                    assertThat(r.image().orElseThrow().sha256().hex())
                            .as("image kept by %s revision %d", p.id(), image.version()).isEqualTo(image.sha256());
                }
            }

            // Nothing writes any more: once the grace has passed, every leftover counts as one.
            Thread.sleep(E2ePrograms.ORPHAN_GRACE.toMillis() + 100);
            swept = stowage.instance(ConsistencyService.class).sweep();
            assertThat(swept).allSatisfy(f -> assertThat(f.kind()).isIn(Finding.Kind.ORPHAN_BLOB, Finding.Kind.STALE_TEMPORARY));
            assertThat(swept).allSatisfy(f -> assertThat(f.repaired()).as("repaired: %s", f).isTrue());
            assertThat(stowage.instance(CheckConsistencyUseCase.class).check(true, false)).as("full check after the sweep").isEmpty();
        }
        assertIntegrityOk(config.database().databaseFile());
        System.out.printf(Locale.ROOT, "program crash test: %d rounds, %d kills (SIGKILL), %d programs listed, %d revisions, "
                        + "%d acknowledged creations and %d images, the sweeper removed %d orphan blobs%n", ROUNDS, kills,
                listed, revisionsChecked, acknowledged.created().size(), acknowledged.images().size(),
                swept.stream().filter(f -> f.kind() == Finding.Kind.ORPHAN_BLOB).count());
        assertThat(acknowledged.images()).as("the children got images through").isNotEmpty();
    }

    private static Map<ProgramId, Program> listAll(ManageProgramsUseCase programs) {
        var out = new HashMap<ProgramId, Program>();
        PageRequest page = PageRequest.first(PageRequest.MAX_LIMIT);
        while (true) {
            Page<Program> p = programs.list(ProgramQuery.all(), page);
            p.items().forEach(program -> out.put(program.id(), program));
            if (p.next().isEmpty()) {
                return out;
            }
            page = PageRequest.after(p.next().get(), PageRequest.MAX_LIMIT);
        }
    }

    private static List<ProgramRevision> revisions(ManageProgramsUseCase programs, ProgramId id) {
        var out = new ArrayList<ProgramRevision>();
        PageRequest page = PageRequest.first(PageRequest.MAX_LIMIT);
        while (true) {
            Page<ProgramRevision> p = programs.revisions(id, page);
            out.addAll(p.items());
            if (p.next().isEmpty()) {
                return out;
            }
            page = PageRequest.after(p.next().get(), PageRequest.MAX_LIMIT);
        }
    }

    /** What the children acknowledged, from complete lines only: a line the kill cut short was never acknowledged. */
    private record Acks(Set<ProgramId> created, Map<ProgramId, Long> versions, List<Image> images,
                        Map<ProgramId, Image> lastImage) {
        record Image(ProgramId program, long version, String sha256, String thumbnailSha256) {
        }

        static Acks read(Path log) throws IOException {
            var acks = new Acks(new HashSet<>(), new HashMap<>(), new ArrayList<>(), new HashMap<>());
            if (!Files.exists(log)) {
                return acks;
            }
            String text = Files.readString(log, StandardCharsets.US_ASCII);
            int end = text.lastIndexOf('\n');
            if (end < 0) {
                return acks;
            }
            for (String line : text.substring(0, end).split("\n")) {
                String[] f = line.split(" ");
                ProgramId id = new ProgramId(f[1]);
                switch (f[0]) {
                    case "C" -> acks.created().add(id);
                    case "V" -> acks.versions().merge(id, Long.parseLong(f[2]), Math::max);
                    case "I" -> {
                        var image = new Image(id, Long.parseLong(f[2]), f[3], f[4]);
                        acks.images().add(image);
                        acks.versions().merge(id, image.version(), Math::max);
                        acks.lastImage().merge(id, image, (a, b) -> a.version() >= b.version() ? a : b);
                    }
                    default -> throw new IllegalStateException("unknown acknowledgement line: " + line);
                }
            }
            return acks;
        }
    }

    private static List<String> childCommand(Path data, Path acks, Path ready, int seed) {
        var command = new ArrayList<String>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        // C1 only and the serial collector: a child lives for a second, so start-up is what counts
        command.addAll(List.of("-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true",
                "-cp", System.getProperty("java.class.path"),
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                ProgramWritingChild.class.getName(),
                data.toString(), acks.toString(), ready.toString(), Integer.toString(seed)));
        return command;
    }

    /** Waits until the child's first program has its image; a child that dies first fails the test with its output. */
    private static void awaitReady(Process child, Path ready, Path output) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!Files.exists(ready)) {
            if (!child.isAlive()) {
                fail("child ended with " + child.exitValue() + " before it was ready:\n" + tail(output));
            }
            if (System.nanoTime() > deadline) {
                child.destroyForcibly();
                fail("child did not get its first program through within 2 minutes:\n" + tail(output));
            }
            Thread.sleep(10);
        }
    }

    /** SQLite's own verdict on the file, from a connection of its own. */
    private static void assertIntegrityOk(Path database) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
            var lines = new ArrayList<String>();
            while (rs.next()) {
                lines.add(rs.getString(1));
            }
            assertThat(lines).as("PRAGMA integrity_check of %s", database).containsExactly("ok");
        }
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
