/**
 * The local-disk adapter for bytes: the embedded default of Stowage.
 *
 * <p>{@link dev.stowage.adapter.out.fs.FsBlobModule} binds the blob store (finished, immutable blobs
 * under one root folder, sharded by key hash, each written temp file, fsync, atomic rename, fsync of
 * the folder) and the upload staging area (one file per unfinished resumable upload, fsynced on
 * every append). {@link dev.stowage.adapter.out.fs.FsUploadStagingModule} binds the staging area
 * alone for deployments whose blobs live elsewhere. Implementations are package-private.
 *
 * <p>Errors: a full disk (ENOSPC, EDQUOT) is reported as
 * {@link dev.stowage.domain.error.StorageFullException}, every other I/O failure as
 * {@link dev.stowage.domain.error.StorageUnavailableException}; a failed write never leaves a
 * partial blob behind.
 */
package dev.stowage.adapter.out.fs;
