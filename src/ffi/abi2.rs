//! The functions ABI version 2 added: version ranges, the last error's detail, article
//! extents. In a module of their own, declared last, so that the generated header lists them
//! after the functions of ABI version 1 (cbindgen writes the modules in order).

use std::ffi::c_char;

use super::boundary::{copy_text, ffi_boundary, input, record_error, with_last_error};
use super::document::{document, newspan_document};
use super::options::{handle as options_handle, newspan_options};
use super::types::{newspan_error_value, newspan_extent, newspan_status};
use super::{NEWSPAN_ABI_MIN_COMPATIBLE, NEWSPAN_ABI_VERSION};

/// The oldest ABI version the loaded library serves (its header's
/// `NEWSPAN_ABI_MIN_COMPATIBLE`).
///
/// Thread safety: may be called from any thread.
#[unsafe(no_mangle)]
pub extern "C" fn newspan_abi_min_compatible() -> u32 {
    ffi_boundary! { NEWSPAN_ABI_MIN_COMPATIBLE }
}

/// True when the loaded library serves a program built against the header of ABI version
/// `abi`: `newspan_abi_min_compatible() <= abi <= newspan_abi_version()`. Call it at start-up
/// as `newspan_abi_is_compatible(NEWSPAN_ABI_VERSION)` and refuse to run when it is false (an
/// older library lacks functions the program may call; a much newer one changed some).
///
/// Thread safety: may be called from any thread.
#[unsafe(no_mangle)]
pub extern "C" fn newspan_abi_is_compatible(abi: u32) -> bool {
    ffi_boundary! { (NEWSPAN_ABI_MIN_COMPATIBLE..=NEWSPAN_ABI_VERSION).contains(&abi) }
}

/// Copy the message of the last error on the calling thread, NUL-terminated, into `buf`:
/// what went wrong in the last call that returned a status other than `NEWSPAN_OK`, with the
/// detail the status cannot carry ("malformed GBK byte sequence at byte 1234", "input of
/// 2000000 bytes exceeds the limit of 1048576 bytes", "unknown encoding label \"klingon\"").
/// The status's own description when nothing more is known; an empty string when no call on
/// this thread has failed yet.
///
/// The last error is kept per thread and replaced by the next failure on that thread (a
/// successful call leaves it alone): read it right after the call that failed. Reading it
/// (this function, `newspan_last_error_value()`) never replaces it.
///
/// Size query as for the text functions: `*needed` always receives the size needed (message
/// length + 1); when `cap` is smaller nothing is written to `buf` and the result is
/// `NEWSPAN_BUFFER_TOO_SMALL`. Returns `NEWSPAN_NULL_ARGUMENT` when `needed` is NULL or `buf`
/// is NULL with `cap > 0`.
///
/// Thread safety: may be called from any thread; it reads that thread's last error.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn newspan_last_error_message(
    buf: *mut c_char,
    cap: usize,
    needed: *mut usize,
) -> newspan_status {
    ffi_boundary! { @keep_last_error;
        with_last_error(|last| {
            let message = last.map_or("", |e| e.message.as_str());
            // SAFETY: the documented contract: `needed` writable, `buf` holds `cap` bytes.
            unsafe { copy_text(message.as_bytes(), buf, cap, needed) }
        })
    }
}

/// Read a number of the last error on the calling thread (see `newspan_last_error_message()`
/// for which error that is): `which` is a `newspan_error_value` code. Returns true and writes
/// `*out` when the last error carries that number (the byte offset of a malformed sequence in
/// strict mode; the input length and the limit of `NEWSPAN_INPUT_TOO_LARGE`; the limit of
/// `NEWSPAN_TOO_MANY_SPANS`); false, leaving `*out` alone, when it does not, for an unknown
/// code, and when `out` is NULL.
///
/// Thread safety: may be called from any thread; it reads that thread's last error.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn newspan_last_error_value(which: u32, out: *mut u64) -> bool {
    ffi_boundary! { @keep_last_error;
        if out.is_null() {
            return false;
        }
        let value = with_last_error(|last| {
            let last = last?;
            match which {
                w if w == newspan_error_value::NEWSPAN_ERROR_OFFSET as u32 => last.offset,
                w if w == newspan_error_value::NEWSPAN_ERROR_INPUT_LEN as u32 => last.len,
                w if w == newspan_error_value::NEWSPAN_ERROR_LIMIT as u32 => last.limit,
                _ => None,
            }
        });
        match value {
            Some(v) => {
                // SAFETY: `out` is non-NULL and the caller promises it is writable.
                unsafe { out.write(v) };
                true
            }
            None => false,
        }
    }
}

/// Borrow the extents of article `index`: `*out` receives a pointer to `*count` extents, in
/// page order. An extent is a byte range of the input holding this article's text (its spans
/// and the whitespace between them) and no other article's, no boilerplate and no unassigned
/// text; the extents of all articles never overlap. An article set in one piece has one
/// extent, equal to its `newspan_article` range; an article interleaved with another story
/// (English OCR) or cut by page furniture has several, while its `newspan_article` range is
/// their hull and may hold other articles' text. An article's extents are what a CMS stores
/// or highlights as its place on the page.
///
/// Lifetime: the array belongs to the document and stays valid, unchanged, until
/// `newspan_document_free()`; do not write to it or free it. When `*count` is 0, `*out` may be
/// a non-NULL pointer that must not be read.
///
/// Returns `NEWSPAN_NULL_ARGUMENT` when any pointer is NULL, `NEWSPAN_OUT_OF_RANGE` when
/// `index` is not below `newspan_document_article_count()`. Out-parameters are written only
/// on success.
///
/// Thread safety: as every document accessor, may run in several threads at once.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn newspan_document_article_extents(
    doc: *const newspan_document,
    index: usize,
    out: *mut *const newspan_extent,
    count: *mut usize,
) -> newspan_status {
    ffi_boundary! {
        // SAFETY: the documented contract: NULL or a live document.
        let Some(d) = (unsafe { document(doc) }) else {
            return newspan_status::NEWSPAN_NULL_ARGUMENT;
        };
        if out.is_null() || count.is_null() {
            return newspan_status::NEWSPAN_NULL_ARGUMENT;
        }
        let Some(rec) = d.doc.articles.get(index) else {
            return newspan_status::NEWSPAN_OUT_OF_RANGE;
        };
        let extents = &d.extents[rec.extents.clone()];
        // SAFETY: both non-NULL and the caller promises they are writable.
        unsafe {
            out.write(extents.as_ptr());
            count.write(extents.len());
        }
        newspan_status::NEWSPAN_OK
    }
}

/// Decide line roles with the model in the `len` bytes at `bytes` (the contents of a model
/// file made by `newspan train`) instead of the model built into the library.
///
/// The bytes are read and checked during the call and not kept: the caller may free them
/// right after. A buffer that is not a usable model file (truncated, corrupt, not a model,
/// made for another feature set) leaves the options unchanged and returns
/// `NEWSPAN_BAD_MODEL`; `newspan_last_error_message()` says why. Returns
/// `NEWSPAN_NULL_ARGUMENT` when `options` is NULL, or `bytes` is NULL with `len > 0`. A
/// `(NULL, 0)` buffer is empty, so not a model.
///
/// Thread safety: as for every setter, not at the same time as any other use of the handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn newspan_options_set_model(
    options: *mut newspan_options,
    bytes: *const u8,
    len: usize,
) -> newspan_status {
    ffi_boundary! {
        // SAFETY: the documented contract: NULL or a handle from `newspan_options_new`.
        let Some(o) = (unsafe { options_handle(options) }) else {
            return newspan_status::NEWSPAN_NULL_ARGUMENT;
        };
        // SAFETY: the documented contract: `bytes` holds `len` readable bytes, or is
        // (NULL, 0).
        let Some(data) = (unsafe { input(bytes, len) }) else {
            return newspan_status::NEWSPAN_NULL_ARGUMENT;
        };
        match crate::Model::from_bytes(data) {
            Ok(m) => {
                *o = o.clone().with_model(m);
                newspan_status::NEWSPAN_OK
            }
            Err(e) => record_error(&e),
        }
    }
}

/// Compute every span's confidence (see `newspan_document_span_confidence()`), or not (the
/// default: it costs a forward-backward pass over the page, about as much as the decoding).
///
/// Returns `NEWSPAN_NULL_ARGUMENT` when `options` is NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn newspan_options_set_confidence(
    options: *mut newspan_options,
    on: bool,
) -> newspan_status {
    ffi_boundary! {
        // SAFETY: the documented contract: NULL or a handle from `newspan_options_new`.
        let Some(o) = (unsafe { options_handle(options) }) else {
            return newspan_status::NEWSPAN_NULL_ARGUMENT;
        };
        *o = o.clone().with_confidence(on);
        newspan_status::NEWSPAN_OK
    }
}

/// How sure the parser is of span `index` (in `[0, 1]`): the posterior probability, under the
/// model, of the role its line was given (a paragraph: its least sure fragment; names,
/// dateline parts and jump pages: the line they are on). True, with the value written to
/// `*out`, when it was computed; false, with nothing written, when the parse did not compute
/// confidences (`newspan_options_set_confidence()`), `index` is not below
/// `newspan_document_span_count()`, or `doc` or `out` is NULL.
///
/// Thread safety: may be called from several threads on the same document.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn newspan_document_span_confidence(
    doc: *const newspan_document,
    index: usize,
    out: *mut f32,
) -> bool {
    ffi_boundary! {
        // SAFETY: the documented contract: NULL or a live document.
        let Some(c) = (unsafe { document(doc) }).and_then(|d| d.doc.confidence(index)) else {
            return false;
        };
        if out.is_null() {
            return false;
        }
        // SAFETY: the documented contract: a non-NULL `out` is writable.
        unsafe { out.write(c) };
        true
    }
}
