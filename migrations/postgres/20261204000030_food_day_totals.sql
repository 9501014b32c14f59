-- Each account's food totals per day, kept by triggers on food_entries, so
-- that a range summary reads one row a day instead of aggregating every
-- entry (issue 17: 366 days at most 3 times the cost of 30). A day's row is
-- recomputed from its entries on every change, with the same SUM and COUNT
-- the range summary used, so the totals are exactly what aggregating the
-- entries gives; a day without entries has no row.

CREATE TABLE food_day_totals (
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    date DATE NOT NULL,
    entries BIGINT NOT NULL,
    calories DOUBLE PRECISION NOT NULL,
    protein_g DOUBLE PRECISION NOT NULL,
    fat_g DOUBLE PRECISION NOT NULL,
    carbs_g DOUBLE PRECISION NOT NULL,
    fibre_g DOUBLE PRECISION,
    fibre_g_known BIGINT NOT NULL,
    sugars_g DOUBLE PRECISION,
    sugars_g_known BIGINT NOT NULL,
    saturated_fat_g DOUBLE PRECISION,
    saturated_fat_g_known BIGINT NOT NULL,
    sodium_mg DOUBLE PRECISION,
    sodium_mg_known BIGINT NOT NULL,
    monounsaturated_fat_g DOUBLE PRECISION,
    monounsaturated_fat_g_known BIGINT NOT NULL,
    polyunsaturated_fat_g DOUBLE PRECISION,
    polyunsaturated_fat_g_known BIGINT NOT NULL,
    trans_fat_g DOUBLE PRECISION,
    trans_fat_g_known BIGINT NOT NULL,
    cholesterol_mg DOUBLE PRECISION,
    cholesterol_mg_known BIGINT NOT NULL,
    potassium_mg DOUBLE PRECISION,
    potassium_mg_known BIGINT NOT NULL,
    calcium_mg DOUBLE PRECISION,
    calcium_mg_known BIGINT NOT NULL,
    iron_mg DOUBLE PRECISION,
    iron_mg_known BIGINT NOT NULL,
    magnesium_mg DOUBLE PRECISION,
    magnesium_mg_known BIGINT NOT NULL,
    phosphorus_mg DOUBLE PRECISION,
    phosphorus_mg_known BIGINT NOT NULL,
    zinc_mg DOUBLE PRECISION,
    zinc_mg_known BIGINT NOT NULL,
    copper_mg DOUBLE PRECISION,
    copper_mg_known BIGINT NOT NULL,
    selenium_ug DOUBLE PRECISION,
    selenium_ug_known BIGINT NOT NULL,
    vitamin_a_ug DOUBLE PRECISION,
    vitamin_a_ug_known BIGINT NOT NULL,
    vitamin_c_mg DOUBLE PRECISION,
    vitamin_c_mg_known BIGINT NOT NULL,
    vitamin_d_ug DOUBLE PRECISION,
    vitamin_d_ug_known BIGINT NOT NULL,
    vitamin_e_mg DOUBLE PRECISION,
    vitamin_e_mg_known BIGINT NOT NULL,
    vitamin_k_ug DOUBLE PRECISION,
    vitamin_k_ug_known BIGINT NOT NULL,
    thiamin_mg DOUBLE PRECISION,
    thiamin_mg_known BIGINT NOT NULL,
    riboflavin_mg DOUBLE PRECISION,
    riboflavin_mg_known BIGINT NOT NULL,
    niacin_mg DOUBLE PRECISION,
    niacin_mg_known BIGINT NOT NULL,
    vitamin_b6_mg DOUBLE PRECISION,
    vitamin_b6_mg_known BIGINT NOT NULL,
    folate_ug DOUBLE PRECISION,
    folate_ug_known BIGINT NOT NULL,
    vitamin_b12_ug DOUBLE PRECISION,
    vitamin_b12_ug_known BIGINT NOT NULL,
    choline_mg DOUBLE PRECISION,
    choline_mg_known BIGINT NOT NULL,
    caffeine_mg DOUBLE PRECISION,
    caffeine_mg_known BIGINT NOT NULL,
    alcohol_g DOUBLE PRECISION,
    alcohol_g_known BIGINT NOT NULL,
    water_g DOUBLE PRECISION,
    water_g_known BIGINT NOT NULL,
    PRIMARY KEY (account_id, date)
);

INSERT INTO food_day_totals (account_id, date, entries, calories, protein_g, fat_g, carbs_g, fibre_g, fibre_g_known, sugars_g, sugars_g_known, saturated_fat_g, saturated_fat_g_known, sodium_mg, sodium_mg_known, monounsaturated_fat_g, monounsaturated_fat_g_known, polyunsaturated_fat_g, polyunsaturated_fat_g_known, trans_fat_g, trans_fat_g_known, cholesterol_mg, cholesterol_mg_known, potassium_mg, potassium_mg_known, calcium_mg, calcium_mg_known, iron_mg, iron_mg_known, magnesium_mg, magnesium_mg_known, phosphorus_mg, phosphorus_mg_known, zinc_mg, zinc_mg_known, copper_mg, copper_mg_known, selenium_ug, selenium_ug_known, vitamin_a_ug, vitamin_a_ug_known, vitamin_c_mg, vitamin_c_mg_known, vitamin_d_ug, vitamin_d_ug_known, vitamin_e_mg, vitamin_e_mg_known, vitamin_k_ug, vitamin_k_ug_known, thiamin_mg, thiamin_mg_known, riboflavin_mg, riboflavin_mg_known, niacin_mg, niacin_mg_known, vitamin_b6_mg, vitamin_b6_mg_known, folate_ug, folate_ug_known, vitamin_b12_ug, vitamin_b12_ug_known, choline_mg, choline_mg_known, caffeine_mg, caffeine_mg_known, alcohol_g, alcohol_g_known, water_g, water_g_known)
SELECT account_id, date, COUNT(*), SUM(calories), SUM(protein_g), SUM(fat_g), SUM(carbs_g), SUM(fibre_g), COUNT(fibre_g), SUM(sugars_g), COUNT(sugars_g), SUM(saturated_fat_g), COUNT(saturated_fat_g), SUM(sodium_mg), COUNT(sodium_mg), SUM(monounsaturated_fat_g), COUNT(monounsaturated_fat_g), SUM(polyunsaturated_fat_g), COUNT(polyunsaturated_fat_g), SUM(trans_fat_g), COUNT(trans_fat_g), SUM(cholesterol_mg), COUNT(cholesterol_mg), SUM(potassium_mg), COUNT(potassium_mg), SUM(calcium_mg), COUNT(calcium_mg), SUM(iron_mg), COUNT(iron_mg), SUM(magnesium_mg), COUNT(magnesium_mg), SUM(phosphorus_mg), COUNT(phosphorus_mg), SUM(zinc_mg), COUNT(zinc_mg), SUM(copper_mg), COUNT(copper_mg), SUM(selenium_ug), COUNT(selenium_ug), SUM(vitamin_a_ug), COUNT(vitamin_a_ug), SUM(vitamin_c_mg), COUNT(vitamin_c_mg), SUM(vitamin_d_ug), COUNT(vitamin_d_ug), SUM(vitamin_e_mg), COUNT(vitamin_e_mg), SUM(vitamin_k_ug), COUNT(vitamin_k_ug), SUM(thiamin_mg), COUNT(thiamin_mg), SUM(riboflavin_mg), COUNT(riboflavin_mg), SUM(niacin_mg), COUNT(niacin_mg), SUM(vitamin_b6_mg), COUNT(vitamin_b6_mg), SUM(folate_ug), COUNT(folate_ug), SUM(vitamin_b12_ug), COUNT(vitamin_b12_ug), SUM(choline_mg), COUNT(choline_mg), SUM(caffeine_mg), COUNT(caffeine_mg), SUM(alcohol_g), COUNT(alcohol_g), SUM(water_g), COUNT(water_g)
FROM food_entries GROUP BY account_id, date;

-- Recomputes one day. Two transactions writing the same day would each
-- aggregate without the other's uncommitted entry, so the day is computed
-- under the account row's lock (FOR NO KEY UPDATE: it does not block the
-- foreign-key checks of other inserts); each statement of this function then
-- sees what committed before it. No account row: it is being deleted, and its
-- totals go with it (ON DELETE CASCADE).
CREATE FUNCTION food_day_totals_refresh(account BIGINT, day DATE) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM accounts WHERE id = account FOR NO KEY UPDATE;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    DELETE FROM food_day_totals WHERE account_id = account AND date = day;
    INSERT INTO food_day_totals (account_id, date, entries, calories, protein_g, fat_g, carbs_g, fibre_g, fibre_g_known, sugars_g, sugars_g_known, saturated_fat_g, saturated_fat_g_known, sodium_mg, sodium_mg_known, monounsaturated_fat_g, monounsaturated_fat_g_known, polyunsaturated_fat_g, polyunsaturated_fat_g_known, trans_fat_g, trans_fat_g_known, cholesterol_mg, cholesterol_mg_known, potassium_mg, potassium_mg_known, calcium_mg, calcium_mg_known, iron_mg, iron_mg_known, magnesium_mg, magnesium_mg_known, phosphorus_mg, phosphorus_mg_known, zinc_mg, zinc_mg_known, copper_mg, copper_mg_known, selenium_ug, selenium_ug_known, vitamin_a_ug, vitamin_a_ug_known, vitamin_c_mg, vitamin_c_mg_known, vitamin_d_ug, vitamin_d_ug_known, vitamin_e_mg, vitamin_e_mg_known, vitamin_k_ug, vitamin_k_ug_known, thiamin_mg, thiamin_mg_known, riboflavin_mg, riboflavin_mg_known, niacin_mg, niacin_mg_known, vitamin_b6_mg, vitamin_b6_mg_known, folate_ug, folate_ug_known, vitamin_b12_ug, vitamin_b12_ug_known, choline_mg, choline_mg_known, caffeine_mg, caffeine_mg_known, alcohol_g, alcohol_g_known, water_g, water_g_known)
    SELECT account_id, date, COUNT(*), SUM(calories), SUM(protein_g), SUM(fat_g), SUM(carbs_g), SUM(fibre_g), COUNT(fibre_g), SUM(sugars_g), COUNT(sugars_g), SUM(saturated_fat_g), COUNT(saturated_fat_g), SUM(sodium_mg), COUNT(sodium_mg), SUM(monounsaturated_fat_g), COUNT(monounsaturated_fat_g), SUM(polyunsaturated_fat_g), COUNT(polyunsaturated_fat_g), SUM(trans_fat_g), COUNT(trans_fat_g), SUM(cholesterol_mg), COUNT(cholesterol_mg), SUM(potassium_mg), COUNT(potassium_mg), SUM(calcium_mg), COUNT(calcium_mg), SUM(iron_mg), COUNT(iron_mg), SUM(magnesium_mg), COUNT(magnesium_mg), SUM(phosphorus_mg), COUNT(phosphorus_mg), SUM(zinc_mg), COUNT(zinc_mg), SUM(copper_mg), COUNT(copper_mg), SUM(selenium_ug), COUNT(selenium_ug), SUM(vitamin_a_ug), COUNT(vitamin_a_ug), SUM(vitamin_c_mg), COUNT(vitamin_c_mg), SUM(vitamin_d_ug), COUNT(vitamin_d_ug), SUM(vitamin_e_mg), COUNT(vitamin_e_mg), SUM(vitamin_k_ug), COUNT(vitamin_k_ug), SUM(thiamin_mg), COUNT(thiamin_mg), SUM(riboflavin_mg), COUNT(riboflavin_mg), SUM(niacin_mg), COUNT(niacin_mg), SUM(vitamin_b6_mg), COUNT(vitamin_b6_mg), SUM(folate_ug), COUNT(folate_ug), SUM(vitamin_b12_ug), COUNT(vitamin_b12_ug), SUM(choline_mg), COUNT(choline_mg), SUM(caffeine_mg), COUNT(caffeine_mg), SUM(alcohol_g), COUNT(alcohol_g), SUM(water_g), COUNT(water_g)
    FROM food_entries WHERE account_id = account AND date = day
    GROUP BY account_id, date;
END
$$;

CREATE FUNCTION food_day_totals_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM food_day_totals_refresh(OLD.account_id, OLD.date);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND (NEW.account_id, NEW.date) <> (OLD.account_id, OLD.date)) THEN
        PERFORM food_day_totals_refresh(NEW.account_id, NEW.date);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER food_day_totals_changed AFTER INSERT OR UPDATE OR DELETE ON food_entries
    FOR EACH ROW EXECUTE FUNCTION food_day_totals_changed();
