package dev.stowage.bootstrap.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/stowage}, the launcher users run, driven as they run it: a real shell, a real JVM and
 * real class-data archives. The jar it launches is a small one made here around
 * {@link LauncherProbe}, because the service's jar is packaged after the tests run; what the
 * launcher does is the same for any jar. Whether a class came from the archive is read from the
 * JVM's own class-loading log.
 */
class LauncherTest {
    private static final String FROM_ARCHIVE = "source: shared objects file";

    @TempDir
    Path dir;

    private Path jar;
    private Path cache;

    @BeforeEach
    void jar() throws IOException {
        jar = dir.resolve("app").resolve("stowage.jar");
        cache = dir.resolve("cache");
        writeJar("build 1");
    }

    /** Writes the probe's jar; a different {@code build} makes a different jar, as a rebuild does. */
    private void writeJar(String build) throws IOException {
        Files.createDirectories(jar.getParent());
        var manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, LauncherProbe.class.getName());
        String entry = LauncherProbe.class.getName().replace('.', '/') + ".class";
        try (var out = new JarOutputStream(Files.newOutputStream(jar), manifest);
             InputStream probe = LauncherProbe.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            probe.transferTo(out);
            out.putNextEntry(new JarEntry("build.txt"));
            out.write(build.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static Path launcher() {
        Path here = Path.of("bin", "stowage");
        return Files.exists(here) ? here : Path.of("..", "bin", "stowage");
    }

    private record Run(int exitCode, List<String> out, boolean probeFromArchive) {
    }

    /**
     * Runs {@code bin/stowage args}; a run that says it is serving is then stopped with SIGTERM, as
     * an operator stops the service.
     */
    private Run launch(Map<String, String> environment, String... args) throws Exception {
        Path classLog = Files.createTempFile(dir, "classes", ".log");
        var command = new ArrayList<String>(List.of("sh", launcher().toString()));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("STOWAGE_JAR", jar.toString());
        builder.environment().put("STOWAGE_CDS_DIR", cache.toString());
        builder.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        builder.environment().put("JAVA_OPTS", "-Xlog:class+load=info:file=" + classLog);
        builder.environment().putAll(environment);
        Process process = builder.start();
        var out = new ArrayList<String>();
        try (var lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                out.add(line);
                if (line.contains("is serving")) {
                    process.toHandle().destroy(); // SIGTERM; Process.destroy would also close this stream
                }
            }
        }
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("the launcher ended").isTrue();
        boolean fromArchive = Files.readAllLines(classLog).stream()
                .anyMatch(l -> l.contains(LauncherProbe.class.getName() + " " + FROM_ARCHIVE));
        return new Run(process.exitValue(), out, fromArchive);
    }

    private Run launch(String... args) throws Exception {
        return launch(Map.of(), args);
    }

    private List<Path> cached() throws IOException {
        if (!Files.isDirectory(cache)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cache)) {
            return files.sorted().toList();
        }
    }

    @Test
    void theFirstServeRecordsTheArchiveAndLaterLaunchesUseIt() throws Exception {
        Run first = launch("serve", "--port", "0");
        assertThat(first.exitCode()).isZero();
        assertThat(first.out()).startsWith("args: serve --port 0");
        assertThat(first.probeFromArchive()).isFalse();
        List<Path> archives = cached();
        assertThat(archives).singleElement().asString().endsWith(".jsa");
        long size = Files.size(archives.get(0));
        var written = Files.getLastModifiedTime(archives.get(0));

        Run second = launch("serve");
        assertThat(second.exitCode()).isZero();
        assertThat(second.probeFromArchive()).as("the second serve maps the archive").isTrue();
        Run other = launch("db", "info");
        assertThat(other.out()).containsExactly("args: db info");
        assertThat(other.probeFromArchive()).as("any command maps it").isTrue();
        assertThat(cached()).isEqualTo(archives);
        assertThat(Files.size(archives.get(0))).isEqualTo(size);
        assertThat(Files.getLastModifiedTime(archives.get(0))).as("made once, not rewritten").isEqualTo(written);
    }

    @Test
    void otherCommandsNeverMakeTheArchive() throws Exception {
        assertThat(launch("db", "info").exitCode()).isZero();
        assertThat(cached()).isEmpty();
    }

    @Test
    void aRebuiltJarGetsItsOwnArchiveAndTheStaleOneIsRemoved() throws Exception {
        launch("serve");
        List<Path> before = cached();
        assertThat(before).hasSize(1);

        writeJar("build 2");
        Run rebuilt = launch("serve");
        assertThat(rebuilt.exitCode()).isZero();
        assertThat(rebuilt.probeFromArchive()).as("the stale archive is not used").isFalse();
        List<Path> after = cached();
        assertThat(after).hasSize(1).doesNotContainAnyElementsOf(before);
        assertThat(launch("serve").probeFromArchive()).isTrue();
    }

    @Test
    void aFolderThatCannotBeMadeStillStartsWithoutAnArchive() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
        cache = file.resolve("cds");
        Run run = launch("serve", "--port", "0");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("args: serve --port 0", "probe is serving");
        assertThat(run.probeFromArchive()).isFalse();
        assertThat(Files.readString(file)).isEqualTo("not a folder");
    }

    @Test
    void noCdsRunsThePlainJarAndPassesTheRestOn() throws Exception {
        Run run = launch("--no-cds", "serve", "--data-dir", "x");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("args: serve --data-dir x");
        assertThat(cached()).isEmpty();

        launch("serve");
        Run withArchive = launch("--no-cds", "serve");
        assertThat(withArchive.probeFromArchive()).as("--no-cds ignores an archive that exists").isFalse();
    }

    @Test
    void aServeThatFailsLeavesNoArchive() throws Exception {
        Run run = launch("serve", "--fail");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(cached()).isEmpty();
    }
}
