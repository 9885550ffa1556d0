//! newspan turns the plain text of a newspaper page into structured articles.
//!
//! Give it the bytes of one page (an e-paper export, pdftotext output, a vertical-column
//! transcription or English OCR; UTF-8, GB18030/GBK, Big5, Shift_JIS, EUC-KR or UTF-16) and it
//! finds the articles and, for each, the headline (kicker / title / subtitle), the bylines and
//! each author's name, the dateline, the body paragraphs (column-broken fragments rejoined),
//! subheads, captions and jump lines, plus the page furniture. Everything comes back as **byte
//! spans into your own buffer**: nothing is copied, and nothing is lost — every non-blank
//! character lands in exactly one leaf span ([`Kind::is_leaf`]); what cannot be placed is
//! reported as [`Kind::Unassigned`].
//!
//! ```
//! let page = "今晨上海的动与静\n\n本报记者 王小明\n\n晨报上海4月1日讯 今天凌晨，外滩\n\n的钟声敲响。\n";
//! let doc = newspan::parse(page.as_bytes()).unwrap();
//! let article = doc.articles().next().unwrap();
//! let title = article.title().next().unwrap();
//! assert_eq!(&page[title.span.range()], "今晨上海的动与静");
//! let byline = article.bylines().next().unwrap();
//! let name = byline.names().next().unwrap();
//! assert_eq!(&page[name.span.range()], "王小明");
//! let dateline = article.dateline().unwrap();
//! assert_eq!(&page[dateline.node.span.range()], "晨报上海4月1日讯");
//! // The paragraph was cut in two by a column break; its joined text is whole.
//! let para = article.paragraphs().next().unwrap();
//! assert_eq!(para.fragments().count(), 2);
//! assert_eq!(para.text(page.as_bytes()), "今天凌晨，外滩的钟声敲响。");
//! ```
//!
//! # Stability
//! The public types that will grow are built for it. [`Kind`], [`Role`], [`Direction`],
//! [`Attr`] and [`Layout`] are `#[non_exhaustive]`: a `match` needs a wildcard arm, so a new
//! kind is not a breaking change —
//!
//! ```compile_fail,E0004
//! fn name(k: newspan::Layout) -> &'static str {
//!     match k {
//!         newspan::Layout::Auto => "auto",
//!         newspan::Layout::Paragraphs => "paragraphs",
//!         newspan::Layout::Wrapped => "wrapped",
//!         newspan::Layout::Vertical => "vertical",
//!     } // error: a later layout is not covered
//! }
//! ```
//!
//! — and [`Options`] has private fields, set through its `with_*` builders, so a new setting is
//! not one either:
//!
//! ```compile_fail,E0451
//! let options = newspan::Options { strict: true, ..Default::default() }; // error
//! ```
//!
//! ```
//! let options = newspan::Options::new().with_strict(true);
//! ```
//!
//! No type of a dependency appears in the API: the encoding is newspan's own [`Encoding`].
//!
//! # How it works
//! The stages, one module each: `decode` (bytes → UTF-8 text and an offset
//! map) → `lines` (line scan and measurements) → `layout` (paragraph-a-line, wrapped or
//! vertical) → `cues` (what each line looks like: byline, dateline, furniture, jump, headline)
//! → `roles` (a scored assignment of roles over the line sequence, decoded with Viterbi) →
//! `assemble` (articles, sub-line splits, names and dateline parts) → `join` (paragraph text).
//! Every threshold, weight and word list lives in `tuning` and `lexicon`.
#![deny(unsafe_code)]
#![warn(missing_docs)]

mod assemble;
mod document;
mod encoding;
mod error;
mod features;
pub mod ffi;
pub mod issue;
pub mod json;
mod limits;
mod model;
mod options;
mod text;
#[cfg(feature = "train")]
#[doc(hidden)]
pub mod tools;
mod view;

pub use document::{
    Article, Attr, Byline, Dateline, Direction, Document, Jump, Kind, Layout, Node, Paragraph, Role, Span,
};
pub use encoding::Encoding;
pub use error::Error;
pub use issue::{ArticleRef, Continuation, Issue, IssueError, Story, parse_issue, parse_issue_with};
pub use json::{IssueJson, Json, SectionsJson};
pub use model::Model;
pub use options::Options;
pub use view::Html;

/// The newspan version (Cargo's package version).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// A parser that keeps its working buffers between pages.
///
/// Reusing one `Parser` (and one [`Document`] with [`Parser::parse_into`]) avoids allocating
/// per page once the buffers have grown to the largest page seen.
#[derive(Debug, Default, Clone)]
pub struct Parser {
    options: Options,
    scratch: assemble::Scratch,
}

impl Parser {
    /// A parser with these options.
    pub fn new(options: Options) -> Self {
        Parser { options, scratch: assemble::Scratch::default() }
    }

    /// The options in use.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Parse one page.
    pub fn parse(&mut self, input: &[u8]) -> Result<Document, Error> {
        let mut doc = Document::default();
        self.parse_into(input, &mut doc)?;
        Ok(doc)
    }

    /// Parse one page into `doc`, reusing its storage. On error `doc` is left empty.
    pub fn parse_into(&mut self, input: &[u8], doc: &mut Document) -> Result<(), Error> {
        let result = assemble::parse_page(input, &self.options, &mut self.scratch, doc);
        if result.is_err() {
            assemble::clear(doc);
        }
        result
    }

    /// Parse one page section by section, handing each section's [`Document`] to `each` as
    /// soon as it is parsed: for text too long to hold whole (an archive dumped into one file,
    /// pages run together), so that memory stays bound by one section and not by the input.
    ///
    /// The text is cut as [`Options::with_section_len`] says (1 MiB by default, so a normal
    /// page is one section and `each` is called once, with the document [`Parser::parse`]
    /// would give). Every section's document speaks of the whole input: its spans are offsets
    /// into `input`, [`Document::text`] and the JSON take `input` itself, and its
    /// [`Document::input_len`], encoding and layout are the page's; it holds that section's
    /// articles and page-level spans only. [`Parser::parse`] joins the same sections into one
    /// document (their articles in order, then all page-level spans). `doc` is reused for every
    /// section and holds the last one afterwards.
    ///
    /// An error from the parse (in any section) or from `each` stops it and comes back; `each`
    /// has then seen the sections before it. `E` is your error type, built from the parser's
    /// [`Error`] with `From` (`std::io::Error` and `Box<dyn std::error::Error>` are).
    ///
    /// ```
    /// use newspan::{Document, Options, Parser};
    /// let page = b"City council votes to rebuild bridge\n\nThe council voted on Tuesday.\n\n\n\
    ///              Library opens new reading room\n\nThe room opens on Monday.\n";
    /// let mut parser = Parser::new(Options::new().with_section_len(40));
    /// let (mut sections, mut articles) = (0, 0);
    /// parser.parse_sections(page, &mut Document::default(), |doc: &Document| {
    ///     sections += 1;
    ///     articles += doc.article_count();
    ///     Ok::<(), newspan::Error>(())
    /// })?;
    /// assert_eq!(sections, 2);
    /// assert_eq!(articles, parser.parse(page)?.article_count());
    /// # Ok::<(), newspan::Error>(())
    /// ```
    pub fn parse_sections<E, F>(&mut self, input: &[u8], doc: &mut Document, mut each: F) -> Result<(), E>
    where
        E: From<Error>,
        F: FnMut(&Document) -> Result<(), E>,
    {
        let result = assemble::parse_sections(input, &self.options, &mut self.scratch, doc, &mut each);
        if result.is_err() {
            assemble::clear(doc);
        }
        result
    }
}

/// The decisions behind a parse: every line's state, its confidence and the facts the model
/// read. For looking into a parse; the format may change at any time.
#[doc(hidden)]
pub fn trace(input: &[u8], options: &Options) -> Result<String, Error> {
    let mut doc = Document::default();
    let mut scratch = assemble::Scratch::default();
    // One section: the trace lists every line of the page.
    let options = options.clone().with_confidence(true).with_section_len(usize::MAX);
    assemble::parse_page(input, &options, &mut scratch, &mut doc)?;
    Ok(scratch.trace())
}

/// Parse one page with default options.
pub fn parse(input: &[u8]) -> Result<Document, Error> {
    Parser::default().parse(input)
}

/// Parse one page with the given options.
pub fn parse_with(input: &[u8], options: &Options) -> Result<Document, Error> {
    Parser::new(options.clone()).parse(input)
}
