//! Saved meals on the pages (nutrition.md §4): a meal of the day saved
//! under a name and logged into another meal in one tap from the diary,
//! renamed and deleted on their page; forms with CSRF and
//! post-redirect-get, refusals shown beside the field.

use reqwest::StatusCode;
use scraper::{Html, Selector};

use super::{TestApp, client, get_json, page, post_form, sign_up};

fn count(html: &str, css: &str) -> usize {
    Html::parse_document(html)
        .select(&Selector::parse(css).unwrap())
        .count()
}

#[tokio::test]
async fn a_meal_is_saved_logged_renamed_and_deleted_through_forms() {
    let app = TestApp::spawn().await;
    let c = client();
    let csrf = sign_up(&app, &c, "sam").await;
    let date = "2026-06-01";
    let diary = app.url(&format!("/diary?date={date}"));
    let html = page(&c, &diary).await;
    // No food yet: nothing to save, no saved meal to log.
    assert_eq!(count(&html, "#save-meal-form"), 0);
    assert_eq!(count(&html, "#saved-none"), 1);
    let r = post_form(
        &c,
        app.url("/diary/food"),
        &[
            ("csrf", csrf.as_str()),
            ("date", date),
            ("meal", "breakfast"),
            ("name", "Porridge"),
            ("calories", "320"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // Without the token: refused.
    let save = app.url("/diary/saved-meals");
    let r = post_form(
        &c,
        save.clone(),
        &[("date", date), ("meal", "breakfast"), ("name", "Usual")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // A blank name is said beside the name field, the meal kept.
    let r = post_form(
        &c,
        save.clone(),
        &[
            ("csrf", csrf.as_str()),
            ("date", date),
            ("meal", "breakfast"),
            ("name", " "),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert_eq!(count(&html, "details#saved-meals[open]"), 1, "{html}");
    assert_eq!(count(&html, "#save-meal-name-error"), 1, "{html}");
    assert_eq!(
        count(&html, "#save-meal-meal option[value=breakfast][selected]"),
        1
    );
    // An empty meal is said beside the meal.
    let r = post_form(
        &c,
        save.clone(),
        &[
            ("csrf", csrf.as_str()),
            ("date", date),
            ("meal", "dinner"),
            ("name", "Nothing"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(count(&r.text().await.unwrap(), "#save-meal-meal-error"), 1);
    let r = post_form(
        &c,
        save,
        &[
            ("csrf", csrf.as_str()),
            ("date", date),
            ("meal", "breakfast"),
            ("name", "Usual breakfast"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], format!("/diary?date={date}"));
    let meals = get_json(&c, app.url("/api/v1/saved-meals")).await;
    let id = meals["items"][0]["id"].as_i64().unwrap();
    assert_eq!(meals["items"][0]["name"], "Usual breakfast");

    // One tap logs it into the meal chosen.
    let html = page(&c, &diary).await;
    let log = format!("form[action='/diary/saved-meals/{id}/log']");
    assert_eq!(count(&html, &format!("{log} select[name=meal]")), 1);
    assert_eq!(count(&html, &format!("{log} input[name=csrf]")), 1);
    let r = post_form(
        &c,
        app.url(&format!("/diary/saved-meals/{id}/log")),
        &[("csrf", csrf.as_str()), ("date", date), ("meal", "snack")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let entries = get_json(&c, app.url(&format!("/api/v1/food-entries?date={date}"))).await;
    let logged: Vec<(&str, &str)> = entries["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["meal"].as_str().unwrap(), e["name"].as_str().unwrap()))
        .collect();
    assert_eq!(logged, [("breakfast", "Porridge"), ("snack", "Porridge")]);
    let r = post_form(
        &c,
        app.url(&format!("/diary/saved-meals/{id}/log")),
        &[("csrf", csrf.as_str()), ("date", date), ("meal", "brunch")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Their page renames (a blank name refused beside it) and deletes.
    let list = app.url("/saved-meals");
    let html = page(&c, &list).await;
    assert_eq!(count(&html, "li.saved-meal"), 1);
    let rename = app.url(&format!("/saved-meals/{id}/rename"));
    let r = post_form(&c, rename.clone(), &[("csrf", csrf.as_str()), ("name", "")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        count(&r.text().await.unwrap(), &format!("#rename-{id}-error")),
        1
    );
    let r = post_form(
        &c,
        rename,
        &[("csrf", csrf.as_str()), ("name", "Porridge morning")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(page(&c, &list).await.contains("Porridge morning"));
    let r = post_form(
        &c,
        app.url(&format!("/saved-meals/{id}/delete")),
        &[("csrf", csrf.as_str())],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(count(&page(&c, &list).await, "li.saved-meal"), 0);
    assert_eq!(
        get_json(&c, app.url("/api/v1/saved-meals")).await["items"],
        serde_json::json!([])
    );
}
