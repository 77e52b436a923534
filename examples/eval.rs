//! Measures smslint on labelled corpora, side by side: every message is
//! linted as a template with no config, and two tables show, per corpus
//! and label (smishing, spam, ham), how many messages were flagged and by
//! which rule category, then how many each lure (`phishing` rule) flagged.
//!
//!     cargo run --release --example eval -- fixtures/corpus/SMSSpamCollection.tsv fixtures/adversarial.jsonl
//!
//! A corpus is a TSV file (`label<TAB>text`, labels `ham`, `spam` or
//! `smishing`), or a JSONL file of cases as `fixtures/adversarial.jsonl`
//! writes them (`{"text", "expect": [rules], "forbid": [...], "use_case"?,
//! "brand"?, "locale"?}`): a case that expects a `spam`, `phishing`,
//! `restricted` or `shaft` rule is spam, a case that expects nothing is
//! ham, and each is linted in its own context. A TSV corpus's masking
//! tokens (`<URL>`, `<PHONE_NUMBER>`: the development corpora of
//! `fixtures/corpus/dev-smishing/` hide links and numbers so) are read as
//! the template placeholders they stand for (`{{url}}`): a link whose
//! address is unknown.
//!
//! Recall counts smishing and spam with at least one `spam`, `phishing`,
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

/// What one side of a corpus (its messages of one label) gave.
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
    /// `ham`, `spam` or `smishing` (a JSONL case: `spam` or `ham`).
    label: String,
    text: String,
    context: Context,
}

impl Labelled {
    fn is_spam(&self) -> bool {
        self.label != "ham"
    }
}

/// One column of the tables: a corpus's messages of one label.
pub struct Column {
    corpus: String,
    label: String,
    side: Side,
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
                    label: if spam { "spam" } else { "ham" }.to_owned(),
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
            let label = label.trim();
            if !matches!(label, "ham" | "spam" | "smishing") {
                return None;
            }
            Some(Labelled {
                label: label.to_owned(),
                text: unmask(text),
                context: Context::default(),
            })
        })
        .collect()
}

/// A corpus's masking tokens (`<URL>`, `<PHONE_NUMBER>`, `<NAMED_ENTITY>`)
/// as the template placeholders they stand for (`{{url}}`): a link whose
/// address is unknown, as a template's `{{tracking_url}}` is.
fn unmask(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        let (before, after) = rest.split_at(open);
        out.push_str(before);
        let name = after[1..]
            .find('>')
            .map(|close| &after[1..1 + close])
            .filter(|name| {
                !name.is_empty() && name.bytes().all(|b| b.is_ascii_uppercase() || b == b'_')
            });
        match name {
            Some(name) => {
                out.push_str("{{");
                out.push_str(&name.to_ascii_lowercase());
                out.push_str("}}");
                rest = &after[name.len() + 2..];
            }
            None => {
                out.push('<');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Lints every labelled message of a corpus: a column per label, in the
/// order smishing, spam, ham.
pub fn evaluate(checker: &Checker, corpus_name: &str, corpus: &[Labelled]) -> Vec<Column> {
    let mut sides: BTreeMap<&str, Side> = BTreeMap::new();
    for labelled in corpus {
        let side = sides.entry(labelled.label.as_str()).or_default();
        let wanted = if labelled.is_spam() {
            SPAM_CATEGORIES
        } else {
            ALARM_CATEGORIES
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
        if labelled.is_spam() != hit {
            let rules: Vec<&str> = rules
                .iter()
                .copied()
                .filter(|rule| wanted.iter().any(|c| rule.starts_with(c)))
                .collect();
            side.examples
                .push(format!("{}    [{}]", labelled.text, rules.join(", ")));
        }
    }
    ["smishing", "spam", "ham"]
        .into_iter()
        .filter_map(|label| {
            Some(Column {
                corpus: corpus_name.to_owned(),
                label: label.to_owned(),
                side: sides.remove(label)?,
            })
        })
        .collect()
}

/// The tables the README shows. First, per corpus and label, the messages
/// flagged: recall on smishing and spam (a spam, phishing, restricted or
/// SHAFT finding), false alarms on ham (a spam, phishing or restricted
/// one), and the messages each category flagged. Then, per lure (each
/// `phishing` rule), the messages it flagged in each column.
pub fn table(columns: &[Column]) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let categories: BTreeSet<&String> = columns
        .iter()
        .flat_map(|column| column.side.by_category.keys())
        .collect();
    let _ = write!(out, "{:<22} {:>8} {:>16}", "corpus", "label", "flagged");
    for category in &categories {
        let _ = write!(out, " {:>8}", shorten(category, 8));
    }
    let _ = writeln!(out);
    for column in columns {
        let side = &column.side;
        let rate = 100.0 * side.flagged as f64 / side.messages.max(1) as f64;
        let _ = write!(
            out,
            "{:<22} {:>8} {:>16}",
            column.corpus,
            column.label,
            format!("{rate:.1}% {}/{}", side.flagged, side.messages)
        );
        for category in &categories {
            let count = side.by_category.get(*category).copied().unwrap_or(0);
            let _ = write!(out, " {count:>8}");
        }
        let _ = writeln!(out);
    }
    let lures: BTreeSet<&String> = columns
        .iter()
        .flat_map(|column| column.side.by_rule.keys())
        .filter(|rule| rule.starts_with("phishing/"))
        .collect();
    if lures.is_empty() {
        return out;
    }
    let _ = writeln!(out);
    let _ = write!(out, "{:<30}", "lure (messages flagged)");
    for (index, _) in columns.iter().enumerate() {
        let _ = write!(out, " {:>4}", format!("[{}]", index + 1));
    }
    let _ = writeln!(out);
    for lure in lures {
        let _ = write!(out, "{:<30}", lure.trim_start_matches("phishing/"));
        for column in columns {
            let count = column.side.by_rule.get(lure).copied().unwrap_or(0);
            let _ = write!(out, " {count:>4}");
        }
        let _ = writeln!(out);
    }
    for (index, column) in columns.iter().enumerate() {
        let _ = writeln!(out, "[{}] {} {}", index + 1, column.corpus, column.label);
    }
    out
}

fn shorten(text: &str, width: usize) -> String {
    text.chars().take(width).collect()
}

/// A corpus's name for the tables: its file stem, and where it is a
/// development corpus (not shipped as a measure of anything held out),
/// marked as one.
pub fn short_name(path: &str) -> String {
    let stem = std::path::Path::new(path)
        .file_stem()
        .and_then(|stem| stem.to_str())
        .unwrap_or(path);
    match stem {
        "SMSSpamCollection" => "UCI".to_owned(),
        other if path.contains("dev-smishing") => format!("{other} (dev)"),
        other => other.to_owned(),
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
        results.extend(evaluate(&checker, &short_name(path), &load(path, &corpus)));
    }
    print!("{}", table(&results));
    for column in &results {
        let (name, side) = (format!("{} {}", column.corpus, column.label), &column.side);
        println!("\n{name}: most frequent rules:");
        let mut rules: Vec<_> = side.by_rule.iter().collect();
        rules.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (rule, count) in rules.into_iter().take(20) {
            println!("  {count:>5}  {rule}");
        }
        let (title, count) = if column.label == "ham" {
            ("false alarms", show_alarms)
        } else {
            ("misses", show_misses)
        };
        if count > 0 {
            println!("\n{name}: {title}:");
            for example in side.examples.iter().take(count) {
                println!("  {example}");
            }
        }
    }
    ExitCode::SUCCESS
}
