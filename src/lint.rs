//! The pipeline end to end: discover → settings per file → read and split
//! into messages → check → suppress. Rendering is the caller's.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::check::Checker;
use crate::config::{unknown_selector_message, ConfigChoice, Resolver, RuleLayer, Settings};
use crate::context::ContextLayer;
use crate::diagnostic::{Diagnostic, FileReport, Summary};
use crate::discover::{discover, error_text, Found, WalkOptions};
use crate::encoding::{self, Count};
use crate::error::SetupError;
use crate::rules::RuleSet;
use crate::source::{self, Content};
use crate::suppress;

/// Ids of the diagnostics smslint raises about input itself; each is
/// documented as a `builtin` rule in `rules/input.yaml`.
pub mod input {
    pub const UNREADABLE: &str = "input/unreadable";
    pub const BINARY: &str = "input/binary";
    pub const INVALID_UTF8: &str = "input/invalid-utf8";
    pub const ALL: &[&str] = &[UNREADABLE, BINARY, INVALID_UTF8];
}

/// One message read from standard input.
#[derive(Clone, Debug)]
pub struct Stdin {
    pub bytes: Vec<u8>,
    /// The path config matching and reports use (`--stdin-filename`).
    pub filename: Option<PathBuf>,
}

#[derive(Clone, Debug)]
pub struct Options {
    pub paths: Vec<PathBuf>,
    /// When set, lint this instead of `paths`.
    pub stdin: Option<Stdin>,
    pub config: ConfigChoice,
    /// Context from the command line: wins over every config.
    pub context: ContextLayer,
    /// Rule selection from the command line.
    pub rules: RuleLayer,
    pub walk: WalkOptions,
    /// Apply config `exclude` even to files named on the command line.
    pub force_exclude: bool,
}

/// What a run found, reports sorted by path and diagnostics by position.
#[derive(Debug)]
pub struct Outcome {
    pub reports: Vec<FileReport>,
    pub summary: Summary,
}

/// A file (or stdin) to lint with its settings, or a path that failed.
enum Planned {
    File {
        display: String,
        path: PathBuf,
        settings: Settings,
    },
    Stdin {
        display: String,
        bytes: Vec<u8>,
        settings: Settings,
    },
    Problem {
        display: String,
        message: String,
    },
}

/// Runs the whole pipeline. Errors are setup errors (config, rule files,
/// command-line values): nothing was linted.
pub fn lint(options: &Options) -> Result<Outcome, Vec<SetupError>> {
    let mut resolver = Resolver::new(
        options.config.clone(),
        options.context.clone(),
        options.rules.clone(),
    )
    .map_err(|error| vec![error])?;
    let planned = plan(options, &mut resolver).map_err(|error| vec![error])?;

    let rules = RuleSet::load(&resolver.custom_rule_files())?;
    let mut errors = resolver.validate(&rules);
    let cli_selectors = options
        .rules
        .select
        .iter()
        .flatten()
        .chain(&options.rules.ignore);
    for selector in cli_selectors {
        if selector != "all" && !rules.selector_exists(selector) {
            errors.push(SetupError::usage(unknown_selector_message(
                selector, &rules,
            )));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let checker = Checker::new(rules).map_err(|error| vec![error])?;

    let mut reports: Vec<FileReport> = planned
        .into_par_iter()
        .map(|item| lint_one(&checker, item))
        .collect();
    reports.sort_by(|a, b| a.path.as_bytes().cmp(b.path.as_bytes()));
    let mut summary = Summary::default();
    for report in &reports {
        summary.add(report);
    }
    Ok(Outcome { reports, summary })
}

fn plan(options: &Options, resolver: &mut Resolver) -> Result<Vec<Planned>, SetupError> {
    if let Some(stdin) = &options.stdin {
        let (display, path) = match &stdin.filename {
            Some(name) => (crate::discover::display_path(name), name.clone()),
            None => ("-".to_owned(), PathBuf::from("-")),
        };
        let (settings, _) = resolver.resolve(&absolute(&path))?;
        return Ok(vec![Planned::Stdin {
            display,
            bytes: stdin.bytes.clone(),
            settings,
        }]);
    }
    let mut planned = Vec::new();
    for found in discover(&options.paths, options.walk) {
        match found {
            Found::File {
                display,
                path,
                explicit,
            } => {
                let (settings, excluded) = resolver.resolve(&absolute(&path))?;
                if excluded && (!explicit || options.force_exclude) {
                    continue;
                }
                planned.push(Planned::File {
                    display,
                    path,
                    settings,
                });
            }
            Found::Problem { display, message } => {
                planned.push(Planned::Problem { display, message })
            }
        }
    }
    Ok(planned)
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// A planned item, read: its content, or why it could not be read.
struct Loaded {
    display: String,
    file: Option<PathBuf>,
    settings: Settings,
    content: Result<Content, String>,
}

fn load(item: Planned) -> Loaded {
    match item {
        Planned::File {
            display,
            path,
            settings,
        } => Loaded {
            content: source::read(&path)
                .map_err(|error| format!("cannot read `{display}`: {}", error_text(&error))),
            file: Some(path),
            display,
            settings,
        },
        Planned::Stdin {
            display,
            bytes,
            settings,
        } => Loaded {
            display,
            file: None,
            settings,
            content: Ok(source::decode(bytes)),
        },
        Planned::Problem { display, message } => Loaded {
            display,
            file: None,
            settings: Settings::default(),
            content: Err(message),
        },
    }
}

fn lint_one(checker: &Checker, item: Planned) -> FileReport {
    let loaded = load(item);
    match loaded.content {
        Ok(content) => {
            let mut report = lint_content(checker, loaded.display, content, &loaded.settings);
            report.file = loaded.file;
            report
        }
        Err(message) => problem(checker, loaded.display, input::UNREADABLE, message),
    }
}

fn lint_content(
    checker: &Checker,
    display: String,
    content: Content,
    settings: &Settings,
) -> FileReport {
    match content {
        Content::Text(text) => {
            let messages = source::messages(&text);
            let mut diagnostics: Vec<Diagnostic> = messages
                .iter()
                .flat_map(|message| checker.check(message, &settings.context))
                .collect();
            suppress::apply(&mut diagnostics, settings, checker.rules());
            diagnostics.sort_by(|a, b| (a.span.start, &a.rule).cmp(&(b.span.start, &b.rule)));
            let count = messages.len();
            drop(messages);
            FileReport {
                path: display,
                file: None,
                messages: count,
                source: Some(text),
                diagnostics,
            }
        }
        Content::Binary => problem(
            checker,
            display,
            input::BINARY,
            "binary file: it contains NUL bytes, so it is not a message template".to_owned(),
        ),
        Content::InvalidUtf8 {
            valid_prefix,
            bad_byte,
        } => {
            let (line, column) = crate::diagnostic::position_in(&valid_prefix, bad_byte);
            let mut report = problem(
                checker,
                display,
                input::INVALID_UTF8,
                format!(
                    "not valid UTF-8: the first invalid byte is at line {line}, column {column} (byte {bad_byte})"
                ),
            );
            if let Some(diagnostic) = report.diagnostics.first_mut() {
                diagnostic.span = bad_byte..bad_byte;
            }
            report.source = Some(valid_prefix);
            report
        }
    }
}

/// What one message costs, for `smslint inspect`.
#[derive(Debug)]
pub struct MessageCost {
    /// Byte range of the message in the file.
    pub span: std::ops::Range<usize>,
    pub count: Count,
    /// Characters outside GSM-7, by byte offset in the file, with their
    /// Smart Encoding replacement where there is one.
    pub forcing: Vec<(usize, char, Option<&'static str>)>,
}

/// The costs of every message of one file, or why it could not be read.
#[derive(Debug)]
pub struct FileCosts {
    pub path: String,
    pub source: Option<String>,
    pub messages: Vec<MessageCost>,
    pub problem: Option<String>,
}

/// Counts every message the options name, as `smslint inspect` shows them.
pub fn inspect(options: &Options) -> Result<Vec<FileCosts>, Vec<SetupError>> {
    let mut resolver = Resolver::new(
        options.config.clone(),
        options.context.clone(),
        options.rules.clone(),
    )
    .map_err(|error| vec![error])?;
    let planned = plan(options, &mut resolver).map_err(|error| vec![error])?;
    let mut files: Vec<FileCosts> = planned
        .into_par_iter()
        .map(|item| costs(load(item)))
        .collect();
    files.sort_by(|a, b| a.path.as_bytes().cmp(b.path.as_bytes()));
    Ok(files)
}

fn costs(loaded: Loaded) -> FileCosts {
    let text = match loaded.content {
        Ok(Content::Text(text)) => text,
        Ok(Content::Binary) => return FileCosts::problem(loaded.display, "binary file".into()),
        Ok(Content::InvalidUtf8 { bad_byte, .. }) => {
            return FileCosts::problem(loaded.display, format!("not valid UTF-8 (byte {bad_byte})"))
        }
        Err(message) => return FileCosts::problem(loaded.display, message),
    };
    let counting = &loaded.settings.context.counting;
    let messages = source::messages(&text)
        .iter()
        .map(|message| MessageCost {
            span: message.whole(),
            count: encoding::count_message(message, counting),
            forcing: message
                .masked
                .char_indices()
                .filter(|(_, c)| encoding::gsm_septets(*c).is_none())
                .map(|(offset, c)| {
                    let at = message.file_span(offset..offset + c.len_utf8()).start;
                    (at, c, encoding::smart_replacement(c))
                })
                .collect(),
        })
        .collect();
    FileCosts {
        path: loaded.display,
        source: Some(text),
        messages,
        problem: None,
    }
}

impl FileCosts {
    fn problem(path: String, message: String) -> FileCosts {
        FileCosts {
            path,
            source: None,
            messages: Vec::new(),
            problem: Some(message),
        }
    }

    /// 1-based line and column of a byte offset of the file.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        crate::diagnostic::position_in(self.source.as_deref().unwrap_or(""), offset)
    }
}

/// A report holding one `input/*` error about the file as a whole.
fn problem(checker: &Checker, display: String, rule_id: &str, message: String) -> FileReport {
    let rule = checker.rules().get(rule_id);
    let diagnostic = Diagnostic {
        rule: rule_id.to_owned(),
        severity: rule.map_or(crate::diagnostic::Severity::Error, |rule| rule.severity),
        message,
        span: 0..0,
        label: None,
        help: rule.and_then(|rule| rule.help.clone()),
        notes: rule
            .and_then(|rule| rule.note.clone())
            .into_iter()
            .collect(),
        references: rule.map(|rule| rule.references.clone()).unwrap_or_default(),
        fix: None,
    };
    FileReport {
        path: display,
        file: None,
        source: None,
        messages: 0,
        diagnostics: vec![diagnostic],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_input_diagnostic_is_documented_as_a_builtin_rule() {
        let rules = RuleSet::builtin().unwrap();
        for id in input::ALL {
            let rule = rules
                .get(id)
                .unwrap_or_else(|| panic!("{id} is not in rules/"));
            assert!(
                matches!(rule.matcher, crate::rules::Matcher::Builtin),
                "{id}"
            );
        }
    }
}
