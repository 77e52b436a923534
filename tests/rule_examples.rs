//! The one generic rule test: every `examples.bad` of every built-in rule must
//! fire that rule, and every `examples.good` must not. Adding a rule means
//! adding YAML, not test code.

use smslint::check::Checker;
use smslint::rules::{Matcher, RuleSet};

#[test]
fn every_rule_example_behaves_as_documented() {
    let checker = Checker::new(RuleSet::builtin().expect("built-in rules load"));
    let mut failures = Vec::new();
    let mut checked = 0;
    for rule in checker.rules().rules() {
        if matches!(rule.matcher, Matcher::Builtin) {
            continue;
        }
        if rule.examples.bad.is_empty() || rule.examples.good.is_empty() {
            failures.push(format!(
                "{}: needs at least one bad and one good example",
                rule.id
            ));
        }
        checked += rule.examples.bad.len() + rule.examples.good.len();
        failures.extend(
            checker
                .example_failures(rule)
                .into_iter()
                .map(|failure| format!("{}: {failure}", rule.id)),
        );
    }
    assert!(checked > 60, "only {checked} examples were checked");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Advice names the user's brand, not an invented one: no rule's message,
/// label or help carries a business that its examples sign as or set as their
/// brand ("Acme Dental"); `{brand}` stands where a brand belongs.
#[test]
fn no_rule_text_names_an_example_brand() {
    let rules = RuleSet::builtin().expect("built-in rules load");
    let mut example_brands = std::collections::BTreeSet::new();
    for rule in rules.rules() {
        for example in rule.examples.bad.iter().chain(&rule.examples.good) {
            example_brands.extend(example.context.brand.clone());
            if let Some(span) = smslint::brands::signature(&example.text) {
                let first_word = example.text[span].split_whitespace().next().unwrap_or("");
                if first_word.len() >= 4 && first_word.chars().all(char::is_alphabetic) {
                    example_brands.insert(first_word.to_owned());
                }
            }
        }
    }
    assert!(example_brands.contains("Acme Sleep"), "{example_brands:?}");
    let mut failures = Vec::new();
    for rule in rules.rules() {
        let texts = [Some(&rule.message), rule.label.as_ref(), rule.help.as_ref()];
        for text in texts.into_iter().flatten() {
            for brand in &example_brands {
                let first = brand.split_whitespace().next().unwrap_or(brand);
                if first.len() >= 4 && text.contains(first) && first != "Reply" {
                    failures.push(format!("{}: `{text}` names `{first}`", rule.id));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
