package dev.stowage.testing;

import dev.stowage.application.port.out.UploadSessions;
import dev.stowage.domain.common.Checks;
import dev.stowage.domain.document.ResumableUpload;
import dev.stowage.domain.document.UploadId;
import dev.stowage.domain.error.AlreadyExistsException;
import dev.stowage.domain.error.ConflictException;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.error.NotFoundException;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link UploadSessions} in memory: for tests, including an application's own tests. Thread-safe;
 * passes {@code UploadSessionsContract}.
 *
 * <p>{@link #advance} also refuses to move an offset backwards or past the declared length
 * ({@link InvalidInputException}); {@link #expired} orders by expiry time, then id.
 */
public final class InMemoryUploadSessions implements UploadSessions {
    private final Map<UploadId, ResumableUpload> uploads = new HashMap<>();

    @Override
    public synchronized void create(ResumableUpload upload) {
        Checks.present(upload, "upload");
        if (uploads.containsKey(upload.id())) {
            throw new AlreadyExistsException("upload id '" + upload.id() + "' is taken");
        }
        uploads.put(upload.id(), upload);
    }

    @Override
    public synchronized Optional<ResumableUpload> find(UploadId id) {
        Checks.present(id, "upload id");
        return Optional.ofNullable(uploads.get(id));
    }

    @Override
    public synchronized ResumableUpload advance(UploadId id, long expectedOffset, long newOffset) {
        Checks.present(id, "upload id");
        ResumableUpload current = uploads.get(id);
        if (current == null) {
            throw NotFoundException.of("upload", id);
        }
        if (current.offset() != expectedOffset) {
            throw new ConflictException("upload '" + id + "' is at offset " + current.offset()
                    + ", not the expected offset " + expectedOffset);
        }
        if (newOffset < expectedOffset || newOffset > current.length()) {
            throw new InvalidInputException("upload '" + id + "' cannot move from offset " + expectedOffset + " to "
                    + newOffset + " (declared length " + current.length() + ")");
        }
        ResumableUpload advanced = current.withOffset(newOffset);
        uploads.put(id, advanced);
        return advanced;
    }

    @Override
    public synchronized boolean delete(UploadId id) {
        Checks.present(id, "upload id");
        return uploads.remove(id) != null;
    }

    @Override
    public synchronized List<ResumableUpload> expired(Instant now, int limit) {
        Checks.present(now, "now");
        Checks.range(limit, 1, Integer.MAX_VALUE, "limit");
        return uploads.values().stream()
                .filter(u -> !u.expiresAt().isAfter(now))
                .sorted(Comparator.comparing(ResumableUpload::expiresAt).thenComparing(u -> u.id().value()))
                .limit(limit)
                .toList();
    }
}
