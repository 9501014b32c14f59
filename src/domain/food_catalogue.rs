//! The bundled food catalogue: the USDA National Nutrient Database for Standard
//! Reference, Release 24 (public domain), converted by
//! `cargo run -p xtask -- usda-sr24` into `data/usda-sr24/foods.tsv` (see
//! `data/usda-sr24/README.md` for the source and the format).

pub mod tsv;

pub use tsv::{FoodDef, ParseError, parse};

/// The catalogue's release tag.
pub const RELEASE: &str = "usda-sr24";

/// The catalogue file, compiled into the binary.
const BUNDLED_TSV: &str = include_str!("../../data/usda-sr24/foods.tsv");

/// The bundled catalogue, sorted by USDA number.
///
/// Panics if `data/usda-sr24/foods.tsv` does not parse; the file is compiled in
/// and checked by this module's tests, so that would be a build defect.
pub fn bundled() -> Vec<FoodDef> {
    parse(BUNDLED_TSV)
        .unwrap_or_else(|e| panic!("data/usda-sr24/foods.tsv (compiled in) is malformed: {e}"))
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    fn find(all: &[FoodDef], id: &str) -> FoodDef {
        all.iter()
            .find(|f| f.usda_id == id)
            .unwrap_or_else(|| panic!("food {id} missing"))
            .clone()
    }

    fn m(label: &str, grams: f64) -> (String, f64) {
        (label.to_owned(), grams)
    }

    #[test]
    fn bundled_has_at_least_7000_foods() {
        let n = bundled().len();
        assert!(n >= 7000, "only {n} foods");
        assert_eq!(RELEASE, "usda-sr24");
    }

    #[test]
    fn known_foods_have_their_usda_values() {
        let all = bundled();
        assert_eq!(
            find(&all, "01112"),
            FoodDef {
                usda_id: "01112".into(),
                name: "Whey, acid, fluid".into(),
                kcal: 24.0,
                protein_g: 0.76,
                fat_g: 0.09,
                carbs_g: 5.12,
                fibre_g: Some(0.0),
                sugars_g: Some(5.12),
                saturated_fat_g: Some(0.057),
                sodium_mg: Some(48.0),
                measures: vec![m("1 cup", 246.0), m("1 quart", 984.0)],
            }
        );
        let butter = find(&all, "01001");
        assert_eq!(butter.name, "Butter, salted");
        assert_eq!(
            (butter.kcal, butter.protein_g, butter.fat_g, butter.carbs_g),
            (717.0, 0.85, 81.11, 0.06)
        );
        assert_eq!(butter.saturated_fat_g, Some(51.368));
        assert_eq!(butter.sodium_mg, Some(714.0));
        assert!(
            butter
                .measures
                .contains(&m("1 pat (1\" sq, 1/3\" high)", 5.0))
        );

        let apple = find(&all, "09003");
        assert_eq!(apple.name, "Apples, raw, with skin");
        assert_eq!((apple.kcal, apple.fibre_g), (52.0, Some(2.4)));
        assert!(apple.measures.contains(&m("1 medium (3\" dia)", 182.0)));

        let broccoli = find(&all, "11090");
        assert!(
            broccoli
                .measures
                .contains(&m("0.5 cup, chopped or diced", 44.0))
        );
    }

    #[test]
    fn unknown_values_stay_unknown() {
        let all = bundled();
        // SR24 gives no sugars for wild Atlantic salmon.
        let salmon = find(&all, "15076");
        assert_eq!(salmon.sugars_g, None);
        assert_eq!(salmon.fibre_g, Some(0.0));
        let groundcherries = find(&all, "09138");
        assert_eq!(
            (
                groundcherries.fibre_g,
                groundcherries.sugars_g,
                groundcherries.saturated_fat_g,
                groundcherries.sodium_mg
            ),
            (None, None, None, None)
        );
        assert!(find(&all, "01171").measures.is_empty());
    }

    #[test]
    fn escaped_and_decoded_text_reads_back() {
        let all = bundled();
        let milky_way = find(&all, "19135");
        assert!(
            milky_way
                .measures
                .contains(&m("1 piece miniature 5 pieces = serving", 8.2))
        );
        assert_eq!(
            find(&all, "01197").name,
            "KRAFT BREYERS Smooth & Creamy Lowfat Strawberry Yogurt (1% Milkfat)"
        );
    }

    #[test]
    fn ids_are_unique_sorted_five_digit_strings() {
        let all = bundled();
        let mut seen = HashSet::new();
        for f in &all {
            assert!(seen.insert(f.usda_id.as_str()), "duplicate {}", f.usda_id);
        }
        assert!(all.windows(2).all(|w| w[0].usda_id < w[1].usda_id));
    }

    #[test]
    fn every_value_is_plausible() {
        for f in bundled() {
            assert_eq!(f.name, f.name.trim(), "{f:?}");
            assert!(!f.name.is_empty(), "{f:?}");
            assert!(f.kcal <= 902.0, "{f:?}");
            for g in [f.protein_g, f.fat_g, f.carbs_g]
                .into_iter()
                .chain(f.fibre_g)
                .chain(f.sugars_g)
                .chain(f.saturated_fat_g)
            {
                assert!((0.0..=100.0).contains(&g), "{f:?}");
            }
            for (label, grams) in &f.measures {
                assert!(*grams > 0.0 && grams.is_finite(), "{f:?}");
                assert!(!label.trim().is_empty(), "{f:?}");
            }
        }
    }
}
