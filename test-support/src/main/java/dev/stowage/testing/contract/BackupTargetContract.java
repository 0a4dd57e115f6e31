package dev.stowage.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.application.port.out.BackupTarget;
import dev.stowage.application.port.out.BackupTarget.PendingArchive;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.error.AlreadyExistsException;
import dev.stowage.domain.error.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.SplittableRandom;
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
     * Bytes in the big-archive test: by default 12 MiB, more than two S3 multipart parts of the
     * 5 MiB minimum, so a streaming upload must use several.
     */
    protected long bigArchiveBytes() {
        return 12L << 20;
    }

    protected BackupTarget target;

    @BeforeEach
    void makeTarget() {
        target = newTarget();
    }

    @Test
    void aCommittedArchiveCanBeOpenedSizedAndListed() {
        write("stowage-20240501-1000.tar", "archive bytes");

        assertThat(read("stowage-20240501-1000.tar")).isEqualTo("archive bytes");
        assertThat(target.size("stowage-20240501-1000.tar")).contains(13L);
        assertThat(target.list()).containsExactly("stowage-20240501-1000.tar");
    }

    @Test
    void anArchiveIsInvisibleUntilCommitted() {
        try (PendingArchive pending = target.create("pending.tar")) {
            writeTo(pending, "half an archive");

            assertThat(target.list()).doesNotContain("pending.tar");
            assertThat(target.size("pending.tar")).isEmpty();
            assertThatThrownBy(() -> target.open("pending.tar")).isInstanceOf(NotFoundException.class);

            pending.commit();
        }
        assertThat(read("pending.tar")).isEqualTo("half an archive");
    }

    @Test
    void abortLeavesNothingAndMayBeRepeated() {
        PendingArchive pending = target.create("aborted.tar");
        writeTo(pending, "discard me");

        pending.abort();
        pending.abort();
        pending.close();

        assertNothingNamed("aborted.tar");
    }

    @Test
    void closingWithoutCommitLeavesNothing() {
        try (PendingArchive pending = target.create("abandoned.tar")) {
            writeTo(pending, "never committed");
        }

        assertNothingNamed("abandoned.tar");
    }

    @Test
    void abortAndCloseAfterCommitKeepTheArchive() {
        PendingArchive pending = target.create("kept.tar");
        writeTo(pending, "keep me");
        pending.commit();

        pending.abort();
        pending.close();

        assertThat(read("kept.tar")).isEqualTo("keep me");
    }

    @Test
    void aNameCanBeUsedAgainAfterAnAbort() {
        try (PendingArchive pending = target.create("retry.tar")) {
            writeTo(pending, "first try");
        }

        write("retry.tar", "second try");

        assertThat(read("retry.tar")).isEqualTo("second try");
    }

    @Test
    void creatingAnExistingNameFailsAndKeepsTheArchive() {
        write("taken.tar", "original");

        assertThatThrownBy(() -> target.create("taken.tar")).isInstanceOf(AlreadyExistsException.class);
        assertThat(read("taken.tar")).isEqualTo("original");
    }

    @Test
    void openingAMissingArchiveIsNotFound() {
        write("present.tar", "x");

        assertThatThrownBy(() -> target.open("absent.tar")).isInstanceOf(NotFoundException.class);
        assertThat(target.size("absent.tar")).isEmpty();
    }

    @Test
    void deleteSaysWhetherThereWasAnArchiveAndFreesTheName() {
        write("old.tar", "old");
        write("other.tar", "other");

        assertThat(target.delete("old.tar")).isTrue();
        assertNothingNamed("old.tar");
        assertThat(target.delete("old.tar")).isFalse();
        assertThat(target.delete("never.tar")).isFalse();
        assertThat(target.list()).containsExactly("other.tar");

        write("old.tar", "new");
        assertThat(read("old.tar")).isEqualTo("new");
    }

    @Test
    void listsCommittedNamesSorted() {
        for (String name : List.of("stowage-20240501-1000.tar", "manual_1.tar", "stowage-20240430-2300.tar", "a.tar",
                "stowage-20240501-0900.tar")) {
            write(name, name);
        }
        try (PendingArchive pending = target.create("b-uncommitted.tar")) {
            writeTo(pending, "x");
        }

        assertThat(target.list()).containsExactly("a.tar", "manual_1.tar", "stowage-20240430-2300.tar",
                "stowage-20240501-0900.tar", "stowage-20240501-1000.tar");
    }

    @Test
    void anEmptyTargetListsNothing() {
        assertThat(target.list()).isEmpty();
    }

    @Test
    void anEmptyArchiveIsAnArchive() {
        write("empty.tar", "");

        assertThat(target.size("empty.tar")).contains(0L);
        assertThat(read("empty.tar")).isEmpty();
        assertThat(target.list()).containsExactly("empty.tar");
    }

    @Test
    void aBigArchiveIsStreamedIntact() throws IOException {
        long size = bigArchiveBytes();
        MessageDigest written = sha256();
        var random = new SplittableRandom(12);
        byte[] chunk = new byte[64 * 1024];
        try (PendingArchive pending = target.create("big.tar")) {
            OutputStream out = pending.stream();
            for (long left = size; left > 0; left -= chunk.length) {
                random.nextBytes(chunk);
                int n = (int) Math.min(chunk.length, left);
                out.write(chunk, 0, n);
                written.update(chunk, 0, n);
            }
            pending.commit();
        }

        MessageDigest read = sha256();
        long count = 0;
        try (InputStream in = target.open("big.tar")) {
            byte[] buffer = new byte[100_000];
            for (int n; (n = in.read(buffer)) > 0; count += n) {
                read.update(buffer, 0, n);
            }
        }
        assertThat(count).isEqualTo(size);
        assertThat(Sha256.of(read.digest())).isEqualTo(Sha256.of(written.digest()));
        assertThat(target.size("big.tar")).contains(size);
    }

    @Test
    void describesItselfForOperators() {
        assertThat(target.describe()).isNotBlank();
    }

    // ---- helpers ----

    private void write(String name, String content) {
        try (PendingArchive pending = target.create(name)) {
            writeTo(pending, content);
            pending.commit();
        }
    }

    private static void writeTo(PendingArchive pending, String content) {
        try {
            pending.stream().write(content.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String read(String name) {
        try (InputStream in = target.open(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void assertNothingNamed(String name) {
        assertThat(target.list()).doesNotContain(name);
        assertThat(target.size(name)).isEmpty();
        assertThatThrownBy(() -> target.open(name)).isInstanceOf(NotFoundException.class);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }
}
