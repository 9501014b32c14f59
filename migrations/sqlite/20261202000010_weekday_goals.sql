-- Goals by weekday (body.md §3): one row per overridden weekday (ISO: 1 is
-- Monday, 7 Sunday); a NULL member keeps the base goal of `goals`. The key
-- columns are declared NOT NULL: SQLite would admit NULL in a primary key.
CREATE TABLE weekday_goals (
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    weekday    INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    calories   REAL CHECK (calories > 0),
    protein_g  REAL CHECK (protein_g > 0),
    fat_g      REAL CHECK (fat_g > 0),
    carbs_g    REAL CHECK (carbs_g > 0),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (account_id, weekday)
);
