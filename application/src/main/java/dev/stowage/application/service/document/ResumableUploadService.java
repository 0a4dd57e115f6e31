package dev.stowage.application.service.document;

import dev.stowage.application.port.in.backup.ManageBackupsUseCase;
import dev.stowage.application.port.in.document.ResumableUploadsUseCase;
import dev.stowage.application.port.in.document.UploadCommand;
import dev.stowage.application.port.out.BlobStore;
import dev.stowage.application.port.out.BlobStore.PutOptions;
import dev.stowage.application.port.out.IdGenerator;
import dev.stowage.application.port.out.UploadSessions;
import dev.stowage.application.port.out.UploadStaging;
import dev.stowage.domain.backup.Backup;
import dev.stowage.domain.blob.BlobInfo;
import dev.stowage.domain.common.Actor;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.document.Document;
import dev.stowage.domain.document.FileName;
import dev.stowage.domain.document.ResumableUpload;
import dev.stowage.domain.document.UploadConcat;
import dev.stowage.domain.document.UploadId;
import dev.stowage.domain.document.UploadPurpose;
import dev.stowage.domain.error.AlreadyExistsException;
import dev.stowage.domain.error.ChecksumMismatchException;
import dev.stowage.domain.error.ConflictException;
import dev.stowage.domain.error.ForbiddenException;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.error.NotFoundException;
import dev.stowage.domain.error.ErrorCode;
import dev.stowage.domain.error.StorageUnavailableException;
import dev.stowage.domain.error.StowageException;
import dev.stowage.domain.error.TooLargeException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Resumable uploads: chunks are staged durably; when the last byte arrives the staged bytes are
 * streamed into the blob store (checked against the declared length and digest) and become a
 * document through {@link StoreDocumentsService}, then the staging is freed.
 *
 * <p>Partial uploads are staged the same way but never finish by themselves; a final upload streams
 * their staged bytes, one after the other, into one blob and so into one document, then frees them.
 *
 * <p>A backup archive upload is staged the same way; its last byte streams the staged archive into
 * the backup import ({@link ManageBackupsUseCase#importArchive}), which checks it as it reads.
 */
public final class ResumableUploadService implements ResumableUploadsUseCase {
    private final UploadSessions sessions;
    private final UploadStaging staging;
    private final BlobStore blobs;
    private final StoreDocumentsService documents;
    private final IdGenerator ids;
    private final Clock clock;
    private final Optional<ManageBackupsUseCase> backups;
    private final long maxArchiveBytes;

    /** Uploads that become documents only: {@link #createBackupArchive} is refused. */
    public ResumableUploadService(UploadSessions sessions, UploadStaging staging, BlobStore blobs,
                                  StoreDocumentsService documents, IdGenerator ids, Clock clock) {
        this(sessions, staging, blobs, documents, ids, clock, Optional.empty(), 0);
    }

    /**
     * @param backups         where a finished backup archive upload is imported
     * @param maxArchiveBytes the largest archive upload taken: the import's own limit
     */
    public ResumableUploadService(UploadSessions sessions, UploadStaging staging, BlobStore blobs,
                                  StoreDocumentsService documents, IdGenerator ids, Clock clock,
                                  Optional<ManageBackupsUseCase> backups, long maxArchiveBytes) {
        this.backups = Objects.requireNonNull(backups, "backups");
        if (maxArchiveBytes < 0 || (backups.isEmpty() && maxArchiveBytes != 0)) {
            throw new IllegalArgumentException("maxArchiveBytes must be 0 without a backup service, and not negative");
        }
        this.maxArchiveBytes = maxArchiveBytes;
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.staging = Objects.requireNonNull(staging, "staging");
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.documents = Objects.requireNonNull(documents, "documents");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public ResumableUpload create(Actor actor, UploadCommand command, long length) {
        UserId owner = actor.requireUser();
        if (length < 0) {
            throw new InvalidInputException("upload length must not be negative");
        }
        documents.checkDeclaredSize(owner, length, 0);
        documents.checkNameFree(owner, command.name());
        var now = clock.instant();
        var upload = new ResumableUpload(new UploadId(ids.next()), owner, length, 0, command.name(), command.fileName(),
                command.mimeType(), command.visibility(), command.metadata(), command.expectedSha256(), now,
                now.plus(documents.settings().uploadExpiry()));
        staging.create(upload.id());
        sessions.create(upload);
        return upload;
    }

    @Override
    public ResumableUpload createBackupArchive(Actor actor, long length, FileName fileName) {
        UserId owner = actor.requireUser();
        actor.requireAdmin("importing a backup archive");
        Objects.requireNonNull(fileName, "fileName");
        if (backups.isEmpty()) {
            throw new InvalidInputException("this service takes no backup archives: it has no backup service");
        }
        if (length <= 0) {
            throw new InvalidInputException("a backup archive upload needs a length above 0: an empty archive holds no backup");
        }
        if (length > maxArchiveBytes) {
            throw new TooLargeException("backup archive", maxArchiveBytes);
        }
        var now = clock.instant();
        var upload = ResumableUpload.backupArchive(new UploadId(ids.next()), owner, length, fileName, now,
                now.plus(documents.settings().uploadExpiry()));
        staging.create(upload.id());
        sessions.create(upload);
        return upload;
    }

    @Override
    public long maxArchiveBytes() {
        return maxArchiveBytes;
    }

    @Override
    public ResumableUpload createPartial(Actor actor, long length) {
        UserId owner = actor.requireUser();
        if (length < 0) {
            throw new InvalidInputException("upload length must not be negative");
        }
        // The part alone must fit the size limit and the room left; the whole is checked again,
        // with the document's name, when the final upload is made.
        documents.checkDeclaredSize(owner, length, 0);
        var now = clock.instant();
        var upload = ResumableUpload.partial(new UploadId(ids.next()), owner, length, now,
                now.plus(documents.settings().uploadExpiry()));
        staging.create(upload.id());
        sessions.create(upload);
        return upload;
    }

    @Override
    public Concatenated concatenate(Actor actor, UploadCommand command, List<UploadId> parts) {
        UserId owner = actor.requireUser();
        UploadConcat concat;
        try {
            concat = UploadConcat.finalOf(parts);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage());
        }
        var now = clock.instant();
        long total = 0;
        for (UploadId id : concat.parts()) {
            ResumableUpload part = owned(actor, id);
            if (!part.expiresAt().isAfter(now)) {
                throw new NotFoundException("upload '" + id + "' expired at " + part.expiresAt());
            }
            if (!part.concat().isPartial()) {
                throw new InvalidInputException("upload '" + id + "' is not a partial upload (Upload-Concat: partial)");
            }
            if (!part.complete()) {
                throw new InvalidInputException("partial upload '" + id + "' is not finished: it has " + part.offset()
                        + " of its " + part.length() + " bytes");
            }
            if (part.length() > Long.MAX_VALUE - total) {
                throw new TooLargeException("document", documents.settings().maxDocumentBytes());
            }
            total += part.length();
        }
        documents.checkDeclaredSize(owner, total, 0);
        documents.checkNameFree(owner, command.name());
        var sized = new UploadCommand(command.name(), command.fileName(), command.mimeType(), command.visibility(),
                command.metadata(), OptionalLong.of(total), command.expectedSha256());
        BlobInfo blob;
        try (InputStream in = new SequenceInputStream(new StagedParts(concat.parts()))) {
            blob = blobs.put(StoreDocumentsService.newBlobKey(ids), in,
                    new PutOptions(OptionalLong.of(total), total, command.expectedSha256()));
        } catch (IOException e) {
            throw new StorageUnavailableException("could not read the staged bytes of a partial upload", e);
        }
        Document doc = documents.commitUploaded(owner, sized, blob);
        var upload = new ResumableUpload(new UploadId(ids.next()), owner, total, total, command.name(),
                command.fileName(), command.mimeType(), command.visibility(), command.metadata(),
                command.expectedSha256(), now, now.plus(documents.settings().uploadExpiry()), concat);
        sessions.create(upload);
        // The document is committed: from here on the parts are only garbage (the sweeper would
        // expire them anyway if this stopped half-way).
        for (UploadId id : concat.parts()) {
            discard(id);
        }
        return new Concatenated(upload, doc);
    }

    /** Also answers for an expired upload the sweeper has not removed yet, so callers can tell it expired. */
    @Override
    public ResumableUpload status(Actor actor, UploadId id) {
        return owned(actor, id);
    }

    @Override
    public Progressed append(Actor actor, UploadId id, long offset, InputStream chunk, Optional<Sha256> chunkSha256) {
        ResumableUpload upload = owned(actor, id);
        if (upload.concat().isFinal()) {
            throw new ForbiddenException("upload '" + id + "' is a final upload: its bytes come from its partial uploads");
        }
        if (!upload.expiresAt().isAfter(clock.instant())) {
            throw new NotFoundException("upload '" + id + "' expired at " + upload.expiresAt());
        }
        if (offset < 0) {
            throw new InvalidInputException("offset must not be negative");
        }
        if (offset > upload.offset()) {
            throw new ConflictException("upload '" + id + "' is at offset " + upload.offset() + ", not " + offset);
        }
        // Only a chunk with a declared checksum is digested: the blob store digests the whole upload
        // again at the end anyway, so doing it per chunk for nothing would hash every byte twice.
        DigestingStream digesting = new DigestingStream(chunk, chunkSha256.isPresent());
        long current = upload.offset();
        try {
            // A retried chunk starts before the current offset: its first bytes are already durable,
            // so they are read (for the chunk's checksum) and passed over rather than written again.
            long alreadyHave = current - offset;
            if (digesting.skip(alreadyHave) < alreadyHave) {
                verifyChunk(id, offset, digesting, chunkSha256);
                return new Progressed(upload, Optional.empty());
            }
        } catch (IOException e) {
            throw new StorageUnavailableException("could not read the chunk for upload '" + id + "'", e);
        }
        long newLength = staging.append(id, current, digesting, upload.length() - current);
        try {
            verifyChunk(id, offset, digesting, chunkSha256);
        } catch (ChecksumMismatchException e) {
            // Drop the bad chunk: appending nothing at the old offset cuts the staging back to it.
            staging.append(id, current, InputStream.nullInputStream(), 0);
            throw e;
        }
        ResumableUpload advanced = sessions.advance(id, current, newLength);
        if (!advanced.complete() || advanced.concat().isPartial()) {
            // A partial upload's bytes wait, staged, for the final upload that takes them.
            return new Progressed(advanced, Optional.empty());
        }
        if (advanced.purpose() == UploadPurpose.BACKUP_ARCHIVE) {
            return new Progressed(advanced, Optional.empty(), Optional.of(importArchive(advanced)));
        }
        return new Progressed(advanced, Optional.of(finish(advanced)));
    }

    private static void verifyChunk(UploadId id, long offset, DigestingStream digesting, Optional<Sha256> declared) {
        if (declared.isPresent()) {
            try {
                digesting.transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException e) {
                throw new StorageUnavailableException("could not read the chunk for upload '" + id + "'", e);
            }
            if (!declared.get().equals(digesting.sha256())) {
                throw new ChecksumMismatchException("chunk at offset " + offset + " of upload '" + id
                        + "' does not match its declared SHA-256");
            }
        }
    }

    @Override
    public void terminate(Actor actor, UploadId id) {
        UserId owner = actor.requireUser();
        Optional<ResumableUpload> upload = sessions.find(id);
        if (upload.isEmpty()) {
            return;
        }
        if (!upload.get().owner().equals(owner)) {
            throw notFound(id);
        }
        discard(id);
    }

    /** Removes expired uploads and their staged bytes. @return how many were removed */
    public int expire(int limit) {
        int n = 0;
        for (ResumableUpload u : sessions.expired(clock.instant(), limit)) {
            discard(u.id());
            n++;
        }
        return n;
    }

    private Document finish(ResumableUpload upload) {
        var command = new UploadCommand(upload.name(), upload.fileName(), upload.mimeType(), upload.visibility(),
                upload.metadata(), OptionalLong.of(upload.length()), upload.expectedSha256());
        BlobInfo blob;
        try (InputStream in = staging.open(upload.id())) {
            blob = blobs.put(StoreDocumentsService.newBlobKey(ids), in,
                    new PutOptions(OptionalLong.of(upload.length()), upload.length(), upload.expectedSha256()));
        } catch (IOException e) {
            throw new StorageUnavailableException("could not read the staged bytes of upload '" + upload.id() + "'", e);
        } catch (ChecksumMismatchException e) {
            // The whole file is not what the client declared: the upload cannot succeed any more.
            discard(upload);
            throw e;
        }
        Document doc;
        try {
            doc = documents.commitUploaded(upload.owner(), command, blob);
        } catch (dev.stowage.domain.error.AlreadyExistsException | dev.stowage.domain.error.QuotaExceededException e) {
            // The name was taken or the quota used up while the bytes arrived: retrying cannot help,
            // so the upload is discarded rather than left stuck at its full length.
            discard(upload);
            throw e;
        }
        discard(upload);
        return doc;
    }

    /**
     * Imports a finished archive upload. An archive the import refuses can never succeed, so the
     * upload goes; one that may succeed later (storage, a prune elsewhere) stays, complete.
     */
    private Backup importArchive(ResumableUpload upload) {
        Backup backup;
        try (InputStream in = staging.open(upload.id())) {
            backup = backups.orElseThrow().importArchive(in);
        } catch (IOException e) {
            throw new StorageUnavailableException("could not read the staged bytes of upload '" + upload.id() + "'", e);
        } catch (StowageException e) {
            if (e.code().category() == ErrorCode.Category.INVALID || e instanceof AlreadyExistsException) {
                discard(upload);
            }
            throw e;
        }
        discard(upload);
        return backup;
    }

    private void discard(ResumableUpload upload) {
        discard(upload.id());
    }

    private void discard(UploadId id) {
        sessions.delete(id);
        staging.delete(id);
    }

    /** Opens each part's staged bytes only when the previous part has been read (and closed). */
    private final class StagedParts implements Enumeration<InputStream> {
        private final Iterator<UploadId> parts;

        StagedParts(List<UploadId> parts) {
            this.parts = parts.iterator();
        }

        @Override
        public boolean hasMoreElements() {
            return parts.hasNext();
        }

        @Override
        public InputStream nextElement() {
            return staging.open(parts.next());
        }
    }

    /** The actor's upload; another owner's does not exist for the caller. */
    private ResumableUpload owned(Actor actor, UploadId id) {
        UserId owner = actor.requireUser();
        ResumableUpload upload = sessions.find(id).orElseThrow(() -> notFound(id));
        if (!upload.owner().equals(owner)) {
            throw notFound(id);
        }
        return upload;
    }

    private static NotFoundException notFound(UploadId id) {
        return new NotFoundException("upload '" + id + "' not found");
    }

    /**
     * Computes the SHA-256 of what passes through when asked to; either way, {@link #skip} reads
     * what it skips, so a retried chunk's known bytes are consumed.
     */
    private static final class DigestingStream extends FilterInputStream {
        private final MessageDigest digest;

        DigestingStream(InputStream in, boolean digesting) {
            super(in);
            digest = digesting ? Sha256.newDigest() : null;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && digest != null) {
                digest.update((byte) b);
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0 && digest != null) {
                digest.update(buf, off, n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            // Skipped bytes would escape the digest; read them instead.
            byte[] buf = new byte[8192];
            long done = 0;
            while (done < n) {
                int r = read(buf, 0, (int) Math.min(buf.length, n - done));
                if (r < 0) {
                    break;
                }
                done += r;
            }
            return done;
        }

        Sha256 sha256() {
            return Sha256.of(digest.digest());
        }
    }
}
