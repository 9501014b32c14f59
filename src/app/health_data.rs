//! Health data pushed from a phone (data.md §5): Health Auto Export's JSON,
//! written like an Apple Health import whose rows are keyed by day or
//! workout, so that a day or a workout sent again replaces what it sent.

use std::collections::HashMap;

use serde_json::Value;

use super::imports::ImportReport;
use super::{Actor, App, AppError, AppResult};
use crate::domain::imports::nutrinube::SourcedRow;
use crate::domain::imports::{Format, Parsed, health_auto_export};
use crate::locale::msg;
use crate::store::Repeat;

impl App {
    pub async fn push_health_data(&self, actor: &Actor, push: &Value) -> AppResult<ImportReport> {
        let parsed = health_auto_export::read(push).map_err(|e| {
            AppError::invalid(
                "data",
                msg("import-unreadable").arg("problem", e.to_string()),
            )
        })?;
        let source = Some(Format::AppleHealth.as_str().to_owned());
        let mut parsed = parsed;
        let rows = std::mem::take(&mut parsed.rows)
            .into_iter()
            .map(|row| SourcedRow {
                row,
                source: source.clone(),
                food: None,
            })
            .collect();
        let rest: Parsed = parsed;
        self.write_parsed(
            actor,
            Format::AppleHealth,
            rows,
            rest,
            &HashMap::new(),
            false,
            Repeat::Replace,
            false,
        )
        .await
    }
}
