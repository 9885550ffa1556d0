//! Stage 5: the labelled lines become articles.
//!
//! Walks the role sequence from [`roles`]: a headline opens an article; bylines,
//! paragraphs, subheads, captions and jumps join the current one; a continuation line becomes
//! another fragment of the open paragraph. Sub-line pieces are split off here: the dateline
//! (and a bracketed byline after it) at the start of an article's first paragraph, a jump
//! closing a paragraph line, a pen-name byline closing a vertical block. Finally every text
//! offset is mapped back to an input offset and the flat node table is written.

pub(crate) mod join;

use crate::document::{ArticleRec, Attr, Direction, Document, Kind, Layout, Node, Role, Span};
use crate::error::Error;
use crate::features::cues;
use crate::features::lexicon::BRIEF_MARKERS;
use crate::options::Options;
use crate::roles::{self, Context, LineCues, State};
use crate::text::chars::{is_cjk, is_space};
use crate::text::decode::{self, Decoded};
use crate::text::layout::{self, Shape};
use crate::text::lines::{self, Line};

/// Working buffers kept between pages by a [`crate::Parser`].
#[derive(Clone, Debug, Default)]
pub(crate) struct Scratch {
    lines: Vec<Line>,
    cues: Vec<LineCues>,
    toc: Vec<bool>,
    repeated: Vec<bool>,
    head_zone: Vec<bool>,
    parallel: Vec<bool>,
    pull_quote: Vec<u8>,
    deck: Vec<bool>,
    pull: roles::PullQuoteScratch,
    hashes: Vec<(u64, usize)>,
    scores: roles::Scores,
    states: Vec<State>,
    items: Vec<Item>,
    stories: Vec<Story>,
    decode: decode::Buffers,
    /// Every leaf's (start, node index) in page order, for the articles' extents.
    leaves: Vec<(usize, u32)>,
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
}

const PAGE: u32 = u32::MAX;
/// How many recent stories an OCR page's interleaving looks back over (a waiting headline, a
/// paragraph left open): interleaving is local, and a bound keeps huge inputs linear.
const STORY_LOOKBACK: u32 = 16;
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

/// Parse one page into `doc`.
pub(crate) fn parse_page(
    input: &[u8],
    options: &Options,
    scratch: &mut Scratch,
    doc: &mut Document,
    trace: Option<&mut String>,
) -> Result<(), Error> {
    if input.len() > options.max_input_len {
        return Err(Error::InputTooLarge { len: input.len(), limit: options.max_input_len });
    }
    let decoded = decode::decode_with(input, options, &mut scratch.decode)?;
    let text: &str = &decoded.text;

    let tally = lines::scan(text, &mut scratch.lines);
    let shape = layout::detect(&scratch.lines, &tally, options.layout);
    let latin = tally.latin();
    let lines = &scratch.lines;
    scratch.cues.clear();
    scratch.cues.extend(lines.iter().map(|l| roles::line_cues(text, l)));
    roles::mark_brackets(&mut scratch.cues);
    roles::mark_blocks(&mut scratch.cues);
    roles::adjust_vertical(shape, &mut scratch.cues);
    mark_toc(&scratch.cues, &mut scratch.toc);
    mark_repeated(text, lines, &mut scratch.hashes, &mut scratch.repeated);
    roles::mark_head_zone(&scratch.cues, &mut scratch.head_zone);
    roles::mark_parallel(&scratch.cues, &mut scratch.parallel);
    roles::mark_pull_quotes(text, lines, latin, &mut scratch.pull, &mut scratch.pull_quote);
    roles::mark_decks(text, shape, lines, &scratch.cues, &scratch.toc, &mut scratch.deck);
    let ctx = Context {
        text,
        lines,
        shape,
        toc: &scratch.toc,
        repeated: &scratch.repeated,
        head_zone: &scratch.head_zone,
        parallel: &scratch.parallel,
        pull_quote: &scratch.pull_quote,
        deck: &scratch.deck,
        latin,
        // Read on Latin pages only.
        after_prose: if latin { roles::after_last_prose(text, lines) } else { lines.len() },
    };
    roles::assign(&ctx, &scratch.cues, &mut scratch.scores, &mut scratch.states);
    if let Some(t) = trace {
        t.push_str(&roles::trace(&ctx, &scratch.cues, &scratch.states));
    }

    scratch.items.clear();
    scratch.stories.clear();
    let mut b = Builder {
        stories: &mut scratch.stories,
        latin,
        text,
        shape,
        items: &mut scratch.items,
        articles: 0,
        article: PAGE,
        cluster: 0,
        head_open: false,
        head_kind: Kind::Title,
        has_body: false,
        has_dateline: false,
        closed_by_byline: false,
        para: None,
        consumed: 0,
        caption: None,
        byline_item: None,
        bracket_open: false,
        subhead_item: None,
        photo_feature: false,
        head_block: false,
        has_byline: false,
        closed_by_jump: false,
        para_open: false,
        return_to: None,
    };
    for (i, (line, &state)) in lines.iter().zip(scratch.states.iter()).enumerate() {
        b.line(i, line, state, lines);
    }
    let n_articles = b.articles;
    scratch.items.sort_unstable_by_key(|it| (it.article, it.top, it.sub));
    if scratch.items.len() > options.max_spans {
        return Err(Error::TooManySpans { limit: options.max_spans });
    }
    write(doc, input, &decoded, shape.layout, &scratch.items, n_articles);
    write_extents(doc, &mut scratch.leaves);
    // The decoded copy (if any) moves into the document; the document's previous copy and the
    // offset anchors go back to the parser's buffers for the next page.
    let previous = match decoded.recycle(&mut scratch.decode) {
        Some(copy) => doc.decoded.replace(copy),
        None => doc.decoded.take(),
    };
    if let Some(buf) = previous {
        scratch.decode.text = buf;
    }
    Ok(())
}

/// Mark the lines of a table of contents: from the first to the last line of a run of at
/// least three numbered lines ("1. 标题") whose numbers go up.
fn mark_toc(cues_: &[LineCues], toc: &mut Vec<bool>) {
    toc.clear();
    toc.resize(cues_.len(), false);
    let mut run_start = None;
    let mut last_num = 0;
    let mut last_idx = 0;
    let mut count = 0;
    let close = |toc: &mut Vec<bool>, start: Option<usize>, end: usize, count: u32| {
        if let Some(s) = start {
            if count >= 3 {
                toc[s..=end].iter_mut().for_each(|t| *t = true);
            }
        }
    };
    for (i, c) in cues_.iter().enumerate() {
        match c.list_number.map(u32::from) {
            Some(n) if run_start.is_some() && n == last_num + 1 => {
                last_num = n;
                last_idx = i;
                count += 1;
            }
            Some(n) => {
                close(toc, run_start, last_idx, count);
                run_start = Some(i);
                last_num = n;
                last_idx = i;
                count = 1;
            }
            None => {
                // Short lines (wrapped names, page numbers) may sit inside a list.
                if run_start.is_some() && i > last_idx + 12 {
                    close(toc, run_start, last_idx, count);
                    run_start = None;
                    count = 0;
                }
            }
        }
    }
    close(toc, run_start, last_idx, count);
}

/// Mark lines whose exact text occurs more than once on the page.
fn mark_repeated(text: &str, lines: &[Line], table: &mut Vec<(u64, usize)>, out: &mut Vec<bool>) {
    out.clear();
    out.resize(lines.len(), false);
    table.clear();
    // An open-addressing table of short lines' texts: (hash, line index + 1; 0 = empty), at
    // most half full (sized for every line: counting the short ones first would read all the
    // lines once more). Linear in the line count.
    if lines.len() < 2 {
        return;
    }
    let size = (2 * lines.len()).next_power_of_two();
    table.resize(size, (0, 0));
    let mask = size - 1;
    for (i, l) in lines.iter().enumerate() {
        if l.chars > crate::tuning::REPEATED_MAX_CHARS {
            continue;
        }
        // Case-blind for Latin text ("VALLEY COLLEGIAN" / "Valley Collegian").
        let t = l.text(text);
        let h = t.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x0100_0000_01b3)
        });
        let mut slot = (h ^ h >> 29) as usize & mask;
        loop {
            let (sh, first) = table[slot];
            if first == 0 {
                table[slot] = (h, i + 1);
                break;
            }
            if sh == h && lines[first - 1].text(text).eq_ignore_ascii_case(t) {
                out[first - 1] = true;
                out[i] = true;
                break;
            }
            slot = (slot + 1) & mask;
        }
    }
}

/// What the builder remembers of an article while others are being built (OCR pages
/// interleave their stories).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Story {
    has_body: bool,
    has_dateline: bool,
    has_byline: bool,
    closed_by_byline: bool,
    /// A jump ("See X, page 2") ended its text on this page.
    closed_by_jump: bool,
    photo_feature: bool,
    /// Its open paragraph (top key, next child number) and whether the paragraph's last line
    /// ended mid-sentence.
    para: Option<(usize, u32)>,
    para_open: bool,
    /// Headline lines.
    cluster: u32,
}

struct Builder<'t, 'i> {
    /// Saved state of every article (the current one's live copy is in the fields below).
    stories: &'i mut Vec<Story>,
    /// The page is Latin-script OCR, where stories interleave.
    latin: bool,
    text: &'t str,
    shape: Shape,
    items: &'i mut Vec<Item>,
    articles: u32,
    /// Current article (PAGE when none yet).
    article: u32,
    /// Headline lines in the current cluster.
    cluster: u32,
    /// The last headline line was a full wrapped line (its text goes on).
    head_open: bool,
    /// The kind of the last headline line (a full one wraps on in the same kind).
    head_kind: Kind,
    /// The article has paragraphs / a dateline.
    has_body: bool,
    has_dateline: bool,
    /// A byline came after body text: the next brief starts a new article.
    closed_by_byline: bool,
    /// The open paragraph: (top key, next child number).
    para: Option<(usize, u32)>,
    /// Text already taken by a dateline that ran past its line.
    consumed: usize,
    /// Index in `items` of the last caption, when the next caption line may continue it.
    caption: Option<usize>,
    /// Index in `items` of the byline made from the previous line, when the next line may
    /// continue it (a name split over lines, a place before a name, an open bracket).
    byline_item: Option<usize>,
    /// The byline's bracket is still open: following lines belong to it until it closes.
    bracket_open: bool,
    /// Index in `items` of the subhead made from the previous line (wrapped text).
    subhead_item: Option<usize>,
    /// The current article is a photo feature ("图片报道"): its text lines are captions.
    photo_feature: bool,
    /// Still in the first block of the headline cluster.
    head_block: bool,
    /// The story to go back to after a continuation line resumed another story's paragraph.
    return_to: Option<u32>,
    /// The current article has a byline; a jump closed its text; its open paragraph's last line
    /// stopped mid-sentence.
    has_byline: bool,
    closed_by_jump: bool,
    para_open: bool,
}

impl<'t, 'i> Builder<'t, 'i> {
    fn push(&mut self, article: u32, top: usize, sub: u32, kind: Kind, text: Span, attr: Attr) -> usize {
        self.items.push(Item { article, top, sub, kind, text, attr });
        self.items.len() - 1
    }

    /// The paragraph ends here for continuation purposes. On OCR pages a paragraph left
    /// mid-sentence stays resumable (its rest may come after another story's lines).
    fn close_para(&mut self) {
        if !(self.latin && self.para_open) {
            self.para = None;
        }
    }

    /// The current article's state as a record.
    fn story(&self) -> Story {
        Story {
            has_body: self.has_body,
            has_dateline: self.has_dateline,
            has_byline: self.has_byline,
            closed_by_byline: self.closed_by_byline,
            closed_by_jump: self.closed_by_jump,
            photo_feature: self.photo_feature,
            para: self.para,
            para_open: self.para_open,
            cluster: self.cluster,
        }
    }

    /// Save the current article's state and make `article` current.
    fn switch_to(&mut self, article: u32) {
        if self.article != PAGE {
            let st = self.story();
            self.stories[self.article as usize] = st;
        }
        let st = self.stories[article as usize];
        self.article = article;
        self.has_body = st.has_body;
        self.has_dateline = st.has_dateline;
        self.has_byline = st.has_byline;
        self.closed_by_byline = st.closed_by_byline;
        self.closed_by_jump = st.closed_by_jump;
        self.photo_feature = st.photo_feature;
        self.para = st.para;
        self.para_open = st.para_open;
        self.cluster = st.cluster;
        self.caption = None;
        self.head_open = false;
    }

    /// A byline after the current story's text, with no headline waiting: the current
    /// headline cluster held two stories' headlines (OCR set them one above the other). The
    /// last line stays with the text already read; the lines above it go to a new story, which
    /// the byline opens.
    fn split_headline(&mut self) {
        let cur = self.article;
        let from = self.items.len().saturating_sub(ITEM_LOOKBACK);
        let heads = self.items[from..]
            .iter()
            .filter(|it| it.article == cur && matches!(it.kind, Kind::Title | Kind::Subtitle | Kind::Kicker))
            .count();
        if heads < 2 {
            return;
        }
        self.new_article();
        let new = self.article;
        let mut seen = 0;
        for it in self.items[from..].iter_mut() {
            if it.article == cur && matches!(it.kind, Kind::Title | Kind::Subtitle | Kind::Kicker) {
                seen += 1;
                if seen < heads {
                    it.article = new;
                    it.kind = if seen == 1 { Kind::Title } else { Kind::Subtitle };
                } else {
                    it.kind = Kind::Title;
                }
            }
        }
        self.cluster = (heads - 1) as u32;
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

    /// An earlier article with a headline but no text yet (its text comes later on OCR pages).
    fn orphan(&self) -> Option<u32> {
        let n = self.stories.len() as u32;
        (n.saturating_sub(STORY_LOOKBACK)..n).rev().find(|&a| {
            a != self.article && {
                let st = &self.stories[a as usize];
                st.cluster > 0 && !st.has_body && !st.has_byline
            }
        })
    }

    /// An earlier article whose last paragraph stopped mid-sentence.
    fn open_story(&self) -> Option<u32> {
        let n = self.stories.len() as u32;
        (n.saturating_sub(STORY_LOOKBACK)..n)
            .rev()
            .find(|&a| a != self.article && self.stories[a as usize].para_open)
    }

    fn new_article(&mut self) {
        if self.article != PAGE {
            let st = self.story();
            self.stories[self.article as usize] = st;
        }
        self.stories.push(Story::default());
        self.article = self.articles;
        self.articles += 1;
        self.has_byline = false;
        self.closed_by_jump = false;
        self.para_open = false;
        self.cluster = 0;
        self.head_open = false;
        self.has_body = false;
        self.has_dateline = false;
        self.closed_by_byline = false;
        self.para = None;
        self.caption = None;
        self.photo_feature = false;
    }

    fn ensure_article(&mut self) {
        if self.article == PAGE {
            self.new_article();
        }
    }

    fn line(&mut self, _i: usize, line: &Line, state: State, _lines: &[Line]) {
        let (s, e) = (line.start.max(self.consumed).min(line.end), line.end);
        let s = trim_start(self.text, s, e);
        if s >= e {
            return;
        }
        // A photo feature's text, credits and subheads are all caption lines.
        let state = if self.photo_feature
            && (state.is_body() || matches!(state, State::Byline | State::BylineHead | State::Subhead))
        {
            State::Caption
        } else {
            state
        };
        // A bracketed wire dateline set on lines of its own under the headline
        // ("（華盛頓" / "廿三日" / "美聯電）") opens the body, even where its lines read as a
        // bracketed byline.
        let state = if matches!(state, State::Byline | State::BylineHead)
            && self.article != PAGE
            && !self.has_body
            && !self.has_dateline
            && !self.bracket_open
            && line.is_cjk()
            && cues::cn_dateline(&self.text[s..]).is_some()
        {
            State::StartClosed
        } else {
            state
        };
        if !matches!(state, State::Caption | State::CaptionOpen | State::CaptionHard) {
            self.caption = None;
        }
        // A bracketed byline runs on until its bracket closes.
        if self.bracket_open && !matches!(state, State::HeadStart | State::Head) {
            if let Some(bi) = self.byline_item {
                self.extend_byline(bi, e);
                if line.chars > 0 && self.text[s..e].contains(['）', ')']) {
                    self.bracket_open = false;
                }
                return;
            }
        }
        self.bracket_open = false;
        let byline_item = self.byline_item.take();
        let subhead_item = self.subhead_item.take();
        match state {
            State::HeadStart | State::Head => {
                if state == State::HeadStart || self.article == PAGE {
                    self.new_article();
                }
                let text = &self.text[s..e];
                let wrap = self.shape.layout == Layout::Wrapped
                    && self.cluster == 1
                    && text.chars().count() <= crate::tuning::TITLE_WRAP_MAX_CJK as usize;
                // Vertical text: the lines of the first headline block are the title.
                let same_block = self.shape.layout == Layout::Vertical
                    && self.cluster == 1
                    && self.head_block
                    && line.blank_before == 0;
                let kind = if self.cluster == 0 || wrap || same_block {
                    Kind::Title
                } else if self.head_open {
                    self.head_kind
                } else {
                    Kind::Subtitle
                };
                self.head_kind = kind;
                self.push(self.article, s, 0, kind, Span::new(s, e), Attr::None);
                if self.cluster == 0 {
                    let t = text.trim();
                    self.photo_feature = crate::features::lexicon::PHOTO_FEATURE_TITLES
                        .iter()
                        .any(|p| t.eq_ignore_ascii_case(p));
                }
                self.head_block = self.cluster == 0 || self.head_block && line.blank_before == 0;
                self.cluster += 1;
                self.head_open = self.shape.is_full(line);
            }
            State::Byline | State::BylineHead => {
                // OCR pages: a byline after a jump closed the story, or after text while a
                // headline waits for its story, opens that waiting story.
                if self.latin
                    && self.article != PAGE
                    && (self.closed_by_jump || self.has_body)
                    && byline_item.is_none()
                {
                    match self.orphan() {
                        Some(o) => self.switch_to(o),
                        None if self.closed_by_jump => self.new_article(),
                        None => self.split_headline(),
                    }
                }
                self.ensure_article();
                self.has_byline = true;
                let text = &self.text[s..e];
                let piece = text.chars().count() <= 2 && text.chars().all(is_cjk);
                match byline_item {
                    // "人民网记者" / "罗" / "娜": a name split over lines; "河南鄢陵县" / "邢先生".
                    Some(bi) if piece || self.byline_is_place(bi) || self.byline_lacks_names(bi) => {
                        self.extend_byline(bi, e)
                    }
                    _ => self.byline(s, e),
                }
                if let Some(bi) = self.byline_item {
                    let t = &self.text[self.items[bi].text.range()];
                    self.bracket_open = t.starts_with(['（', '(']) && !t.contains(['）', ')']);
                }
                if self.has_body {
                    self.closed_by_byline = true;
                }
                self.close_para();
            }
            State::StartClosed
            | State::StartOpen
            | State::StartHard
            | State::ContClosed
            | State::ContOpen
            | State::ContHard => {
                let text = &self.text[s..e];
                let brief = text.starts_with(BRIEF_MARKERS) && (self.has_body || self.closed_by_byline);
                if brief {
                    self.new_article();
                }
                self.ensure_article();
                let mut cont = state.is_cont() && self.para.is_some();
                if self.latin {
                    // A line that starts in lower case goes on the sentence some story left
                    // open, even when a headline or another story's lines came between.
                    let lower = text.chars().next().is_some_and(char::is_lowercase);
                    if lower && self.para_open && self.para.is_some() {
                        cont = true;
                    } else if lower {
                        if let Some(o) = self.open_story() {
                            let here = self.article;
                            self.switch_to(o);
                            cont = self.para.is_some();
                            self.return_to = Some(here);
                        }
                    } else if let Some(r) = self.return_to.take().filter(|&r| r != self.article) {
                        // Back to the story whose lines the continuation interrupted.
                        self.switch_to(r);
                        cont = state.is_cont() && self.para.is_some() && self.para_open;
                    } else if !cont && self.closed_by_jump {
                        match self.orphan() {
                            Some(o) => self.switch_to(o),
                            None => self.new_article(),
                        }
                    }
                }
                self.body_line(s, e, cont, line, state);
            }
            State::Subhead => {
                self.ensure_article();
                match subhead_item {
                    // pdftotext sets a two-part subhead on two lines.
                    Some(si) if self.shape.layout == Layout::Wrapped => self.items[si].text.end = e,
                    _ => {
                        let si = self.push(self.article, s, 0, Kind::Subhead, Span::new(s, e), Attr::None);
                        self.subhead_item = Some(si);
                    }
                }
                self.close_para();
            }
            State::Caption | State::CaptionOpen | State::CaptionHard => {
                let t = &self.text[s..e];
                if t.starts_with('◘')
                    && t.ends_with('◘')
                    && self.caption.is_none()
                    && (self.has_body || self.closed_by_byline)
                {
                    // A photo set apart between stories, with only its caption: its own article.
                    self.new_article();
                }
                self.caption_line(s, e);
                if state == State::Caption {
                    self.close_para();
                }
            }
            State::TopFurn | State::Furn | State::FurnOpen | State::FurnHard | State::FurnHead => {
                self.push(PAGE, s, 0, Kind::Boilerplate, Span::new(s, e), Attr::None);
                if state == State::Furn {
                    self.close_para();
                }
            }
            State::Noise | State::NoiseOpen | State::NoiseHard => {
                self.push(PAGE, s, 0, Kind::Unassigned, Span::new(s, e), Attr::None);
                if state == State::Noise {
                    self.close_para();
                }
            }
            State::Jump | State::JumpFrom => {
                let j = cues::jump(&self.text[s..e]);
                // "From page 1" after another story's text: the continuation of a story whose
                // headline stood earlier on the page.
                if j.is_some_and(|j| j.direction == Direction::From) && self.article != PAGE && self.has_body
                {
                    match self.orphan() {
                        Some(o) => self.switch_to(o),
                        None => self.new_article(),
                    }
                }
                self.ensure_article();
                let end = j.map_or(e, |j| (s + j.end).min(e));
                self.jump(s, end);
                self.close_para();
                self.para_open = false;
                if j.is_some_and(|j| j.direction == Direction::To) {
                    self.closed_by_jump = true;
                }
                // "From page 1 evidence.”": OCR ran the first words of the text on.
                let rest = trim_start(self.text, end, e);
                if rest < e {
                    self.body_line(rest, e, false, line, State::StartClosed);
                }
            }
        }
        if !state.is_body() && !state.is_passing() {
            self.close_para();
        }
        if state.is_body() && !state.open() {
            self.close_para();
        }
    }

    /// The byline item `bi` holds only a place ("河南鄢陵县"): a name follows on the next line.
    fn byline_is_place(&self, bi: usize) -> bool {
        let t = self.text[self.items[bi].text.range()].trim();
        t.chars().all(is_cjk)
            && t.ends_with(crate::features::lexicon::CN_PLACE_SUFFIXES)
            && t.chars().count() >= 3
    }

    /// The byline item `bi` has role words but no name yet ("本报记者" / "董泽扬").
    fn byline_lacks_names(&self, bi: usize) -> bool {
        let t = &self.text[self.items[bi].text.range()];
        !self.items.get(bi + 1).is_some_and(|n| n.kind == Kind::BylineName)
            && !t.contains(['（', '('])
            && t.chars().count() <= 8
            && t.chars().any(is_cjk)
    }

    /// Widen the byline at `bi` (the last byline pushed, followed only by its names) to `e`.
    fn extend_byline(&mut self, bi: usize, e: usize) {
        let s = self.items[bi].text.start;
        self.items.truncate(bi);
        self.byline(s, e);
    }

    /// A caption line: a new caption, or more of the last one when that one did not end.
    fn caption_line(&mut self, s: usize, e: usize) {
        self.ensure_article();
        if let Some(ci) = self.caption {
            self.items[ci].text.end = e;
        } else {
            let ci = self.push(self.article, s, 0, Kind::Caption, Span::new(s, e), Attr::None);
            self.caption = Some(ci);
        }
        let text = &self.text[s..e];
        let last = text.chars().next_back().unwrap_or('。');
        if crate::text::chars::is_terminal(last)
            || last == '◘'
            || crate::text::chars::is_closer(last) && text.chars().count() > 1
        {
            self.caption = None;
        }
    }

    fn byline(&mut self, s: usize, e: usize) {
        let text = &self.text[s..e];
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
            if let Some((a, b)) = cues::cn_bare_name(text) {
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
        let role = cue.map_or(Role::Other, |c| c.role);
        let bi = self.push(self.article, s, 0, Kind::Byline, Span::new(s, e), Attr::Role(role));
        self.byline_item = Some(bi);
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
        // OCR pages of wire briefs: a paragraph opening with a dateline ("CLOVIS, Calif. (AP)
        // —") starts the next story even when its headline was lost.
        if self.latin && !cont && self.has_body && cues::en_dateline(&self.text[s..e]).is_some() {
            self.new_article();
        }
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
        // A jump closing the line.
        let mut tail_jump = None;
        if let Some(j) = cues::jump(&self.text[s..e]) {
            if j.start > 0 {
                tail_jump = Some((s + j.start, e));
                e = trim_end(self.text, s, s + j.start);
            }
        }
        // A dispatch byline after the paragraph's last sentence: "……问题。（本报北京5月8日电 记者".
        let mut tail_dispatch = None;
        if tail_jump.is_none() {
            if let Some(p) = cues::tail_dispatch(&self.text[s..e]) {
                tail_dispatch = Some((s + p, e));
                e = trim_end(self.text, s, s + p);
            }
        }
        // A pen-name byline closing a vertical block: "……三十元、（獅".
        let mut tail_byline = None;
        if self.shape.layout == Layout::Vertical && !state.open() {
            if let Some(p) = trailing_pen_name(&self.text[s..e]) {
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
            let last = self.text[s..e].chars().next_back().unwrap_or('.');
            self.para_open = !(crate::text::chars::is_terminal(last) || crate::text::chars::is_closer(last));
        }
        if let Some((a, b)) = tail_jump {
            self.jump(a, b);
            self.para = None;
        }
        if let Some((a, b)) = tail_byline.or(tail_dispatch) {
            self.byline(a, b);
            self.closed_by_byline = true;
            self.para = None;
            let t = &self.text[a..b];
            self.bracket_open = tail_dispatch.is_some() && !t.contains(['）', ')']);
        }
    }
}

/// "……元、（獅" / "……去、（江）": a bracket with one to three CJK characters closing the text.
fn trailing_pen_name(s: &str) -> Option<usize> {
    let t = s.trim_end();
    let t2 = t.strip_suffix('）').or_else(|| t.strip_suffix(')')).unwrap_or(t);
    let open = t2.rfind(['（', '('])?;
    let inner = &t2[open + '（'.len_utf8().min(t2[open..].chars().next()?.len_utf8())..];
    let n = inner.chars().count();
    if open == 0 || !(1..=3).contains(&n) || !inner.chars().all(is_cjk) {
        return None;
    }
    Some(open)
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

/// Write the sorted items into the document, mapping text offsets to input offsets.
fn write(
    doc: &mut Document,
    input: &[u8],
    decoded: &Decoded<'_>,
    layout: Layout,
    items: &[Item],
    n_articles: u32,
) {
    doc.nodes.clear();
    doc.articles.clear();
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
        let span = Span::new(map(it.text.start), map(it.text.end));
        let article = (it.article != PAGE).then_some(doc.articles.len() as u32);
        if it.sub == 0 {
            parent = Some(doc.nodes.len() as u32);
            para_node = (it.kind == Kind::Paragraph).then_some(doc.nodes.len());
            doc.nodes.push(Node { kind: it.kind, span, text: it.text, article, parent: None, attr: it.attr });
        } else {
            doc.nodes.push(Node { kind: it.kind, span, text: it.text, article, parent, attr: it.attr });
            if let Some(p) = para_node {
                // A paragraph spans its fragments.
                let pn = &mut doc.nodes[p];
                pn.span.end = pn.span.end.max(span.end);
                pn.text.end = pn.text.end.max(it.text.end);
            }
        }
    }
    if current != u32::MAX - 1 && current != PAGE {
        finish_article(doc, article_start);
    }
    let ps = page_start.unwrap_or(doc.nodes.len());
    doc.page = ps..doc.nodes.len();
    debug_assert!(doc.articles.len() as u32 <= n_articles);
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
