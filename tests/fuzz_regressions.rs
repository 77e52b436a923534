//! Replays every input kept in fixtures/fuzz-regressions/ (and a few
//! hostile samples written here) through the code the fuzz targets
//! exercise: none may panic, and spans must stay inside their text.

use smslint::check::Checker;
use smslint::context::Context;
use smslint::encoding::count;
use smslint::normalize::normalize;
use smslint::read::template::messages;
use smslint::rules::RuleSet;
use smslint::source::{decode, Content};
use smslint::{Linter, LinterConfig, Message};

fn exercise(checker: &Checker, linter: &Linter, data: &[u8]) {
    // The language server's framing (fuzz target `server_frames`).
    let mut frames = 0usize;
    let _ = smslint::server::read_frames(data, |_| {
        frames += 1;
        true
    });
    assert!(frames <= data.len() + 1);
    if let Content::Text(text) = decode(data.to_vec()) {
        for message in messages(&text) {
            assert!(text.get(message.whole()).is_some());
        }
        for diagnostic in linter.check_message(&Message::new(text.as_str()).use_case("MARKETING")) {
            assert!(text.get(diagnostic.span.clone()).is_some());
        }
        let (_, diagnostics) = smslint::campaign::lint(&text, checker, &Context::default(), None);
        for diagnostic in diagnostics {
            assert!(text.get(diagnostic.span.clone()).is_some());
        }
        let _ = smslint::config::validate_text("smslint.yaml", &text);
        let _ = RuleSet::from_text("rules.yaml", &text);
        if let Some(normalized) = normalize(&text) {
            assert!(text
                .get(normalized.original(&(0..normalized.text.len())))
                .is_some());
        }
        let counted = count(&text);
        assert!(counted.segments >= 1);
    }
}

#[test]
fn kept_crash_inputs_and_hostile_samples_do_not_panic() {
    let checker = Checker::new(RuleSet::builtin().unwrap());
    let linter = Linter::new(LinterConfig::default()).unwrap();
    let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/fuzz-regressions");
    let mut inputs: Vec<Vec<u8>> = std::fs::read_dir(folder)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|entry| {
            entry
                .path()
                .extension()
                .is_none_or(|extension| extension != "md")
        })
        .map(|entry| std::fs::read(entry.path()).unwrap())
        .collect();
    inputs.extend(
        [
            "campaign:\n  message_samples: [\"\\u0000\\ud800\", '', ~, [[]]]\n",
            "campaign: &a\n  brand: *a\n",
            "{{{{{{{{{{}}}}}}}}}} %{%{ ${ <%= <% {% {# [[[",
            "\u{200B}\u{200B}v\u{200B}.\u{200B}a.p.e 0 1 3 4 5 7 @ $ $$$ ｖ",
            "\r\n\r\n\u{1F3F3}\u{FE0F}\u{200D}\u{1F308}€€€€",
            "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z",
        ]
        .iter()
        .map(|text| text.as_bytes().to_vec()),
    );
    for data in &inputs {
        exercise(&checker, &linter, data);
    }
}
