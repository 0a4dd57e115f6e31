package dev.stowage.domain.error;

/** The input breaks a documented rule. The message names the field and the rule. */
public sealed class InvalidInputException extends StowageException
        permits ChecksumMismatchException, TooLargeException {

    public InvalidInputException(String message) {
        super(ErrorCode.INVALID_INPUT, message, null);
    }

    protected InvalidInputException(ErrorCode code, String message) {
        super(code, message, null);
    }
}
