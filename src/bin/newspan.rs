//! `newspan`: parse newspaper page text files and print their articles.

use std::io::{self, Read, Write};
use std::process::ExitCode;

use newspan::{Document, Layout, Options, Parser};

const USAGE: &str = "\
usage: newspan [OPTIONS] FILE...

Parse the text of newspaper pages and print their articles. FILE may be '-' for standard input.

options:
  --json              print the newspan/1 JSON object of each page (one per file)
  --explain           print every leaf span in page order with its kind and article
  --encoding LABEL    decode the input as LABEL (WHATWG label: utf-8, gbk, gb18030, big5,
                      shift_jis, euc-kr, utf-16le, ...); default: detect
  --strict            fail on malformed byte sequences instead of replacing them
  --layout MODE       force the layout: paragraphs, wrapped or vertical; default: detect
  -h, --help          show this help
  -V, --version       show the version
";

struct Args {
    json: bool,
    explain: bool,
    trace: bool,
    options: Options,
    files: Vec<String>,
}

fn parse_args() -> Result<Option<Args>, String> {
    let mut args = Args { json: false, explain: false, trace: false, options: Options::default(), files: Vec::new() };
    let mut it = std::env::args().skip(1);
    let mut only_files = false;
    while let Some(a) = it.next() {
        if only_files || a == "-" || !a.starts_with('-') {
            args.files.push(a);
            continue;
        }
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (a.clone(), None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            inline.clone().or_else(|| it.next()).ok_or_else(|| format!("{name} needs a value"))
        };
        match flag.as_str() {
            "--" => only_files = true,
            "--json" => args.json = true,
            "--explain" => args.explain = true,
            "--trace" => args.trace = true,
            "--strict" => args.options.strict = true,
            "--encoding" => {
                let label = value("--encoding")?;
                args.options = args.options.with_encoding_label(&label).map_err(|e| e.to_string())?;
            }
            "--layout" => {
                args.options.layout = match value("--layout")?.as_str() {
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
    if args.files.is_empty() {
        return Err("no input file (use '-' for standard input)".into());
    }
    Ok(Some(args))
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
    let mut parser = Parser::new(args.options.clone());
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut failed = false;
    let many = args.files.len() > 1;
    for path in &args.files {
        let input = match read_input(path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("newspan: {path}: {e}");
                failed = true;
                continue;
            }
        };
        if args.trace {
            match newspan::trace(&input, &args.options) {
                Ok(t) => print!("{t}"),
                Err(e) => eprintln!("newspan: {path}: {e}"),
            }
            continue;
        }
        let doc = match parser.parse(&input) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("newspan: {path}: {e}");
                failed = true;
                continue;
            }
        };
        let result = if args.json {
            serde_json::to_writer(&mut out, &doc.to_json(&input)).map_err(io::Error::other).and_then(|_| writeln!(out))
        } else if args.explain {
            print_explain(&mut out, &doc, &input)
        } else {
            if many {
                let _ = writeln!(out, "==> {path} <==");
            }
            print_human(&mut out, &doc, &input)
        };
        if let Err(e) = result.and_then(|_| out.flush()) {
            if e.kind() == io::ErrorKind::BrokenPipe {
                return if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS };
            }
            eprintln!("newspan: writing output: {e}");
            return ExitCode::FAILURE;
        }
    }
    if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

fn print_explain(out: &mut impl Write, doc: &Document, input: &[u8]) -> io::Result<()> {
    let mut leaves: Vec<&newspan::Node> = doc.leaves().collect();
    leaves.sort_by_key(|n| n.span.start);
    for n in leaves {
        let article = n.article.map_or("-".to_string(), |a| (a + 1).to_string());
        writeln!(out, "{:>7} {:>3} {:<12} {}", n.span.start, article, n.kind.name(), one_line(doc, input, n))?;
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
        for (label, nodes) in [("kicker", a.kicker().collect::<Vec<_>>()), ("title", a.title().collect()), ("subtitle", a.subtitle().collect())] {
            for n in nodes {
                writeln!(out, "  {label:<10} {}", one_line(doc, input, n))?;
            }
        }
        for b in a.bylines() {
            let names: Vec<String> = b.names().map(|n| one_line(doc, input, n)).collect();
            writeln!(out, "  {:<10} {}  [{}: {}]", "byline", one_line(doc, input, b.node), b.role().name(), names.join(", "))?;
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
            writeln!(out, "  {:<10} {}  [{} {}]", "jump", one_line(doc, input, j.node), j.direction().name(), page)?;
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
