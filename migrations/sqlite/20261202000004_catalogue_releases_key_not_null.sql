-- SQLite admits NULL in a TEXT PRIMARY KEY; PostgreSQL does not. Rebuilt so
-- that catalogue_releases.name is NOT NULL on both (as sessions.token_hash
-- in 20261202000001). SQLite only: PostgreSQL's table is already so.
CREATE TABLE catalogue_releases_new (
    name       TEXT NOT NULL PRIMARY KEY,
    foods      INTEGER NOT NULL,
    loaded_at  TEXT NOT NULL
);
INSERT INTO catalogue_releases_new (name, foods, loaded_at)
    SELECT name, foods, loaded_at FROM catalogue_releases WHERE name IS NOT NULL;
DROP TABLE catalogue_releases;
ALTER TABLE catalogue_releases_new RENAME TO catalogue_releases;
