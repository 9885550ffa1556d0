//! Parse pages over and over, for a profiler: where the time of a parse goes, stage by stage.
//!
//! ```text
//! cargo build --profile profiling --example profile
//! valgrind --tool=callgrind target/profiling/examples/profile 1 examples/pages/*.txt
//! callgrind_annotate --inclusive=yes callgrind.out.*      # the stages: scan, analyse, label
//! perf record -g target/profiling/examples/profile 2000 examples/pages/epaper-zh.txt
//! ```
//!
//! Usage: `profile ROUNDS PAGE...` — every page parsed once per round with one reused
//! [`Parser`] and [`Document`] (the archive path: no allocation once warm); prints MB/s. The
//! `profiling` profile is the release build with debug information (line-level attribution,
//! inlined code included). Instruction counts (callgrind) are the steady figure on a shared
//! machine; run it with 1 and 2 rounds and take the difference to leave out one-time costs
//! (the model built on first use).

use std::process::ExitCode;
use std::time::Instant;

use newspan::{Document, Options, Parser};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(rounds) = args.first().and_then(|r| r.parse::<usize>().ok()).filter(|&r| r > 0) else {
        eprintln!("usage: profile ROUNDS PAGE...");
        return ExitCode::from(2);
    };
    let mut pages = Vec::new();
    for path in &args[1..] {
        match std::fs::read(path) {
            Ok(bytes) => pages.push(bytes),
            Err(e) => {
                eprintln!("profile: {path}: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    if pages.is_empty() {
        eprintln!("usage: profile ROUNDS PAGE...");
        return ExitCode::from(2);
    }
    let total: usize = pages.iter().map(Vec::len).sum();
    let mut parser = Parser::new(Options::default());
    let mut doc = Document::default();
    let start = Instant::now();
    for _ in 0..rounds {
        for (page, path) in pages.iter().zip(&args[1..]) {
            if let Err(e) = parser.parse_into(page, &mut doc) {
                eprintln!("profile: {path}: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{} pages, {} rounds: {:.1} MB/s, {:.1} us a round",
        pages.len(),
        rounds,
        (total * rounds) as f64 / secs / 1e6,
        secs / rounds as f64 * 1e6
    );
    ExitCode::SUCCESS
}
