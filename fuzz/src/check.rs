//! The invariants every parse keeps, checked through the public API only.
//!
//! One checker for the tests (`tests/properties.rs`, `tests/invariants.rs`,
//! `tests/fixtures.rs` and `tests/worst_case.rs` include this file with `#[path]`) and for the fuzz targets (`fuzz/src/lib.rs`), so that a fuzz finding and a
//! failing property test mean the same thing. For a parse of `input` with `options`:
//!
//! - the result is `Ok`, or one of the errors the options allow: `InputTooLarge` exactly when
//!   the input is over `max_input_len`, `Malformed` only in strict mode (and then the input
//!   really is malformed in the encoding named), `TooManySpans` only when an unlimited parse
//!   gives more spans than `max_spans`; an `Ok` document never has more than `max_spans` nodes;
//! - every span is in bounds with `start <= end`; for valid UTF-8 input every span starts and
//!   ends on a character boundary of the input, is its decoded-text span shifted past a BOM,
//!   and `Document::text` is exactly the span's bytes; for other input the decoded-text span is
//!   on character boundaries of the decoded copy and the span's input bytes, decoded alone with
//!   the document's encoding, give `Document::text` (not checked for ISO-2022-JP, whose escape
//!   sequences make a byte range mean nothing without the bytes before it);
//! - leaves (`Kind::is_leaf`) are non-empty and, sorted by start, never overlap;
//! - leaves cover every non-whitespace character of the decoded text (whitespace:
//!   `char::is_whitespace` or U+FEFF), with no exception: a line-end hyphen that only split a
//!   word stays in its fragment;
//! - `Attr::HyphenRemoved` marks only fragments that end in a hyphen, and a paragraph's joined
//!   text holds the non-whitespace characters of its fragments, in order, less exactly those
//!   hyphens;
//! - children (byline names, dateline parts, jump pages, paragraph fragments) point to a parent
//!   of the right kind, come in one run right after it, and lie inside its span; a paragraph's
//!   span runs from its first fragment's start to its last fragment's end;
//! - `article` is `None` exactly for page-level nodes (boilerplate, unassigned), article node
//!   ranges are in bounds, disjoint, and hold exactly the nodes carrying their index, inside the
//!   article's span, with the top-level nodes in page order;
//! - the same input gives the same document, also through a `Parser` and a `Document` reused
//!   after another page (`Parser::parse_into`).

use std::fmt::Write as _;

use encoding_rs::Encoding;
use newspan::{Attr, Document, Error, Kind, Layout, Node, Options, Parser};

/// A page parsed before the input under test, to dirty the reused parser and document.
const WARM_UP: &str =
    "今晨上海的动与静\n\n本报记者 王小明\n\n晨报上海4月1日讯 今天凌晨，外滩\n\n的钟声敲响。\n\n下转第3版\n";

/// What a checked parse gave.
pub enum Outcome {
    /// The parse succeeded and every invariant holds.
    Parsed(Document),
    /// The parse returned an error the options allow.
    Refused(Error),
}

/// Options picked by one byte, so that a fuzzer or a generator can reach every combination:
/// bits 0-3 an encoding (none: detect), bit 4 strict mode, bits 5-6 a layout, bit 7 tight
/// limits (a few hundred bytes, a few dozen spans) so that the limit paths run too.
pub fn options_from_byte(b: u8) -> Options {
    const LABELS: [Option<&str>; 16] = [
        None,
        None,
        None,
        None,
        Some("utf-8"),
        Some("gbk"),
        Some("gb18030"),
        Some("big5"),
        Some("shift_jis"),
        Some("euc-jp"),
        Some("euc-kr"),
        Some("utf-16le"),
        Some("utf-16be"),
        Some("iso-2022-jp"),
        Some("windows-1252"),
        Some("koi8-r"),
    ];
    let mut o = Options::default();
    if let Some(label) = LABELS[usize::from(b & 0x0f)] {
        o = o.with_encoding_label(label).expect("a WHATWG label");
    }
    o = o.with_strict(b & 0x10 != 0);
    o = o.with_layout(
        [Layout::Auto, Layout::Paragraphs, Layout::Wrapped, Layout::Vertical][usize::from((b >> 5) & 3)],
    );
    if b & 0x80 != 0 {
        o = o.with_max_input_len(512).with_max_spans(40);
    }
    o
}

/// Whitespace, as the coverage invariant counts it.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// The message of a caught panic (for reports).
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(non-string panic payload)".into())
}

/// Parse `input` with `options`, check every invariant, and return the outcome or every broken
/// invariant, each a line naming the offending node.
pub fn parse_and_check(input: &[u8], options: &Options) -> Result<Outcome, Vec<String>> {
    let mut failures = Vec::new();
    let first = newspan::parse_with(input, options);
    let doc = match first {
        Ok(doc) => doc,
        Err(e) => {
            check_error(input, options, &e, &mut failures);
            // Refused inputs are refused every time, and leave a reused document empty.
            let mut parser = Parser::new(options.clone());
            let mut doc = parser.parse(WARM_UP.as_bytes()).unwrap_or_default();
            match parser.parse_into(input, &mut doc) {
                Err(again) if again == e => {}
                other => failures.push(format!(
                    "the first parse returned {e:?}, a reused parser {:?}",
                    other.map(|_| "Ok")
                )),
            }
            if !doc.nodes().is_empty() || doc.article_count() != 0 {
                failures.push(format!(
                    "after {e:?} parse_into left {} node(s) in the document",
                    doc.nodes().len()
                ));
            }
            return if failures.is_empty() { Ok(Outcome::Refused(e)) } else { Err(failures) };
        }
    };
    if input.len() > options.max_input_len() {
        failures.push(format!(
            "an input of {} bytes parsed although max_input_len is {}",
            input.len(),
            options.max_input_len()
        ));
    }
    if doc.nodes().len() > options.max_spans() {
        failures.push(format!("{} spans although max_spans is {}", doc.nodes().len(), options.max_spans()));
    }
    failures.extend(check_document(input, &doc));

    // Determinism: a parser and a document reused after another page give the same document
    // (a fresh second parse would add nothing: no state but the scratch buffers is kept).
    let mut parser = Parser::new(options.clone());
    let mut reused = parser.parse(WARM_UP.as_bytes()).unwrap_or_default();
    match parser.parse_into(input, &mut reused) {
        Ok(()) => compare("a reused Parser and Document", &doc, &reused, &mut failures),
        Err(e) => failures.push(format!("a reused parser returned {e:?}")),
    }
    if failures.is_empty() { Ok(Outcome::Parsed(doc)) } else { Err(failures) }
}

/// Is `e` an error these options allow for this input?
fn check_error(input: &[u8], options: &Options, e: &Error, failures: &mut Vec<String>) {
    match e {
        Error::InputTooLarge { len, limit } => {
            if *len != input.len()
                || *limit != options.max_input_len()
                || input.len() <= options.max_input_len()
            {
                failures.push(format!(
                    "{e:?} for an input of {} bytes, limit {}",
                    input.len(),
                    options.max_input_len()
                ));
            }
        }
        _ if input.len() > options.max_input_len() => {
            failures.push(format!("{e:?} instead of InputTooLarge for an input over max_input_len"));
        }
        Error::Malformed { encoding, offset } => {
            let malformed = Encoding::for_label(encoding.as_bytes())
                .is_some_and(|enc| enc.decode_without_bom_handling_and_without_replacement(input).is_none());
            if !options.strict() {
                failures.push(format!("{e:?} outside strict mode"));
            } else if *offset > input.len() {
                failures.push(format!("{e:?}: offset past the input ({} bytes)", input.len()));
            } else if !malformed {
                failures.push(format!("{e:?}, but the input decodes cleanly as {encoding}"));
            }
        }
        Error::TooManySpans { limit } => {
            let unlimited = options.clone().with_max_spans(usize::MAX);
            match newspan::parse_with(input, &unlimited) {
                Ok(doc) if doc.nodes().len() > *limit && *limit == options.max_spans() => {}
                Ok(doc) => failures.push(format!(
                    "{e:?} (max_spans {}), but without the limit the page has {} spans",
                    options.max_spans(),
                    doc.nodes().len()
                )),
                Err(e2) => failures.push(format!("{e:?}, and without the limit {e2:?}")),
            }
        }
        other => failures.push(format!("unexpected error {other:?}")),
    }
}

fn compare(how: &str, a: &Document, b: &Document, failures: &mut Vec<String>) {
    let same = a.nodes() == b.nodes()
        && a.article_count() == b.article_count()
        && a.articles()
            .zip(b.articles())
            .all(|(x, y)| x.span() == y.span() && x.node_range() == y.node_range())
        && a.layout() == b.layout()
        && a.encoding() == b.encoding()
        && a.input_len() == b.input_len()
        && a.had_decode_errors() == b.had_decode_errors()
        && a.decoded_text() == b.decoded_text();
    if !same {
        let at = a.nodes().iter().zip(b.nodes()).position(|(x, y)| x != y);
        failures.push(format!(
            "{how} gives a different document: {} vs {} nodes, {} vs {} articles, layout {} vs {}, {} vs {}, first node difference {}",
            a.nodes().len(),
            b.nodes().len(),
            a.article_count(),
            b.article_count(),
            a.layout().name(),
            b.layout().name(),
            a.encoding().name(),
            b.encoding().name(),
            at.map_or("(none)".to_string(), |i| format!("at {i}: {:?} vs {:?}", a.nodes()[i], b.nodes()[i]))
        ));
    }
}

fn show(s: &str) -> String {
    let short: String = s.chars().take(50).collect();
    if short.len() < s.len() { format!("{short:?}…") } else { format!("{short:?}") }
}

fn describe(input: &[u8], i: usize, n: &Node) -> String {
    let text = if n.span.start <= n.span.end && n.span.end <= input.len() {
        show(&String::from_utf8_lossy(&input[n.span.range()]))
    } else {
        "(out of bounds)".into()
    };
    format!("node {i} {} [{}..{}] {text}", n.kind.name(), n.span.start, n.span.end)
}

/// Every invariant of one document against the input it was parsed from. Empty when all hold.
pub fn check_document(input: &[u8], doc: &Document) -> Vec<String> {
    let mut f = Vec::new();
    spans_and_text(input, doc, &mut f);
    leaves_tile(input, doc, &mut f);
    tree(input, doc, &mut f);
    joined_text(input, doc, &mut f);
    articles(input, doc, &mut f);
    // One broken page can break thousands of nodes: keep the report readable.
    if f.len() > 40 {
        let more = f.len() - 40;
        f.truncate(40);
        f.push(format!("… and {more} more"));
    }
    f
}

fn spans_and_text(input: &[u8], doc: &Document, f: &mut Vec<String>) {
    if doc.input_len() != input.len() {
        f.push(format!("input_len() is {} for an input of {} bytes", doc.input_len(), input.len()));
    }
    let utf8_input = doc.decoded_text().is_none();
    let bom = if utf8_input && input.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
    let as_str = if utf8_input {
        match std::str::from_utf8(input) {
            Ok(s) => Some(s),
            Err(e) => {
                f.push(format!("no decoded copy was kept, but the input is not valid UTF-8 ({e})"));
                return;
            }
        }
    } else {
        None
    };
    if utf8_input && doc.had_decode_errors() {
        f.push("decode errors reported for valid UTF-8 input".into());
    }
    let stateful = doc.encoding().name() == "ISO-2022-JP";
    for (i, n) in doc.nodes().iter().enumerate() {
        if n.span.start > n.span.end || n.span.end > input.len() {
            f.push(format!("{}: out of bounds (input is {} bytes)", describe(input, i, n), input.len()));
            continue;
        }
        let t = n.text_span();
        if t.start > t.end {
            f.push(format!(
                "{}: decoded-text span {}..{} is reversed",
                describe(input, i, n),
                t.start,
                t.end
            ));
            continue;
        }
        let got = doc.text(input, n);
        if let Some(s) = as_str {
            if !s.is_char_boundary(n.span.start) || !s.is_char_boundary(n.span.end) {
                f.push(format!("{}: not on UTF-8 character boundaries of the input", describe(input, i, n)));
                continue;
            }
            if n.span.start != t.start + bom || n.span.end != t.end + bom {
                f.push(format!(
                    "{}: decoded-text span {}..{} is not the input span less a {bom}-byte BOM",
                    describe(input, i, n),
                    t.start,
                    t.end
                ));
            }
            if got != s[n.span.range()] {
                f.push(format!("{}: text() gives {}", describe(input, i, n), show(&got)));
            }
        } else {
            let decoded = doc.decoded_text().unwrap_or("");
            if t.end > decoded.len() || !decoded.is_char_boundary(t.start) || !decoded.is_char_boundary(t.end)
            {
                f.push(format!(
                    "{}: decoded-text span {}..{} is not on character boundaries of the {}-byte decoded copy",
                    describe(input, i, n),
                    t.start,
                    t.end,
                    decoded.len()
                ));
                continue;
            }
            if !stateful {
                let (from_bytes, _) = Encoding::for_label(doc.encoding().name().as_bytes())
                    .expect("a WHATWG name")
                    .decode_without_bom_handling(&input[n.span.range()]);
                if from_bytes != got && !gb18030_end_effect(doc, &from_bytes, &got) {
                    f.push(format!(
                        "{}: text() gives {} but the span's bytes decode ({}) to {}",
                        describe(input, i, n),
                        show(&got),
                        doc.encoding().name(),
                        show(&from_bytes)
                    ));
                }
            }
        }
    }
}

/// GB18030 (and GBK, decoded as GB18030) after a malformed four-byte sequence: in
/// `81 35 0A`, the whole input decodes to U+FFFD, then "5" (the digit is given back when the
/// third byte does not fit); a span ending after the "5", decoded alone, reaches the end of its
/// bytes with "81 35" pending, and the decoder swallows both into one U+FFFD (with a third byte
/// pending, "81 35 E6": "5" and the U+FFFD of the lone E6). The span is right (the digit is its
/// own byte); only the alone-decoding differs, by that digit and perhaps one more character.
fn gb18030_end_effect(doc: &Document, alone: &str, got: &str) -> bool {
    doc.had_decode_errors()
        && matches!(doc.encoding().name(), "gb18030" | "GBK")
        && alone.ends_with('\u{fffd}')
        && got.strip_prefix(alone).is_some_and(|rest| {
            let mut cs = rest.chars();
            cs.next().is_some_and(|c| c.is_ascii_digit())
                && cs.next().is_none_or(|c| c.is_ascii_digit() || c == '\u{fffd}')
                && cs.next().is_none()
        })
}

fn leaves_tile(input: &[u8], doc: &Document, f: &mut Vec<String>) {
    let nodes = doc.nodes();
    let in_bounds = |n: &Node| n.span.start <= n.span.end && n.span.end <= input.len();
    let table_leaves = nodes.iter().filter(|n| n.kind.is_leaf()).count();
    if doc.leaves().count() != table_leaves {
        f.push(format!("leaves() lists {} of the {table_leaves} leaf nodes", doc.leaves().count()));
    }
    let mut leaves: Vec<(usize, &Node)> =
        nodes.iter().enumerate().filter(|(_, n)| n.kind.is_leaf() && in_bounds(n)).collect();
    leaves.sort_by_key(|(_, n)| (n.span.start, n.span.end));
    for &(i, n) in &leaves {
        if n.span.is_empty() {
            f.push(format!("{}: an empty leaf", describe(input, i, n)));
        }
    }
    for w in leaves.windows(2) {
        let ((i, a), (j, b)) = (w[0], w[1]);
        if b.span.start < a.span.end {
            f.push(format!("leaves overlap: {} and {}", describe(input, i, a), describe(input, j, b)));
        }
    }

    // Coverage, over the decoded text.
    let text: &str = match doc.decoded_text() {
        Some(t) => t,
        None => match std::str::from_utf8(input) {
            Ok(s) => &s[if s.starts_with('\u{feff}') { 3 } else { 0 }..],
            Err(_) => return, // reported by spans_and_text
        },
    };
    let mut covered = vec![false; text.len() + 1];
    for n in nodes.iter().filter(|n| n.kind.is_leaf()) {
        let t = n.text_span();
        let (s, e) = (t.start.min(text.len()), t.end.min(text.len()));
        if s < e {
            covered[s..e].iter_mut().for_each(|c| *c = true);
        }
    }
    let mut reported = 0;
    let mut run: Option<(usize, usize)> = None;
    let mut report = |f: &mut Vec<String>, (s, e): (usize, usize)| {
        if reported < 5 {
            f.push(format!("decoded text [{s}..{e}] {} is covered by no leaf", show(&text[s..e])));
        }
        reported += 1;
    };
    for (off, c) in text.char_indices() {
        if is_space(c) || covered[off] {
            if let Some(r) = run.take() {
                report(f, r);
            }
        } else {
            run = Some(run.map_or((off, off + c.len_utf8()), |(s, _)| (s, off + c.len_utf8())));
        }
    }
    if let Some(r) = run {
        report(f, r);
    }
}

/// The hyphens a fragment marked `Attr::HyphenRemoved` may end with.
const SPLIT_HYPHENS: [char; 3] = ['-', '\u{ad}', '\u{2010}'];

/// `Attr::HyphenRemoved` only on fragments ending in a hyphen; each paragraph's joined text is
/// its fragments' text, whitespace aside, less the hyphens so marked.
fn joined_text(input: &[u8], doc: &Document, f: &mut Vec<String>) {
    for (i, n) in doc.nodes().iter().enumerate() {
        if n.attr == Attr::HyphenRemoved
            && (n.kind != Kind::Fragment || !doc.text(input, n).trim_end().ends_with(SPLIT_HYPHENS))
        {
            f.push(format!("{}: marked HyphenRemoved without a line-end hyphen", describe(input, i, n)));
        }
    }
    let solid = |s: &str| s.chars().filter(|&c| !is_space(c)).collect::<String>();
    for a in doc.articles() {
        for p in a.paragraphs() {
            let mut want = String::new();
            for n in p.fragments() {
                let t = doc.text(input, n);
                let mut t = t.trim_end();
                if n.attr == Attr::HyphenRemoved {
                    t = t.strip_suffix(SPLIT_HYPHENS).unwrap_or(t);
                }
                want.push_str(&solid(t));
            }
            let got = solid(&p.text(input));
            if got != want {
                let i = a.node_range().start
                    + doc.nodes()[a.node_range()].iter().position(|m| std::ptr::eq(m, p.node)).unwrap_or(0);
                f.push(format!(
                    "{}: the joined text {} is not its fragments' text {} (less removed hyphens)",
                    describe(input, i, p.node),
                    show(&got),
                    show(&want)
                ));
            }
        }
    }
}

fn tree(input: &[u8], doc: &Document, f: &mut Vec<String>) {
    let nodes = doc.nodes();
    for (i, n) in nodes.iter().enumerate() {
        let want = match n.kind {
            Kind::BylineName => Some(Kind::Byline),
            Kind::DatelineSource | Kind::DatelinePlace | Kind::DatelineDate => Some(Kind::Dateline),
            Kind::JumpPage => Some(Kind::Jump),
            Kind::Fragment => Some(Kind::Paragraph),
            _ => None,
        };
        match (want, n.parent) {
            (None, None) => {}
            (None, Some(p)) => f.push(format!("{}: a top-level kind with parent {p}", describe(input, i, n))),
            (Some(w), None) => {
                f.push(format!("{}: no parent (should be a {})", describe(input, i, n), w.name()))
            }
            (Some(w), Some(p)) => {
                let p = p as usize;
                let Some(parent) = nodes.get(p) else {
                    f.push(format!("{}: parent {p} is past the table", describe(input, i, n)));
                    continue;
                };
                if p >= i || parent.kind != w {
                    f.push(format!(
                        "{}: parent {} should be a {} before it",
                        describe(input, i, n),
                        describe(input, p, parent),
                        w.name()
                    ));
                }
                if n.span.start < parent.span.start || n.span.end > parent.span.end {
                    f.push(format!(
                        "{}: outside its parent {}",
                        describe(input, i, n),
                        describe(input, p, parent)
                    ));
                }
                if n.article != parent.article {
                    f.push(format!("{}: article differs from its parent's", describe(input, i, n)));
                }
                // `Document::children` reads the run of nodes right after the parent.
                if p < i && nodes[p + 1..i].iter().any(|m| m.parent != Some(p as u32)) {
                    f.push(format!(
                        "{}: not in the run of children right after its parent {p}",
                        describe(input, i, n)
                    ));
                }
            }
        }
        if n.kind == Kind::Paragraph {
            let frags: Vec<&Node> = doc.children(i).filter(|c| c.kind == Kind::Fragment).collect();
            match (frags.first(), frags.iter().map(|c| c.span.end).max()) {
                (Some(first), Some(end)) => {
                    if n.span.start != first.span.start || n.span.end != end {
                        f.push(format!(
                            "{}: a paragraph not spanning its fragments ({}..{})",
                            describe(input, i, n),
                            first.span.start,
                            end
                        ));
                    }
                }
                _ => f.push(format!("{}: a paragraph with no fragment", describe(input, i, n))),
            }
        }
    }
}

fn articles(input: &[u8], doc: &Document, f: &mut Vec<String>) {
    let nodes = doc.nodes();
    let count = doc.article_count();
    let mut owner: Vec<Option<usize>> = vec![None; nodes.len()];
    for a in doc.articles() {
        let r = a.node_range();
        if r.start > r.end || r.end > nodes.len() {
            f.push(format!("article {}: node range {r:?} past the table ({} nodes)", a.index(), nodes.len()));
            continue;
        }
        if r.is_empty() {
            f.push(format!("article {}: no node", a.index()));
        }
        let span = a.span();
        // An article's top-level nodes come in page order.
        let mut last_top: Option<(usize, &Node)> = None;
        for i in r.clone() {
            let n = &nodes[i];
            if n.parent.is_some() {
                continue;
            }
            if let Some((j, m)) = last_top.filter(|(_, m)| n.span.start < m.span.start) {
                f.push(format!(
                    "article {}: {} comes after {}, out of page order",
                    a.index(),
                    describe(input, i, n),
                    describe(input, j, m)
                ));
            }
            last_top = Some((i, n));
        }
        for i in r {
            if let Some(o) = owner[i] {
                f.push(format!("node {i} is in the ranges of articles {o} and {}", a.index()));
            }
            owner[i] = Some(a.index());
            let n = &nodes[i];
            if n.article != Some(a.index() as u32) {
                f.push(format!(
                    "{}: in article {}'s range, carries {:?}",
                    describe(input, i, n),
                    a.index(),
                    n.article
                ));
            }
            if n.span.start < span.start || n.span.end > span.end {
                f.push(format!(
                    "{}: outside article {}'s span {}..{}",
                    describe(input, i, n),
                    a.index(),
                    span.start,
                    span.end
                ));
            }
        }
    }
    for (i, n) in nodes.iter().enumerate() {
        let page_level = matches!(n.kind, Kind::Boilerplate | Kind::Unassigned);
        match n.article {
            None if page_level => {}
            None => f.push(format!("{}: an article-level kind with no article", describe(input, i, n))),
            Some(_) if page_level => {
                f.push(format!("{}: a page-level kind with an article", describe(input, i, n)))
            }
            Some(a) if a as usize >= count => {
                f.push(format!("{}: article {a} of {count}", describe(input, i, n)));
            }
            Some(_) if owner[i].is_none() => {
                f.push(format!("{}: carries an article but is in no article's range", describe(input, i, n)));
            }
            Some(_) => {}
        }
    }
    let listed = doc.boilerplate().count() + doc.unassigned().count();
    let page_level = nodes.iter().filter(|n| matches!(n.kind, Kind::Boilerplate | Kind::Unassigned)).count();
    if listed != page_level {
        f.push(format!("boilerplate() + unassigned() list {listed} of {page_level} page-level nodes"));
    }
}

/// A short, printable description of an input for failure messages: its length and, when
/// short, its bytes as an escaped Rust byte string.
pub fn describe_input(input: &[u8]) -> String {
    let mut s = format!("{} bytes", input.len());
    if input.len() <= 300 {
        s.push_str(": b\"");
        for &b in input {
            match b {
                b'"' => s.push_str("\\\""),
                b'\\' => s.push_str("\\\\"),
                0x20..=0x7e => s.push(b as char),
                b'\n' => s.push_str("\\n"),
                _ => {
                    let _ = write!(s, "\\x{b:02x}");
                }
            }
        }
        s.push('"');
    }
    s
}
