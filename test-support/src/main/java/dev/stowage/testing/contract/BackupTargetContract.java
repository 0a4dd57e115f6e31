package dev.stowage.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.application.port.out.BackupTarget;
import dev.stowage.domain.backup.BackupId;
import dev.stowage.domain.backup.TargetLock;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.error.AlreadyExistsException;
import dev.stowage.domain.error.ChecksumMismatchException;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.error.NotFoundException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BackupTarget} promises. An adapter's test extends this class and says only how
 * to make a fresh, empty target (a new folder, a new bucket prefix).
 */
public abstract class BackupTargetContract {

    /** A new, empty target. Called once per test. */
    protected abstract BackupTarget newTarget();

    /**
     * Bytes in the big-object test: by default 12 MiB, more than two S3 multipart parts of the
     * 5 MiB minimum, so a streaming upload must use several.
     */
    protected long bigObjectBytes() {
        return 12L << 20;
    }

    protected final Fixtures fx = new Fixtures();
    protected BackupTarget target;

    @BeforeEach
    void makeTarget() {
        target = newTarget();
    }

    // ---- objects ----

    @Test
    void aStoredObjectCanBeSizedOpenedAndListed() {
        Sha256 sha = put("snapshot bytes");

        assertThat(target.objectSize(sha)).contains(14L);
        assertThat(read(sha)).isEqualTo("snapshot bytes");
        assertThat(listObjects()).containsExactly(sha);
    }

    @Test
    void storingAPresentObjectAgainReadsNothingAndSaysSo() {
        Sha256 sha = put("kept once");
        InputStream unreadable = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("a present object must not be read again");
            }
        };

        assertThat(target.putObject(sha, 9, unreadable)).isFalse();
        assertThat(read(sha)).isEqualTo("kept once");
        assertThat(listObjects()).containsExactly(sha);
    }

    @Test
    void bytesStoredWithoutADigestAreNamedByTheirsOnce() throws Exception {
        byte[] buffer = "..a pack of chunks..".getBytes(StandardCharsets.UTF_8);
        Sha256 expected = Sha256.of(MessageDigest.getInstance("SHA-256").digest("a pack of chunks".getBytes(StandardCharsets.UTF_8)));

        BackupTarget.Stored first = target.putObject(buffer, 2, 16);
        BackupTarget.Stored again = target.putObject(buffer, 2, 16);

        assertThat(first).isEqualTo(new BackupTarget.Stored(expected, true));
        assertThat(again).isEqualTo(new BackupTarget.Stored(expected, false));
        assertThat(read(expected)).isEqualTo("a pack of chunks");
        assertThat(target.objectSize(expected)).contains(16L);
        assertThat(listObjects()).containsExactly(expected);
        // one stored the other way is the same object
        assertThat(target.putObject(expected, 16, bytes("a pack of chunks"))).isFalse();
        assertThatThrownBy(() -> target.putObject(buffer, 10, 16)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(listObjects()).containsExactly(expected);
    }

    @Test
    void objectsPutThroughABatchAreThereWholeOnceItIsCommitted() throws Exception {
        Sha256 present = put("already here");
        Sha256 blob = Sha256.of(sha256().digest(utf8("a blob in a batch")));
        byte[] pack = utf8("a pack in a batch");
        BackupTarget.Stored stored;
        try (BackupTarget.Batch batch = target.batch()) {
            assertThat(batch.putObject(blob, 17, bytes("a blob in a batch"))).isTrue();
            stored = batch.putObject(pack, 0, pack.length);
            assertThat(stored.written()).isTrue();
            InputStream unreadable = new InputStream() {
                @Override
                public int read() throws IOException {
                    throw new IOException("a present object must not be read again");
                }
            };
            assertThat(batch.putObject(present, 12, unreadable)).isFalse();
            assertThatThrownBy(() -> batch.putObject(new Sha256("ab".repeat(32)), 5, bytes("other")))
                    .isInstanceOf(ChecksumMismatchException.class);
            batch.commit();
        }

        assertThat(stored.sha256()).isEqualTo(Sha256.of(sha256().digest(pack)));
        assertThat(read(blob)).isEqualTo("a blob in a batch");
        assertThat(read(stored.sha256())).isEqualTo("a pack in a batch");
        assertThat(listObjects()).containsExactlyInAnyOrder(present, blob, stored.sha256());
        // and a new batch finds them present
        try (BackupTarget.Batch batch = target.batch()) {
            assertThat(batch.putObject(pack, 0, pack.length)).isEqualTo(new BackupTarget.Stored(stored.sha256(), false));
            batch.commit();
        }
    }

    @Test
    void bytesWithAnotherDigestAreRefusedAndNothingIsStored() {
        Sha256 claimed = Fixtures.sha256("something else");
        byte[] bytes = "the real bytes".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> target.putObject(claimed, bytes.length, new ByteArrayInputStream(bytes)))
                .isInstanceOf(ChecksumMismatchException.class);
        assertThat(target.objectSize(claimed)).isEmpty();
        assertThat(listObjects()).isEmpty();
    }

    @Test
    void fewerOrMoreBytesThanDeclaredAreRefused() {
        byte[] bytes = "twelve bytes".getBytes(StandardCharsets.UTF_8);
        Sha256 sha = Fixtures.sha256("twelve bytes");

        assertThatThrownBy(() -> target.putObject(sha, 13, new ByteArrayInputStream(bytes)))
                .isInstanceOf(ChecksumMismatchException.class);
        assertThatThrownBy(() -> target.putObject(sha, 11, new ByteArrayInputStream(bytes)))
                .isInstanceOf(ChecksumMismatchException.class);
        assertThat(target.objectSize(sha)).isEmpty();

        assertThat(target.putObject(sha, 12, new ByteArrayInputStream(bytes))).isTrue();
        assertThat(read(sha)).isEqualTo("twelve bytes");
    }

    @Test
    void anEmptyObjectIsAnObject() {
        Sha256 sha = put("");

        assertThat(target.objectSize(sha)).contains(0L);
        assertThat(read(sha)).isEmpty();
    }

    @Test
    void aMissingObjectIsNotFound() {
        put("present");
        Sha256 absent = Fixtures.sha256("absent");

        assertThatThrownBy(() -> target.openObject(absent)).isInstanceOf(NotFoundException.class);
        assertThat(target.objectSize(absent)).isEmpty();
    }

    @Test
    void deleteSaysWhetherThereWasAnObjectAndMayBeRepeated() {
        Sha256 old = put("old");
        Sha256 other = put("other");

        assertThat(target.deleteObject(old)).isTrue();
        assertThat(target.deleteObject(old)).isFalse();
        assertThat(target.objectSize(old)).isEmpty();
        assertThat(listObjects()).containsExactly(other);

        assertThat(target.putObject(old, 3, bytes("old"))).isTrue();
        assertThat(read(old)).isEqualTo("old");
    }

    @Test
    void twoWritersOfOneObjectBothSucceedAndItIsStoredOnce() throws Exception {
        byte[] content = new byte[256 * 1024];
        new SplittableRandom(3).nextBytes(content);
        Sha256 sha = Sha256.of(sha256().digest(content));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            var calls = new ArrayList<Future<Boolean>>();
            for (int i = 0; i < 4; i++) {
                calls.add(pool.submit((Callable<Boolean>) () -> target.putObject(sha, content.length, new ByteArrayInputStream(content))));
            }
            int wrote = 0;
            for (Future<Boolean> f : calls) {
                wrote += f.get() ? 1 : 0;
            }
            assertThat(wrote).isBetween(1, 4);
        } finally {
            pool.shutdownNow();
        }
        assertThat(listObjects()).containsExactly(sha);
        try (InputStream in = target.openObject(sha)) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
    }

    @Test
    void aBigObjectIsStreamedIntact() throws IOException {
        long size = bigObjectBytes();
        MessageDigest digest = sha256();
        var random = new SplittableRandom(12);
        // the digest is needed before the put, so the same seeded stream is generated twice
        try (InputStream in = new SeededStream(random.split(), size)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        Sha256 sha = Sha256.of(digest.digest());
        random = new SplittableRandom(12);

        assertThat(target.putObject(sha, size, new SeededStream(random.split(), size))).isTrue();

        MessageDigest read = sha256();
        long count = 0;
        try (InputStream in = target.openObject(sha)) {
            byte[] buffer = new byte[100_000];
            for (int n; (n = in.read(buffer)) > 0; count += n) {
                read.update(buffer, 0, n);
            }
        }
        assertThat(count).isEqualTo(size);
        assertThat(Sha256.of(read.digest())).isEqualTo(sha);
        assertThat(target.objectSize(sha)).contains(size);
    }

    // ---- packs: chunks are read out of a pack object by range ----

    @Test
    void aRangeOfAPackReadsExactlyThoseBytes() throws IOException {
        Sha256 pack = put("aaaabbbbbbcc");

        assertThat(readRange(pack, 0, 4)).isEqualTo("aaaa");
        assertThat(readRange(pack, 4, 6)).isEqualTo("bbbbbb");
        assertThat(readRange(pack, 10, 2)).isEqualTo("cc");
        assertThat(readRange(pack, 4, 8)).isEqualTo("bbbbbbcc");
        assertThat(readRange(pack, 3, 0)).isEmpty();
    }

    @Test
    void aRangePastThePacksEndEndsWithThePack() throws IOException {
        Sha256 pack = put("aaaabbbbbbcc");

        assertThat(readRange(pack, 8, 100)).isEqualTo("bbcc");
        assertThat(readRange(pack, 12, 5)).isEmpty();
        assertThat(readRange(pack, 1000, 5)).isEmpty();
    }

    @Test
    void aRangeOfAMissingPackIsNotFoundAndANegativeOneIsRefused() {
        Sha256 pack = put("aaaabbbbbbcc");

        assertThatThrownBy(() -> target.openObject(Fixtures.sha256("absent"), 0, 4)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> target.openObject(pack, -1, 4)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> target.openObject(pack, 0, -4)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void aRangeDeepInALargePackComesBackIntact() throws IOException {
        // larger than S3's single-PUT size, so the pack arrives through the streamed path
        byte[] bytes = new byte[6 << 20];
        new SplittableRandom(7).nextBytes(bytes);
        Sha256 pack = Sha256.of(sha256().digest(bytes));
        assertThat(target.putObject(pack, bytes.length, new ByteArrayInputStream(bytes))).isTrue();

        long offset = (5L << 20) + 12_345;
        try (InputStream in = target.openObject(pack, offset, 100_000)) {
            byte[] got = in.readAllBytes();
            assertThat(got).isEqualTo(java.util.Arrays.copyOfRange(bytes, (int) offset, (int) offset + 100_000));
        }
    }

    @Test
    void anEmptyTargetHoldsNothing() {
        assertThat(listObjects()).isEmpty();
        assertThat(target.manifests()).isEmpty();
        assertThat(target.locks()).isEmpty();
    }

    // ---- manifests ----

    @Test
    void aManifestCanBeReadBackAndIsListedOldestFirst() {
        BackupId first = new BackupId(fx.nextId());
        BackupId second = new BackupId(fx.nextId());
        target.putManifest(second, utf8("{\"b\":2}"));
        target.putManifest(first, utf8("{\"a\":1}"));

        assertThat(new String(target.readManifest(first), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
        assertThat(target.manifests()).containsExactly(first, second);
    }

    @Test
    void aSecondManifestForOneBackupIsRefusedAndTheFirstKept() {
        BackupId id = new BackupId(fx.nextId());
        target.putManifest(id, utf8("original"));

        assertThatThrownBy(() -> target.putManifest(id, utf8("replacement"))).isInstanceOf(AlreadyExistsException.class);
        assertThat(target.readManifest(id)).isEqualTo(utf8("original"));
    }

    @Test
    void aMissingManifestIsNotFound() {
        assertThatThrownBy(() -> target.readManifest(new BackupId(fx.nextId()))).isInstanceOf(NotFoundException.class);
    }

    @Test
    void deletingAManifestRemovesTheBackupAndMayBeRepeated() {
        BackupId id = new BackupId(fx.nextId());
        BackupId other = new BackupId(fx.nextId());
        target.putManifest(id, utf8("x"));
        target.putManifest(other, utf8("y"));

        assertThat(target.deleteManifest(id)).isTrue();
        assertThat(target.deleteManifest(id)).isFalse();
        assertThat(target.manifests()).containsExactly(other);
        assertThatThrownBy(() -> target.readManifest(id)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void aManifestsBytesComeBackExactly() {
        BackupId id = new BackupId(fx.nextId());
        byte[] bytes = new byte[70_000];
        new SplittableRandom(5).nextBytes(bytes);

        target.putManifest(id, bytes);

        assertThat(target.readManifest(id)).isEqualTo(bytes);
    }

    // ---- locks ----

    @Test
    void locksAreListedReplacedAndRemoved() {
        var backup = new TargetLock("lock-1", TargetLock.Kind.BACKUP, fx.at(0), "host 1 pid 10");
        var prune = new TargetLock("lock-2", TargetLock.Kind.PRUNE, fx.at(5), "host 2 pid 20");
        target.putLock(backup);
        target.putLock(prune);
        var refreshed = new TargetLock("lock-1", TargetLock.Kind.BACKUP, fx.at(60), "host 1 pid 10");
        target.putLock(refreshed);

        assertThat(target.locks()).containsExactlyInAnyOrder(refreshed, prune);
        assertThat(target.deleteLock("lock-1")).isTrue();
        assertThat(target.deleteLock("lock-1")).isFalse();
        assertThat(target.locks()).containsExactly(prune);
    }

    // ---- housekeeping ----

    @Test
    void sweepingTemporaryDataKeepsEverythingCommitted() {
        Sha256 sha = put("kept");
        BackupId id = new BackupId(fx.nextId());
        target.putManifest(id, utf8("m"));

        assertThat(target.sweepTemporary(Duration.ZERO)).isGreaterThanOrEqualTo(0);

        assertThat(read(sha)).isEqualTo("kept");
        assertThat(target.manifests()).containsExactly(id);
    }

    @Test
    void describesItselfForOperators() {
        assertThat(target.describe()).isNotBlank();
    }

    // ---- helpers ----

    protected Sha256 put(String content) {
        byte[] b = utf8(content);
        Sha256 sha = Sha256.of(sha256().digest(b));
        assertThat(target.putObject(sha, b.length, new ByteArrayInputStream(b))).isTrue();
        return sha;
    }

    protected String read(Sha256 sha) {
        try (InputStream in = target.openObject(sha)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected String readRange(Sha256 sha, long offset, long length) throws IOException {
        try (InputStream in = target.openObject(sha, offset, length)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    protected List<Sha256> listObjects() {
        var all = new ArrayList<Sha256>();
        target.objects().forEachRemaining(all::add);
        return all;
    }

    private static InputStream bytes(String s) {
        return new ByteArrayInputStream(utf8(s));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    protected static MessageDigest sha256() {
        return Sha256.newDigest();
    }

    /** {@code size} pseudo-random bytes from a seeded generator, produced as read. */
    private static final class SeededStream extends InputStream {
        private final SplittableRandom random;
        private long left;

        SeededStream(SplittableRandom random, long size) {
            this.random = random;
            this.left = size;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) random.nextInt(256);
            }
            left -= n;
            return n;
        }
    }
}
