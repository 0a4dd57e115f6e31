package dev.stowage.domain.program;

import dev.stowage.domain.common.Checks;
import dev.stowage.domain.error.InvalidInputException;

/** A program's unique name: 1-200 printable characters without leading or trailing spaces. */
public record ProgramName(String value) {
    public ProgramName {
        Checks.text(value, "program name", 200);
        if (!value.strip().equals(value)) {
            throw new InvalidInputException("program name must not start or end with white space");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
