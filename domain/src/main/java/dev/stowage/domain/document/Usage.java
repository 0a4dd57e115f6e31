package dev.stowage.domain.document;

import dev.stowage.domain.common.UserId;

/** How much an owner stores. */
public record Usage(UserId owner, long documents, long bytes) {
}
