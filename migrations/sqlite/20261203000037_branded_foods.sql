-- The optional branded foods (`nutrinube catalogue load fdc-branded`, source
-- 'fdc-branded'): up to 400,000 items beside 9,000 generic ones. They get a
-- text index of their own, so that searching the generic foods (and an
-- account's own) costs what it did, and the branded part can be asked for
-- a bounded number of matches. An item's source never changes.
CREATE VIRTUAL TABLE branded_fts USING fts5(
    search_text,
    content = 'foods',
    content_rowid = 'id',
    tokenize = 'unicode61',
    prefix = '2 3 4'
);

DROP TRIGGER foods_fts_insert;
DROP TRIGGER foods_fts_delete;
DROP TRIGGER foods_fts_update;
CREATE TRIGGER foods_fts_insert AFTER INSERT ON foods WHEN new.source <> 'fdc-branded' BEGIN
    INSERT INTO foods_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER foods_fts_delete AFTER DELETE ON foods WHEN old.source <> 'fdc-branded' BEGIN
    INSERT INTO foods_fts (foods_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER foods_fts_update AFTER UPDATE OF search_text ON foods WHEN old.source <> 'fdc-branded' BEGIN
    INSERT INTO foods_fts (foods_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    INSERT INTO foods_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER branded_fts_insert AFTER INSERT ON foods WHEN new.source = 'fdc-branded' BEGIN
    INSERT INTO branded_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER branded_fts_delete AFTER DELETE ON foods WHEN old.source = 'fdc-branded' BEGIN
    INSERT INTO branded_fts (branded_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER branded_fts_update AFTER UPDATE OF search_text ON foods WHEN old.source = 'fdc-branded' BEGIN
    INSERT INTO branded_fts (branded_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    INSERT INTO branded_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
