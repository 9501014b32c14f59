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

/// Gives `eve` `ENTRIES` food entries with long names.
async fn fill(eve: &Account<'_>) {
    let target = eve.target;
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
        target,
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
}

async fn exports_stream_in_bounded_memory(backend: Backend) {
    let target = Target::start(backend, &[]).await;
    let eve = Account::new(&target, "eve").await;
    fill(&eve).await;
    // Warm up: the first export of a process sets up what every one uses.
    for format in ["json", "csv"] {
        let r = target
            .http
            .get(target.url(&format!("/api/v1/export?format={format}")))
            .header("cookie", &eve.cookie)
            // As the measured ones: 100,000 entries from a debug build on a busy machine.
            .timeout(std::time::Duration::from_secs(120))
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
        eprintln!(
            "exporting {} KiB of {format} grew the server's memory by {} KiB",
            body.len() >> 10,
            growth >> 10
        );
        assert!(
            growth < body.len() as u64 / 4,
            "exporting {} MiB of {format} grew the server's memory by {} MiB",
            body.len() >> 20,
            growth >> 20
        );
    }
    target.assert_unharmed().await;
}

/// Clients that start exports and then read nothing hold a database
/// connection each while they are sent: only a quarter of the pool's (2 of
/// the default 10) may be, the others answer 503 at once, and everything
/// else is served meanwhile.
async fn stalled_export_downloads_do_not_starve_the_database_pool(backend: Backend) {
    let target = Target::start(backend, &[]).await;
    let eve = Account::new(&target, "eve").await;
    fill(&eve).await;
    let started = (0..12).map(|_| {
        target
            .http
            .get(target.url("/api/v1/export?format=json"))
            .header("cookie", &eve.cookie)
            .send()
    });
    let stalled: Vec<reqwest::Response> = futures_util::future::join_all(started)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    let sending = stalled
        .iter()
        .filter(|r| r.status() == StatusCode::OK)
        .count();
    let refused: Vec<_> = stalled
        .iter()
        .filter(|r| r.status() == StatusCode::SERVICE_UNAVAILABLE)
        .collect();
    assert!((1..=2).contains(&sending), "{sending} exports sent at once");
    assert_eq!(sending + refused.len(), 12);
    assert!(
        refused
            .iter()
            .all(|r| r.headers().contains_key("retry-after"))
    );
    // A moment for the senders to fill every buffer and wait on their clients.
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    target.assert_unharmed().await;

    // Once those clients go away, exports are sent again.
    drop(stalled);
    let mut status = StatusCode::SERVICE_UNAVAILABLE;
    for _ in 0..50 {
        let r = target
            .http
            .get(target.url("/api/v1/export?format=csv"))
            .header("cookie", &eve.cookie)
            .timeout(std::time::Duration::from_secs(120))
            .send()
            .await
            .unwrap();
        status = r.status();
        r.bytes().await.unwrap();
        if status == StatusCode::OK {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(status, StatusCode::OK, "an export after the stalled ones");
    target.assert_unharmed().await;
}

both_backends!(
    exports_stream_in_bounded_memory,
    stalled_export_downloads_do_not_starve_the_database_pool,
);
