-- Water (nutrition.md §6): what the account drank, in whole millilitres,
-- one row per drink; and the daily water goal beside the other goals.
CREATE TABLE water_entries (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    date       DATE NOT NULL,
    ml         BIGINT NOT NULL CHECK (ml BETWEEN 1 AND 5000),
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX water_entries_account_date ON water_entries (account_id, date);

ALTER TABLE goals ADD COLUMN water_ml BIGINT NOT NULL DEFAULT 2000;
