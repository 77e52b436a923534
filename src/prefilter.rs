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
use regex_syntax::hir::{Class, Hir, HirKind};

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
    /// One bit per literal group: a match holds a literal of each group. No
    /// bit: it runs on every text, as no literal could be found that every
    /// match holds.
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
        // Parsing the patterns is a sixth of a small file's run: in parallel.
        let required: Vec<Vec<Vec<String>>> = sources
            .par_iter()
            .map(|source| required_literals(source))
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

/// At most this many literal groups per pattern (one bit each in
/// [`Pattern::groups`]); the rarest are kept.
const MAX_GROUPS: usize = 3;

/// At most this many literals in one group: a group that large (an
/// alternation of many words) filters little and costs automaton states.
const MAX_GROUP_LITERALS: usize = 64;

/// Groups of lowercased literals such that every match of the
/// case-insensitive regex `source` holds a literal of each group: the
/// rarest (longest) of the literals its concatenations require anywhere, not
/// only at its start or end, so `\b\d+-for-\d+\b` needs "-for-" rather than
/// a digit. No group when no literal is required (a match may be any
/// characters), or where a literal has a non-ASCII letter, whose other
/// cases an ASCII case-insensitive search would miss.
///
/// The pattern is parsed case-sensitively: a case-insensitive match is,
/// character by character, a case variant of a case-sensitive one, so it
/// holds an ASCII case variant of the same literal. Classes of more than one
/// character never give literals, so parsing them without Unicode tables
/// (much faster, a third of start-up before) loses nothing.
fn required_literals(source: &str) -> Vec<Vec<String>> {
    // Without Unicode tables first: a pattern with a non-ASCII letter in a
    // class (`r[ée]pondez`) needs them.
    let parse = |unicode: bool| {
        regex_syntax::ParserBuilder::new()
            .unicode(unicode)
            .utf8(unicode)
            .build()
            .parse(source)
            .ok()
    };
    let Some(hir) = parse(false).or_else(|| parse(true)) else {
        return Vec::new();
    };
    let mut groups: Vec<Vec<String>> = known(&hir)
        .groups
        .into_iter()
        .filter_map(|group| lowered(&group))
        .collect();
    groups.sort_by_key(|group| std::cmp::Reverse(rarity(group)));
    groups.dedup();
    groups.truncate(MAX_GROUPS);
    groups
}

/// What a part of a pattern tells about the text it matches.
struct Known {
    /// The strings it matches, when they are few and known (zero-width
    /// assertions match the empty string).
    exact: Option<Vec<Vec<u8>>>,
    /// Groups of strings every match holds one of each.
    groups: Vec<Vec<Vec<u8>>>,
}

impl Known {
    fn exactly(strings: Vec<Vec<u8>>) -> Known {
        let groups = if strings.iter().any(Vec::is_empty) {
            Vec::new()
        } else {
            vec![strings.clone()]
        };
        Known {
            exact: Some(strings),
            groups,
        }
    }

    fn unknown(groups: Vec<Vec<Vec<u8>>>) -> Known {
        Known {
            exact: None,
            groups,
        }
    }
}

/// One bottom-up pass over the pattern.
fn known(hir: &Hir) -> Known {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Known::exactly(vec![Vec::new()]),
        HirKind::Literal(literal) => Known::exactly(vec![literal.0.to_vec()]),
        HirKind::Class(class) => match single_byte(class) {
            Some(byte) => Known::exactly(vec![vec![byte]]),
            None => Known::unknown(Vec::new()),
        },
        HirKind::Capture(capture) => known(&capture.sub),
        HirKind::Repetition(repetition) if repetition.min > 0 => {
            Known::unknown(known(&repetition.sub).groups)
        }
        HirKind::Repetition(_) => Known::unknown(Vec::new()),
        // Every child is matched: each run of exactly known children is one
        // group (concatenated: "reply" then `\b` gives "reply"), and every
        // other child's groups are required as well.
        HirKind::Concat(children) => {
            let mut groups = Vec::new();
            let mut run = vec![Vec::new()];
            let mut all_exact = true;
            for child in children {
                let child = known(child);
                let Some(tails) = child.exact else {
                    all_exact = false;
                    groups.extend(
                        Known::exactly(std::mem::replace(&mut run, vec![Vec::new()])).groups,
                    );
                    groups.extend(child.groups);
                    continue;
                };
                if run.len() * tails.len() > MAX_GROUP_LITERALS {
                    all_exact = false;
                    groups.extend(Known::exactly(std::mem::replace(&mut run, tails)).groups);
                    continue;
                }
                run = run
                    .iter()
                    .flat_map(|head| {
                        tails
                            .iter()
                            .map(move |tail| [head.as_slice(), tail].concat())
                    })
                    .collect();
            }
            if all_exact {
                return Known::exactly(run);
            }
            groups.extend(Known::exactly(run).groups);
            Known::unknown(groups)
        }
        // One branch is matched: a group that holds the best group of each.
        HirKind::Alternation(branches) => {
            let branches: Vec<Known> = branches.iter().map(known).collect();
            let mut union = Vec::new();
            let mut all_exact = true;
            for branch in &branches {
                match &branch.exact {
                    Some(strings) => union.extend(strings.iter().cloned()),
                    None => all_exact = false,
                }
            }
            if all_exact && union.len() <= MAX_GROUP_LITERALS {
                return Known::exactly(union);
            }
            let mut union = Vec::new();
            for branch in branches {
                let Some(best) = branch.groups.into_iter().max_by_key(|group| rarity(group)) else {
                    return Known::unknown(Vec::new());
                };
                union.extend(best);
            }
            union.sort();
            union.dedup();
            if union.len() > MAX_GROUP_LITERALS {
                return Known::unknown(Vec::new());
            }
            Known::unknown(vec![union])
        }
    }
}

/// The one byte a class of one byte or one ASCII character matches.
fn single_byte(class: &Class) -> Option<u8> {
    match class {
        Class::Bytes(bytes) => match bytes.ranges() {
            [range] if range.start() == range.end() => Some(range.start()),
            _ => None,
        },
        Class::Unicode(chars) => match chars.ranges() {
            [range] if range.start() == range.end() && range.start().is_ascii() => {
                u8::try_from(u32::from(range.start())).ok()
            }
            _ => None,
        },
    }
}

/// How rarely a group's literals occur in text, roughly: its shortest
/// literal's length first, then fewer literals.
fn rarity<T: AsRef<[u8]>>(group: &[T]) -> (usize, std::cmp::Reverse<usize>) {
    let shortest = group
        .iter()
        .map(|literal| literal.as_ref().len())
        .min()
        .unwrap_or(0);
    (shortest, std::cmp::Reverse(group.len()))
}

/// A group as lowercased text, or `None` if a literal is not UTF-8 or has
/// a non-ASCII letter with other cases.
fn lowered(group: &[Vec<u8>]) -> Option<Vec<String>> {
    let mut literals: Vec<String> = Vec::with_capacity(group.len());
    for literal in group {
        let text = std::str::from_utf8(literal).ok()?;
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
    literals.sort();
    Some(literals)
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
        let rules = crate::rules::RuleSet::builtin().unwrap();
        let mut sources: Vec<String> = rules.promotional_cues().to_vec();
        for rule in rules.rules() {
            if let crate::rules::Matcher::Text { patterns, .. } = &rule.matcher {
                sources.extend(patterns.iter().cloned());
            }
        }
        let patterns = Patterns::new(&sources);
        let prefiltered = prefiltered(&patterns);
        let root = env!("CARGO_MANIFEST_DIR");
        let corpus =
            std::fs::read_to_string(format!("{root}/fixtures/corpus/SMSSpamCollection.tsv"))
                .unwrap();
        let adversarial =
            std::fs::read_to_string(format!("{root}/fixtures/adversarial.jsonl")).unwrap();
        let mut texts: Vec<String> = corpus
            .lines()
            .filter_map(|line| line.split_once('\t').map(|(_, text)| text.to_owned()))
            .chain(adversarial.lines().filter_map(|line| {
                let value: serde_json::Value = serde_json::from_str(line).ok()?;
                Some(value.get("text")?.as_str()?.to_owned())
            }))
            .collect();
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
