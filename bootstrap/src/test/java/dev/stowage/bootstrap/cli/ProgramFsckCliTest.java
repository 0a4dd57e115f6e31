package dev.stowage.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.application.port.out.BlobStore;
import dev.stowage.application.port.out.ProgramStore;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.bootstrap.config.ConfigLoader;
import dev.stowage.domain.blob.BlobInfo;
import dev.stowage.domain.blob.BlobKey;
import dev.stowage.domain.document.MimeType;
import dev.stowage.domain.program.Program;
import dev.stowage.domain.program.ProgramImage;
import dev.stowage.testing.contract.Fixtures;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * {@code stowage fsck} on SQLite and blobs on disk sees program images: the images and thumbnails
 * of programs and of the revisions they keep survive {@code --repair} however old they are, a
 * program blob nothing refers to is repaired like any orphan, and a program whose image is gone is
 * reported.
 */
class ProgramFsckCliTest extends CliDataTest {
    private static final Duration GRACE = Duration.ofSeconds(1);

    private final Fixtures fx = new Fixtures();

    @Test
    void programImagesAreKeptOrphansRepairedAndAMissingImageReported() throws Exception {
        Path config = Files.writeString(dir.resolve("stowage.conf"), "stowage.documents.orphan-grace = 1s\n");
        List<BlobInfo> written = new ArrayList<>();
        Program[] current = new Program[1];
        ProgramImage[] images = new ProgramImage[2];
        BlobKey orphan = new BlobKey("programs/images/orphan-left-by-a-crash");
        withTools(config, tools -> {
            BlobStore blobs = tools.instance(BlobStore.class);
            ProgramStore programs = tools.instance(ProgramStore.class);
            images[0] = image(blobs, "first master image", written);
            images[1] = image(blobs, "second master image", written);
            Program v1 = fx.program("Quick Preview").image(images[0]).build();
            programs.insert(v1);
            // version 2 has the second image; revision 1 keeps the first
            current[0] = programs.update(fx.edit(v1).image(images[1]).build(), 1);
            written.add(blobs.put(orphan, new ByteArrayInputStream(new byte[77]), BlobStore.PutOptions.unlimited()));
        });
        Instant newest = written.stream().map(BlobInfo::storedAt).max(Instant::compareTo).orElseThrow();
        // past the grace period, every blob would be an orphan if nothing referred to it
        while (!Instant.now().isAfter(newest.plus(GRACE))) {
            Thread.sleep(50);
        }

        CliRun repaired = ok("fsck", "--repair", "--verify-content", "--config", config.toString());
        assertThat(repaired.out()).contains("orphan blob: blob " + orphan + ": 77 bytes referenced by nothing (repaired)",
                "1 finding(s), 1 repaired.");
        CliRun clean = ok("fsck", "--verify-content", "--config", config.toString());
        assertThat(clean.out()).isEqualToIgnoringNewLines("No problems found (content verified).");

        withTools(config, tools -> tools.instance(BlobStore.class).delete(images[1].blob()));
        CliRun found = run("fsck", "--config", config.toString());
        assertThat(found.exitCode()).as(found.transcript()).isEqualTo(1);
        assertThat(found.out()).contains("missing blob: program " + current[0].id() + " image: blob " + images[1].blob()
                + " is missing");
    }

    private void withTools(Path config, Consumer<Stowage> work) {
        try (Stowage tools = Stowage.tools(ConfigLoader.load(new ConfigLoader.Sources(Optional.of(config), Map.of(),
                Map.of("stowage.data-dir", dataDir().toString()))))) {
            tools.start();
            work.accept(tools);
        }
    }

    /** An image and its thumbnail stored as the program service stores them. */
    private ProgramImage image(BlobStore blobs, String content, List<BlobInfo> written) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        BlobInfo image = blobs.put(fx.blobKey("programs/images"), new ByteArrayInputStream(bytes), BlobStore.PutOptions.unlimited());
        BlobInfo thumbnail = blobs.put(fx.blobKey("programs/thumbnails"), new ByteArrayInputStream(new byte[12]),
                BlobStore.PutOptions.unlimited());
        written.add(image);
        written.add(thumbnail);
        return new ProgramImage(image.key(), new MimeType("image/png"), image.size(), image.sha256(), 8, 8,
                Optional.of(thumbnail.key()));
    }
}
