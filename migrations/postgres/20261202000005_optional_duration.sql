-- An activity by hand with kcal_burned needs no duration (nutrition.md §5):
-- duration_min is NULL then. It stays required (in the application) when
-- the energy is computed from a MET value.
ALTER TABLE activity_entries ALTER COLUMN duration_min DROP NOT NULL;
