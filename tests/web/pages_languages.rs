//! The dashboard, history, goals and settings pages in the reader's
//! language and units (everywhere.md §2): a German account in kJ, lb and
//! inches types its figures in those units and with a decimal comma, the
//! API keeps kcal, kg and cm, and the pages write numbers and dates the
//! German way; a Spanish account reads its token list and options in
//! Spanish, with the person's own text marked as data.

use chrono::{Datelike, NaiveDate};
use reqwest::StatusCode;
use serde_json::json;

use super::{TestApp, client, csrf_of, get_json, page, post_form, sign_up};

/// German names, written here rather than taken from the code's locale
/// data, so that a page in English names (or none) fails.
const MONATE: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];
const MONATE_KURZ: [&str; 12] = [
    "Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez",
];
const WOCHENTAGE: [&str; 7] = [
    "Montag",
    "Dienstag",
    "Mittwoch",
    "Donnerstag",
    "Freitag",
    "Samstag",
    "Sonntag",
];
const WOCHENTAGE_KURZ: [&str; 7] = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"];
const MESES_CORTOS: [&str; 12] = [
    "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic",
];

fn month(d: NaiveDate) -> usize {
    d.month0() as usize
}

fn weekday(d: NaiveDate) -> usize {
    d.weekday().num_days_from_monday() as usize
}

/// "Mittwoch, 2. Dezember 2026".
fn german_long(d: NaiveDate) -> String {
    format!(
        "{}, {}. {} {}",
        WOCHENTAGE[weekday(d)],
        d.day(),
        MONATE[month(d)],
        d.year()
    )
}

/// "Mi, 2. Dez" (a day in a table or a chart's tooltip).
fn german_day(d: NaiveDate) -> String {
    format!(
        "{}, {}. {}",
        WOCHENTAGE_KURZ[weekday(d)],
        d.day(),
        MONATE_KURZ[month(d)]
    )
}

/// Saves the preferences through the settings page's form; the day is
/// UTC's, as the test's.
async fn set_preferences(
    app: &TestApp,
    c: &reqwest::Client,
    language: &str,
    units: [&str; 3],
) -> String {
    let token = csrf_of(&page(c, &app.url("/settings")).await);
    let r = post_form(
        c,
        app.url("/settings/preferences"),
        &[
            ("csrf", token.as_str()),
            ("time_zone", "UTC"),
            ("language", language),
            ("energy_unit", units[0]),
            ("weight_unit", units[1]),
            ("length_unit", units[2]),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/settings?done=preferences");
    token
}

/// A body profile as the settings form sends it.
fn profile<'a>(token: &'a str, height: &'a str, weight: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf", token),
        ("sex", "female"),
        ("birth_date", "1990-04-15"),
        ("height_cm", height),
        ("weight_kg", weight),
        ("activity_level", "moderate"),
    ]
}

#[tokio::test]
async fn a_german_reader_types_and_reads_kj_pounds_and_inches() {
    let app = TestApp::spawn().await;
    let c = client();
    sign_up(&app, &c, "klaus").await;
    let token = set_preferences(&app, &c, "de", ["kJ", "lb", "in"]).await;
    let today = chrono::Utc::now().date_naive();

    // The settings page asks in the reader's units.
    let html = page(&c, &app.url("/settings?done=preferences")).await;
    assert!(html.contains(r#"<html lang="de">"#));
    assert!(html.contains("Einstellungen gespeichert."), "{html}");
    assert!(html.contains(r#"<label for="height_cm">Größe (in)</label>"#));
    assert!(html.contains(r#"<label for="weight_kg">Gewicht heute (lb)</label>"#));
    assert!(html.contains(r#"<option value="moderate">mäßig aktiv (× 1,55)</option>"#));

    // 150 lb and 65,5 in (the German decimal comma) are kept in kg and cm.
    let r = post_form(
        &c,
        app.url("/settings/profile"),
        &profile(&token, "65,5", "150"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let p = get_json(&c, app.url("/api/v1/profile")).await;
    assert_eq!(p["weight_kg"], json!(68.04), "{p}");
    // Lengths are kept to 0.1 cm (65.5 in is 166.37 cm), enough to show
    // 0.1 in again.
    assert_eq!(p["height_cm"], json!(166.4), "{p}");
    let weights = get_json(&c, app.url("/api/v1/weights")).await;
    assert_eq!(
        weights["items"],
        json!([{"date": today.to_string(), "weight_kg": 68.04, "trend_kg": 68.04}])
    );
    // …and shown again as typed.
    let html = page(&c, &app.url("/settings?done=profile")).await;
    assert!(html.contains("Profil gespeichert."), "{html}");
    assert!(
        html.contains(r#"name="weight_kg" inputmode="decimal" value="150""#),
        "{html}"
    );
    assert!(
        html.contains(r#"name="height_cm" inputmode="decimal" value="65,5""#),
        "{html}"
    );

    // Outside the limits: the limits in the reader's units and language.
    let r = post_form(
        &c,
        app.url("/settings/profile"),
        &profile(&token, "10", "900"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("muss zwischen 44,1 lb und 881,8 lb liegen"),
        "{html}"
    );
    assert!(
        html.contains("muss zwischen 19,7 in und 118,1 in liegen"),
        "{html}"
    );
    assert!(html.contains(r#"value="900""#) && html.contains(r#"value="10""#));
    assert_eq!(
        get_json(&c, app.url("/api/v1/profile")).await["weight_kg"],
        json!(68.04),
        "nothing was saved"
    );

    // A calorie goal of 8368 kJ is 2000 kcal.
    let html = page(&c, &app.url("/goals")).await;
    assert!(html.contains(r#"<label for="goal-calories">Kalorien (kJ)</label>"#));
    let r = post_form(
        &c,
        app.url("/goals"),
        &[
            ("csrf", token.as_str()),
            ("calories", "8368"),
            ("protein_g", "150"),
            ("fat_g", "70,5"),
            ("carbs_g", "250"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let goals = get_json(&c, app.url("/api/v1/goals")).await;
    assert_eq!(goals["calories"], json!(2000.0), "{goals}");
    assert_eq!(goals["fat_g"], json!(70.5), "{goals}");
    let html = page(&c, &app.url("/goals?saved=1")).await;
    assert!(html.contains("Ziele gespeichert."));
    assert!(
        html.contains(r#"name="calories" inputmode="decimal" value="8368""#),
        "{html}"
    );
    assert!(html.contains(r#"value="70,5""#), "{html}");
    // The suggestion from the profile, in kJ with a German decimal comma.
    let suggested = get_json(&c, app.url("/api/v1/goals/suggested")).await;
    let kj = |kcal: f64| {
        let whole = format!("{:.0}", kcal * 4.184);
        // German grouping of a four- or five-digit number.
        let (thousands, rest) = whole.split_at(whole.len() - 3);
        format!("{thousands}.{rest} kJ")
    };
    let calories = kj(suggested["calories"].as_f64().unwrap());
    let resting = kj(suggested["bmr_kcal"].as_f64().unwrap());
    assert!(html.contains(&format!("<dd>{calories}</dd>")), "{html}");
    assert!(
        html.contains(&format!("<dd>{resting} × 1,55</dd>")),
        "{html}"
    );
    // A goal out of range: its limits in kJ.
    let r = post_form(
        &c,
        app.url("/goals"),
        &[
            ("csrf", token.as_str()),
            ("calories", "0"),
            ("protein_g", "150"),
            ("fat_g", "70"),
            ("carbs_g", "250"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text().await.unwrap().contains("höchstens 83.680 kJ"),
        "the limit in kJ"
    );

    // 1234.5 kcal eaten today (the API speaks kcal) is 5.165 kJ on the pages.
    let r = c
        .post(app.url("/api/v1/food-entries"))
        .json(
            &json!({"date": today.to_string(), "meal": "lunch", "name": "Eintopf",
            "calories": 1234.5, "protein_g": 12.0, "fat_g": 3.0, "carbs_g": 30.0}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let html = page(&c, &app.url("/")).await;
    assert!(html.contains(&german_long(today)), "{html}");
    assert!(
        html.contains(r#"<span id="sum-goal">8.368</span> kJ"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<span id="sum-consumed">5.165</span> kJ"#),
        "{html}"
    );
    // 8368 − 5165.148 kJ left.
    assert!(
        html.contains(r#"<strong id="sum-remaining">3.203</strong>"#),
        "{html}"
    );
    assert!(html.contains("<span>kJ übrig</span>"), "{html}");
    assert!(
        html.contains(r#"<b id="sum-fat">3,0</b> / 70,5 g"#),
        "{html}"
    );
    assert!(html.contains("Fett: 3,0 von 70,5 Gramm"), "{html}");
    assert!(html.contains("<b>5.165 kJ</b>"), "the lunch's sum: {html}");

    let html = page(&c, &app.url("/history")).await;
    let day = german_day(today);
    assert!(
        html.contains(&format!(
            r#"<th scope="row">{day}</th><td>5.165</td><td>0</td><td>5.165</td><td>12,0</td>"#
        )),
        "{html}"
    );
    assert!(html.contains(r#"<th scope="col">Gegessen (kJ)</th>"#));
    // The average over the days with entries.
    assert!(html.contains(r#"<b id="avg-kcal">5.165</b> kJ"#), "{html}");
    assert!(html.contains("Erfasste Tage: <b>1</b> von 7"), "{html}");
    // The charts: the goal, the day's bar and weight in the reader's units;
    // the bar's data in kcal.
    assert!(
        html.contains("im Vergleich zum Ziel von 8.368 kJ"),
        "{html}"
    );
    assert!(
        html.contains(&format!("<title>{day}: 5.165 kJ</title>")),
        "{html}"
    );
    assert!(html.contains(&format!(r#"data-date="{today}" data-kcal="1235""#)));
    assert!(html.contains(&format!("<title>{day}: 150,0 lb</title>")));
    assert!(html.contains("Körpergewicht im Zeitraum, in Pfund"));
    assert!(html.contains(&format!(
        "<tspan x=\"{:.1}\">{}</tspan>",
        64.0 + 648.0 / 7.0 * 6.5,
        WOCHENTAGE_KURZ[weekday(today)]
    )));
    assert!(html.contains(r#"<th scope="col">Gewicht (lb)</th>"#));
    assert!(html.contains(&format!(r#"<th scope="row">{day}</th><td>150,0</td>"#)));

    // 30 days: the axis is labelled with German short dates.
    let html = page(&c, &app.url("/history?days=30")).await;
    assert!(html.contains("30 Tage"));
    assert!(
        html.contains(&format!(
            r#"text-anchor="end">{}. {}</text>"#,
            today.day(),
            MONATE_KURZ[month(today)]
        )),
        "{html}"
    );
}

#[tokio::test]
async fn a_spanish_reader_reads_tokens_options_and_figures_in_spanish() {
    let app = TestApp::spawn().await;
    let c = client();
    sign_up(&app, &c, "lucia").await;
    let token = set_preferences(&app, &c, "es", ["kcal", "kg", "cm"]).await;
    let today = chrono::Utc::now().date_naive();

    let html = page(&c, &app.url("/settings?done=preferences")).await;
    assert!(html.contains("Preferencias guardadas."));
    // Languages named in themselves, marked as such.
    for (code, name) in [("en", "English"), ("es", "Español"), ("de", "Deutsch")] {
        let selected = if code == "es" { " selected" } else { "" };
        assert!(
            html.contains(&format!(
                r#"<option value="{code}" lang="{code}" translate="no"{selected}>{name}</option>"#
            )),
            "{code}: {html}"
        );
    }
    assert!(html.contains("No tienes tokens. Los scripts y las apps usan uno como <code>Authorization: Bearer …</code>."));
    // The username is data.
    assert!(html.contains(
        r#"<span class="who" translate="no" title="Sesión iniciada como lucia">lucia</span>"#
    ));

    // A token: its name is the person's, the words around it Spanish.
    let r = post_form(
        &c,
        app.url("/settings/tokens"),
        &[
            ("csrf", token.as_str()),
            ("name", "móvil & co"),
            ("password", "correct horse"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(
        html.contains(
            r#"Token «<span translate="no">móvil &#38; co</span>» creado. Cópialo ahora"#
        ),
        "{html}"
    );
    let short = format!(
        "{} {} {}",
        today.day(),
        MESES_CORTOS[month(today)],
        today.year()
    );
    assert!(
        html.contains(&format!(
            r#"<span class="entry-name" translate="no">móvil &#38; co</span><small class="muted">todo · creado el {short} · último uso: nunca</small>"#
        )),
        "{html}"
    );
    assert!(html.contains(r#"aria-label="Revocar móvil &#38; co">Revocar</button>"#));

    // A weight with a decimal comma, and the dashboard's figures.
    let r = post_form(
        &c,
        app.url("/settings/profile"),
        &profile(&token, "165", "61,5"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        get_json(&c, app.url("/api/v1/profile")).await["weight_kg"],
        json!(61.5)
    );
    let r = c
        .post(app.url("/api/v1/food-entries"))
        .json(
            &json!({"date": today.to_string(), "meal": "dinner", "name": "Cocido",
            "calories": 2345.6, "protein_g": 160.25, "fat_g": 10.0, "carbs_g": 30.0}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let html = page(&c, &app.url("/")).await;
    assert!(
        html.contains(r#"<span id="sum-consumed">2.346</span> kcal"#),
        "{html}"
    );
    assert!(html.contains("<span>kcal de más</span>"), "{html}");
    assert!(html.contains(r#"<strong id="sum-remaining">346</strong>"#));
    assert!(html.contains("10,3 g de más"), "{html}");
    assert!(html.contains("quedan 60,0 g"), "{html}");
    assert!(
        html.contains("<span>Cena</span><b>2.346 kcal</b>"),
        "{html}"
    );

    let html = page(&c, &app.url("/history")).await;
    assert!(html.contains("Días con registros: <b>1</b> de 7"), "{html}");
    assert!(html.contains(">7 días</a>") && html.contains(">90 días</a>"));
    assert!(html.contains(r#"<th scope="col">Consumido (kcal)</th>"#));
    assert!(html.contains("Peso corporal en el periodo, en kilogramos"));

    // Without a full profile the goals page asks for what is missing, by
    // its Spanish name.
    let r = c
        .put(app.url("/api/v1/profile"))
        .json(&json!({"sex": "female"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let html = page(&c, &app.url("/goals")).await;
    assert!(
        html.contains(
            r#"Para obtener una sugerencia, añade a tu <a href="/settings#profile">perfil</a>: fecha de nacimiento, altura, nivel de actividad."#
        ),
        "{html}"
    );
}

#[tokio::test]
async fn english_pages_group_thousands_and_keep_their_words() {
    let app = TestApp::spawn().await;
    let c = client();
    sign_up(&app, &c, "emma").await;
    let today = chrono::Utc::now().date_naive();
    let r = c
        .post(app.url("/api/v1/food-entries"))
        .json(
            &json!({"date": today.to_string(), "meal": "lunch", "name": "Feast",
            "calories": 1234.5}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let html = page(&c, &app.url("/")).await;
    assert!(html.contains(r#"<html lang="en">"#));
    assert!(
        html.contains(r#"<span id="sum-goal">2,000</span> kcal"#),
        "{html}"
    );
    assert!(html.contains(r#"<span id="sum-consumed">1,235</span> kcal"#));
    assert!(html.contains("<span>kcal left</span>"));
    assert!(html.contains("Protein: 0.0 of 150.0 grams"));
    assert!(html.contains("150.0 g left"));
    let html = page(&c, &app.url("/history")).await;
    assert!(html.contains("Days logged <b>1</b> of 7"));
    assert!(html.contains("Calories eaten per day against the goal of 2,000 kcal"));
    assert!(html.contains(
        r#"No weight in this period. Record it in <a href="/settings#profile">your profile</a>."#
    ));
    let html = page(&c, &app.url("/goals")).await;
    assert!(html.contains(r#"<label for="goal-calories">Calories (kcal)</label>"#));
    assert!(html.contains("To get a suggestion, add to your"));
    assert!(html.contains("sex, birth date, height, weight, activity level."));
    let html = page(&c, &app.url("/settings")).await;
    assert!(html.contains(r#"<label for="weight_kg">Weight today (kg)</label>"#));
    assert!(html.contains(r#"<option value="very_active">very active (× 1.9)</option>"#));
}
