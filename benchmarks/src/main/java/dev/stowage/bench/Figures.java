package dev.stowage.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Small helpers for timing repeated runs and printing a comparison table. */
final class Figures {
    private Figures() {
    }

    /** A timed action that returns nothing useful. */
    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    /** Runs {@code action} {@code times} times and returns each run's seconds. */
    static List<Double> time(int times, Action action) throws Exception {
        var out = new ArrayList<Double>();
        for (int i = 0; i < times; i++) {
            long t0 = System.nanoTime();
            action.run();
            out.add((System.nanoTime() - t0) / 1e9);
        }
        return out;
    }

    static double median(List<Double> xs) {
        var s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    static double best(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    /** MB/s (10^6 bytes) for {@code bytes} moved in {@code seconds}. */
    static double mbps(long bytes, double seconds) {
        return bytes / 1e6 / seconds;
    }

    static String row(String what, String value, String baseline, String ratio) {
        return String.format(Locale.ROOT, "  %-44s %16s %16s %9s", what, value, baseline, ratio);
    }

    static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String pct(double ratio) {
        return String.format(Locale.ROOT, "%.0f%%", ratio * 100);
    }

    /** Parses 1g, 512m, 64k or a plain byte count. */
    static long size(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long mult = 1;
        char last = t.charAt(t.length() - 1);
        if (last == 'k' || last == 'm' || last == 'g') {
            mult = last == 'k' ? 1L << 10 : last == 'm' ? 1L << 20 : 1L << 30;
            t = t.substring(0, t.length() - 1);
        }
        return Long.parseLong(t) * mult;
    }
}
