-- Idempotency-Key of the API's creates (everywhere.md §3): the first
-- answer to a key, replayed for 24 hours to a repeat of the same request.
CREATE TABLE idempotency_keys (
    account_id      INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    idempotency_key TEXT NOT NULL,
    -- SHA-256 of the method, path, query and body of the first request.
    request_hash    TEXT NOT NULL,
    -- NULL while the first request runs.
    status          INTEGER,
    content_type    TEXT,
    location        TEXT,
    body            BLOB,
    created_at      TEXT NOT NULL,
    PRIMARY KEY (account_id, idempotency_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
