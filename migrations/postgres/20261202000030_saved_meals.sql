-- Saved meals (nutrition.md §4): a named list of items logged together.
-- An item is from the catalogue (food_id and quantity_g; its nutrients are
-- computed from the food's current values when logged) or by hand (its
-- amounts). Every item also keeps its name and the amounts it had when the
-- meal was saved: when its custom food is deleted, food_id becomes NULL and
-- the item lives on as an item by hand with those amounts.
CREATE TABLE saved_meals (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX saved_meals_account ON saved_meals (account_id);

CREATE TABLE saved_meal_items (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    saved_meal_id BIGINT NOT NULL REFERENCES saved_meals(id) ON DELETE CASCADE,
    position      BIGINT NOT NULL,
    food_id       BIGINT REFERENCES foods(id) ON DELETE SET NULL,
    quantity_g    DOUBLE PRECISION,
    name          TEXT NOT NULL,
    calories      DOUBLE PRECISION NOT NULL,
    protein_g     DOUBLE PRECISION NOT NULL,
    fat_g         DOUBLE PRECISION NOT NULL,
    carbs_g       DOUBLE PRECISION NOT NULL,
    fibre_g       DOUBLE PRECISION,
    sugars_g      DOUBLE PRECISION,
    saturated_fat_g DOUBLE PRECISION,
    sodium_mg     DOUBLE PRECISION,
    monounsaturated_fat_g DOUBLE PRECISION,
    polyunsaturated_fat_g DOUBLE PRECISION,
    trans_fat_g   DOUBLE PRECISION,
    cholesterol_mg DOUBLE PRECISION,
    potassium_mg  DOUBLE PRECISION,
    calcium_mg    DOUBLE PRECISION,
    iron_mg       DOUBLE PRECISION,
    magnesium_mg  DOUBLE PRECISION,
    phosphorus_mg DOUBLE PRECISION,
    zinc_mg       DOUBLE PRECISION,
    copper_mg     DOUBLE PRECISION,
    selenium_ug   DOUBLE PRECISION,
    vitamin_a_ug  DOUBLE PRECISION,
    vitamin_c_mg  DOUBLE PRECISION,
    vitamin_d_ug  DOUBLE PRECISION,
    vitamin_e_mg  DOUBLE PRECISION,
    vitamin_k_ug  DOUBLE PRECISION,
    thiamin_mg    DOUBLE PRECISION,
    riboflavin_mg DOUBLE PRECISION,
    niacin_mg     DOUBLE PRECISION,
    vitamin_b6_mg DOUBLE PRECISION,
    folate_ug     DOUBLE PRECISION,
    vitamin_b12_ug DOUBLE PRECISION,
    choline_mg    DOUBLE PRECISION,
    caffeine_mg   DOUBLE PRECISION,
    alcohol_g     DOUBLE PRECISION,
    water_g       DOUBLE PRECISION
);
CREATE INDEX saved_meal_items_meal ON saved_meal_items (saved_meal_id, position);
-- Deleting a food sets its items' food_id to NULL: found through this.
CREATE INDEX saved_meal_items_food ON saved_meal_items (food_id) WHERE food_id IS NOT NULL;
