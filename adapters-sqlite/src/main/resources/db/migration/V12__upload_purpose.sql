-- What a resumable upload becomes when its last byte arrives: a document (every upload so far), or
-- a backup archive that is imported as a backup. Uploads of either kind share the bookkeeping,
-- the staging and the tus protocol; only the end differs.
ALTER TABLE resumable_uploads ADD COLUMN purpose TEXT NOT NULL DEFAULT 'document'
    CHECK (purpose IN ('document', 'backup-archive'));
