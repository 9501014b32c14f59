//! A recipe's nutrition (nutrition.md §3): the sum of its ingredients, per
//! serving and per 100 g of the dish. The dish weighs its cooked weight
//! when one is given (water lost or gained in cooking), else the sum of its
//! ingredients' grams.

use super::nutrients::{Details, Nutrients, round1, round3};

const WATER: &str = "water_g";

/// The least a dish may weigh: what its ingredients hold of protein, fat
/// and carbohydrate, and of energy at 10 kcal/g (above pure fat's 9), so
/// that its per-100 g values stay within a food's.
pub fn least_dish_weight_g(total: &Nutrients) -> f64 {
    let dry = total.protein_g + total.fat_g + total.carbs_g;
    round1(dry.max(total.calories / 10.0))
}

/// One ingredient: the grams used of a food given per 100 g.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ingredient {
    pub quantity_g: f64,
    pub per_100g: Nutrients,
    pub details_per_100g: Details,
}

impl Ingredient {
    /// What the grams used hold.
    pub fn amounts(&self) -> (Nutrients, Details) {
        (
            Nutrients::for_quantity(self.per_100g, self.quantity_g),
            Details::for_quantity(self.details_per_100g, self.quantity_g),
        )
    }
}

/// Nutrients and details together, as a food gives them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Amounts {
    pub nutrients: Nutrients,
    pub details: Details,
}

impl Amounts {
    fn scaled(self, factor: f64) -> Amounts {
        Amounts {
            nutrients: self.nutrients.scaled(factor).rounded(),
            details: self.details.scaled(factor).rounded(),
        }
    }
}

/// A recipe's figures.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Nutrition {
    /// The ingredients' grams summed.
    pub weight_g: f64,
    /// What the dish weighs: the cooked weight, or `weight_g`.
    pub dish_g: f64,
    pub total: Amounts,
    pub per_serving: Amounts,
    pub per_100g: Amounts,
    /// One serving's grams of the dish.
    pub serving_g: f64,
}

/// The figures of `ingredients` made into `servings` servings (> 0),
/// weighing `cooked_weight_g` when given (> 0). A detail nutrient is known
/// when any ingredient knows it (the sum of what is known); one no
/// ingredient knows stays unknown. What cooking changes of the weight is
/// water: a known `water_g` total moves by the cooked weight's difference
/// from the ingredients' (never below 0).
pub fn nutrition(
    ingredients: &[Ingredient],
    servings: f64,
    cooked_weight_g: Option<f64>,
) -> Nutrition {
    let mut nutrients = Nutrients::ZERO;
    let mut details = Details::UNKNOWN;
    let mut weight_g = 0.0;
    for i in ingredients {
        let (n, d) = i.amounts();
        nutrients = nutrients.plus(n);
        details = details.plus_known(d);
        weight_g += i.quantity_g;
    }
    let weight_g = round1(weight_g);
    let dish_g = cooked_weight_g.unwrap_or(weight_g);
    if let Some(water) = details.get(WATER) {
        details.set(WATER, Some((water + dish_g - weight_g).max(0.0)));
    }
    let total = Amounts {
        nutrients: nutrients.rounded(),
        details: details.rounded(),
    };
    let per_100g = if dish_g > 0.0 {
        total.scaled(100.0 / dish_g)
    } else {
        total.scaled(0.0)
    };
    Nutrition {
        weight_g,
        dish_g,
        total,
        per_serving: total.scaled(1.0 / servings),
        per_100g,
        serving_g: round3(dish_g / servings),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn food(calories: f64, protein_g: f64, fat_g: f64, carbs_g: f64) -> Nutrients {
        Nutrients {
            calories,
            protein_g,
            fat_g,
            carbs_g,
        }
    }

    fn with(key: &str, amount: f64) -> Details {
        let mut d = Details::UNKNOWN;
        d.set(key, Some(amount));
        d
    }

    /// Porridge: 80 g oats (389 kcal/100 g, 4.7 mg iron) and 300 g milk
    /// (61 kcal/100 g, 113 mg calcium; iron unknown), two servings.
    fn porridge() -> Vec<Ingredient> {
        vec![
            Ingredient {
                quantity_g: 80.0,
                per_100g: food(389.0, 16.9, 6.9, 66.3),
                details_per_100g: with("iron_mg", 4.7),
            },
            Ingredient {
                quantity_g: 300.0,
                per_100g: food(61.0, 3.2, 3.3, 4.8),
                details_per_100g: with("calcium_mg", 113.0),
            },
        ]
    }

    #[test]
    fn totals_servings_and_per_100g_follow_from_the_ingredients() {
        let n = nutrition(&porridge(), 2.0, None);
        assert_eq!(n.weight_g, 380.0);
        assert_eq!(n.dish_g, 380.0);
        // 311.2 + 183 kcal.
        assert_eq!(n.total.nutrients.calories, 494.2);
        assert_eq!(n.per_serving.nutrients.calories, 247.1);
        assert_eq!(n.per_100g.nutrients.calories, 130.1);
        assert_eq!(n.serving_g, 190.0);
        assert_eq!(n.total.details.get("iron_mg"), Some(3.76));
        assert_eq!(n.total.details.get("calcium_mg"), Some(339.0));
        assert_eq!(n.total.details.get("zinc_mg"), None);
    }

    #[test]
    fn a_cooked_weight_concentrates_or_dilutes_per_100g_only() {
        // Simmered down to 250 g: the same total, more per 100 g.
        let n = nutrition(&porridge(), 2.0, Some(250.0));
        assert_eq!(n.total.nutrients.calories, 494.2);
        assert_eq!(n.per_100g.nutrients.calories, 197.7);
        assert_eq!(n.serving_g, 125.0);
        assert_eq!(n.per_serving.nutrients.calories, 247.1);
        // Rice absorbs water: 100 g dry becomes 300 g cooked.
        let rice = [Ingredient {
            quantity_g: 100.0,
            per_100g: food(365.0, 7.1, 0.7, 80.0),
            details_per_100g: Details::UNKNOWN,
        }];
        let n = nutrition(&rice, 3.0, Some(300.0));
        assert_eq!(n.per_100g.nutrients.calories, 121.7);
        assert_eq!(n.per_serving.nutrients.calories, 121.7);
    }

    #[test]
    fn cooking_changes_the_water_and_nothing_else() {
        // Stock: 1000 g, 950 g of it water, reduced to 600 g.
        let stock = [Ingredient {
            quantity_g: 1000.0,
            per_100g: food(20.0, 2.0, 0.5, 1.5),
            details_per_100g: with("water_g", 95.0),
        }];
        let n = nutrition(&stock, 4.0, Some(600.0));
        assert_eq!(n.total.details.get("water_g"), Some(550.0));
        assert_eq!(n.per_100g.details.get("water_g"), Some(91.667));
        assert_eq!(n.total.nutrients.calories, 200.0);
        // Dried past its water: none left, not less than none.
        let n = nutrition(&stock, 4.0, Some(10.0));
        assert_eq!(n.total.details.get("water_g"), Some(0.0));
        assert_eq!(least_dish_weight_g(&n.total.nutrients), 40.0);
    }
}
