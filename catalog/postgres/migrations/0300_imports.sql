-- Imports of podcasts from their RSS feeds (each run, with its report as
-- JSON), and the feed each imported show mirrors until the move is done,
-- with the validators (ETag, Last-Modified) of its last complete sync.
CREATE TABLE imports (
    id          TEXT PRIMARY KEY,
    feed_url    TEXT NOT NULL,
    show_slug   TEXT NOT NULL,
    options     TEXT NOT NULL,
    state       TEXT NOT NULL,
    report      TEXT,
    error       TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ
);
CREATE INDEX imports_by_created ON imports (created_at);

CREATE TABLE show_sources (
    show_id        TEXT PRIMARY KEY REFERENCES shows (id) ON DELETE CASCADE,
    feed_url       TEXT NOT NULL,
    every_s        BIGINT NOT NULL,
    last_run_at    TIMESTAMPTZ,
    last_import_id TEXT NOT NULL,
    etag           TEXT NOT NULL DEFAULT '',
    last_modified  TEXT NOT NULL DEFAULT ''
);
