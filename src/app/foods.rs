//! The food catalogue: search, custom foods, recently logged foods; and the
//! activity catalogue's search.

use crate::locale::msg;
use std::collections::HashSet;

use super::{Actor, App, AppError, AppResult, Check, DetailFields, Input};
use crate::domain::fdc_branded;
use crate::domain::nutrients::Details;
use crate::domain::quotas::CUSTOM_FOODS;
use crate::domain::search::{MAX_SEARCH_WORDS, Ranking, Searchable};
use crate::store::{Activity, Food, FoodCandidate, FoodInput, RECIPE_SOURCE, RecentFood, Serving};

pub const SEARCH_LIMIT_DEFAULT: i64 = 20;
pub const SEARCH_LIMIT_MAX: i64 = 50;
/// Longest search text, in characters.
pub const SEARCH_TEXT_MAX: usize = 200;
/// Most candidates one search step fetches for ranking.
const CANDIDATES: i64 = 500;
/// Most branded candidates one search step fetches, besides: their index
/// hands out the plainest names first, and they rank after generic foods.
const BRANDED_CANDIDATES: i64 = 100;
/// Recently logged foods listed.
pub const RECENT_FOODS: i64 = 20;

/// A custom food as sent, amounts per 100 g: to create (every field read)
/// or to change (absent fields keep their values).
#[derive(Debug, Default)]
pub struct FoodFields {
    pub name: Input<String>,
    pub brand: Input<String>,
    pub calories: Input<f64>,
    pub protein_g: Input<f64>,
    pub fat_g: Input<f64>,
    pub carbs_g: Input<f64>,
    /// Fibre, sugars, saturated fat, sodium and the micronutrients.
    pub details: DetailFields,
    pub servings: Input<Vec<ServingFields>>,
}

/// A household measure as sent, e.g. "1 cup" of 240 g.
#[derive(Clone, Debug, PartialEq)]
pub struct ServingFields {
    pub label: String,
    pub grams: f64,
}

const MAX_SERVINGS: usize = 20;

/// Applies the given fields of `body` over `base` (all of them for a new food).
fn read_food(body: FoodFields, base: Option<&Food>, check: &mut Check) -> FoodInput {
    let creating = base.is_none();
    let text = |check: &mut Check, field: &str, input: Input<String>, fallback: Option<&String>| {
        if input.is_absent() && !creating {
            return fallback.cloned().unwrap_or_default();
        }
        let v = check.required(field, input);
        check.text(field, v, 200).unwrap_or_default()
    };
    let name = text(check, "name", body.name, base.map(|b| &b.name));
    let brand = if body.brand.is_absent() && !creating {
        base.and_then(|b| b.brand.clone())
    } else {
        let v = check.optional("brand", body.brand);
        check.text("brand", v.filter(|b| !b.trim().is_empty()), 200)
    };
    let amount = |check: &mut Check, field: &str, input: Input<f64>, max: f64, fallback: f64| {
        if input.is_absent() && !creating {
            return fallback;
        }
        let v = check.required(field, input);
        check.decimal(field, v, 0.0..=max).unwrap_or_default()
    };
    let b = base.cloned();
    let b = b.as_ref();
    let servings = if body.servings.is_absent() && !creating {
        b.map(|b| b.servings.clone()).unwrap_or_default()
    } else {
        let list = check
            .optional("servings", body.servings)
            .unwrap_or_default();
        if list.len() > MAX_SERVINGS {
            check.fail(
                "servings",
                msg("too-many-servings").arg("max", MAX_SERVINGS as f64),
            );
        }
        let mut servings = Vec::new();
        for s in list {
            let label = check.text("servings", Some(s.label), 100);
            let grams = check.positive("servings", Some(s.grams), 5000.0);
            if let (Some(label), Some(grams)) = (label, grams) {
                servings.push(Serving { label, grams });
            }
        }
        servings
    };
    FoodInput {
        name,
        brand,
        calories: amount(
            check,
            "calories",
            body.calories,
            1000.0,
            b.map_or(0.0, |b| b.calories),
        ),
        protein_g: amount(
            check,
            "protein_g",
            body.protein_g,
            100.0,
            b.map_or(0.0, |b| b.protein_g),
        ),
        fat_g: amount(
            check,
            "fat_g",
            body.fat_g,
            100.0,
            b.map_or(0.0, |b| b.fat_g),
        ),
        carbs_g: amount(
            check,
            "carbs_g",
            body.carbs_g,
            100.0,
            b.map_or(0.0, |b| b.carbs_g),
        ),
        details: body
            .details
            .read(check, b.map_or(Details::UNKNOWN, |b| b.details), 100.0),
        servings,
    }
}

impl App {
    /// The catalogue's best matches for `q`, the actor's custom foods
    /// included: at most `limit` (default 20; more than 50 is capped, not
    /// refused: it asks for "as many as you give").
    ///
    /// The database finds candidates by word prefixes, `domain::search`
    /// ranks them. Candidates widen step by step: every typed word as a
    /// prefix; then, while fewer than `limit` match, with the words no food
    /// has (typos) cut to their first three letters; and only when no food
    /// has all the words, any typed word (that broad step costs
    /// milliseconds).
    pub async fn search_foods(
        &self,
        actor: &Actor,
        q: &str,
        limit: Option<i64>,
    ) -> AppResult<Vec<Food>> {
        check_search_text(q)?;
        let limit = limit.map_or(SEARCH_LIMIT_DEFAULT, |l| l.min(SEARCH_LIMIT_MAX));
        let account = actor.account_id;
        let mut ranking = Ranking::new(q);
        if ranking.typed().is_empty() {
            return Ok(self.store.list_foods(account, limit).await?);
        }
        let whole = ranking.typed().to_vec();
        let mut seen = HashSet::new();
        let mut offer = |ranking: &mut Ranking<FoodCandidate>, candidates: Vec<FoodCandidate>| {
            let fresh = candidates.into_iter().filter(|c| seen.insert(c.id));
            ranking.offer(fresh, |c| Searchable {
                name: &c.name,
                brand: c.brand.as_deref(),
                own: c.account_id.is_some(),
                branded: c.source == fdc_branded::SOURCE,
            });
        };
        let candidates = self
            .store
            .food_candidates(account, &whole, true, CANDIDATES, BRANDED_CANDIDATES)
            .await?;
        offer(&mut ranking, candidates);
        if (ranking.len() as i64) < limit {
            // Words no food has are likely typos: keep their first letters.
            let mut loose = Vec::new();
            let mut typos = false;
            let known = self.store.known_words(account, &whole).await?;
            for (w, known) in whole.iter().zip(known) {
                if known || w.chars().count() < 4 {
                    loose.push(w.clone());
                } else {
                    loose.push(w.chars().take(3).collect());
                    typos = true;
                }
            }
            if typos {
                // Three letters match broadly: the plainest names suffice.
                let candidates = self
                    .store
                    .food_candidates(
                        account,
                        &loose,
                        true,
                        CANDIDATES / 2,
                        BRANDED_CANDIDATES / 2,
                    )
                    .await?;
                offer(&mut ranking, candidates);
            }
        }
        if ranking.is_empty() && whole.len() > 1 {
            // No food has all the words: any of them.
            let candidates = self
                .store
                .food_candidates(account, &whole, false, CANDIDATES, BRANDED_CANDIDATES)
                .await?;
            offer(&mut ranking, candidates);
        }
        let ids: Vec<i64> = ranking
            .best(usize::try_from(limit).unwrap_or(0))
            .iter()
            .map(|c| c.id)
            .collect();
        Ok(self.store.foods_in_order(&ids).await?)
    }

    /// The actor's most recently and most often logged foods.
    pub async fn recent_foods(&self, actor: &Actor, limit: i64) -> AppResult<Vec<RecentFood>> {
        Ok(self.store.recent_foods(actor.account_id, limit).await?)
    }

    /// A catalogue item the actor may see.
    pub async fn food(&self, actor: &Actor, id: i64) -> AppResult<Food> {
        self.store
            .visible_food(actor.account_id, id)
            .await?
            .ok_or(AppError::NotFound)
    }

    /// A custom food of the actor; `Forbidden` for a shared item.
    async fn own_food(&self, actor: &Actor, id: i64) -> AppResult<Food> {
        match self.store.visible_food(actor.account_id, id).await? {
            Some(food) if food.custom => Ok(food),
            Some(_) => Err(AppError::Forbidden(msg("catalogue-read-only"))),
            None => Err(AppError::NotFound),
        }
    }

    /// Adds a custom food, visible only to the actor.
    pub async fn create_food(&self, actor: &Actor, cmd: FoodFields) -> AppResult<Food> {
        let mut check = Check::new();
        let input = read_food(cmd, None, &mut check);
        check.finish()?;
        self.store
            .create_food(actor.account_id, &input, CUSTOM_FOODS)
            .await
            .map_err(AppError::within(CUSTOM_FOODS))
    }

    /// Changes a custom food. Diary entries logged from it keep their values.
    /// The recipes made with it are computed again; a recipe itself is
    /// changed through its ingredients (`replace_recipe`).
    pub async fn update_food(&self, actor: &Actor, id: i64, cmd: FoodFields) -> AppResult<Food> {
        let old = self.own_food(actor, id).await?;
        if old.source == RECIPE_SOURCE {
            return Err(AppError::Conflict(msg("recipe-edited-as-recipe")));
        }
        let mut check = Check::new();
        let input = read_food(cmd, Some(&old), &mut check);
        check.finish()?;
        self.store
            .update_food(actor.account_id, id, &input)
            .await?
            .ok_or(AppError::NotFound)?;
        self.refresh_recipes_using(actor, id).await?;
        self.food(actor, id).await
    }

    /// Deletes a custom food. Diary entries logged from it stay as they are.
    /// Refused while a recipe uses it.
    pub async fn delete_food(&self, actor: &Actor, id: i64) -> AppResult<()> {
        self.own_food(actor, id).await?;
        self.check_not_an_ingredient(actor, id).await?;
        if self.store.delete_food(actor.account_id, id).await? {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }

    /// The activity catalogue's matches for `q` (its first distinct words,
    /// as for foods), at most `limit`.
    pub async fn search_activities(&self, q: &str, limit: i64) -> AppResult<Vec<Activity>> {
        check_search_text(q)?;
        let mut words: Vec<String> = Vec::new();
        for w in q.split_whitespace().map(str::to_lowercase) {
            if words.len() == MAX_SEARCH_WORDS {
                break;
            }
            if !words.contains(&w) {
                words.push(w);
            }
        }
        Ok(self.store.search_activities(&words, limit).await?)
    }
}

/// The length limit of search text, before any database work (the front
/// ends check it too, with their own answers).
fn check_search_text(q: &str) -> AppResult<()> {
    if q.chars().count() > SEARCH_TEXT_MAX {
        return Err(AppError::invalid(
            "q",
            msg("at-most-characters").arg("max", SEARCH_TEXT_MAX as f64),
        ));
    }
    Ok(())
}
