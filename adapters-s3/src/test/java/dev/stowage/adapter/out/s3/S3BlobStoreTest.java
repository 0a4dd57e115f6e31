package dev.stowage.adapter.out.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.stowage.application.port.out.BlobStore;
import dev.stowage.application.port.out.BlobStore.PutOptions;
import dev.stowage.application.port.out.HealthIndicator;
import dev.stowage.application.port.out.Managed;
import dev.stowage.domain.blob.BlobInfo;
import dev.stowage.domain.blob.BlobKey;
import dev.stowage.domain.error.StorageUnavailableException;
import dev.stowage.domain.error.ChecksumMismatchException;
import dev.stowage.domain.error.TooLargeException;
import dev.stowage.testing.contract.Bytes;
import io.minio.BucketExistsArgs;
import io.minio.ListObjectsArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.messages.Item;
import io.minio.messages.Upload;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What only S3 has: multipart uploads, the bucket, credentials. Runs against a real S3Proxy. */
class S3BlobStoreTest {
    @RegisterExtension
    static final S3ProxyExtension S3 = new S3ProxyExtension();
    private static final AtomicInteger TESTS = new AtomicInteger();
    private static final String WRONG_SECRET = "not-the-secret-7d41e9b0aa";

    private static S3Fixture shared;

    @AfterAll
    static void closeShared() {
        if (shared != null) {
            shared.close();
        }
    }

    private S3Fixture fixture() {
        if (shared == null) {
            shared = new S3Fixture(S3.settings("specific", "shared/"));
        }
        return shared.withPrefix("s" + TESTS.incrementAndGet() + "/");
    }

    @Test
    void aLargeBlobGoesStraightToItsKeyWithADigestRecordAndLeavesNoTemporaryObject() throws Exception {
        S3Fixture f = fixture();
        long size = 2 * f.settings.partSize() + 12_345;
        BlobKey key = new BlobKey("big/multipart");

        BlobInfo info = f.store.put(key, Bytes.stream(1, size), PutOptions.unlimited().withExpectedSize(size));

        assertThat(info.sha256()).isEqualTo(Bytes.sha256(Bytes.stream(1, size)));
        assertThat(Bytes.sha256(f.store.open(key))).isEqualTo(info.sha256());
        assertThat(f.store.stat(key).orElseThrow().sha256()).isEqualTo(info.sha256());
        assertThat(objectsUnder(f, f.settings.prefix()))
                .containsExactly(f.settings.prefix() + "blobs/big/multipart", f.settings.prefix() + "sums/big/multipart");
    }

    @Test
    void replacingALargeBlobCopiesItIntoPlaceWithItsDigestAndDropsTheOldRecord() throws Exception {
        S3Fixture f = fixture();
        long size = f.settings.partSize() + 1;
        BlobKey key = new BlobKey("big/replaced");
        f.store.put(key, Bytes.stream(1, size), PutOptions.unlimited());

        BlobInfo info = f.store.put(key, Bytes.stream(2, size), PutOptions.unlimited());

        assertThat(Bytes.sha256(f.store.open(key))).isEqualTo(Bytes.sha256(Bytes.stream(2, size)));
        assertThat(objectsUnder(f, f.settings.prefix())).containsExactly(f.settings.prefix() + "blobs/big/replaced");
        assertThat(f.client.statObject(StatObjectArgs.builder().bucket(f.settings.bucket()).object(f.store.objectName(key)).build())
                .userMetadata()).containsEntry(S3BlobStore.SHA_METADATA, info.sha256().hex());
        assertThat(f.store.delete(key)).isTrue();
        assertThat(objectsUnder(f, f.settings.prefix())).isEmpty();
    }

    @Test
    void aLargeBlobThatFailsItsCheckLeavesNoObjectRecordOrIntent() throws Exception {
        S3Fixture f = fixture();
        long size = f.settings.partSize() + 1;
        BlobKey key = new BlobKey("big/wrong");

        assertThatThrownBy(() -> f.store.put(key, Bytes.stream(3, size),
                PutOptions.unlimited().withExpectedSha256(Bytes.sha256(Bytes.stream(4, size)))))
                .isInstanceOf(ChecksumMismatchException.class);

        assertThat(objectsUnder(f, f.settings.prefix())).isEmpty();
        assertThat(f.store.stat(key)).isEmpty();
        byte[] small = Bytes.of(5, 100);
        f.store.put(key, new java.io.ByteArrayInputStream(small), PutOptions.unlimited());
        assertThat(Bytes.readAll(f.store.open(key))).isEqualTo(small);
    }

    @Test
    void deletingALargeBlobRemovesItsRecordToo() throws Exception {
        S3Fixture f = fixture();
        BlobKey key = new BlobKey("big/deleted");
        f.store.put(key, Bytes.stream(6, f.settings.partSize() + 1), PutOptions.unlimited());

        assertThat(f.store.delete(key)).isTrue();

        assertThat(objectsUnder(f, f.settings.prefix())).isEmpty();
        assertThat(f.store.delete(key)).isFalse();
    }

    @Test
    void passingMaxBytesMidUploadAbortsAndLeavesNothing() throws Exception {
        S3Fixture f = fixture();
        long limit = f.settings.partSize() + 1000;

        assertThatThrownBy(() -> f.store.put(new BlobKey("too/big"), Bytes.stream(2, 4 * f.settings.partSize()),
                PutOptions.unlimited().withMaxBytes(limit)))
                .isInstanceOf(TooLargeException.class);

        assertThat(objectsUnder(f, f.settings.prefix())).isEmpty();
        List<Upload> uploads = uploadsUnder(f);
        if (uploads != null) {
            assertThat(uploads).as("unfinished multipart uploads").isEmpty();
        }
    }

    @Test
    void theSweeperAbortsStaleMultipartUploads() throws Exception {
        S3Fixture f = fixture();
        f.asyncClient.createMultipartUploadAsync(f.settings.bucket(), f.settings.region(),
                f.store.tempBase() + "00000000000000000000000000000000", null, null).get();
        List<Upload> before = uploadsUnder(f);
        assumeTrue(before != null, "this S3 server cannot list multipart uploads");
        assertThat(before).hasSize(1);

        assertThat(f.store.sweepTemporary(Duration.ofHours(1))).isZero();
        assertThat(f.store.sweepTemporary(Duration.ZERO)).isEqualTo(1);

        assertThat(uploadsUnder(f)).isEmpty();
    }

    @Test
    void theModuleCreatesTheBucketAtStartAndReportsHealth() throws Exception {
        S3Settings settings = S3.settings("fresh-" + TESTS.incrementAndGet(), "");
        Injector injector = Guice.createInjector(new S3BlobModule(settings));
        Set<Managed> managed = injector.getInstance(Key.get(new TypeLiteral<Set<Managed>>() { }));
        HealthIndicator health = injector.getInstance(Key.get(new TypeLiteral<Set<HealthIndicator>>() { })).stream()
                .filter(h -> h.component().equals("blobs")).findFirst().orElseThrow();
        assertThat(health.check().up()).as("before the bucket exists").isFalse();

        managed.forEach(Managed::start);
        try {
            HealthIndicator.ComponentHealth report = health.check();
            assertThat(report.up()).isTrue();
            assertThat(report.details()).containsEntry("backend", "s3").containsEntry("bucket", settings.bucket())
                    .containsEntry("endpoint", settings.endpoint().toString());
            assertThat(report.details().toString()).doesNotContain(S3ProxyExtension.SECRET_KEY);
            BlobStore store = injector.getInstance(BlobStore.class);
            store.put(new BlobKey("hello"), new ByteArrayInputStream(Bytes.of(3, 10)), PutOptions.unlimited());
            assertThat(store.stat(new BlobKey("hello"))).isPresent();
            managed.forEach(Managed::start); // a second start finds the bucket and leaves it be
        } finally {
            managed.forEach(Managed::stop);
        }
        try (S3Fixture look = new S3Fixture(settings)) {
            assertThat(look.client.bucketExists(BucketExistsArgs.builder().bucket(settings.bucket()).build())).isTrue();
        }
    }

    @Test
    void settingsNeverShowTheSecret() {
        S3Settings settings = S3.settings("any", "");

        assertThat(settings.toString()).doesNotContain(S3ProxyExtension.SECRET_KEY).contains("secretKey=***");
    }

    @Test
    void refusedCredentialsFailWithoutTheSecretInAnyMessage() {
        S3Settings wrong = new S3Settings(S3.endpoint(), "us-east-1", "specific", S3ProxyExtension.ACCESS_KEY,
                WRONG_SECRET, true, "w/", S3Settings.MIN_PART_SIZE);
        S3BlobStore store = new S3BlobStore(S3Clients.client(wrong), S3Clients.asyncClient(wrong), wrong, java.time.Clock.systemUTC());

        List<Throwable> failures = new ArrayList<>();
        failures.add(catchFailure(() -> store.put(new BlobKey("x"), new ByteArrayInputStream(Bytes.of(4, 10)), PutOptions.unlimited())));
        failures.add(catchFailure(() -> store.stat(new BlobKey("x"))));
        failures.add(catchFailure(() -> store.open(new BlobKey("x"))));
        failures.add(catchFailure(() -> store.list("").hasNext()));
        failures.add(catchFailure(() -> new S3Bucket(S3Clients.client(wrong), S3Clients.asyncClient(wrong),
                S3Clients.healthClient(wrong), wrong).start()));

        for (Throwable t : failures) {
            assertThat(t).isInstanceOf(StorageUnavailableException.class).hasMessageContaining("credentials");
            assertThat(everythingPrinted(t)).doesNotContain(WRONG_SECRET);
        }
        assertThat(new S3BlobHealth(S3Clients.healthClient(wrong), wrong).check().details().toString())
                .doesNotContain(WRONG_SECRET);
    }

    @Test
    void anUnreachableEndpointIsStorageUnavailableWithoutTheSecret() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        S3Settings nowhere = new S3Settings(URI.create("http://127.0.0.1:" + closedPort), "us-east-1", "specific",
                S3ProxyExtension.ACCESS_KEY, WRONG_SECRET, true, "", S3Settings.MIN_PART_SIZE);
        S3BlobStore store = new S3BlobStore(S3Clients.client(nowhere), S3Clients.asyncClient(nowhere), nowhere,
                java.time.Clock.systemUTC());

        Throwable t = catchFailure(() -> store.stat(new BlobKey("x")));

        assertThat(t).isInstanceOf(StorageUnavailableException.class).hasMessageContaining("reading blob 'x'");
        assertThat(everythingPrinted(t)).doesNotContain(WRONG_SECRET);
        HealthIndicator.ComponentHealth health = new S3BlobHealth(S3Clients.healthClient(nowhere), nowhere).check();
        assertThat(health.up()).isFalse();
        assertThat(health.details().toString()).doesNotContain(WRONG_SECRET);
    }

    private static Throwable catchFailure(Runnable r) {
        try {
            r.run();
        } catch (Throwable t) {
            return t;
        }
        throw new AssertionError("expected a failure");
    }

    /** The exception as a log would print it: every message, cause and suppressed one. */
    private static String everythingPrinted(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out + " " + t;
    }

    private static List<String> objectsUnder(S3Fixture f, String prefix) throws Exception {
        List<String> names = new ArrayList<>();
        for (Result<Item> r : f.client.listObjects(ListObjectsArgs.builder().bucket(f.settings.bucket())
                .prefix(prefix).recursive(true).build())) {
            names.add(r.get().objectName());
        }
        return names;
    }

    /** The unfinished multipart uploads under this fixture's prefix; null when the server cannot list them. */
    private static List<Upload> uploadsUnder(S3Fixture f) throws Exception {
        try {
            return f.asyncClient.listMultipartUploadsAsync(f.settings.bucket(), f.settings.region(), null, null,
                    null, 1000, f.settings.prefix(), null, null, null).get().result().uploads();
        } catch (java.util.concurrent.ExecutionException e) {
            if ("NotImplemented".equals(S3Errors.code(e))) {
                return null;
            }
            throw e;
        }
    }
}
