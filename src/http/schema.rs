//! The API's answers: the JSON shapes (and their OpenAPI schemas) of the
//! records the operations return, converted from them here at the edge.
//! Names and fields are the API's contract (spec §1–§3): a type here is
//! named as its schema.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::details::DetailAmounts;
use crate::app::goals::BodyProfile;
use crate::app::targets;
use crate::domain::{expenditure, fdc_branded, goals, meal, nutrients, summary, weekday_goals};
use crate::store;

/// A list answer: `{"items": [...]}`.
#[derive(Serialize, ToSchema)]
pub struct Items<T: ToSchema> {
    pub items: Vec<T>,
}

impl<T: ToSchema> Items<T> {
    /// The records, each converted to its answer.
    pub fn of<R>(records: Vec<R>) -> Items<T>
    where
        T: From<R>,
    {
        Items {
            items: records.into_iter().map(T::from).collect(),
        }
    }
}

/// Calories (kcal) and macronutrients (grams).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, ToSchema)]
pub struct Nutrients {
    pub calories: f64,
    pub protein_g: f64,
    pub fat_g: f64,
    pub carbs_g: f64,
}

impl From<nutrients::Nutrients> for Nutrients {
    fn from(n: nutrients::Nutrients) -> Nutrients {
        Nutrients {
            calories: n.calories,
            protein_g: n.protein_g,
            fat_g: n.fat_g,
            carbs_g: n.carbs_g,
        }
    }
}

/// The daily goals: calories (kcal) and macronutrients (grams), and water
/// (whole ml; default 2000).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, ToSchema)]
pub struct Goals {
    pub calories: f64,
    pub protein_g: f64,
    pub fat_g: f64,
    pub carbs_g: f64,
    #[schema(minimum = 1, maximum = 10000)]
    pub water_ml: i64,
}

impl From<goals::Goals> for Goals {
    fn from(g: goals::Goals) -> Goals {
        Goals {
            calories: g.nutrients.calories,
            protein_g: g.nutrients.protein_g,
            fat_g: g.nutrients.fat_g,
            carbs_g: g.nutrients.carbs_g,
            water_ml: g.water_ml,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Meal {
    Breakfast,
    Lunch,
    Dinner,
    Snack,
}

impl From<meal::Meal> for Meal {
    fn from(m: meal::Meal) -> Meal {
        match m {
            meal::Meal::Breakfast => Meal::Breakfast,
            meal::Meal::Lunch => Meal::Lunch,
            meal::Meal::Dinner => Meal::Dinner,
            meal::Meal::Snack => Meal::Snack,
        }
    }
}

/// Sex as used by the Mifflin–St Jeor equation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Sex {
    Female,
    Male,
}

impl From<goals::Sex> for Sex {
    fn from(s: goals::Sex) -> Sex {
        match s {
            goals::Sex::Female => Sex::Female,
            goals::Sex::Male => Sex::Male,
        }
    }
}

/// Usual physical activity, mapped to the conventional TDEE multipliers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActivityLevel {
    Sedentary,
    Light,
    Moderate,
    Active,
    VeryActive,
}

impl From<goals::ActivityLevel> for ActivityLevel {
    fn from(a: goals::ActivityLevel) -> ActivityLevel {
        match a {
            goals::ActivityLevel::Sedentary => ActivityLevel::Sedentary,
            goals::ActivityLevel::Light => ActivityLevel::Light,
            goals::ActivityLevel::Moderate => ActivityLevel::Moderate,
            goals::ActivityLevel::Active => ActivityLevel::Active,
            goals::ActivityLevel::VeryActive => ActivityLevel::VeryActive,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct Account {
    pub id: i64,
    pub username: String,
    pub created_at: DateTime<Utc>,
}

impl From<store::Account> for Account {
    fn from(a: store::Account) -> Account {
        Account {
            id: a.id,
            username: a.username,
            created_at: a.created_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct FoodEntry {
    pub id: i64,
    pub date: NaiveDate,
    pub meal: Meal,
    pub name: String,
    pub calories: f64,
    pub protein_g: f64,
    pub fat_g: f64,
    pub carbs_g: f64,
    /// As logged: scaled from the catalogue item, or given by hand.
    #[serde(flatten)]
    pub details: DetailAmounts,
    pub food_id: Option<i64>,
    pub quantity_g: Option<f64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Where an imported entry came from (`mfp`, `cronometer`, `loseit`,
    /// `apple-health`, `nutrinube`, `legacy`, `health-data`); `null` for one
    /// logged here.
    pub source: Option<String>,
}

impl From<store::FoodEntry> for FoodEntry {
    fn from(e: store::FoodEntry) -> FoodEntry {
        FoodEntry {
            id: e.id,
            date: e.date,
            meal: e.meal.into(),
            name: e.name,
            calories: e.calories,
            protein_g: e.protein_g,
            fat_g: e.fat_g,
            carbs_g: e.carbs_g,
            details: e.details.into(),
            food_id: e.food_id,
            quantity_g: e.quantity_g,
            created_at: e.created_at,
            updated_at: e.updated_at,
            source: e.source,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ActivityEntry {
    pub id: i64,
    pub date: NaiveDate,
    pub name: String,
    /// Minutes; `null` for an entry by hand given only `kcal_burned`.
    pub duration_min: Option<i64>,
    pub kcal_burned: f64,
    pub activity_id: Option<i64>,
    /// The MET value the burned energy was computed from.
    pub met: Option<f64>,
    /// The body weight the burned energy was computed with.
    pub weight_kg_used: Option<f64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Where an imported entry came from (`mfp`, `cronometer`, `loseit`,
    /// `apple-health`, `nutrinube`, `legacy`, `health-data`); `null` for one
    /// logged here.
    pub source: Option<String>,
}

impl From<store::ActivityEntry> for ActivityEntry {
    fn from(a: store::ActivityEntry) -> ActivityEntry {
        ActivityEntry {
            id: a.id,
            date: a.date,
            name: a.name,
            duration_min: a.duration_min,
            kcal_burned: a.kcal_burned,
            activity_id: a.activity_id,
            met: a.met,
            weight_kg_used: a.weight_kg_used,
            created_at: a.created_at,
            updated_at: a.updated_at,
            source: a.source,
        }
    }
}

/// A drink, in whole millilitres (ml in every unit setting).
#[derive(Serialize, ToSchema)]
pub struct WaterEntry {
    pub id: i64,
    pub date: NaiveDate,
    #[schema(minimum = 1, maximum = 5000)]
    pub ml: i64,
    pub created_at: DateTime<Utc>,
    /// Where an imported entry came from (`mfp`, `cronometer`, `loseit`,
    /// `apple-health`, `nutrinube`, `legacy`, `health-data`); `null` for one
    /// logged here.
    pub source: Option<String>,
}

impl From<store::WaterEntry> for WaterEntry {
    fn from(w: store::WaterEntry) -> WaterEntry {
        WaterEntry {
            id: w.id,
            date: w.date,
            ml: w.ml,
            created_at: w.created_at,
            source: w.source,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct Activity {
    pub id: i64,
    /// Code in the Compendium of Physical Activities.
    pub code: String,
    pub name: String,
    pub met: f64,
}

impl From<store::Activity> for Activity {
    fn from(a: store::Activity) -> Activity {
        Activity {
            id: a.id,
            code: a.code,
            name: a.name,
            met: a.met,
        }
    }
}

/// What kind of catalogue item a food is: a shared generic food (USDA SR),
/// a shared branded product (USDA FoodData Central branded foods, loaded
/// with `nutrinube catalogue load fdc-branded`), or the account's own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum FoodKind {
    Generic,
    Brand,
    Custom,
}

impl From<fdc_branded::FoodKind> for FoodKind {
    fn from(k: fdc_branded::FoodKind) -> FoodKind {
        match k {
            fdc_branded::FoodKind::Generic => FoodKind::Generic,
            fdc_branded::FoodKind::Brand => FoodKind::Brand,
            fdc_branded::FoodKind::Custom => FoodKind::Custom,
        }
    }
}

/// A catalogue item; nutrient amounts are per 100 g.
#[derive(Serialize, ToSchema)]
pub struct Food {
    pub id: i64,
    /// `custom` for an account's own food (`recipe` for a recipe), else the
    /// dataset it comes from: `usda` (SR) or `fdc-branded`.
    pub source: String,
    /// Generic, brand or custom: search ranks generic foods before branded
    /// ones of equal match.
    pub kind: FoodKind,
    pub name: String,
    pub brand: Option<String>,
    pub calories: f64,
    pub protein_g: f64,
    pub fat_g: f64,
    pub carbs_g: f64,
    #[serde(flatten)]
    pub details: DetailAmounts,
    pub servings: Vec<Serving>,
    /// False for shared items, which are read-only.
    pub custom: bool,
    /// A recipe of the account (`GET /recipes/{id}` has its ingredients).
    pub recipe: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<store::Food> for Food {
    fn from(f: store::Food) -> Food {
        Food {
            recipe: f.source == store::RECIPE_SOURCE,
            kind: fdc_branded::FoodKind::of(&f.source, f.custom).into(),
            id: f.id,
            source: f.source,
            name: f.name,
            brand: f.brand,
            calories: f.calories,
            protein_g: f.protein_g,
            fat_g: f.fat_g,
            carbs_g: f.carbs_g,
            details: f.details.into(),
            servings: f.servings.into_iter().map(Serving::from).collect(),
            custom: f.custom,
            created_at: f.created_at,
            updated_at: f.updated_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct Serving {
    pub label: String,
    pub grams: f64,
}

impl From<store::Serving> for Serving {
    fn from(s: store::Serving) -> Serving {
        Serving {
            label: s.label,
            grams: s.grams,
        }
    }
}

/// A food the account logged, with how often and when last.
#[derive(Serialize, ToSchema)]
pub struct RecentFood {
    #[serde(flatten)]
    pub food: Food,
    /// How often it was logged among the account's latest 200 catalogue
    /// entries.
    pub times_logged: i64,
    pub last_logged_at: DateTime<Utc>,
    /// The quantity last logged, to re-log in one tap.
    pub last_quantity_g: Option<f64>,
}

impl From<store::RecentFood> for RecentFood {
    fn from(r: store::RecentFood) -> RecentFood {
        RecentFood {
            food: r.food.into(),
            times_logged: r.times_logged,
            last_logged_at: r.last_logged_at,
            last_quantity_g: r.last_quantity_g,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct Weight {
    pub date: NaiveDate,
    /// 20 to 400, kept to 0.01 kg.
    pub weight_kg: f64,
}

impl From<store::Weight> for Weight {
    fn from(w: store::Weight) -> Weight {
        Weight {
            date: w.date,
            weight_kg: w.weight_kg,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    /// `full`, `read` (GET and HEAD only) or `health` (only `POST /api/v1/health-data`).
    pub scope: String,
    /// When the token stops working; null: never.
    pub expires_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
}

impl From<store::ApiToken> for ApiToken {
    fn from(t: store::ApiToken) -> ApiToken {
        ApiToken {
            id: t.id,
            name: t.name,
            scope: t.scope,
            expires_at: t.expires_at,
            created_at: t.created_at,
            last_used_at: t.last_used_at,
        }
    }
}

/// The body profile; `weight_kg` is the latest entry of the weight log.
#[derive(Serialize, ToSchema)]
pub struct ProfileView {
    pub sex: Option<Sex>,
    pub birth_date: Option<NaiveDate>,
    pub height_cm: Option<f64>,
    pub weight_kg: Option<f64>,
    pub activity_level: Option<ActivityLevel>,
}

impl From<BodyProfile> for ProfileView {
    fn from(p: BodyProfile) -> ProfileView {
        ProfileView {
            sex: p.sex.map(Sex::from),
            birth_date: p.birth_date,
            height_cm: p.height_cm,
            weight_kg: p.weight_kg,
            activity_level: p.activity_level.map(ActivityLevel::from),
        }
    }
}

/// Where a suggestion comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum SuggestionSource {
    Profile,
    Expenditure,
}

/// Suggested goals, with the figures they came from: `bmr_kcal` and
/// `activity_factor` from the profile, or `expenditure_kcal`,
/// `rate_kg_per_week` and `confidence` from the expenditure estimate.
#[derive(Serialize, ToSchema)]
pub struct SuggestedGoals {
    pub from: SuggestionSource,
    /// Whole kcal: BMR × activity factor, or expenditure + rate × 7700 ÷ 7;
    /// at least the floor (1200 kcal, 1500 kcal for men).
    pub calories: f64,
    /// 25 % of `calories`, at 4 kcal/g, to 0.1 g.
    pub protein_g: f64,
    /// 30 % of `calories`, at 9 kcal/g, to 0.1 g.
    pub fat_g: f64,
    /// 45 % of `calories`, at 4 kcal/g, to 0.1 g.
    pub carbs_g: f64,
    /// Mifflin–St Jeor BMR, to 0.1 kcal (from the profile).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bmr_kcal: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub activity_factor: Option<f64>,
    /// The estimate's whole kcal (from the expenditure).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expenditure_kcal: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate_kg_per_week: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Confidence>,
}

impl From<goals::SuggestedGoals> for SuggestedGoals {
    fn from(s: goals::SuggestedGoals) -> SuggestedGoals {
        SuggestedGoals {
            from: SuggestionSource::Profile,
            calories: s.calories,
            protein_g: s.protein_g,
            fat_g: s.fat_g,
            carbs_g: s.carbs_g,
            bmr_kcal: Some(s.bmr_kcal),
            activity_factor: Some(s.activity_factor),
            expenditure_kcal: None,
            rate_kg_per_week: None,
            confidence: None,
        }
    }
}

impl From<crate::app::energy::ExpenditureGoals> for SuggestedGoals {
    fn from(s: crate::app::energy::ExpenditureGoals) -> SuggestedGoals {
        SuggestedGoals {
            from: SuggestionSource::Expenditure,
            calories: s.goals.calories,
            protein_g: s.goals.protein_g,
            fat_g: s.goals.fat_g,
            carbs_g: s.goals.carbs_g,
            bmr_kcal: None,
            activity_factor: None,
            expenditure_kcal: Some(s.estimate.expenditure_kcal),
            rate_kg_per_week: Some(s.rate_kg_per_week),
            confidence: Some(s.estimate.confidence.into()),
        }
    }
}

/// One day's totals against the goals.
#[derive(Serialize, ToSchema)]
pub struct DailyTotals {
    pub consumed: Nutrients,
    pub burned_kcal: f64,
    /// consumed.calories − burned_kcal.
    pub net_kcal: f64,
    /// Calories: goal − net; macros: goal − consumed. Negative when over.
    pub remaining: Nutrients,
    /// Consumption per meal; always holds all four meals.
    pub meals: BTreeMap<Meal, Nutrients>,
}

impl From<summary::DailyTotals> for DailyTotals {
    fn from(t: summary::DailyTotals) -> DailyTotals {
        DailyTotals {
            consumed: t.consumed.into(),
            burned_kcal: t.burned_kcal,
            net_kcal: t.net_kcal,
            remaining: t.remaining.into(),
            meals: t
                .meals
                .into_iter()
                .map(|(m, n)| (m.into(), n.into()))
                .collect(),
        }
    }
}

/// One day of a range.
#[derive(Serialize, ToSchema)]
pub struct DayRow {
    pub date: NaiveDate,
    pub consumed: Nutrients,
    pub burned_kcal: f64,
    /// consumed.calories − burned_kcal.
    pub net_kcal: f64,
    /// The goals in force that day (the base overlaid with its weekday's
    /// override).
    pub goals: Nutrients,
}

/// A day and the goals in force on it.
impl From<(summary::DayRow, nutrients::Nutrients)> for DayRow {
    fn from((d, goals): (summary::DayRow, nutrients::Nutrients)) -> DayRow {
        DayRow {
            date: d.date,
            consumed: d.consumed.into(),
            burned_kcal: d.burned_kcal,
            net_kcal: d.net_kcal,
            goals: goals.into(),
        }
    }
}

/// Mean daily figures over a range.
#[derive(Serialize, ToSchema)]
pub struct Averages {
    pub consumed: Nutrients,
    pub burned_kcal: f64,
    /// consumed.calories − burned_kcal of the averages.
    pub net_kcal: f64,
}

impl From<summary::Averages> for Averages {
    fn from(a: summary::Averages) -> Averages {
        Averages {
            consumed: a.consumed.into(),
            burned_kcal: a.burned_kcal,
            net_kcal: a.net_kcal,
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use serde_json::json;

    use super::*;

    #[test]
    fn enums_serialise_as_the_names_the_store_keeps() {
        for m in meal::Meal::ALL {
            assert_eq!(json!(Meal::from(m)), json!(m.as_str()));
        }
        for s in goals::Sex::ALL {
            assert_eq!(json!(Sex::from(s)), json!(s.as_str()));
        }
        for a in goals::ActivityLevel::ALL {
            assert_eq!(json!(ActivityLevel::from(a)), json!(a.as_str()));
        }
        assert_eq!(json!(ActivityLevel::VeryActive), json!("very_active"));
    }

    #[test]
    fn daily_totals_have_every_meal_by_name() {
        let n = nutrients::Nutrients {
            calories: 100.0,
            protein_g: 1.0,
            fat_g: 2.0,
            carbs_g: 3.0,
        };
        let goals = goals::DEFAULT_GOALS;
        let totals = summary::daily_totals(goals, &[(meal::Meal::Breakfast, n)], &[]);
        let v = serde_json::to_value(DailyTotals::from(totals)).unwrap();
        let mut keys: Vec<&str> = v["meals"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(keys, ["breakfast", "dinner", "lunch", "snack"]);
        assert_eq!(v["meals"]["breakfast"]["calories"], 100.0);
        assert_eq!(v["remaining"]["calories"], goals.calories - 100.0);
    }

    #[test]
    fn day_rows_leave_out_whether_anything_was_logged() {
        let day = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        let rows = summary::day_rows(day, day, &[], &[(day, 12.0)]);
        let goals = crate::domain::goals::DEFAULT_GOALS;
        let v = serde_json::to_value(DayRow::from((rows[0].clone(), goals))).unwrap();
        assert_eq!(v["goals"]["calories"], 2000.0);
        assert_eq!(v["date"], "2024-01-01");
        assert_eq!(v["burned_kcal"], 12.0);
        assert_eq!(v["net_kcal"], -12.0);
        assert!(v.get("has_entries").is_none());
    }
}

/// Where a nutrient target comes from: the US Dietary Reference Intakes for
/// the profile's sex and age and the calorie goal, or the account's override.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum TargetSource {
    Dri,
    Custom,
}

/// One nutrient's daily target, in the unit its key names; `null` where
/// there is no such bound.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct NutrientTarget {
    /// To reach (the RDA, or the AI where there is no RDA).
    #[schema(example = 18)]
    pub min: Option<f64>,
    /// Not to exceed (the Tolerable Upper Intake Level, where one applies).
    #[schema(example = 45)]
    pub max: Option<f64>,
    pub source: TargetSource,
}

/// Every nutrient key's target, keyed by nutrient key (`fibre_g`,
/// `sugars_g`, `saturated_fat_g`, `sodium_mg`, then the micronutrient keys),
/// in that order.
#[derive(Clone, Debug, PartialEq, ToSchema)]
#[schema(value_type = BTreeMap<String, NutrientTarget>)]
pub struct NutrientTargets(pub Vec<(&'static str, NutrientTarget)>);

impl Serialize for NutrientTargets {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, target) in &self.0 {
            map.serialize_entry(key, target)?;
        }
        map.end()
    }
}

impl From<Vec<targets::NutrientTarget>> for NutrientTargets {
    fn from(list: Vec<targets::NutrientTarget>) -> NutrientTargets {
        NutrientTargets(
            list.into_iter()
                .map(|t| {
                    let source = match t.source {
                        targets::TargetSource::Dri => TargetSource::Dri,
                        targets::TargetSource::Custom => TargetSource::Custom,
                    };
                    let target = NutrientTarget {
                        min: t.min,
                        max: t.max,
                        source,
                    };
                    (t.key, target)
                })
                .collect(),
        )
    }
}

/// A nutrient target override as stored (in the export): a `null` bound is
/// the default's.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct NutrientTargetOverride {
    #[schema(example = "iron_mg")]
    pub key: String,
    pub min: Option<f64>,
    pub max: Option<f64>,
}

impl From<store::TargetOverride> for NutrientTargetOverride {
    fn from(o: store::TargetOverride) -> NutrientTargetOverride {
        NutrientTargetOverride {
            key: o.key,
            min: o.min,
            max: o.max,
        }
    }
}

/// A day of the weight log with its trend (body.md §1): an exponentially
/// smoothed average over the whole history, to 0.01 kg. With `fill=true`
/// a day without weighing has `weight_kg: null` and the trend so far
/// (`null` too before the first weighing).
#[derive(Serialize, ToSchema)]
pub struct WeightTrend {
    pub date: NaiveDate,
    pub weight_kg: Option<f64>,
    pub trend_kg: Option<f64>,
}

impl From<crate::domain::trend::TrendDay> for WeightTrend {
    fn from(t: crate::domain::trend::TrendDay) -> WeightTrend {
        WeightTrend {
            date: t.date,
            weight_kg: t.weight_kg,
            trend_kg: t.trend_kg,
        }
    }
}

/// One weekday's override of the base goals: only the members it sets.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, ToSchema)]
pub struct WeekdayGoals {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calories: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protein_g: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fat_g: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub carbs_g: Option<f64>,
}

/// The weekdays that override the base goals; a weekday without an
/// override is left out.
#[derive(Clone, Debug, Default, PartialEq, Serialize, ToSchema)]
pub struct Weekdays {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub monday: Option<WeekdayGoals>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tuesday: Option<WeekdayGoals>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wednesday: Option<WeekdayGoals>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thursday: Option<WeekdayGoals>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub friday: Option<WeekdayGoals>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub saturday: Option<WeekdayGoals>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sunday: Option<WeekdayGoals>,
}

impl From<[weekday_goals::GoalOverride; 7]> for Weekdays {
    fn from(week: [weekday_goals::GoalOverride; 7]) -> Weekdays {
        let day = |i: usize| {
            let o = week[i];
            (!o.is_empty()).then_some(WeekdayGoals {
                calories: o.calories,
                protein_g: o.protein_g,
                fat_g: o.fat_g,
                carbs_g: o.carbs_g,
            })
        };
        Weekdays {
            monday: day(0),
            tuesday: day(1),
            wednesday: day(2),
            thursday: day(3),
            friday: day(4),
            saturday: day(5),
            sunday: day(6),
        }
    }
}

/// The goals. Without `date`: the base goals and the weekdays' overrides
/// (`weekdays`). With `date`: the goals in force that day (the base
/// overlaid with its weekday's override), with `date` and `weekday`.
#[derive(Serialize, ToSchema)]
pub struct GoalSettings {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// `monday` … `sunday`: the weekday of `date`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(pattern = "^(monday|tuesday|wednesday|thursday|friday|saturday|sunday)$")]
    pub weekday: Option<&'static str>,
    pub calories: f64,
    pub protein_g: f64,
    pub fat_g: f64,
    pub carbs_g: f64,
    #[schema(minimum = 1, maximum = 10000)]
    pub water_ml: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weekdays: Option<Weekdays>,
}

impl GoalSettings {
    /// The base goals and the weekdays.
    pub fn of_week(w: weekday_goals::WeekGoals) -> GoalSettings {
        let base = w.base.nutrients;
        GoalSettings {
            date: None,
            weekday: None,
            calories: base.calories,
            protein_g: base.protein_g,
            fat_g: base.fat_g,
            carbs_g: base.carbs_g,
            water_ml: w.base.water_ml,
            weekdays: Some(w.weekdays.into()),
        }
    }

    /// The goals in force on `date`.
    pub fn on(w: weekday_goals::WeekGoals, date: NaiveDate) -> GoalSettings {
        let g = w.on(date);
        GoalSettings {
            date: Some(date),
            weekday: Some(
                weekday_goals::WEEKDAYS[weekday_goals::index_of(chrono::Datelike::weekday(&date))],
            ),
            calories: g.nutrients.calories,
            protein_g: g.nutrients.protein_g,
            fat_g: g.nutrients.fat_g,
            carbs_g: g.nutrients.carbs_g,
            water_ml: g.water_ml,
            weekdays: None,
        }
    }
}

/// How far an expenditure estimate can be trusted: `low` below 21 logged
/// days, `medium` below 26, `high` from 26.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

impl From<expenditure::Confidence> for Confidence {
    fn from(c: expenditure::Confidence) -> Confidence {
        match c {
            expenditure::Confidence::Low => Confidence::Low,
            expenditure::Confidence::Medium => Confidence::Medium,
            expenditure::Confidence::High => Confidence::High,
        }
    }
}

/// The total daily energy expenditure estimated over the 28 days ending on
/// `date`: `expenditure_kcal = intake_mean_kcal − (trend_end_kg −
/// trend_start_kg) × 7700 ÷ trend_days` (computed from the unrounded
/// trends), with the data it rests on.
#[derive(Serialize, ToSchema)]
pub struct Expenditure {
    pub date: NaiveDate,
    /// The window's first day (`date` − 27).
    pub from: NaiveDate,
    /// Always 28.
    pub window_days: i64,
    /// Days of the window with at least one food entry.
    pub logged_days: usize,
    /// Mean kcal eaten over the logged days, to 0.1.
    pub intake_mean_kcal: f64,
    /// The window's first and last weighing days.
    pub first_weight_date: NaiveDate,
    pub last_weight_date: NaiveDate,
    /// Days of the window with a weight.
    pub weight_days: usize,
    /// The trend on the first and last weighing day, to 0.01 kg.
    pub trend_start_kg: f64,
    pub trend_end_kg: f64,
    /// Days between the first and last weighing day (at least 14).
    pub trend_days: i64,
    /// Whole kcal per day.
    pub expenditure_kcal: f64,
    pub confidence: Confidence,
}

impl From<expenditure::Estimate> for Expenditure {
    fn from(e: expenditure::Estimate) -> Expenditure {
        Expenditure {
            date: e.date,
            from: e.from,
            window_days: expenditure::WINDOW_DAYS,
            logged_days: e.logged_days,
            intake_mean_kcal: e.intake_mean_kcal,
            first_weight_date: e.first_weight_date,
            last_weight_date: e.last_weight_date,
            weight_days: e.weight_days,
            trend_start_kg: e.trend_start_kg,
            trend_end_kg: e.trend_end_kg,
            trend_days: e.trend_days,
            expenditure_kcal: e.expenditure_kcal,
            confidence: e.confidence.into(),
        }
    }
}
