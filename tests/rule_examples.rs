//! The one generic rule test: every `examples.bad` of every built-in rule must
//! fire that rule, and every `examples.good` must not. Adding a rule means
//! adding YAML, not test code.

use smslint::check::Checker;
use smslint::rules::{Example, Matcher, RuleSet};
use smslint::source::message_at;

fn fires(checker: &Checker, rule_id: &str, example: &Example) -> bool {
    let message = message_at(0, &example.text);
    checker
        .check(&message, &example.context.resolve())
        .iter()
        .any(|diagnostic| diagnostic.rule == rule_id)
}

#[test]
fn every_rule_example_behaves_as_documented() {
    let checker = Checker::new(RuleSet::builtin().expect("built-in rules load")).unwrap();
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
        for example in &rule.examples.bad {
            checked += 1;
            if !fires(&checker, &rule.id, example) {
                failures.push(format!(
                    "{}: bad example did not fire: {:?}",
                    rule.id, example.text
                ));
            }
        }
        for example in &rule.examples.good {
            checked += 1;
            if fires(&checker, &rule.id, example) {
                failures.push(format!(
                    "{}: good example fired: {:?}",
                    rule.id, example.text
                ));
            }
        }
    }
    assert!(checked > 60, "only {checked} examples were checked");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
