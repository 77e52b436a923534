//! `--format sarif`: SARIF 2.1.0 as GitHub code scanning accepts it
//! (message and snippet objects, a location on every result, columns in
//! Unicode code points, paths relative to the repository root).

use std::collections::BTreeMap;
use std::io;

use serde_json::{json, Value};

use crate::diagnostic::Severity;
use crate::lint::Outcome;

const INFORMATION_URI: &str = "https://github.com/smslint/smslint";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative path as a URI reference: bytes outside RFC 3986's unreserved
/// set and `/` percent-encoded, so that `a\b.txt` (a Linux name) is
/// `a%5Cb.txt`, never `a/b.txt`, and a space or `#` is no delimiter.
fn uri_path(path: &str) -> String {
    let mut uri = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}

pub fn write(outcome: &Outcome, out: &mut dyn io::Write) -> io::Result<()> {
    let paths = super::RepositoryPaths::new();
    // The rules that appear, in id order, with their index for results.
    let used: BTreeMap<&str, usize> = outcome
        .reports
        .iter()
        .flat_map(|report| report.diagnostics.iter().map(|d| d.rule.as_str()))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .enumerate()
        .map(|(index, id)| (id, index))
        .collect();
    let rules: Vec<Value> = used
        .keys()
        .map(|id| {
            let rule = outcome.rules.get(id);
            let mut entry = json!({
                "id": id,
                "name": id.rsplit('/').next().unwrap_or(id),
                "shortDescription": {"text": rule.map_or(*id, |rule| rule.message.as_str())},
                "fullDescription": {"text": rule.map_or("", |rule| rule.explanation.trim())},
                "defaultConfiguration": {"level": level(rule.map_or(Severity::Error, |rule| rule.severity))},
                "properties": {"tags": [crate::diagnostic::category_of(id)]},
            });
            if let Some(fields) = entry.as_object_mut() {
                if let Some(help_uri) = rule.and_then(|rule| rule.references.first()) {
                    fields.insert("helpUri".into(), json!(help_uri));
                }
                if let Some(help) = rule.and_then(|rule| rule.help.as_ref()) {
                    fields.insert("help".into(), json!({"text": help}));
                }
            }
            entry
        })
        .collect();
    // The document is written as it goes, a result at a time: built whole
    // it held every result twice over (472 MB for 20,000 files' findings).
    let tool = json!({"driver": {
        "name": "smslint",
        "informationUri": INFORMATION_URI,
        "version": env!("CARGO_PKG_VERSION"),
        "rules": rules,
    }});
    write!(
        out,
        "{{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {{\n      \"tool\": "
    )?;
    serde_json::to_writer(&mut *out, &tool)?;
    write!(
        out,
        ",\n      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": ["
    )?;
    let mut first = true;
    for report in &outcome.reports {
        let positions = report.positions();
        let artifact = uri_path(&paths.of(&report.path));
        for diagnostic in &report.diagnostics {
            let (start_line, start_column) = positions.at(diagnostic.span.start);
            let (end_line, end_column) = positions.at(diagnostic.span.end);
            let mut region = json!({
                "startLine": start_line,
                "startColumn": start_column,
                "endLine": end_line,
                "endColumn": end_column,
            });
            let snippet = report.text(&diagnostic.span);
            if let (false, Some(fields)) = (snippet.is_empty(), region.as_object_mut()) {
                fields.insert("snippet".into(), json!({"text": snippet}));
            }
            let mut text = diagnostic.detail().into_owned();
            if let Some(help) = &diagnostic.help {
                text.push_str("\nhelp: ");
                text.push_str(help);
            }
            let result = json!({
                "ruleId": diagnostic.rule,
                "ruleIndex": used.get(diagnostic.rule.as_str()).copied().unwrap_or(0),
                "level": level(diagnostic.severity),
                "message": {"text": text},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": artifact},
                        "region": region,
                    }
                }],
            });
            write!(out, "{}\n        ", if first { "" } else { "," })?;
            first = false;
            serde_json::to_writer(&mut *out, &result)?;
        }
    }
    writeln!(out, "\n      ]\n    }}\n  ]\n}}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_uri_references_that_keep_every_byte() {
        assert_eq!(uri_path("d/a\\b.txt"), "d/a%5Cb.txt");
        assert_eq!(uri_path("sms/promo 1#.txt"), "sms/promo%201%23.txt");
        assert_eq!(uri_path("sms/é.txt"), "sms/%C3%A9.txt");
        assert_eq!(uri_path("templates/a-b_c.~x"), "templates/a-b_c.~x");
    }
}
