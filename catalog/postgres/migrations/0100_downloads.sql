-- Download counting (see package analytics): nodes append delivered byte
-- ranges to range_events; the one node holding the aggregation lock folds
-- them into listener_windows and downloads, deleting the events it took.

-- The one secret listener hashes are keyed from (daily keys derive from it).
CREATE TABLE analytics_secret (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    secret BYTEA NOT NULL
);

CREATE TABLE range_events (
    id            BIGSERIAL PRIMARY KEY,
    episode_id    TEXT NOT NULL,
    show_id       TEXT NOT NULL,
    listener      TEXT NOT NULL,
    prev_listener TEXT NOT NULL DEFAULT '',
    app           TEXT NOT NULL,
    start_byte    BIGINT NOT NULL,
    end_byte      BIGINT NOT NULL,
    audio_start   BIGINT NOT NULL,
    need          BIGINT NOT NULL,
    at            TIMESTAMPTZ NOT NULL
);
CREATE INDEX range_events_at ON range_events (at, id);

CREATE TABLE listener_windows (
    listener   TEXT NOT NULL,
    episode_id TEXT NOT NULL,
    start      TIMESTAMPTZ NOT NULL,
    ranges     JSONB NOT NULL DEFAULT '[]',
    counted    BOOLEAN NOT NULL DEFAULT false,
    PRIMARY KEY (listener, episode_id)
);
CREATE INDEX listener_windows_start ON listener_windows (start);

-- Counted downloads. No foreign keys: counts outlive deleted episodes.
CREATE TABLE downloads (
    id         BIGSERIAL PRIMARY KEY,
    episode_id TEXT NOT NULL,
    show_id    TEXT NOT NULL,
    app        TEXT NOT NULL,
    at         TIMESTAMPTZ NOT NULL,
    day        TEXT NOT NULL
);
CREATE INDEX downloads_show_at ON downloads (show_id, at);
