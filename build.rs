//! Embeds every file under `rules/` (rule packs and the lists they name) in
//! the binary, so `cargo install smslint` gives a working tool with no data
//! files beside it, and works out the literals each built-in pattern needs
//! (the prefilter's input) so that a run does not parse the patterns again,
//! and writes each pack's YAML tree as JSON, which a run reads in a tenth
//! of the time.

// The same code the crate runs for a user's patterns.
#[path = "src/prefilter/literals.rs"]
#[allow(dead_code)]
mod literals;
// The same expansion of a pack's `fragments` the crate runs.
#[path = "src/rules/fragments.rs"]
#[allow(dead_code)]
mod fragments;

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

fn main() {
    let manifest_dir = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let rules_dir = Path::new(&manifest_dir).join("rules");
    println!("cargo:rerun-if-changed={}", rules_dir.display());

    let mut files: Vec<_> = fs::read_dir(&rules_dir)
        .expect("the rules/ folder exists")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            path.is_file()
                && matches!(
                    path.extension().and_then(|e| e.to_str()),
                    Some("yaml" | "txt")
                )
        })
        .collect();
    files.sort();

    let mut generated = String::from(
        "/// Every file of `rules/`, by file name, embedded at build time.\n\
         pub static BUILTIN_FILES: &[(&str, &str)] = &[\n",
    );
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("UTF-8 file names");
        writeln!(
            generated,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .expect("writing to a String");
    }
    generated.push_str("];\n");
    generated.push_str(&packs_as_json(&files));

    let out_dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    fs::write(Path::new(&out_dir).join("builtin_rules.rs"), generated)
        .expect("OUT_DIR is writable");
    fs::write(
        Path::new(&out_dir).join("pattern_literals.rs"),
        pattern_literals(&files),
    )
    .expect("OUT_DIR is writable");
}

/// `PATTERN_LITERALS`, sorted by pattern: every regex of the packs'
/// `patterns:`, `promotion_patterns:`, `require: any_of:` and
/// `promotional_cues:` lists with its
/// required literals. A pack that does not parse gives nothing here: the
/// crate reports it.
fn pattern_literals(files: &[std::path::PathBuf]) -> String {
    let mut sources = std::collections::BTreeSet::new();
    for path in files
        .iter()
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
    {
        let text = fs::read_to_string(path).expect("rule packs are UTF-8");
        let Ok(documents) = yaml_rust2::YamlLoader::load_from_str(&text) else {
            continue;
        };
        for document in &documents {
            let fragment = |name: &str| document["fragments"][name].as_str();
            let has_fragments = document["fragments"].as_hash().is_some();
            let rules = document["rules"].as_vec().map_or(&[][..], Vec::as_slice);
            // As the crate reads them: fragments are written into
            // `patterns` and `promotion_patterns` only.
            let expanded = rules
                .iter()
                .flat_map(|rule| [&rule["patterns"], &rule["promotion_patterns"]])
                .map(|list| (list, has_fragments));
            let as_written = rules
                .iter()
                .map(|rule| &rule["require"]["any_of"])
                .chain([&document["promotional_cues"]])
                .map(|list| (list, false));
            for (list, expand) in expanded.chain(as_written) {
                for pattern in list.as_vec().map_or(&[][..], Vec::as_slice) {
                    let Some(source) = pattern.as_str() else {
                        continue;
                    };
                    if !expand {
                        sources.insert(source.to_owned());
                    } else if let Ok(source) = fragments::expand(source, fragment) {
                        // An unknown fragment is the crate's to report.
                        sources.insert(source);
                    }
                }
            }
        }
    }
    let mut generated = String::from(
        "/// Every built-in pattern, sorted, with the literal groups\n\
         /// `literals::required_literals` gives for it.\n\
         static PATTERN_LITERALS: &[(&str, &[&[&str]])] = &[\n",
    );
    for source in &sources {
        let groups: Vec<String> = literals::required_literals(source)
            .iter()
            .map(|group| format!("&{group:?}"))
            .collect();
        writeln!(generated, "    ({source:?}, &[{}]),", groups.join(", "))
            .expect("writing to a String");
    }
    generated.push_str("];\n");
    generated
}

/// `BUILTIN_PACKS_JSON`: each rule pack's YAML tree as JSON (mappings as
/// objects in document order, every scalar as the string the YAML parser
/// read, as marked-yaml keeps scalars), by file name. Parsing the packs'
/// YAML was 8 ms of CPU at every start, the largest part of a small file's
/// run (issue 14). A pack the conversion cannot represent exactly (anchors,
/// tags, duplicate keys, several documents, a syntax error) is left out:
/// the crate reads its YAML and reports what is wrong where it is written.
fn packs_as_json(files: &[std::path::PathBuf]) -> String {
    let mut generated = String::from(
        "/// The rule packs' YAML trees as JSON, by file name (see `build.rs`).\n\
         pub static BUILTIN_PACKS_JSON: &[(&str, &str)] = &[\n",
    );
    for path in files
        .iter()
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
    {
        let text = fs::read_to_string(path).expect("rule packs are UTF-8");
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("UTF-8 file names");
        if let Some(json) = yaml_as_json(&text) {
            writeln!(generated, "    ({name:?}, {json:?}),").expect("writing to a String");
        }
    }
    generated.push_str("];\n");
    generated
}

/// One YAML document as JSON, or `None` when it is not exactly a tree of
/// mappings with scalar keys, sequences and scalars, none tagged or
/// anchored.
fn yaml_as_json(text: &str) -> Option<String> {
    use yaml_rust2::parser::{Event, Parser};
    let mut parser = Parser::new_from_str(text);
    let mut json = String::new();
    let mut open: Vec<Open> = Vec::new();
    let mut documents = 0;
    loop {
        let (event, _) = parser.next_token().ok()?;
        match event {
            Event::StreamStart | Event::Nothing | Event::DocumentEnd => {}
            Event::DocumentStart => {
                documents += 1;
                if documents > 1 {
                    return None;
                }
            }
            Event::StreamEnd => break,
            Event::Scalar(value, _, 0, None) => {
                let is_key = separate(&mut json, &mut open, Some(&value))?;
                json_string(&mut json, &value);
                if is_key {
                    json.push(':');
                }
            }
            Event::MappingStart(0, None) | Event::SequenceStart(0, None) => {
                separate(&mut json, &mut open, None)?;
                if matches!(event, Event::MappingStart(..)) {
                    json.push('{');
                    open.push(Open::Mapping {
                        keys: Default::default(),
                        value_due: false,
                    });
                } else {
                    json.push('[');
                    open.push(Open::Sequence { started: false });
                }
            }
            Event::MappingEnd => {
                json.push('}');
                open.pop();
            }
            Event::SequenceEnd => {
                json.push(']');
                open.pop();
            }
            Event::Scalar(..)
            | Event::MappingStart(..)
            | Event::SequenceStart(..)
            | Event::Alias(_) => return None,
        }
    }
    // marked-yaml reads an empty file as an empty mapping, and needs one.
    match json.as_bytes().first() {
        None => Some("{}".to_owned()),
        Some(b'{') => Some(json),
        Some(_) => None,
    }
}

/// A mapping or sequence being written.
enum Open {
    Mapping {
        keys: std::collections::HashSet<String>,
        value_due: bool,
    },
    Sequence {
        started: bool,
    },
}

/// Writes the separator before a value in the innermost open collection;
/// `key` is the scalar being written, if it is one. `Some(true)` when it is
/// a mapping's key; `None` when the tree cannot be written as JSON (a key
/// that is not a scalar, or one given twice).
fn separate(json: &mut String, open: &mut [Open], key: Option<&str>) -> Option<bool> {
    match open.last_mut() {
        Some(Open::Mapping { keys, value_due }) => {
            if *value_due {
                *value_due = false;
                return Some(false);
            }
            if !keys.is_empty() {
                json.push(',');
            }
            if !keys.insert(key?.to_owned()) {
                return None;
            }
            *value_due = true;
            Some(true)
        }
        Some(Open::Sequence { started }) => {
            if std::mem::replace(started, true) {
                json.push(',');
            }
            Some(false)
        }
        None => Some(false),
    }
}

/// `value` as a JSON string.
fn json_string(json: &mut String, value: &str) {
    json.push('"');
    for c in value.chars() {
        match c {
            '"' => json.push_str("\\\""),
            '\\' => json.push_str("\\\\"),
            c if u32::from(c) < 0x20 => {
                write!(json, "\\u{:04x}", u32::from(c)).expect("writing to a String")
            }
            c => json.push(c),
        }
    }
    json.push('"');
}
