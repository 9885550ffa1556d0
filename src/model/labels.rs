//! Line states from a gold answer: the states the decoder should have chosen on a labelled page.
//!
//! The aligner says which gold field each run of a line holds; here each line gets the state
//! that makes the assembler build exactly that: the line's main run decides its role (a line
//! that holds any paragraph text is a body line, one that opens with a jump is a jump), its
//! article decides whether a new article starts, and the paragraph's pieces decide where a
//! paragraph starts, goes on and ends. The few things a state cannot say (a story resumed
//! after another story's lines; two headlines on one line) are counted in [`Derivation`].

use super::align::{Alignment, Field, Label, PAGE};
use super::states::{Openness, State, allowed};

/// What deriving the states found.
#[derive(Clone, Debug, Default)]
pub struct Derivation {
    /// One state per line.
    pub(crate) states: Vec<State>,
    /// Lines of an article that an earlier article's lines came between (its article is
    /// resumed; the states start a new one instead).
    pub resumed: usize,
    /// Lines whose gold role a state cannot follow its predecessor with (the nearest allowed
    /// state was taken).
    pub forced: usize,
}

/// What the line's runs make it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Main {
    Body(Option<Label>, Option<Label>),
    One(Field, Option<Label>),
}

fn main_of(runs: &[super::align::Run]) -> (Main, u32) {
    let first = runs.first().and_then(|r| r.label);
    let para = runs.iter().filter_map(|r| r.label).find(|l| l.field == Field::Paragraph);
    let dateline = runs.iter().filter_map(|r| r.label).find(|l| l.field == Field::Dateline);
    let first_field = first.map(|l| l.field);
    let article = |l: Option<Label>| l.map_or(PAGE, |l| l.article);
    if first_field != Some(Field::Jump) && (para.is_some() || first_field == Some(Field::Dateline)) {
        let a = article(para.or(dateline));
        return (Main::Body(para, dateline), a);
    }
    match first {
        None => (Main::One(Field::Ignore, None), PAGE),
        Some(l) => (Main::One(l.field, Some(l)), l.article),
    }
}

/// Derive every line's state. `hard[i]`: line `i` stops mid-clause (see
/// [`State::fits_line`]).
pub(crate) fn derive(al: &Alignment, hard: &[bool]) -> Derivation {
    let mut out = Derivation::default();
    let mut prev: Option<State> = None;
    let mut current = PAGE;
    let mut seen: Vec<u32> = Vec::new();
    // The previous body line of the current article held only a dateline (the paragraph it
    // opens starts on a later line).
    let mut dateline_open = false;
    for (i, runs) in al.lines.iter().enumerate() {
        let (main, article) = main_of(runs);
        let new = article != PAGE && article != current;
        if new {
            if seen.contains(&article) {
                out.resumed += 1;
            }
            seen.push(article);
            current = article;
            dateline_open = false;
        }
        let open_before = prev.map_or(Openness::Closed, State::openness);
        let in_head = prev.is_some_and(State::in_head);
        let top = prev.is_none_or(|p| p == State::TopFurn);
        let body_openness = |open: bool| match (open, hard[i]) {
            (false, _) => Openness::Closed,
            (true, false) => Openness::Open,
            (true, true) => Openness::Hard,
        };
        let state = match main {
            Main::One(Field::Boilerplate, _) if top => State::TopFurn,
            Main::One(Field::Boilerplate, _) => match open_before {
                _ if in_head => State::FurnHead,
                Openness::Open => State::FurnOpen,
                Openness::Hard => State::FurnHard,
                Openness::Closed => State::Furn,
            },
            Main::One(Field::Ignore, _) => match open_before {
                Openness::Open => State::NoiseOpen,
                Openness::Hard => State::NoiseHard,
                Openness::Closed => State::Noise,
            },
            Main::One(Field::Kicker, _) if new => State::KickerNew,
            Main::One(Field::Title | Field::Subtitle, _) if new => State::TitleNew,
            Main::One(Field::Kicker, _) => State::Kicker,
            Main::One(Field::Title, _) => State::Title,
            Main::One(Field::Subtitle, _) => State::Subtitle,
            Main::One(Field::Byline, _) if new => State::BylineNew,
            Main::One(Field::Byline, _) if in_head => State::BylineHead,
            Main::One(Field::Byline, _) => State::Byline,
            Main::One(Field::Subhead, _) => State::Subhead,
            Main::One(Field::Caption, _) if new => State::CaptionNew,
            Main::One(Field::Caption, _) => match open_before {
                Openness::Open => State::CaptionOpen,
                Openness::Hard => State::CaptionHard,
                Openness::Closed => State::Caption,
            },
            Main::One(Field::Jump, _) if new => State::JumpNew,
            Main::One(Field::Jump, _) => State::Jump,
            Main::One(Field::Paragraph | Field::Dateline, _) => unreachable!("body lines are Main::Body"),
            Main::Body(para, dateline) => {
                // The paragraph goes on past this line unless its last piece ends here; a line
                // holding only a dateline opens the paragraph that follows it.
                let open = para.is_none_or(|p| !p.last);
                let o = body_openness(open);
                let continues = match para {
                    Some(p) => !p.first || dateline_open,
                    None => dateline.is_some_and(|d| !d.first),
                };
                let s = if new {
                    match o {
                        Openness::Closed => State::BriefClosed,
                        Openness::Open => State::BriefOpen,
                        Openness::Hard => State::BriefHard,
                    }
                } else if continues && open_before != Openness::Closed {
                    match o {
                        Openness::Closed => State::ContClosed,
                        Openness::Open => State::ContOpen,
                        Openness::Hard => State::ContHard,
                    }
                } else {
                    match o {
                        Openness::Closed => State::StartClosed,
                        Openness::Open => State::StartOpen,
                        Openness::Hard => State::StartHard,
                    }
                };
                dateline_open = para.is_none();
                s
            }
        };
        let state = if allowed(prev, state) {
            state
        } else {
            out.forced += 1;
            nearest_allowed(prev, state, hard[i])
        };
        out.states.push(state);
        prev = Some(state);
    }
    out
}

/// The state to take when the gold one cannot follow `prev`: the same role in another form
/// (a title line after body text opens a new headline; a continuation after a closed line
/// starts a paragraph), else furniture.
fn nearest_allowed(prev: Option<State>, want: State, hard: bool) -> State {
    use State::*;
    let candidates: &[State] = match want {
        Kicker | Title | Subtitle => &[Title, Subtitle, TitleNew],
        BylineHead | Byline => &[Byline, BylineHead, BylineNew],
        FurnHead | FurnOpen | FurnHard | TopFurn => &[FurnOpen, FurnHard, FurnHead, Furn],
        NoiseOpen | NoiseHard => &[NoiseOpen, NoiseHard, Noise],
        CaptionOpen | CaptionHard => &[CaptionOpen, CaptionHard, Caption],
        ContClosed => &[ContClosed, StartClosed, BriefClosed],
        ContOpen => &[ContOpen, StartOpen, BriefOpen],
        ContHard => &[ContHard, StartHard, BriefHard],
        StartClosed | Caption | Subhead | Jump => &[want, BriefClosed, CaptionNew],
        StartOpen => &[StartOpen, BriefOpen],
        StartHard => &[StartHard, BriefHard],
        _ => &[want],
    };
    candidates
        .iter()
        .copied()
        .find(|&s| allowed(prev, s) && s.fits_line(hard))
        .unwrap_or(if allowed(prev, Furn) { Furn } else { TopFurn })
}
