//! The activity catalogue and the activity diary: energy from MET values and
//! the weight closest in time, validation, listing and ownership.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::*;

const RUNNING_6_MPH: &str = "Running, 6 mph (10 min/mile)";

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

/// The catalogue item named `name`, found through the search (by its own
/// words: the catalogue holds more than one page of activities).
async fn catalogue_item(user: &Browser, name: &str) -> Value {
    let q = name.replace(' ', "%20");
    let list = user
        .get_ok(&format!("/api/v1/activities?q={q}&limit=100"))
        .await;
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == name)
        .unwrap_or_else(|| panic!("{name} not in the catalogue: {list}"))
        .clone()
}

async fn put_weight(user: &Browser, date: &str, kg: f64) {
    let r = user
        .put(
            &format!("/api/v1/weights/{date}"),
            &json!({"weight_kg": kg}),
        )
        .await;
    json_of(r, StatusCode::OK).await;
}

/// Logs `minutes` of the catalogue activity `activity_id` on `date`.
async fn run(user: &Browser, activity_id: i64, date: &str, minutes: i64) -> Value {
    user.add_activity(json!({"date": date, "activity_id": activity_id, "duration_min": minutes}))
        .await
}

async fn catalogue_search(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let alice = app.user("alice").await;

    let found = alice.get_ok("/api/v1/activities?q=run").await;
    let items = found["items"].as_array().unwrap();
    assert!(items.len() >= 3, "{found}");
    for item in items {
        assert!(item["id"].as_i64().is_some(), "{item}");
        let name = item["name"].as_str().unwrap();
        assert!(name.to_lowercase().contains("run"), "{item}");
        assert!(num(&item["met"]) > 0.0, "{item}");
    }
    let running = items
        .iter()
        .find(|a| a["name"] == RUNNING_6_MPH)
        .unwrap_or_else(|| panic!("{RUNNING_6_MPH} not found: {found}"));
    assert_eq!(num(&running["met"]), 9.8);
    assert!(
        items
            .iter()
            .filter(|a| a["name"].as_str().unwrap().starts_with("Running"))
            .count()
            >= 3,
        "{found}"
    );

    // Any case, any word order; every word must match.
    let found = alice.get_ok("/api/v1/activities?q=MPH%20Running%206").await;
    assert!(
        found["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["name"] == RUNNING_6_MPH),
        "{found}"
    );
    // Activities of the 2011 Compendium beyond the first catalogue: both
    // breaststrokes, with their published METs.
    let found = alice
        .get_ok("/api/v1/activities?q=swimming%20breaststroke")
        .await;
    let mut strokes: Vec<(String, f64)> = found["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["code"].as_str().unwrap().to_owned(), num(&a["met"])))
        .collect();
    strokes.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        strokes,
        [("18260".to_owned(), 10.3), ("18265".to_owned(), 5.3)],
        "{found}"
    );
    let found = alice.get_ok("/api/v1/activities?q=vacuum").await;
    assert_eq!(found["items"][0]["code"], "05043", "{found}");
    let found = alice.get_ok("/api/v1/activities?q=running%20yoga").await;
    assert_eq!(ids(&found), Vec::<i64>::new());

    // The whole catalogue: more than the 100 a page holds.
    let all = alice.get_ok("/api/v1/activities?q=&limit=100").await;
    let n = all["items"].as_array().unwrap().len();
    assert_eq!(n, 100, "a page of 100 activities: {all}");
    let all = alice.get_ok("/api/v1/activities?limit=100").await;
    assert_eq!(all["items"].as_array().unwrap().len(), n);
    let few = alice.get_ok("/api/v1/activities?limit=5").await;
    assert_eq!(few["items"].as_array().unwrap().len(), 5);

    for bad in ["0", "101", "many"] {
        let r = alice.get(&format!("/api/v1/activities?limit={bad}")).await;
        problem_fields(r, StatusCode::BAD_REQUEST).await;
    }
    // The catalogue needs a login like everything else.
    let r = app.new_browser().get("/api/v1/activities?q=run").await;
    problem_fields(r, StatusCode::UNAUTHORIZED).await;
}

async fn met_energy_with_the_default_weight(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let alice = app.user("alice").await;
    let running = catalogue_item(&alice, RUNNING_6_MPH).await;
    let activity_id = id_of(&running);

    // 9.8 × 70 × 30 / 60 = 343
    let entry = run(&alice, activity_id, "2026-01-05", 30).await;
    assert_eq!(entry["date"], "2026-01-05");
    assert_eq!(entry["name"], RUNNING_6_MPH);
    assert_eq!(entry["duration_min"], 30);
    assert_eq!(num(&entry["kcal_burned"]), 343.0);
    assert_eq!(entry["activity_id"].as_i64(), Some(activity_id));
    assert_eq!(num(&entry["met"]), 9.8);
    assert_eq!(num(&entry["weight_kg_used"]), 70.0);

    // 9.8 × 70 × 20 / 60 = 228.666… → 228.7
    let entry = run(&alice, activity_id, "2026-01-05", 20).await;
    assert_eq!(num(&entry["kcal_burned"]), 228.7);

    // Another catalogue item: 2.5 (yoga) × 70 × 50 / 60 = 145.833… → 145.8
    let yoga = catalogue_item(&alice, "Yoga, Hatha").await;
    assert_eq!(num(&yoga["met"]), 2.5);
    let entry = alice
        .add_activity(json!({"date": "2026-01-05", "activity_id": id_of(&yoga),
                             "duration_min": 50, "name": "Morning yoga"}))
        .await;
    assert_eq!(entry["name"], "Morning yoga");
    assert_eq!(num(&entry["kcal_burned"]), 145.8);
    assert_eq!(num(&entry["met"]), 2.5);
    assert_eq!(num(&entry["weight_kg_used"]), 70.0);

    let stored = alice
        .get_ok(&format!("/api/v1/activity-entries/{}", id_of(&entry)))
        .await;
    assert_eq!(num(&stored["kcal_burned"]), 145.8);
    assert_eq!(num(&stored["weight_kg_used"]), 70.0);
}

async fn met_energy_uses_the_weight_closest_in_time(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let alice = app.user("alice").await;
    let bob = app.user("bob").await;
    let activity_id = id_of(&catalogue_item(&alice, RUNNING_6_MPH).await);

    // Another account's weight plays no part.
    put_weight(&bob, "2026-01-05", 150.0).await;
    let entry = run(&alice, activity_id, "2026-01-05", 30).await;
    assert_eq!(num(&entry["weight_kg_used"]), 70.0);
    assert_eq!(num(&entry["kcal_burned"]), 343.0);

    put_weight(&alice, "2026-01-10", 80.0).await;
    // Before the only weight: 9.8 × 80 × 30 / 60 = 392
    let entry = run(&alice, activity_id, "2026-01-05", 30).await;
    assert_eq!(num(&entry["weight_kg_used"]), 80.0);
    assert_eq!(num(&entry["kcal_burned"]), 392.0);
    // After it.
    let entry = run(&alice, activity_id, "2026-02-20", 30).await;
    assert_eq!(num(&entry["weight_kg_used"]), 80.0);
    assert_eq!(num(&entry["kcal_burned"]), 392.0);

    put_weight(&alice, "2026-01-30", 90.5).await;
    // Nearest of two: 7 days after the first, 13 before the second.
    let entry = run(&alice, activity_id, "2026-01-17", 30).await;
    assert_eq!(num(&entry["weight_kg_used"]), 80.0);
    assert_eq!(num(&entry["kcal_burned"]), 392.0);
    // 15 days after the first, 5 before the second: 9.8 × 90.5 × 40 / 60 = 591.27
    let entry = run(&alice, activity_id, "2026-01-25", 40).await;
    assert_eq!(num(&entry["weight_kg_used"]), 90.5);
    assert_eq!(num(&entry["kcal_burned"]), 591.3);
    // After both: the later one.
    let entry = run(&alice, activity_id, "2026-03-01", 40).await;
    assert_eq!(num(&entry["weight_kg_used"]), 90.5);
    // Long before both: the earlier one.
    let entry = run(&alice, activity_id, "2025-06-01", 30).await;
    assert_eq!(num(&entry["weight_kg_used"]), 80.0);

    // A weight on the very day wins over both.
    put_weight(&alice, "2026-01-20", 85.0).await;
    // 9.8 × 85 × 30 / 60 = 416.5
    let entry = run(&alice, activity_id, "2026-01-20", 30).await;
    assert_eq!(num(&entry["weight_kg_used"]), 85.0);
    assert_eq!(num(&entry["kcal_burned"]), 416.5);
}

async fn given_kcal_and_name_are_kept(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let alice = app.user("alice").await;
    let activity_id = id_of(&catalogue_item(&alice, RUNNING_6_MPH).await);
    put_weight(&alice, "2026-01-10", 80.0).await;

    let entry = alice
        .add_activity(json!({"date": "2026-01-10", "activity_id": activity_id,
                             "duration_min": 30, "kcal_burned": 123.4}))
        .await;
    assert_eq!(num(&entry["kcal_burned"]), 123.4);
    assert_eq!(entry["name"], RUNNING_6_MPH);
    assert_eq!(entry["activity_id"].as_i64(), Some(activity_id));
    assert!(entry["weight_kg_used"].is_null(), "{entry}");

    let entry = alice
        .add_activity(json!({"date": "2026-01-10", "activity_id": activity_id,
                             "duration_min": 30, "kcal_burned": 0,
                             "name": "Easy jog with the dog"}))
        .await;
    assert_eq!(num(&entry["kcal_burned"]), 0.0);
    assert_eq!(entry["name"], "Easy jog with the dog");

    // By hand, without the catalogue.
    let entry = alice
        .add_activity(json!({"date": "2026-01-10", "name": "Shovelling snow",
                             "duration_min": 45, "kcal_burned": 310}))
        .await;
    assert_eq!(entry["name"], "Shovelling snow");
    assert_eq!(entry["duration_min"], 45);
    assert_eq!(num(&entry["kcal_burned"]), 310.0);
    assert!(entry["activity_id"].is_null(), "{entry}");
    assert!(entry["met"].is_null(), "{entry}");
    assert!(entry["weight_kg_used"].is_null(), "{entry}");
}

async fn activity_entries_are_validated(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let alice = app.user("alice").await;
    let activity_id = id_of(&catalogue_item(&alice, RUNNING_6_MPH).await);

    let cases = [
        (
            json!({"date": "2026-01-10", "activity_id": 987654321, "duration_min": 30}),
            vec!["activity_id"],
        ),
        (
            json!({"date": "2026-01-10", "activity_id": activity_id, "duration_min": 0}),
            vec!["duration_min"],
        ),
        (
            json!({"date": "2026-01-10", "activity_id": activity_id, "duration_min": 1441}),
            vec!["duration_min"],
        ),
        (
            json!({"date": "2026-01-10", "activity_id": activity_id, "duration_min": 30,
                   "kcal_burned": 20001}),
            vec!["kcal_burned"],
        ),
        (
            json!({"date": "2026-01-10", "name": "Yoga", "duration_min": 30}),
            vec!["kcal_burned"],
        ),
        (
            json!({"date": "2026-01-10", "name": "Yoga", "duration_min": 30,
                   "kcal_burned": -1}),
            vec!["kcal_burned"],
        ),
        (
            json!({"date": "2026-13-01", "name": "Yoga", "duration_min": 30,
                   "kcal_burned": 100}),
            vec!["date"],
        ),
    ];
    for (body, expected) in cases {
        let fields = problem_fields(
            alice.post("/api/v1/activity-entries", &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields, expected, "{body}");
    }
    // Every bad field at once.
    let fields = problem_fields(
        alice
            .post(
                "/api/v1/activity-entries",
                &json!({"date": "2026-01-10", "activity_id": activity_id,
                        "duration_min": 0, "kcal_burned": 20001}),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let mut fields = fields;
    fields.sort();
    assert_eq!(fields, ["duration_min", "kcal_burned"]);

    let day = alice
        .get_ok("/api/v1/activity-entries?date=2026-01-10")
        .await;
    assert_eq!(ids(&day), Vec::<i64>::new(), "an invalid entry was stored");

    // The bounds themselves are accepted.
    let entry = alice
        .add_activity(
            json!({"date": "2026-01-11", "name": "Ultra", "duration_min": 1440,
                             "kcal_burned": 20000}),
        )
        .await;
    assert_eq!(entry["duration_min"], 1440);
    assert_eq!(num(&entry["kcal_burned"]), 20000.0);
    let entry = run(&alice, activity_id, "2026-01-11", 1).await;
    assert_eq!(entry["duration_min"], 1);
    // 9.8 × 70 × 1 / 60 = 11.433… → 11.4
    assert_eq!(num(&entry["kcal_burned"]), 11.4);
}

async fn activity_entries_are_listed_by_day_and_range(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let alice = app.user("alice").await;
    let bob = app.user("bob").await;
    let mut made = Vec::new();
    for (date, name) in [
        ("2026-02-03", "Third"),
        ("2026-02-01", "First"),
        ("2026-02-02", "Second"),
        ("2026-02-02", "Second again"),
    ] {
        let e = alice
            .add_activity(json!({"date": date, "name": name, "duration_min": 10,
                                 "kcal_burned": 50}))
            .await;
        made.push(id_of(&e));
    }
    bob.add_activity(
        json!({"date": "2026-02-02", "name": "Bob's walk", "duration_min": 10,
                            "kcal_burned": 40}),
    )
    .await;

    let day = alice
        .get_ok("/api/v1/activity-entries?date=2026-02-02")
        .await;
    assert_eq!(ids(&day), [made[2], made[3]]);
    assert_eq!(day["items"][0]["name"], "Second");

    let range = alice
        .get_ok("/api/v1/activity-entries?from=2026-02-01&to=2026-02-02")
        .await;
    assert_eq!(ids(&range), [made[1], made[2], made[3]]);

    let range = alice
        .get_ok("/api/v1/activity-entries?from=2026-01-01&to=2026-02-28")
        .await;
    assert_eq!(ids(&range), [made[1], made[2], made[3], made[0]]);

    let empty = alice
        .get_ok("/api/v1/activity-entries?date=2026-02-04")
        .await;
    assert_eq!(ids(&empty), Vec::<i64>::new());

    let bobs = bob.get_ok("/api/v1/activity-entries?date=2026-02-02").await;
    assert_eq!(bobs["items"].as_array().unwrap().len(), 1);
    assert_eq!(bobs["items"][0]["name"], "Bob's walk");

    for bad in [
        "date=2026-2-2",
        "from=2026-02-01&to=tomorrow",
        "from=02/01/2026&to=2026-02-02",
    ] {
        let r = alice.get(&format!("/api/v1/activity-entries?{bad}")).await;
        problem_fields(r, StatusCode::BAD_REQUEST).await;
    }
}

async fn activity_entries_belong_to_their_account(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let alice = app.user("alice").await;
    let bob = app.user("bob").await;
    let entry = alice
        .add_activity(
            json!({"date": "2026-02-01", "name": "Swim", "duration_min": 40,
                             "kcal_burned": 300}),
        )
        .await;
    let path = format!("/api/v1/activity-entries/{}", id_of(&entry));

    let got = alice.get_ok(&path).await;
    assert_eq!(got, entry);

    problem_fields(bob.get(&path).await, StatusCode::NOT_FOUND).await;
    problem_fields(
        bob.patch(&path, &json!({"kcal_burned": 1, "name": "Mine"}))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    problem_fields(bob.delete(&path).await, StatusCode::NOT_FOUND).await;
    let got = alice.get_ok(&path).await;
    assert_eq!(got, entry, "bob's attempts changed alice's entry");

    let patched = json_of(
        alice
            .patch(&path, &json!({"name": "Long swim", "kcal_burned": 420.5}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(patched["name"], "Long swim");
    assert_eq!(num(&patched["kcal_burned"]), 420.5);
    assert_eq!(patched["duration_min"], 40);
    assert_eq!(patched["date"], "2026-02-01");
    let fields = problem_fields(
        alice.patch(&path, &json!({"duration_min": 0})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields, ["duration_min"]);
    assert_eq!(alice.get_ok(&path).await["duration_min"], 40);

    let r = alice.delete(&path).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    problem_fields(alice.get(&path).await, StatusCode::NOT_FOUND).await;
    problem_fields(alice.delete(&path).await, StatusCode::NOT_FOUND).await;
}

async fn patching_duration_recomputes_met_energy(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let alice = app.user("alice").await;
    let activity_id = id_of(&catalogue_item(&alice, RUNNING_6_MPH).await);

    let entry = run(&alice, activity_id, "2026-01-05", 30).await;
    assert_eq!(num(&entry["kcal_burned"]), 343.0);
    let path = format!("/api/v1/activity-entries/{}", id_of(&entry));
    // 9.8 × 70 × 45 / 60 = 514.5
    let patched = json_of(
        alice.patch(&path, &json!({"duration_min": 45})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(patched["duration_min"], 45);
    assert_eq!(num(&patched["kcal_burned"]), 514.5);
    assert_eq!(num(&patched["weight_kg_used"]), 70.0);
    assert_eq!(num(&alice.get_ok(&path).await["kcal_burned"]), 514.5);

    // With a weight logged since, a new duration uses it: 9.8 × 80 × 15 / 60 = 196
    put_weight(&alice, "2026-01-06", 80.0).await;
    let patched = json_of(
        alice.patch(&path, &json!({"duration_min": 15})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(num(&patched["kcal_burned"]), 196.0);
    assert_eq!(num(&patched["weight_kg_used"]), 80.0);

    // A figure typed in stays when the duration changes.
    let typed = alice
        .add_activity(json!({"date": "2026-01-05", "activity_id": activity_id,
                             "duration_min": 30, "kcal_burned": 250}))
        .await;
    let patched = json_of(
        alice
            .patch(
                &format!("/api/v1/activity-entries/{}", id_of(&typed)),
                &json!({"duration_min": 60}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(patched["duration_min"], 60);
    assert_eq!(num(&patched["kcal_burned"]), 250.0);

    let manual = alice
        .add_activity(
            json!({"date": "2026-01-05", "name": "Climbing", "duration_min": 30,
                             "kcal_burned": 200}),
        )
        .await;
    let patched = json_of(
        alice
            .patch(
                &format!("/api/v1/activity-entries/{}", id_of(&manual)),
                &json!({"duration_min": 90}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(patched["duration_min"], 90);
    assert_eq!(num(&patched["kcal_burned"]), 200.0);
}

both_backends!(
    catalogue_search,
    met_energy_with_the_default_weight,
    met_energy_uses_the_weight_closest_in_time,
    given_kcal_and_name_are_kept,
    activity_entries_are_validated,
    activity_entries_are_listed_by_day_and_range,
    activity_entries_belong_to_their_account,
    patching_duration_recomputes_met_energy,
);
