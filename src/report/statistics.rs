//! `--statistics`: how many diagnostics each rule raised, most frequent first.

use std::collections::BTreeMap;
use std::io;

use serde::Serialize;

use crate::diagnostic::Severity;
use crate::lint::Outcome;

#[derive(Serialize)]
struct Row<'a> {
    rule: &'a str,
    count: usize,
    severity: &'static str,
    message: &'a str,
}

fn rows(outcome: &Outcome) -> Vec<Row<'_>> {
    let mut counts: BTreeMap<&str, (usize, Severity, &str)> = BTreeMap::new();
    for diagnostic in outcome
        .reports
        .iter()
        .flat_map(|report| &report.diagnostics)
    {
        let entry = counts
            .entry(diagnostic.rule.as_str())
            .or_insert((0, diagnostic.severity, ""));
        entry.0 += 1;
        entry.1 = entry.1.max(diagnostic.severity);
        entry.2 = outcome
            .rules
            .get(&diagnostic.rule)
            .map_or(diagnostic.message.as_str(), |rule| rule.message.as_str());
    }
    let mut rows: Vec<Row> = counts
        .into_iter()
        .map(|(rule, (count, severity, message))| Row {
            rule,
            count,
            severity: severity.as_str(),
            message,
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
