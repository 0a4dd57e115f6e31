package dev.stowage.bootstrap.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Objects;

/**
 * Shows how far long work has come, on stderr so that stdout stays the command's output.
 *
 * <p>On a terminal it redraws one line with {@code \r}, only when the percentage changes (so a fast
 * stream of small updates costs next to nothing). Elsewhere (a pipe, a log file, CI) a redrawn line
 * would be noise, so it prints a plain line at each quarter of the way, or nothing when the total
 * is unknown. {@link #close()} ends the line, so an error message printed afterwards starts on its
 * own line.
 */
final class ProgressBar implements AutoCloseable {
    private static final int WIDTH = 30;

    /** How the bar shows itself. */
    enum Mode {
        /** Redraw one line with a carriage return. */
        TERMINAL,
        /** A plain line at 25, 50, 75 and 100 percent. */
        PLAIN,
        /** Nothing at all. */
        QUIET
    }

    /** What the counts are. */
    enum Unit { BYTES, ENTRIES }

    private final PrintWriter err;
    private final String label;
    private final Unit unit;
    private final Mode mode;
    private long total;
    private long done;
    private String shown = "";
    private int shownPercent = -1;
    private int quartersShown;
    private boolean drawn;
    private boolean closed;

    /**
     * @param total the count at the end, or a negative number when unknown (see {@link #total(long)})
     */
    ProgressBar(PrintWriter err, String label, long total, Unit unit, Mode mode) {
        this.err = Objects.requireNonNull(err, "err");
        this.label = Objects.requireNonNull(label, "label");
        this.total = total;
        this.unit = Objects.requireNonNull(unit, "unit");
        this.mode = Objects.requireNonNull(mode, "mode");
    }

    /** A bar in the mode that suits this process: quiet when asked, a redrawn line on a terminal. */
    static ProgressBar forStderr(PrintWriter err, String label, long total, Unit unit, boolean quiet) {
        Mode mode = quiet ? Mode.QUIET : System.console() != null ? Mode.TERMINAL : Mode.PLAIN;
        return new ProgressBar(err, label, total, unit, mode);
    }

    /** Sets the total once it is known. */
    void total(long newTotal) {
        this.total = newTotal;
    }

    /** Adds {@code delta} to the count. */
    void advance(long delta) {
        update(done + delta);
    }

    /** Sets the count. */
    void update(long count) {
        done = count;
        if (closed || mode == Mode.QUIET) {
            return;
        }
        if (mode == Mode.TERMINAL) {
            // With a known total only a new percentage is worth a redraw: at most 101 per bar, however
            // many small reads feed it. Without one, the shown amount is all there is to follow.
            int percent = total > 0 ? percent() : -1;
            if (percent != shownPercent || total <= 0) {
                shownPercent = percent;
                draw();
            }
        } else if (total > 0) {
            int quarters = (int) Math.min(4, done * 4 / total);
            if (quarters > quartersShown) {
                quartersShown = quarters;
                err.println(label + ": " + (quarters * 25) + "% (" + counts() + ")");
                err.flush();
            }
        }
    }

    private void draw() {
        String line = render();
        if (!line.equals(shown)) {
            // Pad over the rest of a longer earlier line, then come back to its start.
            err.print("\r" + line + " ".repeat(Math.max(0, shown.length() - line.length())));
            err.flush();
            shown = line;
            drawn = true;
        }
    }

    private int percent() {
        return (int) (Math.min(done, total) * 100 / total);
    }

    /** The line the terminal mode shows for the current count. */
    String render() {
        if (total <= 0) {
            return label + " " + amount(done);
        }
        int percent = percent();
        int filled = (int) (Math.min(done, total) * WIDTH / total);
        return label + " [" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] "
                + String.format(Locale.ROOT, "%3d%%", percent) + " " + counts();
    }

    private String counts() {
        return unit == Unit.BYTES ? Formats.size(done) + " of " + Formats.size(total) : done + " of " + total + " entries";
    }

    private String amount(long n) {
        return unit == Unit.BYTES ? Formats.size(n) : n + " entries";
    }

    /** Ends the bar's line on a terminal; idempotent. Plain mode has nothing left to print. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (mode == Mode.TERMINAL && drawn) {
            // The last redraw may show a count from earlier in the same percent: show the final one.
            draw();
            err.println();
            err.flush();
        }
    }
}
