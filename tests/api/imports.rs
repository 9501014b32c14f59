//! Imports (data.md §1), the rules every format shares, shown with our own
//! JSON export: a dry run changes nothing, an import writes every row once
//! however often it is sent, identical rows are all imported and said,
//! unreadable files and bad parameters are refused naming them, 64 MiB is
//! the limit, large files are imported off the request path, and imports
//! belong to their account.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::*;

const PASSWORD: &str = "correct horse battery";

async fn import(user: &Browser, query: &str, body: Vec<u8>) -> reqwest::Response {
    user.client
        .post(user.url(&format!("/api/v1/imports?{query}")))
        .header("content-type", "application/octet-stream")
        .body(body)
        .send()
        .await
        .expect("POST /imports")
}

/// An account holding a diary of every kind, two identical coffees among it.
async fn diary_of_every_kind(app: &TestApp) -> Browser {
    let ana = app.user("ana").await;
    ana.add_food(
        json!({"date": "2026-03-01", "meal": "breakfast", "name": "Oats",
        "calories": 380, "protein_g": 13.2, "fat_g": 6.5, "carbs_g": 60,
        "fibre_g": 10.1, "micronutrients": {"iron_mg": 4.25, "vitamin_c_mg": 0}}),
    )
    .await;
    for _ in 0..2 {
        ana.add_food(
            json!({"date": "2026-03-01", "meal": "snack", "name": "Coffee",
            "calories": 2}),
        )
        .await;
    }
    ana.add_food(
        json!({"date": "2026-03-02", "meal": "dinner", "name": "Soup",
        "calories": 210.5, "protein_g": 8, "fat_g": 4, "carbs_g": 30}),
    )
    .await;
    ana.add_activity(
        json!({"date": "2026-03-01", "name": "Rowing", "duration_min": 40,
        "kcal_burned": 320}),
    )
    .await;
    ana.add_activity(json!({"date": "2026-03-02", "name": "Walk", "kcal_burned": 95}))
        .await;
    for (date, kg) in [("2026-03-01", 81.25), ("2026-03-02", 80.9)] {
        let r = ana
            .put(
                &format!("/api/v1/weights/{date}"),
                &json!({"weight_kg": kg}),
            )
            .await;
        assert!(r.status().is_success(), "weight {date}");
    }
    let r = ana
        .post(
            "/api/v1/water-entries",
            &json!({"date": "2026-03-01", "ml": 500}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let r = ana
        .put(
            "/api/v1/measurements/2026-03-01",
            &json!({"waist_cm": 88.5, "body_fat_pct": 21}),
        )
        .await;
    assert!(r.status().is_success(), "measurement");
    ana
}

async fn export_json(user: &Browser) -> Value {
    let r = user.get("/api/v1/export?format=json").await;
    assert_eq!(r.status(), StatusCode::OK);
    serde_json::from_str(&r.text().await.unwrap()).unwrap()
}

/// A list of the export without what differs between accounts (ids, times).
fn diary_list(export: &Value, list: &str) -> Vec<Value> {
    export[list]
        .as_array()
        .unwrap_or_else(|| panic!("{list} is not a list"))
        .iter()
        .map(|item| {
            let mut item = item.as_object().unwrap().clone();
            for volatile in ["id", "created_at", "updated_at"] {
                item.remove(volatile);
            }
            Value::Object(item)
        })
        .collect()
}

const LISTS: [&str; 5] = [
    "food_entries",
    "activity_entries",
    "weights",
    "water_entries",
    "measurements",
];

async fn a_dry_run_reports_and_changes_nothing_then_the_import_writes_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = diary_of_every_kind(&app).await;
    let file = ana
        .get("/api/v1/export?format=json")
        .await
        .bytes()
        .await
        .unwrap();
    let bob = app.user("bob").await;

    let dry = json_of(
        import(&bob, "format=nutrinube&dry_run=true", file.to_vec()).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(dry["status"], "done", "{dry}");
    assert_eq!(dry["dry_run"], true);
    let expected = json!({"food_entries": 4, "activity_entries": 2, "weights": 2,
        "measurements": 2, "water_entries": 1, "custom_foods": 0, "recipes": 0,
        "saved_meals": 0});
    assert_eq!(dry["counts"], expected, "{dry}");
    let empty = export_json(&bob).await;
    for list in LISTS {
        assert!(diary_list(&empty, list).is_empty(), "dry run wrote {list}");
    }

    let done = json_of(
        import(&bob, "format=nutrinube", file.to_vec()).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(done["counts"], expected, "{done}");
    assert_eq!(done["dry_run"], false);
    // The two coffees are both imported, and said.
    assert_eq!(done["warnings_total"], 1, "{done}");
    assert_eq!(done["warnings"][0]["name"], "Coffee");
    assert_eq!(done["warnings"][0]["count"], 2);
    assert_eq!(done["warnings"][0]["date"], "2026-03-01");

    let (theirs, ours) = (export_json(&ana).await, export_json(&bob).await);
    for list in LISTS {
        assert_eq!(diary_list(&ours, list), diary_list(&theirs, list), "{list}");
    }

    // Again: nothing added, everything recognised.
    let again = json_of(
        import(&bob, "format=nutrinube", file.to_vec()).await,
        StatusCode::CREATED,
    )
    .await;
    let zero = json!({"food_entries": 0, "activity_entries": 0, "weights": 0,
        "measurements": 0, "water_entries": 0, "custom_foods": 0, "recipes": 0,
        "saved_meals": 0});
    assert_eq!(again["counts"], zero, "{again}");
    assert_eq!(again["unchanged"], 11, "{again}");
    assert_eq!(
        diary_list(&export_json(&bob).await, "food_entries").len(),
        4,
        "a second import added entries"
    );
    // Imported entries are ordinary entries: deletable.
    let id = ours["food_entries"][0]["id"].as_i64().unwrap();
    let r = bob.delete(&format!("/api/v1/food-entries/{id}")).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
}

async fn dedupe_identical_imports_one_of_each_group(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = diary_of_every_kind(&app).await;
    let file = ana
        .get("/api/v1/export?format=json")
        .await
        .bytes()
        .await
        .unwrap();
    let bob = app.user("bob").await;
    let done = json_of(
        import(&bob, "format=nutrinube&dedupe=identical", file.to_vec()).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(done["counts"]["food_entries"], 3, "{done}");
    assert_eq!(done["warnings_total"], 1, "{done}");
}

async fn bad_parameters_and_unreadable_files_are_refused_naming_them(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    for (query, field) in [
        ("format=fitbit", "format"),
        ("", "format"),
        ("format=nutrinube&dry_run=maybe", "dry_run"),
        ("format=nutrinube&dedupe=some", "dedupe"),
        ("format=mfp&weight_unit=stone", "weight_unit"),
    ] {
        let fields = problem_fields(
            import(&ana, query, b"{}".to_vec()).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields, [field], "{query}");
    }
    for body in [
        b"".to_vec(),
        b"not json at all".to_vec(),
        b"PK\x03\x04 not really a zip".to_vec(),
    ] {
        let fields = problem_fields(
            import(&ana, "format=nutrinube", body.clone()).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields, ["file"], "{}", String::from_utf8_lossy(&body));
    }
    // Nothing of a refused import is recorded.
    let list = ana.get_ok("/api/v1/imports").await;
    assert_eq!(list["items"].as_array().unwrap().len(), 0, "{list}");
}

async fn a_body_over_64_mib_is_refused_with_413(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    let r = import(&ana, "format=nutrinube", vec![b' '; 64 * 1024 * 1024 + 1]).await;
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

async fn a_large_file_is_imported_off_the_request_path(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = diary_of_every_kind(&app).await;
    let mut file = ana
        .get("/api/v1/export?format=json")
        .await
        .bytes()
        .await
        .unwrap()
        .to_vec();
    // White space is JSON too: 5 MiB of it make the file a large one.
    file.extend(std::iter::repeat_n(b'\n', 5 * 1024 * 1024));
    let bob = app.user("bob").await;
    let r = import(&bob, "format=nutrinube", file).await;
    let location = r
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned())
        .expect("a Location");
    let started = json_of(r, StatusCode::ACCEPTED).await;
    assert_eq!(started["status"], "running", "{started}");
    let mut done = started;
    for _ in 0..200 {
        done = bob.get_ok(&location).await;
        if done["status"] != "running" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(done["status"], "done", "{done}");
    assert_eq!(done["counts"]["food_entries"], 4, "{done}");
    assert!(done["finished_at"].is_string());
}

async fn a_multipart_upload_is_read_from_its_file_field(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = diary_of_every_kind(&app).await;
    let file = ana
        .get("/api/v1/export?format=json")
        .await
        .bytes()
        .await
        .unwrap();
    let bob = app.user("bob").await;
    let form = reqwest::multipart::Form::new()
        .text("note", "ignored")
        .part(
            "file",
            reqwest::multipart::Part::bytes(file.to_vec()).file_name("nutrinube-export.json"),
        );
    let r = bob
        .client
        .post(bob.url("/api/v1/imports?format=nutrinube"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let done = json_of(r, StatusCode::CREATED).await;
    assert_eq!(done["counts"]["weights"], 2, "{done}");
    let form = reqwest::multipart::Form::new().text("note", "no file");
    let r = bob
        .client
        .post(bob.url("/api/v1/imports?format=nutrinube"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(
        problem_fields(r, StatusCode::UNPROCESSABLE_ENTITY).await,
        ["file"]
    );
}

async fn imports_belong_to_their_account(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = diary_of_every_kind(&app).await;
    let file = ana
        .get("/api/v1/export?format=json")
        .await
        .bytes()
        .await
        .unwrap();
    let done = json_of(
        import(&ana, "format=nutrinube&dry_run=true", file.to_vec()).await,
        StatusCode::CREATED,
    )
    .await;
    let id = done["id"].as_i64().unwrap();
    assert_eq!(ana.get_ok(&format!("/api/v1/imports/{id}")).await["id"], id);
    let listed = ana.get_ok("/api/v1/imports").await;
    assert_eq!(listed["items"][0]["id"], id);

    let bob = app.user("bob").await;
    let r = bob.get(&format!("/api/v1/imports/{id}")).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let listed = bob.get_ok("/api/v1/imports").await;
    assert!(listed["items"].as_array().unwrap().is_empty());
    let anonymous = app.new_browser();
    let r = import(&anonymous, "format=nutrinube", file.to_vec()).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);

    // The account's deletion takes its imports with it.
    let r = ana
        .delete_json("/api/v1/me", &json!({"password": PASSWORD}))
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
}

/// `value` without what differs between two accounts holding the same:
/// ids (an object's own and the foods it names), times and the username.
fn normalised(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| {
                    !matches!(
                        k.as_str(),
                        "id" | "food_id" | "created_at" | "updated_at" | "exported_at" | "username"
                    )
                })
                .map(|(k, v)| (k.clone(), normalised(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(normalised).collect()),
        other => other.clone(),
    }
}

async fn ok(r: reqwest::Response, what: &str) -> Value {
    let status = r.status();
    let text = r.text().await.unwrap();
    assert!(status.is_success(), "{what}: {status} {text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

/// data.md §3: an account holding every kind of data, exported, imported
/// into a new account and exported again: the same but for ids and times.
async fn an_export_imported_into_a_new_account_exports_the_same(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = diary_of_every_kind(&app).await;
    ok(
        ana.put(
            "/api/v1/goals",
            &json!({"calories": 2100, "protein_g": 120, "fat_g": 70,
        "carbs_g": 230, "water_ml": 2500,
        "weekdays": {"saturday": {"calories": 2600}, "sunday": {"carbs_g": 280}}}),
        )
        .await,
        "goals",
    )
    .await;
    ok(
        ana.put(
            "/api/v1/profile",
            &json!({"sex": "female", "birth_date": "1990-04-02",
        "height_cm": 168, "activity_level": "moderate"}),
        )
        .await,
        "profile",
    )
    .await;
    ok(
        ana.put(
            "/api/v1/settings",
            &json!({"time_zone": "Europe/Madrid", "language": "es",
        "energy_unit": "kJ", "weight_unit": "lb", "length_unit": "in"}),
        )
        .await,
        "settings",
    )
    .await;
    ok(
        ana.put(
            "/api/v1/nutrient-targets",
            &json!({"iron_mg": {"min": 15}, "sodium_mg": {"max": 1800}}),
        )
        .await,
        "targets",
    )
    .await;
    let granola = ok(
        ana.post(
            "/api/v1/foods",
            &json!({"name": "Home granola",
        "calories": 450, "protein_g": 11, "fat_g": 18, "carbs_g": 60, "fibre_g": 7,
        "micronutrients": {"magnesium_mg": 120},
        "servings": [{"label": "1 bowl", "grams": 60}]}),
        )
        .await,
        "custom food",
    )
    .await;
    let banana = ana.get_ok("/api/v1/foods?q=banana raw").await["items"][0]["id"]
        .as_i64()
        .expect("a catalogue banana");
    let granola_id = granola["id"].as_i64().unwrap();
    let muesli = ok(
        ana.post(
            "/api/v1/recipes",
            &json!({"name": "Banana muesli",
        "servings": 2, "ingredients": [
            {"food_id": granola_id, "serving": "1 bowl", "serving_count": 2},
            {"food_id": banana, "quantity_g": 120}]}),
        )
        .await,
        "recipe",
    )
    .await;
    ok(
        ana.post(
            "/api/v1/recipes",
            &json!({"name": "Double muesli", "servings": 1,
        "ingredients": [{"food_id": muesli["id"], "quantity_g": 300}]}),
        )
        .await,
        "recipe of a recipe",
    )
    .await;
    ok(
        ana.post(
            "/api/v1/saved-meals",
            &json!({"name": "Usual breakfast", "items": [
        {"food_id": granola_id, "quantity_g": 80},
        {"name": "Tea", "calories": 2}]}),
        )
        .await,
        "saved meal",
    )
    .await;
    ana.add_food(
        json!({"date": "2026-03-03", "meal": "breakfast", "food_id": granola_id,
        "quantity_g": 75}),
    )
    .await;
    ana.add_food(
        json!({"date": "2026-03-03", "meal": "lunch", "food_id": banana,
        "serving": null, "quantity_g": 118}),
    )
    .await;

    let exported = ana
        .get("/api/v1/export?format=json")
        .await
        .bytes()
        .await
        .unwrap();
    let bob = app.user("bob").await;
    let done = json_of(
        import(&bob, "format=nutrinube", exported.to_vec()).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(done["skipped_total"], 0, "{done}");
    assert_eq!(done["counts"]["custom_foods"], 1, "{done}");
    assert_eq!(done["counts"]["recipes"], 2, "{done}");
    assert_eq!(done["counts"]["saved_meals"], 1, "{done}");

    let theirs: Value = serde_json::from_slice(&exported).unwrap();
    let ours = export_json(&bob).await;
    assert_eq!(normalised(&ours), normalised(&theirs));
    // Entries of the custom food name bob's copy of it.
    let bobs_granola = ours["custom_foods"][0]["id"].clone();
    assert_ne!(bobs_granola, json!(granola_id));
    assert!(
        ours["food_entries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["food_id"] == bobs_granola),
        "{}",
        ours["food_entries"]
    );

    // Once more: nothing new.
    let again = json_of(
        import(&bob, "format=nutrinube", exported.to_vec()).await,
        StatusCode::CREATED,
    )
    .await;
    for (kind, n) in again["counts"].as_object().unwrap() {
        assert_eq!(n, 0, "{kind} imported again: {again}");
    }
    assert_eq!(normalised(&export_json(&bob).await), normalised(&theirs));
}

/// Two imports of the same file at once: each row is written once.
async fn two_imports_of_one_file_at_once_write_each_row_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = diary_of_every_kind(&app).await;
    let file = ana
        .get("/api/v1/export?format=json")
        .await
        .bytes()
        .await
        .unwrap();
    let bob = app.user("bob").await;
    let (first, second) = tokio::join!(
        import(&bob, "format=nutrinube", file.to_vec()),
        import(&bob, "format=nutrinube", file.to_vec()),
    );
    // One at a time per account: the other waits its turn (409) or, when
    // the first had ended, finds everything held.
    let mut written = 0;
    for r in [first, second] {
        let status = r.status();
        let body: Value = r.json().await.unwrap();
        match status {
            StatusCode::CREATED => written += body["counts"]["food_entries"].as_u64().unwrap(),
            StatusCode::CONFLICT => assert_eq!(body["status"], 409),
            other => panic!("{other}: {body}"),
        }
    }
    assert_eq!(written, 4);
    assert_eq!(
        diary_list(&export_json(&bob).await, "food_entries").len(),
        4
    );
}

both_backends!(
    two_imports_of_one_file_at_once_write_each_row_once,
    an_export_imported_into_a_new_account_exports_the_same,
    a_dry_run_reports_and_changes_nothing_then_the_import_writes_once,
    dedupe_identical_imports_one_of_each_group,
    bad_parameters_and_unreadable_files_are_refused_naming_them,
    a_body_over_64_mib_is_refused_with_413,
    a_large_file_is_imported_off_the_request_path,
    a_multipart_upload_is_read_from_its_file_field,
    imports_belong_to_their_account,
);
