package dev.stowage.application.port.out;

import dev.stowage.domain.blob.BlobKey;
import java.util.Collection;
import java.util.Set;

/** Something that refers to blobs; sweepers and checks ask every holder before deleting a blob. */
public interface BlobReferences {

    /** Of {@code candidates}, the keys this holder refers to. */
    Set<BlobKey> referenced(Collection<BlobKey> candidates);
}
