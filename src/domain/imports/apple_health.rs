//! Apple Health's `export.xml`, read as a stream.

use std::io::BufRead;

use super::{FileError, Parsed};

/// Whether the file is Apple Health's export: `export.xml` by name (not
/// `export_cda.xml`), or an XML document when unnamed.
pub fn is_export(base: Option<&str>, head: &str) -> bool {
    match base {
        Some(b) => b.eq_ignore_ascii_case("export.xml"),
        None => head
            .trim_start_matches('\u{feff}')
            .trim_start()
            .starts_with('<'),
    }
}

pub fn read(reader: &mut dyn BufRead) -> Result<Parsed, FileError> {
    let _ = reader;
    Err(FileError::Unreadable(
        "Apple Health exports are not read yet".to_owned(),
    ))
}
