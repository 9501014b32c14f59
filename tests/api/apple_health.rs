//! Apple Health's export (data.md §1 `apple-health`): its `export.zip` is
//! read as a stream; weights (the latest of each day), body fat and workouts
//! are imported, other records counted, bad values skipped with their line,
//! and importing the same export again adds nothing.

use std::io::Write;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::*;

const EXPORT_XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary)*)>
<!ATTLIST HealthData locale CDATA #REQUIRED>
]>
<HealthData locale="en_US">
 <ExportDate value="2024-01-08 07:30:00 -0800"/>
 <Me HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexMale"/>
 <Record type="HKQuantityTypeIdentifierStepCount" sourceName="Phone" unit="count" startDate="2024-01-08 07:30:00 -0800" endDate="2024-01-08 07:40:00 -0800" value="12"/>
 <Record type="HKQuantityTypeIdentifierBodyMass" sourceName="Scale" unit="kg" startDate="2024-01-08 07:00:00 -0800" endDate="2024-01-08 07:00:00 -0800" value="80.4"/>
 <Record type="HKQuantityTypeIdentifierBodyMass" sourceName="Scale" unit="lb" startDate="2024-01-08 23:45:00 -0800" endDate="2024-01-08 23:45:00 -0800" value="180"/>
 <Record type="HKQuantityTypeIdentifierBodyFatPercentage" sourceName="Scale" unit="%" startDate="2024-01-08 07:00:00 -0800" endDate="2024-01-08 07:00:00 -0800" value="0.215"/>
 <Record type="HKQuantityTypeIdentifierBodyMass" sourceName="Scale" unit="kg" startDate="2024-01-09 07:00:00 -0800" endDate="2024-01-09 07:00:00 -0800" value="-3"/>
 <Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="30.5" durationUnit="min" totalEnergyBurned="1046" totalEnergyBurnedUnit="kJ" sourceName="Watch" startDate="2024-01-08 06:00:00 -0800" endDate="2024-01-08 06:30:30 -0800">
  <MetadataEntry key="HKIndoorWorkout" value="0"/>
 </Workout>
 <Workout workoutActivityType="HKWorkoutActivityTypeTraditionalStrengthTraining" duration="2700" durationUnit="s" sourceName="Watch" startDate="2024-01-09 18:00:00 -0800" endDate="2024-01-09 18:45:00 -0800">
  <WorkoutStatistics type="HKQuantityTypeIdentifierActiveEnergyBurned" startDate="2024-01-09 18:00:00 -0800" endDate="2024-01-09 18:45:00 -0800" sum="180" unit="kcal"/>
 </Workout>
 <ActivitySummary dateComponents="2024-01-08" activeEnergyBurned="300" activeEnergyBurnedUnit="kcal"/>
</HealthData>
"#;

fn export_zip() -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("apple_health_export/export.xml", options)
        .unwrap();
    zip.write_all(EXPORT_XML.as_bytes()).unwrap();
    zip.start_file("apple_health_export/export_cda.xml", options)
        .unwrap();
    zip.write_all(b"<?xml version=\"1.0\"?><ClinicalDocument/>")
        .unwrap();
    zip.finish().unwrap().into_inner()
}

async fn import(user: &Browser, body: Vec<u8>) -> Value {
    let r = user
        .client
        .post(user.url("/api/v1/imports?format=apple-health"))
        .header("content-type", "application/zip")
        .body(body)
        .send()
        .await
        .expect("POST /imports");
    json_of(r, StatusCode::CREATED).await
}

async fn an_export_zip_is_imported_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    let done = import(&ana, export_zip()).await;
    assert_eq!(done["status"], "done", "{done}");
    assert_eq!(done["format"], "apple-health");
    assert_eq!(
        done["counts"],
        json!({"food_entries": 0, "activity_entries": 2, "weights": 1,
            "measurements": 1, "water_entries": 0, "custom_foods": 0, "recipes": 0,
            "saved_meals": 0}),
        "{done}"
    );
    assert_eq!(done["skipped_total"], 1, "{done}");
    assert_eq!(done["skipped"][0]["line"], 13, "{done}");
    assert!(
        done["skipped"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("negative"),
        "{done}"
    );
    assert_eq!(
        done["ignored"],
        json!({"ActivitySummary": 1, "HKQuantityTypeIdentifierStepCount": 1}),
        "{done}"
    );

    // The latest weight of Jan 8 (23:45 at -08:00, Jan 9 in UTC) is kept, in kg.
    let weights = ana
        .get_ok("/api/v1/weights?from=2024-01-01&to=2024-01-31")
        .await;
    let text = weights.to_string();
    assert!(text.contains("2024-01-08"), "{weights}");
    assert!(text.contains("81.6"), "{weights}");
    assert!(!text.contains("80.4"), "{weights}");

    let day = ana.get_ok("/api/v1/activity-entries?date=2024-01-08").await;
    let text = day.to_string();
    assert!(text.contains("Running"), "{day}");
    assert!(text.contains("250"), "1046 kJ are 250 kcal: {day}");
    let next = ana.get_ok("/api/v1/activity-entries?date=2024-01-09").await;
    assert!(
        next.to_string().contains("Traditional strength training"),
        "{next}"
    );

    // Again: nothing added, every row recognised.
    let again = import(&ana, export_zip()).await;
    assert_eq!(again["counts"]["activity_entries"], 0, "{again}");
    assert_eq!(again["counts"]["weights"], 0, "{again}");
    assert_eq!(again["counts"]["measurements"], 0, "{again}");
    assert_eq!(again["unchanged"], 4, "{again}");
    let day = ana.get_ok("/api/v1/activity-entries?date=2024-01-08").await;
    assert_eq!(day.to_string().matches("Running").count(), 1, "{day}");
}

async fn a_file_that_is_not_an_export_is_refused_naming_file(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    let r = ana
        .client
        .post(ana.url("/api/v1/imports?format=apple-health"))
        .header("content-type", "application/octet-stream")
        .body("<Nope/>")
        .send()
        .await
        .unwrap();
    assert_eq!(
        problem_fields(r, StatusCode::UNPROCESSABLE_ENTITY).await,
        ["file"]
    );
}

both_backends!(
    an_export_zip_is_imported_once,
    a_file_that_is_not_an_export_is_refused_naming_file,
);
