-- The recent foods (GET /foods/recent, the diary page) read an account's
-- latest catalogue entries through this index, so their cost does not grow
-- with the account's history.
CREATE INDEX food_entries_account_logged ON food_entries (account_id, created_at, id)
    WHERE food_id IS NOT NULL;
