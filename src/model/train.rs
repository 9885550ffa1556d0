//! Training: a linear-chain conditional random field fitted to labelled pages.
//!
//! Each labelled page gives every line's facts ([`crate::features`]) and the states its gold
//! answer implies ([`super::labels`]). Training maximises the log-likelihood of those state
//! sequences under the model, minus an L2 penalty (`lambda / 2 · |θ|²`), with L-BFGS over all
//! pages at once. The likelihood is cost-augmented (softmax-margin, Gimpel & Smith 2010): in
//! the partition function a wrong state that would split, merge or mislabel an article weighs
//! `exp(structure_cost)` times its score, so the model learns to keep such states further
//! below the gold one than a wrong paragraph break. Nothing in it is random and every sum runs
//! in a fixed order, so the same pages and settings give the same model, bit for bit.

use super::states::{ALL, N_ATTRS, N_STATES, allowed};
use super::{N_COLS, N_PARAMS, N_TRANS, N_WEIGHTS, fold_row, trans_index, weight_index};
use crate::features::set::{N_ATOMS, POSITIONS, PageAtoms, feature};

/// One labelled page, ready for training.
#[derive(Clone, Debug)]
pub struct TrainPage {
    /// The page's name (for reports).
    pub name: String,
    /// Its kind ([`crate::features::set::domain`]).
    pub domain: usize,
    /// For each line, the features that fire on it (weight rows, general and kind copies).
    pub(crate) feats: Vec<Vec<u32>>,
    /// The states each line may take at all ([`super::states::line_mask`]).
    pub(crate) mask: Vec<u64>,
    /// The gold answer of each line: the states it allows (bit `s` for state `s`).
    pub(crate) gold: Vec<u64>,
    /// How much the page counts in the objective (1).
    pub weight: f64,
    /// The features that fire anywhere on the page, each once, in order: the weight rows its
    /// gradient touches.
    pub(crate) used: Vec<u32>,
    /// Lines whose gold state the hard rules ([`super::states::line_mask`]) forbid: trained
    /// as the answer says.
    pub overruled: usize,
}

impl TrainPage {
    /// Build a training page from a page's facts, flags and gold states.
    pub(crate) fn new(name: String, domain: usize, atoms: &PageAtoms, gold: &[u64]) -> TrainPage {
        let n = atoms.len();
        let mut feats = Vec::with_capacity(n);
        for i in 0..n {
            let mut f = Vec::new();
            let mut add = |pos: usize, line: usize| {
                let facts = if pos == super::POS_LINE { atoms.of(line) } else { atoms.context_of(line) };
                for &a in facts {
                    for c in crate::features::set::copies(domain) {
                        if !crate::features::set::in_copy(c, a as usize) {
                            continue;
                        }
                        f.push(feature(pos, c, a as usize) as u32);
                    }
                }
            };
            add(super::POS_LINE, i);
            if let Some(j) = atoms.above(i) {
                add(super::POS_ABOVE, j);
            }
            if let Some(j) = atoms.below(i) {
                add(super::POS_BELOW, j);
            }
            feats.push(f);
        }
        // Where the gold answer gives a line a state the hard rules forbid it (a publisher's
        // page may hold what the rules never met), the answer wins for that line: otherwise
        // the whole page could not be followed and would teach nothing.
        let mut overruled = 0;
        let mask = (0..n)
            .map(|i| {
                let m = super::states::line_mask(atoms.of(i));
                if m & gold[i] == 0 {
                    overruled += 1;
                    m | gold[i]
                } else {
                    m
                }
            })
            .collect();
        let mut used: Vec<u32> = feats.iter().flatten().copied().collect();
        used.sort_unstable();
        used.dedup();
        TrainPage { name, domain, feats, mask, gold: gold.to_vec(), weight: 1.0, used, overruled }
    }

    /// Number of lines.
    pub fn len(&self) -> usize {
        self.gold.len()
    }

    /// True for a page without lines.
    pub fn is_empty(&self) -> bool {
        self.gold.is_empty()
    }
}

/// Training settings.
#[derive(Clone, Debug)]
pub struct TrainOptions {
    /// L2 penalty of the general copy of every weight.
    pub lambda: f64,
    /// L2 penalty of the copies of a layout or a script ([`KIND_LAMBDA`]).
    pub kind_lambda: f64,
    /// How much more a wrong state counts in training where it costs an article (the line
    /// starts one or is a headline, byline, subhead, caption or jump line, or the wrong state
    /// is one of those) than where it costs a paragraph at most: the softmax-margin cost of
    /// such a state, in log-score units (0: the plain likelihood).
    pub structure_cost: f64,
    /// Most L-BFGS iterations.
    pub max_iterations: usize,
    /// Stop when the objective improves by less than this fraction over an iteration.
    pub tolerance: f64,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            lambda: 1.0,
            kind_lambda: KIND_LAMBDA,
            structure_cost: STRUCTURE_COST,
            max_iterations: 300,
            tolerance: 1e-5,
        }
    }
}

/// The default [`TrainOptions::structure_cost`]. The scorer (like a reader) loses a whole
/// article's fields to one wrong article boundary or headline line and one paragraph to a
/// wrong paragraph break; training by the plain likelihood weighs every line's state the same,
/// and the paragraph lines, most of every page, decide what it learns. 2 was chosen by the
/// cross-validated score over four fold seeds (README: Accuracy).
pub const STRUCTURE_COST: f64 = 2.0;

/// The default [`TrainOptions::kind_lambda`]: the per-kind copies of the weights pay four
/// times the general copy's penalty, so what holds on pages of every kind is learned in the
/// general copy, the one a page of a paper or kind never seen in training is read with, and a
/// kind's own copy keeps only what its pages clearly say otherwise. Chosen by the
/// cross-validated score over four fold seeds and leave-one-kind-out (README: Accuracy).
pub const KIND_LAMBDA: f64 = 4.0;

const NEG: f64 = f64::NEG_INFINITY;

/// The transition table of kind `d` under `theta` (-inf where not allowed), row `N_STATES` the
/// start scores.
fn transitions(theta: &[f64], d: usize) -> Vec<[f64; N_STATES]> {
    let mut t = vec![[NEG; N_STATES]; N_STATES + 1];
    for b in 0..N_STATES {
        for a in 0..=N_STATES {
            let ok = if a == N_STATES { allowed(None, ALL[b]) } else { allowed(Some(ALL[a]), ALL[b]) };
            if ok {
                t[a][b] = crate::features::set::copies(d).iter().map(|&c| theta[trans_index(c, a, b)]).sum();
            }
        }
    }
    t
}

/// The indices of the entries of `v` that are not zero, into `out` (as long as `v`); how many.
#[inline]
fn nonzero(v: &[f64], out: &mut [usize]) -> usize {
    let mut k = 0;
    for (i, &x) in v.iter().enumerate() {
        if x != 0.0 {
            out[k] = i;
            k += 1;
        }
    }
    k
}

/// Forward–backward over `psi` (emissions as `exp(e - shift)`, 0 where the state is not
/// allowed) and `exp_t` (row `N_STATES`: the start). Returns `log Z` (without the shifts) and
/// adds `sign` × the expected counts of every column and transition into `grad`.
fn forward_backward(
    p: &TrainPage,
    psi: &[[f64; N_STATES]],
    exp_t: &[[f64; N_STATES]],
    sign: f64,
    grad: &mut [f64],
) -> f64 {
    let n = psi.len();
    let mut alpha = vec![[0.0f64; N_STATES]; n];
    let mut scale = vec![0.0f64; n];
    for s in 0..N_STATES {
        alpha[0][s] = exp_t[N_STATES][s] * psi[0][s];
    }
    for i in 0..n {
        if i > 0 {
            let mut next = [0.0f64; N_STATES];
            for a in 0..N_STATES {
                let pa = alpha[i - 1][a];
                if pa == 0.0 {
                    continue;
                }
                for b in 0..N_STATES {
                    next[b] += pa * exp_t[a][b];
                }
            }
            for b in 0..N_STATES {
                next[b] *= psi[i][b];
            }
            alpha[i] = next;
        }
        let z: f64 = alpha[i].iter().sum();
        if z.is_nan() || z <= 0.0 {
            return f64::INFINITY;
        }
        scale[i] = z;
        for v in alpha[i].iter_mut() {
            *v /= z;
        }
    }
    let log_z: f64 = scale.iter().map(|c| c.ln()).sum();
    // The sums below leave out the terms that are zero: adding a zero changes no sum (none is
    // ever -0), so the results are the same to the bit, and the gold answer's pass, where a
    // line has one state or a few, costs a fraction of the full one.
    let mut beta = vec![[0.0f64; N_STATES]; n];
    beta[n - 1] = [1.0; N_STATES];
    let mut live = [0usize; N_STATES];
    for i in (0..n - 1).rev() {
        let mut w = [0.0f64; N_STATES];
        for b in 0..N_STATES {
            w[b] = psi[i + 1][b] * beta[i + 1][b] / scale[i + 1];
        }
        let k = nonzero(&w, &mut live);
        for a in 0..N_STATES {
            let mut acc = 0.0;
            for &b in &live[..k] {
                acc += exp_t[a][b] * w[b];
            }
            beta[i][a] = acc;
        }
    }
    let mut cols_live = [0usize; N_COLS];
    let d = p.domain;
    for i in 0..n {
        // Per column: the state's own, and each attribute's (summed over its states).
        let mut cols = [0.0f64; N_COLS];
        for (s, st) in ALL.iter().enumerate() {
            let m = sign * alpha[i][s] * beta[i][s];
            if m == 0.0 {
                continue;
            }
            cols[s] += m;
            let mut bits = st.attrs();
            while bits != 0 {
                let k = bits.trailing_zeros() as usize;
                cols[N_STATES + k] += m;
                bits &= bits - 1;
            }
        }
        let k = nonzero(&cols, &mut cols_live);
        for &f in &p.feats[i] {
            let base = weight_index(f as usize, 0);
            if k == N_COLS {
                for c in 0..N_COLS {
                    grad[base + c] += cols[c];
                }
            } else {
                for &c in &cols_live[..k] {
                    grad[base + c] += cols[c];
                }
            }
        }
        if i == 0 {
            for s in 0..N_STATES {
                let m = sign * alpha[0][s] * beta[0][s];
                for c in crate::features::set::copies(d) {
                    grad[trans_index(c, N_STATES, s)] += m;
                }
            }
        } else {
            let mut w = [0.0f64; N_STATES];
            for b in 0..N_STATES {
                w[b] = psi[i][b] * beta[i][b] / scale[i];
            }
            let k = nonzero(&w, &mut live);
            for a in 0..N_STATES {
                let pa = alpha[i - 1][a];
                if pa == 0.0 {
                    continue;
                }
                for &b in &live[..k] {
                    let q = sign * pa * exp_t[a][b] * w[b];
                    if q != 0.0 {
                        for c in crate::features::set::copies(d) {
                            grad[trans_index(c, a, b)] += q;
                        }
                    }
                }
            }
        }
    }
    log_z
}

/// The negative log-likelihood of one page's gold answer and its gradient (added into
/// `grad`). A line's gold answer is a set of states (most often one): the likelihood sums
/// over every state sequence the sets allow. `g_page` is a working gradient as long as
/// `grad`, all zeros, and left so.
fn page_objective(p: &TrainPage, theta: &[f64], cost: f64, grad: &mut [f64], g_page: &mut [f64]) -> f64 {
    let n = p.len();
    if n == 0 {
        return 0.0;
    }
    let trans = transitions(theta, p.domain);
    let exp_t: Vec<[f64; N_STATES]> = trans.iter().map(|r| r.map(f64::exp)).collect();
    let mut psi = vec![[0.0f64; N_STATES]; n];
    let mut psi_gold = vec![[0.0f64; N_STATES]; n];
    let boost = cost.exp();
    let shaping = article_states();
    for i in 0..n {
        let e = emissions(p, theta, i);
        let m = e.iter().copied().fold(NEG, f64::max);
        let gold_shapes = p.gold[i] & shaping != 0;
        for s in 0..N_STATES {
            psi[i][s] = if p.mask[i] >> s & 1 == 1 { (e[s] - m).exp() } else { 0.0 };
            if p.gold[i] >> s & 1 == 1 {
                psi_gold[i][s] = psi[i][s];
            } else if cost > 0.0 && (gold_shapes || shaping >> s & 1 == 1) {
                // Softmax-margin: a wrong state that costs an article counts `cost` more in
                // the partition function, so training pushes it that much further below the
                // gold state.
                psi[i][s] *= boost;
            }
        }
    }
    // log Z_gold first, into the working gradient: a page whose gold answer the grammar cannot
    // follow teaches nothing (cannot happen for derived states). Only the page's own entries
    // can be other than zero (its features' rows, its kind's transitions): those are added
    // into `grad` and cleared, and the rest is never read.
    let log_gold = forward_backward(p, &psi_gold, &exp_t, -p.weight, g_page);
    let ok = log_gold.is_finite();
    let log_z = if ok { forward_backward(p, &psi, &exp_t, p.weight, g_page) } else { 0.0 };
    let mut take = |k: usize| {
        if ok {
            grad[k] += g_page[k];
        }
        g_page[k] = 0.0;
    };
    for &f in &p.used {
        for c in 0..N_COLS {
            take(weight_index(f as usize, c));
        }
    }
    for c in crate::features::set::copies(p.domain) {
        for a in 0..=N_STATES {
            for b in 0..N_STATES {
                take(trans_index(c, a, b));
            }
        }
    }
    if ok { p.weight * (log_z - log_gold) } else { 0.0 }
}

/// The emission score of every state on line `i` of `p` under `theta`.
fn emissions(p: &TrainPage, theta: &[f64], i: usize) -> [f64; N_STATES] {
    let mut sums = [0.0f64; N_COLS];
    for &f in &p.feats[i] {
        let row = &theta[weight_index(f as usize, 0)..weight_index(f as usize, N_COLS)];
        for c in 0..N_COLS {
            sums[c] += row[c];
        }
    }
    let mut e = [0.0f64; N_STATES];
    fold_row(&sums, &mut e);
    e
}

/// Whether a line's state shapes the articles: it starts one, or it is a part the scorer
/// reads as a field of its own (a headline line, a byline, a subhead, a caption, a jump).
/// Reading such a line wrong, or reading another line as one, splits, merges or mislabels a
/// whole article; telling a paragraph's start from its continuation, or body from furniture,
/// costs one paragraph at most.
fn shapes_articles(st: super::states::State) -> bool {
    use super::states::State::*;
    st.starts_article()
        || st.is_headline()
        || st.is_byline()
        || st.is_subhead()
        || st.is_caption()
        || matches!(st, Jump | JumpNew)
}

/// The states that [`shapes_articles`] (bit `s` for state `s`).
fn article_states() -> u64 {
    (0..N_STATES).filter(|&s| shapes_articles(ALL[s])).fold(0, |m, s| m | 1 << s)
}

/// The objective over all pages (plus the penalty) and its gradient.
fn objective(pages: &[TrainPage], theta: &[f64], opts: &TrainOptions, grad: &mut [f64]) -> f64 {
    let (lambda, kind_lambda, cost) = (opts.lambda, opts.kind_lambda, opts.structure_cost);
    grad.iter_mut().for_each(|g| *g = 0.0);
    // Two halves on two threads, each into its own gradient, added in a fixed order: the
    // result does not depend on which thread finishes first.
    let mid = pages.len() / 2;
    let (left, right) = pages.split_at(mid);
    let mut g2 = vec![0.0f64; grad.len()];
    let (f1, f2) = std::thread::scope(|sc| {
        let h = sc.spawn(|| {
            let mut scratch = vec![0.0f64; g2.len()];
            right.iter().map(|p| page_objective(p, theta, cost, &mut g2, &mut scratch)).sum::<f64>()
        });
        let mut scratch = vec![0.0f64; grad.len()];
        let f1 = left.iter().map(|p| page_objective(p, theta, cost, grad, &mut scratch)).sum::<f64>();
        (f1, h.join().unwrap_or(f64::NAN))
    });
    for (g, h) in grad.iter_mut().zip(&g2) {
        *g += h;
    }
    let mut f = f1 + f2;
    for (i, (g, t)) in grad.iter_mut().zip(theta).enumerate() {
        // The copies of a layout or a script pay `kind_lambda`: what they add to the general
        // copy is drawn towards nothing harder or softer than the general weights.
        let kind_copy = i < N_WEIGHTS && i / N_COLS / N_ATOMS % crate::features::set::N_COPIES != 0
            || i >= N_WEIGHTS && (i - N_WEIGHTS) / ((N_STATES + 1) * N_STATES) != 0;
        let l = if kind_copy { kind_lambda } else { lambda };
        *g += l * t;
        f += 0.5 * l * t * t;
    }
    f
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Fit the parameters to `pages`. `log` receives a line per iteration.
pub fn train(pages: &[TrainPage], opts: &TrainOptions, log: &mut dyn FnMut(&str)) -> Vec<f64> {
    let n = N_PARAMS;
    debug_assert_eq!(n, N_WEIGHTS + N_TRANS);
    let _ = (N_ATOMS, N_ATTRS, POSITIONS.len());
    let mut x = vec![0.0f64; n];
    let mut g = vec![0.0f64; n];
    let mut f = objective(pages, &x, opts, &mut g);
    const M: usize = 10;
    let mut s_hist: Vec<Vec<f64>> = Vec::new();
    let mut y_hist: Vec<Vec<f64>> = Vec::new();
    let mut x_new = vec![0.0f64; n];
    let mut g_new = vec![0.0f64; n];
    for it in 0..opts.max_iterations {
        // Direction: -H g by the two-loop recursion.
        let mut q = g.clone();
        let k = s_hist.len();
        let mut alpha = vec![0.0; k];
        for j in (0..k).rev() {
            let rho = 1.0 / dot(&y_hist[j], &s_hist[j]);
            alpha[j] = rho * dot(&s_hist[j], &q);
            for (qi, yi) in q.iter_mut().zip(&y_hist[j]) {
                *qi -= alpha[j] * yi;
            }
        }
        let gamma = if k > 0 {
            dot(&s_hist[k - 1], &y_hist[k - 1]) / dot(&y_hist[k - 1], &y_hist[k - 1])
        } else {
            1.0 / dot(&g, &g).sqrt().max(1e-12)
        };
        for v in q.iter_mut() {
            *v *= gamma;
        }
        for j in 0..k {
            let rho = 1.0 / dot(&y_hist[j], &s_hist[j]);
            let beta = rho * dot(&y_hist[j], &q);
            for (qi, si) in q.iter_mut().zip(&s_hist[j]) {
                *qi += (alpha[j] - beta) * si;
            }
        }
        // d = -q; backtracking line search (Armijo).
        let mut slope = -dot(&g, &q);
        if slope >= 0.0 {
            // Not a descent direction: restart from the gradient.
            s_hist.clear();
            y_hist.clear();
            q.clone_from(&g);
            let scale = 1.0 / dot(&g, &g).sqrt().max(1e-12);
            q.iter_mut().for_each(|v| *v *= scale);
            slope = -dot(&g, &q);
        }
        let mut step = 1.0;
        let mut f_new;
        loop {
            for ((xn, xi), qi) in x_new.iter_mut().zip(&x).zip(&q) {
                *xn = xi - step * qi;
            }
            f_new = objective(pages, &x_new, opts, &mut g_new);
            if f_new <= f + 1e-4 * step * slope || step < 1e-10 {
                break;
            }
            step *= 0.5;
        }
        let s: Vec<f64> = x_new.iter().zip(&x).map(|(a, b)| a - b).collect();
        let y: Vec<f64> = g_new.iter().zip(&g).map(|(a, b)| a - b).collect();
        let improvement = (f - f_new) / f.abs().max(1e-12);
        std::mem::swap(&mut x, &mut x_new);
        std::mem::swap(&mut g, &mut g_new);
        f = f_new;
        log(&format!(
            "iteration {:>3}  objective {:.4}  step {:.3}  |g| {:.4}",
            it + 1,
            f,
            step,
            dot(&g, &g).sqrt()
        ));
        if dot(&s, &y) > 1e-10 {
            s_hist.push(s);
            y_hist.push(y);
            if s_hist.len() > M {
                s_hist.remove(0);
                y_hist.remove(0);
            }
        }
        if improvement.abs() < opts.tolerance && it > 5 {
            break;
        }
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::states::State::{self, *};

    /// A three-line page (a headline, then a paragraph over two lines), every state allowed on
    /// every line, each line with two features of its own and one it shares.
    fn page() -> TrainPage {
        let bit = |s: State| 1u64 << (s as u8);
        let feats = vec![vec![1, 2, 9], vec![3, 4, 9], vec![5, 6, 9]];
        let mut used: Vec<u32> = feats.iter().flatten().copied().collect();
        used.sort_unstable();
        used.dedup();
        TrainPage {
            name: "test".into(),
            domain: 0,
            feats,
            mask: vec![(1u64 << N_STATES) - 1; 3],
            gold: vec![bit(TitleNew), bit(StartOpen), bit(ContClosed)],
            weight: 1.0,
            used,
            overruled: 0,
        }
    }

    #[test]
    fn a_gold_state_a_hard_rule_forbids_is_trained_as_the_answer_says() {
        use crate::features::set::{A, LineIndex, NO_LINE, PageAtoms};
        // Two lines: a sentence's tail (no headline by rule) that the answer calls a title,
        // and a paragraph.
        let mut atoms = PageAtoms::default();
        atoms.atoms = vec![A::TAIL as u16, A::BIAS as u16];
        atoms.offsets = vec![0, 1, 2];
        atoms.index = vec![
            LineIndex { context_end: 0, above: NO_LINE, below: 1 },
            LineIndex { context_end: 1, above: 0, below: NO_LINE },
        ];
        let bit = |s: State| 1u64 << (s as u8);
        let gold = [bit(TitleNew), bit(StartClosed)];
        let p = TrainPage::new("t".into(), 0, &atoms, &gold);
        assert_eq!(p.overruled, 1);
        assert_eq!(p.mask[0], crate::model::states::line_mask(atoms.of(0)) | bit(TitleNew));
        assert_eq!(p.mask[1], crate::model::states::line_mask(atoms.of(1)));
        // The page can be followed: its objective is finite and it moves the weights.
        let theta = theta();
        let mut g = vec![0.0; N_PARAMS];
        let mut g_page = vec![0.0; N_PARAMS];
        let v = page_objective(&p, &theta, 0.0, &mut g, &mut g_page);
        assert!(v.is_finite() && v > 0.0, "{v}");
        assert!(g.iter().any(|&x| x != 0.0));
    }

    /// Small parameters that differ from entry to entry, the same in every run.
    fn theta() -> Vec<f64> {
        (0..N_PARAMS).map(|i| ((i as u64 * 2_654_435_761 % 1000) as f64 / 1000.0 - 0.5) * 0.4).collect()
    }

    fn value(p: &TrainPage, theta: &[f64], cost: f64) -> f64 {
        let mut g = vec![0.0; N_PARAMS];
        let mut scratch = vec![0.0; N_PARAMS];
        page_objective(p, theta, cost, &mut g, &mut scratch)
    }

    #[test]
    fn the_cost_augmented_gradient_is_the_derivative_of_the_objective() {
        let p = page();
        let mut theta = theta();
        for cost in [0.0, STRUCTURE_COST] {
            let mut g = vec![0.0; N_PARAMS];
            let mut scratch = vec![0.0; N_PARAMS];
            page_objective(&p, &theta, cost, &mut g, &mut scratch);
            assert!(scratch.iter().all(|&v| v == 0.0), "the working gradient is left zero");
            let c = crate::features::set::copies(p.domain)[0];
            let entries = [
                weight_index(1, 0),
                weight_index(4, N_COLS / 2),
                weight_index(9, N_COLS - 1),
                trans_index(c, N_STATES, TitleNew as usize),
                trans_index(c, TitleNew as usize, StartOpen as usize),
                trans_index(c, StartOpen as usize, ContClosed as usize),
            ];
            for k in entries {
                let h = 1e-5;
                let t = theta[k];
                theta[k] = t + h;
                let up = value(&p, &theta, cost);
                theta[k] = t - h;
                let down = value(&p, &theta, cost);
                theta[k] = t;
                let numeric = (up - down) / (2.0 * h);
                assert!(
                    (numeric - g[k]).abs() <= 1e-6 + 1e-4 * numeric.abs(),
                    "cost {cost}, entry {k}: gradient {} but the objective moves by {numeric}",
                    g[k]
                );
            }
        }
    }

    #[test]
    fn the_cost_weighs_wrong_article_states_and_no_more_than_it_says() {
        let p = page();
        let theta = theta();
        let plain = value(&p, &theta, 0.0);
        let costly = value(&p, &theta, 2.0);
        assert!(plain > 0.0 && plain.is_finite());
        // Every line here is in an article-shaping state or next to one: the wrong states
        // that count more are on every line, and each weighs at most e^2 times more.
        assert!(costly > plain + 0.1, "{costly} vs {plain}");
        assert!(costly <= plain + 2.0 * p.len() as f64 + 1e-9, "{costly} vs {plain}");
    }

    #[test]
    fn training_with_the_cost_keeps_wrong_headline_states_further_below_the_gold_one() {
        let p = page();
        // The margin on the headline line between its gold state and the best other state
        // that starts or heads an article.
        let margin = |cost: f64| {
            let opts = TrainOptions { structure_cost: cost, max_iterations: 60, ..TrainOptions::default() };
            let theta = train(std::slice::from_ref(&p), &opts, &mut |_| {});
            let e = emissions(&p, &theta, 0);
            let best_wrong = (0..N_STATES)
                .filter(|&s| s != TitleNew as usize && shapes_articles(ALL[s]))
                .map(|s| e[s])
                .fold(NEG, f64::max);
            e[TitleNew as usize] - best_wrong
        };
        let (plain, costly) = (margin(0.0), margin(STRUCTURE_COST));
        assert!(plain > 0.0, "the plain model learns the page: margin {plain}");
        assert!(costly > plain, "margin with the cost {costly}, without {plain}");
    }
}
