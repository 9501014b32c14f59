//! The import page (data.md §1): a file uploaded in a form is previewed
//! (nothing changes), then imported; the same file again adds nothing;
//! a missing file or a file that cannot be read is said beside its field;
//! the form needs its CSRF token.

use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use scraper::{Html, Selector};

use super::{TestApp, client, get_json, page, sign_up};

const EXPORT: &str = r#"{
  "food_entries": [
    {"date": "2026-06-01", "meal": "breakfast", "name": "Toast", "calories": 250,
     "protein_g": 8, "fat_g": 3, "carbs_g": 45},
    {"date": "2026-06-01", "meal": "snack", "name": "Tea", "calories": 2,
     "protein_g": 0, "fat_g": 0, "carbs_g": 0},
    {"date": "2026-06-01", "meal": "snack", "name": "Tea", "calories": 2,
     "protein_g": 0, "fat_g": 0, "carbs_g": 0}
  ],
  "weights": [{"date": "2026-06-01", "weight_kg": 72.5}]
}"#;

fn text_of(html: &str, css: &str) -> String {
    Html::parse_document(html)
        .select(&Selector::parse(css).unwrap())
        .map(|e| e.text().collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

fn form(csrf: Option<&str>, format: &str, action: &str, file: Option<&[u8]>) -> Form {
    let mut form = Form::new();
    if let Some(csrf) = csrf {
        form = form.text("csrf", csrf.to_owned());
    }
    form = form.text("format", format.to_owned());
    form = match file {
        Some(bytes) => form.part(
            "file",
            Part::bytes(bytes.to_vec()).file_name("nutrinube-export.json"),
        ),
        None => form.part("file", Part::bytes(Vec::new()).file_name("")),
    };
    form.text("action", action.to_owned())
}

async fn entries(app: &TestApp, c: &reqwest::Client) -> usize {
    let list = get_json(c, app.url("/api/v1/food-entries?date=2026-06-01")).await;
    list["items"].as_array().unwrap().len()
}

#[tokio::test]
async fn a_file_is_previewed_then_imported_once() {
    let app = TestApp::spawn().await;
    let c = client();
    let csrf = sign_up(&app, &c, "ivy").await;
    let html = page(&c, &app.url("/import")).await;
    assert!(html.contains("id=\"import-form\""));
    assert!(html.contains("enctype=\"multipart/form-data\""));
    assert!(
        page(&c, &app.url("/settings"))
            .await
            .contains("href=\"/import\"")
    );

    let send = |f: Form| c.post(app.url("/import")).multipart(f).send();
    let r = send(form(
        Some(&csrf),
        "nutrinube",
        "preview",
        Some(EXPORT.as_bytes()),
    ))
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(text_of(&html, "#import-counts").contains("3"), "{html}");
    assert!(!text_of(&html, "#import-choose-again").is_empty());
    assert_eq!(
        text_of(&html, "#import-warnings li").matches("Tea").count(),
        1
    );
    assert_eq!(entries(&app, &c).await, 0, "a preview changed the diary");

    let r = send(form(
        Some(&csrf),
        "nutrinube",
        "import",
        Some(EXPORT.as_bytes()),
    ))
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(text_of(&html, "#h-report").contains("Imported"), "{html}");
    assert!(text_of(&html, "#import-choose-again").is_empty());
    assert_eq!(entries(&app, &c).await, 3);
    // The earlier imports are listed: the preview and the import.
    assert_eq!(
        Html::parse_document(&html)
            .select(&Selector::parse("#import-recent li").unwrap())
            .count(),
        2
    );

    let r = send(form(
        Some(&csrf),
        "nutrinube",
        "import",
        Some(EXPORT.as_bytes()),
    ))
    .await
    .unwrap();
    let html = r.text().await.unwrap();
    assert!(!text_of(&html, "#import-unchanged").is_empty(), "{html}");
    assert_eq!(entries(&app, &c).await, 3, "a second import added entries");
}

#[tokio::test]
async fn refusals_are_said_beside_their_field_and_the_token_is_needed() {
    let app = TestApp::spawn().await;
    let c = client();
    let csrf = sign_up(&app, &c, "ivo").await;
    let send = |f: Form| c.post(app.url("/import")).multipart(f).send();

    let r = send(form(None, "nutrinube", "import", Some(EXPORT.as_bytes())))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    let r = send(form(Some(&csrf), "nutrinube", "import", None))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("field invalid"), "{html}");
    assert!(!text_of(&html, ".invalid .error").is_empty());

    let r = send(form(Some(&csrf), "nutrinube", "import", Some(b"not json")))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(
        text_of(&html, ".invalid .error").contains("NutriNube"),
        "{html}"
    );

    let r = send(form(
        Some(&csrf),
        "fitbit",
        "preview",
        Some(EXPORT.as_bytes()),
    ))
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(entries(&app, &c).await, 0);
}
