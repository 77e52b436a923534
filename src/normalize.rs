//! What a carrier's filter sees: a message with obfuscation undone, so that
//! "v0dka", "C.B.D", "ｖａｐｅ" and a Cyrillic "а" in "саsino" read as the
//! words they spell. Every character of the result keeps the byte range of
//! the original characters it came from, so spans stay exact.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;
use unicode_script::{Script, UnicodeScript};
use unicode_security::confusable_detection::skeleton;

/// A message with obfuscation undone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Normalized {
    /// Lower case, ASCII wherever a look-alike allowed it.
    pub text: String,
    /// For each character of `text`, by byte offset, the original bytes.
    map: Vec<(usize, Range<usize>)>,
}

impl Normalized {
    /// The original byte range a span of `text` came from: from the start of
    /// its first character to the end of its last.
    pub fn original(&self, span: &Range<usize>) -> Range<usize> {
        let containing = |offset: usize| {
            let index = self.map.partition_point(|(start, _)| *start <= offset);
            self.map
                .get(index.saturating_sub(1))
                .map(|(_, original)| original.clone())
        };
        match (
            containing(span.start),
            containing(span.end.saturating_sub(1)),
        ) {
            (Some(first), Some(last)) if !span.is_empty() => first.start..last.end.max(first.start),
            (Some(first), _) => first.start..first.start,
            _ => 0..0,
        }
    }
}

/// Characters obfuscators slip inside words, which readers never see.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' | '\u{180E}'
    )
}

/// Digits and symbols read as letters inside words.
const fn leet(c: char) -> Option<char> {
    Some(match c {
        '0' => 'o',
        '1' => 'i',
        '3' => 'e',
        '4' => 'a',
        '5' => 's',
        '7' => 't',
        '@' => 'a',
        '$' => 's',
        _ => return None,
    })
}

/// Separators put between the letters of a spelled-out word.
fn is_spacer(c: char) -> bool {
    matches!(c, '.' | '-' | '_' | ' ' | '*' | '/' | '|' | '+')
}

/// The ASCII a non-ASCII character reads as: its compatibility form
/// (fullwidth letters, ligatures, math letters), else, for letters of other
/// scripts (Cyrillic and Greek look-alikes), its confusable skeleton, when
/// either is plain ASCII letters. Accented Latin letters stay as they are:
/// "café" is French, not an evasion.
fn fold(c: char) -> Option<String> {
    let compatible: String = c.nfkc().collect();
    if !compatible.is_empty() && compatible.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Some(compatible.to_ascii_lowercase());
    }
    if matches!(
        c.script(),
        Script::Latin | Script::Common | Script::Inherited
    ) {
        return None;
    }
    let shape: String = skeleton(&c.to_string())
        .filter(|c| !('\u{0300}'..='\u{036F}').contains(c))
        .collect();
    (!shape.is_empty() && shape.len() <= 2 && shape.chars().all(|c| c.is_ascii_alphabetic()))
        .then(|| shape.to_ascii_lowercase())
}

/// What [`may_be_obfuscated`] asks of an ASCII byte, as bits: whether the
/// walk reads it as a letter, as part of a word (letters, digits, `@`, `$`),
/// or as a letter in disguise.
const LETTER: u8 = 1;
/// [`is_word`], for ASCII.
const WORD: u8 = 2;
const LEET: u8 = 4;

/// The bits of each byte (none for bytes past ASCII). The check runs on
/// every message a run reads: a table lookup per byte. 256 entries: a byte
/// indexes it with no bounds check.
static BYTE_CLASSES: [u8; 256] = {
    let mut classes = [0; 256];
    let mut byte = 0;
    while byte < 128 {
        let c = byte as u8 as char;
        // `get_mut` is not const yet; `byte` < 128 < the table's length.
        #[allow(clippy::indexing_slicing)]
        {
            classes[byte] = if c.is_ascii_alphabetic() { LETTER } else { 0 }
                | if c.is_ascii_alphanumeric() || c == '@' || c == '$' {
                    WORD
                } else {
                    0
                }
                | if leet(c).is_some() { LEET } else { 0 };
        }
        byte += 1;
    }
    classes
};

/// Whether `text` may read differently once normalised; most messages do
/// not, and skip the walk. Exact: when this says no, the walk would give
/// `None` (tested). The walk changes a text with a character past ASCII
/// that is or may read as a letter or digit or hides inside words, a word
/// of three characters or more with a letter and a digit or symbol read as
/// one ("v0dka"), or three single characters or more joined by one repeated
/// separator ("v.a.p.e", "5 1 0"). Other characters past ASCII (£, €, ’,
/// emoji: a tenth of real messages have one) it reads as punctuation, and
/// so does this byte scan.
fn may_be_obfuscated(text: &str) -> bool {
    let may_fold =
        |c: char| !c.is_ascii() && (c.is_alphanumeric() || is_invisible(c) || fold(c).is_some());
    if !text.is_ascii() && text.chars().any(may_fold) {
        return true;
    }
    let bytes = text.as_bytes();
    let class = |byte: u8| BYTE_CLASSES.get(usize::from(byte)).copied().unwrap_or(0);
    // The walk's view of a byte: bytes past ASCII belong to characters it
    // reads as punctuation (above), here U+FFFD.
    let char_at = |index: usize| {
        let byte = *bytes.get(index)?;
        Some(if byte.is_ascii() {
            char::from(byte)
        } else {
            char::REPLACEMENT_CHARACTER
        })
    };
    // The word being read: its length and the bits of its bytes. A word the
    // walk reads letters into: three characters or more, with a letter and
    // a letter in disguise.
    let (mut length, mut bits) = (0, 0);
    let read_as_letters =
        |length: usize, bits: u8| length >= 3 && bits & LEET != 0 && bits & LETTER != 0;
    for (index, &byte) in bytes.iter().enumerate() {
        let own = class(byte);
        if own & WORD == 0 {
            if read_as_letters(length, bits) {
                return true;
            }
            (length, bits) = (0, 0);
            continue;
        }
        if length == 0 && spelled_run_end(char_at, index).is_some() {
            return true;
        }
        (length, bits) = (length + 1, bits | own);
    }
    read_as_letters(length, bits)
}

/// The message as it reads with obfuscation undone, or `None` when that is
/// just the message in lower case (nothing to look at twice).
pub fn normalize(text: &str) -> Option<Normalized> {
    if !may_be_obfuscated(text) {
        return None;
    }
    undo_obfuscation(text)
}

/// [`normalize`] without the pre-check.
fn undo_obfuscation(text: &str) -> Option<Normalized> {
    // 1. Invisible characters out, look-alikes and compatibility forms
    //    folded, lower case.
    let mut chars: Vec<(char, Range<usize>)> = Vec::with_capacity(text.len());
    for (offset, c) in text.char_indices() {
        let source = offset..offset + c.len_utf8();
        if is_invisible(c) {
            continue;
        }
        if c.is_ascii() {
            chars.push((c.to_ascii_lowercase(), source));
            continue;
        }
        match fold(c) {
            Some(ascii) => chars.extend(ascii.chars().map(|c| (c, source.clone()))),
            None => chars.extend(c.to_lowercase().map(|c| (c, source.clone()))),
        }
    }
    // 2. Spelled-out words joined: "v.a.p.e", "c-b-d", "f r e e".
    let chars = join_spelled_out(chars);
    // 3. Digits and symbols inside words read as letters: "v0dka", "c@sino".
    let chars = read_leet(chars);

    let mut normalized = Normalized {
        text: String::with_capacity(chars.len()),
        map: Vec::with_capacity(chars.len()),
    };
    for (c, source) in chars {
        normalized.map.push((normalized.text.len(), source));
        normalized.text.push(c);
    }
    (normalized.text != text.to_lowercase()).then_some(normalized)
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '@' || c == '$'
}

/// Removes the separators of runs of three or more single characters
/// separated by one repeated separator.
fn join_spelled_out(chars: Vec<(char, Range<usize>)>) -> Vec<(char, Range<usize>)> {
    let word_at = |index: Option<usize>| {
        index
            .and_then(|index| chars.get(index))
            .is_some_and(|(c, _)| is_word(*c))
    };
    let mut out = Vec::with_capacity(chars.len());
    let mut index = 0;
    while let Some(current) = chars.get(index) {
        if !word_at(index.checked_sub(1)) && is_word(current.0) {
            let char_at = |index: usize| chars.get(index).map(|(c, _)| *c);
            if let Some(run) = spelled_run_end(char_at, index).and_then(|end| chars.get(index..end))
            {
                out.extend(run.iter().step_by(2).cloned());
                index += run.len();
                continue;
            }
        }
        out.push(current.clone());
        index += 1;
    }
    out
}

/// The end of a run like `v.a.p.e` starting at `start`, if there is one.
/// `char_at` gives the character at an index (the walk's characters, or the
/// pre-check's bytes).
fn spelled_run_end(char_at: impl Fn(usize) -> Option<char>, start: usize) -> Option<usize> {
    let separator = char_at(start + 1)?;
    if !is_spacer(separator) {
        return None;
    }
    let mut letters = 1;
    let mut index = start + 1;
    while char_at(index) == Some(separator)
        && char_at(index + 1).is_some_and(is_word)
        && !char_at(index + 2).is_some_and(is_word)
    {
        letters += 1;
        index += 2;
    }
    (letters >= 3).then_some(index)
}

/// Replaces digits and symbols with the letters they stand for, in words
/// that have letters too.
fn read_leet(mut chars: Vec<(char, Range<usize>)>) -> Vec<(char, Range<usize>)> {
    for word in chars.chunk_by_mut(|(a, _), (b, _)| is_word(*a) == is_word(*b)) {
        let is_word_chunk = word.first().is_some_and(|(c, _)| is_word(*c));
        let has_letter = word.iter().any(|(c, _)| c.is_alphabetic());
        let has_leet = word.iter().any(|(c, _)| leet(*c).is_some());
        if is_word_chunk && has_letter && has_leet && word.len() >= 3 {
            for (c, _) in word.iter_mut() {
                if let Some(letter) = leet(*c) {
                    *c = letter;
                }
            }
        }
    }
    chars
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The normalised text, and the original text of each word of it.
    fn read(text: &str) -> (String, Vec<String>) {
        let normalized = normalize(text).expect("something to normalise");
        let words = normalized
            .text
            .split(' ')
            .scan(0, |offset, word| {
                let span = *offset..*offset + word.len();
                *offset += word.len() + 1;
                Some(text[normalized.original(&span)].to_owned())
            })
            .collect();
        (normalized.text, words)
    }

    #[test]
    fn leetspeak_inside_words_reads_as_letters() {
        let (text, words) = read("Cheap v0dka and c@sino $ex");
        assert_eq!(text, "cheap vodka and casino sex");
        assert_eq!(words, ["Cheap", "v0dka", "and", "c@sino", "$ex"]);
        // Numbers alone stay numbers.
        assert!(normalize("Call 555 0100 at 4").is_none());
    }

    #[test]
    fn spelled_out_words_are_joined_and_span_their_separators() {
        let (text, words) = read("Buy C.B.D and v-a-p-e or f r e e stuff");
        assert_eq!(text, "buy cbd and vape or free stuff");
        assert_eq!(
            words,
            ["Buy", "C.B.D", "and", "v-a-p-e", "or", "f r e e", "stuff"]
        );
    }

    #[test]
    fn look_alikes_fullwidth_and_invisible_characters_fold() {
        let (text, words) = read("саsino ｖｏｄｋａ va\u{200B}pe ﬁne");
        assert_eq!(text, "casino vodka vape fine");
        assert_eq!(words, ["саsino", "ｖｏｄｋａ", "va\u{200B}pe", "ﬁne"]);
    }

    #[test]
    fn ordinary_text_is_left_alone() {
        assert!(normalize("Acme: your order 12345 ships Tuesday.").is_none());
        assert!(normalize("Café Zürich, 2-for-1 tonight").is_none());
    }

    /// The pre-check is exact: whenever it lets a text pass, the walk would
    /// have left it as it is; and it keeps most ordinary messages out.
    #[test]
    fn the_precheck_lets_through_every_text_the_walk_changes() {
        // Every string of up to five of these characters, and the corpora.
        let alphabet = ['a', 'Z', ' ', '0', '9', '.', '-', '@', '_', '£', '²', 'а'];
        let mut texts: Vec<String> = vec![String::new()];
        let mut last = texts.clone();
        for _ in 0..5 {
            last = last
                .iter()
                .flat_map(|text| alphabet.iter().map(move |c| format!("{text}{c}")))
                .collect();
            texts.extend(last.iter().cloned());
        }
        texts.extend(
            [
                "Fresh 5 1 0 carts in stock 🔥",
                "8.0.0 credit score ✅",
                "Don’t miss: a2@",
                "Valid 12hrs only, £5",
                "va\u{200B}pe",
            ]
            .map(String::from),
        );
        let corpus = crate::test_texts::uci_corpus();
        let adversarial = crate::test_texts::adversarial();
        let mut changed = 0;
        for text in texts.iter().chain(&corpus).chain(&adversarial) {
            if undo_obfuscation(text).is_some() {
                changed += 1;
                assert!(may_be_obfuscated(text), "{text:?}");
            }
        }
        assert!(changed > 10_000, "{changed}");
        let passed = corpus.iter().filter(|text| may_be_obfuscated(text)).count();
        assert!(passed * 5 < corpus.len(), "{passed} of {}", corpus.len());
        assert!(!may_be_obfuscated("Acme: 20% off today, £5 delivery ✅"));
    }

    #[test]
    fn every_mapped_span_lies_on_character_boundaries() {
        let text = "ｖ0dkа, C.B.D\u{200B}!";
        let normalized = normalize(text).unwrap();
        for end in 1..=normalized.text.len() {
            if !normalized.text.is_char_boundary(end) {
                continue;
            }
            let span = normalized.original(&(0..end));
            assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        }
    }
}
