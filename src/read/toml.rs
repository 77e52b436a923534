//! TOML catalogs: go-i18n (`[reminder]` tables with `other = "..."`) and
//! Hugo `i18n/*.toml`, parsed with toml-span (which keeps every value's
//! byte range), under the same key selection as YAML and JSON.

use toml_span::value::ValueInner;
use toml_span::Value;

use super::locale::all_locales;
use super::select::Selector;
use super::{Catalog, Entry, ParseError};
use crate::source::{self, LineIndex, Origin};

/// Reads a TOML catalog.
pub fn read(text: &str, selector: &Selector) -> Result<Catalog, ParseError> {
    let root = toml_span::parse(text).map_err(|error| ParseError {
        span: error.span.start..error.span.end,
        message: format!("invalid TOML: {}", error.kind),
    })?;
    let lines = LineIndex::new(text);
    let mut catalog = Catalog::default();
    if let Some(table) = root.as_table() {
        catalog.localized = all_locales(table.keys().map(|key| key.name.as_ref()));
    }
    let mut stack: Vec<(Vec<String>, Vec<usize>, &Value)> = vec![(Vec::new(), Vec::new(), &root)];
    while let Some((path, key_lines, value)) = stack.pop() {
        match value.as_ref() {
            ValueInner::String(string) => {
                let decoded = string.trim();
                if decoded.is_empty() {
                    continue;
                }
                if !selector.selects(&path) {
                    catalog.skip(&path);
                    continue;
                }
                let start = quote_start(text, value.span.start);
                let origin = source::align(text, start, decoded)
                    .map(Origin::Mapped)
                    .unwrap_or(Origin::Mapped(vec![(0, value.span.start..value.span.end)]));
                catalog.entries.push(Entry::new(
                    path.join("."),
                    None,
                    decoded.to_owned(),
                    origin,
                    key_lines,
                ));
            }
            ValueInner::Table(table) => {
                for (key, child) in table {
                    let mut child_path = path.clone();
                    child_path.push(key.name.to_string());
                    let mut child_lines = key_lines.clone();
                    child_lines.push(lines.line_of(key.span.start));
                    stack.push((child_path, child_lines, child));
                }
            }
            ValueInner::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    let mut child_path = path.clone();
                    child_path.push(index.to_string());
                    stack.push((child_path, key_lines.clone(), child));
                }
            }
            _ => {}
        }
    }
    Ok(catalog)
}

/// Where a string value's source starts, its opening quote included, so
/// that escapes in a basic string are mapped.
fn quote_start(text: &str, start: usize) -> usize {
    let before = text.get(..start).unwrap_or("");
    let quotes = before.len() - before.trim_end_matches(['"', '\'']).len();
    start - quotes.min(3)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::KeySelection;
    use std::path::Path;

    #[test]
    fn go_i18n_messages_are_keyed_and_spans_cover_their_text() {
        let toml = "[sms_reminder]\ndescription = \"sent the day before\"\nother = \"Acme: see you \\\"tomorrow\\\"\"\n\n[page_title]\nother = \"Home\"\n";
        let keys = KeySelection::Default;
        let selector = Selector::new(&keys, Path::new("active.en.toml"));
        let catalog = read(toml, &selector).unwrap();
        let found: Vec<_> = catalog
            .entries
            .iter()
            .map(|entry| (entry.key.as_str(), &toml[entry.message.whole()]))
            .collect();
        assert!(
            found.contains(&("sms_reminder.other", "Acme: see you \\\"tomorrow\\\"")),
            "{found:?}"
        );
        // The go-i18n description and the page title are not texts.
        assert_eq!(catalog.skipped, 2);
        assert_eq!(catalog.skipped_groups, ["page_title", "sms_reminder"]);
    }
}
