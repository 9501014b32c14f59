//! (being written)

use std::io::BufRead;

use super::{FileError, Options, Parsed};

pub enum File {}

impl File {
    pub fn of(_base: Option<&str>, _head: &str) -> Option<File> {
        None
    }
}

pub fn read(file: File, _reader: &mut dyn BufRead, _options: Options) -> Result<Parsed, FileError> {
    match file {}
}
