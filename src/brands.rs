//! The brands smishing impersonates, from the rule packs' `brands:` lists,
//! and what makes a link deceptive: `phishing/brand-impersonation` and
//! `phishing/deceptive-link`.
//!
//! Registrable domains come from the Public Suffix List through the `psl`
//! crate (`irs.gov.refund-portal.com` is `refund-portal.com`; `evil.pages.dev`
//! is `evil.pages.dev`, as `pages.dev` is a public suffix of its own).

use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::terms::{Semantics, Terms};

/// One impersonated brand: what it is called, the words that name it, and
/// the registrable domains it really sends links from (lower case).
#[derive(Clone, Debug, Default)]
pub struct Brand {
    pub name: String,
    pub names: Vec<String>,
    pub domains: Vec<String>,
    /// A way to pay (see [`crate::rules::schema::BrandSpec::payment`]).
    pub payment: bool,
}

/// The brands of a rule set, ready to search text and judge hosts.
pub struct Brands {
    brands: Vec<Brand>,
    names: Terms,
    /// Per automaton pattern: the brand, and the name as written when it
    /// must match as written or in capitals (it has a capital letter).
    owners: Vec<(usize, Option<String>)>,
    /// Squashed names (`bankofamerica`, `usps`) that a host may not borrow.
    host_words: Vec<(String, usize)>,
    /// Each squashed name's places in `host_words`, in order: a host's
    /// labels and pieces are looked up, not compared with every name.
    host_word_places: std::collections::HashMap<String, Vec<usize>>,
    free_hosts: HashSet<String>,
    tracking_hosts: HashSet<String>,
    /// Every brand's own domain, with its place in the packs (brand, then
    /// domain): a link's host is looked up in it a few times rather than
    /// compared with each of the hundreds of domains.
    domains: std::collections::HashMap<String, (usize, usize)>,
}

/// Why a link deceives, said in a finding's label.
pub type Deception = String;

impl Brands {
    /// Compiles the brands, free-host suffixes and tracking services of
    /// the rule packs.
    pub fn new(brands: &[Brand], free_hosts: &[String], tracking_hosts: &[String]) -> Brands {
        let mut terms = Vec::new();
        let mut owners = Vec::new();
        let mut host_words = Vec::new();
        for (index, brand) in brands.iter().enumerate() {
            for name in &brand.names {
                terms.push(name.clone());
                let exact = name.chars().any(char::is_uppercase);
                owners.push((index, exact.then(|| name.clone())));
                let word = squash(name);
                if word.len() >= 3 && !host_words.contains(&(word.clone(), index)) {
                    host_words.push((word, index));
                }
            }
        }
        let names = Terms::new(&terms, Semantics::LeftmostLongest);
        let mut host_word_places: std::collections::HashMap<String, Vec<usize>> =
            std::collections::HashMap::new();
        for (place, (word, _)) in host_words.iter().enumerate() {
            host_word_places
                .entry(word.clone())
                .or_default()
                .push(place);
        }
        let mut domains = std::collections::HashMap::new();
        for (brand_index, brand) in brands.iter().enumerate() {
            for (domain_index, domain) in brand.domains.iter().enumerate() {
                domains
                    .entry(domain.clone())
                    .or_insert((brand_index, domain_index));
            }
        }
        Brands {
            domains,
            brands: brands.to_vec(),
            names,
            owners,
            host_words,
            host_word_places,
            free_hosts: free_hosts
                .iter()
                .map(|host| host.to_ascii_lowercase())
                .collect(),
            tracking_hosts: tracking_hosts
                .iter()
                .map(|host| host.to_ascii_lowercase())
                .collect(),
        }
    }

    /// Whether `host` belongs to a shipment-tracking service shops link
    /// to ("shipped with USPS, track it at acme.narvar.com"): no carrier's
    /// impersonation.
    pub fn is_tracking_host(&self, host: &str) -> bool {
        registrable_domain(host)
            .is_some_and(|registrable| self.tracking_hosts.contains(&registrable))
    }

    pub fn get(&self, brand: usize) -> Option<&Brand> {
        self.brands.get(brand)
    }

    /// The organisations `text` names in words that are no brand of the
    /// packs, as their squashed names: one to three words, the first
    /// capitalised ("ICICI Bank" is `icicibank`), with a distinctive word
    /// that is no lure's topic ("Toll Services" names nobody). Built once
    /// per message, in one pass over its words: what [`names_site_of`]
    /// reads.
    ///
    /// [`names_site_of`]: Brands::names_site_of
    pub fn site_names(&self, text: &str) -> std::collections::HashSet<String> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let mut names = std::collections::HashSet::new();
        for start in 0..words.len() {
            let capitalised = words
                .get(start)
                .and_then(|word| word.chars().find(|c| c.is_alphanumeric()))
                .is_some_and(char::is_uppercase);
            if !capitalised {
                continue;
            }
            for count in 1..=3 {
                let Some(run) = words.get(start..start + count) else {
                    break;
                };
                let name = run.join(" ");
                let squashed = squash(&name);
                let named = squashed.len() >= 4
                    && !self
                        .host_words
                        .iter()
                        .any(|(word, _)| squashed.contains(word))
                    && distinctive_word(&name).is_some_and(|word| !is_lure_topic(&word));
                if named {
                    names.insert(squashed);
                }
            }
        }
        names
    }

    /// Whether a link's host is the site of an organisation the message
    /// names ([`Brands::site_names`]): its registrable domain's name is one
    /// of them, and it passes [`is_own_host`] (no lure word, no throw-away
    /// domain). A bank's notice of a payment to Amazon, linking to
    /// icicibank.com, impersonates nobody.
    pub fn names_site_of(names: &std::collections::HashSet<String>, host: &str) -> bool {
        let domain = registrable_domain(host).unwrap_or_else(|| host.to_owned());
        let label = squash(domain.split('.').next().unwrap_or_default());
        names.contains(&label) && is_own_host(host, &label)
    }

    /// Brands named in `text`, as whole words, by brand and byte range.
    pub fn mentions(&self, text: &str) -> Vec<(usize, Range<usize>)> {
        let bytes = text.as_bytes();
        let mut mentions = Vec::new();
        self.names.find(bytes, |term, range| {
            mentions.extend(self.mention(text, term, range))
        });
        mentions
    }

    /// Brands named only once obfuscation is undone ("U-S-P-S",
    /// "C.H.A.S.E", "Am@zon"), by brand and the byte range of `text` they
    /// were written at; `normalized` is `text` normalised. A capitalised
    /// name (Chase, not "chase the deal") still needs its letters in
    /// capitals or its first letter a capital, and an acronym written with
    /// its dots ("U.S.P.S.") is ordinary writing, not a mention found here.
    fn spelled_mentions(
        &self,
        text: &str,
        normalized: &crate::normalize::Normalized,
    ) -> Vec<(usize, Range<usize>)> {
        let bytes = normalized.text.as_bytes();
        let word_byte = |at: Option<&u8>| at.is_some_and(|b| b.is_ascii_alphanumeric());
        let mut mentions = Vec::new();
        self.names.find(bytes, |term, range| {
            let Some((brand, exact)) = self.owners.get(term) else {
                return;
            };
            let before = range.start.checked_sub(1).and_then(|at| bytes.get(at));
            if word_byte(before) || word_byte(bytes.get(range.end)) {
                return;
            }
            let original = normalized.original(&range);
            let Some(written) = text.get(original.clone()) else {
                return;
            };
            // "U.S.P.S." is how an acronym is written, not a disguise.
            let acronym = exact.as_deref().is_some_and(|name| {
                name.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            });
            let dotted = written.chars().all(|c| c.is_alphanumeric() || c == '.');
            let mut letters = written.chars().filter(|c| c.is_alphabetic());
            let as_required = exact.is_none()
                || letters.clone().all(char::is_uppercase)
                || letters.next().is_some_and(char::is_uppercase);
            if as_required && !(acronym && dotted) {
                mentions.push((*brand, original));
            }
        });
        mentions
    }

    /// The brand a name found at `range` mentions, when it is a whole word
    /// written as the name requires.
    fn mention(
        &self,
        text: &str,
        term: usize,
        range: Range<usize>,
    ) -> Option<(usize, Range<usize>)> {
        let bytes = text.as_bytes();
        let word_byte = |at: Option<&u8>| at.is_some_and(|b| b.is_ascii_alphanumeric());
        let (brand, exact) = self.owners.get(term)?;
        let before = range.start.checked_sub(1).and_then(|at| bytes.get(at));
        if word_byte(before) || word_byte(bytes.get(range.end)) {
            return None;
        }
        let written = text.get(range.clone())?;
        if let Some(exact) = exact {
            if written != exact && written != exact.to_uppercase() {
                return None;
            }
        }
        Some((*brand, range))
    }

    /// The brand names' search, for tests.
    #[cfg(test)]
    pub(crate) fn names(&self) -> &Terms {
        &self.names
    }

    /// Whether `signer` (a message's signature, "Bank of America Alert")
    /// names this brand.
    pub fn signs_as(&self, brand: usize, signer: &str) -> bool {
        self.is_sender(brand, signer)
            || self
                .mentions_as_read(signer)
                .iter()
                .any(|(named, _)| *named == brand)
    }

    /// Brands named in `text` ([`Brands::mentions`]), or, when none is
    /// written plainly, once obfuscation is undone
    /// ([`Brands::spelled_mentions`]): "C-H-A-S-E Fraud Dept:" signs as
    /// Chase.
    pub fn mentions_as_read(&self, text: &str) -> Vec<(usize, Range<usize>)> {
        self.mentions_in(text, crate::normalize::normalize(text).as_ref())
    }

    /// [`Brands::mentions_as_read`] given `normalized`, `text` with
    /// obfuscation undone when that changes it (a message's, worked out
    /// once for the keyword rules too).
    pub fn mentions_in(
        &self,
        text: &str,
        normalized: Option<&crate::normalize::Normalized>,
    ) -> Vec<(usize, Range<usize>)> {
        let plain = self.mentions(text);
        match normalized {
            Some(normalized) if plain.is_empty() => self.spelled_mentions(text, normalized),
            _ => plain,
        }
    }

    /// Whether `sender` (the configured or campaign brand) is this brand.
    pub fn is_sender(&self, brand: usize, sender: &str) -> bool {
        let sender = squash(sender);
        self.brands.get(brand).is_some_and(|brand| {
            std::iter::once(&brand.name)
                .chain(&brand.names)
                .any(|name| squash(name) == sender)
        })
    }

    /// Whether `host` is under one of the brand's own registrable domains.
    pub fn owns(&self, brand: usize, host: &str) -> bool {
        let registrable = registrable_domain(host);
        self.brands.get(brand).is_some_and(|brand| {
            brand
                .domains
                .iter()
                .any(|domain| registrable.as_deref() == Some(domain.as_str()))
        })
    }

    /// Why a link to `host` (lower case) deceives, or `None`: an ending
    /// disguised (`.c0m`), a free host or tunnel, a punycode or non-ASCII
    /// host, a known domain put where a
    /// reader looks (`usps.com-track.info`), or a brand's name joined into
    /// someone else's domain (`bankofamerica-alerts05.com`).
    pub fn deception(&self, host: &str) -> Option<Deception> {
        if let Some((written, meant)) = crate::links::disguised_ending(host) {
            return Some(format!(
                "`{host}` ends in `.{written}`, `.{meant}` disguised so that filters miss it"
            ));
        }
        let registrable = registrable_domain(host)?;
        if self.is_official(&registrable) {
            return None;
        }
        let suffix = psl::suffix_str(host).unwrap_or_default();
        if self.free_hosts.contains(suffix) || self.free_hosts.contains(registrable.as_str()) {
            return Some(format!(
                "`{host}` is on `{}`, a free hosting or tunnel service anyone can publish on",
                if self.free_hosts.contains(suffix) {
                    suffix
                } else {
                    &registrable
                }
            ));
        }
        if !host.is_ascii() || host.split('.').any(|label| label.starts_with("xn--")) {
            return Some(format!(
                "`{host}` is an internationalized (punycode) address: its letters can imitate a known domain"
            ));
        }
        if let Some(domain) = self.borrowed_domain(host, &registrable) {
            return Some(format!(
                "`{host}` shows `{domain}` where a reader looks, but the site is `{registrable}`"
            ));
        }
        let label = registrable.split('.').next().unwrap_or_default();
        let pieces: Vec<&str> = label
            .split(|c: char| c == '-' || c.is_ascii_digit())
            .filter(|piece| !piece.is_empty())
            .collect();
        // The labels before the registrable domain: `paypal` in
        // `paypal.secure-center.io`.
        let subdomain = host
            .strip_suffix(registrable.as_str())
            .unwrap_or_default()
            .trim_end_matches('.');
        // The first name (in the packs' order) that is a label before the
        // registrable domain, or a piece of its label, or that starts one
        // glued to a word after it ("uspsredelivery"; a name of four
        // letters or more and four letters after it, so that "cities" does
        // not read as Citi).
        let places = |word: &str| {
            self.host_word_places
                .get(word)
                .into_iter()
                .flatten()
                .copied()
        };
        let first = subdomain
            .split('.')
            .flat_map(places)
            .chain(pieces.iter().flat_map(|piece| places(piece)))
            .chain(
                pieces
                    .iter()
                    .flat_map(|&piece| {
                        (4..=piece.len().saturating_sub(4))
                            .filter_map(move |length| piece.get(..length))
                    })
                    .flat_map(places),
            )
            .min()?;
        let (word, brand) = self.host_words.get(first)?;
        let name = self.brands.get(*brand).map_or("", |brand| &brand.name);
        if subdomain.split('.').any(|part| part == word) {
            return Some(format!(
                "`{host}` puts the name {name} before someone else's domain, `{registrable}`"
            ));
        }
        Some(format!(
            "`{registrable}` borrows the name {name} but is not one of {name}'s domains"
        ))
    }

    /// Whether `registrable` is one of the packs' brands' own domains.
    pub fn is_official(&self, registrable: &str) -> bool {
        self.domains.contains_key(registrable)
    }

    /// The first brand domain (in the packs' order) that `host` shows at
    /// the start of one of its labels, followed by a dot or a hyphen, on a
    /// site (`registrable`) that is not that domain: `usps.com` in
    /// `usps.com-track.info`. Only a label's start can begin a borrowed
    /// domain, and only a dot or a hyphen end one: the host's few such
    /// pieces are looked up.
    fn borrowed_domain(&self, host: &str, registrable: &str) -> Option<&str> {
        let starts = std::iter::once(0).chain(host.match_indices('.').map(|(at, _)| at + 1));
        starts
            .flat_map(|start| {
                host.match_indices(['.', '-'])
                    .map(|(end, _)| end)
                    .filter(move |&end| end > start)
                    .filter_map(move |end| host.get(start..end))
            })
            .filter(|piece| *piece != registrable)
            .filter_map(|piece| self.domains.get_key_value(piece))
            .min_by_key(|(_, place)| **place)
            .map(|(domain, _)| domain.as_str())
    }

    /// Why the link `address` (as written, its host `host` lower case
    /// without `www.`) reads as a URL shortener's though no list names it:
    /// the whole host is a registrable domain of at most five characters
    /// before a two-letter country-code suffix (`qi.lv`, `51.fi`, `tx.vc`),
    /// and the last segment of its path is a random-looking token of 4
    /// characters or more, or of 3 letters of both cases on a two-character
    /// domain (`qi.lv/DyW`; not capitalised words, `qi.lv/aBc`) (see
    /// [`is_random_token`]: `aJzP`, `346Qz`, `bhssbK889`). A brand's own
    /// domain never does. Carriers filter shortened links, listed or not
    /// (Twilio, 30007).
    pub fn shortener_shape(&self, host: &str, address: &str) -> Option<String> {
        let registrable = registrable_domain(host)?;
        let suffix = psl::suffix_str(host)?;
        let label = registrable.strip_suffix(suffix)?.strip_suffix('.')?;
        let short_domain = host == registrable
            && suffix.len() == 2
            && suffix.bytes().all(|b| b.is_ascii_lowercase())
            && (1..=5).contains(&label.len())
            && label.bytes().all(|b| b.is_ascii_alphanumeric());
        if !short_domain || self.is_official(&registrable) {
            return None;
        }
        let after_scheme = address.split_once("://").map_or(address, |(_, rest)| rest);
        let path = after_scheme.split_once('/')?.1;
        let path = path.split(['?', '#']).next().unwrap_or_default();
        let token = path.split('/').rfind(|segment| !segment.is_empty())?;
        // On a two-character domain (`qi.lv/DyW`) three characters are a
        // shortener's whole code, when they are letters of both cases
        // (`4x4`, `B2B`, `A1c` and `tip` are words).
        let mixed_case = token.bytes().any(|b| b.is_ascii_lowercase())
            && token.bytes().any(|b| b.is_ascii_uppercase())
            && !token.bytes().any(|b| b.is_ascii_digit());
        let shortest = if label.len() <= 2 && mixed_case { 3 } else { 4 };
        is_random_token(token, shortest).then(|| {
            format!("`{registrable}/{token}` reads as a link shortener: a short domain and a random path")
        })
    }
}

/// A path segment that reads as generated, not as a word, a version or
/// an identifier a business writes: `shortest` to 12 ASCII letters and digits (no
/// `-` or `_`: `de-DE`, `ORD-12345`), whose character classes (lower,
/// upper, digit) change at least twice (`346Qz`, `aJzP`; not `summer25`,
/// `conf2025`), and that are not capitalised words run together
/// (`SpringSale`).
fn is_random_token(segment: &str, shortest: usize) -> bool {
    if !(shortest..=12).contains(&segment.len())
        || !segment.bytes().all(|b| b.is_ascii_alphanumeric())
    {
        return false;
    }
    let class = |b: u8| match b {
        b'a'..=b'z' => 0,
        b'A'..=b'Z' => 1,
        _ => 2,
    };
    let bytes = segment.as_bytes();
    let changes = bytes
        .iter()
        .zip(bytes.iter().skip(1))
        .filter(|(a, b)| class(**a) != class(**b))
        .count();
    // Words run together: each capital starts a run of lower case.
    let camel_words = !bytes.iter().any(u8::is_ascii_digit)
        && bytes.iter().enumerate().all(|(at, b)| {
            !b.is_ascii_uppercase() || bytes.get(at + 1).is_some_and(u8::is_ascii_lowercase)
        });
    changes >= 2 && !camel_words
}

/// An alarm about the reader's own account in `text` (byte range): its
/// state ("your Amazon account has been locked", "your card is
/// suspended") or suspicious activity on it ("unusual sign-in to your
/// account"), in one sentence and not negated. Named beside someone else's
/// brand, it is the account-takeover lure (FTC: bank impersonation, the most
/// reported text scam of 2022).
pub fn account_alarm(text: &str) -> Option<Range<usize>> {
    static ALARM: LazyLock<Regex> = LazyLock::new(|| {
        crate::literal::regex(
            r"(?ix)
            \byour\s+(?:[\w&'-]+\s+){0,2}?(?:account|acct|apple\s?id|profile|wallet|online\s+banking
              |(?:debit|credit|bank|atm)\s+card)\b
              [^\n.!?;]{0,40}?\b(?:has\s+been|have\s+been|is|was|will\s+be|got|been)\s+
              (?:temporarily\s+|permanently\s+|now\s+)?(?:locked|suspended|disabled|deactivated|frozen|blocked
              |compromised|restricted|on\s+hold|placed\s+on\s+hold)\b
            | \b(?:unusual|suspicious|unauthori[sz]ed|unrecogni[sz]ed)\s+(?:activity|log\s?-?ins?|sign-?ins?
              |access|transactions?)\s+(?:on|in|to|from|with)\s+your\s+(?:[\w&'-]+\s+){0,2}?(?:account|acct
              |apple\s?id|profile|wallet|card)\b",
        )
    });
    ALARM.find(text).map(|found| found.range())
}

/// The registrable domain of `host` under the Public Suffix List (private
/// section included): `a.b.example.co.uk` is `example.co.uk`.
pub fn registrable_domain(host: &str) -> Option<String> {
    psl::domain_str(host).map(str::to_ascii_lowercase)
}

/// Words that open a message before a colon without naming a business
/// ("Reminder: ...", "Hi Sam: ..."); lower case.
const OPENERS: &[&str] = &[
    "alert",
    "appointment",
    "attention",
    "attn",
    "code",
    "confirmed",
    "confirmation",
    "date",
    "dear",
    "delivery",
    "final",
    "friendly",
    "fyi",
    "good",
    "heads",
    "hello",
    "hey",
    "hi",
    "important",
    "info",
    "lab",
    "link",
    "mobile",
    "msg",
    "new",
    "note",
    "notice",
    "order",
    "otp",
    "payment",
    "phone",
    "pin",
    "ps",
    "re",
    "reminder",
    "reply",
    "results",
    "security",
    "sms",
    "status",
    "subject",
    "support",
    "text",
    "thanks",
    "time",
    "today",
    "tomorrow",
    "tonight",
    "update",
    "urgent",
    "verification",
    "warning",
    "welcome",
    "when",
    "where",
    "your",
    // Spanish and French greetings and headings.
    "alerte",
    "aviso",
    "avis",
    "bonjour",
    "bonsoir",
    "buenas",
    "buenos",
    "hola",
    "rappel",
    "recordatorio",
    "salut",
];

/// Words of a business name that say what kind of business it is, not
/// which: two names sharing only these are not the same business.
const GENERIC_NAME_WORDS: &[&str] = &[
    "bank",
    "banque",
    "caisse",
    "center",
    "centre",
    "clinic",
    "clinique",
    "company",
    "credit",
    "dental",
    "group",
    "health",
    "insurance",
    "medical",
    "pharmacy",
    "plumbing",
    "services",
    "shop",
    "store",
    "union",
    // Words a department or a notice signs with, never a business's name:
    // "Billing Dept:", "Security Team:", "Your Account".
    "account",
    "alert",
    "alerts",
    "billing",
    "customer",
    "department",
    "dept",
    "fraud",
    "notice",
    "our",
    "security",
    "service",
    "support",
    "team",
    "the",
    "your",
];

/// The name that signs a message: the text before its first colon ("Acme
/// Dental: ..."; a colon followed by a space or the end, not a link's or a
/// time's), as CTIA asks messages to start, when it is one to five
/// words of at most 40 bytes with a letter in them and does not open with a
/// common greeting or heading ("Reminder:", "Hi Sam:"). Returns the name's
/// byte range in `text`, trimmed.
pub fn signature(text: &str) -> Option<std::ops::Range<usize>> {
    let (name, rest) = text.split_once(':')?;
    // "Acme: ..." is followed by a space; "https://" and "10:30" are not.
    if rest
        .chars()
        .next()
        .is_some_and(|next| !next.is_whitespace())
    {
        return None;
    }
    let start = name.len() - name.trim_start().len();
    let trimmed = name.trim();
    let words = trimmed.split_whitespace().count();
    let first = trimmed.split_whitespace().next()?.to_lowercase();
    let signs = (1..=5).contains(&words)
        && trimmed.len() <= 40
        && trimmed.chars().any(char::is_alphabetic)
        && !OPENERS.contains(&first.trim_matches(|c: char| !c.is_alphanumeric()));
    signs.then_some(start..start + trimmed.len())
}

/// The name a message introduces its sender with when it does not start
/// with one and a colon: "quick note from Luna Tax & Bookkeeping", "this
/// is Harbor Dental", "de parte de Clínica Sol", "de la part de Garage
/// Lavoie", or a name that opens it as a sentence's subject ("Harbor Gym
/// is hiring"): capitalised words (and `&`), as a byte range of `text`.
pub fn introduced_name(text: &str) -> Option<std::ops::Range<usize>> {
    // Only near the start: a name met later ("a parcel from Harbor
    // Express") is what the message is about, not who sends it.
    let head = text
        .get(..text.len().min(INTRODUCTION_REACH))
        .unwrap_or(text);
    let captures = INTRODUCED.captures(head)?;
    let found = captures.get(1).or_else(|| captures.get(2))?;
    let name = found.as_str().trim_end();
    Some(found.start()..found.start() + name.len())
}

/// How far into a message its sender is introduced, in bytes.
const INTRODUCTION_REACH: usize = 60;

static INTRODUCED: LazyLock<Regex> = LazyLock::new(|| {
    crate::literal::regex(
        r"(?i)(?:\bfrom|\bthis\s+is|\bde\s+parte\s+de|\bde\s+la\s+part\s+de)\s+((?-i:\p{Lu}[\w'’.-]*)(?:\s+(?:&|(?-i:\p{Lu}[\w'’.-]*))){0,4})|^\s*((?-i:\p{Lu}[\w'’.-]*)(?:\s+(?:&|(?-i:\p{Lu}[\w'’.-]*))){1,4})\s+(?:is|are|has|will|here)\b",
    )
});

/// The first word of a business name that says which business it is, not
/// what kind ("Harbor" of "Harbor Gym", "lunatax" nowhere: "Luna"), lower
/// case, at least three letters.
pub fn distinctive_word(name: &str) -> Option<String> {
    // A word with letters past ASCII cannot be compared with a domain's
    // ("Clínica Sol" is clinicasol.mx): the next word is.
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|word| word.is_ascii())
        .map(squash)
        .find(|word| word.len() >= 3 && !GENERIC_NAME_WORDS.contains(&word.as_str()))
}

/// Whether a link's host is on the site of the business whose distinctive
/// word is `word`: its registrable domain's name holds the word
/// ("harborgym.example" for Harbor Gym), with no word a lure adds to a
/// borrowed name ("streammax-account", "spotify-pagos",
/// "harbor-secure-login") and no throw-away top-level domain.
pub fn is_own_host(host: &str, word: &str) -> bool {
    is_own_host_of(host, word, "")
}

/// [`is_own_host`] for a business whose whole name is `name`: a lure word
/// its own name holds is no lure ("Brightpath Recruiting" at
/// brightpathrecruiting.example), but only a job word, the one kind a
/// business is named after ("Streammax Billing" at streammaxbilling is
/// still a lure's shape).
pub fn is_own_host_of(host: &str, word: &str, name: &str) -> bool {
    let domain = registrable_domain(host).unwrap_or_else(|| host.to_owned());
    let label = domain.split('.').next().unwrap_or_default().to_lowercase();
    let tld = domain.rsplit('.').next().unwrap_or_default().to_lowercase();
    let name = squash(name);
    // "Remote Jobs" at remotejobs.com names no business: the job scam's
    // own words ("remote", "online") are no distinctive name.
    let distinctive = !JOB_SCAM_WORDS.contains(&word);
    let named = |lure: &&str| distinctive && JOB_WORDS.contains(lure) && name.contains(*lure);
    squash(&label).contains(word)
        && !LURE_DOMAIN_WORDS
            .iter()
            .any(|lure| label.contains(lure) && !named(lure))
        && !CHEAP_TLDS.contains(&tld.as_str())
}

/// The lure-domain words a staffing business is named after.
const JOB_WORDS: &[&str] = &["hiring", "jobs", "careers", "recruit"];

/// Words job scams name themselves with: never a business's distinctive
/// word beside a job word.
const JOB_SCAM_WORDS: &[&str] = &[
    "remote", "online", "work", "home", "easy", "quick", "global", "task", "tasks", "daily",
    "part", "staff", "job", "jobs", "career", "careers",
];

/// Top-level domains smishing favours for throw-away sites: a business's
/// own site is rarely one.
const CHEAP_TLDS: &[&str] = &[
    "top", "xyz", "click", "icu", "buzz", "rest", "cyou", "cfd", "sbs", "live", "online", "site",
    "support", "info", "vip", "work", "loan", "win",
];

/// Whether `word` (lowercase) is what lures are about ([`LURE_TOPICS`]).
pub fn is_lure_topic(word: &str) -> bool {
    LURE_TOPICS.contains(&word)
}

/// What lures are about: a site named after one ("tollservices",
/// "parceldelivery") is no organisation's own.
const LURE_TOPICS: &[&str] = &[
    "toll", "tolls", "parcel", "package", "delivery", "post", "postal", "shipping", "tracking",
    "customs", "refund", "tax", "fine", "fines", "court", "dmv", "ebt", "prize", "reward",
];

/// Words a lure's domain adds to the name it borrows.
const LURE_DOMAIN_WORDS: &[&str] = &[
    "account",
    "secure",
    "verify",
    "verif",
    "login",
    "signin",
    "billing",
    "update",
    "support",
    "helpdesk",
    "payment",
    "pagos",
    "pago",
    "paiement",
    "facturation",
    "cuenta",
    "compte",
    "alert",
    "auth",
    "refund",
    "reembolso",
    "remboursement",
    "unlock",
    "recover",
    "hiring",
    "jobs",
    "careers",
    "recruit",
];

/// Whether two ways of writing a business name plausibly name the same
/// business: one squashed name holds the other ("Harbor" and "Harbor
/// Dental Care"), or one is the other's initials ("IBM" and "International
/// Business Machines").
pub fn same_business(a: &str, b: &str) -> bool {
    // "Smith and Sons" is "Smith & Sons Plumbing"; legal forms name no one.
    let words = |name: &str| -> Vec<String> {
        name.split(|c: char| !c.is_alphanumeric())
            .map(str::to_lowercase)
            .filter(|word| {
                !word.is_empty()
                    && !["and", "et", "y", "the", "inc", "llc", "ltd", "co", "corp"]
                        .contains(&word.as_str())
            })
            .collect()
    };
    let (words_a, words_b) = (words(a), words(b));
    // A distinctive word in common: "Caisse Northshore" and "Northshore
    // Credit Union", "Each Monday Lakeside" and "Lakeside Dental".
    if words_a.iter().any(|word| {
        word.chars().count() >= 5
            && !GENERIC_NAME_WORDS.contains(&word.as_str())
            && words_b.contains(word)
    }) {
        return true;
    }
    let (squashed_a, squashed_b) = (squash(&words_a.concat()), squash(&words_b.concat()));
    if squashed_a.is_empty() || squashed_b.is_empty() {
        return true;
    }
    let initials = |name: &str| -> String {
        name.split_whitespace()
            .filter_map(|word| word.chars().find(char::is_ascii_alphanumeric))
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    squashed_a.contains(&squashed_b)
        || squashed_b.contains(&squashed_a)
        || (squashed_a.len() >= 2 && initials(b) == squashed_a)
        || (squashed_b.len() >= 2 && initials(a) == squashed_b)
}

/// Lower-case letters and digits only: `Bank of America` is `bankofamerica`.
pub fn squash(text: &str) -> String {
    text.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_word_in_the_business_name_is_no_lure() {
        let host = "brightpathrecruiting.example";
        assert!(!is_own_host(host, "brightpath"));
        assert!(is_own_host_of(host, "brightpath", "Brightpath Recruiting"));
        assert!(!is_own_host_of(
            "streammaxbilling.com",
            "streammax",
            "Streammax Billing"
        ));
    }

    #[test]
    fn a_site_named_by_the_message_is_its_senders() {
        let brands = brands();
        let bank = "Payment of Rs 179.00 for PayPal failed on your ICICI Bank Debit Card. Manage it at www.icicibank.com";
        assert!(Brands::names_site_of(
            &brands.site_names(bank),
            "icicibank.com"
        ));
        for (text, host) in [
            // A lure's topic, a pack brand, a lure word, a throw-away TLD.
            (
                "USPS: unpaid Toll Services fee, pay at tollservices.com",
                "tollservices.com",
            ),
            (
                "USPS Citi Bank: verify at usps-citibank.com",
                "usps-citibank.com",
            ),
            (
                "USPS: Harbor Login needed at harborlogin.com",
                "harborlogin.com",
            ),
            ("USPS: Harbor Gym at harborgym.top", "harborgym.top"),
            // Not written capitalised: no organisation's name.
            (
                "usps order: see harbor gym at harborgym.com",
                "harborgym.com",
            ),
        ] {
            assert!(
                !Brands::names_site_of(&brands.site_names(text), host),
                "{text}"
            );
        }
    }

    #[test]
    fn signatures_are_names_before_a_colon_but_not_greetings() {
        fn signed(text: &str) -> Option<&str> {
            signature(text).map(|span| &text[span])
        }
        assert_eq!(
            signed(" Acme Dental : your visit is at 10:30"),
            Some("Acme Dental")
        );
        assert_eq!(signed("Reminder: your visit is at 10:30"), None);
        assert_eq!(signed("Hi Sam: your visit is at 10:30"), None);
        assert_eq!(signed("Your visit is at 10:30"), None);
        assert_eq!(signed("10:30 tomorrow"), None);
        assert_eq!(signed("Acme Dental help at https://acme.com/help"), None);
        assert_eq!(signed("Acme:"), Some("Acme"));
        assert_eq!(
            signed("We are open from Monday to Friday, every week: 9 to 5"),
            None
        );
    }

    #[test]
    fn the_same_business_is_written_in_several_ways() {
        assert!(same_business("Harbor", "Harbor Dental Care"));
        assert!(same_business("IBM", "International Business Machines"));
        assert!(same_business("Bob's Pizza", "BOBS PIZZA LLC"));
        assert!(!same_business("Acme Dental", "Harbor"));
        assert!(same_business("Smith and Sons", "Smith & Sons Plumbing"));
        assert!(same_business(
            "Caisse Northshore",
            "Northshore Credit Union"
        ));
        assert!(!same_business("Acme Dental", "Harbor Dental"));
    }

    fn brands() -> Brands {
        let brand = |name: &str, names: &[&str], domains: &[&str]| Brand {
            name: name.to_owned(),
            names: names.iter().map(|s| s.to_string()).collect(),
            domains: domains.iter().map(|s| s.to_string()).collect(),
            payment: false,
        };
        Brands::new(
            &[
                brand("USPS", &["USPS"], &["usps.com"]),
                brand("IRS", &["IRS"], &["irs.gov"]),
                brand(
                    "Bank of America",
                    &["bank of america"],
                    &["bankofamerica.com"],
                ),
                brand("Citi", &["Citi", "citibank"], &["citi.com"]),
                brand("UPS", &["UPS"], &["ups.com"]),
                brand("PayPal", &["paypal"], &["paypal.com"]),
            ],
            &["pages.dev".to_owned(), "ngrok.io".to_owned()],
            &["narvar.com".to_owned()],
        )
    }

    #[test]
    fn tracking_services_are_known_by_their_registrable_domain() {
        let brands = brands();
        assert!(brands.is_tracking_host("acme.narvar.com"));
        assert!(!brands.is_tracking_host("narvar.com.parcel-help.top"));
        assert!(!brands.is_tracking_host("usps.com"));
    }

    #[test]
    fn registrable_domains_follow_the_public_suffix_list() {
        assert_eq!(
            registrable_domain("a.b.example.co.uk").as_deref(),
            Some("example.co.uk")
        );
        assert_eq!(
            registrable_domain("irs.gov.refund-portal.com").as_deref(),
            Some("refund-portal.com")
        );
        assert_eq!(
            registrable_domain("evil.pages.dev").as_deref(),
            Some("evil.pages.dev")
        );
    }

    #[test]
    fn deceptive_hosts_say_why() {
        let brands = brands();
        for host in [
            "irs.gov.refund-portal.com",
            "usps.com-track.info",
            "bankofamerica-alerts05.com",
            "citi-actvity.org",
            "uspsredelivery.top",
            "refund.pages.dev",
            "abc123.ngrok.io",
            "xn--pple-43d.com",
            "paypal.secure-center.io",
        ] {
            assert!(brands.deception(host).is_some(), "{host}");
        }
        for host in [
            "usps.com",
            "tools.usps.com",
            "irs.gov",
            "acme.com",
            "pickups.com",
            "upstate.edu",
            "cities.com",
            "cities-tour.com",
        ] {
            assert_eq!(brands.deception(host), None, "{host}");
        }
    }

    #[test]
    fn names_match_as_words_and_capitalised_names_as_written() {
        let brands = brands();
        let named = |text: &str| -> Vec<usize> {
            brands
                .mentions(text)
                .into_iter()
                .map(|(brand, _)| brand)
                .collect()
        };
        assert_eq!(named("USPS: your parcel"), vec![0]);
        assert_eq!(
            named("ups and downs; the irs-style form"),
            Vec::<usize>::new()
        );
        assert_eq!(named("Bank Of America alert"), vec![2]);
        assert_eq!(named("CITI alert, Citi alert, citi alert"), vec![3, 3]);
        assert!(brands.is_sender(2, "Bank of America"));
        assert!(!brands.is_sender(2, "Acme"));
        assert!(brands.owns(0, "tools.usps.com"));
        assert!(!brands.owns(0, "usps.com-track.info"));
    }
}
