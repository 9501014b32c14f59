//! Goals, profile, and goals suggested by Mifflin–St Jeor.

use chrono::{Datelike, Utc};
use reqwest::StatusCode;
use serde_json::json;

use crate::both_backends;
use crate::helpers::*;

async fn goals_default_then_set(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.user("goalie").await;
    let g = b.get_ok("/api/v1/goals").await;
    assert_eq!(
        g,
        json!({"calories": 2000.0, "protein_g": 150.0, "fat_g": 70.0, "carbs_g": 250.0, "water_ml": 2000,
               "weekdays": {}})
    );
    let new = json!({"calories": 2500.5, "protein_g": 180, "fat_g": 80.25, "carbs_g": 20000});
    let r = json_of(b.put("/api/v1/goals", &new).await, StatusCode::OK).await;
    assert_eq!(
        r,
        json!({"calories": 2500.5, "protein_g": 180.0, "fat_g": 80.3, "carbs_g": 20000.0, "water_ml": 2000,
               "weekdays": {}})
    );
    assert_eq!(b.get_ok("/api/v1/goals").await, r);
    // Another account still has the defaults.
    let other = app.user("other").await;
    assert_eq!(
        num(&other.get_ok("/api/v1/goals").await["calories"]),
        2000.0
    );
}

async fn invalid_goals_name_each_field(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.user("badgoals").await;
    let r = b
        .put(
            "/api/v1/goals",
            &json!({"calories": 0, "protein_g": 20000.1, "fat_g": "lots"}),
        )
        .await;
    let fields = problem_fields(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields, ["calories", "protein_g", "fat_g", "carbs_g"]);
    assert_eq!(num(&b.get_ok("/api/v1/goals").await["calories"]), 2000.0);
}

async fn profile_round_trip_and_validation(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.user("prof").await;
    let empty = b.get_ok("/api/v1/profile").await;
    assert!(empty["sex"].is_null() && empty["weight_kg"].is_null());
    let body = json!({"sex": "female", "birth_date": "1990-04-15", "height_cm": 165.04,
                      "weight_kg": 60.064, "activity_level": "very_active"});
    let p = json_of(b.put("/api/v1/profile", &body).await, StatusCode::OK).await;
    assert_eq!(p["sex"], "female");
    assert_eq!(p["birth_date"], "1990-04-15");
    assert_eq!(num(&p["height_cm"]), 165.0);
    assert_eq!(num(&p["weight_kg"]), 60.06);
    assert_eq!(p["activity_level"], "very_active");
    assert_eq!(b.get_ok("/api/v1/profile").await, p);

    let r = b
        .put(
            "/api/v1/profile",
            &json!({"sex": "other", "birth_date": "2999-01-01", "height_cm": 20,
                                        "weight_kg": 401, "activity_level": "lazy"}),
        )
        .await;
    let fields = problem_fields(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(
        fields,
        [
            "sex",
            "birth_date",
            "height_cm",
            "weight_kg",
            "activity_level"
        ]
    );
    assert_eq!(
        b.get_ok("/api/v1/profile").await,
        p,
        "unchanged after a rejected update"
    );
}

async fn suggestion_needs_a_complete_profile(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.user("sugg").await;
    let r = b.get("/api/v1/goals/suggested").await;
    let fields = problem_fields(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(
        fields,
        [
            "sex",
            "birth_date",
            "height_cm",
            "weight_kg",
            "activity_level"
        ]
    );
    b.put("/api/v1/profile", &json!({"sex": "male", "height_cm": 180}))
        .await;
    let r = b.get("/api/v1/goals/suggested").await;
    let fields = problem_fields(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields, ["birth_date", "weight_kg", "activity_level"]);
}

async fn suggestion_follows_mifflin_st_jeor(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.user("mifflin").await;
    // Thirty years old today-ish: born 30 years and a day ago.
    let today = Utc::now().date_naive();
    let birth = today.with_year(today.year() - 30).unwrap_or(today) - chrono::Duration::days(1);
    let body = json!({"sex": "male", "birth_date": birth.to_string(), "height_cm": 180,
                      "weight_kg": 80, "activity_level": "moderate"});
    json_of(b.put("/api/v1/profile", &body).await, StatusCode::OK).await;
    let s = b.get_ok("/api/v1/goals/suggested").await;
    // BMR = 10·80 + 6.25·180 − 5·30 + 5 = 1780; × 1.55 = 2759.
    assert_eq!(num(&s["calories"]), 2759.0);
    assert_eq!(num(&s["protein_g"]), 172.4); // 25 % / 4
    assert_eq!(num(&s["fat_g"]), 92.0); // 30 % / 9
    assert_eq!(num(&s["carbs_g"]), 310.4); // 45 % / 4

    let body = json!({"sex": "female", "birth_date": birth.to_string(), "height_cm": 180,
                      "activity_level": "sedentary"});
    json_of(b.put("/api/v1/profile", &body).await, StatusCode::OK).await;
    let s = b.get_ok("/api/v1/goals/suggested").await;
    // Weight stays from the log: BMR = 1780 − 166 = 1614; × 1.2 = 1936.8 → 1937.
    assert_eq!(num(&s["calories"]), 1937.0);
}

both_backends!(
    goals_default_then_set,
    invalid_goals_name_each_field,
    profile_round_trip_and_validation,
    suggestion_needs_a_complete_profile,
    suggestion_follows_mifflin_st_jeor,
);
