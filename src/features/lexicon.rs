//! Every word list the parser knows, named, in one place. Simplified and traditional forms
//! stand side by side.

use std::sync::OnceLock;

/// A word list prepared for matching. A bitmap of the words' first characters (Basic
/// Multilingual Plane; characters above it share the last bit) rejects a line position that
/// cannot start a word with one load; where one can, only the words that begin with that
/// character are compared (sorted `(key, word)` indexes). Suffix search has the same by last
/// characters, and the ASCII case-free search filters by lower-cased byte pairs, then hashed
/// triples. Every word-list lookup on the hot path goes through one.
pub(crate) struct WordSet {
    first: Box<[u64; 1024]>,
    /// The bitmaps below are built on first use (most sets never need them).
    last: OnceLock<Box<[u64; 1024]>>,
    /// The words' second characters (words of two characters or more).
    second: OnceLock<Box<[u64; 1024]>>,
    /// A word of one character is in the set (the second-character filter cannot be used).
    single_char: bool,
    /// The words' first two bytes, ASCII letters lower-cased (for the byte-wise search).
    pairs: OnceLock<Box<[u64; 1024]>>,
    /// (pair index, word) for every word of two bytes or more, sorted: the words a position's
    /// pair may begin.
    by_pair: Vec<(u16, u16)>,
    /// (first character, word), sorted: the words a character may begin.
    by_first: Vec<(char, u16)>,
    /// (last character, word), sorted: the words a character may end.
    by_last: Vec<(char, u16)>,
    /// The words' first three bytes, ASCII letters lower-cased, hashed to 16 bits: the second
    /// stage of the byte-wise filter, checked where a pair matched.
    triples: OnceLock<Box<[u64; 1024]>>,
    /// A word shorter than two bytes is in the set (the pair filter cannot be used).
    short: bool,
    /// A word shorter than three bytes is in the set (the triple filter cannot be used).
    short3: bool,
    /// Every word is ASCII and has a letter (a line without ASCII letters cannot hold one).
    ascii_letters: bool,
    words: Vec<&'static str>,
    /// Each word's tag bits ([`WordSet::ascii_ci_tags`]; 1 unless the set was built tagged).
    tags: Vec<u16>,
}

#[inline]
fn triple_index(a: u8, b: u8, c: u8) -> usize {
    let v = u32::from(a.to_ascii_lowercase()) << 16
        | u32::from(b.to_ascii_lowercase()) << 8
        | u32::from(c.to_ascii_lowercase());
    (v.wrapping_mul(0x9E37_79B1) >> 16) as usize
}

#[inline]
fn pair_index(a: u8, b: u8) -> usize {
    usize::from(a.to_ascii_lowercase()) << 8 | usize::from(b.to_ascii_lowercase())
}

#[inline]
fn bit_index(c: char) -> usize {
    (c as u32).min(0xFFFF) as usize
}

#[inline]
fn has_bit(map: &[u64; 1024], c: char) -> bool {
    let k = bit_index(c);
    map[k / 64] & (1 << (k % 64)) != 0
}

fn set_bit(map: &mut [u64; 1024], c: char) {
    let k = bit_index(c);
    map[k / 64] |= 1 << (k % 64);
}

impl WordSet {
    /// A set of `words`.
    pub(crate) fn new(words: impl IntoIterator<Item = &'static str>) -> Self {
        Self::tagged(words.into_iter().map(|w| (w, 1)))
    }

    /// A set of words, each with tag bits.
    pub(crate) fn tagged(tagged: impl IntoIterator<Item = (&'static str, u16)>) -> Self {
        let (words, tags): (Vec<&'static str>, Vec<u16>) = tagged.into_iter().unzip();
        let mut first = Box::new([0u64; 1024]);
        for w in &words {
            if let Some(c) = w.chars().next() {
                set_bit(&mut first, c);
            }
        }
        let short = words.iter().any(|w| w.len() < 2);
        let short3 = words.iter().any(|w| w.len() < 3);
        let ascii_letters = words.iter().all(|w| w.is_ascii() && w.bytes().any(|b| b.is_ascii_alphabetic()));
        let index = |k: usize| u16::try_from(k).expect("a word list has fewer than 65536 words");
        let mut by_pair: Vec<(u16, u16)> = Vec::new();
        let mut by_first: Vec<(char, u16)> = Vec::new();
        let mut by_last: Vec<(char, u16)> = Vec::new();
        for (k, w) in words.iter().enumerate() {
            if let [a, b, ..] = *w.as_bytes() {
                by_pair.push((pair_index(a, b) as u16, index(k)));
            }
            if let (Some(f), Some(l)) = (w.chars().next(), w.chars().next_back()) {
                by_first.push((f, index(k)));
                by_last.push((l, index(k)));
            }
        }
        by_pair.sort_unstable();
        by_first.sort_unstable();
        by_last.sort_unstable();
        let single_char = words.iter().any(|w| w.chars().nth(1).is_none());
        WordSet {
            first,
            last: OnceLock::new(),
            second: OnceLock::new(),
            single_char,
            pairs: OnceLock::new(),
            triples: OnceLock::new(),
            by_pair,
            by_first,
            by_last,
            short,
            short3,
            ascii_letters,
            words,
            tags,
        }
    }

    /// A bitmap with one bit set for each word, at the index `key` gives (None: no bit).
    fn bitmap(&self, key: impl Fn(&str) -> Option<usize>) -> Box<[u64; 1024]> {
        let mut map = Box::new([0u64; 1024]);
        for k in self.words.iter().filter_map(|w| key(w)) {
            map[k / 64] |= 1 << (k % 64);
        }
        map
    }

    fn last_map(&self) -> &[u64; 1024] {
        self.last.get_or_init(|| self.bitmap(|w| w.chars().next_back().map(bit_index)))
    }

    fn second_map(&self) -> &[u64; 1024] {
        self.second.get_or_init(|| self.bitmap(|w| w.chars().nth(1).map(bit_index)))
    }

    fn pair_map(&self) -> &[u64; 1024] {
        self.pairs.get_or_init(|| {
            self.bitmap(|w| match *w.as_bytes() {
                [a, b, ..] => Some(pair_index(a, b)),
                _ => None,
            })
        })
    }

    fn triple_map(&self) -> &[u64; 1024] {
        self.triples.get_or_init(|| {
            self.bitmap(|w| match *w.as_bytes() {
                [a, b, c, ..] => Some(triple_index(a, b, c)),
                _ => None,
            })
        })
    }

    /// The entries of a sorted (key, word) index with this key, in word order.
    #[inline]
    fn with_key<K: Ord + Copy>(index: &[(K, u16)], key: K) -> impl Iterator<Item = usize> + '_ {
        let lo = index.partition_point(|&(k, _)| k < key);
        index[lo..].iter().take_while(move |&&(k, _)| k == key).map(|&(_, w)| usize::from(w))
    }

    /// True when any word occurs in `t`.
    pub(crate) fn occurs_in(&self, t: &str) -> bool {
        let second = (!self.single_char).then(|| self.second_map());
        let mut chars = t.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if !has_bit(&self.first, c) {
                continue;
            }
            // Every word has a second character: the next character must be one.
            if second.is_some_and(|m| !chars.peek().is_some_and(|&(_, d)| has_bit(m, d))) {
                continue;
            }
            if Self::with_key(&self.by_first, c).any(|w| t[i..].starts_with(self.words[w])) {
                return true;
            }
        }
        false
    }

    /// The tags of the words that occur in `t`, ASCII letters compared without case (the words
    /// are lower case; non-ASCII words must match exactly), OR-ed; the search stops once every
    /// bit of `want` is found.
    pub(crate) fn ascii_ci_tags(&self, t: &str, want: u16) -> u16 {
        let b = t.as_bytes();
        if self.ascii_letters && !b.iter().any(u8::is_ascii_alphabetic) {
            return 0;
        }
        let matches = |i: usize, w: usize| {
            let w = self.words[w].as_bytes();
            b.len() - i >= w.len() && b[i..i + w.len()].eq_ignore_ascii_case(w)
        };
        let mut found = 0;
        if self.short {
            for i in 0..b.len() {
                for w in 0..self.words.len() {
                    if matches(i, w) {
                        found |= self.tags[w];
                    }
                }
                if found & want == want {
                    break;
                }
            }
            return found;
        }
        // Only positions whose first two bytes (then three) begin some word are compared. A
        // word starts with a whole character, so no match can begin inside one.
        let (pairs, triples) = (self.pair_map(), self.triple_map());
        let mut i = 0;
        // Each byte lower-cased once: the pair at `i` is the last one's second byte and this.
        let mut low = b.first().map_or(0, u8::to_ascii_lowercase);
        while i + 1 < b.len() {
            let next = b[i + 1].to_ascii_lowercase();
            let k = usize::from(low) << 8 | usize::from(next);
            low = next;
            let hit = pairs[k / 64] & (1 << (k % 64)) != 0
                && (self.short3
                    || i + 2 < b.len() && {
                        let k3 = triple_index(b[i], b[i + 1], b[i + 2]);
                        triples[k3 / 64] & (1 << (k3 % 64)) != 0
                    });
            if hit {
                for w in Self::with_key(&self.by_pair, k as u16) {
                    if matches(i, w) {
                        found |= self.tags[w];
                    }
                }
                if found & want == want {
                    break;
                }
            }
            i += 1;
        }
        found
    }

    /// Index of the longest word that `t` starts with (the last of equals).
    #[inline]
    pub(crate) fn prefix(&self, t: &str) -> Option<usize> {
        let c = t.chars().next()?;
        if !has_bit(&self.first, c) {
            return None;
        }
        self.longest(Self::with_key(&self.by_first, c).filter(|&k| t.starts_with(self.words[k])))
    }

    /// Of these words, the longest (the last of equals).
    #[inline]
    fn longest(&self, words: impl Iterator<Item = usize>) -> Option<usize> {
        words.fold(None, |best, k| match best {
            Some(b) if self.words[b].len() > self.words[k].len() => Some(b),
            _ => Some(k),
        })
    }

    /// Some word begins with `c` (one bitmap load).
    #[inline]
    pub(crate) fn may_start(&self, c: char) -> bool {
        has_bit(&self.first, c)
    }

    /// Some word ends with `c` (one bitmap load).
    #[inline]
    pub(crate) fn may_end(&self, c: char) -> bool {
        has_bit(self.last_map(), c)
    }

    /// The longest word that `t` starts with.
    #[inline]
    pub(crate) fn prefix_word(&self, t: &str) -> Option<&'static str> {
        self.prefix(t).map(|k| self.words[k])
    }

    /// Index of the longest word that `t` ends with and is longer than (the last of equals).
    #[inline]
    pub(crate) fn proper_suffix(&self, t: &str) -> Option<usize> {
        let c = t.chars().next_back()?;
        if !has_bit(self.last_map(), c) {
            return None;
        }
        self.longest(Self::with_key(&self.by_last, c).filter(|&k| {
            let w = self.words[k];
            t.ends_with(w) && t.len() > w.len()
        }))
    }
}

/// The characters of `s`, each a word of its own (lists written as one string of characters).
fn each_char(s: &'static str) -> impl Iterator<Item = &'static str> {
    s.char_indices().map(move |(i, c)| &s[i..i + c.len_utf8()])
}

/// An accessor for a [`WordSet`] of a list, built on first use.
macro_rules! word_set {
    ($(#[$doc:meta])* $name:ident, $words:expr) => {
        $(#[$doc])*
        pub(crate) fn $name() -> &'static WordSet {
            static SET: OnceLock<WordSet> = OnceLock::new();
            SET.get_or_init(|| WordSet::new($words))
        }
    };
}

word_set!(
    /// `CN_ROLE_WORDS` (indices match the list's).
    role_words,
    CN_ROLE_WORDS.iter().map(|(w, _)| *w)
);
word_set!(
    /// The one-character words of `CN_ROLE_WORDS` ("摄").
    role_chars,
    CN_ROLE_WORDS.iter().map(|(w, _)| *w).filter(|w| w.chars().nth(1).is_none())
);
word_set!(
    /// `CN_FURNITURE_WORDS`.
    furniture_words,
    CN_FURNITURE_WORDS.iter().copied()
);
word_set!(
    /// `CN_AD_WORDS`.
    ad_word_set,
    CN_AD_WORDS.iter().copied()
);
word_set!(
    /// `CN_AUTHOR_NOTE`.
    author_notes,
    CN_AUTHOR_NOTE.iter().copied()
);
word_set!(
    /// `CN_AGENCIES`.
    agencies,
    CN_AGENCIES.iter().copied()
);
word_set!(
    /// `CN_PARAGRAPH_OPENERS`.
    paragraph_openers,
    CN_PARAGRAPH_OPENERS.iter().copied()
);
word_set!(
    /// `CN_CREDIT_ENDS`.
    credit_ends,
    CN_CREDIT_ENDS.iter().copied()
);
word_set!(
    /// `CN_DATELINE_SOURCES`.
    dateline_sources,
    CN_DATELINE_SOURCES.iter().copied()
);
word_set!(
    /// The characters of `CN_SURNAMES`, each a word.
    surnames,
    each_char(CN_SURNAMES)
);
word_set!(
    /// The characters of `CN_CONT_START_CHARS`, each a word.
    cont_start_chars,
    each_char(CN_CONT_START_CHARS)
);
word_set!(
    /// `CN_COMPOUND_SURNAMES`.
    compound_surnames,
    CN_COMPOUND_SURNAMES.iter().copied()
);
word_set!(
    /// `CN_EDITOR_CREDITS`.
    editor_credits,
    CN_EDITOR_CREDITS.iter().copied()
);
word_set!(
    /// `CN_CAPTION_STARTS`.
    caption_starts,
    CN_CAPTION_STARTS.iter().copied()
);
word_set!(
    /// `CN_WEEKDAYS`.
    cn_weekdays,
    CN_WEEKDAYS.iter().copied()
);

/// Marks: which trigger characters a line holds, one bit each (set by `lines::scan` from
/// [`marks_of`]). A recogniser whose pattern needs such a character is not run on a line
/// without it; a mark is a necessary condition only, never a match.
pub(crate) mod mark {
    /// The first character of a word in `CN_ROLE_WORDS` (as [`super::role_words`] sees it).
    pub(crate) const ROLE_WORD: u16 = 1;
    /// The first character of a word in `CN_FURNITURE_WORDS`.
    pub(crate) const FURNITURE_WORD: u16 = 2;
    /// The first character of a word in `CN_AD_WORDS`.
    pub(crate) const AD_WORD: u16 = 4;
    /// The first character of a word in `CN_WEEKDAYS`.
    pub(crate) const CN_WEEKDAY: u16 = 8;
    /// A character every Chinese jump word holds (`CN_JUMP_CHARS`).
    pub(crate) const CN_JUMP: u16 = 16;
    /// An opening bracket that starts a dispatch byline: （ or (.
    pub(crate) const OPEN_BRACKET: u16 = 32;
    /// Punctuation that ends a sentence before a trailing byline (`TRAILING_BYLINE_AFTER`).
    pub(crate) const SENTENCE_END: u16 = 64;
    /// Punctuation a paragraph opener's line needs (`OPENER_PUNCT`).
    pub(crate) const OPENER_PUNCT: u16 = 128;
    /// A word of `EN_FURNITURE_WORDS` (ASCII case-free; from [`super::en_line_marks`]).
    pub(crate) const EN_FURNITURE: u16 = 256;
    /// A word of `EN_CREDIT_WORDS`.
    pub(crate) const EN_CREDIT: u16 = 512;
    /// A word of `EN_WEEKDAYS`.
    pub(crate) const EN_WEEKDAY: u16 = 1024;
    /// 年: a Chinese date may be on the line.
    pub(crate) const YEAR: u16 = 2048;
    /// A separator of a page index (`INDEX_SEPARATORS`).
    pub(crate) const INDEX_SEP: u16 = 4096;
    /// A word of `EN_MASTHEAD_TITLES` (from [`super::en_line_marks`]).
    pub(crate) const EN_MASTHEAD: u16 = 8192;
    /// Nothing known: every recogniser runs (text that is not a whole measured line).
    pub(crate) const ALL: u16 = u16::MAX;
}

/// Characters of which every Chinese jump word ("下转第", "接上版", "續") or serial mark
/// ("（未完）") holds one.
pub(crate) const CN_JUMP_CHARS: [char; 6] = ['转', '轉', '接', '续', '續', '完'];
/// Sentence ends after which a byline may close a paragraph line.
pub(crate) const TRAILING_BYLINE_AFTER: [char; 5] = ['。', '！', '？', '”', '…'];
/// Clause punctuation a paragraph opener's line needs: without any, a line is a headline's shape.
/// (The headline score's own test, `chars::is_clause_punct`, also counts the semicolon.)
pub(crate) const OPENER_PUNCT: [char; 5] = ['，', ',', '。', '、', '：'];

/// The [`mark`] bits of `c` (computed; `lines::scan` reads them from the character table of
/// `chars::info`). Characters above the Basic Multilingual Plane share one set of word-list
/// bits, as in [`WordSet`]'s bitmaps.
pub(crate) fn marks_of(c: char) -> u16 {
    let sets = [
        (role_words(), mark::ROLE_WORD),
        (furniture_words(), mark::FURNITURE_WORD),
        (ad_word_set(), mark::AD_WORD),
        (cn_weekdays(), mark::CN_WEEKDAY),
    ];
    let mut m = 0;
    for (set, bit) in sets {
        if has_bit(&set.first, c) {
            m |= bit;
        }
    }
    let chars = [
        (&CN_JUMP_CHARS[..], mark::CN_JUMP),
        (&['（', '('][..], mark::OPEN_BRACKET),
        (&TRAILING_BYLINE_AFTER[..], mark::SENTENCE_END),
        (&OPENER_PUNCT[..], mark::OPENER_PUNCT),
        (&['年'][..], mark::YEAR),
        (&INDEX_SEPARATORS[..], mark::INDEX_SEP),
    ];
    for (cs, bit) in chars {
        if cs.contains(&c) {
            m |= bit;
        }
    }
    m
}

/// The English word-list [`mark`]s of a line's text (`EN_FURNITURE`, `EN_CREDIT`,
/// `EN_WEEKDAY`, `EN_MASTHEAD`): the lists searched in one pass.
pub(crate) fn en_line_marks(t: &str) -> u16 {
    static SET: OnceLock<WordSet> = OnceLock::new();
    let set = SET.get_or_init(|| {
        WordSet::tagged(
            (EN_FURNITURE_WORDS.iter().map(|w| (*w, mark::EN_FURNITURE)))
                .chain(EN_CREDIT_WORDS.iter().map(|w| (*w, mark::EN_CREDIT)))
                .chain(EN_WEEKDAYS.iter().map(|w| (*w, mark::EN_WEEKDAY)))
                .chain(EN_MASTHEAD_TITLES.iter().map(|w| (*w, mark::EN_MASTHEAD))),
        )
    });
    set.ascii_ci_tags(t, mark::EN_FURNITURE | mark::EN_CREDIT | mark::EN_WEEKDAY | mark::EN_MASTHEAD)
}

/// The English word-list [`mark`]s of `t`: those of its measured line when `marks` are (a line
/// has them), searched when they are unknown ([`mark::ALL`]).
pub(crate) fn en_marks(t: &str, marks: u16) -> u16 {
    if marks == mark::ALL { en_line_marks(t) } else { marks }
}

/// Role words that open or close a Chinese byline, with the role they give. Longest first
/// where one contains another.
pub(crate) const CN_ROLE_WORDS: &[(&str, RoleWord)] = &[
    ("新华社特约记者", RoleWord::Reporter),
    ("新华社记者", RoleWord::Reporter),
    ("新華社記者", RoleWord::Reporter),
    ("中新社记者", RoleWord::Reporter),
    ("人民网记者", RoleWord::Reporter),
    ("央视记者", RoleWord::Reporter),
    ("本报特约记者", RoleWord::Reporter),
    ("本报首席记者", RoleWord::Reporter),
    ("本报见习记者", RoleWord::Reporter),
    ("本报实习记者", RoleWord::Reporter),
    ("本报记者", RoleWord::Reporter),
    ("本報記者", RoleWord::Reporter),
    ("首席记者", RoleWord::Reporter),
    ("首席記者", RoleWord::Reporter),
    ("特约记者", RoleWord::Reporter),
    ("见习记者", RoleWord::Reporter),
    ("实习记者", RoleWord::Intern),
    ("融媒记者", RoleWord::Reporter),
    ("全媒体记者", RoleWord::Reporter),
    ("记者", RoleWord::Reporter),
    ("記者", RoleWord::Reporter),
    ("特约通讯员", RoleWord::Correspondent),
    ("通讯员", RoleWord::Correspondent),
    ("通訊員", RoleWord::Correspondent),
    ("实习生", RoleWord::Intern),
    ("實習生", RoleWord::Intern),
    ("摄影报道", RoleWord::Photographer),
    ("摄影记者", RoleWord::Photographer),
    ("摄影", RoleWord::Photographer),
    ("攝影", RoleWord::Photographer),
    ("文/图", RoleWord::Reporter),
    ("文/圖", RoleWord::Reporter),
    ("文／图", RoleWord::Reporter),
    ("图/文", RoleWord::Reporter),
    ("文图", RoleWord::Reporter),
    ("文/", RoleWord::Other),
    ("文／", RoleWord::Other),
    ("图/", RoleWord::Photographer),
    ("圖/", RoleWord::Photographer),
    ("撰文", RoleWord::Other),
    ("编译", RoleWord::Other),
    ("編譯", RoleWord::Other),
    ("翻译", RoleWord::Other),
    ("翻譯", RoleWord::Other),
    ("投稿", RoleWord::Other),
    ("代覆", RoleWord::Other),
    ("口述", RoleWord::Other),
    ("撰", RoleWord::Other),
    ("譔", RoleWord::Other),
    ("評論員", RoleWord::Other),
    ("评论员", RoleWord::Other),
    ("参与采写", RoleWord::Other),
    ("采写", RoleWord::Other),
    ("采访整理", RoleWord::Other),
    ("整理", RoleWord::Other),
    ("报道", RoleWord::Other),
    ("報道", RoleWord::Other),
    ("供图", RoleWord::Photographer),
    ("摄", RoleWord::Photographer),
    ("攝", RoleWord::Photographer),
];

/// What a role word says about the byline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RoleWord {
    Reporter,
    Correspondent,
    Photographer,
    Intern,
    Other,
}

/// News agencies and papers: a byline of only these names no person.
pub(crate) const CN_AGENCIES: &[&str] = &[
    "新华社",
    "新華社",
    "中新社",
    "人民网",
    "人民網",
    "新华网",
    "央视网",
    "中央社",
    "路透社",
    "美聯社",
    "美联社",
    "法新社",
    "海通社",
    "本报",
    "本報",
    "晨报",
    "晚报",
    "日报",
    "路透",
    "美聯",
    "海通",
];

/// Phrases that introduce a description of the author, not a name ("作者为……").
pub(crate) const CN_AUTHOR_NOTE: &[&str] = &["作者为", "作者系", "作者是", "作者為", "作者係"];

/// Words after a name that say what the person did to the text ("李涵秋著": written by; "亦朋譯":
/// translated by; "畢倚虹遺著": left by the late ...): part of the byline, not of the name.
/// Longest first.
pub(crate) const CN_AUTHORSHIP_SUFFIXES: &[&str] = &["遺著", "遗著", "著", "譯", "译"];

/// Suffixes of place names (a place before a letter-writer's name is not a name).
pub(crate) const CN_PLACE_SUFFIXES: &[char] =
    &['省', '市', '县', '縣', '区', '區', '镇', '鎮', '乡', '鄉', '村', '州', '盟', '旗', '街'];

/// Words that end a Chinese dateline ("讯", "电").
pub(crate) const CN_DATELINE_ENDS: &[char] = &['讯', '訊', '电', '電'];

/// Sources that open a Chinese dateline.
pub(crate) const CN_DATELINE_SOURCES: &[&str] = &[
    "新华社",
    "新華社",
    "中新社",
    "中新网",
    "人民网",
    "本报",
    "本報",
    "晨报",
    "晚报",
    "本刊",
    "央视网",
    "新华网",
    "中央社",
    "法新社",
    "路透社",
    "美联社",
];

/// Wire agencies inside a bracketed dispatch dateline ("（重慶廿六日路透電）").
pub(crate) const CN_WIRE_AGENCIES: &[&str] =
    &["路透社", "路透", "美聯社", "美聯", "美联社", "海通社", "海通", "合衆社", "國民社", "中央社", "哈瓦斯"];

/// Words of page furniture: editor credits, promos, page labels.
pub(crate) const CN_FURNITURE_WORDS: &[&str] = &[
    "责编",
    "責編",
    "责任编辑",
    "責任編輯",
    "本版编辑",
    "本版責編",
    "美编",
    "美編",
    "版式",
    "校对",
    "校對",
    "组版",
    "二维码",
    "二維碼",
    "扫描",
    "掃描",
    "扫码",
    "掃碼",
    "客户端",
    "APP",
    "微信公众号",
    "详见",
    "詳見",
    "文章目录",
    "广告",
    "廣告",
];

/// Words that name a table of contents (a heading over a numbered list of the or the
/// page's articles).
pub(crate) const CONTENTS_WORDS: &[&str] =
    &["目录", "目錄", "导读", "導讀", "要目", "contents", "in this issue", "inside today", "index"];

/// Editor-credit words: a line that starts with one of them is furniture.
pub(crate) const CN_EDITOR_CREDITS: &[&str] = &[
    "责编",
    "責編",
    "责任编辑",
    "責任編輯",
    "本版编辑",
    "本版责编",
    "本版責編",
    "编辑",
    "編輯",
    "美编",
    "美編",
    "版式",
    "校对",
    "校對",
    "组版",
    "摄影编辑",
    "图片编辑",
    "视觉",
];

/// Jump words: (word, direction is "to").
pub(crate) const CN_JUMP_WORDS: &[(&str, bool)] = &[
    ("下转第", true),
    ("下轉第", true),
    ("下转", true),
    ("下轉", true),
    ("下接第", true),
    ("下接", true),
    ("转第", true),
    ("轉第", true),
    ("转至第", true),
    ("上接第", false),
    ("上接", false),
    ("接第", false),
    ("续第", false),
    ("續第", false),
];

/// English byline role words (and their common OCR misreadings start with these letters).
pub(crate) const EN_ROLE_WORDS: &[&str] = &[
    "staff",
    "writer",
    "writers",
    "correspondent",
    "editor",
    "reporter",
    "special",
    "associated",
    "press",
    "contributing",
    "columnist",
    "intern",
    "photographer",
    "photo",
    "photos",
];

/// English name particles that stay inside a name.
pub(crate) const EN_NAME_PARTICLES: &[&str] =
    &["van", "von", "de", "del", "la", "le", "da", "di", "du", "der", "den", "st.", "jr.", "jr", "iii", "ii"];

/// English wire agencies in datelines.
pub(crate) const EN_AGENCIES: &[&str] = &["AP", "UPI", "Reuters", "CPS", "AFP", "CNS", "NYT"];

/// English words of page furniture (masthead, nameplate, edition lines).
pub(crate) const EN_FURNITURE_WORDS: &[&str] = &[
    "volume",
    "vol.",
    "published by",
    "advertising",
    "inside:",
    "subscription",
    "circulation",
    "newspaper for",
    "since 19",
    "editor in chief",
    "managing editor",
    "all rights reserved",
];

/// Weekday names, for edition and date lines.
pub(crate) const EN_WEEKDAYS: &[&str] =
    &["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/// Staff-box job titles ("editor", "managing editor", "Advertising Director"): two on a line
/// make it the staff box.
pub(crate) const EN_MASTHEAD_TITLES: &[&str] =
    &["editor", "editors", "manager", "director", "executive", "executives", "adviser", "advisor", "mgr"];

/// Separators of a page index ("INSIDE: Opinion 4 ★ Arts 6 ★ Sports 8").
pub(crate) const INDEX_SEPARATORS: [char; 4] = ['★', '•', '|', '·'];

/// Chinese words for the day of the week.
pub(crate) const CN_WEEKDAYS: &[&str] = &["星期", "礼拜", "禮拜"];

/// Caption markers: a line that ends with one of these is a photo credit.
pub(crate) const CN_CREDIT_ENDS: &[&str] = &[
    "摄",
    "攝",
    "供图",
    "供圖",
    "摄影",
    "(新华社发)",
    "（新华社发）",
    "（资料图片）",
    "(资料图片)",
    "制图",
    "製圖",
];

/// Caption openers.
pub(crate) const CN_CAPTION_STARTS: &[&str] =
    &["图为", "圖為", "图片", "上图", "下图", "左图", "右图", "图①", "图②"];

/// English caption/credit words.
pub(crate) const EN_CREDIT_WORDS: &[&str] =
    &["photo by", "photo courtesy", "/mustang daily", "staff photo", "photos by", "courtesy of"];

/// Brief markers: a paragraph that opens with one starts a headline-less brief.
pub(crate) const BRIEF_MARKERS: &[char] = &['◘'];

/// Common Chinese surnames (simplified and traditional): a bare two-to-four character line that
/// starts with one reads as an author's name rather than a short headline.
pub(crate) const CN_SURNAMES: &str = "王李张張刘劉陈陳杨楊黄黃赵趙吴吳周徐孙孫马馬朱胡郭何高林罗羅郑鄭梁谢謝宋唐许許韩韓冯馮邓鄧曹彭曾肖萧蕭田董袁潘于蒋蔣蔡余杜叶葉程苏蘇魏吕呂丁任沈姚卢盧姜崔钟鍾谭譚陆陸汪范金石廖贾賈夏韦韋付傅方白邹鄒孟熊秦邱江尹薛闫閻段雷侯龙龍史陶黎贺賀顾顧毛郝龚龔邵万萬钱錢严嚴覃武戴莫孔向汤湯常温溫康施文牛樊葛邢安齐齊易乔喬伍庞龐颜顏倪庄莊聂聶章鲁魯岳翟殷詹申欧歐耿关關兰蘭焦俞左柳甘祝包宁寧尚符舒阮柯纪紀梅童凌毕畢单單季裴霍涂成苗谷盛曲翁冉骆駱蓝藍路游辛靳管柴蒙鲍鮑华華喻祁蒲房滕屈饶饒解牟艾尤阳陽时時穆农農司卓古吉缪繆简簡车車项項连連芦蘆麦麥褚娄婁窦竇戚岑景党宫宮费費卜冷晏席卫衛米柏宗瞿桂全佟应應臧闵閔苟邬鄔边邊卞姬师師和仇栾欒隋商刁沙荣榮巫寇桑郎甄丛叢仲虞敖巩鞏明佘池查麻苑迟遲邝鄺官封谈談匡鞠惠荆荊乐樂冀郁胥南班储儲原栗燕楚鄢劳勞谌諶奚皮粟冼蓝茅宣贝貝蔺藺郜洪阎裘钮鈕祖伏邰逄戈鄂雍郦酈晋晉茹帅帥靖习習邸廉危桓";

/// Compound surnames.
pub(crate) const CN_COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "歐陽", "司马", "司馬", "诸葛", "諸葛", "上官", "东方", "東方", "皇甫", "令狐", "慕容", "夏侯",
    "公孙", "公孫", "司徒", "尉迟", "端木",
];

/// Characters that cannot open a sentence: a line starting with one continues the line before
/// it (particles and conjunctions that attach to what precedes them).
pub(crate) const CN_CONT_START_CHARS: &str = "的了地得着著过過们們和与與及或并並而之于於等吗嗎呢吧啊";

/// Words that open a paragraph ("据了解", "近日"): a line starting with one seldom continues a
/// column-broken paragraph.
pub(crate) const CN_PARAGRAPH_OPENERS: &[&str] = &[
    "据了解",
    "據了解",
    "据悉",
    "據悉",
    "据介绍",
    "據介紹",
    "据统计",
    "據統計",
    "记者了解到",
    "記者了解到",
    "记者从",
    "記者從",
    "近日",
    "近年来",
    "近年來",
    "日前",
    "目前",
    "此外",
    "另外",
    "同时",
    "同時",
    "与此同时",
    "與此同時",
    "今年",
    "去年",
    "昨天",
    "昨日",
    "今天",
    "今日",
    "今晨",
    "昨晚",
    "此前",
    "随后",
    "隨後",
    "当天",
    "當天",
    "截至",
    "据",
    "問：",
    "问：",
    "答：",
];

/// Words that look like two-character names in a byline but are not ("图片报道", "新闻").
pub(crate) const CN_NOT_NAMES: &[&str] = &[
    "图片", "圖片", "新闻", "新聞", "图文", "圖文", "视频", "視頻", "综合", "綜合", "特稿", "专稿", "專稿",
    "本报", "本報", "记者", "記者", "编辑", "編輯", "资料", "資料", "供稿", "联合", "聯合",
];

/// Titles of photo features: their text lines are captions ("图片报道", "PHOTO OF THE DAY").
pub(crate) const PHOTO_FEATURE_TITLES: &[&str] =
    &["图片报道", "圖片報道", "图片新闻", "圖片新聞", "新闻图片", "photo of the day", "photo feature"];

/// Words of advertisements (simplified and traditional): a block of short lines holding them
/// is an advertisement, page furniture.
pub(crate) const CN_AD_WORDS: &[&str] = &[
    "电话",
    "電話",
    "地址",
    "广告",
    "廣告",
    "廣吿",
    "减价",
    "減價",
    "售价",
    "售價",
    "开幕",
    "開幕",
    "代售",
    "出售",
    "批发",
    "批發",
    "门市",
    "門市",
    "诊所",
    "診所",
    "医师",
    "醫師",
    "药水",
    "藥水",
    "价廉",
    "價廉",
    "优待",
    "優待",
    "洋行",
    "大戏院",
    "大戲院",
    "营业",
    "營業",
    "定价",
    "定價",
    "总经理",
    "總經理",
    "发行所",
    "發行所",
    "有限公司",
    "专营",
    "專營",
    "应有尽有",
    "應有盡有",
    "光顾",
    "光顧",
    "特价",
    "特價",
    "酬宾",
    "酬賓",
    "欢迎惠顾",
    "歡迎惠顧",
];

/// Words of English newspaper names: a short line holding one at the top of a page is the
/// nameplate ("Mustang Daily", "The Campus Times").
pub(crate) const EN_NAMEPLATE_WORDS: &[&str] = &[
    "daily",
    "times",
    "news",
    "herald",
    "tribune",
    "gazette",
    "journal",
    "post",
    "chronicle",
    "courier",
    "register",
    "sentinel",
    "examiner",
    "record",
    "dispatch",
    "bulletin",
    "observer",
    "press",
];

/// Words that commonly head the second half of an English hyphenated compound ("well-known",
/// "long-term"): a line-end hyphen before one of them is kept.
pub(crate) const EN_COMPOUND_HEADS: &[&str] = &[
    "known", "based", "time", "term", "year", "old", "class", "level", "related", "wide", "style", "owned",
    "made", "free", "long", "like", "run", "up", "in", "out", "off", "over", "on", "day", "week", "month",
    "school", "minded", "born", "made", "hand", "side", "scale", "round", "way", "being", "ever", "self",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_are_the_longest_word_and_the_last_of_equals() {
        let set = WordSet::new(["本报", "本报记者", "记者", "本", "本报记者"]);
        assert_eq!(set.prefix("本报记者 王明"), Some(4));
        assert_eq!(set.prefix_word("本报讯"), Some("本报"));
        assert_eq!(set.prefix_word("本"), Some("本"));
        assert_eq!(set.prefix("新华社"), None);
        assert_eq!(set.prefix(""), None);
    }

    #[test]
    fn proper_suffixes_are_longer_than_the_word() {
        let set = WordSet::new(["摄", "记者摄", "采写"]);
        assert_eq!(set.proper_suffix("卢汉欣摄").map(|k| set.words[k]), Some("摄"));
        assert_eq!(set.proper_suffix("本报记者摄").map(|k| set.words[k]), Some("记者摄"));
        assert_eq!(set.proper_suffix("摄"), None, "the word itself is not a proper suffix");
        assert_eq!(set.proper_suffix("刘张烨参与采写").map(|k| set.words[k]), Some("采写"));
        assert_eq!(set.proper_suffix("王明"), None);
    }

    #[test]
    fn occurrences_anywhere_in_the_line() {
        let set = WordSet::new(["记者", "通讯员"]);
        assert!(set.occurs_in("文/本报记者 王明"));
        assert!(set.occurs_in("通讯员"));
        assert!(!set.occurs_in("记 者"));
        assert!(!set.occurs_in(""));
        // Above the BMP: shares the last bitmap bit, still compared exactly.
        let wide = WordSet::new(["𠀋字"]);
        assert!(wide.occurs_in("有𠀋字的"));
        assert!(!wide.occurs_in("有𠀌字的"));
    }

    #[test]
    fn case_free_search_reports_every_tag_found() {
        let set = WordSet::tagged([("photo by", 1), ("monday", 2), ("editor", 4), ("星期", 8)]);
        assert_eq!(set.ascii_ci_tags("PHOTO BY Ann Lee, Monday", 15), 3);
        assert_eq!(set.ascii_ci_tags("Managing EDITOR", 15), 4);
        assert_eq!(set.ascii_ci_tags("星期一 photo by", 15), 9, "non-ASCII words match exactly");
        assert_eq!(set.ascii_ci_tags("photo-by moNDAy", 15), 2);
        assert_eq!(set.ascii_ci_tags("", 15), 0);
        // It stops once the wanted tags are found.
        assert_eq!(set.ascii_ci_tags("monday editor", 2), 2);
        let english = WordSet::new(["inside:", "vol."]);
        assert_eq!(english.ascii_ci_tags("INSIDE: Sports 8", 1), 1);
        assert_eq!(english.ascii_ci_tags("Vol. 53", 1), 1);
        assert_eq!(english.ascii_ci_tags("insides", 1), 0);
        assert_eq!(english.ascii_ci_tags("第五版", 1), 0, "a line without ASCII letters holds none");
        // Words shorter than the byte filters: every position is compared.
        let short = WordSet::new(["a", "by"]);
        assert_eq!(short.ascii_ci_tags("", 1), 0);
        assert_eq!(short.ascii_ci_tags("xA", 1), 1);
        assert_eq!(short.ascii_ci_tags("BY", 1), 1);
    }

    #[test]
    fn line_marks_are_set_for_their_characters_and_words() {
        assert_ne!(marks_of('转') & mark::CN_JUMP, 0);
        assert_ne!(marks_of('（') & mark::OPEN_BRACKET, 0);
        assert_ne!(marks_of('记') & mark::ROLE_WORD, 0, "记者 is a role word");
        assert_eq!(marks_of('x') & (mark::CN_JUMP | mark::OPEN_BRACKET | mark::YEAR), 0);
        let m = en_line_marks("Photo by Ann Lee, Monday; managing editor");
        assert_eq!(m, mark::EN_CREDIT | mark::EN_WEEKDAY | mark::EN_FURNITURE | mark::EN_MASTHEAD);
        assert_eq!(en_line_marks("The council met on the hill."), 0);
        assert_eq!(en_marks("Photo by Ann Lee", mark::ALL), mark::EN_CREDIT);
        assert_eq!(
            en_marks("Photo by Ann Lee", mark::OPENER_PUNCT),
            mark::OPENER_PUNCT,
            "a line's marks are taken as they are"
        );
    }
}
