//! Quotas per account hold, also when requests race for the last place.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::api::{Account, execute, numbers, refused_fields};
use crate::both_backends;
use crate::common::database::Backend;
use crate::target::{PASSWORD, Target};

/// Requests sent at once for the last place under a quota.
const RACERS: usize = 8;

/// `RACERS` POSTs at once: the statuses (sorted) and the bodies.
async fn race(account: &Account<'_>, path: &str, body: Value) -> (Vec<StatusCode>, Vec<Value>) {
    let posts = (0..RACERS).map(|_| account.post(path, body.clone()));
    let mut answers = futures_util::future::join_all(posts).await;
    answers.sort_by_key(|(status, _)| status.as_u16());
    answers.into_iter().unzip()
}

/// Exactly one of the racing creates got the last place: one 201, and 422s
/// naming `limit` for the rest.
fn one_wins(statuses: &[StatusCode], bodies: &[Value], limit: &str) {
    assert_eq!(statuses[0], StatusCode::CREATED, "{bodies:?}");
    for (status, body) in statuses.iter().zip(bodies).skip(1) {
        assert_eq!(refused_fields(*status, body), [limit]);
    }
}

async fn per_day_entry_quotas_hold_under_concurrency(backend: Backend) {
    let target = Target::start(backend, &[]).await;
    let eve = Account::new(&target, "eve").await;
    let food = |date: &str| json!({"date": date, "name": "Crumb", "calories": 1, "meal": "lunch"});

    for _ in 0..199 {
        eve.create("/food-entries", food("2026-11-01")).await;
    }
    let (statuses, bodies) = race(&eve, "/food-entries", food("2026-11-01")).await;
    one_wins(&statuses, &bodies, "food_entries_per_day");
    assert_eq!(eve.count("/food-entries?date=2026-11-01").await, 200);
    // Another day has room.
    let other = eve.create("/food-entries", food("2026-11-03")).await;
    // Moving an entry onto the full day is refused, and it stays where it was.
    let path = format!("/food-entries/{}", other["id"]);
    let (status, body) = eve.patch(&path, json!({"date": "2026-11-01"})).await;
    assert_eq!(refused_fields(status, &body), ["food_entries_per_day"]);
    assert_eq!(eve.get(&path).await["date"], "2026-11-03");

    // Copies of the full day onto an empty one, at once: one fits, each
    // other would leave 400, and is refused whole.
    let copy = json!({"from_date": "2026-11-01", "to_date": "2026-11-02"});
    let (statuses, bodies) = race(&eve, "/food-entries/copy", copy).await;
    one_wins(&statuses, &bodies, "food_entries_per_day");
    assert_eq!(eve.count("/food-entries?date=2026-11-02").await, 200);
    // One entry more onto a full day: refused, nothing copied.
    let copy = json!({"from_date": "2026-11-03", "to_date": "2026-11-02"});
    let (status, body) = eve.post("/food-entries/copy", copy).await;
    assert_eq!(refused_fields(status, &body), ["food_entries_per_day"]);
    assert_eq!(eve.count("/food-entries?date=2026-11-02").await, 200);

    let activity =
        json!({"date": "2026-11-01", "name": "Walk", "duration_min": 1, "kcal_burned": 1});
    for _ in 0..99 {
        eve.create("/activity-entries", activity.clone()).await;
    }
    let (statuses, bodies) = race(&eve, "/activity-entries", activity).await;
    one_wins(&statuses, &bodies, "activity_entries_per_day");
    assert_eq!(eve.count("/activity-entries?date=2026-11-01").await, 100);
    let moved = eve
        .create(
            "/activity-entries",
            json!({"date": "2026-11-02", "name": "Walk", "duration_min": 1, "kcal_burned": 1}),
        )
        .await;
    let path = format!("/activity-entries/{}", moved["id"]);
    let (status, body) = eve.patch(&path, json!({"date": "2026-11-01"})).await;
    assert_eq!(refused_fields(status, &body), ["activity_entries_per_day"]);

    let water = json!({"date": "2026-11-01", "ml": 250});
    for _ in 0..99 {
        eve.create("/water-entries", water.clone()).await;
    }
    let (statuses, bodies) = race(&eve, "/water-entries", water).await;
    one_wins(&statuses, &bodies, "water_entries_per_day");
    assert_eq!(eve.count("/water-entries?date=2026-11-01").await, 100);
    target.assert_unharmed().await;
}

async fn custom_food_and_token_quotas_hold_under_concurrency(backend: Backend) {
    let target = Target::start(backend, &[]).await;
    let eve = Account::new(&target, "eve").await;
    let id = eve.id().await;
    let food = json!({"name": "Pebble", "calories": 1, "protein_g": 0, "fat_g": 0, "carbs_g": 0});

    // 4,999 custom foods straight into the database (the API would take
    // minutes), copies of one made through it.
    let first = eve.create("/foods", food.clone()).await;
    execute(
        &target,
        &format!(
            "{} INSERT INTO foods (account_id, source, name, brand, calories, protein_g, fat_g,
                 carbs_g, created_at, updated_at, search_text)
             SELECT account_id, source, name, brand, calories, protein_g, fat_g, carbs_g,
                 created_at, updated_at, search_text
             FROM foods, n WHERE foods.id = {} AND foods.account_id = {id} AND n.i < 4999",
            numbers(4999),
            first["id"]
        ),
    )
    .await;
    let (statuses, bodies) = race(&eve, "/foods", food.clone()).await;
    one_wins(&statuses, &bodies, "custom_foods");

    for i in 0..49 {
        eve.create(
            "/tokens",
            json!({"name": format!("t{i}"), "password": PASSWORD}),
        )
        .await;
    }
    let (statuses, bodies) = race(
        &eve,
        "/tokens",
        json!({"name": "last", "password": PASSWORD}),
    )
    .await;
    one_wins(&statuses, &bodies, "api_tokens");
    assert_eq!(eve.count("/tokens").await, 50);

    // Another account is not limited by eve's.
    let bob = Account::new(&target, "bob").await;
    bob.create("/foods", food).await;
    bob.create("/tokens", json!({"name": "mine", "password": PASSWORD}))
        .await;
    target.assert_unharmed().await;
}

both_backends!(
    per_day_entry_quotas_hold_under_concurrency,
    custom_food_and_token_quotas_hold_under_concurrency,
);
