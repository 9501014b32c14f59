//! Saved meals (nutrition.md §4): items from the catalogue (computed from
//! the food's current values) and by hand, the meal's totals, saving a meal
//! of a day, logging one in one transaction within the day's quota, the
//! account's quota of saved meals, ownership, bad input named by item, the
//! export and the account's deletion.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::*;

const DAY: &str = "2026-07-01";

/// A custom food per 100 g: 380 kcal, 2 mg iron; one serving "1 cup" of 80 g.
async fn oats(user: &Browser) -> i64 {
    json_of(
        user.post(
            "/api/v1/foods",
            &json!({
                "name": "Oats", "calories": 380, "protein_g": 13, "fat_g": 7, "carbs_g": 60,
                "fibre_g": 10, "micronutrients": {"iron_mg": 2},
                "servings": [{"label": "1 cup", "grams": 80}],
            }),
        )
        .await,
        StatusCode::CREATED,
    )
    .await["id"]
        .as_i64()
        .unwrap()
}

async fn save(user: &Browser, body: Value) -> Value {
    json_of(
        user.post("/api/v1/saved-meals", &body).await,
        StatusCode::CREATED,
    )
    .await
}

/// Oats by grams and by serving, and coffee by hand.
fn breakfast(food_id: i64) -> Value {
    json!({"name": "Usual breakfast", "items": [
        {"food_id": food_id, "quantity_g": 50},
        {"food_id": food_id, "serving": "1 cup", "serving_count": 2},
        {"name": "Coffee", "calories": 5, "protein_g": 0.3, "micronutrients": {"caffeine_mg": 95}},
    ]})
}

/// Rows of `table` in the database, of any account.
async fn rows_in(app: &TestApp, backend: Backend, table: &str) -> i64 {
    let sql = format!("SELECT COUNT(*) FROM {table}");
    match backend {
        Backend::Sqlite => {
            let pool = sqlx::SqlitePool::connect(&app.database_url).await.unwrap();
            let n = sqlx::query_scalar(&sql).fetch_one(&pool).await.unwrap();
            pool.close().await;
            n
        }
        Backend::Postgres => {
            let pool = sqlx::PgPool::connect(&app.database_url).await.unwrap();
            let n = sqlx::query_scalar(&sql).fetch_one(&pool).await.unwrap();
            pool.close().await;
            n
        }
    }
}

async fn day_entries(user: &Browser, date: &str) -> Vec<Value> {
    user.get_ok(&format!("/api/v1/food-entries?date={date}"))
        .await["items"]
        .as_array()
        .unwrap()
        .clone()
}

async fn a_meal_is_saved_with_computed_items_and_totals(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    let food = oats(&ana).await;
    let meal = save(&ana, breakfast(food)).await;
    assert_eq!(meal["name"], "Usual breakfast");
    let items = meal["items"].as_array().unwrap();
    assert_eq!(items.len(), 3, "{meal}");
    // 50 g of oats, then two cups (160 g).
    assert_eq!(items[0]["food_id"], food);
    assert_eq!(items[0]["name"], "Oats");
    assert_eq!(num(&items[0]["quantity_g"]), 50.0);
    assert_eq!(num(&items[0]["calories"]), 190.0);
    assert_eq!(num(&items[0]["fibre_g"]), 5.0);
    assert_eq!(num(&items[0]["micronutrients"]["iron_mg"]), 1.0);
    assert_eq!(num(&items[1]["quantity_g"]), 160.0);
    assert_eq!(num(&items[1]["calories"]), 608.0);
    assert_eq!(items[2]["food_id"], Value::Null);
    assert_eq!(items[2]["quantity_g"], Value::Null);
    assert_eq!(items[2]["name"], "Coffee");
    assert_eq!(items[2]["fibre_g"], Value::Null);
    assert_eq!(num(&items[2]["micronutrients"]["caffeine_mg"]), 95.0);
    // Totals: a detail sums what the items know of it.
    let total = &meal["total"];
    assert_eq!(num(&total["calories"]), 803.0, "{meal}");
    assert_eq!(num(&total["protein_g"]), 27.6, "{meal}");
    assert_eq!(num(&total["fibre_g"]), 21.0, "{meal}");
    assert_eq!(num(&total["micronutrients"]["iron_mg"]), 4.2, "{meal}");
    assert_eq!(num(&total["micronutrients"]["caffeine_mg"]), 95.0, "{meal}");
    assert_eq!(total["sodium_mg"], Value::Null, "{meal}");

    let id = meal["id"].as_i64().unwrap();
    assert_eq!(ana.get_ok(&format!("/api/v1/saved-meals/{id}")).await, meal);
    let list = ana.get_ok("/api/v1/saved-meals").await;
    assert_eq!(list["items"], json!([meal.clone()]));

    // PUT replaces the name and every item.
    let replaced = json_of(
        ana.put(
            &format!("/api/v1/saved-meals/{id}"),
            &json!({"name": "Light breakfast", "items": [{"name": "Tea", "calories": 2}]}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(replaced["name"], "Light breakfast");
    assert_eq!(replaced["items"].as_array().unwrap().len(), 1);
    assert_eq!(num(&replaced["total"]["calories"]), 2.0);
    assert_eq!(
        ana.get_ok(&format!("/api/v1/saved-meals/{id}")).await,
        replaced
    );

    let r = ana.delete(&format!("/api/v1/saved-meals/{id}")).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = ana.get(&format!("/api/v1/saved-meals/{id}")).await;
    problem_fields(r, StatusCode::NOT_FOUND).await;
    assert_eq!(rows_in(&app, backend, "saved_meal_items").await, 0);
}

async fn catalogue_items_follow_the_food_and_outlive_it(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    let food = oats(&ana).await;
    let meal = save(
        &ana,
        json!({"name": "Oats", "items": [{"food_id": food, "quantity_g": 50}]}),
    )
    .await;
    let id = meal["id"].as_i64().unwrap();
    let r = ana
        .patch(&format!("/api/v1/foods/{food}"), &json!({"calories": 400}))
        .await;
    json_of(r, StatusCode::OK).await;
    let now = ana.get_ok(&format!("/api/v1/saved-meals/{id}")).await;
    assert_eq!(num(&now["items"][0]["calories"]), 200.0, "{now}");

    // A deleted custom food leaves an item by hand with the amounts it was
    // saved with.
    let r = ana.delete(&format!("/api/v1/foods/{food}")).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let after = ana.get_ok(&format!("/api/v1/saved-meals/{id}")).await;
    let item = &after["items"][0];
    assert_eq!(item["food_id"], Value::Null, "{after}");
    assert_eq!(item["quantity_g"], Value::Null, "{after}");
    assert_eq!(item["name"], "Oats");
    assert_eq!(num(&item["calories"]), 190.0, "{after}");
    assert_eq!(num(&item["micronutrients"]["iron_mg"]), 1.0, "{after}");
    let logged = json_of(
        ana.post(
            &format!("/api/v1/saved-meals/{id}/log"),
            &json!({"date": DAY, "meal": "breakfast"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(logged["items"][0]["food_id"], Value::Null, "{logged}");
    assert_eq!(num(&logged["items"][0]["calories"]), 190.0, "{logged}");
}

async fn logging_makes_one_entry_per_item(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    let food = oats(&ana).await;
    let id = save(&ana, breakfast(food)).await["id"].as_i64().unwrap();
    let r = ana
        .post(
            &format!("/api/v1/saved-meals/{id}/log"),
            &json!({"date": DAY, "meal": "lunch"}),
        )
        .await;
    let logged = json_of(r, StatusCode::CREATED).await;
    let items = logged["items"].as_array().unwrap();
    assert_eq!(items.len(), 3, "{logged}");
    for e in items {
        assert_eq!(e["date"], DAY);
        assert_eq!(e["meal"], "lunch");
        assert!(e["id"].is_i64(), "{e}");
    }
    assert_eq!(items[0]["food_id"], food);
    assert_eq!(num(&items[0]["quantity_g"]), 50.0);
    assert_eq!(num(&items[0]["calories"]), 190.0);
    assert_eq!(num(&items[0]["fibre_g"]), 5.0);
    assert_eq!(num(&items[0]["micronutrients"]["iron_mg"]), 1.0);
    assert_eq!(num(&items[1]["quantity_g"]), 160.0);
    assert_eq!(num(&items[1]["micronutrients"]["iron_mg"]), 3.2);
    assert_eq!(items[2]["name"], "Coffee");
    assert_eq!(items[2]["food_id"], Value::Null);
    assert_eq!(num(&items[2]["micronutrients"]["caffeine_mg"]), 95.0);
    assert_eq!(day_entries(&ana, DAY).await, *items);
    let s = ana
        .get_ok(&format!("/api/v1/summary/daily?date={DAY}"))
        .await;
    assert_eq!(num(&s["consumed"]["calories"]), 803.0, "{s}");
    assert_eq!(num(&s["meals"]["lunch"]["calories"]), 803.0, "{s}");

    // Bad places to log into, named; nothing logged.
    for (body, field) in [
        (json!({"date": "2026-02-30", "meal": "lunch"}), "date"),
        (json!({"meal": "lunch"}), "date"),
        (json!({"date": DAY, "meal": "brunch"}), "meal"),
        (json!({"date": DAY}), "meal"),
    ] {
        let r = ana
            .post(&format!("/api/v1/saved-meals/{id}/log"), &body)
            .await;
        assert_eq!(
            problem_fields(r, StatusCode::UNPROCESSABLE_ENTITY).await,
            [field],
            "{body}"
        );
    }
    let r = ana
        .post(
            &format!("/api/v1/saved-meals/{}/log", id + 1000),
            &json!({"date": DAY, "meal": "lunch"}),
        )
        .await;
    problem_fields(r, StatusCode::NOT_FOUND).await;
    assert_eq!(day_entries(&ana, DAY).await.len(), 3);
}

async fn a_log_that_would_pass_the_days_quota_creates_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    let food = oats(&ana).await;
    let id = save(&ana, breakfast(food)).await["id"].as_i64().unwrap();
    for _ in 0..198 {
        ana.add_food(json!({"date": DAY, "calories": 1})).await;
    }
    let r = ana
        .post(
            &format!("/api/v1/saved-meals/{id}/log"),
            &json!({"date": DAY, "meal": "dinner"}),
        )
        .await;
    assert_eq!(
        problem_fields(r, StatusCode::UNPROCESSABLE_ENTITY).await,
        ["food_entries_per_day"]
    );
    assert_eq!(day_entries(&ana, DAY).await.len(), 198);
    // Exactly to the limit is allowed.
    let first = day_entries(&ana, DAY).await[0]["id"].as_i64().unwrap();
    let r = ana.delete(&format!("/api/v1/food-entries/{first}")).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = ana
        .post(
            &format!("/api/v1/saved-meals/{id}/log"),
            &json!({"date": DAY, "meal": "dinner"}),
        )
        .await;
    json_of(r, StatusCode::CREATED).await;
    assert_eq!(day_entries(&ana, DAY).await.len(), 200);
}

async fn a_meal_of_the_day_is_saved(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    let food = oats(&ana).await;
    ana.add_food(json!({"date": DAY, "meal": "breakfast", "food_id": food, "quantity_g": 40}))
        .await;
    ana.add_food(json!({
        "date": DAY, "meal": "breakfast", "name": "Juice", "calories": 90, "carbs_g": 21,
        "sugars_g": 18, "micronutrients": {"vitamin_c_mg": 60},
    }))
    .await;
    ana.add_food(json!({"date": DAY, "meal": "lunch", "name": "Soup", "calories": 300}))
        .await;
    let r = ana
        .post(
            "/api/v1/saved-meals/from-day",
            &json!({"date": DAY, "meal": "breakfast", "name": "Weekday breakfast"}),
        )
        .await;
    let meal = json_of(r, StatusCode::CREATED).await;
    assert_eq!(meal["name"], "Weekday breakfast");
    let items = meal["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{meal}");
    assert_eq!(items[0]["food_id"], food);
    assert_eq!(num(&items[0]["quantity_g"]), 40.0);
    assert_eq!(num(&items[0]["calories"]), 152.0);
    assert_eq!(items[1]["food_id"], Value::Null);
    assert_eq!(items[1]["name"], "Juice");
    assert_eq!(num(&items[1]["sugars_g"]), 18.0);
    assert_eq!(num(&items[1]["micronutrients"]["vitamin_c_mg"]), 60.0);
    assert_eq!(num(&meal["total"]["calories"]), 242.0);

    for (body, fields) in [
        (
            json!({"date": DAY, "meal": "dinner", "name": "Nothing"}),
            vec!["meal"],
        ),
        (
            json!({"date": "01/07/2026", "meal": "brunch", "name": ""}),
            vec!["date", "meal", "name"],
        ),
        (json!({"date": DAY, "meal": "lunch"}), vec!["name"]),
    ] {
        let r = ana.post("/api/v1/saved-meals/from-day", &body).await;
        assert_eq!(
            problem_fields(r, StatusCode::UNPROCESSABLE_ENTITY).await,
            fields,
            "{body}"
        );
    }
    let list = ana.get_ok("/api/v1/saved-meals").await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
}

async fn another_accounts_meals_and_foods_are_not_theirs(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    let bob = app.user("bob").await;
    let food = oats(&ana).await;
    let meal = save(&ana, breakfast(food)).await;
    let id = meal["id"].as_i64().unwrap();
    let path = format!("/api/v1/saved-meals/{id}");
    problem_fields(bob.get(&path).await, StatusCode::NOT_FOUND).await;
    let r = bob
        .put(
            &path,
            &json!({"name": "Mine", "items": [{"name": "Tea", "calories": 2}]}),
        )
        .await;
    problem_fields(r, StatusCode::NOT_FOUND).await;
    problem_fields(bob.delete(&path).await, StatusCode::NOT_FOUND).await;
    let r = bob
        .post(
            &format!("{path}/log"),
            &json!({"date": DAY, "meal": "lunch"}),
        )
        .await;
    problem_fields(r, StatusCode::NOT_FOUND).await;
    assert!(day_entries(&bob, DAY).await.is_empty());
    assert_eq!(bob.get_ok("/api/v1/saved-meals").await["items"], json!([]));
    // Ana's custom food is no food of Bob's.
    let r = bob
        .post(
            "/api/v1/saved-meals",
            &json!({"name": "Borrowed", "items": [{"name": "Tea", "calories": 2}, {"food_id": food, "quantity_g": 50}]}),
        )
        .await;
    assert_eq!(
        problem_fields(r, StatusCode::UNPROCESSABLE_ENTITY).await,
        ["items[1].food_id"]
    );
    assert_eq!(ana.get_ok(&path).await, meal);
}

async fn bad_input_is_named_by_item(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    let food = oats(&ana).await;
    let tea = json!({"name": "Tea", "calories": 2});
    let cases = [
        (json!({"name": "", "items": [tea]}), vec!["name"]),
        (
            json!({"name": "x".repeat(201), "items": [tea]}),
            vec!["name"],
        ),
        (json!({"items": [tea]}), vec!["name"]),
        (json!({"name": "Empty", "items": []}), vec!["items"]),
        (json!({"name": "None"}), vec!["items"]),
        (json!({"name": "Odd", "items": "tea"}), vec!["items"]),
        (
            json!({"name": "Many", "items": vec![tea.clone(); 51]}),
            vec!["items"],
        ),
        (
            json!({"name": "Bad", "items": [
                {"food_id": food, "quantity_g": 0},
                {"name": "Nothing"},
                {"name": "Odd", "calories": 1, "micronutrients": {"vitamin_z_mg": 1}},
                {"food_id": food, "quantity_g": 10, "calories": 40},
                {"food_id": food, "serving": "1 bowl"},
                {"name": "Big", "calories": 10001, "fibre_g": -1},
                {"food_id": 999_999_999, "quantity_g": 10},
                {"name": "Grams", "calories": 1, "quantity_g": 10},
            ]}),
            vec![
                "items[0].quantity_g",
                "items[1].calories",
                "items[2].micronutrients.vitamin_z_mg",
                "items[3].calories",
                "items[4].serving",
                "items[5].calories",
                "items[5].fibre_g",
                "items[6].food_id",
                "items[7].quantity_g",
            ],
        ),
    ];
    for (body, fields) in cases {
        let r = ana.post("/api/v1/saved-meals", &body).await;
        let mut got = problem_fields(r, StatusCode::UNPROCESSABLE_ENTITY).await;
        got.sort();
        let mut want: Vec<String> = fields.iter().map(|f| f.to_string()).collect();
        want.sort();
        assert_eq!(got, want, "{body}");
    }
    // Exactly 50 items and a 200-character name are fine.
    let ok = save(
        &ana,
        json!({"name": "é".repeat(200), "items": vec![tea.clone(); 50]}),
    )
    .await;
    assert_eq!(ok["items"].as_array().unwrap().len(), 50);
    // A bad replacement changes nothing.
    let id = ok["id"].as_i64().unwrap();
    let r = ana
        .put(
            &format!("/api/v1/saved-meals/{id}"),
            &json!({"name": "Changed", "items": [{"food_id": food}]}),
        )
        .await;
    assert_eq!(
        problem_fields(r, StatusCode::UNPROCESSABLE_ENTITY).await,
        ["items[0].quantity_g"]
    );
    assert_eq!(ana.get_ok(&format!("/api/v1/saved-meals/{id}")).await, ok);
    assert_eq!(
        ana.get_ok("/api/v1/saved-meals").await["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

async fn an_account_holds_at_most_1000_saved_meals(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    let tea = json!({"name": "Tea", "items": [{"name": "Tea", "calories": 2}]});
    save(&ana, tea.clone()).await;
    // 998 more straight into the table: a thousand requests would only be slow.
    let sql = "INSERT INTO saved_meals (account_id, name, created_at, updated_at)
               SELECT account_id, name, created_at, updated_at FROM saved_meals";
    let fill = async |sql: &str| match backend {
        Backend::Sqlite => {
            let pool = sqlx::SqlitePool::connect(&app.database_url).await.unwrap();
            sqlx::query(sql).execute(&pool).await.unwrap();
            pool.close().await;
        }
        Backend::Postgres => {
            let pool = sqlx::PgPool::connect(&app.database_url).await.unwrap();
            sqlx::query(sql).execute(&pool).await.unwrap();
            pool.close().await;
        }
    };
    // Doubling nine times: 512; then 486 more of the first.
    for _ in 0..9 {
        fill(sql).await;
    }
    fill(&format!(
        "{sql} WHERE id IN (SELECT id FROM saved_meals ORDER BY id LIMIT 486)"
    ))
    .await;
    assert_eq!(rows_in(&app, backend, "saved_meals").await, 998);
    save(&ana, tea.clone()).await;
    save(&ana, tea.clone()).await;
    let r = ana.post("/api/v1/saved-meals", &tea).await;
    assert_eq!(
        problem_fields(r, StatusCode::UNPROCESSABLE_ENTITY).await,
        ["saved_meals"]
    );
    ana.add_food(json!({"date": DAY, "meal": "lunch", "calories": 300}))
        .await;
    let r = ana
        .post(
            "/api/v1/saved-meals/from-day",
            &json!({"date": DAY, "meal": "lunch", "name": "Lunch"}),
        )
        .await;
    assert_eq!(
        problem_fields(r, StatusCode::UNPROCESSABLE_ENTITY).await,
        ["saved_meals"]
    );
    assert_eq!(rows_in(&app, backend, "saved_meals").await, 1000);
    // Another account has its own quota.
    let bob = app.user("bob").await;
    save(&bob, tea).await;
}

async fn export_and_deletion_hold_saved_meals(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.new_browser();
    ana.register_and_login("ana", "correct horse battery").await;
    let bob = app.user("bob").await;
    let food = oats(&ana).await;
    let meal = save(&ana, breakfast(food)).await;
    save(
        &bob,
        json!({"name": "Bob's", "items": [{"name": "Tea", "calories": 2}]}),
    )
    .await;
    let export = ana.get_ok("/api/v1/export?format=json").await;
    assert_eq!(export["saved_meals"], json!([meal]), "{export}");
    let theirs = bob.get_ok("/api/v1/export").await;
    assert_eq!(theirs["saved_meals"].as_array().unwrap().len(), 1);
    assert_eq!(theirs["saved_meals"][0]["name"], "Bob's");

    assert_eq!(rows_in(&app, backend, "saved_meals").await, 2);
    assert_eq!(rows_in(&app, backend, "saved_meal_items").await, 4);
    let r = ana
        .delete_json("/api/v1/me", &json!({"password": "correct horse battery"}))
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(rows_in(&app, backend, "saved_meals").await, 1);
    assert_eq!(rows_in(&app, backend, "saved_meal_items").await, 1);
    assert_eq!(
        bob.get_ok("/api/v1/saved-meals").await["items"][0]["name"],
        "Bob's"
    );
}

both_backends!(
    a_meal_is_saved_with_computed_items_and_totals,
    catalogue_items_follow_the_food_and_outlive_it,
    logging_makes_one_entry_per_item,
    a_log_that_would_pass_the_days_quota_creates_nothing,
    a_meal_of_the_day_is_saved,
    another_accounts_meals_and_foods_are_not_theirs,
    bad_input_is_named_by_item,
    an_account_holds_at_most_1000_saved_meals,
    export_and_deletion_hold_saved_meals,
);
