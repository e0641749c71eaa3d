-- 0600: what big feeds and networks of shows need. A show's feed limit
-- (0: no limit; older items go to paged archives), podcast:txt entries,
-- the owner email hidden from public feeds outside a verification window
-- (owner_email_until, NULL for none), podcast:locked's owner, measurement
-- prefixes in order, the podroll and podcast:medium. Lists are JSON text.
ALTER TABLE shows ADD COLUMN feed_limit INTEGER NOT NULL DEFAULT 0;
ALTER TABLE shows ADD COLUMN txt TEXT NOT NULL DEFAULT '[]';
ALTER TABLE shows ADD COLUMN hide_owner_email BOOLEAN NOT NULL DEFAULT 0;
ALTER TABLE shows ADD COLUMN owner_email_until TEXT;
ALTER TABLE shows ADD COLUMN locked_owner TEXT NOT NULL DEFAULT '';
ALTER TABLE shows ADD COLUMN analytics_prefixes TEXT NOT NULL DEFAULT '[]';
ALTER TABLE shows ADD COLUMN podroll TEXT NOT NULL DEFAULT '[]';
ALTER TABLE shows ADD COLUMN medium TEXT NOT NULL DEFAULT '';
-- An episode's podcast:soundbite entries: [{"start","duration","title"}]
-- with times in nanoseconds.
ALTER TABLE episodes ADD COLUMN soundbites TEXT NOT NULL DEFAULT '[]';
