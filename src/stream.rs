//! Streaming mode: one message per input record (JSON Lines, or a CSV column
//! such as Twilio's message-log export), one JSON result line per record, in
//! input order, with memory bounded by the batch size whatever the input
//! size. The pre-send gate of a sending service, and the way to audit a log.

use std::io::{self, BufRead, Write};

use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value;

use crate::diagnostic::{Positions, Severity};
use crate::linter::{Linter, Message};
use crate::report::json::JsonDiagnostic;

/// Records checked in parallel at a time: enough to keep every core busy,
/// few enough to bound memory.
const BATCH: usize = 2048;

/// Bytes of records one batch holds at most: a batch of 2,048 records of
/// 1 MB each would hold 2 GB at once. A batch stops at whichever bound it
/// reaches first (and always holds at least one record).
const BATCH_BYTES: usize = 16 << 20;

/// What the records are.
#[derive(Clone, Debug)]
pub enum Format {
    /// `{"id": ..., "body": ..., "use_case"?, "brand"?, "locale"?}` per line.
    Jsonl,
    /// A CSV file with a header; the message is in `column`, the record's
    /// id in `id_column` (else its row number).
    Csv {
        column: String,
        id_column: Option<String>,
    },
}

/// Totals of a stream.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub records: usize,
    /// Records that could not be read (an error line was written for each).
    pub errors: usize,
    /// The highest severity of any diagnostic.
    pub worst: Option<Severity>,
}

/// One input record: a message to check, or why it is not one.
enum Record {
    Message { id: Value, message: Message },
    Invalid { id: Value, error: String },
}

#[derive(Serialize)]
struct ResultLine<'a> {
    id: &'a Value,
    /// 1-based: the line (JSONL) or record (CSV) of the input.
    record: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    diagnostics: Option<Vec<JsonDiagnostic<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
}

/// The most bytes one record may have; a longer one is an error result,
/// and is skipped without being held in memory.
pub const MAX_RECORD_BYTES: usize = crate::source::DEFAULT_MAX_FILE_SIZE as usize;

/// The next line of `reader` without its line ending: `None` at the end,
/// an error text for a line that is too long or not UTF-8 (the rest of the
/// stream goes on). Memory stays within `limit` whatever the line's length.
fn next_line(
    reader: &mut impl BufRead,
    limit: usize,
) -> io::Result<Option<Result<String, String>>> {
    let mut line = Vec::new();
    let mut too_long = false;
    let mut any = false;
    loop {
        let available = reader.fill_buf()?;
        if available.is_empty() {
            break;
        }
        any = true;
        let (chunk, done) = match available.iter().position(|&byte| byte == b'\n') {
            Some(at) => (available.get(..at).unwrap_or_default(), Some(at + 1)),
            None => (available, None),
        };
        if !too_long {
            if line.len() + chunk.len() > limit {
                too_long = true;
                line = Vec::new();
            } else {
                line.extend_from_slice(chunk);
            }
        }
        let consumed = done.unwrap_or(chunk.len());
        reader.consume(consumed);
        if done.is_some() {
            break;
        }
    }
    if !any {
        return Ok(None);
    }
    if too_long {
        return Ok(Some(Err(format!(
            "record larger than {limit} bytes; not read"
        ))));
    }
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    Ok(Some(String::from_utf8(line).map_err(|error| {
        format!(
            "record is not valid UTF-8 (byte {} of the line)",
            error.utf8_error().valid_up_to()
        )
    })))
}

/// Checks every record of `input` and writes one JSON line per record.
pub fn run(
    linter: &Linter,
    input: impl io::Read,
    format: &Format,
    out: &mut dyn Write,
) -> io::Result<Totals> {
    let mut totals = Totals::default();
    match format {
        Format::Jsonl => {
            let mut reader = io::BufReader::new(input);
            let mut line_number = 0;
            loop {
                let mut batch = Vec::with_capacity(BATCH);
                let mut bytes = 0;
                while batch.len() < BATCH && bytes < BATCH_BYTES {
                    line_number += 1;
                    match next_line(&mut reader, MAX_RECORD_BYTES)? {
                        None => break,
                        // A blank line is no record (a trailing newline, a
                        // separator), not an invalid one.
                        Some(Ok(line)) if line.trim().is_empty() => {}
                        Some(line) => {
                            bytes += line.as_ref().map_or(0, String::len);
                            batch.push((line_number, line));
                        }
                    }
                }
                if batch.is_empty() {
                    break;
                }
                // Records are parsed on the worker threads too: parsing is
                // a good part of the work for short messages.
                check_batch(linter, batch, &mut totals, out, |number, line| match line {
                    Ok(line) => jsonl_record(&line),
                    Err(error) => Record::Invalid {
                        id: Value::from(number),
                        error,
                    },
                })?;
            }
        }
        Format::Csv { column, id_column } => {
            let bounded = Bounded::new(input);
            let budget = bounded.budget.clone();
            let mut reader = csv::ReaderBuilder::new()
                .flexible(true)
                .from_reader(bounded);
            // The header is a record too, with the same bound.
            budget.set(MAX_RECORD_BYTES as u64);
            let headers = reader.headers().map_err(io::Error::other)?.clone();
            let find = |name: &str| headers.iter().position(|header| header == name);
            let missing = |name: &str| {
                let known: Vec<&str> = headers.iter().collect();
                io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!(
                        "no column `{name}` in the CSV header (columns: {})",
                        known.join(", ")
                    ),
                )
            };
            let body_index = find(column).ok_or_else(|| missing(column))?;
            let id_index = match id_column.as_deref() {
                Some(name) => Some(find(name).ok_or_else(|| missing(name))?),
                None => None,
            };
            let mut record = csv::StringRecord::new();
            let mut row = 0;
            loop {
                let mut batch = Vec::with_capacity(BATCH);
                let mut bytes = 0;
                let mut cut = false;
                while batch.len() < BATCH && bytes < BATCH_BYTES {
                    // Each record may take at most MAX_RECORD_BYTES from
                    // the input, counted from where it starts.
                    budget.set(reader.position().byte() + MAX_RECORD_BYTES as u64);
                    match reader.read_record(&mut record) {
                        Ok(false) => break,
                        Ok(true) => {
                            row += 1;
                            bytes += record.as_slice().len();
                            batch.push((row, csv_record(&record, body_index, id_index, row)));
                        }
                        Err(error) => {
                            row += 1;
                            // A record past the bound cannot be skipped
                            // without reading it: the stream stops there,
                            // and says so.
                            cut = budget.exceeded();
                            let error = if cut {
                                format!(
                                    "record larger than {MAX_RECORD_BYTES} bytes; not read, and the records after it were not checked"
                                )
                            } else {
                                format!("invalid CSV: {error}")
                            };
                            batch.push((
                                row,
                                Record::Invalid {
                                    id: Value::from(row),
                                    error,
                                },
                            ));
                            if cut {
                                break;
                            }
                        }
                    }
                }
                if batch.is_empty() {
                    break;
                }
                check_batch(linter, batch, &mut totals, out, |_, record| record)?;
                if cut {
                    break;
                }
            }
        }
    }
    out.flush()?;
    Ok(totals)
}

/// A reader that fails once it has given more bytes than its budget: what
/// bounds one CSV record, which the `csv` crate would otherwise grow
/// without end.
pub(crate) struct Bounded<R> {
    inner: R,
    read: u64,
    pub(crate) budget: Budget,
}

/// The input offset a [`Bounded`] reader may not read past, set before each
/// record; shared with the loop that reads the records.
#[derive(Clone, Default)]
pub(crate) struct Budget(std::rc::Rc<std::cell::Cell<(u64, bool)>>);

impl Budget {
    pub(crate) fn set(&self, limit: u64) {
        self.0.set((limit, false));
    }

    /// Whether the reader stopped at the limit.
    pub(crate) fn exceeded(&self) -> bool {
        self.0.get().1
    }
}

impl<R> Bounded<R> {
    pub(crate) fn new(inner: R) -> Bounded<R> {
        Bounded {
            inner,
            read: 0,
            budget: Budget::default(),
        }
    }
}

impl<R: io::Read> io::Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let (limit, _) = self.budget.0.get();
        // The CSV reader reads ahead by its buffer: a record is cut a
        // buffer's length past its bound at most.
        if self.read > limit {
            self.budget.0.set((limit, true));
            return Err(io::Error::other("record too large"));
        }
        let count = self.inner.read(buf)?;
        self.read += count as u64;
        Ok(count)
    }
}

/// The fields a JSONL record may have (each read by `jsonl_record`).
const RECORD_FIELDS: &[&str] = &["id", "body", "use_case", "brand", "locale"];

fn jsonl_record(line: &str) -> Record {
    let value: Value = match serde_json::from_str(line) {
        Ok(value) => value,
        Err(error) => {
            return Record::Invalid {
                id: Value::Null,
                error: format!("invalid JSON: {error}"),
            }
        }
    };
    // One walk over the record's fields, moving each out (a lookup per
    // field and a copy of the body were a tenth of a stream's parsing).
    let (mut id, mut body, mut use_case, mut brand, mut locale) =
        (Value::Null, None, None, None, None);
    let mut misspelt = None;
    let fields = match value {
        Value::Object(object) => object,
        _ => serde_json::Map::new(),
    };
    for (key, field) in fields {
        match key.as_str() {
            "id" => id = field,
            "body" => body = Some(field),
            "use_case" => use_case = Some(field),
            "brand" => brand = Some(field),
            "locale" => locale = Some(field),
            _ if misspelt.is_none() => misspelt = near_field(&key),
            _ => {}
        }
    }
    let invalid = |error: String| Record::Invalid {
        id: id.clone(),
        error,
    };
    if let Some(error) = misspelt {
        return invalid(error);
    }
    let text = |name: &str, field: Option<Value>| match field {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(_) => Err(format!("`{name}` must be a string")),
    };
    let (use_case, brand, locale) = match (
        text("use_case", use_case),
        text("brand", brand),
        text("locale", locale),
    ) {
        (Ok(use_case), Ok(brand), Ok(locale)) => (use_case, brand, locale),
        (Err(error), _, _) | (_, Err(error), _) | (_, _, Err(error)) => return invalid(error),
    };
    let Some(Value::String(body)) = body else {
        return invalid("the record has no string `body`".to_owned());
    };
    if let Some(Err(error)) = use_case.as_deref().map(crate::context::parse_use_case) {
        return invalid(format!("use_case: {error}"));
    }
    if let Some(Err(error)) = locale.as_deref().map(crate::context::parse_locale) {
        return invalid(format!("locale: {error}"));
    }
    Record::Message {
        id,
        message: Message {
            body,
            use_case,
            brand,
            locale,
        },
    }
}

/// The error for a field that reads as a misspelling of a known one. A
/// misspelt field or use case would otherwise lint the record under no use
/// case and pass it: the gate must say so. Fields far from every known one
/// (a log's `to`, `from`, `sid`) are the record's own business.
fn near_field(key: &str) -> Option<String> {
    let written = key.to_ascii_lowercase().replace('-', "_");
    RECORD_FIELDS
        .iter()
        .find(|known| {
            // `sid` and `to` are not typos of `id`: short names must
            // differ in case only.
            written == **known || (known.len() >= 4 && strsim::levenshtein(&written, known) <= 2)
        })
        .map(|known| format!("unknown field `{key}`; did you mean `{known}`?"))
}

fn csv_record(record: &csv::StringRecord, body: usize, id: Option<usize>, row: usize) -> Record {
    let id = id
        .and_then(|index| record.get(index))
        .map_or_else(|| Value::from(row), Value::from);
    match record.get(body) {
        Some(body) => Record::Message {
            id,
            message: Message::new(body),
        },
        None => Record::Invalid {
            id,
            error: "the record has no value in the message column".to_owned(),
        },
    }
}

/// Reads, checks and renders a batch of (record number, input) in parallel
/// (`record` turns an input into a record) and writes the result lines in
/// input order.
fn check_batch<T: Send>(
    linter: &Linter,
    batch: Vec<(usize, T)>,
    totals: &mut Totals,
    out: &mut dyn Write,
    record: impl Fn(usize, T) -> Record + Sync,
) -> io::Result<()> {
    let checked: Vec<io::Result<Checked>> = batch
        .into_par_iter()
        .map(|(number, input)| check_record(linter, number, record(number, input)))
        .collect();
    for checked in checked {
        let checked = checked?;
        totals.records += 1;
        totals.errors += usize::from(checked.invalid);
        totals.worst = totals.worst.max(checked.worst);
        out.write_all(&checked.line)?;
    }
    Ok(())
}

/// One record's result line, and what it adds to the totals.
struct Checked {
    line: Vec<u8>,
    worst: Option<Severity>,
    invalid: bool,
}

fn check_record(linter: &Linter, number: usize, record: Record) -> io::Result<Checked> {
    let (line, worst, invalid) = match &record {
        Record::Message { id, message } => {
            let diagnostics = linter.check_rendered(message);
            let positions = Positions::new(&message.body);
            let line = ResultLine {
                id,
                record: number,
                diagnostics: Some(
                    diagnostics
                        .iter()
                        .map(|diagnostic| JsonDiagnostic::new(&positions, None, diagnostic))
                        .collect(),
                ),
                error: None,
            };
            let worst = diagnostics
                .iter()
                .map(|diagnostic| diagnostic.severity)
                .max();
            (serde_json::to_vec(&line), worst, false)
        }
        Record::Invalid { id, error } => {
            let line = ResultLine {
                id,
                record: number,
                diagnostics: None,
                error: Some(error),
            };
            (serde_json::to_vec(&line), None, true)
        }
    };
    let mut line = line.map_err(io::Error::other)?;
    line.push(b'\n');
    Ok(Checked {
        line,
        worst,
        invalid,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every field the list names is read, not taken for a misspelling of
    /// itself.
    #[test]
    fn every_known_field_is_read() {
        for field in RECORD_FIELDS.iter().filter(|field| **field != "body") {
            let line = format!(r#"{{"body": "Acme: hi", "{field}": null}}"#);
            assert!(
                matches!(jsonl_record(&line), Record::Message { .. }),
                "{field}"
            );
        }
        let misspelt = jsonl_record(r#"{"body": "Acme: hi", "locle": "en"}"#);
        assert!(matches!(misspelt, Record::Invalid { error, .. } if error.contains("`locale`")));
    }
}
