package dev.stowage.adapter.out.s3;

import dev.stowage.domain.blob.BlobKey;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.error.InvalidInputException;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The small objects that let a large blob go straight to its key (see {@link S3BlobStore}): a
 * digest record {@code sums/<key>} holds the SHA-256 of a blob whose object carries none, written
 * once the bytes are checked, which is what makes such a blob visible; and an intent
 * {@code tmp/<random>.intent} names the key while its object is written, so the sweeper can find
 * and remove what a crash in between left.
 */
final class DigestRecords {
    static final String INTENT_SUFFIX = ".intent";

    private final MinioClient client;
    private final String bucket;
    private final String sumBase;
    private final String tempBase;

    DigestRecords(MinioClient client, String bucket, String sumBase, String tempBase) {
        this.client = client;
        this.bucket = bucket;
        this.sumBase = sumBase;
        this.tempBase = tempBase;
    }

    String sumName(BlobKey key) {
        return sumBase + key.value();
    }

    /** The recorded digest of {@code key}, or empty when there is none. */
    Optional<Sha256> read(BlobKey key) throws Exception {
        try (GetObjectResponse r = client.getObject(GetObjectArgs.builder().bucket(bucket).object(sumName(key)).build())) {
            return Optional.of(new Sha256(new String(r.readNBytes(64), StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            if (S3Errors.isNotFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    void write(BlobKey key, Sha256 sha) throws Exception {
        put(sumName(key), sha.hex().getBytes(StandardCharsets.US_ASCII));
    }

    /** Removes the record of {@code key}; nothing happens when there is none. */
    void remove(BlobKey key) throws Exception {
        client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(sumName(key)).build());
    }

    /** Records that {@code key} is being written; returns the intent's object name. */
    String openIntent(BlobKey key) throws Exception {
        String name = tempBase + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong())
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()) + INTENT_SUFFIX;
        put(name, key.value().getBytes(StandardCharsets.UTF_8));
        return name;
    }

    static boolean isIntent(String objectName) {
        return objectName.endsWith(INTENT_SUFFIX);
    }

    /** The key an intent names; empty when it is gone or names no valid key. */
    Optional<BlobKey> keyOfIntent(String intent) throws Exception {
        try (GetObjectResponse r = client.getObject(GetObjectArgs.builder().bucket(bucket).object(intent).build())) {
            return Optional.of(new BlobKey(new String(r.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (InvalidInputException e) {
            return Optional.empty();
        } catch (Exception e) {
            if (S3Errors.isNotFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private void put(String name, byte[] body) throws Exception {
        client.putObject(PutObjectArgs.builder().bucket(bucket).object(name)
                .stream(new ByteArrayInputStream(body), body.length, -1)
                .contentType("application/octet-stream").build());
    }
}
