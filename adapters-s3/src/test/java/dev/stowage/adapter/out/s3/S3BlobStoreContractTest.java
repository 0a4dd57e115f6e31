package dev.stowage.adapter.out.s3;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stowage.application.port.out.BlobStore;
import dev.stowage.domain.blob.BlobKey;
import dev.stowage.testing.contract.BlobStoreContract;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;

class S3BlobStoreContractTest extends BlobStoreContract {
    @RegisterExtension
    static final S3ProxyExtension S3 = new S3ProxyExtension();
    private static final AtomicInteger TESTS = new AtomicInteger();

    /** Clients and bucket shared by the class: building clients costs more than most tests. */
    private static S3Fixture shared;
    private S3Fixture fixture;

    @AfterAll
    static void closeShared() {
        if (shared != null) {
            shared.close();
        }
    }

    /** One bucket for the class, a fresh prefix per test: as empty as a new store, and cheap. */
    @Override
    protected BlobStore newStore() {
        if (shared == null) {
            shared = new S3Fixture(S3.settings("contract", "shared/"));
        }
        fixture = shared.withPrefix("t" + TESTS.incrementAndGet() + "/");
        return fixture.store;
    }

    /** Real S3 and MinIO allow it; S3Proxy's file-system backend maps keys to files and folders. */
    @Override
    protected void assumeKeysCanNestUnderKeys() {
        assumeTrue(false, "S3Proxy's filesystem backend stores 'a' as a file, so it cannot also hold 'a/b' "
                + "(a limit of the test server, not of S3)");
    }

    /**
     * A process killed mid-put leaves its temporary object, or an unfinished multipart upload; one
     * killed while a large blob went straight to its key leaves the intent naming the key and the
     * object there without a digest.
     */
    @Override
    protected void simulateCrashDuringPut(BlobStore store, BlobKey key) {
        try {
            fixture.client.putObject(PutObjectArgs.builder().bucket(fixture.settings.bucket())
                    .object(fixture.store.tempBase() + "0123456789abcdef0123456789abcdef")
                    .stream(new ByteArrayInputStream(new byte[1000]), 1000, -1).build());
            fixture.asyncClient.createMultipartUploadAsync(fixture.settings.bucket(), fixture.settings.region(),
                    fixture.store.tempBase() + "fedcba9876543210fedcba9876543210", null, null).get();
            byte[] named = key.value().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            fixture.client.putObject(PutObjectArgs.builder().bucket(fixture.settings.bucket())
                    .object(fixture.store.tempBase() + "00112233445566778899aabbccddeeff" + DigestRecords.INTENT_SUFFIX)
                    .stream(new ByteArrayInputStream(named), named.length, -1).build());
            fixture.client.putObject(PutObjectArgs.builder().bucket(fixture.settings.bucket())
                    .object(fixture.store.objectName(key))
                    .stream(new ByteArrayInputStream(new byte[2000]), 2000, -1).build());
        } catch (Exception e) {
            throw new IllegalStateException("could not plant the crash leftovers", e);
        }
    }
}
