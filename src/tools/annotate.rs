//! `newspan annotate PAGE`: the page's view in the annotator, served on 127.0.0.1, saving the
//! answer as `NAME.gold.json` beside the page (or where `--gold` says).
//!
//! A small HTTP/1.1 server on the loopback interface only, one thread a connection:
//! `GET /` is the view (`Document::html` with a save URL), `POST /save` takes the answer,
//! checks it with the reader `newspan train` uses, and writes it (to a temporary file first,
//! then renamed over the old one). Nothing else is served.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::document::Layout;
use crate::model::gold::Gold;
use crate::options::Options;

/// The largest answer accepted, in bytes (a page's answer is a few times its text).
const MAX_BODY: usize = 64 << 20;

const USAGE: &str = "usage: newspan annotate PAGE [--port N] [--gold FILE] [--model FILE] \
                     [--encoding LABEL] [--layout MODE]";

struct Served {
    html: Vec<u8>,
    gold: PathBuf,
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
    let input = std::fs::read(&page).map_err(|e| format!("{}: {e}", page.display()))?;
    let doc = crate::parse_with(&input, &options).map_err(|e| format!("{}: {e}", page.display()))?;
    let gold = gold.unwrap_or_else(|| super::gold_path(&page));
    let name = page.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let html = doc.html(&input).with_name(&name).with_save_url("/save").to_string().into_bytes();
    let listener = TcpListener::bind(("127.0.0.1", port)).map_err(|e| format!("127.0.0.1:{port}: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    println!("newspan annotate: http://{addr}/ (answers go to {}; Ctrl+C stops)", gold.display());
    let _ = std::io::stdout().flush();
    let served = Arc::new(Served { html, gold });
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let served = Arc::clone(&served);
        std::thread::spawn(move || {
            let _ = handle(stream, &served);
        });
    }
    Ok(String::new())
}

/// One connection: one request, one response, then close.
fn handle(stream: TcpStream, served: &Served) -> std::io::Result<()> {
    stream.set_read_timeout(Some(std::time::Duration::from_secs(30)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let mut length = 0usize;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = header.split_once(':') {
            if k.trim().eq_ignore_ascii_case("content-length") {
                length = v.trim().parse().unwrap_or(usize::MAX);
            }
        }
    }
    let mut out = stream;
    match (method, target) {
        ("GET", "/" | "/index.html") => respond(&mut out, "200 OK", "text/html; charset=utf-8", &served.html),
        ("POST", "/save") if length > MAX_BODY => {
            respond(&mut out, "413 Payload Too Large", "text/plain", b"answer too large")
        }
        ("POST", "/save") => {
            let mut body = vec![0; length];
            reader.read_exact(&mut body)?;
            match save(&body, &served.gold) {
                Ok(()) => {
                    respond(&mut out, "200 OK", "text/plain", served.gold.display().to_string().as_bytes())
                }
                Err(e) => respond(&mut out, "400 Bad Request", "text/plain", e.as_bytes()),
            }
        }
        ("GET" | "POST", _) => respond(&mut out, "404 Not Found", "text/plain", b"not found"),
        _ => respond(&mut out, "405 Method Not Allowed", "text/plain", b"GET / or POST /save"),
    }
}

/// Check the answer with the reader `newspan train` uses, then write it.
fn save(body: &[u8], gold: &Path) -> Result<(), String> {
    let text = std::str::from_utf8(body).map_err(|_| "the answer is not UTF-8".to_string())?;
    Gold::from_json(text).map_err(|e| format!("not an answer newspan train reads: {e}"))?;
    let tmp = gold.with_extension("json.tmp");
    std::fs::write(&tmp, body).map_err(|e| format!("{}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, gold).map_err(|e| format!("{}: {e}", gold.display()))
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
