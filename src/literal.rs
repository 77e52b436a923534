//! Regexes written in the source code (not in rule files).

use regex::Regex;

/// Compiles a regex literal of smslint's own code. Every call site is a
/// `LazyLock` that a unit test forces, so a typo fails the tests, never a
/// user's run.
pub(crate) fn regex(pattern: &'static str) -> Regex {
    #[allow(clippy::expect_used)] // a literal, compiled by the tests (see above)
    Regex::new(pattern).expect("smslint's own regex literals compile")
}
