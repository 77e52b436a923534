//! Campaign files: an A2P 10DLC / toll-free registration as YAML (top-level
//! `campaign:`, fields as in Twilio's UsAppToPerson resource), checked before
//! it is submitted, and the context of the templates it covers.
//!
//! Every diagnostic points into the YAML: at the offending value, or at the
//! key of the section a missing field belongs in.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use marked_yaml::types::{MarkedMappingNode, MarkedScalarNode};
use marked_yaml::{LoaderOptions, Node};
use regex::Regex;

use crate::check::Checker;
use crate::context::{parse_use_case, Context, ContextLayer};
use crate::diagnostic::Diagnostic;
use crate::links::find_links;
use crate::paths::clean_path;
use crate::rules::Fill;
use crate::source::{decoded_message, LocalSyntax, Message, Origin};
use crate::yaml;

/// True when a YAML file is a campaign file.
pub fn is_campaign(text: &str) -> bool {
    text.lines().any(|line| {
        line.strip_prefix("campaign:")
            .is_some_and(|rest| rest.trim().is_empty() || rest.trim_start().starts_with('#'))
    })
}

/// What a campaign tells the templates it covers.
#[derive(Clone, Debug)]
pub struct Scope {
    /// The campaign file, as shown in reports.
    pub display: String,
    /// The campaign file's folder (absolute): what its globs are relative to.
    pub dir: PathBuf,
    /// The `templates` globs, made absolute and with `..` resolved, so that
    /// `../otp/**` in `campaigns/otp.yaml` covers the templates beside it.
    pub templates: GlobSet,
    /// The folders the globs can match under: what to walk for the
    /// templates a campaign covers.
    pub roots: Vec<PathBuf>,
    pub context: ContextLayer,
}

impl Scope {
    /// Whether the template at `path` (absolute, without `.` or `..`, as
    /// [`clean_path`] leaves it) belongs to this campaign.
    pub fn covers(&self, path: &Path) -> bool {
        self.templates.is_match(path)
    }
}

/// What a campaign's `templates:` globs reach (see [`Scope::roots`]).
#[derive(Clone, Debug, Default)]
pub struct Coverage {
    /// The messages of the template files it covers, for the
    /// embedded-link and -phone checks: (path as shown, masked text).
    pub linked: Vec<(String, String)>,
    /// Every file it covers (templates, catalogs, source code), absolute.
    pub files: Vec<PathBuf>,
    /// The campaign file's folder: what its globs are relative to.
    pub dir: PathBuf,
}

/// A campaign glob made absolute: `dir` (escaped) joined with `pattern`,
/// `..` resolved; and the literal folder it starts at.
fn absolute_glob(dir: &Path, pattern: &str) -> (String, PathBuf) {
    let mut root = dir.to_path_buf();
    let mut rest: Vec<&str> = Vec::new();
    let mut literal = true;
    for part in pattern.split('/') {
        let is_glob = part.contains(['*', '?', '[', '{']);
        literal &= !is_glob;
        match part {
            "" | "." => {}
            ".." if literal && rest.is_empty() => {
                root.pop();
            }
            _ if literal => root.push(part),
            _ => rest.push(part),
        }
    }
    let base = globset::escape(&root.to_string_lossy());
    let glob = if rest.is_empty() {
        base
    } else {
        format!("{}/{}", base.trim_end_matches('/'), rest.join("/"))
    };
    // The walk starts at the last folder that is wholly literal.
    let walk_root = if rest.is_empty() {
        root.parent().map(Path::to_path_buf).unwrap_or(root)
    } else {
        root
    };
    (glob, walk_root)
}

/// Reads a campaign's brand, use case, age gate and template globs, leniently:
/// errors in them are reported when the file itself is linted.
pub fn scope(display: &str, path: &Path, text: &str) -> Option<Scope> {
    if yaml::too_deep(text).is_some() {
        return None;
    }
    let root = marked_yaml::parse_yaml(0, text).ok()?;
    let campaign = root.as_mapping()?.get_mapping("campaign")?;
    let string = |key: &str| {
        campaign
            .get_scalar(key)
            .map(|value| value.as_str().trim().to_owned())
    };
    let dir = clean_path(path.parent().unwrap_or(Path::new("/")));
    let project = crate::paths::project_of(&dir);
    let mut templates = GlobSetBuilder::new();
    let mut roots: Vec<PathBuf> = Vec::new();
    for pattern in campaign
        .get_sequence("templates")
        .into_iter()
        .flat_map(|list| list.iter())
    {
        let Some(pattern) = pattern.as_scalar() else {
            continue;
        };
        let (absolute, root) = absolute_glob(&dir, pattern.as_str());
        // A campaign is data a pull request can change: its globs reach
        // only inside the project (`../../outside/**` and `/**` are
        // reported at the glob, never walked).
        if !crate::paths::inside_project(&root, &project) {
            continue;
        }
        if let Ok(glob) = GlobBuilder::new(&absolute).literal_separator(true).build() {
            templates.add(glob);
            roots.push(root);
        }
    }
    // The folders to walk, none inside another: sorted by components, a
    // folder comes right before the folders inside it (linear, where a
    // check against every root kept was quadratic in the globs).
    roots.sort();
    roots.dedup_by(|inner, outer| inner.starts_with(outer));
    Some(Scope {
        display: display.to_owned(),
        dir,
        roots,
        templates: templates.build().ok()?,
        context: ContextLayer {
            use_case: string("use_case")
                .or_else(|| string("us_app_to_person_usecase"))
                .and_then(|code| parse_use_case(&code).ok()),
            brand: string("brand"),
            brand_aliases: Vec::new(),
            locale: None,
            age_gated: campaign
                .get_scalar("age_gated")
                .and_then(MarkedScalarNode::as_bool),
            counting: None,
            rendered: None,
            conversational: None,
            complaint_monitoring: campaign
                .get_mapping("monitoring")
                .and_then(|monitoring| monitoring.get_node("complaint_rate_pause_threshold"))
                .map(|_| true),
        },
    })
}

/// Fields smslint knows: Twilio's names, smslint's own, and read-only fields
/// of a fetched registration (accepted so a copy pastes cleanly).
const KNOWN_FIELDS: &[&str] = &[
    "name",
    "brand",
    "use_case",
    "us_app_to_person_usecase",
    "description",
    "message_flow",
    "message_samples",
    "has_embedded_links",
    "has_embedded_phone",
    "age_gated",
    "direct_lending",
    "subscriber_opt_in",
    "opt_in",
    "opt_out",
    "help",
    "opt_in_message",
    "opt_out_message",
    "help_message",
    "opt_in_keywords",
    "opt_out_keywords",
    "help_keywords",
    "privacy_policy_url",
    "terms_and_conditions_url",
    "sender",
    "templates",
    "schedule",
    "volume",
    "destinations",
    "monitoring",
    "sid",
    "account_sid",
    "brand_registration_sid",
    "messaging_service_sid",
    "campaign_status",
    "campaign_id",
    "rate_limits",
    "mock",
    "errors",
    "date_created",
    "date_updated",
    "url",
    "is_externally_registered",
];

const REQUIRED_FIELDS: &[&str] = &[
    "brand",
    "use_case",
    "description",
    "message_flow",
    "message_samples",
    "has_embedded_links",
    "has_embedded_phone",
];

/// Use cases held to marketing requirements (privacy and terms links,
/// complaint monitoring): those whose messages are promotions.
const MARKETING: &[&str] = Context::MARKETING_USE_CASES;

/// Twilio's high-risk SMS-pumping countries and unsupported destinations.
const HIGH_RISK: &[(&str, &str)] = &[
    ("BD", "Bangladesh"),
    ("IL", "Israel"),
    ("NG", "Nigeria"),
    ("PK", "Pakistan"),
    ("PS", "Palestinian Territories"),
    ("LK", "Sri Lanka"),
    ("AZ", "Azerbaijan"),
    ("TJ", "Tajikistan"),
    ("OM", "Oman"),
    ("TN", "Tunisia"),
    ("DZ", "Algeria"),
];
const UNSUPPORTED: &[(&str, &str)] = &[("IR", "Iran"), ("SY", "Syria"), ("CU", "Cuba")];

/// The country calling codes (ITU-T E.164) of [`HIGH_RISK`] and
/// [`UNSUPPORTED`]: calling codes are prefix-free, so a number starts with
/// at most one of them.
const CALLING_CODES: &[(&str, &str)] = &[
    ("BD", "880"),
    ("IL", "972"),
    ("NG", "234"),
    ("PK", "92"),
    ("PS", "970"),
    ("LK", "94"),
    ("AZ", "994"),
    ("TJ", "992"),
    ("OM", "968"),
    ("TN", "216"),
    ("DZ", "213"),
    ("IR", "98"),
    ("SY", "963"),
    ("CU", "53"),
];

/// Why an international number (`+` and digits) is a destination to avoid:
/// its country is on Twilio's high-risk SMS-pumping list, or Twilio does not
/// deliver there. `None` for any other number.
pub fn high_risk_number(number: &str) -> Option<String> {
    let digits = number.strip_prefix('+')?;
    let (iso, code) = CALLING_CODES
        .iter()
        .find(|(_, code)| digits.starts_with(code))?;
    let name = |list: &[(&str, &'static str)]| {
        list.iter()
            .find(|(known, _)| known == iso)
            .map(|(_, name)| *name)
    };
    match (name(HIGH_RISK), name(UNSUPPORTED)) {
        (Some(name), _) => Some(format!(
            "+{code} is {name}, on Twilio's high-risk SMS-pumping list"
        )),
        (_, Some(name)) => Some(format!("+{code} is {name}: Twilio does not deliver there")),
        _ => None,
    }
}

/// US states with marketing hours stricter than the TCPA's 8 am to 9 pm:
/// (state, earliest start, latest end), in minutes after midnight.
const STRICT_STATES: &[(&str, u32, u32)] = &[
    ("FL", 480, 1200),
    ("OK", 480, 1200),
    ("MD", 480, 1200),
    ("MS", 480, 1200),
    ("NJ", 480, 1200),
    ("CT", 540, 1200),
    ("RI", 540, 1080),
    ("TX", 540, 1260),
];

/// An e-mail or web address a HELP answer may give as its support contact.
static CONTACT_ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
    crate::literal::regex(
        r"(?i)[\w.+-]+@[\w-]+\.[\w.]+|https?://|www\.|\b[\w-]+\.(?:com|net|org|io|co|us|ca)\b",
    )
});

/// Whether a text gives a support contact: a phone number, by the one
/// detector every check uses ([`crate::links::PHONE_NUMBER`]: "(212)
/// 555-0100" is one here as in `campaign/embedded-phone-mismatch`), or an
/// e-mail or web address.
fn gives_contact(text: &str) -> bool {
    crate::links::PHONE_NUMBER.is_match(text) || CONTACT_ADDRESS.is_match(text)
}

static OPT_OUT_CONFIRMATION: LazyLock<Regex> = LazyLock::new(|| {
    crate::literal::regex(
        r"(?i)unsubscribed|opted out|no (?:more|further) (?:messages|msgs|texts)|(?:will not|won't) (?:receive|get|be sent)|not receive any|removed from",
    )
});

/// A business named as the sender in a description or message flow: a
/// capitalised name that opens a sentence and sends ("Acme Dental sends
/// ..."), or that messages come from ("text messages (SMS) from Acme").
static SENDER_NAMED: LazyLock<Regex> = LazyLock::new(|| {
    crate::literal::regex(
        r"(?:^|[.!?]\s+)(?P<sender>(?:[A-Z][\w'&.-]*\s+){1,4})(?:sends|will\s+send)\b|\b(?i:messages|texts|sms|alerts|notifications|updates|offers|reminders)\)?\s+(?i:from|by)\s+(?P<from>(?:[A-Z][\w'&.-]*(?:\s+|$)){1,4})",
    )
});

/// Capitalised words that open a sentence or follow "from" without naming
/// a business.
const NOT_BUSINESS_NAMES: &[&str] = &[
    "The",
    "This",
    "That",
    "Our",
    "We",
    "It",
    "Each",
    "Every",
    "All",
    "Customers",
    "Patients",
    "Users",
    "Members",
    "Subscribers",
    "Clients",
    "Students",
    "Parents",
    "Guests",
    "End",
    "SMS",
    "Twilio",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "US",
    "USA",
    "Canada",
    "A",
    "An",
];

/// A message quoted in a message flow, straight or curly quotes.
static QUOTED: LazyLock<Regex> = LazyLock::new(|| {
    crate::literal::regex(r#""([^"\n]{3,})"|\u{201c}([^\u{201d}\n]{3,})\u{201d}"#)
});

static CONSENT: LazyLock<Regex> = LazyLock::new(|| {
    crate::literal::regex(
        r"(?i)opt(?:s|ed)?[\s-]?in|consent|agree|sign(?:s|ed)?[\s-]?up|subscribe|check(?:s|ed)?\s+(?:a|the)\s+box|checkbox|enrol|text(?:s|ing)?\s+(?:the\s+keyword\s+)?\w+\s+to\b|keyword|provide (?:their|your) (?:phone|mobile) number",
    )
});

static NAMES_SMS: LazyLock<Regex> = LazyLock::new(|| {
    crate::literal::regex(
        r"(?i)\bsms\b|\btext(?:s|\s+messages?|\s+alerts?|\s+messaging)?\b|\bmms\b",
    )
});

static LENDING: LazyLock<Regex> = LazyLock::new(|| {
    crate::literal::regex(r"(?i)\b(?:loans?|lending|lender|financing|line of credit|apr)\b")
});

static PROMOTIONAL_DESCRIPTION: LazyLock<Regex> = LazyLock::new(|| {
    crate::literal::regex(
        r"(?i)\b(?:promotions?|promotional|offers?|discounts?|sales?|deals?|coupons?|marketing)\b",
    )
});

/// Words a description of each use case is expected to use (Twilio 30886).
fn use_case_hints(use_case: &str) -> Option<&'static str> {
    Some(match use_case {
        "MARKETING" | "MIXED" => {
            r"(?i)\b(?:promot\w*|offers?|discounts?|sales?|deals?|coupons?|marketing|news|updates)\b"
        }
        "2FA" => {
            r"(?i)\b(?:codes?|verif\w*|one[- ]time|otp|passcodes?|authenticat\w*|log ?in|sign[- ]in|2fa)\b"
        }
        "ACCOUNT_NOTIFICATION" => {
            r"(?i)\b(?:accounts?|appointments?|reminders?|notifications?|updates?|billing|bills?|orders?|payments?|status)\b"
        }
        "DELIVERY_NOTIFICATION" => {
            r"(?i)\b(?:deliver\w*|shipp\w*|shipments?|orders?|packages?|tracking|parcels?)\b"
        }
        "CUSTOMER_CARE" => r"(?i)\b(?:support|customer|care|service|help|questions?|inquir\w*)\b",
        "FRAUD_ALERT" | "SECURITY_ALERT" => {
            r"(?i)\b(?:fraud\w*|suspicious|security|alerts?|breach\w*|unauthori[sz]ed)\b"
        }
        _ => return None,
    })
}

/// Lints a campaign file: returns the number of messages it holds (samples
/// and keyword responses) and the diagnostics. `coverage` is what its
/// `templates:` globs reach (`None`: not known, and not checked).
pub fn lint(
    text: &str,
    checker: &Checker,
    context: &Context,
    coverage: Option<&Coverage>,
) -> (usize, Vec<Diagnostic>) {
    let options = LoaderOptions::default().error_on_duplicate_keys(true);
    let mut lint = Lint {
        lines: crate::source::LineIndex::new(text),
        checker,
        context,
        brand: None,
        use_case: None,
        diagnostics: Vec::new(),
        messages: 0,
    };
    if let Some((span, message)) = yaml::too_deep(text) {
        lint.emit(
            crate::diagnostic::input::INVALID_YAML,
            Some(span),
            Some(message),
            None,
        );
        return (0, lint.diagnostics);
    }
    let root = match marked_yaml::parse_yaml_with_options(0, text, options) {
        Ok(root) => root,
        Err(error) => {
            let located = yaml::parse::<serde::de::IgnoredAny>("", text)
                .err()
                .and_then(|located| located.span.clone());
            lint.emit(
                crate::diagnostic::input::INVALID_YAML,
                located,
                Some(format!("invalid YAML: {error}")),
                None,
            );
            return (0, lint.diagnostics);
        }
    };
    let Some(root_map) = root.as_mapping() else {
        return (0, lint.diagnostics);
    };
    let campaign_key = key_span(&lint.lines, root_map, "campaign");
    match root_map.get_node("campaign").and_then(Node::as_mapping) {
        Some(campaign) => {
            let no_coverage = Coverage::default();
            lint.campaign(campaign, campaign_key, coverage.unwrap_or(&no_coverage));
            if let Some(coverage) = coverage {
                lint.globs_reach(campaign, coverage);
            }
        }
        None => lint.emit(
            "campaign/invalid-value",
            campaign_key,
            None,
            Some("`campaign` must be a mapping of registration fields".into()),
        ),
    }
    (lint.messages, lint.diagnostics)
}

/// The byte range of a key in a mapping.
fn key_span(
    lines: &crate::source::LineIndex,
    map: &MarkedMappingNode,
    key: &str,
) -> Option<Range<usize>> {
    map.keys()
        .find(|candidate| candidate.as_str() == key)
        .and_then(|candidate| yaml::marker_span(lines, candidate.span()))
}

struct Lint<'a> {
    /// The campaign file's text and where its lines start: every span is found without a pass over
    /// the file (80,000 destinations took 74 s).
    lines: crate::source::LineIndex<'a>,
    checker: &'a Checker,
    context: &'a Context,
    /// The campaign's brand and use case once read: its diagnostics' advice
    /// names them.
    brand: Option<String>,
    use_case: Option<String>,
    diagnostics: Vec<Diagnostic>,
    messages: usize,
}

/// A keyword section: `opt_in: {keywords, message}` or Twilio's flat
/// `opt_in_keywords` / `opt_in_message`.
struct KeywordSection<'n> {
    keywords: Vec<&'n MarkedScalarNode>,
    message: Option<&'n MarkedScalarNode>,
}

impl Lint<'_> {
    /// Raises a campaign diagnostic. The label (what exactly is wrong) also
    /// ends the message, so one-line formats carry it.
    fn emit(
        &mut self,
        rule: &str,
        span: Option<Range<usize>>,
        message: Option<String>,
        label: Option<String>,
    ) {
        let fill = Fill {
            brand: self.brand.as_deref().or(self.context.brand.as_deref()),
            use_case: self
                .use_case
                .as_deref()
                .or(self.context.use_case.as_deref()),
            ..Fill::of(self.context)
        };
        let mut diagnostic =
            self.checker
                .emit_for(&fill, rule, span.unwrap_or(0..0), message, label);
        if let Some(label) = &diagnostic.label {
            diagnostic.message = format!("{}: {label}", diagnostic.message);
        }
        self.diagnostics.push(diagnostic);
    }

    fn span(&self, node: &Node) -> Option<Range<usize>> {
        yaml::marker_span(&self.lines, node.span())
    }

    fn scalar_span(&self, scalar: &MarkedScalarNode) -> Option<Range<usize>> {
        yaml::marker_span(&self.lines, scalar.span())
    }

    /// The scalar's value as a message, each character mapped to its source.
    fn message(&self, scalar: &MarkedScalarNode, local: LocalSyntax) -> Message<'static> {
        let value = scalar.as_str().trim();
        let origin = yaml::align(&self.lines, scalar.span(), value)
            .map(Origin::Mapped)
            .unwrap_or_else(|| {
                let span = self.scalar_span(scalar).unwrap_or(0..0);
                Origin::Mapped(vec![(0, span)])
            });
        decoded_message(value.to_owned(), origin, local)
    }

    /// Runs the content rules (SHAFT, restricted, phishing, spam) on a text
    /// of the registration.
    fn content(&mut self, message: &Message) {
        let found = self.checker.check(message, self.context);
        self.diagnostics
            .extend(found.into_iter().filter(|diagnostic| {
                matches!(
                    diagnostic.category(),
                    "shaft" | "restricted" | "phishing" | "spam"
                )
            }));
    }

    fn string<'n>(
        &mut self,
        map: &'n MarkedMappingNode,
        key: &str,
    ) -> Option<&'n MarkedScalarNode> {
        let node = map.get_node(key)?;
        match node.as_scalar() {
            Some(scalar) => Some(scalar),
            None => {
                let span = self.span(node);
                self.emit(
                    "campaign/invalid-value",
                    span,
                    None,
                    Some(format!("`{key}` must be a string")),
                );
                None
            }
        }
    }

    fn boolean(
        &mut self,
        map: &MarkedMappingNode,
        key: &str,
    ) -> Option<(bool, Option<Range<usize>>)> {
        let node = map.get_node(key)?;
        let span = self.span(node);
        match node.as_scalar().and_then(MarkedScalarNode::as_bool) {
            Some(value) => Some((value, span)),
            None => {
                self.emit(
                    "campaign/invalid-value",
                    span,
                    None,
                    Some(format!("`{key}` must be true or false")),
                );
                None
            }
        }
    }

    fn list<'n>(&mut self, map: &'n MarkedMappingNode, key: &str) -> Vec<&'n MarkedScalarNode> {
        let Some(node) = map.get_node(key) else {
            return Vec::new();
        };
        let items: Option<Vec<_>> = match node {
            Node::Sequence(items) => items.iter().map(Node::as_scalar).collect(),
            Node::Scalar(scalar) if scalar.as_str().trim().is_empty() => Some(Vec::new()),
            _ => None,
        };
        items.unwrap_or_else(|| {
            let span = self.span(node);
            self.emit(
                "campaign/invalid-value",
                span,
                None,
                Some(format!("`{key}` must be a list of strings")),
            );
            Vec::new()
        })
    }

    /// Characters of a value outside Twilio's limits.
    fn length(&mut self, scalar: &MarkedScalarNode, what: &str, min: usize, max: usize) {
        let length = scalar.as_str().trim().chars().count();
        if length < min || length > max {
            let span = self.scalar_span(scalar);
            let label = format!(
                "{what}: {}; Twilio requires {min} to {max}",
                crate::diagnostic::counted(length, "character")
            );
            self.emit("campaign/field-length", span, None, Some(label));
        }
    }

    /// `campaign/glob-matches-nothing`: a `templates:` glob that covers
    /// no file, most often a mistyped folder.
    fn globs_reach(&mut self, campaign: &MarkedMappingNode, coverage: &Coverage) {
        let project = crate::paths::project_of(&coverage.dir);
        let mut patterns = Vec::new();
        let mut set = globset::GlobSetBuilder::new();
        for pattern in campaign
            .get_sequence("templates")
            .into_iter()
            .flat_map(|list| list.iter())
            .filter_map(Node::as_scalar)
        {
            let (absolute, root) = absolute_glob(&coverage.dir, pattern.as_str());
            if !crate::paths::inside_project(&root, &project) {
                let span = self.scalar_span(pattern);
                let label = format!(
                    "`{}` reaches outside the project: globs stay inside it",
                    pattern.as_str()
                );
                self.emit("campaign/invalid-value", span, None, Some(label));
                continue;
            }
            if let Ok(glob) = GlobBuilder::new(&absolute).literal_separator(true).build() {
                set.add(glob);
                patterns.push(pattern);
            }
        }
        // Every file matched against all globs at once: which globs reach one.
        let Ok(set) = set.build() else {
            return;
        };
        let mut reached = vec![false; patterns.len()];
        for file in &coverage.files {
            for index in set.matches(file) {
                if let Some(flag) = reached.get_mut(index) {
                    *flag = true;
                }
            }
        }
        for (pattern, reached) in patterns.into_iter().zip(reached) {
            if !reached {
                let span = self.scalar_span(pattern);
                let label = format!("`{}` covers no file", pattern.as_str());
                self.emit("campaign/glob-matches-nothing", span, None, Some(label));
            }
        }
    }

    fn campaign(
        &mut self,
        campaign: &MarkedMappingNode,
        campaign_key: Option<Range<usize>>,
        coverage: &Coverage,
    ) {
        let linked = &coverage.linked;
        self.brand = self
            .string(campaign, "brand")
            .map(|brand| brand.as_str().trim().to_owned());
        let use_case = self
            .string(campaign, "use_case")
            .or_else(|| campaign.get_scalar("us_app_to_person_usecase"))
            .and_then(|code| match parse_use_case(code.as_str()) {
                Ok(code) => Some(code),
                Err(message) => {
                    let span = self.scalar_span(code);
                    self.emit("campaign/invalid-value", span, Some(message), None);
                    None
                }
            });
        self.use_case.clone_from(&use_case);
        for key in campaign.keys() {
            if !KNOWN_FIELDS.contains(&key.as_str()) {
                let similar = KNOWN_FIELDS
                    .iter()
                    .map(|known| (strsim::jaro_winkler(key.as_str(), known), known))
                    .filter(|(score, _)| *score > 0.85)
                    .max_by(|a, b| a.0.total_cmp(&b.0))
                    .map(|(_, known)| format!("; did you mean `{known}`?"))
                    .unwrap_or_default();
                let span = self.scalar_span(key);
                self.emit(
                    "campaign/unknown-field",
                    span,
                    None,
                    Some(format!("unknown field `{}`{similar}", key.as_str())),
                );
            }
        }
        for field in REQUIRED_FIELDS {
            let present = campaign.get_node(field).is_some()
                || (*field == "use_case"
                    && campaign.get_node("us_app_to_person_usecase").is_some());
            if !present {
                self.emit(
                    "campaign/missing-field",
                    campaign_key.clone(),
                    None,
                    Some(format!("missing `{field}`")),
                );
            }
        }

        let marketing = use_case
            .as_deref()
            .is_some_and(|code| MARKETING.contains(&code));

        if let Some(description) = self.string(campaign, "description") {
            self.length(description, "description", 40, 4096);
            self.description(description, use_case.as_deref());
        }
        if let Some(flow) = self.string(campaign, "message_flow") {
            self.length(flow, "message flow", 40, 2048);
            self.message_flow(flow);
        }
        let samples = self.list(campaign, "message_samples");
        let sample_messages = self.samples(campaign, &samples, campaign_key.clone());
        self.embedded(campaign, &sample_messages, linked);
        self.lending(campaign, &sample_messages, campaign_key.clone());

        for key in ["age_gated", "direct_lending", "subscriber_opt_in"] {
            self.boolean(campaign, key);
        }
        self.keyword_sections(campaign, campaign_key.clone());
        self.urls(campaign, marketing, campaign_key.clone());
        self.sender(campaign);
        self.schedule(campaign);
        self.volume(campaign);
        self.destinations(campaign);
        self.monitoring(campaign, marketing, campaign_key);
    }

    fn description(&mut self, description: &MarkedScalarNode, use_case: Option<&str>) {
        let message = self.message(description, LocalSyntax::None);
        self.content(&message);
        self.names_sender(&message);
        let Some(use_case) = use_case else { return };
        let text = description.as_str();
        let mismatch = match use_case_hints(use_case) {
            Some(hints) => !Regex::new(hints).is_ok_and(|hints| hints.is_match(text)),
            None => false,
        } || (!MARKETING.contains(&use_case)
            && PROMOTIONAL_DESCRIPTION.is_match(text));
        if mismatch {
            let span = self.scalar_span(description);
            let label = format!("does not read like a {use_case} campaign");
            self.emit("campaign/description-mismatch", span, None, Some(label));
        }
    }

    /// `campaign/brand-mismatch` when the message at `range` of `message` is
    /// signed by a business other than the campaign's brand.
    fn signed_by(&mut self, message: &Message, range: Range<usize>) {
        let signature = message
            .masked
            .get(range.clone())
            .and_then(crate::brands::signature);
        if let Some(signature) = signature {
            let name = range.start + signature.start..range.start + signature.end;
            self.other_business(message, name, |found| {
                format!("signed \u{201c}{found}\u{201d}")
            });
        }
    }

    /// `campaign/brand-mismatch` when the name at `name` of `message` is not
    /// the campaign's brand ([`crate::brands::same_business`]); `role` says
    /// how the message uses the name (`signed “Acme”`).
    fn other_business(
        &mut self,
        message: &Message,
        name: Range<usize>,
        role: impl Fn(&str) -> String,
    ) {
        let Some(brand) = self.brand.clone().filter(|brand| !brand.trim().is_empty()) else {
            return;
        };
        let Some(found) = message.masked.get(name.clone()) else {
            return;
        };
        if crate::brands::same_business(found, &brand) {
            return;
        }
        let label = format!(
            "{}, but the campaign's brand is \u{201c}{}\u{201d}",
            role(found),
            brand.trim()
        );
        let span = message.file_span(name);
        self.emit("campaign/brand-mismatch", Some(span), None, Some(label));
    }

    /// `campaign/brand-mismatch` where a description or message flow says
    /// another business sends the messages ("Acme Dental sends patients
    /// ...", "text messages from Acme Dental").
    fn names_sender(&mut self, message: &Message) {
        let names: Vec<Range<usize>> = SENDER_NAMED
            .captures_iter(&message.masked)
            .filter_map(|found| found.name("sender").or_else(|| found.name("from")))
            .map(|name| {
                let written = name.as_str().trim_end();
                name.start()..name.start() + written.len()
            })
            .collect();
        for name in names {
            let generic = message.masked[name.clone()]
                .split_whitespace()
                .all(|word| NOT_BUSINESS_NAMES.contains(&word.trim_end_matches("'s")));
            if !generic {
                self.other_business(message, name, |found| {
                    format!("names \u{201c}{found}\u{201d} as the sender")
                });
            }
        }
    }

    fn message_flow(&mut self, flow: &MarkedScalarNode) {
        // Flows quote the messages subscribers get ("they receive: \"Acme:
        // you're subscribed...\""): each quoted message must be the brand's.
        let message = self.message(flow, LocalSyntax::None);
        let quotes: Vec<_> = QUOTED
            .captures_iter(&message.masked)
            .filter_map(|quote| quote.get(1).or_else(|| quote.get(2)))
            .map(|inner| inner.range())
            .collect();
        for inner in quotes {
            self.signed_by(&message, inner);
        }
        self.names_sender(&message);
        let text = flow.as_str();
        let mut missing = Vec::new();
        if !CONSENT.is_match(text) {
            missing.push("how consent is collected");
        }
        if !NAMES_SMS.is_match(text) {
            missing.push("that the messages are SMS/text messages");
        }
        if !missing.is_empty() {
            let span = self.scalar_span(flow);
            let label = format!("does not say {}", missing.join(" or "));
            self.emit("campaign/message-flow-consent", span, None, Some(label));
        }
    }

    fn samples(
        &mut self,
        campaign: &MarkedMappingNode,
        samples: &[&MarkedScalarNode],
        campaign_key: Option<Range<usize>>,
    ) -> Vec<Message<'static>> {
        let list_key = key_span(&self.lines, campaign, "message_samples").or(campaign_key);
        if campaign.get_node("message_samples").is_some() && !(2..=5).contains(&samples.len()) {
            let label = format!(
                "{}; Twilio requires 2 to 5",
                crate::diagnostic::counted(samples.len(), "sample")
            );
            self.emit("campaign/sample-count", list_key.clone(), None, Some(label));
        }
        let mut messages = Vec::new();
        for sample in samples {
            self.length(sample, "sample", 20, 1024);
            let message = self.message(sample, LocalSyntax::Brackets);
            for placeholder in &message.placeholders {
                let is_bracket = message
                    .text
                    .get(placeholder.span.clone())
                    .is_some_and(|text| text.starts_with('['));
                if !is_bracket && placeholder.name.is_some() {
                    let span = message.file_span(placeholder.span.clone());
                    self.emit("campaign/sample-placeholder-style", Some(span), None, None);
                }
            }
            self.content(&message);
            self.signed_by(&message, 0..message.text.len());
            self.messages += 1;
            messages.push(message);
        }
        if samples.is_empty() {
            return messages;
        }
        if let Some(brand) = self.brand.as_deref().filter(|brand| !brand.is_empty()) {
            let brand = brand.to_lowercase();
            if !messages
                .iter()
                .any(|message| message.masked.to_lowercase().contains(&brand))
            {
                self.emit(
                    "campaign/sample-missing-brand",
                    list_key.clone(),
                    None,
                    None,
                );
            }
        }
        if !messages
            .iter()
            .any(|message| self.checker.requirement_met("opt-out/missing", message))
        {
            self.emit("campaign/sample-missing-opt-out", list_key, None, None);
        }
        messages
    }

    /// `has_embedded_links` / `has_embedded_phone` against the samples and
    /// the linked templates (Twilio 30888, 30889).
    fn embedded(
        &mut self,
        campaign: &MarkedMappingNode,
        samples: &[Message],
        linked: &[(String, String)],
    ) {
        type Finder = fn(&str) -> bool;
        let checks: [(&str, &str, &str, Finder); 2] = [
            (
                "has_embedded_links",
                "campaign/embedded-links-mismatch",
                "a link",
                |text| find_links(text).iter().any(|link| link.is_clickable()),
            ),
            (
                "has_embedded_phone",
                "campaign/embedded-phone-mismatch",
                "a phone number",
                |text| crate::links::PHONE_NUMBER.is_match(text),
            ),
        ];
        for (field, rule, what, finds) in checks {
            let Some((declared, span)) = self.boolean(campaign, field) else {
                continue;
            };
            let in_sample = samples.iter().position(|message| finds(&message.masked));
            let in_template = linked.iter().find(|(_, text)| finds(text));
            let label = match (declared, in_sample, in_template) {
                (false, Some(index), _) => {
                    format!("`{field}: false`, but sample {} has {what}", index + 1)
                }
                (false, None, Some((path, _))) => {
                    format!("`{field}: false`, but template {path} has {what}")
                }
                (true, None, None) if !samples.is_empty() => {
                    format!("`{field}: true`, but no sample or template has {what}")
                }
                _ => continue,
            };
            self.emit(rule, span, None, Some(label));
        }
    }

    fn lending(
        &mut self,
        campaign: &MarkedMappingNode,
        samples: &[Message],
        campaign_key: Option<Range<usize>>,
    ) {
        let declared = campaign
            .get_scalar("direct_lending")
            .and_then(MarkedScalarNode::as_bool)
            == Some(true);
        if declared {
            return;
        }
        let description = campaign
            .get_scalar("description")
            .map(|d| d.as_str().to_owned())
            .unwrap_or_default();
        let lends = samples
            .iter()
            .any(|message| LENDING.is_match(&message.masked))
            || LENDING.is_match(&description);
        if lends {
            let span = key_span(&self.lines, campaign, "direct_lending").or(campaign_key);
            self.emit("campaign/lending-undeclared", span, None, None);
        }
    }

    fn section<'n>(
        &mut self,
        campaign: &'n MarkedMappingNode,
        name: &str,
    ) -> Option<KeywordSection<'n>> {
        if let Some(node) = campaign.get_node(name) {
            let Some(map) = node.as_mapping() else {
                let span = self.span(node);
                self.emit(
                    "campaign/invalid-value",
                    span,
                    None,
                    Some(format!(
                        "`{name}` must be a mapping with `keywords` and `message`"
                    )),
                );
                return None;
            };
            for key in map.keys() {
                if !matches!(key.as_str(), "keywords" | "message") {
                    let span = self.scalar_span(key);
                    self.emit(
                        "campaign/unknown-field",
                        span,
                        None,
                        Some(format!(
                            "unknown field `{}` in `{name}` (expected keywords, message)",
                            key.as_str()
                        )),
                    );
                }
            }
            let keywords = self.list(map, "keywords");
            let message = self.string(map, "message");
            return Some(KeywordSection { keywords, message });
        }
        let keywords = self.list(campaign, &format!("{name}_keywords"));
        let message = self.string(campaign, &format!("{name}_message"));
        (message.is_some() || !keywords.is_empty()).then_some(KeywordSection { keywords, message })
    }

    fn keyword_sections(
        &mut self,
        campaign: &MarkedMappingNode,
        campaign_key: Option<Range<usize>>,
    ) {
        let brand = self.brand.clone();
        let brand = brand.as_deref();
        let mut missing = Vec::new();
        for name in ["opt_in", "opt_out", "help"] {
            let Some(section) = self.section(campaign, name) else {
                if name != "opt_in" {
                    missing.push(name);
                }
                continue;
            };
            self.keywords(&section.keywords);
            let Some(message) = section.message else {
                continue;
            };
            self.length(message, &format!("{name} message"), 20, 320);
            let decoded = self.message(message, LocalSyntax::None);
            self.content(&decoded);
            self.signed_by(&decoded, 0..decoded.text.len());
            self.messages += 1;
            let span = self.scalar_span(message);
            let names_brand = brand.is_none_or(|brand| {
                decoded
                    .masked
                    .to_lowercase()
                    .contains(&brand.to_lowercase())
            });
            let text = decoded.masked.as_ref();
            match name {
                "opt_in" => {
                    let mut absent: Vec<String> = crate::optin::missing(text)
                        .into_iter()
                        .map(str::to_owned)
                        .collect();
                    if !names_brand {
                        absent.insert(0, the_brand(brand));
                    }
                    if !absent.is_empty() {
                        let label = format!("missing {}", absent.join(", "));
                        self.emit("campaign/opt-in-incomplete", span, None, Some(label));
                    }
                }
                "help" => {
                    let mut absent = Vec::new();
                    if !names_brand {
                        absent.push(the_brand(brand));
                    }
                    if !gives_contact(text) {
                        absent.push("a support contact (phone, e-mail or web address)".to_owned());
                    }
                    if !absent.is_empty() {
                        let label = format!("missing {}", absent.join(" and "));
                        self.emit("campaign/help-incomplete", span, None, Some(label));
                    }
                }
                _ => {
                    if !OPT_OUT_CONFIRMATION.is_match(text) {
                        let label =
                            "does not confirm that no further messages will be sent".to_owned();
                        self.emit("campaign/opt-out-incomplete", span, None, Some(label));
                    }
                }
            }
        }
        if !missing.is_empty() {
            let label = format!("no {} keywords and response", missing.join(" or "));
            self.emit(
                "campaign/missing-keyword-response",
                campaign_key,
                None,
                Some(label),
            );
        }
    }

    fn keywords(&mut self, keywords: &[&MarkedScalarNode]) {
        let mut total = 0;
        for keyword in keywords {
            let word = keyword.as_str().trim();
            total += word.len();
            if word.is_empty() || !word.chars().all(|c| c.is_ascii_alphanumeric()) {
                let span = self.scalar_span(keyword);
                let label = format!("`{word}` is not a single alphanumeric keyword");
                self.emit("campaign/invalid-keyword", span, None, Some(label));
            }
        }
        if total > 255 {
            let span = keywords
                .first()
                .and_then(|keyword| self.scalar_span(keyword));
            let label = format!("{total} characters of keywords; Twilio allows 255");
            self.emit("campaign/invalid-keyword", span, None, Some(label));
        }
    }

    fn urls(
        &mut self,
        campaign: &MarkedMappingNode,
        marketing: bool,
        campaign_key: Option<Range<usize>>,
    ) {
        let mut missing = Vec::new();
        for field in ["privacy_policy_url", "terms_and_conditions_url"] {
            match self.string(campaign, field) {
                Some(url) => self.https(url, field),
                None => missing.push(field),
            }
        }
        if marketing && !missing.is_empty() {
            let label = format!("missing `{}`", missing.join("` and `"));
            self.emit(
                "campaign/missing-policy-links",
                campaign_key,
                None,
                Some(label),
            );
        }
    }

    fn https(&mut self, url: &MarkedScalarNode, field: &str) {
        if !url
            .as_str()
            .trim()
            .to_ascii_lowercase()
            .starts_with("https://")
        {
            let span = self.scalar_span(url);
            self.emit(
                "campaign/insecure-url",
                span,
                None,
                Some(format!("`{field}` must be an https:// address")),
            );
        }
    }

    fn sender(&mut self, campaign: &MarkedMappingNode) {
        let Some(sender) = campaign.get_mapping("sender") else {
            return;
        };
        if let Some(kind) = self.string(sender, "type") {
            if !matches!(kind.as_str().trim(), "10dlc" | "toll_free" | "short_code") {
                let span = self.scalar_span(kind);
                self.emit(
                    "campaign/invalid-value",
                    span,
                    None,
                    Some("sender type must be 10dlc, toll_free or short_code".into()),
                );
            }
        }
    }

    fn schedule(&mut self, campaign: &MarkedMappingNode) {
        let Some(schedule) = campaign.get_mapping("schedule") else {
            return;
        };
        if let Some(zone) = self.string(schedule, "timezone") {
            if zone.as_str().trim() != "recipient" {
                let span = self.scalar_span(zone);
                self.emit("policy/fixed-timezone", span, None, None);
            }
        }
        let Some(window) = schedule.get_mapping("send_window") else {
            return;
        };
        let destinations: Vec<String> = campaign
            .get_sequence("destinations")
            .map(|list| {
                list.iter()
                    .filter_map(Node::as_scalar)
                    .map(|d| d.as_str().trim().to_ascii_uppercase())
                    .collect()
            })
            .unwrap_or_default();
        let us = destinations
            .iter()
            .any(|d| d == "US" || d == "USA" || d.starts_with("US-"));
        for (key, is_start) in [("start", true), ("end", false)] {
            let Some(value) = self.string(window, key) else {
                continue;
            };
            let span = self.scalar_span(value);
            let Some(minutes) = parse_time(value.as_str()) else {
                self.emit(
                    "campaign/invalid-value",
                    span,
                    None,
                    Some("a time is written HH:MM, e.g. \"09:00\"".into()),
                );
                continue;
            };
            let outside = |earliest: u32, latest: u32| {
                if is_start {
                    minutes < earliest
                } else {
                    minutes > latest
                }
            };
            if outside(480, 1260) {
                self.emit(
                    "policy/send-window",
                    span,
                    None,
                    Some(format!(
                        "{} is outside 08:00-21:00 recipient time",
                        value.as_str().trim()
                    )),
                );
                continue;
            }
            if !us {
                continue;
            }
            let strict: Vec<&str> = STRICT_STATES
                .iter()
                .filter(|(state, earliest, latest)| {
                    let listed = destinations.iter().any(|d| d == &format!("US-{state}"));
                    let nationwide = destinations.iter().any(|d| d == "US" || d == "USA");
                    (listed || nationwide) && outside(*earliest, *latest)
                })
                .map(|(state, _, _)| *state)
                .collect();
            if !strict.is_empty() {
                let label = format!(
                    "{} is outside the marketing hours of {}",
                    value.as_str().trim(),
                    strict.join(", ")
                );
                self.emit("policy/state-send-window", span, None, Some(label));
            }
        }
    }

    fn volume(&mut self, campaign: &MarkedMappingNode) {
        let Some(volume) = campaign.get_mapping("volume") else {
            return;
        };
        let mut number = |key: &str| -> Option<(f64, Option<Range<usize>>)> {
            let scalar = self.string(volume, key)?;
            let span = self.scalar_span(scalar);
            match scalar.as_str().trim().replace('_', "").parse::<f64>() {
                Ok(value) if value >= 0.0 && value.is_finite() => Some((value, span)),
                _ => {
                    self.emit(
                        "campaign/invalid-value",
                        span,
                        None,
                        Some(format!("`{key}` must be a non-negative number")),
                    );
                    None
                }
            }
        };
        let expected = number("expected_daily");
        let baseline = number("baseline_daily");
        let ratio = number("spike_ratio").map_or(5.0, |(ratio, _)| ratio);
        if let (Some((expected, span)), Some((baseline, _))) = (expected, baseline) {
            if expected > baseline * ratio {
                let label = format!(
                    "{expected} a day against a baseline of {baseline}: more than {ratio}x"
                );
                self.emit("policy/volume-spike", span, None, Some(label));
            }
        }
    }

    fn destinations(&mut self, campaign: &MarkedMappingNode) {
        let destinations = self.list(campaign, "destinations");
        for destination in &destinations {
            let code = destination.as_str().trim();
            let span = self.scalar_span(destination);
            let listed = |list: &[(&str, &'static str)]| -> Option<&'static str> {
                list.iter()
                    .find(|(iso, name)| {
                        iso.eq_ignore_ascii_case(code) || name.eq_ignore_ascii_case(code)
                    })
                    .map(|(_, name)| *name)
            };
            if let Some(name) = listed(HIGH_RISK) {
                self.emit(
                    "policy/high-risk-destination",
                    span,
                    None,
                    Some(format!("{name} is on Twilio's high-risk SMS-pumping list")),
                );
            } else if let Some(name) = listed(UNSUPPORTED) {
                self.emit(
                    "policy/high-risk-destination",
                    span,
                    None,
                    Some(format!("Twilio does not deliver to {name}")),
                );
            }
        }
        let canada = destinations.iter().find(|d| {
            matches!(
                d.as_str().trim().to_ascii_uppercase().as_str(),
                "CA" | "CANADA"
            )
        });
        let Some(canada) = canada else { return };
        let keywords = |section: &str| -> Vec<String> {
            let nested = campaign
                .get_mapping(section)
                .and_then(|map| map.get_sequence("keywords"));
            let flat = campaign.get_sequence(&format!("{section}_keywords"));
            nested
                .or(flat)
                .map(|list| {
                    list.iter()
                        .filter_map(Node::as_scalar)
                        .map(|k| k.as_str().trim().to_ascii_uppercase())
                        .collect()
                })
                .unwrap_or_default()
        };
        let (stop, help) = (keywords("opt_out"), keywords("help"));
        let mut absent = Vec::new();
        for (list, word) in [
            (&stop, "STOP"),
            (&stop, "ARRET"),
            (&help, "HELP"),
            (&help, "AIDE"),
        ] {
            if !list.iter().any(|keyword| keyword == word) {
                absent.push(word);
            }
        }
        if !absent.is_empty() {
            let span = self.scalar_span(canada);
            self.emit(
                "policy/canada-keywords",
                span,
                None,
                Some(format!("missing {}", absent.join(", "))),
            );
        }
    }

    fn monitoring(
        &mut self,
        campaign: &MarkedMappingNode,
        marketing: bool,
        campaign_key: Option<Range<usize>>,
    ) {
        let monitoring = campaign.get_mapping("monitoring");
        let at = key_span(&self.lines, campaign, "monitoring").or(campaign_key);
        let has = |key: &str| monitoring.is_some_and(|map| map.get_node(key).is_some());
        if let Some(callback) = monitoring.and_then(|map| map.get_scalar("status_callback")) {
            self.https(callback, "status_callback");
        }
        if marketing && !has("status_callback") {
            self.emit("policy/no-status-callback", at.clone(), None, None);
        }
        if marketing && !has("complaint_rate_pause_threshold") {
            self.emit("policy/no-complaint-threshold", at.clone(), None, None);
        }
        if !has("low_balance_alert") {
            self.emit("policy/no-low-balance-alert", at, None, None);
        }
    }
}

/// Minutes after midnight of "HH:MM".
/// "the brand name “Harbor”": what a keyword response lacks, naming the brand.
fn the_brand(brand: Option<&str>) -> String {
    brand.map_or_else(
        || "the brand name".to_owned(),
        |brand| format!("the brand name \u{201c}{}\u{201d}", brand.trim()),
    )
}

fn parse_time(text: &str) -> Option<u32> {
    let (hours, minutes) = text.trim().split_once(':')?;
    let (hours, minutes): (u32, u32) = (hours.parse().ok()?, minutes.parse().ok()?);
    (hours < 24 && minutes < 60).then_some(hours * 60 + minutes)
}

/// The messages of template files a campaign covers, for its embedded-link
/// and -phone checks: (path as shown, text).
pub fn linked_templates(scope: &Scope, files: &[(String, PathBuf)]) -> Vec<(String, String)> {
    files
        .iter()
        .filter(|(_, path)| scope.covers(path))
        .filter_map(|(display, path)| {
            let limit = crate::source::DEFAULT_MAX_FILE_SIZE;
            let Ok(crate::source::Content::Text(text)) = crate::source::read(path, limit) else {
                return None;
            };
            if crate::classify::page_markup(&text).is_some() {
                return None;
            }
            let masked: Vec<String> = crate::read::template::messages(&text)
                .iter()
                .map(|message| message.masked.to_string())
                .collect();
            Some((display.clone(), masked.join("\n")))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn campaign_files_are_told_by_their_top_level_key() {
        assert!(is_campaign("# x\ncampaign:\n  name: a\n"));
        assert!(is_campaign("campaign: # spring\n  name: a\n"));
        assert!(!is_campaign("campaigns:\n  - a\n"));
        assert!(!is_campaign("en:\n  campaign: x\n"));
    }

    #[test]
    fn a_help_answer_gives_a_contact_by_the_one_phone_detector() {
        for text in [
            "Acme Dental: call (212) 555-0100 for help.",
            "Acme Dental: call 212-555-0100 for help.",
            "Acme Dental: call +12125550100 for help.",
            "Acme Dental: write to help@acmedental.com.",
            "Acme Dental: see https://acmedental.com/help",
        ] {
            assert!(gives_contact(text), "{text}");
            if text.contains("call") {
                assert!(crate::links::PHONE_NUMBER.is_match(text), "{text}");
            }
        }
        assert!(!gives_contact(
            "Acme Dental: reply HELP for help, STOP to cancel."
        ));
    }

    #[test]
    fn times_parse_as_minutes() {
        assert_eq!(parse_time("09:30"), Some(570));
        assert_eq!(parse_time("24:00"), None);
        assert_eq!(parse_time("nine"), None);
    }
}
