-- Account settings (everywhere.md §1): the account's time zone (an IANA
-- name), the language of its pages and the units they show.
ALTER TABLE accounts
    ADD COLUMN time_zone   TEXT NOT NULL DEFAULT 'UTC',
    ADD COLUMN language    TEXT NOT NULL DEFAULT 'en',
    ADD COLUMN energy_unit TEXT NOT NULL DEFAULT 'kcal',
    ADD COLUMN weight_unit TEXT NOT NULL DEFAULT 'kg',
    ADD COLUMN length_unit TEXT NOT NULL DEFAULT 'cm';
