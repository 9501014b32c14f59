//! Static assets embedded in the binary, served under content-hashed names
//! with a year-long immutable cache; and the layout every page shares.

use std::sync::OnceLock;

use askama::Template;
use axum::extract::Path;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use super::WebError;
use super::present::Presentation;
use super::reader::reader;
use super::signed_in::WebUser;

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
    // The install icons (PNG, as the manifest's icons must be for every
    // browser), rendered from icon.svg by `scripts/make-icons.sh`.
    Asset {
        name: "icon-192.png",
        content_type: "image/png",
        body: include_bytes!("../../static/icon-192.png"),
    },
    Asset {
        name: "icon-512.png",
        content_type: "image/png",
        body: include_bytes!("../../static/icon-512.png"),
    },
];

/// The brand colour, the manifest's and the browser bar's.
pub const THEME_COLOUR: &str = "#0f766e";

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

pub(crate) fn path_of(name: &str) -> String {
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

/// Every bundled asset's address, under its hashed name: the app shell the
/// service worker keeps.
pub fn all_paths() -> Vec<String> {
    hashed_names()
        .iter()
        .map(|name| format!("/static/{name}"))
        .collect()
}

/// The web app manifest (installable web app, everywhere.md §3), at a fixed
/// address every page links to; the icons under their hashed names.
pub async fn manifest() -> Response {
    let shown = reader();
    let body = serde_json::json!({
        "name": "NutriNube",
        "short_name": "NutriNube",
        "description": shown.t("manifest-description"),
        "lang": shown.lang(),
        "id": "/",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOUR,
        "icons": [
            {"src": path_of("icon-192.png"), "sizes": "192x192", "type": "image/png", "purpose": "any"},
            {"src": path_of("icon-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "any"},
            {"src": path_of("icon.svg"), "sizes": "any", "type": "image/svg+xml", "purpose": "any"},
        ],
    });
    let mut response = body.to_string().into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/manifest+json"),
    );
    // Its icons' names change with their content; the manifest itself is
    // fetched again within the hour, in the browser's language.
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    headers.insert(header::VARY, HeaderValue::from_static("accept-language"));
    response
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

/// What the layout of every page needs. Templates call the reader's
/// [`Presentation`] through it: `l.t("nav-diary")`, `l.energy(kcal)`.
pub struct Layout {
    pub css: String,
    pub js: String,
    pub icon: String,
    /// The 192 px PNG icon (Apple's home-screen icon).
    pub touch_icon: String,
    pub theme_colour: &'static str,
    pub title: String,
    /// The signed-in username; `None` on the login and register pages.
    pub username: Option<String>,
    pub csrf: String,
    /// The navigation item to mark as current.
    pub nav: &'static str,
    /// The reader's language and units.
    pub shown: Presentation,
}

impl std::ops::Deref for Layout {
    type Target = Presentation;

    fn deref(&self) -> &Presentation {
        &self.shown
    }
}

impl Layout {
    /// A signed-in person's page, titled `title`.
    pub fn signed_in(user: &WebUser, title: String, nav: &'static str) -> Layout {
        Layout::build(
            title,
            nav,
            Some(user.username.clone()),
            &user.csrf,
            user.shown(),
        )
    }

    /// A page before login, in the browser's language.
    pub fn anonymous(title_key: &str, nav: &'static str, csrf: &str) -> Layout {
        let shown = reader();
        Layout::build(shown.t(title_key), nav, None, csrf, shown)
    }

    fn build(
        title: String,
        nav: &'static str,
        username: Option<String>,
        csrf: &str,
        shown: Presentation,
    ) -> Layout {
        Layout {
            css: css_path(),
            js: js_path(),
            icon: icon_path(),
            touch_icon: path_of("icon-192.png"),
            theme_colour: THEME_COLOUR,
            title,
            username,
            csrf: csrf.to_owned(),
            nav,
            shown,
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub css: String,
    pub status: u16,
    pub message: String,
    pub l: Presentation,
}
