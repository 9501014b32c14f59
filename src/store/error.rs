//! What a query can fail with, classified once for every caller.

/// What the engine's driver (sqlx, or rusqlite for SQLite's large reads)
/// reported.
pub type DriverError = Box<dyn std::error::Error + Send + Sync>;

/// A failed query.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database could not be reached (down, starting, or busy): worth
    /// retrying, answered as 503.
    #[error("the database is unavailable: {0}")]
    Unavailable(#[source] DriverError),
    /// A unique constraint refused the row; the constraint's name.
    #[error("unique constraint `{0}` violated")]
    Unique(String),
    /// The write would take the account past a quota; nothing was written.
    #[error("over the quota")]
    OverQuota,
    /// A row the statement needed is not there.
    #[error("no such row")]
    NotFound,
    #[error(transparent)]
    Other(DriverError),
}

pub type StoreResult<T> = Result<T, StoreError>;

impl From<sqlx::Error> for StoreError {
    fn from(err: sqlx::Error) -> StoreError {
        match &err {
            // Protocol: the other end closed or garbled the connection, as a
            // database router with no primary behind it does during a
            // fail-over (it accepts, then closes: sqlx reads the missing
            // answer to its SSLRequest as 0x00). Nothing the request did.
            sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::Io(_)
            | sqlx::Error::Tls(_)
            | sqlx::Error::Protocol(_)
            | sqlx::Error::WorkerCrashed => StoreError::Unavailable(err.into()),
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::Database(db) => {
                if db.is_unique_violation() {
                    StoreError::Unique(db.constraint().unwrap_or_default().to_owned())
                } else if super::postgres::is_unavailable_code(db.code().as_deref())
                    || super::sqlite::is_unavailable_code(db.code().as_deref())
                {
                    StoreError::Unavailable(err.into())
                } else {
                    StoreError::Other(err.into())
                }
            }
            _ => StoreError::Other(err.into()),
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(err: rusqlite::Error) -> StoreError {
        let code = err.sqlite_error().map(|e| e.extended_code.to_string());
        if super::sqlite::is_unavailable_code(code.as_deref()) {
            StoreError::Unavailable(err.into())
        } else {
            StoreError::Other(err.into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::StoreError;

    #[test]
    fn a_connection_closed_before_it_was_made_is_unavailability() {
        // What sqlx answers when HAProxy, with no primary to route to,
        // accepts the connection and closes it at once.
        let err = sqlx::Error::Protocol("unexpected response from SSLRequest: 0x00".into());
        assert!(matches!(StoreError::from(err), StoreError::Unavailable(_)));
        let err = sqlx::Error::Io(std::io::ErrorKind::UnexpectedEof.into());
        assert!(matches!(StoreError::from(err), StoreError::Unavailable(_)));
        assert!(matches!(
            StoreError::from(sqlx::Error::RowNotFound),
            StoreError::NotFound
        ));
        let err = sqlx::Error::ColumnNotFound("x".into());
        assert!(matches!(StoreError::from(err), StoreError::Other(_)));
    }
}
