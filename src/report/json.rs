//! `--format json`: the report document fixed by the public contract.

use std::io;

use codespan_reporting::term::termcolor::WriteColor;
use serde::Serialize;

use crate::diagnostic::{Diagnostic, Positions};
use crate::lint::Outcome;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    tool: Tool,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: JsonSummary,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

/// One diagnostic as the JSON report and the JSONL stream print it.
#[derive(Serialize)]
pub struct JsonDiagnostic<'a> {
    rule: &'a str,
    category: &'a str,
    severity: &'static str,
    message: &'a str,
    /// What this finding adds to the rule's message: the character, the
    /// count, the term (`U+2019 forces UCS-2: use "'"`); absent when the
    /// rule has nothing to add.
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<&'a str>,
    /// Absent in the JSONL stream, where a line is one message.
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    byte_start: usize,
    byte_end: usize,
    text: &'a str,
    help: Option<&'a str>,
    references: &'a [String],
    fix: Option<JsonFix<'a>>,
    /// In a message catalog, the message's key path.
    #[serde(skip_serializing_if = "Option::is_none")]
    key: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    replacement: &'a str,
    byte_start: usize,
    byte_end: usize,
    safety: &'static str,
}

#[derive(Serialize)]
struct JsonSummary {
    files: usize,
    messages: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    /// Only when a baseline hid findings.
    #[serde(skip_serializing_if = "is_zero")]
    baselined: usize,
}

fn is_zero(count: &usize) -> bool {
    *count == 0
}

impl<'a> JsonDiagnostic<'a> {
    /// `positions` index the text the diagnostic's span points into.
    pub fn new(
        positions: &Positions<'a>,
        path: Option<&'a str>,
        diagnostic: &'a Diagnostic,
    ) -> Self {
        let source = positions.text();
        let (line, column) = positions.at(diagnostic.span.start);
        let (end_line, end_column) = positions.at(diagnostic.span.end);
        JsonDiagnostic {
            rule: &diagnostic.rule,
            category: diagnostic.category(),
            severity: diagnostic.severity.as_str(),
            message: &diagnostic.message,
            label: diagnostic
                .label
                .as_deref()
                .filter(|_| diagnostic.specific_label),
            path,
            line,
            column,
            end_line,
            end_column,
            byte_start: diagnostic.span.start,
            byte_end: diagnostic.span.end,
            text: source.get(diagnostic.span.clone()).unwrap_or(""),
            help: diagnostic.help.as_deref(),
            references: &diagnostic.references,
            fix: diagnostic.fix.as_ref().map(|fix| JsonFix {
                replacement: &fix.replacement,
                byte_start: fix.span.start,
                byte_end: fix.span.end,
                safety: fix.safety.as_str(),
            }),
            key: diagnostic.key.as_deref(),
        }
    }
}

pub fn write(outcome: &Outcome, out: &mut dyn WriteColor) -> io::Result<()> {
    let summary = &outcome.summary;
    let document = Document {
        version: 1,
        tool: Tool {
            name: "smslint",
            version: env!("CARGO_PKG_VERSION"),
        },
        diagnostics: outcome
            .reports
            .iter()
            .flat_map(|report| {
                let positions = report.positions();
                report
                    .diagnostics
                    .iter()
                    .map(move |d| JsonDiagnostic::new(&positions, Some(&report.path), d))
            })
            .collect(),
        summary: JsonSummary {
            files: summary.files,
            messages: summary.messages,
            errors: summary.errors,
            warnings: summary.warnings,
            infos: summary.infos,
            baselined: summary.baselined,
        },
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}
