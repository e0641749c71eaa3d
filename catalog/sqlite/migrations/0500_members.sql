-- Members-only podcasts: an episode's visibility ('public' or 'members')
-- and the time a members episode opens to everyone (public_at, NULL for
-- never); the subscribers who get a private feed; the networks and apps
-- that fetched each private feed per day, for noticing shared feeds; and
-- the subscriber a download was made through.
ALTER TABLE episodes ADD COLUMN visibility TEXT NOT NULL DEFAULT 'public';
ALTER TABLE episodes ADD COLUMN public_at TEXT;

-- members_version grows with every change to a show's subscribers, so
-- private-feed caches on every node know when to read them again (the
-- show's own version is for what its feeds show).
ALTER TABLE shows ADD COLUMN members_version INTEGER NOT NULL DEFAULT 0;

CREATE TABLE subscribers (
    id                TEXT PRIMARY KEY,
    show_id           TEXT NOT NULL REFERENCES shows (id) ON DELETE CASCADE,
    email             TEXT NOT NULL,
    name              TEXT NOT NULL,
    external_id       TEXT,
    expires_at        TEXT,
    revoked           BOOLEAN NOT NULL DEFAULT FALSE,
    revoked_at        TEXT,
    token_hash        BLOB NOT NULL UNIQUE,
    sharing_suspected BOOLEAN NOT NULL DEFAULT FALSE,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    rotated_at        TEXT NOT NULL,
    UNIQUE (show_id, external_id)
);
CREATE INDEX subscribers_show ON subscribers (show_id, created_at, id);

-- One row per subscriber, UTC day, client network (/24 or /48, hashed)
-- and user agent (hashed) that fetched the private feed.
CREATE TABLE subscriber_fetches (
    subscriber_id TEXT NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
    day           TEXT NOT NULL,
    network       TEXT NOT NULL,
    agent         TEXT NOT NULL,
    PRIMARY KEY (subscriber_id, day, network, agent)
);

ALTER TABLE range_events ADD COLUMN subscriber_id TEXT NOT NULL DEFAULT '';
ALTER TABLE downloads ADD COLUMN subscriber_id TEXT NOT NULL DEFAULT '';
CREATE INDEX downloads_subscriber ON downloads (subscriber_id, at);
