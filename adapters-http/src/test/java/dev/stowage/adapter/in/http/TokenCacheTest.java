package dev.stowage.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.application.port.in.token.ManageTokensUseCase.Issued;
import dev.stowage.domain.common.Actor;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.token.TokenScopes;
import dev.stowage.testing.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tokens accepted moments ago are accepted again without a lookup, for {@link TokenCache#TTL} at
 * most: revocation takes effect within that time, new tokens at once, and bad tokens are never
 * remembered.
 */
class TokenCacheTest {
    TestApi api;

    @BeforeEach
    void start() {
        api = new TestApi();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void aRevokedTokenIsRefusedOnceItsAcceptanceHasExpired() {
        Issued cara = api.tokens.issue(new UserId("cara"), false, TokenScopes.none(), "cara's");
        assertThat(api.get("/api/v1/usage", cara.secret()).statusCode()).isEqualTo(200);

        api.tokens.revoke(cara.token().id());
        // Still within the acceptance: the cache is what makes a run of requests cheap.
        api.clock.advance(TokenCache.TTL.minusMillis(1));
        assertThat(api.get("/api/v1/usage", cara.secret()).statusCode()).isEqualTo(200);

        api.clock.advance(Duration.ofMillis(1));
        assertThat(api.get("/api/v1/usage", cara.secret()).statusCode()).isEqualTo(401);
        assertThat(api.get("/api/v1/usage", cara.secret()).statusCode()).isEqualTo(401);
    }

    @Test
    void anAcceptanceIsNotRenewedByUse() {
        Issued dan = api.tokens.issue(new UserId("dan"), false, TokenScopes.none(), "dan's");
        assertThat(api.get("/api/v1/usage", dan.secret()).statusCode()).isEqualTo(200);
        api.tokens.revoke(dan.token().id());
        // Requests inside the acceptance must not push its end further out.
        for (int i = 0; i < 4; i++) {
            api.clock.advance(TokenCache.TTL.dividedBy(4).minusMillis(1));
            api.get("/api/v1/usage", dan.secret());
        }
        api.clock.advance(Duration.ofMillis(4));
        assertThat(api.get("/api/v1/usage", dan.secret()).statusCode()).isEqualTo(401);
    }

    @Test
    void aNewTokenWorksAtOnceAndABadOneIsNeverRemembered() {
        assertThat(api.get("/api/v1/usage", "stw_unknown").statusCode()).isEqualTo(401);
        Issued eve = api.tokens.issue(new UserId("eve"), true, TokenScopes.none(), "eve's");
        assertThat(api.get("/api/v1/jobs", eve.secret()).statusCode()).isEqualTo(200);
        assertThat(api.get("/api/v1/usage", "stw_unknown").statusCode()).isEqualTo(401);
    }

    @Test
    void theCacheIsBoundedAndForgetsAfterItsTtl() {
        var clock = new ManualClock(TestApi.T0);
        var cache = new TokenCache(clock);
        for (int i = 0; i < TokenCache.MAX_ENTRIES * 2 + 10; i++) {
            cache.accepted("stw_secret-" + i, Actor.user(new UserId("u" + i)));
            assertThat(cache.size()).isLessThanOrEqualTo(TokenCache.MAX_ENTRIES);
        }
        String last = "stw_secret-" + (TokenCache.MAX_ENTRIES * 2 + 9);
        assertThat(cache.recent(last)).contains(Actor.user(new UserId("u" + (TokenCache.MAX_ENTRIES * 2 + 9))));
        clock.advance(TokenCache.TTL);
        assertThat(cache.recent(last)).isEmpty();
    }
}
