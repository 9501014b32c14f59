//! Default daily nutrient targets from the US Dietary Reference Intakes
//! (nutrition.md §2, "Targets"): for each nutrient key a `min` (the RDA, or
//! the AI where there is no RDA) and a `max` (the Tolerable Upper Intake
//! Level where one exists and bounds intake from food), by sex and life-stage
//! band. Pure data and lookup; the API and pages use it through [`targets`].
//!
//! What the tables cover: people aged 9 and over, by sex, in the published
//! life-stage bands 9–13, 14–18, 19–30, 31–50, 51–70 and over 70. Pregnancy
//! and lactation, which have DRIs of their own, are not covered (the profile
//! does not record them). Younger ages are given the lowest band here, 9–13,
//! which is an approximation: the published values for children under 9 are
//! lower still.
//!
//! Not every key has a DRI. Monounsaturated, polyunsaturated and trans fat,
//! cholesterol, caffeine, alcohol and sugars have neither an RDA/AI nor a UL
//! (for trans fat and cholesterol the Food and Nutrition Board advises intake
//! "as low as possible while consuming a nutritionally adequate diet"; the
//! linoleic and α-linolenic acid AIs are for two named fatty acids, not for
//! total polyunsaturated fat): their targets are empty. Three keys follow the
//! spec's own rules from the calorie goal: fibre (`min` 14 g per 1000 kcal,
//! the basis of the fibre AI), saturated fat (`max` 10 % of the calories at
//! 9 kcal/g) and sodium (`max` 2300 mg, the 2019 Chronic Disease Risk
//! Reduction Intake).

use super::goals::Sex;
use super::nutrients::{EXTRA_KEYS, MICRONUTRIENT_KEYS, round1};

/// A default target: `min` to reach, `max` not to exceed; `None` where there
/// is none.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Target {
    pub min: Option<f64>,
    pub max: Option<f64>,
}

impl Target {
    /// No target either way.
    pub const NONE: Target = Target {
        min: None,
        max: None,
    };
}

/// A DRI life-stage band (the published bands from 9 years on).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LifeStage {
    Y9To13,
    Y14To18,
    Y19To30,
    Y31To50,
    Y51To70,
    Over70,
}

impl LifeStage {
    pub const ALL: [LifeStage; 6] = [
        LifeStage::Y9To13,
        LifeStage::Y14To18,
        LifeStage::Y19To30,
        LifeStage::Y31To50,
        LifeStage::Y51To70,
        LifeStage::Over70,
    ];

    /// The band of an age in whole years. Ages below 9, which the tables
    /// here do not cover, get the lowest band (9–13).
    pub fn for_age(age_years: u32) -> LifeStage {
        match age_years {
            0..=13 => LifeStage::Y9To13,
            14..=18 => LifeStage::Y14To18,
            19..=30 => LifeStage::Y19To30,
            31..=50 => LifeStage::Y31To50,
            51..=70 => LifeStage::Y51To70,
            _ => LifeStage::Over70,
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// One nutrient's published values, per band in the order of
/// [`LifeStage::ALL`]: 9–13, 14–18, 19–30, 31–50, 51–70, >70.
struct Dri {
    key: &'static str,
    /// RDA, or AI where the nutrient has no RDA.
    female: [f64; 6],
    male: [f64; 6],
    /// The UL, which for every nutrient here is the same for both sexes;
    /// `None` where there is none or where it does not bound food.
    max: Option<[f64; 6]>,
}

/// The DRI values, typed in from the Food and Nutrition Board's summary
/// tables as republished by the National Academies (NCBI Bookshelf
/// NBK545442, Appendix J, 2019/2020; NAP, doi:10.17226/25353):
///
/// - "Dietary Reference Intakes (DRIs): Recommended Dietary Allowances and
///   Adequate Intakes, Vitamins", with the vitamin D values of the 2011
///   report on calcium and vitamin D (doi:10.17226/13050);
/// - "… Recommended Dietary Allowances and Adequate Intakes, Elements", with
///   the potassium and sodium AIs of the 2019 report on sodium and potassium
///   (doi:10.17226/25353) and the calcium values of the 2011 report;
/// - "… Recommended Dietary Allowances and Adequate Intakes, Total Water and
///   Macronutrients" (total water; 2005, doi:10.17226/10925);
/// - "… Tolerable Upper Intake Levels, Vitamins" and "… Tolerable Upper
///   Intake Levels, Elements" (vitamin D and calcium ULs as revised in 2011);
/// - the sodium Chronic Disease Risk Reduction Intake (CDRR) of the 2019
///   report.
///
/// The same values are in the NIH Office of Dietary Supplements' health
/// professional fact sheets (ods.od.nih.gov), one per nutrient.
/// Units are the key's: mg, µg (`_ug`), g; copper is published in µg and is
/// given here in mg, total water in L and here in g (1 L = 1000 g).
const TABLE: [Dri; 22] = [
    Dri {
        // AI (2019). No UL: none was set for potassium from food.
        key: "potassium_mg",
        female: [2300.0, 2300.0, 2600.0, 2600.0, 2600.0, 2600.0],
        male: [2500.0, 3000.0, 3400.0, 3400.0, 3400.0, 3400.0],
        max: None,
    },
    Dri {
        // RDA and UL (2011).
        key: "calcium_mg",
        female: [1300.0, 1300.0, 1000.0, 1000.0, 1200.0, 1200.0],
        male: [1300.0, 1300.0, 1000.0, 1000.0, 1000.0, 1200.0],
        max: Some([3000.0, 3000.0, 2500.0, 2500.0, 2000.0, 2000.0]),
    },
    Dri {
        // RDA and UL.
        key: "iron_mg",
        female: [8.0, 15.0, 18.0, 18.0, 8.0, 8.0],
        male: [8.0, 11.0, 8.0, 8.0, 8.0, 8.0],
        max: Some([40.0, 45.0, 45.0, 45.0, 45.0, 45.0]),
    },
    Dri {
        // RDA. The UL (350 mg from 9 years) is for magnesium from
        // supplements and drugs only, not from food and water: no max.
        key: "magnesium_mg",
        female: [240.0, 360.0, 310.0, 320.0, 320.0, 320.0],
        male: [240.0, 410.0, 400.0, 420.0, 420.0, 420.0],
        max: None,
    },
    Dri {
        // RDA and UL (4 g/d, 3 g/d over 70).
        key: "phosphorus_mg",
        female: [1250.0, 1250.0, 700.0, 700.0, 700.0, 700.0],
        male: [1250.0, 1250.0, 700.0, 700.0, 700.0, 700.0],
        max: Some([4000.0, 4000.0, 4000.0, 4000.0, 4000.0, 3000.0]),
    },
    Dri {
        // RDA and UL.
        key: "zinc_mg",
        female: [8.0, 9.0, 8.0, 8.0, 8.0, 8.0],
        male: [8.0, 11.0, 11.0, 11.0, 11.0, 11.0],
        max: Some([23.0, 34.0, 40.0, 40.0, 40.0, 40.0]),
    },
    Dri {
        // RDA and UL, published in µg (700, 890, 900; 5000, 8000, 10000).
        key: "copper_mg",
        female: [0.7, 0.89, 0.9, 0.9, 0.9, 0.9],
        male: [0.7, 0.89, 0.9, 0.9, 0.9, 0.9],
        max: Some([5.0, 8.0, 10.0, 10.0, 10.0, 10.0]),
    },
    Dri {
        // RDA and UL.
        key: "selenium_ug",
        female: [40.0, 55.0, 55.0, 55.0, 55.0, 55.0],
        male: [40.0, 55.0, 55.0, 55.0, 55.0, 55.0],
        max: Some([280.0, 400.0, 400.0, 400.0, 400.0, 400.0]),
    },
    Dri {
        // RDA in µg RAE. The UL is for preformed vitamin A (retinol), which
        // food does hold (liver), so it is kept as the max; note that the
        // key counts provitamin A carotenoids too, which the UL does not.
        key: "vitamin_a_ug",
        female: [600.0, 700.0, 700.0, 700.0, 700.0, 700.0],
        male: [600.0, 900.0, 900.0, 900.0, 900.0, 900.0],
        max: Some([1700.0, 2800.0, 3000.0, 3000.0, 3000.0, 3000.0]),
    },
    Dri {
        // RDA and UL.
        key: "vitamin_c_mg",
        female: [45.0, 65.0, 75.0, 75.0, 75.0, 75.0],
        male: [45.0, 75.0, 90.0, 90.0, 90.0, 90.0],
        max: Some([1200.0, 1800.0, 2000.0, 2000.0, 2000.0, 2000.0]),
    },
    Dri {
        // RDA and UL (2011): 15 µg (600 IU) to 70, 20 µg (800 IU) over 70;
        // UL 100 µg (4000 IU).
        key: "vitamin_d_ug",
        female: [15.0, 15.0, 15.0, 15.0, 15.0, 20.0],
        male: [15.0, 15.0, 15.0, 15.0, 15.0, 20.0],
        max: Some([100.0, 100.0, 100.0, 100.0, 100.0, 100.0]),
    },
    Dri {
        // RDA in mg α-tocopherol. The UL (600–1000 mg) applies to
        // supplemental α-tocopherol only, not to food: no max.
        key: "vitamin_e_mg",
        female: [11.0, 15.0, 15.0, 15.0, 15.0, 15.0],
        male: [11.0, 15.0, 15.0, 15.0, 15.0, 15.0],
        max: None,
    },
    Dri {
        // AI. No UL was set.
        key: "vitamin_k_ug",
        female: [60.0, 75.0, 90.0, 90.0, 90.0, 90.0],
        male: [60.0, 75.0, 120.0, 120.0, 120.0, 120.0],
        max: None,
    },
    Dri {
        // RDA. No UL was set.
        key: "thiamin_mg",
        female: [0.9, 1.0, 1.1, 1.1, 1.1, 1.1],
        male: [0.9, 1.2, 1.2, 1.2, 1.2, 1.2],
        max: None,
    },
    Dri {
        // RDA. No UL was set.
        key: "riboflavin_mg",
        female: [0.9, 1.0, 1.1, 1.1, 1.1, 1.1],
        male: [0.9, 1.3, 1.3, 1.3, 1.3, 1.3],
        max: None,
    },
    Dri {
        // RDA in mg niacin equivalents. The UL (20–35 mg) applies to
        // synthetic niacin from supplements and fortified food, not to
        // niacin naturally in food: no max.
        key: "niacin_mg",
        female: [12.0, 14.0, 14.0, 14.0, 14.0, 14.0],
        male: [12.0, 16.0, 16.0, 16.0, 16.0, 16.0],
        max: None,
    },
    Dri {
        // RDA and UL.
        key: "vitamin_b6_mg",
        female: [1.0, 1.2, 1.3, 1.3, 1.5, 1.5],
        male: [1.0, 1.3, 1.3, 1.3, 1.7, 1.7],
        max: Some([60.0, 80.0, 100.0, 100.0, 100.0, 100.0]),
    },
    Dri {
        // RDA in µg dietary folate equivalents. The UL (600–1000 µg)
        // applies to synthetic folic acid from supplements and fortified
        // food, not to food folate: no max.
        key: "folate_ug",
        female: [300.0, 400.0, 400.0, 400.0, 400.0, 400.0],
        male: [300.0, 400.0, 400.0, 400.0, 400.0, 400.0],
        max: None,
    },
    Dri {
        // RDA. No UL was set.
        key: "vitamin_b12_ug",
        female: [1.8, 2.4, 2.4, 2.4, 2.4, 2.4],
        male: [1.8, 2.4, 2.4, 2.4, 2.4, 2.4],
        max: None,
    },
    Dri {
        // AI and UL (published in g/d: 2.0, 3.0, 3.5).
        key: "choline_mg",
        female: [375.0, 400.0, 425.0, 425.0, 425.0, 425.0],
        male: [375.0, 550.0, 550.0, 550.0, 550.0, 550.0],
        max: Some([2000.0, 3000.0, 3500.0, 3500.0, 3500.0, 3500.0]),
    },
    Dri {
        // AI of total water (food, beverages and drinking water), published
        // in L/d. No UL was set.
        key: "water_g",
        female: [2100.0, 2300.0, 2700.0, 2700.0, 2700.0, 2700.0],
        male: [2400.0, 3300.0, 3700.0, 3700.0, 3700.0, 3700.0],
        max: None,
    },
    Dri {
        // AI (2019); the max is not a UL (none was set) but the 2019 CDRR,
        // 2300 mg from 14 years, which nutrition.md fixes as sodium's max for
        // everyone (the CDRR published for 9–13 years, 1800 mg, is not used).
        key: "sodium_mg",
        female: [1200.0, 1500.0, 1500.0, 1500.0, 1500.0, 1500.0],
        male: [1200.0, 1500.0, 1500.0, 1500.0, 1500.0, 1500.0],
        max: Some([2300.0, 2300.0, 2300.0, 2300.0, 2300.0, 2300.0]),
    },
];

/// Grams of fibre per 1000 kcal (the basis of the fibre AI; spec §2).
pub const FIBRE_G_PER_1000_KCAL: f64 = 14.0;

/// Saturated fat's share of the calories at most (spec §2).
pub const SATURATED_FAT_MAX_SHARE: f64 = 0.10;

/// kcal per gram of fat.
pub const KCAL_PER_G_FAT: f64 = 9.0;

/// Fibre's `min` for a calorie goal: 14 g per 1000 kcal, to 0.1 g; `None`
/// for a goal that is not a positive number.
pub fn fibre_min_g(calorie_goal_kcal: f64) -> Option<f64> {
    positive(calorie_goal_kcal).map(|kcal| round1(kcal / 1000.0 * FIBRE_G_PER_1000_KCAL))
}

/// Saturated fat's `max` for a calorie goal: 10 % of it at 9 kcal/g, to
/// 0.1 g; `None` for a goal that is not a positive number.
pub fn saturated_fat_max_g(calorie_goal_kcal: f64) -> Option<f64> {
    positive(calorie_goal_kcal).map(|kcal| round1(kcal * SATURATED_FAT_MAX_SHARE / KCAL_PER_G_FAT))
}

fn positive(x: f64) -> Option<f64> {
    (x.is_finite() && x > 0.0).then_some(x)
}

/// The default target of every key of [`EXTRA_KEYS`] then
/// [`MICRONUTRIENT_KEYS`], in that order, each once.
///
/// - `sex` and `age_years` pick the sex and life-stage band. Without a sex,
///   each `min` is the higher of the two sexes' values (and each `max` the
///   lower, though no UL here differs by sex); without an age, the adult
///   band 19–30 is used. So with neither, the targets are the adult values
///   of the higher of the two sexes' RDAs, as the spec says.
/// - An age below 9 is given the 9–13 band (see the module doc).
/// - `calorie_goal_kcal` sets fibre's `min` and saturated fat's `max`; a
///   goal that is not a positive number leaves them `None`.
pub fn targets(
    sex: Option<Sex>,
    age_years: Option<u32>,
    calorie_goal_kcal: f64,
) -> Vec<(&'static str, Target)> {
    let stage = age_years.map_or(LifeStage::Y19To30, LifeStage::for_age);
    EXTRA_KEYS
        .iter()
        .chain(MICRONUTRIENT_KEYS.iter())
        .map(|&key| (key, target_at(key, sex, stage, calorie_goal_kcal)))
        .collect()
}

/// The default target of one key, as [`targets`] gives it; `None` for a
/// key that is not one of [`EXTRA_KEYS`] or [`MICRONUTRIENT_KEYS`].
pub fn target(
    key: &str,
    sex: Option<Sex>,
    age_years: Option<u32>,
    calorie_goal_kcal: f64,
) -> Option<Target> {
    targets(sex, age_years, calorie_goal_kcal)
        .into_iter()
        .find(|(k, _)| *k == key)
        .map(|(_, t)| t)
}

fn target_at(key: &str, sex: Option<Sex>, stage: LifeStage, calorie_goal_kcal: f64) -> Target {
    match key {
        "fibre_g" => Target {
            min: fibre_min_g(calorie_goal_kcal),
            max: None,
        },
        "saturated_fat_g" => Target {
            min: None,
            max: saturated_fat_max_g(calorie_goal_kcal),
        },
        _ => match TABLE.iter().find(|d| d.key == key) {
            Some(dri) => {
                let i = stage.index();
                let min = match sex {
                    Some(Sex::Female) => dri.female[i],
                    Some(Sex::Male) => dri.male[i],
                    None => dri.female[i].max(dri.male[i]),
                };
                Target {
                    min: Some(min),
                    max: dri.max.map(|ul| ul[i]),
                }
            }
            // No DRI: mono/polyunsaturated and trans fat, cholesterol,
            // caffeine, alcohol, sugars.
            None => Target::NONE,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(key: &str, sex: Option<Sex>, age: Option<u32>) -> Target {
        target(key, sex, age, 2000.0).unwrap()
    }

    fn min(key: &str, sex: Sex, age: u32) -> f64 {
        t(key, Some(sex), Some(age)).min.unwrap()
    }

    fn max(key: &str, sex: Sex, age: u32) -> Option<f64> {
        t(key, Some(sex), Some(age)).max
    }

    const F: Sex = Sex::Female;
    const M: Sex = Sex::Male;

    /// One age inside each band, and the bands' edges.
    const AGES: [u32; 16] = [
        0, 5, 9, 13, 14, 18, 19, 30, 31, 50, 51, 70, 71, 85, 100, 130,
    ];

    #[test]
    fn bands_follow_the_published_age_edges() {
        use LifeStage::*;
        let cases = [
            (0, Y9To13),
            (8, Y9To13),
            (9, Y9To13),
            (13, Y9To13),
            (14, Y14To18),
            (18, Y14To18),
            (19, Y19To30),
            (30, Y19To30),
            (31, Y31To50),
            (50, Y31To50),
            (51, Y51To70),
            (70, Y51To70),
            (71, Over70),
            (120, Over70),
        ];
        for (age, stage) in cases {
            assert_eq!(LifeStage::for_age(age), stage, "age {age}");
        }
    }

    #[test]
    fn iron_by_sex_and_band() {
        assert_eq!(min("iron_mg", F, 10), 8.0);
        assert_eq!(min("iron_mg", F, 16), 15.0);
        assert_eq!(min("iron_mg", F, 25), 18.0);
        assert_eq!(min("iron_mg", F, 50), 18.0);
        assert_eq!(min("iron_mg", F, 51), 8.0);
        assert_eq!(min("iron_mg", F, 80), 8.0);
        assert_eq!(min("iron_mg", M, 16), 11.0);
        for age in [19, 40, 60, 75] {
            assert_eq!(min("iron_mg", M, age), 8.0);
        }
        assert_eq!(max("iron_mg", F, 10), Some(40.0));
        assert_eq!(max("iron_mg", M, 14), Some(45.0));
        assert_eq!(max("iron_mg", F, 30), Some(45.0));
    }

    #[test]
    fn calcium_women_1200_from_51_men_from_71() {
        assert_eq!(min("calcium_mg", F, 15), 1300.0);
        assert_eq!(min("calcium_mg", F, 45), 1000.0);
        assert_eq!(min("calcium_mg", F, 51), 1200.0);
        assert_eq!(min("calcium_mg", F, 75), 1200.0);
        assert_eq!(min("calcium_mg", M, 12), 1300.0);
        assert_eq!(min("calcium_mg", M, 19), 1000.0);
        assert_eq!(min("calcium_mg", M, 70), 1000.0);
        assert_eq!(min("calcium_mg", M, 71), 1200.0);
        assert_eq!(max("calcium_mg", M, 16), Some(3000.0));
        assert_eq!(max("calcium_mg", F, 50), Some(2500.0));
        assert_eq!(max("calcium_mg", F, 51), Some(2000.0));
    }

    #[test]
    fn vitamin_d_15_to_70_then_20_ul_100() {
        for sex in Sex::ALL {
            for age in [9, 14, 19, 31, 51, 70] {
                assert_eq!(min("vitamin_d_ug", sex, age), 15.0);
            }
            assert_eq!(min("vitamin_d_ug", sex, 71), 20.0);
            assert_eq!(min("vitamin_d_ug", sex, 90), 20.0);
            assert_eq!(max("vitamin_d_ug", sex, 40), Some(100.0));
        }
    }

    #[test]
    fn zinc_8_for_women_11_for_men() {
        assert_eq!(min("zinc_mg", F, 12), 8.0);
        assert_eq!(min("zinc_mg", M, 12), 8.0);
        assert_eq!(min("zinc_mg", F, 17), 9.0);
        assert_eq!(min("zinc_mg", M, 17), 11.0);
        for age in [19, 35, 60, 80] {
            assert_eq!(min("zinc_mg", F, age), 8.0);
            assert_eq!(min("zinc_mg", M, age), 11.0);
            assert_eq!(max("zinc_mg", F, age), Some(40.0));
        }
        assert_eq!(max("zinc_mg", M, 16), Some(34.0));
    }

    #[test]
    fn sex_differences_in_adults() {
        // (key, female 19–30, male 19–30)
        let cases = [
            ("potassium_mg", 2600.0, 3400.0),
            ("magnesium_mg", 310.0, 400.0),
            ("vitamin_a_ug", 700.0, 900.0),
            ("vitamin_c_mg", 75.0, 90.0),
            ("vitamin_k_ug", 90.0, 120.0),
            ("thiamin_mg", 1.1, 1.2),
            ("riboflavin_mg", 1.1, 1.3),
            ("niacin_mg", 14.0, 16.0),
            ("choline_mg", 425.0, 550.0),
            ("water_g", 2700.0, 3700.0),
        ];
        for (key, f, m) in cases {
            assert_eq!(min(key, F, 25), f, "{key} female");
            assert_eq!(min(key, M, 25), m, "{key} male");
        }
        assert_eq!(min("magnesium_mg", F, 40), 320.0);
        assert_eq!(min("magnesium_mg", M, 40), 420.0);
        assert_eq!(min("vitamin_b6_mg", F, 60), 1.5);
        assert_eq!(min("vitamin_b6_mg", M, 60), 1.7);
        assert_eq!(min("vitamin_b6_mg", F, 30), 1.3);
    }

    #[test]
    fn same_for_both_sexes() {
        for sex in Sex::ALL {
            assert_eq!(min("phosphorus_mg", sex, 15), 1250.0);
            assert_eq!(min("phosphorus_mg", sex, 40), 700.0);
            assert_eq!(max("phosphorus_mg", sex, 70), Some(4000.0));
            assert_eq!(max("phosphorus_mg", sex, 71), Some(3000.0));
            assert_eq!(min("copper_mg", sex, 16), 0.89);
            assert_eq!(min("copper_mg", sex, 40), 0.9);
            assert_eq!(max("copper_mg", sex, 40), Some(10.0));
            assert_eq!(min("selenium_ug", sex, 40), 55.0);
            assert_eq!(max("selenium_ug", sex, 40), Some(400.0));
            assert_eq!(min("vitamin_e_mg", sex, 40), 15.0);
            assert_eq!(min("folate_ug", sex, 40), 400.0);
            assert_eq!(min("vitamin_b12_ug", sex, 40), 2.4);
            assert_eq!(min("vitamin_b12_ug", sex, 10), 1.8);
        }
    }

    #[test]
    fn no_profile_takes_the_higher_adult_rda() {
        let none = |key| t(key, None, None);
        assert_eq!(none("iron_mg").min, Some(18.0));
        assert_eq!(none("zinc_mg").min, Some(11.0));
        assert_eq!(none("vitamin_a_ug").min, Some(900.0));
        assert_eq!(none("potassium_mg").min, Some(3400.0));
        assert_eq!(none("calcium_mg").min, Some(1000.0));
        assert_eq!(none("magnesium_mg").min, Some(400.0));
        assert_eq!(none("choline_mg").min, Some(550.0));
        assert_eq!(none("water_g").min, Some(3700.0));
        assert_eq!(none("vitamin_d_ug").min, Some(15.0));
        assert_eq!(none("iron_mg").max, Some(45.0));
        // The whole list is the 19–30 band, with the higher of the sexes.
        for (key, target) in targets(None, None, 2000.0) {
            let f = target_at(key, Some(F), LifeStage::Y19To30, 2000.0);
            let m = target_at(key, Some(M), LifeStage::Y19To30, 2000.0);
            let higher = match (f.min, m.min) {
                (Some(a), Some(b)) => Some(a.max(b)),
                _ => None,
            };
            assert_eq!(target.min, higher, "{key}");
            assert_eq!(target.max, f.max, "{key}");
        }
    }

    #[test]
    fn sex_without_age_is_the_19_to_30_band() {
        assert_eq!(t("iron_mg", Some(F), None).min, Some(18.0));
        assert_eq!(t("iron_mg", Some(M), None).min, Some(8.0));
        assert_eq!(t("magnesium_mg", Some(M), None).min, Some(400.0));
    }

    #[test]
    fn age_without_sex_is_the_higher_of_the_sexes_in_its_band() {
        assert_eq!(t("iron_mg", None, Some(16)).min, Some(15.0));
        assert_eq!(t("iron_mg", None, Some(60)).min, Some(8.0));
        assert_eq!(t("calcium_mg", None, Some(60)).min, Some(1200.0));
        assert_eq!(t("vitamin_d_ug", None, Some(75)).min, Some(20.0));
    }

    #[test]
    fn ages_below_9_get_the_9_to_13_band() {
        for sex in [None, Some(F), Some(M)] {
            assert_eq!(
                targets(sex, Some(3), 1500.0),
                targets(sex, Some(11), 1500.0)
            );
        }
    }

    #[test]
    fn calorie_based_targets() {
        assert_eq!(fibre_min_g(2000.0), Some(28.0));
        assert_eq!(fibre_min_g(2500.0), Some(35.0));
        assert_eq!(fibre_min_g(1800.0), Some(25.2));
        assert_eq!(saturated_fat_max_g(2000.0), Some(22.2));
        assert_eq!(saturated_fat_max_g(1800.0), Some(20.0));
        assert_eq!(saturated_fat_max_g(2700.0), Some(30.0));
        for bad in [0.0, -100.0, f64::NAN, f64::INFINITY] {
            assert_eq!(fibre_min_g(bad), None);
            assert_eq!(saturated_fat_max_g(bad), None);
        }
        let fibre = t("fibre_g", Some(F), Some(30));
        assert_eq!((fibre.min, fibre.max), (Some(28.0), None));
        let sat = t("saturated_fat_g", None, None);
        assert_eq!((sat.min, sat.max), (None, Some(22.2)));
        let sat = target("saturated_fat_g", None, None, 0.0).unwrap();
        assert_eq!(sat, Target::NONE);
    }

    #[test]
    fn sodium_ai_1500_and_max_2300() {
        for sex in [None, Some(F), Some(M)] {
            for age in [None, Some(14), Some(30), Some(60), Some(90)] {
                let sodium = t("sodium_mg", sex, age);
                assert_eq!(sodium.min, Some(1500.0));
                assert_eq!(sodium.max, Some(2300.0));
            }
        }
        let child = t("sodium_mg", Some(M), Some(10));
        assert_eq!((child.min, child.max), (Some(1200.0), Some(2300.0)));
    }

    #[test]
    fn nutrients_without_a_food_ul_have_no_max() {
        let no_max = [
            "potassium_mg",
            "magnesium_mg",
            "vitamin_e_mg",
            "vitamin_k_ug",
            "thiamin_mg",
            "riboflavin_mg",
            "niacin_mg",
            "folate_ug",
            "vitamin_b12_ug",
            "water_g",
            "fibre_g",
        ];
        for key in no_max {
            for sex in [None, Some(F), Some(M)] {
                for &age in &AGES {
                    let target = t(key, sex, Some(age));
                    assert_eq!(target.max, None, "{key}");
                    assert!(target.min.is_some(), "{key}");
                }
            }
        }
    }

    #[test]
    fn nutrients_without_a_dri_have_no_target() {
        let none = [
            "monounsaturated_fat_g",
            "polyunsaturated_fat_g",
            "trans_fat_g",
            "cholesterol_mg",
            "caffeine_mg",
            "alcohol_g",
            "sugars_g",
        ];
        for key in none {
            assert_eq!(t(key, None, None), Target::NONE, "{key}");
            assert_eq!(t(key, Some(M), Some(40)), Target::NONE, "{key}");
        }
    }

    #[test]
    fn every_key_once_in_order_with_min_at_most_max() {
        let expected: Vec<&str> = EXTRA_KEYS.into_iter().chain(MICRONUTRIENT_KEYS).collect();
        assert_eq!(expected.len(), 31);
        for sex in [None, Some(F), Some(M)] {
            for age in AGES.iter().copied().map(Some).chain([None]) {
                for kcal in [1200.0, 2000.0, 4000.0, 0.0] {
                    let list = targets(sex, age, kcal);
                    let keys: Vec<&str> = list.iter().map(|(k, _)| *k).collect();
                    assert_eq!(keys, expected);
                    for (key, target) in list {
                        for v in [target.min, target.max].into_iter().flatten() {
                            assert!(v.is_finite() && v > 0.0, "{key}");
                        }
                        if let (Some(lo), Some(hi)) = (target.min, target.max) {
                            assert!(lo <= hi, "{key} {sex:?} {age:?}: {lo} > {hi}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn table_covers_exactly_the_keys_with_a_dri() {
        for dri in &TABLE {
            assert!(
                MICRONUTRIENT_KEYS.contains(&dri.key) || EXTRA_KEYS.contains(&dri.key),
                "{}",
                dri.key
            );
            assert_eq!(
                TABLE.iter().filter(|d| d.key == dri.key).count(),
                1,
                "{}",
                dri.key
            );
        }
        let unknown = target("vitamin_z_mg", None, None, 2000.0);
        assert_eq!(unknown, None);
    }
}
