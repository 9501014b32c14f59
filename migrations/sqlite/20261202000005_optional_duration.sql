-- An activity by hand with kcal_burned needs no duration (nutrition.md §5):
-- duration_min is NULL then. It stays required (in the application) when
-- the energy is computed from a MET value. SQLite cannot drop a NOT NULL,
-- so the table is rebuilt (as sessions in 20261202000001), with its
-- columns, key, foreign key and index as in 20261126000001; ids are kept
-- (and AUTOINCREMENT's counter, in sqlite_sequence, follows the new table).
CREATE TABLE activity_entries_new (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id     INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    date           TEXT NOT NULL,
    name           TEXT NOT NULL,
    duration_min   INTEGER,
    kcal_burned    REAL NOT NULL,
    activity_id    INTEGER,
    met            REAL,
    weight_kg_used REAL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
INSERT INTO activity_entries_new (id, account_id, date, name, duration_min, kcal_burned,
        activity_id, met, weight_kg_used, created_at, updated_at)
    SELECT id, account_id, date, name, duration_min, kcal_burned, activity_id, met,
        weight_kg_used, created_at, updated_at
    FROM activity_entries;
DROP TABLE activity_entries;
ALTER TABLE activity_entries_new RENAME TO activity_entries;
CREATE INDEX activity_entries_account_date ON activity_entries (account_id, date);
