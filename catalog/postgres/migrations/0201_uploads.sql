-- Resumable uploads in progress, kept here so any node can take the next
-- piece; their bytes are chunk blobs in media storage listed in
-- upload_chunks. result is the finished upload's answer (JSON).
CREATE TABLE uploads (
    id           TEXT PRIMARY KEY,
    size         BIGINT NOT NULL,
    received     BIGINT NOT NULL DEFAULT 0,
    metadata     JSONB NOT NULL,
    result       BYTEA,
    claim_holder TEXT NOT NULL DEFAULT '',
    claim_until  TIMESTAMPTZ NOT NULL DEFAULT '-infinity',
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX uploads_by_updated ON uploads (updated_at);

CREATE TABLE upload_chunks (
    upload_id TEXT NOT NULL REFERENCES uploads(id) ON DELETE CASCADE,
    pos       BIGINT NOT NULL,
    size      BIGINT NOT NULL,
    key       TEXT NOT NULL,
    PRIMARY KEY (upload_id, pos)
);
