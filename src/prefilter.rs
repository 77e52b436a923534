//! Which regex patterns can match a text, from the literals each one needs.
//!
//! A rule pattern such as `\b(?:reply|text)\s+...` can only match where
//! "reply" or "text" occurs. Every pattern's required literals (its possible
//! prefixes, or its possible suffixes when those are longer) go into the
//! same Aho-Corasick pass that finds keywords, and a pattern's regex runs
//! only on the texts where one of its literals was seen. Varied text then
//! never reaches most patterns at all, and no regex set is determinised
//! afresh for every new message: the cost the lazy DFA of a 70-pattern set
//! paid on real corpora (issue 14).

use std::sync::OnceLock;

use regex::{Regex, RegexBuilder};
use regex_syntax::hir::literal::{ExtractKind, Extractor, Seq};

/// Characters that fold, under Unicode simple case folding, onto an ASCII
/// letter: a case-insensitive regex for "stop" matches "ſtop" and one for
/// "ok" matches "oK" (Kelvin sign), which an ASCII case-insensitive
/// literal search would miss.
const FOLDS_TO_ASCII: [char; 2] = ['\u{017F}', '\u{212A}'];

/// A list of case-insensitive regex patterns, each with the literals one of
/// which any of its matches contains, compiled on first use.
pub struct Patterns {
    patterns: Vec<Pattern>,
    /// Lowercased literal, and the (pattern, group) pairs that need it.
    literals: Vec<(String, Vec<(usize, u8)>)>,
}

struct Pattern {
    /// One bit per literal group: a match holds a literal of each group (its
    /// possible prefixes, its possible suffixes). No bit: it runs on every
    /// text, as no literal could be found that every match holds.
    groups: u8,
    regex: LazyRegex,
}

/// A case-insensitive regex compiled on its first use: a run pays only for
/// the patterns its texts reach. A source that does not compile never
/// matches (rule packs are validated where they are loaded).
pub struct LazyRegex {
    source: String,
    compiled: OnceLock<Option<Regex>>,
}

impl LazyRegex {
    pub fn new(source: String) -> LazyRegex {
        LazyRegex {
            source,
            compiled: OnceLock::new(),
        }
    }

    /// The compiled regex (compiled now if this is its first use), or
    /// `None` when it does not compile.
    pub fn get(&self) -> Option<&Regex> {
        self.compiled
            .get_or_init(|| {
                RegexBuilder::new(&self.source)
                    .case_insensitive(true)
                    .build()
                    .ok()
            })
            .as_ref()
    }
}

impl Patterns {
    /// `sources` are regexes in the `regex` crate's syntax, matched
    /// case-insensitively. A source that does not parse is kept and never
    /// matches (rule packs are validated where they are loaded).
    pub fn new(sources: &[String]) -> Patterns {
        let mut literals: Vec<(String, Vec<(usize, u8)>)> = Vec::new();
        let mut index_of = std::collections::HashMap::new();
        let mut patterns = Vec::with_capacity(sources.len());
        for (index, source) in sources.iter().enumerate() {
            let groups = required_literals(source);
            for (group, group_literals) in groups.iter().enumerate() {
                let bit = 1u8 << group;
                for literal in group_literals {
                    let slot = *index_of.entry(literal.clone()).or_insert_with(|| {
                        literals.push((literal.clone(), Vec::new()));
                        literals.len() - 1
                    });
                    if let Some((_, owners)) = literals.get_mut(slot) {
                        if !owners.contains(&(index, bit)) {
                            owners.push((index, bit));
                        }
                    }
                }
            }
            patterns.push(Pattern {
                groups: (1u8 << groups.len()) - 1,
                regex: LazyRegex::new(source.clone()),
            });
        }
        Patterns { patterns, literals }
    }

    /// The literals to search for, ASCII case-insensitively, in the order
    /// [`Candidates::literal_found`] numbers them.
    pub fn literals(&self) -> impl Iterator<Item = &str> {
        self.literals.iter().map(|(literal, _)| literal.as_str())
    }

    /// An empty candidate list for one text of `text`.
    pub fn candidates(&self, text: &str) -> Candidates {
        let everything = text.contains(FOLDS_TO_ASCII);
        Candidates {
            missing: self
                .patterns
                .iter()
                .map(|pattern| if everything { 0 } else { pattern.groups })
                .collect(),
        }
    }

    /// The compiled regex of a pattern (compiled now if this is its first
    /// use), or `None` when it does not compile.
    pub fn regex(&self, pattern: usize) -> Option<&Regex> {
        self.patterns.get(pattern)?.regex.get()
    }

    /// Whether any pattern matches `text`.
    pub fn any_match(&self, text: &str, candidates: &Candidates) -> bool {
        candidates.iter().any(|pattern| {
            self.regex(pattern)
                .is_some_and(|regex| regex.is_match(text))
        })
    }
}

/// The patterns that may match one text, as its literals are found.
pub struct Candidates {
    /// Per pattern: the literal groups none of whose literals was found.
    missing: Vec<u8>,
}

impl Candidates {
    /// Records that the literal numbered `literal` in [`Patterns::literals`]
    /// occurs in the text.
    pub fn literal_found(&mut self, patterns: &Patterns, literal: usize) {
        for &(pattern, bit) in patterns.literals.get(literal).map_or(&[][..], |(_, p)| p) {
            if let Some(missing) = self.missing.get_mut(pattern) {
                *missing &= !bit;
            }
        }
    }

    /// The patterns that may match, in pattern order.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.missing
            .iter()
            .enumerate()
            .filter_map(|(index, &missing)| (missing == 0).then_some(index))
    }
}

/// Groups of lowercased literals such that every match of the
/// case-insensitive regex `source` holds a literal of each group: its
/// possible prefixes and its possible suffixes, each when finite. No group
/// when neither is (a match may start and end with any character), or a
/// literal has a non-ASCII letter, whose other cases an ASCII
/// case-insensitive search would miss.
///
/// The literals come from the pattern parsed case-sensitively: a
/// case-insensitive match is, character by character, a case variant of a
/// case-sensitive one, so it holds an ASCII case variant of the same literal.
fn required_literals(source: &str) -> Vec<Vec<String>> {
    let Ok(hir) = regex_syntax::ParserBuilder::new().build().parse(source) else {
        return Vec::new();
    };
    let group = |kind| -> Option<Vec<String>> {
        let mut extractor = Extractor::new();
        extractor.kind(kind).limit_total(64).limit_literal_len(32);
        let seq: Seq = extractor.extract(&hir);
        let mut literals = Vec::new();
        for literal in seq.literals()? {
            let text = std::str::from_utf8(literal.as_bytes()).ok()?;
            let has_other_cases = text
                .chars()
                .any(|c| !c.is_ascii() && (c.to_lowercase().ne([c]) || c.to_uppercase().ne([c])));
            if text.is_empty() || has_other_cases {
                return None;
            }
            let lowered = text.to_ascii_lowercase();
            if !literals.contains(&lowered) {
                literals.push(lowered);
            }
        }
        Some(literals)
    };
    // Prefixes and suffixes both: "text ... win" runs only where "text" and
    // "win" both occur, which is rarer than either.
    [group(ExtractKind::Prefix), group(ExtractKind::Suffix)]
        .into_iter()
        .flatten()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn literals(source: &str) -> Vec<Vec<String>> {
        required_literals(source)
            .into_iter()
            .map(|mut group| {
                group.sort();
                group
            })
            .collect()
    }

    #[test]
    fn prefixes_and_suffixes_are_required() {
        assert_eq!(
            literals(r"\b(?:reply|TEXT)\s+\d"),
            vec![vec!["reply".to_owned(), "text".to_owned()]]
        );
        assert_eq!(
            literals(r"\b(?:reply|TEXT)\s+stop\b"),
            vec![
                vec!["reply".to_owned(), "text".to_owned()],
                vec!["stop".to_owned()]
            ]
        );
        // A digit class too large to list starts it; "off" ends it.
        assert_eq!(literals(r"\b\d+\s?%\s*off\b"), vec![vec!["off".to_owned()]]);
    }

    #[test]
    fn no_literal_means_always_run() {
        assert!(literals(r"\w+@\w+").is_empty());
        assert!(literals(r"(?:x)?").is_empty());
        // "É" has another case an ASCII search would miss.
        assert!(literals(r"\bÉTÉ\b").is_empty());
    }

    fn matching(patterns: &Patterns, text: &str) -> Vec<usize> {
        let automaton = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(patterns.literals())
            .unwrap();
        let mut candidates = patterns.candidates(text);
        for found in automaton.find_overlapping_iter(text) {
            candidates.literal_found(patterns, found.pattern().as_usize());
        }
        candidates
            .iter()
            .filter(|&pattern| patterns.regex(pattern).unwrap().is_match(text))
            .collect()
    }

    #[test]
    fn the_prefilter_finds_every_match_the_regexes_find() {
        let sources: Vec<String> = [
            r"\b(?:reply|text)\s+stop\b",
            r"\b\d+\s?%\s*off\b",
            r"\b(?:text|send)\b[^\n]*?\bwin\b",
            r"(?-i:\bHELP\b)",
            r"\w+@\w+",
            r"\bwin\s+(?:£|\$)\s?\d",
        ]
        .map(String::from)
        .to_vec();
        let patterns = Patterns::new(&sources);
        let texts = [
            "REPLY STOP now",
            "ſtop: Text ſtop", // long s folds onto "s"
            "20 % OFF today",
            "Need HELP? reply help",
            "mail me: a@b",
            "WIN £5 now",
            "Text WIN to 80086",
            "text me, the window is open",
            "send it: we win",
            "nothing here at all",
        ];
        for text in texts {
            let expected: Vec<usize> = (0..sources.len())
                .filter(|&index| patterns.regex(index).unwrap().is_match(text))
                .collect();
            assert_eq!(matching(&patterns, text), expected, "{text}");
        }
        assert_eq!(
            matching(&patterns, "nothing here at all"),
            Vec::<usize>::new()
        );
        assert_eq!(matching(&patterns, "ſtop: Text ſtop"), vec![0]);
        assert_eq!(matching(&patterns, "Text WIN to 80086"), vec![2]);
    }
}
