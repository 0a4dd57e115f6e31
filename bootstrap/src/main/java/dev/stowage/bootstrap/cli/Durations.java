package dev.stowage.bootstrap.cli;

import dev.stowage.application.port.in.queue.ManageJobsUseCase;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as operators type them: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 7d},
 * or ISO-8601 ({@code PT1H}, {@code P7D}). Negative durations are refused: every CLI option that
 * takes one means an age, a window or a delay. So are durations past {@link #MAX} (ten years):
 * no option means more, and a longer one would overflow when taken from or added to now.
 */
final class Durations {
    private static final Pattern SHORT = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");

    /** The longest duration any option takes: ten years, the longest stats window and purge age. */
    static final Duration MAX = ManageJobsUseCase.MAX_AGE;

    private Durations() {
    }

    /** @throws IllegalArgumentException with a message for people when {@code text} is not a duration */
    static Duration parse(String text) {
        String t = text.strip();
        Matcher m = SHORT.matcher(t.toLowerCase(Locale.ROOT));
        Duration d;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } else {
            try {
                d = Duration.parse(t);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + text + "' is not a duration (use 30s, 5m, 2h, 7d or ISO-8601 such as PT1H)");
            }
        }
        if (d.isNegative()) {
            throw new IllegalArgumentException("'" + text + "' is negative; a duration here must be 0 or more");
        }
        if (d.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("'" + text + "' is longer than " + format(MAX)
                    + " (ten years); a duration here must be from 0 to " + format(MAX));
        }
        return d;
    }

    /** A short form for people: {@code 30s}, {@code 5m}, {@code 1h30m}, {@code 7d}, {@code 250ms}. */
    static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            return d.toMillis() + "ms";
        }
        var sb = new StringBuilder();
        long days = d.toDays();
        if (days > 0) {
            sb.append(days).append('d');
        }
        if (d.toHoursPart() > 0) {
            sb.append(d.toHoursPart()).append('h');
        }
        if (d.toMinutesPart() > 0) {
            sb.append(d.toMinutesPart()).append('m');
        }
        if (d.toSecondsPart() > 0 || d.toMillisPart() > 0) {
            sb.append(d.toSecondsPart());
            if (d.toMillisPart() > 0) {
                sb.append(String.format(Locale.ROOT, ".%03d", d.toMillisPart()));
            }
            sb.append('s');
        }
        return sb.toString();
    }
}
