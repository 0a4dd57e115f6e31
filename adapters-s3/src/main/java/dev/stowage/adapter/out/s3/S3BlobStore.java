package dev.stowage.adapter.out.s3;

import dev.stowage.application.port.out.BlobStore;
import dev.stowage.domain.blob.BlobInfo;
import dev.stowage.domain.blob.BlobKey;
import dev.stowage.domain.common.ByteRange;
import dev.stowage.domain.common.LookAhead;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.error.NotFoundException;
import dev.stowage.domain.error.StorageUnavailableException;
import dev.stowage.domain.error.TooLargeException;
import io.minio.CopyObjectArgs;
import io.minio.CopySource;
import io.minio.Directive;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.ListMultipartUploadsResponse;
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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Blobs as objects in one bucket: {@code <prefix>blobs/<key>}, with the SHA-256 in the object's
 * user metadata or, for a large blob written straight to its key, in a digest record
 * {@code <prefix>sums/<key>} ({@link DigestRecords}). Temporary objects and intents live apart,
 * under {@code <prefix>tmp/}, so no blob key can ever be mistaken for one (a key may itself start
 * with {@code tmp/}).
 *
 * <p>The digest is known only once the last byte has streamed through, but S3 takes user metadata
 * when an upload starts and has no conditional "complete only if" for multipart uploads. So a put
 * takes one of three ways:
 * <ul>
 *   <li>Up to {@link #SINGLE_PUT_MAX} bytes: read ahead into memory, checked, and sent in one PUT
 *       straight to the key with the digest. A single PUT replaces an object atomically.</li>
 *   <li>Larger, for a key that holds no object (document keys are never reused): an intent under
 *       {@code tmp/} names the key, the bytes stream straight to it (multipart, which the client
 *       aborts if the stream fails), and once size and digest check out the digest record is
 *       written. An object without a digest in its metadata or a record is not a blob: stat, open
 *       and list do not see it, a failed check removes it, and the sweeper removes what a crash
 *       left by following stale intents.</li>
 *   <li>Larger, replacing an existing blob: streamed to {@code tmp/<random>}, checked, then copied
 *       server-side onto the key with the digest as metadata (a copy is atomic for readers: they
 *       see the old object or the new one) and the temporary object deleted. The copy moves no
 *       bytes through this process, but takes the server time in proportion to the size.</li>
 * </ul>
 * A crash leaves at most temporary objects, intents with their unfinished objects, or unfinished
 * multipart uploads, all removed by {@link #sweepTemporary}.
 */
final class S3BlobStore implements BlobStore {
    static final String SHA_METADATA = "sha256";
    /** How S3 returns user metadata in a GET response's headers. */
    private static final String USER_METADATA_HEADER = "x-amz-meta-";
    /**
     * Blobs up to this size (or the part size, if smaller) go up in one request; larger ones in
     * parts. Kept small: the S3 client copies such a blob into a buffer of its own before sending.
     */
    static final int SINGLE_PUT_MAX = 5 * 1024 * 1024;

    private final MinioClient client;
    private final MinioAsyncClient asyncClient;
    private final S3Settings settings;
    private final Clock clock;
    private final S3Errors errors;
    private final String blobBase;
    private final String tempBase;
    private final DigestRecords records;

    S3BlobStore(MinioClient client, MinioAsyncClient asyncClient, S3Settings settings, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.asyncClient = Objects.requireNonNull(asyncClient, "asyncClient");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.errors = new S3Errors(settings.bucket(), settings.secretKey());
        this.blobBase = settings.prefix() + "blobs/";
        this.tempBase = settings.prefix() + "tmp/";
        this.records = new DigestRecords(client, settings.bucket(), settings.prefix() + "sums/", tempBase);
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
        Optional<StatObjectResponse> existing = head(key, "writing");
        if (existing.isPresent()) {
            boolean hadRecord = !existing.get().userMetadata().containsKey(SHA_METADATA);
            return putThroughTemporary(key, head.followedBy(in), in, options, hadRecord);
        }
        return putStraight(key, head.followedBy(in), in, options);
    }

    /**
     * A large blob for a key that holds none goes straight to its key, so the server never copies
     * it. Its object carries no digest (unknown until the last byte), and stat and open treat such
     * an object as absent until its digest record is written, after the check; a failed check
     * removes the object. An intent names the key meanwhile, for the sweeper.
     */
    private BlobInfo putStraight(BlobKey key, InputStream body, DigestingStream in, PutOptions options) {
        String doing = "writing blob '" + key + "' to bucket '" + settings.bucket() + "'";
        String intent;
        try {
            // a record left by an earlier blob of this key must not vouch for the new bytes
            records.remove(key);
            intent = records.openIntent(key);
        } catch (Exception e) {
            throw errors.failure(doing, e);
        }
        boolean committed = false;
        try {
            try {
                client.putObject(PutObjectArgs.builder()
                        .bucket(settings.bucket())
                        .object(objectName(key))
                        .stream(body, -1, settings.partSize())
                        .contentType("application/octet-stream")
                        .build());
            } catch (Exception e) {
                if (in.tooLarge() || in.sourceFailure() != null) {
                    throw sourceFailure(key, options, in, e);
                }
                throw errors.failure(doing, e);
            }
            long size = in.count();
            Sha256 sha = Sha256.of(in.digest());
            options.verify(key, size, sha);
            try {
                records.write(key, sha);
            } catch (Exception e) {
                throw errors.failure(doing, e);
            }
            committed = true;
            return new BlobInfo(key, size, sha, clock.instant());
        } finally {
            if (!committed) {
                removeQuietly(objectName(key));
            }
            removeQuietly(intent);
        }
    }

    /** A HEAD of the key's object, without judging its metadata; empty when there is none. */
    private Optional<StatObjectResponse> head(BlobKey key, String doing) {
        try {
            return Optional.of(client.statObject(StatObjectArgs.builder()
                    .bucket(settings.bucket()).object(objectName(key)).build()));
        } catch (Exception e) {
            if (S3Errors.isNotFound(e)) {
                return Optional.empty();
            }
            throw errors.failure(doing + " blob '" + key + "'", e);
        }
    }

    /**
     * A blob that fits in memory is checked before anything is sent, then sent in one request
     * straight to its key with its digest: a single PUT replaces an object atomically, so there is
     * nothing to clean up on any failure and no copy to pay.
     */
    private BlobInfo putWhole(BlobKey key, HeadBuffer head, DigestingStream in, PutOptions options) {
        long size = in.count();
        Sha256 sha = Sha256.of(in.digest());
        options.verify(key, size, sha);
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

    private BlobInfo putThroughTemporary(BlobKey key, InputStream body, DigestingStream in, PutOptions options,
                                         boolean replacesRecordedBlob) {
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
            options.verify(key, size, sha);
            client.copyObject(CopyObjectArgs.builder()
                    .bucket(settings.bucket())
                    .object(objectName(key))
                    .source(CopySource.builder().bucket(settings.bucket()).object(temp).build())
                    .metadataDirective(Directive.REPLACE)
                    .userMetadata(Map.of(SHA_METADATA, sha.hex()))
                    .build());
            if (replacesRecordedBlob) {
                records.remove(key); // the new object carries its digest; the old record is garbage
            }
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

    /**
     * One HEAD, and for a blob that went straight to its key one more GET of its digest record. An
     * object with neither a digest nor a record is not a blob (yet): a put in flight, or what a
     * crash left for the sweeper.
     */
    @Override
    public Optional<BlobInfo> stat(BlobKey key) {
        Optional<StatObjectResponse> r = head(key, "reading");
        if (r.isEmpty()) {
            return Optional.empty();
        }
        return digestOf(key, r.get().userMetadata().get(SHA_METADATA))
                .map(sha -> new BlobInfo(key, r.get().size(), sha, r.get().lastModified().toInstant()));
    }

    /** The digest an object carries, else its record's; empty for an object that is no blob yet. */
    private Optional<Sha256> digestOf(BlobKey key, String carried) {
        if (carried != null) {
            return Optional.of(new Sha256(carried));
        }
        try {
            return records.read(key);
        } catch (Exception e) {
            throw errors.failure("reading blob '" + key + "'", e);
        }
    }

    /** Hands out {@code r} only if its object is a blob; closes it otherwise. */
    private InputStream visible(BlobKey key, GetObjectResponse r) {
        String carried = r.headers().get(USER_METADATA_HEADER + SHA_METADATA);
        boolean blob;
        try {
            blob = digestOf(key, carried).isPresent();
        } catch (RuntimeException e) {
            closeQuietly(r);
            throw e;
        }
        if (!blob) {
            closeQuietly(r);
            throw NotFoundException.of("blob", key);
        }
        return r;
    }

    @Override
    public InputStream open(BlobKey key) {
        try {
            return visible(key, client.getObject(GetObjectArgs.builder().bucket(settings.bucket())
                    .object(objectName(key)).build()));
        } catch (NotFoundException e) {
            throw e;
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
            return visible(key, client.getObject(GetObjectArgs.builder().bucket(settings.bucket()).object(objectName(key))
                    .offset(range.first()).length(range.length()).build()));
        } catch (NotFoundException e) {
            throw e;
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
        // a plain HEAD, not stat(): an object without our metadata must still be deletable
        Optional<StatObjectResponse> existing = head(key, "deleting");
        if (existing.isEmpty()) {
            return false;
        }
        try {
            client.removeObject(RemoveObjectArgs.builder().bucket(settings.bucket()).object(objectName(key)).build());
            if (!existing.get().userMetadata().containsKey(SHA_METADATA)) {
                // after the object: a crash in between leaves a record that vouches for nothing
                records.remove(key);
            }
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
        return LookAhead.present(items, result -> {
            Item item;
            try {
                item = result.get();
            } catch (Exception e) {
                throw errors.failure("listing blobs under '" + prefix + "'", e);
            }
            Optional<BlobKey> key = item.isDir() ? Optional.empty() : keyOf(item.objectName());
            return key.flatMap(this::stat);
        });
    }

    /** The key of an object under {@code blobs/}; empty for an object Stowage would not have written. */
    private Optional<BlobKey> keyOf(String objectName) {
        try {
            return Optional.of(new BlobKey(objectName.substring(blobBase.length())));
        } catch (InvalidInputException e) {
            return Optional.empty();
        }
    }

    /**
     * Temporary objects under {@code tmp/} (intents included) and unfinished multipart uploads
     * (their bytes are the sum of the parts sent so far). S3 cannot tell whether their writer
     * still runs, so every one is {@link Temporary.Owner#UNKNOWN}.
     */
    @Override
    public List<Temporary> temporaries() {
        var out = new ArrayList<Temporary>();
        try {
            for (Result<Item> result : client.listObjects(ListObjectsArgs.builder()
                    .bucket(settings.bucket()).prefix(tempBase).recursive(true).build())) {
                Item item = result.get();
                if (!item.isDir()) {
                    out.add(new Temporary(item.objectName(), item.size(), item.lastModified().toInstant(),
                            Temporary.Owner.UNKNOWN));
                }
            }
            forEachUpload(tempBase, upload -> out.add(multipart(upload)));
            forEachUpload(blobBase, upload -> out.add(multipart(upload)));
        } catch (Exception e) {
            throw errors.failure("listing temporary objects in bucket '" + settings.bucket() + "'", e);
        }
        return out;
    }

    private Temporary multipart(Upload upload) throws Exception {
        long bytes = 0;
        Integer marker = null;
        while (true) {
            var parts = asyncClient.listPartsAsync(settings.bucket(), settings.region(), upload.objectName(), 1000,
                    marker, upload.uploadId(), null, null).get().result();
            for (var part : parts.partList()) {
                bytes += part.partSize();
            }
            if (!parts.isTruncated()) {
                break;
            }
            marker = parts.nextPartNumberMarker();
        }
        Instant initiated = upload.initiated() == null ? clock.instant() : upload.initiated().toInstant();
        return new Temporary(upload.objectName() + " (unfinished multipart upload)", bytes, initiated,
                Temporary.Owner.UNKNOWN);
    }

    private interface UploadVisitor {
        void visit(Upload upload) throws Exception;
    }

    /** Visits the unfinished multipart uploads under {@code under}; none on a server that cannot list them. */
    private void forEachUpload(String under, UploadVisitor visitor) throws Exception {
        String keyMarker = null;
        String uploadIdMarker = null;
        while (true) {
            ListMultipartUploadsResponse page;
            try {
                page = asyncClient.listMultipartUploadsAsync(settings.bucket(), settings.region(), null, null,
                        keyMarker, 1000, under, uploadIdMarker, null, null).get();
            } catch (Exception e) {
                if ("NotImplemented".equals(S3Errors.code(e))) {
                    return;
                }
                throw e;
            }
            for (Upload upload : page.result().uploads()) {
                visitor.visit(upload);
            }
            if (!page.result().isTruncated()) {
                return;
            }
            keyMarker = page.result().nextKeyMarker();
            uploadIdMarker = page.result().nextUploadIdMarker();
        }
    }

    /**
     * Removes temporary objects under {@code tmp/} and aborts unfinished multipart uploads (under
     * {@code tmp/}, and under {@code blobs/} for blobs that go straight to their key) that began at
     * least {@code olderThan} ago (by the server's clock, which S3 stamps). A stale intent takes
     * the object it names along when that object never got its digest. A server that cannot list
     * multipart uploads (NotImplemented) only has its objects swept.
     */
    @Override
    public int sweepTemporary(Duration olderThan) {
        Objects.requireNonNull(olderThan, "olderThan");
        Instant cutoff = clock.instant().minus(olderThan);
        int removed = 0;
        try {
            for (Result<Item> result : client.listObjects(ListObjectsArgs.builder()
                    .bucket(settings.bucket()).prefix(tempBase).recursive(true).build())) {
                Item item = result.get();
                if (item.isDir() || item.lastModified().toInstant().isAfter(cutoff)) {
                    continue;
                }
                if (DigestRecords.isIntent(item.objectName())) {
                    removed += sweepIntent(item.objectName(), cutoff);
                } else {
                    client.removeObject(RemoveObjectArgs.builder().bucket(settings.bucket()).object(item.objectName()).build());
                    removed++;
                }
            }
            removed += StaleUploads.abort(asyncClient, settings, cutoff, tempBase)
                    + StaleUploads.abort(asyncClient, settings, cutoff, blobBase);
        } catch (Exception e) {
            throw errors.failure("sweeping temporary objects in bucket '" + settings.bucket() + "'", e);
        }
        return removed;
    }

    /**
     * A put that went straight to its key died after its intent: its object, if it was finished
     * before the cutoff and never got its digest, goes with the intent. An object finished since
     * keeps its intent until a later sweep, as its put may still be recording the digest.
     */
    private int sweepIntent(String intent, Instant cutoff) throws Exception {
        int removed = 0;
        Optional<BlobKey> key = records.keyOfIntent(intent);
        if (key.isPresent()) {
            Optional<StatObjectResponse> object = head(key.get(), "sweeping");
            if (object.isPresent() && !object.get().userMetadata().containsKey(SHA_METADATA)
                    && records.read(key.get()).isEmpty()) {
                if (object.get().lastModified().toInstant().isAfter(cutoff)) {
                    return 0;
                }
                client.removeObject(RemoveObjectArgs.builder().bucket(settings.bucket()).object(objectName(key.get())).build());
                removed++;
            }
        }
        client.removeObject(RemoveObjectArgs.builder().bucket(settings.bucket()).object(intent).build());
        return removed + 1;
    }

    @Override
    public String backendName() {
        return "s3";
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (java.io.IOException ignored) {
            // the response is dropped either way
        }
    }

    private void removeQuietly(String objectName) {
        try {
            client.removeObject(RemoveObjectArgs.builder().bucket(settings.bucket()).object(objectName).build());
        } catch (Exception ignored) {
            // the sweeper removes what is left under tmp/
        }
    }
}
