-- Documents (metadata only; the bytes are in a blob store) and resumable uploads.
--
-- Instants are INTEGER nanoseconds since the Unix epoch: the JVM clock on Linux ticks in
-- nanoseconds, and a document must come back exactly as it was stored (equal records, stable
-- ETags); 64 bits cover 1677 to 2262. Names compare with BINARY, i.e. by Unicode code point.
--
-- Every listing pages by keyset (sort value, id), so each one has an index that starts with its
-- equality columns and ends with (sort value, id). SQLite walks an index backwards just as well,
-- so one index serves both directions.

CREATE TABLE documents (
    id         TEXT    NOT NULL PRIMARY KEY CHECK (length(id) = 26),
    owner      TEXT    NOT NULL CHECK (length(owner) BETWEEN 1 AND 64),
    name       TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
    file_name  TEXT    NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
    mime_type  TEXT    NOT NULL CHECK (length(mime_type) BETWEEN 3 AND 255),
    size       INTEGER NOT NULL CHECK (size >= 0),
    sha256     TEXT    NOT NULL CHECK (length(sha256) = 64),
    blob_key   TEXT    NOT NULL CHECK (length(blob_key) BETWEEN 1 AND 512),
    visibility TEXT    NOT NULL CHECK (visibility IN ('PRIVATE', 'PUBLIC')),
    metadata   TEXT    NOT NULL CHECK (json_valid(metadata)),
    version    INTEGER NOT NULL CHECK (version >= 1),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

-- findByName, the uniqueness rule, and the owner's listing by name: names are unique per owner,
-- so (owner, name) alone orders that listing totally.
CREATE UNIQUE INDEX documents_owner_name ON documents (owner, name);

-- a blob belongs to one document at most: two documents sharing bytes would lose them when either
-- is deleted. Also serves referenced().
CREATE UNIQUE INDEX documents_blob_key ON documents (blob_key);

-- the owner's listings by time and by size
CREATE INDEX documents_owner_created ON documents (owner, created_at, id);
CREATE INDEX documents_owner_size ON documents (owner, size, id);

-- the owner's listing filtered by one exact MIME type (the common filter), newest first; a family
-- filter (image/*) is a range on mime_type in the same index
CREATE INDEX documents_owner_mime ON documents (owner, mime_type, created_at, id);

-- the public listings: partial indexes hold only public documents, so a private majority costs the
-- public listing nothing. Queries must say visibility = 'PUBLIC' literally for the planner to use them.
CREATE INDEX documents_public_created ON documents (created_at, id) WHERE visibility = 'PUBLIC';
CREATE INDEX documents_public_name ON documents (name, id) WHERE visibility = 'PUBLIC';
CREATE INDEX documents_public_size ON documents (size, id) WHERE visibility = 'PUBLIC';

-- Usage per owner, kept by triggers in the same transaction as every change, so the quota check on
-- each upload reads one row instead of summing an owner's documents.
CREATE TABLE document_usage (
    owner     TEXT    NOT NULL PRIMARY KEY,
    documents INTEGER NOT NULL CHECK (documents >= 0),
    bytes     INTEGER NOT NULL CHECK (bytes >= 0)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER documents_usage_insert AFTER INSERT ON documents
BEGIN
    INSERT INTO document_usage (owner, documents, bytes) VALUES (NEW.owner, 1, NEW.size)
        ON CONFLICT (owner) DO UPDATE SET documents = documents + 1, bytes = bytes + NEW.size;
END;

CREATE TRIGGER documents_usage_delete AFTER DELETE ON documents
BEGIN
    UPDATE document_usage SET documents = documents - 1, bytes = bytes - OLD.size WHERE owner = OLD.owner;
    -- an owner with nothing left leaves no row behind
    DELETE FROM document_usage WHERE owner = OLD.owner AND documents = 0;
END;

CREATE TRIGGER documents_usage_update AFTER UPDATE OF owner, size ON documents
BEGIN
    UPDATE document_usage SET documents = documents - 1, bytes = bytes - OLD.size WHERE owner = OLD.owner;
    INSERT INTO document_usage (owner, documents, bytes) VALUES (NEW.owner, 1, NEW.size)
        ON CONFLICT (owner) DO UPDATE SET documents = documents + 1, bytes = bytes + NEW.size;
    DELETE FROM document_usage WHERE owner = OLD.owner AND documents = 0;
END;

-- Uploads sent in pieces (tus). The bytes received so far are in the upload staging area.
CREATE TABLE resumable_uploads (
    id              TEXT    NOT NULL PRIMARY KEY CHECK (length(id) = 26),
    owner           TEXT    NOT NULL CHECK (length(owner) BETWEEN 1 AND 64),
    length          INTEGER NOT NULL CHECK (length >= 0),
    upload_offset   INTEGER NOT NULL CHECK (upload_offset BETWEEN 0 AND length),
    name            TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
    file_name       TEXT    NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
    mime_type       TEXT    NOT NULL CHECK (length(mime_type) BETWEEN 3 AND 255),
    visibility      TEXT    NOT NULL CHECK (visibility IN ('PRIVATE', 'PUBLIC')),
    metadata        TEXT    NOT NULL CHECK (json_valid(metadata)),
    expected_sha256 TEXT    CHECK (expected_sha256 IS NULL OR length(expected_sha256) = 64),
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL
) STRICT;

-- the sweeper: expired uploads, oldest expiry first
CREATE INDEX resumable_uploads_expiry ON resumable_uploads (expires_at, id);
