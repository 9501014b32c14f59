//! Ranking catalogue matches against what people type: words in any order,
//! prefixes, plurals and small typos. The database finds candidates (full-text
//! search by word prefix); this decides their order, the same on both backends.

use super::text::{fold, words};

/// How well one typed word matches one word of a name, from 0 to 1.
pub fn word_match(typed: &str, word: &str) -> f64 {
    let exact = exact_match(typed, word);
    if exact > 0.0 {
        exact
    } else {
        fuzzy_match(typed, word)
    }
}

/// The best a fuzzy match (a typo) scores: a word matching exactly or as a
/// prefix scores more, so no typo can improve on it.
const FUZZY_BEST: f64 = 0.7;

/// 1 for the same word (or its plural), 0.85 for a prefix, else 0.
fn exact_match(typed: &str, word: &str) -> f64 {
    if typed == word || singular(typed) == singular(word) {
        1.0
    } else if word.starts_with(typed) {
        0.85
    } else {
        0.0
    }
}

/// A typo's match, at most [`FUZZY_BEST`].
fn fuzzy_match(typed: &str, word: &str) -> f64 {
    let len = typed.chars().count();
    if len < 4 {
        return 0.0;
    }
    let word_len = word.chars().count();
    // Optimal string alignment: substitutions, insertions, deletions and
    // swaps of neighbours each count one.
    if word_len.abs_diff(len) <= 2 {
        match strsim::osa_distance(typed, word) {
            1 => return FUZZY_BEST,
            2 if len >= 7 => return 0.55,
            _ => {}
        }
    }
    // A typo in a word typed only in part: "chik" for "chicken".
    if word_len > len {
        let head = match word.char_indices().nth(len) {
            Some((i, _)) => &word[..i],
            None => word,
        };
        if strsim::osa_distance(typed, head) == 1 {
            return 0.5;
        }
    }
    0.0
}

/// The best [`word_match`] of `typed` among `words`, or `floor` if more:
/// the typo comparisons (the costly part of ranking) only when no word
/// matches exactly or as a prefix.
fn best_match(typed: &str, words: &[&str], floor: f64) -> f64 {
    let exact = words
        .iter()
        .map(|w| exact_match(typed, w))
        .fold(floor, f64::max);
    if exact >= FUZZY_BEST {
        return exact;
    }
    words
        .iter()
        .map(|w| fuzzy_match(typed, w))
        .fold(exact, f64::max)
}

/// English plurals folded to the singular, roughly: berries → berry,
/// peaches → peach, apples → apple.
fn singular(word: &str) -> std::borrow::Cow<'_, str> {
    if let Some(stem) = word.strip_suffix("ies").filter(|s| s.len() >= 2) {
        return format!("{stem}y").into();
    }
    for ending in ["ches", "shes", "sses", "xes", "oes"] {
        if word.ends_with(ending) && word.len() > ending.len() + 1 {
            return word[..word.len() - 2].into();
        }
    }
    match word.strip_suffix('s') {
        Some(stem) if stem.len() >= 2 && !stem.ends_with('s') => stem.into(),
        _ => word.into(),
    }
}

/// The score of a food for the typed words: the mean over typed words of
/// their best match in the name (or, a little less, the brand), plus a bonus
/// for matches in the name's first part — catalogue names lead with the food
/// itself ("Apples, raw" is apples; "Pie, apple" is pie).
pub fn score(typed: &[&str], name: &str, brand: Option<&str>) -> f64 {
    if typed.is_empty() {
        return 0.0;
    }
    let folded_name = fold(name);
    let name_words = words(&folded_name);
    // The first part's words are the first words of the whole name.
    let head_len = words(&fold(name.split(',').next().unwrap_or(name)))
        .len()
        .min(name_words.len());
    let (head, rest) = name_words.split_at(head_len);
    let folded_brand = brand.map(fold).unwrap_or_default();
    let brand_words = words(&folded_brand);
    let mut total = 0.0;
    for t in typed {
        let in_head = best_match(t, head, 0.0);
        let in_name = best_match(t, rest, in_head);
        let in_brand = 0.9 * best_match(t, &brand_words, 0.0);
        total += in_name.max(in_brand) + 0.1 * in_head;
    }
    let mut score = total / typed.len() as f64;
    if score == 0.0 {
        return 0.0;
    }
    // The food itself named first ("Apples, raw" over "Rose-apples, raw").
    if let Some(first) = name_words.first()
        && typed.iter().any(|t| word_match(t, first) > 0.0)
    {
        score += 0.05;
    }
    // Plain ingredients over prepared products when nothing says otherwise:
    // "chicken breast" means the raw meat more often than breaded tenders.
    if name_words.contains(&"raw") {
        score += 0.05;
    }
    score
}

/// What ranking needs to know of a catalogue item.
pub struct Searchable<'a> {
    pub name: &'a str,
    pub brand: Option<&'a str>,
    /// The account's own food: what it most likely looks for.
    pub own: bool,
    /// A branded product (`fdc_branded`): after generic foods that match.
    pub branded: bool,
}

/// Bonus of the account's own foods over shared items of equal match.
const OWN_FOOD_BONUS: f64 = 0.15;
/// What a branded product's score gives up: a plain word ("milk", "apple")
/// means the food itself, so every generic food with the word as a whole
/// word (score at least 1.0) or a prefix of its first word ("Applesauce",
/// 0.985) comes before the product named just that (1.15 − 0.2); a product
/// matching every typed word still beats a generic food matching half.
const BRANDED_PENALTY: f64 = 0.2;

/// The score of an item for the typed words (0 when nothing matches).
fn score_item(typed: &[&str], item: &Searchable<'_>) -> f64 {
    let s = score(typed, item.name, item.brand);
    if s == 0.0 {
        0.0
    } else if item.own {
        s + OWN_FOOD_BONUS
    } else if item.branded {
        // Still above 0: a match is never dropped for being branded.
        (s - BRANDED_PENALTY).max(f64::MIN_POSITIVE)
    } else {
        s
    }
}

/// Items ranked for a query as they are offered (in batches, as a search
/// widens): those that match no word are dropped; the rest come out best
/// first, equals in the order offered.
pub struct Ranking<T> {
    typed: Vec<String>,
    /// (score, name length, item) of every item that matches.
    matches: Vec<(f64, usize, T)>,
}

/// Most distinct words of a query that search uses; the rest are ignored.
/// Each costs ranking work per candidate and a term in the database's
/// query, so a client cannot make one search arbitrarily expensive.
pub const MAX_SEARCH_WORDS: usize = 12;

/// The distinct words of `query`, folded, in the order typed: at most
/// [`MAX_SEARCH_WORDS`].
pub fn search_words(query: &str) -> Vec<String> {
    let folded = fold(query);
    let mut distinct: Vec<String> = Vec::new();
    for w in words(&folded) {
        if distinct.len() == MAX_SEARCH_WORDS {
            break;
        }
        if !distinct.iter().any(|d| d == w) {
            distinct.push(w.to_owned());
        }
    }
    distinct
}

impl<T> Ranking<T> {
    pub fn new(query: &str) -> Ranking<T> {
        Ranking {
            typed: search_words(query),
            matches: Vec::new(),
        }
    }

    /// The words typed, folded.
    pub fn typed(&self) -> &[String] {
        &self.typed
    }

    /// Scores `items`, keeping those that match.
    pub fn offer(
        &mut self,
        items: impl IntoIterator<Item = T>,
        describe: impl Fn(&T) -> Searchable<'_>,
    ) {
        let typed: Vec<&str> = self.typed.iter().map(String::as_str).collect();
        for item in items {
            let d = describe(&item);
            let score = score_item(&typed, &d);
            if score > 0.0 {
                let len = d.name.chars().count();
                self.matches.push((score, len, item));
            }
        }
    }

    /// How many offered items match.
    pub fn len(&self) -> usize {
        self.matches.len()
    }

    pub fn is_empty(&self) -> bool {
        self.matches.is_empty()
    }

    /// The best `limit` matches, best first.
    pub fn best(mut self, limit: usize) -> Vec<T> {
        self.matches
            .sort_by(|a, b| best_first((a.0, a.1), (b.0, b.1)));
        self.matches.truncate(limit);
        self.matches.into_iter().map(|(_, _, item)| item).collect()
    }
}

/// Best score first; among equals, the shorter (plainer) name.
fn best_first(a: (f64, usize), b: (f64, usize)) -> std::cmp::Ordering {
    b.0.total_cmp(&a.0).then(a.1.cmp(&b.1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_most_twelve_distinct_words_are_searched() {
        assert_eq!(search_words("Apple apple APPLE pie"), ["apple", "pie"]);
        let many: Vec<String> = (0..1000).map(|i| format!("w{i}")).collect();
        let used = search_words(&many.join(" "));
        assert_eq!(used.len(), MAX_SEARCH_WORDS);
        assert_eq!(used[0], "w0");
        assert_eq!(used[11], "w11");
        // Repeats do not use up the twelve.
        let repeated = format!("{} b c d e f g h i j k l m", "a ".repeat(50));
        assert_eq!(search_words(&repeated).len(), MAX_SEARCH_WORDS);
        assert_eq!(search_words(&repeated)[11], "l");
    }

    /// Orders `items` best first for `query`, dropping those that match no word.
    pub fn rank<T>(query: &str, items: Vec<T>, describe: impl Fn(&T) -> Searchable<'_>) -> Vec<T> {
        let mut ranking = Ranking::new(query);
        ranking.offer(items, describe);
        ranking.best(usize::MAX)
    }

    fn ranked<'a>(query: &str, names: &[&'a str]) -> Vec<&'a str> {
        rank(query, names.to_vec(), |n| Searchable {
            name: n,
            brand: None,
            own: false,
            branded: false,
        })
    }

    #[test]
    fn the_best_match_is_word_by_word_the_best_word_match() {
        // What `best_match` skips must never have scored more.
        let names = [
            "Apples, raw, with skin",
            "Rose-apples, raw",
            "Chicken, broilers or fryers, breast, meat only, raw",
            "Broccoli raab, cooked",
            "Pie, apple, commercially prepared",
            "Crème fraîche, épaisse",
        ];
        let typed = [
            "apple", "aple", "appel", "chiken", "chik", "breast", "brocoli", "raw", "pie", "creme",
            "epaise", "xyz",
        ];
        for name in names {
            let folded = fold(name);
            let all = words(&folded);
            for t in typed {
                let reference = all.iter().map(|w| word_match(t, w)).fold(0.0, f64::max);
                for split in 0..=all.len() {
                    let (head, rest) = all.split_at(split);
                    let in_head = best_match(t, head, 0.0);
                    let by_head = head.iter().map(|w| word_match(t, w)).fold(0.0, f64::max);
                    assert_eq!(in_head, by_head, "{t} in the head of {name}");
                    assert_eq!(best_match(t, rest, in_head), reference, "{t} in {name}");
                }
            }
        }
    }

    #[test]
    fn words_match_exactly_by_plural_prefix_and_typo() {
        assert_eq!(word_match("apple", "apple"), 1.0);
        assert_eq!(word_match("apple", "apples"), 1.0);
        assert_eq!(word_match("berry", "berries"), 1.0);
        assert_eq!(word_match("peach", "peaches"), 1.0);
        assert_eq!(word_match("chick", "chicken"), 0.85);
        assert_eq!(word_match("chiken", "chicken"), 0.7);
        assert_eq!(word_match("brest", "breast"), 0.7);
        assert_eq!(word_match("brocolli", "broccoli"), 0.55);
        assert_eq!(word_match("chik", "chicken"), 0.5);
        assert_eq!(word_match("rice", "mice"), 0.7);
        assert_eq!(
            word_match("egg", "leg"),
            0.0,
            "short words need to be right"
        );
        assert_eq!(word_match("fish", "beef"), 0.0);
    }

    #[test]
    fn apple_raw_finds_raw_apples_with_skin_first() {
        let names = [
            "Croissants, apple",
            "Apple juice, canned or bottled, unsweetened, without added ascorbic acid",
            "Apples, raw, without skin",
            "Pie, apple, commercially prepared",
            "Apples, raw, with skin",
            "Applesauce, canned, unsweetened",
        ];
        let r = ranked("apple raw", &names);
        assert_eq!(r[0], "Apples, raw, with skin");
        assert_eq!(r[1], "Apples, raw, without skin");
        let r = ranked("raw apple", &names);
        assert_eq!(r[0], "Apples, raw, with skin", "word order does not matter");
    }

    #[test]
    fn typos_still_find_raw_chicken_breast() {
        let names = [
            "Bread, wheat",
            "Chicken, broilers or fryers, breast, meat only, cooked, roasted",
            "Chicken, broilers or fryers, breast, meat only, raw",
            "Beef, brisket, whole, raw",
        ];
        let r = ranked("chiken brest", &names);
        assert_eq!(r[0], "Chicken, broilers or fryers, breast, meat only, raw");
        assert_eq!(r.len(), 2, "bread and brisket are two letters off: dropped");
    }

    #[test]
    fn the_food_named_first_wins_over_compounds() {
        let r = ranked("apple raw", &["Rose-apples, raw", "Apples, raw, with skin"]);
        assert_eq!(r[0], "Apples, raw, with skin");
        let r = ranked(
            "chiken brest",
            &[
                "Chicken breast tenders, uncooked",
                "Chicken breast, oven-roasted, fat-free, sliced",
                "Chicken, broilers or fryers, breast, meat only, raw",
            ],
        );
        assert_eq!(r[0], "Chicken, broilers or fryers, breast, meat only, raw");
    }

    #[test]
    fn accents_and_case_do_not_matter() {
        let r = ranked("EPAISSE", &["Crème Fraîche Épaisse", "Cream cheese"]);
        assert_eq!(r, ["Crème Fraîche Épaisse"]);
    }

    #[test]
    fn brand_matches_count_a_little_less() {
        let items = vec![("Oat drink", Some("Oatly")), ("Oatly oat drink", None)];
        let r = rank("oatly", items, |(n, b)| Searchable {
            name: n,
            brand: *b,
            own: false,
            branded: false,
        });
        assert_eq!(r[0].0, "Oatly oat drink");
        assert_eq!(r.len(), 2);
    }

    #[test]
    fn own_foods_come_before_equal_shared_ones() {
        let items = vec![("Mountain yam, raw", false), ("Mountain Granola", true)];
        let r = rank("mountain", items, |(n, own)| Searchable {
            name: n,
            brand: None,
            own: *own,
            branded: false,
        });
        assert_eq!(r[0].0, "Mountain Granola");
    }

    #[test]
    fn generic_foods_come_before_branded_ones_for_plain_words() {
        let items = vec![
            ("MILK", true),
            ("2% MILK", true),
            ("Milk, whole, 3.25% milkfat, with added vitamin D", false),
            ("Milk, reduced fat, fluid, 2% milkfat", false),
            ("Cheese, cottage, lowfat, 2% milkfat", false),
        ];
        let r = rank("milk", items.clone(), |(n, branded)| Searchable {
            name: n,
            brand: None,
            own: false,
            branded: *branded,
        });
        let names: Vec<&str> = r.iter().map(|(n, _)| *n).collect();
        assert_eq!(
            &names[..2],
            [
                "Milk, reduced fat, fluid, 2% milkfat",
                "Milk, whole, 3.25% milkfat, with added vitamin D"
            ]
        );
        assert_eq!(&names[2..4], ["MILK", "2% MILK"], "{names:?}");
        let items = vec![("OREO COOKIES", true), ("Cookies, oatmeal", false)];
        let r = rank("oreo cookies", items, |(n, branded)| Searchable {
            name: n,
            brand: None,
            own: false,
            branded: *branded,
        });
        assert_eq!(
            r[0].0, "OREO COOKIES",
            "a product matching every word first"
        );
    }

    #[test]
    fn nothing_matching_is_dropped() {
        assert!(ranked("zzzz", &["Apples, raw"]).is_empty());
        assert!(ranked("", &["Apples, raw"]).is_empty());
    }
}
