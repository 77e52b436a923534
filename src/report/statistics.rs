//! `--statistics`: how many diagnostics each rule raised, most frequent first.

use std::collections::BTreeMap;
use std::io;

use serde::Serialize;

use crate::diagnostic::Severity;
use crate::lint::Outcome;
use crate::rules::Fill;

#[derive(Serialize)]
struct Row<'a> {
    rule: &'a str,
    count: usize,
    severity: &'static str,
    message: String,
}

/// Rows per rule. A row's message is its findings' own when they all say
/// the same (the brand and opt-out of their context filled in), else the
/// rule's template filled without a context ("[brand name]").
fn rows(outcome: &Outcome) -> Vec<Row<'_>> {
    let mut counts: BTreeMap<&str, (usize, Severity, Option<&str>, bool)> = BTreeMap::new();
    for diagnostic in outcome
        .reports
        .iter()
        .flat_map(|report| &report.diagnostics)
    {
        let entry =
            counts
                .entry(diagnostic.rule.as_str())
                .or_insert((0, diagnostic.severity, None, false));
        entry.0 += 1;
        entry.1 = entry.1.max(diagnostic.severity);
        match entry.2 {
            None => entry.2 = Some(diagnostic.message.as_str()),
            Some(first) if first != diagnostic.message => entry.3 = true,
            Some(_) => {}
        }
    }
    let mut rows: Vec<Row> = counts
        .into_iter()
        .map(|(rule, (count, severity, first, mixed))| {
            let template = outcome.rules.get(rule).map(|rule| rule.message.as_str());
            let message = match (first, template) {
                (Some(first), _) if !mixed => first.to_owned(),
                (_, Some(template)) => Fill::default().apply(template),
                (first, None) => first.unwrap_or_default().to_owned(),
            };
            Row {
                rule,
                count,
                severity: severity.as_str(),
                message,
            }
        })
        .collect();
    // Most frequent first; ties in rule order, so the output is stable.
    rows.sort_by(|a, b| b.count.cmp(&a.count).then(a.rule.cmp(b.rule)));
    rows
}

pub fn write(outcome: &Outcome, json: bool, out: &mut dyn io::Write) -> io::Result<()> {
    let rows = rows(outcome);
    if json {
        serde_json::to_writer_pretty(&mut *out, &rows)?;
        return writeln!(out);
    }
    let width = rows.iter().map(|row| row.rule.len()).max().unwrap_or(0);
    for row in &rows {
        writeln!(
            out,
            "{:>6}  {:width$}  {:7}  {}",
            row.count, row.rule, row.severity, row.message
        )?;
    }
    let total: usize = rows.iter().map(|row| row.count).sum();
    writeln!(out, "{total:>6}  total")
}
