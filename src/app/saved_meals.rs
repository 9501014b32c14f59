//! Saved meals (nutrition.md §4): a named list of items ("my usual
//! breakfast"), logged into a meal of a day in one go.
//!
//! An item is read by the rules of a new food entry (`logged_amounts`):
//! from the catalogue, `food_id` and grams or a serving (kept as grams); by
//! hand, `calories` and the other amounts. A catalogue item is shown and
//! logged with its food's current values; every item also keeps the name
//! and amounts it was saved with, which it falls back to once its custom
//! food is deleted (it is then an item by hand).

use super::food_amounts::check_computed;
use super::food_entries::{FoodEntryFields, check_meal};
use super::{Actor, App, AppError, AppResult, Check, DetailFields, Input};
use crate::domain::meal::Meal;
use crate::domain::nutrients::{Details, Nutrients};
use crate::domain::quotas::{FOOD_ENTRIES_PER_DAY, SAVED_MEALS};
use crate::locale::msg;
use crate::store::{FoodEntry, FoodEntryInsert, SavedMeal, SavedMealItem, SavedMealItemInsert};

/// Items a saved meal holds at most.
pub const ITEMS_MAX: usize = 50;
/// Characters of a saved meal's name at most.
pub const NAME_MAX: usize = 200;

/// A saved meal as sent: to create, or to replace one.
#[derive(Debug, Default)]
pub struct SavedMealFields {
    pub name: Input<String>,
    pub items: Input<Vec<SavedMealItemFields>>,
}

/// One item as sent, with the fields of a food entry: `food_id` with
/// `quantity_g` or `serving` (and `serving_count`), or the amounts by hand.
#[derive(Debug, Default)]
pub struct SavedMealItemFields {
    pub name: Input<String>,
    pub calories: Input<f64>,
    pub protein_g: Input<f64>,
    pub fat_g: Input<f64>,
    pub carbs_g: Input<f64>,
    pub details: DetailFields,
    pub food_id: Input<i64>,
    pub quantity_g: Input<f64>,
    pub serving: Input<String>,
    pub serving_count: Input<f64>,
}

/// A meal of a day to save as a saved meal.
#[derive(Debug, Default)]
pub struct SavedMealFromDay {
    pub date: Input<String>,
    pub meal: Input<String>,
    pub name: Input<String>,
}

/// Where to log a saved meal.
#[derive(Debug, Default)]
pub struct SavedMealLog {
    pub date: Input<String>,
    pub meal: Input<String>,
}

/// A saved meal as shown: each item with the nutrients it would be logged
/// with now, and their sum.
#[derive(Clone, Debug, PartialEq)]
pub struct SavedMealView {
    pub id: i64,
    pub name: String,
    pub items: Vec<ItemView>,
    pub total: Nutrients,
    /// The sum of what the items know of each detail (unknown where none does).
    pub total_details: Details,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// One item as it would be logged now. `food_id` and `quantity_g` are
/// `None` for an item by hand (and one whose food was deleted).
#[derive(Clone, Debug, PartialEq)]
pub struct ItemView {
    pub food_id: Option<i64>,
    pub quantity_g: Option<f64>,
    pub name: String,
    pub nutrients: Nutrients,
    pub details: Details,
}

impl ItemView {
    fn of(item: SavedMealItem) -> ItemView {
        match (item.food, item.quantity_g) {
            (Some(food), Some(q)) => ItemView {
                food_id: item.food_id,
                quantity_g: Some(q),
                name: item.name,
                nutrients: Nutrients::for_quantity(food.per_100g, q),
                details: Details::for_quantity(food.details, q),
            },
            // By hand, or its food is gone: the amounts it was saved with.
            _ => ItemView {
                food_id: None,
                quantity_g: None,
                name: item.name,
                nutrients: item.nutrients,
                details: item.details,
            },
        }
    }
}

impl SavedMealView {
    fn of(meal: SavedMeal) -> SavedMealView {
        let items: Vec<ItemView> = meal.items.into_iter().map(ItemView::of).collect();
        let total = items
            .iter()
            .fold(Nutrients::ZERO, |sum, i| sum.plus(i.nutrients))
            .rounded();
        let total_details = items
            .iter()
            .fold(Details::UNKNOWN, |sum, i| sum.plus_known(i.details))
            .rounded();
        SavedMealView {
            id: meal.id,
            name: meal.name,
            items,
            total,
            total_details,
            created_at: meal.created_at,
            updated_at: meal.updated_at,
        }
    }
}

/// Moves the errors of one item's check into the meal's, each named
/// `items[i].field`.
fn merge_item_errors(check: &mut Check, index: usize, item: Check) {
    if let Err(AppError::Validation(errors)) = item.finish() {
        for e in errors {
            check.fail(&format!("items[{index}].{}", e.field), e.message);
        }
    }
}

impl App {
    /// The name and items of a meal as sent, each checked.
    async fn read_saved_meal(
        &self,
        actor: &Actor,
        body: SavedMealFields,
    ) -> AppResult<(String, Vec<SavedMealItemInsert>)> {
        let mut check = Check::new();
        let name = check.required("name", body.name);
        let name = check.text("name", name, NAME_MAX);
        let items = check.required("items", body.items).unwrap_or_default();
        if check.is_ok() && (items.is_empty() || items.len() > ITEMS_MAX) {
            check.fail(
                "items",
                msg("saved-meal-items-count").arg("max", ITEMS_MAX as f64),
            );
        }
        let mut inserts = Vec::new();
        // Past the limit nothing is looked up: a long list costs nothing.
        if items.len() <= ITEMS_MAX {
            for (index, item) in items.into_iter().enumerate() {
                let fields = FoodEntryFields {
                    date: Input::Absent,
                    meal: Input::Absent,
                    name: item.name,
                    calories: item.calories,
                    protein_g: item.protein_g,
                    fat_g: item.fat_g,
                    carbs_g: item.carbs_g,
                    details: item.details,
                    food_id: item.food_id,
                    quantity_g: item.quantity_g,
                    serving: item.serving,
                    serving_count: item.serving_count,
                };
                let (fields, nutrients) = fields.split();
                let mut item_check = Check::new();
                let logged = self
                    .logged_amounts(&mut item_check, actor.account_id, fields, nutrients)
                    .await?;
                merge_item_errors(&mut check, index, item_check);
                inserts.push(SavedMealItemInsert {
                    food_id: logged.food_id,
                    quantity_g: logged.quantity_g,
                    name: logged.name,
                    nutrients: logged.nutrients,
                    details: logged.details,
                });
            }
        }
        check.finish()?;
        Ok((name.unwrap_or_default(), inserts))
    }

    /// Validates and saves a meal, within the account's quota of them.
    pub async fn create_saved_meal(
        &self,
        actor: &Actor,
        body: SavedMealFields,
    ) -> AppResult<SavedMealView> {
        let (name, items) = self.read_saved_meal(actor, body).await?;
        let id = self
            .store
            .create_saved_meal(actor.account_id, &name, &items, SAVED_MEALS)
            .await
            .map_err(AppError::within(SAVED_MEALS))?;
        self.saved_meal(actor, id).await
    }

    /// Replaces a saved meal's name and items.
    pub async fn replace_saved_meal(
        &self,
        actor: &Actor,
        id: i64,
        body: SavedMealFields,
    ) -> AppResult<SavedMealView> {
        // Another account's meal is not found, whatever the body holds.
        self.store
            .saved_meal(actor.account_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let (name, items) = self.read_saved_meal(actor, body).await?;
        if !self
            .store
            .replace_saved_meal(actor.account_id, id, &name, &items)
            .await?
        {
            return Err(AppError::NotFound);
        }
        self.saved_meal(actor, id).await
    }

    /// Renames a saved meal, its items unchanged.
    pub async fn rename_saved_meal(
        &self,
        actor: &Actor,
        id: i64,
        name: Input<String>,
    ) -> AppResult<SavedMealView> {
        let mut check = Check::new();
        let name = check.required("name", name);
        let name = check.text("name", name, NAME_MAX);
        check.finish()?;
        let name = name.unwrap_or_default();
        if !self
            .store
            .rename_saved_meal(actor.account_id, id, &name)
            .await?
        {
            return Err(AppError::NotFound);
        }
        self.saved_meal(actor, id).await
    }

    /// Saves what a meal of a day holds: entries from the catalogue as
    /// catalogue items with their grams, the others (and those whose food
    /// is gone) as items by hand with the amounts they were logged with.
    pub async fn save_meal_from_day(
        &self,
        actor: &Actor,
        body: SavedMealFromDay,
    ) -> AppResult<SavedMealView> {
        let mut check = Check::new();
        let date = check.required("date", body.date);
        let date = check.date("date", date);
        let meal = check_meal(&mut check, body.meal);
        let name = check.required("name", body.name);
        let name = check.text("name", name, NAME_MAX);
        check.finish()?;
        let (Some(date), Some(meal), Some(name)) = (date, meal, name) else {
            return Err(AppError::invalid("date", msg("required")));
        };
        let entries: Vec<FoodEntry> = self
            .store
            .food_entries(actor.account_id, date, date)
            .await?
            .into_iter()
            .filter(|e| e.meal == meal)
            .collect();
        if entries.is_empty() {
            return Err(AppError::invalid(
                "meal",
                msg("nothing-to-save-in-meal").arg("meal", meal.as_str()),
            ));
        }
        if entries.len() > ITEMS_MAX {
            return Err(AppError::invalid(
                "meal",
                msg("saved-meal-items-count").arg("max", ITEMS_MAX as f64),
            ));
        }
        let mut items = Vec::with_capacity(entries.len());
        for e in entries {
            // Only a food that still exists is linked (the diary keeps the
            // id of a deleted custom food; the items' key would refuse it).
            let food_id = match (e.food_id, e.quantity_g) {
                (Some(id), Some(_)) => self
                    .store
                    .visible_food(actor.account_id, id)
                    .await?
                    .map(|f| f.id),
                _ => None,
            };
            items.push(SavedMealItemInsert {
                food_id,
                quantity_g: food_id.and(e.quantity_g),
                nutrients: e.nutrients(),
                name: e.name,
                details: e.details,
            });
        }
        let id = self
            .store
            .create_saved_meal(actor.account_id, &name, &items, SAVED_MEALS)
            .await
            .map_err(AppError::within(SAVED_MEALS))?;
        self.saved_meal(actor, id).await
    }

    /// Every saved meal of the account, in the order they were saved.
    pub async fn saved_meals(&self, actor: &Actor) -> AppResult<Vec<SavedMealView>> {
        let meals = self.store.saved_meals(actor.account_id).await?;
        Ok(meals.into_iter().map(SavedMealView::of).collect())
    }

    pub async fn saved_meal(&self, actor: &Actor, id: i64) -> AppResult<SavedMealView> {
        self.store
            .saved_meal(actor.account_id, id)
            .await?
            .map(SavedMealView::of)
            .ok_or(AppError::NotFound)
    }

    pub async fn delete_saved_meal(&self, actor: &Actor, id: i64) -> AppResult<()> {
        if self.store.delete_saved_meal(actor.account_id, id).await? {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }

    /// Logs every item of a saved meal into a meal of a day, one food entry
    /// each, in one transaction: none when the day would pass its quota, or
    /// when an item's food now gives amounts out of an entry's range.
    pub async fn log_saved_meal(
        &self,
        actor: &Actor,
        id: i64,
        body: SavedMealLog,
    ) -> AppResult<Vec<FoodEntry>> {
        let mut check = Check::new();
        let date = check.required("date", body.date);
        let date = check.date("date", date);
        let meal = check_meal(&mut check, body.meal);
        check.finish()?;
        let (Some(date), Some(meal)) = (date, meal) else {
            return Err(AppError::invalid("date", msg("required")));
        };
        let saved = self.saved_meal(actor, id).await?;
        let mut check = Check::new();
        let entries: Vec<FoodEntryInsert> = saved
            .items
            .into_iter()
            .enumerate()
            .map(|(index, item)| {
                if item.food_id.is_some() {
                    check_computed(
                        &mut check,
                        &format!("items[{index}].quantity_g"),
                        item.nutrients,
                    );
                }
                entry_of(item, date, meal)
            })
            .collect();
        check.finish()?;
        self.store
            .insert_food_entries(actor.account_id, date, &entries, FOOD_ENTRIES_PER_DAY)
            .await
            .map_err(AppError::within(FOOD_ENTRIES_PER_DAY))
    }
}

fn entry_of(item: ItemView, date: chrono::NaiveDate, meal: Meal) -> FoodEntryInsert {
    FoodEntryInsert {
        date,
        meal,
        name: item.name,
        nutrients: item.nutrients,
        details: item.details,
        food_id: item.food_id,
        quantity_g: item.quantity_g,
    }
}
