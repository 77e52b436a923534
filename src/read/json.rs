//! JSON catalogs (JSONC accepted): i18next and plain key → string maps,
//! and Twilio Content API templates.

use super::locale::{all_locales, as_locale};
use super::select::Selector;
use super::{Catalog, Entry, ParseError};
use crate::source::{self, Origin};

/// Reads a JSON catalog.
pub fn read(text: &str, selector: &Selector) -> Result<Catalog, ParseError> {
    use jsonc_parser::ast::Value;
    // A byte-order mark (Windows editors write one) is read as the three
    // bytes of blank space it occupies, so that every offset stays the
    // file's own.
    let unmarked;
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => {
            unmarked = format!("   {rest}");
            unmarked.as_str()
        }
        None => text,
    };
    let parsed = jsonc_parser::parse_to_ast(
        text,
        &jsonc_parser::CollectOptions::default(),
        &jsonc_parser::ParseOptions::default(),
    )
    .map_err(|error| ParseError {
        span: error.range().start..error.range().end,
        message: format!("invalid JSON: {}", error.kind()),
    })?;
    let mut catalog = Catalog::default();
    let Some(root) = parsed.value else {
        return Ok(catalog);
    };
    if is_own_output(&root) {
        return Ok(catalog);
    }
    // Twilio Content templates name their language.
    let content_language = match &root {
        Value::Object(object) => {
            object
                .properties
                .iter()
                .find_map(|prop| match (prop.name.as_str(), &prop.value) {
                    ("language", Value::StringLit(language)) => as_locale(&language.value),
                    _ => None,
                })
        }
        _ => None,
    };
    let by_locale = match &root {
        Value::Object(object) => {
            all_locales(object.properties.iter().map(|prop| prop.name.as_str()))
        }
        _ => false,
    };
    catalog.localized = by_locale;
    let lines = source::LineIndex::new(text);
    let mut stack: Vec<(Vec<String>, Option<String>, &Value)> =
        vec![(Vec::new(), content_language, &root)];
    while let Some((path, locale, value)) = stack.pop() {
        match value {
            Value::StringLit(string) => {
                let decoded = string.value.trim();
                if decoded.is_empty() {
                    continue;
                }
                if !selector.selects(&path) {
                    catalog.skip(&path);
                    continue;
                }
                let start = string.range.start;
                let origin = source::align(text, start, decoded)
                    .map(Origin::Mapped)
                    .unwrap_or(Origin::Mapped(vec![(
                        0,
                        string.range.start..string.range.end,
                    )]));
                let line = lines.line_of(start);
                let key = path.join(".");
                catalog.entries.push(Entry::new(
                    key,
                    locale,
                    decoded.to_owned(),
                    origin,
                    vec![line],
                ));
            }
            Value::Object(object) => {
                for prop in object.properties.iter().rev() {
                    let name = prop.name.as_str();
                    let locale = if by_locale && path.is_empty() {
                        as_locale(name)
                    } else {
                        locale.clone()
                    };
                    let mut child = path.clone();
                    child.push(name.to_owned());
                    stack.push((child, locale, &prop.value));
                }
            }
            Value::Array(array) => {
                for (index, element) in array.elements.iter().enumerate().rev() {
                    let mut child = path.clone();
                    child.push(index.to_string());
                    stack.push((child, locale.clone(), element));
                }
            }
            _ => {}
        }
    }
    Ok(catalog)
}

/// smslint's own JSON report, SARIF log or baseline (`{"version": 1,
/// "tool": ..., "diagnostics": ...}`, `{"runs": ...}`, `{"version": 1,
/// "entries": ...}`): linting them would lint every path and rule id they
/// quote, and following the baseline steps of docs/ci.md would fail the next run.
fn is_own_output(root: &jsonc_parser::ast::Value) -> bool {
    let jsonc_parser::ast::Value::Object(object) = root else {
        return false;
    };
    let has = |name: &str| {
        object
            .properties
            .iter()
            .any(|prop| prop.name.as_str() == name)
    };
    has("version") && (has("diagnostics") || has("entries") || has("runs"))
}
