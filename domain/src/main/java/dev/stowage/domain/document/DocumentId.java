package dev.stowage.domain.document;

import dev.stowage.domain.common.Ulid;

/** A document's id: time-sortable. */
public record DocumentId(String value) {
    public DocumentId {
        value = Ulid.requireValid(value, "document id");
    }

    @Override
    public String toString() {
        return value;
    }
}
