//! `newspan annotate PAGE`: the page's view in the annotator, served on 127.0.0.1, saving the
//! answer as `NAME.gold.json` beside the page (or where `--gold` says).
//!
//! A small HTTP/1.1 server on the loopback interface only, one thread a connection:
//! `GET /` is the view (`Document::html` with a save URL), `POST /save` takes the answer,
//! checks it (the reader `newspan train` uses, the keys of docs/ANNOTATION.md, every string
//! found on the page by the aligner) and writes it (to a temporary file first, then renamed
//! over the old one). Only requests that name this address (Host, Origin) and send JSON are
//! served: no other site can read the page or write the answer.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use crate::document::Layout;
use crate::model::gold::Gold;
use crate::options::Options;

/// The largest answer accepted, in bytes (a page's answer is a few times its text).
const MAX_BODY: usize = 64 << 20;
/// The most bytes of request line and headers read.
const MAX_HEAD: u64 = 64 << 10;

const USAGE: &str = "usage: newspan annotate PAGE [--port N] [--gold FILE] [--model FILE] \
                     [--encoding LABEL] [--layout MODE]";

struct Served {
    html: Vec<u8>,
    gold: PathBuf,
    /// The page and how it was read: an answer is checked against its lines.
    input: Vec<u8>,
    options: Options,
    /// The address served ("127.0.0.1:PORT"): a request must name it as its Host (and, from
    /// a browser, its Origin), so that no other site, nor a name rebound to this address, can
    /// read the page or write the answer.
    host: String,
    /// One save at a time.
    saving: Mutex<()>,
}

/// `newspan annotate PAGE [--port N] [--gold FILE] [--model FILE] [--encoding LABEL]
/// [--layout MODE]`: serve the annotator until interrupted. The first line on standard output
/// is the address to open.
pub fn annotate_command(args: &[String]) -> Result<String, String> {
    let mut page = None;
    let mut port = 0u16;
    let mut gold = None;
    let mut options = Options::new().with_confidence(true);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value =
            |name: &str| it.next().cloned().ok_or_else(|| format!("{name} needs a value; {USAGE}"));
        match a.as_str() {
            "--port" => {
                let v = value("--port")?;
                port = v.parse().map_err(|_| format!("--port needs a port number, not {v:?}"))?;
            }
            "--gold" => gold = Some(PathBuf::from(value("--gold")?)),
            "--model" => {
                let path = value("--model")?;
                let model = crate::Model::load(&path).map_err(|e| format!("--model {path}: {e}"))?;
                options = options.with_model(model);
            }
            "--encoding" => {
                options = options.with_encoding_label(&value("--encoding")?).map_err(|e| e.to_string())?
            }
            "--layout" => {
                let v = value("--layout")?;
                let layout =
                    Layout::from_name(&v).ok_or_else(|| format!("--layout: unknown layout {v:?}"))?;
                options = options.with_layout(layout);
            }
            "-h" | "--help" => return Ok(format!("{USAGE}\n")),
            s if s.starts_with('-') => return Err(format!("unknown option {s}; {USAGE}")),
            s if page.is_none() => page = Some(PathBuf::from(s)),
            _ => return Err(format!("one page at a time; {USAGE}")),
        }
    }
    let page = page.ok_or_else(|| USAGE.to_string())?;
    // The page: one section, as training reads it.
    options = options.with_section_len(usize::MAX);
    let input = std::fs::read(&page).map_err(|e| format!("{}: {e}", page.display()))?;
    let doc = crate::parse_with(&input, &options).map_err(|e| format!("{}: {e}", page.display()))?;
    let gold = gold.unwrap_or_else(|| super::gold_path(&page));
    let name = page.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let html = doc.html(&input).with_name(&name).with_save_url("/save").to_string().into_bytes();
    let listener = TcpListener::bind(("127.0.0.1", port)).map_err(|e| format!("127.0.0.1:{port}: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    println!("newspan annotate: http://{addr}/ (answers go to {}; Ctrl+C stops)", gold.display());
    let _ = std::io::stdout().flush();
    let served =
        Arc::new(Served { html, gold, input, options, host: addr.to_string(), saving: Mutex::new(()) });
    for stream in listener.incoming() {
        let Ok(stream) = stream else {
            // Out of descriptors or the like: wait rather than spin.
            std::thread::sleep(std::time::Duration::from_millis(100));
            continue;
        };
        let served = Arc::clone(&served);
        // A thread that cannot start drops its connection; the server goes on.
        let _ = std::thread::Builder::new().spawn(move || {
            let _ = handle(stream, &served);
        });
    }
    Ok(String::new())
}

/// One connection: one request, one response, then close.
fn handle(stream: TcpStream, served: &Served) -> std::io::Result<()> {
    stream.set_read_timeout(Some(std::time::Duration::from_secs(30)))?;
    let mut reader = BufReader::new(stream.try_clone()?.take(MAX_HEAD));
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or("").to_string(), parts.next().unwrap_or("").to_string());
    let (mut length, mut host, mut origin, mut json) = (0usize, String::new(), None, false);
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = header.split_once(':') {
            let (k, v) = (k.trim().to_ascii_lowercase(), v.trim());
            match k.as_str() {
                "content-length" => length = v.parse().unwrap_or(usize::MAX),
                "host" => host = v.to_string(),
                "origin" => origin = Some(v.to_string()),
                "content-type" => json = v.split(';').next().is_some_and(|t| t.trim() == "application/json"),
                _ => {}
            }
        }
    }
    let mut out = stream;
    let ours = |h: &str| h == served.host || h == served.host.replace("127.0.0.1", "localhost");
    if !ours(&host) || origin.as_deref().is_some_and(|o| !o.strip_prefix("http://").is_some_and(ours)) {
        return respond(&mut out, "403 Forbidden", "text/plain", b"only this page's own address");
    }
    match (method.as_str(), target.as_str()) {
        ("GET", "/" | "/index.html") => respond(&mut out, "200 OK", "text/html; charset=utf-8", &served.html),
        ("POST", "/save") if !json => {
            respond(&mut out, "415 Unsupported Media Type", "text/plain", b"an answer is application/json")
        }
        ("POST", "/save") if length > MAX_BODY => {
            respond(&mut out, "413 Payload Too Large", "text/plain", b"answer too large")
        }
        ("POST", "/save") => {
            let mut body = vec![0; length];
            // The body: what the reader holds already, then the rest (no more than it says).
            reader.get_mut().set_limit(length as u64);
            reader.read_exact(&mut body)?;
            let _one = served.saving.lock().unwrap_or_else(|e| e.into_inner());
            match save(&body, served) {
                Ok(()) => {
                    respond(&mut out, "200 OK", "text/plain", served.gold.display().to_string().as_bytes())
                }
                Err(Refused::Answer(e)) => respond(&mut out, "400 Bad Request", "text/plain", e.as_bytes()),
                Err(Refused::Disk(e)) => {
                    respond(&mut out, "500 Internal Server Error", "text/plain", e.as_bytes())
                }
            }
        }
        ("GET" | "POST", _) => respond(&mut out, "404 Not Found", "text/plain", b"not found"),
        _ => respond(&mut out, "405 Method Not Allowed", "text/plain", b"GET / or POST /save"),
    }
}

/// Why an answer was not saved: it is not one, or it could not be written.
enum Refused {
    Answer(String),
    Disk(String),
}

/// The keys of an answer (docs/ANNOTATION.md): of the file, and of an article.
const PAGE_KEYS: [&str; 3] = ["articles", "boilerplate", "ignore"];
const ARTICLE_KEYS: [&str; 10] = [
    "kicker",
    "title",
    "subtitle",
    "bylines",
    "authors",
    "dateline",
    "paragraphs",
    "subheads",
    "captions",
    "jumps",
];

/// Check the answer (the reader `newspan train` uses; no key it would ignore; every string
/// found on the page, as the aligner places it), then write it: a temporary file renamed over
/// the old answer, so that a reader never sees half of one.
fn save(body: &[u8], served: &Served) -> Result<(), Refused> {
    let text = std::str::from_utf8(body).map_err(|_| Refused::Answer("the answer is not UTF-8".into()))?;
    let gold = Gold::from_json(text)
        .map_err(|e| Refused::Answer(format!("not an answer newspan train reads: {e}")))?;
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| Refused::Answer(e.to_string()))?;
    let unknown = |o: &serde_json::Map<String, serde_json::Value>, keys: &[&str]| {
        o.keys().find(|k| !keys.contains(&k.as_str())).cloned()
    };
    let top = value.as_object().ok_or_else(|| Refused::Answer("not an object".into()))?;
    if !top.contains_key("articles") {
        return Err(Refused::Answer("no \"articles\"".into()));
    }
    if let Some(k) = unknown(top, &PAGE_KEYS) {
        return Err(Refused::Answer(format!("unknown key {k:?} (docs/ANNOTATION.md lists the keys)")));
    }
    for (i, a) in top["articles"].as_array().into_iter().flatten().enumerate() {
        if let Some(k) = a.as_object().and_then(|o| unknown(o, &ARTICLE_KEYS)) {
            return Err(Refused::Answer(format!("article {i}: unknown key {k:?}")));
        }
    }
    let mut bufs = crate::text::decode::Buffers::default();
    let decoded = crate::text::decode::decode_with(&served.input, &served.options, &mut bufs)
        .map_err(|e| Refused::Answer(e.to_string()))?;
    let mut lines = Vec::new();
    crate::text::lines::scan(&decoded.text, &mut lines);
    let alignment = crate::model::align::align(&decoded.text, &lines, &gold);
    if let Some(&(article, field, item, missing)) = alignment.unplaced.first() {
        return Err(Refused::Answer(format!(
            "article {article} {field:?} {item}: {missing} character(s) not found on the page \
             ({} string(s) in all; strings are copied from the page)",
            alignment.unplaced.len()
        )));
    }
    let gold = &served.gold;
    let tmp = gold.with_extension("json.tmp");
    let written = std::fs::write(&tmp, body).and_then(|_| std::fs::rename(&tmp, gold));
    written.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Refused::Disk(format!("{}: {e}", gold.display()))
    })
}

fn respond(out: &mut TcpStream, status: &str, kind: &str, body: &[u8]) -> std::io::Result<()> {
    write!(
        out,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n\
         Connection: close\r\n\r\n",
        body.len()
    )?;
    out.write_all(body)?;
    out.flush()
}
