//! Data-driven fixture tests.
//!
//! Every `tests/fixtures/NAME.txt` and every `examples/pages/NAME.txt` that has a
//! `NAME.expected` beside it is parsed twice: once with the line roles its answer implies
//! (`newspan::tools::parse_with_answer`), which must give exactly the answer (the assembly,
//! the recognisers' splits, names and dateline parts, the joins), and once with the built-in
//! model (`newspan::parse`), which must agree with the answer on at least
//! [`MODEL_AGREEMENT_FLOOR`] of its items (the model was never trained on these pages). The
//! document is rendered into the structure of the `.expected` format (see
//! `tests/fixtures/README.md`) and compared with the hand-written answer field by field and
//! article by article. All mismatches of all fixtures are collected and reported together, each
//! naming the fixture, the article, the field and the expected and actual values.
//!
//! Comparison rules (from the README and `ANNOTATION.md`):
//! - every value is normalised before comparing: the lines of a value that runs over several
//!   lines are joined (nothing between CJK / full-width characters or after a line-end hyphen,
//!   one space otherwise), then each run of whitespace becomes one space and the ends are trimmed;
//! - a dateline's text is also compared without separators at either end (dash, colon, space);
//! - `byline(ROLE): TEXT` with no ` => ` means the byline names nobody; `dateline: TEXT` with no
//!   ` => ` means it has no source, place or date parts; a part left out means the part is absent;
//! - a missing `[boilerplate]` or `[unassigned]` section means the page has none.
//!
//! Environment:
//! - `NEWSPAN_FIXTURE=substring` runs only the fixtures whose file name contains it;
//! - `NEWSPAN_FIXTURE_DUMP=1` prints what the parser produced for each fixture that differs,
//!   in the `.expected` format (a starting point for reading the output, never for writing an
//!   answer file).

#[path = "../fuzz/src/check.rs"]
#[allow(dead_code)]
mod check;

use std::fmt::Write as _;
use std::fs;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};

// ---------------------------------------------------------------------------------------------
// The expected page

/// One page's answer, as written in a `.expected` file (or rendered from a parsed document).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct ExpectedPage {
    layout: Option<String>,
    articles: Vec<ExpectedArticle>,
    boilerplate: Vec<String>,
    unassigned: Vec<String>,
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct ExpectedArticle {
    /// Line of the `[article]` header in the `.expected` file (0 for a rendered article).
    line: usize,
    kicker: Vec<String>,
    title: Vec<String>,
    subtitle: Vec<String>,
    bylines: Vec<ExpectedByline>,
    dateline: Option<ExpectedDateline>,
    paragraphs: Vec<String>,
    subheads: Vec<String>,
    captions: Vec<String>,
    jumps: Vec<ExpectedJump>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct ExpectedByline {
    role: String,
    text: String,
    names: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct ExpectedDateline {
    text: String,
    source: Option<String>,
    place: Option<String>,
    date: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct ExpectedJump {
    direction: String,
    page: Option<String>,
    text: String,
}

const ROLES: [&str; 6] = ["reporter", "correspondent", "photographer", "intern", "agency", "other"];
const LAYOUTS: [&str; 3] = ["paragraphs", "wrapped", "vertical"];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Preamble,
    Article,
    Boilerplate,
    Unassigned,
}

/// Parse the text of a `.expected` file. Errors name the file and line.
fn parse_expected(name: &str, src: &str) -> Result<ExpectedPage, String> {
    let mut page = ExpectedPage::default();
    let mut section = Section::Preamble;
    let mut seen_boilerplate = false;
    let mut seen_unassigned = false;
    for (i, raw) in src.lines().enumerate() {
        let lineno = i + 1;
        let err = |msg: String| format!("{name}:{lineno}: {msg} (line: {raw:?})");
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        // Section headers: `[word]`.
        if let Some(inner) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            if !inner.is_empty() && inner.chars().all(|c| c.is_ascii_lowercase()) {
                match inner {
                    "article" => {
                        page.articles.push(ExpectedArticle { line: lineno, ..Default::default() });
                        section = Section::Article;
                    }
                    "boilerplate" => {
                        if seen_boilerplate {
                            return Err(err("a second [boilerplate] section".into()));
                        }
                        seen_boilerplate = true;
                        section = Section::Boilerplate;
                    }
                    "unassigned" => {
                        if seen_unassigned {
                            return Err(err("a second [unassigned] section".into()));
                        }
                        seen_unassigned = true;
                        section = Section::Unassigned;
                    }
                    other => {
                        return Err(err(format!(
                            "unknown section [{other}] (expected [article], [boilerplate] or [unassigned])"
                        )));
                    }
                }
                continue;
            }
        }
        match section {
            Section::Boilerplate => page.boilerplate.push(line.to_string()),
            Section::Unassigned => page.unassigned.push(line.to_string()),
            Section::Preamble => {
                let (field, attr, value) = split_field(line).map_err(&err)?;
                if field != "layout" || attr.is_some() {
                    return Err(err(format!(
                        "`{field}` outside an [article] section (only `layout:` may come before the first section)"
                    )));
                }
                if page.layout.is_some() {
                    return Err(err("a second `layout:` line".into()));
                }
                if !LAYOUTS.contains(&value) {
                    return Err(err(format!("unknown layout `{value}` (expected one of {LAYOUTS:?})")));
                }
                page.layout = Some(value.to_string());
            }
            Section::Article => {
                let (field, attr, value) = split_field(line).map_err(&err)?;
                let article = page.articles.last_mut().expect("an [article] section is open");
                let no_attr = |attr: Option<&str>| match attr {
                    None => Ok(()),
                    Some(a) => Err(err(format!("`{field}` takes no `({a})`"))),
                };
                match field {
                    "kicker" => {
                        no_attr(attr)?;
                        article.kicker.push(value.to_string());
                    }
                    "title" => {
                        no_attr(attr)?;
                        article.title.push(value.to_string());
                    }
                    "subtitle" => {
                        no_attr(attr)?;
                        article.subtitle.push(value.to_string());
                    }
                    "paragraph" => {
                        no_attr(attr)?;
                        article.paragraphs.push(value.to_string());
                    }
                    "subhead" => {
                        no_attr(attr)?;
                        article.subheads.push(value.to_string());
                    }
                    "caption" => {
                        no_attr(attr)?;
                        article.captions.push(value.to_string());
                    }
                    "byline" => {
                        let role = attr.ok_or_else(|| {
                            err(format!("`byline` needs a role: byline(ROLE) with ROLE one of {ROLES:?}"))
                        })?;
                        if !ROLES.contains(&role) {
                            return Err(err(format!(
                                "unknown byline role `{role}` (expected one of {ROLES:?})"
                            )));
                        }
                        let (text, names) = split_arrow(value);
                        if text.is_empty() {
                            return Err(err("byline with no text before `=>`".into()));
                        }
                        let names = match names {
                            None => Vec::new(),
                            Some(n) => {
                                let names: Vec<String> = n.split('|').map(|s| s.trim().to_string()).collect();
                                if names.iter().any(String::is_empty) {
                                    return Err(err("empty name in the list after `=>`".into()));
                                }
                                names
                            }
                        };
                        article.bylines.push(ExpectedByline {
                            role: role.to_string(),
                            text: text.to_string(),
                            names,
                        });
                    }
                    "dateline" => {
                        no_attr(attr)?;
                        if article.dateline.is_some() {
                            return Err(err(
                                "a second `dateline` in one article (only the first dateline counts)".into(),
                            ));
                        }
                        let (text, parts) = split_arrow(value);
                        if text.is_empty() {
                            return Err(err("dateline with no text before `=>`".into()));
                        }
                        let mut d = ExpectedDateline {
                            text: text.to_string(),
                            source: None,
                            place: None,
                            date: None,
                        };
                        if let Some(parts) = parts {
                            for part in parts.split('|').map(str::trim) {
                                let (key, val) =
                                    part.split_once(' ').map(|(k, v)| (k, v.trim())).unwrap_or((part, ""));
                                if val.is_empty() {
                                    return Err(err(format!(
                                        "dateline part `{part}` has no value (write `source S`, `place P` or `date D`)"
                                    )));
                                }
                                let slot = match key {
                                    "source" => &mut d.source,
                                    "place" => &mut d.place,
                                    "date" => &mut d.date,
                                    _ => {
                                        return Err(err(format!(
                                            "unknown dateline part `{key}` (expected source, place or date)"
                                        )));
                                    }
                                };
                                if slot.is_some() {
                                    return Err(err(format!("dateline part `{key}` given twice")));
                                }
                                *slot = Some(val.to_string());
                            }
                        }
                        article.dateline = Some(d);
                    }
                    "jump" => {
                        let attr = attr.ok_or_else(|| {
                            err("`jump` needs a direction: jump(to N) or jump(from N)".into())
                        })?;
                        let (dir, page_text) = match attr.split_once(' ') {
                            Some((d, p)) => (d, Some(p.trim())),
                            None => (attr, None),
                        };
                        if dir != "to" && dir != "from" {
                            return Err(err(format!(
                                "unknown jump direction `{dir}` (expected `to` or `from`)"
                            )));
                        }
                        article.jumps.push(ExpectedJump {
                            direction: dir.to_string(),
                            page: page_text.filter(|p| !p.is_empty()).map(str::to_string),
                            text: value.to_string(),
                        });
                    }
                    "layout" => return Err(err("`layout:` must come before the first section".into())),
                    other => {
                        return Err(err(format!(
                            "unknown field `{other}` (expected kicker, title, subtitle, byline(ROLE), dateline, paragraph, subhead, caption or jump(DIR N))"
                        )));
                    }
                }
            }
        }
    }
    Ok(page)
}

/// Split `field(attr): value`. The field is lowercase ASCII; the value must not be empty.
fn split_field(line: &str) -> Result<(&str, Option<&str>, &str), String> {
    let Some((key, value)) = line.split_once(':') else {
        return Err("expected `field: value` or `field(attr): value`, found no `:`".into());
    };
    let key = key.trim();
    let value = value.trim();
    let (field, attr) = match key.split_once('(') {
        Some((f, rest)) => {
            let Some(a) = rest.strip_suffix(')') else {
                return Err(format!("unclosed `(` in `{key}`"));
            };
            (f.trim(), Some(a.trim()))
        }
        None => (key, None),
    };
    if field.is_empty() || !field.chars().all(|c| c.is_ascii_lowercase()) {
        return Err(format!("`{key}` is not a field name (lowercase ASCII letters, optional `(attr)`)"));
    }
    if attr == Some("") {
        return Err(format!("empty `()` after `{field}`"));
    }
    if value.is_empty() {
        return Err(format!("`{key}:` has no value"));
    }
    Ok((field, attr, value))
}

/// Split `TEXT => REST`. A trailing `=>` with nothing after it gives `Some("")`.
fn split_arrow(value: &str) -> (&str, Option<&str>) {
    match value.find("=>") {
        Some(at) => {
            let rest = value[at + 2..].trim();
            (value[..at].trim(), if rest.is_empty() { None } else { Some(rest) })
        }
        None => (value.trim(), None),
    }
}

// ---------------------------------------------------------------------------------------------
// Normalisation

/// CJK ideographs, kana, hangul and full-width punctuation: joined with nothing between them.
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF
        | 0x3040..=0x30FF | 0x31F0..=0x31FF | 0xAC00..=0xD7AF | 0x3000..=0x303F
        | 0xFF00..=0xFF60 | 0xFFE0..=0xFFEE | 0x2018..=0x201F | 0x2026 | 0x2014 | 0x2015
        | 0x25A0..=0x25FF | 0x2460..=0x24FF | 0x00B7 | 0x2027)
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// Normalise a value for comparison: join its lines (nothing between wide characters or after
/// a line-end hyphen, one space otherwise), collapse whitespace runs to one space, trim.
fn norm(text: &str) -> String {
    let mut joined = String::new();
    for line in text.split(['\n', '\r', '\u{c}']).map(|l| l.trim_matches(is_space)).filter(|l| !l.is_empty())
    {
        if let (Some(a), Some(b)) = (joined.chars().next_back(), line.chars().next()) {
            if !(is_wide(a) || is_wide(b) || a == '-' || a == '\u{2010}') {
                joined.push(' ');
            }
        }
        joined.push_str(line);
    }
    let mut out = String::with_capacity(joined.len());
    let mut in_space = false;
    for c in joined.chars() {
        if is_space(c) {
            in_space = true;
        } else {
            if in_space && !out.is_empty() {
                out.push(' ');
            }
            in_space = false;
            out.push(c);
        }
    }
    out
}

/// A dateline's text without separators at either end (they do not matter, ANNOTATION.md).
fn norm_dateline(text: &str) -> String {
    norm(text)
        .trim_matches(|c: char| is_space(c) || matches!(c, '-' | '—' | '–' | '―' | ':' | '：'))
        .to_string()
}

fn norm_page(page: &ExpectedPage) -> ExpectedPage {
    let n = |v: &Vec<String>| v.iter().map(|s| norm(s)).collect::<Vec<_>>();
    ExpectedPage {
        layout: page.layout.clone(),
        articles: page
            .articles
            .iter()
            .map(|a| ExpectedArticle {
                line: a.line,
                kicker: n(&a.kicker),
                title: n(&a.title),
                subtitle: n(&a.subtitle),
                bylines: a
                    .bylines
                    .iter()
                    .map(|b| ExpectedByline { role: b.role.clone(), text: norm(&b.text), names: n(&b.names) })
                    .collect(),
                dateline: a.dateline.as_ref().map(|d| ExpectedDateline {
                    text: norm_dateline(&d.text),
                    source: d.source.as_deref().map(norm),
                    place: d.place.as_deref().map(norm),
                    date: d.date.as_deref().map(norm),
                }),
                paragraphs: n(&a.paragraphs),
                subheads: n(&a.subheads),
                captions: n(&a.captions),
                jumps: a
                    .jumps
                    .iter()
                    .map(|j| ExpectedJump {
                        direction: j.direction.clone(),
                        page: j.page.as_deref().map(norm),
                        text: norm(&j.text),
                    })
                    .collect(),
            })
            .collect(),
        boilerplate: n(&page.boilerplate),
        unassigned: n(&page.unassigned),
    }
}

// ---------------------------------------------------------------------------------------------
// Rendering a parsed document

fn render(doc: &newspan::Document, input: &[u8]) -> ExpectedPage {
    let text = |node: &newspan::Node| doc.text(input, node).into_owned();
    let articles = doc
        .articles()
        .map(|a| ExpectedArticle {
            line: 0,
            kicker: a.kicker().map(text).collect(),
            title: a.title().map(text).collect(),
            subtitle: a.subtitle().map(text).collect(),
            bylines: a
                .bylines()
                .map(|b| ExpectedByline {
                    role: b.role().name().to_string(),
                    text: text(b.node),
                    names: b.names().map(text).collect(),
                })
                .collect(),
            dateline: a.dateline().map(|d| ExpectedDateline {
                text: text(d.node),
                source: d.source().map(text),
                place: d.place().map(text),
                date: d.date().map(text),
            }),
            paragraphs: a.paragraphs().map(|p| p.text(input)).collect(),
            subheads: a.subheads().map(text).collect(),
            captions: a.captions().map(text).collect(),
            jumps: a
                .jumps()
                .map(|j| ExpectedJump {
                    direction: j.direction().name().to_string(),
                    page: j.page().map(text),
                    text: text(j.node),
                })
                .collect(),
        })
        .collect();
    ExpectedPage {
        layout: Some(doc.layout().name().to_string()),
        articles,
        boilerplate: doc.boilerplate().map(text).collect(),
        unassigned: doc.unassigned().map(text).collect(),
    }
}

/// A page in the `.expected` format (used for the dump, and by the round-trip unit test).
fn to_expected_text(page: &ExpectedPage) -> String {
    let mut s = String::new();
    if let Some(l) = &page.layout {
        let _ = writeln!(s, "layout: {l}");
    }
    for a in &page.articles {
        let _ = writeln!(s, "\n[article]");
        for v in &a.kicker {
            let _ = writeln!(s, "kicker: {v}");
        }
        for v in &a.title {
            let _ = writeln!(s, "title: {v}");
        }
        for v in &a.subtitle {
            let _ = writeln!(s, "subtitle: {v}");
        }
        for b in &a.bylines {
            let _ = writeln!(s, "{}", byline_line(b));
        }
        if let Some(d) = &a.dateline {
            let _ = writeln!(s, "{}", dateline_line(d));
        }
        for v in &a.paragraphs {
            let _ = writeln!(s, "paragraph: {v}");
        }
        for v in &a.subheads {
            let _ = writeln!(s, "subhead: {v}");
        }
        for v in &a.captions {
            let _ = writeln!(s, "caption: {v}");
        }
        for j in &a.jumps {
            let _ = writeln!(s, "{}", jump_line(j));
        }
    }
    if !page.boilerplate.is_empty() {
        let _ = writeln!(s, "\n[boilerplate]");
        for v in &page.boilerplate {
            let _ = writeln!(s, "{v}");
        }
    }
    if !page.unassigned.is_empty() {
        let _ = writeln!(s, "\n[unassigned]");
        for v in &page.unassigned {
            let _ = writeln!(s, "{v}");
        }
    }
    s
}

fn byline_line(b: &ExpectedByline) -> String {
    if b.names.is_empty() {
        format!("byline({}): {}", b.role, b.text)
    } else {
        format!("byline({}): {} => {}", b.role, b.text, b.names.join(" | "))
    }
}

fn dateline_line(d: &ExpectedDateline) -> String {
    let mut parts = Vec::new();
    if let Some(v) = &d.source {
        parts.push(format!("source {v}"));
    }
    if let Some(v) = &d.place {
        parts.push(format!("place {v}"));
    }
    if let Some(v) = &d.date {
        parts.push(format!("date {v}"));
    }
    if parts.is_empty() {
        format!("dateline: {}", d.text)
    } else {
        format!("dateline: {} => {}", d.text, parts.join(" | "))
    }
}

fn jump_line(j: &ExpectedJump) -> String {
    match &j.page {
        Some(p) => format!("jump({} {}): {}", j.direction, p, j.text),
        None => format!("jump({}): {}", j.direction, j.text),
    }
}

// ---------------------------------------------------------------------------------------------
// Comparison

struct Mismatches {
    fixture: String,
    lines: Vec<String>,
}

impl Mismatches {
    fn push(&mut self, article: Option<(usize, &str)>, field: &str, expected: &str, got: &str) {
        let at = match article {
            Some((i, title)) => format!("article {i} ({title})"),
            None => "page".to_string(),
        };
        let mut line =
            format!("{}: {at}: {field}:\n      expected: {expected}\n      got:      {got}", self.fixture);
        if let Some(hint) = first_difference(expected, got) {
            line.push_str("\n      ");
            line.push_str(&hint);
        }
        self.lines.push(line);
    }
}

/// For long values, where the two strings first differ.
fn first_difference(expected: &str, got: &str) -> Option<String> {
    if expected.chars().count() < 40 || got == "<missing>" || expected == "<missing>" {
        return None;
    }
    let e: Vec<char> = expected.chars().collect();
    let g: Vec<char> = got.chars().collect();
    let at = e.iter().zip(&g).take_while(|(a, b)| a == b).count();
    let ctx = |v: &[char]| -> String {
        let from = at.saturating_sub(12);
        let to = (at + 24).min(v.len());
        let mut s: String = v[from..to].iter().collect();
        if from > 0 {
            s.insert(0, '…');
        }
        if to < v.len() {
            s.push('…');
        }
        s
    };
    Some(format!("first difference at char {at}: expected «{}» got «{}»", ctx(&e), ctx(&g)))
}

fn compare_list(
    m: &mut Mismatches,
    article: Option<(usize, &str)>,
    field: &str,
    expected: &[String],
    got: &[String],
) {
    for i in 0..expected.len().max(got.len()) {
        let e = expected.get(i).map(String::as_str).unwrap_or("<missing>");
        let g = got.get(i).map(String::as_str).unwrap_or("<missing>");
        if e != g {
            m.push(article, &format!("{field}[{i}]"), e, g);
        }
    }
}

fn headline_of(a: &ExpectedArticle) -> String {
    let h = a.title.first().or(a.kicker.first()).or(a.subtitle.first()).cloned().unwrap_or_default();
    let short: String = h.chars().take(24).collect();
    if short.len() < h.len() { format!("«{short}…»") } else { format!("«{short}»") }
}

fn compare(m: &mut Mismatches, expected: &ExpectedPage, got: &ExpectedPage) {
    if let Some(layout) = &expected.layout {
        let g = got.layout.clone().unwrap_or_default();
        if *layout != g {
            m.push(None, "layout", layout, &g);
        }
    }
    if expected.articles.len() != got.articles.len() {
        m.push(
            None,
            "article count",
            &expected.articles.len().to_string(),
            &format!(
                "{} (titles: {})",
                got.articles.len(),
                got.articles.iter().map(headline_of).collect::<Vec<_>>().join(", ")
            ),
        );
    }
    for i in 0..expected.articles.len().max(got.articles.len()) {
        match (expected.articles.get(i), got.articles.get(i)) {
            (Some(e), Some(g)) => {
                let label = format!("{}, .expected line {}", headline_of(e), e.line);
                let at = Some((i, label.as_str()));
                let joined = |a: &ExpectedArticle| [&a.kicker, &a.title, &a.subtitle].map(|v| v.join(" / "));
                let split_only = (&e.kicker, &e.title, &e.subtitle) != (&g.kicker, &g.title, &g.subtitle)
                    && e.kicker.iter().chain(&e.title).chain(&e.subtitle).eq(g
                        .kicker
                        .iter()
                        .chain(&g.title)
                        .chain(&g.subtitle));
                if split_only {
                    // The same headline lines, split differently between kicker, title and
                    // subtitle: one message (ANNOTATION.md counts the split as secondary, but
                    // the answer file says what the split is).
                    let show = |[k, t, s]: [String; 3]| format!("kicker [{k}] title [{t}] subtitle [{s}]");
                    m.push(
                        at,
                        "headline split (the lines match, their roles differ)",
                        &show(joined(e)),
                        &show(joined(g)),
                    );
                } else {
                    compare_list(m, at, "kicker", &e.kicker, &g.kicker);
                    compare_list(m, at, "title", &e.title, &g.title);
                    compare_list(m, at, "subtitle", &e.subtitle, &g.subtitle);
                }
                let bl = |v: &[ExpectedByline]| v.iter().map(byline_line).collect::<Vec<_>>();
                compare_list(m, at, "byline", &bl(&e.bylines), &bl(&g.bylines));
                let dl = |d: &Option<ExpectedDateline>| d.iter().map(dateline_line).collect::<Vec<_>>();
                compare_list(m, at, "dateline", &dl(&e.dateline), &dl(&g.dateline));
                compare_list(m, at, "paragraph", &e.paragraphs, &g.paragraphs);
                compare_list(m, at, "subhead", &e.subheads, &g.subheads);
                compare_list(m, at, "caption", &e.captions, &g.captions);
                let jl = |v: &[ExpectedJump]| v.iter().map(jump_line).collect::<Vec<_>>();
                compare_list(m, at, "jump", &jl(&e.jumps), &jl(&g.jumps));
            }
            (Some(e), None) => {
                let label = format!("{}, .expected line {}", headline_of(e), e.line);
                m.push(Some((i, label.as_str())), "article", "an article", "<missing>");
            }
            (None, Some(g)) => {
                let label = headline_of(g);
                let first = g
                    .title
                    .first()
                    .or(g.paragraphs.first())
                    .or(g.captions.first())
                    .cloned()
                    .unwrap_or_default();
                m.push(
                    Some((i, label.as_str())),
                    "article",
                    "<missing>",
                    &format!("an extra article: {first}"),
                );
            }
            (None, None) => unreachable!(),
        }
    }
    compare_list(m, None, "boilerplate", &expected.boilerplate, &got.boilerplate);
    compare_list(m, None, "unassigned", &expected.unassigned, &got.unassigned);
}

// ---------------------------------------------------------------------------------------------
// Discovery and the test

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `(page, expected)` pair under `tests/fixtures/` and `examples/pages/`, sorted.
/// An `.expected` file without its page is an error.
fn fixture_pairs() -> Result<Vec<(PathBuf, PathBuf)>, Vec<String>> {
    let mut pairs = Vec::new();
    let mut errors = Vec::new();
    for dir in ["tests/fixtures", "examples/pages"] {
        let dir = manifest_dir().join(dir);
        let Ok(entries) = fs::read_dir(&dir) else {
            errors.push(format!("cannot read {}", dir.display()));
            continue;
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            match path.extension().and_then(|e| e.to_str()) {
                Some("txt") => {
                    let expected = path.with_extension("expected");
                    if expected.is_file() {
                        pairs.push((path, expected));
                    }
                }
                Some("expected") if !path.with_extension("txt").is_file() => {
                    errors.push(format!(
                        "{}: no page {} beside it",
                        path.display(),
                        path.with_extension("txt").display()
                    ));
                }
                _ => {}
            }
        }
    }
    if errors.is_empty() { Ok(pairs) } else { Err(errors) }
}

fn display_name(path: &Path) -> String {
    path.strip_prefix(manifest_dir()).unwrap_or(path).display().to_string()
}

/// The gold answer (`NAME.gold.json`, as the training tools read it) an `.expected` page gives.
fn gold_json(e: &ExpectedPage) -> String {
    let articles: Vec<serde_json::Value> = e
        .articles
        .iter()
        .map(|a| {
            serde_json::json!({
                "kicker": a.kicker, "title": a.title, "subtitle": a.subtitle,
                "bylines": a.bylines.iter().map(|b| b.text.clone()).collect::<Vec<_>>(),
                "authors": a.bylines.iter().flat_map(|b| b.names.clone()).collect::<Vec<_>>(),
                "dateline": a.dateline.as_ref().map(|d| d.text.clone()),
                "paragraphs": a.paragraphs, "subheads": a.subheads, "captions": a.captions,
                "jumps": a.jumps.iter().map(|j| j.text.clone()).collect::<Vec<_>>(),
            })
        })
        .collect();
    serde_json::json!({"articles": articles, "boilerplate": e.boilerplate, "ignore": e.unassigned})
        .to_string()
}

/// How a fixture page is parsed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// With the model built into the library: `newspan::parse`.
    Model,
    /// With the line states the page's answer implies (`newspan::tools::parse_with_answer`):
    /// everything but the model's choices.
    Answer,
}

/// What a run over the fixtures found.
struct Run {
    report: Vec<String>,
    failed: Vec<String>,
    pages: usize,
    /// Items of the answers and of the parses (see [`items`]), and those they share.
    expected_items: usize,
    got_items: usize,
    shared_items: usize,
}

/// Parse every fixture page (those `NEWSPAN_FIXTURE` names) and compare it with its answer.
fn run_fixtures(mode: Mode) -> Run {
    let pairs = match fixture_pairs() {
        Ok(p) => p,
        Err(errors) => panic!("fixture files:\n{}", errors.join("\n")),
    };
    assert!(!pairs.is_empty(), "no fixture pages found under tests/fixtures/ or examples/pages/");
    let filter = std::env::var("NEWSPAN_FIXTURE").ok().filter(|f| !f.is_empty());
    let dump = std::env::var_os("NEWSPAN_FIXTURE_DUMP").is_some();
    let mut r = Run {
        report: Vec::new(),
        failed: Vec::new(),
        pages: 0,
        expected_items: 0,
        got_items: 0,
        shared_items: 0,
    };
    for (page_path, expected_path) in &pairs {
        let name = display_name(page_path);
        if let Some(f) = &filter {
            if !name.contains(f.as_str()) {
                continue;
            }
        }
        r.pages += 1;
        let mut m = Mismatches { fixture: name.clone(), lines: Vec::new() };
        let expected_src = match fs::read_to_string(expected_path) {
            Ok(s) => s,
            Err(e) => {
                r.report.push(format!("{name}: cannot read {}: {e}", display_name(expected_path)));
                r.failed.push(name);
                continue;
            }
        };
        let expected = match parse_expected(&display_name(expected_path), &expected_src) {
            Ok(p) => p,
            Err(e) => {
                r.report.push(format!("{name}: malformed .expected: {e}"));
                r.failed.push(name);
                continue;
            }
        };
        let input = fs::read(page_path).expect("read the page");
        let parsed = panic::catch_unwind(AssertUnwindSafe(|| match mode {
            Mode::Model => newspan::parse(&input).map(|doc| render(&doc, &input)).map_err(|e| e.to_string()),
            Mode::Answer => newspan::tools::parse_with_answer(&input, &gold_json(&expected))
                .map(|doc| render(&doc, &input)),
        }));
        let got = match parsed {
            Ok(Ok(got)) => got,
            Ok(Err(e)) => {
                r.report.push(format!("{name}: parse returned an error: {e}"));
                r.failed.push(name);
                continue;
            }
            Err(payload) => {
                r.report.push(format!("{name}: parse panicked: {}", check::panic_message(&*payload)));
                r.failed.push(name);
                continue;
            }
        };
        let (e_items, g_items) = (items(&norm_page(&expected)), items(&norm_page(&got)));
        r.expected_items += e_items.len();
        r.got_items += g_items.len();
        let mut pool = g_items;
        for it in e_items {
            if let Some(k) = pool.iter().position(|g| *g == it) {
                pool.swap_remove(k);
                r.shared_items += 1;
            }
        }
        compare(&mut m, &norm_page(&expected), &norm_page(&got));
        if !m.lines.is_empty() {
            r.report.push(format!("{name}: {} mismatch(es)", m.lines.len()));
            r.report.extend(m.lines.into_iter().map(|l| format!("  {l}")));
            if dump {
                r.report
                    .push(format!("  --- {name}: what the parser produced ---\n{}", to_expected_text(&got)));
            }
            r.failed.push(name);
        }
    }
    assert!(r.pages > 0, "NEWSPAN_FIXTURE={filter:?} matched no fixture");
    r
}

/// The items of a page, as the project's scorer counts them: each article's headline (kicker,
/// title and subtitle joined), bylines, names, dateline, paragraphs, subheads, captions and
/// jumps, and the page's boilerplate lines.
fn items(e: &ExpectedPage) -> Vec<String> {
    let mut out = Vec::new();
    for a in &e.articles {
        out.push(format!(
            "headline: {}",
            [&a.kicker, &a.title, &a.subtitle].map(|v| v.join(" / ")).join(" | ")
        ));
        for b in &a.bylines {
            out.push(format!("byline: {}", b.text));
            out.extend(b.names.iter().map(|n| format!("name: {n}")));
        }
        out.extend(a.dateline.iter().map(|d| format!("dateline: {}", d.text)));
        out.extend(a.paragraphs.iter().map(|p| format!("paragraph: {p}")));
        out.extend(a.subheads.iter().map(|p| format!("subhead: {p}")));
        out.extend(a.captions.iter().map(|p| format!("caption: {p}")));
        out.extend(a.jumps.iter().map(|j| format!("jump: {}", j.text)));
    }
    out.extend(e.boilerplate.iter().map(|b| format!("boilerplate: {b}")));
    out
}

/// Given the line roles its answer implies, every fixture page comes out exactly as its answer:
/// the assembly (articles, fragments joined, sub-line splits), the recognisers' names, dateline
/// parts and jump targets, the joins and the layout are right on their own.
#[test]
fn fixtures_assemble_exactly_from_their_answers_line_roles() {
    let r = run_fixtures(Mode::Answer);
    if !r.failed.is_empty() {
        panic!(
            "{} of {} fixture page(s) differ from their .expected answer when parsed with the answer's line roles: {}\n\n{}\n",
            r.failed.len(),
            r.pages,
            r.failed.join(", "),
            r.report.join("\n")
        );
    }
}

/// The least F1 of the built-in model's items against the fixtures' answers (see [`items`];
/// over all fixtures at once). The fixtures are pages written for the project in the style of
/// the papers and never training data, so this is what the model does on pages it never saw;
/// the figure and every mismatch are printed (`cargo test --test fixtures -- --nocapture`).
/// A regression guard, only ever raised: 0.85 until 2026-12-07, 0.90 since the model that
/// agrees on 0.916 (the one before agreed on 0.897).
const MODEL_AGREEMENT_FLOOR: f64 = 0.90;

/// With the built-in model, the fixture pages come out close to their answers.
#[test]
fn fixtures_parse_close_to_their_answers_with_the_built_in_model() {
    let r = run_fixtures(Mode::Model);
    let agreement = 2.0 * r.shared_items as f64 / (r.expected_items + r.got_items).max(1) as f64;
    eprintln!(
        "built-in model on {} fixture pages: {} of {} answer items found, {} items given; F1 {agreement:.3} (floor {MODEL_AGREEMENT_FLOOR}); {} page(s) exact\n{}",
        r.pages,
        r.shared_items,
        r.expected_items,
        r.got_items,
        r.pages - r.failed.len(),
        r.report.join("\n")
    );
    assert!(
        agreement >= MODEL_AGREEMENT_FLOOR,
        "agreement {agreement:.3} below {MODEL_AGREEMENT_FLOOR}: {}\n\n{}",
        r.failed.join(", "),
        r.report.join("\n")
    );
}

#[test]
fn expected_files_are_well_formed() {
    let pairs = match fixture_pairs() {
        Ok(p) => p,
        Err(errors) => panic!("fixture files:\n{}", errors.join("\n")),
    };
    let mut errors = Vec::new();
    for (page, expected) in &pairs {
        let src = fs::read_to_string(expected).expect("read .expected");
        match parse_expected(&display_name(expected), &src) {
            Ok(p) if p.articles.is_empty() && p.boilerplate.is_empty() => {
                errors.push(format!("{}: no article and no boilerplate", display_name(expected)))
            }
            Ok(_) => {}
            Err(e) => errors.push(e),
        }
        if fs::read_to_string(page).is_err() {
            errors.push(format!("{}: not UTF-8", display_name(page)));
        }
    }
    assert!(errors.is_empty(), "malformed fixture files:\n{}", errors.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// Unit tests of the `.expected` parser and the normalisation

const SAMPLE: &str = "# a comment
layout: paragraphs

[article]
kicker: 引题
title: 主题第一行
title: 主题第二行
subtitle: ——访某某
byline(reporter): 文/图 记者 张三 => 张三
byline(correspondent): 通讯员 李四 王五 => 李四 | 王五
byline(agency): 新华社记者
dateline: 晨报某地6月1日讯 => source 晨报 | place 某地 | date 6月1日
paragraph: 整段的文字，分栏处已接回。
subhead: 小标题
caption: 图片说明: 带冒号。
jump(to 3): 下转第3版
jump(from 1): 上接第1版

[article]
title: Second story
byline(reporter): Staff Writer =>
dateline: SACRAMENTO (AP) — => source AP | place SACRAMENTO
jump(to back page): See PARK, back page

[boilerplate]
第 5 页
Page header: with a colon

[unassigned]
■■ garbage ■■
";

#[test]
fn expected_parser_reads_every_field() {
    let page = parse_expected("sample", SAMPLE).expect("the sample parses");
    assert_eq!(page.layout.as_deref(), Some("paragraphs"));
    assert_eq!(page.articles.len(), 2);
    let a = &page.articles[0];
    assert_eq!(a.line, 4);
    assert_eq!(a.kicker, ["引题"]);
    assert_eq!(a.title, ["主题第一行", "主题第二行"]);
    assert_eq!(a.subtitle, ["——访某某"]);
    assert_eq!(
        a.bylines,
        [
            ExpectedByline {
                role: "reporter".into(),
                text: "文/图 记者 张三".into(),
                names: vec!["张三".into()]
            },
            ExpectedByline {
                role: "correspondent".into(),
                text: "通讯员 李四 王五".into(),
                names: vec!["李四".into(), "王五".into()]
            },
            ExpectedByline { role: "agency".into(), text: "新华社记者".into(), names: vec![] },
        ]
    );
    assert_eq!(
        a.dateline,
        Some(ExpectedDateline {
            text: "晨报某地6月1日讯".into(),
            source: Some("晨报".into()),
            place: Some("某地".into()),
            date: Some("6月1日".into()),
        })
    );
    assert_eq!(a.paragraphs, ["整段的文字，分栏处已接回。"]);
    assert_eq!(a.subheads, ["小标题"]);
    assert_eq!(a.captions, ["图片说明: 带冒号。"]);
    assert_eq!(
        a.jumps,
        [
            ExpectedJump { direction: "to".into(), page: Some("3".into()), text: "下转第3版".into() },
            ExpectedJump { direction: "from".into(), page: Some("1".into()), text: "上接第1版".into() },
        ]
    );
    let b = &page.articles[1];
    assert_eq!(b.bylines[0].names, Vec::<String>::new());
    assert_eq!(b.bylines[0].text, "Staff Writer");
    let d = b.dateline.as_ref().unwrap();
    assert_eq!(d.text, "SACRAMENTO (AP) —");
    assert_eq!(
        (d.source.as_deref(), d.place.as_deref(), d.date.as_deref()),
        (Some("AP"), Some("SACRAMENTO"), None)
    );
    assert_eq!(b.jumps[0].page.as_deref(), Some("back page"));
    assert_eq!(page.boilerplate, ["第 5 页", "Page header: with a colon"]);
    assert_eq!(page.unassigned, ["■■ garbage ■■"]);

    // Rendering the page and reading it back gives the same page.
    let again = parse_expected("round-trip", &to_expected_text(&page)).expect("round trip parses");
    let strip = |p: &ExpectedPage| {
        let mut p = p.clone();
        p.articles.iter_mut().for_each(|a| a.line = 0);
        p
    };
    assert_eq!(strip(&again), strip(&page));
}

#[test]
fn expected_parser_rejects_malformed_lines() {
    let cases: &[(&str, usize, &str)] = &[
        ("[article]\ntitle: ok\ntitel: typo\n", 3, "unknown field `titel`"),
        ("[article]\nthis line has no colon\n", 2, "no `:`"),
        ("[article]\nbyline: 记者 张三 => 张三\n", 2, "needs a role"),
        ("[article]\nbyline(writer): 张三\n", 2, "unknown byline role `writer`"),
        ("[article]\ndateline: 本报讯 => origin 本报\n", 2, "unknown dateline part `origin`"),
        ("[article]\ndateline: 本报讯\ndateline: 本报讯\n", 3, "a second `dateline`"),
        ("[article]\njump(up 3): 上接第3版\n", 2, "unknown jump direction `up`"),
        ("[article]\ntitle:\n", 2, "has no value"),
        ("[article]\ntitle(x): 主题\n", 2, "takes no `(x)`"),
        ("[article]\nbyline(reporter): 记者 A => A | | B\n", 2, "empty name"),
        ("title: before any section\n", 1, "outside an [article] section"),
        ("layout: columns\n", 1, "unknown layout `columns`"),
        ("[articles]\n", 1, "unknown section [articles]"),
        ("[boilerplate]\na\n[boilerplate]\nb\n", 3, "a second [boilerplate]"),
        ("[article]\nlayout: wrapped\n", 2, "must come before the first section"),
    ];
    for &(src, line, needle) in cases {
        let err = parse_expected("bad", src).expect_err(&format!("{src:?} must be rejected"));
        assert!(err.starts_with(&format!("bad:{line}: ")), "{src:?}: error {err:?} should name line {line}");
        assert!(err.contains(needle), "{src:?}: error {err:?} should say {needle:?}");
    }
    // The sample with one malformed line in the middle fails on that line.
    let broken = SAMPLE.replace("subhead: 小标题", "subhead 小标题");
    let err = parse_expected("sample", &broken).unwrap_err();
    assert!(err.starts_with("sample:14: "), "{err}");
}

#[test]
fn normalisation_joins_lines_and_collapses_space() {
    assert_eq!(norm("  a \t b  "), "a b");
    assert_eq!(norm("提供有力\n的组织保障。"), "提供有力的组织保障。");
    assert_eq!(norm("（華盛頓廿一\n日路透社電）"), "（華盛頓廿一日路透社電）");
    assert_eq!(norm("Photo by\r\nJane Doe"), "Photo by Jane Doe");
    assert_eq!(norm("a well-\nknown fact"), "a well-known fact");
    assert_eq!(norm("酒后驾驶三轮车 冒充他人被识破"), "酒后驾驶三轮车 冒充他人被识破");
    assert_eq!(norm("查明原因　积极回应"), "查明原因 积极回应");
    assert_eq!(norm_dateline("SACRAMENTO (AP) — "), "SACRAMENTO (AP)");
    assert_eq!(norm_dateline("晨报某地6月1日讯 "), "晨报某地6月1日讯");
}

#[test]
fn comparison_names_article_field_and_values() {
    let expected = parse_expected("e", "[article]\ntitle: 甲\nparagraph: 一。\nparagraph: 二。\n").unwrap();
    let got = parse_expected("g", "[article]\ntitle: 甲\nparagraph: 一。\n\n[boilerplate]\n页眉\n").unwrap();
    let mut m = Mismatches { fixture: "demo.txt".into(), lines: Vec::new() };
    compare(&mut m, &norm_page(&expected), &norm_page(&got));
    assert_eq!(m.lines.len(), 2, "{:#?}", m.lines);
    assert!(m.lines[0].starts_with("demo.txt: article 0 («甲»"), "{}", m.lines[0]);
    assert!(
        m.lines[0].contains("paragraph[1]")
            && m.lines[0].contains("二。")
            && m.lines[0].contains("<missing>")
    );
    assert!(m.lines[1].starts_with("demo.txt: page: boilerplate[0]"), "{}", m.lines[1]);

    // Same headline lines with another split: one "headline split" message.
    let expected = parse_expected("e", "[article]\ntitle: 甲\ntitle: 乙\n").unwrap();
    let got = parse_expected("g", "[article]\ntitle: 甲\nsubtitle: 乙\n").unwrap();
    let mut m = Mismatches { fixture: "demo.txt".into(), lines: Vec::new() };
    compare(&mut m, &norm_page(&expected), &norm_page(&got));
    assert_eq!(m.lines.len(), 1, "{:#?}", m.lines);
    assert!(
        m.lines[0].contains("headline split") && m.lines[0].contains("title [甲 / 乙] subtitle []"),
        "{}",
        m.lines[0]
    );
}
