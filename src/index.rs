//! The project index: the files of a project that may govern another one
//! (campaign files, YAML files that could become one, translation
//! catalogs), kept in `.smslint_cache/` at the project's root so that
//! linting one file, as pre-commit and the language server do, costs a
//! `stat` per folder instead of a walk of the whole repository.
//!
//! A stale index must never change a verdict: it is used only when every
//! folder the walk entered, every ignore file and git config that shaped
//! it, and every YAML file (campaign or not) has the modification time,
//! change time and size it had when the index was written (a file added,
//! removed or renamed changes its folder's times), as git's untracked
//! cache does; any change means a walk. The change time is set by the
//! kernel, never by `touch`, `tar` or `rsync`, so an index that came with
//! the files (committed, archived, copied) never holds. A modification
//! time within [`RACY`] of the walk is never trusted: the filesystem's
//! clock is coarser than the nanoseconds it shows. A walk that met an
//! error, or a project with a git worktree or submodule inside (whose
//! exclude files live elsewhere), is not indexed.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::discover::WalkOptions;

/// The cache folder, at a project's root; `.gitignore`d by its own
/// `.gitignore`, and tagged for backup tools, as ruff's `.ruff_cache` is.
pub const CACHE_DIR: &str = ".smslint_cache";

/// The index file in [`CACHE_DIR`]; its first line names the format,
/// smslint's version and the walk's options.
const INDEX_FILE: &str = "project-index";

/// An index is a line per folder and per YAML or catalog file: this is
/// millions of them, far beyond any repository's.
const MAX_INDEX_SIZE: u64 = 64 * 1024 * 1024;

/// Times this close to the walk (or after it) are not trusted.
const RACY: Duration = Duration::from_secs(2);

/// A file of the project that may govern others: a YAML file (a campaign
/// or not) or a catalog, absolute and clean.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Indexed {
    pub path: PathBuf,
    /// A YAML file whose top-level key says it is a campaign
    /// ([`crate::campaign::is_campaign`]).
    pub campaign: bool,
}

/// What a path was when the index was written: its modification and
/// change times (nanoseconds since the epoch) and size in bytes, or absent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stamp {
    Absent,
    /// Modified too close to the walk to be trusted ([`RACY`]).
    Racy,
    At {
        modified: u128,
        changed: u128,
        size: u64,
    },
}

impl Stamp {
    fn of(path: &Path, walked_at: SystemTime) -> Stamp {
        let Ok(metadata) = std::fs::metadata(path) else {
            return Stamp::Absent;
        };
        let Ok(modified) = metadata.modified() else {
            return Stamp::Racy;
        };
        // A time in the far future (a tar header can carry one) is as
        // untrustworthy as a recent one.
        if modified
            .checked_add(RACY)
            .is_none_or(|trusted_from| trusted_from >= walked_at)
        {
            return Stamp::Racy;
        }
        match modified.duration_since(SystemTime::UNIX_EPOCH) {
            Ok(since) => Stamp::At {
                modified: since.as_nanos(),
                changed: change_time(&metadata),
                size: metadata.len(),
            },
            Err(_) => Stamp::Racy,
        }
    }

    /// Whether `path` is still what this stamp says (a racy stamp never
    /// is).
    fn holds(self, path: &Path) -> bool {
        self != Stamp::Racy && Stamp::of(path, SystemTime::now()) == self
    }

    fn write(self, out: &mut String) {
        match self {
            Stamp::Absent => out.push('-'),
            Stamp::Racy => out.push('?'),
            Stamp::At {
                modified,
                changed,
                size,
            } => out.push_str(&format!("{modified}:{changed}:{size}")),
        }
    }

    fn parse(text: &str) -> Option<Stamp> {
        match text {
            "-" => Some(Stamp::Absent),
            "?" => Some(Stamp::Racy),
            _ => {
                let mut parts = text.split(':');
                let stamp = Stamp::At {
                    modified: parts.next()?.parse().ok()?,
                    changed: parts.next()?.parse().ok()?,
                    size: parts.next()?.parse().ok()?,
                };
                parts.next().is_none().then_some(stamp)
            }
        }
    }
}

/// The inode's change time in nanoseconds (0 where the platform has none).
#[cfg(unix)]
fn change_time(metadata: &std::fs::Metadata) -> u128 {
    use std::os::unix::fs::MetadataExt;
    let seconds = u128::try_from(metadata.ctime()).unwrap_or(0);
    let nanos = u128::try_from(metadata.ctime_nsec()).unwrap_or(0);
    seconds * 1_000_000_000 + nanos
}

#[cfg(not(unix))]
fn change_time(_: &std::fs::Metadata) -> u128 {
    0
}

/// Every YAML file and catalog under the project folder `root` (absolute,
/// clean) that a walk with `options` reaches, sorted by path: from the
/// index when it still holds, else from a walk, which then writes the
/// index (when `options.cache` and `root` is a repository's root or holds
/// a config; a folder that cannot be written is simply not cached).
pub fn project_files(root: &Path, options: WalkOptions) -> Vec<Indexed> {
    let cached = options.cache && worth_caching(root);
    let index = root.join(CACHE_DIR).join(INDEX_FILE);
    if cached {
        if let Some(kept) = load(&index, root, options) {
            return kept.files.into_iter().map(|(file, _)| file).collect();
        }
    }
    // Made before the walk: making it changes the root folder's time,
    // which would otherwise make the index stale as soon as it is written.
    let cached = cached && make_cache_dir(&root.join(CACHE_DIR)).is_ok();
    let walked_at = SystemTime::now();
    let walk = crate::discover::governing_files(root, options);
    let files: Vec<Indexed> = walk
        .files
        .into_iter()
        .map(|path| Indexed {
            campaign: reads_as_campaign(&path),
            path,
        })
        .collect();
    // A folder that could not be read may hold a campaign: not frozen.
    if cached && walk.complete {
        if let Some(watched) = watched(root, &walk.folders, options) {
            let stamp = |path: &Path| Stamp::of(path, walked_at);
            let walked = Index {
                watched: watched
                    .into_iter()
                    .map(|path| (stamp(&path), path))
                    .collect(),
                // Only a YAML file's stamp is ever checked ([`load`]): a
                // catalog is read afresh by whoever reads it.
                files: files
                    .into_iter()
                    .map(|file| {
                        let stamp = if crate::source::is_yaml(&file.path) {
                            stamp(&file.path)
                        } else {
                            Stamp::Absent
                        };
                        (file, stamp)
                    })
                    .collect(),
            };
            store(root, &index, options, &walked);
            return walked.files.into_iter().map(|(file, _)| file).collect();
        }
    }
    files
}

/// Only a project's root gets a cache folder: a loose folder of templates
/// linted from elsewhere is not written into.
fn worth_caching(root: &Path) -> bool {
    root.join(".git").is_dir()
        || crate::config::CONFIG_NAMES
            .iter()
            .any(|name| root.join(name).is_file())
}

fn reads_as_campaign(path: &Path) -> bool {
    crate::source::is_yaml(path)
        && matches!(
            crate::source::read(path, crate::source::DEFAULT_MAX_FILE_SIZE),
            Ok(crate::source::Content::Text(text)) if crate::campaign::is_campaign(&text)
        )
}

/// The first line of an index: what must match for it to be read.
/// The environment decides which global ignore file applies: a language
/// server and a terminal with another `HOME` do not share an index.
fn header(root: &Path, options: WalkOptions) -> String {
    let global = if options.respect_ignore_files {
        ignore::gitignore::gitconfig_excludes_path()
            .map_or_else(|| "none".to_owned(), |path| path.display().to_string())
    } else {
        "not respected".to_owned()
    };
    format!(
        "smslint project index 2; smslint {}; global ignore {global}; root {}",
        env!("CARGO_PKG_VERSION"),
        root.display()
    )
}

/// The paths whose change may change what a walk of `root` reaches: the
/// folders it entered (their times change when an entry is added, removed
/// or renamed) and every ignore file and git config that applies, present
/// or not (the ancestors', each repository's `.git/info/exclude`, the
/// global ignore file and the configs that name it). `None` when a
/// folder's `.git` is a file (a worktree or submodule, whose exclude file
/// is elsewhere): such a project is walked every time.
fn watched(root: &Path, folders: &[PathBuf], options: WalkOptions) -> Option<Vec<PathBuf>> {
    let mut paths: Vec<PathBuf> = folders.to_vec();
    if !options.respect_ignore_files {
        return Some(paths);
    }
    for folder in folders {
        for name in [".gitignore", ".ignore"] {
            let file = folder.join(name);
            if file.exists() {
                paths.push(file);
            }
        }
        let git = folder.join(".git");
        if git.is_file() {
            return None;
        }
        if git.is_dir() {
            paths.push(git.join("info").join("exclude"));
        }
    }
    // Above the root, absence is watched too: the ancestors' folders are not.
    for ancestor in root.ancestors().skip(1) {
        for name in [".gitignore", ".ignore", ".git"] {
            paths.push(ancestor.join(name));
        }
        paths.push(ancestor.join(".git").join("info").join("exclude"));
    }
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let config_home = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| home.as_ref().map(|home| home.join(".config")));
    paths.extend(home.map(|home| home.join(".gitconfig")));
    paths.extend(config_home.map(|config| config.join("git").join("config")));
    paths.extend(std::env::var_os("GIT_CONFIG_GLOBAL").map(PathBuf::from));
    paths.push(
        std::env::var_os("GIT_CONFIG_SYSTEM")
            .map_or_else(|| PathBuf::from("/etc/gitconfig"), PathBuf::from),
    );
    paths.extend(ignore::gitignore::gitconfig_excludes_path());
    Some(paths)
}

/// Writes the index, atomically (a temporary file renamed over it, so
/// that parallel runs, as pre-commit starts them, never read half of
/// one).
fn store(root: &Path, path: &Path, options: WalkOptions, index: &Index) {
    let mut out = header(root, options);
    out.push('\n');
    let lines = index
        .watched
        .iter()
        .map(|(stamp, path)| ('w', *stamp, path))
        .chain(index.files.iter().map(|(file, stamp)| {
            let kind = if file.campaign { 'c' } else { 'f' };
            (kind, *stamp, &file.path)
        }));
    for (kind, stamp, path) in lines {
        // A name the line format cannot hold: no index, a walk every time.
        let Some(path) = path.to_str().filter(|path| !path.contains('\n')) else {
            return;
        };
        out.push(kind);
        out.push(' ');
        stamp.write(&mut out);
        out.push(' ');
        out.push_str(path);
        out.push('\n');
    }
    // A folder that cannot be written (a read-only checkout) is not cached.
    let _ = write_atomically(&root.join(CACHE_DIR), path, &out);
}

/// The cache folder, with the `.gitignore` that keeps it out of commits
/// and the tag backup tools skip.
fn make_cache_dir(dir: &Path) -> std::io::Result<()> {
    let ignore = dir.join(".gitignore");
    if ignore.exists() {
        return Ok(());
    }
    std::fs::create_dir_all(dir)?;
    std::fs::write(
        dir.join("CACHEDIR.TAG"),
        "Signature: 8a477f597d28d172789f06886806bc55\n# smslint's cache: https://bford.info/cachedir/\n",
    )?;
    std::fs::write(
        &ignore,
        "# Written by smslint: the cache is never committed.\n*\n",
    )
}

fn write_atomically(dir: &Path, index: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut temporary = tempfile::NamedTempFile::new_in(dir)?;
    temporary.write_all(text.as_bytes())?;
    temporary.persist(index).map_err(|error| error.error)?;
    Ok(())
}

/// An index as written: the watched paths and the files, each with its
/// stamp.
struct Index {
    watched: Vec<(Stamp, PathBuf)>,
    files: Vec<(Indexed, Stamp)>,
}

/// The index at `index`, if its header matches, it watches `root` itself
/// first (whose time, to the nanosecond, a planted index cannot know) and
/// every file is inside `root`.
fn read_index(index: &Path, root: &Path, options: WalkOptions) -> Option<Index> {
    let text = crate::source::read_text(index, MAX_INDEX_SIZE).ok()?;
    let mut lines = text.lines();
    if lines.next()? != header(root, options) {
        return None;
    }
    let line = |line: &str| -> Option<(char, Stamp, PathBuf)> {
        let (kind, rest) = line.split_once(' ')?;
        let (stamp, path) = rest.split_once(' ')?;
        let kind = match kind {
            "w" => 'w',
            "c" => 'c',
            "f" => 'f',
            _ => return None,
        };
        Some((kind, Stamp::parse(stamp)?, PathBuf::from(path)))
    };
    // Checked before anything else is read: a planted index stops here.
    let first = line(lines.next()?)?;
    if !(first.0 == 'w' && matches!(first.1, Stamp::At { .. }) && first.2 == root) {
        return None;
    }
    let mut index = Index {
        watched: vec![(first.1, first.2)],
        files: Vec::new(),
    };
    for text in lines {
        let (kind, stamp, path) = line(text)?;
        if kind == 'w' {
            index.watched.push((stamp, path));
            continue;
        }
        let inside = path.starts_with(root)
            && path
                .components()
                .all(|part| part != std::path::Component::ParentDir && part.as_os_str() != ".git");
        if !inside {
            return None;
        }
        let campaign = kind == 'c';
        index.files.push((Indexed { path, campaign }, stamp));
    }
    Some(index)
}

/// The index when every watched path and every YAML file (a campaign or
/// one that may become one) still holds.
fn load(index: &Path, root: &Path, options: WalkOptions) -> Option<Index> {
    use rayon::prelude::*;
    let index = read_index(index, root, options)?;
    let holds = index
        .watched
        .par_iter()
        .all(|(stamp, path)| stamp.holds(path))
        && index
            .files
            .par_iter()
            .filter(|(file, _)| crate::source::is_yaml(&file.path))
            .all(|(file, stamp)| stamp.holds(&file.path));
    holds.then_some(index)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_read_back_as_written() {
        for stamp in [
            Stamp::Absent,
            Stamp::Racy,
            Stamp::At {
                modified: 1_700_000_000_123_456_789,
                changed: 1_700_000_001_000_000_000,
                size: 42,
            },
        ] {
            let mut text = String::new();
            stamp.write(&mut text);
            assert_eq!(Stamp::parse(&text), Some(stamp), "{text}");
        }
        assert_eq!(Stamp::parse("12"), None);
        assert_eq!(Stamp::parse("1:2:3:4"), None);
    }

    #[test]
    fn a_racy_stamp_never_holds() {
        let dir = tempfile::tempdir().unwrap();
        // Just written: within the racy window of now.
        assert_eq!(Stamp::of(dir.path(), SystemTime::now()), Stamp::Racy);
        assert!(!Stamp::Racy.holds(dir.path()));
        // A time no clock reaches, as a tar header can carry, is racy, not
        // a panic.
        let file = dir.path().join("future");
        std::fs::write(&file, "x").unwrap();
        let future = SystemTime::UNIX_EPOCH + Duration::from_secs(u64::from(u32::MAX) * 64);
        if std::fs::File::options()
            .write(true)
            .open(&file)
            .unwrap()
            .set_modified(future)
            .is_ok()
        {
            assert_eq!(Stamp::of(&file, SystemTime::now()), Stamp::Racy);
        }
    }
}
