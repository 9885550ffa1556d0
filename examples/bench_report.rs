//! The throughput report of issue 7: the parse against its reference points, as ratios measured
//! in the same run (these machines are shared and noisy, so absolute figures drift; ratios of
//! interleaved measurements much less).
//!
//! `cargo run --release --example bench_report [-- --markdown] [-- --quick] [-- --detection]`
//! (`--detection`: only the GB18030 measurements, detection's cost among them; seconds)
//!
//! Prints, one per line:
//! - `RATIO <name> <value> <verdict>` for `parse_vs_linescan_<kind>`, `parse_vs_pulldown_<kind>`
//!   (kinds `epaper`, `pdftotext`, `vertical`, `ocr`), `gb18030_vs_decode`,
//!   `gb18030_detected_vs_forced` (the parse with the encoding detected against the parse with
//!   it forced, on the same clean GB18030 page: what detection costs; target 0.9) and `ffi_vs_core`,
//!   where the verdict is `ok` or `below target` with the target beside it;
//! - `MBPS <measurement> <MB/s>`: the absolute figures (median of the runs, best in brackets);
//! - `PERBYTE <input> <ns/byte> <x realistic> <verdict>`: the cost per byte of the pathological
//!   inputs and of the 32 MB multi-page input against the mean of the realistic pages (target:
//!   at most 3x), and `SCALING <input> exponent <e> <verdict>`: how the cost grows with the
//!   input, measured at sizes 4x apart (1 = linear, 2 = quadratic; target: at most 1.3). An
//!   input whose next size is projected to take more than 8 s a parse is not grown further:
//!   its projection is judged instead;
//! - `MACHINE ...`: CPU, cores, rustc.
//!
//! "Parse" is `Parser::parse_into` with a reused parser and document (the archive-scale path);
//! the fresh `newspan::parse` is printed beside it. Each measurement is timed with
//! `std::time::Instant`: a warm-up, then several runs of at least 200 ms each, the competitors
//! interleaved run by run, and the median run taken. The inputs are those of
//! `benches/parse.rs` (`benches/support/mod.rs`). It takes a few minutes.

#[path = "../benches/support/mod.rs"]
mod support;

use std::hint::black_box;
use std::time::{Duration, Instant};

use newspan::{Document, Options, Parser};

/// Shortest run: a run repeats the operation until at least this much time has passed.
const MIN_RUN: Duration = Duration::from_millis(200);

/// One operation to time: it returns something so that the work is not optimised away.
type Op<'a> = Box<dyn FnMut() -> usize + 'a>;

/// The timing of one operation over several runs, in seconds per operation.
#[derive(Clone, Copy, Debug)]
struct Timing {
    median: f64,
    best: f64,
    runs: usize,
}

/// Time one run: repeat `op` until at least `MIN_RUN` has passed; seconds per operation.
fn run(op: &mut Op<'_>) -> f64 {
    let start = Instant::now();
    let mut n = 0u64;
    loop {
        black_box(op());
        n += 1;
        let elapsed = start.elapsed();
        if elapsed >= MIN_RUN {
            return elapsed.as_secs_f64() / n as f64;
        }
    }
}

/// Time several operations against each other: a warm-up run each, then `rounds` rounds in
/// which every operation has one run, so that a slow spell of the machine hits them all alike.
fn compare(ops: &mut [Op<'_>], rounds: usize) -> Vec<Timing> {
    for op in ops.iter_mut() {
        let start = Instant::now();
        black_box(op());
        // A quick operation gets a whole run of warm-up; a slow one has had enough.
        if start.elapsed() < MIN_RUN {
            run(op);
        }
    }
    let mut samples: Vec<Vec<f64>> = vec![Vec::with_capacity(rounds); ops.len()];
    for _ in 0..rounds {
        for (op, s) in ops.iter_mut().zip(&mut samples) {
            s.push(run(op));
        }
    }
    samples
        .into_iter()
        .map(|mut s| {
            s.sort_by(f64::total_cmp);
            Timing { median: s[s.len() / 2], best: s[0], runs: s.len() }
        })
        .collect()
}

/// A reused parser and document parsing `bytes`; returns the node count.
fn reused<'a>(bytes: &'a [u8], options: Options) -> Op<'a> {
    let mut parser = Parser::new(options);
    let mut doc = Document::default();
    Box::new(move || {
        parser.parse_into(bytes, &mut doc).expect("parses");
        doc.nodes().len()
    })
}

fn fresh(bytes: &[u8]) -> Op<'_> {
    Box::new(move || newspan::parse(bytes).expect("parses").nodes().len())
}

fn line_scan(bytes: &[u8]) -> Op<'_> {
    Box::new(move || support::line_scan(black_box(bytes)))
}

fn pulldown(bytes: &[u8]) -> Op<'_> {
    let text = std::str::from_utf8(bytes).expect("UTF-8 input");
    Box::new(move || support::pulldown(black_box(text)))
}

/// The report being built: ratio lines first, then the figures behind them.
#[derive(Default)]
struct Report {
    ratios: Vec<String>,
    figures: Vec<String>,
    pathological: Vec<String>,
    /// For `--markdown`: (measurement, MB/s, note).
    table: Vec<(String, f64, String)>,
    below: usize,
}

impl Report {
    /// A ratio and its verdict against `target` (a lower bound), if it has one.
    fn ratio(&mut self, name: &str, value: f64, target: Option<f64>) {
        let verdict = match target {
            Some(t) if value >= t => format!("ok (target >= {t})"),
            Some(t) => {
                self.below += 1;
                format!("below target (target >= {t})")
            }
            None => "(no target; 1 = no overhead)".to_string(),
        };
        let line = format!("RATIO {name} {value:.4} {verdict}");
        println!("{line}");
        self.ratios.push(line);
    }

    /// An absolute figure: `bytes` processed per operation at `t`.
    fn figure(&mut self, name: &str, bytes: usize, t: Timing) {
        let mbps = bytes as f64 / t.median / 1e6;
        let best = bytes as f64 / t.best / 1e6;
        self.figures.push(format!(
            "MBPS {name} {mbps:.1} (best {best:.1}; {bytes} bytes, {:.3} ms/op, median of {} runs)",
            t.median * 1e3,
            t.runs
        ));
        self.table.push((name.to_string(), mbps, format!("{bytes} B")));
    }
}

fn mib(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let markdown = args.iter().any(|a| a == "--markdown");
    let quick = args.iter().any(|a| a == "--quick");
    let detection_only = args.iter().any(|a| a == "--detection");
    let rounds = if quick { 3 } else { 5 };
    let started = Instant::now();
    let mut r = Report::default();
    eprintln!("bench_report: {rounds} runs of >= {} ms per measurement; a few minutes", MIN_RUN.as_millis());

    // Realistic pages: parse against the line-scan floor and pulldown-cmark.
    let pages = support::pages();
    let mut realistic_ns_per_byte = Vec::new();
    for (kind, bytes) in pages.iter().filter(|_| !detection_only) {
        eprintln!("bench_report: page {kind} ({} bytes)", bytes.len());
        let mut ops =
            vec![reused(bytes, Options::default()), line_scan(bytes), pulldown(bytes), fresh(bytes)];
        let t = compare(&mut ops, rounds);
        let (parse, scan, pd, fr) = (t[0], t[1], t[2], t[3]);
        r.ratio(&format!("parse_vs_linescan_{kind}"), scan.median / parse.median, Some(0.15));
        r.ratio(&format!("parse_vs_pulldown_{kind}"), pd.median / parse.median, Some(2.0));
        r.figure(&format!("parse_{kind}"), bytes.len(), parse);
        r.figure(&format!("parse_fresh_{kind}"), bytes.len(), fr);
        r.figure(&format!("linescan_{kind}"), bytes.len(), scan);
        r.figure(&format!("pulldown_{kind}"), bytes.len(), pd);
        realistic_ns_per_byte.push(parse.median * 1e9 / bytes.len() as f64);
    }

    // GB18030: the parse against encoding_rs decoding alone.
    let gb = support::gb18030_page();
    eprintln!("bench_report: page epaper in GB18030 ({} bytes)", gb.len());
    let forced = Options::default().with_encoding_label("gb18030").expect("label");
    let mut ops: Vec<Op<'_>> = vec![
        reused(&gb, Options::default()),
        Box::new(|| support::decode_gb18030(black_box(&gb))),
        reused(&gb, forced),
    ];
    let t = compare(&mut ops, rounds);
    r.ratio("gb18030_vs_decode", t[1].median / t[0].median, Some(0.8));
    r.ratio("gb18030_detected_vs_forced", t[2].median / t[0].median, Some(0.9));
    r.figure("parse_gb18030_detected", gb.len(), t[0]);
    r.figure("parse_gb18030_forced", gb.len(), t[2]);
    r.figure("decode_gb18030", gb.len(), t[1]);

    if detection_only {
        for line in &r.figures {
            println!("{line}");
        }
        return;
    }

    // The C ABI: the same fresh parses of all four pages, through `newspan_parse`.
    eprintln!("bench_report: C ABI against the core");
    let all: usize = pages.iter().map(|(_, b)| b.len()).sum();
    let pages_ref = &pages;
    let mut ops: Vec<Op<'_>> = vec![
        Box::new(move || {
            pages_ref.iter().map(|(_, b)| newspan::parse(b).expect("parses").nodes().len()).sum()
        }),
        Box::new(move || pages_ref.iter().map(|(_, b)| support::parse_ffi(b)).sum()),
    ];
    let t = compare(&mut ops, rounds);
    r.ratio("ffi_vs_core", t[0].median / t[1].median, None);
    r.figure("parse_fresh_all_pages", all, t[0]);
    r.figure("ffi_parse_all_pages", all, t[1]);

    // Linear cost: the pathological inputs and the large multi-page input, at growing sizes.
    let base = realistic_ns_per_byte.iter().sum::<f64>() / realistic_ns_per_byte.len() as f64;
    r.pathological.push(format!("BASELINE realistic pages {base:.1} ns/byte (mean of the four page kinds)"));
    let multi = support::Pathological {
        name: "multipage_32mb",
        make: |scale| support::multi_page((support::LARGE_LEN as f64 * scale) as usize),
    };
    let scales: &[f64] =
        if quick { &[1.0 / 64.0, 1.0 / 16.0, 1.0 / 4.0] } else { &[1.0 / 16.0, 1.0 / 4.0, 1.0] };
    growth(&mut r, &multi, scales, base, true);
    let scales: &[f64] =
        if quick { &[1.0 / 64.0, 1.0 / 16.0, 1.0 / 4.0] } else { &[1.0 / 64.0, 1.0 / 16.0, 1.0 / 4.0, 1.0] };
    for p in &support::PATHOLOGICAL {
        growth(&mut r, p, scales, base, false);
    }

    println!();
    for line in &r.figures {
        println!("{line}");
    }
    println!();
    for line in &r.pathological {
        println!("{line}");
    }
    println!();
    println!("{}", machine());
    println!(
        "SUMMARY {} of {} targets below target; {:.0} s",
        r.below,
        r.ratios.iter().filter(|l| !l.contains("no target")).count()
            + r.pathological.iter().filter(|l| l.contains("target")).count(),
        started.elapsed().as_secs_f64()
    );
    if markdown {
        println!();
        println!("| measurement | MB/s | input |");
        println!("| --- | ---: | --- |");
        for (name, mbps, note) in &r.table {
            println!("| {name} | {mbps:.1} | {note} |");
        }
        println!();
        println!("| ratio | value | verdict |");
        println!("| --- | ---: | --- |");
        for line in &r.ratios {
            let mut f = line.splitn(4, ' ').skip(1);
            let (name, value, verdict) =
                (f.next().unwrap_or(""), f.next().unwrap_or(""), f.next().unwrap_or(""));
            println!("| {name} | {value} | {verdict} |");
        }
    }
}

/// Longest single parse the report lets an input take before it stops growing the input;
/// beyond it the growth exponent already tells the story.
const MAX_PARSE: Duration = Duration::from_secs(8);

/// Growth exponent between two sizes: 1 when the time grows like the input, 2 when quadratic.
fn exponent((b0, t0): (usize, f64), (b1, t1): (usize, f64)) -> f64 {
    (t1 / t0).ln() / (b1 as f64 / b0 as f64).ln()
}

/// Measure the parse of an input at growing `scales` (fractions of the size the issue names,
/// each 4x the last), stopping early when the next size is projected to take longer than
/// `MAX_PARSE`; report its cost per byte against the realistic pages (`base` ns/byte) and how
/// the cost grows. `references`: also time the line scan and pulldown-cmark at the largest size.
fn growth(r: &mut Report, p: &support::Pathological, scales: &[f64], base: f64, references: bool) {
    let mut points: Vec<(usize, f64)> = Vec::new(); // (bytes, seconds per parse)
    let mut stopped = None;
    for (k, &scale) in scales.iter().enumerate() {
        if let [.., p0, p1] = points[..] {
            let projected = p1.1 * 4f64.powf(exponent(p0, p1).max(1.0));
            if projected > MAX_PARSE.as_secs_f64() {
                stopped = Some(projected);
                break;
            }
        }
        let bytes = (p.make)(scale);
        eprintln!("bench_report: {} at {} ({})", p.name, scale, mib(bytes.len()));
        let last = k + 1 == scales.len();
        let slow = points.last().is_some_and(|&(_, t)| t * 4.0 > 1.0);
        let mut ops = vec![reused(&bytes, Options::default()), line_scan(&bytes)];
        if references {
            ops.push(pulldown(&bytes));
        }
        let t = compare(&mut ops, if slow { 1 } else { 3 });
        points.push((bytes.len(), t[0].median));
        // The figures of the largest size that is run.
        let next_skipped = points.len() >= 2 && {
            let (p0, p1) = (points[points.len() - 2], points[points.len() - 1]);
            last || p1.1 * 4f64.powf(exponent(p0, p1).max(1.0)) > MAX_PARSE.as_secs_f64()
        };
        if last || next_skipped {
            let size = mib(bytes.len()).replace(' ', "");
            r.figure(&format!("parse_{}@{size}", p.name), bytes.len(), t[0]);
            r.figure(&format!("linescan_{}@{size}", p.name), bytes.len(), t[1]);
            if references {
                r.figure(&format!("pulldown_{}@{size}", p.name), bytes.len(), t[2]);
                r.figures.push(format!(
                    "NOTE {} at {}: parse_vs_linescan {:.4}, parse_vs_pulldown {:.4}",
                    p.name,
                    mib(bytes.len()),
                    t[1].median / t[0].median,
                    t[2].median / t[0].median
                ));
            }
        }
    }
    let &(bytes, secs) = points.last().expect("one size measured");
    // When the full size was not run, judge the projection for the next size (4x the bytes).
    let (ns, size) = match stopped {
        Some(projected) => (
            projected * 1e9 / (bytes * 4) as f64,
            format!(
                "projected for {} (measured up to {}; one parse projected at {projected:.0} s)",
                mib(bytes * 4),
                mib(bytes)
            ),
        ),
        None => (secs * 1e9 / bytes as f64, format!("at {}", mib(bytes))),
    };
    let ratio = ns / base;
    let verdict = if ratio <= 3.0 { "ok (target <= 3)" } else { "below target (target <= 3)" };
    if ratio > 3.0 {
        r.below += 1;
    }
    r.pathological.push(format!("PERBYTE {} {ns:.1} ns/byte {ratio:.2}x realistic {verdict} {size}", p.name));
    let steps: Vec<String> = points.windows(2).map(|w| format!("{:.2}", exponent(w[0], w[1]))).collect();
    let sizes: Vec<String> = points.iter().map(|&(b, t)| format!("{}:{:.1}ms", mib(b), t * 1e3)).collect();
    // Judged over the whole range measured (16x or more), which the noise of one step hardly moves.
    let overall = exponent(points[0], points[points.len() - 1]);
    let verdict = if overall <= 1.3 {
        "linear ok (target <= 1.3)".to_string()
    } else {
        r.below += 1;
        "superlinear below target (target <= 1.3)".to_string()
    };
    r.pathological.push(format!(
        "SCALING {} exponent {overall:.2} {verdict} (steps [{}]; sizes {})",
        p.name,
        steps.join(", "),
        sizes.join(" ")
    ));
}

/// CPU model, core count and rustc version.
fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_string())
        })
        .unwrap_or_else(|| "unknown".to_string());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let rustc = std::process::Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
        .arg("--version")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|| "rustc unknown".to_string());
    format!("MACHINE cpu \"{cpu}\" cores {cores} {rustc} {}-{}", std::env::consts::ARCH, std::env::consts::OS)
}
