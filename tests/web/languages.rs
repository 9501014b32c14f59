//! Every page in Spanish and German (everywhere.md §2): the same pages with
//! the same data are read in English, Spanish and German; any text the
//! Spanish or German page shows exactly as the English one does is an
//! English string left untranslated — unless it is data, not words of the
//! app: inside an element marked `translate="no"` (the HTML attribute for
//! text not to be translated: the person's entries, the catalogue's names,
//! language names), numbers and units, or words the languages share.

use std::collections::BTreeSet;

use reqwest::StatusCode;
use scraper::{Html, Node};

use super::{TestApp, client, csrf_of, page, post_form, sign_up};

/// Words the languages write alike, and units.
const SAME_IN_EVERY_LANGUAGE: &[&str] = &[
    "NutriNube",
    "API",
    "kcal",
    "kJ",
    "kg",
    "lb",
    "cm",
    "in",
    "g",
    "MET",
    "CSV",
    "JSON",
    "UTC",
    "Europe/Madrid",
    "min",
    "ml",
];

/// Words one language writes as English does.
fn same_as_english(language: &str) -> &'static [&'static str] {
    match language {
        "es" => &["Error"],
        "de" => &[
            "Snacks", "Name", "Start", "Status", "Tokens", "Export", "Login",
        ],
        _ => &[],
    }
}

/// Visible text and the attributes people read (titles, labels,
/// placeholders, alternative text), one string each, white space folded.
fn texts(html: &str) -> BTreeSet<String> {
    let doc = Html::parse_document(html);
    let mut out = BTreeSet::new();
    let mut add = |s: &str| {
        let folded = s.split_whitespace().collect::<Vec<_>>().join(" ");
        if !folded.is_empty() {
            out.insert(folded);
        }
    };
    for node in doc.tree.nodes() {
        match node.value() {
            Node::Text(t) => {
                let not_words = node.ancestors().any(|a| {
                    a.value().as_element().is_some_and(|e| {
                        matches!(e.name(), "script" | "style" | "code" | "option" | "title")
                            || e.attr("translate") == Some("no")
                    })
                });
                if !not_words {
                    add(t);
                }
            }
            Node::Element(e) if e.attr("translate") == Some("no") => {}
            Node::Element(e) => {
                for attribute in ["title", "aria-label", "placeholder", "alt"] {
                    if let Some(v) = e.attr(attribute) {
                        add(v);
                    }
                }
                if e.name() == "option" || e.name() == "title" {
                    // Text of options and the title, read as a whole.
                    let text: String = node
                        .descendants()
                        .filter_map(|d| d.value().as_text().map(|t| t.to_string()))
                        .collect();
                    add(&text);
                }
            }
            _ => {}
        }
    }
    out
}

/// Whether `s` still says something once numbers, units, punctuation and
/// the shared words are taken out.
pub fn has_words(language: &str, s: &str) -> bool {
    let shared = |token: &str| {
        SAME_IN_EVERY_LANGUAGE.contains(&token) || same_as_english(language).contains(&token)
    };
    let rest = s
        .split(|c: char| !c.is_alphanumeric() && c != '/')
        .filter(|token| !shared(token))
        .collect::<Vec<_>>()
        .join(" ");
    rest.split(|c: char| !c.is_alphabetic())
        .any(|word| word.chars().count() >= 2)
}

fn lang_of(html: &str) -> String {
    let doc = Html::parse_document(html);
    let selector = scraper::Selector::parse("html").unwrap();
    doc.select(&selector)
        .next()
        .and_then(|e| e.value().attr("lang"))
        .unwrap_or_default()
        .to_owned()
}

async fn set_language(app: &TestApp, c: &reqwest::Client, language: &str) {
    let token = csrf_of(&page(c, &app.url("/settings")).await);
    let r = post_form(
        c,
        app.url("/settings/preferences"),
        &[
            ("csrf", token.as_str()),
            ("time_zone", "Europe/Madrid"),
            ("language", language),
            ("energy_unit", "kcal"),
            ("weight_unit", "kg"),
            ("length_unit", "cm"),
        ],
    )
    .await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "language {language} saved"
    );
}

/// Each page as (name, how to get it): a GET, or a form posted with bad
/// values (a page of validation messages).
enum Visit {
    Get(String),
    Refused(&'static str, Vec<(&'static str, &'static str)>),
}

async fn visit(app: &TestApp, c: &reqwest::Client, visit: &Visit) -> String {
    match visit {
        Visit::Get(path) => {
            let r = c
                .get(app.url(path))
                .header("accept", "text/html")
                .send()
                .await
                .unwrap();
            r.text().await.unwrap()
        }
        Visit::Refused(path, fields) => {
            let token = csrf_of(&page(c, &app.url("/diary")).await);
            let mut form = vec![("csrf", token.as_str())];
            form.extend(fields.iter().copied());
            let r = post_form(c, app.url(path), &form).await;
            assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{path}");
            r.text().await.unwrap()
        }
    }
}

#[tokio::test]
async fn every_page_is_translated_into_spanish_and_german() {
    let app = TestApp::spawn().await;
    let c = client();
    let token = sign_up(&app, &c, "polyglot").await;
    set_language(&app, &c, "en").await;
    let today = chrono::Utc::now().date_naive();
    let date = today.to_string();
    // A day with something of everything.
    for (path, fields) in [
        (
            "/diary/food",
            vec![
                ("date", date.as_str()),
                ("meal", "lunch"),
                ("name", "Polyglot soup"),
                ("calories", "1234.5"),
                ("protein_g", "12"),
                ("fat_g", "3"),
                ("carbs_g", "30"),
            ],
        ),
        // A quick add: its default name is the app's words, translated.
        (
            "/diary/food",
            vec![
                ("date", date.as_str()),
                ("meal", "snack"),
                ("calories", "50"),
            ],
        ),
        (
            "/diary/activity",
            vec![
                ("date", date.as_str()),
                ("name", "Evening swim"),
                ("duration_min", "45"),
                ("kcal_burned", "300"),
            ],
        ),
        (
            "/measurements",
            vec![
                ("date", date.as_str()),
                ("waist_cm", "81.5"),
                ("body_fat_pct", "22"),
            ],
        ),
        (
            "/settings/tokens",
            vec![("name", "laptop"), ("password", "correct horse")],
        ),
        (
            "/settings/profile",
            vec![
                ("sex", "female"),
                ("birth_date", "1990-04-15"),
                ("height_cm", "165"),
                ("weight_kg", "61.5"),
                ("activity_level", "moderate"),
            ],
        ),
    ] {
        let mut form = vec![("csrf", token.as_str())];
        form.extend(fields);
        let r = post_form(&c, app.url(path), &form).await;
        assert!(
            r.status().is_success() || r.status().is_redirection(),
            "{path}: {}",
            r.status()
        );
    }
    let food_id = {
        let v: serde_json::Value = c
            .get(app.url(&format!("/api/v1/food-entries?date={date}")))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        v["items"][0]["id"].as_i64().unwrap()
    };
    let activity_id = {
        let v: serde_json::Value = c
            .get(app.url(&format!("/api/v1/activity-entries?date={date}")))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        v["items"][0]["id"].as_i64().unwrap()
    };
    let visits = [
        Visit::Get("/".into()),
        Visit::Get("/diary".into()),
        Visit::Get("/diary?q=apple&aq=run".into()),
        Visit::Get(format!("/diary/food/{food_id}")),
        Visit::Get(format!("/diary/activity/{activity_id}")),
        Visit::Get("/history".into()),
        Visit::Get("/history?days=30".into()),
        Visit::Get("/measurements".into()),
        Visit::Get("/goals".into()),
        Visit::Get("/settings".into()),
        Visit::Get("/no-such-page".into()),
        Visit::Refused(
            "/diary/food",
            vec![
                ("meal", "lunch"),
                ("name", ""),
                ("calories", "x"),
                ("protein_g", "-1"),
            ],
        ),
        Visit::Refused(
            "/diary/activity",
            vec![("name", "Evening swim"), ("duration_min", "0")],
        ),
        Visit::Refused(
            "/measurements",
            vec![
                ("date", "2026-01-01"),
                ("waist_cm", "5"),
                ("body_fat_pct", "x"),
            ],
        ),
        // The copy of a meal: into itself, and of a meal with nothing.
        Visit::Refused("/diary/copy", vec![("meal", "lunch"), ("to_meal", "lunch")]),
        Visit::Refused(
            "/diary/copy",
            vec![("meal", "dinner"), ("to_meal", "lunch")],
        ),
    ];
    let mut english = Vec::new();
    for v in &visits {
        english.push(texts(&visit(&app, &c, v).await));
    }
    let mut untranslated = Vec::new();
    for language in ["es", "de"] {
        set_language(&app, &c, language).await;
        for (v, english) in visits.iter().zip(&english) {
            let html = visit(&app, &c, v).await;
            let name = match v {
                Visit::Get(path) => path.clone(),
                Visit::Refused(path, _) => format!("POST {path}"),
            };
            assert_eq!(lang_of(&html), language, "{name}: the lang attribute");
            let same: Vec<String> = texts(&html)
                .intersection(english)
                .filter(|s| has_words(language, s))
                .cloned()
                .collect();
            if !same.is_empty() {
                untranslated.push(format!("{language} {name}: {same:?}"));
            }
        }
    }
    assert!(
        untranslated.is_empty(),
        "English left on the pages:\n{}",
        untranslated.join("\n")
    );

    // Before login, the browser's language.
    let anonymous = client();
    for (accept, lang) in [
        ("de-DE,de;q=0.9,en;q=0.5", "de"),
        ("es-MX", "es"),
        ("fr", "en"),
    ] {
        let html = anonymous
            .get(app.url("/login"))
            .header("accept-language", accept)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(lang_of(&html), lang, "{accept}");
        let manifest: serde_json::Value = anonymous
            .get(app.url("/manifest.webmanifest"))
            .header("accept-language", accept)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(manifest["lang"], lang, "{accept}");
    }
}

#[test]
fn the_check_finds_english_and_lets_data_through() {
    assert!(has_words("es", "Log out"));
    assert!(!has_words("es", "1,234 kcal"));
    assert!(!has_words("es", "12.3 g / 80 g · 45 min"));
    assert!(has_words("es", "Snacks"));
    assert!(!has_words("de", "Snacks"));
    let html = r#"<html><head><title>Hoy</title></head><body><p title="Quick add">Hola <b>12</b>
        <span translate="no" title="Soup">Polyglot <i>soup</i></span></p>
        <script>var x = "English";</script></body></html>"#;
    let t = texts(html);
    assert!(
        t.contains("Quick add") && t.contains("Hola") && t.contains("Hoy"),
        "{t:?}"
    );
    assert!(
        !t.iter().any(|s| s.contains("English") || s.contains("oup")),
        "{t:?}"
    );
}
