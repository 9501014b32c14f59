//! The bundled food catalogue: the USDA National Nutrient Database for Standard
//! Reference, Release 28 (public domain), converted by
//! `cargo run -p xtask -- usda-sr28` into `data/usda-sr28/foods.tsv` (see
//! `data/usda-sr28/README.md` for the source and the format). The SR24 file
//! beside it is no longer bundled: it stays as the upgrade test's fixture.

use std::io::Read;

pub mod tsv;

pub use tsv::{FoodDef, ParseError, parse};

/// The catalogue's release tag, also the `catalogue_release` of its foods.
pub const RELEASE: &str = "usda-sr28";

/// `data/usda-sr28/foods.tsv` deflated by `build.rs`: 0.6 MB in the binary
/// instead of 1.9 MB.
const BUNDLED_DEFLATED: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/usda-sr28-foods.tsv.deflate"));

/// The bundled catalogue, sorted by USDA number.
///
/// Panics if the compiled-in file does not inflate or parse; it is checked
/// by this module's tests, so that would be a build defect.
pub fn bundled() -> Vec<FoodDef> {
    let mut tsv = String::with_capacity(2 << 20);
    flate2::read::DeflateDecoder::new(BUNDLED_DEFLATED)
        .read_to_string(&mut tsv)
        .unwrap_or_else(|e| panic!("data/usda-sr28/foods.tsv (compiled in) does not inflate: {e}"));
    parse(&tsv)
        .unwrap_or_else(|e| panic!("data/usda-sr28/foods.tsv (compiled in) is malformed: {e}"))
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

    /// SR28's details of 01112 "Whey, acid, fluid": SR28 gives no trans
    /// fat and no vitamin D for it.
    fn whey_details() -> crate::domain::nutrients::Details {
        let amounts = [
            Some(0.0),
            Some(5.12),
            Some(0.057),
            Some(48.0),
            Some(0.025),
            Some(0.004),
            None,
            Some(1.0),
            Some(143.0),
            Some(103.0),
            Some(0.08),
            Some(10.0),
            Some(78.0),
            Some(0.43),
            Some(0.003),
            Some(1.8),
            Some(2.0),
            Some(0.1),
            None,
            Some(0.0),
            Some(0.0),
            Some(0.042),
            Some(0.14),
            Some(0.079),
            Some(0.042),
            Some(2.0),
            Some(0.18),
            Some(16.0),
            Some(0.0),
            Some(0.0),
            Some(93.42),
        ];
        crate::domain::nutrients::Details(amounts)
    }

    #[test]
    fn bundled_is_all_of_sr28() {
        assert_eq!(bundled().len(), 8789);
        assert_eq!(RELEASE, "usda-sr28");
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
                details: whey_details(),
                measures: vec![m("1 cup", 246.0), m("1 quart", 984.0)],
            }
        );
        let butter = find(&all, "01001");
        assert_eq!(butter.name, "Butter, salted");
        assert_eq!(
            (butter.kcal, butter.protein_g, butter.fat_g, butter.carbs_g),
            (717.0, 0.85, 81.11, 0.06)
        );
        assert_eq!(butter.details.get("saturated_fat_g"), Some(51.368));
        // SR24 said 714.
        assert_eq!(butter.details.get("sodium_mg"), Some(643.0));
        assert_eq!(butter.details.get("vitamin_a_ug"), Some(684.0));
        assert_eq!(butter.details.get("vitamin_b12_ug"), Some(0.17));
        assert!(
            butter
                .measures
                .contains(&m("1 pat (1\" sq, 1/3\" high)", 5.0))
        );

        let apple = find(&all, "09003");
        assert_eq!(apple.name, "Apples, raw, with skin");
        assert_eq!(
            (apple.kcal, apple.details.get("fibre_g")),
            (52.0, Some(2.4))
        );
        assert_eq!(apple.details.get("vitamin_c_mg"), Some(4.6));
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
        // SR28 gives no sugars, trans fat or vitamin D for wild Atlantic salmon.
        let salmon = find(&all, "15076");
        assert_eq!(salmon.details.get("sugars_g"), None);
        assert_eq!(salmon.details.get("trans_fat_g"), None);
        assert_eq!(salmon.details.get("vitamin_d_ug"), None);
        assert_eq!(salmon.details.get("fibre_g"), Some(0.0));
        let groundcherries = find(&all, "09138");
        for key in [
            "fibre_g",
            "sugars_g",
            "saturated_fat_g",
            "sodium_mg",
            "potassium_mg",
        ] {
            assert_eq!(groundcherries.details.get(key), None, "{key}");
        }
        assert_eq!(groundcherries.details.get("iron_mg"), Some(1.0));
        let no_measures = all.iter().filter(|f| f.measures.is_empty()).count();
        assert_eq!(no_measures, 297);
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
        assert_eq!(find(&all, "09520").name, "Kiwifruit, ZESPRI SunGold, raw",);
        assert!(find(&all, "22996").measures.contains(&m("1 Entrée", 269.0)));
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
            let grams = [
                "fibre_g",
                "sugars_g",
                "saturated_fat_g",
                "water_g",
                "alcohol_g",
            ];
            for g in [f.protein_g, f.fat_g, f.carbs_g]
                .into_iter()
                .chain(grams.iter().filter_map(|k| f.details.get(k)))
            {
                assert!((0.0..=100.0).contains(&g), "{f:?}");
            }
            for (key, amount) in f.details.iter() {
                assert!(
                    amount.is_none_or(|a| a.is_finite() && a >= 0.0),
                    "{key} {f:?}"
                );
            }
            for (label, grams) in &f.measures {
                assert!(*grams > 0.0 && grams.is_finite(), "{f:?}");
                assert!(!label.trim().is_empty(), "{f:?}");
            }
        }
    }
}
