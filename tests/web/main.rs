//! Tests of the web pages. The HTTP-level ones run with the rest of the
//! suite; the browser journeys (`browser.rs`, and `offline.rs`'s) drive
//! Debian's headless Chromium and are run by `bash scripts/web-test.sh`.

mod access;
mod browser;
mod browser_languages;
#[path = "../common/mod.rs"]
mod common;
mod diary_languages;
mod imports;
mod languages;
mod measurements;
mod offline;
mod pages_languages;
mod quick;
mod recipes;
mod saved_meals;
mod trend;
mod water;
mod webdriver;

/// A browser's client: its own cookie jar, redirects not followed.
use common::app::new_client as client;
use reqwest::StatusCode;

/// The shared test app (tests/common) on a fresh SQLite database: the pages
/// do not depend on the backend, which the api suite covers.
struct TestApp(common::app::TestApp);

impl TestApp {
    async fn spawn() -> TestApp {
        TestApp(common::app::TestApp::spawn(common::database::Backend::Sqlite).await)
    }
}

impl std::ops::Deref for TestApp {
    type Target = common::app::TestApp;

    fn deref(&self) -> &common::app::TestApp {
        &self.0
    }
}

/// The value of the first `name="csrf"` field of a page.
fn csrf_of(html: &str) -> String {
    let start = html.find(r#"name="csrf" value=""#).expect("a CSRF field") + 19;
    html[start..].split('"').next().unwrap().to_owned()
}

/// POSTs a form and answers the response.
async fn post_form(
    c: &reqwest::Client,
    url: impl reqwest::IntoUrl,
    form: &[(&str, &str)],
) -> reqwest::Response {
    c.post(url).form(form).send().await.unwrap()
}

/// GETs JSON from the API with the client's session.
async fn get_json(c: &reqwest::Client, url: impl reqwest::IntoUrl) -> serde_json::Value {
    c.get(url).send().await.unwrap().json().await.unwrap()
}

async fn page(c: &reqwest::Client, url: &str) -> String {
    let r = c.get(url).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK, "GET {url}");
    r.text().await.unwrap()
}

/// Registers and logs in `name` through the forms; answers the session's
/// CSRF token.
async fn sign_up(app: &TestApp, c: &reqwest::Client, name: &str) -> String {
    let token = csrf_of(&page(c, &app.url("/register")).await);
    let r = post_form(
        c,
        app.url("/register"),
        &[
            ("csrf", token.as_str()),
            ("username", name),
            ("password", "correct horse"),
            ("password_again", "correct horse"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = post_form(
        c,
        app.url("/login"),
        &[
            ("csrf", token.as_str()),
            ("username", name),
            ("password", "correct horse"),
            ("next", "/diary"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/diary");
    csrf_of(&page(c, &app.url("/diary")).await)
}

#[tokio::test]
async fn forms_without_a_valid_csrf_token_are_refused() {
    let app = TestApp::spawn().await;
    let c = client();
    // Before login: the double-submit cookie must match.
    page(&c, &app.url("/login")).await;
    let r = post_form(
        &c,
        app.url("/register"),
        &[("username", "mallory"), ("password", "correct horse")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = post_form(
        &c,
        app.url("/login"),
        &[("csrf", "forged"), ("username", "x"), ("password", "y")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    let token = sign_up(&app, &c, "carol").await;
    let date = chrono::Utc::now().date_naive().to_string();
    for bad in [None, Some("forged"), Some("")] {
        let mut form = vec![
            ("date", date.as_str()),
            ("name", "Toast"),
            ("calories", "100"),
        ];
        if let Some(t) = bad {
            form.push(("csrf", t));
        }
        let r = c
            .post(app.url("/diary/food"))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "token {bad:?}");
    }
    let r = post_form(&c, app.url("/logout"), &[("csrf", "")]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // Nothing was logged; with the token it works.
    assert!(!page(&c, &app.url("/diary")).await.contains("Toast"));
    let r = post_form(
        &c,
        app.url("/diary/food"),
        &[
            ("csrf", token.as_str()),
            ("date", date.as_str()),
            ("name", "Toast"),
            ("calories", "100"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(page(&c, &app.url("/diary")).await.contains("Toast"));
    // Another session's token is not this one's.
    let other = client();
    let other_token = sign_up(&app, &other, "dave").await;
    assert_ne!(other_token, token);
    let r = post_form(&c, app.url("/logout"), &[("csrf", other_token.as_str())]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn food_names_are_shown_as_text() {
    let app = TestApp::spawn().await;
    let c = client();
    let token = sign_up(&app, &c, "erin").await;
    let date = chrono::Utc::now().date_naive().to_string();
    let r = post_form(
        &c,
        app.url("/diary/food"),
        &[
            ("csrf", token.as_str()),
            ("date", date.as_str()),
            ("meal", "lunch"),
            ("name", "<script>alert(1)</script>"),
            ("calories", "10"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    for path in ["/diary", "/diary?q=%3Cscript%3E"] {
        let html = page(&c, &app.url(path)).await;
        assert!(!html.contains("<script>alert(1)"), "{path}");
        assert!(
            html.contains("&#60;script&#62;alert(1)&#60;/script&#62;"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn validation_errors_keep_the_values_and_name_the_field() {
    let app = TestApp::spawn().await;
    let c = client();
    let token = sign_up(&app, &c, "frank").await;
    let date = chrono::Utc::now().date_naive().to_string();
    let r = post_form(
        &c,
        app.url("/diary/food"),
        &[
            ("csrf", token.as_str()),
            ("date", date.as_str()),
            ("meal", "dinner"),
            ("name", "Stew"),
            ("calories", "lots"),
            ("protein_g", "20001"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains(r#"id="hand-calories-error">must be a number"#));
    assert!(html.contains(r#"id="hand-protein_g-error">must be between 0 and 10,000"#));
    assert!(html.contains(r#"name="name" value="Stew""#));
    assert!(html.contains(r#"value="lots""#));
    assert!(html.contains(r#"<option value="dinner" selected>"#));
}

#[tokio::test]
async fn a_full_day_is_said_beside_the_field_that_asked() {
    let app = TestApp::spawn().await;
    let c = client();
    let token = sign_up(&app, &c, "quinn").await;
    let date = chrono::Utc::now().date_naive().to_string();
    let form = [
        ("csrf", token.as_str()),
        ("date", date.as_str()),
        ("meal", "snack"),
        ("name", "Crumb"),
        ("calories", "1"),
    ];
    for _ in 0..200 {
        let r = post_form(&c, app.url("/diary/food"), &form).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
    }
    let r = post_form(&c, app.url("/diary/food"), &form).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(
        html.contains(r#"id="hand-name-error">Name at most 200 food entries a day"#),
        "{html}"
    );
}

#[tokio::test]
async fn pages_need_a_session_and_return_after_login() {
    let app = TestApp::spawn().await;
    let c = client();
    for path in [
        "/",
        "/diary?date=2026-01-02",
        "/goals",
        "/history",
        "/settings",
    ] {
        let r = c.get(app.url(path)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{path}");
        let location = r.headers()["location"].to_str().unwrap().to_owned();
        assert!(location.starts_with("/login"), "{path} → {location}");
    }
    let r = c
        .get(app.url("/diary?date=2026-01-02"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.headers()["location"],
        "/login?next=/diary%3Fdate%3D2026-01-02"
    );
    let html = page(&c, &app.url("/login?next=/diary%3Fdate%3D2026-01-02")).await;
    assert!(html.contains(r#"name="next" value="/diary?date=2026-01-02""#));
    // Logout is a POST only.
    let r = c.get(app.url("/logout")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
    // A foreign `next` is ignored.
    let token = csrf_of(&html);
    post_form(
        &c,
        app.url("/register"),
        &[
            ("csrf", token.as_str()),
            ("username", "grace"),
            ("password", "correct horse"),
            ("password_again", "correct horse"),
        ],
    )
    .await;
    let r = post_form(
        &c,
        app.url("/login"),
        &[
            ("csrf", token.as_str()),
            ("username", "grace"),
            ("password", "correct horse"),
            ("next", "//evil.example/"),
        ],
    )
    .await;
    assert_eq!(r.headers()["location"], "/");
}

/// An open redirect through the login page: browsers drop a tab or newline
/// from `Location`, so `/\t/evil.example/` would send the person to
/// `//evil.example/` (hardening.md, "Sessions and tokens").
#[tokio::test]
async fn login_never_redirects_off_the_site() {
    let app = TestApp::spawn().await;
    let c = client();
    let html = page(&c, &app.url("/login?next=/%09/evil.example/")).await;
    assert!(html.contains(r#"name="next" value="/""#), "{html}");
    let token = csrf_of(&html);
    post_form(
        &c,
        app.url("/register"),
        &[
            ("csrf", token.as_str()),
            ("username", "mallory"),
            ("password", "correct horse"),
            ("password_again", "correct horse"),
        ],
    )
    .await;
    for next in [
        "/\t/evil.example/",
        "/\n/evil.example/",
        "/ /evil.example/",
        "/\\evil.example/",
        "//evil.example/",
        "https://evil.example/",
    ] {
        let r = post_form(
            &c,
            app.url("/login"),
            &[
                ("csrf", token.as_str()),
                ("username", "mallory"),
                ("password", "correct horse"),
                ("next", next),
            ],
        )
        .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{next:?}");
        assert_eq!(r.headers()["location"], "/", "{next:?}");
    }
}

#[tokio::test]
async fn assets_are_embedded_with_hashed_names_and_long_caching() {
    let app = TestApp::spawn().await;
    let c = client();
    let html = page(&c, &app.url("/login")).await;
    let start = html.find("/static/app.").unwrap();
    let path = html[start..].split('"').next().unwrap();
    assert!(path.ends_with(".css") && path.len() > "/static/app..css".len() + 8);
    let r = c.get(app.url(path)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
    let r = c.get(app.url("/static/app.css")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn entries_are_edited_through_the_api_rules() {
    let app = TestApp::spawn().await;
    let c = client();
    let token = sign_up(&app, &c, "heidi").await;
    let date = chrono::Utc::now().date_naive().to_string();
    post_form(
        &c,
        app.url("/diary/food"),
        &[
            ("csrf", token.as_str()),
            ("date", date.as_str()),
            ("meal", "lunch"),
            ("name", "Soup"),
            ("calories", "300"),
        ],
    )
    .await;
    let html = page(&c, &app.url("/diary")).await;
    let start = html.find("/diary/food/").unwrap() + "/diary/food/".len();
    let id: String = html[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let edit = app.url(&format!("/diary/food/{id}"));
    let form = page(&c, &edit).await;
    assert!(form.contains(r#"name="calories" inputmode="decimal" value="300""#));
    let r = post_form(
        &c,
        &edit,
        &[
            ("csrf", token.as_str()),
            ("date", date.as_str()),
            ("meal", "dinner"),
            ("name", "Soup"),
            ("calories", ""),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("is required"));
    let r = post_form(
        &c,
        &edit,
        &[
            ("csrf", token.as_str()),
            ("date", date.as_str()),
            ("meal", "dinner"),
            ("name", "Soup"),
            ("calories", "250.5"),
            ("protein_g", "12"),
            ("fat_g", "3"),
            ("carbs_g", "30"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let entries: serde_json::Value =
        get_json(&c, app.url(&format!("/api/v1/food-entries?date={date}"))).await;
    assert_eq!(entries["items"][0]["meal"], "dinner");
    assert_eq!(entries["items"][0]["calories"], 250.5);
}

#[tokio::test]
async fn unknown_pages_are_html_for_browsers_and_problems_for_programs() {
    let app = TestApp::spawn().await;
    let c = client();
    let r = c
        .get(app.url("/no-such-page"))
        .header("accept", "text/html,application/xhtml+xml")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(r.text().await.unwrap().contains("There is no such page"));
    for (path, accept) in [
        ("/no-such-page", "application/json"),
        ("/api/v1/nope", "text/html"),
    ] {
        let r = c
            .get(app.url(path))
            .header("accept", accept)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        assert_eq!(
            r.headers()["content-type"],
            "application/problem+json",
            "{path}"
        );
    }
}

#[tokio::test]
async fn activities_are_edited_through_the_api_rules() {
    let app = TestApp::spawn().await;
    let c = client();
    let token = sign_up(&app, &c, "judith").await;
    let date = chrono::Utc::now().date_naive().to_string();
    let found: serde_json::Value = get_json(&c, app.url("/api/v1/activities?q=running")).await;
    let met = found["items"][0]["met"].as_f64().unwrap();
    let logged: serde_json::Value = c
        .post(app.url("/api/v1/activity-entries"))
        .json(&serde_json::json!({"date": date, "activity_id": found["items"][0]["id"], "duration_min": 30}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = logged["id"].as_i64().unwrap();
    let html = page(&c, &app.url(&format!("/diary?date={date}"))).await;
    assert!(
        html.contains(&format!("/diary/activity/{id}\"")),
        "the diary links the edit page"
    );
    let edit = app.url(&format!("/diary/activity/{id}"));
    let form = page(&c, &edit).await;
    assert!(
        form.contains(r#"name="duration_min" inputmode="numeric" value="30""#),
        "{form}"
    );
    let kcal = logged["kcal_burned"].as_f64().unwrap();
    let post = |fields: Vec<(&'static str, String)>| {
        let c = c.clone();
        let edit = edit.clone();
        let token = token.clone();
        async move {
            let mut form = vec![("csrf", token)];
            form.extend(fields);
            c.post(&edit).form(&form).send().await.unwrap()
        }
    };
    // A longer duration with the energy left as shown: recomputed from the MET.
    let r = post(vec![
        ("date", date.clone()),
        ("name", "Evening run".into()),
        ("duration_min", "60".into()),
        ("kcal_burned", format!("{kcal}")),
    ])
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let a: serde_json::Value =
        get_json(&c, app.url(&format!("/api/v1/activity-entries/{id}"))).await;
    assert_eq!(a["name"], "Evening run");
    assert_eq!(a["duration_min"], 60);
    assert_eq!(
        a["kcal_burned"].as_f64().unwrap(),
        (met * 70.0 * 10.0).round() / 10.0
    );
    // Invalid values come back next to their fields, kept as typed.
    let r = post(vec![
        ("date", date.clone()),
        ("name", "Evening run".into()),
        ("duration_min", "2000".into()),
        ("kcal_burned", "".into()),
    ])
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("Minutes must be between 1 and 1,440"),
        "{html}"
    );
    assert!(html.contains("Burned is required"), "{html}");
    assert!(html.contains(r#"value="2000""#));
    // A typed-in figure is kept as given.
    let r = post(vec![
        ("date", date.clone()),
        ("name", "Evening run".into()),
        ("duration_min", "60".into()),
        ("kcal_burned", "123".into()),
    ])
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let a: serde_json::Value =
        get_json(&c, app.url(&format!("/api/v1/activity-entries/{id}"))).await;
    assert_eq!(a["kcal_burned"], 123.0);
    assert!(a["weight_kg_used"].is_null());
}

#[tokio::test]
async fn token_secrets_are_shown_once_and_settings_forms_work() {
    let app = TestApp::spawn().await;
    let c = client();
    let token = sign_up(&app, &c, "ivan").await;
    let r = post_form(
        &c,
        app.url("/settings/tokens"),
        &[
            ("csrf", token.as_str()),
            ("name", "phone"),
            ("password", "correct horse"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    let start = html.find(r#"id="new-token">"#).unwrap() + r#"id="new-token">"#.len();
    let secret = html[start..].split('<').next().unwrap().to_owned();
    assert!(secret.starts_with("nn_"));
    let settings = page(&c, &app.url("/settings")).await;
    assert!(settings.contains("phone") && !settings.contains(&secret));
    let me = reqwest::Client::new()
        .get(app.url("/api/v1/me"))
        .bearer_auth(&secret)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), StatusCode::OK);
    // Without the password no token is made: the form says so beside it.
    let r = post_form(
        &c,
        app.url("/settings/tokens"),
        &[
            ("csrf", token.as_str()),
            ("name", "tablet"),
            ("password", "wrong horse"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!page(&c, &app.url("/settings")).await.contains("tablet"));
    // A read-only token with an end date, as Health Auto Export or a
    // dashboard would want: it reads, it does not write, the list says so.
    let r = post_form(
        &c,
        app.url("/settings/tokens"),
        &[
            ("csrf", token.as_str()),
            ("name", "dashboard"),
            ("scope", "read"),
            ("expires_at", "2999-12-31"),
            ("password", "correct horse"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    let start = html.find(r#"id="new-token">"#).unwrap() + r#"id="new-token">"#.len();
    let reader = html[start..].split('<').next().unwrap().to_owned();
    let api = reqwest::Client::new();
    let me = api
        .get(app.url("/api/v1/me"))
        .bearer_auth(&reader)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), StatusCode::OK);
    let write = api
        .post(app.url("/api/v1/water-entries"))
        .bearer_auth(&reader)
        .json(&serde_json::json!({"date": "2026-03-01", "ml": 250}))
        .send()
        .await
        .unwrap();
    assert_eq!(write.status(), StatusCode::FORBIDDEN);
    let settings = page(&c, &app.url("/settings")).await;
    assert!(settings.contains("read only"), "the scope is listed");
    assert!(settings.contains("valid through"), "the end is listed");
    // A date already past is named beside its field, and nothing is made.
    let r = post_form(
        &c,
        app.url("/settings/tokens"),
        &[
            ("csrf", token.as_str()),
            ("name", "stale"),
            ("expires_at", "2020-01-01"),
            ("password", "correct horse"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("must be in the future"));

    // A share link: shown once, opens the report with no login, revoked by its form.
    let r = post_form(
        &c,
        app.url("/settings/shares"),
        &[
            ("csrf", token.as_str()),
            ("name", "Coach Carla"),
            ("from", "2026-03-01"),
            ("to", "2026-03-07"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    let start = html.find(r#"id="new-share" href=""#).unwrap() + r#"id="new-share" href=""#.len();
    let link = html[start..].split('"').next().unwrap().to_owned();
    assert!(link.starts_with("/shared/ns_"), "{link}");
    let report = reqwest::Client::new()
        .get(app.url(&link))
        .send()
        .await
        .unwrap();
    assert_eq!(report.status(), StatusCode::OK);
    let settings = page(&c, &app.url("/settings")).await;
    assert!(settings.contains("Coach Carla") && !settings.contains(&link));
    let shares = get_json(&c, app.url("/api/v1/shares")).await;
    let id = shares["items"][0]["id"].as_i64().unwrap();
    let r = post_form(
        &c,
        app.url(&format!("/settings/shares/{id}/delete")),
        &[("csrf", token.as_str())],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let report = reqwest::Client::new()
        .get(app.url(&link))
        .send()
        .await
        .unwrap();
    assert_eq!(report.status(), StatusCode::NOT_FOUND);
    // Bad dates are named on the form.
    let r = post_form(
        &c,
        app.url("/settings/shares"),
        &[
            ("csrf", token.as_str()),
            ("name", "x"),
            ("from", "2026-03-07"),
            ("to", "2026-03-01"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // The profile, then the suggestion applied as goals.
    let r = post_form(
        &c,
        app.url("/settings/profile"),
        &[
            ("csrf", token.as_str()),
            ("sex", "female"),
            ("birth_date", "1990-04-15"),
            ("height_cm", "165"),
            ("weight_kg", "600"),
            ("activity_level", "moderate"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("must be between 20 kg and 400 kg"), "{html}");
    let r = post_form(
        &c,
        app.url("/settings/profile"),
        &[
            ("csrf", token.as_str()),
            ("sex", "female"),
            ("birth_date", "1990-04-15"),
            ("height_cm", "165"),
            ("weight_kg", "60"),
            ("activity_level", "moderate"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = post_form(&c, app.url("/goals/suggested"), &[("csrf", token.as_str())]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let suggested: serde_json::Value = get_json(&c, app.url("/api/v1/goals/suggested")).await;
    let goals: serde_json::Value = get_json(&c, app.url("/api/v1/goals")).await;
    assert_eq!(goals["calories"], suggested["calories"]);

    // Wrong password: the account stays; right one: it is gone.
    let r = post_form(
        &c,
        app.url("/settings/delete"),
        &[("csrf", token.as_str()), ("password", "wrong password")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = post_form(
        &c,
        app.url("/settings/delete"),
        &[("csrf", token.as_str()), ("password", "correct horse")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = c.get(app.url("/")).send().await.unwrap();
    assert_eq!(r.headers()["location"], "/login");
}

#[tokio::test]
async fn wrong_current_passwords_are_limited_on_the_settings_page() {
    let app = TestApp::spawn().await;
    let c = client();
    let token = sign_up(&app, &c, "olga").await;
    let change = |current: &'static str| {
        let c = c.clone();
        let url = app.url("/settings/password");
        let token = token.clone();
        async move {
            let form = [
                ("csrf", token.as_str()),
                ("current_password", current),
                ("new_password", "another horse"),
            ];
            let r = post_form(&c, url, &form).await;
            (r.status(), r.text().await.unwrap())
        }
    };
    for _ in 0..10 {
        let (status, html) = change("not my password").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("This is not the current password"), "{html}");
    }
    let (status, html) = change("correct horse").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        html.contains(
            "This cannot be checked now: too many wrong passwords; try again in 15 minutes"
        ),
        "{html}"
    );
}

/// The width and height of a PNG, from its IHDR chunk.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    assert_eq!(&bytes[12..16], b"IHDR");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&bytes[16..20]), be(&bytes[20..24]))
}

#[tokio::test]
async fn every_page_links_an_installable_manifest() {
    let app = TestApp::spawn().await;
    let c = client();
    // Before login, after login, and an error page.
    let mut pages = vec![
        page(&c, &app.url("/login")).await,
        page(&c, &app.url("/register")).await,
    ];
    sign_up(&app, &c, "installer").await;
    for path in ["/", "/diary", "/goals", "/history", "/settings"] {
        pages.push(page(&c, &app.url(path)).await);
    }
    let missing = c
        .get(app.url("/no-such-page"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    pages.push(missing.text().await.unwrap());
    for html in &pages {
        assert!(
            html.contains(r#"<link rel="manifest" href="/manifest.webmanifest">"#),
            "{html}"
        );
    }
    assert!(pages[0].contains(r##"<meta name="theme-color" content="#0f766e">"##));

    let r = c
        .get(app.url("/manifest.webmanifest"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/manifest+json");
    let manifest: serde_json::Value = r.json().await.unwrap();
    assert_eq!(manifest["name"], "NutriNube");
    assert_eq!(manifest["display"], "standalone");
    assert_eq!(manifest["start_url"], "/");
    assert_eq!(manifest["theme_color"], "#0f766e");
    // The icons at 192 and 512 px are PNGs of those sizes.
    let mut sizes = Vec::new();
    for icon in manifest["icons"].as_array().unwrap() {
        let src = icon["src"].as_str().unwrap();
        let r = c.get(app.url(src)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{src}");
        if icon["type"] == "image/png" {
            assert_eq!(r.headers()["content-type"], "image/png");
            let (w, h) = png_size(&r.bytes().await.unwrap());
            assert_eq!(icon["sizes"], format!("{w}x{h}"), "{src}");
            sizes.push(w);
        }
    }
    sizes.sort_unstable();
    assert_eq!(sizes, [192, 512]);
}

#[tokio::test]
async fn preferences_are_saved_from_the_settings_page() {
    let app = TestApp::spawn().await;
    let c = client();
    let token = csrf_of(&page(&c, &app.url("/register")).await);
    // The registration page's time zone field (filled in by script).
    let html = page(&c, &app.url("/register")).await;
    assert!(
        html.contains(r#"name="time_zone" value="" data-time-zone"#),
        "{html}"
    );
    let r = post_form(
        &c,
        app.url("/register"),
        &[
            ("csrf", token.as_str()),
            ("username", "zoned"),
            ("password", "correct horse"),
            ("password_again", "correct horse"),
            ("time_zone", "Asia/Tokyo"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = post_form(
        &c,
        app.url("/login"),
        &[
            ("csrf", token.as_str()),
            ("username", "zoned"),
            ("password", "correct horse"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        get_json(&c, app.url("/api/v1/settings")).await["time_zone"],
        "Asia/Tokyo"
    );

    let html = page(&c, &app.url("/settings")).await;
    let token = csrf_of(&html);
    assert!(
        html.contains(r#"value="Asia/Tokyo""#),
        "the form shows the saved zone"
    );
    let r = post_form(
        &c,
        app.url("/settings/preferences"),
        &[
            ("csrf", token.as_str()),
            ("time_zone", "Atlantis/Capital"),
            ("language", "de"),
            ("energy_unit", "kJ"),
            ("weight_unit", "lb"),
            ("length_unit", "in"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("IANA"), "the time zone's error is shown");
    assert_eq!(
        get_json(&c, app.url("/api/v1/settings")).await["language"],
        "en"
    );
    let r = post_form(
        &c,
        app.url("/settings/preferences"),
        &[
            ("csrf", token.as_str()),
            ("time_zone", "Europe/Berlin"),
            ("language", "de"),
            ("energy_unit", "kJ"),
            ("weight_unit", "lb"),
            ("length_unit", "in"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        get_json(&c, app.url("/api/v1/settings")).await,
        serde_json::json!({"time_zone": "Europe/Berlin", "language": "de",
            "energy_unit": "kJ", "weight_unit": "lb", "length_unit": "in"})
    );
}
