//! Recipes (nutrition.md §3): custom foods made of other foods, with total,
//! per-serving and per-100 g values, a cooked weight, no cycles; found,
//! logged and deleted like foods, never rewriting the diary; from a meal;
//! in the export and gone with the account.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::*;

const DAY: &str = "2026-07-01";

async fn custom_food(user: &Browser, name: &str, calories: f64, iron_mg: Option<f64>) -> i64 {
    let mut body = json!({"name": name, "calories": calories, "protein_g": 10, "fat_g": 5,
                          "carbs_g": 20, "servings": [{"label": "1 cup", "grams": 80}]});
    if let Some(iron) = iron_mg {
        body["micronutrients"] = json!({"iron_mg": iron});
    }
    json_of(user.post("/api/v1/foods", &body).await, StatusCode::CREATED).await["id"]
        .as_i64()
        .unwrap()
}

async fn create(user: &Browser, body: Value) -> Value {
    json_of(
        user.post("/api/v1/recipes", &body).await,
        StatusCode::CREATED,
    )
    .await
}

async fn a_recipe_sums_its_ingredients_per_serving_and_per_100g(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    let oats = custom_food(&ana, "Oats", 380.0, Some(4.0)).await;
    let milk = custom_food(&ana, "Milk", 60.0, None).await;
    let r = create(
        &ana,
        json!({"name": "Porridge", "servings": 2, "ingredients": [
            {"food_id": oats, "serving": "1 cup"},
            {"food_id": milk, "quantity_g": 300},
        ]}),
    )
    .await;
    assert_eq!(r["name"], "Porridge");
    assert_eq!(r["weight_g"], 380.0);
    assert_eq!(r["cooked_weight_g"], Value::Null);
    let ingredients = r["ingredients"].as_array().unwrap();
    assert_eq!(ingredients.len(), 2);
    assert_eq!(ingredients[0]["name"], "Oats");
    assert_eq!(ingredients[0]["quantity_g"], 80.0);
    assert_eq!(ingredients[0]["calories"], 304.0);
    assert_eq!(ingredients[1]["calories"], 180.0);
    assert_eq!(r["total"]["calories"], 484.0);
    assert_eq!(r["per_serving"]["calories"], 242.0);
    // 484 kcal in 380 g.
    assert_eq!(r["per_100g"]["calories"], 127.4);
    assert_eq!(r["total"]["micronutrients"]["iron_mg"], 3.2);
    assert_eq!(r["per_serving"]["micronutrients"]["iron_mg"], 1.6);
    assert!(r["total"]["micronutrients"].get("zinc_mg").is_none(), "{r}");
    let id = r["id"].as_i64().unwrap();
    assert_eq!(ana.get_ok(&format!("/api/v1/recipes/{id}")).await, r);

    // It is a food: found, marked, with its two servings, logged as one.
    let found = ana.get_ok("/api/v1/foods?q=porridge").await;
    let food = &found["items"][0];
    assert_eq!(food["id"], id);
    assert_eq!(food["recipe"], true);
    assert_eq!(food["calories"], 127.4);
    let servings: Vec<(String, f64)> = food["servings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["label"].as_str().unwrap().to_owned(), num(&s["grams"])))
        .collect();
    assert_eq!(
        servings,
        [
            ("1 serving".to_owned(), 190.0),
            ("whole recipe".to_owned(), 380.0)
        ]
    );
    let entry = ana
        .add_food(json!({"date": DAY, "food_id": id, "serving": "1 serving"}))
        .await;
    assert_eq!(entry["quantity_g"], 190.0);
    assert_eq!(entry["calories"], 242.1);
    assert_eq!(entry["micronutrients"]["iron_mg"], 1.6);

    // Replacing the recipe never rewrites the diary.
    let replaced = json_of(
        ana.put(
            &format!("/api/v1/recipes/{id}"),
            &json!({"name": "Porridge", "servings": 1, "cooked_weight_g": 300,
                    "ingredients": [{"food_id": oats, "quantity_g": 100}]}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(replaced["per_serving"]["calories"], 380.0);
    assert_eq!(replaced["per_100g"]["calories"], 126.7);
    assert_eq!(replaced["cooked_weight_g"], 300.0);
    let kept = ana
        .get_ok(&format!("/api/v1/food-entries/{}", entry["id"]))
        .await;
    assert_eq!(kept["calories"], 242.1);
    assert_eq!(
        ana.get_ok("/api/v1/recipes").await["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

async fn recipes_follow_the_foods_they_are_made_of(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    let stock = custom_food(&ana, "Stock", 20.0, None).await;
    let soup = create(
        &ana,
        json!({"name": "Soup", "servings": 4, "ingredients": [{"food_id": stock, "quantity_g": 1000}]}),
    )
    .await;
    let soup_id = soup["id"].as_i64().unwrap();
    // A recipe of a recipe.
    let lunch = create(
        &ana,
        json!({"name": "Soup lunch", "servings": 1, "ingredients": [{"food_id": soup_id, "serving": "1 serving"}]}),
    )
    .await;
    assert_eq!(lunch["total"]["calories"], 50.0);
    json_of(
        ana.patch(&format!("/api/v1/foods/{stock}"), &json!({"calories": 40}))
            .await,
        StatusCode::OK,
    )
    .await;
    let soup = ana.get_ok(&format!("/api/v1/recipes/{soup_id}")).await;
    assert_eq!(soup["total"]["calories"], 400.0);
    let food = ana.get_ok(&format!("/api/v1/foods/{soup_id}")).await;
    assert_eq!(food["calories"], 40.0);
    let lunch = ana.get_ok(&format!("/api/v1/foods/{}", lunch["id"])).await;
    assert_eq!(lunch["calories"], 40.0);

    // Neither the stock nor the soup can go while a recipe uses it.
    let r = ana.delete(&format!("/api/v1/foods/{stock}")).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let detail = r.json::<Value>().await.unwrap()["detail"].to_string();
    assert!(detail.contains("Soup"), "{detail}");
    let r = ana.delete(&format!("/api/v1/recipes/{soup_id}")).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    // A recipe is changed as a recipe, not as a food.
    let r = ana
        .patch(&format!("/api/v1/foods/{soup_id}"), &json!({"calories": 1}))
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
}

async fn a_recipe_never_contains_itself(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    let rice = custom_food(&ana, "Rice", 360.0, None).await;
    let inner = create(
        &ana,
        json!({"name": "Inner", "servings": 1, "ingredients": [{"food_id": rice, "quantity_g": 100}]}),
    )
    .await;
    let inner_id = inner["id"].as_i64().unwrap();
    let outer = create(
        &ana,
        json!({"name": "Outer", "servings": 1, "ingredients": [{"food_id": inner_id, "quantity_g": 100}]}),
    )
    .await;
    let outer_id = outer["id"].as_i64().unwrap();
    for ingredient in [inner_id, outer_id] {
        let fields = problem_fields(
            ana.put(
                &format!("/api/v1/recipes/{inner_id}"),
                &json!({"name": "Inner", "servings": 1,
                        "ingredients": [{"food_id": ingredient, "quantity_g": 50}]}),
            )
            .await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields, ["ingredients"]);
    }
}

async fn bad_recipes_are_refused_naming_the_field(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    let bob = app.user("bob").await;
    let bobs = custom_food(&bob, "Bob's secret", 100.0, None).await;
    let oats = custom_food(&ana, "Oats", 380.0, None).await;
    let cases = [
        (
            json!({"name": "", "servings": 1, "ingredients": [{"food_id": oats, "quantity_g": 1}]}),
            "name",
        ),
        (
            json!({"name": "X", "servings": 0, "ingredients": [{"food_id": oats, "quantity_g": 1}]}),
            "servings",
        ),
        (
            json!({"name": "X", "servings": 101, "ingredients": [{"food_id": oats, "quantity_g": 1}]}),
            "servings",
        ),
        (
            json!({"name": "X", "servings": 1, "ingredients": []}),
            "ingredients",
        ),
        (json!({"name": "X", "servings": 1}), "ingredients"),
        (
            json!({"name": "X", "servings": 1, "ingredients": [{"food_id": bobs, "quantity_g": 1}]}),
            "ingredients[0].food_id",
        ),
        (
            json!({"name": "X", "servings": 1, "ingredients": [{"food_id": oats, "quantity_g": 1}, {"food_id": oats, "quantity_g": -5}]}),
            "ingredients[1].quantity_g",
        ),
        (
            json!({"name": "X", "servings": 1, "ingredients": [{"food_id": oats}]}),
            "ingredients[0].quantity_g",
        ),
        (
            json!({"name": "X", "servings": 1, "ingredients": [{"food_id": oats, "serving": "1 bucket"}]}),
            "ingredients[0].serving",
        ),
        (
            json!({"name": "X", "servings": 1, "cooked_weight_g": 0, "ingredients": [{"food_id": oats, "quantity_g": 100}]}),
            "cooked_weight_g",
        ),
        // 100 g of oats hold 35 g of macros: they cannot weigh 10 g cooked.
        (
            json!({"name": "X", "servings": 1, "cooked_weight_g": 10, "ingredients": [{"food_id": oats, "quantity_g": 100}]}),
            "cooked_weight_g",
        ),
    ];
    for (body, field) in cases {
        let fields = problem_fields(
            ana.post("/api/v1/recipes", &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert!(fields.iter().any(|f| f == field), "{body}: {fields:?}");
    }
    let many: Vec<Value> = (0..101)
        .map(|_| json!({"food_id": oats, "quantity_g": 1}))
        .collect();
    let fields = problem_fields(
        ana.post(
            "/api/v1/recipes",
            &json!({"name": "X", "servings": 1, "ingredients": many}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields, ["ingredients"]);
    // Nothing was made; another account's recipe is not found.
    assert_eq!(ana.get_ok("/api/v1/recipes").await["items"], json!([]));
    let theirs = create(
        &bob,
        json!({"name": "Bob's", "servings": 1, "ingredients": [{"food_id": bobs, "quantity_g": 1}]}),
    )
    .await;
    let path = format!("/api/v1/recipes/{}", theirs["id"]);
    assert_eq!(ana.get(&path).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(ana.delete(&path).await.status(), StatusCode::NOT_FOUND);
    let r = ana
        .put(
            &path,
            &json!({"name": "Mine", "servings": 1,
                            "ingredients": [{"food_id": oats, "quantity_g": 1}]}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

async fn a_recipe_from_a_meal_takes_its_entries_from_foods(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    let oats = custom_food(&ana, "Oats", 380.0, Some(4.0)).await;
    ana.add_food(json!({"date": DAY, "meal": "breakfast", "food_id": oats, "quantity_g": 60}))
        .await;
    ana.add_food(json!({"date": DAY, "meal": "breakfast", "name": "Coffee", "calories": 5}))
        .await;
    ana.add_food(json!({"date": DAY, "meal": "lunch", "name": "Sandwich", "calories": 400}))
        .await;
    let made = json_of(
        ana.post(
            "/api/v1/recipes/from-meal",
            &json!({"date": DAY, "meal": "breakfast", "name": "My breakfast", "servings": 1}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(made["ingredients"].as_array().unwrap().len(), 1);
    assert_eq!(made["ingredients"][0]["quantity_g"], 60.0);
    assert_eq!(made["total"]["calories"], 228.0);
    let skipped: Vec<&str> = made["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert_eq!(skipped, ["Coffee"]);
    let r = ana
        .post(
            "/api/v1/recipes/from-meal",
            &json!({"date": DAY, "meal": "lunch", "name": "Lunch", "servings": 1}),
        )
        .await;
    let body = json_of(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(body["errors"][0]["field"], "meal");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("Sandwich"),
        "{body}"
    );
}

async fn recipes_are_exported_and_go_with_the_account(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.new_browser();
    ana.register_and_login("ana", "correct horse battery").await;
    let oats = custom_food(&ana, "Oats", 380.0, None).await;
    create(
        &ana,
        json!({"name": "Porridge", "servings": 2, "ingredients": [{"food_id": oats, "quantity_g": 80}]}),
    )
    .await;
    let export = ana.get_ok("/api/v1/export?format=json").await;
    assert_eq!(export["recipes"][0]["name"], "Porridge", "{export}");
    assert_eq!(export["recipes"][0]["ingredients"][0]["name"], "Oats");
    let customs: Vec<&str> = export["custom_foods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(customs, ["Oats"]);
    let r = ana
        .delete_json("/api/v1/me", &json!({"password": "correct horse battery"}))
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let again = app.user("ana").await;
    assert_eq!(again.get_ok("/api/v1/recipes").await["items"], json!([]));
}

both_backends!(
    a_recipe_sums_its_ingredients_per_serving_and_per_100g,
    recipes_follow_the_foods_they_are_made_of,
    a_recipe_never_contains_itself,
    bad_recipes_are_refused_naming_the_field,
    a_recipe_from_a_meal_takes_its_entries_from_foods,
    recipes_are_exported_and_go_with_the_account,
);
