package dev.stowage.application.port.out;

import dev.stowage.domain.blob.BlobKey;
import dev.stowage.domain.blob.BlobReference;
import dev.stowage.domain.common.Page;
import dev.stowage.domain.common.PageRequest;
import java.util.Collection;
import java.util.Set;

/**
 * Something that refers to blobs (the document catalog, the program store). The sweeper and
 * {@code fsck} ask every holder before they delete a blob, and walk every holder's references to
 * find blobs that are missing.
 */
public interface BlobReferences {

    /**
     * Of {@code candidates}, the keys this holder refers to, as of one moment. Empty candidates give
     * an empty set.
     */
    Set<BlobKey> referenced(Collection<BlobKey> candidates);

    /**
     * Every reference this holder keeps, a page at a time in an order of the holder's choosing that
     * stays stable across pages: each reference is served once however many pages the walk takes,
     * except that references added or removed meanwhile may or may not appear. A blob referred to
     * twice (a program and a revision that kept its image) appears once per referrer.
     *
     * @throws dev.stowage.domain.error.InvalidInputException for a cursor this holder did not issue
     */
    Page<BlobReference> references(PageRequest page);
}
