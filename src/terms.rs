//! Many literal terms (keywords, the patterns' required literals, brand
//! names) found in texts: by a plain scan over an index of the terms' first
//! two bytes for the first bytes a run reads, by an Aho-Corasick automaton
//! after, and by a faster, larger one once a run has read megabytes.
//!
//! Building an automaton of the built-in packs' 1,550 search terms costs
//! about 3 ms (a compact NFA, 0.2 MB) or 14 ms (a DFA, 4.3 MB), more than
//! the rest of checking one small file: a pre-commit run on one template or
//! a language server's first diagnostics would pay it to scan a hundred
//! bytes (issue 14). The plain scan costs about a microsecond per hundred
//! bytes and nothing to build; once a run has scanned [`PLAIN_SCAN_BYTES`]
//! the NFA is built, and past [`DFA_SCAN_BYTES`] the DFA (a third faster),
//! each once. All three report exactly the same matches, though in
//! different orders (tested on the UCI corpus); callers sort what they
//! keep, so the output depends neither on which search ran nor on the
//! thread count.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

/// Bytes of text a run scans before it builds the NFA (3 ms for the
/// built-in terms): a pre-commit run on a few templates never builds it.
pub const PLAIN_SCAN_BYTES: usize = 64 * 1024;

/// Bytes of text a run scans before it builds the DFA: 11 ms more to build
/// than the NFA, gained back after about 3 MB (the NFA searched the bench's
/// 100 MB of messages in 1.13 s of CPU, the DFA in 0.75 s).
pub const DFA_SCAN_BYTES: usize = 4 * 1024 * 1024;

/// The most terms a DFA is built for: its size grows with the terms (4.3 MB
/// for the built-in packs' 1,550, 22 times the NFA's), and a pack of tens of
/// thousands of terms would take hundreds of megabytes. Past this the NFA
/// serves every run.
const DFA_MAX_TERMS: usize = 10_000;

/// Which matches a search reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Semantics {
    /// Every occurrence of every term, overlapping ones included, compared
    /// byte for byte (callers lowercase terms and text alike).
    Overlapping,
    /// At each position the longest term (the first given, between terms of
    /// the same length), then on from its end; ASCII letters in any case.
    LeftmostLongest,
}

impl Semantics {
    /// A byte as this search compares it.
    fn fold(self, byte: u8) -> u8 {
        match self {
            Semantics::Overlapping => byte,
            Semantics::LeftmostLongest => byte.to_ascii_lowercase(),
        }
    }
}

/// A set of literal terms, searched as [`Semantics`] says. An empty term
/// never matches.
pub struct Terms {
    terms: Vec<Vec<u8>>,
    semantics: Semantics,
    /// Term numbers by first byte (as [`Semantics::fold`] gives it), for
    /// terms of one byte.
    single: Vec<Vec<usize>>,
    /// Term numbers by first two bytes, for longer terms.
    pairs: HashMap<[u8; 2], Vec<usize>>,
    /// Bytes scanned so far by every thread.
    scanned: AtomicUsize,
    /// `None` when the automaton cannot be built, which takes more states
    /// than its 32-bit state numbers hold (gigabytes of terms): the plain
    /// scan then serves every text, slower, with the same matches.
    nfa: OnceLock<Option<AhoCorasick>>,
    /// `None` when the DFA cannot be built, or is not for having more than
    /// [`DFA_MAX_TERMS`] terms: the NFA then serves.
    dfa: OnceLock<Option<AhoCorasick>>,
}

impl Terms {
    /// The terms, numbered by their position in `terms` (the numbers
    /// [`Terms::find`] reports). For [`Semantics::Overlapping`] the caller
    /// gives terms and texts in the same case. Nothing is built yet.
    pub fn new<T: AsRef<[u8]>>(terms: impl IntoIterator<Item = T>, semantics: Semantics) -> Terms {
        let terms: Vec<Vec<u8>> = terms.into_iter().map(|t| t.as_ref().to_vec()).collect();
        let fold = |byte| semantics.fold(byte);
        let mut single = vec![Vec::new(); 256];
        let mut pairs: HashMap<[u8; 2], Vec<usize>> = HashMap::new();
        for (number, term) in terms.iter().enumerate() {
            match term.as_slice() {
                [] => {}
                [first] => {
                    if let Some(numbers) = single.get_mut(usize::from(fold(*first))) {
                        numbers.push(number);
                    }
                }
                [first, second, ..] => pairs
                    .entry([fold(*first), fold(*second)])
                    .or_default()
                    .push(number),
            }
        }
        Terms {
            terms,
            semantics,
            single,
            pairs,
            scanned: AtomicUsize::new(0),
            nfa: OnceLock::new(),
            dfa: OnceLock::new(),
        }
    }

    /// Calls `found(term number, byte range)` for each match in `text`
    /// (UTF-8, in which the byte an empty term stands for in the automaton
    /// never occurs): LeftmostLongest in order of position, Overlapping in an
    /// order that depends on which search ran (callers sort what they keep).
    pub fn find(&self, text: &[u8], mut found: impl FnMut(usize, Range<usize>)) {
        match (self.automaton(text.len()), self.semantics) {
            (Some(automaton), semantics) => search(automaton, semantics, text, &mut found),
            (None, Semantics::Overlapping) => self.scan_overlapping(text, &mut found),
            (None, Semantics::LeftmostLongest) => self.scan_leftmost_longest(text, &mut found),
        }
    }

    /// The automaton to search `more` bytes with (built now if the run has
    /// just scanned enough for it), or `None` for the plain scan.
    fn automaton(&self, more: usize) -> Option<&AhoCorasick> {
        let scanned = match self.dfa.get() {
            Some(Some(dfa)) => return Some(dfa),
            // No DFA could be built: the NFA serves from now on.
            Some(None) => usize::MAX,
            None => self
                .scanned
                .fetch_add(more, Ordering::Relaxed)
                .saturating_add(more),
        };
        if scanned > DFA_SCAN_BYTES {
            let dfa = self.dfa.get_or_init(|| {
                (self.terms.len() <= DFA_MAX_TERMS)
                    .then(|| self.build(AhoCorasickKind::DFA))
                    .flatten()
            });
            if dfa.is_some() {
                return dfa.as_ref();
            }
        }
        if scanned > PLAIN_SCAN_BYTES {
            return self
                .nfa
                .get_or_init(|| self.build(AhoCorasickKind::ContiguousNFA))
                .as_ref();
        }
        None
    }

    fn build(&self, kind: AhoCorasickKind) -> Option<AhoCorasick> {
        // An empty term would match everywhere there and nowhere in the
        // plain scan: it is given as a byte that cannot occur in UTF-8.
        let terms = self.terms.iter().map(|term| {
            if term.is_empty() {
                &[0xFF][..]
            } else {
                term.as_slice()
            }
        });
        let mut builder = AhoCorasickBuilder::new();
        builder.kind(Some(kind));
        if self.semantics == Semantics::LeftmostLongest {
            builder
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostLongest);
        }
        builder.build(terms).ok()
    }

    /// The terms, other than empty ones, that `text[at..]` starts with, with
    /// their lengths.
    fn starting_at<'a>(
        &'a self,
        text: &'a [u8],
        at: usize,
    ) -> impl Iterator<Item = (usize, usize)> + 'a {
        let rest = text.get(at..).unwrap_or_default();
        let fold = |byte| self.semantics.fold(byte);
        let singles = rest
            .first()
            .and_then(|&byte| self.single.get(usize::from(fold(byte))))
            .map_or(&[][..], Vec::as_slice);
        let longer = match rest {
            [first, second, ..] => self
                .pairs
                .get(&[fold(*first), fold(*second)])
                .map_or(&[][..], Vec::as_slice),
            _ => &[],
        };
        singles.iter().chain(longer).filter_map(move |&number| {
            let term = self.terms.get(number)?;
            let written = rest.get(..term.len())?;
            let matches = match self.semantics {
                Semantics::Overlapping => written == term.as_slice(),
                Semantics::LeftmostLongest => written.eq_ignore_ascii_case(term),
            };
            matches.then_some((number, term.len()))
        })
    }

    fn scan_overlapping(&self, text: &[u8], found: &mut impl FnMut(usize, Range<usize>)) {
        for at in 0..text.len() {
            for (number, length) in self.starting_at(text, at) {
                found(number, at..at + length);
            }
        }
    }

    fn scan_leftmost_longest(&self, text: &[u8], found: &mut impl FnMut(usize, Range<usize>)) {
        let mut at = 0;
        while at < text.len() {
            // The longest term here; the first given among equally long ones.
            let best = self
                .starting_at(text, at)
                .max_by_key(|&(number, length)| (length, std::cmp::Reverse(number)));
            match best {
                Some((number, length)) => {
                    found(number, at..at + length);
                    at += length;
                }
                None => at += 1,
            }
        }
    }
}

/// Calls `found` for each match of `automaton` in `text`.
fn search(
    automaton: &AhoCorasick,
    semantics: Semantics,
    text: &[u8],
    found: &mut impl FnMut(usize, Range<usize>),
) {
    match semantics {
        Semantics::Overlapping => {
            for m in automaton.find_overlapping_iter(text) {
                found(m.pattern().as_usize(), m.range());
            }
        }
        Semantics::LeftmostLongest => {
            for m in automaton.find_iter(text) {
                found(m.pattern().as_usize(), m.range());
            }
        }
    }
}

#[cfg(test)]
impl Terms {
    /// Builds the DFA now, as a run does past [`DFA_SCAN_BYTES`].
    pub(crate) fn use_automaton(&self) {
        self.scanned.store(DFA_SCAN_BYTES + 1, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Matches = Vec<(usize, Range<usize>)>;

    /// A term set with both of its automata built (once: the DFA takes
    /// 14 ms).
    struct Searches<'a> {
        terms: &'a Terms,
        automata: [AhoCorasick; 2],
    }

    impl Searches<'_> {
        fn new(terms: &Terms) -> Searches<'_> {
            let automata = [AhoCorasickKind::ContiguousNFA, AhoCorasickKind::DFA]
                .map(|kind| terms.build(kind).expect("an automaton"));
            Searches { terms, automata }
        }

        /// The matches of the plain scan and of the automata (checked to
        /// agree with each other), sorted.
        fn matches(&self, text: &str) -> (Matches, Matches) {
            let mut plain = Vec::new();
            let bytes = text.as_bytes();
            let semantics = self.terms.semantics;
            match semantics {
                Semantics::Overlapping => self
                    .terms
                    .scan_overlapping(bytes, &mut |number, range| plain.push((number, range))),
                Semantics::LeftmostLongest => self
                    .terms
                    .scan_leftmost_longest(bytes, &mut |number, range| plain.push((number, range))),
            }
            let mut each = self.automata.each_ref().map(|automaton| {
                let mut built = Vec::new();
                search(automaton, semantics, bytes, &mut |number, range| {
                    built.push((number, range))
                });
                built
            });
            if semantics == Semantics::Overlapping {
                for matches in std::iter::once(&mut plain).chain(&mut each) {
                    matches.sort_by_key(|(number, range)| (range.start, range.end, *number));
                }
            }
            let [nfa, dfa] = each;
            assert_eq!(nfa, dfa, "{text}");
            (plain, dfa)
        }
    }

    fn plain_and_built(terms: &Terms, text: &str) -> (Matches, Matches) {
        Searches::new(terms).matches(text)
    }

    /// A run searches with nothing built, then the NFA, then the DFA, as
    /// the bytes it has scanned pass each threshold; all find the same.
    #[test]
    fn a_run_builds_each_automaton_once_it_has_read_enough() {
        let terms = Terms::new(["stop", "top"], Semantics::Overlapping);
        let text = "x".repeat(PLAIN_SCAN_BYTES / 2) + " stop";
        // Which automata are built (and built well, not given up on).
        let built = |terms: &Terms| {
            let kind = |automaton: Option<&Option<AhoCorasick>>| {
                automaton.map(|built| built.as_ref().map(AhoCorasick::kind))
            };
            (kind(terms.nfa.get()), kind(terms.dfa.get()))
        };
        let nfa = Some(Some(AhoCorasickKind::ContiguousNFA));
        let dfa = Some(Some(AhoCorasickKind::DFA));
        let mut found = Vec::new();
        let mut stages = Vec::new();
        for _ in 0..4 {
            terms.find(text.as_bytes(), |number, range| found.push((number, range)));
            stages.push(built(&terms));
        }
        assert_eq!(
            stages,
            [(None, None), (nfa, None), (nfa, None), (nfa, None)]
        );
        terms.scanned.store(DFA_SCAN_BYTES, Ordering::Relaxed);
        terms.find(text.as_bytes(), |number, range| found.push((number, range)));
        assert_eq!(built(&terms), (nfa, dfa));
        found.sort_by_key(|(number, range)| (range.start, *number));
        let end = text.len();
        let expected: Vec<_> = [(0, end - 4..end), (1, end - 3..end)]
            .into_iter()
            .flat_map(|found| std::iter::repeat_n(found, 5))
            .collect();
        assert_eq!(found, expected);
    }

    /// Both searches find the same matches in each of `texts`.
    fn assert_agree(terms: &Terms, texts: &[&str]) {
        let searches = Searches::new(terms);
        for text in texts {
            let (plain, built) = searches.matches(text);
            assert_eq!(plain, built, "{text}");
        }
    }

    #[test]
    fn both_searches_find_the_same_matches() {
        let terms = Terms::new(
            ["stop", "st", "s", "top", "", "ab", "abc", "b"],
            Semantics::Overlapping,
        );
        assert_agree(&terms, &["", "s", "stop", "STOP stop", "xabcabx", "ststs"]);
        let (plain, _) =
            plain_and_built(&Terms::new(["ab", "b", ""], Semantics::Overlapping), "ab");
        assert_eq!(plain, vec![(0, 0..2), (1, 1..2)]);

        let names = ["Bank", "bank of america", "BANK", "", "a", "america"];
        let terms = Terms::new(names, Semantics::LeftmostLongest);
        assert_agree(
            &terms,
            &[
                "",
                "bank of america!",
                "BANK OF AMERICA",
                "a bank, America",
                "BANK",
            ],
        );
        let (plain, _) = plain_and_built(&terms, "BANK OF AMERICA, bank");
        assert_eq!(plain, vec![(1, 0..15), (0, 17..21)]);

        // Non-ASCII bytes match only themselves; duplicates and case variants
        // go to the first given; a term longer than the rest never matches.
        let names = ["Café", "CAFÉ", "café", "é", "ÉCOLE", "caf", "x"];
        let terms = Terms::new(names, Semantics::LeftmostLongest);
        assert_agree(
            &terms,
            &[
                "CAFÉ café Café",
                "école École ÉCOLE",
                "é",
                "ca",
                "x é",
                "CAFé",
            ],
        );
        let (plain, _) = plain_and_built(&terms, "CAFé cafÉ");
        assert_eq!(plain, vec![(0, 0..5), (1, 6..11)]);
    }

    /// The built-in keyword terms and brand names on every message of the
    /// UCI corpus, lowercased as the checker lowercases it and as written.
    #[test]
    fn both_searches_agree_on_the_corpus_with_the_builtin_terms() {
        let rules = crate::rules::RuleSet::builtin().unwrap();
        let checker = crate::check::Checker::new(rules);
        let (keywords, brands) = checker.term_sets();
        let (keywords, brands) = (Searches::new(keywords), Searches::new(brands));
        let mut matched = 0;
        for text in &crate::test_texts::uci_corpus() {
            let lowered = text.to_ascii_lowercase();
            for (searches, text) in [(&keywords, lowered.as_str()), (&brands, text.as_str())] {
                let (plain, built) = searches.matches(text);
                matched += built.len();
                assert_eq!(plain, built, "{text}");
            }
        }
        assert!(matched > 10_000, "{matched}");
    }

    /// A check gives the same diagnostics, in the same order, whichever
    /// search ran: obfuscated terms where one keyword of a rule holds
    /// another ("limited time only", "limited time") were reported at the
    /// shorter one when the automaton ran, the longer one otherwise.
    #[test]
    fn a_check_does_not_depend_on_which_search_ran() {
        use crate::check::Checker;
        let plain = Checker::new(crate::rules::RuleSet::builtin().unwrap());
        let built = Checker::new(crate::rules::RuleSet::builtin().unwrap());
        let (keywords, brands) = built.term_sets();
        keywords.use_automaton();
        brands.use_automaton();
        let context = crate::context::ContextLayer::default().resolve();
        let mut texts = crate::test_texts::adversarial();
        texts.extend([
            "Acme: L1mited time only, 50% off".into(),
            "Get your medical mar1juana card".into(),
        ]);
        let total: usize = texts.iter().map(String::len).sum();
        assert!(
            total < PLAIN_SCAN_BYTES,
            "{total}: the plain checker would build its automaton"
        );
        for text in &texts {
            let message = crate::source::message_at(0, text);
            let shown = |checker: &Checker| format!("{:?}", checker.check(&message, &context));
            assert_eq!(shown(&plain), shown(&built), "{text}");
        }
        let message = crate::source::message_at(0, "Acme: L1mited time only, 50% off");
        let found = plain.check(&message, &context);
        assert!(
            found.iter().any(|d| d
                .notes
                .iter()
                .any(|note| note.contains("`L1mited time only`"))),
            "{found:?}"
        );
    }
}
