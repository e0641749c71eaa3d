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
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (episode_id, origin)
);
CREATE INDEX transcripts_by_state ON transcripts (state, updated_at);

ALTER TABLE episodes ADD COLUMN chapters_edited BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE shows ADD COLUMN chapter_timestamps BOOLEAN NOT NULL DEFAULT FALSE;

-- One row per title, notes, and transcript passage (start_ms says where;
-- -1 for title and notes), searched with the 'simple' configuration (no
-- stemming, no stop words), as SQLite's FTS5 unicode61 tokenizer does.
CREATE TABLE search_docs (
    body       TEXT NOT NULL,
    episode_id TEXT NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    start_ms   BIGINT NOT NULL,
    tsv        TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED
);
CREATE INDEX search_docs_tsv ON search_docs USING GIN (tsv);
CREATE INDEX search_docs_episode ON search_docs (episode_id, kind);
INSERT INTO search_docs (body, episode_id, kind, start_ms) SELECT title, id, 'title', -1 FROM episodes;
INSERT INTO search_docs (body, episode_id, kind, start_ms)
    SELECT description, id, 'notes', -1 FROM episodes WHERE description <> '';
