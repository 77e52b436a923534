//! The command line as a user runs it: every command, option, exit code and
//! the JSON report's contract, on temporary folders.

mod common;

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

use common::Project;

const PROMO_ALCOHOL: &str =
    "Acme Bar: happy hour tonight, 2-for-1 vodka shots and craft beer! Reply STOP to opt out.\n";
const CLEAN: &str = "Acme Dental: your cleaning is booked for Tue 3pm. Reply C to confirm.\n";

#[test]
fn json_spans_are_exact_through_crlf_and_emoji() {
    let project = Project::new();
    project.write(
        "intl.txt",
        "Café Acme 🍷 Über-deal\r\nZürich: 2-for-1 vodka tonight 🍸 only. Reply STOP to opt out.\r\n",
    );
    let report = project.report(&["--no-config", "--use-case", "MARKETING", "intl.txt"]);
    let vodka = report
        .diagnostics()
        .iter()
        .find(|d| d["rule"] == "shaft/alcohol")
        .expect("vodka is flagged");
    assert_eq!(
        (vodka["line"].as_u64(), vodka["column"].as_u64()),
        (Some(2), Some(17))
    );
    assert_eq!(vodka["text"], "vodka");
    assert_eq!(report.code, 1);
    assert_eq!(report.json["summary"]["files"], 1);
    assert_eq!(report.json["summary"]["messages"], 1);
}

#[test]
fn exit_codes_follow_fail_on() {
    let project = Project::new();
    project
        .write("clean.txt", CLEAN)
        .write("promo.txt", PROMO_ALCOHOL)
        .write(
            "warn.txt",
            "Acme Dental: your cleaning is booked for Tue 3pm!!!!!! Reply C to confirm.\n",
        );
    let notification = ["--no-config", "--use-case", "ACCOUNT_NOTIFICATION"];
    assert_eq!(
        project
            .smslint(&[&["check"], &notification[..], &["clean.txt"]].concat())
            .code,
        0
    );
    assert_eq!(
        project
            .smslint(&[&["check"], &notification[..], &["promo.txt"]].concat())
            .code,
        1
    );
    let warn = project.report(&[&notification[..], &["warn.txt"]].concat());
    assert_eq!(warn.severity_of("spam/exclamation-run"), ["warning"]);
    assert_eq!(warn.code, 0, "a warning does not fail by default");
    let strict = project.smslint(
        &[
            &["check", "--fail-on", "warning"],
            &notification[..],
            &["warn.txt"],
        ]
        .concat(),
    );
    assert_eq!(strict.code, 1);
    let info = project.smslint(
        &[
            &["check", "--fail-on", "info"],
            &notification[..],
            &["clean.txt"],
        ]
        .concat(),
    );
    assert_eq!(info.code, 0);
}

#[test]
fn usage_errors_exit_2_with_a_message() {
    let project = Project::new();
    project.write("a.txt", CLEAN);
    for (args, needle) in [
        (
            vec!["check", "--select", "shaft/alcohl", "a.txt"],
            "shaft/alcohl",
        ),
        (vec!["check", "--ignore", "nosuch", "a.txt"], "nosuch"),
        (
            vec!["check", "--use-case", "PROMOTIONS", "a.txt"],
            "PROMOTIONS",
        ),
        (vec!["check", "--format", "xml", "a.txt"], "xml"),
        (
            vec!["check", "--config", "missing.yaml", "a.txt"],
            "missing.yaml",
        ),
        (vec!["explain", "shaft/nothing"], "shaft/nothing"),
        (vec!["frobnicate"], "frobnicate"),
    ] {
        let run = project.smslint(&args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(needle), "{args:?}: {}", run.stderr);
    }
    let hint = project.smslint(&["check", "--select", "shaft/alcohl", "a.txt"]);
    assert!(
        hint.stderr.contains("did you mean `shaft/alcohol`"),
        "{}",
        hint.stderr
    );
}

#[test]
fn select_and_ignore_take_rules_and_categories() {
    let project = Project::new();
    project.write(
        "promo.txt",
        "WINNER!!! Acme Bar: vodka at bit.ly/x Reply STOP to opt out\n",
    );
    let base = ["--no-config", "--use-case", "MARKETING"];
    let all = project
        .report(&[&base[..], &["promo.txt"]].concat())
        .all_rules();
    assert!(
        all.contains(&"shaft/alcohol".into()) && all.contains(&"spam/public-url-shortener".into())
    );

    let ignored = project.report(&[&base[..], &["--ignore", "shaft", "promo.txt"]].concat());
    assert!(ignored
        .all_rules()
        .iter()
        .all(|rule| !rule.starts_with("shaft/")));
    assert!(ignored
        .all_rules()
        .contains(&"spam/public-url-shortener".into()));

    let selected =
        project.report(&[&base[..], &["--select", "shaft/alcohol", "promo.txt"]].concat());
    assert_eq!(selected.all_rules(), ["shaft/alcohol"]);

    let mixed = project.report(
        &[
            &base[..],
            &[
                "--select",
                "spam",
                "--ignore",
                "spam/exclamation-run",
                "promo.txt",
            ],
        ]
        .concat(),
    );
    assert!(mixed
        .all_rules()
        .iter()
        .all(|rule| rule.starts_with("spam/")));
    assert!(!mixed.all_rules().contains(&"spam/exclamation-run".into()));
    assert!(mixed.all_rules().contains(&"spam/prize-claim".into()));
}

#[test]
fn context_flags_change_what_applies() {
    let project = Project::new();
    project.write(
        "sale.txt",
        "Big savings: 30% off all mattresses this weekend.\n",
    );
    let marketing = project.report(&["--no-config", "--use-case", "MARKETING", "sale.txt"]);
    assert!(marketing.all_rules().contains(&"opt-out/missing".into()));
    assert!(!marketing
        .all_rules()
        .contains(&"identity/missing-brand".into()));

    let branded = project.report(&[
        "--no-config",
        "--use-case",
        "marketing",
        "--brand",
        "Acme Sleep",
        "sale.txt",
    ]);
    assert!(branded
        .all_rules()
        .contains(&"identity/missing-brand".into()));

    let otp = project.report(&["--no-config", "--use-case", "2FA", "sale.txt"]);
    assert!(!otp.all_rules().contains(&"opt-out/missing".into()));

    // With no use case, a promotional message is held to the marketing rules.
    let unknown = project.report(&["--no-config", "sale.txt"]);
    assert!(unknown.all_rules().contains(&"opt-out/missing".into()));
}

#[test]
fn locale_scoped_custom_rules_follow_locale() {
    let project = Project::new();
    project
        .write("msg.txt", "Acme: les soldes commencent demain.\n")
        .write(
            "smslint.yaml",
            "rules:\n  extend: [team/rules.yaml]\n",
        )
        .write(
            "team/rules.yaml",
            "rules:\n  - id: acme/french-sale\n    severity: warning\n    message: sale wording in French\n    explanation: ours\n    applies_to: {locales: [fr]}\n    keywords: [soldes]\n    examples: {bad: [soldes], good: [sales]}\n",
        );
    assert!(project
        .report(&["--locale", "fr-CA", "msg.txt"])
        .all_rules()
        .contains(&"acme/french-sale".into()));
    assert!(!project
        .report(&["--locale", "en", "msg.txt"])
        .all_rules()
        .contains(&"acme/french-sale".into()));
    // The custom rule is listed by neither `--no-config` runs nor other configs.
    assert!(!project
        .report(&["--no-config", "--locale", "fr", "msg.txt"])
        .all_rules()
        .contains(&"acme/french-sale".into()));
}

#[test]
fn stdin_is_one_message_and_stdin_filename_picks_the_config() {
    let project = Project::new();
    project.write(
        "smslint.yaml",
        "use_case: MARKETING\noverrides:\n  - paths: [\"otp/**\"]\n    use_case: 2FA\n",
    );
    let message = "Acme: 20% off your next order with code {{code}}";
    let plain = project.report_in("", &["-"], Some(message));
    assert_eq!(plain.rules_for("-"), ["opt-out/missing"]);
    assert_eq!(plain.json["summary"]["messages"], 1);

    let named = project.report_in(
        "",
        &["--stdin-filename", "otp/code.txt", "-"],
        Some(message),
    );
    // 2FA for otp/**: no opt-out needed, but a promotion in a 2FA message is a mismatch.
    assert_eq!(
        named.rules_for("otp/code.txt"),
        ["campaign/promotional-content"]
    );

    let tobacco = project.report_in(
        "",
        &["--no-config", "-"],
        Some("Buy cheap cigarettes and vapes today at Acme Smoke! Reply STOP to opt out."),
    );
    assert!(tobacco.all_rules().contains(&"shaft/tobacco".into()));
}

#[test]
fn config_discovery_overrides_and_exclude() {
    let project = Project::new();
    project
        .write(
            "project/smslint.yaml",
            "brand: Acme\nuse_case: MARKETING\noverrides:\n  - paths: [\"otp/**\"]\n    use_case: 2FA\nexclude: [\"vendor/**\"]\n",
        )
        .write("project/otp/code.txt", "Acme: your code is {{code}}. 20% off today!\n")
        .write("project/sale.txt", "Acme: 30% off everything this weekend at acme.com/sale\n")
        .write("project/vendor/junk.txt", "Acme: cheap vodka and cigarettes, 30% off!\n")
        .write("project/nested/smslint.yaml", "use_case: ACCOUNT_NOTIFICATION\n")
        .write("project/nested/note.txt", "Acme: 30% off everything this weekend\n");

    let report = project.report_in("project", &["."], None);
    assert!(report
        .rules_for("sale.txt")
        .contains(&"opt-out/missing".into()));
    assert!(!report
        .rules_for("otp/code.txt")
        .contains(&"opt-out/missing".into()));
    assert!(report.rules_for("vendor/junk.txt").is_empty());
    // The closest config wins: nested/ is a notification folder.
    assert_eq!(
        report.rules_for("nested/note.txt"),
        ["campaign/promotional-content"]
    );
    assert_eq!(report.json["summary"]["files"], 3);

    // From a subfolder and from the parent folder, the same config applies.
    let from_otp = project.report_in("project/otp", &["code.txt"], None);
    assert_eq!(from_otp.all_rules(), ["campaign/promotional-content"]);
    let parent = project.report(&["project/sale.txt"]);
    assert!(parent
        .rules_for("project/sale.txt")
        .contains(&"opt-out/missing".into()));

    // An excluded file named on the command line is linted, unless --force-exclude.
    let explicit = project.report_in("project", &["vendor/junk.txt"], None);
    assert!(explicit
        .rules_for("vendor/junk.txt")
        .contains(&"shaft/alcohol".into()));
    let forced = project.report_in("project", &["--force-exclude", "vendor/junk.txt"], None);
    assert!(forced.all_rules().is_empty());

    // --no-config ignores all of it.
    let bare = project.report_in("project", &["--no-config", "otp/code.txt"], None);
    assert!(bare
        .rules_for("otp/code.txt")
        .contains(&"opt-out/missing".into()));
}

#[test]
fn config_file_variants_and_rule_severity() {
    let project = Project::new();
    project
        .write("promo.txt", PROMO_ALCOHOL)
        .write(
            "elsewhere/strict.yaml",
            "rules:\n  severity: {shaft/alcohol: warning, shaft: info}\n",
        )
        .write("dot/.smslint.yaml", "use_case: 2FA\n")
        .write(
            "dot/code.txt",
            "Your Acme code is 123456. 20% off your next order!\n",
        )
        .write(
            "gated/smslint.yaml",
            "age_gated: true\nuse_case: MARKETING\n",
        )
        .write("gated/promo.txt", PROMO_ALCOHOL);
    let strict = project.report(&["--config", "elsewhere/strict.yaml", "promo.txt"]);
    assert_eq!(strict.severity_of("shaft/alcohol"), ["warning"; 3]);

    let dot = project.report_in("dot", &["code.txt"], None);
    assert_eq!(dot.all_rules(), ["campaign/promotional-content"]);

    let gated = project.report_in("gated", &["promo.txt"], None);
    assert_eq!(gated.severity_of("shaft/alcohol"), ["warning"; 3]);
    let message = gated.diagnostics()[0]["message"].as_str().unwrap();
    assert!(message.contains("age-gated"), "{message}");
}

#[test]
fn config_errors_exit_2_with_file_line_and_column() {
    let project = Project::new();
    project.write("a.txt", CLEAN);
    for (config, needle, line) in [
        ("brand: Acme\nuse_cases: MARKETING\n", "use_cases", 2),
        ("use_case: PROMO\n", "PROMO", 1),
        ("rules:\n  ignore: [shaft/nope]\n", "shaft/nope", 2),
        ("rules:\n  severity: {shaft/alcohol: fatal}\n", "fatal", 2),
        ("overrides:\n  - paths: [\"a/[\"]\n", "invalid glob", 2),
        ("brand: [unclosed\n", "invalid YAML", 2),
        ("age_gated: maybe\n", "age_gated", 1),
    ] {
        project.write("smslint.yaml", config);
        let run = project.smslint(&["check", "a.txt"]);
        assert_eq!(run.code, 2, "{config:?}: {}", run.stderr);
        assert!(run.stderr.contains(needle), "{config:?}: {}", run.stderr);
        assert!(
            run.stderr.contains(&format!("smslint.yaml:{line}:")),
            "{config:?} should point at line {line}: {}",
            run.stderr
        );
    }
}

#[test]
fn custom_rule_files_extend_and_are_validated() {
    let project = Project::new();
    let head = "rules:\n  - id: acme/competitor\n    severity: error\n    message: names a competitor\n    explanation: we do not\n";
    project
        .write("msg.txt", "Acme beats Globex on price!\n")
        .write("smslint.yaml", "rules:\n  extend: [rules/acme.yaml]\n")
        .write("rules/acme.yaml", format!("{head}    keywords: [globex]\n"));
    let report = project.report(&["msg.txt"]);
    assert!(report.all_rules().contains(&"acme/competitor".into()));

    for (body, needle, line) in [
        ("    patterns: [\"(unclosed\"]\n", "invalid regex", 6),
        ("    keywords: [globex]\n    colour: red\n", "colour", 7),
        ("    keywords: [x]\n  - id: acme/competitor\n    severity: error\n    message: m\n    explanation: e\n    keywords: [y]\n", "duplicate rule id", 7),
        ("    patterns: ['(a+)+$']\n    keywords: [k]\n", "", 0),
    ] {
        project.write("rules/acme.yaml", format!("{head}{body}"));
        let run = project.smslint(&["check", "msg.txt"]);
        if needle.is_empty() {
            // A nested quantifier is fine: the regex engine runs in linear time.
            assert_eq!(run.code, 0, "{}", run.stderr);
            continue;
        }
        assert_eq!(run.code, 2, "{body:?}: {}", run.stderr);
        assert!(run.stderr.contains(needle), "{body:?}: {}", run.stderr);
        assert!(run.stderr.contains(&format!("rules/acme.yaml:{line}:")), "{body:?}: {}", run.stderr);
    }
}

#[test]
fn the_walk_honours_gitignore_hidden_and_build_folders() {
    let project = Project::new();
    project
        .write(".gitignore", "generated/\n")
        .write("generated/old.txt", "Buy vodka now\n")
        .write(".hidden/x.txt", "Buy vodka now\n")
        .write("node_modules/pkg/x.txt", "Buy vodka now\n")
        .write("target/x.txt", "Buy vodka now\n")
        .write("templates/ok.sms", CLEAN)
        .write("templates/notes.md", "Buy vodka now\n")
        .write(
            "templates/promo.liquid",
            "Buy vodka now {% if vip %}x{% endif %}\n",
        );
    let report = project.report(&["--no-config", "."]);
    let paths: Vec<_> = report
        .diagnostics()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert!(
        paths.iter().all(|path| *path == "templates/promo.liquid"),
        "{paths:?}"
    );
    assert_eq!(report.json["summary"]["files"], 2);

    let unignored = project.report(&["--no-config", "--no-ignore", "."]);
    assert!(unignored
        .rules_for("generated/old.txt")
        .contains(&"shaft/alcohol".into()));
    assert!(unignored.rules_for("node_modules/pkg/x.txt").is_empty());
}

#[test]
fn bad_input_is_reported_and_the_rest_is_still_linted() {
    let project = Project::new();
    project
        .write(
            "bad.txt",
            b"Acme: caf\xe9 special\ntonight \xff\xfe\n".as_slice(),
        )
        .write(
            "blob.txt",
            (0..=255u8).cycle().take(2048).collect::<Vec<_>>(),
        )
        .write("empty.txt", "")
        .write(
            "later.txt",
            "Buy CBD gummies now at Acme! Reply STOP to opt out.\n",
        );
    let report = project.report(&["--no-config", "."]);
    assert_eq!(report.code, 1);
    assert_eq!(report.rules_for("bad.txt"), ["input/invalid-utf8"]);
    assert_eq!(report.rules_for("blob.txt"), ["input/binary"]);
    assert!(report.rules_for("empty.txt").is_empty());
    assert!(report
        .rules_for("later.txt")
        .contains(&"shaft/cannabis".into()));
    let invalid = report
        .diagnostics()
        .iter()
        .find(|d| d["path"] == "bad.txt")
        .unwrap();
    assert_eq!(
        (invalid["line"].as_u64(), invalid["column"].as_u64()),
        (Some(1), Some(10))
    );
    assert_eq!(invalid["byte_start"], 9);

    let missing = project.smslint(&["check", "--no-config", "no-such-dir", "later.txt"]);
    assert_eq!(missing.code, 1);
    assert!(missing.stdout.contains("no-such-dir"), "{}", missing.stdout);
    assert!(missing.stdout.contains("input/unreadable"));
    assert!(
        missing.stdout.contains("shaft/cannabis"),
        "the other path is still linted"
    );
    assert!(!missing.stderr.contains("panicked"));
}

#[test]
fn placeholders_are_masked_but_spans_stay_on_the_source() {
    let project = Project::new();
    project.write(
        "t.hbs",
        "Hi {{wine_club_member}}, {% if vip %}{{#each items}}{{/each}}{% endif %} your Acme beer order {{beer_order_id}} shipped.\n",
    );
    let report = project.report(&[
        "--no-config",
        "--use-case",
        "DELIVERY_NOTIFICATION",
        "t.hbs",
    ]);
    let found: Vec<_> = report
        .diagnostics()
        .iter()
        .map(|d| d["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        found,
        ["beer"],
        "only the literal word outside placeholders fires"
    );
}

#[test]
fn human_output_is_a_compiler_style_diagnostic() {
    let project = Project::new();
    project.write("promo.txt", PROMO_ALCOHOL).write(
        "clean.txt",
        "Acme Dental: 20% off whitening this month. Reply STOP to opt out.\n",
    );
    let run = project.smslint(&["check", "--no-config", "--use-case", "MARKETING", "."]);
    assert_eq!(run.code, 1);
    let out = &run.stdout;
    assert!(
        out.contains("error[shaft/alcohol]: alcohol content"),
        "{out}"
    );
    assert!(out.contains("┌─ promo.txt:1:39"), "{out}");
    assert!(out.contains("^^^^^ alcohol term"), "{out}");
    assert!(
        out.contains("= help: remove the alcohol reference"),
        "{out}"
    );
    assert!(out.contains("= note: Twilio error 30875"), "{out}");
    assert!(
        out.trim_end()
            .ends_with("smslint: checked 2 files, 2 messages: 3 errors, 0 warnings, 0 infos"),
        "{out}"
    );
    assert!(
        !out.contains('\u{1b}'),
        "no colour codes when NO_COLOR is set"
    );

    let concise = project.smslint(&[
        "check",
        "--no-config",
        "--format",
        "concise",
        "--use-case",
        "MARKETING",
        "promo.txt",
    ]);
    let lines: Vec<_> = concise.stdout.lines().collect();
    assert_eq!(lines[0], "promo.txt:1:11: error[shaft/alcohol] alcohol content: carriers only allow it behind a 21+ age gate");
    assert_eq!(lines.len(), 4);
}

#[test]
fn rules_and_explain_document_every_rule() {
    let project = Project::new();
    let listing = project.smslint(&["rules", "--format", "json"]);
    assert_eq!(listing.code, 0);
    let rules: Vec<Value> = serde_json::from_str(&listing.stdout).unwrap();
    let ids: Vec<_> = rules
        .iter()
        .map(|rule| rule["id"].as_str().unwrap())
        .collect();
    for required in [
        "shaft/sex",
        "shaft/hate",
        "shaft/alcohol",
        "shaft/firearms",
        "shaft/tobacco",
        "shaft/cannabis",
        "opt-out/missing",
        "opt-out/non-standard-keyword",
        "identity/missing-brand",
        "spam/public-url-shortener",
        "input/invalid-utf8",
    ] {
        assert!(
            ids.contains(&required),
            "{required} missing from `smslint rules`"
        );
    }
    // Every id in the rule packs is listed: read the YAML independently.
    let packs = fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("rules")).unwrap();
    for pack in packs
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "yaml"))
    {
        for line in fs::read_to_string(pack.path()).unwrap().lines() {
            if let Some(id) = line.trim().strip_prefix("- id: ") {
                assert!(
                    ids.contains(&id),
                    "{id} from {:?} is not listed",
                    pack.path()
                );
            }
        }
    }
    let human = project.smslint(&["rules"]);
    assert!(
        human.stdout.contains("shaft/alcohol")
            && human.stdout.contains(&format!("{} rules", ids.len()))
    );

    let explain = project.smslint(&["explain", "shaft/alcohol"]);
    assert_eq!(explain.code, 0);
    for section in [
        "Why it matters",
        "Policy",
        "How to fix it",
        "Flagged",
        "Not flagged",
        "References",
        "30875",
        "vodka",
    ] {
        assert!(
            explain.stdout.contains(section),
            "explain lacks {section}: {}",
            explain.stdout
        );
    }
}

#[test]
fn output_does_not_depend_on_thread_count() {
    let project = Project::new();
    for index in 0..40 {
        let text = if index % 3 == 0 { PROMO_ALCOHOL } else { CLEAN };
        project.write(&format!("t/{}/m{index}.txt", index % 7), text);
    }
    let run = |threads: &str| {
        let mut command = Command::cargo_bin("smslint").unwrap();
        command
            .current_dir(project.path())
            .args(["check", "--no-config", "--format", "json", "."])
            .env("RAYON_NUM_THREADS", threads);
        command.output().unwrap().stdout
    };
    let single = run("1");
    assert_eq!(single, run("4"));
    assert_eq!(single, run("2"));
}

/// The config and rule examples of docs/ are real: they load and work.
#[test]
fn readme_config_and_rule_examples_work() {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    let yaml_after = |page: &str, heading: &str| -> String {
        let text = fs::read_to_string(docs.join(page)).unwrap();
        let section = &text[text.find(heading).expect(heading)..];
        let start = section.find("```yaml\n").unwrap() + "```yaml\n".len();
        section[start..start + section[start..].find("```").unwrap()].to_owned()
    };
    let project = Project::new();
    project
        .write(
            "smslint.yaml",
            yaml_after("configuration.md", "# Configuration"),
        )
        .write(
            "compliance/our-rules.yaml",
            yaml_after("rules.md", "## Writing a rule"),
        )
        .write(
            "smslint-baseline.json",
            "{\"version\": 1, \"entries\": []}\n",
        )
        .write("otp/code.txt", "Your Acme Dental code is {{code}}.\n")
        .write(
            "legacy/old.txt",
            "FREE MONEY!!! Acme Dental deals, buy now. Reply STOP to opt out\n",
        )
        .write(
            "promo.txt",
            "Acme Dental: 20% off!!! Globex is worse. Reply STOP to opt out\n",
        );
    let report = project.report(&["."]);
    assert!(report.rules_for("otp/code.txt").is_empty());
    assert!(
        report.rules_for("legacy/old.txt").is_empty(),
        "legacy/** ignores spam"
    );
    // The config selects the example rule's category, so the user's rule
    // runs beside the built-in ones (issue 16 #12: it used not to).
    assert_eq!(
        report.rules_for("promo.txt"),
        ["spam/exclamation-run", "acme/competitor-name"]
    );
    assert_eq!(report.severity_of("spam/exclamation-run"), ["error"]);
    let selected = project.report(&["--select", "acme", "promo.txt"]);
    assert_eq!(selected.rules_for("promo.txt"), ["acme/competitor-name"]);
}

#[test]
fn obfuscated_terms_are_reported_on_the_original_bytes_with_a_note() {
    let project = Project::new();
    project.write(
        "promo.txt",
        "Café night: cheap v0dka, C.B.D and саsino chips\n",
    );
    let report = project.report(&["--no-config", "promo.txt"]);
    let found: Vec<(&str, &str)> = report
        .diagnostics()
        .iter()
        .map(|d| (d["rule"].as_str().unwrap(), d["text"].as_str().unwrap()))
        .collect();
    for expected in [
        ("shaft/alcohol", "v0dka"),
        ("spam/obfuscated-term", "v0dka"),
        ("shaft/cannabis", "C.B.D"),
        ("restricted/gambling", "саsino"),
    ] {
        assert!(found.contains(&expected), "{expected:?} not in {found:?}");
    }
    let human = project.smslint(&["check", "--no-config", "promo.txt"]);
    assert!(
        human
            .stdout
            .contains("= note: `v0dka` reads as `vodka` once obfuscation is undone"),
        "{}",
        human.stdout
    );
}

#[test]
fn config_suppressions_accept_findings_and_report_unused_expired_and_unexplained_ones() {
    let project = Project::new();
    project
        .write(
            "smslint.yaml",
            "suppressions:\n  - paths: [\"legacy/**\"]\n    rule: shaft/alcohol\n    match: VODKA\n    reason: approved by legal, ticket 42\n    expires: 2999-12-31\n  - paths: [\"**\"]\n    rule: spam\n    reason: old campaign\n    expires: 2001-01-01\n  - paths: [\"nothing/**\"]\n    rule: shaft\n",
        )
        .write("legacy/a.txt", "Acme: vodka and beer night, 40% off!!! Reply STOP to opt out\n")
        .write("new/b.txt", "Acme: vodka tasting. Reply STOP to opt out\n");
    let report = project.report(&["."]);
    // Only the legacy vodka is accepted: beer there, and vodka elsewhere, are not.
    let legacy: Vec<&str> = report
        .diagnostics()
        .iter()
        .filter(|d| d["path"] == "legacy/a.txt")
        .map(|d| d["text"].as_str().unwrap())
        .collect();
    assert!(
        legacy.contains(&"beer") && !legacy.contains(&"vodka"),
        "{legacy:?}"
    );
    assert!(report
        .rules_for("new/b.txt")
        .contains(&"shaft/alcohol".into()));
    // The expired spam entry accepts nothing any more.
    assert!(report
        .rules_for("legacy/a.txt")
        .contains(&"spam/exclamation-run".into()));
    let config: Vec<(String, u64)> = report
        .diagnostics()
        .iter()
        .filter(|d| d["path"] == "smslint.yaml")
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        config,
        [
            ("suppression/expired".to_owned(), 10),
            ("suppression/missing-reason".to_owned(), 12),
            ("suppression/unused".to_owned(), 12),
        ]
    );

    project.write(
        "smslint.yaml",
        "suppressions:\n  - paths: [\"**\"]\n    rule: shaft\n    expires: next week\n",
    );
    let bad = project.smslint(&["check", "."]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("smslint.yaml:4:") && bad.stderr.contains("YYYY-MM-DD"),
        "{}",
        bad.stderr
    );
}

#[test]
fn unsafe_fixes_without_fix_or_diff_is_refused() {
    let project = Project::new();
    project.write("promo.txt", "Acme: it\u{2019}s on!\n");
    let run = project.smslint(&["check", "--no-config", "--unsafe-fixes", "promo.txt"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("--unsafe-fixes goes with --fix or --diff"),
        "{}",
        run.stderr
    );
    let run = project.smslint(&[
        "check",
        "--no-config",
        "--diff",
        "--unsafe-fixes",
        "promo.txt",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
}

#[test]
fn init_campaign_in_a_configured_project_writes_the_campaign_alone() {
    let project = Project::new();
    project.write("smslint.yaml", "brand: Harbor Books\n");
    let run = project.smslint(&["init", "--campaign"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let config = std::fs::read_to_string(project.path().join("smslint.yaml")).unwrap();
    assert_eq!(config, "brand: Harbor Books\n");
    assert!(project.path().join("campaign.yaml").is_file());
    // Once the campaign exists too, --force is needed.
    let again = project.smslint(&["init", "--campaign"]);
    assert_eq!(again.code, 2, "{}", again.stderr);
}

#[test]
fn explain_a_category_lists_its_rules() {
    let project = Project::new();
    let run = project.smslint(&["explain", "shaft"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for id in [
        "shaft/alcohol",
        "shaft/cannabis",
        "shaft/firearms",
        "shaft/hate",
        "shaft/sex",
        "shaft/tobacco",
    ] {
        assert!(run.stdout.contains(id), "{id} missing:\n{}", run.stdout);
    }
    assert!(run.stdout.contains("6 rules"), "{}", run.stdout);
}

/// A mistyped rule id is met with the rule meant: case ignored, a bare
/// name found in its category, a near name within its own category only.
#[test]
fn explain_suggests_the_rule_meant() {
    let project = Project::new();
    for (wanted, meant) in [
        ("alcohol", "did you mean `shaft/alcohol`?"),
        ("SHAFT/ALCOHOL", "did you mean `shaft/alcohol`?"),
        ("spam/all-cap", "did you mean `spam/all-caps`?"),
        ("optout", "did you mean `opt-out`?"),
    ] {
        let run = project.smslint(&["explain", wanted]);
        assert_eq!(run.code, 2, "{wanted}");
        assert!(run.stderr.contains(meant), "{wanted}: {}", run.stderr);
    }
    let help = project.smslint(&["explain", "--help"]);
    assert!(help.stdout.contains("<RULE|CATEGORY>"), "{}", help.stdout);
    let check = project.smslint(&["check", "--help"]);
    for described in [
        "Colour the human report: auto",
        "pass over files that hold no SMS text",
    ] {
        assert!(
            check.stdout.contains(described),
            "{described:?}:\n{}",
            check.stdout
        );
    }
}

/// A finding on a very long line is shown in a window around its span, as
/// ripgrep's `--max-columns-preview` does: the report's size does not grow
/// with the line, and the header keeps the real line and column.
#[test]
fn long_lines_are_shown_as_a_window_around_the_span() {
    let project = Project::new();
    let filler = "word ".repeat(200_000);
    project.write("long.txt", format!("{filler}vodka {filler}\n"));
    let run = project.smslint(&["check", "--no-config", "long.txt"]);
    assert_eq!(run.code, 1);
    let vodka = run
        .stdout
        .split("\n\n")
        .find(|block| block.contains("shaft/alcohol"))
        .expect("vodka is reported");
    assert!(vodka.contains("┌─ long.txt:1:1000001"), "{vodka}");
    assert!(vodka.contains("1 │ …word word"), "{vodka}");
    assert!(vodka.contains("word vodka word"), "{vodka}");
    assert!(vodka.contains("word word…\n"), "{vodka}");
    let underline = vodka
        .lines()
        .find(|line| line.contains("^^^^^"))
        .expect("the span is underlined");
    let snippet = vodka
        .lines()
        .find(|line| line.contains("vodka word"))
        .unwrap();
    assert_eq!(
        underline
            .find('^')
            .map(|at| underline[..at].chars().count()),
        snippet
            .find("vodka")
            .map(|at| snippet[..at].chars().count()),
        "the underline sits under the term"
    );
    // Every diagnostic, whole-message ones included, fits in a few lines
    // of bounded width, against 2 MB of source.
    let longest = run.stdout.lines().map(|line| line.chars().count()).max();
    assert!(longest.is_some_and(|width| width < 400), "{longest:?}");
    assert!(run.stdout.len() < 8_000, "{} bytes", run.stdout.len());
}

/// `rules` and `explain`, run where a config `extend:`s rule files, know
/// those rules too, marked as the user's, as `check` runs them.
#[test]
fn rules_and_explain_know_the_rules_a_config_extends() {
    let project = Project::new();
    project
        .write("smslint.yaml", "rules:\n  extend: [ours.yaml]\n")
        .write(
            "ours.yaml",
            "rules:\n  - id: acme/competitor\n    severity: error\n    message: names a competitor\n    explanation: we do not\n    keywords: [globex]\n",
        );
    let list = project.smslint(&["rules"]);
    assert_eq!(list.code, 0, "{}", list.stderr);
    let line = list
        .stdout
        .lines()
        .find(|line| line.starts_with("acme/competitor"))
        .expect("the extended rule is listed");
    assert!(line.ends_with("(yours: ours.yaml)"), "{line}");
    assert!(!list
        .stdout
        .lines()
        .any(|line| line.starts_with("shaft/alcohol") && line.contains("yours")));
    let json: Value =
        serde_json::from_str(&project.smslint(&["rules", "--format", "json"]).stdout).unwrap();
    let ours = json
        .as_array()
        .unwrap()
        .iter()
        .find(|rule| rule["id"] == "acme/competitor")
        .unwrap();
    assert_eq!(ours["file"], "ours.yaml");
    let explain = project.smslint(&["explain", "acme/competitor"]);
    assert_eq!(explain.code, 0, "{}", explain.stderr);
    assert!(
        explain.stdout.contains("Yours: defined in ours.yaml"),
        "{}",
        explain.stdout
    );
    let category = project.smslint(&["explain", "acme"]);
    assert!(
        category.stdout.contains("acme/competitor"),
        "{}",
        category.stdout
    );
    // Elsewhere, the rule is unknown, as check would say.
    let elsewhere = Project::new();
    assert_eq!(elsewhere.smslint(&["explain", "acme/competitor"]).code, 2);
}

/// Issue 16 #2: advice names the configured brand, use case and language,
/// and a campaign that names another business is told so.
#[test]
fn advice_names_the_users_brand_use_case_and_language() {
    let project = Project::new();
    project.write(".git/HEAD", "ref: refs/heads/main\n");
    project.write(
        "promo.txt",
        "Big savings this weekend: 30% off all pizzas!\n",
    );
    let help = |report: &common::Report, rule: &str| -> String {
        report
            .diagnostics()
            .iter()
            .find(|d| d["rule"] == rule)
            .map(|d| format!("{} | {}", d["message"], d["help"]))
            .unwrap_or_else(|| panic!("no {rule} in {:?}", report.json))
    };
    let pizza = project.report(&[
        "--no-config",
        "--brand",
        "Bella Pizza",
        "--use-case",
        "MARKETING",
        "promo.txt",
    ]);
    let missing_brand = help(&pizza, "identity/missing-brand");
    assert!(
        missing_brand.contains("does not name the brand Bella Pizza")
            && missing_brand.contains("\\\"Bella Pizza: ...\\\""),
        "{missing_brand}"
    );
    let opt_out = help(&pizza, "opt-out/missing");
    assert!(opt_out.contains("Reply STOP to opt out"), "{opt_out}");

    let spanish = project.report(&[
        "--no-config",
        "--use-case",
        "MARKETING",
        "--locale",
        "es-MX",
        "promo.txt",
    ]);
    let opt_out = help(&spanish, "opt-out/missing");
    assert!(
        opt_out.contains("Responda STOP para cancelar") && !opt_out.contains("Reply STOP"),
        "{opt_out}"
    );

    project.write(
        "campaign.yaml",
        "campaign:\n  brand: Harbor\n  use_case: ACCOUNT_NOTIFICATION\n  opt_in:\n    keywords: [START]\n    message: \"Acme Dental: you are subscribed. Reply STOP to opt out.\"\n",
    );
    let campaign = project.report(&["--no-config", "campaign.yaml"]);
    let opt_in = help(&campaign, "campaign/opt-in-incomplete");
    assert!(
        opt_in.contains("missing the brand name “Harbor”")
            && opt_in.contains("\\\"Harbor: you're subscribed to account notifications.")
            && !opt_in.contains("Acme Dental:"),
        "{opt_in}"
    );
    let mismatch = help(&campaign, "campaign/brand-mismatch");
    assert!(
        mismatch.contains("signed “Acme Dental”, but the campaign's brand is “Harbor”"),
        "{mismatch}"
    );
}

/// Issue 16 review: documentation shows a rule's templates filled, never a
/// raw `{brand}`; `--show-files` says why each file of a folder was passed
/// over; `inspect` of nothing says so; counts of one are singular.
#[test]
fn listings_and_inspect_speak_plainly() {
    let project = Project::new();
    project.write(".git/HEAD", "ref: refs/heads/main\n");
    let rules = project.smslint(&["rules"]);
    assert!(!rules.stdout.contains("{brand}") && !rules.stdout.contains("{match}"));
    assert!(
        rules
            .stdout
            .contains("does not name the brand [brand name]"),
        "{}",
        rules.stdout
    );
    let explain = project.smslint(&["explain", "opt-out/missing"]);
    assert!(!explain.stdout.contains("{opt_out}"), "{}", explain.stdout);
    assert!(
        explain.stdout.contains("\"Reply STOP to opt out\""),
        "{}",
        explain.stdout
    );

    project.write("t/README.md", "# templates\n");
    project.write("t/LICENSE.txt", "MIT\n");
    project.write("t/logo.png", b"\x89PNG\r\n\x1a\n".as_slice());
    project.write("t/a.txt", "Acme: hi\n");
    let shown = project.smslint(&["check", "--show-files", "t"]);
    assert_eq!(
        shown.stdout,
        "t/LICENSE.txt: skipped: its name says it is a project document (a licence, a README, a changelog)\n\
         t/README.md: skipped: its extension is not a template's\n\
         t/a.txt: template\n\
         t/logo.png: skipped: its extension is not a template's\n"
    );

    project.write("empty/.keep", "");
    let inspect = project.smslint(&["inspect", "empty"]);
    assert_eq!(inspect.code, 0);
    assert!(
        inspect.stderr.contains("warning: no message to inspect"),
        "{}",
        inspect.stderr
    );
    let one = project.smslint_in("", &["inspect", "-"], Some("a"));
    assert_eq!(
        one.stdout,
        "-:1:1: GSM-7, 1 segment, 1 character, 1 septet\n"
    );
}

/// Issue 13: in a conversational programme only the first message of a
/// thread needs opt-out language; which is first is told by the file name
/// or catalog key (intro, first, welcome, outreach, ...).
#[test]
fn conversational_programmes_need_opt_out_in_the_first_message_only() {
    let project = Project::new();
    project.write(".git/HEAD", "ref: refs/heads/main\n");
    let body = "Acme Volunteers: 20% off event tickets this weekend for you!\n";
    project.write("sms/intro.txt", body);
    project.write("sms/followup.txt", body);
    project.write(
        "config/locales/en.yml",
        "en:\n  sms:\n    outreach_first: \"Acme: 20% off tickets this weekend!\"\n    reply_details: \"Acme: 20% off tickets this weekend!\"\n",
    );
    let missing = |report: &common::Report| -> Vec<String> {
        report
            .diagnostics()
            .iter()
            .filter(|d| d["rule"] == "opt-out/missing")
            .map(|d| {
                format!(
                    "{} {}",
                    d["path"].as_str().unwrap(),
                    d["key"].as_str().unwrap_or("")
                )
            })
            .collect()
    };
    // Not conversational: every promotional message needs it.
    let broadcast = project.report(&["--use-case", "MARKETING", "sms", "config"]);
    assert_eq!(missing(&broadcast).len(), 4, "{:?}", missing(&broadcast));

    project.write(
        "smslint.yaml",
        "use_case: MARKETING\nconversational: true\n",
    );
    let thread = project.report(&["sms", "config"]);
    assert_eq!(
        missing(&thread),
        [
            "config/locales/en.yml en.sms.outreach_first",
            "sms/intro.txt "
        ]
    );
    // The POLITICAL use case is conversational without saying so.
    project.write("smslint.yaml", "use_case: POLITICAL\n");
    let political = project.report(&["sms"]);
    assert_eq!(missing(&political), ["sms/intro.txt "]);
    // ...unless the config says it broadcasts.
    project.write(
        "smslint.yaml",
        "use_case: POLITICAL\nconversational: false\n",
    );
    let broadcast = project.report(&["sms"]);
    assert_eq!(missing(&broadcast).len(), 2, "{:?}", missing(&broadcast));
}

/// A config suppression for files a run does not read (pre-commit names
/// only the staged ones) is not called unused by that run; a run that reads
/// its file, or the config's whole folder, does judge it.
#[test]
fn a_suppression_is_judged_only_by_runs_that_read_its_files() {
    let project = Project::new();
    project.write(
        "smslint.yaml",
        "suppressions:\n  - paths: [\"t/a.txt\"]\n    rule: shaft/alcohol\n    reason: the tasting menu is age-gated\n",
    );
    project.write("t/a.txt", "Harbor Bistro: wine tasting tonight at 7.\n");
    project.write("t/b.txt", "Harbor Bistro: your table is booked for 7.\n");
    let unused = |args: &[&str]| {
        project
            .report(args)
            .all_rules()
            .contains(&"suppression/unused".to_owned())
    };
    assert!(!unused(&["."]));
    assert!(!unused(&["t/b.txt"]));
    assert!(!unused(&["--force-exclude", "t/b.txt"]));
    project.write("t/a.txt", "Harbor Bistro: tasting tonight at 7.\n");
    assert!(unused(&["."]));
    assert!(unused(&["t/a.txt"]));
    assert!(!unused(&["t/b.txt"]));
}

/// `brand:` takes the names a business signs with, and a curly apostrophe
/// is the straight one: "Luigi’s Trattoria" names "Luigi's Trattoria".
#[test]
fn the_brand_is_any_of_its_names_whatever_the_apostrophe() {
    let project = Project::new();
    project.write(
        "sms/curly.txt",
        "Luigi’s Trattoria: 20% off pasta tonight. Reply STOP to opt out.\n",
    );
    project.write(
        "sms/short.txt",
        "Luigi's: 20% off pasta tonight. Reply STOP to opt out.\n",
    );
    project.write(
        "sms/none.txt",
        "Tonight: 20% off pasta. Reply STOP to opt out.\n",
    );
    let missing = |config: &str| -> Vec<String> {
        project.write("smslint.yaml", config);
        let report = project.report(&["."]);
        let mut files: Vec<String> = report
            .diagnostics()
            .iter()
            .filter(|d| d["rule"] == "identity/missing-brand")
            .map(|d| d["path"].as_str().unwrap().to_owned())
            .collect();
        files.sort();
        files
    };
    assert_eq!(
        missing("brand: \"Luigi's Trattoria\"\nuse_case: MARKETING\n"),
        ["sms/none.txt", "sms/short.txt"]
    );
    assert_eq!(
        missing("brand: [\"Luigi's Trattoria\", \"Luigi's\"]\nuse_case: MARKETING\n"),
        ["sms/none.txt"]
    );
    // The advice names the first name.
    let report = project.report(&["."]);
    let message = report
        .diagnostics()
        .iter()
        .find(|d| d["rule"] == "identity/missing-brand")
        .map(|d| d["message"].as_str().unwrap_or_default().to_owned())
        .unwrap_or_default();
    assert!(message.contains("Luigi's Trattoria"), "{message}");
}

/// The "Writing a rule" example (docs/rules.md) works as written: `rules --check`
/// passes it and `check` fires it. A pack whose example fails, or whose
/// scope the config rules out, is told so.
#[test]
fn rules_check_runs_a_packs_examples_and_the_readme_rule_fires() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md")).unwrap();
    let section = &readme[readme.find("## Writing a rule").unwrap()..];
    let start = section.find("```yaml\n").unwrap() + "```yaml\n".len();
    let rule = &section[start..start + section[start..].find("```").unwrap()];
    let project = Project::new();
    project.write("compliance/our-rules.yaml", rule);
    project.write(
        "smslint.yaml",
        "rules:\n  extend: [compliance/our-rules.yaml]\n",
    );
    let run = project.smslint(&["rules", "--check"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("(1 from your rule files)"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("warning["), "{}", run.stdout);
    project.write("sms/promo.txt", "Acme beats Globex on price!\n");
    let report = project.report(&["sms"]);
    assert_eq!(report.all_rules(), ["acme/competitor-name"]);

    project.write(
        "compliance/our-rules.yaml",
        r#"rules:
  - id: acme/emoji
    severity: warning
    message: "no emoji"
    explanation: "House style."
    applies_to: {locales: [en], use_cases: [MARKETING]}
    keywords: [smiley]
    examples:
      bad: ["What a frown"]
      good: ["Plain text"]
"#,
    );
    project.write(
        "smslint.yaml",
        "use_case: ACCOUNT_NOTIFICATION\nrules:\n  extend: [compliance/our-rules.yaml]\n",
    );
    let run = project.smslint(&["rules", "--check"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    for said in [
        "compliance/our-rules.yaml: error[acme/emoji]: bad example does not fire: \"What a frown\"",
        "warning[acme/emoji]: never applies: it is scoped to use cases MARKETING, and the config's use case is ACCOUNT_NOTIFICATION",
        "warning[acme/emoji]: applies only to messages whose locale is known (en)",
        "1 failure",
    ] {
        assert!(run.stdout.contains(said), "{said:?}:\n{}", run.stdout);
    }
}

/// Nested configs do what a ruff user expects: `init` in a subfolder
/// extends the project's config, two configs in one folder are an error,
/// a root `exclude:` reaches a subfolder with its own config, and
/// `--show-settings` says what governs a file.
#[test]
fn nested_configs_extend_refuse_twins_and_show_their_settings() {
    let project = Project::new();
    project.write(".git/HEAD", "ref: refs/heads/main\n");
    project.write(
        "smslint.yaml",
        "brand: Harbor Cafe\nexclude: [\"team/sms/draft.txt\"]\n",
    );
    project.write("team/sms/draft.txt", "Big sale today!\n");
    project.write("team/sms/promo.txt", "Big sale today!\n");
    let init = project.smslint_in("team", &["init"], None);
    assert_eq!(init.code, 0, "{}", init.stderr);
    assert!(
        init.stdout.contains("extending ../smslint.yaml"),
        "{}",
        init.stdout
    );
    let written = std::fs::read_to_string(project.path().join("team/smslint.yaml")).unwrap();
    assert!(
        written.contains("extend-config: ../smslint.yaml\n"),
        "{written}"
    );

    let report = project.report(&["."]);
    let paths: Vec<&str> = report
        .diagnostics()
        .iter()
        .filter_map(|diagnostic| diagnostic["path"].as_str())
        .collect();
    assert!(paths.contains(&"team/sms/promo.txt"), "{paths:?}");
    assert!(
        !paths.contains(&"team/sms/draft.txt"),
        "the root's exclude: {paths:?}"
    );
    // The parent's brand governs the subfolder.
    assert!(
        report
            .all_rules()
            .contains(&"identity/missing-brand".to_owned()),
        "{:?}",
        report.all_rules()
    );

    let settings = project.smslint(&["check", "--show-settings", "team/sms/promo.txt"]);
    assert_eq!(settings.code, 0, "{}", settings.stderr);
    for line in [
        "team/sms/promo.txt:\n",
        "  read as: a template (one message)\n",
        "  config: team/smslint.yaml, extending smslint.yaml\n",
        "  brand: Harbor Cafe\n",
        "  campaigns: (none)\n",
    ] {
        assert!(
            settings.stdout.contains(line),
            "{line:?}:\n{}",
            settings.stdout
        );
    }

    project.write("team/.smslint.yaml", "brand: Other\n");
    let twins = project.smslint(&["check", "team"]);
    assert_eq!(twins.code, 2);
    assert!(
        twins.stderr.contains("is beside") && twins.stderr.contains("keep one config per folder"),
        "{}",
        twins.stderr
    );
}
