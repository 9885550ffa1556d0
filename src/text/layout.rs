//! Stage 2: which layout the page text has, from the text itself.
//!
//! - [`Layout::Wrapped`]: few blank lines and many lines of one width (a column wrapped by
//!   pdftotext); a paragraph runs on while its lines are full.
//! - [`Layout::Vertical`]: very short CJK lines in blocks between blank lines (a transcription
//!   of vertical columns); a block runs on to its end.
//! - [`Layout::Paragraphs`]: everything else; a line is a paragraph or a fragment of one.

use crate::document::Layout;
use crate::limits::*;
use crate::text::lines::Line;

/// What the layout stage found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Shape {
    pub layout: Layout,
    /// The column width (display columns) of a full wrapped line, for [`Layout::Wrapped`].
    pub column: u32,
}

impl Shape {
    /// True when `line` (nearly) fills the column: it wrapped, so its paragraph goes on unless
    /// it ends a sentence.
    #[inline]
    pub fn is_full(&self, line: &Line) -> bool {
        self.layout == Layout::Wrapped && line.width + FULL_LINE_SLACK >= self.column
    }

    /// True when `line` runs from margin to margin: a paragraph's inner line.
    #[inline]
    pub fn is_flush(&self, line: &Line) -> bool {
        self.layout == Layout::Wrapped && line.width + FLUSH_LINE_SLACK >= self.column
    }

    /// True when `line` is full but for a first-line indent: it starts a paragraph.
    #[inline]
    pub fn is_indented_first(&self, line: &Line) -> bool {
        self.is_full(line) && !self.is_flush(line)
    }
}

/// The page-wide counts the layout is decided from, gathered as the lines are measured (so
/// that a page of a million lines is not read again for them).
#[derive(Clone, Debug)]
pub(crate) struct Tally {
    /// Lines.
    pub lines: u32,
    /// Lines after a blank line.
    pub separated: u32,
    /// Mostly CJK lines ([`Line::is_cjk`]).
    pub cjk_lines: u32,
    /// Mostly CJK lines by length in characters (63: 63 or more).
    pub cjk_lens: [u32; 64],
    /// Lines 16 columns wide or more, by width (255: 255 or more).
    pub widths: [u32; 256],
}

impl Default for Tally {
    fn default() -> Self {
        Tally { lines: 0, separated: 0, cjk_lines: 0, cjk_lens: [0; 64], widths: [0; 256] }
    }
}

impl Tally {
    /// Count one line.
    #[inline]
    pub fn add(&mut self, l: &Line) {
        self.lines = self.lines.saturating_add(1);
        self.separated = self.separated.saturating_add(u32::from(l.blank_before > 0));
        if l.is_cjk() {
            self.cjk_lines = self.cjk_lines.saturating_add(1);
            let k = (l.chars as usize).min(63);
            self.cjk_lens[k] = self.cjk_lens[k].saturating_add(1);
        }
        if l.width >= 16 {
            let k = (l.width as usize).min(255);
            self.widths[k] = self.widths[k].saturating_add(1);
        }
    }

    /// Add the counts of another stretch of the same page (a page parsed in sections).
    pub fn merge(&mut self, other: &Tally) {
        self.lines = self.lines.saturating_add(other.lines);
        self.separated = self.separated.saturating_add(other.separated);
        self.cjk_lines = self.cjk_lines.saturating_add(other.cjk_lines);
        for (a, b) in self.cjk_lens.iter_mut().zip(other.cjk_lens.iter()) {
            *a = a.saturating_add(*b);
        }
        for (a, b) in self.widths.iter_mut().zip(other.widths.iter()) {
            *a = a.saturating_add(*b);
        }
    }

    /// Most lines are not CJK: an English (Latin-script) page.
    pub fn latin(&self) -> bool {
        u64::from(self.lines - self.cjk_lines) * 2 > u64::from(self.lines)
    }
}

// The histogram of widths starts at 16 columns: every width near a wrapped column is in it.
const _: () = assert!(WRAPPED_MIN_COLUMN >= FULL_LINE_SLACK + 16);

/// Detect the layout (or take the forced one) and the column width from the page's counts
/// alone (so a page parsed in sections is judged as a whole without keeping its lines).
pub(crate) fn detect(tally: &Tally, forced: Layout) -> Shape {
    let column = column_width(&tally.widths);
    if forced != Layout::Auto {
        return Shape { layout: forced, column };
    }
    if tally.lines < 4 {
        return Shape { layout: Layout::Paragraphs, column };
    }
    let n = tally.lines;
    let (separated, cjk_lines) = (tally.separated, tally.cjk_lines);
    let median = median_of(&tally.cjk_lens, cjk_lines);
    if cjk_lines * 2 > n && median <= VERTICAL_MAX_MEDIAN_CHARS && separated * VERTICAL_MIN_BLOCK_LINES <= n {
        return Shape { layout: Layout::Vertical, column };
    }
    if separated * 100 < n * WRAPPED_MAX_SEPARATED_PCT && column >= WRAPPED_MIN_COLUMN {
        // Lines within a few columns of the column (`column - FULL_LINE_SLACK` is at least 17,
        // inside the histogram's range; widths of 255 and more share its last bucket).
        let low = column.saturating_sub(FULL_LINE_SLACK) as usize;
        let high = (column as usize + 2).min(255);
        let near: u32 = tally.widths[low..=high].iter().sum();
        if near * 100 >= n * WRAPPED_MIN_FULL_PCT {
            return Shape { layout: Layout::Wrapped, column };
        }
    }
    Shape { layout: Layout::Paragraphs, column }
}

fn median_of(hist: &[u32; 64], total: u32) -> u32 {
    let mut acc = 0;
    for (len, &count) in hist.iter().enumerate() {
        acc += count;
        if acc * 2 >= total {
            return len as u32;
        }
    }
    63
}

/// The column a wrapped text fills: the widest line width that is common (a paragraph's
/// inner lines fill the column; its first lines are a few columns shorter, and in texts with
/// many short paragraphs they can outnumber the full ones).
fn column_width(hist: &[u32; 256]) -> u32 {
    let top = hist.iter().copied().max().unwrap_or(0);
    if top == 0 {
        return 0;
    }
    let floor = (top * COLUMN_COMMON_PCT / 100).max(2);
    (16..255).rev().find(|&w| hist[w] >= floor).map_or(0, |w| w as u32)
}
