//! The detail nutrients as sent (nutrition.md §2): the four extras as
//! top-level fields and the `micronutrients` object, on custom foods (per
//! 100 g) and food entries by hand (per entry).

use super::input::Measure;
use super::{Check, Input};
use crate::domain::nutrients::{Details, EXTRA_KEYS, MICRONUTRIENT_KEYS, unit_of};
use crate::locale::msg;

/// The details as sent; absent fields keep what the base holds, `null`
/// makes an amount unknown.
#[derive(Debug, Default)]
pub struct DetailFields {
    /// `fibre_g`, `sugars_g`, `saturated_fat_g`, `sodium_mg`, in that order.
    pub extras: [Input<f64>; EXTRA_KEYS.len()],
    /// The `micronutrients` object, member by member. Its members merge
    /// into the base: a key left out keeps its amount.
    pub micronutrients: Input<Vec<(String, Input<f64>)>>,
}

/// The largest amount of a key when grams may reach `gram_max`: the same
/// mass in the key's unit.
fn max_of(key: &str, gram_max: f64) -> f64 {
    match unit_of(key) {
        "mg" => gram_max * 1_000.0,
        "µg" => gram_max * 1_000_000.0,
        _ => gram_max,
    }
}

impl DetailFields {
    /// Whether nothing was sent.
    pub fn is_absent(&self) -> bool {
        self.extras.iter().all(Input::is_absent) && self.micronutrients.is_absent()
    }

    /// The amounts sent over `base`, each checked to lie within 0 and
    /// `gram_max` grams (in its unit) and kept to 0.001.
    pub fn read(self, check: &mut Check, base: Details, gram_max: f64) -> Details {
        let mut out = base;
        let mut amount = |check: &mut Check, field: &str, key: &str, input: Input<f64>| {
            if input.is_absent() {
                return;
            }
            let v = check.optional(field, input);
            let v = check.measured(field, v, 0.0..=max_of(key, gram_max), Measure::Detail);
            out.set(key, v);
        };
        for (key, input) in EXTRA_KEYS.into_iter().zip(self.extras) {
            amount(check, key, key, input);
        }
        match self.micronutrients {
            Input::Absent => {}
            // `"micronutrients": null`: none known.
            Input::Null => {
                for key in MICRONUTRIENT_KEYS {
                    out.set(key, None);
                }
            }
            Input::Invalid(message) => check.fail("micronutrients", message),
            Input::Value(members) => {
                for (key, input) in members {
                    let field = format!("micronutrients.{key}");
                    if !MICRONUTRIENT_KEYS.contains(&key.as_str()) {
                        check.fail(&field, msg("nutrient-key-unknown"));
                        continue;
                    }
                    amount(check, &field, &key, input);
                }
            }
        }
        out
    }

    /// Reports each amount sent as not allowed (they are computed).
    pub fn refuse(&self, check: &mut Check) {
        for (key, input) in EXTRA_KEYS.into_iter().zip(&self.extras) {
            if !input.is_absent() {
                check.fail(key, msg("computed-from-catalogue"));
            }
        }
        if !self.micronutrients.is_absent() {
            check.fail("micronutrients", msg("computed-from-catalogue"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(extras: [Input<f64>; 4], micros: Vec<(&str, Input<f64>)>) -> DetailFields {
        DetailFields {
            extras,
            micronutrients: Input::Value(
                micros.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
            ),
        }
    }

    #[test]
    fn sent_members_merge_into_the_base() {
        let mut base = Details::UNKNOWN;
        base.set("iron_mg", Some(2.0));
        base.set("calcium_mg", Some(120.0));
        base.set("fibre_g", Some(3.0));
        let sent = fields(
            [Input::Null, Input::Value(5.0), Input::Absent, Input::Absent],
            vec![
                ("iron_mg", Input::Value(2.5)),
                ("vitamin_c_mg", Input::Value(0.0004)),
                ("calcium_mg", Input::Null),
            ],
        );
        let mut check = Check::new();
        let out = sent.read(&mut check, base, 100.0);
        assert!(check.is_ok());
        assert_eq!(out.get("fibre_g"), None);
        assert_eq!(out.get("sugars_g"), Some(5.0));
        assert_eq!(out.get("iron_mg"), Some(2.5));
        // 0.0004 mg is kept as 0.000 mg: known to be nothing, not unknown.
        assert_eq!(out.get("vitamin_c_mg"), Some(0.0));
        assert_eq!(out.get("calcium_mg"), None);
    }

    #[test]
    fn unknown_keys_negative_and_huge_amounts_are_named() {
        let sent = fields(
            [
                Input::Value(-1.0),
                Input::Absent,
                Input::Absent,
                Input::Absent,
            ],
            vec![
                ("vitamin_z_mg", Input::Value(1.0)),
                ("iron_mg", Input::Value(100_001.0)),
                ("selenium_ug", Input::Value(100_000_000.0)),
            ],
        );
        let mut check = Check::new();
        sent.read(&mut check, Details::UNKNOWN, 100.0);
        let err = check.finish().unwrap_err();
        let text = format!("{err:?}");
        for field in [
            "fibre_g",
            "micronutrients.vitamin_z_mg",
            "micronutrients.iron_mg",
        ] {
            assert!(text.contains(field), "{field} not named in {text}");
        }
        assert!(!text.contains("selenium_ug"), "{text}");
    }

    #[test]
    fn null_object_forgets_every_micronutrient_but_not_the_extras() {
        let mut base = Details::UNKNOWN;
        base.set("zinc_mg", Some(1.0));
        base.set("sodium_mg", Some(10.0));
        let sent = DetailFields {
            micronutrients: Input::Null,
            ..DetailFields::default()
        };
        let mut check = Check::new();
        let out = sent.read(&mut check, base, 100.0);
        assert_eq!(
            (out.get("zinc_mg"), out.get("sodium_mg")),
            (None, Some(10.0))
        );
    }
}
