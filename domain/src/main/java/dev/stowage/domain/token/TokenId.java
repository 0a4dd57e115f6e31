package dev.stowage.domain.token;

import dev.stowage.domain.common.Ulid;

/** An API token's public id (not the secret): used to list and revoke it. */
public record TokenId(String value) {
    public TokenId {
        value = Ulid.requireValid(value, "token id");
    }

    @Override
    public String toString() {
        return value;
    }
}
