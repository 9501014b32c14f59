//! The detail nutrients (`domain::nutrients::DETAIL_KEYS`) as columns of
//! `foods` and `food_entries`, one per key and named as the key, so sums
//! and counts of known amounts are plain SQL aggregates.

use std::sync::LazyLock;

use sqlx::Row;

use crate::domain::nutrients::{DETAIL_KEYS, Details};

/// `fibre_g, sugars_g, …`: every detail column, in the keys' order.
pub(super) static DETAIL_COLUMNS: LazyLock<String> = LazyLock::new(|| DETAIL_KEYS.join(", "));

/// The detail columns of a table alias: `f.fibre_g, f.sugars_g, …`.
pub(super) fn detail_columns_of(alias: &str) -> String {
    DETAIL_KEYS
        .iter()
        .map(|k| format!("{alias}.{k}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `$from, …`: one placeholder per detail column.
pub(super) fn detail_placeholders(from: usize) -> String {
    super::foods::placeholders(from, DETAIL_KEYS.len())
}

/// `fibre_g = $from, …`: an UPDATE's assignments of every detail column.
pub(super) fn detail_assignments(from: usize) -> String {
    DETAIL_KEYS
        .iter()
        .enumerate()
        .map(|(i, k)| format!("{k} = ${}", from + i))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Binds every detail amount of `$details`, in the columns' order.
macro_rules! bind_details {
    ($query:expr, $details:expr) => {{
        let mut q = $query;
        for amount in $details.0 {
            q = q.bind(amount);
        }
        q
    }};
}
pub(super) use bind_details;

impl<'r, R> sqlx::FromRow<'r, R> for Details
where
    R: Row,
    &'r str: sqlx::ColumnIndex<R>,
    Option<f64>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    fn from_row(row: &'r R) -> Result<Self, sqlx::Error> {
        let mut details = Details::UNKNOWN;
        for (slot, key) in details.0.iter_mut().zip(DETAIL_KEYS) {
            *slot = row.try_get(key)?;
        }
        Ok(details)
    }
}
