//! What a line looks like: the recognisers (`cues`) and the word lists they read (`lexicon`).

pub(crate) mod cues;
pub(crate) mod lexicon;
