//! Stage 1: turn the paths on the command line into the files to lint.
//! Folders are walked with the `ignore` crate (ripgrep's walker), which
//! honours `.gitignore` and skips hidden entries.

use std::path::{Path, PathBuf};

use ignore::WalkBuilder;

use crate::classify::{classify, keeps, Reach, Verdict};
use crate::paths::{display_path, error_text, strip_prefix};

/// Folders never worth walking into, ignored or not.
const SKIPPED_DIRS: &[&str] = &["target", "node_modules"];

/// A file to lint, or a path that could not be walked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Found {
    File {
        /// The path as the user will see it in reports, `/`-separated.
        display: String,
        path: PathBuf,
        /// Named on the command line, or found by a walk (of a project's
        /// root or not): what [`classify`] needs to know.
        reach: Reach,
        /// The path below where folder names start saying what a file is
        /// ([`in_project`]), as the walk judged it: what [`classify`] reads.
        inside: PathBuf,
        /// What [`classify`] made of it at this reach, when the walk
        /// classified it already (it does, to know what to keep).
        verdict: Option<Verdict>,
    },
    /// A symbolic link whose target does not exist (a submodule that was
    /// not checked out, a file since deleted).
    BrokenLink {
        display: String,
        path: PathBuf,
    },
    /// A line of an ignore file (`.gitignore`, `.ignore`) at a walked
    /// folder that is no valid pattern: the walker would drop it silently,
    /// walking what it was meant to hide.
    IgnorePattern {
        display: String,
        path: PathBuf,
        /// The line's byte range in the file.
        span: std::ops::Range<usize>,
        message: String,
    },
    /// A symbolic link that leads out of the project, or into its `.git`:
    /// never followed, since a pull request can add one to make the report
    /// print a secret ([`crate::paths::inside_project`]).
    LinkOutside {
        display: String,
        path: PathBuf,
    },
    Problem {
        display: String,
        message: String,
    },
}

impl Found {
    pub fn display(&self) -> &str {
        match self {
            Found::File { display, .. }
            | Found::BrokenLink { display, .. }
            | Found::LinkOutside { display, .. }
            | Found::IgnorePattern { display, .. }
            | Found::Problem { display, .. } => display,
        }
    }
}

#[derive(Clone, Copy, Debug)]
pub struct WalkOptions {
    /// Honour `.gitignore`, `.ignore` and git's exclude files.
    pub respect_ignore_files: bool,
    /// Keep the project index in `.smslint_cache/` ([`crate::index`]).
    pub cache: bool,
}

/// Every file under `paths` that [`crate::classify`] reads, or may read once
/// the config and campaigns are known; the links and ignore-file lines to
/// report; and what could not be walked. In a stable order (each
/// argument's files sorted by path), each path once.
pub fn discover(paths: &[PathBuf], options: WalkOptions) -> Vec<Found> {
    let mut found = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(metadata) if metadata.is_dir() && leaves_project(path) => {
                found.push(Found::LinkOutside {
                    display: display_path(path),
                    path: path.clone(),
                });
            }
            Ok(metadata) if metadata.is_dir() => {
                if options.respect_ignore_files {
                    found.extend(ignore_problems(path));
                }
                walk(path, options, None, kept_when(keeps), &mut found);
            }
            Ok(_) if leaves_project(path) => found.push(Found::LinkOutside {
                display: display_path(path),
                path: path.clone(),
            }),
            Ok(_) => found.push(Found::File {
                display: display_path(path),
                inside: in_project(&std::path::absolute(path).unwrap_or_else(|_| path.clone())),
                path: path.clone(),
                reach: Reach::Named,
                verdict: None,
            }),
            Err(_) if is_broken_link(path) => found.push(Found::BrokenLink {
                display: display_path(path),
                path: path.clone(),
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
    // A path named twice, or walked twice, is linted once; every line of
    // an ignore file is its own finding.
    let mut seen = std::collections::HashSet::new();
    found.retain(|item| {
        matches!(item, Found::IgnorePattern { .. }) || seen.insert(item.display().to_owned())
    });
    found
}

/// What [`governing_files`] found.
pub struct Governing {
    /// Every folder the walk entered, root included, in walk order.
    pub folders: Vec<PathBuf>,
    /// The YAML files (which may be campaigns) and catalogs, in walk order.
    pub files: Vec<PathBuf>,
    /// Nothing failed: no folder that could not be read, no broken link.
    pub complete: bool,
}

/// The files under the project folder `root` that may govern others
/// (YAML files, which may be campaigns, and catalogs), and every folder
/// the walk entered: what [`crate::index`] keeps.
pub fn governing_files(root: &Path, options: WalkOptions) -> Governing {
    let mut found = Vec::new();
    let mut folders = Vec::new();
    // YAML is a catalog format: campaigns are among these.
    let governs = |path: &Path, _| crate::read::Format::of(path).is_some().then_some(None);
    walk(root, options, Some(&mut folders), governs, &mut found);
    let mut complete = true;
    let files = found
        .into_iter()
        .filter_map(|item| match item {
            Found::File { path, .. } => Some(path),
            Found::Problem { .. } | Found::BrokenLink { .. } => {
                complete = false;
                None
            }
            _ => None,
        })
        .collect();
    Governing {
        folders,
        files,
        complete,
    }
}

/// The lines of the ignore files of the folder `root` that are no valid
/// pattern (`foo[`), each with why.
fn ignore_problems(root: &Path) -> Vec<Found> {
    let mut found = Vec::new();
    for name in [".gitignore", ".ignore"] {
        let path = root.join(name);
        let Ok(text) = crate::source::read_text(&path, crate::source::DEFAULT_MAX_FILE_SIZE) else {
            continue;
        };
        let mut builder = ignore::gitignore::GitignoreBuilder::new(root);
        let mut start = 0;
        for line in text.split_inclusive('\n') {
            let pattern = line.trim_end_matches(['\n', '\r']);
            if let Err(error) = builder.add_line(None, pattern) {
                found.push(Found::IgnorePattern {
                    display: display_path(&path),
                    path: path.clone(),
                    span: start..start + pattern.len(),
                    message: format!(
                        "`{pattern}` is no valid pattern ({error}): the walk does not apply it"
                    ),
                });
            }
            start += line.len();
        }
    }
    found
}

/// Whether the file `path` is reached through a symbolic link (itself or a
/// folder above it) that leads out of its project or into `.git`.
fn leaves_project(path: &Path) -> bool {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let absolute = crate::paths::clean_path(&absolute);
    let project = crate::paths::project_of(absolute.parent().unwrap_or(&absolute));
    !crate::paths::inside_project(&absolute, &project)
}

/// Whether a walk of the folder `root` is a walk of a whole repository
/// (rule 4 of [`crate::classify`]): it holds `.git`. `smslint check
/// templates/` is not, nor is a loose folder of templates.
pub fn is_project_root(root: &Path) -> bool {
    root.join(".git").exists()
}

/// Whether `path` is a symbolic link whose target does not exist (a loop
/// of links is another matter: `input/unreadable`).
fn is_broken_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|meta| meta.file_type().is_symlink())
        && std::fs::metadata(path).is_err_and(|error| error.kind() == std::io::ErrorKind::NotFound)
}

/// Walks `root`, keeping the files whose path inside the project `keep`
/// accepts (told too whether `root` is a repository's root,
/// [`is_project_root`]; it answers with the file's [`Verdict`] when it
/// worked it out), and listing in `folders` those it entered.
fn walk(
    root: &Path,
    options: WalkOptions,
    mut folders: Option<&mut Vec<PathBuf>>,
    keep: impl Fn(&Path, bool) -> Option<Option<Verdict>> + Sync,
    found: &mut Vec<Found>,
) {
    // Folder names above the project (a checkout under `~/docs/`) say
    // nothing about its files.
    let absolute_root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let base = name_base(&absolute_root);
    let respect = options.respect_ignore_files;
    let at_root = is_project_root(root);
    // Links are followed only inside the project: the ones that lead out
    // are collected here (the filter runs on the walker's threads).
    let project = crate::paths::project_of(&absolute_root);
    let outside = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let escaped = std::sync::Arc::clone(&outside);
    let (absolute_root_for_filter, root_for_filter) = (absolute_root.clone(), root.to_path_buf());
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
        // Walked on every thread, as ripgrep walks; put back in the order
        // of a walk sorted by name below.
        // (At most 12, as ignore chooses by itself.)
        .threads(rayon::current_num_threads().min(12))
        .filter_entry(move |entry| {
            if entry.path_is_symlink() {
                let absolute = absolute_root_for_filter.join(
                    entry
                        .path()
                        .strip_prefix(&root_for_filter)
                        .unwrap_or(entry.path()),
                );
                if !crate::paths::inside_project(&absolute, &project) {
                    if let Ok(mut escaped) = escaped.lock() {
                        escaped.push(entry.path().to_path_buf());
                    }
                    return false;
                }
            }
            let is_dir = entry.file_type().is_some_and(|kind| kind.is_dir());
            !(is_dir
                && entry.depth() > 0
                && SKIPPED_DIRS.iter().any(|name| entry.file_name() == *name))
        })
        .build_parallel();
    let want_folders = folders.is_some();
    // Each entry with the path it sorts by (a path compares component by
    // component: a folder's files come before its next sibling's name).
    let walked: std::sync::Mutex<Vec<(PathBuf, Walked)>> = std::sync::Mutex::new(Vec::new());
    walker.run(|| {
        let (walked, keep, base, absolute_root) = (&walked, &keep, &base, &absolute_root);
        Box::new(move |entry| {
            let item = match entry {
                Ok(entry) => {
                    let is_dir = entry.file_type().is_some_and(|kind| kind.is_dir());
                    if want_folders && is_dir {
                        push(walked, (entry.path().to_path_buf(), Walked::Folder));
                    }
                    if !entry.file_type().is_some_and(|kind| kind.is_file()) {
                        return ignore::WalkState::Continue;
                    }
                    let absolute = absolute_root
                        .join(strip_prefix(entry.path(), root).unwrap_or(entry.path()));
                    let in_project = strip_prefix(&absolute, base).unwrap_or(entry.path());
                    let Some(verdict) = keep(in_project, at_root) else {
                        return ignore::WalkState::Continue;
                    };
                    let found = Found::File {
                        display: display_path(entry.path()),
                        inside: in_project.to_path_buf(),
                        path: entry.path().to_path_buf(),
                        reach: Reach::Walked { at_root },
                        verdict,
                    };
                    (entry.into_path(), Walked::Found(found))
                }
                // The loop's target was walked already: nothing is skipped.
                Err(ignore::Error::Loop { .. }) => return ignore::WalkState::Continue,
                Err(ignore::Error::WithDepth { err, .. })
                    if matches!(*err, ignore::Error::Loop { .. }) =>
                {
                    return ignore::WalkState::Continue
                }
                Err(error) => {
                    let path = walk_error_path(&error);
                    let key = path.clone().unwrap_or_else(|| root.to_path_buf());
                    // Whatever its name: it may stand for a folder of messages.
                    let found = match path.filter(|path| is_broken_link(path)) {
                        Some(path) => Found::BrokenLink {
                            display: display_path(&path),
                            path,
                        },
                        None => {
                            let display = display_path(&key);
                            Found::Problem {
                                message: format!(
                                    "cannot walk `{display}`: {}",
                                    walk_error_text(&error)
                                ),
                                display,
                            }
                        }
                    };
                    (key, Walked::Found(found))
                }
            };
            push(walked, item);
            ignore::WalkState::Continue
        })
    });
    let mut walked = walked
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    // A path compares component by component, which is the byte order
    // with the separator below every other byte; stable: a path's own
    // entries (a folder, then an error in it) keep the order they were met
    // in. (Comparing the paths themselves showed in profiles.)
    walked.sort_by_cached_key(|(path, _)| {
        let mut key = path.as_os_str().as_encoded_bytes().to_vec();
        key.iter_mut()
            .filter(|byte| std::path::is_separator(char::from(**byte)))
            .for_each(|byte| *byte = 0);
        key
    });
    for (path, entry) in walked {
        match entry {
            Walked::Folder => {
                if let Some(folders) = folders.as_mut() {
                    folders.push(path);
                }
            }
            Walked::Found(entry) => found.push(entry),
        }
    }
    let mut outside = outside
        .lock()
        .map(|mut links| std::mem::take(&mut *links))
        .unwrap_or_default();
    outside.sort();
    found.extend(outside.into_iter().map(|path| Found::LinkOutside {
        display: display_path(&path),
        path,
    }));
}

/// An entry of a parallel walk, before the walk's order is restored.
enum Walked {
    Folder,
    Found(Found),
}

/// Adds a parallel walk's entry to what the threads share.
fn push(walked: &std::sync::Mutex<Vec<(PathBuf, Walked)>>, entry: (PathBuf, Walked)) {
    // A poisoned lock still holds every entry pushed before the panic.
    let mut walked = walked
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    walked.push(entry);
}

/// The project a file belongs to: the nearest folder above it with `.git`,
/// else the working folder when the file is under it, else its own folder.
/// Campaigns are looked for there, and folder names are read from there
/// down.
pub fn project_root(path: &Path) -> PathBuf {
    crate::paths::project_of(path.parent().unwrap_or(path))
}

/// Where the folder names that say what a file is start being read: the
/// working folder when `path` (absolute) is under it, else its repository,
/// else the path itself. A checkout under `~/docs/` or `fixtures/layouts/`
/// does not make its files docs or layouts.
fn name_base(path: &Path) -> PathBuf {
    match std::env::current_dir() {
        Ok(cwd) if path.starts_with(&cwd) => cwd,
        _ => crate::paths::repository_of(path)
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
/// with why (for `--show-files`). Ignored and hidden files are not listed:
/// the walk never looks at them. Files a config or campaign could still
/// select are the plan's to describe.
pub fn passed_over(paths: &[PathBuf], options: WalkOptions) -> Vec<(String, String)> {
    let mut found = Vec::new();
    // A folder that is a link out of the project is not walked (the lint
    // reports the link): nor are its files listed.
    for path in paths
        .iter()
        .filter(|path| path.is_dir() && !leaves_project(path))
    {
        walk(
            path,
            options,
            None,
            kept_when(|verdict| !keeps(verdict)),
            &mut found,
        );
    }
    found
        .into_iter()
        .filter_map(|found| match found {
            Found::File {
                display,
                reach,
                inside,
                verdict,
                ..
            } => {
                let why = verdict
                    .unwrap_or_else(|| classify(&inside, reach))
                    .err()
                    .map_or("not a template, catalog or campaign", |skip| skip.why);
                Some((display, format!("skipped: {why}")))
            }
            _ => None,
        })
        .collect()
}

/// A walk's `keep` for the files whose walked verdict `wanted` accepts,
/// each kept with that verdict: the lint's walk ([`keeps`]) and the
/// `--show-files` listing of what it passes over.
fn kept_when(
    wanted: impl Fn(Verdict) -> bool + Sync,
) -> impl Fn(&Path, bool) -> Option<Option<Verdict>> + Sync {
    move |inside, at_root| {
        let verdict = classify(inside, Reach::Walked { at_root });
        wanted(verdict).then_some(Some(verdict))
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    /// The parallel walk gives the order of a walk sorted by name, folder
    /// by folder: `a/` before `a-b/` and `a.txt` (a path compares by
    /// component, not by its bytes, where `-` and `.` sort before `/`),
    /// whatever the number of threads.
    #[test]
    fn a_parallel_walk_keeps_the_order_of_a_sorted_walk() {
        let root = std::env::temp_dir().join(format!("smslint-walk-order-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let files = [
            "sms/b.txt",
            "sms/a.txt",
            "sms/a/c/d.txt",
            "sms/Z.txt",
            "sms/a-b/e.txt",
            "sms/a0.txt",
            "sms/a/b.txt",
        ];
        for file in files {
            let path = root.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, "Acme: hello\n").unwrap();
        }
        let options = WalkOptions {
            respect_ignore_files: true,
            cache: false,
        };
        // A walk sorted by name, folder by folder, is the order of paths
        // compared by component: `sms/a/b.txt` first, `sms/a.txt` after
        // `sms/a-b/e.txt`.
        let mut expected = files.to_vec();
        expected.sort_by(|a, b| Path::new(a).cmp(Path::new(b)));
        assert_eq!(
            expected[1..4],
            ["sms/a/b.txt", "sms/a/c/d.txt", "sms/a-b/e.txt"]
        );
        for threads in [1, 2, 4] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let found = pool.install(|| discover(std::slice::from_ref(&root), options));
            let walked: Vec<String> = found
                .iter()
                .filter_map(|item| match item {
                    Found::File { path, .. } => Some(
                        path.strip_prefix(&root)
                            .unwrap()
                            .to_string_lossy()
                            .replace('\\', "/"),
                    ),
                    _ => None,
                })
                .collect();
            assert_eq!(walked, expected, "{threads} threads");
        }
        std::fs::remove_dir_all(&root).unwrap();
    }
}
