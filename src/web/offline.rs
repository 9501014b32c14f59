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
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use super::assets::{self, css_path};
use super::{WebResult, render};

const WORKER_SOURCE: &str = include_str!("../../static/sw.js");
const OFFLINE_TEMPLATE: &str = include_str!("../../templates/offline.html");

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
            .chain_update(WORKER_SOURCE)
            .chain_update(OFFLINE_TEMPLATE);
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
}

/// `GET /offline`: kept by the worker, shown for a page it does not keep
/// while the network is unreachable.
pub async fn offline_page() -> WebResult {
    render(StatusCode::OK, &OfflinePage { css: css_path() })
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
