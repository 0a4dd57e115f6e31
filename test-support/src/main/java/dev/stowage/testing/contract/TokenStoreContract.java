package dev.stowage.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.application.port.out.TokenStore;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.error.AlreadyExistsException;
import dev.stowage.domain.token.ApiToken;
import dev.stowage.domain.token.TokenId;
import dev.stowage.domain.token.TokenScopes;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link TokenStore} promises. An adapter's test extends this class and says only how to
 * make a fresh, empty store.
 */
public abstract class TokenStoreContract {

    /** A new, empty store. Called once per test. */
    protected abstract TokenStore newTokens();

    protected final Fixtures fx = new Fixtures();
    protected TokenStore tokens;

    private final UserId ana = new UserId("ana");
    private final UserId bob = new UserId("bob");

    @BeforeEach
    void makeTokens() {
        tokens = newTokens();
    }

    @Test
    void anInsertedTokenIsFoundByIdAndBySecretHash() {
        ApiToken token = fx.token(ana).admin(true).label("ops laptop").build();
        tokens.insert(token);

        assertThat(tokens.find(token.id())).contains(token);
        assertThat(tokens.findBySecretHash(token.secretHash())).contains(token);
    }

    @Test
    void aTokenKeepsItsScopes() {
        TokenScopes scopes = TokenScopes.parse(List.of("work:images", "enqueue:images", "read:*", "enqueue:a.b_c-9"));
        ApiToken scoped = fx.token(ana).scopes(scopes).build();
        ApiToken everyQueue = fx.token(bob).scopes(TokenScopes.everyQueue()).build();
        ApiToken none = fx.token(bob).build();
        for (ApiToken t : List.of(scoped, everyQueue, none)) {
            tokens.insert(t);
        }

        assertThat(tokens.find(scoped.id()).orElseThrow().scopes()).isEqualTo(scopes);
        assertThat(tokens.findBySecretHash(everyQueue.secretHash()).orElseThrow().scopes()).isEqualTo(TokenScopes.everyQueue());
        assertThat(tokens.find(none.id()).orElseThrow().scopes().isEmpty()).isTrue();
        assertThat(tokens.list()).extracting(ApiToken::scopes).contains(scopes, TokenScopes.everyQueue(), TokenScopes.none());
    }

    @Test
    void aRevokedTokenKeepsItsScopes() {
        ApiToken token = fx.token(ana).scopes(TokenScopes.parse(List.of("read:images"))).build();
        tokens.insert(token);

        assertThat(tokens.revoke(token.id(), fx.at(60))).hasValueSatisfying(t -> assertThat(t.scopes()).isEqualTo(token.scopes()));
    }

    @Test
    void findsNothingForAnUnknownIdOrHash() {
        tokens.insert(fx.token(ana).build());

        assertThat(tokens.find(new TokenId(fx.nextId()))).isEmpty();
        assertThat(tokens.findBySecretHash(Fixtures.sha256("no such secret"))).isEmpty();
    }

    @Test
    void anIdCannotBeUsedTwice() {
        ApiToken first = fx.token(ana).build();
        tokens.insert(first);

        assertThatThrownBy(() -> tokens.insert(fx.token(bob).id(first.id()).build()))
                .isInstanceOf(AlreadyExistsException.class);
        assertThat(tokens.list()).containsExactly(first);
    }

    @Test
    void aSecretHashCannotBeUsedTwice() {
        ApiToken first = fx.token(ana).build();
        tokens.insert(first);
        ApiToken sameSecret = fx.token(bob).secretHash(first.secretHash()).build();

        assertThatThrownBy(() -> tokens.insert(sameSecret)).isInstanceOf(AlreadyExistsException.class);
        assertThat(tokens.find(sameSecret.id())).isEmpty();
        assertThat(tokens.findBySecretHash(first.secretHash())).contains(first);
    }

    @Test
    void listsEveryTokenOldestFirst() {
        ApiToken newest = fx.token(ana).createdAt(fx.at(300)).build();
        ApiToken oldest = fx.token(bob).createdAt(fx.at(100)).build();
        ApiToken middle = fx.token(ana).createdAt(fx.at(200)).revokedAt(fx.at(250)).build();
        for (ApiToken t : List.of(newest, oldest, middle)) {
            tokens.insert(t);
        }

        assertThat(tokens.list()).containsExactly(oldest, middle, newest);
    }

    @Test
    void anEmptyStoreListsNothing() {
        assertThat(tokens.list()).isEmpty();
    }

    @Test
    void revokeMarksTheTokenAndReturnsIt() {
        ApiToken token = fx.token(ana).build();
        tokens.insert(token);

        Optional<ApiToken> revoked = tokens.revoke(token.id(), fx.at(60));

        assertThat(revoked).hasValueSatisfying(t -> {
            assertThat(t.revokedAt()).contains(fx.at(60));
            assertThat(t.active()).isFalse();
            assertThat(t.id()).isEqualTo(token.id());
            assertThat(t.user()).isEqualTo(ana);
            assertThat(t.secretHash()).isEqualTo(token.secretHash());
        });
        assertThat(tokens.find(token.id())).isEqualTo(revoked);
    }

    @Test
    void aRevokedTokenIsStillFoundBySecretHash() {
        ApiToken token = fx.token(ana).build();
        tokens.insert(token);
        tokens.revoke(token.id(), fx.at(60));

        assertThat(tokens.findBySecretHash(token.secretHash()))
                .hasValueSatisfying(t -> assertThat(t.revokedAt()).contains(fx.at(60)));
    }

    @Test
    void revokingAgainKeepsTheFirstRevocationTime() {
        ApiToken token = fx.token(ana).build();
        tokens.insert(token);
        tokens.revoke(token.id(), fx.at(60));

        assertThat(tokens.revoke(token.id(), fx.at(120))).hasValueSatisfying(t -> assertThat(t.revokedAt()).contains(fx.at(60)));
        assertThat(tokens.revoke(token.id(), fx.at(30))).hasValueSatisfying(t -> assertThat(t.revokedAt()).contains(fx.at(60)));
        assertThat(tokens.find(token.id()).orElseThrow().revokedAt()).contains(fx.at(60));
    }

    @Test
    void revokingAnUnknownTokenReturnsEmpty() {
        assertThat(tokens.revoke(new TokenId(fx.nextId()), fx.at(1))).isEmpty();
    }

    @Test
    void revokingOneTokenLeavesTheOthersActive() {
        ApiToken a = fx.token(ana).build();
        ApiToken b = fx.token(ana).build();
        tokens.insert(a);
        tokens.insert(b);

        tokens.revoke(a.id(), fx.at(1));

        assertThat(tokens.find(b.id())).contains(b);
    }
}
