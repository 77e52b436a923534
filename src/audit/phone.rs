//! Telephone numbers in an audit: masked whenever shown, and placed in a
//! country and a time zone by their prefix (ITU-T E.164 country calling
//! codes; under +1, the North American area codes). The tables are
//! libphonenumber's data (Apache-2.0, in `rules/`).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use jiff::tz::TimeZone;

/// `number` as reports show it: every digit but the last four masked
/// (`+1******4567`), so a report never holds a person's number. Text with
/// fewer than seven digits (a short code, an alphanumeric sender ID, a
/// Messaging Service sid) is shown as it is.
pub fn mask(number: &str) -> String {
    // Any decimal digit: a full-width `１` shows a number as well as `1`.
    let digits = number.chars().filter(|c| c.is_numeric()).count();
    if digits < 7 || number.starts_with("MG") {
        return number.to_owned();
    }
    // The country calling code stays: "+1" or "+44" says where.
    let code = match number.find('+') {
        Some(plus) => {
            let compact: String = std::iter::once('+')
                .chain(
                    number
                        .get(plus..)
                        .unwrap_or_default()
                        .chars()
                        .filter(char::is_ascii_digit),
                )
                .collect();
            calling_code(&compact).map_or(0, str::len)
        }
        None => 0,
    };
    let mut seen = 0;
    let mut masked = String::with_capacity(number.len());
    for c in number.chars() {
        if !c.is_numeric() {
            masked.push(c);
            continue;
        }
        seen += 1;
        if seen > digits - 4 || seen <= code {
            masked.push(c);
        } else {
            // A `*` a byte: the masked text keeps every byte offset.
            masked.extend(std::iter::repeat_n('*', c.len_utf8()));
        }
    }
    masked
}

/// `text` with every phone number in it masked as [`mask`] masks one: any
/// run of seven digits or more, a `+` or `(` before it and up to two
/// spaces, dots, dashes or parentheses between its digits (`212 555 0999`,
/// `x_12125550999`, `(212) 555-0123`); a date (`2024-03-05`, `3/14/2024`,
/// with its hour: `2024-03-05 14`) stays. Byte for byte: a masked digit
/// becomes as many `*` as it has bytes, so the spans of a text stay valid
/// in its masked copy. What a log's bodies, excerpts
/// and values are shown as.
pub fn mask_text(text: &str) -> String {
    static NUMBER: OnceLock<Option<(regex::Regex, regex::Regex)>> = OnceLock::new();
    let Some((number, date)) = NUMBER.get_or_init(|| {
        // Digits of any script; between them spaces (a no-break one too),
        // dots, slashes, dashes of any kind, parentheses.
        let number =
            regex::Regex::new(r"[+(]?\d(?:[\s().\-/\u{2010}-\u{2015}\u{2212}]{0,2}\d){6,}").ok()?;
        let date = regex::Regex::new(
            r"^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})(?:[\sT]\d{1,2})?$",
        )
        .ok()?;
        Some((number, date))
    }) else {
        // The patterns are fixed: unreachable, and nothing is shown raw.
        return text
            .chars()
            .map(|c| if c.is_ascii_digit() { '*' } else { c })
            .collect();
    };
    number
        .replace_all(text, |found: &regex::Captures| {
            let found = found.get(0).map_or("", |m| m.as_str());
            if date.is_match(found) {
                found.to_owned()
            } else {
                mask(found)
            }
        })
        .into_owned()
}

/// The digits of an international number (`+15551234567`,
/// `whatsapp:+44…`), or `None` for a short code, a sender ID or a number
/// without its country code.
pub fn e164_digits(number: &str) -> Option<&str> {
    // `whatsapp:+1…`, `mms:+1…`: the number after the channel.
    let number = match number.as_bytes().first() {
        Some(b'+') => number,
        _ => number.rsplit(':').next().unwrap_or(number).trim(),
    };
    let digits = number.strip_prefix('+')?;
    (digits.len() >= 7 && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

/// The ISO 3166-1 region a number is in (`US`, `CA`, `PR`, `GB`), by its
/// longest known prefix; `None` when the table does not know it.
pub fn region(number: &str) -> Option<&'static str> {
    tables().regions.longest(e164_digits(number)?, 4).copied()
}

/// Whether `code` is an ISO 3166-1 region the tables know (`US`, `GB`;
/// not `UK`).
pub fn is_region(code: &str) -> bool {
    tables().regions.0.values().any(|region| *region == code)
}

/// The country calling code (`1`, `44`) a number starts with, when known.
pub fn calling_code(number: &str) -> Option<&str> {
    let digits = e164_digits(number)?;
    // Calling codes are prefix-free: at most one length matches.
    (1..=3)
        .filter_map(|length| digits.get(..length))
        .find(|prefix| tables().codes.get(prefix).is_some())
}

/// The local date and time at a number's holder when `time` is UTC: the
/// zones of its longest prefix in the table (a North American area code or
/// exchange, a country, a region of one), when they all agree at that
/// instant (the UK's mobiles span London, Jersey and Guernsey, one clock);
/// `None` when they differ or the number is not known.
pub fn local_time(number: &str, time: jiff::Timestamp) -> Option<jiff::civil::DateTime> {
    let zones = tables().zones.longest(e164_digits(number)?, 8)?;
    let mut local = None;
    for zone in zones.iter() {
        let here = zone.as_ref()?.to_datetime(time);
        if local.is_some_and(|seen| seen != here) {
            return None;
        }
        local = Some(here);
    }
    local
}

/// A table by number prefix. Keys are the prefix's digits as a number,
/// tagged with its length (`1212` and `01212` differ): a lookup parses no
/// text and hashes one integer, for every record of a log.
struct Prefixes<V>(HashMap<u64, V, BuildHasherDefault<IntegerHasher>>);

impl<V> Prefixes<V> {
    fn key(digits: &str) -> Option<u64> {
        let value = digits.parse::<u64>().ok()?;
        Some(((digits.len() as u64) << 56) | value)
    }

    fn read(text: &'static str, mut value: impl FnMut(&'static str) -> V) -> Prefixes<V> {
        Prefixes(
            text.lines()
                .filter(|line| !line.starts_with('#'))
                .filter_map(|line| line.split_once('\t'))
                .filter_map(|(prefix, row)| Some((Self::key(prefix)?, value(row))))
                .collect(),
        )
    }

    fn get(&self, digits: &str) -> Option<&V> {
        self.0.get(&Self::key(digits)?)
    }

    /// The value of the longest prefix of `digits`, of at most `longest`.
    fn longest(&self, digits: &str, longest: usize) -> Option<&V> {
        let mut key = digits
            .get(..longest.min(digits.len()))?
            .parse::<u64>()
            .ok()?;
        for length in (1..=longest.min(digits.len())).rev() {
            if let Some(value) = self.0.get(&(((length as u64) << 56) | key)) {
                return Some(value);
            }
            key /= 10;
        }
        None
    }
}

/// Mixes an integer key (the keys are prefixes: their low bits alone would
/// collide in a power-of-two table).
#[derive(Default)]
struct IntegerHasher(u64);

impl Hasher for IntegerHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.write_u64(u64::from(byte));
        }
    }

    fn write_u64(&mut self, value: u64) {
        let mixed = (self.0 ^ value).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        self.0 = mixed ^ (mixed >> 29);
    }
}

struct Tables {
    regions: Prefixes<&'static str>,
    /// Each prefix's zones; `None` for a zone the database lacks.
    zones: Prefixes<Box<[Option<TimeZone>]>>,
    codes: Prefixes<()>,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let regions_text = include_str!("../../rules/calling-codes.txt");
        // Each zone is loaded once, not once per record: a record's local
        // time is then a lookup and an offset.
        let mut loaded: HashMap<&str, Option<TimeZone>> = HashMap::new();
        let zones = Prefixes::read(include_str!("../../rules/phone-time-zones.txt"), |names| {
            names
                .split('&')
                .map(|name| {
                    loaded
                        .entry(name)
                        .or_insert_with(|| jiff::tz::db().get(name).ok())
                        .clone()
                })
                .collect()
        });
        // The calling codes: the table's prefixes of at most three digits
        // (under +1 it lists area codes), and +1 itself.
        let mut codes = Prefixes::<()>::read(regions_text, |_| ());
        codes.0.retain(|key, ()| key >> 56 <= 3);
        codes
            .0
            .extend(Prefixes::<()>::key("1").map(|key| (key, ())));
        Tables {
            regions: Prefixes::read(regions_text, |region| region),
            zones,
            codes,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_masked_to_their_last_four_digits() {
        assert_eq!(mask("+15558675309"), "+1******5309");
        assert_eq!(mask("whatsapp:+447700900123"), "whatsapp:+44******0123");
        assert_eq!(mask("12345"), "12345");
        assert_eq!(mask("ACME"), "ACME");
        assert_eq!(
            mask_text(r#"{"to":"+15558675309","date":"2024-13-45"}"#),
            r#"{"to":"+1******5309","date":"2024-13-45"}"#
        );
        assert_eq!(
            mask_text("call (212) 555-0123 or 212.555.0199"),
            "call (***) ***-0123 or ***.***.0199"
        );
        for (text, masked) in [
            ("to 212 555 0999 now", "to *** *** 0999 now"),
            ("x_12125550999", "x_*******0999"),
            ("+1 (310) 555-7788", "+1 (***) ***-7788"),
            (
                "on 2024-03-05 or 3/14/2024, order 123456",
                "on 2024-03-05 or 3/14/2024, order 123456",
            ),
            ("212/555/0147", "***/***/0147"),
            ("at 2024-03-05 14:02", "at 2024-03-05 14:02"),
            ("212\u{a0}555\u{a0}0148", "***\u{a0}***\u{a0}0148"),
            ("212\u{2013}555\u{2013}0149", "***\u{2013}***\u{2013}0149"),
            (
                "\u{ff12}\u{ff11}\u{ff12}\u{ff15}\u{ff15}\u{ff15}\u{ff10}\u{ff11}\u{ff15}\u{ff10}",
                "******************\u{ff10}\u{ff11}\u{ff15}\u{ff10}",
            ),
        ] {
            assert_eq!(mask_text(text), masked);
            assert_eq!(mask_text(text).len(), text.len());
        }
    }

    #[test]
    fn area_codes_give_a_region_and_a_zone() {
        assert_eq!(region("+14165550123"), Some("CA"));
        assert_eq!(region("+12125550123"), Some("US"));
        assert_eq!(region("+447700900123"), Some("GB"));
        assert_eq!(calling_code("+447700900123"), Some("44"));
        assert_eq!(calling_code("+12125550123"), Some("1"));
        assert_eq!(region("12345"), None);
        // 2024-07-01 18:00 UTC, in summer time where there is one.
        let noon = |number| {
            let time: jiff::Timestamp = "2024-07-01T18:00:00Z".parse().unwrap();
            local_time(number, time).map(|local| local.hour())
        };
        assert_eq!(noon("+12125550123"), Some(14));
        assert_eq!(noon("+13105550123"), Some(11));
        assert_eq!(
            noon("+16025550123"),
            Some(11),
            "Arizona keeps standard time"
        );
        assert_eq!(
            noon("+447700900123"),
            Some(19),
            "one clock for the UK's mobiles"
        );
        // Idaho's 208 spans two zones: an exchange decides, or nothing does.
        assert_eq!(noon("+12082015555"), Some(12));
        assert_eq!(noon("+12082455555"), Some(11));
        assert_eq!(noon("+12085555555"), None);
        assert!(noon("+61255550123").is_some());
    }
}
