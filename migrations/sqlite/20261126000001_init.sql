-- NutriNube schema, SQLite. Keep in step with migrations/postgres.
-- Nutrient amounts are REAL rounded to 0.1 by the application.

CREATE TABLE accounts (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    username      TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL
);

CREATE TABLE goals (
    account_id INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    calories   REAL NOT NULL,
    protein_g  REAL NOT NULL,
    fat_g      REAL NOT NULL,
    carbs_g    REAL NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE profiles (
    account_id     INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    sex            TEXT CHECK (sex IN ('female', 'male')),
    birth_date     TEXT,
    height_cm      REAL,
    activity_level TEXT CHECK (activity_level IN ('sedentary', 'light', 'moderate', 'active', 'very_active')),
    updated_at     TEXT NOT NULL
);

CREATE TABLE foods (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    -- NULL for the shared catalogue, else the account owning a custom food.
    account_id      INTEGER REFERENCES accounts(id) ON DELETE CASCADE,
    source          TEXT NOT NULL,
    source_ref      TEXT,
    name            TEXT NOT NULL,
    brand           TEXT,
    calories        REAL NOT NULL,
    protein_g       REAL NOT NULL,
    fat_g           REAL NOT NULL,
    carbs_g         REAL NOT NULL,
    fibre_g         REAL,
    sugars_g        REAL,
    saturated_fat_g REAL,
    sodium_mg       REAL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX foods_account ON foods (account_id);
CREATE UNIQUE INDEX foods_source_ref ON foods (source, source_ref) WHERE source_ref IS NOT NULL;

CREATE TABLE food_servings (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    food_id INTEGER NOT NULL REFERENCES foods(id) ON DELETE CASCADE,
    label   TEXT NOT NULL,
    grams   REAL NOT NULL
);
CREATE INDEX food_servings_food ON food_servings (food_id);

CREATE TABLE activities (
    id   INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    met  REAL NOT NULL
);

CREATE TABLE food_entries (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    date       TEXT NOT NULL,
    meal       TEXT NOT NULL CHECK (meal IN ('breakfast', 'lunch', 'dinner', 'snack')),
    name       TEXT NOT NULL,
    calories   REAL NOT NULL,
    protein_g  REAL NOT NULL,
    fat_g      REAL NOT NULL,
    carbs_g    REAL NOT NULL,
    -- No foreign key: deleting a catalogue item never rewrites the diary.
    food_id    INTEGER,
    quantity_g REAL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX food_entries_account_date ON food_entries (account_id, date);

CREATE TABLE activity_entries (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id     INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    date           TEXT NOT NULL,
    name           TEXT NOT NULL,
    duration_min   INTEGER NOT NULL,
    kcal_burned    REAL NOT NULL,
    activity_id    INTEGER,
    met            REAL,
    weight_kg_used REAL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX activity_entries_account_date ON activity_entries (account_id, date);

CREATE TABLE weights (
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    date       TEXT NOT NULL,
    weight_kg  REAL NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (account_id, date)
);

CREATE TABLE sessions (
    -- SHA-256 of the cookie's secret: a leaked table does not yield sessions.
    token_hash TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id   INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    last_used_at TEXT
);
CREATE INDEX api_tokens_account ON api_tokens (account_id);

CREATE TABLE login_failures (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    username    TEXT NOT NULL,
    client_addr TEXT NOT NULL,
    at          TEXT NOT NULL
);
CREATE INDEX login_failures_username ON login_failures (username, at);
CREATE INDEX login_failures_client ON login_failures (client_addr, at);
