-- 0001: the catalog core: shows, episodes, articles and their ordered links,
-- and publisher API tokens. The same schema as catalog/sqlite with native
-- types: timestamptz (NULL for none), jsonb for lists, bytea for hashes.

CREATE TABLE shows (
    id           TEXT PRIMARY KEY,
    slug         TEXT NOT NULL UNIQUE,
    title        TEXT NOT NULL,
    description  TEXT NOT NULL,
    author       TEXT NOT NULL,
    owner_name   TEXT NOT NULL,
    owner_email  TEXT NOT NULL,
    language     TEXT NOT NULL,
    categories   JSONB NOT NULL,
    explicit     BOOLEAN NOT NULL,
    type         TEXT NOT NULL,
    link         TEXT NOT NULL,
    copyright    TEXT NOT NULL,
    locked       BOOLEAN NOT NULL,
    block        BOOLEAN NOT NULL,
    complete     BOOLEAN NOT NULL,
    new_feed_url TEXT NOT NULL,
    funding      JSONB NOT NULL,
    persons      JSONB NOT NULL,
    guid         TEXT NOT NULL,
    version      BIGINT NOT NULL,
    artwork_key  TEXT NOT NULL,
    artwork_mime TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE episodes (
    id                 TEXT PRIMARY KEY,
    guid               TEXT NOT NULL,
    show_id            TEXT NOT NULL REFERENCES shows (id) ON DELETE CASCADE,
    title              TEXT NOT NULL,
    description        TEXT NOT NULL,
    published_at       TIMESTAMPTZ,
    status             TEXT NOT NULL,
    season             INTEGER NOT NULL,
    number             INTEGER NOT NULL,
    type               TEXT NOT NULL,
    explicit           BOOLEAN NOT NULL,
    audio_key          TEXT NOT NULL,
    audio_file_name    TEXT NOT NULL,
    audio_size         BIGINT NOT NULL,
    audio_sha256       TEXT NOT NULL,
    audio_mime         TEXT NOT NULL,
    audio_container    TEXT NOT NULL,
    audio_codec        TEXT NOT NULL,
    audio_bitrate      INTEGER NOT NULL,
    audio_sample_rate  INTEGER NOT NULL,
    audio_channels     INTEGER NOT NULL,
    audio_duration_ns  BIGINT NOT NULL,
    audio_header_bytes BIGINT NOT NULL,
    artwork_key        TEXT NOT NULL,
    artwork_mime       TEXT NOT NULL,
    chapters           JSONB NOT NULL,
    transcript_url     TEXT NOT NULL,
    transcript_type    TEXT NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL,
    UNIQUE (show_id, guid)
);

CREATE INDEX episodes_show_published ON episodes (show_id, published_at, id);

CREATE TABLE articles (
    id           TEXT PRIMARY KEY,
    url          TEXT NOT NULL UNIQUE,
    title        TEXT NOT NULL,
    summary      TEXT NOT NULL,
    image_url    TEXT NOT NULL,
    published_at TIMESTAMPTZ,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE episode_articles (
    episode_id TEXT NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    PRIMARY KEY (episode_id, article_id)
);

CREATE INDEX episode_articles_article ON episode_articles (article_id);

CREATE TABLE tokens (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    hash         BYTEA NOT NULL UNIQUE,
    created_at   TIMESTAMPTZ NOT NULL,
    last_used_at TIMESTAMPTZ
);

-- Every change to a show (its Version bumps with each change to what its
-- feeds show) is announced on the channel onair_show_changed with the show's
-- id, at commit, so other nodes can drop caches at once (Store.Listen).
CREATE FUNCTION onair_show_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('onair_show_changed', COALESCE(NEW.id, OLD.id));
    RETURN NULL;
END
$$;

CREATE TRIGGER shows_changed AFTER INSERT OR UPDATE OR DELETE ON shows
    FOR EACH ROW EXECUTE FUNCTION onair_show_changed();
