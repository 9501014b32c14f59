//! Every stored amount stays within its range after any operation, not only
//! at input: computed nutrients, a PATCH that rescales, computed energy.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::api::{Account, refused_fields};
use crate::both_backends;
use crate::common::database::Backend;
use crate::target::Target;

/// Butter, per 100 g, with a household measure of 250 g.
fn butter() -> Value {
    json!({"name": "Butter, salted", "calories": 717, "protein_g": 0.9, "fat_g": 81.1,
           "carbs_g": 0.1, "servings": [{"label": "1 block", "grams": 250}]})
}

async fn catalogue_entries_cannot_be_pushed_past_the_range(backend: Backend) {
    let target = Target::start(backend, &[]).await;
    let eve = Account::new(&target, "eve").await;
    let food_id = eve.create("/foods", butter()).await["id"].clone();
    let day = "/food-entries?date=2026-11-30";

    // 5000 g of butter is 35,850 kcal: above an entry's 10,000.
    let (status, body) = eve
        .post(
            "/food-entries",
            json!({"date": "2026-11-30", "food_id": food_id, "quantity_g": 5000}),
        )
        .await;
    assert_eq!(refused_fields(status, &body), ["quantity_g"]);
    // So are 20 blocks of 250 g.
    let (status, body) = eve
        .post(
            "/food-entries",
            json!({"date": "2026-11-30", "food_id": food_id, "serving": "1 block", "serving_count": 20}),
        )
        .await;
    assert_eq!(refused_fields(status, &body), ["quantity_g"]);
    assert_eq!(eve.count(day).await, 0, "nothing stored");

    let entry = eve
        .create(
            "/food-entries",
            json!({"date": "2026-11-30", "food_id": food_id, "quantity_g": 100}),
        )
        .await;
    let path = format!("/food-entries/{}", entry["id"]);
    assert_eq!(entry["calories"].as_f64(), Some(717.0));

    // The attack: set the nutrients by hand at a tiny quantity, then
    // scale them up.
    let (status, body) = eve
        .patch(&path, json!({"quantity_g": 0.1, "calories": 10000}))
        .await;
    assert_eq!(refused_fields(status, &body), ["calories"]);
    let (status, body) = eve
        .patch(&path, json!({"protein_g": 1, "fat_g": 1, "carbs_g": 1}))
        .await;
    assert_eq!(
        refused_fields(status, &body),
        ["protein_g", "fat_g", "carbs_g"]
    );
    let (status, body) = eve.patch(&path, json!({"quantity_g": 5000})).await;
    assert_eq!(refused_fields(status, &body), ["quantity_g"]);
    let (status, body) = eve
        .patch(&path, json!({"serving": "1 block", "serving_count": 20}))
        .await;
    assert_eq!(refused_fields(status, &body), ["quantity_g"]);
    let (status, body) = eve
        .patch(&path, json!({"food_id": food_id, "quantity_g": 5000}))
        .await;
    assert_eq!(refused_fields(status, &body), ["quantity_g"]);
    let stored = eve.get(&path).await;
    assert_eq!(
        stored["calories"].as_f64(),
        Some(717.0),
        "unchanged: {stored}"
    );
    assert_eq!(stored["quantity_g"].as_f64(), Some(100.0));

    // Within range it rescales.
    let (status, body) = eve.patch(&path, json!({"quantity_g": 1000})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["calories"].as_f64(), Some(7170.0));

    // Unlinked from the catalogue, the amounts are the person's to type,
    // and grams no longer apply.
    let (status, body) = eve
        .patch(&path, json!({"food_id": null, "calories": 10000}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["calories"].as_f64(), Some(10000.0));
    assert!(
        body["food_id"].is_null() && body["quantity_g"].is_null(),
        "{body}"
    );
    let (status, body) = eve.patch(&path, json!({"quantity_g": 5000})).await;
    assert_eq!(refused_fields(status, &body), ["quantity_g"]);
    let (status, body) = eve.patch(&path, json!({"calories": 10000.1})).await;
    assert_eq!(refused_fields(status, &body), ["calories"]);
    assert_eq!(eve.get(&path).await["calories"].as_f64(), Some(10000.0));
    target.assert_unharmed().await;
}

async fn computed_activity_energy_stays_in_range(backend: Backend) {
    let target = Target::start(backend, &[]).await;
    let eve = Account::new(&target, "eve").await;
    let activities = eve.get("/activities?q=running").await;
    let hardest = activities["items"]
        .as_array()
        .unwrap()
        .iter()
        .max_by(|a, b| {
            a["met"]
                .as_f64()
                .unwrap()
                .total_cmp(&b["met"].as_f64().unwrap())
        })
        .expect("running in the activity catalogue")
        .clone();
    let met = hardest["met"].as_f64().unwrap();
    assert!(met >= 3.0, "{hardest}");
    let (status, _) = eve
        .send(
            reqwest::Method::PUT,
            "/weights/2026-11-30",
            Some(json!({"weight_kg": 400})),
        )
        .await;
    assert!(status.is_success(), "{status}");

    // A day of it at 400 kg: MET × 400 × 24 h, far above 20,000 kcal.
    let (status, body) = eve
        .post(
            "/activity-entries",
            json!({"date": "2026-11-30", "activity_id": hardest["id"], "duration_min": 1440}),
        )
        .await;
    assert_eq!(refused_fields(status, &body), ["duration_min"]);
    assert_eq!(eve.count("/activity-entries?date=2026-11-30").await, 0);

    let entry = eve
        .create(
            "/activity-entries",
            json!({"date": "2026-11-30", "activity_id": hardest["id"], "duration_min": 10}),
        )
        .await;
    let path = format!("/activity-entries/{}", entry["id"]);
    let kcal = entry["kcal_burned"].as_f64().unwrap();
    let (status, body) = eve.patch(&path, json!({"duration_min": 1440})).await;
    assert_eq!(refused_fields(status, &body), ["duration_min"]);
    let stored = eve.get(&path).await;
    assert_eq!(
        stored["kcal_burned"].as_f64(),
        Some(kcal),
        "unchanged: {stored}"
    );
    assert_eq!(stored["duration_min"], 10);
    target.assert_unharmed().await;
}

both_backends!(
    catalogue_entries_cannot_be_pushed_past_the_range,
    computed_activity_energy_stays_in_range,
);
