-- Saved meals (nutrition.md §4): a named list of items logged together.
-- An item is from the catalogue (food_id and quantity_g; its nutrients are
-- computed from the food's current values when logged) or by hand (its
-- amounts). Every item also keeps its name and the amounts it had when the
-- meal was saved: when its custom food is deleted, food_id becomes NULL and
-- the item lives on as an item by hand with those amounts.
CREATE TABLE saved_meals (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX saved_meals_account ON saved_meals (account_id);

CREATE TABLE saved_meal_items (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    saved_meal_id INTEGER NOT NULL REFERENCES saved_meals(id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    food_id       INTEGER REFERENCES foods(id) ON DELETE SET NULL,
    quantity_g    REAL,
    name          TEXT NOT NULL,
    calories      REAL NOT NULL,
    protein_g     REAL NOT NULL,
    fat_g         REAL NOT NULL,
    carbs_g       REAL NOT NULL,
    fibre_g       REAL,
    sugars_g      REAL,
    saturated_fat_g REAL,
    sodium_mg     REAL,
    monounsaturated_fat_g REAL,
    polyunsaturated_fat_g REAL,
    trans_fat_g   REAL,
    cholesterol_mg REAL,
    potassium_mg  REAL,
    calcium_mg    REAL,
    iron_mg       REAL,
    magnesium_mg  REAL,
    phosphorus_mg REAL,
    zinc_mg       REAL,
    copper_mg     REAL,
    selenium_ug   REAL,
    vitamin_a_ug  REAL,
    vitamin_c_mg  REAL,
    vitamin_d_ug  REAL,
    vitamin_e_mg  REAL,
    vitamin_k_ug  REAL,
    thiamin_mg    REAL,
    riboflavin_mg REAL,
    niacin_mg     REAL,
    vitamin_b6_mg REAL,
    folate_ug     REAL,
    vitamin_b12_ug REAL,
    choline_mg    REAL,
    caffeine_mg   REAL,
    alcohol_g     REAL,
    water_g       REAL
);
CREATE INDEX saved_meal_items_meal ON saved_meal_items (saved_meal_id, position);
-- Deleting a food sets its items' food_id to NULL: found through this.
CREATE INDEX saved_meal_items_food ON saved_meal_items (food_id) WHERE food_id IS NOT NULL;
