//! Sent bodies grouped into the templates they came from: what varies per
//! recipient (numbers, amounts, codes, links, e-mail addresses, the name
//! after a greeting) is masked, and bodies that then read the same are one
//! template, linted once.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

use jiff::Timestamp;
use regex::Regex;

use super::record::Record;
use super::traffic::{shown, Evidence, Part};

/// The most templates an audit keeps; bodies beyond them are counted as
/// untemplated (a log of free-form conversation has no templates, and
/// memory must not grow with its messages).
pub const MAX_TEMPLATES: usize = 50_000;

/// Distinct hashes a template keeps to estimate its recipients: exact up to
/// this many, estimated within a few percent beyond.
const SKETCH: usize = 256;

/// One template and what it reached.
#[derive(Clone, Debug)]
pub struct Template {
    /// The template, what varies masked (`Your code is #. Reply STOP…`).
    pub key: String,
    /// The first body sent from it, as sent: what is linted.
    pub example: String,
    pub messages: u64,
    pub first: Timestamp,
    pub last: Timestamp,
    pub evidence: Evidence,
    /// The Messaging Service of its first message: the campaign it is
    /// linted under.
    pub service: Option<String>,
    recipients: Sketch,
}

impl Template {
    /// How many distinct recipients it reached (estimated beyond a few
    /// hundred).
    pub fn recipients(&self) -> u64 {
        self.recipients.estimate()
    }
}

/// The templates of an audit.
#[derive(Default)]
pub struct Templates {
    pub templates: HashMap<String, Template>,
    /// Outbound messages not counted in a template (past [`MAX_TEMPLATES`]).
    pub untemplated: u64,
}

impl Templates {
    pub fn add(&mut self, file: usize, line: u64, record: &Record) {
        let key = template_of(&record.body);
        let count = self.templates.len();
        let template = match self.templates.get_mut(&key) {
            Some(template) => template,
            None if count >= MAX_TEMPLATES => {
                self.untemplated += 1;
                return;
            }
            None => {
                let (shown, span) = shown(record, Part::Body);
                self.templates
                    .entry(key.clone())
                    .or_insert_with(|| Template {
                        key,
                        example: record.body.clone(),
                        messages: 0,
                        first: record.time,
                        last: record.time,
                        evidence: Evidence {
                            file,
                            line,
                            sid: record.sid.clone(),
                            time: record.time,
                            shown,
                            span,
                        },
                        service: record.service.clone(),
                        recipients: Sketch::default(),
                    })
            }
        };
        template.messages += 1;
        template.first = template.first.min(record.time);
        template.last = template.last.max(record.time);
        template.recipients.add(&record.to);
    }

    /// The templates, most sent first, then by text.
    pub fn ranked(&self) -> Vec<&Template> {
        let mut ranked: Vec<&Template> = self.templates.values().collect();
        ranked.sort_by(|a, b| b.messages.cmp(&a.messages).then_with(|| a.key.cmp(&b.key)));
        ranked
    }
}

/// The template a body was most likely rendered from.
pub fn template_of(body: &str) -> String {
    static MASKS: OnceLock<Vec<(Regex, &'static str)>> = OnceLock::new();
    let masks = MASKS.get_or_init(|| {
        [
            (r"(?i)\b(?:https?://|www\.)\S+", "<link>"),
            (r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", "<email>"),
            // A greeting's name: "Hi Dana,", "Hello Mr. Ruiz!".
            (
                r"\b(?i:hi|hello|hey|dear)\s+(?:\p{Lu}[\p{L}'.-]*\s*){1,3}(?:[,!:]|$)",
                "Hi <name>,",
            ),
            // Numbers with their separators and currency: "$1,234.50", "10:30".
            (r"[$€£]?\d(?:[\d,.:/-]*\d)?", "#"),
            // Codes mixing letters and digits: "AB12CD".
            (r"\b[A-Z0-9]*\d[A-Z0-9]*\b", "#"),
        ]
        .into_iter()
        .filter_map(|(pattern, mask)| Regex::new(pattern).ok().map(|regex| (regex, mask)))
        .collect()
    });
    let mut text = body.split_whitespace().collect::<Vec<_>>().join(" ");
    for (regex, mask) in masks {
        if regex.is_match(&text) {
            text = regex.replace_all(&text, *mask).into_owned();
        }
    }
    text
}

/// A k-minimum-values sketch of distinct recipients: the `SKETCH` smallest
/// hashes seen; below that many the count is exact.
#[derive(Clone, Debug, Default)]
struct Sketch {
    smallest: std::collections::BTreeSet<u64>,
}

impl Sketch {
    fn add(&mut self, recipient: &str) {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        recipient.hash(&mut hasher);
        let hash = hasher.finish();
        if self.smallest.len() < SKETCH {
            self.smallest.insert(hash);
        } else if self.smallest.last().is_some_and(|&largest| hash < largest)
            && self.smallest.insert(hash)
        {
            self.smallest.pop_last();
        }
    }

    fn estimate(&self) -> u64 {
        match self.smallest.last() {
            Some(&largest) if self.smallest.len() >= SKETCH => {
                let fraction = (largest as f64 + 1.0) / (u64::MAX as f64 + 1.0);
                ((SKETCH - 1) as f64 / fraction).round() as u64
            }
            _ => self.smallest.len() as u64,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_varies_is_masked() {
        assert_eq!(
            template_of("Hi Dana, your order #4412 of $23.50 ships 3/14. Track: https://shop.example/t/AB12"),
            template_of("Hi Mr. Ruiz, your order #98 of $1,204.00 ships 12/1. Track: https://shop.example/t/ZZ9")
        );
        assert_eq!(template_of("Your code is 482913"), "Your code is #");
        assert_ne!(
            template_of("Your code is 1"),
            template_of("Your order shipped")
        );
    }

    #[test]
    fn recipients_are_counted_exactly_then_estimated() {
        let mut sketch = Sketch::default();
        for n in 0..100 {
            sketch.add(&format!("+1555000{n:04}"));
            sketch.add(&format!("+1555000{n:04}"));
        }
        assert_eq!(sketch.estimate(), 100);
        let mut sketch = Sketch::default();
        for n in 0..50_000 {
            sketch.add(&format!("+1555{n:07}"));
        }
        let estimate = sketch.estimate() as f64;
        assert!((estimate / 50_000.0 - 1.0).abs() < 0.2, "{estimate}");
    }
}
