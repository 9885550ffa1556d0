//! What each line looks like, as features for the model: the recognisers (`cues`) and the
//! word lists they read (`lexicon`), the per-line findings and page-wide passes built on them
//! (`facts`), and the named features the model weighs (`set`).

pub(crate) mod cues;
pub(crate) mod facts;
pub(crate) mod lexicon;
pub(crate) mod set;

use crate::text::layout::{Shape, Tally};
use crate::text::lines::Line;
use facts::LineCues;
use set::{PageAtoms, PageFacts};

/// Working buffers of the feature stage, kept between pages.
#[derive(Clone, Debug, Default)]
pub(crate) struct Scratch {
    /// Every line's recogniser findings.
    pub cues: Vec<LineCues>,
    toc: Vec<bool>,
    repeated: Vec<bool>,
    head_zone: Vec<bool>,
    parallel: Vec<bool>,
    pull_quote: Vec<u8>,
    deck: Vec<bool>,
    pull: facts::PullQuoteScratch,
    hashes: Vec<(u64, usize)>,
    /// Every line's facts.
    pub atoms: PageAtoms,
    runs: Vec<set::Run>,
    flows: Vec<(bool, bool, bool, bool)>,
}

/// Run the recognisers once per line, the page-wide passes, and gather every line's facts
/// into `s`.
pub(crate) fn analyse(text: &str, lines: &[Line], tally: &Tally, shape: Shape, latin: bool, s: &mut Scratch) {
    s.cues.clear();
    s.cues.extend(lines.iter().map(|l| facts::line_cues(text, l)));
    facts::mark_brackets(&mut s.cues);
    facts::mark_blocks(&mut s.cues);
    facts::adjust_vertical(shape, &mut s.cues);
    facts::mark_toc(text, lines, &s.cues, &mut s.toc);
    facts::mark_repeated(text, lines, &mut s.hashes, &mut s.repeated);
    facts::mark_head_zone(&s.cues, &mut s.head_zone);
    facts::mark_parallel(&s.cues, &mut s.parallel);
    facts::mark_pull_quotes(text, lines, latin, &mut s.pull, &mut s.pull_quote);
    facts::mark_decks(text, shape, lines, &s.cues, &s.toc, &mut s.deck);
    set::runs(lines, &s.cues, &mut s.runs);
    s.flows.clear();
    s.flows.extend((0..lines.len()).map(|i| set::flow(lines, &s.cues, shape, i)));
    let page = PageFacts {
        lines,
        cues: &s.cues,
        shape,
        full_width: set::full_width(shape, &tally.widths, tally.lines),
        toc: &s.toc,
        repeated: &s.repeated,
        head_zone: &s.head_zone,
        parallel: &s.parallel,
        pull_quote: &s.pull_quote,
        deck: &s.deck,
        after_prose: if latin { facts::after_last_prose(text, lines) } else { lines.len() },
        usual_blank: set::usual_blank(lines),
        runs: &s.runs,
        flows: &s.flows,
    };
    s.atoms.fill(&page);
}
