//! Fuzz the Rust API: parse arbitrary bytes with the default options and with options picked
//! by the first byte, and check every invariant (`fuzz/src/check.rs`); a broken invariant
//! panics, which libFuzzer reports as a crash.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    newspan_fuzz::fuzz_parse(data);
});
