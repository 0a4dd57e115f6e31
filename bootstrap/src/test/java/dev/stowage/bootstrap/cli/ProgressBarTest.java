package dev.stowage.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    private final StringWriter text = new StringWriter();
    private final PrintWriter err = new PrintWriter(text);

    @Test
    void plainModePrintsALineAtEachQuarterOnly() {
        try (var bar = new ProgressBar(err, "importing", 8, ProgressBar.Unit.ENTRIES, ProgressBar.Mode.PLAIN)) {
            for (int i = 1; i <= 8; i++) {
                bar.update(i);
            }
        }
        assertThat(text.toString().lines()).containsExactly(
                "importing: 25% (2 of 8 entries)",
                "importing: 50% (4 of 8 entries)",
                "importing: 75% (6 of 8 entries)",
                "importing: 100% (8 of 8 entries)");
    }

    @Test
    void plainModeWithAnUnknownTotalPrintsNothing() {
        try (var bar = new ProgressBar(err, "uploading", -1, ProgressBar.Unit.BYTES, ProgressBar.Mode.PLAIN)) {
            bar.advance(1000);
            bar.advance(1000);
        }
        assertThat(text.toString()).isEmpty();
    }

    @Test
    void plainModeSkipsQuartersPassedInOneStep() {
        try (var bar = new ProgressBar(err, "uploading", 4096, ProgressBar.Unit.BYTES, ProgressBar.Mode.PLAIN)) {
            bar.advance(3000);
            bar.advance(1096);
        }
        assertThat(text.toString().lines()).containsExactly(
                "uploading: 50% (2.9 KiB of 4.0 KiB)",
                "uploading: 100% (4.0 KiB of 4.0 KiB)");
    }

    @Test
    void terminalModeRedrawsOneLineOnlyWhenItChanges() {
        try (var bar = new ProgressBar(err, "importing", 4, ProgressBar.Unit.ENTRIES, ProgressBar.Mode.TERMINAL)) {
            bar.update(1);
            bar.update(1);
            bar.update(4);
        }
        String dashes = "-".repeat(30);
        assertThat(text.toString()).isEqualTo(
                "\rimporting [" + "#".repeat(7) + dashes.substring(7) + "]  25% 1 of 4 entries"
                        + "\rimporting [" + "#".repeat(30) + "] 100% 4 of 4 entries"
                        + System.lineSeparator());
    }

    @Test
    void terminalModeRedrawsOncePerPercentAndShowsTheFinalCountOnClose() {
        try (var bar = new ProgressBar(err, "downloading", 1000, ProgressBar.Unit.BYTES, ProgressBar.Mode.TERMINAL)) {
            for (int i = 1; i <= 9; i++) {
                bar.update(i);
            }
        }
        String empty = "[" + "-".repeat(30) + "]   0% ";
        assertThat(text.toString()).isEqualTo("\rdownloading " + empty + "1 B of 1000 B"
                + "\rdownloading " + empty + "9 B of 1000 B" + System.lineSeparator());
    }

    @Test
    void terminalModePadsOverALongerEarlierLine() {
        try (var bar = new ProgressBar(err, "downloading", -1, ProgressBar.Unit.BYTES, ProgressBar.Mode.TERMINAL)) {
            bar.update(2048);
            bar.update(100);
        }
        assertThat(text.toString()).isEqualTo("\rdownloading 2.0 KiB" + "\rdownloading 100 B  " + System.lineSeparator());
    }

    @Test
    void terminalModeShowsBytesAndClampsPastTheTotal() {
        var bar = new ProgressBar(err, "uploading", 2 * 1024 * 1024, ProgressBar.Unit.BYTES, ProgressBar.Mode.TERMINAL);
        bar.update(1024 * 1024);
        assertThat(bar.render()).isEqualTo("uploading [" + "#".repeat(15) + "-".repeat(15) + "]  50% 1.0 MiB of 2.0 MiB");
        bar.update(3 * 1024 * 1024);
        assertThat(bar.render()).startsWith("uploading [" + "#".repeat(30) + "] 100%");
    }

    @Test
    void quietModeAndACloseWithNothingDrawnPrintNothing() {
        try (var bar = new ProgressBar(err, "x", 10, ProgressBar.Unit.ENTRIES, ProgressBar.Mode.QUIET)) {
            bar.update(5);
            bar.update(10);
        }
        new ProgressBar(err, "y", 10, ProgressBar.Unit.ENTRIES, ProgressBar.Mode.TERMINAL).close();
        assertThat(text.toString()).isEmpty();
    }

    @Test
    void updatesAfterCloseAreIgnored() {
        var bar = new ProgressBar(err, "x", 4, ProgressBar.Unit.ENTRIES, ProgressBar.Mode.PLAIN);
        bar.close();
        bar.update(4);
        assertThat(text.toString()).isEmpty();
    }

    @Test
    void countingStreamReportsEveryByteItPasses() throws IOException {
        var seen = new AtomicLong();
        byte[] data = new byte[10_000];
        try (var in = new CountingInputStream(new ByteArrayInputStream(data), seen::addAndGet)) {
            assertThat(in.read()).isZero();
            assertThat(in.skip(99)).isEqualTo(99);
            assertThat(in.readAllBytes()).hasSize(9_900);
            assertThat(in.read()).isEqualTo(-1);
            assertThat(in.count()).isEqualTo(10_000);
            assertThat(in.markSupported()).isFalse();
        }
        assertThat(seen.get()).isEqualTo(10_000);
    }

    @Test
    void countingStreamDrivesABar() throws IOException {
        var bar = new ProgressBar(err, "uploading", 4000, ProgressBar.Unit.BYTES, ProgressBar.Mode.PLAIN);
        try (InputStream in = new CountingInputStream(new ByteArrayInputStream(new byte[4000]), bar::advance)) {
            byte[] chunk = new byte[1000];
            while (in.read(chunk) > 0) {
                // each read of 1000 bytes is a quarter of the way
            }
        }
        assertThat(text.toString().lines()).hasSize(4).last().asString().startsWith("uploading: 100%");
    }
}
