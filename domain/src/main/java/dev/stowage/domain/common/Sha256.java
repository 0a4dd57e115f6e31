package dev.stowage.domain.common;

import dev.stowage.domain.error.InvalidInputException;
import java.util.HexFormat;
import java.util.Locale;

/** A SHA-256 digest, held as 64 lowercase hex characters. */
public record Sha256(String hex) {
    public Sha256 {
        Checks.present(hex, "sha256");
        hex = hex.toLowerCase(Locale.ROOT);
        if (hex.length() != 64 || !hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new InvalidInputException("sha256 must be 64 hex characters, got '" + Checks.printable(hex) + "'");
        }
    }

    public static Sha256 of(byte[] digest) {
        if (digest.length != 32) {
            throw new InvalidInputException("a SHA-256 digest has 32 bytes, got " + digest.length);
        }
        return new Sha256(HexFormat.of().formatHex(digest));
    }

    public byte[] bytes() {
        return HexFormat.of().parseHex(hex);
    }

    @Override
    public String toString() {
        return hex;
    }
}
