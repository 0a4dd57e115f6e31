package dev.stowage.bootstrap.programs;

import com.google.inject.Guice;
import dev.stowage.adapter.out.fs.FsBlobModule;
import dev.stowage.adapter.out.fs.FsSettings;
import dev.stowage.application.port.out.BlobStore;
import dev.stowage.application.port.out.ImageInspector;
import dev.stowage.testing.program.ProgramServiceSuite;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The program service with images as files, as in the embedded default. */
class ProgramServiceFsBlobsTest extends ProgramServiceSuite {
    @TempDir
    Path dir;

    @Override
    protected BlobStore newBlobStore() {
        return Images.started(Guice.createInjector(new FsBlobModule(new FsSettings(dir.resolve("blobs"), dir.resolve("staging")))));
    }

    @Override
    protected ImageInspector inspector() {
        return Images.inspector(dir, MAX_PIXELS);
    }
}
