//! The segment counter on arbitrary text: no panic, and counts that agree
//! with each other.
#![no_main]

use libfuzzer_sys::fuzz_target;
use smslint::encoding::{count, Encoding};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let counted = count(text);
    assert_eq!(counted.segments == 0, false);
    assert_eq!(counted.boundaries.len() + 1, counted.segments.max(1));
    assert_eq!(counted.unicode_scalars, text.chars().count());
    if counted.encoding == Encoding::Gsm7 {
        assert_eq!(counted.units, counted.characters);
    }
    for boundary in &counted.boundaries {
        assert!(text.is_char_boundary(*boundary));
    }
});
