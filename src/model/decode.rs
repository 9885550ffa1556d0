//! Scoring and decoding a page's lines: emissions from the lines' facts, the best state
//! sequence (Viterbi), and each line's posterior state probabilities (forward–backward).
//!
//! Every row of scores has [`LANES`] entries, the states' and a padding lane that no path
//! takes, so that the loops over states run in whole vector registers.

// The kernels index rows of states by number: index loops read as the arithmetic they are.
#![allow(clippy::needless_range_loop)]

use super::states::{ALL, N_STATES, State, allowed};
use super::{DomainTables, POS_ABOVE, POS_BELOW, POS_LINE};
use crate::features::set::{N_ATOMS, PageAtoms};

/// Entries of a row: the states, padded to a multiple of 8.
pub(crate) const LANES: usize = N_STATES.div_ceil(8) * 8;

/// A score per state (and padding).
pub(crate) type Row = [f32; LANES];

/// Working buffers of the decoder, kept between pages.
#[derive(Clone, Debug, Default)]
pub(crate) struct Scratch {
    /// Each line's emission score per state.
    emit: Vec<Row>,
    /// Viterbi: each line's best path score per state; then, for the confidence, each line's
    /// forward probabilities (scaled per line). Two rows a line in all (256 bytes): the
    /// backward pass keeps one row.
    best: Vec<Row>,
}

/// Add the rows of `facts` in `table` to `e`.
#[inline(always)]
fn add_rows(e: &mut Row, table: &[Row], facts: &[u16]) {
    // Summed in a local row, which stays in vector registers.
    let mut acc = *e;
    for &a in facts {
        // A fact without a row (never: the tables hold every fact) adds nothing.
        let Some(row) = table.get(a as usize) else { continue };
        for s in 0..LANES {
            acc[s] += row[s];
        }
    }
    *e = acc;
}

/// Every line's emission score per state: the weights of its own facts and of the context
/// facts of the line above and of the line below. (The padding lane scores 0; no transition
/// leads into it.)
pub(crate) fn emissions(t: &DomainTables, atoms: &PageAtoms, scratch: &mut Scratch) {
    let out = &mut scratch.emit;
    let n = atoms.len();
    out.clear();
    out.reserve(n);
    let line = &t.emit[POS_LINE * N_ATOMS..(POS_LINE + 1) * N_ATOMS];
    let above = &t.emit[POS_ABOVE * N_ATOMS..(POS_ABOVE + 1) * N_ATOMS];
    let below = &t.emit[POS_BELOW * N_ATOMS..(POS_BELOW + 1) * N_ATOMS];
    for i in 0..n {
        let mut e = [0.0f32; LANES];
        add_rows(&mut e, line, atoms.of(i));
        if let Some(j) = atoms.above(i) {
            add_rows(&mut e, above, atoms.context_of(j));
        }
        if let Some(j) = atoms.below(i) {
            add_rows(&mut e, below, atoms.context_of(j));
        }
        let mask = super::states::line_mask(atoms.of(i));
        if mask != super::states::ANY_STATE {
            for (s, v) in e.iter_mut().enumerate().take(N_STATES) {
                if mask >> s & 1 == 0 {
                    *v = f32::NEG_INFINITY;
                }
            }
        }
        out.push(e);
    }
}

/// The best state sequence for the emissions in `scratch` (filled by [`emissions`]).
///
/// The forward pass keeps only every line's best path scores (a maximum over the rows of the
/// transition table, in whole vector registers); the path is recovered backwards by
/// recomputing each chosen state's best allowed predecessor from the same sums.
pub(crate) fn viterbi(t: &DomainTables, scratch: &mut Scratch, out: &mut Vec<State>) {
    let Scratch { emit, best: hist, .. } = scratch;
    let n = emit.len();
    out.clear();
    if n == 0 {
        return;
    }
    hist.clear();
    hist.resize(n, [0.0; LANES]);
    let mut score: Row = [0.0; LANES];
    for s in 0..LANES {
        score[s] = t.start[s] + emit[0][s];
    }
    hist[0] = score;
    for i in 1..n {
        let mut best = [f32::NEG_INFINITY; LANES];
        for (a, row) in t.trans.iter().enumerate() {
            let sa = score[a];
            if sa == f32::NEG_INFINITY {
                continue;
            }
            // Eight lanes at a time: whole vector registers.
            for (bc, rc) in best.chunks_exact_mut(8).zip(row.chunks_exact(8)) {
                for k in 0..8 {
                    let v = sa + rc[k];
                    bc[k] = if v > bc[k] { v } else { bc[k] };
                }
            }
        }
        let e = &emit[i];
        for b in 0..LANES {
            score[b] = best[b] + e[b];
        }
        hist[i] = score;
    }
    let mut s = (0..N_STATES).fold(0, |m, b| if score[b] > score[m] { b } else { m });
    out.resize(n, State::Furn);
    for i in (1..n).rev() {
        out[i] = ALL[s];
        // The first allowed predecessor with the best sum (the forward pass's maximum).
        let prev = &hist[i - 1];
        let mut arg = t.preds[s].first().map_or(0, |&a| a as usize);
        let mut best = f32::NEG_INFINITY;
        for &a in &t.preds[s] {
            let v = prev[a as usize] + t.trans[a as usize][s];
            if v > best {
                best = v;
                arg = a as usize;
            }
        }
        s = arg;
    }
    out[0] = ALL[s];
}

/// `exp(e - max e)` of a row (0 for -inf).
#[inline]
fn exp_row(e: &Row) -> Row {
    let m = e.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut r = [0.0f32; LANES];
    if m.is_finite() {
        for s in 0..N_STATES {
            if e[s] > f32::NEG_INFINITY {
                r[s] = (e[s] - m).exp();
            }
        }
    }
    r
}

/// Scale a row to sum 1 (left alone when it sums to 0).
#[inline]
fn normalise(r: &mut Row) {
    let z: f32 = r.iter().sum();
    if z > 0.0 && z.is_finite() {
        let inv = 1.0 / z;
        for v in r.iter_mut() {
            *v *= inv;
        }
    }
}

/// Each line's posterior probability of being in state `states[i]` (forward–backward over the
/// same scores the decoder maximised), into `out`. Runs after [`viterbi`], whose buffers it
/// takes over: the emissions become their `exp` in place, the path scores the forward
/// probabilities.
pub(crate) fn confidence(t: &DomainTables, scratch: &mut Scratch, states: &[State], out: &mut Vec<f32>) {
    let Scratch { emit: beta, best: alpha } = scratch;
    let n = beta.len();
    out.clear();
    if n == 0 {
        return;
    }
    // Probabilities in scaled form: each line's emissions relative to their best, each step
    // normalised to sum 1 (the scale cancels in the marginals). `beta` first holds each
    // line's `exp` emissions.
    for e in beta.iter_mut() {
        *e = exp_row(e);
    }
    alpha.clear();
    alpha.resize(n, [0.0; LANES]);
    let mut a0 = beta[0];
    for s in 0..LANES {
        a0[s] *= t.exp_start[s];
    }
    normalise(&mut a0);
    alpha[0] = a0;
    for i in 1..n {
        let mut next = [0.0f32; LANES];
        let prev = alpha[i - 1];
        for a in 0..N_STATES {
            let pa = prev[a];
            if pa == 0.0 {
                continue;
            }
            let row = &t.exp_trans[a];
            for b in 0..LANES {
                next[b] += pa * row[b];
            }
        }
        for b in 0..LANES {
            next[b] *= beta[i][b];
        }
        normalise(&mut next);
        alpha[i] = next;
    }
    // Backwards, in place: beta[i] becomes the backward probabilities once line i + 1 is done.
    let mut after = [1.0f32; LANES];
    for i in (0..n).rev() {
        let marginal = {
            let mut z = 0.0f32;
            for s in 0..N_STATES {
                z += alpha[i][s] * after[s];
            }
            let s = states[i] as usize;
            if z > 0.0 { (alpha[i][s] * after[s] / z).clamp(0.0, 1.0) } else { 0.0 }
        };
        out.push(marginal);
        if i == 0 {
            break;
        }
        let mut w = [0.0f32; LANES];
        for b in 0..LANES {
            w[b] = beta[i][b] * after[b];
        }
        let mut cur = [0.0f32; LANES];
        for a in 0..N_STATES {
            let row = &t.exp_trans[a];
            let mut acc = 0.0;
            for b in 0..LANES {
                acc += row[b] * w[b];
            }
            cur[a] = acc;
        }
        normalise(&mut cur);
        after = cur;
    }
    out.reverse();
}

/// The transition table of a kind: learned scores inside the allowed transitions, -inf
/// outside (and into the padding).
pub(crate) fn masked_transitions(learned: &dyn Fn(usize, usize) -> f32) -> Vec<Row> {
    let mut t = vec![[f32::NEG_INFINITY; LANES]; N_STATES];
    for (a, sa) in ALL.iter().enumerate() {
        for (b, sb) in ALL.iter().enumerate() {
            if allowed(Some(*sa), *sb) {
                t[a][b] = learned(a, b);
            }
        }
    }
    t
}
