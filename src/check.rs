//! Stage 3: run every rule over a message. Every keyword and every literal
//! a pattern rule needs are found in one pass over a message (see
//! [`crate::terms`]); a pattern's regex runs only where its literals occur.

use std::cell::OnceCell;
use std::ops::Range;
use std::sync::Arc;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::brands::Brands;
use crate::context::Context;
use crate::diagnostic::{Diagnostic, Fix, FixSafety};
use crate::encoding::{self, Count, Encoding};
use crate::links::{find_links, is_emoji, Link};
use crate::normalize::normalize;
use crate::prefilter::{Candidates, Patterns};
use crate::rules::{Fill, Matcher, Metric, Rule, RuleSet, UnknownUseCase};
use crate::source::Message;
use crate::terms::{Semantics, Terms};

/// The compiled form of a [`RuleSet`].
pub struct Checker {
    rules: Arc<RuleSet>,
    /// One pass over a message finds every keyword and every literal the
    /// pattern rules and promotional cues need.
    /// The keywords and the patterns' literals, lowercased.
    terms: Terms,
    /// Per term: what finding it means.
    meanings: Vec<Term>,
    /// `spam/obfuscated-term`, raised beside a match that only shows once
    /// obfuscation is undone.
    obfuscation_rule: Option<usize>,
    /// The pattern rules' regexes, each run only where its literals occur.
    patterns: Patterns,
    /// Per pattern: the rule it belongs to.
    pattern_owners: Vec<usize>,
    /// By pattern: it counts only in a promotion.
    promotion_only: Vec<bool>,
    /// By rule: the dish and cooking words that make a match an
    /// ingredient.
    ingredients: Vec<Option<std::collections::HashSet<String>>>,
    /// Per rule: its exception phrases, and the longest one's length in
    /// bytes (how far from a match an exception can start).
    exceptions: Vec<Option<Exceptions>>,
    /// Every rule's `require.any_of` patterns, each run only where its
    /// literals occur: most messages that need opt-out language have none,
    /// and one regex of them all scanned each such message to the end.
    requirements: Patterns,
    /// Per requirement pattern: the rule it belongs to.
    requirement_owners: Vec<usize>,
    /// What makes a message of unknown use case read as promotional.
    promotional: Patterns,
    /// The brands smishing impersonates, and deceptive hosts.
    brands: Brands,
    /// The rules that look at a message as a whole (host lists,
    /// requirements, metrics), by index: a message's check visits these,
    /// not the hundred rules a text search already answered for.
    whole_message_rules: Vec<usize>,
}

/// What a match of one term stands for.
#[derive(Clone, Copy, Debug)]
enum Term {
    /// A keyword of a rule, and how its word may end.
    Keyword(usize, Ending),
    /// A literal that pattern rules need (numbered as in [`Patterns::literals`]).
    PatternLiteral(usize),
    /// A literal that promotional cues need.
    PromotionalLiteral(usize),
    /// A literal that `require.any_of` patterns need.
    RequirementLiteral(usize),
}

/// The rule raised beside matches that only show once obfuscation is undone.
pub const OBFUSCATED_TERM: &str = "spam/obfuscated-term";

/// How a keyword's last word may end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ending {
    /// As written, or with an inflection: "gun", "guns", "gunned".
    Word,
    /// The stem of a word ending in "e" needs an inflection: "vap" + "ing".
    Stem,
    /// `vap*`: any word that starts so.
    Prefix,
}

/// Endings that inflect a term without changing what it names.
const INFLECTIONS: &[&str] = &["'s", "ings", "ing", "ers", "er", "es", "ed", "s"];

/// Endings that may follow the stem of a term ending in "e" ("vap" +
/// "ing"); plural endings may not ("win" + "s" is not "wines").
const STEM_INFLECTIONS: &[&str] = &["ings", "ing", "ers", "er", "ed"];

/// Short words that do not agree in number ("vin de table", "cata de
/// vinos"): articles and prepositions of English, Spanish and French.
const INVARIABLE_WORDS: &[&str] = &[
    "a", "an", "the", "of", "de", "del", "des", "du", "la", "le", "les", "el", "los", "las", "en",
    "y", "et", "and", "con", "avec", "au", "aux", "à",
];

/// The terms of one keyword: the term itself; for a term
/// ending in "e", its stem (so "vape" also finds "vaping" and "vaped");
/// and for a term of several words, each word in the plural, as Spanish
/// and French make adjectives agree ("vin rouge", "vins rouges").
fn inflections(keyword: &str) -> Vec<(String, Ending)> {
    if let Some(prefix) = keyword.strip_suffix('*') {
        return vec![(prefix.to_owned(), Ending::Prefix)];
    }
    let mut patterns = vec![(keyword.to_owned(), Ending::Word)];
    if keyword.contains(' ') {
        let plural: Vec<String> = keyword
            .split(' ')
            .map(|word| {
                let invariable = INVARIABLE_WORDS.contains(&word)
                    || word.len() < 3
                    || word.ends_with(['s', 'x', 'z'])
                    || !word.chars().all(char::is_alphabetic);
                if invariable {
                    word.to_owned()
                } else {
                    format!("{word}s")
                }
            })
            .collect();
        let plural = plural.join(" ");
        if plural != keyword {
            patterns.push((plural, Ending::Word));
        }
    }
    let last_word = keyword.rsplit(' ').next().unwrap_or(keyword);
    if let Some(stem) = keyword.strip_suffix('e') {
        if last_word.len() >= 4 && last_word.is_ascii() {
            patterns.push((stem.to_owned(), Ending::Stem));
        }
    }
    patterns
}

/// One match of one rule, by byte range in the message.
struct Finding {
    rule: usize,
    span: Range<usize>,
    /// The part of the match an exception phrase must cover to cancel it.
    subject: Range<usize>,
    label: Option<String>,
    /// Text that replaces the span, and whether that keeps the meaning.
    replacement: Option<(String, FixSafety)>,
    /// Said in a note: how an obfuscated term reads.
    note: Option<String>,
    /// The pattern's whole match, when `span` is only the term in it.
    matched: Option<Range<usize>>,
}

/// Whether the brand mention at `at` is a payment method the sender takes
/// ("we accept Zelle, Venmo and all major cards", "pay with PayPal",
/// "aceptamos Zelle", "nous acceptons Interac"), in any case: the words
/// before it in the same sentence say so. Callers ask it only of brands
/// the packs mark `payment: true`.
fn accepted_payment(text: &str, at: usize) -> bool {
    let start = text
        .get(..at)
        .and_then(|before| before.rfind(['.', '!', '?', '\n']))
        .map_or(0, |end| end + 1);
    text.get(start..at)
        .is_some_and(|sentence| ACCEPTED_PAYMENT.is_match(sentence))
}

static ACCEPTED_PAYMENT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    crate::literal::regex(
        r"(?i)\b(?:we\s+(?:also\s+|now\s+)?(?:accept|take)|accepted|accepting|pay(?:ment)?s?\s+(?:by|with|via|using|through)|acepta(?:mos)?|pago\s+(?:con|por)|(?:nous\s+)?acceptons|accept[ée]s?|paiement\s+par)\b",
    )
});

/// Characters that end a phrase, for [`Scope::ingredient`].
const PHRASE_ENDS: &[char] = &['.', ',', ';', ':', '!', '?', '(', ')', '/', '&', '+', '\n'];

/// The words of a stretch of text, lower case, split at blanks and
/// hyphens, with `None` where a phrase ends (punctuation).
fn phrase_tokens(text: &str) -> Vec<Option<String>> {
    let mut tokens = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        // Most text is ASCII: its letters lower-case without a lookup.
        if c.is_ascii_alphanumeric() || c == '\'' {
            word.push(c.to_ascii_lowercase());
            continue;
        }
        if !c.is_ascii() && (c.is_alphanumeric() || c == '’') {
            word.extend(c.to_lowercase());
            continue;
        }
        if !word.is_empty() {
            tokens.push(Some(std::mem::take(&mut word)));
        }
        if PHRASE_ENDS.contains(&c) {
            tokens.push(None);
        }
    }
    if !word.is_empty() {
        tokens.push(Some(word));
    }
    tokens
}

/// Words that tie a dish to what it is cooked in ("al vino", "au vin",
/// "alla vodka", "à la bière"): they do not count as a word apart.
const PARTICLES: &[&str] = &[
    "al", "alla", "au", "aux", "à", "a", "la", "le", "les", "de", "del", "du", "des", "en", "in",
    "di", "of",
];

/// Cooking words that make what follows an ingredient from either side:
/// "braised in red wine", "glazed with bourbon".
const COOKING_WORDS: &[&str] = &[
    "braised",
    "glazed",
    "poached",
    "marinated",
    "battered",
    "soaked",
    "infused",
    "flambéed",
    "flambé",
    "braisé",
    "braisée",
    "glacé",
    "rebozado",
    "rebozada",
    "glaseado",
    "glaseada",
    "guisado",
    "estofado",
];

/// Words that join two things rather than name one: "vodka and wings".
const CONJUNCTIONS: &[&str] = &[
    "and", "or", "with", "plus", "et", "ou", "avec", "y", "o", "con", "n",
];

impl Checker {
    pub fn new(rules: RuleSet) -> Checker {
        let mut keyword_terms = Vec::new();
        let mut terms = Vec::new();
        let mut pattern_sources = Vec::new();
        let mut pattern_owners = Vec::new();
        let mut promotion_only = Vec::new();
        let mut ingredients = Vec::new();
        let mut exceptions = Vec::new();
        let mut requirement_sources = Vec::new();
        let mut requirement_owners = Vec::new();
        for (index, rule) in rules.rules().iter().enumerate() {
            let mut rule_exceptions = None;
            let mut rule_ingredients = None;
            match &rule.matcher {
                Matcher::Text {
                    keywords,
                    patterns,
                    promotion_patterns,
                    exceptions: phrases,
                    ingredient_of: words,
                } => {
                    if !words.is_empty() {
                        rule_ingredients = Some(words.iter().cloned().collect());
                    }
                    for keyword in keywords {
                        for (term, ending) in inflections(keyword) {
                            keyword_terms.push(term);
                            terms.push(Term::Keyword(index, ending));
                        }
                    }
                    for pattern in patterns {
                        pattern_sources.push(pattern.clone());
                        pattern_owners.push(index);
                        promotion_only.push(false);
                    }
                    for pattern in promotion_patterns {
                        pattern_sources.push(pattern.clone());
                        pattern_owners.push(index);
                        promotion_only.push(true);
                    }
                    if !phrases.is_empty() {
                        rule_exceptions = Some(Exceptions::new(phrases));
                    }
                }
                Matcher::Require { any_of, .. } => {
                    requirement_sources.extend(any_of.iter().cloned());
                    requirement_owners.extend(any_of.iter().map(|_| index));
                }
                _ => {}
            }
            exceptions.push(rule_exceptions);
            ingredients.push(rule_ingredients);
        }
        let patterns = Patterns::new(&pattern_sources);
        let promotional = Patterns::new(rules.promotional_cues());
        for (number, literal) in patterns.literals().enumerate() {
            keyword_terms.push(literal.to_owned());
            terms.push(Term::PatternLiteral(number));
        }
        for (number, literal) in promotional.literals().enumerate() {
            keyword_terms.push(literal.to_owned());
            terms.push(Term::PromotionalLiteral(number));
        }
        let requirements = Patterns::new(&requirement_sources);
        for (number, literal) in requirements.literals().enumerate() {
            keyword_terms.push(literal.to_owned());
            terms.push(Term::RequirementLiteral(number));
        }
        let search = Terms::new(
            keyword_terms.iter().map(|term| term.to_ascii_lowercase()),
            Semantics::Overlapping,
        );
        let brands = Brands::new(rules.brands(), rules.free_hosts(), rules.tracking_hosts());
        let whole_message_rules = (rules.rules().iter().enumerate())
            .filter(|(_, rule)| {
                matches!(
                    rule.matcher,
                    Matcher::Hosts { .. } | Matcher::Require { .. } | Matcher::Metric(_)
                )
            })
            .map(|(index, _)| index)
            .collect();
        let obfuscation_rule = rules
            .rules()
            .iter()
            .position(|rule| rule.id == OBFUSCATED_TERM);
        Checker {
            terms: search,
            meanings: terms,
            obfuscation_rule,
            patterns,
            pattern_owners,
            promotion_only,
            ingredients,
            exceptions,
            requirements,
            requirement_owners,
            promotional,
            brands,
            whole_message_rules,
            rules: Arc::new(rules),
        }
    }

    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// The keyword terms and the brand names, for tests of their search.
    #[cfg(test)]
    pub(crate) fn term_sets(&self) -> (&Terms, &Terms) {
        (&self.terms, self.brands.names())
    }

    /// The rules, shared: a run's outcome keeps them for its renderers.
    pub fn shared_rules(&self) -> Arc<RuleSet> {
        Arc::clone(&self.rules)
    }

    /// A diagnostic of a rule smslint raises itself (`builtin: true` in its
    /// pack: input, campaign and policy checks), with the rule's severity,
    /// help and note. `message` replaces the rule's message when given.
    pub fn emit(
        &self,
        rule_id: &str,
        span: Range<usize>,
        message: Option<String>,
        label: Option<String>,
    ) -> Diagnostic {
        self.emit_for(&Fill::default(), rule_id, span, message, label)
    }

    /// [`Checker::emit`] with the rule's templates filled from `fill`.
    pub fn emit_for(
        &self,
        fill: &Fill,
        rule_id: &str,
        span: Range<usize>,
        message: Option<String>,
        label: Option<String>,
    ) -> Diagnostic {
        let rule = self.rules.get(rule_id);
        Diagnostic {
            rule: rule_id.to_owned(),
            severity: rule.map_or(crate::diagnostic::Severity::Error, |rule| rule.severity),
            message: message
                .or_else(|| rule.map(|rule| fill.apply(&rule.message)))
                .unwrap_or_default(),
            span,
            specific_label: label.is_some(),
            whole_message: false,
            pattern_span: None,
            label,
            help: rule.and_then(|rule| rule.help.as_deref().map(|help| fill.apply(help))),
            notes: rule
                .and_then(|rule| rule.note.clone())
                .into_iter()
                .collect(),
            references: rule.map(|rule| rule.references.clone()).unwrap_or_default(),
            fix: None,
            key: None,
        }
    }

    /// What a suppression (a config entry or an inline comment at `span`)
    /// says about itself: `suppression/unused` when it accepted nothing, and
    /// `suppression/missing-reason` when it gives no reason.
    pub fn audit_suppression(
        &self,
        span: Range<usize>,
        accepted: bool,
        reason: bool,
    ) -> Vec<Diagnostic> {
        let mut findings = Vec::new();
        if !accepted {
            findings.push(self.emit("suppression/unused", span.clone(), None, None));
        }
        if !reason {
            findings.push(self.emit("suppression/missing-reason", span, None, None));
        }
        findings
    }

    /// Whether a message meets the `require` of a rule (e.g. has the opt-out
    /// language `opt-out/missing` asks for). False for other rules.
    pub fn requirement_met(&self, rule_id: &str, message: &Message) -> bool {
        let index = self
            .rules
            .rules()
            .binary_search_by(|rule| rule.id.as_str().cmp(rule_id));
        index.is_ok_and(|index| {
            let every = 0..self.requirement_owners.len();
            self.meets(index, &message.masked, every)
        })
    }

    /// Whether one of the requirement patterns `candidates` that belongs to
    /// the rule at `rule` of the rule set matches `text`.
    fn meets(&self, rule: usize, text: &str, candidates: impl Iterator<Item = usize>) -> bool {
        candidates
            .filter(|pattern| self.requirement_owners.get(*pattern) == Some(&rule))
            .any(|pattern| {
                self.requirements
                    .regex(pattern)
                    .is_some_and(|regex| regex.is_match(text))
            })
    }

    /// Whether the rule `rule_id` applies to `message` in `context`: its
    /// `applies_to` use cases and locales, and a promotional reading when no
    /// use case is known. False for an unknown rule.
    pub fn applies(&self, rule_id: &str, message: &Message, context: &Context) -> bool {
        self.rules
            .get(rule_id)
            .is_some_and(|rule| Scope::new(self, message, context).applies(rule))
    }

    /// How `rule`'s own examples behave, each in its own context: every
    /// `bad` one must fire the rule and every `good` one must not (the rule
    /// packs' contract, run by the test suite on the built-in packs and by
    /// `smslint rules --check` on a project's). Returns one line per example
    /// that does not, e.g. `bad example does not fire: "..."`.
    pub fn example_failures(&self, rule: &Rule) -> Vec<String> {
        let fires = |example: &crate::rules::Example| {
            let message = crate::source::message_at(0, &example.text);
            self.check(&message, &example.context.resolve())
                .iter()
                .any(|diagnostic| diagnostic.rule == rule.id)
        };
        let bad = rule
            .examples
            .bad
            .iter()
            .filter(|example| !fires(example))
            .map(|example| format!("bad example does not fire: {:?}", example.text));
        let good = rule
            .examples
            .good
            .iter()
            .filter(|example| fires(example))
            .map(|example| format!("good example fires: {:?}", example.text));
        bad.chain(good).collect()
    }

    /// Every diagnostic every applicable rule finds in `message`, in file
    /// offsets, unsorted and before selection.
    pub fn check(&self, message: &Message, context: &Context) -> Vec<Diagnostic> {
        let scope = Scope::new(self, message, context);
        let mut findings = Vec::new();
        let masked = scope.masked();
        for (rule, span) in scope.applicable(&scope.scan().keywords) {
            findings.push(Finding::new(rule, span, None));
        }
        scope.patterns(&mut findings);
        findings.retain(|finding| {
            !scope.excepted(masked, finding.rule, &finding.subject)
                && !scope.ingredient(masked, finding.rule, &finding.subject)
        });
        scope.obfuscated(&mut findings);
        for &index in &self.whole_message_rules {
            let Some(rule) = self.rules.rules().get(index) else {
                continue;
            };
            match &rule.matcher {
                Matcher::Hosts { domains } if scope.applies(rule) => {
                    for link in scope.links() {
                        if link.is_on(domains) {
                            findings.push(Finding::new(index, link.span.clone(), None));
                        }
                    }
                }
                Matcher::Require { brand, .. }
                    if scope.applies(rule) && !scope.satisfies(index, *brand) =>
                {
                    findings.push(Finding::new(index, 0..message.text.len(), None));
                }
                Matcher::Metric(metric) if scope.applies(rule) => {
                    scope.metric(index, metric, &mut findings);
                }
                _ => {}
            }
        }
        drop_overlapping(&mut findings);
        let cost = (!findings.is_empty()).then(|| scope.cost_note()).flatten();
        findings
            .into_iter()
            .filter_map(|finding| {
                let mut diagnostic = self.diagnostic(&finding, message, context)?;
                diagnostic.notes.extend(cost.clone());
                Some(diagnostic)
            })
            .collect()
    }

    fn diagnostic(
        &self,
        finding: &Finding,
        message: &Message,
        context: &Context,
    ) -> Option<Diagnostic> {
        let rule = self.rules.rules().get(finding.rule)?;
        let matched = message.text.get(finding.span.clone()).unwrap_or_default();
        let gate = rule.age_gated.as_ref().filter(|_| context.age_gated);
        let vars = Fill {
            matched,
            ..Fill::of(context)
        };
        let fill = |template: &str| vars.apply(template);
        Some(Diagnostic {
            rule: rule.id.clone(),
            severity: gate.map_or(rule.severity, |gate| gate.severity),
            message: fill(
                gate.and_then(|gate| gate.message.as_deref())
                    .unwrap_or(&rule.message),
            ),
            span: message.file_span(finding.span.clone()),
            label: finding
                .label
                .clone()
                .or_else(|| rule.label.as_deref().map(fill)),
            specific_label: finding.label.is_some()
                || rule
                    .label
                    .as_deref()
                    .is_some_and(|label| label.contains('{')),
            whole_message: !message.text.is_empty() && finding.span == (0..message.text.len()),
            pattern_span: finding
                .matched
                .as_ref()
                .map(|matched| message.file_span(matched.clone())),
            help: rule.help.as_deref().map(fill),
            notes: gate
                .and_then(|gate| gate.note.clone())
                .or_else(|| rule.note.clone())
                .into_iter()
                .chain(finding.note.clone())
                .collect(),
            references: rule.references.clone(),
            fix: finding
                .replacement
                .as_ref()
                .map(|(replacement, safety)| Fix {
                    replacement: replacement.clone(),
                    span: message.file_span(finding.span.clone()),
                    safety: *safety,
                    meant: replacement.clone(),
                }),
            key: None,
        })
    }
}

impl Finding {
    fn new(rule: usize, span: Range<usize>, label: Option<String>) -> Finding {
        Finding {
            rule,
            subject: span.clone(),
            span,
            label,
            replacement: None,
            note: None,
            matched: None,
        }
    }
}

/// What one automaton pass found in a text, before asking which rules apply.
struct Scan {
    /// Whole-word keyword matches, by rule and byte range.
    keywords: Vec<(usize, Range<usize>)>,
    /// The pattern rules whose literals occur.
    patterns: Candidates,
    /// The promotional cues whose literals occur.
    promotional: Candidates,
    /// The requirement patterns whose literals occur.
    requirements: Candidates,
}

impl Checker {
    /// One pass of the term search over `text`. Keyword matches come out
    /// by start, longest first: the obfuscation check keeps the first of a
    /// rule's overlapping matches ("limited time only" over "limited time"),
    /// and the two searches of [`Terms`] report them in different orders.
    fn scan(&self, text: &str) -> Scan {
        let mut scan = Scan {
            keywords: Vec::new(),
            patterns: self.patterns.candidates(text),
            promotional: self.promotional.candidates(text),
            requirements: self.requirements.candidates(text),
        };
        // The terms are lowercased and so is the text: a case-sensitive
        // automaton builds in half the time of an ASCII case-insensitive one,
        // and ASCII lowercasing keeps every byte offset.
        let lowered = text.to_ascii_lowercase();
        self.terms.find(lowered.as_bytes(), |term, range| {
            let (rule, ending) = match self.meanings.get(term) {
                Some(Term::Keyword(rule, ending)) => (*rule, *ending),
                Some(Term::PatternLiteral(literal)) => {
                    scan.patterns.literal_found(&self.patterns, *literal);
                    return;
                }
                Some(Term::PromotionalLiteral(literal)) => {
                    scan.promotional.literal_found(&self.promotional, *literal);
                    return;
                }
                Some(Term::RequirementLiteral(literal)) => {
                    scan.requirements
                        .literal_found(&self.requirements, *literal);
                    return;
                }
                None => return,
            };
            if let Some(word_end) = whole_word(text, range.start, range.end, ending) {
                scan.keywords.push((rule, range.start..word_end));
            }
        });
        scan.keywords
            .sort_unstable_by_key(|(rule, span)| (span.start, std::cmp::Reverse(span.end), *rule));
        scan
    }
}

/// Where the word of a keyword found at `start..end` ends, when the match
/// is a whole word (with one of the endings its kind allows).
fn whole_word(text: &str, start: usize, end: usize, ending: Ending) -> Option<usize> {
    if !starts_word(text, start) {
        return None;
    }
    let rest = &text[end..];
    match ending {
        Ending::Prefix => Some(end + rest.find(|c: char| !is_word_char(c)).unwrap_or(rest.len())),
        Ending::Word | Ending::Stem => (if ending == Ending::Word {
            INFLECTIONS
        } else {
            STEM_INFLECTIONS
        })
        .iter()
        .filter(|suffix| rest.starts_with(*suffix))
        .map(|suffix| end + suffix.len())
        .chain((ending == Ending::Word).then_some(end))
        .find(|&candidate| ends_word(text, candidate)),
    }
}

/// What is known about the message being checked, computed at most once.
struct Scope<'a> {
    checker: &'a Checker,
    message: &'a Message<'a>,
    context: &'a Context,
    scan: OnceCell<Scan>,
    promotional: OnceCell<bool>,
    links: OnceCell<Vec<Link>>,
    count: OnceCell<Count>,
    normalized: OnceCell<Option<crate::normalize::Normalized>>,
    /// Whether the message is its sender's own or links only to official
    /// sites (see `except_own_site`): asked once per rule and keyword
    /// match, worked out once.
    own_site: OnceCell<bool>,
}

impl<'a> Scope<'a> {
    fn new(checker: &'a Checker, message: &'a Message<'a>, context: &'a Context) -> Scope<'a> {
        Scope {
            checker,
            message,
            context,
            scan: OnceCell::new(),
            promotional: OnceCell::new(),
            links: OnceCell::new(),
            count: OnceCell::new(),
            normalized: OnceCell::new(),
            own_site: OnceCell::new(),
        }
    }

    /// The message with placeholders blanked: what rules match against.
    fn masked(&self) -> &str {
        &self.message.masked
    }

    fn links(&self) -> &[Link] {
        self.links.get_or_init(|| find_links(self.masked()))
    }

    /// The links a reader can follow (not an e-mail address or a bare
    /// domain in prose).
    fn clickable_links(&self) -> impl Iterator<Item = &Link> {
        self.links().iter().filter(|link| link.is_clickable())
    }

    /// The masked message with obfuscation undone, when that changes it:
    /// read by the keyword pass and by the brand search alike.
    fn normalized(&self) -> Option<&crate::normalize::Normalized> {
        self.normalized
            .get_or_init(|| normalize(self.masked()))
            .as_ref()
    }

    /// The message's encoding and segments, placeholders counted at their
    /// assumed lengths.
    fn count(&self) -> &Count {
        self.count
            .get_or_init(|| encoding::count_message(self.message, &self.context.counting))
    }

    /// "UCS-2, 2 segments" for messages that cost more than one GSM-7 segment.
    fn cost_note(&self) -> Option<String> {
        let count = self.count();
        (count.encoding == Encoding::Ucs2 || count.segments > 1).then(|| describe_cost(count))
    }

    /// Characters outside GSM-7 (not in placeholders), each with its Smart
    /// Encoding replacement where there is one.
    /// GSM-7 segments of the message with every character outside GSM-7
    /// counted as one septet: what it would cost without its symbols.
    fn gsm7_segments_without_symbols(&self) -> usize {
        let pieces: Vec<encoding::Piece> =
            encoding::message_pieces(self.message, &self.context.counting)
                .map(|piece| {
                    if encoding::is_gsm_piece(piece.text) {
                        piece
                    } else {
                        encoding::Piece {
                            text: "?",
                            offset: piece.offset,
                        }
                    }
                })
                .collect();
        encoding::count_pieces(&pieces).segments
    }

    fn non_gsm(&self) -> Vec<(Range<usize>, char, Option<&'static str>)> {
        self.masked()
            .char_indices()
            .filter(|(_, c)| encoding::gsm_septets(*c).is_none())
            .map(|(offset, c)| {
                (
                    offset..offset + c.len_utf8(),
                    c,
                    encoding::smart_replacement(c),
                )
            })
            .collect()
    }

    /// Whether the rule at this index of the rule set applies.
    fn applies_at(&self, index: usize) -> bool {
        self.checker
            .rules
            .rules()
            .get(index)
            .is_some_and(|rule| self.applies(rule))
    }

    fn applies(&self, rule: &Rule) -> bool {
        let applies_to = &rule.applies_to;
        if applies_to.first_message_only && self.context.reply {
            return false;
        }
        if applies_to.except_own_site
            && *self
                .own_site
                .get_or_init(|| self.is_senders_own() || self.links_only_official())
        {
            return false;
        }
        // A rule scoped to locales needs a known locale: a French-Canadian
        // requirement must not fire on messages of no stated language.
        if !applies_to.locales.is_empty()
            && !applies_to.locale_matches(self.context.locale.as_deref().unwrap_or_default())
        {
            return false;
        }
        if matches!(rule.matcher, Matcher::Require { brand: true, .. })
            && self.context.brand.is_none()
        {
            return false;
        }
        match &self.context.use_case {
            Some(use_case) => {
                applies_to.use_cases.is_empty() || applies_to.use_cases.contains(use_case)
            }
            None => match applies_to.unknown_use_case {
                UnknownUseCase::Always => true,
                UnknownUseCase::Never => false,
                UnknownUseCase::Promotional => self.in_promotion(),
            },
        }
    }

    /// Whether the message is a promotion: its use case is a marketing
    /// one, or, with none known, it reads promotional.
    fn in_promotion(&self) -> bool {
        match &self.context.use_case {
            Some(use_case) => Context::MARKETING_USE_CASES.contains(&use_case.as_str()),
            None => *self.promotional.get_or_init(|| {
                self.checker
                    .promotional
                    .any_match(self.masked(), &self.scan().promotional)
            }),
        }
    }

    /// The keyword matches in `text` (the message, or the message with
    /// obfuscation undone) of rules that apply, by rule and byte range.
    fn applicable(&self, keywords: &[(usize, Range<usize>)]) -> Vec<(usize, Range<usize>)> {
        keywords
            .iter()
            .filter(|(rule, _)| self.applies_at(*rule))
            .cloned()
            .collect()
    }

    /// What the automaton found in the message.
    fn scan(&self) -> &Scan {
        self.scan.get_or_init(|| self.checker.scan(self.masked()))
    }

    /// Keyword matches that only show once obfuscation is undone ("v0dka",
    /// "C.B.D", a Cyrillic "а"): reported on the original text, with a note,
    /// and with `spam/obfuscated-term` beside them, since deliberate
    /// obfuscation is itself a red flag to carriers.
    fn obfuscated(&self, findings: &mut Vec<Finding>) {
        let Some(normalized) = self.normalized() else {
            return;
        };
        let keywords = self.checker.scan(&normalized.text).keywords;
        for (rule, span) in self.applicable(&keywords) {
            if self.excepted(&normalized.text, rule, &span)
                || self.ingredient(&normalized.text, rule, &span)
            {
                continue;
            }
            let original = normalized.original(&span);
            let known = findings.iter().any(|finding| {
                finding.rule == rule
                    && finding.span.start < original.end
                    && original.start < finding.span.end
            });
            if known {
                continue;
            }
            let written = self.message.text.get(original.clone()).unwrap_or_default();
            let reads = &normalized.text[span];
            let note = format!("`{written}` reads as `{reads}` once obfuscation is undone");
            let mut finding = Finding::new(rule, original.clone(), None);
            finding.note = Some(note.clone());
            findings.push(finding);
            if let Some(obfuscation) = self.checker.obfuscation_rule {
                let label = format!("`{written}` disguises `{reads}`");
                findings.push(Finding::new(obfuscation, original, Some(label)));
            }
        }
    }

    fn patterns(&self, findings: &mut Vec<Finding>) {
        let text = self.masked();
        for pattern in self.scan().patterns.iter() {
            let Some(&rule_index) = self.checker.pattern_owners.get(pattern) else {
                continue;
            };
            if !self.applies_at(rule_index) {
                continue;
            }
            if self.checker.promotion_only.get(pattern) == Some(&true) && !self.in_promotion() {
                continue;
            }
            let Some(compiled) = self.checker.patterns.regex(pattern) else {
                continue;
            };
            let mut found = |whole: Range<usize>, subject: Range<usize>| {
                if !whole.is_empty() {
                    // The report underlines the term the rule names, not
                    // the words around it that the pattern needed: a
                    // neighbour's edit then leaves the finding (and its
                    // baseline key) as it was.
                    let term = !subject.is_empty() && subject != whole;
                    findings.push(Finding {
                        rule: rule_index,
                        span: if term { subject.clone() } else { whole.clone() },
                        matched: term.then_some(whole),
                        subject,
                        label: None,
                        replacement: None,
                        note: None,
                    });
                }
            };
            // Captures cost a backtracking or PikeVM pass over each match;
            // only a pattern with a `term` group needs them.
            if self.checker.patterns.has_term(pattern) {
                for captures in compiled.captures_iter(text) {
                    let Some(whole) = captures.get(0) else {
                        continue;
                    };
                    let subject = captures.name("term").unwrap_or(whole);
                    found(whole.range(), subject.range());
                }
            } else {
                for whole in compiled.find_iter(text) {
                    found(whole.range(), whole.range());
                }
            }
        }
    }

    /// True when an exception phrase of the rule covers the subject of a
    /// match in `text`: "Middlesex" never counts as "sex", "Reply STOP" is
    /// not non-standard.
    fn excepted(&self, text: &str, rule: usize, subject: &Range<usize>) -> bool {
        let Some(entry) = self.checker.exceptions.get(rule).and_then(Option::as_ref) else {
            return false;
        };
        let (Some(exceptions), longest) = (entry.automaton(), &entry.longest) else {
            return false;
        };
        // Only a phrase around the match can cover it: search that window,
        // not the whole message, so that a long message with many matches
        // stays linear.
        let mut start = subject.end.saturating_sub(*longest);
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (subject.start + longest + 4).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        let window = text.get(start..end).unwrap_or("");
        exceptions.find_overlapping_iter(window).any(|found| {
            let found = found.start() + start..found.end() + start;
            // "root beer" also excuses "root beers".
            let end = INFLECTIONS
                .iter()
                .map(|suffix| found.end + suffix.len())
                .filter(|&end| {
                    text.get(found.end..end)
                        .is_some_and(|rest| INFLECTIONS.contains(&rest))
                })
                .chain([found.end])
                .find(|&end| ends_word(text, end));
            end.is_some_and(|end| {
                found.start <= subject.start && subject.end <= end && starts_word(text, found.start)
            })
        })
    }

    /// True when the match is an ingredient: one of the rule's dish or
    /// cooking words is among the two words before or after it, in the
    /// same phrase ("penne alla vodka", "vodka penne", "beer-battered
    /// fish"). Punctuation and a conjunction end the phrase: "vodka and
    /// wings" is a drink beside a dish. Looks at four words: linear.
    fn ingredient(&self, text: &str, rule: usize, subject: &Range<usize>) -> bool {
        let Some(words) = self.checker.ingredients.get(rule).and_then(Option::as_ref) else {
            return false;
        };
        // "happy hour pizza", "open bar", "beer flight": an occasion, not an
        // ingredient.
        let occasion = |matched: &str| {
            let matched = matched.to_lowercase();
            [
                "hour", "bar", "service", "tasting", "flight", "night", "party", "club",
            ]
            .iter()
            .any(|word| matched.split_whitespace().any(|part| part == *word))
        };
        if text.get(subject.clone()).is_none_or(occasion) {
            return false;
        }
        let before: String = {
            let head = text.get(..subject.start).unwrap_or("");
            let tail: Vec<char> = head.chars().rev().take(64).collect();
            tail.into_iter().rev().collect()
        };
        let after: String = text
            .get(subject.end..)
            .unwrap_or("")
            .chars()
            .take(64)
            .collect();
        let mut before = phrase_tokens(&before);
        before.reverse();
        [(before, true), (phrase_tokens(&after), false)]
            .iter()
            .any(|(side, is_before)| {
                let (mut apart, mut particle) = (0, false);
                for token in side {
                    let Some(word) = token else {
                        return false;
                    };
                    if CONJUNCTIONS.contains(&word.as_str()) {
                        return false;
                    }
                    // Before the drink, a dish is its ingredient's only
                    // through a particle ("penne alla vodka") or as a cooking
                    // word ("braised in wine"): "burger beer combo" is a
                    // drink beside a dish.
                    if words.contains(word) {
                        return !is_before || particle || COOKING_WORDS.contains(&word.as_str());
                    }
                    // "rabo de toro al vino": a particle between the dish and
                    // the spirit is no word apart.
                    if PARTICLES.contains(&word.as_str()) {
                        particle = true;
                    } else {
                        apart += 1;
                        if apart == 2 {
                            return false;
                        }
                    }
                }
                false
            })
    }

    fn satisfies(&self, rule_index: usize, brand: bool) -> bool {
        if brand && self.names_brand() {
            return true;
        }
        let candidates = self.scan().requirements.iter();
        self.checker.meets(rule_index, self.masked(), candidates)
    }

    /// Who signs the message: the configured brand, else the name before
    /// its first colon ("Acme Shop: ..."), else the name a "from" or "this
    /// is" introduces ("quick note from Luna Tax & Bookkeeping").
    fn signer(&self) -> Option<&str> {
        self.context.brand.as_deref().or_else(|| {
            let text = self.masked();
            crate::brands::signature(text)
                .or_else(|| crate::brands::introduced_name(text))
                .and_then(|span| text.get(span))
        })
    }

    /// The message is its sender's own: signed by a business that is not a
    /// brand of the packs (a message signed "USPS" proves nothing), with at
    /// least one link (a link placeholder counts when the configured brand
    /// signs or its name says which page it is), every written one on a
    /// site whose registrable domain holds the signer's first distinctive
    /// word ("Harbor Gym" and harborgym.example) or, configured, the
    /// brand's.
    fn is_senders_own(&self) -> bool {
        let Some(signer) = self.signer() else {
            return false;
        };
        let brands = &self.checker.brands;
        if brands
            .mentions_as_read(signer)
            .iter()
            .any(|(brand, _)| brands.signs_as(*brand, signer))
        {
            return false;
        }
        // "Parcel Service" at parcelservice.com is a lure's own site, not a
        // business's.
        let Some(word) = crate::brands::distinctive_word(signer)
            .filter(|word| !crate::brands::is_lure_topic(word))
        else {
            return false;
        };
        let mut links = self.clickable_links().peekable();
        // A link its application fills in is the business's own when the
        // business is known (its configured brand signs), or when its name
        // says which page of the application it is (`{{payment_url}}`): "ATT
        // Free Msg: a little gift for you {{url}}" proves nothing by itself.
        let placeholder = self.message.placeholders.iter().any(|placeholder| {
            placeholder.is_link() && (self.context.brand.is_some() || placeholder.names_a_route())
        });
        // A free host, a tunnel or a look-alike is nobody's own site.
        (placeholder || links.peek().is_some())
            && links.all(|link| {
                brands.deception(&link.host).is_none()
                    && crate::brands::is_own_host_of(&link.host, &word, signer)
            })
    }

    /// Every link goes to a government agency's own domain among the packs'
    /// brands ("verify your identity only at https://www.irs.gov/identity"):
    /// the real site, where no lure leads. Not a company's: paypal.me,
    /// cash.app and forms.office.com publish anyone's page. A link
    /// placeholder beside it may be anything.
    fn links_only_official(&self) -> bool {
        let brands = &self.checker.brands;
        if self.message.placeholders.iter().any(|p| p.is_link()) {
            return false;
        }
        let mut links = self.clickable_links().peekable();
        links.peek().is_some()
            && links.all(|link| {
                let government = [".gov", ".mil"]
                    .iter()
                    .any(|suffix| link.host.ends_with(suffix));
                government
                    && crate::brands::registrable_domain(&link.host)
                        .is_some_and(|registrable| brands.is_official(&registrable))
            })
    }

    /// The configured brand (or one of its other names) appears, ignoring
    /// case, spacing and the kind of apostrophe, or a placeholder fills it
    /// in.
    fn names_brand(&self) -> bool {
        let Some(brand) = &self.context.brand else {
            return false;
        };
        // "Luigi’s" is "Luigi's": quotes as typed, spacing and case aside.
        let squash = |text: &str| -> String {
            text.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
                .replace(['’', '‘', '`', '´'], "'")
                .replace(['“', '”'], "\"")
        };
        let message = squash(self.masked());
        let named = std::iter::once(brand)
            .chain(&self.context.brand_aliases)
            .map(|name| squash(name))
            .any(|name| name.is_empty() || message.contains(&name));
        if named {
            return true;
        }
        self.message.placeholders.iter().any(|placeholder| {
            placeholder.name.as_deref().is_some_and(|name| {
                let name = name.to_ascii_lowercase();
                [
                    "brand", "company", "business", "merchant", "store", "sender",
                ]
                .iter()
                .any(|word| name.contains(word))
            })
        })
    }

    /// A brand of the packs named by a message its sender is not, with a
    /// link off the brand's domains (and off the sender's own) or a number
    /// to call: the shape of parcel, toll, bank and tax smishing. Reported
    /// once per brand, on its first mention.
    fn brand_impersonation(&self, rule: usize, findings: &mut Vec<Finding>) {
        // A mention is reported for a link, a number to call or an alarm
        // about the reader's account: without any (most messages) the brand
        // names need no search.
        let brands = &self.checker.brands;
        // "U-S-P-S" and "C.H.A.S.E" are spelled out to slip past the very
        // filters this rule stands for.
        let mentions = brands.mentions_in(self.masked(), self.normalized());
        if mentions.is_empty() {
            return;
        }
        let alarm = std::cell::OnceCell::new();
        let alarm = || {
            alarm
                .get_or_init(|| crate::brands::account_alarm(self.masked()))
                .clone()
        };
        let sender = self.context.brand.as_deref();
        // The configured brand or the name before the first colon: a name
        // met later in the text ("a parcel from Harbor Express") is not who
        // sends it.
        let signature = sender
            .or_else(|| crate::brands::signature(self.masked()).map(|span| &self.masked()[span]));
        let first_word =
            |name: &str| crate::brands::squash(name.split_whitespace().next().unwrap_or_default());
        // The organisations the message names, for the links to their
        // sites: worked out once, on the first link that needs them.
        let names = std::cell::OnceCell::new();
        let site_names = || names.get_or_init(|| brands.site_names(self.masked()));
        let mut reported = Vec::new();
        for (brand, span) in mentions {
            let (name, payment) = brands
                .get(brand)
                .map_or(("", false), |brand| (brand.name.as_str(), brand.payment));
            if reported.contains(&brand)
                || sender.is_some_and(|sender| brands.is_sender(brand, sender))
                || (payment && accepted_payment(self.masked(), span.start))
            {
                continue;
            }
            // A link to the signer's own site ("acme.com" for Acme) is how a
            // shop says a parcel is on its way with a carrier; a message
            // signed "USPS" owns no site by that.
            let own = signature
                .filter(|signer| !brands.signs_as(brand, signer))
                .map(first_word)
                .filter(|word| word.len() >= 3);
            // A sender introduced near the start ("Hi Ana, this is FileEasy")
            // owns a site only by the stricter test (no lure word, no
            // throw-away domain).
            let introduced = crate::brands::introduced_name(self.masked())
                .and_then(|span| self.masked().get(span))
                .filter(|name| brands.mentions_as_read(name).is_empty())
                .and_then(crate::brands::distinctive_word);
            let foreign_link = self.clickable_links().find(|link| {
                !brands.owns(brand, &link.host)
                    && !brands.is_tracking_host(&link.host)
                    && !own.as_deref().is_some_and(|own| link.host.contains(own))
                    && !introduced
                        .as_deref()
                        .is_some_and(|word| crate::brands::is_own_host(&link.host, word))
                    && !crate::brands::Brands::names_site_of(site_names(), &link.host)
            });
            // A number to call in a message a business signs is its own.
            let signed_by_business = signature.is_some_and(|signer| {
                !brands.signs_as(brand, signer)
                    && brands.mentions_as_read(signer).is_empty()
                    && crate::brands::distinctive_word(signer).is_some()
            });
            let label = match foreign_link {
                Some(link) => format!("names {name}, but links to `{}`", link.host),
                None if self.names_brand() || signed_by_business => continue,
                None => match crate::links::PHONE_NUMBER.find(self.masked()) {
                    Some(number) => format!("names {name} and gives `{}` to call", number.as_str()),
                    // The brand's account in alarm, from someone else: the
                    // lure needs no link of its own ("your Amazon account
                    // has been locked, update your billing"). A sender
                    // introduced by name ("this is Harbor Realty") signs it
                    // as a colon does.
                    None if introduced.is_some() => continue,
                    None => match alarm().and_then(|range| self.masked().get(range)) {
                        Some(alarm) => format!("names {name} and says `{alarm}`"),
                        None => continue,
                    },
                },
            };
            reported.push(brand);
            findings.push(Finding::new(rule, span, Some(label)));
        }
    }

    fn metric(&self, rule: usize, metric: &Metric, findings: &mut Vec<Finding>) {
        let text = self.masked();
        let whole = 0..self.message.text.len();
        match metric {
            Metric::CapsRatio { min, min_letters } => {
                let (mut letters, mut capitals) = (0usize, 0usize);
                for c in text.chars().filter(|c| c.is_alphabetic()) {
                    letters += 1;
                    capitals += usize::from(c.is_uppercase());
                }
                let ratio = capitals as f64 / letters.max(1) as f64;
                if letters >= *min_letters && ratio >= *min {
                    let label = format!("{:.0}% of letters are capitals", ratio * 100.0);
                    findings.push(Finding::new(rule, whole, Some(label)));
                }
            }
            Metric::CharRun { chars, min } => {
                let mut run: Option<(usize, usize)> = None;
                let close = |run: (usize, usize), end: usize, findings: &mut Vec<Finding>| {
                    if run.1 >= *min {
                        findings.push(Finding::new(rule, run.0..end, None));
                    }
                };
                for (offset, c) in text.char_indices() {
                    if chars.contains(c) {
                        let (start, length) = run.unwrap_or((offset, 0));
                        run = Some((start, length + 1));
                    } else if let Some(ended) = run.take() {
                        close(ended, offset, findings);
                    }
                }
                if let Some(ended) = run {
                    close(ended, text.len(), findings);
                }
            }
            Metric::LinkCount { min } => {
                let count = self.clickable_links().count();
                if count >= *min {
                    findings.push(Finding::new(rule, whole, Some(format!("{count} links"))));
                }
            }
            Metric::EmojiCount { min } => {
                // Emoji are past ASCII, where most messages never go.
                let count = if text.is_ascii() {
                    0
                } else {
                    text.chars().filter(|&c| is_emoji(c)).count()
                };
                if count >= *min {
                    findings.push(Finding::new(rule, whole, Some(format!("{count} emoji"))));
                }
            }
            Metric::Length { min } => {
                let count = self.count();
                if count.unicode_scalars >= *min {
                    let label = format!("{} characters", count.unicode_scalars);
                    findings.push(Finding::new(rule, whole, Some(label)));
                }
            }
            Metric::Segments => {
                let count = self.count();
                let limit = self.context.counting.max_segments;
                if count.segments > limit {
                    let label = format!("{}; the limit is {limit}", describe_cost(count));
                    findings.push(Finding::new(rule, whole, Some(label)));
                }
            }
            Metric::DeceptiveLink => {
                for link in self.clickable_links() {
                    if let Some(why) = self.checker.brands.deception(&link.host) {
                        findings.push(Finding::new(rule, link.span.clone(), Some(why)));
                    }
                }
            }
            Metric::ShortenerShapedLink => {
                // A listed shortener is `spam/public-url-shortener`'s to report.
                let listed = |link: &Link| {
                    self.checker.rules.rules().iter().any(|rule| {
                        matches!(&rule.matcher, Matcher::Hosts { domains }
                            if link.is_on(domains))
                    })
                };
                for link in self.clickable_links().filter(|link| !listed(link)) {
                    let address = self.masked().get(link.span.clone()).unwrap_or_default();
                    if let Some(why) = self.checker.brands.shortener_shape(&link.host, address) {
                        findings.push(Finding::new(rule, link.span.clone(), Some(why)));
                    }
                }
            }
            Metric::BrandImpersonation => self.brand_impersonation(rule, findings),
            Metric::OptInConfirmation => {
                let text = self.masked();
                let Some(confirms) = crate::optin::CONFIRMS_OPT_IN.find(text) else {
                    return;
                };
                let mut missing = crate::optin::missing(text);
                // The text must name the programme: a configured brand it
                // does not name is no name.
                let signed = crate::brands::signature(text).is_some()
                    || crate::brands::introduced_name(text).is_some();
                if !signed && !self.names_brand() {
                    missing.insert(0, "the programme's name");
                }
                if !missing.is_empty() {
                    let label = format!("missing {}", missing.join(", "));
                    findings.push(Finding::new(rule, confirms.range(), Some(label)));
                }
            }
            Metric::Ucs2Forced | Metric::NonGsmScript | Metric::Ucs2Symbol => {
                self.encoding_metric(rule, metric, findings);
            }
        }
    }

    /// What each character that forces UCS-2 costs, by kind: one with a
    /// Smart Encoding replacement (`encoding/ucs2-forced`, a safe fix); an
    /// accented letter or an emoji that costs segments (`ucs2-forced`, an
    /// unsafe fix: the plain letter, or nothing); a symbol with no GSM-7
    /// form (`encoding/ucs2-symbol`); and, once, a script that needs UCS-2
    /// or characters that cost nothing here (`encoding/non-gsm-script`,
    /// naming the first). Labels give the cost against the GSM-7 message
    /// with every reported character replaced.
    fn encoding_metric(&self, rule: usize, metric: &Metric, findings: &mut Vec<Finding>) {
        let count = self.count();
        if count.encoding == Encoding::Gsm7 {
            return;
        }
        let non_gsm = self.non_gsm();
        let gsm = self.gsm7_segments_without_symbols();
        let saves = gsm < count.segments;
        // Letters, emoji and the joiners, selectors and skin tones that make
        // up an emoji (❤️ is U+2764 and U+FE0F): none of them a symbol.
        let chosen = |c: char| {
            c.is_alphabetic()
                || is_emoji(c)
                || matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{200D}' | '\u{20E3}' | '\u{1F3FB}'..='\u{1F3FF}')
        };
        // Letters of a script GSM-7 cannot write: UCS-2 is the language's.
        let script = non_gsm.iter().any(|(_, c, replacement)| {
            replacement.is_none() && c.is_alphabetic() && encoding::plain_letter(*c).is_none()
        });
        let gsm_cost = format!("{gsm} GSM-7 segment{}", if gsm == 1 { "" } else { "s" });
        let once = if non_gsm.len() > 1 {
            "once it and the other characters reported here are replaced"
        } else {
            "once it is replaced"
        };
        let name = |c: char| format!("`{c}` (U+{:04X})", c as u32);
        // A letter or emoji no fix is offered for (it costs nothing here)
        // keeps the message UCS-2 whatever else is replaced: the Smart
        // Encoding fixes would promise what they cannot give.
        let unfixed = !saves
            && non_gsm
                .iter()
                .any(|(_, c, replacement)| replacement.is_none() && chosen(*c));
        match metric {
            Metric::Ucs2Forced if !script && !unfixed => {
                for (span, c, replacement) in &non_gsm {
                    let (label, fix) = match replacement {
                        Some(replacement) => (
                            format!("{} forces UCS-2: use {replacement:?}", name(*c)),
                            ((*replacement).to_owned(), FixSafety::Safe),
                        ),
                        None if saves && chosen(*c) => (
                            format!(
                                "{} has no GSM-7 form: {}; {gsm_cost} {once}",
                                name(*c),
                                describe_cost(count)
                            ),
                            (
                                encoding::plain_letter(*c).unwrap_or_default().to_owned(),
                                FixSafety::Unsafe,
                            ),
                        ),
                        None => continue,
                    };
                    let mut finding = Finding::new(rule, span.clone(), Some(label));
                    finding.replacement = Some(fix);
                    findings.push(finding);
                }
            }
            Metric::Ucs2Symbol if !script => {
                for (span, c, replacement) in &non_gsm {
                    if replacement.is_some() || chosen(*c) {
                        continue;
                    }
                    let label = format!(
                        "{} has no GSM-7 form: {}; {gsm_cost} {once}",
                        name(*c),
                        describe_cost(count)
                    );
                    let mut finding = Finding::new(rule, span.clone(), Some(label));
                    finding.replacement = encoding::symbol_in_words(*c)
                        .map(|words| (words.to_owned(), FixSafety::Unsafe));
                    findings.push(finding);
                }
            }
            Metric::NonGsmScript if script || !saves => {
                let mut needing = non_gsm
                    .iter()
                    .filter(|(_, c, replacement)| replacement.is_none() && chosen(*c));
                if let Some((span, c, _)) = needing.next() {
                    let more = needing.count();
                    let label = format!(
                        "{} needs UCS-2: {}{}",
                        name(*c),
                        describe_cost(count),
                        if more > 0 {
                            format!(
                                "; {} like it",
                                crate::diagnostic::counted(more, "more character")
                            )
                        } else if script {
                            String::new()
                        } else {
                            ", no more than GSM-7 would cost here".to_owned()
                        }
                    );
                    findings.push(Finding::new(rule, span.clone(), Some(label)));
                }
            }
            _ => {}
        }
    }
}

/// "UCS-2, 2 segments (134 UTF-16 code units)".
pub fn describe_cost(count: &Count) -> String {
    let units = match count.encoding {
        Encoding::Gsm7 => "septets",
        Encoding::Ucs2 => "UTF-16 code units",
    };
    format!(
        "{}, {} segment{} ({} {units})",
        count.encoding,
        count.segments,
        if count.segments == 1 { "" } else { "s" },
        count.units
    )
}

/// Keeps, for each rule, only matches that do not overlap an earlier (or,
/// at the same start, longer) match of the same rule: "gun show" swallows
/// "gun", and one phrase is reported once however many terms it matches.
fn drop_overlapping(findings: &mut Vec<Finding>) {
    findings.sort_by(|a, b| {
        (a.rule, a.span.start, std::cmp::Reverse(a.span.end)).cmp(&(
            b.rule,
            b.span.start,
            std::cmp::Reverse(b.span.end),
        ))
    });
    let mut kept: Vec<Finding> = Vec::with_capacity(findings.len());
    for finding in findings.drain(..) {
        let overlaps = kept.last().is_some_and(|last| {
            last.rule == finding.rule && finding.span.start < last.span.end.max(last.span.start + 1)
        });
        if !overlaps {
            kept.push(finding);
        }
    }
    *findings = kept;
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn starts_word(text: &str, start: usize) -> bool {
    !text[..start].chars().next_back().is_some_and(is_word_char)
}

fn ends_word(text: &str, end: usize) -> bool {
    !text[end..].chars().next().is_some_and(is_word_char)
}

/// A rule's exception phrases, searched with an automaton built on the
/// first match that needs it: most runs reach few rules, and building every
/// rule's automaton was a tenth of a small file's start-up.
struct Exceptions {
    phrases: Vec<String>,
    /// The longest phrase, in bytes: how far from a match one can start.
    longest: usize,
    automaton: std::sync::OnceLock<Option<AhoCorasick>>,
}

impl Exceptions {
    fn new(phrases: &[String]) -> Exceptions {
        Exceptions {
            phrases: phrases.to_vec(),
            longest: phrases.iter().map(String::len).max().unwrap_or(0),
            automaton: std::sync::OnceLock::new(),
        }
    }

    /// `None` only if the automaton cannot be built, which a few phrases
    /// never hit (the builder fails on sizes beyond any rule's).
    fn automaton(&self) -> Option<&AhoCorasick> {
        self.automaton
            .get_or_init(|| {
                AhoCorasickBuilder::new()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::Standard)
                    .build(&self.phrases)
                    .ok()
            })
            .as_ref()
    }
}
