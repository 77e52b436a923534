//! Baselines for gradual adoption: `--write-baseline FILE` records today's
//! findings, `--baseline FILE` then reports only new ones. Entries are keyed
//! on (path, rule, normalised matched text), never on line numbers, so
//! moving a message within its file does not break the baseline.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostic::{FileReport, Summary};
use crate::error::SetupError;

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    version: u32,
    entries: Vec<Entry>,
    /// The folder of the baseline file: entry paths are relative to it, so
    /// a baseline matches from any working folder.
    #[serde(skip)]
    base: PathBuf,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    path: String,
    rule: String,
    /// The matched text, lower-cased with runs of white space as one space.
    text: String,
    /// How many findings share this key.
    count: usize,
}

/// What applying a baseline did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Applied {
    /// Findings dropped because the baseline has them.
    pub baselined: usize,
    /// Baseline entries (counting each repeat) that matched nothing: the
    /// baseline can shrink.
    pub stale: usize,
}

type Key = (String, String, String);

/// The absolute, cleaned folder of a baseline file.
fn folder_of(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    crate::paths::clean_path(absolute.parent().unwrap_or(Path::new("/")))
}

fn normalise(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A report's path relative to `base` (absolute): what a baseline records.
/// Reports without a file (stdin) keep their path as shown.
fn path_from(report: &FileReport, base: &Path) -> String {
    match &report.file {
        Some(file) => {
            let absolute = std::path::absolute(file).unwrap_or_else(|_| file.clone());
            crate::paths::relative_display(&crate::paths::clean_path(&absolute), base)
        }
        None => report.path.clone(),
    }
}

fn keys<'a>(report: &'a FileReport, base: &Path) -> impl Iterator<Item = Key> + 'a {
    let path = path_from(report, base);
    report.diagnostics.iter().map(move |diagnostic| {
        (
            path.clone(),
            diagnostic.rule.clone(),
            normalise(report.text(&diagnostic.span)),
        )
    })
}

impl Baseline {
    /// A baseline of every finding in `reports`, to be written at `at`.
    pub fn record(reports: &[FileReport], at: &Path) -> Baseline {
        let base = folder_of(at);
        let mut counts: BTreeMap<Key, usize> = BTreeMap::new();
        for key in reports.iter().flat_map(|report| keys(report, &base)) {
            *counts.entry(key).or_default() += 1;
        }
        Baseline {
            version: 1,
            entries: counts
                .into_iter()
                .map(|((path, rule, text), count)| Entry {
                    path,
                    rule,
                    text,
                    count,
                })
                .collect(),
            base,
        }
    }

    pub fn len(&self) -> usize {
        self.entries.iter().map(|entry| entry.count).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn write(&self, path: &Path) -> Result<(), SetupError> {
        let display = path.display().to_string();
        let mut text = serde_json::to_string_pretty(self)
            .map_err(|error| SetupError::file(&display, error.to_string()))?;
        text.push('\n');
        crate::fix::write_atomically(path, text.as_bytes(), None).map_err(|reason| {
            SetupError::file(&display, format!("cannot write the baseline: {reason}"))
        })
    }

    pub fn read(path: &Path) -> Result<Baseline, SetupError> {
        let display = path.display().to_string();
        let text = crate::source::read_text(path, crate::source::DEFAULT_MAX_FILE_SIZE).map_err(
            |reason| SetupError::file(&display, format!("cannot read the baseline: {reason}")),
        )?;
        let mut baseline: Baseline = serde_json::from_str(&text).map_err(|error| {
            let (line, column) = (error.line(), error.column());
            SetupError::file(
                &display,
                format!("invalid baseline at line {line}, column {column}: {error}"),
            )
        })?;
        baseline.base = folder_of(path);
        Ok(baseline)
    }

    /// Drops every finding the baseline records (up to its count per key)
    /// and recounts the summary.
    pub fn apply(&self, reports: &mut [FileReport], summary: &mut Summary) -> Applied {
        let mut remaining: BTreeMap<Key, usize> = self
            .entries
            .iter()
            .map(|entry| {
                (
                    (entry.path.clone(), entry.rule.clone(), entry.text.clone()),
                    entry.count,
                )
            })
            .collect();
        let mut applied = Applied::default();
        for report in reports.iter_mut() {
            let keep: Vec<bool> = keys(report, &self.base)
                .map(|key| match remaining.get_mut(&key) {
                    Some(count) if *count > 0 => {
                        *count -= 1;
                        applied.baselined += 1;
                        false
                    }
                    _ => true,
                })
                .collect();
            let mut keep = keep.into_iter();
            report.diagnostics.retain(|_| keep.next().unwrap_or(true));
        }
        applied.stale = remaining.values().sum();
        *summary = Summary::default();
        for report in reports.iter() {
            summary.add(report);
        }
        summary.baselined = applied.baselined;
        applied
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Diagnostic, Severity};

    fn report(path: &str, source: &str, found: &[(&str, &str)]) -> FileReport {
        FileReport {
            path: path.into(),
            file: None,
            source: Some(source.into()),
            messages: 1,
            diagnostics: found
                .iter()
                .map(|(rule, text)| {
                    let start = source.find(text).unwrap();
                    Diagnostic {
                        rule: (*rule).into(),
                        severity: Severity::Error,
                        message: String::new(),
                        span: start..start + text.len(),
                        label: None,
                        help: None,
                        notes: Vec::new(),
                        references: Vec::new(),
                        fix: None,
                        key: None,
                    }
                })
                .collect(),
        }
    }

    #[test]
    fn findings_that_moved_stay_baselined_and_new_ones_do_not() {
        let before = [report(
            "a.txt",
            "vodka and Gin",
            &[("shaft/alcohol", "vodka"), ("shaft/alcohol", "Gin")],
        )];
        let baseline = Baseline::record(&before, Path::new("smslint-baseline.json"));
        assert_eq!(baseline.len(), 2);

        // The same words on other lines, in other case, plus one new finding.
        let mut after = [report(
            "a.txt",
            "hello\n\nGIN then vodka, then rum",
            &[
                ("shaft/alcohol", "GIN"),
                ("shaft/alcohol", "vodka"),
                ("shaft/alcohol", "rum"),
            ],
        )];
        let mut summary = Summary::default();
        let applied = baseline.apply(&mut after, &mut summary);
        assert_eq!(
            applied,
            Applied {
                baselined: 2,
                stale: 0
            }
        );
        assert_eq!(after[0].diagnostics.len(), 1);
        assert_eq!(after[0].text(&after[0].diagnostics[0].span), "rum");
        assert_eq!(summary.errors, 1);
    }

    #[test]
    fn entries_that_match_nothing_are_counted_stale() {
        let baseline = Baseline::record(
            &[report("a.txt", "vodka", &[("shaft/alcohol", "vodka")])],
            Path::new("smslint-baseline.json"),
        );
        let mut fixed = [report("a.txt", "water", &[])];
        let applied = baseline.apply(&mut fixed, &mut Summary::default());
        assert_eq!(
            applied,
            Applied {
                baselined: 0,
                stale: 1
            }
        );
    }
}
