//! The project index: the files of a project that may govern another one
//! (campaign files, YAML files that could become one, translation
//! catalogs), kept in `.smslint_cache/` at the project's root so that
//! linting one file, as pre-commit and the language server do, costs a
//! `stat` per folder instead of a walk of the whole repository.
//!
//! A stale index can never change a verdict: it is used only when every
//! folder the walk entered and every ignore file that shaped it has the
//! modification time and size it had when the index was written (a file
//! added, removed or renamed changes its folder's time), and a YAML file's
//! "is a campaign" is trusted only while its own time and size hold, as
//! git's untracked cache does. A time within [`RACY`] of the walk is never
//! trusted: the filesystem's clock is coarser than the nanoseconds it
//! shows, so a change made just after the walk could keep the same time.

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
const MAX_INDEX_SIZE: u64 = 256 * 1024 * 1024;

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

/// What a path was when the index was written: its modification time (as
/// nanoseconds since the epoch) and size in bytes, or absent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stamp {
    Absent,
    /// Written too close to the walk to be trusted ([`RACY`]).
    Racy,
    At {
        nanos: u128,
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
        if modified + RACY >= walked_at {
            return Stamp::Racy;
        }
        match modified.duration_since(SystemTime::UNIX_EPOCH) {
            Ok(since) => Stamp::At {
                nanos: since.as_nanos(),
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
            Stamp::At { nanos, size } => out.push_str(&format!("{nanos}:{size}")),
        }
    }

    fn parse(text: &str) -> Option<Stamp> {
        match text {
            "-" => Some(Stamp::Absent),
            "?" => Some(Stamp::Racy),
            _ => {
                let (nanos, size) = text.split_once(':')?;
                Some(Stamp::At {
                    nanos: nanos.parse().ok()?,
                    size: size.parse().ok()?,
                })
            }
        }
    }
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
        if let Some((kept, refreshed)) = load(&index, root, options) {
            if refreshed {
                store(root, &index, options, &kept);
            }
            return kept.files.into_iter().map(|(file, _)| file).collect();
        }
    }
    // Made before the walk: making it changes the root folder's time,
    // which would otherwise make the index stale as soon as it is written.
    let cached = cached && make_cache_dir(&root.join(CACHE_DIR)).is_ok();
    let walked_at = SystemTime::now();
    let (folders, paths) = crate::discover::governing_files(root, options);
    let mut files: Vec<(Indexed, Stamp)> = paths
        .into_iter()
        .map(|path| {
            let stamp = Stamp::of(&path, walked_at);
            let campaign = reads_as_campaign(&path);
            (Indexed { path, campaign }, stamp)
        })
        .collect();
    if cached {
        let walked = Index {
            watched: watched(root, &folders, options)
                .into_iter()
                .map(|path| (Stamp::of(&path, walked_at), path))
                .collect(),
            files,
        };
        store(root, &index, options, &walked);
        files = walked.files;
    }
    files.into_iter().map(|(file, _)| file).collect()
}

/// Only a project's root gets a cache folder: a loose folder of templates
/// linted from elsewhere is not written into.
fn worth_caching(root: &Path) -> bool {
    crate::discover::is_project_root(root)
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
fn header(root: &Path, options: WalkOptions) -> String {
    format!(
        "smslint project index 1; smslint {}; ignore files {}; root {}",
        env!("CARGO_PKG_VERSION"),
        if options.respect_ignore_files {
            "respected"
        } else {
            "not respected"
        },
        root.display()
    )
}

/// The paths whose change may change what a walk of `root` reaches: the
/// folders it entered (their times change when an entry is added, removed
/// or renamed) and every ignore file that applies, present or not (the
/// ancestors', git's exclude and global ignore files included).
fn watched(root: &Path, folders: &[PathBuf], options: WalkOptions) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = folders.to_vec();
    if !options.respect_ignore_files {
        return paths;
    }
    for folder in folders {
        for name in [".gitignore", ".ignore"] {
            let file = folder.join(name);
            if file.exists() {
                paths.push(file);
            }
        }
    }
    // Above the root, absence is watched too: the ancestors' folders are not.
    for ancestor in root.ancestors().skip(1) {
        paths.push(ancestor.join(".gitignore"));
        paths.push(ancestor.join(".ignore"));
    }
    paths.push(root.join(".git").join("info").join("exclude"));
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let config_home = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| home.as_ref().map(|home| home.join(".config")));
    if let Some(home) = home {
        paths.push(home.join(".gitconfig"));
    }
    if let Some(config_home) = config_home {
        paths.push(config_home.join("git").join("config"));
        paths.push(config_home.join("git").join("ignore"));
    }
    paths
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
    let (mut watched, mut files) = (Vec::new(), Vec::new());
    for line in lines {
        let (kind, rest) = line.split_once(' ')?;
        let (stamp, path) = rest.split_once(' ')?;
        let (stamp, path) = (Stamp::parse(stamp)?, PathBuf::from(path));
        let inside = path.starts_with(root)
            && path
                .components()
                .all(|part| part != std::path::Component::ParentDir);
        match kind {
            "w" => watched.push((stamp, path)),
            "c" | "f" if inside => files.push((
                Indexed {
                    path,
                    campaign: kind == "c",
                },
                stamp,
            )),
            _ => return None,
        }
    }
    match watched.first() {
        Some((Stamp::At { .. }, first)) if first == root => Some(Index { watched, files }),
        _ => None,
    }
}

/// The index when every watched path still holds; a file whose own stamp
/// changed is read again (`true`: the index should be rewritten).
fn load(index: &Path, root: &Path, options: WalkOptions) -> Option<(Index, bool)> {
    use rayon::prelude::*;
    let mut index = read_index(index, root, options)?;
    if !index
        .watched
        .par_iter()
        .all(|(stamp, path)| stamp.holds(path))
    {
        return None;
    }
    let now = SystemTime::now();
    let refreshed: Vec<bool> = index
        .files
        .par_iter_mut()
        .map(|(file, stamp)| {
            let changed = crate::source::is_yaml(&file.path) && !stamp.holds(&file.path);
            if changed {
                file.campaign = reads_as_campaign(&file.path);
                *stamp = Stamp::of(&file.path, now);
            }
            changed
        })
        .collect();
    let refreshed = refreshed.contains(&true);
    Some((index, refreshed))
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
                nanos: 1_700_000_000_123_456_789,
                size: 42,
            },
        ] {
            let mut text = String::new();
            stamp.write(&mut text);
            assert_eq!(Stamp::parse(&text), Some(stamp), "{text}");
        }
        assert_eq!(Stamp::parse("12"), None);
    }

    #[test]
    fn a_racy_stamp_never_holds() {
        let dir = tempfile::tempdir().unwrap();
        // Just written: within the racy window of now.
        assert_eq!(Stamp::of(dir.path(), SystemTime::now()), Stamp::Racy);
        assert!(!Stamp::Racy.holds(dir.path()));
    }
}
