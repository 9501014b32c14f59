-- Nutrient targets (nutrition.md §2, "Targets"): the account's overrides of
-- the DRI defaults, one row per nutrient key. A NULL bound is the default's
-- (computed at read time from the profile and the calorie goal). The key
-- columns are declared NOT NULL: SQLite would admit NULL in a primary key.
CREATE TABLE nutrient_targets (
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    key        TEXT NOT NULL,
    min        REAL CHECK (min >= 0),
    max        REAL CHECK (max >= 0),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (account_id, key)
);
