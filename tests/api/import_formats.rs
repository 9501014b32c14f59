//! Imports of other trackers' files (data.md §1), from the invented files in
//! `tests/fixtures/imports/` that have the shapes of real exports: what each
//! format becomes, what is skipped and why, units converted, renamed meals
//! kept, and a second import adding nothing.

use std::io::Write;

use reqwest::StatusCode;
use serde_json::Value;

use crate::both_backends;
use crate::helpers::*;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/imports");

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(format!("{FIXTURES}/{path}")).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A zip of the fixture folder's files (and a file of no export, ignored).
fn zip_of(folder: &str) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    let mut names: Vec<_> = std::fs::read_dir(format!("{FIXTURES}/{folder}"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    for name in names {
        zip.start_file(format!("export/{name}"), options).unwrap();
        zip.write_all(&fixture(&format!("{folder}/{name}")))
            .unwrap();
    }
    zip.start_file("export/notes.txt", options).unwrap();
    zip.write_all(b"not part of any export").unwrap();
    zip.finish().unwrap().into_inner()
}

async fn import(user: &Browser, query: &str, body: Vec<u8>) -> reqwest::Response {
    user.client
        .post(user.url(&format!("/api/v1/imports?{query}")))
        .header("content-type", "application/octet-stream")
        .body(body)
        .send()
        .await
        .expect("POST /imports")
}

async fn imported(user: &Browser, query: &str, body: Vec<u8>) -> Value {
    json_of(import(user, query, body).await, StatusCode::CREATED).await
}

async fn export(user: &Browser) -> Value {
    let r = user.get("/api/v1/export?format=json").await;
    assert_eq!(r.status(), StatusCode::OK);
    serde_json::from_str(&r.text().await.unwrap()).unwrap()
}

fn named<'a>(export: &'a Value, list: &str, name: &str) -> &'a Value {
    export[list]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == name)
        .unwrap_or_else(|| panic!("no {name:?} in {list}: {}", export[list]))
}

fn count(report: &Value, what: &str) -> i64 {
    report["counts"][what].as_i64().unwrap()
}

fn near(value: &Value, expected: f64) -> bool {
    (value.as_f64().unwrap_or(f64::NAN) - expected).abs() < 0.01
}

fn skipped(report: &Value) -> Vec<(i64, String)> {
    report["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["line"].as_i64().unwrap(),
                s["reason"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

async fn myfitnesspal_zip_with_weights_in_pounds(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    let zip = zip_of("mfp");

    // The file's weights have no unit: it must be given.
    let fields = problem_fields(
        import(&ana, "format=mfp", zip.clone()).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields, ["weight_unit"]);

    let done = imported(&ana, "format=mfp&weight_unit=lb", zip.clone()).await;
    assert_eq!(done["status"], "done", "{done}");
    assert_eq!(count(&done, "food_entries"), 5, "{done}");
    assert_eq!(count(&done, "activity_entries"), 2, "{done}");
    assert_eq!(count(&done, "weights"), 2, "{done}");
    assert_eq!(count(&done, "measurements"), 1, "{done}");
    let skips = skipped(&done);
    assert_eq!(skips.len(), 2, "{skips:?}");
    assert!(
        skips.iter().any(|(line, r)| *line == 7
            && r.starts_with("export/Nutrition-Summary")
            && r.contains("\"a lot\" is not a number")),
        "{skips:?}"
    );
    assert!(
        skips
            .iter()
            .any(|(line, r)| *line == 3 && r.contains("calorie adjustment")),
        "{skips:?}"
    );
    // The two equal snacks are both imported, and said.
    assert_eq!(done["warnings_total"], 1, "{done}");
    assert_eq!(done["warnings"][0]["count"], 2);

    let data = export(&ana).await;
    let lunch = named(&data, "food_entries", "MyFitnessPal: Lunch");
    assert_eq!(lunch["source"], "mfp");
    assert!(near(&lunch["calories"], 1020.5), "{lunch}");
    assert!(near(&lunch["sodium_mg"], 1480.0), "{lunch}");
    let breakfast = named(&data, "food_entries", "MyFitnessPal: Breakfast");
    // Vitamin A/C, calcium and iron are % of a daily value: not amounts.
    assert!(
        breakfast["micronutrients"].get("calcium_mg").is_none(),
        "{breakfast}"
    );
    assert!(
        near(&breakfast["micronutrients"]["cholesterol_mg"], 185.0),
        "{breakfast}"
    );
    let shake = named(&data, "food_entries", "MyFitnessPal: Meal 4 Post-Workout");
    assert_eq!(shake["meal"], "snack");
    let run = named(&data, "activity_entries", "Running (jogging), general");
    assert_eq!(
        (run["duration_min"].as_i64(), run["source"].as_str()),
        (Some(32), Some("mfp"))
    );
    let weights = data["weights"].as_array().unwrap();
    assert!(
        weights
            .iter()
            .any(|w| w["date"] == "2024-01-08" && near(&w["weight_kg"], 82.74)),
        "{weights:?}"
    );
    let waist = &data["measurements"][0];
    assert!(near(&waist["waist_cm"], 87.6), "{waist}");

    // Again, as a later export overlapping this one would: nothing added.
    let again = imported(&ana, "format=mfp&weight_unit=lb", zip).await;
    for what in [
        "food_entries",
        "activity_entries",
        "weights",
        "measurements",
    ] {
        assert_eq!(count(&again, what), 0, "{what}: {again}");
    }
    assert_eq!(
        export(&ana).await["food_entries"].as_array().unwrap().len(),
        5
    );
}

async fn cronometer_files_one_by_one(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    // A single CSV is recognised by its header.
    let servings = imported(
        &ana,
        "format=cronometer",
        fixture("cronometer/servings.csv"),
    )
    .await;
    assert_eq!(count(&servings, "food_entries"), 3, "{servings}");
    assert_eq!(skipped(&servings), [(5, "no energy is given".to_owned())]);
    let exercises = imported(
        &ana,
        "format=cronometer",
        fixture("cronometer/exercises.csv"),
    )
    .await;
    assert_eq!(count(&exercises, "activity_entries"), 2, "{exercises}");
    let bio = imported(
        &ana,
        "format=cronometer",
        fixture("cronometer/biometrics.csv"),
    )
    .await;
    assert_eq!(
        (count(&bio, "weights"), count(&bio, "measurements")),
        (2, 1),
        "{bio}"
    );
    let skips = skipped(&bio);
    assert_eq!(skips.len(), 1);
    assert!(skips[0].1.contains("Heart Rate"), "{skips:?}");

    let data = export(&ana).await;
    let oats = named(
        &data,
        "food_entries",
        "Oatmeal, Cooked with Water (1.50 cup)",
    );
    assert_eq!(
        (oats["meal"].as_str(), oats["source"].as_str()),
        (Some("breakfast"), Some("cronometer"))
    );
    assert!(near(&oats["micronutrients"]["iron_mg"], 2.54), "{oats}");
    assert!(
        near(&oats["micronutrients"]["vitamin_b12_ug"], 0.0),
        "known 0: {oats}"
    );
    let coffee = named(&data, "food_entries", "Coffee, Brewed (2.00 cup)");
    assert!(
        near(&coffee["micronutrients"]["caffeine_mg"], 189.6),
        "{coffee}"
    );
    assert!(
        coffee["micronutrients"].get("iron_mg").is_none(),
        "blank is unknown: {coffee}"
    );
    let bar = named(
        &data,
        "food_entries",
        "Uncategorized: \"Protein Bar\", Chocolate (1.00 bar)",
    );
    assert_eq!(bar["meal"], "snack");
    let cycling = named(&data, "activity_entries", "Cycling, Stationary, Moderate");
    assert!(
        near(&cycling["kcal_burned"], 402.5),
        "burned is positive: {cycling}"
    );
    let weights = data["weights"].as_array().unwrap();
    assert!(
        weights
            .iter()
            .any(|w| w["date"] == "2024-01-08" && near(&w["weight_kg"], 78.2)),
        "{weights:?}"
    );
    assert!(
        weights
            .iter()
            .any(|w| w["date"] == "2024-01-09" && near(&w["weight_kg"], 78.1)),
        "{weights:?}"
    );

    let again = imported(
        &ana,
        "format=cronometer",
        fixture("cronometer/servings.csv"),
    )
    .await;
    assert_eq!(count(&again, "food_entries"), 0, "{again}");
}

async fn lose_it_food_log(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    let log = fixture("loseit/food-logs.csv");
    let dry = imported(&ana, "format=loseit&dry_run=true", log.clone()).await;
    assert_eq!(count(&dry, "food_entries"), 3, "{dry}");
    assert!(
        export(&ana).await["food_entries"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    let done = imported(&ana, "format=loseit", log.clone()).await;
    assert_eq!(
        (
            count(&done, "food_entries"),
            count(&done, "activity_entries")
        ),
        (3, 1),
        "{done}"
    );
    let skips = skipped(&done);
    assert_eq!(skips.len(), 2, "{skips:?}");
    assert_eq!(skips[0], (4, "the row is marked deleted".to_owned()));
    assert_eq!(skips[1].0, 7);
    assert!(skips[1].1.contains("not a date"), "{skips:?}");

    let data = export(&ana).await;
    let pizza = named(&data, "food_entries", "Pizza, Cheese (4 Slices)");
    assert!(near(&pizza["calories"], 1140.0), "{pizza}");
    assert!(near(&pizza["sodium_mg"], 2520.0), "{pizza}");
    assert_eq!(pizza["date"], "2024-01-08");
    let tea = named(&data, "food_entries", "Staples: Green Tea (1 Cup)");
    assert_eq!(
        (tea["meal"].as_str(), tea["source"].as_str()),
        (Some("snack"), Some("loseit"))
    );
    let run = named(&data, "activity_entries", "Running, 6 mph");
    assert!(near(&run["kcal_burned"], 285.0), "{run}");
    assert_eq!(run["duration_min"], 25);

    let again = imported(&ana, "format=loseit", log).await;
    assert_eq!(
        count(&again, "food_entries") + count(&again, "activity_entries"),
        0,
        "{again}"
    );
}

async fn apple_health_export_zip(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("apple_health_export/export.xml", options)
        .unwrap();
    zip.write_all(&fixture("apple-health/export.xml")).unwrap();
    // The clinical documents beside it are not read.
    zip.start_file("apple_health_export/export_cda.xml", options)
        .unwrap();
    zip.write_all(b"<?xml version=\"1.0\"?><ClinicalDocument/>")
        .unwrap();
    let zip = zip.finish().unwrap().into_inner();

    let done = imported(&ana, "format=apple-health", zip.clone()).await;
    assert_eq!(count(&done, "weights"), 2, "{done}");
    assert_eq!(count(&done, "measurements"), 1, "{done}");
    assert_eq!(count(&done, "activity_entries"), 2, "{done}");
    let skips = skipped(&done);
    assert_eq!(skips.len(), 2, "{skips:?}");
    assert!(
        skips.iter().any(|(l, r)| *l == 31 && r.contains("stone")),
        "{skips:?}"
    );
    assert_eq!(
        done["ignored"]["HKQuantityTypeIdentifierHeartRate"], 2,
        "{done}"
    );

    let data = export(&ana).await;
    let run = named(&data, "activity_entries", "Running");
    assert!(near(&run["kcal_burned"], 320.0), "{run}");
    assert_eq!(
        (run["source"].as_str(), run["date"].as_str()),
        (Some("apple-health"), Some("2024-01-08"))
    );
    let weights = data["weights"].as_array().unwrap();
    assert!(
        weights
            .iter()
            .any(|w| w["date"] == "2024-01-08" && near(&w["weight_kg"], 75.66)),
        "{weights:?}"
    );
    assert!(
        weights
            .iter()
            .any(|w| w["date"] == "2024-01-09" && near(&w["weight_kg"], 75.2)),
        "{weights:?}"
    );

    let again = imported(&ana, "format=apple-health", zip).await;
    for what in ["weights", "measurements", "activity_entries"] {
        assert_eq!(count(&again, what), 0, "{what}: {again}");
    }
    // The export.xml alone is read too.
    let bob = app.user("bob").await;
    let alone = imported(
        &bob,
        "format=apple-health",
        fixture("apple-health/export.xml"),
    )
    .await;
    assert_eq!(count(&alone, "activity_entries"), 2, "{alone}");
    // A phone set to Spanish names it exportar.xml, with a route beside it.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("apple_health_export/exportar.xml", options)
        .unwrap();
    zip.write_all(&fixture("apple-health/export.xml")).unwrap();
    zip.start_file(
        "apple_health_export/workout-routes/route_2024-01-08_7.30am.gpx",
        options,
    )
    .unwrap();
    zip.write_all(b"<?xml version=\"1.0\"?><gpx/>").unwrap();
    let zip = zip.finish().unwrap().into_inner();
    let carla = app.user("carla").await;
    let spanish = imported(&carla, "format=apple-health", zip).await;
    assert_eq!(count(&spanish, "weights"), 2, "{spanish}");
    assert_eq!(count(&spanish, "activity_entries"), 2, "{spanish}");
}

async fn a_file_of_another_format_is_refused_naming_the_file(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    for (query, body) in [
        ("format=loseit", fixture("cronometer/servings.csv")),
        ("format=cronometer", fixture("loseit/food-logs.csv")),
        ("format=mfp&weight_unit=kg", zip_of("loseit")),
    ] {
        let fields = problem_fields(
            import(&ana, query, body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields, ["file"], "{query}");
    }
    assert!(
        export(&ana).await["food_entries"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

both_backends!(
    myfitnesspal_zip_with_weights_in_pounds,
    cronometer_files_one_by_one,
    lose_it_food_log,
    apple_health_export_zip,
    a_file_of_another_format_is_refused_naming_the_file,
);
