//! Account settings (everywhere.md §1): time zone, language, units; and
//! "today" as the date where the person is.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::*;
use nutrinube::app::settings::Clock;

const PASSWORD: &str = "correct horse battery";

async fn settings_default_and_change_field_by_field(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    let defaults = ana.get_ok("/api/v1/settings").await;
    assert_eq!(
        defaults,
        json!({"time_zone": "UTC", "language": "en", "energy_unit": "kcal",
               "weight_unit": "kg", "length_unit": "cm"})
    );
    let changed = json_of(
        ana.put(
            "/api/v1/settings",
            &json!({"time_zone": "Europe/Madrid", "energy_unit": "kJ"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(changed["time_zone"], "Europe/Madrid");
    assert_eq!(changed["energy_unit"], "kJ");
    assert_eq!(changed["language"], "en", "left out: unchanged");
    let changed = json_of(
        ana.put(
            "/api/v1/settings",
            &json!({"language": "de", "weight_unit": "lb", "length_unit": "in"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        changed,
        json!({"time_zone": "Europe/Madrid", "language": "de", "energy_unit": "kJ",
               "weight_unit": "lb", "length_unit": "in"})
    );
    assert_eq!(ana.get_ok("/api/v1/settings").await, changed);
    // Another account's settings are its own.
    let ben = app.user("ben").await;
    assert_eq!(ben.get_ok("/api/v1/settings").await, defaults);
}

async fn bad_settings_are_refused_naming_each_field(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    let r = ana
        .put(
            "/api/v1/settings",
            &json!({"time_zone": "Europe/Atlantis", "language": "fr", "energy_unit": "kj",
                    "weight_unit": "stone", "length_unit": null}),
        )
        .await;
    let problem = json_of(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    let mut fields: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    fields.sort_unstable();
    assert_eq!(
        fields,
        [
            "energy_unit",
            "language",
            "length_unit",
            "time_zone",
            "weight_unit"
        ],
        "{problem}"
    );
    for bad in [
        json!({"time_zone": null}),
        json!({"time_zone": ""}),
        json!({"time_zone": 7}),
        json!({"time_zone": "x".repeat(10_000)}),
    ] {
        let r = ana.put("/api/v1/settings", &bad).await;
        let problem = json_of(r, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(
            problem["errors"][0]["field"], "time_zone",
            "{bad}: {problem}"
        );
    }
    // Nothing was changed by the refused requests.
    assert_eq!(ana.get_ok("/api/v1/settings").await["time_zone"], "UTC");
}

async fn registration_takes_a_time_zone_and_the_browsers_language(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let browser = app.new_browser();
    let r = browser
        .post(
            "/api/v1/auth/register",
            &json!({"username": "lola", "password": PASSWORD, "time_zone": "America/Mexico_City"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let r = browser
        .client
        .post(browser.url("/api/v1/auth/register"))
        .header("accept-language", "fr-CH, es;q=0.9, de;q=0.8")
        .json(&json!({"username": "luis", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let r = browser
        .post(
            "/api/v1/auth/register",
            &json!({"username": "nobody", "password": PASSWORD, "time_zone": "Mars/Olympus"}),
        )
        .await;
    let problem = json_of(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(problem["errors"][0]["field"], "time_zone", "{problem}");

    let lola = app.new_browser();
    lola.login("lola", PASSWORD).await;
    let settings = lola.get_ok("/api/v1/settings").await;
    assert_eq!(settings["time_zone"], "America/Mexico_City");
    assert_eq!(settings["language"], "en");
    let luis = app.new_browser();
    luis.login("luis", PASSWORD).await;
    let settings = luis.get_ok("/api/v1/settings").await;
    assert_eq!(
        (settings["time_zone"].clone(), settings["language"].clone()),
        (json!("UTC"), json!("es"))
    );
}

/// 10:30 UTC on 15 June 2026: already the 16th on Kiritimati (UTC+14), still
/// the 14th in Pago Pago (UTC−11).
const INSTANT: &str = "2026-06-15T10:30:00Z";

async fn today_is_the_date_in_the_accounts_time_zone(backend: Backend) {
    let app = TestApp::spawn_with(backend, |config| {
        config.clock = Clock::Fixed(INSTANT.parse().unwrap());
    })
    .await;
    let mut seen = Vec::new();
    for (name, zone) in [
        ("kiri", "Pacific/Kiritimati"),
        ("pago", "Pacific/Pago_Pago"),
    ] {
        let person = app.user(name).await;
        let r = person
            .put("/api/v1/settings", &json!({"time_zone": zone}))
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        // The weight set through the profile is today's, where they are.
        let r = person
            .put(
                "/api/v1/profile",
                &json!({"sex": "female", "birth_date": "1990-06-15", "height_cm": 165,
                        "weight_kg": 60, "activity_level": "moderate"}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        let weights: Value = person
            .get_ok("/api/v1/weights?from=2026-06-01&to=2026-06-30")
            .await;
        let date = weights["items"][0]["date"].as_str().unwrap().to_owned();
        // The dashboard's day and the diary it links to.
        let page = person.get("/").await.text().await.unwrap();
        assert!(
            page.contains(&format!("/diary?date={date}")),
            "{zone}: dashboard not on {date}"
        );
        seen.push(date);
    }
    assert_eq!(seen, ["2026-06-16", "2026-06-14"]);
    // A birth date later today where the person is would be in the future
    // in Pago Pago, not on Kiritimati.
    let kiri = app.new_browser();
    kiri.login("kiri", PASSWORD).await;
    let r = kiri
        .put("/api/v1/profile", &json!({"birth_date": "2026-06-16"}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let pago = app.new_browser();
    pago.login("pago", PASSWORD).await;
    let r = pago
        .put("/api/v1/profile", &json!({"birth_date": "2026-06-15"}))
        .await;
    let problem = json_of(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(problem["errors"][0]["field"], "birth_date");
}

both_backends!(
    settings_default_and_change_field_by_field,
    bad_settings_are_refused_naming_each_field,
    registration_takes_a_time_zone_and_the_browsers_language,
    today_is_the_date_in_the_accounts_time_zone,
);
