//! `--format junit`: JUnit XML for CI dashboards, one test case per file and
//! at most one failure per case.

use std::io;

use crate::diagnostic::Severity;
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

/// One test case per file, as GitLab and Jenkins read them: it fails, with
/// one `<failure>` listing every finding, when the file has a finding at or
/// above `fail_on`, so the totals agree with the exit code. Findings below
/// it are listed in the case's `<system-out>`.
pub fn write(outcome: &Outcome, fail_on: Severity, out: &mut dyn io::Write) -> io::Result<()> {
    let fails = |report: &&crate::diagnostic::FileReport| {
        report
            .diagnostics
            .iter()
            .any(|diagnostic| diagnostic.severity >= fail_on)
    };
    let failures = outcome.reports.iter().filter(fails).count();
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
        let path = xml(&report.path);
        if report.diagnostics.is_empty() {
            writeln!(
                out,
                r#"    <testcase name="{path}" classname="smslint" file="{path}"/>"#
            )?;
            continue;
        }
        let positions = report.positions();
        let lines: Vec<String> = report
            .diagnostics
            .iter()
            .map(|diagnostic| {
                let (line, column) = positions.at(diagnostic.span.start);
                xml(&format!(
                    "{}:{line}:{column}: {}[{}] {}",
                    report.path,
                    diagnostic.severity,
                    diagnostic.rule,
                    diagnostic.detail()
                ))
            })
            .collect();
        writeln!(
            out,
            r#"    <testcase name="{path}" classname="smslint" file="{path}">"#
        )?;
        if fails(&report) {
            let message = crate::diagnostic::counted(report.diagnostics.len(), "finding");
            writeln!(
                out,
                r#"      <failure type="smslint" message="{message}">{}</failure>"#,
                lines.join("\n")
            )?;
        } else {
            writeln!(out, "      <system-out>{}</system-out>", lines.join("\n"))?;
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
