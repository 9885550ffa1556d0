//! The `newspan/1` JSON object, written straight from the document to any [`io::Write`]:
//! no tree of values is built, so the memory it needs is one paragraph's joined text, whatever
//! the size of the page. The format is specified in `docs/json.md` and
//! `docs/newspan-1.schema.json`.
//!
//! Keys come in alphabetical order at every level (as earlier releases, which built a
//! `serde_json` map, printed them), strings are escaped as serde_json escapes them, so the
//! output is byte for byte what those releases printed, plus the fields added since
//! (`extents`).

use std::io::{self, Write};

use crate::document::{Article, Attr, Document, Node, Span};
use crate::issue::{ArticleRef, Issue};

/// The `newspan/1` JSON object of a page, ready to be written: see [`Document::json`].
///
/// ```
/// let page = "今晨上海的动与静\n\n本报记者 王小明\n";
/// let doc = newspan::parse(page.as_bytes()).unwrap();
/// let mut out = Vec::new();
/// doc.json(page.as_bytes()).write_to(&mut out).unwrap();
/// let text = String::from_utf8(out).unwrap();
/// assert!(text.starts_with(r#"{"articles":[{"bylines":[{"end":"#));
/// assert!(text.contains(r#""schema":"newspan/1""#));
/// // The same, as a String:
/// assert_eq!(doc.json(page.as_bytes()).to_string(), text);
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Json<'a> {
    doc: &'a Document,
    input: &'a [u8],
    file: Option<&'a str>,
}

impl Document {
    /// The page's `newspan/1` JSON object (what `newspan --json` prints), to write with
    /// [`Json::write_to`] or format with `to_string()`. `input` must be the buffer that was
    /// parsed. Nothing is built in memory: the object is written as it is read from the
    /// document.
    pub fn json<'a>(&'a self, input: &'a [u8]) -> Json<'a> {
        Json { doc: self, input, file: None }
    }
}

impl<'a> Json<'a> {
    /// Add a `"file"` key naming the input (what `newspan --jsonl` prints).
    pub fn with_file(mut self, file: &'a str) -> Self {
        self.file = Some(file);
        self
    }

    /// Write the object, on one line, without a line end. Many small writes: give it a
    /// buffered writer (`io::BufWriter`, a `Vec<u8>`).
    pub fn write_to<W: Write>(&self, mut out: W) -> io::Result<()> {
        let mut w = Writer { out: &mut out, first: true, joined: String::new() };
        w.page(self.doc, self.input, self.file)
    }
}

/// A page's `newspan/1` object written section by section as [`crate::Parser::parse_sections`]
/// hands them over: byte for byte what [`Document::json`] writes for the joined document (what
/// [`crate::Parser::parse`] gives), but each section's articles are written and forgotten at
/// once, and only the page-level spans (boilerplate, unassigned, with their text) are kept
/// for the end of the object. What `newspan --json` uses.
///
/// ```
/// use newspan::{Document, Options, Parser, SectionsJson};
/// let page = "Bridge to close for repairs\n\nThe bridge closes on Monday.\n\n\n\
///             Library opens new reading room\n\nThe room opens on Friday.\n";
/// let mut parser = Parser::new(Options::new().with_section_len(40));
/// let mut out = Vec::new();
/// let mut json = SectionsJson::new(page.as_bytes());
/// parser.parse_sections(page.as_bytes(), &mut Document::default(), |doc: &Document| {
///     json.section(&mut out, doc)
/// })?;
/// json.finish(&mut out)?;
/// let whole = parser.parse(page.as_bytes())?;
/// assert_eq!(String::from_utf8(out).unwrap(), whole.json(page.as_bytes()).to_string());
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug)]
pub struct SectionsJson<'a> {
    input: &'a [u8],
    file: Option<&'a str>,
    /// The object is open (`{"articles":[` written).
    started: bool,
    /// No article written yet (no comma before the next).
    first: bool,
    /// The page-level nodes of the sections so far, their confidences, and (for a decoded
    /// page) their text, which their `text` spans then point into; the page's facts.
    page: Document,
}

impl<'a> SectionsJson<'a> {
    /// A writer for the page parsed from `input`.
    pub fn new(input: &'a [u8]) -> Self {
        SectionsJson { input, file: None, started: false, first: true, page: Document::default() }
    }

    /// Add a `"file"` key naming the input (what `newspan --jsonl` prints).
    pub fn with_file(mut self, file: &'a str) -> Self {
        self.file = Some(file);
        self
    }

    /// Write the articles of one section's document (in order, after those of the sections
    /// before it) and keep its page-level spans.
    pub fn section<W: Write>(&mut self, mut out: W, doc: &Document) -> io::Result<()> {
        let mut w = Writer { out: &mut out, first: true, joined: String::new() };
        if !self.started {
            w.page_head()?;
            self.started = true;
        }
        w.first = self.first;
        for a in doc.articles() {
            w.item()?;
            w.article(doc, self.input, &a)?;
        }
        self.first = w.first;
        let page = &mut self.page;
        page.copy_facts(doc);
        let base = page.nodes.len();
        for (k, n) in doc.nodes[doc.page.clone()].iter().enumerate() {
            let mut kept = *n;
            kept.parent = n.parent.map(|p| (p as usize - doc.page.start + base) as u32);
            if doc.decoded.is_some() {
                // The section's text goes with it: keep a copy of this span's.
                let text = page.decoded.get_or_insert_with(String::new);
                let start = text.len();
                text.push_str(&doc.text(self.input, n));
                kept.text = Span::new(start, text.len());
            }
            page.nodes.push(kept);
            if let Some(c) = doc.confidence(doc.page.start + k) {
                page.confidence.push(c);
            }
        }
        page.page = 0..page.nodes.len();
        Ok(())
    }

    /// Write the rest of the object: the page-level spans of all sections and the page's
    /// facts. Without a line end, as [`Json::write_to`].
    pub fn finish<W: Write>(self, mut out: W) -> io::Result<()> {
        let mut w = Writer { out: &mut out, first: true, joined: String::new() };
        if !self.started {
            w.page_head()?;
        }
        w.page_tail(&self.page, self.input, self.file)
    }
}

/// The `newspan-issue/1` JSON object of an issue, ready to be written: see [`Issue::json`].
#[derive(Clone, Copy, Debug)]
pub struct IssueJson<'a> {
    issue: &'a Issue,
    inputs: &'a [&'a [u8]],
}

impl Issue {
    /// The issue's `newspan-issue/1` JSON object (what `newspan --issue --json` prints):
    /// `{"continuations": [...], "pages": [<newspan/1>...], "schema": "newspan-issue/1",
    /// "stories": [...]}` (see `docs/json.md`). `inputs` are the pages' buffers, in order.
    pub fn json<'a>(&'a self, inputs: &'a [&'a [u8]]) -> IssueJson<'a> {
        IssueJson { issue: self, inputs }
    }
}

impl IssueJson<'_> {
    /// Write the object, on one line, without a line end.
    pub fn write_to<W: Write>(&self, mut out: W) -> io::Result<()> {
        let mut w = Writer { out: &mut out, first: true, joined: String::new() };
        w.issue(self.issue, self.inputs)
    }
}

impl std::fmt::Display for IssueJson<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut buf = Vec::new();
        self.write_to(&mut buf).map_err(|_| std::fmt::Error)?;
        f.write_str(&String::from_utf8_lossy(&buf))
    }
}

impl std::fmt::Display for Json<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut buf = Vec::new();
        self.write_to(&mut buf).map_err(|_| std::fmt::Error)?;
        // Only valid UTF-8 goes in: every string is a `str`.
        f.write_str(&String::from_utf8_lossy(&buf))
    }
}

/// Write `s` as a JSON string literal, quotes included, escaped as newspan's JSON escapes
/// strings (`"`, `\` and the control characters below U+0020; everything else as is). For
/// callers who print their own objects beside the page objects (`newspan --jsonl` does for
/// its errors and counts).
pub fn write_string<W: Write>(mut out: W, s: &str) -> io::Result<()> {
    string(&mut out, s)
}

fn string<W: Write + ?Sized>(out: &mut W, s: &str) -> io::Result<()> {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = s.as_bytes();
    out.write_all(b"\"")?;
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b >= 0x20 && b != b'"' && b != b'\\' {
            continue;
        }
        out.write_all(&bytes[start..i])?;
        match b {
            b'"' => out.write_all(b"\\\"")?,
            b'\\' => out.write_all(b"\\\\")?,
            b'\n' => out.write_all(b"\\n")?,
            b'\r' => out.write_all(b"\\r")?,
            b'\t' => out.write_all(b"\\t")?,
            0x08 => out.write_all(b"\\b")?,
            0x0c => out.write_all(b"\\f")?,
            _ => {
                out.write_all(&[b'\\', b'u', b'0', b'0', HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]])?
            }
        }
        start = i + 1;
    }
    out.write_all(&bytes[start..])?;
    out.write_all(b"\"")
}

/// The writer: the output, whether the next key or item is the first of its object or
/// array (no comma before it), and one reused buffer for a paragraph's joined text.
struct Writer<'w, W: Write> {
    out: &'w mut W,
    first: bool,
    joined: String,
}

impl<W: Write> Writer<'_, W> {
    fn raw(&mut self, s: &str) -> io::Result<()> {
        self.out.write_all(s.as_bytes())
    }

    fn open(&mut self, bracket: &str) -> io::Result<()> {
        self.first = true;
        self.raw(bracket)
    }

    fn close(&mut self, bracket: &str) -> io::Result<()> {
        self.first = false;
        self.raw(bracket)
    }

    /// Before an array item: a comma unless it is the first.
    fn item(&mut self) -> io::Result<()> {
        if !std::mem::replace(&mut self.first, false) { self.raw(",") } else { Ok(()) }
    }

    /// `"key":`, after a comma unless it is the object's first key.
    fn key(&mut self, key: &str) -> io::Result<()> {
        self.item()?;
        self.raw("\"")?;
        self.raw(key)?;
        self.raw("\":")
    }

    fn num(&mut self, n: usize) -> io::Result<()> {
        let mut buf = [0u8; 20];
        let mut i = buf.len();
        let mut n = n;
        loop {
            i -= 1;
            buf[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.out.write_all(&buf[i..])
    }

    /// A confidence in [0, 1], to three decimals ("0.998", "1.0", "0.0").
    fn confidence(&mut self, c: f32) -> io::Result<()> {
        let milli = (f64::from(c.clamp(0.0, 1.0)) * 1000.0).round() as u32;
        let text = match milli {
            0 => "0.0".to_string(),
            1000 => "1.0".to_string(),
            m => format!("0.{:03}", m).trim_end_matches('0').to_string(),
        };
        self.raw(&text)
    }

    fn str(&mut self, s: &str) -> io::Result<()> {
        string(self.out, s)
    }

    fn page(&mut self, doc: &Document, input: &[u8], file: Option<&str>) -> io::Result<()> {
        self.page_head()?;
        for a in doc.articles() {
            self.item()?;
            self.article(doc, input, &a)?;
        }
        self.page_tail(doc, input, file)
    }

    /// `{"articles":[`: the page object up to its first article.
    fn page_head(&mut self) -> io::Result<()> {
        self.open("{")?;
        self.key("articles")?;
        self.open("[")
    }

    /// From the end of the articles to the end of the page object: the page-level spans of
    /// `doc` and the page's facts.
    fn page_tail(&mut self, doc: &Document, input: &[u8], file: Option<&str>) -> io::Result<()> {
        self.close("]")?;
        self.key("boilerplate")?;
        self.spans(doc, input, doc.boilerplate())?;
        self.key("bytes")?;
        self.num(doc.input_len())?;
        // How many malformed byte sequences were replaced, and where the first one is.
        self.key("decode_errors")?;
        self.open("{")?;
        self.key("count")?;
        self.num(doc.decode_error_count())?;
        self.key("first")?;
        match doc.first_decode_error() {
            Some(f) => self.num(f)?,
            None => self.raw("null")?,
        }
        self.close("}")?;
        self.key("encoding")?;
        self.str(doc.encoding().name())?;
        if let Some(file) = file {
            self.key("file")?;
            self.str(file)?;
        }
        self.key("schema")?;
        self.str("newspan/1")?;
        self.key("unassigned")?;
        self.spans(doc, input, doc.unassigned())?;
        self.close("}")
    }

    fn article_ref(&mut self, r: ArticleRef) -> io::Result<()> {
        self.open("{")?;
        self.key("article")?;
        self.num(r.article)?;
        self.key("page")?;
        self.num(r.page)?;
        self.close("}")
    }

    /// The node at `index` of page `page` as a span object with a `"page"` key, or null.
    fn page_span(
        &mut self,
        issue: &Issue,
        inputs: &[&[u8]],
        page: usize,
        index: Option<usize>,
    ) -> io::Result<()> {
        let found = index.and_then(|i| Some((issue.pages().get(page)?, inputs.get(page)?, i)));
        let Some((doc, input, i)) = found else { return self.raw("null") };
        let Some(n) = doc.nodes().get(i) else { return self.raw("null") };
        self.span_with(
            doc,
            input,
            n,
            |_| Ok(()),
            |w| {
                w.key("page")?;
                w.num(page)
            },
        )
    }

    fn issue(&mut self, issue: &Issue, inputs: &[&[u8]]) -> io::Result<()> {
        self.open("{")?;
        self.key("continuations")?;
        self.open("[")?;
        for c in issue.continuations() {
            self.item()?;
            self.open("{")?;
            self.key("confidence")?;
            self.confidence(c.confidence)?;
            self.key("from")?;
            self.article_ref(c.from)?;
            self.key("from_line")?;
            self.page_span(issue, inputs, c.to.page, c.from_line)?;
            self.key("joins_paragraph")?;
            self.raw(if c.joins_paragraph { "true" } else { "false" })?;
            self.key("jump")?;
            self.page_span(issue, inputs, c.from.page, Some(c.jump))?;
            self.key("to")?;
            self.article_ref(c.to)?;
            self.close("}")?;
        }
        self.close("]")?;
        self.key("page_numbers")?;
        self.open("[")?;
        for &n in issue.page_numbers() {
            self.item()?;
            self.num(n as usize)?;
        }
        self.close("]")?;
        self.key("pages")?;
        self.open("[")?;
        for (doc, input) in issue.pages().iter().zip(inputs) {
            self.item()?;
            self.page(doc, input, None)?;
        }
        self.close("]")?;
        self.key("schema")?;
        self.str("newspan-issue/1")?;
        self.key("stories")?;
        self.open("[")?;
        for story in issue.stories() {
            self.item()?;
            self.open("{")?;
            self.key("paragraphs")?;
            self.open("[")?;
            for frags in &story.paragraphs {
                self.item()?;
                self.open("{")?;
                self.key("fragments")?;
                self.open("[")?;
                for &(page, index) in frags {
                    self.item()?;
                    self.page_span(issue, inputs, page, Some(index))?;
                }
                self.close("]")?;
                self.key("text")?;
                let text = issue.paragraph_text(inputs, frags);
                self.str(&text)?;
                self.close("}")?;
            }
            self.close("]")?;
            self.key("parts")?;
            self.open("[")?;
            for &r in &story.parts {
                self.item()?;
                self.article_ref(r)?;
            }
            self.close("]")?;
            self.close("}")?;
        }
        self.close("]")?;
        self.close("}")
    }

    /// A span object (`S` in the schema), through which every span of the JSON is written.
    /// The objects that extend it (byline, dateline, jump) add their keys in key order:
    /// `before_end` writes those that sort before "end" ("date", "direction"), `between` those
    /// between "end" and "start" ("names", "page", "place", "role", "source").
    fn span_with(
        &mut self,
        doc: &Document,
        input: &[u8],
        n: &Node,
        before_end: impl FnOnce(&mut Self) -> io::Result<()>,
        between: impl FnOnce(&mut Self) -> io::Result<()>,
    ) -> io::Result<()> {
        self.open("{")?;
        if let Some(c) = doc.node_index(n).and_then(|i| doc.confidence(i)) {
            self.key("confidence")?;
            self.confidence(c)?;
        }
        before_end(self)?;
        self.key("end")?;
        self.num(n.span.end)?;
        between(self)?;
        self.key("start")?;
        self.num(n.span.start)?;
        self.key("text")?;
        self.str(&doc.text(input, n))?;
        self.close("}")
    }

    /// `{"end","start","text"}`.
    fn span(&mut self, doc: &Document, input: &[u8], n: &Node) -> io::Result<()> {
        self.span_with(doc, input, n, |_| Ok(()), |_| Ok(()))
    }

    fn spans<'n>(
        &mut self,
        doc: &Document,
        input: &[u8],
        nodes: impl Iterator<Item = &'n Node>,
    ) -> io::Result<()> {
        self.open("[")?;
        for n in nodes {
            self.item()?;
            self.span(doc, input, n)?;
        }
        self.close("]")
    }

    fn opt_span(&mut self, doc: &Document, input: &[u8], n: Option<&Node>) -> io::Result<()> {
        match n {
            Some(n) => self.span(doc, input, n),
            None => self.raw("null"),
        }
    }

    /// `{"end","start"}`: an article's span and its extents.
    fn range(&mut self, span: Span) -> io::Result<()> {
        self.open("{")?;
        self.key("end")?;
        self.num(span.end)?;
        self.key("start")?;
        self.num(span.start)?;
        self.close("}")
    }

    fn article(&mut self, doc: &Document, input: &[u8], a: &Article<'_>) -> io::Result<()> {
        self.open("{")?;
        self.key("bylines")?;
        self.open("[")?;
        for b in a.bylines() {
            self.item()?;
            let between = |w: &mut Self| {
                w.key("names")?;
                w.spans(doc, input, b.names())?;
                w.key("role")?;
                w.str(b.role().name())
            };
            self.span_with(doc, input, b.node, |_| Ok(()), between)?;
        }
        self.close("]")?;
        self.key("captions")?;
        self.spans(doc, input, a.captions())?;
        self.key("dateline")?;
        match a.dateline() {
            None => self.raw("null")?,
            Some(d) => {
                let before_end = |w: &mut Self| {
                    w.key("date")?;
                    w.opt_span(doc, input, d.date())
                };
                let between = |w: &mut Self| {
                    w.key("place")?;
                    w.opt_span(doc, input, d.place())?;
                    w.key("source")?;
                    w.opt_span(doc, input, d.source())
                };
                self.span_with(doc, input, d.node, before_end, between)?;
            }
        }
        self.key("extents")?;
        self.open("[")?;
        for e in a.extents() {
            self.item()?;
            self.range(*e)?;
        }
        self.close("]")?;
        self.key("jumps")?;
        self.open("[")?;
        for j in a.jumps() {
            self.item()?;
            let before_end = |w: &mut Self| {
                w.key("direction")?;
                w.str(j.direction().name())
            };
            let between = |w: &mut Self| {
                w.key("page")?;
                match j.page() {
                    Some(p) => w.str(&doc.text(input, p)),
                    None => w.str(""),
                }
            };
            self.span_with(doc, input, j.node, before_end, between)?;
        }
        self.close("]")?;
        self.key("kicker")?;
        self.spans(doc, input, a.kicker())?;
        self.key("paragraphs")?;
        self.open("[")?;
        for p in a.paragraphs() {
            // PARAGRAPH = {"fragments", "text"}: the text is the fragments joined.
            self.item()?;
            self.open("{")?;
            self.key("fragments")?;
            self.spans(doc, input, p.fragments())?;
            self.key("text")?;
            let mut joined = std::mem::take(&mut self.joined);
            joined.clear();
            crate::assemble::join::join_into(
                &mut joined,
                p.fragments().map(|n| (doc.text(input, n), n.attr == Attr::HyphenRemoved)),
            );
            let written = self.str(&joined);
            self.joined = joined;
            written?;
            self.close("}")?;
        }
        self.close("]")?;
        self.key("span")?;
        self.range(a.span())?;
        self.key("subheads")?;
        self.spans(doc, input, a.subheads())?;
        self.key("subtitle")?;
        self.spans(doc, input, a.subtitle())?;
        self.key("title")?;
        self.spans(doc, input, a.title())?;
        self.close("}")
    }
}
