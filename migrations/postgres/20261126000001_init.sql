-- NutriNube schema, PostgreSQL. Keep in step with migrations/sqlite.
-- Nutrient amounts are DOUBLE PRECISION rounded to 0.1 by the application.

CREATE TABLE accounts (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE goals (
    account_id BIGINT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    calories   DOUBLE PRECISION NOT NULL,
    protein_g  DOUBLE PRECISION NOT NULL,
    fat_g      DOUBLE PRECISION NOT NULL,
    carbs_g    DOUBLE PRECISION NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE profiles (
    account_id     BIGINT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    sex            TEXT CHECK (sex IN ('female', 'male')),
    birth_date     DATE,
    height_cm      DOUBLE PRECISION,
    activity_level TEXT CHECK (activity_level IN ('sedentary', 'light', 'moderate', 'active', 'very_active')),
    updated_at     TIMESTAMPTZ NOT NULL
);

CREATE TABLE foods (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- NULL for the shared catalogue, else the account owning a custom food.
    account_id      BIGINT REFERENCES accounts(id) ON DELETE CASCADE,
    source          TEXT NOT NULL,
    source_ref      TEXT,
    name            TEXT NOT NULL,
    brand           TEXT,
    calories        DOUBLE PRECISION NOT NULL,
    protein_g       DOUBLE PRECISION NOT NULL,
    fat_g           DOUBLE PRECISION NOT NULL,
    carbs_g         DOUBLE PRECISION NOT NULL,
    fibre_g         DOUBLE PRECISION,
    sugars_g        DOUBLE PRECISION,
    saturated_fat_g DOUBLE PRECISION,
    sodium_mg       DOUBLE PRECISION,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX foods_account ON foods (account_id);
CREATE UNIQUE INDEX foods_source_ref ON foods (source, source_ref) WHERE source_ref IS NOT NULL;

CREATE TABLE food_servings (
    id      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    food_id BIGINT NOT NULL REFERENCES foods(id) ON DELETE CASCADE,
    label   TEXT NOT NULL,
    grams   DOUBLE PRECISION NOT NULL
);
CREATE INDEX food_servings_food ON food_servings (food_id);

CREATE TABLE activities (
    id   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    met  DOUBLE PRECISION NOT NULL
);

CREATE TABLE food_entries (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    date       DATE NOT NULL,
    meal       TEXT NOT NULL CHECK (meal IN ('breakfast', 'lunch', 'dinner', 'snack')),
    name       TEXT NOT NULL,
    calories   DOUBLE PRECISION NOT NULL,
    protein_g  DOUBLE PRECISION NOT NULL,
    fat_g      DOUBLE PRECISION NOT NULL,
    carbs_g    DOUBLE PRECISION NOT NULL,
    -- No foreign key: deleting a catalogue item never rewrites the diary.
    food_id    BIGINT,
    quantity_g DOUBLE PRECISION,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX food_entries_account_date ON food_entries (account_id, date);

CREATE TABLE activity_entries (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id     BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    date           DATE NOT NULL,
    name           TEXT NOT NULL,
    duration_min   BIGINT NOT NULL,
    kcal_burned    DOUBLE PRECISION NOT NULL,
    activity_id    BIGINT,
    met            DOUBLE PRECISION,
    weight_kg_used DOUBLE PRECISION,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX activity_entries_account_date ON activity_entries (account_id, date);

CREATE TABLE weights (
    account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    date       DATE NOT NULL,
    weight_kg  DOUBLE PRECISION NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (account_id, date)
);

CREATE TABLE sessions (
    -- SHA-256 of the cookie's secret: a leaked table does not yield sessions.
    token_hash TEXT PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);

CREATE TABLE api_tokens (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id   BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TIMESTAMPTZ NOT NULL,
    last_used_at TIMESTAMPTZ
);
CREATE INDEX api_tokens_account ON api_tokens (account_id);

CREATE TABLE login_failures (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username    TEXT NOT NULL,
    client_addr TEXT NOT NULL,
    at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX login_failures_username ON login_failures (username, at);
CREATE INDEX login_failures_client ON login_failures (client_addr, at);
