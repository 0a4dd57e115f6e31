package dev.stowage.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.application.port.out.UploadStaging;
import dev.stowage.domain.common.Ulid;
import dev.stowage.domain.document.UploadId;
import dev.stowage.domain.error.ConflictException;
import dev.stowage.domain.error.NotFoundException;
import dev.stowage.domain.error.TooLargeException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link UploadStaging} promises, one test per promise of the port's Javadoc. An
 * adapter's test extends this class and only says how to build its staging area.
 *
 * <p>Where the port is silent this suite pins the behaviour all adapters share: {@code maxBytes}
 * limits one chunk, and a chunk rejected as too large leaves the upload at {@code offset}.
 */
public abstract class UploadStagingContract {

    private final AtomicLong ids = new AtomicLong();

    /** The staging area under test, fresh for each test. */
    protected UploadStaging staging;

    /** A new, empty staging area. Called before every test. */
    protected abstract UploadStaging newStaging();

    @BeforeEach
    void createStaging() {
        staging = newStaging();
    }

    /** A fresh, valid upload id. */
    protected UploadId newId() {
        return new UploadId(Ulid.format(1_700_000_000_000L, 0, ids.incrementAndGet()));
    }

    @Test
    void aNewUploadIsEmpty() {
        UploadId id = newId();

        staging.create(id);

        assertThat(staging.length(id)).isZero();
        assertThat(Bytes.readAll(staging.open(id))).isEmpty();
    }

    @Test
    void createIsIdempotentAndKeepsWhatIsStaged() {
        UploadId id = newId();
        staging.create(id);
        staging.append(id, 0, new ByteArrayInputStream(Bytes.of(1, 100)), Long.MAX_VALUE);

        staging.create(id);

        assertThat(staging.length(id)).isEqualTo(100);
    }

    @Test
    void chunksAppendAtTheEnd() {
        UploadId id = newId();
        staging.create(id);
        byte[] first = Bytes.of(2, 1000);
        byte[] second = Bytes.of(3, 500);

        assertThat(staging.append(id, 0, new ByteArrayInputStream(first), Long.MAX_VALUE)).isEqualTo(1000);
        assertThat(staging.append(id, 1000, new ByteArrayInputStream(second), Long.MAX_VALUE)).isEqualTo(1500);

        assertThat(staging.length(id)).isEqualTo(1500);
        assertThat(Bytes.readAll(staging.open(id))).isEqualTo(concat(first, second));
    }

    @Test
    void anEmptyChunkChangesNothing() {
        UploadId id = newId();
        staging.create(id);
        staging.append(id, 0, new ByteArrayInputStream(Bytes.of(4, 10)), Long.MAX_VALUE);

        assertThat(staging.append(id, 10, InputStream.nullInputStream(), Long.MAX_VALUE)).isEqualTo(10);
    }

    @Test
    void aRetriedChunkAtAnEarlierOffsetReplacesTheBytesFromThere() {
        UploadId id = newId();
        staging.create(id);
        byte[] first = Bytes.of(5, 1000);
        staging.append(id, 0, new ByteArrayInputStream(first), Long.MAX_VALUE);
        staging.append(id, 1000, new ByteArrayInputStream(Bytes.of(6, 800)), Long.MAX_VALUE);
        byte[] retried = Bytes.of(7, 300);

        long length = staging.append(id, 1000, new ByteArrayInputStream(retried), Long.MAX_VALUE);

        assertThat(length).isEqualTo(1300);
        assertThat(staging.length(id)).isEqualTo(1300);
        assertThat(Bytes.readAll(staging.open(id))).isEqualTo(concat(first, retried));
    }

    @Test
    void theSameChunkSentTwiceIsHarmless() {
        UploadId id = newId();
        staging.create(id);
        byte[] chunk = Bytes.of(8, 700);

        staging.append(id, 0, new ByteArrayInputStream(chunk), Long.MAX_VALUE);
        staging.append(id, 0, new ByteArrayInputStream(chunk), Long.MAX_VALUE);

        assertThat(Bytes.readAll(staging.open(id))).isEqualTo(chunk);
    }

    @Test
    void anOffsetPastTheEndIsAConflictAndWritesNothing() {
        UploadId id = newId();
        staging.create(id);
        staging.append(id, 0, new ByteArrayInputStream(Bytes.of(9, 100)), Long.MAX_VALUE);

        assertThatThrownBy(() -> staging.append(id, 101, new ByteArrayInputStream(Bytes.of(10, 5)), Long.MAX_VALUE))
                .isInstanceOf(ConflictException.class);

        assertThat(staging.length(id)).isEqualTo(100);
    }

    @Test
    void aChunkLargerThanMaxBytesIsRejected() {
        UploadId id = newId();
        staging.create(id);
        byte[] first = Bytes.of(11, 100);
        staging.append(id, 0, new ByteArrayInputStream(first), Long.MAX_VALUE);

        assertThatThrownBy(() -> staging.append(id, 100, Bytes.stream(12, 100_000), 4096))
                .isInstanceOfSatisfying(TooLargeException.class, e -> assertThat(e.limit()).isEqualTo(4096));

        assertThat(staging.length(id)).isEqualTo(100);
        assertThat(Bytes.readAll(staging.open(id))).isEqualTo(first);
        assertThat(staging.append(id, 100, new ByteArrayInputStream(Bytes.of(13, 4096)), 4096)).isEqualTo(4196);
    }

    @Test
    void aTooLargeRetryOfAnEarlierChunkLeavesTheUploadAtItsOffset() {
        UploadId id = newId();
        staging.create(id);
        byte[] first = Bytes.of(19, 100);
        staging.append(id, 0, new ByteArrayInputStream(first), Long.MAX_VALUE);
        staging.append(id, 100, new ByteArrayInputStream(Bytes.of(20, 100)), Long.MAX_VALUE);

        assertThatThrownBy(() -> staging.append(id, 100, Bytes.stream(21, 10_000), 1000))
                .isInstanceOf(TooLargeException.class);

        assertThat(staging.length(id)).isEqualTo(100);
        assertThat(Bytes.readAll(staging.open(id))).isEqualTo(first);
    }

    @Test
    void whenDataEndsEarlyTheBytesReceivedAreKept() {
        UploadId id = newId();
        staging.create(id);
        byte[] received = Bytes.of(14, 3000);

        long length = staging.append(id, 0, Bytes.failingAfter(received), Long.MAX_VALUE);

        assertThat(length).isEqualTo(3000);
        assertThat(staging.length(id)).isEqualTo(3000);
        assertThat(Bytes.readAll(staging.open(id))).isEqualTo(received);
    }

    @Test
    void aChunkWhoseReaderRefusesItIsNotKeptAtAll() {
        UploadId id = newId();
        staging.create(id);
        byte[] first = Bytes.of(22, 100);
        staging.append(id, 0, new ByteArrayInputStream(first), Long.MAX_VALUE);
        var refused = new IllegalStateException("malformed body");
        InputStream refusing = new InputStream() {
            private int sent;

            @Override
            public int read() {
                if (sent++ < 5000) {
                    return 7;
                }
                throw refused;
            }
        };

        assertThatThrownBy(() -> staging.append(id, 100, refusing, Long.MAX_VALUE)).isSameAs(refused);

        assertThat(staging.length(id)).isEqualTo(100);
        assertThat(Bytes.readAll(staging.open(id))).isEqualTo(first);
    }

    @Test
    void aLargeChunkIsStreamed() {
        UploadId id = newId();
        staging.create(id);
        long size = 3L * 1024 * 1024 + 7;

        assertThat(staging.append(id, 0, Bytes.stream(15, size), Long.MAX_VALUE)).isEqualTo(size);

        assertThat(Bytes.sha256(staging.open(id))).isEqualTo(Bytes.sha256(Bytes.stream(15, size)));
    }

    @Test
    void appendingToAnUnknownUploadIsNotFound() {
        assertThatThrownBy(() -> staging.append(newId(), 0, new ByteArrayInputStream(new byte[1]), Long.MAX_VALUE))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void anUnknownUploadHasNoLengthAndCannotBeOpened() {
        UploadId id = newId();

        assertThat(staging.length(id)).isZero();
        assertThatThrownBy(() -> staging.open(id)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void deleteSaysWhetherThereWasAnUploadAndIsIdempotent() {
        UploadId id = newId();
        staging.create(id);
        staging.append(id, 0, new ByteArrayInputStream(Bytes.of(16, 10)), Long.MAX_VALUE);

        assertThat(staging.delete(id)).isTrue();
        assertThat(staging.delete(id)).isFalse();
        assertThat(staging.length(id)).isZero();
        assertThatThrownBy(() -> staging.open(id)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void uploadsAreSeparate() {
        UploadId a = newId();
        UploadId b = newId();
        staging.create(a);
        staging.create(b);
        byte[] forA = Bytes.of(17, 10);
        byte[] forB = Bytes.of(18, 20);

        staging.append(a, 0, new ByteArrayInputStream(forA), Long.MAX_VALUE);
        staging.append(b, 0, new ByteArrayInputStream(forB), Long.MAX_VALUE);
        staging.delete(a);

        assertThat(Bytes.readAll(staging.open(b))).isEqualTo(forB);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
