//! The import page (data.md §1): a form that uploads a file to preview (a
//! dry run) or import, the report of what it did, and the earlier imports.
//! No JavaScript needed. A preview does not keep the file: browsers cannot
//! fill a file input again, and a file kept on one replica would not be on
//! the next; the page asks to choose it again to import it.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::StatusCode;

use crate::app::imports::{self, ImportCommand, ImportFile, ImportStatus, ImportView};
use crate::app::{AppError, Input};
use crate::domain::imports::Format;
use crate::locale::msg;
use crate::state::AppState;
use crate::web::assets::Layout;
use crate::web::form::{FormState, field_errors};
use crate::web::present::{Choice, Presentation};
use crate::web::signed_in::WebUser;
use crate::web::{WebError, WebResult, render};

/// The form's `FormState` name.
const IMPORT_FORM: &str = "import";
/// Skipped rows and warnings shown on the page (the API lists more).
const SHOWN: usize = 50;

/// What an import did, in the reader's words.
pub struct ReportView {
    pub id: i64,
    /// "Preview: nothing was changed." / "Imported." / …
    pub headline: String,
    pub counts: String,
    pub counts_more: String,
    pub unchanged: String,
    pub skipped_title: String,
    pub skipped: Vec<String>,
    pub warnings_title: String,
    pub warnings: Vec<String>,
    pub ignored: String,
    pub dry_run: bool,
}

pub struct RecentView {
    pub id: i64,
    pub line: String,
}

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    l: Layout,
    f: FormState,
    formats: Vec<Choice>,
    weight_units: Vec<Choice>,
    report: Option<ReportView>,
    recent: Vec<RecentView>,
}

fn report_view(p: &Presentation, v: &ImportView) -> ReportView {
    let r = &v.report;
    let headline = match (v.status, v.dry_run) {
        (ImportStatus::Running, _) => p.t("import-running"),
        (ImportStatus::Failed, _) => p.t1(
            "import-failed",
            "problem",
            r.problem.clone().unwrap_or_default(),
        ),
        (ImportStatus::Done, true) => p.t("import-previewed"),
        (ImportStatus::Done, false) => p.t("import-done"),
    };
    let c = &r.counts;
    let counts = p.message(
        &msg("import-counts")
            .arg("food", c.food_entries as f64)
            .arg("activities", c.activity_entries as f64)
            .arg("weights", c.weights as f64)
            .arg("measurements", c.measurements as f64)
            .arg("water", c.water_entries as f64),
    );
    let counts_more = if v.format == Format::Nutrinube.as_str() {
        p.message(
            &msg("import-counts-more")
                .arg("foods", c.custom_foods as f64)
                .arg("recipes", c.recipes as f64)
                .arg("meals", c.saved_meals as f64),
        )
    } else {
        String::new()
    };
    let ignored: Vec<String> = r
        .ignored
        .iter()
        .map(|(kind, n)| format!("{kind} {}", p.int(*n as f64)))
        .collect();
    ReportView {
        id: v.id,
        headline,
        counts,
        counts_more,
        unchanged: if r.unchanged > 0 {
            p.t1("import-unchanged", "count", r.unchanged as f64)
        } else {
            String::new()
        },
        skipped_title: p.t1("import-skipped", "count", r.skipped_total as f64),
        skipped: r
            .skipped
            .iter()
            .take(SHOWN)
            .map(|s| {
                p.t2(
                    "import-skipped-line",
                    "line",
                    s.line as f64,
                    "reason",
                    s.reason.as_str(),
                )
            })
            .collect(),
        warnings_title: p.t1("import-warnings", "count", r.warnings_total as f64),
        warnings: r
            .warnings
            .iter()
            .take(SHOWN)
            .map(|w| {
                p.message(
                    &msg("import-warning-line")
                        .arg("date", p.short_date(w.date))
                        .arg("name", w.name.as_str())
                        .arg("count", w.count as f64),
                )
            })
            .collect(),
        ignored: if ignored.is_empty() {
            String::new()
        } else {
            p.t1("import-ignored", "what", ignored.join(", "))
        },
        dry_run: v.dry_run,
    }
}

async fn page(
    state: &AppState,
    user: &WebUser,
    f: FormState,
    report: Option<ReportView>,
) -> WebResult<ImportPage> {
    let p = user.shown();
    let recent = state
        .app
        .import_views(&user.actor())
        .await?
        .into_iter()
        .take(20)
        .map(|v| {
            let status = p.t(&format!("import-status-{}", v.status.as_str()));
            let mut line = format!(
                "{} · {} · {status}",
                p.short_date(
                    v.started_at
                        .with_timezone(&user.now.timezone())
                        .date_naive()
                ),
                p.t(&format!("import-format-{}", v.format)),
            );
            if v.dry_run {
                line.push_str(&format!(" ({})", p.t("import-dry-run")));
            }
            RecentView { id: v.id, line }
        })
        .collect();
    Ok(ImportPage {
        l: Layout::signed_in(user, p.t("title-import"), "settings"),
        f,
        formats: Format::ALL
            .iter()
            .map(|f| Choice {
                value: f.as_str().to_owned(),
                label: p.t(&format!("import-format-{}", f.as_str())),
            })
            .collect(),
        weight_units: ["kg", "lb"]
            .into_iter()
            .map(|u| Choice {
                value: u.to_owned(),
                label: u.to_owned(),
            })
            .collect(),
        report,
        recent,
    })
}

pub async fn import_page(State(state): State<AppState>, user: WebUser) -> WebResult {
    let page = page(&state, &user, FormState::default(), None).await?;
    render(StatusCode::OK, &page)
}

/// The form's fields and its file, read in the order sent (the CSRF token
/// comes first in the form, so it is known before the file is stored).
async fn read_form(request: Request) -> WebResult<(HashMap<String, String>, Option<ImportFile>)> {
    let malformed = || WebError::App(AppError::invalid("file", msg("required")));
    let mut form = Multipart::from_request(request, &())
        .await
        .map_err(|_| malformed())?;
    let mut fields = HashMap::new();
    let mut file = None;
    while let Some(field) = form.next_field().await.map_err(|_| malformed())? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" {
            let file_name = field.file_name().map(str::to_owned);
            // An empty file input sends a part with no name and no bytes.
            let spooled = imports::spool(field, file_name).await?;
            if spooled.len > 0 || spooled.name.as_deref().is_some_and(|n| !n.is_empty()) {
                file = Some(spooled);
            }
        } else if fields.len() < 20 {
            let value = field.text().await.map_err(|_| malformed())?;
            fields.insert(name, value.chars().take(200).collect());
        }
    }
    Ok((fields, file))
}

/// Previews (`action=preview`) or imports the file sent.
pub async fn import_submit(
    State(state): State<AppState>,
    user: WebUser,
    request: Request,
) -> WebResult {
    let (fields, file) = match read_form(request).await {
        Ok(read) => read,
        // Past 64 MiB: said beside the file field.
        Err(WebError::App(AppError::TooLarge { max_bytes })) => {
            let p = user.shown();
            let errors = HashMap::from([(
                "file".to_owned(),
                p.t1("error-too-large", "max", (max_bytes >> 20) as f64),
            )]);
            let f = FormState::refused(IMPORT_FORM, HashMap::new(), errors);
            let page = page(&state, &user, f, None).await?;
            return render(StatusCode::PAYLOAD_TOO_LARGE, &page);
        }
        Err(e) => return Err(e),
    };
    user.check(&fields)?;
    let text = |name: &str| match fields.get(name).map(|v| v.trim()) {
        None | Some("") => Input::Absent,
        Some(v) => Input::Value(v.to_owned()),
    };
    let dry_run = fields.get("action").map(String::as_str) != Some("import");
    let cmd = ImportCommand {
        format: text("format"),
        dry_run: Input::Value(dry_run.to_string()),
        dedupe: if fields.contains_key("dedupe") {
            Input::Value("identical".to_owned())
        } else {
            Input::Absent
        },
        weight_unit: text("weight_unit"),
    };
    let result = match file {
        Some(file) => state.app.import(&user.actor(), cmd, file).await,
        None => Err(AppError::invalid("file", msg("required"))),
    };
    let p = user.shown();
    match result {
        Ok(view) => {
            let report = report_view(&p, &view);
            // The choices stay as they were, for the import after a preview.
            let f = FormState::refused(IMPORT_FORM, fields, HashMap::new());
            let page = page(&state, &user, f, Some(report)).await?;
            render(StatusCode::OK, &page)
        }
        Err(err) => {
            let errors = field_errors(err, &p)?;
            let f = FormState::refused(IMPORT_FORM, fields, errors);
            let page = page(&state, &user, f, None).await?;
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}
