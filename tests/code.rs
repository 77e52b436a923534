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
    for app in APPS {
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
    for app in APPS {
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
    for app in APPS {
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
