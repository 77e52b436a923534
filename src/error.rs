//! Errors that stop a run before any file is linted (exit code 2): an invalid
//! config or rule file, or a bad command-line value. They carry the file and
//! span they point at, so they render like any other diagnostic.

use std::fmt;
use std::ops::{Deref, DerefMut, Range};

/// Boxed so that `Result<_, SetupError>` stays small on the happy path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetupError(Box<SetupErrorDetail>);

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetupErrorDetail {
    /// The file at fault, as the user would name it; `None` for a
    /// command-line value.
    pub file: Option<String>,
    /// The file's text, kept so the error can be shown in context: shared
    /// by every error of one file (2,000 errors in a 192 KB rule file are
    /// not 2,000 copies of it).
    pub source: Option<std::sync::Arc<str>>,
    pub span: Option<Range<usize>>,
    pub message: String,
    /// A secondary location in the same file ("first defined here").
    pub related: Option<(Range<usize>, String)>,
}

impl SetupError {
    /// An error about a command-line value or something with no file.
    pub fn usage(message: impl Into<String>) -> Self {
        SetupError(Box::new(SetupErrorDetail {
            file: None,
            source: None,
            span: None,
            message: message.into(),
            related: None,
        }))
    }

    /// An error about a file as a whole (e.g. it cannot be read).
    pub fn file(file: &str, message: impl Into<String>) -> Self {
        let mut error = SetupError::usage(message);
        error.file = Some(file.to_owned());
        error
    }

    /// An error at a place in a file.
    pub fn located(
        file: &str,
        source: std::sync::Arc<str>,
        span: Option<Range<usize>>,
        message: impl Into<String>,
    ) -> Self {
        let mut error = SetupError::file(file, message);
        error.source = Some(source);
        error.span = span;
        error
    }

    pub fn with_related(mut self, span: Option<Range<usize>>, message: &str) -> Self {
        self.related = span.map(|span| (span, message.to_owned()));
        self
    }
}

impl Deref for SetupError {
    type Target = SetupErrorDetail;

    fn deref(&self) -> &SetupErrorDetail {
        &self.0
    }
}

impl DerefMut for SetupError {
    fn deref_mut(&mut self) -> &mut SetupErrorDetail {
        &mut self.0
    }
}

impl fmt::Display for SetupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{file}")?;
            if let (Some(source), Some(span)) = (&self.source, &self.span) {
                let (line, column) = crate::diagnostic::position_in(source, span.start);
                write!(f, ":{line}:{column}")?;
            }
            write!(f, ": ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for SetupError {}
