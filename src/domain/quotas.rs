//! How much one account may hold (hardening.md, "Values and amounts"): a
//! bound on what any one client can make the server store and read back.
//! Each is checked in the same transaction as the insert it bounds, with the
//! account locked, so concurrent requests cannot all pass the check.

/// One limit on what an account may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quota {
    /// The limit's name, as the field of the 422 that refuses past it.
    pub name: &'static str,
    pub limit: i64,
    /// The key of the message that refuses past it ("at most 200 food
    /// entries a day"), given `$limit`.
    pub refusal_key: &'static str,
}

impl Quota {
    /// Whether `present` items plus `added` stay within the limit.
    pub fn allows(self, present: i64, added: i64) -> bool {
        present.saturating_add(added) <= self.limit
    }
}

pub const FOOD_ENTRIES_PER_DAY: Quota = Quota {
    name: "food_entries_per_day",
    limit: 200,
    refusal_key: "quota-food-entries-per-day",
};

pub const ACTIVITY_ENTRIES_PER_DAY: Quota = Quota {
    name: "activity_entries_per_day",
    limit: 100,
    refusal_key: "quota-activity-entries-per-day",
};

/// Water entries of one day: a drink every ten minutes of a waking day is
/// far fewer.
pub const WATER_ENTRIES_PER_DAY: Quota = Quota {
    name: "water_entries_per_day",
    limit: 100,
    refusal_key: "quota-water-entries-per-day",
};

/// Custom foods; recipes, once they exist, count against the same limit
/// (hardening.md: "5,000 custom foods and recipes").
pub const CUSTOM_FOODS: Quota = Quota {
    name: "custom_foods",
    limit: 5000,
    refusal_key: "quota-custom-foods",
};

pub const API_TOKENS: Quota = Quota {
    name: "api_tokens",
    limit: 50,
    refusal_key: "quota-api-tokens",
};

/// Days with body measurements: a record every day for over a century.
pub const MEASUREMENT_DAYS: Quota = Quota {
    name: "measurement_days",
    limit: 40_000,
    refusal_key: "quota-measurement-days",
};

/// Not enforced yet: saved meals do not exist. Check it where they are
/// created, as the others are.
pub const SAVED_MEALS: Quota = Quota {
    name: "saved_meals",
    limit: 1000,
    refusal_key: "quota-saved-meals",
};

/// Not enforced yet: share links do not exist.
pub const SHARE_LINKS: Quota = Quota {
    name: "share_links",
    limit: 50,
    refusal_key: "quota-share-links",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_itself_is_allowed_one_more_is_not() {
        assert!(FOOD_ENTRIES_PER_DAY.allows(199, 1));
        assert!(!FOOD_ENTRIES_PER_DAY.allows(200, 1));
        assert!(FOOD_ENTRIES_PER_DAY.allows(100, 100));
        assert!(!FOOD_ENTRIES_PER_DAY.allows(100, 101));
        assert!(!API_TOKENS.allows(i64::MAX, 1));
    }
}
