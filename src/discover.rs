//! Stage 1: turn the paths on the command line into the files to lint.
//! Folders are walked with the `ignore` crate (ripgrep's walker), which
//! honours `.gitignore` and skips hidden entries.

use std::path::{Path, PathBuf};

use ignore::WalkBuilder;

use crate::config::CONFIG_NAMES;
use crate::read::is_catalog;
use crate::read::template::{is_template, not_template};

/// Folders never worth walking into, ignored or not.
const SKIPPED_DIRS: &[&str] = &["target", "node_modules"];

/// A file to lint, or a path that could not be walked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Found {
    File {
        /// The path as the user will see it in reports, `/`-separated.
        display: String,
        path: PathBuf,
        /// Named on the command line rather than found by the walk.
        explicit: bool,
    },
    Problem {
        display: String,
        message: String,
    },
}

impl Found {
    pub fn display(&self) -> &str {
        match self {
            Found::File { display, .. } | Found::Problem { display, .. } => display,
        }
    }
}

#[derive(Clone, Copy, Debug)]
pub struct WalkOptions {
    /// Honour `.gitignore`, `.ignore` and git's exclude files.
    pub respect_ignore_files: bool,
}

/// Every template or YAML file under `paths`, in a stable order (each argument's
/// files sorted by path), with duplicates removed.
pub fn discover(paths: &[PathBuf], options: WalkOptions) -> Vec<Found> {
    let mut found = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(metadata) if metadata.is_dir() => walk(path, options, &[], is_lintable, &mut found),
            Ok(_) => found.push(Found::File {
                display: display_path(path),
                path: path.clone(),
                explicit: true,
            }),
            Err(error) => found.push(Found::Problem {
                display: display_path(path),
                message: format!(
                    "cannot read `{}`: {}",
                    display_path(path),
                    error_text(&error)
                ),
            }),
        }
    }
    let mut seen = std::collections::HashSet::new();
    found.retain(|item| seen.insert(item.display().to_owned()));
    found
}

/// Every YAML file under the folder `root` (which may hold campaigns) but
/// outside the folders `skip` (walked already), in a stable order; folders
/// that cannot be read are passed over.
pub fn yaml_files(root: &Path, skip: &[PathBuf], options: WalkOptions) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let is_yaml = |path: &Path| crate::source::has_extension(path, crate::source::YAML_EXTENSIONS);
    walk(root, options, skip, is_yaml, &mut found);
    found
        .into_iter()
        .filter_map(|item| match item {
            Found::File { path, .. } => Some(path),
            Found::Problem { .. } => None,
        })
        .collect()
}

/// Walks `root` but not the folders `skip`, keeping the files whose path
/// inside the project `keep` accepts.
fn walk(
    root: &Path,
    options: WalkOptions,
    skip: &[PathBuf],
    keep: impl Fn(&Path) -> bool,
    found: &mut Vec<Found>,
) {
    // Folder names above the project (a checkout under `~/docs/`) say
    // nothing about its files.
    let absolute_root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let base = name_base(&absolute_root);
    let respect = options.respect_ignore_files;
    let skip = skip.to_vec();
    let walker = WalkBuilder::new(root)
        .hidden(true)
        .git_ignore(respect)
        .git_exclude(respect)
        .git_global(respect)
        .ignore(respect)
        .parents(respect)
        .require_git(false)
        // Links inside the tree are followed, as ripgrep's -L does; a loop
        // is detected and walked once.
        .follow_links(true)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(move |entry| {
            let is_dir = entry.file_type().is_some_and(|kind| kind.is_dir());
            !(is_dir
                && entry.depth() > 0
                && (SKIPPED_DIRS.iter().any(|name| entry.file_name() == *name)
                    || skip.iter().any(|done| entry.path() == done)))
        })
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                if !entry.file_type().is_some_and(|kind| kind.is_file()) {
                    continue;
                }
                let absolute =
                    absolute_root.join(entry.path().strip_prefix(root).unwrap_or(entry.path()));
                let in_project = absolute.strip_prefix(&base).unwrap_or(entry.path());
                if keep(in_project) {
                    found.push(Found::File {
                        display: display_path(entry.path()),
                        path: entry.into_path(),
                        explicit: false,
                    });
                }
            }
            // The loop's target was walked already: nothing is skipped.
            Err(ignore::Error::Loop { .. }) => {}
            Err(ignore::Error::WithDepth { err, .. })
                if matches!(*err, ignore::Error::Loop { .. }) => {}
            Err(error) => {
                let display = walk_error_path(&error)
                    .map_or_else(|| display_path(root), |path| display_path(&path));
                found.push(Found::Problem {
                    message: format!("cannot walk `{display}`: {}", walk_error_text(&error)),
                    display,
                });
            }
        }
    }
}

/// The project a file belongs to: the nearest folder above it with `.git`,
/// else the working folder when the file is under it, else its own folder.
/// Campaigns are looked for there, and folder names are read from there
/// down.
pub fn project_root(path: &Path) -> PathBuf {
    crate::source::project_of(path.parent().unwrap_or(path))
}

/// Where the folder names that say what a file is start being read: the
/// working folder when `path` (absolute) is under it, else its repository,
/// else the path itself. A checkout under `~/docs/` or `fixtures/layouts/`
/// does not make its files docs or layouts.
fn name_base(path: &Path) -> PathBuf {
    match std::env::current_dir() {
        Ok(cwd) if path.starts_with(&cwd) => cwd,
        _ => crate::source::repository_of(path)
            .unwrap_or(path)
            .to_path_buf(),
    }
}

/// The part of `path` (absolute) below its [`name_base`]: what name-based
/// decisions (template or not, SMS folder or not) read.
pub fn in_project(path: &Path) -> PathBuf {
    let base = name_base(path.parent().unwrap_or(path));
    path.strip_prefix(&base).unwrap_or(path).to_path_buf()
}

/// The files under the folders of `paths` that a walk passes over, each
/// with why (for `--show-files`): not a template, catalog or campaign by its
/// name, or one of smslint's own files. Ignored and hidden files are not
/// listed: the walk never looks at them.
pub fn passed_over(paths: &[PathBuf], options: WalkOptions) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for path in paths.iter().filter(|path| path.is_dir()) {
        walk(
            path,
            options,
            &[],
            |inside| !is_lintable(inside),
            &mut found,
        );
    }
    found
        .into_iter()
        .filter_map(|found| match found {
            Found::File { display, path, .. } => {
                let why = if is_own_file(&path) {
                    "smslint's own file (a config or the baseline)"
                } else if crate::read::is_manifest(&path) {
                    "a package manifest, lock file or tool config, never a catalog"
                } else {
                    not_template(&in_project(&std::path::absolute(&path).unwrap_or(path)))
                        .unwrap_or("not a template, catalog or campaign")
                };
                Some((display, format!("skipped: {why}")))
            }
            Found::Problem { .. } => None,
        })
        .collect()
}

/// Whether a folder walk lints this file (its path inside the project): a
/// template or a catalog, and not one of smslint's own files (its config,
/// its baseline).
pub fn is_lintable(path: &Path) -> bool {
    (is_template(path) || is_catalog(path) || crate::read::code::is_source(path))
        && !is_own_file(path)
}

/// smslint's own config files and the baseline the README names: never
/// messages.
pub fn is_own_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| CONFIG_NAMES.contains(&name) || name == BASELINE_NAME)
}

/// The baseline file name the README and `--write-baseline` suggest.
pub const BASELINE_NAME: &str = "smslint-baseline.json";

fn walk_error_path(error: &ignore::Error) -> Option<PathBuf> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        _ => None,
    }
}

fn walk_error_text(error: &ignore::Error) -> String {
    match error {
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => walk_error_text(err),
        ignore::Error::Io(io) => error_text(io),
        other => other.to_string(),
    }
}

/// An I/O error without the "(os error 2)" noise.
pub fn error_text(error: &std::io::Error) -> String {
    let text = error.to_string();
    match text.find(" (os error") {
        Some(cut) => text[..cut].to_lowercase(),
        None => text.to_lowercase(),
    }
}

/// `path` relative to the folder `base` (both absolute), `..` where it
/// lies outside, `/`-separated.
pub fn relative_display(path: &Path, base: &Path) -> String {
    let common = path
        .components()
        .zip(base.components())
        .take_while(|(a, b)| a == b)
        .count();
    let mut relative = PathBuf::new();
    for _ in common..base.components().count() {
        relative.push("..");
    }
    relative.extend(path.components().skip(common));
    display_path(&relative)
}

/// `/`-separated, without a leading `./`.
pub fn display_path(path: &Path) -> String {
    // A backslash is a path separator on Windows only; elsewhere it is part
    // of a file name, and rewriting it would name a file that does not exist.
    let text = path.to_string_lossy();
    let text = if cfg!(windows) {
        text.replace('\\', "/")
    } else {
        text.into_owned()
    };
    let mut shown = text.as_str();
    while let Some(rest) = shown.strip_prefix("./") {
        shown = rest;
    }
    if shown.is_empty() {
        ".".to_owned()
    } else {
        shown.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_paths_drop_the_leading_dot_slash() {
        assert_eq!(display_path(Path::new("./a/b.txt")), "a/b.txt");
        assert_eq!(display_path(Path::new("a/b.txt")), "a/b.txt");
        assert_eq!(display_path(Path::new(".")), ".");
    }

    #[test]
    fn io_errors_read_cleanly() {
        let error = std::io::Error::from_raw_os_error(2);
        assert_eq!(error_text(&error), "no such file or directory");
    }
}
