//! Sent bodies grouped into the templates they came from: what varies per
//! recipient (numbers, amounts, codes, links, e-mail addresses, the name
//! after a greeting) is masked, and bodies that then read the same are one
//! template, linted once.

use std::hash::BuildHasher;

use jiff::Timestamp;

use super::record::Record;
use super::traffic::{evidence, Evidence, Part};
use super::Map;

/// The most templates an audit keeps; bodies beyond them are counted as
/// untemplated (a log of free-form conversation has no templates, and
/// memory must not grow with its messages).
pub const MAX_TEMPLATES: usize = 10_000;

/// The most bytes of a body kept as a template's example and key (Twilio
/// refuses a body over 1,600 characters, 21617): with [`MAX_TEMPLATES`] and
/// the files read at once, what bounds the templates' memory whatever the
/// log holds (8 files x 10,000 x 4 KB at the very most).
pub const MAX_TEMPLATE_BYTES: usize = 2 * 1024;

/// Distinct hashes a template keeps to estimate its recipients: exact up to
/// this many, estimated within a few percent beyond.
const SKETCH: usize = 256;

/// One template and what it reached.
#[derive(Clone, Debug)]
pub struct Template {
    /// The template, what varies masked (`Your code is #. Reply STOP…`).
    pub key: String,
    /// The first body sent from it, as sent: what is linted.
    pub example: String,
    /// Messages sent from it.
    pub messages: u64,
    /// Its earliest and latest send.
    pub first: Timestamp,
    pub last: Timestamp,
    pub evidence: Evidence,
    /// The Messaging Service of its first message: the campaign it is
    /// linted under.
    pub service: Option<String>,
    recipients: Sketch,
}

impl Template {
    /// How many distinct recipients it reached (estimated beyond a few
    /// hundred).
    pub fn recipients(&self) -> u64 {
        self.recipients.estimate()
    }

    /// Its example as reports show it: one line (line breaks become
    /// spaces) with numbers masked, byte for byte, so that the spans of
    /// what the lint found in the example stay valid in it.
    pub fn shown(&self) -> String {
        super::phone::mask_text(&self.example.replace(['\n', '\r'], " "))
    }
}

/// The templates of an audit.
#[derive(Default)]
pub struct Templates {
    pub templates: Map<String, Template>,
    /// Outbound messages not counted in a template (past [`MAX_TEMPLATES`]).
    pub untemplated: u64,
}

impl Templates {
    pub fn add(&mut self, file: usize, line: u64, record: &Record) {
        let body = clipped(&record.body);
        let key = template_of(body);
        let count = self.templates.len();
        let template = match self.templates.get_mut(&key) {
            Some(template) => template,
            None if count >= MAX_TEMPLATES => {
                self.untemplated += 1;
                return;
            }
            None => self
                .templates
                .entry(key.clone())
                .or_insert_with(|| Template {
                    key,
                    example: body.to_owned(),
                    messages: 0,
                    first: record.time,
                    last: record.time,
                    evidence: evidence(file, line, record, Part::Body),
                    service: record.service.as_deref().map(str::to_owned),
                    recipients: Sketch::default(),
                }),
        };
        template.messages += 1;
        template.first = template.first.min(record.time);
        template.last = template.last.max(record.time);
        template.recipients.add(&record.to);
    }

    /// Adds the templates of a later log file: a template both hold keeps
    /// the earlier one's example and evidence.
    pub fn merge(&mut self, later: Templates) {
        self.untemplated += later.untemplated;
        // In the order the later file first sent them, not the map's: which
        // templates fit under the cap must not change from run to run.
        let mut templates: Vec<(String, Template)> = later.templates.into_iter().collect();
        templates.sort_by_key(|(_, template)| (template.evidence.file, template.evidence.line));
        for (key, template) in templates {
            let count = self.templates.len();
            match self.templates.get_mut(&key) {
                Some(mine) => {
                    mine.messages += template.messages;
                    mine.first = mine.first.min(template.first);
                    mine.last = mine.last.max(template.last);
                    mine.recipients.merge(&template.recipients);
                }
                None if count >= MAX_TEMPLATES => self.untemplated += template.messages,
                None => {
                    self.templates.insert(key, template);
                }
            }
        }
    }

    /// The templates, most sent first, then by text.
    pub fn ranked(&self) -> Vec<&Template> {
        let mut ranked: Vec<&Template> = self.templates.values().collect();
        ranked.sort_by(|a, b| b.messages.cmp(&a.messages).then_with(|| a.key.cmp(&b.key)));
        ranked
    }
}

/// At most [`MAX_TEMPLATE_BYTES`] of `body`, cut on a character.
fn clipped(body: &str) -> &str {
    let mut end = body.len().min(MAX_TEMPLATE_BYTES);
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    body.get(..end).unwrap_or(body)
}

/// The template a body was most likely rendered from: its words, with
/// links, e-mail addresses, numbers (with their separators and currency:
/// `$1,234.50`, `10:30`, `3/14`), codes mixing capitals and digits
/// (`AB12CD`) and the name after a greeting (`Hi Dana,`) masked. One pass
/// over the words: it runs on every outbound message of a log.
pub fn template_of(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut words = Words { body, at: 0 }.peekable();
    let capitalised = |word: &str| {
        let mut letters = word.chars().filter(|c| c.is_alphabetic());
        letters.next().is_some_and(char::is_uppercase) && letters.any(char::is_lowercase)
    };
    // A message that opens on a capitalised word and a comma names its
    // reader: "Dana, your table is ready".
    if let Some((_, first, _)) = words.peek() {
        if first.ends_with(',') && capitalised(first) {
            out.push_str("<name>,");
            words.next();
        }
    }
    // Plain words one space apart are copied as one run of the body.
    let mut run: Option<std::ops::Range<usize>> = None;
    while let Some((start, word, kinds)) = words.next() {
        let greeting = (2..=5).contains(&word.len())
            && ["hi", "hello", "hey", "dear"]
                .iter()
                .any(|greeting| word.eq_ignore_ascii_case(greeting));
        let end = start + word.len();
        if kinds == 0 && !greeting {
            match &mut run {
                Some(run)
                    if run.end + 1 == start && body.as_bytes().get(run.end) == Some(&b' ') =>
                {
                    run.end = end;
                }
                _ => {
                    flush(&mut out, body, run.take());
                    if !out.is_empty() {
                        out.push(' ');
                    }
                    run = Some(start..end);
                }
            }
            continue;
        }
        flush(&mut out, body, run.take());
        if !out.is_empty() {
            out.push(' ');
        }
        mask_word(&mut out, word, kinds);
        if !greeting {
            continue;
        }
        // Up to three capitalised words, the last closing on `,`, `!` or
        // `:`, are a name: "Hi Dana,", "Hello Mr. Ruiz!"; without the
        // punctuation, the one capitalised word after the greeting ("Hi
        // Dana your order").
        let ahead: Vec<&str> = words.clone().take(3).map(|(_, word, _)| word).collect();
        let closed = ahead
            .iter()
            .position(|word| word.ends_with([',', '!', ':']))
            .filter(|&last| ahead.iter().take(last + 1).all(|word| capitalised(word)));
        let (taken, punctuation) = match closed {
            Some(last) => (
                last + 1,
                ahead.get(last).and_then(|word| word.chars().last()),
            ),
            None if ahead.first().is_some_and(|word| capitalised(word)) => (1, None),
            None => continue,
        };
        out.push_str(" <name>");
        out.extend(punctuation);
        for _ in 0..taken {
            words.next();
        }
    }
    flush(&mut out, body, run);
    out
}

/// Copies a run of plain words of the body.
fn flush(out: &mut String, body: &str, run: Option<std::ops::Range<usize>>) {
    if let Some(words) = run.and_then(|run| body.get(run)) {
        out.push_str(words);
    }
}

/// What a byte can make of a word: ASCII white space ends it; a digit,
/// `.`, `/` or `@` may make it a number, a link or an address to mask.
const SPACE: u8 = 1;
const DIGIT: u8 = 2;
const DOT: u8 = 4;
const SLASH: u8 = 8;
const AT: u8 = 16;

/// [`SPACE`], [`DIGIT`], [`DOT`], [`SLASH`] or [`AT`] (or none), by byte.
// Indexing in a constant: out of bounds fails the build, never a run.
#[allow(clippy::indexing_slicing)]
static KINDS: [u8; 256] = {
    let mut kinds = [0u8; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        kinds[byte] = if b.is_ascii_whitespace() {
            SPACE
        } else if b.is_ascii_digit() {
            DIGIT
        } else if b == b'.' {
            DOT
        } else if b == b'/' {
            SLASH
        } else if b == b'@' {
            AT
        } else {
            0
        };
        byte += 1;
    }
    kinds
};

/// The words of a body between ASCII white space (a no-break space stays
/// inside a word, the same in every message of a template), each with its
/// byte offset and the kinds of byte it holds: one look at each byte.
#[derive(Clone)]
struct Words<'a> {
    body: &'a str,
    at: usize,
}

impl<'a> Iterator for Words<'a> {
    type Item = (usize, &'a str, u8);

    fn next(&mut self) -> Option<(usize, &'a str, u8)> {
        let kind = |byte: &u8| KINDS.get(usize::from(*byte)).copied().unwrap_or(0);
        let rest = self.body.as_bytes().get(self.at..)?;
        let start = rest.iter().position(|byte| kind(byte) != SPACE)?;
        let mut kinds = 0;
        let length = rest
            .get(start..)?
            .iter()
            .position(|byte| {
                let this = kind(byte);
                kinds |= this;
                this == SPACE
            })
            .unwrap_or(rest.len() - start);
        let offset = self.at + start;
        // White space is ASCII: the word ends on a character boundary.
        let word = self.body.get(offset..offset + length)?;
        self.at = offset + length;
        Some((offset, word, kinds & !SPACE))
    }
}

/// One word of a body, masked (see [`template_of`]); `kinds`: what
/// [`Words`] found in it.
fn mask_word(out: &mut String, word: &str, kinds: u8) {
    if kinds == 0 {
        out.push_str(word);
        return;
    }
    let (digit, dot, slash, at) = (
        kinds & DIGIT != 0,
        kinds & DOT != 0,
        kinds & SLASH != 0,
        kinds & AT != 0,
    );
    let starts = |prefix: &str| {
        word.get(..prefix.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
    };
    let bare_link = slash
        && word.split_once('/').is_some_and(|(host, _)| {
            host.contains('.')
                && host
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        });
    if bare_link || (dot || slash) && (starts("http://") || starts("https://") || starts("www.")) {
        out.push_str("<link>");
        return;
    }
    if at {
        if let Some((user, domain)) = word.split_once('@') {
            if !user.is_empty() && domain.contains('.') {
                out.push_str("<email>");
                return;
            }
        }
    }
    if !digit {
        out.push_str(word);
        return;
    }
    let core = word.trim_end_matches(|c: char| c.is_ascii_punctuation());
    if core
        .bytes()
        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    {
        out.push('#');
        out.push_str(&word[core.len()..]);
        return;
    }
    // Runs of digits with their inner separators, a currency sign before.
    let mut chars = word.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let starts_number = c.is_ascii_digit()
            || (matches!(c, '$' | '€' | '£')
                && chars.peek().is_some_and(|(_, next)| next.is_ascii_digit()));
        if !starts_number {
            out.push(c);
            continue;
        }
        let mut end = at + c.len_utf8();
        let mut last_digit = if c.is_ascii_digit() { end } else { at };
        while let Some(&(next_at, next)) = chars.peek() {
            if next.is_ascii_digit() {
                end = next_at + 1;
                last_digit = end;
            } else if matches!(next, ',' | '.' | ':' | '/' | '-') {
                end = next_at + 1;
            } else {
                break;
            }
            chars.next();
        }
        out.push('#');
        // Separators after the last digit are the sentence's: "$5." keeps
        // its full stop.
        out.push_str(word.get(last_digit..end).unwrap_or_default());
    }
}

/// A k-minimum-values sketch of distinct recipients: the `SKETCH` smallest
/// hashes seen; below that many the count is exact.
#[derive(Clone, Debug, Default)]
struct Sketch {
    smallest: std::collections::BTreeSet<u64>,
}

impl Sketch {
    fn add(&mut self, recipient: &str) {
        // The quality variant: the sketch reads the hashes' values, not
        // just their buckets.
        self.insert(foldhash::quality::FixedState::default().hash_one(recipient));
    }

    fn insert(&mut self, hash: u64) {
        if self.smallest.len() < SKETCH {
            self.smallest.insert(hash);
        } else if self.smallest.last().is_some_and(|&largest| hash < largest)
            && self.smallest.insert(hash)
        {
            self.smallest.pop_last();
        }
    }

    fn merge(&mut self, other: &Sketch) {
        for hash in &other.smallest {
            self.insert(*hash);
        }
    }

    fn estimate(&self) -> u64 {
        match self.smallest.last() {
            Some(&largest) if self.smallest.len() >= SKETCH => {
                let fraction = (largest as f64 + 1.0) / (u64::MAX as f64 + 1.0);
                ((SKETCH - 1) as f64 / fraction).round() as u64
            }
            _ => self.smallest.len() as u64,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_varies_is_masked() {
        assert_eq!(
            template_of("Hi Dana, your order #4412 of $23.50 ships 3/14. Track: https://shop.example/t/AB12"),
            template_of("Hi Mr. Ruiz, your order #98 of $1,204.00 ships 12/1. Track: https://shop.example/t/ZZ9")
        );
        assert_eq!(template_of("Your code is 482913"), "Your code is #");
        assert_ne!(
            template_of("Your code is 1"),
            template_of("Your order shipped")
        );
    }

    #[test]
    fn recipients_are_counted_exactly_then_estimated() {
        let mut sketch = Sketch::default();
        for n in 0..100 {
            sketch.add(&format!("+1555000{n:04}"));
            sketch.add(&format!("+1555000{n:04}"));
        }
        assert_eq!(sketch.estimate(), 100);
        let mut sketch = Sketch::default();
        for n in 0..50_000 {
            sketch.add(&format!("+1555{n:07}"));
        }
        let estimate = sketch.estimate() as f64;
        assert!((estimate / 50_000.0 - 1.0).abs() < 0.2, "{estimate}");
    }
}
