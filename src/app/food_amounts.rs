//! How much a food entry holds: amounts typed by hand, or the grams of a
//! catalogue food (by weight or by a household measure) and the nutrients
//! they carry.

use super::input::Measure;
use super::{Check, DetailFields, Input};
use crate::domain::nutrients::{Details, Nutrients, round1};
use crate::locale::msg;
use crate::store::Food;

/// Nutrient amounts of one entry: 0 to 10000, kept to 0.1.
pub const AMOUNT: std::ops::RangeInclusive<f64> = 0.0..=10000.0;
/// Grams of a catalogue food in one entry.
pub const QUANTITY_G_MAX: f64 = 5000.0;
/// The nutrient fields as sent (each may be absent).
pub(super) struct NutrientInputs {
    pub calories: Input<f64>,
    pub protein_g: Input<f64>,
    pub fat_g: Input<f64>,
    pub carbs_g: Input<f64>,
    pub details: DetailFields,
}

impl NutrientInputs {
    /// Each given amount checked, falling back to `base` for absent ones.
    pub fn read(
        self,
        check: &mut Check,
        base: Nutrients,
        base_details: Details,
    ) -> (Nutrients, Details) {
        let mut amount = |field: &str, input: Input<f64>, fallback: f64| {
            if input.is_absent() {
                return fallback;
            }
            let v = check.required(field, input);
            check
                .measured(field, v, AMOUNT, Measure::of_nutrient(field))
                .unwrap_or_default()
        };
        let nutrients = Nutrients {
            calories: amount("calories", self.calories, base.calories),
            protein_g: amount("protein_g", self.protein_g, base.protein_g),
            fat_g: amount("fat_g", self.fat_g, base.fat_g),
            carbs_g: amount("carbs_g", self.carbs_g, base.carbs_g),
        };
        let details = self.details.read(check, base_details, *AMOUNT.end());
        (nutrients, details)
    }

    /// Reports each given amount as not allowed (they are computed).
    pub fn refuse(self, check: &mut Check) {
        for (field, given) in [
            ("calories", !self.calories.is_absent()),
            ("protein_g", !self.protein_g.is_absent()),
            ("fat_g", !self.fat_g.is_absent()),
            ("carbs_g", !self.carbs_g.is_absent()),
        ] {
            if given {
                check.fail(field, msg("computed-from-catalogue"));
            }
        }
        self.details.refuse(check);
    }
}

/// Refuses amounts computed from grams that leave `AMOUNT` (5000 g of
/// butter is 35,850 kcal), naming `field`, the input that gave them.
pub(super) fn check_computed(check: &mut Check, field: &str, amounts: Nutrients) {
    let max = *AMOUNT.end();
    for (name, value) in [
        ("calories", amounts.calories),
        ("protein_g", amounts.protein_g),
        ("fat_g", amounts.fat_g),
        ("carbs_g", amounts.carbs_g),
    ] {
        if !value.is_finite() || value > max {
            check.fail(
                field,
                msg("amount-too-large")
                    .arg("value", value)
                    .arg("name", name)
                    .arg("max", max),
            );
            return;
        }
    }
}

pub(super) fn check_quantity(check: &mut Check, quantity: Option<f64>) -> Option<f64> {
    check.positive("quantity_g", quantity, QUANTITY_G_MAX)
}

/// Most servings one entry may count.
const SERVING_COUNT_MAX: f64 = 100.0;

/// The grams of an entry from the catalogue: `quantity_g`, or a serving of
/// the food times its count.
pub(super) fn grams_logged(
    check: &mut Check,
    food: Option<&Food>,
    quantity_g: Option<f64>,
    serving: Option<String>,
    serving_count: Option<f64>,
) -> Option<f64> {
    if serving.is_none() {
        if serving_count.is_some() {
            check.fail("serving_count", msg("serving-count-needs-serving"));
        }
        return quantity_g;
    }
    if quantity_g.is_some() {
        check.fail("serving", msg("serving-or-grams"));
        return None;
    }
    let count = serving_count.unwrap_or(1.0);
    if !count.is_finite() || count <= 0.0 || count > SERVING_COUNT_MAX {
        check.fail(
            "serving_count",
            msg("must-be-over-zero").arg("max", SERVING_COUNT_MAX),
        );
        return None;
    }
    let (label, food) = (serving?, food?);
    let Some(unit) = food.servings.iter().find(|s| s.label == label.trim()) else {
        let known: Vec<&str> = food.servings.iter().map(|s| s.label.as_str()).collect();
        check.fail(
            "serving",
            if known.is_empty() {
                msg("food-has-no-servings")
            } else {
                msg("no-such-serving").arg("servings", known.join(" | "))
            },
        );
        return None;
    };
    let grams = round1(unit.grams * count);
    check_quantity(check, Some(grams))
}

pub(super) fn per_100g(food: &Food) -> Nutrients {
    Nutrients {
        calories: food.calories,
        protein_g: food.protein_g,
        fat_g: food.fat_g,
        carbs_g: food.carbs_g,
    }
}
