-- Programs: named, versioned configs with an optional master image, and the revisions every update
-- keeps. The image and its thumbnail are blobs in the blob store; these tables hold only their keys
-- and facts, never the bytes.
--
-- Instants are INTEGER nanoseconds since the Unix epoch and names compare with BINARY (Unicode code
-- point order), as in V3. An image is all of image_* or none of them; a thumbnail needs an image.

CREATE TABLE programs (
    id                    TEXT    NOT NULL PRIMARY KEY CHECK (length(id) = 26),
    name                  TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    -- the name as Java lower-cases it (Locale.ROOT), for the case-blind search: SQLite's lower()
    -- folds ASCII only, so the store writes this column itself on every insert and update
    name_folded           TEXT    NOT NULL,
    description           TEXT    NOT NULL CHECK (length(description) <= 4000),
    config                TEXT    NOT NULL CHECK (json_valid(config)),
    config_schema_version INTEGER NOT NULL CHECK (config_schema_version >= 0),
    config_sha256         TEXT    NOT NULL CHECK (length(config_sha256) = 64),
    active                INTEGER NOT NULL CHECK (active IN (0, 1)),
    version               INTEGER NOT NULL CHECK (version >= 1),
    external_ref          TEXT    CHECK (external_ref IS NULL OR length(external_ref) BETWEEN 1 AND 255),
    image_blob            TEXT    CHECK (image_blob IS NULL OR length(image_blob) BETWEEN 1 AND 512),
    image_mime_type       TEXT    CHECK (image_mime_type IS NULL OR length(image_mime_type) BETWEEN 3 AND 255),
    image_size            INTEGER CHECK (image_size IS NULL OR image_size >= 0),
    image_sha256          TEXT    CHECK (image_sha256 IS NULL OR length(image_sha256) = 64),
    image_width           INTEGER CHECK (image_width IS NULL OR image_width >= 0),
    image_height          INTEGER CHECK (image_height IS NULL OR image_height >= 0),
    thumbnail_blob        TEXT    CHECK (thumbnail_blob IS NULL OR length(thumbnail_blob) BETWEEN 1 AND 512),
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL,
    -- who made the current version (the creator for version 1)
    updated_by            TEXT    NOT NULL CHECK (length(updated_by) BETWEEN 1 AND 64),
    CHECK ((image_blob IS NULL) = (image_mime_type IS NULL) AND (image_blob IS NULL) = (image_size IS NULL)
        AND (image_blob IS NULL) = (image_sha256 IS NULL) AND (image_blob IS NULL) = (image_width IS NULL)
        AND (image_blob IS NULL) = (image_height IS NULL)),
    CHECK (thumbnail_blob IS NULL OR image_blob IS NOT NULL)
) STRICT;

-- findByName, the uniqueness rule and the listing by name: names are unique, so the name alone
-- orders the listing and is its cursor. The search by name walks this index too (a substring
-- cannot seek), reading names in order with no sort.
CREATE UNIQUE INDEX programs_name ON programs (name);

-- the listing of active programs only, by name; queries must say active = 1 literally
CREATE INDEX programs_active_name ON programs (name) WHERE active = 1;

-- findByExternalRef and its uniqueness: imports look every entry up by its legacy id
CREATE UNIQUE INDEX programs_external_ref ON programs (external_ref) WHERE external_ref IS NOT NULL;

-- referenced(): the sweeper asks which of a batch of blob keys a program still uses
CREATE INDEX programs_image_blob ON programs (image_blob) WHERE image_blob IS NOT NULL;
CREATE INDEX programs_thumbnail_blob ON programs (thumbnail_blob) WHERE thumbnail_blob IS NOT NULL;

-- A program as it was at one version, kept when an update replaced it: who made that version and
-- when, and the keys of the image it had then, whose blobs stay referenced while the revision is kept.
CREATE TABLE program_revisions (
    program_id            TEXT    NOT NULL REFERENCES programs (id),
    version               INTEGER NOT NULL CHECK (version >= 1),
    name                  TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    description           TEXT    NOT NULL CHECK (length(description) <= 4000),
    config                TEXT    NOT NULL CHECK (json_valid(config)),
    config_schema_version INTEGER NOT NULL CHECK (config_schema_version >= 0),
    config_sha256         TEXT    NOT NULL CHECK (length(config_sha256) = 64),
    active                INTEGER NOT NULL CHECK (active IN (0, 1)),
    image_blob            TEXT    CHECK (image_blob IS NULL OR length(image_blob) BETWEEN 1 AND 512),
    image_mime_type       TEXT    CHECK (image_mime_type IS NULL OR length(image_mime_type) BETWEEN 3 AND 255),
    image_size            INTEGER CHECK (image_size IS NULL OR image_size >= 0),
    image_sha256          TEXT    CHECK (image_sha256 IS NULL OR length(image_sha256) = 64),
    image_width           INTEGER CHECK (image_width IS NULL OR image_width >= 0),
    image_height          INTEGER CHECK (image_height IS NULL OR image_height >= 0),
    thumbnail_blob        TEXT    CHECK (thumbnail_blob IS NULL OR length(thumbnail_blob) BETWEEN 1 AND 512),
    updated_at            INTEGER NOT NULL,
    updated_by            TEXT    NOT NULL CHECK (length(updated_by) BETWEEN 1 AND 64),
    -- one revision per version; also the program's revisions newest first, and the foreign key's index
    PRIMARY KEY (program_id, version),
    CHECK ((image_blob IS NULL) = (image_mime_type IS NULL) AND (image_blob IS NULL) = (image_size IS NULL)
        AND (image_blob IS NULL) = (image_sha256 IS NULL) AND (image_blob IS NULL) = (image_width IS NULL)
        AND (image_blob IS NULL) = (image_height IS NULL)),
    CHECK (thumbnail_blob IS NULL OR image_blob IS NOT NULL)
) STRICT;

-- referenced(): a replaced image is still in use while a revision keeps it
CREATE INDEX program_revisions_image_blob ON program_revisions (image_blob) WHERE image_blob IS NOT NULL;
CREATE INDEX program_revisions_thumbnail_blob ON program_revisions (thumbnail_blob) WHERE thumbnail_blob IS NOT NULL;
