//! Energy and macronutrient amounts, kept to one decimal place.

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
}
