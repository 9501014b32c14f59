//! Off line (everywhere.md §3): the service worker and the diary's forms
//! that create once per `Idempotency-Key` (plain HTTP), and the whole
//! off-line journey in headless Chromium (`#[ignore]`d like `browser.rs`;
//! run by `bash scripts/web-test.sh`).
//!
//! The network is cut with a TCP forwarder between the browser and the
//! app: the browser only knows the forwarder's address; off line, the
//! forwarder drops the connections it carries and closes new ones at
//! once, so every request fails — the page's, and the service worker's own,
//! which DevTools' network emulation does not reliably reach.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

use crate::webdriver::{Driver, Session};
use crate::{TestApp, client, get_json, page, sign_up};

// ---- plain HTTP ---------------------------------------------------------

#[tokio::test]
async fn the_worker_is_served_at_the_root_naming_the_shell_it_keeps() {
    let app = TestApp::spawn().await;
    let c = client();
    let r = c.get(app.url("/sw.js")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.headers()["content-type"],
        "text/javascript; charset=utf-8"
    );
    assert_eq!(r.headers()["cache-control"], "no-cache");
    let worker = r.text().await.unwrap();
    let declaration = worker
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("const SHELL = "))
        .and_then(|l| l.strip_suffix(';'))
        .expect("the shell's declaration on the first line");
    let shell: Value = serde_json::from_str(declaration).unwrap();
    let kept: Vec<&str> = shell["assets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    // The stylesheet and script the pages link, under their hashed names.
    let login = page(&c, &app.url("/login")).await;
    for prefix in ["/static/app.", "/static/icon."] {
        let start = login.find(prefix).unwrap();
        let linked = login[start..].split('"').next().unwrap();
        assert!(kept.contains(&linked), "{linked} not in {kept:?}");
    }
    assert!(kept.contains(&"/manifest.webmanifest"), "{kept:?}");
    // Everything it keeps is there, the off-line page with the pages' CSP.
    for path in &kept {
        let r = c.get(app.url(path)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        if *path == "/offline" {
            let csp = r.headers()["content-security-policy"].to_str().unwrap();
            assert!(csp.contains("script-src 'self'"), "{csp}");
        }
    }
    // The off-line page in the reader's language (the browser's here).
    let mut headings = Vec::new();
    for language in ["en", "es", "de"] {
        let r = c
            .get(app.url("/offline"))
            .header("accept-language", language)
            .send()
            .await
            .unwrap();
        let html = r.text().await.unwrap();
        assert!(
            html.contains(&format!(r#"<html lang="{language}">"#)),
            "{html}"
        );
        let start = html.find("<h1>").unwrap() + 4;
        headings.push(html[start..].split('<').next().unwrap().to_owned());
    }
    assert_eq!(headings[0], "You are off line");
    assert!(
        headings[1] != headings[0] && headings[2] != headings[0],
        "{headings:?}"
    );
}

#[tokio::test]
async fn the_diary_forms_create_once_per_idempotency_key() {
    let app = TestApp::spawn().await;
    let c = client();
    let token = sign_up(&app, &c, "ivy").await;
    let date = "2026-06-01";
    let forms = [
        (
            "/diary/food",
            vec![("name", "Pear"), ("meal", "snack"), ("calories", "57")],
            "/api/v1/food-entries?date=2026-06-01",
        ),
        (
            "/diary/activity",
            vec![
                ("name", "Walk"),
                ("duration_min", "20"),
                ("kcal_burned", "80"),
            ],
            "/api/v1/activity-entries?date=2026-06-01",
        ),
    ];
    for (action, fields, listed_at) in forms {
        let mut form = vec![("csrf", token.as_str()), ("date", date)];
        form.extend(fields);
        let send = |form: Vec<(&'static str, String)>| {
            c.post(app.url(action))
                .header("Idempotency-Key", format!("form-{action}"))
                .form(&form)
                .send()
        };
        let owned: Vec<(&'static str, String)> =
            form.iter().map(|(k, v)| (*k, (*v).to_owned())).collect();
        let first = send(owned.clone()).await.unwrap();
        assert_eq!(first.status(), StatusCode::SEE_OTHER, "{action}");
        let to = first.headers()["location"].clone();
        assert_eq!(to, "/diary?date=2026-06-01");
        let again = send(owned.clone()).await.unwrap();
        assert_eq!(again.status(), StatusCode::SEE_OTHER, "{action}");
        assert_eq!(again.headers()["location"], to);
        assert_eq!(again.headers()["idempotency-replayed"], "true");
        // The same key for other values is refused, and logs nothing.
        let mut other = owned.clone();
        other.push(("name", "Something else".to_owned()));
        let refused = send(other).await.unwrap();
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let items = get_json(&c, app.url(listed_at)).await;
        assert_eq!(items["items"].as_array().unwrap().len(), 1, "{items}");
    }
}

// ---- the journey in Chromium ---------------------------------------------

/// Carries the browser's connections to the app, until cut.
struct Forwarder {
    address: String,
    online: watch::Sender<bool>,
    accepting: tokio::task::JoinHandle<()>,
}

impl Forwarder {
    async fn start(to: SocketAddr) -> Forwarder {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = format!("http://{}", listener.local_addr().unwrap());
        let (online, _) = watch::channel(true);
        let watching = online.clone();
        let accepting = tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                let mut cut = watching.subscribe();
                if !*cut.borrow_and_update() {
                    // Closed at once: the browser's request fails.
                    continue;
                }
                tokio::spawn(async move {
                    let Ok(mut outbound) = TcpStream::connect(to).await else {
                        return;
                    };
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound) => {}
                        _ = cut.wait_for(|online| !online) => {}
                    }
                });
            }
        });
        Forwarder {
            address,
            online,
            accepting,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// Off line: open connections dropped, new ones closed.
    fn cut(&self) {
        self.online.send_replace(false);
    }

    fn restore(&self) {
        self.online.send_replace(true);
    }
}

impl Drop for Forwarder {
    fn drop(&mut self) {
        self.accepting.abort();
    }
}

/// Waits up to `seconds` for `script` (an async script calling its last
/// argument with a boolean) to answer true.
async fn wait_async(s: &Session, what: &str, seconds: u64, script: &str) {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    loop {
        if s.execute_async(script, json!([])).await == Value::Bool(true) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "timed out after {seconds} s waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The off-line queue's records, as the page keeps them.
async fn queue(s: &Session) -> Vec<Value> {
    let records = s
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const opening = indexedDB.open('nutrinube', 1);
             opening.onupgradeneeded = () => opening.result.createObjectStore('queue', {keyPath: 'id', autoIncrement: true});
             opening.onsuccess = () => {
               const all = opening.result.transaction('queue').objectStore('queue').getAll();
               all.onsuccess = () => { opening.result.close(); done(all.result); };
             };",
            json!([]),
        )
        .await;
    records.as_array().cloned().unwrap_or_default()
}

/// Puts `record` back into the queue, as if its first sending had not been
/// noticed.
async fn requeue(s: &Session, record: &Value) {
    s.execute_async(
        "const [record, done] = arguments;
         const opening = indexedDB.open('nutrinube', 1);
         opening.onsuccess = () => {
           const tx = opening.result.transaction('queue', 'readwrite');
           tx.objectStore('queue').put(record);
           tx.oncomplete = () => { opening.result.close(); done(true); };
         };",
        json!([record]),
    )
    .await;
}

/// How many of `kind` (`food` or `activity`) entries named `name` the
/// server holds on `date`, as the account's API client sees them.
async fn held(api: &reqwest::Client, app: &TestApp, kind: &str, date: &str, name: &str) -> usize {
    let list = get_json(api, app.url(&format!("/api/v1/{kind}-entries?date={date}"))).await;
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["name"] == name)
        .count()
}

async fn add_lunch_by_hand(s: &Session, name: &str, calories: &str) {
    s.fill("#hand-name", name).await;
    s.fill("#hand-calories", calories).await;
    s.execute(
        "document.getElementById('hand-meal').value = 'lunch'",
        json!([]),
    )
    .await;
    s.click("#hand-add").await;
}

/// A script answering whether the element `css` is there and shown.
fn is_shown(css: &str) -> String {
    format!(
        "const e = document.querySelector('{css}');
         return Boolean(e) && !e.closest('[hidden]') && getComputedStyle(e).display !== 'none';"
    )
}

#[tokio::test]
#[ignore = "needs Chromium: run by scripts/web-test.sh"]
async fn the_diary_works_off_line_and_sends_what_waits_once() {
    let app = TestApp::spawn().await;
    let net = Forwarder::start(
        app.address
            .strip_prefix("http://")
            .unwrap()
            .parse()
            .unwrap(),
    )
    .await;
    let mut driver = Driver::start().await;
    let s = driver.session(390, 844).await;

    // Register and log in, through the forwarder.
    s.goto(&net.url("/register")).await;
    s.fill("#username", "nomad").await;
    s.fill("#password", "correct horse").await;
    s.fill("#password_again", "correct horse").await;
    s.click("button[type=submit]").await;
    s.wait_for("the login page", "return location.pathname === '/login'")
        .await;
    s.fill("#password", "correct horse").await;
    s.click("button[type=submit]").await;
    s.wait_for("the dashboard", "return location.pathname === '/'")
        .await;
    let api = client();
    let r = api
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"username": "nomad", "password": "correct horse"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);

    // The worker installs and controls the diary; opened under its
    // control, the diary is kept.
    s.goto(&net.url("/diary")).await;
    s.wait_for(
        "the service worker to control the page",
        "return navigator.serviceWorker.controller !== null",
    )
    .await;
    // A food from the catalogue, so that the diary offers it again among
    // the recent foods.
    s.fill("#food-q", "apple raw").await;
    s.click("#food-search").await;
    s.fill(".result input[name=amount]", "150").await;
    s.click(".result button[type=submit]").await;
    s.find(".chips form[data-offline-queue]").await;
    s.goto(&net.url("/diary")).await;
    let date = s.attribute("#diary-date", "data-date").await.unwrap();
    let recent = s
        .attribute(".chips form[data-offline-queue]", "data-offline-name")
        .await
        .unwrap();
    assert_eq!(held(&api, &app, "food", &date, &recent).await, 1);
    wait_async(
        &s,
        "the diary and the stylesheet in the worker's cache",
        10,
        "const done = arguments[arguments.length - 1];
         const css = document.querySelector('link[rel=stylesheet]').getAttribute('href');
         Promise.all([caches.match('/diary'), caches.match(css)])
           .then(found => done(found.every(Boolean)), () => done(false));",
    )
    .await;
    assert!(
        !s.execute(&is_shown("#offline-banner"), json!([]))
            .await
            .as_bool()
            .unwrap(),
        "the banner shows while on line"
    );

    // Off line: the diary opens from the worker, styled, and says so.
    net.cut();
    s.goto(&net.url(&format!("/diary?date={date}"))).await;
    s.find("#diary-date").await;
    assert_eq!(
        s.execute(
            "return document.documentElement.hasAttribute('data-offline-copy')",
            json!([])
        )
        .await,
        Value::Bool(true),
        "the diary did not come from the worker's copy"
    );
    s.wait_for("the off-line banner", &is_shown("#offline-banner"))
        .await;
    assert_eq!(
        s.execute(
            "return getComputedStyle(document.body).backgroundColor",
            json!([])
        )
        .await,
        json!("rgb(246, 247, 245)"),
        "the stylesheet did not come from the worker's cache"
    );

    // A food and an activity by hand, and a food the server will refuse:
    // kept, shown waiting in their places.
    s.click("details.by-hand summary").await;
    add_lunch_by_hand(&s, "Oats on the train", "250").await;
    s.wait_for(
        "the food waiting",
        "return [...document.querySelectorAll('#meal-lunch .entry.queued .entry-name')]
           .some(e => e.textContent === 'Oats on the train')",
    )
    .await;
    let waiting_label = s
        .execute(
            "return document.getElementById('queued-entry').content
               .querySelector('.queued-note').textContent",
            json!([]),
        )
        .await;
    assert_eq!(
        s.text("#meal-lunch .entry.queued .queued-note").await,
        waiting_label.as_str().unwrap()
    );
    s.click("section[aria-labelledby=h-add-act] details.by-hand summary")
        .await;
    s.fill("#act-name", "Walk to the station").await;
    s.fill("#act-minutes", "20").await;
    s.fill("#act-kcal", "90").await;
    s.click("#act-add").await;
    s.wait_for(
        "the activity waiting",
        "return document.querySelector('#activities .entry.queued .entry-name')?.textContent
           === 'Walk to the station'",
    )
    .await;
    add_lunch_by_hand(&s, "Mystery soup", "lots").await;
    s.wait_for(
        "three entries waiting",
        "return document.querySelectorAll('.entry.queued').length === 3",
    )
    .await;
    // A recent food, with one touch (scrolled from under the sticky header).
    s.execute(
        "document.querySelector('.chips form[data-offline-queue] button')
           .scrollIntoView({block: 'center'})",
        json!([]),
    )
    .await;
    s.click(".chips form[data-offline-queue] button").await;
    s.wait_for(
        "the recent food waiting",
        &format!(
            "return [...document.querySelectorAll('.entry.queued .entry-name')]
               .some(e => e.textContent === {})",
            json!(recent)
        ),
    )
    .await;
    assert!(
        s.execute(&is_shown("#offline-banner"), json!([]))
            .await
            .as_bool()
            .unwrap()
    );
    let kept = queue(&s).await;
    let urls: Vec<&str> = kept.iter().map(|r| r["url"].as_str().unwrap()).collect();
    assert_eq!(
        urls,
        [
            "/diary/food",
            "/diary/activity",
            "/diary/food",
            "/diary/food"
        ]
    );
    let keys: std::collections::HashSet<&str> =
        kept.iter().map(|r| r["key"].as_str().unwrap()).collect();
    assert_eq!(keys.len(), 4, "each entry has its own key: {kept:?}");
    assert!(
        kept.iter().all(|r| r["fields"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f[0] != "csrf" || f[1] == "")),
        "the CSRF token is not kept: {kept:?}"
    );
    assert_eq!(
        held(&api, &app, "food", &date, "Oats on the train").await,
        0
    );

    // The phone's off-line diary, with the banner and what waits.
    let dir = crate::browser::shots("phone");
    s.screenshot(&dir.join("08-offline-diary.png")).await;
    let overflow = s
        .execute(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth",
            json!([]),
        )
        .await;
    assert!(
        overflow.as_i64().unwrap_or(0) <= 0,
        "wider by {overflow} px"
    );

    // On line again: the page's next try sends them, in order, and shows
    // the day as the server has it, the refused one said.
    net.restore();
    wait_async(
        &s,
        "the queue to be sent",
        30,
        "const done = arguments[arguments.length - 1];
         const opening = indexedDB.open('nutrinube', 1);
         opening.onsuccess = () => {
           const count = opening.result.transaction('queue').objectStore('queue').count();
           count.onsuccess = () => { opening.result.close(); done(count.result === 0); };
         };",
    )
    .await;
    s.wait_for(
        "the entries shown as saved",
        "return document.querySelectorAll('.entry.queued').length === 0
           && [...document.querySelectorAll('#meal-lunch .entry-name')]
                .some(e => e.textContent === 'Oats on the train')
           && [...document.querySelectorAll('#activities .entry-name')]
                .some(e => e.textContent === 'Walk to the station')",
    )
    .await;
    s.wait_for("the saved report", &is_shown("#queue-saved"))
        .await;
    s.wait_for(
        "the banner to go",
        "return document.getElementById('offline-banner').hidden",
    )
    .await;
    let refused = s.text("#queue-report .queued-refused").await;
    assert!(
        refused.contains("Mystery soup") && refused.contains("must be a number"),
        "{refused}"
    );
    assert_eq!(
        held(&api, &app, "food", &date, "Oats on the train").await,
        1
    );
    assert_eq!(
        held(&api, &app, "activity", &date, "Walk to the station").await,
        1
    );
    assert_eq!(held(&api, &app, "food", &date, "Mystery soup").await, 0);
    assert_eq!(held(&api, &app, "food", &date, &recent).await, 2);
    assert_eq!(
        s.execute(
            "return document.documentElement.hasAttribute('data-offline-copy')",
            json!([])
        )
        .await,
        Value::Bool(false),
        "the copy was not replaced by the page"
    );

    // Sent twice: the food's record back in the queue, as if its answer had
    // been lost; the browser sends it again (on `online`), the server
    // answers it again, and the diary still holds it once.
    requeue(&s, &kept[0]).await;
    s.execute(
        "document.querySelector('main').dataset.before = 'repeat';
         window.dispatchEvent(new Event('online'))",
        json!([]),
    )
    .await;
    wait_async(
        &s,
        "the repeat to be sent",
        30,
        "const done = arguments[arguments.length - 1];
         const opening = indexedDB.open('nutrinube', 1);
         opening.onsuccess = () => {
           const count = opening.result.transaction('queue').objectStore('queue').count();
           count.onsuccess = () => { opening.result.close(); done(count.result === 0); };
         };",
    )
    .await;
    s.wait_for(
        "the page after the repeat",
        "return !document.querySelector('main').dataset.before",
    )
    .await;
    s.wait_for("the repeat reported saved", &is_shown("#queue-saved"))
        .await;
    assert!(
        s.try_find("#queue-report .queued-refused").await.is_none(),
        "the repeat was refused, not answered again"
    );
    assert_eq!(
        held(&api, &app, "food", &date, "Oats on the train").await,
        1,
        "the repeat logged the food twice"
    );
    assert_eq!(
        s.execute(
            "return [...document.querySelectorAll('#meal-lunch .entry-name')]
               .filter(e => e.textContent === 'Oats on the train').length",
            json!([])
        )
        .await,
        json!(1)
    );
    s.quit().await;
}
