//! The literals every match of a regex pattern holds, from its syntax
//! alone. Depends on `regex-syntax` only: `build.rs` includes this file to
//! work out the built-in patterns' literals when smslint is built, so a run
//! does not parse them again (parsing 130 patterns was 8 ms of CPU, a third
//! of a small file's run).

use regex_syntax::hir::{Class, Hir, HirKind};

/// At most this many literal groups per pattern (one bit each in
/// the prefilter's pattern bitmask); the rarest are kept.
pub const MAX_GROUPS: usize = 3;

/// A literal group beyond the rarest is kept only when its most common
/// literal is at least this rare (see `rarity`): "a", "." or "to" would
/// filter little and make the automaton report a match at most bytes.
const MIN_EXTRA_RARITY: usize = 6;

/// At most this many literals in one group: a group that large (an
/// alternation of many words) filters little and costs automaton states.
const MAX_GROUP_LITERALS: usize = 64;

/// Groups of lowercased literals such that every match of the
/// case-insensitive regex `source` holds a literal of each group: the
/// rarest of the literals its concatenations require anywhere, not
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
pub fn required_literals(source: &str) -> Vec<Vec<String>> {
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
    let mut kept = 0;
    groups.retain(|group| {
        kept += 1;
        kept == 1 || rarity(group).0 >= MIN_EXTRA_RARITY
    });
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

/// How rarely a group's literals occur in text, roughly: the rarity score
/// of its most common literal (the sum of [`byte_rarity`] over its bytes;
/// higher is rarer), then fewer literals. "$" (6) is rarer than "to" (4) and "ea" (4), which
/// a length alone ranks above it.
fn rarity<T: AsRef<[u8]>>(group: &[T]) -> (usize, std::cmp::Reverse<usize>) {
    let least = group
        .iter()
        .map(|literal| literal.as_ref().iter().map(|&byte| byte_rarity(byte)).sum())
        .min()
        .unwrap_or(0);
    (least, std::cmp::Reverse(group.len()))
}

/// How rarely a byte occurs in message text: the commonest letters and
/// punctuation 2, other letters, digits and non-ASCII bytes 3, symbols 6.
fn byte_rarity(byte: u8) -> usize {
    match byte.to_ascii_lowercase() {
        b'e' | b't' | b'a' | b'o' | b'i' | b'n' | b's' | b'h' | b'r' | b' ' | b'.' | b',' => 2,
        b'a'..=b'z' | b'0'..=b'9' | b'\'' | b'-' | b'!' | b'?' | b':' | 0x80.. => 3,
        _ => 6,
    }
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
