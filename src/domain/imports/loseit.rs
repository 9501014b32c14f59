//! (being written)

use std::io::BufRead;

use super::{FileError, Parsed};

pub fn is_food_log(_base: Option<&str>, _head: &str) -> bool {
    false
}

pub fn read(_reader: &mut dyn BufRead) -> Result<Parsed, FileError> {
    Err(FileError::Unreadable("not yet".to_owned()))
}
