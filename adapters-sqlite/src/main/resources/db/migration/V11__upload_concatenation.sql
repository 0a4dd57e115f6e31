-- tus concatenation: an upload is plain ('none'), a partial upload that never becomes a document by
-- itself, or the final upload made of partial uploads. A final upload keeps the ids of its parts,
-- in order and separated by single spaces, so that its status can name them after they are gone.
ALTER TABLE resumable_uploads ADD COLUMN concat TEXT NOT NULL DEFAULT 'none'
    CHECK (concat IN ('none', 'partial', 'final'));
ALTER TABLE resumable_uploads ADD COLUMN concat_parts TEXT
    CHECK ((concat = 'final') = (concat_parts IS NOT NULL AND length(concat_parts) >= 26));
