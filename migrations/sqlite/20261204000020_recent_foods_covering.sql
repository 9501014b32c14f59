-- The recent foods read an account's latest catalogue entries with their
-- food and quantity; carried in the index, they are read without visiting
-- the table (issue 17: the diary of a five-year account as fast as a new one's).
DROP INDEX food_entries_account_logged;
CREATE INDEX food_entries_account_logged
    ON food_entries (account_id, created_at, id, food_id, quantity_g) WHERE food_id IS NOT NULL;
