//! `--format github`: one GitHub Actions workflow command per diagnostic,
//! which the runner shows as an annotation on the file.

use std::io;

use crate::diagnostic::Severity;
use crate::lint::Outcome;

/// Escapes a message: `%`, CR and LF as the runner reads them, and every
/// other control character (ESC, BEL) as a visible escape, so that nothing
/// in a file name or a message reaches the log as a command or a terminal
/// sequence.
fn escape_data(text: &str) -> String {
    let text = text
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    crate::paths::printable(&text).into_owned()
}

/// Escapes a property value: as a message, plus `:` and `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// Paths are relative to the repository root, as the runner resolves them
/// (and as SARIF results are), wherever smslint ran from.
pub fn write(outcome: &Outcome, out: &mut dyn io::Write) -> io::Result<()> {
    let paths = super::RepositoryPaths::new();
    for report in &outcome.reports {
        let path = paths.of(&report.path);
        let positions = report.positions();
        for diagnostic in &report.diagnostics {
            let command = match diagnostic.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let (line, column) = positions.at(diagnostic.span.start);
            let (end_line, end_column) = positions.at(diagnostic.span.end);
            let mut message = diagnostic.detail().into_owned();
            if let Some(help) = &diagnostic.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            writeln!(
                out,
                "::{command} file={},line={line},col={column},endLine={end_line},endColumn={end_column},title={}::{}",
                escape_property(&path),
                escape_property(&format!("smslint {}", diagnostic.rule)),
                escape_data(&message),
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_command_escapes() {
        assert_eq!(escape_data("50% off\r\nnow"), "50%25 off%0D%0Anow");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
        assert_eq!(
            escape_property("d/\u{1b}[31mx\n::error"),
            "d/\\x1b[31mx%0A%3A%3Aerror"
        );
    }
}
