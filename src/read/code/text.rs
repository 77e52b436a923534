//! Assembling a message from the pieces of a source expression: literal
//! text (escapes decoded, each character mapped to its source bytes) and
//! placeholders for what the code fills in.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::source::Placeholder;

/// A message being assembled from literal pieces and placeholders.
#[derive(Default)]
pub struct Assembled {
    pub text: String,
    /// For each character of `text`, by byte offset, its source bytes.
    pub map: Vec<(usize, Range<usize>)>,
    pub placeholders: Vec<Placeholder>,
    /// Some of the text is literal (not only placeholders).
    pub literal: bool,
    /// Lines of the bindings it was read through.
    pub lines: Vec<usize>,
}

impl Assembled {
    pub fn push_source(&mut self, source: &str, at: usize) {
        for (offset, c) in source.char_indices() {
            self.push_char(c, at + offset..at + offset + c.len_utf8());
        }
    }

    /// A run of a single-quoted Ruby or PHP string: `\'` and `\\` stand
    /// for `'` and `\`, any other backslash for itself.
    pub fn push_single_quoted(&mut self, source: &str, at: usize) {
        let mut chars = source.char_indices().peekable();
        while let Some((offset, c)) = chars.next() {
            let escaped = match (c, chars.peek()) {
                ('\\', Some(&(_, next @ ('\'' | '\\')))) => Some(next),
                _ => None,
            };
            match escaped {
                Some(next) => {
                    chars.next();
                    self.push_char(next, at + offset..at + offset + 2);
                }
                None => self.push_char(c, at + offset..at + offset + c.len_utf8()),
            }
        }
    }

    pub fn push_char(&mut self, c: char, from: Range<usize>) {
        self.map.push((self.text.len(), from));
        self.text.push(c);
    }

    /// Adds another assembled text after this one.
    pub fn append(&mut self, other: Assembled) {
        let offset = self.text.len();
        self.literal |= other.literal;
        self.lines.extend(other.lines);
        self.text.push_str(&other.text);
        self.map
            .extend(other.map.into_iter().map(|(at, from)| (offset + at, from)));
        self.placeholders.extend(
            other
                .placeholders
                .into_iter()
                .map(|placeholder| Placeholder {
                    span: placeholder.span.start + offset..placeholder.span.end + offset,
                    ..placeholder
                }),
        );
    }

    /// Makes the format fields of the text from byte `first` on
    /// placeholders, it being a format string of `style`, and writes its
    /// escaped `%%`, `{{`, `}}` as the one character they send.
    pub fn add_format_fields(&mut self, first: usize, style: FormatStyle) {
        let region = self.text.get(first..).unwrap_or_default().to_owned();
        let fields = format_fields(&region, style);
        let escapes: &[&str] = match style {
            FormatStyle::None => return,
            FormatStyle::Percent => &["%%"],
            FormatStyle::Brace => &["{{", "}}"],
        };
        // The offsets (in the region) of the first character of each
        // escape: one pass, left to right, as the format reads them. A
        // region holding placeholders already (an interpolated format
        // string) is left as written.
        let mut collapsed = Vec::new();
        let interpolated = self
            .placeholders
            .iter()
            .any(|placeholder| placeholder.span.end > first);
        let mut chars = region.char_indices();
        while let (false, Some((at, _))) = (interpolated, chars.next()) {
            if escapes.iter().any(|escape| {
                region
                    .get(at..)
                    .is_some_and(|rest| rest.starts_with(escape))
            }) {
                collapsed.push(at);
                chars.next();
            }
        }
        let shift = |offset: usize| offset - collapsed.partition_point(|&c| c < offset);
        if !collapsed.is_empty() {
            let map: Vec<(usize, Range<usize>)> = self
                .map
                .split_off(self.map.partition_point(|(offset, _)| *offset < first));
            self.text.truncate(first);
            let mut index = 0;
            while let Some((offset, from)) = map.get(index) {
                index += 1;
                let relative = offset - first;
                let c = region
                    .get(relative..)
                    .and_then(|rest| rest.chars().next())
                    .unwrap_or(' ');
                if collapsed.contains(&relative) {
                    // Both characters of the escape are the one sent.
                    let end = map.get(index).map_or(from.end, |(_, next)| next.end);
                    index += 1;
                    self.push_char(c, from.start..end);
                } else {
                    self.push_char(c, from.clone());
                }
            }
        }
        self.placeholders
            .extend(fields.into_iter().map(|field| Placeholder {
                span: first + shift(field.span.start)..first + shift(field.span.end),
                ..field
            }));
        self.placeholders
            .sort_by_key(|placeholder| placeholder.span.start);
    }

    pub fn push_placeholder(&mut self, name: String, from: Range<usize>) {
        let start = self.text.len();
        for c in format!("{{{name}}}").chars() {
            self.push_char(c, from.clone());
        }
        self.placeholders.push(Placeholder {
            span: start..self.text.len(),
            name: Some(name),
        });
    }
}

/// What one escape sequence stands for.
pub enum Decoded {
    Text(String),
    High(u32),
    Low(u32),
}

/// Decodes an escape sequence of Python or JavaScript. `None` for one it
/// does not know (`\N{BULLET}`): it is kept as written.
pub fn unescape(escape: &str) -> Option<Decoded> {
    let body = escape.strip_prefix('\\')?;
    let mut chars = body.chars();
    let first = chars.next()?;
    let simple = match first {
        'n' => Some('\n'),
        't' => Some('\t'),
        'r' => Some('\r'),
        '0' if body.len() == 1 => Some('\0'),
        'a' => Some('\u{7}'),
        'b' => Some('\u{8}'),
        'f' => Some('\u{c}'),
        'v' => Some('\u{b}'),
        '\\' | '\'' | '"' | '`' | '$' | '{' | '}' => Some(first),
        _ => None,
    };
    if let Some(c) = simple {
        return Some(Decoded::Text(c.to_string()));
    }
    if first == '\n' || body.starts_with("\r\n") {
        return Some(Decoded::Text(String::new()));
    }
    let hex = match first {
        'x' | 'u' | 'U' => body.get(1..)?.trim_start_matches('{').trim_end_matches('}'),
        _ => return None,
    };
    let code = u32::from_str_radix(hex, 16).ok()?;
    match code {
        0xD800..=0xDBFF => Some(Decoded::High(code)),
        0xDC00..=0xDFFF => Some(Decoded::Low(code)),
        _ => char::from_u32(code).map(|c| Decoded::Text(c.to_string())),
    }
}

/// How a format string marks its fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormatStyle {
    /// Not a format string: nothing in it is a field.
    None,
    /// printf: `%s`, `%(name)s`, `%-10s`, `%.2f`, `%v`, `%,d` (`%%` is a
    /// percent sign).
    Percent,
    /// `{}`, `{0}`, `{name}`, `{name:>10}` (`{{` is a brace).
    Brace,
}

/// The fields of a format string in `style`, each named by its name or
/// position, or as written when it has neither.
fn format_fields(text: &str, style: FormatStyle) -> Vec<Placeholder> {
    static PERCENT: LazyLock<Regex> = LazyLock::new(|| {
        crate::literal::regex(r"%%|%(?:\((\w+)\))?[-+ #0,']*(?:\d+|\*)?(?:\.(?:\d+|\*))?[a-zA-Z]")
    });
    static BRACE: LazyLock<Regex> = LazyLock::new(|| {
        crate::literal::regex(r"\{\{|\}\}|\{([A-Za-z_]\w*|\d*)(?:[.!:,\[][^{}]*)?\}")
    });
    let fields = match style {
        FormatStyle::None => return Vec::new(),
        FormatStyle::Percent => &*PERCENT,
        FormatStyle::Brace => &*BRACE,
    };
    fields
        .captures_iter(text)
        .filter_map(|captures| {
            let whole = captures.get(0)?;
            if matches!(whole.as_str(), "%%" | "{{" | "}}") {
                return None;
            }
            // A field with no name (`%s`, `{}`) is named as written: a
            // placeholder without a name is a tag, which counts nothing.
            let name = captures
                .get(1)
                .map(|name| name.as_str())
                .filter(|name| !name.is_empty())
                .unwrap_or(whole.as_str());
            Some(Placeholder {
                span: whole.range(),
                name: Some(name.to_owned()),
            })
        })
        .collect()
}

/// An expression as a placeholder's name: its text on one line, short.
pub fn placeholder_name(expression: &str) -> String {
    let name = expression.split_whitespace().collect::<Vec<_>>().join(" ");
    shortened(&name.replace(['{', '}'], ""))
}

/// At most 40 characters of `text`, with an ellipsis where cut.
pub fn shortened(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match one_line.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", one_line.get(..cut).unwrap_or_default()),
        None => one_line,
    }
}
