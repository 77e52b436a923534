//! `smslint server`: the verdict of `smslint check` while you type, over the
//! Language Server Protocol on stdin/stdout (lsp-server and lsp-types, the
//! crates rust-analyzer is built on).
//!
//! Each open template, catalog or campaign file is linted by the same
//! pipeline as `check`, with the config, campaigns and suppressions that
//! govern its path on disk, on its unsaved text. Linting runs on a worker
//! thread so the editor never waits: changes that arrive while it works
//! replace the ones queued before them, and a result for a version the
//! editor has already changed is dropped. Ranges are LSP positions:
//! 0-based lines and UTF-16 code units, so emoji and accents land right.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument,
    Notification as _, PublishDiagnostics,
};
use lsp_types::request::{CodeActionRequest, HoverRequest, Request as _};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, CodeDescription, Diagnostic as LspDiagnostic, DiagnosticSeverity,
    Hover, HoverContents, HoverParams, HoverProviderCapability, InitializeParams, MarkupContent,
    MarkupKind, NumberOrString, Position, PublishDiagnosticsParams, Range, SaveOptions,
    ServerCapabilities, ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions, TextEdit, Uri, WorkspaceEdit,
};

use crate::config::{ConfigChoice, RuleLayer};
use crate::context::ContextLayer;
use crate::diagnostic::{Diagnostic, FixSafety, Severity};
use crate::discover::WalkOptions;
use crate::lint::{self, BaselineChoice, Options, Session};
use crate::rules::RuleSet;

/// Runs the server until the client asks it to exit. `Err` says why the
/// connection failed (a broken pipe, a client that never initialised).
pub fn run() -> Result<(), String> {
    let (connection, io_threads) = stdio_transport();
    let capabilities = ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    };
    let initialize = serde_json::json!({
        "capabilities": capabilities,
        "serverInfo": ServerInfo {
            name: "smslint".to_owned(),
            version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        },
    });
    let (id, params) = connection.initialize_start().map_err(|e| e.to_string())?;
    // The parameters are read for their validity only: documents come with
    // their own paths, and the config is found from each path.
    let _: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    connection
        .initialize_finish(id, initialize)
        .map_err(|e| e.to_string())?;
    let server = Server::new(connection);
    server.main_loop()?;
    for thread in io_threads {
        thread
            .join()
            .map_err(|_| "an I/O thread of the server panicked".to_owned())?
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// How many findings of one code-action request are offered a suppression
/// comment (each costs a re-lint of the file).
const MAX_SUPPRESSION_ACTIONS: usize = 16;

/// The largest message body the server reads (64 MiB): a client, or
/// something posing as one, that announces `Content-Length: 1000000000000`
/// gets an error in the log, not a terabyte allocation.
pub const MAX_FRAME_BYTES: usize = 64 << 20;

/// The longest header line read: a header without a line end is refused
/// rather than buffered.
const MAX_HEADER_LINE: usize = 8 << 10;

/// Reads LSP frames (`Content-Length` headers, then a JSON-RPC body) from
/// `input` until it ends or `deliver` returns `false`, handing `deliver`
/// each message, or why a frame was skipped: a body over
/// [`MAX_FRAME_BYTES`] (skipped in bounded memory), a header line over 8
/// KiB, a missing or unreadable length, a body that is not JSON-RPC.
/// Memory is bounded by the largest frame read, whatever the input.
pub fn read_frames<R: std::io::BufRead>(
    mut input: R,
    mut deliver: impl FnMut(Result<Message, String>) -> bool,
) -> std::io::Result<()> {
    use std::io::{BufRead, Read};
    loop {
        let mut length: Option<usize> = None;
        let mut malformed = None;
        loop {
            let mut line = Vec::new();
            let read = (&mut input)
                .take(MAX_HEADER_LINE as u64)
                .read_until(b'\n', &mut line)?;
            if read == 0 {
                // The client closed the pipe: the end of the session.
                return Ok(());
            }
            if !line.ends_with(b"\n") {
                malformed = Some("a header line without an end".to_owned());
                input.skip_until(b'\n')?;
                continue;
            }
            let line = String::from_utf8_lossy(&line);
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                if name.trim().eq_ignore_ascii_case("content-length") {
                    match value.trim().parse::<u64>() {
                        Ok(value) => length = Some(usize::try_from(value).unwrap_or(usize::MAX)),
                        Err(_) => {
                            malformed = Some(format!("a Content-Length of `{}`", value.trim()))
                        }
                    }
                }
            }
        }
        let frame = match length {
            None => {
                Err(malformed.unwrap_or_else(|| "a message without a Content-Length".to_owned()))
            }
            Some(length) if length > MAX_FRAME_BYTES => {
                // Said before the body is skipped: it may never come.
                let skipped = format!(
                    "a message of {length} bytes, more than the {MAX_FRAME_BYTES} the server reads; skipped"
                );
                if !deliver(Err(skipped)) {
                    return Ok(());
                }
                std::io::copy(&mut (&mut input).take(length as u64), &mut std::io::sink())?;
                continue;
            }
            Some(length) => {
                let mut body = Vec::new();
                (&mut input).take(length as u64).read_to_end(&mut body)?;
                if body.len() < length {
                    return Ok(());
                }
                serde_json::from_slice::<Message>(&body)
                    .map_err(|error| format!("a message that is not JSON-RPC: {error}"))
            }
        };
        if !deliver(frame) {
            return Ok(());
        }
    }
}

/// The connection over standard input and output, with lsp-server's
/// message types but smslint's own framing: each body is read only when
/// its `Content-Length` is within [`MAX_FRAME_BYTES`] (a larger one is
/// skipped, in bounded memory, and reported in the client's log), and a
/// malformed header or body is reported and skipped, never fatal.
fn stdio_transport() -> (
    Connection,
    Vec<std::thread::JoinHandle<std::io::Result<()>>>,
) {
    use std::io::Write;
    let (writer_sender, writer_receiver) = crossbeam_channel::bounded::<Message>(0);
    let (reader_sender, reader_receiver) = crossbeam_channel::bounded::<Message>(0);
    let log = writer_sender.clone();
    let writer = std::thread::spawn(move || {
        let mut stdout = std::io::stdout().lock();
        for message in writer_receiver {
            message.write(&mut stdout)?;
            stdout.flush()?;
        }
        Ok(())
    });
    let reader = std::thread::spawn(move || {
        let stdin = std::io::BufReader::new(std::io::stdin().lock());
        read_frames(stdin, |frame| match frame {
            Ok(message) => {
                let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                reader_sender.send(message).is_ok() && !exit
            }
            Err(problem) => {
                let _ = log.send(Message::Notification(lsp_server::Notification::new(
                    "window/logMessage".to_owned(),
                    serde_json::json!({"type": 1, "message": format!("smslint: {problem}")}),
                )));
                true
            }
        })
    });
    let connection = Connection {
        sender: writer_sender,
        receiver: reader_receiver,
    };
    (connection, vec![reader, writer])
}

/// One open document, as the editor last sent it.
#[derive(Clone)]
struct Document {
    /// Counts every open and change of any document: unlike the client's
    /// version, it never repeats when a document is closed and reopened.
    generation: u64,
    version: i32,
    text: String,
    /// The file's absolute path (`file:` URIs only).
    path: Option<PathBuf>,
}

/// What the worker last found in a document, for code actions and hover.
struct Linted {
    generation: u64,
    text: String,
    diagnostics: Vec<Diagnostic>,
}

/// What the main loop and the worker share.
#[derive(Default)]
struct Shared {
    /// The generation of each open document (by URI). The worker publishes
    /// while holding it, so a close or change cannot slip in between its
    /// last look and what it sends.
    latest: Mutex<HashMap<String, u64>>,
    linted: Mutex<HashMap<String, Linted>>,
}

impl Shared {
    fn is_current(&self, uri: &str, generation: u64) -> bool {
        self.latest
            .lock()
            .map(|latest| latest.get(uri) == Some(&generation))
            .unwrap_or(false)
    }
}

/// Work for the linting thread.
struct Job {
    uri: Uri,
    document: Document,
}

struct Server {
    connection: Connection,
    documents: HashMap<String, Document>,
    shared: Arc<Shared>,
    jobs: mpsc::Sender<Job>,
    /// Rules compiled for code actions on this thread (the worker has its
    /// own).
    session: Session,
    /// The last [`Document::generation`] given.
    generation: u64,
    /// The built-in rules, for hover, loaded on the first one.
    rules: std::cell::OnceCell<Option<RuleSet>>,
}

impl Server {
    fn new(connection: Connection) -> Server {
        let shared = Arc::new(Shared::default());
        let (jobs, queue) = mpsc::channel();
        let sender = connection.sender.clone();
        let worker_shared = Arc::clone(&shared);
        std::thread::spawn(move || {
            work(
                &queue,
                |message| sender.send(message).is_ok(),
                &worker_shared,
            );
        });
        Server {
            connection,
            documents: HashMap::new(),
            shared,
            jobs,
            session: Session::default(),
            generation: 0,
            rules: std::cell::OnceCell::new(),
        }
    }

    fn main_loop(mut self) -> Result<(), String> {
        while let Ok(message) = self.connection.receiver.recv() {
            match message {
                Message::Request(request) => {
                    // After `shutdown`, the client may send `exit` or simply
                    // close the pipe: either ends the session cleanly.
                    if self.connection.handle_shutdown(&request).unwrap_or(true) {
                        return Ok(());
                    }
                    let response = self.respond(request);
                    self.send(Message::Response(response))?;
                }
                Message::Notification(notification) => self.notified(notification),
                Message::Response(_) => {}
            }
        }
        Ok(())
    }

    fn send(&self, message: Message) -> Result<(), String> {
        self.connection
            .sender
            .send(message)
            .map_err(|e| e.to_string())
    }

    fn respond(&mut self, request: Request) -> Response {
        let id = request.id.clone();
        match request.method.as_str() {
            CodeActionRequest::METHOD => answer(id, request.params, |p| self.code_actions(p)),
            HoverRequest::METHOD => answer(id, request.params, |p| self.hover(p)),
            _ => Response::new_err(
                id,
                lsp_server::ErrorCode::MethodNotFound as i32,
                format!("smslint does not handle `{}`", request.method),
            ),
        }
    }

    fn notified(&mut self, notification: Notification) {
        let method = notification.method.clone();
        match method.as_str() {
            DidOpenTextDocument::METHOD => {
                if let Ok(params) =
                    notification.extract::<lsp_types::DidOpenTextDocumentParams>(&method)
                {
                    let document = params.text_document;
                    self.changed(document.uri, document.version, document.text);
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Ok(params) =
                    notification.extract::<lsp_types::DidChangeTextDocumentParams>(&method)
                {
                    // Full synchronisation: the last change holds the text.
                    if let Some(change) = params.content_changes.into_iter().last() {
                        let uri = params.text_document.uri;
                        self.changed(uri, params.text_document.version, change.text);
                    }
                }
            }
            DidSaveTextDocument::METHOD => {
                // A saved config, campaign or rule file changes what governs
                // the other documents: every open one is linted again.
                let open: Vec<(String, Document)> = self
                    .documents
                    .iter()
                    .map(|(uri, document)| (uri.clone(), document.clone()))
                    .collect();
                for (uri, document) in open {
                    if let Ok(uri) = uri.parse::<Uri>() {
                        self.queue(uri, document);
                    }
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(params) =
                    notification.extract::<lsp_types::DidCloseTextDocumentParams>(&method)
                {
                    let key = params.text_document.uri.as_str().to_owned();
                    self.documents.remove(&key);
                    // Held while clearing: the worker cannot publish for the
                    // closed document after the clear.
                    let Ok(mut latest) = self.shared.latest.lock() else {
                        return;
                    };
                    latest.remove(&key);
                    if let Ok(mut linted) = self.shared.linted.lock() {
                        linted.remove(&key);
                    }
                    let params = PublishDiagnosticsParams {
                        uri: params.text_document.uri,
                        diagnostics: Vec::new(),
                        version: None,
                    };
                    let cleared = Notification::new(PublishDiagnostics::METHOD.to_owned(), params);
                    let _ = self.send(Message::Notification(cleared));
                    drop(latest);
                }
            }
            _ => {}
        }
    }

    fn changed(&mut self, uri: Uri, version: i32, text: String) {
        self.generation += 1;
        let document = Document {
            generation: self.generation,
            version,
            path: file_path(&uri),
            text,
        };
        self.documents
            .insert(uri.as_str().to_owned(), document.clone());
        self.queue(uri, document);
    }

    fn queue(&self, uri: Uri, document: Document) {
        if let Ok(mut latest) = self.shared.latest.lock() {
            latest.insert(uri.as_str().to_owned(), document.generation);
        }
        let _ = self.jobs.send(Job { uri, document });
    }

    /// The diagnostics last published for `uri` that overlap `range`, with
    /// the text they were found in, if that is still the open version.
    fn found_at(&self, uri: &Uri, range: Range) -> Option<(String, Vec<Diagnostic>)> {
        let key = uri.as_str();
        let generation = self.documents.get(key)?.generation;
        let linted = self.shared.linted.lock().ok()?;
        let linted = linted
            .get(key)
            .filter(|linted| linted.generation == generation)?;
        let lines = Lines::new(&linted.text);
        let (start, end) = (lines.offset(range.start), lines.offset(range.end));
        let overlapping = linted
            .diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.span.start <= end && start <= diagnostic.span.end)
            .cloned()
            .collect();
        Some((linted.text.clone(), overlapping))
    }

    fn code_actions(&mut self, params: CodeActionParams) -> Vec<CodeActionOrCommand> {
        let uri = params.text_document.uri;
        let Some((text, found)) = self.found_at(&uri, params.range) else {
            return Vec::new();
        };
        let lines = Lines::new(&text);
        let mut actions = Vec::new();
        for (index, diagnostic) in found.iter().enumerate() {
            let shown = published(&lines, std::slice::from_ref(diagnostic));
            if let Some(fix) = &diagnostic.fix {
                let (title, preferred) = match fix.safety {
                    FixSafety::Safe => (format!("Fix: write “{}”", fix.replacement), true),
                    FixSafety::Unsafe => (
                        format!(
                            "Fix (changes the text’s meaning, review it): write “{}”",
                            fix.replacement
                        ),
                        false,
                    ),
                };
                let edit = TextEdit {
                    range: lines.range(fix.span.clone()),
                    new_text: fix.replacement.clone(),
                };
                actions.push(quick_fix(title, &uri, vec![edit], shown.clone(), preferred));
            }
            // Each suppression is proved by re-linting the file: offered for
            // the first findings of the range only, so that a whole-file
            // selection of 1,600 findings answers at once.
            let proved = index < MAX_SUPPRESSION_ACTIONS;
            if let Some(edit) = proved
                .then(|| self.suppression(&uri, &lines, diagnostic))
                .flatten()
            {
                let title = format!(
                    "Suppress {} here (then say why after the comment)",
                    diagnostic.rule
                );
                actions.push(quick_fix(title, &uri, vec![edit], shown, false));
            }
        }
        actions
    }

    /// An inline `# smslint: ignore[rule]` comment that suppresses
    /// `diagnostic` and nothing else: each place it could go is tried on the
    /// text, and offered only if the file then reports exactly the same
    /// findings but this one.
    fn suppression(
        &mut self,
        uri: &Uri,
        lines: &Lines,
        diagnostic: &Diagnostic,
    ) -> Option<TextEdit> {
        let text = lines.text;
        let path = file_path(uri)?;
        // The formats whose comments hold suppressions.
        use crate::read::Format;
        if !matches!(
            Format::of(&path),
            Some(Format::Yaml | Format::Properties | Format::Po | Format::Toml)
        ) {
            return None;
        }
        let before: Vec<Diagnostic> = self
            .shared
            .linted
            .lock()
            .ok()?
            .get(uri.as_str())?
            .diagnostics
            .clone();
        // What the file must report with the comment: the same findings,
        // without this one, and with the note that the comment needs a
        // reason (the user writes it after the comment).
        let mut expected: Vec<&str> = before.iter().map(|d| d.rule.as_str()).collect();
        let this = expected.iter().position(|rule| *rule == diagnostic.rule)?;
        expected.remove(this);
        expected.push("suppression/missing-reason");
        expected.sort_unstable();

        let line = lines.line_of(diagnostic.span.start);
        let indent_of = |line: usize| {
            let text = lines.text_of(line);
            text.len() - text.trim_start().len()
        };
        // The message's line; the key a block scalar hangs from (the nearest
        // line above that is less indented); for a `.po` entry, its first
        // line (comments go above `msgid`).
        let mut candidates = vec![line];
        candidates.extend((0..line).rev().find(|&above| {
            !lines.text_of(above).trim().is_empty() && indent_of(above) < indent_of(line)
        }));
        if Format::of(&path) == Some(Format::Po) {
            candidates.extend(
                (0..line)
                    .rev()
                    .take_while(|&above| !lines.text_of(above).trim().is_empty())
                    .last(),
            );
        }
        for candidate in candidates {
            let line_text = lines.text_of(candidate);
            let indent = &line_text[..line_text.len() - line_text.trim_start().len()];
            let ending = if line_text.ends_with("\r\n") {
                "\r\n"
            } else {
                "\n"
            };
            let comment = format!("{indent}# smslint: ignore[{}]{ending}", diagnostic.rule);
            let at = lines.start_of(candidate);
            let document = Document {
                generation: 0,
                version: 0,
                text: format!("{}{comment}{}", &text[..at], &text[at..]),
                path: Some(path.clone()),
            };
            let Ok(after) = guarded(&mut self.session, &document) else {
                continue;
            };
            let mut got: Vec<&str> = after.iter().map(|d| d.rule.as_str()).collect();
            got.sort_unstable();
            if got == expected {
                let position = lines.position(at);
                return Some(TextEdit {
                    range: Range {
                        start: position,
                        end: position,
                    },
                    new_text: comment,
                });
            }
        }
        None
    }

    /// The explanation of the findings under the cursor, and what the
    /// message there costs (encoding, segments, characters).
    fn hover(&self, params: HoverParams) -> Option<Hover> {
        let place = params.text_document_position_params;
        let document = self.documents.get(place.text_document.uri.as_str())?;
        let lines = Lines::new(&document.text);
        let offset = lines.offset(place.position);
        let at = Range {
            start: place.position,
            end: place.position,
        };
        let found = self
            .found_at(&place.text_document.uri, at)
            .map(|(_, found)| found)
            .unwrap_or_default();
        let mut shown = String::new();
        for diagnostic in &found {
            let mut explanation = Vec::new();
            let rules = self.rules.get_or_init(|| RuleSet::builtin().ok());
            if let Some(rule) = rules.as_ref().and_then(|rules| rules.get(&diagnostic.rule)) {
                let _ = crate::report::write_explanation(rule, &mut explanation);
            } else {
                explanation.extend(format!("{}\n", diagnostic.rule).into_bytes());
            }
            shown.push_str(&String::from_utf8_lossy(&explanation));
            shown.push('\n');
        }
        let cost = cost_at(document, offset);
        // The findings' span, else the message's.
        let span = found
            .iter()
            .map(|d| d.span.clone())
            .reduce(|a, b| a.start.min(b.start)..a.end.max(b.end))
            .or_else(|| cost.as_ref().map(|(span, _)| span.clone()))?;
        if let Some((_, cost)) = cost {
            shown.push_str(&cost);
        }
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::PlainText,
                value: shown.trim_end().to_owned(),
            }),
            range: Some(lines.range(span)),
        })
    }
}

/// The linting thread: takes the newest change of each document, lints
/// it, and publishes the result unless the document changed meanwhile.
fn work(queue: &mpsc::Receiver<Job>, send: impl Fn(Message) -> bool, shared: &Shared) {
    let mut session = Session::default();
    while let Ok(first) = queue.recv() {
        // Later changes replace earlier ones still queued.
        let mut newest: Vec<Job> = vec![first];
        while let Ok(job) = queue.try_recv() {
            newest.retain(|queued| queued.uri != job.uri);
            newest.push(job);
        }
        for job in newest {
            let key = job.uri.as_str().to_owned();
            let generation = job.document.generation;
            if !shared.is_current(&key, generation) {
                continue;
            }
            let (published, diagnostics) = match guarded(&mut session, &job.document) {
                Ok(diagnostics) => {
                    let lines = Lines::new(&job.document.text);
                    (published(&lines, &diagnostics), diagnostics)
                }
                Err(error) => (vec![setup_error(error)], Vec::new()),
            };
            let Ok(latest) = shared.latest.lock() else {
                return;
            };
            if latest.get(&key) != Some(&generation) {
                continue;
            }
            if let Ok(mut linted) = shared.linted.lock() {
                let found = Linted {
                    generation,
                    text: job.document.text,
                    diagnostics,
                };
                linted.insert(key, found);
            }
            let params = PublishDiagnosticsParams {
                uri: job.uri,
                diagnostics: published,
                version: Some(job.document.version),
            };
            let notification = Notification::new(PublishDiagnostics::METHOD.to_owned(), params);
            if !send(Message::Notification(notification)) {
                return;
            }
            drop(latest);
        }
    }
}

/// [`lint_document`], with a panic turned into an error shown in the
/// document (and the compiled rules dropped, in case they caused it), so
/// one bad file never stops the server.
fn guarded(session: &mut Session, document: &Document) -> Result<Vec<Diagnostic>, String> {
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        lint_document(session, document)
    }));
    result.unwrap_or_else(|_| {
        *session = Session::default();
        Err("internal error while linting this file (please report it with the file)".to_owned())
    })
}

/// The response to a request whose parameters `handle` takes, or an
/// invalid-parameters error.
fn answer<P: serde::de::DeserializeOwned, R: serde::Serialize>(
    id: RequestId,
    params: serde_json::Value,
    handle: impl FnOnce(P) -> R,
) -> Response {
    match serde_json::from_value(params) {
        Ok(params) => Response::new_ok(id, handle(params)),
        Err(error) => Response::new_err(
            id,
            lsp_server::ErrorCode::InvalidParams as i32,
            error.to_string(),
        ),
    }
}

fn quick_fix(
    title: String,
    uri: &Uri,
    edits: Vec<TextEdit>,
    diagnostics: Vec<LspDiagnostic>,
    preferred: bool,
) -> CodeActionOrCommand {
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(diagnostics),
        edit: Some(WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        }),
        is_preferred: Some(preferred),
        ..CodeAction::default()
    })
}

/// The path of a `file:` URI, percent-decoded.
fn file_path(uri: &Uri) -> Option<PathBuf> {
    if uri.scheme().is_none_or(|scheme| scheme.as_str() != "file") {
        return None;
    }
    let decoded = uri.path().as_estr().decode().into_string().ok()?;
    Some(PathBuf::from(decoded.into_owned()))
}

/// The findings of one document: what `smslint check` reports for its
/// path, on its unsaved text. A document that is not a file, or a file
/// smslint does not lint (a README, a stylesheet), has none; a config or
/// rule-file error is one finding at the top of the document.
fn lint_document(session: &mut Session, document: &Document) -> Result<Vec<Diagnostic>, String> {
    let Some(options) = options_for(document) else {
        return Ok(Vec::new());
    };
    let path = options.unsaved.as_ref().map(|(path, _)| path.clone());
    match lint::lint_in(session, &options) {
        // Only the document's own report: a config's suppression audit
        // (`suppression/unused` at its offsets) belongs to the config.
        Ok(outcome) => Ok(outcome
            .reports
            .into_iter()
            .filter(|report| report.file.is_some() && report.file == path)
            .flat_map(|report| report.diagnostics)
            .collect()),
        Err(errors) => Err(errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")),
    }
}

/// The options `check` would run with on the document's path, its unsaved
/// text standing for the file; `None` for a document that is not a file.
fn options_for(document: &Document) -> Option<Options> {
    let path = crate::paths::clean_path(document.path.as_ref()?);
    Some(Options {
        // The buffer is planned from `unsaved`, saved or not.
        paths: Vec::new(),
        stdin: None,
        config: ConfigChoice::Discover,
        context: ContextLayer::default(),
        rules: RuleLayer::default(),
        walk: WalkOptions {
            respect_ignore_files: true,
            cache: true,
        },
        // As pre-commit runs it: a named file smslint would not lint in a
        // walk is not linted.
        force_exclude: true,
        baseline: BaselineChoice::FromConfig,
        unsaved: Some((path, document.text.clone().into_bytes())),
    })
}

/// What `smslint inspect` says of the message at byte `offset` of the
/// document: its encoding, segments and length, as Twilio counts them.
fn cost_at(document: &Document, offset: usize) -> Option<(std::ops::Range<usize>, String)> {
    let files = lint::inspect(&options_for(document)?).ok()?;
    files
        .iter()
        .flat_map(|file| &file.messages)
        .find(|message| message.span.start <= offset && offset <= message.span.end)
        .map(|message| {
            let characters = message.count.characters;
            let plural = if characters == 1 { "" } else { "s" };
            let cost = crate::check::describe_cost(&message.count);
            (
                message.span.clone(),
                format!(
                    "This message: {cost}, {characters} character{plural} as Twilio counts them."
                ),
            )
        })
}

/// A config or rule-file error (exit code 2 for `check`), shown at the top
/// of the document: nothing in it could be checked.
fn setup_error(error: String) -> LspDiagnostic {
    LspDiagnostic {
        severity: Some(DiagnosticSeverity::ERROR),
        source: Some("smslint".to_owned()),
        message: format!("smslint cannot check this file: {error}"),
        ..LspDiagnostic::default()
    }
}

/// Diagnostics as the protocol carries them.
fn published(lines: &Lines, diagnostics: &[Diagnostic]) -> Vec<LspDiagnostic> {
    diagnostics
        .iter()
        .map(|diagnostic| {
            let mut message = diagnostic.detail().into_owned();
            if let Some(help) = &diagnostic.help {
                message.push_str(&format!("\nhelp: {help}"));
            }
            for note in &diagnostic.notes {
                message.push_str(&format!("\nnote: {note}"));
            }
            LspDiagnostic {
                range: lines.range(diagnostic.span.clone()),
                severity: Some(match diagnostic.severity {
                    Severity::Error => DiagnosticSeverity::ERROR,
                    Severity::Warning => DiagnosticSeverity::WARNING,
                    Severity::Info => DiagnosticSeverity::INFORMATION,
                }),
                code: Some(NumberOrString::String(diagnostic.rule.clone())),
                // The policy the rule cites; `smslint explain` and hover
                // give the rule's own explanation.
                code_description: diagnostic
                    .references
                    .first()
                    .and_then(|reference| reference.parse::<Uri>().ok())
                    .map(|href| CodeDescription { href }),
                source: Some("smslint".to_owned()),
                message,
                ..LspDiagnostic::default()
            }
        })
        .collect()
}

/// Byte offsets of a text as LSP positions: 0-based lines, columns in
/// UTF-16 code units.
struct Lines<'a> {
    text: &'a str,
    index: crate::source::LineIndex<'a>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Lines<'a> {
        Lines {
            text,
            index: crate::source::LineIndex::new(text),
        }
    }

    /// The 0-based line a byte offset is on.
    fn line_of(&self, offset: usize) -> usize {
        self.index.line_of(offset).saturating_sub(1)
    }

    /// The byte range of the 0-based `line`, its break included (an empty
    /// range at the end of the text past the last line).
    fn span_of(&self, line: usize) -> std::ops::Range<usize> {
        line.checked_add(1)
            .and_then(|line| self.index.line_span(line))
            .unwrap_or(self.text.len()..self.text.len())
    }

    fn start_of(&self, line: usize) -> usize {
        self.span_of(line).start
    }

    fn text_of(&self, line: usize) -> &'a str {
        &self.text[self.span_of(line)]
    }

    fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let start = self.start_of(line);
        let character = self.text[start..offset].encode_utf16().count();
        Position {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            character: u32::try_from(character).unwrap_or(u32::MAX),
        }
    }

    fn range(&self, span: std::ops::Range<usize>) -> Range {
        Range {
            start: self.position(span.start),
            end: self.position(span.end),
        }
    }

    /// The byte offset of an LSP position (clamped to its line).
    fn offset(&self, position: Position) -> usize {
        let line = usize::try_from(position.line).unwrap_or(usize::MAX);
        let start = self.start_of(line);
        // A position past the end of a line is its end, before the break.
        let end = start + self.text_of(line).trim_end_matches(['\n', '\r']).len();
        let mut units = 0;
        for (index, c) in self.text[start..end].char_indices() {
            if units >= position.character as usize {
                return start + index;
            }
            units += c.len_utf16();
        }
        end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units() {
        let text = "a😀é\nxy";
        let lines = Lines::new(text);
        // "😀" is two UTF-16 units and four bytes; "é" one unit, two bytes.
        assert_eq!(
            lines.position(1),
            Position {
                line: 0,
                character: 1
            }
        );
        assert_eq!(
            lines.position(5),
            Position {
                line: 0,
                character: 3
            }
        );
        assert_eq!(
            lines.position(7),
            Position {
                line: 0,
                character: 4
            }
        );
        assert_eq!(
            lines.position(9),
            Position {
                line: 1,
                character: 1
            }
        );
        for offset in [0, 1, 5, 7, 8, 9, 10] {
            assert_eq!(lines.offset(lines.position(offset)), offset);
        }
        // Past the end of a line: its end, before the line break.
        assert_eq!(
            lines.offset(Position {
                line: 0,
                character: 40
            }),
            7
        );
        let crlf = Lines::new("ab\r\ncd");
        assert_eq!(
            crlf.offset(Position {
                line: 0,
                character: 9
            }),
            2
        );
        assert_eq!(
            crlf.position(5),
            Position {
                line: 1,
                character: 1
            }
        );
    }
}
