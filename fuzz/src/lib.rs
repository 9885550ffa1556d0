//! The bodies of newspan's fuzz targets, and the invariant checker they share with
//! `tests/properties.rs`. See fuzz/README.md.
#![allow(unsafe_code)]

pub mod check;

use std::ffi::{CStr, CString, c_char};
use std::ptr;

use newspan::ffi::*;
use newspan::{Kind, Options};

use check::{Outcome, describe_input, options_from_byte, parse_and_check};

/// Parse and check, panicking with every broken invariant and the input.
fn checked(input: &[u8], options: &Options) -> Option<newspan::Document> {
    match parse_and_check(input, options) {
        Ok(Outcome::Parsed(doc)) => Some(doc),
        Ok(Outcome::Refused(_)) => None,
        Err(failures) => {
            panic!("invariants broken ({:?}) on {}:\n{}", options, describe_input(input), failures.join("\n"))
        }
    }
}

/// The `parse` target: the whole input with the default options, then the input after its
/// first byte with the options that byte picks ([`check::options_from_byte`]).
pub fn fuzz_parse(data: &[u8]) {
    checked(data, &Options::default());
    if let Some((&b, rest)) = data.split_first() {
        checked(rest, &options_from_byte(b));
    }
}

const LAYOUTS: [newspan::Layout; 4] =
    [newspan::Layout::Auto, newspan::Layout::Paragraphs, newspan::Layout::Wrapped, newspan::Layout::Vertical];

/// Bytes read off the front of the fuzz input, zero when it runs out.
struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn u8(&mut self) -> u8 {
        match self.0.split_first() {
            Some((&b, rest)) => {
                self.0 = rest;
                b
            }
            None => 0,
        }
    }

    fn u32(&mut self) -> u32 {
        u32::from_le_bytes([self.u8(), self.u8(), self.u8(), self.u8()])
    }
}

/// `newspan_status` as a number, for messages and comparisons.
fn code(s: newspan_status) -> u32 {
    s as u32
}

fn c_str(p: *const c_char) -> String {
    assert!(!p.is_null(), "a name function returned NULL");
    unsafe { CStr::from_ptr(p) }.to_str().expect("names are UTF-8").to_string()
}

/// The `ffi` target. The first four bytes pick the options (set through the C setters) and
/// probe values for the name functions; the rest is the page.
pub fn fuzz_ffi(data: &[u8]) {
    let mut head = Bytes(data);
    let sel = head.u8();
    let layout_code = u32::from(head.u8() % 6); // 4 and 5 are unknown layout codes
    let probe = head.u32();
    let page = head.0;

    // The name functions take any code: a static, non-empty string, "unknown…" past the table.
    for f in [
        newspan_status_str,
        newspan_kind_name,
        newspan_role_name,
        newspan_direction_name,
        newspan_layout_name,
    ] {
        assert!(!c_str(f(probe)).is_empty());
        assert!(!c_str(f(probe % 40)).is_empty());
    }
    let _ = newspan_kind_is_leaf(probe);

    // Options through the C setters, mirrored in Rust.
    let mut rust = options_from_byte(sel);
    let mut opts: *mut newspan_options = ptr::null_mut();
    unsafe {
        assert_eq!(code(newspan_options_new(&mut opts)), 0);
        let label = rust.encoding().map(|e| CString::new(e.name()).unwrap());
        let st = newspan_options_set_encoding(opts, label.as_ref().map_or(ptr::null(), |l| l.as_ptr()));
        assert_eq!(code(st), 0, "set_encoding({label:?})");
        assert_eq!(code(newspan_options_set_strict(opts, rust.strict())), 0);
        assert_eq!(code(newspan_options_set_layout(opts, rust.layout() as u32)), 0);
        // Then the probed code: a known one replaces the layout, an unknown one is refused and
        // leaves the options unchanged.
        let st = newspan_options_set_layout(opts, layout_code);
        if layout_code < 4 {
            assert_eq!(code(st), 0);
            rust = rust.with_layout(LAYOUTS[layout_code as usize]);
        } else {
            assert_eq!(st, newspan_status::NEWSPAN_INVALID_ARGUMENT);
        }
        assert_eq!(code(newspan_options_set_max_input_len(opts, rust.max_input_len())), 0);
        assert_eq!(code(newspan_options_set_max_spans(opts, rust.max_spans())), 0);
    }

    // An exactly sized heap copy, so that AddressSanitizer sees any read past its end.
    let input: Box<[u8]> = page.into();
    let expected = newspan::parse_with(&input, &rust);
    let mut doc: *mut newspan_document = ptr::null_mut();
    let st = unsafe { newspan_parse(input.as_ptr(), input.len(), opts, &mut doc) };
    unsafe { newspan_options_free(opts) }; // documents do not depend on their options
    let rust_doc = match expected {
        Ok(d) => {
            assert_eq!(st, newspan_status::NEWSPAN_OK, "C parse failed where Rust parsed");
            d
        }
        Err(e) => {
            assert_eq!(st, newspan_status::from(&e), "C status for {e:?}");
            assert!(doc.is_null(), "out-parameter written on failure");
            // The C caller gets the Rust caller's detail: the message and its numbers.
            let mut needed = 0usize;
            let mut message = vec![0 as c_char; 512];
            let st = unsafe { newspan_last_error_message(message.as_mut_ptr(), message.len(), &mut needed) };
            assert_eq!(code(st), 0);
            assert_eq!(c_str(message.as_ptr()), e.to_string());
            let mut value = 0u64;
            let limit = unsafe { newspan_last_error_value(newspan_error_value::NEWSPAN_ERROR_LIMIT as u32, &mut value) };
            match e {
                newspan::Error::InputTooLarge { limit: l, .. } | newspan::Error::TooManySpans { limit: l } => {
                    assert!(limit && value == l as u64)
                }
                _ => assert!(!limit),
            }
            return;
        }
    };
    assert!(!doc.is_null());
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| unsafe {
        check_document(doc, &input, &rust_doc, probe)
    }));
    unsafe { newspan_document_free(doc) };
    if let Err(p) = result {
        std::panic::resume_unwind(p);
    }
}

/// Every accessor of one document, against the Rust document of the same parse.
unsafe fn check_document(doc: *const newspan_document, input: &[u8], rust: &newspan::Document, probe: u32) {
    unsafe {
        let data = input.as_ptr();
        let len = input.len();
        assert_eq!(c_str(newspan_document_encoding(doc)), rust.encoding().name());
        assert_eq!(newspan_document_layout(doc), rust.layout() as u32);
        assert_eq!(newspan_document_input_len(doc), len);
        assert_eq!(newspan_document_input_is_utf8(doc), rust.decoded_text().is_none());
        assert_eq!(newspan_document_had_decode_errors(doc), rust.had_decode_errors());
        assert_eq!(newspan_document_decode_error_count(doc), rust.decode_error_count());
        let mut first = usize::MAX;
        let has_first = newspan_document_first_decode_error(doc, &mut first);
        assert_eq!(has_first.then_some(first), rust.first_decode_error());
        assert!(!newspan_document_first_decode_error(doc, ptr::null_mut()));

        let n = newspan_document_span_count(doc);
        assert_eq!(n, rust.nodes().len());
        let mut table: *const newspan_span = ptr::null();
        let mut count = usize::MAX;
        assert_eq!(code(newspan_document_spans(doc, &mut table, &mut count)), 0);
        assert_eq!(count, n);
        let spans: &[newspan_span] = if n == 0 { &[] } else { std::slice::from_raw_parts(table, n) };

        let mut one = newspan_span::default();
        for bad in [n, n.wrapping_add(probe as usize), usize::MAX] {
            if bad >= n {
                assert_eq!(newspan_document_span(doc, bad, &mut one), newspan_status::NEWSPAN_OUT_OF_RANGE);
                let mut needed = 7usize;
                let st = newspan_document_span_text(doc, data, len, bad, ptr::null_mut(), 0, &mut needed);
                assert_eq!(st, newspan_status::NEWSPAN_OUT_OF_RANGE);
            }
        }
        let mut article = newspan_article::default();
        let articles = newspan_document_article_count(doc);
        assert_eq!(articles, rust.article_count());
        assert_eq!(
            newspan_document_article(doc, articles, &mut article),
            newspan_status::NEWSPAN_OUT_OF_RANGE
        );
        for a in rust.articles() {
            assert_eq!(code(newspan_document_article(doc, a.index(), &mut article)), 0);
            assert_eq!((article.start, article.end), (a.span().start as u64, a.span().end as u64));
            assert_eq!(article.first_span as usize, a.node_range().start);
            assert_eq!(article.span_count as usize, a.node_range().len());
            let mut extents: *const newspan_extent = ptr::null();
            let mut n_extents = usize::MAX;
            assert_eq!(code(newspan_document_article_extents(doc, a.index(), &mut extents, &mut n_extents)), 0);
            let c_extents: &[newspan_extent] =
                if n_extents == 0 { &[] } else { std::slice::from_raw_parts(extents, n_extents) };
            let pairs: Vec<(u64, u64)> = c_extents.iter().map(|e| (e.start, e.end)).collect();
            let expected: Vec<(u64, u64)> = a.extents().iter().map(|e| (e.start as u64, e.end as u64)).collect();
            assert_eq!(pairs, expected);
        }
        assert_eq!(
            newspan_document_article_extents(doc, articles, &mut ptr::null(), &mut 0),
            newspan_status::NEWSPAN_OUT_OF_RANGE
        );

        // Small buffers: cap picked by the probe among 0, 1, needed - 1 and needed (+ slack).
        let mut buf = vec![0x5a as c_char; 64];
        for (i, node) in rust.nodes().iter().enumerate() {
            assert_eq!(code(newspan_document_span(doc, i, &mut one)), 0);
            assert_eq!(one, spans[i]);
            assert_eq!((one.start, one.end), (node.span.start as u64, node.span.end as u64));
            assert_eq!(one.kind as usize, Kind::ALL.iter().position(|k| *k == node.kind).unwrap());
            assert_eq!(one.article, node.article.unwrap_or(NEWSPAN_NONE));
            assert_eq!(one.parent, node.parent.unwrap_or(NEWSPAN_NONE));
            let text = rust.text(input, node);
            copy_checked(probe.rotate_left(i as u32 % 32), text.as_bytes(), |b, cap, needed| {
                newspan_document_span_text(doc, data, len, i, b, cap, needed)
            });
            if node.kind == Kind::Paragraph {
                let p = rust
                    .article(node.article.unwrap() as usize)
                    .unwrap()
                    .paragraphs()
                    .find(|p| ptr::eq(p.node, node))
                    .unwrap();
                let joined = p.text(input);
                copy_checked(probe.rotate_right(i as u32 % 32), joined.as_bytes(), |b, cap, needed| {
                    newspan_document_paragraph_text(doc, data, len, i, b, cap, needed)
                });
            } else {
                let mut needed = 0usize;
                let st = newspan_document_paragraph_text(
                    doc,
                    data,
                    len,
                    i,
                    buf.as_mut_ptr(),
                    buf.len(),
                    &mut needed,
                );
                assert_eq!(st, newspan_status::NEWSPAN_INVALID_ARGUMENT);
            }
            // A wrong input length is refused, whatever the buffer.
            let mut needed = 0usize;
            let st = newspan_document_span_text(
                doc,
                data,
                len.wrapping_add(1),
                i,
                buf.as_mut_ptr(),
                buf.len(),
                &mut needed,
            );
            assert_eq!(st, newspan_status::NEWSPAN_INVALID_ARGUMENT);
            let st =
                newspan_document_span_text(doc, data, len, i, buf.as_mut_ptr(), buf.len(), ptr::null_mut());
            assert_eq!(st, newspan_status::NEWSPAN_NULL_ARGUMENT);
        }
    }
}

/// Copy a text through `call` into a buffer of a probe-picked capacity: a short buffer must be
/// left untouched with `*needed` set; a large enough one gets the text, a NUL, nothing more.
fn copy_checked(probe: u32, text: &[u8], call: impl Fn(*mut c_char, usize, *mut usize) -> newspan_status) {
    let need = text.len() + 1;
    let mut needed = 0usize;
    // The size query.
    assert_eq!(call(ptr::null_mut(), 0, &mut needed), newspan_status::NEWSPAN_BUFFER_TOO_SMALL);
    assert_eq!(needed, need);
    let cap = match probe % 4 {
        0 => 1.min(need - 1),
        1 => need - 1,
        2 => need,
        _ => need + (probe as usize >> 8) % 16,
    };
    // An exactly sized buffer: AddressSanitizer catches a write past `cap`.
    let mut buf: Box<[c_char]> = vec![0x5a as c_char; cap].into_boxed_slice();
    let st = call(if cap == 0 { ptr::null_mut() } else { buf.as_mut_ptr() }, cap, &mut needed);
    assert_eq!(needed, need);
    if cap < need {
        assert_eq!(st, newspan_status::NEWSPAN_BUFFER_TOO_SMALL);
        assert!(buf.iter().all(|&c| c == 0x5a), "a short buffer was written to");
    } else {
        assert_eq!(st, newspan_status::NEWSPAN_OK);
        let got: Vec<u8> = buf[..need].iter().map(|&c| c as u8).collect();
        assert_eq!(&got[..text.len()], text, "copied text differs");
        assert_eq!(got[text.len()], 0, "no terminating NUL");
        assert!(buf[need..].iter().all(|&c| c == 0x5a), "written past the text");
    }
}
