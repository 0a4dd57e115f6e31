-- Foundation of the Stowage schema. Later migrations (V2 queue, V3 documents, V4 programs,
-- V5 backups, V6 tokens) build on it.

-- Small facts about this database that outlive one process (an instance id, the layout the data
-- folder was created with, ...). WITHOUT ROWID: the key is the only access path, so the table is
-- stored as its own primary-key index.
CREATE TABLE stowage_meta (
    key   TEXT NOT NULL PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 200),
    value TEXT NOT NULL
) STRICT, WITHOUT ROWID;
