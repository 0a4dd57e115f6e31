package dev.stowage.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.application.port.out.IdGenerator;
import dev.stowage.application.service.MonotonicIdGenerator;
import dev.stowage.domain.backup.Backup;
import dev.stowage.domain.backup.BackupId;
import dev.stowage.domain.backup.BackupManifest;
import dev.stowage.domain.backup.BackupStatus;
import dev.stowage.domain.backup.Verification;
import dev.stowage.domain.blob.BlobKey;
import dev.stowage.domain.common.Cursor;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.common.Page;
import dev.stowage.domain.common.PageRequest;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.document.Document;
import dev.stowage.domain.document.DocumentId;
import dev.stowage.domain.document.DocumentName;
import dev.stowage.domain.document.FileName;
import dev.stowage.domain.document.MimeType;
import dev.stowage.domain.document.ResumableUpload;
import dev.stowage.domain.document.UploadConcat;
import dev.stowage.domain.document.UploadId;
import dev.stowage.domain.document.UserMetadata;
import dev.stowage.domain.document.Visibility;
import dev.stowage.domain.program.Program;
import dev.stowage.domain.program.ProgramId;
import dev.stowage.domain.program.ProgramImage;
import dev.stowage.domain.program.ProgramName;
import dev.stowage.domain.token.ApiToken;
import dev.stowage.domain.token.TokenId;
import dev.stowage.domain.token.TokenScopes;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Valid domain objects for tests, with fixed times and deterministic ids, and helpers the port
 * contracts share (walking every page of a listing, racing threads).
 *
 * <p>Make one per test (it holds an id generator); times are {@link #T0} plus whole seconds, so
 * tests never read the wall clock. Each builder starts from sensible defaults; set only what the
 * test is about.
 */
public final class Fixtures {
    /** The instant all fixture times count from. */
    public static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    private final IdGenerator ids = new MonotonicIdGenerator(Clock.fixed(T0, ZoneOffset.UTC), new Random(20240501));

    /** {@link #T0} plus {@code seconds}. */
    public Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    /** A fresh id, greater than every earlier one from this instance. */
    public String nextId() {
        return ids.next();
    }

    public UserId user(String name) {
        return new UserId(name);
    }

    /** The SHA-256 of {@code text}'s UTF-8 bytes. */
    public static Sha256 sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    public static Sha256 sha256(byte[] bytes) {
        return Sha256.digest(bytes);
    }

    /** A fresh blob key under {@code prefix}. */
    public BlobKey blobKey(String prefix) {
        return new BlobKey(prefix + "/" + nextId().toLowerCase(Locale.ROOT));
    }

    public DocumentBuilder document(UserId owner, String name) {
        return new DocumentBuilder(this, owner, name);
    }

    /** A builder holding every field of {@code d}, for making the {@code changed} argument of an update. */
    public DocumentBuilder edit(Document d) {
        return new DocumentBuilder(d);
    }

    public ProgramBuilder program(String name) {
        return new ProgramBuilder(this, name);
    }

    public ProgramBuilder edit(Program p) {
        return new ProgramBuilder(p);
    }

    public UploadBuilder upload(UserId owner) {
        return new UploadBuilder(this, owner);
    }

    public BackupBuilder backup(Instant createdAt) {
        return new BackupBuilder(this, createdAt);
    }

    public TokenBuilder token(UserId user) {
        return new TokenBuilder(this, user);
    }

    /** A program image with a fresh blob and, when {@code withThumbnail}, a fresh thumbnail. */
    public ProgramImage image(boolean withThumbnail) {
        return new ProgramImage(blobKey("images"), new MimeType("image/png"), 2048, sha256("image"), 640, 480,
                withThumbnail ? Optional.of(blobKey("thumbnails")) : Optional.empty());
    }

    /**
     * Follows a listing's cursors from the first page to the last and returns every item in the
     * order served. Fails when a page is larger than asked, or a page that promises more is empty
     * (which would loop for ever), or the walk does not end.
     */
    public static <T> List<T> walk(Function<PageRequest, Page<T>> listing, int pageSize) {
        List<T> all = new ArrayList<>();
        PageRequest request = PageRequest.first(pageSize);
        for (int pages = 0; ; pages++) {
            assertThat(pages).as("pages walked (the listing does not end)").isLessThan(10_000);
            Page<T> page = listing.apply(request);
            assertThat(page.items()).as("page %d", pages).hasSizeLessThanOrEqualTo(pageSize);
            all.addAll(page.items());
            Optional<Cursor> next = page.next();
            if (next.isEmpty()) {
                return all;
            }
            assertThat(page.items()).as("page %d has a next cursor but no items", pages).isNotEmpty();
            request = PageRequest.after(next.get(), pageSize);
        }
    }

    /** Asserts {@code items} has no two equal elements by {@code key}. */
    public static <T, K> void assertNoDuplicates(List<T> items, Function<T, K> key) {
        Set<K> seen = new HashSet<>();
        for (T item : items) {
            assertThat(seen.add(key.apply(item))).as("served twice: %s", item).isTrue();
        }
    }

    /**
     * Runs {@code task} on {@code threads} threads released at the same moment and returns each
     * one's outcome: its result, or the exception it threw.
     */
    public static <T> List<Object> race(int threads, Function<Integer, Callable<T>> task) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<T> work = task.apply(i);
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return work.call();
                }));
            }
            ready.await(10, TimeUnit.SECONDS);
            go.countDown();
            List<Object> outcomes = new ArrayList<>();
            for (Future<T> f : futures) {
                try {
                    outcomes.add(f.get(30, TimeUnit.SECONDS));
                } catch (java.util.concurrent.ExecutionException e) {
                    outcomes.add(e.getCause());
                }
            }
            return outcomes;
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("race did not finish", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Builds a valid {@link Document}: version 1, private, 100 bytes, created and updated at {@link #T0}. */
    public static final class DocumentBuilder {
        private DocumentId id;
        private UserId owner;
        private DocumentName name;
        private FileName fileName = new FileName("file.bin");
        private MimeType mimeType = MimeType.OCTET_STREAM;
        private long size = 100;
        private Sha256 sha256;
        private BlobKey blob;
        private Visibility visibility = Visibility.PRIVATE;
        private UserMetadata metadata = UserMetadata.EMPTY;
        private long version = 1;
        private Instant createdAt = T0;
        private Instant updatedAt;

        private DocumentBuilder(Fixtures f, UserId owner, String name) {
            this.id = new DocumentId(f.nextId());
            this.owner = owner;
            this.name = new DocumentName(name);
            this.sha256 = Fixtures.sha256(name);
            this.blob = f.blobKey("docs");
        }

        private DocumentBuilder(Document d) {
            id = d.id();
            owner = d.owner();
            name = d.name();
            fileName = d.fileName();
            mimeType = d.mimeType();
            size = d.size();
            sha256 = d.sha256();
            blob = d.blob();
            visibility = d.visibility();
            metadata = d.metadata();
            version = d.version();
            createdAt = d.createdAt();
            updatedAt = d.updatedAt();
        }

        public DocumentBuilder id(DocumentId value) { id = value; return this; }
        public DocumentBuilder owner(UserId value) { owner = value; return this; }
        public DocumentBuilder name(String value) { name = new DocumentName(value); return this; }
        public DocumentBuilder fileName(String value) { fileName = new FileName(value); return this; }
        public DocumentBuilder mimeType(String value) { mimeType = new MimeType(value); return this; }
        public DocumentBuilder size(long value) { size = value; return this; }
        public DocumentBuilder sha256(Sha256 value) { sha256 = value; return this; }
        public DocumentBuilder blob(BlobKey value) { blob = value; return this; }
        public DocumentBuilder visibility(Visibility value) { visibility = value; return this; }
        public DocumentBuilder publicly() { return visibility(Visibility.PUBLIC); }
        public DocumentBuilder metadata(Map<String, String> value) { metadata = new UserMetadata(value); return this; }
        public DocumentBuilder version(long value) { version = value; return this; }
        public DocumentBuilder createdAt(Instant value) { createdAt = value; return this; }
        public DocumentBuilder updatedAt(Instant value) { updatedAt = value; return this; }

        public Document build() {
            return new Document(id, owner, name, fileName, mimeType, size, sha256, blob, visibility, metadata, version,
                    createdAt, updatedAt == null ? createdAt : updatedAt);
        }
    }

    /** Builds a valid {@link Program}: version 1, active, config {@code {}}, no image, created at {@link #T0}. */
    public static final class ProgramBuilder {
        private ProgramId id;
        private ProgramName name;
        private String description = "";
        private JsonText config = JsonText.emptyObject();
        private int configSchemaVersion = 1;
        private boolean active = true;
        private long version = 1;
        private Optional<ProgramImage> image = Optional.empty();
        private Optional<String> externalRef = Optional.empty();
        private Instant createdAt = T0;
        private Instant updatedAt;
        private UserId updatedBy = new UserId("ana");

        private ProgramBuilder(Fixtures f, String name) {
            this.id = new ProgramId(f.nextId());
            this.name = new ProgramName(name);
        }

        private ProgramBuilder(Program p) {
            id = p.id();
            name = p.name();
            description = p.description();
            config = p.config();
            configSchemaVersion = p.configSchemaVersion();
            active = p.active();
            version = p.version();
            image = p.image();
            externalRef = p.externalRef();
            createdAt = p.createdAt();
            updatedAt = p.updatedAt();
            updatedBy = p.updatedBy();
        }

        public ProgramBuilder id(ProgramId value) { id = value; return this; }
        public ProgramBuilder name(String value) { name = new ProgramName(value); return this; }
        public ProgramBuilder description(String value) { description = value; return this; }
        public ProgramBuilder config(String json) { config = JsonText.of(json); return this; }
        public ProgramBuilder configSchemaVersion(int value) { configSchemaVersion = value; return this; }
        public ProgramBuilder active(boolean value) { active = value; return this; }
        public ProgramBuilder version(long value) { version = value; return this; }
        public ProgramBuilder image(ProgramImage value) { image = Optional.ofNullable(value); return this; }
        public ProgramBuilder externalRef(String value) { externalRef = Optional.ofNullable(value); return this; }
        public ProgramBuilder createdAt(Instant value) { createdAt = value; return this; }
        public ProgramBuilder updatedAt(Instant value) { updatedAt = value; return this; }
        public ProgramBuilder updatedBy(String value) { updatedBy = new UserId(value); return this; }

        public Program build() {
            return new Program(id, name, description, config, configSchemaVersion, sha256(config.json()), active,
                    version, image, externalRef, createdAt, updatedAt == null ? createdAt : updatedAt, updatedBy);
        }
    }

    /** Builds a valid {@link ResumableUpload}: 1000 bytes declared, none received, created at T0, expiring an hour later. */
    public static final class UploadBuilder {
        private UploadId id;
        private final UserId owner;
        private long length = 1000;
        private long offset;
        private DocumentName name;
        private Instant createdAt = T0;
        private Instant expiresAt = T0.plusSeconds(3600);
        private Optional<Sha256> expectedSha256 = Optional.empty();
        private UploadConcat concat = UploadConcat.NONE;

        private UploadBuilder(Fixtures f, UserId owner) {
            this.id = new UploadId(f.nextId());
            this.owner = owner;
            this.name = new DocumentName("upload-" + id.value().toLowerCase(Locale.ROOT));
        }

        public UploadBuilder id(UploadId value) { id = value; return this; }
        public UploadBuilder length(long value) { length = value; return this; }
        public UploadBuilder offset(long value) { offset = value; return this; }
        public UploadBuilder name(String value) { name = new DocumentName(value); return this; }
        public UploadBuilder createdAt(Instant value) { createdAt = value; return this; }
        public UploadBuilder expiresAt(Instant value) { expiresAt = value; return this; }
        public UploadBuilder expectedSha256(Sha256 value) { expectedSha256 = Optional.of(value); return this; }
        /** A final upload is complete from its creation: set its offset to its length too. */
        public UploadBuilder concat(UploadConcat value) { concat = value; return this; }

        public ResumableUpload build() {
            return new ResumableUpload(id, owner, length, offset, name, new FileName("upload.bin"), MimeType.OCTET_STREAM,
                    Visibility.PRIVATE, UserMetadata.EMPTY, expectedSha256, createdAt, expiresAt, concat);
        }
    }

    /** Builds a valid {@link Backup}: complete, current format, with a manifest digest and no verification. */
    public static final class BackupBuilder {
        private BackupId id;
        private final Instant createdAt;
        private String label = "scheduled";
        private BackupStatus status = BackupStatus.COMPLETE;
        private Optional<Verification> verification = Optional.empty();
        private long totalBytes = 4096;

        private BackupBuilder(Fixtures f, Instant createdAt) {
            this.id = new BackupId(f.nextId());
            this.createdAt = createdAt;
        }

        public BackupBuilder id(BackupId value) { id = value; return this; }
        public BackupBuilder label(String value) { label = value; return this; }
        public BackupBuilder status(BackupStatus value) { status = value; return this; }
        public BackupBuilder verified(Verification value) { verification = Optional.of(value); return this; }
        public BackupBuilder totalBytes(long value) { totalBytes = value; return this; }

        public Backup build() {
            return new Backup(id, createdAt, label, BackupManifest.CURRENT_FORMAT, "0.1.0", "1",
                    Map.of("documents", 3L, "jobs", 7L), totalBytes, totalBytes / 2, Optional.of(sha256("manifest-" + id)),
                    "memory", status, verification);
        }
    }

    /**
     * Builds a valid {@link ApiToken}: not admin, no queue scopes, not revoked, created at {@link #T0},
     * with a fresh secret.
     */
    public static final class TokenBuilder {
        private TokenId id;
        private final UserId user;
        private boolean admin;
        private TokenScopes scopes = TokenScopes.none();
        private String label = "ci";
        private Sha256 secretHash;
        private Instant createdAt = T0;
        private Optional<Instant> revokedAt = Optional.empty();

        private TokenBuilder(Fixtures f, UserId user) {
            this.id = new TokenId(f.nextId());
            this.user = user;
            this.secretHash = sha256("secret-" + id);
        }

        public TokenBuilder id(TokenId value) { id = value; return this; }
        public TokenBuilder admin(boolean value) { admin = value; return this; }
        public TokenBuilder scopes(TokenScopes value) { scopes = value; return this; }
        public TokenBuilder label(String value) { label = value; return this; }
        public TokenBuilder secretHash(Sha256 value) { secretHash = value; return this; }
        public TokenBuilder createdAt(Instant value) { createdAt = value; return this; }
        public TokenBuilder revokedAt(Instant value) { revokedAt = Optional.of(value); return this; }

        public ApiToken build() {
            return new ApiToken(id, user, admin, scopes, label, secretHash, createdAt, revokedAt);
        }
    }
}
