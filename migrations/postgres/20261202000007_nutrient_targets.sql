-- Nutrient targets (nutrition.md §2, "Targets"): the account's overrides of
-- the DRI defaults, one row per nutrient key. A NULL bound is the default's
-- (computed at read time from the profile and the calorie goal).
CREATE TABLE nutrient_targets (
    account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    key        TEXT NOT NULL,
    min        DOUBLE PRECISION CHECK (min >= 0),
    max        DOUBLE PRECISION CHECK (max >= 0),
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (account_id, key)
);
