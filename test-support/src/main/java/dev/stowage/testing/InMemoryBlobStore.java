package dev.stowage.testing;

import dev.stowage.application.port.out.BlobStore;
import dev.stowage.domain.blob.BlobInfo;
import dev.stowage.domain.blob.BlobKey;
import dev.stowage.domain.common.ByteRange;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.error.NotFoundException;
import dev.stowage.domain.error.StorageUnavailableException;
import dev.stowage.domain.error.TooLargeException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A {@link BlobStore} in memory, for tests. Thread-safe. Unlike the real backends it holds each blob
 * whole in memory; it keeps every other promise of the port, checked by the same contract suite.
 */
public final class InMemoryBlobStore implements BlobStore {

    private record Entry(BlobInfo info, byte[] bytes) {
    }

    private final ConcurrentSkipListMap<String, Entry> blobs = new ConcurrentSkipListMap<>();
    private final Clock clock;

    public InMemoryBlobStore() {
        this(Clock.systemUTC());
    }

    /** @param clock gives each blob its {@code storedAt} */
    public InMemoryBlobStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public BlobInfo put(BlobKey key, InputStream data, PutOptions options) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(options, "options");
        MessageDigest md = sha256();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        long total = 0;
        try {
            int n;
            while ((n = data.read(chunk)) >= 0) {
                total += n;
                if (total > options.maxBytes()) {
                    throw new TooLargeException("blob '" + key + "'", options.maxBytes());
                }
                md.update(chunk, 0, n);
                buffer.write(chunk, 0, n);
            }
        } catch (IOException e) {
            throw new StorageUnavailableException("reading the data for blob '" + key + "' failed: " + e.getMessage(), e);
        }
        Sha256 sha = Sha256.of(md.digest());
        options.verify(key, total, sha);
        BlobInfo info = new BlobInfo(key, total, sha, clock.instant());
        blobs.put(key.value(), new Entry(info, buffer.toByteArray()));
        return info;
    }

    @Override
    public Optional<BlobInfo> stat(BlobKey key) {
        return Optional.ofNullable(blobs.get(key.value())).map(Entry::info);
    }

    @Override
    public InputStream open(BlobKey key) {
        return new ByteArrayInputStream(entry(key).bytes());
    }

    @Override
    public InputStream open(BlobKey key, ByteRange range) {
        byte[] bytes = entry(key).bytes();
        ByteRange clipped = range.clip(bytes.length);
        return new ByteArrayInputStream(bytes, (int) clipped.first(), (int) clipped.length());
    }

    @Override
    public boolean delete(BlobKey key) {
        return blobs.remove(key.value()) != null;
    }

    @Override
    public Iterator<BlobInfo> list(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        // a snapshot of the matching keys keeps the iterator simple and thread-safe
        List<BlobInfo> out = new ArrayList<>();
        for (Map.Entry<String, Entry> e : blobs.tailMap(prefix, true).entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                break;
            }
            out.add(e.getValue().info());
        }
        return out.iterator();
    }

    /** Memory has no temporary data: a put that fails never reaches the map. */
    @Override
    public List<Temporary> temporaries() {
        return List.of();
    }

    /** Memory has no temporary data: a put that fails never reaches the map. */
    @Override
    public int sweepTemporary(Duration olderThan) {
        return 0;
    }

    @Override
    public String backendName() {
        return "memory";
    }

    private Entry entry(BlobKey key) {
        Entry e = blobs.get(key.value());
        if (e == null) {
            throw NotFoundException.of("blob", key);
        }
        return e;
    }

    private static MessageDigest sha256() {
        return Sha256.newDigest();
    }
}
