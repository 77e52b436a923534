//! The default format: rustc-style diagnostics rendered by codespan-reporting,
//! each with the offending text underlined, a `help:` and a `note:` line.

use std::io;
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as Rendered, Label, Severity as Level};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor::WriteColor, Config};

use crate::diagnostic::{Diagnostic, Severity};
use crate::error::SetupError;
use crate::lint::Outcome;

pub fn write(outcome: &Outcome, out: &mut dyn WriteColor) -> io::Result<()> {
    let config = Config::default();
    for report in &outcome.reports {
        let file = SimpleFile::new(report.path.as_str(), report.source.as_deref().unwrap_or(""));
        for diagnostic in &report.diagnostics {
            let rendered = render(diagnostic, &report.path, report.source.is_some());
            emit(out, &config, &file, &rendered)?;
        }
    }
    super::write_summary(&outcome.summary, out)
}

fn render(diagnostic: &Diagnostic, path: &str, has_source: bool) -> Rendered<()> {
    let level = match diagnostic.severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Info => Level::Note,
    };
    let mut rendered = Rendered::new(level).with_code(&diagnostic.rule);
    if has_source {
        let label = Label::primary((), diagnostic.span.clone())
            .with_message(diagnostic.label.clone().unwrap_or_default());
        rendered = rendered
            .with_message(&diagnostic.message)
            .with_labels(vec![label]);
    } else {
        // Nothing to show a snippet of: name the file in the headline.
        rendered = rendered.with_message(format!("{path}: {}", diagnostic.message));
    }
    let key = diagnostic.key.iter().map(|key| format!("key: {key}"));
    let help = diagnostic.help.iter().map(|help| format!("help: {help}"));
    let notes = diagnostic.notes.iter().map(|note| format!("note: {note}"));
    rendered.with_notes(key.chain(help).chain(notes).collect())
}

/// Config and rule-file errors: rendered like diagnostics when they have a
/// place, otherwise as one `error:` line.
pub fn write_setup_errors(errors: &[SetupError], out: &mut dyn WriteColor) -> io::Result<()> {
    let config = Config::default();
    for error in errors {
        match (&error.file, &error.source, &error.span) {
            (Some(file), Some(source), Some(span)) => {
                let simple = SimpleFile::new(file.as_str(), source.as_str());
                let mut labels = vec![Label::primary((), clamp(source, span))];
                if let Some((related, message)) = &error.related {
                    labels.push(Label::secondary((), clamp(source, related)).with_message(message));
                }
                let rendered = Rendered::error()
                    .with_message(&error.message)
                    .with_labels(labels);
                emit(out, &config, &simple, &rendered)?;
            }
            _ => writeln!(out, "error: {error}")?,
        }
    }
    Ok(())
}

/// A span codespan can show: inside the text and on character boundaries.
fn clamp(source: &str, span: &Range<usize>) -> Range<usize> {
    let snap = |mut offset: usize| {
        offset = offset.min(source.len());
        while !source.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    };
    let start = snap(span.start);
    start..snap(span.end).max(start)
}

fn emit(
    out: &mut dyn WriteColor,
    config: &Config,
    file: &SimpleFile<&str, &str>,
    rendered: &Rendered<()>,
) -> io::Result<()> {
    term::emit(out, config, file, rendered).map_err(|error| match error {
        codespan_reporting::files::Error::Io(io) => io,
        other => io::Error::other(other.to_string()),
    })
}
