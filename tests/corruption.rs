//! Encoding detection on damaged pages: a corpus built here, from the project's own pages
//! (`examples/pages/`, `tests/fixtures/`), each in several encodings with 1, 3, 10, 30 and 100
//! random byte corruptions (a byte overwritten, lost, added, or the end of the file cut in the
//! middle of a character), from a fixed-seed generator.
//!
//! For every damaged copy:
//! - every invariant of the one checker (`fuzz/src/check.rs`: spans in bounds and honest,
//!   leaves tiling the page, the tree, determinism) holds;
//! - when at most 1 % of its bytes were corrupted, the detected encoding is the original one
//!   (UTF-8, GB18030, UTF-16LE with its BOM);
//! - when detected right, the document's count of replaced sequences is the number of U+FFFD
//!   in its text, and the bytes before the first one decode cleanly.
//!
//! The test prints the table of how often detection is right at each level (`cargo test --test
//! corruption -- --nocapture`), also beyond 1 %, and for UTF-16BE without a BOM, which is
//! measured but not required (a byte lost or added shifts every code unit after it).
//!
//! A byte added to or lost from a UTF-16 BOM itself shifts the whole page by one byte (see
//! `src/text/decode.rs`): such a corruption is moved just past the BOM. Overwritten BOM bytes
//! stay, and the sniffer must still find the page's UTF-16.

#[path = "../fuzz/src/check.rs"]
#[allow(dead_code)]
mod check;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use check::{Outcome, parse_and_check};
use encoding_rs::Encoding;
use newspan::{Document, Options};

/// Corruptions per page, the levels of the table.
const LEVELS: [usize; 5] = [1, 3, 10, 30, 100];
/// Damaged copies per page, form and level.
const REPEATS: usize = 5;
/// The generator's seed.
const SEED: u64 = 0x636f_7272_7570_7421;

/// SplitMix64: the same corpus on every run and every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// An encoded form of a page.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Form {
    Utf8,
    Gb18030,
    Utf16LeBom,
    /// Measured, not required.
    Utf16BeNoBom,
}

impl Form {
    const ALL: [Form; 4] = [Form::Utf8, Form::Gb18030, Form::Utf16LeBom, Form::Utf16BeNoBom];

    /// The name `Document::encoding` must give.
    fn name(self) -> &'static str {
        match self {
            Form::Utf8 => "UTF-8",
            Form::Gb18030 => "gb18030",
            Form::Utf16LeBom => "UTF-16LE",
            Form::Utf16BeNoBom => "UTF-16BE",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Form::Utf8 => "UTF-8",
            Form::Gb18030 => "GB18030",
            Form::Utf16LeBom => "UTF-16LE + BOM",
            Form::Utf16BeNoBom => "UTF-16BE, no BOM",
        }
    }

    fn required(self) -> bool {
        self != Form::Utf16BeNoBom
    }

    /// Bytes of BOM.
    fn bom(self) -> usize {
        if self == Form::Utf16LeBom { 2 } else { 0 }
    }

    /// The page in this form, when the form applies: GB18030 only for Chinese pages (an
    /// English page in GB18030 is the same ASCII bytes as in UTF-8).
    fn encode(self, text: &str) -> Option<Vec<u8>> {
        match self {
            Form::Utf8 => Some(text.as_bytes().to_vec()),
            Form::Gb18030 => {
                let cjk = text.chars().filter(|&c| ('\u{4E00}'..='\u{9FFF}').contains(&c)).count();
                let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
                (cjk >= 50 && !unmappable).then(|| bytes.into_owned())
            }
            Form::Utf16LeBom => {
                Some([0xFEFFu16].into_iter().chain(text.encode_utf16()).flat_map(u16::to_le_bytes).collect())
            }
            Form::Utf16BeNoBom => Some(text.encode_utf16().flat_map(u16::to_be_bytes).collect()),
        }
    }

    fn encoding(self) -> &'static Encoding {
        Encoding::for_label(self.name().as_bytes()).unwrap()
    }
}

/// The project's pages, as text.
fn pages() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in ["examples/pages", "tests/fixtures"] {
        let mut paths: Vec<PathBuf> = fs::read_dir(root.join(dir))
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        paths.sort();
        for p in paths {
            let text = fs::read_to_string(&p).unwrap();
            assert!(!text.contains('\u{FFFD}'), "{}: a page must not hold U+FFFD itself", p.display());
            out.push((format!("{dir}/{}", p.file_name().unwrap().to_string_lossy()), text));
        }
    }
    assert!(out.len() >= 20, "only {} pages", out.len());
    out
}

/// Apply `k` random corruptions; past the first `keep` bytes (a BOM) nothing is added or lost.
fn corrupt(rng: &mut Rng, bytes: &[u8], k: usize, keep: usize) -> Vec<u8> {
    let mut b = bytes.to_vec();
    for _ in 0..k {
        match rng.below(4) {
            0 => {
                let i = rng.below(b.len());
                b[i] = rng.next() as u8;
            }
            1 if b.len() > keep + 1 => {
                let i = keep + rng.below(b.len() - keep);
                b.remove(i);
            }
            2 => {
                let i = keep + rng.below(b.len() - keep + 1);
                b.insert(i, rng.next() as u8);
            }
            _ if b.len() > keep + 3 => {
                // The end cut: 1 to 3 bytes, often in the middle of a character.
                let n = 1 + rng.below(3);
                b.truncate(b.len() - n);
            }
            _ => {}
        }
    }
    b
}

/// The replacement count and first offset agree with the text: as many replacements as
/// U+FFFD (the pages hold none), and clean bytes before the first.
fn check_counts(doc: &Document, bytes: &[u8], form: Form) -> Option<String> {
    let text = doc.decoded_text().unwrap_or("");
    let fffd = text.matches('\u{FFFD}').count();
    if doc.decode_error_count() != fffd {
        return Some(format!("{} replacements counted, {fffd} U+FFFD in the text", doc.decode_error_count()));
    }
    match doc.first_decode_error() {
        None if fffd > 0 => Some("no first decode error although some were replaced".into()),
        Some(_) if fffd == 0 => Some("a first decode error although none was replaced".into()),
        Some(first) => {
            let bom = form.bom().min(first);
            let before = &bytes[bom..first];
            form.encoding()
                .decode_without_bom_handling_and_without_replacement(before)
                .is_none()
                .then(|| format!("the bytes before the first decode error ({first}) are not clean"))
        }
        None => None,
    }
}

#[test]
fn detection_survives_random_corruption() {
    let mut rng = Rng(SEED);
    // (form, level) -> [right at <= 1 %, cases at <= 1 %, right above 1 %, cases above 1 %]
    let mut table: BTreeMap<(Form, usize), [usize; 4]> = BTreeMap::new();
    let mut failures = Vec::new();
    for (name, text) in pages() {
        for form in Form::ALL {
            let Some(clean) = form.encode(&text) else { continue };
            let doc = newspan::parse(&clean).unwrap();
            assert_eq!(doc.encoding().name(), form.name(), "{name} as {}: the clean copy", form.label());
            let keep = if form == Form::Utf16LeBom { 2 } else { 0 };
            for k in LEVELS {
                let small = k * 100 <= clean.len();
                for rep in 0..REPEATS {
                    let bytes = corrupt(&mut rng, &clean, k, keep);
                    let case = format!("{name} as {}, {k} corruption(s), copy {rep}", form.label());
                    let doc = match parse_and_check(&bytes, &Options::default()) {
                        Ok(Outcome::Parsed(doc)) => doc,
                        Ok(Outcome::Refused(e)) => {
                            failures.push(format!("{case}: refused: {e}"));
                            continue;
                        }
                        Err(problems) => {
                            failures.push(format!("{case}: {}", problems.join("; ")));
                            continue;
                        }
                    };
                    let right = doc.encoding().name() == form.name();
                    let row = table.entry((form, k)).or_default();
                    let at = if small { 0 } else { 2 };
                    row[at] += usize::from(right);
                    row[at + 1] += 1;
                    if small && !right && form.required() {
                        failures.push(format!(
                            "{case} ({} bytes, at most 1 % damaged): detected {}",
                            clean.len(),
                            doc.encoding().name()
                        ));
                    }
                    if right && form != Form::Utf16BeNoBom {
                        if let Some(p) = check_counts(&doc, &bytes, form) {
                            failures.push(format!("{case}: {p}"));
                        }
                    }
                }
            }
        }
    }
    eprintln!("detected encoding right (copies with at most 1 % of their bytes corrupted; above 1 %):");
    eprintln!("{:<18} {}", "encoding", LEVELS.map(|k| format!("{k:>17}")).join(""));
    for form in Form::ALL {
        let cells: Vec<String> = LEVELS
            .iter()
            .map(|&k| {
                let r = table.get(&(form, k)).copied().unwrap_or_default();
                let part =
                    |right: usize, n: usize| if n == 0 { "-".to_string() } else { format!("{right}/{n}") };
                format!("{:>17}", format!("{}; {}", part(r[0], r[1]), part(r[2], r[3])))
            })
            .collect();
        eprintln!("{:<18} {}", form.label(), cells.join(""));
    }
    assert!(table.values().map(|r| r[1]).sum::<usize>() >= 200, "too few copies at most 1 % damaged");
    assert!(failures.is_empty(), "{} failure(s):\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn a_file_cut_in_its_last_character_is_one_replacement_at_the_end() {
    let mut checked = 0;
    for (name, text) in pages() {
        // The page up to its last multi-byte character, in each form; cut 1 .. n-1 of its bytes.
        let Some((at, last)) = text.char_indices().rev().find(|&(_, c)| !c.is_ascii()) else { continue };
        let head = &text[..at + last.len_utf8()];
        for form in [Form::Utf8, Form::Gb18030, Form::Utf16LeBom] {
            let Some(bytes) = form.encode(head) else { continue };
            let Some(before) = form.encode(&head[..at]) else { continue };
            let width = bytes.len() - before.len();
            for cut in 1..width {
                let input = &bytes[..bytes.len() - cut];
                let case = format!("{name} as {}, {cut} of the {width} bytes of {last:?} cut", form.label());
                let doc = match parse_and_check(input, &Options::default()) {
                    Ok(Outcome::Parsed(doc)) => doc,
                    other => panic!("{case}: {:?}", other.err()),
                };
                assert_eq!(doc.encoding().name(), form.name(), "{case}");
                assert_eq!(doc.decode_error_count(), 1, "{case}");
                assert_eq!(doc.first_decode_error(), Some(before.len()), "{case}");
                assert!(doc.decoded_text().is_some_and(|t| t.ends_with('\u{FFFD}')), "{case}");
                checked += 1;
            }
        }
    }
    assert!(checked >= 40, "only {checked} cuts checked");
}
