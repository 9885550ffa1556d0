//! More training pages from the same articles: each labelled page re-set at another measure.
//!
//! A newspaper sets the same article in many ways: one paragraph a line in an e-paper export,
//! broken into columns of 13 to 30 characters by a page layout that pdftotext reads back, into
//! columns of eight or ten in a vertical transcription, into lines of 30 to 70 letters in an
//! English column. A model trained on pages of one measure learns what a paragraph line looks
//! like at that measure only, and meets a paper of another measure unprepared. So training adds,
//! for each labelled page, the page with its paragraphs re-set: every paragraph joined into one
//! line, and every paragraph broken at another width. Only paragraph lines change (headlines,
//! bylines, captions and furniture keep their lines, as they do when a page is re-flowed), and
//! the new lines' states follow from the old ones: a paragraph's first line keeps how the
//! paragraph starts (a new paragraph, a brief, a resumed story, a continuation), its last line
//! keeps whether the paragraph ends, and the lines between go on.

use crate::model::states::{ALL, State};
use crate::text::chars::{is_cjk, is_wide};
use crate::text::lines::Line;

/// How a page's paragraphs are re-set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Measure {
    /// Each paragraph on one line (an e-paper export).
    Joined,
    /// Each paragraph broken into lines of at most this many columns (a CJK character takes
    /// two).
    Columns(usize),
}

impl Measure {
    /// A short name for reports and page names.
    pub(crate) fn name(self) -> String {
        match self {
            Measure::Joined => "joined".to_string(),
            Measure::Columns(w) => format!("{w}col"),
        }
    }
}

/// How a paragraph line opens (the part of its state a re-set keeps on the first line).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Head {
    Start,
    Brief,
    Resume,
    Cont,
}

/// A paragraph state's head and whether the paragraph ends on the line; `None` for a state
/// that is not a paragraph line.
fn split_state(s: State) -> Option<(Head, bool)> {
    use State::*;
    Some(match s {
        StartClosed => (Head::Start, true),
        StartOpen => (Head::Start, false),
        BriefClosed => (Head::Brief, true),
        BriefOpen => (Head::Brief, false),
        ResumeClosed => (Head::Resume, true),
        ResumeOpen => (Head::Resume, false),
        ContClosed => (Head::Cont, true),
        ContOpen => (Head::Cont, false),
        _ => return None,
    })
}

fn join_state(h: Head, closed: bool) -> State {
    use State::*;
    match (h, closed) {
        (Head::Start, true) => StartClosed,
        (Head::Start, false) => StartOpen,
        (Head::Brief, true) => BriefClosed,
        (Head::Brief, false) => BriefOpen,
        (Head::Resume, true) => ResumeClosed,
        (Head::Resume, false) => ResumeOpen,
        (Head::Cont, true) => ContClosed,
        (Head::Cont, false) => ContOpen,
    }
}

/// The single state a gold mask allows, if it allows exactly one.
fn only_state(mask: u64) -> Option<State> {
    (mask.count_ones() == 1).then(|| ALL[mask.trailing_zeros() as usize])
}

fn bit(s: State) -> u64 {
    1u64 << (s as u8)
}

/// Append `b` to the paragraph text `a` as a typesetter's line break would have split them:
/// CJK text joins directly, words join with a space, and a word hyphenated at the break
/// ("conti-" / "nued") joins without its hyphen.
fn join_text(a: &mut String, b: &str) {
    let (Some(last), Some(first)) = (a.chars().next_back(), b.chars().next()) else {
        a.push_str(b);
        return;
    };
    if last == '-'
        && first.is_lowercase()
        && a[..a.len() - 1].chars().next_back().is_some_and(char::is_alphabetic)
    {
        a.pop();
    } else if !(is_wide(last) || is_wide(first)) {
        a.push(' ');
    }
    a.push_str(b);
}

fn columns(c: char) -> usize {
    if is_wide(c) { 2 } else { 1 }
}

/// Break `text` into lines of at most `width` columns, the first `indent` columns shorter:
/// CJK text anywhere, words at spaces (a word longer than the line is broken where the line
/// is full).
fn break_text(text: &str, width: usize, indent: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let width = if out.is_empty() { width.saturating_sub(indent).max(4) } else { width };
        let rest = &text[start..];
        let mut used = 0;
        let mut end = rest.len();
        let mut last_space = None;
        for (i, c) in rest.char_indices() {
            let w = columns(c);
            if used + w > width && i > 0 {
                end = i;
                break;
            }
            if c == ' ' && i > 0 && !is_cjk(c) {
                last_space = Some(i);
            }
            used += w;
        }
        if end < rest.len() {
            // Words break at the last space on the line, unless the break falls in CJK text.
            let at = rest[..end].chars().next_back();
            let next = rest[end..].chars().next();
            let in_words = at.is_some_and(|c| !is_wide(c)) && next.is_some_and(|c| !is_wide(c) && c != ' ');
            if in_words && let Some(s) = last_space {
                end = s;
            }
        }
        let piece = rest[..end].trim_end();
        if !piece.is_empty() {
            out.push(piece);
        }
        start += end;
        while text[start..].starts_with(' ') {
            start += 1;
        }
    }
    out
}

/// What stands before a line's content in the source: its blank lines, a page break and its
/// leading whitespace.
fn prefix(text: &str, line: &Line) -> String {
    let mut p = String::new();
    for _ in 0..line.blank_before {
        p.push('\n');
    }
    let from = text[..line.start].rfind(['\n', '\r', '\x0c']).map_or(0, |i| i + 1);
    if line.page_break {
        p.push('\x0c');
    }
    p.push_str(&text[from..line.start]);
    p
}

/// The page re-set at `measure`: its text and each new line's gold mask, or `None` when the
/// re-set leaves the page as it was (a page set one paragraph a line, joined).
pub(crate) fn reset(
    text: &str,
    lines: &[Line],
    gold: &[u64],
    measure: Measure,
) -> Option<(String, Vec<u64>)> {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut masks = Vec::with_capacity(lines.len());
    let mut changed = false;
    let mut i = 0;
    while i < lines.len() {
        let para = only_state(gold[i]).and_then(split_state);
        let Some((head, mut closed)) = para else {
            out.push_str(&prefix(text, &lines[i]));
            out.push_str(&text[lines[i].start..lines[i].end]);
            out.push('\n');
            masks.push(gold[i]);
            i += 1;
            continue;
        };
        // The paragraph's run of lines: it goes on while it is open and the next line
        // continues it.
        let mut body = text[lines[i].start..lines[i].end].to_string();
        let first = i;
        i += 1;
        while !closed && i < lines.len() {
            match only_state(gold[i]).and_then(split_state) {
                Some((Head::Cont, c)) => {
                    join_text(&mut body, &text[lines[i].start..lines[i].end]);
                    closed = c;
                    i += 1;
                }
                _ => break,
            }
        }
        let pieces = match measure {
            Measure::Joined => vec![body.as_str()],
            Measure::Columns(w) => break_text(&body, w.max(4), lines[first].indent as usize),
        };
        if pieces.len() != i - first {
            changed = true;
        }
        out.push_str(&prefix(text, &lines[first]));
        let n = pieces.len();
        for (k, piece) in pieces.into_iter().enumerate() {
            out.push_str(piece);
            out.push('\n');
            let h = if k == 0 { head } else { Head::Cont };
            masks.push(bit(join_state(h, k + 1 == n && closed)));
        }
    }
    changed.then_some((out, masks))
}

/// The measures a page is re-set at for training: its paragraphs joined, and broken at a
/// width typical of another kind of page (chosen by the page's name, so that the same pages
/// always give the same set): 9 to 30 characters for CJK text, 35 to 70 letters for English.
pub(crate) fn measures(name: &str, latin: bool) -> [Measure; 2] {
    let h = crate::model::fnv_str(name);
    let widths: &[usize] = if latin { &[36, 50, 70] } else { &[18, 26, 40, 60] };
    [Measure::Joined, Measure::Columns(widths[(h % widths.len() as u64) as usize])]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::lines::scanned as scan;

    fn states(masks: &[u64]) -> Vec<State> {
        masks.iter().map(|&m| only_state(m).unwrap()).collect()
    }

    #[test]
    fn a_wrapped_paragraph_joins_into_one_line_and_keeps_its_ends() {
        use State::*;
        let text = "标题\n　　第一行文字，\n接着第二行。\n　　另一段开始，\n";
        let lines = scan(text);
        let gold = [Title, StartOpen, ContClosed, StartOpen].map(bit);
        let (t, m) = reset(text, &lines, &gold, Measure::Joined).unwrap();
        assert_eq!(t, "标题\n　　第一行文字，接着第二行。\n　　另一段开始，\n");
        assert_eq!(states(&m), [Title, StartClosed, StartOpen]);
        assert_eq!(scan(&t).len(), m.len());
    }

    #[test]
    fn a_paragraph_line_breaks_at_the_width_and_english_words_stay_whole() {
        use State::*;
        let text = "HEADLINE\nThe council voted on Tuesday to keep the library open.\n";
        let lines = scan(text);
        let gold = [TitleNew, StartClosed].map(bit);
        let (t, m) = reset(text, &lines, &gold, Measure::Columns(20)).unwrap();
        assert_eq!(t, "HEADLINE\nThe council voted on\nTuesday to keep the\nlibrary open.\n");
        assert_eq!(states(&m), [TitleNew, StartOpen, ContOpen, ContClosed]);
        let (j, mj) = reset(&t, &scan(&t), &m, Measure::Joined).unwrap();
        assert_eq!((j.as_str(), states(&mj)), (text, vec![TitleNew, StartClosed]));
    }

    /// Every dev page (when the corpus is beside the project) re-sets at its measures with
    /// nothing lost: the same text but for line breaks, spaces and the hyphens of broken
    /// words, the same paragraphs (as many starting, as many ending), and a state for every
    /// line of the new text.
    #[test]
    fn dev_pages_re_set_without_losing_text_or_paragraphs() {
        let dir = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/dev"));
        if !dir.is_dir() {
            assert!(std::env::var_os("NEWSPAN_REQUIRE_CORPUS").is_none(), "no corpus at {}", dir.display());
            return;
        }
        let pages = super::super::corpus_pages(&[dir.display().to_string()]).unwrap();
        let squeeze = |t: &str| t.chars().filter(|&c| !c.is_whitespace() && c != '-').collect::<String>();
        let heads = |m: &[u64]| {
            m.iter()
                .filter(|&&m| only_state(m).and_then(split_state).is_some_and(|(h, _)| h != Head::Cont))
                .count()
        };
        let ends = |m: &[u64]| {
            m.iter().filter(|&&m| only_state(m).and_then(split_state).is_some_and(|(_, c)| c)).count()
        };
        let mut made = 0;
        for p in &pages {
            let text = String::from_utf8(std::fs::read(p).unwrap()).unwrap();
            let gold = super::super::read_gold(&super::super::gold_path(p)).unwrap();
            let lines = scan(&text);
            let d = super::super::gold_states(&gold, &text, &lines);
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            for m in measures(&name, text.bytes().filter(u8::is_ascii_alphabetic).count() * 2 > text.len()) {
                let Some((t, masks)) = reset(&text, &lines, &d.allowed, m) else { continue };
                made += 1;
                assert_eq!(scan(&t).len(), masks.len(), "{name} {}: lines and states", m.name());
                assert_eq!(squeeze(&t), squeeze(&text), "{name} {}: text", m.name());
                assert_eq!(heads(&masks), heads(&d.allowed), "{name} {}: paragraphs starting", m.name());
                assert_eq!(ends(&masks), ends(&d.allowed), "{name} {}: paragraphs ending", m.name());
            }
        }
        assert!(made >= pages.len(), "only {made} re-set pages from {} pages", pages.len());
    }

    #[test]
    fn hyphenated_breaks_rejoin_and_unchanged_pages_give_nothing() {
        use State::*;
        let text = "It was conti-\nnued here.\n";
        let lines = scan(text);
        let (t, _) = reset(text, &lines, &[StartOpen, ContClosed].map(bit), Measure::Joined).unwrap();
        assert_eq!(t, "It was continued here.\n");
        assert!(reset(&t, &scan(&t), &[bit(StartClosed)], Measure::Joined).is_none());
    }
}
