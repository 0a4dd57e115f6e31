package dev.stowage.domain.common;

import dev.stowage.domain.error.InvalidInputException;
import java.time.Duration;
import java.time.Instant;

/** Argument checks that fail with {@link InvalidInputException} and a message naming the field. */
public final class Checks {
    private Checks() {
    }

    /** Rejects null. */
    public static <T> T present(T value, String field) {
        if (value == null) {
            throw new InvalidInputException(field + " is required");
        }
        return value;
    }

    /** Rejects null, empty, longer than {@code maxLength} chars, or containing control characters. */
    public static String text(String value, String field, int maxLength) {
        present(value, field);
        if (value.isEmpty()) {
            throw new InvalidInputException(field + " must not be empty");
        }
        if (value.length() > maxLength) {
            throw new InvalidInputException(field + " must be at most " + maxLength + " characters, got " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                throw new InvalidInputException(field + " must not contain control characters");
            }
        }
        // A lone surrogate is not text: stores would write it as '?', so two names could collide.
        if (hasLoneSurrogate(value)) {
            throw new InvalidInputException(field + " is not valid Unicode text (a lone surrogate)");
        }
        return value;
    }

    /** True when {@code value} holds a surrogate that is not half of a pair: UTF-16 that is no text. */
    public static boolean hasLoneSurrogate(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * An identifier-like token: 1..{@code maxLength} characters from {@code [A-Za-z0-9._-]}, starting
     * with a letter or digit. Safe to use in file names, URLs and metric tags.
     */
    public static String token(String value, String field, int maxLength) {
        present(value, field);
        if (value.isEmpty() || value.length() > maxLength) {
            throw new InvalidInputException(field + " must be 1 to " + maxLength + " characters, got " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || (i > 0 && (c == '.' || c == '_' || c == '-'));
            if (!ok) {
                throw new InvalidInputException(field + " '" + printable(value) + "' may use only letters, digits, '.', '_' and '-', and must start with a letter or digit");
            }
        }
        return value;
    }

    /**
     * The instants Stowage takes from outside, from the start of the year 1 to the end of the year
     * 9999: every store holds them exactly (as microseconds since the epoch), and arithmetic on
     * them within ten thousand years cannot overflow.
     */
    public static final Instant EARLIEST_INSTANT = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant LATEST_INSTANT = Instant.parse("9999-12-31T23:59:59.999999Z");

    /** Rejects instants outside {@link #EARLIEST_INSTANT} to {@link #LATEST_INSTANT}. */
    public static Instant instant(Instant value, String field) {
        present(value, field);
        if (value.isBefore(EARLIEST_INSTANT) || value.isAfter(LATEST_INSTANT)) {
            throw new InvalidInputException(field + " must be between " + EARLIEST_INSTANT + " and 9999-12-31T23:59:59Z, got "
                    + value);
        }
        return value;
    }

    /** Rejects durations outside {@code [min, max]}; the message gives both bounds in ISO-8601. */
    public static Duration range(Duration value, Duration min, Duration max, String field) {
        present(value, field);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new InvalidInputException(field + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    /** The rule {@link #name} enforces, in words, for messages and documentation. */
    public static final String NAME_RULE = "letters, digits, spaces, '.', '_' and '-', starting with a letter or digit"
            + " and not ending with a space";

    /**
     * A name people give (a queue, a job template): 1..{@code maxLength} characters of letters and
     * digits of any script, spaces, {@code .}, {@code _} and {@code -}, starting with a letter or
     * digit and not ending with a space. No slash, backslash, quote, angle bracket or control
     * character, and no leading dot: a name can never read as a path ({@code ../x}) or as markup,
     * wherever it is shown or used.
     */
    public static String name(String value, String field, int maxLength) {
        present(value, field);
        if (value.isEmpty() || value.length() > maxLength) {
            throw new InvalidInputException(field + " must be 1 to " + maxLength + " characters, got " + value.length());
        }
        int first = value.codePointAt(0);
        boolean ok = Character.isLetterOrDigit(first) && !value.endsWith(" ");
        for (int i = 0; ok && i < value.length(); ) {
            int c = value.codePointAt(i);
            ok = Character.isLetterOrDigit(c) || c == ' ' || c == '.' || c == '_' || c == '-';
            i += Character.charCount(c);
        }
        if (!ok) {
            throw new InvalidInputException(field + " '" + printable(value) + "' may use only " + NAME_RULE);
        }
        return value;
    }

    /** Rejects values outside {@code [min, max]}. */
    public static long range(long value, long min, long max, String field) {
        if (value < min || value > max) {
            throw new InvalidInputException(field + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    /** Rejects values outside {@code [min, max]}. */
    public static int range(int value, int min, int max, String field) {
        return (int) range((long) value, min, max, field);
    }

    /** A value shortened and stripped of control characters, safe to echo in an error message. */
    public static String printable(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(Math.min(value.length(), 80));
        for (int i = 0; i < value.length() && sb.length() < 80; i++) {
            char c = value.charAt(i);
            sb.append(Character.isISOControl(c) ? '?' : c);
        }
        if (value.length() > 80) {
            sb.append("...");
        }
        return sb.toString();
    }
}
