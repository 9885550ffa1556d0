//! `newspan`: parse newspaper page text files and print their articles.
//!
//! Files are parsed on `-j N` threads (default: all cores); the output always comes in input
//! order. Each worker keeps one [`Parser`] and one [`Document`] for all its files; finished
//! pages wait in a reorder buffer of a few pages per thread until every page before them is
//! written, so memory stays bounded however long the file list is.

use std::collections::HashMap;
use std::io::{self, IsTerminal, Read, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, mpsc};
use std::time::{Duration, Instant};

use newspan::{Document, Layout, Options, Parser, SectionsJson};

const USAGE: &str = "\
usage: newspan [OPTIONS] FILE...
       newspan [OPTIONS] -r DIR... [--glob PATTERN]
       newspan [OPTIONS] --files-from LIST
       newspan --issue [--json] [OPTIONS] PAGE... | -r DIR
       newspan --html [OPTIONS] FILE > FILE.html
       newspan annotate PAGE [--port N] [--gold FILE] [--model FILE] [--encoding LABEL]
                        [--layout MODE]
       newspan train DIR... -o MODEL    (and align, roundtrip, cv, weights, why: the README)

Parse the text of newspaper pages and print their articles. FILE may be '-' for standard input.
The output comes in the order of the files, whatever the number of threads.

input:
  FILE...             page files ('-': standard input)
  -r, --recursive     a directory argument means every file under it, in path order
  --glob PATTERN      with -r, only files whose name matches PATTERN ('*', '?', '[abc]';
                      a pattern holding '/' matches the path below the directory)
  --files-from LIST   also read the paths from LIST, one a line ('-': standard input)
  --issue             the files are the pages of one issue, in page order (with -r, a
                      directory's files sorted by the number in their names: p2 before
                      p10): parse every page and link the stories that jump from page to
                      page ('See X, page 7' / 'From page 1', '下转第3版' / '上接第1版');
                      prints the links and the stitched stories, or with --json one
                      newspan-issue/1 object

output (one of; two of them is an error, except --stats --jsonl):
  (default)           a readable summary of each page's articles
  --json              the newspan/1 JSON object of each page, one per line
  --jsonl             the same, with a \"file\" key naming the input; a file that fails gives
                      {\"error\": ..., \"file\": ...}
  --stats             counts only, one line per file: bytes, encoding, layout, articles,
                      paragraphs, spans, parse time, malformed sequences replaced and the
                      offset of the first ('-' for none) (tab-separated under a header, or
                      JSON lines with --jsonl); totals and throughput on stderr at the end
  --explain           every leaf span in page order with its kind and article
  --html              the page as one self-contained HTML file (one FILE): its text with
                      every span coloured by kind, articles outlined, low-confidence spans
                      marked, a list of the articles; press 'e' in it to annotate
  --trace             every line's state, its confidence and the facts the model read
                      (for looking into a parse; the format may change)

options:
  -j, --jobs N        parse on N threads (default: all cores)
  --encoding LABEL    decode the input as LABEL (WHATWG label: utf-8, gbk, gb18030, big5,
                      shift_jis, euc-kr, utf-16le, ...); default: detect
  --strict            fail on malformed byte sequences instead of replacing them
  --layout MODE       force the layout: paragraphs, wrapped or vertical; default: detect
  --model FILE        decide line roles with this model (made by 'newspan train');
                      default: the model built into the library
  --no-confidence     leave out every span's confidence (a forward-backward pass; on by
                      default)
  --progress          always show the progress bar on stderr
  --no-progress       never show it (default: shown on a terminal when the run is long and
                      standard output is not the terminal)
  -h, --help          show this help
  -V, --version       show the version

annotate serves the page's view on 127.0.0.1 in the annotator (relabel lines, split and
merge articles, join fragments) and saves its answer as PAGE.gold.json (or --gold FILE)
for 'newspan train'; it prints the address to open and runs until interrupted.

The readable summary and --explain show control characters in the text as \\x1b, \\u{9b}:
a page cannot move the cursor, recolour or retitle your terminal. A file that cannot be read
or parsed is reported on stderr and the others go on; the exit status is then 1. Bad usage
exits with 2.
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
    /// `--html`: the page's HTML view.
    Html,
    /// `--trace`: every line's state, confidence and facts.
    Trace,
}

struct Args {
    output: Output,
    issue: bool,
    jobs: usize,
    progress: Option<bool>,
    options: Options,
    files: Vec<String>,
}

/// A usage error: one line on stderr, then a pointer to `--help`; exit status 2.
struct Usage(String);

fn parse_args() -> Result<Option<Args>, Usage> {
    let mut outputs: Vec<&'static str> = Vec::new();
    let mut jobs = None;
    let mut progress = None;
    // The tool reports every span's confidence.
    let mut options = Options::default().with_confidence(true);
    let mut inputs = Vec::new();
    let mut recursive = false;
    let mut glob: Option<String> = None;
    let mut lists: Vec<String> = Vec::new();
    let mut it = std::env::args().skip(1);
    let mut only_files = false;
    let mut issue = false;
    while let Some(a) = it.next() {
        if only_files || a == "-" || !a.starts_with('-') {
            inputs.push(a);
            continue;
        }
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ if a.starts_with("-j") && a.len() > 2 => ("-j".to_string(), Some(a[2..].to_string())),
            _ => (a.clone(), None),
        };
        let mut value = |name: &str| -> Result<String, Usage> {
            inline.clone().or_else(|| it.next()).ok_or_else(|| Usage(format!("{name} needs a value")))
        };
        match flag.as_str() {
            "--" => only_files = true,
            "--issue" => issue = true,
            "--json" => outputs.push("--json"),
            "--jsonl" => outputs.push("--jsonl"),
            "--stats" => outputs.push("--stats"),
            "--explain" => outputs.push("--explain"),
            "--html" => outputs.push("--html"),
            "--trace" => outputs.push("--trace"),
            "--progress" => progress = Some(true),
            "--no-progress" => progress = Some(false),
            "--strict" => options = options.with_strict(true),
            "-r" | "--recursive" => recursive = true,
            "--glob" => glob = Some(value("--glob")?),
            "--files-from" => lists.push(value("--files-from")?),
            "-j" | "--jobs" => {
                let v = value("--jobs")?;
                match v.parse::<usize>() {
                    Ok(n) if n > 0 => jobs = Some(n),
                    _ => {
                        return Err(Usage(format!(
                            "--jobs needs a number of threads, at least 1 (not {v:?})"
                        )));
                    }
                }
            }
            "--no-confidence" => options = options.with_confidence(false),
            "--model" => {
                let path = value("--model")?;
                let model = newspan::Model::load(&path).map_err(|e| Usage(format!("--model {path}: {e}")))?;
                options = options.with_model(model);
            }
            "--encoding" => {
                let label = value("--encoding")?;
                options = options.with_encoding_label(&label).map_err(|e| Usage(e.to_string()))?;
            }
            "--layout" => {
                let v = value("--layout")?;
                let layout = Layout::from_name(&v)
                    .ok_or_else(|| Usage(format!("unknown layout {v:?} (paragraphs, wrapped, vertical)")))?;
                options = options.with_layout(layout);
            }
            "-h" | "--help" => {
                print!("{USAGE}");
                return Ok(None);
            }
            "-V" | "--version" => {
                println!("newspan {}", newspan::VERSION);
                return Ok(None);
            }
            other => return Err(Usage(format!("unknown option {}", escape_controls(other)))),
        }
    }
    outputs.sort_unstable();
    outputs.dedup();
    let output = match outputs[..] {
        [] => Output::Human,
        ["--json"] => Output::Json,
        ["--jsonl"] => Output::Jsonl,
        ["--stats"] => Output::Stats,
        ["--jsonl", "--stats"] => Output::StatsJsonl,
        ["--explain"] => Output::Explain,
        ["--html"] => Output::Html,
        ["--trace"] => Output::Trace,
        _ => {
            return Err(Usage(format!(
                "{} cannot be combined: choose one output (--stats --jsonl is the one pair)",
                outputs.join(" and ")
            )));
        }
    };
    if issue && !matches!(output, Output::Human | Output::Json) {
        return Err(Usage("--issue prints the readable view or --json, nothing else".into()));
    }
    if glob.is_some() && !recursive {
        return Err(Usage("--glob filters the files -r finds: give -r too".into()));
    }
    let stdin_list = lists.iter().any(|l| l == "-");
    if stdin_list && inputs.iter().any(|f| f == "-") {
        return Err(Usage("standard input cannot be both a page ('-') and the --files-from list".into()));
    }
    let mut files = Vec::new();
    for input in inputs {
        if recursive && input != "-" && Path::new(&input).is_dir() {
            let mut found = walk(Path::new(&input), glob.as_deref())
                .map_err(|e| Usage(format!("{}: {e}", escape_controls(&input))))?;
            if issue {
                // Pages in page order: "p2.txt" before "p10.txt".
                found.sort_by_key(|f| page_number(f));
            }
            files.extend(found);
        } else {
            files.push(input);
        }
    }
    for list in &lists {
        files.extend(
            read_list(list).map_err(|e| Usage(format!("--files-from {}: {e}", escape_controls(list))))?,
        );
    }
    if files.is_empty() && lists.is_empty() && !recursive {
        return Err(Usage("no input file (use '-' for standard input)".into()));
    }
    let jobs = jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    if issue && files.iter().any(|f| f == "-") {
        return Err(Usage("--issue reads its pages from files, not standard input".into()));
    }
    if output == Output::Html && files.len() != 1 {
        return Err(Usage(format!("--html writes one page's view: give one file (not {})", files.len())));
    }
    Ok(Some(Args { output, issue, jobs, progress, options, files }))
}

/// The page number in a file name: its last run of digits ("p10.txt" 10; none: 0).
fn page_number(path: &str) -> u64 {
    let name = Path::new(path).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let digits: String = name
        .rsplit(|c: char| !c.is_ascii_digit())
        .find(|run| !run.is_empty())
        .unwrap_or("")
        .chars()
        .take(18)
        .collect();
    digits.parse().unwrap_or(0)
}

/// `--issue`: parse the files as the pages of one issue and print its links.
fn run_issue(args: &Args) -> ExitCode {
    let mut inputs = Vec::with_capacity(args.files.len());
    for f in &args.files {
        match read_input(f) {
            Ok(b) => inputs.push(b),
            Err(e) => {
                eprintln!("newspan: {}: {e}", escape_controls(f));
                return ExitCode::FAILURE;
            }
        }
    }
    let pages: Vec<&[u8]> = inputs.iter().map(Vec::as_slice).collect();
    let issue = match Parser::new(args.options.clone()).parse_issue(&pages) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("newspan: {}: {}", escape_controls(&args.files[e.page]), e.error);
            return ExitCode::FAILURE;
        }
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let written = match args.output {
        Output::Json => issue.json(&pages).write_to(&mut out).and_then(|_| writeln!(out)),
        _ => print_issue(&mut out, &issue, &pages, &args.files),
    };
    match written.and_then(|_| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("newspan: writing the output: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The readable view of an issue: its pages, the links, and each stitched story.
fn print_issue(
    out: &mut dyn Write,
    issue: &newspan::Issue,
    pages: &[&[u8]],
    files: &[String],
) -> io::Result<()> {
    let head = |r: newspan::ArticleRef| -> String {
        let doc = &issue.pages()[r.page];
        let title = doc.article(r.article).map_or(String::new(), |a| {
            let t: Vec<String> =
                a.title().chain(a.kicker()).map(|n| one_line(doc, pages[r.page], n)).collect();
            t.join(" ")
        });
        let title = if title.is_empty() { "(no headline)".to_string() } else { title };
        format!("page {} article {} «{title}»", issue.page_numbers()[r.page], r.article + 1)
    };
    for (k, f) in files.iter().enumerate() {
        writeln!(
            out,
            "page {:<3} {}: {} article(s)",
            issue.page_numbers()[k],
            escape_controls(f),
            issue.pages()[k].article_count()
        )?;
    }
    writeln!(out)?;
    writeln!(out, "{} continuation(s)", issue.continuations().len())?;
    for c in issue.continuations() {
        let doc = &issue.pages()[c.from.page];
        let jump = doc.nodes().get(c.jump).map(|n| one_line(doc, pages[c.from.page], n)).unwrap_or_default();
        writeln!(out, "  {}  —{jump}→  {}  (confidence {:.2})", head(c.from), head(c.to), c.confidence)?;
    }
    for (k, story) in issue.stories().iter().enumerate() {
        writeln!(out)?;
        let parts: Vec<String> = story.parts.iter().map(|&r| head(r)).collect();
        writeln!(out, "── story {}: {}", k + 1, parts.join(" → "))?;
        for (i, frags) in story.paragraphs.iter().enumerate() {
            let text = escape_controls(
                &issue.paragraph_text(pages, frags).split_whitespace().collect::<Vec<_>>().join(" "),
            )
            .into_owned();
            let shown: String = text.chars().take(60).collect();
            let more = if text.chars().count() > 60 { "…" } else { "" };
            let mut on: Vec<u32> = frags.iter().map(|f| issue.page_numbers()[f.0]).collect();
            on.dedup();
            let note = if on.len() > 1 {
                format!(
                    " (joined across pages {})",
                    on.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
                )
            } else {
                String::new()
            };
            writeln!(out, "  ¶{:<9} {shown}{more}{note}", i + 1)?;
        }
    }
    Ok(())
}

/// The paths of a `--files-from` list: one a line, blank lines skipped, a CR before the line
/// end dropped.
fn read_list(list: &str) -> io::Result<Vec<String>> {
    let bytes = read_input(list)?;
    let text = String::from_utf8(bytes).map_err(|_| io::Error::other("the list is not UTF-8"))?;
    Ok(text
        .lines()
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect())
}

/// Every file under `dir` whose name matches `glob` (or whose path below `dir` does, when the
/// pattern holds a '/'), in path order. Symbolic links to files are followed; links to
/// directories are not (no cycles).
fn walk(dir: &Path, glob: Option<&str>) -> io::Result<Vec<String>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let mut entries: Vec<_> = std::fs::read_dir(&d)?.collect::<Result<_, _>>()?;
        entries.sort_by_key(|e| e.file_name());
        let mut subdirs = Vec::new();
        for e in entries {
            let path = e.path();
            let kind = e.file_type()?;
            if kind.is_dir() {
                subdirs.push(path);
                continue;
            }
            if !(kind.is_file() || kind.is_symlink() && path.is_file()) {
                continue;
            }
            let matched = match glob {
                None => true,
                Some(p) if p.contains('/') => {
                    let rel = path.strip_prefix(dir).unwrap_or(&path);
                    glob_match(p.as_bytes(), rel.to_string_lossy().as_bytes())
                }
                Some(p) => glob_match(p.as_bytes(), e.file_name().to_string_lossy().as_bytes()),
            };
            if matched {
                out.push(path.to_string_lossy().into_owned());
            }
        }
        // Depth first, in name order: push the last first.
        stack.extend(subdirs.into_iter().rev());
    }
    out.sort();
    Ok(out)
}

/// Shell-style matching of a whole name: `*` any run (not across '/'), `?` one character,
/// `[abc]`, `[a-z]`, `[!abc]` one of (not) a set; anything else itself.
fn glob_match(pattern: &[u8], name: &[u8]) -> bool {
    let name = String::from_utf8_lossy(name).chars().collect::<Vec<_>>();
    let pattern = String::from_utf8_lossy(pattern).chars().collect::<Vec<_>>();
    // Iterative matching with one backtrack point for the last '*'.
    let (mut p, mut n) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while n < name.len() {
        let step = match pattern.get(p) {
            Some('*') => {
                star = Some((p, n));
                p += 1;
                continue;
            }
            Some('?') if name[n] != '/' => Some(p + 1),
            Some('[') => match class(&pattern[p..], name[n]) {
                Some((true, len)) => Some(p + len),
                Some((false, _)) => None,
                None => (name[n] == '[').then_some(p + 1),
            },
            Some(&c) if c == name[n] => Some(p + 1),
            _ => None,
        };
        match step {
            Some(next) => {
                p = next;
                n += 1;
            }
            None => match star {
                Some((sp, sn)) if name[sn] != '/' => {
                    star = Some((sp, sn + 1));
                    p = sp + 1;
                    n = sn + 1;
                }
                _ => return false,
            },
        }
    }
    pattern[p..].iter().all(|&c| c == '*')
}

/// A `[...]` class at the start of `pattern`: whether `c` is in it, and the class's length;
/// `None` when the bracket is not closed (then it is a plain '[').
fn class(pattern: &[char], c: char) -> Option<(bool, usize)> {
    let mut i = 1;
    let negate = matches!(pattern.get(1), Some('!' | '^'));
    if negate {
        i += 1;
    }
    let mut hit = false;
    let mut first = true;
    while i < pattern.len() {
        let lo = pattern[i];
        if lo == ']' && !first {
            return Some((hit != negate, i + 1));
        }
        first = false;
        if pattern.get(i + 1) == Some(&'-') && pattern.get(i + 2).is_some_and(|&hi| hi != ']') {
            hit |= (lo..=pattern[i + 2]).contains(&c);
            i += 3;
        } else {
            hit |= lo == c;
            i += 1;
        }
    }
    None
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

/// One file's result, once its output is written.
struct Outcome {
    /// What went wrong, for standard error; the run then exits with 1.
    error: Option<String>,
    /// Writing the output failed (standard output closed, disk full).
    write_error: Option<io::Error>,
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
    /// Parse `path` and write what the output format asks for to `out`: standard output
    /// itself when one thread works (nothing is held back), a buffer per page otherwise.
    fn process(&mut self, path: &str, out: &mut dyn Write) -> Outcome {
        let mut o = Outcome { error: None, write_error: None, bytes: 0, parse: Duration::ZERO };
        if path != "-" && Path::new(path).is_dir() {
            let message = "is a directory (-r parses the files under it)".to_string();
            return self.fail(o, path, message, out);
        }
        let input = match read_input(path) {
            Ok(b) => b,
            Err(e) => return self.fail(o, path, e.to_string(), out),
        };
        o.bytes = input.len();
        if self.output == Output::Trace {
            match newspan::trace(&input, self.options) {
                Ok(t) => o.write_error = out.write_all(t.as_bytes()).err(),
                Err(e) => o.error = Some(format!("{}: {e}", escape_controls(path))),
            }
            return o;
        }
        match self.output {
            Output::Json | Output::Jsonl | Output::Stats | Output::StatsJsonl => {
                return self.stream(path, &input, o, out);
            }
            _ => {}
        }
        let start = Instant::now();
        let parsed = self.parser.parse_into(&input, &mut self.doc);
        o.parse = start.elapsed();
        if let Err(e) = parsed {
            return self.fail(o, path, e.to_string(), out);
        }
        let doc = &self.doc;
        let written = match self.output {
            Output::Explain => print_explain(out, doc, &input),
            Output::Html => {
                let name = Path::new(path).file_name().map_or(path.into(), |n| n.to_string_lossy());
                doc.html(&input).with_name(&name).write_to(&mut *out)
            }
            Output::Human => {
                let header =
                    if self.headers { writeln!(out, "==> {} <==", escape_controls(path)) } else { Ok(()) };
                header.and_then(|_| print_human(out, doc, &input))
            }
            _ => unreachable!("handled above"),
        };
        o.write_error = written.err();
        o
    }

    /// JSON and counts: the page is parsed section by section (see
    /// `Options::with_section_len`) and each section's articles are written, or counted, and
    /// dropped before the next, so that a huge input needs memory for one section, not for
    /// its whole document.
    fn stream(&mut self, path: &str, input: &[u8], mut o: Outcome, out: &mut dyn Write) -> Outcome {
        let file = (self.output == Output::Jsonl).then_some(path);
        let mut json = SectionsJson::new(input);
        if let Some(file) = file {
            json = json.with_file(file);
        }
        let writes = matches!(self.output, Output::Json | Output::Jsonl);
        let (mut articles, mut paras, mut spans) = (0, 0, 0);
        // A failed write stops the parse; it is told apart from a parse error.
        let mut write_error = None;
        let mut wrote = false;
        let start = Instant::now();
        let parsed = self.parser.parse_sections(input, &mut self.doc, |doc: &Document| {
            articles += doc.article_count();
            paras += paragraphs(doc);
            spans += doc.nodes().len();
            if writes {
                wrote = true;
                if let Err(e) = json.section(&mut *out, doc) {
                    write_error = Some(e);
                    return Err(StreamStop::Write);
                }
            }
            Ok(())
        });
        o.parse = start.elapsed();
        match parsed {
            Err(StreamStop::Parse(e)) => {
                if wrote {
                    // A later section failed (the span limit) with part of the object out:
                    // end its line, so that the error (and the next page) stands on its own.
                    o.write_error = out.write_all(b"\n").err();
                }
                return self.fail(o, path, e.to_string(), out);
            }
            Err(StreamStop::Write) => {
                o.write_error = write_error;
                return o;
            }
            Ok(()) => {}
        }
        let counts = Counts { articles, paragraphs: paras, spans };
        let doc = &self.doc;
        let written = match self.output {
            Output::Json | Output::Jsonl => json.finish(&mut *out).and_then(|_| out.write_all(b"\n")),
            Output::Stats => writeln!(
                out,
                "{}	{}	{}	{}	{}	{}	{}	{:.3}	{}	{}",
                escape_controls(path),
                doc.input_len(),
                doc.encoding().name(),
                doc.layout().name(),
                counts.articles,
                counts.paragraphs,
                counts.spans,
                o.parse.as_secs_f64() * 1e3,
                doc.decode_error_count(),
                doc.first_decode_error().map_or("-".to_string(), |f| f.to_string()),
            ),
            _ => stats_line(out, path, doc, &counts, o.parse),
        };
        o.write_error = written.err();
        o
    }

    fn fail(&self, mut o: Outcome, path: &str, message: String, out: &mut dyn Write) -> Outcome {
        if matches!(self.output, Output::Jsonl | Output::StatsJsonl) {
            // {"error": ..., "file": ...}: keys in the order of the page objects (sorted).
            let line = (|| {
                out.write_all(b"{\"error\":")?;
                newspan::json::write_string(&mut *out, &message)?;
                out.write_all(b",\"file\":")?;
                newspan::json::write_string(&mut *out, path)?;
                out.write_all(b"}\n")
            })();
            o.write_error = line.err();
        }
        o.error = Some(format!("{}: {}", escape_controls(path), escape_controls(&message)));
        o
    }
}

/// Why a streamed parse stopped: the parser's error, or a failed write (kept aside).
enum StreamStop {
    Parse(newspan::Error),
    Write,
}

impl From<newspan::Error> for StreamStop {
    fn from(e: newspan::Error) -> Self {
        StreamStop::Parse(e)
    }
}

/// What `--stats` counts of a page, summed over its sections.
struct Counts {
    articles: usize,
    paragraphs: usize,
    spans: usize,
}

/// `--stats --jsonl`: one object of counts, keys sorted as in the page objects.
fn stats_line(
    out: &mut dyn Write,
    path: &str,
    doc: &Document,
    counts: &Counts,
    parse: Duration,
) -> io::Result<()> {
    write!(
        out,
        "{{\"articles\":{},\"bytes\":{},\"decode_errors\":{},\"encoding\":",
        counts.articles,
        doc.input_len(),
        doc.decode_error_count()
    )?;
    newspan::json::write_string(&mut *out, doc.encoding().name())?;
    out.write_all(b",\"file\":")?;
    newspan::json::write_string(&mut *out, path)?;
    match doc.first_decode_error() {
        Some(f) => write!(out, ",\"first_decode_error\":{f}")?,
        None => out.write_all(b",\"first_decode_error\":null")?,
    }
    out.write_all(b",\"layout\":")?;
    newspan::json::write_string(&mut *out, doc.layout().name())?;
    // Milliseconds to the microsecond, always with a fraction ("12.0"), as JSON numbers.
    let ms = (parse.as_secs_f64() * 1e6).round() / 1e3;
    writeln!(out, ",\"paragraphs\":{},\"parse_ms\":{ms:?},\"spans\":{}}}", counts.paragraphs, counts.spans)
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
    let argv: Vec<String> = std::env::args().skip(1).collect();
    if let Some(result) = newspan::tools::run(&argv) {
        return match result {
            Ok(text) => {
                print!("{text}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("newspan: {e}");
                ExitCode::from(2)
            }
        };
    }
    let args = match parse_args() {
        Ok(Some(a)) => a,
        Ok(None) => return ExitCode::SUCCESS,
        Err(Usage(e)) => {
            eprintln!("newspan: {e} (newspan --help lists the options)");
            return ExitCode::from(2);
        }
    };
    if args.issue {
        return run_issue(&args);
    }
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
    // Account for one outcome and write its buffered output (`None`: it was written to `out`
    // already); false when standard output is gone.
    let mut emit = |o: Outcome,
                    buffered: Option<Vec<u8>>,
                    done: usize,
                    out: &mut io::BufWriter<io::StdoutLock<'_>>|
     -> bool {
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
        let result = match (o.write_error, &buffered) {
            (Some(e), _) => Err(e),
            (None, Some(b)) => {
                out.write_all(b).and_then(|_| if b.len() > 1 << 16 { out.flush() } else { Ok(()) })
            }
            (None, None) => out.flush(),
        };
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
            // Straight to standard output: a page's output is never held in memory.
            let o = w.process(path, &mut out);
            if !emit(o, None, i + 1, &mut out) {
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
        let (tx, rx) = mpsc::sync_channel::<(usize, Outcome, Vec<u8>)>(window);
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
                        let mut buf = Vec::new();
                        let o = w.process(&files[i], &mut buf);
                        if tx.send((i, o, buf)).is_err() {
                            return;
                        }
                    }
                });
            }
            drop(tx);
            let mut pending: HashMap<usize, (Outcome, Vec<u8>)> = HashMap::new();
            let mut expect = 0;
            'receive: for (i, o, buf) in rx.iter() {
                pending.insert(i, (o, buf));
                while let Some((o, buf)) = pending.remove(&expect) {
                    expect += 1;
                    let ok = emit(o, Some(buf), expect, &mut out);
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

fn print_explain(out: &mut dyn Write, doc: &Document, input: &[u8]) -> io::Result<()> {
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

/// The text of a node on one line: inner line breaks become spaces, control characters
/// visible escapes.
fn one_line(doc: &Document, input: &[u8], n: &newspan::Node) -> String {
    escape_controls(&doc.text(input, n).split_whitespace().collect::<Vec<_>>().join(" ")).into_owned()
}

/// `s` with every control character (C0, DEL, C1) written as a visible escape: `\x1b` for
/// ESC, `\u{9b}` for CSI. Page text, file names and messages go through this before they
/// reach a terminal, so that no byte sequence in a page can move the cursor, recolour,
/// retitle or otherwise command the user's terminal.
fn escape_controls(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            c if (c as u32) < 0x80 && c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

fn print_human(out: &mut dyn Write, doc: &Document, input: &[u8]) -> io::Result<()> {
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
            let text =
                escape_controls(&p.text(input).split_whitespace().collect::<Vec<_>>().join(" ")).into_owned();
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
