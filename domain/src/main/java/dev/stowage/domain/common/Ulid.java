package dev.stowage.domain.common;

import dev.stowage.domain.error.InvalidInputException;

/**
 * A time-sortable identifier: 48 bits of Unix milliseconds then 80 random bits, written as 26
 * Crockford base-32 characters (the ULID layout). Ids made later sort after ids made earlier, so
 * stores can page by id and keep inserts at the end of their indexes.
 */
public final class Ulid {
    public static final int LENGTH = 26;
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private Ulid() {
    }

    /**
     * Formats an id from a time and 80 random bits ({@code randomHigh}'s low 16 bits, then all 64 of
     * {@code randomLow}).
     */
    public static String format(long epochMillis, long randomHigh, long randomLow) {
        if (epochMillis < 0 || epochMillis >= (1L << 48)) {
            throw new InvalidInputException("ULID time out of range: " + epochMillis);
        }
        char[] out = new char[LENGTH];
        // 128 bits = time(48) | randHigh(16) | randLow(64); emit 5 bits at a time from the top (2 pad bits first).
        long hi = (epochMillis << 16) | (randomHigh & 0xFFFFL); // top 64 bits
        long lo = randomLow;                                     // bottom 64 bits
        for (int i = LENGTH - 1; i >= 0; i--) {
            int shift = (LENGTH - 1 - i) * 5; // bit offset from the bottom of the 128-bit value
            int v;
            if (shift + 5 <= 64) {
                v = (int) ((lo >>> shift) & 31);
            } else if (shift >= 64) {
                v = (int) ((hi >>> (shift - 64)) & 31);
            } else {
                int lowBits = 64 - shift;
                v = (int) (((lo >>> shift) | (hi << lowBits)) & 31);
            }
            out[i] = ALPHABET[v];
        }
        return new String(out);
    }

    /** The milliseconds encoded in an id. */
    public static long epochMillis(String ulid) {
        String canonical = requireValid(ulid, "id");
        long ms = 0;
        for (int i = 0; i < 10; i++) {
            ms = (ms << 5) | decode(canonical.charAt(i));
        }
        return ms;
    }

    /** Checks the syntax of an id and returns it in canonical (upper) case. */
    public static String requireValid(String value, String field) {
        Checks.present(value, field);
        if (value.length() != LENGTH) {
            throw new InvalidInputException(field + " must be a " + LENGTH + "-character id, got '" + Checks.printable(value) + "'");
        }
        String upper = value.toUpperCase(java.util.Locale.ROOT);
        for (int i = 0; i < LENGTH; i++) {
            if (decode(upper.charAt(i)) < 0) {
                throw new InvalidInputException(field + " '" + Checks.printable(value) + "' is not a valid id");
            }
        }
        if (upper.charAt(0) > '7') {
            throw new InvalidInputException(field + " '" + Checks.printable(value) + "' is out of range");
        }
        return upper;
    }

    private static int decode(char c) {
        for (int i = 0; i < ALPHABET.length; i++) {
            if (ALPHABET[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
