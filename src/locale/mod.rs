//! The words of the pages and messages in each language, and numbers and
//! dates as each language writes them (everywhere.md §2).
//!
//! The words are Fluent messages in `locales/<language>/<area>.ftl`,
//! compiled into the binary. Fluent (`fluent-bundle`, Project Fluent's own
//! Rust implementation) rather than a loader crate: three languages of a
//! few files embedded with `include_str!` need no loader, and the tests
//! compare the files' keys through the same parser. Numbers are formatted
//! here, not by Fluent: `fluent-bundle` writes numbers the same way in every
//! language, and a grouping and a decimal separator per language is all the
//! pages need.

use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use crate::domain::settings::Language;

pub mod dates;
pub mod numbers;

/// The areas of the resource files, the same in every language.
macro_rules! resource_files {
    ($($area:literal),+ $(,)?) => {
        /// The file names of every language's resources.
        pub const AREAS: &[&str] = &[$($area),+];

        fn sources(language: Language) -> Vec<&'static str> {
            match language {
                Language::En => vec![$(include_str!(concat!("../../locales/en/", $area, ".ftl"))),+],
                Language::Es => vec![$(include_str!(concat!("../../locales/es/", $area, ".ftl"))),+],
                Language::De => vec![$(include_str!(concat!("../../locales/de/", $area, ".ftl"))),+],
            }
        }
    };
}

resource_files!(
    "common",
    "errors",
    "auth",
    "dashboard",
    "diary",
    "goals",
    "history",
    "measurements",
    "settings",
    "offline",
    "trend",
    "nutrients",
    "recipes",
    "imports",
    "shares",
);

/// The resource files of `language` as written, by area (for the tests
/// that compare languages).
pub fn resource_sources(language: Language) -> Vec<(&'static str, &'static str)> {
    AREAS.iter().copied().zip(sources(language)).collect()
}

struct Bundles {
    en: FluentBundle<FluentResource>,
    es: FluentBundle<FluentResource>,
    de: FluentBundle<FluentResource>,
}

fn bundle(language: Language) -> FluentBundle<FluentResource> {
    let tag: unic_langid::LanguageIdentifier = language.as_str().parse().expect("a language tag");
    let mut bundle = FluentBundle::new_concurrent(vec![tag]);
    // The text goes into HTML, where Unicode isolation marks would only be
    // stray invisible characters.
    bundle.set_use_isolating(false);
    for (area, source) in resource_sources(language) {
        let resource = FluentResource::try_new(source.to_owned()).unwrap_or_else(|(_, errors)| {
            panic!("locales/{}/{area}.ftl: {errors:?}", language.as_str())
        });
        bundle.add_resource(resource).unwrap_or_else(|errors| {
            panic!("locales/{}/{area}.ftl: {errors:?}", language.as_str())
        });
    }
    bundle
}

static BUNDLES: LazyLock<Bundles> = LazyLock::new(|| Bundles {
    en: bundle(Language::En),
    es: bundle(Language::Es),
    de: bundle(Language::De),
});

fn bundle_of(language: Language) -> &'static FluentBundle<FluentResource> {
    match language {
        Language::En => &BUNDLES.en,
        Language::Es => &BUNDLES.es,
        Language::De => &BUNDLES.de,
    }
}

/// A value put into a message.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    Text(String),
    /// A number, written as the language writes it (`10,000` / `10.000`),
    /// with as many decimals as it has.
    Number(f64),
    /// A count, for the plural forms of a message.
    Count(i64),
    /// An amount of energy in kcal, body weight in kg, a length in cm: the
    /// pages say them in the reader's unit, the API in these.
    Energy(f64),
    BodyWeight(f64),
    Length(f64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_owned())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}

impl From<f64> for Arg {
    fn from(x: f64) -> Arg {
        Arg::Number(x)
    }
}

impl From<i64> for Arg {
    fn from(n: i64) -> Arg {
        Arg::Count(n)
    }
}

impl From<usize> for Arg {
    fn from(n: usize) -> Arg {
        Arg::Count(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<u64> for Arg {
    fn from(n: u64) -> Arg {
        Arg::Count(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

/// A message to show, not yet in a language: its key in the resource files
/// and its values. The API shows it in English, the pages in the person's
/// language.
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    pub key: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

/// The message `key`, without values.
pub fn msg(key: &'static str) -> Message {
    Message {
        key,
        args: Vec::new(),
    }
}

impl Message {
    /// The message with the value `name` set.
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Message {
        self.args.push((name, value.into()));
        self
    }

    pub fn in_language(&self, language: Language) -> String {
        text(language, self.key, &self.args)
    }

    /// As the JSON API says it.
    pub fn english(&self) -> String {
        self.in_language(Language::En)
    }
}

/// The text of `key` in `language` with `args` put in. A key missing in a
/// language falls back to English, and one missing everywhere shows as
/// itself; the tests make sure neither happens.
pub fn text(language: Language, key: &str, args: &[(&str, Arg)]) -> String {
    let found = [language, Language::En].into_iter().find_map(|l| {
        let bundle = bundle_of(l);
        bundle.get_message(key)?.value().map(|p| (bundle, p))
    });
    let Some((bundle, pattern)) = found else {
        return key.to_owned();
    };
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        let value = match value {
            Arg::Text(s) => FluentValue::from(s.as_str()),
            Arg::Number(x) => FluentValue::from(numbers::shortest(language, *x)),
            Arg::Count(n) => FluentValue::from(*n),
            Arg::Energy(x) => {
                FluentValue::from(format!("{} kcal", numbers::shortest(language, *x)))
            }
            Arg::BodyWeight(x) => {
                FluentValue::from(format!("{} kg", numbers::shortest(language, *x)))
            }
            Arg::Length(x) => FluentValue::from(format!("{} cm", numbers::shortest(language, *x))),
        };
        fluent_args.set(*name, value);
    }
    let mut errors = Vec::new();
    let out = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
    if !errors.is_empty() {
        tracing::warn!(key, ?errors, "a message was formatted with errors");
    }
    out.into_owned()
}

#[cfg(test)]
mod tests;
