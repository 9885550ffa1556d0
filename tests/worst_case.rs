//! Worst-case inputs: adversarial page shapes must parse in time linear in their size.
//!
//! Each shape (a very long line, huge blank runs, thousands of one-character, byline-like,
//! headline-like or jump-like lines, alternating scripts, deep bracket nesting, a line of
//! enumeration commas, ...) is parsed at a base size and at four times that size; the time
//! per byte may not grow more than 2x (a quadratic step would grow it 4x). Timings are the
//! best of a few runs, to see through a busy machine. A generous absolute ceiling per parse
//! guards against hangs only; it is no performance target.
//!
//! `cargo test --test worst_case` runs the shapes at sizes that keep a debug build quick;
//! `cargo test --release --test worst_case -- --ignored --nocapture` runs them at full size
//! (a 10 MB line, a million blank lines, 200k one-character lines, 100k bylines, ...) and
//! prints the table of timings and ratios.

#[path = "../fuzz/src/check.rs"]
#[allow(dead_code)]
mod check;

use std::time::{Duration, Instant};

/// A shape: a name, and a builder of about `n` units of it.
struct Shape {
    name: &'static str,
    build: fn(usize) -> Vec<u8>,
    /// Units at the base size in a debug build; the full-size run multiplies them.
    debug_n: usize,
    /// Units at the full size.
    full_n: usize,
}

fn repeat_line(line: &str, n: usize) -> Vec<u8> {
    line.repeat(n).into_bytes()
}

const NAMES: [&str; 8] = ["张三", "李四", "王小明", "赵敏", "陈思远", "刘洋", "周婷", "吴雨"];

fn shapes() -> Vec<Shape> {
    vec![
        Shape {
            name: "one long CJK line",
            build: |n| "长".repeat(n).into_bytes(),
            debug_n: 20_000,
            full_n: 3_400_000,
        },
        Shape {
            name: "one long Latin line",
            build: |n| "word ".repeat(n).into_bytes(),
            debug_n: 10_000,
            full_n: 2_000_000,
        },
        Shape {
            name: "blank lines",
            build: |n| [b"a".as_slice(), &vec![b'\n'; n], b"b\n"].concat(),
            debug_n: 100_000,
            full_n: 1_000_000,
        },
        Shape {
            name: "blank lines of spaces and CRLF",
            build: |n| [b"a".as_slice(), &" \u{3000}\r\n".repeat(n).into_bytes(), b"b\n"].concat(),
            debug_n: 20_000,
            full_n: 1_000_000,
        },
        Shape {
            name: "one-character lines",
            build: |n| repeat_line("字\n", n),
            debug_n: 5_000,
            full_n: 200_000,
        },
        Shape {
            name: "byline-like lines",
            build: |n| {
                (0..n).map(|i| format!("记者 {}\n", NAMES[i % NAMES.len()])).collect::<String>().into_bytes()
            },
            debug_n: 1_500,
            full_n: 100_000,
        },
        Shape {
            name: "English byline-like lines",
            build: |n| repeat_line("By Jeff Blizzard\n", n),
            debug_n: 1_500,
            full_n: 100_000,
        },
        Shape {
            name: "headline-like short lines",
            build: |n| {
                (0..n)
                    .map(|i| format!("市民公园今起延长开放时间{}\n\n", NAMES[i % NAMES.len()]))
                    .collect::<String>()
                    .into_bytes()
            },
            debug_n: 1_000,
            full_n: 50_000,
        },
        Shape {
            name: "alternating CJK and Latin lines",
            build: |n| repeat_line("今天凌晨，外滩的钟声敲响。\nThe council voted on Tuesday.\n", n),
            debug_n: 1_000,
            full_n: 100_000,
        },
        Shape {
            name: "alternating scripts in one line",
            build: |n| "中a".repeat(n).into_bytes(),
            debug_n: 10_000,
            full_n: 2_000_000,
        },
        Shape {
            name: "nested brackets",
            build: |n| ["（".repeat(n), "正文".into(), "）".repeat(n), "\n".into()].concat().into_bytes(),
            debug_n: 10_000,
            full_n: 100_000,
        },
        Shape {
            name: "unclosed brackets, one a line",
            build: |n| repeat_line("（（（\n", n),
            debug_n: 1_500,
            full_n: 100_000,
        },
        Shape {
            name: "a line of 、",
            build: |n| "、".repeat(n).into_bytes(),
            debug_n: 20_000,
            full_n: 1_000_000,
        },
        Shape {
            name: "jump-like lines",
            build: |n| repeat_line("下转第3版\n上接第1版\n", n),
            debug_n: 1_000,
            full_n: 50_000,
        },
        Shape {
            name: "dateline-like lines",
            build: |n| repeat_line("新华社北京6月15日电\n", n),
            debug_n: 1_000,
            full_n: 50_000,
        },
        Shape {
            name: "numbered lines (a table of contents)",
            build: |n| (1..=n).map(|i| format!("{i}. 标题\n")).collect::<String>().into_bytes(),
            debug_n: 1_500,
            full_n: 100_000,
        },
        Shape {
            name: "identical short lines",
            build: |n| repeat_line("VALLEY COLLEGIAN\n", n),
            debug_n: 1_500,
            full_n: 100_000,
        },
        Shape {
            name: "hyphenated line ends",
            build: |n| repeat_line("a well-\nknown sup-\n", n),
            debug_n: 1_000,
            full_n: 100_000,
        },
        Shape {
            name: "form feeds",
            build: |n| repeat_line("第 3 页\n\u{c}", n),
            debug_n: 1_500,
            full_n: 100_000,
        },
        Shape {
            name: "unclosed quotes",
            build: |n| repeat_line("“他说\n", n),
            debug_n: 1_500,
            full_n: 100_000,
        },
        Shape {
            name: "vertical-style short blocks",
            build: |n| repeat_line("本\n报\n讯\n\n", n),
            debug_n: 1_000,
            full_n: 100_000,
        },
        Shape {
            name: "random junk bytes",
            build: |n| {
                let mut x = 0x2545_f491_4f6c_dd1du64;
                (0..n)
                    .map(|_| {
                        x ^= x << 13;
                        x ^= x >> 7;
                        x ^= x << 17;
                        (x >> 24) as u8
                    })
                    .collect()
            },
            debug_n: 30_000,
            full_n: 4_000_000,
        },
    ]
}

/// The best of `runs` parse times of `input`, and the number of nodes.
fn time_parse(input: &[u8], runs: usize, ceiling: Duration, name: &str) -> (Duration, usize) {
    let mut best = Duration::MAX;
    let mut nodes = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let doc = newspan::parse(input).unwrap_or_else(|e| panic!("{name}: {e}"));
        let elapsed = t.elapsed();
        assert!(
            elapsed < ceiling,
            "{name}: a parse of {} bytes took {elapsed:?} (ceiling {ceiling:?})",
            input.len()
        );
        nodes = doc.nodes().len();
        best = best.min(elapsed);
        if elapsed > ceiling / 8 {
            break; // slow enough that one run is a fair measure
        }
    }
    (best, nodes)
}

/// Parse every shape at `n` and `4n` units; fail when the time per byte grows more than 2x.
fn run(full: bool) {
    let ceiling = Duration::from_secs(if full { 60 } else { 20 });
    let mut table = String::from(
        "shape                                   bytes(1x)   time(1x)    time(4x)   ratio  nodes(4x)\n",
    );
    let mut failures = Vec::new();
    for shape in shapes() {
        let n = if full { shape.full_n / 4 } else { shape.debug_n };
        let small = (shape.build)(n);
        let large = (shape.build)(4 * n);
        // The invariants hold on adversarial pages too (checked on the small one: the checker
        // is slower than the parser).
        if !full {
            let doc = newspan::parse(&small).unwrap();
            let problems = check::check_document(&small, &doc);
            if !problems.is_empty() {
                failures.push(format!("{}: invariants broken: {}", shape.name, problems.join("; ")));
            }
        }
        let mut attempt = 0;
        let (ts, tl, nodes, ratio) = loop {
            let (ts, _) = time_parse(&small, 3, ceiling, shape.name);
            let (tl, nodes) = time_parse(&large, 2, ceiling, shape.name);
            let ratio =
                tl.as_secs_f64() / ts.as_secs_f64().max(1e-6) * small.len() as f64 / large.len() as f64 * 4.0;
            attempt += 1;
            // A busy machine can slow one measurement: measure again before failing.
            if ratio < 8.0 || attempt == 3 {
                break (ts, tl, nodes, ratio);
            }
        };
        table.push_str(&format!(
            "{:<40}{:>9}  {:>9.1?}  {:>10.1?}  {:>5.1}x  {:>9}\n",
            shape.name,
            small.len(),
            ts,
            tl,
            ratio,
            nodes
        ));
        if ratio >= 8.0 {
            failures.push(format!(
                "{}: 4x the input took {ratio:.1}x the time ({ts:?} -> {tl:?}): superlinear",
                shape.name
            ));
        }
    }
    eprintln!("{table}");
    assert!(failures.is_empty(), "{}\n{table}", failures.join("\n"));
}

#[test]
fn adversarial_shapes_parse_in_linear_time() {
    run(false);
}

#[test]
#[ignore = "full-size inputs (10 MB line, a million blank lines, ...): run in release with --ignored"]
fn adversarial_shapes_at_full_size() {
    run(true);
}
