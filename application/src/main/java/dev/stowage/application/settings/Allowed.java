package dev.stowage.application.settings;

import java.time.Duration;
import java.util.Objects;

/**
 * The values a setting may hold, with the words that say so to an operator ("a whole number
 * between 1 and 64"). A settings record declares each as a constant, checks its components against
 * them, and a configuration reader names the same words when a value cannot even be read.
 */
public sealed interface Allowed permits Allowed.Whole, Allowed.Size, Allowed.Span {

    /** What is allowed, to follow "is not": {@code a whole number between 1 and 64}. */
    String description();

    /** Whole numbers from {@code min} to {@code max}, both included. */
    static Whole whole(long min, long max) {
        return new Whole(min, max);
    }

    /** Byte counts from {@code min} to {@code max}, both included. */
    static Size size(long min, long max) {
        return new Size(min, max);
    }

    /** Byte counts of at least {@code min}. */
    static Size atLeast(long min) {
        return new Size(min, Long.MAX_VALUE);
    }

    /** Durations from {@code min} to {@code max}, both included. */
    static Span span(Duration min, Duration max) {
        return new Span(min, max);
    }

    /** A whole number in a range, such as a pool size or a port. */
    record Whole(long min, long max) implements Allowed {
        public Whole {
            if (min > max) {
                throw new IllegalArgumentException("min " + min + " > max " + max);
            }
        }

        public boolean contains(long value) {
            return value >= min && value <= max;
        }

        @Override
        public String description() {
            return "a whole number between " + min + " and " + max;
        }
    }

    /** A number of bytes in a range; {@code max} is {@link Long#MAX_VALUE} for no upper bound. */
    record Size(long min, long max) implements Allowed {
        public Size {
            if (min < 0 || min > max) {
                throw new IllegalArgumentException("bad size range " + min + ".." + max);
            }
        }

        public boolean contains(long value) {
            return value >= min && value <= max;
        }

        @Override
        public String description() {
            return max == Long.MAX_VALUE ? "a size of at least " + min + " byte(s)"
                    : "a size between " + bytes(min) + " and " + bytes(max);
        }

        private static String bytes(long n) {
            String[] units = {"KiB", "MiB", "GiB", "TiB"};
            String text = n + " byte(s)";
            long unit = 1024;
            for (String name : units) {
                if (n >= unit && n % unit == 0) {
                    text = n / unit + name;
                }
                unit *= 1024;
            }
            return text;
        }
    }

    /** A duration in a range. */
    record Span(Duration min, Duration max) implements Allowed {
        public Span {
            Objects.requireNonNull(min, "min");
            Objects.requireNonNull(max, "max");
            if (min.isNegative() || min.compareTo(max) > 0) {
                throw new IllegalArgumentException("bad duration range " + min + ".." + max);
            }
        }

        public boolean contains(Duration value) {
            return value.compareTo(min) >= 0 && value.compareTo(max) <= 0;
        }

        @Override
        public String description() {
            return "a duration between " + human(min) + " and " + human(max);
        }

        /** The duration in the largest unit that holds it exactly, as it is written in HOCON: 10m, 1d, 500ms. */
        static String human(Duration d) {
            if (d.isZero()) {
                return "0s";
            }
            long millis = d.toMillis();
            long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
            String[] names = {"d", "h", "m", "s"};
            for (int i = 0; i < sizes.length; i++) {
                if (millis % sizes[i] == 0) {
                    return millis / sizes[i] + names[i];
                }
            }
            return millis + "ms";
        }
    }
}
