//! The result of a parse: articles, and every piece of the page as a byte span into the
//! caller's own input.
//!
//! A [`Document`] holds offsets, not text. All nodes live in one flat table ([`Document::nodes`]):
//! each article's nodes are contiguous, in page order, a parent (a byline, a dateline, a
//! paragraph, a jump) directly followed by its children; the page-level boilerplate and
//! unassigned nodes come last. The typed views ([`Article`], [`Byline`], [`Dateline`],
//! [`Paragraph`], [`Jump`]) read that table.

use std::borrow::Cow;
use std::ops::Range;

use crate::encoding::Encoding;

/// A half-open byte range `start..end` into the input **as given** to the parser.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// Length in bytes.
    pub const fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span holds no byte.
    pub const fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The span as a `Range`, for slicing: `&input[span.range()]`.
    pub const fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

/// What a node is. New kinds are only ever appended (the enum is `#[non_exhaustive]`: match
/// with a wildcard arm, and treat a kind you do not know like [`Kind::Unassigned`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Kind {
    /// 引题 / overline: a headline line above the title.
    Kicker,
    /// 主题: the main headline (one node per physical line).
    Title,
    /// 副题 / deck / series box line below the title.
    Subtitle,
    /// A byline line ("文/图 记者 张亚军", "By Jeff Blizzard"); its children are [`Kind::BylineName`].
    Byline,
    /// One person's name inside a byline.
    BylineName,
    /// The dateline that opens the first paragraph; children are its parts.
    Dateline,
    /// The source inside a dateline ("晨报", "新华社", "AP").
    DatelineSource,
    /// The place inside a dateline ("淄博", "WINSTON-SALEM, N.C.").
    DatelinePlace,
    /// The date inside a dateline ("6月15日").
    DatelineDate,
    /// A body paragraph: not a leaf; its children are [`Kind::Fragment`]s.
    Paragraph,
    /// One piece of a paragraph (a line, or the part of a line after a dateline).
    Fragment,
    /// 小标题 / crosshead inside the body.
    Subhead,
    /// A photo caption or photo credit (one node, possibly over several lines).
    Caption,
    /// A jump line ("下转第3版", "See DEBATE, page 7"); its child is a [`Kind::JumpPage`].
    Jump,
    /// The target page inside a jump line ("3", "第二版", "back page").
    JumpPage,
    /// Page furniture: headers, footers, page numbers, promos, editor credits, ads.
    Boilerplate,
    /// Text the parser could not place.
    Unassigned,
}

impl Kind {
    /// Every kind, in declaration order.
    pub const ALL: [Kind; 17] = [
        Kind::Kicker,
        Kind::Title,
        Kind::Subtitle,
        Kind::Byline,
        Kind::BylineName,
        Kind::Dateline,
        Kind::DatelineSource,
        Kind::DatelinePlace,
        Kind::DatelineDate,
        Kind::Paragraph,
        Kind::Fragment,
        Kind::Subhead,
        Kind::Caption,
        Kind::Jump,
        Kind::JumpPage,
        Kind::Boilerplate,
        Kind::Unassigned,
    ];

    /// True for the kinds whose spans tile the page: they never overlap and together cover
    /// every non-whitespace character of the input. Children (names, dateline parts, jump
    /// pages) lie inside a leaf; a paragraph is the union of its fragments.
    pub const fn is_leaf(self) -> bool {
        !matches!(
            self,
            Kind::BylineName
                | Kind::DatelineSource
                | Kind::DatelinePlace
                | Kind::DatelineDate
                | Kind::Paragraph
                | Kind::JumpPage
        )
    }

    /// A short lowercase name ("title", "byline_name", ...).
    pub const fn name(self) -> &'static str {
        match self {
            Kind::Kicker => "kicker",
            Kind::Title => "title",
            Kind::Subtitle => "subtitle",
            Kind::Byline => "byline",
            Kind::BylineName => "byline_name",
            Kind::Dateline => "dateline",
            Kind::DatelineSource => "dateline_source",
            Kind::DatelinePlace => "dateline_place",
            Kind::DatelineDate => "dateline_date",
            Kind::Paragraph => "paragraph",
            Kind::Fragment => "fragment",
            Kind::Subhead => "subhead",
            Kind::Caption => "caption",
            Kind::Jump => "jump",
            Kind::JumpPage => "jump_page",
            Kind::Boilerplate => "boilerplate",
            Kind::Unassigned => "unassigned",
        }
    }
}

/// The role of a byline. New roles may be added (`#[non_exhaustive]`): treat one you do not
/// know as [`Role::Other`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Role {
    /// 记者, reporter, staff writer.
    Reporter,
    /// 通讯员, correspondent.
    Correspondent,
    /// 摄影, photographer.
    Photographer,
    /// 实习生, intern.
    Intern,
    /// A news agency ("新华社", "AP").
    Agency,
    /// Anything else: a columnist, a letter writer, an essay's author.
    #[default]
    Other,
}

impl Role {
    /// The JSON name ("reporter", ...).
    pub const fn name(self) -> &'static str {
        match self {
            Role::Reporter => "reporter",
            Role::Correspondent => "correspondent",
            Role::Photographer => "photographer",
            Role::Intern => "intern",
            Role::Agency => "agency",
            Role::Other => "other",
        }
    }
}

/// Which way a jump line points (`#[non_exhaustive]`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Direction {
    /// The story continues on another page ("下转第3版", "See DEBATE, page 7").
    #[default]
    To,
    /// The story comes from another page ("上接第1版", "From page 1").
    From,
}

impl Direction {
    /// The JSON name ("to" or "from").
    pub const fn name(self) -> &'static str {
        match self {
            Direction::To => "to",
            Direction::From => "from",
        }
    }
}

/// Extra facts carried by some nodes (`#[non_exhaustive]`: more may come).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Attr {
    /// Nothing more to say.
    #[default]
    None,
    /// A byline's role.
    Role(Role),
    /// A jump's direction.
    Direction(Direction),
    /// A paragraph fragment whose line ended in a hyphen that only split a word: the fragment's
    /// span keeps the hyphen (every character lands in a span); the paragraph's joined text
    /// ([`Document::paragraph_text`]) drops it and joins the next fragment with no space.
    HyphenRemoved,
}

/// One entry of the flat node table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Node {
    /// What it is.
    pub kind: Kind,
    /// Byte range in the input as given.
    pub span: Span,
    /// Byte range in the decoded UTF-8 text (equal to `span` shifted by a BOM for UTF-8 input).
    pub(crate) text: Span,
    /// Index of the article it belongs to, `None` for page-level nodes.
    pub article: Option<u32>,
    /// Index (in [`Document::nodes`]) of its parent, `None` for top-level nodes.
    pub parent: Option<u32>,
    /// Role, direction or join flag.
    pub attr: Attr,
}

impl Node {
    /// The byline role, for a [`Kind::Byline`].
    pub fn role(&self) -> Option<Role> {
        match self.attr {
            Attr::Role(r) => Some(r),
            _ => None,
        }
    }

    /// The jump direction, for a [`Kind::Jump`].
    pub fn direction(&self) -> Option<Direction> {
        match self.attr {
            Attr::Direction(d) => Some(d),
            _ => None,
        }
    }

    /// Byte range in the decoded UTF-8 text; see [`Document::decoded_text`].
    pub fn text_span(&self) -> Span {
        self.text
    }
}

/// The layout the page text was recognised as (or forced to, see [`crate::Options`]).
/// `#[non_exhaustive]`: more layouts may come.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Layout {
    /// Let the parser decide from the text.
    #[default]
    Auto,
    /// Layout-system export: a paragraph a line, blank lines between blocks.
    Paragraphs,
    /// Wrapped lines at a fixed column width, no blank line between paragraphs (pdftotext).
    Wrapped,
    /// Very short lines from a vertical-column transcription, blocks between blank lines.
    Vertical,
}

impl Layout {
    /// A lowercase name ("auto", "paragraphs", "wrapped", "vertical").
    pub const fn name(self) -> &'static str {
        match self {
            Layout::Auto => "auto",
            Layout::Paragraphs => "paragraphs",
            Layout::Wrapped => "wrapped",
            Layout::Vertical => "vertical",
        }
    }

    /// The layout of a [`Layout::name`] ("auto", "paragraphs", "wrapped", "vertical").
    pub fn from_name(name: &str) -> Option<Layout> {
        [Layout::Auto, Layout::Paragraphs, Layout::Wrapped, Layout::Vertical]
            .into_iter()
            .find(|l| l.name() == name)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct ArticleRec {
    pub span: Span,
    pub nodes: Range<usize>,
    /// Its extents, as a range of [`Document::extents`].
    pub extents: Range<usize>,
}

/// A parsed page: articles, boilerplate and unassigned text, as spans into the input.
///
/// The document does not keep the input. Slice your own buffer with [`Span::range`], or call
/// [`Document::text`] with the same input to get a span's text (decoded to UTF-8 when the input
/// was in another encoding, from the decoded copy the document then keeps).
#[derive(Clone, Debug, Default)]
pub struct Document {
    pub(crate) encoding: Option<&'static encoding_rs::Encoding>,
    pub(crate) input_len: usize,
    pub(crate) layout: Layout,
    /// The decoded text when it is not a plain slice of the input (legacy encodings, UTF-16,
    /// malformed UTF-8); `None` when the input was valid UTF-8.
    pub(crate) decoded: Option<String>,
    /// Where the UTF-8 text starts in the input when it is borrowed (3 after a UTF-8 BOM).
    pub(crate) text_offset: usize,
    /// Malformed byte sequences replaced by U+FFFD while decoding.
    pub(crate) replaced: usize,
    /// Input offset of the first of them.
    pub(crate) first_replaced: Option<usize>,
    pub(crate) nodes: Vec<Node>,
    /// Each node's confidence (empty when [`crate::Options::confidence`] was off).
    pub(crate) confidence: Vec<f32>,
    pub(crate) articles: Vec<ArticleRec>,
    /// Every article's extents, article after article (see [`Article::extents`]).
    pub(crate) extents: Vec<Span>,
    /// Node range of the page-level nodes (boilerplate, unassigned).
    pub(crate) page: Range<usize>,
}

impl Document {
    /// Take the page's facts (encoding, length, layout, decoding errors, text offset) from
    /// another document of the same input: a section's, for the joined page or its JSON.
    pub(crate) fn copy_facts(&mut self, from: &Document) {
        self.encoding = from.encoding;
        self.input_len = from.input_len;
        self.layout = from.layout;
        self.replaced = from.replaced;
        self.first_replaced = from.first_replaced;
        self.text_offset = from.text_offset;
    }

    /// The encoding the input was decoded from.
    pub fn encoding(&self) -> Encoding {
        Encoding(self.encoding.unwrap_or(encoding_rs::UTF_8))
    }

    /// Length of the input in bytes.
    pub fn input_len(&self) -> usize {
        self.input_len
    }

    /// The layout the page was parsed as.
    pub fn layout(&self) -> Layout {
        self.layout
    }

    /// True when malformed byte sequences were replaced by U+FFFD while decoding
    /// (`decode_error_count() > 0`).
    pub fn had_decode_errors(&self) -> bool {
        self.replaced > 0
    }

    /// How many malformed byte sequences were replaced by U+FFFD while decoding: each
    /// replacement stands for one to four bytes of the input (see
    /// [`first_decode_error`](Self::first_decode_error) for where the first one is). 0 for
    /// valid input. A damaged page keeps its detected encoding and its offsets; a pipeline can
    /// use this count to flag the file (in strict mode the parse fails on the first one
    /// instead).
    ///
    /// ```
    /// let page = b"Headline\n\nA page with one \xFF bad byte.\n";
    /// let doc = newspan::parse(page)?;
    /// assert_eq!(doc.encoding().name(), "UTF-8");
    /// assert_eq!(doc.decode_error_count(), 1);
    /// assert_eq!(doc.first_decode_error(), Some(26));
    /// # Ok::<(), newspan::Error>(())
    /// ```
    pub fn decode_error_count(&self) -> usize {
        self.replaced
    }

    /// The input offset where the first malformed byte sequence starts (the byte that strict
    /// mode would report), or `None` when the input decoded cleanly.
    pub fn first_decode_error(&self) -> Option<usize> {
        self.first_replaced
    }

    /// The decoded UTF-8 copy of the input, when one was made (the input was not valid UTF-8).
    pub fn decoded_text(&self) -> Option<&str> {
        self.decoded.as_deref()
    }

    /// Every node: articles' nodes in article order, then the page-level nodes.
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// The index in [`Document::nodes`] of a node borrowed from this document.
    pub(crate) fn node_index(&self, n: &Node) -> Option<usize> {
        let base = self.nodes.as_ptr() as usize;
        let at = n as *const Node as usize;
        let size = std::mem::size_of::<Node>();
        let i = at.checked_sub(base)? / size;
        (i < self.nodes.len() && base + i * size == at).then_some(i)
    }

    /// How sure the parser is of the node at `index` (in [`Document::nodes`]), in `[0, 1]`:
    /// the posterior probability, under the model, of the role its line was given (see
    /// [`crate::Options::confidence`]). A paragraph is as sure as its least sure fragment;
    /// names, dateline parts and jump pages as the line they are on. `None` when the
    /// confidence was not computed or `index` is out of range.
    pub fn confidence(&self, index: usize) -> Option<f32> {
        self.confidence.get(index).copied()
    }

    /// The articles, in reading order.
    pub fn articles(&self) -> impl ExactSizeIterator<Item = Article<'_>> + '_ {
        (0..self.articles.len()).map(move |index| Article { doc: self, index })
    }

    /// The article at `index`.
    pub fn article(&self, index: usize) -> Option<Article<'_>> {
        (index < self.articles.len()).then_some(Article { doc: self, index })
    }

    /// Number of articles.
    pub fn article_count(&self) -> usize {
        self.articles.len()
    }

    /// Page furniture: headers, footers, page numbers, promos, editor credits, ads.
    pub fn boilerplate(&self) -> impl Iterator<Item = &Node> + '_ {
        self.nodes[self.page.clone()].iter().filter(|n| n.kind == Kind::Boilerplate)
    }

    /// Text the parser could not place.
    pub fn unassigned(&self) -> impl Iterator<Item = &Node> + '_ {
        self.nodes[self.page.clone()].iter().filter(|n| n.kind == Kind::Unassigned)
    }

    /// Leaf nodes (see [`Kind::is_leaf`]), in table order.
    pub fn leaves(&self) -> impl Iterator<Item = &Node> + '_ {
        self.nodes.iter().filter(|n| n.kind.is_leaf())
    }

    /// The text of a node. `input` must be the buffer that was parsed.
    ///
    /// For UTF-8 input this borrows from `input`; otherwise it borrows from the decoded copy.
    pub fn text<'a>(&'a self, input: &'a [u8], node: &Node) -> Cow<'a, str> {
        self.text_of(input, node.text)
    }

    pub(crate) fn text_of<'a>(&'a self, input: &'a [u8], text: Span) -> Cow<'a, str> {
        match &self.decoded {
            Some(s) => Cow::Borrowed(s.get(text.range()).unwrap_or("")),
            None => {
                let start = (text.start + self.text_offset).min(input.len());
                let end = (text.end + self.text_offset).min(input.len()).max(start);
                String::from_utf8_lossy(&input[start..end])
            }
        }
    }

    /// The children of the node at `index` (names of a byline, parts of a dateline,
    /// fragments of a paragraph, the page of a jump).
    pub fn children(&self, index: usize) -> impl Iterator<Item = &Node> + '_ {
        let parent = u32::try_from(index).ok();
        self.nodes.iter().skip(index + 1).take_while(move |n| n.parent.is_some() && n.parent == parent)
    }

    /// The joined text of a paragraph (or of any run of fragments): nothing between two CJK
    /// characters, one space between Latin words, no space after a removed hyphen.
    pub fn paragraph_text(&self, input: &[u8], paragraph: &Paragraph<'_>) -> String {
        let mut out = String::new();
        crate::assemble::join::join_into(
            &mut out,
            paragraph.fragments().map(|n| (self.text(input, n), n.attr == Attr::HyphenRemoved)),
        );
        out
    }
}

/// A view of one article.
#[derive(Clone, Copy, Debug)]
pub struct Article<'d> {
    doc: &'d Document,
    index: usize,
}

impl<'d> Article<'d> {
    /// Its index in [`Document::articles`].
    pub fn index(&self) -> usize {
        self.index
    }

    /// The hull of the article: from the first byte of its first span to the last byte of its
    /// last span. On a page whose stories interleave (English OCR) the hull may hold pieces of
    /// other articles; [`Article::extents`] are the byte ranges that hold only this one.
    pub fn span(&self) -> Span {
        self.doc.articles[self.index].span
    }

    /// The article's extents: the byte ranges of the page that hold its text and nobody
    /// else's, in page order. Each is a maximal run of the article's leaf spans (and the
    /// whitespace between them) with no leaf of another article, boilerplate or unassigned
    /// text inside; the extents of all articles never overlap. An article set in one piece
    /// has one extent, equal to its [`Article::span`]; one interleaved with another story, or
    /// cut by page furniture, has several. What a CMS stores or highlights as "the article's
    /// text on the page".
    pub fn extents(&self) -> &'d [Span] {
        &self.doc.extents[self.doc.articles[self.index].extents.clone()]
    }

    /// Its nodes, as a range of indices into [`Document::nodes`].
    pub fn node_range(&self) -> Range<usize> {
        self.doc.articles[self.index].nodes.clone()
    }

    fn of_kind(&self, kind: Kind) -> impl Iterator<Item = (usize, &'d Node)> + 'd {
        let range = self.node_range();
        let start = range.start;
        self.doc.nodes[range]
            .iter()
            .enumerate()
            .filter(move |(_, n)| n.kind == kind)
            .map(move |(i, n)| (start + i, n))
    }

    /// Kicker lines.
    pub fn kicker(&self) -> impl Iterator<Item = &'d Node> + 'd {
        self.of_kind(Kind::Kicker).map(|(_, n)| n)
    }

    /// Title lines.
    pub fn title(&self) -> impl Iterator<Item = &'d Node> + 'd {
        self.of_kind(Kind::Title).map(|(_, n)| n)
    }

    /// Subtitle / deck lines.
    pub fn subtitle(&self) -> impl Iterator<Item = &'d Node> + 'd {
        self.of_kind(Kind::Subtitle).map(|(_, n)| n)
    }

    /// Byline lines, each with its names.
    pub fn bylines(&self) -> impl Iterator<Item = Byline<'d>> + 'd {
        let doc = self.doc;
        self.of_kind(Kind::Byline).map(move |(index, node)| Byline { doc, index, node })
    }

    /// The dateline, when the article has one.
    pub fn dateline(&self) -> Option<Dateline<'d>> {
        let doc = self.doc;
        self.of_kind(Kind::Dateline).next().map(|(index, node)| Dateline { doc, index, node })
    }

    /// Body paragraphs, in reading order.
    pub fn paragraphs(&self) -> impl Iterator<Item = Paragraph<'d>> + 'd {
        let doc = self.doc;
        self.of_kind(Kind::Paragraph).map(move |(index, node)| Paragraph { doc, index, node })
    }

    /// Subheads.
    pub fn subheads(&self) -> impl Iterator<Item = &'d Node> + 'd {
        self.of_kind(Kind::Subhead).map(|(_, n)| n)
    }

    /// Captions and photo credits.
    pub fn captions(&self) -> impl Iterator<Item = &'d Node> + 'd {
        self.of_kind(Kind::Caption).map(|(_, n)| n)
    }

    /// Jump lines.
    pub fn jumps(&self) -> impl Iterator<Item = Jump<'d>> + 'd {
        let doc = self.doc;
        self.of_kind(Kind::Jump).map(move |(index, node)| Jump { doc, index, node })
    }
}

/// A byline and the names in it.
#[derive(Clone, Copy, Debug)]
pub struct Byline<'d> {
    doc: &'d Document,
    index: usize,
    /// The byline line itself.
    pub node: &'d Node,
}

impl<'d> Byline<'d> {
    /// The role the byline gives (reporter, correspondent, ...).
    pub fn role(&self) -> Role {
        self.node.role().unwrap_or_default()
    }

    /// Each person's name as its own span.
    pub fn names(&self) -> impl Iterator<Item = &'d Node> + 'd {
        self.doc.children(self.index).filter(|n| n.kind == Kind::BylineName)
    }
}

/// A dateline and its parts.
#[derive(Clone, Copy, Debug)]
pub struct Dateline<'d> {
    doc: &'d Document,
    index: usize,
    /// The whole dateline.
    pub node: &'d Node,
}

impl<'d> Dateline<'d> {
    fn part(&self, kind: Kind) -> Option<&'d Node> {
        self.doc.children(self.index).find(|n| n.kind == kind)
    }

    /// The source ("晨报", "新华社", "AP").
    pub fn source(&self) -> Option<&'d Node> {
        self.part(Kind::DatelineSource)
    }

    /// The place ("淄博").
    pub fn place(&self) -> Option<&'d Node> {
        self.part(Kind::DatelinePlace)
    }

    /// The date ("6月15日").
    pub fn date(&self) -> Option<&'d Node> {
        self.part(Kind::DatelineDate)
    }
}

/// A body paragraph: one or more fragments.
#[derive(Clone, Copy, Debug)]
pub struct Paragraph<'d> {
    doc: &'d Document,
    index: usize,
    /// The paragraph node (its span runs from the first fragment to the last).
    pub node: &'d Node,
}

impl<'d> Paragraph<'d> {
    /// The fragments, in reading order.
    pub fn fragments(&self) -> impl Iterator<Item = &'d Node> + 'd {
        self.doc.children(self.index).filter(|n| n.kind == Kind::Fragment)
    }

    /// The joined text (see [`Document::paragraph_text`]).
    pub fn text(&self, input: &[u8]) -> String {
        self.doc.paragraph_text(input, self)
    }
}

/// A jump line and its target page.
#[derive(Clone, Copy, Debug)]
pub struct Jump<'d> {
    doc: &'d Document,
    index: usize,
    /// The jump line itself.
    pub node: &'d Node,
}

impl<'d> Jump<'d> {
    /// Whether the story continues elsewhere (`To`) or comes from elsewhere (`From`).
    pub fn direction(&self) -> Direction {
        self.node.direction().unwrap_or_default()
    }

    /// The target page inside the jump text ("3", "第二版", "back page"), when present.
    pub fn page(&self) -> Option<&'d Node> {
        self.doc.children(self.index).find(|n| n.kind == Kind::JumpPage)
    }
}
