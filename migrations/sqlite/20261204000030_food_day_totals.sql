-- Each account's food totals per day, kept by triggers on food_entries, so
-- that a range summary reads one row a day instead of aggregating every
-- entry (issue 17: 366 days at most 3 times the cost of 30). An entry added
-- adds its amounts (in the order a SUM over the day would); an edit or a
-- delete recomputes the day from its entries with SUM and COUNT, so no
-- rounding is left behind by subtracting (a day holds at most 200 entries);
-- a day without entries has no row.

CREATE TABLE food_day_totals (
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    date TEXT NOT NULL,
    entries INTEGER NOT NULL,
    calories REAL NOT NULL,
    protein_g REAL NOT NULL,
    fat_g REAL NOT NULL,
    carbs_g REAL NOT NULL,
    fibre_g REAL,
    fibre_g_known INTEGER NOT NULL,
    sugars_g REAL,
    sugars_g_known INTEGER NOT NULL,
    saturated_fat_g REAL,
    saturated_fat_g_known INTEGER NOT NULL,
    sodium_mg REAL,
    sodium_mg_known INTEGER NOT NULL,
    monounsaturated_fat_g REAL,
    monounsaturated_fat_g_known INTEGER NOT NULL,
    polyunsaturated_fat_g REAL,
    polyunsaturated_fat_g_known INTEGER NOT NULL,
    trans_fat_g REAL,
    trans_fat_g_known INTEGER NOT NULL,
    cholesterol_mg REAL,
    cholesterol_mg_known INTEGER NOT NULL,
    potassium_mg REAL,
    potassium_mg_known INTEGER NOT NULL,
    calcium_mg REAL,
    calcium_mg_known INTEGER NOT NULL,
    iron_mg REAL,
    iron_mg_known INTEGER NOT NULL,
    magnesium_mg REAL,
    magnesium_mg_known INTEGER NOT NULL,
    phosphorus_mg REAL,
    phosphorus_mg_known INTEGER NOT NULL,
    zinc_mg REAL,
    zinc_mg_known INTEGER NOT NULL,
    copper_mg REAL,
    copper_mg_known INTEGER NOT NULL,
    selenium_ug REAL,
    selenium_ug_known INTEGER NOT NULL,
    vitamin_a_ug REAL,
    vitamin_a_ug_known INTEGER NOT NULL,
    vitamin_c_mg REAL,
    vitamin_c_mg_known INTEGER NOT NULL,
    vitamin_d_ug REAL,
    vitamin_d_ug_known INTEGER NOT NULL,
    vitamin_e_mg REAL,
    vitamin_e_mg_known INTEGER NOT NULL,
    vitamin_k_ug REAL,
    vitamin_k_ug_known INTEGER NOT NULL,
    thiamin_mg REAL,
    thiamin_mg_known INTEGER NOT NULL,
    riboflavin_mg REAL,
    riboflavin_mg_known INTEGER NOT NULL,
    niacin_mg REAL,
    niacin_mg_known INTEGER NOT NULL,
    vitamin_b6_mg REAL,
    vitamin_b6_mg_known INTEGER NOT NULL,
    folate_ug REAL,
    folate_ug_known INTEGER NOT NULL,
    vitamin_b12_ug REAL,
    vitamin_b12_ug_known INTEGER NOT NULL,
    choline_mg REAL,
    choline_mg_known INTEGER NOT NULL,
    caffeine_mg REAL,
    caffeine_mg_known INTEGER NOT NULL,
    alcohol_g REAL,
    alcohol_g_known INTEGER NOT NULL,
    water_g REAL,
    water_g_known INTEGER NOT NULL,
    PRIMARY KEY (account_id, date)
);

INSERT INTO food_day_totals (account_id, date, entries, calories, protein_g, fat_g, carbs_g, fibre_g, fibre_g_known, sugars_g, sugars_g_known, saturated_fat_g, saturated_fat_g_known, sodium_mg, sodium_mg_known, monounsaturated_fat_g, monounsaturated_fat_g_known, polyunsaturated_fat_g, polyunsaturated_fat_g_known, trans_fat_g, trans_fat_g_known, cholesterol_mg, cholesterol_mg_known, potassium_mg, potassium_mg_known, calcium_mg, calcium_mg_known, iron_mg, iron_mg_known, magnesium_mg, magnesium_mg_known, phosphorus_mg, phosphorus_mg_known, zinc_mg, zinc_mg_known, copper_mg, copper_mg_known, selenium_ug, selenium_ug_known, vitamin_a_ug, vitamin_a_ug_known, vitamin_c_mg, vitamin_c_mg_known, vitamin_d_ug, vitamin_d_ug_known, vitamin_e_mg, vitamin_e_mg_known, vitamin_k_ug, vitamin_k_ug_known, thiamin_mg, thiamin_mg_known, riboflavin_mg, riboflavin_mg_known, niacin_mg, niacin_mg_known, vitamin_b6_mg, vitamin_b6_mg_known, folate_ug, folate_ug_known, vitamin_b12_ug, vitamin_b12_ug_known, choline_mg, choline_mg_known, caffeine_mg, caffeine_mg_known, alcohol_g, alcohol_g_known, water_g, water_g_known)
SELECT account_id, date, COUNT(*), SUM(calories), SUM(protein_g), SUM(fat_g), SUM(carbs_g), SUM(fibre_g), COUNT(fibre_g), SUM(sugars_g), COUNT(sugars_g), SUM(saturated_fat_g), COUNT(saturated_fat_g), SUM(sodium_mg), COUNT(sodium_mg), SUM(monounsaturated_fat_g), COUNT(monounsaturated_fat_g), SUM(polyunsaturated_fat_g), COUNT(polyunsaturated_fat_g), SUM(trans_fat_g), COUNT(trans_fat_g), SUM(cholesterol_mg), COUNT(cholesterol_mg), SUM(potassium_mg), COUNT(potassium_mg), SUM(calcium_mg), COUNT(calcium_mg), SUM(iron_mg), COUNT(iron_mg), SUM(magnesium_mg), COUNT(magnesium_mg), SUM(phosphorus_mg), COUNT(phosphorus_mg), SUM(zinc_mg), COUNT(zinc_mg), SUM(copper_mg), COUNT(copper_mg), SUM(selenium_ug), COUNT(selenium_ug), SUM(vitamin_a_ug), COUNT(vitamin_a_ug), SUM(vitamin_c_mg), COUNT(vitamin_c_mg), SUM(vitamin_d_ug), COUNT(vitamin_d_ug), SUM(vitamin_e_mg), COUNT(vitamin_e_mg), SUM(vitamin_k_ug), COUNT(vitamin_k_ug), SUM(thiamin_mg), COUNT(thiamin_mg), SUM(riboflavin_mg), COUNT(riboflavin_mg), SUM(niacin_mg), COUNT(niacin_mg), SUM(vitamin_b6_mg), COUNT(vitamin_b6_mg), SUM(folate_ug), COUNT(folate_ug), SUM(vitamin_b12_ug), COUNT(vitamin_b12_ug), SUM(choline_mg), COUNT(choline_mg), SUM(caffeine_mg), COUNT(caffeine_mg), SUM(alcohol_g), COUNT(alcohol_g), SUM(water_g), COUNT(water_g)
FROM food_entries GROUP BY account_id, date;

-- An entry added: its amounts added (O(1), whatever the day holds).
CREATE TRIGGER food_day_totals_insert AFTER INSERT ON food_entries BEGIN
    INSERT INTO food_day_totals (account_id, date, entries, calories, protein_g, fat_g, carbs_g, fibre_g, fibre_g_known, sugars_g, sugars_g_known, saturated_fat_g, saturated_fat_g_known, sodium_mg, sodium_mg_known, monounsaturated_fat_g, monounsaturated_fat_g_known, polyunsaturated_fat_g, polyunsaturated_fat_g_known, trans_fat_g, trans_fat_g_known, cholesterol_mg, cholesterol_mg_known, potassium_mg, potassium_mg_known, calcium_mg, calcium_mg_known, iron_mg, iron_mg_known, magnesium_mg, magnesium_mg_known, phosphorus_mg, phosphorus_mg_known, zinc_mg, zinc_mg_known, copper_mg, copper_mg_known, selenium_ug, selenium_ug_known, vitamin_a_ug, vitamin_a_ug_known, vitamin_c_mg, vitamin_c_mg_known, vitamin_d_ug, vitamin_d_ug_known, vitamin_e_mg, vitamin_e_mg_known, vitamin_k_ug, vitamin_k_ug_known, thiamin_mg, thiamin_mg_known, riboflavin_mg, riboflavin_mg_known, niacin_mg, niacin_mg_known, vitamin_b6_mg, vitamin_b6_mg_known, folate_ug, folate_ug_known, vitamin_b12_ug, vitamin_b12_ug_known, choline_mg, choline_mg_known, caffeine_mg, caffeine_mg_known, alcohol_g, alcohol_g_known, water_g, water_g_known)
    VALUES (new.account_id, new.date, 1, new.calories, new.protein_g, new.fat_g, new.carbs_g, new.fibre_g, new.fibre_g IS NOT NULL, new.sugars_g, new.sugars_g IS NOT NULL, new.saturated_fat_g, new.saturated_fat_g IS NOT NULL, new.sodium_mg, new.sodium_mg IS NOT NULL, new.monounsaturated_fat_g, new.monounsaturated_fat_g IS NOT NULL, new.polyunsaturated_fat_g, new.polyunsaturated_fat_g IS NOT NULL, new.trans_fat_g, new.trans_fat_g IS NOT NULL, new.cholesterol_mg, new.cholesterol_mg IS NOT NULL, new.potassium_mg, new.potassium_mg IS NOT NULL, new.calcium_mg, new.calcium_mg IS NOT NULL, new.iron_mg, new.iron_mg IS NOT NULL, new.magnesium_mg, new.magnesium_mg IS NOT NULL, new.phosphorus_mg, new.phosphorus_mg IS NOT NULL, new.zinc_mg, new.zinc_mg IS NOT NULL, new.copper_mg, new.copper_mg IS NOT NULL, new.selenium_ug, new.selenium_ug IS NOT NULL, new.vitamin_a_ug, new.vitamin_a_ug IS NOT NULL, new.vitamin_c_mg, new.vitamin_c_mg IS NOT NULL, new.vitamin_d_ug, new.vitamin_d_ug IS NOT NULL, new.vitamin_e_mg, new.vitamin_e_mg IS NOT NULL, new.vitamin_k_ug, new.vitamin_k_ug IS NOT NULL, new.thiamin_mg, new.thiamin_mg IS NOT NULL, new.riboflavin_mg, new.riboflavin_mg IS NOT NULL, new.niacin_mg, new.niacin_mg IS NOT NULL, new.vitamin_b6_mg, new.vitamin_b6_mg IS NOT NULL, new.folate_ug, new.folate_ug IS NOT NULL, new.vitamin_b12_ug, new.vitamin_b12_ug IS NOT NULL, new.choline_mg, new.choline_mg IS NOT NULL, new.caffeine_mg, new.caffeine_mg IS NOT NULL, new.alcohol_g, new.alcohol_g IS NOT NULL, new.water_g, new.water_g IS NOT NULL)
    ON CONFLICT (account_id, date) DO UPDATE SET
        entries = food_day_totals.entries + 1,
        calories = food_day_totals.calories + excluded.calories,
        protein_g = food_day_totals.protein_g + excluded.protein_g,
        fat_g = food_day_totals.fat_g + excluded.fat_g,
        carbs_g = food_day_totals.carbs_g + excluded.carbs_g,
        fibre_g = COALESCE(food_day_totals.fibre_g + excluded.fibre_g, food_day_totals.fibre_g, excluded.fibre_g),
        fibre_g_known = food_day_totals.fibre_g_known + excluded.fibre_g_known,
        sugars_g = COALESCE(food_day_totals.sugars_g + excluded.sugars_g, food_day_totals.sugars_g, excluded.sugars_g),
        sugars_g_known = food_day_totals.sugars_g_known + excluded.sugars_g_known,
        saturated_fat_g = COALESCE(food_day_totals.saturated_fat_g + excluded.saturated_fat_g, food_day_totals.saturated_fat_g, excluded.saturated_fat_g),
        saturated_fat_g_known = food_day_totals.saturated_fat_g_known + excluded.saturated_fat_g_known,
        sodium_mg = COALESCE(food_day_totals.sodium_mg + excluded.sodium_mg, food_day_totals.sodium_mg, excluded.sodium_mg),
        sodium_mg_known = food_day_totals.sodium_mg_known + excluded.sodium_mg_known,
        monounsaturated_fat_g = COALESCE(food_day_totals.monounsaturated_fat_g + excluded.monounsaturated_fat_g, food_day_totals.monounsaturated_fat_g, excluded.monounsaturated_fat_g),
        monounsaturated_fat_g_known = food_day_totals.monounsaturated_fat_g_known + excluded.monounsaturated_fat_g_known,
        polyunsaturated_fat_g = COALESCE(food_day_totals.polyunsaturated_fat_g + excluded.polyunsaturated_fat_g, food_day_totals.polyunsaturated_fat_g, excluded.polyunsaturated_fat_g),
        polyunsaturated_fat_g_known = food_day_totals.polyunsaturated_fat_g_known + excluded.polyunsaturated_fat_g_known,
        trans_fat_g = COALESCE(food_day_totals.trans_fat_g + excluded.trans_fat_g, food_day_totals.trans_fat_g, excluded.trans_fat_g),
        trans_fat_g_known = food_day_totals.trans_fat_g_known + excluded.trans_fat_g_known,
        cholesterol_mg = COALESCE(food_day_totals.cholesterol_mg + excluded.cholesterol_mg, food_day_totals.cholesterol_mg, excluded.cholesterol_mg),
        cholesterol_mg_known = food_day_totals.cholesterol_mg_known + excluded.cholesterol_mg_known,
        potassium_mg = COALESCE(food_day_totals.potassium_mg + excluded.potassium_mg, food_day_totals.potassium_mg, excluded.potassium_mg),
        potassium_mg_known = food_day_totals.potassium_mg_known + excluded.potassium_mg_known,
        calcium_mg = COALESCE(food_day_totals.calcium_mg + excluded.calcium_mg, food_day_totals.calcium_mg, excluded.calcium_mg),
        calcium_mg_known = food_day_totals.calcium_mg_known + excluded.calcium_mg_known,
        iron_mg = COALESCE(food_day_totals.iron_mg + excluded.iron_mg, food_day_totals.iron_mg, excluded.iron_mg),
        iron_mg_known = food_day_totals.iron_mg_known + excluded.iron_mg_known,
        magnesium_mg = COALESCE(food_day_totals.magnesium_mg + excluded.magnesium_mg, food_day_totals.magnesium_mg, excluded.magnesium_mg),
        magnesium_mg_known = food_day_totals.magnesium_mg_known + excluded.magnesium_mg_known,
        phosphorus_mg = COALESCE(food_day_totals.phosphorus_mg + excluded.phosphorus_mg, food_day_totals.phosphorus_mg, excluded.phosphorus_mg),
        phosphorus_mg_known = food_day_totals.phosphorus_mg_known + excluded.phosphorus_mg_known,
        zinc_mg = COALESCE(food_day_totals.zinc_mg + excluded.zinc_mg, food_day_totals.zinc_mg, excluded.zinc_mg),
        zinc_mg_known = food_day_totals.zinc_mg_known + excluded.zinc_mg_known,
        copper_mg = COALESCE(food_day_totals.copper_mg + excluded.copper_mg, food_day_totals.copper_mg, excluded.copper_mg),
        copper_mg_known = food_day_totals.copper_mg_known + excluded.copper_mg_known,
        selenium_ug = COALESCE(food_day_totals.selenium_ug + excluded.selenium_ug, food_day_totals.selenium_ug, excluded.selenium_ug),
        selenium_ug_known = food_day_totals.selenium_ug_known + excluded.selenium_ug_known,
        vitamin_a_ug = COALESCE(food_day_totals.vitamin_a_ug + excluded.vitamin_a_ug, food_day_totals.vitamin_a_ug, excluded.vitamin_a_ug),
        vitamin_a_ug_known = food_day_totals.vitamin_a_ug_known + excluded.vitamin_a_ug_known,
        vitamin_c_mg = COALESCE(food_day_totals.vitamin_c_mg + excluded.vitamin_c_mg, food_day_totals.vitamin_c_mg, excluded.vitamin_c_mg),
        vitamin_c_mg_known = food_day_totals.vitamin_c_mg_known + excluded.vitamin_c_mg_known,
        vitamin_d_ug = COALESCE(food_day_totals.vitamin_d_ug + excluded.vitamin_d_ug, food_day_totals.vitamin_d_ug, excluded.vitamin_d_ug),
        vitamin_d_ug_known = food_day_totals.vitamin_d_ug_known + excluded.vitamin_d_ug_known,
        vitamin_e_mg = COALESCE(food_day_totals.vitamin_e_mg + excluded.vitamin_e_mg, food_day_totals.vitamin_e_mg, excluded.vitamin_e_mg),
        vitamin_e_mg_known = food_day_totals.vitamin_e_mg_known + excluded.vitamin_e_mg_known,
        vitamin_k_ug = COALESCE(food_day_totals.vitamin_k_ug + excluded.vitamin_k_ug, food_day_totals.vitamin_k_ug, excluded.vitamin_k_ug),
        vitamin_k_ug_known = food_day_totals.vitamin_k_ug_known + excluded.vitamin_k_ug_known,
        thiamin_mg = COALESCE(food_day_totals.thiamin_mg + excluded.thiamin_mg, food_day_totals.thiamin_mg, excluded.thiamin_mg),
        thiamin_mg_known = food_day_totals.thiamin_mg_known + excluded.thiamin_mg_known,
        riboflavin_mg = COALESCE(food_day_totals.riboflavin_mg + excluded.riboflavin_mg, food_day_totals.riboflavin_mg, excluded.riboflavin_mg),
        riboflavin_mg_known = food_day_totals.riboflavin_mg_known + excluded.riboflavin_mg_known,
        niacin_mg = COALESCE(food_day_totals.niacin_mg + excluded.niacin_mg, food_day_totals.niacin_mg, excluded.niacin_mg),
        niacin_mg_known = food_day_totals.niacin_mg_known + excluded.niacin_mg_known,
        vitamin_b6_mg = COALESCE(food_day_totals.vitamin_b6_mg + excluded.vitamin_b6_mg, food_day_totals.vitamin_b6_mg, excluded.vitamin_b6_mg),
        vitamin_b6_mg_known = food_day_totals.vitamin_b6_mg_known + excluded.vitamin_b6_mg_known,
        folate_ug = COALESCE(food_day_totals.folate_ug + excluded.folate_ug, food_day_totals.folate_ug, excluded.folate_ug),
        folate_ug_known = food_day_totals.folate_ug_known + excluded.folate_ug_known,
        vitamin_b12_ug = COALESCE(food_day_totals.vitamin_b12_ug + excluded.vitamin_b12_ug, food_day_totals.vitamin_b12_ug, excluded.vitamin_b12_ug),
        vitamin_b12_ug_known = food_day_totals.vitamin_b12_ug_known + excluded.vitamin_b12_ug_known,
        choline_mg = COALESCE(food_day_totals.choline_mg + excluded.choline_mg, food_day_totals.choline_mg, excluded.choline_mg),
        choline_mg_known = food_day_totals.choline_mg_known + excluded.choline_mg_known,
        caffeine_mg = COALESCE(food_day_totals.caffeine_mg + excluded.caffeine_mg, food_day_totals.caffeine_mg, excluded.caffeine_mg),
        caffeine_mg_known = food_day_totals.caffeine_mg_known + excluded.caffeine_mg_known,
        alcohol_g = COALESCE(food_day_totals.alcohol_g + excluded.alcohol_g, food_day_totals.alcohol_g, excluded.alcohol_g),
        alcohol_g_known = food_day_totals.alcohol_g_known + excluded.alcohol_g_known,
        water_g = COALESCE(food_day_totals.water_g + excluded.water_g, food_day_totals.water_g, excluded.water_g),
        water_g_known = food_day_totals.water_g_known + excluded.water_g_known;
END;

CREATE TRIGGER food_day_totals_delete AFTER DELETE ON food_entries BEGIN
    DELETE FROM food_day_totals WHERE account_id = old.account_id AND date = old.date;
    INSERT INTO food_day_totals (account_id, date, entries, calories, protein_g, fat_g, carbs_g, fibre_g, fibre_g_known, sugars_g, sugars_g_known, saturated_fat_g, saturated_fat_g_known, sodium_mg, sodium_mg_known, monounsaturated_fat_g, monounsaturated_fat_g_known, polyunsaturated_fat_g, polyunsaturated_fat_g_known, trans_fat_g, trans_fat_g_known, cholesterol_mg, cholesterol_mg_known, potassium_mg, potassium_mg_known, calcium_mg, calcium_mg_known, iron_mg, iron_mg_known, magnesium_mg, magnesium_mg_known, phosphorus_mg, phosphorus_mg_known, zinc_mg, zinc_mg_known, copper_mg, copper_mg_known, selenium_ug, selenium_ug_known, vitamin_a_ug, vitamin_a_ug_known, vitamin_c_mg, vitamin_c_mg_known, vitamin_d_ug, vitamin_d_ug_known, vitamin_e_mg, vitamin_e_mg_known, vitamin_k_ug, vitamin_k_ug_known, thiamin_mg, thiamin_mg_known, riboflavin_mg, riboflavin_mg_known, niacin_mg, niacin_mg_known, vitamin_b6_mg, vitamin_b6_mg_known, folate_ug, folate_ug_known, vitamin_b12_ug, vitamin_b12_ug_known, choline_mg, choline_mg_known, caffeine_mg, caffeine_mg_known, alcohol_g, alcohol_g_known, water_g, water_g_known)
    SELECT account_id, date, COUNT(*), SUM(calories), SUM(protein_g), SUM(fat_g), SUM(carbs_g), SUM(fibre_g), COUNT(fibre_g), SUM(sugars_g), COUNT(sugars_g), SUM(saturated_fat_g), COUNT(saturated_fat_g), SUM(sodium_mg), COUNT(sodium_mg), SUM(monounsaturated_fat_g), COUNT(monounsaturated_fat_g), SUM(polyunsaturated_fat_g), COUNT(polyunsaturated_fat_g), SUM(trans_fat_g), COUNT(trans_fat_g), SUM(cholesterol_mg), COUNT(cholesterol_mg), SUM(potassium_mg), COUNT(potassium_mg), SUM(calcium_mg), COUNT(calcium_mg), SUM(iron_mg), COUNT(iron_mg), SUM(magnesium_mg), COUNT(magnesium_mg), SUM(phosphorus_mg), COUNT(phosphorus_mg), SUM(zinc_mg), COUNT(zinc_mg), SUM(copper_mg), COUNT(copper_mg), SUM(selenium_ug), COUNT(selenium_ug), SUM(vitamin_a_ug), COUNT(vitamin_a_ug), SUM(vitamin_c_mg), COUNT(vitamin_c_mg), SUM(vitamin_d_ug), COUNT(vitamin_d_ug), SUM(vitamin_e_mg), COUNT(vitamin_e_mg), SUM(vitamin_k_ug), COUNT(vitamin_k_ug), SUM(thiamin_mg), COUNT(thiamin_mg), SUM(riboflavin_mg), COUNT(riboflavin_mg), SUM(niacin_mg), COUNT(niacin_mg), SUM(vitamin_b6_mg), COUNT(vitamin_b6_mg), SUM(folate_ug), COUNT(folate_ug), SUM(vitamin_b12_ug), COUNT(vitamin_b12_ug), SUM(choline_mg), COUNT(choline_mg), SUM(caffeine_mg), COUNT(caffeine_mg), SUM(alcohol_g), COUNT(alcohol_g), SUM(water_g), COUNT(water_g)
    FROM food_entries WHERE account_id = old.account_id AND date = old.date
    GROUP BY account_id, date;
END;

-- The day it left, then the day it is on (the same one, mostly: then twice).
CREATE TRIGGER food_day_totals_update AFTER UPDATE ON food_entries BEGIN
    DELETE FROM food_day_totals WHERE account_id = old.account_id AND date = old.date;
    INSERT INTO food_day_totals (account_id, date, entries, calories, protein_g, fat_g, carbs_g, fibre_g, fibre_g_known, sugars_g, sugars_g_known, saturated_fat_g, saturated_fat_g_known, sodium_mg, sodium_mg_known, monounsaturated_fat_g, monounsaturated_fat_g_known, polyunsaturated_fat_g, polyunsaturated_fat_g_known, trans_fat_g, trans_fat_g_known, cholesterol_mg, cholesterol_mg_known, potassium_mg, potassium_mg_known, calcium_mg, calcium_mg_known, iron_mg, iron_mg_known, magnesium_mg, magnesium_mg_known, phosphorus_mg, phosphorus_mg_known, zinc_mg, zinc_mg_known, copper_mg, copper_mg_known, selenium_ug, selenium_ug_known, vitamin_a_ug, vitamin_a_ug_known, vitamin_c_mg, vitamin_c_mg_known, vitamin_d_ug, vitamin_d_ug_known, vitamin_e_mg, vitamin_e_mg_known, vitamin_k_ug, vitamin_k_ug_known, thiamin_mg, thiamin_mg_known, riboflavin_mg, riboflavin_mg_known, niacin_mg, niacin_mg_known, vitamin_b6_mg, vitamin_b6_mg_known, folate_ug, folate_ug_known, vitamin_b12_ug, vitamin_b12_ug_known, choline_mg, choline_mg_known, caffeine_mg, caffeine_mg_known, alcohol_g, alcohol_g_known, water_g, water_g_known)
    SELECT account_id, date, COUNT(*), SUM(calories), SUM(protein_g), SUM(fat_g), SUM(carbs_g), SUM(fibre_g), COUNT(fibre_g), SUM(sugars_g), COUNT(sugars_g), SUM(saturated_fat_g), COUNT(saturated_fat_g), SUM(sodium_mg), COUNT(sodium_mg), SUM(monounsaturated_fat_g), COUNT(monounsaturated_fat_g), SUM(polyunsaturated_fat_g), COUNT(polyunsaturated_fat_g), SUM(trans_fat_g), COUNT(trans_fat_g), SUM(cholesterol_mg), COUNT(cholesterol_mg), SUM(potassium_mg), COUNT(potassium_mg), SUM(calcium_mg), COUNT(calcium_mg), SUM(iron_mg), COUNT(iron_mg), SUM(magnesium_mg), COUNT(magnesium_mg), SUM(phosphorus_mg), COUNT(phosphorus_mg), SUM(zinc_mg), COUNT(zinc_mg), SUM(copper_mg), COUNT(copper_mg), SUM(selenium_ug), COUNT(selenium_ug), SUM(vitamin_a_ug), COUNT(vitamin_a_ug), SUM(vitamin_c_mg), COUNT(vitamin_c_mg), SUM(vitamin_d_ug), COUNT(vitamin_d_ug), SUM(vitamin_e_mg), COUNT(vitamin_e_mg), SUM(vitamin_k_ug), COUNT(vitamin_k_ug), SUM(thiamin_mg), COUNT(thiamin_mg), SUM(riboflavin_mg), COUNT(riboflavin_mg), SUM(niacin_mg), COUNT(niacin_mg), SUM(vitamin_b6_mg), COUNT(vitamin_b6_mg), SUM(folate_ug), COUNT(folate_ug), SUM(vitamin_b12_ug), COUNT(vitamin_b12_ug), SUM(choline_mg), COUNT(choline_mg), SUM(caffeine_mg), COUNT(caffeine_mg), SUM(alcohol_g), COUNT(alcohol_g), SUM(water_g), COUNT(water_g)
    FROM food_entries WHERE account_id = old.account_id AND date = old.date
    GROUP BY account_id, date;
    DELETE FROM food_day_totals WHERE account_id = new.account_id AND date = new.date;
    INSERT INTO food_day_totals (account_id, date, entries, calories, protein_g, fat_g, carbs_g, fibre_g, fibre_g_known, sugars_g, sugars_g_known, saturated_fat_g, saturated_fat_g_known, sodium_mg, sodium_mg_known, monounsaturated_fat_g, monounsaturated_fat_g_known, polyunsaturated_fat_g, polyunsaturated_fat_g_known, trans_fat_g, trans_fat_g_known, cholesterol_mg, cholesterol_mg_known, potassium_mg, potassium_mg_known, calcium_mg, calcium_mg_known, iron_mg, iron_mg_known, magnesium_mg, magnesium_mg_known, phosphorus_mg, phosphorus_mg_known, zinc_mg, zinc_mg_known, copper_mg, copper_mg_known, selenium_ug, selenium_ug_known, vitamin_a_ug, vitamin_a_ug_known, vitamin_c_mg, vitamin_c_mg_known, vitamin_d_ug, vitamin_d_ug_known, vitamin_e_mg, vitamin_e_mg_known, vitamin_k_ug, vitamin_k_ug_known, thiamin_mg, thiamin_mg_known, riboflavin_mg, riboflavin_mg_known, niacin_mg, niacin_mg_known, vitamin_b6_mg, vitamin_b6_mg_known, folate_ug, folate_ug_known, vitamin_b12_ug, vitamin_b12_ug_known, choline_mg, choline_mg_known, caffeine_mg, caffeine_mg_known, alcohol_g, alcohol_g_known, water_g, water_g_known)
    SELECT account_id, date, COUNT(*), SUM(calories), SUM(protein_g), SUM(fat_g), SUM(carbs_g), SUM(fibre_g), COUNT(fibre_g), SUM(sugars_g), COUNT(sugars_g), SUM(saturated_fat_g), COUNT(saturated_fat_g), SUM(sodium_mg), COUNT(sodium_mg), SUM(monounsaturated_fat_g), COUNT(monounsaturated_fat_g), SUM(polyunsaturated_fat_g), COUNT(polyunsaturated_fat_g), SUM(trans_fat_g), COUNT(trans_fat_g), SUM(cholesterol_mg), COUNT(cholesterol_mg), SUM(potassium_mg), COUNT(potassium_mg), SUM(calcium_mg), COUNT(calcium_mg), SUM(iron_mg), COUNT(iron_mg), SUM(magnesium_mg), COUNT(magnesium_mg), SUM(phosphorus_mg), COUNT(phosphorus_mg), SUM(zinc_mg), COUNT(zinc_mg), SUM(copper_mg), COUNT(copper_mg), SUM(selenium_ug), COUNT(selenium_ug), SUM(vitamin_a_ug), COUNT(vitamin_a_ug), SUM(vitamin_c_mg), COUNT(vitamin_c_mg), SUM(vitamin_d_ug), COUNT(vitamin_d_ug), SUM(vitamin_e_mg), COUNT(vitamin_e_mg), SUM(vitamin_k_ug), COUNT(vitamin_k_ug), SUM(thiamin_mg), COUNT(thiamin_mg), SUM(riboflavin_mg), COUNT(riboflavin_mg), SUM(niacin_mg), COUNT(niacin_mg), SUM(vitamin_b6_mg), COUNT(vitamin_b6_mg), SUM(folate_ug), COUNT(folate_ug), SUM(vitamin_b12_ug), COUNT(vitamin_b12_ug), SUM(choline_mg), COUNT(choline_mg), SUM(caffeine_mg), COUNT(caffeine_mg), SUM(alcohol_g), COUNT(alcohol_g), SUM(water_g), COUNT(water_g)
    FROM food_entries WHERE account_id = new.account_id AND date = new.date
    GROUP BY account_id, date;
END;
