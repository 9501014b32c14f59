-- Sessions end after NUTRINUBE_SESSION_IDLE_DAYS without use. The table is
-- rebuilt rather than altered so that token_hash becomes NOT NULL as on
-- PostgreSQL (a TEXT PRIMARY KEY admits NULL in SQLite).
CREATE TABLE sessions_new (
    -- SHA-256 of the cookie's secret: a leaked table does not yield sessions.
    token_hash   TEXT NOT NULL PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    last_used_at TEXT NOT NULL
);
INSERT INTO sessions_new (token_hash, account_id, created_at, expires_at, last_used_at)
    SELECT token_hash, account_id, created_at, expires_at, created_at
    FROM sessions WHERE token_hash IS NOT NULL;
DROP TABLE sessions;
ALTER TABLE sessions_new RENAME TO sessions;
CREATE INDEX sessions_account ON sessions (account_id);

-- Accounts registered per client address, for NUTRINUBE_REGISTER_PER_HOUR;
-- rows older than a day are pruned.
CREATE TABLE registrations (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    client_addr TEXT NOT NULL,
    at          TEXT NOT NULL
);
CREATE INDEX registrations_client ON registrations (client_addr, at);
