//! The README shows what the program prints, generated, not copied: every
//! fenced block after a `<!-- generated: NAME -->` line must equal what
//! NAME's generator gives today (as ruff checks its docs). After a change
//! that alters one, `SMSLINT_BLESS=1 cargo test --test readme` rewrites the
//! README; review the diff.

use std::path::Path;
use std::process::Command;

use smslint::check::Checker;
use smslint::rules::RuleSet;

#[allow(dead_code)] // its `main` is the example's, not ours
#[path = "../examples/eval.rs"]
mod eval;

const README: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");

fn smslint(dir: &Path, args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_smslint"))
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    String::from_utf8(output.stdout).unwrap()
}

/// A project of its own (a `.git` marker), so that smslint's own fixture
/// campaigns and config do not govern it.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    dir
}

/// The eval example's table for these corpora, side by side.
fn evaluation(paths: &[&str]) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let checker = Checker::new(RuleSet::builtin().unwrap());
    let columns: Vec<_> = paths
        .iter()
        .flat_map(|path| {
            let corpus = std::fs::read_to_string(root.join(path)).unwrap();
            eval::evaluate(
                &checker,
                &eval::short_name(path),
                &eval::load(path, &corpus),
            )
        })
        .collect();
    eval::table(&columns)
}

fn generate(name: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    match name {
        "what-it-prints" => {
            let dir = project();
            let promos = dir.path().join("promos");
            std::fs::create_dir(&promos).unwrap();
            for entry in std::fs::read_dir(root.join("fixtures/readme/promos")).unwrap() {
                let entry = entry.unwrap();
                std::fs::copy(entry.path(), promos.join(entry.file_name())).unwrap();
            }
            smslint(dir.path(), &["check", "--brand", "Acme Dental", "promos"])
        }
        "messages-in-code" => {
            let dir = project();
            std::fs::copy(
                root.join("fixtures/code/python/app.py"),
                dir.path().join("app.py"),
            )
            .unwrap();
            smslint(dir.path(), &["check", "app.py"])
        }
        "init-campaign" => {
            let dir = project();
            smslint(dir.path(), &["init", "--campaign"]);
            std::fs::read_to_string(dir.path().join("campaign.yaml")).unwrap()
        }
        "accuracy" => evaluation(&[
            "fixtures/corpus/SMSSpamCollection.tsv",
            "fixtures/adversarial.jsonl",
            "fixtures/corpus/dev-smishing/imc25-us-en.tsv",
            "fixtures/corpus/dev-smishing/smishx-subset.tsv",
        ]),
        // The hunt corpora (written for measuring, not asserted case by
        // case): their rates only.
        "hunt" => {
            let table = evaluation(&[
                "fixtures/hunt/legit.jsonl",
                "fixtures/hunt/lookalikes.jsonl",
                "fixtures/hunt/violations.jsonl",
            ]);
            // The first table's rows, up to its category columns.
            let rates: Vec<&str> = table
                .lines()
                .take_while(|line| !line.is_empty())
                .map(|line| line.get(..48).unwrap_or(line).trim_end())
                .collect();
            rates.join("\n") + "\n"
        }
        other => panic!("README names an unknown generator `{other}`"),
    }
}

#[test]
fn readme_blocks_are_what_the_program_prints() {
    let readme = std::fs::read_to_string(README).unwrap();
    let mut updated = String::with_capacity(readme.len());
    let mut rest = readme.as_str();
    let mut stale = Vec::new();
    let mut generated = Vec::new();
    while let Some(marker) = rest.find("<!-- generated: ") {
        let name_start = marker + "<!-- generated: ".len();
        let name_end = name_start + rest[name_start..].find(" -->").unwrap();
        let name = &rest[name_start..name_end];
        // The block's body: after the opening fence's line, up to the
        // closing fence.
        let open = name_end + rest[name_end..].find("```").unwrap();
        let body_start = open + rest[open..].find('\n').unwrap() + 1;
        let body_end = body_start + rest[body_start..].find("\n```").unwrap() + 1;
        let want = generate(name);
        if rest[body_start..body_end] != want {
            stale.push(name.to_owned());
        }
        updated.push_str(&rest[..body_start]);
        updated.push_str(&want);
        rest = &rest[body_end..];
        generated.push(name.to_owned());
    }
    updated.push_str(rest);
    assert_eq!(
        generated,
        [
            "what-it-prints",
            "init-campaign",
            "messages-in-code",
            "accuracy",
            "hunt"
        ]
    );
    if !stale.is_empty() && std::env::var_os("SMSLINT_BLESS").is_some() {
        std::fs::write(README, updated).unwrap();
        return;
    }
    assert!(
        stale.is_empty(),
        "README blocks out of date: {stale:?}; run `SMSLINT_BLESS=1 cargo test --test readme` and review the diff"
    );
}

/// The README's count of built-in rules, and of each category in its table,
/// are the rule packs' own.
#[test]
fn readme_rule_counts_are_the_packs() {
    let readme = std::fs::read_to_string(README).unwrap();
    let rules = RuleSet::builtin().unwrap();
    let total = readme
        .lines()
        .find_map(|line| {
            line.strip_suffix(" built-in rules in thirteen categories (`smslint rules` lists them,")
        })
        .expect("the Rules section gives the number of rules");
    assert_eq!(total, rules.rules().len().to_string());
    let mut categories = 0;
    for line in readme.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let [_, category, count, _, _] = cells[..] else {
            continue;
        };
        let (Some(category), Ok(count)) = (
            category.strip_prefix('`').and_then(|c| c.strip_suffix('`')),
            count.parse::<usize>(),
        ) else {
            continue;
        };
        let actual = rules
            .rules()
            .iter()
            .filter(|rule| rule.category() == category)
            .count();
        assert_eq!(count, actual, "README says {count} `{category}` rules");
        categories += 1;
    }
    assert_eq!(categories, 13);
}
