-- Failed dashboard sign-ins, shared by every node so the limit holds
-- however many nodes a client spreads its guesses over. key_hash is the
-- hex SHA-256 of the limited key (client address and email), never the key.
CREATE TABLE signin_failures (
    key_hash TEXT NOT NULL,
    at       TEXT NOT NULL
);
CREATE INDEX signin_failures_by_key ON signin_failures (key_hash, at);
CREATE INDEX signin_failures_by_at ON signin_failures (at);
