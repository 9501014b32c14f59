//! The nutrients page (a day's nutrients against targets, partial totals
//! marked) and the recipe pages (a recipe started from its first
//! ingredient, the editor's forms, a recipe from a meal of the diary), as
//! forms without JavaScript.

use reqwest::StatusCode;
use scraper::{Html, Selector};
use serde_json::json;

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

async fn post_json(c: &reqwest::Client, url: String, body: serde_json::Value) -> serde_json::Value {
    let r = c.post(url).json(&body).send().await.unwrap();
    assert!(r.status().is_success(), "{}", r.status());
    r.json().await.unwrap()
}

#[tokio::test]
async fn the_nutrients_page_shows_amounts_targets_and_partial_totals() {
    let app = TestApp::spawn().await;
    let c = client();
    sign_up(&app, &c, "nina").await;
    let date = "2026-05-04";
    for body in [
        json!({"date": date, "name": "Spinach", "calories": 23,
               "micronutrients": {"iron_mg": 2.7, "vitamin_k_ug": 483}}),
        json!({"date": date, "name": "Bread", "calories": 250}),
    ] {
        post_json(&c, app.url("/api/v1/food-entries"), body).await;
    }
    let diary = Html::parse_document(&page(&c, &app.url(&format!("/diary?date={date}"))).await);
    let link = select(&diary, "#nutrients-link")[0]
        .value()
        .attr("href")
        .unwrap()
        .to_owned();
    assert_eq!(link, format!("/nutrients?date={date}"));

    let doc = Html::parse_document(&page(&c, &app.url(&link)).await);
    assert_eq!(text_of(&doc, "#n-iron_mg .n-name"), "Iron");
    assert_eq!(text_of(&doc, "#n-iron_mg .n-amount b"), "2.7 mg");
    let iron = select(&doc, "#n-iron_mg")[0];
    assert_eq!(iron.value().attr("data-state"), Some("low"));
    assert!(iron.value().attr("data-partial").is_some());
    assert_eq!(text_of(&doc, "#n-iron_mg .n-partial"), "1 of 2 foods known");
    assert!(text_of(&doc, "#n-iron_mg .n-target").starts_with("18–45 mg"));
    // Vitamin K's 483 µg is past its AI of 120: met (it has no upper limit).
    assert_eq!(
        select(&doc, "#n-vitamin_k_ug")[0]
            .value()
            .attr("data-state"),
        Some("met")
    );
    assert_eq!(text_of(&doc, "#n-zinc_mg .n-amount b"), "unknown");
    assert!(select(&doc, "#partial-note").len() == 1);
    // Every nutrient is on the page once.
    assert_eq!(select(&doc, "li.nutrient").len(), 31);

    // In Spanish, with Spanish numbers.
    let r = c
        .put(app.url("/api/v1/settings"))
        .json(&json!({"language": "es"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let doc = Html::parse_document(&page(&c, &app.url(&link)).await);
    assert_eq!(text_of(&doc, "#n-iron_mg .n-name"), "Hierro");
    assert_eq!(text_of(&doc, "#n-iron_mg .n-amount b"), "2,7 mg");
}

#[tokio::test]
async fn a_recipe_is_made_edited_and_deleted_through_its_forms() {
    let app = TestApp::spawn().await;
    let c = client();
    let token = sign_up(&app, &c, "rita").await;
    for (name, calories) in [("Rolled oats", 380), ("Whole milk", 60)] {
        post_json(
            &c,
            app.url("/api/v1/foods"),
            json!({"name": name, "calories": calories, "protein_g": 10, "fat_g": 5, "carbs_g": 20}),
        )
        .await;
    }
    let list = Html::parse_document(&page(&c, &app.url("/recipes")).await);
    assert_eq!(select(&list, "#recipes-none").len(), 1);
    // Name and servings, then the first ingredient found by search.
    let found = Html::parse_document(
        &page(&c, &app.url("/recipes?name=Porridge&servings=2&q=rolled")).await,
    );
    let form = select(&found, "form[method=post][action='/recipes']")[0];
    let hidden = |name: &str| {
        form.select(&Selector::parse(&format!("input[name={name}]")).unwrap())
            .next()
            .and_then(|i| i.value().attr("value"))
            .unwrap()
            .to_owned()
    };
    assert_eq!(hidden("name"), "Porridge");
    assert_eq!(hidden("servings"), "2");
    let oats = hidden("food_id");
    let r = post_form(
        &c,
        app.url("/recipes"),
        &[
            ("csrf", &token),
            ("name", "Porridge"),
            ("servings", "2"),
            ("food_id", &oats),
            ("amount", "80"),
            ("unit", "g"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let at = r.headers()["location"].to_str().unwrap().to_owned();
    let id: i64 = at.trim_start_matches("/recipes/").parse().unwrap();

    // Add milk from the editor's search.
    let editor = Html::parse_document(&page(&c, &app.url(&format!("{at}?q=milk"))).await);
    let milk = select(&editor, "form[action$='/ingredients'] input[name=food_id]")[0]
        .value()
        .attr("value")
        .unwrap()
        .to_owned();
    let r = post_form(
        &c,
        app.url(&format!("{at}/ingredients")),
        &[
            ("csrf", &token),
            ("food_id", &milk),
            ("amount", "300"),
            ("unit", "g"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let recipe = get_json(&c, app.url(&format!("/api/v1/recipes/{id}"))).await;
    assert_eq!(recipe["total"]["calories"], 484.0);
    // A bad amount is shown at its field, the recipe unchanged.
    let r = post_form(
        &c,
        app.url(&format!("{at}/ingredients/1")),
        &[("csrf", &token), ("amount", "-3")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let again = Html::parse_document(&r.text().await.unwrap());
    assert_eq!(
        select(&again, "[data-ingredient='1'] .field.invalid").len(),
        1
    );
    // Change the milk to 200 g, then the cooked weight.
    let r = post_form(
        &c,
        app.url(&format!("{at}/ingredients/1")),
        &[("csrf", &token), ("amount", "200")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = post_form(
        &c,
        app.url(&at),
        &[
            ("csrf", &token),
            ("name", "Porridge"),
            ("servings", "2"),
            ("cooked_weight_g", "250"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let recipe = get_json(&c, app.url(&format!("/api/v1/recipes/{id}"))).await;
    assert_eq!(recipe["total"]["calories"], 424.0);
    assert_eq!(recipe["cooked_weight_g"], 250.0);
    let editor = Html::parse_document(&page(&c, &app.url(&at)).await);
    assert_eq!(text_of(&editor, "#recipe-title"), "Porridge");
    let field = |css: &str| {
        select(&editor, css)[0]
            .value()
            .attr("value")
            .map(str::to_owned)
    };
    assert_eq!(field("#recipe-name").as_deref(), Some("Porridge"));
    assert_eq!(field("#recipe-servings").as_deref(), Some("2"));
    assert_eq!(field("#recipe-cooked").as_deref(), Some("250"));
    assert!(
        text_of(&editor, "#per-serving").starts_with("212 kcal"),
        "{}",
        text_of(&editor, "#per-serving")
    );
    // Take out the milk; the last ingredient cannot go.
    let r = post_form(
        &c,
        app.url(&format!("{at}/ingredients/1/delete")),
        &[("csrf", &token)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = post_form(
        &c,
        app.url(&format!("{at}/ingredients/0/delete")),
        &[("csrf", &token)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        get_json(&c, app.url(&format!("/api/v1/recipes/{id}"))).await["ingredients"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // Without the token nothing changes; with it, the recipe is deleted.
    let r = post_form(&c, app.url(&format!("{at}/delete")), &[("csrf", "forged")]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = post_form(&c, app.url(&format!("{at}/delete")), &[("csrf", &token)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = c.get(app.url(&at)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_meal_of_the_diary_becomes_a_recipe() {
    let app = TestApp::spawn().await;
    let c = client();
    let token = sign_up(&app, &c, "mara").await;
    let food = post_json(
        &c,
        app.url("/api/v1/foods"),
        json!({"name": "Granola", "calories": 450, "protein_g": 10, "fat_g": 15, "carbs_g": 60}),
    )
    .await;
    let date = "2026-05-10";
    post_json(
        &c,
        app.url("/api/v1/food-entries"),
        json!({"date": date, "meal": "breakfast", "food_id": food["id"], "quantity_g": 60}),
    )
    .await;
    let diary = Html::parse_document(&page(&c, &app.url(&format!("/diary?date={date}"))).await);
    assert_eq!(select(&diary, "#recipe-meal-form").len(), 1);
    let r = post_form(
        &c,
        app.url("/diary/recipe"),
        &[
            ("csrf", &token),
            ("date", date),
            ("meal", "lunch"),
            ("name", "Nothing"),
            ("servings", "1"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let again = Html::parse_document(&r.text().await.unwrap());
    assert!(
        select(&again, "#recipe-from-meal")[0]
            .value()
            .attr("open")
            .is_some()
    );
    let r = post_form(
        &c,
        app.url("/diary/recipe"),
        &[
            ("csrf", &token),
            ("date", date),
            ("meal", "breakfast"),
            ("name", "Granola bowl"),
            ("servings", "1"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let at = r.headers()["location"].to_str().unwrap().to_owned();
    let editor = Html::parse_document(&page(&c, &app.url(&at)).await);
    assert_eq!(text_of(&editor, "#recipe-title"), "Granola bowl");
    assert_eq!(select(&editor, "#ingredient-list li").len(), 1);
}
