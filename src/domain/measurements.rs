//! Body measurements (body.md §4): what a record of one day holds, the
//! ranges, and how a second record of the same day merges into the first.

use std::ops::RangeInclusive;

/// Lengths (waist, hips, …) in cm.
pub const LENGTH_CM: RangeInclusive<f64> = 10.0..=300.0;
/// Body fat in percent of body mass.
pub const BODY_FAT_PCT: RangeInclusive<f64> = 2.0..=75.0;

/// One kind of measurement: its member name and whether it is a length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Waist,
    Hips,
    Chest,
    Neck,
    Thigh,
    Arm,
    BodyFat,
}

impl Kind {
    /// In the order of the API's members, the table's columns and the page.
    pub const ALL: [Kind; 7] = [
        Kind::Waist,
        Kind::Hips,
        Kind::Chest,
        Kind::Neck,
        Kind::Thigh,
        Kind::Arm,
        Kind::BodyFat,
    ];

    /// The member (and column) name.
    pub fn field(self) -> &'static str {
        match self {
            Kind::Waist => "waist_cm",
            Kind::Hips => "hips_cm",
            Kind::Chest => "chest_cm",
            Kind::Neck => "neck_cm",
            Kind::Thigh => "thigh_cm",
            Kind::Arm => "arm_cm",
            Kind::BodyFat => "body_fat_pct",
        }
    }

    pub fn is_length(self) -> bool {
        self != Kind::BodyFat
    }

    pub fn range(self) -> RangeInclusive<f64> {
        if self.is_length() {
            LENGTH_CM
        } else {
            BODY_FAT_PCT
        }
    }

    fn index(self) -> usize {
        Kind::ALL.iter().position(|k| *k == self).unwrap_or(0)
    }
}

/// The values of one day, by [`Kind::ALL`]'s order; `None`: not measured.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Values(pub [Option<f64>; 7]);

impl Values {
    pub fn get(&self, kind: Kind) -> Option<f64> {
        self.0[kind.index()]
    }

    pub fn set(&mut self, kind: Kind, value: Option<f64>) {
        self.0[kind.index()] = value;
    }

    pub fn is_empty(&self) -> bool {
        self.0.iter().all(Option::is_none)
    }
}

/// What a PUT asks of one member: leave it, clear it, or set it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Change {
    Keep,
    Clear,
    Set(f64),
}

/// The day's record after `changes` (by [`Kind::ALL`]'s order) are applied
/// to what it held: members left out keep their value.
pub fn merged(held: Values, changes: [Change; 7]) -> Values {
    let mut out = held;
    for (kind, change) in Kind::ALL.into_iter().zip(changes) {
        match change {
            Change::Keep => {}
            Change::Clear => out.set(kind, None),
            Change::Set(v) => out.set(kind, Some(v)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_record_merges_into_the_first() {
        let mut held = Values::default();
        held.set(Kind::Waist, Some(82.0));
        held.set(Kind::Hips, Some(98.0));
        let mut changes = [Change::Keep; 7];
        changes[0] = Change::Set(81.5);
        changes[1] = Change::Clear;
        changes[6] = Change::Set(21.0);
        let out = merged(held, changes);
        assert_eq!(out.get(Kind::Waist), Some(81.5));
        assert_eq!(out.get(Kind::Hips), None);
        assert_eq!(out.get(Kind::BodyFat), Some(21.0));
        assert_eq!(out.get(Kind::Chest), None);
        assert!(!out.is_empty());
        assert!(merged(out, [Change::Clear; 7]).is_empty());
    }

    #[test]
    fn members_name_their_columns_and_ranges() {
        let fields: Vec<&str> = Kind::ALL.iter().map(|k| k.field()).collect();
        assert_eq!(
            fields,
            [
                "waist_cm",
                "hips_cm",
                "chest_cm",
                "neck_cm",
                "thigh_cm",
                "arm_cm",
                "body_fat_pct"
            ]
        );
        assert!(Kind::Arm.range().contains(&300.0) && !Kind::Arm.range().contains(&9.9));
        assert!(Kind::BodyFat.range().contains(&2.0) && !Kind::BodyFat.range().contains(&75.1));
        assert_eq!(Kind::ALL.iter().filter(|k| k.is_length()).count(), 6);
    }
}
