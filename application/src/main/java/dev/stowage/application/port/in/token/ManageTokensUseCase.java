package dev.stowage.application.port.in.token;

import dev.stowage.domain.common.Actor;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.token.ApiToken;
import dev.stowage.domain.token.TokenId;
import dev.stowage.domain.token.TokenScopes;
import java.util.List;

/** Use case: issue, check and revoke API tokens. */
public interface ManageTokensUseCase {

    /** A new token and its secret: the only time the secret is available. */
    record Issued(ApiToken token, String secret) {
        @Override
        public String toString() {
            return "Issued[" + token + "]";
        }
    }

    /**
     * Makes a token of at least 128 random bits for {@code user}; only its hash is stored. A user's
     * token may use exactly the queues {@code scopes} grants (none: documents only); an
     * administrator's token may use every queue, so it takes no scopes.
     *
     * @throws dev.stowage.domain.error.InvalidInputException when an administrator's token is given scopes
     */
    Issued issue(UserId user, boolean admin, TokenScopes scopes, String label);

    /**
     * The actor a presented secret stands for, with its token's queue scopes.
     *
     * @throws dev.stowage.domain.error.UnauthenticatedException when it matches no active token
     */
    Actor authenticate(String secret);

    List<ApiToken> list();

    /** @throws dev.stowage.domain.error.NotFoundException when there is no such token */
    ApiToken revoke(TokenId id);
}
