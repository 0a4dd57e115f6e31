package dev.stowage.testing.program;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.application.port.in.document.CheckConsistencyUseCase.Finding;
import dev.stowage.application.port.out.BlobStore.PutOptions;
import dev.stowage.application.service.MonotonicIdGenerator;
import dev.stowage.application.service.document.ConsistencyService;
import dev.stowage.application.service.document.StoreDocumentsService;
import dev.stowage.application.service.document.DocumentSettings;
import dev.stowage.application.service.document.ResumableUploadService;
import dev.stowage.domain.blob.BlobKey;
import dev.stowage.domain.document.MimeType;
import dev.stowage.domain.program.Program;
import dev.stowage.domain.program.ProgramImage;
import dev.stowage.testing.InMemoryBlobStore;
import dev.stowage.testing.InMemoryDocumentCatalog;
import dev.stowage.testing.InMemoryProgramStore;
import dev.stowage.testing.InMemoryTransactions;
import dev.stowage.testing.InMemoryUploadSessions;
import dev.stowage.testing.InMemoryUploadStaging;
import dev.stowage.testing.ManualClock;
import dev.stowage.testing.contract.Fixtures;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sweeper and {@code fsck} see program images: the blobs of a program and of every revision it
 * keeps are never swept, a program blob nothing refers to is swept like any other orphan, and a
 * program or revision whose image or thumbnail is gone is reported.
 */
class ProgramBlobConsistencyTest {
    static final Duration GRACE = Duration.ofMinutes(10);

    final Fixtures fx = new Fixtures();
    ManualClock clock;
    InMemoryBlobStore blobs;
    InMemoryProgramStore programs;
    ResumableUploadService uploads;
    DocumentSettings settings;
    ConsistencyService fsck;

    @BeforeEach
    void setUp() {
        clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        blobs = new InMemoryBlobStore(clock);
        programs = new InMemoryProgramStore();
        var documents = new InMemoryDocumentCatalog();
        settings = new DocumentSettings(1 << 20, Optional.empty(), Duration.ofHours(1), GRACE);
        var ids = new MonotonicIdGenerator(clock);
        var docs = new StoreDocumentsService(documents, blobs, new InMemoryTransactions(), ids, clock, settings);
        uploads = new ResumableUploadService(new InMemoryUploadSessions(), new InMemoryUploadStaging(), blobs, docs, ids, clock);
        fsck = new ConsistencyService(List.of(documents, programs), blobs, uploads, clock, settings);
    }

    @Test
    void theImagesOfProgramsAndOfTheirKeptRevisionsSurviveTheSweeper() {
        ProgramImage first = storedImage("first", true);
        ProgramImage second = storedImage("second", true);
        Program program = fx.program("p").image(first).build();
        programs.insert(program);
        programs.update(fx.edit(program).image(second).build(), 1);
        clock.advance(GRACE.multipliedBy(3));

        assertThat(fsck.sweep()).isEmpty();
        assertThat(fsck.check(true, false)).isEmpty();

        for (BlobKey key : List.of(first.blob(), first.thumbnail().orElseThrow(), second.blob(), second.thumbnail().orElseThrow())) {
            assertThat(blobs.stat(key)).as("%s", key).isPresent();
        }
    }

    @Test
    void aProgramBlobNothingRefersToIsSweptOncePastTheGrace() {
        programs.insert(fx.program("p").image(storedImage("kept", false)).build());
        BlobKey orphan = put("programs/images/orphan", "left by a crash between blob and row");

        assertThat(fsck.sweep()).as("within the grace period").isEmpty();
        clock.advance(GRACE.plusSeconds(1));

        assertThat(fsck.check(false, false)).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Finding.Kind.ORPHAN_BLOB);
            assertThat(f.subject()).isEqualTo("blob " + orphan);
        });
        assertThat(fsck.sweep()).singleElement().satisfies(f -> assertThat(f.repaired()).isTrue());
        assertThat(blobs.stat(orphan)).isEmpty();
        assertThat(fsck.check(true, false)).isEmpty();
    }

    @Test
    void onceTheirProgramIsDeletedItsImagesAndItsRevisionsImagesAreOrphans() {
        ProgramImage first = storedImage("first", true);
        ProgramImage second = storedImage("second", false);
        Program program = fx.program("p").image(first).build();
        programs.insert(program);
        programs.update(fx.edit(program).image(second).build(), 1);
        programs.delete(program.id());
        clock.advance(GRACE.plusSeconds(1));

        assertThat(fsck.sweep()).extracting(Finding::subject).containsExactlyInAnyOrder(
                "blob " + first.blob(), "blob " + first.thumbnail().orElseThrow(), "blob " + second.blob());
        assertThat(blobs.stat(first.blob())).isEmpty();
    }

    @Test
    void aMissingImageThumbnailOrRevisionImageIsReportedAndNeverRepaired() {
        ProgramImage first = storedImage("first", true);
        ProgramImage second = storedImage("second", true);
        Program program = fx.program("p").image(first).build();
        programs.insert(program);
        programs.update(fx.edit(program).image(second).build(), 1);
        blobs.delete(second.blob());
        blobs.delete(first.thumbnail().orElseThrow());

        List<Finding> found = fsck.check(false, true);

        assertThat(found).allSatisfy(f -> {
            assertThat(f.kind()).isEqualTo(Finding.Kind.MISSING_BLOB);
            assertThat(f.repaired()).isFalse();
        });
        assertThat(found).extracting(Finding::subject).containsExactlyInAnyOrder(
                "program " + program.id() + " image", "program " + program.id() + " revision 1 thumbnail");
    }

    @Test
    void aProgramImageOfTheWrongSizeOrDigestIsCorrupt() {
        ProgramImage image = storedImage("right", false);
        programs.insert(fx.program("p").image(image).build());
        put(image.blob().value(), "wrong"); // as long as "right", other bytes

        assertThat(fsck.check(false, false)).isEmpty();
        assertThat(fsck.check(true, false)).singleElement().satisfies(f -> assertThat(f.kind()).isEqualTo(Finding.Kind.CORRUPT_BLOB));

        put(image.blob().value(), "much longer than it was");
        assertThat(fsck.check(false, false)).singleElement().satisfies(f -> assertThat(f.kind()).isEqualTo(Finding.Kind.CORRUPT_BLOB));
    }

    @Test
    void aCheckWithNoHolderIsRefusedRatherThanSweepingEverything() {
        assertThatThrownBy(() -> new ConsistencyService(List.of(), blobs, uploads, clock, settings))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** An image whose blobs are in the store, as the program service leaves it. */
    private ProgramImage storedImage(String content, boolean withThumbnail) {
        BlobKey key = fx.blobKey("programs/images");
        put(key.value(), content);
        Optional<BlobKey> thumbnail = Optional.empty();
        if (withThumbnail) {
            thumbnail = Optional.of(put(fx.blobKey("programs/thumbnails").value(), content + " small"));
        }
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return new ProgramImage(key, new MimeType("image/png"), bytes.length, Fixtures.sha256(bytes), 10, 10, thumbnail);
    }

    private BlobKey put(String key, String content) {
        BlobKey blob = new BlobKey(key);
        blobs.put(blob, new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), PutOptions.unlimited());
        return blob;
    }
}
