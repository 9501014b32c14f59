-- The optional branded foods (`nutrinube catalogue load fdc-branded`, source
-- 'fdc-branded'): up to 400,000 items beside 9,000 generic ones. Each part
-- gets a text index of its own, so that searching the generic foods (and an
-- account's own) costs what it did, and the branded part can be asked for
-- a bounded number of matches.
DROP INDEX foods_search;
CREATE INDEX foods_search ON foods USING gin (search_vector) WITH (fastupdate = off)
    WHERE source <> 'fdc-branded';
-- Loaded in bulk: the pending list takes the inserts, and the loader merges
-- it into the index at the end (gin_clean_pending_list).
CREATE INDEX foods_search_branded ON foods USING gin (search_vector)
    WHERE source = 'fdc-branded';
