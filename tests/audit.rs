//! `smslint audit` end to end: generated Twilio logs with every kind of
//! violation planted are found exactly, a clean log gives nothing but its
//! spend, the formats agree, numbers never appear whole, and broken input is
//! reported where it is while the rest is audited.

mod common;

use std::collections::BTreeMap;
use std::io::Write;

use serde_json::Value;

use common::Project;
use smslint::audit::sample::{generate, Plan, CAMPAIGN, PLANTED};

/// Writes a generated log as gzip day files under `logs/`, and the
/// campaign beside it.
fn logs(plan: &Plan) -> Project {
    let project = Project::new();
    project.write("campaign.yaml", CAMPAIGN);
    let dir = project.path().join("logs");
    std::fs::create_dir_all(&dir).unwrap();
    generate(plan, &mut |date| -> std::io::Result<Box<dyn Write>> {
        let file = std::fs::File::create(dir.join(format!("{date}.json.gz")))?;
        Ok(Box::new(flate2::write::GzEncoder::new(
            file,
            flate2::Compression::fast(),
        )))
    })
    .unwrap();
    project
}

fn planted() -> Plan {
    Plan {
        plant: true,
        ..Plan::default()
    }
}

fn audit_json(project: &Project, extra: &[&str]) -> (i32, Vec<Value>, Value) {
    let mut args = vec![
        "audit",
        "logs",
        "--campaign",
        "campaign.yaml",
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    let run = project.smslint(&args);
    let json: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|_| panic!("JSON report, got {} / {}", run.stdout, run.stderr));
    let diagnostics = json["diagnostics"].as_array().unwrap().clone();
    (run.code, diagnostics, json["summary"].clone())
}

fn counts<'a>(rules: impl Iterator<Item = &'a str>) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for rule in rules {
        *counts.entry(rule.to_owned()).or_insert(0) += 1;
    }
    counts
}

#[test]
fn every_planted_violation_is_found_once_and_nothing_else() {
    let project = logs(&planted());
    let (code, diagnostics, summary) = audit_json(&project, &[]);
    assert_eq!(code, 1);
    let traffic = counts(
        diagnostics
            .iter()
            .map(|d| d["rule"].as_str().unwrap())
            .filter(|rule| rule.starts_with("traffic/") || rule.starts_with("input/")),
    );
    let mut expected = counts(PLANTED.iter().copied());
    expected.insert("input/invalid-record".into(), 3);
    expected.insert("traffic/spend".into(), 1);
    assert_eq!(traffic, expected);

    // Content findings stand on the one spammy template, linted once.
    let content: Vec<&Value> = diagnostics
        .iter()
        .filter(|d| {
            let rule = d["rule"].as_str().unwrap();
            !rule.starts_with("traffic/") && !rule.starts_with("input/")
        })
        .collect();
    assert!(content
        .iter()
        .any(|d| d["rule"] == "spam/public-url-shortener"));
    let places: std::collections::BTreeSet<(String, u64)> = content
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(places.len(), 1, "{places:?}");
    let shortener = content
        .iter()
        .find(|d| d["rule"] == "spam/public-url-shortener")
        .unwrap();
    assert_eq!(shortener["text"], "bit.ly/3xYz9Q");

    // The evidence is where it says: the opt-out ignored points at the
    // record of the message sent after the STOP, in its day file.
    let ignored = diagnostics
        .iter()
        .find(|d| d["rule"] == "traffic/opt-out-ignored")
        .unwrap();
    let path = project.path().join(ignored["path"].as_str().unwrap());
    let text = {
        use std::io::Read;
        let mut text = String::new();
        flate2::read::MultiGzDecoder::new(std::fs::File::open(path).unwrap())
            .read_to_string(&mut text)
            .unwrap();
        text
    };
    let line = text
        .lines()
        .nth(ignored["line"].as_u64().unwrap() as usize - 1)
        .unwrap();
    let sid = ignored["key"].as_str().unwrap().split(' ').next().unwrap();
    assert!(line.contains(sid), "{line} / {sid}");
    assert!(line.contains(r#""direction":"outbound-api""#));
    assert_eq!(
        summary["messages"].as_u64().unwrap(),
        text_records(&project)
    );
}

/// Records in the generated logs, counted independently of smslint (the
/// three planted broken ones are not records).
fn text_records(project: &Project) -> u64 {
    use std::io::Read;
    let mut records = 0;
    for entry in std::fs::read_dir(project.path().join("logs")).unwrap() {
        let mut text = String::new();
        flate2::read::MultiGzDecoder::new(std::fs::File::open(entry.unwrap().path()).unwrap())
            .read_to_string(&mut text)
            .unwrap();
        records += text.lines().filter(|line| !line.contains("SMbad")).count() as u64;
    }
    records
}

#[test]
fn a_clean_log_gets_nothing_but_its_spend() {
    let project = logs(&Plan::default());
    let (code, diagnostics, _) = audit_json(&project, &[]);
    let rules: Vec<&str> = diagnostics
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["traffic/spend"]);
    assert_eq!(code, 0);
    // Thresholds move verdicts: a window narrower than the sends' 10:00 to
    // 19:00 flags them, and so does an allowed list without Canada.
    let (code, diagnostics, _) = audit_json(
        &project,
        &["--quiet-hours", "12:00-17:00", "--allow-destination", "US"],
    );
    let rules = counts(diagnostics.iter().map(|d| d["rule"].as_str().unwrap()));
    // The number's sends only: the service's campaign is a notification
    // use case, which quiet hours (bound to solicitations) leave alone.
    assert_eq!(rules.get("traffic/quiet-hours"), Some(&1), "{rules:?}");
    let quiet = diagnostics
        .iter()
        .find(|d| d["rule"] == "traffic/quiet-hours")
        .unwrap();
    assert!(
        quiet["label"]
            .as_str()
            .unwrap()
            .starts_with("+1******0100:"),
        "{quiet}"
    );
    assert_eq!(rules.get("traffic/destination-not-allowed"), Some(&1));
    assert_eq!(code, 1);
}

#[test]
fn every_format_reports_and_no_number_is_shown_whole() {
    let project = logs(&Plan {
        days: 12,
        per_day: 60,
        ..planted()
    });
    let whole_number = regex::Regex::new(r"\+?1\d{10}\b").unwrap();
    for format in [
        "human", "concise", "json", "sarif", "github", "junit", "html",
    ] {
        let run = project.smslint(&[
            "audit",
            "logs",
            "--campaign",
            "campaign.yaml",
            "--format",
            format,
        ]);
        assert_eq!(run.code, 1, "{format}: {}", run.stderr);
        assert!(
            run.stdout.contains("traffic/opt-out-ignored"),
            "{format}: {}",
            run.stdout
        );
        if let Some(found) = whole_number.find(&run.stdout) {
            panic!("{format} shows {}", found.as_str());
        }
    }
}

#[test]
fn the_html_report_charts_every_day_and_hour() {
    let project = logs(&Plan {
        days: 10,
        per_day: 50,
        ..planted()
    });
    let run = project.smslint(&[
        "audit",
        "logs",
        "--campaign",
        "campaign.yaml",
        "--format",
        "html",
        "--output",
        "report.html",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let page = std::fs::read_to_string(project.path().join("report.html")).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    // Self-contained: nothing is fetched.
    for fetch in ["<script", "src=", "href=", "@import", "url("] {
        assert!(!page.contains(fetch), "{fetch}");
    }
    let hours = page.split("class=\"chart hours\"").nth(1).unwrap();
    assert!(hours.starts_with(" viewBox"));
    assert_eq!(
        hours
            .split("</svg>")
            .next()
            .unwrap()
            .matches("<rect class=\"point")
            .count(),
        24
    );
    // The human report still goes to the terminal.
    assert!(run.stdout.contains("error[traffic/opt-out-ignored]"));
}

#[test]
fn broken_logs_are_reported_where_they_break_and_the_rest_is_audited() {
    let project = logs(&Plan {
        days: 4,
        per_day: 100,
        ..Plan::default()
    });
    // A download cut short: the last day's gzip member is truncated.
    let last = project.path().join("logs/2024-03-04.json.gz");
    let bytes = std::fs::read(&last).unwrap();
    std::fs::write(&last, &bytes[..bytes.len() / 2]).unwrap();
    project.write("logs/notes.json", "not a log at all\n");
    project.write("logs/README.md", "# exports\n");
    let (code, diagnostics, summary) = audit_json(&project, &[]);
    assert_eq!(code, 1);
    let truncated = diagnostics
        .iter()
        .find(|d| d["path"] == "logs/2024-03-04.json.gz")
        .unwrap();
    assert_eq!(truncated["rule"], "input/invalid-record");
    assert!(truncated["label"].as_str().unwrap().contains("truncated"));
    let notes = diagnostics
        .iter()
        .find(|d| d["path"] == "logs/notes.json")
        .unwrap();
    assert_eq!(notes["rule"], "input/unreadable");
    assert!(summary["messages"].as_u64().unwrap() > 300);
}

/// The same little history, as the Console's CSV export, as API pages and
/// as Bulk Export JSONL: the same verdict.
#[test]
fn csv_pages_and_jsonl_give_the_same_verdict() {
    let records = [
        (
            "SM1",
            "+12125550100",
            "+13125550142",
            "inbound",
            "STOP",
            "2024-03-05T14:00:00Z",
        ),
        (
            "SM2",
            "+12125550100",
            "+13125550142",
            "outbound-api",
            "Acme: sale today. Reply STOP to opt out",
            "2024-03-06T15:00:00Z",
        ),
        (
            "SM3",
            "+12125550100",
            "+13125550143",
            "outbound-api",
            "Acme: sale today. Reply STOP to opt out",
            "2024-03-06T15:00:00Z",
        ),
    ];
    let project = Project::new();
    let mut jsonl = String::new();
    let mut csv = String::from("Sid,From,To,Body,Status,SentDate,Direction,ErrorCode\n");
    let mut page = Vec::new();
    for (sid, ours, theirs, direction, body, time) in records {
        let (from, to) = if direction == "inbound" {
            (theirs, ours)
        } else {
            (ours, theirs)
        };
        let record = serde_json::json!({
            "sid": sid, "from": from, "to": to, "body": body,
            "direction": direction, "status": "delivered", "date_sent": time,
        });
        jsonl.push_str(&format!("{record}\n"));
        csv.push_str(&format!(
            "{sid},{from},{to},\"{body}\",delivered,{},{direction},\n",
            time.replace('T', " ").trim_end_matches('Z')
        ));
        let mut api = record.clone();
        api["date_sent"] = Value::from(
            time.parse::<jiff::Timestamp>()
                .unwrap()
                .strftime("%a, %d %b %Y %H:%M:%S +0000")
                .to_string(),
        );
        page.push(api);
    }
    project.write("export.jsonl", jsonl);
    project.write("console.csv", csv);
    project.write(
        "page.json",
        serde_json::to_string_pretty(&serde_json::json!({"messages": page, "next_page_uri": null}))
            .unwrap(),
    );
    for file in ["export.jsonl", "console.csv", "page.json"] {
        let run = project.smslint(&["audit", file, "--format", "json", "--select", "traffic"]);
        let json: Value = serde_json::from_str(&run.stdout).unwrap();
        let rules: Vec<&str> = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["rule"].as_str().unwrap())
            .filter(|rule| *rule != "traffic/spend")
            .collect();
        assert_eq!(rules, ["traffic/opt-out-ignored"], "{file}");
        let label = json["diagnostics"][0]["label"].as_str().unwrap();
        assert!(
            label.starts_with("+1******0142 opted out at 2024-03-05T14:00:00Z"),
            "{file}: {label}"
        );
        assert_eq!(run.code, 1);
    }
}

#[test]
fn usage_errors_exit_2() {
    let project = Project::new();
    project.write("log.jsonl", "");
    for args in [
        &["audit", "missing.jsonl"][..],
        &["audit", "log.jsonl", "--quiet-hours", "21:00-08:00"],
        &["audit", "log.jsonl", "--column", "recipient=to"],
        &["audit", "log.jsonl", "--campaign", "missing.yaml"],
        &["audit", "log.jsonl", "--max-filtered", "-1"],
    ] {
        let run = project.smslint(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(!run.stderr.is_empty());
    }
    // The messages sent are set aside in a temporary file: one that cannot
    // be made is said, not a silent pass.
    project.write(
        "sent.jsonl",
        record(
            "SM1",
            "+12125550100",
            "+14155550142",
            "outbound-api",
            "Acme: hi",
            "2024-03-05T14:00:00Z",
        ),
    );
    let run = project.shell("TMPDIR=/nonexistent/smslint-tmp \"$SMSLINT\" audit sent.jsonl");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("temporary file"), "{stderr}");
}

/// A JSON record a line, as Bulk Export writes it.
fn record(sid: &str, from: &str, to: &str, direction: &str, body: &str, time: &str) -> String {
    serde_json::json!({
        "sid": sid, "from": from, "to": to, "body": body, "direction": direction,
        "status": "delivered", "date_sent": time, "price": "-0.0079",
    })
    .to_string()
        + "\n"
}

/// What the review of the first version found, each a case: numbers in
/// bodies and broken values are masked in every format, logs git ignores
/// or links to are read, a blank or broken first line costs one record, a
/// WhatsApp number counts for its country, `INBOUND` is inbound, people
/// who share the last four digits stay apart, the same file named twice is
/// read once.
#[test]
fn odd_logs_are_read_and_numbers_never_shown() {
    let project = Project::new();
    let ours = "+12125550100";
    let mut log = String::from("\n");
    log += "{\"sid\": broken\n";
    log += &record(
        "SM1",
        "+13105550999",
        ours,
        "INBOUND",
        "STOP",
        "2024-03-01T15:00:00Z",
    );
    log += &record(
        "SM2",
        "+14155550999",
        ours,
        "inbound",
        "stop",
        "2024-03-01T15:00:00Z",
    );
    log += &record(
        "SM3",
        ours,
        "+13105550999",
        "outbound-api",
        "Acme: call Dana at +13105557788 or 212 555 4321. Reply STOP to opt out",
        "2024-03-02T16:00:00Z",
    );
    log += &record(
        "SM4",
        ours,
        "+14155550999",
        "outbound-api",
        "Acme: call Dana at +13105557788 or 212 555 4321. Reply STOP to opt out",
        "2024-03-02T16:00:00Z",
    );
    log += &record(
        "SM5",
        ours,
        "whatsapp:+2348031234567",
        "outbound-api",
        "Acme: your code is 123456",
        "2024-03-02T12:00:00Z",
    );
    log += &record(
        "SM6",
        ours,
        "+2348031234568",
        "outbound-api",
        "Acme: your code is 654321",
        "2024-03-02T12:00:00Z",
    );
    log += "{\"sid\":\"SM7\",\"from\":\"+12125550100\",\"to\":\"+13105550123\",\"direction\":\"+13105558888\",\"date_sent\":\"2024-03-02T12:00:00Z\"}\n";
    project.write("repo/.gitignore", "*.jsonl\n");
    project.write("repo/.git/HEAD", "ref: refs/heads/main\n");
    project.write("repo/exports/day.jsonl", &log);
    std::os::unix::fs::symlink(
        project.path().join("repo/exports/day.jsonl"),
        project.path().join("linked.jsonl"),
    )
    .unwrap();
    let whole_number = regex::Regex::new(r"\+?1?\d{3}[ .-]?\d{3}[ .-]?\d{4}").unwrap();
    for format in ["human", "json", "sarif", "html"] {
        let run = project.smslint(&[
            "audit",
            "repo",
            "linked.jsonl",
            "--no-config",
            "--format",
            format,
        ]);
        assert_eq!(run.code, 1, "{format}: {}", run.stderr);
        if let Some(found) = whole_number.find(&run.stdout) {
            panic!("{format} shows {}", found.as_str());
        }
    }
    let (_, diagnostics, summary) = {
        let run = project.smslint(&[
            "audit",
            "repo",
            "linked.jsonl",
            "--no-config",
            "--format",
            "json",
        ]);
        let json: Value = serde_json::from_str(&run.stdout).unwrap();
        (
            run.code,
            json["diagnostics"].as_array().unwrap().clone(),
            json["summary"].clone(),
        )
    };
    // The same file, named twice (through its link), is read once.
    assert_eq!(summary["files"], 1);
    assert_eq!(summary["messages"], 6);
    let rules = counts(diagnostics.iter().map(|d| d["rule"].as_str().unwrap()));
    assert_eq!(rules.get("traffic/opt-out-ignored"), Some(&2), "{rules:?}");
    assert_eq!(rules.get("input/invalid-record"), Some(&2), "{rules:?}");
    let risky = diagnostics
        .iter()
        .find(|d| d["rule"] == "traffic/high-risk-destination")
        .unwrap();
    assert!(
        risky["label"].as_str().unwrap().starts_with("2 messages"),
        "{risky}"
    );
    let broken = diagnostics
        .iter()
        .find(|d| d["rule"] == "input/invalid-record")
        .unwrap();
    assert_eq!(broken["line"], 2, "the blank first line is counted");
}

/// A campaign that names no Messaging Service declares the volume of the
/// whole log: three numbers at 600 a day each are 1,800 against 1,500.
#[test]
fn a_campaign_without_a_service_declares_the_whole_logs_volume() {
    let project = Project::new();
    let mut log = String::new();
    for (sender, n) in ["+12125550100", "+12125550101", "+12125550102"]
        .iter()
        .flat_map(|sender| (0..600).map(move |n| (sender, n)))
    {
        log += &record(
            &format!("SM{sender}{n}"),
            sender,
            &format!("+1212555{n:04}"),
            "outbound-api",
            "Acme: your order shipped. Reply STOP to opt out",
            "2024-03-01T16:00:00Z",
        );
    }
    project.write("day.jsonl", log);
    project.write(
        "campaign.yaml",
        "campaign:\n  brand: Acme\n  use_case: ACCOUNT_NOTIFICATION\n  volume: {expected_daily: 1500}\n",
    );
    let run = project.smslint(&[
        "audit",
        "day.jsonl",
        "--campaign",
        "campaign.yaml",
        "--no-config",
        "--format",
        "concise",
    ]);
    assert!(
        run.stdout
            .contains("all senders sent 1800 on 2024-03-01; campaign.yaml declares 1500 a day"),
        "{}",
        run.stdout
    );
}

/// The config's `audit:` section holds the traffic as the flags do, the
/// flags win, and a wrong value is a config error at its place.
#[test]
fn the_configs_audit_section_sets_thresholds_and_the_flags_win() {
    let project = Project::new();
    project.write(".git/HEAD", "ref: refs/heads/main\n");
    let mut log = String::new();
    for n in 0..5 {
        // 13:00 in New York.
        log += &record(
            &format!("SM{n}"),
            "+12125550100",
            &format!("+1212555{n:04}"),
            "outbound-api",
            "Acme: your order shipped. Reply STOP to opt out",
            "2024-03-01T18:00:00Z",
        );
    }
    project.write("exports/day.jsonl", log);
    project.write(
        "smslint.yaml",
        "audit:\n  quiet_hours: \"14:00-20:00\"\n  campaigns: [campaign.yaml]\n",
    );
    project.write(
        "campaign.yaml",
        "campaign:\n  brand: Acme\n  use_case: MARKETING\n  destinations: [CA]\n",
    );
    let rules = |args: &[&str]| {
        let mut all = vec!["audit", "exports/day.jsonl", "--format", "json"];
        all.extend_from_slice(args);
        let run = project.smslint(&all);
        let json: Value =
            serde_json::from_str(&run.stdout).unwrap_or_else(|_| panic!("{}", run.stderr));
        counts(
            json["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["rule"].as_str().unwrap()),
        )
    };
    let from_config = rules(&[]);
    assert_eq!(
        from_config.get("traffic/quiet-hours"),
        Some(&1),
        "{from_config:?}"
    );
    assert_eq!(
        from_config.get("traffic/destination-not-allowed"),
        Some(&1),
        "{from_config:?}"
    );
    let flags = rules(&["--quiet-hours", "08:00-21:00", "--allow-destination", "US"]);
    assert_eq!(flags.get("traffic/quiet-hours"), None, "{flags:?}");
    assert_eq!(
        flags.get("traffic/destination-not-allowed"),
        None,
        "{flags:?}"
    );

    project.write("smslint.yaml", "audit:\n  quiet_hours: \"21:00-08:00\"\n");
    let run = project.smslint(&["audit", "exports/day.jsonl"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("smslint.yaml:2"), "{}", run.stderr);
    assert!(run.stderr.contains("audit.quiet_hours"), "{}", run.stderr);
}

/// What a newcomer's trial found, each a case: an answer to the person's
/// HELP after their STOP is a reply, a message days later is not; two
/// filtered messages are no trend; a high-risk country the campaign serves
/// by name is allowed; `UK`, a complaint threshold of 10 and an unmapped
/// column are usage errors that say what to write.
#[test]
fn replies_small_counts_served_countries_and_bad_settings() {
    let project = Project::new();
    let ours = "+12125550100";
    let person = "+13105550142";
    let mut log = String::new();
    log += &record(
        "SM1",
        person,
        ours,
        "inbound",
        "STOP",
        "2024-03-01T15:00:00Z",
    );
    log += &record(
        "SM2",
        person,
        ours,
        "inbound",
        "HELP",
        "2024-03-01T15:05:00Z",
    );
    log += &record(
        "SM3",
        ours,
        person,
        "outbound-api",
        "Acme: help at acme.example or 1-800-555-0100. Reply STOP to opt out",
        "2024-03-01T15:05:30Z",
    );
    log += &record(
        "SM4",
        ours,
        person,
        "outbound-api",
        "Acme: sale today. Reply STOP to opt out",
        "2024-03-03T15:00:00Z",
    );
    for n in 0..150 {
        let mut line: Value = serde_json::from_str(&record(
            &format!("SMf{n}"),
            ours,
            &format!("+1212555{n:04}"),
            "outbound-api",
            "Acme: your order shipped. Reply STOP to opt out",
            "2024-03-02T16:00:00Z",
        ))
        .unwrap();
        if n < 2 {
            line["error_code"] = Value::from(30007);
        }
        log += &format!("{line}\n");
    }
    log += &record(
        "SMng",
        ours,
        "+2348031234567",
        "outbound-api",
        "Acme: your order shipped. Reply STOP to opt out",
        "2024-03-02T12:00:00Z",
    );
    project.write("day.jsonl", log);
    project.write(
        "campaign.yaml",
        "campaign:\n  brand: Acme\n  use_case: MARKETING\n  destinations: [US, NG]\n",
    );
    let run = project.smslint(&[
        "audit",
        "day.jsonl",
        "--campaign",
        "campaign.yaml",
        "--no-config",
        "--format",
        "json",
    ]);
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    let diagnostics = json["diagnostics"].as_array().unwrap();
    let rules = counts(diagnostics.iter().map(|d| d["rule"].as_str().unwrap()));
    assert_eq!(rules.get("traffic/opt-out-ignored"), Some(&1), "{rules:?}");
    let ignored = diagnostics
        .iter()
        .find(|d| d["rule"] == "traffic/opt-out-ignored")
        .unwrap();
    assert_eq!(ignored["key"], "SM4 at 2024-03-03T15:00:00Z");
    assert_eq!(rules.get("traffic/filtered"), None, "{rules:?}");
    assert_eq!(
        rules.get("traffic/high-risk-destination"),
        None,
        "{rules:?}"
    );

    for (args, says) in [
        (
            &["--allow-destination", "UK"][..],
            "the United Kingdom is GB",
        ),
        (
            &["--column", "to=recipient2"],
            "`recipient2` (mapped to `to`)",
        ),
        (&["--spike-ratio", "0.5"], "at least 1"),
    ] {
        let mut all = vec!["audit", "day.jsonl", "--no-config"];
        all.extend_from_slice(args);
        let run = project.smslint(&all);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(says), "{args:?}: {}", run.stderr);
    }
    project.write(
        "bad.yaml",
        "campaign:\n  brand: Acme\n  monitoring: {complaint_rate_pause_threshold: 10}\n",
    );
    let run = project.smslint(&[
        "audit",
        "day.jsonl",
        "--no-config",
        "--campaign",
        "bad.yaml",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("is a fraction"), "{}", run.stderr);
}

/// The same logs give the same report byte for byte, on one thread or on
/// several, from run to run: files are merged in order, and nothing is
/// taken in a map's order.
#[test]
fn the_report_is_the_same_whatever_the_thread_count() {
    let project = logs(&Plan {
        days: 20,
        per_day: 120,
        ..planted()
    });
    let report = |threads: &str| {
        let output = assert_cmd::Command::cargo_bin("smslint")
            .unwrap()
            .current_dir(project.path())
            .args([
                "audit",
                "logs",
                "--campaign",
                "campaign.yaml",
                "--format",
                "json",
            ])
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        String::from_utf8(output.stdout).unwrap()
    };
    let one = report("1");
    assert!(one.contains("traffic/opt-out-ignored"));
    for threads in ["2", "4", "1"] {
        assert_eq!(report(threads), one, "{threads} threads");
    }
}

/// The one pass over the logs sets the messages sent aside and judges them
/// once every opt-out is known: a STOP in a file named after the one
/// holding the messages sent after it still binds them; Twilio's
/// confirmation, in any case, is no such message; the message shown is the
/// first in the logs' order (not the earliest sent). A one-line API page is
/// read as its records, and a `messages` key that holds no list is said to.
#[test]
fn an_opt_out_in_a_later_file_binds_the_messages_of_an_earlier_one() {
    let project = Project::new();
    let (ours, person) = ("+12125550100", "+14155550142");
    let shop = "Acme: new arrivals this week. Reply STOP to opt out";
    project.write(
        "logs/a.jsonl",
        record(
            "SMa1",
            ours,
            person,
            "outbound-api",
            shop,
            "2024-03-06T10:00:00Z",
        ) + &record(
            "SMa2",
            ours,
            person,
            "outbound-api",
            shop,
            "2024-03-07T10:00:00Z",
        ),
    );
    project.write(
        "logs/b.jsonl",
        record(
            "SMb1",
            ours,
            person,
            "outbound-api",
            shop,
            "2024-03-05T09:00:00Z",
        ) + &record(
            "SMb2",
            person,
            ours,
            "inbound",
            "Stop",
            "2024-03-05T14:00:00Z",
        ) + &record(
            "SMb3",
            ours,
            person,
            "outbound-reply",
            "You have been UNSUBSCRIBED from Acme and will receive NO FURTHER MESSAGES.",
            "2024-03-05T14:00:02Z",
        ) + &record(
            "SMb4",
            ours,
            person,
            "outbound-api",
            shop,
            "2024-03-05T20:00:00Z",
        ),
    );
    let page: Value = serde_json::from_str(&format!(
        "{{\"messages\": [{}], \"next_page_uri\": null}}",
        record(
            "SMc1",
            ours,
            "+14155550199",
            "outbound-api",
            shop,
            "2024-03-09T10:00:00Z"
        )
    ))
    .unwrap();
    project.write("logs/c.json", format!("{page}\n{{\"messages\": null}}\n"));
    let run = project.smslint(&["audit", "logs", "--no-config", "--format", "json"]);
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    let diagnostics = json["diagnostics"].as_array().unwrap();
    let of_rule =
        |rule: &str| -> Vec<&Value> { diagnostics.iter().filter(|d| d["rule"] == rule).collect() };
    let ignored = of_rule("traffic/opt-out-ignored");
    assert_eq!(ignored.len(), 1, "{diagnostics:#?}");
    assert_eq!(ignored[0]["key"], "SMa1 at 2024-03-06T10:00:00Z");
    assert_eq!(ignored[0]["path"], "logs/a.jsonl");
    assert_eq!(
        ignored[0]["label"],
        "+1******0142 opted out at 2024-03-05T14:00:00Z and was sent 3 messages after it"
    );
    // The page's record is read; its broken twin is an error on its line.
    assert_eq!(json["summary"]["messages"], 7);
    let broken = of_rule("input/invalid-record");
    assert_eq!(broken.len(), 1, "{diagnostics:#?}");
    assert_eq!(broken[0]["path"], "logs/c.json");
    assert_eq!(broken[0]["line"], 2);
    // A page whose other keys hold no record's values is a page too.
    project.write(
        "logs/c.json",
        format!("{page}\n").replace("\"next_page_uri\":null", "\"status\":{\"code\":200}"),
    );
    let run = project.smslint(&["audit", "logs", "--no-config", "--format", "json"]);
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["summary"]["messages"], 7, "{}", run.stdout);
    // A log read from a pipe cannot be read again to show the first
    // message: its finding stays, with what the one reading kept.
    let run = project.shell(
        "cat logs/b.jsonl logs/a.jsonl | \"$SMSLINT\" audit /dev/stdin --no-config --format json",
    );
    let json: Value = serde_json::from_slice(&run.stdout).unwrap();
    let ignored: Vec<&Value> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "traffic/opt-out-ignored")
        .collect();
    assert_eq!(ignored.len(), 1, "{json:#}");
    assert_eq!(ignored[0]["line"], 4, "{json:#}");
    assert_eq!(ignored[0]["key"], "(no sid) at 2024-03-05T20:00:00Z");
    assert_eq!(ignored[0]["text"], "+1******0142");
    let shown = project.shell(
        "cat logs/b.jsonl | \"$SMSLINT\" audit /dev/stdin --no-config --select traffic/opt-out-ignored",
    );
    let shown = String::from_utf8_lossy(&shown.stdout);
    assert!(shown.contains("could not be read again"), "{shown}");
    assert!(
        broken[0]["label"]
            .as_str()
            .unwrap()
            .contains("not a list of records"),
        "{}",
        broken[0]
    );
}
