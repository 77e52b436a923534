//! Paths as smslint names them: the project a file belongs to, paths
//! shown in reports (`/`-separated, relative), and I/O errors in words.
//! Every stage uses these; this module uses none of them.

use std::path::{Path, PathBuf};

/// A path with `.` and `..` resolved lexically (the file need not exist).
pub fn clean_path(path: &Path) -> PathBuf {
    // Most paths (a walk's) are clean already: said so by one look at
    // their bytes rather than rebuilt (it showed in profiles, twice a file).
    if is_clean(path) {
        return path.to_path_buf();
    }
    clean_parts(path)
}

/// Whether `path` has nothing to clean: no `.` or `..` name, no doubled or
/// trailing separator (Unix; elsewhere a path is never said clean).
fn is_clean(path: &Path) -> bool {
    let bytes = path.as_os_str().as_encoded_bytes();
    if std::path::MAIN_SEPARATOR != '/' || bytes.is_empty() {
        return false;
    }
    let mut names = bytes.split(|&byte| byte == b'/');
    // The root's empty name.
    if bytes.starts_with(b"/") && bytes != b"/" {
        names.next();
    }
    names.all(|name| !name.is_empty() && name != b"." && name != b"..") || bytes == b"/"
}

/// `path` without its leading `prefix`, as [`Path::strip_prefix`] gives it:
/// by bytes when `path` spells `prefix` out and what follows needs no
/// tidying (a walk's paths: name by name, it showed in profiles, twice a
/// file), else name by name.
pub fn strip_prefix<'a>(path: &'a Path, prefix: &Path) -> Option<&'a Path> {
    #[cfg(unix)]
    if let Some(rest) = strip_spelled_prefix(path, prefix) {
        return Some(rest);
    }
    path.strip_prefix(prefix).ok()
}

#[cfg(unix)]
fn strip_spelled_prefix<'a>(path: &'a Path, prefix: &Path) -> Option<&'a Path> {
    use std::os::unix::ffi::OsStrExt;
    let start = prefix.as_os_str().as_bytes();
    if start.is_empty() {
        return None;
    }
    let rest = path.as_os_str().as_bytes().strip_prefix(start)?;
    let rest = match rest.first() {
        None => rest,
        Some(b'/') => rest.get(rest.iter().take_while(|&&byte| byte == b'/').count()..)?,
        Some(_) if start.ends_with(b"/") => rest,
        // `ab/x` does not start with the name `a`.
        Some(_) => return None,
    };
    // `Path::strip_prefix` drops a leading `.` name and trailing
    // separators of what is left.
    let tidy =
        !rest.ends_with(b"/") && !rest.ends_with(b"/.") && rest != b"." && !rest.starts_with(b"./");
    tidy.then(|| Path::new(std::ffi::OsStr::from_bytes(rest)))
}

/// [`clean_path`] for a path that needs cleaning: on Unix its names are
/// gathered and joined once (a walk from `.` gives every file such a path,
/// and building it component by component showed in profiles).
#[cfg(unix)]
fn clean_parts(path: &Path) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    let bytes = path.as_os_str().as_bytes();
    let mut parts: Vec<&[u8]> = Vec::new();
    for part in bytes.split(|&byte| byte == b'/') {
        match part {
            b"" | b"." => {}
            // `..` undoes a name, not another `..` (`../../x` stays so).
            b".." if parts.last().is_some_and(|last| *last != b"..") => {
                parts.pop();
            }
            name => parts.push(name),
        }
    }
    let absolute = bytes.starts_with(b"/");
    let mut joined = Vec::with_capacity(bytes.len());
    if absolute {
        joined.push(b'/');
    }
    for (index, part) in parts.iter().enumerate() {
        if index > 0 {
            joined.push(b'/');
        }
        joined.extend_from_slice(part);
    }
    PathBuf::from(std::ffi::OsStr::from_bytes(&joined))
}

#[cfg(not(unix))]
fn clean_parts(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            // `..` undoes a name, not another `..` (`../../x` stays so).
            Component::ParentDir => {
                if matches!(normal.components().next_back(), Some(Component::Normal(_))) {
                    normal.pop();
                } else {
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

/// `path` made absolute ([`absolute`]) and clean ([`clean_path`]), built
/// once: the plan asks it of every file, twice.
pub fn clean_absolute(path: &Path) -> PathBuf {
    let absolute = absolute(path);
    if is_clean(&absolute) {
        absolute
    } else {
        clean_parts(&absolute)
    }
}

/// `path` made absolute against the working folder, read once per run
/// (asking the system for it per file showed in profiles: one `getcwd`
/// per linted file).
pub fn absolute(path: &Path) -> PathBuf {
    static CWD: std::sync::LazyLock<Option<PathBuf>> =
        std::sync::LazyLock::new(|| std::env::current_dir().ok());
    match CWD.as_ref() {
        Some(cwd) if path.is_relative() => cwd.join(path),
        // What `std::path::absolute` would rebuild, unchanged: it showed
        // in profiles, once a file of a run given an absolute folder.
        _ if path.is_absolute() && is_clean(path) => path.to_path_buf(),
        _ => std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()),
    }
}

/// The project a folder (absolute) belongs to: its repository, else the
/// working folder when `dir` is under it, else `dir` itself. What a config
/// may read, and where campaigns are looked for. The filesystem's root is
/// no project (the working folder of many containers): from `/`, a file
/// outside a repository is its own folder's, and one file never costs a
/// walk of the whole filesystem.
pub fn project_of(dir: &Path) -> PathBuf {
    if let Some(repository) = repository_of(dir) {
        return repository.to_path_buf();
    }
    match std::env::current_dir() {
        Ok(cwd) if dir.starts_with(&cwd) && cwd.parent().is_some() => cwd,
        _ => dir.to_path_buf(),
    }
}

/// Whether a folder of `path` (not its file name) is one of `names`, in
/// any case: `doc/`, `vendor/`, `locales/`.
pub fn in_folder(path: &Path, names: &[&str]) -> bool {
    path.parent()
        .into_iter()
        .flat_map(Path::components)
        .any(|part| {
            names
                .iter()
                .any(|name| part.as_os_str().eq_ignore_ascii_case(name))
        })
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

/// `text` as it may be shown to people in a terminal or a CI log: every C0
/// and C1 control character but TAB written as an escape (`\n`, `\r`,
/// `\x1b`, `\u{85}`), as git's `core.quotePath` does, so that a file
/// name or a template line cannot start a workflow command in a GitHub
/// Actions log or send a terminal escape sequence (OSC 52 writes the
/// clipboard). Borrowed when there is nothing to escape.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    printable_keeping(text, false)
}

/// A text made printable as [`printable`] does, line breaks kept (a
/// report's source lines), with what maps its byte offsets: for
/// each escaped character, its offset in `text` and how many bytes longer
/// the escape is than the character. `None` when nothing needs escaping.
pub fn printable_lines_mapped(text: &str) -> Option<(String, Vec<(usize, usize)>)> {
    let std::borrow::Cow::Owned(shown) = printable_keeping(text, true) else {
        return None;
    };
    let mut grown = Vec::new();
    let mut total = 0;
    for (offset, c) in text.char_indices() {
        if escaped(text, offset, c, true) {
            total += escape_of(c).len() - c.len_utf8();
            grown.push((offset, total));
        }
    }
    Some((shown, grown))
}

/// Where byte `offset` of a text lies in its [`printable_lines_mapped`]
/// form: after every escape that starts before it.
pub fn shifted_offset(offset: usize, grown: &[(usize, usize)]) -> usize {
    let before = grown.partition_point(|(at, _)| *at < offset);
    offset
        + before
            .checked_sub(1)
            .and_then(|index| grown.get(index))
            .map_or(0, |(_, total)| *total)
}

/// The visible escape of a control character.
fn escape_of(c: char) -> String {
    match c {
        '\n' => "\\n".to_owned(),
        '\r' => "\\r".to_owned(),
        c if (c as u32) < 0x80 => format!("\\x{:02x}", c as u32),
        c => format!("\\u{{{:x}}}", c as u32),
    }
}

fn printable_keeping(text: &str, keep_newlines: bool) -> std::borrow::Cow<'_, str> {
    // Most texts (every path of a walk) are printable ASCII: one look at
    // each byte says so.
    if text.bytes().all(|byte| (b' '..=b'~').contains(&byte)) {
        return std::borrow::Cow::Borrowed(text);
    }
    if !text
        .char_indices()
        .any(|(at, c)| escaped(text, at, c, keep_newlines))
    {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for (at, c) in text.char_indices() {
        if escaped(text, at, c, keep_newlines) {
            out.push_str(&escape_of(c));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Whether the character `c` at byte `at` of `text` is shown escaped: a
/// control character but TAB, and, where lines are kept, but a line break
/// (LF, or the CR of a CR LF: a Windows file's lines are no injection).
fn escaped(text: &str, at: usize, c: char, keep_newlines: bool) -> bool {
    let line_break = c == '\n'
        || (c == '\r'
            && text
                .get(at + 1..)
                .is_some_and(|rest| rest.starts_with('\n')));
    c.is_control() && c != '\t' && !(keep_newlines && line_break)
}

/// Whether `path` (absolute) lies inside the project folder `root`
/// (absolute), lexically and once links are resolved, and outside its
/// `.git`: the rule for every file a config, a rule pack, a campaign or a
/// link in a walked folder may make smslint read, since a pull request can
/// change all of them. A path that does not exist is judged lexically.
pub fn inside_project(path: &Path, root: &Path) -> bool {
    let (path, root) = (clean_path(path), clean_path(root));
    let real_root = real_path(&root);
    let real = real_path(&path);
    // Any `.git` below the root: a nested checkout's `.git/config` holds a
    // token as well (`actions/checkout` with `path:`).
    let in_git = real
        .strip_prefix(&real_root)
        .is_ok_and(|inside| inside.components().any(|part| part.as_os_str() == ".git"));
    path.starts_with(&root) && real.starts_with(&real_root) && !in_git
}

/// `path` with its links resolved: the deepest folder of it that exists,
/// resolved, then the rest as written (a file not yet written under a
/// linked folder is where the link leads).
fn real_path(path: &Path) -> PathBuf {
    let mut existing = path;
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            let mut real = real;
            real.extend(rest.iter().rev());
            return clean_path(&real);
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => return clean_path(path),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_paths_resolve_dots_lexically() {
        for (path, clean) in [
            ("/a/b/../c", "/a/c"),
            ("a/./b/", "a/b"),
            ("../../x", "../../x"),
            ("a/../../x", "../x"),
            ("/a//b", "/a/b"),
            ("/a/b", "/a/b"),
            ("./sms/t.txt", "sms/t.txt"),
            ("/w/./sms/./t.txt", "/w/sms/t.txt"),
            (".", ""),
            ("a/..", ""),
            ("/..", "/.."),
            ("/a/../..", "/.."),
            ("//a/", "/a"),
        ] {
            // Byte for byte: `a/b/` and `a/b` are equal as paths.
            let cleaned = clean_path(Path::new(path));
            assert_eq!(cleaned.as_os_str(), clean, "{path}");
        }
    }

    #[test]
    fn clean_absolute_is_clean_path_of_absolute() {
        for path in ["a/./b", "a/b", "/x/../y", "/x/y", ".", "../z"] {
            let path = Path::new(path);
            assert_eq!(
                clean_absolute(path),
                clean_path(&absolute(path)),
                "{path:?}"
            );
        }
    }

    #[test]
    fn prefixes_strip_as_path_strip_prefix_does() {
        let paths = [
            "", ".", "./", "./a", "./a/b", ".//a", "a", "a/", "a/b", "a/b/", "a/./b", "a/./",
            "a/.", "ab/c", "/", "/a", "//a", "/a/b", "/a/b/.", "a/../b", "a//b", "../a",
        ];
        for path in paths {
            for prefix in paths {
                let (path, prefix) = (Path::new(path), Path::new(prefix));
                assert_eq!(
                    strip_prefix(path, prefix).map(Path::as_os_str),
                    path.strip_prefix(prefix).ok().map(Path::as_os_str),
                    "{path:?} without {prefix:?}"
                );
            }
        }
    }

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

    #[test]
    fn inside_the_project_means_after_links_too_and_never_git() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap().join("project");
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::create_dir_all(root.join("sms")).unwrap();
        std::fs::write(root.join(".git/config"), "token").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "token").unwrap();
        std::os::unix::fs::symlink("../.git/config", root.join("sms/a.txt")).unwrap();
        std::os::unix::fs::symlink("../../secret.txt", root.join("sms/b.txt")).unwrap();
        std::os::unix::fs::symlink("../sms", root.join("sms/again")).unwrap();
        assert!(inside_project(&root.join("sms/new.txt"), &root));
        assert!(inside_project(&root.join("sms/again"), &root));
        assert!(!inside_project(&root.join("sms/a.txt"), &root));
        assert!(!inside_project(&root.join("sms/b.txt"), &root));
        assert!(!inside_project(&root.join("../secret.txt"), &root));
        assert!(!inside_project(&root.join(".git/config"), &root));
        // A nested checkout's `.git`, and a file not yet written under a
        // link that leads out.
        std::fs::create_dir_all(root.join("vendor/lib/.git")).unwrap();
        assert!(!inside_project(&root.join("vendor/lib/.git/config"), &root));
        std::os::unix::fs::symlink(dir.path(), root.join("out")).unwrap();
        assert!(!inside_project(&root.join("out/new.json"), &root));
    }

    #[test]
    fn controls_are_escaped_for_people_and_tabs_kept() {
        assert_eq!(printable("a\tb"), "a\tb");
        assert_eq!(
            printable("a\nb\r\u{1b}]52;c;x\u{7}\u{85}"),
            "a\\nb\\r\\x1b]52;c;x\\x07\\u{85}"
        );
        assert_eq!(printable_lines_mapped("a\nb\r").unwrap().0, "a\nb\\r");
        assert!(matches!(printable("plain"), std::borrow::Cow::Borrowed(_)));
        let text = "a\rbc\u{1b}d";
        let (escaped, grown) = printable_lines_mapped(text).unwrap();
        assert_eq!(escaped, "a\\rbc\\x1bd");
        for (offset, wanted) in [(0, 0), (1, 1), (2, 3), (4, 5), (5, 9), (6, 10)] {
            assert_eq!(shifted_offset(offset, &grown), wanted, "{offset}");
        }
        assert!(printable_lines_mapped("plain\n").is_none());
        // A Windows file's line ends are line ends; a lone CR is not.
        assert!(printable_lines_mapped("a\r\nb\r\n").is_none());
        assert_eq!(printable("a\r\n"), "a\\r\\n");
    }
}
