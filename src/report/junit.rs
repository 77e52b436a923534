//! `--format junit`: JUnit XML for CI dashboards, one test case per file and
//! a failure per diagnostic.

use std::io;

use crate::lint::Outcome;

/// Escapes text for XML, dropping characters XML 1.0 cannot hold.
fn xml(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            '\t' | '\n' | '\r' => escaped.push(c),
            c if c < ' ' || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => escaped.push(c),
        }
    }
    escaped
}

pub fn write(outcome: &Outcome, out: &mut dyn io::Write) -> io::Result<()> {
    let failures: usize = outcome
        .reports
        .iter()
        .map(|report| report.diagnostics.len())
        .sum();
    let files = outcome.reports.len();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="smslint" tests="{files}" failures="{failures}" errors="0">"#
    )?;
    writeln!(
        out,
        r#"  <testsuite name="smslint" tests="{files}" failures="{failures}" errors="0">"#
    )?;
    for report in &outcome.reports {
        let positions = report.positions();
        let path = xml(&report.path);
        if report.diagnostics.is_empty() {
            writeln!(
                out,
                r#"    <testcase name="{path}" classname="smslint" file="{path}"/>"#
            )?;
            continue;
        }
        writeln!(
            out,
            r#"    <testcase name="{path}" classname="smslint" file="{path}">"#
        )?;
        for diagnostic in &report.diagnostics {
            let (line, column) = positions.at(diagnostic.span.start);
            writeln!(
                out,
                r#"      <failure type="{}" message="{}">{}:{line}:{column}: {}[{}] {}</failure>"#,
                xml(&diagnostic.rule),
                xml(&diagnostic.message),
                path,
                diagnostic.severity,
                xml(&diagnostic.rule),
                xml(&diagnostic.message),
            )?;
        }
        writeln!(out, "    </testcase>")?;
    }
    writeln!(out, "  </testsuite>")?;
    writeln!(out, "</testsuites>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escapes_markup_and_drops_control_characters() {
        assert_eq!(xml("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
    }
}
