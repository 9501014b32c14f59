//! Water on the diary page (nutrition.md §6): one-tap 250 ml and 500 ml and
//! an amount, as forms (CSRF, post-redirect-get), deletable drinks, the
//! day's total against the goal; the goals page's water goal field.

use reqwest::StatusCode;
use scraper::{Html, Selector};

use super::{TestApp, client, get_json, page, post_form, sign_up};

fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

fn text_of(doc: &Html, css: &str) -> String {
    select(doc, css)
        .first()
        .unwrap_or_else(|| panic!("no {css}"))
        .text()
        .collect::<String>()
}

#[tokio::test]
async fn one_tap_buttons_and_an_amount_add_water_against_the_goal() {
    let app = TestApp::spawn().await;
    let c = client();
    let token = sign_up(&app, &c, "wanda").await;
    let date = "2026-06-01";
    let diary = app.url(&format!("/diary?date={date}"));
    let doc = Html::parse_document(&page(&c, &diary).await);
    assert_eq!(text_of(&doc, "#water-total"), "0 of 2,000 ml");
    // The one-tap buttons: forms posting their ml, with the CSRF token and
    // the day, kept by the off-line queue; and the amount form.
    for ml in ["250", "500"] {
        let button = format!("#water-{ml}");
        assert_eq!(text_of(&doc, &button).trim(), format!("+ {ml} ml"));
        let form = select(&doc, "form[action='/diary/water']")
            .into_iter()
            .find(|f| {
                f.select(&Selector::parse(&button).unwrap())
                    .next()
                    .is_some()
            })
            .unwrap_or_else(|| panic!("{button} is not in a water form"));
        assert_eq!(form.value().attr("method"), Some("post"));
        assert!(form.value().attr("data-offline-queue").is_some());
        let field = |name: &str| {
            form.select(&Selector::parse(&format!("input[name={name}]")).unwrap())
                .next()
                .and_then(|i| i.value().attr("value"))
                .map(str::to_owned)
        };
        assert_eq!(field("ml").as_deref(), Some(ml));
        assert_eq!(field("date").as_deref(), Some(date));
        assert_eq!(field("csrf").as_deref(), Some(token.as_str()));
    }
    assert_eq!(select(&doc, "#water-form input#water-ml[name=ml]").len(), 1);

    // Without the token: refused, nothing logged.
    let r = post_form(
        &c,
        app.url("/diary/water"),
        &[("date", date), ("ml", "250")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    for ml in ["250", "500", "1250"] {
        let r = post_form(
            &c,
            app.url("/diary/water"),
            &[("csrf", token.as_str()), ("date", date), ("ml", ml)],
        )
        .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{ml}");
        assert_eq!(r.headers()["location"], format!("/diary?date={date}"));
    }
    let doc = Html::parse_document(&page(&c, &diary).await);
    assert_eq!(text_of(&doc, "#water-total"), "2,000 of 2,000 ml");
    assert_eq!(select(&doc, "#water li[data-water]").len(), 3);
    assert_eq!(
        select(&doc, "#water-progress")[0].value().attr("value"),
        Some("100")
    );

    // A bad amount: the page again, 422, the message beside the field.
    for bad in ["0", "5001", "1.5", "x"] {
        let r = post_form(
            &c,
            app.url("/diary/water"),
            &[("csrf", token.as_str()), ("date", date), ("ml", bad)],
        )
        .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        let doc = Html::parse_document(&r.text().await.unwrap());
        assert_eq!(
            select(&doc, "#water-form .field.invalid #water-ml").len(),
            1,
            "{bad}"
        );
        assert_eq!(
            select(&doc, "#water-ml")[0].value().attr("value"),
            Some(bad)
        );
    }

    // Deleting a drink.
    let day = get_json(&c, app.url(&format!("/api/v1/water-entries?date={date}"))).await;
    let id = day["items"][0]["id"].as_i64().unwrap();
    assert_eq!(day["items"][0]["ml"], 250);
    let r = post_form(
        &c,
        app.url(&format!("/diary/water/{id}/delete")),
        &[("csrf", token.as_str()), ("date", date)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let doc = Html::parse_document(&page(&c, &diary).await);
    assert_eq!(text_of(&doc, "#water-total"), "1,750 of 2,000 ml");
    assert_eq!(select(&doc, "#water li[data-water]").len(), 2);
}

#[tokio::test]
async fn a_queued_water_form_sent_again_logs_once() {
    let app = TestApp::spawn().await;
    let c = client();
    let token = sign_up(&app, &c, "quinn").await;
    for _ in 0..2 {
        let r = c
            .post(app.url("/diary/water"))
            .header("Idempotency-Key", "water-once")
            .form(&[
                ("csrf", token.as_str()),
                ("date", "2026-06-01"),
                ("ml", "500"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
    }
    let day = get_json(&c, app.url("/api/v1/water-entries?date=2026-06-01")).await;
    assert_eq!(day["items"].as_array().unwrap().len(), 1, "{day}");
}

#[tokio::test]
async fn the_goals_page_sets_the_water_goal() {
    let app = TestApp::spawn().await;
    let c = client();
    let token = sign_up(&app, &c, "gwen").await;
    let doc = Html::parse_document(&page(&c, &app.url("/goals")).await);
    let field = select(&doc, "#goals-form input#goal-water_ml[name=water_ml]");
    assert_eq!(field.len(), 1);
    assert_eq!(field[0].value().attr("value"), Some("2000"));
    assert_eq!(text_of(&doc, "label[for=goal-water_ml]"), "Water (ml)");
    let goals = |water: &'static str| {
        vec![
            ("csrf", token.clone()),
            ("calories", "2000".to_owned()),
            ("protein_g", "150".to_owned()),
            ("fat_g", "70".to_owned()),
            ("carbs_g", "250".to_owned()),
            ("water_ml", water.to_owned()),
        ]
    };
    let r = c
        .post(app.url("/goals"))
        .form(&goals("2500"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        get_json(&c, app.url("/api/v1/goals")).await["water_ml"],
        2500
    );
    let doc = Html::parse_document(&page(&c, &app.url("/goals")).await);
    assert_eq!(
        select(&doc, "#goal-water_ml")[0].value().attr("value"),
        Some("2500")
    );
    let doc = Html::parse_document(&page(&c, &app.url("/diary?date=2026-06-01")).await);
    assert_eq!(text_of(&doc, "#water-total"), "0 of 2,500 ml");
    for bad in ["0", "10001", "1.5"] {
        let r = c
            .post(app.url("/goals"))
            .form(&goals(bad))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        let doc = Html::parse_document(&r.text().await.unwrap());
        assert_eq!(
            select(&doc, ".field.invalid #goal-water_ml").len(),
            1,
            "{bad}"
        );
    }
    assert_eq!(
        get_json(&c, app.url("/api/v1/goals")).await["water_ml"],
        2500
    );
}
