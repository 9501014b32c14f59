//! Which parser reads which file of an import: a zip's members by their
//! names, a single upload by its name or, without one, by its first line.

use std::io::BufRead;

use super::{FileError, Format, Options, Parsed, apple_health, cronometer, loseit, mfp};

/// Reads one file of an import of `format`: `name` is the zip member's or
/// upload's file name when known. `Ok(None)` when the file is not one of the
/// format's files (a zip's other members), so that it is ignored.
pub fn read_member(
    format: Format,
    name: Option<&str>,
    reader: &mut dyn BufRead,
    options: Options,
) -> Result<Option<Parsed>, FileError> {
    let base = name.map(|n| n.rsplit(['/', '\\']).next().unwrap_or(n));
    // A zip's folders and macOS's resource forks are never an export's file.
    if name.is_some_and(|n| n.starts_with("__MACOSX/")) || base.is_some_and(|b| b.starts_with("._"))
    {
        return Ok(None);
    }
    let head = first_line(reader)?;
    match format {
        Format::Mfp => match mfp::File::of(base, &head) {
            Some(file) => mfp::read(file, reader, options).map(Some),
            None => Ok(None),
        },
        Format::Cronometer => match cronometer::File::of(base, &head) {
            Some(file) => cronometer::read(file, reader).map(Some),
            None => Ok(None),
        },
        Format::Loseit => {
            if loseit::is_food_log(base, &head) {
                loseit::read(reader).map(Some)
            } else {
                Ok(None)
            }
        }
        Format::AppleHealth => {
            if apple_health::is_export(base, &peek(reader)?) {
                apple_health::read(reader).map(Some)
            } else {
                Ok(None)
            }
        }
        // Our own export is one JSON document, read by the operations whole.
        Format::Nutrinube => Ok(None),
    }
}

/// The file's first line as text, without consuming it: what a single
/// upload is recognised by. Empty when it is not text.
fn first_line(reader: &mut dyn BufRead) -> Result<String, FileError> {
    let buf = reader
        .fill_buf()
        .map_err(|e| FileError::Unreadable(e.to_string()))?;
    let end = buf
        .iter()
        .position(|b| *b == b'\n')
        .unwrap_or(buf.len())
        .min(4096);
    Ok(String::from_utf8_lossy(&buf[..end]).into_owned())
}

/// The file's first bytes (at most 4 KiB) as text, without consuming them.
fn peek(reader: &mut dyn BufRead) -> Result<String, FileError> {
    let buf = reader
        .fill_buf()
        .map_err(|e| FileError::Unreadable(e.to_string()))?;
    Ok(String::from_utf8_lossy(&buf[..buf.len().min(4096)]).into_owned())
}

/// Whether a file named `base` (when known) is the one whose name starts with
/// `prefix` and ends with `.csv`, in any case.
pub(super) fn named(base: Option<&str>, prefix: &str) -> bool {
    base.is_some_and(|b| {
        let b = b.to_ascii_lowercase();
        b.starts_with(&prefix.to_ascii_lowercase()) && b.ends_with(".csv")
    })
}
