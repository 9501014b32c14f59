-- Goals by weekday (body.md §3): one row per overridden weekday (ISO: 1 is
-- Monday, 7 Sunday); a NULL member keeps the base goal of `goals`.
CREATE TABLE weekday_goals (
    account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    weekday    BIGINT NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    calories   DOUBLE PRECISION CHECK (calories > 0),
    protein_g  DOUBLE PRECISION CHECK (protein_g > 0),
    fat_g      DOUBLE PRECISION CHECK (fat_g > 0),
    carbs_g    DOUBLE PRECISION CHECK (carbs_g > 0),
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (account_id, weekday)
);
