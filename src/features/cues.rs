//! Stage 3: what a line (or the start or end of a line) looks like.
//!
//! Recognisers for the patterns that give a line its role: bylines and the names in them,
//! datelines and their parts, jump lines, page furniture, captions. Each works on a `&str` and
//! reports byte offsets relative to it; none allocates.

use crate::document::{Direction, Role};
use crate::features::lexicon::*;
use crate::text::chars::{Class, info, is_cjk, is_cn_digit, is_digit, is_space};

// ------------------------------------------------------------------------------- helpers

/// Skip whitespace from byte `i`.
fn skip_space(s: &str, mut i: usize) -> usize {
    while let Some(c) = s[i..].chars().next() {
        if !is_space(c) {
            break;
        }
        i += c.len_utf8();
    }
    i
}

fn ci_starts_with(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len()
        && s.is_char_boundary(prefix.len())
        && s[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// Strip one pair of enclosing brackets: returns (inner start, inner end) byte offsets.
fn strip_brackets(s: &str) -> (usize, usize, bool) {
    let t = s.trim();
    // Where `t` starts in `s` (the addresses of one string).
    let lead = t.as_ptr() as usize - s.as_ptr() as usize;
    let Some(open) = t.chars().next().filter(|&c| c == '（' || c == '(') else {
        return (lead, lead + t.len(), false);
    };
    let ol = open.len_utf8();
    let cl = t.chars().next_back().filter(|&c| c == '）' || c == ')').map_or(0, char::len_utf8);
    if t.len() < ol + cl {
        return (lead, lead + t.len(), false);
    }
    (lead + ol, lead + t.len() - cl, true)
}

// ------------------------------------------------------------------------------- gates

/// Necessary conditions of the recognisers, read from a measured line: where one is false,
/// its recogniser cannot match the line and is not run (`roles::line_cues`). The test
/// `gates_hold_wherever_the_recogniser_matches` checks each against its recogniser.
pub(crate) mod gate {
    use super::*;
    use crate::text::lines::Line;

    /// [`furniture`]: a page number or list number starts with a digit, dash, 第 or "Page";
    /// a dated edition line starts with 《 or holds 年 or a weekday; a credit line starts with
    /// its word; the other rules need a word list's mark or Latin letters.
    #[inline]
    pub(crate) fn furniture(l: &Line) -> bool {
        const MARKS: u16 = mark::FURNITURE_WORD
            | mark::CN_WEEKDAY
            | mark::EN_WEEKDAY
            | mark::YEAR
            | mark::EN_FURNITURE
            | mark::INDEX_SEP
            | mark::EN_MASTHEAD;
        let f = l.first;
        f.is_ascii_digit()
            || matches!(f, '-' | '—' | '第' | 'p' | 'P' | '《')
            || editor_credits().may_start(f)
            || l.latin > 0
            || l.marks & MARKS != 0
    }

    /// [`caption`]: ◘ first, a credit word last, a caption word first, an English credit, or
    /// (for "NAME/Paper") a character that is not CJK.
    #[inline]
    pub(crate) fn caption(l: &Line) -> bool {
        l.first == '◘'
            || credit_ends().may_end(l.last)
            || caption_starts().may_start(l.first)
            || l.marks & mark::EN_CREDIT != 0
            || l.cjk < l.chars
    }

    /// [`cn_byline`] on a line of one character: only a one-character role word ("摄").
    /// On a longer line it needs a role word, a bracket, more than one token (a space or a
    /// separator: every separator, and the name dot, is not a CJK character), a token short
    /// enough for a name (the whole line, at most four characters), or an agency's name: a
    /// line of five CJK characters or more in one run, with none of these, is a phrase.
    #[inline]
    pub(crate) fn cn_byline(l: &Line) -> bool {
        if l.chars < 2 {
            return role_chars().may_start(l.first);
        }
        l.chars <= NAME_MAX_CHARS
            || l.cjk < l.chars
            || l.gaps > 0
            || l.marks & mark::ROLE_WORD != 0
            || agencies().may_start(l.first)
    }

    /// [`garbage`]: a line of 60 characters or more is garbage only when none of its
    /// characters is a letter, digit or CJK or no token holds two of them; either way no Latin
    /// word has two letters.
    #[inline]
    pub(crate) fn garbage(l: &Line) -> bool {
        l.chars < 60 || l.latin <= l.words
    }

    /// [`cn_bare_name`]: two CJK characters or more.
    #[inline]
    pub(crate) fn cn_bare_name(l: &Line) -> bool {
        l.cjk >= 2
    }

    /// [`numbered_head`]: every form starts with a digit or 第.
    #[inline]
    pub(crate) fn numbered_head(l: &Line) -> bool {
        is_digit(l.first) || is_cn_digit(l.first) || l.first == '第'
    }

    /// [`place_line`]: three CJK characters or more, the last a place suffix.
    #[inline]
    pub(crate) fn place_line(l: &Line) -> bool {
        l.cjk >= 3 && CN_PLACE_SUFFIXES.contains(&l.last)
    }

    /// [`dispatch_bracket`]: an opening bracket.
    #[inline]
    pub(crate) fn dispatch_bracket(l: &Line) -> bool {
        l.marks & mark::OPEN_BRACKET != 0
    }

    /// [`cn_dateline`] on the text from the line's start: it opens with its source, 据 or a
    /// bracket.
    #[inline]
    pub(crate) fn cn_dateline(l: &Line) -> bool {
        matches!(l.first, '（' | '(' | '据' | '據') || dateline_sources().may_start(l.first)
    }

    /// [`en_dateline`]: a city in capitals.
    #[inline]
    pub(crate) fn en_dateline(l: &Line) -> bool {
        l.upper > 0
    }

    /// [`jump_marked`]: a Chinese jump character or Latin letters ("See X, page 2").
    #[inline]
    pub(crate) fn jump(l: &Line) -> bool {
        l.marks & mark::CN_JUMP != 0 || l.latin > 0
    }
}

// ------------------------------------------------------------------------------- bylines

/// What a byline recogniser found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct BylineCue {
    /// The role given by the first role word (Other when none).
    pub role: Role,
    /// A role word (记者, 通讯员, "By", "Staff Writer") is present.
    pub role_word: bool,
    /// Number of person names.
    pub names: u32,
    /// Every token is a role word, an agency, a place or a name: nothing else on the line.
    pub pure: bool,
    /// The whole line is in brackets.
    pub bracketed: bool,
    /// Tokens that are neither role words nor names.
    pub other: u32,
    /// A place name stands before the name (a reader's letter: "江苏南京市 刘国华").
    pub place: bool,
}

/// Recognise a Chinese byline and report each name's byte range (relative to `s`) to `name`.
///
/// `marks` are the [`mark`] bits of the line `s` is (or [`mark::ALL`] when unknown).
pub(crate) fn cn_byline(s: &str, marks: u16, mut name: impl FnMut(usize, usize)) -> Option<BylineCue> {
    let (a, b, bracketed) = strip_brackets(s);
    let inner = &s[a..b];
    let inner_chars = inner.chars().count();
    if inner.is_empty() || inner_chars > 200 {
        return None;
    }
    let mut cue = BylineCue { bracketed, pure: true, ..Default::default() };
    let mut seen_role = false;
    let mut in_note = false;
    // Pending single-character tokens (a name padded with spaces: "张  娅").
    let mut pending: Option<(usize, usize, u32)> = None;
    // First pass: is there any role word? Names are then only taken after one.
    let has_role = marks & mark::ROLE_WORD != 0 && role_words().occurs_in(inner);
    // Without a role word or brackets a byline is a name, perhaps after a place: short.
    if !has_role && !bracketed && inner_chars > BARE_BYLINE_MAX_CHARS {
        return None;
    }
    let mut i = 0;
    while i < inner.len() {
        let c = inner[i..].chars().next().unwrap_or(' ');
        if is_space(c)
            || matches!(
                c,
                '、' | '，'
                    | ','
                    | '；'
                    | ';'
                    | '|'
                    | '｜'
                    | '◆'
                    | '■'
                    | '□'
                    | '●'
                    | '▲'
                    | '★'
                    | '：'
                    | ':'
            )
        {
            if !is_space(c) {
                // A separator ends a padded name ("张  娅" stays one).
                flush(&mut pending, &mut cue, a, bracketed, &mut name, !in_note);
            }
            i += c.len_utf8();
            continue;
        }
        // A token runs to the next space or separator.
        let start = i;
        let mut end = i;
        for (k, ch) in inner[i..].char_indices() {
            if is_space(ch) || matches!(ch, '、' | '，' | ',' | '；' | ';' | '|' | '｜' | '：' | ':') {
                break;
            }
            end = i + k + ch.len_utf8();
        }
        i = end;
        let mut tok = &inner[start..end];
        let mut ts = start;
        // Leading role words and agency names.
        loop {
            if let Some(note) = author_notes().prefix_word(tok) {
                in_note = true;
                flush(&mut pending, &mut cue, a, bracketed, &mut name, false);
                tok = &tok[note.len()..];
                ts += note.len();
                continue;
            }
            if let Some((w, r)) = role_words().prefix(tok).map(|k| CN_ROLE_WORDS[k]) {
                flush(&mut pending, &mut cue, a, bracketed, &mut name, !in_note);
                if !seen_role {
                    cue.role = role_of(r);
                }
                seen_role = true;
                cue.role_word = true;
                in_note = false;
                tok = &tok[w.len()..];
                ts += w.len();
                continue;
            }
            if let Some(ag) = agencies().prefix_word(tok) {
                if tok.len() == ag.len() || role_words().prefix(&tok[ag.len()..]).is_some() {
                    flush(&mut pending, &mut cue, a, bracketed, &mut name, !in_note);
                    if !seen_role && tok.len() == ag.len() {
                        cue.role = Role::Agency;
                    }
                    tok = &tok[ag.len()..];
                    ts += ag.len();
                    continue;
                }
            }
            break;
        }
        if tok.is_empty() {
            continue;
        }
        // Trailing role words ("卢汉欣摄", "刘张烨参与采写").
        let mut te = ts + tok.len();
        let mut trailing_role = false;
        loop {
            let t = &inner[ts..te];
            if let Some((w, r)) = role_words().proper_suffix(t).map(|k| CN_ROLE_WORDS[k]) {
                if !seen_role {
                    cue.role = role_of(r);
                }
                seen_role = true;
                cue.role_word = true;
                trailing_role = true;
                te -= w.len();
                continue;
            }
            break;
        }
        let core = &inner[ts..te];
        // One pass over the token: its length, whether it is all CJK (or name dots), whether
        // it holds a digit, and its last character.
        let (mut n, mut all_cjk, mut digit, mut last) = (0u32, true, false, ' ');
        let mut all_numerals = true;
        for c in core.chars() {
            n += 1;
            all_cjk &= is_cjk(c) || c == '·' || c == '•';
            digit |= is_digit(c);
            all_numerals = all_numerals && is_cn_numeral(c);
            last = c;
        }
        // Numerals alone are a number ("（二）", a section's), never a name.
        digit |= all_numerals;
        let name_ok = all_cjk && !in_note && (!has_role || seen_role || trailing_role);
        let is_place = n > 0 && CN_PLACE_SUFFIXES.contains(&last) && (3..=8).contains(&n);
        let looks_dispatch = digit || n > 0 && CN_DATELINE_ENDS.contains(&last);
        if in_note {
            continue;
        }
        if is_place && cue.names == 0 && pending.is_none() {
            // A reader's place stands before the name: "江苏南京市 刘国华".
            cue.place = true;
        }
        if !all_cjk || is_place || looks_dispatch {
            flush(&mut pending, &mut cue, a, bracketed, &mut name, true);
            let sentence = core.contains(['。', '！', '？', '，']);
            if sentence || !(is_place || looks_dispatch) || !has_role && !is_place {
                cue.other += 1;
            }
            continue;
        }
        if !name_ok {
            flush(&mut pending, &mut cue, a, bracketed, &mut name, true);
            // Text before the first role word that is not a place: a dispatch line, an author note.
            if !has_role {
                cue.other += 1;
            }
            continue;
        }
        if n == 1 {
            pending = match pending {
                Some((ps, _, k)) => Some((ps, te, k + 1)),
                None => Some((ts, te, 1)),
            };
            if trailing_role {
                flush(&mut pending, &mut cue, a, bracketed, &mut name, true);
            }
            continue;
        }
        // A name wrapped at the end of a line ("曹" / "师韵"): one character left pending, only
        // white space with a line break before this token.
        if let Some((ps, pe, 1)) = pending {
            if n <= NAME_WRAP_MAX_CHARS && inner[pe..ts].contains('\n') {
                pending = None;
                cue.names += 1;
                name(a + ps, a + te);
                continue;
            }
        }
        flush(&mut pending, &mut cue, a, bracketed, &mut name, true);
        if CN_NOT_NAMES.contains(&core) {
            cue.other += 1;
        } else if n <= NAME_MAX_CHARS || core.contains('·') && n <= 12 {
            cue.names += 1;
            name(a + ts, a + te);
        } else {
            cue.other += 1;
        }
    }
    flush(&mut pending, &mut cue, a, bracketed, &mut name, !in_note);
    cue.pure = cue.other == 0;
    // "（作者为……）": an author's note in brackets is a byline without a name.
    let note = bracketed && author_notes().prefix(inner.trim_start()).is_some();
    if note {
        cue.role_word = true;
        cue.pure = true;
        return Some(cue);
    }
    if cue.role_word || cue.names > 0 || cue.role == Role::Agency { Some(cue) } else { None }
}

/// A Chinese numeral: a token of these alone counts, it names no one. (Not
/// `chars::is_cn_digit`, the digits of dates and page numbers: a count is also written with 千
/// and the financial forms.)
fn is_cn_numeral(c: char) -> bool {
    matches!(
        c,
        '〇' | '零'
            | '一'
            | '二'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '百'
            | '千'
            | '两'
            | '壹'
            | '贰'
            | '貳'
            | '叁'
            | '參'
            | '肆'
            | '伍'
            | '陆'
            | '陸'
            | '柒'
            | '捌'
            | '玖'
            | '拾'
    )
}

/// Report the pending run of one-character tokens as a name ("张  娅") when it may be one.
fn flush<F: FnMut(usize, usize)>(
    pending: &mut Option<(usize, usize, u32)>,
    cue: &mut BylineCue,
    a: usize,
    bracketed: bool,
    name: &mut F,
    allowed: bool,
) {
    if let Some((ps, pe, n)) = pending.take() {
        if allowed && (2..=4).contains(&n) || allowed && n == 1 && bracketed {
            cue.names += 1;
            name(a + ps, a + pe);
        } else if allowed && n == 1 {
            cue.other += 1;
        }
    }
}

fn role_of(r: RoleWord) -> Role {
    match r {
        RoleWord::Reporter => Role::Reporter,
        RoleWord::Correspondent => Role::Correspondent,
        RoleWord::Photographer => Role::Photographer,
        RoleWord::Intern => Role::Intern,
        RoleWord::Other => Role::Other,
    }
}

fn is_en_role_word(w: &str) -> bool {
    let lw = w.trim_matches(|c: char| !c.is_alphanumeric());
    if lw.is_empty() {
        return false;
    }
    // OCR misreads "Staff" as "StaH", "SlaHWfUer", "staff Wiltaf".
    if ["sta", "sla", "wri", "wil"].iter().any(|p| ci_starts_with(lw, p)) {
        return true;
    }
    // "Mustang Daily Staff": the paper's name before the role.
    EN_ROLE_WORDS.iter().chain(EN_NAMEPLATE_WORDS).any(|r| lw.eq_ignore_ascii_case(r))
}

fn is_name_word(w: &str) -> bool {
    let t = w.trim_end_matches([',', '.', ';']);
    let mut cs = t.chars();
    match cs.next() {
        Some(c) if c.is_uppercase() => {
            t.chars().all(|c| c.is_alphabetic() || matches!(c, '.' | '\'' | '’' | '-'))
        }
        _ => EN_NAME_PARTICLES.iter().any(|p| t.eq_ignore_ascii_case(p)),
    }
}

/// Recognise an English byline ("By Jane Doe", "by Jane Doe Staff Writer", "and John Roe",
/// "Staff Writer"); report each name's byte range to `name`.
pub(crate) fn en_byline(s: &str, mut name: impl FnMut(usize, usize)) -> Option<BylineCue> {
    let t = s.trim_end();
    let mut cue = BylineCue { pure: true, ..Default::default() };
    let mut it = t.split_whitespace().map(|w| (w.as_ptr() as usize - t.as_ptr() as usize, w)).peekable();
    let (_, first) = *it.peek()?;
    let by = first.eq_ignore_ascii_case("by");
    let and = first.eq_ignore_ascii_case("and");
    if by || and {
        it.next();
        cue.role_word = by;
        cue.role = Role::Reporter;
    } else {
        // A line of role words only: "Staff Writer", "Mustang Daily Staff".
        // A line of role words: "Staff Writer", "Mustang Daily Staff" (the paper's name, then
        // the role). At least one word must be a role proper, not only the paper's name.
        let n = t.split_whitespace().count();
        let is_filler = |w: &str| w.chars().all(|c| c == '_');
        let role_proper = |w: &str| {
            let w = w.trim_matches('_');
            EN_ROLE_WORDS.iter().any(|r| w.eq_ignore_ascii_case(r))
                || ci_starts_with(w, "sta")
                || ci_starts_with(w, "wri")
        };
        let all_roles = t.split_whitespace().all(|w| is_en_role_word(w.trim_matches('_')) || is_filler(w))
            && t.split_whitespace().any(role_proper);
        let last_role = t.split_whitespace().rfind(|w| !is_filler(w)).is_some_and(role_proper)
            && t.split_whitespace().all(|w| w.starts_with(char::is_uppercase) || is_filler(w));
        // A role word proper after at most one other word, or after the paper's name only: the
        // words before it name the paper or the agency as a scan garbled them ("Doily Staff
        // Wiitei", "Associated Ptess_"), not a person.
        // (Read only where the two tests above fail on a line of four words or fewer: one pass,
        // nothing allocated.)
        let role_after_paper = || {
            let (mut before, mut before_paper, mut found, mut capitals) = (0usize, true, false, true);
            for w in t.split_whitespace().filter(|w| !is_filler(w)) {
                capitals &= w.starts_with(char::is_uppercase);
                if found {
                    continue;
                }
                let core = w.trim_matches(|c: char| !c.is_alphanumeric());
                if EN_ROLE_WORDS.iter().any(|r| core.eq_ignore_ascii_case(r)) {
                    found = true;
                } else {
                    before += 1;
                    before_paper &= EN_NAMEPLATE_WORDS.iter().any(|r| w.eq_ignore_ascii_case(r));
                }
            }
            found && (before <= 1 || before_paper) && capitals
        };
        if (all_roles || last_role) && n <= 5 || n <= 4 && role_after_paper() {
            cue.role_word = true;
            cue.role = Role::Reporter;
            return Some(cue);
        }
        return None;
    }
    let mut name_start: Option<usize> = None;
    let mut name_end = 0;
    let mut name_words = 0;
    let mut in_roles = false;
    let mut seen_role_word = false;
    let mut role_tail = 0;
    for (off, w) in it {
        if in_roles {
            // Role words after the names come out of OCR mangled ("StaH Wrilar"): after a role
            // word, a couple of words of any shape still belong to it.
            if !is_en_role_word(w) && !w.chars().all(|c| c == '_' || c == '.') {
                if role_tail >= 2 || !seen_role_word {
                    cue.other += 1;
                }
                role_tail += 1;
            }
            continue;
        }
        let lw = w.trim_end_matches(',');
        if lw.eq_ignore_ascii_case("and") || lw == "&" || w.ends_with(',') && name_start.is_some() {
            if w.ends_with(',') && !lw.eq_ignore_ascii_case("and") {
                name_end = off + lw.len();
                name_words += 1;
            }
            if let Some(ns) = name_start.take() {
                if name_words > 0 {
                    cue.names += 1;
                    name(ns, name_end);
                }
            }
            name_words = 0;
            continue;
        }
        if is_en_role_word(w) && name_words >= 1 {
            in_roles = true;
            seen_role_word = true;
            continue;
        }
        if is_name_word(w) {
            if name_start.is_none() {
                name_start = Some(off);
            }
            name_end = off + w.trim_end_matches([',', ';']).len();
            name_words += 1;
        } else {
            cue.other += 1;
            in_roles = true;
        }
    }
    if let Some(ns) = name_start {
        if name_words > 0 {
            cue.names += 1;
            name(ns, name_end);
        }
    }
    cue.pure = cue.other == 0;
    (cue.names > 0).then_some(cue)
}

/// True when the line opens like a new paragraph: an opening word ("据了解", "近日") or a date.
pub(crate) fn paragraph_opener(s: &str) -> bool {
    let t = s.trim_start();
    // Only prose opens a paragraph: a line without clause punctuation is a headline's shape.
    if !t.contains(OPENER_PUNCT) {
        return false;
    }
    if paragraph_openers().prefix(t).is_some() {
        return true;
    }
    let d = t.chars().take_while(|c| is_digit(*c)).count();
    d > 0 && t.chars().nth(d).is_some_and(|c| matches!(c, '年' | '月'))
}

/// A line that opens a bracketed dispatch byline: "（新华社北京10月19日电 记者 ……",
/// "（本报北京、里约热内卢、……", "（记者刘晓宇）".
pub(crate) fn dispatch_bracket(s: &str) -> bool {
    let t = s.trim_start();
    let Some(inner) = t.strip_prefix(['（', '(']) else { return false };
    let inner = inner.trim_start();
    // The bracket must run to the end of the line (or past it): text after it is a paragraph.
    if let Some(close) = inner.find(['）', ')']) {
        if !inner[close..].chars().skip(1).all(is_space) {
            return false;
        }
    }
    dateline_sources().prefix(inner).is_some()
        && (inner.contains(['电', '電']) || !inner.contains(['）', ')']))
        || inner.starts_with("记者")
        || inner.starts_with("記者")
}

/// A dispatch byline opening after the text of a paragraph's last line:
/// "……等问题。（本报北京5月8日电  记者 戚允之、" — returns where its bracket starts.
pub(crate) fn tail_dispatch(s: &str) -> Option<usize> {
    let t = s.trim_end();
    let p = t.char_indices().rfind(|&(_, c)| c == '（' || c == '(')?.0;
    if p == 0 {
        return None;
    }
    let before = t[..p].trim_end().chars().next_back()?;
    if !matches!(before, '。' | '！' | '？' | '”' | '…') {
        return None;
    }
    dispatch_bracket(&t[p..]).then_some(p)
}

/// A line that is only a place ("河南鄢陵县", "江苏南京市"): a reader's address before the name.
pub(crate) fn place_line(s: &str) -> bool {
    let t = s.trim();
    t.ends_with(CN_PLACE_SUFFIXES) && (3..=10).contains(&t.chars().count()) && t.chars().all(is_cjk)
}

/// True when one of the line's words reads as a newspaper-name word, allowing for OCR errors
/// in one or two letters ("Dally", "Daiiy" for "Daily").
pub(crate) fn nameplate_word(s: &str) -> bool {
    s.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| (4..=16).contains(&w.len())).any(|w| {
        // Lower-case into a stack buffer: no allocation per word.
        let mut buf = [0u8; 16];
        buf[..w.len()].copy_from_slice(w.as_bytes());
        buf[..w.len()].make_ascii_lowercase();
        let lw = std::str::from_utf8(&buf[..w.len()]).unwrap_or("");
        let mask = letter_mask(lw.as_bytes());
        EN_NAMEPLATE_WORDS.iter().zip(NAMEPLATE_MASKS).any(|(n, n_mask)| {
            // Each edit changes the length by at most one and the set of letters by at most
            // two: cheap necessary conditions before the edit distance itself.
            let limit = near_limit(n);
            lw.len().abs_diff(n.len()) <= limit as usize
                && (mask ^ n_mask).count_ones() <= 2 * limit
                && near(lw, n)
        })
    })
}

/// The set of lower-case ASCII letters in `w`, one bit each.
const fn letter_mask(w: &[u8]) -> u32 {
    let mut m = 0;
    let mut i = 0;
    while i < w.len() {
        if w[i].is_ascii_lowercase() {
            m |= 1 << (w[i] - b'a');
        }
        i += 1;
    }
    m
}

/// [`letter_mask`] of each of `EN_NAMEPLATE_WORDS`.
const NAMEPLATE_MASKS: [u32; EN_NAMEPLATE_WORDS.len()] = {
    let mut masks = [0; EN_NAMEPLATE_WORDS.len()];
    let mut i = 0;
    while i < masks.len() {
        masks[i] = letter_mask(EN_NAMEPLATE_WORDS[i].as_bytes());
        i += 1;
    }
    masks
};

/// The edit distance [`near`] allows for a word `b` long.
#[inline]
fn near_limit(b: &str) -> u32 {
    if b.len() >= 5 { 2 } else { 1 }
}

/// Edit distance at most 1 (words of four letters) or 2 (longer words): an OCR misreading.
fn near(a: &str, b: &str) -> bool {
    let limit = near_limit(b) as usize;
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() < 4 || a.len().abs_diff(b.len()) > limit || a.len() > 16 || b.len() > 16 {
        return false;
    }
    // Two-row Levenshtein on at most 16 bytes: no allocation.
    let mut prev = [0usize; 17];
    let mut cur = [0usize; 17];
    for (j, p) in prev.iter_mut().enumerate().take(b.len() + 1) {
        *p = j;
    }
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        prev = cur;
    }
    prev[b.len()] <= limit
}

/// A photo credit: "CESAR SANCHEZ/Mustang Daily", "TIM KESSLER Mustang Daily",
/// "Mustang Daily—Amy Cgban".
pub(crate) fn en_credit(s: &str) -> bool {
    let t = s.trim();
    if t.len() > 60 || t.ends_with('.') {
        return false;
    }
    let caps_words = t
        .split_whitespace()
        .take_while(|w| {
            w.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase)
                && w.chars().any(char::is_alphabetic)
        })
        .count();
    // "NAME SURNAME/Paper Name": capitals, a slash, a capitalised name.
    if let Some(p) = t.find('/') {
        let left = &t[..p];
        let right = t[p + 1..].trim_start();
        let left_caps = left.chars().filter(|c| c.is_alphabetic()).count() >= 4
            && left.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase);
        if left_caps && right.starts_with(char::is_uppercase) {
            return true;
        }
    }
    (caps_words >= 2 || t.contains('/') || t.contains('—')) && nameplate_word(t)
}

/// True when the line holds a word of advertising ("電話", "減價", "代售").
pub(crate) fn ad_words(s: &str) -> bool {
    ad_word_set().occurs_in(s)
}

/// True when `name` starts with a common Chinese surname.
pub(crate) fn has_surname(name: &str) -> bool {
    const MARKERS: [char; 6] = ['◆', '■', '□', '●', '▲', '★'];
    let Some(first) = name.chars().next() else { return false };
    // The single surnames are one character each: a bitmap load decides (a marker or a space
    // is not one).
    if surnames().may_start(first) {
        return true;
    }
    let compound = compound_surnames();
    if compound.may_start(first) {
        return compound.prefix(name).is_some();
    }
    // A marker or spaces first: the name after them.
    if !(is_space(first) || MARKERS.contains(&first)) {
        return false;
    }
    let t = name.trim_start_matches(MARKERS).trim_start();
    t.chars().next().is_some_and(|c| surnames().may_start(c)) || compound.prefix(t).is_some()
}

/// A byline closing a paragraph line after its last sentence ("……了。  本报记者  左妍"):
/// returns where it starts.
pub(crate) fn trailing_byline(s: &str) -> Option<usize> {
    let t = s.trim_end();
    let p = t.char_indices().rfind(|&(_, c)| TRAILING_BYLINE_AFTER.contains(&c))?;
    let start = skip_space(t, p.0 + p.1.len_utf8());
    let tail = &t[start..];
    if tail.is_empty() || tail.chars().count() > 30 || start < 6 {
        return None;
    }
    let cue = cn_byline(tail, mark::ALL, |_, _| {})?;
    (cue.pure && cue.role_word && cue.names > 0).then_some(start)
}

/// The byte length of the authorship word that ends `name` ("李涵秋著" -> 3 for "著"; see
/// [`CN_AUTHORSHIP_SUFFIXES`]), when at least two CJK characters stand before it; else 0.
pub(crate) fn cn_authorship_suffix(name: &str) -> usize {
    let name = name.trim_end();
    for w in crate::features::lexicon::CN_AUTHORSHIP_SUFFIXES {
        if let Some(rest) = name.strip_suffix(w) {
            if rest.chars().filter(|&c| is_cjk(c)).count() >= 2 {
                return w.len();
            }
        }
    }
    0
}

/// Bare name: a short line that is only a person's name (2–4 CJK characters, a foreign name
/// with "·", or characters padded with spaces). Returns the name's byte range.
pub(crate) fn cn_bare_name(s: &str) -> Option<(usize, usize)> {
    let t = s.trim();
    let lead = s.len() - s.trim_start().len();
    let (body, off) = match t.strip_prefix(['◆', '■', '□', '●', '▲', '★']) {
        Some(rest) => (rest.trim_start(), t.len() - rest.trim_start().len()),
        None => (t, 0),
    };
    let mut n = 0;
    let mut dots = 0;
    for c in body.chars() {
        if is_cjk(c) {
            n += 1;
        } else if c == '·' || c == '•' {
            dots += 1;
        } else if !is_space(c) {
            return None;
        }
    }
    let ok = (2..=4).contains(&n) && dots == 0 || dots > 0 && (3..=12).contains(&n);
    ok.then_some((lead + off, lead + t.len()))
}

// ------------------------------------------------------------------------------- datelines

/// A part of a dateline: a byte range, empty when the part is absent.
///
/// Not an `Option<(usize, usize)>`: the offsets of a `None` are never written, and optimised
/// code may compare them before it tests the tag (LLVM orders the two tests of an `&&` either
/// way when neither has side effects: `if let Some((a, b)) = part { if a < b ...` became
/// "compare a and b, then test the tag" in the release build). The outcome is the same either
/// way, but valgrind's memcheck reported a conditional jump on uninitialised stack bytes (the
/// `DatelineCue` of `cn_dateline`) to every C program that parsed a Chinese page with a
/// dateline. A range that is always written leaves nothing uninitialised to compare.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Part {
    start: usize,
    end: usize,
}

impl Part {
    pub(crate) const fn new(start: usize, end: usize) -> Self {
        Part { start, end }
    }

    /// The range, when the part is present (not empty).
    pub(crate) fn get(self) -> Option<(usize, usize)> {
        (self.start < self.end).then_some((self.start, self.end))
    }

    pub(crate) fn is_none(self) -> bool {
        self.start >= self.end
    }

    /// The range; panics when the part is absent (for tests).
    #[cfg(test)]
    pub(crate) fn unwrap(self) -> (usize, usize) {
        self.get().expect("a dateline part")
    }
}

/// A dateline found at the start of a paragraph. Offsets are relative to the matched string.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct DatelineCue {
    /// End of the dateline itself.
    pub end: usize,
    pub source: Part,
    pub place: Part,
    pub date: Part,
    /// A bracketed byline right after it ("（记者 吴雨）").
    pub byline: Part,
    /// Where the paragraph text starts (after separators).
    pub body: usize,
}

/// Chinese date: "6月15日", "10月19日", "廿六日", "二十六日", "19日". Returns its end.
fn cn_date_at(s: &str, i: usize) -> Option<usize> {
    let mut j = i;
    let mut digits = 0;
    let mut saw_month = false;
    for (k, c) in s[i..].char_indices() {
        if is_digit(c) || is_cn_digit(c) {
            digits += 1;
        } else if c == '月' && digits > 0 && !saw_month {
            saw_month = true;
            digits = 0;
        } else if c == '日' && digits > 0 {
            j = i + k + c.len_utf8();
            return Some(j);
        } else if is_space(c) {
            // Vertical transcriptions break lines anywhere, even inside a date.
            continue;
        } else {
            break;
        }
        j = i + k + c.len_utf8();
    }
    let _ = j;
    None
}

/// Recognise a Chinese dateline at the start of `s`: "晨报淄博6月15日讯", "本报讯",
/// "新华社北京6月15日电", "据新华社北京4月2日电（记者 吴雨）", "（高安廿六日下午四時電）".
pub(crate) fn cn_dateline(s: &str) -> Option<DatelineCue> {
    let lead = skip_space(s, 0);
    let mut cue = DatelineCue::default();
    let rest = &s[lead..];
    if rest.starts_with('（') || rest.starts_with('(') {
        return cn_wire_dateline(s, lead);
    }
    let mut i = lead;
    if rest.starts_with('据') || rest.starts_with('據') {
        i += '据'.len_utf8();
    }
    let src = dateline_sources().prefix_word(&s[i..])?;
    cue.source = Part::new(i, i + src.len());
    i += src.len();
    // Place: CJK characters (and 、) up to a date or the end word, at most 12.
    let place_start = i;
    let mut place_end = i;
    let mut end_at = None;
    for (count, (k, c)) in s[i..].char_indices().enumerate() {
        let at = i + k;
        if CN_DATELINE_ENDS.contains(&c) {
            end_at = Some(at);
            break;
        }
        if let Some(d) = cn_date_at(s, at) {
            if place_end > place_start {
                cue.place = Part::new(place_start, place_end);
            }
            cue.date = Part::new(at, d);
            let after = skip_space(s, d);
            let c2 = s[after..].chars().next()?;
            if CN_DATELINE_ENDS.contains(&c2) {
                end_at = Some(after);
            }
            break;
        }
        if !(is_cjk(c) || c == '、') || count >= 12 {
            return None;
        }
        place_end = at + c.len_utf8();
    }
    let e = end_at?;
    if cue.date.is_none() && e > place_start {
        // "本报讯" has no place; "新华社北京电" keeps its place.
        cue.place = Part::new(place_start, e);
    }
    cue.end = e + '电'.len_utf8();
    let mut body = cue.end;
    // A bracketed byline right after: "（记者 吴雨）".
    let after = &s[body..];
    if after.starts_with('（') || after.starts_with('(') {
        if let Some(close) = after.find(['）', ')']) {
            let inner = &after[..close];
            if inner.chars().count() <= 40 && role_words().occurs_in(inner) {
                let cl = after[close..].chars().next().map_or(1, char::len_utf8);
                cue.byline = Part::new(body, body + close + cl);
                body += close + cl;
            }
        }
    }
    cue.body = skip_separators(s, body);
    Some(cue)
}

/// "（重慶廿六日路透電）", "（高安廿六日下午四時電）" — also broken across lines.
fn cn_wire_dateline(s: &str, lead: usize) -> Option<DatelineCue> {
    let open = s[lead..].chars().next()?.len_utf8();
    let inner_start = lead + open;
    let mut cue = DatelineCue::default();
    let mut count = 0;
    let mut date: Option<(usize, usize)> = None;
    let mut close = None;
    let mut i = inner_start;
    while i < s.len() {
        let c = s[i..].chars().next()?;
        if c == '）' || c == ')' {
            close = Some(i);
            break;
        }
        if !(is_cjk(c) || is_space(c) || is_digit(c) || c == '□' || c == '、') {
            return None;
        }
        if date.is_none() && !is_space(c) {
            if let Some(d) = cn_date_at(s, i) {
                date = Some((i, d));
                i = d;
                continue;
            }
        }
        if !is_space(c) {
            count += 1;
        }
        if count > 24 {
            return None;
        }
        i += c.len_utf8();
    }
    let close = close?;
    let inner = s[inner_start..close].trim_end();
    if !inner.ends_with(CN_DATELINE_ENDS) {
        return None;
    }
    let (ds, de) = date?;
    if ds > inner_start {
        cue.place = Part::new(inner_start, trim_end_at(s, inner_start, ds));
    }
    cue.date = Part::new(ds, de);
    // An agency between the date (and time) and the end word.
    let tail = &s[de..close];
    for ag in CN_WIRE_AGENCIES {
        if let Some(p) = tail.find(ag) {
            cue.source = Part::new(de + p, de + p + ag.len());
            break;
        }
    }
    let cl = s[close..].chars().next().map_or(1, char::len_utf8);
    cue.end = close + cl;
    cue.body = skip_separators(s, cue.end);
    Some(cue)
}

fn trim_end_at(s: &str, start: usize, end: usize) -> usize {
    start + s[start..end].trim_end().len()
}

fn skip_separators(s: &str, mut i: usize) -> usize {
    while let Some(c) = s[i..].chars().next() {
        if is_space(c) || matches!(c, '：' | ':' | '—' | '–' | '-' | '，' | ',') {
            i += c.len_utf8();
        } else {
            break;
        }
    }
    i
}

/// Recognise an English dateline: "WINSTON-SALEM, N.C. (AP) —", "SACRAMENTO (AP) -",
/// "WASHINGTON —", "JOHANNESBURG, South Africa —".
///
/// A wire dateline is a place set in capitals, perhaps a state or country in ordinary case, the
/// agency in brackets, and a dash. Scanned pages garble it in a few set ways, and the recogniser
/// reads through them: a letter of the capitals misread in lower case or an apostrophe in it
/// ("WASHIN'tON"), the comma after the city read as a period ("SPENCER. Okla."), the agency's
/// brackets dropped or read as letters and signs ("lAP)", "(API", "(AP>", "SALEM, Ore. AP—").
/// The dash after it is what makes it a dateline: without one nothing is recognised.
pub(crate) fn en_dateline(s: &str) -> Option<DatelineCue> {
    let lead = skip_space(s, 0);
    let mut cue = DatelineCue::default();
    let b = s.as_bytes();
    // A word of the place: letters, with periods, hyphens and apostrophes ("N.C.", "CI'TY").
    let word_end = |from: usize| {
        let mut k = from;
        while k < b.len() && (b[k].is_ascii_alphabetic() || matches!(b[k], b'.' | b'-' | b'\'')) {
            k += 1;
        }
        k
    };
    let letters = |w: &[u8]| w.iter().filter(|c| c.is_ascii_alphabetic()).count();
    let uppers = |w: &[u8]| w.iter().filter(|c| c.is_ascii_uppercase()).count();
    // City: one to four words in capitals (more than half the letters; a scan misreads some).
    let mut i = lead;
    let city_start = i;
    let mut city_end = i;
    let mut words = 0;
    while i < b.len() && b[i].is_ascii_uppercase() {
        let k = word_end(i);
        let w = &b[i..k];
        let (n, up) = (letters(w), uppers(w));
        let single = n == 1 && k < b.len() && b[k] == b',';
        if !(n >= 2 && up * 2 > n || single) {
            break;
        }
        words += 1;
        city_end = k;
        i = k;
        if words < 4 && i + 1 < b.len() && b[i] == b' ' && b[i + 1].is_ascii_uppercase() {
            // The next word joins the city only if it too is in capitals.
            let k2 = word_end(i + 1);
            let w2 = &b[i + 1..k2];
            if letters(w2) >= 2 && uppers(w2) * 2 > letters(w2) {
                i += 1;
                continue;
            }
        }
        break;
    }
    if words == 0 {
        return None;
    }
    let mut place_end = city_end;
    // ", N.C." / ", Calif." / ", South Africa"; OCR reads the comma as a period ("SPENCER. Okla.").
    let comma = i < b.len() && b[i] == b',' || b[city_end - 1] == b'.';
    if comma {
        let mut k = if i < b.len() && b[i] == b',' { i + 1 } else { i };
        let mut state_words = 0;
        loop {
            let j = skip_space(s, k);
            if j >= b.len() || !b[j].is_ascii_uppercase() {
                break;
            }
            let e = word_end(j);
            if e - j > 12 || state_words == 2 || letters(&b[j..e]) == 0 {
                break;
            }
            // An agency is not a state.
            if is_agency(&s[j..e]) {
                break;
            }
            state_words += 1;
            place_end = e;
            k = e;
        }
        if state_words > 0 {
            i = place_end;
        }
    }
    cue.place = Part::new(city_start, place_end);
    let mut j = skip_space(s, i);
    // The agency: "(AP)", and as scans give it: "(API", "lAP)", "(AP>", ">(AP)", "AP".
    let tok_end = s[j..].find(|c: char| is_space(c) || matches!(c, '—' | '–')).map_or(s.len(), |e| j + e);
    let tok = &s[j..tok_end];
    let opener = |c: char| matches!(c, '(' | '[' | '{' | '<' | '>' | 'l' | '|' | '1');
    let closer = |c: char| matches!(c, ')' | ']' | '}' | '>' | '<' | 'I' | 'l' | '|' | '1' | ',' | '.');
    let inner_at = j + tok.len() - tok.trim_start_matches(opener).len();
    let inner = &s[inner_at..tok_end];
    let name_len = inner.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(inner.len());
    // The name alone, or with a bracket the scan read as a letter ("API").
    for len in [name_len, name_len.saturating_sub(1)] {
        if len < 2 || !is_agency(&inner[..len]) {
            continue;
        }
        let rest = inner[len..].trim_start_matches(closer);
        // Nothing but the dash may follow the agency's closers in the same token.
        if rest.is_empty() || rest.starts_with('-') {
            cue.source = Part::new(inner_at, inner_at + len);
            j = skip_space(s, tok_end - rest.len());
            // A stray comma or period before the dash: "EULESS, Texas (AP) , —".
            if s[j..].starts_with([',', '.']) {
                j = skip_space(s, j + 1);
            }
            break;
        }
    }
    let rest = &s[j..];
    let dash = ['—', '–', '-'].into_iter().find(|d| rest.starts_with(*d))?;
    let mut end = j + dash.len_utf8();
    // "--" double hyphen, "——" doubled dash.
    while let Some(d) = s[end..].chars().next().filter(|&c| c == '-' || c == '—') {
        end += d.len_utf8();
    }
    cue.end = end;
    cue.body = skip_space(s, end);
    // The rest must be running text.
    let next = s[cue.body..].chars().next()?;
    if !(next.is_alphanumeric() || matches!(next, '"' | '“' | '\'' | '‘')) {
        return None;
    }
    Some(cue)
}

/// A news agency's name as it stands in a dateline: "AP", "UPI" in capitals, "Reuters" in any case.
fn is_agency(w: &str) -> bool {
    EN_AGENCIES.iter().any(|a| if a.len() <= 3 { w == *a } else { w.eq_ignore_ascii_case(a) })
}

// ------------------------------------------------------------------------------- jumps

/// A jump found in a line: it runs from `start` to the end of the line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct JumpCue {
    pub start: usize,
    pub end: usize,
    pub direction: Direction,
    pub page: (usize, usize),
}

/// [`jump`] in `part`, all or part of the measured line `line`, run only where the line's gate
/// allows, with the line's marks (a part holds no trigger character its line lacks).
pub(crate) fn line_jump(part: &str, line: &crate::text::lines::Line) -> Option<JumpCue> {
    if gate::jump(line) { jump_marked(part, line.marks) } else { None }
}

/// Find a jump that ends the line (or is the whole line, or opens it: "From page 1 ...").
pub(crate) fn jump(s: &str) -> Option<JumpCue> {
    jump_marked(s, mark::ALL)
}

/// [`jump`] on a line with these [`mark`]s: the Chinese patterns only where a jump character
/// is, the English ones only where there are ASCII letters.
pub(crate) fn jump_marked(s: &str, marks: u16) -> Option<JumpCue> {
    let cn = |t: &str| if marks & mark::CN_JUMP != 0 { cn_jump(t) } else { None };
    // A jump is short: on a long line only its head and tail can hold one.
    if s.len() <= JUMP_WINDOW * 2 {
        return cn(s).or_else(|| en_jump(s));
    }
    let mut head = JUMP_WINDOW;
    while !s.is_char_boundary(head) {
        head -= 1;
    }
    if let Some(j) = en_jump(&s[..head]).filter(|j| j.start == 0 && j.direction == Direction::From) {
        return Some(j);
    }
    let mut cut = s.len() - JUMP_WINDOW;
    while !s.is_char_boundary(cut) {
        cut += 1;
    }
    let shift = |j: JumpCue| JumpCue {
        start: j.start + cut,
        end: j.end + cut,
        direction: j.direction,
        page: (j.page.0 + cut, j.page.1 + cut),
    };
    let tail = &s[cut..];
    cn(tail).or_else(|| en_jump(tail)).filter(|j| j.start > 0 || j.direction == Direction::To).map(shift)
}

/// A byline without role words or brackets ("江苏南京市 刘国华", "陶多多") has at most this many
/// characters.
const BARE_BYLINE_MAX_CHARS: usize = 16;
/// The rest of a two- or three-character name wrapped after its first character.
const NAME_WRAP_MAX_CHARS: u32 = 2;
/// The longest Chinese name without a name dot (a family name of two characters and a given
/// name of two), in characters.
const NAME_MAX_CHARS: u32 = 4;

/// Bytes at each end of a long line searched for a jump.
const JUMP_WINDOW: usize = 96;

/// The marks a serial instalment ends with: the story goes on in a later issue ("（未完）",
/// "（待续）"), a jump without a page.
const CN_SERIAL_MARKS: &[&str] = &["未完待续", "未完待續", "未完", "待续", "待續"];

fn cn_jump(s: &str) -> Option<JumpCue> {
    let t = s.trim_end();
    // Every Chinese jump word holds 转/轉/接/续/續 (a serial's mark 续/續/完).
    if !t.contains(CN_JUMP_CHARS) {
        return None;
    }
    if let Some(j) = cn_serial_mark(t) {
        return Some(j);
    }
    // It ends the line: only a page word ("版", "页"), spaces and closing brackets follow it.
    let end = t.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '）' | ')' | '】' | ']'));
    if !end.ends_with(['版', '页', '頁']) {
        return None;
    }
    if t.chars().count() > 400 {
        return None;
    }
    // Search from the end for a jump word.
    for (word, to) in CN_JUMP_WORDS {
        let Some(p) = t.rfind(word) else { continue };
        let mut start = p;
        // An opening bracket just before.
        if let Some(c) = t[..p].chars().next_back() {
            if c == '（' || c == '(' || c == '【' || c == '[' {
                start = p - c.len_utf8();
            }
        }
        let ps = p + word.len();
        let mut pe = ps;
        for (k, c) in t[ps..].char_indices() {
            if is_digit(c) || is_cn_digit(c) || c.is_ascii_uppercase() || c == '第' {
                pe = ps + k + c.len_utf8();
            } else {
                break;
            }
        }
        if pe == ps {
            continue;
        }
        let mut tail = pe;
        let rest = &t[pe..];
        let rest_trim = rest.trim_start_matches(['版', '页', '頁', '版', ' ']);
        tail += rest.len() - rest_trim.len();
        let rest2 = rest_trim.trim_start_matches(['）', ')', '】', ']']);
        tail += rest_trim.len() - rest2.len();
        if !rest2.trim().is_empty() {
            continue;
        }
        if !t[pe..tail].contains(['版', '页', '頁']) {
            continue;
        }
        // The page designation: "第3版", "二版" (with its 第 when the jump word ends in it).
        let page_start = if word.ends_with('第') { p + word.len() - '第'.len_utf8() } else { ps };
        let page_end = pe + t[pe..tail].find(['版', '页', '頁']).map_or(0, |k| k + '版'.len_utf8());
        return Some(JumpCue {
            start,
            end: t.len(),
            direction: if *to { Direction::To } else { Direction::From },
            page: (page_start, page_end),
        });
    }
    None
}

/// A bracketed serial mark closing the line: "……了呢、（未完）", "（待续）".
fn cn_serial_mark(t: &str) -> Option<JumpCue> {
    let inner_end = t.strip_suffix(['）', ')'])?;
    let word = CN_SERIAL_MARKS.iter().find(|w| inner_end.ends_with(*w))?;
    let open = inner_end.len() - word.len();
    let start = open - t[..open].chars().next_back().filter(|&c| c == '（' || c == '(')?.len_utf8();
    Some(JumpCue { start, end: t.len(), direction: Direction::To, page: (t.len(), t.len()) })
}

/// A whole short line read as "From page N" despite OCR errors (see [`en_jump`]).
fn ocr_from_page(t: &str) -> Option<JumpCue> {
    let lead_off = t.len() - t.trim_start().len();
    let body = t.trim();
    if body.len() > 18 || !body.is_ascii() {
        return None;
    }
    // At most 18 bytes: squeezed in place, no allocation.
    let mut buf = [0u8; 18];
    let mut len = 0;
    for b in body.bytes().filter(|b| !b.is_ascii_whitespace()) {
        buf[len] = b.to_ascii_lowercase();
        len += 1;
    }
    let squeezed = &buf[..len];
    let from =
        ["from", "frorn", "front", "fron", "frcm"].iter().find(|w| squeezed.starts_with(w.as_bytes()))?;
    let rest = &squeezed[from.len()..];
    if !(rest.starts_with(b"pa") || rest.starts_with(b"pg")) || rest.len() > 8 {
        return None;
    }
    // The page: what follows the page word's first four letters (or the digits at the end).
    let digits = body.bytes().rev().take_while(u8::is_ascii_alphanumeric).count().min(3);
    let pe = lead_off + body.len();
    Some(JumpCue { start: lead_off, end: pe, direction: Direction::From, page: (pe - digits, pe) })
}

fn en_jump(s: &str) -> Option<JumpCue> {
    let t = s.trim_end();
    if !t.is_ascii() && t.chars().count() > 300 {
        return None;
    }
    // "From page 1", "Continued from page 1", "Continued from Page 1".
    // "From page 1", "Continued from page 1" — OCR may run the first words of the text on.
    let lead_off = t.len() - t.trim_start().len();
    let body = &t[lead_off..];
    for lead in ["continued from page ", "continued from ", "from page "] {
        if ci_starts_with(body, lead) {
            let ps = lead_off + lead.len();
            let rest = &t[ps..];
            let n = rest.find(|c: char| c.is_whitespace()).unwrap_or(rest.len());
            let token = rest[..n].trim_end_matches(['.', ',', ';']);
            if token.is_empty() || token.len() > 6 || !token.chars().all(|c| c.is_ascii_alphanumeric()) {
                continue;
            }
            let pe = ps + token.len();
            return Some(JumpCue { start: lead_off, end: pe, direction: Direction::From, page: (ps, pe) });
        }
    }
    // OCR misreads of a short "From page 1" line: "Frompaga1", "From pagel", "Frontpage*",
    // "Frompaj>c1" — a from-word and a page-word beginning, and at most a few characters more.
    if let Some(j) = ocr_from_page(t) {
        return Some(j);
    }
    // Quick reject: no "pa"/"pg"/"p«" anywhere means no page word.
    let tb = t.as_bytes();
    let has_p = memchr::memchr2_iter(b'p', b'P', tb)
        .any(|i| tb.get(i + 1).is_some_and(|&b| matches!(b, b'a' | b'A' | b'g' | b'G' | 0xC2)));
    if !has_p {
        return None;
    }
    // "... See DEBATE, page 7", "See X, back page", "Please see page 2", "Continued on page 6".
    // OCR mangles letters, so look for the shape: a "page" word near the end.
    // The last occurrence, without case; only the places of the needle's first letter are
    // compared.
    let lower_pos = |needle: &str| -> Option<usize> {
        let nb = needle.as_bytes();
        let first = nb[0];
        memchr::memrchr2_iter(first.to_ascii_lowercase(), first.to_ascii_uppercase(), tb)
            .find(|&i| tb.len() - i >= nb.len() && tb[i..i + nb.len()].eq_ignore_ascii_case(nb))
    };
    let page_word = ["back page", "page", "pg.", "p«g«", "pago", "paga"]
        .into_iter()
        .filter_map(|w| lower_pos(w).map(|p| (p, w)))
        .max_by_key(|&(p, w)| (p + w.len(), w.len()))?;
    let (pp, pw) = page_word;
    let after = t[pp + pw.len()..].trim();
    if pw != "back page"
        && (after.is_empty() || after.len() > 4 || !after.chars().all(|c| c.is_ascii_alphanumeric()))
    {
        return None;
    }
    // The jump starts at a "see" / "continued on" word within 30 bytes before the page word.
    let window_start = pp.saturating_sub(40);
    let mut start = None;
    let tb = t.as_bytes();
    for i in window_start..pp {
        if !t.is_char_boundary(i) {
            continue;
        }
        let at_word = i == 0 || !tb[i - 1].is_ascii_alphanumeric();
        if !at_word {
            continue;
        }
        let rest = &t[i..];
        let wend = rest.find(|c: char| !(c.is_alphanumeric() || c == '«')).unwrap_or(rest.len());
        let w = &rest[..wend];
        if ["see", "sec", "saa", "sea", "seo"].iter().any(|x| w.eq_ignore_ascii_case(x))
            || ci_starts_with(rest, "continued on")
        {
            // Include "Please" / "PI«aM" before "see".
            let mut s0 = i;
            let before = t[..i].trim_end();
            if let Some(sp) = before.rfind(' ').map(|x| x + 1).or(Some(0)) {
                let prev = &before[sp..];
                if !prev.is_empty()
                    && prev.len() <= 7
                    && (ci_starts_with(prev, "pl") || ci_starts_with(prev, "pt") || prev.contains('«'))
                {
                    s0 = sp;
                }
            }
            start = Some(s0);
            break;
        }
    }
    let start = start?;
    let page = if pw == "back page" { (pp, pp + pw.len()) } else { (t.len() - after.len(), t.len()) };
    Some(JumpCue { start, end: t.len(), direction: Direction::To, page })
}

/// "……元、（獅" / "……去、（江）": a bracket with one to three CJK characters closing the text.
pub(crate) fn trailing_pen_name(s: &str) -> Option<usize> {
    let t = s.trim_end();
    let t2 = t.strip_suffix('）').or_else(|| t.strip_suffix(')')).unwrap_or(t);
    let open = t2.rfind(['（', '('])?;
    let inner = &t2[open + '（'.len_utf8().min(t2[open..].chars().next()?.len_utf8())..];
    let n = inner.chars().count();
    if open == 0 || !(1..=3).contains(&n) || !inner.chars().all(is_cjk) {
        return None;
    }
    Some(open)
}

// ------------------------------------------------------------------------------- furniture

/// The furniture rules a line can match ([`furniture`] returns the bits of those it does).
pub(crate) mod furn {
    /// "第 5 页", "第5版", "- 3 -", "Page 3", a lone number.
    pub(crate) const PAGE_NUMBER: u16 = 1 << 0;
    /// A paper's edition line: "《人民日报》（2025年10月20日 第 03 版）".
    pub(crate) const EDITION: u16 = 1 << 1;
    /// An editor credit ("责编：", "本版编辑"), perhaps numbered.
    pub(crate) const EDITOR_CREDIT: u16 = 1 << 2;
    /// A furniture word (app, QR code, subscription promos).
    pub(crate) const WORD: u16 = 1 << 3;
    /// A web address.
    pub(crate) const WEB: u16 = 1 << 4;
    /// A date with a weekday.
    pub(crate) const WEEKDAY_DATE: u16 = 1 << 5;
    /// A full date with a page label ("2022年4月1日 星期五 第8版").
    pub(crate) const DATED_PAGE: u16 = 1 << 6;
    /// An English furniture phrase ("Mustang Daily", "Opinion", "continued").
    pub(crate) const EN_WORD: u16 = 1 << 7;
    /// A page index: "INSIDE: Opinion 4 ★ Arts 6 ★ Sports 8".
    pub(crate) const PAGE_INDEX: u16 = 1 << 8;
    /// A staff box: "April Doe, editor John Roe, managing editor".
    pub(crate) const STAFF_BOX: u16 = 1 << 9;
}

/// The furniture rules the line matches ([`furn`] bits; 0: none). `marks` as for
/// [`cn_byline`].
pub(crate) fn furniture(s: &str, marks: u16) -> u16 {
    let t = s.trim();
    let n = t.chars().count();
    if n == 0 {
        return 0;
    }
    let mut found = 0;
    if is_page_number(t) {
        found |= furn::PAGE_NUMBER;
    }
    if t.starts_with('《')
        && t.contains('》')
        && t.contains('年')
        && (t.contains('版') || t.contains('日'))
        && n <= 40
    {
        found |= furn::EDITION;
    }
    if editor_credits().prefix(t).is_some() && (t.contains('：') || t.contains(':') || n <= 16)
        || strip_list_number(t).is_some_and(|rest| editor_credits().prefix(rest).is_some())
    {
        found |= furn::EDITOR_CREDIT;
    }
    if marks & mark::FURNITURE_WORD != 0 && furniture_words().occurs_in(t) {
        found |= furn::WORD;
    }
    let latin = t.bytes().any(|b| b.is_ascii_alphabetic());
    // (The cheap tests first, here and below: a long line skips the searches.)
    if latin
        && n < 60
        && (t.contains("www.") || t.contains("http") || t.contains(".com") || t.contains(".cn"))
    {
        found |= furn::WEB;
    }
    // Edition line: a date with a weekday, or a date with a page label.
    let has_date = marks & mark::YEAR != 0 && t.contains('年') && t.contains('月') && t.contains('日');
    let en = if latin { en_marks(t, marks) } else { 0 };
    let weekday = marks & mark::CN_WEEKDAY != 0 && cn_weekdays().occurs_in(t) || en & mark::EN_WEEKDAY != 0;
    if weekday && n < 80 && (has_date || t.chars().any(|c| c.is_ascii_digit())) {
        found |= furn::WEEKDAY_DATE;
    }
    if has_date && n < 60 && (t.contains('版') || t.contains("星期")) && !t.contains(['，', '。']) {
        found |= furn::DATED_PAGE;
    }
    if en & mark::EN_FURNITURE != 0 && n < 200 {
        found |= furn::EN_WORD;
    }
    if marks & mark::INDEX_SEP != 0
        && t.matches(INDEX_SEPARATORS).count() >= 2
        && t.split_whitespace().filter(|w| w.chars().all(|c| c.is_ascii_digit())).count() >= 2
    {
        found |= furn::PAGE_INDEX;
    }
    if en & mark::EN_MASTHEAD != 0 && masthead_titles(t) >= 2 {
        found |= furn::STAFF_BOX;
    }
    found
}

/// Staff-box job titles on the line ("editor", "managing editor", "Advertising Director").
fn masthead_titles(t: &str) -> usize {
    t.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| EN_MASTHEAD_TITLES.iter().any(|m| w.eq_ignore_ascii_case(m)))
        .count()
}

/// The number of a numbered list line ("12. 标题" → 12).
pub(crate) fn list_number(s: &str) -> Option<u16> {
    strip_list_number(s)?;
    // One to three digits (`strip_list_number`).
    Some(s.bytes().take_while(u8::is_ascii_digit).fold(0u16, |a, d| a * 10 + u16::from(d - b'0')))
}

/// A line that names a table of contents: "人民日报文章目录", "本期导读", "目錄", "Contents",
/// "In this issue" (a short line holding one of `lexicon::CONTENTS_WORDS`, case-blind).
pub(crate) fn contents_heading(s: &str) -> bool {
    let t = s.trim();
    t.len() <= 60 && crate::features::lexicon::CONTENTS_WORDS.iter().any(|w| ci_contains(t, w))
}

fn ci_contains(hay: &str, needle: &str) -> bool {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    n.len() <= h.len() && h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
}

/// "1. 标题" → "标题".
pub(crate) fn strip_list_number(t: &str) -> Option<&str> {
    let d = t.bytes().take_while(u8::is_ascii_digit).count();
    if d == 0 || d > 3 {
        return None;
    }
    let rest = &t[d..];
    let rest =
        rest.strip_prefix(". ").or_else(|| rest.strip_prefix('.')).or_else(|| rest.strip_prefix('、'))?;
    Some(rest.trim_start())
}

fn is_page_number(t: &str) -> bool {
    // Every form starts with a digit, a dash, 第 or "page" (perhaps after spaces).
    let Some(first) = t.chars().next() else { return false };
    if !(first.is_ascii_digit() || matches!(first, '-' | '—' | '第' | 'p' | 'P') || is_space(first)) {
        return false;
    }
    let core = t.trim_matches(|c: char| c == '-' || c == '—' || is_space(c));
    if !core.is_empty() && core.len() <= 4 && core.chars().all(|c| c.is_ascii_digit()) {
        return true;
    }
    // "第 5 页", "第5版" (spaces anywhere).
    let mut chars = t.chars().filter(|c| !is_space(*c));
    if chars.next() == Some('第') {
        let mut digits = 0;
        let mut last = None;
        for c in chars.by_ref() {
            if is_digit(c) || is_cn_digit(c) {
                digits += 1;
            } else {
                last = Some(c);
                break;
            }
        }
        if digits > 0 && matches!(last, Some('页' | '頁' | '版')) && chars.next().is_none() {
            return true;
        }
    }
    if ci_starts_with(t, "page ") && t.len() <= 9 && t[5..].trim().chars().all(|c| c.is_ascii_alphanumeric())
    {
        return true;
    }
    false
}

// ------------------------------------------------------------------------------- captions

/// The caption rules a line can match ([`caption`] returns the bits of those it does).
pub(crate) mod cap {
    /// Set between ◘ marks (a photo set apart).
    pub(crate) const BOXED: u16 = 1 << 0;
    /// Ends with a photo credit word ("摄", "供图").
    pub(crate) const CREDIT_END: u16 = 1 << 1;
    /// Starts with a caption word ("图为", "图片").
    pub(crate) const CAPTION_START: u16 = 1 << 2;
    /// An English credit word ("photo by", "Staff photo").
    pub(crate) const EN_CREDIT: u16 = 1 << 3;
    /// "CESAR SANCHEZ/Mustang Daily": a name in capitals, a slash, a paper.
    pub(crate) const NAME_SLASH_PAPER: u16 = 1 << 4;
    /// Where people stand in the photo: "（右二）", "左起", "(left)", "from left".
    pub(crate) const POSITION: u16 = 1 << 5;
}

/// Words that say where someone stands in a photo, a caption's mark in every paper, as they
/// follow an opening bracket ("（右二）", "（左起：", "(left)", "(from left:").
const PHOTO_POSITIONS_BRACKETED: &[&str] = &[
    "左）",
    "右）",
    "中）",
    "左一）",
    "左二）",
    "左三）",
    "右一）",
    "右二）",
    "右三）",
    "中间）",
    "前排",
    "后排",
    "後排",
    "左起",
    "右起",
    "左)",
    "右)",
    "中)",
    "左一)",
    "左二)",
    "左三)",
    "右一)",
    "右二)",
    "右三)",
    "left)",
    "right)",
    "center)",
    "centre)",
    "from left",
    "from right",
    "l-r",
    "L-R",
];
/// The text says where someone stands in a photo, in brackets ([`cap::POSITION`]). `marks`
/// as for [`cn_byline`]: only a line with an opening bracket is looked into.
fn photo_position(t: &str, marks: u16) -> bool {
    marks & mark::OPEN_BRACKET != 0
        && t.match_indices(['（', '('])
            .any(|(k, b)| PHOTO_POSITIONS_BRACKETED.iter().any(|w| t[k + b.len()..].starts_with(w)))
}

/// The caption rules the line matches ([`cap`] bits; 0: none). `marks` as for
/// [`cn_byline`].
pub(crate) fn caption(s: &str, marks: u16) -> u16 {
    let t = s.trim();
    let n = t.chars().count();
    let mut found = 0;
    if t.starts_with('◘') && t.ends_with('◘') {
        found |= cap::BOXED;
    }
    if n <= 30
        && t.chars().next_back().is_some_and(|c| credit_ends().may_end(c))
        && CN_CREDIT_ENDS.iter().any(|e| t.ends_with(e) && t.chars().count() > e.chars().count() + 1)
    {
        found |= cap::CREDIT_END;
    }
    if caption_starts().prefix(t).is_some() {
        found |= cap::CAPTION_START;
    }
    if en_marks(t, marks) & mark::EN_CREDIT != 0 {
        found |= cap::EN_CREDIT;
    }
    if photo_position(t, marks) {
        found |= cap::POSITION;
    }
    if let Some(p) = t.find('/') {
        let left = &t[..p];
        if left.len() >= 5
            && left.chars().all(|c| c.is_uppercase() || c == ' ' || c == '.')
            && p + 1 < t.len()
            && t[p + 1..].chars().next().is_some_and(char::is_uppercase)
            && n < 60
        {
            found |= cap::NAME_SLASH_PAPER;
        }
    }
    found
}

/// A number that opens a subhead: "1", "一、", "第1计".
pub(crate) fn numbered_head(s: &str) -> bool {
    let t = s.trim();
    let n = t.chars().count();
    if n == 0 || n > 24 {
        return false;
    }
    if t.chars().all(|c| is_digit(c) || is_cn_digit(c)) && n <= 3 {
        return true;
    }
    if let Some(r) = t.strip_prefix('第') {
        let d = r.chars().take_while(|c| is_digit(*c) || is_cn_digit(*c)).count();
        if d > 0 {
            return true;
        }
    }
    let first = t.chars().next().unwrap_or(' ');
    if is_cn_digit(first) && t.chars().nth(1) == Some('、') {
        return true;
    }
    false
}

/// True when the text is mostly not language: OCR garbage, rules, symbol strings.
pub(crate) fn garbage(s: &str) -> bool {
    // One pass: characters that are letters, digits or wide (CJK) against the rest, and the
    // white-space separated tokens with the most such characters in one.
    let (mut letters, mut other, mut tokens, mut longest, mut cur, mut in_token) = (0, 0, 0, 0, 0, false);
    for c in s.chars() {
        if c.is_whitespace() {
            if in_token {
                tokens += 1;
                longest = longest.max(cur);
                cur = 0;
                in_token = false;
            }
            continue;
        }
        in_token = true;
        let ci = info(c);
        let letter = match ci.class() {
            // U+FEFF: not white space (it sits inside a token) but not counted either.
            Class::Space => continue,
            Class::Punct => ci.wide(),
            _ => true,
        };
        if letter {
            letters += 1;
            cur += 1;
        } else {
            other += 1;
        }
    }
    if in_token {
        tokens += 1;
        longest = longest.max(cur);
    }
    let n = letters + other;
    // Or only scattered one-letter tokens: "i i l ■ ■ 1".
    n > 0 && (letters == 0 || other * 3 > n && n < 60 || tokens >= 3 && longest <= 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Texts to try the gates on: every line of the sample pages and fixtures, the first and
    /// last few characters of each (short lines are where the gates cut most), and lines made
    /// to match each recogniser.
    fn gate_texts() -> Vec<String> {
        let mut out: Vec<String> = [
            "摄",
            "文",
            "5",
            "12",
            "第3版",
            "第 5 页",
            "- 3 -",
            "Page 3",
            "page 12",
            "《人民日报》（2025年10月20日 第 03 版）",
            "责任编辑：王五",
            "1. 责任编辑 王五",
            "◘图◘",
            "李明 摄",
            "新华社记者 卢汉欣摄",
            "CESAR SANCHEZ/Mustang Daily",
            "Photo by Jane Doe",
            "（新华社北京10月19日电",
            "据新华社北京4月2日电（记者 吴雨）",
            "本报讯",
            "（高安廿六日下午四時電）",
            "WASHINGTON (AP) — The",
            "SACRAMENTO — It",
            "河南鄢陵县",
            "张三",
            "◆ 李四",
            "欧阳·娜娜",
            "一、",
            "第1计",
            "三",
            "下转第3版",
            "See DEBATE, page 7",
            "From page 1",
            "2025年10月20日 星期一",
            "广告",
            "www.example.com",
            "INSIDE: Opinion 4 ★ Arts 6 ★ Sports 8",
            "Monday, Oct. 20, 2025",
            "（本报北京、里约热内卢电",
            "（记者刘晓宇）",
            "司马相如",
            "新华社",
            "人民网 新华网",
            "阿卜杜勒·克里木",
            "商议海军协定",
            "军专家、昨在外交",
            "本报记者在现场",
            "i i l ■ ■ 1 . , ' i l 1 i . ■ ■ ■ i l . , i ' l 1 i l i . ■ ■ i l 1 . , ' i l 1 i",
            "====================================================================",
            "— — — — — — — — — — — — — — — — — — — — — — — — — — — — — — — —",
            "a b c d e f g h i j k l m n o p q r s t u v w x y z a b c d e f g h i j k l m n o p q r s t u v w x y z a b c d e f g h",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for dir in ["examples/pages", "tests/fixtures"] {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "txt") {
                    let page = std::fs::read_to_string(path).unwrap();
                    for line in page.lines() {
                        let chars: Vec<char> = line.trim().chars().collect();
                        out.push(line.to_string());
                        for k in 1..=6.min(chars.len()) {
                            out.push(chars[..k].iter().collect());
                            out.push(chars[chars.len() - k..].iter().collect());
                        }
                    }
                }
            }
        }
        out
    }

    #[test]
    fn gates_hold_wherever_the_recogniser_matches() {
        let mut lines = Vec::new();
        let mut checked = 0;
        for t in gate_texts() {
            crate::text::lines::scan(&t, &mut lines);
            let [l] = lines[..] else { continue };
            let s = l.text(&t);
            let ctx = format!("{s:?}");
            // The marks the furniture and caption rules are given (`facts::line_cues`).
            let marks =
                if l.latin > 0 { l.marks | crate::features::lexicon::en_line_marks(s) } else { l.marks };
            if furniture(s, marks) != 0 {
                assert!(gate::furniture(&l), "furniture {ctx}");
            }
            if caption(s, marks) != 0 {
                assert!(gate::caption(&l), "caption {ctx}");
            }
            if l.is_cjk() && cn_byline(s, l.marks, |_, _| {}).is_some() {
                assert!(gate::cn_byline(&l), "byline {ctx}");
            }
            if garbage(s) {
                assert!(gate::garbage(&l), "garbage {ctx}");
            }
            if cn_bare_name(s).is_some() {
                assert!(gate::cn_bare_name(&l), "bare name {ctx}");
            }
            if numbered_head(s) {
                assert!(gate::numbered_head(&l), "numbered {ctx}");
            }
            if place_line(s) {
                assert!(gate::place_line(&l), "place {ctx}");
            }
            if dispatch_bracket(s) {
                assert!(gate::dispatch_bracket(&l), "dispatch {ctx}");
            }
            if cn_dateline(&t[l.start..]).is_some() {
                assert!(gate::cn_dateline(&l), "cn dateline {ctx}");
            }
            if en_dateline(s).is_some() {
                assert!(gate::en_dateline(&l), "en dateline {ctx}");
            }
            if jump(s).is_some() {
                assert!(gate::jump(&l), "jump {ctx}");
            }
            if trailing_byline(s).is_some() {
                assert!(
                    l.marks & mark::SENTENCE_END != 0 && l.marks & mark::ROLE_WORD != 0,
                    "trailing byline {ctx}"
                );
            }
            if tail_dispatch(s).is_some() || trailing_pen_name(s).is_some() {
                assert!(l.marks & mark::OPEN_BRACKET != 0, "bracketed tail {ctx}");
            }
            // Assembly reads a part of a line (after a dateline, before a tail) with the whole
            // line's gate and marks: a part has no trigger the line lacks.
            for (k, _) in s.char_indices().skip(1) {
                let part = &s[k..];
                assert_eq!(line_jump(part, &l), jump(part), "jump in part {:?} of {ctx}", part);
            }
            checked += 1;
        }
        assert!(checked > 1000, "{checked} texts");
    }

    type Recogniser = fn(&str, &mut dyn FnMut(usize, usize)) -> Option<BylineCue>;

    #[test]
    fn authorship_words_after_a_name_are_not_the_name() {
        assert_eq!(cn_authorship_suffix("李涵秋著"), "著".len());
        assert_eq!(cn_authorship_suffix("亦朋譯 "), "譯".len());
        assert_eq!(cn_authorship_suffix("畢倚虹遺著"), "遺著".len());
        // Two characters at least must stay a name.
        assert_eq!(cn_authorship_suffix("王譯"), 0);
        assert_eq!(cn_authorship_suffix("李涵秋"), 0);
        assert_eq!(cn_authorship_suffix("著"), 0);
    }

    fn names(s: &str, f: Recogniser) -> (Option<BylineCue>, Vec<String>) {
        let mut v = Vec::new();
        let cue = f(s, &mut |a, b| v.push(s[a..b].to_string()));
        (cue, v)
    }

    fn cn(s: &str, f: &mut dyn FnMut(usize, usize)) -> Option<BylineCue> {
        cn_byline(s, mark::ALL, f)
    }

    fn en(s: &str, f: &mut dyn FnMut(usize, usize)) -> Option<BylineCue> {
        en_byline(s, f)
    }

    #[test]
    fn english_role_lines_name_no_one() {
        for s in [
            "Doily Staff Wiitei",
            "Associated Ptess_",
            "Daly Staff Repcxtei",
            "Mustang Daily Staff",
            "Staff Writer",
        ] {
            let (c, n) = names(s, en);
            assert!(c.is_some_and(|c| c.role_word), "{s}");
            assert!(n.is_empty(), "{s}: {n:?}");
        }
        // A person's name before the role keeps its name: two words are no paper's name.
        let (_, n) = names("By Mark Stewart Staff Writer", en);
        assert_eq!(n, ["Mark Stewart"]);
    }

    #[test]
    fn chinese_bylines() {
        let (c, n) = names("文/图 记者 张亚军", cn);
        assert_eq!(n, ["张亚军"]);
        assert_eq!(c.unwrap().role, Role::Reporter);
        let (c, n) = names("通讯员 司志兵 冯奎", cn);
        assert_eq!(n, ["司志兵", "冯奎"]);
        assert_eq!(c.unwrap().role, Role::Correspondent);
        assert_eq!(names("本报记者  孙中钦  陈炅玮  摄影报道", cn).1, ["孙中钦", "陈炅玮"]);
        assert_eq!(names("首席记者  潘高峰", cn).1, ["潘高峰"]);
        assert_eq!(names("本报记者 刘 赫", cn).1, ["刘 赫"]);
        assert_eq!(names("记者 刘文思 报道", cn).1, ["刘文思"]);
        assert_eq!(names("文/付秀宏", cn).1, ["付秀宏"]);
        assert_eq!(names("（记者  吴雨）", cn).1, ["吴雨"]);
        assert_eq!(names("（刘张烨参与采写）", cn).1, ["刘张烨"]);
        assert_eq!(names("新华社记者 卢汉欣摄", cn).1, ["卢汉欣"]);
        assert_eq!(names("江苏南京市 刘国华", cn).1, ["刘国华"]);
        assert!(names("（作者为塞尔维亚国民议会副议长）", cn).1.is_empty());
        assert_eq!(names("（丹翁）", cn).1, ["丹翁"]);
        // The role after a pen name: who translated, contributed, wrote, replied for another.
        assert_eq!(names("（寒雲代覆）", cn).1, ["寒雲"]);
        assert_eq!(names("（悔餘投稿）", cn).1, ["悔餘"]);
        assert_eq!(names("（捉刀人譔）", cn).1, ["捉刀人"]);
        assert_eq!(names("颜欢翻译", cn).1, ["颜欢"]);
        // A name wrapped after its first character stays one name; a padded one on one line too.
        assert_eq!(names("（记者李欣怡、曹\n\n师韵、郑翔）", cn).1, ["李欣怡", "曹\n\n师韵", "郑翔"]);
        assert_eq!(names("（记者李欣怡、曹\n师韵摄）", cn).1, ["李欣怡", "曹\n师韵"]);
        assert_eq!(names("（记者 李 欣 怡、曹 、郑翔）", cn).1, ["李 欣 怡", "曹", "郑翔"]);
        let (c, n) = names("新华社记者", cn);
        assert!(n.is_empty());
        assert!(c.unwrap().role_word);
        assert!(
            cn_byline("今天上午，记者来到现场采访了多位市民。", mark::ALL, |_, _| {}).is_none_or(|c| !c.pure)
        );
    }

    #[test]
    fn english_bylines() {
        assert_eq!(names("By Jeff Blizzard", en).1, ["Jeff Blizzard"]);
        assert_eq!(names("by Frank Van Brocklin SlaHWfUer", en).1, ["Frank Van Brocklin"]);
        assert_eq!(names("by Jenny Coyle staff Wiltaf", en).1, ["Jenny Coyle"]);
        assert_eq!(names("By Tara Giambalvo and Jim Lee", en).1, ["Tara Giambalvo", "Jim Lee"]);
        assert_eq!(names("and Marla R. Van Schuyver", en).1, ["Marla R. Van Schuyver"]);
        let (c, n) = names("Staff Writer", en);
        assert!(n.is_empty() && c.unwrap().role_word);
        assert!(
            en_byline("By the time the council met, nothing was left.", |_, _| {}).is_none_or(|c| !c.pure)
        );
    }

    #[test]
    fn datelines() {
        let s = "晨报淄博6月15日讯 酒后驾驶";
        let d = cn_dateline(s).unwrap();
        assert_eq!(&s[..d.end], "晨报淄博6月15日讯");
        assert_eq!(&s[d.source.unwrap().0..d.source.unwrap().1], "晨报");
        assert_eq!(&s[d.place.unwrap().0..d.place.unwrap().1], "淄博");
        assert_eq!(&s[d.date.unwrap().0..d.date.unwrap().1], "6月15日");
        assert_eq!(&s[d.body..], "酒后驾驶");
        let s = "据新华社北京4月2日电（记者  吴雨）记者2日从";
        let d = cn_dateline(s).unwrap();
        assert_eq!(&s[..d.end], "据新华社北京4月2日电");
        assert_eq!(&s[d.byline.unwrap().0..d.byline.unwrap().1], "（记者  吴雨）");
        assert_eq!(&s[d.body..], "记者2日从");
        let s = "本报讯 昨天";
        assert_eq!(&s[..cn_dateline(s).unwrap().end], "本报讯");
        let s = "（重慶廿六日路\n透電）今日此間";
        let d = cn_dateline(s).unwrap();
        assert_eq!(&s[..d.end], "（重慶廿六日路\n透電）");
        assert_eq!(&s[d.place.unwrap().0..d.place.unwrap().1], "重慶");
        assert!(cn_dateline("本报记者走访了多个社区").is_none());
        let s = "WINSTON-SALEM, N.C. (AP) — A man";
        let d = en_dateline(s).unwrap();
        assert_eq!(&s[..d.end], "WINSTON-SALEM, N.C. (AP) —");
        assert_eq!(&s[d.source.unwrap().0..d.source.unwrap().1], "AP");
        let s = "SACRAMENTO (AP) - The state";
        assert_eq!(&s[..en_dateline(s).unwrap().end], "SACRAMENTO (AP) -");
        assert!(en_dateline("I know many people").is_none());
        // As scans garble it: a letter of the capitals in lower case, the comma read as a period,
        // the agency's brackets dropped or read as letters and signs.
        for (s, place, dateline) in [
            ("HARTFORD, Conn. lAP) — The", "HARTFORD, Conn.", "HARTFORD, Conn. lAP) —"),
            ("BOISE. Idaho (AP)—Snow fell", "BOISE. Idaho", "BOISE. Idaho (AP)—"),
            ("DENVER (API— A jury", "DENVER", "DENVER (API—"),
            ("ALBANY, N.Y. AP—State", "ALBANY, N.Y.", "ALBANY, N.Y. AP—"),
            ("SAN DIEGO (AP>-Crews", "SAN DIEGO", "SAN DIEGO (AP>-"),
            ("CARSON CI'TY>(AP)-\"We", "CARSON CI'TY", "CARSON CI'TY>(AP)-"),
            ("PORTLaND, Ore. (UPI) - The", "PORTLaND, Ore.", "PORTLaND, Ore. (UPI) -"),
            ("EULESS, Texas (AP) , — A", "EULESS, Texas", "EULESS, Texas (AP) , —"),
            ("NAIROBI, Kenya AP - Rain", "NAIROBI, Kenya", "NAIROBI, Kenya AP -"),
            ("CAIRO, Egypt — The", "CAIRO, Egypt", "CAIRO, Egypt —"),
            ("CAPE TOWN, South Africa — The", "CAPE TOWN, South Africa", "CAPE TOWN, South Africa —"),
        ] {
            let d = en_dateline(s).unwrap_or_else(|| panic!("{s}"));
            assert_eq!(&s[..d.end], dateline, "{s}");
            assert_eq!(&s[d.place.unwrap().0..d.place.unwrap().1], place, "{s}");
        }
        let s = "DENVER (API— A jury";
        let d = en_dateline(s).unwrap();
        assert_eq!(&s[d.source.unwrap().0..d.source.unwrap().1], "AP");
        // Not datelines: a title-case word, a capital word with no dash after it, an agency
        // named inside a sentence, a lower-case agency.
        for s in [
            "Denver — The city",
            "NASA said on Monday that",
            "DENVER, Colo. The city",
            "The AP - reported",
            "DENVER (ap) — A jury",
            "DENVER (APRIL) — A jury",
        ] {
            assert!(en_dateline(s).is_none(), "{s}");
        }
        // Doubled dashes, of more than one byte each (a fuzz finding: this once sliced inside
        // the second dash).
        let s = "WASHINGTON —— The Senate";
        assert_eq!(&s[..en_dateline(s).unwrap().end], "WASHINGTON ——");
        let s = "WASHINGTON --- The Senate";
        assert_eq!(&s[..en_dateline(s).unwrap().end], "WASHINGTON ---");
        let s = "QQQQ——————QQQQ";
        assert_eq!(&s[..en_dateline(s).unwrap().end], "QQQQ——————");
    }

    #[test]
    fn jumps() {
        let s = "……的组织保障。（下转第3版）";
        let j = jump(s).unwrap();
        assert_eq!(&s[j.start..], "（下转第3版）");
        assert_eq!(&s[j.page.0..j.page.1], "第3版");
        assert_eq!(j.direction, Direction::To);
        let s = "（上接第1版）";
        assert_eq!(jump(s).unwrap().direction, Direction::From);
        let s = "they said. See DEBATE, back page";
        let j = jump(s).unwrap();
        assert_eq!(&s[j.start..], "See DEBATE, back page");
        assert_eq!(&s[j.page.0..j.page.1], "back page");
        let s = "Sec SUICIDE, page 9";
        assert_eq!(&s[jump(s).unwrap().page.0..], "9");
        let s = "PI«aM see p«g« 2";
        assert_eq!(jump(s).unwrap().start, 0);
        let s = "From page 1";
        assert_eq!(jump(s).unwrap().direction, Direction::From);
        assert!(jump("The page was turned and he left.").is_none());
        // A serial's instalment mark: a jump to a later issue, no page.
        let s = "……不知如何是好、（未完）";
        let j = jump(s).unwrap();
        assert_eq!((&s[j.start..], j.page.0 == j.page.1, j.direction), ("（未完）", true, Direction::To));
        assert_eq!(jump("（待續）").unwrap().start, 0);
        assert!(jump("工程已经完成。").is_none());
        assert!(jump("未完").is_none());
    }

    #[test]
    fn furniture_lines() {
        assert_eq!(furniture("第 48 页", mark::ALL), furn::PAGE_NUMBER);
        assert_ne!(furniture("《人民日报》（2025年10月20日 第 03 版）", mark::ALL) & furn::EDITION, 0);
        assert_ne!(furniture("新民晚报 2022年4月1日 星期五 第8版:上海新闻", mark::ALL) & furn::DATED_PAGE, 0);
        assert_eq!(furniture("扫描“鲁中晨报”APP 二维码查看更多内容", mark::ALL), furn::WORD);
        assert_ne!(furniture("本版责编：杨 旭", mark::ALL) & furn::EDITOR_CREDIT, 0);
        assert_eq!(furniture("今天上午，记者来到现场采访了多位市民。", mark::ALL), 0);
    }
}
