-- Which bundled release a shared food's values come from (nutrition.md §1):
-- 'usda-sr24', 'usda-sr28'; NULL for custom foods. The loader sets it on
-- every item it inserts or updates, so after an upgrade to SR28 the items
-- SR28 dropped keep 'usda-sr24'. Until now only SR24 was ever bundled.

ALTER TABLE foods ADD COLUMN catalogue_release TEXT;
UPDATE foods SET catalogue_release = 'usda-sr24' WHERE account_id IS NULL AND source = 'usda';
