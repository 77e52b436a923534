//! What every stage produces and every renderer consumes: a finding with an
//! exact byte span in one file, and the per-file result that carries it.

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use serde::Deserialize;

/// How bad a finding is. Ordered so that `Info < Warning < Error`, which is
/// what `--fail-on` compares against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "info" => Ok(Severity::Info),
            "warning" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            other => Err(format!(
                "unknown severity `{other}` (expected error, warning or info)"
            )),
        }
    }
}

/// Whether applying a fix can change what the message means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FixSafety {
    Safe,
    Unsafe,
}

impl FixSafety {
    pub fn as_str(self) -> &'static str {
        match self {
            FixSafety::Safe => "safe",
            FixSafety::Unsafe => "unsafe",
        }
    }
}

/// A replacement of a byte range of the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// The bytes written: `meant` in the quoting of the file's format
    /// (`\'` in an Android resource, `''` in a single-quoted YAML value).
    pub replacement: String,
    pub span: Range<usize>,
    pub safety: FixSafety,
    /// The text the message reads once fixed: what `--fix` checks a
    /// catalog still says before it writes it.
    pub meant: String,
}

/// One finding. `span` is a half-open byte range into the file's bytes; a
/// finding about a whole file has an empty span at offset 0.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    pub span: Range<usize>,
    /// Short text under the underline, e.g. "alcohol term".
    pub label: Option<String>,
    /// Whether the label says what this finding adds to the message (the
    /// character, the count, the term found: `U+2019 forces UCS-2: use
    /// "'"`), rather than the rule's fixed label ("alcohol term"); the
    /// one-line formats append only such a label (see [`Diagnostic::detail`]).
    pub specific_label: bool,
    /// Whether the finding is about its message as a whole (a missing
    /// opt-out or brand, too many segments) rather than about words in it:
    /// a baseline keys such findings on the message's key, not its text.
    pub whole_message: bool,
    /// The pattern's whole match, in file offsets, when the span is only
    /// the term the rule names in it (`FREE` of `a FREE`): baselines
    /// written before terms were reported so are keyed on it.
    pub pattern_span: Option<Range<usize>>,
    pub help: Option<String>,
    /// The policy or Twilio error the finding relates to, then anything else
    /// worth knowing (the message's encoding and cost).
    pub notes: Vec<String>,
    pub references: Vec<String>,
    pub fix: Option<Fix>,
    /// In a catalog, the key path of the message: `en.orders.shipped.sms`.
    pub key: Option<String>,
}

impl Diagnostic {
    /// The message with what this finding adds to it, for the formats that
    /// have one line of text (concise, GitHub, SARIF, JUnit, the editor):
    /// `message: label` when the label says something the message does not
    /// (`U+2019 forces UCS-2: use "'"`, `4 segments; the limit is 3`), else
    /// the message alone.
    pub fn detail(&self) -> std::borrow::Cow<'_, str> {
        match self.label.as_deref().map(str::trim) {
            Some(label)
                if self.specific_label
                    && !label.is_empty()
                    && !self.message.to_lowercase().contains(&label.to_lowercase()) =>
            {
                format!("{}: {label}", self.message).into()
            }
            _ => self.message.as_str().into(),
        }
    }

    /// The rule id's prefix: `shaft` for `shaft/alcohol`.
    pub fn category(&self) -> &str {
        category_of(&self.rule)
    }
}

/// The category of a rule id (`category/kebab-name`).
pub fn category_of(rule_id: &str) -> &str {
    rule_id
        .split_once('/')
        .map_or(rule_id, |(category, _)| category)
}

/// Puts a file's diagnostics in report order: by position, then rule id.
pub fn order(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| (a.span.start, &a.rule).cmp(&(b.span.start, &b.rule)));
}

/// Everything the linter learned about one file, ready to render.
#[derive(Debug)]
pub struct FileReport {
    /// As given on the command line or found by the walk, `/`-separated.
    pub path: String,
    /// The file on disk; `None` for stdin and paths that could not be read.
    pub file: Option<std::path::PathBuf>,
    /// The file's text for rendering snippets; `None` when it has no usable
    /// text (binary, unreadable). Files that are not valid UTF-8 keep their
    /// valid prefix so the diagnostic can still point at the first bad byte.
    pub source: Option<String>,
    pub messages: usize,
    pub diagnostics: Vec<Diagnostic>,
    /// What a diagnostic's `key` names: a catalog key, a source file's
    /// send call (`send_offer: Twilio messages.create`), or a logged message.
    pub keys: KeyKind,
    /// The 1-based line of the file that `source` starts at: 1, except in
    /// a traffic audit, whose report shows the one record of a (possibly
    /// compressed, gigabyte) log that a finding stands on.
    pub first_line: usize,
}

/// What the `key` of a report's diagnostics names, as reports label it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum KeyKind {
    /// A catalog's key path (`key: en.promo`).
    #[default]
    Catalog,
    /// The send call of a source file (`sent by: notify: Twilio messages.create`).
    Sender,
    /// The logged message a traffic finding stands on: its sid and time.
    Record,
}

impl KeyKind {
    /// The word before the key in a human report.
    pub fn label(self) -> &'static str {
        match self {
            KeyKind::Catalog => "key",
            KeyKind::Sender => "sent by",
            KeyKind::Record => "message",
        }
    }
}

impl FileReport {
    /// The index that turns this report's byte offsets into 1-based lines
    /// and columns (Unicode scalar values); offsets past the known text
    /// clamp to its end. Build it once per report: each lookup is then
    /// independent of the file's size.
    pub fn positions(&self) -> Positions<'_> {
        Positions::new(self.source.as_deref().unwrap_or("")).from_line(self.first_line)
    }

    /// The exact source text of a span, or "" where the file has no text.
    pub fn text(&self, span: &Range<usize>) -> &str {
        self.source
            .as_deref()
            .and_then(|source| source.get(span.clone()))
            .unwrap_or("")
    }
}

/// Bytes between two column checkpoints of a [`Positions`] index.
const CHECKPOINT_STRIDE: usize = 1024;

/// Line starts and character-count checkpoints of a text, so that finding
/// the line and column of an offset costs a binary search and at most one
/// stride of counting, not a scan from the start of the file (a report of
/// 50,000 findings, or one 5 MB line, would otherwise be quadratic).
pub struct Positions<'a> {
    text: &'a str,
    /// Built on the first lookup, so a report with no finding costs nothing.
    index: std::cell::OnceCell<PositionIndex>,
    /// Whether a leading UTF-8 byte-order mark takes no column (see
    /// [`Positions::in_message_columns`]).
    skip_bom: bool,
    /// Lines of the file before the text (see [`FileReport::first_line`]).
    lines_before: usize,
}

/// What [`Positions`] looks offsets up in.
struct PositionIndex {
    /// Byte offset where each line starts.
    line_starts: Vec<usize>,
    /// (byte offset on a character boundary, characters before it), every
    /// [`CHECKPOINT_STRIDE`] bytes or so.
    checkpoints: Vec<(usize, usize)>,
}

impl PositionIndex {
    fn new(text: &str) -> PositionIndex {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        let mut checkpoints = vec![(0, 0)];
        let mut next = CHECKPOINT_STRIDE;
        for (characters, (at, _)) in text.char_indices().enumerate() {
            if at >= next {
                checkpoints.push((at, characters));
                next = at + CHECKPOINT_STRIDE;
            }
        }
        PositionIndex {
            line_starts,
            checkpoints,
        }
    }
}

impl<'a> Positions<'a> {
    pub fn new(text: &'a str) -> Positions<'a> {
        Positions {
            text,
            index: std::cell::OnceCell::new(),
            skip_bom: false,
            lines_before: 0,
        }
    }

    /// Line numbers for a text that starts at 1-based line `first_line` of
    /// its file.
    pub fn from_line(mut self, first_line: usize) -> Self {
        self.lines_before = first_line.saturating_sub(1);
        self
    }

    /// Whether the text starts after the file's first line.
    pub fn is_excerpt(&self) -> bool {
        self.lines_before > 0
    }

    fn index(&self) -> &PositionIndex {
        self.index.get_or_init(|| PositionIndex::new(self.text))
    }

    /// Columns as a message's characters: a leading byte-order mark is not
    /// one (`inspect` shows where the message starts, 1:1). Reports keep the
    /// contract's columns in Unicode scalar values, the mark included.
    pub fn in_message_columns(mut self) -> Self {
        self.skip_bom = self.text.starts_with('\u{feff}');
        self
    }

    /// The text indexed.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// Characters before byte `offset` (a character boundary).
    fn characters_before(&self, offset: usize) -> usize {
        let checkpoints = &self.index().checkpoints;
        let index = checkpoints.partition_point(|(at, _)| *at <= offset);
        let (at, before) = checkpoints
            .get(index.saturating_sub(1))
            .copied()
            .unwrap_or((0, 0));
        before
            + self
                .text
                .get(at..offset)
                .map_or(0, |gap| gap.chars().count())
    }

    /// The 1-based number of the line holding byte `offset` (at most the
    /// text's length), and the byte offset where that line starts.
    fn line_of(&self, offset: usize) -> (usize, usize) {
        let line_starts = &self.index().line_starts;
        let line = line_starts.partition_point(|&start| start <= offset);
        let start = line_starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(0);
        (line, start)
    }

    /// The byte range of the line holding byte `offset`, without its `\n`.
    pub fn line_range(&self, offset: usize) -> Range<usize> {
        let (line, start) = self.line_of(offset.min(self.text.len()));
        let end = self
            .index()
            .line_starts
            .get(line)
            .map_or(self.text.len(), |next| next.saturating_sub(1));
        start..end.max(start)
    }

    /// 1-based line and column (in Unicode scalar values) of a byte offset.
    /// Lines end at `\n`, so a `\r` before it belongs to the line.
    pub fn at(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let (line, line_start) = self.line_of(offset);
        let column = self.characters_before(offset) - self.characters_before(line_start) + 1;
        let bom = usize::from(self.skip_bom && line == 1 && offset >= 3);
        (self.lines_before + line, column - bom)
    }
}

/// 1-based line and column (in Unicode scalar values) of a byte offset into
/// `text`, for one lookup; use [`Positions`] for many.
/// Lines end at `\n`, so a `\r` before it belongs to the line.
pub fn position_in(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// `1 message`, `2 messages`, `1 baseline entry`, `2 baseline entries`:
/// the last word of `what` takes the plural.
pub fn counted(count: usize, what: &str) -> String {
    if count == 1 {
        return format!("{count} {what}");
    }
    match what.strip_suffix('y') {
        Some(stem) if !stem.ends_with(['a', 'e', 'o', 'u']) => format!("{count} {stem}ies"),
        _ => format!("{count} {what}s"),
    }
}

/// Totals over a run, after selection and suppression.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub messages: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Findings hidden because a baseline records them.
    pub baselined: usize,
}

impl Summary {
    pub fn add(&mut self, report: &FileReport) {
        self.files += 1;
        self.messages += report.messages;
        for diagnostic in &report.diagnostics {
            match diagnostic.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
        }
    }
}

/// Ids of the diagnostics smslint raises about input itself; each is
/// documented as a `builtin` rule in `rules/input.yaml`.
pub mod input {
    pub const UNREADABLE: &str = "input/unreadable";
    pub const BROKEN_LINK: &str = "input/broken-link";
    pub const LINK_OUTSIDE: &str = "input/link-outside";
    pub const INVALID_IGNORE_PATTERN: &str = "input/invalid-ignore-pattern";
    pub const TOO_MANY_VARIANTS: &str = "input/too-many-variants";
    pub const BINARY: &str = "input/binary";
    pub const INVALID_UTF8: &str = "input/invalid-utf8";
    pub const UTF16: &str = "input/utf16";
    pub const TOO_LARGE: &str = "input/too-large";
    pub const INVALID_YAML: &str = "input/invalid-yaml";
    pub const INVALID_JSON: &str = "input/invalid-json";
    pub const INVALID_TOML: &str = "input/invalid-toml";
    pub const INVALID_XML: &str = "input/invalid-xml";
    pub const INVALID_CONTEXT: &str = "input/invalid-context";
    pub const ALL: &[&str] = &[
        UNREADABLE,
        BROKEN_LINK,
        LINK_OUTSIDE,
        INVALID_IGNORE_PATTERN,
        TOO_MANY_VARIANTS,
        BINARY,
        INVALID_UTF8,
        UTF16,
        TOO_LARGE,
        INVALID_YAML,
        INVALID_JSON,
        INVALID_TOML,
        INVALID_XML,
        INVALID_CONTEXT,
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_agree_with_their_nouns() {
        assert_eq!(counted(1, "baseline entry"), "1 baseline entry");
        assert_eq!(counted(2, "baseline entry"), "2 baseline entries");
        assert_eq!(counted(0, "sample"), "0 samples");
        assert_eq!(counted(1, "sample"), "1 sample");
        assert_eq!(counted(3, "day"), "3 days");
    }

    #[test]
    fn the_index_agrees_with_a_scan_at_every_offset() {
        let line = "Acme: caf\u{e9} \u{1f600} ".repeat(200);
        let text = format!("{line}\r\n\n{line}x");
        let positions = Positions::new(&text);
        for offset in 0..=text.len() + 2 {
            assert_eq!(positions.at(offset), position_in(&text, offset), "{offset}");
        }
    }

    #[test]
    fn columns_count_scalar_values_and_crlf_stays_on_its_line() {
        let text = "Café 🍷 x\r\nZürich vodka";
        assert_eq!(position_in(text, 0), (1, 1));
        let x = text.find('x').unwrap();
        assert_eq!(position_in(text, x), (1, 8));
        let vodka = text.find("vodka").unwrap();
        assert_eq!(position_in(text, vodka), (2, 8));
        assert_eq!(position_in(text, text.len()), (2, 13));
    }

    #[test]
    fn offsets_inside_a_character_snap_back() {
        let text = "é";
        assert_eq!(position_in(text, 1), (1, 1));
    }

    #[test]
    fn severity_orders_for_fail_on() {
        assert!(Severity::Info < Severity::Warning && Severity::Warning < Severity::Error);
        assert_eq!("warning".parse::<Severity>(), Ok(Severity::Warning));
        assert!("fatal".parse::<Severity>().is_err());
    }
}
