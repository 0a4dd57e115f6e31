-- API tokens. Only the SHA-256 of a token's secret is stored, so a copy of this database yields no
-- usable token. Instants are INTEGER nanoseconds since the Unix epoch, as in V3.

CREATE TABLE api_tokens (
    id          TEXT    NOT NULL PRIMARY KEY CHECK (length(id) = 26),
    user_id     TEXT    NOT NULL CHECK (length(user_id) BETWEEN 1 AND 64),
    admin       INTEGER NOT NULL CHECK (admin IN (0, 1)),
    label       TEXT    NOT NULL CHECK (length(label) <= 200),
    secret_hash TEXT    NOT NULL CHECK (length(secret_hash) = 64),
    created_at  INTEGER NOT NULL,
    revoked_at  INTEGER
) STRICT;

-- authentication: every request looks its token up by hash; unique, so one secret is one token
CREATE UNIQUE INDEX api_tokens_secret_hash ON api_tokens (secret_hash);

-- the listing, oldest first
CREATE INDEX api_tokens_created ON api_tokens (created_at, id);
