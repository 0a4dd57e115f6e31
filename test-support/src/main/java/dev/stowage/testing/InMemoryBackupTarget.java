package dev.stowage.testing;

import dev.stowage.application.port.out.BackupTarget;
import dev.stowage.domain.backup.BackupId;
import dev.stowage.domain.backup.TargetLock;
import dev.stowage.domain.common.Checks;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.error.AlreadyExistsException;
import dev.stowage.domain.error.ChecksumMismatchException;
import dev.stowage.domain.error.NotFoundException;
import dev.stowage.domain.error.StorageUnavailableException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@link BackupTarget} in memory: for tests, including an application's own tests. Thread-safe;
 * passes {@code BackupTargetContract}. Objects are held as byte arrays, so keep them well under
 * 2 GiB. Nothing is ever temporary, so {@link #sweepTemporary} finds nothing.
 */
public final class InMemoryBackupTarget implements BackupTarget {
    private final Map<Sha256, byte[]> objects = new HashMap<>();
    private final TreeMap<BackupId, byte[]> manifests = new TreeMap<>();
    private final Map<String, TargetLock> locks = new HashMap<>();

    @Override
    public synchronized Optional<Long> objectSize(Sha256 sha256) {
        Checks.present(sha256, "sha256");
        return Optional.ofNullable(objects.get(sha256)).map(b -> (long) b.length);
    }

    @Override
    public boolean putObject(Sha256 sha256, long size, InputStream data) {
        Checks.present(sha256, "sha256");
        Checks.present(data, "data");
        if (objectSize(sha256).isPresent()) {
            return false;
        }
        byte[] bytes;
        MessageDigest md = sha256();
        try {
            // read one byte more than declared, so a longer stream is caught without reading it all
            bytes = new DigestInputStream(data, md).readNBytes((int) Math.min(Integer.MAX_VALUE - 8, size + 1));
        } catch (IOException e) {
            throw new StorageUnavailableException("reading object " + sha256 + " failed: " + e.getMessage(), e);
        }
        if (bytes.length != size) {
            throw new ChecksumMismatchException("object " + sha256 + " was declared as " + size + " bytes but "
                    + (bytes.length > size ? "more" : String.valueOf(bytes.length)) + " arrived");
        }
        Sha256 actual = Sha256.of(md.digest());
        if (!actual.equals(sha256)) {
            throw new ChecksumMismatchException("object " + sha256 + " arrived with SHA-256 " + actual);
        }
        synchronized (this) {
            return objects.putIfAbsent(sha256, bytes) == null;
        }
    }

    @Override
    public synchronized InputStream openObject(Sha256 sha256) {
        byte[] bytes = objects.get(Checks.present(sha256, "sha256"));
        if (bytes == null) {
            throw NotFoundException.of("backup object", sha256.hex());
        }
        return new ByteArrayInputStream(bytes);
    }

    @Override
    public synchronized InputStream openObject(Sha256 sha256, long offset, long length) {
        byte[] bytes = objects.get(Checks.present(sha256, "sha256"));
        if (bytes == null) {
            throw NotFoundException.of("backup object", sha256.hex());
        }
        if (offset < 0 || length < 0) {
            throw new dev.stowage.domain.error.InvalidInputException("a range of an object must not be negative");
        }
        int from = (int) Math.min(offset, bytes.length);
        return new ByteArrayInputStream(bytes, from, (int) Math.min(length, bytes.length - from));
    }

    @Override
    public synchronized boolean deleteObject(Sha256 sha256) {
        return objects.remove(Checks.present(sha256, "sha256")) != null;
    }

    @Override
    public synchronized Iterator<Sha256> objects() {
        return List.copyOf(objects.keySet()).iterator();
    }

    @Override
    public synchronized void putManifest(BackupId id, byte[] manifest) {
        Checks.present(id, "backup id");
        Checks.present(manifest, "manifest");
        if (manifests.containsKey(id)) {
            throw new AlreadyExistsException("backup " + id + " already has a manifest");
        }
        manifests.put(id, manifest.clone());
    }

    @Override
    public synchronized byte[] readManifest(BackupId id) {
        byte[] bytes = manifests.get(Checks.present(id, "backup id"));
        if (bytes == null) {
            throw NotFoundException.of("backup", id.value());
        }
        return bytes.clone();
    }

    @Override
    public synchronized List<BackupId> manifests() {
        return List.copyOf(manifests.keySet());
    }

    @Override
    public synchronized boolean deleteManifest(BackupId id) {
        return manifests.remove(Checks.present(id, "backup id")) != null;
    }

    @Override
    public synchronized void putLock(TargetLock lock) {
        locks.put(Checks.present(lock, "lock").id(), lock);
    }

    @Override
    public synchronized List<TargetLock> locks() {
        return new ArrayList<>(locks.values());
    }

    @Override
    public synchronized boolean deleteLock(String id) {
        return locks.remove(Checks.token(id, "lock id", 64)) != null;
    }

    @Override
    public int sweepTemporary(Duration olderThan) {
        Checks.present(olderThan, "olderThan");
        return 0;
    }

    @Override
    public String describe() {
        return "memory";
    }

    private static MessageDigest sha256() {
        return Sha256.newDigest();
    }

    /** For tests, outside the port: lets a test corrupt a stored object to see verify catch it. */
    public synchronized void corruptObject(Sha256 sha256) {
        byte[] bytes = objects.get(sha256);
        if (bytes == null || bytes.length == 0) {
            throw NotFoundException.of("backup object", sha256.hex());
        }
        bytes[bytes.length / 2] ^= 1;
    }

    /** For tests: the bytes of every stored object together. */
    public synchronized long storedBytes() {
        long sum = 0;
        for (byte[] b : objects.values()) {
            sum += b.length;
        }
        return sum;
    }
}
