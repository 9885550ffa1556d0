//! Every threshold of the layout detection and the recognisers, named, in one place: sizes
//! and counts that say what a pattern looks like. None is a score: how much each finding
//! weighs for each role is learned ([`crate::model`]).

// ---------------------------------------------------------------- layout detection

/// A wrapped line counts as full when it is at most this many columns short of the column
/// (a paragraph's first line is indented by two CJK characters, four columns).
pub(crate) const FULL_LINE_SLACK: u32 = 7;
/// A wrapped line is flush (margin to margin) when at most this many columns short.
pub(crate) const FLUSH_LINE_SLACK: u32 = 2;
/// Vertical transcriptions: the median CJK line has at most this many characters.
pub(crate) const VERTICAL_MAX_MEDIAN_CHARS: u32 = 16;
/// Vertical transcriptions: at least one blank-separated block per this many lines.
pub(crate) const VERTICAL_MIN_BLOCK_LINES: u32 = 2;
/// Wrapped text: at most this percentage of lines follow a blank line.
pub(crate) const WRAPPED_MAX_SEPARATED_PCT: u32 = 35;
/// Wrapped text: the column is at least this many display columns wide.
pub(crate) const WRAPPED_MIN_COLUMN: u32 = 24;
/// The column is the widest line width seen on at least this percentage as many lines as the
/// most common width.
pub(crate) const COLUMN_COMMON_PCT: u32 = 30;
/// Wrapped text: at least this percentage of lines fill the column.
pub(crate) const WRAPPED_MIN_FULL_PCT: u32 = 30;

// ---------------------------------------------------------------- line shapes

/// A CJK headline has at most this many characters (with twelve more, a line is still
/// headline-shaped).
pub(crate) const HEAD_MAX_CJK: u32 = 42;
/// A Latin headline has at most this many words.
pub(crate) const HEAD_MAX_WORDS: u32 = 16;
/// A CJK subhead has at most this many characters.
pub(crate) const SUBHEAD_MAX_CJK: u32 = 26;
/// Lines longer than these (in characters) are prose: the furniture recognisers skip them.
pub(crate) const SHORT_CJK_LINE: u32 = 60;
pub(crate) const SHORT_LATIN_LINE: u32 = 400;
/// A byline line has at most this many characters (unless it opens with a bracket).
pub(crate) const BYLINE_MAX_CHARS: u32 = 80;
/// An advertisement line has at most this many characters.
pub(crate) const AD_MAX_CHARS: u32 = 40;
/// A caption has at most this many characters.
pub(crate) const CAPTION_MAX_CHARS: u32 = 120;

// ---------------------------------------------------------------- patterns over lines

/// A text of at least this many lines is a whole page: where a line stands on it (top,
/// bottom) tells furniture from text.
pub(crate) const WHOLE_PAGE_LINES: usize = 20;

/// A bracketed dispatch byline runs over at most this many further lines.
pub(crate) const MAX_BRACKET_LINES: usize = 4;
/// Wrapped text: a deck (summary lines set under the headline block, after the byline and the
/// source line) has at most this many lines, none with a sentence end, and its last line stops
/// short of the column without punctuation.
pub(crate) const DECK_MAX_LINES: usize = 4;
/// A deck follows a byline at most this many lines above (byline, source line, deck).
pub(crate) const DECK_AFTER_BYLINE: usize = 3;
/// Sentence ends: a line holding one is body text, not a deck.
pub(crate) const SENTENCE_ENDS: [char; 6] = ['。', '！', '？', '；', '!', '?'];
/// An installment number ("（三三八）") has at most this many digits.
pub(crate) const INSTALLMENT_MAX_CHARS: usize = 6;
/// Characters past a line's end a dateline may run on to (a wire dateline broken across lines).
pub(crate) const DATELINE_LOOKAHEAD: usize = 48;
/// A line of running prose has at least this many words.
pub(crate) const PROSE_MIN_WORDS: u32 = 12;
/// Pull quotes: at least this many letters, at most this many bytes of letters, compared with
/// lines this many lines around.
pub(crate) const PULL_QUOTE_MIN_LETTERS: usize = 30;
pub(crate) const PULL_QUOTE_MAX_BYTES: usize = 400;
pub(crate) const PULL_QUOTE_WINDOW: usize = 40;

/// Only lines of at most this many characters are compared for repetition (running heads,
/// nameplates, page labels).
pub(crate) const REPEATED_MAX_CHARS: u32 = 40;
