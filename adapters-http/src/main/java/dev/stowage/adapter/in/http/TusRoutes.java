package dev.stowage.adapter.in.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.application.port.in.document.ResumableUploadsUseCase;
import dev.stowage.application.port.in.document.ResumableUploadsUseCase.Concatenated;
import dev.stowage.application.port.in.document.ResumableUploadsUseCase.Progressed;
import dev.stowage.application.port.in.document.UploadCommand;
import dev.stowage.domain.common.Actor;
import dev.stowage.domain.common.Checks;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.backup.Backup;
import dev.stowage.domain.document.Document;
import dev.stowage.domain.document.FileName;
import dev.stowage.domain.document.ResumableUpload;
import dev.stowage.domain.document.UploadConcat;
import dev.stowage.domain.document.UploadId;
import dev.stowage.domain.document.UploadPurpose;
import dev.stowage.domain.error.ChecksumMismatchException;
import dev.stowage.domain.error.ConflictException;
import dev.stowage.domain.error.ErrorCode;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.error.NotFoundException;
import dev.stowage.domain.error.StowageException;
import dev.stowage.domain.error.TooLargeException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resumable uploads over tus 1.0.0 (core, creation, checksum, expiration, termination,
 * concatenation) at {@link TusSettings#basePath()}.
 *
 * <ul>
 *   <li>{@code OPTIONS} (no token needed): 204 with {@code Tus-Version}, {@code Tus-Extension},
 *       {@code Tus-Max-Size}, {@code Tus-Checksum-Algorithm: sha256}.</li>
 *   <li>{@code POST base} with {@code Upload-Length} and {@code Upload-Metadata} (see
 *       {@link TusMetadata}): 201, {@code Location: base/{id}} (a path, resolved by clients against
 *       the creation URL, so it stays right behind a proxy), {@code Upload-Expires}. Deferred length
 *       is not offered. An empty upload becomes its document at once, since tus clients send no
 *       PATCH for it.</li>
 *   <li>{@code HEAD base/{id}}: 200 with {@code Upload-Offset}, {@code Upload-Length},
 *       {@code Upload-Metadata} (under the canonical keys), {@code Upload-Expires},
 *       {@code Cache-Control: no-store}.</li>
 *   <li>{@code PATCH base/{id}} ({@code application/offset+octet-stream}, {@code Upload-Offset},
 *       optional {@code Upload-Checksum: sha256 <base64>}): the body is streamed to the use case,
 *       never held whole; 204 with the new {@code Upload-Offset}. The request that brings the last
 *       byte gets {@code Stowage-Document-Id} and {@code Link: <documentsPath/{id}>; rel="related"}
 *       instead of {@code Upload-Expires}. {@code POST} with {@code X-HTTP-Method-Override: PATCH}
 *       reaches the same handler (Javalin routes by the override), which clients built on
 *       {@code HttpURLConnection} need.</li>
 *   <li>{@code DELETE base/{id}}: 204; the upload and its bytes are gone.</li>
 *   <li>Concatenation: {@code POST base} with {@code Upload-Concat: partial} (and
 *       {@code Upload-Length}; metadata is optional and unused) makes a partial upload, which takes
 *       PATCHes like any other but never becomes a document. {@code POST base} with
 *       {@code Upload-Concat: final;<url> <url> ...} (no {@code Upload-Length}; the document's
 *       {@code Upload-Metadata}) concatenates finished partial uploads of the same owner, in that
 *       order, into one document at once: 201 with {@code Location}, {@code Stowage-Document-Id}
 *       and {@code Link}; the partial uploads are gone. Each URL is this server's upload URL,
 *       absolute (with the request's own host) or a path. HEAD on a partial upload adds
 *       {@code Upload-Concat: partial}; on a final upload (which stays, complete, until it expires)
 *       {@code Upload-Concat: final;<paths>} with {@code Upload-Length} and {@code Upload-Offset}
 *       equal. A PATCH on a final upload is 403. Unfinished partial uploads are not accepted in a
 *       final one (no {@code concatenation-unfinished}): 400. A missing, another owner's or
 *       expired partial upload is 404; any other {@code Upload-Concat} value is 400.</li>
 * </ul>
 *
 * <p>Statuses: 412 with {@code Tus-Version} when {@code Tus-Resumable} is not {@value #VERSION}
 * (or missing), 401 without a valid token, 404 for an unknown upload or another owner's, 410 for an
 * expired one that the sweeper has not removed yet (after that it is 404: nothing remembers it),
 * 409 when {@code Upload-Offset} is not the upload's offset (the upload is untouched, so a retried
 * chunk is harmless), 415 for another content type, 413 past {@code Tus-Max-Size} or past the
 * declared length, 460 when a chunk does not match its {@code Upload-Checksum} (the chunk is
 * dropped, the offset stays), 400 for a PATCH body the client broke (a malformed or broken-off
 * chunked body is dropped whole and the offset stays; a body of declared length cut short keeps
 * what arrived and the answer carries the new {@code Upload-Offset}; 408 instead when the body
 * stopped until the idle timeout), 400 for a bad header or metadata, an unsupported checksum algorithm,
 * or a finished file that does not match the {@code sha256} it was declared with (the upload is
 * discarded), 423 when another request on the upload is still running after
 * {@link TusSettings#writeWait()}. Every response carries {@code Tus-Resumable: 1.0.0}; errors
 * carry an {@code application/problem+json} body built as {@link ProblemMapper} builds it.
 *
 * <p>After the last byte the use case turns the upload into a document and forgets the upload, so a
 * later HEAD on it is 404; the document id came with that last response.
 *
 * <p>With {@link TusSettings#purpose()} {@link UploadPurpose#BACKUP_ARCHIVE} the same routes take
 * backup archives instead (at {@code /api/v1/backups/uploads}), from administrators only (403 for
 * another token): creation, checksum, expiration and termination, no concatenation
 * ({@code Upload-Concat} is 400), {@code Upload-Metadata} optional ({@code filename} is kept for the
 * upload's status, other keys are checked for form and ignored), and an empty archive is 400. The
 * request that brings the last byte imports the archive as a backup and answers, when it is
 * imported, 204 with {@code Stowage-Backup-Id} and {@code Link: </api/v1/backups/{id}>}; an archive
 * the import refuses is answered with its problem (400, 413, 409 when that backup exists) and the
 * upload is gone; a failure that may pass (409 while another process prunes the target, 503) keeps
 * the upload complete, and a PATCH of no bytes at its full length tries the import again. An
 * upload of one kind is not found under the other's path.
 */
final class TusRoutes {
    static final String VERSION = "1.0.0";
    static final String EXTENSIONS = "creation,checksum,expiration,termination,concatenation";
    /** Backup archives are imported whole: one upload each, no concatenation. */
    static final String ARCHIVE_EXTENSIONS = "creation,checksum,expiration,termination";
    static final String OFFSET_OCTET_STREAM = "application/offset+octet-stream";
    static final String DOCUMENT_ID = "Stowage-Document-Id";
    static final String BACKUP_ID = "Stowage-Backup-Id";
    static final int CHECKSUM_MISMATCH = 460;

    static final String TUS_RESUMABLE = "Tus-Resumable";
    static final String TUS_VERSION = "Tus-Version";
    static final String UPLOAD_OFFSET = "Upload-Offset";
    static final String UPLOAD_LENGTH = "Upload-Length";
    static final String UPLOAD_EXPIRES = "Upload-Expires";
    static final String UPLOAD_CONCAT = "Upload-Concat";

    private static final Logger log = LoggerFactory.getLogger(TusRoutes.class);
    /** RFC 9110 IMF-fixdate; RFC_1123_DATE_TIME would print single-digit days without the zero. */
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private final ResumableUploadsUseCase uploads;
    private final TusAuthenticator authenticator;
    private final TusSettings settings;
    private final Clock clock;
    private final TusLocks locks = new TusLocks();
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param uploads       the use case behind every route
     * @param authenticator who sends a request (the service's bearer-token reader)
     * @param settings      paths and limits
     * @param clock         decides whether an upload has expired (the one the use case stamps with)
     */
    TusRoutes(ResumableUploadsUseCase uploads, TusAuthenticator authenticator, TusSettings settings, Clock clock) {
        this.uploads = Objects.requireNonNull(uploads, "uploads");
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Adds the tus routes to a server being configured, beside its other routes. */
    void register(JavalinConfig config) {
        String collection = settings.basePath();
        String member = collection + "/{id}";
        config.routes.options(collection, tus(this::options, false));
        config.routes.options(member, tus(this::options, false));
        config.routes.post(collection, tus(this::create, true));
        config.routes.head(member, tus(this::head, true));
        config.routes.patch(member, tus(this::patch, true));
        config.routes.delete(member, tus(this::terminate, true));
    }

    /** Lock entries held right now; for tests. */
    int locksInUse() {
        return locks.size();
    }

    private void options(Context ctx) {
        ctx.header(TUS_VERSION, VERSION)
                .header("Tus-Extension", archives() ? ARCHIVE_EXTENSIONS : EXTENSIONS)
                .header("Tus-Max-Size", Long.toString(settings.maxSize()))
                .header("Tus-Checksum-Algorithm", TusChecksum.ALGORITHM)
                .status(204);
    }

    private void create(Context ctx) {
        Actor actor = signedIn(ctx);
        if (archives()) {
            createArchive(ctx, actor);
            return;
        }
        String concat = ctx.header(UPLOAD_CONCAT);
        if (concat != null) {
            String value = concat.strip();
            if (value.equals("partial")) {
                createPartial(ctx, actor);
                return;
            }
            if (value.startsWith("final;")) {
                createFinal(ctx, actor, value.substring("final;".length()));
                return;
            }
            // The value is not echoed: it may hold anything the client put there.
            throw new InvalidInputException("Upload-Concat must be 'partial' or 'final;' followed by the URLs of "
                    + "partial uploads, separated by spaces");
        }
        long length = declaredLength(ctx);
        UploadCommand command = TusMetadata.parse(ctx.header("Upload-Metadata"), length);
        ResumableUpload upload = uploads.create(actor, command, length);
        if (length == 0) {
            // No tus client sends a PATCH for an empty file, so the document is made here.
            Progressed done = uploads.append(actor, upload.id(), 0, InputStream.nullInputStream(), Optional.empty());
            done.document().ifPresent(doc -> documentHeaders(ctx, doc));
        } else {
            ctx.header(UPLOAD_EXPIRES, httpDate(upload.expiresAt()));
        }
        ctx.header("Location", uploadPath(ctx, upload.id())).status(201);
    }

    private void createArchive(Context ctx, Actor actor) {
        if (ctx.header(UPLOAD_CONCAT) != null) {
            throw new InvalidInputException("a backup archive is uploaded whole: Upload-Concat is not taken here");
        }
        long length = declaredLength(ctx);
        FileName fileName = new FileName(TusMetadata.fileName(ctx.header("Upload-Metadata")).orElse("backup.tar"));
        ResumableUpload upload = uploads.createBackupArchive(actor, length, fileName);
        ctx.header(UPLOAD_EXPIRES, httpDate(upload.expiresAt()))
                .header("Location", uploadPath(ctx, upload.id()))
                .status(201);
    }

    private void createPartial(Context ctx, Actor actor) {
        long length = declaredLength(ctx);
        // A partial upload becomes no document, so its metadata (tus clients may send some) names
        // nothing; it is still checked so that a malformed header is refused as everywhere else.
        TusMetadata.check(ctx.header("Upload-Metadata"));
        ResumableUpload upload = uploads.createPartial(actor, length);
        ctx.header(UPLOAD_EXPIRES, httpDate(upload.expiresAt()))
                .header("Location", uploadPath(ctx, upload.id()))
                .status(201);
    }

    private void createFinal(Context ctx, Actor actor, String urls) {
        if (ctx.header(UPLOAD_LENGTH) != null) {
            throw new InvalidInputException("a final upload (Upload-Concat: final) takes no Upload-Length: "
                    + "its length is the sum of its partial uploads'");
        }
        List<UploadId> parts = partIds(ctx, urls);
        UploadCommand command = TusMetadata.parseUnsized(ctx.header("Upload-Metadata"));
        // The parts are held like PATCHes hold their upload, in one order so two finals cannot deadlock.
        List<TusLocks.Held> held = new ArrayList<>();
        try {
            for (UploadId id : parts.stream().sorted(Comparator.comparing(UploadId::value)).toList()) {
                uploads.status(actor, id); // only the owner may wait for an upload
                held.add(writeLock(id));
            }
            Concatenated made = uploads.concatenate(actor, command, parts);
            documentHeaders(ctx, made.document());
            ctx.header("Location", uploadPath(ctx, made.upload().id())).status(201);
        } finally {
            held.forEach(TusLocks.Held::close);
        }
    }

    /**
     * The upload ids of {@code final;}'s URLs: this server's upload URLs, absolute with the host this
     * request was sent to, or paths.
     */
    private List<UploadId> partIds(Context ctx, String urls) {
        String[] words = urls.strip().split(" +");
        if (words.length == 1 && words[0].isEmpty()) {
            throw new InvalidInputException("Upload-Concat: final needs the URLs of its partial uploads");
        }
        if (words.length > UploadConcat.MAX_PARTS) {
            throw new InvalidInputException("Upload-Concat: final names " + words.length
                    + " partial uploads; at most " + UploadConcat.MAX_PARTS + " are taken");
        }
        String collection = prefix(ctx) + settings.basePath() + "/";
        List<UploadId> ids = new ArrayList<>();
        for (int i = 0; i < words.length; i++) {
            String word = words[i];
            String path = word;
            if (!word.startsWith("/")) {
                try {
                    URI uri = new URI(word);
                    boolean ours = ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                            && uri.getRawAuthority() != null && uri.getRawAuthority().equalsIgnoreCase(ctx.host())
                            && uri.getRawQuery() == null && uri.getRawFragment() == null;
                    path = ours ? uri.getRawPath() : null;
                } catch (URISyntaxException e) {
                    path = null;
                }
            }
            String id = path != null && path.startsWith(collection) ? path.substring(collection.length()) : "";
            InvalidInputException notOurs = new InvalidInputException("Upload-Concat: URL number " + (i + 1)
                    + " is not an upload URL of this server: " + collection
                    + "{id}, as a path or on the host this request was sent to");
            if (id.isEmpty() || !id.chars().allMatch(c -> c < 0x80 && Character.isLetterOrDigit(c))) {
                throw notOurs;
            }
            try {
                ids.add(new UploadId(id));
            } catch (InvalidInputException e) {
                throw notOurs;
            }
        }
        if (new HashSet<>(ids).size() != ids.size()) {
            throw new InvalidInputException("Upload-Concat: final names one partial upload twice");
        }
        return ids;
    }

    private long declaredLength(Context ctx) {
        String lengthHeader = ctx.header(UPLOAD_LENGTH);
        if (lengthHeader == null) {
            throw new InvalidInputException(ctx.header("Upload-Defer-Length") != null
                    ? "Upload-Defer-Length is not supported; send Upload-Length"
                    : "Upload-Length is required");
        }
        long length = nonNegative(lengthHeader, UPLOAD_LENGTH);
        if (length > settings.maxSize()) {
            throw new TooLargeException("upload", settings.maxSize());
        }
        return length;
    }

    private String uploadPath(Context ctx, UploadId id) {
        return prefix(ctx) + settings.basePath() + "/" + id;
    }

    private void head(Context ctx) {
        Actor actor = signedIn(ctx);
        UploadId id = uploadId(ctx);
        status(actor, id); // only the owner may wait for the upload, below
        // Waits for a PATCH in progress (often one whose client has just vanished) so that the
        // offset reported is settled; if it takes too long the committed offset is still true.
        Optional<TusLocks.Held> held = locks.acquire(id, settings.writeWait());
        ResumableUpload upload;
        try {
            upload = status(actor, id);
        } finally {
            held.ifPresent(TusLocks.Held::close);
        }
        requireLive(upload);
        ctx.header(UPLOAD_OFFSET, Long.toString(upload.offset()))
                .header(UPLOAD_LENGTH, Long.toString(upload.length()))
                .header(UPLOAD_EXPIRES, httpDate(upload.expiresAt()))
                .header("Cache-Control", "no-store");
        switch (upload.concat().kind()) {
            // a partial upload's description is a placeholder, not what its client sent: not shown
            case PARTIAL -> ctx.header(UPLOAD_CONCAT, "partial");
            case FINAL -> ctx.header(UPLOAD_CONCAT, "final;" + upload.concat().parts().stream()
                            .map(part -> uploadPath(ctx, part)).collect(Collectors.joining(" ")))
                    .header("Upload-Metadata", TusMetadata.encode(upload));
            case NONE -> ctx.header("Upload-Metadata", TusMetadata.encode(upload));
        }
        ctx.status(200);
    }

    private void patch(Context ctx) throws Exception {
        Actor actor = signedIn(ctx);
        UploadId id = uploadId(ctx);
        if (!isOffsetStream(ctx.header("Content-Type"))) {
            throw new Refusal(415, "Unsupported Media Type", "a PATCH body must be " + OFFSET_OCTET_STREAM);
        }
        String offsetHeader = ctx.header(UPLOAD_OFFSET);
        if (offsetHeader == null) {
            throw new InvalidInputException("Upload-Offset is required");
        }
        long offset = nonNegative(offsetHeader, UPLOAD_OFFSET);
        Optional<Sha256> chunkSha256 = TusChecksum.parse(ctx.header("Upload-Checksum"));
        status(actor, id); // only the owner may wait for the upload, below
        TusLocks.Held held = writeLock(id);
        try {
            ResumableUpload upload = status(actor, id);
            requireLive(upload);
            if (upload.concat().isFinal()) {
                throw new Refusal(403, "Forbidden", "upload '" + id
                        + "' is a final upload: its bytes come from its partial uploads");
            }
            if (offset != upload.offset()) {
                // tus asks for exact offsets: an earlier one (a chunk sent again) is refused untouched.
                throw new ConflictException("upload '" + id + "' is at offset " + upload.offset() + ", not " + offset);
            }
            long room = upload.length() - offset;
            if (ctx.req().getContentLengthLong() > room) {
                throw new TooLargeException("chunk of upload '" + id + "'", room);
            }
            Progressed progressed;
            // A malformed body is refused whole (the offset stays); one that broke off keeps what
            // arrived, as tus asks, and the client is told below.
            LazyBody body = LazyBody.refusingMalformed(ctx);
            try {
                progressed = uploads.append(actor, id, offset, body, chunkSha256);
            } catch (ChecksumMismatchException e) {
                if (!stillThere(actor, id)) {
                    // The whole file failed its declared sha256 and the use case discarded it:
                    // not a chunk to resend, so plain 400.
                    throw e;
                }
                respond(ctx, withStatus(ProblemMapper.fromDomain(e, ctx.path()), CHECKSUM_MISMATCH));
                return;
            }
            ctx.header(UPLOAD_OFFSET, Long.toString(progressed.upload().offset()));
            if (body.broken().isPresent() && progressed.document().isEmpty() && progressed.backup().isEmpty()) {
                BrokenBody broken = body.broken().get();
                log.info("Request body broke off on {} {} ({}); the upload kept {} bytes", ctx.method().name(),
                        ctx.path(), broken.kind(), progressed.upload().offset());
                throw new HttpProblemException(broken.status(), new InvalidInputException(
                        "the request body ended before its declared end; the upload kept what arrived, up to offset "
                                + progressed.upload().offset()),
                        java.util.Map.of(UPLOAD_OFFSET, Long.toString(progressed.upload().offset())));
            }
            if (progressed.backup().isPresent()) {
                backupHeaders(ctx, progressed.backup().get());
            } else {
                progressed.document().ifPresentOrElse(
                        doc -> documentHeaders(ctx, doc),
                        () -> ctx.header(UPLOAD_EXPIRES, httpDate(progressed.upload().expiresAt())));
            }
            ctx.status(204);
        } finally {
            held.close();
        }
    }

    private void terminate(Context ctx) {
        Actor actor = signedIn(ctx);
        UploadId id = uploadId(ctx);
        // The use case ignores unknown uploads; tus expects 404 for them, as for HEAD and PATCH.
        status(actor, id);
        TusLocks.Held held = writeLock(id);
        try {
            uploads.terminate(actor, id);
        } finally {
            held.close();
        }
        ctx.status(204);
    }

    /** Wraps a handler with what every tus response needs: the version and tus-shaped errors. */
    private Handler tus(Handler handler, boolean versioned) {
        return ctx -> {
            ctx.header(TUS_RESUMABLE, VERSION);
            try {
                if (versioned && !VERSION.equals(ctx.header(TUS_RESUMABLE))) {
                    ctx.header(TUS_VERSION, VERSION);
                    throw new Refusal(412, "Precondition Failed", "this server speaks tus " + VERSION
                            + "; send Tus-Resumable: " + VERSION);
                }
                handler.handle(ctx);
            } catch (Refusal r) {
                respond(ctx, ProblemMapper.http(r.status, r.title, r.getMessage(), ctx.path()));
            } catch (StowageException e) {
                onDomainError(ctx, e);
            }
        };
    }

    private void onDomainError(Context ctx, StowageException e) {
        Optional<BrokenBody> broken = BrokenBody.within(e);
        if (broken.isPresent()) {
            log.info("Request body broke off on {} {} ({})", ctx.method().name(), ctx.path(), broken.get().kind());
            HttpProblemException p = broken.get().problem();
            respond(ctx, withStatus(ProblemMapper.fromDomain(p.error(), ctx.path()), p.status()));
            return;
        }
        if (e.code() == ErrorCode.STORAGE_CORRUPT) {
            log.error("Stored data is corrupt ({} {})", ctx.method().name(), ctx.path(), e);
        } else if (e.code().category() == ErrorCode.Category.STORAGE) {
            log.warn("Storage failure on {} {}: {}", ctx.method().name(), ctx.path(), e.getMessage());
        }
        if (e.code() == ErrorCode.UNAUTHENTICATED) {
            ctx.header("WWW-Authenticate", "Bearer");
        }
        respond(ctx, ProblemMapper.fromDomain(e, ctx.path()));
    }

    private Actor signedIn(Context ctx) {
        Actor actor = authenticator.authenticate(ctx);
        // Checked before any header so that an anonymous caller learns nothing about uploads.
        actor.requireUser();
        if (archives()) {
            actor.requireAdmin("importing a backup archive");
        }
        return actor;
    }

    private boolean archives() {
        return settings.purpose() == UploadPurpose.BACKUP_ARCHIVE;
    }

    /** The actor's upload of the kind these routes serve; one of the other kind is not found here. */
    private ResumableUpload status(Actor actor, UploadId id) {
        ResumableUpload upload = uploads.status(actor, id);
        if (upload.purpose() != settings.purpose()) {
            throw NotFoundException.of("upload", id);
        }
        return upload;
    }

    private TusLocks.Held writeLock(UploadId id) {
        return locks.acquire(id, settings.writeWait()).orElseThrow(() -> new Refusal(423, "Locked",
                "another request on upload '" + id + "' is still running; ask for its offset and try again"));
    }

    private void requireLive(ResumableUpload upload) {
        if (!clock.instant().isBefore(upload.expiresAt())) {
            throw new Refusal(410, "Gone", "upload '" + upload.id() + "' expired at " + upload.expiresAt());
        }
    }

    private boolean stillThere(Actor actor, UploadId id) {
        try {
            uploads.status(actor, id);
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private void backupHeaders(Context ctx, Backup backup) {
        ctx.header(BACKUP_ID, backup.id().value());
        ctx.header("Link", "<" + prefix(ctx) + settings.documentsPath() + "/" + backup.id() + ">; rel=\"related\"");
    }

    private void documentHeaders(Context ctx, Document doc) {
        ctx.header(DOCUMENT_ID, doc.id().value());
        ctx.header("Link", "<" + prefix(ctx) + settings.documentsPath() + "/" + doc.id() + ">; rel=\"related\"");
    }

    private void respond(Context ctx, Problem problem) {
        byte[] body;
        try {
            body = json.writeValueAsString(problem).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a problem body", e);
        }
        ctx.status(problem.status()).contentType(Problem.CONTENT_TYPE).result(body);
    }

    /** An HTTP-date, as {@code Upload-Expires} wants it. */
    static String httpDate(Instant instant) {
        return HTTP_DATE.format(instant);
    }

    private static Problem withStatus(Problem p, int status) {
        return new Problem(p.type(), p.title(), status, p.detail(), p.instance(), p.code());
    }

    private static UploadId uploadId(Context ctx) {
        String raw = ctx.pathParam("id");
        try {
            return new UploadId(raw);
        } catch (InvalidInputException e) {
            // Not an id we could have issued: for the client it is simply not there.
            throw NotFoundException.of("upload", Checks.printable(raw));
        }
    }

    /** The servlet context path, empty at the root, so that links work under a prefix too. */
    private static String prefix(Context ctx) {
        String path = ctx.contextPath();
        return path == null || path.equals("/") ? "" : path;
    }

    private static boolean isOffsetStream(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
        return type.strip().equalsIgnoreCase(OFFSET_OCTET_STREAM);
    }

    /** A tus length or offset: decimal digits only (no sign, no spaces), at most 18 of them. */
    private static long nonNegative(String value, String header) {
        if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidInputException(header + " must be a non-negative integer, got '"
                    + Checks.printable(value) + "'");
        }
        return Long.parseLong(value);
    }

    /** A protocol refusal that has no domain error of its own (412, 415, 410, 423). */
    private static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String title;

        Refusal(int status, String title, String detail) {
            super(detail, null, false, false);
            this.status = status;
            this.title = title;
        }
    }

}
