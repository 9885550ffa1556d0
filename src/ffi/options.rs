//! `newspan_options`: how to parse, an opaque handle extended by new functions, never by a
//! struct that changes.
#![allow(non_camel_case_types)]

use std::ffi::c_char;

use crate::options::Options;

use super::boundary::{c_str, ffi_boundary};
use super::types::{LAYOUTS, newspan_status};

/// How to parse: encoding override, strict mode, layout hint and limits. Opaque.
///
/// Created by `newspan_options_new()`, destroyed by `newspan_options_free()`. Passing NULL
/// where options are expected means the defaults (detect the encoding, replace malformed
/// bytes, detect the layout).
///
/// Thread safety: the setters must not run at the same time as any other use of the same
/// handle; while no setter runs, several threads may pass the same handle to
/// `newspan_parse()` at once. Different handles are independent.
pub struct newspan_options {
    pub(crate) options: Options,
}

/// Create options holding the defaults and write the new handle to `*out`.
///
/// Ownership: the caller owns the handle and must release it with `newspan_options_free()`.
/// `newspan_parse()` copies what it needs, so the handle may be freed or changed right after
/// a parse, whatever documents came from it.
///
/// Returns `NEWSPAN_NULL_ARGUMENT` when `out` is NULL; `*out` is written only on success.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn newspan_options_new(out: *mut *mut newspan_options) -> newspan_status {
    ffi_boundary! {
        if out.is_null() {
            return newspan_status::NEWSPAN_NULL_ARGUMENT;
        }
        let handle = Box::into_raw(Box::new(newspan_options { options: Options::default() }));
        // SAFETY: `out` is non-NULL and the caller promises it is writable.
        unsafe { out.write(handle) };
        newspan_status::NEWSPAN_OK
    }
}

/// Release options created by `newspan_options_new()`. NULL is accepted and ignored.
///
/// The handle must not be used afterwards, nor freed twice.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn newspan_options_free(options: *mut newspan_options) {
    ffi_boundary! {
        if !options.is_null() {
            // SAFETY: the handle came from `newspan_options_new` (Box::into_raw) and the caller
            // gives it up here.
            drop(unsafe { Box::from_raw(options) });
        }
    }
}

/// Borrow a handle mutably; `None` for NULL.
///
/// # Safety
/// A non-NULL `options` must come from `newspan_options_new` and not be in use elsewhere.
pub(crate) unsafe fn handle<'a>(options: *mut newspan_options) -> Option<&'a mut Options> {
    // SAFETY: the caller's promise, above.
    unsafe { options.as_mut() }.map(|h| &mut h.options)
}

/// Force the input encoding by WHATWG label ("utf-8", "gbk", "gb18030", "big5", "shift_jis",
/// "euc-kr", "utf-16le", ...; case and surrounding spaces do not matter). A NULL `label`
/// goes back to detecting the encoding.
///
/// `label` is a NUL-terminated string, only read during the call.
///
/// Returns `NEWSPAN_NULL_ARGUMENT` when `options` is NULL, `NEWSPAN_UNKNOWN_ENCODING` for a
/// label that is not an encoding label, `NEWSPAN_UNSUPPORTED_ENCODING` for one that decodes
/// no text ("iso-2022-kr", "hz-gb-2312", ...). On failure the options are unchanged.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn newspan_options_set_encoding(
    options: *mut newspan_options,
    label: *const c_char,
) -> newspan_status {
    ffi_boundary! {
        // SAFETY: the documented contract of this function.
        let Some(opts) = (unsafe { handle(options) }) else {
            return newspan_status::NEWSPAN_NULL_ARGUMENT;
        };
        // SAFETY: the documented contract: NULL or a NUL-terminated string.
        let Some(label) = (unsafe { c_str(label) }) else {
            opts.encoding = None;
            return newspan_status::NEWSPAN_OK;
        };
        // Labels are ASCII; anything that is not UTF-8 is no label.
        let Ok(label) = label.to_str() else {
            return newspan_status::NEWSPAN_UNKNOWN_ENCODING;
        };
        match opts.clone().with_encoding_label(label) {
            Ok(new) => {
                *opts = new;
                newspan_status::NEWSPAN_OK
            }
            Err(e) => super::boundary::record_error(&e),
        }
    }
}

/// Strict mode: when `strict` is true, `newspan_parse()` fails with `NEWSPAN_MALFORMED_INPUT`
/// on a byte sequence malformed in the input's encoding, instead of replacing it with U+FFFD
/// (the default, which keeps the surrounding text and its offsets).
///
/// Returns `NEWSPAN_NULL_ARGUMENT` when `options` is NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn newspan_options_set_strict(
    options: *mut newspan_options,
    strict: bool,
) -> newspan_status {
    ffi_boundary! {
        // SAFETY: the documented contract of this function.
        let Some(opts) = (unsafe { handle(options) }) else {
            return newspan_status::NEWSPAN_NULL_ARGUMENT;
        };
        opts.strict = strict;
        newspan_status::NEWSPAN_OK
    }
}

/// Force the layout (`NEWSPAN_LAYOUT_PARAGRAPHS`, `_WRAPPED`, `_VERTICAL`) or let the parser
/// detect it (`NEWSPAN_LAYOUT_AUTO`, the default).
///
/// Returns `NEWSPAN_NULL_ARGUMENT` when `options` is NULL, `NEWSPAN_INVALID_ARGUMENT` for an
/// unknown layout code (the options are then unchanged).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn newspan_options_set_layout(
    options: *mut newspan_options,
    layout: u32,
) -> newspan_status {
    ffi_boundary! {
        // SAFETY: the documented contract of this function.
        let Some(opts) = (unsafe { handle(options) }) else {
            return newspan_status::NEWSPAN_NULL_ARGUMENT;
        };
        let Some(&layout) = LAYOUTS.get(layout as usize) else {
            return newspan_status::NEWSPAN_INVALID_ARGUMENT;
        };
        opts.layout = layout;
        newspan_status::NEWSPAN_OK
    }
}

/// The largest input `newspan_parse()` accepts, in bytes (`NEWSPAN_INPUT_TOO_LARGE` above
/// it). Default: 1 GiB, a guard against hostile uploads.
///
/// Returns `NEWSPAN_NULL_ARGUMENT` when `options` is NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn newspan_options_set_max_input_len(
    options: *mut newspan_options,
    max_len: usize,
) -> newspan_status {
    ffi_boundary! {
        // SAFETY: the documented contract of this function.
        let Some(opts) = (unsafe { handle(options) }) else {
            return newspan_status::NEWSPAN_NULL_ARGUMENT;
        };
        opts.max_input_len = max_len;
        newspan_status::NEWSPAN_OK
    }
}

/// The most spans a page may produce (`NEWSPAN_TOO_MANY_SPANS` above it). Default: 16 Mi.
///
/// Returns `NEWSPAN_NULL_ARGUMENT` when `options` is NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn newspan_options_set_max_spans(
    options: *mut newspan_options,
    max_spans: usize,
) -> newspan_status {
    ffi_boundary! {
        // SAFETY: the documented contract of this function.
        let Some(opts) = (unsafe { handle(options) }) else {
            return newspan_status::NEWSPAN_NULL_ARGUMENT;
        };
        opts.max_spans = max_spans;
        newspan_status::NEWSPAN_OK
    }
}
