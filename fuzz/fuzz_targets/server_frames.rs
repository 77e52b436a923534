//! The language server's framing on arbitrary bytes: no panic, and every
//! frame delivered as a message or a reason it was skipped, in memory
//! bounded by the largest frame read (a `Content-Length` past the bound is
//! skipped, never allocated).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut frames = 0usize;
    let _ = smslint::server::read_frames(data, |_| {
        frames += 1;
        true
    });
    assert!(frames <= data.len() + 1);
});
