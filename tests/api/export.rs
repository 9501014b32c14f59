//! The data export, as CSV and as JSON.

use reqwest::{Response, StatusCode};
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::*;

/// Logs a little of everything for `user` on 2026-04-01.
async fn log_a_day(user: &Browser) {
    let r = user
        .put(
            "/api/v1/goals",
            &json!({"calories": 2500, "protein_g": 140, "fat_g": 80, "carbs_g": 300}),
        )
        .await;
    json_of(r, StatusCode::OK).await;
    let r = user
        .put(
            "/api/v1/profile",
            &json!({"sex": "male", "birth_date": "1990-05-01", "height_cm": 180,
                    "activity_level": "moderate"}),
        )
        .await;
    json_of(r, StatusCode::OK).await;
    user.add_food(
        json!({"date": "2026-04-01", "meal": "breakfast", "name": "Porridge",
                         "calories": 350, "protein_g": 12, "fat_g": 6.5, "carbs_g": 60}),
    )
    .await;
    user.add_food(
        json!({"date": "2026-04-01", "meal": "lunch", "name": "Chicken salad",
                         "calories": 520.5, "protein_g": 40, "fat_g": 20, "carbs_g": 30}),
    )
    .await;
    user.add_activity(json!({"date": "2026-04-01", "name": "Cycling commute",
                             "duration_min": 45, "kcal_burned": 380}))
        .await;
    let r = user
        .put("/api/v1/weights/2026-04-01", &json!({"weight_kg": 81.4}))
        .await;
    json_of(r, StatusCode::OK).await;
}

fn header(response: &Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .unwrap_or_else(|| panic!("no {name} header"))
        .to_str()
        .unwrap()
        .to_owned()
}

/// A CSV export: its header row and its records as maps by column.
struct Csv {
    header: Vec<String>,
    records: Vec<Vec<String>>,
}

impl Csv {
    fn parse(text: &str) -> Csv {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(text.as_bytes());
        let header = reader
            .headers()
            .expect("a header row")
            .iter()
            .map(str::to_owned)
            .collect();
        let records = reader
            .records()
            .map(|r| r.expect("a CSV record").iter().map(str::to_owned).collect())
            .collect();
        Csv { header, records }
    }

    fn column(&self, name: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no {name} column in {:?}", self.header))
    }

    fn cell<'a>(&self, record: &'a [String], name: &str) -> &'a str {
        &record[self.column(name)]
    }

    /// The records whose `kind` is `kind`.
    fn of_kind(&self, kind: &str) -> Vec<&Vec<String>> {
        let k = self.column("kind");
        self.records.iter().filter(|r| r[k] == kind).collect()
    }

    fn number(&self, record: &[String], name: &str) -> f64 {
        let cell = self.cell(record, name);
        cell.parse()
            .unwrap_or_else(|e| panic!("{name} = {cell:?} is not a number: {e}"))
    }
}

async fn export_csv(user: &Browser) -> (String, String, String) {
    let r = user.get("/api/v1/export?format=csv").await;
    assert_eq!(r.status(), StatusCode::OK);
    let content_type = header(&r, "content-type");
    let disposition = header(&r, "content-disposition");
    (content_type, disposition, r.text().await.unwrap())
}

async fn csv_export_has_one_row_per_entry(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let alice = app.user("alice").await;
    log_a_day(&alice).await;

    let (content_type, disposition, text) = export_csv(&alice).await;
    assert!(content_type.starts_with("text/csv"), "{content_type}");
    assert!(disposition.starts_with("attachment"), "{disposition}");
    assert!(disposition.contains("filename="), "{disposition}");
    assert!(disposition.contains(".csv"), "{disposition}");

    let csv = Csv::parse(&text);
    assert!(csv.header.iter().any(|h| h == "kind"), "{:?}", csv.header);
    // Every amount's column names its unit (everywhere.md §2).
    for column in [
        "calories_kcal",
        "protein_g",
        "fat_g",
        "carbs_g",
        "quantity_g",
        "duration_min",
        "kcal_burned",
        "weight_kg_used",
        "weight_kg",
    ] {
        assert!(
            csv.header.iter().any(|h| h == column),
            "no {column}: {:?}",
            csv.header
        );
    }
    assert!(
        !csv.header.iter().any(|h| h == "calories"),
        "{:?}",
        csv.header
    );
    assert_eq!(csv.records.len(), 4, "{text}");
    for record in &csv.records {
        assert_eq!(record.len(), csv.header.len(), "{record:?}");
        assert_eq!(csv.cell(record, "date"), "2026-04-01");
    }

    let foods = csv.of_kind("food");
    assert_eq!(foods.len(), 2, "{text}");
    let porridge = foods
        .iter()
        .find(|r| csv.cell(r, "name") == "Porridge")
        .unwrap_or_else(|| panic!("no Porridge row: {text}"));
    assert_eq!(csv.cell(porridge, "meal"), "breakfast");
    assert_eq!(csv.number(porridge, "calories_kcal"), 350.0);
    assert_eq!(csv.number(porridge, "protein_g"), 12.0);
    assert_eq!(csv.number(porridge, "fat_g"), 6.5);
    assert_eq!(csv.number(porridge, "carbs_g"), 60.0);
    let salad = foods
        .iter()
        .find(|r| csv.cell(r, "name") == "Chicken salad")
        .unwrap_or_else(|| panic!("no Chicken salad row: {text}"));
    assert_eq!(csv.cell(salad, "meal"), "lunch");
    assert_eq!(csv.number(salad, "calories_kcal"), 520.5);
    assert_eq!(csv.number(salad, "protein_g"), 40.0);

    let activities = csv.of_kind("activity");
    assert_eq!(activities.len(), 1, "{text}");
    assert_eq!(csv.cell(activities[0], "name"), "Cycling commute");
    assert_eq!(csv.number(activities[0], "duration_min"), 45.0);
    assert_eq!(csv.number(activities[0], "kcal_burned"), 380.0);

    let weights = csv.of_kind("weight");
    assert_eq!(weights.len(), 1, "{text}");
    assert_eq!(csv.number(weights[0], "weight_kg"), 81.4);
}

async fn json_export_holds_everything(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let alice = app.user("alice").await;
    log_a_day(&alice).await;

    let r = alice.get("/api/v1/export?format=json").await;
    assert_eq!(r.status(), StatusCode::OK);
    let content_type = header(&r, "content-type");
    assert!(
        content_type.starts_with("application/json"),
        "{content_type}"
    );
    let disposition = header(&r, "content-disposition");
    assert!(disposition.starts_with("attachment"), "{disposition}");
    assert!(disposition.contains("filename="), "{disposition}");
    let export = json_of(r, StatusCode::OK).await;

    assert_eq!(num(&export["goals"]["calories"]), 2500.0);
    assert_eq!(num(&export["goals"]["protein_g"]), 140.0);
    assert_eq!(num(&export["goals"]["fat_g"]), 80.0);
    assert_eq!(num(&export["goals"]["carbs_g"]), 300.0);

    assert_eq!(export["profile"]["sex"], "male");
    assert_eq!(export["profile"]["birth_date"], "1990-05-01");
    assert_eq!(num(&export["profile"]["height_cm"]), 180.0);
    assert_eq!(export["profile"]["activity_level"], "moderate");
    assert_eq!(num(&export["profile"]["weight_kg"]), 81.4);

    let foods = export["food_entries"].as_array().unwrap();
    assert_eq!(foods.len(), 2, "{export}");
    assert_eq!(foods[0]["name"], "Porridge");
    assert_eq!(foods[0]["meal"], "breakfast");
    assert_eq!(foods[0]["date"], "2026-04-01");
    assert_eq!(num(&foods[0]["calories"]), 350.0);
    assert_eq!(num(&foods[0]["fat_g"]), 6.5);
    assert_eq!(foods[1]["name"], "Chicken salad");
    assert_eq!(foods[1]["meal"], "lunch");
    assert_eq!(num(&foods[1]["calories"]), 520.5);

    let activities = export["activity_entries"].as_array().unwrap();
    assert_eq!(activities.len(), 1, "{export}");
    assert_eq!(activities[0]["name"], "Cycling commute");
    assert_eq!(activities[0]["duration_min"], 45);
    assert_eq!(num(&activities[0]["kcal_burned"]), 380.0);

    let weights = export["weights"].as_array().unwrap();
    assert_eq!(weights.len(), 1, "{export}");
    assert_eq!(weights[0]["date"], "2026-04-01");
    assert_eq!(num(&weights[0]["weight_kg"]), 81.4);
}

async fn unknown_formats_are_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let alice = app.user("alice").await;
    for format in ["xml", "pdf"] {
        let r = alice.get(&format!("/api/v1/export?format={format}")).await;
        problem_fields(r, StatusCode::BAD_REQUEST).await;
    }
    let r = app.new_browser().get("/api/v1/export?format=csv").await;
    problem_fields(r, StatusCode::UNAUTHORIZED).await;
}

async fn an_export_holds_only_its_own_account(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let alice = app.user("alice").await;
    let bob = app.user("bob").await;
    log_a_day(&alice).await;
    bob.add_food(json!({"date": "2026-04-01", "name": "Bob's toast", "calories": 200}))
        .await;

    let (_, _, text) = export_csv(&bob).await;
    let csv = Csv::parse(&text);
    assert_eq!(csv.records.len(), 1, "{text}");
    assert_eq!(csv.cell(&csv.records[0], "name"), "Bob's toast");
    for theirs in ["Porridge", "Chicken salad", "Cycling commute", "81.4"] {
        assert!(!text.contains(theirs), "{theirs} in bob's export: {text}");
    }

    let export = bob.get_ok("/api/v1/export?format=json").await;
    let foods = export["food_entries"].as_array().unwrap();
    assert_eq!(foods.len(), 1, "{export}");
    assert_eq!(foods[0]["name"], "Bob's toast");
    assert_eq!(export["activity_entries"], json!([]));
    assert_eq!(export["weights"], json!([]));
    assert_eq!(num(&export["goals"]["calories"]), 2000.0);
    assert!(export["profile"]["sex"].is_null(), "{export}");
    assert!(export["profile"]["weight_kg"].is_null(), "{export}");
}

async fn csv_cells_cannot_run_as_formulas(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let alice = app.user("alice").await;
    let names = [r#"=HYPERLINK("x")"#, "+SUM(A1:A2)", "-2+3", "@SUM(A1)"];
    for name in names {
        alice
            .add_food(json!({"date": "2026-04-02", "name": name, "calories": 1}))
            .await;
    }
    alice
        .add_activity(
            json!({"date": "2026-04-02", "name": "=1+1", "duration_min": 5,
                             "kcal_burned": 10}),
        )
        .await;

    let (_, _, text) = export_csv(&alice).await;
    let csv = Csv::parse(&text);
    let foods = csv.of_kind("food");
    let mut written: Vec<&str> = foods.iter().map(|r| csv.cell(r, "name")).collect();
    written.sort();
    let mut expected: Vec<String> = names.iter().map(|n| format!("'{n}")).collect();
    expected.sort();
    assert_eq!(written, expected, "{text}");
    let activities = csv.of_kind("activity");
    assert_eq!(csv.cell(activities[0], "name"), "'=1+1");
    // No cell at all starts with a formula character.
    for record in &csv.records {
        for cell in record {
            assert!(
                !cell.starts_with(['=', '+', '@']),
                "cell {cell:?} would run as a formula"
            );
        }
    }

    // The diary and the JSON export keep the name as typed.
    let export = alice.get_ok("/api/v1/export?format=json").await;
    let json_names: Vec<Value> = export["food_entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].clone())
        .collect();
    assert!(
        json_names.contains(&json!(r#"=HYPERLINK("x")"#)),
        "{export}"
    );
}

both_backends!(
    csv_export_has_one_row_per_entry,
    json_export_holds_everything,
    unknown_formats_are_refused,
    an_export_holds_only_its_own_account,
    csv_cells_cannot_run_as_formulas,
);
