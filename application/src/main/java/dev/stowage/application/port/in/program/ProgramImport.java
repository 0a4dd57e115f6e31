package dev.stowage.application.port.in.program;

import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.program.Program;
import java.io.InputStream;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A program brought in from another system as it was there: its fields, its own id (kept as the
 * external ref, which makes a second import of it find the first), the times it was made and last
 * changed, and its master image.
 *
 * @param image opens the image's bytes; each call starts from the first byte (a dry run reads them
 *              to check them, an import reads them once into the blob store)
 */
public record ProgramImport(ProgramDraft draft, String externalRef, Instant createdAt, Instant updatedAt,
                            Optional<Supplier<InputStream>> image) {
    public static final int MAX_EXTERNAL_REF = 200;

    public ProgramImport {
        Objects.requireNonNull(draft, "draft");
        Objects.requireNonNull(externalRef, "externalRef");
        if (externalRef.isBlank() || externalRef.length() > MAX_EXTERNAL_REF) {
            throw new InvalidInputException("an external ref must be 1 to " + MAX_EXTERNAL_REF + " characters");
        }
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (updatedAt.isBefore(createdAt)) {
            throw new InvalidInputException("updatedAt " + updatedAt + " is before createdAt " + createdAt);
        }
        Objects.requireNonNull(image, "image");
    }

    /**
     * What an import of one program did.
     *
     * @param program the program as stored; with a dry run, as it would be stored (or the one already there)
     * @param created false when a program with this external ref was already there and was left as it is
     */
    public record Outcome(Program program, boolean created) {
        public Outcome {
            Objects.requireNonNull(program, "program");
        }
    }
}
