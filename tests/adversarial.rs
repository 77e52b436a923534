//! The adversarial set (fixtures/adversarial.jsonl): obfuscated terms that
//! must be seen through, and ordinary messages full of near-miss words that
//! must not fire; and the legitimate look-alikes of today's scam lures
//! (fixtures/hunt/lookalikes.jsonl), which must stay clean. Each line names
//! the rules (or categories) it expects and those it forbids; every
//! reported span must slice the message on character boundaries. A
//! look-alike marked `"known"` is a false alarm not yet fixed, with why: it
//! must still raise one, so that a fix removes the mark.

use serde_json::Value;
use smslint::check::Checker;
use smslint::context::ContextLayer;
use smslint::rules::RuleSet;
use smslint::source::message_at;

fn matches(rule: &str, wanted: &str) -> bool {
    rule == wanted || (!wanted.contains('/') && rule.split('/').next() == Some(wanted))
}

#[test]
fn the_adversarial_set_behaves_as_labelled() {
    behaves_as_labelled("fixtures/adversarial.jsonl", 100);
}

#[test]
fn the_lure_look_alikes_stay_clean() {
    behaves_as_labelled("fixtures/hunt/lookalikes.jsonl", 200);
}

/// Asserts every case of the file behaves as labelled, and that it holds
/// at least `at_least` cases.
fn behaves_as_labelled(relative: &str, at_least: usize) {
    let (cases, failures) = run(relative);
    assert!(cases >= at_least, "only {cases} cases");
    assert!(
        failures.is_empty(),
        "{} of {cases} cases fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Lints every case of a JSONL file: how many, and the failures.
fn run(relative: &str) -> (usize, Vec<String>) {
    let checker = Checker::new(RuleSet::builtin().unwrap());
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    let mut failures = Vec::new();
    let mut cases = 0;
    for line in std::fs::read_to_string(path).unwrap().lines() {
        let case: Value = serde_json::from_str(line).unwrap();
        let text = case["text"].as_str().unwrap();
        let context = ContextLayer {
            use_case: case["use_case"].as_str().map(str::to_owned),
            brand: case["brand"].as_str().map(str::to_owned),
            locale: case["locale"].as_str().map(str::to_owned),
            ..ContextLayer::default()
        }
        .resolve();
        let message = message_at(0, text);
        let found = checker.check(&message, &context);
        for diagnostic in &found {
            let span = diagnostic.span.clone();
            assert!(
                text.is_char_boundary(span.start)
                    && text.is_char_boundary(span.end)
                    && span.end <= text.len(),
                "{text:?}: {} span {span:?} is not on character boundaries",
                diagnostic.rule
            );
        }
        let rules: Vec<&str> = found.iter().map(|d| d.rule.as_str()).collect();
        let list = |key: &str| -> Vec<String> {
            case[key]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap().to_owned())
                .collect()
        };
        let missing: Vec<String> = list("expect")
            .into_iter()
            .filter(|w| !rules.iter().any(|r| matches(r, w)))
            .collect();
        let unwanted: Vec<String> = list("forbid")
            .into_iter()
            .filter(|w| rules.iter().any(|r| matches(r, w)))
            .collect();
        let known = case["known"].as_str();
        if known.is_some() && missing.is_empty() && unwanted.is_empty() {
            failures.push(format!(
                "{text:?}: marked known ({}) but clean now: remove the mark",
                known.unwrap_or_default()
            ));
        } else if known.is_none() && (!missing.is_empty() || !unwanted.is_empty()) {
            failures.push(format!(
                "{text:?}: missing {missing:?}, unwanted {unwanted:?}, got {rules:?}"
            ));
        }
        cases += 1;
    }
    (cases, failures)
}
