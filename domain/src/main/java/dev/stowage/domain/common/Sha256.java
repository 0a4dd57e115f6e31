package dev.stowage.domain.common;

import dev.stowage.domain.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Objects;

/** A SHA-256 digest, held as 64 lowercase hex characters. */
public record Sha256(String hex) {
    public Sha256 {
        Checks.present(hex, "sha256");
        // lowercase already, as every digest made here is: no second pass, no copy
        if (!isHex64(hex)) {
            hex = hex.toLowerCase(Locale.ROOT);
            if (!isHex64(hex)) {
                throw new InvalidInputException("sha256 must be 64 hex characters, got '" + Checks.printable(hex) + "'");
            }
        }
    }

    /** A plain loop: a backup's manifest builds one digest per 8 KiB chunk, 131,072 for a 1 GiB database. */
    private static boolean isHex64(String hex) {
        if (hex.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = hex.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }

    public static Sha256 of(byte[] digest) {
        if (digest.length != 32) {
            throw new InvalidInputException("a SHA-256 digest has 32 bytes, got " + digest.length);
        }
        return of(digest, 0);
    }

    /**
     * The digest in the 32 bytes of {@code bytes} from {@code offset}. A plain loop over a table: a
     * large manifest's parse makes one a chunk (134,615 for a 1 GiB database), mostly in code the
     * JIT has not compiled yet, where each call less counts.
     */
    public static Sha256 of(byte[] bytes, int offset) {
        Objects.checkFromIndexSize(offset, 32, bytes.length);
        byte[] text = new byte[64];
        for (int i = 0; i < 32; i++) {
            int b = bytes[offset + i] & 0xff;
            text[2 * i] = DIGITS[b >>> 4];
            text[2 * i + 1] = DIGITS[b & 0xf];
        }
        return new Sha256(new String(text, StandardCharsets.ISO_8859_1));
    }

    private static final byte[] DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /**
     * A new SHA-256 digester, for bytes that stream through. Every Java runtime has SHA-256 (the
     * platform requires it), so a runtime without it is broken: an {@link IllegalStateException}.
     */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no SHA-256", e);
        }
    }

    /** The digest of {@code bytes}. */
    public static Sha256 digest(byte[] bytes) {
        return of(newDigest().digest(bytes));
    }

    public byte[] bytes() {
        byte[] out = new byte[32];
        for (int i = 0; i < 32; i++) {
            out[i] = (byte) (nibble(hex.charAt(2 * i)) << 4 | nibble(hex.charAt(2 * i + 1)));
        }
        return out;
    }

    /** A lowercase hex digit's value: the constructor lets no other character in. */
    private static int nibble(char c) {
        return c <= '9' ? c - '0' : c - 'a' + 10;
    }

    @Override
    public String toString() {
        return hex;
    }
}
