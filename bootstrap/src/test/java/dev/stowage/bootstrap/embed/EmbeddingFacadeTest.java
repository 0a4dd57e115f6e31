package dev.stowage.bootstrap.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.stowage.application.port.in.queue.EnqueueCommand;
import dev.stowage.application.worker.JobHandler;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.domain.backup.Backup;
import dev.stowage.domain.backup.BackupStatus;
import dev.stowage.domain.common.Actor;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.common.PageRequest;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.document.Document;
import dev.stowage.domain.document.DocumentName;
import dev.stowage.domain.document.FileName;
import dev.stowage.domain.document.MimeType;
import dev.stowage.domain.error.AlreadyExistsException;
import dev.stowage.domain.error.NotFoundException;
import dev.stowage.domain.error.StowageException;
import dev.stowage.domain.program.Program;
import dev.stowage.domain.program.ProgramName;
import dev.stowage.domain.program.ProgramQuery;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobFilter;
import dev.stowage.domain.queue.JobState;
import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.QueueName;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import javax.imageio.ImageIO;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The typed views of an embedded Stowage ({@code queue()}, {@code documents()}, {@code programs()},
 * {@code backups()}), on a real SQLite file, blob folder and backup folder; and their string
 * overloads, which must refuse what the value types refuse, with the value types' own errors.
 */
class EmbeddingFacadeTest {
    private static final Duration LONG_ENOUGH = Duration.ofMinutes(1);

    @TempDir
    Path dir;
    private Stowage stowage;

    @BeforeEach
    void start() {
        stowage = Stowage.builder().dataDir(dir.resolve("data")).build();
        stowage.start();
    }

    @AfterEach
    void stop() {
        stowage.close();
    }

    @Test
    void jobsEnqueuedFromStringsRunOnAWorkerAndFinish() throws Exception {
        var workers = stowage.workers("facade-1");
        JobHandler echo = ctx -> Optional.of(JsonText.of("{\"echo\":" + ctx.payload().json() + "}"));
        workers.register("renders", "render", echo);
        workers.start();
        JobQueue queue = stowage.queue();

        Job job = queue.enqueue("renders", "render", "{\"file\":\"a.stl\"}");
        assertThat(job.queue()).isEqualTo(new QueueName("renders"));
        assertThat(job.type()).isEqualTo(new JobType("render"));

        Job done = queue.awaitFinished(job.id(), LONG_ENOUGH);
        assertThat(done.state()).isEqualTo(JobState.COMPLETED);
        assertThat(done.result()).contains(JsonText.of("{\"echo\":{\"file\":\"a.stl\"}}"));
        assertThat(queue.job(job.id())).isEqualTo(done);
        assertThat(queue.stats("renders", Duration.ofDays(1)).countsByState()).containsEntry(JobState.COMPLETED, 1L);
        assertThat(queue.list(JobFilter.queue(new QueueName("renders")), PageRequest.first(10)).items())
                .extracting(Job::id).containsExactly(job.id());
    }

    @Test
    void aPausedQueueHoldsItsJobsWhichMayBeCancelledAndRetried() throws Exception {
        JobQueue queue = stowage.queue();
        assertThat(queue.pause("held").paused()).isTrue();
        assertThat(queue.settings("held").paused()).isTrue();
        var inserted = queue.enqueue(EnqueueCommand.of(new QueueName("held"), new JobType("render"), JsonText.emptyObject())
                .withDedupKey("once"));
        assertThat(inserted.created()).isTrue();
        assertThat(queue.enqueue(EnqueueCommand.of(new QueueName("held"), new JobType("render"), JsonText.emptyObject())
                .withDedupKey("once")).created()).as("a second enqueue with the dedup key").isFalse();

        assertThatThrownBy(() -> queue.awaitFinished(inserted.job().id(), Duration.ZERO))
                .isInstanceOf(TimeoutException.class).hasMessageContaining("PENDING");
        assertThat(queue.cancel(inserted.job().id()).state()).isEqualTo(JobState.CANCELLED);
        assertThat(queue.awaitFinished(inserted.job().id(), Duration.ZERO).state()).isEqualTo(JobState.CANCELLED);
        assertThat(queue.retry(inserted.job().id()).state()).isEqualTo(JobState.PENDING);
        assertThat(queue.resume("held").paused()).isFalse();
        assertThat(queue.queues()).extracting(s -> s.queue().value()).contains("held");
    }

    @Test
    void anOwnerGivenAsAStringStoresReadsListsAndDeletesTheirDocuments() throws Exception {
        Documents documents = stowage.documents();
        Document notes = documents.upload("ana", "notes.txt", "text/plain", utf8("hello"));
        assertThat(notes.owner()).isEqualTo(new UserId("ana"));
        assertThat(notes.name()).isEqualTo(new DocumentName("notes.txt"));
        assertThat(notes.fileName()).isEqualTo(new FileName("notes.txt"));
        assertThat(notes.mimeType()).isEqualTo(new MimeType("text/plain"));

        assertThat(documents.get("ana", notes.id())).isEqualTo(notes);
        try (InputStream in = documents.download("ana", notes.id()).bytes()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
        }
        assertThat(documents.list("ana", 10).items()).containsExactly(notes);
        assertThatThrownBy(() -> documents.upload("ana", "notes.txt", "text/plain", utf8("again")))
                .isInstanceOf(AlreadyExistsException.class);
        // another user does not learn that a private document exists
        assertThatThrownBy(() -> documents.get("bob", notes.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> documents.delete("bob", notes.id())).isInstanceOf(NotFoundException.class);

        documents.delete("ana", notes.id());
        assertThatThrownBy(() -> documents.get("ana", notes.id())).isInstanceOf(NotFoundException.class);
        assertThat(documents.list("ana", 10).items()).isEmpty();
    }

    @Test
    void aProgramMadeFromStringsIsFoundByNameAndKeepsItsRevisions() throws Exception {
        Programs programs = stowage.programs();
        Program lathe = programs.create("ana", "Lathe", "{\"speed\":3}");
        assertThat(lathe.version()).isEqualTo(1);
        assertThat(lathe.active()).isTrue();
        assertThat(lathe.description()).isEmpty();
        assertThat(lathe.configSchemaVersion()).isEqualTo(1);
        assertThat(lathe.config()).isEqualTo(JsonText.of("{\"speed\":3}"));
        assertThat(programs.byName("Lathe")).isEqualTo(lathe);

        Actor ana = Actor.user(new UserId("ana"));
        Program withImage = programs.putImage(ana, lathe.id(), 1, png());
        Program inactive = programs.setActive(ana, lathe.id(), withImage.version(), false);
        assertThat(inactive.version()).isEqualTo(3);
        try (InputStream thumbnail = programs.openThumbnail(lathe.id()).data()) {
            assertThat(ImageIO.read(thumbnail)).isNotNull();
        }
        assertThat(programs.revisions(lathe.id(), PageRequest.first(10)).items()).hasSize(2);
        assertThat(programs.list(ProgramQuery.all(), PageRequest.first(10)).items())
                .extracting(Program::id).containsExactly(lathe.id());
    }

    @Test
    void aBackupGoesToTheFolderPassesItsVerifyAndRestoresIntoANewDataFolder() throws Exception {
        Document notes = stowage.documents().upload("ana", "notes.txt", "text/plain", utf8("kept"));
        Backups backups = stowage.backups();

        Backup backup = backups.create("facade test");
        assertThat(backup.status()).isEqualTo(BackupStatus.COMPLETE);
        assertThat(backups.verify(backup.id()).ok()).isTrue();
        assertThat(backups.list()).extracting(Backup::id).containsExactly(backup.id());
        assertThat(backups.get(backup.id()).verifiedGood()).isTrue();
        assertThat(dir.resolve("data/backups")).isDirectoryContaining(p -> true);

        Path restored = dir.resolve("restored");
        backups.restore(backup.id(), restored);
        try (Stowage copy = Stowage.builder().dataDir(restored).build()) {
            copy.start();
            try (InputStream in = copy.documents().download("ana", notes.id()).bytes()) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("kept");
            }
        }
    }

    @Test
    void badStringsGetTheValueTypesOwnErrorsAndNothingIsStored() throws Exception {
        JobQueue queue = stowage.queue();
        Documents documents = stowage.documents();
        Programs programs = stowage.programs();
        Backups backups = stowage.backups();
        String tooLong = "q".repeat(QueueName.MAX_LENGTH + 1);
        String hugeJson = "[" + "0,".repeat(JsonText.DEFAULT_MAX_CHARS / 2) + "0]";

        refusedAlike(() -> queue.enqueue("", "render", "{}"), () -> new QueueName(""));
        refusedAlike(() -> queue.enqueue(tooLong, "render", "{}"), () -> new QueueName(tooLong));
        refusedAlike(() -> queue.enqueue("../renders", "render", "{}"), () -> new QueueName("../renders"));
        refusedAlike(() -> queue.enqueue("renders", "render job", "{}"), () -> new JobType("render job"));
        refusedAlike(() -> queue.enqueue("renders", "render", "{\"a\":"), () -> JsonText.of("{\"a\":"));
        refusedAlike(() -> queue.enqueue("renders", "render", "{\"a\":1,\"a\":2}"), () -> JsonText.of("{\"a\":1,\"a\":2}"));
        refusedAlike(() -> queue.enqueue("renders", "render", hugeJson), () -> JsonText.of(hugeJson));
        refusedAlike(() -> queue.pause(" renders"), () -> new QueueName(" renders"));
        refusedAlike(() -> queue.stats("renders\n", Duration.ofHours(1)), () -> new QueueName("renders\n"));
        var workers = stowage.workers("facade-bad");
        refusedAlike(() -> workers.register("renders/x", "render", ctx -> Optional.empty()), () -> new QueueName("renders/x"));
        refusedAlike(() -> workers.register("renders", "", ctx -> Optional.empty()), () -> new JobType(""));

        refusedAlike(() -> documents.upload("", "a.txt", "text/plain", utf8("x")), () -> new UserId(""));
        refusedAlike(() -> documents.upload("ana/../bob", "a.txt", "text/plain", utf8("x")), () -> new UserId("ana/../bob"));
        refusedAlike(() -> documents.upload("ana", "../../etc/passwd", "text/plain", utf8("x")),
                () -> new FileName("../../etc/passwd"));
        refusedAlike(() -> documents.upload("ana", "..", "text/plain", utf8("x")), () -> new FileName(".."));
        refusedAlike(() -> documents.upload("ana", " a.txt", "text/plain", utf8("x")), () -> new DocumentName(" a.txt"));
        refusedAlike(() -> documents.upload("ana", "a\u0000.txt", "text/plain", utf8("x")), () -> new DocumentName("a\u0000.txt"));
        refusedAlike(() -> documents.upload("ana", "a.txt", "text", utf8("x")), () -> new MimeType("text"));
        refusedAlike(() -> documents.upload("ana", "a.txt", "text/html; charset=utf-8", utf8("x")),
                () -> new MimeType("text/html; charset=utf-8"));

        refusedAlike(() -> programs.create("ana", "Lathe ", "{}"), () -> new ProgramName("Lathe "));
        refusedAlike(() -> programs.create("ana", "", "{}"), () -> new ProgramName(""));
        refusedAlike(() -> programs.create("ana", "Lathe", "{speed:3}"), () -> JsonText.of("{speed:3}"));
        refusedAlike(() -> programs.create("", "Lathe", "{}"), () -> new UserId(""));
        refusedAlike(() -> programs.byName(""), () -> new ProgramName(""));

        refusedAlike(() -> backups.create(""), () -> Backup.checkLabel(""));
        refusedAlike(() -> backups.create("x".repeat(201)), () -> Backup.checkLabel("x".repeat(201)));

        assertThat(queue.list(JobFilter.all(), PageRequest.first(10)).items()).isEmpty();
        assertThat(queue.queues()).noneMatch(s -> s.paused());
        assertThat(documents.list("ana", 10).items()).isEmpty();
        assertThat(programs.list(ProgramQuery.all(), PageRequest.first(10)).items()).isEmpty();
        assertThat(backups.list()).isEmpty();
    }

    /** The overload refuses {@code viaFacade} exactly as the value type refuses {@code viaValueType}. */
    private static void refusedAlike(ThrowingCallable viaFacade, ThrowingCallable viaValueType) {
        Throwable expected = catchThrowable(viaValueType);
        assertThat(expected).as("the value type refuses it").isInstanceOf(StowageException.class);
        assertThatThrownBy(viaFacade).isExactlyInstanceOf(expected.getClass()).hasMessage(expected.getMessage());
    }

    private static InputStream utf8(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static InputStream png() throws Exception {
        var image = new BufferedImage(32, 24, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 4, 0xff8800);
        var out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return new ByteArrayInputStream(out.toByteArray());
    }
}
