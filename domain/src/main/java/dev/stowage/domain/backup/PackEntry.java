package dev.stowage.domain.backup;

import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.error.InvalidInputException;
import java.util.Objects;

/**
 * A pack (manifest format 3): one object at the target, named by its SHA-256, holding many snapshot
 * chunks back to back. A backup appends its new chunks to a few packs, so a folder target syncs
 * one file per pack and an S3 target sends one upload per pack; a later backup refers to the
 * chunks it shares by their place in the packs that hold them.
 */
public record PackEntry(Sha256 sha256, long size) {
    /** The largest pack: a backup holds the pack it is filling in memory. */
    public static final int MAX_PACK_SIZE = 64 << 20;

    public PackEntry {
        Objects.requireNonNull(sha256, "sha256");
        if (size < 1 || size > MAX_PACK_SIZE) {
            throw new InvalidInputException("a pack holds 1 to " + MAX_PACK_SIZE + " bytes, not " + size);
        }
    }
}
