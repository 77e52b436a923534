//! Finding links and emoji in message text: shared by the host-list rules
//! and the link and emoji metrics.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

/// A North American number (`(800) 555-0100`, `1-800-555-0100`) or an
/// international one (`+447911123456`): a number to call or text.
pub static PHONE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    crate::literal::regex(
        r"(?:\+?1[-.\s]?)?\(?\b[2-9]\d{2}\)?[-.\s]?\d{3}[-.\s]?\d{4}\b|\+\d{8,15}\b",
    )
});

/// Whether [`PHONE_NUMBER`] can match `text`: each of its numbers has eight
/// digits at least, and most messages have fewer, which counting tells
/// faster than the regex. (`\d` is any Unicode decimal digit, each of them
/// numeric.)
pub fn may_hold_phone_number(text: &str) -> bool {
    const FEWEST_DIGITS: usize = 8;
    if text.is_ascii() {
        text.bytes().filter(u8::is_ascii_digit).count() >= FEWEST_DIGITS
    } else {
        text.chars().filter(|c| c.is_numeric()).count() >= FEWEST_DIGITS
    }
}

/// A link or bare domain in a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub span: Range<usize>,
    /// Lower case, without `www.`.
    pub host: String,
    /// Written with `http(s)://` or `www.`: certainly meant as a link.
    pub explicit: bool,
}

impl Link {
    /// Whether a reader's phone would show this as a link: explicit ones,
    /// and bare domains under a common top-level domain; or whether the
    /// reader is meant to type it in, its ending disguised (`x.c0m`).
    pub fn is_clickable(&self) -> bool {
        self.explicit
            || self
                .host
                .rsplit('.')
                .next()
                .is_some_and(|tld| COMMON_TLDS.contains(&tld))
            || disguised_ending(&self.host).is_some()
    }

    /// Whether the host or a parent domain of it is on `domains` (`a.bit.ly`
    /// is on a list that names `bit.ly`).
    pub fn is_on(&self, domains: &std::collections::HashSet<String>) -> bool {
        self.host_suffixes().any(|suffix| domains.contains(suffix))
    }

    /// The host and each parent domain: `a.bit.ly`, `bit.ly`.
    pub fn host_suffixes(&self) -> impl Iterator<Item = &str> {
        let host = self.host.as_str();
        std::iter::once(host).chain(
            host.match_indices('.')
                .map(move |(dot, _)| &host[dot + 1..])
                .filter(|suffix| suffix.contains('.')),
        )
    }
}

/// The ending `host` disguises with a digit for a letter, written and
/// meant (`("c0m", "com")`): no registry sells `.c0m`; it is written so
/// that a filter looking for `.com` misses it.
pub fn disguised_ending(host: &str) -> Option<(&'static str, &'static str)> {
    const DISGUISED: &[(&str, &str)] = &[("c0m", "com"), ("n3t", "net"), ("0rg", "org")];
    let ending = host.rsplit('.').next()?;
    DISGUISED
        .iter()
        .find(|(written, _)| ending.eq_ignore_ascii_case(written))
        .copied()
}

const COMMON_TLDS: &[&str] = &[
    "com", "net", "org", "io", "co", "us", "ca", "uk", "info", "biz", "me", "ly", "app", "link",
    "xyz", "site", "online", "shop", "store", "club", "top", "xxx", "gl", "gd", "cc", "ws", "to",
    "tv", "ai", "edu", "gov", "mx", "de", "fr", "es", "in", "au",
];

static LINK: LazyLock<Regex> = LazyLock::new(|| {
    crate::literal::regex(
        r"(?ix)
        (?:https?://)?
        # A top-level domain starts with a letter; `.0rg` is `.org` disguised.
        (?:(?:[\w\p{So}](?:[\w\p{So}-]*[\w\p{So}])?\.)+(?:[\p{L}][\p{L}\d-]*[\p{L}\d]|0rg\b))
        (?::\d{1,5})?
        (?:[/?\#][^\s\x22<>`]*)?   # a quote, `<` or `>` ends it: an attribute, a tag",
    )
});

/// Every link or domain-looking token in `text`, trailing punctuation
/// excluded. Addresses after `@` (e-mail) are not links.
pub fn find_links(text: &str) -> Vec<Link> {
    // A domain has a dot between word characters ("acme.com", "➡.ws"); most
    // messages have none, and skip the regex.
    let domain_like = text.match_indices('.').any(|(dot, _)| {
        let before = text[..dot].chars().next_back();
        let after = text[dot + 1..].chars().next();
        before.is_some_and(|c| !c.is_whitespace() && !c.is_ascii_punctuation())
            && after.is_some_and(char::is_alphanumeric)
    });
    if !domain_like {
        return Vec::new();
    }
    // The whole match only (the regex's fast path); its scheme and host are
    // read off it: no host holds `:`, `/`, `?` or `#`, so the host runs
    // from after the scheme to the first of them.
    LINK.find_iter(text)
        .filter_map(|whole| {
            let before = text[..whole.start()].chars().next_back();
            if before.is_some_and(|c| c == '@' || c == '.' || c.is_alphanumeric()) {
                return None;
            }
            let written = whole.as_str();
            // The scheme is whatever comes before `://` when that is before
            // the host (whose dot it would hold): the regex matches it
            // however it is cased, `ſ` for `s` included.
            let scheme = written
                .find("://")
                .filter(|&at| {
                    written
                        .get(..at)
                        .is_some_and(|before| !before.contains(['.', '/', ':']))
                })
                .and_then(|at| written.get(..at + 3));
            let after_scheme = written.get(scheme.map_or(0, str::len)..)?;
            let host = after_scheme
                .split([':', '/', '?', '#'])
                .next()
                .unwrap_or(after_scheme);
            let matched = written.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '\'', '"']);
            let host_lower = host.to_lowercase();
            let host_lower = host_lower.strip_prefix("www.").unwrap_or(&host_lower);
            Some(Link {
                span: whole.start()..whole.start() + matched.len(),
                host: host_lower.to_owned(),
                explicit: scheme.is_some() || host.to_ascii_lowercase().starts_with("www."),
            })
        })
        .collect()
}

/// Pictographic characters that force UCS-2 and read as emoji. The ranges
/// are the Unicode emoji blocks; keycap and flag parts are counted once per
/// regional-indicator pair by the caller's character walk.
pub fn is_emoji(c: char) -> bool {
    matches!(c as u32,
        0x1F300..=0x1FAFF   // symbols & pictographs, emoticons, transport, supplemental
        | 0x1F000..=0x1F2FF // mahjong, cards, enclosed alphanumerics/ideographs
        | 0x2600..=0x27BF   // miscellaneous symbols, dingbats
        | 0x2B00..=0x2BFF   // arrows and stars such as ⭐
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(text: &str) -> Vec<(String, bool)> {
        find_links(text)
            .into_iter()
            .map(|link| (link.host, link.explicit))
            .collect()
    }

    #[test]
    fn the_scheme_is_read_however_it_is_cased() {
        for (text, host, explicit) in [
            (
                "go to httpſ://paypal.secure-login.io/x now",
                "paypal.secure-login.io",
                true,
            ),
            ("HTTPS://Acme.com/t", "acme.com", true),
            ("acme.com/r?u=http://x.io", "acme.com", false),
            ("www.Acme.com:8080/a", "acme.com", true),
        ] {
            assert_eq!(hosts(text), [(host.to_owned(), explicit)], "{text}");
        }
    }

    #[test]
    fn a_disguised_ending_is_a_link_to_type_in() {
        for (text, host) in [
            ("claim at amzn-refund.c0m/x7Kq", "amzn-refund.c0m"),
            ("claim at acme-gifts.0rg/x", "acme-gifts.0rg"),
            ("see refunds.n3t today", "refunds.n3t"),
        ] {
            let links = find_links(text);
            assert_eq!(links.len(), 1, "{text}");
            assert_eq!(links[0].host, host);
            assert!(links[0].is_clickable(), "{text}");
        }
        // Digits alone end no domain: a price, a version.
        assert!(find_links("only $5.00 or v2.0rgb").is_empty());
    }

    #[test]
    fn links_with_and_without_scheme() {
        assert_eq!(
            hosts("See https://Bit.ly/3xY, www.acme.com/a. or acme.com/sale!"),
            [
                ("bit.ly".into(), true),
                ("acme.com".into(), true),
                ("acme.com".into(), false)
            ]
        );
        let text = "go to acme.com/sale.";
        let link = &find_links(text)[0];
        assert_eq!(&text[link.span.clone()], "acme.com/sale");
        // A quote or angle bracket after a link is not part of it.
        for text in [
            "<a href=\"http://acme.com/confirm\">x</a>",
            "\"http://acme.com/confirm\" or <http://acme.com/confirm>",
        ] {
            let link = &find_links(text)[0];
            assert_eq!(
                &text[link.span.clone()],
                "http://acme.com/confirm",
                "{text}"
            );
        }
    }

    #[test]
    fn email_addresses_and_sentences_are_not_links() {
        assert!(hosts("Write to help@acme.com today").is_empty());
        assert!(find_links("It is 5 p.m. now. Ok.")
            .iter()
            .all(|link| !link.is_clickable()));
    }

    #[test]
    fn suffixes_walk_up_to_the_registrable_part() {
        let link = &find_links("https://x.go.bit.ly/a")[0];
        let suffixes: Vec<_> = link.host_suffixes().collect();
        assert_eq!(suffixes, ["x.go.bit.ly", "go.bit.ly", "bit.ly"]);
    }

    /// The digit count lets through every text the phone number pattern
    /// matches.
    #[test]
    fn texts_with_a_phone_number_pass_the_digit_count() {
        let mut texts = crate::test_texts::uci_corpus();
        texts.extend(crate::test_texts::adversarial());
        // Full-width digits are digits to `\d` (and to the count).
        let wide = "call +４４７９１１１２３４５６";
        assert!(PHONE_NUMBER.is_match(wide) && !wide.is_ascii());
        texts.extend(["+12345678", wide, "(415) 555 0100"].map(String::from));
        let mut numbers = 0;
        for text in &texts {
            if PHONE_NUMBER.is_match(text) {
                numbers += 1;
                assert!(may_hold_phone_number(text), "{text}");
            }
        }
        assert!(numbers > 10, "{numbers}");
        assert!(!may_hold_phone_number("Call 555-0100 now"));
    }

    #[test]
    fn emoji_are_recognised() {
        assert!(is_emoji('🍷') && is_emoji('☀') && is_emoji('⭐'));
        assert!(!is_emoji('é') && !is_emoji('$'));
    }
}
