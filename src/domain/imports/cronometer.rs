//! (being written)

use std::io::BufRead;

use super::{FileError, Parsed};

pub enum File {}

impl File {
    pub fn of(_base: Option<&str>, _head: &str) -> Option<File> {
        None
    }
}

pub fn read(file: File, _reader: &mut dyn BufRead) -> Result<Parsed, FileError> {
    match file {}
}
