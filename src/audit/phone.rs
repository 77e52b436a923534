//! Telephone numbers in an audit: masked whenever shown, and placed in a
//! country and a time zone by their prefix (ITU-T E.164 country calling
//! codes; under +1, the North American area codes). The tables are
//! libphonenumber's data (Apache-2.0, in `rules/`).

use std::collections::HashMap;
use std::sync::OnceLock;

use jiff::tz::TimeZone;

/// `number` as reports show it: every digit but the last four masked
/// (`+1******4567`), so a report never holds a person's number. Text with
/// fewer than seven digits (a short code, an alphanumeric sender ID, a
/// Messaging Service sid) is shown as it is.
pub fn mask(number: &str) -> String {
    let digits = number.bytes().filter(u8::is_ascii_digit).count();
    if digits < 7 || number.starts_with("MG") {
        return number.to_owned();
    }
    // The country calling code stays: "+1" or "+44" says where.
    let code = calling_code(number).map_or(0, str::len);
    let mut seen = 0;
    number
        .chars()
        .map(|c| {
            if !c.is_ascii_digit() {
                return c;
            }
            seen += 1;
            if seen > digits - 4 || seen <= code {
                c
            } else {
                '*'
            }
        })
        .collect()
}

/// `text` with every phone number in it masked as [`mask`] masks one (an
/// international number, seven digits or more in a row, a North American
/// `(212) 555-0123` or `212-555-0123`; dates stay): what an invalid
/// record's excerpt is shown as.
pub fn mask_text(text: &str) -> String {
    static NUMBER: std::sync::OnceLock<Option<regex::Regex>> = std::sync::OnceLock::new();
    let number = NUMBER.get_or_init(|| regex::Regex::new(
            r"\+\d[\d .-]{5,}\d|\b\d{7,}\b|\(\d{3}\)\s*\d{3}[ .-]?\d{4}\b|\b\d{3}[.-]\d{3}[.-]\d{4}\b",
        )
        .ok());
    match number {
        Some(number) => number
            .replace_all(text, |found: &regex::Captures| {
                mask(found.get(0).map_or("", |m| m.as_str()))
            })
            .into_owned(),
        None => text.to_owned(),
    }
}

/// The digits of an international number (`+15551234567`,
/// `whatsapp:+44…`), or `None` for a short code, a sender ID or a number
/// without its country code.
pub fn e164_digits(number: &str) -> Option<&str> {
    let number = number.rsplit(':').next().unwrap_or(number).trim();
    let digits = number.strip_prefix('+')?;
    (digits.len() >= 7 && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

/// The ISO 3166-1 region a number is in (`US`, `CA`, `PR`, `GB`), by its
/// longest known prefix; `None` when the table does not know it.
pub fn region(number: &str) -> Option<&'static str> {
    longest_prefix(&tables().regions, e164_digits(number)?, 4)
}

/// The country calling code (`1`, `44`) a number starts with, when known.
pub fn calling_code(number: &str) -> Option<&'static str> {
    let digits = e164_digits(number)?;
    (1..=3)
        .filter_map(|length| digits.get(..length))
        .find_map(|prefix| tables().codes.get(prefix).copied())
}

/// The local date and time at a number's holder when `time` is UTC: the
/// zones of its longest prefix in the table (a North American area code or
/// exchange, a country, a region of one), when they all agree at that
/// instant (the UK's mobiles span London, Jersey and Guernsey, one clock);
/// `None` when they differ or the number is not known.
pub fn local_time(number: &str, time: jiff::Timestamp) -> Option<jiff::civil::DateTime> {
    let digits = e164_digits(number)?;
    let names = longest_prefix(&tables().zones, digits, 8)?;
    let mut local = None;
    for name in names.split('&') {
        let zone = tables().zone(name)?;
        let here = zone.to_datetime(time);
        if local.is_some_and(|seen| seen != here) {
            return None;
        }
        local = Some(here);
    }
    local
}

fn longest_prefix(
    table: &HashMap<&'static str, &'static str>,
    digits: &str,
    longest: usize,
) -> Option<&'static str> {
    (1..=longest)
        .rev()
        .filter_map(|length| digits.get(..length))
        .find_map(|prefix| table.get(prefix).copied())
}

struct Tables {
    regions: HashMap<&'static str, &'static str>,
    zones: HashMap<&'static str, &'static str>,
    /// Each calling code, as a `&'static str` to hand out.
    codes: HashMap<&'static str, &'static str>,
    loaded: HashMap<&'static str, Option<TimeZone>>,
}

impl Tables {
    fn zone(&'static self, name: &str) -> Option<&'static TimeZone> {
        self.loaded.get(name).and_then(Option::as_ref)
    }
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let rows = |text: &'static str| -> HashMap<&'static str, &'static str> {
            text.lines()
                .filter(|line| !line.starts_with('#'))
                .filter_map(|line| line.split_once('\t'))
                .collect()
        };
        let regions = rows(include_str!("../../rules/calling-codes.txt"));
        let zones = rows(include_str!("../../rules/phone-time-zones.txt"));
        let codes = regions
            .keys()
            .filter(|prefix| !prefix.starts_with('1') || prefix.len() == 1)
            .map(|prefix| (*prefix, *prefix))
            .chain([("1", "1")])
            .collect();
        // Each zone is loaded once, not once per record: a record's local
        // time is then a table lookup.
        let loaded = zones
            .values()
            .flat_map(|names| names.split('&'))
            .map(|name| (name, jiff::tz::db().get(name).ok()))
            .collect();
        Tables {
            regions,
            zones,
            codes,
            loaded,
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
