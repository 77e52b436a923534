//! The API a sending service embeds: build a [`Linter`] once, then check
//! each outgoing message before it is sent.
//!
//! ```
//! use smslint::{Linter, LinterConfig, Message};
//!
//! let linter = Linter::new(LinterConfig::default()).expect("the built-in rules load");
//! let message = Message::new("Acme: 20% off v0dka tonight!").use_case("MARKETING");
//! let diagnostics = linter.check_message(&message);
//! let rules: Vec<&str> = diagnostics.iter().map(|d| d.rule.as_str()).collect();
//! assert!(rules.contains(&"shaft/alcohol"));
//! assert!(rules.contains(&"opt-out/missing"));
//! // Spans are byte ranges into the body.
//! let alcohol = diagnostics.iter().find(|d| d.rule == "shaft/alcohol").unwrap();
//! assert_eq!(&message.body[alcohol.span.clone()], "v0dka");
//! ```

use std::path::PathBuf;

use crate::check::Checker;
use crate::config::{RuleLayer, Settings};
use crate::context::{parse_locale, parse_use_case, Context};
use crate::diagnostic::input;
use crate::diagnostic::Diagnostic;
use crate::error::SetupError;
use crate::rules::{Origin, RuleSet};
use crate::source::{message_at, rendered_at};
use crate::suppress;

/// How a [`Linter`] is set up.
#[derive(Clone, Debug, Default)]
pub struct LinterConfig {
    /// Which rules run and at what severity (`select`, `ignore`, `severity`).
    pub rules: RuleLayer,
    /// Rule files in the format of `rules/`, added to the built-in packs.
    pub extend: Vec<PathBuf>,
    /// The context of messages that do not state their own.
    pub context: Context,
}

/// One message to check, with its context.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Message {
    pub body: String,
    pub use_case: Option<String>,
    pub brand: Option<String>,
    pub locale: Option<String>,
}

impl Message {
    pub fn new(body: impl Into<String>) -> Message {
        Message {
            body: body.into(),
            ..Message::default()
        }
    }

    /// A Twilio A2P use-case code (`MARKETING`, `2FA`, ...).
    pub fn use_case(mut self, code: impl Into<String>) -> Message {
        self.use_case = Some(code.into());
        self
    }

    pub fn brand(mut self, brand: impl Into<String>) -> Message {
        self.brand = Some(brand.into());
        self
    }

    pub fn locale(mut self, locale: impl Into<String>) -> Message {
        self.locale = Some(locale.into());
        self
    }
}

/// Compiled rules and settings; cheap to share between threads.
pub struct Linter {
    checker: Checker,
    settings: Settings,
}

impl Linter {
    /// Loads and compiles the rules. Errors point into the rule files.
    pub fn new(config: LinterConfig) -> Result<Linter, Vec<SetupError>> {
        let rules = RuleSet::load(&config.extend)?;
        let unknown: Vec<SetupError> = config
            .rules
            .select
            .iter()
            .flatten()
            .chain(&config.rules.ignore)
            .filter(|selector| *selector != "all" && !rules.selector_exists(selector))
            .map(|selector| {
                SetupError::usage(crate::config::unknown_selector_message(selector, &rules))
            })
            .collect();
        if !unknown.is_empty() {
            return Err(unknown);
        }
        let custom_rules = rules
            .rules()
            .iter()
            .filter_map(|rule| match &rule.origin {
                Origin::File(path) => Some(path.clone()),
                Origin::Builtin => None,
            })
            .collect();
        let checker = Checker::new(rules);
        Ok(Linter {
            checker,
            settings: Settings {
                context: config.context,
                rules: config.rules,
                custom_rules,
                ..Settings::default()
            },
        })
    }

    /// The diagnostics of one message, sorted by position; spans are byte
    /// ranges into `message.body`.
    /// The body is a template: `{name}`, `%s` and the like are
    /// placeholders (see [`Linter::check_rendered`] for a message as sent).
    /// A use case or locale smslint does not know is an
    /// `input/invalid-context` error first; the body is checked without it.
    pub fn check_message(&self, message: &Message) -> Vec<Diagnostic> {
        self.check_with(message, false)
    }

    /// [`Linter::check_message`] for a message as it will be sent (the
    /// pre-send gate): nothing in the body is a placeholder, so `{`, `%`
    /// and `[` count as written, as Twilio counts them.
    pub fn check_rendered(&self, message: &Message) -> Vec<Diagnostic> {
        self.check_with(message, true)
    }

    fn check_with(&self, message: &Message, rendered: bool) -> Vec<Diagnostic> {
        let mut context = self.settings.context.clone();
        context.rendered |= rendered;
        let mut invalid = Vec::new();
        if let Some(use_case) = message.use_case.as_deref() {
            match parse_use_case(use_case) {
                Ok(code) => context.use_case = Some(code),
                Err(why) => invalid.push(format!("use_case: {why}")),
            }
        }
        if let Some(brand) = &message.brand {
            context.brand = Some(brand.clone());
        }
        if let Some(locale) = &message.locale {
            match parse_locale(locale) {
                Ok(tag) => context.locale = Some(tag),
                Err(why) => invalid.push(format!("locale: {why}")),
            }
        }
        let mut diagnostics: Vec<Diagnostic> = invalid
            .into_iter()
            .map(|why| {
                self.checker
                    .emit(input::INVALID_CONTEXT, 0..0, Some(why), None)
            })
            .collect();
        diagnostics.extend(self.check_in(&message.body, &context));
        diagnostics
    }

    /// The diagnostics of a text in an explicit context; the text is taken
    /// as sent when `context.rendered` is set.
    pub fn check_in(&self, body: &str, context: &Context) -> Vec<Diagnostic> {
        let message = if context.rendered {
            rendered_at(0, body)
        } else {
            message_at(0, body)
        };
        let mut diagnostics = self.checker.check(&message, context);
        suppress::apply_and_order(&mut diagnostics, &self.settings, self.checker.rules());
        diagnostics
    }

    /// The context of messages that state none: the config's, under the
    /// command line's.
    pub fn context(&self) -> &Context {
        &self.settings.context
    }

    /// A diagnostic of a rule smslint raises itself (`builtin: true`), with
    /// the rule's severity, help and note (see [`Checker::emit`]).
    pub fn emit(&self, rule_id: &str, span: std::ops::Range<usize>, label: String) -> Diagnostic {
        self.checker.emit(rule_id, span, None, Some(label))
    }

    /// Applies the config's rule selection and severities to diagnostics
    /// raised with [`Linter::emit`], and orders them.
    pub fn select(&self, diagnostics: &mut Vec<Diagnostic>) {
        suppress::apply_and_order(diagnostics, &self.settings, self.checker.rules());
    }

    /// The rules, to hand to a report ([`crate::lint::Outcome::rules`]).
    pub fn shared_rules(&self) -> std::sync::Arc<RuleSet> {
        self.checker.shared_rules()
    }

    pub fn rules(&self) -> &RuleSet {
        self.checker.rules()
    }
}
