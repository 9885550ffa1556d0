//! Line states from a gold answer: the states the decoder should have chosen on a labelled page.
//!
//! The aligner says which gold field each run of a line holds; here each line gets the state
//! that makes the assembler build exactly that: the line's main run decides its role (a line
//! that holds any paragraph text is a body line, one that opens with a jump is a jump), its
//! article decides whether a new article starts, and the paragraph's pieces decide where a
//! paragraph starts, goes on and ends. The few things a state cannot say (a story resumed
//! after another story's lines; two headlines on one line) are counted in [`Derivation`].

use super::align::{Alignment, Field, Label, PAGE};
use super::states::{State, allowed};

/// What deriving the states found.
#[derive(Clone, Debug, Default)]
pub struct Derivation {
    /// One state per line.
    pub(crate) states: Vec<State>,
    /// The states each line's gold answer allows (bit per state): its state, or for a line
    /// the answer ignores (unreadable OCR that belongs nowhere), any furniture or noise state.
    pub(crate) allowed: Vec<u64>,
    /// Lines of an article that an earlier article's lines came between (its article is
    /// resumed; the states leave them with the current article).
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

/// Derive every line's state.
pub(crate) fn derive(al: &Alignment) -> Derivation {
    let mut out = Derivation::default();
    let mut prev: Option<State> = None;
    let mut current = PAGE;
    let mut seen: Vec<u32> = Vec::new();
    // The previous body line of the current article held only a dateline (the paragraph it
    // opens starts on a later line).
    let mut dateline_open = false;
    // The gold item the line above ends with (article, field, item), when it is a byline,
    // subhead or caption: the line may go on with it.
    let mut prev_item: Option<(u32, Field, u32)> = None;
    // Stories left with their paragraph open when another started (most recent last), as the
    // assembler keeps them.
    let mut open_stories: Vec<u32> = Vec::new();
    let mut para_open = false;
    // The story a resumed paragraph interrupted: current again once that paragraph ends.
    let mut interrupted: Option<u32> = None;
    for runs in &al.lines {
        let (main, article) = main_of(runs);
        let item = match main {
            Main::One(f, Some(l)) => Some((l.article, f, l.item)),
            _ => None,
        };
        let more = item.is_some() && item == prev_item;
        prev_item = runs
            .last()
            .and_then(|r| r.label)
            .filter(|l| matches!(l.field, Field::Byline | Field::Subhead | Field::Caption))
            .map(|l| (l.article, l.field, l.item));
        // A line of an article seen before, after another article's lines (OCR interleaves
        // stories). When it goes on with the paragraph that story left open, and that story is
        // the one the assembler resumes (the most recent left open), it resumes it; otherwise
        // the states cannot go back to it, and a new article would be a false one: the line
        // stays with the current article, in its own role.
        let switching = article != PAGE && article != current;
        let resumes = switching
            && matches!(main, Main::Body(Some(p), _) if !p.first)
            && open_stories.last() == Some(&article);
        let resumed = switching && seen.contains(&article) && !resumes;
        let new = switching && !seen.contains(&article);
        if resumed {
            out.resumed += 1;
        }
        if resumes {
            open_stories.pop();
            if para_open {
                open_stories.push(current);
            }
            interrupted = Some(current);
            current = article;
        }
        if new {
            if para_open && current != PAGE {
                open_stories.push(current);
            }
            seen.push(article);
            current = article;
            dateline_open = false;
        }
        let open_before = prev.is_some_and(State::open);
        let in_head = prev.is_some_and(State::in_head);
        let state = match main {
            Main::One(Field::Boilerplate, _) if in_head => State::FurnHead,
            Main::One(Field::Boilerplate, _) if open_before => State::FurnOpen,
            Main::One(Field::Boilerplate, _) => State::Furn,
            Main::One(Field::Ignore, _) if open_before => State::NoiseOpen,
            Main::One(Field::Ignore, _) => State::Noise,
            Main::One(Field::Kicker, _) if new => State::KickerNew,
            Main::One(Field::Title | Field::Subtitle, _) if new => State::TitleNew,
            Main::One(Field::Kicker, _) => State::Kicker,
            Main::One(Field::Title, _) => State::Title,
            Main::One(Field::Subtitle, _) => State::Subtitle,
            Main::One(Field::Byline, _) if more && prev.is_some_and(|p| p.in_head()) => State::BylineHeadMore,
            Main::One(Field::Byline, _) if more => State::BylineMore,
            Main::One(Field::Subhead, _) if more => State::SubheadMore,
            Main::One(Field::Caption, _) if more && open_before => State::CaptionMoreOpen,
            Main::One(Field::Caption, _) if more => State::CaptionMore,
            Main::One(Field::Byline, _) if new => State::BylineNew,
            Main::One(Field::Byline, _) if in_head => State::BylineHead,
            Main::One(Field::Byline, _) => State::Byline,
            Main::One(Field::Subhead, _) => State::Subhead,
            Main::One(Field::Caption, _) if new => State::CaptionNew,
            Main::One(Field::Caption, _) if open_before => State::CaptionOpen,
            Main::One(Field::Caption, _) => State::Caption,
            Main::One(Field::Jump, _) if new => State::JumpNew,
            Main::One(Field::Jump, _) => State::Jump,
            Main::One(Field::Paragraph | Field::Dateline, _) => unreachable!("body lines are Main::Body"),
            Main::Body(para, dateline) => {
                // The paragraph goes on past this line unless its last piece ends here; a line
                // holding only a dateline opens the paragraph that follows it.
                let open = para.is_none_or(|p| !p.last);
                let continues = match para {
                    Some(p) => !p.first || dateline_open,
                    None => dateline.is_some_and(|d| !d.first),
                };
                let s = match (new, continues && open_before, open) {
                    _ if resumes && open => State::ResumeOpen,
                    _ if resumes => State::ResumeClosed,
                    (true, _, false) => State::BriefClosed,
                    (true, _, true) => State::BriefOpen,
                    (false, true, false) => State::ContClosed,
                    (false, true, true) => State::ContOpen,
                    (false, false, false) => State::StartClosed,
                    (false, false, true) => State::StartOpen,
                };
                dateline_open = para.is_none();
                s
            }
        };
        let state = if allowed(prev, state) {
            state
        } else {
            out.forced += 1;
            nearest_allowed(prev, state)
        };
        if !state.is_passing() {
            para_open = state.open();
        }
        // A resumed paragraph that ends gives the page back to the story it interrupted.
        if state.is_body() && !state.open() {
            if let Some(back) = interrupted.take() {
                current = back;
            }
        } else if !state.is_body() && !state.is_passing() {
            interrupted = None;
        }
        out.states.push(state);
        let nowhere = matches!(main, Main::One(Field::Ignore, _));
        out.allowed.push(if nowhere {
            crate::model::states::ALL
                .iter()
                .filter(|s| s.is_furniture() || s.is_noise())
                .fold(0u64, |m, s| m | 1 << *s as u32)
        } else {
            1 << state as u32
        });
        prev = Some(state);
    }
    out
}

/// The state to take when the gold one cannot follow `prev`: the same role in another form
/// (a title line after body text opens a new headline; a continuation after a closed line
/// starts a paragraph), else furniture.
fn nearest_allowed(prev: Option<State>, want: State) -> State {
    use State::*;
    let candidates: &[State] = match want {
        Kicker | Title | Subtitle => &[Title, Subtitle, TitleNew],
        BylineHead | Byline | BylineMore | BylineHeadMore => &[Byline, BylineHead, BylineNew],
        FurnHead | FurnOpen => &[FurnOpen, FurnHead, Furn],
        NoiseOpen => &[NoiseOpen, Noise],
        CaptionOpen | CaptionMore | CaptionMoreOpen => &[CaptionOpen, Caption, CaptionNew],
        ContClosed => &[ContClosed, StartClosed, BriefClosed],
        ContOpen => &[ContOpen, StartOpen, BriefOpen],
        StartClosed | Caption | Subhead | SubheadMore | Jump => &[want, Subhead, BriefClosed, CaptionNew],
        StartOpen => &[StartOpen, BriefOpen],
        _ => &[want],
    };
    candidates.iter().copied().find(|&s| allowed(prev, s)).unwrap_or(Furn)
}
