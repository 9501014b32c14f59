-- Each account's food totals per day, kept by triggers on food_entries, so
-- that a range summary reads one row a day instead of aggregating every
-- entry (issue 17: 366 days at most 3 times the cost of 30). An entry added
-- adds its amounts (in the order a SUM over the day would); an edit or a
-- delete recomputes the day from its entries with SUM and COUNT, so no
-- rounding is left behind by subtracting (a day holds at most 200 entries);
-- a day without entries has no row.

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
    IF TG_OP = 'UPDATE' AND (NEW.account_id, NEW.date) <> (OLD.account_id, OLD.date) THEN
        PERFORM food_day_totals_refresh(NEW.account_id, NEW.date);
    END IF;
    IF TG_OP = 'INSERT' THEN
        -- Atomic under concurrent inserts; after a concurrent recompute
        -- commits, it adds to that row.
        INSERT INTO food_day_totals (account_id, date, entries, calories, protein_g, fat_g, carbs_g, fibre_g, fibre_g_known, sugars_g, sugars_g_known, saturated_fat_g, saturated_fat_g_known, sodium_mg, sodium_mg_known, monounsaturated_fat_g, monounsaturated_fat_g_known, polyunsaturated_fat_g, polyunsaturated_fat_g_known, trans_fat_g, trans_fat_g_known, cholesterol_mg, cholesterol_mg_known, potassium_mg, potassium_mg_known, calcium_mg, calcium_mg_known, iron_mg, iron_mg_known, magnesium_mg, magnesium_mg_known, phosphorus_mg, phosphorus_mg_known, zinc_mg, zinc_mg_known, copper_mg, copper_mg_known, selenium_ug, selenium_ug_known, vitamin_a_ug, vitamin_a_ug_known, vitamin_c_mg, vitamin_c_mg_known, vitamin_d_ug, vitamin_d_ug_known, vitamin_e_mg, vitamin_e_mg_known, vitamin_k_ug, vitamin_k_ug_known, thiamin_mg, thiamin_mg_known, riboflavin_mg, riboflavin_mg_known, niacin_mg, niacin_mg_known, vitamin_b6_mg, vitamin_b6_mg_known, folate_ug, folate_ug_known, vitamin_b12_ug, vitamin_b12_ug_known, choline_mg, choline_mg_known, caffeine_mg, caffeine_mg_known, alcohol_g, alcohol_g_known, water_g, water_g_known)
        VALUES (NEW.account_id, NEW.date, 1, NEW.calories, NEW.protein_g, NEW.fat_g, NEW.carbs_g, NEW.fibre_g, CAST(NEW.fibre_g IS NOT NULL AS INTEGER), NEW.sugars_g, CAST(NEW.sugars_g IS NOT NULL AS INTEGER), NEW.saturated_fat_g, CAST(NEW.saturated_fat_g IS NOT NULL AS INTEGER), NEW.sodium_mg, CAST(NEW.sodium_mg IS NOT NULL AS INTEGER), NEW.monounsaturated_fat_g, CAST(NEW.monounsaturated_fat_g IS NOT NULL AS INTEGER), NEW.polyunsaturated_fat_g, CAST(NEW.polyunsaturated_fat_g IS NOT NULL AS INTEGER), NEW.trans_fat_g, CAST(NEW.trans_fat_g IS NOT NULL AS INTEGER), NEW.cholesterol_mg, CAST(NEW.cholesterol_mg IS NOT NULL AS INTEGER), NEW.potassium_mg, CAST(NEW.potassium_mg IS NOT NULL AS INTEGER), NEW.calcium_mg, CAST(NEW.calcium_mg IS NOT NULL AS INTEGER), NEW.iron_mg, CAST(NEW.iron_mg IS NOT NULL AS INTEGER), NEW.magnesium_mg, CAST(NEW.magnesium_mg IS NOT NULL AS INTEGER), NEW.phosphorus_mg, CAST(NEW.phosphorus_mg IS NOT NULL AS INTEGER), NEW.zinc_mg, CAST(NEW.zinc_mg IS NOT NULL AS INTEGER), NEW.copper_mg, CAST(NEW.copper_mg IS NOT NULL AS INTEGER), NEW.selenium_ug, CAST(NEW.selenium_ug IS NOT NULL AS INTEGER), NEW.vitamin_a_ug, CAST(NEW.vitamin_a_ug IS NOT NULL AS INTEGER), NEW.vitamin_c_mg, CAST(NEW.vitamin_c_mg IS NOT NULL AS INTEGER), NEW.vitamin_d_ug, CAST(NEW.vitamin_d_ug IS NOT NULL AS INTEGER), NEW.vitamin_e_mg, CAST(NEW.vitamin_e_mg IS NOT NULL AS INTEGER), NEW.vitamin_k_ug, CAST(NEW.vitamin_k_ug IS NOT NULL AS INTEGER), NEW.thiamin_mg, CAST(NEW.thiamin_mg IS NOT NULL AS INTEGER), NEW.riboflavin_mg, CAST(NEW.riboflavin_mg IS NOT NULL AS INTEGER), NEW.niacin_mg, CAST(NEW.niacin_mg IS NOT NULL AS INTEGER), NEW.vitamin_b6_mg, CAST(NEW.vitamin_b6_mg IS NOT NULL AS INTEGER), NEW.folate_ug, CAST(NEW.folate_ug IS NOT NULL AS INTEGER), NEW.vitamin_b12_ug, CAST(NEW.vitamin_b12_ug IS NOT NULL AS INTEGER), NEW.choline_mg, CAST(NEW.choline_mg IS NOT NULL AS INTEGER), NEW.caffeine_mg, CAST(NEW.caffeine_mg IS NOT NULL AS INTEGER), NEW.alcohol_g, CAST(NEW.alcohol_g IS NOT NULL AS INTEGER), NEW.water_g, CAST(NEW.water_g IS NOT NULL AS INTEGER))
        ON CONFLICT (account_id, date) DO UPDATE SET
        entries = food_day_totals.entries + 1,
        calories = food_day_totals.calories + EXCLUDED.calories,
        protein_g = food_day_totals.protein_g + EXCLUDED.protein_g,
        fat_g = food_day_totals.fat_g + EXCLUDED.fat_g,
        carbs_g = food_day_totals.carbs_g + EXCLUDED.carbs_g,
        fibre_g = COALESCE(food_day_totals.fibre_g + EXCLUDED.fibre_g, food_day_totals.fibre_g, EXCLUDED.fibre_g),
        fibre_g_known = food_day_totals.fibre_g_known + EXCLUDED.fibre_g_known,
        sugars_g = COALESCE(food_day_totals.sugars_g + EXCLUDED.sugars_g, food_day_totals.sugars_g, EXCLUDED.sugars_g),
        sugars_g_known = food_day_totals.sugars_g_known + EXCLUDED.sugars_g_known,
        saturated_fat_g = COALESCE(food_day_totals.saturated_fat_g + EXCLUDED.saturated_fat_g, food_day_totals.saturated_fat_g, EXCLUDED.saturated_fat_g),
        saturated_fat_g_known = food_day_totals.saturated_fat_g_known + EXCLUDED.saturated_fat_g_known,
        sodium_mg = COALESCE(food_day_totals.sodium_mg + EXCLUDED.sodium_mg, food_day_totals.sodium_mg, EXCLUDED.sodium_mg),
        sodium_mg_known = food_day_totals.sodium_mg_known + EXCLUDED.sodium_mg_known,
        monounsaturated_fat_g = COALESCE(food_day_totals.monounsaturated_fat_g + EXCLUDED.monounsaturated_fat_g, food_day_totals.monounsaturated_fat_g, EXCLUDED.monounsaturated_fat_g),
        monounsaturated_fat_g_known = food_day_totals.monounsaturated_fat_g_known + EXCLUDED.monounsaturated_fat_g_known,
        polyunsaturated_fat_g = COALESCE(food_day_totals.polyunsaturated_fat_g + EXCLUDED.polyunsaturated_fat_g, food_day_totals.polyunsaturated_fat_g, EXCLUDED.polyunsaturated_fat_g),
        polyunsaturated_fat_g_known = food_day_totals.polyunsaturated_fat_g_known + EXCLUDED.polyunsaturated_fat_g_known,
        trans_fat_g = COALESCE(food_day_totals.trans_fat_g + EXCLUDED.trans_fat_g, food_day_totals.trans_fat_g, EXCLUDED.trans_fat_g),
        trans_fat_g_known = food_day_totals.trans_fat_g_known + EXCLUDED.trans_fat_g_known,
        cholesterol_mg = COALESCE(food_day_totals.cholesterol_mg + EXCLUDED.cholesterol_mg, food_day_totals.cholesterol_mg, EXCLUDED.cholesterol_mg),
        cholesterol_mg_known = food_day_totals.cholesterol_mg_known + EXCLUDED.cholesterol_mg_known,
        potassium_mg = COALESCE(food_day_totals.potassium_mg + EXCLUDED.potassium_mg, food_day_totals.potassium_mg, EXCLUDED.potassium_mg),
        potassium_mg_known = food_day_totals.potassium_mg_known + EXCLUDED.potassium_mg_known,
        calcium_mg = COALESCE(food_day_totals.calcium_mg + EXCLUDED.calcium_mg, food_day_totals.calcium_mg, EXCLUDED.calcium_mg),
        calcium_mg_known = food_day_totals.calcium_mg_known + EXCLUDED.calcium_mg_known,
        iron_mg = COALESCE(food_day_totals.iron_mg + EXCLUDED.iron_mg, food_day_totals.iron_mg, EXCLUDED.iron_mg),
        iron_mg_known = food_day_totals.iron_mg_known + EXCLUDED.iron_mg_known,
        magnesium_mg = COALESCE(food_day_totals.magnesium_mg + EXCLUDED.magnesium_mg, food_day_totals.magnesium_mg, EXCLUDED.magnesium_mg),
        magnesium_mg_known = food_day_totals.magnesium_mg_known + EXCLUDED.magnesium_mg_known,
        phosphorus_mg = COALESCE(food_day_totals.phosphorus_mg + EXCLUDED.phosphorus_mg, food_day_totals.phosphorus_mg, EXCLUDED.phosphorus_mg),
        phosphorus_mg_known = food_day_totals.phosphorus_mg_known + EXCLUDED.phosphorus_mg_known,
        zinc_mg = COALESCE(food_day_totals.zinc_mg + EXCLUDED.zinc_mg, food_day_totals.zinc_mg, EXCLUDED.zinc_mg),
        zinc_mg_known = food_day_totals.zinc_mg_known + EXCLUDED.zinc_mg_known,
        copper_mg = COALESCE(food_day_totals.copper_mg + EXCLUDED.copper_mg, food_day_totals.copper_mg, EXCLUDED.copper_mg),
        copper_mg_known = food_day_totals.copper_mg_known + EXCLUDED.copper_mg_known,
        selenium_ug = COALESCE(food_day_totals.selenium_ug + EXCLUDED.selenium_ug, food_day_totals.selenium_ug, EXCLUDED.selenium_ug),
        selenium_ug_known = food_day_totals.selenium_ug_known + EXCLUDED.selenium_ug_known,
        vitamin_a_ug = COALESCE(food_day_totals.vitamin_a_ug + EXCLUDED.vitamin_a_ug, food_day_totals.vitamin_a_ug, EXCLUDED.vitamin_a_ug),
        vitamin_a_ug_known = food_day_totals.vitamin_a_ug_known + EXCLUDED.vitamin_a_ug_known,
        vitamin_c_mg = COALESCE(food_day_totals.vitamin_c_mg + EXCLUDED.vitamin_c_mg, food_day_totals.vitamin_c_mg, EXCLUDED.vitamin_c_mg),
        vitamin_c_mg_known = food_day_totals.vitamin_c_mg_known + EXCLUDED.vitamin_c_mg_known,
        vitamin_d_ug = COALESCE(food_day_totals.vitamin_d_ug + EXCLUDED.vitamin_d_ug, food_day_totals.vitamin_d_ug, EXCLUDED.vitamin_d_ug),
        vitamin_d_ug_known = food_day_totals.vitamin_d_ug_known + EXCLUDED.vitamin_d_ug_known,
        vitamin_e_mg = COALESCE(food_day_totals.vitamin_e_mg + EXCLUDED.vitamin_e_mg, food_day_totals.vitamin_e_mg, EXCLUDED.vitamin_e_mg),
        vitamin_e_mg_known = food_day_totals.vitamin_e_mg_known + EXCLUDED.vitamin_e_mg_known,
        vitamin_k_ug = COALESCE(food_day_totals.vitamin_k_ug + EXCLUDED.vitamin_k_ug, food_day_totals.vitamin_k_ug, EXCLUDED.vitamin_k_ug),
        vitamin_k_ug_known = food_day_totals.vitamin_k_ug_known + EXCLUDED.vitamin_k_ug_known,
        thiamin_mg = COALESCE(food_day_totals.thiamin_mg + EXCLUDED.thiamin_mg, food_day_totals.thiamin_mg, EXCLUDED.thiamin_mg),
        thiamin_mg_known = food_day_totals.thiamin_mg_known + EXCLUDED.thiamin_mg_known,
        riboflavin_mg = COALESCE(food_day_totals.riboflavin_mg + EXCLUDED.riboflavin_mg, food_day_totals.riboflavin_mg, EXCLUDED.riboflavin_mg),
        riboflavin_mg_known = food_day_totals.riboflavin_mg_known + EXCLUDED.riboflavin_mg_known,
        niacin_mg = COALESCE(food_day_totals.niacin_mg + EXCLUDED.niacin_mg, food_day_totals.niacin_mg, EXCLUDED.niacin_mg),
        niacin_mg_known = food_day_totals.niacin_mg_known + EXCLUDED.niacin_mg_known,
        vitamin_b6_mg = COALESCE(food_day_totals.vitamin_b6_mg + EXCLUDED.vitamin_b6_mg, food_day_totals.vitamin_b6_mg, EXCLUDED.vitamin_b6_mg),
        vitamin_b6_mg_known = food_day_totals.vitamin_b6_mg_known + EXCLUDED.vitamin_b6_mg_known,
        folate_ug = COALESCE(food_day_totals.folate_ug + EXCLUDED.folate_ug, food_day_totals.folate_ug, EXCLUDED.folate_ug),
        folate_ug_known = food_day_totals.folate_ug_known + EXCLUDED.folate_ug_known,
        vitamin_b12_ug = COALESCE(food_day_totals.vitamin_b12_ug + EXCLUDED.vitamin_b12_ug, food_day_totals.vitamin_b12_ug, EXCLUDED.vitamin_b12_ug),
        vitamin_b12_ug_known = food_day_totals.vitamin_b12_ug_known + EXCLUDED.vitamin_b12_ug_known,
        choline_mg = COALESCE(food_day_totals.choline_mg + EXCLUDED.choline_mg, food_day_totals.choline_mg, EXCLUDED.choline_mg),
        choline_mg_known = food_day_totals.choline_mg_known + EXCLUDED.choline_mg_known,
        caffeine_mg = COALESCE(food_day_totals.caffeine_mg + EXCLUDED.caffeine_mg, food_day_totals.caffeine_mg, EXCLUDED.caffeine_mg),
        caffeine_mg_known = food_day_totals.caffeine_mg_known + EXCLUDED.caffeine_mg_known,
        alcohol_g = COALESCE(food_day_totals.alcohol_g + EXCLUDED.alcohol_g, food_day_totals.alcohol_g, EXCLUDED.alcohol_g),
        alcohol_g_known = food_day_totals.alcohol_g_known + EXCLUDED.alcohol_g_known,
        water_g = COALESCE(food_day_totals.water_g + EXCLUDED.water_g, food_day_totals.water_g, EXCLUDED.water_g),
        water_g_known = food_day_totals.water_g_known + EXCLUDED.water_g_known;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER food_day_totals_changed AFTER INSERT OR UPDATE OR DELETE ON food_entries
    FOR EACH ROW EXECUTE FUNCTION food_day_totals_changed();
