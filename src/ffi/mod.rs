//! The C ABI (see `include/newspan.h`, generated from this module by cbindgen). The only
//! module where `unsafe` is allowed; it adds no parsing logic.
//!
//! Conventions, shared by every export (see `include/README-C-API.md`):
//! - One prefix, `newspan_` / `NEWSPAN_`. Opaque handles (`newspan_options`,
//!   `newspan_document`) are created by `*_new` / `newspan_parse` and destroyed by their own
//!   `*_free`, which accepts NULL. No memory is ever handed to C to release with `free()`.
//! - Fallible calls return a `newspan_status` (0 = `NEWSPAN_OK`) and write results through
//!   out-parameters, only on success (the size-query `needed` of the text functions is the one
//!   out-parameter also written on `NEWSPAN_BUFFER_TOO_SMALL`).
//! - Every pointer is checked; `(NULL, 0)` is an empty buffer.
//! - The one contract C must keep, shared by every `unsafe extern "C" fn` here (hence no
//!   `# Safety` section on each): a pointer argument is NULL or valid for what its
//!   documentation says (a handle from its constructor, not yet freed; a buffer readable or
//!   writable for its stated length; a NUL-terminated string).
//! - Every export runs inside a panic boundary: a panic returns `NEWSPAN_PANIC` (or, for a
//!   function that returns no status, 0 / false / an empty string) and never unwinds into C.
//! - Plain structs (`newspan_span`, `newspan_article`) are frozen: their size and field
//!   offsets never change (asserted in `types.rs`, in the header and by the Python wrapper).
//!   Codes (statuses, kinds, roles, directions, layouts) are only ever appended.
#![allow(unsafe_code)]
#![allow(clippy::missing_safety_doc)]

pub(crate) mod boundary;
mod document;
mod options;
mod types;

use std::ffi::c_char;

pub use document::*;
pub use options::*;
pub use types::*;

/// The ABI version of this header and library. It changes only when a release breaks binary
/// compatibility (a function removed or changed, a struct changed); additions do not change
/// it. Compare `newspan_abi_version()` with it at start-up.
pub const NEWSPAN_ABI_VERSION: u32 = 1;

/// The library version, as a static NUL-terminated string ("0.1.0", Cargo's package version;
/// the header's `NEWSPAN_VERSION`). Never free it.
///
/// Thread safety: may be called from any thread.
#[unsafe(no_mangle)]
pub extern "C" fn newspan_version() -> *const c_char {
    const VERSION: &std::ffi::CStr =
        match std::ffi::CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
            Ok(v) => v,
            Err(_) => panic!("the package version holds a NUL byte"),
        };
    boundary::ffi_boundary! { VERSION.as_ptr() }
}

/// The ABI version of the library that is loaded: compare with `NEWSPAN_ABI_VERSION` from the
/// header the program was compiled with; refuse to run when they differ.
///
/// Thread safety: may be called from any thread.
#[unsafe(no_mangle)]
pub extern "C" fn newspan_abi_version() -> u32 {
    boundary::ffi_boundary! { NEWSPAN_ABI_VERSION }
}
