package dev.stowage.application.port.out;

import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.token.ApiToken;
import dev.stowage.domain.token.TokenId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** API tokens, stored by the hash of their secret. */
public interface TokenStore {

    /** @throws dev.stowage.domain.error.AlreadyExistsException when the id or the hash is taken */
    void insert(ApiToken token);

    /** The token whose secret hashes to {@code secretHash}, revoked or not, or empty. */
    Optional<ApiToken> findBySecretHash(Sha256 secretHash);

    Optional<ApiToken> find(TokenId id);

    /** Every token, oldest first. */
    List<ApiToken> list();

    /**
     * Revokes a token at {@code at}. Idempotent: a revoked token keeps its first revocation time.
     *
     * @return the token as it now stands, or empty when there is none
     */
    Optional<ApiToken> revoke(TokenId id, Instant at);
}
