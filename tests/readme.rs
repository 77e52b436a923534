//! The README and `docs/` show what the program prints, generated, not
//! copied: every fenced block after a `<!-- generated: NAME -->` line must
//! equal what NAME's generator gives today, and `docs/rules/` holds one page
//! per rule, generated from the rule packs (as ruff checks its docs and
//! generates its rule pages). After a change that alters one,
//! `SMSLINT_BLESS=1 cargo test --test readme` rewrites them; review the diff.

use std::path::Path;
use std::process::Command;

use smslint::check::Checker;
use smslint::rules::RuleSet;

#[allow(dead_code)] // its `main` is the example's, not ours
#[path = "../examples/eval.rs"]
mod eval;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The documents with generated blocks, in the order their blocks are
/// listed below.
const DOCUMENTS: &[&str] = &[
    "README.md",
    "docs/campaigns.md",
    "docs/code.md",
    "docs/accuracy.md",
    "docs/audit.md",
];

fn bless() -> bool {
    std::env::var_os("SMSLINT_BLESS").is_some()
}

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
        // A generated log with one of each violation planted, as the
        // traffic example writes it.
        "audit-example" => {
            use smslint::audit::sample::{generate, Plan, CAMPAIGN};
            let dir = project();
            std::fs::write(dir.path().join("campaign.yaml"), CAMPAIGN).unwrap();
            let logs = dir.path().join("logs");
            std::fs::create_dir(&logs).unwrap();
            let plan = Plan {
                plant: true,
                ..Plan::default()
            };
            generate(
                &plan,
                &mut |date| -> std::io::Result<Box<dyn std::io::Write>> {
                    let file = std::fs::File::create(logs.join(format!("{date}.json.gz")))?;
                    Ok(Box::new(flate2::write::GzEncoder::new(
                        file,
                        flate2::Compression::fast(),
                    )))
                },
            )
            .unwrap();
            smslint(
                dir.path(),
                &[
                    "audit",
                    "logs",
                    "--campaign",
                    "campaign.yaml",
                    "--format",
                    "concise",
                ],
            )
        }
        other => panic!("a document names an unknown generator `{other}`"),
    }
}

#[test]
fn readme_blocks_are_what_the_program_prints() {
    let mut stale = Vec::new();
    let mut generated = Vec::new();
    for document in DOCUMENTS {
        let path = Path::new(ROOT).join(document);
        let text = std::fs::read_to_string(&path).unwrap();
        let mut updated = String::with_capacity(text.len());
        let mut rest = text.as_str();
        let mut changed = false;
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
                stale.push(format!("{document}: {name}"));
                changed = true;
            }
            updated.push_str(&rest[..body_start]);
            updated.push_str(&want);
            rest = &rest[body_end..];
            generated.push(name.to_owned());
        }
        updated.push_str(rest);
        if changed && bless() {
            std::fs::write(&path, updated).unwrap();
        }
    }
    assert_eq!(
        generated,
        [
            "what-it-prints",
            "init-campaign",
            "messages-in-code",
            "accuracy",
            "hunt",
            "audit-example"
        ]
    );
    assert!(
        stale.is_empty() || bless(),
        "generated blocks out of date: {stale:?}; run `SMSLINT_BLESS=1 cargo test --test readme` and review the diff"
    );
}

/// One page per rule, `docs/rules/CATEGORY/NAME.md`, is what `smslint
/// explain` prints for it, and `docs/rules/README.md` lists them all; no
/// page is left for a rule that is gone.
#[test]
fn rule_pages_are_generated_from_the_packs() {
    let rules = RuleSet::builtin().unwrap();
    let folder = Path::new(ROOT).join("docs/rules");
    let mut want: std::collections::BTreeMap<std::path::PathBuf, String> =
        std::collections::BTreeMap::new();
    let mut index = String::from(
        "# Rules\n\nOne page per built-in rule, generated from the rule packs in `rules/` (what `smslint explain RULE` prints). `smslint rules` lists them; [Rules](../rules.md) explains the categories and how to write your own.\n\n| rule | severity | what it reports |\n|---|---|---|\n",
    );
    for rule in rules.rules() {
        let (category, name) = rule.id.split_once('/').unwrap();
        let mut explanation = Vec::new();
        smslint::report::write_explanation(rule, &mut explanation).unwrap();
        let page = format!(
            "# `{}`\n\n```text\n{}```\n\n[All rules](../README.md)\n",
            rule.id,
            String::from_utf8(explanation).unwrap()
        );
        want.insert(folder.join(category).join(format!("{name}.md")), page);
        index.push_str(&format!(
            "| [`{}`]({category}/{name}.md) | {} | {} |\n",
            rule.id,
            rule.severity,
            smslint::report::shown_rule_text(&rule.message).replace('|', "\\|")
        ));
    }
    want.insert(folder.join("README.md"), index);
    let mut have = Vec::new();
    let mut stack = vec![folder.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                have.push(path);
            }
        }
    }
    let mut stale: Vec<String> = have
        .iter()
        .filter(|path| !want.contains_key(*path))
        .map(|path| format!("{} (no such rule)", path.display()))
        .collect();
    for (path, page) in &want {
        if std::fs::read_to_string(path).ok().as_deref() != Some(page.as_str()) {
            stale.push(path.display().to_string());
        }
    }
    if !stale.is_empty() && bless() {
        for path in have.iter().filter(|path| !want.contains_key(*path)) {
            std::fs::remove_file(path).unwrap();
        }
        for (path, page) in &want {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, page).unwrap();
        }
        return;
    }
    assert!(
        stale.is_empty(),
        "{} rule pages out of date, e.g. {:?}; run `SMSLINT_BLESS=1 cargo test --test readme`",
        stale.len(),
        stale.first()
    );
}

/// The Rules page's count of built-in rules, and of each category in its
/// table, are the rule packs' own.
#[test]
fn readme_rule_counts_are_the_packs() {
    let readme = std::fs::read_to_string(Path::new(ROOT).join("docs/rules.md")).unwrap();
    let rules = RuleSet::builtin().unwrap();
    let total = readme
        .lines()
        .find_map(|line| {
            line.strip_suffix(" built-in rules in fourteen categories (`smslint rules` lists them,")
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
    assert_eq!(categories, 14);
}
