package dev.stowage.bootstrap.e2e.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.stowage.application.port.in.program.ManageProgramsUseCase;
import dev.stowage.bootstrap.Main;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.domain.program.Program;
import dev.stowage.domain.program.ProgramName;
import dev.stowage.domain.common.Json;
import dev.stowage.testing.LegacyFileGenerator;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stowage import programs} in a real child JVM with {@code -Xmx128m}: an export of 40 PNGs of
 * about 3 MB each (some 160 MB of base64, more than the heap) comes in whole, so the import holds
 * neither the export nor one image string; then every image read back has the
 * digest of the bytes the generator encoded. No time is asserted: the wait only guards against a hang.
 */
class ProgramImportProcessTest {
    private static final int PROGRAMS = 40;
    /** 1000 x 1000 random RGB pixels: a PNG of about 3 MB. */
    private static final int EDGE = 1000;

    @TempDir
    Path dir;

    @Test
    void anExportLargerThanTheHeapImportsWholeInA128MiBHeapAndEveryImageKeepsItsDigest() throws Exception {
        Path file = dir.resolve("vision_programs.json");
        List<String> digests = LegacyFileGenerator.programsWithPngs(file, PROGRAMS, EDGE, 7);
        assertThat(Files.size(file)).isGreaterThan(128L << 20);
        Path data = dir.resolve("data");

        Child child = run("import", "programs", file.toString(), "--data-dir", data.toString(), "--json");
        assertThat(child.exit).as(child.stderr).isZero();
        @SuppressWarnings("unchecked")
        var report = (Map<String, Object>) Json.parse(child.stdout.strip());
        assertThat(report).containsEntry("entries", new BigDecimal(PROGRAMS))
                .containsEntry("created", new BigDecimal(PROGRAMS)).containsEntry("problems", List.of())
                .containsEntry("error", null).containsEntry("stoppedBy", null);
        assertThat(report.get("notes")).asList().contains("verification: " + PROGRAMS + " of " + PROGRAMS
                + " imported images read back with the SHA-256 of their data URL");
        assertThat(child.stderr).doesNotContain("\tat ", "OutOfMemory");

        // one instance reads every image back (40 'program show' JVMs took minutes); each stream
        // is hashed as it is read, so this checks the stored bytes, not the recorded digest only
        try (Stowage stowage = Stowage.builder().dataDir(data).build()) {
            stowage.start();
            ManageProgramsUseCase programs = stowage.instance(
                    Key.get(new TypeLiteral<Optional<ManageProgramsUseCase>>() { })).orElseThrow();
            for (int i = 0; i < PROGRAMS; i++) {
                Program program = programs.getByName(new ProgramName("Program " + i));
                assertThat(program.externalRef()).contains(String.format("prog_%06d", i));
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                try (InputStream in = programs.openImage(program.id(), Optional.empty()).data()) {
                    in.transferTo(new DigestOutputStream(OutputStream.nullOutputStream(), sha));
                }
                assertThat(HexFormat.of().formatHex(sha.digest())).as("image of program %d", i).isEqualTo(digests.get(i));
            }
        }
    }

    private record Child(int exit, String stdout, String stderr) {
    }

    private Child run(String... args) throws Exception {
        var command = new ArrayList<String>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", testClassPath(), "-Dlogback.configurationFile=logback.xml", Main.class.getName()));
        command.addAll(List.of(args));
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("the command ended").isTrue();
        } finally {
            p.destroyForcibly();
        }
        return new Child(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
