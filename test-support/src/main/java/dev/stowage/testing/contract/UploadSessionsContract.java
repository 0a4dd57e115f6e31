package dev.stowage.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.application.port.out.UploadSessions;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.document.ResumableUpload;
import dev.stowage.domain.document.UploadConcat;
import dev.stowage.domain.document.UploadId;
import dev.stowage.domain.error.AlreadyExistsException;
import dev.stowage.domain.error.ConflictException;
import dev.stowage.domain.error.NotFoundException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link UploadSessions} promises. An adapter's test extends this class and says only
 * how to make a fresh, empty store.
 *
 * <p>"Oldest first" in {@link UploadSessions#expired} is left open by the port (by creation or by
 * expiry); here both orders agree, so either reading passes.
 */
public abstract class UploadSessionsContract {

    /** A new, empty store. Called once per test. */
    protected abstract UploadSessions newSessions();

    protected final Fixtures fx = new Fixtures();
    protected UploadSessions sessions;

    private final UserId ana = new UserId("ana");

    @BeforeEach
    void makeSessions() {
        sessions = newSessions();
    }

    @Test
    void aCreatedUploadIsFound() {
        ResumableUpload upload = fx.upload(ana).length(5000).expectedSha256(Fixtures.sha256("x")).build();
        sessions.create(upload);

        assertThat(sessions.find(upload.id())).contains(upload);
        assertThat(sessions.find(new UploadId(fx.nextId()))).isEmpty();
    }

    @Test
    void partialAndFinalUploadsComeBackAsTheyWereCreated() {
        ResumableUpload partialA = ResumableUpload.partial(new UploadId(fx.nextId()), ana, 300, fx.at(0), fx.at(100));
        ResumableUpload partialB = ResumableUpload.partial(new UploadId(fx.nextId()), ana, 200, fx.at(0), fx.at(100));
        ResumableUpload whole = fx.upload(ana).length(500).offset(500)
                .concat(UploadConcat.finalOf(List.of(partialB.id(), partialA.id()))).build();
        for (ResumableUpload u : List.of(partialA, partialB, whole)) {
            sessions.create(u);
        }

        assertThat(sessions.find(partialA.id())).contains(partialA);
        assertThat(sessions.find(whole.id())).contains(whole);
        assertThat(sessions.find(whole.id()).orElseThrow().concat().parts()).containsExactly(partialB.id(), partialA.id());
        ResumableUpload advanced = sessions.advance(partialB.id(), 0, 200);
        assertThat(advanced.concat()).isEqualTo(UploadConcat.PARTIAL);
        assertThat(sessions.find(partialB.id())).contains(partialB.withOffset(200));
    }

    @Test
    void aBackupArchiveUploadKeepsItsPurposeAndItsFileName() {
        ResumableUpload archive = ResumableUpload.backupArchive(new UploadId(fx.nextId()), ana, 4096,
                new dev.stowage.domain.document.FileName("nightly.tar.gz"), fx.at(0), fx.at(100));
        ResumableUpload document = fx.upload(ana).build();
        sessions.create(archive);
        sessions.create(document);

        assertThat(sessions.find(archive.id())).contains(archive);
        assertThat(sessions.advance(archive.id(), 0, 4096).purpose())
                .isEqualTo(dev.stowage.domain.document.UploadPurpose.BACKUP_ARCHIVE);
        assertThat(sessions.find(archive.id()).orElseThrow().fileName().value()).isEqualTo("nightly.tar.gz");
        assertThat(sessions.find(document.id()).orElseThrow().purpose())
                .isEqualTo(dev.stowage.domain.document.UploadPurpose.DOCUMENT);
    }

    @Test
    void anIdCannotBeUsedTwice() {
        ResumableUpload first = fx.upload(ana).build();
        sessions.create(first);

        assertThatThrownBy(() -> sessions.create(fx.upload(ana).id(first.id()).length(1).build()))
                .isInstanceOf(AlreadyExistsException.class);
        assertThat(sessions.find(first.id())).contains(first);
    }

    @Test
    void advanceFromTheCurrentOffsetMovesItAndReturnsTheUpload() {
        ResumableUpload upload = fx.upload(ana).length(100).build();
        sessions.create(upload);

        ResumableUpload advanced = sessions.advance(upload.id(), 0, 40);
        assertThat(advanced).isEqualTo(upload.withOffset(40));
        assertThat(sessions.find(upload.id())).contains(advanced);

        ResumableUpload complete = sessions.advance(upload.id(), 40, 100);
        assertThat(complete.offset()).isEqualTo(100);
        assertThat(complete.complete()).isTrue();
        assertThat(sessions.find(upload.id())).contains(complete);
    }

    @Test
    void advanceFromAStaleOffsetIsAConflictAndChangesNothing() {
        ResumableUpload upload = fx.upload(ana).length(100).build();
        sessions.create(upload);
        sessions.advance(upload.id(), 0, 40);

        assertThatThrownBy(() -> sessions.advance(upload.id(), 0, 40)).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> sessions.advance(upload.id(), 50, 60)).isInstanceOf(ConflictException.class);
        assertThat(sessions.find(upload.id()).orElseThrow().offset()).isEqualTo(40);
    }

    @Test
    void advanceOfAnUnknownUploadIsNotFound() {
        assertThatThrownBy(() -> sessions.advance(new UploadId(fx.nextId()), 0, 1)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void concurrentAdvancesFromOneOffsetLetExactlyOneWin() {
        ResumableUpload upload = fx.upload(ana).length(100).build();
        sessions.create(upload);

        List<Object> outcomes = Fixtures.race(4, i -> () -> sessions.advance(upload.id(), 0, 10 + i));

        assertThat(outcomes).filteredOn(ResumableUpload.class::isInstance).hasSize(1);
        assertThat(outcomes).filteredOn(o -> !(o instanceof ResumableUpload)).allMatch(ConflictException.class::isInstance);
        ResumableUpload winner = (ResumableUpload) outcomes.stream()
                .filter(ResumableUpload.class::isInstance).findFirst().orElseThrow();
        assertThat(sessions.find(upload.id())).contains(winner);
    }

    @Test
    void deleteSaysWhetherThereWasAnUpload() {
        ResumableUpload upload = fx.upload(ana).build();
        sessions.create(upload);

        assertThat(sessions.delete(upload.id())).isTrue();
        assertThat(sessions.find(upload.id())).isEmpty();
        assertThat(sessions.delete(upload.id())).isFalse();
        assertThat(sessions.delete(new UploadId(fx.nextId()))).isFalse();
    }

    @Test
    void aDeletedUploadCannotAdvance() {
        ResumableUpload upload = fx.upload(ana).build();
        sessions.create(upload);
        sessions.delete(upload.id());

        assertThatThrownBy(() -> sessions.advance(upload.id(), 0, 1)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void expiredListsUploadsThatExpiredAtOrBeforeNowOldestFirst() {
        ResumableUpload oldest = fx.upload(ana).createdAt(fx.at(0)).expiresAt(fx.at(100)).build();
        ResumableUpload middle = fx.upload(ana).createdAt(fx.at(10)).expiresAt(fx.at(110)).offset(500).build();
        ResumableUpload exactlyNow = fx.upload(ana).createdAt(fx.at(20)).expiresAt(fx.at(120)).build();
        ResumableUpload fresh = fx.upload(ana).createdAt(fx.at(30)).expiresAt(fx.at(121)).build();
        for (ResumableUpload u : List.of(fresh, exactlyNow, oldest, middle)) {
            sessions.create(u);
        }

        assertThat(sessions.expired(fx.at(120), 10)).containsExactly(oldest, middle, exactlyNow);
        assertThat(sessions.expired(fx.at(120), 2)).containsExactly(oldest, middle);
        assertThat(sessions.expired(fx.at(99), 10)).isEmpty();
        assertThat(sessions.expired(fx.at(10_000), 10)).containsExactly(oldest, middle, exactlyNow, fresh);
    }

    @Test
    void anExpiredUploadIsNoLongerListedOnceDeleted() {
        ResumableUpload upload = fx.upload(ana).expiresAt(fx.at(1)).build();
        sessions.create(upload);
        sessions.delete(upload.id());

        assertThat(sessions.expired(fx.at(2), 10)).isEmpty();
    }
}
