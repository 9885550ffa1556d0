//! Every threshold and weight, named, in one place.
//!
//! Scores are log-odds-like: an emission score says how well a line fits a role, a transition
//! score how well one role follows another; the role sequence with the highest total wins.

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

/// A CJK headline has at most this many characters before it is penalised.
pub(crate) const HEAD_MAX_CJK: u32 = 42;
/// A Latin headline has at most this many words.
pub(crate) const HEAD_MAX_WORDS: u32 = 16;
/// A CJK subhead has at most this many characters.
pub(crate) const SUBHEAD_MAX_CJK: u32 = 26;
/// A Latin subhead has at most this many words.
pub(crate) const SUBHEAD_MAX_WORDS: u32 = 8;
/// A CJK paragraph line is long from this many characters.
pub(crate) const LONG_CJK: u32 = 36;
/// A Latin paragraph line is long from this many characters.
pub(crate) const LONG_LATIN: u32 = 90;
/// Lines longer than these (in characters) are prose: the furniture recognisers skip them.
pub(crate) const SHORT_CJK_LINE: u32 = 60;
pub(crate) const SHORT_LATIN_LINE: u32 = 400;
/// A byline line has at most this many characters (unless it opens with a bracket).
pub(crate) const BYLINE_MAX_CHARS: u32 = 80;
/// An advertisement line has at most this many characters.
pub(crate) const AD_MAX_CHARS: u32 = 40;
/// A caption has at most this many characters.
pub(crate) const CAPTION_MAX_CHARS: u32 = 120;
/// Blank lines on both sides that set a short line apart as a caption (e-paper export).
pub(crate) const CAPTION_ISOLATION_BLANKS: u32 = 2;
/// A short sentence after a wide blank run reads as a caption even with one blank after it.
pub(crate) const CAPTION_SHORT_CHARS: u32 = 30;

// ---------------------------------------------------------------- emission weights

pub(crate) const W_HEAD_BASE: f32 = -1.0;
pub(crate) const W_HEAD_SENTENCE_END: f32 = -6.0;
pub(crate) const W_HEAD_TOO_LONG: f32 = -0.35;
pub(crate) const W_HEAD_CLINGING: f32 = -5.0;
pub(crate) const W_HEAD_COMMAS: f32 = -1.2;
pub(crate) const W_HEAD_AFTER_GAP: f32 = 1.5;
pub(crate) const W_HEAD_BEFORE_BYLINE: f32 = 2.5;
pub(crate) const W_HEAD_BEFORE_DATELINE: f32 = 2.0;
pub(crate) const W_HEAD_TWO_PARTS: f32 = 0.8;
pub(crate) const W_HEAD_TITLE_CASE: f32 = 2.0;
pub(crate) const W_HEAD_LOWER_START: f32 = -4.0;
/// CJK lines of at least this many characters without clause punctuation read as headlines.
pub(crate) const UNPUNCTUATED_MIN_CJK: u32 = 16;
/// ... by this much (and as body text by as much less).
pub(crate) const W_UNPUNCTUATED: f32 = 1.0;
/// A line in a headline-shaped run that leads to a byline or dateline.
pub(crate) const W_HEAD_ZONE: f32 = 3.0;
/// A line after page furniture or after a paragraph closed by a byline: an article may start.
pub(crate) const W_HEAD_AFTER_END: f32 = 2.0;
/// A line after a paragraph that a byline closed (a section or an article ended).
pub(crate) const W_HEAD_AFTER_BYLINE: f32 = 0.7;
/// A long line set in parts separated by spaces.
pub(crate) const W_HEAD_LONG_PARTS: f32 = 3.0;
/// Body text rarely has spaces between phrases before its first sentence ends.
pub(crate) const W_BODY_PHRASE_GAPS: f32 = -1.5;

pub(crate) const W_SUBHEAD_BASE: f32 = -1.5;
pub(crate) const W_SUBHEAD_TWO_PARTS: f32 = 2.0;
pub(crate) const W_SUBHEAD_NUMBERED: f32 = 2.5;
pub(crate) const W_SUBHEAD_TOO_LONG: f32 = -0.5;
/// A subhead in quotes ("“……”").
pub(crate) const W_SUBHEAD_QUOTED: f32 = 1.5;
/// A very short subhead ("求助", "1").
pub(crate) const W_SUBHEAD_TINY: f32 = 1.0;
/// A CJK subhead of this many characters or fewer is tiny.
pub(crate) const SUBHEAD_TINY_CJK: u32 = 6;
/// A subhead that is neither tiny nor set in parts, quoted or numbered.
pub(crate) const W_SUBHEAD_PLAIN: f32 = -1.0;

pub(crate) const W_BYLINE_PURE: f32 = 6.0;
pub(crate) const W_BYLINE_IMPURE: f32 = -1.0;
pub(crate) const W_BYLINE_BARE_NAME: f32 = 0.3;
/// A bare name that starts with a common surname.
pub(crate) const W_BYLINE_SURNAME: f32 = 1.0;
pub(crate) const W_BYLINE_NONE: f32 = -12.0;
/// A piece of a byline on a line of its own: a split name, a reader's place and name.
pub(crate) const W_BYLINE_PIECE: f32 = 3.0;

pub(crate) const W_BODY_BASE: f32 = 0.0;
pub(crate) const W_BODY_LONG: f32 = 2.0;
pub(crate) const W_BODY_SHORT: f32 = -1.0;
pub(crate) const W_END_MATCH: f32 = 1.5;
pub(crate) const W_END_MISMATCH: f32 = -3.0;
pub(crate) const W_CONT_CLINGING_START: f32 = 4.0;
pub(crate) const W_START_CLINGING: f32 = -5.0;
pub(crate) const W_CONT_LOWER_START: f32 = 2.5;
pub(crate) const W_START_LOWER: f32 = -1.5;
/// English: a line that starts with a capital seldom continues the line above.
pub(crate) const W_CONT_UPPER_START: f32 = 1.0;
/// English: a short line with no sentence end above a long line starting with a capital.
pub(crate) const W_HEAD_ABOVE_TEXT: f32 = 1.5;
pub(crate) const W_CONT_AFTER_FULL: f32 = 4.0;
pub(crate) const W_START_AFTER_FULL: f32 = -4.0;
/// After a full line that ends a sentence: a flush line goes on, an indented one starts anew.
pub(crate) const W_WRAP_INDENT: f32 = 2.0;
pub(crate) const W_CONT_IN_BLOCK: f32 = 3.0;
pub(crate) const W_START_IN_BLOCK: f32 = -3.0;
pub(crate) const W_DATELINE_START: f32 = 3.0;
/// A line that starts with a particle continues the paragraph before it.
pub(crate) const W_CONT_PARTICLE_START: f32 = 2.0;
/// A line that closes a quote it never opened continues the one before.
pub(crate) const W_CONT_STRAY_CLOSE: f32 = 2.5;
/// A line that opens like a paragraph ("据了解", a date) starts one.
pub(crate) const W_OPENER: f32 = 1.5;
/// A bracketed dispatch byline runs over at most this many further lines.
pub(crate) const MAX_BRACKET_LINES: usize = 4;
/// A short line under a title line in wrapped text: the title's last characters.
pub(crate) const TITLE_WRAP_MAX_CJK: u32 = 6;
pub(crate) const W_TITLE_WRAP: f32 = 2.0;
/// Wrapped text: a deck (summary lines set under the headline block, after the byline and the
/// source line) has at most this many lines, none with a sentence end, and its last line stops
/// short of the column without punctuation.
pub(crate) const DECK_MAX_LINES: usize = 4;
/// A deck follows a byline at most this many lines above (byline, source line, deck).
pub(crate) const DECK_AFTER_BYLINE: usize = 3;
/// Sentence ends: a line holding one is body text, not a deck.
pub(crate) const SENTENCE_ENDS: [char; 6] = ['。', '！', '？', '；', '!', '?'];
/// A deck line scores at least this as a headline line.
pub(crate) const W_DECK: f32 = 4.0;
/// An installment number ("（三三八）") has at most this many digits, and scores at least this
/// as a headline line.
pub(crate) const INSTALLMENT_MAX_CHARS: usize = 6;
pub(crate) const W_INSTALLMENT: f32 = 4.0;
/// Characters past a line's end a dateline may run on to (a wire dateline broken across lines).
pub(crate) const DATELINE_LOOKAHEAD: usize = 48;
/// Vertical text: a headline block has at most this many lines.
pub(crate) const V_HEAD_MAX_LINES: u16 = 5;
/// Vertical text: a short block without punctuation reads as a headline (and a block with
/// punctuation as anything but).
pub(crate) const W_V_HEAD_BLOCK: f32 = 2.5;
/// ... more so when the next block opens with a dateline or is a byline.
pub(crate) const W_V_HEAD_LEAD: f32 = 2.0;
/// Vertical text: a block with punctuation reads as body text, one without as not.
pub(crate) const W_V_BODY_PUNCT: f32 = 2.0;
/// Vertical text: a headline stands at most this many blocks before body text.
pub(crate) const V_HEAD_MAX_BLOCKS: u16 = 3;
/// Vertical text: a lone short line between body blocks is a subhead.
pub(crate) const W_V_SUBHEAD: f32 = 2.0;
/// An English photo credit is a caption, and so is the text it runs into.
pub(crate) const W_CREDIT: f32 = 5.0;
/// ... and the line a credit runs into is its caption, even with a paragraph left open above.
pub(crate) const W_CREDIT_NEXT: f32 = 7.0;
/// A line of running prose has at least this many words.
pub(crate) const PROSE_MIN_WORDS: u32 = 12;
/// Latin pages: a line below the last line of prose reads as furniture.
pub(crate) const W_AFTER_PROSE: f32 = 4.0;
/// The first lines of a page that may hold the nameplate.
pub(crate) const NAMEPLATE_LINES: usize = 3;
/// A short line ending in 报/報/刊 there is the paper's name.
pub(crate) const W_NAMEPLATE: f32 = 5.0;
/// Vertical text: a block of advertising words is page furniture.
pub(crate) const W_V_AD_BLOCK: f32 = 5.0;
/// Pull quotes: at least this many letters, at most this many bytes of letters, compared with
/// lines this many lines around.
pub(crate) const PULL_QUOTE_MIN_LETTERS: usize = 30;
pub(crate) const PULL_QUOTE_MAX_BYTES: usize = 400;
pub(crate) const PULL_QUOTE_WINDOW: usize = 40;
/// A pull quote (or its attribution) scores at least this as a subhead.
pub(crate) const W_PULL_QUOTE: f32 = 4.0;
/// A line set in parts like other lines of the page: one of a series of subheads.
pub(crate) const W_PARALLEL: f32 = 1.5;
/// A run of at least this many blank lines marks a column break in an e-paper export.
pub(crate) const WIDE_BLANK_RUN: u32 = 3;
/// Body text after such a run continues the paragraph before it.
pub(crate) const W_CONT_AFTER_WIDE_GAP: f32 = 1.5;

pub(crate) const W_CAPTION_BASE: f32 = -3.0;
pub(crate) const W_CAPTION_ISOLATED: f32 = 6.0;
pub(crate) const W_CAPTION_CUE: f32 = 1.0;

pub(crate) const W_FURN_BASE: f32 = -3.0;
pub(crate) const W_FURN_CUE: f32 = 1.2;
pub(crate) const W_FURN_REPEATED: f32 = 3.0;
/// Only lines of at most this many characters are compared for repetition (running heads,
/// nameplates, page labels).
pub(crate) const REPEATED_MAX_CHARS: u32 = 40;
pub(crate) const W_FURN_TOC: f32 = 14.0;

pub(crate) const W_JUMP: f32 = 8.0;
pub(crate) const W_NOISE: f32 = 4.0;
pub(crate) const W_NOT: f32 = -20.0;

// ---------------------------------------------------------------- transition weights

/// A paragraph left unfinished then followed by something other than its continuation.
pub(crate) const T_OPEN_ABANDONED: f32 = -2.5;
/// A paragraph left mid-clause (on a comma) then followed by something other than its
/// continuation.
pub(crate) const T_HARD_ABANDONED: f32 = -6.0;
/// Latin-script pages: leaving an open paragraph (it may be resumed after another story).
pub(crate) const T_OPEN_ABANDONED_LATIN: f32 = -0.5;
pub(crate) const T_HARD_ABANDONED_LATIN: f32 = -2.0;
/// A new article right after a headline block with no body text: an empty article.
pub(crate) const T_EMPTY_ARTICLE: f32 = -3.0;
/// A new article starting.
pub(crate) const T_NEW_ARTICLE: f32 = -1.0;
/// Body text before any headline.
pub(crate) const T_BODY_AT_START: f32 = -1.0;
/// A headline cluster goes on (kicker + title, title + deck).
pub(crate) const T_HEAD_CLUSTER: f32 = 1.0;
/// A subhead right under the headline, before any body text.
pub(crate) const T_SUBHEAD_AFTER_HEAD: f32 = -1.0;
/// Two subheads in a row.
pub(crate) const T_SUBHEAD_PAIR: f32 = -1.0;
/// A byline after body text (closing a section or an article).
pub(crate) const T_BYLINE_AFTER_BODY: f32 = -1.0;
