package dev.stowage.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.application.port.out.BlobStore;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.bootstrap.config.ConfigLoader;
import dev.stowage.domain.blob.BlobInfo;
import dev.stowage.domain.blob.BlobKey;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code stowage fsck} finds an orphaned blob, and {@code --repair} removes it. */
class FsckCliTest extends CliDataTest {
    private static final Duration GRACE = Duration.ofSeconds(1);

    @Test
    void cleanThenAnOrphanIsReportedThenRepaired() throws Exception {
        Path config = Files.writeString(dir.resolve("stowage.conf"), "stowage.documents.orphan-grace = 1s\n");
        ok("doc", "put", Files.writeString(dir.resolve("kept.txt"), "a document's bytes").toString(), "--owner", "ana",
                "--quiet", "--config", config.toString());
        CliRun clean = ok("fsck", "--config", config.toString(), "--verify-content");
        assertThat(clean.out()).isEqualToIgnoringNewLines("No problems found (content verified).");

        BlobKey orphan = new BlobKey("documents/orphan-left-by-a-crash");
        BlobInfo written;
        try (Stowage tools = Stowage.tools(ConfigLoader.load(new ConfigLoader.Sources(Optional.of(config), Map.of(),
                Map.of("stowage.data-dir", dataDir().toString()))))) {
            tools.start();
            written = tools.instance(BlobStore.class).put(orphan, new ByteArrayInputStream(new byte[123]),
                    BlobStore.PutOptions.unlimited());
        }
        // The check spares blobs younger than the grace period (an upload in flight writes its blob first).
        while (!Instant.now().isAfter(written.storedAt().plus(GRACE))) {
            Thread.sleep(50);
        }

        CliRun found = run("fsck", "--config", config.toString());
        assertThat(found.exitCode()).as(found.transcript()).isEqualTo(1);
        assertThat(found.out()).contains("orphan blob: blob " + orphan + ": 123 bytes referenced by nothing")
                .doesNotContain("(repaired)");
        assertThat(found.err()).isEqualToIgnoringNewLines(
                "stowage: 1 finding(s) not repaired; run 'stowage fsck --repair' to fix what can be fixed");

        CliRun repaired = ok("fsck", "--repair", "--config", config.toString());
        assertThat(repaired.out()).contains("orphan blob: blob " + orphan + ": 123 bytes referenced by nothing (repaired)",
                "1 finding(s), 1 repaired.");
        assertThat(ok("fsck", "--config", config.toString(), "--json").out())
                .isEqualToIgnoringNewLines("{\"findings\":[],\"unrepaired\":0,\"temporaryBytesInUse\":0}");
        assertThat(ok("doc", "ls", "--owner", "ana", "--config", config.toString()).out()).contains("kept.txt");
    }
}
