//! body.md §1–§3 on the pages: the trend on the history page's weight
//! chart and table, the expenditure estimate (or what it lacks, never a
//! number), the goals page's weekday goals, the week's budget and the
//! suggestion from the expenditure; and the Chromium journey through them,
//! with screenshots under `tests/web/screenshots/trend/`.

use chrono::{Duration, Utc};
use reqwest::StatusCode;
use scraper::{Html, Selector};
use serde_json::json;

use super::{TestApp, client, csrf_of, get_json, page, post_form, sign_up};
use crate::browser::shots;
use crate::webdriver::Driver;

fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

fn text_of(doc: &Html, css: &str) -> String {
    select(doc, css)
        .first()
        .unwrap_or_else(|| panic!("no {css}"))
        .text()
        .collect::<String>()
        .trim()
        .to_owned()
}

/// 28 days ending today: 2200 kcal eaten on each, 90 kg on the first and
/// the last, settled since long before.
async fn seed(app: &TestApp, c: &reqwest::Client) {
    let today = Utc::now().date_naive();
    for back in 0..28 {
        let date = (today - Duration::days(back)).to_string();
        let r = c
            .post(app.url("/api/v1/food-entries"))
            .json(&json!({"date": date, "name": "Meal", "calories": 2200}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::CREATED);
    }
    for back in [400, 27, 3, 0] {
        let date = (today - Duration::days(back)).to_string();
        let kg = if back == 3 { 92.0 } else { 90.0 };
        let r = c
            .put(app.url(&format!("/api/v1/weights/{date}")))
            .json(&json!({"weight_kg": kg}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
    }
}

async fn set_units(app: &TestApp, c: &reqwest::Client, language: &str, energy: &str, weight: &str) {
    let token = csrf_of(&page(c, &app.url("/settings")).await);
    let r = post_form(
        c,
        app.url("/settings/preferences"),
        &[
            ("csrf", token.as_str()),
            ("time_zone", "UTC"),
            ("language", language),
            ("energy_unit", energy),
            ("weight_unit", weight),
            ("length_unit", "cm"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn the_history_page_shows_no_number_from_too_little_data() {
    let app = TestApp::spawn().await;
    let c = client();
    sign_up(&app, &c, "thin").await;
    let doc = Html::parse_document(&page(&c, &app.url("/history?days=30")).await);
    assert!(select(&doc, "#expenditure-kcal").is_empty());
    let needs: Vec<String> = select(&doc, "#expenditure-needs li")
        .iter()
        .map(|li| li.text().collect())
        .collect();
    assert_eq!(
        needs,
        [
            "needs at least 14 logged days, 0 found",
            "needs weights on at least 2 days at least 14 days apart, 0 found"
        ]
    );
    let doc = Html::parse_document(&page(&c, &app.url("/goals")).await);
    assert!(select(&doc, "#apply-expenditure").is_empty());
    assert!(select(&doc, "#goals-expenditure-missing").len() == 1);
}

#[tokio::test]
async fn the_history_page_shows_the_trend_and_the_estimate_with_its_data() {
    let app = TestApp::spawn().await;
    let c = client();
    sign_up(&app, &c, "steady").await;
    seed(&app, &c).await;
    let doc = Html::parse_document(&page(&c, &app.url("/history?days=30")).await);
    // 2200 eaten, the trend from 90 to 90.18 (the 92 three days ago, 0.2 ×
    // 0.9³ of it left): 2200 − 0.18 × 7700 / 27 = 2148.7.
    assert_eq!(text_of(&doc, "#expenditure-kcal"), "2,149 kcal");
    assert_eq!(text_of(&doc, "#expenditure-confidence"), "high confidence");
    let basis = text_of(&doc, "#expenditure-basis");
    assert!(basis.contains("28 of 28"), "{basis}");
    assert!(basis.contains("2,200 kcal"), "{basis}");
    assert!(
        basis.contains("90.0 kg") && basis.contains("90.2 kg"),
        "{basis}"
    );
    assert!(basis.contains("(27 days)"), "{basis}");
    // The chart: a dot per weighing of the period, the trend as a line.
    assert_eq!(select(&doc, "#weight-chart circle.dot").len(), 3);
    assert_eq!(select(&doc, "#weight-chart polyline.trend").len(), 1);
    assert_eq!(text_of(&doc, "#trend-now"), "90.2 kg");
    // The table: weight and trend, newest first, days without a weight
    // with the trend only.
    let first_row: Vec<String> = select(&doc, "#history-table table:nth-of-type(2) tbody tr")[0]
        .select(&Selector::parse("td").unwrap())
        .map(|td| td.text().collect())
        .collect();
    assert_eq!(first_row, ["90.0", "90.2"]);

    // In German with kJ and pounds, the same numbers in the reader's units.
    set_units(&app, &c, "de", "kJ", "lb").await;
    let doc = Html::parse_document(&page(&c, &app.url("/history?days=30")).await);
    // 2149 kcal × 4.184
    assert_eq!(text_of(&doc, "#expenditure-kcal"), "8.991 kJ");
    assert_eq!(text_of(&doc, "#expenditure-confidence"), "hohe Sicherheit");
    assert_eq!(text_of(&doc, "#trend-now"), "198,8 lb");
}

#[tokio::test]
async fn weekday_goals_are_set_on_the_goals_page_and_the_week_adds_up() {
    let app = TestApp::spawn().await;
    let c = client();
    let token = sign_up(&app, &c, "weekly").await;
    let doc = Html::parse_document(&page(&c, &app.url("/goals")).await);
    assert_eq!(
        select(
            &doc,
            "#weekday-form input[name='weekdays.saturday.calories']"
        )
        .len(),
        1
    );
    let totals: Vec<String> = select(&doc, "#week-total td")
        .iter()
        .map(|td| td.text().collect())
        .collect();
    assert_eq!(totals, ["14,000", "1,050.0", "490.0", "1,750.0"]);

    // Saturday's calories and carbohydrate; the blank fields keep the base.
    let r = post_form(
        &c,
        app.url("/goals/weekdays"),
        &[
            ("csrf", token.as_str()),
            ("weekdays.saturday.calories", "2600"),
            ("weekdays.saturday.carbs_g", "400"),
            ("weekdays.sunday.calories", ""),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let goals = get_json(&c, app.url("/api/v1/goals")).await;
    assert_eq!(
        goals["weekdays"],
        json!({"saturday": {"calories": 2600.0, "carbs_g": 400.0}})
    );
    let doc = Html::parse_document(&page(&c, &app.url("/goals")).await);
    let totals: Vec<String> = select(&doc, "#week-total td")
        .iter()
        .map(|td| td.text().collect())
        .collect();
    assert_eq!(totals, ["14,600", "1,050.0", "490.0", "1,900.0"]);
    assert_eq!(
        select(&doc, "input[name='weekdays.saturday.calories']")[0]
            .value()
            .attr("value"),
        Some("2600")
    );
    // A bad value is named beside its field, and nothing changes.
    let r = post_form(
        &c,
        app.url("/goals/weekdays"),
        &[("csrf", token.as_str()), ("weekdays.monday.fat_g", "0")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let doc = Html::parse_document(&r.text().await.unwrap());
    assert_eq!(select(&doc, "#weekdays\\.monday\\.fat_g-error").len(), 1);
    assert_eq!(
        get_json(&c, app.url("/api/v1/goals")).await["weekdays"],
        goals["weekdays"]
    );
}

#[tokio::test]
async fn goals_are_taken_from_the_expenditure_at_the_chosen_rate() {
    let app = TestApp::spawn().await;
    let c = client();
    let token = sign_up(&app, &c, "tdee").await;
    seed(&app, &c).await;
    let doc = Html::parse_document(&page(&c, &app.url("/goals?rate=-0.5")).await);
    assert_eq!(text_of(&doc, "#goals-expenditure-kcal"), "2,149 kcal");
    assert_eq!(
        select(&doc, "#rate option[selected]")[0]
            .value()
            .attr("value"),
        Some("-0.5")
    );
    // 2149 − 550
    let goals = text_of(&doc, "#expenditure-goals");
    assert!(goals.contains("1,599 kcal"), "{goals}");
    let r = post_form(
        &c,
        app.url("/goals/suggested"),
        &[
            ("csrf", token.as_str()),
            ("from", "expenditure"),
            ("rate_kg_per_week", "-0.5"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let g = get_json(&c, app.url("/api/v1/goals")).await;
    assert_eq!(g["calories"], 1599.0);
    assert_eq!(g["protein_g"], 99.9);
}

#[tokio::test]
#[ignore = "needs Chromium: run by scripts/web-test.sh"]
async fn the_trend_journey_in_chromium() {
    let app = TestApp::spawn().await;
    let c = client();
    sign_up(&app, &c, "journey").await;
    seed(&app, &c).await;
    let mut driver = Driver::start().await;
    for (kind, width, height) in [("desktop", 1280, 900), ("phone", 390, 844)] {
        let dir = shots(&format!("trend/{kind}"));
        std::fs::create_dir_all(&dir).unwrap();
        let s = driver.session(width, height).await;
        // Sign in through the form, as a person would.
        s.goto(&app.url("/login")).await;
        s.fill("#username", "journey").await;
        s.fill("#password", "correct horse").await;
        s.click("button[type=submit]").await;
        s.wait_for("the dashboard", "return location.pathname === '/'")
            .await;
        s.goto(&app.url("/history?days=30")).await;
        assert_eq!(s.text("#expenditure-kcal").await, "2,149 kcal");
        assert!(s.try_find("#weight-chart polyline.trend").await.is_some());
        s.screenshot(&dir.join("01-history-trend.png")).await;
        s.goto(&app.url("/goals")).await;
        s.fill("[name='weekdays.saturday.calories']", "2600").await;
        s.click("#save-weekdays").await;
        s.wait_for("saved", "return location.search.includes('saved')")
            .await;
        assert_eq!(s.text("#week-total td").await, "14,600");
        s.screenshot(&dir.join("02-goals-week.png")).await;
        s.goto(&app.url("/goals#expenditure-suggestion")).await;
        s.execute("document.querySelector('#rate').value = '-0.5';", json!([]))
            .await;
        s.click("#show-rate").await;
        s.wait_for("the rate", "return location.search.includes('rate=-0.5')")
            .await;
        assert!(s.text("#expenditure-goals").await.contains("1,599 kcal"));
        s.screenshot(&dir.join("03-goals-expenditure.png")).await;
        s.click("#apply-expenditure").await;
        s.wait_for("saved", "return location.search.includes('saved')")
            .await;
        assert_eq!(
            s.attribute("#goal-calories", "value").await.as_deref(),
            Some("1599")
        );
        // Put the base back for the next viewport.
        let g = get_json(&c, app.url("/api/v1/goals")).await;
        assert_eq!(g["calories"], 1599.0);
        let r = c
            .put(app.url("/api/v1/goals"))
            .json(&json!({"calories": 2000, "protein_g": 150, "fat_g": 70, "carbs_g": 250, "weekdays": null}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        s.quit().await;
    }
}
