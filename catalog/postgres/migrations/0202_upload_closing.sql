-- An upload being deleted is marked closing first: from then on no chunk
-- is added to it, so the chunk list read after the mark is every blob the
-- deletion must remove (a PATCH that loses the race deletes its own).
ALTER TABLE uploads ADD COLUMN closing BOOLEAN NOT NULL DEFAULT FALSE;
