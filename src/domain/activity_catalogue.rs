//! The bundled activity catalogue: common activities with their codes and MET
//! values from the 2011 Compendium of Physical Activities
//! (see `data/activities.md`).

/// The catalogue file, compiled into the binary.
const BUNDLED_CSV: &str = include_str!("../../data/activities.csv");

/// One activity of the catalogue.
#[derive(Clone, Debug, PartialEq)]
pub struct ActivityDef {
    /// Five-digit Compendium code, leading zeros kept (e.g. "01010").
    pub code: String,
    pub name: String,
    /// Metabolic equivalent, kcal per kg per hour.
    pub met: f64,
}

/// The bundled catalogue, in file order.
///
/// Panics if `data/activities.csv` does not parse; the file is compiled in and
/// checked by this module's tests, so that would be a build defect.
pub fn bundled() -> Vec<ActivityDef> {
    parse(BUNDLED_CSV)
        .unwrap_or_else(|e| panic!("data/activities.csv (compiled in) is malformed: {e}"))
}

/// Parses `code,name,met` CSV with a header row.
fn parse(text: &str) -> Result<Vec<ActivityDef>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut defs = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| e.to_string())?;
        let row = i + 2;
        let (Some(code), Some(name), Some(met), None) =
            (record.get(0), record.get(1), record.get(2), record.get(3))
        else {
            return Err(format!("line {row}: expected code,name,met"));
        };
        let met = met
            .parse::<f64>()
            .map_err(|_| format!("line {row}: met `{met}` is not a number"))?;
        defs.push(ActivityDef {
            code: code.to_owned(),
            name: name.to_owned(),
            met,
        });
    }
    Ok(defs)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    fn find(code: &str) -> ActivityDef {
        bundled()
            .into_iter()
            .find(|a| a.code == code)
            .unwrap_or_else(|| panic!("code {code} missing"))
    }

    #[test]
    fn bundled_has_at_least_150_rows() {
        let n = bundled().len();
        assert!(n >= 150, "only {n} activities");
    }

    /// body.md §5: walking, running, cycling, swimming, gym and strength,
    /// team and racket sports, dance, yoga, household and occupational work,
    /// each by its Compendium heading (the code's first two digits).
    #[test]
    fn every_kind_of_activity_is_covered() {
        let all = bundled();
        let count = |pred: &dyn Fn(&ActivityDef) -> bool| all.iter().filter(|a| pred(a)).count();
        let heading = |h: &'static str| move |a: &ActivityDef| a.code.starts_with(h);
        let named = |w: &'static str| move |a: &ActivityDef| a.name.to_lowercase().contains(w);
        for (kind, n) in [
            ("walking (17)", count(&heading("17"))),
            ("running (12)", count(&heading("12"))),
            ("cycling (01)", count(&heading("01"))),
            ("conditioning (02)", count(&heading("02"))),
            ("dance (03)", count(&heading("03"))),
            ("household (05)", count(&heading("05"))),
            ("occupation (11)", count(&heading("11"))),
            ("sports (15)", count(&heading("15"))),
            ("water (18)", count(&heading("18"))),
            ("swimming", count(&named("swimming"))),
            ("weight training", count(&named("weight training"))),
            ("yoga", count(&named("yoga"))),
        ] {
            assert!(n >= 3, "{kind}: only {n}");
        }
        for sport in [
            "basketball",
            "soccer",
            "volleyball",
            "tennis",
            "badminton",
            "squash",
        ] {
            assert!(count(&named(sport)) >= 1, "no {sport}");
        }
    }

    #[test]
    fn codes_are_unique_five_digit_strings() {
        let all = bundled();
        let mut seen = HashSet::new();
        for a in &all {
            assert_eq!(a.code.len(), 5, "{a:?}");
            assert!(a.code.bytes().all(|b| b.is_ascii_digit()), "{a:?}");
            assert!(seen.insert(a.code.clone()), "duplicate code {}", a.code);
        }
    }

    #[test]
    fn names_are_unique_and_non_empty() {
        let mut seen = HashSet::new();
        for a in bundled() {
            assert!(!a.name.trim().is_empty(), "{a:?}");
            assert_eq!(a.name, a.name.trim(), "{a:?}");
            assert!(
                seen.insert(a.name.to_lowercase()),
                "duplicate name {}",
                a.name
            );
        }
    }

    #[test]
    fn mets_are_plausible() {
        for a in bundled() {
            assert!(a.met.is_finite(), "{a:?}");
            assert!((1.0..=25.0).contains(&a.met), "{a:?}");
            // The Compendium publishes METs to one decimal.
            assert_eq!((a.met * 10.0).round() / 10.0, a.met, "{a:?}");
        }
    }

    #[test]
    fn known_rows_have_their_compendium_mets() {
        // Leading zero kept: code read as text.
        let cycling = find("01010");
        assert_eq!(cycling.met, 4.0);
        assert!(cycling.name.starts_with("Cycling"), "{cycling:?}");
        assert_eq!(find("17200").met, 4.3); // walking 3.5 mph, brisk
        assert_eq!(find("12050").met, 9.8); // running 6 mph
        assert_eq!(find("18230").met, 9.8); // swimming laps, freestyle, fast
        assert_eq!(find("02150").met, 2.5); // yoga, Hatha
        assert_eq!(find("02050").met, 6.0); // weight training, vigorous
        assert_eq!(find("15675").met, 7.3); // tennis, general
        // Rows added from the 2011 tables (data/activities.md), including
        // ones whose 2000 value differs, so that an older edition shows.
        assert_eq!(find("01060").met, 15.8); // cycling > 20 mph (2000: 16.0)
        assert_eq!(find("02013").met, 8.8); // stationary, 101-160 W (2000: 7.0)
        assert_eq!(find("12120").met, 14.5); // running 10 mph (2000: 16.0)
        assert_eq!(find("15100").met, 12.8); // boxing, in ring (2000: 12.0)
        assert_eq!(find("18270").met, 13.8); // butterfly (2000: 11.0)
        assert_eq!(find("05043").met, 3.3); // vacuuming (2000: 3.5)
        assert_eq!(find("11580").met, 1.5); // sitting tasks, office work
        assert_eq!(find("03038").met, 11.3); // ballroom, competitive
        assert_eq!(find("19100").met, 12.5); // cross-country 5-7.9 mph (2000: 9.0)
    }

    #[test]
    fn names_with_commas_are_read_whole() {
        let a = find("02071");
        assert_eq!(a.name, "Rowing machine, moderate effort");
        assert_eq!(a.met, 4.8);
    }

    #[test]
    fn parse_reports_malformed_rows() {
        assert!(parse("code,name,met\n01010,Cycling,fast\n").is_err());
        assert!(parse("code,name,met\n01010,Cycling\n").is_err());
        let ok = parse("code,name,met\n 01010 , Cycling , 4.0 \n").unwrap();
        assert_eq!(
            ok,
            vec![ActivityDef {
                code: "01010".into(),
                name: "Cycling".into(),
                met: 4.0
            }]
        );
    }
}
