//! A CSV export read record by record, its columns found by their header
//! names in any order: what the three CSV formats share. A byte-order mark,
//! CRLF, quoted cells and records shorter or longer than the header are
//! what real exports hold, so none of them is an error.

use std::collections::VecDeque;
use std::io::{BufRead, Read};

use csv::{ByteRecord, StringRecord};

use super::cells::header_name;
use super::keys;
use super::{FileError, Parsed, ParsedRow, RowData, Skip};

/// A CSV file past its header.
pub struct Table<'r> {
    reader: csv::Reader<Lines<'r>>,
    header: Vec<String>,
    record: ByteRecord,
}

/// One record, with the line it began on (the header is line 1).
pub struct Record {
    pub line: u64,
    cells: StringRecord,
}

impl<'r> Table<'r> {
    /// Reads the header; a file without one, or not text, cannot be read.
    pub fn open(reader: &'r mut dyn BufRead) -> Result<Table<'r>, FileError> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(Lines {
                inner: reader,
                offset: 0,
                last: 0,
                newlines: VecDeque::new(),
                before: 0,
            });
        let mut record = ByteRecord::new();
        let read = reader
            .read_byte_record(&mut record)
            .map_err(|e| FileError::Unreadable(format!("not a CSV file: {e}")))?;
        if !read {
            return Err(FileError::Unreadable("the file is empty".to_owned()));
        }
        let header = StringRecord::from_byte_record(record.clone())
            .map_err(|_| FileError::Unreadable("the file is not UTF-8 text".to_owned()))?;
        Ok(Table {
            reader,
            header: header.iter().map(header_name).collect(),
            record,
        })
    }

    /// The first column named one of `names` (compared as [`header_name`]s).
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        names
            .iter()
            .find_map(|n| self.header.iter().position(|h| *h == header_name(n)))
    }

    /// As [`Table::column`], for a column the file cannot do without.
    pub fn required(&self, names: &[&str], what: &str) -> Result<usize, FileError> {
        self.column(names).ok_or_else(|| {
            FileError::Unreadable(format!(
                "the {what} file has no \"{}\" column",
                names.first().copied().unwrap_or_default()
            ))
        })
    }

    /// The header names, as compared.
    pub fn header(&self) -> &[String] {
        &self.header
    }

    /// The next record; `Err` a record that is no text (a skip), `None` at
    /// the end. Blank records are passed over.
    pub fn next_record(&mut self) -> Option<Result<Record, Skip>> {
        loop {
            let line = self.reader.get_ref().before + 1;
            match self.reader.read_byte_record(&mut self.record) {
                Ok(false) => return None,
                Ok(true) => {}
                Err(e) => {
                    // A broken quote ends the file for the CSV reader: the
                    // rest cannot be told apart, so it is one skip.
                    return Some(Err(Skip {
                        line,
                        reason: format!("the CSV cannot be read from here on: {e}"),
                    }));
                }
            }
            let line = match self.record.position() {
                Some(p) => self.reader.get_mut().line_at(p.byte()),
                None => line,
            };
            if self
                .record
                .iter()
                .all(|c| c.iter().all(u8::is_ascii_whitespace))
            {
                continue;
            }
            return Some(match StringRecord::from_byte_record(self.record.clone()) {
                Ok(cells) => Ok(Record { line, cells }),
                Err(_) => Err(Skip {
                    line,
                    reason: "the row is not UTF-8 text".to_owned(),
                }),
            });
        }
    }
}

/// Counts the lines of what the CSV reader reads ahead: the line a record
/// begins on from its byte offset. (The CSV reader's own line count counts
/// records, not lines: CRLF, blank lines and quoted line breaks put it off.)
struct Lines<'r> {
    inner: &'r mut dyn BufRead,
    offset: u64,
    last: u8,
    /// Line breaks read but not yet passed by a record: the LF's offset and
    /// whether a CR came before it.
    newlines: VecDeque<(u64, bool)>,
    /// Line breaks before those.
    before: u64,
}

impl Read for Lines<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        for (i, b) in buf[..n].iter().enumerate() {
            if *b == b'\n' {
                self.newlines
                    .push_back((self.offset + i as u64, self.last == b'\r'));
            }
            self.last = *b;
        }
        self.offset += n as u64;
        Ok(n)
    }
}

impl Lines<'_> {
    /// The line (from 1) of the record the CSV reader began at byte `at`:
    /// it may begin on the line breaks before the record (the LF of a CRLF,
    /// blank lines), which are counted too. Records come in order, so each
    /// break is counted once and forgotten.
    fn line_at(&mut self, mut at: u64) -> u64 {
        while let Some(&(o, cr)) = self.newlines.front() {
            let blank_here = o == at || (cr && o == at + 1);
            if o < at || blank_here {
                self.newlines.pop_front();
                self.before += 1;
                if blank_here {
                    at = o + 1;
                }
            } else {
                break;
            }
        }
        self.before + 1
    }
}

impl Record {
    /// The cell of `column`, trimmed, with the quotes of a doubly quoted
    /// value (`"""Milk"""` is read as `"Milk"`) dropped, a quote inside kept;
    /// "" when the column or the cell is missing.
    pub fn get(&self, column: Option<usize>) -> &str {
        column
            .and_then(|c| self.cells.get(c))
            .map(|c| {
                let c = c.trim();
                match c.strip_prefix('"').and_then(|c| c.strip_suffix('"')) {
                    Some(inner) => inner.trim(),
                    None => c,
                }
            })
            .unwrap_or("")
    }

    /// The whole record as a row's fingerprint.
    pub fn fingerprint(&self) -> String {
        keys::fingerprint(self.cells.iter())
    }
}

/// Runs `row` over every record, a record it refuses becoming a skip.
pub fn each(
    table: &mut Table,
    parsed: &mut Parsed,
    mut row: impl FnMut(&Record) -> Result<Vec<RowData>, String>,
) -> Result<(), FileError> {
    while let Some(record) = table.next_record() {
        let record = match record {
            Ok(r) => r,
            Err(skip) => {
                parsed.push_skip(skip);
                continue;
            }
        };
        match row(&record) {
            Ok(rows) => {
                let fingerprint = record.fingerprint();
                parsed.rows.extend(rows.into_iter().map(|data| ParsedRow {
                    line: record.line,
                    fingerprint: fingerprint.clone(),
                    data,
                }));
            }
            Err(reason) => parsed.skip(record.line, reason),
        }
        parsed.check_size()?;
    }
    Ok(())
}

/// A nutrient column of a format: its header names, our key, and the
/// factor from the file's unit to the key's.
pub struct NutrientColumn {
    pub names: &'static [&'static str],
    pub key: &'static str,
    pub factor: f64,
}

/// The nutrient columns a file has, found once from its header.
pub struct NutrientColumns(Vec<(usize, &'static NutrientColumn)>);

impl NutrientColumns {
    pub fn find(table: &Table, columns: &'static [NutrientColumn]) -> NutrientColumns {
        NutrientColumns(
            columns
                .iter()
                .filter_map(|c| table.column(c.names).map(|i| (i, c)))
                .collect(),
        )
    }

    /// The record's known amounts by key; a blank cell is unknown, a cell
    /// that is no number makes the row a skip.
    pub fn read(&self, record: &Record) -> Result<Vec<(&'static str, f64)>, String> {
        let mut out = Vec::new();
        for (i, column) in &self.0 {
            if let Some(v) = super::cells::number(record.get(Some(*i)))
                .map_err(|e| format!("{}: {e}", column.names[0]))?
            {
                out.push((column.key, v * column.factor));
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_with_a_mark_crlf_and_short_records_are_read() {
        let csv = "\u{feff}\"Date\",Name,\"Calories\"\r\n2024-01-02,\"\"\"Milk, 2%\"\"\",120\r\n\r\n2024-01-03,Tea\r\n";
        let mut bytes = csv.as_bytes();
        let mut table = Table::open(&mut bytes).unwrap();
        assert_eq!(table.header(), ["date", "name", "calories"]);
        let (name, kcal) = (table.column(&["Name"]), table.column(&["Calories"]));
        let first = table.next_record().unwrap().unwrap();
        assert_eq!(first.line, 2);
        assert_eq!(first.get(name), "Milk, 2%");
        assert_eq!(first.get(kcal), "120");
        let second = table.next_record().unwrap().unwrap();
        assert_eq!(second.line, 4);
        assert_eq!(second.get(kcal), "");
        let mut bytes: &[u8] = b"Name\n\"\"\"Protein Bar\"\", Chocolate\"\n";
        let mut table = Table::open(&mut bytes).unwrap();
        let r = table.next_record().unwrap().ok().unwrap();
        assert_eq!(r.get(Some(0)), "\"Protein Bar\", Chocolate");
        assert!(table.next_record().is_none());
    }

    #[test]
    fn a_line_break_inside_quotes_counts_toward_later_lines() {
        let mut bytes: &[u8] = b"Date,Note\n2024-01-02,\"two\nlines\"\n\n2024-01-03,x\n";
        let mut table = Table::open(&mut bytes).unwrap();
        assert_eq!(table.next_record().unwrap().ok().unwrap().line, 2);
        assert_eq!(table.next_record().unwrap().ok().unwrap().line, 5);
    }

    #[test]
    fn a_row_that_is_not_text_is_a_skip_and_the_rest_is_read() {
        let mut bytes: &[u8] = b"Date,Name\n2024-01-02,\xff\xfe\n2024-01-03,Tea\n";
        let mut table = Table::open(&mut bytes).unwrap();
        let skip = table.next_record().unwrap().err().unwrap();
        assert_eq!(skip.line, 2);
        assert_eq!(table.next_record().unwrap().ok().unwrap().line, 3);
    }
}
