//! Parse options.

use encoding_rs::Encoding;

use crate::document::Layout;
use crate::error::Error;

/// How to parse. `Options::default()` detects everything from the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// Force the input encoding (see [`Options::with_encoding_label`]); `None` detects it.
    pub encoding: Option<&'static Encoding>,
    /// Return [`Error::Malformed`] on malformed byte sequences instead of replacing them with
    /// U+FFFD (the default keeps the surrounding text and its offsets).
    pub strict: bool,
    /// Force the layout; [`Layout::Auto`] (the default) detects it from the text.
    pub layout: Layout,
    /// Largest input accepted, in bytes ([`Error::InputTooLarge`] above it).
    /// Default: [`Options::DEFAULT_MAX_INPUT_LEN`].
    pub max_input_len: usize,
    /// Most spans a page may produce ([`Error::TooManySpans`] above it).
    /// Default: [`Options::DEFAULT_MAX_SPANS`].
    pub max_spans: usize,
}

impl Options {
    /// Default input limit: 1 GiB. Offsets are 64-bit everywhere, so the limit is a guard
    /// against hostile uploads, not a format limit.
    pub const DEFAULT_MAX_INPUT_LEN: usize = 1 << 30;
    /// Default span limit: 16 million.
    pub const DEFAULT_MAX_SPANS: usize = 1 << 24;

    /// Force the encoding by WHATWG label ("gbk", "big5", "shift_jis", "utf-16le", ...).
    pub fn with_encoding_label(mut self, label: &str) -> Result<Self, Error> {
        let enc = Encoding::for_label(label.trim().as_bytes())
            .ok_or_else(|| Error::UnknownEncoding(label.to_string()))?;
        if enc == encoding_rs::REPLACEMENT {
            return Err(Error::UnsupportedEncoding(enc.name()));
        }
        self.encoding = Some(enc);
        Ok(self)
    }
}

impl Default for Options {
    fn default() -> Self {
        Options {
            encoding: None,
            strict: false,
            layout: Layout::Auto,
            max_input_len: Self::DEFAULT_MAX_INPUT_LEN,
            max_spans: Self::DEFAULT_MAX_SPANS,
        }
    }
}
