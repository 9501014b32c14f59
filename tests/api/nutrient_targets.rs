//! Nutrient targets (nutrition.md §2, "Targets"): DRI defaults by sex, age
//! and calorie goal, and the account's overrides.

use chrono::{Datelike, Duration, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::*;

const PATH: &str = "/api/v1/nutrient-targets";

/// Every key, in the order the answer gives them.
const KEYS: [&str; 31] = [
    "fibre_g",
    "sugars_g",
    "saturated_fat_g",
    "sodium_mg",
    "monounsaturated_fat_g",
    "polyunsaturated_fat_g",
    "trans_fat_g",
    "cholesterol_mg",
    "potassium_mg",
    "calcium_mg",
    "iron_mg",
    "magnesium_mg",
    "phosphorus_mg",
    "zinc_mg",
    "copper_mg",
    "selenium_ug",
    "vitamin_a_ug",
    "vitamin_c_mg",
    "vitamin_d_ug",
    "vitamin_e_mg",
    "vitamin_k_ug",
    "thiamin_mg",
    "riboflavin_mg",
    "niacin_mg",
    "vitamin_b6_mg",
    "folate_ug",
    "vitamin_b12_ug",
    "choline_mg",
    "caffeine_mg",
    "alcohol_g",
    "water_g",
];

/// `{min, max, source}` as JSON.
fn t(min: Option<f64>, max: Option<f64>, source: &str) -> Value {
    json!({"min": min, "max": max, "source": source})
}

/// Rows of `nutrient_targets`, of any account.
async fn rows(app: &TestApp, backend: Backend) -> i64 {
    let sql = "SELECT COUNT(*) FROM nutrient_targets";
    match backend {
        Backend::Sqlite => {
            let pool = sqlx::SqlitePool::connect(&app.database_url).await.unwrap();
            let n = sqlx::query_scalar(sql).fetch_one(&pool).await.unwrap();
            pool.close().await;
            n
        }
        Backend::Postgres => {
            let pool = sqlx::PgPool::connect(&app.database_url).await.unwrap();
            let n = sqlx::query_scalar(sql).fetch_one(&pool).await.unwrap();
            pool.close().await;
            n
        }
    }
}

async fn defaults_without_a_profile(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.user("plain").await;
    let r = b.get(PATH).await;
    // Keys in the order of dri.rs (the body as sent, not re-sorted).
    let text = r.text().await.unwrap();
    let mut at = 0;
    for key in KEYS {
        let found = text[at..]
            .find(&format!("\"{key}\""))
            .unwrap_or_else(|| panic!("{key} missing or out of order: {text}"));
        at += found;
    }
    let g: Value = serde_json::from_str(&text).unwrap();
    let map = g.as_object().unwrap();
    assert_eq!(map.len(), 31, "{g}");
    for (key, target) in map {
        assert_eq!(target["source"], "dri", "{key}");
        assert_eq!(target.as_object().unwrap().len(), 3, "{key}: {target}");
    }
    // The higher of the two sexes' adult RDAs.
    assert_eq!(g["iron_mg"], t(Some(18.0), Some(45.0), "dri"));
    assert_eq!(g["zinc_mg"], t(Some(11.0), Some(40.0), "dri"));
    assert_eq!(g["potassium_mg"], t(Some(3400.0), None, "dri"));
    assert_eq!(g["sodium_mg"], t(Some(1500.0), Some(2300.0), "dri"));
    assert_eq!(g["sugars_g"], t(None, None, "dri"));
    // From the default calorie goal, 2000 kcal.
    assert_eq!(g["fibre_g"], t(Some(28.0), None, "dri"));
    assert_eq!(g["saturated_fat_g"], t(None, Some(22.2), "dri"));
}

async fn a_woman_of_sixty(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.user("ines").await;
    let today = Utc::now().date_naive();
    let born = today
        .with_day(1)
        .unwrap()
        .with_year(today.year() - 60)
        .unwrap()
        - Duration::days(40);
    let body = json!({"sex": "female", "birth_date": born.to_string()});
    json_of(b.put("/api/v1/profile", &body).await, StatusCode::OK).await;
    let g = b.get_ok(PATH).await;
    assert_eq!(g["iron_mg"], t(Some(8.0), Some(45.0), "dri"));
    assert_eq!(g["calcium_mg"], t(Some(1200.0), Some(2000.0), "dri"));
    assert_eq!(g["vitamin_b6_mg"], t(Some(1.5), Some(100.0), "dri"));
    // A man of the same age.
    let body = json!({"sex": "male", "birth_date": born.to_string()});
    json_of(b.put("/api/v1/profile", &body).await, StatusCode::OK).await;
    let g = b.get_ok(PATH).await;
    assert_eq!(g["calcium_mg"], t(Some(1000.0), Some(2000.0), "dri"));
    assert_eq!(g["zinc_mg"], t(Some(11.0), Some(40.0), "dri"));
}

async fn fibre_follows_the_calorie_goal(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.user("fibre").await;
    let goals = json!({"calories": 2500, "protein_g": 150, "fat_g": 80, "carbs_g": 300});
    json_of(b.put("/api/v1/goals", &goals).await, StatusCode::OK).await;
    let g = b.get_ok(PATH).await;
    assert_eq!(g["fibre_g"], t(Some(35.0), None, "dri"));
    assert_eq!(g["saturated_fat_g"], t(None, Some(27.8), "dri"));
    // An override of the max only keeps the min following the goal.
    let r = b.put(PATH, &json!({"fibre_g": {"max": 70}})).await;
    let g = json_of(r, StatusCode::OK).await;
    assert_eq!(g["fibre_g"], t(Some(35.0), Some(70.0), "custom"));
    let goals = json!({"calories": 2000, "protein_g": 150, "fat_g": 80, "carbs_g": 300});
    json_of(b.put("/api/v1/goals", &goals).await, StatusCode::OK).await;
    assert_eq!(
        b.get_ok(PATH).await["fibre_g"],
        t(Some(28.0), Some(70.0), "custom")
    );
}

async fn overrides_keep_left_out_bounds_and_null_restores(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.user("custom").await;
    let before = b.get_ok(PATH).await;
    let r = b
        .put(
            PATH,
            &json!({"iron_mg": {"min": 10}, "copper_mg": {"min": 0.894, "max": 5}}),
        )
        .await;
    let g = json_of(r, StatusCode::OK).await;
    assert_eq!(g["iron_mg"], t(Some(10.0), Some(45.0), "custom"));
    assert_eq!(g["copper_mg"], t(Some(0.89), Some(5.0), "custom"));
    assert_eq!(
        g["zinc_mg"], before["zinc_mg"],
        "a key not sent is unchanged"
    );
    assert_eq!(b.get_ok(PATH).await, g);

    // A key sent again is replaced as a whole: its left-out min is the
    // default's again; the other override stays.
    let g = json_of(
        b.put(PATH, &json!({"iron_mg": {"max": 30}})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(g["iron_mg"], t(Some(18.0), Some(30.0), "custom"));
    assert_eq!(g["copper_mg"], t(Some(0.89), Some(5.0), "custom"));
    // A bound for a key without a default one; zero is a bound.
    let g = json_of(
        b.put(
            PATH,
            &json!({"sugars_g": {"max": 50}, "alcohol_g": {"max": 0}}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(g["sugars_g"], t(None, Some(50.0), "custom"));
    assert_eq!(g["alcohol_g"], t(None, Some(0.0), "custom"));

    // null, or an object with neither bound, returns a key to its default.
    let r = b
        .put(
            PATH,
            &json!({"iron_mg": null, "copper_mg": {}, "sugars_g": {"min": null, "max": null}}),
        )
        .await;
    let g = json_of(r, StatusCode::OK).await;
    assert_eq!(g["iron_mg"], before["iron_mg"]);
    assert_eq!(g["copper_mg"], before["copper_mg"]);
    assert_eq!(g["sugars_g"], before["sugars_g"]);
    assert_eq!(g["alcohol_g"], t(None, Some(0.0), "custom"));
    // An empty body changes nothing.
    assert_eq!(
        json_of(b.put(PATH, &json!({})).await, StatusCode::OK).await,
        g
    );
    assert_eq!(rows(&app, backend).await, 1);
}

async fn invalid_keys_are_named_and_change_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.user("strict").await;
    json_of(
        b.put(PATH, &json!({"zinc_mg": {"min": 12}})).await,
        StatusCode::OK,
    )
    .await;
    let before = b.get_ok(PATH).await;
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    let cases = [
        (json!({"vitamin_z_mg": {"min": 1}}), "vitamin_z_mg"),
        (json!({"iron_mg": {"min": -1}}), "iron_mg"),
        (json!({"iron_mg": {"max": -0.5}}), "iron_mg"),
        (
            json!({"calcium_mg": {"min": 3000, "max": 2500}}),
            "calcium_mg",
        ),
        // Over the default max (45) that stays.
        (json!({"iron_mg": {"min": 50}}), "iron_mg"),
        // Under the default min (1500) that stays.
        (json!({"sodium_mg": {"max": 1000}}), "sodium_mg"),
        (json!({"iron_mg": {"min": "lots"}}), "iron_mg"),
        (json!({"iron_mg": 18}), "iron_mg"),
        (json!({"iron_mg": {"minimum": 18}}), "iron_mg"),
    ];
    for (body, key) in cases {
        // Sent with a valid change, which must not be made either.
        let mut body = body;
        body["zinc_mg"] = json!({"min": 5});
        let fields = problem_fields(b.put(PATH, &body).await, unprocessable).await;
        assert_eq!(fields, [key], "{body}");
        assert_eq!(b.get_ok(PATH).await, before, "changed by {body}");
    }
    // Every bad key at once.
    let body = json!({"vitamin_z_mg": null, "iron_mg": {"min": -1}, "calcium_mg": {"min": 3000},
                      "zinc_mg": null});
    let fields = problem_fields(b.put(PATH, &body).await, unprocessable).await;
    assert_eq!(fields, ["calcium_mg", "iron_mg", "vitamin_z_mg"]);
    assert_eq!(b.get_ok(PATH).await, before);
    assert_eq!(before["zinc_mg"], t(Some(12.0), Some(40.0), "custom"));
    // Not an object at all.
    let fields = problem_fields(b.put(PATH, &json!([1])).await, unprocessable).await;
    assert_eq!(fields, ["body"]);
}

async fn another_account_is_unaffected_and_deletion_cascades(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.new_browser();
    ana.register_and_login("ana", "correct horse battery").await;
    let bob = app.user("bob").await;
    let bobs = bob.get_ok(PATH).await;
    let r = ana
        .put(
            PATH,
            &json!({"iron_mg": {"min": 10}, "vitamin_c_mg": {"max": 500}}),
        )
        .await;
    json_of(r, StatusCode::OK).await;
    json_of(
        bob.put(PATH, &json!({"zinc_mg": {"max": 30}})).await,
        StatusCode::OK,
    )
    .await;
    let bobs_now = bob.get_ok(PATH).await;
    assert_eq!(bobs_now["iron_mg"], bobs["iron_mg"]);
    assert_eq!(bobs_now["vitamin_c_mg"], bobs["vitamin_c_mg"]);
    assert_eq!(bobs_now["zinc_mg"], t(Some(11.0), Some(30.0), "custom"));

    // The JSON export lists the account's overrides as stored.
    let export = ana.get_ok("/api/v1/export?format=json").await;
    assert_eq!(
        export["nutrient_targets"],
        json!([
            {"key": "iron_mg", "min": 10.0, "max": null},
            {"key": "vitamin_c_mg", "min": null, "max": 500.0},
        ])
    );

    assert_eq!(rows(&app, backend).await, 3);
    let r = ana
        .delete_json("/api/v1/me", &json!({"password": "correct horse battery"}))
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(rows(&app, backend).await, 1);
    assert_eq!(bob.get_ok(PATH).await, bobs_now);
}

async fn credentials_are_required(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let anyone = app.new_browser();
    assert_eq!(anyone.get(PATH).await.status(), StatusCode::UNAUTHORIZED);
    let r = anyone.put(PATH, &json!({"iron_mg": {"min": 10}})).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

both_backends!(
    defaults_without_a_profile,
    a_woman_of_sixty,
    fibre_follows_the_calorie_goal,
    overrides_keep_left_out_bounds_and_null_restores,
    invalid_keys_are_named_and_change_nothing,
    another_account_is_unaffected_and_deletion_cascades,
    credentials_are_required,
);
