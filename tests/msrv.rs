//! `rust-version` in Cargo.toml is the real minimum: no dependency a build
//! needs (normal or build, through the locked versions) declares a newer
//! one. Only one toolchain is installed here, so the check reads what each
//! locked crate declares instead of compiling with an old compiler.

use std::collections::{BTreeSet, HashMap};
use std::process::Command;

use serde_json::Value;

fn version(text: &str) -> Vec<u64> {
    text.split('.')
        .map(|part| part.parse().unwrap_or(0))
        .collect()
}

#[test]
fn rust_version_covers_every_locked_build_dependency() {
    let output = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: Value = serde_json::from_slice(&output.stdout).unwrap();
    let packages: HashMap<&str, &Value> = metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|package| (package["id"].as_str().unwrap(), package))
        .collect();
    let nodes: HashMap<&str, &Value> = metadata["resolve"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|node| (node["id"].as_str().unwrap(), node))
        .collect();
    let root = metadata["resolve"]["root"].as_str().unwrap();
    let ours = version(
        packages[root]["rust_version"]
            .as_str()
            .expect("rust-version is set"),
    );
    // Walk normal and build dependencies only: dev-dependencies build the
    // tests, not smslint.
    let mut seen = BTreeSet::new();
    let mut stack = vec![root];
    let mut too_new = Vec::new();
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        if let Some(needed) = packages[id]["rust_version"].as_str() {
            if version(needed) > ours {
                too_new.push(format!("{} needs {needed}", packages[id]["name"]));
            }
        }
        for dep in nodes[id]["deps"].as_array().unwrap() {
            let kinds = dep["dep_kinds"].as_array().unwrap();
            if kinds
                .iter()
                .any(|kind| kind["kind"].as_str() != Some("dev"))
            {
                stack.push(dep["pkg"].as_str().unwrap());
            }
        }
    }
    assert!(
        too_new.is_empty(),
        "rust-version is lower than: {too_new:?}"
    );
}
