//! Meal names people gave their meals in other trackers, onto our four.
//! "Snacks" → snack, "Morning snack" → snack, "Meal 2 12pm" → snack; the
//! original name is kept in the entry's name when it is not one of ours.

use crate::domain::meal::Meal;

/// The meal a tracker's meal name maps to, and whether the name is one of
/// ours (in any case or plural), so needs no keeping.
pub fn map(name: &str) -> (Meal, bool) {
    let lower = name.trim().to_lowercase();
    let exact = match lower.as_str() {
        "breakfast" => Some(Meal::Breakfast),
        "lunch" => Some(Meal::Lunch),
        "dinner" | "supper" => Some(Meal::Dinner),
        "snack" | "snacks" => Some(Meal::Snack),
        _ => None,
    };
    if let Some(meal) = exact {
        return (meal, lower != "supper");
    }
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let has = |w: &str| words.contains(&w);
    let meal = if has("snack") || has("snacks") {
        Meal::Snack
    } else if has("breakfast") {
        Meal::Breakfast
    } else if has("lunch") {
        Meal::Lunch
    } else if has("dinner") || has("supper") {
        Meal::Dinner
    } else {
        Meal::Snack
    };
    (meal, false)
}

/// The entry's name for food `food` eaten in the tracker's meal
/// `meal_name`: the food's name, prefixed by the meal's when that is not
/// one of ours ("Post-Workout: Banana"), so that the name is never lost.
pub fn entry_name(meal_name: &str, food: &str) -> String {
    let (_, ours) = map(meal_name);
    let meal_name = meal_name.trim();
    if ours || meal_name.is_empty() {
        food.trim().to_owned()
    } else {
        format!("{meal_name}: {}", food.trim())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renamed_meals_map_by_name_or_to_snack() {
        assert_eq!(map("Breakfast"), (Meal::Breakfast, true));
        assert_eq!(map("Snacks"), (Meal::Snack, true));
        assert_eq!(map("Morning Snack"), (Meal::Snack, false));
        assert_eq!(map("Late lunch"), (Meal::Lunch, false));
        assert_eq!(map("Supper"), (Meal::Dinner, false));
        assert_eq!(map("Meal 2 12pm"), (Meal::Snack, false));
        assert_eq!(map("Post-Workout"), (Meal::Snack, false));
        assert_eq!(map("Staples"), (Meal::Snack, false));
    }

    #[test]
    fn the_original_meal_name_stays_in_the_entry_name() {
        assert_eq!(entry_name("Post-Workout", "Banana"), "Post-Workout: Banana");
        assert_eq!(entry_name("Lunch", "Soup"), "Soup");
        assert_eq!(entry_name("Snacks", "Nuts"), "Nuts");
    }
}
