//! Forms: a submitted form read into the operations' commands, and the one
//! form state every page shows again after a refused submission.

use std::collections::HashMap;

use axum::http::StatusCode;

use crate::app::{AppError, Input};
use crate::locale::{msg, numbers};
use crate::web::present::Presentation;

use super::{WebError, WebResult, render, see_other};

/// A submitted form's fields, read into [`Input`]s as the JSON API reads
/// its members: a missing or blank field is absent (or, for a form that
/// edits, null: a value emptied by hand is refused, not kept), numbers take
/// the page language's decimal separator (and `.`), amounts are in the
/// reader's units, and anything unparseable is an invalid value for the
/// operation's check to report.
pub struct Submitted<'a> {
    fields: &'a HashMap<String, String>,
    blank_is_null: bool,
    shown: Presentation,
}

impl<'a> Submitted<'a> {
    /// A form that creates: blank fields are left out.
    pub fn new(fields: &'a HashMap<String, String>, shown: Presentation) -> Submitted<'a> {
        Submitted {
            fields,
            blank_is_null: false,
            shown,
        }
    }

    /// A form that edits: blank fields are emptied values.
    pub fn edit(fields: &'a HashMap<String, String>, shown: Presentation) -> Submitted<'a> {
        Submitted {
            fields,
            blank_is_null: true,
            shown,
        }
    }

    fn raw(&self, name: &str) -> Result<&'a str, Input<std::convert::Infallible>> {
        match self.fields.get(name).map(|v| v.trim()) {
            None => Err(Input::Absent),
            Some("") if self.blank_is_null => Err(Input::Null),
            Some("") => Err(Input::Absent),
            Some(v) => Ok(v),
        }
    }

    fn parsed<T>(&self, name: &str, parse: impl Fn(&str) -> Option<T>) -> Input<T> {
        match self.raw(name) {
            Ok(raw) => parse(raw).map_or(Input::Invalid(msg("not-a-number")), Input::Value),
            Err(Input::Null) => Input::Null,
            Err(_) => Input::Absent,
        }
    }

    pub fn text(&self, name: &str) -> Input<String> {
        self.parsed(name, |raw| Some(raw.to_owned()))
    }

    pub fn number(&self, name: &str) -> Input<f64> {
        self.parsed(name, |raw| numbers::parse(self.shown.language, raw))
    }

    /// Energy in the reader's unit, as kcal.
    pub fn energy(&self, name: &str) -> Input<f64> {
        self.converted(name, |v| self.shown.energy_unit.to_kcal(v))
    }

    /// A body weight in the reader's unit, as kg.
    pub fn body_weight(&self, name: &str) -> Input<f64> {
        self.converted(name, |v| self.shown.weight_unit.to_kg(v))
    }

    /// A length in the reader's unit, as cm.
    pub fn length(&self, name: &str) -> Input<f64> {
        self.converted(name, |v| self.shown.length_unit.to_cm(v))
    }

    fn converted(&self, name: &str, to_si: impl Fn(f64) -> f64) -> Input<f64> {
        match self.number(name) {
            Input::Value(v) => Input::Value(to_si(v)),
            other => other,
        }
    }

    pub fn integer(&self, name: &str) -> Input<i64> {
        self.parsed(name, |raw| raw.parse::<i64>().ok())
    }
}

/// The forms of a page as the person left them: which form was submitted,
/// its values, and the message for each invalid field.
#[derive(Debug, Default)]
pub struct FormState {
    /// The submitted form, on pages with several ("" for the only one).
    pub form: String,
    pub values: HashMap<String, String>,
    pub errors: HashMap<String, String>,
}

impl FormState {
    /// The values to show in the page's (only) form, with no errors.
    pub fn filled(values: HashMap<String, String>) -> FormState {
        FormState {
            values,
            ..FormState::default()
        }
    }

    /// A refused submission of `form`.
    pub fn refused(
        form: impl Into<String>,
        values: HashMap<String, String>,
        errors: HashMap<String, String>,
    ) -> FormState {
        FormState {
            form: form.into(),
            values,
            errors,
        }
    }

    /// The value entered in `field`, or empty.
    pub fn v(&self, field: &str) -> &str {
        self.values.get(field).map(String::as_str).unwrap_or("")
    }

    /// The error for `field`, if any.
    pub fn e(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }

    /// The value of `field` when `form` was the one submitted, else empty.
    pub fn v_in(&self, form: &str, field: &str) -> &str {
        if self.form == form { self.v(field) } else { "" }
    }

    /// The error for `field` when `form` was the one submitted.
    pub fn e_in(&self, form: &str, field: &str) -> Option<&String> {
        if self.form == form {
            self.e(field)
        } else {
            None
        }
    }
}

/// The messages of a validation error, by field, in the reader's words, to
/// show beside the fields; any other error is the page's.
pub fn field_errors(err: AppError, shown: &Presentation) -> WebResult<HashMap<String, String>> {
    match err {
        AppError::Validation(errors) => Ok(errors
            .into_iter()
            .map(|e| (e.field, shown.message(&e.message)))
            .collect()),
        other => Err(WebError::App(other)),
    }
}

/// `err` with the errors of field `from` named `to` instead: a quota (named
/// after its limit, which no form has a field for) is shown beside the
/// field of the form that asked for more.
pub fn shown_beside(err: AppError, from: &str, to: &str) -> AppError {
    match err {
        AppError::Validation(mut errors) => {
            for e in &mut errors {
                if e.field == from {
                    e.field = to.to_owned();
                }
            }
            AppError::Validation(errors)
        }
        other => other,
    }
}

/// The answer to a submitted form, given its operation's `result`: on
/// success a redirect (303) to `to(value)`; on a validation error the page
/// again, 422, that `again` builds from the messages by field; any other
/// error is the page's.
pub async fn redirect_or_again<T, P: askama::Template>(
    result: Result<T, AppError>,
    shown: &Presentation,
    to: impl FnOnce(T) -> String,
    again: impl AsyncFnOnce(HashMap<String, String>) -> WebResult<P>,
) -> WebResult {
    match result {
        Ok(value) => Ok(see_other(&to(value))),
        Err(err) => {
            let page = again(field_errors(err, shown)?).await?;
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::settings::{EnergyUnit, Language, LengthUnit, WeightUnit};

    fn form(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn german() -> Presentation {
        Presentation::anonymous(Language::De)
    }

    #[test]
    fn fields_read_as_the_api_reads_members() {
        let f = form(&[
            ("a", " 12,5 "),
            ("b", ""),
            ("c", "x"),
            ("d", "inf"),
            ("e", "7"),
        ]);
        let new = Submitted::new(&f, german());
        let not_a_number = Input::Invalid(msg("not-a-number"));
        assert_eq!(new.number("a"), Input::Value(12.5));
        assert_eq!(new.number("b"), Input::Absent);
        assert_eq!(new.number("missing"), Input::Absent);
        assert_eq!(new.number("c"), not_a_number);
        assert_eq!(new.number("d"), not_a_number);
        assert_eq!(new.integer("e"), Input::Value(7));
        assert_eq!(new.integer("a"), Input::Invalid(msg("not-a-number")));
        assert_eq!(new.text("c"), Input::Value("x".into()));
        // English pages take the point only: "12,5" could be 125.
        let english = Submitted::new(&f, Presentation::anonymous(Language::En));
        assert_eq!(english.number("a"), not_a_number);
        let edit = Submitted::edit(&f, german());
        assert_eq!(edit.number("b"), Input::Null);
        assert_eq!(edit.text("b"), Input::Null);
        assert_eq!(edit.text("missing"), Input::Absent);
    }

    #[test]
    fn amounts_are_read_in_the_readers_units() {
        let f = form(&[("energy", "1000"), ("weight", "150"), ("height", "70,5")]);
        let shown = Presentation {
            language: Language::De,
            energy_unit: EnergyUnit::Kj,
            weight_unit: WeightUnit::Lb,
            length_unit: LengthUnit::In,
        };
        let s = Submitted::new(&f, shown);
        let Input::Value(kcal) = s.energy("energy") else {
            panic!()
        };
        assert!((kcal - 1000.0 / 4.184).abs() < 1e-9);
        let Input::Value(kg) = s.body_weight("weight") else {
            panic!()
        };
        assert!((kg - 150.0 * 0.45359237).abs() < 1e-9);
        assert_eq!(s.length("height"), Input::Value(70.5 * 2.54));
        assert_eq!(
            Submitted::new(&form(&[("energy", "x")]), shown).energy("energy"),
            Input::Invalid(msg("not-a-number"))
        );
    }

    #[test]
    fn state_belongs_to_the_submitted_form() {
        let state = FormState::refused(
            "hand",
            form(&[("name", "Soup")]),
            form(&[("name", "is required")]),
        );
        assert_eq!(state.v_in("hand", "name"), "Soup");
        assert_eq!(state.v_in("activity", "name"), "");
        assert!(state.e_in("activity", "name").is_none());
        assert_eq!(state.e("name").map(String::as_str), Some("is required"));
    }
}
