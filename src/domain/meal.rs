//! The meals a day's food is grouped by, in the order of the day.

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Meal {
    Breakfast,
    Lunch,
    Dinner,
    #[default]
    Snack,
}

impl Meal {
    pub const ALL: [Meal; 4] = [Meal::Breakfast, Meal::Lunch, Meal::Dinner, Meal::Snack];

    pub fn as_str(self) -> &'static str {
        match self {
            Meal::Breakfast => "breakfast",
            Meal::Lunch => "lunch",
            Meal::Dinner => "dinner",
            Meal::Snack => "snack",
        }
    }

    pub fn parse(s: &str) -> Option<Meal> {
        Meal::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_round_trips_and_rejects_unknown() {
        for m in Meal::ALL {
            assert_eq!(Meal::parse(m.as_str()), Some(m));
        }
        assert_eq!(Meal::parse("brunch"), None);
        assert_eq!(Meal::parse("Lunch"), None);
    }

    #[test]
    fn order_follows_the_day() {
        let mut meals = vec![Meal::Snack, Meal::Dinner, Meal::Breakfast, Meal::Lunch];
        meals.sort();
        assert_eq!(meals, Meal::ALL.to_vec());
    }
}
