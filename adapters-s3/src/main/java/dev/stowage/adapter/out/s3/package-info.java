/**
 * The S3 adapter for bytes, on the MinIO Java client; works with AWS S3, MinIO and S3Proxy.
 *
 * <p>{@link dev.stowage.adapter.out.s3.S3BlobModule} binds the blob store: objects under
 * {@code <prefix>blobs/} with their SHA-256 as user metadata, written through a temporary object
 * under {@code <prefix>tmp/} and a server-side copy so a reader never sees a partial or unverified
 * blob. Parts are streamed, one part in memory at most. Implementations are package-private.
 *
 * <p>Errors are mapped by S3 error code: a missing object is
 * {@link dev.stowage.domain.error.NotFoundException}, a full server
 * {@link dev.stowage.domain.error.StorageFullException}, anything else (refused credentials,
 * unreachable endpoint) {@link dev.stowage.domain.error.StorageUnavailableException}. No message
 * carries the secret key.
 */
package dev.stowage.adapter.out.s3;
