package dev.stowage.testing.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.application.port.in.token.ManageTokensUseCase.Issued;
import dev.stowage.application.service.MonotonicIdGenerator;
import dev.stowage.application.service.token.ManageTokensService;
import dev.stowage.domain.common.Actor;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.token.QueueAction;
import dev.stowage.domain.token.TokenScopes;
import dev.stowage.testing.InMemoryTokenStore;
import dev.stowage.testing.ManualClock;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A token signs in as its user with exactly the queue scopes it was made with. */
class ManageTokensServiceTest {
    final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
    final InMemoryTokenStore store = new InMemoryTokenStore();
    final ManageTokensService tokens = new ManageTokensService(store, new MonotonicIdGenerator(clock), clock,
            new SecureRandom());
    final QueueName images = new QueueName("images");
    final QueueName mail = new QueueName("mail");

    @Test
    void aUserTokenActsWithTheScopesItWasMadeWith() {
        TokenScopes scopes = TokenScopes.parse(List.of("enqueue:images", "read:*"));
        Issued issued = tokens.issue(new UserId("pia"), false, scopes, "producer");

        Actor pia = tokens.authenticate(issued.secret());

        assertThat(pia.queues()).isEqualTo(scopes);
        assertThat(pia.may(QueueAction.ENQUEUE, images)).isTrue();
        assertThat(pia.may(QueueAction.ENQUEUE, mail)).isFalse();
        assertThat(pia.may(QueueAction.READ, mail)).isTrue();
        assertThat(store.find(issued.token().id()).orElseThrow().scopes()).isEqualTo(scopes);
    }

    @Test
    void aUserTokenMadeWithoutScopesUsesNoQueue() {
        Actor dora = tokens.authenticate(tokens.issue(new UserId("dora"), false, TokenScopes.none(), "").secret());

        for (QueueAction action : QueueAction.values()) {
            assertThat(dora.may(action, images)).isFalse();
        }
        assertThat(dora.requireUser()).isEqualTo(new UserId("dora"));
    }

    @Test
    void anAdministratorsTokenUsesEveryQueueAndTakesNoScopes() {
        Actor root = tokens.authenticate(tokens.issue(new UserId("root"), true, TokenScopes.none(), "").secret());
        assertThat(root.mayEverywhere(QueueAction.WORK)).isTrue();

        assertThatThrownBy(() -> tokens.issue(new UserId("root"), true, TokenScopes.parse(List.of("read:*")), ""))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("scopes are for user tokens");
        assertThat(store.list()).hasSize(1);
    }
}
