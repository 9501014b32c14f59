//! Daily nutrition goals: the defaults, their limits, and goals suggested
//! from body measurements (Mifflin–St Jeor BMR × activity factor).

use chrono::{Datelike, NaiveDate};

use super::nutrients::{Nutrients, round1};

/// Sex as used by the Mifflin–St Jeor equation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sex {
    Female,
    Male,
}

impl Sex {
    pub const ALL: [Sex; 2] = [Sex::Female, Sex::Male];

    pub fn as_str(self) -> &'static str {
        match self {
            Sex::Female => "female",
            Sex::Male => "male",
        }
    }

    /// The inverse of [`Sex::as_str`]; exact, case-sensitive.
    pub fn parse(s: &str) -> Option<Sex> {
        Sex::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// Usual physical activity, mapped to the conventional TDEE multipliers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActivityLevel {
    Sedentary,
    Light,
    Moderate,
    Active,
    VeryActive,
}

impl ActivityLevel {
    pub const ALL: [ActivityLevel; 5] = [
        ActivityLevel::Sedentary,
        ActivityLevel::Light,
        ActivityLevel::Moderate,
        ActivityLevel::Active,
        ActivityLevel::VeryActive,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ActivityLevel::Sedentary => "sedentary",
            ActivityLevel::Light => "light",
            ActivityLevel::Moderate => "moderate",
            ActivityLevel::Active => "active",
            ActivityLevel::VeryActive => "very_active",
        }
    }

    /// The inverse of [`ActivityLevel::as_str`]; exact, case-sensitive.
    pub fn parse(s: &str) -> Option<ActivityLevel> {
        ActivityLevel::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// The multiplier from basal metabolic rate to daily energy expenditure.
    pub fn factor(self) -> f64 {
        match self {
            ActivityLevel::Sedentary => 1.2,
            ActivityLevel::Light => 1.375,
            ActivityLevel::Moderate => 1.55,
            ActivityLevel::Active => 1.725,
            ActivityLevel::VeryActive => 1.9,
        }
    }
}

/// Goals of an account that has not set its own.
pub const DEFAULT_GOALS: Nutrients = Nutrients {
    calories: 2000.0,
    protein_g: 150.0,
    fat_g: 70.0,
    carbs_g: 250.0,
};

/// The daily goals: energy and macronutrients, and water (in ml).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Goals {
    pub nutrients: Nutrients,
    pub water_ml: i64,
}

impl Goals {
    /// The goals of an account that has set none.
    pub const DEFAULT: Goals = Goals {
        nutrients: DEFAULT_GOALS,
        water_ml: super::water::DEFAULT_GOAL_ML,
    };
}

/// Upper bound of every goal (kcal or grams): a goal is a positive amount
/// (see [`is_positive_amount`]) of at most this.
pub const GOAL_MAX: f64 = 20000.0;

/// Age in whole years on `today`: one less while this year's birthday has not
/// been reached. A 29 February birthday is reached on 1 March in common years.
/// Negative when `today` is before `birth_date`.
pub fn age_on(birth_date: NaiveDate, today: NaiveDate) -> i32 {
    let years = today.year() - birth_date.year();
    if (today.month(), today.day()) < (birth_date.month(), birth_date.day()) {
        years - 1
    } else {
        years
    }
}

/// Basal metabolic rate in kcal/day (Mifflin–St Jeor, 1990):
/// 10·kg + 6.25·cm − 5·years, then +5 for men or −161 for women.
pub fn bmr_mifflin_st_jeor(sex: Sex, weight_kg: f64, height_cm: f64, age_years: i32) -> f64 {
    let base = 10.0 * weight_kg + 6.25 * height_cm - 5.0 * f64::from(age_years);
    match sex {
        Sex::Male => base + 5.0,
        Sex::Female => base - 161.0,
    }
}

/// Share of energy given to each macronutrient in suggested goals.
const PROTEIN_SHARE: f64 = 0.25;
const FAT_SHARE: f64 = 0.30;
const CARBS_SHARE: f64 = 0.45;
/// Atwater energy factors, kcal per gram.
const KCAL_PER_G_PROTEIN: f64 = 4.0;
const KCAL_PER_G_FAT: f64 = 9.0;
const KCAL_PER_G_CARBS: f64 = 4.0;

/// The least daily energy a suggestion gives: intake below 1,200 kcal for
/// women or 1,500 kcal for men should happen only under the supervision of a
/// health professional (Harvard Health Publishing, "Calorie counting made
/// easy", 2020; the NHLBI's guidance on low-calorie diets gives the same
/// figures). A small, old or sedentary body's BMR × activity can fall below
/// them, or even below zero for implausible inputs.
pub fn calorie_floor(sex: Sex) -> f64 {
    match sex {
        Sex::Female => 1200.0,
        Sex::Male => 1500.0,
    }
}

/// Goals suggested from body measurements, with the figures they came from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SuggestedGoals {
    /// BMR × activity factor, rounded to a whole kcal, and at least the
    /// `calorie_floor`.
    pub calories: f64,
    /// 25 % of `calories`, at 4 kcal/g, to 0.1 g.
    pub protein_g: f64,
    /// 30 % of `calories`, at 9 kcal/g, to 0.1 g.
    pub fat_g: f64,
    /// 45 % of `calories`, at 4 kcal/g, to 0.1 g.
    pub carbs_g: f64,
    /// Mifflin–St Jeor BMR, to 0.1 kcal.
    pub bmr_kcal: f64,
    pub activity_factor: f64,
}

/// `calories` split as every suggestion splits them: 25 % protein, 30 %
/// fat, 45 % carbohydrate, at 4 / 9 / 4 kcal per g, to 0.1 g.
pub fn split_macros(calories: f64) -> Nutrients {
    Nutrients {
        calories,
        protein_g: round1(calories * PROTEIN_SHARE / KCAL_PER_G_PROTEIN),
        fat_g: round1(calories * FAT_SHARE / KCAL_PER_G_FAT),
        carbs_g: round1(calories * CARBS_SHARE / KCAL_PER_G_CARBS),
    }
}

/// Suggests daily goals: calories = BMR × activity factor (whole kcal), split
/// 25 % protein / 30 % fat / 45 % carbohydrate of those rounded calories;
/// never below the `calorie_floor`. Inputs are not validated here; callers
/// check plausible ranges.
pub fn suggest(
    sex: Sex,
    weight_kg: f64,
    height_cm: f64,
    age_years: i32,
    level: ActivityLevel,
) -> SuggestedGoals {
    let bmr = bmr_mifflin_st_jeor(sex, weight_kg, height_cm, age_years);
    let factor = level.factor();
    let calories = (bmr * factor).round().max(calorie_floor(sex));
    let split = split_macros(calories);
    SuggestedGoals {
        calories,
        protein_g: split.protein_g,
        fat_g: split.fat_g,
        carbs_g: split.carbs_g,
        bmr_kcal: round1(bmr),
        activity_factor: factor,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::nutrients::is_positive_amount;

    fn is_valid_goal(value: f64) -> bool {
        is_positive_amount(value, GOAL_MAX)
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn sex_parse_round_trips_and_rejects_unknown() {
        for s in Sex::ALL {
            assert_eq!(Sex::parse(s.as_str()), Some(s));
        }
        assert_eq!(Sex::parse("female"), Some(Sex::Female));
        assert_eq!(Sex::parse("male"), Some(Sex::Male));
        assert_eq!(Sex::parse("Male"), None);
        assert_eq!(Sex::parse("other"), None);
        assert_eq!(Sex::parse(""), None);
    }

    #[test]
    fn activity_level_parse_round_trips_and_rejects_unknown() {
        for l in ActivityLevel::ALL {
            assert_eq!(ActivityLevel::parse(l.as_str()), Some(l));
        }
        assert_eq!(
            ActivityLevel::parse("very_active"),
            Some(ActivityLevel::VeryActive)
        );
        assert_eq!(ActivityLevel::parse("veryactive"), None);
        assert_eq!(ActivityLevel::parse("very-active"), None);
        assert_eq!(ActivityLevel::parse("Moderate"), None);
    }

    #[test]
    fn activity_factors() {
        assert_eq!(ActivityLevel::Sedentary.factor(), 1.2);
        assert_eq!(ActivityLevel::Light.factor(), 1.375);
        assert_eq!(ActivityLevel::Moderate.factor(), 1.55);
        assert_eq!(ActivityLevel::Active.factor(), 1.725);
        assert_eq!(ActivityLevel::VeryActive.factor(), 1.9);
    }

    #[test]
    fn default_goals_are_the_documented_values_and_valid() {
        assert_eq!(
            DEFAULT_GOALS,
            Nutrients {
                calories: 2000.0,
                protein_g: 150.0,
                fat_g: 70.0,
                carbs_g: 250.0
            }
        );
        for g in [
            DEFAULT_GOALS.calories,
            DEFAULT_GOALS.protein_g,
            DEFAULT_GOALS.fat_g,
            DEFAULT_GOALS.carbs_g,
        ] {
            assert!(is_valid_goal(g), "{g}");
        }
    }

    #[test]
    fn goal_limits() {
        assert!(is_valid_goal(0.1));
        assert!(is_valid_goal(0.05));
        assert!(is_valid_goal(GOAL_MAX));
        // Kept to 0.1, 0.04 would be stored as 0: the API refuses it too.
        assert!(!is_valid_goal(0.04));
        assert!(!is_valid_goal(0.0));
        assert!(!is_valid_goal(-5.0));
        assert!(!is_valid_goal(20000.1));
        assert!(!is_valid_goal(f64::NAN));
        assert!(!is_valid_goal(f64::INFINITY));
    }

    #[test]
    fn age_counts_whole_years() {
        assert_eq!(age_on(d(1990, 6, 15), d(2024, 6, 14)), 33);
        assert_eq!(age_on(d(1990, 6, 15), d(2024, 6, 15)), 34);
        assert_eq!(age_on(d(1990, 6, 15), d(2024, 6, 16)), 34);
        assert_eq!(age_on(d(1990, 12, 31), d(2025, 1, 1)), 34);
        assert_eq!(age_on(d(1990, 1, 1), d(2024, 12, 31)), 34);
        assert_eq!(age_on(d(2000, 3, 1), d(2000, 3, 1)), 0);
        assert_eq!(age_on(d(2000, 3, 2), d(2001, 3, 1)), 0);
    }

    #[test]
    fn age_with_leap_day_birthday() {
        let born = d(2000, 2, 29);
        // Common years: not yet on 28 February, reached on 1 March.
        assert_eq!(age_on(born, d(2023, 2, 28)), 22);
        assert_eq!(age_on(born, d(2023, 3, 1)), 23);
        // Leap years: reached on 29 February itself.
        assert_eq!(age_on(born, d(2024, 2, 28)), 23);
        assert_eq!(age_on(born, d(2024, 2, 29)), 24);
    }

    #[test]
    fn age_before_birth_is_negative() {
        assert_eq!(age_on(d(2024, 6, 15), d(2023, 6, 16)), -1);
    }

    #[test]
    fn bmr_matches_hand_computed_values() {
        // 10·80 + 6.25·180 − 5·30 + 5 = 800 + 1125 − 150 + 5
        assert_eq!(bmr_mifflin_st_jeor(Sex::Male, 80.0, 180.0, 30), 1780.0);
        // 10·60 + 6.25·165 − 5·25 − 161 = 600 + 1031.25 − 125 − 161
        assert_eq!(bmr_mifflin_st_jeor(Sex::Female, 60.0, 165.0, 25), 1345.25);
        // The sexes differ by exactly 166 kcal for the same body.
        let m = bmr_mifflin_st_jeor(Sex::Male, 70.5, 172.0, 41);
        let f = bmr_mifflin_st_jeor(Sex::Female, 70.5, 172.0, 41);
        assert_eq!(m - f, 166.0);
    }

    #[test]
    fn suggest_male_moderate() {
        // BMR 1780 × 1.55 = 2759 kcal.
        let s = suggest(Sex::Male, 80.0, 180.0, 30, ActivityLevel::Moderate);
        assert_eq!(
            s,
            SuggestedGoals {
                calories: 2759.0,
                protein_g: 172.4, // 2759 × 0.25 / 4 = 172.4375
                fat_g: 92.0,      // 2759 × 0.30 / 9 = 91.9667
                carbs_g: 310.4,   // 2759 × 0.45 / 4 = 310.3875
                bmr_kcal: 1780.0,
                activity_factor: 1.55,
            }
        );
    }

    #[test]
    fn suggest_female_sedentary_rounds_calories_then_derives_macros() {
        // BMR 1345.25 × 1.2 = 1614.3 → 1614 kcal.
        let s = suggest(Sex::Female, 60.0, 165.0, 25, ActivityLevel::Sedentary);
        assert_eq!(s.calories, 1614.0);
        assert_eq!(s.protein_g, 100.9); // 1614 × 0.25 / 4 = 100.875
        assert_eq!(s.fat_g, 53.8); // 1614 × 0.30 / 9 = 53.8
        assert_eq!(s.carbs_g, 181.6); // 1614 × 0.45 / 4 = 181.575
        assert_eq!(s.bmr_kcal, 1345.3); // 1345.25 rounds half away from zero
        assert_eq!(s.activity_factor, 1.2);
    }

    #[test]
    fn suggest_male_very_active() {
        // BMR 10·65 + 6.25·170 − 5·20 + 5 = 1617.5; × 1.9 = 3073.25 → 3073.
        let s = suggest(Sex::Male, 65.0, 170.0, 20, ActivityLevel::VeryActive);
        assert_eq!(s.bmr_kcal, 1617.5);
        assert_eq!(s.calories, 3073.0);
        assert_eq!(s.protein_g, 192.1); // 192.0625
        assert_eq!(s.fat_g, 102.4); // 102.4333
        assert_eq!(s.carbs_g, 345.7); // 345.7125
        assert_eq!(s.activity_factor, 1.9);
    }

    #[test]
    fn more_activity_suggests_more_calories() {
        let mut last = 0.0;
        for l in ActivityLevel::ALL {
            let s = suggest(Sex::Female, 70.0, 170.0, 40, l);
            assert!(s.calories > last, "{l:?}");
            last = s.calories;
        }
    }

    #[test]
    fn suggested_goals_are_valid_goals() {
        let s = suggest(Sex::Male, 80.0, 180.0, 30, ActivityLevel::Moderate);
        assert_eq!(
            (s.calories, s.protein_g, s.fat_g, s.carbs_g),
            (2759.0, 172.4, 92.0, 310.4)
        );
        for g in [s.calories, s.protein_g, s.fat_g, s.carbs_g] {
            assert!(is_valid_goal(g), "{g}");
        }
    }

    #[test]
    fn suggestions_never_fall_below_the_floor() {
        // BMR 20·10 + 100·6.25 − 5·120 − 161 = 64 kcal; × 1.2 = 77.
        let s = suggest(Sex::Female, 20.0, 100.0, 120, ActivityLevel::Sedentary);
        assert_eq!(s.calories, 1200.0);
        // Negative BMR (implausible inputs) still gives the floor.
        let s = suggest(Sex::Male, 1.0, 1.0, 150, ActivityLevel::Sedentary);
        assert!(s.bmr_kcal < 0.0);
        assert_eq!(s.calories, 1500.0);
        for g in [s.calories, s.protein_g, s.fat_g, s.carbs_g] {
            assert!(is_valid_goal(g), "{g}");
        }
        // Above the floor the formula stands.
        let s = suggest(Sex::Male, 80.0, 180.0, 30, ActivityLevel::Moderate);
        assert_eq!(s.calories, 2759.0);
    }

    #[test]
    fn suggested_macros_roughly_add_back_to_calories() {
        let s = suggest(Sex::Female, 55.0, 160.0, 60, ActivityLevel::Light);
        let kcal = s.protein_g * 4.0 + s.fat_g * 9.0 + s.carbs_g * 4.0;
        assert!((kcal - s.calories).abs() < 1.0, "{kcal} vs {}", s.calories);
    }
}
