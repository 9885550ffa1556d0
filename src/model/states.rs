//! The decoder's states: what a line is, whether it starts an article, and whether a paragraph
//! is open past it.
//!
//! A line's state says its role (furniture, headline line, byline, paragraph line, subhead,
//! caption, jump, unreadable text) and carries the little memory the page's grammar needs:
//! - **a new article**: the `*New` states (and `Brief*`) open an article. An article usually
//!   starts at its headline, but a photo with only its caption, a brief without a headline, a
//!   byline or a "From page 1" line set above a story's headline start one too;
//! - **an open paragraph**: after `*Open` and `*Hard` states the paragraph goes on. A
//!   continuation may only follow an open paragraph, and furniture, captions and unreadable
//!   text inside one pass its openness on (a column or page break between two fragments).
//!   `Hard` marks a paragraph left mid-clause (its line stops on a comma): which of the two a
//!   line can be is read from the line itself ([`Openness`]);
//! - **the headline block**: bylines and furniture between a headline and the body
//!   (`BylineHead`, `FurnHead`), after which more headline lines may follow;
//! - **the top of the page**: furniture above the first article (`TopFurn`).
//!
//! Which state may follow which is fixed here ([`allowed`]); how much each transition costs
//! is learned.

/// The states, in the order of the model's tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub(crate) enum State {
    /// Page furniture above the first article (nameplate, page header).
    TopFurn = 0,
    /// Page furniture.
    Furn,
    /// Page furniture inside an open paragraph (a page break, a running head).
    FurnOpen,
    /// Page furniture inside a paragraph left mid-clause.
    FurnHard,
    /// Page furniture inside a headline block (a source line under the title).
    FurnHead,
    /// Unreadable text.
    Noise,
    /// Unreadable text inside an open paragraph.
    NoiseOpen,
    /// Unreadable text inside a paragraph left mid-clause.
    NoiseHard,
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
    /// A paragraph starts and ends on this line.
    StartClosed,
    /// A paragraph starts on this line and goes on.
    StartOpen,
    /// A paragraph starts on this line and stops mid-clause.
    StartHard,
    /// The open paragraph goes on and ends on this line.
    ContClosed,
    /// The open paragraph goes on past this line.
    ContOpen,
    /// The open paragraph goes on past this line, which stops mid-clause.
    ContHard,
    /// A paragraph that opens a new article without a headline (a brief) ends on this line.
    BriefClosed,
    /// ... goes on past this line.
    BriefOpen,
    /// ... stops mid-clause.
    BriefHard,
    /// A subhead (crosshead) inside the body.
    Subhead,
    /// A caption line.
    Caption,
    /// A caption line inside an open paragraph.
    CaptionOpen,
    /// A caption line inside a paragraph left mid-clause.
    CaptionHard,
    /// A caption that opens a new article (a photo with only its caption).
    CaptionNew,
    /// A jump line ("下转第3版", "See DEBATE, page 7", "Continued from page 1").
    Jump,
    /// A jump line that opens a new article (a continued story whose headline comes after it).
    JumpNew,
}

/// Number of states.
pub(crate) const N_STATES: usize = 32;

/// Every state, in table order.
pub(crate) const ALL: [State; N_STATES] = {
    use State::*;
    [
        TopFurn,
        Furn,
        FurnOpen,
        FurnHard,
        FurnHead,
        Noise,
        NoiseOpen,
        NoiseHard,
        KickerNew,
        TitleNew,
        Kicker,
        Title,
        Subtitle,
        BylineHead,
        Byline,
        BylineNew,
        StartClosed,
        StartOpen,
        StartHard,
        ContClosed,
        ContOpen,
        ContHard,
        BriefClosed,
        BriefOpen,
        BriefHard,
        Subhead,
        Caption,
        CaptionOpen,
        CaptionHard,
        CaptionNew,
        Jump,
        JumpNew,
    ]
};

/// How a paragraph stands after a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Openness {
    /// It ended (or there is none).
    Closed,
    /// It goes on.
    Open,
    /// It goes on: the line stopped mid-clause.
    Hard,
}

impl State {
    /// The state's name in model files and traces.
    pub(crate) const fn name(self) -> &'static str {
        use State::*;
        match self {
            TopFurn => "top_furniture",
            Furn => "furniture",
            FurnOpen => "furniture_open",
            FurnHard => "furniture_hard",
            FurnHead => "furniture_head",
            Noise => "noise",
            NoiseOpen => "noise_open",
            NoiseHard => "noise_hard",
            KickerNew => "kicker_new",
            TitleNew => "title_new",
            Kicker => "kicker",
            Title => "title",
            Subtitle => "subtitle",
            BylineHead => "byline_head",
            Byline => "byline",
            BylineNew => "byline_new",
            StartClosed => "start_closed",
            StartOpen => "start_open",
            StartHard => "start_hard",
            ContClosed => "cont_closed",
            ContOpen => "cont_open",
            ContHard => "cont_hard",
            BriefClosed => "brief_closed",
            BriefOpen => "brief_open",
            BriefHard => "brief_hard",
            Subhead => "subhead",
            Caption => "caption",
            CaptionOpen => "caption_open",
            CaptionHard => "caption_hard",
            CaptionNew => "caption_new",
            Jump => "jump",
            JumpNew => "jump_new",
        }
    }

    /// The state at table index `i`.
    pub(crate) fn from_index(i: usize) -> State {
        ALL[i]
    }

    /// How the paragraph stands after this state.
    pub(crate) fn openness(self) -> Openness {
        use State::*;
        match self {
            FurnOpen | NoiseOpen | StartOpen | ContOpen | BriefOpen | CaptionOpen => Openness::Open,
            FurnHard | NoiseHard | StartHard | ContHard | BriefHard | CaptionHard => Openness::Hard,
            _ => Openness::Closed,
        }
    }

    /// A paragraph is open after this state.
    pub(crate) fn open(self) -> bool {
        self.openness() != Openness::Closed
    }

    /// A paragraph line (start, continuation or a brief's start).
    pub(crate) fn is_body(self) -> bool {
        use State::*;
        matches!(
            self,
            StartClosed | StartOpen | StartHard | ContClosed | ContOpen | ContHard | BriefClosed | BriefOpen | BriefHard
        )
    }

    /// The open paragraph goes on on this line.
    pub(crate) fn is_cont(self) -> bool {
        matches!(self, State::ContClosed | State::ContOpen | State::ContHard)
    }

    /// Furniture, a caption or unreadable text inside an open paragraph: passes it on.
    pub(crate) fn is_passing(self) -> bool {
        use State::*;
        matches!(self, FurnOpen | FurnHard | NoiseOpen | NoiseHard | CaptionOpen | CaptionHard)
    }

    /// The state opens a new article.
    pub(crate) fn starts_article(self) -> bool {
        use State::*;
        matches!(
            self,
            KickerNew | TitleNew | BylineNew | BriefClosed | BriefOpen | BriefHard | CaptionNew | JumpNew
        )
    }

    /// A headline line.
    pub(crate) fn is_headline(self) -> bool {
        use State::*;
        matches!(self, KickerNew | TitleNew | Kicker | Title | Subtitle)
    }

    /// Inside a headline block: more headline lines may follow.
    pub(crate) fn in_head(self) -> bool {
        self.is_headline() || matches!(self, State::BylineHead | State::FurnHead)
    }

    /// Furniture of any kind.
    pub(crate) fn is_furniture(self) -> bool {
        use State::*;
        matches!(self, TopFurn | Furn | FurnOpen | FurnHard | FurnHead)
    }

    /// Unreadable text of any kind.
    pub(crate) fn is_noise(self) -> bool {
        matches!(self, State::Noise | State::NoiseOpen | State::NoiseHard)
    }

    /// A caption of any kind.
    pub(crate) fn is_caption(self) -> bool {
        use State::*;
        matches!(self, Caption | CaptionOpen | CaptionHard | CaptionNew)
    }

    /// A byline of any kind.
    pub(crate) fn is_byline(self) -> bool {
        matches!(self, State::Byline | State::BylineHead | State::BylineNew)
    }

    /// A jump of any kind.
    pub(crate) fn is_jump(self) -> bool {
        matches!(self, State::Jump | State::JumpNew)
    }

    /// The states a line may take given how it ends: a body line that leaves its paragraph
    /// open is `Hard` exactly when the line stops mid-clause (`hard_line`).
    pub(crate) fn fits_line(self, hard_line: bool) -> bool {
        use State::*;
        match self {
            StartOpen | ContOpen | BriefOpen => !hard_line,
            StartHard | ContHard | BriefHard => hard_line,
            _ => true,
        }
    }
}

/// May state `b` follow state `a`? (`None`: `b` is the first line's state.)
///
/// The grammar of a page: furniture above the first article only from the top; continuations
/// and the states that pass a paragraph on only inside an open paragraph (of the same kind);
/// further headline lines, and bylines and furniture of the headline block, only in a headline
/// block; a kicker goes on only into a kicker or a title; everything of an article's own
/// (body, subheads, captions, jumps, closing bylines) only once an article has started.
pub(crate) fn allowed(a: Option<State>, b: State) -> bool {
    use State::*;
    let Some(a) = a else {
        return matches!(b, TopFurn | Noise) || b.starts_article();
    };
    if b.is_cont() {
        return a.open();
    }
    if b.is_passing() {
        return a.openness() == b.openness();
    }
    if b == TopFurn {
        return a == TopFurn;
    }
    if b.starts_article() || matches!(b, Furn | Noise) {
        return true;
    }
    // From here on b needs an article.
    if a == TopFurn {
        return false;
    }
    match b {
        Kicker => matches!(a, KickerNew | Kicker),
        Title => a.in_head(),
        Subtitle | BylineHead | FurnHead => a.in_head() && !matches!(a, KickerNew | Kicker),
        Byline => !a.in_head(),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_order_is_the_declaration_order_and_names_are_unique() {
        for (i, s) in ALL.iter().enumerate() {
            assert_eq!(*s as usize, i);
            assert_eq!(State::from_index(i), *s);
        }
        let mut names: Vec<&str> = ALL.iter().map(|s| s.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), N_STATES);
    }

    #[test]
    fn continuations_need_an_open_paragraph_and_passing_states_keep_its_kind() {
        use State::*;
        assert!(allowed(Some(StartOpen), ContClosed));
        assert!(allowed(Some(CaptionHard), ContOpen));
        assert!(!allowed(Some(StartClosed), ContClosed));
        assert!(!allowed(Some(Subhead), ContOpen));
        assert!(allowed(Some(ContHard), FurnHard));
        assert!(!allowed(Some(ContHard), FurnOpen));
        assert!(!allowed(Some(ContOpen), CaptionHard));
        assert!(!allowed(None, StartClosed));
        assert!(allowed(None, TitleNew));
        assert!(!allowed(Some(TopFurn), StartClosed));
        assert!(allowed(Some(TopFurn), BriefOpen));
        assert!(!allowed(Some(StartClosed), Title));
        assert!(allowed(Some(BylineHead), Title));
        assert!(!allowed(Some(KickerNew), Subtitle));
        assert!(!allowed(Some(Title), Byline));
        assert!(allowed(Some(Title), BylineHead));
        assert!(!allowed(Some(StartClosed), BylineHead));
    }
}
