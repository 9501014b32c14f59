//! Daily goals, the body profile, and goals suggested from it.

use crate::locale::msg;
use chrono::NaiveDate;

use super::input::Measure;
use super::{Actor, App, AppError, AppResult, Check, Input};
use crate::domain::goals::{self, ActivityLevel, GOAL_MAX, Goals, Sex, SuggestedGoals};
use crate::domain::nutrients::Nutrients;
use crate::domain::water;
use crate::domain::weekday_goals::{GoalOverride, WEEKDAYS, WeekGoals, parse_weekday};
use crate::locale::Message;
use crate::store::{Profile, Weight};

/// Body weights the tracker accepts, in kg.
pub const WEIGHT_KG: std::ops::RangeInclusive<f64> = 20.0..=400.0;
/// Heights the tracker accepts, in cm.
pub const HEIGHT_CM: std::ops::RangeInclusive<f64> = 50.0..=300.0;

/// The daily goals as sent: the four of energy and macros, each above 0 and
/// at most 20000, required; and water, whole ml 1–10000, which keeps its
/// value when absent (clients written before it existed send none).
#[derive(Debug, Default)]
pub struct GoalsFields {
    pub calories: Input<f64>,
    pub protein_g: Input<f64>,
    pub fat_g: Input<f64>,
    pub carbs_g: Input<f64>,
    pub water_ml: Input<i64>,
    /// The weekdays' overrides (body.md §3); absent keeps them as they are.
    pub weekdays: WeekdaysInput,
}

/// The weekdays' overrides as sent: left out (kept as they are), `null`
/// (none), an object by weekday name (replacing them all: a weekday left
/// out has none), or not an object.
#[derive(Debug, Default)]
pub enum WeekdaysInput {
    #[default]
    Absent,
    Null,
    Days(Vec<(String, DayGoalsInput)>),
    Invalid(Message),
}

/// One weekday's override as sent: `null` or `{}` is none.
#[derive(Debug)]
pub enum DayGoalsInput {
    None,
    Fields(DayGoalsFields),
    Invalid(Message),
}

/// A weekday's partial goals: each member absent or null keeps the base's.
#[derive(Debug, Default)]
pub struct DayGoalsFields {
    pub calories: Input<f64>,
    pub protein_g: Input<f64>,
    pub fat_g: Input<f64>,
    pub carbs_g: Input<f64>,
}

/// The weekdays' overrides of `input`, checked into `check`: `None` keeps
/// the stored ones. Fields are named `weekdays.<day>.<member>`.
fn weekday_overrides(check: &mut Check, input: WeekdaysInput) -> Option<[GoalOverride; 7]> {
    let days = match input {
        WeekdaysInput::Absent => return None,
        WeekdaysInput::Null => return Some([GoalOverride::default(); 7]),
        WeekdaysInput::Invalid(message) => {
            check.fail("weekdays", message);
            return None;
        }
        WeekdaysInput::Days(days) => days,
    };
    let mut week = [GoalOverride::default(); 7];
    for (name, day) in days {
        let field = format!("weekdays.{name}");
        let Some(i) = parse_weekday(&name) else {
            check.fail(
                &field,
                msg("weekday-unknown").arg("allowed", WEEKDAYS.join(", ")),
            );
            continue;
        };
        let fields = match day {
            DayGoalsInput::None => continue,
            DayGoalsInput::Invalid(message) => {
                check.fail(&field, message);
                continue;
            }
            DayGoalsInput::Fields(fields) => fields,
        };
        let mut member = |name: &str, input: Input<f64>| {
            let f = format!("{field}.{name}");
            let v = check.optional(&f, input);
            check.positive_measured(&f, v, GOAL_MAX, Measure::of_nutrient(name))
        };
        week[i] = GoalOverride {
            calories: member("calories", fields.calories),
            protein_g: member("protein_g", fields.protein_g),
            fat_g: member("fat_g", fields.fat_g),
            carbs_g: member("carbs_g", fields.carbs_g),
        };
    }
    Some(week)
}

/// The body profile as sent. Fields left out or null are cleared, except
/// `weight_kg`, which when given records today's weight (today in the
/// account's time zone).
#[derive(Debug, Default)]
pub struct ProfileFields {
    pub sex: Input<String>,
    pub birth_date: Input<String>,
    pub height_cm: Input<f64>,
    pub weight_kg: Input<f64>,
    pub activity_level: Input<String>,
}

/// The body profile; `weight_kg` is the latest entry of the weight log.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BodyProfile {
    pub sex: Option<Sex>,
    pub birth_date: Option<NaiveDate>,
    pub height_cm: Option<f64>,
    pub weight_kg: Option<f64>,
    pub activity_level: Option<ActivityLevel>,
}

impl App {
    /// The account's goals, or the defaults while it has set none.
    pub async fn goals(&self, actor: &Actor) -> AppResult<Goals> {
        Ok(self
            .store
            .goals(actor.account_id)
            .await?
            .unwrap_or(Goals::DEFAULT))
    }

    /// The base goals and each weekday's override.
    pub async fn week_goals(&self, actor: &Actor) -> AppResult<WeekGoals> {
        Ok(WeekGoals {
            base: self.goals(actor).await?,
            weekdays: self.store.weekday_goals(actor.account_id).await?,
        })
    }

    /// Validates and stores the goals (and the weekdays' overrides, when
    /// sent); answers them all.
    pub async fn set_goals(&self, actor: &Actor, cmd: GoalsFields) -> AppResult<WeekGoals> {
        let mut check = Check::new();
        let mut goal = |field: &str, input: Input<f64>| {
            let v = check.required(field, input);
            check
                .positive_measured(field, v, GOAL_MAX, Measure::of_nutrient(field))
                .unwrap_or_default()
        };
        let nutrients = Nutrients {
            calories: goal("calories", cmd.calories),
            protein_g: goal("protein_g", cmd.protein_g),
            fat_g: goal("fat_g", cmd.fat_g),
            carbs_g: goal("carbs_g", cmd.carbs_g),
        };
        let water_ml = match cmd.water_ml {
            Input::Absent => None,
            given => {
                let v = check.required("water_ml", given);
                check.integer("water_ml", v, water::GOAL_ML)
            }
        };
        let weekdays = weekday_overrides(&mut check, cmd.weekdays);
        check.finish()?;
        let water_ml = match water_ml {
            Some(ml) => ml,
            None => self.goals(actor).await?.water_ml,
        };
        let goals = Goals {
            nutrients,
            water_ml,
        };
        self.store
            .set_week_goals(actor.account_id, goals, weekdays.as_ref())
            .await?;
        self.week_goals(actor).await
    }

    pub async fn profile(&self, actor: &Actor) -> AppResult<BodyProfile> {
        let profile = self.store.profile(actor.account_id).await?;
        let weight = self.store.latest_weight(actor.account_id).await?;
        Ok(BodyProfile {
            sex: profile.sex,
            birth_date: profile.birth_date,
            height_cm: profile.height_cm,
            weight_kg: weight.map(|w| w.weight_kg),
            activity_level: profile.activity_level,
        })
    }

    /// Validates and replaces the profile.
    pub async fn set_profile(&self, actor: &Actor, cmd: ProfileFields) -> AppResult<BodyProfile> {
        let today = self.today(actor).await?;
        let mut check = Check::new();
        let sex = check.optional("sex", cmd.sex);
        let sex = check.one_of("sex", sex, Sex::parse, "female, male");
        let birth_date = check.optional("birth_date", cmd.birth_date);
        let birth_date = check.date("birth_date", birth_date);
        if birth_date.is_some_and(|d| d > today) {
            check.fail("birth_date", msg("not-in-future"));
        }
        let height_cm = check.optional("height_cm", cmd.height_cm);
        let height_cm = check.measured("height_cm", height_cm, HEIGHT_CM, Measure::Length);
        let weight_kg = check.optional("weight_kg", cmd.weight_kg);
        let weight_kg = check.measured("weight_kg", weight_kg, WEIGHT_KG, Measure::BodyWeight);
        let level = check.optional("activity_level", cmd.activity_level);
        let level = check.one_of(
            "activity_level",
            level,
            ActivityLevel::parse,
            "sedentary, light, moderate, active, very_active",
        );
        check.finish()?;
        let profile = Profile {
            sex,
            birth_date,
            height_cm,
            activity_level: level,
        };
        self.store.set_profile(actor.account_id, &profile).await?;
        if let Some(weight_kg) = weight_kg {
            let weight = Weight {
                date: today,
                weight_kg,
            };
            self.store.put_weight(actor.account_id, &weight).await?;
        }
        self.profile(actor).await
    }

    /// Goals suggested from the profile: Mifflin–St Jeor BMR × activity
    /// factor; a validation error names what the profile lacks.
    pub async fn suggested_goals(&self, actor: &Actor) -> AppResult<SuggestedGoals> {
        let p = self.profile(actor).await?;
        let mut check = Check::new();
        let mut needed = |field: &str, present: bool| {
            if !present {
                check.fail(field, msg("needed-for-suggestion"));
            }
        };
        needed("sex", p.sex.is_some());
        needed("birth_date", p.birth_date.is_some());
        needed("height_cm", p.height_cm.is_some());
        needed("weight_kg", p.weight_kg.is_some());
        needed("activity_level", p.activity_level.is_some());
        check.finish()?;
        let (Some(sex), Some(birth_date), Some(height_cm), Some(weight_kg), Some(level)) = (
            p.sex,
            p.birth_date,
            p.height_cm,
            p.weight_kg,
            p.activity_level,
        ) else {
            return Err(AppError::Internal(anyhow::anyhow!(
                "a checked profile lacks a value"
            )));
        };
        let age = goals::age_on(birth_date, self.today(actor).await?);
        Ok(goals::suggest(sex, weight_kg, height_cm, age, level))
    }

    /// Saves the suggestion from the profile as the base goals (the
    /// weekdays' overrides stay).
    pub async fn apply_suggested_goals(&self, actor: &Actor) -> AppResult<WeekGoals> {
        let s = self.suggested_goals(actor).await?;
        self.set_goals(
            actor,
            GoalsFields {
                calories: Input::Value(s.calories),
                protein_g: Input::Value(s.protein_g),
                fat_g: Input::Value(s.fat_g),
                carbs_g: Input::Value(s.carbs_g),
                ..GoalsFields::default()
            },
        )
        .await
    }
}
