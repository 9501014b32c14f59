-- Sessions end after NUTRINUBE_SESSION_IDLE_DAYS without use.
ALTER TABLE sessions ADD COLUMN last_used_at TIMESTAMPTZ;
UPDATE sessions SET last_used_at = created_at;
ALTER TABLE sessions ALTER COLUMN last_used_at SET NOT NULL;

-- Accounts registered per client address, for NUTRINUBE_REGISTER_PER_HOUR;
-- rows older than a day are pruned.
CREATE TABLE registrations (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    client_addr TEXT NOT NULL,
    at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX registrations_client ON registrations (client_addr, at);
