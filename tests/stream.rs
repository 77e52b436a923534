//! `check --jsonl` and `check --csv`: one result line per record, in input
//! order, malformed records reported without stopping the stream.

mod common;

use serde_json::Value;

use common::Project;

fn lines(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|line| serde_json::from_str(line).expect("each output line is JSON"))
        .collect()
}

fn rules(line: &Value) -> Vec<&str> {
    line["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect()
}

#[test]
fn jsonl_gives_one_result_per_line_in_order_and_survives_bad_lines() {
    let project = Project::new();
    let input = [
        r#"{"id": "a", "body": "Acme: cheap v0dka tonight. Reply STOP to opt out", "use_case": "MARKETING"}"#,
        r#"not json at all"#,
        r#"{"id": "c", "body": "Acme: your table is ready."}"#,
        r#"{"id": "d", "text": "no body"}"#,
        r#"{"id": 5, "body": "20% off today only", "use_case": "2FA", "brand": "Acme"}"#,
    ]
    .join("\n");
    let run = project.smslint_in("", &["check", "--no-config", "--jsonl", "-"], Some(&input));
    assert_eq!(run.code, 1, "{}", run.stderr);
    let out = lines(&run.stdout);
    assert_eq!(out.len(), 5);
    let ids: Vec<&Value> = out.iter().map(|line| &line["id"]).collect();
    assert_eq!(
        ids,
        [
            &Value::from("a"),
            &Value::Null,
            &Value::from("c"),
            &Value::from("d"),
            &Value::from(5)
        ]
    );
    assert_eq!(rules(&out[0]), ["shaft/alcohol", "spam/obfuscated-term"]);
    let vodka = &out[0]["diagnostics"][0];
    assert_eq!(
        (vodka["text"].as_str(), vodka["byte_start"].as_u64()),
        (Some("v0dka"), Some(12))
    );
    assert!(out[1]["error"]
        .as_str()
        .unwrap()
        .starts_with("invalid JSON"));
    assert!(rules(&out[2]).is_empty());
    assert!(out[3]["error"].as_str().unwrap().contains("body"));
    // The line's own use case wins: 2FA, so promotions are a mismatch and no
    // opt-out is asked ("today only" is urgency whatever the use case).
    assert_eq!(
        rules(&out[4]),
        ["campaign/promotional-content", "spam/urgency"]
    );
    assert_eq!(out[4]["record"], 5);

    project.write(
        "clean.jsonl",
        "{\"id\": 1, \"body\": \"Acme: your table is ready.\"}\n",
    );
    let clean = project.smslint(&["check", "--no-config", "--jsonl", "clean.jsonl"]);
    assert_eq!((clean.code, lines(&clean.stdout).len()), (0, 1));
}

#[test]
fn large_streams_keep_input_order_across_batches() {
    let project = Project::new();
    let input: String = (0..5000)
        .map(|i| {
            let body = if i % 3 == 0 {
                "Buy vodka now"
            } else {
                "Acme: your table is ready."
            };
            format!("{{\"id\": {i}, \"body\": \"{body}\"}}\n")
        })
        .collect();
    project.write("log.jsonl", &input);
    let run = project.smslint(&["check", "--no-config", "--jsonl", "log.jsonl"]);
    let out = lines(&run.stdout);
    assert_eq!(out.len(), 5000);
    for (index, line) in out.iter().enumerate() {
        assert_eq!(line["id"], index);
        assert_eq!(
            rules(line).contains(&"shaft/alcohol"),
            index % 3 == 0,
            "{line}"
        );
    }
}

#[test]
fn csv_reads_a_message_log_export() {
    let project = Project::new();
    project.write(
        "export.csv",
        "Sid,From,Body,Status\n\
         SM1,+15550100,\"Acme: your order shipped, track at https://acme.com/t/1\",delivered\n\
         SM2,+15550100,\"WINNER!! Claim your prize:\ncall 09061701461 now\",delivered\n\
         SM3,+15550100\n",
    );
    let run = project.smslint(&[
        "check",
        "--no-config",
        "--csv",
        "export.csv",
        "--column",
        "Body",
        "--id-column",
        "Sid",
    ]);
    let out = lines(&run.stdout);
    assert_eq!(out.len(), 3);
    assert_eq!(out[0]["id"], "SM1");
    assert!(rules(&out[0]).is_empty());
    assert_eq!(out[1]["id"], "SM2");
    assert!(
        rules(&out[1]).contains(&"spam/premium-rate-number"),
        "{:?}",
        rules(&out[1])
    );
    let number = out[1]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "spam/premium-rate-number")
        .unwrap();
    assert_eq!(number["line"], 2, "a quoted field keeps its line breaks");
    assert!(out[2]["error"].is_string(), "a short row is an error line");
    assert_eq!(run.code, 1);

    let missing = project.smslint(&[
        "check",
        "--no-config",
        "--csv",
        "export.csv",
        "--column",
        "Text",
    ]);
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("no column `Text`"),
        "{}",
        missing.stderr
    );
}

#[test]
fn a_misspelt_use_case_is_a_record_error_and_blank_lines_are_no_records() {
    let project = Project::new();
    project.write(
        "m.jsonl",
        "{\"id\":\"a\",\"body\":\"Acme: 20% off shoes today\",\"use_case\":\"MARKETTING\"}\n\n{\"id\":\"b\",\"body\":\"Acme: 20% off shoes today\",\"use_case\":\"MARKETING\"}\n",
    );
    let run = project.smslint(&["check", "--no-config", "--jsonl", "m.jsonl"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let lines = lines(&run.stdout);
    assert_eq!(lines.len(), 2, "{}", run.stdout);
    let error = lines[0]["error"].as_str().unwrap();
    assert!(error.contains("did you mean `MARKETING`"), "{error}");
    assert_eq!(lines[1]["record"], 3);
    assert_eq!(lines[1]["diagnostics"][0]["rule"], "opt-out/missing");
}

#[test]
fn a_bad_jsonl_record_is_an_error_result_and_the_stream_goes_on() {
    let project = Project::new();
    let mut records = Vec::new();
    records.extend_from_slice(b"{\"id\": \"a\", \"body\": \"Acme: free vodka tonight\"}\n");
    records.extend_from_slice(b"{\"id\": \"b\", \"body\": \"caf\xe9\"}\n");
    records.extend_from_slice(b"{\"id\": \"c\", \"body\": \"Acme: CBD gummies\"}\n");
    project.write("m.jsonl", records);
    let run = project.smslint(&["check", "--no-config", "--jsonl", "m.jsonl"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let lines = lines(&run.stdout);
    assert_eq!(lines.len(), 3, "{}", run.stdout);
    assert_eq!(lines[0]["id"], "a");
    assert!(lines[1]["error"].as_str().unwrap().contains("UTF-8"));
    assert_eq!(lines[2]["id"], "c");
    assert_eq!(lines[2]["diagnostics"][0]["rule"], "shaft/cannabis");
}

/// Issue 16 #6: what a stream cannot do is refused with the reason, never
/// silently ignored; `--format json` is what a stream writes anyway.
#[test]
fn file_run_flags_are_refused_in_stream_mode_with_the_reason() {
    let project = Project::new();
    project.write(
        "log.jsonl",
        "{\"id\": \"1\", \"body\": \"Buy vodka now\"}\n",
    );
    project.write("other.txt", "vodka\n");
    for (extra, why) in [
        (
            &["--format", "concise"][..],
            "--format: stream mode writes one JSON line",
        ),
        (
            &["--format", "sarif"][..],
            "--format: stream mode writes one JSON line",
        ),
        (&["--statistics"][..], "--statistics counts a file run"),
        (&["other.txt"][..], "PATHS: stream mode reads only"),
        (
            &["--baseline", "b.json"][..],
            "--baseline: a baseline records",
        ),
        (
            &["--no-ignore"][..],
            "choose files; stream mode reads records",
        ),
    ] {
        let mut args = vec!["check", "--no-config", "--jsonl", "log.jsonl"];
        args.extend_from_slice(extra);
        let run = project.smslint(&args);
        assert_eq!(run.code, 2, "{extra:?}: {}", run.stdout);
        assert!(run.stderr.contains(why), "{extra:?}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{extra:?}");
    }
    let json = project.smslint(&[
        "check",
        "--no-config",
        "--jsonl",
        "log.jsonl",
        "--format",
        "json",
    ]);
    assert_eq!(json.code, 1);
    assert_eq!(lines(&json.stdout).len(), 1);
    assert_eq!(rules(&lines(&json.stdout)[0]), ["shaft/alcohol"]);
}

/// Issue 16 #3: a record whose field is misspelt, of the wrong type or
/// names an unknown locale is a record error (the gate must not pass it as
/// if the field were absent); a log's own fields (`sid`, `to`) are not.
#[test]
fn misspelt_or_mistyped_record_fields_are_record_errors() {
    let project = Project::new();
    let input = [
        r#"{"id": 1, "body": "New arrivals are in.", "use_case": 5}"#,
        r#"{"id": 2, "body": "New arrivals are in.", "usecase": "MARKETING"}"#,
        r#"{"id": 3, "body": "New arrivals are in.", "locale": "not a locale!!"}"#,
        r#"{"id": 4, "Body": "New arrivals are in."}"#,
        r#"{"id": 5, "body": "Acme: your code is 1234", "sid": "SM1", "to": "+15550100", "locale": "fr_ca"}"#,
    ]
    .join("\n");
    project.write("log.jsonl", format!("{input}\n"));
    let run = project.smslint(&["check", "--no-config", "--jsonl", "log.jsonl"]);
    assert_eq!(run.code, 1);
    let results = lines(&run.stdout);
    let errors: Vec<&str> = results
        .iter()
        .map(|r| r["error"].as_str().unwrap_or(""))
        .collect();
    assert!(
        errors[0].contains("`use_case` must be a string"),
        "{errors:?}"
    );
    assert!(
        errors[1].contains("unknown field `usecase`; did you mean `use_case`?"),
        "{errors:?}"
    );
    assert!(
        errors[2].contains("locale: `not a locale!!` is not a language tag"),
        "{errors:?}"
    );
    assert!(errors[3].contains("did you mean `body`?"), "{errors:?}");
    assert_eq!(errors[4], "");
    assert_eq!(results[4]["diagnostics"], serde_json::json!([]));

    let flag = project.smslint(&["check", "--no-config", "--locale", "english", "log.jsonl"]);
    assert_eq!(flag.code, 2);
    assert!(
        flag.stderr
            .contains("--locale: `english` is not a language tag"),
        "{}",
        flag.stderr
    );
    project.write("smslint.yaml", "locale: en_US!\n");
    project.write("a.txt", "Acme: hi\n");
    let config = project.smslint(&["check", "a.txt"]);
    assert_eq!(config.code, 2);
    assert!(
        config.stderr.contains("smslint.yaml:1:9"),
        "{}",
        config.stderr
    );
}
