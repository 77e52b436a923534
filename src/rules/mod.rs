//! Rules are data: YAML packs under `rules/` (embedded at build time) plus
//! the user's own files named by `rules.extend`. This module loads and
//! validates them; `check` compiles them into matchers.

mod fill;
mod fragments;
mod schema;

pub use fill::Fill;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use marked_yaml::Spanned;
use rayon::prelude::*;

use crate::context::{parse_use_case, ContextLayer};
use crate::diagnostic::{category_of, Severity};
use crate::error::SetupError;
use crate::yaml;
use schema::{ExampleSpec, MetricSpec, RuleFile, RuleSpec};

/// The compiled size one pattern of a user's rule file may reach.
pub const MAX_USER_PATTERN_BYTES: usize = 256 * 1024;

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// One rule, validated.
#[derive(Clone, Debug)]
pub struct Rule {
    pub id: String,
    pub severity: Severity,
    pub message: String,
    pub label: Option<String>,
    pub help: Option<String>,
    pub note: Option<String>,
    pub explanation: String,
    pub references: Vec<String>,
    pub applies_to: AppliesTo,
    pub age_gated: Option<AgeGated>,
    pub matcher: Matcher,
    pub examples: Examples,
    pub origin: Origin,
}

impl Rule {
    pub fn category(&self) -> &str {
        category_of(&self.id)
    }
}

/// Where a rule was defined: decides which files it is enabled for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    Builtin,
    File(PathBuf),
}

#[derive(Clone, Debug, Default)]
pub struct AppliesTo {
    /// Empty: every known use case.
    pub use_cases: Vec<String>,
    /// When no use case is known.
    pub unknown_use_case: UnknownUseCase,
    /// Empty: every locale. Matched as prefixes (`en` covers `en-US`); a
    /// scoped rule needs a known locale.
    pub locales: Vec<String>,
    /// Skipped for replies in a conversational programme
    /// ([`crate::context::Context::reply`]).
    pub first_message_only: bool,
    /// Skipped for the sender's own message (see
    /// [`schema::AppliesToSpec::except_own_site`]).
    pub except_own_site: bool,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum UnknownUseCase {
    #[default]
    Always,
    Never,
    /// Only when the message reads as promotional.
    Promotional,
}

impl AppliesTo {
    /// Whether `locale` (a BCP 47 tag, `_` or `-`, any case) starts with one
    /// of the rule's locale prefixes (`fr` takes `fr-CA`).
    pub fn locale_matches(&self, locale: &str) -> bool {
        let locale = locale.to_ascii_lowercase().replace('_', "-");
        self.locales
            .iter()
            .any(|prefix| locale.starts_with(&prefix.to_ascii_lowercase()))
    }

    /// Why a rule so scoped cannot apply, or may never apply, to messages
    /// of a project whose config sets `use_case` and `locale` (each `None`
    /// when it sets none): a use case or locale outside the rule's, a rule
    /// that needs a use case when none is known, or locales when none is
    /// configured (then only catalogs that carry a locale get it).
    pub fn limits(&self, use_case: Option<&str>, locale: Option<&str>) -> Vec<String> {
        let mut limits = Vec::new();
        match use_case {
            Some(use_case)
                if !self.use_cases.is_empty()
                    && !self.use_cases.iter().any(|known| known == use_case) =>
            {
                limits.push(format!(
                    "never applies: it is scoped to use cases {}, and the config's use case is {use_case}",
                    self.use_cases.join(", ")
                ));
            }
            None if self.unknown_use_case == UnknownUseCase::Never => limits.push(
                "applies only when a use case is known, and the config sets none (`use_case:` in smslint.yaml, or a campaign)".to_owned(),
            ),
            _ => {}
        }
        if !self.locales.is_empty() {
            match locale {
                Some(locale) if !self.locale_matches(locale) => limits.push(format!(
                    "never applies to this project's messages: it is scoped to locales {}, and the config's locale is {locale}",
                    self.locales.join(", ")
                )),
                None => limits.push(format!(
                    "applies only to messages whose locale is known ({}): the config sets no `locale:`, so only catalogs that carry one get it",
                    self.locales.join(", ")
                )),
                Some(_) => {}
            }
        }
        limits
    }
}

/// How a rule changes when the campaign is behind a 21+ age gate.
#[derive(Clone, Debug)]
pub struct AgeGated {
    pub severity: Severity,
    pub message: Option<String>,
    pub note: Option<String>,
}

#[derive(Clone, Debug)]
pub enum Matcher {
    /// Whole-word keywords (a trailing `*` matches any word with that start)
    /// and regexes, minus matches covered by an exception phrase.
    Text {
        keywords: Vec<String>,
        patterns: Vec<String>,
        /// Patterns that count only in a promotion (see
        /// [`crate::context::Context::MARKETING_USE_CASES`]).
        promotion_patterns: Vec<String>,
        exceptions: Vec<String>,
        /// Words that make a match next to them an ingredient (see
        /// [`schema::RuleSpec::ingredient_of`]), lower case.
        ingredient_of: Vec<String>,
    },
    /// Links whose host (or a parent domain of it) is on a list.
    Hosts {
        domains: HashSet<String>,
    },
    /// The message must match one of these, or name the brand.
    Require {
        any_of: Vec<String>,
        brand: bool,
    },
    Metric(Metric),
    /// Emitted by smslint itself, not by matching text.
    Builtin,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Metric {
    CapsRatio {
        min: f64,
        min_letters: usize,
    },
    CharRun {
        chars: String,
        min: usize,
    },
    LinkCount {
        min: usize,
    },
    EmojiCount {
        min: usize,
    },
    /// Characters (placeholders at their assumed length), at least `min`.
    Length {
        min: usize,
    },
    /// More segments than the context's limit.
    Segments,
    /// UCS-2 only because of characters Smart Encoding would replace.
    Ucs2Forced,
    /// UCS-2 because of characters that have no GSM-7 form.
    NonGsmScript,
    /// UCS-2 only because of symbols with no GSM-7 form and no Smart
    /// Encoding replacement (`°`, `№`, `✓`), not letters of a script or emoji.
    Ucs2Symbol,
    /// Names a brand of the packs' `brands:` that is not the sender, with a
    /// link off that brand's domains or a number to call.
    BrandImpersonation,
    /// A link whose host deceives (see [`crate::brands::Brands::deception`]).
    DeceptiveLink,
    /// A link shaped like a shortener's (see
    /// [`crate::brands::Brands::shortener_shape`]).
    ShortenerShapedLink,
    /// A subscription's confirmation that lacks what CTIA asks of it (see
    /// [`crate::optin`]).
    OptInConfirmation,
}

#[derive(Clone, Debug, Default)]
pub struct Examples {
    pub bad: Vec<Example>,
    pub good: Vec<Example>,
}

#[derive(Clone, Debug)]
pub struct Example {
    pub text: String,
    pub context: ContextLayer,
}

/// Every rule of a run, sorted by id, and the promotional cues.
#[derive(Clone, Debug, Default)]
pub struct RuleSet {
    rules: Vec<Rule>,
    promotional_cues: Vec<String>,
    brands: Vec<crate::brands::Brand>,
    free_hosts: Vec<String>,
    tracking_hosts: Vec<String>,
    senders: crate::read::code::Senders,
}

impl RuleSet {
    /// The built-in packs only.
    pub fn builtin() -> Result<RuleSet, Vec<SetupError>> {
        RuleSet::load(&[])
    }

    /// The built-in packs plus the user's rule files.
    pub fn load(extra_files: &[PathBuf]) -> Result<RuleSet, Vec<SetupError>> {
        RuleSet::load_with(BuiltinPacks::read(), extra_files)
    }

    /// [`RuleSet::load`] from built-in packs read beforehand.
    pub fn load_with(
        builtin: BuiltinPacks,
        extra_files: &[PathBuf],
    ) -> Result<RuleSet, Vec<SetupError>> {
        let mut loader = Loader::default();
        for pack in builtin.0 {
            loader.add(pack);
        }
        let mut seen = HashSet::new();
        for path in extra_files {
            if !seen.insert(path) {
                continue;
            }
            let name = path.display().to_string();
            match crate::source::read_text(path, crate::source::DEFAULT_MAX_FILE_SIZE) {
                Ok(text) => loader.add_file(&name, &text, &Origin::File(path.clone())),
                Err(reason) => loader.errors.push(SetupError::file(
                    &name,
                    format!("cannot read rule file: {reason}"),
                )),
            }
        }
        loader.finish()
    }

    /// The rules of one rule file's text alone (for tools and fuzzing:
    /// host lists it names are looked up beside `name`).
    pub fn from_text(name: &str, text: &str) -> Result<RuleSet, Vec<SetupError>> {
        let mut loader = Loader::default();
        loader.add_file(name, text, &Origin::File(PathBuf::from(name)));
        loader.finish()
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules
            .binary_search_by(|rule| rule.id.as_str().cmp(id))
            .ok()
            .and_then(|index| self.rules.get(index))
    }

    pub fn promotional_cues(&self) -> &[String] {
        &self.promotional_cues
    }

    /// The impersonated brands of every pack, in pack order.
    pub fn brands(&self) -> &[crate::brands::Brand] {
        &self.brands
    }

    /// Free hosting and tunnel suffixes of every pack.
    pub fn free_hosts(&self) -> &[String] {
        &self.free_hosts
    }

    /// Shipment-tracking services of every pack (see
    /// [`schema::RuleFile::tracking_hosts`]).
    pub fn tracking_hosts(&self) -> &[String] {
        &self.tracking_hosts
    }

    /// The SMS APIs' send calls whose messages are read in source code.
    pub fn senders(&self) -> &crate::read::code::Senders {
        &self.senders
    }

    /// True when `selector` names a rule or a category of rules.
    pub fn selector_exists(&self, selector: &str) -> bool {
        self.get(selector).is_some() || self.rules.iter().any(|rule| rule.category() == selector)
    }

    /// Rule ids and categories close to `wanted`, best first, for "did you
    /// mean" hints. Case is ignored (`SHAFT/ALCOHOL`); a bare name finds its
    /// rule in any category (`alcohol` is `shaft/alcohol`); within a named
    /// category only the names are compared, so `spam/all-cap` suggests
    /// `spam/all-caps` and not every other `spam/` rule.
    pub fn similar_ids(&self, wanted: &str) -> Vec<&str> {
        let wanted = wanted.trim().to_lowercase();
        let (wanted_category, wanted_name) = match wanted.split_once('/') {
            Some((category, name)) => (Some(category), name),
            None => (None, wanted.as_str()),
        };
        let mut candidates: Vec<&str> = self.rules.iter().map(|rule| rule.id.as_str()).collect();
        candidates.extend(self.rules.iter().map(Rule::category));
        candidates.sort_unstable();
        candidates.dedup();
        let score = |candidate: &str| {
            if candidate == wanted {
                return 2.0;
            }
            // A category is suggested for a bare word (`optout`), not
            // beside the rule a `category/name` was meant to be.
            let Some((category, name)) = candidate.split_once('/') else {
                return match wanted_category {
                    Some(_) => 0.0,
                    None => strsim::jaro_winkler(&wanted, candidate),
                };
            };
            match wanted_category {
                Some(wanted_category) if strsim::jaro_winkler(wanted_category, category) > 0.85 => {
                    strsim::jaro_winkler(wanted_name, name)
                }
                Some(_) => strsim::jaro_winkler(&wanted, candidate),
                None => strsim::jaro_winkler(wanted_name, name),
            }
        };
        let mut scored: Vec<(f64, &str)> = candidates
            .into_iter()
            .map(|candidate| (score(candidate), candidate))
            .filter(|(score, _)| *score > 0.85)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
        // Only the near-best: `optout` means the `opt-out` category, not
        // every rule whose name starts alike (`traffic/opt-out-ignored`).
        let best = scored.first().map_or(0.0, |(score, _)| *score);
        scored
            .into_iter()
            .take_while(|(score, _)| *score >= best - 0.05)
            .take(3)
            .map(|(_, id)| id)
            .collect()
    }
}

/// The built-in packs, read and validated but not yet put together with a
/// project's rule files: a run reads them while it finds its files.
pub struct BuiltinPacks(Vec<PackFile<'static>>);

impl BuiltinPacks {
    /// Reads every built-in pack, in parallel, kept in their order.
    pub fn read() -> BuiltinPacks {
        BuiltinPacks(
            BUILTIN_FILES
                .par_iter()
                .filter(|(name, _)| name.ends_with(".yaml"))
                .map(|(name, text)| {
                    PackFile::read(&format!("rules/{name}"), text, &Origin::Builtin)
                })
                .collect(),
        )
    }
}

/// Accumulates rules from several files, collecting every error rather than
/// stopping at the first.
#[derive(Default)]
struct Loader {
    rules: Vec<Rule>,
    /// Where each id was first defined, for duplicate reports.
    defined_at: HashMap<String, (String, Option<std::ops::Range<usize>>)>,
    promotional_cues: Vec<String>,
    brands: Vec<crate::brands::Brand>,
    free_hosts: Vec<String>,
    tracking_hosts: Vec<String>,
    senders: Vec<crate::read::code::Sender>,
    errors: Vec<SetupError>,
}

impl Loader {
    fn add_file(&mut self, name: &str, text: &str, origin: &Origin) {
        self.add(PackFile::read(name, text, origin));
    }

    /// Takes one file's rules, reporting ids defined before.
    fn add(&mut self, file: PackFile) {
        self.errors.extend(file.errors);
        self.promotional_cues.extend(file.promotional_cues);
        self.brands.extend(file.brands);
        self.free_hosts.extend(file.free_hosts);
        self.tracking_hosts.extend(file.tracking_hosts);
        self.senders.extend(file.senders);
        // A built-in pack read from its tree has no spans: for an error, its
        // YAML is read again to point at the ids (the first and last of each).
        let mut spans: Option<Vec<(String, Option<std::ops::Range<usize>>)>> = None;
        let mut located = |id: &str, last: bool| {
            let spans = spans.get_or_insert_with(|| {
                PackFile::read_yaml(&file.name, file.text, &Origin::Builtin)
                    .rules
                    .into_iter()
                    .map(|(rule, span)| (rule.id, span))
                    .collect()
            });
            let mut ids = spans.iter().filter(|(known, _)| known == id);
            let found = if last { ids.next_back() } else { ids.next() };
            found.and_then(|(_, span)| span.clone())
        };
        for (rule, id_span) in file.rules {
            if let Some((first_file, first_span)) = self.defined_at.get(&rule.id) {
                let mut error = SetupError::located(
                    &file.name,
                    std::sync::Arc::from(file.text),
                    id_span.or_else(|| located(&rule.id, true)),
                    format!("duplicate rule id `{}`", rule.id),
                );
                if *first_file == file.name {
                    let first_span = first_span.clone().or_else(|| located(&rule.id, false));
                    error = error.with_related(first_span, "first defined here");
                } else {
                    error
                        .message
                        .push_str(&format!(" (first defined in {first_file})"));
                }
                self.errors.push(error);
                continue;
            }
            self.defined_at
                .insert(rule.id.clone(), (file.name.clone(), id_span));
            self.rules.push(rule);
        }
    }

    fn finish(mut self) -> Result<RuleSet, Vec<SetupError>> {
        if !self.errors.is_empty() {
            return Err(self.errors);
        }
        self.rules.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(RuleSet {
            rules: self.rules,
            promotional_cues: self.promotional_cues,
            brands: self.brands,
            free_hosts: self.free_hosts,
            tracking_hosts: self.tracking_hosts,
            senders: crate::read::code::Senders::new(self.senders),
        })
    }
}

/// One rule file, parsed and validated on its own (the built-in packs in
/// parallel): what it adds, and its errors.
struct PackFile<'a> {
    name: String,
    text: &'a str,
    /// Each rule with the byte range of its id in `text`.
    rules: Vec<(Rule, Option<std::ops::Range<usize>>)>,
    promotional_cues: Vec<String>,
    brands: Vec<crate::brands::Brand>,
    free_hosts: Vec<String>,
    tracking_hosts: Vec<String>,
    senders: Vec<crate::read::code::Sender>,
    errors: Vec<SetupError>,
}

impl<'a> PackFile<'a> {
    fn empty(name: &str, text: &'a str) -> PackFile<'a> {
        PackFile {
            name: name.to_owned(),
            text,
            rules: Vec::new(),
            promotional_cues: Vec::new(),
            brands: Vec::new(),
            free_hosts: Vec::new(),
            tracking_hosts: Vec::new(),
            senders: Vec::new(),
            errors: Vec::new(),
        }
    }

    fn read(name: &str, text: &'a str, origin: &Origin) -> PackFile<'a> {
        let tree = (*origin == Origin::Builtin)
            .then(|| name.strip_prefix("rules/"))
            .flatten()
            .and_then(|file| BUILTIN_PACKS_JSON.iter().find(|(known, _)| *known == file))
            .map(|(_, json)| *json);
        PackFile::read_tree(name, text, origin, tree)
    }

    /// [`PackFile::read`] from `tree`, the file's YAML tree as build.rs
    /// wrote it, when there is one: its spans are blank, so a pack with an
    /// error is read again from its YAML to locate it.
    fn read_tree(name: &str, text: &'a str, origin: &Origin, tree: Option<&str>) -> PackFile<'a> {
        tree.and_then(yaml::from_json_tree::<RuleFile>)
            .map(|file| PackFile::empty(name, text).validate(file, origin))
            .filter(|pack| pack.errors.is_empty())
            .unwrap_or_else(|| PackFile::read_yaml(name, text, origin))
    }

    /// [`PackFile::read`] from the file's YAML, every error located.
    fn read_yaml(name: &str, text: &'a str, origin: &Origin) -> PackFile<'a> {
        let parsed = if *origin == Origin::Builtin {
            yaml::parse_trusted(name, text)
        } else {
            yaml::parse(name, text)
        };
        match parsed {
            Ok(file) => PackFile::empty(name, text).validate(file, origin),
            Err(error) => {
                let mut pack = PackFile::empty(name, text);
                pack.errors.push(error);
                pack
            }
        }
    }

    /// Takes a parsed file's rules, brands, hosts and senders, with the
    /// errors of each.
    fn validate(mut self, file: RuleFile, origin: &Origin) -> PackFile<'a> {
        // Errors borrow the name while the pack fills up.
        let name = self.name.clone();
        let (name, text) = (name.as_str(), self.text);
        let mut file_errors = FileErrors {
            name,
            text,
            shared: std::cell::OnceCell::new(),
            lines: std::cell::OnceCell::new(),
            builtin: *origin == Origin::Builtin,
            errors: Vec::new(),
        };
        for cue in &file.promotional_cues {
            if file_errors.check_regex(cue) {
                self.promotional_cues.push(cue.to_string());
            }
        }
        self.brands = file
            .brands
            .into_iter()
            .map(|brand| crate::brands::Brand {
                name: brand.name,
                names: brand.names,
                domains: brand
                    .domains
                    .iter()
                    .map(|domain| domain.to_ascii_lowercase())
                    .collect(),
                payment: brand.payment,
            })
            .collect();
        self.free_hosts = file.free_hosts;
        self.tracking_hosts = file.tracking_hosts;
        for sender in &file.senders {
            if sender.call.iter().any(String::is_empty) || sender.call.is_empty() {
                self.errors.push(SetupError::file(
                    name,
                    format!(
                        "sender `{}`: `call` needs at least one name, none empty",
                        sender.api
                    ),
                ));
            }
        }
        self.senders = file.senders;
        for (name, fragment) in &file.fragments {
            if !fragments::is_name(name) {
                file_errors.error(
                    fragment,
                    format!("fragment name `{name}` is not kebab-case starting with a letter"),
                );
            } else if fragments::expand(fragment, |_| None).is_err() {
                file_errors.error(fragment, "a fragment may not use another fragment".into());
            } else {
                file_errors.check_regex(fragment);
            }
        }
        for mut spec in file.rules {
            // A file without fragments has nothing to write in: its
            // patterns are taken as written.
            let expanded = file.fragments.is_empty()
                || [&mut spec.patterns, &mut spec.promotion_patterns]
                    .into_iter()
                    .flatten()
                    .all(|pattern| file_errors.expand(pattern, &file.fragments));
            if !expanded {
                continue;
            }
            let lines = file_errors
                .lines
                .get_or_init(|| crate::source::LineIndex::new(text));
            let id_span = yaml::span_in(lines, &spec.id);
            if let Some(rule) = file_errors.rule(spec, origin) {
                self.rules.push((rule, id_span));
            }
        }
        self.errors.extend(file_errors.errors);
        self
    }
}

/// Validation of one file's rules, each error pointing into that file.
struct FileErrors<'a> {
    name: &'a str,
    text: &'a str,
    /// `text`, shared by every error of the file, and its line index.
    shared: std::cell::OnceCell<std::sync::Arc<str>>,
    lines: std::cell::OnceCell<crate::source::LineIndex<'a>>,
    builtin: bool,
    errors: Vec<SetupError>,
}

impl FileErrors<'_> {
    fn error<T>(&mut self, at: &Spanned<T>, message: String) {
        let lines = self
            .lines
            .get_or_init(|| crate::source::LineIndex::new(self.text));
        let span = yaml::span_in(lines, at);
        let source = self.shared.get_or_init(|| self.text.into()).clone();
        self.errors
            .push(SetupError::located(self.name, source, span, message));
    }

    /// Replaces `pattern` by its text with the file's fragments written
    /// in; false, with the error located, if it names an unknown one.
    fn expand(
        &mut self,
        pattern: &mut Spanned<String>,
        fragments: &BTreeMap<String, Spanned<String>>,
    ) -> bool {
        match fragments::expand(pattern, |name| {
            fragments.get(name).map(|regex| regex.as_str())
        }) {
            Ok(expanded) => {
                *pattern = Spanned::new(*pattern.span(), expanded);
                true
            }
            Err(name) => {
                let known = fragments.keys().map(String::as_str).collect::<Vec<_>>();
                self.error(
                    pattern,
                    format!(
                        "unknown fragment `{{{name}}}` (this file defines: {}); write a literal brace as `\\{{`",
                        if known.is_empty() { "none".to_owned() } else { known.join(", ") }
                    ),
                );
                false
            }
        }
    }

    fn severity(&mut self, value: &Spanned<String>) -> Option<Severity> {
        match value.parse() {
            Ok(severity) => Some(severity),
            Err(message) => {
                self.error(value, message);
                None
            }
        }
    }

    /// Parses a regex the way the engine will compile it (case-insensitive by
    /// default), so errors surface here, with their place. Built-in packs
    /// skip this at run time: a test loads them once, and start-up matters.
    fn check_regex(&mut self, pattern: &Spanned<String>) -> bool {
        if self.builtin {
            return true;
        }
        let parsed = regex_syntax::ParserBuilder::new()
            .case_insensitive(true)
            .build()
            .parse(pattern);
        if let Err(error) = parsed {
            let detail = error.to_string();
            let last = detail.lines().last().unwrap_or("invalid").trim();
            self.error(pattern, format!("invalid regex: {last}"));
            return false;
        }
        // Large repetitions (`a{100000}`) compile to huge automata that make
        // every message slow: bounded per pattern, reported where written.
        let compiled = regex::RegexBuilder::new(pattern)
            .case_insensitive(true)
            .size_limit(MAX_USER_PATTERN_BYTES)
            .build();
        if compiled.is_err() {
            self.error(
                pattern,
                format!(
                    "the regex compiles to more than {} KiB (a large repetition such as `{{1000}}`?); write a smaller pattern",
                    MAX_USER_PATTERN_BYTES / 1024
                ),
            );
            return false;
        }
        true
    }

    /// Checks every pattern, so that all invalid ones are reported at once.
    fn check_regexes(&mut self, patterns: &[Spanned<String>]) -> bool {
        let mut valid = true;
        for pattern in patterns {
            valid &= self.check_regex(pattern);
        }
        valid
    }

    fn rule(&mut self, spec: RuleSpec, origin: &Origin) -> Option<Rule> {
        let errors_before = self.errors.len();
        if !is_rule_id(&spec.id) {
            self.error(
                &spec.id,
                format!(
                    "rule id `{}` is not of the form `category/kebab-name`",
                    *spec.id
                ),
            );
        }
        let severity = self.severity(&spec.severity);
        let age_gated = spec.age_gated.as_ref().and_then(|gate| {
            Some(AgeGated {
                severity: self.severity(&gate.severity)?,
                message: gate.message.clone(),
                note: gate.note.clone(),
            })
        });
        for template in std::iter::once(&spec.message)
            .chain(&spec.label)
            .chain(&spec.help)
        {
            for name in fill::unknown_names(template) {
                self.error(
                    template,
                    format!(
                        "unknown `{{{name}}}` in the rule's text (known: {})",
                        fill::NAMES
                            .iter()
                            .map(|name| format!("{{{name}}}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
            }
        }
        let applies_to = self.applies_to(&spec);
        let matcher = self.matcher(&spec, origin);
        let examples = Examples {
            bad: spec.examples.bad.iter().map(example).collect(),
            good: spec.examples.good.iter().map(example).collect(),
        };
        if self.errors.len() > errors_before {
            return None;
        }
        Some(Rule {
            id: spec.id.to_string(),
            severity: severity?,
            message: spec.message.to_string(),
            label: spec.label.as_deref().cloned(),
            help: spec.help.as_deref().cloned(),
            note: spec.note,
            explanation: spec.explanation,
            references: spec.references,
            applies_to,
            age_gated,
            matcher: matcher?,
            examples,
            origin: origin.clone(),
        })
    }

    fn applies_to(&mut self, spec: &RuleSpec) -> AppliesTo {
        let mut use_cases = Vec::new();
        for code in &spec.applies_to.use_cases {
            match parse_use_case(code) {
                Ok(code) => use_cases.push(code),
                Err(message) => self.error(code, message),
            }
        }
        let unknown_use_case = match spec.applies_to.unknown_use_case.as_ref() {
            None => UnknownUseCase::Always,
            Some(value) => {
                match value.as_str() {
                    "always" => UnknownUseCase::Always,
                    "never" => UnknownUseCase::Never,
                    "promotional" => UnknownUseCase::Promotional,
                    other => {
                        self.error(
                        value,
                        format!("unknown_use_case `{other}` (expected always, never or promotional)"),
                    );
                        UnknownUseCase::Always
                    }
                }
            }
        };
        AppliesTo {
            use_cases,
            unknown_use_case,
            locales: spec.applies_to.locales.clone(),
            first_message_only: spec.applies_to.first_message_only,
            except_own_site: spec.applies_to.except_own_site,
        }
    }

    fn matcher(&mut self, spec: &RuleSpec, origin: &Origin) -> Option<Matcher> {
        let has_text = !spec.keywords.is_empty()
            || !spec.patterns.is_empty()
            || !spec.promotion_patterns.is_empty();
        let kinds = [
            has_text,
            spec.hosts.is_some(),
            spec.require.is_some(),
            spec.metric.is_some(),
            spec.builtin,
        ];
        match kinds.iter().filter(|&&kind| kind).count() {
            1 => {}
            0 => {
                self.error(
                    &spec.id,
                    "the rule matches nothing: give it keywords, patterns, hosts, require or metric"
                        .into(),
                );
                return None;
            }
            _ => {
                self.error(
                    &spec.id,
                    "a rule has one kind of matcher: keywords/patterns, hosts, require, metric or builtin"
                        .into(),
                );
                return None;
            }
        }
        if let Some(hosts) = &spec.hosts {
            let mut matcher = self.hosts(&hosts.list, origin)?;
            if let Matcher::Hosts { domains } = &mut matcher {
                for exception in &spec.exceptions {
                    domains.remove(&exception.to_lowercase());
                }
            }
            return Some(matcher);
        }
        if let Some(require) = &spec.require {
            let valid = self.check_regexes(&require.any_of);
            if require.any_of.is_empty() && !require.brand {
                self.error(
                    &spec.id,
                    "`require` needs `any_of` patterns or `brand: true`".into(),
                );
                return None;
            }
            return valid.then(|| Matcher::Require {
                any_of: strings(&require.any_of),
                brand: require.brand,
            });
        }
        if let Some(metric) = &spec.metric {
            return self.metric(metric);
        }
        if spec.builtin {
            return Some(Matcher::Builtin);
        }
        for keyword in &spec.keywords {
            let bare = keyword.trim_end_matches('*');
            if bare.trim().is_empty() || bare.contains('*') {
                self.error(
                    keyword,
                    "a keyword is a non-empty phrase, with `*` allowed only at its end".into(),
                );
            }
        }
        let valid = self.check_regexes(&spec.patterns);
        let valid = self.check_regexes(&spec.promotion_patterns) && valid;
        valid.then(|| Matcher::Text {
            keywords: strings(&spec.keywords),
            patterns: strings(&spec.patterns),
            promotion_patterns: strings(&spec.promotion_patterns),
            exceptions: strings(&spec.exceptions),
            ingredient_of: spec
                .ingredient_of
                .iter()
                .map(|word| word.to_lowercase())
                .collect(),
        })
    }

    fn hosts(&mut self, list: &Spanned<String>, origin: &Origin) -> Option<Matcher> {
        /// A host list larger than this is refused (the built-in shortener
        /// list is 60 KB).
        const MAX_HOST_LIST_BYTES: u64 = 10_000_000;
        let text = match origin {
            Origin::Builtin => BUILTIN_FILES
                .iter()
                .find(|(name, _)| *name == list.as_str())
                .map(|(_, text)| (*text).to_owned())
                .ok_or_else(|| "no such built-in list".to_owned()),
            Origin::File(rule_file) => {
                // A rule pack is data a pull request can change: the lists
                // it names are read as a config's files are, inside the
                // project, regular and bounded.
                let dir = rule_file.parent().unwrap_or(Path::new(""));
                let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
                let path = crate::paths::clean_path(&dir.join(list.as_str()));
                if crate::paths::inside_project(&path, &crate::paths::project_of(&dir)) {
                    crate::source::read_text(&path, MAX_HOST_LIST_BYTES)
                        .map_err(|error| format!("cannot read {}: {error}", path.display()))
                } else {
                    Err("the file is outside the project; a rule pack may only name files inside it".to_owned())
                }
            }
        };
        match text {
            Ok(text) => Some(Matcher::Hosts {
                domains: text
                    .lines()
                    .map(str::trim)
                    .filter(|line| !line.is_empty() && !line.starts_with('#'))
                    .map(str::to_lowercase)
                    .collect(),
            }),
            Err(message) => {
                self.error(list, format!("host list `{}`: {message}", list.as_str()));
                None
            }
        }
    }

    fn metric(&mut self, spec: &MetricSpec) -> Option<Matcher> {
        let kind = spec.kind.as_str();
        let needs_min = !matches!(
            kind,
            "segments"
                | "ucs2-forced"
                | "non-gsm-script"
                | "ucs2-symbol"
                | "brand-impersonation"
                | "deceptive-link"
                | "shortener-shaped-link"
                | "opt-in-confirmation"
        );
        let min = match (&spec.min, needs_min) {
            (Some(min), _) if !(min.is_finite() && **min >= 0.0) => {
                self.error(min, "`min` must be a non-negative number".into());
                return None;
            }
            (Some(min), _) => **min,
            (None, false) => 0.0,
            (None, true) => {
                self.error(&spec.kind, format!("metric `{kind}` needs `min`"));
                return None;
            }
        };
        // Counts are whole numbers; a fractional `min` rounds up.
        let count = min.ceil() as usize;
        let metric = match kind {
            "caps-ratio" if min <= 1.0 => Metric::CapsRatio {
                min,
                min_letters: spec.min_letters.unwrap_or(12),
            },
            "caps-ratio" => {
                self.error(
                    &spec.kind,
                    "caps-ratio `min` is a share between 0 and 1".into(),
                );
                return None;
            }
            "char-run" => match &spec.chars {
                Some(chars) if !chars.is_empty() => Metric::CharRun {
                    chars: chars.to_string(),
                    min: count.max(1),
                },
                _ => {
                    self.error(&spec.kind, "char-run needs `chars`".into());
                    return None;
                }
            },
            "link-count" => Metric::LinkCount { min: count },
            "emoji-count" => Metric::EmojiCount { min: count },
            "length" => Metric::Length { min: count },
            "segments" => Metric::Segments,
            "ucs2-forced" => Metric::Ucs2Forced,
            "non-gsm-script" => Metric::NonGsmScript,
            "ucs2-symbol" => Metric::Ucs2Symbol,
            "brand-impersonation" => Metric::BrandImpersonation,
            "deceptive-link" => Metric::DeceptiveLink,
            "shortener-shaped-link" => Metric::ShortenerShapedLink,
            "opt-in-confirmation" => Metric::OptInConfirmation,
            other => {
                self.error(
                    &spec.kind,
                    format!(
                        "unknown metric `{other}` (expected caps-ratio, char-run, link-count, emoji-count, length, segments, ucs2-forced, ucs2-symbol, non-gsm-script, brand-impersonation, deceptive-link, shortener-shaped-link or opt-in-confirmation)"
                    ),
                );
                return None;
            }
        };
        Some(Matcher::Metric(metric))
    }
}

fn strings(values: &[Spanned<String>]) -> Vec<String> {
    values.iter().map(|value| value.to_string()).collect()
}

fn example(spec: &ExampleSpec) -> Example {
    match spec {
        ExampleSpec::Text(text) => Example {
            text: text.clone(),
            context: ContextLayer::default(),
        },
        ExampleSpec::WithContext(example) => Example {
            text: example.text.clone(),
            context: ContextLayer {
                use_case: example.use_case.clone(),
                brand: example.brand.clone(),
                locale: example.locale.clone(),
                age_gated: example.age_gated,
                ..ContextLayer::default()
            },
        },
    }
}

/// `category/kebab-name`, lower case.
pub fn is_rule_id(id: &str) -> bool {
    let kebab = |part: &str| {
        !part.is_empty()
            && !part.starts_with('-')
            && part
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    match id.split_once('/') {
        Some((category, name)) => {
            kebab(category)
                && kebab(name)
                && category
                    .bytes()
                    .next()
                    .is_some_and(|b| b.is_ascii_lowercase())
                && !name.contains('/')
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rules_load_and_are_sorted() {
        let rules = RuleSet::builtin().expect("the built-in packs are valid");
        assert!(rules.rules().len() > 30);
        assert!(rules.rules().windows(2).all(|pair| pair[0].id < pair[1].id));
        assert!(rules.get("shaft/alcohol").is_some());
        assert!(rules.selector_exists("shaft"));
        assert!(!rules.selector_exists("shaf"));
    }

    /// Every built-in pack has the tree build.rs wrote, and reading it gives
    /// what reading the pack's YAML gives: rules, cues, brands, hosts and
    /// senders (spans aside, which the tree does not keep).
    #[test]
    fn the_prebuilt_packs_read_as_their_yaml() {
        let packs: Vec<&(&str, &str)> = BUILTIN_FILES
            .iter()
            .filter(|(name, _)| name.ends_with(".yaml"))
            .collect();
        assert_eq!(packs.len(), BUILTIN_PACKS_JSON.len());
        let shown = |pack: &PackFile| {
            let rules: Vec<String> = pack
                .rules
                .iter()
                .map(|(rule, _)| {
                    let mut rule = rule.clone();
                    let mut hosts: Vec<String> = match &mut rule.matcher {
                        Matcher::Hosts { domains } => domains.drain().collect(),
                        _ => Vec::new(),
                    };
                    hosts.sort();
                    format!("{rule:?} {hosts:?}")
                })
                .collect();
            format!(
                "{rules:?} {:?} {:?} {:?} {:?} {:?} {:?}",
                pack.promotional_cues,
                pack.brands,
                pack.free_hosts,
                pack.tracking_hosts,
                pack.senders,
                pack.errors
            )
        };
        for (name, text) in packs {
            let name = format!("rules/{name}");
            let prebuilt = PackFile::read(&name, text, &Origin::Builtin);
            let read = PackFile::read_yaml(&name, text, &Origin::Builtin);
            assert!(read.errors.is_empty(), "{name}");
            assert!(
                !read.rules.is_empty() || !read.senders.is_empty() || !read.brands.is_empty(),
                "{name}"
            );
            assert!(read.rules.iter().all(|(_, span)| span.is_some()), "{name}");
            assert!(
                prebuilt.rules.iter().all(|(_, span)| span.is_none()),
                "{name}: not from the tree"
            );
            assert_eq!(shown(&prebuilt), shown(&read), "{name}");
        }
    }

    /// A rule id given twice in a built-in pack read from its tree is
    /// located at both places, as in a pack read from its YAML.
    #[test]
    fn a_duplicate_id_in_a_builtin_pack_is_located() {
        let rule = "  - id: acme/x\n    severity: error\n    message: m\n    explanation: e\n    keywords: [x]\n";
        let text = format!("rules:\n{rule}{rule}");
        let one = r#"{"id": "acme/x", "severity": "error", "message": "m", "explanation": "e", "keywords": ["x"]}"#;
        let tree = format!(r#"{{"rules": [{one}, {one}]}}"#);
        let pack = PackFile::read_tree("rules/x.yaml", &text, &Origin::Builtin, Some(&tree));
        assert!(
            pack.rules.iter().all(|(_, span)| span.is_none()),
            "read from the tree"
        );
        let mut loader = Loader::default();
        loader.add(pack);
        let errors = loader.finish().unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        let span = errors[0].span.clone().unwrap();
        assert_eq!(span.start, text.rfind("acme/x").unwrap());
        let related = errors[0].related.clone().unwrap();
        assert_eq!(related.0.start, text.find("acme/x").unwrap());
    }

    /// A sender without a call name is an error, beside the rules' own.
    #[test]
    fn a_sender_without_a_call_is_an_error_beside_rule_errors() {
        let text = "senders:\n  - api: Acme\n    call: []\n    body: {keywords: [body]}\n\
                    rules:\n  - id: acme/x\n    severity: fatal\n    message: m\n    explanation: e\n    keywords: [x]\n";
        let errors = load_one(text).unwrap_err();
        let messages: Vec<&str> = errors.iter().map(|error| error.message.as_str()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(
            messages[0].contains("`call` needs at least one name"),
            "{messages:?}"
        );
        assert!(messages[1].contains("unknown severity"), "{messages:?}");
    }

    /// A pack whose tree gives an error is read again from its YAML, so the
    /// error points at where it is written.
    #[test]
    fn an_error_in_a_builtin_pack_is_located() {
        let text = "rules:\n  - id: acme/x\n    severity: fatal\n    message: m\n    explanation: e\n    keywords: [x]\n";
        let tree = r#"{"rules": [{"id": "acme/x", "severity": "fatal", "message": "m",
            "explanation": "e", "keywords": ["x"]}]}"#;
        let pack = PackFile::read_tree("rules/x.yaml", text, &Origin::Builtin, Some(tree));
        assert_eq!(pack.errors.len(), 1, "{:?}", pack.errors);
        let span = pack.errors[0].span.clone().unwrap();
        assert_eq!(&text[span], "fatal");
        // The same tree with a valid severity is read from the tree alone.
        let tree = tree.replace("fatal", "error");
        let pack = PackFile::read_tree("rules/x.yaml", "not: [yaml", &Origin::Builtin, Some(&tree));
        assert!(pack.errors.is_empty(), "{:?}", pack.errors);
        assert_eq!(pack.rules.len(), 1);
    }

    #[test]
    fn rule_ids_are_category_slash_kebab() {
        assert!(is_rule_id("shaft/alcohol"));
        assert!(is_rule_id("opt-out/missing"));
        assert!(!is_rule_id("Shaft/alcohol"));
        assert!(!is_rule_id("alcohol"));
        assert!(!is_rule_id("a/b/c"));
        assert!(!is_rule_id("a/-b"));
    }

    fn load_one(text: &str) -> Result<RuleSet, Vec<SetupError>> {
        let mut loader = Loader::default();
        loader.add_file(
            "custom.yaml",
            text,
            &Origin::File(PathBuf::from("custom.yaml")),
        );
        loader.finish()
    }

    const RULE_HEAD: &str =
        "rules:\n  - id: acme/x\n    severity: error\n    message: m\n    explanation: e\n";

    #[test]
    fn an_invalid_regex_points_at_the_pattern() {
        let text = format!("{RULE_HEAD}    patterns: [\"ok\", \"(unclosed\"]\n");
        let errors = load_one(&text).unwrap_err();
        assert_eq!(errors.len(), 1);
        let span = errors[0].span.clone().unwrap();
        assert_eq!(&text[span], "\"(unclosed\"");
        assert!(errors[0].message.starts_with("invalid regex"));
    }

    #[test]
    fn fragments_are_written_in_and_bad_ones_located() {
        let pack = |fragments: &str, pattern: &str| {
            format!("fragments: {{{fragments}}}\n{RULE_HEAD}    patterns: ['{pattern}']\n")
        };
        let good = pack("rival: 'globex|initech'", r"\b{rival}\s+corp{1,2}");
        let rules = load_one(&good).unwrap();
        let Some(Matcher::Text { patterns, .. }) = rules.get("acme/x").map(|rule| &rule.matcher)
        else {
            panic!("no text rule");
        };
        assert_eq!(patterns, &[r"\b(?:globex|initech)\s+corp{1,2}"]);

        for (text, wrong, said) in [
            (
                pack("rival: globex", "{rivals}"),
                "'{rivals}'",
                "unknown fragment `{rivals}` (this file defines: rival)",
            ),
            (
                pack("Rival: globex", "x"),
                "globex",
                "fragment name `Rival` is not kebab-case",
            ),
            (
                pack("a: x, b: '{a}'", "x"),
                "'{a}'",
                "a fragment may not use another fragment",
            ),
            (pack("a: '(x'", "x"), "'(x'", "invalid regex"),
        ] {
            let errors = load_one(&text).unwrap_err();
            assert_eq!(errors.len(), 1, "{text}: {errors:?}");
            let span = errors[0].span.clone().unwrap();
            assert_eq!(&text[span], wrong, "{text}");
            assert!(errors[0].message.starts_with(said), "{}", errors[0].message);
        }
    }

    #[test]
    fn unknown_fields_duplicates_and_empty_rules_are_errors() {
        let unknown = format!("{RULE_HEAD}    keywords: [x]\n    severty: error\n");
        let errors = load_one(&unknown).unwrap_err();
        assert!(errors[0].message.contains("severty"));

        let duplicate = format!(
            "{RULE_HEAD}    keywords: [x]\n{}    keywords: [y]\n",
            &RULE_HEAD[7..]
        );
        let errors = load_one(&duplicate).unwrap_err();
        assert!(
            errors[0].message.contains("duplicate rule id"),
            "{errors:?}"
        );
        assert!(errors[0].related.is_some());

        let errors = load_one(RULE_HEAD).unwrap_err();
        assert!(errors[0].message.contains("matches nothing"));
    }

    #[test]
    fn an_unknown_template_name_points_at_its_text() {
        let text =
            format!("{RULE_HEAD}    help: \"say {{brnad}} or {{{{name}}}}\"\n    keywords: [x]\n");
        let errors = load_one(&text).unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].message.contains("unknown `{brnad}`"),
            "{errors:?}"
        );
        let span = errors[0].span.clone().unwrap();
        assert!(text[span].contains("brnad"));
        let fine =
            format!("{RULE_HEAD}    help: \"say {{brand}} or {{{{name}}}}\"\n    keywords: [x]\n");
        assert!(load_one(&fine).is_ok());
    }
}
