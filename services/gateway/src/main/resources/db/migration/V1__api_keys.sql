-- API keys. Only a SHA-256 hash of each key is stored, plus a short prefix to show operators which
-- key is which; the key itself is shown once, at creation. Portable SQL: the same migration runs
-- on PostgreSQL and on H2 (embedded default, PostgreSQL mode).
CREATE TABLE api_keys (
    id         VARCHAR(40)              NOT NULL PRIMARY KEY,
    key_hash   CHAR(64)                 NOT NULL,
    key_prefix VARCHAR(32)              NOT NULL,
    name       VARCHAR(200)             NOT NULL,
    owner      VARCHAR(200),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE,
    revoked_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT api_keys_key_hash_unique UNIQUE (key_hash)
);

CREATE INDEX api_keys_created_at ON api_keys (created_at);
