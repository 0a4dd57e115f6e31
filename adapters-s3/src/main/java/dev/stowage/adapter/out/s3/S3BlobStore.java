package dev.stowage.adapter.out.s3;

import dev.stowage.application.port.out.BlobStore;
import dev.stowage.domain.blob.BlobInfo;
import dev.stowage.domain.blob.BlobKey;
import dev.stowage.domain.common.ByteRange;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.error.ChecksumMismatchException;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.error.NotFoundException;
import dev.stowage.domain.error.StorageCorruptException;
import dev.stowage.domain.error.StorageUnavailableException;
import dev.stowage.domain.error.TooLargeException;
import io.minio.CopyObjectArgs;
import io.minio.CopySource;
import io.minio.Directive;
import io.minio.GetObjectArgs;
import io.minio.ListMultipartUploadsResponse;
import io.minio.ListObjectsArgs;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.messages.Item;
import io.minio.messages.Upload;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Blobs as objects in one bucket: {@code <prefix>blobs/<key>}, with the SHA-256 in the object's
 * user metadata. Temporary objects live apart, under {@code <prefix>tmp/}, so no blob key can ever
 * be mistaken for one (a key may itself start with {@code tmp/}).
 *
 * <p>A blob of up to {@link #SINGLE_PUT_MAX} bytes is read ahead into memory, checked, and sent in
 * one PUT straight to its key with its digest. Why a larger put goes through a temporary object
 * instead: the digest is known only once the last byte has
 * streamed through, but S3 takes user metadata when an upload starts and has no conditional
 * "complete only if" for multipart uploads; and the MinIO client keeps the multipart calls
 * internal. So a put streams to {@code tmp/<random>} (multipart above one part, which the client
 * aborts if the stream fails), checks size and digest, then copies the object server-side onto its
 * key with the digest as metadata (a copy is atomic for readers: they see the old object or the new
 * one) and deletes the temporary object. A crash leaves at most a temporary object or an unfinished
 * multipart upload, both under {@code tmp/}, both removed by {@link #sweepTemporary}. The cost is
 * one server-side copy per large put, which moves no bytes through this process but takes the
 * server time in proportion to the size.
 */
final class S3BlobStore implements BlobStore {
    static final String SHA_METADATA = "sha256";
    /** Blobs up to this size (or the part size, if smaller) go up in one request; larger ones in parts. */
    static final int SINGLE_PUT_MAX = 8 * 1024 * 1024;

    private final MinioClient client;
    private final MinioAsyncClient asyncClient;
    private final S3Settings settings;
    private final Clock clock;
    private final S3Errors errors;
    private final String blobBase;
    private final String tempBase;

    S3BlobStore(MinioClient client, MinioAsyncClient asyncClient, S3Settings settings, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.asyncClient = Objects.requireNonNull(asyncClient, "asyncClient");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.errors = new S3Errors(settings.bucket(), settings.secretKey());
        this.blobBase = settings.prefix() + "blobs/";
        this.tempBase = settings.prefix() + "tmp/";
    }

    /** The object name of a blob; visible to tests that look at the bucket directly. */
    String objectName(BlobKey key) {
        return blobBase + key.value();
    }

    String tempBase() {
        return tempBase;
    }

    @Override
    public BlobInfo put(BlobKey key, InputStream data, PutOptions options) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(options, "options");
        DigestingStream in = new DigestingStream(data, options.maxBytes());
        HeadBuffer head;
        try {
            head = HeadBuffer.read(in, (int) Math.min(SINGLE_PUT_MAX, settings.partSize()));
        } catch (IOException e) {
            throw sourceFailure(key, options, in, e);
        }
        if (head.complete()) {
            return putWhole(key, head, in, options);
        }
        return putThroughTemporary(key, head.followedBy(in), in, options);
    }

    /**
     * A blob that fits in memory is checked before anything is sent, then sent in one request
     * straight to its key with its digest: a single PUT replaces an object atomically, so there is
     * nothing to clean up on any failure and no copy to pay.
     */
    private BlobInfo putWhole(BlobKey key, HeadBuffer head, DigestingStream in, PutOptions options) {
        long size = in.count();
        Sha256 sha = Sha256.of(in.digest());
        verify(key, options, size, sha);
        try {
            client.putObject(PutObjectArgs.builder()
                    .bucket(settings.bucket())
                    .object(objectName(key))
                    .stream(head.stream(), head.size(), -1)
                    .contentType("application/octet-stream")
                    .userMetadata(Map.of(SHA_METADATA, sha.hex()))
                    .build());
        } catch (Exception e) {
            throw errors.failure("writing blob '" + key + "' to bucket '" + settings.bucket() + "'", e);
        }
        return new BlobInfo(key, size, sha, clock.instant());
    }

    private BlobInfo putThroughTemporary(BlobKey key, InputStream body, DigestingStream in, PutOptions options) {
        String temp = tempBase + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong())
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        try {
            // size -1: the client reads part by part (one part in memory at most) until the stream ends
            client.putObject(PutObjectArgs.builder()
                    .bucket(settings.bucket())
                    .object(temp)
                    .stream(body, -1, settings.partSize())
                    .contentType("application/octet-stream")
                    .build());
        } catch (Exception e) {
            // the client aborted its multipart upload; a single-part put never reached the bucket
            removeQuietly(temp);
            if (in.tooLarge() || in.sourceFailure() != null) {
                throw sourceFailure(key, options, in, e);
            }
            throw errors.failure("writing blob '" + key + "' to bucket '" + settings.bucket() + "'", e);
        }
        try {
            long size = in.count();
            Sha256 sha = Sha256.of(in.digest());
            verify(key, options, size, sha);
            client.copyObject(CopyObjectArgs.builder()
                    .bucket(settings.bucket())
                    .object(objectName(key))
                    .source(CopySource.builder().bucket(settings.bucket()).object(temp).build())
                    .metadataDirective(Directive.REPLACE)
                    .userMetadata(Map.of(SHA_METADATA, sha.hex()))
                    .build());
            return new BlobInfo(key, size, sha, clock.instant());
        } catch (InvalidInputException e) {
            throw e;
        } catch (Exception e) {
            throw errors.failure("writing blob '" + key + "' to bucket '" + settings.bucket() + "'", e);
        } finally {
            removeQuietly(temp);
        }
    }

    /** The caller's problem (too many bytes, a stream that failed) rather than the bucket's. */
    private static RuntimeException sourceFailure(BlobKey key, PutOptions options, DigestingStream in, Exception e) {
        if (in.tooLarge()) {
            return new TooLargeException("blob '" + key + "'", options.maxBytes());
        }
        IOException source = in.sourceFailure() != null ? in.sourceFailure() : e instanceof IOException io ? io : null;
        return new StorageUnavailableException("reading the data for blob '" + key + "' failed: "
                + (source == null ? e : source.getMessage()), source == null ? e : source);
    }

    private static void verify(BlobKey key, PutOptions options, long size, Sha256 sha) {
        if (options.expectedSize().isPresent() && options.expectedSize().getAsLong() != size) {
            throw new ChecksumMismatchException("blob '" + key + "' was declared as "
                    + options.expectedSize().getAsLong() + " bytes but " + size + " arrived");
        }
        if (options.expectedSha256().isPresent() && !options.expectedSha256().get().equals(sha)) {
            throw new ChecksumMismatchException("blob '" + key + "' has SHA-256 " + sha
                    + ", not the declared " + options.expectedSha256().get());
        }
    }

    @Override
    public Optional<BlobInfo> stat(BlobKey key) {
        try {
            StatObjectResponse r = client.statObject(StatObjectArgs.builder()
                    .bucket(settings.bucket()).object(objectName(key)).build());
            return Optional.of(info(key, r.size(), r.userMetadata(), r.lastModified().toInstant()));
        } catch (Exception e) {
            if (S3Errors.isNotFound(e)) {
                return Optional.empty();
            }
            throw errors.failure("reading blob '" + key + "'", e);
        }
    }

    private BlobInfo info(BlobKey key, long size, Map<String, String> metadata, Instant storedAt) {
        String sha = metadata.get(SHA_METADATA);
        if (sha == null) {
            throw new StorageCorruptException("object of blob '" + key + "' in bucket '" + settings.bucket()
                    + "' has no " + SHA_METADATA + " metadata: it was not written by Stowage", null);
        }
        return new BlobInfo(key, size, new Sha256(sha), storedAt);
    }

    @Override
    public InputStream open(BlobKey key) {
        try {
            return client.getObject(GetObjectArgs.builder().bucket(settings.bucket()).object(objectName(key)).build());
        } catch (Exception e) {
            if (S3Errors.isNotFound(e)) {
                throw NotFoundException.of("blob", key);
            }
            throw errors.failure("reading blob '" + key + "'", e);
        }
    }

    @Override
    public InputStream open(BlobKey key, ByteRange range) {
        Objects.requireNonNull(range, "range");
        try {
            // S3 clips a range past the end itself and answers 416 InvalidRange when it starts past it
            return client.getObject(GetObjectArgs.builder().bucket(settings.bucket()).object(objectName(key))
                    .offset(range.first()).length(range.length()).build());
        } catch (Exception e) {
            if (S3Errors.isNotFound(e)) {
                throw NotFoundException.of("blob", key);
            }
            if ("InvalidRange".equals(S3Errors.code(e))) {
                throw new InvalidInputException("byte range starts at " + range.first() + ", past the end of blob '" + key + "'");
            }
            throw errors.failure("reading blob '" + key + "'", e);
        }
    }

    /**
     * S3's delete does not say whether there was an object, so this asks first. A delete racing
     * with a put of the same key may report false for a blob the put then writes; callers that
     * delete do not put the same key concurrently.
     */
    @Override
    public boolean delete(BlobKey key) {
        try {
            // a plain HEAD, not stat(): an object without our metadata must still be deletable
            client.statObject(StatObjectArgs.builder().bucket(settings.bucket()).object(objectName(key)).build());
        } catch (Exception e) {
            if (S3Errors.isNotFound(e)) {
                return false;
            }
            throw errors.failure("deleting blob '" + key + "'", e);
        }
        try {
            client.removeObject(RemoveObjectArgs.builder().bucket(settings.bucket()).object(objectName(key)).build());
            return true;
        } catch (Exception e) {
            throw errors.failure("deleting blob '" + key + "'", e);
        }
    }

    /**
     * Lazily pages through the bucket listing (S3 lists in key order) and reads each blob's digest
     * with one HEAD as the caller reaches it; a blob deleted meanwhile is skipped.
     */
    @Override
    public Iterator<BlobInfo> list(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        Iterator<Result<Item>> items = client.listObjects(ListObjectsArgs.builder()
                .bucket(settings.bucket()).prefix(blobBase + prefix).recursive(true).build()).iterator();
        return new Iterator<>() {
            private BlobInfo next;

            @Override
            public boolean hasNext() {
                while (next == null && items.hasNext()) {
                    Item item;
                    try {
                        item = items.next().get();
                    } catch (Exception e) {
                        throw errors.failure("listing blobs under '" + prefix + "'", e);
                    }
                    Optional<BlobKey> key = item.isDir() ? Optional.empty() : keyOf(item.objectName());
                    if (key.isPresent()) {
                        next = stat(key.get()).orElse(null);
                    }
                }
                return next != null;
            }

            @Override
            public BlobInfo next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                BlobInfo out = next;
                next = null;
                return out;
            }
        };
    }

    /**
     * Removes temporary objects and aborts unfinished multipart uploads under {@code tmp/} that
     * began at least {@code olderThan} ago (by the server's clock for objects, which S3 stamps).
     * A server that cannot list multipart uploads (NotImplemented) only has its objects swept.
     */
    /** The key of an object under {@code blobs/}; empty for an object Stowage would not have written. */
    private Optional<BlobKey> keyOf(String objectName) {
        try {
            return Optional.of(new BlobKey(objectName.substring(blobBase.length())));
        } catch (InvalidInputException e) {
            return Optional.empty();
        }
    }

    @Override
    public int sweepTemporary(Duration olderThan) {
        Objects.requireNonNull(olderThan, "olderThan");
        Instant cutoff = clock.instant().minus(olderThan);
        int removed = 0;
        try {
            for (Result<Item> result : client.listObjects(ListObjectsArgs.builder()
                    .bucket(settings.bucket()).prefix(tempBase).recursive(true).build())) {
                Item item = result.get();
                if (!item.isDir() && !item.lastModified().toInstant().isAfter(cutoff)) {
                    client.removeObject(RemoveObjectArgs.builder().bucket(settings.bucket()).object(item.objectName()).build());
                    removed++;
                }
            }
            removed += abortStaleUploads(cutoff);
        } catch (Exception e) {
            throw errors.failure("sweeping temporary objects in bucket '" + settings.bucket() + "'", e);
        }
        return removed;
    }

    private int abortStaleUploads(Instant cutoff) throws Exception {
        int aborted = 0;
        String keyMarker = null;
        String uploadIdMarker = null;
        while (true) {
            ListMultipartUploadsResponse page;
            try {
                page = asyncClient.listMultipartUploadsAsync(settings.bucket(), settings.region(), null, null,
                        keyMarker, 1000, tempBase, uploadIdMarker, null, null).get();
            } catch (Exception e) {
                if ("NotImplemented".equals(S3Errors.code(e))) {
                    return aborted;
                }
                throw e;
            }
            for (Upload upload : page.result().uploads()) {
                if (upload.initiated() != null && !upload.initiated().toInstant().isAfter(cutoff)) {
                    asyncClient.abortMultipartUploadAsync(settings.bucket(), settings.region(), upload.objectName(),
                            upload.uploadId(), null, null).get();
                    aborted++;
                }
            }
            if (!page.result().isTruncated()) {
                return aborted;
            }
            keyMarker = page.result().nextKeyMarker();
            uploadIdMarker = page.result().nextUploadIdMarker();
        }
    }

    @Override
    public String backendName() {
        return "s3";
    }

    private void removeQuietly(String objectName) {
        try {
            client.removeObject(RemoveObjectArgs.builder().bucket(settings.bucket()).object(objectName).build());
        } catch (Exception ignored) {
            // the sweeper removes what is left under tmp/
        }
    }
}
