package dev.stowage.domain.queue;

import dev.stowage.domain.common.Checks;

/** A job template's name as people write it ("Quick Preview"): 1-128 printable characters. */
public record TemplateName(String value) {
    public TemplateName {
        Checks.text(value, "template name", 128);
        if (!value.strip().equals(value)) {
            throw new dev.stowage.domain.error.InvalidInputException("template name must not start or end with spaces");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
