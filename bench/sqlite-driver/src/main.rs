//! One statement, one file, one thread: the rows of a 366-day range as
//! NutriNube's `food_day_totals` holds them (a date, 5 numbers, then 31
//! nullable sums each with a count), read through sqlx's SQLite driver and
//! through rusqlite, every value decoded. Prints milliseconds per query.

use std::time::Instant;

use sqlx::Row;

const DETAILS: usize = 31;
const DAYS: i64 = 367;
const QUERIES: u32 = 300;

fn columns() -> Vec<String> {
    let mut c: Vec<String> = ["entries", "calories", "protein_g", "fat_g", "carbs_g"]
        .map(String::from)
        .to_vec();
    for i in 0..DETAILS {
        c.push(format!("d{i}"));
        c.push(format!("d{i}_known"));
    }
    c
}

fn create(path: &std::path::Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    let cols = columns();
    let typed: Vec<String> = cols
        .iter()
        .map(|c| {
            let ty = if c == "entries" || c.ends_with("_known") { "INTEGER NOT NULL" } else { "REAL" };
            format!("{c} {ty}")
        })
        .collect();
    conn.execute_batch(&format!(
        "PRAGMA journal_mode = WAL;
         CREATE TABLE totals (account_id INTEGER NOT NULL, date TEXT NOT NULL, {},
             PRIMARY KEY (account_id, date));",
        typed.join(", ")
    ))
    .unwrap();
    let tx = conn.unchecked_transaction().unwrap();
    for day in 0..DAYS {
        let values: Vec<String> = cols
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if c.ends_with("_known") || c == "entries" {
                    "20".to_owned()
                } else if i % 7 == 3 {
                    "NULL".to_owned()
                } else {
                    format!("{}.{}", day * 3 + i as i64, day % 10)
                }
            })
            .collect();
        tx.execute(
            &format!(
                "INSERT INTO totals VALUES (1, date('2026-01-01', ?1), {})",
                values.join(", ")
            ),
            [format!("+{day} days")],
        )
        .unwrap();
    }
    tx.commit().unwrap();
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("driver.db");
    create(&path);
    let cols = columns();
    let sql = format!(
        "SELECT date, {} FROM totals WHERE account_id = $1 AND date >= $2 AND date <= $3 ORDER BY date",
        cols.join(", ")
    );
    let (from, to) = ("2026-01-01", "2027-01-02");

    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let sqlx_ms = runtime.block_on(async {
        let url = format!("sqlite://{}?mode=ro", path.display());
        let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
        let mut sum = 0.0;
        let t = Instant::now();
        for _ in 0..QUERIES {
            let rows = sqlx::query(&sql).bind(1_i64).bind(from).bind(to).fetch_all(&pool).await.unwrap();
            assert_eq!(rows.len() as i64, DAYS);
            for r in &rows {
                let _: String = r.try_get(0).unwrap();
                for i in 1..=cols.len() {
                    sum += r.try_get_unchecked::<Option<f64>, _>(i).unwrap().unwrap_or(0.0);
                }
            }
        }
        (t.elapsed().as_secs_f64() * 1000.0 / f64::from(QUERIES), sum)
    });

    let conn = rusqlite::Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let mut sum = 0.0;
    let t = Instant::now();
    for _ in 0..QUERIES {
        let mut st = conn.prepare_cached(&sql).unwrap();
        let mut rows = st.query(rusqlite::params![1_i64, from, to]).unwrap();
        let mut n = 0;
        while let Some(r) = rows.next().unwrap() {
            n += 1;
            let _: String = r.get(0).unwrap();
            for i in 1..=cols.len() {
                sum += r.get::<_, Option<f64>>(i).unwrap().unwrap_or(0.0);
            }
        }
        assert_eq!(n, DAYS);
    }
    let rusqlite_ms = t.elapsed().as_secs_f64() * 1000.0 / f64::from(QUERIES);
    assert_eq!(sqlx_ms.1, sum, "both drivers read the same values");
    println!(
        "{DAYS} rows of {} columns, {QUERIES} queries each: sqlx {:.2} ms/query, rusqlite {:.2} ms/query ({:.1}x)",
        cols.len() + 1,
        sqlx_ms.0,
        rusqlite_ms,
        sqlx_ms.0 / rusqlite_ms
    );
}
