package dev.stowage.adapter.out.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.application.port.out.BackupTarget;
import dev.stowage.domain.backup.BackupId;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.error.ChecksumMismatchException;
import dev.stowage.testing.contract.BackupTargetContract;
import io.minio.ListObjectsArgs;
import io.minio.PutObjectArgs;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class S3BackupTargetContractTest extends BackupTargetContract {
    @RegisterExtension
    static final S3ProxyExtension S3 = new S3ProxyExtension();
    private static final AtomicInteger TESTS = new AtomicInteger();

    /** Clients and bucket shared by the class; each test gets a fresh prefix, as empty as a new target. */
    private static S3Fixture shared;
    private S3Settings settings;
    private S3BackupTarget s3Target;

    @AfterAll
    static void closeShared() {
        if (shared != null) {
            shared.close();
        }
    }

    @Override
    protected BackupTarget newTarget() {
        if (shared == null) {
            shared = new S3Fixture(S3.settings("backups", "shared/"));
        }
        S3Fixture fixture = shared.withPrefix("b" + TESTS.incrementAndGet() + "/");
        settings = fixture.settings;
        s3Target = new S3BackupTarget(fixture.client, fixture.asyncClient, settings, Clock.systemUTC());
        return s3Target;
    }

    @Test
    void objectsAndManifestsLandUnderTheirDigestAndIdAndNothingIsLeftInTmp() {
        Sha256 sha = put("bytes");
        BackupId id = new BackupId(fx.nextId());
        target.putManifest(id, "{}".getBytes());

        assertThat(names(settings.prefix())).containsExactlyInAnyOrder(
                settings.prefix() + "objects/" + sha.hex(), settings.prefix() + "manifests/" + id + ".json");
    }

    @Test
    void aLargeObjectWithAWrongDigestIsNeverPublishedAndItsTemporaryIsRemoved() {
        byte[] content = new byte[6 * 1024 * 1024];
        new SplittableRandom(7).nextBytes(content);
        Sha256 claimed = new Sha256("ab".repeat(32));

        assertThatThrownBy(() -> target.putObject(claimed, content.length, new ByteArrayInputStream(content)))
                .isInstanceOf(ChecksumMismatchException.class);

        assertThat(target.objectSize(claimed)).isEmpty();
        assertThat(names(settings.prefix())).isEmpty();
    }

    @Test
    void strayObjectsAreNotTakenForObjectsManifestsOrLocks() throws Exception {
        Sha256 sha = put("real");
        plant("objects/notes.txt", "x");
        plant("objects/" + "z".repeat(64), "x");
        plant("manifests/not-an-id.json", "x");
        plant("locks/garbage.json", "{not json");

        assertThat(listObjects()).containsExactly(sha);
        assertThat(target.manifests()).isEmpty();
        assertThat(target.locks()).isEmpty();
    }

    @Test
    void sweepingRemovesWhatACrashLeftUnderTmpOnly() throws Exception {
        Sha256 sha = put("kept");
        plant("tmp/0123456789abcdef0123456789abcdef", "half an object");
        shared.asyncClient.createMultipartUploadAsync(settings.bucket(), settings.region(),
                s3Target.tempBase() + "fedcba9876543210fedcba9876543210", null, null).get();

        assertThat(target.sweepTemporary(Duration.ZERO)).isGreaterThanOrEqualTo(1);

        assertThat(names(settings.prefix() + "tmp/")).isEmpty();
        assertThat(read(sha)).isEqualTo("kept");
    }

    @Test
    void describesTheBucketAndPrefixWithoutTheSecret() {
        assertThat(target.describe()).isEqualTo("s3:backups/" + settings.prefix())
                .doesNotContain(S3ProxyExtension.SECRET_KEY);
    }

    private void plant(String name, String content) throws Exception {
        byte[] bytes = content.getBytes();
        shared.client.putObject(PutObjectArgs.builder().bucket(settings.bucket()).object(settings.prefix() + name)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1).build());
    }

    private List<String> names(String prefix) {
        var names = new ArrayList<String>();
        try {
            for (Result<Item> r : shared.client.listObjects(ListObjectsArgs.builder().bucket(settings.bucket())
                    .prefix(prefix).recursive(true).build())) {
                names.add(r.get().objectName());
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return names;
    }
}
