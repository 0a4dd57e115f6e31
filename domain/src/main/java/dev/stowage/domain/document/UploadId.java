package dev.stowage.domain.document;

import dev.stowage.domain.common.Ulid;

/** A resumable upload's id. */
public record UploadId(String value) {
    public UploadId {
        value = Ulid.requireValid(value, "upload id");
    }

    @Override
    public String toString() {
        return value;
    }
}
