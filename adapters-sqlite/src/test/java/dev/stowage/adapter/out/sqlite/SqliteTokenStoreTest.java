package dev.stowage.adapter.out.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.adapter.out.sqlite.engine.TestEngine;
import dev.stowage.application.port.out.TokenStore;
import dev.stowage.domain.error.AlreadyExistsException;
import dev.stowage.domain.token.ApiToken;
import dev.stowage.testing.contract.TokenStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteTokenStoreTest extends TokenStoreContract {
    @TempDir
    Path dir;
    TestEngine test;

    @Override
    protected TokenStore newTokens() {
        test = TestEngine.started(dir);
        return new SqliteTokenStore(test.db);
    }

    @AfterEach
    void stop() {
        test.close();
    }

    @Test
    void aTakenSecretIsReportedWithoutEchoingItsHash() {
        ApiToken first = fx.token(fx.user("ana")).build();
        tokens.insert(first);

        assertThatThrownBy(() -> tokens.insert(fx.token(fx.user("bob")).secretHash(first.secretHash()).build()))
                .isInstanceOf(AlreadyExistsException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(first.secretHash().hex()));
    }

    @Test
    void hostileLabelsAreStoredVerbatim() {
        ApiToken token = fx.token(fx.user("ana")).label("'); DROP TABLE api_tokens; -- \u00e9\ud83d\ude00 %_").build();
        tokens.insert(token);

        assertThat(tokens.find(token.id())).contains(token);
        assertThat(tokens.list()).containsExactly(token);
    }
}
