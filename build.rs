//! Embeds every file under `rules/` (rule packs and the lists they name) in
//! the binary, so `cargo install smslint` gives a working tool with no data
//! files beside it, and works out the literals each built-in pattern needs
//! (the prefilter's input) so that a run does not parse the patterns again.

// The same code the crate runs for a user's patterns.
#[path = "src/prefilter/literals.rs"]
#[allow(dead_code)]
mod literals;

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
/// `patterns:` and `promotional_cues:` lists with its required literals. A
/// pack that does not parse gives nothing here: the crate reports it.
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
            let rules = document["rules"].as_vec().map_or(&[][..], Vec::as_slice);
            let lists = rules
                .iter()
                .map(|rule| &rule["patterns"])
                .chain([&document["promotional_cues"]]);
            for list in lists {
                for pattern in list.as_vec().map_or(&[][..], Vec::as_slice) {
                    if let Some(source) = pattern.as_str() {
                        sources.insert(source.to_owned());
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
