//! Every rule on one arbitrary message, in several contexts: no panic, and
//! every span is a char-boundary slice of the message.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use smslint::{Linter, LinterConfig, Message};

static LINTER: LazyLock<Linter> =
    LazyLock::new(|| Linter::new(LinterConfig::default()).unwrap_or_else(|_| panic!("built-in rules load")));

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else { return };
    for use_case in [None, Some("MARKETING"), Some("2FA")] {
        let mut message = Message::new(body).brand("Acme");
        message.use_case = use_case.map(str::to_owned);
        for diagnostic in LINTER.check_message(&message) {
            let span = diagnostic.span.clone();
            assert!(span.start <= span.end && span.end <= body.len(), "{span:?}");
            assert!(body.is_char_boundary(span.start) && body.is_char_boundary(span.end));
            if let Some(fix) = &diagnostic.fix {
                assert!(body.get(fix.span.clone()).is_some());
            }
        }
    }
});
