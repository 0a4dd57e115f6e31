package dev.stowage.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.application.port.out.UploadSessions;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.testing.contract.UploadSessionsContract;
import org.junit.jupiter.api.Test;

class InMemoryUploadSessionsTest extends UploadSessionsContract {

    @Override
    protected UploadSessions newSessions() {
        return new InMemoryUploadSessions();
    }

    @Test
    void anOffsetMovesNeitherBackwardsNorPastTheDeclaredLength() {
        var upload = fx.upload(fx.user("ana")).length(100).build();
        sessions.create(upload);
        sessions.advance(upload.id(), 0, 50);

        assertThatThrownBy(() -> sessions.advance(upload.id(), 50, 49)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> sessions.advance(upload.id(), 50, 101)).isInstanceOf(InvalidInputException.class);
        assertThat(sessions.advance(upload.id(), 50, 50).offset()).isEqualTo(50);
    }
}
