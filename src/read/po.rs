//! gettext `.po` catalogs: msgctxt, plurals, `#:` references and the
//! `Language:` header.

use super::mapped::{lines_with_offsets, Mapped};
use super::select::{says_sms, Selector};
use super::Catalog;
use crate::source::unescape;

/// Reads a gettext `.po` file. Each translated `msgstr` (and each plural
/// form) is a message when the entry's `#:` source references or its
/// `msgctxt` name an SMS module (by default) or its `msgctxt` matches the
/// configured key globs. The header's `Language:` gives the locale.
pub fn read(text: &str, selector: &Selector) -> Catalog {
    let mut catalog = Catalog::default();
    let mut entry = PoEntry::default();
    for (index, (start, line)) in lines_with_offsets(text).enumerate() {
        let line_number = index + 1;
        let content = line.trim();
        if content.is_empty() {
            std::mem::take(&mut entry).finish(selector, &mut catalog);
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
                    std::mem::take(&mut entry).finish(selector, &mut catalog);
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
    entry.finish(selector, &mut catalog);
    catalog
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

    /// By default, an entry whose `#:` references or `msgctxt` name an SMS
    /// module; with key globs, the `msgctxt` they match.
    fn selected(&self, selector: &Selector) -> bool {
        let context: Vec<String> = self
            .context
            .as_deref()
            .map(|context| context.split('.').map(str::to_owned).collect())
            .unwrap_or_default();
        selector.selects(&context)
            || (selector.is_default() && self.references.iter().any(|refs| says_sms(refs)))
    }

    fn finish(self, selector: &Selector, catalog: &mut Catalog) {
        if self.id.is_empty() {
            // The header: `Language: es`.
            if let Some((_, header)) = self.translations.first() {
                catalog.locale = header.text.lines().find_map(|line| {
                    line.strip_prefix("Language:")
                        .map(|value| value.trim().to_owned())
                        .filter(|value| !value.is_empty())
                });
            }
            return;
        }
        if !self.selected(selector) {
            for _ in &self.translations {
                catalog.skip(&[self.context.clone().unwrap_or_else(|| "msgctxt".to_owned())]);
            }
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
            catalog
                .entries
                .extend(mapped.into_entry(key, (first..=line).collect()));
        }
    }
}
