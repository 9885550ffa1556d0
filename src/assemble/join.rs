//! Stage 6: joining paragraph fragments into one text.
//!
//! Nothing goes between two fragments when either side of the seam is CJK or full-width
//! punctuation, or when the first fragment's line-end hyphen was removed (it only split a
//! word) or kept (a real hyphen: "well-" + "known"); otherwise one space. A removed hyphen is
//! removed here, from the joined text only: the fragment's span keeps it.

use std::borrow::Cow;

use crate::text::chars::is_wide;

/// True when the seam between `prev` and `next` takes no space.
pub(crate) fn tight_seam(prev: &str, next: &str, hyphen_removed: bool) -> bool {
    let (Some(a), Some(b)) = (prev.chars().next_back(), next.chars().next()) else {
        return true;
    };
    hyphen_removed || is_wide(a) || is_wide(b) || a == '-' || a == '\u{2010}'
}

/// The line-end hyphens a fragment marked `Attr::HyphenRemoved` can end with.
pub(crate) const SPLIT_HYPHENS: [char; 3] = ['-', '\u{ad}', '\u{2010}'];

/// Append the joined text of `parts` (fragment text, hyphen-removed flag) to `out`; a fragment
/// whose flag is set loses its line-end hyphen.
pub(crate) fn join_into<'a>(out: &mut String, parts: impl Iterator<Item = (Cow<'a, str>, bool)>) {
    let mut prev_removed = false;
    let mut first = true;
    for (text, removed) in parts {
        let mut text = text.trim();
        if removed {
            text = text.strip_suffix(SPLIT_HYPHENS).unwrap_or(text);
        }
        if text.is_empty() {
            continue;
        }
        if !first && !tight_seam(out, text, prev_removed) {
            out.push(' ');
        }
        // Whitespace inside a fragment (a wrapped line break inside one span) collapses too.
        push_collapsed(out, text);
        prev_removed = removed;
        first = false;
    }
}

/// Append `text` with each run of whitespace containing a line break dropped between two wide
/// characters and collapsed to one space elsewhere.
fn push_collapsed(out: &mut String, text: &str) {
    if !text.contains(['\n', '\r']) {
        out.push_str(text);
        return;
    }
    for (i, line) in text.lines().map(str::trim).filter(|l| !l.is_empty()).enumerate() {
        if i > 0 && !tight_seam(out, line, false) {
            out.push(' ');
        }
        out.push_str(line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn join(parts: &[(&str, bool)]) -> String {
        let mut s = String::new();
        join_into(&mut s, parts.iter().map(|&(t, r)| (Cow::Borrowed(t), r)));
        s
    }

    #[test]
    fn cjk_joins_tight_latin_with_space() {
        assert_eq!(join(&[("提供有力", false), ("的组织保障。", false)]), "提供有力的组织保障。");
        assert_eq!(join(&[("the quick", false), ("brown fox", false)]), "the quick brown fox");
        assert_eq!(join(&[("锚定2020年", false), ("“根治欠薪”", false)]), "锚定2020年“根治欠薪”");
    }

    #[test]
    fn hyphens() {
        assert_eq!(join(&[("sup-", true), ("ported it", false)]), "supported it");
        assert_eq!(join(&[("co\u{ad}", true), ("fund", false)]), "cofund");
        // Only the flagged fragment loses its hyphen, and only at its end.
        assert_eq!(join(&[("re-", false), ("enter", false)]), "re-enter");
        assert_eq!(join(&[("a-b", true), ("c", false)]), "a-bc");
        assert_eq!(join(&[("a well-", false), ("known fact", false)]), "a well-known fact");
    }

    #[test]
    fn multi_line_fragment_collapses() {
        assert_eq!(join(&[("第一行\n第二行", false)]), "第一行第二行");
        assert_eq!(join(&[("Photo by\nJane Doe", false)]), "Photo by Jane Doe");
    }
}
