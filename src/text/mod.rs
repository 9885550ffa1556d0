//! The text stages: bytes → UTF-8 text and an offset map (`decode`), character classes
//! (`chars`), non-blank lines and their measurements (`lines`), and the page's layout
//! (`layout`).

pub(crate) mod chars;
pub(crate) mod decode;
pub(crate) mod layout;
pub(crate) mod lines;
