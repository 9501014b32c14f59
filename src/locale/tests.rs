//! The resource files agree: every language has every message of every
//! other, with the same values put in, and every key the code and the
//! templates ask for exists.

use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
use fluent_syntax::parser;

use super::*;

/// Per message (and `message.attribute`): the variables its text uses.
fn messages(language: Language) -> BTreeMap<String, BTreeSet<String>> {
    let mut out = BTreeMap::new();
    for (area, source) in resource_sources(language) {
        let resource = parser::parse(source).unwrap_or_else(|(_, errors)| {
            panic!("locales/{}/{area}.ftl: {errors:?}", language.as_str())
        });
        for entry in resource.body {
            if let Entry::Message(m) = entry {
                let id = m.id.name.to_owned();
                if let Some(value) = &m.value {
                    let previous = out.insert(id.clone(), variables(value));
                    assert!(
                        previous.is_none(),
                        "{} defined twice in {}",
                        id,
                        language.as_str()
                    );
                }
                for attribute in &m.attributes {
                    out.insert(
                        format!("{id}.{}", attribute.id.name),
                        variables(&attribute.value),
                    );
                }
            }
        }
    }
    out
}

fn variables(pattern: &Pattern<&str>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            collect(expression, &mut found);
        }
    }
    found
}

fn collect(expression: &Expression<&str>, found: &mut BTreeSet<String>) {
    let inline = |e: &InlineExpression<&str>, found: &mut BTreeSet<String>| match e {
        InlineExpression::VariableReference { id } => {
            found.insert(id.name.to_owned());
        }
        InlineExpression::Placeable { expression } => collect(expression, found),
        _ => {}
    };
    match expression {
        Expression::Inline(e) => inline(e, found),
        Expression::Select { selector, variants } => {
            inline(selector, found);
            for v in variants {
                found.extend(variables(&v.value));
            }
        }
    }
}

#[test]
fn every_language_has_every_message_with_the_same_values() {
    let english = messages(Language::En);
    assert!(english.len() > 50, "the English resources are there");
    for language in [Language::Es, Language::De] {
        let other = messages(language);
        let missing: Vec<_> = english.keys().filter(|k| !other.contains_key(*k)).collect();
        let extra: Vec<_> = other.keys().filter(|k| !english.contains_key(*k)).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{}: missing {missing:?}, not in English {extra:?}",
            language.as_str()
        );
        for (key, vars) in &english {
            assert_eq!(
                &other[key],
                vars,
                "{key} puts in other values in {}",
                language.as_str()
            );
        }
    }
}

/// The keys the templates and the code name (`t(` or `msg(` and a quoted key) and
/// the like, read from the sources.
fn keys_used() -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    let mut files = Vec::new();
    for dir in ["templates", "src"] {
        let mut stack = vec![std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(dir)];
        while let Some(path) = stack.pop() {
            if path.is_dir() {
                stack.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            } else if path.extension().is_some_and(|e| e == "rs" || e == "html") {
                files.push(path);
            }
        }
    }
    for file in files {
        let source = std::fs::read_to_string(&file).unwrap();
        for opener in ["t(\"", "t1(\"", "t2(\"", "msg(\""] {
            for (i, _) in source.match_indices(opener) {
                let preceded_by_word = source[..i]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_');
                if preceded_by_word {
                    continue;
                }
                let rest = &source[i + opener.len()..];
                let key: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect();
                if rest[key.len()..].starts_with('"') && !key.is_empty() {
                    used.insert(key);
                }
            }
        }
    }
    used
}

#[test]
fn every_key_the_code_names_exists() {
    let english = messages(Language::En);
    let used = keys_used();
    assert!(used.len() > 20, "keys are found in the sources: {used:?}");
    let missing: Vec<_> = used.iter().filter(|k| !english.contains_key(*k)).collect();
    assert!(
        missing.is_empty(),
        "keys used but not in locales/en: {missing:?}"
    );
}

#[test]
fn values_are_put_in_and_numbers_written_per_language() {
    let m = msg("must-be-between").arg("min", 0.0).arg("max", 10000.0);
    assert_eq!(m.english(), "must be between 0 and 10,000");
    assert!(m.in_language(Language::De).contains("10.000"));
    assert!(m.in_language(Language::Es).contains("10.000"));
    assert_eq!(text(Language::De, "no-such-key", &[]), "no-such-key");
}
