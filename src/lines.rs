//! Stage 1: text → non-blank lines with the measurements every later stage reads.
//!
//! One pass with memchr finds line ends (`\n`, `\r\n` and a lone `\r` all end a line); one pass
//! over each line's characters measures it. Blank lines are not kept: each line records how
//! many blank lines and form feeds came before it.

use crate::chars::{Class, info};
use crate::layout::Tally;

/// A non-blank line and its measurements. Offsets are into the decoded text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Line {
    /// Start of the line's content (leading whitespace skipped).
    pub start: usize,
    /// End of the line's content (trailing whitespace skipped).
    pub end: usize,
    /// Blank lines between the previous non-blank line and this one.
    pub blank_before: u32,
    /// A form feed came between the previous non-blank line and this one's content.
    pub page_break: bool,
    /// Leading whitespace, in columns.
    pub indent: u32,
    /// Characters (not bytes) in the content.
    pub chars: u32,
    /// CJK characters.
    pub cjk: u32,
    /// Latin letters.
    pub latin: u32,
    /// Upper-case Latin letters.
    pub upper: u32,
    /// Digits.
    pub digits: u32,
    /// Punctuation and symbols.
    pub punct: u32,
    /// Runs of whitespace inside the content.
    pub gaps: u32,
    /// Runs of whitespace inside the content that are two columns or wider.
    pub wide_gaps: u32,
    /// Gaps between two words or phrases before any sentence end ("主题  副题"): headline
    /// parts set apart by spaces, not a byline after a finished sentence.
    pub phrase_gaps: u32,
    /// Characters before the first phrase gap (0 when there is none).
    pub first_part: u32,
    /// Display width in columns (CJK and full-width forms count two).
    pub width: u32,
    /// Latin words (runs of letters).
    pub words: u32,
    /// Latin words that start with a capital.
    pub capitalized: u32,
    /// First character of the content.
    pub first: char,
    /// Last character of the content.
    pub last: char,
    /// The content ends a sentence (terminal punctuation, perhaps followed by closers).
    pub ends_terminal: bool,
    /// The content ends with punctuation that cannot end a sentence.
    pub ends_clinging: bool,
    /// The content starts with punctuation that cannot start a sentence.
    pub starts_clinging: bool,
    /// A quote or bracket opened on the line is still open at its end.
    pub unclosed: bool,
    /// A closing quote or bracket comes before any opening one: the line starts inside a quote.
    pub stray_close: bool,
    /// Commas (full-width or ASCII).
    pub commas: u32,
    /// The line holds clause or sentence punctuation (`chars::is_clause_punct`).
    pub clause_punct: bool,
    /// The line holds the punctuation of running text (`chars::is_prose_punct`).
    pub prose_punct: bool,
    /// The trigger characters the line holds ([`crate::lexicon::mark`] bits).
    pub marks: u16,
    /// Half the characters or more are CJK, or there are some and no more Latin letters
    /// ([`Line::is_cjk`]).
    pub mostly_cjk: bool,
}

impl Line {
    /// The line's content.
    #[inline]
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }

    /// Mostly CJK (decided once, when the line is measured).
    #[inline]
    pub fn is_cjk(&self) -> bool {
        self.mostly_cjk
    }
}

/// Split `text` into non-blank lines, appending to `out` (cleared first); the page's counts
/// for the layout stage come back.
pub(crate) fn scan(text: &str, out: &mut Vec<Line>) -> Tally {
    out.clear();
    let mut tally = Tally::default();
    let bytes = text.as_bytes();
    let mut pos = 0;
    let mut blank = 0u32;
    let mut page_break = false;
    // A form feed ends a line too: the text after it starts the next page. One search runs
    // over the whole text (a fresh search per line costs more than a short line).
    let mut ends = memchr::memchr3_iter(b'\n', b'\r', 0x0c, bytes);
    while pos < bytes.len() {
        // The \n of a \r\n was taken with its \r.
        let (end, next) = match ends.by_ref().find(|&e| e >= pos) {
            Some(e) if bytes[e] == b'\r' && bytes.get(e + 1) == Some(&b'\n') => (e, e + 2),
            Some(e) => (e, e + 1),
            None => (bytes.len(), bytes.len()),
        };
        let form_feed = bytes.get(end) == Some(&0x0c);
        let raw = &text[pos..end];
        match measure(raw, pos) {
            Some(mut line) => {
                if line.latin > 0 {
                    line.marks |= crate::lexicon::en_line_marks(line.text(text));
                }
                line.blank_before = blank;
                line.page_break |= page_break;
                tally.add(&line);
                out.push(line);
                blank = 0;
                page_break = form_feed;
            }
            // The empty piece before a form feed at the start of a line is not a blank line.
            None if form_feed => page_break = true,
            None => blank += 1,
        }
        pos = next;
    }
    tally
}

/// Measure one raw line (without its terminator) that starts at text offset `base`.
fn measure(raw: &str, base: usize) -> Option<Line> {
    let mut line = Line::default();
    let mut seen_content = false;
    let mut indent = 0u32;
    let mut in_gap = false;
    let mut gap_cols = 0u32;
    let mut in_word = false;
    let mut last_content_end = 0usize;
    // Whether the last character that is not a closer is terminal (None: no such character).
    let mut last_non_closer_terminal: Option<bool> = None;
    let mut last = '\0';
    let mut last_info = info(last);
    let mut first_info = last_info;
    let mut seen_terminal = false;
    let mut depth = 0i32;
    for (i, c) in raw.char_indices() {
        let ci = info(c);
        let class = ci.class();
        if class == Class::Space {
            if c == '\u{0c}' {
                line.page_break = true;
            }
            let cols = if c == '\u{3000}' {
                2
            } else if c == '\t' {
                4
            } else {
                1
            };
            if !seen_content {
                indent += cols;
            } else {
                if !in_gap {
                    in_gap = true;
                    gap_cols = 0;
                }
                gap_cols += cols;
            }
            in_word = false;
            continue;
        }
        if !seen_content {
            seen_content = true;
            line.start = base + i;
            line.first = c;
            first_info = ci;
        } else if in_gap {
            line.gaps += 1;
            if !seen_terminal && !last_info.terminal() && !last_info.clinging_end() && !ci.clinging_start() {
                if line.phrase_gaps == 0 {
                    line.first_part = line.chars;
                }
                line.phrase_gaps += 1;
            }
            if gap_cols >= 2 {
                line.wide_gaps += 1;
            }
            line.width += gap_cols;
        }
        in_gap = false;
        line.chars += 1;
        line.marks |= ci.marks();
        line.commas += u32::from(ci.comma());
        line.clause_punct |= ci.clause();
        line.prose_punct |= ci.prose();
        match class {
            Class::Cjk => {
                line.cjk += 1;
                in_word = false;
            }
            Class::Upper | Class::Letter => {
                let upper = class == Class::Upper;
                line.latin += 1;
                if !in_word {
                    line.words += 1;
                    if upper {
                        line.capitalized += 1;
                    }
                }
                if upper {
                    line.upper += 1;
                }
                in_word = true;
            }
            Class::Digit => {
                line.digits += 1;
                in_word = false;
            }
            _ => {
                if class == Class::Punct {
                    line.punct += 1;
                }
                in_word = c == '\'' || c == '’' || c == '-' && in_word;
            }
        }
        line.width += if ci.wide() { 2 } else { 1 };
        last_content_end = base + i + c.len_utf8();
        if !ci.closer() {
            last_non_closer_terminal = Some(ci.terminal());
        }
        if ci.terminal() {
            seen_terminal = true;
        }
        if ci.quote_open() {
            depth += 1;
        } else if ci.quote_close() {
            depth -= 1;
            if depth < 0 {
                line.stray_close = true;
                depth = 0;
            }
        }
        last = c;
        last_info = ci;
    }
    if !seen_content {
        return None;
    }
    line.end = last_content_end;
    line.indent = indent;
    line.last = last;
    line.ends_terminal = last_non_closer_terminal == Some(true);
    line.ends_clinging = last_info.clinging_end();
    line.starts_clinging = first_info.clinging_start();
    line.unclosed = depth > 0;
    line.mostly_cjk = line.cjk * 2 >= line.chars.max(1) || (line.cjk > 0 && line.cjk >= line.latin);
    Some(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_all_line_ends_and_counts_blanks() {
        let text = "一\r\n\r\n二\r三\n\n\u{0c}四";
        let mut lines = Vec::new();
        scan(text, &mut lines);
        let got: Vec<&str> = lines.iter().map(|l| l.text(text)).collect();
        assert_eq!(got, ["一", "二", "三", "四"]);
        assert_eq!(lines[1].blank_before, 1);
        assert_eq!(lines[2].blank_before, 0);
        assert!(lines[3].page_break);
        assert!(!lines[2].page_break);
    }

    #[test]
    fn a_form_feed_ends_a_line_and_starts_a_page() {
        // Inside a line, and at the start of one (pdftotext's page break): no blank line counted.
        let text = "一\u{0c}二\n\u{0c}三\n\n\u{0c}\n四";
        let mut lines = Vec::new();
        scan(text, &mut lines);
        let got: Vec<&str> = lines.iter().map(|l| l.text(text)).collect();
        assert_eq!(got, ["一", "二", "三", "四"]);
        let breaks: Vec<bool> = lines.iter().map(|l| l.page_break).collect();
        assert_eq!(breaks, [false, true, true, true]);
        let blanks: Vec<u32> = lines.iter().map(|l| l.blank_before).collect();
        assert_eq!(blanks, [0, 0, 0, 2]);
    }

    #[test]
    fn measures_gaps_and_endings() {
        let text = "  文/图 记者  张亚军\n他说：“好。”\n下一行，";
        let mut lines = Vec::new();
        scan(text, &mut lines);
        assert_eq!(lines[0].text(text), "文/图 记者  张亚军");
        assert_eq!(lines[0].indent, 2);
        assert_eq!(lines[0].gaps, 2);
        assert_eq!(lines[0].wide_gaps, 1);
        assert_eq!(lines[0].cjk, 7);
        assert!(lines[1].ends_terminal);
        assert!(lines[2].ends_clinging);
        assert!(!lines[2].ends_terminal);
    }

    #[test]
    fn whitespace_only_input_has_no_lines() {
        let mut lines = vec![Line::default()];
        scan(" \u{3000}\n\t\r\n\u{feff}", &mut lines);
        assert!(lines.is_empty());
    }
}
