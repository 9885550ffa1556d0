//! A whole issue: its pages in order, and the stories that jump from one page to another.
//!
//! A front-page story that ends in "See CHILDREN'S CENTER, page 5" or "（下转第3版）" goes on
//! under "From page 1" / "（上接第1版）" or under a head repeating the jump's keyword on
//! another page. Each page is parsed on its own, exactly as [`crate::Parser::parse`] parses
//! it; the issue adds the links between its articles ([`Continuation`]) and the stitched
//! stories ([`Story`]).
//!
//! How a link is found, once, in `link`:
//! 1. **Folios.** Each page's printed number is read from its own furniture ("Page 3",
//!    "第 08 版"), when every page that shows one shows a number larger than the pages before
//!    it; otherwise a page's number is its position (the first page is 1).
//! 2. **The target page** of a jump line ("See X, page 7", "下转第3版", "back page") is the page
//!    with that number; "back page" is the last page.
//! 3. **The continuation** on that page is the article that opens with a from-line naming the
//!    source page ("From page 1", "（上接第1版）"), or whose head repeats the jump's keyword
//!    ("See PATROL, back page" → "PATROL"); both together make the surest link. A jump whose
//!    page cannot be read, or whose page holds no candidate, is looked for on every other page,
//!    where only a from-line naming the source page *and* the keyword count.
//! 4. **Ambiguity** gives no link: two equally good candidates, or a candidate already taken by
//!    a surer link, leave the jump unlinked rather than linked wrongly.
//!
//! The confidence of a link says which evidence it rests on (see [`Continuation::confidence`]).

use std::borrow::Cow;

use crate::document::{Direction, Document};
use crate::{Error, Options, Parser};

/// An article on a page of an issue: 0-based indexes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ArticleRef {
    /// The page, in the order the pages were given.
    pub page: usize,
    /// The article, in that page's [`Document::articles`].
    pub article: usize,
}

/// A story going on from one article to another on a later (or earlier) page.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Continuation {
    /// The article whose jump line sends the reader on.
    pub from: ArticleRef,
    /// The article where the story goes on.
    pub to: ArticleRef,
    /// How sure the link is, in `[0, 1]`, by the evidence it rests on: a from-line naming the
    /// source page and a head repeating the jump's keyword on the page the jump names 0.95;
    /// one of the two on that page 0.8 (from-line) or 0.7 (keyword); both, found on another
    /// page than the one named (a misprinted or misread page number) 0.6.
    pub confidence: f32,
    /// Index (in the source page's [`Document::nodes`]) of the jump line.
    pub jump: usize,
    /// Index (in the target page's nodes) of the from-line, when the continuation has one.
    pub from_line: Option<usize>,
    /// The jump cut a paragraph mid-sentence: the source's last paragraph and the
    /// continuation's first are one paragraph (the stitched [`Story`] joins them).
    pub joins_paragraph: bool,
}

/// A story across pages: its articles in reading order, and its paragraphs with the one cut
/// by each jump joined back together.
#[derive(Clone, Debug, PartialEq)]
pub struct Story {
    /// The articles, from the one that starts the story.
    pub parts: Vec<ArticleRef>,
    /// The paragraphs of all the parts in order, each as its fragments (page, node index).
    pub paragraphs: Vec<Vec<(usize, usize)>>,
}

/// The pages of an issue, parsed, and the links between them.
#[derive(Clone, Debug, Default)]
pub struct Issue {
    pages: Vec<Document>,
    folios: Vec<u32>,
    links: Vec<Continuation>,
}

impl Parser {
    /// Parse the pages of an issue, in page order, and link the stories that jump between
    /// them. A page that cannot be parsed stops the issue: the error says which page.
    pub fn parse_issue(&mut self, pages: &[&[u8]]) -> Result<Issue, IssueError> {
        let mut docs = Vec::with_capacity(pages.len());
        for (page, input) in pages.iter().enumerate() {
            docs.push(self.parse(input).map_err(|error| IssueError { page, error })?);
        }
        Ok(Issue::link(docs, pages))
    }
}

/// Parse an issue's pages with default options (see [`Parser::parse_issue`]).
pub fn parse_issue(pages: &[&[u8]]) -> Result<Issue, IssueError> {
    Parser::default().parse_issue(pages)
}

/// Parse an issue's pages with the given options (see [`Parser::parse_issue`]).
pub fn parse_issue_with(pages: &[&[u8]], options: &Options) -> Result<Issue, IssueError> {
    Parser::new(options.clone()).parse_issue(pages)
}

/// A page of an issue could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("page {} of the issue: {error}", page + 1)]
pub struct IssueError {
    /// The page (0-based, in the order given).
    pub page: usize,
    /// Why.
    pub error: Error,
}

impl Issue {
    /// Link already parsed pages: `docs[k]` must be the parse of `inputs[k]`.
    ///
    /// # Panics
    /// When `docs` and `inputs` differ in length.
    pub fn link(docs: Vec<Document>, inputs: &[&[u8]]) -> Issue {
        assert_eq!(docs.len(), inputs.len(), "one input per parsed page");
        let folios = folios(&docs, inputs);
        let links = link(&docs, inputs, &folios);
        Issue { pages: docs, folios, links }
    }

    /// The parsed pages, given up (the links and numbers are dropped).
    pub fn into_pages(self) -> Vec<Document> {
        self.pages
    }

    /// The parsed pages, in the order given.
    pub fn pages(&self) -> &[Document] {
        &self.pages
    }

    /// Each page's number as the issue's jump lines refer to it: its printed folio, or its
    /// position (1-based) where the pages do not show consistent folios.
    pub fn page_numbers(&self) -> &[u32] {
        &self.folios
    }

    /// The links, in the order of their jump lines (page by page).
    pub fn continuations(&self) -> &[Continuation] {
        &self.links
    }

    /// The stories that run over more than one page, in the order of their first parts.
    pub fn stories(&self) -> Vec<Story> {
        let mut stories = Vec::new();
        let is_target = |r: ArticleRef| self.links.iter().any(|l| l.to == r);
        for (k, first) in self.links.iter().enumerate() {
            if is_target(first.from) || self.links[..k].iter().any(|l| l.from == first.from) {
                continue;
            }
            let mut parts = vec![first.from];
            let mut joins = Vec::new();
            let mut at = first.from;
            // Follow the first link out of each part; a part already in the story ends it.
            while let Some(l) = self.links.iter().find(|l| l.from == at) {
                if parts.contains(&l.to) {
                    break;
                }
                parts.push(l.to);
                joins.push(l.joins_paragraph);
                at = l.to;
            }
            let mut paragraphs: Vec<Vec<(usize, usize)>> = Vec::new();
            for (i, part) in parts.iter().enumerate() {
                let doc = &self.pages[part.page];
                let Some(article) = doc.article(part.article) else { continue };
                for (j, p) in article.paragraphs().enumerate() {
                    let frags: Vec<(usize, usize)> =
                        p.fragments().filter_map(|n| Some((part.page, doc.node_index(n)?))).collect();
                    match paragraphs.last_mut() {
                        Some(last) if j == 0 && i > 0 && joins[i - 1] => last.extend(frags),
                        _ => paragraphs.push(frags),
                    }
                }
            }
            stories.push(Story { parts, paragraphs });
        }
        stories
    }

    /// The joined text of a stitched paragraph (see [`Story::paragraphs`]): `inputs` are the
    /// pages' buffers, in order.
    pub fn paragraph_text(&self, inputs: &[&[u8]], fragments: &[(usize, usize)]) -> String {
        let mut out = String::new();
        crate::assemble::join::join_into(
            &mut out,
            fragments.iter().filter_map(|&(p, n)| {
                let doc = self.pages.get(p)?;
                let node = doc.nodes().get(n)?;
                Some((doc.text(inputs.get(p)?, node), node.attr == crate::document::Attr::HyphenRemoved))
            }),
        );
        out
    }
}

// ------------------------------------------------------------------------------ page numbers

/// A page number read from text: ASCII or full-width digits, or Chinese numerals up to 99.
fn number_in(s: &str) -> Option<u32> {
    let mut digits = String::new();
    for c in s.chars() {
        match c {
            '0'..='9' => digits.push(c),
            '０'..='９' => digits.push(char::from(b'0' + (c as u32 - '０' as u32) as u8)),
            _ if !digits.is_empty() => break,
            _ => {}
        }
    }
    if !digits.is_empty() {
        return digits.parse().ok().filter(|&n| n > 0 && n < 1000);
    }
    cn_number(s)
}

fn cn_digit(c: char) -> Option<u32> {
    "〇一二三四五六七八九".chars().position(|d| d == c).map(|k| k as u32)
}

/// "三" 3, "十二" 12, "二十" 20, "二十三" 23 (the first run of numerals in `s`).
fn cn_number(s: &str) -> Option<u32> {
    let start = s.find(|c: char| cn_digit(c).is_some() || c == '十')?;
    let run: Vec<char> = s[start..].chars().take_while(|&c| cn_digit(c).is_some() || c == '十').collect();
    let (mut total, mut cur) = (0u32, None::<u32>);
    for c in run {
        if c == '十' {
            total += cur.unwrap_or(1) * 10;
            cur = None;
        } else {
            cur = Some(cur.unwrap_or(0) * 10 + cn_digit(c).unwrap_or(0));
        }
    }
    let n = total + cur.unwrap_or(0);
    (n > 0).then_some(n)
}

/// The folio a furniture line shows: "Page 3", "第 08 版", "A6" is not one (a section page).
fn folio_in(line: &str) -> Option<u32> {
    let lower = line.to_ascii_lowercase();
    if let Some(p) = lower.find("page ") {
        let rest = &line[p + 5..];
        let n: String = rest.trim_start().chars().take_while(char::is_ascii_digit).collect();
        if !n.is_empty() && rest.trim_start().len() == rest.trim_start()[n.len()..].len() + n.len() {
            return n.parse().ok().filter(|&n| n > 0 && n < 1000);
        }
    }
    let v = line.find('版')?;
    let before = line[..v].trim_end();
    let from = before.rfind('第').map(|k| k + '第'.len_utf8()).unwrap_or_else(|| {
        before
            .char_indices()
            .rev()
            .take_while(|&(_, c)| c.is_ascii_digit() || cn_digit(c).is_some() || c == '十')
            .last()
            .map_or(before.len(), |(k, _)| k)
    });
    let n = number_in(before[from..].trim());
    n.filter(|_| {
        before[from..]
            .trim()
            .chars()
            .all(|c| c.is_ascii_digit() || cn_digit(c).is_some() || c == '十' || c.is_whitespace())
    })
}

/// Each page's number: the folios the pages print when they rise from page to page, else the
/// positions.
fn folios(docs: &[Document], inputs: &[&[u8]]) -> Vec<u32> {
    let found: Vec<Option<u32>> = docs
        .iter()
        .zip(inputs)
        .map(|(d, input)| d.boilerplate().find_map(|n| folio_in(&d.text(input, n))))
        .collect();
    let shown: Vec<u32> = found.iter().flatten().copied().collect();
    let rising = shown.windows(2).all(|w| w[0] < w[1]);
    (0..docs.len())
        .map(|k| match found[k] {
            Some(f) if rising && shown.len() * 2 >= docs.len() => f,
            _ => k as u32 + 1,
        })
        .collect()
}

// ------------------------------------------------------------------------------ linking

/// What a jump line asks for.
struct Want {
    from: ArticleRef,
    jump: usize,
    /// The page number named; `None`: unreadable.
    page: Option<Target>,
    /// The keyword ("PATROL"), upper-cased, without spaces; empty when there is none.
    keyword: String,
    joins_paragraph: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Target {
    Number(u32),
    Last,
}

fn squash_upper(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_uppercase).collect()
}

/// The keyword of an English jump line: the words between "See" and the comma or the page
/// word ("See CHILDREN'S CENTER, page 5" → "CHILDRENSCENTER").
fn keyword_of(text: &str) -> String {
    let t = text.trim();
    let lower = t.to_ascii_lowercase();
    // "See" as OCR gives it ("See", "Sec", "SEE"); the keyword follows it.
    let Some(p) = lower.find("see ").or_else(|| lower.find("sec ")) else { return String::new() };
    let rest = &t[p + 4..];
    let end = rest.find(',').or_else(|| rest.to_ascii_lowercase().find(" page")).unwrap_or(rest.len());
    let k = squash_upper(&rest[..end]);
    if k.chars().count() >= 2 { k } else { String::new() }
}

fn target_of(page_text: &str, jump_text: &str) -> Option<Target> {
    for t in [page_text, jump_text] {
        let lower = t.to_lowercase();
        if lower.contains("back page") || lower.contains("last page") || t.contains("末版") {
            return Some(Target::Last);
        }
        if let Some(n) = number_in(t) {
            return Some(Target::Number(n));
        }
    }
    None
}

/// Whether the last paragraph of an article before its jump stops mid-sentence.
fn ends_mid_sentence(text: &str) -> bool {
    let t = text.trim_end();
    !t.ends_with(['.', '!', '?', '"', '”', '’', '。', '！', '？', '」', '』', ':', '：', ')', '）'])
        && !t.is_empty()
}

/// Whether the continuation's text starts with its first paragraph: nothing of the article
/// (a subhead, a caption, a byline) stands between its from-line (or its head) and that
/// paragraph, so that the paragraph is the one the jump cut.
fn opens_with_paragraph(doc: &Document, article: usize, from_line: Option<usize>) -> bool {
    use crate::document::Kind;
    let Some(a) = doc.article(article) else { return false };
    let Some(first) = a.paragraphs().next().and_then(|p| p.fragments().next()) else { return false };
    let after = from_line.and_then(|k| doc.nodes().get(k)).map_or(0, |n| n.span.end);
    !doc.nodes()[a.node_range()].iter().any(|n| {
        matches!(n.kind, Kind::Subhead | Kind::Caption | Kind::Byline)
            && n.span.start >= after
            && n.span.start < first.span.start
    })
}

/// The page a from-line names ("From page 1", "（上接第1版）"), and the node of the line.
fn from_lines(doc: &Document, input: &[u8], article: usize) -> Vec<(usize, Option<u32>)> {
    let Some(a) = doc.article(article) else { return Vec::new() };
    a.jumps()
        .filter(|j| j.direction() == Direction::From)
        .filter_map(|j| {
            let text = j.page().map_or(Cow::Borrowed(""), |p| doc.text(input, p));
            let n = number_in(&text).or_else(|| number_in(&doc.text(input, j.node)));
            Some((doc.node_index(j.node)?, n))
        })
        .collect()
}

/// An article's head (kicker, title, subtitle) upper-cased and squashed. An article without
/// one takes the line set right above its from-line when the page parser left that line to
/// the page (a jump head, "FERRY" over "From page 1", read as furniture): it is the head the
/// reader sees over the continuation, whatever role the line was given.
fn head_of(doc: &Document, input: &[u8], article: usize) -> String {
    let Some(a) = doc.article(article) else { return String::new() };
    let mut s = String::new();
    for n in a.kicker().chain(a.title()).chain(a.subtitle()) {
        s.push_str(&squash_upper(&doc.text(input, n)));
    }
    if s.is_empty() {
        let from = a.jumps().find(|j| j.direction() == Direction::From).map(|j| j.node.text.start);
        let above =
            from.and_then(|at| doc.boilerplate().filter(|n| n.text.end <= at).max_by_key(|n| n.text.end));
        if let (Some(at), Some(b)) = (from, above) {
            let between = doc.text_of(input, crate::document::Span { start: b.text.end, end: at });
            if between.trim().is_empty() {
                s = squash_upper(&doc.text(input, b));
            }
        }
    }
    s
}

/// A possible continuation of a jump: the link's confidence, the article, its from-line.
type Candidate = (f32, ArticleRef, Option<usize>);

fn link(docs: &[Document], inputs: &[&[u8]], folios: &[u32]) -> Vec<Continuation> {
    // Every jump line pointing on.
    let mut wants = Vec::new();
    for (p, (doc, input)) in docs.iter().zip(inputs).enumerate() {
        for (a, article) in doc.articles().enumerate() {
            let last_para = article.paragraphs().last().map(|para| para.text(input)).unwrap_or_default();
            for j in article.jumps().filter(|j| j.direction() == Direction::To) {
                let Some(jump) = doc.node_index(j.node) else { continue };
                let text = doc.text(input, j.node);
                let page_text = j.page().map_or(Cow::Borrowed(""), |n| doc.text(input, n));
                wants.push(Want {
                    from: ArticleRef { page: p, article: a },
                    jump,
                    page: target_of(&page_text, &text),
                    keyword: keyword_of(&text),
                    joins_paragraph: ends_mid_sentence(&last_para),
                });
            }
        }
    }
    // Candidates for each jump, scored by their evidence.
    let mut cands: Vec<Vec<Candidate>> = Vec::with_capacity(wants.len());
    for want in &wants {
        let source_number = folios[want.from.page];
        let named: Option<usize> = match want.page {
            Some(Target::Last) => docs.len().checked_sub(1),
            Some(Target::Number(n)) => folios.iter().position(|&f| f == n),
            None => None,
        }
        .filter(|&p| p != want.from.page);
        let score = |page: usize, article: usize, on_named: bool| -> Option<(f32, Option<usize>)> {
            let (doc, input) = (&docs[page], inputs[page]);
            let froms = from_lines(doc, input, article);
            let from_line = froms.iter().find(|(_, n)| *n == Some(source_number)).map(|(k, _)| *k);
            let keyword = !want.keyword.is_empty() && {
                let head = head_of(doc, input, article);
                !head.is_empty() && (head == want.keyword || head.starts_with(&want.keyword))
            };
            match (from_line.is_some(), keyword, on_named) {
                (true, true, true) => Some((0.95, from_line)),
                (true, false, true) => Some((0.8, from_line)),
                (false, true, true) => Some((0.7, froms.first().map(|f| f.0))),
                (true, true, false) => Some((0.6, from_line)),
                _ => None,
            }
        };
        let mut found: Vec<Candidate> = Vec::new();
        if let Some(p) = named {
            for a in 0..docs[p].article_count() {
                if let Some((c, f)) = score(p, a, true) {
                    found.push((c, ArticleRef { page: p, article: a }, f));
                }
            }
        }
        if found.is_empty() {
            for p in (0..docs.len()).filter(|&p| p != want.from.page) {
                for a in 0..docs[p].article_count() {
                    if let Some((c, f)) = score(p, a, false) {
                        found.push((c, ArticleRef { page: p, article: a }, f));
                    }
                }
            }
        }
        found.retain(|c| c.1 != want.from);
        found.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
        cands.push(found);
    }
    // Surest links first. A continuation is taken once; a jump whose two best candidates not
    // yet taken are equally good waits, and links nothing if no surer link settles it.
    let mut taken: Vec<ArticleRef> = Vec::new();
    let mut chosen: Vec<Option<Candidate>> = vec![None; wants.len()];
    loop {
        let mut pick: Option<(usize, Candidate)> = None;
        for (w, list) in cands.iter().enumerate() {
            if chosen[w].is_some() {
                continue;
            }
            let mut open = list.iter().filter(|c| !taken.contains(&c.1));
            let Some(&first) = open.next() else { continue };
            if open.next().is_some_and(|second| second.0 == first.0) {
                continue;
            }
            if pick.is_none_or(|(_, p)| first.0 > p.0) {
                pick = Some((w, first));
            }
        }
        let Some((w, c)) = pick else { break };
        taken.push(c.1);
        chosen[w] = Some(c);
    }
    wants
        .iter()
        .zip(chosen)
        .filter_map(|(w, c)| {
            let (confidence, to, from_line) = c?;
            let joins_paragraph =
                w.joins_paragraph && opens_with_paragraph(&docs[to.page], to.article, from_line);
            Some(Continuation { from: w.from, to, confidence, jump: w.jump, from_line, joins_paragraph })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers() {
        assert_eq!(number_in("第3版"), Some(3));
        assert_eq!(number_in("二十三版"), Some(23));
        assert_eq!(number_in("十版"), Some(10));
        assert_eq!(number_in("page ８"), Some(8));
        assert_eq!(number_in("back page"), None);
        assert_eq!(folio_in("Mustang Daily Monday, May 9, 1983 Page 3"), Some(3));
        assert_eq!(folio_in("《人民日报》（2025年10月20日 第 08 版）"), Some(8));
        assert_eq!(folio_in("新民晚报 2022年4月1日 星期五 第8版:上海新闻"), Some(8));
        assert_eq!(folio_in("A second page of ads"), None);
    }

    #[test]
    fn keywords_and_targets() {
        assert_eq!(keyword_of("See CHILDREN'S CENTER, page 5"), "CHILDRENSCENTER");
        assert_eq!(keyword_of("Sec SUICIDE, page 9"), "SUICIDE");
        assert_eq!(keyword_of("（下转第3版）"), "");
        assert!(target_of("back page", "See PATROL, back page") == Some(Target::Last));
        assert!(target_of("", "See GOATS, pag£ 3") == Some(Target::Number(3)));
        assert!(target_of("第二版", "（下转第二版）") == Some(Target::Number(2)));
    }
}
