package dev.stowage.testing.program;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.application.port.in.program.ManageProgramsUseCase.ImageContent;
import dev.stowage.application.port.in.program.ProgramDraft;
import dev.stowage.application.port.out.BlobStore;
import dev.stowage.application.port.out.ImageInspector;
import dev.stowage.application.service.MonotonicIdGenerator;
import dev.stowage.application.service.program.ProgramService;
import dev.stowage.application.service.program.ProgramSettings;
import dev.stowage.domain.blob.BlobInfo;
import dev.stowage.domain.common.Actor;
import dev.stowage.domain.common.ByteRange;
import dev.stowage.domain.common.Json;
import dev.stowage.domain.common.JsonPatch;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.common.PageRequest;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.error.AlreadyExistsException;
import dev.stowage.domain.error.ForbiddenException;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.error.NotFoundException;
import dev.stowage.domain.error.TooLargeException;
import dev.stowage.domain.error.UnauthenticatedException;
import dev.stowage.domain.error.VersionMismatchException;
import dev.stowage.domain.program.Program;
import dev.stowage.domain.program.ProgramDiff;
import dev.stowage.domain.program.ProgramDiff.FieldChange;
import dev.stowage.domain.program.ProgramId;
import dev.stowage.domain.program.ProgramName;
import dev.stowage.domain.program.ProgramQuery;
import dev.stowage.domain.program.ProgramRevision;
import dev.stowage.testing.InMemoryProgramStore;
import dev.stowage.testing.InMemoryTransactions;
import dev.stowage.testing.ManualClock;
import dev.stowage.testing.contract.Fixtures;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The program service over the in-memory program store, with images on whichever blob store and
 * image inspector a subclass gives: every blob backend must keep the same promises, in particular
 * that no failure leaves a program pointing at a missing or partial blob, nor a blob behind.
 */
public abstract class ProgramServiceSuite {
    protected static final Actor ANA = Actor.user(new UserId("ana"));
    protected static final Actor BEN = Actor.user(new UserId("ben"));
    protected static final Actor ADMIN = Actor.admin(new UserId("root"));

    /** A fresh, empty blob store; called once per test. */
    protected abstract BlobStore newBlobStore();

    /** The image inspector under test, with a limit of {@link #MAX_PIXELS} pixels. */
    protected abstract ImageInspector inspector();

    /** The pixel limit the inspector must be made with. */
    protected static final long MAX_PIXELS = 4_000_000;

    protected ManualClock clock;
    protected BlobStore blobs;
    protected InMemoryProgramStore store;
    protected ProgramService programs;

    @BeforeEach
    void build() {
        clock = new ManualClock(Instant.parse("2026-03-01T08:00:00Z"));
        blobs = newBlobStore();
        store = new InMemoryProgramStore();
        programs = new ProgramService(store, blobs, inspector(), new InMemoryTransactions(),
                new MonotonicIdGenerator(clock), clock, new ProgramSettings(1024, 256 * 1024, 64));
    }

    // ---- create, read, list ----

    @Test
    void createMakesVersionOneRecordingWhoAndWhen() {
        Program p = programs.create(ANA, draft("Quick Preview", "{\"passes\":1}"));

        assertThat(p.version()).isEqualTo(1);
        assertThat(p.updatedBy()).isEqualTo(new UserId("ana"));
        assertThat(p.createdAt()).isEqualTo(clock.instant());
        assertThat(p.updatedAt()).isEqualTo(clock.instant());
        assertThat(p.configSha256()).isEqualTo(sha("{\"passes\":1}".getBytes()));
        assertThat(p.image()).isEmpty();
        assertThat(programs.get(p.id())).isEqualTo(p);
        assertThat(programs.getByName(new ProgramName("Quick Preview"))).isEqualTo(p);
    }

    @Test
    void unknownProgramsAreNotFound() {
        ProgramId unknown = new ProgramId(new Fixtures().nextId());
        assertThatThrownBy(() -> programs.get(unknown)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> programs.getByName(new ProgramName("nope"))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> programs.revisions(unknown, PageRequest.first(5))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> programs.update(ANA, unknown, 1, draft("x", "{}"))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> programs.putImage(ANA, unknown, 1, in(png(10, 10))))
                .isInstanceOf(NotFoundException.class);
        assertNoImageBlobs();
    }

    @Test
    void listFiltersActiveAndNamesAndPages() {
        programs.create(ANA, draft("alpha", "{}"));
        Program beta = programs.create(ANA, draft("beta", "{}"));
        programs.create(ANA, draft("Alphabet", "{}"));
        programs.setActive(ANA, beta.id(), 1, false);

        assertThat(Fixtures.walk(p -> programs.list(ProgramQuery.all(), p), 1)).extracting(p -> p.name().value())
                .containsExactly("Alphabet", "alpha", "beta");
        assertThat(Fixtures.walk(p -> programs.list(new ProgramQuery(true, Optional.empty()), p), 2))
                .extracting(p -> p.name().value()).containsExactly("Alphabet", "alpha");
        assertThat(Fixtures.walk(p -> programs.list(new ProgramQuery(false, Optional.of("ALPHA")), p), 10))
                .extracting(p -> p.name().value()).containsExactly("Alphabet", "alpha");
    }

    @Test
    void aNameClashIsRefusedAndStoresNothing() {
        Program first = programs.create(ANA, draft("taken", "{}"));
        Program other = programs.create(ANA, draft("other", "{}"));

        assertThatThrownBy(() -> programs.create(BEN, draft("taken", "{\"x\":1}")))
                .isInstanceOf(AlreadyExistsException.class).hasMessageContaining("taken");
        assertThatThrownBy(() -> programs.update(BEN, other.id(), 1, draft("taken", "{}")))
                .isInstanceOf(AlreadyExistsException.class);
        assertThat(programs.get(first.id())).isEqualTo(first);
        assertThat(programs.get(other.id())).isEqualTo(other);
        assertThat(Fixtures.walk(p -> programs.list(ProgramQuery.all(), p), 10)).hasSize(2);
    }

    @Test
    void aConfigOverTheLimitIsTooLargeAndChangesNothing() {
        String big = "{\"data\":\"" + "x".repeat(1100) + "\"}";
        assertThatThrownBy(() -> programs.create(ANA, draft("big", big))).isInstanceOf(TooLargeException.class)
                .hasMessageContaining("program config");
        Program p = programs.create(ANA, draft("small", "{}"));
        assertThatThrownBy(() -> programs.update(ANA, p.id(), 1, draft("small", big))).isInstanceOf(TooLargeException.class);
        // the limit counts UTF-8 bytes: 400 three-byte characters are 1200 bytes
        assertThatThrownBy(() -> programs.create(ANA, draft("euro", "\"" + "\u20ac".repeat(400) + "\"")))
                .isInstanceOf(TooLargeException.class);
        assertThat(programs.get(p.id())).isEqualTo(p);
        assertThat(Fixtures.walk(x -> programs.list(ProgramQuery.all(), x), 10)).hasSize(1);
    }

    @Test
    void changesNeedASignedInActor() {
        assertThatThrownBy(() -> programs.create(Actor.anonymous(), draft("x", "{}")))
                .isInstanceOf(UnauthenticatedException.class);
        Program p = programs.create(ANA, draft("x", "{}"));
        assertThatThrownBy(() -> programs.setActive(Actor.anonymous(), p.id(), 1, false))
                .isInstanceOf(UnauthenticatedException.class);
        assertThat(programs.get(p.id())).isEqualTo(p);
    }

    // ---- update, versions, revisions ----

    @Test
    void updateMakesTheNextVersionAndKeepsTheOldOneWithItsAuthor() {
        Program v1 = programs.create(ANA, draft("p", "{\"a\":1}"));
        clock.advance(Duration.ofMinutes(5));
        Program v2 = programs.update(BEN, v1.id(), 1, new ProgramDraft(new ProgramName("p2"), "second",
                JsonText.of("{\"a\":2}"), 3, true));

        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2.updatedBy()).isEqualTo(new UserId("ben"));
        assertThat(v2.updatedAt()).isEqualTo(clock.instant());
        assertThat(v2.createdAt()).isEqualTo(v1.createdAt());
        assertThat(v2.configSchemaVersion()).isEqualTo(3);
        List<ProgramRevision> kept = programs.revisions(v1.id(), PageRequest.first(10)).items();
        assertThat(kept).containsExactly(ProgramRevision.of(v1));
        assertThat(programs.revision(v1.id(), 1).updatedBy()).isEqualTo(new UserId("ana"));
        assertThat(programs.revision(v1.id(), 2)).as("the current version answers too").isEqualTo(ProgramRevision.of(v2));
    }

    @Test
    void aStaleVersionIsRefusedAndKeepsNoRevision() {
        Program p = programs.create(ANA, draft("p", "{}"));
        Program v2 = programs.setActive(ANA, p.id(), 1, false);

        assertThatThrownBy(() -> programs.update(BEN, p.id(), 1, draft("p", "{\"lost\":true}")))
                .isInstanceOfSatisfying(VersionMismatchException.class, e -> assertThat(e.actual()).isEqualTo(2));
        assertThatThrownBy(() -> programs.setActive(BEN, p.id(), 1, true)).isInstanceOf(VersionMismatchException.class);
        assertThatThrownBy(() -> programs.restore(BEN, p.id(), 1, 1)).isInstanceOf(VersionMismatchException.class);
        assertThatThrownBy(() -> programs.delete(ADMIN, p.id(), 1)).isInstanceOf(VersionMismatchException.class);
        assertThat(programs.get(p.id())).isEqualTo(v2);
        assertThat(programs.revisions(p.id(), PageRequest.first(10)).items()).hasSize(1);
    }

    @Test
    void anUnknownRevisionIsNotFound() {
        Program p = programs.create(ANA, draft("p", "{}"));
        programs.setActive(ANA, p.id(), 1, false);

        for (long bad : new long[] {0, 3, 99, -1}) {
            assertThatThrownBy(() -> programs.revision(p.id(), bad)).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("no version " + bad);
            assertThatThrownBy(() -> programs.diff(p.id(), 1, bad)).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> programs.restore(ANA, p.id(), bad, 2)).isInstanceOf(NotFoundException.class);
        }
        assertThat(programs.get(p.id()).version()).isEqualTo(2);
    }

    @Test
    void theDiffOfTwoVersionsIsAConfigPatchAndTheChangedFields() {
        Program v1 = programs.create(ANA, draft("scan", "{\"passes\":1,\"roi\":[0,0,10],\"a/b\":{\"~\":1}}"));
        programs.update(ANA, v1.id(), 1, new ProgramDraft(new ProgramName("scan HD"), "better",
                JsonText.of("{\"passes\":2,\"roi\":[0,0],\"a/b\":{\"~\":1},\"mode\":\"hd\"}"), 1, true));
        programs.setActive(ANA, v1.id(), 2, false);
        programs.putImage(ANA, v1.id(), 3, in(png(300, 200)));

        ProgramDiff forward = programs.diff(v1.id(), 1, 4);
        assertThat(Json.write(JsonPatch.toJson(forward.configPatch()))).isEqualTo("[{\"op\":\"replace\",\"path\":\"/passes\",\"value\":2},"
                + "{\"op\":\"remove\",\"path\":\"/roi/2\"},{\"op\":\"add\",\"path\":\"/mode\",\"value\":\"hd\"}]");
        assertThat(forward.changes()).extracting(FieldChange::field).containsExactly("name", "description", "active", "image");
        assertThat(forward.changes().get(0)).isEqualTo(new FieldChange("name", "scan", "scan HD"));
        assertThat(forward.changes().get(2)).isEqualTo(new FieldChange("active", true, false));
        assertThat(forward.changes().get(3).from()).isNull();
        assertThat(asMap(forward.changes().get(3).to())).containsEntry("width", 300).containsEntry("height", 200)
                .containsEntry("mimeType", "image/png");

        ProgramDiff backward = programs.diff(v1.id(), 4, 1);
        assertThat(backward.changes()).extracting(FieldChange::field).containsExactly("name", "description", "active", "image");
        assertThat(Json.write(JsonPatch.toJson(backward.configPatch()))).contains("\"op\":\"add\",\"path\":\"/roi/2\"");
        assertThat(programs.diff(v1.id(), 3, 3).configPatch()).isEmpty();
        assertThat(programs.diff(v1.id(), 3, 3).changes()).isEmpty();
        assertThat(programs.diff(v1.id(), 2, 3).configPatch()).as("only the flag changed").isEmpty();
    }

    @Test
    void restoreMakesAnOldVersionCurrentAsANewVersion() throws IOException {
        Program v1 = programs.create(ANA, draft("p", "{\"v\":1}"));
        byte[] first = png(120, 80);
        Program v2 = programs.putImage(ANA, v1.id(), 1, in(first));
        Program v3 = programs.update(ANA, v1.id(), 2, draft("renamed", "{\"v\":3}"));
        programs.putImage(ANA, v1.id(), 3, in(png(50, 50)));

        Program v5 = programs.restore(BEN, v1.id(), 2, 4);

        assertThat(v5.version()).isEqualTo(5);
        assertThat(v5.name()).isEqualTo(v2.name());
        assertThat(v5.config()).isEqualTo(v2.config());
        assertThat(v5.image()).isEqualTo(v2.image());
        assertThat(v5.updatedBy()).isEqualTo(new UserId("ben"));
        assertThat(read(programs.openImage(v1.id(), Optional.empty()).data())).isEqualTo(first);
        assertThat(programs.revisions(v1.id(), PageRequest.first(10)).items()).extracting(ProgramRevision::version)
                .containsExactly(4L, 3L, 2L, 1L);
        assertThat(programs.diff(v1.id(), 2, 5).configPatch()).isEmpty();
        assertThat(v3.name().value()).isEqualTo("renamed");
    }

    @Test
    void restoringANameAnotherProgramTookIsAClash() {
        Program p = programs.create(ANA, draft("first name", "{}"));
        programs.update(ANA, p.id(), 1, draft("second name", "{}"));
        programs.create(BEN, draft("first name", "{}"));

        assertThatThrownBy(() -> programs.restore(ANA, p.id(), 1, 2)).isInstanceOf(AlreadyExistsException.class);
        assertThat(programs.get(p.id()).version()).isEqualTo(2);
    }

    // ---- images ----

    @Test
    void putImageStoresTheBytesTheirFactsAndAThumbnail() throws IOException {
        Program p = programs.create(ANA, draft("p", "{}"));
        byte[] image = png(640, 320);

        Program withImage = programs.putImage(BEN, p.id(), 1, in(image));

        var facts = withImage.image().orElseThrow();
        assertThat(withImage.version()).isEqualTo(2);
        assertThat(withImage.updatedBy()).isEqualTo(new UserId("ben"));
        assertThat(facts.mimeType().value()).isEqualTo("image/png");
        assertThat(facts.size()).isEqualTo(image.length);
        assertThat(facts.sha256()).isEqualTo(sha(image));
        assertThat(facts.width()).isEqualTo(640);
        assertThat(facts.height()).isEqualTo(320);
        assertThat(read(programs.openImage(p.id(), Optional.empty()).data())).isEqualTo(image);
        ImageContent part = programs.openImage(p.id(), Optional.of(new ByteRange(10, 10_000_000)));
        assertThat(part.range()).contains(new ByteRange(10, image.length - 1));
        assertThat(read(part.data())).isEqualTo(Arrays.copyOfRange(image, 10, image.length));
        BufferedImage thumb = ImageIO.read(programs.openThumbnail(p.id()).data());
        assertThat(thumb.getWidth()).isEqualTo(64);
        assertThat(thumb.getHeight()).isEqualTo(32);
    }

    @Test
    void aJpegIsStoredAsJpegWhateverTheCallerThinks() throws IOException {
        Program p = programs.create(ANA, draft("p", "{}"));
        Program withImage = programs.putImage(ANA, p.id(), 1, in(encode(picture(200, 100), "jpeg")));
        assertThat(withImage.image().orElseThrow().mimeType().value()).isEqualTo("image/jpeg");
    }

    @Test
    void aProgramWithoutAnImageHasNoImageNorThumbnail() {
        Program p = programs.create(ANA, draft("p", "{}"));
        assertThatThrownBy(() -> programs.openImage(p.id(), Optional.empty())).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("no image");
        assertThatThrownBy(() -> programs.openThumbnail(p.id())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void bytesThatAreNotAnImageAreRefusedAndLeaveNothingBehind() throws IOException {
        Program p = programs.create(ANA, draft("p", "{}"));
        List<byte[]> bad = List.of(new byte[0], "GIF89a not really".getBytes(), "<script>alert(1)</script>".getBytes(),
                encode(picture(20, 20), "gif"));
        for (byte[] bytes : bad) {
            assertThatThrownBy(() -> programs.putImage(ANA, p.id(), 1, in(bytes))).isInstanceOf(InvalidInputException.class);
        }
        assertThat(programs.get(p.id())).isEqualTo(p);
        assertNoImageBlobs();
    }

    @Test
    void aTruncatedImageIsRefusedAndLeavesNothingBehind() throws IOException {
        Program p = programs.create(ANA, draft("p", "{}"));
        byte[] whole = noisyPng(300, 300);
        byte[] cut = Arrays.copyOf(whole, whole.length * 2 / 3);

        assertThatThrownBy(() -> programs.putImage(ANA, p.id(), 1, in(cut))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("truncated");
        assertThat(programs.get(p.id())).isEqualTo(p);
        assertNoImageBlobs();
    }

    @Test
    void anUploadThatBreaksOffLeavesNothingBehind() throws IOException {
        Program p = programs.create(ANA, draft("p", "{}"));
        byte[] whole = noisyPng(300, 300);
        InputStream breaksOff = new InputStream() {
            private int served;

            @Override
            public int read() throws IOException {
                if (served >= whole.length / 2) {
                    throw new IOException("connection reset");
                }
                return whole[served++] & 0xff;
            }
        };

        assertThatThrownBy(() -> programs.putImage(ANA, p.id(), 1, breaksOff)).isInstanceOf(RuntimeException.class);
        assertThat(programs.get(p.id())).isEqualTo(p);
        assertNoImageBlobs();
    }

    @Test
    void tooManyBytesOrPixelsAreTooLargeAndLeaveNothingBehind() throws IOException {
        Program p = programs.create(ANA, draft("p", "{}"));
        byte[] heavy = noisyPng(400, 400); // about 480 KB: over the 256 KiB limit
        assertThat(heavy.length).isGreaterThan(256 * 1024);
        assertThatThrownBy(() -> programs.putImage(ANA, p.id(), 1, in(heavy))).isInstanceOf(TooLargeException.class)
                .hasMessageContaining("program image");
        byte[] wide = png(2100, 2000); // 4.2 million pixels, few bytes
        assertThatThrownBy(() -> programs.putImage(ANA, p.id(), 1, in(wide))).isInstanceOf(TooLargeException.class)
                .hasMessageContaining("pixels");
        assertThat(programs.get(p.id())).isEqualTo(p);
        assertNoImageBlobs();
    }

    @Test
    void aStaleVersionIsRefusedBeforeAnyByteIsStored() throws IOException {
        Program p = programs.create(ANA, draft("p", "{}"));
        programs.setActive(ANA, p.id(), 1, false);

        assertThatThrownBy(() -> programs.putImage(ANA, p.id(), 1, in(png(10, 10)))).isInstanceOf(VersionMismatchException.class);
        assertNoImageBlobs();
    }

    @Test
    void aReplacedImageStaysWithItsRevision() throws IOException {
        Program p = programs.create(ANA, draft("p", "{}"));
        byte[] first = png(100, 100);
        Program v2 = programs.putImage(ANA, p.id(), 1, in(first));
        programs.putImage(ANA, p.id(), 2, in(png(30, 60)));

        ProgramRevision kept = programs.revision(p.id(), 2);
        assertThat(kept.image()).isEqualTo(v2.image());
        try (InputStream old = blobs.open(kept.image().orElseThrow().blob())) {
            assertThat(old.readAllBytes()).isEqualTo(first);
        }
        assertThat(imageBlobs()).hasSize(4);
    }

    // ---- delete ----

    @Test
    void deleteNeedsAnAdministratorAndTheCurrentVersion() {
        Program p = programs.create(ANA, draft("p", "{}"));
        assertThatThrownBy(() -> programs.delete(ANA, p.id(), 1)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> programs.delete(Actor.anonymous(), p.id(), 1)).isInstanceOf(UnauthenticatedException.class);
        assertThat(programs.get(p.id())).isEqualTo(p);
    }

    @Test
    void deleteRemovesTheProgramItsRevisionsAndEveryImageBlob() throws IOException {
        Program p = programs.create(ANA, draft("doomed", "{}"));
        programs.putImage(ANA, p.id(), 1, in(png(100, 100)));
        programs.putImage(ANA, p.id(), 2, in(png(60, 100)));
        Program keep = programs.create(ANA, draft("keep", "{}"));
        programs.putImage(ANA, keep.id(), 1, in(png(10, 10)));
        assertThat(imageBlobs()).hasSize(6);

        programs.delete(ADMIN, p.id(), 3);

        assertThatThrownBy(() -> programs.get(p.id())).isInstanceOf(NotFoundException.class);
        assertThat(store.revisions(p.id(), PageRequest.first(10)).items()).isEmpty();
        assertThat(imageBlobs()).hasSize(2).allMatch(b -> !b.key().value().contains(p.id().value().toLowerCase()));
        assertThat(read(programs.openImage(keep.id(), Optional.empty()).data())).isNotEmpty();
        assertThatThrownBy(() -> programs.delete(ADMIN, p.id(), 3)).isInstanceOf(NotFoundException.class);
    }

    // ---- helpers ----

    protected static ProgramDraft draft(String name, String config) {
        return new ProgramDraft(new ProgramName(name), "", JsonText.of(config), 1, true);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return (Map<String, Object>) value;
    }

    protected void assertNoImageBlobs() {
        assertThat(imageBlobs()).isEmpty();
    }

    protected List<BlobInfo> imageBlobs() {
        List<BlobInfo> all = new ArrayList<>();
        blobs.list("programs/").forEachRemaining(all::add);
        return all;
    }

    protected static InputStream in(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }

    protected static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    protected static Sha256 sha(byte[] bytes) {
        return Sha256.digest(bytes);
    }

    /** A small PNG: two colour blocks, compresses well. */
    public static byte[] png(int w, int h) {
        return encode(picture(w, h), "png");
    }

    /**
     * A decompression bomb: a PNG of a few hundred bytes whose header declares {@code width} x
     * {@code height} pixels (a small real PNG with its IHDR size, and that chunk's CRC, rewritten), so
     * only a reader that trusts the header before decoding is safe from it.
     */
    public static byte[] bombPng(int width, int height) {
        byte[] png = png(16, 16);
        // signature (8), then IHDR: length (4), type (4), width and height (4 each), 5 more bytes, CRC (4)
        java.nio.ByteBuffer.wrap(png, 16, 8).putInt(width).putInt(height);
        var crc = new java.util.zip.CRC32();
        crc.update(png, 12, 17);
        java.nio.ByteBuffer.wrap(png, 29, 4).putInt((int) crc.getValue());
        return png;
    }

    /** A PNG of random pixels, which hardly compress. */
    public static byte[] noisyPng(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        var random = new java.util.Random(w * 31L + h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, random.nextInt());
            }
        }
        return encode(img, "png");
    }

    private static BufferedImage picture(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLUE);
        g.fillRect(0, 0, Math.max(1, w / 3), Math.max(1, h / 3));
        g.dispose();
        return img;
    }

    private static byte[] encode(BufferedImage img, String format) {
        var out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, format, out)) {
                throw new AssertionError("no writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
