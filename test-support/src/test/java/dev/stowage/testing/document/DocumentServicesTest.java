package dev.stowage.testing.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.application.port.in.document.CheckConsistencyUseCase.Finding;
import dev.stowage.application.port.in.document.DocumentChange;
import dev.stowage.application.port.in.document.UploadCommand;
import dev.stowage.application.port.out.BlobStore.PutOptions;
import dev.stowage.application.service.MonotonicIdGenerator;
import dev.stowage.application.service.document.ConsistencyService;
import dev.stowage.application.service.document.DocumentSettings;
import dev.stowage.application.service.document.ManageDocumentsService;
import dev.stowage.application.service.document.ResumableUploadService;
import dev.stowage.application.service.document.StoreDocumentsService;
import dev.stowage.domain.blob.BlobKey;
import dev.stowage.domain.common.Actor;
import dev.stowage.domain.common.ByteRange;
import dev.stowage.domain.common.PageRequest;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.document.Document;
import dev.stowage.domain.document.DocumentName;
import dev.stowage.domain.document.DocumentQuery;
import dev.stowage.domain.document.FileName;
import dev.stowage.domain.document.MimeType;
import dev.stowage.domain.document.UploadConcat;
import dev.stowage.domain.document.UploadId;
import dev.stowage.domain.document.UserMetadata;
import dev.stowage.domain.document.Visibility;
import dev.stowage.domain.error.AlreadyExistsException;
import dev.stowage.domain.error.ChecksumMismatchException;
import dev.stowage.domain.error.ConflictException;
import dev.stowage.domain.error.ForbiddenException;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.error.NotFoundException;
import dev.stowage.domain.error.QuotaExceededException;
import dev.stowage.domain.error.TooLargeException;
import dev.stowage.domain.error.UnauthenticatedException;
import dev.stowage.domain.error.VersionMismatchException;
import dev.stowage.testing.InMemoryBlobStore;
import dev.stowage.testing.InMemoryDocumentCatalog;
import dev.stowage.testing.InMemoryTransactions;
import dev.stowage.testing.InMemoryUploadSessions;
import dev.stowage.testing.InMemoryUploadStaging;
import dev.stowage.testing.ManualClock;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The document, resumable upload and consistency services over the in-memory adapters. */
class DocumentServicesTest {
    static final UserId ANA = new UserId("ana");
    static final UserId BEN = new UserId("ben");
    static final Actor AS_ANA = Actor.user(ANA);
    static final Actor AS_BEN = Actor.user(BEN);

    ManualClock clock;
    InMemoryDocumentCatalog catalog;
    InMemoryBlobStore blobs;
    InMemoryUploadSessions sessions;
    InMemoryUploadStaging staging;
    StoreDocumentsService store;
    ManageDocumentsService docs;
    ResumableUploadService uploads;
    ConsistencyService fsck;

    @BeforeEach
    void setUp() {
        build(new DocumentSettings(1 << 20, Optional.empty(), Duration.ofHours(1), Duration.ofMinutes(10)));
    }

    void build(DocumentSettings settings) {
        clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        catalog = new InMemoryDocumentCatalog();
        blobs = new InMemoryBlobStore(clock);
        sessions = new InMemoryUploadSessions();
        staging = new InMemoryUploadStaging();
        var ids = new MonotonicIdGenerator(clock);
        store = new StoreDocumentsService(catalog, blobs, new InMemoryTransactions(), ids, clock, settings);
        docs = new ManageDocumentsService(catalog, blobs, clock, settings);
        uploads = new ResumableUploadService(sessions, staging, blobs, store, ids, clock);
        fsck = new ConsistencyService(List.of(catalog), blobs, uploads, clock, settings);
    }

    static UploadCommand cmd(String name) {
        return UploadCommand.of(new DocumentName(name), new FileName(name + ".txt"), new MimeType("text/plain"));
    }

    static InputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    static Sha256 sha(String s) {
        try {
            return Sha256.of(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String read(InputStream in) throws IOException {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    int blobCount() {
        int n = 0;
        for (var it = blobs.list(""); it.hasNext(); it.next()) {
            n++;
        }
        return n;
    }

    @Nested
    class Uploads {
        @Test
        void uploadComputesSizeAndDigestAndDownloadsTheSameBytes() throws IOException {
            Document d = store.upload(AS_ANA, cmd("report"), bytes("hello world"));
            assertThat(d.size()).isEqualTo(11);
            assertThat(d.sha256()).isEqualTo(sha("hello world"));
            assertThat(d.version()).isEqualTo(1);
            assertThat(d.visibility()).isEqualTo(Visibility.PRIVATE);
            assertThat(read(docs.download(AS_ANA, d.id(), Optional.empty()).bytes())).isEqualTo("hello world");
        }

        @Test
        void emptyDocumentIsFine() throws IOException {
            Document d = store.upload(AS_ANA, cmd("empty"), InputStream.nullInputStream());
            assertThat(d.size()).isZero();
            assertThat(read(docs.download(AS_ANA, d.id(), Optional.empty()).bytes())).isEmpty();
        }

        @Test
        void wrongDeclaredChecksumStoresNothing() {
            var c = new UploadCommand(new DocumentName("x"), new FileName("x"), MimeType.OCTET_STREAM, Visibility.PRIVATE,
                    UserMetadata.EMPTY, OptionalLong.empty(), Optional.of(sha("something else")));
            assertThatThrownBy(() -> store.upload(AS_ANA, c, bytes("payload"))).isInstanceOf(ChecksumMismatchException.class);
            assertThat(catalog.findByName(ANA, new DocumentName("x"))).isEmpty();
            assertThat(blobCount()).isZero();
        }

        @Test
        void rightDeclaredChecksumAndSizeAreAccepted() {
            var c = new UploadCommand(new DocumentName("x"), new FileName("x"), MimeType.OCTET_STREAM, Visibility.PRIVATE,
                    UserMetadata.EMPTY, OptionalLong.of(7), Optional.of(sha("payload")));
            assertThat(store.upload(AS_ANA, c, bytes("payload")).sha256()).isEqualTo(sha("payload"));
        }

        @Test
        void takenNameIsRejectedAndLeavesNoBlob() {
            store.upload(AS_ANA, cmd("report"), bytes("one"));
            assertThatThrownBy(() -> store.upload(AS_ANA, cmd("report"), bytes("two")))
                    .isInstanceOf(AlreadyExistsException.class).hasMessageContaining("report");
            assertThat(blobCount()).isEqualTo(1);
            // The same name under another owner is fine.
            store.upload(AS_BEN, cmd("report"), bytes("three"));
        }

        @Test
        void documentOverTheSizeLimitIsRejectedDeclaredOrNot() {
            build(new DocumentSettings(10, Optional.empty(), Duration.ofHours(1), Duration.ofMinutes(10)));
            assertThatThrownBy(() -> store.upload(AS_ANA, cmd("big"), bytes("01234567890")))
                    .isInstanceOf(TooLargeException.class);
            var declared = new UploadCommand(new DocumentName("big"), new FileName("big"), MimeType.OCTET_STREAM,
                    Visibility.PRIVATE, UserMetadata.EMPTY, OptionalLong.of(11), Optional.empty());
            assertThatThrownBy(() -> store.upload(AS_ANA, declared, InputStream.nullInputStream()))
                    .isInstanceOf(TooLargeException.class);
            assertThat(blobCount()).isZero();
        }

        @Test
        void quotaCountsEveryDocumentOfTheOwner() {
            build(new DocumentSettings(1000, Optional.of(10L), Duration.ofHours(1), Duration.ofMinutes(10)));
            store.upload(AS_ANA, cmd("a"), bytes("123456"));
            assertThatThrownBy(() -> store.upload(AS_ANA, cmd("b"), bytes("12345")))
                    .isInstanceOf(QuotaExceededException.class).hasMessageContaining("ana");
            store.upload(AS_ANA, cmd("c"), bytes("1234"));
            store.upload(AS_BEN, cmd("d"), bytes("1234567890"));
            assertThat(blobCount()).isEqualTo(3);
        }

        @Test
        void anonymousCannotUpload() {
            assertThatThrownBy(() -> store.upload(Actor.anonymous(), cmd("a"), bytes("x")))
                    .isInstanceOf(UnauthenticatedException.class);
        }

        @Test
        void replacingContentSwapsBlobsAndBumpsVersion() throws IOException {
            Document d = store.upload(AS_ANA, cmd("r"), bytes("old"));
            Document r = store.replaceContent(AS_ANA, d.id(), 1, cmd("r"), bytes("newer"));
            assertThat(r.version()).isEqualTo(2);
            assertThat(read(docs.download(AS_ANA, d.id(), Optional.empty()).bytes())).isEqualTo("newer");
            assertThat(blobs.stat(d.blob())).isEmpty();
            assertThat(blobCount()).isEqualTo(1);
            assertThatThrownBy(() -> store.replaceContent(AS_ANA, d.id(), 1, cmd("r"), bytes("again")))
                    .isInstanceOf(VersionMismatchException.class);
            assertThat(blobCount()).isEqualTo(1);
        }
    }

    @Nested
    class ReadingAndOwnership {
        @Test
        void otherOwnersPrivateDocumentDoesNotExistForThem() {
            Document d = store.upload(AS_ANA, cmd("secret"), bytes("s"));
            assertThatThrownBy(() -> docs.get(AS_BEN, d.id())).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> docs.download(AS_BEN, d.id(), Optional.empty())).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> docs.get(Actor.anonymous(), d.id())).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> docs.change(AS_BEN, d.id(), 1, DocumentChange.none().rename(new DocumentName("mine"))))
                    .isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> docs.delete(AS_BEN, d.id(), Optional.empty())).isInstanceOf(NotFoundException.class);
            assertThat(docs.list(AS_BEN, DocumentQuery.newestFirst(), PageRequest.first(10)).items()).isEmpty();
            assertThat(docs.get(AS_ANA, d.id())).isEqualTo(d);
        }

        @Test
        void publicDocumentIsReadableByAnyoneButChangeableByItsOwnerOnly() throws IOException {
            var c = new UploadCommand(new DocumentName("flyer"), new FileName("flyer.txt"), new MimeType("text/plain"),
                    Visibility.PUBLIC, UserMetadata.EMPTY, OptionalLong.empty(), Optional.empty());
            Document d = store.upload(AS_ANA, c, bytes("come along"));
            assertThat(read(docs.download(Actor.anonymous(), d.id(), Optional.empty()).bytes())).isEqualTo("come along");
            assertThat(docs.get(AS_BEN, d.id()).id()).isEqualTo(d.id());
            assertThatThrownBy(() -> docs.delete(AS_BEN, d.id(), Optional.empty())).isInstanceOf(ForbiddenException.class);
            assertThat(docs.listPublic(DocumentQuery.newestFirst(), PageRequest.first(10)).items())
                    .extracting(Document::id).containsExactly(d.id());
        }

        @Test
        void rangesAreClippedAndMayNotStartPastTheEnd() throws IOException {
            Document d = store.upload(AS_ANA, cmd("r"), bytes("0123456789"));
            var part = docs.download(AS_ANA, d.id(), Optional.of(new ByteRange(2, 4)));
            assertThat(read(part.bytes())).isEqualTo("234");
            var tail = docs.download(AS_ANA, d.id(), Optional.of(new ByteRange(7, 100)));
            assertThat(tail.range()).contains(new ByteRange(7, 9));
            assertThat(read(tail.bytes())).isEqualTo("789");
            assertThatThrownBy(() -> docs.download(AS_ANA, d.id(), Optional.of(new ByteRange(10, 12))))
                    .isInstanceOf(dev.stowage.domain.error.InvalidInputException.class);
        }

        @Test
        void anAdministratorReadsAndDeletesAnyOwnersDocumentButDoesNotChangeIt() throws IOException {
            Actor root = Actor.admin(BEN);
            Document secret = store.upload(AS_ANA, cmd("secret"), bytes("s3cret"));
            assertThat(docs.get(root, secret.id())).isEqualTo(secret);
            assertThat(read(docs.download(root, secret.id(), Optional.empty()).bytes())).isEqualTo("s3cret");
            assertThatThrownBy(() -> docs.change(root, secret.id(), 1, DocumentChange.none().rename(new DocumentName("mine"))))
                    .isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> docs.delete(root, secret.id(), Optional.of(2L))).isInstanceOf(VersionMismatchException.class);
            docs.delete(root, secret.id(), Optional.of(1L));
            assertThat(catalog.find(secret.id())).isEmpty();
            assertThat(blobs.stat(secret.blob())).isEmpty();
            assertThatThrownBy(() -> docs.delete(root, secret.id(), Optional.empty())).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> docs.get(AS_ANA, secret.id())).isInstanceOf(NotFoundException.class);
        }

        @Test
        void usageIsOwnOrAdminOnly() {
            store.upload(AS_ANA, cmd("a"), bytes("1234"));
            assertThat(docs.usage(AS_ANA, ANA).usage().bytes()).isEqualTo(4);
            assertThatThrownBy(() -> docs.usage(AS_BEN, ANA)).isInstanceOf(ForbiddenException.class);
            assertThat(docs.usage(Actor.admin(BEN), ANA).usage().documents()).isEqualTo(1);
        }
    }

    @Nested
    class Changes {
        @Test
        void changeNeedsTheCurrentVersionAndAFreeName() {
            Document a = store.upload(AS_ANA, cmd("a"), bytes("1"));
            store.upload(AS_ANA, cmd("b"), bytes("2"));
            Document renamed = docs.change(AS_ANA, a.id(), 1, DocumentChange.none().rename(new DocumentName("c"))
                    .metadata(new UserMetadata(Map.of("project", "q3"))).visibility(Visibility.PUBLIC));
            assertThat(renamed.version()).isEqualTo(2);
            assertThat(renamed.name().value()).isEqualTo("c");
            assertThat(renamed.metadata().entries()).containsEntry("project", "q3");
            assertThatThrownBy(() -> docs.change(AS_ANA, a.id(), 1, DocumentChange.none()))
                    .isInstanceOf(VersionMismatchException.class);
            assertThatThrownBy(() -> docs.change(AS_ANA, a.id(), 2, DocumentChange.none().rename(new DocumentName("b"))))
                    .isInstanceOf(AlreadyExistsException.class);
        }

        @Test
        void deleteRemovesMetadataThenBytes() {
            Document a = store.upload(AS_ANA, cmd("a"), bytes("1"));
            assertThatThrownBy(() -> docs.delete(AS_ANA, a.id(), Optional.of(5L))).isInstanceOf(VersionMismatchException.class);
            docs.delete(AS_ANA, a.id(), Optional.of(1L));
            assertThat(catalog.find(a.id())).isEmpty();
            assertThat(blobs.stat(a.blob())).isEmpty();
            assertThatThrownBy(() -> docs.delete(AS_ANA, a.id(), Optional.empty())).isInstanceOf(NotFoundException.class);
        }
    }

    @Nested
    class Resumable {
        @Test
        void chunksBecomeADocumentWhenTheLastByteArrives() throws IOException {
            var up = uploads.create(AS_ANA, cmd("big"), 10);
            var p1 = uploads.append(AS_ANA, up.id(), 0, bytes("01234"), Optional.empty());
            assertThat(p1.upload().offset()).isEqualTo(5);
            assertThat(p1.document()).isEmpty();
            var p2 = uploads.append(AS_ANA, up.id(), 5, bytes("56789"), Optional.of(sha("56789")));
            Document d = p2.document().orElseThrow();
            assertThat(d.sha256()).isEqualTo(sha("0123456789"));
            assertThat(read(docs.download(AS_ANA, d.id(), Optional.empty()).bytes())).isEqualTo("0123456789");
            assertThat(sessions.find(up.id())).isEmpty();
            assertThat(staging.length(up.id())).isZero();
        }

        @Test
        void retriedChunkIsHarmlessAndAGapIsAConflict() throws IOException {
            var up = uploads.create(AS_ANA, cmd("big"), 6);
            uploads.append(AS_ANA, up.id(), 0, bytes("abc"), Optional.empty());
            assertThat(uploads.append(AS_ANA, up.id(), 0, bytes("abc"), Optional.empty()).upload().offset()).isEqualTo(3);
            assertThatThrownBy(() -> uploads.append(AS_ANA, up.id(), 4, bytes("x"), Optional.empty()))
                    .isInstanceOf(ConflictException.class);
            Document d = uploads.append(AS_ANA, up.id(), 3, bytes("def"), Optional.empty()).document().orElseThrow();
            assertThat(read(docs.download(AS_ANA, d.id(), Optional.empty()).bytes())).isEqualTo("abcdef");
        }

        @Test
        void overlappingOrShorterRetriesOnlyAddWhatIsNew() throws IOException {
            var up = uploads.create(AS_ANA, cmd("big"), 6);
            uploads.append(AS_ANA, up.id(), 0, bytes("abc"), Optional.empty());
            // A shorter resend of bytes already received changes nothing.
            assertThat(uploads.append(AS_ANA, up.id(), 0, bytes("ab"), Optional.of(sha("ab"))).upload().offset()).isEqualTo(3);
            assertThat(staging.length(up.id())).isEqualTo(3);
            // A resend that overlaps and goes further adds only the new bytes.
            Document d = uploads.append(AS_ANA, up.id(), 1, bytes("bcdef"), Optional.of(sha("bcdef"))).document().orElseThrow();
            assertThat(read(docs.download(AS_ANA, d.id(), Optional.empty()).bytes())).isEqualTo("abcdef");
        }

        @Test
        void takenNameIsRefusedAtCreateAndAnUploadThatLosesItsNameIsDiscarded() {
            store.upload(AS_ANA, cmd("taken"), bytes("x"));
            assertThatThrownBy(() -> uploads.create(AS_ANA, cmd("taken"), 3)).isInstanceOf(AlreadyExistsException.class);
            var up = uploads.create(AS_ANA, cmd("late"), 3);
            store.upload(AS_ANA, cmd("late"), bytes("first"));
            assertThatThrownBy(() -> uploads.append(AS_ANA, up.id(), 0, bytes("abc"), Optional.empty()))
                    .isInstanceOf(AlreadyExistsException.class);
            assertThat(sessions.find(up.id())).isEmpty();
            assertThat(staging.length(up.id())).isZero();
            assertThat(blobCount()).isEqualTo(2);
        }

        @Test
        void anExpiredUploadTakesNoMoreBytesEvenBeforeTheSweeperRuns() {
            var up = uploads.create(AS_ANA, cmd("big"), 6);
            clock.advance(Duration.ofHours(2));
            assertThat(uploads.status(AS_ANA, up.id()).expiresAt()).isBefore(clock.instant());
            assertThatThrownBy(() -> uploads.append(AS_ANA, up.id(), 0, bytes("abc"), Optional.empty()))
                    .isInstanceOf(NotFoundException.class).hasMessageContaining("expired");
        }

        @Test
        void badChunkChecksumKeepsTheOffset() {
            var up = uploads.create(AS_ANA, cmd("big"), 6);
            uploads.append(AS_ANA, up.id(), 0, bytes("abc"), Optional.empty());
            assertThatThrownBy(() -> uploads.append(AS_ANA, up.id(), 3, bytes("def"), Optional.of(sha("xyz"))))
                    .isInstanceOf(ChecksumMismatchException.class);
            assertThat(uploads.status(AS_ANA, up.id()).offset()).isEqualTo(3);
            assertThat(staging.length(up.id())).isEqualTo(3);
        }

        @Test
        void bytesPastTheDeclaredLengthAreRefused() {
            var up = uploads.create(AS_ANA, cmd("big"), 3);
            assertThatThrownBy(() -> uploads.append(AS_ANA, up.id(), 0, bytes("abcd"), Optional.empty()))
                    .isInstanceOf(TooLargeException.class);
            assertThat(uploads.status(AS_ANA, up.id()).offset()).isZero();
        }

        @Test
        void wholeFileChecksumIsCheckedAtTheEnd() {
            var c = new UploadCommand(new DocumentName("x"), new FileName("x"), MimeType.OCTET_STREAM, Visibility.PRIVATE,
                    UserMetadata.EMPTY, OptionalLong.empty(), Optional.of(sha("other")));
            var up = uploads.create(AS_ANA, c, 3);
            assertThatThrownBy(() -> uploads.append(AS_ANA, up.id(), 0, bytes("abc"), Optional.empty()))
                    .isInstanceOf(ChecksumMismatchException.class);
            assertThat(catalog.findByName(ANA, new DocumentName("x"))).isEmpty();
            assertThat(blobCount()).isZero();
        }

        @Test
        void uploadsAreTheirCreatorsOnly() {
            var up = uploads.create(AS_ANA, cmd("big"), 3);
            assertThatThrownBy(() -> uploads.status(AS_BEN, up.id())).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> uploads.append(AS_BEN, up.id(), 0, bytes("abc"), Optional.empty()))
                    .isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> uploads.terminate(AS_BEN, up.id())).isInstanceOf(NotFoundException.class);
            uploads.terminate(AS_ANA, up.id());
            uploads.terminate(AS_ANA, up.id());
            assertThat(sessions.find(up.id())).isEmpty();
        }

        @Test
        void quotaIsCheckedAgainstTheDeclaredLength() {
            build(new DocumentSettings(1000, Optional.of(5L), Duration.ofHours(1), Duration.ofMinutes(10)));
            assertThatThrownBy(() -> uploads.create(AS_ANA, cmd("big"), 6)).isInstanceOf(QuotaExceededException.class);
        }

        @Test
        void expiredUploadsAreRemoved() {
            var up = uploads.create(AS_ANA, cmd("big"), 6);
            uploads.append(AS_ANA, up.id(), 0, bytes("abc"), Optional.empty());
            clock.advance(Duration.ofHours(2));
            assertThat(uploads.expire(100)).isEqualTo(1);
            assertThat(sessions.find(up.id())).isEmpty();
            assertThat(staging.length(up.id())).isZero();
        }
    }

    @Nested
    class Consistency {
        @Test
        void cleanStoreHasNoFindings() {
            store.upload(AS_ANA, cmd("a"), bytes("1"));
            clock.advance(Duration.ofHours(1));
            assertThat(fsck.check(true, false)).isEmpty();
        }

        @Test
        void orphanBlobsPastTheGracePeriodAreFoundAndRepaired() {
            BlobKey orphan = new BlobKey("documents/orphan");
            blobs.put(orphan, bytes("lost"), PutOptions.unlimited());
            assertThat(fsck.check(false, false)).isEmpty(); // still within the grace period
            clock.advance(Duration.ofMinutes(11));
            var found = fsck.check(false, false);
            assertThat(found).extracting(Finding::kind).containsExactly(Finding.Kind.ORPHAN_BLOB);
            assertThat(blobs.stat(orphan)).isPresent();
            var repaired = fsck.check(false, true);
            assertThat(repaired).singleElement().satisfies(f -> assertThat(f.repaired()).isTrue());
            assertThat(blobs.stat(orphan)).isEmpty();
            assertThat(fsck.check(false, true)).isEmpty();
        }

        @Test
        void missingAndCorruptBlobsAreReported() {
            Document a = store.upload(AS_ANA, cmd("a"), bytes("right"));
            Document b = store.upload(AS_ANA, cmd("b"), bytes("bytes"));
            blobs.delete(a.blob());
            blobs.put(b.blob(), bytes("wrong"), PutOptions.unlimited()); // same size, other content
            var quick = fsck.check(false, false);
            assertThat(quick).extracting(Finding::kind).containsExactly(Finding.Kind.MISSING_BLOB);
            var deep = fsck.check(true, false);
            assertThat(deep).extracting(Finding::kind)
                    .containsExactlyInAnyOrder(Finding.Kind.MISSING_BLOB, Finding.Kind.CORRUPT_BLOB);
        }

        @Test
        void repairRemovesExpiredUploads() {
            uploads.create(AS_ANA, cmd("big"), 6);
            clock.advance(Duration.ofHours(2));
            assertThat(fsck.check(false, true)).extracting(Finding::kind).containsExactly(Finding.Kind.EXPIRED_UPLOAD);
        }
    }

    @Nested
    class Concatenation {
        UploadId finishedPartial(Actor actor, String content) {
            var part = uploads.createPartial(actor, content.length());
            var done = uploads.append(actor, part.id(), 0, bytes(content), Optional.empty());
            assertThat(done.document()).isEmpty();
            assertThat(done.upload().complete()).isTrue();
            return part.id();
        }

        @Test
        void aFinishedPartialUploadIsNoDocument() {
            finishedPartial(AS_ANA, "a third of a file");

            assertThat(docs.usage(AS_ANA, ANA).usage().documents()).isZero();
            assertThat(blobCount()).isZero();
        }

        @Test
        void theFinalUploadConcatenatesItsPartsInOrderAndFreesThem() throws IOException {
            UploadId first = finishedPartial(AS_ANA, "Hello, ");
            UploadId second = finishedPartial(AS_ANA, "world");
            UploadId third = finishedPartial(AS_ANA, "!");

            var made = uploads.concatenate(AS_ANA, cmd("greeting"), List.of(first, second, third));

            Document d = made.document();
            assertThat(d.size()).isEqualTo(13);
            assertThat(d.sha256()).isEqualTo(sha("Hello, world!"));
            assertThat(read(docs.download(AS_ANA, d.id(), Optional.empty()).bytes())).isEqualTo("Hello, world!");
            assertThat(made.upload().complete()).isTrue();
            assertThat(made.upload().concat()).isEqualTo(UploadConcat.finalOf(List.of(first, second, third)));
            assertThat(uploads.status(AS_ANA, made.upload().id())).isEqualTo(made.upload());
            for (UploadId part : List.of(first, second, third)) {
                assertThat(sessions.find(part)).isEmpty();
                assertThat(staging.length(part)).isZero();
            }
            assertThat(docs.usage(AS_ANA, ANA).usage().documents()).isEqualTo(1);
        }

        @Test
        void aDeclaredDigestIsCheckedOverTheWhole() {
            UploadId a = finishedPartial(AS_ANA, "ab");
            UploadId b = finishedPartial(AS_ANA, "cd");
            var wrong = new UploadCommand(new DocumentName("x"), new FileName("x"), MimeType.OCTET_STREAM,
                    Visibility.PRIVATE, UserMetadata.EMPTY, OptionalLong.empty(), Optional.of(sha("abdc")));

            assertThatThrownBy(() -> uploads.concatenate(AS_ANA, wrong, List.of(a, b)))
                    .isInstanceOf(ChecksumMismatchException.class);
            assertThat(docs.usage(AS_ANA, ANA).usage().documents()).isZero();
            var right = new UploadCommand(new DocumentName("x"), new FileName("x"), MimeType.OCTET_STREAM,
                    Visibility.PRIVATE, UserMetadata.EMPTY, OptionalLong.empty(), Optional.of(sha("abcd")));
            assertThat(uploads.concatenate(AS_ANA, right, List.of(a, b)).document().size()).isEqualTo(4);
        }

        @Test
        void missingForeignIncompleteExpiredOrPlainPartsAreRefusedAndChangeNothing() {
            UploadId mine = finishedPartial(AS_ANA, "mine");
            UploadId bens = finishedPartial(AS_BEN, "bens");
            UploadId unfinished = uploads.createPartial(AS_ANA, 10).id();
            uploads.append(AS_ANA, unfinished, 0, bytes("12345"), Optional.empty());
            UploadId plain = uploads.create(AS_ANA, cmd("plain"), 10).id();
            UploadId missing = new UploadId(new dev.stowage.testing.contract.Fixtures().nextId());

            assertThatThrownBy(() -> uploads.concatenate(AS_ANA, cmd("f"), List.of(mine, missing)))
                    .isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> uploads.concatenate(AS_ANA, cmd("f"), List.of(mine, bens)))
                    .isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> uploads.concatenate(AS_ANA, cmd("f"), List.of(mine, unfinished)))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("not finished");
            assertThatThrownBy(() -> uploads.concatenate(AS_ANA, cmd("f"), List.of(mine, plain)))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("not a partial upload");
            assertThatThrownBy(() -> uploads.concatenate(AS_ANA, cmd("f"), List.of(mine, mine)))
                    .isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> uploads.concatenate(AS_ANA, cmd("f"), List.of()))
                    .isInstanceOf(InvalidInputException.class);
            assertThat(sessions.find(mine)).isPresent();
            assertThat(sessions.find(bens)).isPresent();
            assertThat(docs.usage(AS_ANA, ANA).usage().documents()).isZero();

            clock.advance(Duration.ofHours(2));
            assertThatThrownBy(() -> uploads.concatenate(AS_ANA, cmd("f"), List.of(mine)))
                    .isInstanceOf(NotFoundException.class).hasMessageContaining("expired");
            assertThat(uploads.expire(10)).isEqualTo(4);
            assertThat(staging.length(mine)).isZero();
        }

        @Test
        void aFinalUploadTakesNoChunks() {
            UploadId part = finishedPartial(AS_ANA, "xyz");
            var made = uploads.concatenate(AS_ANA, cmd("f"), List.of(part));

            assertThatThrownBy(() -> uploads.append(AS_ANA, made.upload().id(), 3, bytes(""), Optional.empty()))
                    .isInstanceOf(ForbiddenException.class);
        }

        @Test
        void theQuotaCountsTheWholeAndTheNameMustBeFree() {
            build(new DocumentSettings(1 << 20, Optional.of(6L), Duration.ofHours(1), Duration.ofMinutes(10)));
            UploadId a = finishedPartial(AS_ANA, "1234");
            UploadId b = finishedPartial(AS_ANA, "5678");

            assertThatThrownBy(() -> uploads.concatenate(AS_ANA, cmd("f"), List.of(a, b)))
                    .isInstanceOf(QuotaExceededException.class);
            uploads.concatenate(AS_ANA, cmd("f"), List.of(a));
            UploadId c = finishedPartial(AS_ANA, "90");
            assertThatThrownBy(() -> uploads.concatenate(AS_ANA, cmd("f"), List.of(c)))
                    .isInstanceOf(AlreadyExistsException.class);
        }
    }
}
