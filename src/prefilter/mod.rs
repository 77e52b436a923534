//! Which regex patterns can match a text, from the literals each one needs.
//!
//! A rule pattern such as `\b(?:reply|text)\s+...\bstop` can only match
//! where "reply" or "text", and "stop", occur. Every pattern's required
//! literals (the rarest groups its concatenations require, anywhere in the
//! pattern) go into the same Aho-Corasick pass that finds keywords, and a
//! pattern's regex runs, and is compiled, only on the texts where a literal
//! of each group was seen. Varied text then never reaches most patterns at
//! all, no regex set is determinised afresh for every new message (the cost
//! the lazy DFA of a 70-pattern set paid on real corpora, issue 14), and a
//! run compiles only the patterns its texts may match.

use std::sync::OnceLock;

use rayon::prelude::*;
use regex::{Regex, RegexBuilder};

mod literals;

use literals::required_literals;

// `PATTERN_LITERALS`: `required_literals` of every built-in pattern, sorted
// by pattern, worked out by `build.rs`.
include!(concat!(env!("OUT_DIR"), "/pattern_literals.rs"));

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
    /// Per pattern, one bit per literal group: a match holds a literal of
    /// each group. No bit: it runs on every text, as no literal could be
    /// found that every match holds. A text's candidates start as a copy.
    groups: Vec<u8>,
}

struct Pattern {
    regex: LazyRegex,
    /// Whether the pattern names a group `term` (the part of a match a
    /// diagnostic's subject is).
    term: bool,
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
        let mut group_bits = Vec::with_capacity(sources.len());
        // Parsing a pattern costs 20-400 µs: the built-in ones were parsed
        // by build.rs, a user's are parsed in parallel.
        let required: Vec<Vec<Vec<String>>> = sources
            .par_iter()
            .map(|source| builtin_literals(source).unwrap_or_else(|| required_literals(source)))
            .collect();
        for (index, (source, groups)) in sources.iter().zip(required).enumerate() {
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
            group_bits.push((1u8 << groups.len()) - 1);
            patterns.push(Pattern {
                regex: LazyRegex::new(source.clone()),
                term: source.contains("(?P<term>") || source.contains("(?<term>"),
            });
        }
        Patterns {
            patterns,
            literals,
            groups: group_bits,
        }
    }

    /// The literals to search for, ASCII case-insensitively, in the order
    /// [`Candidates::literal_found`] numbers them.
    pub fn literals(&self) -> impl Iterator<Item = &str> {
        self.literals.iter().map(|(literal, _)| literal.as_str())
    }

    /// An empty candidate list for one text of `text`.
    pub fn candidates(&self, text: &str) -> Candidates {
        // Every message a run reads passes here, three times: most are
        // ASCII, which `is_ascii` tells faster than a search for two chars.
        let everything = !text.is_ascii() && text.contains(FOLDS_TO_ASCII);
        Candidates {
            missing: if everything {
                vec![0; self.groups.len()]
            } else {
                self.groups.clone()
            },
        }
    }

    /// The compiled regex of a pattern (compiled now if this is its first
    /// use), or `None` when it does not compile.
    pub fn regex(&self, pattern: usize) -> Option<&Regex> {
        self.patterns.get(pattern)?.regex.get()
    }

    /// Whether the pattern has a group named `term` (the part of a match a
    /// diagnostic's subject is).
    pub fn has_term(&self, pattern: usize) -> bool {
        self.patterns
            .get(pattern)
            .is_some_and(|pattern| pattern.term)
    }

    /// Whether any pattern matches `text`.
    pub fn any_match(&self, text: &str, candidates: &Candidates) -> bool {
        candidates.iter().any(|pattern| {
            self.regex(pattern)
                .is_some_and(|regex| regex.is_match(text))
        })
    }
}

/// The literals `build.rs` found for `source` if it is a built-in pattern.
fn builtin_literals(source: &str) -> Option<Vec<Vec<String>>> {
    let index = PATTERN_LITERALS
        .binary_search_by(|(known, _)| (*known).cmp(source))
        .ok()?;
    let (_, groups) = PATTERN_LITERALS.get(index)?;
    Some(
        groups
            .iter()
            .map(|group| group.iter().map(|literal| (*literal).to_owned()).collect())
            .collect(),
    )
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

#[cfg(test)]
mod tests {
    use super::*;

    fn groups(list: &[&[&str]]) -> Vec<Vec<String>> {
        let mut groups: Vec<Vec<String>> = list
            .iter()
            .map(|group| group.iter().map(|s| s.to_string()).collect())
            .collect();
        groups.sort();
        groups
    }

    fn literals(source: &str) -> Vec<Vec<String>> {
        let mut found = required_literals(source);
        found.sort();
        found
    }

    #[test]
    fn literals_are_required_anywhere_in_the_pattern() {
        assert_eq!(
            literals(r"\b(?:reply|TEXT)\s+\d"),
            groups(&[&["reply", "text"]])
        );
        assert_eq!(
            literals(r"\b(?:reply|TEXT)\s+stop\b"),
            groups(&[&["reply", "text"], &["stop"]])
        );
        // Digit classes at both ends: the literal between them is required.
        assert_eq!(literals(r"\b\d+-for-\d+\b"), groups(&[&["-for-"]]));
        assert_eq!(literals(r"\b\d+\s?%\s*off\b"), groups(&[&["%"], &["off"]]));
        assert_eq!(literals(r"\w+@\w+"), groups(&[&["@"]]));
        // One literal of each branch; a repeated part at least once.
        assert_eq!(
            literals(r"(?:win\s+\d|\d+\s*prizes?)(?:\s+now)+"),
            groups(&[&["now"], &["prize", "win"]])
        );
        // Non-ASCII letters in a class: parsed with Unicode classes.
        assert_eq!(
            literals(r"\b(?:r[ée]pondez|envoyez)\s+stop"),
            groups(&[&["envoyez", "pondez"], &["stop"]])
        );
    }

    #[test]
    fn no_literal_means_always_run() {
        assert!(literals(r"\w+\s\w+").is_empty());
        assert!(literals(r"(?:x)?").is_empty());
        assert!(literals(r"(?:win|\d+)").is_empty());
        // "É" has another case an ASCII search would miss.
        assert!(literals(r"\bÉTÉ\b").is_empty());
    }

    /// Every built-in pattern, on every message of the UCI corpus and the
    /// adversarial set (and each of them in capitals): the prefilter lets a
    /// pattern run on every message it matches.
    #[test]
    fn the_prefilter_misses_no_match_of_the_builtin_patterns() {
        let sources = builtin_sources();
        let patterns = Patterns::new(&sources);
        let prefiltered = prefiltered(&patterns);
        let mut texts = crate::test_texts::uci_corpus();
        texts.extend(crate::test_texts::adversarial());
        let upper: Vec<String> = texts.iter().map(|text| text.to_uppercase()).collect();
        texts.extend(upper);
        assert!(texts.len() > 10_000, "{}", texts.len());
        let mut matched = 0;
        for text in &texts {
            let expected: Vec<usize> = (0..sources.len())
                .filter(|&index| patterns.regex(index).unwrap().is_match(text))
                .collect();
            matched += expected.len();
            assert_eq!(matching(&prefiltered, text), expected, "{text}");
        }
        assert!(matched > 1_000, "{matched}");
    }

    /// Every pattern the built-in packs give the checker.
    fn builtin_sources() -> Vec<String> {
        let rules = crate::rules::RuleSet::builtin().unwrap();
        let mut sources: Vec<String> = rules.promotional_cues().to_vec();
        for rule in rules.rules() {
            match &rule.matcher {
                crate::rules::Matcher::Text {
                    patterns,
                    promotion_patterns,
                    ..
                } => {
                    sources.extend(patterns.iter().cloned());
                    sources.extend(promotion_patterns.iter().cloned());
                }
                crate::rules::Matcher::Require { any_of, .. } => {
                    sources.extend(any_of.iter().cloned());
                }
                _ => {}
            }
        }
        sources
    }

    /// `build.rs` finds every built-in pattern (a pack field it does not
    /// read would leave its patterns to be parsed at every start) and gives
    /// each the literals the crate's code gives it.
    #[test]
    fn the_build_time_literals_are_those_of_every_builtin_pattern() {
        let sources = builtin_sources();
        assert!(sources.len() > 100, "{}", sources.len());
        for source in &sources {
            assert_eq!(
                builtin_literals(source).as_ref(),
                Some(&required_literals(source)),
                "{source}"
            );
        }
        assert!(PATTERN_LITERALS
            .windows(2)
            .all(|pair| pair[0].0 < pair[1].0));
        assert_eq!(builtin_literals(r"\bnot\s+a\s+builtin\s+pattern\b"), None);
    }

    /// The patterns that match `text`, found as the checker finds them.
    struct Prefiltered<'a> {
        patterns: &'a Patterns,
        automaton: aho_corasick::AhoCorasick,
    }

    fn prefiltered(patterns: &Patterns) -> Prefiltered<'_> {
        let automaton = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(patterns.literals())
            .unwrap();
        Prefiltered {
            patterns,
            automaton,
        }
    }

    fn matching(prefiltered: &Prefiltered, text: &str) -> Vec<usize> {
        let (patterns, automaton) = (prefiltered.patterns, &prefiltered.automaton);
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
        let prefiltered = prefiltered(&patterns);
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
            assert_eq!(matching(&prefiltered, text), expected, "{text}");
        }
        assert_eq!(
            matching(&prefiltered, "nothing here at all"),
            Vec::<usize>::new()
        );
        assert_eq!(matching(&prefiltered, "ſtop: Text ſtop"), vec![0]);
        assert_eq!(matching(&prefiltered, "Text WIN to 80086"), vec![2]);
    }
}
