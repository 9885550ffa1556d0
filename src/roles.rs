//! Stage 4: a role for every line, as the best-scoring path through a small state machine.
//!
//! Each line gets an emission score per state from its cues (see [`cues`]) and its
//! neighbours; a transition table says which state may follow which, at what cost. Viterbi
//! finds the best sequence. The states carry one bit of memory — whether a paragraph is open
//! (its last line ended mid-sentence) — so a column break can be rejoined across furniture,
//! captions and blank runs between its two fragments.

use std::sync::OnceLock;

use crate::document::Layout;
use crate::features::cues;
use crate::features::lexicon::{cont_start_chars, mark};
use crate::text::layout::Shape;
use crate::text::lines::Line;
use crate::tuning::*;

/// The states. `*Open` variants are entered while a paragraph is open.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub(crate) enum State {
    /// Page furniture above the first article (page header, nameplate).
    TopFurn = 0,
    /// Page furniture.
    Furn,
    /// Page furniture inside an open paragraph (a page break).
    FurnOpen,
    /// First line of a headline cluster: a new article starts.
    HeadStart,
    /// A further headline line.
    Head,
    /// A byline line.
    Byline,
    /// A paragraph starts and ends on this line.
    StartClosed,
    /// A paragraph starts on this line and goes on.
    StartOpen,
    /// The open paragraph goes on and ends on this line.
    ContClosed,
    /// The open paragraph goes on past this line.
    ContOpen,
    /// A subhead.
    Subhead,
    /// A caption line.
    Caption,
    /// A caption line inside an open paragraph.
    CaptionOpen,
    /// A jump line.
    Jump,
    /// Unreadable text.
    Noise,
    /// Unreadable text inside an open paragraph.
    NoiseOpen,
    /// A paragraph starts on this line and stops mid-clause ("……提供有力，").
    StartHard,
    /// The open paragraph goes on past this line, which stops mid-clause.
    ContHard,
    /// Furniture inside a paragraph left mid-clause.
    FurnHard,
    /// A caption inside a paragraph left mid-clause.
    CaptionHard,
    /// Unreadable text inside a paragraph left mid-clause.
    NoiseHard,
    /// A byline in the headline block, before any body text.
    BylineHead,
    /// Page furniture inside the headline block (a source line under the title).
    FurnHead,
    /// A "From page 1" jump line: a continued story's headline may stand right above it.
    JumpFrom,
}

pub(crate) const N_STATES: usize = 24;

const ALL: [State; N_STATES] = [
    State::TopFurn,
    State::Furn,
    State::FurnOpen,
    State::HeadStart,
    State::Head,
    State::Byline,
    State::StartClosed,
    State::StartOpen,
    State::ContClosed,
    State::ContOpen,
    State::Subhead,
    State::Caption,
    State::CaptionOpen,
    State::Jump,
    State::Noise,
    State::NoiseOpen,
    State::StartHard,
    State::ContHard,
    State::FurnHard,
    State::CaptionHard,
    State::NoiseHard,
    State::BylineHead,
    State::FurnHead,
    State::JumpFrom,
];

impl State {
    /// A paragraph is open after this state.
    pub fn open(self) -> bool {
        matches!(
            self,
            State::FurnOpen | State::StartOpen | State::ContOpen | State::CaptionOpen | State::NoiseOpen
        ) || self.hard()
    }

    /// The paragraph was left mid-clause: it must go on.
    pub fn hard(self) -> bool {
        matches!(
            self,
            State::StartHard | State::ContHard | State::FurnHard | State::CaptionHard | State::NoiseHard
        )
    }

    pub fn is_body(self) -> bool {
        matches!(
            self,
            State::StartClosed
                | State::StartOpen
                | State::ContClosed
                | State::ContOpen
                | State::StartHard
                | State::ContHard
        )
    }

    pub fn is_cont(self) -> bool {
        matches!(self, State::ContClosed | State::ContOpen | State::ContHard)
    }

    /// A state that passes an open paragraph through (furniture, caption, noise).
    pub fn is_passing(self) -> bool {
        matches!(
            self,
            State::FurnOpen
                | State::CaptionOpen
                | State::NoiseOpen
                | State::FurnHard
                | State::CaptionHard
                | State::NoiseHard
        )
    }
}

/// Transition score from `a` to `b` (`f32::NEG_INFINITY` when not allowed).
fn transition(a: State, b: State, latin: bool) -> f32 {
    use State::*;
    const NO: f32 = f32::NEG_INFINITY;
    let open = a.open();
    // A continuation may only follow an open paragraph; furniture, captions and noise inside
    // one carry its openness (soft or hard) through.
    if b.is_cont() {
        return if open { 0.0 } else { NO };
    }
    if b.is_passing() {
        return if open && a.hard() == b.hard() { 0.0 } else { NO };
    }
    // OCR of English pages interleaves stories: a paragraph left open is often resumed after
    // another story's lines, so leaving it costs less there.
    let abandon = match (a.hard(), open, latin) {
        (true, _, false) => T_HARD_ABANDONED,
        (true, _, true) => T_HARD_ABANDONED_LATIN,
        (false, true, false) => T_OPEN_ABANDONED,
        (false, true, true) => T_OPEN_ABANDONED_LATIN,
        _ => 0.0,
    };
    let in_head = matches!(a, HeadStart | Head | BylineHead | FurnHead);
    let base = match (a, b) {
        // The page header zone only runs from the top of the page.
        (TopFurn, TopFurn) => 0.0,
        (_, TopFurn) => NO,
        (TopFurn, Subhead | Jump) => NO,
        (_, Jump) if in_head => NO,
        (TopFurn, StartClosed | StartOpen | StartHard) => T_BODY_AT_START,
        (Subhead, Subhead) => T_SUBHEAD_PAIR,
        // The headline block: title lines, bylines and furniture before the body.
        (HeadStart | Head, HeadStart) => NO,
        (BylineHead | FurnHead, HeadStart) => T_NEW_ARTICLE + T_EMPTY_ARTICLE,
        (_, HeadStart) => T_NEW_ARTICLE,
        (HeadStart | Head, Head) => T_HEAD_CLUSTER,
        (BylineHead | FurnHead, Head) => 0.0,
        (_, Head) => NO,
        (_, BylineHead | FurnHead) if in_head => 0.0,
        (_, BylineHead | FurnHead) => NO,
        (_, Byline) if in_head => NO,
        (Byline, Byline) => 0.0,
        (_, Byline) => T_BYLINE_AFTER_BODY,
        (_, Subhead) if in_head => T_SUBHEAD_AFTER_HEAD,
        _ => 0.0,
    };
    // An open paragraph may be followed by a jump line without penalty ("... the CSU" /
    // "See INCREASE, page 9").
    if open && b == Jump {
        return base;
    }
    base + abandon
}

/// Everything the emission scores read about one line.
pub(crate) struct Context<'a> {
    pub text: &'a str,
    pub lines: &'a [Line],
    pub shape: Shape,
    /// Line indices that are part of a table of contents (a numbered list).
    pub toc: &'a [bool],
    /// Lines whose exact text occurs more than once on the page.
    pub repeated: &'a [bool],
    /// Lines in a run of headline-shaped lines that ends at a byline or a dateline.
    pub head_zone: &'a [bool],
    /// Lines set in parts like another line of the page (a series of subheads).
    pub parallel: &'a [bool],
    /// 1: a pull quote (repeats a passage of the story); 2: its attribution.
    pub pull_quote: &'a [u8],
    /// Deck lines under a headline block (wrapped text).
    pub deck: &'a [bool],
    /// The page is mostly Latin script.
    pub latin: bool,
    /// Index of the first line after the page's last line of prose (Latin pages): what
    /// follows the last story's text is advertising and furniture.
    pub after_prose: usize,
}

/// The first line after the last line of running prose (a long line of words with clause
/// punctuation), or the line count when there is none.
pub(crate) fn after_last_prose(text: &str, lines: &[Line]) -> usize {
    lines
        .iter()
        .rposition(|l| l.words >= PROSE_MIN_WORDS && l.text(text).contains([',', '.']))
        .map_or(lines.len(), |k| k + 1)
}

/// Mark pull quotes on Latin pages: a line whose words repeat a passage of another nearby
/// line (the quote set large beside the story repeats a sentence of its text). Of two equal
/// lines the later is the pull quote. Then the short attribution lines just below a pull quote
/// ("— Lance Harter", "Mike Flippin" / "biochemistry senior").
pub(crate) fn mark_pull_quotes(
    text: &str,
    lines: &[Line],
    latin: bool,
    scratch: &mut PullQuoteScratch,
    out: &mut Vec<u8>,
) {
    out.clear();
    out.resize(lines.len(), 0);
    let PullQuoteScratch { letters, ends, needles, found } = scratch;
    letters.clear();
    ends.clear();
    needles.clear();
    found.clear();
    if !latin {
        return;
    }
    // Each line's letters, lower case, one after the other (OCR differences in punctuation and
    // spacing vanish); line k's are `letters[ends[k]..ends[k + 1]]`, so a line and the next
    // joined are one slice.
    // Reserved once (a page has no more letters than bytes): no reallocation while they fill.
    letters.reserve(lines.last().map_or(0, |l| l.end));
    ends.reserve(lines.len() + 1);
    ends.push(0);
    for l in lines {
        letters.extend(l.text(text).bytes().filter(u8::is_ascii_alphabetic).map(|b| b.to_ascii_lowercase()));
        ends.push(letters.len());
    }
    let n = lines.len();
    // Every candidate line (its needle: its letters but the first three, which may be a misread
    // drop quote, "rm still" for "I'm still") is indexed by the needle's first GRAM letters;
    // one pass over the page's letters then finds every place a needle may occur, and only
    // those are compared. A line whose letters occur again in a nearby line (or across the
    // break of two adjacent lines) is a pull quote.
    needles.reserve(n);
    for (i, w) in ends.windows(2).enumerate() {
        if (PULL_QUOTE_MIN_LETTERS..=PULL_QUOTE_MAX_BYTES).contains(&(w[1] - w[0])) {
            needles.push((gram_at(letters, w[0] + 3), i as u32));
        }
    }
    if needles.is_empty() {
        return;
    }
    needles.sort_unstable();
    let mut filter = [0u64; 64];
    for &(g, _) in needles.iter() {
        let h = gram_hash(g);
        filter[h / 64] |= 1 << (h % 64);
    }
    // Per line, the matches found for its needle in the line being scanned: (line, inside it,
    // across its break), finished when the scan moves to the next line.
    found.reserve(n);
    found.resize(n, Found { line: u32::MAX, inside: false, across: false, pull: false });
    // Every position a gram starts, line by line (k: the line whose letters hold p).
    let limit = (letters.len() + 1).saturating_sub(GRAM);
    for k in 0..n {
        for p in ends[k]..ends[k + 1].min(limit) {
            let g = gram_at(letters, p);
            let h = gram_hash(g);
            if filter[h / 64] & (1 << (h % 64)) == 0 {
                continue;
            }
            // Needles with this gram whose line is within the window of line k.
            let lo =
                needles.partition_point(|&(ng, ni)| (ng, (ni as usize) + PULL_QUOTE_WINDOW) < (g, k + 1));
            for &(ng, ni) in &needles[lo..] {
                let i = ni as usize;
                if ng != g || i > k + PULL_QUOTE_WINDOW {
                    break;
                }
                // Old window: k in i - W .. i + W (exclusive), k != i.
                if k == i || k + PULL_QUOTE_WINDOW < i || k >= (i + PULL_QUOTE_WINDOW).min(n) {
                    continue;
                }
                let needle = &letters[ends[i] + 3..ends[i + 1]];
                let end = p + needle.len();
                if end > letters.len() || letters[p..end] != *needle {
                    continue;
                }
                let f = &mut found[i];
                if f.line != k as u32 {
                    f.finish(ends, i);
                    f.line = k as u32;
                }
                if end <= ends[k + 1] {
                    f.inside = true;
                } else if k + 1 < n && k + 1 != i && end <= ends[k + 2] {
                    f.across = true;
                }
            }
        }
    }
    for &(_, ni) in needles.iter() {
        let i = ni as usize;
        found[i].finish(ends, i);
        if found[i].pull {
            out[i] = 1;
            // Its attribution: up to two short lines below.
            for k in i + 1..(i + 3).min(n) {
                let l = &lines[k];
                if l.words == 0 || l.words > 4 || l.ends_terminal {
                    break;
                }
                out[k] = 2;
            }
        }
    }
}

/// Letters per index key of a pull-quote needle.
const GRAM: usize = 8;

#[inline]
fn gram_at(letters: &[u8], p: usize) -> u64 {
    let mut b = [0u8; GRAM];
    b.copy_from_slice(&letters[p..p + GRAM]);
    u64::from_le_bytes(b)
}

/// A bit of the 4096-bit needle filter.
#[inline]
fn gram_hash(g: u64) -> usize {
    (g.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 52) as usize
}

/// Working buffers of [`mark_pull_quotes`], kept between pages.
#[derive(Clone, Debug, Default)]
pub(crate) struct PullQuoteScratch {
    letters: Vec<u8>,
    ends: Vec<usize>,
    needles: Vec<(u64, u32)>,
    found: Vec<Found>,
}

/// The matches of one line's needle in the line being scanned.
#[derive(Clone, Copy, Debug)]
struct Found {
    line: u32,
    inside: bool,
    across: bool,
    pull: bool,
}

impl Found {
    /// Judge the matches in line `self.line` for the needle of line `i`: inside one line, the
    /// shorter copy (or of two equal ones, the later) is the quote; only across a line break
    /// of the story's text, the one-line copy is.
    fn finish(&mut self, ends: &[usize], i: usize) {
        if self.line != u32::MAX {
            let k = self.line as usize;
            let (na, nb) = (ends[i + 1] - ends[i], ends[k + 1] - ends[k]);
            self.pull |= if self.inside { nb > na || k < i } else { self.across };
        }
        self.line = u32::MAX;
        self.inside = false;
        self.across = false;
    }
}

/// Mark the deck of wrapped articles: the summary lines under the headline block ("标题" /
/// "作者" / source line / deck lines / body). After a byline (and furniture), up to
/// [`DECK_MAX_LINES`] lines without a sentence end, the last of which stops short of the column
/// without punctuation: body text cannot end a line that way, so they are headline lines.
pub(crate) fn mark_decks(
    text: &str,
    shape: Shape,
    lines: &[Line],
    cues_: &[LineCues],
    toc: &[bool],
    out: &mut Vec<bool>,
) {
    out.clear();
    out.resize(lines.len(), false);
    if shape.layout != Layout::Wrapped {
        return;
    }
    // A byline, a name or furniture: not deck text.
    let head_piece = |c: &LineCues| c.byline_any || c.bare_name || c.name_piece || c.furniture > 0.0;
    let mut i = 1;
    while i < lines.len() {
        // Only bylines and furniture between the byline and the deck.
        let after_byline = (1..=DECK_AFTER_BYLINE.min(i))
            .map(|d| &cues_[i - d])
            .take_while(|c| c.byline_pure || c.bare_name || c.furniture >= 2.0)
            .any(|c| c.byline_pure || c.bare_name);
        if !after_byline || head_piece(&cues_[i]) {
            i += 1;
            continue;
        }
        // The deck's lines: at least one fills the column (it is text, not a label), and the
        // last stops short of it without punctuation.
        let mut end = None;
        let mut full = false;
        for (k, l) in lines.iter().enumerate().skip(i).take(DECK_MAX_LINES) {
            if !l.is_cjk()
                || l.ends_terminal
                || toc[k]
                || head_piece(&cues_[k])
                || l.text(text).contains(SENTENCE_ENDS)
            {
                break;
            }
            if shape.is_full(l) {
                full = true;
            } else if full && !l.ends_clinging && k + 1 < lines.len() {
                end = Some(k);
            }
        }
        if let Some(k) = end {
            out[i..=k].iter_mut().for_each(|d| *d = true);
            i = k + 1;
        } else {
            i += 1;
        }
    }
}

/// A serial's installment number alone on its line, "（九）", "（三三八）": part of the headline
/// (the bracket is not a byline).
fn is_installment(t: &str) -> bool {
    let t = t.trim();
    let Some(inner) = t.strip_prefix(['（', '(']).and_then(|r| r.strip_suffix(['）', ')'])) else {
        return false;
    };
    let n = inner.chars().count();
    (1..=INSTALLMENT_MAX_CHARS).contains(&n)
        && inner.chars().all(|c| crate::text::chars::is_cn_digit(c) || crate::text::chars::is_digit(c))
}

/// A short CJK line set in two or three parts ("北塘区  社区食堂开进老小区").
fn parallel_shaped(l: &Line) -> bool {
    l.is_cjk() && (1..=2).contains(&l.phrase_gaps) && l.chars <= SUBHEAD_MAX_CJK + 4
}

/// Mark short lines set in two parts ("北塘区  社区食堂开进老小区") whose first part is as long as
/// another such line's: the parallel subheads of one article.
pub(crate) fn mark_parallel(cues_: &[LineCues], out: &mut Vec<bool>) {
    out.clear();
    out.resize(cues_.len(), false);
    let mut counts = [0u32; 33];
    for c in cues_ {
        counts[usize::from(c.parallel_part)] += 1;
    }
    for (o, c) in out.iter_mut().zip(cues_) {
        *o = c.parallel_part > 0 && counts[usize::from(c.parallel_part)] >= 2;
    }
}

/// Mark the lines of a headline-shaped run (short, no sentence end) that leads to a byline or
/// a paragraph opening with a dateline: the headline cluster of an article.
pub(crate) fn mark_head_zone(cues_: &[LineCues], zone: &mut Vec<bool>) {
    zone.clear();
    zone.resize(cues_.len(), false);
    let mut lead = false;
    for i in (0..cues_.len()).rev() {
        let c = &cues_[i];
        if c.byline_pure || c.dateline {
            lead = true;
            continue;
        }
        if c.bare_name {
            // A bare name leads a headline only when a byline follows it too ("春天茶事" /
            // "采药"); otherwise it is the byline itself.
            zone[i] = lead;
            lead = true;
            continue;
        }
        zone[i] = lead && c.head_shaped && c.furniture < 2.0;
        lead = zone[i];
    }
}

/// [`LineCues::head_shaped`] (`c` holds the line's other cues).
fn head_shaped(l: &Line, c: &LineCues) -> bool {
    // Latin headlines are short or set in title case; a longer line of lower-case words is
    // prose that stopped at a column end.
    let size_ok = if l.is_cjk() {
        l.chars <= HEAD_MAX_CJK + 12
    } else {
        l.words <= HEAD_MAX_WORDS && (l.words <= 10 || l.capitalized * 2 >= l.words)
    };
    let sentence_end = l.ends_terminal && matches!(l.last, '。' | '.' | '；' | ';');
    size_ok && !sentence_end && !l.ends_clinging && !l.starts_clinging && !c.place && !c.ad
}

/// Per-line cue results, computed once.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct LineCues {
    pub furniture: f32,
    pub caption: f32,
    pub byline_pure: bool,
    pub byline_any: bool,
    pub byline_role_word: bool,
    pub bare_name: bool,
    /// The bare name starts with a common surname (or is foreign, with "·").
    pub surname: bool,
    pub whole_jump: bool,
    pub dateline: bool,
    pub garbage: bool,
    pub numbered: bool,
    pub two_parts: bool,
    /// The line ends with a byline after its last sentence: its article ends here.
    pub closing_byline: bool,
    /// The line opens like a new paragraph ("据了解", "近日", a date).
    pub opener: bool,
    /// The line starts with a particle that attaches to what precedes it.
    pub cont_start: bool,
    /// One or two CJK characters alone: a piece of a name pdftotext split over lines.
    pub name_piece: bool,
    /// A place alone ("河南鄢陵县").
    pub place: bool,
    /// The whole line is a dateline ("新华社北京10月19日电" set apart by pdftotext).
    pub dateline_only: bool,
    /// The line opens a bracketed dispatch byline ("（新华社北京10月19日电 记者 ……").
    pub dispatch_bracket: bool,
    /// The line goes on inside such a bracket opened on an earlier line.
    pub in_bracket: bool,
    /// The line ends a paragraph and opens a dispatch byline after it.
    pub tail_dispatch: bool,
    /// The line holds a word of advertising.
    pub ad: bool,
    /// The line has the punctuation of running text (`Line::prose_punct`).
    pub punct: bool,
    /// Position of the line in its block (lines between blank lines), and the block's size.
    pub block_pos: u16,
    pub block_len: u16,
    /// Lines of the block with clause punctuation, with advertising words.
    pub block_punct: u16,
    pub block_ad: u16,
    /// The next block opens with a dateline or is a byline: this block reads as a headline.
    pub next_block_lead: bool,
    /// Blocks from this one to the next block with punctuation (body text), capped.
    pub blocks_to_body: u16,
    /// An English nameplate word ("Daily") on a short line.
    pub nameplate: bool,
    /// An English photo credit ("CESAR SANCHEZ/Mustang Daily").
    pub credit: bool,
    /// "and Jane Doe": the second line of a two-author byline.
    pub and_name: bool,
    /// A "From page 1" jump.
    pub from_jump: bool,
    // The line facts the page-wide passes read, copied here so that they read these compact
    // records rather than the lines again.
    /// Blank lines or a page break come before the line: it opens a block.
    pub block_start: bool,
    /// [`Line::unclosed`].
    pub unclosed: bool,
    /// [`Line::stray_close`].
    pub stray_close: bool,
    /// The line has a headline's shape: short (or title case), no sentence end, no clinging
    /// punctuation at either end, not a place or an advertisement (`mark_head_zone`).
    pub head_shaped: bool,
    /// A short CJK line in two or three parts: its first part's length + 1, at most 32
    /// (0: not such a line; `mark_parallel`).
    pub parallel_part: u8,
    /// The number of a numbered list line ("1. 标题"; `mark_toc`).
    pub list_number: Option<u16>,
}

/// Vertical transcriptions break short phrases onto lines of their own: a line of a
/// several-line block that looks like a bare name ("說書先生") is only part of the block.
pub(crate) fn adjust_vertical(shape: Shape, cues_: &mut [LineCues]) {
    if shape.layout != Layout::Vertical {
        return;
    }
    for c in cues_.iter_mut().filter(|c| c.block_len > 1) {
        c.bare_name = false;
        c.surname = false;
    }
}

/// Block facts (a block is a run of lines between blank lines), copied onto every line.
pub(crate) fn mark_blocks(cues_: &mut [LineCues]) {
    let n = cues_.len();
    let mut start = 0;
    while start < n {
        let mut end = start + 1;
        while end < n && !cues_[end].block_start {
            end += 1;
        }
        let len = (end - start).min(u16::MAX as usize) as u16;
        let (punct, ad) = cues_[start..end]
            .iter()
            .fold((0usize, 0usize), |(p, a), c| (p + usize::from(c.punct), a + usize::from(c.ad)));
        let (punct, ad) = (punct.min(u16::MAX as usize) as u16, ad.min(u16::MAX as usize) as u16);
        let lead = cues_.get(end).is_some_and(|c| c.dateline || c.byline_pure);
        for (k, c) in cues_[start..end].iter_mut().enumerate() {
            c.block_pos = k.min(u16::MAX as usize) as u16;
            c.block_len = len;
            c.block_punct = punct;
            c.block_ad = ad;
            c.next_block_lead = lead;
        }
        start = end;
    }
    // Backwards: how many blocks until body text.
    let mut dist = u16::MAX;
    let mut i = n;
    while i > 0 {
        i -= 1;
        let c = &mut cues_[i];
        if c.block_pos as usize + 1 == c.block_len as usize && i + 1 < n {
            // Last line of a block: one more block to the body.
            dist = dist.saturating_add(1);
        }
        if c.block_punct > 0 {
            dist = 0;
        }
        c.blocks_to_body = dist;
    }
}

/// Mark the lines that continue a bracketed dispatch byline opened on an earlier line.
pub(crate) fn mark_brackets(cues_: &mut [LineCues]) {
    let mut open_left = 0;
    for c in cues_.iter_mut() {
        if open_left > 0 {
            c.in_bracket = true;
            open_left -= 1;
            if c.stray_close {
                open_left = 0;
            }
            continue;
        }
        if (c.dispatch_bracket || c.tail_dispatch) && c.unclosed {
            open_left = MAX_BRACKET_LINES;
        }
    }
}

pub(crate) fn line_cues(text: &str, line: &Line) -> LineCues {
    let s = line.text(text);
    let cjk = line.is_cjk();
    // The recognisers look for short patterns; long prose lines skip the ones that can only
    // match a short line (furniture, bylines, captions, advertisements).
    let short = if cjk { line.chars <= SHORT_CJK_LINE } else { line.chars <= SHORT_LATIN_LINE };
    let mut c = LineCues {
        furniture: if short && cues::gate::furniture(line) { cues::furniture(s, line.marks) } else { 0.0 },
        caption: if line.chars <= CAPTION_MAX_CHARS && cues::gate::caption(line) {
            cues::caption(s, line.marks)
        } else {
            0.0
        },
        garbage: !(cjk && line.cjk * 2 > line.chars) && cues::garbage(s),
        // Every numbered head starts with a digit or 第.
        numbered: cues::gate::numbered_head(line) && cues::numbered_head(s),
        ..Default::default()
    };
    let by = if line.chars > BYLINE_MAX_CHARS && !s.starts_with(['（', '('])
        || cjk && !cues::gate::cn_byline(line)
    {
        None
    } else if cjk {
        cues::cn_byline(s, line.marks, |_, _| {})
    } else {
        cues::en_byline(s, |_, _| {})
    };
    // "新华社记者 卢汉欣摄": a photo credit, a caption rather than a byline.
    let credit = cjk && line.chars <= 30 && matches!(line.last, '摄' | '攝');
    if let Some(b) = by.filter(|_| !credit) {
        c.byline_any = true;
        c.byline_role_word = b.role_word;
        // A bare name alone is only a weak byline cue (see `bare_name`): it is also the shape
        // of a short headline.
        c.byline_pure = b.pure
            && (b.role_word || b.bracketed && b.names > 0 || b.place && b.names > 0)
            && (line.chars <= 60 || b.bracketed);
    }
    if cjk && line.chars <= 12 && cues::gate::cn_bare_name(line) {
        if let Some((a, b)) = cues::cn_bare_name(s) {
            c.bare_name = true;
            c.surname = cues::has_surname(&s[a..b]) || s[a..b].contains('·');
        }
    }
    if let Some(j) = if cues::gate::jump(line) { cues::jump_marked(s, line.marks) } else { None } {
        c.whole_jump = j.start == 0;
        c.from_jump = j.start == 0 && j.direction == crate::document::Direction::From;
    }
    if !cjk {
        c.nameplate = line.words <= 5 && cues::nameplate_word(s);
        c.credit = line.chars <= 60 && cues::en_credit(s);
        c.and_name = s.starts_with("and ") && by.is_some_and(|b| b.names > 0 && b.pure);
    }
    c.dispatch_bracket = cjk && cues::gate::dispatch_bracket(line) && cues::dispatch_bracket(s);
    c.ad = cjk && line.chars <= AD_MAX_CHARS && line.marks & mark::AD_WORD != 0 && cues::ad_words(s);
    c.punct = line.prose_punct;
    c.tail_dispatch = cjk && line.marks & mark::OPEN_BRACKET != 0 && cues::tail_dispatch(s).is_some();
    let dl = if cues::gate::cn_dateline(line) {
        // A bracketed wire dateline may run onto the next line ("（重慶廿六日路" / "透電）").
        let mut ext_end = (line.end + DATELINE_LOOKAHEAD).min(text.len());
        while !text.is_char_boundary(ext_end) {
            ext_end -= 1;
        }
        cues::cn_dateline(&text[line.start..ext_end])
    } else {
        None
    }
    .or_else(|| if cues::gate::en_dateline(line) { cues::en_dateline(s) } else { None });
    c.dateline = dl.is_some();
    c.dateline_only = dl.is_some_and(|d| d.body >= s.len());
    c.two_parts = line.phrase_gaps >= 1 && (line.wide_gaps >= 1 || line.is_cjk());
    // The paragraph's text ended before a byline (or a dispatch byline's bracket).
    c.closing_byline =
        c.tail_dispatch || cjk && line.marks & mark::SENTENCE_END != 0 && cues::trailing_byline(s).is_some();
    c.opener = line.is_cjk() && line.marks & mark::OPENER_PUNCT != 0 && cues::paragraph_opener(s);
    c.name_piece = line.chars <= 2 && line.cjk == line.chars;
    c.place = line.is_cjk() && cues::gate::place_line(line) && cues::place_line(s);
    c.cont_start = line.is_cjk() && cont_start_chars().may_start(line.first);
    c.block_start = line.blank_before > 0 || line.page_break;
    c.unclosed = line.unclosed;
    c.stray_close = line.stray_close;
    c.head_shaped = head_shaped(line, &c);
    c.parallel_part = if parallel_shaped(line) { line.first_part.min(31) as u8 + 1 } else { 0 };
    c.list_number = cues::list_number(s);
    c
}

/// Emission scores of line `i` for every state.
#[inline]
fn emissions(ctx: &Context<'_>, cues_: &[LineCues], i: usize) -> [f32; N_STATES] {
    use State::*;
    let l = &ctx.lines[i];
    let c = &cues_[i];
    let prev = i.checked_sub(1).map(|p| &ctx.lines[p]);
    let prev_c = i.checked_sub(1).map(|p| &cues_[p]);
    let next = ctx.lines.get(i + 1);
    let next_c = cues_.get(i + 1);
    let cjk = l.is_cjk();
    let layout = ctx.shape.layout;
    let mut e = [0.0f32; N_STATES];

    // ---- shape facts
    let long = if cjk { l.chars >= LONG_CJK } else { l.chars >= LONG_LATIN };
    // Read only for Latin lines.
    let lower_start = !cjk && l.first.is_lowercase();
    let blank_after = next.map_or(3, |n| n.blank_before);
    let adjacent_prev = prev.is_some() && l.blank_before == 0 && !l.page_break;
    let prev_full = adjacent_prev && prev.is_some_and(|p| ctx.shape.is_full(p) && !p.ends_terminal);
    let prev_full_terminal = adjacent_prev && prev.is_some_and(|p| ctx.shape.is_full(p) && p.ends_terminal);
    let in_block = layout == Layout::Vertical && adjacent_prev;
    let full = ctx.shape.is_full(l);
    // Does the line end a sentence? In wrapped text a full line goes on whatever its last
    // character; elsewhere the punctuation decides.
    let closed_end = c.tail_dispatch
        || if layout == Layout::Wrapped {
            !full && l.ends_terminal
        } else if layout == Layout::Vertical {
            // A block runs to its end: the line is closed when the next line starts a new block.
            next.is_none_or(|n| n.blank_before > 0 || n.page_break)
        } else {
            l.ends_terminal || c.closing_byline
        };

    // ---- headline
    let mut head = W_HEAD_BASE;
    if l.ends_terminal && matches!(l.last, '。' | '.' | '；' | ';' | '．') {
        head += W_HEAD_SENTENCE_END;
    }
    if cjk && l.chars > HEAD_MAX_CJK {
        head += W_HEAD_TOO_LONG * (l.chars - HEAD_MAX_CJK) as f32;
    }
    if !cjk && l.words > HEAD_MAX_WORDS {
        head += W_HEAD_TOO_LONG * 4.0 * (l.words - HEAD_MAX_WORDS) as f32;
    }
    if l.ends_clinging {
        head += W_HEAD_CLINGING;
    }
    // A headline line may start by closing the quote the line above opened.
    let closes_above = l.stray_close && prev.is_some_and(|p| p.unclosed);
    if l.starts_clinging && !closes_above {
        head += W_HEAD_CLINGING;
    }
    let commas = l.commas as f32;
    // A longer CJK line without any clause punctuation reads as a headline, not as prose.
    let unpunctuated = cjk && l.chars >= UNPUNCTUATED_MIN_CJK && !l.clause_punct;
    head += W_HEAD_COMMAS * commas;
    if c.two_parts && cjk {
        head += W_HEAD_TWO_PARTS;
    }
    if unpunctuated && !c.two_parts {
        head += W_UNPUNCTUATED;
    }
    if cjk && l.phrase_gaps > 0 && l.chars > SUBHEAD_MAX_CJK {
        // Long and set in parts: a headline, not a subhead nor body text.
        head += W_HEAD_LONG_PARTS;
    }
    if !cjk {
        if l.words > 0 && l.capitalized * 2 >= l.words {
            head += W_HEAD_TITLE_CASE;
        }
        // A short line without a sentence end above a paragraph that starts afresh.
        if l.words <= 8
            && !l.ends_terminal
            && !l.ends_clinging
            && next.is_some_and(|n| n.first.is_uppercase() && n.words > 12)
        {
            head += W_HEAD_ABOVE_TEXT;
        }
        if lower_start {
            head += W_HEAD_LOWER_START;
        }
    }
    head -= c.furniture * W_FURN_CUE + c.caption * 0.5;
    if c.dateline {
        head -= W_DATELINE_START;
    }
    if c.place {
        head -= W_BYLINE_PIECE;
    }
    if c.byline_pure {
        head -= 4.0;
    }
    let mut head_start = head;
    if closes_above {
        head_start += W_HEAD_CLINGING;
    }
    if l.blank_before >= 2 || l.page_break || i == 0 {
        head_start += W_HEAD_AFTER_GAP;
    }
    if i > 0 && cues_[i - 1].furniture >= 2.0 {
        head_start += W_HEAD_AFTER_END;
    }
    if i > 0 && cues_[i - 1].closing_byline {
        head_start += W_HEAD_AFTER_BYLINE;
    }
    if next_c.is_some_and(|n| n.byline_pure || n.bare_name) {
        head_start += W_HEAD_BEFORE_BYLINE;
        head += W_HEAD_BEFORE_BYLINE * 0.5;
    }
    if next_c.is_some_and(|n| n.dateline) {
        head_start += W_HEAD_BEFORE_DATELINE;
        head += W_HEAD_BEFORE_DATELINE * 0.5;
    }
    if ctx.head_zone[i] {
        head += W_HEAD_ZONE;
        head_start += W_HEAD_ZONE;
    }
    if layout == Layout::Wrapped
        && l.chars <= TITLE_WRAP_MAX_CJK
        && cjk
        && !l.ends_terminal
        && !(c.bare_name && c.surname)
    {
        // "……考亭论" / "坛举行": a large-type title wrapped early.
        if prev.is_some_and(|p| p.chars >= 14 && !p.ends_terminal && p.is_cjk()) && l.blank_before == 0 {
            head += W_TITLE_WRAP;
        }
    }
    if ctx.deck[i] {
        head = head.max(W_DECK);
    }
    let installment = matches!(l.first, '（' | '(') && is_installment(l.text(ctx.text));
    if installment {
        head = head.max(W_INSTALLMENT);
    }
    e[HeadStart as usize] = head_start;
    e[Head as usize] = head;

    // ---- subhead
    let mut sub = W_SUBHEAD_BASE;
    let quoted = matches!(l.first, '“' | '「' | '"') && matches!(l.last, '”' | '」' | '"');
    if quoted {
        sub += W_SUBHEAD_QUOTED;
    }
    if cjk && l.chars <= SUBHEAD_TINY_CJK {
        sub += W_SUBHEAD_TINY;
    } else if cjk && !c.two_parts && !quoted && !c.numbered {
        sub += W_SUBHEAD_PLAIN;
    }
    let limit = if cjk { SUBHEAD_MAX_CJK } else { SUBHEAD_MAX_WORDS };
    let size = if cjk { l.chars } else { l.words };
    if size > limit {
        sub += W_SUBHEAD_TOO_LONG * (size - limit) as f32;
    }
    if l.ends_terminal && matches!(l.last, '。' | '.' | '；' | ';') {
        sub += W_HEAD_SENTENCE_END;
    }
    if l.ends_clinging {
        sub += W_HEAD_CLINGING;
    }
    if c.two_parts && cjk {
        sub += W_SUBHEAD_TWO_PARTS;
    }
    if c.numbered {
        sub += W_SUBHEAD_NUMBERED;
    }
    if ctx.pull_quote[i] > 0 {
        // Set large, a pull quote may be any length and end a sentence.
        sub = sub.max(W_PULL_QUOTE);
    }
    if ctx.parallel[i] {
        sub += W_PARALLEL;
        e[HeadStart as usize] -= W_PARALLEL;
        e[Head as usize] -= W_PARALLEL;
    }
    if next.is_some_and(|n| n.starts_clinging) {
        sub += W_HEAD_CLINGING;
    }
    sub += W_HEAD_COMMAS * commas;
    sub -= c.furniture * W_FURN_CUE;
    e[Subhead as usize] = sub;

    // ---- byline
    e[Byline as usize] = if c.byline_pure {
        W_BYLINE_PURE
    } else if c.bare_name {
        W_BYLINE_BARE_NAME + if c.surname { W_BYLINE_SURNAME } else { 0.0 }
    } else if c.byline_any && l.chars <= 30 {
        W_BYLINE_IMPURE
    } else {
        W_BYLINE_NONE
    };

    // A name split over lines after a byline, a place before a name.
    let surname_piece = c.name_piece
        && next_c.is_some_and(|n| n.name_piece)
        && cues::has_surname(ctx.lines[i].text(ctx.text));
    let prev_short = prev.is_some_and(|p| p.chars <= 20);
    let vertical_inner = layout == Layout::Vertical && c.block_pos > 0;
    if !vertical_inner
        && c.name_piece
        && prev_short
        && prev_c.is_some_and(|p| p.byline_any || p.name_piece || p.place)
        || surname_piece
    {
        e[Byline as usize] = e[Byline as usize].max(W_BYLINE_PIECE);
    }
    if c.place && next_c.is_some_and(|n| n.bare_name) {
        e[Byline as usize] = e[Byline as usize].max(W_BYLINE_PIECE);
    }
    if c.dispatch_bracket || c.in_bracket {
        e[Byline as usize] = e[Byline as usize].max(W_BYLINE_PURE);
        e[HeadStart as usize] -= W_BYLINE_PURE;
        e[Head as usize] -= W_BYLINE_PURE;
    }
    if c.bare_name && prev_short && prev_c.is_some_and(|p| p.place || p.byline_role_word && !p.byline_pure) {
        e[Byline as usize] += W_BYLINE_PIECE;
    }
    if installment {
        e[Byline as usize] = e[Byline as usize].min(W_BYLINE_NONE);
    }

    // ---- body
    let short = shortness(l);
    let mut body = W_BODY_BASE + if long { W_BODY_LONG } else { W_BODY_SHORT * short };
    if ctx.head_zone[i] {
        body -= W_HEAD_ZONE * 0.5;
    }
    if cjk && l.phrase_gaps > 0 {
        body += W_BODY_PHRASE_GAPS * l.phrase_gaps.min(3) as f32;
    }
    if unpunctuated {
        body -= W_UNPUNCTUATED;
    }
    if c.furniture > 0.0 {
        body -= c.furniture * W_FURN_CUE;
    }
    // A short line that stops without punctuation is seldom a column-broken fragment.
    let open_match = W_END_MATCH * (1.0 - short / 3.0).max(0.0) * 2.0;
    let (mut closed_fit, mut open_fit) = if closed_end {
        (W_END_MATCH, W_END_MISMATCH)
    } else {
        (W_END_MISMATCH, open_match.min(W_END_MATCH))
    };
    // A wide blank run after a finished sentence may be a column break all the same: let the
    // next line decide.
    let wide_after = layout == Layout::Paragraphs && blank_after >= WIDE_BLANK_RUN && next.is_some();
    if closed_end && wide_after || full && l.ends_terminal {
        closed_fit = 0.3;
        open_fit = 0.0;
    }
    let mut start = body;
    let mut cont = body;
    if layout == Layout::Paragraphs && l.blank_before >= WIDE_BLANK_RUN {
        cont += W_CONT_AFTER_WIDE_GAP;
        start -= W_CONT_AFTER_WIDE_GAP;
    }
    if l.starts_clinging {
        cont += W_CONT_CLINGING_START;
        start += W_START_CLINGING;
    }
    if lower_start && !cjk {
        cont += W_CONT_LOWER_START;
        start += W_START_LOWER;
    }
    if !cjk && l.first.is_uppercase() {
        // English sentences seldom go on with a capital after a line break.
        cont -= W_CONT_UPPER_START;
    }
    if l.stray_close && cjk {
        cont += W_CONT_STRAY_CLOSE;
        start -= W_CONT_STRAY_CLOSE;
    }
    if c.cont_start {
        cont += W_CONT_PARTICLE_START;
        start -= W_CONT_PARTICLE_START;
    }
    if c.opener {
        cont -= W_OPENER;
        start += W_OPENER;
    }
    if prev_full {
        cont += W_CONT_AFTER_FULL;
        start += W_START_AFTER_FULL;
    }
    if prev_full_terminal && ctx.shape.is_indented_first(l) {
        start += W_WRAP_INDENT;
        cont -= W_WRAP_INDENT;
    } else if prev_full_terminal && ctx.shape.is_flush(l) {
        cont += W_WRAP_INDENT;
        start -= W_WRAP_INDENT;
    }
    if in_block {
        cont += W_CONT_IN_BLOCK;
        start += W_START_IN_BLOCK;
    }
    if c.dateline {
        start += W_DATELINE_START;
        cont -= W_DATELINE_START;
    }
    if prev_c.is_some_and(|p| p.dateline_only) {
        // The first paragraph goes on after a dateline set on a line of its own.
        start += W_DATELINE_START;
        e[HeadStart as usize] -= W_DATELINE_START;
        e[Head as usize] -= W_DATELINE_START;
    }
    e[StartClosed as usize] = start + closed_fit;
    e[ContClosed as usize] = cont + closed_fit;
    // A line that stops on a comma is hard-open; any other unfinished line soft-open.
    let hard = (l.ends_clinging || l.unclosed && !l.ends_terminal) && layout != Layout::Vertical && !full;
    let (soft, hardv) = if hard { (W_NOT, 0.0) } else { (0.0, W_NOT) };
    e[StartOpen as usize] = start + open_fit + soft;
    e[ContOpen as usize] = cont + open_fit + soft;
    e[StartHard as usize] = start + open_fit + hardv;
    e[ContHard as usize] = cont + open_fit + hardv;

    // ---- caption
    let mut cap = W_CAPTION_BASE + c.caption * W_CAPTION_CUE;
    let isolated = l.blank_before >= CAPTION_ISOLATION_BLANKS && blank_after >= CAPTION_ISOLATION_BLANKS
        || l.blank_before > CAPTION_ISOLATION_BLANKS && l.ends_terminal && l.chars <= CAPTION_SHORT_CHARS;
    if layout == Layout::Paragraphs && isolated && l.chars <= CAPTION_MAX_CHARS && cjk {
        cap += W_CAPTION_ISOLATED;
    }
    if l.chars > CAPTION_MAX_CHARS {
        cap += W_NOT;
    }
    e[Caption as usize] = cap;
    e[CaptionOpen as usize] = cap;
    e[CaptionHard as usize] = cap;

    // ---- furniture
    let mut furn = W_FURN_BASE + c.furniture * W_FURN_CUE;
    let sentence = l.ends_terminal && l.words >= 5;
    if ctx.latin && i >= ctx.after_prose && !c.credit && !c.whole_jump && !sentence {
        // Below the page's last story: advertisements, the staff box, OCR debris.
        furn += W_AFTER_PROSE;
        e[HeadStart as usize] -= W_AFTER_PROSE;
        e[Caption as usize] -= W_AFTER_PROSE;
    }
    let all_caps = !cjk && l.latin > 0 && l.upper * 10 >= l.latin * 9 && l.words <= 5;
    let plate_below =
        || (i + 1..(i + 3).min(cues_.len())).any(|k| cues_[k].nameplate || cues_[k].furniture >= 2.0);
    if (all_caps || !cjk && l.words <= 3) && i < NAMEPLATE_LINES && plate_below() {
        // "CALIFORNIA POLYTECHNIC" / "UNIVERSITY SAN LUIS OBISPO" above the nameplate.
        furn += W_NAMEPLATE;
        e[HeadStart as usize] -= W_NAMEPLATE;
    }
    if c.nameplate && i < NAMEPLATE_LINES + 3 && !c.credit {
        furn += W_NAMEPLATE;
        e[HeadStart as usize] -= W_NAMEPLATE;
    }
    if i < NAMEPLATE_LINES && cjk && l.chars <= 8 && ctx.text[l.start..l.end].ends_with(['报', '報', '刊'])
    {
        // The paper's name at the top of the page.
        furn += W_NAMEPLATE;
        e[HeadStart as usize] -= 2.0 * W_NAMEPLATE;
        e[Head as usize] -= 2.0 * W_NAMEPLATE;
    }
    if ctx.repeated[i] && l.chars <= REPEATED_MAX_CHARS && !c.dateline && !c.byline_any {
        // The same short line twice on a page: a running head, the nameplate, a page label.
        furn += W_FURN_REPEATED;
        e[HeadStart as usize] -= W_FURN_REPEATED;
        e[Head as usize] -= W_FURN_REPEATED;
    }
    if ctx.toc[i] {
        furn += W_FURN_TOC;
    }
    e[Furn as usize] = furn;
    e[TopFurn as usize] = furn;
    e[FurnOpen as usize] = furn;
    e[FurnHard as usize] = furn;
    e[FurnHead as usize] = furn;

    // ---- jump, noise
    e[Jump as usize] = if c.whole_jump && !c.from_jump { W_JUMP } else { W_NOT };
    e[JumpFrom as usize] = if c.from_jump { W_JUMP } else { W_NOT };
    // English: credits are captions (and so is the line a credit runs into), "and Jane Doe"
    // goes on a byline, a headline stands right above "From page 1".
    if c.credit {
        e[Caption as usize] += W_CREDIT;
        e[CaptionOpen as usize] += W_CREDIT;
        e[CaptionHard as usize] += W_CREDIT;
        e[HeadStart as usize] -= W_CREDIT;
        e[Head as usize] -= W_CREDIT;
    }
    if prev_c.is_some_and(|p| p.credit) && !l.is_cjk() && prev.is_some_and(|p| !p.ends_terminal) {
        e[Caption as usize] += W_CREDIT_NEXT;
        e[CaptionOpen as usize] += W_CREDIT_NEXT;
        e[CaptionHard as usize] += W_CREDIT_NEXT;
    }
    if c.and_name && prev_c.is_some_and(|p| p.byline_any) {
        e[Byline as usize] = e[Byline as usize].max(W_BYLINE_PURE);
    }
    if next_c.is_some_and(|n| n.credit) && !c.credit && !l.ends_terminal && l.words <= 8 {
        // A photo feature's headline above its credit.
        e[HeadStart as usize] += W_HEAD_BEFORE_BYLINE;
    }
    if next_c.is_some_and(|n| n.from_jump) && !c.from_jump {
        e[HeadStart as usize] += W_HEAD_BEFORE_BYLINE;
        e[Head as usize] += W_HEAD_BEFORE_BYLINE;
    }

    if layout == Layout::Vertical {
        vertical(&mut e, c);
    }
    e[BylineHead as usize] = e[Byline as usize];
    let noise = if c.garbage { W_NOISE } else { W_NOT };
    e[Noise as usize] = noise;
    e[NoiseOpen as usize] = noise;
    e[NoiseHard as usize] = noise;
    e
}

/// Vertical transcriptions: a block (lines between blank lines) is one unit — a headline
/// cluster, a paragraph, a byline, an advertisement — so its shape decides its lines' roles.
fn vertical(e: &mut [f32; N_STATES], c: &LineCues) {
    use State::*;
    let first = c.block_pos == 0;
    let bare = c.block_punct == 0;
    let headish = bare && c.block_len <= V_HEAD_MAX_LINES;
    let d = if headish {
        W_V_HEAD_BLOCK
    } else if bare {
        0.0
    } else {
        -W_V_HEAD_BLOCK
    };
    let lead = if headish && c.next_block_lead { W_V_HEAD_LEAD } else { 0.0 };
    // Short blocks far from any body text: an advertisement section, not headlines.
    if bare && c.blocks_to_body > V_HEAD_MAX_BLOCKS {
        for s in [TopFurn, Furn, FurnOpen, FurnHard, FurnHead] {
            e[s as usize] += W_V_AD_BLOCK;
        }
    }
    // One or two short lines between body blocks, with no dateline or byline after them: a
    // subhead.
    if bare && c.block_len <= 2 && !c.next_block_lead {
        e[Subhead as usize] += W_V_SUBHEAD;
        e[HeadStart as usize] -= W_V_SUBHEAD;
    }
    e[HeadStart as usize] += d + lead + if first { 0.0 } else { W_NOT };
    e[Head as usize] += d + lead;
    let body = if bare { -W_V_BODY_PUNCT } else { W_V_BODY_PUNCT };
    for s in [StartClosed, StartOpen, StartHard, ContClosed, ContOpen, ContHard] {
        e[s as usize] += body;
    }
    if c.block_ad > 0 && (bare || c.block_ad * 2 >= c.block_len) {
        for s in [TopFurn, Furn, FurnOpen, FurnHard, FurnHead] {
            e[s as usize] += W_V_AD_BLOCK;
        }
    }
    if !(c.block_len <= 2 && bare) {
        e[Subhead as usize] += W_NOT;
    }
}

/// How short a line is for body text: 0 (long enough) to 3 (a few characters).
fn shortness(l: &Line) -> f32 {
    let n = if l.is_cjk() { l.chars * 2 } else { l.chars };
    if n >= LONG_LATIN / 2 + 30 {
        0.5
    } else if n >= 40 {
        1.0
    } else if n >= 20 {
        2.0
    } else {
        3.0
    }
}

/// The transition scores of a script. `table[a][b]`: the score from state `a` into state `b`
/// (a forbidden pair is -inf). Many states leave alike (every closed body, furniture, caption
/// and noise state has the same row, and so have the soft-open ones and the hard-open ones):
/// `rows` keeps each distinct row once and `group` gives each state its row, so that the
/// forward pass takes the best score of each group and adds one row per group, not per
/// state. (Addition is monotonic, so max(s1 + r, s2 + r) = max(s1, s2) + r exactly.)
struct Transitions {
    table: [[f32; N_STATES]; N_STATES],
    rows: [[f32; N_STATES]; N_STATES],
    n_rows: usize,
    group: [usize; N_STATES],
}

/// The transitions of a script, computed once per script and kept.
fn transitions(latin: bool) -> &'static Transitions {
    static TABLES: [OnceLock<Transitions>; 2] = [OnceLock::new(), OnceLock::new()];
    TABLES[usize::from(latin)].get_or_init(|| {
        let mut t = Transitions {
            table: [[0.0; N_STATES]; N_STATES],
            rows: [[0.0; N_STATES]; N_STATES],
            n_rows: 0,
            group: [0; N_STATES],
        };
        for a in ALL {
            for b in ALL {
                t.table[a as usize][b as usize] = transition(a, b, latin);
            }
        }
        for a in 0..N_STATES {
            let row = t.table[a];
            let same = |r: &[f32; N_STATES]| r.iter().zip(&row).all(|(x, y)| x.to_bits() == y.to_bits());
            t.group[a] = match t.rows[..t.n_rows].iter().position(same) {
                Some(g) => g,
                None => {
                    t.rows[t.n_rows] = row;
                    t.n_rows += 1;
                    t.n_rows - 1
                }
            };
        }
        t
    })
}

/// Every line's best path score for each state (Viterbi forward pass), kept so that the path
/// is recovered by recomputing each chosen state's best predecessor, rather than storing an
/// argument for every state of every line.
pub(crate) type Scores = Vec<[f32; N_STATES]>;

pub(crate) fn assign(ctx: &Context<'_>, cues_: &[LineCues], scores: &mut Scores, out: &mut Vec<State>) {
    let n = ctx.lines.len();
    out.clear();
    scores.clear();
    if n == 0 {
        return;
    }
    scores.reserve(n);
    let mut score = emissions(ctx, cues_, 0);
    for s in ALL {
        if s.is_passing()
            || s.is_cont()
            || matches!(
                s,
                State::Head
                    | State::Furn
                    | State::Subhead
                    | State::Jump
                    | State::JumpFrom
                    | State::BylineHead
                    | State::FurnHead
            )
        {
            score[s as usize] = f32::NEG_INFINITY;
        }
        if s.is_body() {
            score[s as usize] += T_BODY_AT_START;
        }
    }
    scores.push(score);
    let t = transitions(ctx.latin);
    let rows = &t.rows[..t.n_rows];
    for i in 1..n {
        let em = emissions(ctx, cues_, i);
        // The best score of each group of states that leave alike.
        let mut lead = [f32::NEG_INFINITY; N_STATES];
        for (a, &g) in t.group.iter().enumerate() {
            lead[g] = if score[a] > lead[g] { score[a] } else { lead[g] };
        }
        // For each group, every successor at once: the inner loop runs over a row of
        // successors and vectorises.
        let mut best = [f32::NEG_INFINITY; N_STATES];
        for (row, &sa) in rows.iter().zip(&lead) {
            for b in 0..N_STATES {
                let v = sa + row[b];
                best[b] = if v > best[b] { v } else { best[b] };
            }
        }
        for b in 0..N_STATES {
            score[b] = best[b] + em[b];
        }
        scores.push(score);
    }
    let mut s = (0..N_STATES).max_by(|&a, &b| score[a].total_cmp(&score[b])).unwrap_or(0);
    out.resize(n, State::Furn);
    for i in (1..n).rev() {
        out[i] = ALL[s];
        // The first predecessor with the best score (the same sums as the forward pass).
        let prev = &scores[i - 1];
        let mut best = f32::NEG_INFINITY;
        let mut arg = 0;
        for (a, row) in t.table.iter().enumerate() {
            let v = prev[a] + row[s];
            if v > best {
                best = v;
                arg = a;
            }
        }
        s = arg;
    }
    out[0] = ALL[s];
}

/// A table of every line's emission scores and chosen state, for tuning (`newspan --trace`).
pub(crate) fn trace(ctx: &Context<'_>, cues_: &[LineCues], states: &[State]) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let names = [
        "Top", "Furn", "FurnO", "HeadS", "Head", "Byln", "StC", "StO", "CoC", "CoO", "Sub", "Cap", "CapO",
        "Jump", "Noise", "NoiO", "StH", "CoH", "FurnH", "CapH", "NoiH", "BylnH", "FurnT", "JumpF",
    ];
    let _ = write!(out, "{:>4} {:<6}", "line", "state");
    for n in names {
        let _ = write!(out, "{n:>6}");
    }
    out.push('\n');
    for i in 0..ctx.lines.len() {
        let e = emissions(ctx, cues_, i);
        let st = states.get(i).map_or("?", |s| names[*s as usize]);
        let _ = write!(out, "{i:>4} {st:<6}");
        for v in e {
            if v < -99.0 {
                let _ = write!(out, "{:>6}", "-");
            } else {
                let _ = write!(out, "{v:>6.1}");
            }
        }
        let text: String = ctx.lines[i].text(ctx.text).chars().take(24).collect();
        let _ = writeln!(out, "  {text}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pull_quotes(page: &str) -> Vec<u8> {
        let mut lines = Vec::new();
        crate::text::lines::scan(page, &mut lines);
        let mut scratch = PullQuoteScratch::default();
        let mut out = Vec::new();
        mark_pull_quotes(page, &lines, true, &mut scratch, &mut out);
        out
    }

    #[test]
    fn a_line_repeating_a_story_sentence_is_a_pull_quote_with_its_attribution() {
        let page = "The board met on Tuesday to weigh the proposal for the new library.\n\
                    Members said the reading rooms had been crowded for years and needed space.\n\
                    \"The reading rooms had been crowded for years\"\n\
                    Ann Lee\n\
                    Trustees will vote on the final plan at their meeting next month.\n";
        assert_eq!(pull_quotes(page), [0, 0, 1, 2, 0]);
    }

    #[test]
    fn a_pull_quote_may_repeat_a_sentence_across_a_line_break() {
        let page = "The mayor said the new bridge would open in the spring, and that the\n\
                    city had already paid for most of the work from its reserves.\n\
                    Other business took most of the evening's meeting of the council.\n\
                    'the city had already paid for most of the work'\n";
        assert_eq!(pull_quotes(page), [0, 0, 0, 1]);
    }

    #[test]
    fn of_two_equal_lines_the_later_is_the_quote_and_unique_lines_are_not() {
        let page = "Students lined up early outside the stadium on Saturday morning.\n\
                    Tickets for the final game sold out within an hour of going on sale.\n\
                    Students lined up early outside the stadium on Saturday morning.\n";
        assert_eq!(pull_quotes(page), [0, 0, 1]);
        // Far apart (beyond the window), the same line is not compared.
        let mut far = String::from("Students lined up early outside the stadium on Saturday morning.\n");
        for k in 0..PULL_QUOTE_WINDOW {
            // Lines that differ in their letters, not only in digits.
            let (a, b) = (char::from(b'a' + (k % 26) as u8), char::from(b'a' + (k / 26) as u8));
            far.push_str(&format!("Line {a}{b}{a} of other text, long enough to count as a sentence.\n"));
        }
        far.push_str("Students lined up early outside the stadium on Saturday morning.\n");
        assert!(pull_quotes(&far).iter().all(|&m| m == 0));
        // One filler line fewer: the copy is exactly the window's width away, and compared.
        let near = far.replacen("Line aaa of other text, long enough to count as a sentence.\n", "", 1);
        assert_eq!(pull_quotes(&near).last(), Some(&1));
        assert!(
            pull_quotes("Only one line here, and it repeats nothing at all anywhere.\n")
                .iter()
                .all(|&m| m == 0)
        );
    }

    #[test]
    fn states_grouped_by_their_transition_rows_leave_exactly_alike() {
        for latin in [false, true] {
            let t = transitions(latin);
            for a in 0..N_STATES {
                let row = &t.rows[t.group[a]];
                assert!(t.group[a] < t.n_rows);
                assert!(row.iter().zip(&t.table[a]).all(|(x, y)| x.to_bits() == y.to_bits()), "state {a}");
            }
            // Distinct rows are kept once: the closed, soft-open and hard-open families share.
            for g in 0..t.n_rows {
                for h in 0..g {
                    assert_ne!(t.rows[g], t.rows[h]);
                }
            }
            assert!(t.n_rows < N_STATES / 2, "{} rows", t.n_rows);
        }
    }
}
