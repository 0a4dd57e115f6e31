-- The catalog of backups (the backups themselves are at a backup target, whose manifests are the
-- truth on what exists). Instants are INTEGER nanoseconds since the Unix epoch, as in V3.

CREATE TABLE backups (
    id              TEXT    NOT NULL PRIMARY KEY CHECK (length(id) = 26),
    created_at      INTEGER NOT NULL,
    label           TEXT    NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
    format_version  INTEGER NOT NULL CHECK (format_version >= 1),
    app_version     TEXT    NOT NULL,
    schema_version  TEXT    NOT NULL,
    -- rows per table, a JSON object of table name to count
    counts          TEXT    NOT NULL CHECK (json_valid(counts) AND json_type(counts) = 'object'),
    total_bytes     INTEGER NOT NULL CHECK (total_bytes >= 0),
    written_bytes   INTEGER NOT NULL CHECK (written_bytes >= 0),
    manifest_sha256 TEXT    CHECK (manifest_sha256 IS NULL OR length(manifest_sha256) = 64),
    location        TEXT    NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('IN_PROGRESS', 'COMPLETE', 'FAILED')),
    -- the last verification: all four columns set, or none
    verified_at     INTEGER,
    verify_ok       INTEGER CHECK (verify_ok IN (0, 1)),
    verify_sample   INTEGER CHECK (verify_sample BETWEEN 1 AND 100),
    verify_detail   TEXT,
    CHECK ((verified_at IS NULL) = (verify_ok IS NULL) AND (verified_at IS NULL) = (verify_sample IS NULL)
        AND (verified_at IS NULL) = (verify_detail IS NULL))
) STRICT;

-- the listing, newest first
CREATE INDEX backups_created ON backups (created_at, id);
