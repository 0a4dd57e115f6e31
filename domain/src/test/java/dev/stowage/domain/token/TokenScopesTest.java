package dev.stowage.domain.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.domain.common.Actor;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.queue.QueueName;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenScopesTest {
    static final QueueName IMAGES = new QueueName("images");
    static final QueueName MAIL = new QueueName("mail");

    @ParameterizedTest
    @ValueSource(strings = {"enqueue:images", "work:*", "read:*", "read:a.b_c-9", "enqueue:Z", "work:\u00e9t\u00e9"})
    void aWrittenScopeReadsBackAsWritten(String text) {
        assertThat(TokenScope.parse(text).toString()).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "enqueue", "enqueue:", ":images", "delete:images", "READ:*", "read :*", "read: *",
        "read:*:*", "read:**", "read:../images", "read:a/b", "read:<script>", "work:-x", "read:\u0000", "*:*",
        "read:images ", " read:images"})
    void aMalformedScopeIsInvalidInputNamingTheGrammar(String text) {
        assertThatThrownBy(() -> TokenScope.parse(text))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("scope");
    }

    @Test
    void aHugeScopeIsRefusedWithoutEchoingIt() {
        String huge = "read:" + "a".repeat(100_000);
        assertThatThrownBy(() -> TokenScope.parse(huge))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("scope must be at most 100 characters, got 100005");
        assertThatThrownBy(() -> TokenScope.parse("read:" + "a".repeat(65))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> TokenScope.parse(null)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void scopesAreSortedWithoutDuplicatesAndReadBackFromTheirText() {
        TokenScopes scopes = TokenScopes.parse(List.of("read:images", "work:images", "enqueue:mail", "read:*", "read:images"));

        assertThat(scopes.written()).containsExactly("enqueue:mail", "work:images", "read:*", "read:images");
        assertThat(scopes.toString()).isEqualTo("enqueue:mail work:images read:* read:images");
        assertThat(TokenScopes.parse(scopes.toString())).isEqualTo(scopes);
        assertThat(TokenScopes.parse("")).isEqualTo(TokenScopes.none());
        assertThat(TokenScopes.everyQueue().toString()).isEqualTo("enqueue:* work:* read:*");
        assertThatThrownBy(() -> TokenScopes.parse("read:images  work:images")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void tooManyScopesAreRefused() {
        var many = new ArrayList<String>();
        for (int i = 0; i <= TokenScopes.MAX_SCOPES; i++) {
            many.add("read:q" + i);
        }
        assertThatThrownBy(() -> TokenScopes.parse(many))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("at most 100 scopes");
        assertThat(TokenScopes.parse(many.subList(0, TokenScopes.MAX_SCOPES)).scopes()).hasSize(TokenScopes.MAX_SCOPES);
    }

    @Test
    void aScopeGrantsItsActionOnItsQueueOrOnEveryQueue() {
        TokenScopes scopes = TokenScopes.parse(List.of("enqueue:images", "read:*"));

        assertThat(scopes.permits(QueueAction.ENQUEUE, IMAGES)).isTrue();
        assertThat(scopes.permits(QueueAction.ENQUEUE, MAIL)).isFalse();
        assertThat(scopes.permits(QueueAction.WORK, IMAGES)).isFalse();
        assertThat(scopes.permits(QueueAction.READ, MAIL)).isTrue();
        assertThat(scopes.permitsEveryQueue(QueueAction.READ)).isTrue();
        assertThat(scopes.permitsEveryQueue(QueueAction.ENQUEUE)).isFalse();
        assertThat(TokenScopes.none().permits(QueueAction.READ, IMAGES)).isFalse();
    }

    @Test
    void anAdministratorMayDoEverythingAndNobodyNothing() {
        Actor admin = Actor.admin(new UserId("root"));
        Actor user = Actor.user(new UserId("ana"), TokenScopes.parse(List.of("work:images")));
        for (QueueAction action : QueueAction.values()) {
            assertThat(admin.may(action, MAIL)).isTrue();
            assertThat(admin.mayEverywhere(action)).isTrue();
            assertThat(Actor.anonymous().may(action, MAIL)).isFalse();
            assertThat(Actor.user(new UserId("bob")).may(action, MAIL)).isFalse();
        }
        assertThat(user.may(QueueAction.WORK, IMAGES)).isTrue();
        assertThat(user.may(QueueAction.WORK, MAIL)).isFalse();
        assertThat(user.mayEverywhere(QueueAction.WORK)).isFalse();
    }
}
