package dev.stowage.adapter.out.sqlite;

import static dev.stowage.adapter.out.sqlite.schema.Tables.API_TOKENS;

import dev.stowage.adapter.out.sqlite.engine.Db;
import dev.stowage.adapter.out.sqlite.engine.UniqueClash;
import dev.stowage.adapter.out.sqlite.schema.tables.records.ApiTokensRecord;
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
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jooq.impl.DSL;

/** API tokens in the {@code api_tokens} table (V6, scopes V8), found by the hash of their secret. */
final class SqliteTokenStore implements TokenStore {
    private final Db db;

    SqliteTokenStore(Db db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public void insert(ApiToken token) {
        Checks.present(token, "token");
        ApiTokensRecord row = toRecord(token);
        db.write(ctx -> UniqueClash.explained(
                () -> ctx.insertInto(API_TOKENS).set(row).execute(),
                // never echo the hash: it identifies a secret
                () -> ctx.fetchExists(API_TOKENS, API_TOKENS.ID.eq(token.id().value()))
                        ? new AlreadyExistsException("token id '" + token.id() + "' is already taken")
                        : new AlreadyExistsException("a token with that secret already exists; issue a new secret")));
    }

    @Override
    public Optional<ApiToken> findBySecretHash(Sha256 secretHash) {
        Checks.present(secretHash, "secret hash");
        return db.read(ctx -> ctx.selectFrom(API_TOKENS).where(API_TOKENS.SECRET_HASH.eq(secretHash.hex()))
                .fetchOptional(SqliteTokenStore::toToken));
    }

    @Override
    public Optional<ApiToken> find(TokenId id) {
        Checks.present(id, "token id");
        return db.read(ctx -> ctx.selectFrom(API_TOKENS).where(API_TOKENS.ID.eq(id.value()))
                .fetchOptional(SqliteTokenStore::toToken));
    }

    @Override
    public List<ApiToken> list() {
        return db.read(ctx -> ctx.selectFrom(API_TOKENS).orderBy(API_TOKENS.CREATED_AT, API_TOKENS.ID)
                .fetch(SqliteTokenStore::toToken));
    }

    @Override
    public Optional<ApiToken> revoke(TokenId id, Instant at) {
        Checks.present(id, "token id");
        Checks.present(at, "revocation time");
        long revokedAt = EpochTime.nanos(at, "revocation time");
        // coalesce keeps the first revocation, so revoking twice is harmless and needs no read first
        return db.write(ctx -> ctx.update(API_TOKENS)
                .set(API_TOKENS.REVOKED_AT, DSL.coalesce(API_TOKENS.REVOKED_AT, DSL.val(revokedAt)))
                .where(API_TOKENS.ID.eq(id.value()))
                .returning()
                .fetchOptional(SqliteTokenStore::toToken));
    }

    private static ApiTokensRecord toRecord(ApiToken t) {
        ApiTokensRecord r = new ApiTokensRecord();
        r.setId(t.id().value());
        r.setUserId(t.user().value());
        r.setAdmin(t.admin() ? 1L : 0L);
        r.setScopes(t.scopes().toString());
        r.setLabel(WellFormedText.require(t.label(), "token label"));
        r.setSecretHash(t.secretHash().hex());
        r.setCreatedAt(EpochTime.nanos(t.createdAt(), "createdAt"));
        r.setRevokedAt(t.revokedAt().map(at -> EpochTime.nanos(at, "revokedAt")).orElse(null));
        return r;
    }

    private static ApiToken toToken(ApiTokensRecord r) {
        return new ApiToken(new TokenId(r.getId()), new UserId(r.getUserId()), r.getAdmin() == 1L,
                TokenScopes.parse(r.getScopes()), r.getLabel(),
                new Sha256(r.getSecretHash()), EpochTime.instantOfNanos(r.getCreatedAt()),
                Optional.ofNullable(r.getRevokedAt()).map(EpochTime::instantOfNanos));
    }
}
