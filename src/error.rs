//! Errors a parse can return.

use thiserror::Error;

/// Why a page could not be parsed.
///
/// Most inputs parse: malformed bytes are replaced (unless [`crate::Options::strict`] is set),
/// empty input gives an empty document. These are the cases that stop a parse.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum Error {
    /// The encoding label given in the options is not a WHATWG encoding label.
    #[error("unknown encoding label {0:?}")]
    UnknownEncoding(String),
    /// The encoding cannot be used for page text (e.g. `replacement`, ISO-2022-JP's
    /// stateful escapes are supported; this is for labels that decode nothing).
    #[error("encoding {0} cannot be used for page text")]
    UnsupportedEncoding(&'static str),
    /// Strict mode: the input holds a byte sequence that is malformed in its encoding.
    #[error("malformed {encoding} byte sequence at byte {offset}")]
    Malformed {
        /// The encoding the input was decoded as.
        encoding: &'static str,
        /// Offset of the first malformed byte in the input.
        offset: usize,
    },
    /// The input is longer than [`crate::Options::max_input_len`].
    #[error("input of {len} bytes exceeds the limit of {limit} bytes")]
    InputTooLarge {
        /// Input length.
        len: usize,
        /// The configured limit.
        limit: usize,
    },
    /// A model file ([`crate::Model::from_bytes`]) is truncated, corrupt, not a model, or was
    /// made for another feature set or state list.
    #[error("bad model: {0}")]
    BadModel(String),
    /// The page would produce more spans than [`crate::Options::max_spans`].
    #[error("page produces more than {limit} spans")]
    TooManySpans {
        /// The configured limit.
        limit: usize,
    },
}

/// A parse error as an I/O error of kind `InvalidData` (the parse error is its source), so
/// that code writing a page's output can use `?` on both, as with
/// [`crate::Parser::parse_sections`] and [`crate::SectionsJson`].
impl From<Error> for std::io::Error {
    fn from(e: Error) -> Self {
        std::io::Error::new(std::io::ErrorKind::InvalidData, e)
    }
}
