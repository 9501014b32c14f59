-- Food search: a folded copy of name and brand (lowercase, no accents, words
-- only; computed by the application), searched by full-text word prefixes.
ALTER TABLE foods ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
ALTER TABLE foods ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED;
-- No pending list: the catalogue is loaded in bulk, then read far more than written.
CREATE INDEX foods_search ON foods USING gin (search_vector) WITH (fastupdate = off);

-- Bundled datasets loaded into the shared catalogue, one row per release.
CREATE TABLE catalogue_releases (
    name       TEXT PRIMARY KEY,
    foods      BIGINT NOT NULL,
    loaded_at  TIMESTAMPTZ NOT NULL
);
