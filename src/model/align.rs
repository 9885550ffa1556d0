//! The aligner: where each string of a gold answer stands on its page.
//!
//! Gold strings are copied from the page, so each is found in the page text compared the way
//! the scorer compares (whitespace and hyphens removed). Longer strings are placed first (a
//! paragraph claims its text before a short byline could), each as one run where it can be,
//! else as the fewest runs in page order (a paragraph broken by a caption, a column or a page).
//! Of equal candidates the one nearest to what the string's article already holds wins. Every
//! line then reads as a sequence of runs, each with the gold field it belongs to.

use std::collections::HashMap;

use super::gold::Gold;
use crate::text::lines::Line;

/// A field of a gold answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// 引题 / overline.
    Kicker,
    /// 主题.
    Title,
    /// 副题 / deck.
    Subtitle,
    /// A byline line.
    Byline,
    /// The dateline.
    Dateline,
    /// A body paragraph.
    Paragraph,
    /// A subhead.
    Subhead,
    /// A caption.
    Caption,
    /// A jump line.
    Jump,
    /// Page furniture.
    Boilerplate,
    /// Unreadable text that belongs nowhere.
    Ignore,
}

/// Article number of page-level strings (boilerplate, ignore).
pub const PAGE: u32 = u32::MAX;

/// What a run of text is in the gold answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Label {
    /// The article (index in the gold file), or [`PAGE`].
    pub article: u32,
    /// The field.
    pub field: Field,
    /// The string's index within its field (a paragraph's number, ...).
    pub item: u32,
    /// The run's place among the pieces of its string that the page holds apart (0: its first
    /// piece; a piece runs on over line ends while the page text goes on).
    pub piece: u32,
    /// The string starts with this run.
    pub first: bool,
    /// The string ends with this run.
    pub last: bool,
}

/// A run of one line's text: byte offsets into the decoded text, and its gold label (`None`:
/// the gold answer does not hold this text).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Run {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The gold string the run belongs to.
    pub label: Option<Label>,
}

/// A page's alignment.
#[derive(Clone, Debug, Default)]
pub struct Alignment {
    /// For each line, its runs in order.
    pub lines: Vec<Vec<Run>>,
    /// Gold strings (article, field, item) whose text was not all found, with the number of
    /// characters missing.
    pub unplaced: Vec<(u32, Field, u32, usize)>,
    /// Non-blank characters of the page that no gold string holds.
    pub unlabelled: usize,
}

/// A character is compared when it is neither white space nor a hyphen (as the scorer does).
fn compared(c: char) -> bool {
    !(c.is_whitespace()
        || crate::text::chars::is_space(c)
        || matches!(c, '-' | '\u{ad}' | '\u{2010}' | '\u{feff}'))
}

struct Item {
    article: u32,
    field: Field,
    item: u32,
    chars: Vec<char>,
}

/// Align `gold` with the page `text` split into `lines`.
pub fn align(text: &str, lines: &[Line], gold: &Gold) -> Alignment {
    // The compared characters of the page, with their byte offsets and lines.
    let mut chars: Vec<char> = Vec::new();
    let mut pos: Vec<usize> = Vec::new();
    let mut line_of: Vec<u32> = Vec::new();
    for (k, l) in lines.iter().enumerate() {
        for (i, c) in l.text(text).char_indices() {
            if compared(c) {
                chars.push(c);
                pos.push(l.start + i);
                line_of.push(k as u32);
            }
        }
    }
    let n = chars.len();
    let mut by_first: HashMap<char, Vec<usize>> = HashMap::new();
    for (p, &c) in chars.iter().enumerate() {
        by_first.entry(c).or_default().push(p);
    }

    // Every gold string.
    let mut items: Vec<Item> = Vec::new();
    let mut add = |article: u32, field: Field, list: &[String]| {
        for (i, s) in list.iter().enumerate() {
            let cs: Vec<char> = s.chars().filter(|&c| compared(c)).collect();
            if !cs.is_empty() {
                items.push(Item { article, field, item: i as u32, chars: cs });
            }
        }
    };
    for (a, art) in gold.articles.iter().enumerate() {
        let a = a as u32;
        add(a, Field::Kicker, &art.kicker);
        add(a, Field::Title, &art.title);
        add(a, Field::Subtitle, &art.subtitle);
        add(a, Field::Byline, &art.bylines);
        if let Some(d) = &art.dateline {
            add(a, Field::Dateline, std::slice::from_ref(d));
        }
        add(a, Field::Paragraph, &art.paragraphs);
        add(a, Field::Subhead, &art.subheads);
        add(a, Field::Caption, &art.captions);
        add(a, Field::Jump, &art.jumps);
    }
    add(PAGE, Field::Boilerplate, &gold.boilerplate);
    add(PAGE, Field::Ignore, &gold.ignore);
    // Longest first; the sort is stable, so equal lengths keep the file's order.
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(items[i].chars.len()));

    // owner[p]: (item index + 1, piece) of the string holding character p (0: none), and the
    // character's place in its string.
    let mut owner: Vec<(u32, u32)> = vec![(0, 0); n];
    let mut offset: Vec<u32> = vec![0; n];
    // Runs placed per article, for nearness.
    let mut placed: HashMap<u32, Vec<(usize, usize)>> = HashMap::new();
    let mut unplaced = Vec::new();
    for &ix in &order {
        let it = &items[ix];
        let mut rest: &[char] = &it.chars;
        let mut anchor: Option<usize> = None;
        let mut piece = 0u32;
        while !rest.is_empty() {
            let Some(cands) = by_first.get(&rest[0]) else { break };
            // The longest match of rest's prefix on unclaimed characters; of equal lengths the
            // nearest to the string's last run (after it preferred), else to its article.
            let mut best: Option<(usize, usize, usize)> = None; // (len, cost, p)
            for &p in cands {
                if owner[p].0 != 0 {
                    continue;
                }
                let mut k = 0;
                while k < rest.len() && p + k < n && owner[p + k].0 == 0 && chars[p + k] == rest[k] {
                    k += 1;
                }
                let cost = match anchor {
                    Some(a) if p >= a => p - a,
                    Some(a) => (a - p) * 4 + n,
                    None => match placed.get(&it.article) {
                        Some(v) if it.article != PAGE && !v.is_empty() => v
                            .iter()
                            .map(|&(s, e)| if p < s { s - p } else { p.saturating_sub(e) })
                            .min()
                            .unwrap_or(p),
                        _ => p,
                    },
                };
                let better = match best {
                    None => true,
                    Some((bk, bc, _)) => k > bk || k == bk && cost < bc,
                };
                if better {
                    best = Some((k, cost, p));
                }
            }
            let Some((k, _, p)) = best else { break };
            // A short piece of a longer string is only taken right after the string's last run
            // (a lone character elsewhere is chance).
            let adjacent = anchor.is_some_and(|a| p >= a && (a..p).all(|q| owner[q].0 != 0));
            if k < rest.len() && k < 4 && !adjacent {
                break;
            }
            let done = it.chars.len() - rest.len();
            for q in p..p + k {
                owner[q] = (ix as u32 + 1, piece);
                offset[q] = (done + q - p) as u32;
            }
            if it.article != PAGE {
                placed.entry(it.article).or_default().push((p, p + k));
            }
            piece += 1;
            anchor = Some(p + k);
            rest = &rest[k..];
        }
        if !rest.is_empty() {
            unplaced.push((it.article, it.field, it.item, rest.len()));
        }
    }

    // Each line's runs.
    let mut out = Alignment { lines: vec![Vec::new(); lines.len()], unplaced, unlabelled: 0 };
    let mut p = 0;
    while p < n {
        let (o, piece) = owner[p];
        let k = line_of[p] as usize;
        let mut q = p + 1;
        while q < n && owner[q] == (o, piece) && line_of[q] as usize == k {
            q += 1;
        }
        let end = pos[q - 1] + text[pos[q - 1]..].chars().next().map_or(1, char::len_utf8);
        let label = (o != 0).then(|| {
            let it = &items[o as usize - 1];
            Label {
                article: it.article,
                field: it.field,
                item: it.item,
                piece,
                first: offset[p] == 0,
                last: offset[q - 1] as usize + 1 == it.chars.len(),
            }
        });
        if label.is_none() {
            out.unlabelled += q - p;
        }
        let runs = &mut out.lines[k];
        // Runs of one label split by a character of another line are separate; within a line a
        // label continues.
        match runs.last_mut() {
            Some(r)
                if r.label.map(|l| (l.article, l.field, l.item, l.piece))
                    == label.map(|l| (l.article, l.field, l.item, l.piece)) =>
            {
                r.end = end;
                if let (Some(a), Some(b)) = (r.label.as_mut(), label) {
                    a.last = b.last;
                }
            }
            _ => runs.push(Run { start: pos[p], end, label }),
        }
        p = q;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_fragments_of_a_broken_paragraph_and_the_dateline_before_it() {
        let text = "春天的故事\n记者 王明\n本报讯 今天上午，外滩\n图为外滩。\n的钟声敲响。\n";
        let gold = Gold::from_json(
            r#"{"articles": [{"title": ["春天的故事"], "bylines": ["记者 王明"], "authors": ["王明"],
                "dateline": "本报讯", "paragraphs": ["今天上午，外滩的钟声敲响。"],
                "captions": ["图为外滩。"]}]}"#,
        )
        .unwrap();
        let lines = crate::text::lines::scanned(text);
        let a = align(text, &lines, &gold);
        assert!(a.unplaced.is_empty(), "{:?}", a.unplaced);
        assert_eq!(a.unlabelled, 0);
        let fields: Vec<Vec<Field>> =
            a.lines.iter().map(|r| r.iter().map(|r| r.label.unwrap().field).collect()).collect();
        assert_eq!(
            fields,
            [
                vec![Field::Title],
                vec![Field::Byline],
                vec![Field::Dateline, Field::Paragraph],
                vec![Field::Caption],
                vec![Field::Paragraph]
            ]
        );
        let para = a.lines[4][0].label.unwrap();
        assert_eq!((para.piece, para.first, para.last), (1, false, true));
        let start = a.lines[2][1].label.unwrap();
        assert_eq!((start.piece, start.first, start.last), (0, true, false));
        assert_eq!(&text[a.lines[2][1].start..a.lines[2][1].end], "今天上午，外滩");
    }

    #[test]
    fn equal_strings_go_to_the_occurrence_near_their_article() {
        let text = "甲文标题\n本报讯 甲文的第一段正文在这里。\n乙文标题\n本报讯 乙文的第一段正文在这里。\n";
        let gold = Gold::from_json(
            r#"{"articles": [
                {"title": ["甲文标题"], "dateline": "本报讯", "paragraphs": ["甲文的第一段正文在这里。"]},
                {"title": ["乙文标题"], "dateline": "本报讯", "paragraphs": ["乙文的第一段正文在这里。"]}]}"#,
        )
        .unwrap();
        let lines = crate::text::lines::scanned(text);
        let a = align(text, &lines, &gold);
        assert_eq!(a.lines[1][0].label.unwrap().article, 0);
        assert_eq!(a.lines[3][0].label.unwrap().article, 1);
    }
}
