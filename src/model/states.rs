//! The decoder's states: what a line is, whether it starts an article, and whether a paragraph
//! is open past it.
//!
//! A line's state says its role (furniture, headline line, byline, paragraph line, subhead,
//! caption, jump, unreadable text) and carries the little memory the page's grammar needs:
//! - **a new article**: the `*New` states (and `Brief*`) open an article. An article usually
//!   starts at its headline, but a photo with only its caption, a brief without a headline, a
//!   byline or a "From page 1" line set above a story's headline start one too;
//! - **an open paragraph**: after the `*Open` states the paragraph goes on. A continuation may
//!   only follow an open paragraph, and furniture, captions and unreadable text inside one pass
//!   it on (a column or page break, a photo between two fragments);
//! - **the same item**: a byline, subhead or caption broken over lines goes on in a `*More`
//!   state;
//! - **the headline block**: bylines and furniture between a headline and the body
//!   (`BylineHead`, `FurnHead`), after which more headline lines may follow.
//!
//! Which state may follow which is fixed here ([`allowed`]); how much each transition costs
//! is learned.

/// The states, in the order of the model's tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub(crate) enum State {
    /// Page furniture.
    Furn = 0,
    /// Page furniture inside an open paragraph (a page break, a running head).
    FurnOpen,
    /// Page furniture inside a headline block (a source line under the title).
    FurnHead,
    /// Unreadable text.
    Noise,
    /// Unreadable text inside an open paragraph.
    NoiseOpen,
    /// A kicker line that opens a new article.
    KickerNew,
    /// A title line that opens a new article.
    TitleNew,
    /// A further kicker line.
    Kicker,
    /// A further title line.
    Title,
    /// A subtitle / deck line.
    Subtitle,
    /// A byline inside the headline block, before any body text.
    BylineHead,
    /// A byline after body text (a section's or the article's closing byline).
    Byline,
    /// A byline that opens a new article (its headline comes later or is lost).
    BylineNew,
    /// The byline of the line above goes on (a name pdftotext broke onto the next line).
    BylineMore,
    /// ... a byline of the headline block.
    BylineHeadMore,
    /// A paragraph starts and ends on this line.
    StartClosed,
    /// A paragraph starts on this line and goes on.
    StartOpen,
    /// The open paragraph goes on and ends on this line.
    ContClosed,
    /// The open paragraph goes on past this line.
    ContOpen,
    /// A paragraph that opens a new article without a headline (a brief) ends on this line.
    BriefClosed,
    /// ... goes on past this line.
    BriefOpen,
    /// A subhead (crosshead) inside the body.
    Subhead,
    /// The subhead of the line above goes on.
    SubheadMore,
    /// A caption line.
    Caption,
    /// A caption line inside an open paragraph.
    CaptionOpen,
    /// A caption that opens a new article (a photo with only its caption).
    CaptionNew,
    /// The caption of the line above goes on.
    CaptionMore,
    /// ... inside an open paragraph.
    CaptionMoreOpen,
    /// A jump line ("下转第3版", "See DEBATE, page 7", "Continued from page 1").
    Jump,
    /// A jump line that opens a new article (a continued story whose headline comes after it).
    JumpNew,
    /// The paragraph an earlier story left open goes on here and ends (OCR of English pages
    /// interleaves stories: "... will be asked" / another story's lines / "to finish their
    /// food outside"); that story is current again.
    ResumeClosed,
    /// ... and goes on past this line.
    ResumeOpen,
}

/// Number of states.
pub(crate) const N_STATES: usize = 32;

/// Every state, in table order.
pub(crate) const ALL: [State; N_STATES] = {
    use State::*;
    [
        Furn,
        FurnOpen,
        FurnHead,
        Noise,
        NoiseOpen,
        KickerNew,
        TitleNew,
        Kicker,
        Title,
        Subtitle,
        BylineHead,
        Byline,
        BylineNew,
        BylineMore,
        BylineHeadMore,
        StartClosed,
        StartOpen,
        ContClosed,
        ContOpen,
        BriefClosed,
        BriefOpen,
        Subhead,
        SubheadMore,
        Caption,
        CaptionOpen,
        CaptionNew,
        CaptionMore,
        CaptionMoreOpen,
        Jump,
        JumpNew,
        ResumeClosed,
        ResumeOpen,
    ]
};

/// What states have in common, each with weights of its own: a state's score for a feature
/// is its own weight plus the weights of its attributes, so that what a fact says of a role
/// (a caption, a byline) is learned from every state of that role at once.
pub(crate) const ATTR_NAMES: [&str; 17] = [
    "role.furniture",
    "role.noise",
    "role.kicker",
    "role.title",
    "role.subtitle",
    "role.byline",
    "role.body",
    "role.subhead",
    "role.caption",
    "role.jump",
    "headline",
    "new_article",
    "same_item_as_above",
    "paragraph_starts",
    "paragraph_goes_on",
    "paragraph_left_open",
    "inside_open_paragraph",
];

/// Number of state attributes.
pub(crate) const N_ATTRS: usize = ATTR_NAMES.len();

impl State {
    /// The state's name in model files and traces.
    pub(crate) const fn name(self) -> &'static str {
        use State::*;
        match self {
            Furn => "furniture",
            FurnOpen => "furniture_open",
            FurnHead => "furniture_head",
            Noise => "noise",
            NoiseOpen => "noise_open",
            KickerNew => "kicker_new",
            TitleNew => "title_new",
            Kicker => "kicker",
            Title => "title",
            Subtitle => "subtitle",
            BylineHead => "byline_head",
            Byline => "byline",
            BylineNew => "byline_new",
            BylineMore => "byline_more",
            BylineHeadMore => "byline_head_more",
            StartClosed => "start_closed",
            StartOpen => "start_open",
            ContClosed => "cont_closed",
            ContOpen => "cont_open",
            BriefClosed => "brief_closed",
            BriefOpen => "brief_open",
            Subhead => "subhead",
            SubheadMore => "subhead_more",
            Caption => "caption",
            CaptionOpen => "caption_open",
            CaptionNew => "caption_new",
            CaptionMore => "caption_more",
            CaptionMoreOpen => "caption_more_open",
            Jump => "jump",
            JumpNew => "jump_new",
            ResumeClosed => "resume_closed",
            ResumeOpen => "resume_open",
        }
    }

    /// A paragraph is open after this state.
    pub(crate) fn open(self) -> bool {
        use State::*;
        matches!(
            self,
            FurnOpen
                | NoiseOpen
                | StartOpen
                | ContOpen
                | BriefOpen
                | CaptionOpen
                | CaptionMoreOpen
                | ResumeOpen
        )
    }

    /// A paragraph line (start, continuation or a brief's start).
    pub(crate) fn is_body(self) -> bool {
        use State::*;
        matches!(
            self,
            StartClosed
                | StartOpen
                | ContClosed
                | ContOpen
                | BriefClosed
                | BriefOpen
                | ResumeClosed
                | ResumeOpen
        )
    }

    /// The open paragraph goes on on this line.
    pub(crate) fn is_cont(self) -> bool {
        matches!(self, State::ContClosed | State::ContOpen)
    }

    /// The paragraph an earlier story left open goes on on this line.
    pub(crate) fn is_resume(self) -> bool {
        matches!(self, State::ResumeClosed | State::ResumeOpen)
    }

    /// Furniture, a caption or unreadable text inside an open paragraph: passes it on.
    pub(crate) fn is_passing(self) -> bool {
        use State::*;
        matches!(self, FurnOpen | NoiseOpen | CaptionOpen | CaptionMoreOpen)
    }

    /// The state opens a new article.
    pub(crate) fn starts_article(self) -> bool {
        use State::*;
        matches!(self, KickerNew | TitleNew | BylineNew | BriefClosed | BriefOpen | CaptionNew | JumpNew)
    }

    /// A headline line.
    pub(crate) fn is_headline(self) -> bool {
        use State::*;
        matches!(self, KickerNew | TitleNew | Kicker | Title | Subtitle)
    }

    /// Inside a headline block: more headline lines may follow.
    pub(crate) fn in_head(self) -> bool {
        self.is_headline() || matches!(self, State::BylineHead | State::BylineHeadMore | State::FurnHead)
    }

    /// Furniture of any kind.
    pub(crate) fn is_furniture(self) -> bool {
        matches!(self, State::Furn | State::FurnOpen | State::FurnHead)
    }

    /// Unreadable text of any kind.
    pub(crate) fn is_noise(self) -> bool {
        matches!(self, State::Noise | State::NoiseOpen)
    }

    /// A caption of any kind.
    pub(crate) fn is_caption(self) -> bool {
        use State::*;
        matches!(self, Caption | CaptionOpen | CaptionNew | CaptionMore | CaptionMoreOpen)
    }

    /// A byline of any kind.
    pub(crate) fn is_byline(self) -> bool {
        use State::*;
        matches!(self, Byline | BylineHead | BylineNew | BylineMore | BylineHeadMore)
    }

    /// A subhead of any kind.
    pub(crate) fn is_subhead(self) -> bool {
        matches!(self, State::Subhead | State::SubheadMore)
    }

    /// The line goes on with the item of the line above (a byline, subhead or caption broken
    /// over lines).
    pub(crate) fn is_more(self) -> bool {
        use State::*;
        matches!(self, BylineMore | BylineHeadMore | SubheadMore | CaptionMore | CaptionMoreOpen)
    }

    /// The attributes of the state: bit `k` set for [`ATTR_NAMES`]`[k]`.
    pub(crate) fn attrs(self) -> u32 {
        use State::*;
        let role = if self.is_furniture() {
            0
        } else if self.is_noise() {
            1
        } else if matches!(self, KickerNew | Kicker) {
            2
        } else if matches!(self, TitleNew | Title) {
            3
        } else if self == Subtitle {
            4
        } else if self.is_byline() {
            5
        } else if self.is_body() {
            6
        } else if self.is_subhead() {
            7
        } else if self.is_caption() {
            8
        } else {
            9
        };
        let mut a = 1u32 << role;
        let mut set = |k: u32, on: bool| {
            if on {
                a |= 1 << k;
            }
        };
        set(10, self.is_headline());
        set(11, self.starts_article());
        set(12, self.is_more());
        set(13, self.is_body() && !self.is_cont() && !self.is_resume());
        set(14, self.is_cont() || self.is_resume());
        set(15, self.is_body() && self.open());
        set(16, self.is_passing());
        a
    }
}

/// May state `b` follow state `a`? (`None`: `b` is the first line's state.)
///
/// The grammar of a page: continuations, and the states that pass a paragraph on, only inside
/// an open paragraph; the same item going on only after that item; further headline lines,
/// and bylines and furniture of the headline block, only in a headline block; a kicker goes on
/// only into a kicker or a title; a byline after body text only outside a headline block.
pub(crate) fn allowed(a: Option<State>, b: State) -> bool {
    use State::*;
    let Some(a) = a else {
        return matches!(b, Furn | Noise) || b.starts_article();
    };
    if b.is_cont() {
        return a.open();
    }
    if b.is_more() {
        // The same item goes on, and the paragraph it interrupts stays as it was.
        let same = match b {
            // A byline closing a paragraph's line may run onto the next line too.
            BylineMore => matches!(a, Byline | BylineNew | BylineMore) || a.is_body() && !a.open(),
            BylineHeadMore => matches!(a, BylineHead | BylineHeadMore),
            SubheadMore => a.is_subhead(),
            _ => a.is_caption(),
        };
        return same && (!b.is_caption() || a.open() == b.open());
    }
    if b.is_passing() {
        return a.open();
    }
    if b.starts_article() || matches!(b, Furn | Noise) {
        return true;
    }
    match b {
        Kicker => matches!(a, KickerNew | Kicker),
        Title => a.in_head(),
        Subtitle | BylineHead | FurnHead => a.in_head() && !matches!(a, KickerNew | Kicker),
        Byline => !a.in_head(),
        _ => true,
    }
}

/// Every state (bit `s` for state `s`).
pub(crate) const ANY_STATE: u64 = (1 << N_STATES) - 1;

/// The states a line may take whatever the weights say (bit `s` for state `s`), from what
/// the recognisers found on it (`facts`: its facts, [`crate::features::set`]). These are what
/// the words say on every page, however rare such lines were in training:
/// - a whole line that the jump recogniser reads as a jump ("（下转第3版）", "（上接第1版）",
///   "From page 1") is a jump line;
/// - a photo credit ("DARRELL MIHO/Mustang Daily", "Photos by Tom Viskocil") or a line set
///   between photo marks ("◘張瑞珍七小姐◘") is a caption line (credits are captions:
///   docs/ANNOTATION.md);
/// - a line of a table of contents (a numbered list under a heading that names it: "文章目录",
///   "Contents"; [`crate::features::facts::mark_toc`]) is page furniture (docs/ANNOTATION.md:
///   tables of contents are boilerplate);
/// - a whole line that the dateline recogniser reads ("本报北京10月19日电", "新华社东京5月8日电",
///   "SALEM, Ore. (AP) —") starts a paragraph: a dateline opens a story's first paragraph
///   (docs/ANNOTATION.md), it never heads the story or stands apart from it;
/// - a sentence's tail (a word or two, or a few CJK characters, closed by a full stop:
///   "Russia." / "了生机。", `end.sentence_tail`) is no headline line and no crosshead: headlines
///   and crossheads are set without a closing stop; such a line is the end of a paragraph (a
///   widow a column, a photo or a jump cut off), a caption's or a byline's end, furniture or
///   noise (on the 82 dev pages' 10 827 lines: 125 paragraph ends, 14 noise, 8 furniture, 4
///   one-line paragraphs, no headline or crosshead).
///
/// Every state otherwise. Training and decoding both apply it.
pub(crate) fn line_mask(facts: &[u16]) -> u64 {
    use crate::features::set::{A, N_ATOMS};
    const JUMP: u64 = 1 << State::Jump as u64 | 1 << State::JumpNew as u64;
    const CAPTION: u64 = 1 << State::Caption as u64
        | 1 << State::CaptionOpen as u64
        | 1 << State::CaptionNew as u64
        | 1 << State::CaptionMore as u64
        | 1 << State::CaptionMoreOpen as u64;
    const FURNITURE: u64 =
        1 << State::Furn as u64 | 1 << State::FurnOpen as u64 | 1 << State::FurnHead as u64;
    // One pass over the line's facts.
    const OPENS_PARAGRAPH: u64 = 1 << State::StartOpen as u64
        | 1 << State::StartClosed as u64
        | 1 << State::BriefOpen as u64
        | 1 << State::BriefClosed as u64;
    const IS_JUMP: u8 = 1;
    const IS_CAPTION: u8 = 2;
    const IS_CONTENTS: u8 = 4;
    const IS_DATELINE: u8 = 8;
    const IS_TAIL: u8 = 16;
    // A headline or a crosshead is never closed with a full stop: a sentence's tail may be
    // anything else (a paragraph's last line, furniture, noise, a caption's or a byline's end).
    const HEADS: u64 = 1 << State::KickerNew as u64
        | 1 << State::TitleNew as u64
        | 1 << State::Kicker as u64
        | 1 << State::Title as u64
        | 1 << State::Subtitle as u64
        | 1 << State::Subhead as u64
        | 1 << State::SubheadMore as u64;
    // What each fact says here (one load a fact).
    const SAYS: [u8; N_ATOMS] = {
        let mut t = [0u8; N_ATOMS];
        t[A::JUMP_TO as usize] = IS_JUMP;
        t[A::JUMP_FROM as usize] = IS_JUMP;
        t[A::CAP_EN_CREDIT as usize] = IS_CAPTION;
        t[A::CAP_NAME_SLASH as usize] = IS_CAPTION;
        t[A::CAP_BOXED as usize] = IS_CAPTION;
        t[A::TOC as usize] = IS_CONTENTS;
        t[A::DATELINE_ONLY as usize] = IS_DATELINE;
        t[A::TAIL as usize] = IS_TAIL;
        t
    };
    let says = facts.iter().fold(0u8, |m, &f| m | SAYS.get(usize::from(f)).copied().unwrap_or(0));
    if says & IS_CONTENTS != 0 {
        FURNITURE
    } else if says & IS_JUMP != 0 {
        JUMP
    } else if says & IS_CAPTION != 0 {
        CAPTION
    } else if says & IS_DATELINE != 0 {
        OPENS_PARAGRAPH
    } else if says & IS_TAIL != 0 {
        ANY_STATE & !HEADS
    } else {
        ANY_STATE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_caption_mask_is_every_caption_state() {
        use crate::features::set::A;
        let mask = line_mask(&[A::CAP_BOXED as u16]);
        for s in ALL {
            assert_eq!(mask >> s as u64 & 1 == 1, s.is_caption(), "{}", s.name());
        }
        let jump = line_mask(&[A::CAP_BOXED as u16, A::JUMP_TO as u16]);
        assert_eq!(jump, 1 << State::Jump as u64 | 1 << State::JumpNew as u64, "a jump first");
        assert_eq!(line_mask(&[]), ANY_STATE);
        let dateline = line_mask(&[A::DATELINE_ONLY as u16]);
        for s in ALL {
            let opens =
                matches!(s, State::StartOpen | State::StartClosed | State::BriefOpen | State::BriefClosed);
            assert_eq!(dateline >> s as u64 & 1 == 1, opens, "{}", s.name());
        }
        let contents = line_mask(&[A::TOC as u16, A::JUMP_TO as u16]);
        for s in ALL {
            assert_eq!(contents >> s as u64 & 1 == 1, s.is_furniture(), "{}", s.name());
        }
        let tail = line_mask(&[A::TAIL as u16]);
        for s in ALL {
            let heads = s.is_headline() || s.is_subhead();
            assert_eq!(tail >> s as u64 & 1 == 1, !heads, "{}", s.name());
        }
        let tail_caption = line_mask(&[A::TAIL as u16, A::CAP_BOXED as u16]);
        assert_eq!(tail_caption, line_mask(&[A::CAP_BOXED as u16]), "a caption's end stays one");
    }

    #[test]
    fn the_table_order_is_the_declaration_order_and_names_are_unique() {
        for (i, s) in ALL.iter().enumerate() {
            assert_eq!(*s as usize, i);
        }
        let mut names: Vec<&str> = ALL.iter().map(|s| s.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), N_STATES);
    }

    #[test]
    fn continuations_need_an_open_paragraph_and_the_grammar_holds() {
        use State::*;
        assert!(allowed(Some(StartOpen), ContClosed));
        assert!(allowed(Some(CaptionOpen), ContOpen));
        assert!(!allowed(Some(StartClosed), ContClosed));
        assert!(!allowed(Some(Subhead), ContOpen));
        assert!(allowed(Some(ContOpen), FurnOpen));
        assert!(!allowed(Some(ContClosed), FurnOpen));
        assert!(allowed(Some(CaptionOpen), CaptionMoreOpen));
        assert!(!allowed(Some(CaptionOpen), CaptionMore));
        assert!(!allowed(Some(Caption), CaptionMoreOpen));
        assert!(allowed(Some(StartClosed), BylineMore));
        assert!(!allowed(Some(StartOpen), BylineMore));
        assert!(!allowed(Some(Subhead), BylineMore));
        assert!(!allowed(None, StartClosed));
        assert!(allowed(None, TitleNew));
        assert!(!allowed(Some(StartClosed), Title));
        assert!(allowed(Some(BylineHead), Title));
        assert!(!allowed(Some(KickerNew), Subtitle));
        assert!(!allowed(Some(Title), Byline));
        assert!(allowed(Some(Title), BylineHead));
        assert!(!allowed(Some(StartClosed), BylineHead));
        // Every state has some attribute of its role.
        for s in ALL {
            assert_ne!(s.attrs() & 0x3ff, 0, "{s:?}");
        }
    }
}
