//! Stage 1: text → non-blank lines with the measurements every later stage reads.
//!
//! One pass with memchr finds line ends (`\n`, `\r\n` and a lone `\r` all end a line); one pass
//! over each line's characters measures it. Blank lines are not kept: each line records how
//! many blank lines and form feeds came before it.

use crate::text::chars::{Class, Info, info};
use crate::text::layout::Tally;

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
    /// The content ends with a full stop ("." or "。", perhaps followed by closers), not an
    /// ellipsis ("...", "…") or a mark of another kind.
    pub ends_full_stop: bool,
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
    /// Marks of running text (`chars::is_prose_punct`: 、，。； and ','), counted.
    pub prose_marks: u32,
    /// The line holds clause or sentence punctuation (`chars::is_clause_punct`).
    pub clause_punct: bool,
    /// The line holds the punctuation of running text (`chars::is_prose_punct`).
    pub prose_punct: bool,
    /// The trigger characters the line holds ([`crate::features::lexicon::mark`] bits; the
    /// English word-list marks are looked for by `facts::line_cues`, where they are read).
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

/// The lines of `text` ([`scan`] into a new vector): for tests.
#[cfg(test)]
pub(crate) fn scanned(text: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    scan(text, &mut lines);
    lines
}

/// True when `len` bytes of text are one section for a section length of `target`: no more
/// than `target` and a quarter (a cut would leave a sliver).
pub(crate) fn one_section(len: usize, target: usize) -> bool {
    let target = target.max(1);
    len <= target.saturating_add(target / 4)
}

/// Cut a long `text` into sections of about `target` bytes for a parse that keeps one
/// section's line records at a time, into `out` (cleared first; one range for text no longer
/// than `target` and a quarter). A section ends at a line end, at the first gap after `target`
/// bytes (the line end before a blank line or a form feed: where stories and pages part),
/// or, with no gap in the next quarter of `target`, at the next line end; a single line is
/// never cut. The next section starts right after the cut, so its scan sees the blank lines
/// and form feed before its first line.
pub(crate) fn sections(text: &str, target: usize, out: &mut Vec<std::ops::Range<usize>>) {
    out.clear();
    let bytes = text.as_bytes();
    let target = target.max(1);
    let slack = target / 4;
    // Blank as `measure` sees it: nothing but white space.
    let blank = |s: &str| s.chars().all(|c| info(c).class() == Class::Space);
    let line_end =
        |from: usize| memchr::memchr3(b'\n', b'\r', 0x0c, &bytes[from..]).map_or(bytes.len(), |k| from + k);
    let mut start = 0;
    while !one_section(bytes.len() - start, target) {
        let want = start + target;
        // The line `want` falls in starts after the line end before it.
        let mut line_start =
            memchr::memrchr3(b'\n', b'\r', 0x0c, &bytes[start..want]).map_or(start, |k| start + k + 1);
        let mut cut = None;
        let mut first_end = None;
        loop {
            let e = line_end(line_start);
            if e >= bytes.len() {
                break;
            }
            // Past the line end (a \r\n whole); a form feed starts the next section.
            let after = match bytes[e] {
                0x0c => e,
                b'\r' if bytes.get(e + 1) == Some(&b'\n') => e + 2,
                _ => e + 1,
            };
            // Only after a line with text: the blank lines before a line stay with it.
            if e >= want && !blank(&text[line_start..e]) {
                first_end.get_or_insert(after);
                if bytes[e] == 0x0c || blank(&text[after..line_end(after)]) {
                    cut = Some(after);
                    break;
                }
                if e >= want + slack {
                    break;
                }
            }
            line_start = if bytes[e] == 0x0c { e + 1 } else { after };
        }
        let Some(cut) = cut.or(first_end).filter(|&c| c > start && c < bytes.len()) else { break };
        out.push(start..cut);
        start = cut;
    }
    out.push(start..bytes.len());
}

/// `content` (a line's text up to its last content character) ends with a full stop,
/// perhaps followed by closers, that is not the last of an ellipsis.
fn ends_full_stop(content: &str) -> bool {
    let mut back = content.chars().rev().skip_while(|&c| info(c).closer());
    matches!(back.next(), Some('.' | '。' | '．' | '｡')) && !matches!(back.next(), Some('.' | '…' | '．'))
}

/// Columns a white-space character takes.
#[inline]
fn space_cols(c: char) -> u32 {
    match c {
        '\u{3000}' => 2,
        '\t' => 4,
        _ => 1,
    }
}

/// Measure one raw line (without its terminator) that starts at text offset `base`.
///
/// One pass: leading white space gives the indent; then each content character is counted
/// from its [`info`] (one table load), the white space between content characters making the
/// gaps. The flags and marks of all content characters are OR-ed together and split at the end.
fn measure(raw: &str, base: usize) -> Option<Line> {
    let mut line = Line::default();
    let mut chars = raw.char_indices();
    // Leading white space: the indent.
    let mut indent = 0u32;
    let (mut i, mut c, mut ci) = loop {
        let (i, c) = chars.next()?;
        let ci = info(c);
        if ci.class() != Class::Space {
            break (i, c, ci);
        }
        line.page_break |= c == '\u{0c}';
        indent += space_cols(c);
    };
    line.start = base + i;
    line.first = c;
    line.indent = indent;
    let first_info = ci;
    let mut all = 0u32;
    let mut in_gap = false;
    let mut gap_cols = 0u32;
    let mut in_word = false;
    let mut seen_terminal = false;
    // Whether the last character that is not a closer is terminal (0: no such character yet,
    // 1: not terminal, 2: terminal).
    let mut last_non_closer: u8 = 0;
    let mut depth = 0i32;
    let mut last_info = ci;
    let mut last: (usize, char);
    'content: loop {
        // `c` is a content character; `in_gap`: white space came between it and the last one.
        if in_gap {
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
            in_gap = false;
        }
        line.chars += 1;
        all |= ci.bits();
        // A wide CJK character without flags or marks (most of Chinese text): what the
        // general case below does for it, without its tests.
        'general: {
            if ci.plain_cjk() {
                line.cjk += 1;
                in_word = false;
                line.width += 2;
                last_non_closer = 1;
                break 'general;
            }
            line.commas += u32::from(ci.comma());
            line.prose_marks += u32::from(ci.prose());
            match ci.class() {
                Class::Cjk => {
                    line.cjk += 1;
                    in_word = false;
                }
                class @ (Class::Upper | Class::Letter) => {
                    let upper = class == Class::Upper;
                    line.latin += 1;
                    if !in_word {
                        line.words += 1;
                        line.capitalized += u32::from(upper);
                    }
                    line.upper += u32::from(upper);
                    in_word = true;
                }
                Class::Digit => {
                    line.digits += 1;
                    in_word = false;
                }
                class => {
                    line.punct += u32::from(class == Class::Punct);
                    in_word = c == '\'' || c == '’' || c == '-' && in_word;
                }
            }
            line.width += 1 + u32::from(ci.wide());
            if !ci.closer() {
                last_non_closer = 1 + u8::from(ci.terminal());
            }
            seen_terminal |= ci.terminal();
            if ci.quote_open() {
                depth += 1;
            } else if ci.quote_close() {
                depth -= 1;
                if depth < 0 {
                    line.stray_close = true;
                    depth = 0;
                }
            }
        }
        // The rest of a word's lower-case ASCII letters (most of English text), counted at
        // once: what the general case does for each, without its tests
        // (`ascii_lower_is_a_plain_letter`).
        if in_word {
            let rest = chars.as_str().as_bytes();
            let n = rest.iter().take_while(|b| b.is_ascii_lowercase()).count();
            if n > 0 {
                for &b in &rest[..n] {
                    all |= info(char::from(b)).bits();
                }
                let n32 = n as u32;
                line.chars += n32;
                line.latin += n32;
                line.width += n32;
                last_non_closer = 1;
                if let Some((j, d)) = chars.nth(n - 1) {
                    (i, c, ci) = (j, d, info(d));
                }
            }
        }
        last = (i, c);
        last_info = ci;
        // The next content character, past any white space.
        loop {
            let Some((j, d)) = chars.next() else { break 'content };
            let di = info(d);
            if di.class() != Class::Space {
                (i, c, ci) = (j, d, di);
                break;
            }
            line.page_break |= d == '\u{0c}';
            if !in_gap {
                in_gap = true;
                gap_cols = 0;
            }
            gap_cols += space_cols(d);
            in_word = false;
        }
    }
    line.end = base + last.0 + last.1.len_utf8();
    line.last = last.1;
    line.marks = Info::from_bits(all).marks();
    line.clause_punct = Info::from_bits(all).clause();
    line.prose_punct = Info::from_bits(all).prose();
    line.ends_terminal = last_non_closer == 2;
    line.ends_full_stop = line.ends_terminal && ends_full_stop(&raw[..last.0 + last.1.len_utf8()]);
    line.ends_clinging = last_info.clinging_end();
    line.starts_clinging = first_info.clinging_start();
    line.unclosed = depth > 0;
    line.mostly_cjk = line.cjk * 2 >= line.chars.max(1) || (line.cjk > 0 && line.cjk >= line.latin);
    Some(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(text: &str, target: usize) -> Vec<&str> {
        let mut out = Vec::new();
        sections(text, target, &mut out);
        // Contiguous, in order, covering the text.
        assert_eq!(out.first().map(|r| r.start), Some(0));
        assert_eq!(out.last().map(|r| r.end), Some(text.len()));
        assert!(out.windows(2).all(|w| w[0].end == w[1].start && w[0].start < w[0].end));
        out.into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn sections_end_at_the_first_gap_after_the_target() {
        // Short text: one section.
        assert_eq!(cut("一\n二\n", 100), vec!["一\n二\n"]);
        assert_eq!(cut("", 10), vec![""]);
        // The gap after 8 bytes: the cut keeps the blank line with the next section.
        let text = "aaaa\nbbbb\ncccc\n\ndddd\neeee\n";
        assert_eq!(cut(text, 8), vec!["aaaa\nbbbb\ncccc\n", "\ndddd\neeee\n"]);
        // A form feed is a gap: the next section starts with it.
        let text = "aaaa\nbbbb\ncccc\u{c}dddd\neeee\nffff\n";
        assert_eq!(cut(text, 8), vec!["aaaa\nbbbb\ncccc", "\u{c}dddd\neeee\n", "ffff\n"]);
        // No gap within a quarter of the target: the next line end.
        let text = "aaaaaaaa\nbbbbbbbb\ncccccccc\ndddddddd\n\neeeeeeee\n";
        assert_eq!(cut(text, 12), vec!["aaaaaaaa\nbbbbbbbb\n", "cccccccc\ndddddddd\n", "\neeeeeeee\n"]);
        // \r\n line ends are kept whole; spaces on a line make it no less blank.
        let text = "aaaa\r\nbbbb\r\n  \r\ncccc\r\ndddd\r\neeee\r\n";
        assert_eq!(cut(text, 6), vec!["aaaa\r\nbbbb\r\n", "  \r\ncccc\r\n", "dddd\r\neeee\r\n"]);
        // A line is never cut, however long.
        let line = "字".repeat(1000);
        assert_eq!(cut(&format!("{line}\n"), 100), vec![format!("{line}\n")]);
        assert_eq!(cut(&line, 100), vec![line.as_str()]);
    }

    #[test]
    fn sections_scan_as_the_whole_text() {
        // Scanning the sections one by one gives the whole text's lines, blank lines before
        // and page breaks included.
        let text = "一\n二\n\n三\n四\u{c}五\n六\n\n\n七\n八\n九\n";
        let mut whole = Vec::new();
        scan(text, &mut whole);
        for target in 1..text.len() {
            let mut ranges = Vec::new();
            sections(text, target, &mut ranges);
            let mut parts = Vec::new();
            for r in ranges {
                let mut lines = Vec::new();
                scan(&text[r.clone()], &mut lines);
                parts.extend(lines.into_iter().map(|mut l| {
                    l.start += r.start;
                    l.end += r.start;
                    l
                }));
            }
            let key = |l: &Line| (l.start, l.end, l.blank_before, l.page_break);
            assert_eq!(
                parts.iter().map(key).collect::<Vec<_>>(),
                whole.iter().map(key).collect::<Vec<_>>(),
                "target {target}"
            );
        }
    }

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
    fn ascii_lower_is_a_plain_letter() {
        // The measuring pass counts a lower-case ASCII letter inside a word without reading its
        // flags: it must have none (no terminal, closer, quote, comma or clause flag, not wide).
        for c in 'a'..='z' {
            let i = info(c);
            assert_eq!(i.class(), Class::Letter, "{c}");
            assert!(!i.wide() && !i.terminal() && !i.closer() && !i.quote_open() && !i.quote_close(), "{c}");
            assert!(!i.comma() && !i.prose() && !i.clause(), "{c}");
        }
        // And the counts come out as the general case gives them.
        let text = "Hello wor-ld, it's \"done\" now.";
        let mut lines = Vec::new();
        scan(text, &mut lines);
        let l = lines[0];
        assert_eq!((l.chars, l.latin, l.words, l.capitalized, l.upper, l.width), (26, 20, 5, 1, 1, 30));
        assert!(l.ends_terminal && !l.unclosed);
    }

    #[test]
    fn whitespace_only_input_has_no_lines() {
        let mut lines = vec![Line::default()];
        scan(" \u{3000}\n\t\r\n\u{feff}", &mut lines);
        assert!(lines.is_empty());
    }
}
