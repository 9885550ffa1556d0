//! Parse options.

use crate::document::Layout;
use crate::encoding::Encoding;
use crate::error::Error;
use crate::model::Model;

/// How to parse. `Options::default()` (or [`Options::new`]) detects everything from the text;
/// the `with_*` methods change one setting each and chain:
///
/// ```
/// use newspan::{Layout, Options};
/// let options = Options::new().with_encoding_label("gbk")?.with_strict(true).with_layout(Layout::Wrapped);
/// assert_eq!(options.encoding().map(|e| e.name()), Some("GBK"));
/// assert!(options.strict());
/// # Ok::<(), newspan::Error>(())
/// ```
///
/// The struct is `#[non_exhaustive]` and its fields are private: new settings come as new
/// `with_*` methods and getters, never as a breaking change.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// Forced input encoding; `None` detects it.
    pub(crate) encoding: Option<&'static encoding_rs::Encoding>,
    /// Fail on malformed byte sequences instead of replacing them.
    pub(crate) strict: bool,
    /// Forced layout; `Layout::Auto` detects it.
    pub(crate) layout: Layout,
    /// Largest input accepted, in bytes.
    pub(crate) max_input_len: usize,
    /// Most spans a page may produce.
    pub(crate) max_spans: usize,
    /// The line-role model; `None` uses the one built into the library.
    pub(crate) model: Option<Model>,
    /// Compute every span's confidence.
    pub(crate) confidence: bool,
    /// Text longer than this (and a quarter) is parsed in sections of about this many bytes.
    pub(crate) section_len: usize,
}

impl Options {
    /// Default input limit: 1 GiB. Offsets are 64-bit everywhere, so the limit is a guard
    /// against hostile uploads, not a format limit.
    pub const DEFAULT_MAX_INPUT_LEN: usize = 1 << 30;
    /// Default span limit: 16 million.
    pub const DEFAULT_MAX_SPANS: usize = 1 << 24;
    /// Default section length: 1 MiB of text, ten times a large broadsheet page.
    pub const DEFAULT_SECTION_LEN: usize = 1 << 20;

    /// The defaults: detect the encoding and the layout, replace malformed bytes, default
    /// limits. The same as `Options::default()`.
    pub fn new() -> Self {
        Self::default()
    }

    /// Decide line roles with `model` instead of the model built into the library
    /// ([`Model::default_model`]); see [`Model::load`] for a model file made by
    /// `newspan train`.
    pub fn with_model(mut self, model: Model) -> Self {
        self.model = Some(model);
        self
    }

    /// Compute every span's confidence ([`crate::Document::confidence`]): a forward–backward
    /// pass over the page, which costs about as much as decoding it. Off by default in the
    /// library; the command-line tool turns it on.
    pub fn with_confidence(mut self, on: bool) -> Self {
        self.confidence = on;
        self
    }

    /// Force the encoding by WHATWG label ("gbk", "big5", "shift_jis", "utf-16le", ...).
    ///
    /// Fails with [`Error::UnknownEncoding`] for a label that names no encoding and with
    /// [`Error::UnsupportedEncoding`] for one that decodes no page text ("replacement").
    pub fn with_encoding_label(self, label: &str) -> Result<Self, Error> {
        let enc =
            Encoding::for_label(label.trim()).ok_or_else(|| Error::UnknownEncoding(label.to_string()))?;
        self.with_encoding(Some(enc))
    }

    /// Force the encoding (`None`: detect it, the default). Fails with
    /// [`Error::UnsupportedEncoding`] for an encoding that decodes no page text.
    pub fn with_encoding(mut self, encoding: Option<Encoding>) -> Result<Self, Error> {
        if let Some(enc) = encoding {
            if enc.0 == encoding_rs::REPLACEMENT {
                return Err(Error::UnsupportedEncoding(enc.name()));
            }
        }
        self.encoding = encoding.map(|e| e.0);
        Ok(self)
    }

    /// Strict mode: return [`Error::Malformed`] on a malformed byte sequence instead of
    /// replacing it with U+FFFD (the default, which keeps the surrounding text and offsets).
    pub fn with_strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// Force the layout; [`Layout::Auto`] (the default) detects it from the text.
    pub fn with_layout(mut self, layout: Layout) -> Self {
        self.layout = layout;
        self
    }

    /// The largest input accepted, in bytes ([`Error::InputTooLarge`] above it). Default:
    /// [`Options::DEFAULT_MAX_INPUT_LEN`].
    pub fn with_max_input_len(mut self, max_input_len: usize) -> Self {
        self.max_input_len = max_input_len;
        self
    }

    /// The most spans a page may produce ([`Error::TooManySpans`] above it). Default:
    /// [`Options::DEFAULT_MAX_SPANS`].
    pub fn with_max_spans(mut self, max_spans: usize) -> Self {
        self.max_spans = max_spans;
        self
    }

    /// Parse text longer than `section_len` bytes (and a quarter) in sections of about that
    /// length, so that the parser's working memory (a few hundred bytes a line) is bound by the
    /// section, not by the input: a file holding a whole archive, pages run together, parses
    /// in memory proportional to its output. Default: [`Options::DEFAULT_SECTION_LEN`] (1 MiB
    /// of UTF-8 text), so a newspaper page (10–100 KB) is always one section;
    /// `usize::MAX` never cuts.
    ///
    /// A section ends at the first gap (a blank line or a form feed) after `section_len` bytes,
    /// else at a line end; a line is never cut. The layout and the script are judged on the
    /// whole text, so every section is read the same way, but what the parser learns from the
    /// page around a line (lines repeated on the page, its head and foot) comes from the line's
    /// own section, and an article or a paragraph does not run on across a cut. Sections come
    /// one by one from [`crate::Parser::parse_sections`]; the other parse calls join them into
    /// one document.
    pub fn with_section_len(mut self, section_len: usize) -> Self {
        self.section_len = section_len.max(1);
        self
    }

    /// The section length (see [`Options::with_section_len`]).
    pub fn section_len(&self) -> usize {
        self.section_len
    }

    /// The forced encoding, `None` when it is detected.
    pub fn encoding(&self) -> Option<Encoding> {
        self.encoding.map(Encoding)
    }

    /// True in strict mode (see [`Options::with_strict`]).
    pub fn strict(&self) -> bool {
        self.strict
    }

    /// The forced layout ([`Layout::Auto`]: detected).
    pub fn layout(&self) -> Layout {
        self.layout
    }

    /// The input limit in bytes.
    pub fn max_input_len(&self) -> usize {
        self.max_input_len
    }

    /// The span limit.
    pub fn max_spans(&self) -> usize {
        self.max_spans
    }

    /// The model in use: the one set with [`Options::with_model`], or the built-in one.
    pub fn model(&self) -> &Model {
        self.model.as_ref().unwrap_or_else(|| Model::default_model())
    }

    /// True when every span's confidence is computed (see [`Options::with_confidence`]).
    pub fn confidence(&self) -> bool {
        self.confidence
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
            model: None,
            confidence: false,
            section_len: Self::DEFAULT_SECTION_LEN,
        }
    }
}
