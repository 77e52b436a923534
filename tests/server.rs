//! `smslint server` driven over stdio as an editor drives it: JSON-RPC with
//! Content-Length framing; initialize, didOpen, publishDiagnostics,
//! didChange that clears them, codeAction, hover, shutdown, exit.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{json, Value};

struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: mpsc::Receiver<Value>,
    next_id: i64,
}

impl Client {
    fn start(dir: &Path) -> Client {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("smslint"))
            .arg("server")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (sender, incoming) = mpsc::channel();
        std::thread::spawn(move || loop {
            let mut length = 0;
            loop {
                let mut header = String::new();
                if stdout.read_line(&mut header).unwrap_or(0) == 0 {
                    return;
                }
                let header = header.trim();
                if header.is_empty() {
                    break;
                }
                if let Some(value) = header.strip_prefix("Content-Length: ") {
                    length = value.parse().unwrap();
                }
            }
            let mut body = vec![0; length];
            stdout.read_exact(&mut body).unwrap();
            if sender.send(serde_json::from_slice(&body).unwrap()).is_err() {
                return;
            }
        });
        Client {
            child,
            stdin,
            incoming,
            next_id: 1,
        }
    }

    fn send(&mut self, message: &Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn open(&mut self, uri: &str, version: i64, text: &str) {
        let document =
            json!({"uri": uri, "languageId": "plaintext", "version": version, "text": text});
        self.notify("textDocument/didOpen", json!({"textDocument": document}));
    }

    fn change(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
    }

    /// The code actions offered at `range`.
    fn code_actions(&mut self, uri: &str, range: Value) -> Vec<Value> {
        let params =
            json!({"textDocument": {"uri": uri}, "range": range, "context": {"diagnostics": []}});
        let actions = self.request("textDocument/codeAction", params);
        actions.as_array().unwrap().clone()
    }

    /// Sends a request and returns its response's `result`.
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let response = self.wait_for(|message| message["id"] == id);
        assert!(response.get("error").is_none(), "{response}");
        response["result"].clone()
    }

    fn wait_for(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        loop {
            let message = self
                .incoming
                .recv_timeout(Duration::from_secs(60))
                .expect("the server answers within a minute");
            if wanted(&message) {
                return message;
            }
        }
    }

    /// The next diagnostics published for `uri` at `version`.
    fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let published = self.wait_for(|message| {
            message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] == uri
                && message["params"]["version"] == version
        });
        published["params"]["diagnostics"]
            .as_array()
            .unwrap()
            .clone()
    }
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn range(line: u32, start: u32, end: u32) -> Value {
    json!({"start": {"line": line, "character": start}, "end": {"line": line, "character": end}})
}

#[test]
fn the_server_publishes_checks_diagnostics_fixes_and_explanations() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    std::fs::create_dir_all(root.join(".git")).unwrap();
    std::fs::create_dir_all(root.join("sms")).unwrap();
    std::fs::create_dir_all(root.join("locales")).unwrap();
    let template = root.join("sms/promo.txt");
    std::fs::write(&template, "placeholder\n").unwrap();
    let template_uri = uri(&template);

    let mut client = Client::start(&root);
    let initialized = client.request(
        "initialize",
        json!({"processId": null, "rootUri": uri(&root), "capabilities": {}}),
    );
    assert_eq!(initialized["serverInfo"]["name"], "smslint");
    assert_eq!(initialized["capabilities"]["codeActionProvider"], true);
    client.notify("initialized", json!({}));

    // The unsaved text is what is linted, not the file on disk. "😀" is two
    // UTF-16 units (four bytes): "vodka" starts at character 13.
    let text = "Acme Bar: 😀 vodka night tonight! Reply STOP to opt out.\n";
    client.open(&template_uri, 1, text);
    let diagnostics = client.diagnostics(&template_uri, 1);
    let alcohol: Vec<&Value> = diagnostics
        .iter()
        .filter(|d| d["code"] == "shaft/alcohol")
        .collect();
    assert_eq!(alcohol.len(), 1, "{diagnostics:?}");
    assert_eq!(alcohol[0]["range"], range(0, 13, 18));
    assert_eq!(alcohol[0]["severity"], 1);
    assert_eq!(alcohol[0]["source"], "smslint");
    assert!(alcohol[0]["codeDescription"]["href"]
        .as_str()
        .unwrap()
        .starts_with("https://"));
    // The same verdict as `smslint check` on that text.
    let check = assert_cmd::Command::cargo_bin("smslint")
        .unwrap()
        .current_dir(&root)
        .args([
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "sms/promo.txt",
            "-",
        ])
        .write_stdin(text)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&check.stdout).unwrap();
    let mut from_check: Vec<String> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_owned())
        .collect();
    let mut from_server: Vec<String> = diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect();
    from_check.sort();
    from_server.sort();
    assert_eq!(from_server, from_check);

    // Hover on the finding: the rule's explanation.
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": template_uri}, "position": {"line": 0, "character": 15}}),
    );
    let explanation = hover["contents"]["value"].as_str().unwrap();
    assert!(explanation.contains("shaft/alcohol"), "{explanation}");
    assert_eq!(hover["range"], range(0, 13, 18));

    // A change that removes the problem clears the diagnostics.
    let clean = "Acme Dental: your cleaning is booked for Tue 3pm. Reply C to confirm.\n";
    client.change(&template_uri, 2, clean);
    assert_eq!(client.diagnostics(&template_uri, 2), Vec::<Value>::new());
    // Hover on a clean message: what it costs, as `smslint inspect` counts.
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": template_uri}, "position": {"line": 0, "character": 3}}),
    );
    let septets = clean.trim_end().len();
    assert_eq!(
        hover["contents"]["value"],
        format!("This message: GSM-7, 1 segment ({septets} septets), {septets} characters as Twilio counts them.")
    );
    assert_eq!(hover["range"], range(0, 0, septets as u32));

    // A safe fix is offered as a quick fix with the exact edit.
    let quoted = "Acme Dental: see you “today”. Reply C to confirm.\n";
    client.change(&template_uri, 3, quoted);
    let diagnostics = client.diagnostics(&template_uri, 3);
    assert!(
        diagnostics.iter().any(|d| d["range"] == range(0, 21, 22)),
        "{diagnostics:?}"
    );
    let actions = client.code_actions(&template_uri, range(0, 21, 21));
    let fix = actions
        .iter()
        .find(|action| action["isPreferred"] == true)
        .unwrap_or_else(|| panic!("a preferred quick fix in {actions:?}"));
    assert_eq!(fix["kind"], "quickfix");
    let edits = &fix["edit"]["changes"][template_uri.as_str()];
    assert_eq!(
        edits,
        &json!([{"range": range(0, 21, 22), "newText": "\""}])
    );

    // In a catalog, "suppress here" inserts a comment the linter honours.
    let catalog = root.join("locales/en.yml");
    let catalog_uri = uri(&catalog);
    let yaml = "en:\n  promo:\n    sms: \"Acme Bar: vodka night! Reply STOP to opt out.\"\n";
    std::fs::write(&catalog, yaml).unwrap();
    client.open(&catalog_uri, 1, yaml);
    let diagnostics = client.diagnostics(&catalog_uri, 1);
    let alcohol = diagnostics
        .iter()
        .find(|d| d["code"] == "shaft/alcohol")
        .unwrap_or_else(|| panic!("{diagnostics:?}"));
    assert_eq!(alcohol["range"], range(2, 20, 25));
    let actions = client.code_actions(&catalog_uri, range(2, 21, 21));
    let suppress = actions
        .iter()
        .find(|action| {
            action["title"]
                .as_str()
                .unwrap()
                .starts_with("Suppress shaft/alcohol")
        })
        .unwrap_or_else(|| panic!("a suppression in {actions:?}"));
    assert_eq!(
        suppress["edit"]["changes"][catalog_uri.as_str()],
        json!([{"range": range(2, 0, 0), "newText": "    # smslint: ignore[shaft/alcohol]\n"}])
    );

    // A malformed file gives a diagnostic, and the server goes on.
    let broken = root.join("locales/fr.json");
    let broken_uri = uri(&broken);
    std::fs::write(&broken, "{").unwrap();
    client.open(&broken_uri, 7, "{\"fr\": \"Bonjour");
    let diagnostics = client.diagnostics(&broken_uri, 7);
    assert!(
        diagnostics
            .iter()
            .any(|d| d["code"] == "input/invalid-json"),
        "{diagnostics:?}"
    );

    // Closing a document clears its diagnostics.
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": template_uri}}),
    );
    let cleared = client.wait_for(|message| {
        message["method"] == "textDocument/publishDiagnostics"
            && message["params"]["uri"] == template_uri.as_str()
            && message["params"]["version"].is_null()
    });
    assert_eq!(cleared["params"]["diagnostics"], json!([]));

    assert_eq!(client.request("shutdown", Value::Null), Value::Null);
    client.notify("exit", Value::Null);
    let status = client.child.wait().unwrap();
    assert!(status.success(), "{status}");
}

#[test]
fn a_file_smslint_does_not_lint_has_no_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    std::fs::create_dir_all(root.join(".git")).unwrap();
    let readme = root.join("README.md");
    std::fs::write(&readme, "# Vodka tasting\n").unwrap();
    let mut client = Client::start(&root);
    client.request("initialize", json!({"processId": null, "capabilities": {}}));
    client.notify("initialized", json!({}));
    client.open(&uri(&readme), 1, "# Vodka tasting, FREE entry, WIN NOW\n");
    assert_eq!(client.diagnostics(&uri(&readme), 1), Vec::<Value>::new());
    client.request("shutdown", Value::Null);
    client.notify("exit", Value::Null);
    assert!(client.child.wait().unwrap().success());
}

#[test]
fn unsaved_buffers_are_linted_as_check_would_lint_the_saved_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    std::fs::create_dir_all(root.join(".git")).unwrap();
    std::fs::create_dir_all(root.join("locales")).unwrap();
    // A config suppression for another file: its audit belongs to the
    // config, never to the open document.
    std::fs::write(
        root.join("smslint.yaml"),
        "suppressions:\n  - paths: [\"legacy/**\"]\n    rule: shaft/alcohol\n    reason: \"age-gated wine club\"\n",
    )
    .unwrap();
    // On disk the catalog is clean; the editor's text is not.
    let catalog = root.join("locales/en.yml");
    std::fs::write(&catalog, "en:\n  a:\n    sms: \"Your order shipped.\"\n").unwrap();
    let mut client = Client::start(&root);
    client.request("initialize", json!({"processId": null, "capabilities": {}}));
    client.notify("initialized", json!({}));
    let edited = "en:\n  a:\n    sms: \"Vodka tonight, 20% off! Reply STOP to opt out.\"\n  b:\n    sms: \"20% off all wine this weekend!\"\n";
    client.open(&uri(&catalog), 1, edited);
    let diagnostics = client.diagnostics(&uri(&catalog), 1);
    let codes: Vec<&str> = diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"shaft/alcohol"), "{codes:?}");
    assert!(
        codes.iter().all(|code| !code.starts_with("suppression/")),
        "{codes:?}"
    );
    // Each entry is its own message (a catalog): the second lacks opt-out.
    assert!(
        diagnostics
            .iter()
            .any(|d| d["code"] == "opt-out/missing" && d["range"]["start"]["line"] == 4),
        "{diagnostics:?}"
    );

    // A new catalog not yet saved is read as a catalog too.
    let new = root.join("locales/fr.yml");
    client.open(&uri(&new), 1, edited);
    let diagnostics = client.diagnostics(&uri(&new), 1);
    assert!(
        diagnostics
            .iter()
            .any(|d| d["code"] == "opt-out/missing" && d["range"]["start"]["line"] == 4),
        "{diagnostics:?}"
    );
    assert!(!new.exists());
    client.request("shutdown", Value::Null);
    client.notify("exit", Value::Null);
    assert!(client.child.wait().unwrap().success());
}

#[test]
fn hostile_frames_are_skipped_and_closing_after_shutdown_is_clean() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    std::fs::create_dir_all(root.join(".git")).unwrap();
    let mut client = Client::start(&root);
    client.request(
        "initialize",
        json!({"processId": null, "rootUri": uri(&root), "capabilities": {}}),
    );
    client.notify("initialized", json!({}));
    // A frame that announces a terabyte, one that is not a number, and one
    // whose body is not JSON-RPC: each is logged and skipped.
    write!(client.stdin, "Content-Length: 1000000000000\r\n\r\n").unwrap();
    client.stdin.flush().unwrap();
    let logged = client.wait_for(|message| message["method"] == "window/logMessage");
    assert!(
        logged["params"]["message"]
            .as_str()
            .unwrap()
            .contains("skipped"),
        "{logged}"
    );
    // The announced terabyte never comes; a new server then shows the rest.
    drop(client);
    let mut client = Client::start(&root);
    client.request(
        "initialize",
        json!({"processId": null, "rootUri": uri(&root), "capabilities": {}}),
    );
    client.notify("initialized", json!({}));
    write!(client.stdin, "Content-Length: 1e19\r\n\r\n").unwrap();
    write!(client.stdin, "Content-Length: 5\r\n\r\n{{\"a\":").unwrap();
    client.stdin.flush().unwrap();
    for _ in 0..2 {
        client.wait_for(|message| message["method"] == "window/logMessage");
    }
    // Still serving.
    let file = root.join("sms/promo.txt");
    std::fs::create_dir_all(root.join("sms")).unwrap();
    client.open(&uri(&file), 1, "Acme: vodka tonight\n");
    let diagnostics = client.diagnostics(&uri(&file), 1);
    assert!(
        diagnostics.iter().any(|d| d["code"] == "shaft/alcohol"),
        "{diagnostics:?}"
    );
    // `shutdown`, then the client closes the pipe without `exit`.
    client.request("shutdown", Value::Null);
    let Client {
        mut child, stdin, ..
    } = client;
    drop(stdin);
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
}
