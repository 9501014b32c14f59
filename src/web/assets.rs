//! Static assets embedded in the binary, served under content-hashed names
//! with a year-long immutable cache; and the layout every page shares.

use std::sync::OnceLock;

use askama::Template;
use axum::extract::Path;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use super::WebError;

struct Asset {
    /// e.g. `app.css`
    name: &'static str,
    content_type: &'static str,
    body: &'static [u8],
}

const ASSETS: &[Asset] = &[
    Asset {
        name: "app.css",
        content_type: "text/css; charset=utf-8",
        body: include_bytes!("../../static/app.css"),
    },
    Asset {
        name: "app.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../../static/app.js"),
    },
    Asset {
        name: "icon.svg",
        content_type: "image/svg+xml",
        body: include_bytes!("../../static/icon.svg"),
    },
];

/// `app.css` → `app.3f2a9c1b0d4e.css`
fn hashed_name(asset: &Asset) -> String {
    let digest = Sha256::digest(asset.body);
    let hash: String = digest[..6].iter().map(|b| format!("{b:02x}")).collect();
    match asset.name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{hash}.{ext}"),
        None => format!("{}.{hash}", asset.name),
    }
}

fn hashed_names() -> &'static Vec<String> {
    static NAMES: OnceLock<Vec<String>> = OnceLock::new();
    NAMES.get_or_init(|| ASSETS.iter().map(hashed_name).collect())
}

fn path_of(name: &str) -> String {
    let i = ASSETS
        .iter()
        .position(|a| a.name == name)
        .expect("a bundled asset");
    format!("/static/{}", hashed_names()[i])
}

pub fn css_path() -> String {
    path_of("app.css")
}

pub fn js_path() -> String {
    path_of("app.js")
}

pub fn icon_path() -> String {
    path_of("icon.svg")
}

pub async fn serve(Path(name): Path<String>) -> Result<Response, WebError> {
    let i = hashed_names()
        .iter()
        .position(|n| *n == name)
        .ok_or(WebError::NotFound)?;
    let asset = &ASSETS[i];
    let mut response = asset.body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(asset.content_type),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    Ok(response)
}

/// What the layout of every page needs.
pub struct Layout {
    pub css: String,
    pub js: String,
    pub icon: String,
    pub title: String,
    /// The signed-in username; `None` on the login and register pages.
    pub username: Option<String>,
    pub csrf: String,
    /// The navigation item to mark as current.
    pub nav: &'static str,
}

impl Layout {
    pub fn new(
        title: impl Into<String>,
        nav: &'static str,
        user: Option<&super::signed_in::WebUser>,
        csrf: &str,
    ) -> Layout {
        Layout {
            css: css_path(),
            js: js_path(),
            icon: icon_path(),
            title: title.into(),
            username: user.map(|u| u.username.clone()),
            csrf: csrf.to_owned(),
            nav,
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub css: String,
    pub status: u16,
    pub message: String,
}
