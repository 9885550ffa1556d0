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
    twins: Vec<u8>,
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
    let full_width = set::full_width(shape, &tally.widths, tally.lines);
    set::runs(lines, &s.cues, &mut s.runs);
    s.flows.clear();
    s.flows.extend((0..lines.len()).map(|i| set::flow(lines, &s.cues, shape, i)));
    set::twins(lines, &s.cues, shape, full_width, &s.toc, &s.flows, &mut s.twins);
    let page = PageFacts {
        lines,
        cues: &s.cues,
        shape,
        full_width,
        toc: &s.toc,
        repeated: &s.repeated,
        head_zone: &s.head_zone,
        parallel: &s.parallel,
        twins: &s.twins,
        pull_quote: &s.pull_quote,
        deck: &s.deck,
        after_prose: if latin { facts::after_last_prose(text, lines) } else { lines.len() },
        usual_blank: set::usual_blank(lines),
        runs: &s.runs,
        flows: &s.flows,
    };
    s.atoms.fill(&page);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The page's lines and `Scratch::twins` after the feature stage.
    fn twins(page: &str) -> Vec<(String, u8)> {
        let mut lines = Vec::new();
        let tally = crate::text::lines::scan(page, &mut lines);
        let shape = crate::text::layout::detect(&tally, crate::document::Layout::Auto);
        let mut s = Scratch::default();
        analyse(page, &lines, &tally, shape, tally.latin(), &mut s);
        lines.iter().zip(&s.twins).map(|(l, &t)| (page[l.start..l.end].trim().to_string(), t)).collect()
    }

    /// The lines of `page` on which the fact `atom` fires.
    fn lines_with(page: &str, atom: set::A) -> Vec<String> {
        let mut lines = Vec::new();
        let tally = crate::text::lines::scan(page, &mut lines);
        let shape = crate::text::layout::detect(&tally, crate::document::Layout::Auto);
        let mut s = Scratch::default();
        analyse(page, &lines, &tally, shape, tally.latin(), &mut s);
        (0..lines.len())
            .filter(|&i| s.atoms.of(i).contains(&(atom as u16)))
            .map(|i| page[lines[i].start..lines[i].end].trim().to_string())
            .collect()
    }

    #[test]
    fn a_sentence_tail_is_a_short_line_closed_by_a_full_stop() {
        let page = "RUSSIA\nFrom page 1\nRussia.\nThe aid he pledged this weekend is earmarked for food, \
                    medicine and housing.\nHe was a hero. He was an ideal.\nIs it over?\n\
                    Border Patrol lacks manpower\nIt’s...”\nEngr.\n居民正在为蔬菜浇水，菜园焕发\n了生机。\n新建公园迎客\n";
        assert_eq!(lines_with(page, set::A::TAIL), ["Russia.", "Engr.", "了生机。"]);
    }

    const PROSE: &str = "市住建局有关负责人介绍，今年全市计划改造老旧小区四十二个，涉及居民三千余户，\
                         目前已有三十个小区开工建设，其余小区将在下半年陆续开工，年底前全部完工。";

    #[test]
    fn subheads_set_to_one_length_are_twins_and_a_headline_is_not() {
        let page = format!(
            "江城推进老旧小区改造  三千户居民受益\n\n{PROSE}\n\n规划先行统筹推进\n\n{PROSE}\n\n\
             资金保障多方发力\n\n{PROSE}\n\n居民参与共建共享\n\n{PROSE}\n\n\
             新建公园迎客\n\n{PROSE}\n\n城东菜场焕新\n\n{PROSE}\n"
        );
        let got = twins(&page);
        let of = |t: &str| got.iter().find(|(l, _)| l == t).map(|x| x.1);
        // Three subheads of eight characters: a series.
        assert_eq!(of("规划先行统筹推进"), Some(2));
        assert_eq!(of("资金保障多方发力"), Some(2));
        assert_eq!(of("居民参与共建共享"), Some(2));
        // Two lines of six: twins; the headline, like no other line: none.
        assert_eq!(of("新建公园迎客"), Some(1));
        assert_eq!(of("江城推进老旧小区改造  三千户居民受益"), Some(0));
        // Prose is never compared.
        assert!(got.iter().filter(|(l, _)| l.ends_with('。')).all(|x| x.1 == 0));
    }

    #[test]
    fn a_headline_of_two_equal_lines_counts_once_and_sentences_are_not_compared() {
        let page = format!(
            "中国科技\n活力奔涌\n\n{PROSE}\n\n这是明智的选择。\n\n{PROSE}\n\n那是明智的选择。\n\n{PROSE}\n"
        );
        let got = twins(&page);
        assert!(got.iter().all(|x| x.1 == 0), "{got:?}");
    }
}
