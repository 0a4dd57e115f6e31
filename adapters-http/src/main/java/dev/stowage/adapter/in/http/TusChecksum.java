package dev.stowage.adapter.in.http;

import dev.stowage.domain.common.Checks;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.error.InvalidInputException;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * The tus {@code Upload-Checksum} header: {@code <algorithm> <base64 digest>}. Only
 * {@value #ALGORITHM} is offered, because the use case checks chunks with SHA-256 and a weaker
 * algorithm would add nothing.
 */
final class TusChecksum {
    static final String ALGORITHM = "sha256";

    private TusChecksum() {
    }

    /**
     * The declared digest of a chunk; empty when the header is absent.
     *
     * @throws InvalidInputException when the algorithm is not {@value #ALGORITHM} or the digest is
     *         not 32 bytes of base64 (tus answers both with 400)
     */
    static Optional<Sha256> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String value = header.strip();
        int space = value.indexOf(' ');
        String algorithm = space < 0 ? value : value.substring(0, space);
        if (!algorithm.toLowerCase(Locale.ROOT).equals(ALGORITHM)) {
            throw new InvalidInputException("Upload-Checksum algorithm '" + Checks.printable(algorithm)
                    + "' is not supported; use " + ALGORITHM);
        }
        byte[] digest;
        try {
            digest = Base64.getDecoder().decode(space < 0 ? "" : value.substring(space + 1).strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("Upload-Checksum digest is not base64");
        }
        if (digest.length != 32) {
            throw new InvalidInputException("Upload-Checksum sha256 digest must be 32 bytes, got " + digest.length);
        }
        return Optional.of(Sha256.of(digest));
    }
}
