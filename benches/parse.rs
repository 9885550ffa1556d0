//! Parse throughput against its reference points, measured side by side in one run.
//!
//! `cargo bench --bench parse` (a few minutes). Each group holds one input and reports bytes/s
//! for:
//! - `newspan::Parser::parse_into` (a reused parser and document, the archive-scale path),
//!   `newspan::parse` (a fresh parse) and `newspan_parse` (the same UTF-8 parse through the C
//!   ABI, `newspan_parse` + `newspan_document_free`);
//! - `memchr line scan`: every line found with memchr and touched, the floor for any
//!   line-based parser;
//! - `pulldown-cmark`: the well-known fast Rust text-structure parser on the same bytes;
//! - for GB18030 input, `encoding_rs decode alone`, the floor for a GB18030 parse.
//!
//! Inputs: the four sample pages in `examples/pages/`, a 32 MB multi-page input made of them
//! (smaller, with a printed note, while one parse of it would take more than 3 s),
//! the e-paper page in GB18030, and the pathological inputs of `support::PATHOLOGICAL`
//! (one 10 MB line, 1 M blank lines, 1 M one-character lines, 100 k tiny articles, 50 k
//! byline-like lines). `examples/bench_report.rs` turns the same measurements into ratios.
//!
//! Filter with criterion's usual argument, e.g. `cargo bench --bench parse -- page/`.

mod support;

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{
    BenchmarkGroup, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
    measurement::WallTime,
};
use newspan::{Document, Options, Parser};

fn group<'a>(c: &'a mut Criterion, name: &str, bytes: usize, large: bool) -> BenchmarkGroup<'a, WallTime> {
    let mut g = c.benchmark_group(name);
    if large {
        // Up to tens of MB per iteration: criterion's minimum of 10 samples, flat sampling (the
        // same few iterations in each sample) so that a slow parse is not run 55 times.
        g.sample_size(10)
            .sampling_mode(SamplingMode::Flat)
            .measurement_time(Duration::from_secs(5))
            .warm_up_time(Duration::from_millis(200));
    } else {
        g.sample_size(20).measurement_time(Duration::from_secs(2)).warm_up_time(Duration::from_millis(300));
    }
    g.throughput(Throughput::Bytes(bytes as u64));
    g
}

/// The parse benches every UTF-8 input gets: reused parser, fresh parse, C ABI.
fn parse_benches(g: &mut BenchmarkGroup<'_, WallTime>, bytes: &[u8], fresh: bool) {
    let mut parser = Parser::new(Options::default());
    let mut doc = Document::default();
    g.bench_function("newspan parse_into (reused)", |b| {
        b.iter(|| {
            parser.parse_into(black_box(bytes), &mut doc).expect("parses");
            doc.nodes().len()
        })
    });
    if fresh {
        g.bench_function("newspan::parse (fresh)", |b| {
            b.iter(|| newspan::parse(black_box(bytes)).expect("parses").nodes().len())
        });
        g.bench_function("newspan_parse (C ABI)", |b| b.iter(|| support::parse_ffi(black_box(bytes))));
    }
}

/// The reference points on UTF-8 input: the line-scan floor and pulldown-cmark.
fn reference_benches(g: &mut BenchmarkGroup<'_, WallTime>, bytes: &[u8]) {
    g.bench_function("memchr line scan (floor)", |b| b.iter(|| support::line_scan(black_box(bytes))));
    let text = std::str::from_utf8(bytes).expect("UTF-8 input");
    g.bench_function("pulldown-cmark", |b| b.iter(|| support::pulldown(black_box(text))));
}

fn pages(c: &mut Criterion) {
    for (kind, bytes) in support::pages() {
        let mut g = group(c, &format!("page/{kind}"), bytes.len(), false);
        parse_benches(&mut g, &bytes, true);
        reference_benches(&mut g, &bytes);
        g.finish();
    }
}

fn gb18030(c: &mut Criterion) {
    let gb = support::gb18030_page();
    assert_eq!(newspan::parse(&gb).expect("parses").encoding().name(), encoding_rs::GB18030.name());
    let forced = Options::default().with_encoding_label("gb18030").expect("label");
    let mut g = group(c, "page/epaper-gb18030", gb.len(), false);
    let mut parser = Parser::new(Options::default());
    let mut forced_parser = Parser::new(forced);
    let mut doc = Document::default();
    g.bench_function("newspan parse_into (reused, detected)", |b| {
        b.iter(|| {
            parser.parse_into(black_box(&gb), &mut doc).expect("parses");
            doc.nodes().len()
        })
    });
    g.bench_function("newspan parse_into (reused, forced gb18030)", |b| {
        b.iter(|| {
            forced_parser.parse_into(black_box(&gb), &mut doc).expect("parses");
            doc.nodes().len()
        })
    });
    g.bench_function("encoding_rs decode alone (floor)", |b| {
        b.iter(|| support::decode_gb18030(black_box(&gb)))
    });
    g.finish();
}

/// Longest single parse a bench repeats (criterion takes at least 10 samples).
const PARSE_LIMIT: Duration = Duration::from_secs(3);

/// The input at full size (`make(1.0)`), unless one parse of it is projected to take longer
/// than `PARSE_LIMIT` (a superlinear parse): then the largest of 1/4 and 1/16 of it that fits,
/// with a printed note. The projection times one parse at 1/16 and 1/4 of the size.
fn fit(name: &str, make: &dyn Fn(f64) -> Vec<u8>) -> Vec<u8> {
    let time = |bytes: &[u8]| {
        let (mut parser, mut doc) = (Parser::new(Options::default()), Document::default());
        let start = Instant::now();
        parser.parse_into(bytes, &mut doc).expect("parses");
        start.elapsed().as_secs_f64()
    };
    let (small, mid) = (make(1.0 / 16.0), make(0.25));
    let (ts, tm) = (time(&small), time(&mid));
    let exponent = (tm / ts).ln() / (mid.len() as f64 / small.len() as f64).ln();
    let projected = tm * 4f64.powf(exponent.max(1.0));
    if projected <= PARSE_LIMIT.as_secs_f64() {
        return make(1.0);
    }
    let mid_len = mid.len();
    let chosen = if tm <= PARSE_LIMIT.as_secs_f64() { mid } else { small };
    println!(
        "note: {name}: one parse of the full size is projected at {projected:.1} s (growth exponent \
         {exponent:.2}, {:.1} ms at {} bytes); benched at {} bytes instead (bench_report's SCALING \
         line measures the growth)",
        tm * 1e3,
        mid_len,
        chosen.len()
    );
    chosen
}

fn large(c: &mut Criterion) {
    let bytes =
        fit("large/multi-page", &|scale| support::multi_page((support::LARGE_LEN as f64 * scale) as usize));
    let name = format!("large/multi-page-{}mb", (bytes.len() + (1 << 19)) >> 20);
    let mut g = group(c, &name, bytes.len(), true);
    parse_benches(&mut g, &bytes, false);
    reference_benches(&mut g, &bytes);
    g.finish();
}

fn pathological(c: &mut Criterion) {
    for p in &support::PATHOLOGICAL {
        let bytes = fit(p.name, &p.make);
        let mut g = group(c, &format!("pathological/{}", p.name), bytes.len(), bytes.len() > 4 << 20);
        parse_benches(&mut g, &bytes, false);
        g.bench_function("memchr line scan (floor)", |b| b.iter(|| support::line_scan(black_box(&bytes))));
        g.finish();
    }
}

criterion_group!(benches, pages, gb18030, large, pathological);
criterion_main!(benches);
