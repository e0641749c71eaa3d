-- Download counting (see package analytics): nodes append delivered byte
-- ranges to range_events; one aggregator folds them into listener_windows
-- and downloads, deleting the events it took.

-- The one secret listener hashes are keyed from (daily keys derive from it).
CREATE TABLE analytics_secret (
	id     INTEGER PRIMARY KEY CHECK (id = 1),
	secret BLOB NOT NULL
);

CREATE TABLE range_events (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	episode_id    TEXT NOT NULL,
	show_id       TEXT NOT NULL,
	listener      TEXT NOT NULL,
	prev_listener TEXT NOT NULL DEFAULT '',
	app           TEXT NOT NULL,
	start_byte    INTEGER NOT NULL,
	end_byte      INTEGER NOT NULL,
	audio_start   INTEGER NOT NULL,
	need          INTEGER NOT NULL,
	at            TEXT NOT NULL
);
CREATE INDEX range_events_at ON range_events (at, id);

CREATE TABLE listener_windows (
	listener   TEXT NOT NULL,
	episode_id TEXT NOT NULL,
	start      TEXT NOT NULL,
	ranges     TEXT NOT NULL DEFAULT '[]',
	counted    INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (listener, episode_id)
);
CREATE INDEX listener_windows_start ON listener_windows (start);

-- Counted downloads. No foreign keys: counts outlive deleted episodes.
CREATE TABLE downloads (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	episode_id TEXT NOT NULL,
	show_id    TEXT NOT NULL,
	app        TEXT NOT NULL,
	at         TEXT NOT NULL,
	day        TEXT NOT NULL
);
CREATE INDEX downloads_show_at ON downloads (show_id, at);
