//! smslint: a static compliance linter for SMS/MMS message templates.
//!
//! The pipeline, one module per stage: [`discover`] finds the files,
//! [`source`] splits each into messages with exact spans, [`check`] runs the
//! rules of [`rules`] over each message in its [`context`], [`suppress`]
//! applies the [`config`]'s selection, and [`report`] renders the result.
//! [`lint`] runs them in order; [`cli`] is the command line over it.
#![warn(clippy::print_stdout, clippy::print_stderr)]
// No panics that input can reach: every index and unwrap in the library must
// be a `get` or be proved safe where it stands. Unit tests may panic.
#![warn(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
#![cfg_attr(
    test,
    allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

pub mod audit;
pub mod baseline;
pub mod brands;
pub mod campaign;
pub mod check;
pub mod classify;
pub mod cli;
pub mod config;
pub mod context;
pub mod diagnostic;
pub mod discover;
pub mod encoding;
pub mod error;
pub mod fix;
pub mod index;
pub mod links;
pub mod lint;
pub mod linter;
mod literal;
pub mod normalize;
pub mod optin;
pub mod paths;
pub mod prefilter;
pub mod read;
pub mod report;
pub mod rules;
pub mod server;
pub mod source;
pub mod stream;
pub mod suppress;
pub(crate) mod terms;
#[cfg(test)]
mod test_texts;
mod translations;
mod yaml;

pub use linter::{Linter, LinterConfig, Message};

/// The documentation's Rust examples, compiled and run by `cargo test` so
/// that they cannot drift from the library.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

#[cfg(doctest)]
#[doc = include_str!("../docs/streaming.md")]
struct StreamingDoctests;
