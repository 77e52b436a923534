//! Message catalogs: every format's messages are found with their key and
//! locale, and every finding's offsets slice the catalog to its text.

mod common;

use std::path::Path;

use assert_cmd::Command;
use common::{assert_contract, Project};
use serde_json::Value;
use smslint::read::{self as catalog, KeySelection};

/// Runs smslint in the repository, without its config, on the fixtures.
fn smslint_in_repo(args: &[&str]) -> std::process::Output {
    Command::cargo_bin("smslint")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn check_json(args: &[&str]) -> (i32, Value) {
    let mut all = vec!["check", "--format", "json", "--no-config"];
    all.extend_from_slice(args);
    let output = smslint_in_repo(&all);
    let json = serde_json::from_slice(&output.stdout).expect("a JSON report");
    (output.status.code().unwrap_or(-1), json)
}

/// Every finding in the catalog fixtures, reviewed by hand: the rule, the
/// message's key, and the exact source text underlined (escapes included,
/// as written in the file).
const EXPECTED: &[(&str, &str, &str, &str)] = &[
        // The instruction is there, its keyword is not a carrier's (issue 13).
        ("django/notifications/locale/es/LC_MESSAGES/django.po", "opt-out/non-standard-keyword", "msgid \"Acme: 30% off today. Reply STOP to opt out.\"", "ALTO"),
        ("django/notifications/locale/es/LC_MESSAGES/django.po", "spam/prize-claim", "msgid \"You have %(count)s reward waiting\"[0]", "ganador"),
        ("django/notifications/locale/es/LC_MESSAGES/django.po", "spam/prize-claim", "msgid \"You have %(count)s reward waiting\"[1]", "ganador"),
        ("django/notifications/locale/es/LC_MESSAGES/django.po", "spam/insecure-link", "msgid \"You have %(count)s reward waiting\"[1]", "http://bit.ly/acme-premio"),
        ("django/notifications/locale/es/LC_MESSAGES/django.po", "spam/public-url-shortener", "msgid \"You have %(count)s reward waiting\"[1]", "http://bit.ly/acme-premio"),
        ("django/notifications/locale/es/LC_MESSAGES/django.po", "encoding/non-gsm-script", "sms.winery.invite", "á"),
        ("django/notifications/locale/fr_CA/LC_MESSAGES/django.po", "opt-out/missing-arret", "msgid \"Acme: 30% off today. Reply STOP to opt out.\"", "Acme : 30 % de rabais aujourd'hui. Répondez STOP pour vous désabonner."),
        ("i18next/locales/en.json", "opt-out/missing", "checkout.sms.upsell", "Acme: WINNER! You've been selected for a free cruise. Act now: https://tinyurl.com/acme-cruise"),
        ("i18next/locales/en.json", "spam/prize-claim", "checkout.sms.upsell", "WINNER"),
        ("i18next/locales/en.json", "spam/prize-claim", "checkout.sms.upsell", "You've been selected"),
        ("i18next/locales/en.json", "spam/urgency", "checkout.sms.upsell", "Act now"),
        ("i18next/locales/en.json", "spam/public-url-shortener", "checkout.sms.upsell", "https://tinyurl.com/acme-cruise"),
        ("i18next/locales/fr/notifications.json", "shaft/alcohol", "promo.sms", "vodka"),
        ("java/src/main/resources/messages.properties", "opt-out/missing", "sms.promo.weekend", "Acme Pharmacy: 20% off vitamins this weekend only! \\\n    Shop now at https://bit.ly/acme-vit"),
        ("java/src/main/resources/messages.properties", "spam/urgency", "sms.promo.weekend", "this weekend only"),
        ("java/src/main/resources/messages.properties", "spam/public-url-shortener", "sms.promo.weekend", "https://bit.ly/acme-vit"),
        ("java/src/main/resources/messages_fr_CA.properties", "opt-out/missing-arret", "sms.promo.weekend", "Acme Pharmacie : 20 % de rabais sur les vitamines. R\\u00e9pondez STOP pour vous d\\u00e9sabonner."),
        // The accent costs a segment here (issue 30: what each character
        // costs), and the no-break space beside it has a GSM-7 form.
        ("java/src/main/resources/messages_fr_CA.properties", "encoding/ucs2-forced", "sms.refill.ready", "\\u00ea"),
        ("java/src/main/resources/messages_fr_CA.properties", "shaft/tobacco", "sms.refill.ready", "Cigarettes \\u00e9lectroniques"),
        ("java/src/main/resources/messages_fr_CA.properties", "encoding/ucs2-forced", "sms.refill.ready", "\\u00a0"),
        ("rails/config/locales/en.yml", "spam/public-url-shortener", "en.orders.shipped.sms", "bit.ly/acme-track"),
        ("rails/config/locales/en.yml", "shaft/alcohol", "en.orders.delivered.sms", "vodka"),
        ("rails/config/locales/en.yml", "encoding/ucs2-forced", "en.promos.winter.sms", "\\u2014"),
        ("rails/config/locales/en.yml", "suppression/missing-reason", "", "# smslint: ignore[spam/prize-claim]"),
        ("rails/config/locales/en.yml", "suppression/unused", "", "# smslint: ignore[shaft/alcohol] nothing here mentions alcohol"),
        // "2x1 hoy" is a Spanish offer: promotional, so it needs opt-out (issue 13).
        ("rails/config/locales/es.yml", "opt-out/missing", "es.orders.shipped.sms", "Acme: su pedido %{order_id} fue enviado.\n        Compre cerveza con 2x1 hoy."),
        ("rails/config/locales/es.yml", "shaft/alcohol", "es.orders.shipped.sms", "cerveza"),
        ("twilio-content/order-update.json", "opt-out/missing", "types.twilio/quick-reply.body", "Hi {{1}}, rate your Acme delivery. Winner of our monthly draw gets a free vape pen!"),
        ("twilio-content/order-update.json", "spam/prize-claim", "types.twilio/quick-reply.body", "Winner"),
        ("twilio-content/order-update.json", "shaft/tobacco", "types.twilio/quick-reply.body", "vape"),
        ("twilio-content/order-update.json", "phishing/account-verification", "types.twilio/call-to-action.body", "verify your account at http://"),
        ("twilio-content/order-update.json", "spam/insecure-link", "types.twilio/call-to-action.body", "http://bit.ly/acme-verify"),
        ("twilio-content/order-update.json", "spam/public-url-shortener", "types.twilio/call-to-action.body", "http://bit.ly/acme-verify"),
];

#[test]
fn catalog_findings_are_the_reviewed_ones_and_slice_the_file_exactly() {
    let (code, json) = check_json(&["fixtures/catalogs"]);
    assert_eq!(code, 1);
    assert_contract(&json, Path::new(env!("CARGO_MANIFEST_DIR")), false);
    let found: Vec<(String, String, String, String)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"]
                    .as_str()
                    .unwrap()
                    .trim_start_matches("fixtures/catalogs/")
                    .to_owned(),
                d["rule"].as_str().unwrap().to_owned(),
                d["key"].as_str().unwrap_or("").to_owned(),
                d["text"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected: Vec<(String, String, String, String)> = EXPECTED
        .iter()
        .map(|(path, rule, key, text)| {
            (
                path.to_string(),
                rule.to_string(),
                key.to_string(),
                text.to_string(),
            )
        })
        .collect();
    assert_eq!(found, expected);
    assert_eq!(json["summary"]["messages"], 24);
}

fn entries(relative: &str) -> Vec<(String, Option<String>, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    let text = std::fs::read_to_string(&path).unwrap();
    let catalog = catalog::parse(&path, &text, &KeySelection::Default).unwrap();
    catalog
        .entries
        .into_iter()
        .map(|entry| (entry.key, entry.locale, entry.message.text.into_owned()))
        .collect()
}

#[test]
fn each_format_yields_its_sms_texts_decoded_with_key_and_locale() {
    let rails = entries("fixtures/catalogs/rails/config/locales/en.yml");
    let keys: Vec<&str> = rails.iter().map(|(key, _, _)| key.as_str()).collect();
    // `email_subject` is not a message key.
    assert_eq!(
        keys,
        [
            "en.orders.shipped.sms",
            "en.orders.delivered.sms",
            "en.promos.spring.sms",
            "en.promos.winter.sms",
            "en.promos.unused.sms"
        ]
    );
    assert!(rails
        .iter()
        .all(|(_, locale, _)| locale.as_deref() == Some("en")));
    assert_eq!(
        rails[1].2,
        "Acme: your order was delivered.\nEnjoy a free vodka tasting this weekend!"
    );
    assert!(rails[3]
        .2
        .starts_with("Acme: \"WINNER\" of our draw \u{2014} claim"));

    let folded = entries("fixtures/catalogs/rails/config/locales/es.yml");
    assert_eq!(folded[0].1.as_deref(), Some("es"));
    assert_eq!(
        folded[0].2,
        "Acme: su pedido %{order_id} fue enviado. Compre cerveza con 2x1 hoy."
    );

    let i18next = entries("fixtures/catalogs/i18next/locales/fr/notifications.json");
    assert_eq!(i18next.len(), 2, "{i18next:?}");
    assert!(i18next
        .iter()
        .all(|(_, locale, _)| locale.as_deref() == Some("fr")));
    assert!(i18next[1].2.contains("vodka gratuite samedi !\nRépondez"));

    let content = entries("fixtures/catalogs/twilio-content/order-update.json");
    let keys: Vec<&str> = content.iter().map(|(key, _, _)| key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "types.twilio/text.body",
            "types.twilio/quick-reply.body",
            "types.twilio/call-to-action.body"
        ]
    );
    assert!(content
        .iter()
        .all(|(_, locale, _)| locale.as_deref() == Some("en")));

    let java = entries("fixtures/catalogs/java/src/main/resources/messages.properties");
    assert_eq!(java.len(), 3, "`page.title` is not a message: {java:?}");
    assert_eq!(
        java[1].2,
        "Acme Pharmacy: 20% off vitamins this weekend only! Shop now at https://bit.ly/acme-vit"
    );
    let french = entries("fixtures/catalogs/java/src/main/resources/messages_fr_CA.properties");
    assert_eq!(french[0].1.as_deref(), Some("fr-CA"));
    assert!(french[0].2.contains("Répondez STOP pour vous désabonner."));

    let po = entries("fixtures/catalogs/django/notifications/locale/es/LC_MESSAGES/django.po");
    let texts: Vec<&str> = po.iter().map(|(_, _, text)| text.as_str()).collect();
    assert_eq!(
        texts.len(),
        5,
        "the email.py entry is not an SMS: {texts:?}"
    );
    assert_eq!(
        texts[1],
        "Acme: 30% de descuento hoy. Responda ALTO para cancelar."
    );
    assert!(texts[3].ends_with("premios.\nVisite http://bit.ly/acme-premio"));
    assert!(po
        .iter()
        .all(|(_, locale, _)| locale.as_deref() == Some("es")));
}

#[test]
fn config_catalogs_choose_the_files_and_keys_that_hold_messages() {
    let project = Project::new();
    project
        .write(
            "smslint.yaml",
            "catalogs:\n  - paths: [\"config/*.yml\"]\n    keys: [\"notifications.*.text\"]\n",
        )
        .write(
            "config/app.yml",
            "notifications:\n  order:\n    text: \"Acme: free vodka tonight\"\n    sms_note: \"Acme: whiskey\"\n",
        );
    let report = project.report(&["."]);
    let rules_and_texts: Vec<(String, String)> = report
        .diagnostics()
        .iter()
        .map(|d| {
            (
                d["key"].as_str().unwrap().to_owned(),
                d["text"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        rules_and_texts,
        [("notifications.order.text".to_owned(), "vodka".to_owned())]
    );
}

#[test]
fn inline_suppressions_never_come_from_message_text() {
    let project = Project::new();
    project.write(
        "sms.yml",
        "sms:\n  a: \"Acme: vodka night # smslint: ignore[shaft] x\"\n  # smslint: ignore[shaft] the bar is age-gated\n  b: \"Acme: wine night\"\n",
    );
    let report = project.report(&["."]);
    let found: Vec<(String, String)> = report
        .diagnostics()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_owned(),
                d["text"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(found, [("shaft/alcohol".to_owned(), "vodka".to_owned())]);
}

#[test]
fn malformed_catalogs_are_reported_where_they_break_and_the_run_goes_on() {
    let project = Project::new();
    project
        .write(
            "broken.json",
            "{\"sms\": \"Acme: hi\",\n  \"x\": [1, 2\n}\n",
        )
        .write("broken.yml", "sms: [unclosed\n")
        .write("ok.json", "{\"sms\": \"Acme: free vodka\"}\n");
    let report = project.report(&["."]);
    let rules: Vec<(&str, &str)> = report
        .diagnostics()
        .iter()
        .map(|d| (d["path"].as_str().unwrap(), d["rule"].as_str().unwrap()))
        .collect();
    assert_eq!(
        rules,
        [
            ("broken.json", "input/invalid-json"),
            ("broken.yml", "input/invalid-yaml"),
            ("ok.json", "shaft/alcohol")
        ]
    );
    let json_error = &report.diagnostics()[0];
    assert_eq!(json_error["line"], 3, "{json_error}");
}

#[test]
fn inspect_counts_each_catalog_message_not_the_file() {
    let output = smslint_in_repo(&[
        "inspect",
        "--no-config",
        "fixtures/catalogs/i18next/locales/fr/notifications.json",
    ]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let located: Vec<&str> = stdout
        .lines()
        .filter_map(|line| line.split(": ").next())
        .filter(|place| place.contains(".json:"))
        .collect();
    // The reminder (line 3) and the promo (line 7), each from the first
    // character inside its quotes; `title` is not a message.
    let path = "fixtures/catalogs/i18next/locales/fr/notifications.json";
    assert_eq!(
        located,
        [format!("{path}:3:22"), format!("{path}:7:13")],
        "{stdout}"
    );
}

#[test]
fn a_file_named_for_sms_holds_only_messages() {
    let project = Project::new();
    project
        .write("sms.yml", "welcome: \"Acme: free vodka tonight\"\n")
        .write(
            "locale/fr/LC_MESSAGES/sms.po",
            "msgid \"Beer night\"\nmsgstr \"Acme : soirée bière\"\n",
        )
        .write("messages.json", "{\"title\": \"Acme vodka bar\"}\n");
    let report = project.report(&["."]);
    let found: Vec<(&str, &str, &str)> = report
        .diagnostics()
        .iter()
        .filter(|d| d["category"] == "shaft")
        .map(|d| {
            (
                d["path"].as_str().unwrap(),
                d["key"].as_str().unwrap(),
                d["text"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "locale/fr/LC_MESSAGES/sms.po",
                "msgid \"Beer night\"",
                "bière"
            ),
            ("sms.yml", "welcome", "vodka")
        ]
    );
}

#[test]
fn config_suppressions_accept_findings_in_json_catalogs() {
    let project = Project::new();
    project
        .write(
            "smslint.yaml",
            "suppressions:\n  - paths: [\"locales/*.json\"]\n    rule: shaft/alcohol\n    match: wine\n    reason: wine club, age-gated (LEG-9)\n",
        )
        .write(
            "locales/en.json",
            "{\"sms\": {\"club\": \"Acme: wine club night\", \"bar\": \"Acme: vodka night\"}}\n",
        );
    let report = project.report(&["."]);
    let found: Vec<(&str, &str)> = report
        .diagnostics()
        .iter()
        .map(|d| (d["key"].as_str().unwrap_or(""), d["text"].as_str().unwrap()))
        .collect();
    assert_eq!(found, [("sms.bar", "vodka")]);
}

#[test]
fn yaml_and_json_that_cannot_hold_messages_are_not_catalogs() {
    let project = Project::new();
    project
        .write(
            "docker-compose.yml",
            "x-common: &common\n  image: acme/web\nservices:\n  web:\n    <<: *common\n",
        )
        .write("deploy/stack.yaml", "Resources:\n  Bucket: !Ref Name\n")
        .write(
            "package.json",
            "{\"name\": \"acme\", \"version\": \"1.0.0\"}\n",
        )
        .write(
            "notifications.yml",
            "sms: &promo \"Acme: free vodka\"\nagain: *promo\n",
        );
    let run = project.smslint(&["check", "--format", "concise", "."]);
    // Only the file that can hold messages is parsed; its anchor is Rails
    // i18n style, and the finding in the aliased value points at the
    // anchored text on line 1. The merge key and the tag in the other files
    // are no error.
    assert_eq!(run.code, 1, "{}", run.stdout);
    let reported: Vec<&str> = run
        .stdout
        .lines()
        .filter(|line| !line.starts_with("smslint:"))
        .collect();
    assert!(!reported.is_empty(), "{}", run.stdout);
    assert!(
        reported
            .iter()
            .all(|line| line.starts_with("notifications.yml:1:")),
        "{}",
        run.stdout
    );
    assert!(
        reported
            .iter()
            .any(|line| line.starts_with("notifications.yml:1:25: error[shaft/alcohol]")),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("invalid-yaml"), "{}", run.stdout);
}

/// A key that runs SMS into another acronym (`VerifySMSOTP`, Zitadel's
/// login texts) names SMS; its e-mail twin beside it does not.
#[test]
fn sms_run_into_another_acronym_is_still_sms() {
    let project = Project::new();
    let offer = "Acme: 20% off all shoes this week! Your code is {{.OTP}}";
    let catalog = format!(
        "InitCode:\n  Text: Please verify your e-mail with code {{{{.Code}}}}\nVerifySMSOTP:\n  Text: \"{offer}\"\nVerifyEmailOTP:\n  Text: \"{offer}\"\n"
    );
    project.write("i18n/en.yaml", &catalog);
    let report = project.report(&["--no-config", "."]);
    let keys: Vec<(&str, u64)> = report
        .diagnostics()
        .iter()
        .map(|d| {
            (
                d["key"].as_str().unwrap(),
                d["byte_start"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        keys,
        [("VerifySMSOTP.Text", catalog.find(offer).unwrap() as u64)]
    );
}
