package dev.stowage.adapter.out.sqlite.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The frame headers of hand-built write-ahead logs, in SQLite's format. */
class WalFramesTest {
    private static final int PAGE = 512;

    @TempDir
    Path dir;

    @Test
    void everyFrameOfTheCurrentGenerationIsReadAndAScanResumesWhereTheLastLeftOff() throws Exception {
        Path wal = dir.resolve("db-wal");
        var bytes = new Wal(7, 8);
        bytes.frame(3, 0, 7, 8).frame(1, 0, 7, 8).frame(3, 5, 7, 8);
        Files.write(wal, bytes.bytes());

        WalFrames.Scan all = WalFrames.scan(wal, WalFrames.Position.START);
        assertThat(all.pageSize()).isEqualTo(PAGE);
        assertThat(all.pages()).containsExactly(3, 1, 3);
        assertThat(all.first()).isZero();
        assertThat(all.frames()).isEqualTo(3);

        // two frames are folded in; more are appended; the next scan reads from the third on
        WalFrames.Position at = all.resumeAt(2);
        assertThat(at.frame()).isEqualTo(2);
        bytes.frame(9, 9, 7, 8);
        Files.write(wal, bytes.bytes());
        WalFrames.Scan next = WalFrames.scan(wal, at);
        assertThat(next.first()).isEqualTo(2);
        assertThat(next.pages()).containsExactly(3, 9);
        // what a checkpoint reports folded can never move a scan past what it read
        assertThat(next.resumeAt(100).frame()).isEqualTo(4);
        assertThat(next.resumeAt(-1).frame()).isZero();
    }

    @Test
    void aRestartedLogIsReadFromItsFirstFrameAndTheOldGenerationsFramesAfterItAreNot() throws Exception {
        Path wal = dir.resolve("db-wal");
        var old = new Wal(7, 8).frame(1, 0, 7, 8).frame(2, 0, 7, 8).frame(3, 0, 7, 8).frame(4, 4, 7, 8);
        Files.write(wal, old.bytes());
        WalFrames.Position afterOld = WalFrames.scan(wal, WalFrames.Position.START).resumeAt(4);
        assertThat(afterOld.frame()).isEqualTo(4);

        // a restart writes a new header (salt 1 plus one, a new salt 2) and new frames over the first ones
        byte[] restarted = old.bytes();
        byte[] fresh = new Wal(8, 99).frame(6, 0, 8, 99).frame(5, 6, 8, 99).bytes();
        System.arraycopy(fresh, 0, restarted, 0, fresh.length);
        Files.write(wal, restarted);

        WalFrames.Scan scan = WalFrames.scan(wal, afterOld);
        assertThat(scan.first()).as("another generation: read from its start").isZero();
        assertThat(scan.pages()).as("frames 3 and 4 are the old generation's").containsExactly(6, 5);
        assertThat(scan.salts()).isNotEqualTo(afterOld.salts());
    }

    @Test
    void aTornFrameIsCountedWhenItsPageNumberCanBeReadAndAForeignOneEndsTheLog() throws Exception {
        Path wal = dir.resolve("db-wal");
        byte[] whole = new Wal(1, 2).frame(10, 0, 1, 2).frame(11, 0, 1, 2).bytes();
        // the second frame's page is cut short: its header says which page it is, so it counts
        byte[] torn = Arrays.copyOf(whole, whole.length - 100);
        Files.write(wal, torn);
        assertThat(WalFrames.scan(wal, WalFrames.Position.START).pages()).containsExactly(10, 11);
        // cut inside the second frame's header: the page number cannot be read, and nothing copies such a frame
        Files.write(wal, Arrays.copyOf(whole, WalFrames.HEADER_BYTES + WalFrames.FRAME_HEADER_BYTES + PAGE + 10));
        assertThat(WalFrames.scan(wal, WalFrames.Position.START).pages()).containsExactly(10);

        // a frame with other salts (never written in this generation) ends it, even if one after it matches
        Files.write(wal, new Wal(1, 2).frame(10, 0, 1, 2).frame(12, 0, 5, 5).frame(13, 1, 1, 2).bytes());
        assertThat(WalFrames.scan(wal, WalFrames.Position.START).pages()).containsExactly(10);
    }

    @Test
    void noLogAnEmptyOneAndAHeaderAloneHoldNoFrameAndABadPageSizeIsAnError() throws Exception {
        assertThat(WalFrames.scan(dir.resolve("absent-wal"), WalFrames.Position.START).pages()).isEmpty();
        Path wal = Files.write(dir.resolve("empty-wal"), new byte[0]);
        assertThat(WalFrames.scan(wal, WalFrames.Position.START).pages()).isEmpty();
        Files.write(wal, new Wal(1, 1).bytes());
        WalFrames.Scan header = WalFrames.scan(wal, WalFrames.Position.START);
        assertThat(header.pages()).isEmpty();
        assertThat(header.pageSize()).isEqualTo(PAGE);
        Files.write(wal, new byte[64]);
        assertThat(WalFrames.scan(wal, WalFrames.Position.START).pages()).as("not a WAL (no magic)").isEmpty();
        byte[] bad = new Wal(1, 1).bytes();
        ByteBuffer.wrap(bad).putInt(8, 1000);
        Files.write(wal, bad);
        assertThatThrownBy(() -> WalFrames.scan(wal, WalFrames.Position.START)).isInstanceOf(IOException.class);
    }

    /** A write-ahead log as SQLite lays it out (checksums left zero: they are not read). */
    private static final class Wal {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Wal(int salt1, int salt2) {
            ByteBuffer h = ByteBuffer.allocate(WalFrames.HEADER_BYTES);
            h.putInt(0x377f0682).putInt(3007000).putInt(PAGE).putInt(0).putInt(salt1).putInt(salt2).putInt(0).putInt(0);
            out.writeBytes(h.array());
        }

        Wal frame(int page, int commitSize, int salt1, int salt2) {
            ByteBuffer f = ByteBuffer.allocate(WalFrames.FRAME_HEADER_BYTES + PAGE);
            f.putInt(page).putInt(commitSize).putInt(salt1).putInt(salt2).putInt(0).putInt(0);
            Arrays.fill(f.array(), WalFrames.FRAME_HEADER_BYTES, f.capacity(), (byte) page);
            out.writeBytes(f.array());
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
