//! Real repository layouts (`fixtures/layouts/`): every message a team
//! sends is read from where it lives (ERB, Jinja, Odoo XML, Android,
//! XLIFF, .resx, TOML, YAML with anchors), nothing that is not an SMS is
//! linted, and a file gets the same diagnostics whether the whole project
//! or only that file is named (as pre-commit does).

mod common;

use std::path::Path;

use assert_cmd::Command;
use common::{assert_contract, Project};
use serde_json::Value;

const LAYOUTS: &str = "fixtures/layouts";

/// `smslint ARGS` run in the fixture repository.
fn run(args: &[&str]) -> (i32, String, String) {
    let output = Command::cargo_bin("smslint")
        .unwrap()
        .current_dir(LAYOUTS)
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

fn report(args: &[&str]) -> Value {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let (code, stdout, stderr) = run(&all);
    assert!(code == 0 || code == 1, "exit {code}: {stderr}");
    let json: Value = serde_json::from_str(&stdout).unwrap();
    assert_contract(&json, Path::new(LAYOUTS), false);
    json
}

/// (path, line, column, rule, text, key) of every diagnostic.
fn found(json: &Value) -> Vec<(String, u64, u64, String, String, String)> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["rule"].as_str().unwrap().to_owned(),
                d["text"].as_str().unwrap().chars().take(24).collect(),
                d["key"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

/// Every finding in the fixture repository, reviewed by hand: the rule, the
/// place, the first characters of the offending text and the catalog key.
#[rustfmt::skip]
const EXPECTED: &[(&str, u64, u64, &str, &str, &str)] = &[
    ("Resources/SmsTexts.resx", 5, 65, "shaft/tobacco", "vape", "Promo"),
    ("Resources/SmsTexts.resx", 5, 79, "shaft/cannabis", "CBD gummies", "Promo"),
    // Odoo: the promo record, not the pickup one, nor the e-mail mailing.
    ("addons/stock_sms/data/sms_data.xml", 7, 32, "opt-out/missing", "{{ object.company_id.nam", "sms_template_weekend_promo"),
    ("addons/stock_sms/data/sms_data.xml", 7, 70, "shaft/alcohol", "cocktails", "sms_template_weekend_promo"),
    ("addons/stock_sms/data/sms_data.xml", 7, 110, "spam/public-url-shortener", "https://bit.ly/wknd-deal", "sms_template_weekend_promo"),
    ("addons/stock_sms/data/sms_data.xml", 15, 42, "opt-out/missing", "Spring sale: 30% off all", "mailing_sms_newsletter"),
    // ERB: the default string of the t call is the message.
    ("app/messages/happy_hour.sms.erb", 1, 1, "opt-out/missing", "<%= t :body, \"Harbor Tap", ""),
    ("app/messages/happy_hour.sms.erb", 1, 32, "shaft/alcohol", "vodka", ""),
    ("app/messages/happy_hour.sms.erb", 1, 54, "spam/prize-claim", "WINNER", ""),
    ("app/messages/happy_hour.sms.erb", 1, 79, "spam/public-url-shortener", "https://bit.ly/harbor-sh", ""),
    // Android: `ê` is not GSM-7; the locale comes from values-fr-rCA.
    // The accent costs a segment: its unsafe fix is the plain letter.
    ("app/src/main/res/values-fr-rCA/strings.xml", 3, 79, "encoding/ucs2-forced", "ê", "sms_refill_ready"),
    ("app/src/main/res/values/strings.xml", 5, 30, "opt-out/missing", "Harbor Pharmacy: WINNER!", "sms_promo"),
    ("app/src/main/res/values/strings.xml", 5, 47, "spam/prize-claim", "WINNER", "sms_promo"),
    ("app/src/main/res/values/strings.xml", 5, 55, "spam/free-offer", "Claim your free", "sms_promo"),
    ("app/src/main/res/values/strings.xml", 5, 55, "spam/prize-claim", "Claim your free gift", "sms_promo"),
    ("app/src/main/res/values/strings.xml", 5, 79, "spam/public-url-shortener", "https://tinyurl.com/harb", "sms_promo"),
    ("campaigns/otp.yaml", 1, 1, "campaign/missing-field", "campaign", ""),
    ("campaigns/otp.yaml", 1, 1, "campaign/missing-field", "campaign", ""),
    ("campaigns/otp.yaml", 1, 1, "campaign/missing-field", "campaign", ""),
    ("campaigns/otp.yaml", 1, 1, "campaign/missing-field", "campaign", ""),
    ("campaigns/otp.yaml", 1, 1, "campaign/missing-field", "campaign", ""),
    ("campaigns/otp.yaml", 1, 1, "campaign/missing-keyword-response", "campaign", ""),
    ("campaigns/otp.yaml", 1, 1, "policy/no-low-balance-alert", "campaign", ""),
    // A mistyped glob covers nothing.
    ("campaigns/otp.yaml", 5, 28, "campaign/glob-matches-nothing", "\"../otps/**\"", ""),
    // An anchored text reached through an alias and a merge key: once.
    ("config/locales/en.yml", 4, 42, "shaft/alcohol", "vodka", "en.sms_defaults.promo"),
    ("config/locales/en.yml", 4, 48, "shaft/alcohol", "cocktails", "en.sms_defaults.promo"),
    ("i18n/active.en.toml", 3, 50, "shaft/alcohol", "bourbon", "sms_reminder.other"),
    ("locale/messages.fr.xlf", 7, 24, "shaft/alcohol", "vodka", "sms.wine_club"),
    ("locales/en/translation.json", 1, 1, "catalog/nothing-selected", "", ""),
    // `../otp/**` in campaigns/otp.yaml covers it: a 2FA campaign.
    ("otp/code.txt", 1, 37, "campaign/promotional-content", "20% off", ""),
    ("otp/code.txt", 1, 60, "campaign/promotional-content", "shop now", ""),
    // So does a catalog the glob covers: its entries take the campaign's context.
    ("otp/codes.yml", 3, 64, "campaign/promotional-content", "20% off", "en.sms.login_code"),
    ("otp/codes.yml", 3, 88, "campaign/promotional-content", "shop now", "en.sms.login_code"),
    // The promotional branch of a conditional has no opt-out, the other has.
    ("sms/pickup.j2", 1, 1, "opt-out/missing", "{% if offer %}Harbor Boo", ""),
    // Jinja: the literals of the expression are the text.
    ("templates/jinja/shipped.j2", 1, 45, "encoding/ucs2-symbol", "°", ""),
    ("templates/jinja/shipped.j2", 1, 87, "shaft/alcohol", "beer", ""),
    ("templates/jinja/shipped.j2", 1, 109, "spam/public-url-shortener", "bit.ly/shipfree", ""),
];

/// [`EXPECTED`] as [`found`] gives it.
fn expected() -> Vec<(String, u64, u64, String, String, String)> {
    EXPECTED
        .iter()
        .map(|(path, line, column, rule, text, key)| {
            (
                path.to_string(),
                *line,
                *column,
                rule.to_string(),
                text.to_string(),
                key.to_string(),
            )
        })
        .collect()
}

#[test]
fn every_message_is_read_where_it_lives_and_nothing_else_is() {
    let json = report(&["."]);
    let got = found(&json);
    let expected = expected();
    assert_eq!(got, expected);
}

#[test]
fn files_that_are_not_sms_give_nothing() {
    let json = report(&["."]);
    let paths: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    for quiet in [
        "docker-compose.yml",
        "api/openapi.yaml",
        "smslint-baseline.json",
        "report.json",
        "app/views/orders/show.html.erb",
        "two_factor/templates/two_factor/login.html",
        "two_factor/templates/two_factor/sms_message.html",
        "app/messages/grade_posted.sms.erb",
        "promos/weekend.txt",
        "public/robots.txt",
        "NOTICE.txt",
        "requirements.txt",
        "app/views/shared/_filters.erb",
        "lib/generators/script/templates/script.rb.erb",
        // Web pages and views, whatever their folder or name says.
        "sms-broadcast/assets/index.html",
        "app/bundles/SmsBundle/Resources/views/Sms/list.html.twig",
        "public/sms-terms-conditions.html",
        "src/main/resources/templates/new.mustache",
        // Documentation, an e-mail newsletter, build files, configuration.
        "doc/architecture/0004-sms-provider.txt",
        "resources/welcome-newsletter.txt",
        "cpp/conanfile.txt",
        "gradle-project/gradle.properties",
        "gradle-project/src/main/resources/application.properties",
        "returns/az/joint_return.json",
        "tests/fixtures/internal_context_missing_user_id.json",
        // A Go template: its control tags are no text.
        "deploy/sms.body.gotmpl",
    ] {
        assert!(!paths.contains(&quiet), "{quiet} was linted as an SMS");
    }
    // Named on the command line, a non-SMS catalog is still read as one.
    for named in [
        "docker-compose.yml",
        "api/openapi.yaml",
        "report.json",
        ".github/workflows/release.yml",
    ] {
        let json = report(&[named]);
        assert_eq!(found(&json), [], "{named}");
    }
}

#[test]
fn one_file_gets_the_diagnostics_of_a_whole_project_run() {
    let whole = found(&report(&["."]));
    let (_, shown, _) = run(&["check", "--show-files", "."]);
    // The files the run reads (a walk also lists what it passes over, and
    // why: those are never linted, whole or alone).
    let files: Vec<&str> = shown
        .lines()
        .filter_map(|line| line.split_once(": "))
        .filter(|(_, what)| {
            !what.starts_with("skipped: ")
                || what.starts_with("skipped: no key selected")
                || what.starts_with("skipped: holds no message")
        })
        .map(|(path, _)| path)
        .collect();
    assert!(files.len() >= 15, "{shown}");
    for file in files {
        let alone = found(&report(&[file]));
        let in_whole: Vec<_> = whole.iter().filter(|d| d.0 == file).cloned().collect();
        assert_eq!(alone, in_whole, "{file}");
    }
    // And from inside a folder, as an editor or a hook in a sub-project runs it.
    let output = Command::cargo_bin("smslint")
        .unwrap()
        .current_dir(Path::new(LAYOUTS).join("otp"))
        .args(["check", "--format", "json", "code.txt"])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let rules: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        [
            "campaign/promotional-content",
            "campaign/promotional-content"
        ]
    );
}

#[test]
fn show_files_says_what_each_file_is_read_as() {
    let (code, stdout, _) = run(&["check", "--show-files", "."]);
    assert_eq!(code, 0);
    for line in [
        "addons/stock_sms/data/sms_data.xml: catalog: 3 messages",
        "app/messages/happy_hour.sms.erb: template",
        "app/src/main/res/values-fr-rCA/strings.xml: catalog: 1 message (fr-CA)",
        "campaigns/otp.yaml: campaign (covers 2 files, 1 of them templates)",
        "public/sms-terms-conditions.html: skipped: an HTML page or view (`<html>` on line 1), not an SMS",
        "doc/architecture/0004-sms-provider.txt: skipped: its folder holds documentation",
        "deploy/sms.body.gotmpl: template",
        "config/locales/en.yml: catalog: 6 messages (en)",
        "locale/messages.fr.xlf: catalog: 1 message (fr)",
        "locales/en/translation.json: skipped: no key selected as an SMS text (3 strings passed over); to read some, add `catalogs: [{paths: [\"locales/en/translation.json\"], keys: [\"notifications.**\", \"unsubscribe.**\"]}]` to smslint.yaml",
        "docker-compose.yml: skipped: a package manifest, lock file or tool config, never a catalog",
        "two_factor/templates/two_factor/sms_message.html: template",
        "README.md: skipped: its extension is not a template's",
        "smslint.yaml: skipped: smslint's own file (a config or the baseline)",
    ] {
        assert!(stdout.lines().any(|shown| shown == line), "missing `{line}` in:\n{stdout}");
    }
    for never in [
        "smslint.yaml",
        "smslint-baseline.json",
        "show.html.erb",
        "login.html",
        "README.md",
    ] {
        // Listed only as passed over, with why.
        for line in stdout.lines().filter(|line| line.contains(never)) {
            assert!(line.contains(": skipped: "), "{never} read:\n{stdout}");
        }
    }
}

#[test]
fn a_catalog_with_nothing_selected_names_the_entry_that_would_select_it() {
    let json = report(&["locales/en/translation.json"]);
    let info = &json["diagnostics"][0];
    assert_eq!(info["rule"], "catalog/nothing-selected");
    assert_eq!(info["severity"], "info");
    let help = info["help"].as_str().unwrap();
    assert!(
        help.contains(r#"paths: ["locales/en/translation.json"], keys: ["notifications.**", "unsubscribe.**"]"#),
        "{help}"
    );
    // Following the help lints the messages.
    let project = Project::new();
    project
        .write(
            "locales/en/translation.json",
            std::fs::read(Path::new(LAYOUTS).join("locales/en/translation.json")).unwrap(),
        )
        .write(
            "smslint.yaml",
            "catalogs:\n  - paths: [\"locales/en/translation.json\"]\n    keys: [\"notifications.**\", \"unsubscribe.**\"]\n",
        );
    let report = project.report(&["."]);
    assert_eq!(
        report.rules_for("locales/en/translation.json"),
        ["spam/public-url-shortener"]
    );
}

#[test]
fn a_run_that_lints_no_message_says_so() {
    let project = Project::new();
    project.write("docs/guide.md", "Free vodka!\n");
    let run = project.smslint(&["check", "docs"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stderr.contains("no message was linted"),
        "{}",
        run.stderr
    );
    let project = Project::new();
    project.write(
        "locales/en.json",
        "{\"home\": {\"title\": \"Welcome home\"}}\n",
    );
    let run = project.smslint(&["check", "."]);
    assert!(
        run.stderr.contains("no message was linted"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_nested_config_inherits_through_extend_config_and_otherwise_stands_alone() {
    // In the fixture, promos/.smslint.yaml extends the root config, which
    // ignores spam/urgency: the "last chance" of promos/weekend.txt passes.
    assert_eq!(found(&report(&["promos/weekend.txt"])), []);
    let project = Project::new();
    project
        .write("smslint.yaml", "rules:\n  ignore: [spam/urgency]\n")
        .write("promos/.smslint.yaml", "brand: Harbor Books\n")
        .write(
            "promos/weekend.txt",
            std::fs::read(Path::new(LAYOUTS).join("promos/weekend.txt")).unwrap(),
        );
    // Closest wins: without extend-config the parent's ignore is not used.
    assert_eq!(project.report(&["."]).all_rules(), ["spam/urgency"]);
    project.write(
        "promos/.smslint.yaml",
        "extend-config: ../smslint.yaml\nbrand: Harbor Books\n",
    );
    assert!(project.report(&["."]).all_rules().is_empty());
    // A loop is a config error with its location.
    project.write("smslint.yaml", "extend-config: promos/.smslint.yaml\n");
    let run = project.smslint(&["check", "."]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("extend-config"), "{}", run.stderr);
}

#[test]
fn force_exclude_skips_named_files_that_are_not_templates() {
    let project = Project::new();
    project
        .write(
            "templates/README.md",
            "# Templates\nHUGE SALE!!! Buy now https://bit.ly/x\n",
        )
        .write("templates/logo.png", b"\x89PNG\r\n\x1a\n\x00\x00")
        .write(
            "templates/promo.txt",
            "Acme: vodka night tonight! Reply STOP to opt out.\n",
        );
    let run = project.smslint(&[
        "check",
        "--force-exclude",
        "--format",
        "concise",
        "templates/README.md",
        "templates/logo.png",
        "templates/promo.txt",
    ]);
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| !l.starts_with("smslint:"))
        .collect();
    assert_eq!(lines.len(), 1, "{}", run.stdout);
    assert!(
        lines[0].starts_with("templates/promo.txt:1:7: error[shaft/alcohol]"),
        "{}",
        run.stdout
    );
}

#[test]
fn folder_names_above_the_project_say_nothing_about_its_files() {
    // A checkout under `views/` (a name that marks web views inside a
    // project) still has its templates linted.
    let project = Project::new();
    project.write(
        "views/checkout/notices/promo.txt",
        "Acme: vodka night tonight!\n",
    );
    // Named by its absolute path, as editors and hooks often do.
    let checkout = project.path().join("views/checkout");
    let run = project.smslint_in(
        "views/checkout",
        &[
            "check",
            "--no-config",
            "--format",
            "concise",
            checkout.to_str().unwrap(),
        ],
        None,
    );
    assert!(
        run.stdout
            .contains("notices/promo.txt:1:7: error[shaft/alcohol]"),
        "{}",
        run.stdout
    );
}

/// A copy of the fixture repository in a temporary folder, as a clone
/// would be: with `.git`.
fn cloned() -> Project {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), target).unwrap();
            }
        }
    }
    let project = Project::new();
    copy(Path::new(LAYOUTS), project.path());
    project.write(".git/HEAD", "ref: refs/heads/main\n");
    project
}

#[test]
fn a_whole_repository_gives_findings_only_on_its_sms_texts() {
    let project = cloned();
    // A link into a submodule that was not checked out.
    std::os::unix::fs::symlink("../missing/src", project.path().join("vendor-src")).unwrap();
    let report = project.report(&["."]);
    // Warnings only: the broken link does not fail the run beyond the
    // fixture's own errors.
    let got = found(&report.json);
    let mut expected = expected();
    expected.push((
        "vendor-src".into(),
        1,
        1,
        "input/broken-link".into(),
        String::new(),
        String::new(),
    ));
    expected.sort();
    let mut got_sorted = got.clone();
    got_sorted.sort();
    assert_eq!(got_sorted, expected);
    let broken = report
        .diagnostics()
        .iter()
        .find(|d| d["rule"] == "input/broken-link")
        .unwrap()
        .clone();
    assert_eq!(broken["severity"], "warning");
    let message = broken["message"].as_str().unwrap();
    assert!(
        message.contains("`../missing/src`") && message.contains("submodule"),
        "{message}"
    );

    // What the walk passes over at a repository's root says why, and how
    // to read it.
    let run = project.smslint(&["check", "--show-files", "."]);
    let line = run
        .stdout
        .lines()
        .find(|line| line.starts_with("build/exclude_files.txt: "))
        .unwrap();
    assert!(line.contains("nothing says it is an SMS"), "{line}");
    assert!(
        line.contains(r#"`templates: ["build/exclude_files.txt"]`"#),
        "{line}"
    );
    // Named on purpose, the same file is read.
    let named = project.report(&["build/exclude_files.txt"]);
    assert_eq!(named.json["summary"]["messages"], 1);
    // And so is a folder named on purpose.
    let folder = project.report(&["build"]);
    assert_eq!(folder.json["summary"]["messages"], 1);
}

#[test]
fn pre_commit_and_a_whole_repository_run_agree_on_every_file() {
    let project = cloned();
    let whole = found(&project.report(&["."]).json);
    for file in [
        "build/exclude_files.txt",
        "promos/weekend.txt",
        "otp/code.txt",
        "otp/codes.yml",
        "sms/pickup.j2",
        "public/sms-terms-conditions.html",
        "gradle-project/gradle.properties",
    ] {
        let alone = found(&project.report(&["--force-exclude", file]).json);
        let in_whole: Vec<_> = whole.iter().filter(|d| d.0 == file).cloned().collect();
        assert_eq!(alone, in_whole, "{file}");
    }
}

#[test]
fn inspect_counts_templates_in_their_engine_and_passes_over_campaigns() {
    let (code, stdout, stderr) = run(&["inspect", "."]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stdout.contains("campaigns/otp.yaml"), "{stdout}");
    // Go's control tags are neither text nor counted: one segment.
    let line = stdout
        .lines()
        .find(|line| line.starts_with("deploy/sms.body.gotmpl"))
        .unwrap();
    assert!(line.contains("GSM-7, 1 segment"), "{line}");
    // Of two branches, the costlier is counted (the promotion, 83
    // characters), not both (151).
    let line = stdout
        .lines()
        .find(|line| line.starts_with("sms/pickup.j2"))
        .unwrap();
    assert!(line.contains("1 segment, 83 characters"), "{line}");
}

#[test]
fn a_hundred_catalogs_with_nothing_selected_are_one_line_past_the_third() {
    let project = Project::new();
    for index in 0..5 {
        project.write(
            &format!("locales/en/page{index}.json"),
            "{\"home\": {\"title\": \"Welcome home\"}}\n",
        );
    }
    let run = project.smslint(&["check", "."]);
    let full = run
        .stdout
        .matches("info[catalog/nothing-selected]: read as")
        .count();
    assert_eq!(full, 3, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("info[catalog/nothing-selected]: 2 more catalogs"),
        "{}",
        run.stdout
    );
    // Machine formats keep every one.
    assert_eq!(project.report(&["."]).diagnostics().len(), 5);
}

#[test]
fn a_template_with_more_branch_combinations_than_are_linted_says_so() {
    let project = Project::new();
    project.write("sms/many.j2", "{% if a %}x{% endif %}".repeat(7));
    let report = project.report(&["."]);
    let diagnostic = &report.diagnostics()[0];
    assert_eq!(diagnostic["rule"], "input/too-many-variants");
    assert!(diagnostic["message"]
        .as_str()
        .unwrap()
        .contains("128 combinations"));
    project.write("sms/many.j2", "{% if a %}x{% endif %}".repeat(6));
    assert!(project.report(&["."]).diagnostics().is_empty());
}
