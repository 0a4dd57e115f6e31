package dev.stowage.testing;

import dev.stowage.application.port.out.TokenStore;
import dev.stowage.domain.common.Checks;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.error.AlreadyExistsException;
import dev.stowage.domain.token.ApiToken;
import dev.stowage.domain.token.TokenId;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link TokenStore} in memory: for tests, including an application's own tests. Thread-safe;
 * passes {@code TokenStoreContract}. {@link #list} orders by creation time, then id.
 */
public final class InMemoryTokenStore implements TokenStore {
    private final Map<TokenId, ApiToken> byId = new HashMap<>();
    private final Map<Sha256, TokenId> byHash = new HashMap<>();

    @Override
    public synchronized void insert(ApiToken token) {
        Checks.present(token, "token");
        if (byId.containsKey(token.id())) {
            throw new AlreadyExistsException("token id '" + token.id() + "' is taken");
        }
        if (byHash.containsKey(token.secretHash())) {
            // Never echo the hash: it identifies a live credential.
            throw new AlreadyExistsException("a token with the same secret already exists");
        }
        byId.put(token.id(), token);
        byHash.put(token.secretHash(), token.id());
    }

    @Override
    public synchronized Optional<ApiToken> findBySecretHash(Sha256 secretHash) {
        Checks.present(secretHash, "secret hash");
        return Optional.ofNullable(byHash.get(secretHash)).map(byId::get);
    }

    @Override
    public synchronized Optional<ApiToken> find(TokenId id) {
        Checks.present(id, "token id");
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public synchronized List<ApiToken> list() {
        return byId.values().stream()
                .sorted(Comparator.comparing(ApiToken::createdAt).thenComparing(t -> t.id().value()))
                .toList();
    }

    @Override
    public synchronized Optional<ApiToken> revoke(TokenId id, Instant at) {
        Checks.present(id, "token id");
        Checks.present(at, "revocation time");
        ApiToken current = byId.get(id);
        if (current == null || current.revokedAt().isPresent()) {
            return Optional.ofNullable(current);
        }
        ApiToken revoked = current.revoked(at);
        byId.put(id, revoked);
        return Optional.of(revoked);
    }
}
