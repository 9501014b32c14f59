//! The food diary: entries logged by hand or from the catalogue, and copies
//! of a day or meal to another day.

use crate::locale::msg;
use chrono::NaiveDate;

use super::food_amounts::{NutrientInputs, check_computed, check_quantity, grams_logged, per_100g};
use super::{Actor, App, AppError, AppResult, Check, DetailFields, Input, check_range};
use crate::domain::meal::Meal;
use crate::domain::nutrients::{Details, Nutrients};
use crate::domain::quotas::FOOD_ENTRIES_PER_DAY;
use crate::store::{Food, FoodEntry, FoodEntryInsert};

/// The name of a food entry logged by hand without one (nutrition.md §5,
/// "quick add"). Stored as this text; the pages show it in the reader's
/// language (`food-quick-add`) for an entry by hand named exactly so.
pub const QUICK_ADD_NAME: &str = "Quick add";

/// A food entry as sent, to log (absent fields take their defaults) or to
/// change (absent fields keep their values). From the catalogue: `food_id`
/// and either `quantity_g` or a `serving` (and `serving_count`); the
/// nutrients are computed (and must be left out). By hand: `calories`, and
/// macros that default to 0.
#[derive(Debug, Default)]
pub struct FoodEntryFields {
    pub date: Input<String>,
    pub meal: Input<String>,
    pub name: Input<String>,
    pub calories: Input<f64>,
    pub protein_g: Input<f64>,
    pub fat_g: Input<f64>,
    pub carbs_g: Input<f64>,
    /// Fibre, sugars, saturated fat, sodium and the micronutrients, by
    /// hand only (from the catalogue they are computed).
    pub details: DetailFields,
    pub food_id: Input<i64>,
    pub quantity_g: Input<f64>,
    pub serving: Input<String>,
    pub serving_count: Input<f64>,
}

/// A day's food (or one meal of it) to copy to another day.
#[derive(Debug, Default)]
pub struct FoodEntryCopy {
    pub from_date: Input<String>,
    pub to_date: Input<String>,
    /// Only this meal; all of the day when absent.
    pub meal: Input<String>,
    /// Into this meal (`meal` is then required); each entry keeps its own
    /// meal when absent. With it, `to_date` may be `from_date`: a meal
    /// copied into another meal of the same day.
    pub to_meal: Input<String>,
}

impl FoodEntryFields {
    pub(super) fn split(self) -> (FoodEntryFields, NutrientInputs) {
        let nutrients = NutrientInputs {
            calories: self.calories,
            protein_g: self.protein_g,
            fat_g: self.fat_g,
            carbs_g: self.carbs_g,
            details: self.details,
        };
        let rest = FoodEntryFields {
            calories: Input::Absent,
            protein_g: Input::Absent,
            fat_g: Input::Absent,
            carbs_g: Input::Absent,
            details: DetailFields::default(),
            ..self
        };
        (rest, nutrients)
    }
}

impl App {
    /// Finds a catalogue food this account may log, as a field error otherwise.
    async fn loggable_food(
        &self,
        check: &mut Check,
        account_id: i64,
        food_id: Option<i64>,
    ) -> AppResult<Option<Food>> {
        let Some(id) = food_id else {
            return Ok(None);
        };
        let food = self.store.visible_food(account_id, id).await?;
        if food.is_none() {
            check.fail("food_id", msg("no-such-food"));
        }
        Ok(food)
    }
}

/// What one entry (or saved meal item) holds, once checked.
pub(super) struct Logged {
    pub name: String,
    pub nutrients: Nutrients,
    pub details: Details,
    pub food_id: Option<i64>,
    pub quantity_g: Option<f64>,
}

impl App {
    /// Checks what a new entry holds, as `create_food_entry` takes it (its
    /// date and meal aside): from the catalogue, the grams and the nutrients
    /// computed from the food; by hand, the amounts typed. Saved meal items
    /// are read by the same rules.
    pub(super) async fn logged_amounts(
        &self,
        check: &mut Check,
        account_id: i64,
        body: FoodEntryFields,
        nutrients: NutrientInputs,
    ) -> AppResult<Logged> {
        let name = check.optional("name", body.name);
        let name = check.text("name", name, 200);
        let food_id = check.optional("food_id", body.food_id);
        let quantity_g = check.optional("quantity_g", body.quantity_g);
        let quantity_g = check_quantity(check, quantity_g);
        let serving = check.optional("serving", body.serving);
        let serving_count = check.optional("serving_count", body.serving_count);
        let food = self.loggable_food(check, account_id, food_id).await?;

        let (name, amounts, quantity_g) = if food_id.is_some() {
            let given = quantity_g.is_some() || serving.is_some();
            let quantity_g = grams_logged(check, food.as_ref(), quantity_g, serving, serving_count);
            if !given && check.is_ok() {
                check.fail("quantity_g", msg("grams-or-serving-required"));
            }
            nutrients.refuse(check);
            let (amounts, details) = match (&food, quantity_g) {
                (Some(f), Some(q)) => (
                    Nutrients::for_quantity(per_100g(f), q),
                    Details::for_quantity(f.details, q),
                ),
                _ => (Nutrients::ZERO, Details::UNKNOWN),
            };
            check_computed(check, "quantity_g", amounts);
            let name = name.or_else(|| food.map(|f| f.name));
            (name, (amounts, details), quantity_g)
        } else {
            for (field, given) in [
                ("quantity_g", quantity_g.is_some()),
                ("serving", serving.is_some()),
                ("serving_count", serving_count.is_some()),
            ] {
                if given {
                    check.fail(field, msg("only-from-catalogue"));
                }
            }
            if nutrients.calories.is_absent() {
                check.fail("calories", msg("required-or-food"));
            }
            // Quick add: a number without a name (an empty name is refused above).
            let name = name.or_else(|| Some(QUICK_ADD_NAME.to_owned()));
            let amounts = nutrients.read(check, Nutrients::ZERO, Details::UNKNOWN);
            (name, amounts, None)
        };
        Ok(Logged {
            name: name.unwrap_or_default(),
            nutrients: amounts.0,
            details: amounts.1,
            food_id,
            quantity_g,
        })
    }
}

pub(super) fn check_meal(check: &mut Check, input: Input<String>) -> Option<Meal> {
    check_meal_named(check, "meal", input)
}

fn check_meal_named(check: &mut Check, field: &str, input: Input<String>) -> Option<Meal> {
    let meal = check.required(field, input);
    check.one_of(field, meal, Meal::parse, "breakfast, lunch, dinner, snack")
}

impl App {
    /// Validates and logs a food entry.
    pub async fn create_food_entry(
        &self,
        actor: &Actor,
        body: FoodEntryFields,
    ) -> AppResult<FoodEntry> {
        let (mut body, nutrients) = body.split();
        let mut check = Check::new();
        let date = check.required("date", std::mem::take(&mut body.date));
        let date = check.date("date", date);
        let meal = if body.meal.is_absent() {
            Some(Meal::default())
        } else {
            check_meal(&mut check, std::mem::take(&mut body.meal))
        };
        let logged = self
            .logged_amounts(&mut check, actor.account_id, body, nutrients)
            .await?;
        check.finish()?;
        let entry = FoodEntryInsert {
            date: date.ok_or_else(|| AppError::invalid("date", msg("required")))?,
            meal: meal.unwrap_or_default(),
            name: logged.name,
            nutrients: logged.nutrients,
            details: logged.details,
            food_id: logged.food_id,
            quantity_g: logged.quantity_g,
        };
        self.store
            .insert_food_entry(actor.account_id, &entry, FOOD_ENTRIES_PER_DAY)
            .await
            .map_err(AppError::within(FOOD_ENTRIES_PER_DAY))
    }

    /// Validates and applies a change to a food entry. An entry from the
    /// catalogue follows the rules of logging one: a new `quantity_g`
    /// rescales the nutrients stored with it, which cannot be set by hand
    /// (unless `food_id: null` unlinks it first); the result must stay within
    /// the range of an entry, and a day moved to must have room.
    pub async fn update_food_entry(
        &self,
        actor: &Actor,
        id: i64,
        body: FoodEntryFields,
    ) -> AppResult<FoodEntry> {
        let old = self
            .store
            .food_entry(actor.account_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let (body, nutrients) = body.split();
        let mut check = Check::new();
        let mut new = FoodEntryInsert {
            date: old.date,
            meal: old.meal,
            name: old.name.clone(),
            nutrients: old.nutrients(),
            details: old.details,
            food_id: old.food_id,
            quantity_g: old.quantity_g,
        };
        if !body.date.is_absent() {
            let date = check.required("date", body.date);
            new.date = check.date("date", date).unwrap_or(new.date);
        }
        if !body.meal.is_absent() {
            new.meal = check_meal(&mut check, body.meal).unwrap_or(new.meal);
        }
        if !body.name.is_absent() {
            let name = check.required("name", body.name);
            new.name = check.text("name", name, 200).unwrap_or_default();
        }
        let new_quantity = if body.quantity_g.is_absent() {
            None
        } else {
            let q = check.required("quantity_g", body.quantity_g);
            check_quantity(&mut check, q)
        };
        let serving = check.optional("serving", body.serving);
        let serving_count = check.optional("serving_count", body.serving_count);
        let new_quantity = if serving.is_some() || serving_count.is_some() {
            // A serving is of the entry's food, or of the food it is changed to.
            let food_id = match &body.food_id {
                Input::Value(id) => Some(*id),
                _ => old.food_id,
            };
            let food = match food_id {
                Some(id) => self.store.visible_food(actor.account_id, id).await?,
                None => None,
            };
            match (food_id, food) {
                (None, _) => {
                    check.fail("serving", msg("only-from-catalogue"));
                    None
                }
                (Some(_), None) => {
                    check.fail("serving", msg("food-gone"));
                    None
                }
                (Some(_), Some(food)) => grams_logged(
                    &mut check,
                    Some(&food),
                    new_quantity,
                    serving,
                    serving_count,
                ),
            }
        } else {
            new_quantity
        };
        match body.food_id {
            Input::Absent if old.food_id.is_some() => {
                nutrients.refuse(&mut check);
                if let Some(q) = new_quantity {
                    match old.quantity_g.filter(|old_q| *old_q > 0.0) {
                        Some(old_q) => {
                            new.nutrients = old.nutrients().scaled(q / old_q).rounded();
                            new.details = old.details.scaled(q / old_q).rounded();
                            check_computed(&mut check, "quantity_g", new.nutrients);
                        }
                        None => check.fail("quantity_g", msg("no-grams-to-rescale")),
                    }
                    new.quantity_g = Some(q);
                }
            }
            Input::Absent => {
                if new_quantity.is_some() {
                    check.fail("quantity_g", msg("only-from-catalogue"));
                }
                (new.nutrients, new.details) =
                    nutrients.read(&mut check, new.nutrients, new.details);
            }
            Input::Null => {
                // Unlinked from the catalogue: the entry keeps its amounts.
                new.food_id = None;
                new.quantity_g = None;
                if new_quantity.is_some() {
                    check.fail("quantity_g", msg("only-from-catalogue"));
                }
                (new.nutrients, new.details) =
                    nutrients.read(&mut check, new.nutrients, new.details);
            }
            food_id => {
                let food_id = check.required("food_id", food_id);
                let food = self
                    .loggable_food(&mut check, actor.account_id, food_id)
                    .await?;
                let quantity = new_quantity.or(old.quantity_g);
                if quantity.is_none() && check.is_ok() {
                    check.fail("quantity_g", msg("grams-required-with-food"));
                }
                nutrients.refuse(&mut check);
                if let (Some(food), Some(q)) = (food, quantity) {
                    new.nutrients = Nutrients::for_quantity(per_100g(&food), q);
                    new.details = Details::for_quantity(food.details, q);
                    check_computed(&mut check, "quantity_g", new.nutrients);
                    new.food_id = Some(food.id);
                    new.quantity_g = Some(q);
                }
            }
        }
        check.finish()?;
        let moved = new.date != old.date;
        self.store
            .update_food_entry(actor.account_id, id, &new, moved, FOOD_ENTRIES_PER_DAY)
            .await
            .map_err(AppError::within(FOOD_ENTRIES_PER_DAY))?
            .ok_or(AppError::NotFound)
    }

    /// The entries of `from..=to`, by date, meal and creation.
    pub async fn food_entries(
        &self,
        actor: &Actor,
        from: NaiveDate,
        to: NaiveDate,
    ) -> AppResult<Vec<FoodEntry>> {
        check_range(from, to)?;
        Ok(self.store.food_entries(actor.account_id, from, to).await?)
    }

    pub async fn food_entry(&self, actor: &Actor, id: i64) -> AppResult<FoodEntry> {
        self.store
            .food_entry(actor.account_id, id)
            .await?
            .ok_or(AppError::NotFound)
    }

    pub async fn delete_food_entry(&self, actor: &Actor, id: i64) -> AppResult<()> {
        if self.store.delete_food_entry(actor.account_id, id).await? {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }

    /// Copies a day's food (or one meal of it) to another day, or one meal
    /// into another meal (`to_meal`, of the same day or another), with the
    /// values as logged; answers the new entries in diary order. A copy that
    /// would leave the day past its quota is refused whole.
    pub async fn copy_food_entries(
        &self,
        actor: &Actor,
        body: FoodEntryCopy,
    ) -> AppResult<Vec<FoodEntry>> {
        let mut check = Check::new();
        let from = check.required("from_date", body.from_date);
        let from = check.date("from_date", from);
        let to = check.required("to_date", body.to_date);
        let to = check.date("to_date", to);
        let meal_given = !body.meal.is_absent();
        let meal = if meal_given {
            check_meal(&mut check, body.meal)
        } else {
            None
        };
        let to_meal_given = !body.to_meal.is_absent();
        let to_meal = if to_meal_given {
            check_meal_named(&mut check, "to_meal", body.to_meal)
        } else {
            None
        };
        if to_meal_given && !meal_given {
            // A whole day holds every meal: only one meal goes into another.
            check.fail("meal", msg("required-with-to-meal"));
        }
        if from.is_some() && from == to {
            if !to_meal_given {
                check.fail("to_date", msg("must-differ-from-from-date"));
            } else if meal.is_some() && meal == to_meal {
                check.fail("to_meal", msg("must-differ-from-meal"));
            }
        }
        check.finish()?;
        let (Some(from), Some(to)) = (from, to) else {
            return Err(AppError::invalid("from_date", msg("required")));
        };
        // Counted and copied in one transaction, the account locked: two
        // copies at once cannot both pass the count.
        let items = self
            .store
            .copy_food_entries(
                actor.account_id,
                from,
                to,
                meal,
                to_meal,
                FOOD_ENTRIES_PER_DAY,
            )
            .await
            .map_err(AppError::within(FOOD_ENTRIES_PER_DAY))?;
        if items.is_empty() {
            let nothing = meal.map_or(msg("nothing-to-copy"), |m| {
                msg("nothing-to-copy-in-meal").arg("meal", m.as_str())
            });
            return Err(AppError::invalid("from_date", nothing));
        }
        Ok(items)
    }
}
