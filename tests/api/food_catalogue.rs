//! The bundled USDA catalogue: search, read-only shared items, logging by
//! household measure, copying days and meals.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::*;

fn names(list: &Value) -> Vec<String> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap().to_owned())
        .collect()
}

/// The first search result for `q`.
async fn first(b: &Browser, q: &str) -> Value {
    let found = b.get_ok(&format!("/api/v1/foods?q={q}")).await;
    found["items"][0].clone()
}

async fn search_finds_what_people_type(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.user("searcher").await;
    let apple = first(&b, "apple%20raw").await;
    assert_eq!(apple["name"], "Apples, raw, with skin");
    assert_eq!(num(&apple["calories"]), 52.0);
    assert_eq!(apple["source"], "usda");
    assert_eq!(apple["custom"], false);
    assert_eq!(
        first(&b, "raw%20apples").await["name"],
        "Apples, raw, with skin"
    );

    let chicken = names(&b.get_ok("/api/v1/foods?q=chiken%20brest&limit=3").await);
    assert!(
        chicken.contains(
            &"Chicken, broiler or fryers, breast, skinless, boneless, meat only, raw".to_owned()
        ),
        "{chicken:?}"
    );
    let broccoli = first(&b, "brocoli").await;
    assert!(
        broccoli["name"].as_str().unwrap().starts_with("Broccoli"),
        "{broccoli}"
    );
    let bananas = first(&b, "bananas").await;
    assert_eq!(bananas["name"], "Bananas, raw");
    assert_eq!(num(&bananas["calories"]), 89.0);

    let fifty = b.get_ok("/api/v1/foods?q=cheese&limit=50").await;
    assert_eq!(fifty["items"].as_array().unwrap().len(), 50);
    let twenty = b.get_ok("/api/v1/foods?q=cheese").await;
    assert_eq!(
        twenty["items"].as_array().unwrap().len(),
        20,
        "default limit"
    );
    let none = b.get_ok("/api/v1/foods?q=qqqqzzzz").await;
    assert_eq!(none["items"].as_array().unwrap().len(), 0);
}

async fn shared_items_are_read_only(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.user("reader").await;
    let whey = first(&b, "whey%20acid%20fluid").await;
    assert_eq!(whey["name"], "Whey, acid, fluid");
    let path = format!("/api/v1/foods/{}", whey["id"]);
    let fetched = b.get_ok(&path).await;
    assert_eq!(
        fetched["servings"][0],
        json!({"label": "1 cup", "grams": 246.0})
    );
    let r = b.patch(&path, &json!({"calories": 1})).await;
    problem_fields(r, StatusCode::FORBIDDEN).await;
    problem_fields(b.delete(&path).await, StatusCode::FORBIDDEN).await;
    assert_eq!(b.get_ok(&path).await, fetched);
}

async fn logging_by_household_measure(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.user("measurer").await;
    let whey = first(&b, "whey%20acid%20fluid").await;
    // 24 kcal, 0.76 g protein, 0.09 g fat, 5.12 g carbs per 100 g; 1 cup = 246 g.
    let e = b
        .add_food(
            json!({"date": "2026-09-01", "meal": "breakfast", "food_id": whey["id"],
                         "serving": "1 cup", "serving_count": 1.5}),
        )
        .await;
    assert_eq!(num(&e["quantity_g"]), 369.0);
    assert_eq!(num(&e["calories"]), 88.6);
    assert_eq!(num(&e["protein_g"]), 2.8);
    assert_eq!(num(&e["fat_g"]), 0.3);
    assert_eq!(num(&e["carbs_g"]), 18.9);
    assert_eq!(e["name"], "Whey, acid, fluid");
    let one = b
        .add_food(json!({"date": "2026-09-01", "food_id": whey["id"], "serving": "1 quart"}))
        .await;
    assert_eq!(
        num(&one["quantity_g"]),
        984.0,
        "serving_count defaults to 1"
    );

    let path = format!("/api/v1/food-entries/{}", e["id"]);
    let patched = json_of(
        b.patch(&path, &json!({"serving": "1 cup", "serving_count": 0.5}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(num(&patched["quantity_g"]), 123.0);
    assert_eq!(num(&patched["calories"]), 29.5);

    for (body, field) in [
        (
            json!({"food_id": whey["id"], "serving": "1 spoonful"}),
            "serving",
        ),
        (
            json!({"food_id": whey["id"], "serving": "1 cup", "quantity_g": 100}),
            "serving",
        ),
        (
            json!({"food_id": whey["id"], "serving": "1 cup", "serving_count": 0}),
            "serving_count",
        ),
        (
            json!({"food_id": whey["id"], "serving": "1 cup", "serving_count": 101}),
            "serving_count",
        ),
        (
            json!({"food_id": whey["id"], "serving": "1 quart", "serving_count": 6}),
            "quantity_g",
        ),
        (
            json!({"food_id": whey["id"], "serving_count": 2, "quantity_g": 10}),
            "serving_count",
        ),
        (
            json!({"name": "Tea", "calories": 1, "serving": "1 cup"}),
            "serving",
        ),
        (json!({"food_id": 999999999, "quantity_g": 10}), "food_id"),
    ] {
        let mut body = body;
        body["date"] = json!("2026-09-01");
        let r = b.post("/api/v1/food-entries", &body).await;
        let fields = problem_fields(r, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert!(fields.contains(&field.to_owned()), "{body}: {fields:?}");
    }
    let day = b.get_ok("/api/v1/food-entries?date=2026-09-01").await;
    assert_eq!(
        day["items"].as_array().unwrap().len(),
        2,
        "nothing invalid stored"
    );
}

async fn copying_a_day_or_a_meal(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.user("copier").await;
    let other = app.user("bystander").await;
    let from = "2026-09-10";
    for (meal, name, kcal) in [
        ("breakfast", "Oats", 300.5),
        ("lunch", "Soup", 250.0),
        ("breakfast", "Coffee", 5.0),
    ] {
        b.add_food(
            json!({"date": from, "meal": meal, "name": name, "calories": kcal, "protein_g": 1.5}),
        )
        .await;
    }
    other
        .add_food(json!({"date": from, "meal": "breakfast", "name": "Not mine", "calories": 1}))
        .await;

    let r = b
        .post(
            "/api/v1/food-entries/copy",
            &json!({"from_date": from, "to_date": "2026-09-11", "meal": "breakfast"}),
        )
        .await;
    let copied = json_of(r, StatusCode::CREATED).await;
    assert_eq!(names(&copied), ["Oats", "Coffee"]);
    for e in copied["items"].as_array().unwrap() {
        assert_eq!(e["date"], "2026-09-11");
        assert_eq!(e["meal"], "breakfast");
    }
    assert_eq!(num(&copied["items"][0]["calories"]), 300.5);
    assert_eq!(num(&copied["items"][0]["protein_g"]), 1.5);

    let r = b
        .post(
            "/api/v1/food-entries/copy",
            &json!({"from_date": from, "to_date": "2026-09-12"}),
        )
        .await;
    let copied = json_of(r, StatusCode::CREATED).await;
    assert_eq!(names(&copied), ["Oats", "Coffee", "Soup"]);
    let day = b.get_ok("/api/v1/summary/daily?date=2026-09-12").await;
    assert_eq!(num(&day["consumed"]["calories"]), 555.5);
    // The source day is unchanged.
    let source = b.get_ok(&format!("/api/v1/food-entries?date={from}")).await;
    assert_eq!(source["items"].as_array().unwrap().len(), 3);

    let r = b
        .post(
            "/api/v1/food-entries/copy",
            &json!({"from_date": "2026-01-01", "to_date": "2026-09-12"}),
        )
        .await;
    assert_eq!(
        problem_fields(r, StatusCode::UNPROCESSABLE_ENTITY).await,
        ["from_date"]
    );
    let r = b
        .post(
            "/api/v1/food-entries/copy",
            &json!({"from_date": from, "to_date": from, "meal": "tea"}),
        )
        .await;
    assert_eq!(
        problem_fields(r, StatusCode::UNPROCESSABLE_ENTITY).await,
        ["meal", "to_date"]
    );
    let r = b.post("/api/v1/food-entries/copy", &json!({})).await;
    assert_eq!(
        problem_fields(r, StatusCode::UNPROCESSABLE_ENTITY).await,
        ["from_date", "to_date"]
    );
    let theirs = other.get_ok("/api/v1/food-entries?date=2026-09-12").await;
    assert_eq!(theirs["items"].as_array().unwrap().len(), 0);
}

async fn recent_foods_come_most_recent_first(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.user("regular").await;
    let whey = first(&b, "whey%20acid%20fluid").await;
    let apple = first(&b, "apple%20raw").await;
    for (food, grams) in [(&whey, 100), (&whey, 150), (&apple, 120)] {
        b.add_food(json!({"date": "2026-09-20", "food_id": food["id"], "quantity_g": grams}))
            .await;
    }
    let recent = b.get_ok("/api/v1/foods/recent").await;
    let items = recent["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["id"], apple["id"]);
    assert_eq!(items[0]["times_logged"], 1);
    assert_eq!(items[1]["id"], whey["id"]);
    assert_eq!(items[1]["times_logged"], 2);
    assert_eq!(num(&items[1]["last_quantity_g"]), 150.0);
    assert_eq!(
        items[1]["name"], whey["name"],
        "the food itself is included"
    );

    // A custom food logged last comes first; deleted, it is left out, and
    // the entries logged from it stay in the diary.
    let bread = json_of(
        b.post(
            "/api/v1/foods",
            &json!({"name": "Home loaf", "calories": 250, "protein_g": 9, "fat_g": 3, "carbs_g": 48,
                    "servings": [{"label": "1 slice", "grams": 40}]}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    b.add_food(json!({"date": "2026-09-21", "food_id": bread["id"], "quantity_g": 80}))
        .await;
    let recent = b.get_ok("/api/v1/foods/recent").await;
    assert_eq!(recent["items"][0]["id"], bread["id"], "{recent}");
    assert_eq!(recent["items"][0]["servings"][0]["label"], "1 slice");
    assert_eq!(
        b.delete(&format!("/api/v1/foods/{}", bread["id"]))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    let recent = b.get_ok("/api/v1/foods/recent").await;
    let ids: Vec<_> = recent["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].clone())
        .collect();
    assert_eq!(ids, [apple["id"].clone(), whey["id"].clone()]);
    let day = b.get_ok("/api/v1/food-entries?date=2026-09-21").await;
    assert_eq!(day["items"].as_array().unwrap().len(), 1);
}

both_backends!(
    search_finds_what_people_type,
    shared_items_are_read_only,
    logging_by_household_measure,
    copying_a_day_or_a_meal,
    recent_foods_come_most_recent_first,
);

/// A bundled release upgrades the shared items in place: same rows, new
/// values, new servings; loading a release twice does nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_release_upgrades_the_catalogue_in_place() {
    use nutrinube::domain::food_catalogue::FoodDef;
    use nutrinube::store::Store;

    let db = TestDatabase::create(Backend::Sqlite).await;
    let store = Store::connect_lazy(&db.url, 2).unwrap();
    let def = |kcal: f64, measure: &str, grams: f64| FoodDef {
        usda_id: "T0001".into(),
        name: "Qwzx test loaf, raw".into(),
        kcal,
        protein_g: 1.0,
        fat_g: 2.0,
        carbs_g: 3.0,
        details: {
            let mut d = nutrinube::domain::nutrients::Details::UNKNOWN;
            d.set("sugars_g", Some(0.5));
            d.set("iron_mg", Some(kcal / 100.0));
            d
        },
        measures: vec![(measure.into(), grams)],
    };
    assert!(
        store
            .load_food_catalogue("usda-test1", &[def(100.0, "1 piece", 50.0)])
            .await
            .unwrap()
    );
    assert!(
        !store
            .load_food_catalogue("usda-test1", &[def(999.0, "x", 1.0)])
            .await
            .unwrap()
    );
    assert!(
        store
            .load_food_catalogue("usda-test2", &[def(120.0, "1 slice", 30.0)])
            .await
            .unwrap()
    );
    let account = store
        .create_account("upgrader", "x", &Default::default())
        .await
        .unwrap()
        .unwrap();
    let app = nutrinube::app::App::new(store.clone(), nutrinube::app::Limits::default());
    let actor = nutrinube::app::Actor {
        account_id: account.id,
        session_hash: None,
        scope: nutrinube::app::TokenScope::Full,
    };
    let found = app
        .search_foods(&actor, "qwzx loaf", Some(20))
        .await
        .unwrap();
    assert_eq!(found.len(), 1, "upgraded in place, not duplicated");
    assert_eq!(found[0].calories, 120.0);
    assert_eq!(found[0].servings.len(), 1);
    assert_eq!(found[0].servings[0].label, "1 slice");
    store.close().await;
}
