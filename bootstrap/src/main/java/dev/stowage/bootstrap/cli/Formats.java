package dev.stowage.bootstrap.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

/** How values look in output for people. JSON output keeps full values instead. */
final class Formats {

    private Formats() {
    }

    /** {@code 512 B}, {@code 4.0 KiB}, {@code 1.5 GiB}. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** An instant to the second, which is what a table needs; {@code -} when absent. */
    static String time(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String time(Optional<Instant> t) {
        return t.map(Formats::time).orElse("-");
    }

    /** One {@code name: value} line of a detail view, the values aligned. */
    static void row(PrintWriter out, String name, Object value) {
        out.printf(Locale.ROOT, "%-20s %s%n", name + ":", value);
    }
}
