//! Stage 5: render an [`Outcome`] in the format the user asked for. Every
//! byte smslint prints goes through here.

mod concise;
mod github;
mod human;
pub mod inspect;
pub mod json;
mod junit;
mod rules;
mod sarif;
mod statistics;

use std::io::{self, Write};

use codespan_reporting::term::termcolor::WriteColor;

use crate::diagnostic::Summary;
use crate::lint::Outcome;

pub use human::write_setup_errors;
pub use rules::{rule_file, shown as shown_rule_text, write_explanation, write_rule_list};
pub use statistics::write as write_statistics;

/// Report paths made relative to the repository root, `/`-separated: how
/// GitHub resolves the files of annotations and of SARIF results, whatever
/// folder smslint ran from.
pub(crate) struct RepositoryPaths {
    cwd: std::path::PathBuf,
    /// The repository root of each folder asked about (the folder holding
    /// `.git`), or the working folder outside a repository.
    roots: std::cell::RefCell<std::collections::HashMap<std::path::PathBuf, std::path::PathBuf>>,
}

impl RepositoryPaths {
    pub(crate) fn new() -> RepositoryPaths {
        RepositoryPaths {
            cwd: std::env::current_dir().unwrap_or_default(),
            roots: std::cell::RefCell::default(),
        }
    }

    /// `path` as reports show it (relative to the working folder), relative
    /// to the root of the file's own repository instead, wherever smslint
    /// ran from (as annotations and code scanning resolve it); `-`
    /// (standard input) stays. A `\` in a name stays a `\` off Windows.
    pub(crate) fn of(&self, path: &str) -> String {
        if path == "-" {
            return path.to_owned();
        }
        // Lexically: `sub/../a.txt` is `a.txt`, whatever symbolic links say.
        let absolute = crate::paths::clean_path(&self.cwd.join(path));
        let folder = absolute.parent().unwrap_or(&absolute).to_path_buf();
        let root = self
            .roots
            .borrow_mut()
            .entry(folder)
            .or_insert_with_key(|folder| {
                crate::paths::repository_of(folder)
                    .unwrap_or(&self.cwd)
                    .to_path_buf()
            })
            .clone();
        absolute
            .strip_prefix(&root)
            .map(crate::paths::display_path)
            .unwrap_or_else(|_| path.to_owned())
    }
}

/// Report formats of `smslint check --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Human,
    Concise,
    Json,
    Sarif,
    Github,
    /// A file fails its test case when it has a finding at or above
    /// `fail_on`, as the exit code counts.
    Junit {
        fail_on: crate::diagnostic::Severity,
    },
}

impl Format {
    /// Formats meant for people, which may be coloured.
    pub fn is_human(self) -> bool {
        matches!(self, Format::Human | Format::Concise)
    }
}

/// Writes the report of a run.
pub fn write_report(format: Format, outcome: &Outcome, out: &mut dyn WriteColor) -> io::Result<()> {
    match format {
        Format::Human => human::write(outcome, out),
        Format::Concise => concise::write(outcome, out),
        Format::Json => json::write(outcome, out),
        Format::Sarif => sarif::write(outcome, out),
        Format::Github => github::write(outcome, out),
        Format::Junit { fail_on } => junit::write(outcome, fail_on, out),
    }
}

/// The last line of human and concise output.
fn write_summary(summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
    use crate::diagnostic::counted;
    let findings = if summary.errors + summary.warnings + summary.infos == 0 {
        "no problems found".to_owned()
    } else {
        format!(
            "{}, {}, {}",
            counted(summary.errors, "error"),
            counted(summary.warnings, "warning"),
            counted(summary.infos, "info")
        )
    };
    let baselined = match summary.baselined {
        0 => String::new(),
        count => format!(" ({count} more in the baseline)"),
    };
    writeln!(
        out,
        "smslint: checked {}, {}: {findings}{baselined}",
        counted(summary.files, "file"),
        counted(summary.messages, "message"),
    )
}
