package dev.stowage.application.service.token;

import dev.stowage.application.port.in.token.ManageTokensUseCase;
import dev.stowage.application.port.out.IdGenerator;
import dev.stowage.application.port.out.TokenStore;
import dev.stowage.domain.common.Actor;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.error.NotFoundException;
import dev.stowage.domain.error.UnauthenticatedException;
import dev.stowage.domain.token.ApiToken;
import dev.stowage.domain.token.TokenId;
import dev.stowage.domain.token.TokenScopes;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * API tokens: 256 random bits, shown once as {@code stw_<base64url>}; only their SHA-256 is stored.
 *
 * <p>A plain (unsalted) hash is enough here because the secret is a uniformly random 256-bit value,
 * not a password: there is no dictionary to attack, and an unsalted hash lets a token be looked up
 * by index in one step.
 */
public final class ManageTokensService implements ManageTokensUseCase {
    static final String PREFIX = "stw_";
    private static final int SECRET_BYTES = 32;
    private static final int MAX_SECRET_LENGTH = 200;

    private final TokenStore tokens;
    private final IdGenerator ids;
    private final Clock clock;
    private final SecureRandom random;

    public ManageTokensService(TokenStore tokens, IdGenerator ids, Clock clock, SecureRandom random) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    public Issued issue(UserId user, boolean admin, TokenScopes scopes, String label) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(scopes, "scopes");
        if (admin && !scopes.isEmpty()) {
            // refused rather than ignored: someone who wrote scopes meant a narrower token
            throw new InvalidInputException("an administrator's token may use every queue; scopes are for user tokens");
        }
        byte[] raw = new byte[SECRET_BYTES];
        random.nextBytes(raw);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        var token = new ApiToken(new TokenId(ids.next()), user, admin, scopes, label == null ? "" : label, hash(secret),
                clock.instant(), Optional.empty());
        tokens.insert(token);
        return new Issued(token, secret);
    }

    @Override
    public Actor authenticate(String secret) {
        if (secret == null || secret.isEmpty() || secret.length() > MAX_SECRET_LENGTH) {
            throw new UnauthenticatedException("a valid API token is required");
        }
        ApiToken token = tokens.findBySecretHash(hash(secret))
                .filter(ApiToken::active)
                .orElseThrow(() -> new UnauthenticatedException("the API token is unknown or revoked"));
        return token.actor();
    }

    @Override
    public List<ApiToken> list() {
        return tokens.list();
    }

    @Override
    public ApiToken revoke(TokenId id) {
        return tokens.revoke(id, clock.instant())
                .orElseThrow(() -> new NotFoundException("token '" + id + "' not found"));
    }

    static Sha256 hash(String secret) {
        return Sha256.digest(secret.getBytes(StandardCharsets.UTF_8));
    }
}
