//! Per-line facts: what the recognisers found on each line (kept for assembly: names,
//! dateline parts, jump targets), and the page-wide passes that look across lines (blocks,
//! brackets, headline zones, parallel subheads, pull quotes, decks, tables of contents,
//! repeated lines).

use crate::document::Layout;
use crate::features::lexicon::{BRIEF_MARKERS, PHOTO_FEATURE_TITLES, cont_start_chars, mark};
use crate::features::{cues, lexicon};
use crate::limits::*;
use crate::text::layout::Shape;
use crate::text::lines::Line;

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
    let head_piece = |c: &LineCues| c.byline_any || c.bare_name || c.name_piece || c.furniture != 0;
    let mut i = 1;
    while i < lines.len() {
        // Only bylines and furniture between the byline and the deck.
        let after_byline = (1..=DECK_AFTER_BYLINE.min(i))
            .map(|d| &cues_[i - d])
            .take_while(|c| c.byline_pure || c.bare_name || c.furniture != 0)
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
        zone[i] = lead && c.head_shaped && c.furniture == 0;
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
    // A headline is terse: three breaks of running text (、，。；) in one CJK line are prose,
    // whatever its length (old-style text breaks every clause with 、 and no line of it
    // ends a sentence).
    let terse = !l.is_cjk() || l.prose_marks < 3;
    size_ok && terse && !sentence_end && !l.ends_clinging && !l.starts_clinging && !c.place && !c.ad
}

/// Per-line cue results, computed once.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct LineCues {
    /// The furniture rules the line matches (`cues::furn` bits).
    pub furniture: u16,
    /// The caption rules the line matches (`cues::cap` bits).
    pub caption: u16,
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
    /// A Latin line holds a word of four letters or more that starts in lower case ("lacks"
    /// in "Border Patrol lacks manpower"): it is not set in Title Case.
    pub lower_long: bool,
    /// The number of a numbered list line ("1. 标题"; `mark_toc`).
    pub list_number: Option<u16>,
    /// A jump closes the line after text ("……the CSU. See INCREASE, page 9").
    pub tail_jump: bool,
    /// A serial's installment number alone on its line ("（九）").
    pub installment: bool,
    /// A photo feature's title ("图片报道", "PHOTO OF THE DAY").
    pub photo_title: bool,
    /// The line opens with a brief's marker ("◘").
    pub brief_marker: bool,
    /// A short CJK line ending in 报/報/刊: a paper's name.
    pub paper_name: bool,
    /// A pen name in brackets closes the line's text ("……三十元、（獅").
    pub pen_name: bool,
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
    let caption_sized = line.chars <= CAPTION_MAX_CHARS;
    // The English word-list marks are read by the furniture and caption rules only, so they
    // are looked for only where those run. (Their gates pass on any line with Latin letters
    // whatever its marks.)
    let marks = if line.latin > 0 && (short || caption_sized) {
        line.marks | lexicon::en_line_marks(s)
    } else {
        line.marks
    };
    let mut c = LineCues {
        furniture: if short && cues::gate::furniture(line) { cues::furniture(s, marks) } else { 0 },
        caption: if caption_sized && cues::gate::caption(line) { cues::caption(s, marks) } else { 0 },
        garbage: !(cjk && line.cjk * 2 > line.chars) && cues::gate::garbage(line) && cues::garbage(s),
        // Every numbered head starts with a digit or 第.
        numbered: cues::gate::numbered_head(line) && cues::numbered_head(s),
        ..Default::default()
    };
    let by = if line.chars > BYLINE_MAX_CHARS && !s.starts_with(['（', '('])
        || cjk && !cues::gate::cn_byline(line)
    {
        None
    } else if cjk {
        // A bare name (no role word, brackets, place or agency) is a person's name: it starts
        // with a family name, or it is a pen name of two characters standing alone ("寒雲").
        // Otherwise a short line is a phrase ("领航定向", a four-character headline), not a
        // byline.
        let mut first: Option<(usize, usize)> = None;
        cues::cn_byline(s, line.marks, |a, b| {
            first.get_or_insert((a, b));
        })
        .filter(|b| {
            b.role_word
                || b.bracketed
                || b.place
                || b.role == crate::document::Role::Agency
                || first.is_some_and(|(a, e)| {
                    let name = &s[a..e];
                    cues::has_surname(name)
                        || name.contains('·')
                        || b.names == 1 && b.other == 0 && name.chars().count() == 2
                })
        })
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
    if let Some(j) = cues::line_jump(s, line) {
        c.whole_jump = j.start == 0;
        c.from_jump = j.start == 0 && j.direction == crate::document::Direction::From;
        c.tail_jump = j.start > 0;
    }
    c.installment = matches!(line.first, '（' | '(') && is_installment(s);
    c.photo_title = line.chars <= 24 && {
        let t = s.trim();
        PHOTO_FEATURE_TITLES.iter().any(|p| t.eq_ignore_ascii_case(p))
    };
    c.brief_marker = s.starts_with(BRIEF_MARKERS);
    c.paper_name = cjk && line.chars <= 8 && s.ends_with(['报', '報', '刊']);
    c.pen_name = cjk && line.marks & mark::OPEN_BRACKET != 0 && cues::trailing_pen_name(s).is_some();
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
    // A trailing byline needs a role word: a line without one's first character has none.
    c.closing_byline = c.tail_dispatch
        || cjk
            && line.marks & mark::SENTENCE_END != 0
            && line.marks & mark::ROLE_WORD != 0
            && cues::trailing_byline(s).is_some();
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
    c.lower_long = !cjk && line.capitalized > 0 && has_lower_word(s, TITLE_CASE_MIN_LETTERS);
    c
}

/// The shortest word a headline in Title Case capitalises: shorter ones ("of", "the", "and",
/// "in", "for", "a") stay in lower case there.
const TITLE_CASE_MIN_LETTERS: usize = 4;

/// `s` holds a word (a run of letters) of at least `min` letters whose first is lower case.
fn has_lower_word(s: &str, min: usize) -> bool {
    let bytes = s.as_bytes();
    let mut run = 0usize;
    let mut lower = false;
    let mut i = 0;
    while i < bytes.len() {
        // ASCII a byte at a time (most of English text); any other character decoded.
        let b = bytes[i];
        let (letter, small, len) = if b.is_ascii() {
            (b.is_ascii_alphabetic(), b.is_ascii_lowercase(), 1)
        } else {
            let Some(c) = s.get(i..).and_then(|t| t.chars().next()) else { break };
            (c.is_alphabetic() && !crate::text::chars::is_cjk(c), c.is_lowercase(), c.len_utf8())
        };
        i += len;
        if letter {
            if run == 0 {
                lower = small;
            }
            run += 1;
            if lower && run >= min {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}

/// Mark the lines of a table of contents: from the first to the last line of a run of at
/// least three numbered lines ("1. 标题") whose numbers go up, under a line that names it
/// ("文章目录", "Contents": one of the three lines above the run). A numbered list without
/// such a heading may be an article's own list and is not marked.
pub(crate) fn mark_toc(text: &str, lines: &[Line], cues_: &[LineCues], toc: &mut Vec<bool>) {
    toc.clear();
    toc.resize(cues_.len(), false);
    let mut run_start = None;
    let mut last_num = 0;
    let mut last_idx = 0;
    let mut count = 0;
    let close = |toc: &mut Vec<bool>, start: Option<usize>, end: usize, count: u32| {
        if let Some(s) = start {
            let headed = lines[s.saturating_sub(3)..s].iter().any(|l| cues::contents_heading(l.text(text)));
            if count >= 3 && headed {
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
pub(crate) fn mark_repeated(text: &str, lines: &[Line], table: &mut Vec<(u64, usize)>, out: &mut Vec<bool>) {
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
        if l.chars > crate::limits::REPEATED_MAX_CHARS {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_case_is_broken_by_a_lower_case_word_of_four_letters() {
        let lower = |t: &str| has_lower_word(t, TITLE_CASE_MIN_LETTERS);
        assert!(lower("Border Patrol lacks manpower"));
        assert!(lower("School blast kills 6, Injures 36"));
        assert!(lower("Ein Gespräch über élan vital"));
        assert!(!lower("Women Even CGAA Record"));
        assert!(!lower("Critérium de la Ville of the Year"));
        assert!(!lower("Oh Please Mr. Postman, don't"));
        assert!(!lower("École Normale 1995"));
        // Chinese characters are not letters of a word: "x" and four of them are no word of five.
        assert!(!lower("x中文标题"));
    }

    fn toc(page: &str) -> Vec<bool> {
        let mut lines = Vec::new();
        crate::text::lines::scan(page, &mut lines);
        let cues_: Vec<LineCues> = lines.iter().map(|l| line_cues(page, l)).collect();
        let mut out = Vec::new();
        mark_toc(page, &lines, &cues_, &mut out);
        out
    }

    fn byline_cue(line: &str) -> bool {
        let mut lines = Vec::new();
        crate::text::lines::scan(line, &mut lines);
        line_cues(line, &lines[0]).byline_any
    }

    #[test]
    fn a_bare_name_starts_with_a_family_name_or_is_a_pen_name() {
        // Names: a family name first, a pen name of two characters alone, any name after a
        // role word or in brackets.
        for name in ["王小明", "欧阳文", "寒雲", "记者 领航", "（丹翁）", "文/刘国华"] {
            assert!(byline_cue(name), "{name}");
        }
        // Phrases: a four-character headline, a section's number, a run of body text.
        for phrase in ["领航定向", "吾志吾感", "（二）", "（三十）", "乘势而上"] {
            assert!(!byline_cue(phrase), "{phrase}");
        }
    }

    #[test]
    fn a_table_of_contents_is_a_numbered_list_under_its_heading() {
        let listed =
            "晨报文章目录\n1. 全市夏粮收购进度过半\n2. 老旧小区改造启动\n3. 图片新闻\n4. 新区学校今秋开学\n";
        assert_eq!(toc(listed), [false, true, true, true, true]);
        let english = "Contents\n1. Council backs budget\n2. Campus news\n3. Sports\n";
        assert_eq!(toc(english), [false, true, true, true]);
        // An article's own numbered points, with no heading naming a table of contents.
        let points = "三项措施落地见效\n1. 简化审批流程\n2. 压缩办理时限\n3. 推行网上办理\n";
        assert_eq!(toc(points), [false; 4]);
        // Numbers that do not go up one by one are no list.
        let scattered = "目录\n1. 甲\n5. 乙\n9. 丙\n";
        assert_eq!(toc(scattered), [false; 4]);
    }

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
}
