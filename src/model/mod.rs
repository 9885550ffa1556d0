//! The line-role model: states, weights, decoding, and (feature `train`) the training tools.

#[cfg(feature = "train")]
pub mod align;
#[cfg(feature = "train")]
pub mod gold;
