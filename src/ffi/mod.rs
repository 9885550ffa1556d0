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
//! - Plain structs (`newspan_span`, `newspan_article`, `newspan_extent`) are frozen: their
//!   size and field offsets never change (asserted in `types.rs`, in the header and by the
//!   Python wrapper).
//! - A failing status (or a caught panic) becomes the thread's last error, with the detail a
//!   status cannot carry (`newspan_last_error_message()`, `newspan_last_error_value()`).
//!   Codes (statuses, kinds, roles, directions, layouts) are only ever appended.
#![allow(unsafe_code)]
#![allow(clippy::missing_safety_doc)]

pub(crate) mod boundary;
mod document;
mod options;
mod types;
// Declared last, in ABI order: their functions come last in the header.
mod abi2;
mod abi3;

use std::ffi::c_char;

pub use abi2::*;
pub use abi3::*;
pub use document::*;
pub use options::*;
pub use types::*;

/// The ABI version of this header and library. It goes up with every release that changes
/// the ABI, additions included (new functions, new codes). A library serves every ABI
/// version from its `newspan_abi_min_compatible()` to its `newspan_abi_version()`: check
/// `newspan_abi_is_compatible(NEWSPAN_ABI_VERSION)` at start-up.
pub const NEWSPAN_ABI_VERSION: u32 = 3;

/// The oldest ABI version this header's library still serves: a program built against the
/// header of any ABI version from this one to `NEWSPAN_ABI_VERSION` runs with this library.
/// It goes up only when a release breaks binary compatibility (a function removed or changed,
/// a frozen struct changed), and the shared library's SONAME (`libnewspan.so.N`) is this
/// number.
pub const NEWSPAN_ABI_MIN_COMPATIBLE: u32 = 1;

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

/// The ABI version of the library that is loaded (its header's `NEWSPAN_ABI_VERSION`). A
/// program checks the range with `newspan_abi_is_compatible(NEWSPAN_ABI_VERSION)`.
///
/// Thread safety: may be called from any thread.
#[unsafe(no_mangle)]
pub extern "C" fn newspan_abi_version() -> u32 {
    boundary::ffi_boundary! { NEWSPAN_ABI_VERSION }
}
