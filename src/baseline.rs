//! Baselines for gradual adoption: `--write-baseline FILE` records today's
//! findings, `--baseline FILE` then reports only new ones. Entries are keyed
//! on (path, rule, normalised matched text), never on line numbers, so
//! moving a message within its file does not break the baseline. A finding
//! about a whole message (a missing opt-out or brand) is keyed on the
//! message's key instead (`<message en.orders.sms>`, or `<message>` where it
//! has none), so that an edit elsewhere in the message keeps it matched.

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
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Applied {
    /// Findings dropped because the baseline has them.
    pub baselined: usize,
    /// Baseline entries (counting each repeat) that matched nothing: the
    /// baseline can shrink.
    pub stale: usize,
    /// Those entries, as `path: rule "text"` (with `(xN)` for repeats), in
    /// the baseline's order.
    pub stale_entries: Vec<String>,
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
            let absolute = crate::paths::absolute(file);
            crate::paths::relative_display(&crate::paths::clean_path(&absolute), base)
        }
        None => report.path.clone(),
    }
}

/// Each finding's key, and the key baselines written before it gave the
/// same finding: a whole message's normalised text, or a pattern's whole
/// match where only its term is reported now.
fn keys<'a>(report: &'a FileReport, base: &Path) -> impl Iterator<Item = (Key, Option<Key>)> + 'a {
    let path = path_from(report, base);
    report.diagnostics.iter().map(move |diagnostic| {
        let text = normalise(report.text(&diagnostic.span));
        let key = |text: String| (path.clone(), diagnostic.rule.clone(), text);
        if diagnostic.whole_message {
            let message = match &diagnostic.key {
                Some(name) => format!("<message {name}>"),
                None => "<message>".to_owned(),
            };
            (key(message), Some(key(text)))
        } else {
            let legacy = diagnostic
                .pattern_span
                .as_ref()
                .map(|matched| key(normalise(report.text(matched))));
            (key(text), legacy)
        }
    })
}

impl Baseline {
    /// A baseline of every finding in `reports`, to be written at `at`.
    pub fn record(reports: &[FileReport], at: &Path) -> Baseline {
        let base = folder_of(at);
        let mut counts: BTreeMap<Key, usize> = BTreeMap::new();
        for (key, _) in reports.iter().flat_map(|report| keys(report, &base)) {
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
                .map(|(key, legacy)| {
                    let mut take = |key: &Key| match remaining.get_mut(key) {
                        Some(count) if *count > 0 => {
                            *count -= 1;
                            true
                        }
                        _ => false,
                    };
                    let matched = take(&key) || legacy.is_some_and(|legacy| take(&legacy));
                    applied.baselined += usize::from(matched);
                    !matched
                })
                .collect();
            let mut keep = keep.into_iter();
            report.diagnostics.retain(|_| keep.next().unwrap_or(true));
        }
        applied.stale = remaining.values().sum();
        applied.stale_entries = remaining
            .iter()
            .filter(|(_, count)| **count > 0)
            .map(|((path, rule, text), count)| {
                let repeats = if *count > 1 {
                    format!(" (x{count})")
                } else {
                    String::new()
                };
                format!("{path}: {rule} {text:?}{repeats}")
            })
            .collect();
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
            keys: crate::diagnostic::KeyKind::Catalog,
            first_line: 1,
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
                        specific_label: false,
                        whole_message: false,
                        pattern_span: None,
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
                ..Applied::default()
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
                stale: 1,
                stale_entries: vec![r#"a.txt: shaft/alcohol "vodka""#.to_owned()],
            }
        );
    }

    /// A missing opt-out stays baselined when another part of its message
    /// changes, and a baseline written with the message's text still
    /// matches it.
    #[test]
    fn whole_message_findings_survive_an_unrelated_edit() {
        let whole = |path: &str, text: &str| {
            let mut report = report(path, text, &[("opt-out/missing", text)]);
            report.diagnostics[0].whole_message = true;
            report
        };
        let baseline = Baseline::record(
            &[whole("a.txt", "Sale today at bit.ly/x")],
            Path::new("smslint-baseline.json"),
        );
        let mut edited = [whole("a.txt", "Sale today at https://acme.com/sale")];
        let applied = baseline.apply(&mut edited, &mut Summary::default());
        assert_eq!((applied.baselined, applied.stale), (1, 0));
        assert!(edited[0].diagnostics.is_empty());

        let legacy = Baseline::record(
            &[report(
                "a.txt",
                "Sale today",
                &[("opt-out/missing", "Sale today")],
            )],
            Path::new("smslint-baseline.json"),
        );
        let mut same = [whole("a.txt", "Sale today")];
        assert_eq!(
            legacy.apply(&mut same, &mut Summary::default()).baselined,
            1
        );
        let mut other = [whole("a.txt", "Sale tomorrow")];
        assert_eq!(
            legacy.apply(&mut other, &mut Summary::default()).baselined,
            0
        );
    }
}
