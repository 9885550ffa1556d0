//! The page in a browser: one self-contained HTML file (no network, no external assets) that
//! shows the page text as it stands, each leaf span coloured by its kind, each article
//! outlined in its own colour, low-confidence spans marked, boilerplate and unassigned text
//! visible, and a side list of the articles. The same page turns into an annotator (press
//! `e`): relabel lines, split and merge articles, join fragments, and save the page's answer as
//! a `NAME.gold.json` for `newspan train` (see `docs/ANNOTATION.md`).
//!
//! The file holds the page's text and its parse as data (`<script type="application/json">`)
//! and a small script that draws it; `view.js` and `view.css` beside this file are compiled in.

use std::io::{self, Write};

use crate::document::{Attr, Document, Kind};
use crate::json::write_string;

const CSS: &str = include_str!("view.css");
const JS: &str = include_str!("view.js");

/// A page's HTML view, ready to be written: see [`Document::html`].
///
/// ```
/// let page = "今晨上海的动与静\n\n本报记者 王小明\n\n今天凌晨，外滩的钟声敲响。\n";
/// let doc = newspan::parse(page.as_bytes()).unwrap();
/// let html = doc.html(page.as_bytes()).with_name("page.txt").to_string();
/// assert!(html.starts_with("<!DOCTYPE html>"));
/// assert!(html.contains("今晨上海的动与静") && !html.contains("http"));
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Html<'a> {
    doc: &'a Document,
    input: &'a [u8],
    name: &'a str,
    save: Option<&'a str>,
}

impl Document {
    /// The page's HTML view (what `newspan --html` writes), to write with [`Html::write_to`]
    /// or format with `to_string()`. `input` must be the buffer that was parsed.
    pub fn html<'a>(&'a self, input: &'a [u8]) -> Html<'a> {
        Html { doc: self, input, name: "page", save: None }
    }
}

impl<'a> Html<'a> {
    /// The page's name (its file name): the view's title, and the name of the answer the
    /// annotator saves (`NAME.gold.json`, the extension of `name` dropped).
    pub fn with_name(mut self, name: &'a str) -> Self {
        self.name = name;
        self
    }

    /// Open in the annotator, saving by `POST` of the answer to `url` on the page's own server
    /// (what `newspan annotate` does); without it, the view opens as a view and the annotator
    /// saves by downloading the file.
    pub fn with_save_url(mut self, url: &'a str) -> Self {
        self.save = Some(url);
        self
    }

    /// Write the HTML file.
    pub fn write_to<W: Write>(&self, mut out: W) -> io::Result<()> {
        out.write_all(b"<!DOCTYPE html>\n<html lang=\"und\">\n<head>\n<meta charset=\"utf-8\">\n")?;
        out.write_all(b"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")?;
        out.write_all(b"<meta name=\"generator\" content=\"newspan ")?;
        out.write_all(crate::VERSION.as_bytes())?;
        out.write_all(b"\">\n<title>")?;
        escape_html(&mut out, self.name)?;
        out.write_all(b" \xe2\x80\x94 newspan</title>\n<style>\n")?;
        out.write_all(CSS.as_bytes())?;
        out.write_all(b"</style>\n</head>\n<body>\n<script id=\"newspan-data\" type=\"application/json\">")?;
        let mut data = Vec::new();
        self.data(&mut data)?;
        // Inside a script element the HTML parser looks for "</script" and, after "<!--", for
        // "<script": no '<' (nor '>', '&') of the JSON reaches it; JSON reads the escapes.
        let mut rest: &[u8] = &data;
        while let Some(k) = rest.iter().position(|&b| matches!(b, b'<' | b'>' | b'&')) {
            out.write_all(&rest[..k])?;
            out.write_all(match rest[k] {
                b'<' => b"\\u003c",
                b'>' => b"\\u003e",
                _ => b"\\u0026",
            })?;
            rest = &rest[k + 1..];
        }
        out.write_all(rest)?;
        out.write_all(b"</script>\n<script>\n")?;
        out.write_all(JS.as_bytes())?;
        out.write_all(b"</script>\n</body>\n</html>\n")
    }

    /// The view's data: the page's facts, its text in chunks (each a leaf's text, or the text
    /// between leaves), and each leaf's kind, article, input span, confidence and group (the
    /// paragraph a fragment belongs to).
    fn data<W: Write>(&self, out: &mut W) -> io::Result<()> {
        let doc = self.doc;
        let input = self.input;
        out.write_all(b"{\"name\":")?;
        write_string(&mut *out, self.name)?;
        out.write_all(b",\"save\":")?;
        match self.save {
            Some(url) => write_string(&mut *out, url)?,
            None => out.write_all(b"null")?,
        }
        out.write_all(b",\"encoding\":")?;
        write_string(&mut *out, doc.encoding().name())?;
        out.write_all(b",\"layout\":")?;
        write_string(&mut *out, doc.layout().name())?;
        write!(out, ",\"bytes\":{},\"articles\":{},\"leaves\":[", doc.input_len(), doc.article_count())?;
        // Leaves in page order (they never overlap), with their node indices.
        let mut leaves: Vec<usize> =
            (0..doc.nodes().len()).filter(|&i| doc.nodes()[i].kind.is_leaf()).collect();
        leaves.sort_by_key(|&i| (doc.nodes()[i].text_span().start, doc.nodes()[i].text_span().end));
        for (k, &i) in leaves.iter().enumerate() {
            let n = &doc.nodes()[i];
            if k > 0 {
                out.write_all(b",")?;
            }
            out.write_all(b"{\"k\":")?;
            write_string(&mut *out, n.kind.name())?;
            write!(
                out,
                ",\"a\":{},\"s\":{},\"e\":{}",
                n.article.map_or(-1, i64::from),
                n.span.start,
                n.span.end
            )?;
            if let Some(c) = doc.confidence(i) {
                write!(out, ",\"c\":{:.3}", c.clamp(0.0, 1.0))?;
            }
            if n.kind == Kind::Fragment {
                write!(out, ",\"g\":{}", n.parent.map_or(i as i64, i64::from))?;
            }
            if n.attr == Attr::HyphenRemoved {
                out.write_all(b",\"h\":1")?;
            }
            if let Some(r) = n.role() {
                out.write_all(b",\"r\":")?;
                write_string(&mut *out, r.name())?;
            }
            if let Some(d) = n.direction() {
                out.write_all(b",\"d\":")?;
                write_string(&mut *out, d.name())?;
            }
            // A byline's names, a dateline's parts, a jump's page: its children's texts.
            let children: Vec<_> = doc.children(i).collect();
            if !children.is_empty() {
                out.write_all(b",\"sub\":[")?;
                for (j, c) in children.iter().enumerate() {
                    if j > 0 {
                        out.write_all(b",")?;
                    }
                    out.write_all(b"[")?;
                    write_string(&mut *out, c.kind.name())?;
                    out.write_all(b",")?;
                    write_string(&mut *out, &doc.text(input, c))?;
                    out.write_all(b"]")?;
                }
                out.write_all(b"]")?;
            }
            out.write_all(b"}")?;
        }
        // The text in chunks: [text, leaf] for a leaf's text, [text, -1] between leaves.
        out.write_all(b"],\"chunks\":[")?;
        let text: std::borrow::Cow<'_, str> = match &doc.decoded {
            Some(copy) => copy.as_str().into(),
            None => String::from_utf8_lossy(&input[doc.text_offset.min(input.len())..]),
        };
        let mut at = 0;
        let mut first = true;
        let mut chunk = |out: &mut W, s: &str, leaf: i64| -> io::Result<()> {
            if s.is_empty() {
                return Ok(());
            }
            if !std::mem::replace(&mut first, false) {
                out.write_all(b",")?;
            }
            out.write_all(b"[")?;
            write_string(&mut *out, s)?;
            write!(out, ",{leaf}]")
        };
        for (k, &i) in leaves.iter().enumerate() {
            let span = doc.nodes()[i].text_span();
            let (s, e) = (span.start.min(text.len()), span.end.min(text.len()));
            if s < at || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
                continue;
            }
            chunk(out, &text[at..s], -1)?;
            chunk(out, &text[s..e], k as i64)?;
            at = e;
        }
        chunk(out, &text[at..], -1)?;
        out.write_all(b"]}")
    }
}

impl std::fmt::Display for Html<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut buf = Vec::new();
        self.write_to(&mut buf).map_err(|_| std::fmt::Error)?;
        f.write_str(&String::from_utf8_lossy(&buf))
    }
}

fn escape_html<W: Write>(out: &mut W, s: &str) -> io::Result<()> {
    for c in s.chars() {
        match c {
            '<' => out.write_all(b"&lt;")?,
            '>' => out.write_all(b"&gt;")?,
            '&' => out.write_all(b"&amp;")?,
            '"' => out.write_all(b"&quot;")?,
            c if c.is_control() => out.write_all(b"\xef\xbf\xbd")?,
            c => write!(out, "{c}")?,
        }
    }
    Ok(())
}
