//! `nutrinube import-legacy` (data.md §2): the Flask predecessor's accounts,
//! goals, food and fitness entries moved into our store, idempotently.
//!
//! Each account is matched by its folded username: created when absent
//! (with the predecessor's password hash kept for its first login and its
//! goals), reused when it exists and came from the same predecessor user,
//! reported and skipped when it exists and did not. Its entries are written
//! keyed by the predecessor's row id (`legacy:food:<id>`), so a second run
//! adds nothing. A dry run creates nothing: a new account's valid rows are
//! counted, an existing one's written and rolled back.

use std::collections::HashMap;
use std::fmt;

use super::settings::to_stored;
use crate::domain::goals::Goals;
use crate::domain::imports::meals;
use crate::domain::legacy::{LegacyHash, Refused, parse_date, plan_usernames};
use crate::domain::nutrients::{Details, Nutrients};
use crate::domain::settings::Settings;
use crate::store::legacy::LegacyData;
use crate::store::{
    ActivityEntryInsert, FoodEntryInsert, ImportWrite, KeyedWrite, Repeat, Store, Written,
};

/// The `source` of every entry moved from the predecessor.
pub const SOURCE: &str = "legacy";

/// What became of one of the predecessor's accounts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AccountOutcome {
    Created,
    /// Created by an earlier run: only what it lacks is added.
    Reused,
    /// Left out, with the reason.
    Skipped(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountReport {
    pub legacy_id: i64,
    /// As the predecessor wrote it.
    pub legacy_username: String,
    pub username: Option<String>,
    pub outcome: AccountOutcome,
    pub food_added: usize,
    pub activities_added: usize,
    /// Held already from an earlier run.
    pub unchanged: usize,
    /// Rows left out: `(table, id, reason)`.
    pub skipped_rows: Vec<(&'static str, i64, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LegacyReport {
    pub dry_run: bool,
    pub accounts: Vec<AccountReport>,
}

impl fmt::Display for LegacyReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.dry_run {
            writeln!(
                f,
                "dry run: nothing was changed; this is what would be done"
            )?;
        }
        for a in &self.accounts {
            let name = a.username.as_deref().unwrap_or(&a.legacy_username);
            match &a.outcome {
                AccountOutcome::Skipped(reason) => {
                    writeln!(
                        f,
                        "account {:?} (legacy id {}): skipped: {reason}",
                        a.legacy_username, a.legacy_id
                    )?;
                    continue;
                }
                AccountOutcome::Created => write!(f, "account {name}: created")?,
                AccountOutcome::Reused => write!(f, "account {name}: already imported")?,
            }
            writeln!(
                f,
                "; food entries added: {}, activity entries added: {}, already there: {}, rows skipped: {}",
                a.food_added,
                a.activities_added,
                a.unchanged,
                a.skipped_rows.len()
            )?;
            for (table, id, reason) in &a.skipped_rows {
                writeln!(f, "  skipped {table} row {id}: {reason}")?;
            }
        }
        let created = self
            .accounts
            .iter()
            .filter(|a| a.outcome == AccountOutcome::Created)
            .count();
        let skipped = self
            .accounts
            .iter()
            .filter(|a| matches!(a.outcome, AccountOutcome::Skipped(_)))
            .count();
        write!(
            f,
            "{} accounts: {created} created, {} already imported, {skipped} skipped",
            self.accounts.len(),
            self.accounts.len() - created - skipped
        )
    }
}

/// A goal from the user row: the default where it is missing or not positive.
fn goal(value: Option<i64>, default: f64) -> f64 {
    value.filter(|v| *v > 0).map_or(default, |v| v as f64)
}

fn non_negative(value: Option<i64>, name: &str) -> Result<f64, String> {
    match value {
        Some(v) if v >= 0 => Ok(v as f64),
        Some(_) => Err(format!("{name} is negative")),
        None => Err(format!("{name} is missing")),
    }
}

/// The keyed rows of one predecessor user, and the rows left out.
fn rows_of(data: &LegacyData, user_id: i64) -> (Vec<KeyedWrite>, Vec<(&'static str, i64, String)>) {
    let (mut rows, mut skipped) = (Vec::new(), Vec::new());
    for f in data.food.iter().filter(|f| f.user_id == user_id) {
        let parsed = (|| {
            let date = parse_date(&f.date)
                .ok_or_else(|| format!("date {:?} is not YYYY-MM-DD", f.date))?;
            let name = f
                .food
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .ok_or("the food has no name")?;
            // The predecessor has no meals: `map` gives its default (snack).
            let (meal, _) = meals::map("");
            Ok::<_, String>(FoodEntryInsert {
                date,
                meal,
                name: meals::entry_name("", name),
                nutrients: Nutrients {
                    calories: non_negative(f.calories, "calories")?,
                    protein_g: non_negative(f.protein, "protein")?,
                    fat_g: non_negative(f.fat, "fat")?,
                    carbs_g: non_negative(f.carbs, "carbs")?,
                },
                details: Details::UNKNOWN,
                food_id: None,
                quantity_g: None,
            })
        })();
        match parsed {
            Ok(entry) => rows.push(KeyedWrite {
                key: format!("legacy:food:{}", f.id),
                source: Some(SOURCE.into()),
                write: ImportWrite::Food(Box::new(entry)),
            }),
            Err(reason) => skipped.push(("food_log", f.id, reason)),
        }
    }
    for a in data.fitness.iter().filter(|a| a.user_id == user_id) {
        let parsed = (|| {
            let date = parse_date(&a.date)
                .ok_or_else(|| format!("date {:?} is not YYYY-MM-DD", a.date))?;
            let name = a
                .exercise
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .ok_or("the exercise has no name")?;
            Ok::<_, String>(ActivityEntryInsert {
                date,
                name: name.to_owned(),
                duration_min: None,
                kcal_burned: non_negative(a.kcal_burned, "kcal_burned")?,
                activity_id: None,
                met: None,
                weight_kg_used: None,
            })
        })();
        match parsed {
            Ok(entry) => rows.push(KeyedWrite {
                key: format!("legacy:fitness:{}", a.id),
                source: Some(SOURCE.into()),
                write: ImportWrite::Activity(entry),
            }),
            Err(reason) => skipped.push(("fitness_log", a.id, reason)),
        }
    }
    (rows, skipped)
}

/// Moves `data` into `store` (see the module).
pub async fn import_legacy(
    store: &Store,
    data: &LegacyData,
    dry_run: bool,
) -> anyhow::Result<LegacyReport> {
    let users: Vec<(i64, &str)> = data
        .users
        .iter()
        .map(|u| (u.id, u.username.as_str()))
        .collect();
    let (moving, refused) = plan_usernames(&users);
    let moving: HashMap<i64, String> = moving.into_iter().collect();
    let refused: HashMap<i64, Refused> = refused.into_iter().collect();
    let by_id: HashMap<i64, &str> = users.iter().copied().collect();
    let mut accounts = Vec::with_capacity(data.users.len());
    for user in &data.users {
        let mut report = AccountReport {
            legacy_id: user.id,
            legacy_username: user.username.clone(),
            username: moving.get(&user.id).cloned(),
            outcome: AccountOutcome::Created,
            food_added: 0,
            activities_added: 0,
            unchanged: 0,
            skipped_rows: Vec::new(),
        };
        if let Some(why) = refused.get(&user.id) {
            report.outcome = AccountOutcome::Skipped(match why {
                Refused::InvalidUsername => {
                    "its lowercased username breaks NutriNube's rule (3-32 of a-z 0-9 _ . -)".into()
                }
                Refused::Clash { with } => format!(
                    "lowercased, its username clashes with legacy id {with} ({:?}); neither is imported",
                    by_id.get(with).copied().unwrap_or_default()
                ),
            });
            accounts.push(report);
            continue;
        }
        let username = moving[&user.id].clone();
        if LegacyHash::parse(&user.password_hash).is_none() {
            report.outcome = AccountOutcome::Skipped(
                "its password hash is not a Werkzeug pbkdf2/scrypt hash".into(),
            );
            accounts.push(report);
            continue;
        }
        let (rows, skipped_rows) = rows_of(data, user.id);
        report.skipped_rows = skipped_rows;
        let account_id = match store.account_by_username(&username).await? {
            Some(a) if a.legacy_user_id == Some(user.id) => {
                report.outcome = AccountOutcome::Reused;
                Some(a.id)
            }
            Some(_) => {
                report.outcome = AccountOutcome::Skipped(format!(
                    "a NutriNube account {username:?} exists that was not imported from this user"
                ));
                accounts.push(report);
                continue;
            }
            None if dry_run => None,
            None => {
                let settings = to_stored(&Settings::default());
                let Some(account) = store
                    .create_legacy_account(&username, &user.password_hash, user.id, &settings)
                    .await?
                else {
                    report.outcome = AccountOutcome::Skipped(format!(
                        "the username {username:?} was taken while importing"
                    ));
                    accounts.push(report);
                    continue;
                };
                let defaults = Goals::DEFAULT;
                let goals = Goals {
                    nutrients: Nutrients {
                        calories: goal(user.calorie_goal, defaults.nutrients.calories),
                        protein_g: goal(user.protein_goal, defaults.nutrients.protein_g),
                        fat_g: goal(user.fat_goal, defaults.nutrients.fat_g),
                        carbs_g: goal(user.carbs_goal, defaults.nutrients.carbs_g),
                    },
                    water_ml: defaults.water_ml,
                };
                store.set_week_goals(account.id, goals, None).await?;
                Some(account.id)
            }
        };
        match account_id {
            Some(id) => {
                let written = store
                    .write_imported(id, &rows, Repeat::Keep, dry_run)
                    .await?;
                for (row, outcome) in rows.iter().zip(written) {
                    let is_food = matches!(row.write, ImportWrite::Food(_));
                    match outcome {
                        Written::Added | Written::Replaced if is_food => report.food_added += 1,
                        Written::Added | Written::Replaced => report.activities_added += 1,
                        Written::Unchanged => report.unchanged += 1,
                        Written::OverQuota(_) => report.skipped_rows.push((
                            if is_food { "food_log" } else { "fitness_log" },
                            row.key
                                .rsplit(':')
                                .next()
                                .and_then(|id| id.parse().ok())
                                .unwrap_or(0),
                            "its day holds the most entries allowed".into(),
                        )),
                        Written::Contradicts { .. } => {}
                    }
                }
            }
            // A dry run for an account not created yet: every valid row would be added.
            None => {
                for row in &rows {
                    if matches!(row.write, ImportWrite::Food(_)) {
                        report.food_added += 1;
                    } else {
                        report.activities_added += 1;
                    }
                }
            }
        }
        accounts.push(report);
    }
    Ok(LegacyReport { dry_run, accounts })
}
