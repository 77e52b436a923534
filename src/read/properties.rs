//! Java `.properties` bundles. Each decoded character is mapped to the
//! bytes it was written as, through escapes and line continuations.

use super::mapped::{lines_with_offsets, Mapped};
use super::select::Selector;
use super::Catalog;

/// Reads a Java `.properties` file: `key = value`, `key: value` or
/// `key value`, `#`/`!` comments, `\uXXXX` escapes and `\` line
/// continuations.
pub fn read(text: &str, selector: &Selector) -> Catalog {
    let mut catalog = Catalog::default();
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
        if selector.selects(&path) {
            catalog
                .entries
                .extend(value.into_entry(key, vec![index + 1]));
        } else if !value.text.trim().is_empty() {
            catalog.skip(&path);
        }
    }
    catalog
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
