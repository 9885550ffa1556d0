//! Stage 5: the labelled lines become articles.
//!
//! Follows the line states the model chose ([`crate::model::states`]): a state that starts an
//! article opens one; headline lines, bylines, paragraphs, subheads, captions and jumps join
//! the current one; a continuation line becomes another fragment of the open paragraph. Sub-line pieces are split off here: the dateline
//! (and a bracketed byline after it) at the start of an article's first paragraph, a jump
//! closing a paragraph line, a pen-name byline closing a vertical block. Finally every text
//! offset is mapped back to an input offset and the flat node table is written.

mod captions;
pub(crate) mod join;

use crate::document::{ArticleRec, Attr, Direction, Document, Kind, Layout, Node, Role, Span};
use crate::error::Error;
use crate::features::lexicon::mark;
use crate::features::{self, cues, set};
use crate::model::Model;
use crate::model::decode;
use crate::model::states::State;
use crate::options::Options;
use crate::text::chars::{is_cjk, is_space};
use crate::text::decode::{self as text_decode, Decoded};
use crate::text::layout::{self, Shape, Tally};
use crate::text::lines::{self, Line};

/// Working buffers kept between pages by a [`crate::Parser`].
#[derive(Clone, Debug, Default)]
pub(crate) struct Scratch {
    lines: Vec<Line>,
    features: features::Scratch,
    decoder: decode::Scratch,
    states: Vec<State>,
    confidence: Vec<f32>,
    items: Vec<Item>,
    join: (String, Vec<usize>),
    open_stories: Vec<Story>,
    /// The page's story words, for placing captions ([`captions::attribute`]).
    caption_index: captions::Index,
    decode: text_decode::Buffers,
    /// A long page's sections (text ranges), and while they are joined: the section's own
    /// document, and the page-level nodes and their confidences kept for the end.
    sections: Vec<std::ops::Range<usize>>,
    section: Document,
    page_nodes: Vec<Node>,
    page_confidence: Vec<f32>,
    /// Every leaf's (start, node index) in page order, for the articles' extents.
    leaves: Vec<(usize, u32)>,
}

impl Scratch {
    /// The last page's lines with their states, confidences and facts (see [`crate::trace`]).
    pub(crate) fn trace(&self) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        for (i, st) in self.states.iter().enumerate() {
            let conf = self.confidence.get(i).copied().unwrap_or(f32::NAN);
            let facts: Vec<&str> = self
                .features
                .atoms
                .of(i)
                .iter()
                .map(|&a| set::ATOM_NAMES[a as usize])
                .filter(|n| *n != "bias")
                .collect();
            let _ = writeln!(out, "{i:>5} {:<14} {conf:.3}  {}", st.name(), facts.join(" "));
        }
        out
    }
}

/// A node before sorting: `(article, top, sub)` orders it (children right after parents).
#[derive(Clone, Copy, Debug)]
struct Item {
    article: u32,
    top: usize,
    sub: u32,
    kind: Kind,
    text: Span,
    attr: Attr,
    /// The posterior probability of the state of the line it came from (NaN: not computed).
    confidence: f32,
}

const PAGE: u32 = u32::MAX;
/// How many recent items the builder searches back for a fragment or a headline line.
const ITEM_LOOKBACK: usize = 512;
/// Bytes around a line-end hyphen searched for the same compound spelt with its hyphen.
const HYPHEN_WINDOW: usize = 16 * 1024;

/// Empty a document (after an error).
pub(crate) fn clear(doc: &mut Document) {
    doc.nodes.clear();
    doc.articles.clear();
    doc.extents.clear();
    doc.page = 0..0;
    doc.decoded = None;
    doc.input_len = 0;
    doc.replaced = 0;
    doc.first_replaced = None;
}

/// A function giving the states of a page's lines from its text, lines and layout.
pub(crate) type StateSource<'a> = &'a dyn Fn(&str, &[Line], Shape) -> Vec<State>;

/// How the line states of a page are chosen: by a model (the parse), or given (the states
/// derived from a gold answer, for training and the round-trip check).
pub(crate) enum Decider<'a> {
    /// Decode with this model.
    Model(&'a Model),
    /// Take the states this function gives for the page's text, lines and layout.
    #[cfg_attr(not(feature = "train"), allow(dead_code))]
    Given(StateSource<'a>),
}

/// Parse one page into `doc` with the model of `options`.
pub(crate) fn parse_page(
    input: &[u8],
    options: &Options,
    scratch: &mut Scratch,
    doc: &mut Document,
) -> Result<(), Error> {
    let model = options.model.as_ref().unwrap_or_else(|| Model::default_model());
    parse_page_with(input, options, scratch, doc, Decider::Model(model))
}

/// Parse one page into `doc`, its line states chosen by `decider`.
pub(crate) fn parse_page_with(
    input: &[u8],
    options: &Options,
    scratch: &mut Scratch,
    doc: &mut Document,
    decider: Decider<'_>,
) -> Result<(), Error> {
    run::<Error>(input, options, scratch, doc, decider, None)
}

/// A callback that takes each section's document (see [`crate::Parser::parse_sections`]).
pub(crate) type Each<'f, E> = &'f mut dyn FnMut(&Document) -> Result<(), E>;

/// Parse one page section by section with the model of `options`, handing each section's
/// document to `each` as soon as it is written.
pub(crate) fn parse_sections<E: From<Error>>(
    input: &[u8],
    options: &Options,
    scratch: &mut Scratch,
    doc: &mut Document,
    each: Each<'_, E>,
) -> Result<(), E> {
    let model = options.model.as_ref().unwrap_or_else(|| Model::default_model());
    run(input, options, scratch, doc, Decider::Model(model), Some(each))
}

/// The parse: decode, cut the text into sections (one for any normal page, see
/// [`Options::with_section_len`]), judge the layout on the whole text, then label and assemble
/// each section in turn, keeping one section's line records at a time. Each section's
/// document goes to `each`, or (with no `each`) is joined into `doc`: the sections' articles in
/// order, then all page-level nodes.
fn run<E: From<Error>>(
    input: &[u8],
    options: &Options,
    scratch: &mut Scratch,
    doc: &mut Document,
    decider: Decider<'_>,
    mut each: Option<Each<'_, E>>,
) -> Result<(), E> {
    if input.len() > options.max_input_len {
        return Err(Error::InputTooLarge { len: input.len(), limit: options.max_input_len }.into());
    }
    let mut decoded = text_decode::decode_with(input, options, &mut scratch.decode)?;
    // Given states (training, the round trip) come for the whole page: one section.
    let section_len = match decider {
        Decider::Model(_) => options.section_len,
        Decider::Given(_) => usize::MAX,
    };
    // A page of normal size is one section (and takes no buffer for the list).
    let whole_len = decoded.text.len();
    let whole = lines::one_section(whole_len, section_len);
    scratch.sections.clear();
    if !whole {
        lines::sections(&decoded.text, section_len, &mut scratch.sections);
    }
    let n_sections = if whole { 1 } else { scratch.sections.len() };
    let tally = if n_sections == 1 {
        lines::scan(&decoded.text, &mut scratch.lines)
    } else {
        // The layout is judged on the whole text: a first pass only counts.
        let mut tally = Tally::default();
        for r in &scratch.sections {
            tally.merge(&lines::scan(&decoded.text[r.clone()], &mut scratch.lines));
        }
        tally
    };
    let shape = layout::detect(&tally, options.layout);
    let latin = tally.latin();
    let joined = n_sections > 1 && each.is_none();
    let previous = doc.decoded.take();
    if joined {
        clear(doc);
        doc.confidence.clear();
        scratch.page_nodes.clear();
        scratch.page_confidence.clear();
    }
    let mut spans = 0usize;
    for k in 0..n_sections {
        let range = if whole { 0..whole_len } else { scratch.sections[k].clone() };
        let text = &decoded.text[range.clone()];
        if n_sections > 1 {
            lines::scan(text, &mut scratch.lines);
        }
        label(text, shape, &tally, latin, options, scratch, &decider);
        spans = spans.saturating_add(scratch.items.len());
        if spans > options.max_spans {
            return Err(Error::TooManySpans { limit: options.max_spans }.into());
        }
        let target = if joined { &mut scratch.section } else { &mut *doc };
        let items = &scratch.items;
        write(target, input, &decoded, range.start, shape.layout, items, options.confidence);
        write_extents(target, &mut scratch.leaves);
        if joined {
            append(doc, &scratch.section, &mut scratch.page_nodes, &mut scratch.page_confidence);
        } else if let Some(each) = each.as_mut() {
            // The section's document reads its text from the decoded copy (if any): lend it.
            if let std::borrow::Cow::Owned(copy) = &mut decoded.text {
                doc.decoded = Some(std::mem::take(copy));
            }
            let result = each(doc);
            if let (std::borrow::Cow::Owned(copy), Some(lent)) = (&mut decoded.text, doc.decoded.take()) {
                *copy = lent;
            }
            result?;
        }
    }
    if joined {
        finish_joined(
            doc,
            &scratch.section,
            &scratch.page_nodes,
            &scratch.page_confidence,
            options.confidence,
        );
    }
    // The decoded copy (if any) moves into the document; the document's previous copy and the
    // offset anchors go back to the parser's buffers for the next page.
    if let Some(copy) = decoded.recycle(&mut scratch.decode) {
        doc.decoded = Some(copy);
    }
    if let Some(buf) = previous {
        scratch.decode.text = buf;
    }
    Ok(())
}

/// Label the lines of one section (`scratch.lines`, scanned from `text`) and build its items,
/// sorted, into `scratch.items`.
fn label(
    text: &str,
    shape: Shape,
    tally: &Tally,
    latin: bool,
    options: &Options,
    scratch: &mut Scratch,
    decider: &Decider<'_>,
) {
    let lines = &scratch.lines;
    features::analyse(text, lines, tally, shape, latin, &mut scratch.features);
    scratch.confidence.clear();
    match decider {
        Decider::Model(model) => {
            let tables = model.tables(set::domain(shape.layout, latin));
            decode::emissions(tables, &scratch.features.atoms, &mut scratch.decoder);
            decode::viterbi(tables, &mut scratch.decoder, &mut scratch.states);
            if options.confidence {
                decode::confidence(tables, &mut scratch.decoder, &scratch.states, &mut scratch.confidence);
            }
        }
        Decider::Given(f) => {
            scratch.states.clear();
            scratch.states.extend(f(text, lines, shape));
            scratch.states.resize(lines.len(), State::Noise);
        }
    }

    scratch.items.clear();
    scratch.open_stories.clear();
    let mut b = Builder {
        text,
        shape,
        items: &mut scratch.items,
        articles: 0,
        article: PAGE,
        has_body: false,
        has_dateline: false,
        para: None,
        open_stories: &mut scratch.open_stories,
        interrupted: None,
        consumed: 0,
        last_item: None,
        confidence: 1.0,
        join: &mut scratch.join,
    };
    for (i, (line, &state)) in lines.iter().zip(scratch.states.iter()).enumerate() {
        b.confidence = scratch.confidence.get(i).copied().unwrap_or(f32::NAN);
        b.line(line, state);
    }
    let articles = b.articles;
    captions::attribute(text, &mut scratch.items, articles, &mut scratch.caption_index);
    scratch.items.sort_unstable_by_key(|it| (it.article, it.top, it.sub));
}

/// Join one section's document (`part`) to the page's: its articles, their nodes and extents
/// after the page's so far; its page-level nodes (and their confidences) kept in `page` until
/// the last section.
fn append(doc: &mut Document, part: &Document, page: &mut Vec<Node>, page_confidence: &mut Vec<f32>) {
    let node_base = doc.nodes.len();
    let article_base = doc.articles.len() as u32;
    let extent_base = doc.extents.len();
    let ps = part.page.start;
    doc.nodes.extend(part.nodes[..ps].iter().map(|n| Node {
        article: n.article.map(|a| a + article_base),
        parent: n.parent.map(|p| p + node_base as u32),
        ..*n
    }));
    doc.confidence.extend_from_slice(&part.confidence[..ps.min(part.confidence.len())]);
    // Parents of page-level nodes, as indices into `page` for now.
    let page_base = page.len();
    page.extend(
        part.nodes[ps..]
            .iter()
            .map(|n| Node { parent: n.parent.map(|p| (p as usize - ps + page_base) as u32), ..*n }),
    );
    page_confidence.extend_from_slice(part.confidence.get(ps..).unwrap_or(&[]));
    doc.articles.extend(part.articles.iter().map(|a| ArticleRec {
        span: a.span,
        nodes: a.nodes.start + node_base..a.nodes.end + node_base,
        extents: a.extents.start + extent_base..a.extents.end + extent_base,
    }));
    doc.extents.extend_from_slice(&part.extents);
}

/// After the last section of a joined page: the page-level nodes go after all articles' nodes,
/// and the page's facts (encoding, length, layout, decoding errors) are the last section's
/// (the same in every section).
fn finish_joined(
    doc: &mut Document,
    last: &Document,
    page: &[Node],
    page_confidence: &[f32],
    confidence: bool,
) {
    let base = doc.nodes.len();
    doc.nodes.extend(page.iter().map(|n| Node { parent: n.parent.map(|p| p + base as u32), ..*n }));
    if confidence {
        doc.confidence.extend_from_slice(page_confidence);
    }
    doc.page = base..doc.nodes.len();
    doc.copy_facts(last);
}

/// A byline broken over lines is read again as a whole at each of its lines; past this many
/// bytes a line going on with it starts a byline of its own.
const MAX_BYLINE_BYTES: usize = 4 * crate::limits::BYLINE_MAX_CHARS as usize * 3;

/// What the builder keeps of a story left with its paragraph open while another is current.
#[derive(Clone, Copy, Debug)]
struct Story {
    article: u32,
    has_body: bool,
    has_dateline: bool,
    para: Option<(usize, u32)>,
}

/// How many stories left open the builder keeps (interleaving is local; a bound keeps a huge
/// page's work linear).
const MAX_OPEN_STORIES: usize = 8;

struct Builder<'t, 'i> {
    text: &'t str,
    shape: Shape,
    items: &'i mut Vec<Item>,
    articles: u32,
    /// Current article (PAGE when none yet).
    article: u32,
    /// The current article has paragraphs / a dateline.
    has_body: bool,
    has_dateline: bool,
    /// The open paragraph: (top key, next child number).
    para: Option<(usize, u32)>,
    /// Stories left with their paragraph open when another started, most recent last.
    open_stories: &'i mut Vec<Story>,
    /// The story a resumed paragraph interrupted: current again once that paragraph ends.
    interrupted: Option<Story>,
    /// Text already taken by a dateline that ran past its line.
    consumed: usize,
    /// Index in `items` of the byline, subhead or caption the line above made: a line in a
    /// `*More` state widens it.
    last_item: Option<usize>,
    /// The confidence of the line being added.
    confidence: f32,
    /// A byline broken over lines, joined, and the map back to the page (see [`join_lines`]).
    join: &'i mut (String, Vec<usize>),
}

impl<'t, 'i> Builder<'t, 'i> {
    fn push(&mut self, article: u32, top: usize, sub: u32, kind: Kind, text: Span, attr: Attr) -> usize {
        self.items.push(Item { article, top, sub, kind, text, attr, confidence: self.confidence });
        self.items.len() - 1
    }

    /// A paragraph goes on at `s..e` after fragment `sub - 1`: when that fragment ends in a
    /// hyphen that only split a word ("sup-" / "ported"), mark it `Attr::HyphenRemoved` so that
    /// the joined text drops the hyphen and joins tight (the fragment's span keeps it). Real hyphens stay: a capital after it ("Panic-" / "Linsman"), single letters
    /// ("P-E-" / "R-O-T"), a compound the page spells with its hyphen elsewhere, or a common
    /// compound head ("well-" / "known").
    fn dehyphenate(&mut self, top: usize, sub: u32, s: usize, e: usize) {
        let from = self.items.len().saturating_sub(ITEM_LOOKBACK);
        let Some(k) = self.items[from..].iter().rposition(|it| {
            it.article == self.article && it.top == top && it.sub + 1 == sub && it.kind == Kind::Fragment
        }) else {
            return;
        };
        let k = from + k;
        let prev = &self.text[self.items[k].text.range()];
        let Some(head) = prev.strip_suffix(join::SPLIT_HYPHENS) else { return };
        let first: &str = head.rsplit(|c: char| !c.is_alphabetic()).next().unwrap_or("");
        let next = &self.text[s..e];
        let second: &str = next.split(|c: char| !c.is_alphabetic()).next().unwrap_or("");
        if first.is_empty() || second.is_empty() || !second.starts_with(char::is_lowercase) {
            return;
        }
        let keep = first.chars().count() == 1
            || second.chars().count() == 1
            || crate::features::lexicon::EN_COMPOUND_HEADS.iter().any(|h| second.eq_ignore_ascii_case(h))
            || self.hyphenated_elsewhere(first, second, s);
        if !keep {
            // The fragment keeps its hyphen (every character lands in a span); only the
            // paragraph's joined text drops it (`join::join_into`).
            self.items[k].attr = Attr::HyphenRemoved;
        }
    }

    /// The page spells "first-second" with its hyphen inside a line somewhere.
    fn hyphenated_elsewhere(&self, first: &str, second: &str, near: usize) -> bool {
        // Looked for within HYPHEN_WINDOW bytes of `near`, so a huge input stays linear.
        let mut lo = near.saturating_sub(HYPHEN_WINDOW);
        while !self.text.is_char_boundary(lo) {
            lo -= 1;
        }
        let mut hi = (near + HYPHEN_WINDOW).min(self.text.len());
        while !self.text.is_char_boundary(hi) {
            hi += 1;
        }
        let text = &self.text[..hi];
        let mut at = lo;
        while let Some(p) = text[at..].find(first) {
            let i = at + p + first.len();
            let rest = &text[i..];
            if rest.starts_with('-') && rest[1..].starts_with(second) {
                return true;
            }
            at = i;
        }
        false
    }

    /// The current story, to keep while another is current.
    fn story(&self) -> Story {
        Story {
            article: self.article,
            has_body: self.has_body,
            has_dateline: self.has_dateline,
            para: self.para,
        }
    }

    fn new_article(&mut self) {
        self.interrupted = None;
        // A story left with its paragraph open may go on after the new one's lines.
        if self.article != PAGE && self.para.is_some() {
            if self.open_stories.len() == MAX_OPEN_STORIES {
                self.open_stories.remove(0);
            }
            self.open_stories.push(self.story());
        }
        self.article = self.articles;
        self.articles += 1;
        self.has_body = false;
        self.has_dateline = false;
        self.para = None;
        self.last_item = None;
    }

    /// Make the story most recently left with its paragraph open current again (a new story
    /// when there is none), keeping the current one if its paragraph is open.
    fn resume(&mut self) {
        let Some(st) = self.open_stories.pop() else {
            self.new_article();
            return;
        };
        if self.article != PAGE && self.para.is_some() {
            self.open_stories.push(self.story());
        }
        self.interrupted = (self.article != PAGE).then(|| self.story());
        self.article = st.article;
        self.has_body = st.has_body;
        self.has_dateline = st.has_dateline;
        self.para = st.para;
        self.last_item = None;
    }

    fn ensure_article(&mut self) {
        if self.article == PAGE {
            self.new_article();
        }
    }

    /// Add line `line` in `state`.
    fn line(&mut self, line: &Line, state: State) {
        let (s, e) = (line.start.max(self.consumed).min(line.end), line.end);
        let s = trim_start(self.text, s, e);
        if s >= e {
            return;
        }
        if state.starts_article() {
            self.new_article();
        } else if state.is_resume() {
            self.resume();
        }
        if !state.is_more() {
            self.last_item = None;
        }
        match state {
            _ if state.is_furniture() => {
                self.push(PAGE, s, 0, Kind::Boilerplate, Span::new(s, e), Attr::None);
            }
            _ if state.is_noise() => {
                self.push(PAGE, s, 0, Kind::Unassigned, Span::new(s, e), Attr::None);
            }
            _ if state.is_headline() => {
                self.ensure_article();
                let kind = match state {
                    State::KickerNew | State::Kicker => Kind::Kicker,
                    State::Subtitle => Kind::Subtitle,
                    _ => Kind::Title,
                };
                self.push(self.article, s, 0, kind, Span::new(s, e), Attr::None);
            }
            _ if state.is_more() && self.last_item.is_some() => {
                // The item of the line above goes on: widen it (a byline's names are read
                // again over the whole of it).
                let k = self.last_item.unwrap_or(0);
                let it = self.items[k];
                if it.kind == Kind::Byline && e - it.text.start > MAX_BYLINE_BYTES {
                    // Longer than any byline: what goes on is a byline of its own (and a page
                    // of byline-like lines stays linear).
                    self.byline(s, e);
                } else if it.kind == Kind::Byline {
                    self.items.truncate(k);
                    self.byline(it.text.start, e);
                } else {
                    self.items[k].text.end = e;
                }
            }
            _ if state.is_byline() => {
                self.ensure_article();
                self.byline(s, e);
            }
            _ if state.is_body() => {
                self.ensure_article();
                let cont = (state.is_cont() || state.is_resume()) && self.para.is_some();
                self.body_line(s, e, cont, line, state);
            }
            _ if state.is_subhead() => {
                self.ensure_article();
                let k = self.push(self.article, s, 0, Kind::Subhead, Span::new(s, e), Attr::None);
                self.last_item = Some(k);
            }
            _ if state.is_caption() => {
                self.ensure_article();
                let k = self.push(self.article, s, 0, Kind::Caption, Span::new(s, e), Attr::None);
                self.last_item = Some(k);
            }
            _ => {
                // A jump line.
                self.ensure_article();
                let j = cues::jump(&self.text[s..e]);
                let end = j.map_or(e, |j| (s + j.end).min(e));
                self.jump(s, end);
                self.para = None;
                // "From page 1 evidence.”": OCR ran the first words of the text on.
                let rest = trim_start(self.text, end, e);
                if rest < e {
                    self.body_line(rest, e, false, line, State::StartClosed);
                }
            }
        }
        if !state.is_body() && !state.is_passing() || state.is_body() && !state.open() {
            self.para = None;
        }
        // A resumed paragraph that ends gives the page back to the story it interrupted.
        if state.is_body() && !state.open() {
            if let Some(st) = self.interrupted.take() {
                self.article = st.article;
                self.has_body = st.has_body;
                self.has_dateline = st.has_dateline;
                self.para = st.para;
            }
        } else if !state.is_body() && !state.is_passing() {
            self.interrupted = None;
        }
    }

    fn byline(&mut self, s: usize, e: usize) {
        let raw = &self.text[s..e];
        // A byline broken over lines is read as one line, each break one space; `map` takes an
        // offset in the joined text back to the page.
        let broken = raw.contains(['\n', '\r', '\x0c']);
        if broken {
            join_lines(raw, &mut self.join.0, &mut self.join.1);
        }
        let text: &str = if broken { &self.join.0 } else { raw };
        let map = |k: usize, join: &(String, Vec<usize>)| if broken { join.1[k] } else { k };
        let mut names: [(usize, usize); 16] = [(0, 0); 16];
        let mut n = 0;
        let cjk = text.chars().any(is_cjk);
        let cue = if cjk {
            cues::cn_byline(text, crate::features::lexicon::mark::ALL, |a, b| {
                if n < names.len() {
                    names[n] = (a, b);
                    n += 1;
                }
            })
        } else {
            cues::en_byline(text, |a, b| {
                if n < names.len() {
                    names[n] = (a, b);
                    n += 1;
                }
            })
        };
        if n == 0 && cue.is_none() {
            // A name and the word that says what its bearer did ("李涵秋著"): the name alone.
            let bare = text.trim_end();
            let bare = &bare[..bare.len() - if cjk { cues::cn_authorship_suffix(bare) } else { 0 }];
            if let Some((a, b)) = cues::cn_bare_name(bare) {
                names[0] = (a, b);
                n = 1;
            } else if !cjk {
                // A letter's signature ("Jim Doe Connecticut"): its first two words.
                let mut words = text.split_whitespace();
                if let (Some(a), Some(b2)) = (words.next(), words.next()) {
                    if a.chars().next().is_some_and(char::is_uppercase)
                        && b2.chars().next().is_some_and(char::is_uppercase)
                    {
                        let a0 = a.as_ptr() as usize - text.as_ptr() as usize;
                        let b0 = b2.as_ptr() as usize - text.as_ptr() as usize + b2.len();
                        names[0] = (a0, b0);
                        n = 1;
                    }
                }
            }
        }
        for nm in &mut names[..n] {
            if cjk {
                nm.1 -= cues::cn_authorship_suffix(&text[nm.0..nm.1]);
            }
            // The end maps from the name's last character.
            let last = text[..nm.1].chars().next_back().map_or(0, char::len_utf8);
            *nm = (map(nm.0, self.join), map(nm.1 - last, self.join) + last);
        }
        let role = cue.map_or(Role::Other, |c| c.role);
        let bi = self.push(self.article, s, 0, Kind::Byline, Span::new(s, e), Attr::Role(role));
        self.last_item = Some(bi);
        for (k, &(a, b)) in names[..n].iter().enumerate() {
            self.push(self.article, s, k as u32 + 1, Kind::BylineName, Span::new(s + a, s + b), Attr::None);
        }
    }

    fn jump(&mut self, s: usize, e: usize) {
        let text = &self.text[s..e];
        let j = cues::jump(text);
        let (dir, page) = j.map_or((Direction::To, None), |j| (j.direction, Some(j.page)));
        self.push(self.article, s, 0, Kind::Jump, Span::new(s, e), Attr::Direction(dir));
        if let Some((a, b)) = page {
            if a < b {
                self.push(self.article, s, 1, Kind::JumpPage, Span::new(s + a, s + b), Attr::None);
            }
        }
    }

    fn body_line(&mut self, mut s: usize, mut e: usize, cont: bool, line: &Line, state: State) {
        // The article's first paragraph may open with a dateline.
        if !cont && !self.has_body && !self.has_dateline {
            let rest = &self.text[s..];
            let cue = if line.is_cjk() { cues::cn_dateline(rest) } else { cues::en_dateline(rest) };
            if let Some(d) = cue {
                let de = s + d.end;
                // The separators skipped before the text ("本报讯，") stay on this line (or on the
                // dateline's own last line) and belong to the dateline, or after a bracketed
                // byline to the paragraph: nothing falls between two spans.
                let line_end = if de > e {
                    de + self.text[de..].find(['\n', '\r', '\x0c']).unwrap_or(self.text.len() - de)
                } else {
                    e
                };
                let mut body = (s + d.body).min(line_end);
                let span_end = match d.byline.get() {
                    None => trim_end(self.text, de, body),
                    Some((_, b)) => {
                        // The byline may itself run past the line ("（记者" / "）").
                        let be = s + b;
                        if body <= be || !self.text[be..body].trim().is_empty() {
                            body = be;
                        }
                        de
                    }
                };
                self.push(self.article, s, 0, Kind::Dateline, Span::new(s, span_end), Attr::None);
                let mut k = 1;
                for (kind, part) in [
                    (Kind::DatelineSource, d.source),
                    (Kind::DatelinePlace, d.place),
                    (Kind::DatelineDate, d.date),
                ] {
                    if let Some((a, b)) = part.get() {
                        self.push(self.article, s, k, kind, Span::new(s + a, s + b), Attr::None);
                        k += 1;
                    }
                }
                self.has_dateline = true;
                if let Some((a, b)) = d.byline.get() {
                    self.byline(s + a, s + b);
                }
                s = body;
                if s >= e {
                    // The dateline ran to (or past) the end of the line.
                    self.consumed = s;
                    self.para = None;
                    return;
                }
            }
        }
        // A bracketed byline opening the first paragraph after a dateline set on its own line:
        // "新华社北京10月19日电" / "（记者刘晓宇）10月18日，……".
        if !cont && !self.has_body && self.has_dateline {
            let t = &self.text[s..e];
            if t.starts_with(['（', '(']) {
                if let Some(close) = t.find(['）', ')']) {
                    let cl = t[close..].chars().next().map_or(1, char::len_utf8);
                    let inner = &t[..close];
                    if inner.chars().count() <= 40
                        && crate::features::lexicon::CN_ROLE_WORDS.iter().any(|(w, _)| inner.contains(w))
                    {
                        self.byline(s, s + close + cl);
                        s = trim_start(self.text, s + close + cl, e);
                        if s >= e {
                            return;
                        }
                    }
                }
            }
        }
        // A jump closing the line (the line's gate and marks hold for any part of it).
        let mut tail_jump = None;
        if let Some(j) = cues::line_jump(&self.text[s..e], line) {
            if j.start > 0 {
                tail_jump = Some((s + j.start, e));
                e = trim_end(self.text, s, s + j.start);
            }
        }
        // A dispatch byline after the paragraph's last sentence: "……问题。（本报北京5月8日电 记者".
        let mut tail_dispatch = None;
        if tail_jump.is_none() && line.marks & mark::OPEN_BRACKET != 0 {
            if let Some(p) = cues::tail_dispatch(&self.text[s..e]) {
                tail_dispatch = Some((s + p, e));
                e = trim_end(self.text, s, s + p);
            }
        }
        // A pen-name byline closing a vertical block: "……三十元、（獅".
        let mut tail_byline = None;
        if self.shape.layout == Layout::Vertical && !state.open() && line.marks & mark::OPEN_BRACKET != 0 {
            if let Some(p) = cues::trailing_pen_name(&self.text[s..e]) {
                tail_byline = Some((s + p, e));
                e = trim_end(self.text, s, s + p);
            }
        }
        if s < e {
            let (top, sub) = match (cont, self.para) {
                (true, Some((top, sub))) => {
                    self.dehyphenate(top, sub, s, e);
                    (top, sub)
                }
                _ => {
                    self.push(self.article, s, 0, Kind::Paragraph, Span::new(s, e), Attr::None);
                    (s, 1)
                }
            };
            self.push(self.article, top, sub, Kind::Fragment, Span::new(s, e), Attr::None);
            self.para = Some((top, sub + 1));
            self.has_body = true;
        }
        if let Some((a, b)) = tail_jump {
            self.jump(a, b);
            self.para = None;
        }
        if let Some((a, b)) = tail_byline.or(tail_dispatch) {
            self.byline(a, b);
            self.para = None;
        }
    }
}

fn trim_start(text: &str, mut s: usize, e: usize) -> usize {
    while s < e {
        let c = text[s..].chars().next().unwrap_or(' ');
        if !is_space(c) {
            break;
        }
        s += c.len_utf8();
    }
    s
}

fn trim_end(text: &str, s: usize, mut e: usize) -> usize {
    while e > s {
        let c = text[..e].chars().next_back().unwrap_or(' ');
        if !is_space(c) {
            break;
        }
        e -= c.len_utf8();
    }
    e
}

/// `raw` with each line break (and the white space around it) made one space, into `out`: a
/// byline broken over lines reads as one line whose parts are set apart, as typesetters set
/// names apart ("本报记者 康 岩 马睿姗"). `map[k]` is the offset in `raw` of byte `k` of `out`
/// (and `map[out.len()]` = `raw.len()`).
fn join_lines(raw: &str, out: &mut String, map: &mut Vec<usize>) {
    out.clear();
    map.clear();
    let mut iter = raw.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if matches!(c, '\n' | '\r' | '\x0c') {
            // Drop the white space on both sides of the break.
            while out.ends_with(|c: char| is_space(c)) {
                out.pop();
                map.truncate(out.len());
            }
            while let Some(&(_, d)) = iter.peek() {
                if is_space(d) || matches!(d, '\n' | '\r' | '\x0c') {
                    iter.next();
                } else {
                    break;
                }
            }
            if !out.is_empty() && iter.peek().is_some() {
                out.push(' ');
                map.push(i);
            }
            continue;
        }
        out.push(c);
        map.extend(std::iter::repeat_n(i, c.len_utf8()));
    }
    map.push(raw.len());
}

/// Write the sorted items of a section starting at text offset `base` into the document,
/// mapping text offsets to input offsets.
fn write(
    doc: &mut Document,
    input: &[u8],
    decoded: &Decoded<'_>,
    base: usize,
    layout: Layout,
    items: &[Item],
    confidence: bool,
) {
    doc.nodes.clear();
    doc.articles.clear();
    doc.confidence.clear();
    doc.encoding = Some(decoded.encoding);
    doc.input_len = input.len();
    doc.layout = layout;
    doc.replaced = decoded.replaced;
    doc.first_replaced = decoded.first_replaced;
    doc.text_offset = decoded.text_offset;
    let map = |t: usize| decoded.to_input(input, t);
    let mut parent: Option<u32> = None;
    let mut para_node: Option<usize> = None;
    let mut current = u32::MAX - 1;
    let mut article_start = 0;
    let mut page_start = None;
    for it in items {
        if it.article != current {
            if current != u32::MAX - 1 && current != PAGE {
                finish_article(doc, article_start);
            }
            current = it.article;
            article_start = doc.nodes.len();
            if current == PAGE {
                page_start = Some(doc.nodes.len());
            }
            parent = None;
            para_node = None;
        }
        let text = Span::new(it.text.start + base, it.text.end + base);
        let span = Span::new(map(text.start), map(text.end));
        let article = (it.article != PAGE).then_some(doc.articles.len() as u32);
        if confidence {
            doc.confidence.push(it.confidence);
        }
        if it.sub == 0 {
            parent = Some(doc.nodes.len() as u32);
            para_node = (it.kind == Kind::Paragraph).then_some(doc.nodes.len());
            doc.nodes.push(Node { kind: it.kind, span, text, article, parent: None, attr: it.attr });
        } else {
            doc.nodes.push(Node { kind: it.kind, span, text, article, parent, attr: it.attr });
            if let Some(p) = para_node {
                // A paragraph spans its fragments, and is as sure as its least sure one.
                let pn = &mut doc.nodes[p];
                pn.span.end = pn.span.end.max(span.end);
                pn.text.end = pn.text.end.max(text.end);
                if confidence {
                    doc.confidence[p] = doc.confidence[p].min(it.confidence);
                }
            }
        }
    }
    if current != u32::MAX - 1 && current != PAGE {
        finish_article(doc, article_start);
    }
    let ps = page_start.unwrap_or(doc.nodes.len());
    doc.page = ps..doc.nodes.len();
}

fn finish_article(doc: &mut Document, start: usize) {
    let nodes = &doc.nodes[start..];
    let s = nodes.iter().filter(|n| n.kind.is_leaf()).map(|n| n.span.start).min().unwrap_or(0);
    let e = nodes.iter().filter(|n| n.kind.is_leaf()).map(|n| n.span.end).max().unwrap_or(0);
    doc.articles.push(ArticleRec { span: Span::new(s, e), nodes: start..doc.nodes.len(), extents: 0..0 });
}

/// Give every article its extents: the maximal runs of its leaves, in page order, with no
/// other owner's leaf (another article's, boilerplate, unassigned) between them. `leaves` is
/// a working buffer kept by the parser (16 bytes a leaf).
fn write_extents(doc: &mut Document, leaves: &mut Vec<(usize, u32)>) {
    leaves.clear();
    // Node indices fit in u32: the span count was checked against the limit, and the C ABI
    // checks it against u32 too; a larger table only makes the order of equal starts coarser.
    leaves.extend(
        doc.nodes.iter().enumerate().filter(|(_, n)| n.kind.is_leaf()).map(|(i, n)| (n.span.start, i as u32)),
    );
    // Leaves never overlap, so their starts order them (an empty leaf may share its start).
    leaves.sort_unstable();
    let nodes = &doc.nodes;
    let owner = |&(_, i): &(usize, u32)| nodes[i as usize].article;
    // Count each article's runs, then give each article its slot range and fill it.
    for a in &mut doc.articles {
        a.extents = 0..0;
    }
    for run in leaves.chunk_by(|a, b| owner(a) == owner(b)) {
        if let Some(article) = owner(&run[0]) {
            doc.articles[article as usize].extents.end += 1;
        }
    }
    let mut next = 0;
    for a in &mut doc.articles {
        let count = a.extents.end;
        a.extents = next..next;
        next += count;
    }
    doc.extents.clear();
    doc.extents.resize(next, Span::default());
    for run in leaves.chunk_by(|a, b| owner(a) == owner(b)) {
        if let Some(article) = owner(&run[0]) {
            let last = nodes[run[run.len() - 1].1 as usize].span.end;
            let a = &mut doc.articles[article as usize];
            doc.extents[a.extents.end] = Span::new(run[0].0, last);
            a.extents.end += 1;
        }
    }
}
