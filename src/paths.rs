//! Paths as smslint names them: the project a file belongs to, paths
//! shown in reports (`/`-separated, relative), and I/O errors in words.
//! Every stage uses these; this module uses none of them.

use std::path::{Path, PathBuf};

/// A path with `.` and `..` resolved lexically (the file need not exist).
pub fn clean_path(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !normal.pop() {
                    normal.push(component);
                }
            }
            other => normal.push(other),
        }
    }
    normal
}

/// The git repository `dir` is in: the nearest folder at or above it that
/// holds `.git`.
pub fn repository_of(dir: &Path) -> Option<&Path> {
    dir.ancestors().find(|folder| folder.join(".git").exists())
}

/// The project a folder (absolute) belongs to: its repository, else the
/// working folder when `dir` is under it, else `dir` itself. What a config
/// may read, and where campaigns are looked for.
pub fn project_of(dir: &Path) -> PathBuf {
    if let Some(repository) = repository_of(dir) {
        return repository.to_path_buf();
    }
    match std::env::current_dir() {
        Ok(cwd) if dir.starts_with(&cwd) => cwd,
        _ => dir.to_path_buf(),
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
