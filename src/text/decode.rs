//! Stage 0: bytes → UTF-8 text, and the way back from text offsets to input offsets.
//!
//! # Which encoding
//! 1. A byte order mark decides: `EF BB BF` is UTF-8, `FF FE` UTF-16LE, `FE FF` UTF-16BE. It
//!    wins even over an encoding forced in [`Options::encoding`], as in the Encoding Standard's
//!    *decode* algorithm (and every browser): a BOM never starts GB18030, Big5, Shift_JIS or
//!    EUC-KR text, so a BOM that disagrees with the forced label means the label is wrong. The
//!    BOM is not part of the text; spans never cover it.
//! 2. Else a forced encoding ([`Options::encoding`]) is used.
//! 3. Else valid UTF-8 is UTF-8 (pure ASCII included), unless it holds zero bytes and reads as
//!    UTF-16 (ASCII text in UTF-16 without a BOM is valid UTF-8).
//! 4. Else the evidence is weighed ([`detect`]): UTF-16 by its zero bytes; UTF-8 when its valid
//!    non-ASCII characters outnumber its malformed sequences [`UTF8_VALID_PER_ERROR`] to one
//!    (a damaged UTF-8 page stays UTF-8, with U+FFFD for the damage); a CJK legacy encoding
//!    when [`guess_cjk`] finds one plausible (a damaged GB18030 or Big5 page stays itself); a
//!    single-byte legacy encoding (chardetng's pick) only when the bytes malformed as UTF-8 read
//!    as text; otherwise UTF-8, the damage replaced. A truncated last character is one
//!    malformed sequence like any other, so a cut file keeps its encoding.
//!
//! UTF-16 without a BOM is detected from the zero bytes of its first 4 KiB. GBK is always
//! decoded and reported as GB18030: the Encoding Standard's GBK decoder *is* the GB18030
//! decoder, and naming the superset lets every consumer (Python's `gb18030` codec, say) read
//! the 4-byte sequences a "GBK" page often holds.
//!
//! What detection does not do: a byte lost or added in UTF-16 shifts every code unit after it,
//! and the decoder does not resynchronise (what follows decodes to other characters, without
//! errors); a damaged BOM whose bytes were deleted or inserted (not overwritten) shifts the
//! whole page, and the sniffer may then name the other byte order.
//!
//! # Zero copy
//! Valid UTF-8 (after its BOM, if any) is borrowed as it is, and so is pure-ASCII input in any
//! ASCII-compatible encoding: text offsets are input offsets shifted by the BOM (`text_offset`).
//! Validation uses encoding_rs's `utf8_valid_up_to` (through
//! `decode_without_bom_handling_and_without_replacement`, which hands back the borrowed `&str`
//! after that one pass). Measured (`cargo bench --bench decode`, and on the dev corpus' rmrb
//! pages): on CJK text it runs at 12–16 GiB/s, simdutf8 at 14 GiB/s, `std::str::from_utf8` at
//! 0.7–1.25 GiB/s; on English text 39–44, 32–36 and 7–13 GiB/s. The whole UTF-8 stage for a
//! 7.7 KB page takes 0.6 µs (the first version, which validated three times, 7 µs).
//! Any other input is decoded with encoding_rs into one owned `String`: for GB18030 the stage
//! (decode, anchors) costs about 1.3× encoding_rs's own decode (9.8 µs against 7.6 µs for a
//! 5.3 KB page), mapping the page's spans 10 µs more. Detecting GB18030 costs about 51 000
//! instructions for the sample page (3.4 KB; callgrind), 3–5 µs: the detected parse runs at
//! 0.92–0.94 of the forced one (`bench_report --detection`; it was 355 000 instructions and
//! 0.64 before the guesser scored 128-byte steps and stopped on a 2:1 lead). ISO-2022-JP, a
//! stateful mail encoding that is only ever forced, is decoded a byte at a time (slow, exact).
//!
//! # How text offsets map to input offsets
//! [`Decoded::to_input`] maps every char boundary of the text to the input offset where the
//! bytes of the next character start (so `input[to_input(a)..to_input(b)]` holds exactly the
//! characters `text[a..b]`), with these rules:
//! - a U+FFFD that replaced a malformed sequence stands for exactly that sequence (1 to 4
//!   bytes); bytes the decoder reads again after an error (an ASCII byte after a lone lead byte,
//!   the second and third byte of a broken 4-byte GB18030 sequence, the code unit after an
//!   unpaired UTF-16 surrogate) belong to the characters they decode to;
//! - a truncated sequence at the end of the input is one U+FFFD for its bytes, and an odd last
//!   byte of UTF-16 likewise;
//! - Big5's four byte pairs that decode to two code points (Ê̄ Ê̌ ê̄ ê̌) are one unit: the
//!   boundary between the two code points maps to the end of the pair;
//! - ISO-2022-JP escape sequences belong to the character after them. Its map is exact on
//!   valid input; after a malformed escape sequence the characters read again from it map to
//!   the end of the next input byte.
//!
//! The map is a sorted list of anchors (text offset, input offset) where the decoder's state is
//! known to be empty: line starts, and both ends of every U+FFFD. Between two anchors the input
//! is free of errors and is walked one character at a time by the encoding's byte structure
//! (lead-byte ranges), never by calling the decoder again. A `\n` byte is a safe anchor in every
//! ASCII-compatible encoding encoding_rs decodes: it is never a trail byte, and after a lone
//! lead byte it is read again, so the k-th `\n` of the input is the k-th `\n` of the text (the
//! counts are checked; without that, only the error anchors are used). UTF-16 anchors its line
//! starts by counting code units in the text. Calls that go forward (span ends, page order)
//! resume from the last position, so mapping every span of a page walks each line about once.
//!
//! Offsets are `usize` all through: input over 4 GiB decodes and maps like any other (the parser
//! refuses input over [`Options::max_input_len`], 1 GiB by default, before decoding).
//!
//! Bytes that decode to control characters (NUL, form feed, a lone CR, ...) and U+FEFF after the
//! start are kept in the text as they are; line ends and blanks are the line scanner's business.

use std::borrow::Cow;
use std::cell::Cell;

use encoding_rs::{
    BIG5, DecoderResult, EUC_JP, EUC_KR, Encoding, GB18030, GBK, ISO_2022_JP, REPLACEMENT, SHIFT_JIS, UTF_8,
    UTF_16BE, UTF_16LE,
};

use crate::error::Error;
use crate::options::Options;

/// The decoded page.
pub(crate) struct Decoded<'a> {
    /// The encoding the text was decoded from (GBK is reported as GB18030).
    pub encoding: &'static Encoding,
    /// The page as UTF-8: borrowed from the input when it was valid UTF-8 (or pure ASCII).
    pub text: Cow<'a, str>,
    /// For borrowed text: where the text starts in the input (3 after a UTF-8 BOM).
    pub text_offset: usize,
    /// How many malformed byte sequences were replaced by U+FFFD.
    pub replaced: usize,
    /// The input offset of the first malformed sequence.
    pub first_replaced: Option<usize>,
    map: OffsetMap,
}

/// A point where text and input offsets are known to correspond.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Anchor {
    text: usize,
    input: usize,
}

enum OffsetMap {
    /// Borrowed text: input offset = text offset + the shift.
    Shift(usize),
    /// Decoded text: anchors, walked between by `walk`.
    Anchored {
        walk: Walk,
        /// Sorted by `text` (and so by `input`); the first is (0, BOM length).
        anchors: Vec<Anchor>,
        /// The last position reached: (anchor index, position). Forward calls resume there.
        cursor: Cell<(usize, Anchor)>,
    },
}

/// How to step over one character of error-free input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Walk {
    /// UTF-8 with errors: outside the errors, text bytes are input bytes.
    Same,
    /// Single-byte encodings: one byte a character.
    Single,
    /// UTF-16: two bytes a character, four for a supplementary one.
    Utf16,
    Gb18030,
    Big5,
    ShiftJis,
    EucKr,
    EucJp,
    /// Every character end is an anchor (ISO-2022-JP).
    Table,
}

impl Walk {
    fn of(encoding: &'static Encoding) -> Walk {
        if encoding == UTF_8 {
            Walk::Same
        } else if encoding == UTF_16LE || encoding == UTF_16BE {
            Walk::Utf16
        } else if encoding == GB18030 || encoding == GBK {
            Walk::Gb18030
        } else if encoding == BIG5 {
            Walk::Big5
        } else if encoding == SHIFT_JIS {
            Walk::ShiftJis
        } else if encoding == EUC_KR {
            Walk::EucKr
        } else if encoding == EUC_JP {
            Walk::EucJp
        } else if encoding == ISO_2022_JP {
            Walk::Table
        } else {
            // Every other encoding encoding_rs knows (but `replacement`, refused earlier) is
            // single-byte: windows-125x, ISO-8859-x, KOI8, x-user-defined, ...
            Walk::Single
        }
    }
}

impl<'a> Decoded<'a> {
    /// True when malformed byte sequences were replaced by U+FFFD.
    #[cfg(test)]
    pub fn had_errors(&self) -> bool {
        self.replaced > 0
    }

    /// The input offset of the text offset `t`, a char boundary of the text (see the module
    /// docs for the rules). `input` must be the buffer given to [`decode_with`]. Offsets past the
    /// end of the text map to the end of the input.
    pub fn to_input(&self, input: &[u8], t: usize) -> usize {
        match &self.map {
            OffsetMap::Shift(s) => (t + s).min(input.len().max(*s)),
            OffsetMap::Anchored { walk, anchors, cursor } => {
                let text = self.text.as_bytes();
                if t >= text.len() {
                    return input.len();
                }
                // The last anchor at or before `t` (the first anchor is at 0): most calls stay
                // in the cursor's segment or move to the next one, so try those first.
                let (ck, c) = cursor.get();
                let inside = |k: usize| anchors[k].text <= t && anchors.get(k + 1).is_none_or(|a| a.text > t);
                let k = if inside(ck) {
                    ck
                } else if ck + 1 < anchors.len() && inside(ck + 1) {
                    ck + 1
                } else {
                    anchors.partition_point(|a| a.text <= t).max(1) - 1
                };
                let anchor = anchors[k];
                if anchor.text == t {
                    return anchor.input;
                }
                let from = if ck == k && c.text <= t && c.text >= anchor.text { c } else { anchor };
                let next = anchors.get(k + 1).map_or(input.len(), |a| a.input);
                let reached = step(*walk, input, text, from, t, next);
                cursor.set((k, reached));
                reached.input
            }
        }
    }
}

/// Walk error-free input from `from` to the text offset `t`; returns the position reached
/// (its text offset is `t`, or past it when `t` falls inside a multi-character unit). `limit`
/// is the input offset of the next anchor, never passed.
fn step(walk: Walk, input: &[u8], text: &[u8], from: Anchor, t: usize, limit: usize) -> Anchor {
    let limit = limit.min(input.len());
    match walk {
        Walk::Same => {
            let ip = (from.input + (t - from.text)).min(limit);
            return Anchor { text: t, input: ip };
        }
        Walk::Utf16 => {
            let ip = (from.input + utf16_bytes(&text[from.text..t])).min(limit);
            return Anchor { text: t, input: ip };
        }
        Walk::Table => return Anchor { text: t, input: limit },
        _ => {}
    }
    let (tp, ip) = match walk {
        Walk::Single => walk_units(input, text, from, t, limit, |_, _, _| 1),
        Walk::Gb18030 => walk_units(input, text, from, t, limit, |input, ip, b| {
            if b == 0x80 {
                1
            } else if input.get(ip + 1).is_some_and(u8::is_ascii_digit) {
                4
            } else {
                2
            }
        }),
        Walk::EucKr => walk_units(input, text, from, t, limit, |_, _, _| 2),
        Walk::ShiftJis => walk_units(input, text, from, t, limit, |_, _, b| {
            if b == 0x80 || (0xA1..=0xDF).contains(&b) { 1 } else { 2 }
        }),
        Walk::EucJp => walk_units(input, text, from, t, limit, |_, _, b| if b == 0x8F { 3 } else { 2 }),
        Walk::Big5 => walk_units(input, text, from, t, limit, |input, ip, b| {
            // Pointers 1133, 1135, 1164 and 1166 decode to a letter and a combining mark: the
            // unit is two characters, told apart by the caller below.
            if b == 0x88 && matches!(input.get(ip + 1), Some(0x62 | 0x64 | 0xA3 | 0xA5)) {
                BIG5_PAIR
            } else {
                2
            }
        }),
        Walk::Same | Walk::Utf16 | Walk::Table => unreachable!("handled above"),
    };
    Anchor { text: tp, input: ip.min(limit) }
}

/// What a unit-length function returns for a Big5 pair that decodes to two characters.
const BIG5_PAIR: usize = usize::MAX;

/// Step over error-free input one unit at a time: an ASCII byte is one character of text;
/// any other byte starts a unit of `unit(input, ip, byte)` bytes that decodes to one character
/// (two for [`BIG5_PAIR`]).
#[inline(always)]
fn walk_units(
    input: &[u8],
    text: &[u8],
    from: Anchor,
    t: usize,
    limit: usize,
    unit: impl Fn(&[u8], usize, u8) -> usize,
) -> (usize, usize) {
    let (mut tp, mut ip) = (from.text, from.input);
    while tp < t && ip < limit {
        let b = input[ip];
        if b < 0x80 {
            // ASCII is itself in every ASCII-compatible encoding (error-free input).
            tp += 1;
            ip += 1;
            continue;
        }
        let mut n = unit(input, ip, b);
        tp += utf8_len(text[tp]);
        if n == BIG5_PAIR {
            n = 2;
            tp += text.get(tp).map_or(0, |&c| utf8_len(c));
        }
        ip += n;
    }
    (tp, ip)
}

/// Length of the UTF-8 sequence that starts with `lead`.
#[inline]
fn utf8_len(lead: u8) -> usize {
    match lead {
        0x00..=0x7F => 1,
        0x80..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

/// Bytes of UTF-16 needed for the UTF-8 text `s`: two per character, two more for each
/// supplementary one.
#[inline]
fn utf16_bytes(s: &[u8]) -> usize {
    2 * s.iter().map(|&b| usize::from((b & 0xC0) != 0x80) + usize::from(b >= 0xF0)).sum::<usize>()
}

/// Decode `input` according to `options`.
/// Buffers a parser keeps between pages so that decoding a legacy encoding allocates nothing
/// once they have grown: the UTF-8 copy, the malformed-sequence anchors and the offset anchors.
#[derive(Clone, Debug, Default)]
pub(crate) struct Buffers {
    pub text: String,
    errors: Vec<Anchor>,
    anchors: Vec<Anchor>,
}

impl Decoded<'_> {
    /// Give the decoded copy (when one was made) to the caller and the anchors back to `bufs`.
    pub fn recycle(self, bufs: &mut Buffers) -> Option<String> {
        if let OffsetMap::Anchored { walk, anchors, .. } = self.map {
            if walk != Walk::Table {
                bufs.anchors = anchors;
            }
        }
        match self.text {
            Cow::Owned(s) => Some(s),
            Cow::Borrowed(_) => None,
        }
    }
}

/// Decode with fresh buffers (tests).
#[cfg(test)]
pub(crate) fn decode<'a>(input: &'a [u8], options: &Options) -> Result<Decoded<'a>, Error> {
    decode_with(input, options, &mut Buffers::default())
}

/// Decode `input`, using (and keeping in the result) the parser's `bufs`; hand them back with
/// [`Decoded::recycle`].
pub(crate) fn decode_with<'a>(
    input: &'a [u8],
    options: &Options,
    bufs: &mut Buffers,
) -> Result<Decoded<'a>, Error> {
    let (encoding, skip) = match Encoding::for_bom(input) {
        Some((e, n)) => (e, n),
        None => match options.encoding {
            Some(forced) => (forced, 0),
            None => {
                // Valid UTF-8 is by far the common case: borrow it after one validation pass.
                if let Some(Cow::Borrowed(text)) =
                    UTF_8.decode_without_bom_handling_and_without_replacement(input)
                {
                    // Zero bytes in valid UTF-8: perhaps UTF-16 of ASCII text, without a BOM.
                    match memchr::memchr(0, input).and_then(|_| sniff_utf16(input)) {
                        Some(utf16) => (utf16, 0),
                        None => return Ok(borrowed(UTF_8, text, 0)),
                    }
                } else {
                    (detect(input), 0)
                }
            }
        },
    };
    if encoding == REPLACEMENT {
        return Err(Error::UnsupportedEncoding(encoding.name()));
    }
    // GBK's decoder is GB18030's: name the superset.
    let encoding = if encoding == GBK { GB18030 } else { encoding };
    let body = &input[skip..];

    if encoding == UTF_8 {
        if let Some(Cow::Borrowed(text)) = UTF_8.decode_without_bom_handling_and_without_replacement(body) {
            return Ok(borrowed(UTF_8, text, skip));
        }
    } else if encoding.is_ascii_compatible() && Encoding::ascii_valid_up_to(body) == body.len() {
        // Pure ASCII reads the same in every ASCII-compatible encoding.
        let text = std::str::from_utf8(body).expect("ASCII is UTF-8");
        return Ok(borrowed(encoding, text, skip));
    }

    let walk = Walk::of(encoding);
    let (text, replaced, first_replaced, anchors) = if walk == Walk::Table {
        let (text, anchors, errors) = decode_bytewise(encoding, body, skip, options.strict)?;
        (text, errors.len() / 2, errors.first().map(|a| a.input), anchors)
    } else {
        // Decode into the parser's buffers (no allocation once they are big enough).
        let mut text = std::mem::take(&mut bufs.text);
        let mut errors = std::mem::take(&mut bufs.errors);
        let mut anchors = std::mem::take(&mut bufs.anchors);
        text.clear();
        errors.clear();
        anchors.clear();
        decode_into(encoding, body, skip, options.strict, &mut text, &mut errors)?;
        match walk {
            Walk::Same => {
                anchors.push(Anchor { text: 0, input: skip });
                anchors.extend_from_slice(&errors);
            }
            Walk::Utf16 => utf16_anchors(&text, &errors, skip, &mut anchors),
            _ => line_anchors(body, &text, &errors, skip, &mut anchors),
        }
        // Each U+FFFD pushed two anchors, its two ends.
        let (replaced, first_replaced) = (errors.len() / 2, errors.first().map(|a| a.input));
        bufs.errors = errors;
        (text, replaced, first_replaced, anchors)
    };
    Ok(Decoded {
        encoding,
        text: Cow::Owned(text),
        text_offset: 0,
        replaced,
        first_replaced,
        map: OffsetMap::Anchored { walk, anchors, cursor: Cell::new((0, Anchor { text: 0, input: skip })) },
    })
}

fn borrowed<'a>(encoding: &'static Encoding, text: &'a str, skip: usize) -> Decoded<'a> {
    Decoded {
        encoding,
        text: Cow::Borrowed(text),
        text_offset: skip,
        replaced: 0,
        first_replaced: None,
        map: OffsetMap::Shift(skip),
    }
}

/// Decode `body` (which starts at input offset `skip`) into `out`, pushing the two ends of
/// each U+FFFD to `errors`. Strict: the first malformed sequence is an error.
fn decode_into(
    encoding: &'static Encoding,
    body: &[u8],
    skip: usize,
    strict: bool,
    out: &mut String,
    errors: &mut Vec<Anchor>,
) -> Result<(), Error> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let cap = decoder.max_utf8_buffer_length(body.len()).unwrap_or(body.len().saturating_mul(3));
    out.reserve(cap);
    // Clean input: one call, straight into `out`. After a malformed sequence the rest goes
    // through a small buffer: `decode_to_string_*` touches a byte of every page of the
    // string's spare capacity on each call, and a call per malformed sequence over a large
    // spare capacity made junk input quadratic.
    let (mut res, mut pos) = decoder.decode_to_string_without_replacement(body, out, true);
    let mut chunk = [0u8; DECODE_CHUNK];
    loop {
        match res {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => {}
            DecoderResult::Malformed(bad, later) => {
                // The malformed bytes end `later` bytes before the read position; the decoder
                // reads those `later` bytes again itself.
                let end = pos - usize::from(later);
                let start = end.saturating_sub(usize::from(bad));
                if strict {
                    return Err(Error::Malformed { encoding: encoding.name(), offset: skip + start });
                }
                errors.push(Anchor { text: out.len(), input: skip + start });
                out.push('\u{FFFD}');
                errors.push(Anchor { text: out.len(), input: skip + end });
            }
        }
        let (r, read, written) = decoder.decode_to_utf8_without_replacement(&body[pos..], &mut chunk, true);
        pos += read;
        out.push_str(std::str::from_utf8(&chunk[..written]).expect("encoding_rs writes UTF-8"));
        res = r;
    }
    Ok(())
}

/// Bytes of the buffer [`decode_into`] decodes through after a malformed sequence.
const DECODE_CHUNK: usize = 4096;

/// Decode a stateful encoding (ISO-2022-JP) a byte at a time, anchoring every character.
#[allow(clippy::type_complexity)]
fn decode_bytewise(
    encoding: &'static Encoding,
    body: &[u8],
    skip: usize,
    strict: bool,
) -> Result<(String, Vec<Anchor>, Vec<Anchor>), Error> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(body.len() * 2);
    let mut anchors = Vec::with_capacity(body.len() + 1);
    anchors.push(Anchor { text: 0, input: skip });
    let mut errors = Vec::new();
    let mut pos = 0;
    loop {
        let last = pos >= body.len();
        let chunk = &body[pos..(pos + 1).min(body.len())];
        let before = out.len();
        // Through a small buffer, not `decode_to_string_*` (see `decode_into`).
        let mut small = [0u8; 16];
        let (res, read, written) = decoder.decode_to_utf8_without_replacement(chunk, &mut small, last);
        out.push_str(std::str::from_utf8(&small[..written]).expect("encoding_rs writes UTF-8"));
        pos += read;
        if out.len() > before {
            anchors.push(Anchor { text: out.len(), input: skip + pos });
        }
        match res {
            DecoderResult::InputEmpty => {
                if last {
                    break;
                }
            }
            DecoderResult::OutputFull => {}
            DecoderResult::Malformed(bad, later) => {
                let end = pos - usize::from(later);
                let start = end.saturating_sub(usize::from(bad));
                if strict {
                    return Err(Error::Malformed { encoding: encoding.name(), offset: skip + start });
                }
                if let Some(a) = anchors.last_mut().filter(|a| a.text == out.len()) {
                    a.input = a.input.min(skip + start);
                }
                let before = Anchor { text: out.len(), input: skip + start };
                out.push('\u{FFFD}');
                let after = Anchor { text: out.len(), input: skip + end };
                anchors.extend([before, after]);
                errors.extend([before, after]);
            }
        }
    }
    Ok((out, anchors, errors))
}

/// Anchors (into `anchors`) at line starts (the k-th `\n` of the input is the k-th of the
/// text) and errors.
fn line_anchors(body: &[u8], text: &str, errors: &[Anchor], skip: usize, anchors: &mut Vec<Anchor>) {
    anchors.push(Anchor { text: 0, input: skip });
    let input_lines = memchr::memchr_iter(b'\n', body).count();
    let text_lines = memchr::memchr_iter(b'\n', text.as_bytes()).count();
    if input_lines != text_lines {
        // Never expected (see the module docs); the error anchors alone are still exact.
        anchors.extend_from_slice(errors);
        return;
    }
    anchors.reserve(input_lines + errors.len());
    let lines = memchr::memchr_iter(b'\n', text.as_bytes())
        .zip(memchr::memchr_iter(b'\n', body))
        .map(|(t, i)| Anchor { text: t + 1, input: skip + i + 1 });
    merge_into(anchors, lines, errors);
}

/// Anchors (into `anchors`) at the text's line starts, their input offsets counted in UTF-16
/// code units from the previous anchor, and errors.
fn utf16_anchors(text: &str, errors: &[Anchor], skip: usize, anchors: &mut Vec<Anchor>) {
    let bytes = text.as_bytes();
    anchors.reserve(errors.len() + 1 + bytes.len() / 64);
    anchors.push(Anchor { text: 0, input: skip });
    let mut errs = errors.iter().peekable();
    for nl in memchr::memchr_iter(b'\n', bytes) {
        let t = nl + 1;
        while let Some(e) = errs.next_if(|e| e.text <= t) {
            anchors.push(*e);
        }
        let prev = *anchors.last().expect("starts with one");
        if prev.text < t {
            anchors.push(Anchor { text: t, input: prev.input + utf16_bytes(&bytes[prev.text..t]) });
        }
    }
    anchors.extend(errs);
}

/// Merge two sorted anchor sequences into `out` (after its first anchor).
fn merge_into(out: &mut Vec<Anchor>, lines: impl Iterator<Item = Anchor>, errors: &[Anchor]) {
    let mut errs = errors.iter().copied().peekable();
    for line in lines {
        while let Some(e) = errs.next_if(|e| e.text < line.text) {
            out.push(e);
        }
        out.push(line);
    }
    out.extend(errs);
}

// ------------------------------------------------------------------------------- detection

/// UTF-8 wins when its valid non-ASCII characters are at least this many times its malformed
/// sequences. Legacy CJK text read as UTF-8 stays far below (at most 0.34 valid characters per
/// malformed sequence on the dev corpus' Chinese pages in GB18030, Big5, EUC-KR, Shift_JIS or
/// EUC-JP); damaged Chinese UTF-8 stays far above (19 or more with 1 % of its bytes damaged, 4
/// or more with 5 %, on the same pages).
pub(crate) const UTF8_VALID_PER_ERROR: usize = 2;
/// The UTF-8 walk stops early (a legacy encoding, not damaged UTF-8) once it has seen this many
/// malformed sequences and fewer valid characters than malformed sequences.
const UTF8_EARLY_STOP_ERRORS: usize = 32;
/// Bytes of the input the guessers look at (from the first non-ASCII byte).
const SAMPLE_LEN: usize = 2048;
/// chardetng is slow (about 200 ns a byte): it sees at most this much.
const CHARDETNG_SAMPLE_LEN: usize = 2048;
/// The CJK guesser runs when at least 1/8 of the sample's bytes are non-ASCII.
const CJK_MIN_DENSITY_SHIFT: u32 = 3;
/// A single-byte legacy encoding needs at least this many malformed-as-UTF-8 bytes that read
/// as text (see [`text_like`]) ...
const LEGACY_MIN_TEXT_BYTES: usize = 4;
/// ... at least this share (in percent) of the malformed sequences ...
const LEGACY_MIN_TEXT_SHARE: usize = 80;
/// ... and more than this many of them per valid UTF-8 multi-byte character (text in a
/// single-byte encoding seldom holds one: it takes a letter from Â to ß followed by a symbol
/// from € to ¿; damaged UTF-8 holds its own).
const LEGACY_TEXT_PER_VALID: usize = 8;
/// Bytes at the start of the input the UTF-16 sniffer reads.
const UTF16_SAMPLE_LEN: usize = 4096;
/// UTF-16 needs at least this many zero bytes in the sample ...
const UTF16_MIN_ZEROS: usize = 4;
/// ... at least this share (in percent) of its code units common in text in one byte order ...
const UTF16_MIN_PLAUSIBLE: usize = 75;
/// ... and, for the first block that sets the byte order, this many percentage points more in
/// one order than in the other.
const UTF16_MIN_LEAD: usize = 25;
/// Bytes of the UTF-16 sniffer's blocks.
const UTF16_BLOCK: usize = 256;

/// The candidates of the CJK guesser, in order of preference on a tie.
fn cjk_candidates() -> [(&'static Encoding, Lang); 5] {
    [(GB18030, Lang::Zh), (BIG5, Lang::Zh), (SHIFT_JIS, Lang::Ja), (EUC_KR, Lang::Ko), (EUC_JP, Lang::Ja)]
}

/// Guess the encoding of input that has no byte order mark and is not valid UTF-8, by weighing
/// the evidence for each reading rather than stopping at the first malformed byte:
///
/// 1. UTF-16 (little or big endian) when the start of the input has zero bytes and reads as
///    common text in one byte order ([`sniff_utf16`]): text in any other encoding has next to
///    no zero bytes. This also catches UTF-16 whose BOM was overwritten.
/// 2. UTF-8 when its valid non-ASCII characters outnumber its malformed sequences
///    [`UTF8_VALID_PER_ERROR`] to one: damaged UTF-8, with U+FFFD for the damage.
/// 3. A CJK legacy encoding when the sample is dense in non-ASCII bytes and [`guess_cjk`]
///    finds one plausible: it scores each candidate's decoded characters (common characters
///    of the language score high, rare ideographs and malformed sequences low), so a GB18030 or Big5 page with a
///    few damaged bytes stays GB18030 or Big5.
/// 4. A single-byte legacy encoding (chardetng's pick) when the bytes that are malformed as
///    UTF-8 read as text: nearly all of them inside runs of non-ASCII bytes (words of a
///    non-Latin script) or, in Latin text, as accented letters inside words and typographic
///    punctuation beside them ([`text_like`]), and far more of them than valid UTF-8
///    characters ([`Utf8Evidence::legacy_text`]). Stray bytes in damaged text seldom do.
/// 5. Otherwise UTF-8: without positive evidence for a legacy encoding, the malformed bytes are
///    damage, replaced by U+FFFD, and every valid character keeps its meaning and offset.
fn detect(input: &[u8]) -> &'static Encoding {
    if let Some(e) = sniff_utf16(input) {
        return e;
    }
    let utf8 = Utf8Evidence::of(input);
    if utf8.valid >= UTF8_VALID_PER_ERROR * utf8.malformed && utf8.valid > 0 {
        return UTF_8;
    }
    let first = Encoding::ascii_valid_up_to(input);
    let sample = &input[first..input.len().min(first + SAMPLE_LEN)];
    let high: usize = sample.iter().map(|&b| usize::from(b >> 7)).sum();
    if high << CJK_MIN_DENSITY_SHIFT >= sample.len() {
        if let Some(e) = guess_cjk(sample) {
            return e;
        }
    }
    if !utf8.legacy_text() {
        return UTF_8;
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    let start = first.saturating_sub(2);
    det.feed(&input[start..input.len().min(start + CHARDETNG_SAMPLE_LEN)], false);
    let guess = det.guess(None, chardetng::Utf8Detection::Deny);
    if guess == GBK { GB18030 } else { guess }
}

/// What the bytes say about UTF-8.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Utf8Evidence {
    /// Valid non-ASCII characters (well-formed multi-byte sequences).
    valid: usize,
    /// Malformed sequences (each would be one U+FFFD).
    malformed: usize,
    /// Malformed sequences that read as text in a legacy encoding ([`text_like`]).
    text_like: usize,
}

impl Utf8Evidence {
    /// Walk the malformed sequences of `input` with the validator (no decoded copy is made).
    /// The walk stops early once legacy text is plain ([`UTF8_EARLY_STOP_ERRORS`]).
    fn of(input: &[u8]) -> Utf8Evidence {
        let mut ev = Utf8Evidence::default();
        let mut pos = 0;
        while pos < input.len() {
            let rest = &input[pos..];
            let (good, bad) = match std::str::from_utf8(rest) {
                Ok(_) => (rest.len(), 0),
                // A truncated sequence at the very end is one malformed sequence.
                Err(e) => (e.valid_up_to(), e.error_len().unwrap_or(rest.len() - e.valid_up_to())),
            };
            ev.valid += rest[..good].iter().filter(|&&b| b >= 0xC0).count();
            if bad == 0 {
                break;
            }
            let at = pos + good;
            ev.malformed += 1;
            ev.text_like += usize::from(text_like(input, at, bad));
            pos = at + bad;
            if ev.malformed >= UTF8_EARLY_STOP_ERRORS && ev.valid < ev.malformed {
                break;
            }
        }
        ev
    }

    /// Positive evidence for a single-byte legacy encoding (see [`detect`]): at least
    /// [`LEGACY_MIN_TEXT_BYTES`] text-like malformed sequences, [`LEGACY_MIN_TEXT_SHARE`]
    /// percent of them all, and more than [`LEGACY_TEXT_PER_VALID`] per valid character.
    fn legacy_text(&self) -> bool {
        self.text_like >= LEGACY_MIN_TEXT_BYTES
            && self.text_like * 100 >= self.malformed * LEGACY_MIN_TEXT_SHARE
            && self.text_like > self.valid * LEGACY_TEXT_PER_VALID
    }
}

/// Does the malformed UTF-8 sequence `input[at..at + len]` read as text in a legacy encoding?
/// Yes when it is part of a run of two or more non-ASCII bytes (a word of Cyrillic, Greek,
/// Hebrew ... in a single-byte encoding, or a character of a double-byte one), or when its
/// single byte reads in windows-1252 as Latin text does: a common lower-case accented letter
/// next to a lower-case letter, a capital one at a word start or next to a capital, an
/// apostrophe or closing quote after a letter, an opening quote before one, a dash between or
/// joining words, an ellipsis after a word, a bullet or a section, copyright or registered sign
/// by a space, a currency or degree sign by a digit, a no-break space between two characters.
/// A stray byte in damaged text is rarely all that.
fn text_like(input: &[u8], at: usize, len: usize) -> bool {
    let prev = at.checked_sub(1).map(|i| input[i]);
    let next = input.get(at + len).copied();
    if len > 1 || prev.is_some_and(|b| b >= 0x80) || next.is_some_and(|b| b >= 0x80) {
        return true;
    }
    let b = input[at];
    let lower = |c: Option<u8>| c.is_some_and(|c| c.is_ascii_lowercase());
    let upper = |c: Option<u8>| c.is_some_and(|c| c.is_ascii_uppercase());
    let letter = |c: Option<u8>| c.is_some_and(|c| c.is_ascii_alphabetic());
    let digit = |c: Option<u8>| c.is_some_and(|c| c.is_ascii_digit());
    let gap = |c: Option<u8>| c.is_none_or(|c| c.is_ascii_whitespace() || c.is_ascii_punctuation());
    match b {
        // ß à á â ä ç è é ê ë í î ï ñ ó ô ö ú ü: the common accented letters of Western
        // languages (not þ ð ý ÿ ø å æ õ ã ì ò ù û: fewer letters a random byte could be)
        0xDF..=0xE2 | 0xE4 | 0xE7..=0xEF | 0xF1 | 0xF3 | 0xF4 | 0xF6 | 0xFA | 0xFC => {
            lower(prev) || lower(next)
        }
        // À-Ö Ø-Þ: at a word start, or in a word of capitals
        0xC0..=0xD6 | 0xD8..=0xDE => gap(prev) && lower(next) || upper(prev) || upper(next),
        // ’ ”, and ’ eliding a year's century ("the ’70s")
        0x92 | 0x94 => {
            letter(prev)
                || digit(prev)
                || prev.is_some_and(|c| c.is_ascii_punctuation())
                || b == 0x92 && digit(next)
        }
        // ‘ “ «
        0x91 | 0x93 | 0xAB => gap(prev) && (letter(next) || digit(next)),
        // »
        0xBB => letter(prev) || prev.is_some_and(|c| c.is_ascii_punctuation()),
        // – —: between words, or joining two
        0x96 | 0x97 => gap(prev) && gap(next) || letter(prev) && letter(next) || digit(prev) && digit(next),
        // … after a word
        0x85 => (letter(prev) || prev.is_some_and(|c| c.is_ascii_punctuation())) && gap(next),
        // € £ ¥ before a digit
        0x80 | 0xA3 | 0xA5 => digit(next) || digit(prev),
        // ° ½ ¼ ¾ after a digit
        0xB0 | 0xBC..=0xBE => digit(prev),
        // • · § © ® beside a space or punctuation
        0x95 | 0xB7 | 0xA7 | 0xA9 | 0xAE => gap(prev) || gap(next),
        // no-break space
        0xA0 => prev.is_some_and(|c| c > b' ') && next.is_some_and(|c| c > b' '),
        _ => false,
    }
}

/// UTF-16 without a byte order mark (or with a damaged one): `Some` when the first
/// [`UTF16_SAMPLE_LEN`] bytes hold [`UTF16_MIN_ZEROS`] zero bytes or more (text in an
/// ASCII-compatible encoding has next to none; UTF-16 has one in every ASCII character, and
/// in U+3000 and other common CJK characters) and, read block by block in the better byte
/// order of each block (a byte lost or added in the middle swaps the order of what follows),
/// at least [`UTF16_MIN_PLAUSIBLE`] percent of the code units are common in text
/// ([`common_utf16`]). The byte order is that of the first block whose better order leads
/// the other by [`UTF16_MIN_LEAD`] points: the order the text starts in.
fn sniff_utf16(input: &[u8]) -> Option<&'static Encoding> {
    let sample = &input[..input.len().min(UTF16_SAMPLE_LEN) & !1];
    if memchr::memchr_iter(0, sample).take(UTF16_MIN_ZEROS).count() < UTF16_MIN_ZEROS {
        return None;
    }
    let (mut common, mut order) = (0usize, None);
    for block in sample.chunks(UTF16_BLOCK) {
        let (mut le, mut be) = (0usize, 0usize);
        for p in block.chunks_exact(2) {
            le += usize::from(common_utf16(u16::from_le_bytes([p[0], p[1]])));
            be += usize::from(common_utf16(u16::from_be_bytes([p[0], p[1]])));
        }
        common += le.max(be);
        if order.is_none() && le.abs_diff(be) * 200 >= block.len() * UTF16_MIN_LEAD {
            order = Some(if le > be { UTF_16LE } else { UTF_16BE });
        }
    }
    order.filter(|_| common * 200 >= sample.len() * UTF16_MIN_PLAUSIBLE)
}

/// A code unit common in text: ASCII printing characters and line ends, Latin letters, general
/// punctuation, CJK punctuation, kana, hangul, unified ideographs, full-width forms, BOM. Not
/// the ideographs U+4E01..U+9F00 whose low byte is zero: rare in text, they are what ASCII
/// letters read in the wrong byte order give.
fn common_utf16(u: u16) -> bool {
    matches!(u,
        0x09 | 0x0A | 0x0C | 0x0D | 0x20..=0x7E | 0xA0..=0x17F | 0x2010..=0x2027 | 0x3000..=0x30FF
        | 0x4E00..=0x9FFF | 0xAC00..=0xD7A3 | 0xFEFF | 0xFF01..=0xFF5E)
        && !(u & 0xFF == 0 && u > 0x4E00 && u <= 0x9F00)
}

/// Score points of the CJK guesser, per decoded non-ASCII character.
mod score {
    /// A character of the candidate's script (ideographs, kana, hangul) or CJK punctuation.
    pub const GOOD: i64 = 2;
    /// One of the language's very common characters (on top of GOOD).
    pub const COMMON: i64 = 4;
    /// A character the language's text does not use (PUA, kana in Chinese, box drawing, ...).
    pub const ODD: i64 = -6;
    /// A Chinese ideograph outside the frequent ones ([`frequent_han`](super::frequent_han)):
    /// rare in real text, the most of what a wrong reading of Chinese bytes gives.
    pub const RARE_HAN: i64 = -2;
    /// A malformed sequence.
    pub const ERROR: i64 = -16;
    /// A Chinese ideograph in Korean text (hanja are rare in modern Korean).
    pub const HANJA: i64 = 1;
    /// A kanji in Japanese text (which is never without kana).
    pub const KANJI: i64 = 1;
    /// Fewest decoded non-ASCII characters to trust a guess.
    pub const MIN_CHARS: usize = 8;
    /// A candidate with more malformed sequences than this plus 1 per 16 characters is out.
    pub const MAX_ERRORS: usize = 8;
    /// A candidate scoring below this after a step is out. Not merely below zero: a step is
    /// short, and a burst of damage can put the true reading below zero for one step.
    pub const DROP: i64 = -200;
    /// The score of a candidate that is out.
    pub const OUT: i64 = i64::MIN / 2;
    /// Bytes of the sample scored at a time.
    pub const STEP: usize = 128;
    /// Lead over the second candidate that ends the scoring early.
    pub const MARGIN: i64 = 400;
    /// A smaller lead ends it too when the leader scores at least this many times the second
    /// (the true reading of a page meets its language's common characters; a false one of the
    /// same bytes hardly ever does): on a clean page, after the first step. Decoding the
    /// sample five times is most of what detection costs.
    pub const RATIO: i64 = 2;
    /// The smaller lead.
    pub const RATIO_MIN_LEAD: i64 = 100;
}

/// Very common Chinese characters, simplified and traditional, sorted.
const COMMON_ZH: [char; 101] = [
    '一', '三', '上', '下', '不', '与', '业', '並', '个', '中', '为', '主', '之', '也', '了', '二', '于',
    '人', '他', '以', '们', '会', '作', '來', '個', '們', '公', '出', '到', '区', '區', '十', '及', '发',
    '后', '员', '和', '員', '国', '國', '在', '地', '報', '外', '大', '子', '对', '将', '將', '對', '就',
    '工', '市', '年', '并', '後', '得', '我', '报', '文', '新', '於', '日', '时', '是', '時', '會', '月',
    '有', '本', '来', '業', '為', '现', '現', '生', '發', '的', '着', '第', '等', '經', '经', '者', '而',
    '能', '自', '與', '著', '行', '要', '記', '說', '记', '说', '这', '进', '這', '進', '那', '部',
];
/// Very common Korean syllables, sorted.
const COMMON_KO: [char; 46] = [
    '가', '것', '고', '국', '기', '나', '년', '는', '다', '대', '도', '들', '라', '로', '를', '리', '만',
    '면', '보', '부', '사', '서', '수', '시', '아', '어', '에', '으', '을', '의', '이', '인', '일', '있',
    '자', '장', '적', '전', '정', '제', '주', '지', '하', '한', '해', '했',
];

/// A set of BMP characters in `first..first + 64 * N`, one bit each: the common-character
/// tables as a single load and mask per decoded character (the guesser scores every one).
struct CharBits<const N: usize> {
    first: u16,
    bits: [u64; N],
}

impl<const N: usize> CharBits<N> {
    /// The set of `chars`, each in range (checked when the constant is evaluated).
    const fn of(first: u16, chars: &[char]) -> Self {
        let mut bits = [0u64; N];
        let mut i = 0;
        while i < chars.len() {
            let k = chars[i] as usize - first as usize;
            assert!(k < 64 * N, "a common character outside the bitmap");
            bits[k / 64] |= 1 << (k % 64);
            i += 1;
        }
        CharBits { first, bits }
    }

    #[inline]
    fn contains(&self, u: u16) -> bool {
        let k = usize::from(u.wrapping_sub(self.first));
        self.bits.get(k / 64).is_some_and(|w| w >> (k % 64) & 1 == 1)
    }
}

/// A set of ideographs U+4E00..U+9FFF.
type FrequentHan = CharBits<{ 0x5200 / 64 }>;

/// The frequent Chinese ideographs: GB2312's level 1 (the 3755 most frequent simplified
/// characters, GB bytes B0A1..D7F9) and Big5's frequent characters (5401 traditional ones,
/// A440..C67E), read from encoding_rs's own tables once. The standards ordered their
/// characters by frequency; a wrong reading of Chinese bytes lands mostly outside this set.
fn frequent_han() -> &'static FrequentHan {
    static SET: std::sync::OnceLock<FrequentHan> = std::sync::OnceLock::new();
    SET.get_or_init(|| {
        let mut set = CharBits { first: 0x4E00, bits: [0; 0x5200 / 64] };
        let mut add = |encoding: &'static Encoding,
                       leads: std::ops::RangeInclusive<u8>,
                       trails: &[std::ops::RangeInclusive<u8>]| {
            let mut decoder = encoding.new_decoder_without_bom_handling();
            let mut out = [0u16; 4];
            for lead in leads {
                for trail in trails.iter().flat_map(|r| r.clone()) {
                    let (_, _, written) =
                        decoder.decode_to_utf16_without_replacement(&[lead, trail], &mut out, false);
                    if let [u @ 0x4E00..=0x9FFF] = out[..written] {
                        let k = usize::from(u - 0x4E00);
                        set.bits[k / 64] |= 1 << (k % 64);
                    }
                }
            }
        };
        add(GB18030, 0xB0..=0xD7, &[0xA1..=0xFE]);
        add(BIG5, 0xA4..=0xC6, &[0x40..=0x7E, 0xA1..=0xFE]);
        set
    })
}

/// [`COMMON_ZH`] over the unified ideographs U+4E00..U+9FFF.
static COMMON_ZH_BITS: FrequentHan = CharBits::of(0x4E00, &COMMON_ZH);
/// [`COMMON_KO`] over the hangul syllables U+AC00..U+D7A3.
static COMMON_KO_BITS: CharBits<{ 0x2C00 / 64 }> = CharBits::of(0xAC00, &COMMON_KO);

#[derive(Clone, Copy, PartialEq, Eq)]
enum Lang {
    Zh,
    Ja,
    Ko,
}

/// Score GB18030, Big5, Shift_JIS, EUC-KR and EUC-JP on `sample` (which starts at a non-ASCII
/// byte) and return the best when it is plausible: each decoded non-ASCII character scores by
/// the [`score`] table, for the language of the candidate. The sample is read in steps of
/// [`score::STEP`] bytes, and reading stops as soon as the leader is [`score::MARGIN`] ahead,
/// or [`score::RATIO_MIN_LEAD`] ahead with [`score::RATIO`] times the second's score; a
/// candidate below [`score::DROP`] is no longer decoded. `None` when no candidate scores above
/// zero.
fn guess_cjk(sample: &[u8]) -> Option<&'static Encoding> {
    struct Candidate {
        encoding: &'static Encoding,
        lang: Lang,
        decoder: encoding_rs::Decoder,
        total: i64,
        chars: usize,
        errors: usize,
    }
    let mut cands = cjk_candidates().map(|(encoding, lang)| Candidate {
        encoding,
        lang,
        decoder: encoding.new_decoder_without_bom_handling(),
        total: 0,
        chars: 0,
        errors: 0,
    });
    let mut buf = [0u16; 512];
    let frequent = frequent_han();
    let mut from = 0;
    while from < sample.len() {
        let to = sample.len().min(from + score::STEP);
        for c in cands.iter_mut().filter(|c| c.total > score::OUT) {
            // Decoders keep their state across steps (`last` is false), so a character cut by
            // a step boundary is read whole.
            let mut pos = from;
            loop {
                let (res, read, written) =
                    c.decoder.decode_to_utf16_without_replacement(&sample[pos..to], &mut buf, false);
                pos += read;
                for &u in buf[..written].iter().filter(|&&u| u >= 0x80) {
                    c.chars += 1;
                    c.total += unit_score(c.lang, u, frequent);
                }
                match res {
                    DecoderResult::InputEmpty => break,
                    DecoderResult::OutputFull => {}
                    DecoderResult::Malformed(..) => {
                        c.total += score::ERROR;
                        c.errors += 1;
                        if c.errors > score::MAX_ERRORS + c.chars / 16 {
                            c.total = score::OUT; // hopeless
                            break;
                        }
                    }
                }
            }
        }
        from = to;
        for c in cands.iter_mut().filter(|c| c.total < score::DROP && c.chars >= score::MIN_CHARS) {
            c.total = score::OUT; // far behind any plausible reading: stop decoding it
        }
        // The lead of the best candidate over the second (no allocation).
        let (mut first, mut second) = (i64::MIN, i64::MIN);
        for c in &cands {
            if c.total > first {
                second = first;
                first = c.total;
            } else if c.total > second {
                second = c.total;
            }
        }
        let lead = first.saturating_sub(second);
        if lead >= score::MARGIN
            || lead >= score::RATIO_MIN_LEAD && first >= score::RATIO.saturating_mul(second)
        {
            break;
        }
    }
    let mut best: Option<&Candidate> = None;
    for c in &cands {
        if c.chars >= score::MIN_CHARS && c.total > 0 && best.is_none_or(|b| c.total > b.total) {
            best = Some(c);
        }
    }
    best.map(|c| c.encoding)
}

/// The score of one UTF-16 code unit of decoded text (a surrogate, half of a supplementary
/// ideograph in practice, scores half an ideograph). `frequent` is [`frequent_han`].
#[inline]
fn unit_score(lang: Lang, u: u16, frequent: &FrequentHan) -> i64 {
    // The frequent cases first: an ideograph, a hangul syllable, kana.
    match (lang, u) {
        (Lang::Zh, 0x4E00..=0x9FFF) if !frequent.contains(u) => score::RARE_HAN,
        (Lang::Zh, 0x4E00..=0x9FFF) => {
            score::GOOD + if COMMON_ZH_BITS.contains(u) { score::COMMON } else { 0 }
        }
        (Lang::Zh, 0x3400..=0x4DBF | 0x3005..=0x3007) => score::GOOD,
        (Lang::Ja, 0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0x3005..=0x3007) => score::KANJI,
        (Lang::Ja, 0x3041..=0x30FF) => score::GOOD + if u <= 0x3096 { score::COMMON } else { 0 },
        (Lang::Ko, 0xAC00..=0xD7A3) => {
            score::GOOD + if COMMON_KO_BITS.contains(u) { score::COMMON } else { 0 }
        }
        (Lang::Ko, 0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0x3005..=0x3007) => score::HANJA,
        (Lang::Zh | Lang::Ja, 0xD800..=0xDFFF) => score::GOOD / 2,
        (
            _,
            0x3000..=0x3004
            | 0x3008..=0x303F
            | 0xFF01..=0xFF60
            | 0xFFE0..=0xFFE6
            | 0x2010..=0x2027
            | 0x2030..=0x203B
            | 0x00B7
            | 0x00D7
            | 0x2460..=0x24FF
            | 0x25A0..=0x25FF
            | 0x2605
            | 0x2606
            | 0xFE10..=0xFE19
            | 0xFE30..=0xFE4F,
        ) => score::GOOD,
        _ => score::ODD,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ZH_HANS: &str = "本报讯 记者 王晓东\n市政府昨天召开新闻发布会，介绍今年城市建设的进展情况。\r\n据了解，全市\u{3000}新建道路三十公里，改造老旧小区一百个。€ 𠀋\n";
    const ZH_HANT: &str = "本報訊 記者 陳美玲\n市政府昨日舉行記者會，說明今年城市建設的進度。\n據了解，全市新建道路三十公里，並改造老舊社區一百處。\n";
    const JA: &str = "市議会で新しい予算案が可決された\n記者 山田太郎\n市は来年度から、子どもの医療費を無料にする方針を明らかにした。ｶﾀｶﾅも。\n";
    const KO: &str = "시의회, 새 예산안 통과\n김민수 기자\n시는 내년부터 어린이 의료비를 무료로 한다고 밝혔다. 이번 결정은 시민들의 큰 관심을 받고 있다.\n";

    fn forced(enc: &'static Encoding) -> Options {
        Options { encoding: Some(enc), ..Options::default() }
    }

    /// Encode `s`, or `None` when `enc` cannot encode all of it. UTF-16 by hand.
    fn encode(enc: &'static Encoding, s: &str) -> Option<Vec<u8>> {
        if enc == UTF_16LE {
            return Some(s.encode_utf16().flat_map(u16::to_le_bytes).collect());
        }
        if enc == UTF_16BE {
            return Some(s.encode_utf16().flat_map(u16::to_be_bytes).collect());
        }
        let (bytes, _, unmappable) = enc.encode(s);
        // ISO-2022-JP writes half-width katakana as full-width ones without saying so.
        (!unmappable && enc.decode_without_bom_handling(&bytes).0 == s).then(|| bytes.into_owned())
    }

    const ALL: [&Encoding; 11] = [
        UTF_8,
        GB18030,
        BIG5,
        SHIFT_JIS,
        EUC_KR,
        EUC_JP,
        UTF_16LE,
        UTF_16BE,
        ISO_2022_JP,
        encoding_rs::WINDOWS_1252,
        encoding_rs::KOI8_R,
    ];

    /// Check `to_input` at every char boundary of a decoded valid text: the input offset is
    /// the sum of the encoded lengths of the characters before it.
    fn check_valid(enc: &'static Encoding, s: &str) {
        let Some(input) = encode(enc, s) else { return };
        let d = decode(&input, &forced(enc)).unwrap();
        assert_eq!(d.text, s, "{}", enc.name());
        assert!(!d.had_errors());
        let bounds: Vec<usize> = s.char_indices().map(|(i, _)| i).chain([s.len()]).collect();
        let mut expected = Vec::new();
        if enc == ISO_2022_JP {
            // Stateful: the prefix's encoding, less its final escape back to ASCII.
            for &b in &bounds {
                let (p, _, _) = enc.encode(&s[..b]);
                let mut n = p.len();
                if p.ends_with(b"\x1b(B") && !s[..b].is_ascii() {
                    n -= 3;
                }
                expected.push(n);
            }
            *expected.last_mut().unwrap() = input.len();
        } else {
            let mut n = 0;
            for (i, c) in s.char_indices() {
                let _ = i;
                expected.push(n);
                n += encode(enc, c.encode_utf8(&mut [0; 4])).unwrap().len();
            }
            expected.push(n);
        }
        // Forward, backward, and in a scrambled order (the cursor must not matter).
        let n = bounds.len();
        let order: Vec<usize> = (0..n).chain((0..n).rev()).chain((0..n).map(|i| (i * 7 + 3) % n)).collect();
        for i in order {
            assert_eq!(d.to_input(&input, bounds[i]), expected[i], "{} at {}", enc.name(), bounds[i]);
        }
        // Every span slices the input to its text.
        if enc != ISO_2022_JP {
            for a in 0..n {
                for b in a..n.min(a + 6) {
                    let (x, y) = (d.to_input(&input, bounds[a]), d.to_input(&input, bounds[b]));
                    let (got, _) = enc.decode_without_bom_handling(&input[x..y]);
                    assert_eq!(got, &s[bounds[a]..bounds[b]], "{}", enc.name());
                }
            }
        }
    }

    #[test]
    fn valid_text_maps_every_boundary() {
        let samples = [
            ZH_HANS,
            ZH_HANT,
            JA,
            KO,
            "",
            "a",
            "\n",
            "\r\n\r",
            "ab\ncd",
            "\u{0}x\u{7}\u{c}y\r",
            "€€\u{80}",
            "中\n\n文\u{feff}字",
            "\u{3000}\u{3000}标题\n",
            "𠀋𠀋a𠀋\n𠀋",
            "Ê̄Ê̌ê̄ê̌ Ê ̄",
            "ｶﾀｶﾅ\nｶ",
            "Grüße — “quoted”",
            "Привет, мир",
        ];
        for enc in ALL {
            for s in samples {
                check_valid(enc, s);
            }
        }
    }

    #[test]
    fn big5_pairs_map_to_whole_pair() {
        let input = [b'a', 0x88, 0x62, b'b'];
        let d = decode(&input, &forced(BIG5)).unwrap();
        assert_eq!(d.text, "aÊ\u{304}b");
        assert_eq!(d.to_input(&input, 1), 1);
        assert_eq!(d.to_input(&input, 3), 3); // between the two code points: end of the pair
        assert_eq!(d.to_input(&input, 5), 3);
        assert_eq!(d.to_input(&input, 6), 4);
    }

    /// The reference map: decode a byte at a time; after each error restart a fresh decoder at
    /// the first byte it must read again (the Encoding Standard's "prepend to stream").
    fn oracle(enc: &'static Encoding, body: &[u8]) -> (String, Vec<(usize, usize)>) {
        let mut dec = enc.new_decoder_without_bom_handling();
        let mut out = String::new();
        let mut map = vec![(0, 0)];
        let mut pos = 0;
        loop {
            let last = pos == body.len();
            let chunk = &body[pos..(pos + 1).min(body.len())];
            out.reserve(32);
            let before = out.len();
            let (res, read) = dec.decode_to_string_without_replacement(chunk, &mut out, last);
            pos += read;
            match res {
                DecoderResult::InputEmpty => {
                    for (i, c) in out[before..].char_indices() {
                        map.push((before + i + c.len_utf8(), pos));
                    }
                    if last {
                        break;
                    }
                }
                DecoderResult::OutputFull => unreachable!(),
                DecoderResult::Malformed(bad, later) => {
                    let end = pos - later as usize;
                    let start = end - bad as usize;
                    for (i, c) in out[before..].char_indices() {
                        map.push((before + i + c.len_utf8(), start));
                    }
                    out.push('\u{FFFD}');
                    map.push((out.len(), end));
                    dec = enc.new_decoder_without_bom_handling();
                    pos = end;
                }
            }
        }
        // Where several characters end at one input offset only the last is a real boundary
        // for a unit; the first characters of a Big5 pair map to the pair's end already.
        (out, map)
    }

    /// A small deterministic generator (xorshift).
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
            xs[(self.next() % xs.len() as u64) as usize]
        }
    }

    /// Bytes that exercise each encoding's lead and trail ranges, ASCII, line ends and errors.
    const ALPHABET: [u8; 28] = [
        b'a', b'0', b'5', b'\n', b'\r', 0x00, b'@', b'b', 0x7F, 0x80, 0x81, 0x82, 0x88, 0x8E, 0x8F, 0x9F,
        0xA0, 0xA1, 0xA4, 0xB0, 0xC8, 0xD6, 0xDF, 0xE0, 0xEF, 0xF0, 0xFE, 0xFF,
    ];

    #[test]
    fn malformed_input_matches_the_reference_map() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for enc in ALL {
            if enc == ISO_2022_JP {
                continue; // stateful: the restart reference does not hold (see the module docs)
            }
            for round in 0..3000 {
                let len = (rng.next() % 24) as usize;
                let mut body: Vec<u8> = (0..len).map(|_| rng.pick(&ALPHABET)).collect();
                if round % 3 == 0 {
                    // Valid text around the noise.
                    let mut v = encode(enc, "中文\n").unwrap_or_default();
                    v.extend_from_slice(&body);
                    v.extend(encode(enc, "字").unwrap_or_default());
                    body = v;
                }
                if Encoding::for_bom(&body).is_some() {
                    body.insert(0, b'a'); // a BOM would override the forced encoding
                }
                let (want_text, want_map) = oracle(enc, &body);
                let (real, _) = enc.decode_without_bom_handling(&body);
                assert_eq!(want_text, real, "reference decode differs: {} {:02X?}", enc.name(), body);
                let d = decode(&body, &forced(enc)).unwrap();
                assert_eq!(d.text, want_text, "{} {:02X?}", enc.name(), body);
                // (The alphabet cannot spell a real U+FFFD in any of these encodings.)
                assert_eq!(d.had_errors(), want_text.contains('\u{FFFD}'), "{} {:02X?}", enc.name(), body);
                for &(t, i) in want_map.iter().chain(want_map.iter().rev()) {
                    let mid_pair = enc == BIG5
                        && want_map.iter().any(|&(t2, i2)| t2 > t && i2 == i)
                        && d.text[t..].starts_with(['\u{304}', '\u{30C}']);
                    if mid_pair {
                        continue;
                    }
                    assert_eq!(
                        d.to_input(&body, t),
                        i,
                        "{} {:02X?} text {:?} at {}",
                        enc.name(),
                        body,
                        d.text,
                        t
                    );
                }
            }
        }
    }

    #[test]
    fn malformed_cases_by_hand() {
        // GB18030: a lone lead before `\n`, a broken 4-byte sequence, 0xFF, truncated end.
        let input = b"\x81\nA\x81\x30\x81\x20\xD6\xD0\xFF\x81\x30";
        let d = decode(input, &forced(GB18030)).unwrap();
        assert_eq!(d.text, "\u{FFFD}\nA\u{FFFD}0\u{FFFD} 中\u{FFFD}\u{FFFD}");
        assert!(d.had_errors());
        let want =
            [(0, 0), (3, 1), (4, 2), (5, 3), (8, 4), (9, 5), (12, 6), (13, 7), (16, 9), (19, 10), (22, 12)];
        for (t, i) in want {
            assert_eq!(d.to_input(input, t), i, "at {t}");
        }
        // UTF-16LE: an unpaired high surrogate, an unpaired low one, an odd last byte.
        let input = [0x3D, 0xD8, b'a', 0, 0x00, 0xDC, 0x2D, 0x4E, b'x'];
        let d = decode(&input, &forced(UTF_16LE)).unwrap();
        assert_eq!(d.text, "\u{FFFD}a\u{FFFD}中\u{FFFD}");
        for (t, i) in [(0, 0), (3, 2), (4, 4), (7, 6), (10, 8), (13, 9)] {
            assert_eq!(d.to_input(&input, t), i, "at {t}");
        }
        // UTF-8 with a bad byte before `\n` and a truncated sequence at the end.
        let input = b"ab\xE4\xB8\nc\xFF\xE4";
        let d = decode(input, &forced(UTF_8)).unwrap();
        assert_eq!(d.text, "ab\u{FFFD}\nc\u{FFFD}\u{FFFD}");
        for (t, i) in [(2, 2), (5, 4), (6, 5), (7, 6), (10, 7), (13, 8)] {
            assert_eq!(d.to_input(input, t), i, "at {t}");
        }
        // Shift_JIS: a lead byte before an ASCII byte keeps the ASCII byte.
        let input = b"\x82 \x82\xA0x";
        let d = decode(input, &forced(SHIFT_JIS)).unwrap();
        assert_eq!(d.text, "\u{FFFD} あx");
        assert_eq!(d.to_input(input, 3), 1);
        assert_eq!(d.to_input(input, 4), 2);
        assert_eq!(d.to_input(input, 7), 4);
    }

    #[test]
    fn strict_mode_reports_the_first_malformed_byte() {
        let strict = |enc| Options { encoding: Some(enc), strict: true, ..Options::default() };
        let cases: [(&Encoding, &[u8], usize); 8] = [
            (UTF_8, b"ok \xE4\xB8\xAD \xFF x", 7),
            (UTF_8, b"\xEF\xBB\xBFab\xC3", 5),
            (GB18030, b"\xD6\xD0\xCE\xC4\x81\x30\x81\x20", 4),
            (GB18030, b"ab\xFF", 2),
            (BIG5, b"\xA4\xA4\x80", 2),
            (SHIFT_JIS, b"\x82\xA0\x82", 2),
            (EUC_KR, b"\xB0\xA1\xB0\x20", 2),
            (UTF_16LE, b"\xFF\xFEa\x00\x00\xDC", 4),
        ];
        for (enc, input, offset) in cases {
            match decode(input, &strict(enc)) {
                Err(Error::Malformed { encoding, offset: o }) => {
                    assert_eq!((encoding, o), (enc.name(), offset), "{:02X?}", input)
                }
                Err(e) => panic!("{e}"),
                Ok(d) => panic!("decoded {:?}", d.text),
            }
        }
        // Not strict: the same inputs decode with replacements.
        let d = decode(b"ok \xE4\xB8\xAD \xFF x", &forced(UTF_8)).unwrap();
        assert_eq!(d.text, "ok 中 \u{FFFD} x");
        assert!(d.had_errors());
        // Strict mode is silent on valid input.
        assert!(decode("中文".as_bytes(), &strict(UTF_8)).is_ok());
    }

    #[test]
    fn byte_order_marks() {
        let cases: [(&[u8], &Encoding, usize); 3] = [
            (b"\xEF\xBB\xBFab", UTF_8, 3),
            (b"\xFF\xFEa\x00b\x00", UTF_16LE, 2),
            (b"\xFE\xFF\x00a\x00b", UTF_16BE, 2),
        ];
        for (input, enc, skip) in cases {
            // Detected, forced to the same encoding, and forced to another one: the BOM wins.
            for opts in [Options::default(), forced(enc), forced(GB18030), forced(SHIFT_JIS)] {
                let d = decode(input, &opts).unwrap();
                assert_eq!(d.encoding, enc);
                assert_eq!(d.text, "ab");
                assert_eq!(d.to_input(input, 0), skip);
                assert_eq!(d.to_input(input, 1), skip + (input.len() - skip) / 2);
                assert_eq!(d.to_input(input, 2), input.len());
            }
        }
        // Borrowed after a UTF-8 BOM: the text starts at 3.
        let d = decode(b"\xEF\xBB\xBFab", &Options::default()).unwrap();
        assert!(matches!(d.text, Cow::Borrowed(_)));
        assert_eq!(d.text_offset, 3);
        // Only a leading BOM is one: U+FEFF inside the text stays.
        let d = decode("a\u{feff}b".as_bytes(), &Options::default()).unwrap();
        assert_eq!(d.text, "a\u{feff}b");
        // A BOM alone is an empty page.
        let d = decode(b"\xFF\xFE", &Options::default()).unwrap();
        assert_eq!((d.text.as_ref(), d.to_input(b"\xFF\xFE", 0)), ("", 2));
    }

    #[test]
    fn empty_control_and_line_end_bytes_pass_through() {
        let d = decode(b"", &Options::default()).unwrap();
        assert_eq!((d.encoding, d.text.as_ref(), d.had_errors()), (UTF_8, "", false));
        assert_eq!(d.to_input(b"", 0), 0);
        for enc in [GB18030, BIG5, UTF_16LE] {
            let d = decode(b"", &forced(enc)).unwrap();
            assert_eq!(d.text, "");
        }
        let input = b"a\0b\x01\x0C\r\nc\rd\x7F";
        for enc in [UTF_8, GB18030, BIG5, SHIFT_JIS, EUC_KR] {
            let d = decode(input, &forced(enc)).unwrap();
            assert_eq!(d.text, "a\0b\u{1}\u{c}\r\nc\rd\u{7f}", "{}", enc.name());
            assert!(matches!(d.text, Cow::Borrowed(_)), "ASCII is borrowed");
            assert_eq!(d.to_input(input, 8), 8);
        }
        // The same next to CJK text, decoded.
        let mut gb = GB18030.encode("中\r文\0\n").0.into_owned();
        gb.extend_from_slice(b"\x0C");
        let d = decode(&gb, &forced(GB18030)).unwrap();
        assert_eq!(d.text, "中\r文\0\n\u{c}");
        assert_eq!(d.to_input(&gb, 3), 2);
        assert_eq!(d.to_input(&gb, 4), 3);
        assert_eq!(d.to_input(&gb, 7), 5);
        assert_eq!(d.to_input(&gb, 9), 7);
    }

    #[test]
    fn gbk_is_reported_as_gb18030() {
        let input = GB18030.encode(&format!("{ZH_HANS} €")).0.into_owned();
        let d = decode(&input, &forced(GBK)).unwrap();
        assert_eq!(d.encoding.name(), "gb18030");
        let d = decode(&input, &Options::default()).unwrap();
        assert_eq!(d.encoding.name(), "gb18030");
    }

    fn detected(input: &[u8]) -> &'static str {
        decode(input, &Options::default()).unwrap().encoding.name()
    }

    #[test]
    fn detection_picks_the_encoding() {
        assert_eq!(detected(ZH_HANS.as_bytes()), "UTF-8");
        assert_eq!(detected(&GB18030.encode(ZH_HANS).0), "gb18030");
        assert_eq!(detected(&GB18030.encode(ZH_HANT).0), "gb18030");
        assert_eq!(detected(&BIG5.encode(ZH_HANT).0), "Big5");
        assert_eq!(detected(&SHIFT_JIS.encode(JA).0), "Shift_JIS");
        assert_eq!(detected(&EUC_JP.encode(JA).0), "EUC-JP");
        assert_eq!(detected(&EUC_KR.encode(KO).0), "EUC-KR");
        // A Western page in windows-1252 goes to chardetng.
        let en = "The council\u{2019}s \u{201C}new\u{201D} budget \u{2014} passed on Tuesday, \
                  said Mayor Jos\u{e9} Mu\u{f1}oz, who called it \u{201C}a fair deal.\u{201D}\n";
        assert_eq!(detected(&encoding_rs::WINDOWS_1252.encode(en).0), "windows-1252");
    }

    #[test]
    fn detection_survives_damage() {
        // A UTF-8 page with one bad byte stays UTF-8, its text kept around a U+FFFD.
        let mut input = ZH_HANS.as_bytes().to_vec();
        input.insert(20, 0xFF);
        let d = decode(&input, &Options::default()).unwrap();
        assert_eq!(d.encoding, UTF_8);
        assert_eq!(d.text.matches('\u{FFFD}').count(), 1);
        // A GB18030 page with a stray byte, or cut in the middle of a character.
        let mut gb = GB18030.encode(ZH_HANS).0.into_owned();
        gb.insert(10, 0xFF);
        assert_eq!(detected(&gb), "gb18030");
        let gb = GB18030.encode(ZH_HANS).0.into_owned();
        let cut = &gb[..gb.len() - 3];
        assert_eq!(detected(cut), "gb18030");
        let big5 = BIG5.encode(ZH_HANT).0.into_owned();
        assert_eq!(detected(&big5[..big5.len() - 2]), "Big5");
    }

    #[test]
    fn damaged_utf8_stays_utf8_and_counts_its_damage() {
        // Ten stray bytes (overwritten, inserted) in a Chinese page: UTF-8, ten replacements,
        // every other character and offset intact.
        let page = ZH_HANS.repeat(4);
        let mut input = page.as_bytes().to_vec();
        let spots: Vec<usize> = page.match_indices(['，', '。', '\n']).map(|(i, _)| i).take(10).collect();
        for &i in spots.iter().rev() {
            input.insert(i, 0xFF);
        }
        let d = decode(&input, &Options::default()).unwrap();
        assert_eq!(d.encoding, UTF_8);
        assert_eq!((d.replaced, d.first_replaced), (10, Some(spots[0])));
        assert_eq!(d.text.replace('\u{FFFD}', ""), page);
        // Cut in the middle of its last character: one replacement, at the end.
        let last = ZH_HANS.len() - 1 - '𠀋'.len_utf8(); // the page ends "𠀋\n"
        for cut in 1..=3 {
            let input = &ZH_HANS.as_bytes()[..ZH_HANS.len() - 1 - cut];
            let d = decode(input, &Options::default()).unwrap();
            assert_eq!(d.encoding, UTF_8, "cut {cut}");
            assert_eq!(d.replaced, 1, "cut {cut}");
            assert_eq!(d.first_replaced, Some(last));
            assert!(d.text.ends_with('\u{FFFD}'));
        }
        // An English page with stray high bytes and no other non-ASCII character: no evidence
        // for a legacy encoding, so UTF-8 with replacements.
        let en = "The council voted on Tuesday to close the bridge for repairs.\n".repeat(8);
        let mut input = en.into_bytes();
        for (k, b) in [0x9F_u8, 0xC3, 0xE9, 0x85, 0xFE].into_iter().enumerate() {
            input[40 + k * 97] = b;
        }
        let d = decode(&input, &Options::default()).unwrap();
        assert_eq!((d.encoding, d.replaced), (UTF_8, 5));
    }

    #[test]
    fn legacy_text_still_wins_on_its_own_evidence() {
        // Latin text in windows-1252 (accents in words, curly quotes, a dash), Cyrillic in
        // KOI8-R and windows-1251 (runs of non-ASCII bytes), Chinese in GB18030 with damage.
        let en = "The caf\u{e9}\u{2019}s owner, Jos\u{e9} Mu\u{f1}oz \u{2014} \u{201C}a fair deal\u{201D}, he said.\n";
        assert_eq!(detected(&encoding_rs::WINDOWS_1252.encode(en).0), "windows-1252");
        let ru = "Городской совет во вторник проголосовал за закрытие моста на ремонт.\n";
        assert!(detected(&encoding_rs::KOI8_R.encode(ru).0).starts_with("KOI8"));
        assert_eq!(detected(&encoding_rs::WINDOWS_1251.encode(ru).0), "windows-1251");
        let mut gb = GB18030.encode(&ZH_HANS.repeat(3)).0.into_owned();
        for i in [5, 40, 90, 150] {
            gb[i] = 0xFF;
        }
        assert_eq!(detected(&gb), "gb18030");
    }

    #[test]
    fn utf16_without_a_bom() {
        for (enc, big) in [(UTF_16LE, false), (UTF_16BE, true)] {
            for s in [ZH_HANS, ZH_HANT, "Headline\n\nBy Dana Whitcomb\nThe council voted on Tuesday.\n"] {
                let units = s.encode_utf16();
                let mut input: Vec<u8> =
                    units.flat_map(|u| if big { u.to_be_bytes() } else { u.to_le_bytes() }).collect();
                let d = decode(&input, &Options::default()).unwrap();
                assert_eq!((d.encoding, d.text.as_ref()), (enc, s));
                // A BOM with one byte overwritten: still that UTF-16, the byte replaced.
                input.splice(0..0, if big { [0xFE, 0x00] } else { [0x00, 0xFE] });
                let d = decode(&input, &Options::default()).unwrap();
                assert_eq!(d.encoding, enc, "{s:?}");
            }
        }
        // Text in other encodings has no zero bytes to speak of; a few NULs in UTF-8 stay text.
        assert_eq!(detected(b"\0\0\0\nabc\0def\n\0\n\n\0"), "UTF-8");
        assert_eq!(detected("晚报讯\0 今天\0\n\n\0第二段。\0\n".as_bytes()), "UTF-8");
    }

    #[test]
    fn forced_iso_2022_jp_and_single_byte() {
        let s = "記者 山田\nカタカナ abc\n";
        let input = ISO_2022_JP.encode(s).0.into_owned();
        let d = decode(&input, &forced(ISO_2022_JP)).unwrap();
        assert_eq!(d.text, s);
        let d = decode(b"caf\xE9", &forced(encoding_rs::WINDOWS_1252)).unwrap();
        assert_eq!(d.text, "café");
        assert_eq!(d.to_input(b"caf\xE9", 5), 4);
    }

    #[test]
    fn replacement_encoding_is_refused() {
        let opts = Options { encoding: Some(REPLACEMENT), ..Options::default() };
        assert!(matches!(decode(b"x", &opts), Err(Error::UnsupportedEncoding(_))));
    }

    #[test]
    fn common_character_tables_are_sorted() {
        assert!(COMMON_ZH.windows(2).all(|w| w[0] < w[1]));
        assert!(COMMON_KO.windows(2).all(|w| w[0] < w[1]));
        // The bitmaps hold exactly the tables.
        let zh = (0x4E00..=0x9FFF_u16).filter(|&u| COMMON_ZH_BITS.contains(u)).count();
        assert_eq!(zh, COMMON_ZH.len());
        assert!(COMMON_ZH.iter().all(|&c| COMMON_ZH_BITS.contains(c as u16)));
        assert!(COMMON_KO.iter().all(|&c| COMMON_KO_BITS.contains(c as u16)));
        let ko = (0..=u16::MAX).filter(|&u| COMMON_KO_BITS.contains(u)).count();
        assert_eq!(ko, COMMON_KO.len());
        assert!(!COMMON_ZH_BITS.contains(0x4DFF) && !COMMON_ZH_BITS.contains(0xFFFF));
        // The frequent ideographs: GB2312 level 1 and Big5's frequent set, the common ones
        // among them; a rare one (U+9F98, 龘) is not.
        let frequent = (0x4E00..=0x9FFF_u16).filter(|&u| frequent_han().contains(u)).count();
        assert!((6000..7500).contains(&frequent), "{frequent}");
        assert!(COMMON_ZH.iter().all(|&c| frequent_han().contains(c as u16)));
        assert!(['中', '國', '国', '報', '报'].iter().all(|&c| frequent_han().contains(c as u16)));
        assert!(!frequent_han().contains(0x9F98));
    }
}
