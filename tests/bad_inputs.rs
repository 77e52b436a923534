//! The bad-input matrix: each hostile or broken input gets a clear
//! diagnostic with its path (and line and column where there is one), the
//! exit code says so, and the other files of the same run are still linted.
//! (Invalid rule files and configs, which stop a run with exit 2, are in
//! tests/cli.rs: `custom_rule_files_extend_and_are_validated` and
//! `config_errors_exit_2_with_file_line_and_column`.)

mod common;

use serde_json::Value;

use common::Project;

/// A file that must still be linted beside the bad one.
const GOOD: (&str, &str) = (
    "later.txt",
    "Buy CBD gummies now at Acme! Reply STOP to opt out.\n",
);

/// Lints `.` with a bad input beside [`GOOD`]; returns the diagnostics of
/// the bad path, after checking the exit code and that GOOD was linted.
fn lint_beside(project: &Project, bad: &str) -> Vec<Value> {
    project.write(GOOD.0, GOOD.1);
    let report = project.report(&["--no-config", "."]);
    assert_eq!(report.code, 1, "a bad input fails the run");
    assert!(
        report.rules_for(GOOD.0).contains(&"shaft/cannabis".into()),
        "the good file was still linted beside {bad}"
    );
    assert!(!report.json.to_string().contains("panicked"));
    report
        .diagnostics()
        .iter()
        .filter(|d| d["path"].as_str() == Some(bad))
        .cloned()
        .collect()
}

fn only_rule(found: &[Value]) -> (&str, &str) {
    assert_eq!(found.len(), 1, "{found:?}");
    (
        found[0]["rule"].as_str().unwrap(),
        found[0]["message"].as_str().unwrap(),
    )
}

#[test]
fn invalid_utf8_is_located() {
    let project = Project::new();
    project.write("bad.txt", b"Acme: fine\ncaf\xe9 \xff\n".as_slice());
    let found = lint_beside(&project, "bad.txt");
    let (rule, message) = only_rule(&found);
    assert_eq!(rule, "input/invalid-utf8");
    assert!(message.contains("line 2, column 4"), "{message}");
    assert_eq!(
        (found[0]["line"].as_u64(), found[0]["column"].as_u64()),
        (Some(2), Some(4))
    );
}

#[test]
fn a_binary_file_with_a_template_extension() {
    let project = Project::new();
    project.write("logo.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".as_slice());
    assert_eq!(
        only_rule(&lint_beside(&project, "logo.txt")).0,
        "input/binary"
    );
}

#[test]
fn an_empty_file_is_fine() {
    let project = Project::new();
    project.write("empty.txt", "").write(GOOD.0, GOOD.1);
    let report = project.report(&["--no-config", "."]);
    assert!(report.rules_for("empty.txt").is_empty());
    assert_eq!(report.json["summary"]["files"], 2);
}

#[test]
fn a_50_mb_file_in_one_line_is_too_large_and_the_limit_is_configurable() {
    let project = Project::new();
    project.write("dump.txt", "Acme sale ".repeat(5_000_000));
    let found = lint_beside(&project, "dump.txt");
    let (rule, message) = only_rule(&found);
    assert_eq!(rule, "input/too-large");
    assert!(message.contains("10000000 bytes"), "{message}");

    project.write("small-limit/smslint.yaml", "max_file_size: 20\n");
    project.write("small-limit/m.txt", "Acme: your table is ready for two.\n");
    let report = project.report(&["small-limit/m.txt"]);
    assert_eq!(report.rules_for("small-limit/m.txt"), ["input/too-large"]);
    project.write("small-limit/smslint.yaml", "max_file_size: lots\n");
    let run = project.smslint(&["check", "small-limit/m.txt"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("smslint.yaml:1:") && run.stderr.contains("lots"),
        "{}",
        run.stderr
    );
}

#[test]
fn deeply_nested_yaml_is_refused_with_a_place() {
    let project = Project::new();
    let deep = format!(
        "campaign:\n  brand: {}{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    project.write("deep.yaml", deep);
    let found = lint_beside(&project, "deep.yaml");
    let (rule, message) = only_rule(&found);
    assert_eq!(rule, "input/invalid-yaml");
    assert!(message.contains("recursion limit"), "{message}");
    assert_eq!(found[0]["line"], 2);
}

#[test]
fn a_billion_laughs_alias_bomb_is_refused() {
    let project = Project::new();
    let mut bomb =
        String::from("campaign:\n  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 1..10 {
        let previous = format!("*a{}", level - 1);
        bomb.push_str(&format!(
            "  a{level}: &a{level} [{}]\n",
            vec![previous; 9].join(", ")
        ));
    }
    project.write("bomb.yaml", bomb);
    let found = lint_beside(&project, "bomb.yaml");
    let (rule, message) = only_rule(&found);
    assert_eq!(rule, "input/invalid-yaml");
    assert!(
        message.contains("anchor") || message.contains("alias"),
        "{message}"
    );
    assert_eq!(found[0]["line"], 2);
}

#[test]
fn malformed_yaml_is_located() {
    let project = Project::new();
    project.write(
        "broken.yaml",
        "campaign:\n  brand: Acme\n  use_case: [MARKETING\n",
    );
    let found = lint_beside(&project, "broken.yaml");
    assert_eq!(only_rule(&found).0, "input/invalid-yaml");
    assert!(found[0]["line"].as_u64().unwrap() >= 3);
}

#[test]
fn files_of_other_formats_named_explicitly_do_not_stop_the_run() {
    // JSON, .properties and .po catalogs are not read as catalogs yet; named
    // on the command line they are linted as plain text, without a crash.
    let project = Project::new();
    project
        .write(
            "big.json",
            // Words, not one token: a single token is configuration, not a text.
            format!("{{\"sms\": \"{}\"}}", "xy ".repeat(333_334)),
        )
        .write("broken.json", "{\"sms\": ")
        .write(
            "messages.properties",
            "sms.welcome=Welcome \\\n  to Acme\nbroken\\u12\n",
        )
        .write("messages.po", "msgid \"unterminated\nmsgstr \"\"\n")
        .write(GOOD.0, GOOD.1);
    let report = project.report(&[
        "--no-config",
        "big.json",
        "broken.json",
        "messages.properties",
        "messages.po",
        GOOD.0,
    ]);
    assert!(report.rules_for(GOOD.0).contains(&"shaft/cannabis".into()));
    assert!(report
        .rules_for("big.json")
        .contains(&"encoding/too-long".into()));
    assert_eq!(report.json["summary"]["files"], 5);
}

#[test]
fn a_symlink_loop_does_not_trap_the_walk_and_is_reported_when_named() {
    let project = Project::new();
    project.write("loop/a.txt", "Acme: hello\n");
    std::os::unix::fs::symlink(
        project.path().join("loop"),
        project.path().join("loop/again"),
    )
    .unwrap();
    let report = project.report(&["--no-config", "--no-ignore", "."]);
    assert!(report.rules_for("loop/a.txt").is_empty());
    // The walker follows links and walks a loop once: nothing is skipped.
    assert_eq!(report.code, 0);
    assert_eq!(report.json["summary"]["files"], 1);

    std::os::unix::fs::symlink("b.txt", project.path().join("a.txt")).unwrap();
    std::os::unix::fs::symlink("a.txt", project.path().join("b.txt")).unwrap();
    project.write(GOOD.0, GOOD.1);
    let named = project.report(&["--no-config", "a.txt", GOOD.0]);
    let looped = named
        .diagnostics()
        .iter()
        .find(|d| d["path"] == "a.txt")
        .unwrap();
    assert_eq!(looped["rule"], "input/unreadable");
    assert!(
        looped["message"]
            .as_str()
            .unwrap()
            .contains("symbolic links"),
        "{looped}"
    );
    assert!(named.rules_for(GOOD.0).contains(&"shaft/cannabis".into()));
}

#[test]
fn an_unreadable_directory_is_reported() {
    if unsafe_is_root() {
        // Root reads everything: the permission cannot be taken away here.
        eprintln!("skipped: running as root");
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let project = Project::new();
    project.write("locked/a.txt", "Acme: hello\n");
    std::fs::set_permissions(
        project.path().join("locked"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    let found = lint_beside(&project, "locked");
    std::fs::set_permissions(
        project.path().join("locked"),
        std::fs::Permissions::from_mode(0o755),
    )
    .unwrap();
    assert_eq!(only_rule(&found).0, "input/unreadable");
}

fn unsafe_is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .map(|status| {
            status
                .lines()
                .any(|line| line.starts_with("Uid:") && line.split_whitespace().nth(1) == Some("0"))
        })
        .unwrap_or(false)
}

#[test]
fn a_path_that_does_not_exist_is_named() {
    let project = Project::new();
    project.write(GOOD.0, GOOD.1);
    let report = project.report(&["--no-config", "missing/dir", GOOD.0]);
    assert_eq!(report.code, 1);
    let missing = report
        .diagnostics()
        .iter()
        .find(|d| d["path"] == "missing/dir")
        .unwrap();
    assert_eq!(missing["rule"], "input/unreadable");
    assert!(missing["message"]
        .as_str()
        .unwrap()
        .contains("no such file"));
    assert!(report.rules_for(GOOD.0).contains(&"shaft/cannabis".into()));
}

#[test]
fn yaml_nested_without_end_is_a_diagnostic_in_every_yaml_smslint_reads() {
    let deep = "- ".repeat(50_000) + "x\n";
    let project = Project::new();
    project
        .write("sms.yml", &deep)
        .write(
            "campaign.yaml",
            format!("campaign:\n  samples:\n    {deep}"),
        )
        .write(GOOD.0, GOOD.1);
    let report = project.report(&["--no-config", "."]);
    assert!(report.rules_for(GOOD.0).contains(&"shaft/cannabis".into()));
    for file in ["sms.yml", "campaign.yaml"] {
        let found = report.rules_for(file);
        assert_eq!(found, ["input/invalid-yaml"], "{file}");
    }
    let deep_message = report
        .diagnostics()
        .iter()
        .find(|d| d["path"] == "sms.yml")
        .unwrap()["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(deep_message.contains("nested deeper"), "{deep_message}");
    // A config or rule file nested that deep is a config error (exit 2),
    // with a location, not a crash.
    let short = |text: &str| text.chars().take(400).collect::<String>();
    project.write("smslint.yaml", format!("brand:\n{deep}"));
    let run = project.smslint(&["check", "."]);
    assert_eq!(run.code, 2, "{}", short(&run.stderr));
    assert!(
        run.stderr.contains("smslint.yaml:2:"),
        "{}",
        short(&run.stderr)
    );
    assert!(
        run.stderr.contains("nested deeper"),
        "{}",
        short(&run.stderr)
    );
    project
        .write("smslint.yaml", "rules:\n  extend: [ours.yaml]\n")
        .write("ours.yaml", format!("rules:\n{deep}"));
    let run = project.smslint(&["check", "."]);
    assert_eq!(run.code, 2, "{}", short(&run.stderr));
    assert!(
        run.stderr.contains("nested deeper"),
        "{}",
        short(&run.stderr)
    );
}

#[test]
fn a_fifo_named_on_the_command_line_is_reported_not_read() {
    let project = Project::new();
    project.write(GOOD.0, GOOD.1);
    let fifo = project.path().join("pipe.txt");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(status.success());
    // Would block forever if the FIFO were opened for reading.
    let report = project.report(&["--no-config", "pipe.txt", GOOD.0]);
    assert_eq!(report.rules_for("pipe.txt"), ["input/unreadable"]);
    assert!(report.rules_for(GOOD.0).contains(&"shaft/cannabis".into()));
}

#[test]
fn output_onto_the_streams_own_input_is_refused_before_writing() {
    let project = Project::new();
    let records = "{\"id\": \"a\", \"body\": \"Acme: hello\"}\n";
    project.write("m.jsonl", records);
    let run = project.smslint(&["check", "--jsonl", "m.jsonl", "--output", "./m.jsonl"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("own input"), "{}", run.stderr);
    let kept = std::fs::read_to_string(project.path().join("m.jsonl")).unwrap();
    assert_eq!(kept, records);
}

#[test]
fn a_closed_output_pipe_keeps_the_exit_code_the_findings_earned() {
    let project = Project::new();
    for index in 0..200 {
        project.write(
            &format!("t{index:03}.txt"),
            "Acme: free vodka shots tonight! Reply STOP to opt out.\n",
        );
    }
    let output =
        project.shell("set -o pipefail; \"$SMSLINT\" check --no-config . | head -c 1 > /dev/null");
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn a_backslash_in_a_file_name_is_reported_as_written() {
    let project = Project::new();
    project.write("promo\\vodka.txt", "Acme: vodka night\n");
    let report = project.report(&["--no-config", "."]);
    assert_eq!(report.rules_for("promo\\vodka.txt"), ["shaft/alcohol"]);
}

#[test]
fn show_files_lists_nothing_behind_a_link_out_of_the_project() {
    let project = Project::new();
    project.write("sms/promo.txt", "Acme: hello\n");
    let outside = Project::new();
    outside.write("README.md", "# notes\n");
    outside.write("notes/secret.txt", "not for the report\n");
    std::os::unix::fs::symlink(outside.path(), project.path().join("ext")).unwrap();
    let run = project.smslint(&["check", "--no-config", "--show-files", "ext", "sms"]);
    let shown = format!("{}{}", run.stdout, run.stderr);
    assert!(shown.contains("sms/promo.txt"), "{shown}");
    assert!(
        shown.contains("ext: skipped: a symbolic link out of the project"),
        "{shown}"
    );
    assert!(
        !shown.contains("README.md") && !shown.contains("secret"),
        "{shown}"
    );
}

#[test]
fn symlinked_templates_and_folders_in_the_tree_are_linted() {
    let project = Project::new();
    project.write("shared/promo.txt", "Acme: vodka night tonight!\n");
    std::fs::create_dir_all(project.path().join("templates")).unwrap();
    std::os::unix::fs::symlink(
        project.path().join("shared/promo.txt"),
        project.path().join("templates/linked.txt"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        project.path().join("shared"),
        project.path().join("templates/folder"),
    )
    .unwrap();
    let report = project.report(&["--no-config", "templates"]);
    assert_eq!(report.rules_for("templates/linked.txt"), ["shaft/alcohol"]);
    assert_eq!(
        report.rules_for("templates/folder/promo.txt"),
        ["shaft/alcohol"]
    );
}

#[test]
fn a_config_that_exists_but_cannot_be_read_is_an_error() {
    let project = Project::new();
    project
        .write("smslint.yaml", "brand: Acme\n")
        .write("sub/promo.txt", "Acme: hello\n");
    std::os::unix::fs::symlink("missing.yaml", project.path().join("sub/smslint.yaml")).unwrap();
    let run = project.smslint(&["check", "sub"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("cannot read config"), "{}", run.stderr);
    std::fs::remove_file(project.path().join("sub/smslint.yaml")).unwrap();
    std::fs::create_dir(project.path().join("sub/smslint.yaml")).unwrap();
    let run = project.smslint(&["check", "sub"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

#[test]
fn nothing_is_written_through_a_link_smslint_did_not_create() {
    let project = Project::new();
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("victim.yaml");
    std::os::unix::fs::symlink(&target, project.path().join("smslint.yaml")).unwrap();
    let run = project.smslint(&["init", "--force"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("symbolic link"), "{}", run.stderr);
    assert!(!target.exists());
    project.write(GOOD.0, GOOD.1);
    std::os::unix::fs::symlink(&target, project.path().join("report.json")).unwrap();
    let run = project.smslint(&[
        "check",
        "--no-config",
        "--format",
        "json",
        "--output",
        "report.json",
        GOOD.0,
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!target.exists());
}

#[test]
fn fix_keeps_hard_links_whole() {
    let project = Project::new();
    project.write("promo.txt", "Acme: it\u{2019}s on!\n");
    std::fs::hard_link(
        project.path().join("promo.txt"),
        project.path().join("twin.txt"),
    )
    .unwrap();
    let run = project.smslint(&["check", "--no-config", "--fix", "promo.txt"]);
    assert!(
        run.stderr.contains("hard links"),
        "{}\n{}",
        run.stdout,
        run.stderr
    );
    let twin = std::fs::read_to_string(project.path().join("twin.txt")).unwrap();
    let original = std::fs::read_to_string(project.path().join("promo.txt")).unwrap();
    assert_eq!(twin, original);
}

#[test]
fn a_config_reads_no_file_outside_the_project() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.yml"), "TOKEN=hunter2\n").unwrap();
    let project = Project::new();
    std::fs::create_dir(project.path().join(".git")).unwrap();
    project.write(GOOD.0, GOOD.1);
    let secret = outside.path().join("secret.yml");
    for config in [
        format!("rules:\n  extend: [{}]\n", secret.display()),
        "rules:\n  extend: [/proc/self/environ]\n".to_owned(),
        format!("baseline: {}\n", secret.display()),
        "baseline: /dev/zero\n".to_owned(),
    ] {
        project.write("smslint.yaml", &config);
        let run = project.smslint(&["check", "."]);
        assert_eq!(run.code, 2, "{config}: {}", run.stderr);
        assert!(
            run.stderr.contains("outside the project"),
            "{config}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains("hunter2"), "{}", run.stderr);
    }
    // A link inside the project to a file outside is outside too.
    std::os::unix::fs::symlink(&secret, project.path().join("ours.yaml")).unwrap();
    project.write("smslint.yaml", "rules:\n  extend: [ours.yaml]\n");
    let run = project.smslint(&["check", "."]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!run.stderr.contains("hunter2"), "{}", run.stderr);
    // Named on the command line, the user's choice stands.
    let run = project.smslint(&[
        "check",
        "--no-config",
        "--baseline",
        secret.to_str().unwrap(),
        ".",
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("baseline"), "{}", run.stderr);
}

#[test]
fn user_patterns_with_huge_repetitions_are_refused_where_written() {
    let project = Project::new();
    project
        .write("smslint.yaml", "rules:\n  extend: [ours.yaml]\n")
        .write(
            "ours.yaml",
            "rules:\n  - id: ours/big\n    severity: error\n    message: big\n    explanation: x\n    patterns: [\"a{100000}\"]\n",
        )
        .write(GOOD.0, GOOD.1);
    let run = project.smslint(&["check", "."]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("ours.yaml:6:"), "{}", run.stderr);
    assert!(run.stderr.contains("KiB"), "{}", run.stderr);
}

#[test]
fn a_baseline_matches_from_any_folder_and_with_absolute_paths() {
    let project = Project::new();
    project
        .write("smslint.yaml", "baseline: smslint-baseline.json\n")
        .write("templates/promo.txt", "Acme: vodka night tonight!\n");
    let run = project.smslint(&["check", "--write-baseline", "smslint-baseline.json", "."]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let recorded = std::fs::read_to_string(project.path().join("smslint-baseline.json")).unwrap();
    assert!(
        recorded.contains("\"path\": \"templates/promo.txt\""),
        "{recorded}"
    );
    let absolute = project.path().join("templates/promo.txt");
    for (folder, target) in [
        ("", "."),
        ("templates", "."),
        ("templates", "promo.txt"),
        ("", absolute.to_str().unwrap()),
    ] {
        let run = project.smslint_in(folder, &["check", "--format", "concise", target], None);
        assert_eq!(run.code, 0, "from `{folder}` on {target}: {}", run.stdout);
        assert!(!run.stderr.contains("no longer match"), "{}", run.stderr);
    }
}

#[test]
fn utf16_files_are_named_as_such_and_a_utf8_bom_is_no_column() {
    let project = Project::new();
    let mut utf16 = vec![0xff, 0xfe];
    for unit in "Acme: vodka night".encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    project
        .write("windows.txt", utf16)
        .write("bom.txt", "\u{feff}Acme: vodka night\n");
    let report = project.report(&["--no-config", "windows.txt", "bom.txt"]);
    assert_eq!(report.rules_for("windows.txt"), ["input/utf16"]);
    let help = report.diagnostics()[1]["help"].as_str().unwrap_or("");
    assert!(help.contains("UTF-8"), "{help}");
    let vodka = report
        .diagnostics()
        .iter()
        .find(|d| d["path"] == "bom.txt")
        .unwrap();
    // Reports count columns in Unicode scalar values (the contract), the
    // mark included; `inspect` shows where the message starts.
    assert_eq!(vodka["column"], 8);
    let run = project.smslint(&["inspect", "bom.txt"]);
    assert!(run.stdout.starts_with("bom.txt:1:1:"), "{}", run.stdout);
}

/// A checkout whose `.git/config` holds a token, as `actions/checkout`
/// writes it.
fn checkout_with_token() -> Project {
    let project = Project::new();
    project.write(
        ".git/config",
        "[http]\n\textraheader = AUTHORIZATION: basic SECRET-TOKEN\n",
    );
    project.write("sms/ok.txt", "Acme: your order shipped.\n");
    project
}

#[test]
fn links_out_of_the_project_or_into_git_are_named_never_read() {
    let project = checkout_with_token();
    let sms = project.path().join("sms");
    std::os::unix::fs::symlink("../.git/config", sms.join("token.txt")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", sms.join("passwd.txt")).unwrap();
    std::os::unix::fs::symlink("/etc", sms.join("etc")).unwrap();
    for format in ["json", "sarif", "concise", "human", "github"] {
        let run = project.smslint(&["check", "--format", format, "."]);
        assert!(
            !run.stdout.contains("SECRET-TOKEN"),
            "{format}: {}",
            run.stdout
        );
        assert!(!run.stdout.contains("root:x:0"), "{format}: {}", run.stdout);
    }
    let report = project.report(&["."]);
    for link in ["sms/token.txt", "sms/passwd.txt", "sms/etc"] {
        assert_eq!(report.rules_for(link), ["input/link-outside"], "{link}");
    }
    assert_eq!(report.severity_of("input/link-outside"), ["warning"; 3]);
    // Nothing under /etc was walked.
    assert_eq!(report.json["summary"]["files"], 4);
    // Named on the command line (as pre-commit names it): the same.
    let named = project.report(&["sms/token.txt"]);
    assert_eq!(named.rules_for("sms/token.txt"), ["input/link-outside"]);
    assert!(!named.json.to_string().contains("SECRET-TOKEN"));
}

#[test]
fn campaign_globs_and_rule_pack_lists_stay_inside_the_project() {
    let project = checkout_with_token();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("a.txt"),
        "Acme: call 8005550100 at bit.ly/x\n",
    )
    .unwrap();
    let escape = format!("../{}", "../".repeat(12));
    project.write(
        "campaigns/c.yaml",
        format!(
            "campaign:\n  brand: Acme\n  use_case: MARKETING\n  templates: [\"{escape}{}/**\", \"../sms/**\"]\n",
            outside.path().display().to_string().trim_start_matches('/')
        ),
    );
    let report = project.report(&["."]);
    let invalid: Vec<&Value> = report
        .diagnostics()
        .iter()
        .filter(|d| d["rule"] == "campaign/invalid-value" && d["line"] == 4)
        .collect();
    assert_eq!(invalid.len(), 1, "{:?}", report.diagnostics());
    assert!(invalid[0]["message"]
        .as_str()
        .unwrap()
        .contains("outside the project"));

    // A rule pack's host list: outside files, devices and FIFOs are errors
    // at the list, never read.
    project.write(
        "rules/ours.yaml",
        "rules:\n  - id: ours/hosts\n    severity: error\n    message: m\n    help: h\n    note: n\n    explanation: e\n    hosts: {list: /dev/zero}\n",
    );
    project.write("smslint.yaml", "rules:\n  extend: [rules/ours.yaml]\n");
    let run = project.smslint(&["check", "."]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("outside the project"), "{}", run.stderr);
    project.write(
        "rules/ours.yaml",
        "rules:\n  - id: ours/hosts\n    severity: error\n    message: m\n    help: h\n    note: n\n    explanation: e\n    hosts: {list: ../.git/config}\n",
    );
    let run = project.smslint(&["check", "."]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!run.stderr.contains("SECRET-TOKEN"), "{}", run.stderr);
}

#[test]
fn control_characters_in_names_and_text_reach_no_log_or_terminal() {
    let project = Project::new();
    project.write(
        "sms/a\n::error file=x::owned.txt",
        "Acme: free vodka\r::error::injected \u{1b}]52;c;Zm9v\u{7}\n",
    );
    for format in ["human", "concise", "github"] {
        let run = project.smslint(&["check", "--no-config", "--format", format, "."]);
        for line in run.stdout.lines() {
            assert!(!line.starts_with("::error file=x"), "{format}: {line}");
            assert!(
                !line.contains('\u{1b}') && !line.contains('\u{7}'),
                "{format}: {line:?}"
            );
            assert!(!line.contains('\r'), "{format}: {line:?}");
        }
        if format == "human" {
            // The line is shown, its controls escaped.
            assert!(
                run.stdout.contains("\\x1b]52;c;Zm9v\\x07"),
                "{}",
                run.stdout
            );
        }
    }
    let run = project.smslint(&["check", "--show-files", "."]);
    assert!(run.stdout.contains("sms/a\\n::error"), "{}", run.stdout);
}

#[test]
fn stream_output_never_truncates_its_input_or_writes_through_a_link() {
    let project = Project::new();
    let records = "{\"id\": \"a\", \"body\": \"Acme: free vodka\"}\n";
    project.write("m.jsonl", records);
    std::fs::hard_link(
        project.path().join("m.jsonl"),
        project.path().join("hard.jsonl"),
    )
    .unwrap();
    std::os::unix::fs::symlink("elsewhere.jsonl", project.path().join("link.jsonl")).unwrap();
    // A hard link to the input, and standard input redirected from it.
    let run = project.smslint(&["check", "--jsonl", "m.jsonl", "--output", "hard.jsonl"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let stdin = std::fs::File::open(project.path().join("m.jsonl")).unwrap();
    let status = std::process::Command::new(assert_cmd::cargo::cargo_bin("smslint"))
        .args(["check", "--jsonl", "-", "--output", "m.jsonl"])
        .current_dir(project.path())
        .stdin(stdin)
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(project.path().join("m.jsonl")).unwrap(),
        records
    );
    // A link is refused, and its target not created.
    let run = project.smslint(&["check", "--jsonl", "m.jsonl", "--output", "link.jsonl"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!project.path().join("elsewhere.jsonl").exists());
    // A closed pipe: not every result was delivered, so the run is not clean.
    let mut many = String::new();
    for index in 0..20_000 {
        many.push_str(&format!(
            "{{\"id\": {index}, \"body\": \"Acme: order {index} shipped\"}}\n"
        ));
    }
    project.write("many.jsonl", many);
    let output = project.shell(
        "\"$SMSLINT\" check --jsonl many.jsonl | head -1 > /dev/null; echo ${PIPESTATUS[0]}",
    );
    assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), "1");
}

#[test]
fn csv_records_are_bounded_and_an_unknown_id_column_is_an_error() {
    let project = Project::new();
    let mut csv = String::from("id,body\n1,Acme: hello\n2,\"");
    csv.push_str(&"a".repeat(12_000_000));
    csv.push_str("\"\n3,Acme: free vodka\n");
    project.write("m.csv", csv);
    let run = project.smslint(&["check", "--csv", "m.csv", "--column", "body"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let lines: Vec<Value> = run
        .stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[1]["error"].as_str().unwrap().contains("larger than"));
    let run = project.smslint(&[
        "check",
        "--csv",
        "m.csv",
        "--column",
        "body",
        "--id-column",
        "sid",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no column `sid`") && run.stderr.contains("id, body"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_json_catalog_with_a_byte_order_mark_is_read() {
    let project = Project::new();
    project.write(
        "sms/en.json",
        "\u{feff}{\"promo\": \"Acme: free vodka tonight\"}\n",
    );
    let report = project.report(&["--no-config", "."]);
    assert_eq!(report.rules_for("sms/en.json"), ["shaft/alcohol"]);
}

#[test]
fn annotation_paths_are_from_the_files_repository_and_keep_backslashes() {
    let project = Project::new();
    project.write("repo/.git/HEAD", "ref: refs/heads/main\n");
    project.write("repo/sms/a\\b.txt", "Acme: free vodka\n");
    let run = project.smslint(&["check", "--no-config", "--format", "github", "repo"]);
    assert!(run.stdout.contains("file=sms/a\\b.txt,"), "{}", run.stdout);
    let run = project.smslint(&["check", "--no-config", "--format", "sarif", "repo"]);
    let sarif: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
            ["uri"],
        "sms/a%5Cb.txt"
    );
}

#[test]
fn from_the_filesystem_root_a_file_is_its_own_folders_not_a_walk_of_everything() {
    // Before, the project of a file outside any repository named from `/`
    // was `/`: its campaigns were looked for in the whole filesystem.
    let project = Project::new();
    project.write(
        "campaigns/otp.yaml",
        "campaign:\n  brand: Acme\n  use_case: 2FA\n  templates: [\"../sms/**\"]\n",
    );
    project.write(
        "sms/a.txt",
        "Acme: your code is 1234. 20% off today, shop now\n",
    );
    let file = project.path().join("sms/a.txt");
    let output = std::process::Command::new(assert_cmd::cargo::cargo_bin("smslint"))
        .args(["check", "--format", "json", file.to_str().unwrap()])
        .current_dir("/")
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let rules: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert!(
        !rules.contains(&"campaign/promotional-content"),
        "{rules:?}"
    );
    // From the project's folder, the campaign governs it.
    let report = project.report(&["sms/a.txt"]);
    assert!(report
        .rules_for("sms/a.txt")
        .contains(&"campaign/promotional-content".into()));
}

#[test]
fn alias_chains_and_multiplying_aliases_are_refused_not_expanded() {
    let project = Project::new();
    // Each anchor holds the one before: 60,000 levels deep through aliases,
    // though the text is one level deep.
    let mut chain = String::from("a0: &a0 [\"Acme: free vodka\"]\n");
    for index in 1..60_000 {
        chain.push_str(&format!("a{index}: &a{index} [*a{}]\n", index - 1));
    }
    project.write("sms/chain.yml", chain);
    // Each level doubles the one before: 2^17 copies of the message per
    // reference, from 77 KB.
    let mut doubling = String::from("x0: &x0 {sms: \"Acme: your code is 1234\"}\n");
    for index in 1..18 {
        doubling.push_str(&format!(
            "x{index}: &x{index} {{a: *x{0}, b: *x{0}}}\n",
            index - 1
        ));
    }
    for index in 0..3000 {
        doubling.push_str(&format!("y{index}: {{a: *x17, b: *x17}}\n"));
    }
    project.write("sms/doubling.yml", doubling);
    let found = lint_beside(&project, "sms/chain.yml");
    let (rule, message) = only_rule(&found);
    assert_eq!(rule, "input/invalid-yaml");
    assert!(message.contains("through its aliases"), "{message}");
    let report = project.report(&["--no-config", "sms/doubling.yml"]);
    let diagnostic = &report.diagnostics()[0];
    assert_eq!(diagnostic["rule"], "input/invalid-yaml");
    assert!(diagnostic["message"]
        .as_str()
        .unwrap()
        .contains("more messages"));
}

#[test]
fn every_error_of_a_rule_file_shares_one_copy_of_it() {
    let project = Project::new();
    let mut pack = String::from("rules:\n");
    for index in 0..2000 {
        pack.push_str(&format!(
            "  - id: ours/r{index}\n    severity: error\n    message: m\n    help: h\n    note: n\n    explanation: e\n    patterns: ['(unclosed']\n"
        ));
    }
    let path = project.path().join("ours.yaml");
    std::fs::write(&path, pack).unwrap();
    let errors = smslint::rules::RuleSet::load(&[path]).unwrap_err();
    assert!(errors.len() >= 2000, "{}", errors.len());
    let first = errors[0].source.clone().unwrap();
    assert!(errors
        .iter()
        .all(|error| std::sync::Arc::ptr_eq(error.source.as_ref().unwrap(), &first)));
}

#[test]
fn fix_never_changes_what_a_catalog_message_says() {
    let project = Project::new();
    let cdata = "<odoo>\n  <record id=\"sms_x\" model=\"sms.template\">\n    <field name=\"body\"><![CDATA[Acme\u{2019}s order {{ object.name }} shipped.]]></field>\n  </record>\n</odoo>\n";
    let android = "<resources>\n    <string name=\"sms_promo\">Acme\u{2019}s sale. Reply STOP to opt out.</string>\n</resources>\n";
    let yaml = "en:\n  sms:\n    promo: Acme sale today\u{a0}#1 deal, Reply STOP to opt out\n";
    project
        .write("odoo/sms_data.xml", cdata)
        .write("res/values/strings.xml", android)
        .write("sms/en.yml", yaml);
    let run = project.smslint(&["check", "--fix", "--no-config", "."]);
    // Entities inside CDATA would be sent as written; a bare or
    // entity-written apostrophe breaks an Android build; a space before `#`
    // cuts a plain YAML value at a comment. None is written.
    assert_eq!(
        std::fs::read_to_string(project.path().join("odoo/sms_data.xml")).unwrap(),
        cdata
    );
    assert_eq!(
        std::fs::read_to_string(project.path().join("res/values/strings.xml")).unwrap(),
        android
    );
    assert_eq!(
        std::fs::read_to_string(project.path().join("sms/en.yml")).unwrap(),
        yaml
    );
    assert!(
        run.stderr.contains("odoo/sms_data.xml was not fixed"),
        "{}",
        run.stderr
    );
    let report = project.report(&["--no-config", "sms/en.yml"]);
    let notes = report.diagnostics()[0].to_string();
    assert!(
        notes.contains("would start a YAML comment") || report.diagnostics()[0]["fix"].is_null(),
        "{notes}"
    );
}

#[test]
fn bundles_and_generated_sources_are_passed_over_not_parsed() {
    let project = Project::new();
    let call = "client.messages.create({body: \"Acme: free vodka\", to: a});\n";
    // Two and a half megabytes of code a person did not write.
    project.write("src/big.js", call.repeat(2_500_000 / call.len() + 1));
    project.write("public/app.min.js", call.trim_end().repeat(10));
    project.write("src/minified.js", call.trim_end().repeat(400));
    project.write("src/send.js", call);
    let report = project.report(&["--no-config", "."]);
    assert_eq!(report.rules_for("src/send.js"), ["shaft/alcohol"]);
    for skipped in ["src/big.js", "public/app.min.js", "src/minified.js"] {
        assert!(report.rules_for(skipped).is_empty(), "{skipped}");
    }
    let run = project.smslint(&["check", "--no-config", "--show-files", "."]);
    for (file, why) in [
        ("src/big.js", "larger than 2 MB"),
        ("public/app.min.js", "minified bundle"),
        ("src/minified.js", "minified code"),
    ] {
        let line = run
            .stdout
            .lines()
            .find(|line| line.starts_with(file))
            .unwrap();
        assert!(line.contains(why), "{line}");
    }
}

#[test]
fn a_sarif_report_is_written_in_the_memory_a_concise_one_takes() {
    // 80,000 findings in 20,000 files, in 400 MB of address space: the
    // whole document built in memory took 930 MB (the concise report 95).
    let project = Project::new();
    for index in 0..20_000 {
        project.write(
            &format!("sms/t{index:05}.txt"),
            format!("Acme: free vodka shots tonight {index}! WINNER call now bit.ly/x{index}\n"),
        );
    }
    let output = project
        .shell("ulimit -v 400000; \"$SMSLINT\" check --no-config --format sarif . > report.sarif");
    assert_eq!(output.status.code(), Some(1));
    let sarif: Value =
        serde_json::from_slice(&std::fs::read(project.path().join("report.sarif")).unwrap())
            .unwrap();
    assert_eq!(
        sarif["runs"][0]["results"].as_array().unwrap().len(),
        80_000
    );
}

#[test]
fn an_ignore_pattern_that_does_not_compile_is_reported_at_its_line() {
    let project = Project::new();
    project.write(".gitignore", "*.log\nsecret{old.txt\n");
    project.write("sms/a.txt", "Acme: your order shipped.\n");
    let report = project.report(&["--no-config", "."]);
    assert_eq!(
        report.rules_for(".gitignore"),
        ["input/invalid-ignore-pattern"]
    );
    let diagnostic = &report.diagnostics()[0];
    assert_eq!(
        (diagnostic["line"].as_u64(), diagnostic["text"].as_str()),
        (Some(2), Some("secret{old.txt"))
    );
    assert_eq!(diagnostic["severity"], "warning");
    assert_eq!(report.code, 0);
    // With --no-ignore the file is not read at all.
    let report = project.report(&["--no-config", "--no-ignore", "."]);
    assert!(report.rules_for(".gitignore").is_empty());
}

#[test]
fn a_named_folder_that_links_out_is_not_walked_and_excluded_links_are_quiet() {
    let project = checkout_with_token();
    std::os::unix::fs::symlink("/etc", project.path().join("templates")).unwrap();
    let report = project.report(&["--no-config", "templates"]);
    assert_eq!(report.rules_for("templates"), ["input/link-outside"]);
    assert_eq!(report.json["summary"]["files"], 1);
    // A link the config excludes is not reported.
    std::os::unix::fs::symlink("missing/src", project.path().join("vendor-src")).unwrap();
    project.write("smslint.yaml", "exclude: [\"vendor-src\", \"templates\"]\n");
    let report = project.report(&["."]);
    assert!(
        report.rules_for("vendor-src").is_empty(),
        "{:?}",
        report.diagnostics()
    );
    assert!(
        report.rules_for("templates").is_empty(),
        "{:?}",
        report.diagnostics()
    );
}
