//! Decoding throughput: UTF-8 validation (the zero-copy path), a whole parse of a UTF-8 page
//! against the same page in GB18030 (detected and forced), and encoding_rs's GB18030 decode
//! alone, which is the floor for the GB18030 parse.
//!
//! `cargo bench --bench decode`. The page is `examples/pages/epaper-zh.txt` and
//! `pdftotext-zh.txt` joined (about 7.7 KB of UTF-8, 5.3 KB of GB18030).

use std::hint::black_box;
use std::time::Duration;

use criterion::{
    BenchmarkGroup, Criterion, Throughput, criterion_group, criterion_main, measurement::WallTime,
};
use encoding_rs::{Encoding, GB18030};
use newspan::Options;

fn page() -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/pages/");
    ["epaper-zh.txt", "pdftotext-zh.txt"]
        .iter()
        .map(|f| std::fs::read_to_string(format!("{dir}{f}")).expect("sample page"))
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn configure<'a>(c: &'a mut Criterion, name: &str, bytes: usize) -> BenchmarkGroup<'a, WallTime> {
    let mut g = c.benchmark_group(name);
    g.sample_size(20)
        .measurement_time(Duration::from_secs(2))
        .warm_up_time(Duration::from_millis(500))
        .throughput(Throughput::Bytes(bytes as u64));
    g
}

fn validation(c: &mut Criterion) {
    let page = page();
    let en = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/pages/ocr-en.txt"))
        .expect("sample page");
    for (name, text) in [("validate-utf8/zh", page.as_bytes()), ("validate-utf8/en", en.as_bytes())] {
        let mut g = configure(c, name, text.len());
        g.bench_function("std::str::from_utf8", |b| b.iter(|| std::str::from_utf8(black_box(text)).is_ok()));
        g.bench_function("encoding_rs::utf8_valid_up_to", |b| {
            b.iter(|| Encoding::utf8_valid_up_to(black_box(text)))
        });
        g.bench_function("simdutf8::basic", |b| {
            b.iter(|| simdutf8::basic::from_utf8(black_box(text)).is_ok())
        });
        g.finish();
    }
}

fn parse(c: &mut Criterion) {
    let page = page();
    let utf8 = page.as_bytes();
    let gb = GB18030.encode(&page).0.into_owned();
    let forced = Options::default().with_encoding_label("gb18030").expect("label");
    assert_eq!(newspan::parse(&gb).expect("parses").encoding().name(), GB18030.name());

    let mut g = configure(c, "parse/utf-8", utf8.len());
    g.bench_function("newspan::parse", |b| b.iter(|| newspan::parse(black_box(utf8)).expect("parses")));
    g.finish();

    let mut g = configure(c, "parse/gb18030", gb.len());
    g.bench_function("newspan::parse (detected)", |b| {
        b.iter(|| newspan::parse(black_box(&gb)).expect("parses"))
    });
    g.bench_function("newspan::parse_with (forced)", |b| {
        b.iter(|| newspan::parse_with(black_box(&gb), &forced).expect("parses"))
    });
    g.bench_function("encoding_rs decode alone", |b| {
        b.iter(|| GB18030.decode_without_bom_handling(black_box(&gb)).0.len())
    });
    g.finish();

    // Pathological: a page where every fourth byte is malformed.
    let mut bad = gb.clone();
    for i in (0..bad.len()).step_by(4) {
        bad[i] = 0xFF;
    }
    let mut g = configure(c, "parse/gb18030-damaged", bad.len());
    g.bench_function("newspan::parse_with (forced)", |b| {
        b.iter(|| newspan::parse_with(black_box(&bad), &forced).expect("parses"))
    });
    g.finish();
}

criterion_group!(benches, validation, parse);
criterion_main!(benches);
