//! Campaign files: every check has a failing fixture in
//! fixtures/campaigns/fail/ whose `# expect: RULE` comments name the lines
//! where the rule must fire (and nowhere else); the passing fixture raises
//! nothing; the campaign's context reaches the templates it covers.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use common::Project;

fn fixtures() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/campaigns"))
}

/// rule → lines, from `# expect: RULE` comments.
fn expectations(text: &str) -> BTreeMap<String, BTreeSet<u64>> {
    let mut expected: BTreeMap<String, BTreeSet<u64>> = BTreeMap::new();
    for (index, line) in text.lines().enumerate() {
        if let Some((_, rule)) = line.split_once("# expect: ") {
            expected
                .entry(rule.trim().to_owned())
                .or_default()
                .insert(index as u64 + 1);
        }
    }
    expected
}

#[test]
fn every_failing_fixture_fires_its_rule_on_its_lines() {
    let project = Project::new();
    let mut covered = BTreeSet::new();
    let mut failures = Vec::new();
    let mut files = 0;
    for entry in fs::read_dir(fixtures().join("fail")).unwrap() {
        let path = entry.unwrap().path();
        let text = fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        project.write(&name, &text);
        files += 1;
        let expected = expectations(&text);
        assert!(!expected.is_empty(), "{name} has no `# expect:` comment");
        let report = project.report(&["--no-config", &name]);
        for (rule, lines) in &expected {
            covered.insert(rule.clone());
            let fired: BTreeSet<u64> = report
                .diagnostics()
                .iter()
                .filter(|d| d["rule"] == rule.as_str())
                .map(|d| d["line"].as_u64().unwrap())
                .collect();
            if &fired != lines {
                failures.push(format!(
                    "{name}: {rule} fired on lines {fired:?}, expected {lines:?}"
                ));
            }
        }
    }
    assert!(files >= 30);
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // Every campaign and policy check the reader raises has a fixture.
    let listing = project.smslint(&["rules", "--format", "json"]);
    let rules: Vec<serde_json::Value> = serde_json::from_str(&listing.stdout).unwrap();
    for rule in rules {
        let id = rule["id"].as_str().unwrap();
        let raised_by_reader =
            rule["builtin"] == true && (id.starts_with("campaign/") || id.starts_with("policy/"));
        // These two need a project (two campaigns, a config): tested below
        // and in tests/cache.rs.
        let of_a_project = ["campaign/template-conflict", "campaign/undeclared"].contains(&id);
        if raised_by_reader && !of_a_project {
            assert!(covered.contains(id), "{id} has no failing fixture");
        }
    }
}

#[test]
fn the_realistic_campaign_passes_and_gives_its_templates_their_context() {
    let project = Project::new();
    copy_dir(&fixtures().join("pass"), project.path());
    let clean = project.report(&["--no-config", "."]);
    assert!(clean.diagnostics().is_empty(), "{:?}", clean.all_rules());
    assert_eq!(clean.json["summary"]["files"], 5);
    assert_eq!(clean.json["summary"]["messages"], 3 + 5 + 4);

    // The 2FA campaign covers templates/otp: no opt-out needed, no promotions allowed.
    project.write(
        "templates/otp/promo.txt",
        "Your Acme Dental code is {{code}}. 20% off your next cleaning!\n",
    );
    // The marketing campaign covers templates/spring: opt-out and brand required.
    project.write(
        "templates/spring/bare.txt",
        "Spring sale: 20% off whitening this month.\n",
    );
    let report = project.report(&["--no-config", "."]);
    assert_eq!(
        report.rules_for("templates/otp/promo.txt"),
        ["campaign/promotional-content"]
    );
    let bare = report.rules_for("templates/spring/bare.txt");
    assert!(
        bare.contains(&"opt-out/missing".into()) && bare.contains(&"identity/missing-brand".into()),
        "{bare:?}"
    );

    // A flag wins over the campaign.
    let flagged = project.report(&[
        "--no-config",
        "--use-case",
        "2FA",
        "templates/spring/bare.txt",
        "spring-promo.yaml",
    ]);
    assert!(!flagged
        .rules_for("templates/spring/bare.txt")
        .contains(&"opt-out/missing".into()));

    // Linked templates are checked against the embedded-link flag.
    project.write(
        "templates/otp/link.txt",
        "Your Acme Dental code is {{code}}. Log in at https://acme-dental.com/p\n",
    );
    let linked = project.report(&["--no-config", "verify.yaml"]);
    let mismatch = linked
        .diagnostics()
        .iter()
        .find(|d| d["rule"] == "campaign/embedded-links-mismatch")
        .expect("the link in templates/otp/link.txt contradicts has_embedded_links: false");
    assert!(
        mismatch["message"]
            .as_str()
            .unwrap()
            .contains("templates/otp/link.txt"),
        "{mismatch}"
    );
}

#[test]
fn a_template_claimed_by_two_use_cases_is_a_warning() {
    let project = Project::new();
    copy_dir(&fixtures().join("pass"), project.path());
    let spring = fs::read_to_string(project.path().join("spring-promo.yaml")).unwrap();
    project.write(
        "spring-promo.yaml",
        spring.replace(
            "templates: [\"templates/spring/**\"]",
            "templates: [\"templates/**\"]",
        ),
    );
    let report = project.report(&["--no-config", "."]);
    let rules = report.rules_for("templates/otp/login.txt");
    assert!(
        rules.contains(&"campaign/template-conflict".into()),
        "{rules:?}"
    );
    assert!(!report
        .rules_for("templates/spring/whitening.txt")
        .contains(&"campaign/template-conflict".into()));
    let conflict = &report
        .diagnostics()
        .iter()
        .find(|d| d["path"] == "templates/otp/login.txt")
        .unwrap()["message"];
    assert!(conflict
        .as_str()
        .unwrap()
        .contains("template covered by campaigns"));
}

#[test]
fn sample_findings_point_at_the_exact_yaml_bytes() {
    let project = Project::new();
    project.write(
        "promo.yaml",
        "campaign:\n  brand: Acme\n  message_samples:\n    - >\n      Acme: free vodka tasting\n      at bit.ly/x Reply STOP to opt out\n    - \"Acme: \\\"craft beer\\\" night, Reply STOP to opt out\"\n",
    );
    let report = project.report(&["--no-config", "promo.yaml"]);
    let texts: Vec<(&str, &str, u64)> = report
        .diagnostics()
        .iter()
        .filter(|d| d["category"] != "campaign" && d["category"] != "policy")
        .map(|d| {
            (
                d["rule"].as_str().unwrap(),
                d["text"].as_str().unwrap(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(texts.contains(&("shaft/alcohol", "vodka", 5)), "{texts:?}");
    assert!(
        texts.contains(&("spam/public-url-shortener", "bit.ly/x", 6)),
        "{texts:?}"
    );
    assert!(
        texts.contains(&("shaft/alcohol", "craft beer", 7)),
        "{texts:?}"
    );
}

#[test]
fn malformed_campaign_yaml_is_an_input_error_and_the_rest_is_linted() {
    let project = Project::new();
    project
        .write(
            "broken.yaml",
            "campaign:\n  brand: [unclosed\n  use_case: MARKETING\n",
        )
        .write("bombs.yaml", "campaign:\n  brand: &b Acme\n  name: *b\n")
        .write(
            "later.txt",
            "Buy CBD gummies now at Acme! Reply STOP to opt out.\n",
        );
    let report = project.report(&["--no-config", "."]);
    assert_eq!(report.code, 1);
    for file in ["broken.yaml", "bombs.yaml"] {
        let found = report
            .diagnostics()
            .iter()
            .find(|d| d["path"] == file)
            .expect(file);
        assert_eq!(found["rule"], "input/invalid-yaml");
        assert!(found["line"].as_u64().unwrap() >= 2, "{found}");
    }
    assert!(report
        .rules_for("later.txt")
        .contains(&"shaft/cannabis".into()));
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn init_writes_a_starter_config_and_a_campaign_that_pass_their_own_checks() {
    let project = Project::new();
    let run = project.smslint(&["init", "--campaign"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("wrote smslint.yaml") && run.stdout.contains("wrote campaign.yaml")
    );
    project.write("templates/promo.txt", "Acme Dental: 20% off whitening. Book at https://acme-dental.com/w Reply STOP to opt out.\n");
    let report = project.report(&["."]);
    assert!(report.diagnostics().is_empty(), "{:?}", report.all_rules());
    assert_eq!(report.json["summary"]["files"], 2);

    let again = project.smslint(&["init"]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("smslint.yaml already exists"));
    assert_eq!(project.smslint(&["init", "--force"]).code, 0);
}
