//! Stage 0: bytes → UTF-8 text, and the way back from text offsets to input offsets.
//!
//! Valid UTF-8 input is borrowed as it is (after a BOM, if any): no copy is made and text
//! offsets are input offsets shifted by the BOM. Any other input is decoded with encoding_rs
//! into one owned `String`, and an [`OffsetMap`] maps text offsets back to input offsets.
//!
//! The map relies on one property shared by every ASCII-compatible encoding encoding_rs
//! decodes: a `\n` byte is never part of a multi-byte sequence and always decodes to exactly
//! one `\n` (a malformed lead byte before it becomes U+FFFD and the `\n` is read again). So the
//! k-th line of the text comes from the k-th line of the input; an offset inside a line is found
//! by decoding that line's bytes one at a time. UTF-16 maps by arithmetic on code units.

use std::borrow::Cow;

use encoding_rs::{DecoderResult, Encoding, UTF_8, UTF_16BE, UTF_16LE};

use crate::error::Error;
use crate::options::Options;

/// The decoded page.
pub(crate) struct Decoded<'a> {
    pub encoding: &'static Encoding,
    pub text: Cow<'a, str>,
    /// For borrowed text: where the text starts in the input (3 after a UTF-8 BOM).
    pub text_offset: usize,
    pub had_errors: bool,
    map: OffsetMap,
}

enum OffsetMap {
    /// Input offset = text offset + the shift.
    Shift(usize),
    /// UTF-16: code units of 2 bytes after a BOM of `bom` bytes.
    Utf16 { bom: usize },
    /// ASCII-compatible encodings: line starts in input and text.
    Lines { bom: usize, input_lines: Vec<usize>, text_lines: Vec<usize> },
}

impl<'a> Decoded<'a> {
    /// The input offset of the text offset `t` (a char boundary of the text).
    pub fn to_input(&self, input: &[u8], t: usize) -> usize {
        match &self.map {
            OffsetMap::Shift(s) => t + s,
            OffsetMap::Utf16 { bom } => {
                let text = &self.text[..t.min(self.text.len())];
                let mut n = *bom;
                for ch in text.chars() {
                    n += if (ch as u32) > 0xFFFF { 4 } else { 2 };
                }
                n.min(input.len())
            }
            OffsetMap::Lines { bom, input_lines, text_lines } => {
                // The line holding `t`: last line start <= t.
                let k = text_lines.partition_point(|&s| s <= t).saturating_sub(1);
                let line_text_start = text_lines[k];
                let line_input_start = input_lines[k] + bom;
                let within = t - line_text_start;
                if within == 0 {
                    return line_input_start;
                }
                // Decode the input line a byte at a time until `within` text bytes came out.
                let line_end = input_lines
                    .get(k + 1)
                    .map(|&e| e + bom)
                    .unwrap_or(input.len());
                let mut decoder = self.encoding.new_decoder_without_bom_handling();
                let mut produced = 0usize;
                let mut buf = [0u8; 16];
                let mut pos = line_input_start;
                while pos < line_end && produced < within {
                    let (_res, read, written, _) =
                        decoder.decode_to_utf8(&input[pos..pos + 1], &mut buf, false);
                    pos += read;
                    produced += written;
                    if read == 0 {
                        break;
                    }
                }
                pos
            }
        }
    }
}

/// Decode `input` according to `options`.
pub(crate) fn decode<'a>(input: &'a [u8], options: &Options) -> Result<Decoded<'a>, Error> {
    let (bom_enc, bom_len) = match Encoding::for_bom(input) {
        Some((e, n)) => (Some(e), n),
        None => (None, 0),
    };
    let encoding = match (options.encoding, bom_enc) {
        (Some(forced), _) => forced,
        (None, Some(e)) => e,
        (None, None) => detect(input),
    };
    // A BOM is only skipped when it agrees with the encoding used.
    let skip = if bom_enc == Some(encoding) { bom_len } else { 0 };
    let body = &input[skip..];

    if encoding == UTF_8 {
        let valid = Encoding::utf8_valid_up_to(body);
        if valid == body.len() {
            // Valid: borrow as is.
            let text = std::str::from_utf8(body).expect("validated above");
            return Ok(Decoded {
                encoding,
                text: Cow::Borrowed(text),
                text_offset: skip,
                had_errors: false,
                map: OffsetMap::Shift(skip),
            });
        }
        if options.strict {
            return Err(Error::Malformed { encoding: encoding.name(), offset: skip + valid });
        }
    }

    let (text, had_errors) = decode_owned(encoding, body, options.strict, skip)?;
    let map = if encoding == UTF_16LE || encoding == UTF_16BE {
        OffsetMap::Utf16 { bom: skip }
    } else {
        let mut input_lines = vec![0];
        input_lines.extend(memchr::memchr_iter(b'\n', body).map(|i| i + 1));
        let mut text_lines = vec![0];
        text_lines.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        debug_assert_eq!(input_lines.len(), text_lines.len());
        if input_lines.len() != text_lines.len() {
            // Never expected for the encodings encoding_rs decodes; fall back to one line.
            input_lines.truncate(1);
            text_lines.truncate(1);
        }
        OffsetMap::Lines { bom: skip, input_lines, text_lines }
    };
    Ok(Decoded { encoding, text: Cow::Owned(text), text_offset: 0, had_errors, map })
}

fn decode_owned(
    encoding: &'static Encoding,
    body: &[u8],
    strict: bool,
    skip: usize,
) -> Result<(String, bool), Error> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    if strict {
        let cap = decoder
            .max_utf8_buffer_length_without_replacement(body.len())
            .unwrap_or(body.len().saturating_mul(3));
        let mut out = String::with_capacity(cap);
        let (res, read) = decoder.decode_to_string_without_replacement(body, &mut out, true);
        return match res {
            DecoderResult::InputEmpty => Ok((out, false)),
            DecoderResult::Malformed(bad, later) => Err(Error::Malformed {
                encoding: encoding.name(),
                offset: skip + read - bad as usize - later as usize,
            }),
            DecoderResult::OutputFull => unreachable!("capacity was reserved"),
        };
    }
    let cap = decoder.max_utf8_buffer_length(body.len()).unwrap_or(body.len().saturating_mul(3));
    let mut out = String::with_capacity(cap);
    let (_res, _read, had_errors) = decoder.decode_to_string(body, &mut out, true);
    Ok((out, had_errors))
}

/// Guess the encoding of BOM-less input: UTF-8 when valid, else chardetng's guess.
fn detect(input: &[u8]) -> &'static Encoding {
    if Encoding::utf8_valid_up_to(input) == input.len() {
        return UTF_8;
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(input, true);
    det.guess(None, chardetng::Utf8Detection::Deny)
}
