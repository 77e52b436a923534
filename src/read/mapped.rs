//! A decoded string with, for each character, the source bytes it was
//! written as: what the line-based readers build their messages from.

use std::ops::Range;

use super::Entry;
use crate::source::Origin;

/// A decoded string with, for each character, its source bytes.
#[derive(Default)]
pub struct Mapped {
    pub text: String,
    pub map: Vec<(usize, Range<usize>)>,
}

impl Mapped {
    pub fn push(&mut self, c: char, source: Range<usize>) {
        self.map.push((self.text.len(), source));
        self.text.push(c);
    }

    /// The entry, less surrounding white space; `None` when empty. Its
    /// locale comes from the file (see [`super::parse`]).
    pub fn into_entry(self, key: String, key_lines: Vec<usize>) -> Option<Entry> {
        let leading = self.text.len() - self.text.trim_start().len();
        let trimmed = self.text.trim();
        if trimmed.is_empty() {
            return None;
        }
        let map = self
            .map
            .iter()
            .filter(|(offset, _)| *offset >= leading && *offset < leading + trimmed.len())
            .map(|(offset, source)| (offset - leading, source.clone()))
            .collect();
        let origin = Origin::Mapped(map);
        Some(Entry::new(key, None, trimmed.to_owned(), origin, key_lines))
    }
}

/// The lines of a text with the byte offset each starts at.
pub fn lines_with_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    text.split_inclusive('\n').map(move |line| {
        let start = offset;
        offset += line.len();
        (start, line.trim_end_matches(['\n', '\r']))
    })
}
