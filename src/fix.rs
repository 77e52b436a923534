//! Applying fixes: `check --fix` writes them, `check --diff` shows them.
//! A write is atomic (temporary file in the same folder, then rename),
//! keeps the file's permissions, and never happens when the file changed
//! since it was linted, is read-only, or is a symbolic link.

use std::fs;
use std::io::{self, Write};
use std::ops::Range;
use std::path::Path;

use crate::diagnostic::{Diagnostic, FileReport, Fix, FixSafety};

/// The text of `source` with every applicable fix applied, and how many
/// were applied. Fixes that overlap an earlier one are left for a later run.
pub fn apply(source: &str, diagnostics: &[Diagnostic], unsafe_fixes: bool) -> (String, usize) {
    let (fixed, applied) = apply_fixes(source, diagnostics, unsafe_fixes);
    (fixed, applied.len())
}

/// [`apply`], with the fixes it applied, in file order.
fn apply_fixes<'d>(
    source: &str,
    diagnostics: &'d [Diagnostic],
    unsafe_fixes: bool,
) -> (String, Vec<&'d Fix>) {
    let mut fixes: Vec<_> = diagnostics
        .iter()
        .filter_map(|diagnostic| diagnostic.fix.as_ref())
        .filter(|fix| unsafe_fixes || fix.safety == FixSafety::Safe)
        .filter(|fix| source.get(fix.span.clone()).is_some())
        .collect();
    fixes.sort_by_key(|fix| (fix.span.start, fix.span.end));
    let mut fixed = String::with_capacity(source.len());
    let mut position = 0;
    let mut applied = Vec::new();
    for fix in fixes {
        if fix.span.start < position {
            continue;
        }
        fixed.push_str(&source[position..fix.span.start]);
        fixed.push_str(&fix.replacement);
        position = fix.span.end;
        applied.push(fix);
    }
    fixed.push_str(&source[position..]);
    (fixed, applied)
}

/// What happened to one file.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Written {
        fixes: usize,
    },
    /// Not written, and why.
    Refused(String),
}

/// Fixes the file of a report in place. `None` when it has nothing to fix.
pub fn fix_file(report: &FileReport, unsafe_fixes: bool) -> Option<Outcome> {
    let (path, source) = (report.file.as_deref()?, report.source.as_deref()?);
    let (fixed, applied) = apply_fixes(source, &report.diagnostics, unsafe_fixes);
    let count = applied.len();
    if count == 0 || fixed == source {
        return None;
    }
    let meant: Vec<(Range<usize>, &str)> = applied
        .iter()
        .map(|fix| (fix.span.clone(), fix.meant.as_str()))
        .collect();
    if crate::read::is_catalog(path)
        && !crate::read::fix_keeps_messages(path, source, &fixed, &meant)
    {
        return Some(Outcome::Refused(
            "the fixed catalog would not read as the fixed messages in its format's own rules"
                .into(),
        ));
    }
    Some(match write_if_unchanged(path, source, &fixed) {
        Ok(()) => Outcome::Written { fixes: count },
        Err(reason) => Outcome::Refused(reason),
    })
}

fn write_if_unchanged(path: &Path, expected: &str, fixed: &str) -> Result<(), String> {
    let metadata = fs::symlink_metadata(path).map_err(|error| error.to_string())?;
    if metadata.permissions().readonly() {
        return Err("it is read-only".into());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if metadata.is_file() && metadata.nlink() > 1 {
            return Err("it has other hard links, which a fixed copy would not update".into());
        }
    }
    let current = fs::read(path).map_err(|error| error.to_string())?;
    if current != expected.as_bytes() {
        return Err("it changed since it was linted".into());
    }
    write_atomically(path, fixed.as_bytes(), Some(&metadata))
}

/// Writes `bytes` to `path` through a temporary file beside it, renamed
/// over it ([`temporary_beside`], [`replace_with`]): a reader never sees a
/// half-written file, and a link at `path` is refused, never written
/// through. `keep`: the metadata of the file replaced, whose permissions,
/// owner and group the new one keeps.
pub fn write_atomically(
    path: &Path,
    bytes: &[u8],
    keep: Option<&fs::Metadata>,
) -> Result<(), String> {
    let mut temporary = temporary_beside(path, keep.is_none())?;
    temporary
        .write_all(bytes)
        .map_err(|error| format!("cannot write it: {error}"))?;
    replace_with(temporary, path, keep)
}

/// A temporary file in `path`'s folder, to be renamed over it; an error
/// when `path` is a symbolic link. `new_file`: it gets the mode any new
/// file gets (0666 less the umask), not a temporary file's owner-only one.
pub fn temporary_beside(path: &Path, new_file: bool) -> Result<tempfile::NamedTempFile, String> {
    if fs::symlink_metadata(path).is_ok_and(|metadata| metadata.file_type().is_symlink()) {
        return Err("it is a symbolic link; smslint does not write through links".into());
    }
    let folder = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty());
    let mut builder = tempfile::Builder::new();
    // A config or a JUnit report must be readable by the CI that picks it
    // up.
    #[cfg(unix)]
    if new_file {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    builder
        .tempfile_in(folder.unwrap_or(Path::new(".")))
        .map_err(|error| format!("cannot create a temporary file beside it: {error}"))
}

/// Renames a written [`temporary_beside`] file over `path`, first giving it
/// `keep`'s permissions, owner and group.
pub fn replace_with(
    temporary: tempfile::NamedTempFile,
    path: &Path,
    keep: Option<&fs::Metadata>,
) -> Result<(), String> {
    temporary
        .as_file()
        .sync_all()
        .map_err(|error| format!("cannot write it: {error}"))?;
    if let Some(metadata) = keep {
        fs::set_permissions(temporary.path(), metadata.permissions())
            .map_err(|error| format!("cannot keep its permissions: {error}"))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            std::os::unix::fs::fchown(
                temporary.as_file(),
                Some(metadata.uid()),
                Some(metadata.gid()),
            )
            .map_err(|error| format!("cannot keep its owner and group: {error}"))?;
        }
    }
    temporary
        .persist(path)
        .map(|_| ())
        .map_err(|error| format!("cannot replace it: {}", error.error))
}

/// A unified diff of what `--fix` would change in one report's file.
pub fn diff(report: &FileReport, unsafe_fixes: bool, out: &mut dyn Write) -> io::Result<bool> {
    let Some(source) = report.source.as_deref().filter(|_| report.file.is_some()) else {
        return Ok(false);
    };
    let (fixed, count) = apply(source, &report.diagnostics, unsafe_fixes);
    if count == 0 || fixed == source {
        return Ok(false);
    }
    let old = format!("a/{}", report.path);
    let new = format!("b/{}", report.path);
    let text_diff = similar::TextDiff::from_lines(source, &fixed);
    write!(out, "{}", text_diff.unified_diff().header(&old, &new))?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Fix, Severity};

    fn with_fix(start: usize, end: usize, replacement: &str, safety: FixSafety) -> Diagnostic {
        Diagnostic {
            rule: "encoding/ucs2-forced".into(),
            severity: Severity::Warning,
            message: String::new(),
            span: start..end,
            label: None,
            specific_label: false,
            whole_message: false,
            pattern_span: None,
            help: None,
            notes: Vec::new(),
            references: Vec::new(),
            fix: Some(Fix {
                replacement: replacement.into(),
                span: start..end,
                safety,
                meant: replacement.into(),
            }),
            key: None,
        }
    }

    #[test]
    fn fixes_apply_in_order_and_overlaps_wait() {
        let source = "a’b–c";
        let first = source.find('’').unwrap();
        let second = source.find('–').unwrap();
        let diagnostics = [
            with_fix(second, second + 3, "-", FixSafety::Safe),
            with_fix(first, first + 3, "'", FixSafety::Safe),
            with_fix(first, second, "overlap", FixSafety::Safe),
        ];
        assert_eq!(apply(source, &diagnostics, false), ("a'b-c".to_owned(), 2));
    }

    #[test]
    fn a_file_that_changed_since_it_was_linted_is_not_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.txt");
        std::fs::write(&path, "edited meanwhile’\n").unwrap();
        let report = FileReport {
            keys: crate::diagnostic::KeyKind::Catalog,
            first_line: 1,
            path: "m.txt".into(),
            file: Some(path.clone()),
            source: Some("a’\n".into()),
            messages: 1,
            diagnostics: vec![with_fix(1, 4, "'", FixSafety::Safe)],
        };
        assert_eq!(
            fix_file(&report, false),
            Some(Outcome::Refused("it changed since it was linted".into()))
        );
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "edited meanwhile’\n"
        );
    }

    #[test]
    fn unsafe_fixes_need_consent() {
        let diagnostics = [with_fix(0, 1, "b", FixSafety::Unsafe)];
        assert_eq!(apply("a", &diagnostics, false), ("a".to_owned(), 0));
        assert_eq!(apply("a", &diagnostics, true), ("b".to_owned(), 1));
    }
}
