//! Messages in application code: the sample applications under
//! `fixtures/code/` (one per language, written for these tests) each send a
//! reminder (clean), an offer without opt-out language, an invoice built in
//! two steps with a public shortener, a message rendered elsewhere
//! (unresolved) and an offer whose finding is suppressed inline. Every
//! expected span is found in the fixture's own text, not in smslint's output.

mod common;

use common::Project;
use serde_json::Value;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// One sample application: its file, and what each of its functions is
/// called and sends with.
struct App {
    file: &'static str,
    offer_key: &'static str,
    invoice_key: &'static str,
    rendered_key: &'static str,
    welcome_key: &'static str,
    /// The expression the rendered message is built with.
    rendered: &'static str,
}

const APPS: &[App] = &[
    App {
        file: "python/app.py",
        offer_key: "send_offer: Twilio messages.create",
        invoice_key: "send_invoice: Twilio messages.create",
        rendered_key: "send_rendered: Twilio messages.create",
        welcome_key: "send_welcome: Twilio messages.create",
        rendered: r#"render_template("recall.txt", name=name)"#,
    },
    App {
        file: "javascript/app.js",
        offer_key: "sendOffer: Twilio messages.create",
        invoice_key: "sendInvoice: Twilio messages.create",
        rendered_key: "sendRendered: Twilio messages.create",
        welcome_key: "sendWelcome: Twilio messages.create",
        rendered: "renderTemplate('recall', { name })",
    },
    App {
        file: "typescript/app.ts",
        offer_key: "sendOffer: Twilio messages.create",
        invoice_key: "sendInvoice: Twilio messages.create",
        rendered_key: "sendRendered: Twilio messages.create",
        welcome_key: "sendWelcome: Twilio messages.create",
        rendered: "renderTemplate('recall', { name })",
    },
    App {
        file: "ruby/app.rb",
        offer_key: "send_offer: Twilio messages.create",
        invoice_key: "send_invoice: Twilio messages.create",
        rendered_key: "send_rendered: Twilio messages.create",
        welcome_key: "send_welcome: Twilio messages.create",
        rendered: "render_template('recall', name: name)",
    },
    App {
        file: "php/app.php",
        offer_key: "sendOffer: Twilio messages.create",
        invoice_key: "sendInvoice: Twilio messages.create",
        rendered_key: "sendRendered: Twilio messages.create",
        welcome_key: "sendWelcome: Twilio messages.create",
        rendered: "view('sms.recall', ['name' => $name])->render()",
    },
    App {
        file: "java/Notifier.java",
        offer_key: "sendOffer: Twilio Message.creator",
        invoice_key: "sendInvoice: Twilio Message.creator",
        rendered_key: "sendRendered: Twilio Message.creator",
        welcome_key: "sendWelcome: Twilio Message.creator",
        rendered: r#"Templates.render("recall", name)"#,
    },
    App {
        file: "csharp/Notifier.cs",
        offer_key: "SendOffer: Twilio CreateMessageOptions",
        invoice_key: "SendInvoice: Twilio MessageResource.Create",
        rendered_key: "SendRendered: Twilio MessageResource.Create",
        welcome_key: "SendWelcome: Twilio MessageResource.Create",
        rendered: r#"Templates.Render("recall", name)"#,
    },
    App {
        file: "go/main.go",
        offer_key: "sendOffer: Twilio SetBody",
        invoice_key: "sendInvoice: Twilio SetBody",
        rendered_key: "sendRendered: Twilio SetBody",
        welcome_key: "sendWelcome: Twilio SetBody",
        rendered: r#"render("recall", name)"#,
    },
];

/// The applications this build can read: the grammars of TypeScript, Ruby,
/// PHP and C# are cargo features (`.ci/run` tests with all of them).
fn apps() -> impl Iterator<Item = &'static App> {
    const BUILT: &[(&str, bool)] = &[
        ("typescript/", cfg!(feature = "typescript")),
        ("ruby/", cfg!(feature = "ruby")),
        ("php/", cfg!(feature = "php")),
        ("csharp/", cfg!(feature = "csharp")),
    ];
    APPS.iter().filter(|app| {
        BUILT
            .iter()
            .all(|(folder, built)| *built || !app.file.starts_with(folder))
    })
}

const OFFER: &str =
    "Harbor Dental: 20% off whitening this week only. Book at https://harbordental.example/w";
const WELCOME: &str = "Harbor Dental: 15% off your first visit, book today.";
const SHORTENER: &str = "https://bit.ly/hd-invoice";
const SUPPRESSION: &str = "smslint: ignore[opt-out/missing]";

/// (rule, byte start, byte end, key) of every diagnostic of a report.
fn findings(report: &common::Report) -> Vec<(String, u64, u64, String)> {
    report
        .diagnostics()
        .iter()
        .map(|diagnostic| {
            let text = |field: &str| diagnostic[field].as_str().unwrap_or_default().to_owned();
            let number = |field: &str| diagnostic[field].as_u64().unwrap();
            (
                text("rule"),
                number("byte_start"),
                number("byte_end"),
                text("key"),
            )
        })
        .collect()
}

fn span_of(text: &str, needle: &str) -> (u64, u64) {
    let start = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` is in the fixture"));
    (start as u64, (start + needle.len()) as u64)
}

fn read_fixture(file: &str) -> String {
    std::fs::read_to_string(format!("{ROOT}/fixtures/code/{file}")).unwrap()
}

#[test]
fn every_sample_application_reports_its_messages_at_their_bytes() {
    for app in apps() {
        let text = read_fixture(app.file);
        let project = Project::new();
        project.write(app.file, &text);
        let report = project.report(&["--no-config", app.file]);
        let (offer_start, offer_end) = span_of(&text, OFFER);
        let (short_start, short_end) = span_of(&text, SHORTENER);
        let (rendered_start, rendered_end) = span_of(&text, app.rendered);
        let expected = vec![
            (
                "opt-out/missing".to_owned(),
                offer_start,
                offer_end,
                app.offer_key.to_owned(),
            ),
            (
                "spam/public-url-shortener".to_owned(),
                short_start,
                short_end,
                app.invoice_key.to_owned(),
            ),
            (
                "code/unresolved-body".to_owned(),
                rendered_start,
                rendered_end,
                app.rendered_key.to_owned(),
            ),
        ];
        assert_eq!(findings(&report), expected, "{}", app.file);
        assert_eq!(report.json["summary"]["messages"], 4, "{}", app.file);
    }
}

/// Without its comment, the suppressed offer is reported: the suppression,
/// not a miss, kept it quiet.
#[test]
fn the_inline_suppression_is_what_quiets_the_welcome_offer() {
    for app in apps() {
        let text = read_fixture(app.file);
        let unsuppressed = text.replace(SUPPRESSION, "note:");
        assert_ne!(unsuppressed, text, "{} has the suppression", app.file);
        let project = Project::new();
        project.write(app.file, &unsuppressed);
        let report = project.report(&["--no-config", app.file]);
        let (welcome_start, welcome_end) = span_of(&unsuppressed, WELCOME);
        assert!(
            findings(&report).contains(&(
                "opt-out/missing".to_owned(),
                welcome_start,
                welcome_end,
                app.welcome_key.to_owned(),
            )),
            "{}: {:?}",
            app.file,
            findings(&report)
        );
    }
}

/// What `inspect` counts: the same four messages in every language, with
/// each interpolation or format field a placeholder of the default 12
/// characters, and escapes decoded.
#[test]
fn every_language_gives_the_same_messages_and_costs() {
    let placeholder = 12;
    let reminder = "Harbor Dental: your cleaning is on ".len()
        + placeholder
        + " at ".len()
        + placeholder
        + ". Reply C to confirm.".len();
    let offer = OFFER.len();
    let invoice = "Harbor Dental: your invoice of ".len()
        + placeholder
        + " is ready at ".len()
        + SHORTENER.len();
    let welcome = WELCOME.len();
    for app in apps() {
        let project = Project::new();
        project.write(app.file, read_fixture(app.file));
        let run = project.smslint(&["inspect", "--no-config", "--format", "json", app.file]);
        let json: Value =
            serde_json::from_str(&run.stdout).unwrap_or_else(|_| panic!("{}", run.stdout));
        let characters: Vec<u64> = json["messages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|message| message["characters"].as_u64().unwrap())
            .collect();
        let expected: Vec<u64> = [reminder, offer, invoice, welcome]
            .iter()
            .map(|&n| n as u64)
            .collect();
        assert_eq!(characters, expected, "{}", app.file);
    }
}

/// Calls of other APIs with the same method names (an LLM SDK's
/// `messages.create`, an SNS publish to a topic) are not send calls, and a
/// source file that names no send call is passed over unparsed.
#[test]
fn calls_of_other_apis_are_not_send_calls() {
    let project = Project::new();
    project.write(
        "assistant.py",
        r#"
def ask(client, question):
    return client.messages.create(model="some-model", max_tokens=100, messages=[{"role": "user", "content": "WIN a FREE prize now!!!"}])

def announce(sns):
    sns.publish(TopicArn="arn:aws:sns:us-east-1:1:offers", Message="WIN a FREE prize now!!!")

def text(sns, phone):
    sns.publish(PhoneNumber=phone, Message="Harbor Dental: your visit is confirmed.")
"#,
    );
    project.write("utils.py", "def add(a, b):\n    return a + b\n");
    // Models of a chat or an ORM with the same method names and a body,
    // but no recipient, and a mail body.
    project.write(
        "models.py",
        "def welcome(thread, bot):\n    thread.messages.create(body=\"WIN a FREE prize now!!!\", sender=bot)\n",
    );
    project.write(
        "models.js",
        "async function post(user) {\n  await Message.create({ text: 'WIN a FREE prize now!!!', user });\n}\n",
    );
    project.write(
        "mail.go",
        "package main\n\nfunc mail(m *Message) {\n\tm.SetBody(\"text/plain\", \"WIN a FREE prize now!!!\")\n}\n",
    );
    let report = project.report(&["--no-config", "."]);
    assert_eq!(findings(&report), vec![]);
    assert_eq!(report.json["summary"]["messages"], 1);
    let shown = project.smslint(&["check", "--no-config", "--show-files", "."]);
    assert!(
        shown
            .stdout
            .contains("assistant.py: source code: 1 message"),
        "{}",
        shown.stdout
    );
    assert!(
        shown
            .stdout
            .contains("utils.py: skipped: source code with no send call of a known SMS API"),
        "{}",
        shown.stdout
    );
}

/// A name bound twice, or a parameter, is not guessed at: the call is
/// reported as unresolved.
#[test]
fn names_bound_more_than_once_are_not_guessed() {
    let project = Project::new();
    project.write(
        "send.py",
        r#"
BODY = "Harbor Dental: 20% off whitening this week only."

def send(client, to, body):
    client.messages.create(body=body, to=to)

def send_twice(client, to, urgent):
    text = "Harbor Dental: your visit is confirmed."
    if urgent:
        text = "Harbor Dental: call us now."
    client.messages.create(body=text, to=to)

def send_appended(client, to):
    text = "Harbor Dental: your visit is confirmed."
    text += " Reply STOP to opt out."
    client.messages.create(body=text, to=to)
"#,
    );
    let report = project.report(&["--no-config", "send.py"]);
    let rules: Vec<String> = findings(&report).into_iter().map(|f| f.0).collect();
    assert_eq!(rules, vec!["code/unresolved-body"; 3]);
}

/// A source file smslint cannot decode holds no send call it could read:
/// passed over (and shown so by `--show-files`), not an error, whereas a
/// template in UTF-16 still is one.
#[test]
fn undecodable_source_code_is_passed_over() {
    let project = Project::new();
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "client.messages.create({ body: 'x' })".encode_utf16() {
        utf16.extend(unit.to_le_bytes());
    }
    project.write("Scripts/_references.js", &utf16);
    let report = project.report(&["--no-config", "Scripts"]);
    assert_eq!(findings(&report), vec![]);
    assert_eq!(report.code, 0);
    project.write("sms/reminder.txt", &utf16);
    let report = project.report(&["--no-config", "."]);
    assert_eq!(report.all_rules(), vec!["input/utf16"]);
}

/// Send-call policy: a recipient the code spells out in a high-risk country
/// (a whole number or only its prefix), and, where complaints are
/// monitored, a marketing send that passes no status callback.
#[test]
fn send_calls_are_held_to_the_sending_policy() {
    let project = Project::new();
    let source = r#"
def send_offer(client, to):
    client.messages.create(body="Harbor Dental: 20% off whitening this week. Reply STOP to opt out.", to=to, from_="+15550100")

def send_tracked_offer(client, to):
    client.messages.create(body="Harbor Dental: 20% off whitening this week. Reply STOP to opt out.", to=to, from_="+15550100", status_callback="https://harbordental.example/sms/status")

def send_reminder(client, to):
    client.messages.create(body="Harbor Dental: your cleaning is tomorrow at 9:00.", to=to, from_="+15550100")

def send_abroad(client, local):
    client.messages.create(body="Harbor Dental: your cleaning is tomorrow at 9:00.", to="+234" + local, from_="+15550100")

def send_to_lagos(client):
    client.messages.create(body="Harbor Dental: your cleaning is tomorrow at 9:00.", to="+234 801 234 5678", from_="+15550100")

def send_home(client):
    client.messages.create(body="Harbor Dental: your cleaning is tomorrow at 9:00.", to="+1 555 0100", from_="+15550100")
"#;
    project.write("app/notify.py", source);
    let report = project.report(&["--no-config", "app"]);
    let expected_destinations = vec![
        (
            "policy/high-risk-destination".to_owned(),
            span_of(source, "+234\"").0,
            span_of(source, "+234\"").0 + 4,
            "send_abroad: Twilio messages.create".to_owned(),
        ),
        (
            "policy/high-risk-destination".to_owned(),
            span_of(source, "+234 801 234 5678").0,
            span_of(source, "+234 801 234 5678").1,
            "send_to_lagos: Twilio messages.create".to_owned(),
        ),
    ];
    assert_eq!(findings(&report), expected_destinations);

    // Complaint monitoring asked in the config: the untracked offer is
    // reported at its callee; the tracked one and the reminder are not.
    project.write("smslint.yaml", "complaint_monitoring: true\n");
    let report = project.report(&["app"]);
    let callee = span_of(source, "client.messages.create(body=\"Harbor Dental: 20%").0;
    let mut expected = vec![(
        "policy/no-status-callback".to_owned(),
        callee,
        callee + "client.messages.create".len() as u64,
        "send_offer: Twilio messages.create".to_owned(),
    )];
    expected.extend(expected_destinations.clone());
    assert_eq!(findings(&report), expected);

    // A campaign with a complaint-rate threshold covering the file asks it
    // too, and its use case makes the reminder marketing.
    project.write("smslint.yaml", "use_case: ACCOUNT_NOTIFICATION\n");
    let report = project.report(&["app"]);
    let policy = |report: &common::Report| -> Vec<(String, u64, u64, String)> {
        findings(report)
            .into_iter()
            .filter(|finding| finding.0.starts_with("policy/"))
            .collect()
    };
    assert_eq!(policy(&report), expected_destinations);
    project.write(
        "campaigns/offers.yaml",
        "campaign:\n  use_case: MARKETING\n  templates: [\"../app/**/*.py\"]\n  monitoring: {complaint_rate_pause_threshold: 0.002}\n",
    );
    let report = project.report(&["app"]);
    let no_callback: Vec<String> = findings(&report)
        .into_iter()
        .filter(|finding| finding.0 == "policy/no-status-callback")
        .map(|finding| finding.3)
        .collect();
    assert_eq!(
        no_callback,
        vec![
            "send_offer: Twilio messages.create",
            "send_reminder: Twilio messages.create",
            "send_abroad: Twilio messages.create",
            "send_to_lagos: Twilio messages.create",
            "send_home: Twilio messages.create",
        ]
    );
}

/// A message sent through a translation call is linted once, in the
/// catalog that selects it; a key no catalog selects is said.
#[test]
fn translated_messages_are_linted_once_in_their_catalog() {
    let project = Project::new();
    project.write(
        "config/locales/en.yml",
        "en:\n  sms:\n    offer: \"Harbor Dental: 20% off whitening this week only.\"\n  welcome:\n    title: \"Welcome to Harbor Dental\"\n",
    );
    let source = r#"const i18n = require('i18n-js');

async function offer(to) {
  await client.messages.create({ body: i18n.t('sms.offer'), to });
}

async function welcome(to) {
  await client.messages.create({ body: i18n.t('welcome.title'), to });
}

async function missing(to) {
  await client.messages.create({ body: i18n.t('sms.gone'), to });
}
"#;
    project.write("app/notifier.js", source);
    let catalog = std::fs::read_to_string(project.path().join("config/locales/en.yml")).unwrap();
    let expected = vec![
        (
            "code/unresolved-body".to_owned(),
            span_of(source, "i18n.t('welcome.title')").0,
            span_of(source, "i18n.t('welcome.title')").1,
            "welcome: Twilio messages.create".to_owned(),
        ),
        (
            "code/unresolved-body".to_owned(),
            span_of(source, "i18n.t('sms.gone')").0,
            span_of(source, "i18n.t('sms.gone')").1,
            "missing: Twilio messages.create".to_owned(),
        ),
    ];
    // Linting the code alone (as pre-commit does) reads the project's
    // catalogs: the offer is the catalog's to lint.
    let report = project.report(&["--no-config", "app/notifier.js"]);
    assert_eq!(findings(&report), expected);
    let messages: Vec<&str> = report
        .diagnostics()
        .iter()
        .map(|diagnostic| diagnostic["message"].as_str().unwrap_or_default())
        .collect();
    assert!(
        messages[0].contains("`welcome.title`, which config/locales/en.yml does not select"),
        "{messages:?}"
    );
    assert!(
        messages[1].contains("`sms.gone`, which no catalog"),
        "{messages:?}"
    );
    // Following the help: once the config selects the key, the catalog
    // lints it and the call has nothing left to say.
    project.write(
        "smslint.yaml",
        "catalogs:\n  - paths: [\"config/locales/en.yml\"]\n    keys: [\"*.sms.**\", \"*.welcome.title\"]\n",
    );
    let report = project.report(&["app/notifier.js"]);
    assert_eq!(findings(&report), expected[1..].to_vec());
    std::fs::remove_file(project.path().join("smslint.yaml")).unwrap();
    // The whole project: the offer is reported once, in the catalog.
    let report = project.report(&["--no-config", "."]);
    let offer = span_of(&catalog, "Harbor Dental: 20% off whitening this week only.");
    let mut all = expected;
    all.push((
        "opt-out/missing".to_owned(),
        offer.0,
        offer.1,
        "en.sms.offer".to_owned(),
    ));
    assert_eq!(findings(&report), all);
}

/// gettext's msgid is the message in the source language: linted in the
/// code, and its translations in their `.po` catalogs.
#[test]
fn a_gettext_message_is_linted_where_its_text_is() {
    let project = Project::new();
    let source = "def offer(client, to):\n    client.messages.create(body=_(\"Harbor Dental: 20% off whitening this week only.\"), to=to)\n";
    project.write("notifications/sms.py", source);
    let report = project.report(&["--no-config", "."]);
    let text = span_of(source, "Harbor Dental: 20% off whitening this week only.");
    assert_eq!(
        findings(&report),
        vec![(
            "opt-out/missing".to_owned(),
            text.0,
            text.1,
            "offer: Twilio messages.create".to_owned()
        )]
    );
    let po = "msgid \"\"\nmsgstr \"\"\n\"Language: es\\n\"\n\n#: notifications/sms.py:2\nmsgid \"Harbor Dental: 20% off whitening this week only.\"\nmsgstr \"Harbor Dental: 20% de descuento en blanqueamiento esta semana.\"\n";
    project.write("locale/es/LC_MESSAGES/django.po", po);
    let report = project.report(&["--no-config", "."]);
    let translated = span_of(
        po,
        "Harbor Dental: 20% de descuento en blanqueamiento esta semana.",
    );
    // The Spanish text in its catalog, and the English one (what English
    // speakers receive) in the code: each once.
    assert_eq!(
        findings(&report),
        vec![
            (
                "opt-out/missing".to_owned(),
                translated.0,
                translated.1,
                "msgid \"Harbor Dental: 20% off whitening this week only.\"".to_owned()
            ),
            (
                "opt-out/missing".to_owned(),
                text.0,
                text.1,
                "offer: Twilio messages.create".to_owned()
            ),
        ]
    );
}

/// A build without a language's grammar says so where that language's
/// code names a send call, instead of passing it over.
#[cfg(not(feature = "ruby"))]
#[test]
fn a_missing_grammar_is_said() {
    let project = Project::new();
    project.write("app.rb", "@client.messages.create(body: 'Hi', to: to)\n");
    project.write("lib.rb", "def add(a, b)\n  a + b\nend\n");
    let report = project.report(&["--no-config", "."]);
    assert_eq!(
        findings(&report),
        vec![("code/unresolved-body".to_owned(), 0, 0, String::new())]
    );
    assert!(report.diagnostics()[0]["message"]
        .as_str()
        .unwrap()
        .contains("cannot read Ruby code"));
}

/// An SDK of one's own is a `senders:` entry in a rule file the config
/// extends with.
#[test]
fn a_rule_file_adds_a_sender() {
    let project = Project::new();
    project.write("smslint.yaml", "rules:\n  extend: [gateway-rules.yaml]\n");
    project.write(
        "gateway-rules.yaml",
        "senders:\n  - api: Gateway\n    call: [sms, deliver]\n    body: {keywords: [message]}\n    to: {keywords: [number]}\n",
    );
    let source = "def notify(gateway, n):\n    gateway.sms.deliver(number=n, message=\"Harbor Dental: 20% off whitening this week only.\")\n";
    project.write("notify.py", source);
    let report = project.report(&["notify.py"]);
    let text = span_of(source, "Harbor Dental: 20% off whitening this week only.");
    assert_eq!(
        findings(&report),
        vec![(
            "opt-out/missing".to_owned(),
            text.0,
            text.1,
            "notify: Gateway sms.deliver".to_owned()
        )]
    );
    project.write("smslint.yaml", "");
    let report = project.report(&["notify.py"]);
    assert_eq!(findings(&report), vec![]);
}

/// A large source file is read whole: every one of its send calls, each
/// through a module constant and a local name (the bench times it at two
/// sizes; here the count must be exact).
#[test]
fn a_large_source_file_is_read_whole() {
    let calls = 3_000;
    let mut source = String::new();
    for call in 0..calls {
        source.push_str(&format!(
            "BODY_{call} = \"Harbor Dental: visit {call} is confirmed\"\n\ndef send_{call}(client, to, name):\n    body = BODY_{call} + f\" for {{name}}.\"\n    client.messages.create(body=body, to=to)\n\n"
        ));
    }
    let project = Project::new();
    project.write("bulk.py", &source);
    let report = project.report(&["--no-config", "bulk.py"]);
    assert_eq!(report.json["summary"]["messages"], calls);
    assert_eq!(findings(&report), vec![]);
}

/// CRLF line endings: a comment's line ends before its `\r`, and the
/// suppression still applies.
#[test]
fn suppressions_hold_in_crlf_files() {
    let project = Project::new();
    let source = "def offer(client, to):\r\n    # smslint: ignore[opt-out/missing] approved by legal (LEG-7)\r\n    client.messages.create(body=\"Harbor Dental: 20% off whitening this week only.\", to=to)\r\n";
    project.write("offer.py", source);
    let report = project.report(&["--no-config", "offer.py"]);
    assert_eq!(findings(&report), vec![]);
    let unsuppressed = source.replace("smslint: ignore", "note:");
    project.write("offer.py", &unsuppressed);
    let report = project.report(&["--no-config", "offer.py"]);
    assert_eq!(findings(&report).len(), 1);
}

/// Package manifests are never catalogs, even in a folder named for SMS
/// (seen in a public TypeScript sample: `send-sms/package.json` was read
/// as four messages).
#[test]
fn manifests_in_an_sms_folder_are_not_catalogs() {
    let project = Project::new();
    project.write(
        "send-sms/package.json",
        r#"{"name": "send-sms", "description": "Send an SMS with TypeScript and Twilio!!! FREE"}"#,
    );
    project.write(
        "send-sms/tsconfig.json",
        r#"{"compilerOptions": {"target": "es2019"}}"#,
    );
    let report = project.report(&["--no-config", "send-sms"]);
    assert_eq!(report.json["summary"]["messages"], 0);
    assert_eq!(findings(&report), vec![]);
}

/// The other forms a new user tried: async clients, Telnyx and Plivo from
/// Node, `%%` in a format string; WhatsApp sends are not SMS; standard
/// input named as source code is read as source code.
#[test]
fn more_send_forms_and_channels() {
    let project = Project::new();
    let python = r#"
async def offer(client, to, day):
    await client.messages.create_async(body="Acme: 20%% off all shoes, ends %s" % day, to=to)

def whatsapp(client, n):
    client.messages.create(body="Acme: 20% off all shoes this week", to=f"whatsapp:{n}", from_="whatsapp:+15550100")
"#;
    let node = r#"
async function offers(telnyx, plivo, to) {
  await telnyx.messages.create({ from: '+15550100', to, text: 'Acme: 20% off all shoes this week' });
  await plivo.messages.create('+15550100', to, 'Acme: 30% off all shoes this week');
}
"#;
    project.write("offers.py", python);
    project.write("offers.js", node);
    let report = project.report(&["--no-config", "."]);
    let offer = |source: &str, text: &str, key: &str| {
        let (start, end) = span_of(source, text);
        ("opt-out/missing".to_owned(), start, end, key.to_owned())
    };
    assert_eq!(
        findings(&report),
        vec![
            offer(
                node,
                "Acme: 20% off all shoes this week",
                "offers: Telnyx messages.create"
            ),
            offer(
                node,
                "Acme: 30% off all shoes this week",
                "offers: Plivo messages.create"
            ),
            offer(
                python,
                "Acme: 20%% off all shoes, ends %s",
                "offer: Twilio messages.create_async"
            ),
        ]
    );
    let stdin = project.report_in(
        "",
        &["--no-config", "--stdin-filename", "offers.py", "-"],
        Some(python),
    );
    assert_eq!(findings(&stdin).len(), 1);
    assert_eq!(stdin.json["summary"]["messages"], 1);
}

/// TypeScript's wrappers around an options object (`as const`,
/// `satisfies`) and type arguments on the call (`create<any>`).
#[cfg(feature = "typescript")]
#[test]
fn typescript_wrappers_and_type_arguments() {
    let project = Project::new();
    let source = r#"export async function offers(client: any, to: string) {
  const options = { body: 'Acme: 20% off all shoes this week', to } as const;
  await client.messages.create(options);
  await client.messages.create<any>({ body: 'Acme: 30% off all shoes this week', to });
  await client.messages.create({ body: 'Acme: 40% off all shoes this week', to } satisfies Record<string, string>);
}
"#;
    project.write("offers.ts", source);
    let report = project.report(&["--no-config", "offers.ts"]);
    let starts: Vec<u64> = findings(&report).iter().map(|finding| finding.1).collect();
    let expected: Vec<u64> = ["20%", "30%", "40%"]
        .iter()
        .map(|pct| span_of(source, &format!("Acme: {pct} off")).0)
        .collect();
    assert_eq!(starts, expected);
}

/// Replies to inbound texts (TwiML `<Message>`) and Laravel notification
/// messages are read where the object the method is called on is made by
/// the SMS class; the same method on any other object is not a send.
#[test]
fn twiml_replies_and_laravel_sms_notifications_are_messages() {
    let project = Project::new();
    project.write(
        "webhooks/reply.py",
        "from twilio.twiml.messaging_response import MessagingResponse\n\ndef reply(request):\n    resp = MessagingResponse()\n    resp.message(\"Harbor Cafe: free vape kit with your next order!\")\n    return str(resp)\n\ndef log(logger):\n    logger.message(\"free vape kit\")\n",
    );
    project.write(
        "functions/reply.js",
        "exports.handler = (context, event, callback) => {\n  const twiml = new Twilio.twiml.MessagingResponse();\n  twiml.message('Harbor Cafe: vodka shots 2-for-1 tonight!');\n  callback(null, twiml);\n};\n\nfunction toast(ui) {\n  ui.message('vodka shots');\n}\n",
    );
    project.write(
        "app/Notifications/Offer.php",
        "<?php\nclass Offer extends Notification\n{\n    public function toVonage($n)\n    {\n        return (new VonageMessage)->content('Harbor Cafe: vodka night tonight!');\n    }\n\n    public function toMail($n)\n    {\n        return (new MailMessage)->content('vodka night');\n    }\n}\n",
    );
    let report = project.report(&["--no-config", "."]);
    assert_eq!(report.rules_for("webhooks/reply.py"), ["shaft/tobacco"]);
    let js = report.rules_for("functions/reply.js");
    assert!(js.contains(&"shaft/alcohol".to_owned()), "{js:?}");
    let php = report.rules_for("app/Notifications/Offer.php");
    assert!(php.contains(&"shaft/alcohol".to_owned()), "{php:?}");
    // Each file: the SMS only, not the log line, the toast or the e-mail.
    for (file, line) in [
        ("webhooks/reply.py", 5),
        ("functions/reply.js", 3),
        ("app/Notifications/Offer.php", 6),
    ] {
        let lines: Vec<u64> = report
            .diagnostics()
            .iter()
            .filter(|d| d["path"] == file)
            .map(|d| d["line"].as_u64().unwrap())
            .collect();
        assert!(
            lines.iter().all(|&found| found == line),
            "{file}: {lines:?}"
        );
    }
    assert_eq!(report.json["summary"]["messages"], 3);
}

/// Copies the sample files of one folder of `fixtures/code/` into a fresh
/// project and lints it from the project's root; returns the report and
/// a reader of each copied file's text.
fn lint_fixture_folder(folder: &str) -> (common::Report, impl Fn(&str) -> String) {
    let project = fixture_project(folder);
    let report = project.report(&["--no-config", "."]);
    let folder = folder.to_owned();
    (report, move |file: &str| {
        read_fixture(&format!("{folder}/{file}"))
    })
}

/// What `check --show-files` prints at the root of a copy of one folder
/// of `fixtures/code/`.
#[cfg(feature = "php")]
fn project_show_files(folder: &str) -> String {
    fixture_project(folder)
        .smslint(&["check", "--no-config", "--show-files", "."])
        .stdout
}

/// A fresh project holding a copy of one folder of `fixtures/code/`.
fn fixture_project(folder: &str) -> Project {
    let project = Project::new();
    let base = std::path::PathBuf::from(format!("{ROOT}/fixtures/code/{folder}"));
    let mut stack = vec![base.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(&base).unwrap().to_str().unwrap();
                project.write(relative, std::fs::read(&path).unwrap());
            }
        }
    }
    project
}

/// (rule, path, byte start, key) of the diagnostics on one file.
fn on_file(report: &common::Report, path: &str) -> Vec<(String, u64, String)> {
    report
        .diagnostics()
        .iter()
        .filter(|d| d["path"] == path)
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_owned(),
                d["byte_start"].as_u64().unwrap(),
                d["key"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// Today's AWS SDKs: SNS `PublishCommand` (JavaScript v3), the Java v2
/// builder and its lambda form, .NET's object initializer, Pinpoint's
/// nested `MessageConfiguration.SMSMessage.Body` and End User Messaging's
/// `SendTextMessage`. A publish to a topic is not an SMS.
#[test]
fn todays_aws_sdks_are_read() {
    let (report, text) = lint_fixture_folder("aws");
    let offer = |file: &str, pct: &str, key: &str| {
        let start = span_of(&text(file), &format!("Acme: {pct} off all shoes")).0;
        ("opt-out/missing".to_owned(), start, key.to_owned())
    };
    assert_eq!(
        on_file(&report, "send.mjs"),
        vec![
            offer("send.mjs", "20%", "offer: AWS SNS PublishCommand"),
            offer(
                "send.mjs",
                "30%",
                "pinpoint: Amazon Pinpoint SendMessagesCommand"
            ),
            offer(
                "send.mjs",
                "40%",
                "eum: AWS End User Messaging SMS SendTextMessageCommand"
            ),
        ]
    );
    assert_eq!(
        on_file(&report, "send.py"),
        vec![
            offer("send.py", "50%", "pinpoint: Amazon Pinpoint send_messages"),
            offer(
                "send.py",
                "60%",
                "eum: AWS End User Messaging SMS send_text_message"
            ),
        ]
    );
    assert_eq!(
        on_file(&report, "Send.java"),
        vec![
            offer("Send.java", "70%", "offer: AWS SNS PublishRequest.builder"),
            offer("Send.java", "80%", "lambda: AWS SNS publish"),
        ]
    );
    if cfg!(feature = "csharp") {
        assert_eq!(
            on_file(&report, "Send.cs"),
            vec![offer("Send.cs", "90%", "Offer: AWS SNS PublishRequest")]
        );
    }
    let expected = if cfg!(feature = "csharp") { 8 } else { 7 };
    assert_eq!(report.json["summary"]["messages"], expected);
}

/// TwiML replies beyond `resp.message(...)`: a `.xml` TwiML document's
/// `<Message>` (its `<Body>` when it has one), Ruby's block forms and
/// Java's builders. A `<Message>` that only carries media has no text.
#[test]
fn twiml_documents_blocks_and_builders_are_replies() {
    let (report, text) = lint_fixture_folder("twiml");
    let xml = text("twiml/join.xml");
    let at = |source: &str, needle: &str| span_of(source, needle).0;
    let vodka = "Harbor Cafe: vodka shots 2-for-1 tonight!";
    assert_eq!(
        on_file(&report, "twiml/join.xml"),
        vec![
            (
                "opt-out/missing".to_owned(),
                at(&xml, vodka),
                "Message[1]".to_owned()
            ),
            (
                "shaft/alcohol".to_owned(),
                at(&xml, "vodka"),
                "Message[1]".to_owned()
            ),
        ]
    );
    let java = text("Reply.java");
    let vape = "Harbor Cafe: free vape kit with your next order!";
    assert_eq!(
        on_file(&report, "Reply.java"),
        vec![
            (
                "opt-out/missing".to_owned(),
                at(&java, vodka),
                "reply: Twilio TwiML reply Body.Builder".to_owned()
            ),
            (
                "shaft/alcohol".to_owned(),
                at(&java, "vodka"),
                "reply: Twilio TwiML reply Body.Builder".to_owned()
            ),
            (
                "shaft/tobacco".to_owned(),
                at(&java, "vape"),
                "direct: Twilio TwiML reply Message.Builder".to_owned()
            ),
        ]
    );
    assert!(java.contains(vape));
    if cfg!(feature = "ruby") {
        let ruby = text("reply.rb");
        assert_eq!(
            on_file(&report, "reply.rb"),
            vec![
                (
                    "shaft/tobacco".to_owned(),
                    at(&ruby, "vape"),
                    "reply: Twilio TwiML reply message".to_owned()
                ),
                (
                    "opt-out/missing".to_owned(),
                    at(&ruby, vodka),
                    "nested: Twilio TwiML reply body".to_owned()
                ),
                (
                    "shaft/alcohol".to_owned(),
                    at(&ruby, "vodka"),
                    "nested: Twilio TwiML reply body".to_owned()
                ),
            ]
        );
    }
    // The confirmation with media is read (it is clean); the media is not.
    let messages = if cfg!(feature = "ruby") { 6 } else { 4 };
    assert_eq!(report.json["summary"]["messages"], messages);
}

/// Laravel's language files (`lang/<locale>/<file>.php`) are catalogs:
/// keys are `file.key.sub`, `:name` is a placeholder, and `__('file.key')`
/// in a notification resolves to them; a language file no SMS uses is
/// passed over with the catalog's info.
#[cfg(feature = "php")]
#[test]
fn laravel_language_files_are_catalogs() {
    let (report, text) = lint_fixture_folder("laravel");
    let sms = text("lang/en/sms.php");
    let weekend = "Harbor Cafe: 20% off all pastries this weekend, :name!";
    assert_eq!(
        on_file(&report, "lang/en/sms.php"),
        vec![(
            "opt-out/missing".to_owned(),
            span_of(&sms, weekend).0,
            "sms.promo.weekend".to_owned()
        )]
    );
    // Laravel's stock language files (auth, validation, ...) are passed
    // over quietly; `--show-files` says so and how to select them.
    assert!(report.rules_for("lang/en/auth.php").is_empty());
    let shown = project_show_files("laravel");
    assert!(
        shown.lines().any(|line| line
            == "lang/en/auth.php: skipped: no key selected as an SMS text (1 string passed over); to read some, add `catalogs: [{paths: [\"lang/en/auth.php\"], keys: [\"auth.**\"]}]` to smslint.yaml"),
        "{shown}"
    );
    let notification = text("app/Notifications/WeekendOffer.php");
    let line_of = |needle: &str| {
        notification[..span_of(&notification, needle).0 as usize]
            .matches('\n')
            .count() as u64
            + 1
    };
    // The Twilio channel's text, not the e-mail's line with the same words.
    let lines: Vec<u64> = report
        .diagnostics()
        .iter()
        .filter(|d| d["path"] == "app/Notifications/WeekendOffer.php")
        .map(|d| d["line"].as_u64().unwrap())
        .collect();
    assert!(!lines.is_empty());
    assert!(
        lines
            .iter()
            .all(|&line| line == line_of("(new TwilioSmsMessage())")),
        "{lines:?}"
    );
    // `:name` is a placeholder: the finding's text is the message's own.
    let weekend_diagnostic = report
        .diagnostics()
        .iter()
        .find(|d| d["key"] == "sms.promo.weekend")
        .cloned()
        .unwrap();
    assert_eq!(weekend_diagnostic["text"], weekend);
}

/// A send whose options a helper builds is said (`code/unresolved-body`,
/// at the options), never silently passed; `**params` bound to a dict
/// literal is read. An LLM SDK's `messages.create(build(...))` in a file
/// that never names an SMS API, and an MMS whose options say no text, are
/// no finding.
#[test]
fn options_built_elsewhere_are_said_and_splatted_dicts_are_read() {
    let project = Project::new();
    let python = r#"from twilio.rest import Client

def offer(client, to):
    params = {"body": "Acme: 20% off all shoes this week", "to": to, "from_": "+15550100"}
    client.messages.create(**params)

def built(client, to, content):
    client.messages.create(**build_options(to, content))

def media(client, to):
    client.messages.create(to=to, from_="+15550100", media_url=["https://example.com/a.png"])
"#;
    let node = "const twilio = require('twilio');\nclass Sms {\n  async send(to, text) {\n    await this.client.messages.create(this.transform(to, text).payload);\n  }\n}\n";
    let llm = "const Anthropic = require('@anthropic-ai/sdk');\nasync function ask(client, q) {\n  await client.messages.create(buildParams(q));\n}\n";
    project.write("notify.py", python);
    project.write("sms.js", node);
    project.write("ask.js", llm);
    let report = project.report(&["--no-config", "."]);
    let unresolved = |source: &str, options: &str, key: &str| {
        let (start, end) = span_of(source, options);
        (
            "code/unresolved-body".to_owned(),
            start,
            end,
            key.to_owned(),
        )
    };
    let (offer_start, offer_end) = span_of(python, "Acme: 20% off all shoes this week");
    assert_eq!(
        findings(&report),
        vec![
            (
                "opt-out/missing".to_owned(),
                offer_start,
                offer_end,
                "offer: Twilio messages.create".to_owned()
            ),
            unresolved(
                python,
                "build_options(to, content)",
                "built: Twilio messages.create"
            ),
            unresolved(
                node,
                "this.transform(to, text).payload",
                "send: Twilio messages.create"
            ),
        ]
    );
}

/// PHP's Twilio client takes the recipient first: options built by a
/// method of the class are said.
#[cfg(feature = "php")]
#[test]
fn php_options_built_by_a_method_are_said() {
    let project = Project::new();
    let php = "<?php\nclass Notifier {\n    public function send($to, $sid, $content) {\n        $this->twilio->messages->create($to, $this->createPayload($sid, $content));\n    }\n    public function media($to) {\n        $this->twilio->messages->create($to, ['from' => '+15550100', 'mediaUrl' => ['https://example.com/a.png']]);\n    }\n}\n";
    project.write("Notifier.php", php);
    let report = project.report(&["--no-config", "."]);
    let (start, end) = span_of(php, "$this->createPayload($sid, $content)");
    assert_eq!(
        findings(&report),
        vec![(
            "code/unresolved-body".to_owned(),
            start,
            end,
            "send: Twilio messages.create".to_owned()
        )]
    );
}

/// What one file spells out across a name, a condition or a call: a
/// format string bound to a name (Python, Go's `const`), each branch of a
/// conditional (a variant: linted, counted as one message), and a
/// helper's parameter followed to the literal each call site passes.
#[test]
fn format_names_conditionals_and_helper_call_sites_are_read() {
    let project = Project::new();
    let python = r#"from twilio.rest import Client

BODY = "Harbor Cafe: {n} free vape pods with your order"
LATE = "Harbor Cafe: your order is %s minutes late, sorry."

def offer(client, to, n):
    client.messages.create(body=BODY.format(n=n), to=to, from_="+15550100")

def late(client, to, minutes):
    client.messages.create(body=LATE % minutes, to=to, from_="+15550100")

def table(client, to, vip):
    text = "Harbor Cafe: your table is ready." if not vip else "Harbor Cafe: your table is ready. Free vodka shots!"
    client.messages.create(body=text, to=to, from_="+15550100")

class Notifier:
    def _send(self, to, text):
        self.client.messages.create(body=text, to=to, from_="+15550100")

    def ready(self, to):
        self._send(to, "Harbor Cafe: your order is ready.")

    def promo(self, to):
        self._send(to, text="Harbor Cafe: whisky tasting tonight, 2-for-1!")

def elsewhere(mailer):
    mailer._send("x", "Harbor Cafe: free cigars", 3)
"#;
    let go = "package main\n\nimport (\n\t\"fmt\"\n\topenapi \"github.com/twilio/twilio-go/rest/api/v2010\"\n)\n\nconst SMSTemplate = \"Harbor Cafe: %d free vape pods with your order\"\n\nfunc offer(n int) {\n\tparams := &openapi.CreateMessageParams{}\n\tparams.SetTo(\"+15550100\")\n\tparams.SetBody(fmt.Sprintf(SMSTemplate, n))\n}\n";
    project.write("notify.py", python);
    project.write("main.go", go);
    let report = project.report(&["--no-config", "."]);
    let at = |source: &str, needle: &str| span_of(source, needle).0;
    let on_python: Vec<(String, u64, String)> = on_file(&report, "notify.py");
    assert_eq!(
        on_python,
        vec![
            (
                "shaft/tobacco".to_owned(),
                at(python, "vape"),
                "offer: Twilio messages.create".to_owned()
            ),
            (
                "shaft/alcohol".to_owned(),
                at(python, "vodka"),
                "table: Twilio messages.create".to_owned()
            ),
            (
                "opt-out/missing".to_owned(),
                at(python, "Harbor Cafe: whisky"),
                "_send: Twilio messages.create".to_owned()
            ),
            (
                "shaft/alcohol".to_owned(),
                at(python, "whisky"),
                "_send: Twilio messages.create".to_owned()
            ),
        ]
    );
    assert_eq!(
        on_file(&report, "main.go"),
        vec![(
            "shaft/tobacco".to_owned(),
            at(go, "vape"),
            "offer: Twilio SetBody".to_owned()
        )]
    );
    // Five send calls, each one message, whatever its variants.
    assert_eq!(report.json["summary"]["messages"], 5);
    // `inspect` counts the late notice from its format string, where the
    // name is bound, not from the name at the call.
    let inspect = project.smslint(&["inspect", "--no-config", "notify.py"]);
    let (line, column) = common::line_column(
        python.as_bytes(),
        at(python, "Harbor Cafe: your order is %s") as usize,
    );
    assert!(
        inspect
            .stdout
            .contains(&format!("notify.py:{line}:{column}:")),
        "{}",
        inspect.stdout
    );
}

/// Twilio's PHP appointment-reminder shape: the text is built in one
/// method and sent by a private helper; each call site is a variant, and
/// a JavaScript ternary of template literals gives one per branch.
#[cfg(feature = "php")]
#[test]
fn a_php_helper_sends_what_its_callers_pass() {
    let project = Project::new();
    let php = read_fixture("php/Reminder.php");
    let js = "const twilio = require('twilio');\nasync function notify(client, to, vip) {\n  await client.messages.create({ to, from: '+15550100', body: vip ? `Acme: VIP night, free vodka shots!` : `Acme: your table is ready.` });\n}\n";
    project.write("Reminder.php", &php);
    project.write("notify.js", js);
    let report = project.report(&["--no-config", "."]);
    let key = "_sendMessage: Twilio messages.create".to_owned();
    assert_eq!(
        on_file(&report, "Reminder.php"),
        vec![(
            "opt-out/missing".to_owned(),
            span_of(&php, "Harbor Dental: 20% off").0,
            key
        )]
    );
    assert_eq!(
        on_file(&report, "notify.js"),
        vec![(
            "shaft/alcohol".to_owned(),
            span_of(js, "vodka").0,
            "notify: Twilio messages.create".to_owned()
        )]
    );
    // The reminder is read too: its name is a placeholder, the rest text.
    // `inspect` counts the call's costliest variant, the reminder.
    let inspect = project.smslint(&["inspect", "--no-config", "Reminder.php"]);
    let (line, column) = common::line_column(php.as_bytes(), span_of(&php, "Hello ").0 as usize);
    assert_eq!(
        inspect
            .stdout
            .lines()
            .next()
            .unwrap_or_default()
            .split(' ')
            .next(),
        Some(format!("Reminder.php:{line}:{column}:").as_str()),
        "{}",
        inspect.stdout
    );
    let messages = inspect
        .stdout
        .lines()
        .filter(|line| !line.starts_with(' '))
        .count();
    assert_eq!(messages, 1, "{}", inspect.stdout);
}

/// Shapes met in Twilio's and AWS's own samples: Mailgun's
/// `messages.create(domain, { subject, text })` is e-mail; a callback
/// after a Pinpoint e-mail request holds no options; twilio-node's
/// `twiml.message({ to }, text)` takes the verb's attributes first; a
/// parameter's default value is a text the function may send.
#[test]
fn e_mail_callbacks_twiml_attributes_and_parameter_defaults() {
    let project = Project::new();
    let node = r#"const twilio = require('twilio');
exports.forward = (context, event, callback) => {
  const twiml = new Twilio.twiml.MessagingResponse();
  twiml.message({ to: context.MY_NUMBER }, `Harbor Cafe: free vape kit for ${event.From}`);
  callback(null, twiml);
};

exports.mail = (mg, event) => {
  const data = { from: 'a@example.com', to: ['b@example.com'], subject: 'New SMS', text: event.Body };
  return mg.messages.create('example.com', data);
};

export const publish = async (client, message = "Harbor Cafe: vodka shots 2-for-1 tonight!", to = "+15550100") => {
  await client.messages.create({ body: message, to, from: '+15550101' });
};

function email(pinpoint, address) {
  const params = { ApplicationId: 'a', MessageRequest: { Addresses: { [address]: { ChannelType: 'EMAIL' } }, MessageConfiguration: { EmailMessage: { SimpleEmail: {} } } } };
  pinpoint.sendMessages(params, function (err, data) { console.log(err, data); });
}
"#;
    project.write("functions/reply.js", node);
    let report = project.report(&["--no-config", "."]);
    assert_eq!(
        on_file(&report, "functions/reply.js"),
        vec![
            (
                "shaft/tobacco".to_owned(),
                span_of(node, "vape").0,
                "exports.forward: Twilio TwiML reply message".to_owned()
            ),
            (
                "opt-out/missing".to_owned(),
                span_of(node, "Harbor Cafe: vodka").0,
                "publish: Twilio messages.create".to_owned()
            ),
            (
                "shaft/alcohol".to_owned(),
                span_of(node, "vodka").0,
                "publish: Twilio messages.create".to_owned()
            ),
        ]
    );
    assert_eq!(report.json["summary"]["messages"], 2);
}

/// Options spread into a send call (`**params`, `...options`) are options
/// smslint cannot read: said, as for every other unread send; a lone
/// variable (a model, an id) is not guessed to be one. The human report
/// names the send call a finding comes from.
#[test]
fn spread_options_are_an_unread_send_and_findings_name_their_sender() {
    let project = Project::new();
    project.write(
        "send.py",
        r#"from twilio.rest import Client
client = Client()

def send_params(params):
    client.messages.create(**params)

def send_offer(to):
    client.messages.create(to=to, from_="+15550100", body="Acme: 20% off today at bit.ly/acme")
"#,
    );
    project.write(
        "send.js",
        "const client = require('twilio')();\nfunction sendAll(params) { return client.messages.create(...params); }\nfunction sendOne(message) { return client.messages.create(message); }\n",
    );
    let report = project.report(&["--no-config", "."]);
    let unread: Vec<String> = report
        .diagnostics()
        .iter()
        .filter(|diagnostic| diagnostic["rule"] == "code/unresolved-body")
        .map(|diagnostic| {
            format!(
                "{}:{}",
                diagnostic["path"].as_str().unwrap(),
                diagnostic["line"]
            )
        })
        .collect();
    assert_eq!(unread, ["send.js:2", "send.py:5"]);
    let human = project.smslint(&["check", "--no-config", "send.py"]);
    assert!(
        human
            .stdout
            .contains("= sent by: send_offer: Twilio messages.create"),
        "{}",
        human.stdout
    );
    assert!(!human.stdout.contains("= key:"), "{}", human.stdout);
}

/// `--version` says which languages this build reads code in.
#[test]
fn version_names_the_languages_read() {
    let run = Project::new().smslint(&["--version"]);
    assert_eq!(run.code, 0);
    let mut lines = run.stdout.lines();
    assert_eq!(
        lines.next(),
        Some(concat!("smslint ", env!("CARGO_PKG_VERSION")))
    );
    let languages = lines.next().unwrap_or_default();
    assert!(
        languages.starts_with("reads code in Python, JavaScript"),
        "{languages}"
    );
    let all = cfg!(all(
        feature = "typescript",
        feature = "ruby",
        feature = "php",
        feature = "csharp"
    ));
    assert_eq!(
        languages.contains("--features all-languages"),
        !all,
        "{languages}"
    );
}
