package dev.stowage.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.application.port.out.BackupTarget;
import dev.stowage.domain.error.AlreadyExistsException;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.testing.contract.BackupTargetContract;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InMemoryBackupTargetTest extends BackupTargetContract {

    @Override
    protected BackupTarget newTarget() {
        return new InMemoryBackupTarget();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "../escape.tar", "a/b.tar", ".hidden", "with space.tar", "back\\slash"})
    void rejectsNamesThatAreNotSafeFileNames(String name) {
        assertThatThrownBy(() -> target.create(name)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> target.open(name)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void theStreamRefusesWritesOnceTheArchiveIsCommittedOrAborted() throws IOException {
        var committed = target.create("c.tar");
        committed.commit();
        var aborted = target.create("a.tar");
        aborted.abort();

        assertThatThrownBy(() -> committed.stream().write(1)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> aborted.stream().write(new byte[2], 0, 2)).isInstanceOf(IOException.class);
        assertThat(target.size("c.tar")).contains(0L);
    }

    @Test
    void commitAfterAbortIsAProgrammingError() {
        var pending = target.create("x.tar");
        pending.abort();

        assertThatThrownBy(pending::commit).isInstanceOf(IllegalStateException.class);
        assertThat(target.list()).isEmpty();
    }

    @Test
    void ofTwoArchivesWrittenUnderOneNameTheFirstCommitWins() throws IOException {
        var first = target.create("race.tar");
        var second = target.create("race.tar");
        first.stream().write('1');
        second.stream().write('2');

        first.commit();

        assertThatThrownBy(second::commit).isInstanceOf(AlreadyExistsException.class);
        second.close();
        try (var in = target.open("race.tar")) {
            assertThat(in.readAllBytes()).containsExactly('1');
        }
    }
}
