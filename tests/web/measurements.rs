//! The body-measurements page (body.md §4): a day recorded in the reader's
//! units and language (post-redirect-get, no JavaScript), merged and cleared
//! through the API's rules, charted, listed and deleted; CSRF; the history
//! page links to it.

use reqwest::StatusCode;
use scraper::{Html, Selector};

use super::{TestApp, client, get_json, page, post_form, sign_up};

fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

fn value_of(doc: &Html, css: &str) -> String {
    select(doc, css)
        .first()
        .unwrap_or_else(|| panic!("no {css}"))
        .value()
        .attr("value")
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn measurements_are_recorded_in_the_readers_units_charted_and_deleted() {
    let app = TestApp::spawn().await;
    let c = client();
    let token = sign_up(&app, &c, "meas").await;
    let history = page(&c, &app.url("/history")).await;
    assert!(history.contains(r#"href="/measurements" id="measurements-link""#));
    // German, in inches.
    let r = post_form(
        &c,
        app.url("/settings/preferences"),
        &[
            ("csrf", token.as_str()),
            ("time_zone", "UTC"),
            ("language", "de"),
            ("energy_unit", "kcal"),
            ("weight_unit", "kg"),
            ("length_unit", "in"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // The form's day is the account's today (UTC here).
    let today = chrono::Utc::now().date_naive().to_string();
    let empty = Html::parse_document(&page(&c, &app.url("/measurements")).await);
    assert_eq!(value_of(&empty, "#measure-date"), today);
    assert!(select(&empty, "#measurement-chart").is_empty());
    let label = select(&empty, "label[for=measure-waist_cm]")[0]
        .text()
        .collect::<String>();
    assert_eq!(label, "Taille (in)");

    // Without the token: refused, nothing stored.
    let r = post_form(
        &c,
        app.url("/measurements"),
        &[("date", today.as_str()), ("waist_cm", "32")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // 32 in with a decimal comma, body fat in %.
    let r = post_form(
        &c,
        app.url("/measurements"),
        &[
            ("csrf", token.as_str()),
            ("days", "30"),
            ("date", today.as_str()),
            ("waist_cm", "32,5"),
            ("neck_cm", ""),
            ("body_fat_pct", "21,4"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        r.headers()["location"],
        format!("/measurements?days=30&date={today}&saved=1")
    );
    let stored = get_json(&c, app.url("/api/v1/measurements")).await;
    assert_eq!(stored["items"][0]["waist_cm"], 82.6, "{stored}"); // 32.5 × 2.54 = 82.55
    assert_eq!(stored["items"][0]["body_fat_pct"], 21.4, "{stored}");

    let doc = Html::parse_document(&page(&c, &app.url("/measurements?days=30")).await);
    // Shown again in inches (82.6 cm is 32.52 in).
    assert_eq!(value_of(&doc, "#measure-waist_cm"), "32,5");
    assert_eq!(value_of(&doc, "#measure-body_fat_pct"), "21,4");
    let chart = select(&doc, "#measurement-chart svg")[0].html();
    assert!(chart.contains("Körpermaße in in"), "{chart}");
    assert!(chart.contains("Taille 32,5 in"), "{chart}");
    assert_eq!(select(&doc, "#body-fat-chart circle.dot").len(), 1);
    let row = select(
        &doc,
        &format!("#measurements-table tr[data-date='{today}']"),
    );
    assert_eq!(row.len(), 1);
    let cells: Vec<String> = row[0]
        .select(&Selector::parse("td").unwrap())
        .map(|td| td.text().collect::<String>().trim().to_owned())
        .collect();
    assert_eq!(&cells[..7], ["32,5", "", "", "", "", "", "21,4"]);

    // Emptying the body fat field clears it; the waist stays.
    let r = post_form(
        &c,
        app.url("/measurements"),
        &[
            ("csrf", token.as_str()),
            ("date", today.as_str()),
            ("waist_cm", "32,5"),
            ("body_fat_pct", ""),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let stored = get_json(&c, app.url("/api/v1/measurements")).await;
    assert!(stored["items"][0]["body_fat_pct"].is_null(), "{stored}");
    assert_eq!(stored["items"][0]["waist_cm"], 82.6);

    // Out of range (in inches, said in inches), kept as typed, nothing stored.
    let r = post_form(
        &c,
        app.url("/measurements"),
        &[
            ("csrf", token.as_str()),
            ("date", today.as_str()),
            ("waist_cm", "200"),
            ("hips_cm", "40"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let doc = Html::parse_document(&r.text().await.unwrap());
    assert_eq!(value_of(&doc, "#measure-waist_cm"), "200");
    let error = select(&doc, "#measure-waist_cm-error")[0]
        .text()
        .collect::<String>();
    assert!(
        error.contains("3,9 in") && error.contains("118,1 in"),
        "{error}"
    );
    let stored = get_json(&c, app.url("/api/v1/measurements")).await;
    assert!(stored["items"][0]["hips_cm"].is_null(), "{stored}");

    // Every field empty: one is needed, said beside the first.
    let r = post_form(
        &c,
        app.url("/measurements"),
        &[
            ("csrf", token.as_str()),
            ("date", today.as_str()),
            ("waist_cm", ""),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let doc = Html::parse_document(&r.text().await.unwrap());
    assert_eq!(select(&doc, "#measure-waist_cm-error").len(), 1);

    // Deleting the day.
    let r = post_form(
        &c,
        app.url(&format!("/measurements/{today}/delete")),
        &[("csrf", token.as_str()), ("days", "365")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/measurements?days=365");
    let stored = get_json(&c, app.url("/api/v1/measurements")).await;
    assert_eq!(stored["items"], serde_json::json!([]));
    let r = post_form(
        &c,
        app.url(&format!("/measurements/{today}/delete")),
        &[("csrf", token.as_str())],
    )
    .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}
