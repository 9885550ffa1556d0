//! `newspan`: parse newspaper page text files and print their articles.
//!
//! Files are parsed on `-j N` threads (default: all cores); the output always comes in input
//! order. Each worker keeps one [`Parser`] and one [`Document`] for all its files; finished
//! pages wait in a reorder buffer of a few pages per thread until every page before them is
//! written, so memory stays bounded however long the file list is.

use std::collections::HashMap;
use std::io::{self, IsTerminal, Read, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, mpsc};
use std::time::{Duration, Instant};

use newspan::{Document, Layout, Options, Parser};

const USAGE: &str = "\
usage: newspan [OPTIONS] FILE...

Parse the text of newspaper pages and print their articles. FILE may be '-' for standard input.
The output comes in the order of the files, whatever the number of threads.

output (one of):
  (default)           a readable summary of each page's articles
  --json              the newspan/1 JSON object of each page, one per line
  --jsonl             the same, with a \"file\" key naming the input; a file that fails gives
                      {\"file\": ..., \"error\": ...}
  --stats             counts only, one line per file: bytes, encoding, layout, articles,
                      paragraphs, spans, parse time, malformed sequences replaced and the
                      offset of the first ('-' for none) (tab-separated under a header, or
                      JSON lines with --jsonl); totals and throughput on stderr at the end
  --explain           every leaf span in page order with its kind and article

options:
  -j, --jobs N        parse on N threads (default: all cores)
  --encoding LABEL    decode the input as LABEL (WHATWG label: utf-8, gbk, gb18030, big5,
                      shift_jis, euc-kr, utf-16le, ...); default: detect
  --strict            fail on malformed byte sequences instead of replacing them
  --layout MODE       force the layout: paragraphs, wrapped or vertical; default: detect
  --progress          always show the progress bar on stderr
  --no-progress       never show it (default: shown on a terminal when the run is long and
                      standard output is not the terminal)
  -h, --help          show this help
  -V, --version       show the version

A file that cannot be read or parsed is reported on stderr and the others go on; the exit
status is then 1.
";

/// What to print for each page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Output {
    Human,
    Json,
    Jsonl,
    Stats,
    StatsJsonl,
    Explain,
    /// `--trace` (hidden): the role tables, for tuning.
    Trace,
}

struct Args {
    output: Output,
    jobs: usize,
    progress: Option<bool>,
    options: Options,
    files: Vec<String>,
}

fn parse_args() -> Result<Option<Args>, String> {
    let (mut json, mut jsonl, mut stats, mut explain, mut trace) = (false, false, false, false, false);
    let mut jobs = None;
    let mut progress = None;
    let mut options = Options::default();
    let mut files = Vec::new();
    let mut it = std::env::args().skip(1);
    let mut only_files = false;
    while let Some(a) = it.next() {
        if only_files || a == "-" || !a.starts_with('-') {
            files.push(a);
            continue;
        }
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ if a.starts_with("-j") && a.len() > 2 => ("-j".to_string(), Some(a[2..].to_string())),
            _ => (a.clone(), None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            inline.clone().or_else(|| it.next()).ok_or_else(|| format!("{name} needs a value"))
        };
        match flag.as_str() {
            "--" => only_files = true,
            "--json" => json = true,
            "--jsonl" => jsonl = true,
            "--stats" => stats = true,
            "--explain" => explain = true,
            "--trace" => trace = true,
            "--progress" => progress = Some(true),
            "--no-progress" => progress = Some(false),
            "--strict" => options.strict = true,
            "-j" | "--jobs" => {
                let v = value("--jobs")?;
                match v.parse::<usize>() {
                    Ok(n) if n > 0 => jobs = Some(n),
                    _ => return Err(format!("--jobs needs a number of threads, at least 1 (not {v:?})")),
                }
            }
            "--encoding" => {
                let label = value("--encoding")?;
                options = options.with_encoding_label(&label).map_err(|e| e.to_string())?;
            }
            "--layout" => {
                options.layout = match value("--layout")?.as_str() {
                    "auto" => Layout::Auto,
                    "paragraphs" => Layout::Paragraphs,
                    "wrapped" => Layout::Wrapped,
                    "vertical" => Layout::Vertical,
                    other => return Err(format!("unknown layout {other:?} (paragraphs, wrapped, vertical)")),
                }
            }
            "-h" | "--help" => {
                print!("{USAGE}");
                return Ok(None);
            }
            "-V" | "--version" => {
                println!("newspan {}", newspan::VERSION);
                return Ok(None);
            }
            other => return Err(format!("unknown option {other}")),
        }
    }
    // One output; when several are asked for, the first of this list wins.
    let output = match (trace, stats, jsonl, json, explain) {
        (true, ..) => Output::Trace,
        (_, true, true, ..) => Output::StatsJsonl,
        (_, true, ..) => Output::Stats,
        (_, _, true, ..) => Output::Jsonl,
        (_, _, _, true, _) => Output::Json,
        (_, _, _, _, true) => Output::Explain,
        _ => Output::Human,
    };
    if files.is_empty() {
        return Err("no input file (use '-' for standard input)".into());
    }
    let jobs = jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    Ok(Some(Args { output, jobs, progress, options, files }))
}

fn read_input(path: &str) -> io::Result<Vec<u8>> {
    if path == "-" {
        let mut buf = Vec::new();
        io::stdin().lock().read_to_end(&mut buf)?;
        Ok(buf)
    } else {
        std::fs::read(path)
    }
}

/// One file's result, ready to be written in order.
struct Outcome {
    /// What goes to standard output (may be empty).
    out: Vec<u8>,
    /// What went wrong, for standard error; the run then exits with 1.
    error: Option<String>,
    /// Input bytes read.
    bytes: usize,
    /// Time spent in the parse alone.
    parse: Duration,
}

/// A worker's own parser and document, reused for all its files.
struct Worker<'a> {
    parser: Parser,
    doc: Document,
    options: &'a Options,
    output: Output,
    /// Print a `==> FILE <==` header before each page (human output of several files).
    headers: bool,
}

impl Worker<'_> {
    fn process(&mut self, path: &str) -> Outcome {
        let mut o = Outcome { out: Vec::new(), error: None, bytes: 0, parse: Duration::ZERO };
        let input = match read_input(path) {
            Ok(b) => b,
            Err(e) => return self.fail(o, path, e.to_string()),
        };
        o.bytes = input.len();
        if self.output == Output::Trace {
            match newspan::trace(&input, self.options) {
                Ok(t) => o.out = t.into_bytes(),
                Err(e) => o.error = Some(format!("{path}: {e}")),
            }
            return o;
        }
        let start = Instant::now();
        let parsed = self.parser.parse_into(&input, &mut self.doc);
        o.parse = start.elapsed();
        if let Err(e) = parsed {
            return self.fail(o, path, e.to_string());
        }
        let doc = &self.doc;
        let out = &mut o.out;
        let written = match self.output {
            Output::Json => json_line(out, &doc.to_json(&input)),
            Output::Jsonl => {
                let mut v = doc.to_json(&input);
                if let serde_json::Value::Object(m) = &mut v {
                    m.insert("file".into(), path.into());
                }
                json_line(out, &v)
            }
            Output::Stats => writeln!(
                out,
                "{path}\t{}\t{}\t{}\t{}\t{}\t{}\t{:.3}\t{}\t{}",
                doc.input_len(),
                doc.encoding().name(),
                doc.layout().name(),
                doc.article_count(),
                paragraphs(doc),
                doc.nodes().len(),
                o.parse.as_secs_f64() * 1e3,
                doc.decode_error_count(),
                doc.first_decode_error().map_or("-".to_string(), |f| f.to_string()),
            ),
            Output::StatsJsonl => json_line(
                out,
                &serde_json::json!({
                    "file": path,
                    "bytes": doc.input_len(),
                    "encoding": doc.encoding().name(),
                    "layout": doc.layout().name(),
                    "articles": doc.article_count(),
                    "paragraphs": paragraphs(doc),
                    "spans": doc.nodes().len(),
                    "parse_ms": (o.parse.as_secs_f64() * 1e6).round() / 1e3,
                    "decode_errors": doc.decode_error_count(),
                    "first_decode_error": doc.first_decode_error(),
                }),
            ),
            Output::Explain => print_explain(out, doc, &input),
            Output::Human => {
                if self.headers {
                    let _ = writeln!(out, "==> {path} <==");
                }
                print_human(out, doc, &input)
            }
            Output::Trace => unreachable!("handled above"),
        };
        written.expect("writing to memory");
        o
    }

    fn fail(&self, mut o: Outcome, path: &str, message: String) -> Outcome {
        if matches!(self.output, Output::Jsonl | Output::StatsJsonl) {
            json_line(&mut o.out, &serde_json::json!({"file": path, "error": message}))
                .expect("writing to memory");
        }
        o.error = Some(format!("{path}: {message}"));
        o
    }
}

fn json_line(out: &mut Vec<u8>, v: &serde_json::Value) -> io::Result<()> {
    serde_json::to_writer(&mut *out, v).map_err(io::Error::other)?;
    out.push(b'\n');
    Ok(())
}

fn paragraphs(doc: &Document) -> usize {
    doc.articles().map(|a| a.paragraphs().count()).sum()
}

/// The progress line on stderr: files and bytes done, throughput, time left.
struct Progress {
    enabled: bool,
    shown: bool,
    total: usize,
    start: Instant,
    last: Instant,
    bytes: u64,
}

impl Progress {
    /// Shown once the run has lasted this long.
    const AFTER: Duration = Duration::from_secs(1);
    /// Redrawn at most this often.
    const EVERY: Duration = Duration::from_millis(100);

    fn new(force: Option<bool>, total: usize) -> Self {
        let auto = total > 1 && io::stderr().is_terminal() && !io::stdout().is_terminal();
        let now = Instant::now();
        Progress { enabled: force.unwrap_or(auto), shown: false, total, start: now, last: now, bytes: 0 }
    }

    fn update(&mut self, done: usize, bytes: usize) {
        self.bytes += bytes as u64;
        if !self.enabled {
            return;
        }
        let now = Instant::now();
        let elapsed = now - self.start;
        if (elapsed < Self::AFTER || now - self.last < Self::EVERY) && done < self.total {
            return;
        }
        self.last = now;
        self.shown = true;
        let frac = done as f64 / self.total.max(1) as f64;
        const WIDTH: usize = 30;
        let filled = ((frac * WIDTH as f64) as usize).min(WIDTH);
        let secs = elapsed.as_secs_f64().max(1e-9);
        let eta = if done > 0 { secs * (self.total - done) as f64 / done as f64 } else { 0.0 };
        eprint!(
            "\r\x1b[K[{}{}] {done}/{} files, {:.1} MB, {:.1} MB/s, {:.0} s left",
            "#".repeat(filled),
            " ".repeat(WIDTH - filled),
            self.total,
            self.bytes as f64 / 1e6,
            self.bytes as f64 / 1e6 / secs,
            eta
        );
    }

    /// Clear the line (before an error message, and at the end).
    fn clear(&mut self) {
        if self.shown {
            eprint!("\r\x1b[K");
            self.shown = false;
        }
    }
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(Some(a)) => a,
        Ok(None) => return ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("newspan: {e}");
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    let files = &args.files;
    let jobs = args.jobs.min(files.len()).max(1);
    let make_worker = || Worker {
        parser: Parser::new(args.options.clone()),
        doc: Document::default(),
        options: &args.options,
        output: args.output,
        headers: files.len() > 1,
    };

    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut progress = Progress::new(args.progress, files.len());
    let mut failed = false;
    let mut broken = false;
    let (mut bytes, mut parse_time) = (0u64, Duration::ZERO);
    if args.output == Output::Stats
        && writeln!(out, "file\tbytes\tencoding\tlayout\tarticles\tparagraphs\tspans\tparse_ms\tdecode_errors\tfirst_decode_error").is_err()
    {
        return ExitCode::FAILURE;
    }
    // Write one outcome; false when standard output is gone.
    let mut emit = |o: Outcome, done: usize, out: &mut io::BufWriter<io::StdoutLock<'_>>| -> bool {
        bytes += o.bytes as u64;
        parse_time += o.parse;
        if let Some(e) = &o.error {
            progress.clear();
            // Whatever went to stdout before the message is flushed first, so that a
            // terminal shows them in order.
            let _ = out.flush();
            eprintln!("newspan: {e}");
            failed = true;
        }
        let result = out
            .write_all(&o.out)
            .and_then(|_| if jobs == 1 || o.out.len() > 1 << 16 { out.flush() } else { Ok(()) });
        progress.update(done, o.bytes);
        match result {
            Ok(()) => true,
            Err(e) => {
                if e.kind() != io::ErrorKind::BrokenPipe {
                    eprintln!("newspan: writing output: {e}");
                    failed = true;
                }
                broken = true;
                false
            }
        }
    };

    if jobs == 1 {
        let mut w = make_worker();
        for (i, path) in files.iter().enumerate() {
            if !emit(w.process(path), i + 1, &mut out) {
                break;
            }
        }
    } else {
        // Workers take the next file index in turn, but never run more than `window` files
        // ahead of the last one written: finished pages wait in `pending` for their turn.
        let window = jobs * 4;
        let next = AtomicUsize::new(0);
        let stop = AtomicBool::new(false);
        let written = (Mutex::new(0usize), Condvar::new());
        let (tx, rx) = mpsc::sync_channel::<(usize, Outcome)>(window);
        std::thread::scope(|s| {
            for _ in 0..jobs {
                let tx = tx.clone();
                let (next, stop, written) = (&next, &stop, &written);
                let mut w = make_worker();
                s.spawn(move || {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= files.len() {
                            return;
                        }
                        let mut done = written.0.lock().expect("no worker panics");
                        while i >= *done + window && !stop.load(Ordering::Relaxed) {
                            done = written.1.wait(done).expect("no worker panics");
                        }
                        drop(done);
                        if stop.load(Ordering::Relaxed) {
                            return;
                        }
                        let o = w.process(&files[i]);
                        if tx.send((i, o)).is_err() {
                            return;
                        }
                    }
                });
            }
            drop(tx);
            let mut pending: HashMap<usize, Outcome> = HashMap::new();
            let mut expect = 0;
            'receive: for (i, o) in rx.iter() {
                pending.insert(i, o);
                while let Some(o) = pending.remove(&expect) {
                    expect += 1;
                    let ok = emit(o, expect, &mut out);
                    *written.0.lock().expect("no worker panics") = expect;
                    written.1.notify_all();
                    if !ok {
                        break 'receive;
                    }
                }
            }
            stop.store(true, Ordering::Relaxed);
            // Take the lock so that no worker is between its check and its wait.
            drop(written.0.lock().expect("no worker panics"));
            written.1.notify_all();
            drop(rx);
        });
    }
    if !broken
        && let Err(e) = out.flush()
        && e.kind() != io::ErrorKind::BrokenPipe
    {
        eprintln!("newspan: writing output: {e}");
        failed = true;
    }
    progress.clear();
    if matches!(args.output, Output::Stats | Output::StatsJsonl) {
        let secs = parse_time.as_secs_f64();
        eprintln!(
            "newspan: {} files, {:.1} MB; parse {:.3} s ({:.1} MB/s a thread), wall {:.3} s on {jobs} thread(s)",
            files.len(),
            bytes as f64 / 1e6,
            secs,
            if secs > 0.0 { bytes as f64 / 1e6 / secs } else { 0.0 },
            started.elapsed().as_secs_f64()
        );
    }
    if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

fn print_explain(out: &mut impl Write, doc: &Document, input: &[u8]) -> io::Result<()> {
    let mut leaves: Vec<&newspan::Node> = doc.leaves().collect();
    leaves.sort_by_key(|n| n.span.start);
    for n in leaves {
        let article = n.article.map_or("-".to_string(), |a| (a + 1).to_string());
        writeln!(
            out,
            "{:>7} {:>3} {:<12} {}",
            n.span.start,
            article,
            n.kind.name(),
            one_line(doc, input, n)
        )?;
    }
    Ok(())
}

/// The text of a node on one line: inner line breaks become spaces.
fn one_line(doc: &Document, input: &[u8], n: &newspan::Node) -> String {
    doc.text(input, n).split_whitespace().collect::<Vec<_>>().join(" ")
}

fn print_human(out: &mut impl Write, doc: &Document, input: &[u8]) -> io::Result<()> {
    writeln!(
        out,
        "{} bytes, {}, {} layout, {} article(s)",
        doc.input_len(),
        doc.encoding().name(),
        doc.layout().name(),
        doc.article_count()
    )?;
    for a in doc.articles() {
        writeln!(out)?;
        writeln!(out, "── article {} (bytes {}..{})", a.index() + 1, a.span().start, a.span().end)?;
        for (label, nodes) in [
            ("kicker", a.kicker().collect::<Vec<_>>()),
            ("title", a.title().collect()),
            ("subtitle", a.subtitle().collect()),
        ] {
            for n in nodes {
                writeln!(out, "  {label:<10} {}", one_line(doc, input, n))?;
            }
        }
        for b in a.bylines() {
            let names: Vec<String> = b.names().map(|n| one_line(doc, input, n)).collect();
            writeln!(
                out,
                "  {:<10} {}  [{}: {}]",
                "byline",
                one_line(doc, input, b.node),
                b.role().name(),
                names.join(", ")
            )?;
        }
        if let Some(d) = a.dateline() {
            writeln!(out, "  {:<10} {}", "dateline", one_line(doc, input, d.node))?;
        }
        for s in a.subheads() {
            writeln!(out, "  {:<10} {}", "subhead", one_line(doc, input, s))?;
        }
        for (i, p) in a.paragraphs().enumerate() {
            let text = p.text(input);
            let frags = p.fragments().count();
            let shown: String = text.chars().take(60).collect();
            let more = if text.chars().count() > 60 { "…" } else { "" };
            let note = if frags > 1 { format!(" ({frags} fragments)") } else { String::new() };
            writeln!(out, "  ¶{:<9} {shown}{more}{note}", i + 1)?;
        }
        for c in a.captions() {
            writeln!(out, "  {:<10} {}", "caption", one_line(doc, input, c))?;
        }
        for j in a.jumps() {
            let page = j.page().map(|p| one_line(doc, input, p)).unwrap_or_default();
            writeln!(
                out,
                "  {:<10} {}  [{} {}]",
                "jump",
                one_line(doc, input, j.node),
                j.direction().name(),
                page
            )?;
        }
    }
    let bp: Vec<_> = doc.boilerplate().collect();
    if !bp.is_empty() {
        writeln!(out)?;
        writeln!(out, "── page furniture")?;
        for n in bp {
            writeln!(out, "  {}", one_line(doc, input, n))?;
        }
    }
    let un: Vec<_> = doc.unassigned().collect();
    if !un.is_empty() {
        writeln!(out)?;
        writeln!(out, "── unassigned")?;
        for n in un {
            writeln!(out, "  {}", one_line(doc, input, n))?;
        }
    }
    Ok(())
}
