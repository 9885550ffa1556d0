//! [`Encoding`]: the character encoding a page was decoded from, newspan's own type (the
//! decoder behind it, encoding_rs, is an implementation detail and may change).

use std::fmt;

/// A character encoding newspan reads: one of the WHATWG encodings (UTF-8, GB18030 for GBK
/// too, Big5, Shift_JIS, EUC-KR, EUC-JP, UTF-16LE/BE, ...).
///
/// Get one from a label with [`Encoding::for_label`], or from [`crate::Document::encoding`];
/// compare encodings with `==`, name one with [`Encoding::name`].
///
/// ```
/// let gbk = newspan::Encoding::for_label("GBK").unwrap();
/// assert_eq!(gbk.name(), "GBK");
/// assert!(newspan::Encoding::for_label("klingon").is_none());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Encoding(pub(crate) &'static encoding_rs::Encoding);

impl Encoding {
    /// UTF-8.
    pub fn utf_8() -> Encoding {
        Encoding(encoding_rs::UTF_8)
    }

    /// The encoding a WHATWG label names ("utf-8", "gbk", "big5", "shift_jis", "utf-16le",
    /// ...; case and surrounding ASCII whitespace do not matter), `None` for anything else.
    pub fn for_label(label: &str) -> Option<Encoding> {
        encoding_rs::Encoding::for_label(label.as_bytes()).map(Encoding)
    }

    /// The canonical name, as the JSON's `encoding` field and the C API's
    /// `newspan_document_encoding()` spell it: "UTF-8", "gb18030", "Big5", "Shift_JIS",
    /// "EUC-KR", "UTF-16LE", ...
    pub fn name(self) -> &'static str {
        self.0.name()
    }
}

impl fmt::Debug for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Encoding({})", self.name())
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
