-- Transcripts, edited chapters, chapter timestamps in notes, and the search
-- index over titles, notes and transcripts.
--
-- A transcript is a row, not a blob: its parsed cues (JSON) are the one
-- source every served format is rendered from, they are read with the
-- episode on any node, changed in the same transaction as the search index
-- and the show's version, and copied with the catalog. Even a three-hour
-- transcript is a few hundred KB.
CREATE TABLE transcripts (
    episode_id TEXT NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
    origin     TEXT NOT NULL,            -- uploaded | generated
    format     TEXT NOT NULL DEFAULT '', -- what it arrived as: vtt, srt, json, txt
    language   TEXT NOT NULL DEFAULT '',
    cues       TEXT NOT NULL DEFAULT '[]',
    timed      BOOLEAN NOT NULL DEFAULT TRUE,  -- false for plain text
    state      TEXT NOT NULL,            -- queued | running | done | failed
    error      TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    PRIMARY KEY (episode_id, origin)
);
CREATE INDEX transcripts_by_state ON transcripts (state, updated_at);

ALTER TABLE episodes ADD COLUMN chapters_edited BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE shows ADD COLUMN chapter_timestamps BOOLEAN NOT NULL DEFAULT FALSE;

-- One row per title, notes, and transcript passage (start_ms says where;
-- -1 for title and notes). Diacritics are kept, as PostgreSQL's 'simple'
-- configuration keeps them, so both find the same episodes.
CREATE VIRTUAL TABLE search_docs USING fts5 (
    body,
    episode_id UNINDEXED,
    kind UNINDEXED,
    start_ms UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 0'
);
CREATE TRIGGER search_docs_episode_gone AFTER DELETE ON episodes BEGIN
    DELETE FROM search_docs WHERE episode_id = old.id;
END;
INSERT INTO search_docs (body, episode_id, kind, start_ms) SELECT title, id, 'title', -1 FROM episodes;
INSERT INTO search_docs (body, episode_id, kind, start_ms)
    SELECT description, id, 'notes', -1 FROM episodes WHERE description <> '';
