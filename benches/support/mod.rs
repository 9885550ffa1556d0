//! Inputs and reference workloads shared by `benches/parse.rs` (criterion) and
//! `examples/bench_report.rs` (the ratio report), so both measure exactly the same bytes.
//!
//! Realistic pages are the project's own sample pages in `examples/pages/`; the large input
//! repeats them, joined with form feeds, to tens of MB. The pathological inputs are generated.
#![allow(dead_code)] // each user takes what it needs

use std::hint::black_box;

use encoding_rs::GB18030;

/// A realistic page kind: its short name (used in `RATIO` names) and its sample file.
pub const KINDS: [(&str, &str); 4] = [
    ("epaper", "epaper-zh.txt"),
    ("pdftotext", "pdftotext-zh.txt"),
    ("vertical", "vertical-zh-hant.txt"),
    ("ocr", "ocr-en.txt"),
];

/// The sample page of one kind, as bytes.
pub fn page(file: &str) -> Vec<u8> {
    let path = format!("{}/examples/pages/{file}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every realistic page kind: `(name, bytes)`.
pub fn pages() -> Vec<(&'static str, Vec<u8>)> {
    KINDS.iter().map(|&(name, file)| (name, page(file))).collect()
}

/// The e-paper page encoded in GB18030 (what a Chinese archive often stores).
pub fn gb18030_page() -> Vec<u8> {
    let text = String::from_utf8(page("epaper-zh.txt")).expect("the sample page is UTF-8");
    let (bytes, _, unmappable) = GB18030.encode(&text);
    assert!(!unmappable, "GB18030 maps every character");
    bytes.into_owned()
}

/// A multi-page input of at least `min_len` bytes: the four sample pages in turn, one page
/// per form feed, like pdftotext output of a whole issue.
pub fn multi_page(min_len: usize) -> Vec<u8> {
    let pages: Vec<Vec<u8>> = KINDS.iter().map(|&(_, f)| page(f)).collect();
    let mut out = Vec::with_capacity(min_len + 8192);
    let mut i = 0;
    while out.len() < min_len {
        if !out.is_empty() {
            out.push(b'\x0c');
        }
        out.extend_from_slice(&pages[i % pages.len()]);
        i += 1;
    }
    out
}

/// Size of the large multi-page input (tens of MB).
pub const LARGE_LEN: usize = 32 << 20;

/// A pathological input: its name and a generator taking a scale (1.0 = the full size named
/// in the issue; the report also runs smaller scales to check the cost is linear).
pub struct Pathological {
    /// Short name (`one_10mb_line`, ...).
    pub name: &'static str,
    /// Builds the input at the given scale.
    pub make: fn(f64) -> Vec<u8>,
}

/// The pathological inputs of issue 7.
pub const PATHOLOGICAL: [Pathological; 5] = [
    Pathological { name: "one_10mb_line", make: one_long_line },
    Pathological { name: "blank_lines_1m", make: blank_lines },
    Pathological { name: "one_char_lines_1m", make: one_char_lines },
    Pathological { name: "tiny_articles_100k", make: tiny_articles },
    Pathological { name: "byline_lines_50k", make: byline_lines },
];

fn scaled(n: usize, scale: f64) -> usize {
    ((n as f64 * scale) as usize).max(1)
}

/// One line of 10 MB: body text with no line break at all.
pub fn one_long_line(scale: f64) -> Vec<u8> {
    let unit = "今天凌晨，外滩的钟声敲响，市民沿着江边慢跑。".as_bytes();
    let len = scaled(10 << 20, scale);
    let mut out = Vec::with_capacity(len + unit.len());
    while out.len() + unit.len() <= len {
        out.extend_from_slice(unit);
    }
    out.push(b'\n');
    out
}

/// 1 M blank lines (and nothing else).
pub fn blank_lines(scale: f64) -> Vec<u8> {
    vec![b'\n'; scaled(1_000_000, scale)]
}

/// 1 M one-character lines (a CJK character each, like a badly split vertical column).
pub fn one_char_lines(scale: f64) -> Vec<u8> {
    let chars = ["报", "道", "市", "民", "江", "边", "新", "闻"];
    let n = scaled(1_000_000, scale);
    let mut out = Vec::with_capacity(n * 4);
    for i in 0..n {
        out.extend_from_slice(chars[i % chars.len()].as_bytes());
        out.push(b'\n');
    }
    out
}

/// 100 k tiny articles: a headline, a blank line, one short paragraph, a blank line.
pub fn tiny_articles(scale: f64) -> Vec<u8> {
    let n = scaled(100_000, scale);
    let mut out = Vec::with_capacity(n * 64);
    for i in 0..n {
        out.extend_from_slice(format!("简讯{i}\n\n本市今日发布第{i}号通知。\n\n").as_bytes());
    }
    out
}

/// 50 k byline-like lines, one after another.
pub fn byline_lines(scale: f64) -> Vec<u8> {
    let names = ["王小明", "李华", "张亚军", "陈静", "刘洋"];
    let n = scaled(50_000, scale);
    let mut out = Vec::with_capacity(n * 32);
    for i in 0..n {
        let a = names[i % names.len()];
        let b = names[(i + 2) % names.len()];
        out.extend_from_slice(format!("本报记者 {a} 通讯员 {b}\n").as_bytes());
    }
    out
}

/// The floor: find every line with memchr and touch it (its length and first byte), which is
/// the least any line-based parser must do.
pub fn line_scan(bytes: &[u8]) -> usize {
    let mut start = 0;
    let mut acc = 0usize;
    for end in memchr::memchr_iter(b'\n', bytes) {
        let line = &bytes[start..end];
        acc = acc.wrapping_add(line.len()).wrapping_add(line.first().copied().unwrap_or(0) as usize);
        start = end + 1;
    }
    let last = &bytes[start..];
    acc.wrapping_add(last.len()).wrapping_add(black_box(last).first().copied().unwrap_or(0) as usize)
}

/// pulldown-cmark parsing the same text (counting its events).
pub fn pulldown(text: &str) -> usize {
    pulldown_cmark::Parser::new(text).count()
}

/// encoding_rs decoding GB18030 alone (no BOM sniffing).
pub fn decode_gb18030(bytes: &[u8]) -> usize {
    GB18030.decode_without_bom_handling(bytes).0.len()
}

/// The same UTF-8 parse through the C ABI: `newspan_parse` then `newspan_document_free`.
/// Returns the number of spans, read through the C accessor.
pub fn parse_ffi(bytes: &[u8]) -> usize {
    use newspan::ffi::{
        newspan_document, newspan_document_free, newspan_document_span_count, newspan_parse, newspan_status,
    };
    let mut doc: *mut newspan_document = std::ptr::null_mut();
    // SAFETY: `bytes` is a live buffer of `bytes.len()` bytes for the whole call; NULL options
    // are the defaults; `doc` is a valid out-pointer.
    let status = unsafe { newspan_parse(bytes.as_ptr(), bytes.len(), std::ptr::null(), &mut doc) };
    assert_eq!(status, newspan_status::NEWSPAN_OK, "newspan_parse failed");
    // SAFETY: `doc` came from a successful `newspan_parse` and is freed exactly once.
    unsafe {
        let n = newspan_document_span_count(doc);
        newspan_document_free(doc);
        n
    }
}
