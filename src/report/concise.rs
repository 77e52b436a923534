//! `--format concise`: one `path:line:col: severity[rule] message` line each.

use std::io;

use codespan_reporting::term::termcolor::WriteColor;

use crate::lint::Outcome;
use crate::paths::printable;

pub fn write(outcome: &Outcome, out: &mut dyn WriteColor) -> io::Result<()> {
    for report in &outcome.reports {
        let positions = report.positions();
        for diagnostic in &report.diagnostics {
            let (line, column) = positions.at(diagnostic.span.start);
            writeln!(
                out,
                "{}:{line}:{column}: {}[{}] {}",
                printable(&report.path),
                diagnostic.severity,
                diagnostic.rule,
                printable(&diagnostic.detail())
            )?;
        }
    }
    super::write_summary(&outcome.summary, out)
}
