//! The `newspan/1` JSON writer (`Document::json`):
//!
//! - it writes byte for byte what a `serde_json` tree of the same document prints (the way
//!   earlier releases built it: keys sorted, serde's escapes), on every sample and fixture page,
//!   in several encodings, and on pages full of quotes, backslashes and control characters;
//! - it streams: writing the JSON of a page of several megabytes allocates a few kilobytes at
//!   most (one paragraph's joined text), not a copy of the page (a counting allocator measures
//!   it).

use std::alloc::{GlobalAlloc, Layout, System};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use newspan::{Article, Document, Node};
use serde_json::{Map, Value, json};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The system allocator, counting the bytes live and their peak for the thread that asks
/// (tests run on several threads at once).
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    static COUNTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() && COUNTED.with(|c| c.get()) {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        if COUNTED.with(|c| c.get()) {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn pages() -> Vec<PathBuf> {
    let mut pages = Vec::new();
    for dir in ["examples/pages", "tests/fixtures"] {
        for entry in fs::read_dir(Path::new(ROOT).join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "txt") {
                pages.push(path);
            }
        }
    }
    pages.sort();
    pages
}

// ---------------------------------------------------------------------------------------------
// The reference: the document as a serde_json tree, as releases before the streaming writer
// built it (plus the articles' extents).

fn span_json(doc: &Document, input: &[u8], n: &Node) -> Value {
    json!({"start": n.span.start, "end": n.span.end, "text": doc.text(input, n)})
}

fn with(mut base: Value, extra: &[(&str, Value)]) -> Value {
    if let Value::Object(m) = &mut base {
        for (k, v) in extra {
            m.insert((*k).to_string(), v.clone());
        }
    }
    base
}

fn article_json(doc: &Document, input: &[u8], a: &Article<'_>) -> Value {
    let s = |n: &Node| span_json(doc, input, n);
    let opt = |n: Option<&Node>| n.map_or(Value::Null, s);
    let bylines: Vec<Value> = a
        .bylines()
        .map(|b| {
            with(
                s(b.node),
                &[("role", json!(b.role().name())), ("names", Value::Array(b.names().map(s).collect()))],
            )
        })
        .collect();
    let dateline = a.dateline().map_or(Value::Null, |d| {
        with(s(d.node), &[("source", opt(d.source())), ("place", opt(d.place())), ("date", opt(d.date()))])
    });
    let paragraphs: Vec<Value> = a
        .paragraphs()
        .map(|p| json!({"fragments": p.fragments().map(s).collect::<Vec<_>>(), "text": p.text(input)}))
        .collect();
    let jumps: Vec<Value> = a
        .jumps()
        .map(|j| {
            let page = j
                .page()
                .map_or(Value::String(String::new()), |p| Value::String(doc.text(input, p).into_owned()));
            with(s(j.node), &[("direction", json!(j.direction().name())), ("page", page)])
        })
        .collect();
    let span = a.span();
    let mut m = Map::new();
    m.insert("span".into(), json!({"start": span.start, "end": span.end}));
    m.insert(
        "extents".into(),
        Value::Array(a.extents().iter().map(|e| json!({"start": e.start, "end": e.end})).collect()),
    );
    m.insert("kicker".into(), Value::Array(a.kicker().map(s).collect()));
    m.insert("title".into(), Value::Array(a.title().map(s).collect()));
    m.insert("subtitle".into(), Value::Array(a.subtitle().map(s).collect()));
    m.insert("bylines".into(), Value::Array(bylines));
    m.insert("dateline".into(), dateline);
    m.insert("paragraphs".into(), Value::Array(paragraphs));
    m.insert("subheads".into(), Value::Array(a.subheads().map(s).collect()));
    m.insert("captions".into(), Value::Array(a.captions().map(s).collect()));
    m.insert("jumps".into(), Value::Array(jumps));
    Value::Object(m)
}

fn reference(doc: &Document, input: &[u8]) -> Value {
    let s = |n: &Node| span_json(doc, input, n);
    let articles: Vec<Value> = doc.articles().map(|a| article_json(doc, input, &a)).collect();
    json!({
        "schema": "newspan/1",
        "encoding": doc.encoding().name(),
        "bytes": doc.input_len(),
        "decode_errors": {"count": doc.decode_error_count(), "first": doc.first_decode_error()},
        "articles": articles,
        "boilerplate": doc.boilerplate().map(s).collect::<Vec<_>>(),
        "unassigned": doc.unassigned().map(s).collect::<Vec<_>>(),
    })
}

fn streamed(doc: &Document, input: &[u8]) -> String {
    let mut out = Vec::new();
    doc.json(input).write_to(&mut out).unwrap();
    String::from_utf8(out).expect("the JSON is UTF-8")
}

fn check(label: &str, input: &[u8]) {
    let doc = newspan::parse(input).unwrap();
    let got = streamed(&doc, input);
    let expected = serde_json::to_string(&reference(&doc, input)).unwrap();
    if got != expected {
        let at = got.bytes().zip(expected.bytes()).position(|(a, b)| a != b).unwrap_or(0);
        let from = at.saturating_sub(60);
        panic!(
            "{label}: the JSON differs at byte {at}:\n  got      {}\n  expected {}",
            String::from_utf8_lossy(&got.as_bytes()[from..(at + 60).min(got.len())]),
            String::from_utf8_lossy(&expected.as_bytes()[from..(at + 60).min(expected.len())])
        );
    }
    // Display, and the "file" key of --jsonl, sorted in its place.
    assert_eq!(doc.json(input).to_string(), got, "{label}: Display");
    let with_file: Value =
        serde_json::from_str(&doc.json(input).with_file("a \"b\"\n.txt").to_string()).unwrap();
    let mut expected = reference(&doc, input);
    expected.as_object_mut().unwrap().insert("file".into(), "a \"b\"\n.txt".into());
    assert_eq!(serde_json::to_string(&with_file).unwrap(), serde_json::to_string(&expected).unwrap());
}

#[test]
fn streamed_json_is_what_a_serde_tree_prints() {
    for path in pages() {
        let text = fs::read_to_string(&path).unwrap();
        let label = path.display().to_string();
        check(&label, text.as_bytes());
        let (gbk, _, _) = encoding_rs::GBK.encode(&text);
        check(&format!("{label} (GBK)"), &gbk);
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        check(&format!("{label} (UTF-16LE)"), &utf16);
    }
}

#[test]
fn strings_are_escaped_as_serde_escapes_them() {
    // Every control character, quotes, backslashes, DEL, C1 controls, a lone surrogate's
    // replacement, in titles, paragraphs and furniture.
    let mut page = String::from("\"Quoted\" \\ headline \u{1b}[31m red\n\n");
    for c in (0u8..0x20).filter(|c| !b"\n\r\x0c".contains(c)) {
        page.push_str(&format!("Paragraph with {} inside, then more words here.\n", c as char));
    }
    page.push_str("A line with DEL \u{7f}, CSI \u{9b}, tab\tand \"quotes\" and \\back\\slashes.\n");
    check("control characters", page.as_bytes());
    check("malformed UTF-8", b"Headline \xff here\n\nBody \"text\" \xc3\x28 \\ more.\n");
    let s = |s: &str| {
        let mut out = Vec::new();
        newspan::json::write_string(&mut out, s).unwrap();
        String::from_utf8(out).unwrap()
    };
    for sample in ["", "plain", "\"", "\\", "\u{0}\u{1f}\u{7f}", "\u{8}\u{c}\n\r\t", "今晨\u{2028}"] {
        assert_eq!(s(sample), serde_json::to_string(sample).unwrap(), "{sample:?}");
    }
}

#[test]
fn writing_the_json_does_not_copy_the_page() {
    // A page of about 4 MB: the sample pages joined many times over.
    let mut page = Vec::new();
    let samples: Vec<Vec<u8>> = pages().iter().map(|p| fs::read(p).unwrap()).collect();
    while page.len() < 4 << 20 {
        for s in &samples {
            page.extend_from_slice(s);
            page.extend_from_slice(b"\n\n");
        }
    }
    let doc = newspan::parse(&page).unwrap();
    // Writing to a sink that keeps nothing: whatever is allocated is the writer's own.
    let mut written = 0usize;
    struct Sink<'a>(&'a mut usize);
    impl std::io::Write for Sink<'_> {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            *self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    LIVE.store(0, Ordering::Relaxed);
    PEAK.store(0, Ordering::Relaxed);
    COUNTED.with(|c| c.set(true));
    let result = doc.json(&page).write_to(Sink(&mut written));
    COUNTED.with(|c| c.set(false));
    result.unwrap();
    let extra = PEAK.load(Ordering::Relaxed);
    assert!(written > page.len(), "wrote {written} bytes for a page of {}", page.len());
    // One paragraph's joined text at a time: far below the page (a tree of values would be
    // many times the page).
    assert!(
        extra < 256 << 10,
        "writing the JSON of a {} byte page allocated {extra} bytes at its peak",
        page.len()
    );
}
