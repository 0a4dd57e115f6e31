package dev.stowage.adapter.out.s3;

import dev.stowage.application.port.out.BackupTarget;
import dev.stowage.domain.backup.BackupId;
import dev.stowage.domain.backup.TargetLock;
import dev.stowage.domain.common.Checks;
import dev.stowage.domain.common.LookAhead;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.error.AlreadyExistsException;
import dev.stowage.domain.error.ChecksumMismatchException;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.error.NotFoundException;
import dev.stowage.domain.error.StorageUnavailableException;
import io.minio.CopyObjectArgs;
import io.minio.CopySource;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
 * A backup target in an S3 bucket, under the configured prefix:
 *
 * <pre>
 *   objects/&lt;sha256&gt;            snapshots and blobs, by digest
 *   manifests/&lt;backup id&gt;.json  one per backup, written last
 *   locks/&lt;lock id&gt;.json         backups and prunes in progress
 *   tmp/                          large objects on their way, checked before they are published
 * </pre>
 *
 * <p>What S3 guarantees and how the target uses it:
 * <ul>
 *   <li>A PUT (single or multipart) and a server-side copy are atomic: a reader sees the whole new
 *       object or none. An object up to {@link #SINGLE_PUT_MAX} bytes is read into memory, checked
 *       against its digest and size, and then sent in one PUT to its name; a larger one streams to
 *       {@code tmp/} (one part in memory at a time), is checked as it streams, and only then is
 *       copied to {@code objects/<sha256>}, so no name under {@code objects/} ever holds bytes
 *       that do not match it.</li>
 *   <li>Reads, lists and deletes are strongly consistent after a write (AWS S3 since December
 *       2020; MinIO always): a lock written before a listing in another process is in that
 *       listing, which is what {@link TargetLock}'s protocol needs. S3 has no lock of its own; the
 *       markers are ordinary objects and their protocol, not S3, keeps backups and prunes apart.</li>
 *   <li>A manifest is never replaced: the target looks for one first and refuses with
 *       {@link AlreadyExistsException}, then PUTs with {@code If-None-Match: *}, which AWS S3 (since
 *       2024) and MinIO evaluate atomically, so two writers racing on one backup id cannot both
 *       win there. On a server that ignores the condition, the look first still refuses every
 *       manifest written before, and only two writers of one id at the same instant could race;
 *       backup ids are unique per backup, so only a doubled import of one archive could do that.</li>
 * </ul>
 *
 * <p>A crash leaves at most temporary objects or unfinished multipart uploads under {@code tmp/},
 * which nothing reads and {@link #sweepTemporary} removes. Names come from digests, backup ids and
 * lock ids, each validated; error messages never carry the secret key.
 */
final class S3BackupTarget implements BackupTarget {
    /** Objects up to this size go up in one request, checked in memory before they are sent. */
    static final int SINGLE_PUT_MAX = 5 * 1024 * 1024;
    private static final String MANIFEST_SUFFIX = ".json";
    private static final String LOCK_SUFFIX = ".json";

    private final MinioClient client;
    private final MinioAsyncClient asyncClient;
    private final S3Settings settings;
    private final Clock clock;
    private final S3Errors errors;
    private final String objectBase;
    private final String manifestBase;
    private final String lockBase;
    private final String tempBase;

    S3BackupTarget(MinioClient client, MinioAsyncClient asyncClient, S3Settings settings, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.asyncClient = Objects.requireNonNull(asyncClient, "asyncClient");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.errors = new S3Errors(settings.bucket(), settings.secretKey());
        this.objectBase = settings.prefix() + "objects/";
        this.manifestBase = settings.prefix() + "manifests/";
        this.lockBase = settings.prefix() + "locks/";
        this.tempBase = settings.prefix() + "tmp/";
    }

    String objectName(Sha256 sha) {
        return objectBase + sha.hex();
    }

    String tempBase() {
        return tempBase;
    }

    // ---- objects ----

    @Override
    public Optional<Long> objectSize(Sha256 sha256) {
        return head(objectName(Checks.present(sha256, "sha256")), "backup object " + sha256).map(StatObjectResponse::size);
    }

    @Override
    public boolean putObject(Sha256 sha256, long size, InputStream data) {
        Checks.present(data, "data");
        Checks.present(sha256, "sha256");
        if (size < 0) {
            throw new InvalidInputException("an object's size must not be negative");
        }
        if (objectSize(sha256).isPresent()) {
            return false;
        }
        // one byte more than declared is read, so that a longer stream is caught
        DigestingStream in = new DigestingStream(data, size);
        if (size <= Math.min(SINGLE_PUT_MAX, settings.partSize())) {
            putSmall(sha256, size, in);
        } else {
            putLarge(sha256, size, in);
        }
        return true;
    }

    private void putSmall(Sha256 sha, long size, DigestingStream in) {
        HeadBuffer head;
        try {
            head = HeadBuffer.read(in, (int) size);
        } catch (IOException e) {
            throw sourceFailure(sha, size, in, e);
        }
        if (!head.complete()) {
            throw new ChecksumMismatchException("object " + sha + " was declared as " + size + " bytes but more arrived");
        }
        check(sha, size, in);
        try {
            client.putObject(PutObjectArgs.builder().bucket(settings.bucket()).object(objectName(sha))
                    .stream(head.stream(), head.size(), -1).contentType("application/octet-stream").build());
        } catch (Exception e) {
            throw errors.failure("writing backup object " + sha + " to bucket '" + settings.bucket() + "'", e);
        }
    }

    private void putLarge(Sha256 sha, long size, DigestingStream in) {
        String temp = tempBase + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong())
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        try {
            try {
                // size -1: the client reads part by part (one part in memory at most) until the stream ends
                client.putObject(PutObjectArgs.builder().bucket(settings.bucket()).object(temp)
                        .stream(in, -1, settings.partSize()).contentType("application/octet-stream").build());
            } catch (Exception e) {
                // the client aborted its multipart upload; what is left under tmp/ is swept
                if (in.tooLarge() || in.sourceFailure() != null) {
                    throw sourceFailure(sha, size, in, e);
                }
                throw errors.failure("writing backup object " + sha + " to bucket '" + settings.bucket() + "'", e);
            }
            check(sha, size, in);
            // a copy is atomic for readers, and larger than 5 GiB the client copies part by part
            client.copyObject(CopyObjectArgs.builder().bucket(settings.bucket()).object(objectName(sha))
                    .source(CopySource.builder().bucket(settings.bucket()).object(temp).build()).build());
        } catch (ChecksumMismatchException | StorageUnavailableException e) {
            throw e;
        } catch (Exception e) {
            throw errors.failure("writing backup object " + sha + " to bucket '" + settings.bucket() + "'", e);
        } finally {
            removeQuietly(temp);
        }
    }

    private static void check(Sha256 sha, long size, DigestingStream in) {
        if (in.count() != size) {
            throw new ChecksumMismatchException("object " + sha + " was declared as " + size + " bytes but "
                    + in.count() + " arrived");
        }
        Sha256 actual = Sha256.of(in.digest());
        if (!actual.equals(sha)) {
            throw new ChecksumMismatchException("object " + sha + " arrived with SHA-256 " + actual);
        }
    }

    /** The caller's problem (too many bytes, a stream that failed) rather than the bucket's. */
    private static RuntimeException sourceFailure(Sha256 sha, long size, DigestingStream in, Exception e) {
        if (in.tooLarge()) {
            return new ChecksumMismatchException("object " + sha + " was declared as " + size + " bytes but more arrived");
        }
        return new StorageUnavailableException("reading the bytes of backup object " + sha + " failed", e);
    }

    @Override
    public InputStream openObject(Sha256 sha256) {
        return get(objectName(Checks.present(sha256, "sha256")), "backup object", sha256.hex());
    }

    /** A ranged GET: a run of chunks out of a pack costs one request, not the whole pack. */
    @Override
    public InputStream openObject(Sha256 sha256, long offset, long length) {
        String name = objectName(Checks.present(sha256, "sha256"));
        if (offset < 0 || length < 0) {
            throw new InvalidInputException("a range of an object must not be negative");
        }
        if (length == 0) {
            if (head(name, "backup object " + sha256).isEmpty()) {
                throw NotFoundException.of("backup object", sha256.hex());
            }
            return InputStream.nullInputStream();
        }
        try {
            return client.getObject(GetObjectArgs.builder().bucket(settings.bucket()).object(name).offset(offset)
                    .length(length).build());
        } catch (Exception e) {
            if (S3Errors.isNotFound(e)) {
                throw NotFoundException.of("backup object", sha256.hex());
            }
            if (e instanceof io.minio.errors.ErrorResponseException r && "InvalidRange".equals(r.errorResponse().code())) {
                // from at or past the end: nothing, as the port says
                return InputStream.nullInputStream();
            }
            throw errors.failure("reading backup object " + sha256, e);
        }
    }

    @Override
    public boolean deleteObject(Sha256 sha256) {
        return delete(objectName(Checks.present(sha256, "sha256")), "backup object " + sha256);
    }

    /** Lazily pages through {@code objects/}; names that are not digests are not objects of ours. */
    @Override
    public Iterator<Sha256> objects() {
        Iterator<Result<Item>> items = list(objectBase).iterator();
        return LookAhead.present(items, item -> Optional.ofNullable(itemName(item, "listing backup objects"))
                .map(name -> digestOf(name.substring(objectBase.length()))));
    }

    private static Sha256 digestOf(String name) {
        if (name.length() != 64) {
            return null;
        }
        try {
            return new Sha256(name);
        } catch (InvalidInputException notOurs) {
            return null;
        }
    }

    // ---- manifests ----

    @Override
    public void putManifest(BackupId id, byte[] manifest) {
        Checks.present(manifest, "manifest");
        String name = manifestName(Checks.present(id, "backup id"));
        if (head(name, "the manifest of backup " + id).isPresent()) {
            throw new AlreadyExistsException("backup " + id + " already has a manifest");
        }
        try {
            client.putObject(PutObjectArgs.builder().bucket(settings.bucket()).object(name)
                    .headers(Map.of("If-None-Match", "*"))
                    .stream(new ByteArrayInputStream(manifest), manifest.length, -1)
                    .contentType("application/json").build());
        } catch (Exception e) {
            String code = S3Errors.code(e);
            if ("PreconditionFailed".equals(code) || "ConditionalRequestConflict".equals(code)) {
                throw new AlreadyExistsException("backup " + id + " already has a manifest");
            }
            throw errors.failure("writing the manifest of backup " + id, e);
        }
    }

    @Override
    public byte[] readManifest(BackupId id) {
        try (InputStream in = get(manifestName(Checks.present(id, "backup id")), "backup", id.value())) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw errors.failure("reading the manifest of backup " + id, e);
        }
    }

    @Override
    public List<BackupId> manifests() {
        var ids = new ArrayList<BackupId>();
        for (String name : names(manifestBase, "listing backup manifests")) {
            if (name.endsWith(MANIFEST_SUFFIX)) {
                try {
                    ids.add(new BackupId(name.substring(0, name.length() - MANIFEST_SUFFIX.length())));
                } catch (InvalidInputException notOurs) {
                    // an object someone else put there is not a backup
                }
            }
        }
        ids.sort(null);
        return ids;
    }

    @Override
    public boolean deleteManifest(BackupId id) {
        return delete(manifestName(Checks.present(id, "backup id")), "the manifest of backup " + id);
    }

    // ---- locks ----

    /** One PUT, which replaces a marker of the same id atomically. */
    @Override
    public void putLock(TargetLock lock) {
        Checks.present(lock, "lock");
        byte[] bytes = lock.toJson().getBytes(StandardCharsets.UTF_8);
        try {
            client.putObject(PutObjectArgs.builder().bucket(settings.bucket()).object(lockName(lock.id()))
                    .stream(new ByteArrayInputStream(bytes), bytes.length, -1).contentType("application/json").build());
        } catch (Exception e) {
            throw errors.failure("writing lock " + lock.id(), e);
        }
    }

    @Override
    public List<TargetLock> locks() {
        var found = new ArrayList<TargetLock>();
        for (String name : names(lockBase, "listing backup locks")) {
            try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(settings.bucket())
                    .object(lockBase + name).build())) {
                found.add(TargetLock.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (Exception unreadable) {
                if (!S3Errors.isNotFound(unreadable) && S3Errors.code(unreadable) != null) {
                    throw errors.failure("reading lock " + name, unreadable);
                }
                // gone meanwhile, or not a lock of ours: skipped, as the port says
            }
        }
        return found;
    }

    @Override
    public boolean deleteLock(String id) {
        return delete(lockName(Checks.token(id, "lock id", 64)), "lock " + id);
    }

    // ---- housekeeping ----

    @Override
    public int sweepTemporary(Duration olderThan) {
        Checks.present(olderThan, "olderThan");
        Instant cutoff = clock.instant().minus(olderThan);
        int removed = 0;
        try {
            for (Result<Item> result : list(tempBase)) {
                Item item = result.get();
                if (!item.isDir() && !item.lastModified().toInstant().isAfter(cutoff)) {
                    client.removeObject(RemoveObjectArgs.builder().bucket(settings.bucket()).object(item.objectName()).build());
                    removed++;
                }
            }
            removed += StaleUploads.abort(asyncClient, settings, cutoff, tempBase);
        } catch (Exception e) {
            throw errors.failure("sweeping temporary backup objects in bucket '" + settings.bucket() + "'", e);
        }
        return removed;
    }

    @Override
    public String describe() {
        return "s3:" + settings.bucket() + "/" + settings.prefix();
    }

    // ---- objects in the bucket ----

    private String manifestName(BackupId id) {
        return manifestBase + id.value() + MANIFEST_SUFFIX;
    }

    private String lockName(String id) {
        return lockBase + id + LOCK_SUFFIX;
    }

    private Optional<StatObjectResponse> head(String name, String what) {
        try {
            return Optional.of(client.statObject(StatObjectArgs.builder().bucket(settings.bucket()).object(name).build()));
        } catch (Exception e) {
            if (S3Errors.isNotFound(e)) {
                return Optional.empty();
            }
            throw errors.failure("looking for " + what, e);
        }
    }

    private InputStream get(String name, String kind, String id) {
        try {
            GetObjectResponse r = client.getObject(GetObjectArgs.builder().bucket(settings.bucket()).object(name).build());
            return r;
        } catch (Exception e) {
            if (S3Errors.isNotFound(e)) {
                throw NotFoundException.of(kind, id);
            }
            throw errors.failure("reading " + kind + " " + id, e);
        }
    }

    /** S3's delete does not say whether there was an object, so this asks first. */
    private boolean delete(String name, String what) {
        if (head(name, what).isEmpty()) {
            return false;
        }
        try {
            client.removeObject(RemoveObjectArgs.builder().bucket(settings.bucket()).object(name).build());
            return true;
        } catch (Exception e) {
            throw errors.failure("deleting " + what, e);
        }
    }

    private Iterable<Result<Item>> list(String base) {
        return client.listObjects(ListObjectsArgs.builder().bucket(settings.bucket()).prefix(base).recursive(true).build());
    }

    /** The names directly under {@code base}, without it, in key order. */
    private List<String> names(String base, String doing) {
        var names = new ArrayList<String>();
        for (Result<Item> result : list(base)) {
            String name = itemName(result, doing);
            if (name != null) {
                String rest = name.substring(base.length());
                if (!rest.isEmpty() && rest.indexOf('/') < 0) {
                    names.add(rest);
                }
            }
        }
        return names;
    }

    /** The object name of a listed item, or null for a folder-like entry. */
    private String itemName(Result<Item> result, String doing) {
        try {
            Item item = result.get();
            return item.isDir() ? null : item.objectName();
        } catch (Exception e) {
            throw errors.failure(doing + " in bucket '" + settings.bucket() + "'", e);
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
