//! GSM-7 / UCS-2 detection and segment counting, exactly as Twilio's segment
//! calculator does it (TwilioDevEd/message-segment-calculator, MIT): the
//! tables in `rules/encoding/` are copies of its data.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::sync::LazyLock;

use unicode_segmentation::UnicodeSegmentation;

use crate::context::Counting;
use crate::source::Message;

/// Bits in one SMS: 140 octets.
const SEGMENT_BITS: usize = 1120;
/// The user data header every part of a multi-part message carries.
const HEADER_BITS: usize = 48;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Gsm7,
    Ucs2,
}

impl Encoding {
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Gsm7 => "GSM-7",
            Encoding::Ucs2 => "UCS-2",
        }
    }

    /// Characters in one single-part message.
    pub fn single_capacity(self) -> usize {
        match self {
            Encoding::Gsm7 => 160,
            Encoding::Ucs2 => 70,
        }
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The GSM 03.38 table: septets per character (1 basic, 2 extension).
static GSM7: LazyLock<HashMap<char, u8>> = LazyLock::new(|| {
    include_str!("../rules/encoding/gsm7-table.tsv")
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut columns = line.split('\t');
            let code = columns.next()?.strip_prefix("U+")?;
            let character = char::from_u32(u32::from_str_radix(code, 16).ok()?)?;
            let septets = columns.nth(1)?.parse().ok()?;
            Some((character, septets))
        })
        .collect()
});

/// Twilio Smart Encoding: the GSM-7 text that replaces a character.
static SMART: LazyLock<HashMap<char, String>> = LazyLock::new(|| {
    let map: HashMap<String, String> =
        serde_json::from_str(include_str!("../rules/encoding/smart-encoding-map.json"))
            .unwrap_or_default();
    map.into_iter()
        .filter_map(|(code, replacement)| {
            let code = u32::from_str_radix(code.strip_prefix("U+")?, 16).ok()?;
            Some((char::from_u32(code)?, replacement))
        })
        .collect()
});

/// Septets of each ASCII character (0: not in GSM-7, and every byte past
/// ASCII), so that the common case needs no hash lookup. 256 entries: a
/// byte indexes it with no bounds check.
static ASCII_SEPTETS: LazyLock<[u8; 256]> = LazyLock::new(|| {
    let mut table = [0; 256];
    for (&c, &septets) in GSM7.iter().filter(|(c, _)| c.is_ascii()) {
        if let Some(slot) = usize::try_from(u32::from(c))
            .ok()
            .and_then(|index| table.get_mut(index))
        {
            *slot = septets;
        }
    }
    table
});

/// Septets of a GSM-7 character (1 or 2), or `None` outside the alphabet.
pub fn gsm_septets(c: char) -> Option<u8> {
    if c.is_ascii() {
        return ASCII_SEPTETS
            .get(c as usize)
            .copied()
            .filter(|&septets| septets > 0);
    }
    GSM7.get(&c).copied()
}

/// Counts an ASCII text without placeholders: one piece per byte, so no
/// grapheme segmentation and, for the usual single segment, no allocation.
fn count_ascii(text: &str) -> Count {
    let bytes = text.as_bytes();
    // Every message a run reads is counted: one pass without a branch per
    // byte (0 septets marks a byte outside GSM-7).
    let table: &[u8; 256] = &ASCII_SEPTETS;
    let (total, outside) = bytes
        .iter()
        .fold((0usize, false), |(total, outside), &byte| {
            let septets = table.get(usize::from(byte)).copied().unwrap_or(0);
            (total + usize::from(septets), outside | (septets == 0))
        });
    let septets = (!outside).then_some(total);
    let (encoding, message_bits) = match septets {
        Some(septets) => (Encoding::Gsm7, septets * 7),
        None => (Encoding::Ucs2, bytes.len() * 16),
    };
    let unit_bits = if encoding == Encoding::Gsm7 { 7 } else { 16 };
    let sizes = bytes.iter().enumerate().map(|(offset, &byte)| {
        let size = match encoding {
            Encoding::Gsm7 => {
                7 * usize::from(ASCII_SEPTETS.get(usize::from(byte)).copied().unwrap_or(1))
            }
            Encoding::Ucs2 => 16,
        };
        (size, offset)
    });
    let (segments, boundaries) = segment(message_bits, sizes);
    Count {
        encoding,
        characters: match encoding {
            Encoding::Gsm7 => message_bits / 7,
            Encoding::Ucs2 => bytes.len(),
        },
        units: message_bits / unit_bits,
        unicode_scalars: bytes.len(),
        segments,
        message_bits,
        boundaries,
    }
}

/// The GSM-7 text Twilio's Smart Encoding puts in place of `c`.
pub fn smart_replacement(c: char) -> Option<&'static str> {
    SMART.get(&c).map(String::as_str)
}

/// How a symbol with no GSM-7 form (and no Smart Encoding replacement) is
/// usually written out: `№` is "No.", `™` is "(TM)". Offered as an unsafe fix
/// (`--unsafe-fixes`), since the right words depend on the sentence. `°`
/// has none: "20°C" and "turn 90°" want different words. (Check marks and
/// stars read as emoji, and ½ has a Smart Encoding form: neither is here.)
pub fn symbol_in_words(c: char) -> Option<&'static str> {
    Some(match c {
        '№' => "No.",
        '™' => "(TM)",
        '®' => "(R)",
        '©' => "(C)",
        '×' => "x",
        '±' => "+/-",
        '→' => "->",
        '←' => "<-",
        _ => return None,
    })
}

/// The letter without its accent, for an accented Latin letter GSM-7 does
/// not have (Spanish ó, á, í, ú; French â, ê, î, ô, û, ë, ç; Portuguese ã,
/// õ): offered as an unsafe fix when the accent costs segments, since it
/// changes the spelling. GSM-7's own accented letters (é, è, ñ, ü, à, ...)
/// never need one.
pub fn plain_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'á' | 'â' | 'ã' | 'ā' => "a",
        'Á' | 'Â' | 'Ã' | 'À' => "A",
        'ê' | 'ë' | 'ē' => "e",
        'Ê' | 'Ë' | 'È' => "E",
        'í' | 'î' | 'ï' => "i",
        'Í' | 'Î' | 'Ï' | 'Ì' => "I",
        'ó' | 'ô' | 'õ' | 'ō' => "o",
        'Ó' | 'Ô' | 'Õ' | 'Ò' => "O",
        'ú' | 'û' | 'ū' => "u",
        'Ú' | 'Û' | 'Ù' => "U",
        'ç' => "c",
        'œ' => "oe",
        'Œ' => "OE",
        'ÿ' => "y",
        _ => return None,
    })
}

/// A unit that is never split across segments: a grapheme of the message,
/// or one character of an assumed placeholder value.
#[derive(Clone, Copy, Debug)]
pub struct Piece<'a> {
    pub text: &'a str,
    /// Byte offset in the message it stands for (a placeholder's start).
    pub offset: usize,
}

/// What a message costs, as Twilio counts it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Count {
    pub encoding: Encoding,
    /// Twilio's "characters": septets for GSM-7 (extension characters count
    /// 2), graphemes for UCS-2.
    pub characters: usize,
    /// Septets (GSM-7) or UTF-16 code units (UCS-2).
    pub units: usize,
    pub unicode_scalars: usize,
    pub segments: usize,
    /// Payload bits, without user data headers.
    pub message_bits: usize,
    /// Byte offsets (into the counted text) where the 2nd, 3rd, ... segment starts.
    pub boundaries: Vec<usize>,
}

/// Splits text into the pieces Twilio counts: graphemes, with CR LF as two.
/// Runs of ASCII are split byte by byte without the grapheme segmenter
/// (between two ASCII characters there is always a boundary, CR LF aside),
/// so that a long, mostly ASCII message costs one fast pass.
pub fn pieces(text: &str, offset: usize) -> Pieces<'_> {
    Pieces {
        text,
        offset,
        chunks: Chunks { text, at: 0 },
        ascii: 0..0,
        graphemes: None,
        line_feed: None,
    }
}

/// The iterator of [`pieces`].
pub struct Pieces<'a> {
    text: &'a str,
    offset: usize,
    chunks: Chunks<'a>,
    /// What is left of the ASCII stretch being split.
    ascii: Range<usize>,
    /// The stretch being segmented, and its byte offset in `text`.
    graphemes: Option<(usize, unicode_segmentation::GraphemeIndices<'a>)>,
    /// The LF of a CR LF grapheme, counted as its own piece.
    line_feed: Option<Piece<'a>>,
}

impl<'a> Iterator for Pieces<'a> {
    type Item = Piece<'a>;

    fn next(&mut self) -> Option<Piece<'a>> {
        if let Some(line_feed) = self.line_feed.take() {
            return Some(line_feed);
        }
        loop {
            if let Some(at) = self.ascii.next() {
                return Some(Piece {
                    text: &self.text[at..=at],
                    offset: self.offset + at,
                });
            }
            if let Some((base, graphemes)) = &mut self.graphemes {
                if let Some((start, grapheme)) = graphemes.next() {
                    let offset = self.offset + *base + start;
                    if grapheme == "\r\n" {
                        self.line_feed = Some(Piece {
                            text: &grapheme[1..],
                            offset: offset + 1,
                        });
                        return Some(Piece {
                            text: &grapheme[..1],
                            offset,
                        });
                    }
                    return Some(Piece {
                        text: grapheme,
                        offset,
                    });
                }
                self.graphemes = None;
            }
            let (start, chunk, ascii) = self.chunks.next()?;
            if ascii {
                self.ascii = start..start + chunk.len();
            } else {
                self.graphemes = Some((start, chunk.grapheme_indices(true)));
            }
        }
    }
}

/// Splits text into stretches that are either ASCII characters, each its
/// own grapheme (`true`), or hold other characters and need the grapheme
/// segmenter (`false`): (byte offset, stretch, all ASCII). A stretch of the
/// second kind starts with the ASCII character before its first non-ASCII
/// one (a combining mark joins it) and ends where two ASCII characters
/// meet, a grapheme boundary under every rule of UAX #29 but CR LF.
struct Chunks<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Iterator for Chunks<'a> {
    type Item = (usize, &'a str, bool);

    fn next(&mut self) -> Option<Self::Item> {
        let bytes = self.text.as_bytes();
        let start = self.at;
        if start >= bytes.len() {
            return None;
        }
        let boundary = |at: usize| match bytes.get(at.saturating_sub(1)..=at) {
            Some(&[before, after]) => {
                before.is_ascii() && after.is_ascii() && (before, after) != (b'\r', b'\n')
            }
            _ => false,
        };
        let first_other = bytes
            .get(start..)?
            .iter()
            .position(|byte| !byte.is_ascii())
            .map(|found| start + found);
        let (end, ascii) = match first_other {
            None => (bytes.len(), true),
            Some(other) if other > start + 1 => (other - 1, true),
            Some(other) => (
                (other + 1..bytes.len())
                    .find(|&at| boundary(at))
                    .unwrap_or(bytes.len()),
                false,
            ),
        };
        self.at = end;
        Some((start, &self.text[start..end], ascii))
    }
}

/// True when a piece is one GSM-7 character.
pub fn is_gsm_piece(piece: &str) -> bool {
    let mut chars = piece.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if gsm_septets(c).is_some())
}

/// Counts a whole text.
pub fn count(text: &str) -> Count {
    if text.is_ascii() {
        return count_ascii(text);
    }
    count_pieces(&pieces(text, 0).collect::<Vec<_>>())
}

/// Counts a message given as pieces, in order.
pub fn count_pieces(pieces: &[Piece]) -> Count {
    count_from(|| pieces.iter().copied())
}

/// Counts the pieces a function yields (called up to three times, so that
/// even a huge message needs no per-piece allocation).
fn count_from<'a, I, F>(pieces: F) -> Count
where
    I: Iterator<Item = Piece<'a>>,
    F: Fn() -> I,
{
    // One pass counts both encodings' bits; the message is GSM-7 when every
    // piece is a GSM-7 character.
    let (mut gsm_bits, mut ucs2_bits, mut all_gsm) = (0, 0, true);
    let (mut count, mut unicode_scalars) = (0, 0);
    for piece in pieces() {
        let gsm = is_gsm_piece(piece.text);
        all_gsm &= gsm;
        if all_gsm {
            gsm_bits += piece_bits(&piece, Encoding::Gsm7);
        }
        ucs2_bits += if gsm {
            16
        } else {
            piece_bits(&piece, Encoding::Ucs2)
        };
        count += 1;
        unicode_scalars += piece.text.chars().count();
    }
    let (encoding, message_bits) = if all_gsm {
        (Encoding::Gsm7, gsm_bits)
    } else {
        (Encoding::Ucs2, ucs2_bits)
    };
    let bits = move |piece: &Piece| -> usize {
        match encoding {
            Encoding::Ucs2 if is_gsm_piece(piece.text) => 16,
            _ => piece_bits(piece, encoding),
        }
    };
    let (segments, boundaries) = segment(
        message_bits,
        pieces().map(|piece| (bits(&piece), piece.offset)),
    );
    let unit_bits = if encoding == Encoding::Gsm7 { 7 } else { 16 };
    Count {
        encoding,
        characters: match encoding {
            Encoding::Gsm7 => message_bits / 7,
            Encoding::Ucs2 => count,
        },
        units: message_bits / unit_bits,
        unicode_scalars,
        segments,
        message_bits,
        boundaries,
    }
}

/// The bits a piece takes in `encoding`: 7 per septet (an extension
/// character takes two), or 16 per UTF-16 code unit.
fn piece_bits(piece: &Piece, encoding: Encoding) -> usize {
    match encoding {
        Encoding::Gsm7 => piece
            .text
            .chars()
            .map(|c| 7 * usize::from(gsm_septets(c).unwrap_or(1)))
            .sum(),
        Encoding::Ucs2 => 16 * piece.text.encode_utf16().count(),
    }
}

/// Twilio's segmentation: the whole message in one segment when it fits in
/// 1,120 bits; otherwise parts of at most 1,072 bits (less the 48-bit user
/// data header), filled in order, a piece (grapheme, or extension character)
/// never split. Twilio's calculator fills the first segment, then on
/// overflow adds the headers and moves the last pieces on, which yields the
/// same parts: the tests check it against 3,019 strings counted by it.
/// Returns the number of segments and the offset where each part after the
/// first starts.
fn segment(total_bits: usize, sizes: impl Iterator<Item = (usize, usize)>) -> (usize, Vec<usize>) {
    if total_bits <= SEGMENT_BITS {
        return (1, Vec::new());
    }
    let capacity = SEGMENT_BITS - HEADER_BITS;
    let (mut used, mut boundaries) = (0, Vec::new());
    for (size, offset) in sizes {
        if used > 0 && used + size > capacity {
            boundaries.push(offset);
            used = 0;
        }
        used += size;
    }
    (boundaries.len() + 1, boundaries)
}

/// The pieces Twilio counts in a message: its graphemes, with each
/// placeholder standing for `length` GSM-7 characters and template tags for
/// nothing.
pub fn count_message(message: &Message, counting: &Counting) -> Count {
    let text: &str = &message.text;
    if message.placeholders.is_empty() && text.is_ascii() {
        return count_ascii(text);
    }
    count_from(|| message_pieces(message, counting))
}

/// The pieces of a message: its text's graphemes between placeholders, and
/// `length` GSM-7 characters for each placeholder (template tags count
/// nothing).
pub fn message_pieces<'a>(
    message: &'a Message,
    counting: &'a Counting,
) -> impl Iterator<Item = Piece<'a>> + 'a {
    let text: &str = &message.text;
    // Each placeholder closes the text before it; a final empty one the rest.
    let mut position = 0;
    let stops = message.placeholders.iter().map(Some).chain([None]);
    stops.flat_map(move |placeholder| {
        let (start, end) = placeholder.map_or((text.len(), text.len()), |placeholder| {
            (
                placeholder.span.start.max(position),
                placeholder.span.end.max(position),
            )
        });
        let before = pieces(text.get(position..start).unwrap_or(""), position);
        position = end;
        let filler = placeholder.and_then(|placeholder| {
            let name = placeholder.name.as_deref()?;
            let piece = Piece {
                text: "x",
                offset: placeholder.span.start,
            };
            Some(std::iter::repeat_n(piece, counting.length_of(name)))
        });
        before.chain(filler.into_iter().flatten())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ASCII fast path must split exactly as the grapheme segmenter
    /// does: texts mixing ASCII, CR LF, combining marks, emoji ZWJ
    /// sequences, flags and Hangul at every position.
    #[test]
    fn pieces_split_as_the_grapheme_segmenter_does() {
        let parts = [
            "a",
            "b",
            " ",
            "\r",
            "\n",
            "\r\n",
            "\u{301}",
            "é",
            "e\u{301}",
            "👍",
            "👍🏽",
            "👨\u{200d}👩",
            "\u{200d}",
            "🇺",
            "🇸",
            "🇺🇸",
            "한",
            "\u{1100}",
            "\u{1161}",
            "€",
            "\u{fe0f}",
            "ſ",
        ];
        // A small linear congruential generator: deterministic, no crate.
        let mut state: u64 = 7;
        for _ in 0..4000 {
            let mut text = String::new();
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let length = (state >> 60) as usize + 1;
            for _ in 0..length {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push_str(parts[(state >> 33) as usize % parts.len()]);
            }
            let fast: Vec<(usize, &str)> = pieces(&text, 5).map(|p| (p.offset, p.text)).collect();
            let reference: Vec<(usize, &str)> = text
                .grapheme_indices(true)
                .flat_map(|(start, grapheme)| match grapheme {
                    "\r\n" => vec![(start + 5, "\r"), (start + 6, "\n")],
                    _ => vec![(start + 5, grapheme)],
                })
                .collect();
            assert_eq!(fast, reference, "{text:?}");
        }
    }

    #[test]
    fn tables_load_completely() {
        assert_eq!(GSM7.len(), 137);
        assert_eq!(GSM7.values().filter(|&&septets| septets == 2).count(), 10);
        assert_eq!(SMART.len(), 271);
        assert_eq!(smart_replacement('\u{2019}'), Some("'"));
        assert_eq!(smart_replacement('…'), Some("..."));
    }

    #[test]
    fn boundaries_fall_where_segments_start() {
        let text = "a".repeat(161);
        let counted = count(&text);
        assert_eq!(counted.segments, 2);
        assert_eq!(counted.boundaries, [153]);
    }

    #[test]
    fn extension_characters_are_not_split() {
        // 152 septets, then `€` (2 septets) must move whole to part two.
        let text = format!("{}€{}", "a".repeat(152), "b".repeat(10));
        let counted = count(&text);
        assert_eq!((counted.encoding, counted.segments), (Encoding::Gsm7, 2));
        assert_eq!(counted.boundaries, [152]);
        assert_eq!(counted.characters, 164);
    }

    #[test]
    fn placeholders_count_at_their_assumed_length_and_tags_at_none() {
        let message =
            crate::source::message_at(0, "Hi {{first_name}}{% if x %}!{% endif %} – {{code}}");
        let counting = Counting {
            lengths: vec![("code".into(), 6)],
            ..Counting::default()
        };
        let counted = count_message(&message, &counting);
        // "Hi " + 12 + "!" + " – " + 6: the dash, not the placeholders, makes it UCS-2.
        assert_eq!(counted.encoding, Encoding::Ucs2);
        assert_eq!(counted.characters, 3 + 12 + 1 + 3 + 6);
        let plain = crate::source::message_at(0, "Hi {{first_name}}");
        assert_eq!(count_message(&plain, &counting).encoding, Encoding::Gsm7);
    }

    #[test]
    fn crlf_counts_as_two_characters() {
        let counted = count("a\r\nb");
        assert_eq!((counted.encoding, counted.characters), (Encoding::Gsm7, 4));
    }
}
