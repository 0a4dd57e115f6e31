package dev.stowage.adapter.out.postgres;

import dev.stowage.adapter.out.postgres.DataTables.Tokens;
import dev.stowage.application.port.out.TokenStore;
import dev.stowage.domain.common.Checks;
import dev.stowage.domain.common.EpochTime;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.error.AlreadyExistsException;
import dev.stowage.domain.token.ApiToken;
import dev.stowage.domain.token.TokenId;
import dev.stowage.domain.token.TokenScopes;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * API tokens in {@code api_tokens} (V2), found by the hash of their secret. Every read goes to the
 * database, so a revocation made by one instance is refused by all from the next request on.
 */
final class PgTokenStore implements TokenStore {
    private final Db db;

    PgTokenStore(Db db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public void insert(ApiToken token) {
        Checks.present(token, "token");
        Map<Field<?>, Object> row = toRow(token);
        db.write(ctx -> UniqueClashes.explained(ctx,
                () -> ctx.insertInto(Tokens.T).set(row).execute(),
                // never echo the hash: it identifies a secret
                () -> ctx.fetchExists(Tokens.T, Tokens.ID.eq(token.id().value()))
                        ? new AlreadyExistsException("token id '" + token.id() + "' is already taken")
                        : new AlreadyExistsException("a token with that secret already exists; issue a new secret")));
    }

    @Override
    public Optional<ApiToken> findBySecretHash(Sha256 secretHash) {
        Checks.present(secretHash, "secret hash");
        return db.read(ctx -> ctx.select(Tokens.ALL).from(Tokens.T).where(Tokens.SECRET_HASH.eq(secretHash.hex()))
                .fetchOptional(PgTokenStore::toToken));
    }

    @Override
    public Optional<ApiToken> find(TokenId id) {
        Checks.present(id, "token id");
        return db.read(ctx -> ctx.select(Tokens.ALL).from(Tokens.T).where(Tokens.ID.eq(id.value()))
                .fetchOptional(PgTokenStore::toToken));
    }

    @Override
    public List<ApiToken> list() {
        return db.read(ctx -> ctx.select(Tokens.ALL).from(Tokens.T).orderBy(Tokens.CREATED_AT, Tokens.ID)
                .fetch(PgTokenStore::toToken));
    }

    @Override
    public Optional<ApiToken> revoke(TokenId id, Instant at) {
        Checks.present(id, "token id");
        Checks.present(at, "revocation time");
        long revokedAt = EpochTime.nanos(at, "revocation time");
        // coalesce keeps the first revocation, so revoking twice (from two instances, say) is harmless
        return db.write(ctx -> ctx.update(Tokens.T)
                .set(Tokens.REVOKED_AT, DSL.coalesce(Tokens.REVOKED_AT, DSL.val(revokedAt)))
                .where(Tokens.ID.eq(id.value()))
                .returning(Tokens.ALL)
                .fetchOptional(PgTokenStore::toToken));
    }

    static Map<Field<?>, Object> toRow(ApiToken t) {
        Map<Field<?>, Object> r = new LinkedHashMap<>();
        r.put(Tokens.ID, t.id().value());
        r.put(Tokens.USER_ID, t.user().value());
        r.put(Tokens.ADMIN, t.admin());
        r.put(Tokens.SCOPES, t.scopes().toString());
        r.put(Tokens.LABEL, StoredText.require(t.label(), "token label"));
        r.put(Tokens.SECRET_HASH, t.secretHash().hex());
        r.put(Tokens.CREATED_AT, EpochTime.nanos(t.createdAt(), "createdAt"));
        r.put(Tokens.REVOKED_AT, t.revokedAt().map(at -> EpochTime.nanos(at, "revokedAt")).orElse(null));
        return r;
    }

    static ApiToken toToken(Record r) {
        return new ApiToken(new TokenId(r.get(Tokens.ID)), new UserId(r.get(Tokens.USER_ID)), r.get(Tokens.ADMIN),
                TokenScopes.parse(r.get(Tokens.SCOPES)), r.get(Tokens.LABEL), new Sha256(r.get(Tokens.SECRET_HASH)),
                EpochTime.instantOfNanos(r.get(Tokens.CREATED_AT)),
                Optional.ofNullable(r.get(Tokens.REVOKED_AT)).map(EpochTime::instantOfNanos));
    }
}
