-- Each account's food totals per day, kept by triggers on food_entries, so
-- that a range summary reads one row a day instead of aggregating every
-- entry (issue 17: 366 days at most 3 times the cost of 30). A day's row is
-- recomputed from its entries on every change, with the same SUM and COUNT
-- the range summary used, so the totals are exactly what aggregating the
-- entries gives; a day without entries has no row.

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

CREATE TRIGGER food_day_totals_insert AFTER INSERT ON food_entries BEGIN
    DELETE FROM food_day_totals WHERE account_id = new.account_id AND date = new.date;
    INSERT INTO food_day_totals (account_id, date, entries, calories, protein_g, fat_g, carbs_g, fibre_g, fibre_g_known, sugars_g, sugars_g_known, saturated_fat_g, saturated_fat_g_known, sodium_mg, sodium_mg_known, monounsaturated_fat_g, monounsaturated_fat_g_known, polyunsaturated_fat_g, polyunsaturated_fat_g_known, trans_fat_g, trans_fat_g_known, cholesterol_mg, cholesterol_mg_known, potassium_mg, potassium_mg_known, calcium_mg, calcium_mg_known, iron_mg, iron_mg_known, magnesium_mg, magnesium_mg_known, phosphorus_mg, phosphorus_mg_known, zinc_mg, zinc_mg_known, copper_mg, copper_mg_known, selenium_ug, selenium_ug_known, vitamin_a_ug, vitamin_a_ug_known, vitamin_c_mg, vitamin_c_mg_known, vitamin_d_ug, vitamin_d_ug_known, vitamin_e_mg, vitamin_e_mg_known, vitamin_k_ug, vitamin_k_ug_known, thiamin_mg, thiamin_mg_known, riboflavin_mg, riboflavin_mg_known, niacin_mg, niacin_mg_known, vitamin_b6_mg, vitamin_b6_mg_known, folate_ug, folate_ug_known, vitamin_b12_ug, vitamin_b12_ug_known, choline_mg, choline_mg_known, caffeine_mg, caffeine_mg_known, alcohol_g, alcohol_g_known, water_g, water_g_known)
    SELECT account_id, date, COUNT(*), SUM(calories), SUM(protein_g), SUM(fat_g), SUM(carbs_g), SUM(fibre_g), COUNT(fibre_g), SUM(sugars_g), COUNT(sugars_g), SUM(saturated_fat_g), COUNT(saturated_fat_g), SUM(sodium_mg), COUNT(sodium_mg), SUM(monounsaturated_fat_g), COUNT(monounsaturated_fat_g), SUM(polyunsaturated_fat_g), COUNT(polyunsaturated_fat_g), SUM(trans_fat_g), COUNT(trans_fat_g), SUM(cholesterol_mg), COUNT(cholesterol_mg), SUM(potassium_mg), COUNT(potassium_mg), SUM(calcium_mg), COUNT(calcium_mg), SUM(iron_mg), COUNT(iron_mg), SUM(magnesium_mg), COUNT(magnesium_mg), SUM(phosphorus_mg), COUNT(phosphorus_mg), SUM(zinc_mg), COUNT(zinc_mg), SUM(copper_mg), COUNT(copper_mg), SUM(selenium_ug), COUNT(selenium_ug), SUM(vitamin_a_ug), COUNT(vitamin_a_ug), SUM(vitamin_c_mg), COUNT(vitamin_c_mg), SUM(vitamin_d_ug), COUNT(vitamin_d_ug), SUM(vitamin_e_mg), COUNT(vitamin_e_mg), SUM(vitamin_k_ug), COUNT(vitamin_k_ug), SUM(thiamin_mg), COUNT(thiamin_mg), SUM(riboflavin_mg), COUNT(riboflavin_mg), SUM(niacin_mg), COUNT(niacin_mg), SUM(vitamin_b6_mg), COUNT(vitamin_b6_mg), SUM(folate_ug), COUNT(folate_ug), SUM(vitamin_b12_ug), COUNT(vitamin_b12_ug), SUM(choline_mg), COUNT(choline_mg), SUM(caffeine_mg), COUNT(caffeine_mg), SUM(alcohol_g), COUNT(alcohol_g), SUM(water_g), COUNT(water_g)
    FROM food_entries WHERE account_id = new.account_id AND date = new.date
    GROUP BY account_id, date;
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
