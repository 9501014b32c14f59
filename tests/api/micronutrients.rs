//! Nutrients beyond the macros (nutrition.md §2): the extras and the
//! `micronutrients` object on custom foods and food entries (scaled like
//! the macros, unknown absent, never 0), and the daily and range
//! summaries' `nutrients` with their targets and partial totals.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::*;

const DAY: &str = "2026-05-04";

/// A custom food per 100 g: 2 mg iron, 120 mg calcium, 0.5 µg B12, 3 g
/// fibre; zinc and the rest unknown.
async fn fortified_oats(user: &Browser) -> Value {
    json_of(
        user.post(
            "/api/v1/foods",
            &json!({
                "name": "Fortified oats", "calories": 380, "protein_g": 13, "fat_g": 7,
                "carbs_g": 60, "fibre_g": 3, "sodium_mg": null,
                "micronutrients": {"iron_mg": 2, "calcium_mg": 120, "vitamin_b12_ug": 0.5},
            }),
        )
        .await,
        StatusCode::CREATED,
    )
    .await
}

fn micros(v: &Value) -> &serde_json::Map<String, Value> {
    v["micronutrients"]
        .as_object()
        .unwrap_or_else(|| panic!("no micronutrients object: {v}"))
}

async fn custom_foods_keep_what_is_known_and_only_that(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    let food = fortified_oats(&ana).await;
    assert_eq!(food["fibre_g"], 3.0);
    assert_eq!(food["sodium_mg"], Value::Null);
    assert_eq!(food["sugars_g"], Value::Null);
    let m = micros(&food);
    assert_eq!(m.len(), 3, "{food}");
    assert_eq!(m["iron_mg"], 2.0);
    assert_eq!(m["vitamin_b12_ug"], 0.5);
    assert!(!m.contains_key("zinc_mg"), "unknown must be absent: {food}");

    // A change merges into the object: a key sent changes, null forgets,
    // a key left out keeps its amount.
    let id = food["id"].as_i64().unwrap();
    let changed = json_of(
        ana.patch(
            &format!("/api/v1/foods/{id}"),
            &json!({"micronutrients": {"zinc_mg": 1.25, "calcium_mg": null}}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let m = micros(&changed);
    assert_eq!(m["zinc_mg"], 1.25);
    assert_eq!(m["iron_mg"], 2.0);
    assert!(!m.contains_key("calcium_mg"), "{changed}");
    assert_eq!(changed["fibre_g"], 3.0);
    let read = ana.get_ok(&format!("/api/v1/foods/{id}")).await;
    assert_eq!(read["micronutrients"], changed["micronutrients"]);
}

async fn bad_micronutrients_are_refused_naming_the_key(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    let fields = problem_fields(
        ana.post(
            "/api/v1/foods",
            &json!({
                "name": "Odd", "calories": 1, "protein_g": 0, "fat_g": 0, "carbs_g": 0,
                "fibre_g": -1,
                "micronutrients": {"vitamin_z_mg": 1, "iron_mg": -0.5, "potassium_mg": 1e9,
                                   "zinc_mg": "lots"},
            }),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    for field in [
        "fibre_g",
        "micronutrients.vitamin_z_mg",
        "micronutrients.iron_mg",
        "micronutrients.potassium_mg",
        "micronutrients.zinc_mg",
    ] {
        assert!(fields.iter().any(|f| f == field), "{field} in {fields:?}");
    }
    let fields = problem_fields(
        ana.post(
            "/api/v1/foods",
            &json!({"name": "Odd", "calories": 1, "protein_g": 0, "fat_g": 0, "carbs_g": 0,
                    "micronutrients": [1, 2]}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields, ["micronutrients"]);
    // Nothing was stored.
    let list = ana.get_ok("/api/v1/foods?q=odd").await;
    assert_eq!(list["items"].as_array().unwrap().len(), 0, "{list}");
}

async fn entries_scale_the_foods_amounts_and_rescale_on_edit(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    let food = fortified_oats(&ana).await;
    let entry = ana
        .add_food(
            json!({"date": DAY, "meal": "breakfast", "food_id": food["id"], "quantity_g": 45}),
        )
        .await;
    assert_eq!(entry["fibre_g"], 1.35);
    assert_eq!(entry["sodium_mg"], Value::Null);
    let m = micros(&entry);
    assert_eq!(m["iron_mg"], 0.9);
    assert_eq!(m["calcium_mg"], 54.0);
    assert_eq!(m["vitamin_b12_ug"], 0.225);
    assert!(!m.contains_key("zinc_mg"));

    let id = entry["id"].as_i64().unwrap();
    let edited = json_of(
        ana.patch(
            &format!("/api/v1/food-entries/{id}"),
            &json!({"quantity_g": 90}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(micros(&edited)["iron_mg"], 1.8);
    assert_eq!(micros(&edited)["vitamin_b12_ug"], 0.45);
    assert_eq!(edited["fibre_g"], 2.7);

    // Amounts of an entry from the catalogue are computed, not sent.
    let fields = problem_fields(
        ana.post(
            "/api/v1/food-entries",
            &json!({"date": DAY, "food_id": food["id"], "quantity_g": 10,
                    "micronutrients": {"iron_mg": 5}}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields, ["micronutrients"]);

    // Changing the food later never rewrites the entry.
    let food_id = food["id"].as_i64().unwrap();
    json_of(
        ana.patch(
            &format!("/api/v1/foods/{food_id}"),
            &json!({"micronutrients": {"iron_mg": 20}}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let kept = ana.get_ok(&format!("/api/v1/food-entries/{id}")).await;
    assert_eq!(micros(&kept)["iron_mg"], 1.8);
}

async fn entries_by_hand_carry_what_they_are_given(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    let entry = ana
        .add_food(json!({"date": DAY, "name": "Orange juice", "calories": 110,
                         "sugars_g": 21, "micronutrients": {"vitamin_c_mg": 124, "potassium_mg": 496}}))
        .await;
    assert_eq!(entry["sugars_g"], 21.0);
    assert_eq!(micros(&entry).len(), 2);
    let id = entry["id"].as_i64().unwrap();
    let edited = json_of(
        ana.patch(
            &format!("/api/v1/food-entries/{id}"),
            &json!({"micronutrients": {"folate_ug": 74}}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let m = micros(&edited);
    assert_eq!(
        (m["vitamin_c_mg"].clone(), m["folate_ug"].clone()),
        (json!(124.0), json!(74.0))
    );
    // A copy to another day keeps every amount.
    let copied = json_of(
        ana.post(
            "/api/v1/food-entries/copy",
            &json!({"from_date": DAY, "to_date": "2026-05-05"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let copy = &copied["items"][0];
    assert_eq!(copy["micronutrients"], edited["micronutrients"], "{copied}");
    assert_eq!(copy["sugars_g"], 21.0);
}

fn nutrient<'a>(summary: &'a Value, key: &str) -> &'a Value {
    &summary["nutrients"][key]
}

async fn the_daily_summary_totals_nutrients_and_marks_partial_ones(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    let food = fortified_oats(&ana).await;
    ana.add_food(json!({"date": DAY, "food_id": food["id"], "quantity_g": 50}))
        .await;
    ana.add_food(json!({"date": DAY, "name": "Spinach", "calories": 23,
                        "micronutrients": {"iron_mg": 2.7, "vitamin_k_ug": 483}}))
        .await;
    ana.add_food(json!({"date": DAY, "calories": 300})).await;
    // Another account's day counts for nothing here.
    let bob = app.user("bob").await;
    bob.add_food(json!({"date": DAY, "name": "Liver", "calories": 135,
                        "micronutrients": {"iron_mg": 6.5}}))
        .await;

    let s = ana
        .get_ok(&format!("/api/v1/summary/daily?date={DAY}"))
        .await;
    let keys = s["nutrients"].as_object().unwrap();
    assert_eq!(keys.len(), 31, "{s}");
    let iron = nutrient(&s, "iron_mg");
    assert_eq!(iron["amount"], 3.7, "{iron}");
    assert_eq!(iron["unit"], "mg");
    assert_eq!(
        (iron["known_entries"].clone(), iron["entries"].clone()),
        (json!(2), json!(3))
    );
    // No profile: the adult value of the higher sex (women's 18 mg), and
    // the UL of 45 mg.
    assert_eq!(
        (iron["target_min"].clone(), iron["target_max"].clone()),
        (json!(18.0), json!(45.0))
    );
    let b12 = nutrient(&s, "vitamin_b12_ug");
    assert_eq!(
        (b12["amount"].clone(), b12["unit"].clone()),
        (json!(0.25), json!("µg"))
    );
    let zinc = nutrient(&s, "zinc_mg");
    assert_eq!(
        (zinc["amount"].clone(), zinc["known_entries"].clone()),
        (Value::Null, json!(0))
    );
    let fibre = nutrient(&s, "fibre_g");
    assert_eq!(fibre["amount"], 1.5);
    // Fibre's min follows the calorie goal (14 g per 1000 kcal of 2000).
    assert_eq!(fibre["target_min"], 28.0);

    // An override is the day's target.
    json_of(
        ana.put("/api/v1/nutrient-targets", &json!({"iron_mg": {"min": 10}}))
            .await,
        StatusCode::OK,
    )
    .await;
    let s = ana
        .get_ok(&format!("/api/v1/summary/daily?date={DAY}"))
        .await;
    assert_eq!(nutrient(&s, "iron_mg")["target_min"], 10.0);
    assert_eq!(nutrient(&s, "iron_mg")["target_max"], 45.0);

    // A day without food holds 0 of each, out of 0 entries.
    let empty = ana.get_ok("/api/v1/summary/daily?date=2026-05-06").await;
    let iron = nutrient(&empty, "iron_mg");
    assert_eq!(
        (iron["amount"].clone(), iron["entries"].clone()),
        (json!(0.0), json!(0))
    );
}

async fn the_range_summary_gives_each_days_amounts_and_their_means(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    for (date, iron) in [
        ("2026-05-01", json!(4)),
        ("2026-05-02", json!(8)),
        ("2026-05-03", Value::Null),
    ] {
        ana.add_food(json!({"date": date, "name": "Something", "calories": 500,
                            "micronutrients": {"iron_mg": iron}}))
            .await;
    }
    let r = ana
        .get_ok("/api/v1/summary?from=2026-05-01&to=2026-05-04")
        .await;
    let days = r["days"].as_array().unwrap();
    let iron: Vec<Value> = days
        .iter()
        .map(|d| d["nutrients"]["iron_mg"].clone())
        .collect();
    assert_eq!(
        iron,
        [json!(4.0), json!(8.0), Value::Null, json!(0.0)],
        "{r}"
    );
    assert_eq!(days[0]["consumed"]["calories"], 500.0);
    // The mean over the days that knew it, not counting the empty day.
    assert_eq!(r["averages"]["nutrients"]["iron_mg"], 6.0, "{r}");
    assert_eq!(r["averages"]["nutrients"]["zinc_mg"], Value::Null);
    assert_eq!(r["averages"]["consumed"]["calories"], 500.0);
}

async fn the_export_holds_every_nutrient_of_an_entry(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    ana.add_food(
        json!({"date": DAY, "name": "Milk", "calories": 122, "saturated_fat_g": 3.1,
                        "micronutrients": {"calcium_mg": 293, "vitamin_d_ug": 2.9}}),
    )
    .await;
    let export = ana.get_ok("/api/v1/export?format=json").await;
    let entry = &export["food_entries"][0];
    assert_eq!(entry["saturated_fat_g"], 3.1, "{export}");
    assert_eq!(entry["micronutrients"]["vitamin_d_ug"], 2.9);
    let r = ana.get("/api/v1/export?format=csv").await;
    let text = r.text().await.unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let row: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(header.len(), row.len(), "{text}");
    let cell = |name: &str| row[header.iter().position(|h| *h == name).unwrap()];
    assert_eq!(cell("calcium_mg"), "293");
    assert_eq!(cell("saturated_fat_g"), "3.1");
    assert_eq!(cell("iron_mg"), "");
}

both_backends!(
    custom_foods_keep_what_is_known_and_only_that,
    bad_micronutrients_are_refused_naming_the_key,
    entries_scale_the_foods_amounts_and_rescale_on_edit,
    entries_by_hand_carry_what_they_are_given,
    the_daily_summary_totals_nutrients_and_marks_partial_ones,
    the_range_summary_gives_each_days_amounts_and_their_means,
    the_export_holds_every_nutrient_of_an_entry,
);
