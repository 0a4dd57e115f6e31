package dev.stowage.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stowage.application.port.out.BlobStore;
import dev.stowage.application.port.out.BlobStore.PutOptions;
import dev.stowage.domain.blob.BlobInfo;
import dev.stowage.domain.blob.BlobKey;
import dev.stowage.domain.common.ByteRange;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.error.ChecksumMismatchException;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.error.NotFoundException;
import dev.stowage.domain.error.StorageUnavailableException;
import dev.stowage.domain.error.TooLargeException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BlobStore} promises, one test per promise of the port's Javadoc. An adapter's
 * test extends this class and only says how to build its store; a backend that cannot do something
 * skips that test with an assumption and a reason.
 */
public abstract class BlobStoreContract {

    /** Empty SHA-256, the digest of zero bytes. */
    protected static final Sha256 EMPTY_SHA256 =
            new Sha256("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

    /** The store under test, fresh for each test. */
    protected BlobStore store;

    /** A new, empty store. Called before every test. */
    protected abstract BlobStore newStore();

    /**
     * Leaves behind in {@code store} what a process killed in the middle of a put of {@code key}
     * leaves (a temporary file, a temporary object, an unfinished multipart upload), written now.
     * Backends with nothing to leave behind skip the crash tests by not overriding this.
     */
    protected void simulateCrashDuringPut(BlobStore store, BlobKey key) {
        assumeTrue(false, "backend " + store.backendName() + " leaves nothing behind when a put dies");
    }

    /** Size of the blob that must be streamed, never held whole; big enough to span several buffers. */
    protected long largeBlobSize() {
        return 6L * 1024 * 1024 + 123;
    }

    /**
     * Skips {@link #aKeyAndKeysBelowItLiveSideBySide} (with an assumption and the reason) for a test
     * backend that cannot hold both {@code a} and {@code a/b}; the port allows it and real backends
     * must support it.
     */
    protected void assumeKeysCanNestUnderKeys() {
    }

    /** Releases what {@link #newStore} made; the default does nothing. */
    protected void closeStore(BlobStore store) {
    }

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    @AfterEach
    void releaseStore() {
        closeStore(store);
    }

    // ---- put, stat, open ----

    @Test
    void putReturnsSizeAndDigestAndTheBytesReadBack() {
        byte[] data = Bytes.of(1, 100_000);
        BlobKey key = new BlobKey("docs/one");

        BlobInfo info = store.put(key, new ByteArrayInputStream(data), PutOptions.unlimited());

        assertThat(info.key()).isEqualTo(key);
        assertThat(info.size()).isEqualTo(data.length);
        assertThat(info.sha256()).isEqualTo(Bytes.sha256(data));
        BlobInfo stat = store.stat(key).orElseThrow();
        assertThat(stat.key()).isEqualTo(key);
        assertThat(stat.size()).isEqualTo(data.length);
        assertThat(stat.sha256()).isEqualTo(info.sha256());
        assertThat(Bytes.readAll(store.open(key))).isEqualTo(data);
    }

    @Test
    void emptyBlobIsStoredAndReadBack() {
        BlobKey key = new BlobKey("empty");

        BlobInfo info = store.put(key, InputStream.nullInputStream(), PutOptions.unlimited().withExpectedSize(0));

        assertThat(info.size()).isZero();
        assertThat(info.sha256()).isEqualTo(EMPTY_SHA256);
        assertThat(store.stat(key)).map(BlobInfo::size).contains(0L);
        assertThat(Bytes.readAll(store.open(key))).isEmpty();
    }

    @Test
    void largeBlobIsStreamedInAndOut() {
        long size = largeBlobSize();
        BlobKey key = new BlobKey("big/blob");
        Sha256 expected = Bytes.sha256(Bytes.stream(7, size));

        BlobInfo info = store.put(key, Bytes.stream(7, size),
                PutOptions.unlimited().withExpectedSize(size).withExpectedSha256(expected));

        assertThat(info.size()).isEqualTo(size);
        assertThat(info.sha256()).isEqualTo(expected);
        assertThat(Bytes.sha256(store.open(key))).isEqualTo(expected);
        byte[] tail = Bytes.readAll(store.open(key, new ByteRange(size - 10, size + 100)));
        byte[] whole = Bytes.readAll(Bytes.stream(7, size));
        assertThat(tail).isEqualTo(Bytes.slice(whole, (int) size - 10, (int) size));
    }

    @Test
    void putDoesNotCloseTheCallersStream() {
        Bytes.CloseRecordingStream data = Bytes.recordingClose(new ByteArrayInputStream(Bytes.of(2, 1000)));

        store.put(new BlobKey("kept-open"), data, PutOptions.unlimited());

        assertThat(data.closed()).isFalse();
    }

    @Test
    void putReplacesAnExistingBlob() {
        BlobKey key = new BlobKey("docs/replaced");
        store.put(key, new ByteArrayInputStream(Bytes.of(3, 5000)), PutOptions.unlimited());
        byte[] second = Bytes.of(4, 7000);

        BlobInfo info = store.put(key, new ByteArrayInputStream(second), PutOptions.unlimited());

        assertThat(store.stat(key).orElseThrow().sha256()).isEqualTo(info.sha256());
        assertThat(Bytes.readAll(store.open(key))).isEqualTo(second);
    }

    @Test
    void readersSeeTheOldOrTheNewBlobWholeNeverAMix() throws Exception {
        BlobKey key = new BlobKey("docs/contended");
        byte[] a = Bytes.of(5, 200_000);
        byte[] b = Bytes.of(6, 300_000);
        store.put(key, new ByteArrayInputStream(a), PutOptions.unlimited());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        AtomicBoolean writing = new AtomicBoolean(true);
        try {
            Future<?> writer = pool.submit(() -> {
                try {
                    for (int i = 0; i < 20; i++) {
                        store.put(key, new ByteArrayInputStream(i % 2 == 0 ? b : a), PutOptions.unlimited());
                    }
                } finally {
                    writing.set(false);
                }
                return null;
            });
            Future<Integer> reader = pool.submit(() -> {
                int reads = 0;
                do {
                    byte[] seen = Bytes.readAll(store.open(key));
                    if (!java.util.Arrays.equals(seen, a) && !java.util.Arrays.equals(seen, b)) {
                        throw new AssertionError("read a blob of " + seen.length + " bytes that is neither version");
                    }
                    BlobInfo stat = store.stat(key).orElseThrow(() -> new AssertionError("blob vanished during replace"));
                    assertThat(stat.size()).isIn((long) a.length, (long) b.length);
                    reads++;
                } while (writing.get());
                return reads;
            });
            writer.get(60, TimeUnit.SECONDS);
            assertThat(reader.get(60, TimeUnit.SECONDS)).isPositive();
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- failed puts store nothing ----

    @Test
    void wrongDigestFailsAndStoresNothing() {
        BlobKey key = new BlobKey("docs/bad-sha");
        byte[] data = Bytes.of(8, 4000);
        PutOptions options = PutOptions.unlimited().withExpectedSha256(Bytes.sha256(Bytes.of(9, 4000)));

        assertThatThrownBy(() -> store.put(key, new ByteArrayInputStream(data), options))
                .isInstanceOf(ChecksumMismatchException.class);

        assertThat(store.stat(key)).isEmpty();
        assertThat(listKeys("docs/")).isEmpty();
    }

    @Test
    void wrongDigestLeavesTheEarlierBlobUntouched() {
        BlobKey key = new BlobKey("docs/keeps-old");
        byte[] old = Bytes.of(10, 3000);
        store.put(key, new ByteArrayInputStream(old), PutOptions.unlimited());
        PutOptions options = PutOptions.unlimited().withExpectedSha256(Bytes.sha256(old));

        assertThatThrownBy(() -> store.put(key, new ByteArrayInputStream(Bytes.of(11, 3000)), options))
                .isInstanceOf(ChecksumMismatchException.class);

        assertThat(store.stat(key).orElseThrow().sha256()).isEqualTo(Bytes.sha256(old));
        assertThat(Bytes.readAll(store.open(key))).isEqualTo(old);
    }

    @Test
    void fewerBytesThanDeclaredFailAsChecksumMismatch() {
        BlobKey key = new BlobKey("short");

        assertThatThrownBy(() -> store.put(key, new ByteArrayInputStream(Bytes.of(12, 999)),
                PutOptions.unlimited().withExpectedSize(1000)))
                .isInstanceOf(ChecksumMismatchException.class);

        assertThat(store.stat(key)).isEmpty();
    }

    @Test
    void moreBytesThanDeclaredFailAsChecksumMismatch() {
        BlobKey key = new BlobKey("long");

        assertThatThrownBy(() -> store.put(key, new ByteArrayInputStream(Bytes.of(13, 1001)),
                PutOptions.unlimited().withExpectedSize(1000)))
                .isInstanceOf(ChecksumMismatchException.class);

        assertThat(store.stat(key)).isEmpty();
    }

    @Test
    void exactlyMaxBytesIsAccepted() {
        BlobInfo info = store.put(new BlobKey("at-limit"), new ByteArrayInputStream(Bytes.of(14, 4096)),
                PutOptions.unlimited().withMaxBytes(4096));

        assertThat(info.size()).isEqualTo(4096);
    }

    @Test
    void moreThanMaxBytesFailsAndStoresNothing() {
        BlobKey key = new BlobKey("over-limit");
        byte[] old = Bytes.of(15, 100);
        store.put(key, new ByteArrayInputStream(old), PutOptions.unlimited());

        assertThatThrownBy(() -> store.put(key, Bytes.stream(16, 1_000_000), PutOptions.unlimited().withMaxBytes(4096)))
                .isInstanceOfSatisfying(TooLargeException.class, e -> assertThat(e.limit()).isEqualTo(4096));

        assertThat(Bytes.readAll(store.open(key))).isEqualTo(old);
        assertThat(listKeys("")).containsExactly("over-limit");
    }

    @Test
    void aFailingSourceStreamFailsThePutAndStoresNothing() {
        BlobKey key = new BlobKey("docs/dropped");
        byte[] old = Bytes.of(17, 100);
        store.put(key, new ByteArrayInputStream(old), PutOptions.unlimited());

        assertThatThrownBy(() -> store.put(key, Bytes.failingAfter(Bytes.of(18, 50_000)), PutOptions.unlimited()))
                .isInstanceOf(StorageUnavailableException.class);
        assertThatThrownBy(() -> store.put(new BlobKey("docs/never"), Bytes.failingAfter(Bytes.of(19, 10)),
                PutOptions.unlimited()))
                .isInstanceOf(StorageUnavailableException.class);

        assertThat(Bytes.readAll(store.open(key))).isEqualTo(old);
        assertThat(store.stat(new BlobKey("docs/never"))).isEmpty();
        assertThat(listKeys("")).containsExactly("docs/dropped");
    }

    // ---- reads ----

    @Test
    void missingBlobHasNoStatAndCannotBeOpened() {
        BlobKey key = new BlobKey("nobody/home");

        assertThat(store.stat(key)).isEmpty();
        assertThatThrownBy(() -> store.open(key)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> store.open(key, new ByteRange(0, 10))).isInstanceOf(NotFoundException.class);
    }

    @Test
    void rangesReadTheStartTheMiddleAndTheEnd() {
        BlobKey key = new BlobKey("ranged");
        byte[] data = Bytes.of(20, 10_000);
        store.put(key, new ByteArrayInputStream(data), PutOptions.unlimited());

        assertThat(Bytes.readAll(store.open(key, new ByteRange(0, 0)))).isEqualTo(Bytes.slice(data, 0, 1));
        assertThat(Bytes.readAll(store.open(key, new ByteRange(0, 99)))).isEqualTo(Bytes.slice(data, 0, 100));
        assertThat(Bytes.readAll(store.open(key, new ByteRange(4000, 5999)))).isEqualTo(Bytes.slice(data, 4000, 6000));
        assertThat(Bytes.readAll(store.open(key, new ByteRange(9990, 9999)))).isEqualTo(Bytes.slice(data, 9990, 10_000));
        assertThat(Bytes.readAll(store.open(key, new ByteRange(9999, 9999)))).isEqualTo(Bytes.slice(data, 9999, 10_000));
    }

    @Test
    void aRangePastTheEndIsClipped() {
        BlobKey key = new BlobKey("clipped");
        byte[] data = Bytes.of(21, 1000);
        store.put(key, new ByteArrayInputStream(data), PutOptions.unlimited());

        assertThat(Bytes.readAll(store.open(key, new ByteRange(900, 5000)))).isEqualTo(Bytes.slice(data, 900, 1000));
        assertThat(Bytes.readAll(store.open(key, new ByteRange(0, Long.MAX_VALUE - 1)))).isEqualTo(data);
    }

    @Test
    void aRangeStartingAtOrPastTheEndIsInvalid() {
        BlobKey key = new BlobKey("short-range");
        store.put(key, new ByteArrayInputStream(Bytes.of(22, 1000)), PutOptions.unlimited());
        BlobKey empty = new BlobKey("empty-range");
        store.put(empty, InputStream.nullInputStream(), PutOptions.unlimited());

        assertThatThrownBy(() -> store.open(key, new ByteRange(1000, 1000))).isExactlyInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> store.open(key, new ByteRange(5000, 6000))).isExactlyInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> store.open(empty, new ByteRange(0, 0))).isExactlyInstanceOf(InvalidInputException.class);
    }

    // ---- delete ----

    @Test
    void deleteSaysWhetherThereWasABlobAndIsIdempotent() {
        BlobKey key = new BlobKey("docs/deleted");
        store.put(key, new ByteArrayInputStream(Bytes.of(23, 10)), PutOptions.unlimited());

        assertThat(store.delete(key)).isTrue();
        assertThat(store.delete(key)).isFalse();
        assertThat(store.delete(new BlobKey("never/was"))).isFalse();
        assertThat(store.stat(key)).isEmpty();
        assertThatThrownBy(() -> store.open(key)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void aDeletedKeyCanBeWrittenAgain() {
        BlobKey key = new BlobKey("docs/again");
        store.put(key, new ByteArrayInputStream(Bytes.of(24, 10)), PutOptions.unlimited());
        store.delete(key);
        byte[] data = Bytes.of(25, 20);

        store.put(key, new ByteArrayInputStream(data), PutOptions.unlimited());

        assertThat(Bytes.readAll(store.open(key))).isEqualTo(data);
    }

    // ---- list ----

    @Test
    void listReturnsBlobsUnderAPrefixInKeyOrder() {
        List<String> keys = List.of("b", "a/c", "ab", "a/b/2", "a/b/10", "a.x", "a-z", "a/b/1");
        for (String k : keys) {
            store.put(new BlobKey(k), new ByteArrayInputStream(k.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                    PutOptions.unlimited());
        }

        assertThat(listKeys("")).containsExactly("a-z", "a.x", "a/b/1", "a/b/10", "a/b/2", "a/c", "ab", "b");
        assertThat(listKeys("a/")).containsExactly("a/b/1", "a/b/10", "a/b/2", "a/c");
        assertThat(listKeys("a/b/1")).containsExactly("a/b/1", "a/b/10");
        assertThat(listKeys("a")).containsExactly("a-z", "a.x", "a/b/1", "a/b/10", "a/b/2", "a/c", "ab");
        assertThat(listKeys("zzz")).isEmpty();
    }

    @Test
    void listGivesEachBlobsFacts() {
        byte[] data = Bytes.of(26, 1234);
        store.put(new BlobKey("facts/x"), new ByteArrayInputStream(data), PutOptions.unlimited());

        Iterator<BlobInfo> it = store.list("facts/");
        BlobInfo info = it.next();

        assertThat(info.key()).isEqualTo(new BlobKey("facts/x"));
        assertThat(info.size()).isEqualTo(1234);
        assertThat(info.sha256()).isEqualTo(Bytes.sha256(data));
        assertThat(it.hasNext()).isFalse();
    }

    @Test
    void aKeyAndKeysBelowItLiveSideBySide() {
        assumeKeysCanNestUnderKeys();
        byte[] parent = Bytes.of(27, 10);
        byte[] child = Bytes.of(28, 20);
        store.put(new BlobKey("nest"), new ByteArrayInputStream(parent), PutOptions.unlimited());
        store.put(new BlobKey("nest/child"), new ByteArrayInputStream(child), PutOptions.unlimited());

        assertThat(Bytes.readAll(store.open(new BlobKey("nest")))).isEqualTo(parent);
        assertThat(Bytes.readAll(store.open(new BlobKey("nest/child")))).isEqualTo(child);
        assertThat(listKeys("nest")).containsExactly("nest", "nest/child");
        assertThat(store.delete(new BlobKey("nest"))).isTrue();
        assertThat(listKeys("nest")).containsExactly("nest/child");
    }

    // ---- concurrency ----

    @Test
    void concurrentPutsToDifferentKeysAllLand() throws Exception {
        int writers = 4;
        int perWriter = 10;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Callable<Void>> tasks = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                tasks.add(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        store.put(new BlobKey("par/w" + writer + "/" + i),
                                new ByteArrayInputStream(Bytes.of(writer * 100L + i, 5000)), PutOptions.unlimited());
                    }
                    return null;
                });
            }
            for (Future<Void> f : pool.invokeAll(tasks, 60, TimeUnit.SECONDS)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(listKeys("par/")).hasSize(writers * perWriter);
        for (int w = 0; w < writers; w++) {
            for (int i = 0; i < perWriter; i++) {
                BlobInfo info = store.stat(new BlobKey("par/w" + w + "/" + i)).orElseThrow();
                assertThat(info.sha256()).isEqualTo(Bytes.sha256(Bytes.of(w * 100L + i, 5000)));
            }
        }
    }

    // ---- crash leftovers ----

    @Test
    void sweepingAStoreWithNothingLeftOverRemovesNothing() {
        store.put(new BlobKey("swept/not"), new ByteArrayInputStream(Bytes.of(29, 100)), PutOptions.unlimited());

        assertThat(store.sweepTemporary(Duration.ZERO)).isZero();
        assertThat(store.stat(new BlobKey("swept/not"))).isPresent();
    }

    @Test
    void whatACrashLeavesIsInvisibleAndTheSweeperRemovesIt() {
        BlobKey key = new BlobKey("crash/victim");
        BlobKey bystander = new BlobKey("crash/bystander");
        store.put(bystander, new ByteArrayInputStream(Bytes.of(30, 100)), PutOptions.unlimited());

        simulateCrashDuringPut(store, key);

        assertThat(store.stat(key)).isEmpty();
        assertThatThrownBy(() -> store.open(key)).isInstanceOf(NotFoundException.class);
        assertThat(listKeys("")).containsExactly("crash/bystander");
        assertThat(store.sweepTemporary(Duration.ofHours(1))).as("fresh leftovers are spared").isZero();
        assertThat(store.sweepTemporary(Duration.ZERO)).isPositive();
        assertThat(store.sweepTemporary(Duration.ZERO)).isZero();
        assertThat(store.stat(bystander)).isPresent();
        store.put(key, new ByteArrayInputStream(Bytes.of(31, 10)), PutOptions.unlimited());
        assertThat(store.stat(key)).isPresent();
    }

    @Test
    void temporaryDataIsListedWithItsBytesUntilSwept() {
        assertThat(store.temporaries()).as("a store with no write going on").isEmpty();
        simulateCrashDuringPut(store, new BlobKey("crash/listed"));

        assertThat(store.temporaries()).isNotEmpty()
                .allSatisfy(t -> assertThat(t.owner()).isNotEqualTo(BlobStore.Temporary.Owner.DEAD));
        assertThat(store.temporaries().stream().mapToLong(BlobStore.Temporary::bytes).sum()).isPositive();
        store.sweepTemporary(Duration.ZERO);
        assertThat(store.temporaries()).isEmpty();
    }

    @Test
    void backendHasAName() {
        assertThat(store.backendName()).isNotBlank();
    }

    /** The keys {@link BlobStore#list} gives for {@code prefix}, in its order. */
    protected List<String> listKeys(String prefix) {
        List<String> out = new ArrayList<>();
        store.list(prefix).forEachRemaining(info -> out.add(info.key().value()));
        return out;
    }
}
