//! The line-role model: a linear-chain model over the decoder's [`states`], whose weights are
//! learned from labelled pages (`newspan train`, see [`train`]) and kept as data.
//!
//! A line's emission score for a state is the sum of the weights of its features (its own
//! facts, the facts of the line above and of the line below, each in a general copy and a
//! copy for the page's kind; [`crate::features::set`]); a transition score says how well one
//! state follows another, inside the transitions the page's grammar allows
//! ([`states::allowed`]). The decoder takes the best-scoring state sequence (Viterbi), and
//! forward–backward over the same scores gives each line's posterior probability of the state
//! chosen: the confidence reported on every span.
//!
//! The model is data: [`Model::from_bytes`] reads a model file (magic, format version,
//! feature-set hash, state list, weights, checksum; see [`Model::to_bytes`]) and refuses a
//! truncated, corrupt or foreign one. The default model is built into the library
//! (`src/model/default.nsm`, made by `newspan train`; see the README).

pub(crate) mod decode;
pub(crate) mod states;

#[cfg(feature = "train")]
pub mod align;
#[cfg(feature = "train")]
pub mod gold;
#[cfg(feature = "train")]
pub(crate) mod labels;
#[cfg(feature = "train")]
pub(crate) mod train;

use std::sync::{Arc, OnceLock};

use crate::error::Error;
use crate::features::set::{
    N_ATOMS, N_COPIES, N_DOMAINS, N_FEATURES, POSITIONS, copies, feature, feature_set_hash,
};
use states::{ALL, ATTR_NAMES, N_ATTRS, N_STATES, allowed};

/// Position of the line's own facts in the emission tables.
pub(crate) const POS_LINE: usize = 0;
/// Position of the facts of the line above.
pub(crate) const POS_ABOVE: usize = 1;
/// Position of the facts of the line below.
pub(crate) const POS_BELOW: usize = 2;

/// Columns of a feature's weight row: one per state, then one per state attribute.
pub(crate) const N_COLS: usize = N_STATES + N_ATTRS;
/// Weights: one row of `N_COLS` per feature.
pub(crate) const N_WEIGHTS: usize = N_FEATURES * N_COLS;
/// Transition scores: for each copy (general, layouts, scripts), `N_STATES` rows of
/// `N_STATES` (from state `a` to state `b`) and one row of start scores.
pub(crate) const N_TRANS: usize = N_COPIES * (N_STATES + 1) * N_STATES;
/// All parameters.
pub(crate) const N_PARAMS: usize = N_WEIGHTS + N_TRANS;

/// Index of weight (feature `f`, column `c`: a state, or `N_STATES` + an attribute) in the
/// parameters.
#[inline]
pub(crate) const fn weight_index(f: usize, c: usize) -> usize {
    f * N_COLS + c
}

/// A feature's score for every state: its weight for the state plus its weights for the
/// state's attributes.
#[inline]
pub(crate) fn fold_row<T: Copy + Default + std::ops::AddAssign>(row: &[T], out: &mut [T]) {
    for (s, st) in ALL.iter().enumerate() {
        let mut v = row[s];
        let mut bits = st.attrs();
        while bits != 0 {
            let k = bits.trailing_zeros() as usize;
            v += row[N_STATES + k];
            bits &= bits - 1;
        }
        out[s] += v;
    }
}

/// Index of the transition score from `a` (`N_STATES`: the start) to `b` in copy `copy`
/// ([`crate::features::set::COPY_NAMES`]).
#[inline]
pub(crate) const fn trans_index(copy: usize, a: usize, b: usize) -> usize {
    N_WEIGHTS + (copy * (N_STATES + 1) + a) * N_STATES + b
}

/// The scores of one page kind, folded from the copies it reads, in rows of
/// [`decode::LANES`].
#[derive(Clone, Debug)]
pub(crate) struct DomainTables {
    /// `emit[pos * N_ATOMS + a][s]`: weight of fact `a` at position `pos` for `s`.
    pub emit: Vec<decode::Row>,
    /// Transition scores (-inf where not allowed and into the padding).
    pub trans: Vec<decode::Row>,
    /// Start scores (-inf where not allowed).
    pub start: decode::Row,
    /// `exp` of the two above (0 where not allowed), for forward–backward.
    pub exp_trans: Vec<decode::Row>,
    pub exp_start: decode::Row,
    /// The states each state may follow, in table order.
    pub preds: Vec<Vec<u8>>,
}

impl DomainTables {
    fn build(params: &[f32], d: usize) -> DomainTables {
        use decode::LANES;
        let mut emit = vec![[0.0f32; LANES]; POSITIONS.len() * N_ATOMS];
        for pos in 0..POSITIONS.len() {
            for a in 0..N_ATOMS {
                let out = &mut emit[pos * N_ATOMS + a][..N_STATES];
                for f in copies(d).map(|c| feature(pos, c, a)) {
                    fold_row(&params[weight_index(f, 0)..weight_index(f, N_COLS)], out);
                }
            }
        }
        let learned =
            |a: usize, b: usize| copies(d).iter().map(|&c| params[trans_index(c, a, b)]).sum::<f32>();
        let trans = decode::masked_transitions(&learned);
        let mut start = [f32::NEG_INFINITY; LANES];
        for (b, s) in ALL.iter().enumerate() {
            if allowed(None, *s) {
                start[b] = learned(N_STATES, b);
            }
        }
        let exp_trans = trans.iter().map(|r| r.map(f32::exp)).collect();
        let exp_start = start.map(f32::exp);
        let preds: Vec<Vec<u8>> = (0..N_STATES)
            .map(|b| (0..N_STATES).filter(|&a| trans[a][b].is_finite()).map(|a| a as u8).collect())
            .collect();
        DomainTables { emit, trans, start, exp_trans, exp_start, preds }
    }
}

/// A line-role model: learned weights, ready to decode pages.
///
/// Cheap to clone (the tables are shared). Load one with [`Model::from_bytes`] or
/// [`Model::load`]; [`Model::default_model`] is the one built into the library, which every
/// parse uses unless [`crate::Options::model`] names another.
#[derive(Clone)]
pub struct Model {
    inner: Arc<Inner>,
}

struct Inner {
    /// The parameters as stored (dequantised).
    params: Vec<f32>,
    /// One set of tables per page kind, built when a page of the kind is first parsed.
    tables: [OnceLock<DomainTables>; N_DOMAINS],
    /// Checksum of the file the model was read from: its identity.
    checksum: u64,
    /// What the training tool wrote about the model (corpus, settings).
    info: String,
    /// Size of the model file.
    file_len: usize,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Model")
            .field("checksum", &format_args!("{:016x}", self.inner.checksum))
            .field("bytes", &self.inner.file_len)
            .finish()
    }
}

impl PartialEq for Model {
    fn eq(&self, other: &Model) -> bool {
        self.inner.checksum == other.inner.checksum
    }
}

impl Eq for Model {}

/// The first bytes of every model file.
pub const MAGIC: &[u8; 8] = b"NEWSPANM";
/// The model file format this library reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// The default model, as built into the library.
static DEFAULT_BYTES: &[u8] = include_bytes!("default.nsm");

/// FNV-1a of a string (a stable hash for seeds).
#[cfg_attr(not(feature = "train"), allow(dead_code))]
pub(crate) fn fnv_str(s: &str) -> u64 {
    fnv(s.as_bytes())
}

/// FNV-1a's offset basis and prime.
pub(crate) const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
pub(crate) const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a of bytes (also at compile time).
pub(crate) const fn fnv(bytes: &[u8]) -> u64 {
    let mut h = FNV_OFFSET;
    let mut i = 0;
    while i < bytes.len() {
        h = (h ^ bytes[i] as u64).wrapping_mul(FNV_PRIME);
        i += 1;
    }
    h
}

/// The state names in table order, then the attribute names (the model's outputs).
fn state_names() -> Vec<&'static str> {
    ALL.iter().map(|s| s.name()).chain(ATTR_NAMES).collect()
}

/// A reader over a model file that reports where it ran short.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8], Error> {
        if self.bytes.len() - self.at < n {
            return Err(Error::BadModel(format!("truncated: the file ends inside its {what}")));
        }
        let s = &self.bytes[self.at..self.at + n];
        self.at += n;
        Ok(s)
    }
    fn u32(&mut self, what: &str) -> Result<u32, Error> {
        Ok(u32::from_le_bytes(self.take(4, what)?.try_into().unwrap_or([0; 4])))
    }
    fn u64(&mut self, what: &str) -> Result<u64, Error> {
        Ok(u64::from_le_bytes(self.take(8, what)?.try_into().unwrap_or([0; 8])))
    }
    fn f32(&mut self, what: &str) -> Result<f32, Error> {
        Ok(f32::from_le_bytes(self.take(4, what)?.try_into().unwrap_or([0; 4])))
    }
}

impl Model {
    /// The model built into the library (trained on the project's development corpus).
    pub fn default_model() -> &'static Model {
        static DEFAULT: OnceLock<Model> = OnceLock::new();
        DEFAULT.get_or_init(|| match Model::from_bytes(DEFAULT_BYTES) {
            Ok(m) => m,
            // A test (`the_default_model_loads`) keeps this from happening in a release; if the
            // built-in file is ever broken, every line reads as unassigned text rather than the
            // library failing.
            Err(_) => Model::from_params(&vec![0.0; N_PARAMS], String::new(), 0, 0),
        })
    }

    /// Read a model file from `path`.
    pub fn load(path: impl AsRef<std::path::Path>) -> Result<Model, Error> {
        let path = path.as_ref();
        let bytes = std::fs::read(path)
            .map_err(|e| Error::BadModel(format!("cannot read {}: {e}", path.display())))?;
        Model::from_bytes(&bytes)
    }

    /// Read a model from the bytes of a model file. A truncated, corrupt or foreign file, or
    /// one made for another feature set or state list, is an [`Error::BadModel`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, Error> {
        if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
            return Err(Error::BadModel("not a newspan model file (wrong magic bytes)".into()));
        }
        if bytes.len() < MAGIC.len() + 4 + 8 {
            return Err(Error::BadModel("truncated: the file ends inside its header".into()));
        }
        let body = &bytes[..bytes.len() - 8];
        let stored = u64::from_le_bytes(bytes[bytes.len() - 8..].try_into().unwrap_or([0; 8]));
        let mut r = Reader { bytes: body, at: MAGIC.len() };
        let version = r.u32("format version")?;
        if version != FORMAT_VERSION {
            return Err(Error::BadModel(format!(
                "model file format {version}, this library reads format {FORMAT_VERSION}"
            )));
        }
        if fnv(body) != stored {
            return Err(Error::BadModel("checksum mismatch: the file is truncated or corrupt".into()));
        }
        let names = state_names();
        let hash = r.u64("feature-set hash")?;
        if hash != feature_set_hash(&names) {
            return Err(Error::BadModel(
                "the model was trained for another feature set or state list (retrain it with this version)"
                    .into(),
            ));
        }
        let dims = [r.u32("dimensions")?, r.u32("dimensions")?, r.u32("dimensions")?, r.u32("dimensions")?];
        let want = [N_COLS as u32, N_ATOMS as u32, POSITIONS.len() as u32, N_COPIES as u32];
        if dims != want {
            return Err(Error::BadModel(format!("dimensions {dims:?}, expected {want:?}")));
        }
        for expected in &names {
            let len = r.take(1, "state list")?[0] as usize;
            let name = r.take(len, "state list")?;
            if name != expected.as_bytes() {
                return Err(Error::BadModel(format!(
                    "state list differs: {:?} where {expected:?} is expected",
                    String::from_utf8_lossy(name)
                )));
            }
        }
        let scale = r.f32("scale")?;
        if !(scale.is_finite() && scale >= 0.0) {
            return Err(Error::BadModel("bad weight scale".into()));
        }
        let mut params = vec![0.0f32; N_PARAMS];
        let rows = r.u32("weight rows")? as usize;
        if rows > N_FEATURES {
            return Err(Error::BadModel(format!("{rows} weight rows for {N_FEATURES} features")));
        }
        let mut last: Option<usize> = None;
        for _ in 0..rows {
            let f = r.u32("weight rows")? as usize;
            if f >= N_FEATURES || last.is_some_and(|l| f <= l) {
                return Err(Error::BadModel(format!("weight row for feature {f} out of order or range")));
            }
            last = Some(f);
            let row = r.take(2 * N_COLS, "weights")?;
            for (c, v) in row.chunks_exact(2).enumerate() {
                params[weight_index(f, c)] = f32::from(i16::from_le_bytes([v[0], v[1]])) * scale;
            }
        }
        let trans = r.take(2 * N_TRANS, "transitions")?;
        for (k, v) in trans.chunks_exact(2).enumerate() {
            params[N_WEIGHTS + k] = f32::from(i16::from_le_bytes([v[0], v[1]])) * scale;
        }
        let info_len = r.u32("description")? as usize;
        let info = String::from_utf8(r.take(info_len, "description")?.to_vec())
            .map_err(|_| Error::BadModel("the description is not UTF-8".into()))?;
        if r.at != body.len() {
            return Err(Error::BadModel(format!("{} bytes after the end of the model", body.len() - r.at)));
        }
        Ok(Model::from_params(&params, info, stored, bytes.len()))
    }

    fn from_params(params: &[f32], info: String, checksum: u64, file_len: usize) -> Model {
        let tables = std::array::from_fn(|_| OnceLock::new());
        Model { inner: Arc::new(Inner { params: params.to_vec(), tables, checksum, info, file_len }) }
    }

    /// The bytes of a model file holding `params` (weights stored as 16-bit integers against
    /// one scale; rows of features that never fired are left out) and `info`.
    pub(crate) fn encode(params: &[f64], info: &str) -> Vec<u8> {
        let max = params.iter().fold(0.0f64, |m, &v| m.max(v.abs()));
        let scale = if max > 0.0 { (max / f64::from(i16::MAX)) as f32 } else { 1.0 };
        let q = |v: f64| -> i16 { (v / f64::from(scale)).round().clamp(-32767.0, 32767.0) as i16 };
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        let names = state_names();
        out.extend_from_slice(&feature_set_hash(&names).to_le_bytes());
        for d in [N_COLS, N_ATOMS, POSITIONS.len(), N_COPIES] {
            out.extend_from_slice(&(d as u32).to_le_bytes());
        }
        for n in &names {
            out.push(n.len() as u8);
            out.extend_from_slice(n.as_bytes());
        }
        out.extend_from_slice(&scale.to_le_bytes());
        let rows: Vec<usize> =
            (0..N_FEATURES).filter(|&f| (0..N_COLS).any(|c| q(params[weight_index(f, c)]) != 0)).collect();
        out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        for &f in &rows {
            out.extend_from_slice(&(f as u32).to_le_bytes());
            for c in 0..N_COLS {
                out.extend_from_slice(&q(params[weight_index(f, c)]).to_le_bytes());
            }
        }
        for &v in &params[N_WEIGHTS..N_PARAMS] {
            out.extend_from_slice(&q(v).to_le_bytes());
        }
        out.extend_from_slice(&(info.len() as u32).to_le_bytes());
        out.extend_from_slice(info.as_bytes());
        let sum = fnv(&out);
        out.extend_from_slice(&sum.to_le_bytes());
        out
    }

    /// What the training tool recorded about this model (corpus, pages, settings).
    pub fn description(&self) -> &str {
        &self.inner.info
    }

    /// The size of the model file it was read from, in bytes.
    pub fn file_len(&self) -> usize {
        self.inner.file_len
    }

    /// The tables of page kind `d`.
    pub(crate) fn tables(&self, d: usize) -> &DomainTables {
        self.inner.tables[d].get_or_init(|| DomainTables::build(&self.inner.params, d))
    }

    /// The parameters (dequantised).
    #[allow(dead_code)]
    pub(crate) fn params(&self) -> &[f32] {
        &self.inner.params
    }
}
