//! Who reads the page being answered, for everything that renders one
//! without a `WebUser` at hand (error pages, pages before login): the
//! browser's `Accept-Language` until the session says whose page it is.

use std::cell::Cell;

use axum::extract::Request;
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::Response;

use super::present::Presentation;
use crate::domain::settings::Language;

tokio::task_local! {
    static READER: Cell<Presentation>;
}

/// The language `headers`' `Accept-Language` asks for.
pub fn browser_language(headers: &HeaderMap) -> Language {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map_or(Language::default(), Language::from_accept_language)
}

/// Layer of the pages: the request is answered for its browser's language
/// unless a signed-in person's settings replace it ([`set_reader`]).
pub async fn scope(req: Request, next: Next) -> Response {
    let reader = Presentation::anonymous(browser_language(req.headers()));
    READER.scope(Cell::new(reader), next.run(req)).await
}

/// The reader of the page being answered (English outside a page request).
pub fn reader() -> Presentation {
    READER
        .try_with(Cell::get)
        .unwrap_or_else(|_| Presentation::anonymous(Language::default()))
}

/// The page being answered is `reader`'s.
pub fn set_reader(reader: Presentation) {
    let _ = READER.try_with(|cell| cell.set(reader));
}
