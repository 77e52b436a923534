//! The labelled texts the unit tests run over: every message of the UCI
//! corpus (`fixtures/corpus/SMSSpamCollection.tsv`) and of the adversarial
//! set (`fixtures/adversarial.jsonl`).

fn fixture(path: &str) -> String {
    let root = env!("CARGO_MANIFEST_DIR");
    std::fs::read_to_string(format!("{root}/fixtures/{path}")).unwrap()
}

/// The UCI corpus's messages, without their labels.
pub fn uci_corpus() -> Vec<String> {
    fixture("corpus/SMSSpamCollection.tsv")
        .lines()
        .filter_map(|line| line.split_once('\t').map(|(_, text)| text.to_owned()))
        .collect()
}

/// The adversarial set's messages.
pub fn adversarial() -> Vec<String> {
    fixture("adversarial.jsonl")
        .lines()
        .filter_map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).ok()?;
            Some(value.get("text")?.as_str()?.to_owned())
        })
        .collect()
}
