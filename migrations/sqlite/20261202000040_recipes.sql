-- Recipes (nutrition.md §3): a recipe is a custom food (source 'recipe';
-- its per-100 g values and its two servings computed from the ingredients)
-- with this row beside it and its ingredients in order. An ingredient's
-- food cannot be deleted while a recipe uses it (checked by the
-- operations, which name the recipes; the key here is the backstop, checked
-- at commit on PostgreSQL so that an account's deletion can remove recipes,
-- ingredients and foods together).
CREATE TABLE recipes (
    food_id         INTEGER PRIMARY KEY REFERENCES foods(id) ON DELETE CASCADE,
    account_id      INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    servings        REAL NOT NULL CHECK (servings > 0),
    cooked_weight_g REAL CHECK (cooked_weight_g > 0)
);
CREATE INDEX recipes_account ON recipes (account_id);

CREATE TABLE recipe_ingredients (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    recipe_id     INTEGER NOT NULL REFERENCES recipes(food_id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    food_id       INTEGER NOT NULL REFERENCES foods(id),
    quantity_g    REAL NOT NULL CHECK (quantity_g > 0),
    -- The household measure it was given in, if any (shown again as given).
    serving       TEXT,
    serving_count REAL
);
CREATE INDEX recipe_ingredients_recipe ON recipe_ingredients (recipe_id, position);
CREATE INDEX recipe_ingredients_food ON recipe_ingredients (food_id);
