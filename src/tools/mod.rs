//! The training and evaluation commands of `newspan` (feature `train`): `newspan align`,
//! `newspan train`, `newspan cv`.

mod annotate;
mod augment;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::model::align::{self, Field, PAGE};
use crate::model::gold::Gold;
use crate::options::Options;

/// The gold file beside a page: `NAME.txt` → `NAME.gold.json`.
pub fn gold_path(page: &Path) -> PathBuf {
    let name = page.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let stem = name.strip_suffix(".txt").unwrap_or(&name);
    page.with_file_name(format!("{stem}.gold.json"))
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn read_gold(path: &Path) -> Result<Gold, String> {
    let text = String::from_utf8(read(path)?).map_err(|_| format!("{}: not UTF-8", path.display()))?;
    Gold::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// `newspan align PAGE...`: each line of each page with the gold fields it holds.
pub fn align_command(pages: &[String]) -> Result<String, String> {
    let mut out = String::new();
    for p in pages {
        let page = Path::new(p);
        let input = read(page)?;
        let gold = read_gold(&gold_path(page))?;
        let mut bufs = crate::text::decode::Buffers::default();
        let decoded = crate::text::decode::decode_with(&input, &Options::default(), &mut bufs)
            .map_err(|e| e.to_string())?;
        let text: &str = &decoded.text;
        let mut lines = Vec::new();
        crate::text::lines::scan(text, &mut lines);
        let a = align::align(text, &lines, &gold);
        let d = crate::model::labels::derive(&a);
        let _ = writeln!(
            out,
            "## {p}: unlabelled {} unplaced {:?} resumed {} forced {}",
            a.unlabelled, a.unplaced, d.resumed, d.forced
        );
        for (k, runs) in a.lines.iter().enumerate() {
            let labels: Vec<String> = runs
                .iter()
                .map(|r| match r.label {
                    None => format!("-:{}", r.end - r.start),
                    Some(l) => format!(
                        "{}:{:?}#{}.{}{}{}",
                        if l.article == PAGE { "p".to_string() } else { l.article.to_string() },
                        l.field,
                        l.item,
                        l.piece,
                        if l.first { "^" } else { "" },
                        if l.last { "$" } else { "" }
                    ),
                })
                .collect();
            let _ =
                writeln!(out, "{k}\t{}\t{}\t{}", d.states[k].name(), labels.join(" "), lines[k].text(text));
        }
    }
    let _ = Field::Title;
    Ok(out)
}

/// The states derived from `gold` for a page (see [`crate::model::labels`]).
pub(crate) fn gold_states(
    gold: &Gold,
    text: &str,
    lines: &[crate::text::lines::Line],
) -> crate::model::labels::Derivation {
    let al = align::align(text, lines, gold);
    crate::model::labels::derive(&al)
}

/// `newspan roundtrip PAGE`: the page assembled from the states its gold answer gives, as
/// the `newspan/1` JSON object (what a perfect decoder would print).
pub fn roundtrip_command(pages: &[String]) -> Result<String, String> {
    let mut out = String::new();
    for p in pages {
        let page = Path::new(p);
        let input = read(page)?;
        let gold_file = gold_path(page);
        let gold = String::from_utf8(read(&gold_file)?)
            .map_err(|_| format!("{}: not UTF-8", gold_file.display()))?;
        let doc = parse_with_answer(&input, &gold).map_err(|e| format!("{p}: {e}"))?;
        out.push_str(&doc.json(&input).to_string());
        out.push('\n');
    }
    Ok(out)
}

/// Run a tool command (`args[0]` is its name); `None` when `args[0]` names none.
pub fn run(args: &[String]) -> Option<Result<String, String>> {
    match args.first().map(String::as_str) {
        Some("align") => Some(align_command(&args[1..])),
        Some("roundtrip") => Some(roundtrip_command(&args[1..])),
        Some("train") => Some(train_command(&args[1..])),
        Some("cv") => Some(cv_command(&args[1..])),
        Some("weights") => Some(weights_command(&args[1..])),
        Some("why") => Some(why_command(&args[1..])),
        Some("annotate") => Some(annotate::annotate_command(&args[1..])),
        _ => None,
    }
}

// ------------------------------------------------------------------------------------ training

use crate::model::train::{self, TrainOptions, TrainPage};

/// The labelled pages of `dirs`: every `NAME.txt` with a `NAME.gold.json` beside it, in name
/// order.
pub fn corpus_pages(dirs: &[String]) -> Result<Vec<PathBuf>, String> {
    let mut pages = Vec::new();
    for d in dirs {
        let entries = std::fs::read_dir(d).map_err(|e| format!("{d}: {e}"))?;
        for e in entries {
            let p = e.map_err(|e| format!("{d}: {e}"))?.path();
            if p.extension().is_some_and(|x| x == "txt") && gold_path(&p).exists() {
                pages.push(p);
            }
        }
    }
    pages.sort();
    if pages.is_empty() {
        return Err(format!("no labelled pages (NAME.txt with NAME.gold.json) in {}", dirs.join(", ")));
    }
    Ok(pages)
}

/// A page's stratum: the first two words of its name ("zh-rmrb-20251020-p1-16" → "zh-rmrb").
pub fn stratum(page: &Path) -> String {
    let name = page.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    name.split('-').take(2).collect::<Vec<_>>().join("-")
}

/// What deriving a page's gold states found (for the training report).
#[derive(Clone, Debug, Default)]
pub struct PrepReport {
    /// Lines.
    pub lines: usize,
    /// Lines of a story resumed after another story's lines.
    pub resumed: usize,
    /// Lines whose gold role the grammar could not follow.
    pub forced: usize,
}

/// A labelled page read for training or judging: its facts, its page kind and the states its
/// gold answer allows on each line.
struct Labelled {
    features: crate::features::Scratch,
    domain: usize,
    derivation: crate::model::labels::Derivation,
    lines: usize,
}

/// A labelled page's decoded text and its gold answer.
fn text_and_gold(page: &Path) -> Result<(String, Gold), String> {
    let input = read(page)?;
    let gold = read_gold(&gold_path(page))?;
    let mut bufs = crate::text::decode::Buffers::default();
    let decoded = crate::text::decode::decode_with(&input, &Options::default(), &mut bufs)
        .map_err(|e| format!("{}: {e}", page.display()))?;
    Ok((decoded.text.to_string(), gold))
}

/// The facts of a page's text, its kind and its lines.
fn facts_of(text: &str) -> (crate::features::Scratch, usize, Vec<crate::text::lines::Line>) {
    let mut lines = Vec::new();
    let tally = crate::text::lines::scan(text, &mut lines);
    let shape = crate::text::layout::detect(&tally, crate::document::Layout::Auto);
    let latin = tally.latin();
    let mut features = crate::features::Scratch::default();
    crate::features::analyse(text, &lines, &tally, shape, latin, &mut features);
    (features, crate::features::set::domain(shape.layout, latin), lines)
}

fn read_labelled(page: &Path) -> Result<Labelled, String> {
    let (text, gold) = text_and_gold(page)?;
    let (features, domain, lines) = facts_of(&text);
    let derivation = gold_states(&gold, &text, &lines);
    Ok(Labelled { features, domain, derivation, lines: lines.len() })
}

/// A labelled page re-set at other measures ([`augment`]): training pages with the same
/// articles, their paragraphs joined into one line and broken at another width, each counting
/// `weight` in the objective (a real page counts 1).
pub fn variants(page: &Path, weight: f64) -> Result<Vec<TrainPage>, String> {
    let (text, gold) = text_and_gold(page)?;
    let text = text.as_str();
    let mut lines = Vec::new();
    let tally = crate::text::lines::scan(text, &mut lines);
    let d = gold_states(&gold, text, &lines);
    let name = page.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut out = Vec::new();
    for m in augment::measures(&name, tally.latin()) {
        let Some((t, masks)) = augment::reset(text, &lines, &d.allowed, m) else { continue };
        let (f, domain, new_lines) = facts_of(&t);
        let n = new_lines.len();
        if n != masks.len() {
            return Err(format!(
                "{}: re-set {} gave {n} lines for {} states",
                page.display(),
                m.name(),
                masks.len()
            ));
        }
        let mut tp = TrainPage::new(format!("{name}@{}", m.name()), domain, &f.atoms, &masks);
        tp.weight = weight;
        out.push(tp);
    }
    Ok(out)
}

/// Read a labelled page and turn it into training data.
pub fn prepare(page: &Path) -> Result<(TrainPage, PrepReport), String> {
    let l = read_labelled(page)?;
    let d = &l.derivation;
    let name = page.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tp = TrainPage::new(name, l.domain, &l.features.atoms, &d.allowed);
    Ok((tp, PrepReport { lines: l.lines, resumed: d.resumed, forced: d.forced }))
}

/// Every line of a labelled page as `model` decodes it: whether the state it gets is one the
/// gold answer allows there, and the model's confidence in that state (its posterior
/// probability, see [`crate::Document::confidence`]).
pub fn judge_lines(page: &Path, model: &crate::Model) -> Result<Vec<(bool, f32)>, String> {
    Ok(decode_lines(page, model)?.iter().map(|j| (j.right(), j.confidence)).collect())
}

/// One line of a labelled page as a model decoded it.
#[derive(Clone, Copy, Debug)]
pub struct JudgedLine {
    /// The state decoded (its name: [`JudgedLine::decoded_name`]).
    pub decoded: u8,
    /// The states the gold answer allows there (bit `s` for state `s`).
    pub allowed: u64,
    /// The model's confidence in the decoded state.
    pub confidence: f32,
}

impl JudgedLine {
    /// The decoded state is one the gold answer allows.
    pub fn right(&self) -> bool {
        self.allowed & (1u64 << self.decoded) != 0
    }
    /// The decoded state's name.
    pub fn decoded_name(&self) -> &'static str {
        crate::model::states::ALL[self.decoded as usize].name()
    }
    /// The name of the gold state (the first the gold allows, "+" when it allows more).
    pub fn gold_name(&self) -> String {
        if self.allowed == 0 {
            return "(none)".to_string();
        }
        let first = crate::model::states::ALL[self.allowed.trailing_zeros() as usize].name();
        if self.allowed.count_ones() > 1 { format!("{first}+") } else { first.to_string() }
    }
}

/// Every line of a labelled page as `model` decodes it, with the states its gold allows.
pub fn decode_lines(page: &Path, model: &crate::Model) -> Result<Vec<JudgedLine>, String> {
    use crate::model::decode;
    let l = read_labelled(page)?;
    let tables = model.tables(l.domain);
    let mut scratch = decode::Scratch::default();
    let (mut states, mut confidence) = (Vec::new(), Vec::new());
    decode::emissions(tables, &l.features.atoms, &mut scratch);
    decode::viterbi(tables, &mut scratch, &mut states);
    decode::confidence(tables, &mut scratch, &states, &mut confidence);
    Ok(states
        .iter()
        .zip(&confidence)
        .zip(&l.derivation.allowed)
        .map(|((&s, &c), &allowed)| JudgedLine { decoded: s as u8, allowed, confidence: c })
        .collect())
}

/// The area under the ROC curve of `lines` (right or wrong, confidence): the probability that
/// a line chosen at random among the right ones has a higher confidence than one among the
/// wrong ones (ties count half). `None` when either group is empty.
pub fn confidence_auc(lines: &[(bool, f32)]) -> Option<f64> {
    let mut v: Vec<(f32, bool)> = lines.iter().map(|&(ok, c)| (c, ok)).collect();
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (right, wrong) =
        v.iter().fold((0u64, 0u64), |(r, w), &(_, ok)| if ok { (r + 1, w) } else { (r, w + 1) });
    if right == 0 || wrong == 0 {
        return None;
    }
    // Mann-Whitney: sum of the right lines' ranks (1-based, ties given their mean rank).
    let mut rank_sum = 0.0f64;
    let mut i = 0;
    while i < v.len() {
        let mut j = i;
        while j < v.len() && v[j].0 == v[i].0 {
            j += 1;
        }
        let mean_rank = (i + 1 + j) as f64 / 2.0;
        rank_sum += v[i..j].iter().filter(|x| x.1).count() as f64 * mean_rank;
        i = j;
    }
    let r = right as f64;
    Some((rank_sum - r * (r + 1.0) / 2.0) / (r * wrong as f64))
}

/// How much a labelled page re-set at another measure counts in training, against 1 for the
/// page itself (`--re-set`; 0 makes none). As much as a real page: each re-set page shows the
/// same articles at a measure the corpus may not (see the README, *Training a model*).
const RE_SET_WEIGHT: f64 = 1.0;

/// Settings of `newspan train` and `newspan cv`.
struct TrainArgs {
    dirs: Vec<String>,
    out: Option<String>,
    opts: TrainOptions,
    folds: usize,
    by_kind: bool,
    seed: u64,
    quiet: bool,
    /// How much each re-set page ([`augment`]) counts; 0: none are made.
    re_set: f64,
}

fn train_args(args: &[String], what: &str) -> Result<TrainArgs, String> {
    let mut t = TrainArgs {
        dirs: Vec::new(),
        out: None,
        opts: TrainOptions::default(),
        folds: 5,
        by_kind: false,
        seed: 1,
        quiet: false,
        re_set: RE_SET_WEIGHT,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().cloned().ok_or_else(|| format!("{name} needs a value"));
        let num =
            |v: String, name: &str| v.parse::<f64>().map_err(|_| format!("{name}: not a number: {v:?}"));
        match a.as_str() {
            "-o" | "--out" => t.out = Some(value(a)?),
            "--lambda" => t.opts.lambda = num(value(a)?, a)?,
            "--lambda-kinds" => t.opts.kind_lambda = num(value(a)?, a)?,
            "--cost" => t.opts.structure_cost = num(value(a)?, a)?,
            "--iterations" => t.opts.max_iterations = num(value(a)?, a)? as usize,
            "--tolerance" => t.opts.tolerance = num(value(a)?, a)?,
            "--folds" => t.folds = num(value(a)?, a)?.max(2.0) as usize,
            "--seed" => t.seed = num(value(a)?, a)? as u64,
            "--by-kind" => t.by_kind = true,
            "--re-set" => t.re_set = num(value(a)?, a)?,
            "-q" | "--quiet" => t.quiet = true,
            s if s.starts_with('-') => {
                return Err(format!("{what}: unknown option {s} (see newspan --help)"));
            }
            _ => t.dirs.push(a.clone()),
        }
    }
    if t.dirs.is_empty() {
        return Err(format!("{what}: name a directory of labelled pages (NAME.txt + NAME.gold.json)"));
    }
    if t.out.is_none() {
        return Err(format!("{what}: name the output with -o"));
    }
    if !(t.re_set >= 0.0 && t.re_set.is_finite()) {
        return Err(format!("{what}: --re-set must be a weight of 0 or more"));
    }
    if !(t.opts.lambda > 0.0 && t.opts.kind_lambda > 0.0) {
        return Err(format!("{what}: --lambda and --lambda-kinds must be above 0"));
    }
    if !(t.opts.structure_cost >= 0.0 && t.opts.structure_cost <= 20.0) {
        return Err(format!("{what}: --cost must be from 0 to 20"));
    }
    Ok(t)
}

/// Train on `pages` and return the model file's bytes.
fn train_bytes(pages: &[TrainPage], opts: &TrainOptions, what: &str, quiet: bool) -> Vec<u8> {
    let started = std::time::Instant::now();
    let mut log = |s: &str| {
        if !quiet {
            eprintln!("{s}");
        }
    };
    let theta = train::train(pages, opts, &mut log);
    let lines: usize = pages.iter().map(TrainPage::len).sum();
    let info = format!(
        "newspan {} model: {what}; {} pages, {lines} lines; lambda {}, kinds {}, structure cost {}, at most {} iterations",
        crate::VERSION,
        pages.len(),
        opts.lambda,
        opts.kind_lambda,
        opts.structure_cost,
        opts.max_iterations
    );
    if !quiet {
        eprintln!("trained in {:.1} s", started.elapsed().as_secs_f64());
    }
    crate::model::Model::encode(&theta, &info)
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}

/// `newspan train DIR... -o MODEL`: fit a model to the labelled pages of the directories.
pub fn train_command(args: &[String]) -> Result<String, String> {
    let t = train_args(args, "train")?;
    let paths = corpus_pages(&t.dirs)?;
    let mut pages = Vec::new();
    let (mut resumed, mut forced, mut lines, mut re_set, mut overruled) = (0, 0, 0, 0, 0);
    for p in &paths {
        let (tp, r) = prepare(p)?;
        resumed += r.resumed;
        forced += r.forced;
        lines += r.lines;
        overruled += tp.overruled;
        pages.push(tp);
        if t.re_set > 0.0 {
            let v = variants(p, t.re_set)?;
            re_set += v.len();
            pages.extend(v);
        }
    }
    let names: Vec<String> = t
        .dirs
        .iter()
        .map(|d| Path::new(d).file_name().map_or(d.clone(), |n| n.to_string_lossy().into_owned()))
        .collect();
    let bytes = train_bytes(&pages, &t.opts, &format!("trained on {}", names.join(", ")), t.quiet);
    let out = PathBuf::from(t.out.unwrap_or_default());
    write_file(&out, &bytes)?;
    Ok(format!(
        "{}: {} bytes from {} pages ({lines} lines; gold states: {resumed} resumed-story lines, {forced} forced{}){}\n",
        out.display(),
        bytes.len(),
        pages.len() - re_set,
        if overruled > 0 {
            format!(
                ", {overruled} that a hard rule of the decoder forbids (trained as the answer says; the decoder keeps the rule)"
            )
        } else {
            String::new()
        },
        if re_set > 0 { format!(" and {re_set} re-set pages") } else { String::new() }
    ))
}

/// A seeded, stable shuffle (SplitMix64): the same seed gives the same order on every machine.
fn shuffle<T>(v: &mut [T], seed: u64) {
    let mut s = seed;
    let mut next = || {
        s = s.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = s;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    for i in (1..v.len()).rev() {
        let j = (next() % (i as u64 + 1)) as usize;
        v.swap(i, j);
    }
}

/// The kind a stratum belongs to for leave-one-kind-out: the e-paper strata (`zh-luzhong`,
/// `zh-xinmin`) are one kind.
pub fn kind_of(stratum: &str) -> &str {
    match stratum {
        "zh-luzhong" | "zh-xinmin" => "e-paper",
        "zh-rmrb" => "pdftotext",
        "zh-jingbao" => "vertical",
        "en-mustang" => "english-ocr",
        s => s,
    }
}

/// `newspan cv DIR... -o OUT [--folds K | --by-kind] [--seed N]`: train one model per fold on
/// the pages outside it, and lay out `OUT/corpus/` so that the scorer judges each page by the
/// model that never saw it (`NAME.args` names the model).
pub fn cv_command(args: &[String]) -> Result<String, String> {
    let t = train_args(args, "cv")?;
    let paths = corpus_pages(&t.dirs)?;
    // Folds: by kind, or each stratum shuffled and dealt round the folds in turn.
    let mut fold_of: Vec<usize> = vec![0; paths.len()];
    let mut fold_names: Vec<String> = Vec::new();
    if t.by_kind {
        for (i, p) in paths.iter().enumerate() {
            let k = kind_of(&stratum(p)).to_string();
            let f = match fold_names.iter().position(|n| *n == k) {
                Some(f) => f,
                None => {
                    fold_names.push(k);
                    fold_names.len() - 1
                }
            };
            fold_of[i] = f;
        }
    } else {
        fold_names = (0..t.folds).map(|k| format!("fold-{}", k + 1)).collect();
        let mut strata: Vec<String> = paths.iter().map(|p| stratum(p)).collect();
        strata.sort();
        strata.dedup();
        let mut deal = 0;
        for s in &strata {
            let mut members: Vec<usize> = (0..paths.len()).filter(|&i| stratum(&paths[i]) == *s).collect();
            shuffle(&mut members, t.seed ^ crate::model::fnv_str(s));
            for i in members {
                fold_of[i] = deal % t.folds;
                deal += 1;
            }
        }
    }
    let out = PathBuf::from(t.out.clone().unwrap_or_default());
    let corpus = out.join("corpus");
    let models = out.join("models");
    for d in [&corpus, &models] {
        std::fs::create_dir_all(d).map_err(|e| format!("{}: {e}", d.display()))?;
    }
    let mut pages = Vec::new();
    let mut extra: Vec<Vec<TrainPage>> = Vec::new();
    for p in &paths {
        pages.push(prepare(p)?.0);
        extra.push(if t.re_set > 0.0 { variants(p, t.re_set)? } else { Vec::new() });
    }
    let mut report = String::new();
    let mut judged = Vec::new();
    let mut confusions = std::collections::BTreeMap::new();
    let started = std::time::Instant::now();
    for (f, name) in fold_names.iter().enumerate() {
        let mut train_set: Vec<TrainPage> =
            pages.iter().zip(&fold_of).filter(|(_, k)| **k != f).map(|(p, _)| p.clone()).collect();
        let real = train_set.len();
        for (x, _) in extra.iter().zip(&fold_of).filter(|(_, k)| **k != f) {
            train_set.extend(x.iter().cloned());
        }
        let held: Vec<&PathBuf> =
            paths.iter().zip(&fold_of).filter(|(_, k)| **k == f).map(|(p, _)| p).collect();
        let what = format!("cross-validation {name}, {} pages held out", held.len());
        let bytes = train_bytes(&train_set, &t.opts, &what, t.quiet);
        let model_path = models.join(format!("{name}.nsm"));
        write_file(&model_path, &bytes)?;
        let model_abs =
            std::fs::canonicalize(&model_path).map_err(|e| format!("{}: {e}", model_path.display()))?;
        let fold_model =
            crate::Model::from_bytes(&bytes).map_err(|e| format!("{}: {e}", model_path.display()))?;
        for p in &held {
            for j in decode_lines(p, &fold_model)? {
                judged.push((j.right(), j.confidence));
                if !j.right() {
                    let key = (kind_of(&stratum(p)).to_string(), j.gold_name(), j.decoded_name());
                    *confusions.entry(key).or_insert(0usize) += 1;
                }
            }
            let stem = p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            let abs = std::fs::canonicalize(p).map_err(|e| format!("{}: {e}", p.display()))?;
            let gold_abs =
                std::fs::canonicalize(gold_path(p)).map_err(|e| format!("{}: {e}", p.display()))?;
            let copy = |from: &Path, to: PathBuf| -> Result<(), String> {
                let _ = std::fs::remove_file(&to);
                std::fs::copy(from, &to).map(|_| ()).map_err(|e| format!("{}: {e}", to.display()))
            };
            copy(&abs, corpus.join(format!("{stem}.txt")))?;
            copy(&gold_abs, corpus.join(format!("{stem}.gold.json")))?;
            write_file(
                &corpus.join(format!("{stem}.args")),
                format!("--model {}\n", model_abs.display()).as_bytes(),
            )?;
        }
        let _ = writeln!(
            report,
            "{name}: trained on {real} pages (and {} re-set), judges {} pages",
            train_set.len() - real,
            held.len()
        );
    }
    let wrong = judged.iter().filter(|j| !j.0).count();
    let _ = writeln!(
        report,
        "confidence AUC {} over {} held-out lines ({wrong} decoded wrong)",
        confidence_auc(&judged).map_or("undefined".to_string(), |a| format!("{a:.3}")),
        judged.len()
    );
    // Where the held-out lines go wrong, most frequent first.
    let mut conf: Vec<_> = confusions.into_iter().collect();
    conf.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let _ = writeln!(
        report,
        "held-out lines decoded wrong: page kind, gold state -> decoded state (most frequent first):"
    );
    for ((kind, gold, got), n) in conf.iter().take(25) {
        let _ = writeln!(report, "  {n:>5}  {kind:<12} {gold} -> {got}");
    }
    let _ = writeln!(
        report,
        "{} models in {:.1} s; score with: python3 ../shared/eval/score.py --corpus {} --cmd \"target/release/newspan --json\"",
        fold_names.len(),
        started.elapsed().as_secs_f64(),
        corpus.display()
    );
    Ok(report)
}

/// The index of the state named `name` (`newspan --trace` prints the names).
fn state_named(name: &str) -> Result<usize, String> {
    crate::model::states::ALL.iter().position(|s| s.name() == name).ok_or_else(|| format!("no state {name}"))
}

/// `newspan weights MODEL FACT...`: each state's weight for the facts named (on the line, above,
/// below; general copy and each page kind's), for reading a model; `from:STATE` (or
/// `from:start`) in place of a fact: the transition weights out of that state, in every copy.
pub fn weights_command(args: &[String]) -> Result<String, String> {
    use crate::features::set::{ATOM_NAMES, COPY_NAMES, N_COPIES, POSITIONS, feature};
    use crate::model::states::{ALL, N_STATES};
    let (path, facts) = args.split_first().ok_or("weights: name a model file and facts")?;
    let model = crate::model::Model::load(path).map_err(|e| e.to_string())?;
    let p = model.params();
    let mut out = String::new();
    for fact in facts {
        // "from:STATE": the transition weights out of a state (the start row for "from:start").
        if let Some(state) = fact.strip_prefix("from:") {
            let a = if state == "start" { N_STATES } else { state_named(state)? };
            for (copy, copy_name) in COPY_NAMES.iter().enumerate() {
                let mut row: Vec<(f32, &str)> = (0..N_STATES)
                    .map(|b| (p[crate::model::trans_index(copy, a, b)], ALL[b].name()))
                    .filter(|(w, _)| *w != 0.0)
                    .collect();
                if row.is_empty() {
                    continue;
                }
                row.sort_by(|x, y| y.0.total_cmp(&x.0));
                let show: Vec<String> = row.iter().map(|(w, n)| format!("{n} {w:+.2}")).collect();
                let _ = writeln!(out, "{state} -> ({copy_name})  {}", show.join("  "));
            }
            continue;
        }
        let a = ATOM_NAMES.iter().position(|n| n == fact).ok_or_else(|| format!("no fact named {fact:?}"))?;
        for pos in 0..POSITIONS.len() {
            for copy in 0..N_COPIES {
                let f = feature(pos, copy, a);
                let row: Vec<(f32, &str)> =
                    (0..N_STATES).map(|s| (p[crate::model::weight_index(f, s)], ALL[s].name())).collect();
                if row.iter().all(|(w, _)| *w == 0.0) {
                    continue;
                }
                let mut top = row.clone();
                top.sort_by(|x, y| y.0.total_cmp(&x.0));
                let show: Vec<String> = top
                    .iter()
                    .take(4)
                    .chain(top.iter().rev().take(3))
                    .map(|(w, n)| format!("{n} {w:+.2}"))
                    .collect();
                let _ = writeln!(out, "{}  {}", crate::features::set::feature_name(f), show.join("  "));
            }
        }
    }
    Ok(out)
}

/// `newspan why MODEL PAGE LINE STATE STATE`: which features push line LINE of PAGE towards the
/// first state rather than the second (the largest differences of their scores).
pub fn why_command(args: &[String]) -> Result<String, String> {
    use crate::features::set::{feature, feature_name};
    use crate::model::states::N_STATES;
    let [model, page, line, s1, s2] = args else {
        return Err("why: MODEL PAGE LINE STATE STATE".into());
    };
    let model = crate::model::Model::load(model).map_err(|e| e.to_string())?;
    let p = model.params();
    let line: usize = line.parse().map_err(|_| "LINE: a number")?;
    let (a, b) = (state_named(s1)?, state_named(s2)?);
    let (tp, _) = prepare(Path::new(page))?;
    let mut rows: Vec<(f32, String)> = Vec::new();
    for &f in tp.feats.get(line).ok_or("no such line")? {
        let f = f as usize;
        let mut sa = [0.0f32; N_STATES];
        crate::model::fold_row(
            &p[crate::model::weight_index(f, 0)..crate::model::weight_index(f, crate::model::N_COLS)],
            &mut sa,
        );
        rows.push((sa[a] - sa[b], feature_name(f)));
    }
    let _ = feature(0, 0, 0);
    rows.sort_by(|x, y| y.0.abs().total_cmp(&x.0.abs()));
    let total: f32 = rows.iter().map(|r| r.0).sum();
    let mut out = format!("{s1} - {s2}: emission difference {total:+.2}\n");
    for (d, n) in rows.iter().take(25) {
        let _ = writeln!(out, "{d:+7.2}  {n}");
    }
    Ok(out)
}

/// Parse `input` with the line states its answer implies instead of a model's (`gold_json`: a
/// `NAME.gold.json` answer): what a perfect model would give. The assembly, the recognisers'
/// splits (datelines, bylines and names, jumps) and the joins are the parse's own, so this
/// tests them apart from the model.
pub fn parse_with_answer(input: &[u8], gold_json: &str) -> Result<crate::Document, String> {
    let gold = Gold::from_json(gold_json).map_err(|e| e.to_string())?;
    let mut doc = crate::Document::default();
    let f = |text: &str, lines: &[crate::text::lines::Line], _shape| gold_states(&gold, text, lines).states;
    crate::assemble::parse_page_with(
        input,
        &Options::default(),
        &mut crate::assemble::Scratch::default(),
        &mut doc,
        crate::assemble::Decider::Given(&f),
    )
    .map_err(|e| e.to_string())?;
    Ok(doc)
}
