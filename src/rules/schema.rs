//! The rule-file format, as written in `rules/*.yaml` and in users' own packs.
//! Every field that a validation error may point at is `Spanned`.

use marked_yaml::Spanned;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    #[serde(default)]
    pub rules: Vec<RuleSpec>,
    /// Regexes that make a message read as promotional when no use case is
    /// known; such messages are held to the marketing rules.
    #[serde(default)]
    pub promotional_cues: Vec<Spanned<String>>,
    /// Brands smishing impersonates, with their own registrable domains.
    #[serde(default)]
    pub brands: Vec<BrandSpec>,
    /// Public suffixes or registrable domains of free hosting and tunnels.
    #[serde(default)]
    pub free_hosts: Vec<String>,
    /// Registrable domains of shipment-tracking services that shops link
    /// to for a carrier's parcel (aftership.com, narvar.com).
    #[serde(default)]
    pub tracking_hosts: Vec<String>,
    /// The send calls of SMS APIs whose messages are read in source code.
    #[serde(default)]
    pub senders: Vec<crate::read::code::Sender>,
    /// Named regex fragments this file's patterns use as `{name}` (see
    /// [`super::fragments`]).
    #[serde(default)]
    pub fragments: std::collections::BTreeMap<String, Spanned<String>>,
}

/// `{name: USPS, names: [USPS, US Postal Service], domains: [usps.com]}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BrandSpec {
    pub name: String,
    /// Words that name it; one with a capital letter matches only as
    /// written or in capitals.
    pub names: Vec<String>,
    /// Registrable domains it sends links from.
    pub domains: Vec<String>,
    /// A way to pay, which a business may say it takes ("we accept Zelle"):
    /// naming it so is no impersonation.
    #[serde(default)]
    pub payment: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    pub id: Spanned<String>,
    pub severity: Spanned<String>,
    /// Templates: see [`super::fill::NAMES`] for the `{name}`s they may use.
    pub message: Spanned<String>,
    #[serde(default)]
    pub label: Option<Spanned<String>>,
    #[serde(default)]
    pub help: Option<Spanned<String>>,
    /// One line naming the policy or Twilio error.
    #[serde(default)]
    pub note: Option<String>,
    pub explanation: String,
    #[serde(default)]
    pub references: Vec<String>,
    #[serde(default)]
    pub applies_to: AppliesToSpec,
    #[serde(default)]
    pub age_gated: Option<AgeGatedSpec>,

    #[serde(default)]
    pub keywords: Vec<Spanned<String>>,
    #[serde(default)]
    pub patterns: Vec<Spanned<String>>,
    /// Patterns that count only in a promotion: a message whose use case
    /// is a marketing one, or, with none known, that reads promotional
    /// ("Reply C to cancel" ends an offer, not an appointment).
    #[serde(default)]
    pub promotion_patterns: Vec<Spanned<String>>,
    #[serde(default)]
    pub exceptions: Vec<Spanned<String>>,
    /// Dish and cooking words: a keyword next to one of them (within two
    /// words, in the same phrase) names an ingredient, not the thing
    /// itself ("penne alla vodka", "bourbon BBQ wings").
    #[serde(default)]
    pub ingredient_of: Vec<Spanned<String>>,
    #[serde(default)]
    pub hosts: Option<HostsSpec>,
    #[serde(default)]
    pub require: Option<RequireSpec>,
    #[serde(default)]
    pub metric: Option<MetricSpec>,
    /// Emitted by smslint itself (unreadable input and the like), not by
    /// matching text; such a rule has no matcher.
    #[serde(default)]
    pub builtin: bool,

    #[serde(default)]
    pub examples: ExamplesSpec,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppliesToSpec {
    /// Use-case codes; empty means every known use case.
    #[serde(default)]
    pub use_cases: Vec<Spanned<String>>,
    /// What to do when the use case is unknown: `always`, `never`, or
    /// `promotional` (only messages that read as promotional).
    #[serde(default)]
    pub unknown_use_case: Option<Spanned<String>>,
    /// Locale prefixes (`en`, `fr-CA`); empty means every locale. A scoped
    /// rule never applies to a message whose locale is unknown.
    #[serde(default)]
    pub locales: Vec<String>,
    /// Only the first message of a conversation needs it (opt-out
    /// language, the brand): replies in a conversational programme skip it.
    #[serde(default)]
    pub first_message_only: bool,
    /// Skipped for a message signed by a business that is not a brand of
    /// the packs, whose every link goes to that business's own site (its
    /// hiring notice, its account alert; a link placeholder counts when the
    /// brand is configured or its name says which page it is,
    /// `{{payment_url}}`): the sender's own message. Skipped too when every
    /// link goes to a government agency's own domain among the packs'
    /// brands (irs.gov).
    #[serde(default)]
    pub except_own_site: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgeGatedSpec {
    pub severity: Spanned<String>,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HostsSpec {
    /// A file of domains, one per line, `#` comments; relative to the rule file.
    pub list: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequireSpec {
    /// Regexes; the rule fires when none of them matches.
    #[serde(default)]
    pub any_of: Vec<Spanned<String>>,
    /// The configured brand name also satisfies the requirement, and the
    /// rule applies only when a brand is configured.
    #[serde(default)]
    pub brand: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricSpec {
    /// `caps-ratio`, `char-run`, `link-count`, `emoji-count`, `length`,
    /// `segments`, `ucs2-forced` or `non-gsm-script`.
    pub kind: Spanned<String>,
    /// The value at or above which the rule fires (a share for caps-ratio);
    /// `segments` takes its limit from the config instead.
    #[serde(default)]
    pub min: Option<Spanned<f64>>,
    /// caps-ratio: fewer letters than this are never judged.
    #[serde(default)]
    pub min_letters: Option<usize>,
    /// char-run: the characters a run is made of.
    #[serde(default)]
    pub chars: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExamplesSpec {
    #[serde(default)]
    pub bad: Vec<ExampleSpec>,
    #[serde(default)]
    pub good: Vec<ExampleSpec>,
}

/// A bare string, or a message with the context it is sent in.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum ExampleSpec {
    Text(String),
    WithContext(ExampleWithContext),
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleWithContext {
    pub text: String,
    #[serde(default)]
    pub use_case: Option<String>,
    #[serde(default)]
    pub brand: Option<String>,
    #[serde(default)]
    pub locale: Option<String>,
    #[serde(default)]
    pub age_gated: Option<bool>,
}
