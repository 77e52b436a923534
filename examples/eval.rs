//! Measures smslint on labelled corpora, side by side: every message is
//! linted as a template with no config, and a table shows, per corpus, how
//! many spam and ham messages each rule category flagged.
//!
//!     cargo run --release --example eval -- fixtures/corpus/SMSSpamCollection.tsv fixtures/adversarial.jsonl
//!
//! A corpus is a TSV file (`label<TAB>text`, labels `ham`, `spam` or
//! `smishing`), or a JSONL file of cases as `fixtures/adversarial.jsonl`
//! writes them (`{"text", "expect": [rules], "forbid": [...], "use_case"?,
//! "brand"?, "locale"?}`): a case that expects a `spam`, `phishing`,
//! `restricted` or `shaft` rule is spam, a case that expects nothing is
//! ham, and each is linted in its own context.
//!
//! Spam recall counts spam with at least one `spam`, `phishing`,
//! `restricted` or `shaft` diagnostic; the ham false-alarm rate counts ham
//! with at least one `spam`, `phishing` or `restricted` diagnostic.
//! `--misses N` and `--false-alarms N` print that many examples of each,
//! for study.

use std::collections::{BTreeMap, BTreeSet};
use std::process::ExitCode;

use smslint::check::Checker;
use smslint::context::{Context, ContextLayer};
use smslint::read::template::messages;
use smslint::rules::RuleSet;

const SPAM_CATEGORIES: &[&str] = &["spam", "phishing", "restricted", "shaft"];
const ALARM_CATEGORIES: &[&str] = &["spam", "phishing", "restricted"];

/// What one side (spam or ham) of a corpus gave.
#[derive(Default)]
pub struct Side {
    messages: usize,
    flagged: usize,
    by_category: BTreeMap<String, usize>,
    by_rule: BTreeMap<String, usize>,
    examples: Vec<String>,
}

/// One labelled message and the context it is linted in.
pub struct Labelled {
    spam: bool,
    text: String,
    context: Context,
}

/// The labelled messages of a corpus file, by its extension (see the
/// module docs). Lines that carry no label are skipped.
pub fn load(path: &str, corpus: &str) -> Vec<Labelled> {
    if path.ends_with(".jsonl") {
        return corpus
            .lines()
            .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
            .filter_map(|case| {
                let expect: Vec<&str> = case["expect"]
                    .as_array()?
                    .iter()
                    .filter_map(|rule| rule.as_str())
                    .collect();
                let spam = expect.iter().any(|rule| {
                    SPAM_CATEGORIES
                        .iter()
                        .any(|category| rule.split('/').next() == Some(category))
                });
                if !spam && !expect.is_empty() {
                    return None;
                }
                let text = |key: &str| case[key].as_str().map(str::to_owned);
                let context = ContextLayer {
                    use_case: text("use_case"),
                    brand: text("brand"),
                    locale: text("locale"),
                    ..ContextLayer::default()
                }
                .resolve();
                Some(Labelled {
                    spam,
                    text: text("text")?,
                    context,
                })
            })
            .collect();
    }
    corpus
        .lines()
        .filter_map(|line| {
            let (label, text) = line.split_once('\t')?;
            let spam = match label.trim() {
                "ham" => false,
                "spam" | "smishing" => true,
                _ => return None,
            };
            Some(Labelled {
                spam,
                text: text.to_owned(),
                context: Context::default(),
            })
        })
        .collect()
}

/// Lints every labelled message: (spam, ham).
pub fn evaluate(checker: &Checker, corpus: &[Labelled]) -> (Side, Side) {
    let (mut ham, mut spam) = (Side::default(), Side::default());
    for labelled in corpus {
        let (side, wanted) = if labelled.spam {
            (&mut spam, SPAM_CATEGORIES)
        } else {
            (&mut ham, ALARM_CATEGORIES)
        };
        side.messages += 1;
        let found: Vec<_> = messages(&labelled.text)
            .iter()
            .flat_map(|message| checker.check(message, &labelled.context))
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
        if labelled.spam != hit {
            let rules: Vec<&str> = rules
                .iter()
                .copied()
                .filter(|rule| wanted.iter().any(|c| rule.starts_with(c)))
                .collect();
            side.examples
                .push(format!("{}    [{}]", labelled.text, rules.join(", ")));
        }
    }
    (spam, ham)
}

/// The table the README shows: per corpus, the messages flagged per
/// category on each side, then spam recall and the ham false-alarm rate.
pub fn table(results: &[(String, Side, Side)]) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = write!(out, "{:<12}", "category");
    for (name, _, _) in results {
        let _ = write!(
            out,
            " {:>16} {:>16}",
            format!("{name} spam"),
            format!("{name} ham")
        );
    }
    let _ = writeln!(out);
    let categories: BTreeSet<&String> = results
        .iter()
        .flat_map(|(_, spam, ham)| spam.by_category.keys().chain(ham.by_category.keys()))
        .collect();
    for category in categories {
        let _ = write!(out, "{category:<12}");
        for (_, spam, ham) in results {
            let count = |side: &Side| side.by_category.get(category).copied().unwrap_or(0);
            let _ = write!(out, " {:>16} {:>16}", count(spam), count(ham));
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out);
    for (name, spam, ham) in results {
        let rate = |side: &Side| 100.0 * side.flagged as f64 / side.messages.max(1) as f64;
        let _ = writeln!(
            out,
            "{name:<12} spam recall {:5.1}% ({}/{}), ham false alarms {:.2}% ({}/{})",
            rate(spam),
            spam.flagged,
            spam.messages,
            rate(ham),
            ham.flagged,
            ham.messages
        );
    }
    out
}

/// A corpus's short name for the table: its file stem, cut to 11 bytes.
pub fn short_name(path: &str) -> String {
    let stem = std::path::Path::new(path)
        .file_stem()
        .and_then(|stem| stem.to_str())
        .unwrap_or(path);
    match stem {
        "SMSSpamCollection" => "UCI".to_owned(),
        other => other.chars().take(11).collect(),
    }
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut paths = Vec::new();
    let (mut show_misses, mut show_alarms) = (0, 0);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--misses" => show_misses = args.next().and_then(|n| n.parse().ok()).unwrap_or(20),
            "--false-alarms" => {
                show_alarms = args.next().and_then(|n| n.parse().ok()).unwrap_or(20)
            }
            _ => paths.push(arg),
        }
    }
    if paths.is_empty() {
        eprintln!("usage: eval CORPUS.tsv|CASES.jsonl ... [--misses N] [--false-alarms N]");
        return ExitCode::from(2);
    }
    let checker = match RuleSet::builtin()
        .map_err(|errors| errors[0].to_string())
        .map(Checker::new)
    {
        Ok(checker) => checker,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(2);
        }
    };
    let mut results = Vec::new();
    for path in &paths {
        let corpus = match std::fs::read_to_string(path) {
            Ok(corpus) => corpus,
            Err(error) => {
                eprintln!("{path}: {error}");
                return ExitCode::from(2);
            }
        };
        let (spam, ham) = evaluate(&checker, &load(path, &corpus));
        println!(
            "{}: {path}: {} spam, {} ham",
            short_name(path),
            spam.messages,
            ham.messages
        );
        results.push((short_name(path), spam, ham));
    }
    println!();
    print!("{}", table(&results));
    for (name, spam, ham) in &results {
        for (title, side) in [("spam", spam), ("ham", ham)] {
            println!("\n{name}: most frequent rules on {title}:");
            let mut rules: Vec<_> = side.by_rule.iter().collect();
            rules.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            for (rule, count) in rules.into_iter().take(20) {
                println!("  {count:>5}  {rule}");
            }
        }
        for (title, side, count) in [
            ("missed spam", spam, show_misses),
            ("ham false alarms", ham, show_alarms),
        ] {
            if count > 0 {
                println!("\n{name}: {title}:");
                for example in side.examples.iter().take(count) {
                    println!("  {example}");
                }
            }
        }
    }
    ExitCode::SUCCESS
}
