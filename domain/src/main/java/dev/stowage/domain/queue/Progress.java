package dev.stowage.domain.queue;

import dev.stowage.domain.common.Checks;

/** How far a running job has come: a percentage and a short message for people. */
public record Progress(int percent, String message) {
    public static final Progress NONE = new Progress(0, "");

    public Progress {
        Checks.range(percent, 0, 100, "progress percent");
        Checks.present(message, "progress message");
        if (message.length() > 1000) {
            throw new dev.stowage.domain.error.InvalidInputException("progress message must be at most 1000 characters");
        }
    }
}
