//! `newspan_parse()` and `newspan_document`: the parsed page and its accessors.
#![allow(non_camel_case_types)]

use std::ffi::{CStr, c_char};
use std::sync::{Mutex, OnceLock};

use encoding_rs::Encoding;

use crate::document::{Document, Kind};
use crate::options::Options;

use super::boundary::{copy_text, ffi_boundary, input, record_error, record_message};
use super::options::newspan_options;
use super::types::{layout_code, newspan_article, newspan_extent, newspan_span, newspan_status};

/// A parsed page: articles, boilerplate and unassigned text, as byte spans into the input.
/// Opaque.
///
/// Created by `newspan_parse()`, destroyed by `newspan_document_free()`. A document does not
/// keep or point into the input: the functions that return text take the input again.
///
/// Thread safety: a document is immutable. Any number of threads may call the
/// `newspan_document_*` accessors on the same document at once; only
/// `newspan_document_free()` must not run while another thread still uses it.
pub struct newspan_document {
    pub(crate) doc: Document,
    /// The C view of `doc.nodes()`, made once at parse time.
    pub(crate) spans: Vec<newspan_span>,
    /// The C view of every article's extents, made once at parse time.
    pub(crate) extents: Vec<newspan_extent>,
    encoding: &'static CStr,
}

/// Parse one page and write the new document to `*out`.
///
/// `data`/`len` is the page text, in any supported encoding (detected unless the options force
/// one). It is only read during the call: it is neither copied nor retained, and every span
/// of the document is a byte range into this buffer. `(NULL, 0)` (or any pointer with length
/// 0) is an empty page, which parses to an empty document. `options` may be NULL for the
/// defaults; it is only read during the call.
///
/// Ownership: on success the caller owns `*out` and must release it with
/// `newspan_document_free()`. `*out` is written only on success.
///
/// Returns `NEWSPAN_NULL_ARGUMENT` (`out` NULL, or `data` NULL with `len > 0`),
/// `NEWSPAN_INVALID_ARGUMENT` (`len` above `PTRDIFF_MAX`), `NEWSPAN_MALFORMED_INPUT` (strict
/// mode), `NEWSPAN_INPUT_TOO_LARGE`, `NEWSPAN_TOO_MANY_SPANS`.
///
/// Thread safety: may be called from several threads at once, with the same options too.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn newspan_parse(
    data: *const u8,
    len: usize,
    options: *const newspan_options,
    out: *mut *mut newspan_document,
) -> newspan_status {
    ffi_boundary! {
        if out.is_null() {
            return newspan_status::NEWSPAN_NULL_ARGUMENT;
        }
        if len > isize::MAX as usize {
            return newspan_status::NEWSPAN_INVALID_ARGUMENT;
        }
        // SAFETY: the documented contract: `len` readable bytes at `data`.
        let Some(bytes) = (unsafe { input(data, len) }) else {
            return newspan_status::NEWSPAN_NULL_ARGUMENT;
        };
        let defaults;
        // SAFETY: the documented contract: NULL or a live handle from `newspan_options_new`.
        let opts = match unsafe { options.as_ref() } {
            Some(h) => &h.options,
            None => {
                defaults = Options::default();
                &defaults
            }
        };
        let doc = match crate::parse_with(bytes, opts) {
            Ok(doc) => doc,
            Err(e) => return record_error(&e),
        };
        let handle = match newspan_document::new(doc) {
            Ok(d) => Box::into_raw(Box::new(d)),
            Err(status) => return status,
        };
        // SAFETY: `out` is non-NULL and the caller promises it is writable.
        unsafe { out.write(handle) };
        newspan_status::NEWSPAN_OK
    }
}

impl newspan_document {
    /// The C view of a parsed page. Fails (recording the error) when the page has more spans
    /// than the ABI's 32-bit indices hold.
    pub(crate) fn new(doc: Document) -> Result<newspan_document, newspan_status> {
        if u32::try_from(doc.nodes().len()).is_err() {
            return Err(record_message(
                newspan_status::NEWSPAN_TOO_MANY_SPANS,
                format!(
                    "page produces {} spans, more than the C API's 32-bit indices hold",
                    doc.nodes().len()
                ),
            ));
        }
        let spans = doc.nodes().iter().map(newspan_span::from_node).collect();
        let extents =
            doc.extents.iter().map(|e| newspan_extent { start: e.start as u64, end: e.end as u64 }).collect();
        let encoding = encoding_name(doc.encoding().0);
        Ok(newspan_document { doc, spans, extents, encoding })
    }
}

/// Release a document. NULL is accepted and ignored.
///
/// Every pointer obtained from the document (`newspan_document_spans()`) dies with it. The
/// document must not be used afterwards, nor freed twice, and no other thread may still be
/// using it.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn newspan_document_free(doc: *mut newspan_document) {
    ffi_boundary! {
        if !doc.is_null() {
            // SAFETY: the handle came from `newspan_parse` (Box::into_raw) and the caller gives
            // it up here.
            drop(unsafe { Box::from_raw(doc) });
        }
    }
}

/// Borrow a document; `None` for NULL.
///
/// # Safety
/// A non-NULL `doc` must come from `newspan_parse` and not be freed yet.
pub(crate) unsafe fn document<'a>(doc: *const newspan_document) -> Option<&'a newspan_document> {
    // SAFETY: the caller's promise, above.
    unsafe { doc.as_ref() }
}

/// The name of the encoding the input was decoded from, as encoding_rs spells it ("UTF-8",
/// "gb18030" (also for GBK input), "Big5", "Shift_JIS", "EUC-KR", "UTF-16LE", ...): a static,
/// NUL-terminated string (never free it), valid for the life of the program, even after the
/// document is freed. An empty string when `doc` is NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn newspan_document_encoding(doc: *const newspan_document) -> *const c_char {
    ffi_boundary! {
        // SAFETY: the documented contract: NULL or a live document.
        unsafe { document(doc) }.map_or(c"".as_ptr(), |d| d.encoding.as_ptr())
    }
}

/// The layout the page was recognised as, or forced to by the options (a `newspan_layout`
/// code). `NEWSPAN_LAYOUT_AUTO` when `doc` is NULL, and possibly for an empty page.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn newspan_document_layout(doc: *const newspan_document) -> u32 {
    ffi_boundary! {
        // SAFETY: the documented contract: NULL or a live document.
        unsafe { document(doc) }.map_or(0, |d| layout_code(d.doc.layout()))
    }
}

/// The length in bytes of the input that was parsed (0 when `doc` is NULL). The text
/// functions check the `len` they are given against it.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn newspan_document_input_len(doc: *const newspan_document) -> usize {
    ffi_boundary! {
        // SAFETY: the documented contract: NULL or a live document.
        unsafe { document(doc) }.map_or(0, |d| d.doc.input_len())
    }
}

/// True when the input was valid UTF-8 (with or without a BOM): then the bytes of every span,
/// sliced from your own buffer, are its UTF-8 text, and the text functions copy from your
/// buffer. False when the input was decoded from another encoding or held malformed bytes
/// (the document then keeps a decoded UTF-8 copy, and the text functions copy from it), and
/// when `doc` is NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn newspan_document_input_is_utf8(doc: *const newspan_document) -> bool {
    ffi_boundary! {
        // SAFETY: the documented contract: NULL or a live document.
        unsafe { document(doc) }.is_some_and(|d| d.doc.decoded_text().is_none())
    }
}

/// True when malformed byte sequences were replaced by U+FFFD while decoding (never in strict
/// mode, which fails instead). False when `doc` is NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn newspan_document_had_decode_errors(doc: *const newspan_document) -> bool {
    ffi_boundary! {
        // SAFETY: the documented contract: NULL or a live document.
        unsafe { document(doc) }.is_some_and(|d| d.doc.had_decode_errors())
    }
}

/// The number of spans (0 when `doc` is NULL). Spans are numbered `0 .. count`: each
/// article's spans in article order (contiguous, in page order, every parent directly
/// followed by its children), then the page-level spans (boilerplate, unassigned).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn newspan_document_span_count(doc: *const newspan_document) -> usize {
    ffi_boundary! {
        // SAFETY: the documented contract: NULL or a live document.
        unsafe { document(doc) }.map_or(0, |d| d.spans.len())
    }
}

/// Copy span `index` to `*out`.
///
/// Returns `NEWSPAN_NULL_ARGUMENT` (`doc` or `out` NULL), `NEWSPAN_OUT_OF_RANGE` (`index` not
/// below `newspan_document_span_count()`). `*out` is written only on success.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn newspan_document_span(
    doc: *const newspan_document,
    index: usize,
    out: *mut newspan_span,
) -> newspan_status {
    ffi_boundary! {
        // SAFETY: the documented contract: NULL or a live document.
        let Some(d) = (unsafe { document(doc) }) else {
            return newspan_status::NEWSPAN_NULL_ARGUMENT;
        };
        if out.is_null() {
            return newspan_status::NEWSPAN_NULL_ARGUMENT;
        }
        let Some(span) = d.spans.get(index) else {
            return newspan_status::NEWSPAN_OUT_OF_RANGE;
        };
        // SAFETY: `out` is non-NULL and the caller promises it is writable.
        unsafe { out.write(*span) };
        newspan_status::NEWSPAN_OK
    }
}

/// Borrow the whole span table: `*out` receives a pointer to `*count` spans (the same as
/// `newspan_document_span()` for each index).
///
/// Lifetime: the array belongs to the document and stays valid, unchanged, until
/// `newspan_document_free()`; do not write to it or free it. For an empty document `*out` may
/// be a non-NULL pointer that must not be read, with `*count` 0.
///
/// Returns `NEWSPAN_NULL_ARGUMENT` when any argument is NULL. Out-parameters are written only
/// on success.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn newspan_document_spans(
    doc: *const newspan_document,
    out: *mut *const newspan_span,
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
        // SAFETY: both non-NULL and the caller promises they are writable.
        unsafe {
            out.write(d.spans.as_ptr());
            count.write(d.spans.len());
        }
        newspan_status::NEWSPAN_OK
    }
}

/// The number of articles (0 when `doc` is NULL).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn newspan_document_article_count(doc: *const newspan_document) -> usize {
    ffi_boundary! {
        // SAFETY: the documented contract: NULL or a live document.
        unsafe { document(doc) }.map_or(0, |d| d.doc.article_count())
    }
}

/// Copy article `index` (its byte range and its range of spans) to `*out`.
///
/// Returns `NEWSPAN_NULL_ARGUMENT` (`doc` or `out` NULL), `NEWSPAN_OUT_OF_RANGE` (`index` not
/// below `newspan_document_article_count()`). `*out` is written only on success.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn newspan_document_article(
    doc: *const newspan_document,
    index: usize,
    out: *mut newspan_article,
) -> newspan_status {
    ffi_boundary! {
        // SAFETY: the documented contract: NULL or a live document.
        let Some(d) = (unsafe { document(doc) }) else {
            return newspan_status::NEWSPAN_NULL_ARGUMENT;
        };
        if out.is_null() {
            return newspan_status::NEWSPAN_NULL_ARGUMENT;
        }
        let Some(article) = d.doc.article(index) else {
            return newspan_status::NEWSPAN_OUT_OF_RANGE;
        };
        let span = article.span();
        let nodes = article.node_range();
        // Both fit: the span count was checked against u32 at parse time.
        let record = newspan_article {
            start: span.start as u64,
            end: span.end as u64,
            first_span: nodes.start as u32,
            span_count: nodes.len() as u32,
        };
        // SAFETY: `out` is non-NULL and the caller promises it is writable.
        unsafe { out.write(record) };
        newspan_status::NEWSPAN_OK
    }
}

/// Check the arguments every text function shares and return the document and the input.
///
/// # Safety
/// As for the text functions: `doc` NULL or live, `data` valid for `len` bytes.
unsafe fn text_args<'a>(
    doc: *const newspan_document,
    data: *const u8,
    len: usize,
    index: usize,
    buf: *mut c_char,
    cap: usize,
    needed: *mut usize,
) -> Result<(&'a newspan_document, &'a [u8]), newspan_status> {
    // SAFETY: the caller's promise, above.
    let d = unsafe { document(doc) }.ok_or(newspan_status::NEWSPAN_NULL_ARGUMENT)?;
    if needed.is_null() || (buf.is_null() && cap > 0) {
        return Err(newspan_status::NEWSPAN_NULL_ARGUMENT);
    }
    if len != d.doc.input_len() {
        return Err(newspan_status::NEWSPAN_INVALID_ARGUMENT);
    }
    // SAFETY: the caller's promise, above.
    let bytes = unsafe { input(data, len) }.ok_or(newspan_status::NEWSPAN_NULL_ARGUMENT)?;
    if index >= d.spans.len() {
        return Err(newspan_status::NEWSPAN_OUT_OF_RANGE);
    }
    Ok((d, bytes))
}

/// Copy the UTF-8 text of span `index`, NUL-terminated, into `buf`.
///
/// `data`/`len` must be the buffer that was parsed (the document does not keep it; for input
/// that was not valid UTF-8 the text comes from the document's decoded copy and `data` is not
/// read, but `len` is still checked). For UTF-8 input the text is exactly the span's bytes.
///
/// Size query: `*needed` always receives the buffer size the text needs, terminating NUL
/// included (text length + 1; the text itself may hold NUL bytes if the input did). When
/// `cap` is smaller, nothing is written to `buf` and the result is `NEWSPAN_BUFFER_TOO_SMALL`:
/// call once with `(NULL, 0)` to learn the size. `buf` must not overlap `data`.
///
/// Returns `NEWSPAN_NULL_ARGUMENT` (`doc` or `needed` NULL, `data` NULL with `len > 0`, `buf`
/// NULL with `cap > 0`), `NEWSPAN_INVALID_ARGUMENT` (`len` is not the parsed input's length),
/// `NEWSPAN_OUT_OF_RANGE` (bad `index`), `NEWSPAN_BUFFER_TOO_SMALL`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn newspan_document_span_text(
    doc: *const newspan_document,
    data: *const u8,
    len: usize,
    index: usize,
    buf: *mut c_char,
    cap: usize,
    needed: *mut usize,
) -> newspan_status {
    ffi_boundary! {
        // SAFETY: the documented contract of this function.
        let (d, bytes) = match unsafe { text_args(doc, data, len, index, buf, cap, needed) } {
            Ok(v) => v,
            Err(status) => return status,
        };
        let text = d.doc.text(bytes, &d.doc.nodes()[index]);
        // SAFETY: the documented contract: `needed` writable, `buf` holds `cap` bytes.
        unsafe { copy_text(text.as_bytes(), buf, cap, needed) }
    }
}

/// Copy the joined text of paragraph span `index` (a `NEWSPAN_KIND_PARAGRAPH`),
/// NUL-terminated, into `buf`: its fragments joined with nothing between two CJK characters,
/// one space between Latin words, a removed line-end hyphen dropped (the JSON's paragraph
/// `text`).
///
/// Arguments, size query and results as for `newspan_document_span_text()`; also
/// `NEWSPAN_INVALID_ARGUMENT` when span `index` is not a paragraph.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn newspan_document_paragraph_text(
    doc: *const newspan_document,
    data: *const u8,
    len: usize,
    index: usize,
    buf: *mut c_char,
    cap: usize,
    needed: *mut usize,
) -> newspan_status {
    ffi_boundary! {
        // SAFETY: the documented contract of this function.
        let (d, bytes) = match unsafe { text_args(doc, data, len, index, buf, cap, needed) } {
            Ok(v) => v,
            Err(status) => return status,
        };
        let node = &d.doc.nodes()[index];
        if node.kind != Kind::Paragraph {
            return newspan_status::NEWSPAN_INVALID_ARGUMENT;
        }
        let paragraph = node
            .article
            .and_then(|a| d.doc.article(a as usize))
            .and_then(|a| a.paragraphs().find(|p| std::ptr::eq(p.node, node)));
        let Some(paragraph) = paragraph else {
            return newspan_status::NEWSPAN_INVALID_ARGUMENT;
        };
        let text = paragraph.text(bytes);
        // SAFETY: the documented contract: `needed` writable, `buf` holds `cap` bytes.
        unsafe { copy_text(text.as_bytes(), buf, cap, needed) }
    }
}

/// How many malformed byte sequences were replaced by U+FFFD while decoding (0 for valid
/// input, in strict mode, which fails instead, and when `doc` is NULL). A damaged page keeps
/// its detected encoding and its offsets; this count lets a pipeline flag it.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn newspan_document_decode_error_count(doc: *const newspan_document) -> usize {
    ffi_boundary! {
        // SAFETY: the documented contract: NULL or a live document.
        unsafe { document(doc) }.map_or(0, |d| d.doc.decode_error_count())
    }
}

/// Where the first malformed byte sequence starts: true, with its byte offset into the input
/// written to `*offset`, when the input had one; false, with nothing written, when it decoded
/// cleanly, or when `doc` or `offset` is NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn newspan_document_first_decode_error(
    doc: *const newspan_document,
    offset: *mut usize,
) -> bool {
    ffi_boundary! {
        // SAFETY: the documented contract: NULL or a live document.
        let Some(first) = (unsafe { document(doc) }).and_then(|d| d.doc.first_decode_error()) else {
            return false;
        };
        if offset.is_null() {
            return false;
        }
        // SAFETY: the documented contract: a non-NULL `offset` is writable.
        unsafe { offset.write(first) };
        true
    }
}

/// The static, NUL-terminated name of an encoding.
fn encoding_name(encoding: &'static Encoding) -> &'static CStr {
    // encoding_rs's names, NUL-terminated; anything else is interned once (leaked on purpose:
    // at most one small string per encoding for the life of the program).
    const KNOWN: [&CStr; 40] = [
        c"UTF-8",
        c"UTF-16LE",
        c"UTF-16BE",
        c"GBK",
        c"gb18030",
        c"Big5",
        c"Shift_JIS",
        c"EUC-JP",
        c"EUC-KR",
        c"ISO-2022-JP",
        c"windows-1252",
        c"windows-1250",
        c"windows-1251",
        c"windows-1253",
        c"windows-1254",
        c"windows-1255",
        c"windows-1256",
        c"windows-1257",
        c"windows-1258",
        c"windows-874",
        c"IBM866",
        c"ISO-8859-2",
        c"ISO-8859-3",
        c"ISO-8859-4",
        c"ISO-8859-5",
        c"ISO-8859-6",
        c"ISO-8859-7",
        c"ISO-8859-8",
        c"ISO-8859-8-I",
        c"ISO-8859-10",
        c"ISO-8859-13",
        c"ISO-8859-14",
        c"ISO-8859-15",
        c"ISO-8859-16",
        c"KOI8-R",
        c"KOI8-U",
        c"macintosh",
        c"x-mac-cyrillic",
        c"x-user-defined",
        c"replacement",
    ];
    let name = encoding.name();
    if let Some(c) = KNOWN.iter().find(|c| c.to_bytes() == name.as_bytes()) {
        return c;
    }
    static INTERNED: OnceLock<Mutex<Vec<&'static CStr>>> = OnceLock::new();
    let mut interned = INTERNED.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
    if let Some(c) = interned.iter().find(|c| c.to_bytes() == name.as_bytes()) {
        return c;
    }
    let c: &'static CStr = Box::leak(
        std::ffi::CString::new(name)
            .unwrap_or_else(|_| std::ffi::CString::from(c"unknown"))
            .into_boxed_c_str(),
    );
    interned.push(c);
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_names_are_static_and_match() {
        for label in
            ["utf-8", "gbk", "gb18030", "big5", "shift_jis", "euc-kr", "utf-16le", "utf-16be", "koi8-r"]
        {
            let enc = Encoding::for_label(label.as_bytes()).unwrap();
            assert_eq!(encoding_name(enc).to_str().unwrap(), enc.name());
        }
    }
}
