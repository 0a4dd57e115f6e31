package dev.stowage.domain.common;

import dev.stowage.domain.error.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;

/**
 * A SHA-256 digest: 32 bytes, written as 64 lowercase hex characters ({@link #hex}).
 *
 * <p>Held as its bytes, not its text: a backup's manifest has one digest per 8 KiB chunk of the
 * database (134,615 for 1 GiB), which it stores as bytes, hashes as bytes (the chunk list's
 * digest) and looks up in maps; text would be decoded, encoded and hashed over 64 characters each
 * time, and take twice the memory. The text is made when asked for, once.
 *
 * <p>Equal digests are equal objects. Ordered as unsigned bytes, which is the order of their hex
 * text, so a map whose keys share a hash (as hostile input could make them) still finds each key in
 * logarithmic time.
 */
public final class Sha256 implements Comparable<Sha256> {
    private static final byte[] DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final byte[] bytes;
    private final int hash;
    /** The lowercase text, made on the first {@link #hex} (a race makes it twice, equal): never the text given. */
    private String hex;

    /**
     * The digest written as {@code hex}: 64 hex characters, either case.
     *
     * @throws InvalidInputException when it is anything else
     */
    public Sha256(String hex) {
        Checks.present(hex, "sha256");
        byte[] b = hex.length() == 64 ? new byte[32] : null;
        for (int i = 0; b != null && i < 32; i++) {
            int hi = Json.hexDigit(hex.charAt(2 * i));
            int lo = Json.hexDigit(hex.charAt(2 * i + 1));
            if ((hi | lo) < 0) {
                b = null;
            } else {
                b[i] = (byte) (hi << 4 | lo);
            }
        }
        if (b == null) {
            throw new InvalidInputException("sha256 must be 64 hex characters, got '" + Checks.printable(hex) + "'");
        }
        this.bytes = b;
        this.hash = Arrays.hashCode(b);
    }

    private Sha256(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /** The digest whose 32 bytes are {@code digest} (copied). */
    public static Sha256 of(byte[] digest) {
        if (digest.length != 32) {
            throw new InvalidInputException("a SHA-256 digest has 32 bytes, got " + digest.length);
        }
        return of(digest, 0);
    }

    /**
     * The digest in the 32 bytes of {@code bytes} from {@code offset} (copied): a large manifest's
     * parse makes one a chunk.
     */
    public static Sha256 of(byte[] bytes, int offset) {
        Objects.checkFromIndexSize(offset, 32, bytes.length);
        return new Sha256(Arrays.copyOfRange(bytes, offset, offset + 32));
    }

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
        return new Sha256(newDigest().digest(bytes));
    }

    /** The 32 bytes (a copy). */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Feeds the 32 bytes to {@code digest}, without a copy. */
    public void updateInto(MessageDigest digest) {
        digest.update(bytes);
    }

    /** Puts the 32 bytes into {@code out} at its position, without a copy. */
    public void putInto(ByteBuffer out) {
        out.put(bytes);
    }

    /** The 64 lowercase hex characters. */
    public String hex() {
        String h = hex;
        if (h == null) {
            byte[] text = new byte[64];
            for (int i = 0; i < 32; i++) {
                int b = bytes[i] & 0xff;
                text[2 * i] = DIGITS[b >>> 4];
                text[2 * i + 1] = DIGITS[b & 0xf];
            }
            h = new String(text, StandardCharsets.ISO_8859_1);
            hex = h;
        }
        return h;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sha256 other && hash == other.hash && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public int compareTo(Sha256 other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
