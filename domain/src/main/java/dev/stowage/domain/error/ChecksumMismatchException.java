package dev.stowage.domain.error;

/** The bytes received do not match the checksum the caller declared; nothing was stored. */
public final class ChecksumMismatchException extends InvalidInputException {
    public ChecksumMismatchException(String message) {
        super(ErrorCode.CHECKSUM_MISMATCH, message);
    }
}
