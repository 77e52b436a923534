//! Line-based catalogs: Java `.properties` and gettext `.po` files. Each
//! decoded character is mapped to the bytes it was written as, through
//! escapes and line continuations.

use std::ops::Range;

use crate::source::{unescape, Origin};

use super::{Entry, KeySelection, DEFAULT_KEY_WORDS};

/// A decoded string with, for each character, its source bytes.
#[derive(Default)]
struct Mapped {
    text: String,
    map: Vec<(usize, Range<usize>)>,
}

impl Mapped {
    fn push(&mut self, c: char, source: Range<usize>) {
        self.map.push((self.text.len(), source));
        self.text.push(c);
    }

    /// The entry, less surrounding white space; `None` when empty. Its
    /// locale comes from the file (see [`super::parse`]).
    fn into_entry(self, key: String, key_lines: Vec<usize>) -> Option<Entry> {
        let leading = self.text.len() - self.text.trim_start().len();
        let trimmed = self.text.trim();
        if trimmed.is_empty() {
            return None;
        }
        let map = self
            .map
            .iter()
            .filter(|(offset, _)| *offset >= leading && *offset < leading + trimmed.len())
            .map(|(offset, source)| (offset - leading, source.clone()))
            .collect();
        let origin = Origin::Mapped(map);
        Some(Entry::new(key, None, trimmed.to_owned(), origin, key_lines))
    }
}

/// The lines of a text with the byte offset each starts at.
fn lines_with_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    text.split_inclusive('\n').map(move |line| {
        let start = offset;
        offset += line.len();
        (start, line.trim_end_matches(['\n', '\r']))
    })
}

/// Reads a Java `.properties` file: `key = value`, `key: value` or
/// `key value`, `#`/`!` comments, `\uXXXX` escapes and `\` line
/// continuations.
pub fn properties(text: &str, keys: &KeySelection) -> Vec<Entry> {
    let mut entries = Vec::new();
    let mut lines = lines_with_offsets(text).enumerate().peekable();
    while let Some((index, (start, line))) = lines.next() {
        let content = line.trim_start();
        if content.is_empty() || content.starts_with(['#', '!']) {
            continue;
        }
        let mut position = start + (line.len() - content.len());
        let (key, value_start) = property_key(text, position);
        position = value_start;
        let mut value = Mapped::default();
        loop {
            let rest = text.get(position..).unwrap_or("");
            let Some(c) = rest.chars().next() else { break };
            if c == '\n' || c == '\r' {
                break;
            }
            if c == '\\' {
                match rest.chars().nth(1) {
                    // A continuation: the value goes on after the next
                    // line's leading white space.
                    None | Some('\n' | '\r') => {
                        let Some((_, (next_start, next_line))) = lines.next() else {
                            break;
                        };
                        let content = next_line.trim_start_matches([' ', '\t', '\u{c}']);
                        position = next_start + (next_line.len() - content.len());
                    }
                    Some('u') => match rest
                        .get(2..6)
                        .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    {
                        Some(code) => {
                            let c = char::from_u32(code).unwrap_or('\u{fffd}');
                            value.push(c, position..position + 6);
                            position += 6;
                        }
                        None => position += 1,
                    },
                    Some(escaped) => {
                        let c = match escaped {
                            't' => '\t',
                            'n' => '\n',
                            'r' => '\r',
                            'f' => '\u{c}',
                            other => other,
                        };
                        let width = 1 + escaped.len_utf8();
                        value.push(c, position..position + width);
                        position += width;
                    }
                }
                continue;
            }
            value.push(c, position..position + c.len_utf8());
            position += c.len_utf8();
        }
        let path: Vec<String> = key.split('.').map(str::to_owned).collect();
        if keys.selects(&path) {
            entries.extend(value.into_entry(key, vec![index + 1]));
        }
    }
    entries
}

/// A property's key, decoded, and where its value starts (past the
/// separator and the blank space around it).
fn property_key(text: &str, start: usize) -> (String, usize) {
    let mut key = String::new();
    let mut position = start;
    let rest = text.get(start..).unwrap_or("");
    let mut chars = rest.char_indices().peekable();
    while let Some((offset, c)) = chars.next() {
        position = start + offset;
        match c {
            '\\' => {
                if let Some((_, escaped)) = chars.next() {
                    key.push(escaped);
                }
                continue;
            }
            '=' | ':' | ' ' | '\t' | '\n' | '\r' | '\u{c}' => break,
            c => key.push(c),
        }
        position = start + offset + c.len_utf8();
    }
    // Blank space, at most one `=` or `:`, blank space.
    let after = text.get(position..).unwrap_or("");
    let blank = |s: &str| s.len() - s.trim_start_matches([' ', '\t', '\u{c}']).len();
    let mut skip = blank(after);
    if after.get(skip..).is_some_and(|s| s.starts_with(['=', ':'])) {
        skip += 1;
        skip += blank(after.get(skip..).unwrap_or(""));
    }
    (key, position + skip)
}

/// Reads a gettext `.po` file. Each translated `msgstr` (and each plural
/// form) is a message when the entry's `#:` source references or its
/// `msgctxt` name an SMS module (by default) or its `msgctxt` matches the
/// configured key globs. The header's `Language:` gives the locale.
pub fn po(text: &str, keys: &KeySelection) -> (Vec<Entry>, Option<String>) {
    let mut entries = Vec::new();
    let mut language = None;
    let mut entry = PoEntry::default();
    for (index, (start, line)) in lines_with_offsets(text).enumerate() {
        let line_number = index + 1;
        let content = line.trim();
        if content.is_empty() {
            std::mem::take(&mut entry).finish(keys, &mut entries, &mut language);
            continue;
        }
        entry.first_line.get_or_insert(line_number);
        if let Some(references) = content.strip_prefix("#:") {
            entry.references.push(references.trim().to_owned());
            continue;
        }
        if content.starts_with('#') {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let (field, rest_at) = match content.split_once(char::is_whitespace) {
            Some((field, _)) if !content.starts_with('"') => {
                // A new field ends the entry that had a msgstr already.
                if matches!(field, "msgctxt" | "msgid") && entry.has_msgstr() {
                    std::mem::take(&mut entry).finish(keys, &mut entries, &mut language);
                }
                let value = content.get(field.len()..).unwrap_or("").trim_start();
                let after = content.len() - value.len();
                (Some(field.to_owned()), start + indent + after)
            }
            _ => (None, start + indent),
        };
        let Some(field) = field.or_else(|| entry.current.clone()) else {
            continue;
        };
        entry.current = Some(field.clone());
        if field == "msgid" || field == "msgctxt" {
            entry.line.get_or_insert(line_number);
        }
        let segment = quoted(text, rest_at);
        entry.append(&field, segment);
    }
    entry.finish(keys, &mut entries, &mut language);
    (entries, language)
}

/// The decoded text of a `"..."` literal starting at `start`.
fn quoted(text: &str, start: usize) -> Mapped {
    let mut mapped = Mapped::default();
    let Some(rest) = text.get(start..) else {
        return mapped;
    };
    if !rest.starts_with('"') {
        return mapped;
    }
    let mut position = start + 1;
    while let Some(rest) = text.get(position..) {
        let Some(c) = rest.chars().next() else { break };
        match c {
            '"' | '\n' | '\r' => break,
            '\\' => match unescape(rest) {
                Some((decoded, length)) => {
                    mapped.push(decoded, position..position + length);
                    position += length;
                }
                None => position += 1,
            },
            c => {
                mapped.push(c, position..position + c.len_utf8());
                position += c.len_utf8();
            }
        }
    }
    mapped
}

#[derive(Default)]
struct PoEntry {
    references: Vec<String>,
    context: Option<String>,
    id: String,
    /// `msgstr` or `msgstr[N]`, in order.
    translations: Vec<(String, Mapped)>,
    current: Option<String>,
    /// The line of `msgctxt` or `msgid`.
    line: Option<usize>,
    /// The entry's first line, comments included.
    first_line: Option<usize>,
}

impl PoEntry {
    fn has_msgstr(&self) -> bool {
        !self.translations.is_empty()
    }

    fn append(&mut self, field: &str, segment: Mapped) {
        match field {
            "msgctxt" => self
                .context
                .get_or_insert_with(String::new)
                .push_str(&segment.text),
            "msgid" => self.id.push_str(&segment.text),
            "msgid_plural" => {}
            field if field.starts_with("msgstr") => match self.translations.last_mut() {
                Some((name, mapped)) if name == field => {
                    for (offset, source) in segment.map {
                        mapped.map.push((mapped.text.len() + offset, source));
                    }
                    mapped.text.push_str(&segment.text);
                }
                _ => self.translations.push((field.to_owned(), segment)),
            },
            _ => {}
        }
    }

    fn selected(&self, keys: &KeySelection) -> bool {
        let context_path =
            |context: &str| context.split('.').map(str::to_owned).collect::<Vec<_>>();
        match keys {
            KeySelection::Default => {
                let names_sms = |text: &str| {
                    let text = text.to_ascii_lowercase();
                    DEFAULT_KEY_WORDS.iter().any(|word| text.contains(word))
                };
                self.references
                    .iter()
                    .any(|references| names_sms(references))
                    || self.context.as_deref().is_some_and(names_sms)
            }
            KeySelection::Globs(_) => keys.selects(
                &self
                    .context
                    .as_deref()
                    .map(context_path)
                    .unwrap_or_default(),
            ),
        }
    }

    fn finish(self, keys: &KeySelection, entries: &mut Vec<Entry>, language: &mut Option<String>) {
        if self.id.is_empty() {
            // The header: `Language: es`.
            if let Some((_, header)) = self.translations.first() {
                *language = header.text.lines().find_map(|line| {
                    line.strip_prefix("Language:")
                        .map(|value| value.trim().to_owned())
                        .filter(|value| !value.is_empty())
                });
            }
            return;
        }
        if !self.selected(keys) {
            return;
        }
        let key = self.context.clone().unwrap_or_else(|| {
            let id: String = self.id.chars().take(48).collect();
            format!("msgid \"{id}\"")
        });
        let plural = self.translations.len() > 1;
        let line = self.line.unwrap_or(0);
        let first = self.first_line.unwrap_or(line);
        for (field, mapped) in self.translations {
            let key = if plural {
                format!("{key}{}", field.trim_start_matches("msgstr"))
            } else {
                key.clone()
            };
            entries.extend(mapped.into_entry(key, (first..=line).collect()));
        }
    }
}
