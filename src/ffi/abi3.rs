//! The functions ABI version 3 added: a whole issue, its pages in order and the stories that
//! jump between them (see `crate::issue`).
#![allow(non_camel_case_types)]

use super::boundary::{ffi_boundary, input, record_issue_error};
use super::document::newspan_document;
use super::options::newspan_options;
use super::types::{NEWSPAN_NONE, newspan_link, newspan_status};
use crate::Options;

/// An issue being put together and, once parsed, its pages and links (opaque). Added in ABI 3.
pub struct newspan_issue {
    options: Options,
    /// Each page's bytes, copied when added.
    pages: Vec<Vec<u8>>,
    /// After `newspan_issue_parse()`: one document per page, and the links.
    docs: Vec<newspan_document>,
    links: Vec<newspan_link>,
    parsed: bool,
}

/// Borrow an issue; `None` for NULL.
///
/// # Safety
/// A non-NULL `issue` must come from `newspan_issue_new` and not be freed yet.
unsafe fn issue_ref<'a>(issue: *const newspan_issue) -> Option<&'a newspan_issue> {
    // SAFETY: the caller's promise, above.
    unsafe { issue.as_ref() }
}

/// Create an empty issue and write it to `*out`. `options` (NULL: the defaults) is copied:
/// every page is parsed with these options, and the handle may be freed right after.
///
/// Ownership: on success the caller owns `*out` and releases it with `newspan_issue_free()`.
/// Returns `NEWSPAN_NULL_ARGUMENT` when `out` is NULL.
///
/// Thread safety: may be called from any thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn newspan_issue_new(
    options: *const newspan_options,
    out: *mut *mut newspan_issue,
) -> newspan_status {
    ffi_boundary! {
        if out.is_null() {
            return newspan_status::NEWSPAN_NULL_ARGUMENT;
        }
        // SAFETY: the documented contract: NULL or a live handle from `newspan_options_new`.
        let options = unsafe { options.as_ref() }.map_or_else(Options::default, |h| h.options.clone());
        let handle = Box::into_raw(Box::new(newspan_issue {
            options,
            pages: Vec::new(),
            docs: Vec::new(),
            links: Vec::new(),
            parsed: false,
        }));
        // SAFETY: `out` is non-NULL and the caller promises it is writable.
        unsafe { out.write(handle) };
        newspan_status::NEWSPAN_OK
    }
}

/// Add the next page of the issue: the `len` bytes at `data` (any supported encoding), copied
/// during the call. Pages are added in page order. Adding a page to a parsed issue discards
/// its parse (its documents and links): parse it again.
///
/// Returns `NEWSPAN_NULL_ARGUMENT` (`issue` NULL, or `data` NULL with `len > 0`),
/// `NEWSPAN_INVALID_ARGUMENT` (`len` above `PTRDIFF_MAX`).
///
/// Thread safety: not at the same time as any other use of the issue.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn newspan_issue_add_page(
    issue: *mut newspan_issue,
    data: *const u8,
    len: usize,
) -> newspan_status {
    ffi_boundary! {
        // SAFETY: the documented contract: NULL or a live issue, used by this thread alone.
        let Some(i) = (unsafe { issue.as_mut() }) else {
            return newspan_status::NEWSPAN_NULL_ARGUMENT;
        };
        if len > isize::MAX as usize {
            return newspan_status::NEWSPAN_INVALID_ARGUMENT;
        }
        // SAFETY: the documented contract: `len` readable bytes at `data`.
        let Some(bytes) = (unsafe { input(data, len) }) else {
            return newspan_status::NEWSPAN_NULL_ARGUMENT;
        };
        i.pages.push(bytes.to_vec());
        i.docs.clear();
        i.links.clear();
        i.parsed = false;
        newspan_status::NEWSPAN_OK
    }
}

/// Parse every page of the issue and link the stories that jump between them ("See X,
/// page 7" / "From page 1", "下转第3版" / "上接第1版"). Each page is parsed as
/// `newspan_parse()` parses it alone; the links are read with `newspan_issue_link_count()` and
/// `newspan_issue_link()`, the pages with `newspan_issue_page()`.
///
/// When a page fails (strict mode, a page over the size or span limits) the issue stays
/// unparsed and the status is that page's; `newspan_last_error_message()` names the page
/// ("page 2 of the issue: malformed ...") and `newspan_last_error_value()` gives its numbers.
///
/// Returns `NEWSPAN_NULL_ARGUMENT` when `issue` is NULL, else a page's failing status or
/// `NEWSPAN_OK`.
///
/// Thread safety: not at the same time as any other use of the issue.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn newspan_issue_parse(issue: *mut newspan_issue) -> newspan_status {
    ffi_boundary! {
        // SAFETY: the documented contract: NULL or a live issue, used by this thread alone.
        let Some(i) = (unsafe { issue.as_mut() }) else {
            return newspan_status::NEWSPAN_NULL_ARGUMENT;
        };
        i.docs.clear();
        i.links.clear();
        i.parsed = false;
        let inputs: Vec<&[u8]> = i.pages.iter().map(Vec::as_slice).collect();
        let parsed = match crate::Parser::new(i.options.clone()).parse_issue(&inputs) {
            Ok(p) => p,
            Err(e) => return record_issue_error(&e),
        };
        let index = |n: Option<usize>| n.and_then(|k| u32::try_from(k).ok()).unwrap_or(NEWSPAN_NONE);
        let links: Vec<newspan_link> = parsed
            .continuations()
            .iter()
            .map(|c| newspan_link {
                from_page: index(Some(c.from.page)),
                from_article: index(Some(c.from.article)),
                to_page: index(Some(c.to.page)),
                to_article: index(Some(c.to.article)),
                jump_span: index(Some(c.jump)),
                from_line_span: index(c.from_line),
                confidence: c.confidence,
                joins_paragraph: u32::from(c.joins_paragraph),
            })
            .collect();
        let mut docs = Vec::with_capacity(i.pages.len());
        for doc in parsed.into_pages() {
            match newspan_document::new(doc) {
                Ok(d) => docs.push(d),
                Err(status) => return status,
            }
        }
        i.docs = docs;
        i.links = links;
        i.parsed = true;
        newspan_status::NEWSPAN_OK
    }
}

/// Number of pages added so far.
///
/// Thread safety: may be called from several threads at once on an issue no thread changes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn newspan_issue_page_count(issue: *const newspan_issue) -> usize {
    ffi_boundary! {
        // SAFETY: the documented contract: NULL or a live issue.
        unsafe { issue_ref(issue) }.map_or(0, |i| i.pages.len())
    }
}

/// Borrow the document of page `index` of a parsed issue: read it with every
/// `newspan_document_*` accessor. Its spans are byte ranges into that page's bytes as they
/// were added.
///
/// Lifetime: the document belongs to the issue and stays valid until the issue is parsed
/// again, a page is added, or `newspan_issue_free()`; never pass it to
/// `newspan_document_free()`.
///
/// Returns `NEWSPAN_NULL_ARGUMENT` (`issue` or `out` NULL), `NEWSPAN_INVALID_ARGUMENT` (the
/// issue is not parsed), `NEWSPAN_OUT_OF_RANGE` (`index` not below
/// `newspan_issue_page_count()`). `*out` is written only on success.
///
/// Thread safety: may be called from several threads at once on an issue no thread changes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn newspan_issue_page(
    issue: *const newspan_issue,
    index: usize,
    out: *mut *const newspan_document,
) -> newspan_status {
    ffi_boundary! {
        // SAFETY: the documented contract: NULL or a live issue.
        let Some(i) = (unsafe { issue_ref(issue) }) else {
            return newspan_status::NEWSPAN_NULL_ARGUMENT;
        };
        if out.is_null() {
            return newspan_status::NEWSPAN_NULL_ARGUMENT;
        }
        if !i.parsed {
            return newspan_status::NEWSPAN_INVALID_ARGUMENT;
        }
        let Some(d) = i.docs.get(index) else {
            return newspan_status::NEWSPAN_OUT_OF_RANGE;
        };
        // SAFETY: `out` is non-NULL and the caller promises it is writable.
        unsafe { out.write(d as *const newspan_document) };
        newspan_status::NEWSPAN_OK
    }
}

/// Number of links of a parsed issue (0 before `newspan_issue_parse()` succeeds).
///
/// Thread safety: may be called from several threads at once on an issue no thread changes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn newspan_issue_link_count(issue: *const newspan_issue) -> usize {
    ffi_boundary! {
        // SAFETY: the documented contract: NULL or a live issue.
        unsafe { issue_ref(issue) }.map_or(0, |i| i.links.len())
    }
}

/// Copy link `index` to `*out`: links come in the order of their jump lines, page by page.
///
/// Returns `NEWSPAN_NULL_ARGUMENT` (`issue` or `out` NULL), `NEWSPAN_OUT_OF_RANGE` (`index`
/// not below `newspan_issue_link_count()`). `*out` is written only on success.
///
/// Thread safety: may be called from several threads at once on an issue no thread changes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn newspan_issue_link(
    issue: *const newspan_issue,
    index: usize,
    out: *mut newspan_link,
) -> newspan_status {
    ffi_boundary! {
        // SAFETY: the documented contract: NULL or a live issue.
        let Some(i) = (unsafe { issue_ref(issue) }) else {
            return newspan_status::NEWSPAN_NULL_ARGUMENT;
        };
        if out.is_null() {
            return newspan_status::NEWSPAN_NULL_ARGUMENT;
        }
        let Some(l) = i.links.get(index) else {
            return newspan_status::NEWSPAN_OUT_OF_RANGE;
        };
        // SAFETY: `out` is non-NULL and the caller promises it is writable.
        unsafe { out.write(*l) };
        newspan_status::NEWSPAN_OK
    }
}

/// Release an issue, its copies of the pages and its documents. NULL is accepted and ignored.
/// Every document borrowed with `newspan_issue_page()` dies with it.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn newspan_issue_free(issue: *mut newspan_issue) {
    ffi_boundary! {
        if !issue.is_null() {
            // SAFETY: the handle came from `newspan_issue_new` (Box::into_raw) and the caller
            // gives it up here.
            drop(unsafe { Box::from_raw(issue) });
        }
    }
}
