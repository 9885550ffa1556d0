//! Character classes shared by every stage.

use std::sync::atomic::{AtomicU32, Ordering};

/// CJK ideographs, kana and hangul: scripts written without spaces between words.
#[inline]
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF
        | 0x3040..=0x30FF | 0x31F0..=0x31FF | 0xAC00..=0xD7AF | 0x3005..=0x3007)
}

/// Full-width forms and CJK punctuation (they join without spaces, like CJK text).
#[inline]
pub(crate) fn is_wide_punct(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFEE | 0x2018..=0x201F
        | 0x2026 | 0x2014 | 0x2015 | 0x25A0..=0x25FF | 0x2460..=0x24FF | 0x00B7 | 0x2027 | 0x30FB)
}

/// Characters that take two columns and join without spaces.
#[inline]
pub(crate) fn is_wide(c: char) -> bool {
    is_cjk(c) || is_wide_punct(c)
}

/// Whitespace, including U+3000, U+FEFF and the form feed.
#[inline]
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// Closing quotes and brackets that may follow a sentence end.
#[inline]
pub(crate) fn is_closer(c: char) -> bool {
    matches!(c, '”' | '’' | '"' | '\'' | '」' | '』' | '）' | ')' | '》' | '〉' | '】' | '］' | ']')
}

/// Sentence-final punctuation.
#[inline]
pub(crate) fn is_terminal(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '.' | '…' | '；' | ';' | '．' | '｡' | '：' | ':')
}

/// Punctuation that cannot end a finished sentence (the text must go on).
#[inline]
pub(crate) fn is_clinging_end(c: char) -> bool {
    matches!(c, '，' | ',' | '、' | '—' | '-' | '–' | '·' | '（' | '(' | '“' | '‘' | '《')
}

/// Punctuation that cannot start a sentence (the line continues an earlier one).
#[inline]
pub(crate) fn is_clinging_start(c: char) -> bool {
    matches!(
        c,
        '，' | ','
            | '、'
            | '。'
            | '：'
            | '；'
            | ';'
            | '）'
            | ')'
            | '！'
            | '？'
            | '”'
            | '’'
            | '》'
            | '…'
            | '．'
            | '%'
            | '％'
    )
}

/// Clause and sentence punctuation of prose: a longer CJK line without any reads as a headline.
#[inline]
pub(crate) fn is_clause_punct(c: char) -> bool {
    matches!(c, '，' | ',' | '、' | '。' | '；' | '：')
}

/// The punctuation of running text (、，。； and ','): a block of lines holding any is body
/// text, not a headline cluster (`roles::mark_blocks`).
#[inline]
pub(crate) fn is_prose_punct(c: char) -> bool {
    matches!(c, '、' | '，' | '。' | '；' | ',')
}

/// Any punctuation or symbol (not a letter, digit or space).
#[inline]
pub(crate) fn is_punct(c: char) -> bool {
    !c.is_alphanumeric() && !is_space(c) && !is_cjk(c)
}

/// Chinese numerals used in dates and page numbers.
#[inline]
pub(crate) fn is_cn_digit(c: char) -> bool {
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
            | '廿'
            | '卅'
            | '百'
            | '两'
            | '兩'
    )
}

/// ASCII or full-width digit.
#[inline]
pub(crate) fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// What one character counts as in a line's measurements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Class {
    /// [`is_space`].
    Space,
    /// [`is_cjk`].
    Cjk,
    /// A letter that is upper case.
    Upper,
    /// Any other letter (alphabetic, not CJK).
    Letter,
    /// [`is_digit`].
    Digit,
    /// [`is_punct`].
    Punct,
    /// Anything else (numerals such as "①", marks).
    Other,
}

/// The [`Class`] of `c`, in the order the measurements test it (the hot paths read it from
/// [`info`]).
pub(crate) fn classify(c: char) -> Class {
    if is_space(c) {
        Class::Space
    } else if is_cjk(c) {
        Class::Cjk
    } else if c.is_alphabetic() {
        if c.is_uppercase() { Class::Upper } else { Class::Letter }
    } else if is_digit(c) {
        Class::Digit
    } else if is_punct(c) {
        Class::Punct
    } else {
        Class::Other
    }
}

/// Everything a line's measurement asks of one character, from one table load
/// ([`info`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Info(u32);

impl Info {
    const WIDE: u32 = 1 << 3;
    const TERMINAL: u32 = 1 << 4;
    const CLOSER: u32 = 1 << 5;
    const CLINGING_END: u32 = 1 << 6;
    const CLINGING_START: u32 = 1 << 7;
    const QUOTE_OPEN: u32 = 1 << 8;
    const QUOTE_CLOSE: u32 = 1 << 9;
    const COMMA: u32 = 1 << 10;
    const CLAUSE: u32 = 1 << 11;
    const PROSE: u32 = 1 << 12;
    const MARKS_SHIFT: u32 = 16;
    /// Marks of characters use the low thirteen bits of a `lexicon::mark` set.
    const MARKS_MASK: u32 = 0x1FFF;

    /// Computed from the predicates (the table holds this for every BMP character).
    fn compute(c: char) -> Info {
        let class = classify(c);
        let mut v = class as u32;
        let flags = [
            (is_wide(c), Info::WIDE),
            (is_terminal(c), Info::TERMINAL),
            (is_closer(c), Info::CLOSER),
            (is_clinging_end(c), Info::CLINGING_END),
            (is_clinging_start(c), Info::CLINGING_START),
            (matches!(c, '“' | '（' | '「' | '『' | '《'), Info::QUOTE_OPEN),
            (matches!(c, '”' | '）' | '」' | '』' | '》'), Info::QUOTE_CLOSE),
            (matches!(c, '，' | ','), Info::COMMA),
            (is_clause_punct(c), Info::CLAUSE),
            (is_prose_punct(c), Info::PROSE),
        ];
        for (on, bit) in flags {
            if on {
                v |= bit;
            }
        }
        let marks = crate::features::lexicon::marks_of(c);
        debug_assert!(u32::from(marks) <= Info::MARKS_MASK, "character marks fit the table");
        Info(v | (u32::from(marks) & Info::MARKS_MASK) << Info::MARKS_SHIFT)
    }

    /// [`classify`].
    #[inline]
    pub(crate) fn class(self) -> Class {
        // One load: the three class bits index the classes in declaration order.
        const CLASSES: [Class; 8] = [
            Class::Space,
            Class::Cjk,
            Class::Upper,
            Class::Letter,
            Class::Digit,
            Class::Punct,
            Class::Other,
            Class::Other,
        ];
        CLASSES[(self.0 & 7) as usize]
    }
    /// The raw bits (classes, flags and marks of several characters may be OR-ed and read back
    /// with the flag and mark accessors; the class of such a union means nothing).
    #[inline]
    pub(crate) fn bits(self) -> u32 {
        self.0
    }
    /// An `Info` of raw bits ([`Info::bits`]).
    #[inline]
    pub(crate) fn from_bits(bits: u32) -> Info {
        Info(bits)
    }
    /// A wide CJK character with no other flag and no mark: the bulk of Chinese text, which
    /// the line measurement counts without reading each flag.
    #[inline]
    pub(crate) fn plain_cjk(self) -> bool {
        self.0 == Class::Cjk as u32 | Info::WIDE
    }
    /// [`is_wide`].
    #[inline]
    pub(crate) fn wide(self) -> bool {
        self.0 & Info::WIDE != 0
    }
    /// [`is_terminal`].
    #[inline]
    pub(crate) fn terminal(self) -> bool {
        self.0 & Info::TERMINAL != 0
    }
    /// [`is_closer`].
    #[inline]
    pub(crate) fn closer(self) -> bool {
        self.0 & Info::CLOSER != 0
    }
    /// [`is_clinging_end`].
    #[inline]
    pub(crate) fn clinging_end(self) -> bool {
        self.0 & Info::CLINGING_END != 0
    }
    /// [`is_clinging_start`].
    #[inline]
    pub(crate) fn clinging_start(self) -> bool {
        self.0 & Info::CLINGING_START != 0
    }
    /// An opening quote or bracket that a line may leave open.
    #[inline]
    pub(crate) fn quote_open(self) -> bool {
        self.0 & Info::QUOTE_OPEN != 0
    }
    /// Its closing counterpart.
    #[inline]
    pub(crate) fn quote_close(self) -> bool {
        self.0 & Info::QUOTE_CLOSE != 0
    }
    /// A comma (full-width or ASCII).
    #[inline]
    pub(crate) fn comma(self) -> bool {
        self.0 & Info::COMMA != 0
    }
    /// [`is_clause_punct`].
    #[inline]
    pub(crate) fn clause(self) -> bool {
        self.0 & Info::CLAUSE != 0
    }
    /// [`is_prose_punct`].
    #[inline]
    pub(crate) fn prose(self) -> bool {
        self.0 & Info::PROSE != 0
    }
    /// The character's `lexicon::mark` bits.
    #[inline]
    pub(crate) fn marks(self) -> u16 {
        ((self.0 >> Info::MARKS_SHIFT) & Info::MARKS_MASK) as u16
    }
}

/// The [`Info`] of the characters of the Basic Multilingual Plane seen so far: each entry is
/// computed the first time its character is met (0 = not yet), so there is no start-up cost
/// and no allocation. Threads that race on an entry store the same value.
static INFO: [AtomicU32; 0x10000] = [const { AtomicU32::new(0) }; 0x10000];

/// Set in every computed [`INFO`] entry.
const KNOWN: u32 = 1 << 31;

/// The [`Info`] of `c`: a table load once its character has been seen.
#[inline]
pub(crate) fn info(c: char) -> Info {
    let Some(slot) = INFO.get(c as usize) else { return Info::compute(c) };
    let v = slot.load(Ordering::Relaxed);
    if v & KNOWN != 0 {
        return Info(v & !KNOWN);
    }
    let i = Info::compute(c);
    slot.store(i.0 | KNOWN, Ordering::Relaxed);
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_info_table_equals_the_predicates_for_every_char() {
        for u in 0..=0x10FFFFu32 {
            let Some(c) = char::from_u32(u) else { continue };
            // Twice: computed, then from the table.
            assert_eq!(info(c), info(c), "U+{u:04X}");
            let i = info(c);
            assert_eq!(i.class(), classify(c), "U+{u:04X}");
            assert_eq!(i.wide(), is_wide(c), "U+{u:04X}");
            assert_eq!(i.terminal(), is_terminal(c), "U+{u:04X}");
            assert_eq!(i.closer(), is_closer(c), "U+{u:04X}");
            assert_eq!(i.clinging_end(), is_clinging_end(c), "U+{u:04X}");
            assert_eq!(i.clinging_start(), is_clinging_start(c), "U+{u:04X}");
            assert_eq!(i.marks(), crate::features::lexicon::marks_of(c), "U+{u:04X}");
            assert_eq!(i.comma(), matches!(c, '，' | ','), "U+{u:04X}");
            assert_eq!(i.clause(), is_clause_punct(c), "U+{u:04X}");
            assert_eq!(i.prose(), is_prose_punct(c), "U+{u:04X}");
        }
    }
}
