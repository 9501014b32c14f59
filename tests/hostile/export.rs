//! Exports are streamed: the server's memory does not grow with the
//! account's size.

use reqwest::StatusCode;
use serde_json::json;

use crate::api::{Account, execute, numbers};
use crate::both_backends;
use crate::common::database::Backend;
use crate::target::Target;

/// Food entries of the big account, straight into the database.
const ENTRIES: usize = 100_000;

/// The server's peak resident memory since `reset_peak`, in bytes.
fn peak_rss(target: &Target) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", target.server.pid())).unwrap();
    let kib: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM in /proc status");
    kib * 1024
}

/// Starts measuring the peak afresh (the kernel's "clear_refs" 5).
fn reset_peak(target: &Target) {
    std::fs::write(format!("/proc/{}/clear_refs", target.server.pid()), "5")
        .expect("resetting the server's peak memory");
}

async fn exports_stream_in_bounded_memory(backend: Backend) {
    let target = Target::start(backend, &[]).await;
    let eve = Account::new(&target, "eve").await;
    let id = eve.id().await;
    let long_name = "Slow-cooked beef and vegetable stew with dumplings ".repeat(3);
    let first = eve
        .create(
            "/food-entries",
            json!({"date": "2026-01-01", "meal": "dinner", "name": long_name.trim(),
                   "calories": 640.5, "protein_g": 38, "fat_g": 22.5, "carbs_g": 61}),
        )
        .await;
    execute(
        &target,
        &format!(
            "{} INSERT INTO food_entries (account_id, date, meal, name, calories, protein_g,
                 fat_g, carbs_g, food_id, quantity_g, created_at, updated_at)
             SELECT account_id, date, meal, name, calories, protein_g, fat_g, carbs_g, food_id,
                 quantity_g, created_at, updated_at
             FROM food_entries, n WHERE food_entries.id = {} AND account_id = {id} AND n.i < {ENTRIES}",
            numbers(ENTRIES),
            first["id"]
        ),
    )
    .await;
    // Warm up: the first export of a process sets up what every one uses.
    for format in ["json", "csv"] {
        let r = target
            .http
            .get(target.url(&format!("/api/v1/export?format={format}")))
            .header("cookie", &eve.cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        r.bytes().await.unwrap();
    }

    for format in ["json", "csv"] {
        let baseline = target.rss();
        reset_peak(&target);
        let response = target
            .http
            .get(target.url(&format!("/api/v1/export?format={format}")))
            .header("cookie", &eve.cookie)
            .timeout(std::time::Duration::from_secs(120))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let body = response.bytes().await.unwrap();
        let growth = peak_rss(&target).saturating_sub(baseline);
        let rows = match format {
            "json" => {
                let export: serde_json::Value = serde_json::from_slice(&body).unwrap();
                export["food_entries"].as_array().unwrap().len()
            }
            _ => body
                .split(|b| *b == b'\n')
                .filter(|l| l.starts_with(b"food,"))
                .count(),
        };
        assert_eq!(rows, ENTRIES, "every entry exported as {format}");
        assert!(
            growth < body.len() as u64 / 4,
            "exporting {} MiB of {format} grew the server's memory by {} MiB",
            body.len() >> 20,
            growth >> 20
        );
    }
    target.assert_unharmed().await;
}

both_backends!(exports_stream_in_bounded_memory);
