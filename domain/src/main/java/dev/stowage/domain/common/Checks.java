package dev.stowage.domain.common;

import dev.stowage.domain.error.InvalidInputException;

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
            // A lone surrogate is not text: stores would write it as '?', so two names could collide.
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    throw new InvalidInputException(field + " is not valid Unicode text (a lone surrogate)");
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                throw new InvalidInputException(field + " is not valid Unicode text (a lone surrogate)");
            }
        }
        return value;
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
