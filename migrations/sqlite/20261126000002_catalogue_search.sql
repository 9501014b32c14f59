-- Food search: a folded copy of name and brand (lowercase, no accents, words
-- only; computed by the application), searched with FTS5 by word prefixes.
ALTER TABLE foods ADD COLUMN search_text TEXT NOT NULL DEFAULT '';

CREATE VIRTUAL TABLE foods_fts USING fts5(
    search_text,
    content = 'foods',
    content_rowid = 'id',
    tokenize = 'unicode61',
    prefix = '2 3 4'
);
CREATE TRIGGER foods_fts_insert AFTER INSERT ON foods BEGIN
    INSERT INTO foods_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER foods_fts_delete AFTER DELETE ON foods BEGIN
    INSERT INTO foods_fts (foods_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER foods_fts_update AFTER UPDATE OF search_text ON foods BEGIN
    INSERT INTO foods_fts (foods_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    INSERT INTO foods_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;

-- Bundled datasets loaded into the shared catalogue, one row per release.
CREATE TABLE catalogue_releases (
    name       TEXT PRIMARY KEY,
    foods      INTEGER NOT NULL,
    loaded_at  TEXT NOT NULL
);
