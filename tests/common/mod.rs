//! Helpers shared by the command-line tests: a temporary project folder,
//! runs of the binary, and the JSON report contract.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// A temporary project folder to run smslint in.
pub struct Project {
    dir: TempDir,
}

impl Project {
    pub fn new() -> Project {
        Project {
            dir: tempfile::tempdir().expect("a temporary folder"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, relative: &str, content: impl AsRef<[u8]>) -> &Project {
        let path = self.path().join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, content).unwrap();
        self
    }

    pub fn smslint(&self, args: &[&str]) -> Run {
        self.smslint_in("", args, None)
    }

    pub fn smslint_in(&self, subdir: &str, args: &[&str], stdin: Option<&str>) -> Run {
        let mut command = Command::cargo_bin("smslint").unwrap();
        command
            .current_dir(self.path().join(subdir))
            .args(args)
            .env("NO_COLOR", "1");
        if let Some(stdin) = stdin {
            command.write_stdin(stdin);
        }
        let output = command.output().unwrap();
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            cwd: self.path().join(subdir),
        }
    }

    /// Runs a bash `script` in the project, with `$SMSLINT` the binary
    /// under test: for pipes and limits the shell sets up.
    pub fn shell(&self, script: &str) -> std::process::Output {
        std::process::Command::new("bash")
            .arg("-c")
            .arg(script)
            .env("SMSLINT", assert_cmd::cargo::cargo_bin("smslint"))
            .current_dir(self.path())
            .output()
            .unwrap()
    }

    /// `smslint check --format json ARGS`, checked against the contract.
    pub fn report(&self, args: &[&str]) -> Report {
        self.report_in("", args, None)
    }

    pub fn report_in(&self, subdir: &str, args: &[&str], stdin: Option<&str>) -> Report {
        let mut all = vec!["check", "--format", "json"];
        all.extend_from_slice(args);
        let run = self.smslint_in(subdir, &all, stdin);
        assert!(
            run.code == 0 || run.code == 1,
            "exit {} for {args:?}: {}",
            run.code,
            run.stderr
        );
        let json: Value = serde_json::from_str(&run.stdout).expect("--format json prints JSON");
        assert_contract(&json, &run.cwd, stdin.is_some());
        Report {
            code: run.code,
            json,
        }
    }
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub cwd: PathBuf,
}

pub struct Report {
    pub code: i32,
    pub json: Value,
}

impl Report {
    pub fn diagnostics(&self) -> &Vec<Value> {
        self.json["diagnostics"].as_array().unwrap()
    }

    /// Rule ids reported for one path.
    pub fn rules_for(&self, path: &str) -> Vec<String> {
        self.diagnostics()
            .iter()
            .filter(|d| d["path"] == path)
            .map(|d| d["rule"].as_str().unwrap().to_owned())
            .collect()
    }

    pub fn all_rules(&self) -> Vec<String> {
        self.diagnostics()
            .iter()
            .map(|d| d["rule"].as_str().unwrap().to_owned())
            .collect()
    }

    pub fn severity_of(&self, rule: &str) -> Vec<String> {
        self.diagnostics()
            .iter()
            .filter(|d| d["rule"] == rule)
            .map(|d| d["severity"].as_str().unwrap().to_owned())
            .collect()
    }
}

/// 1-based line and column (Unicode scalars) of a byte offset, computed
/// independently of smslint.
pub fn line_column(bytes: &[u8], offset: usize) -> (u64, u64) {
    let before = &bytes[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[start..]).chars().count() + 1;
    (line as u64, column as u64)
}

/// Every invariant the public contract states about a JSON report.
/// `from_stdin`: the paths name no files (they come from `--stdin-filename`).
pub fn assert_contract(json: &Value, cwd: &Path, from_stdin: bool) {
    assert_eq!(json["version"], 1);
    assert_eq!(json["tool"]["name"], "smslint");
    let diagnostics = json["diagnostics"].as_array().unwrap();
    let mut order = Vec::new();
    for d in diagnostics {
        for key in [
            "rule",
            "category",
            "severity",
            "message",
            "path",
            "line",
            "column",
            "end_line",
            "end_column",
            "byte_start",
            "byte_end",
            "text",
            "help",
            "references",
            "fix",
        ] {
            assert!(d.get(key).is_some(), "diagnostic lacks `{key}`: {d}");
        }
        let rule = d["rule"].as_str().unwrap();
        assert_eq!(
            rule.split('/').next().unwrap(),
            d["category"].as_str().unwrap()
        );
        let path = d["path"].as_str().unwrap();
        let (start, end) = (
            d["byte_start"].as_u64().unwrap() as usize,
            d["byte_end"].as_u64().unwrap() as usize,
        );
        order.push((path.to_owned(), start, rule.to_owned()));
        if d["category"] == "input" || from_stdin {
            continue;
        }
        let bytes = fs::read(cwd.join(path)).unwrap();
        assert_eq!(
            d["text"].as_str().unwrap().as_bytes(),
            &bytes[start..end],
            "{d}"
        );
        let (line, column) = line_column(&bytes, start);
        assert_eq!(
            (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap()),
            (line, column)
        );
        let (end_line, end_column) = line_column(&bytes, end);
        assert_eq!(
            (
                d["end_line"].as_u64().unwrap(),
                d["end_column"].as_u64().unwrap()
            ),
            (end_line, end_column)
        );
    }
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(
        order, sorted,
        "diagnostics are sorted by path, byte_start, rule"
    );
    for (severity, key) in [
        ("error", "errors"),
        ("warning", "warnings"),
        ("info", "infos"),
    ] {
        let count = diagnostics
            .iter()
            .filter(|d| d["severity"] == severity)
            .count();
        assert_eq!(json["summary"][key].as_u64().unwrap() as usize, count);
    }
}
