-- Scoped, expiring API tokens and read-only share links (data.md §4).
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'full'
    CHECK (scope IN ('full', 'read', 'health'));
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;

CREATE TABLE share_links (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    secret_hash TEXT NOT NULL UNIQUE,
    date_from   TEXT,
    date_to     TEXT,
    expires_at  TEXT,
    created_at  TEXT NOT NULL
);
CREATE INDEX share_links_account ON share_links (account_id);
