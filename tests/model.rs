//! The built-in model over the dev corpus (`../shared/corpus/dev`, beside the project when it
//! is there; CI sets `NEWSPAN_REQUIRE_CORPUS=1` so that a missing corpus fails instead of
//! passing unseen).
//!
//! The confidence a span carries must mean something: lines the model decodes wrong have
//! clearly lower confidence than lines it decodes right (area under the ROC curve ≥ 0.75).
//! `newspan cv` reports the same figure over held-out lines, each judged by a model that
//! never saw it (`.ci/cv.py` holds it there too).

use std::path::Path;

fn dev_corpus() -> Option<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/dev");
    if Path::new(dir).is_dir() {
        return Some(dir.to_string());
    }
    assert!(
        std::env::var_os("NEWSPAN_REQUIRE_CORPUS").is_none(),
        "NEWSPAN_REQUIRE_CORPUS is set but {dir} is missing"
    );
    eprintln!("no dev corpus at {dir}: the model's corpus checks did not run");
    None
}

#[test]
fn confidence_separates_right_lines_from_wrong_ones() {
    let Some(dir) = dev_corpus() else { return };
    let model = newspan::Model::default_model();
    let pages = newspan::tools::corpus_pages(&[dir]).unwrap();
    assert!(pages.len() >= 20, "only {} labelled pages", pages.len());
    let mut judged = Vec::new();
    for p in &pages {
        let lines = newspan::tools::judge_lines(p, model).unwrap();
        assert!(
            lines.iter().all(|&(_, c)| (0.0..=1.0).contains(&c)),
            "{}: confidence outside [0, 1]",
            p.display()
        );
        judged.extend(lines);
    }
    let wrong = judged.iter().filter(|j| !j.0).count();
    let auc = newspan::tools::confidence_auc(&judged).expect("right and wrong lines");
    eprintln!("confidence AUC {auc:.3} over {} lines ({wrong} wrong)", judged.len());
    assert!(auc >= 0.75, "confidence AUC {auc:.3} < 0.75");
}

#[test]
fn auc_is_the_chance_a_right_line_outranks_a_wrong_one() {
    use newspan::tools::confidence_auc;
    assert_eq!(confidence_auc(&[(true, 0.9), (false, 0.1)]), Some(1.0));
    assert_eq!(confidence_auc(&[(true, 0.1), (false, 0.9)]), Some(0.0));
    assert_eq!(confidence_auc(&[(true, 0.5), (false, 0.5)]), Some(0.5));
    // Right 0.9, 0.4; wrong 0.6: one pair of two ranked right.
    assert_eq!(confidence_auc(&[(true, 0.9), (true, 0.4), (false, 0.6)]), Some(0.5));
    assert_eq!(confidence_auc(&[(true, 0.9)]), None);
}
