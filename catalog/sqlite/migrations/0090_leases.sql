-- Named leases: one node at a time does once-per-installation work.
CREATE TABLE leases (
	name       TEXT PRIMARY KEY,
	holder     TEXT NOT NULL,
	expires_at INTEGER NOT NULL -- Unix milliseconds
);
