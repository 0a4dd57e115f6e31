package dev.stowage.bootstrap.programs;

import com.google.inject.Guice;
import dev.stowage.adapter.out.s3.S3BlobModule;
import dev.stowage.adapter.out.s3.S3Settings;
import dev.stowage.application.port.out.BlobStore;
import dev.stowage.application.port.out.ImageInspector;
import dev.stowage.testing.S3Proxy;
import dev.stowage.testing.program.ProgramServiceSuite;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The program service with images in an S3 bucket (S3Proxy on loopback), one bucket per test. */
class ProgramServiceS3BlobsTest extends ProgramServiceSuite {
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static S3Proxy s3;

    @TempDir
    Path dir;

    @BeforeAll
    static void startS3() {
        s3 = S3Proxy.start();
    }

    @AfterAll
    static void stopS3() {
        if (s3 != null) {
            s3.close();
        }
    }

    @Override
    protected BlobStore newBlobStore() {
        var settings = new S3Settings(s3.endpoint(), "us-east-1", "programs-" + BUCKETS.incrementAndGet(),
                S3Proxy.ACCESS_KEY, S3Proxy.SECRET_KEY, true, "", S3Settings.MIN_PART_SIZE);
        return Images.started(Guice.createInjector(new S3BlobModule(settings)));
    }

    @Override
    protected ImageInspector inspector() {
        return Images.inspector(dir, MAX_PIXELS);
    }
}
