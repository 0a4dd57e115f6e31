package dev.stowage.adapter.out.images;

import dev.stowage.application.port.out.BlobStore;
import dev.stowage.application.port.out.ImageInspector;
import dev.stowage.testing.InMemoryBlobStore;
import dev.stowage.testing.program.ProgramServiceSuite;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The program service with images in memory and the real ImageIO inspector. */
class ProgramServiceInMemoryBlobsTest extends ProgramServiceSuite {
    @TempDir
    Path dir;

    @Override
    protected BlobStore newBlobStore() {
        return new InMemoryBlobStore(clock);
    }

    @Override
    protected ImageInspector inspector() {
        return new ImageIoInspector(new ImageSettings(MAX_PIXELS, dir.resolve("image-cache")));
    }
}
