//! Rows an account owns, by id: the read and the delete that entries,
//! custom foods and tokens share. Every one is scoped to the account, so
//! another account's id finds nothing.

use sqlx::FromRow;
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;

use super::{Store, StoreResult, on_pool, on_write_pool};

/// The tables whose rows belong to one account (`account_id`) and have an
/// `id`: the names are constants here, never from input.
#[derive(Clone, Copy, Debug)]
pub(super) enum Owned {
    FoodEntries,
    ActivityEntries,
    WaterEntries,
    Foods,
    ApiTokens,
    ShareLinks,
}

impl Owned {
    fn table(self) -> &'static str {
        match self {
            Owned::FoodEntries => "food_entries",
            Owned::ActivityEntries => "activity_entries",
            Owned::WaterEntries => "water_entries",
            Owned::Foods => "foods",
            Owned::ApiTokens => "api_tokens",
            Owned::ShareLinks => "share_links",
        }
    }
}

impl Store {
    /// `columns` of the account's row `id` of `table`.
    pub(super) async fn owned_row<T>(
        &self,
        table: Owned,
        columns: &str,
        account_id: i64,
        id: i64,
    ) -> StoreResult<Option<T>>
    where
        T: for<'r> FromRow<'r, PgRow> + for<'r> FromRow<'r, SqliteRow> + Send + Unpin,
    {
        let sql = format!(
            "SELECT {columns} FROM {} WHERE account_id = $1 AND id = $2",
            table.table()
        );
        on_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(account_id)
                .bind(id)
                .fetch_optional(pool)
                .await
        })
    }

    /// Deletes the account's row `id` of `table`: whether there was one.
    pub(super) async fn delete_owned(
        &self,
        table: Owned,
        account_id: i64,
        id: i64,
    ) -> StoreResult<bool> {
        let sql = format!(
            "DELETE FROM {} WHERE account_id = $1 AND id = $2",
            table.table()
        );
        on_write_pool!(self, |pool| {
            sqlx::query(&sql)
                .bind(account_id)
                .bind(id)
                .execute(pool)
                .await
                .map(|r| r.rows_affected() > 0)
        })
    }
}
