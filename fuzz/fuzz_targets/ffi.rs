//! Fuzz the C ABI: options set through the C functions, `newspan_parse`, every accessor with
//! valid and invalid indices, span and paragraph texts copied into small buffers, and
//! `*_free`; the C view must match the Rust API span for span. Under AddressSanitizer (the
//! default of `cargo fuzz` and fuzz/run.sh) an out-of-bounds read or write in `src/ffi` is a
//! crash too.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    newspan_fuzz::fuzz_ffi(data);
});
