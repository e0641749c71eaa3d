-- Resumable uploads in progress, kept here so any node can take the next
-- piece; their bytes are chunk blobs in media storage listed in
-- upload_chunks. result is the finished upload's answer (JSON).
CREATE TABLE uploads (
    id           TEXT PRIMARY KEY,
    size         INTEGER NOT NULL,
    received     INTEGER NOT NULL DEFAULT 0,
    metadata     TEXT NOT NULL,
    result       BLOB,
    claim_holder TEXT NOT NULL DEFAULT '',
    claim_until  INTEGER NOT NULL DEFAULT 0, -- Unix milliseconds
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX uploads_by_updated ON uploads (updated_at);

CREATE TABLE upload_chunks (
    upload_id TEXT NOT NULL REFERENCES uploads(id) ON DELETE CASCADE,
    pos       INTEGER NOT NULL,
    size      INTEGER NOT NULL,
    key       TEXT NOT NULL,
    PRIMARY KEY (upload_id, pos)
);
