//! Folding text for search: case, accents and punctuation do not matter.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lowercase, without accents, letters and digits only, single spaces:
/// `"Crème Fraîche, 30%"` → `"creme fraiche 30"`.
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        // The common case, without Unicode decomposition (search ranks
        // hundreds of names per query).
        let mut out = String::with_capacity(text.len());
        for word in text
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            if !out.is_empty() {
                out.push(' ');
            }
            out.extend(word.chars().map(|c| c.to_ascii_lowercase()));
        }
        return out;
    }
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.nfkd().filter(|c| !is_combining_mark(*c)) {
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(c.to_lowercase());
        } else {
            pending_space = true;
        }
    }
    out
}

/// The words of folded text.
pub fn words(folded: &str) -> Vec<&str> {
    folded.split(' ').filter(|w| !w.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_accents_and_punctuation() {
        assert_eq!(
            fold("Crème Fraîche, ÉPAISSE 30%"),
            "creme fraiche epaisse 30"
        );
        assert_eq!(fold("  Apples, raw (with skin)  "), "apples raw with skin");
        assert_eq!(fold("Äpfel"), "apfel");
        assert_eq!(fold("---"), "");
    }

    #[test]
    fn words_split_folded_text() {
        assert_eq!(words(&fold("Chicken,  breast")), ["chicken", "breast"]);
        assert!(words("").is_empty());
    }
}
