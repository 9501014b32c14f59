//! The diary's quick add, its copy of a meal into another meal, and an
//! activity by hand without minutes (nutrition.md §5).

use reqwest::StatusCode;

use super::{TestApp, client, csrf_of, get_json, page, post_form, sign_up};

async fn set_language(app: &TestApp, c: &reqwest::Client, language: &str) {
    let token = csrf_of(&page(c, &app.url("/settings")).await);
    let r = post_form(
        c,
        app.url("/settings/preferences"),
        &[
            ("csrf", token.as_str()),
            ("time_zone", "UTC"),
            ("language", language),
            ("energy_unit", "kcal"),
            ("weight_unit", "kg"),
            ("length_unit", "cm"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_number_without_a_name_is_a_quick_add() {
    let app = TestApp::spawn().await;
    let c = client();
    let token = sign_up(&app, &c, "quincy").await;
    let date = "2026-10-01";
    let diary = app.url(&format!("/diary?date={date}"));
    let html = page(&c, &diary).await;
    assert!(
        html.contains("Optional: left empty, just the number is logged"),
        "the name's hint says so"
    );
    let r = post_form(
        &c,
        app.url("/diary/food"),
        &[
            ("csrf", token.as_str()),
            ("date", date),
            ("meal", "lunch"),
            ("name", "  "),
            ("calories", "420"),
            ("protein_g", ""),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let day = get_json(&c, app.url(&format!("/api/v1/food-entries?date={date}"))).await;
    assert_eq!(day["items"][0]["name"], "Quick add", "{day}");
    assert_eq!(day["items"][0]["meal"], "lunch");
    assert_eq!(day["items"][0]["calories"], 420.0);

    // Shown as the app's words, in the reader's language; a name typed in
    // is data.
    let html = page(&c, &diary).await;
    assert!(
        html.contains(r#"<span class="entry-name">Quick add</span>"#),
        "{html}"
    );
    set_language(&app, &c, "es").await;
    let html = page(&c, &diary).await;
    assert!(html.contains(r#"<span class="entry-name">Añadido rápido</span>"#));
    set_language(&app, &c, "de").await;
    let html = page(&c, &diary).await;
    assert!(html.contains(r#"<span class="entry-name">Schnelleintrag</span>"#));

    // Without the calories it is refused beside them.
    let r = post_form(
        &c,
        app.url("/diary/food"),
        &[("csrf", token.as_str()), ("date", date), ("name", "")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains(r#"id="hand-calories-error""#), "{html}");
    assert!(!html.contains(r#"id="hand-name-error""#), "{html}");
}

#[tokio::test]
async fn a_meal_is_copied_into_another_meal_from_the_diary() {
    let app = TestApp::spawn().await;
    let c = client();
    let token = sign_up(&app, &c, "cora").await;
    let date = "2026-10-02";
    let diary = app.url(&format!("/diary?date={date}"));
    assert!(
        !page(&c, &diary).await.contains(r#"action="/diary/copy""#),
        "an empty day has nothing to copy"
    );
    for (name, kcal) in [("Toast", "210"), ("Tea", "2")] {
        let r = post_form(
            &c,
            app.url("/diary/food"),
            &[
                ("csrf", token.as_str()),
                ("date", date),
                ("meal", "breakfast"),
                ("name", name),
                ("calories", kcal),
                ("protein_g", "6.5"),
            ],
        )
        .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
    }
    let html = page(&c, &diary).await;
    assert!(html.contains(r#"<form method="post" action="/diary/copy""#));
    assert!(
        html.contains(r#"id="copy-meal-from" name="meal""#),
        "{html}"
    );
    assert!(html.contains(r#"id="copy-meal-to" name="to_meal""#));

    // Without a valid CSRF token: refused.
    let r = post_form(
        &c,
        app.url("/diary/copy"),
        &[("date", date), ("meal", "breakfast"), ("to_meal", "snack")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    let r = post_form(
        &c,
        app.url("/diary/copy"),
        &[
            ("csrf", token.as_str()),
            ("date", date),
            ("meal", "breakfast"),
            ("to_meal", "snack"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], format!("/diary?date={date}"));
    let day = get_json(&c, app.url(&format!("/api/v1/food-entries?date={date}"))).await;
    let entries: Vec<(String, String, f64)> = day["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["meal"].as_str().unwrap().to_owned(),
                e["name"].as_str().unwrap().to_owned(),
                e["protein_g"].as_f64().unwrap(),
            )
        })
        .collect();
    let e = |meal: &str, name: &str| (meal.to_owned(), name.to_owned(), 6.5);
    assert_eq!(
        entries,
        [
            e("breakfast", "Toast"),
            e("breakfast", "Tea"),
            e("snack", "Toast"),
            e("snack", "Tea")
        ]
    );

    // Into itself: refused beside the meal copied into, the choices kept.
    let r = post_form(
        &c,
        app.url("/diary/copy"),
        &[
            ("csrf", token.as_str()),
            ("date", date),
            ("meal", "snack"),
            ("to_meal", "snack"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(
        html.contains(r#"id="copy-meal-to-error">Into: must be another meal than the one copied"#),
        "{html}"
    );
    assert!(html.contains(r#"<details class="card copy-meal" id="copy-meal" open>"#));
    let copy_form = &html[html.find(r#"id="copy-form""#).unwrap()..];
    let copy_form = &copy_form[..copy_form.find("</form>").unwrap()];
    assert_eq!(
        copy_form
            .matches(r#"<option value="snack" selected>"#)
            .count(),
        2,
        "{copy_form}"
    );

    // A meal with nothing in it: said beside it, in the reader's words.
    set_language(&app, &c, "es").await;
    let r = post_form(
        &c,
        app.url("/diary/copy"),
        &[
            ("csrf", token.as_str()),
            ("date", date),
            ("meal", "dinner"),
            ("to_meal", "lunch"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(
        html.contains(r#"id="copy-meal-from-error">Copiar: no tiene nada que copiar"#),
        "{html}"
    );
    let day = get_json(&c, app.url(&format!("/api/v1/food-entries?date={date}"))).await;
    assert_eq!(day["items"].as_array().unwrap().len(), 4, "nothing more");
}

#[tokio::test]
async fn an_activity_by_hand_needs_no_minutes() {
    let app = TestApp::spawn().await;
    let c = client();
    let token = sign_up(&app, &c, "mona").await;
    let date = "2026-10-03";
    let r = post_form(
        &c,
        app.url("/diary/activity"),
        &[
            ("csrf", token.as_str()),
            ("date", date),
            ("name", "Gardening"),
            ("duration_min", ""),
            ("kcal_burned", "180"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let day = get_json(
        &c,
        app.url(&format!("/api/v1/activity-entries?date={date}")),
    )
    .await;
    let entry = &day["items"][0];
    assert!(entry["duration_min"].is_null(), "{day}");
    let html = page(&c, &app.url(&format!("/diary?date={date}"))).await;
    assert!(html.contains("Minutes (optional)"));
    let item = &html[html.find("data-activity=").unwrap()..];
    let item = &item[..item.find("</li>").unwrap()];
    assert!(
        item.contains("Gardening") && !item.contains(" min<"),
        "{item}"
    );

    // Its edit page shows no minutes, and keeps none when saved so.
    let edit = app.url(&format!("/diary/activity/{}", entry["id"]));
    let html = page(&c, &edit).await;
    assert!(
        html.contains(r#"name="duration_min" inputmode="numeric" value="""#),
        "{html}"
    );
    let r = post_form(
        &c,
        edit,
        &[
            ("csrf", token.as_str()),
            ("date", date),
            ("name", "Gardening"),
            ("duration_min", ""),
            ("kcal_burned", "200"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let day = get_json(
        &c,
        app.url(&format!("/api/v1/activity-entries?date={date}")),
    )
    .await;
    assert!(day["items"][0]["duration_min"].is_null(), "{day}");
    assert_eq!(day["items"][0]["kcal_burned"], 200.0);
}
