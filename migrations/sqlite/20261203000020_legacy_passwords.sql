-- Accounts moved from the Flask predecessor (data.md §2): the predecessor's
-- Werkzeug hash, kept until the first login verifies it and replaces it by
-- an argon2id hash (password_hash holds the marker '!legacy' meanwhile,
-- which no password verifies), and the predecessor's user id, which makes a
-- second `import-legacy` reuse the account instead of reporting a clash.
ALTER TABLE accounts ADD COLUMN legacy_password_hash TEXT;
ALTER TABLE accounts ADD COLUMN legacy_user_id BIGINT;
