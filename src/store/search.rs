//! What catalogue search reads: candidates found by word prefixes through
//! the engine's text index (PostgreSQL full-text, SQLite FTS5), and the
//! foods chosen. Ranking them is `domain::search`'s, the widening the
//! operation's (`app::foods`).

use super::cells::{Cells, Param};
use super::foods::{FOOD_COLUMNS, food_at, id_params, placeholders};
use super::{Food, Store, StoreResult, on_pool};

/// One statement answering the indexes (from 0) of the `n` words (`$2`,
/// `$3`, …) that some food visible to account `$1` has, generic or branded:
/// one `EXISTS` each per index, so each still stops at its first match.
fn known_words_sql(matching_foods: &str, matching_branded: &str, n: usize) -> String {
    (0..n)
        .map(|i| {
            let p = format!("${}", i + 2);
            format!(
                "SELECT CAST({i} AS BIGINT) AS i WHERE EXISTS (SELECT 1 {})
                 OR EXISTS (SELECT 1 {})",
                matching_foods.replace("$2", &p),
                matching_branded.replace("$2", &p)
            )
        })
        .collect::<Vec<_>>()
        .join(" UNION ALL ")
}

/// What search ranks a food by.
#[derive(Clone, Debug)]
pub struct FoodCandidate {
    pub id: i64,
    pub account_id: Option<i64>,
    pub name: String,
    pub brand: Option<String>,
    /// `domain::fdc_branded::SOURCE` for a branded food.
    pub source: String,
}

/// Reads a row of `food_candidates`' columns.
fn candidate(row: &dyn Cells) -> StoreResult<FoodCandidate> {
    Ok(FoodCandidate {
        id: row.int(0)?,
        account_id: row.maybe_int(1)?,
        name: row.text(2)?,
        brand: row.maybe_text(3)?,
        source: row.text(4)?,
    })
}

impl Store {
    /// Candidates visible to the account whose folded text has a word
    /// starting with each term (`all`) or with any term: at most `limit`
    /// generic or own foods, plainest first, then at most `branded` branded
    /// foods (the plainest, near enough: see `BrandedDialect::matching`).
    pub async fn food_candidates(
        &self,
        account_id: i64,
        terms: &[String],
        all: bool,
        limit: i64,
        branded: i64,
    ) -> StoreResult<Vec<FoodCandidate>> {
        let columns = "f.id, f.account_id, f.name, f.brand, f.source";
        let sql = format!(
            "SELECT * FROM (SELECT {columns} {} ORDER BY LENGTH(f.name), f.id LIMIT $3) AS g
             UNION ALL SELECT * FROM (SELECT {columns} {} LIMIT $4) AS b",
            self.dialect().matching_foods,
            self.branded_matching()
        );
        let query = self.prefix_query(terms, all);
        self.read_rows(
            sql.into(),
            vec![
                Param::Int(account_id),
                Param::Text(query),
                Param::Int(limit),
                Param::Int(branded),
            ],
            candidate,
        )
        .await
    }

    /// For each word, whether a food visible to the account has a word
    /// starting with it: one statement, however many words.
    pub async fn known_words(&self, account_id: i64, words: &[String]) -> StoreResult<Vec<bool>> {
        if words.is_empty() {
            return Ok(Vec::new());
        }
        let sql = known_words_sql(
            self.dialect().matching_foods,
            self.branded_matching(),
            words.len(),
        );
        let mut params = vec![Param::Int(account_id)];
        params.extend(
            words
                .iter()
                .map(|w| Param::Text(self.prefix_query(std::slice::from_ref(w), true))),
        );
        let rows = self.read_rows(sql.into(), params, |row| row.int(0)).await?;
        let mut known = vec![false; words.len()];
        for i in rows {
            if let Some(k) = usize::try_from(i).ok().and_then(|i| known.get_mut(i)) {
                *k = true;
            }
        }
        Ok(known)
    }

    /// A full-text query for words starting with each term (`all`) or any.
    /// Terms are folded words (letters and digits only), safe in either syntax.
    fn prefix_query(&self, terms: &[String], all: bool) -> String {
        let dialect = self.dialect();
        terms
            .iter()
            .map(|t| (dialect.prefix_term)(t))
            .collect::<Vec<_>>()
            .join(if all { dialect.and } else { dialect.or })
    }

    /// The given foods with their servings, in the order of `ids`. (Their
    /// servings come in a second statement: joined in, each food's row came
    /// once per serving, and the load benchmark measured search no faster.)
    pub async fn foods_in_order(&self, ids: &[i64]) -> StoreResult<Vec<Food>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT {} FROM foods WHERE id IN ({})",
            *FOOD_COLUMNS,
            placeholders(1, ids.len())
        );
        let mut foods = self
            .read_rows(
                sql.into(),
                id_params(Vec::new(), ids.iter().copied()),
                |row| food_at(row, 0),
            )
            .await?;
        foods.sort_by_key(|f| ids.iter().position(|id| *id == f.id));
        self.with_servings(foods).await
    }

    /// The account's custom foods (not its recipes), by name.
    pub async fn custom_foods(&self, account_id: i64) -> StoreResult<Vec<Food>> {
        let sql = format!(
            "SELECT {} FROM foods WHERE account_id = $1 AND source = 'custom' ORDER BY name, id",
            *FOOD_COLUMNS
        );
        let foods: Vec<Food> = on_pool!(self, |pool| {
            sqlx::query_as(&sql).bind(account_id).fetch_all(pool).await
        })?;
        self.with_servings(foods).await
    }

    /// With nothing typed: the account's own foods first, then by name.
    pub async fn list_foods(&self, account_id: i64, limit: i64) -> StoreResult<Vec<Food>> {
        let sql = format!(
            "SELECT {} FROM foods WHERE (account_id IS NULL OR account_id = $1)
             ORDER BY CASE WHEN account_id IS NULL THEN 1 ELSE 0 END, name, id LIMIT $2",
            *FOOD_COLUMNS
        );
        let foods: Vec<Food> = on_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(account_id)
                .bind(limit)
                .fetch_all(pool)
                .await
        })?;
        self.with_servings(foods).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_is_checked_in_one_statement() {
        let matching = "FROM foods f WHERE f.v @@ q($2) AND f.account_id = $1";
        let branded = "FROM foods f WHERE f.v @@ q($2) AND f.source = 'b'";
        let sql = known_words_sql(matching, branded, 3);
        assert_eq!(sql.matches("EXISTS").count(), 6);
        for p in ["$2)", "$3)", "$4)"] {
            assert!(sql.contains(p), "{sql}");
        }
        assert!(!sql.contains("$5"), "{sql}");
        assert_eq!(sql.matches("$1").count(), 3);
    }
}
