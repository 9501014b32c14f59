//! Spanish and German pages on a 390×844 phone in Debian's headless
//! Chromium (everywhere.md §2): the `lang` attribute, nothing wider than the
//! screen, no English left (the text of each page as the browser shows it,
//! compared with the same page in English earlier in the run), and kJ and
//! pounds shown and taken. Screenshots land in
//! `tests/web/screenshots/languages/`. Run by `bash scripts/web-test.sh`.

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::{Value, json};

use crate::TestApp;
use crate::languages::has_words;
use crate::webdriver::{Driver, Session};

/// The page's visible text and the attributes people read, one string
/// each, without what is marked `translate="no"` (as languages.rs reads
/// it from the HTML, here from the page the browser shows).
const PAGE_TEXTS: &str = r#"
const out = new Set();
const add = s => { const t = (s || "").replace(/\s+/g, " ").trim(); if (t) out.add(t); };
const skipped = el => el.closest('script, style, code, [translate="no"]');
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let n = walker.nextNode(); n; n = walker.nextNode()) {
  const el = n.parentElement;
  if (!skipped(el) && el.closest('option') === null) add(n.textContent);
}
for (const el of document.body.querySelectorAll('*')) {
  if (skipped(el)) continue;
  for (const a of ['title', 'aria-label', 'placeholder', 'alt']) add(el.getAttribute(a));
  if (el.tagName === 'OPTION') add(el.textContent);
}
add(document.title);
return [...out];
"#;

struct Phone<'a> {
    app: &'a TestApp,
    s: Session,
    dir: PathBuf,
}

impl Phone<'_> {
    async fn go(&self, path: &str) {
        self.s.goto(&self.app.url(path)).await;
    }

    async fn texts(&self) -> BTreeSet<String> {
        let v = self.s.execute(PAGE_TEXTS, json!([])).await;
        v.as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap().to_owned())
            .collect()
    }

    async fn lang(&self) -> String {
        self.s
            .execute("return document.documentElement.lang", json!([]))
            .await
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// How far the page or any element sticks out of the screen sideways.
    async fn overflow(&self) -> Vec<String> {
        let v = self
            .s
            .execute(
                "const w = document.documentElement.clientWidth; const out = [];
                 if (document.documentElement.scrollWidth > w) out.push('page: ' + document.documentElement.scrollWidth);
                 // Inside a box that scrolls or clips sideways (a wide table's
                 // wrapper), only the box itself must fit.
                 const clipped = el => {
                   for (let a = el.parentElement; a; a = a.parentElement) {
                     if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(a).overflowX)) return true;
                   }
                   return false;
                 };
                 for (const el of document.body.querySelectorAll('*')) {
                   const r = el.getBoundingClientRect();
                   if (r.width > 0 && (r.right > w + 1 || r.left < -1) && !el.closest('.sr-only, .skip, [hidden]') && !clipped(el)) {
                     out.push(el.tagName + (el.id ? '#' + el.id : '') + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
                   }
                 }
                 return out;",
                json!([]),
            )
            .await;
        v.as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap().to_owned())
            .collect()
    }

    async fn shot(&self, name: &str) {
        self.s
            .screenshot(&self.dir.join(format!("{name}.png")))
            .await;
    }

    /// Today's summary (today in Europe/Madrid, the account's zone).
    async fn today(&self) -> Value {
        let date = self
            .s
            .execute(
                "return new Intl.DateTimeFormat('en-CA', {timeZone: 'Europe/Madrid'}).format(new Date())",
                json!([]),
            )
            .await;
        self.api(&format!(
            "/api/v1/summary/daily?date={}",
            date.as_str().unwrap()
        ))
        .await
    }

    /// A JSON answer of the API, fetched with the page's session.
    async fn api(&self, path: &str) -> Value {
        self.s
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 fetch(arguments[0]).then(r => r.json()).then(done);",
                json!([path]),
            )
            .await
    }

    /// Sets a `<select>` or input and submits its form with `button`.
    async fn set(&self, fields: &[(&str, &str)], button: &str) {
        for (id, value) in fields {
            self.s
                .execute(
                    "const el = document.getElementById(arguments[0]); el.value = arguments[1];
                     if (el.value !== arguments[1]) throw new Error('no such choice: ' + arguments[1]);",
                    json!([id, value]),
                )
                .await;
        }
        let before = self.s.current_url().await;
        // requestSubmit: as a click would, but the form may sit folded in a
        // <details> on a phone.
        self.s
            .execute(
                "const b = document.querySelector(arguments[0]); b.form.requestSubmit(b);",
                json!([button]),
            )
            .await;
        self.s
            .wait_for(
                "the form's answer",
                &format!(
                    "return document.readyState === 'complete' && (location.href !== {before:?} || !document.querySelector('[aria-busy]'))"
                ),
            )
            .await;
    }

    async fn preferences(&self, language: &str, energy: &str, weight: &str, length: &str) {
        self.go("/settings").await;
        self.set(
            &[
                ("time_zone", "Europe/Madrid"),
                ("language", language),
                ("energy_unit", energy),
                ("weight_unit", weight),
                ("length_unit", length),
            ],
            "#save-preferences",
        )
        .await;
        self.go("/settings").await;
        assert_eq!(self.lang().await, language, "the preferences were saved");
    }
}

const PAGES: &[(&str, &str)] = &[
    ("today", "/"),
    ("diary", "/diary"),
    ("diary-search", "/diary?q=apple&aq=run"),
    ("history", "/history"),
    ("goals", "/goals"),
    ("settings", "/settings"),
];

#[tokio::test]
#[ignore = "needs Chromium: run by scripts/web-test.sh"]
async fn spanish_and_german_pages_fit_a_phone_and_speak_its_units() {
    let app = TestApp::spawn().await;
    let mut driver = Driver::start().await;
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/web/screenshots/languages");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let phone = Phone {
        app: &app,
        s: driver.session(390, 844).await,
        dir,
    };

    phone.go("/register").await;
    phone.s.fill("#username", "lingua").await;
    phone.s.fill("#password", "correct horse").await;
    phone.s.fill("#password_again", "correct horse").await;
    phone.s.click("button[type=submit]").await;
    phone
        .s
        .wait_for("the login page", "return location.pathname === '/login'")
        .await;
    phone.s.fill("#password", "correct horse").await;
    phone.s.click("button[type=submit]").await;
    phone
        .s
        .wait_for("the dashboard", "return location.pathname === '/'")
        .await;

    // A day with a meal, an activity and a weight, in English first.
    phone.preferences("en", "kcal", "kg", "cm").await;
    phone.go("/diary").await;
    phone
        .set(
            &[("hand-name", "Sopa de ajo"), ("hand-calories", "250")],
            "#hand-add",
        )
        .await;
    let today = phone.today().await;
    assert_eq!(
        today["consumed"]["calories"].as_f64(),
        Some(250.0),
        "{today}"
    );
    let mut english = Vec::new();
    for (_, path) in PAGES {
        phone.go(path).await;
        english.push(phone.texts().await);
    }

    // Spanish in kJ and pounds; then German.
    let mut left = Vec::new();
    for (language, energy, weight, length) in [("es", "kJ", "lb", "in"), ("de", "kJ", "lb", "in")] {
        phone.preferences(language, energy, weight, length).await;
        for ((name, path), english) in PAGES.iter().zip(&english) {
            phone.go(path).await;
            assert_eq!(phone.lang().await, language, "{path}");
            let overflow = phone.overflow().await;
            assert!(
                overflow.is_empty(),
                "{language} {path}: wider than the phone: {overflow:?}"
            );
            let same: Vec<String> = phone
                .texts()
                .await
                .intersection(english)
                .filter(|s| has_words(language, s))
                .cloned()
                .collect();
            if !same.is_empty() {
                left.push(format!("{language} {path}: {same:?}"));
            }
            phone.shot(&format!("{language}-{name}")).await;
        }
    }
    assert!(left.is_empty(), "English left:\n{}", left.join("\n"));

    // German, kJ and pounds: shown and taken.
    phone.go("/diary").await;
    let page = phone.s.text("main").await;
    assert!(page.contains("1.046"), "250 kcal shows as 1.046 kJ: {page}");
    phone
        .set(
            &[
                ("hand-name", "Brezel"),
                ("hand-calories", "1046"),
                ("hand-protein_g", "7,5"),
            ],
            "#hand-add",
        )
        .await;
    let day = phone.today().await;
    let eaten = &day["consumed"];
    assert_eq!(
        eaten["calories"].as_f64(),
        Some(500.0),
        "1046 kJ is 250 kcal: {day}"
    );
    assert_eq!(
        eaten["protein_g"].as_f64(),
        Some(7.5),
        "a decimal comma: {day}"
    );
    phone.go("/settings").await;
    phone
        .set(
            &[("weight_kg", "150"), ("height_cm", "65,5")],
            "#save-profile",
        )
        .await;
    let profile = phone.api("/api/v1/profile").await;
    assert_eq!(
        profile["weight_kg"].as_f64(),
        Some(68.04),
        "150 lb: {profile}"
    );
    assert_eq!(
        profile["height_cm"].as_f64(),
        Some(166.4),
        "65,5 in: {profile}"
    );
    phone.go("/settings").await;
    assert_eq!(
        phone.s.attribute("#weight_kg", "value").await.as_deref(),
        Some("150"),
        "the weight shows again in pounds"
    );
    phone.shot("de-settings-lb").await;
    phone.s.quit().await;
}
