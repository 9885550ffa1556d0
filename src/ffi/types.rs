//! The value types of the C ABI: the status codes, the numbering of kinds, roles, directions
//! and layouts, and the two frozen POD structs (`newspan_span`, `newspan_article`).
//!
//! Numbers here are part of the ABI: a code, once released, keeps its meaning for ever, and new
//! codes are only appended.
#![allow(non_camel_case_types)]

use std::ffi::{CStr, c_char};
use std::mem::{align_of, offset_of, size_of};

use crate::document::{Attr, Direction, Kind, Layout, Node, Role};

use super::boundary::ffi_boundary;

/// The result of every fallible call. `NEWSPAN_OK` is 0; numbers are never reused or
/// renumbered, and new ones are only appended, so treat an unknown value as a failure.
/// `newspan_status_str()` names each one.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum newspan_status {
    /// Success; the out-parameters were written.
    NEWSPAN_OK = 0,
    /// A pointer argument that must not be NULL was NULL (or a buffer was NULL with a
    /// non-zero length).
    NEWSPAN_NULL_ARGUMENT = 1,
    /// An argument is out of its domain (an unknown layout code, an input length that is not
    /// the parsed input's, a span of the wrong kind).
    NEWSPAN_INVALID_ARGUMENT = 2,
    /// An index is not below the matching count.
    NEWSPAN_OUT_OF_RANGE = 3,
    /// The caller's buffer is too small; `*needed` holds the size required.
    NEWSPAN_BUFFER_TOO_SMALL = 4,
    /// The encoding label is not a WHATWG encoding label.
    NEWSPAN_UNKNOWN_ENCODING = 5,
    /// The label names an encoding that decodes no page text (`replacement`: "iso-2022-kr",
    /// "hz-gb-2312", ...).
    NEWSPAN_UNSUPPORTED_ENCODING = 6,
    /// Strict mode: the input holds a byte sequence malformed in its encoding.
    NEWSPAN_MALFORMED_INPUT = 7,
    /// The input is longer than the options' input limit.
    NEWSPAN_INPUT_TOO_LARGE = 8,
    /// The page would produce more spans than the options' span limit.
    NEWSPAN_TOO_MANY_SPANS = 9,
    /// newspan panicked (a bug); the call had no effect. Please report it.
    NEWSPAN_PANIC = 10,
    /// The model bytes are not a model file this library can use: truncated, corrupt, not a
    /// model, or made for another feature set.
    NEWSPAN_BAD_MODEL = 11,
}

/// Every status, in numeric order.
pub(crate) const STATUSES: [newspan_status; 12] = [
    newspan_status::NEWSPAN_OK,
    newspan_status::NEWSPAN_NULL_ARGUMENT,
    newspan_status::NEWSPAN_INVALID_ARGUMENT,
    newspan_status::NEWSPAN_OUT_OF_RANGE,
    newspan_status::NEWSPAN_BUFFER_TOO_SMALL,
    newspan_status::NEWSPAN_UNKNOWN_ENCODING,
    newspan_status::NEWSPAN_UNSUPPORTED_ENCODING,
    newspan_status::NEWSPAN_MALFORMED_INPUT,
    newspan_status::NEWSPAN_INPUT_TOO_LARGE,
    newspan_status::NEWSPAN_TOO_MANY_SPANS,
    newspan_status::NEWSPAN_PANIC,
    newspan_status::NEWSPAN_BAD_MODEL,
];

impl newspan_status {
    /// The static description of this status.
    pub const fn description(self) -> &'static CStr {
        match self {
            newspan_status::NEWSPAN_OK => c"ok",
            newspan_status::NEWSPAN_NULL_ARGUMENT => c"a required pointer argument was NULL",
            newspan_status::NEWSPAN_INVALID_ARGUMENT => c"invalid argument",
            newspan_status::NEWSPAN_OUT_OF_RANGE => c"index out of range",
            newspan_status::NEWSPAN_BUFFER_TOO_SMALL => c"buffer too small",
            newspan_status::NEWSPAN_UNKNOWN_ENCODING => c"unknown encoding label",
            newspan_status::NEWSPAN_UNSUPPORTED_ENCODING => c"encoding cannot be used for page text",
            newspan_status::NEWSPAN_MALFORMED_INPUT => c"malformed byte sequence in the input",
            newspan_status::NEWSPAN_INPUT_TOO_LARGE => c"input exceeds the size limit",
            newspan_status::NEWSPAN_TOO_MANY_SPANS => c"page produces more spans than the limit",
            newspan_status::NEWSPAN_PANIC => c"internal error (panic) in newspan",
            newspan_status::NEWSPAN_BAD_MODEL => c"not a usable newspan model",
        }
    }
}

impl From<&crate::Error> for newspan_status {
    fn from(e: &crate::Error) -> Self {
        // Exhaustive on purpose: a new core error must get its own status here.
        match e {
            crate::Error::UnknownEncoding(_) => newspan_status::NEWSPAN_UNKNOWN_ENCODING,
            crate::Error::UnsupportedEncoding(_) => newspan_status::NEWSPAN_UNSUPPORTED_ENCODING,
            crate::Error::Malformed { .. } => newspan_status::NEWSPAN_MALFORMED_INPUT,
            crate::Error::InputTooLarge { .. } => newspan_status::NEWSPAN_INPUT_TOO_LARGE,
            crate::Error::TooManySpans { .. } => newspan_status::NEWSPAN_TOO_MANY_SPANS,
            crate::Error::BadModel(_) => newspan_status::NEWSPAN_BAD_MODEL,
        }
    }
}

/// What a span is (`newspan_span.kind`). Codes follow the Rust `Kind::ALL` order; new kinds
/// are only ever appended, so **ignore spans whose kind you do not know**.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum newspan_kind {
    /// 引题 / overline: a headline line above the title.
    NEWSPAN_KIND_KICKER = 0,
    /// 主题: the main headline (one span per physical line).
    NEWSPAN_KIND_TITLE = 1,
    /// 副题 / deck / series box line below the title.
    NEWSPAN_KIND_SUBTITLE = 2,
    /// A byline line; its children are `NEWSPAN_KIND_BYLINE_NAME` spans; `attr` is its
    /// `newspan_role`.
    NEWSPAN_KIND_BYLINE = 3,
    /// One person's name inside a byline (child of a `NEWSPAN_KIND_BYLINE`).
    NEWSPAN_KIND_BYLINE_NAME = 4,
    /// The dateline that opens the first paragraph; its children are its parts.
    NEWSPAN_KIND_DATELINE = 5,
    /// The source inside a dateline ("晨报", "新华社", "AP").
    NEWSPAN_KIND_DATELINE_SOURCE = 6,
    /// The place inside a dateline ("淄博", "WINSTON-SALEM, N.C.").
    NEWSPAN_KIND_DATELINE_PLACE = 7,
    /// The date inside a dateline ("6月15日").
    NEWSPAN_KIND_DATELINE_DATE = 8,
    /// A body paragraph: not a leaf; its children are `NEWSPAN_KIND_FRAGMENT` spans, and
    /// `newspan_document_paragraph_text()` gives its joined text.
    NEWSPAN_KIND_PARAGRAPH = 9,
    /// One piece of a paragraph; `attr` is `NEWSPAN_ATTR_HYPHEN_REMOVED` when it ends in a
    /// line-end hyphen that only split a word (the span keeps it; the joined text drops it).
    NEWSPAN_KIND_FRAGMENT = 10,
    /// 小标题 / crosshead inside the body.
    NEWSPAN_KIND_SUBHEAD = 11,
    /// A photo caption or photo credit.
    NEWSPAN_KIND_CAPTION = 12,
    /// A jump line ("下转第3版", "See DEBATE, page 7"); its child is a `NEWSPAN_KIND_JUMP_PAGE`;
    /// `attr` is its `newspan_direction`.
    NEWSPAN_KIND_JUMP = 13,
    /// The target page inside a jump line ("3", "第二版", "back page").
    NEWSPAN_KIND_JUMP_PAGE = 14,
    /// Page furniture: headers, footers, page numbers, promos, editor credits, ads
    /// (page-level: `article` is `NEWSPAN_NONE`).
    NEWSPAN_KIND_BOILERPLATE = 15,
    /// Text the parser could not place (page-level: `article` is `NEWSPAN_NONE`).
    NEWSPAN_KIND_UNASSIGNED = 16,
}

/// The role of a byline (`newspan_span.attr` of a `NEWSPAN_KIND_BYLINE`). New roles are only
/// appended; treat an unknown one as `NEWSPAN_ROLE_OTHER`.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum newspan_role {
    /// 记者, reporter, staff writer.
    NEWSPAN_ROLE_REPORTER = 0,
    /// 通讯员, correspondent.
    NEWSPAN_ROLE_CORRESPONDENT = 1,
    /// 摄影, photographer.
    NEWSPAN_ROLE_PHOTOGRAPHER = 2,
    /// 实习生, intern.
    NEWSPAN_ROLE_INTERN = 3,
    /// A news agency ("新华社", "AP").
    NEWSPAN_ROLE_AGENCY = 4,
    /// Anything else: a columnist, a letter writer, an essay's author.
    NEWSPAN_ROLE_OTHER = 5,
}

/// Which way a jump line points (`newspan_span.attr` of a `NEWSPAN_KIND_JUMP`).
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum newspan_direction {
    /// The story continues on another page ("下转第3版", "See DEBATE, page 7").
    NEWSPAN_DIRECTION_TO = 0,
    /// The story comes from another page ("上接第1版", "From page 1").
    NEWSPAN_DIRECTION_FROM = 1,
}

/// The page layout: a hint in the options, the layout found in a document.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum newspan_layout {
    /// Let the parser decide from the text (the default hint).
    NEWSPAN_LAYOUT_AUTO = 0,
    /// Layout-system export: a paragraph a line, blank lines between blocks.
    NEWSPAN_LAYOUT_PARAGRAPHS = 1,
    /// Wrapped lines at a fixed column width, no blank line between paragraphs (pdftotext).
    NEWSPAN_LAYOUT_WRAPPED = 2,
    /// Very short lines from a vertical-column transcription.
    NEWSPAN_LAYOUT_VERTICAL = 3,
}

/// "No such index": the `article` of a page-level span, the `parent` of a top-level span.
pub const NEWSPAN_NONE: u32 = u32::MAX;

/// `newspan_span.attr` of a `NEWSPAN_KIND_FRAGMENT` whose line-end hyphen only split a word:
/// the fragment's span keeps the hyphen; the paragraph's joined text
/// (`newspan_document_paragraph_text()`) drops it and joins the next fragment with no space.
pub const NEWSPAN_ATTR_HYPHEN_REMOVED: u32 = 1;

/// One piece of the page: a frozen, plain value type (32 bytes; this layout never changes).
///
/// `start..end` is a half-open byte range into the input **as given** to `newspan_parse()`
/// (for non-UTF-8 input too): slice your own buffer with it.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct newspan_span {
    /// First byte, an offset into the input.
    pub start: u64,
    /// One past the last byte.
    pub end: u64,
    /// A `newspan_kind` code. Unknown codes come from a newer library: ignore those spans.
    pub kind: u32,
    /// Index of the article it belongs to, `NEWSPAN_NONE` for page-level spans
    /// (boilerplate, unassigned).
    pub article: u32,
    /// Index of its parent span (a byline for a name, a dateline for its parts, a paragraph
    /// for a fragment, a jump for its page), `NEWSPAN_NONE` for top-level spans.
    pub parent: u32,
    /// Depends on `kind`: the `newspan_role` of a byline, the `newspan_direction` of a jump,
    /// `NEWSPAN_ATTR_HYPHEN_REMOVED` or 0 for a fragment; 0 for every other kind.
    pub attr: u32,
}

/// One article: a frozen, plain value type (24 bytes; this layout never changes).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct newspan_article {
    /// From the first byte of its first span (an offset into the input)...
    pub start: u64,
    /// ...to one past the last byte of its last span.
    pub end: u64,
    /// Index of its first span: its spans are `first_span .. first_span + span_count`, in
    /// page order, each parent directly followed by its children.
    pub first_span: u32,
    /// How many spans it has.
    pub span_count: u32,
}

/// One extent of an article: a frozen, plain value type (16 bytes; this layout never changes).
///
/// `start..end` is a half-open byte range into the input as given, holding the article's
/// text and no other article's, boilerplate or unassigned text (see
/// `newspan_document_article_extents()`).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct newspan_extent {
    /// First byte, an offset into the input.
    pub start: u64,
    /// One past the last byte.
    pub end: u64,
}

/// Which number of the last error `newspan_last_error_value()` reads. New ones are only
/// appended.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum newspan_error_value {
    /// `NEWSPAN_MALFORMED_INPUT`: the byte offset of the first malformed sequence.
    NEWSPAN_ERROR_OFFSET = 0,
    /// `NEWSPAN_INPUT_TOO_LARGE`: the length of the input that was refused.
    NEWSPAN_ERROR_INPUT_LEN = 1,
    /// `NEWSPAN_INPUT_TOO_LARGE`, `NEWSPAN_TOO_MANY_SPANS`: the limit that was exceeded.
    NEWSPAN_ERROR_LIMIT = 2,
}

// The frozen layouts, asserted at compile time (also in C, in the header, and in Python).
const _: () = {
    assert!(size_of::<newspan_span>() == 32);
    assert!(align_of::<newspan_span>() == 8);
    assert!(offset_of!(newspan_span, start) == 0);
    assert!(offset_of!(newspan_span, end) == 8);
    assert!(offset_of!(newspan_span, kind) == 16);
    assert!(offset_of!(newspan_span, article) == 20);
    assert!(offset_of!(newspan_span, parent) == 24);
    assert!(offset_of!(newspan_span, attr) == 28);
    assert!(size_of::<newspan_article>() == 24);
    assert!(align_of::<newspan_article>() == 8);
    assert!(offset_of!(newspan_article, start) == 0);
    assert!(offset_of!(newspan_article, end) == 8);
    assert!(offset_of!(newspan_article, first_span) == 16);
    assert!(offset_of!(newspan_article, span_count) == 20);
    assert!(size_of::<newspan_status>() == 4);
    assert!(size_of::<newspan_extent>() == 16);
    assert!(align_of::<newspan_extent>() == 8);
    assert!(offset_of!(newspan_extent, start) == 0);
    assert!(offset_of!(newspan_extent, end) == 8);
    assert!(size_of::<newspan_link>() == 32);
    assert!(align_of::<newspan_link>() == 4);
    assert!(offset_of!(newspan_link, from_page) == 0);
    assert!(offset_of!(newspan_link, from_article) == 4);
    assert!(offset_of!(newspan_link, to_page) == 8);
    assert!(offset_of!(newspan_link, to_article) == 12);
    assert!(offset_of!(newspan_link, jump_span) == 16);
    assert!(offset_of!(newspan_link, from_line_span) == 20);
    assert!(offset_of!(newspan_link, confidence) == 24);
    assert!(offset_of!(newspan_link, joins_paragraph) == 28);
};

/// A link of an issue: a story going on from one page to another (`newspan_issue_link()`).
/// A frozen, plain value type (32 bytes; this layout never changes). Added in ABI 3.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct newspan_link {
    /// The page (0-based, in the order the pages were added) of the article whose jump line
    /// sends the reader on...
    pub from_page: u32,
    /// ...and that article's index on its page.
    pub from_article: u32,
    /// The page where the story goes on...
    pub to_page: u32,
    /// ...and the article there.
    pub to_article: u32,
    /// Index of the jump line's span in the source page's document.
    pub jump_span: u32,
    /// Index of the from-line's span ("From page 1", "（上接第1版）") in the target page's
    /// document, `NEWSPAN_NONE` when the continuation has none.
    pub from_line_span: u32,
    /// How sure the link is, in [0, 1] (0.95: a from-line naming the source page and a head
    /// repeating the jump's keyword; 0.8: the from-line; 0.7: the keyword; 0.6: both, on
    /// another page than the one the jump names).
    pub confidence: f32,
    /// 1 when the jump cut a paragraph mid-sentence: the source's last paragraph and the
    /// target's first are one paragraph; 0 otherwise.
    pub joins_paragraph: u32,
}

/// The C code of a kind: its position in `Kind::ALL`.
pub(crate) const fn kind_code(kind: Kind) -> u32 {
    let code = match kind {
        Kind::Kicker => newspan_kind::NEWSPAN_KIND_KICKER,
        Kind::Title => newspan_kind::NEWSPAN_KIND_TITLE,
        Kind::Subtitle => newspan_kind::NEWSPAN_KIND_SUBTITLE,
        Kind::Byline => newspan_kind::NEWSPAN_KIND_BYLINE,
        Kind::BylineName => newspan_kind::NEWSPAN_KIND_BYLINE_NAME,
        Kind::Dateline => newspan_kind::NEWSPAN_KIND_DATELINE,
        Kind::DatelineSource => newspan_kind::NEWSPAN_KIND_DATELINE_SOURCE,
        Kind::DatelinePlace => newspan_kind::NEWSPAN_KIND_DATELINE_PLACE,
        Kind::DatelineDate => newspan_kind::NEWSPAN_KIND_DATELINE_DATE,
        Kind::Paragraph => newspan_kind::NEWSPAN_KIND_PARAGRAPH,
        Kind::Fragment => newspan_kind::NEWSPAN_KIND_FRAGMENT,
        Kind::Subhead => newspan_kind::NEWSPAN_KIND_SUBHEAD,
        Kind::Caption => newspan_kind::NEWSPAN_KIND_CAPTION,
        Kind::Jump => newspan_kind::NEWSPAN_KIND_JUMP,
        Kind::JumpPage => newspan_kind::NEWSPAN_KIND_JUMP_PAGE,
        Kind::Boilerplate => newspan_kind::NEWSPAN_KIND_BOILERPLATE,
        Kind::Unassigned => newspan_kind::NEWSPAN_KIND_UNASSIGNED,
    };
    code as u32
}

// The C codes are the positions in `Kind::ALL`, so appending a kind appends a code.
const _: () = {
    let mut i = 0;
    while i < Kind::ALL.len() {
        assert!(kind_code(Kind::ALL[i]) == i as u32);
        i += 1;
    }
};

pub(crate) const fn role_code(role: Role) -> u32 {
    let code = match role {
        Role::Reporter => newspan_role::NEWSPAN_ROLE_REPORTER,
        Role::Correspondent => newspan_role::NEWSPAN_ROLE_CORRESPONDENT,
        Role::Photographer => newspan_role::NEWSPAN_ROLE_PHOTOGRAPHER,
        Role::Intern => newspan_role::NEWSPAN_ROLE_INTERN,
        Role::Agency => newspan_role::NEWSPAN_ROLE_AGENCY,
        Role::Other => newspan_role::NEWSPAN_ROLE_OTHER,
    };
    code as u32
}

const ROLES: [Role; 6] =
    [Role::Reporter, Role::Correspondent, Role::Photographer, Role::Intern, Role::Agency, Role::Other];

pub(crate) const fn direction_code(direction: Direction) -> u32 {
    let code = match direction {
        Direction::To => newspan_direction::NEWSPAN_DIRECTION_TO,
        Direction::From => newspan_direction::NEWSPAN_DIRECTION_FROM,
    };
    code as u32
}

const DIRECTIONS: [Direction; 2] = [Direction::To, Direction::From];

pub(crate) const fn layout_code(layout: Layout) -> u32 {
    let code = match layout {
        Layout::Auto => newspan_layout::NEWSPAN_LAYOUT_AUTO,
        Layout::Paragraphs => newspan_layout::NEWSPAN_LAYOUT_PARAGRAPHS,
        Layout::Wrapped => newspan_layout::NEWSPAN_LAYOUT_WRAPPED,
        Layout::Vertical => newspan_layout::NEWSPAN_LAYOUT_VERTICAL,
    };
    code as u32
}

pub(crate) const LAYOUTS: [Layout; 4] = [Layout::Auto, Layout::Paragraphs, Layout::Wrapped, Layout::Vertical];

const _: () = {
    let mut i = 0;
    while i < ROLES.len() {
        assert!(role_code(ROLES[i]) == i as u32);
        i += 1;
    }
    let mut i = 0;
    while i < DIRECTIONS.len() {
        assert!(direction_code(DIRECTIONS[i]) == i as u32);
        i += 1;
    }
    let mut i = 0;
    while i < LAYOUTS.len() {
        assert!(layout_code(LAYOUTS[i]) == i as u32);
        i += 1;
    }
};

impl newspan_span {
    /// The C view of a node.
    pub(crate) fn from_node(n: &Node) -> Self {
        let attr = match n.kind {
            Kind::Byline => role_code(n.role().unwrap_or_default()),
            Kind::Jump => direction_code(n.direction().unwrap_or_default()),
            Kind::Fragment if n.attr == Attr::HyphenRemoved => NEWSPAN_ATTR_HYPHEN_REMOVED,
            _ => 0,
        };
        newspan_span {
            start: n.span.start as u64,
            end: n.span.end as u64,
            kind: kind_code(n.kind),
            article: n.article.unwrap_or(NEWSPAN_NONE),
            parent: n.parent.unwrap_or(NEWSPAN_NONE),
            attr,
        }
    }
}

/// A lowercase name as a static C string; the Rust names are ASCII without NUL.
fn static_name(name: &'static str) -> *const c_char {
    // Every kind, role, direction and layout name of the core, NUL-terminated (a unit test
    // checks the table against the core's names).
    const NAMES: [&CStr; 29] = [
        c"kicker",
        c"title",
        c"subtitle",
        c"byline",
        c"byline_name",
        c"dateline",
        c"dateline_source",
        c"dateline_place",
        c"dateline_date",
        c"paragraph",
        c"fragment",
        c"subhead",
        c"caption",
        c"jump",
        c"jump_page",
        c"boilerplate",
        c"unassigned",
        c"reporter",
        c"correspondent",
        c"photographer",
        c"intern",
        c"agency",
        c"other",
        c"to",
        c"from",
        c"auto",
        c"paragraphs",
        c"wrapped",
        c"vertical",
    ];
    NAMES.iter().find(|c| c.to_bytes() == name.as_bytes()).map_or(c"unknown".as_ptr(), |c| c.as_ptr())
}

/// The name of a status ("ok", "buffer too small", ...): a static, NUL-terminated string
/// (never free it), valid for the life of the program. An unknown code gives
/// "unknown status".
///
/// Thread safety: may be called from any thread.
#[unsafe(no_mangle)]
pub extern "C" fn newspan_status_str(status: u32) -> *const c_char {
    ffi_boundary! {
        STATUSES
            .get(status as usize)
            .map_or(c"unknown status".as_ptr(), |s| s.description().as_ptr())
    }
}

/// The name of a `newspan_kind` code ("title", "byline_name", the names of the JSON output):
/// a static, NUL-terminated string (never free it). An unknown code gives "unknown".
///
/// Thread safety: may be called from any thread.
#[unsafe(no_mangle)]
pub extern "C" fn newspan_kind_name(kind: u32) -> *const c_char {
    ffi_boundary! {
        Kind::ALL.get(kind as usize).map_or(c"unknown".as_ptr(), |k| static_name(k.name()))
    }
}

/// True for the kinds whose spans tile the page: leaf spans never overlap and together cover
/// every non-whitespace character of the input. Children (byline names, dateline parts, jump
/// pages) lie inside a leaf, and a paragraph is the union of its fragments. False for an
/// unknown code.
///
/// Thread safety: may be called from any thread.
#[unsafe(no_mangle)]
pub extern "C" fn newspan_kind_is_leaf(kind: u32) -> bool {
    ffi_boundary! {
        Kind::ALL.get(kind as usize).is_some_and(|k| k.is_leaf())
    }
}

/// The name of a `newspan_role` code ("reporter", ...): a static, NUL-terminated string
/// (never free it). An unknown code gives "unknown".
///
/// Thread safety: may be called from any thread.
#[unsafe(no_mangle)]
pub extern "C" fn newspan_role_name(role: u32) -> *const c_char {
    ffi_boundary! {
        ROLES.get(role as usize).map_or(c"unknown".as_ptr(), |r| static_name(r.name()))
    }
}

/// The name of a `newspan_direction` code ("to" or "from"): a static, NUL-terminated string
/// (never free it). An unknown code gives "unknown".
///
/// Thread safety: may be called from any thread.
#[unsafe(no_mangle)]
pub extern "C" fn newspan_direction_name(direction: u32) -> *const c_char {
    ffi_boundary! {
        DIRECTIONS.get(direction as usize).map_or(c"unknown".as_ptr(), |d| static_name(d.name()))
    }
}

/// The name of a `newspan_layout` code ("auto", "paragraphs", "wrapped", "vertical"): a
/// static, NUL-terminated string (never free it). An unknown code gives "unknown".
///
/// Thread safety: may be called from any thread.
#[unsafe(no_mangle)]
pub extern "C" fn newspan_layout_name(layout: u32) -> *const c_char {
    ffi_boundary! {
        LAYOUTS.get(layout as usize).map_or(c"unknown".as_ptr(), |l| static_name(l.name()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(p: *const c_char) -> &'static str {
        unsafe { CStr::from_ptr(p) }.to_str().unwrap()
    }

    #[test]
    fn names_match_the_core() {
        for (i, k) in Kind::ALL.iter().enumerate() {
            assert_eq!(s(newspan_kind_name(i as u32)), k.name());
        }
        for (i, r) in ROLES.iter().enumerate() {
            assert_eq!(s(newspan_role_name(i as u32)), r.name());
        }
        for (i, d) in DIRECTIONS.iter().enumerate() {
            assert_eq!(s(newspan_direction_name(i as u32)), d.name());
        }
        for (i, l) in LAYOUTS.iter().enumerate() {
            assert_eq!(s(newspan_layout_name(i as u32)), l.name());
        }
        assert_eq!(s(newspan_kind_name(Kind::ALL.len() as u32)), "unknown");
        assert_eq!(s(newspan_role_name(99)), "unknown");
        assert_eq!(s(newspan_direction_name(u32::MAX)), "unknown");
        assert_eq!(s(newspan_layout_name(4)), "unknown");
    }

    #[test]
    fn statuses_are_numbered_in_order() {
        for (i, st) in STATUSES.iter().enumerate() {
            assert_eq!(*st as u32, i as u32);
            assert!(!s(newspan_status_str(i as u32)).is_empty());
        }
        assert_eq!(s(newspan_status_str(STATUSES.len() as u32)), "unknown status");
    }
}
