//! Nutrient amounts: energy and the macros, kept to 0.1, and the details
//! beyond them (nutrition.md §2), kept to 0.001 and unknown when not given.

/// Rounds to one decimal place, the precision the diary keeps (spec §1).
pub fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Whether `value` is an amount above zero of at most `max`, as the diary
/// keeps it (to 0.1): so at least 0.05, since anything smaller is kept as 0.
pub fn is_positive_amount(value: f64, max: f64) -> bool {
    value.is_finite() && round1(value) > 0.0 && value <= max
}

/// Calories (kcal) and macronutrients (grams).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Nutrients {
    pub calories: f64,
    pub protein_g: f64,
    pub fat_g: f64,
    pub carbs_g: f64,
}

impl Nutrients {
    pub const ZERO: Nutrients = Nutrients {
        calories: 0.0,
        protein_g: 0.0,
        fat_g: 0.0,
        carbs_g: 0.0,
    };

    pub fn plus(self, other: Nutrients) -> Nutrients {
        Nutrients {
            calories: self.calories + other.calories,
            protein_g: self.protein_g + other.protein_g,
            fat_g: self.fat_g + other.fat_g,
            carbs_g: self.carbs_g + other.carbs_g,
        }
    }

    pub fn minus(self, other: Nutrients) -> Nutrients {
        self.plus(other.scaled(-1.0))
    }

    pub fn scaled(self, factor: f64) -> Nutrients {
        Nutrients {
            calories: self.calories * factor,
            protein_g: self.protein_g * factor,
            fat_g: self.fat_g * factor,
            carbs_g: self.carbs_g * factor,
        }
    }

    /// Every amount rounded to 0.1, as stored and shown.
    pub fn rounded(self) -> Nutrients {
        Nutrients {
            calories: round1(self.calories),
            protein_g: round1(self.protein_g),
            fat_g: round1(self.fat_g),
            carbs_g: round1(self.carbs_g),
        }
    }

    /// The amounts in `quantity_g` grams of a food given per 100 g.
    pub fn for_quantity(per_100g: Nutrients, quantity_g: f64) -> Nutrients {
        per_100g.scaled(quantity_g / 100.0).rounded()
    }
}

/// The four nutrients kept beside the macros, top-level members of foods
/// and entries.
pub const EXTRA_KEYS: [&str; 4] = ["fibre_g", "sugars_g", "saturated_fat_g", "sodium_mg"];

/// The `micronutrients` keys of nutrition.md §2, in the spec's order.
pub const MICRONUTRIENT_KEYS: [&str; 27] = [
    "monounsaturated_fat_g",
    "polyunsaturated_fat_g",
    "trans_fat_g",
    "cholesterol_mg",
    "potassium_mg",
    "calcium_mg",
    "iron_mg",
    "magnesium_mg",
    "phosphorus_mg",
    "zinc_mg",
    "copper_mg",
    "selenium_ug",
    "vitamin_a_ug",
    "vitamin_c_mg",
    "vitamin_d_ug",
    "vitamin_e_mg",
    "vitamin_k_ug",
    "thiamin_mg",
    "riboflavin_mg",
    "niacin_mg",
    "vitamin_b6_mg",
    "folate_ug",
    "vitamin_b12_ug",
    "choline_mg",
    "caffeine_mg",
    "alcohol_g",
    "water_g",
];

/// How many detail keys there are: the extras, then the micronutrients.
pub const DETAIL_COUNT: usize = EXTRA_KEYS.len() + MICRONUTRIENT_KEYS.len();

/// Every detail key: [`EXTRA_KEYS`] then [`MICRONUTRIENT_KEYS`]. They are
/// also the column names of `foods` and `food_entries`.
pub const DETAIL_KEYS: [&str; DETAIL_COUNT] = {
    let mut keys = [""; DETAIL_COUNT];
    let mut i = 0;
    while i < DETAIL_COUNT {
        keys[i] = if i < EXTRA_KEYS.len() {
            EXTRA_KEYS[i]
        } else {
            MICRONUTRIENT_KEYS[i - EXTRA_KEYS.len()]
        };
        i += 1;
    }
    keys
};

/// The unit a detail key is given in, read from its suffix.
pub fn unit_of(key: &str) -> &'static str {
    if key.ends_with("_mg") {
        "mg"
    } else if key.ends_with("_ug") {
        "µg"
    } else {
        "g"
    }
}

/// The position of a detail key in [`DETAIL_KEYS`].
pub fn detail_index(key: &str) -> Option<usize> {
    DETAIL_KEYS.iter().position(|k| *k == key)
}

/// Rounds to 0.001, the precision details are kept to: a portion's
/// micrograms of vitamin B12 or milligrams of thiamin would vanish at 0.1.
pub fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The amounts of every detail key, in the order of [`DETAIL_KEYS`];
/// `None` is unknown, which is never the same as 0.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Details(pub [Option<f64>; DETAIL_COUNT]);

impl Details {
    pub const UNKNOWN: Details = Details([None; DETAIL_COUNT]);

    pub fn get(&self, key: &str) -> Option<f64> {
        detail_index(key).and_then(|i| self.0[i])
    }

    /// Sets a key's amount; a key that is not a detail key is ignored.
    pub fn set(&mut self, key: &str, amount: Option<f64>) {
        if let Some(i) = detail_index(key) {
            self.0[i] = amount;
        }
    }

    /// Every key with its amount, in the order of [`DETAIL_KEYS`].
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, Option<f64>)> + '_ {
        DETAIL_KEYS.iter().copied().zip(self.0.iter().copied())
    }

    /// The micronutrients only, known ones, in the spec's order.
    pub fn known_micronutrients(&self) -> impl Iterator<Item = (&'static str, f64)> + '_ {
        self.iter()
            .skip(EXTRA_KEYS.len())
            .filter_map(|(k, v)| v.map(|v| (k, v)))
    }

    /// Each known amount times `factor`; unknown stays unknown.
    pub fn scaled(self, factor: f64) -> Details {
        Details(self.0.map(|v| v.map(|v| v * factor)))
    }

    /// Each known amount rounded to 0.001, as stored.
    pub fn rounded(self) -> Details {
        Details(self.0.map(|v| v.map(round3)))
    }

    /// The amounts in `quantity_g` grams of a food given per 100 g.
    pub fn for_quantity(per_100g: Details, quantity_g: f64) -> Details {
        per_100g.scaled(quantity_g / 100.0).rounded()
    }

    /// The sum of two sets of amounts where either knows a key; a key
    /// neither knows stays unknown. (A sum of what is known: a recipe or a
    /// day with one unknown ingredient still shows what the others hold.)
    pub fn plus_known(self, other: Details) -> Details {
        let mut out = self;
        for (sum, add) in out.0.iter_mut().zip(other.0) {
            *sum = match (*sum, add) {
                (None, None) => None,
                (a, b) => Some(a.unwrap_or(0.0) + b.unwrap_or(0.0)),
            };
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round1_keeps_one_decimal() {
        assert_eq!(round1(0.1 + 0.2), 0.3);
        assert_eq!(round1(12.349), 12.3);
        assert_eq!(round1(12.35), 12.4);
        assert_eq!(round1(-400.04), -400.0);
    }

    #[test]
    fn quantity_scales_per_100g_values() {
        let per_100g = Nutrients {
            calories: 165.0,
            protein_g: 31.0,
            fat_g: 3.6,
            carbs_g: 0.0,
        };
        let n = Nutrients::for_quantity(per_100g, 150.0);
        assert_eq!(
            n,
            Nutrients {
                calories: 247.5,
                protein_g: 46.5,
                fat_g: 5.4,
                carbs_g: 0.0
            }
        );
    }

    #[test]
    fn minus_subtracts_each_amount() {
        let a = Nutrients {
            calories: 3000.0,
            protein_g: 150.0,
            fat_g: 70.0,
            carbs_g: 250.0,
        };
        let b = Nutrients {
            calories: 100.0,
            protein_g: 10.0,
            fat_g: 80.0,
            carbs_g: 0.5,
        };
        assert_eq!(
            a.minus(b).rounded(),
            Nutrients {
                calories: 2900.0,
                protein_g: 140.0,
                fat_g: -10.0,
                carbs_g: 249.5
            }
        );
    }
    #[test]
    fn detail_keys_are_the_extras_then_the_micronutrients() {
        assert_eq!(DETAIL_KEYS.len(), 31);
        assert_eq!(DETAIL_KEYS[0], "fibre_g");
        assert_eq!(DETAIL_KEYS[4], "monounsaturated_fat_g");
        assert_eq!(DETAIL_KEYS[30], "water_g");
        assert_eq!(detail_index("sodium_mg"), Some(3));
        assert_eq!(detail_index("vitamin_z_mg"), None);
        assert_eq!(
            (
                unit_of("selenium_ug"),
                unit_of("iron_mg"),
                unit_of("water_g")
            ),
            ("µg", "mg", "g")
        );
    }

    #[test]
    fn details_scale_known_amounts_and_keep_unknown_ones() {
        let mut per_100g = Details::UNKNOWN;
        per_100g.set("vitamin_b12_ug", Some(2.4));
        per_100g.set("thiamin_mg", Some(0.08));
        per_100g.set("not_a_key", Some(1.0));
        let portion = Details::for_quantity(per_100g, 35.0);
        assert_eq!(portion.get("vitamin_b12_ug"), Some(0.84));
        assert_eq!(portion.get("thiamin_mg"), Some(0.028));
        assert_eq!(portion.get("iron_mg"), None);
        assert_eq!(portion.known_micronutrients().count(), 2);
    }

    #[test]
    fn sums_know_what_either_side_knows() {
        let mut a = Details::UNKNOWN;
        a.set("iron_mg", Some(1.5));
        let mut b = Details::UNKNOWN;
        b.set("iron_mg", Some(2.0));
        b.set("calcium_mg", Some(100.0));
        let sum = a.plus_known(b);
        assert_eq!(sum.get("iron_mg"), Some(3.5));
        assert_eq!(sum.get("calcium_mg"), Some(100.0));
        assert_eq!(sum.get("zinc_mg"), None);
    }
}
