-- Imports (data.md §1): where each imported entry came from and the key
-- that makes a second import of the same row add nothing; and the record
-- of each import, as its answer.
ALTER TABLE food_entries ADD COLUMN source TEXT;
ALTER TABLE food_entries ADD COLUMN import_key TEXT;
CREATE UNIQUE INDEX food_entries_import_key ON food_entries (account_id, import_key)
    WHERE import_key IS NOT NULL;

ALTER TABLE activity_entries ADD COLUMN source TEXT;
ALTER TABLE activity_entries ADD COLUMN import_key TEXT;
CREATE UNIQUE INDEX activity_entries_import_key ON activity_entries (account_id, import_key)
    WHERE import_key IS NOT NULL;

ALTER TABLE water_entries ADD COLUMN source TEXT;
ALTER TABLE water_entries ADD COLUMN import_key TEXT;
CREATE UNIQUE INDEX water_entries_import_key ON water_entries (account_id, import_key)
    WHERE import_key IS NOT NULL;

CREATE TABLE imports (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id  BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    format      TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed')),
    dry_run     BOOLEAN NOT NULL,
    -- The answer's counts, skipped rows, warnings and problem, as JSON.
    report      TEXT NOT NULL,
    started_at  TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ
);
CREATE INDEX imports_account ON imports (account_id, id);
