//! Every input format smslint reads, from arbitrary bytes: templates (and
//! their placeholders), campaign files, config files, rule files, message
//! catalogs (YAML with anchors, JSON, TOML, Odoo/Android/XLIFF/.resx XML,
//! .properties, .po), templates in each engine's syntax. The first
//! byte picks the format. No panic; spans stay inside the text.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use smslint::check::Checker;
use smslint::context::Context;
use smslint::rules::RuleSet;
use smslint::read::template::messages;
use smslint::source::{decode, Content};

static CHECKER: LazyLock<Checker> = LazyLock::new(|| {
    let rules = RuleSet::builtin().unwrap_or_else(|_| panic!("built-in rules load"));
    Checker::new(rules)
});

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    match selector % 5 {
        0 => {
            if let Content::Text(text) = decode(rest.to_vec()) {
                for message in messages(&text) {
                    let whole = message.whole();
                    assert!(text.get(whole).is_some());
                    for placeholder in &message.placeholders {
                        assert!(message.text.get(placeholder.span.clone()).is_some());
                    }
                }
            }
        }
        1 => {
            let Ok(text) = std::str::from_utf8(rest) else { return };
            let (_, diagnostics) = smslint::campaign::lint(text, &CHECKER, &Context::default(), None);
            for diagnostic in diagnostics {
                assert!(text.get(diagnostic.span.clone()).is_some(), "{diagnostic:?}");
            }
        }
        2 => {
            let Ok(text) = std::str::from_utf8(rest) else { return };
            if let Err(error) = smslint::config::validate_text("smslint.yaml", text) {
                if let Some(span) = &error.span {
                    assert!(text.get(span.clone()).is_some());
                }
            }
        }
        3 => {
            let Some((&format, rest)) = rest.split_first() else { return };
            let Ok(text) = std::str::from_utf8(rest) else { return };
            let names = [
                "es.yml",
                "fr.json",
                "messages_fr.properties",
                "django.po",
                "sms.toml",
                "data/sms_data.xml",
                "res/values-fr/strings.xml",
                "messages.fr.xlf",
                "SmsTexts.resx",
            ];
            let path = std::path::Path::new(names[usize::from(format) % names.len()]);
            let keys = smslint::read::KeySelection::Default;
            if let Ok(catalog) = smslint::read::parse(path, text, &keys) {
                for entry in &catalog.entries {
                    assert!(text.get(entry.message.whole()).is_some(), "{entry:?}");
                    for diagnostic in CHECKER.check(&entry.message, &Context::default()) {
                        assert!(text.get(diagnostic.span.clone()).is_some(), "{diagnostic:?}");
                    }
                }
                for suppression in &catalog.suppressions {
                    assert!(text.get(suppression.span.clone()).is_some());
                }
            }
        }
        _ => {
            let Ok(text) = std::str::from_utf8(rest) else { return };
            if let Err(errors) = RuleSet::from_text("rules.yaml", text) {
                for error in errors {
                    if let Some(span) = &error.span {
                        assert!(text.get(span.clone()).is_some());
                    }
                }
            }
        }
    }
});
