//! Measures smslint on a labelled corpus: every message of a TSV file
//! (`label<TAB>text`, labels `ham` and `spam`) is linted as a template with
//! no config and no use case, and a table shows what fired on each side.
//!
//!     cargo run --release --example eval -- fixtures/corpus/SMSSpamCollection.tsv
//!
//! Spam recall counts spam with at least one `spam`, `phishing`, `restricted`
//! or `shaft` diagnostic; the ham false-alarm rate counts ham with at least
//! one `spam`, `phishing` or `restricted` diagnostic. `--misses N` and
//! `--false-alarms N` print that many examples of each, for study.

use std::collections::{BTreeMap, BTreeSet};
use std::process::ExitCode;

use smslint::check::Checker;
use smslint::context::Context;
use smslint::read::template::messages;
use smslint::rules::RuleSet;

const SPAM_CATEGORIES: &[&str] = &["spam", "phishing", "restricted", "shaft"];
const ALARM_CATEGORIES: &[&str] = &["spam", "phishing", "restricted"];

#[derive(Default)]
pub struct Side {
    messages: usize,
    flagged: usize,
    by_category: BTreeMap<String, usize>,
    by_rule: BTreeMap<String, usize>,
    examples: Vec<String>,
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut path = None;
    let (mut show_misses, mut show_alarms) = (0, 0);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--misses" => show_misses = args.next().and_then(|n| n.parse().ok()).unwrap_or(20),
            "--false-alarms" => {
                show_alarms = args.next().and_then(|n| n.parse().ok()).unwrap_or(20)
            }
            _ => path = Some(arg),
        }
    }
    let Some(path) = path else {
        eprintln!("usage: eval CORPUS.tsv [--misses N] [--false-alarms N]");
        return ExitCode::from(2);
    };
    let corpus = match std::fs::read_to_string(&path) {
        Ok(corpus) => corpus,
        Err(error) => {
            eprintln!("{path}: {error}");
            return ExitCode::from(2);
        }
    };
    let checker = match RuleSet::builtin()
        .map_err(|errors| errors[0].to_string())
        .and_then(|rules| Checker::new(rules).map_err(|error| error.to_string()))
    {
        Ok(checker) => checker,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(2);
        }
    };
    let (spam, ham) = evaluate(&checker, &corpus);
    println!("corpus: {path}");
    println!(
        "{} spam, {} ham; no config, no use case\n",
        spam.messages, ham.messages
    );
    print!("{}", table(&spam, &ham));
    for (title, side) in [("spam", &spam), ("ham", &ham)] {
        println!("\nmost frequent rules on {title}:");
        let mut rules: Vec<_> = side.by_rule.iter().collect();
        rules.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (rule, count) in rules.into_iter().take(20) {
            println!("  {count:>5}  {rule}");
        }
    }
    for (title, side, count) in [
        ("missed spam", &spam, show_misses),
        ("ham false alarms", &ham, show_alarms),
    ] {
        if count > 0 {
            println!("\n{title}:");
            for example in side.examples.iter().take(count) {
                println!("  {example}");
            }
        }
    }
    ExitCode::SUCCESS
}

/// Lints every `label<TAB>text` line of `corpus`: (spam, ham).
pub fn evaluate(checker: &Checker, corpus: &str) -> (Side, Side) {
    let context = Context::default();
    let (mut ham, mut spam) = (Side::default(), Side::default());
    for line in corpus.lines() {
        let Some((label, text)) = line.split_once('\t') else {
            continue;
        };
        let (side, wanted) = match label.trim() {
            "ham" => (&mut ham, ALARM_CATEGORIES),
            "spam" | "smishing" => (&mut spam, SPAM_CATEGORIES),
            _ => continue,
        };
        side.messages += 1;
        let found: Vec<_> = messages(text)
            .iter()
            .flat_map(|message| checker.check(message, &context))
            .collect();
        let categories: BTreeSet<String> = found.iter().map(|d| d.category().to_owned()).collect();
        for category in &categories {
            *side.by_category.entry(category.clone()).or_default() += 1;
        }
        let rules: BTreeSet<&str> = found.iter().map(|d| d.rule.as_str()).collect();
        for rule in &rules {
            *side.by_rule.entry((*rule).to_owned()).or_default() += 1;
        }
        let hit = categories
            .iter()
            .any(|category| wanted.contains(&category.as_str()));
        side.flagged += usize::from(hit);
        let is_spam = wanted == SPAM_CATEGORIES;
        if is_spam && !hit || !is_spam && hit {
            let rules: Vec<&str> = rules
                .iter()
                .copied()
                .filter(|rule| wanted.iter().any(|c| rule.starts_with(c)))
                .collect();
            side.examples
                .push(format!("{text}    [{}]", rules.join(", ")));
        }
    }
    (spam, ham)
}

/// The table the README shows: messages flagged per category on each side,
/// then spam recall and the ham false-alarm rate.
pub fn table(spam: &Side, ham: &Side) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<12} {:>16} {:>16}",
        "category", "spam flagged", "ham flagged"
    );
    let categories: BTreeSet<&String> = spam
        .by_category
        .keys()
        .chain(ham.by_category.keys())
        .collect();
    for category in categories {
        let count = |side: &Side| side.by_category.get(category).copied().unwrap_or(0);
        let _ = writeln!(out, "{category:<12} {:>16} {:>16}", count(spam), count(ham));
    }
    let recall = spam.flagged as f64 / spam.messages.max(1) as f64;
    let false_alarms = ham.flagged as f64 / ham.messages.max(1) as f64;
    let _ = writeln!(
        out,
        "\nspam recall      {:6.1}%  ({}/{}; spam, phishing, restricted or shaft)",
        100.0 * recall,
        spam.flagged,
        spam.messages
    );
    let _ = writeln!(
        out,
        "ham false alarms {:6.2}%  ({}/{}; spam, phishing or restricted)",
        100.0 * false_alarms,
        ham.flagged,
        ham.messages
    );
    out
}
