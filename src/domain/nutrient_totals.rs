//! A day's detail nutrients (nutrition.md §2): the sum of what its food
//! entries knew of each key, and how many knew it, so a partial total is
//! seen as partial; and their means over a range of days.
//!
//! A key's amount is the sum over the entries that knew it; `None` when the
//! day has entries and none knew it (unknown, not 0). A day without food
//! entries holds 0 of everything.

use super::nutrients::{DETAIL_COUNT, DETAIL_KEYS, Details, round3};

/// One key over one day.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct KeyTotal {
    pub key: &'static str,
    pub amount: Option<f64>,
    /// Of `entries` food entries, how many knew this key.
    pub known_entries: i64,
    pub entries: i64,
}

impl KeyTotal {
    /// Whether some of the day's entries did not know this key.
    pub fn is_partial(&self) -> bool {
        self.known_entries < self.entries
    }
}

/// Every detail key over a day, in the order of [`DETAIL_KEYS`], from the
/// sums and counts of known amounts (as the database aggregates them).
pub fn from_sums(sums: &Details, known: &[i64; DETAIL_COUNT], entries: i64) -> Vec<KeyTotal> {
    DETAIL_KEYS
        .iter()
        .enumerate()
        .map(|(i, &key)| KeyTotal {
            key,
            amount: if entries == 0 {
                Some(0.0)
            } else {
                sums.0[i].filter(|_| known[i] > 0).map(round3)
            },
            known_entries: known[i],
            entries,
        })
        .collect()
}

/// Every detail key over a day, from its entries' details.
pub fn of_entries<'a>(entries: impl IntoIterator<Item = &'a Details>) -> Vec<KeyTotal> {
    let mut sums = Details::UNKNOWN;
    let mut known = [0_i64; DETAIL_COUNT];
    let mut count = 0;
    for details in entries {
        count += 1;
        sums = sums.plus_known(*details);
        for (k, amount) in known.iter_mut().zip(details.0) {
            *k += i64::from(amount.is_some());
        }
    }
    from_sums(&sums, &known, count)
}

/// The mean amount of every key over the days given, each day counting
/// only where its amount is known and it had food entries (a day with
/// nothing logged is not a day of zeros); `None` where no day counts.
pub fn means(days: &[Vec<KeyTotal>]) -> Vec<(&'static str, Option<f64>)> {
    DETAIL_KEYS
        .iter()
        .enumerate()
        .map(|(i, &key)| {
            let known: Vec<f64> = days
                .iter()
                .filter_map(|day| day.get(i))
                .filter(|t| t.entries > 0)
                .filter_map(|t| t.amount)
                .collect();
            let mean =
                (!known.is_empty()).then(|| round3(known.iter().sum::<f64>() / known.len() as f64));
            (key, mean)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn details(pairs: &[(&str, f64)]) -> Details {
        let mut d = Details::UNKNOWN;
        for (k, v) in pairs {
            d.set(k, Some(*v));
        }
        d
    }

    fn key<'a>(totals: &'a [KeyTotal], k: &str) -> &'a KeyTotal {
        totals.iter().find(|t| t.key == k).unwrap()
    }

    #[test]
    fn partial_totals_say_how_many_entries_knew() {
        let day = [
            details(&[("iron_mg", 2.0), ("fibre_g", 3.0)]),
            details(&[("iron_mg", 1.25)]),
            Details::UNKNOWN,
        ];
        let totals = of_entries(&day);
        assert_eq!(totals.len(), 31);
        let iron = key(&totals, "iron_mg");
        assert_eq!(
            (iron.amount, iron.known_entries, iron.entries),
            (Some(3.25), 2, 3)
        );
        assert!(iron.is_partial());
        let fibre = key(&totals, "fibre_g");
        assert_eq!((fibre.amount, fibre.known_entries), (Some(3.0), 1));
        let zinc = key(&totals, "zinc_mg");
        assert_eq!((zinc.amount, zinc.known_entries), (None, 0));
    }

    #[test]
    fn a_day_without_food_holds_zero_of_everything() {
        let totals = of_entries(&[]);
        assert!(
            totals
                .iter()
                .all(|t| t.amount == Some(0.0) && !t.is_partial())
        );
    }

    #[test]
    fn means_count_only_days_that_knew() {
        let days = vec![
            of_entries(&[details(&[("calcium_mg", 300.0)])]),
            of_entries(&[details(&[("calcium_mg", 500.0), ("zinc_mg", 4.0)])]),
            of_entries(&[Details::UNKNOWN]),
            of_entries(&[]),
        ];
        let means = means(&days);
        let mean = |k: &str| means.iter().find(|(key, _)| *key == k).unwrap().1;
        assert_eq!(mean("calcium_mg"), Some(400.0));
        assert_eq!(mean("zinc_mg"), Some(4.0));
        assert_eq!(mean("iron_mg"), None);
    }
}
