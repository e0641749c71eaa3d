-- Every slug a show has or had: its current one (retired_at NULL, the same
-- as shows.slug) and those it left in renames (retired_at when), whose
-- public URLs redirect to the current ones. The primary key makes slugs one
-- namespace, also between concurrent writers on several nodes: a slug is
-- one show's, current or old, until that show is deleted.
CREATE TABLE show_slugs (
    slug       TEXT PRIMARY KEY,
    show_id    TEXT NOT NULL REFERENCES shows (id) ON DELETE CASCADE,
    retired_at TIMESTAMPTZ
);

CREATE INDEX show_slugs_show ON show_slugs (show_id);

INSERT INTO show_slugs (slug, show_id) SELECT slug, id FROM shows;
