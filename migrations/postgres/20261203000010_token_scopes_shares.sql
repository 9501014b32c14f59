-- Scoped, expiring API tokens and read-only share links (data.md §4).
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'full'
    CHECK (scope IN ('full', 'read', 'health'));
ALTER TABLE api_tokens ADD COLUMN expires_at TIMESTAMPTZ;

CREATE TABLE share_links (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id  BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    secret_hash TEXT NOT NULL UNIQUE,
    date_from   DATE,
    date_to     DATE,
    expires_at  TIMESTAMPTZ,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX share_links_account ON share_links (account_id);
