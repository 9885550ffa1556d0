//! Heap allocations per page, counted by a wrapping global allocator.
//!
//! - A reused [`Parser`] with a reused [`Document`] (`Parser::parse_into`) makes **zero** heap
//!   allocations per page once its buffers have grown to the pages it sees.
//! - A fresh `newspan::parse` makes a small number of allocations, about one per buffer the
//!   parse fills (see `FRESH_BOUND`), whatever the page.
//!
//! `GlobalAlloc` cannot be implemented without `unsafe`: the wrapper only forwards to `System`
//! and counts.
//!
//! Counting is per thread (a `const`-initialised thread-local, which never allocates), so the
//! test harness and tests running on other threads are not counted. Allocations, zeroed
//! allocations and reallocations each count one; frees are not counted.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use newspan::{Document, Options, Parser};

mod common;
use common::{PAGES, all_pages, page};

struct Counting;

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
    static BYTES: Cell<usize> = const { Cell::new(0) };
    /// Bytes allocated and not yet freed while counting, and the most there were at once.
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn note(size: usize) {
    // `try_with`: a thread being torn down has no thread-locals left; it is not counted.
    let _ = COUNTING.try_with(|on| {
        if on.get() {
            ALLOCATIONS.with(|n| n.set(n.get() + 1));
            BYTES.with(|b| b.set(b.get() + size));
        }
    });
}

/// The live heap changes by `delta` bytes (counted only while counting).
fn live(delta: isize) {
    let _ = COUNTING.try_with(|on| {
        if on.get() {
            let now = LIVE.with(|l| {
                l.set(l.get() + delta);
                l.get()
            });
            PEAK.with(|p| p.set(p.get().max(now)));
        }
    });
}

// SAFETY: every call is forwarded unchanged to `System`; the bookkeeping only touches
// `const`-initialised thread-locals of `Copy` types, which neither allocate nor run destructors.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note(layout.size());
        live(layout.size() as isize);
        // SAFETY: the caller's contract is passed on unchanged.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note(layout.size());
        live(layout.size() as isize);
        // SAFETY: as above.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note(new_size);
        live(new_size as isize - layout.size() as isize);
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        live(-(layout.size() as isize));
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// The heap allocations `f` makes on this thread: (count, bytes requested).
fn count<R>(f: impl FnOnce() -> R) -> (R, usize, usize) {
    ALLOCATIONS.with(|n| n.set(0));
    BYTES.with(|b| b.set(0));
    LIVE.with(|l| l.set(0));
    PEAK.with(|p| p.set(0));
    COUNTING.with(|on| on.set(true));
    let r = f();
    COUNTING.with(|on| on.set(false));
    (r, ALLOCATIONS.with(Cell::get), BYTES.with(Cell::get))
}

fn gb18030_page() -> Vec<u8> {
    let text = String::from_utf8(page("epaper-zh.txt")).expect("UTF-8 sample");
    encoding_rs::GB18030.encode(&text).0.into_owned()
}

/// Allocations of one `parse_into` of each page with a parser that has already parsed all of
/// them (twice, so every buffer has reached the size these pages need).
fn reused_counts(pages: &[(String, Vec<u8>)]) -> Vec<(String, usize, usize)> {
    let mut parser = Parser::new(Options::default());
    let mut doc = Document::default();
    for _ in 0..2 {
        for (_, bytes) in pages {
            parser.parse_into(bytes, &mut doc).expect("parses");
        }
    }
    pages
        .iter()
        .map(|(name, bytes)| {
            let (r, n, b) = count(|| parser.parse_into(bytes, &mut doc));
            r.expect("parses");
            assert!(doc.article_count() > 0, "{name}: the page parsed to no article");
            (name.clone(), n, b)
        })
        .collect()
}

fn report(counts: &[(String, usize, usize)]) -> String {
    counts
        .iter()
        .map(|(name, n, b)| format!("{name}: {n} allocations ({b} bytes)"))
        .collect::<Vec<_>>()
        .join("; ")
}

#[test]
fn reused_parser_allocates_nothing_per_utf8_page() {
    let pages: Vec<(String, Vec<u8>)> = PAGES.iter().map(|f| (f.to_string(), page(f))).collect();
    let counts = reused_counts(&pages);
    eprintln!("reused parse_into, after warm-up: {}", report(&counts));
    assert!(counts.iter().all(|&(_, n, _)| n == 0), "a reused parser allocated: {}", report(&counts));
}

#[test]
fn reused_parser_allocates_nothing_per_gb18030_page() {
    let pages = vec![("epaper-zh.txt in GB18030".to_string(), gb18030_page())];
    let counts = reused_counts(&pages);
    eprintln!("reused parse_into, after warm-up: {}", report(&counts));
    assert!(counts.iter().all(|&(_, n, _)| n == 0), "a reused parser allocated: {}", report(&counts));
}

/// A page long enough to be parsed in sections (all four sample pages, form feeds between,
/// cut into sections of 2 KiB): reused, the joined parse and the section-by-section parse
/// allocate nothing either (the section's document and the page-level nodes kept for the
/// end of the joined one are the parser's buffers).
#[test]
fn reused_parser_allocates_nothing_per_sectioned_page() {
    let long = all_pages();
    let mut parser = Parser::new(Options::default().with_section_len(2048));
    let mut doc = Document::default();
    let mut sections = 0;
    for _ in 0..2 {
        parser.parse_into(&long, &mut doc).expect("parses");
        sections = 0;
        let counted = parser.parse_sections(&long, &mut doc, |_| {
            sections += 1;
            Ok::<(), newspan::Error>(())
        });
        counted.expect("parses");
    }
    assert!(sections > 4, "the page was cut into {sections} sections");
    let (r, joined, _) = count(|| parser.parse_into(&long, &mut doc));
    r.expect("parses");
    let (r, each, _) = count(|| parser.parse_sections(&long, &mut doc, |_| Ok::<(), newspan::Error>(())));
    r.expect("parses");
    assert_eq!((joined, each), (0, 0), "a reused parser allocated on a sectioned page (joined, each)");
}

/// The most heap `f` held at once on this thread, in bytes, beyond what it was given.
fn peak_heap(f: impl FnOnce()) -> usize {
    count(f);
    PEAK.with(Cell::get).max(0) as usize
}

/// Parsed section by section (`Parser::parse_sections`, what the command does for `--json`
/// and `--stats`), a page's heap is one section's working set: it does not grow with the
/// input. The joined document (`Parser::parse`) holds its node table, which does.
#[test]
fn sectioned_parse_memory_does_not_grow_with_the_input() {
    let one = all_pages();
    let small = one.repeat(20);
    let large = one.repeat(80);
    let options = Options::default().with_section_len(16 * 1024).with_confidence(true);
    warm_up();
    let streamed = |input: &[u8]| {
        peak_heap(|| {
            let mut parser = Parser::new(options.clone());
            let mut doc = Document::default();
            let mut articles = 0;
            let parsed = parser.parse_sections(input, &mut doc, |d| {
                articles += d.article_count();
                Ok::<(), newspan::Error>(())
            });
            parsed.expect("parses");
            assert!(articles > 0);
        })
    };
    let joined = |input: &[u8]| {
        peak_heap(|| {
            Parser::new(options.clone()).parse(input).expect("parses");
        })
    };
    let (s_small, s_large) = (streamed(&small), streamed(&large));
    let (j_small, j_large) = (joined(&small), joined(&large));
    eprintln!(
        "peak heap: sections {s_small} / {s_large} bytes, joined {j_small} / {j_large} bytes, for {} / {} bytes of input",
        small.len(),
        large.len()
    );
    // Four times the input: the same working set (a section's buffers reach the largest
    // section's size; a little slack for that), below the input itself (a section costs
    // some 20 bytes of heap a byte of text).
    assert!(s_large < s_small + s_small / 4, "the sectioned parse grew: {s_small} -> {s_large}");
    assert!(s_large < large.len(), "the sectioned parse held {s_large} bytes for {} of input", large.len());
    // The joined document's table does grow: the measure sees what it should.
    assert!(j_large > 2 * j_small, "the joined parse: {j_small} -> {j_large}");
}

/// The most allocations a fresh `newspan::parse` of one sample page may make: one per buffer
/// the parse fills (the buffers of `assemble::Scratch`, the document's node and article
/// tables) plus the reallocations of those that grow while they fill (`lines::scan`'s line
/// table and `mark_repeated`'s hashes about five times each, the node table four to six).
/// Measured at 40..=46 on the sample pages (a page with captions also fills the index of its
/// stories' words, reserved at its size); the reallocations grow with the logarithm of the
/// page (53 for four pages, 58 for eight), and would vanish if the buffers were reserved from
/// the line count.
const FRESH_BOUND: usize = 48;

/// One parse, uncounted, so that the lexicon's lazily built tables (`OnceLock`s, built once
/// per process) are not counted against the parse being measured.
fn warm_up() {
    for f in PAGES {
        newspan::parse(&page(f)).expect("parses");
    }
}

#[test]
fn fresh_parse_allocates_a_small_constant() {
    warm_up();
    let mut counts = Vec::new();
    for f in PAGES {
        let bytes = page(f);
        let (doc, n, b) = count(|| newspan::parse(&bytes));
        drop(doc.expect("parses"));
        counts.push((f.to_string(), n, b));
    }
    eprintln!("fresh newspan::parse: {}", report(&counts));
    assert!(
        counts.iter().all(|&(_, n, _)| n <= FRESH_BOUND),
        "a fresh parse made more than {FRESH_BOUND} allocations: {}",
        report(&counts)
    );
}

/// A fresh parse's count must not grow with the number of lines: four and eight pages joined
/// into one input may take only a few more allocations (buffers that grow a few more times),
/// not four or eight times as many.
#[test]
fn fresh_parse_allocations_do_not_grow_with_the_page() {
    let one = page(PAGES[0]);
    let four = all_pages();
    let mut eight = four.clone();
    eight.extend_from_slice(&four);
    warm_up();
    let (_, n1, _) = count(|| newspan::parse(&one).map(drop));
    let (_, n4, _) = count(|| newspan::parse(&four).map(drop));
    let (_, n8, _) = count(|| newspan::parse(&eight).map(drop));
    eprintln!("fresh newspan::parse: 1 page {n1}, 4 pages {n4}, 8 pages {n8} allocations");
    assert!(n8 <= FRESH_BOUND + 16 && n8 < 2 * n1, "allocations grow with the input: {n1} / {n4} / {n8}");
}

/// The counter itself: it sees an allocation and a reallocation on this thread, and nothing
/// when nothing is allocated (so a zero above means zero).
#[test]
fn the_counter_counts() {
    let (v, n, b) = count(|| {
        let mut v: Vec<u8> = Vec::with_capacity(16);
        v.extend_from_slice(&[0; 32]);
        v
    });
    assert_eq!((n, b), (2, 16 + 32), "one allocation and one reallocation");
    drop(v);
    let (_, n, _) = count(|| std::hint::black_box(1 + 1));
    assert_eq!(n, 0);
}
