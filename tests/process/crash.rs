//! Crash safety of the real binary under a burst of concurrent writes, on
//! SQLite and on PostgreSQL: after SIGKILL and a restart every acknowledged
//! write is there and nothing is half-written; after SIGTERM every request the
//! server took is answered, and a request that got no answer left no trace.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate};
use serde_json::{Value, json};

use crate::common::database::{Backend, TestDatabase};
use crate::common::postgres::require_test_database_url;
use crate::harness::{Server, client, register};

const PASSWORD: &str = "S3cret-Pa55word!";
const WRITERS: usize = 16;
/// Entries on the day that copies are made from: a copy is one transaction
/// of this many rows, so a half-made copy would show as fewer.
const SOURCE_ENTRIES: usize = 8;
const SOURCE_DAY: &str = "2026-04-01";
/// Acknowledged writes to wait for before the signal.
const BEFORE_SIGNAL: usize = 150;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Signal {
    Kill,
    Term,
}

/// One write of the burst; its content follows from `writer` and `n`.
#[derive(Clone, Copy, Debug)]
struct Write {
    writer: usize,
    n: usize,
}

impl Write {
    /// Every fifth write copies the source day to a day of its own.
    fn is_copy(&self) -> bool {
        self.n % 5 == 4
    }
    fn name(&self) -> String {
        format!("w{}-{}", self.writer, self.n)
    }
    fn calories(&self) -> f64 {
        (self.writer * 100 + self.n % 100) as f64 + 0.5
    }
    fn protein(&self) -> f64 {
        (self.n % 50) as f64 + 0.1
    }
    fn copy_day(&self) -> String {
        let base = NaiveDate::from_ymd_opt(2030, 1, 1).unwrap();
        (base + Days::new((self.writer * 10_000 + self.n) as u64)).to_string()
    }
}

/// What happened to each write, as the client saw it.
#[derive(Debug)]
enum Outcome {
    /// A 2xx answer, with the time it came.
    Acknowledged(Instant),
    /// No answer (connection refused, reset or closed).
    NoAnswer,
}

async fn writer(
    url: String,
    token: String,
    writer_no: usize,
    stop: Arc<AtomicBool>,
    acknowledged: Arc<AtomicUsize>,
) -> Vec<(Write, Outcome)> {
    // One connection per writer, kept alive, as a browser would.
    let http = client();
    let mut outcomes = Vec::new();
    for n in 0.. {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let write = Write {
            writer: writer_no,
            n,
        };
        let request = if write.is_copy() {
            http.post(format!("{url}/api/v1/food-entries/copy"))
                .json(&json!({"from_date": SOURCE_DAY, "to_date": write.copy_day()}))
        } else {
            http.post(format!("{url}/api/v1/food-entries")).json(
                &json!({"date": "2026-04-02", "meal": "dinner", "name": write.name(),
                              "calories": write.calories(), "protein_g": write.protein()}),
            )
        };
        match request.bearer_auth(&token).send().await {
            Ok(response) => {
                let status = response.status();
                assert!(
                    status.is_success(),
                    "{write:?}: {status} {}",
                    response.text().await.unwrap_or_default()
                );
                outcomes.push((write, Outcome::Acknowledged(Instant::now())));
                acknowledged.fetch_add(1, Ordering::SeqCst);
            }
            Err(_) => {
                outcomes.push((write, Outcome::NoAnswer));
                // The server is gone: this writer is done.
                break;
            }
        }
    }
    outcomes
}

async fn token_for(server: &Server) -> String {
    let http = client();
    register(&http, server, "burst", PASSWORD).await;
    let cookie = crate::harness::log_in(&http, server, "burst", PASSWORD).await;
    let created: Value = http
        .post(server.url("/api/v1/tokens"))
        .header("Cookie", format!("nutrinube_session={cookie}"))
        .json(&json!({"name": "burst", "password": PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    created["token"].as_str().unwrap().to_owned()
}

async fn burst_then_signal(backend: Backend, signal: Signal) {
    let tmp = tempfile::tempdir().unwrap();
    let db = TestDatabase::empty(backend).await;
    let env = [("DATABASE_URL", db.url.clone())];
    let mut server = Server::start(tmp.path(), &env);
    server.wait_ready().await;
    let token = token_for(&server).await;
    let http = client();
    for i in 0..SOURCE_ENTRIES {
        let r = http
            .post(server.url("/api/v1/food-entries"))
            .bearer_auth(&token)
            .json(&json!({"date": SOURCE_DAY, "name": format!("source {i}"), "calories": 100 + i}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
    }

    let stop = Arc::new(AtomicBool::new(false));
    let acknowledged = Arc::new(AtomicUsize::new(0));
    let writers: Vec<_> = (0..WRITERS)
        .map(|w| {
            tokio::spawn(writer(
                server.url(""),
                token.clone(),
                w,
                stop.clone(),
                acknowledged.clone(),
            ))
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(60);
    while acknowledged.load(Ordering::SeqCst) < BEFORE_SIGNAL {
        assert!(
            Instant::now() < deadline,
            "the burst is too slow\n{}",
            server.logs()
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let signalled = Instant::now();
    match signal {
        Signal::Kill => server.sigkill(),
        Signal::Term => server.sigterm(),
    }
    let exit = server
        .wait_exit(Duration::from_secs(15))
        .await
        .unwrap_or_else(|| panic!("no exit within 15 s of {signal:?}\n{}", server.logs()));
    stop.store(true, Ordering::SeqCst);
    let mut outcomes = Vec::new();
    for w in writers {
        outcomes.extend(w.await.expect("a writer panicked"));
    }
    if signal == Signal::Term {
        assert_eq!(
            exit.code(),
            Some(0),
            "exit after SIGTERM\n{}",
            server.logs()
        );
        let answered_after = outcomes
            .iter()
            .filter(|(_, o)| matches!(o, Outcome::Acknowledged(at) if *at > signalled))
            .count();
        assert!(
            answered_after > 0,
            "no request was answered after SIGTERM: nothing was in flight"
        );
    }

    // Restart on the same database and read everything back.
    let mut restarted = Server::start(tmp.path(), &env);
    restarted.wait_ready().await;
    let export: Value = http
        .get(restarted.url("/api/v1/export"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let entries = export["food_entries"].as_array().expect("food entries");

    // Group what is stored: burst entries by name, copies by day.
    let mut by_name: BTreeMap<String, &Value> = BTreeMap::new();
    let mut copies: BTreeMap<String, Vec<&Value>> = BTreeMap::new();
    for e in entries {
        let date = e["date"].as_str().unwrap();
        let name = e["name"].as_str().unwrap();
        if date == SOURCE_DAY {
            continue;
        } else if date == "2026-04-02" {
            assert!(
                by_name.insert(name.to_owned(), e).is_none(),
                "{name} stored twice"
            );
        } else {
            copies.entry(date.to_owned()).or_default().push(e);
        }
    }
    // Nothing half-written: every copied day holds the whole source day.
    let source_names: BTreeSet<String> =
        (0..SOURCE_ENTRIES).map(|i| format!("source {i}")).collect();
    for (day, rows) in &copies {
        let names: BTreeSet<String> = rows
            .iter()
            .map(|e| e["name"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(names, source_names, "copy to {day} is partial");
        assert_eq!(rows.len(), SOURCE_ENTRIES, "copy to {day} is partial");
    }

    let mut acked = 0;
    for (write, outcome) in &outcomes {
        let stored = if write.is_copy() {
            copies.contains_key(&write.copy_day())
        } else {
            match by_name.get(&write.name()) {
                Some(e) => {
                    assert_eq!(e["calories"].as_f64(), Some(write.calories()), "{e}");
                    assert_eq!(e["protein_g"].as_f64(), Some(write.protein()), "{e}");
                    assert_eq!(e["meal"], "dinner", "{e}");
                    true
                }
                None => false,
            }
        };
        match outcome {
            Outcome::Acknowledged(_) => {
                acked += 1;
                assert!(
                    stored,
                    "{write:?} was acknowledged but is lost after {signal:?}"
                );
            }
            // After SIGKILL a write may have committed just before its answer
            // was lost; after SIGTERM a request the server took is answered,
            // so one without an answer must have left nothing.
            Outcome::NoAnswer if signal == Signal::Term => {
                assert!(!stored, "{write:?} got no answer yet was stored");
            }
            Outcome::NoAnswer => {}
        }
    }
    assert!(acked >= BEFORE_SIGNAL, "only {acked} acknowledged writes");
    let unanswered = outcomes.len() - acked;
    eprintln!(
        "{backend:?} {signal:?}: {acked} writes acknowledged, {unanswered} unanswered, \
         {} entries and {} whole copies stored",
        by_name.len(),
        copies.len()
    );
    // Nothing stored that no writer sent.
    let sent: BTreeSet<String> = outcomes.iter().map(|(w, _)| w.name()).collect();
    for name in by_name.keys() {
        assert!(sent.contains(name), "{name} stored but never sent");
    }
    restarted.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sigkill_under_writes_loses_no_acknowledged_write_on_sqlite() {
    burst_then_signal(Backend::Sqlite, Signal::Kill).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sigkill_under_writes_loses_no_acknowledged_write_on_postgres() {
    require_test_database_url();
    burst_then_signal(Backend::Postgres, Signal::Kill).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sigterm_under_writes_answers_every_request_taken_on_sqlite() {
    burst_then_signal(Backend::Sqlite, Signal::Term).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sigterm_under_writes_answers_every_request_taken_on_postgres() {
    require_test_database_url();
    burst_then_signal(Backend::Postgres, Signal::Term).await;
}
