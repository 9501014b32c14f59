-- Account settings (everywhere.md §1): the account's time zone (an IANA
-- name), the language of its pages and the units they show.
ALTER TABLE accounts ADD COLUMN time_zone   TEXT NOT NULL DEFAULT 'UTC';
ALTER TABLE accounts ADD COLUMN language    TEXT NOT NULL DEFAULT 'en';
ALTER TABLE accounts ADD COLUMN energy_unit TEXT NOT NULL DEFAULT 'kcal';
ALTER TABLE accounts ADD COLUMN weight_unit TEXT NOT NULL DEFAULT 'kg';
ALTER TABLE accounts ADD COLUMN length_unit TEXT NOT NULL DEFAULT 'cm';
