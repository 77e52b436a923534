//! The CI formats, each rendered from the same diagnostics: snapshots of
//! the exact output, the SARIF schema, `--output`, `--statistics`, colour,
//! and baselines that survive moved lines.

mod common;

use assert_cmd::Command;
use serde_json::Value;

use common::Project;

const PROMO: &str = "WINNER!!! Claim your FREE vodka at bit.ly/x1 now. Reply STOP to opt out\n";

fn promo() -> Project {
    let project = Project::new();
    project.write("promo.txt", PROMO);
    project
}

#[test]
fn github_annotations_snapshot() {
    let run = promo().smslint(&["check", "--no-config", "--format", "github", "promo.txt"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        "::warning file=promo.txt,line=1,col=1,endLine=1,endColumn=7,title=smslint spam/prize-claim::prize or winner claim: a classic spam signal%0Ahelp: drop the \"winner\"/\"you've won\" wording; describe the actual offer plainly\n\
         ::warning file=promo.txt,line=1,col=7,endLine=1,endColumn=10,title=smslint spam/exclamation-run::run of `!` or `?`: a spam filter signal%0Ahelp: use one exclamation or question mark\n\
         ::warning file=promo.txt,line=1,col=11,endLine=1,endColumn=26,title=smslint spam/free-offer::\"FREE\" offer bait: a classic spam filter signal%0Ahelp: name the actual offer and its terms plainly (\"first month at no charge, then $9.99/month\")\n\
         ::error file=promo.txt,line=1,col=27,endLine=1,endColumn=32,title=smslint shaft/alcohol::alcohol content: carriers only allow it behind a 21+ age gate%0Ahelp: remove the alcohol reference or register an age-gated campaign\n\
         ::error file=promo.txt,line=1,col=36,endLine=1,endColumn=45,title=smslint spam/public-url-shortener::public URL shortener: US carriers block shared shortener domains: `bit.ly/x1` is a public shortener%0Ahelp: link to a domain you own, or a branded short domain you control (e.g. go.example.com on a domain of your own)\n"
    );
}

#[test]
fn github_properties_are_escaped() {
    let project = Project::new();
    project.write("a,b:c%.txt", "Buy vodka now\n");
    let run = project.smslint(&["check", "--no-config", "--format", "github", "a,b:c%.txt"]);
    assert!(
        run.stdout
            .lines()
            .any(|line| line.starts_with("::error file=a%2Cb%3Ac%25.txt,line=1,col=5,")),
        "{}",
        run.stdout
    );
}

#[test]
fn junit_has_one_case_per_file_and_its_totals_agree_with_the_exit_code() {
    let project = promo();
    project.write("clean.txt", "Acme: your table is ready.\n");
    let run = project.smslint(&[
        "check",
        "--no-config",
        "--format",
        "junit",
        "clean.txt",
        "promo.txt",
    ]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="smslint" tests="2" failures="1" errors="0">
  <testsuite name="smslint" tests="2" failures="1" errors="0">
    <testcase name="clean.txt" classname="smslint" file="clean.txt"/>
    <testcase name="promo.txt" classname="smslint" file="promo.txt">
      <failure type="smslint" message="5 findings">promo.txt:1:1: warning[spam/prize-claim] prize or winner claim: a classic spam signal
promo.txt:1:7: warning[spam/exclamation-run] run of `!` or `?`: a spam filter signal
promo.txt:1:11: warning[spam/free-offer] &quot;FREE&quot; offer bait: a classic spam filter signal
promo.txt:1:27: error[shaft/alcohol] alcohol content: carriers only allow it behind a 21+ age gate
promo.txt:1:36: error[spam/public-url-shortener] public URL shortener: US carriers block shared shortener domains: `bit.ly/x1` is a public shortener</failure>
    </testcase>
  </testsuite>
</testsuites>
"#
    );
    // Warnings below --fail-on pass the case (listed, not failed), as the
    // exit code 0 says.
    let run = project.smslint(&[
        "check",
        "--no-config",
        "--format",
        "junit",
        "--select",
        "spam/prize-claim,spam/free-offer",
        "clean.txt",
        "promo.txt",
    ]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.contains(r#"tests="2" failures="0""#),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("<failure"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("<system-out>promo.txt:1:1: warning[spam/prize-claim]"),
        "{}",
        run.stdout
    );
}

#[test]
fn sarif_validates_against_the_official_schema_and_describes_its_rules() {
    let project = promo();
    project.write("sub/intl.txt", "Zürich Café: vodka tonight\n");
    std::fs::create_dir_all(project.path().join(".git")).unwrap();
    let run = project.smslint_in(
        "sub",
        &[
            "check",
            "--no-config",
            "--format",
            "sarif",
            ".",
            "../promo.txt",
        ],
        None,
    );
    let sarif: Value = serde_json::from_str(&run.stdout).unwrap();

    let schema_path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/sarif/sarif-schema-2.1.0.json"
    );
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the OASIS schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|error| error.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");

    let run0 = &sarif["runs"][0];
    assert_eq!(run0["columnKind"], "unicodeCodePoints");
    let results = run0["results"].as_array().unwrap();
    assert_eq!(results.len(), 6);
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules
        .iter()
        .map(|rule| rule["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "shaft/alcohol",
            "spam/exclamation-run",
            "spam/free-offer",
            "spam/prize-claim",
            "spam/public-url-shortener"
        ]
    );
    for rule in rules {
        assert!(
            rule["shortDescription"]["text"].is_string()
                && rule["fullDescription"]["text"].is_string()
        );
        assert!(rule["helpUri"].as_str().unwrap().starts_with("https://"));
        assert!(rule["defaultConfiguration"]["level"].is_string());
    }
    for result in results {
        assert!(result["message"].is_object());
        let location = &result["locations"][0]["physicalLocation"];
        assert!(location["region"]["snippet"].is_object());
        let uri = location["artifactLocation"]["uri"].as_str().unwrap();
        // Relative to the repository root, not to the working folder.
        assert!(uri == "promo.txt" || uri == "sub/intl.txt", "{uri}");
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }
    let vodka = results
        .iter()
        .find(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "sub/intl.txt"
        })
        .unwrap();
    // Columns count code points, not bytes: "Zürich Café: " is 13 of them.
    assert_eq!(
        vodka["locations"][0]["physicalLocation"]["region"]["startColumn"],
        14
    );
}

#[test]
fn output_writes_the_report_to_a_file_and_keeps_the_human_report_on_screen() {
    let project = promo();
    let run = project.smslint(&[
        "check",
        "--no-config",
        "--format",
        "sarif",
        "--output",
        "out.sarif",
        "promo.txt",
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("error[shaft/alcohol]"),
        "{}",
        run.stdout
    );
    let written: Value =
        serde_json::from_str(&std::fs::read_to_string(project.path().join("out.sarif")).unwrap())
            .unwrap();
    assert_eq!(written["version"], "2.1.0");
    let bad = project.smslint(&[
        "check",
        "--no-config",
        "--output",
        "no/such/dir/out.json",
        "promo.txt",
    ]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("no/such/dir/out.json"),
        "{}",
        bad.stderr
    );
}

#[test]
fn statistics_count_per_rule_most_frequent_first() {
    let project = promo();
    project.write(
        "more.txt",
        "Sale today: vodka, gin and rum!!! Reply STOP to opt out\n",
    );
    let run = project.smslint(&["check", "--no-config", "--statistics", "."]);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(
        lines[0].trim_start().starts_with("4  shaft/alcohol"),
        "{}",
        run.stdout
    );
    assert!(
        lines[1].trim_start().starts_with("2  spam/exclamation-run"),
        "{}",
        run.stdout
    );
    assert_eq!(lines.last().unwrap().trim(), "9  total");
    let json = project.smslint(&[
        "check",
        "--no-config",
        "--statistics",
        "--format",
        "json",
        ".",
    ]);
    let rows: Vec<Value> = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(
        (rows[0]["rule"].as_str(), rows[0]["count"].as_u64()),
        (Some("shaft/alcohol"), Some(4))
    );
}

/// A rule's message in the statistics is filled as its findings' are: the
/// configured brand and the opt-out wording, never `{brand}`.
#[test]
fn statistics_fill_the_rule_messages() {
    let project = Project::new();
    project.write("smslint.yaml", "brand: Harbor Cafe\n");
    project.write("sms/a.txt", "Big sale today, 30% off!\n");
    project.write("sms/b.txt", "Huge sale today, 40% off!\n");
    let run = project.smslint(&["check", "--statistics", "sms"]);
    assert!(!run.stdout.contains('{'), "{}", run.stdout);
    assert!(
        run.stdout.contains("does not name the brand Harbor Cafe"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("(e.g. \"Reply STOP to opt out\")"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_baseline_survives_moved_lines_and_reports_new_and_stale_findings() {
    let project = Project::new();
    project.write(
        "promo.txt",
        "Acme Bar: vodka night.\nReply STOP to opt out\n",
    );
    let wrote = project.smslint(&[
        "check",
        "--no-config",
        "--write-baseline",
        "baseline.json",
        ".",
    ]);
    assert_eq!(wrote.code, 0, "{}", wrote.stderr);
    assert!(
        wrote.stdout.contains("recorded 1 finding in baseline.json"),
        "{}",
        wrote.stdout
    );

    // The line moved and another finding appeared.
    project.write(
        "promo.txt",
        "\n\nAcme Bar: VODKA night, and a beer.\nReply STOP to opt out\n",
    );
    let report = project.report(&["--no-config", "--baseline", "baseline.json", "."]);
    assert_eq!(report.all_rules(), ["shaft/alcohol"]);
    assert_eq!(report.diagnostics()[0]["text"], "beer");
    assert_eq!(report.json["summary"]["baselined"], 1);
    let human = project.smslint(&["check", "--no-config", "--baseline", "baseline.json", "."]);
    assert!(
        human.stdout.contains("(1 more in the baseline)"),
        "{}",
        human.stdout
    );

    // Config `baseline:` works too; fixed findings make entries stale.
    project.write("smslint.yaml", "baseline: baseline.json\n");
    project.write(
        "promo.txt",
        "Acme Bar: quiz night.\nReply STOP to opt out\n",
    );
    let run = project.smslint(&["check", "."]);
    assert_eq!(run.code, 0);
    assert!(
        run.stderr.contains("1 baseline entry no longer matches"),
        "{}",
        run.stderr
    );

    assert!(
        run.stderr.contains(r#"promo.txt: shaft/alcohol "vodka""#),
        "the stale entry is named: {}",
        run.stderr
    );

    project.write("broken.json", "{\"version\": 1, \"entries\": [}");
    let broken = project.smslint(&["check", "--baseline", "broken.json", "."]);
    assert_eq!(broken.code, 2);
    assert!(
        broken.stderr.contains("broken.json") && broken.stderr.contains("line 1"),
        "{}",
        broken.stderr
    );
}

#[test]
fn colour_follows_flags_and_environment() {
    let project = promo();
    let run = |args: &[&str], env: &[(&str, &str)]| {
        let mut command = Command::cargo_bin("smslint").unwrap();
        command
            .current_dir(project.path())
            .args(args)
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE");
        for (key, value) in env {
            command.env(key, value);
        }
        String::from_utf8(command.output().unwrap().stdout).unwrap()
    };
    let check = ["check", "--no-config", "promo.txt"];
    assert!(
        !run(&check, &[]).contains('\u{1b}'),
        "a pipe gets no colour"
    );
    assert!(run(&check, &[("CLICOLOR_FORCE", "1")]).contains('\u{1b}'));
    // NO_COLOR wins over CLICOLOR_FORCE (no-color.org); a flag wins over both.
    assert!(!run(&check, &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]).contains('\u{1b}'));
    assert!(!run(&check, &[("CLICOLOR_FORCE", "0")]).contains('\u{1b}'));
    assert!(run(
        &["check", "--no-config", "--color", "always", "promo.txt"],
        &[("NO_COLOR", "1")]
    )
    .contains('\u{1b}'));
    assert!(!run(
        &["check", "--no-config", "--color", "never", "promo.txt"],
        &[("CLICOLOR_FORCE", "1")]
    )
    .contains('\u{1b}'));
    // Machine formats are never coloured.
    assert!(!run(
        &["check", "--no-config", "--format", "github", "promo.txt"],
        &[("CLICOLOR_FORCE", "1")]
    )
    .contains('\u{1b}'));
}

/// The GitHub action's run step, executed as the runner would with
/// smslint on the PATH (the install steps are `scripts/test-action`'s).
#[test]
fn the_github_action_runs_smslint_with_its_inputs() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/action.yml")).unwrap();
    let action = marked_yaml::parse_yaml(0, &text).unwrap();
    let steps = action
        .as_mapping()
        .unwrap()
        .get_mapping("runs")
        .unwrap()
        .get_sequence("steps")
        .unwrap();
    let run_step = steps
        .iter()
        .filter_map(|step| step.as_mapping())
        .find(|step| step.get_scalar("name").map(|name| name.as_str()) == Some("Run smslint"))
        .unwrap();
    let script = run_step.get_scalar("run").unwrap().as_str().to_owned();
    let binary = assert_cmd::cargo::cargo_bin("smslint");
    let path = format!(
        "{}:{}",
        binary.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let project = promo();
    let output = std::process::Command::new("bash")
        .args(["-c", &script])
        .current_dir(project.path())
        .env("PATH", path)
        .env("SMSLINT_FORMAT", "sarif")
        .env("SMSLINT_OUTPUT", "smslint.sarif")
        .env("SMSLINT_PATHS", "promo.txt")
        .env("SMSLINT_ARGS", "--no-config --fail-on warning")
        .env("GITHUB_ACTION_PATH", env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stdout).contains("error[shaft/alcohol]"));
    let sarif: Value = serde_json::from_str(
        &std::fs::read_to_string(project.path().join("smslint.sarif")).unwrap(),
    )
    .unwrap();
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 5);
}

/// GitHub resolves an annotation's file from the repository root, as it does
/// a SARIF result's: run from a subfolder, both name `sub/promo.txt`.
#[test]
fn github_and_sarif_paths_are_relative_to_the_repository_root() {
    let project = promo();
    std::fs::create_dir_all(project.path().join(".git")).unwrap();
    std::fs::create_dir_all(project.path().join("sub")).unwrap();
    std::fs::copy(
        project.path().join("promo.txt"),
        project.path().join("sub/promo.txt"),
    )
    .unwrap();
    let github = project.smslint_in(
        "sub",
        &["check", "--no-config", "--format", "github", "promo.txt"],
        None,
    );
    assert!(!github.stdout.is_empty());
    for line in github.stdout.lines() {
        assert!(line.contains(" file=sub/promo.txt,"), "{line}");
    }
    let sarif = project.smslint_in(
        "sub",
        &["check", "--no-config", "--format", "sarif", "promo.txt"],
        None,
    );
    let sarif: serde_json::Value = serde_json::from_str(&sarif.stdout).unwrap();
    let uri = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
        ["artifactLocation"]["uri"];
    assert_eq!(uri, "sub/promo.txt");
}

/// Issue 16 #13: an info is `info[...]` in the human report, as in every
/// other format, with and without colour; errors and warnings keep theirs.
#[test]
fn the_human_report_names_infos_info() {
    let project = Project::new();
    project.write(
        "hello.txt",
        "Acme: 你好, your order is ready. Vodka tonight!\n",
    );
    for colour in ["never", "always"] {
        let run = project.smslint(&["check", "--no-config", "--color", colour, "hello.txt"]);
        let headers: Vec<&str> = run
            .stdout
            .lines()
            .filter(|line| line.contains("[encoding/") || line.contains("[shaft/"))
            .collect();
        assert!(
            headers
                .iter()
                .any(|line| line.contains("info[encoding/non-gsm-script]")),
            "{colour}: {headers:?}"
        );
        assert!(
            headers
                .iter()
                .any(|line| line.contains("error[shaft/alcohol]")),
            "{colour}: {headers:?}"
        );
        assert!(!run.stdout.contains("note["), "{colour}: {}", run.stdout);
        assert_eq!(colour == "always", run.stdout.contains('\u{1b}'));
    }
}

/// Every format carries what the finding adds to the rule's message: the
/// character and its fix, the segment count, the emoji count.
#[test]
fn every_format_carries_the_findings_own_detail() {
    let project = Project::new();
    let long = "word ".repeat(60);
    project.write(
        "sms/a.txt",
        format!("Acme: we\u{2019}re open \u{1F389}\u{1F389}\u{1F389}\u{1F389}\u{1F389} today. {long}Reply STOP to opt out.\n"),
    );
    let details = [
        r#"`’` (U+2019) forces UCS-2: use "'""#,
        "the limit is 3",
        "5 emoji",
    ];
    for format in ["concise", "github", "sarif", "junit"] {
        let run = project.smslint(&["check", "--no-config", "--format", format, "sms"]);
        assert_eq!(run.code, 0, "{format}: {}", run.stderr);
        // SARIF and JUnit escape quotes; compare what a reader sees.
        let shown = run
            .stdout
            .replace("\\\"", "\"")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&#39;", "'");
        for detail in details {
            assert!(
                shown.contains(detail),
                "{format} lacks {detail:?}:\n{}",
                run.stdout
            );
        }
    }
    let report = project.report(&["--no-config", "sms"]);
    let labels: Vec<&str> = report
        .diagnostics()
        .iter()
        .filter_map(|diagnostic| diagnostic["label"].as_str())
        .collect();
    for detail in details {
        assert!(
            labels.iter().any(|label| label.contains(detail)),
            "json labels lack {detail:?}: {labels:?}"
        );
    }
    // A rule's fixed label adds nothing to the one-line formats.
    project.write("sms/b.txt", "Acme: vodka night. Reply STOP to opt out.\n");
    let concise = project.smslint(&["check", "--no-config", "--format", "concise", "sms/b.txt"]);
    assert!(
        concise
            .stdout
            .contains("alcohol content: carriers only allow it behind a 21+ age gate\n"),
        "{}",
        concise.stdout
    );
}

/// Records `sms/` in `b.json`, rewrites `sms/a.txt` as `edited`, and
/// reports `sms/` against the baseline.
fn baselined_then_edited(project: &Project, edited: &str) -> common::Report {
    let wrote = project.smslint(&["check", "--no-config", "--write-baseline", "b.json", "sms"]);
    assert_eq!(wrote.code, 0, "{}", wrote.stderr);
    project.write("sms/a.txt", edited);
    project.report(&["--no-config", "--baseline", "b.json", "sms"])
}

/// A pattern underlines the term it names, not its neighbours: editing a
/// neighbour keeps the finding's text, and so its baseline entry.
#[test]
fn a_pattern_reports_the_term_not_its_neighbours() {
    let project = Project::new();
    project.write(
        "sms/a.txt",
        "Acme: get a FREE dessert today! Reply STOP to opt out.\n",
    );
    let report = project.report(&["--no-config", "sms"]);
    let free: Vec<&Value> = report
        .diagnostics()
        .iter()
        .filter(|diagnostic| diagnostic["rule"] == "spam/free-offer")
        .collect();
    assert_eq!(free.len(), 1);
    assert_eq!(free[0]["text"], "FREE");
    let after = baselined_then_edited(
        &project,
        "Acme: grab one FREE dessert today! Reply STOP to opt out.\n",
    );
    assert_eq!(after.diagnostics().len(), 0, "{:?}", after.diagnostics());
    // A baseline written when the whole match was reported still holds.
    project.write(
        "old.json",
        r#"{"version": 1, "entries": [{"path": "sms/a.txt", "rule": "spam/free-offer", "text": "one free", "count": 1}]}"#,
    );
    let old = project.report(&["--no-config", "--baseline", "old.json", "sms"]);
    assert_eq!(old.diagnostics().len(), 0, "{:?}", old.diagnostics());
}

/// A missing opt-out is about the whole message: fixing an unrelated link
/// in it keeps it baselined.
#[test]
fn a_whole_message_finding_stays_baselined_through_an_unrelated_edit() {
    let project = Project::new();
    project.write("sms/a.txt", "Acme: 20% off all week at bit.ly/acme-sale\n");
    let after = baselined_then_edited(
        &project,
        "Acme: 20% off all week at https://acme.com/sale\n",
    );
    assert_eq!(after.all_rules(), Vec::<String>::new());
    assert_eq!(after.json["summary"]["baselined"], 1);
    let run = project.smslint(&["check", "--no-config", "--baseline", "b.json", "sms"]);
    assert!(
        run.stderr
            .contains(r#"sms/a.txt: spam/public-url-shortener "bit.ly/acme-sale""#),
        "{}",
        run.stderr
    );
}
