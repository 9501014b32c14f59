//! The food catalogue: custom foods, search, logging from the catalogue and
//! the recently logged foods.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::*;

/// A custom food with per-100 g values and one serving.
fn granola() -> Value {
    json!({
        "name": "Zorblax Mountain Granola",
        "brand": "Acme Mills",
        "calories": 251,
        "protein_g": 8.2,
        "fat_g": 3.6,
        "carbs_g": 47.4,
        "fibre_g": 9.1,
        "sugars_g": 12.5,
        "servings": [{"label": "1 bowl", "grams": 45}],
    })
}

async fn create_food(user: &Browser, body: &Value) -> Value {
    json_of(user.post("/api/v1/foods", body).await, StatusCode::CREATED).await
}

fn id_of(v: &Value) -> i64 {
    v["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("no numeric id: {v}"))
}

fn ids(list: &Value) -> Vec<i64> {
    list["items"]
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {list}"))
        .iter()
        .map(id_of)
        .collect()
}

fn sorted(mut fields: Vec<String>) -> Vec<String> {
    fields.sort();
    fields
}

async fn custom_food_crud(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let alice = app.user("alice").await;

    let food = create_food(&alice, &granola()).await;
    let id = id_of(&food);
    assert_eq!(food["name"], "Zorblax Mountain Granola");
    assert_eq!(food["brand"], "Acme Mills");
    assert_eq!(num(&food["calories"]), 251.0);
    assert_eq!(num(&food["protein_g"]), 8.2);
    assert_eq!(num(&food["fat_g"]), 3.6);
    assert_eq!(num(&food["carbs_g"]), 47.4);
    assert_eq!(num(&food["fibre_g"]), 9.1);
    assert_eq!(num(&food["sugars_g"]), 12.5);
    assert!(food["sodium_mg"].is_null(), "{food}");
    assert_eq!(food["source"], "custom");
    assert_eq!(food["custom"], true);
    assert_eq!(food["servings"].as_array().unwrap().len(), 1, "{food}");
    assert_eq!(food["servings"][0]["label"], "1 bowl");
    assert_eq!(num(&food["servings"][0]["grams"]), 45.0);

    let got = alice.get_ok(&format!("/api/v1/foods/{id}")).await;
    assert_eq!(got, food);

    // PATCH changes only what it is given.
    let patched = json_of(
        alice
            .patch(
                &format!("/api/v1/foods/{id}"),
                &json!({"calories": 390, "brand": "Other Mills"}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(id_of(&patched), id);
    assert_eq!(num(&patched["calories"]), 390.0);
    assert_eq!(patched["brand"], "Other Mills");
    assert_eq!(patched["name"], "Zorblax Mountain Granola");
    assert_eq!(num(&patched["protein_g"]), 8.2);
    assert_eq!(num(&patched["fat_g"]), 3.6);
    assert_eq!(num(&patched["carbs_g"]), 47.4);
    assert_eq!(num(&patched["fibre_g"]), 9.1);
    assert_eq!(patched["servings"][0]["label"], "1 bowl");
    let got = alice.get_ok(&format!("/api/v1/foods/{id}")).await;
    assert_eq!(num(&got["calories"]), 390.0);
    assert_eq!(got["brand"], "Other Mills");

    // An invalid PATCH changes nothing.
    let fields = problem_fields(
        alice
            .patch(&format!("/api/v1/foods/{id}"), &json!({"fat_g": 101}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields, ["fat_g"]);
    let got = alice.get_ok(&format!("/api/v1/foods/{id}")).await;
    assert_eq!(num(&got["fat_g"]), 3.6);

    let r = alice.delete(&format!("/api/v1/foods/{id}")).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = alice.get(&format!("/api/v1/foods/{id}")).await;
    problem_fields(r, StatusCode::NOT_FOUND).await;
    let r = alice.delete(&format!("/api/v1/foods/{id}")).await;
    problem_fields(r, StatusCode::NOT_FOUND).await;
    let r = alice
        .patch(&format!("/api/v1/foods/{id}"), &json!({"calories": 1}))
        .await;
    problem_fields(r, StatusCode::NOT_FOUND).await;
}

async fn custom_food_is_invisible_to_other_accounts(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let alice = app.user("alice").await;
    let bob = app.user("bob").await;
    let food = create_food(&alice, &granola()).await;
    let path = format!("/api/v1/foods/{}", id_of(&food));

    problem_fields(bob.get(&path).await, StatusCode::NOT_FOUND).await;
    problem_fields(
        bob.patch(&path, &json!({"calories": 1, "name": "Mine now"}))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    problem_fields(bob.delete(&path).await, StatusCode::NOT_FOUND).await;

    let got = alice.get_ok(&path).await;
    assert_eq!(got, food, "bob's attempts changed alice's food");
}

async fn food_validation_names_every_bad_field(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let alice = app.user("alice").await;

    let fields = problem_fields(
        alice
            .post(
                "/api/v1/foods",
                &json!({"calories": -1, "protein_g": "x", "fat_g": 1, "carbs_g": 1}),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(sorted(fields), ["calories", "name", "protein_g"]);

    let fields = problem_fields(
        alice
            .post(
                "/api/v1/foods",
                &json!({
                    "name": "Zorblax Too Much",
                    "calories": 1000.1,
                    "protein_g": 100.1,
                    "fat_g": 1,
                    "carbs_g": 1,
                }),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(sorted(fields), ["calories", "protein_g"]);

    // Nothing was stored.
    let found = alice.get_ok("/api/v1/foods?q=zorblax").await;
    assert_eq!(ids(&found), Vec::<i64>::new());
}

async fn search_finds_custom_foods_of_their_owner(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let alice = app.user("alice").await;
    let bob = app.user("bob").await;
    let granola = create_food(&alice, &granola()).await;
    let bar = create_food(
        &alice,
        &json!({"name": "Zorblax Energy Bar", "calories": 420, "protein_g": 10,
                "fat_g": 15, "carbs_g": 60}),
    )
    .await;
    let soup = create_food(
        &alice,
        &json!({"name": "Zorblax Tomato Soup", "calories": 40, "protein_g": 1,
                "fat_g": 1, "carbs_g": 7}),
    )
    .await;

    // Its words, in any case and any word order, find it first; the shared
    // catalogue's granolas come after.
    for q in [
        "Mountain",
        "granola%20zorblax",
        "MOUNTAIN%20zorBLAX%20granola",
        "zorblax%20montain%20granola",
    ] {
        let found = alice.get_ok(&format!("/api/v1/foods?q={q}")).await;
        assert_eq!(found["items"][0]["id"], granola["id"], "q={q}: {found}");
        assert_eq!(found["items"][0]["name"], "Zorblax Mountain Granola");
    }
    let found = alice.get_ok("/api/v1/foods?q=GRANOLA&limit=50").await;
    assert!(ids(&found).contains(&id_of(&granola)), "{found}");
    assert!(
        ids(&found).len() > 1,
        "shared granolas are found too: {found}"
    );
    // The best match for each of several words comes first.
    let found = alice.get_ok("/api/v1/foods?q=zorblax%20soup").await;
    assert_eq!(found["items"][0]["id"], soup["id"], "{found}");

    let mut all = ids(&alice.get_ok("/api/v1/foods?q=zorblax").await);
    all.sort();
    let mut expected = vec![id_of(&granola), id_of(&bar), id_of(&soup)];
    expected.sort();
    assert_eq!(all, expected);

    // Only for its owner.
    let found = bob.get_ok("/api/v1/foods?q=zorblax").await;
    assert_eq!(ids(&found), Vec::<i64>::new());
    let found = bob.get_ok("/api/v1/foods?q=granola").await;
    assert!(!ids(&found).contains(&id_of(&granola)), "{found}");

    // `limit` is honoured, within 1..=50.
    let found = alice.get_ok("/api/v1/foods?q=zorblax&limit=2").await;
    assert_eq!(ids(&found).len(), 2, "{found}");
    let found = alice.get_ok("/api/v1/foods?q=zorblax&limit=1").await;
    assert_eq!(ids(&found).len(), 1, "{found}");
    let found = alice.get_ok("/api/v1/foods?q=zorblax&limit=50").await;
    assert_eq!(ids(&found).len(), 3, "{found}");
    // More than 50 is capped at 50, not refused.
    let found = alice.get_ok("/api/v1/foods?q=cheese&limit=500").await;
    assert_eq!(ids(&found).len(), 50, "{found}");
    for bad in ["0", "-1", "ten", "1.5"] {
        let r = alice
            .get(&format!("/api/v1/foods?q=zorblax&limit={bad}"))
            .await;
        problem_fields(r, StatusCode::BAD_REQUEST).await;
    }
}

async fn logging_from_the_catalogue_snapshots_the_values(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let alice = app.user("alice").await;
    let food = create_food(&alice, &granola()).await;
    let food_id = id_of(&food);

    let entry = alice
        .add_food(json!({
            "date": "2026-03-04",
            "meal": "lunch",
            "food_id": food_id,
            "quantity_g": 150,
        }))
        .await;
    let entry_id = id_of(&entry);
    // Per 100 g × 150 / 100: 251 → 376.5, 8.2 → 12.3, 3.6 → 5.4, 47.4 → 71.1.
    assert_eq!(entry["date"], "2026-03-04");
    assert_eq!(entry["meal"], "lunch");
    assert_eq!(entry["name"], "Zorblax Mountain Granola");
    assert_eq!(num(&entry["calories"]), 376.5);
    assert_eq!(num(&entry["protein_g"]), 12.3);
    assert_eq!(num(&entry["fat_g"]), 5.4);
    assert_eq!(num(&entry["carbs_g"]), 71.1);
    assert_eq!(entry["food_id"].as_i64(), Some(food_id));
    assert_eq!(num(&entry["quantity_g"]), 150.0);

    // Amounts are rounded to 0.1: 251 × 1.33 = 333.83, 8.2 × 1.33 = 10.906,
    // 3.6 × 1.33 = 4.788, 47.4 × 1.33 = 63.042; and a given name is kept.
    let other = alice
        .add_food(json!({
            "date": "2026-03-04",
            "meal": "dinner",
            "name": "Granola at night",
            "food_id": food_id,
            "quantity_g": 133,
        }))
        .await;
    assert_eq!(other["name"], "Granola at night");
    assert_eq!(num(&other["calories"]), 333.8);
    assert_eq!(num(&other["protein_g"]), 10.9);
    assert_eq!(num(&other["fat_g"]), 4.8);
    assert_eq!(num(&other["carbs_g"]), 63.0);

    // Editing the food does not rewrite the diary.
    let r = alice
        .patch(
            &format!("/api/v1/foods/{food_id}"),
            &json!({"calories": 500, "protein_g": 20, "name": "Renamed"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let got = alice
        .get_ok(&format!("/api/v1/food-entries/{entry_id}"))
        .await;
    assert_eq!(got["name"], "Zorblax Mountain Granola");
    assert_eq!(num(&got["calories"]), 376.5);
    assert_eq!(num(&got["protein_g"]), 12.3);

    // Nor does deleting it.
    let r = alice.delete(&format!("/api/v1/foods/{food_id}")).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let got = alice
        .get_ok(&format!("/api/v1/food-entries/{entry_id}"))
        .await;
    assert_eq!(got["name"], "Zorblax Mountain Granola");
    assert_eq!(num(&got["calories"]), 376.5);
    assert_eq!(num(&got["protein_g"]), 12.3);
    assert_eq!(num(&got["fat_g"]), 5.4);
    assert_eq!(num(&got["carbs_g"]), 71.1);
    assert_eq!(num(&got["quantity_g"]), 150.0);
    let day = alice.get_ok("/api/v1/food-entries?date=2026-03-04").await;
    assert_eq!(ids(&day), [entry_id, id_of(&other)]);
    assert_eq!(num(&day["items"][0]["calories"]), 376.5);

    // A new quantity rescales the stored amounts: × 200 / 150.
    let patched = json_of(
        alice
            .patch(
                &format!("/api/v1/food-entries/{entry_id}"),
                &json!({"quantity_g": 200}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(num(&patched["quantity_g"]), 200.0);
    assert_eq!(num(&patched["calories"]), 502.0);
    assert_eq!(num(&patched["protein_g"]), 16.4);
    assert_eq!(num(&patched["fat_g"]), 7.2);
    assert_eq!(num(&patched["carbs_g"]), 94.8);
    assert_eq!(patched["name"], "Zorblax Mountain Granola");
    let got = alice
        .get_ok(&format!("/api/v1/food-entries/{entry_id}"))
        .await;
    assert_eq!(num(&got["calories"]), 502.0);
}

async fn rescaling_uses_the_entry_not_the_edited_food(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let alice = app.user("alice").await;
    let food = create_food(&alice, &granola()).await;
    let food_id = id_of(&food);
    let entry = alice
        .add_food(json!({"date": "2026-03-05", "food_id": food_id, "quantity_g": 100}))
        .await;
    assert_eq!(entry["meal"], "snack");
    assert_eq!(num(&entry["calories"]), 251.0);
    let r = alice
        .patch(
            &format!("/api/v1/foods/{food_id}"),
            &json!({"calories": 999}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let patched = json_of(
        alice
            .patch(
                &format!("/api/v1/food-entries/{}", id_of(&entry)),
                &json!({"quantity_g": 50}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(num(&patched["calories"]), 125.5);
    assert_eq!(num(&patched["protein_g"]), 4.1);
    assert_eq!(num(&patched["fat_g"]), 1.8);
    assert_eq!(num(&patched["carbs_g"]), 23.7);
    assert_eq!(num(&patched["quantity_g"]), 50.0);
}

async fn logging_from_the_catalogue_is_validated(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let alice = app.user("alice").await;
    let bob = app.user("bob").await;
    let food = create_food(&alice, &granola()).await;
    let food_id = id_of(&food);

    let cases = [
        (
            json!({"date": "2026-03-04", "food_id": 987654321, "quantity_g": 100}),
            vec!["food_id"],
        ),
        (
            json!({"date": "2026-03-04", "food_id": food_id, "quantity_g": 0}),
            vec!["quantity_g"],
        ),
        (
            json!({"date": "2026-03-04", "food_id": food_id, "quantity_g": 100000}),
            vec!["quantity_g"],
        ),
        (
            json!({"date": "2026-03-04", "food_id": food_id}),
            vec!["quantity_g"],
        ),
        (
            json!({"date": "2026-03-04", "food_id": food_id, "quantity_g": 100, "calories": 5}),
            vec!["calories"],
        ),
    ];
    for (body, expected) in cases {
        let fields = problem_fields(
            alice.post("/api/v1/food-entries", &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields, expected, "{body}");
    }
    let day = alice.get_ok("/api/v1/food-entries?date=2026-03-04").await;
    assert_eq!(ids(&day), Vec::<i64>::new(), "an invalid entry was stored");

    // Another account cannot log alice's custom food.
    let fields = problem_fields(
        bob.post(
            "/api/v1/food-entries",
            &json!({"date": "2026-03-04", "food_id": food_id, "quantity_g": 100}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields, ["food_id"]);
    let day = bob.get_ok("/api/v1/food-entries?date=2026-03-04").await;
    assert_eq!(ids(&day), Vec::<i64>::new());

    // Nor move one of its own entries onto it.
    let own = bob
        .add_food(json!({"date": "2026-03-04", "name": "Apple", "calories": 52}))
        .await;
    let fields = problem_fields(
        bob.patch(
            &format!("/api/v1/food-entries/{}", id_of(&own)),
            &json!({"food_id": food_id, "quantity_g": 100}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields, ["food_id"]);
    let got = bob
        .get_ok(&format!("/api/v1/food-entries/{}", id_of(&own)))
        .await;
    assert_eq!(num(&got["calories"]), 52.0);
    assert!(got["food_id"].is_null(), "{got}");
}

async fn recent_lists_logged_foods(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let alice = app.user("alice").await;
    let bob = app.user("bob").await;
    let granola = create_food(&alice, &granola()).await;
    let bar = create_food(
        &alice,
        &json!({"name": "Zorblax Energy Bar", "calories": 420, "protein_g": 10,
                "fat_g": 15, "carbs_g": 60}),
    )
    .await;
    let never = create_food(
        &alice,
        &json!({"name": "Zorblax Never Eaten", "calories": 1, "protein_g": 0,
                "fat_g": 0, "carbs_g": 0}),
    )
    .await;

    let recent = alice.get_ok("/api/v1/foods/recent").await;
    assert_eq!(ids(&recent), Vec::<i64>::new());

    for quantity in [150, 80] {
        alice
            .add_food(json!({"date": "2026-03-04", "food_id": id_of(&granola),
                             "quantity_g": quantity}))
            .await;
    }
    alice
        .add_food(json!({"date": "2026-03-04", "food_id": id_of(&bar), "quantity_g": 60}))
        .await;
    // Entries logged by hand are not catalogue foods.
    alice
        .add_food(json!({"date": "2026-03-04", "name": "Zorblax by hand", "calories": 10}))
        .await;

    let recent = alice.get_ok("/api/v1/foods/recent").await;
    let items = recent["items"].as_array().unwrap();
    assert_eq!(ids(&recent), [id_of(&bar), id_of(&granola)], "{recent}");
    assert!(!ids(&recent).contains(&id_of(&never)));
    assert_eq!(items[0]["name"], "Zorblax Energy Bar");
    assert_eq!(items[0]["times_logged"], 1);
    assert_eq!(num(&items[0]["last_quantity_g"]), 60.0);
    assert_eq!(items[1]["name"], "Zorblax Mountain Granola");
    assert_eq!(items[1]["times_logged"], 2);
    assert_eq!(num(&items[1]["last_quantity_g"]), 80.0);
    assert_eq!(num(&items[1]["calories"]), 251.0);

    let recent = bob.get_ok("/api/v1/foods/recent").await;
    assert_eq!(ids(&recent), Vec::<i64>::new());
}

async fn search_folds_case_beyond_ascii(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let alice = app.user("alice").await;
    let creme = create_food(
        &alice,
        &json!({"name": "Crème Fraîche Épaisse", "calories": 292, "protein_g": 2.4,
                "fat_g": 30, "carbs_g": 2.7}),
    )
    .await;

    // "In any case" holds for accented letters too, and accents are optional.
    for q in [
        "Épaisse",
        "épaisse",
        "ÉPAISSE",
        "CRÈME%20fraîche",
        "FRAÎCHE",
        "creme%20fraiche",
    ] {
        let found = alice.get_ok(&format!("/api/v1/foods?q={q}")).await;
        assert_eq!(found["items"][0]["id"], creme["id"], "q={q}: {found}");
    }
}

async fn search_takes_wildcards_literally(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let alice = app.user("alice").await;
    let rye = create_food(
        &alice,
        &json!({"name": "Zorblax 100% Rye", "calories": 330, "protein_g": 9,
                "fat_g": 2, "carbs_g": 66}),
    )
    .await;
    let crisp = create_food(
        &alice,
        &json!({"name": "Zorblax Rye_Crisp 1000", "calories": 370, "protein_g": 10,
                "fat_g": 3, "carbs_g": 70}),
    )
    .await;

    // `%` and `_` are no wildcards: punctuation separates words.
    let found = alice.get_ok("/api/v1/foods?q=zorblax%20100%25").await;
    assert_eq!(found["items"][0]["id"], rye["id"], "{found}");
    let found = alice.get_ok("/api/v1/foods?q=zorblax%20rye_crisp").await;
    assert_eq!(found["items"][0]["id"], crisp["id"], "{found}");
    let found = alice.get_ok("/api/v1/foods?q=%25%25%20__").await;
    assert_eq!(
        ids(&found).len(),
        20,
        "nothing typed lists the catalogue: {found}"
    );
}

both_backends!(
    custom_food_crud,
    custom_food_is_invisible_to_other_accounts,
    food_validation_names_every_bad_field,
    search_finds_custom_foods_of_their_owner,
    logging_from_the_catalogue_snapshots_the_values,
    rescaling_uses_the_entry_not_the_edited_food,
    logging_from_the_catalogue_is_validated,
    recent_lists_logged_foods,
    search_folds_case_beyond_ascii,
    search_takes_wildcards_literally,
);
