//! Stage 4: keep the diagnostics of the rules selected for a file, at the
//! severity its config gives them.

use crate::config::Settings;
use crate::diagnostic::{order, Diagnostic};
use crate::rules::RuleSet;

/// Drops diagnostics of rules the settings do not select and applies
/// `rules.severity`. A rule the set does not know (which only smslint's own
/// `input/*` diagnostics could be) is always kept: bad input never passes
/// silently.
pub fn apply(diagnostics: &mut Vec<Diagnostic>, settings: &Settings, rules: &RuleSet) {
    diagnostics.retain_mut(|diagnostic| match rules.get(&diagnostic.rule) {
        Some(rule) if diagnostic.category() != "input" => {
            diagnostic.severity = settings.severity(&rule.id, diagnostic.severity);
            settings.enabled(rule)
        }
        _ => true,
    });
}

/// [`apply`], then puts what is left in report order.
pub fn apply_and_order(diagnostics: &mut Vec<Diagnostic>, settings: &Settings, rules: &RuleSet) {
    apply(diagnostics, settings, rules);
    order(diagnostics);
}
