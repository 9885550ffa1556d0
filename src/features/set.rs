//! The feature set: every line becomes a short list of named facts.
//!
//! A feature is a cheap, named fact about one line — a measurement put in a bucket ("4 to 5
//! CJK characters", "fills the column"), a recogniser's finding ("a byline with a role word",
//! "opens with a dateline"), or a page-wide mark ("repeats elsewhere on the page") — and
//! carries no weight of its own: the model ([`crate::model`]) learns how much each says for
//! each state. The model reads every line's facts together with its neighbours' (the line
//! before and the line after, looking past OCR debris: [`neighbour`]), and each also in a copy
//! for the page's kind (layout and script), so that what holds on every kind of page is learned
//! once and what holds on one kind only is learned apart.
//!
//! The names are part of a model file's identity: [`feature_set_hash`] changes when a feature
//! is added, removed, renamed or moved, and a model trained on another set is refused.

use crate::document::Layout;
use crate::features::cues::{cap, furn};
use crate::features::facts::LineCues;
use crate::features::lexicon::mark;
use crate::text::layout::Shape;
use crate::text::lines::Line;

macro_rules! atoms {
    ($($id:ident = $name:literal,)*) => {
        /// The line facts, in table order.
        #[allow(non_camel_case_types, dead_code, clippy::upper_case_acronyms, clippy::enum_variant_names)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[repr(u16)]
        pub(crate) enum A { $($id,)* }
        /// Their names.
        pub(crate) const ATOM_NAMES: &[&str] = &[$($name,)*];
    };
}

atoms! {
    BIAS = "bias",
    // ---- script and size
    CJK = "script.cjk",
    LATIN = "script.latin",
    OTHER = "script.other",
    CJK_1 = "cjk_chars.1",
    CJK_2 = "cjk_chars.2",
    CJK_3_4 = "cjk_chars.3-4",
    CJK_5_6 = "cjk_chars.5-6",
    CJK_7_9 = "cjk_chars.7-9",
    CJK_10_14 = "cjk_chars.10-14",
    CJK_15_20 = "cjk_chars.15-20",
    CJK_21_30 = "cjk_chars.21-30",
    CJK_31_45 = "cjk_chars.31-45",
    CJK_46_70 = "cjk_chars.46-70",
    CJK_71_110 = "cjk_chars.71-110",
    CJK_111 = "cjk_chars.111+",
    WORDS_1 = "latin_words.1",
    WORDS_2 = "latin_words.2",
    WORDS_3 = "latin_words.3",
    WORDS_4_5 = "latin_words.4-5",
    WORDS_6_8 = "latin_words.6-8",
    WORDS_9_12 = "latin_words.9-12",
    WORDS_13_20 = "latin_words.13-20",
    WORDS_21_40 = "latin_words.21-40",
    WORDS_41 = "latin_words.41+",
    // width against the page's usual full line
    REL_0_15 = "width_of_full.0-15%",
    REL_15_30 = "width_of_full.15-30%",
    REL_30_50 = "width_of_full.30-50%",
    REL_50_70 = "width_of_full.50-70%",
    REL_70_90 = "width_of_full.70-90%",
    REL_90_110 = "width_of_full.90-110%",
    REL_110 = "width_of_full.110%+",
    FULL = "wrapped.fills_column",
    FLUSH = "wrapped.margin_to_margin",
    INDENTED_FIRST = "wrapped.indented_first_line",
    INDENT = "indented",
    // ---- ends and starts
    END_SENTENCE = "end.sentence",
    TAIL = "end.sentence_tail",
    END_EXCLAIM = "end.exclaim_or_question",
    END_CLINGING = "end.mid_clause",
    END_COLON = "end.colon",
    END_CLOSER = "end.closing_quote_or_bracket",
    END_DIGIT = "end.digit",
    END_CJK = "end.cjk",
    END_LETTER = "end.letter",
    END_HYPHEN = "end.hyphen",
    END_OTHER = "end.other_mark",
    START_CLINGING = "start.mid_clause",
    START_OPEN_QUOTE = "start.opening_quote",
    START_BRACKET = "start.bracket",
    START_LOWER = "start.lower_case",
    START_UPPER = "start.capital",
    START_DIGIT = "start.digit",
    START_DASH = "start.dash",
    START_MARKER = "start.marker_symbol",
    CLOSES_ABOVE = "start.closes_quote_from_above",
    QUOTED = "whole_line_quoted",
    // ---- punctuation and parts
    COMMAS_0 = "commas.0",
    COMMAS_1 = "commas.1",
    COMMAS_2_3 = "commas.2-3",
    COMMAS_4 = "commas.4+",
    CLAUSE_PUNCT = "has.clause_punctuation",
    PROSE_PUNCT = "has.prose_punctuation",
    PROSE_MARKS_3 = "has.three_prose_marks",
    SENTENCE_INSIDE = "has.sentence_end",
    UNPUNCTUATED_LONG = "cjk_unpunctuated_16+",
    GAPS_1 = "phrase_gaps.1",
    GAPS_2 = "phrase_gaps.2",
    GAPS_3 = "phrase_gaps.3+",
    WIDE_GAP = "wide_gap",
    TWO_PARTS = "set_in_parts",
    TITLE_CASE = "latin.title_case",
    ALL_CAPS = "latin.all_capitals",
    DIGITS_MOSTLY = "mostly_digits",
    UNCLOSED = "quote_left_open",
    STRAY_CLOSE = "closes_unopened_quote",
    HARD = "stops_mid_clause",
    // ---- space around
    BLANK_BEFORE_0 = "blank_before.0",
    BLANK_BEFORE_1 = "blank_before.1",
    BLANK_BEFORE_2 = "blank_before.2",
    BLANK_BEFORE_3 = "blank_before.3+",
    PAGE_BREAK = "page_break_before",
    BLANK_AFTER_0 = "blank_after.0",
    BLANK_AFTER_1 = "blank_after.1",
    BLANK_AFTER_2 = "blank_after.2",
    BLANK_AFTER_3 = "blank_after.3+",
    FIRST_LINE = "page.first_line",
    TOP_3 = "page.first_3_lines",
    TOP_TENTH = "page.first_tenth",
    LAST_3 = "page.last_3_lines",
    BELOW_LAST_PROSE = "page.below_last_prose",
    // ---- blocks (lines between blank lines)
    BLOCK_POS_0 = "block.first_line",
    BLOCK_POS_1 = "block.second_line",
    BLOCK_POS_LAST = "block.last_line",
    BLOCK_LEN_1 = "block.lines.1",
    BLOCK_LEN_2 = "block.lines.2",
    BLOCK_LEN_3_5 = "block.lines.3-5",
    BLOCK_LEN_6 = "block.lines.6+",
    BLOCK_BARE = "block.no_clause_punctuation",
    BLOCK_ADS = "block.advertising",
    BLOCK_BEFORE_LEAD = "block.next_opens_with_dateline_or_byline",
    BLOCKS_TO_BODY_1 = "block.to_body.1",
    BLOCKS_TO_BODY_2 = "block.to_body.2",
    BLOCKS_TO_BODY_3 = "block.to_body.3+",
    // ---- furniture rules
    FURN_ANY = "furniture.any",
    FURN_PAGE_NUMBER = "furniture.page_number",
    FURN_EDITION = "furniture.edition_line",
    FURN_EDITOR = "furniture.editor_credit",
    FURN_WORD = "furniture.promo_word",
    FURN_WEB = "furniture.web_address",
    FURN_WEEKDAY = "furniture.weekday_date",
    FURN_DATED_PAGE = "furniture.dated_page_label",
    FURN_EN_WORD = "furniture.english_phrase",
    FURN_INDEX = "furniture.page_index",
    FURN_STAFF = "furniture.staff_box",
    NAMEPLATE_WORD = "furniture.nameplate_word",
    PAPER_NAME = "furniture.paper_name",
    REPEATED = "page.repeated_line",
    TOC = "page.table_of_contents",
    AD = "advertising_word",
    // ---- captions
    CAP_ANY = "caption.any",
    CAP_BOXED = "caption.boxed",
    CAP_CREDIT_END = "caption.credit_word_last",
    CAP_START = "caption.caption_word_first",
    CAP_EN_CREDIT = "caption.english_credit",
    CAP_NAME_SLASH = "caption.name_slash_paper",
    PHOTO_CREDIT_CN = "caption.photographer_last",
    // ---- bylines and names
    BYLINE_ANY = "byline.any",
    BYLINE_PURE = "byline.pure",
    BYLINE_ROLE = "byline.role_word",
    BARE_NAME = "byline.bare_name",
    SURNAME = "byline.bare_name_with_surname",
    AND_NAME = "byline.and_name",
    NAME_PIECE = "byline.name_piece",
    PLACE = "byline.place",
    DISPATCH_BRACKET = "byline.dispatch_bracket",
    IN_BRACKET = "byline.inside_dispatch_bracket",
    TAIL_DISPATCH = "byline.dispatch_after_text",
    CLOSING_BYLINE = "byline.after_last_sentence",
    PEN_NAME = "byline.pen_name_after_text",
    // ---- datelines, jumps, heads
    DATELINE = "dateline.opens_line",
    DATELINE_ONLY = "dateline.whole_line",
    JUMP_TO = "jump.to_whole_line",
    JUMP_FROM = "jump.from_whole_line",
    JUMP_TAIL = "jump.after_text",
    JUMP_ANY = "jump.any",
    HEAD_SHAPED = "head.shaped",
    HEAD_ZONE = "head.run_before_byline_or_dateline",
    DECK = "head.deck",
    INSTALLMENT = "head.installment_number",
    PHOTO_TITLE = "head.photo_feature_title",
    HEAD_CUE = "head.some_cue",
    PARALLEL = "subhead.parallel",
    TWIN = "subhead.same_shape_elsewhere",
    SERIES = "subhead.same_shape_three_times",
    NUMBERED = "subhead.numbered",
    PULL_QUOTE = "subhead.pull_quote",
    PULL_QUOTE_BY = "subhead.pull_quote_attribution",
    SUBHEAD_ANY = "subhead.any",
    // ---- text
    OPENER = "body.opening_phrase",
    CONT_PARTICLE = "body.starts_with_particle",
    BRIEF_MARKER = "body.brief_marker",
    GARBAGE = "noise.garbage",
    // ---- the flow of the text, read the way the page's layout sets it (the same meaning in
    // every layout: see `flow`)
    FLOW_RUNS_ON = "flow.text_runs_on_past_line",
    FLOW_ENDS = "flow.text_ends_with_line",
    FLOW_CONTINUES = "flow.continues_line_above",
    FLOW_ANEW = "flow.starts_anew",
    SHORT_HALF = "width.under_half_of_full",
    SHORT_QUARTER = "width.under_quarter_of_full",
    NEAR_FULL = "width.near_full",
    SPACE_MORE_ABOVE = "space.more_above_than_usual",
    SPACE_MORE_BELOW = "space.more_below_than_usual",
    SPACE_MUCH_MORE_ABOVE = "space.much_more_above_than_usual",
    SPACE_MUCH_MORE_BELOW = "space.much_more_below_than_usual",
    // ---- runs of headline-shaped lines (short, no sentence end, no recogniser's cue): where
    // the line stands in its run, and what stands before and after the run
    RUN_1 = "run.one_line",
    RUN_2 = "run.two_lines",
    RUN_3 = "run.three_lines_or_more",
    RUN_FIRST = "run.first_line",
    RUN_LAST = "run.last_line",
    RUN_AFTER_BYLINE = "run.then_byline",
    RUN_AFTER_DATELINE = "run.then_dateline",
    RUN_AFTER_PROSE = "run.then_prose",
    RUN_AFTER_FURNITURE = "run.then_furniture",
    RUN_AFTER_OTHER = "run.then_other",
    RUN_BEFORE_ENDED = "run.after_text_that_ended",
    RUN_BEFORE_OPEN = "run.after_text_that_runs_on",
    RUN_BEFORE_BYLINE = "run.after_byline",
    RUN_BEFORE_FURNITURE = "run.after_furniture",
    RUN_BEFORE_JUMP = "run.after_jump",
    RUN_BEFORE_NOTHING = "run.at_page_top",
    RUN_BEFORE_OTHER = "run.after_other",
    BETWEEN_OPEN_AND_CONT = "flow.between_text_that_runs_on_and_its_continuation",
    CAP_POSITION = "caption.photo_position",
    // ---- the line above (conjunctions the model cannot add up)
    PREV_FULL_OPEN = "above.fills_column_unfinished",
    PREV_FULL_ENDED_INDENT = "above.fills_column_ended.indented_here",
    PREV_FULL_ENDED_FLUSH = "above.fills_column_ended.flush_here",
    ADJACENT = "above.no_blank_between",
    PREV_DATELINE_ONLY = "above.dateline_line",
    TITLE_WRAP = "above.long_unfinished.short_here",
}

/// Number of line facts.
pub(crate) const N_ATOMS: usize = ATOM_NAMES.len();

/// Facts whose meaning depends on the kind of page (absolute sizes, counts of blank lines,
/// block positions): the model weighs them only in the copy of the page's kind, never in the
/// general copy, so that what it learns for every kind rests on facts that mean the same on
/// every page.
const KIND_SPECIFIC: &[A] = &[
    A::CJK_1,
    A::CJK_2,
    A::CJK_3_4,
    A::CJK_5_6,
    A::CJK_7_9,
    A::CJK_10_14,
    A::CJK_15_20,
    A::CJK_21_30,
    A::CJK_31_45,
    A::CJK_46_70,
    A::CJK_71_110,
    A::CJK_111,
    A::WORDS_1,
    A::WORDS_2,
    A::WORDS_3,
    A::WORDS_4_5,
    A::WORDS_6_8,
    A::WORDS_9_12,
    A::WORDS_13_20,
    A::WORDS_21_40,
    A::WORDS_41,
    A::REL_0_15,
    A::REL_15_30,
    A::REL_30_50,
    A::REL_50_70,
    A::REL_70_90,
    A::REL_90_110,
    A::REL_110,
    A::FULL,
    A::FLUSH,
    A::INDENTED_FIRST,
    A::INDENT,
    A::BLANK_BEFORE_0,
    A::BLANK_BEFORE_1,
    A::BLANK_BEFORE_2,
    A::BLANK_BEFORE_3,
    A::BLANK_AFTER_0,
    A::BLANK_AFTER_1,
    A::BLANK_AFTER_2,
    A::BLANK_AFTER_3,
    A::TOP_TENTH,
    A::BLOCK_POS_0,
    A::BLOCK_POS_1,
    A::BLOCK_POS_LAST,
    A::BLOCK_LEN_1,
    A::BLOCK_LEN_2,
    A::BLOCK_LEN_3_5,
    A::BLOCK_LEN_6,
    A::BLOCK_BARE,
    A::BLOCK_ADS,
    A::BLOCK_BEFORE_LEAD,
    A::BLOCKS_TO_BODY_1,
    A::BLOCKS_TO_BODY_2,
    A::BLOCKS_TO_BODY_3,
    A::PREV_FULL_OPEN,
    A::PREV_FULL_ENDED_INDENT,
    A::PREV_FULL_ENDED_FLUSH,
    A::ADJACENT,
    A::TITLE_WRAP,
    A::COMMAS_2_3,
    A::COMMAS_4,
];

/// The facts read from the neighbouring lines too (the line above, the line below): what a
/// line is (the recognisers' findings), how it ends and starts, its width and the flow of its
/// text, the space around it. The finer measurements count only on the line itself.
const CONTEXT: &[A] = &[
    A::BIAS,
    A::CJK,
    A::LATIN,
    A::END_SENTENCE,
    A::TAIL,
    A::END_EXCLAIM,
    A::END_CLINGING,
    A::END_COLON,
    A::END_CLOSER,
    A::END_DIGIT,
    A::END_CJK,
    A::END_LETTER,
    A::END_HYPHEN,
    A::END_OTHER,
    A::START_CLINGING,
    A::START_OPEN_QUOTE,
    A::START_BRACKET,
    A::START_LOWER,
    A::START_UPPER,
    A::START_DIGIT,
    A::START_DASH,
    A::START_MARKER,
    A::CLOSES_ABOVE,
    A::QUOTED,
    A::CLAUSE_PUNCT,
    A::PROSE_PUNCT,
    A::PROSE_MARKS_3,
    A::SENTENCE_INSIDE,
    A::TWO_PARTS,
    A::TITLE_CASE,
    A::ALL_CAPS,
    A::HARD,
    A::PAGE_BREAK,
    A::FURN_ANY,
    A::NAMEPLATE_WORD,
    A::REPEATED,
    A::TOC,
    A::AD,
    A::CAP_ANY,
    A::BYLINE_ANY,
    A::BYLINE_PURE,
    A::BYLINE_ROLE,
    A::BARE_NAME,
    A::SURNAME,
    A::NAME_PIECE,
    A::PLACE,
    A::DISPATCH_BRACKET,
    A::IN_BRACKET,
    A::CLOSING_BYLINE,
    A::DATELINE,
    A::DATELINE_ONLY,
    A::JUMP_TO,
    A::JUMP_FROM,
    A::JUMP_TAIL,
    A::JUMP_ANY,
    A::HEAD_SHAPED,
    A::HEAD_ZONE,
    A::HEAD_CUE,
    A::NUMBERED,
    A::SUBHEAD_ANY,
    A::PULL_QUOTE,
    A::GARBAGE,
    A::FLOW_RUNS_ON,
    A::FLOW_ENDS,
    A::FLOW_CONTINUES,
    A::FLOW_ANEW,
    A::SHORT_HALF,
    A::SHORT_QUARTER,
    A::NEAR_FULL,
    A::SPACE_MORE_ABOVE,
    A::SPACE_MORE_BELOW,
    A::SPACE_MUCH_MORE_ABOVE,
    A::SPACE_MUCH_MORE_BELOW,
    A::RUN_1,
    A::RUN_2,
    A::RUN_3,
    A::RUN_FIRST,
    A::RUN_LAST,
];

/// Whether fact `a` is read from the neighbouring lines too (see [`CONTEXT`]).
pub(crate) const fn context(a: usize) -> bool {
    let mut k = 0;
    while k < CONTEXT.len() {
        if CONTEXT[k] as usize == a {
            return true;
        }
        k += 1;
    }
    false
}

/// [`context`] for every fact, looked up.
const IS_CONTEXT: [bool; N_ATOMS] = {
    let mut t = [false; N_ATOMS];
    let mut a = 0;
    while a < N_ATOMS {
        t[a] = context(a);
        a += 1;
    }
    t
};

/// Whether fact `a` has a general copy (see [`KIND_SPECIFIC`]).
pub(crate) const fn universal(a: usize) -> bool {
    let mut k = 0;
    while k < KIND_SPECIFIC.len() {
        if KIND_SPECIFIC[k] as usize == a {
            return false;
        }
        k += 1;
    }
    true
}

/// Whether fact `a` has a weight in copy `c` ([`COPY_NAMES`]): facts that mean the same on
/// every page in every copy; the kind-specific ones only in the layout's copy, where their
/// meaning holds (a block of six lines is a paragraph on one layout and a column of prose on
/// another, whatever the script).
#[inline]
pub(crate) fn in_copy(c: usize, a: usize) -> bool {
    (1..=3).contains(&c) || UNIVERSAL[a]
}

/// [`universal`] for every fact, looked up.
const UNIVERSAL: [bool; N_ATOMS] = {
    let mut t = [false; N_ATOMS];
    let mut a = 0;
    while a < N_ATOMS {
        t[a] = universal(a);
        a += 1;
    }
    t
};

/// The page kinds: layout by script (a model has tables for each).
pub(crate) const DOMAIN_NAMES: [&str; 6] =
    ["paragraphs.cjk", "paragraphs.latin", "wrapped.cjk", "wrapped.latin", "vertical.cjk", "vertical.latin"];

/// Number of page kinds.
pub(crate) const N_DOMAINS: usize = DOMAIN_NAMES.len();

/// The copies of every feature: a general one, one per layout and one per script. A page
/// reads the general copy, its layout's and its script's, so that what holds on every page
/// is learned once, and a page of a kind never seen in training (a new layout, or a known
/// layout in a new script) still has two of its three copies trained.
pub(crate) const COPY_NAMES: [&str; 6] = ["all", "paragraphs", "wrapped", "vertical", "cjk", "latin"];

/// Number of copies of a feature.
pub(crate) const N_COPIES: usize = COPY_NAMES.len();

/// Where a fact is read from, relative to the line scored.
pub(crate) const POSITIONS: [&str; 3] = ["line", "above", "below"];

/// Number of features: every fact, at each position, in each copy.
pub(crate) const N_FEATURES: usize = POSITIONS.len() * N_COPIES * N_ATOMS;

/// The page kind of a page.
pub(crate) fn domain(layout: Layout, latin: bool) -> usize {
    let l = match layout {
        Layout::Wrapped => 1,
        Layout::Vertical => 2,
        _ => 0,
    };
    l * 2 + usize::from(latin)
}

/// The copies a page of kind `d` reads: the general one, its layout's, its script's.
#[inline]
pub(crate) const fn copies(d: usize) -> [usize; 3] {
    [0, 1 + d / 2, 4 + d % 2]
}

/// Feature number of fact `a` at position `pos` in copy `copy` ([`COPY_NAMES`]).
#[inline]
pub(crate) const fn feature(pos: usize, copy: usize, a: usize) -> usize {
    (pos * N_COPIES + copy) * N_ATOMS + a
}

/// The name of feature `f` ("above:byline.pure", "line@vertical:block.first_line").
pub(crate) fn feature_name(f: usize) -> String {
    let a = f % N_ATOMS;
    let copy = f / N_ATOMS % N_COPIES;
    let pos = f / N_ATOMS / N_COPIES;
    if copy == 0 {
        format!("{}:{}", POSITIONS[pos], ATOM_NAMES[a])
    } else {
        format!("{}@{}:{}", POSITIONS[pos], COPY_NAMES[copy], ATOM_NAMES[a])
    }
}

/// FNV-1a over every feature name and the state names: the identity of a model's inputs
/// and outputs.
pub(crate) fn feature_set_hash(state_names: &[&str]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    let mut eat = |s: &str| {
        for b in s.bytes().chain([0u8]) {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    };
    for p in POSITIONS {
        eat(p);
    }
    for d in COPY_NAMES {
        eat(d);
    }
    for a in ATOM_NAMES {
        eat(a);
    }
    for s in state_names {
        eat(s);
    }
    h
}

/// The page facts the line facts read.
pub(crate) struct PageFacts<'a> {
    pub lines: &'a [Line],
    pub cues: &'a [LineCues],
    pub shape: Shape,
    /// The width (display columns) of a full line on this page.
    pub full_width: u32,
    pub toc: &'a [bool],
    pub repeated: &'a [bool],
    pub head_zone: &'a [bool],
    pub parallel: &'a [bool],
    /// Short headline-shaped lines set like others on the page ([`twins`]).
    pub twins: &'a [u8],
    pub pull_quote: &'a [u8],
    pub deck: &'a [bool],
    /// The first line after the page's last line of prose.
    pub after_prose: usize,
    /// The page's usual number of blank lines between two lines (its most common).
    pub usual_blank: u32,
    /// Every line's run of headline-shaped lines ([`runs`]).
    pub runs: &'a [Run],
    /// Every line's text flow ([`flow`]).
    pub flows: &'a [(bool, bool, bool, bool)],
}

/// A line's place in a run of headline-shaped lines, and what surrounds the run.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Run {
    /// Lines in the run (0: the line is not in one).
    pub len: u16,
    /// The line's place in it.
    pub pos: u16,
    /// What follows the run, what precedes it (`A::RUN_AFTER_*`, `A::RUN_BEFORE_*`).
    after: A,
    before: A,
}

/// A headline-shaped line: short or title case, no sentence end, and no recogniser's cue.
fn headish(c: &LineCues) -> bool {
    c.head_shaped
        && !c.byline_any
        && !c.bare_name
        && !c.dateline
        && c.furniture == 0
        && c.caption == 0
        && !c.credit
}

/// Short CJK headline-shaped lines set alike: as many characters and phrase gaps as such a
/// line in another place on the page (1), or in two others (2); 0 for the rest. The subheads
/// of one article are set in one style and, in Chinese papers, phrased in parallel to one
/// length ("战略科技持续壮大" / "原创成果不断涌现"); the titles of different articles are not
/// made to match. A block of such lines one under the other (a headline of two equal lines)
/// counts once. Lines that end a sentence, continue the text of the line above or list
/// contents are not compared; nor is a vertical transcription, whose lines are cut to the
/// height of a column. One pass, a table by shape.
pub(crate) fn twins(
    lines: &[Line],
    cues: &[LineCues],
    shape: Shape,
    full_width: u32,
    toc: &[bool],
    flows: &[(bool, bool, bool, bool)],
    out: &mut Vec<u8>,
) {
    const MAX: u32 = 63;
    // A shape (characters × 4 + phrase gaps up to 3) fits a byte and is never 0.
    const _: () = assert!(MAX * 4 + 3 <= u8::MAX as u32 && TWIN_MIN_CHARS > 0);
    out.clear();
    if shape.layout == Layout::Vertical {
        out.resize(lines.len(), 0);
        return;
    }
    let shape_of = |i: usize| -> Option<usize> {
        let (l, c) = (&lines[i], &cues[i]);
        let set_alike = l.is_cjk()
            && (TWIN_MIN_CHARS..=MAX).contains(&l.chars)
            && l.width * 2 < full_width
            && !l.ends_terminal
            && !flows[i].2
            && !toc[i]
            && headish(c);
        set_alike.then(|| (l.chars * 4 + l.phrase_gaps.min(3)) as usize)
    };
    // `out` first holds each line's shape (never 0: a compared line has four characters or
    // more), then, in place, how many others are set alike.
    out.reserve(lines.len());
    let mut blocks = [0u8; (MAX as usize + 1) * 4];
    let mut last = [usize::MAX; (MAX as usize + 1) * 4];
    let mut block = 0usize;
    let mut prev = false;
    for i in 0..lines.len() {
        let Some(k) = shape_of(i) else {
            out.push(0);
            prev = false;
            continue;
        };
        out.push(k as u8);
        if !prev {
            block += 1;
        }
        prev = true;
        if last[k] != block {
            last[k] = block;
            blocks[k] = blocks[k].saturating_add(1);
        }
    }
    for k in out.iter_mut().filter(|k| **k != 0) {
        *k = blocks[usize::from(*k)].saturating_sub(1).min(2);
    }
}

/// The fewest characters of a line [`twins`] compares: shorter lines (a name, a place) match
/// by chance.
const TWIN_MIN_CHARS: u32 = 4;

/// Every line's run of headline-shaped lines, into `out`.
pub(crate) fn runs(lines: &[Line], cues: &[LineCues], out: &mut Vec<Run>) {
    out.clear();
    let none = Run { len: 0, pos: 0, after: A::RUN_AFTER_OTHER, before: A::RUN_BEFORE_OTHER };
    out.resize(lines.len(), none);
    let kind_after = |k: usize| -> A {
        match cues.get(k) {
            None => A::RUN_AFTER_OTHER,
            Some(c) if c.byline_any || c.bare_name => A::RUN_AFTER_BYLINE,
            Some(c) if c.dateline => A::RUN_AFTER_DATELINE,
            Some(c) if c.furniture != 0 => A::RUN_AFTER_FURNITURE,
            Some(c) if c.punct => A::RUN_AFTER_PROSE,
            Some(_) => A::RUN_AFTER_OTHER,
        }
    };
    let kind_before = |k: Option<usize>| -> A {
        let Some(k) = k else { return A::RUN_BEFORE_NOTHING };
        let (c, l) = (&cues[k], &lines[k]);
        if c.byline_any || c.bare_name || c.closing_byline {
            A::RUN_BEFORE_BYLINE
        } else if c.whole_jump || c.tail_jump {
            A::RUN_BEFORE_JUMP
        } else if c.furniture != 0 {
            A::RUN_BEFORE_FURNITURE
        } else if c.punct && l.ends_terminal {
            A::RUN_BEFORE_ENDED
        } else if c.punct {
            A::RUN_BEFORE_OPEN
        } else {
            A::RUN_BEFORE_OTHER
        }
    };
    let mut i = 0;
    while i < lines.len() {
        if !headish(&cues[i]) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < lines.len() && headish(&cues[j]) {
            j += 1;
        }
        let len = (j - i).min(u16::MAX as usize) as u16;
        let (after, before) = (kind_after(j), kind_before(i.checked_sub(1)));
        for (k, r) in out[i..j].iter_mut().enumerate() {
            *r = Run { len, pos: k.min(u16::MAX as usize) as u16, after, before };
        }
        i = j;
    }
}

/// The most common number of blank lines before a line (0 for text without blank lines).
pub(crate) fn usual_blank(lines: &[Line]) -> u32 {
    let mut counts = [0u32; 4];
    for l in lines.iter().skip(1) {
        counts[(l.blank_before as usize).min(3)] += 1;
    }
    (0..4).max_by_key(|&k| (counts[k], std::cmp::Reverse(k))).unwrap_or(0) as u32
}

/// How the text flows at line `i`, read the way the layout sets it: (the text runs on past
/// the line, it ends with the line, the line continues the text of the line above, the line
/// starts a new unit). Wrapped text runs on while its lines fill the column; a vertical
/// transcription's block runs on to its last line; a paragraph-a-line export ends a
/// paragraph with its line unless the line stops short of a sentence end.
pub(crate) fn flow(lines: &[Line], cues: &[LineCues], shape: Shape, i: usize) -> (bool, bool, bool, bool) {
    let l = &lines[i];
    let c = &cues[i];
    let prev = i.checked_sub(1).map(|k| &lines[k]);
    let next = lines.get(i + 1);
    let adjacent_above = prev.is_some() && l.blank_before == 0 && !l.page_break;
    let adjacent_below = next.is_some_and(|n| n.blank_before == 0 && !n.page_break);
    let mid_clause = l.ends_clinging || l.unclosed && !l.ends_terminal;
    match shape.layout {
        Layout::Wrapped => {
            let full = shape.is_full(l);
            let runs_on = (full && !l.ends_terminal || mid_clause) && adjacent_below;
            let ends = !full && l.ends_terminal || !adjacent_below;
            let continues = adjacent_above
                && prev.is_some_and(|pv| {
                    shape.is_full(pv) && (!pv.ends_terminal || shape.is_flush(l)) || pv.ends_clinging
                });
            (runs_on, ends, continues, !continues)
        }
        Layout::Vertical => {
            let runs_on = adjacent_below;
            (runs_on, !runs_on, adjacent_above, !adjacent_above)
        }
        _ => {
            let runs_on = !l.ends_terminal && !c.closing_byline && (mid_clause || l.latin > 0 || l.is_cjk());
            let ends = l.ends_terminal || c.closing_byline;
            let latin_lower = !l.is_cjk() && l.first.is_lowercase();
            let continues = prev.is_some_and(|pv| {
                !pv.ends_terminal
                    && (l.starts_clinging || latin_lower || c.cont_start || l.stray_close && pv.unclosed)
            });
            (runs_on, ends, continues, !continues)
        }
    }
}

/// The width of a full line: the column of wrapped text, else the width that three lines in
/// four stay within (a paragraph-a-line page's long lines, a vertical page's columns).
///
/// `widths` counts the lines of 16 columns and more; the narrower ones (of the `lines` in
/// all) stay within every width it holds, so they count from the start.
pub(crate) fn full_width(shape: Shape, widths: &[u32; 256], lines: u32) -> u32 {
    if shape.layout == Layout::Wrapped && shape.column > 0 {
        return shape.column;
    }
    let mut acc = lines.saturating_sub(widths.iter().fold(0u32, |a, &n| a.saturating_add(n)));
    for (w, &n) in widths.iter().enumerate() {
        acc += n;
        if acc * 4 >= lines * 3 {
            return (w as u32).max(16);
        }
    }
    255
}

/// Whether line `l` stops mid-clause: its last character cannot end a sentence (a comma),
/// or it leaves a quote open without a sentence end. In wrapped text a line that fills the
/// column, and in vertical text every line, stops where the column does, so its last
/// character says nothing.
pub(crate) fn stops_mid_clause(l: &Line, shape: Shape) -> bool {
    (l.ends_clinging || l.unclosed && !l.ends_terminal)
        && shape.layout != Layout::Vertical
        && !shape.is_full(l)
}

#[inline]
fn bucket<const N: usize>(v: u32, bounds: [u32; N], ids: [A; N]) -> Option<A> {
    bounds.iter().position(|&b| v <= b).map(|k| ids[k])
}

/// The longest sentence tail (`end.sentence_tail`): a word or two, or a few CJK characters
/// with the stop (a short headline is longer; a pull quote far longer).
const TAIL_MAX_WORDS: u32 = 2;
const TAIL_MAX_CJK_CHARS: u32 = 6;

/// Append the facts of line `i` to `out`.
pub(crate) fn line_atoms(p: &PageFacts<'_>, i: usize, out: &mut LineAtoms) {
    let l = &p.lines[i];
    let c = &p.cues[i];
    let mut push = |a: A| out.push(a);
    let rel = l.width * 100 / p.full_width.max(1);
    push(A::BIAS);
    let cjk = l.is_cjk();
    let latin = !cjk && l.latin > 0;
    push(if cjk {
        A::CJK
    } else if latin {
        A::LATIN
    } else {
        A::OTHER
    });
    if cjk {
        if let Some(a) = bucket(
            l.chars,
            [1, 2, 4, 6, 9, 14, 20, 30, 45, 70, 110, u32::MAX],
            [
                A::CJK_1,
                A::CJK_2,
                A::CJK_3_4,
                A::CJK_5_6,
                A::CJK_7_9,
                A::CJK_10_14,
                A::CJK_15_20,
                A::CJK_21_30,
                A::CJK_31_45,
                A::CJK_46_70,
                A::CJK_71_110,
                A::CJK_111,
            ],
        ) {
            push(a);
        }
    } else if let Some(a) = bucket(
        l.words,
        [1, 2, 3, 5, 8, 12, 20, 40, u32::MAX],
        [
            A::WORDS_1,
            A::WORDS_2,
            A::WORDS_3,
            A::WORDS_4_5,
            A::WORDS_6_8,
            A::WORDS_9_12,
            A::WORDS_13_20,
            A::WORDS_21_40,
            A::WORDS_41,
        ],
    ) {
        push(a);
    }
    if let Some(a) = bucket(
        rel,
        [14, 29, 49, 69, 89, 110, u32::MAX],
        [A::REL_0_15, A::REL_15_30, A::REL_30_50, A::REL_50_70, A::REL_70_90, A::REL_90_110, A::REL_110],
    ) {
        push(a);
    }
    if p.shape.is_full(l) {
        push(A::FULL);
    }
    if p.shape.is_flush(l) {
        push(A::FLUSH);
    }
    if p.shape.is_indented_first(l) {
        push(A::INDENTED_FIRST);
    }
    if l.indent > 0 {
        push(A::INDENT);
    }

    // Ends and starts.
    let last = l.last;
    push(if l.ends_terminal && matches!(last, '！' | '？' | '!' | '?') {
        A::END_EXCLAIM
    } else if l.ends_terminal {
        A::END_SENTENCE
    } else if l.ends_clinging {
        A::END_CLINGING
    } else if matches!(last, '：' | ':') {
        A::END_COLON
    } else if crate::text::chars::is_closer(last) {
        A::END_CLOSER
    } else if last.is_ascii_digit() {
        A::END_DIGIT
    } else if crate::text::chars::is_cjk(last) {
        A::END_CJK
    } else if last.is_alphabetic() {
        A::END_LETTER
    } else if matches!(last, '-' | '\u{ad}' | '\u{2010}') {
        A::END_HYPHEN
    } else {
        A::END_OTHER
    });
    // A headline, kicker or crosshead is never closed with a full stop: a line of a word or
    // two (a few characters) that is, is the tail of a sentence the line above or a jump cut
    // (a widow: "Russia." / "了生机。").
    if l.ends_full_stop && if cjk { l.chars <= TAIL_MAX_CJK_CHARS } else { l.words <= TAIL_MAX_WORDS } {
        push(A::TAIL);
    }
    let first = l.first;
    let closes_above = l.stray_close && i > 0 && p.lines[i - 1].unclosed;
    if l.starts_clinging {
        push(A::START_CLINGING);
    }
    if matches!(first, '“' | '「' | '『' | '"' | '‘' | '\'') {
        push(A::START_OPEN_QUOTE);
    }
    if matches!(first, '（' | '(' | '【' | '[' | '〔') {
        push(A::START_BRACKET);
    }
    if !cjk && first.is_lowercase() {
        push(A::START_LOWER);
    }
    if !cjk && first.is_uppercase() {
        push(A::START_UPPER);
    }
    if first.is_ascii_digit() {
        push(A::START_DIGIT);
    }
    if matches!(first, '-' | '—' | '–') {
        push(A::START_DASH);
    }
    if matches!(first, '■' | '●' | '◆' | '▲' | '◘' | '★' | '•' | '□' | '○' | '◇' | '△' | '▼' | '※')
    {
        push(A::START_MARKER);
    }
    if closes_above {
        push(A::CLOSES_ABOVE);
    }
    if matches!(first, '“' | '「' | '"') && matches!(last, '”' | '」' | '"') {
        push(A::QUOTED);
    }

    // Punctuation and parts.
    push(match l.commas {
        0 => A::COMMAS_0,
        1 => A::COMMAS_1,
        2 | 3 => A::COMMAS_2_3,
        _ => A::COMMAS_4,
    });
    if l.clause_punct {
        push(A::CLAUSE_PUNCT);
    }
    if l.prose_punct {
        push(A::PROSE_PUNCT);
    }
    if l.prose_marks >= 3 {
        push(A::PROSE_MARKS_3);
    }
    if l.marks & mark::SENTENCE_END != 0 {
        push(A::SENTENCE_INSIDE);
    }
    if cjk && l.chars >= 16 && !l.clause_punct {
        push(A::UNPUNCTUATED_LONG);
    }
    match l.phrase_gaps {
        0 => {}
        1 => push(A::GAPS_1),
        2 => push(A::GAPS_2),
        _ => push(A::GAPS_3),
    }
    if l.wide_gaps > 0 {
        push(A::WIDE_GAP);
    }
    if c.two_parts {
        push(A::TWO_PARTS);
    }
    if latin && l.capitalized >= 2 && !c.lower_long {
        push(A::TITLE_CASE);
    }
    if latin && l.upper * 10 >= l.latin * 9 {
        push(A::ALL_CAPS);
    }
    if l.digits * 2 > l.chars {
        push(A::DIGITS_MOSTLY);
    }
    if l.unclosed {
        push(A::UNCLOSED);
    }
    if l.stray_close {
        push(A::STRAY_CLOSE);
    }
    if stops_mid_clause(l, p.shape) {
        push(A::HARD);
    }

    // Space around, place on the page.
    push(match l.blank_before {
        0 => A::BLANK_BEFORE_0,
        1 => A::BLANK_BEFORE_1,
        2 => A::BLANK_BEFORE_2,
        _ => A::BLANK_BEFORE_3,
    });
    if l.page_break {
        push(A::PAGE_BREAK);
    }
    let n = p.lines.len();
    if let Some(next) = p.lines.get(i + 1) {
        push(match next.blank_before {
            0 => A::BLANK_AFTER_0,
            1 => A::BLANK_AFTER_1,
            2 => A::BLANK_AFTER_2,
            _ => A::BLANK_AFTER_3,
        });
    }
    // Where the line stands on the page says something only on a whole page (its header at
    // the top, its footer and advertising at the bottom), not on a few lines of text.
    if n >= crate::limits::WHOLE_PAGE_LINES {
        if i == 0 {
            push(A::FIRST_LINE);
        }
        if i < 3 {
            push(A::TOP_3);
        }
        if i * 10 < n {
            push(A::TOP_TENTH);
        }
        if i + 3 >= n {
            push(A::LAST_3);
        }
        if i >= p.after_prose {
            push(A::BELOW_LAST_PROSE);
        }
    }

    // Blocks.
    if c.block_pos == 0 {
        push(A::BLOCK_POS_0);
    } else if c.block_pos == 1 {
        push(A::BLOCK_POS_1);
    }
    if c.block_pos + 1 == c.block_len && c.block_len > 1 {
        push(A::BLOCK_POS_LAST);
    }
    push(match c.block_len {
        0 | 1 => A::BLOCK_LEN_1,
        2 => A::BLOCK_LEN_2,
        3..=5 => A::BLOCK_LEN_3_5,
        _ => A::BLOCK_LEN_6,
    });
    if c.block_punct == 0 {
        push(A::BLOCK_BARE);
    }
    if c.block_ad > 0 && (c.block_punct == 0 || c.block_ad * 2 >= c.block_len) {
        push(A::BLOCK_ADS);
    }
    if c.next_block_lead {
        push(A::BLOCK_BEFORE_LEAD);
    }
    match c.blocks_to_body {
        0 => {}
        1 => push(A::BLOCKS_TO_BODY_1),
        2 => push(A::BLOCKS_TO_BODY_2),
        _ => push(A::BLOCKS_TO_BODY_3),
    }

    // Furniture.
    let f = c.furniture;
    let has = |bit: u16| f & bit != 0;
    for (on, a) in [
        // A table of contents is furniture whatever its lines look like.
        (f != 0 || p.toc[i], A::FURN_ANY),
        (has(furn::PAGE_NUMBER), A::FURN_PAGE_NUMBER),
        (has(furn::EDITION), A::FURN_EDITION),
        (has(furn::EDITOR_CREDIT), A::FURN_EDITOR),
        (has(furn::WORD), A::FURN_WORD),
        (has(furn::WEB), A::FURN_WEB),
        (has(furn::WEEKDAY_DATE), A::FURN_WEEKDAY),
        (has(furn::DATED_PAGE), A::FURN_DATED_PAGE),
        (has(furn::EN_WORD), A::FURN_EN_WORD),
        (has(furn::PAGE_INDEX), A::FURN_INDEX),
        (has(furn::STAFF_BOX), A::FURN_STAFF),
        (c.nameplate, A::NAMEPLATE_WORD),
        (c.paper_name, A::PAPER_NAME),
        (p.repeated[i], A::REPEATED),
        (p.toc[i], A::TOC),
        (c.ad, A::AD),
    ] {
        if on {
            push(a);
        }
    }

    // Captions.
    let k = c.caption;
    let has = |bit: u16| k & bit != 0;
    for (on, a) in [
        (k != 0 || c.credit, A::CAP_ANY),
        (has(cap::BOXED), A::CAP_BOXED),
        (has(cap::CREDIT_END), A::CAP_CREDIT_END),
        (has(cap::CAPTION_START), A::CAP_START),
        (has(cap::EN_CREDIT), A::CAP_EN_CREDIT),
        (has(cap::NAME_SLASH_PAPER), A::CAP_NAME_SLASH),
        (has(cap::POSITION), A::CAP_POSITION),
        (cjk && l.chars <= 30 && matches!(last, '摄' | '攝'), A::PHOTO_CREDIT_CN),
    ] {
        if on {
            push(a);
        }
    }

    // Bylines.
    for (on, a) in [
        (c.byline_any, A::BYLINE_ANY),
        (c.byline_pure, A::BYLINE_PURE),
        (c.byline_role_word, A::BYLINE_ROLE),
        (c.bare_name, A::BARE_NAME),
        (c.bare_name && c.surname, A::SURNAME),
        (c.and_name, A::AND_NAME),
        (c.name_piece, A::NAME_PIECE),
        (c.place, A::PLACE),
        (c.dispatch_bracket, A::DISPATCH_BRACKET),
        (c.in_bracket, A::IN_BRACKET),
        (c.tail_dispatch, A::TAIL_DISPATCH),
        (c.closing_byline, A::CLOSING_BYLINE),
        (c.pen_name, A::PEN_NAME),
        (c.dateline, A::DATELINE),
        (c.dateline_only, A::DATELINE_ONLY),
        (c.whole_jump && !c.from_jump, A::JUMP_TO),
        (c.from_jump, A::JUMP_FROM),
        (c.tail_jump, A::JUMP_TAIL),
        (c.whole_jump || c.tail_jump, A::JUMP_ANY),
        (c.head_shaped, A::HEAD_SHAPED),
        (p.head_zone[i], A::HEAD_ZONE),
        (p.deck[i], A::DECK),
        (c.installment, A::INSTALLMENT),
        (c.photo_title, A::PHOTO_TITLE),
        (p.head_zone[i] || p.deck[i] || c.installment || c.photo_title, A::HEAD_CUE),
        (p.parallel[i], A::PARALLEL),
        (p.twins[i] >= 1, A::TWIN),
        (p.twins[i] >= 2, A::SERIES),
        (c.numbered, A::NUMBERED),
        (c.numbered || p.parallel[i], A::SUBHEAD_ANY),
        (p.pull_quote[i] == 1, A::PULL_QUOTE),
        (p.pull_quote[i] == 2, A::PULL_QUOTE_BY),
        (c.opener, A::OPENER),
        (c.cont_start, A::CONT_PARTICLE),
        (c.brief_marker, A::BRIEF_MARKER),
        (c.garbage, A::GARBAGE),
    ] {
        if on {
            push(a);
        }
    }

    // The flow of the text, the width against a full line, the space around the line.
    let (runs_on, ends, continues, anew) = p.flows[i];
    let n = p.lines.len();
    for (on, a) in [
        (runs_on, A::FLOW_RUNS_ON),
        (ends, A::FLOW_ENDS),
        (continues, A::FLOW_CONTINUES),
        (anew, A::FLOW_ANEW),
        (rel < 50, A::SHORT_HALF),
        (rel < 25, A::SHORT_QUARTER),
        (rel >= 85, A::NEAR_FULL),
    ] {
        if on {
            push(a);
        }
    }
    let usual = p.usual_blank;
    let above = if l.page_break { usual + 2 } else { l.blank_before };
    if i > 0 && above > usual {
        push(A::SPACE_MORE_ABOVE);
        if above >= usual + 2 {
            push(A::SPACE_MUCH_MORE_ABOVE);
        }
    }
    if let Some(next) = p.lines.get(i + 1) {
        let below = if next.page_break { usual + 2 } else { next.blank_before };
        if below > usual {
            push(A::SPACE_MORE_BELOW);
            if below >= usual + 2 {
                push(A::SPACE_MUCH_MORE_BELOW);
            }
        }
    }

    // The line's run of headline-shaped lines.
    let r = &p.runs[i];
    if r.len > 0 {
        push(match r.len {
            1 => A::RUN_1,
            2 => A::RUN_2,
            _ => A::RUN_3,
        });
        if r.pos == 0 {
            push(A::RUN_FIRST);
        }
        if r.pos + 1 == r.len {
            push(A::RUN_LAST);
        }
        push(r.after);
        push(r.before);
    }
    if i > 0 && i + 1 < n && p.flows[i - 1].0 && p.flows[i + 1].2 && !continues {
        push(A::BETWEEN_OPEN_AND_CONT);
    }

    // The line above.
    if i > 0 {
        let prev = &p.lines[i - 1];
        let adjacent = l.blank_before == 0 && !l.page_break;
        if adjacent {
            push(A::ADJACENT);
            if p.shape.is_full(prev) && !prev.ends_terminal {
                push(A::PREV_FULL_OPEN);
            }
            if p.shape.is_full(prev) && prev.ends_terminal {
                if p.shape.is_indented_first(l) {
                    push(A::PREV_FULL_ENDED_INDENT);
                } else if p.shape.is_flush(l) {
                    push(A::PREV_FULL_ENDED_FLUSH);
                }
            }
            if cjk
                && l.chars <= 6
                && !l.ends_terminal
                && prev.is_cjk()
                && prev.chars >= 14
                && !prev.ends_terminal
            {
                push(A::TITLE_WRAP);
            }
        }
        if p.cues[i - 1].dateline_only {
            push(A::PREV_DATELINE_ONLY);
        }
    }
}

/// One line's facts as they are found, in a buffer that holds every fact once.
#[derive(Clone, Debug)]
pub(crate) struct LineAtoms {
    buf: [u16; N_ATOMS],
    n: usize,
}

impl Default for LineAtoms {
    fn default() -> Self {
        LineAtoms { buf: [0; N_ATOMS], n: 0 }
    }
}

impl LineAtoms {
    #[inline]
    fn push(&mut self, a: A) {
        // A fact is found at most once per line, so there is always room.
        if self.n < N_ATOMS {
            self.buf[self.n] = a as u16;
            self.n += 1;
        }
    }

    /// The facts found.
    pub(crate) fn as_slice(&self) -> &[u16] {
        &self.buf[..self.n]
    }
}

/// The most debris lines the window looks past.
const DEBRIS_SKIP: usize = 2;

/// A line with nothing to read: no letter, CJK character or digit (OCR's reading of a rule, a
/// picture's edge or a smudge: "*", "-", "■ ■").
fn debris(l: &Line) -> bool {
    l.latin == 0 && l.cjk == 0 && l.digits == 0
}

/// The line that line `i` reads as its neighbour above (`step` -1) or below (1): the nearest
/// one, looking past up to [`DEBRIS_SKIP`] debris lines (OCR debris between a headline and its
/// story's first paragraph does not hide the one from the other); the adjacent line when more
/// debris lies between, or when line `i` is debris itself; [`NO_LINE`] at the page's edge.
pub(crate) fn neighbour(lines: &[Line], i: usize, step: isize) -> u32 {
    let n = lines.len() as isize;
    let adjacent = i as isize + step;
    if adjacent < 0 || adjacent >= n {
        return NO_LINE;
    }
    if debris(&lines[i]) {
        return adjacent as u32;
    }
    let mut j = adjacent;
    for _ in 0..=DEBRIS_SKIP {
        if j < 0 || j >= n {
            break;
        }
        if !debris(&lines[j as usize]) {
            return j as u32;
        }
        j += step;
    }
    adjacent as u32
}

/// No such line (above the first, below the last).
pub(crate) const NO_LINE: u32 = u32::MAX;

/// Where a line's facts end in [`PageAtoms::atoms`] and which lines it reads as neighbours.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct LineIndex {
    /// The end of the line's context facts (those read from its neighbours too).
    pub context_end: u32,
    /// The lines it reads as the line above and the line below ([`neighbour`]).
    pub above: u32,
    pub below: u32,
}

/// Every line's facts: `atoms[offsets[i]..offsets[i + 1]]` are line `i`'s, those read from
/// the neighbouring lines too ([`CONTEXT`]) first, up to `index[i].context_end`.
#[derive(Clone, Debug, Default)]
pub(crate) struct PageAtoms {
    pub atoms: Vec<u16>,
    pub offsets: Vec<u32>,
    pub index: Vec<LineIndex>,
    /// One line's facts as they are found.
    line: LineAtoms,
}

impl PageAtoms {
    /// Compute every line's facts.
    pub(crate) fn fill(&mut self, p: &PageFacts<'_>) {
        let _ = &p.runs;
        self.atoms.clear();
        self.offsets.clear();
        self.index.clear();
        // Reserved from the line count (a line has some twenty facts): the buffers do not grow
        // by doubling on a fresh parse.
        let n = p.lines.len();
        self.atoms.reserve(n * 32);
        self.offsets.reserve(n + 1);
        self.index.reserve(n);
        self.offsets.push(0);
        for i in 0..p.lines.len() {
            self.line.n = 0;
            line_atoms(p, i, &mut self.line);
            // The context facts first, each part in its order.
            let found = self.line.as_slice();
            self.atoms.extend(found.iter().filter(|&&a| IS_CONTEXT[a as usize]));
            self.index.push(LineIndex {
                context_end: self.atoms.len() as u32,
                above: neighbour(p.lines, i, -1),
                below: neighbour(p.lines, i, 1),
            });
            self.atoms.extend(found.iter().filter(|&&a| !IS_CONTEXT[a as usize]));
            self.offsets.push(self.atoms.len() as u32);
        }
    }

    /// The line whose context facts line `i` reads as the line above, if any.
    #[inline]
    pub(crate) fn above(&self, i: usize) -> Option<usize> {
        self.index.get(i).map(|x| x.above).filter(|&j| j != NO_LINE).map(|j| j as usize)
    }

    /// The line whose context facts line `i` reads as the line below, if any.
    #[inline]
    pub(crate) fn below(&self, i: usize) -> Option<usize> {
        self.index.get(i).map(|x| x.below).filter(|&j| j != NO_LINE).map(|j| j as usize)
    }

    /// Line `i`'s facts that are read from its neighbours too.
    #[inline]
    pub(crate) fn context_of(&self, i: usize) -> &[u16] {
        &self.atoms[self.offsets[i] as usize..self.index[i].context_end as usize]
    }

    /// Line `i`'s facts.
    #[inline]
    pub(crate) fn of(&self, i: usize) -> &[u16] {
        &self.atoms[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }

    /// Number of lines.
    pub(crate) fn len(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_looks_past_two_debris_lines_and_no_further() {
        let lines = crate::text::lines::scanned("Title\n*\nA paragraph.\n-\n■ ■\n~\nEnd 3\nLast\n");
        let above: Vec<u32> = (0..lines.len()).map(|i| neighbour(&lines, i, -1)).collect();
        let below: Vec<u32> = (0..lines.len()).map(|i| neighbour(&lines, i, 1)).collect();
        const NONE: u32 = NO_LINE;
        // "*" between the title and the paragraph: each reads the other; debris reads its
        // adjacent lines; past three debris lines the adjacent one is read.
        assert_eq!(below, [2, 2, 3, 4, 5, 6, 7, NONE]);
        assert_eq!(above, [NONE, 0, 0, 2, 3, 4, 5, 6]);
    }

    #[test]
    fn names_are_unique_and_features_number_every_name_once() {
        let mut names: Vec<&str> = ATOM_NAMES.to_vec();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), N_ATOMS);
        let mut all: Vec<String> = (0..N_FEATURES).map(feature_name).collect();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), N_FEATURES);
        assert_eq!(feature_name(feature(1, 0, A::BYLINE_PURE as usize)), "above:byline.pure");
        assert_eq!(feature_name(feature(0, 3, A::BLOCK_POS_0 as usize)), "line@vertical:block.first_line");
        assert_eq!(copies(domain(Layout::Vertical, false)), [0, 3, 4]);
        assert_eq!(copies(domain(Layout::Paragraphs, true)), [0, 1, 5]);
    }
}
