//! Upgrading a database that holds SR24 to the bundled SR28 (nutrition.md
//! §1): by NDB number, items keep their ids and take SR28's values, items
//! SR28 dropped stay marked as SR24's, diary entries are never rewritten,
//! and loading again changes nothing.

use std::path::Path;
use std::str::FromStr;

use nutrinube::domain::food_catalogue;
use nutrinube::store::Store;
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::*;

/// A raw connection to the test's database, for what the API does not show
/// (the release an item comes from, its micronutrients before the API has
/// them) and to stage the SR24 state.
enum Db {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

/// Runs `$body` with `$pool` bound to whichever pool `$db` holds; the SQL
/// is written once for both engines.
macro_rules! on_db {
    ($db:expr, |$pool:ident| $body:expr) => {
        match $db {
            Db::Sqlite($pool) => $body,
            Db::Postgres($pool) => $body,
        }
    };
}

impl Db {
    async fn connect(url: &str) -> Db {
        if url.starts_with("sqlite:") {
            let options = sqlx::sqlite::SqliteConnectOptions::from_str(url)
                .unwrap()
                .create_if_missing(true);
            Db::Sqlite(sqlx::SqlitePool::connect_with(options).await.unwrap())
        } else {
            Db::Postgres(sqlx::PgPool::connect(url).await.unwrap())
        }
    }

    async fn execute(&self, sql: &str) {
        on_db!(self, |pool| {
            sqlx::query(sql).execute(pool).await.unwrap();
        })
    }

    /// The row id of the shared item with this NDB number.
    async fn id_of(&self, ndb: &str) -> i64 {
        let sql = "SELECT id FROM foods WHERE account_id IS NULL AND source = 'usda'
                   AND source_ref = $1";
        on_db!(self, |pool| sqlx::query_scalar(sql)
            .bind(ndb)
            .fetch_one(pool)
            .await
            .unwrap())
    }

    /// Name, calories, sodium, vitamin B12 and release of a food.
    async fn food(&self, id: i64) -> (String, f64, Option<f64>, Option<f64>, Option<String>) {
        let sql = "SELECT name, calories, sodium_mg, vitamin_b12_ug, catalogue_release
                   FROM foods WHERE id = $1";
        on_db!(self, |pool| sqlx::query_as(sql)
            .bind(id)
            .fetch_one(pool)
            .await
            .unwrap())
    }

    /// How many shared items each release holds.
    async fn items_by_release(&self) -> Vec<(Option<String>, i64)> {
        let sql = "SELECT catalogue_release, COUNT(*) FROM foods WHERE account_id IS NULL
                   GROUP BY catalogue_release ORDER BY catalogue_release";
        on_db!(self, |pool| sqlx::query_as(sql)
            .fetch_all(pool)
            .await
            .unwrap())
    }

    /// Every shared item's id, NDB number and calories, in id order.
    async fn shared_items(&self) -> Vec<(i64, String, f64)> {
        let sql = "SELECT id, source_ref, calories FROM foods WHERE account_id IS NULL
                   ORDER BY id";
        on_db!(self, |pool| sqlx::query_as(sql)
            .fetch_all(pool)
            .await
            .unwrap())
    }

    async fn close(self) {
        on_db!(self, |pool| pool.close().await)
    }
}

/// The SR24 file the app bundled before, read from the repository (it is
/// no longer compiled in).
fn sr24() -> Vec<food_catalogue::FoodDef> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/usda-sr24/foods.tsv");
    let text = std::fs::read_to_string(&path).unwrap();
    food_catalogue::parse(&text).unwrap()
}

/// The body of an answer, byte for byte.
async fn body_of(b: &Browser, path: &str) -> String {
    let r = b.get(path).await;
    assert_eq!(r.status(), reqwest::StatusCode::OK, "GET {path}");
    r.text().await.unwrap()
}

const DAY: &str = "/api/v1/food-entries?date=2026-09-01";

async fn an_sr24_database_upgrades_to_sr28(backend: Backend) {
    // The state an SR24 release of the app left: the migrated schema with
    // SR24 loaded (marked usda-sr24, as migration 9 marks existing items).
    let db = TestDatabase::empty(backend).await;
    let store = Store::connect_lazy(&db.url, 2).unwrap();
    store.migrate().await.unwrap();
    assert!(
        store
            .load_food_catalogue("usda-sr24", &sr24())
            .await
            .unwrap()
    );
    store.close().await;
    let sql = Db::connect(&db.url).await;
    // An app of this release would upgrade at once; recording SR28 as
    // loaded holds it back, so that the diary can be filled on SR24 first.
    sql.execute(
        "INSERT INTO catalogue_releases (name, foods, loaded_at)
         VALUES ('usda-sr28', 0, '2026-09-01T00:00:00Z')",
    )
    .await;
    let on_sr24 = TestApp::spawn_on(&db.url, |_| {}).await;
    let b = on_sr24.user("upgrader").await;

    // 01002 changes in SR28 (717 → 718 kcal, sodium 827 → 583 mg), 01197 is
    // gone from SR28, 09003 is logged by a household measure.
    let whipped = sql.id_of("01002").await;
    let yogurt = sql.id_of("01197").await;
    let apple = sql.id_of("09003").await;
    assert_eq!(
        sql.food(whipped).await,
        (
            "Butter, whipped, with salt".into(),
            717.0,
            Some(827.0),
            None,
            Some("usda-sr24".into())
        )
    );
    let logged = [
        json!({"date": "2026-09-01", "meal": "breakfast", "food_id": whipped, "quantity_g": 10}),
        json!({"date": "2026-09-01", "meal": "lunch", "food_id": yogurt, "quantity_g": 227}),
        json!({"date": "2026-09-01", "meal": "snack", "food_id": apple,
               "serving": "1 medium (3\" dia)", "serving_count": 1.5}),
        json!({"date": "2026-09-01", "meal": "snack", "name": "Tea", "calories": 2}),
    ];
    for body in &logged {
        let r = b.post("/api/v1/food-entries", body).await;
        assert_eq!(r.status(), reqwest::StatusCode::CREATED, "{body}");
    }
    let entries_before = body_of(&b, DAY).await;
    let parsed: Value = serde_json::from_str(&entries_before).unwrap();
    assert_eq!(
        num(&parsed["items"][0]["calories"]),
        71.7,
        "SR24's 717 kcal"
    );
    assert_eq!(
        parsed["items"][0]["micronutrients"],
        json!({}),
        "SR24 knew no micronutrients"
    );
    let yogurt_before = body_of(&b, &format!("/api/v1/foods/{yogurt}")).await;
    let items_before = sql.shared_items().await;
    assert_eq!(items_before.len(), 7906);

    // The upgrade: the next start of the app loads SR28.
    sql.execute("DELETE FROM catalogue_releases WHERE name = 'usda-sr28'")
        .await;
    let on_sr28 = TestApp::spawn_on(&db.url, |_| {}).await;
    let b = Browser {
        address: on_sr28.address.clone(),
        client: b.client.clone(),
    };

    assert_eq!(
        body_of(&b, DAY).await,
        entries_before,
        "the diary is never rewritten"
    );
    assert_eq!(sql.id_of("01002").await, whipped, "same item, same id");
    assert_eq!(sql.id_of("09003").await, apple);
    assert_eq!(
        sql.food(whipped).await,
        (
            "Butter, whipped, with salt".into(),
            718.0,
            Some(583.0),
            Some(0.07),
            Some("usda-sr28".into())
        ),
        "SR28's values, micronutrients included"
    );
    let fetched = b.get_ok(&format!("/api/v1/foods/{whipped}")).await;
    assert_eq!(num(&fetched["calories"]), 718.0);
    assert_eq!(num(&fetched["sodium_mg"]), 583.0);
    assert_eq!(num(&fetched["micronutrients"]["vitamin_b12_ug"]), 0.07);
    assert_eq!(num(&fetched["micronutrients"]["water_g"]), 16.72);
    assert_eq!(
        sql.food(yogurt).await,
        (
            "KRAFT BREYERS Smooth & Creamy Lowfat Strawberry Yogurt (1% Milkfat)".into(),
            102.0,
            Some(55.0),
            None,
            Some("usda-sr24".into())
        ),
        "an item SR28 dropped stays, marked as SR24's"
    );
    assert_eq!(
        body_of(&b, &format!("/api/v1/foods/{yogurt}")).await,
        yogurt_before
    );
    assert_eq!(
        sql.items_by_release().await,
        [
            (Some("usda-sr24".to_owned()), 583),
            (Some("usda-sr28".to_owned()), 8789)
        ]
    );
    let items_after = sql.shared_items().await;
    let kept: Vec<i64> = items_after
        .iter()
        .map(|(id, _, _)| *id)
        .filter(|id| items_before.iter().any(|(old, _, _)| old == id))
        .collect();
    assert_eq!(kept.len(), 7906, "every SR24 item kept its row");
    // A new meal logged from the same item takes SR28's values.
    let r = b
        .post(
            "/api/v1/food-entries",
            &json!({"date": "2026-09-02", "food_id": whipped, "quantity_g": 10}),
        )
        .await;
    assert_eq!(r.status(), reqwest::StatusCode::CREATED);
    let day2 = b.get_ok("/api/v1/food-entries?date=2026-09-02").await;
    assert_eq!(num(&day2["items"][0]["calories"]), 71.8);
    assert_eq!(
        num(&day2["items"][0]["micronutrients"]["vitamin_b12_ug"]),
        0.007
    );

    // Loading again is a no-op: through the store and at another start.
    let store = Store::connect_lazy(&db.url, 2).unwrap();
    assert!(
        !store
            .load_food_catalogue(food_catalogue::RELEASE, &food_catalogue::bundled())
            .await
            .unwrap()
    );
    store.close().await;
    let again = TestApp::spawn_on(&db.url, |_| {}).await;
    let b = Browser {
        address: again.address.clone(),
        client: b.client.clone(),
    };
    assert_eq!(body_of(&b, DAY).await, entries_before);
    assert_eq!(sql.shared_items().await, items_after);
    sql.close().await;
}

/// Migration 9 marks the shared items already there as SR24's and leaves
/// custom foods unmarked.
async fn existing_items_are_marked_as_sr24(backend: Backend) {
    use sqlx::migrate::Migrator;

    let db = TestDatabase::empty(backend).await;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(match backend {
        Backend::Sqlite => "migrations/sqlite",
        Backend::Postgres => "migrations/postgres",
    });
    let all = Migrator::new(dir.clone()).await.unwrap();
    let mut before = Migrator::new(dir).await.unwrap();
    before.migrations = all
        .migrations
        .iter()
        .filter(|m| m.version < FOOD_RELEASE_MIGRATION)
        .cloned()
        .collect::<Vec<_>>()
        .into();
    assert!(
        all.migrations
            .iter()
            .any(|m| m.version == FOOD_RELEASE_MIGRATION)
    );

    let sql = Db::connect(&db.url).await;
    on_db!(&sql, |pool| before.run(pool).await.unwrap());
    sql.execute(
        "INSERT INTO accounts (username, password_hash, created_at)
         VALUES ('old', 'x', '2026-09-01T00:00:00Z')",
    )
    .await;
    sql.execute(
        "INSERT INTO foods (account_id, source, source_ref, name, calories, protein_g, fat_g,
             carbs_g, created_at, updated_at)
         VALUES (NULL, 'usda', '01001', 'Butter, salted', 717, 0.85, 81.11, 0.06,
                 '2026-09-01T00:00:00Z', '2026-09-01T00:00:00Z'),
                ((SELECT id FROM accounts), 'custom', NULL, 'My bread', 250, 8, 3, 48,
                 '2026-09-01T00:00:00Z', '2026-09-01T00:00:00Z')",
    )
    .await;
    on_db!(&sql, |pool| all.run(pool).await.unwrap());
    let marked: Vec<(String, Option<String>)> = on_db!(&sql, |pool| sqlx::query_as(
        "SELECT name, catalogue_release FROM foods ORDER BY id"
    )
    .fetch_all(pool)
    .await
    .unwrap());
    assert_eq!(
        marked,
        [
            ("Butter, salted".to_owned(), Some("usda-sr24".to_owned())),
            ("My bread".to_owned(), None)
        ]
    );
    sql.close().await;
}

/// The migration that adds `foods.catalogue_release`.
const FOOD_RELEASE_MIGRATION: i64 = 20261202000009;

both_backends!(
    an_sr24_database_upgrades_to_sr28,
    existing_items_are_marked_as_sr24
);
