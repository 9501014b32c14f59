//! The keys that make imports idempotent (data.md §1): a row's key is
//! derived from the format, the row's fingerprint and its occurrence number
//! among the file's rows identical to it, so the same file imported again
//! yields the same keys, a later export that overlaps yields the same keys
//! for the rows they share, and two equal coffees stay two entries.

use std::collections::HashMap;

use sha2::{Digest, Sha256};

use super::{Format, ParsedRow};

/// A row's occurrence number (1 for the first of its identical rows) and
/// key, in the order of `rows`.
pub fn keyed(format: Format, rows: &[ParsedRow]) -> Vec<(u32, String)> {
    let mut seen: HashMap<(&'static str, &str), u32> = HashMap::new();
    rows.iter()
        .map(|row| {
            let kind = kind_of(row);
            let n = seen.entry((kind, row.fingerprint.as_str())).or_insert(0);
            *n += 1;
            (*n, key(format, kind, &row.fingerprint, *n))
        })
        .collect()
}

fn kind_of(row: &ParsedRow) -> &'static str {
    match &row.data {
        super::RowData::Food(_) => "food",
        super::RowData::Activity(_) => "activity",
        super::RowData::Weight(_) => "weight",
        // A day's several kinds may come from one record (one fingerprint).
        super::RowData::Measurement(m) => m.kind.field(),
        super::RowData::Water(_) => "water",
    }
}

/// `format:` and the hex SHA-256 of the kind, fingerprint and occurrence.
pub fn key(format: Format, kind: &str, fingerprint: &str, occurrence: u32) -> String {
    let mut hash = Sha256::new();
    hash.update(kind.as_bytes());
    hash.update([0x1f]);
    hash.update(fingerprint.as_bytes());
    hash.update([0x1f]);
    hash.update(occurrence.to_be_bytes());
    let digest = hash.finalize();
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!("{}:{hex}", format.as_str())
}

/// A CSV record's cells as a fingerprint: trimmed, joined by the unit
/// separator (which no cell holds after trimming control characters).
pub fn fingerprint<'a>(cells: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for (i, cell) in cells.into_iter().enumerate() {
        if i > 0 {
            out.push('\u{1f}');
        }
        out.push_str(cell.trim().trim_matches('\u{1f}'));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::{ParsedRow, RowData, WaterRow};
    use super::*;

    fn water(line: u64, fp: &str) -> ParsedRow {
        ParsedRow {
            line,
            fingerprint: fp.to_owned(),
            data: RowData::Water(WaterRow {
                date: chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
                ml: 250.0,
            }),
        }
    }

    #[test]
    fn identical_rows_get_distinct_keys_that_repeat_across_imports() {
        let rows = [water(2, "a"), water(3, "a"), water(4, "b")];
        let first = keyed(Format::Mfp, &rows);
        assert_eq!(first.iter().map(|k| k.0).collect::<Vec<_>>(), [1, 2, 1]);
        assert_ne!(first[0].1, first[1].1);
        assert_eq!(first, keyed(Format::Mfp, &rows));
        // A later export holding one more row keeps the keys of the rows both hold.
        let later = [water(2, "a"), water(3, "a"), water(4, "b"), water(5, "a")];
        assert_eq!(&keyed(Format::Mfp, &later)[..3], &first[..]);
        assert_ne!(keyed(Format::Cronometer, &rows)[0].1, first[0].1);
    }

    #[test]
    fn fingerprints_trim_cells() {
        assert_eq!(fingerprint([" a ", "b"]), "a\u{1f}b");
    }
}
