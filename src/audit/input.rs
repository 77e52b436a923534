//! Reads message logs, streaming: Twilio's Bulk Export day files (gzip, one
//! JSON record a line), the Messages API's pages (one page a file or a
//! line), the Console's CSV export, and other providers' JSONL or CSV
//! through a column mapping. gzip is told by its magic bytes, not its name.

use std::borrow::Cow;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use flate2::read::MultiGzDecoder;
use serde_json::Value;

use super::record::{RawRecord, Record, FIELDS};

/// The most bytes one record (a line, a CSV row) may have; a longer one is
/// a record error, skipped without being held in memory.
pub const MAX_RECORD_BYTES: usize = 1 << 20;

/// The most bytes of a log that is one JSON document (a pretty-printed API
/// page, an array of records), which is parsed whole: a parsed document
/// takes about nine times its size (an API page of 1,000 messages is
/// 400 KB). Larger exports are one record a line.
pub const MAX_DOCUMENT_BYTES: u64 = 32 << 20;

/// What a log's records are called by: `--column FIELD=NAME` pairs, FIELD
/// one of [`FIELDS`], NAME a JSON key or CSV header. Fields not mapped are
/// found under Twilio's names (`date_sent`, `DateSent`, `SentDate`, …).
#[derive(Clone, Debug, Default)]
pub struct Columns(pub Vec<(String, String)>);

impl Columns {
    /// Parses `FIELD=NAME`, saying which fields exist when FIELD is none.
    pub fn parse(pairs: &[String]) -> Result<Columns, String> {
        let mut columns = Vec::new();
        for pair in pairs {
            let (field, name) = pair
                .split_once('=')
                .ok_or_else(|| format!("`{pair}` is not FIELD=NAME"))?;
            let field = field.trim();
            if !FIELDS.contains(&field) {
                return Err(format!(
                    "`{field}` is no record field (fields: {})",
                    FIELDS.join(", ")
                ));
            }
            columns.push((field.to_owned(), name.trim().to_owned()));
        }
        Ok(Columns(columns))
    }

    /// The names a field may be found under in a CSV header, compared
    /// without case, `_` or spaces: the mapped one alone, or Twilio's.
    fn names(&self, field: &str) -> Vec<String> {
        if let Some((_, name)) = self.0.iter().find(|(mapped, _)| mapped == field) {
            return vec![normalized(name)];
        }
        let aliases: &[&str] = match field {
            "sid" => &["messagesid"],
            "body" => &[],
            "num_segments" => &["segments"],
            "price_unit" => &["priceunits"],
            "date_sent" => &["sentdate"],
            "date_created" => &["createddate"],
            _ => &[],
        };
        std::iter::once(normalized(field))
            .chain(aliases.iter().map(|alias| (*alias).to_owned()))
            .collect()
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

fn normalized(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

impl Item<'_> {
    /// The item with its record's text copied out of the line.
    pub fn into_owned(self) -> Item<'static> {
        match self {
            Item::Record { line, record } => Item::Record {
                line,
                record: record.into_owned(),
            },
            Item::Invalid { line, error, text } => Item::Invalid { line, error, text },
        }
    }
}

/// What reading a log yields, in the log's order.
#[derive(Debug)]
pub enum Item<'a> {
    /// A record and the 1-based line it starts on (of the decompressed
    /// text; in a JSON document, the line that holds its sid).
    Record { line: u64, record: Record<'a> },
    /// A record that cannot be audited, why, and the start of its text
    /// as reports may show it (numbers masked; empty where there is none).
    Invalid {
        line: u64,
        error: String,
        text: String,
    },
}

/// Reads every record of the log at `path`, handing each to `sink`.
/// A file that cannot be opened or read is an `Err`; a truncated gzip
/// member or a broken line is an [`Item::Invalid`], and what came before it
/// still counts.
pub fn read(path: &Path, columns: &Columns, sink: &mut dyn FnMut(Item)) -> Result<(), String> {
    let file = File::open(path).map_err(|error| error.to_string())?;
    let mut raw = BufReader::with_capacity(1 << 16, file);
    let gzip = raw
        .fill_buf()
        .map_err(|e| e.to_string())?
        .starts_with(&[0x1f, 0x8b]);
    let reader: Box<dyn BufRead> = if gzip {
        Box::new(BufReader::with_capacity(1 << 16, MultiGzDecoder::new(raw)))
    } else {
        Box::new(raw)
    };
    read_from(reader, columns, sink)
}

fn read_from(
    mut reader: Box<dyn BufRead>,
    columns: &Columns,
    sink: &mut dyn FnMut(Item),
) -> Result<(), String> {
    // A byte-order mark and blank lines before the first record tell
    // nothing of the format; the lines are counted.
    let mut blank = 0u64;
    let first = loop {
        let buffer = match reader.fill_buf() {
            Ok(buffer) => buffer,
            Err(error) => {
                sink(broken(1, &error));
                return Ok(());
            }
        };
        let Some(&first) = buffer.first() else {
            return Ok(());
        };
        if buffer.starts_with("\u{feff}".as_bytes()) {
            reader.consume(3);
        } else if first.is_ascii_whitespace() {
            blank += u64::from(first == b'\n');
            reader.consume(1);
        } else {
            break first;
        }
    };
    match first {
        b'{' => json_lines(reader, columns, blank, sink),
        b'[' => {
            document(reader, columns, blank + 1, sink);
            Ok(())
        }
        _ => csv(reader, columns, blank, sink),
    }
}

/// The item for a read that failed: a truncated gzip member ends the file.
fn broken(line: u64, error: &io::Error) -> Item<'static> {
    let error = if error.kind() == io::ErrorKind::UnexpectedEof {
        "the file ends inside a gzip member (a truncated download?); the records before it were read"
            .to_owned()
    } else {
        format!("cannot read on: {error}")
    };
    Item::Invalid {
        line,
        error,
        text: String::new(),
    }
}

/// One JSON record a line (or one document, see below); `number`: the
/// lines before the first.
fn json_lines(
    mut reader: Box<dyn BufRead>,
    columns: &Columns,
    mut number: u64,
    sink: &mut dyn FnMut(Item),
) -> Result<(), String> {
    // Lines are parsed where they lie in a buffer that holds the longest
    // record allowed: no copy per line.
    let mut buffer = vec![0u8; MAX_RECORD_BYTES + 1];
    let mut filled = 0usize;
    let first = number + 1;
    // Inside a line longer than the buffer, skipped to its end.
    let mut skipping = false;
    loop {
        let read = match reader.read(buffer.get_mut(filled..).unwrap_or_default()) {
            Ok(read) => read,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => {
                sink(broken(number + 1, &error));
                return Ok(());
            }
        };
        let end = filled + read;
        let mut start = 0;
        loop {
            let rest = buffer.get(start..end).unwrap_or_default();
            let (line, next) = match memchr(rest) {
                Some(at) => (rest.get(..at).unwrap_or_default(), start + at + 1),
                // The input's last line has no line break.
                None if read == 0 && !rest.is_empty() => (rest, end),
                None => break,
            };
            number += 1;
            if std::mem::take(&mut skipping) {
                sink(too_long(number));
            } else {
                let trimmed = line.trim_ascii();
                // A pretty-printed page starts with a line that opens an
                // object and does not close it: `{`, or `{"messages": [`.
                // A broken record (cut short) is one line's error.
                let opens_page =
                    || trimmed == b"{" || (holds_messages_key(trimmed) && !trimmed.ends_with(b"}"));
                if number == first && opens_page() {
                    let text = buffer.get(start..end).unwrap_or_default().to_vec();
                    let rest = io::Cursor::new(text).chain(reader);
                    document(Box::new(BufReader::new(rest)), columns, first, sink);
                    return Ok(());
                }
                if !trimmed.is_empty() {
                    json_line(trimmed, number, columns, sink);
                }
            }
            start = next;
        }
        if read == 0 {
            if skipping {
                sink(too_long(number + 1));
            }
            return Ok(());
        }
        buffer.copy_within(start..end, 0);
        filled = end - start;
        if filled == buffer.len() {
            // A line longer than any record may be: skipped, and said.
            skipping = true;
            filled = 0;
        }
    }
}

fn too_long(line: u64) -> Item<'static> {
    Item::Invalid {
        line,
        error: format!("record larger than {MAX_RECORD_BYTES} bytes; not read"),
        text: String::new(),
    }
}

fn memchr(bytes: &[u8]) -> Option<usize> {
    memchr::memchr(b'\n', bytes)
}

/// Whether a JSON line holds an API page's `"messages"` key. The finder is
/// built once: building one per line was a twentieth of an audit.
fn holds_messages_key(haystack: &[u8]) -> bool {
    static KEY: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"\"messages\""));
    KEY.find(haystack).is_some()
}

fn json_line(line: &[u8], number: u64, columns: &Columns, sink: &mut dyn FnMut(Item)) {
    // A line that holds an API page (`{"messages": [...], ...}`) is read as
    // the page's records: the record's parse notes the key, so that a line
    // is searched for it only when it does not parse as a record.
    if columns.is_empty() {
        // A line of valid UTF-8 is checked once, not string by string.
        let parsed = match std::str::from_utf8(line) {
            Ok(text) => serde_json::from_str::<RawRecord>(text),
            Err(_) => serde_json::from_slice::<RawRecord>(line),
        };
        let item = match parsed {
            Ok(raw) if !raw.messages => Some(checked(number, raw, line)),
            Ok(_) => None,
            // A page whose other keys are no record's values (`"status":
            // {"code": 200}`), or an array of pages: read as a page.
            Err(_) if holds_messages_key(line) => None,
            Err(error) => Some(Item::Invalid {
                line: number,
                error: format!("not a JSON record: {error}"),
                text: excerpt(line),
            }),
        };
        if let Some(item) = item {
            sink(item);
            return;
        }
    }
    match serde_json::from_slice::<Value>(line) {
        Ok(value) => values(value, columns, number, None, sink),
        Err(error) => sink(Item::Invalid {
            line: number,
            error: format!("not a JSON record: {error}"),
            text: excerpt(line),
        }),
    }
}

fn checked<'a>(line: u64, raw: RawRecord<'a>, text: &[u8]) -> Item<'a> {
    match raw.check() {
        Ok(record) => Item::Record { line, record },
        Err(error) => Item::Invalid {
            line,
            error,
            text: excerpt(text),
        },
    }
}

/// The first 200 bytes of a record's text, numbers masked, on one line.
fn excerpt(text: &[u8]) -> String {
    let text = String::from_utf8_lossy(text.get(..200).unwrap_or(text));
    super::phone::mask_text(&text.replace(['\n', '\r', '\t'], " "))
}

/// A whole JSON document: an API page, or an array of records.
fn document(reader: Box<dyn BufRead>, columns: &Columns, line: u64, sink: &mut dyn FnMut(Item)) {
    let mut text = Vec::new();
    let read = reader.take(MAX_DOCUMENT_BYTES + 1).read_to_end(&mut text);
    if let Err(error) = read {
        sink(broken(line, &error));
        return;
    }
    if text.len() as u64 > MAX_DOCUMENT_BYTES {
        sink(Item::Invalid {
            line,
            error: format!(
                "a JSON document larger than {MAX_DOCUMENT_BYTES} bytes; export one record a line (JSONL) instead"
            ),
            text: String::new(),
        });
        return;
    }
    match serde_json::from_slice::<Value>(&text) {
        Ok(value) => values(value, columns, line, Some(&text), sink),
        Err(error) => sink(Item::Invalid {
            line: line - 1 + error.line() as u64,
            error: format!("not JSON: {error}"),
            text: String::new(),
        }),
    }
}

/// The records of a parsed JSON value: a record, a page's `messages`, or an
/// array. `text`: the document, to find each record's line by its sid.
fn values(
    value: Value,
    columns: &Columns,
    line: u64,
    text: Option<&[u8]>,
    sink: &mut dyn FnMut(Item),
) {
    let records = match value {
        Value::Object(mut object) => match object.remove("messages") {
            Some(Value::Array(records)) => records,
            Some(_) => {
                sink(Item::Invalid {
                    line,
                    error: "`messages` is not a list of records".into(),
                    text: String::new(),
                });
                return;
            }
            None => vec![Value::Object(object)],
        },
        Value::Array(records) => records,
        _ => {
            sink(Item::Invalid {
                line,
                error: "neither a record nor a page of records".into(),
                text: String::new(),
            });
            return;
        }
    };
    let mut place = Place { at: 0, line };
    for record in records {
        let Value::Object(object) = record else {
            sink(Item::Invalid {
                line,
                error: "a page entry that is not a record".into(),
                text: String::new(),
            });
            continue;
        };
        let mut raw = RawRecord::default();
        for field in FIELDS {
            let name = columns
                .0
                .iter()
                .find(|(mapped, _)| mapped == field)
                .map_or(*field, |(_, name)| name.as_str());
            let value = match object.get(name) {
                Some(Value::String(text)) => Cow::Owned(text.clone()),
                Some(Value::Null) | None => continue,
                Some(other) => Cow::Owned(other.to_string()),
            };
            raw.set(field, value);
        }
        let at = match (text, &raw.sid) {
            (Some(text), Some(sid)) if !sid.is_empty() => place.line_of(text, sid.as_bytes()),
            _ => line,
        };
        // A mapped name the record lacks is the mapping's mistake: named.
        let unmapped = [("to", &raw.to), ("from", &raw.from)]
            .into_iter()
            .filter(|(_, value)| value.is_none())
            .find_map(|(field, _)| {
                columns
                    .0
                    .iter()
                    .find(|(mapped, _)| mapped == field)
                    .map(|(_, name)| format!("no `{name}` (mapped to `{field}`)"))
            });
        match unmapped {
            Some(error) => sink(Item::Invalid {
                line: at,
                error,
                text: String::new(),
            }),
            None => sink(checked(at, raw, b"")),
        }
    }
}

/// Where the last record of a document was found: the next is searched for
/// from there on, so finding every record's line is one pass over the
/// document, not one pass per record.
struct Place {
    at: usize,
    line: u64,
}

impl Place {
    /// The line of the next occurrence of `needle`; the last line found
    /// when it is not further on (a sid out of order).
    fn line_of(&mut self, text: &[u8], needle: &[u8]) -> u64 {
        let rest = text.get(self.at..).unwrap_or_default();
        if let Some(found) = memchr::memmem::find(rest, needle) {
            let skipped = rest.get(..found).unwrap_or_default();
            self.line += memchr::memchr_iter(b'\n', skipped).count() as u64;
            self.at += found;
        }
        self.line
    }
}

/// A CSV with a header; `blank`: the lines before the header.
fn csv(
    reader: Box<dyn BufRead>,
    columns: &Columns,
    blank: u64,
    sink: &mut dyn FnMut(Item),
) -> Result<(), String> {
    let lines = LineIndex::default();
    let counted = Newlines {
        inner: reader,
        at: 0,
        index: lines.clone(),
    };
    let bounded = crate::stream::Bounded::new(counted);
    let budget = bounded.budget.clone();
    let mut csv = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(bounded);
    budget.set(MAX_RECORD_BYTES as u64);
    let headers = csv
        .headers()
        .map_err(|error| format!("neither JSON nor a CSV with a header: {error}"))?
        .clone();
    let found: Vec<(&str, usize)> = FIELDS
        .iter()
        .filter_map(|field| {
            let names = columns.names(field);
            headers
                .iter()
                .position(|header| names.contains(&normalized(header)))
                .map(|index| (*field, index))
        })
        .collect();
    for needed in ["to", "from"] {
        if !found.iter().any(|(field, _)| *field == needed) {
            let known: Vec<&str> = headers.iter().collect();
            if let Some((_, name)) = columns.0.iter().find(|(field, _)| field == needed) {
                return Err(format!(
                    "no column `{name}` (mapped to `{needed}`) in the CSV header ({})",
                    super::phone::mask_text(&known.join(", "))
                ));
            }
            // A file without a header has a record there: masked.
            return Err(format!(
                "no `{needed}` column in the CSV header ({}); map it with --column {needed}=NAME",
                super::phone::mask_text(&known.join(", "))
            ));
        }
    }
    let mut row = csv::StringRecord::new();
    loop {
        budget.set(csv.position().byte() + MAX_RECORD_BYTES as u64);
        let next = csv.position().byte();
        match csv.read_record(&mut row) {
            Ok(false) => return Ok(()),
            Ok(true) => {
                // Counted here from where the record ends (the `csv` crate
                // miscounts lines after a CRLF or a blank line, and puts a
                // record's start before the blank lines it skips): the
                // line of its last byte, less the line breaks inside its
                // quoted fields.
                let end = csv.position().byte();
                let inside: usize = row
                    .iter()
                    .map(|field| memchr::memchr_iter(b'\n', field.as_bytes()).count())
                    .sum();
                let line = blank
                    + lines
                        .line_at(end.saturating_sub(1))
                        .saturating_sub(inside as u64);
                let mut raw = RawRecord::default();
                for (field, index) in &found {
                    if let Some(value) = row.get(*index) {
                        raw.set(field, Cow::Borrowed(value));
                    }
                }
                let text = row.iter().collect::<Vec<_>>().join(",");
                sink(checked(line, raw, text.as_bytes()));
            }
            Err(error) => {
                let line = blank + lines.line_at(next);
                let (error, fatal) = if budget.exceeded() {
                    (
                        format!("record larger than {MAX_RECORD_BYTES} bytes: the rest of the file is not read (a CSV field cannot be resynchronised)"),
                        true,
                    )
                } else if let csv::ErrorKind::Io(io) = error.kind() {
                    sink(broken(line, io));
                    return Ok(());
                } else {
                    (format!("not a CSV record: {error}"), false)
                };
                sink(Item::Invalid {
                    line,
                    error,
                    text: String::new(),
                });
                if fatal {
                    return Ok(());
                }
            }
        }
    }
}

/// Where the line breaks a [`Newlines`] reader passed are, for the lines
/// of the records read from it: the breaks before the last record asked
/// about are only counted, so memory stays within what is read ahead.
#[derive(Clone, Default)]
struct LineIndex(std::rc::Rc<std::cell::RefCell<(u64, std::collections::VecDeque<u64>)>>);

impl LineIndex {
    /// The 1-based line of byte `at`; `at` never decreases between calls.
    fn line_at(&self, at: u64) -> u64 {
        let mut index = self.0.borrow_mut();
        let (before, pending) = &mut *index;
        while pending.front().is_some_and(|&newline| newline < at) {
            pending.pop_front();
            *before += 1;
        }
        *before + 1
    }
}

/// A reader that notes where the line breaks it passes are.
struct Newlines<R> {
    inner: R,
    /// Bytes passed so far.
    at: u64,
    index: LineIndex,
}

impl<R: Read> Read for Newlines<R> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let count = self.inner.read(buffer)?;
        let read = buffer.get(..count).unwrap_or_default();
        let mut index = self.index.0.borrow_mut();
        index
            .1
            .extend(memchr::memchr_iter(b'\n', read).map(|at| self.at + at as u64));
        self.at += count as u64;
        Ok(count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(text: &[u8]) -> Vec<Item<'static>> {
        let mut items = Vec::new();
        read_from(
            Box::new(io::Cursor::new(text.to_vec())),
            &Columns::default(),
            &mut |item| items.push(item.into_owned()),
        )
        .unwrap();
        items
    }

    fn lines(items: &[Item]) -> Vec<(u64, bool)> {
        items
            .iter()
            .map(|item| match item {
                Item::Record { line, .. } => (*line, true),
                Item::Invalid { line, .. } => (*line, false),
            })
            .collect()
    }

    #[test]
    fn jsonl_pages_and_csv_give_the_same_record() {
        let jsonl = br#"{"sid":"SM1","from":"+15550001111","to":"+15550002222","body":"Hi, there","direction":"outbound-api","date_sent":"2024-03-05T14:02:11Z"}"#;
        let page = br#"{
  "messages": [
    {"sid": "SM1", "from": "+15550001111", "to": "+15550002222", "body": "Hi, there",
     "direction": "outbound-api", "date_sent": "Tue, 05 Mar 2024 14:02:11 +0000"}
  ],
  "next_page_uri": null
}"#;
        let csv = b"Sid,From,To,Body,Direction,SentDate\nSM1,+15550001111,+15550002222,\"Hi, there\",outbound-api,2024-03-05 14:02:11\n";
        for (text, line) in [(&jsonl[..], 1), (&page[..], 3), (&csv[..], 2)] {
            let items = items(text);
            let [Item::Record { line: at, record }] = items.as_slice() else {
                panic!("{items:?}");
            };
            assert_eq!((&*record.sid, &*record.body), ("SM1", "Hi, there"));
            assert_eq!(record.time.to_string(), "2024-03-05T14:02:11Z");
            assert_eq!(*at, line);
        }
    }

    #[test]
    fn broken_records_are_errors_at_their_line_and_the_rest_is_read() {
        let text = concat!(
            r#"{"sid":"SM1","from":"+1","to":"+2","date_sent":"2024-03-05T14:02:11Z"}"#,
            "\n{\"sid\": \n\n",
            r#"{"sid":"SM3","from":"+1","to":"+2","date_sent":"not a date"}"#,
            "\n",
            r#"{"sid":"SM4","from":"+1","to":"+2","date_sent":"2024-03-05T14:02:11Z"}"#,
        );
        assert_eq!(
            lines(&items(text.as_bytes())),
            [(1, true), (2, false), (4, false), (5, true)]
        );
    }

    #[test]
    fn a_line_longer_than_a_record_may_be_is_skipped_and_said() {
        let record = r#"{"sid":"SM1","from":"+1","to":"+2","date_sent":"2024-03-05T14:02:11Z"}"#;
        for long in [MAX_RECORD_BYTES + 1, 3 * MAX_RECORD_BYTES + 17] {
            let text = format!(
                "{record}\n{{\"body\":\"{}\"}}\n{record}\n{record}",
                "x".repeat(long)
            );
            assert_eq!(
                lines(&items(text.as_bytes())),
                [(1, true), (2, false), (3, true), (4, true)],
                "{long}"
            );
        }
        // A line that ends right at the buffer's end is read whole.
        let padded = format!("{{\"sid\":\"SM1\",\"from\":\"+1\",\"to\":\"+2\",\"date_sent\":\"2024-03-05T14:02:11Z\",\"body\":\"{}\"}}", "y".repeat(MAX_RECORD_BYTES - 120));
        let text = format!("{padded}\n{record}\n");
        assert_eq!(lines(&items(text.as_bytes())), [(1, true), (2, true)]);
    }

    #[test]
    fn a_truncated_gzip_member_keeps_what_came_before() {
        use std::io::Write;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        for n in 0..200 {
            writeln!(
                encoder,
                r#"{{"sid":"SM{n}","from":"+1","to":"+2","body":"message number {n} of many","date_sent":"2024-03-05T14:02:11Z"}}"#
            )
            .unwrap();
        }
        let whole = encoder.finish().unwrap();
        let cut = whole[..whole.len() * 2 / 3].to_vec();
        let mut items = Vec::new();
        let reader = BufReader::new(MultiGzDecoder::new(io::Cursor::new(cut)));
        read_from(Box::new(reader), &Columns::default(), &mut |item| {
            items.push(item.into_owned())
        })
        .unwrap();
        let read = lines(&items);
        let (last, rest) = read.split_last().unwrap();
        assert!(!last.1, "the cut is an error");
        assert!(
            rest.len() > 10 && rest.iter().all(|(_, ok)| *ok),
            "{read:?}"
        );
    }

    #[test]
    fn csv_lines_are_counted_through_crlf_and_blank_lines() {
        let text = "Sid,From,To,SentDate\r\nSM1,+1,+2,2024-03-05 14:02:11\r\n\r\nSM2,+1,+2,2024-03-05 14:02:11\r\nSM3,+1,+2,not a date\r\n";
        assert_eq!(
            lines(&items(text.as_bytes())),
            [(2, true), (4, true), (5, false)]
        );
        let quoted = "Sid,From,To,Body,SentDate\nSM1,+1,+2,\"two\nlines\",2024-03-05 14:02:11\nSM2,+1,+2,one,2024-03-05 14:02:11";
        assert_eq!(lines(&items(quoted.as_bytes())), [(2, true), (4, true)]);
    }

    #[test]
    fn a_mapping_names_another_providers_columns() {
        let text = b"id,sender,recipient,text,sent_at\n7,+15550001111,+15550002222,Hello,2024-03-05T14:02:11Z\n";
        let columns = Columns::parse(&[
            "sid=id".into(),
            "from=sender".into(),
            "to=recipient".into(),
            "body=text".into(),
            "date_sent=sent_at".into(),
        ])
        .unwrap();
        let mut items = Vec::new();
        read_from(
            Box::new(io::Cursor::new(text.to_vec())),
            &columns,
            &mut |item| items.push(item.into_owned()),
        )
        .unwrap();
        let [Item::Record { record, .. }] = items.as_slice() else {
            panic!("{items:?}");
        };
        assert_eq!((&*record.sid, &*record.to), ("7", "+15550002222"));
        assert!(Columns::parse(&["recipient=to".into()]).is_err());
    }
}
