//! smslint counts what Twilio counts: the 19 vectors of Twilio's own segment
//! calculator (fixtures/encoding/, MIT, see the LICENSE file beside them).

use serde_json::Value;
use smslint::encoding::count;

#[test]
fn every_twilio_vector_agrees() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/encoding/twilio-segment-vectors.json"
    );
    let vectors: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(vectors.len(), 19);
    for vector in &vectors {
        let text = vector["text"].as_str().unwrap();
        let counted = count(text);
        let got = (
            counted.encoding.as_str(),
            counted.segments as u64,
            counted.characters as u64,
            counted.unicode_scalars as u64,
            counted.message_bits as u64,
        );
        let want = (
            vector["encoding"].as_str().unwrap(),
            vector["segments"].as_u64().unwrap(),
            vector["characters"].as_u64().unwrap(),
            vector["unicode_scalars"].as_u64().unwrap(),
            vector["message_size_bits"].as_u64().unwrap(),
        );
        assert_eq!(got, want, "{}", vector["id"]);
    }
}

/// Differential test: 3,000 generated strings (ASCII, GSM extension
/// characters, smart punctuation, accented letters, emoji, CJK, CR LF, at
/// lengths around every segment boundary) counted by Twilio's calculator,
/// npm sms-segments-calculator 1.3.0. Regenerate with
/// `scripts/segment-oracle/generate.mjs`.
#[test]
fn generated_strings_agree_with_twilios_calculator() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/encoding/oracle-vectors.jsonl"
    );
    let mut compared = 0;
    let mut disagreements = Vec::new();
    for line in std::fs::read_to_string(path).unwrap().lines() {
        let vector: Value = serde_json::from_str(line).unwrap();
        let text = vector["text"].as_str().unwrap();
        let counted = count(text);
        let got = (
            counted.encoding.as_str(),
            counted.segments as u64,
            counted.characters as u64,
        );
        let want = (
            vector["encoding"].as_str().unwrap(),
            vector["segments"].as_u64().unwrap(),
            vector["characters"].as_u64().unwrap(),
        );
        compared += 1;
        if got != want {
            disagreements.push(format!("{text:?}: smslint {got:?}, Twilio {want:?}"));
        }
    }
    assert_eq!(compared, 3000);
    assert!(
        disagreements.is_empty(),
        "{} of {compared} disagree:\n{}",
        disagreements.len(),
        disagreements[..disagreements.len().min(5)].join("\n")
    );
}
