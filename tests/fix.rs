//! `check --fix`, `--diff` and `inspect`, on real files.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn smslint(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = Command::cargo_bin("smslint")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn fix_replaces_every_forcing_character_keeping_crlf_and_permissions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("promo.txt");
    fs::write(&path, "Acme: we’re open – late…\r\nSee “you” there\r\n").unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    let untouched = dir.path().join("plain.txt");
    fs::write(&untouched, "Acme: see you there\n").unwrap();
    let before = fs::metadata(&untouched).unwrap().modified().unwrap();

    let (code, stdout, stderr) = smslint(
        dir.path(),
        &["check", "--no-config", "--fix", "--format", "json", "."],
    );
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "Acme: we're open - late...\r\nSee \"you\" there\r\n"
    );
    assert_eq!(
        fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o640
    );
    assert_eq!(
        fs::metadata(&untouched).unwrap().modified().unwrap(),
        before
    );
    assert!(stderr.contains("fixed 5 problems in 1 file"), "{stderr}");
    // The report comes from the fixed files: nothing is left to report.
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        report["diagnostics"].as_array().unwrap().len(),
        0,
        "{stdout}"
    );
    assert_eq!(code, 0);
}

#[test]
fn fix_refuses_read_only_files_and_symlinks() {
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("locked.txt");
    fs::write(&locked, "Acme: we’re open\n").unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o444)).unwrap();
    let target = dir.path().join("real.sms");
    fs::write(&target, "Acme: it’s here\n").unwrap();
    std::os::unix::fs::symlink(&target, dir.path().join("link.txt")).unwrap();

    let (_, _, stderr) = smslint(
        dir.path(),
        &["check", "--no-config", "--fix", "locked.txt", "link.txt"],
    );
    assert_eq!(fs::read_to_string(&locked).unwrap(), "Acme: we’re open\n");
    assert_eq!(fs::read_to_string(&target).unwrap(), "Acme: it’s here\n");
    assert!(
        stderr.contains("locked.txt was not fixed: it is read-only"),
        "{stderr}"
    );
    assert!(
        stderr.contains("link.txt was not fixed: it is a symbolic link"),
        "{stderr}"
    );
}

#[test]
fn diff_shows_the_fix_without_writing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("promo.txt");
    fs::write(&path, "Acme: we’re open\n").unwrap();
    let (code, stdout, _) = smslint(dir.path(), &["check", "--no-config", "--diff", "promo.txt"]);
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        "--- a/promo.txt\n+++ b/promo.txt\n@@ -1 +1 @@\n-Acme: we’re open\n+Acme: we're open\n"
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), "Acme: we’re open\n");
    let (clean, stdout, _) = smslint(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--diff",
            "--select",
            "shaft",
            "promo.txt",
        ],
    );
    assert_eq!((clean, stdout.as_str()), (0, ""));
}

#[test]
fn inspect_reports_encoding_segments_and_forcing_characters() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("long.txt"),
        format!("Hi {{{{first_name}}}}, {}", "a".repeat(150)),
    )
    .unwrap();
    fs::write(dir.path().join("smart.txt"), "Acme:\nwe’re open").unwrap();
    fs::write(
        dir.path().join("smslint.yaml"),
        "placeholders: {default_length: 12, lengths: {first_name: 2}}\n",
    )
    .unwrap();
    let (code, stdout, stderr) = smslint(dir.path(), &["inspect", "--format", "json", "."]);
    assert_eq!(code, 0, "{stderr}");
    let json: Value = serde_json::from_str(&stdout).unwrap();
    let messages = json["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 2);
    // "Hi " + 2 (first_name) + ", " + 150 = 157 septets: one segment.
    assert_eq!(messages[0]["path"], "long.txt");
    assert_eq!(
        (
            messages[0]["encoding"].as_str(),
            messages[0]["units"].as_u64()
        ),
        (Some("GSM-7"), Some(157))
    );
    assert_eq!(messages[0]["segments"], 1);
    let smart = &messages[1];
    assert_eq!(
        (smart["encoding"].as_str(), smart["segments"].as_u64()),
        (Some("UCS-2"), Some(1))
    );
    let forcing = &smart["forcing"][0];
    assert_eq!(forcing["char"], "’");
    assert_eq!(forcing["codepoint"], "U+2019");
    assert_eq!(
        (forcing["line"].as_u64(), forcing["column"].as_u64()),
        (Some(2), Some(3))
    );
    assert_eq!(forcing["replacement"], "'");

    // Without the config, the placeholder counts 12 and the message needs two segments.
    let (_, stdout, _) = smslint(
        dir.path(),
        &["inspect", "--format", "json", "--no-config", "long.txt"],
    );
    let json: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["messages"][0]["segments"], 2);
    assert_eq!(
        json["messages"][0]["segment_starts"][0]["column"].as_u64(),
        Some(156)
    );

    let (_, human, _) = smslint(dir.path(), &["inspect", "--no-config", "long.txt"]);
    assert!(
        human.starts_with("long.txt:1:1: GSM-7, 2 segments, 167 characters, 167 septets"),
        "{human}"
    );
    assert!(human.contains("segment 2 starts at 1:156"), "{human}");
    // Which placeholders were counted, and at what length.
    assert!(
        human.contains("placeholders counted at assumed lengths (`placeholders:` in smslint.yaml): {{first_name}} as 12"),
        "{human}"
    );
    let (_, stdout, _) = smslint(dir.path(), &["inspect", "--format", "json", "long.txt"]);
    let json: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        json["messages"][0]["assumed"],
        serde_json::json!([{"placeholder": "{{first_name}}", "length": 2}])
    );
}

/// `--fix -` writes the fixed message to stdout and what remains to
/// stderr, as ruff does; `--diff -` shows the change.
#[test]
fn fix_and_diff_work_on_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str], stdin: &str| {
        let output = Command::cargo_bin("smslint")
            .unwrap()
            .current_dir(dir.path())
            .args(args)
            .env("NO_COLOR", "1")
            .write_stdin(stdin)
            .output()
            .unwrap();
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let text = "Acme: we\u{2019}re open \u{2014} vodka night! Reply STOP to opt out.\n";
    let (code, stdout, stderr) = run(
        &["check", "--no-config", "--fix", "--format", "concise", "-"],
        text,
    );
    assert_eq!(
        stdout,
        "Acme: we're open - vodka night! Reply STOP to opt out.\n"
    );
    assert!(stderr.contains("error[shaft/alcohol]"), "{stderr}");
    assert!(!stderr.contains("ucs2-forced"), "{stderr}");
    assert_eq!(code, 1, "the alcohol finding remains");

    let (code, stdout, _) = run(&["check", "--no-config", "--diff", "-"], text);
    assert_eq!(code, 1);
    assert!(stdout.contains("-Acme: we\u{2019}re open"), "{stdout}");
    assert!(stdout.contains("+Acme: we're open - vodka"), "{stdout}");

    let clean = "Acme: your table is ready.\n";
    let (code, stdout, _) = run(&["check", "--no-config", "--fix", "-"], clean);
    assert_eq!((code, stdout.as_str()), (0, clean));
    let (code, stdout, _) = run(&["check", "--no-config", "--diff", "-"], clean);
    assert_eq!((code, stdout.as_str()), (0, ""));

    // What cannot be read is said, not passed; flags that write elsewhere
    // are refused.
    let output = Command::cargo_bin("smslint")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", "--no-config", "--diff", "-"])
        .write_stdin(b"caf\xe9 vodka\n".to_vec())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("input/invalid-utf8"));
    let (code, _, stderr) = run(
        &["check", "--no-config", "--fix", "--statistics", "-"],
        clean,
    );
    assert_eq!(code, 2, "{stderr}");
}

#[test]
fn segments_limit_is_configurable_and_the_cost_is_noted() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("two.txt"),
        "Acme: ".to_owned() + &"x".repeat(200),
    )
    .unwrap();
    let (_, stdout, _) = smslint(
        dir.path(),
        &["check", "--no-config", "--select", "encoding", "two.txt"],
    );
    assert!(!stdout.contains("encoding/segments"), "{stdout}");
    fs::write(dir.path().join("smslint.yaml"), "max_segments: 1\n").unwrap();
    let (code, stdout, _) = smslint(dir.path(), &["check", "--select", "encoding", "two.txt"]);
    assert!(stdout.contains("warning[encoding/segments]"), "{stdout}");
    assert!(
        stdout.contains("= note: GSM-7, 2 segments (206 septets)"),
        "{stdout}"
    );
    assert_eq!(code, 0);
    fs::write(dir.path().join("smslint.yaml"), "max_segments: 0\n").unwrap();
    let (code, _, stderr) = smslint(dir.path(), &["check", "two.txt"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("smslint.yaml:1:"), "{stderr}");
}

/// Issue 16 #6: `--fix` fixes catalogs in each format's own quoting, leaves
/// a text written with an escape to the user (and says so), and the fixed
/// files parse to messages that no longer force UCS-2.
#[test]
fn fix_writes_catalog_fixes_in_the_values_quoting() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join(".git")).unwrap();
    let files: &[(&str, &str, &str)] = &[
        (
            "sms/en.yml",
            "en:\n  sms:\n    double: \"Acme: we’re open – see “you”\"\n    single: 'Acme: we’re open – see “you”'\n    plain: Acme we’re open – see “you”\n",
            "en:\n  sms:\n    double: \"Acme: we're open - see \\\"you\\\"\"\n    single: 'Acme: we''re open - see \"you\"'\n    plain: Acme we're open - see \"you\"\n",
        ),
        (
            "sms/en.json",
            "{\"sms\": {\"promo\": \"Acme: we’re open – see “you”\"}}\n",
            "{\"sms\": {\"promo\": \"Acme: we're open - see \\\"you\\\"\"}}\n",
        ),
        (
            "sms/fr.po",
            "msgid \"promo\"\nmsgstr \"Acme : on est “ouverts”\"\n",
            "msgid \"promo\"\nmsgstr \"Acme : on est \\\"ouverts\\\"\"\n",
        ),
        (
            "sms/messages.xlf",
            "<xliff version=\"1.2\"><file source-language=\"en\"><body><trans-unit id=\"sms_promo\"><source>Acme: we’re open “late”</source></trans-unit></body></file></xliff>\n",
            "<xliff version=\"1.2\"><file source-language=\"en\"><body><trans-unit id=\"sms_promo\"><source>Acme: we&apos;re open &quot;late&quot;</source></trans-unit></body></file></xliff>\n",
        ),
        // Android reads `\'` where XML reads `&apos;`, and smslint's reader
        // does not unescape Android's backslashes: the fix cannot be proved
        // to say the same, so the file is left as it is (never broken).
        (
            "sms/strings.xml",
            "<resources>\n  <string name=\"sms_promo\">Acme: we’re open “late”</string>\n</resources>\n",
            "<resources>\n  <string name=\"sms_promo\">Acme: we’re open “late”</string>\n</resources>\n",
        ),
        (
            "sms/en.toml",
            "[sms]\npromo = \"Acme: see “you”\"\nliteral = 'Acme: we’re open'\n",
            "[sms]\npromo = \"Acme: see \\\"you\\\"\"\nliteral = 'Acme: we’re open'\n",
        ),
    ];
    for (path, before, _) in files {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, before).unwrap();
    }
    // Written with an escape: its bytes are not the text, so no fix.
    fs::write(
        dir.path().join("sms/es.json"),
        "{\"sms\": {\"promo\": \"Acme: \\u201cabierto\\u201d\"}}\n",
    )
    .unwrap();

    let (_, report, _) = smslint(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--select",
            "encoding",
            "--format",
            "json",
            "sms",
        ],
    );
    let report: Value = serde_json::from_str(&report).unwrap();
    let escaped: Vec<&Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["path"] == "sms/es.json" || d["path"] == "sms/en.toml" && d["line"] == 3)
        .collect();
    assert!(!escaped.is_empty());
    for diagnostic in &escaped {
        assert!(diagnostic["fix"].is_null(), "{diagnostic}");
    }

    let (_, _, stderr) = smslint(dir.path(), &["check", "--no-config", "--fix", "sms"]);
    assert!(stderr.contains("fixed"), "{stderr}");
    for (path, _, after) in files {
        assert_eq!(
            &fs::read_to_string(dir.path().join(path)).unwrap(),
            after,
            "{path}"
        );
    }
    let (_, human, _) = smslint(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--select",
            "encoding/ucs2-forced",
            "sms",
        ],
    );
    assert!(
        human.contains("`--fix` leaves this one to you: the text is written with an escape"),
        "{human}"
    );
    // What remains is exactly what could not be fixed safely.
    let (_, remaining, _) = smslint(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--select",
            "encoding/ucs2-forced",
            "--format",
            "json",
            "sms",
        ],
    );
    let remaining: Value = serde_json::from_str(&remaining).unwrap();
    let paths: std::collections::BTreeSet<&str> = remaining["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        ["sms/en.toml", "sms/es.json", "sms/strings.xml"]
            .into_iter()
            .collect()
    );
}

/// Issue 16 #6: `--unsafe-fixes` does something: a symbol with no GSM-7
/// form gets its usual words only when asked, and `--fix` alone says how
/// many such fixes it held back.
#[test]
fn unsafe_fixes_write_symbols_out_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("order.txt");
    let text = "Acme: order № 4512 of Widget™ ships today\n";
    fs::write(&path, text).unwrap();
    let (_, _, stderr) = smslint(dir.path(), &["check", "--no-config", "--fix", "order.txt"]);
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
    assert!(
        stderr.contains("2 more fixes may change what the message says"),
        "{stderr}"
    );
    let (code, diff, _) = smslint(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--diff",
            "--unsafe-fixes",
            "order.txt",
        ],
    );
    assert_eq!(code, 1);
    assert!(
        diff.contains("+Acme: order No. 4512 of Widget(TM) ships today"),
        "{diff}"
    );
    let (code, _, _) = smslint(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--fix",
            "--unsafe-fixes",
            "order.txt",
        ],
    );
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "Acme: order No. 4512 of Widget(TM) ships today\n"
    );
    assert_eq!(code, 0);
}

/// Issue 16 review: one `--fix` reaches the fixed point (writing a symbol
/// out uncovers the quotes beside it), the human report promises a fix only
/// where one exists, and files smslint creates are readable as any new file.
#[test]
fn fix_reaches_a_fixed_point_and_new_files_get_the_usual_mode() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("order.txt");
    fs::write(&path, "Acme™: order № 5 shipped “today”\n").unwrap();
    let (_, human, _) = smslint(dir.path(), &["check", "--no-config", "order.txt"]);
    assert!(
        human.contains("= fix: `smslint check --fix --unsafe-fixes`"),
        "{human}"
    );
    let (code, _, stderr) = smslint(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--fix",
            "--unsafe-fixes",
            "order.txt",
        ],
    );
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "Acme(TM): order No. 5 shipped \"today\"\n"
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("fixed 4 problems in 1 file"), "{stderr}");

    fs::write(
        dir.path().join("es.json"),
        "{\"sms\": {\"promo\": \"Acme: \\u201cabierto\\u201d\"}}\n",
    )
    .unwrap();
    let (_, human, _) = smslint(dir.path(), &["check", "--no-config", "es.json"]);
    assert!(!human.contains("= fix:"), "{human}");

    let init = std::process::Command::new("sh")
        .current_dir(dir.path())
        .args([
            "-c",
            &format!("umask 022 && exec {} init", env!("CARGO_BIN_EXE_smslint")),
        ])
        .output()
        .unwrap();
    assert!(init.status.success());
    let mode = fs::metadata(dir.path().join("smslint.yaml"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o644);
}

/// Issue 30: what a character costs is said and what the fix saves is
/// true. A decorative emoji that turns one segment into three is a warning
/// whose unsafe fix drops it; curly quotes beside a symbol with no GSM-7
/// form are reported and fixed; a short message whose accent costs nothing
/// keeps its info, naming the letter.
#[test]
fn each_forcing_character_is_costed_and_its_fix_saves_what_it_says() {
    let dir = tempfile::tempdir().unwrap();
    let long = "Acme Dental: your cleaning is booked for Tuesday at 3pm with Dr. Lee at our Main Street office. Please arrive 10 minutes early. See you soon 🎉\n";
    fs::write(dir.path().join("long.txt"), long).unwrap();
    fs::write(
        dir.path().join("warm.txt"),
        "Acme: it’s 72° out, our “summer” menu is here.\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("cita.txt"),
        "Clínica Sol: su cita es el martes.\n",
    )
    .unwrap();
    let (_, json, _) = smslint(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            "long.txt",
            "warm.txt",
            "cita.txt",
        ],
    );
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    let found: Vec<(String, String, String)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_owned(),
                d["rule"].as_str().unwrap().to_owned(),
                d["text"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let has = |path: &str, rule: &str, text: &str| {
        found.contains(&(path.to_owned(), rule.to_owned(), text.to_owned()))
    };
    assert!(has("long.txt", "encoding/ucs2-forced", "🎉"), "{found:?}");
    assert!(has("warm.txt", "encoding/ucs2-forced", "“"), "{found:?}");
    assert!(has("warm.txt", "encoding/ucs2-symbol", "°"), "{found:?}");
    assert!(has("cita.txt", "encoding/non-gsm-script", "í"), "{found:?}");
    let (_, human, _) = smslint(dir.path(), &["check", "--no-config", "cita.txt"]);
    assert!(human.contains("`í` (U+00ED) needs UCS-2"), "{human}");
    // The emoji's label promises one GSM-7 segment without it; the fix keeps
    // that promise.
    let (_, human, _) = smslint(dir.path(), &["check", "--no-config", "long.txt"]);
    assert!(human.contains("UCS-2, 3 segments"), "{human}");
    assert!(
        human.contains("1 GSM-7 segment once it is replaced"),
        "{human}"
    );
    smslint(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--fix",
            "--unsafe-fixes",
            "long.txt",
        ],
    );
    let (_, costs, _) = smslint(dir.path(), &["inspect", "--no-config", "long.txt"]);
    assert!(costs.contains("GSM-7, 1 segment"), "{costs}");
}
