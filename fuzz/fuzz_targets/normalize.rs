//! Normalisation and its span map: every span of the normalised text maps
//! back to a slice of the original on character boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;
use smslint::normalize::normalize;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Some(normalized) = normalize(text) else { return };
    let ends: Vec<usize> = (0..=normalized.text.len())
        .filter(|&end| normalized.text.is_char_boundary(end))
        .collect();
    for (index, &start) in ends.iter().enumerate() {
        for &end in ends.iter().skip(index).take(8) {
            let original = normalized.original(&(start..end));
            assert!(original.start <= original.end && original.end <= text.len());
            assert!(text.get(original).is_some());
        }
    }
});
