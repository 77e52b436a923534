//! Stage 2: read a file and split it into the messages it holds, each with
//! its exact byte span in the file and its placeholders masked.

use std::borrow::Cow;
use std::io;
use std::ops::Range;
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

/// Extensions of files that may be campaign files (or, later, catalogs).
pub const YAML_EXTENSIONS: &[&str] = &["yaml", "yml"];

/// Whether the path's extension is one of `extensions` (any case).
pub(crate) fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    extension_of(path)
        .and_then(|extension| extension.to_str())
        .is_some_and(|extension| {
            extensions
                .iter()
                .any(|known| known.eq_ignore_ascii_case(extension))
        })
}

/// [`Path::extension`], read off the bytes when the path ends on a plain
/// name (asked several times a file of a walk; parsing the path's names
/// showed in profiles).
fn extension_of(path: &Path) -> Option<&std::ffi::OsStr> {
    let Some(text) = path.as_os_str().to_str() else {
        return path.extension();
    };
    let name_at = text.rfind('/').map_or(0, |at| at + 1);
    let name = text.get(name_at..).unwrap_or_default();
    if std::path::MAIN_SEPARATOR != '/' || name.is_empty() || name == "." || name == ".." {
        return path.extension();
    }
    // A name's leading dot starts no extension (`.env`).
    let dot = name.rfind('.').filter(|&at| at > 0)?;
    name.get(dot + 1..).map(std::ffi::OsStr::new)
}

/// A YAML file, which the walk reads to see whether it is a campaign.
pub fn is_yaml(path: &Path) -> bool {
    has_extension(path, YAML_EXTENSIONS)
}

/// What reading a file gave.
#[derive(Debug)]
pub enum Content {
    Text(String),
    /// A NUL byte: not a text file.
    Binary,
    /// Not UTF-8: the valid prefix, and where the first bad byte is.
    InvalidUtf8 {
        valid_prefix: String,
        bad_byte: usize,
    },
    /// Larger than the configured maximum; not read.
    TooLarge {
        limit: u64,
    },
    /// UTF-16 text, told by its byte-order mark (what Windows editors save
    /// as "Unicode").
    Utf16,
}

/// Decodes a file's bytes, deciding first whether it is text at all.
pub fn decode(bytes: Vec<u8>) -> Content {
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return Content::Utf16;
    }
    // The same test git and ripgrep use: text files do not contain NUL.
    if bytes.contains(&0) {
        return Content::Binary;
    }
    match String::from_utf8(bytes) {
        Ok(text) => Content::Text(text),
        Err(error) => {
            let bad_byte = error.utf8_error().valid_up_to();
            let mut bytes = error.into_bytes();
            bytes.truncate(bad_byte);
            Content::InvalidUtf8 {
                valid_prefix: String::from_utf8(bytes).unwrap_or_default(),
                bad_byte,
            }
        }
    }
}

/// Files larger than this are not read unless the config says otherwise.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10_000_000;

#[cfg(unix)]
fn open_without_blocking(path: &Path) -> io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::File::options()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
}

#[cfg(not(unix))]
fn open_without_blocking(path: &Path) -> io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// Reads and decodes one file, reading at most `limit` bytes: a larger
/// file is [`Content::TooLarge`], however it grows while being read.
pub fn read(path: &Path, limit: u64) -> io::Result<Content> {
    // A FIFO, socket or device could block the run or never end, and
    // merely opening one has effects (a FIFO's blocked writer is released,
    // a terminal's line reset): refused before it is opened, and opened
    // without blocking or becoming a controlling terminal in case it was
    // swapped in since; the open file is checked again.
    if !std::fs::metadata(path)?.is_file() {
        return Err(not_regular());
    }
    read_found(path, limit)
}

fn not_regular() -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        "not a regular file (FIFOs, sockets and devices are not read)",
    )
}

/// [`read`] for a path a directory walk has just listed as a regular file:
/// the walk's file type stands for the check before opening (one `stat`
/// per file of a whole run), and the open file is still checked.
pub fn read_found(path: &Path, limit: u64) -> io::Result<Content> {
    use std::io::Read;
    let file = open_without_blocking(path)?;
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(not_regular());
    }
    // Sized from the open file: a file within the limit is read to the
    // size it has now, in one read, not a read and a probe for its end
    // (one system call per file of a whole run). One larger than the limit
    // is read one byte past it, to say so.
    let size = metadata.len();
    let wanted = if size <= limit {
        size
    } else {
        limit.saturating_add(1)
    };
    let mut bytes = Vec::with_capacity(usize::try_from(wanted).unwrap_or(0));
    file.take(wanted).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Ok(Content::TooLarge { limit });
    }
    Ok(decode(bytes))
}

/// Reads a UTF-8 text file of at most `limit` bytes (a config, a rule
/// file, a baseline): the reason it cannot, in words, otherwise. Regular
/// files only: `/dev/zero` or a FIFO is refused, not read.
pub fn read_text(path: &Path, limit: u64) -> Result<String, String> {
    match read(path, limit) {
        Ok(Content::Text(text)) => Ok(text),
        Ok(Content::TooLarge { limit }) => Err(format!("larger than {limit} bytes")),
        Ok(Content::Binary) => Err("a binary file".to_owned()),
        Ok(Content::Utf16) => Err("UTF-16, not UTF-8: re-save it as UTF-8".to_owned()),
        Ok(Content::InvalidUtf8 { bad_byte, .. }) => {
            Err(format!("not valid UTF-8 (byte {bad_byte})"))
        }
        Err(error) => Err(crate::paths::error_text(&error)),
    }
}

/// Decodes bytes, refusing more than `limit` of them.
pub fn decode_within(bytes: Vec<u8>, limit: u64) -> Content {
    if bytes.len() as u64 > limit {
        Content::TooLarge { limit }
    } else {
        decode(bytes)
    }
}

/// A placeholder or template tag inside a message, by byte range in the
/// message text. Tags (`{% if %}`, `{{#each}}`) have no name: they are not
/// message text at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placeholder {
    pub span: Range<usize>,
    pub name: Option<String>,
}

/// What a link placeholder reads as in a message's masked text: the start
/// of a link to the rules that judge the lure around one (their patterns
/// take `https?://` or `www.` for a link: "your parcel is on hold, pay at
/// {{link}}" reads as the lure it is), and no link at all to those that
/// judge its host, which [`crate::links::find_links`] gives only for a
/// host. Four bytes: the shortest link placeholder, `:url`, holds it.
pub const LINK_MARK: &str = "www.";

/// What a phone-number placeholder reads as: digits to the lure patterns
/// that want "call" and a number (`call {{support_phone}} to cancel`), too
/// few for [`crate::links::PHONE_NUMBER`], which judges numbers.
pub const PHONE_MARK: &str = "555";

/// What the application fills a placeholder with, by its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlaceholderKind {
    /// A word of its name is `url`, `uri`, `link` or `href`.
    Link,
    /// A word of its name is `phone`, `tel`, `telephone` or `hotline`.
    Phone,
    Other,
}

impl Placeholder {
    /// Whether the placeholder's name says the application fills a link in
    /// (`{{tracking_url}}`, `%{link}`, `{url}`, `:href`, `{{resetLink}}`).
    pub fn is_link(&self) -> bool {
        self.kind() == PlaceholderKind::Link
    }

    /// Whether the placeholder is a link whose name says which of the
    /// application's pages it is (`{{reset_link}}`, `{{billing_url}}`,
    /// `%{trackingUrl}`), not just "a link" (`{{url}}`, `<URL>` as the
    /// scam corpora mask addresses): a route of the sender's own site.
    pub fn names_a_route(&self) -> bool {
        const NOT_A_ROUTE: &[&str] = &[
            "url", "uri", "link", "href", "urls", "links", "short", "full", "long", "base", "web",
            "site", "main", "your", "the",
        ];
        let words = self.name_words();
        kind_of(&words) == PlaceholderKind::Link
            && words.iter().any(|word| {
                word.len() >= 3
                    && word.bytes().all(|b| b.is_ascii_lowercase())
                    && !NOT_A_ROUTE.contains(&word.as_str())
            })
    }

    /// What the placeholder's name says it is filled with.
    pub fn kind(&self) -> PlaceholderKind {
        kind_of(&self.name_words())
    }

    /// The words of its name, lower case: split at anything but a letter or
    /// digit, and where a lowercase letter meets an uppercase one
    /// (`trackingURL`).
    fn name_words(&self) -> Vec<String> {
        let Some(name) = self.name.as_deref() else {
            return Vec::new();
        };
        let mut words = Vec::new();
        let mut word = String::new();
        let mut previous_lower = false;
        for c in name.chars() {
            if !c.is_ascii_alphanumeric() || (c.is_ascii_uppercase() && previous_lower) {
                words.push(std::mem::take(&mut word));
            }
            if c.is_ascii_alphanumeric() {
                word.push(c.to_ascii_lowercase());
            }
            previous_lower = c.is_ascii_lowercase();
        }
        words.push(word);
        words
    }
}

/// What a placeholder whose name has these words is filled with.
fn kind_of(words: &[String]) -> PlaceholderKind {
    let has = |names: &[&str]| words.iter().any(|word| names.contains(&word.as_str()));
    if has(&["url", "uri", "link", "href", "urls", "links"]) {
        PlaceholderKind::Link
    } else if has(&["phone", "tel", "telephone", "hotline"]) {
        PlaceholderKind::Phone
    } else {
        PlaceholderKind::Other
    }
}

/// One message as sent, located in its file.
#[derive(Clone, Debug)]
pub struct Message<'a> {
    /// The text as sent.
    pub text: Cow<'a, str>,
    /// `text` with every placeholder and tag blanked to spaces: same length,
    /// so an offset into it is an offset into `text`.
    pub masked: Cow<'a, str>,
    pub placeholders: Vec<Placeholder>,
    pub origin: Origin,
}

/// Where a message's text is in its file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The text is the file's bytes from this offset on.
    At(usize),
    /// The text was decoded (YAML escapes, folded lines): for each of its
    /// characters, by byte offset in the text, the file bytes it came from.
    Mapped(Vec<(usize, Range<usize>)>),
}

impl Message<'_> {
    /// A span in the message as a span in the file: exact for text read as
    /// is, and from the first to the last source character otherwise.
    pub fn file_span(&self, span: Range<usize>) -> Range<usize> {
        match &self.origin {
            Origin::At(start) => start + span.start..start + span.end,
            Origin::Mapped(map) => {
                let containing = |offset: usize| {
                    let index = map.partition_point(|(start, _)| *start <= offset);
                    map.get(index.saturating_sub(1))
                        .map(|(_, source)| source.clone())
                };
                let Some(first) = containing(span.start) else {
                    return 0..0;
                };
                if span.is_empty() {
                    return first.start..first.start;
                }
                let last = containing(span.end - 1).unwrap_or(first.clone());
                first.start..last.end.max(first.start)
            }
        }
    }

    /// The message's whole text as a span in the file.
    pub fn whole(&self) -> Range<usize> {
        self.file_span(0..self.text.len())
    }

    /// The range of the message's text that the file bytes `span` were
    /// read as: the inverse of [`Message::file_span`]. `None` when `span`
    /// does not start and end between characters the text was read from.
    pub fn text_range(&self, span: &Range<usize>) -> Option<Range<usize>> {
        match &self.origin {
            Origin::At(start) => {
                let range = span.start.checked_sub(*start)?..span.end.checked_sub(*start)?;
                self.text.get(range.clone()).map(|_| range)
            }
            Origin::Mapped(map) => {
                let first = map.partition_point(|(_, source)| source.start < span.start);
                let (offset, source) = map.get(first)?;
                if source.start != span.start {
                    return None;
                }
                let after = map.partition_point(|(_, source)| source.start < span.end);
                let end = map
                    .get(after)
                    .map_or(self.text.len(), |(offset, _)| *offset);
                Some(*offset..end)
            }
        }
    }
}

/// Builds a message from its text and where it starts in the file.
pub fn message_at(start: usize, text: &str) -> Message<'_> {
    let placeholders = find_placeholders(text, LocalSyntax::None);
    let masked = mask(text, &placeholders);
    Message {
        text: Cow::Borrowed(text),
        masked,
        placeholders,
        origin: Origin::At(start),
    }
}

/// A message as it will be sent, starting at byte `start` of its file:
/// nothing in it is a placeholder, so every byte counts as written.
pub fn rendered_at(start: usize, text: &str) -> Message<'_> {
    Message {
        text: Cow::Borrowed(text),
        masked: Cow::Borrowed(text),
        placeholders: Vec::new(),
        origin: Origin::At(start),
    }
}

impl<'a> Message<'a> {
    /// The message, owning its text (a template's borrows the file's).
    pub fn into_owned(self) -> Message<'static> {
        Message {
            text: Cow::Owned(self.text.into_owned()),
            masked: Cow::Owned(self.masked.into_owned()),
            placeholders: self.placeholders,
            origin: self.origin,
        }
    }

    /// This message taken as sent: its placeholders are text, masked no
    /// more and counted as written (`--rendered`).
    pub fn into_rendered(mut self) -> Message<'a> {
        self.masked = self.text.clone();
        self.placeholders.clear();
        self
    }
}

/// Where each line of a text starts, so that finding a line and column (or
/// the line of an offset) scans one line, not the whole text: a catalog
/// with 20,000 messages would otherwise cost quadratic time.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// Whether each line is ASCII, whose columns are its bytes: a column is
    /// found without walking its line (80,000 values on one line would be
    /// quadratic), whatever the other lines hold.
    ascii: Vec<bool>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(newline, _)| newline + 1))
            .collect();
        let ascii = text.split('\n').map(str::is_ascii).collect();
        LineIndex {
            text,
            starts,
            ascii,
        }
    }

    /// Byte offset of a 1-based line and 1-based column (in characters),
    /// clamped to the text.
    pub fn byte_offset(&self, line: usize, column: usize) -> usize {
        match self.starts.get(line.saturating_sub(1)) {
            Some(&start) => {
                let end = self.starts.get(line).copied().unwrap_or(self.text.len());
                let offset = start + column.saturating_sub(1);
                if offset <= end && self.ascii.get(line.saturating_sub(1)) == Some(&true) {
                    offset.min(self.text.len())
                } else {
                    column_offset(self.text, start, column)
                }
            }
            None => self.text.len(),
        }
    }

    /// The text indexed.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The 1-based line a byte offset is on.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset)
    }

    /// The byte range of the 1-based `line`, its line break included;
    /// `None` past the last line.
    pub fn line_span(&self, line: usize) -> Option<std::ops::Range<usize>> {
        let start = *self.starts.get(line.checked_sub(1)?)?;
        let end = self.starts.get(line).copied().unwrap_or(self.text.len());
        Some(start..end)
    }
}

/// Byte offset of the 1-based `column` (in characters) of the line that
/// starts at byte `line_start`, clamped to the text.
pub fn column_offset(text: &str, line_start: usize, column: usize) -> usize {
    let rest = text.get(line_start..).unwrap_or("");
    line_start
        + rest
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(rest.len(), |(offset, _)| offset)
}

/// How many source characters may separate two decoded characters: quotes,
/// block indicators, indentation, line continuations.
const MAX_SKIP: usize = 64;

/// Maps each character of a decoded string value (YAML, JSON) to the
/// source bytes it was written as, walking the source from `start`. An
/// escape in a double-quoted string (`\n`, `\"`, `\u00e9`, a surrogate
/// pair) maps to the whole escape; what lies between characters (quotes,
/// `|`/`>` indicators, indentation) is skipped, and a folded line break
/// matches the space it reads as. `None` when the value cannot be found in
/// order.
pub fn align(source: &str, start: usize, decoded: &str) -> Option<Vec<(usize, Range<usize>)>> {
    let escapes = source.get(start..)?.starts_with('"');
    let mut position = start;
    let mut map = Vec::with_capacity(decoded.len());
    for (offset, wanted) in decoded.char_indices() {
        let mut skipped = 0;
        loop {
            let rest = source.get(position..)?;
            let found = rest.chars().next()?;
            let width = match (escapes && found == '\\').then(|| unescape(rest)).flatten() {
                Some((decoded, length)) if decoded == wanted => Some(length),
                Some((_, length)) => {
                    position += length;
                    skipped += 1;
                    None
                }
                None if found == wanted || (wanted.is_whitespace() && found.is_whitespace()) => {
                    Some(found.len_utf8())
                }
                None => {
                    position += found.len_utf8();
                    skipped += 1;
                    None
                }
            };
            if let Some(width) = width {
                map.push((offset, position..position + width));
                position += width;
                break;
            }
            if skipped > MAX_SKIP {
                return None;
            }
        }
    }
    Some(map)
}

/// The character a JSON or YAML double-quoted escape at the start of
/// `rest` stands for, and the escape's length in bytes. `None` for a
/// backslash that escapes nothing known (such as a line continuation).
pub(crate) fn unescape(rest: &str) -> Option<(char, usize)> {
    let mut chars = rest.chars();
    chars.next().filter(|&c| c == '\\')?;
    let simple = match chars.next()? {
        'n' => '\n',
        't' => '\t',
        'r' => '\r',
        '0' => '\0',
        'b' => '\u{8}',
        'f' => '\u{c}',
        'e' => '\u{1b}',
        '_' => '\u{a0}',
        'N' => '\u{85}',
        'L' => '\u{2028}',
        'P' => '\u{2029}',
        c @ ('"' | '\\' | '/' | ' ' | '\'') => c,
        'x' => return hex_escape(rest, 2),
        'u' => return utf16_escape(rest),
        'U' => return hex_escape(rest, 8),
        _ => return None,
    };
    Some((simple, 2))
}

/// `\xHH` or `\UHHHHHHHH`.
fn hex_escape(rest: &str, digits: usize) -> Option<(char, usize)> {
    let hex = rest.get(2..2 + digits)?;
    let value = u32::from_str_radix(hex, 16).ok()?;
    Some((char::from_u32(value)?, 2 + digits))
}

/// `\uHHHH`, or two of them making a surrogate pair.
fn utf16_escape(rest: &str) -> Option<(char, usize)> {
    let unit = |at: usize| {
        rest.get(at..at + 2)
            .filter(|prefix| *prefix == "\\u")
            .and_then(|_| rest.get(at + 2..at + 6))
            .and_then(|hex| u16::from_str_radix(hex, 16).ok())
    };
    let first = unit(0)?;
    if let Some(Ok(c)) = char::decode_utf16([first]).next() {
        return Some((c, 6));
    }
    let second = unit(6)?;
    let c = char::decode_utf16([first, second]).next()?.ok()?;
    Some((c, 12))
}

impl Message<'_> {
    /// Adds placeholders a reader found in the file's syntax (an
    /// interpolation, an inline element): they replace those the text's
    /// engines' syntax gave where they overlap, since the file's syntax is
    /// the truth. `extra` spans are in the text, in bytes.
    pub fn add_placeholders(&mut self, extra: Vec<Placeholder>) {
        if extra.is_empty() {
            return;
        }
        let mut all: Vec<Placeholder> = std::mem::take(&mut self.placeholders)
            .into_iter()
            .filter(|found| {
                !extra.iter().any(|added| {
                    found.span.start < added.span.end && added.span.start < found.span.end
                })
            })
            .collect();
        all.extend(extra);
        all.sort_by_key(|placeholder| placeholder.span.start);
        self.masked = Cow::Owned(mask(&self.text, &all).into_owned());
        self.placeholders = all;
    }
}

/// A placeholder syntax read only where its source uses it, beside every
/// template engine's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LocalSyntax {
    None,
    /// `[first name]`: Twilio campaign samples (elsewhere `[Acme]` is
    /// usually a brand prefix).
    Brackets,
    /// `:name`: Laravel's language files and `__()` (elsewhere `Time:5pm`
    /// and `https:` are text).
    Colon,
}

/// Builds a message from decoded text, with the placeholders of every
/// template engine and of `local`.
pub fn decoded_message(text: String, origin: Origin, local: LocalSyntax) -> Message<'static> {
    let placeholders = find_placeholders(&text, local);
    let masked = Cow::Owned(mask(&text, &placeholders).into_owned());
    Message {
        text: Cow::Owned(text),
        masked,
        placeholders,
        origin,
    }
}

/// The text with every placeholder blanked to spaces, but a link or phone
/// placeholder ([`Placeholder::kind`]) to [`LINK_MARK`] or [`PHONE_MARK`]
/// and spaces.
pub(crate) fn mask<'a>(text: &'a str, placeholders: &[Placeholder]) -> Cow<'a, str> {
    if placeholders.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut masked = text.as_bytes().to_vec();
    for placeholder in placeholders {
        if let Some(bytes) = masked.get_mut(placeholder.span.clone()) {
            bytes.fill(b' ');
            let mark = match placeholder.kind() {
                PlaceholderKind::Link => LINK_MARK,
                PlaceholderKind::Phone => PHONE_MARK,
                PlaceholderKind::Other => "",
            };
            if let Some(start) = bytes.get_mut(..mark.len()) {
                start.copy_from_slice(mark.as_bytes());
            }
        }
    }
    // Only whole UTF-8 sequences were replaced by ASCII spaces.
    Cow::Owned(String::from_utf8(masked).unwrap_or_else(|_| text.to_owned()))
}

/// Every placeholder syntax of the template engines smslint reads, tags first
/// so that `{{#if}}` is not taken for a placeholder named `#if`.
static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| {
    crate::literal::regex(
        r"(?x)
        (?P<tag>
            \{\{\s*[\#/^>!&][^}]*\}\}        # handlebars/mustache sections, partials, comments
          | \{%.*?%\}                        # jinja/liquid tags
          | \{\#.*?\#\}                      # jinja comments
          | <%(?:[^=].*?)?%>                 # erb code and comments
        )
        | \{\{\{?\s*(?P<mustache>[^{}]*?)\s*\}?\}\}   # {{name}} {{{name}}} {{1}}
        | <%=\s*(?P<erb>.*?)\s*-?%>                   # <%= name %>
        | \$\{\s*(?P<dollar>[^{}]*?)\s*\}             # ${name}
        | %\{\s*(?P<percent>[^{}]*?)\s*\}             # %{name}
        | \(\(\s*(?P<parens>[^()]*?)\s*\)\)           # ((name))
        | \{\s*(?P<brace>[A-Za-z_][\w.]*|\d+)\s*\}    # {name} {0}
        | %\((?P<pyformat>\w+)\)[sdif]                # %(name)s: Python, gettext
        | (?P<printf>%(?:\d+\$)?[sd])                 # %s %d %1$s
        ",
    )
});

/// [`LocalSyntax::Brackets`]: the placeholder is group 1 (the name, group 2).
static BRACKETS: LazyLock<Regex> =
    LazyLock::new(|| crate::literal::regex(r"(\[\s*([A-Za-z_][\w .-]{0,40}?)\s*\])"));

/// [`LocalSyntax::Colon`]: a colon not after a word character, another
/// colon or a slash (`Time:5`, `::`, `https://`), then a name.
static COLON: LazyLock<Regex> =
    LazyLock::new(|| crate::literal::regex(r"(?:^|[^\w:/\\])(:([A-Za-z_][A-Za-z0-9_]*))"));

fn find_placeholders(text: &str, local: LocalSyntax) -> Vec<Placeholder> {
    let mut found = engine_placeholders(text);
    let syntax = match local {
        LocalSyntax::None => return found,
        LocalSyntax::Brackets => &BRACKETS,
        LocalSyntax::Colon => &COLON,
    };
    for captures in syntax.captures_iter(text) {
        let (Some(whole), Some(name)) = (captures.get(1), captures.get(2)) else {
            continue;
        };
        if !found
            .iter()
            .any(|known| known.span.start < whole.end() && whole.start() < known.span.end)
        {
            found.push(Placeholder {
                span: whole.range(),
                name: Some(name.as_str().trim().to_owned()),
            });
        }
    }
    found.sort_by_key(|placeholder| placeholder.span.start);
    found
}

pub(crate) fn engine_placeholders(text: &str) -> Vec<Placeholder> {
    if !text.contains(['{', '%', '<', '(', '$']) {
        return Vec::new();
    }
    PLACEHOLDER
        .captures_iter(text)
        .filter_map(|captures| {
            let whole = captures.get(0)?;
            let name = if captures.name("tag").is_some() {
                None
            } else {
                [
                    "mustache", "erb", "dollar", "percent", "parens", "brace", "pyformat", "printf",
                ]
                .iter()
                .find_map(|group| captures.name(group))
                .map(|inner| placeholder_name(inner.as_str()))
                // Go's and Handlebars' control tags (`{{ if .Vip }}`,
                // `{{ end -}}`, `{{else}}`, `{{/* note */}}`) are no value.
                .filter(|name| !CONTROL_WORDS.contains(&name.as_str()) && !name.starts_with("/*"))
            };
            Some(Placeholder {
                span: whole.range(),
                name,
            })
        })
        .collect()
}

/// Words that open, continue or close a block in Go templates and
/// Handlebars (`{{ range .Items }}`, `{{ else }}`, `{{ end }}`): a tag
/// starting with one is control, not a value.
const CONTROL_WORDS: &[&str] = &[
    "if", "else", "end", "range", "with", "define", "template", "block", "break", "continue",
];

/// `user.first_name | default: ""` names `user.first_name`; Go's trim
/// markers (`{{- .Name -}}`) are not part of the name.
fn placeholder_name(inner: &str) -> String {
    let inner = inner.trim_matches(|c: char| c == '-' || c == '~' || c.is_whitespace());
    inner
        .split(|c: char| c == '|' || c.is_whitespace())
        .find(|part| !part.is_empty())
        .unwrap_or(inner)
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_are_read_as_path_reads_them() {
        for path in [
            "a.txt",
            "a/b.yml",
            "a/b.tar.gz",
            ".env",
            "a/.env",
            "a/b.",
            "a/b/",
            "a/b.txt/",
            "a/b/.",
            "a/..",
            "..",
            ".",
            "",
            "/",
            "a.b/c",
            "a/b..c",
            "./x.sms",
            "a//b.j2",
        ] {
            let path = Path::new(path);
            assert_eq!(extension_of(path), path.extension(), "{path:?}");
        }
    }

    fn names(text: &str) -> Vec<Option<String>> {
        find_placeholders(text, LocalSyntax::None)
            .into_iter()
            .map(|placeholder| placeholder.name)
            .collect()
    }

    #[test]
    fn every_contract_placeholder_syntax_is_recognised() {
        let text =
            "{{name}} {{ name }} {{1}} {name} %{name} ${name} %s %d ((name)) <%= name %> %(count)s";
        assert_eq!(names(text).len(), 11);
        assert!(names(text).iter().all(|name| name.as_deref().is_some()));
        assert_eq!(
            names("{{ user.first | upcase }}"),
            [Some("user.first".into())]
        );
    }

    #[test]
    fn block_tags_are_masked_without_a_name() {
        assert_eq!(names("{% if vip %}x{% endif %}"), [None, None]);
        assert_eq!(names("{{#if vip}}x{{/if}}"), [None, None]);
        assert_eq!(names("<% if vip %>x<% end %>"), [None, None]);
    }

    #[test]
    fn masking_keeps_offsets_and_hides_placeholder_words() {
        let message = message_at(5, "Hi {{wine_club}}, ok");
        assert_eq!(message.masked.len(), message.text.len());
        assert!(!message.masked.contains("wine"));
        assert_eq!(&message.masked[..3], "Hi ");
        assert_eq!(message.file_span(0..2), 5..7);
    }

    #[test]
    fn link_placeholders_read_as_links_to_lure_patterns_only() {
        for (text, link) in [
            ("Track it: {{tracking_url}}", true),
            ("Pay at %{link}", true),
            ("Pay at {url}", true),
            ("Reset: {{resetLink}} now", true),
            ("Go: {{ trackingURL }}", true),
            ("Hi {{first_name}}", false),
            ("Hi {{linkedin_name}}", false),
            ("Hi {{hurl}}", false),
            ("Call {{support_phone}}", false),
        ] {
            let message = message_at(0, text);
            let marked = message.masked.contains(LINK_MARK);
            assert_eq!(marked, link, "{text}: {}", message.masked);
            assert_eq!(message.masked.len(), text.len());
            assert!(
                crate::links::find_links(&message.masked).is_empty(),
                "{text}"
            );
        }
    }

    #[test]
    fn phone_placeholders_read_as_digits_to_lure_patterns_only() {
        let message = message_at(0, "Not you? Call {{support_phone}} now");
        assert!(message.masked.contains("Call 555"), "{}", message.masked);
        assert!(
            !crate::links::may_hold_phone_number(&message.masked)
                || crate::links::PHONE_NUMBER.find(&message.masked).is_none()
        );
        assert!(!message_at(0, "Order {{order_number}}")
            .masked
            .contains(PHONE_MARK));
    }

    #[test]
    fn brackets_are_placeholders_only_when_asked() {
        assert!(names("[Acme] sale").is_empty());
        let message = decoded_message(
            "Hi [first name], sale".into(),
            Origin::At(0),
            LocalSyntax::Brackets,
        );
        assert_eq!(message.placeholders.len(), 1);
        assert_eq!(message.placeholders[0].name.as_deref(), Some("first name"));
    }

    #[test]
    fn colon_names_are_placeholders_only_when_asked() {
        let text = "Time:5pm at https://a.example ::x, code :code, :name!";
        assert!(names(text).is_empty());
        let message = decoded_message(text.into(), Origin::At(0), LocalSyntax::Colon);
        let found: Vec<(&str, Option<&str>)> = message
            .placeholders
            .iter()
            .map(|p| (&text[p.span.clone()], p.name.as_deref()))
            .collect();
        assert_eq!(found, [(":code", Some("code")), (":name", Some("name"))]);
        assert!(!message.masked.contains(":code"));
    }

    #[test]
    fn a_readers_placeholders_replace_the_engines_where_they_overlap() {
        let mut message = message_at(0, "Hi {name}, %s off");
        assert_eq!(message.placeholders.len(), 2);
        // The file's syntax says "{name}, %s" is one interpolation.
        message.add_placeholders(vec![Placeholder {
            span: 3..13,
            name: Some("greeting".into()),
        }]);
        let names: Vec<Option<&str>> = message
            .placeholders
            .iter()
            .map(|p| p.name.as_deref())
            .collect();
        assert_eq!(names, [Some("greeting")]);
        assert_eq!(&*message.masked, "Hi            off");
    }

    #[test]
    fn mapped_spans_run_from_the_first_to_the_last_source_character() {
        // "ab" decoded from source bytes 10..11 and 14..15 (say, across a fold).
        let origin = Origin::Mapped(vec![(0, 10..11), (1, 14..15)]);
        let message = decoded_message("ab".into(), origin, LocalSyntax::None);
        assert_eq!(message.file_span(0..2), 10..15);
        assert_eq!(message.file_span(1..2), 14..15);
        assert_eq!(message.file_span(1..1), 14..14);
    }

    #[test]
    fn binary_and_undecodable_bytes_are_told_apart() {
        assert!(matches!(decode(b"a\0b".to_vec()), Content::Binary));
        match decode(b"caf\xe9!".to_vec()) {
            Content::InvalidUtf8 {
                valid_prefix,
                bad_byte,
            } => assert_eq!((valid_prefix.as_str(), bad_byte), ("caf", 3)),
            other => panic!("{other:?}"),
        }
    }
}
