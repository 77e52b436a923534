//! The default format: rustc-style diagnostics rendered by codespan-reporting,
//! each with the offending text underlined, a `help:` and a `note:` line.

use std::io;
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as Rendered, Label, Severity as Level};
use codespan_reporting::files::{Error as FilesError, SimpleFile};
use codespan_reporting::term::termcolor::{Buffer, WriteColor};
use codespan_reporting::term::{self, Config};

use crate::diagnostic::{Diagnostic, Positions, Severity};
use crate::error::SetupError;
use crate::lint::Outcome;

/// How many `catalog/nothing-selected` infos the human report shows in
/// full: a repository with a hundred catalogs that hold no SMS text gets a
/// line that counts the rest, not a hundred paragraphs.
pub const NOTHING_SELECTED_SHOWN: usize = 3;

pub fn write(outcome: &Outcome, out: &mut dyn WriteColor) -> io::Result<()> {
    let config = Config::default();
    let mut nothing_selected = 0;
    for report in &outcome.reports {
        // Control characters in a name or a line are shown escaped, never
        // sent to the terminal or the CI log; spans follow the escapes.
        let path = crate::paths::printable(&report.path);
        let source = report.source.as_deref().unwrap_or("");
        let (source, grown) = match crate::paths::printable_lines_mapped(source) {
            Some((escaped, grown)) => (std::borrow::Cow::Owned(escaped), grown),
            None => (std::borrow::Cow::Borrowed(source), Vec::new()),
        };
        let shift = |span: &Range<usize>| {
            crate::paths::shifted_offset(span.start, &grown)
                ..crate::paths::shifted_offset(span.end, &grown)
        };
        let file = SimpleFile::new(path.as_ref(), source.as_ref());
        let positions = Positions::new(&source).from_line(report.first_line);
        for diagnostic in &report.diagnostics {
            if diagnostic.rule == NOTHING_SELECTED {
                nothing_selected += 1;
                if nothing_selected > NOTHING_SELECTED_SHOWN {
                    continue;
                }
            }
            let has_source = report.source.is_some();
            let span = shift(&diagnostic.span);
            match Window::around(&path, &positions, &span) {
                Some(window) if has_source => {
                    let rendered =
                        render(diagnostic, window.span.clone(), &path, true, report.keys);
                    emit_as(out, &config, &window, &rendered, diagnostic.severity)?;
                }
                _ => {
                    let rendered = render(diagnostic, span, &path, has_source, report.keys);
                    emit_as(out, &config, &file, &rendered, diagnostic.severity)?;
                }
            }
        }
    }
    if let Some(more) = nothing_selected
        .checked_sub(NOTHING_SELECTED_SHOWN)
        .filter(|&n| n > 0)
    {
        writeln!(
            out,
            "info[{NOTHING_SELECTED}]: {more} more catalogs with no key selected as an SMS text (`--show-files` lists them, `--format concise` shows each)\n"
        )?;
    }
    super::write_summary(&outcome.summary, out)
}

const NOTHING_SELECTED: &str = "catalog/nothing-selected";

/// Bytes of a line shown whole; a longer line is shown as a window around
/// the span, as ripgrep's `--max-columns-preview` does, so that a report's
/// size does not grow with the length of the lines it points into.
pub const MAX_LINE_BYTES: usize = 240;

/// Bytes shown on each side of a span in a window.
const WINDOW_CONTEXT_BYTES: usize = 60;

/// Bytes of a long span shown in a window; the rest is cut at "…".
const WINDOW_SPAN_BYTES: usize = 120;

/// Lines of a span shown; a span over more lines (a whole long message) is
/// shown on its first line.
const MAX_SPAN_LINES: usize = 8;

/// A one-line excerpt of a source around a span, which codespan renders
/// with the real line and column numbers.
struct Window<'a> {
    name: &'a str,
    /// The excerpt, with "…" where it cuts the line.
    text: String,
    /// The span, in `text`.
    span: Range<usize>,
    /// 1-based number of the real line.
    line: usize,
    /// Byte offset in `text` of the real text's first byte, and its real
    /// 1-based column.
    text_start: usize,
    column: usize,
}

impl<'a> Window<'a> {
    /// The window to show for `span`, or `None` when its lines are short
    /// enough to show whole.
    fn around(name: &'a str, positions: &Positions, span: &Range<usize>) -> Option<Window<'a>> {
        let source = positions.text();
        let span = clamp(source, span);
        let line = positions.line_range(span.start);
        let lines_spanned = source.get(span.clone()).map_or(0, |text| {
            text.bytes()
                .filter(|&b| b == b'\n')
                .take(MAX_SPAN_LINES)
                .count()
        });
        // An excerpt is always shown in a window, which numbers its line as
        // the file does.
        if line.len() <= MAX_LINE_BYTES && lines_spanned < MAX_SPAN_LINES && !positions.is_excerpt()
        {
            return None;
        }
        let snap_back = |mut offset: usize| {
            while !source.is_char_boundary(offset) {
                offset -= 1;
            }
            offset
        };
        let start = snap_back(
            span.start
                .saturating_sub(WINDOW_CONTEXT_BYTES)
                .max(line.start),
        );
        let span_end = snap_back(span.end.min(line.end).min(span.start + WINDOW_SPAN_BYTES));
        let end = snap_back((span_end + WINDOW_CONTEXT_BYTES).min(line.end));
        let head = if start > line.start { "…" } else { "" };
        let tail = if end < line.end { "…" } else { "" };
        let text = format!("{head}{}{tail}", &source[start..end]);
        let (line_number, column) = positions.at(start);
        Some(Window {
            name,
            span: head.len() + span.start - start..head.len() + span_end.max(span.start) - start,
            text,
            line: line_number,
            text_start: head.len(),
            column,
        })
    }
}

impl<'a> codespan_reporting::files::Files<'a> for Window<'a> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(&self.text)
    }

    fn line_index(&'a self, (): (), _byte_index: usize) -> Result<usize, FilesError> {
        Ok(0)
    }

    fn line_number(&'a self, (): (), _line_index: usize) -> Result<usize, FilesError> {
        Ok(self.line)
    }

    fn column_number(
        &'a self,
        (): (),
        _line_index: usize,
        byte_index: usize,
    ) -> Result<usize, FilesError> {
        let before = self
            .text
            .get(self.text_start..byte_index.max(self.text_start))
            .map_or(0, |text| text.chars().count());
        Ok(self.column + before)
    }

    fn line_range(&'a self, (): (), _line_index: usize) -> Result<Range<usize>, FilesError> {
        Ok(0..self.text.len())
    }
}

fn render(
    diagnostic: &Diagnostic,
    span: Range<usize>,
    path: &str,
    has_source: bool,
    keys: crate::diagnostic::KeyKind,
) -> Rendered<()> {
    let level = match diagnostic.severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Info => Level::Note,
    };
    let mut rendered = Rendered::new(level).with_code(&diagnostic.rule);
    let message = crate::paths::printable(&diagnostic.message);
    if has_source {
        let label = diagnostic.label.as_deref().unwrap_or_default();
        let label = Label::primary((), span).with_message(crate::paths::printable(label));
        rendered = rendered.with_message(message).with_labels(vec![label]);
    } else {
        // Nothing to show a snippet of: name the file in the headline.
        rendered = rendered.with_message(format!("{path}: {message}"));
    }
    let printable = crate::paths::printable;
    let key = diagnostic
        .key
        .iter()
        .map(|key| format!("{}: {}", keys.label(), printable(key)));
    let help = diagnostic
        .help
        .iter()
        .map(|help| format!("help: {}", printable(help)));
    let notes = diagnostic
        .notes
        .iter()
        .map(|note| format!("note: {}", printable(note)));
    // Said only where a fix exists, so that advice never promises one that
    // `--fix` would not make (a catalog value written with escapes).
    let fix = diagnostic.fix.iter().map(|fix| {
        let command = match fix.safety {
            crate::diagnostic::FixSafety::Safe => "`smslint check --fix`",
            crate::diagnostic::FixSafety::Unsafe => {
                "`smslint check --fix --unsafe-fixes` (check the words fit)"
            }
        };
        format!("fix: {command} writes {:?}", fix.replacement)
    });
    rendered.with_notes(key.chain(help).chain(fix).chain(notes).collect())
}

/// Config and rule-file errors: rendered like diagnostics when they have a
/// place, otherwise as one `error:` line.
pub fn write_setup_errors(errors: &[SetupError], out: &mut dyn WriteColor) -> io::Result<()> {
    let config = Config::default();
    // Indexing a file's lines is a pass over it: done once per file, not
    // once per error (16,000 errors in a 2 MB rule file).
    let mut indexed: Option<(&str, &std::sync::Arc<str>, SimpleFile<&str, &str>)> = None;
    for error in errors {
        match (&error.file, &error.source, &error.span) {
            (Some(file), Some(source), Some(span)) => {
                let same = indexed.as_ref().is_some_and(|(name, text, _)| {
                    *name == file.as_str() && std::sync::Arc::ptr_eq(text, source)
                });
                if !same {
                    indexed = Some((
                        file,
                        source,
                        SimpleFile::new(file.as_str(), source.as_ref()),
                    ));
                }
                let Some((_, _, simple)) = indexed.as_ref() else {
                    continue;
                };
                let mut labels = vec![Label::primary((), clamp(source, span))];
                if let Some((related, message)) = &error.related {
                    labels.push(Label::secondary((), clamp(source, related)).with_message(message));
                }
                let rendered = Rendered::error()
                    .with_message(&error.message)
                    .with_labels(labels);
                emit(out, &config, simple, &rendered)?;
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

/// [`emit`] with the header naming `severity` as every other format does:
/// codespan-reporting has no "info" level, so an info is rendered as its
/// "note" and the word is replaced in the header.
fn emit_as<'files>(
    out: &mut dyn WriteColor,
    config: &Config,
    file: &'files impl codespan_reporting::files::Files<'files, FileId = ()>,
    rendered: &Rendered<()>,
    severity: Severity,
) -> io::Result<()> {
    if severity != Severity::Info {
        return emit(out, config, file, rendered);
    }
    let mut buffer = if out.supports_color() {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    };
    emit(&mut buffer, config, file, rendered)?;
    let mut bytes = buffer.into_inner();
    let at = bytes.windows(5).position(|window| window == b"note[");
    if let Some(word) = at.and_then(|at| bytes.get_mut(at..at + 4)) {
        word.copy_from_slice(b"info");
    }
    out.write_all(&bytes)
}

fn emit<'files>(
    out: &mut dyn WriteColor,
    config: &Config,
    file: &'files impl codespan_reporting::files::Files<'files, FileId = ()>,
    rendered: &Rendered<()>,
) -> io::Result<()> {
    term::emit(out, config, file, rendered).map_err(|error| match error {
        codespan_reporting::files::Error::Io(io) => io,
        other => io::Error::other(other.to_string()),
    })
}
