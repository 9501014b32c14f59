//! Editing an activity entry of the diary.

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;

use super::assets::Layout;
use super::diary::diary_url;
use super::{
    Entered, Kind, WebError, WebResult, WebUser, field_errors, form_json, plain, render, see_other,
};
use crate::http::AppState;
use crate::http::activity_entries::update_activity_entry;

#[derive(Template)]
#[template(path = "edit_activity.html")]
struct EditActivityPage {
    l: Layout,
    id: i64,
    /// The energy was computed from a MET value and the body weight.
    computed: bool,
    f: Entered,
    back: String,
}

pub async fn edit_activity_page(
    State(state): State<AppState>,
    user: WebUser,
    Path(id): Path<i64>,
) -> WebResult {
    let a = state
        .store
        .activity_entry(user.account_id, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let values = HashMap::from([
        ("date".to_owned(), a.date.to_string()),
        ("name".to_owned(), a.name.clone()),
        ("duration_min".to_owned(), a.duration_min.to_string()),
        ("kcal_burned".to_owned(), plain(a.kcal_burned)),
    ]);
    let page = EditActivityPage {
        l: Layout::new("Edit activity", "diary", Some(&user), &user.csrf),
        id,
        computed: a.weight_kg_used.is_some(),
        f: Entered::new(values, HashMap::new()),
        back: diary_url(a.date),
    };
    render(StatusCode::OK, &page)
}

pub async fn edit_activity(
    State(state): State<AppState>,
    user: WebUser,
    Path(id): Path<i64>,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult {
    user.check(&form)?;
    let old = state
        .store
        .activity_entry(user.account_id, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let fields = [
        ("date", Kind::Text),
        ("name", Kind::Text),
        ("duration_min", Kind::Integer),
        ("kcal_burned", Kind::Number),
    ];
    let mut body: serde_json::Value = form_json(&form, &fields)?;
    if let Some(obj) = body.as_object_mut() {
        // A field emptied by hand is a value to refuse, not one to keep.
        for (name, _) in &fields {
            if form.get(*name).is_some_and(|v| v.trim().is_empty()) {
                obj.insert((*name).to_owned(), serde_json::Value::Null);
            }
        }
        // Unchanged energy is not a typed-in figure: computed energy then
        // follows a new duration or date, as in the API.
        if form.get("kcal_burned").map(|s| s.trim()) == Some(plain(old.kcal_burned).as_str()) {
            obj.remove("kcal_burned");
        }
    }
    let body = serde_json::from_value(body)
        .map_err(|e| WebError::Api(anyhow::anyhow!("form shape: {e}").into()))?;
    match update_activity_entry(&state, &user.auth(), id, body).await {
        Ok(entry) => Ok(see_other(&diary_url(entry.date))),
        Err(err) => {
            let page = EditActivityPage {
                l: Layout::new("Edit activity", "diary", Some(&user), &user.csrf),
                id,
                computed: old.weight_kg_used.is_some(),
                f: Entered::new(form, field_errors(err)?),
                back: diary_url(old.date),
            };
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}
