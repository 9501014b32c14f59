//! Off line (everywhere.md §3): the service worker at `/sw.js`, and the
//! small page it answers when it has nothing better.
//!
//! The worker is `static/sw.js` after one line the server writes, naming
//! the app shell to keep (the assets under their hashed names, the
//! manifest, the off-line page) and a version made from all of it: a
//! deploy that changes any of them changes the worker's bytes, so browsers
//! install the new worker, which keeps the new shell and drops the old.

use std::sync::OnceLock;

use askama::Template;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use super::assets::{self, css_path};
use super::present::Presentation;
use super::reader::reader;
use super::signed_in::WebUser;
use super::{WebResult, render};
use crate::state::AppState;

const WORKER_SOURCE: &str = include_str!("../../static/sw.js");
/// The off-line page and its words, and the manifest's words: the worker
/// keeps both, so a change to them is a new worker.
const KEPT_SOURCES: &[&str] = &[
    include_str!("../../templates/offline.html"),
    include_str!("../../locales/en/offline.ftl"),
    include_str!("../../locales/es/offline.ftl"),
    include_str!("../../locales/de/offline.ftl"),
    include_str!("../../locales/en/common.ftl"),
    include_str!("../../locales/es/common.ftl"),
    include_str!("../../locales/de/common.ftl"),
];

/// The address of the page the worker answers for a page it does not keep.
pub const OFFLINE_PAGE: &str = "/offline";

/// What the worker keeps from its installation on.
fn shell() -> Vec<String> {
    let mut shell = assets::all_paths();
    shell.push("/manifest.webmanifest".to_owned());
    shell.push(OFFLINE_PAGE.to_owned());
    shell
}

/// The worker's text: `const SHELL = {version, assets};` then `sw.js`.
fn worker() -> &'static str {
    static WORKER: OnceLock<String> = OnceLock::new();
    WORKER.get_or_init(|| {
        let shell = shell();
        let mut digest = Sha256::new()
            .chain_update(env!("CARGO_PKG_VERSION"))
            .chain_update(WORKER_SOURCE);
        for source in KEPT_SOURCES {
            digest.update(b"\0");
            digest.update(source);
        }
        for path in &shell {
            digest.update(b"\0");
            digest.update(path);
        }
        let version: String = digest.finalize()[..6]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let declaration = serde_json::json!({"version": version, "assets": shell});
        format!("const SHELL = {declaration};\n{WORKER_SOURCE}")
    })
}

/// `GET /sw.js`: at the root, so that its scope is the whole site; never
/// from a cache without asking (`no-cache`), so that a deploy reaches
/// browsers at their next page.
pub async fn service_worker() -> Response {
    let mut response = worker().into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

#[derive(Template)]
#[template(path = "offline.html")]
struct OfflinePage {
    css: String,
    l: Presentation,
}

/// `GET /offline`: kept by the worker (in the language of whoever was
/// signed in when it installed, else the browser's), shown for a page it
/// does not keep while the network is unreachable.
pub async fn offline_page(State(state): State<AppState>, req: Request) -> WebResult {
    let (mut parts, _) = req.into_parts();
    let l = match WebUser::from_request_parts(&mut parts, &state).await {
        Ok(user) => user.shown(),
        Err(_) => reader(),
    };
    render(StatusCode::OK, &OfflinePage { css: css_path(), l })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worker_names_the_shell_under_its_hashed_names() {
        let first_line = worker().lines().next().unwrap();
        let declaration: serde_json::Value = serde_json::from_str(
            first_line
                .strip_prefix("const SHELL = ")
                .and_then(|l| l.strip_suffix(';'))
                .unwrap(),
        )
        .unwrap();
        let kept: Vec<&str> = declaration["assets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert!(kept.contains(&css_path().as_str()), "{kept:?}");
        assert!(kept.contains(&assets::js_path().as_str()), "{kept:?}");
        assert!(kept.contains(&OFFLINE_PAGE), "{kept:?}");
        assert_eq!(declaration["version"].as_str().unwrap().len(), 12);
        assert!(worker().ends_with(WORKER_SOURCE));
    }
}
