//! Input encodings, through the public API only.
//!
//! Every UTF-8 page under `examples/pages/` and `tests/fixtures/`, plus the small pages written
//! below (simplified and traditional Chinese, Japanese, Korean), is re-encoded (GB18030, Big5
//! where every character has a Big5 code, UTF-16LE and UTF-16BE with a BOM, CRLF line ends, and
//! Shift_JIS / EUC-JP / EUC-KR for the Japanese and Korean pages) and parsed again. Each copy
//! must give the same document as its UTF-8 original: the same nodes (kind, article, parent,
//! role / direction) with the same texts, and every span must slice the encoded bytes exactly:
//! its bytes decode to the node's text, and it starts where the original's text before it ends
//! once encoded. Detection must find the encoding without help, and forcing it by label must
//! give the same document.
//!
//! A failure names the page, the encoding and the node.

use std::fs;
use std::path::{Path, PathBuf};

use encoding_rs::Encoding;
use newspan::{Document, Error, Options};

/// 简体中文 page: headline, byline, dateline, paragraphs (invented news).
const PAGE_HANS: &str = "\
滨江日报 2025年3月12日 星期三 第4版

滨江新区开通首条夜间公交线路

本报记者 周立新

本报滨江3月11日讯 记者今天从市交通运输局获悉，滨江新区首条夜间公交线路将于本周五正式开通。该线路全长十八公里，沿途设站二十二个，主要服务夜班职工和晚归市民。

市交通运输局有关负责人表示，夜间线路运营时间为晚上十点至次日凌晨五点，发车间隔二十分钟，票价与日间线路相同。

据介绍，今年下半年还将根据客流情况，再开通两条夜间线路。
";

/// 繁體中文 page, every character in Big5.
const PAGE_HANT: &str = "\
港灣日報 二〇二五年三月十二日 星期三 第四版

港灣區將設立新的社區圖書館

本報記者 林志明

本報港灣三月十一日電 港灣區議會昨日通過議案，將在舊市場原址興建一座社區圖書館，預計明年底落成啟用。

區議會主席表示，新館將設有兒童閱覽室、自修室及多媒體中心，開放時間延長至晚上十時，方便學生及上班族使用。

有居民認為，圖書館落成後，區內的文化生活將更加豐富。
";

/// 日本語 page.
const PAGE_JA: &str = "\
湊新聞 2025年3月12日 水曜日 第4面

湊市で初の夜間バス路線が開通へ

記者 佐藤健一

湊市交通局は11日、市内で初めての夜間バス路線を今週金曜日から運行すると発表した。路線の全長は約18キロで、停留所は22か所に設けられる。

同局によると、運行時間は午後10時から翌朝5時までで、運賃は昼間の路線と同じになる。

市は今後、利用状況を見ながら路線の増設を検討するとしている。
";

/// 한국어 page.
const PAGE_KO: &str = "\
항구일보 2025년 3월 12일 수요일 제4면

항구시, 첫 심야 버스 노선 개통

김지훈 기자

항구시 교통국은 11일 시내 첫 심야 버스 노선을 이번 주 금요일부터 운행한다고 밝혔다. 노선의 길이는 약 18킬로미터이며 정류장은 22곳에 설치된다.

교통국에 따르면 운행 시간은 밤 10시부터 다음 날 새벽 5시까지이고 요금은 낮 노선과 같다.

시는 앞으로 이용 상황을 보면서 노선을 늘리는 방안을 검토할 계획이다.
";

/// One way of writing a page: a name, a WHATWG label, and the encoder.
struct Variant {
    name: &'static str,
    label: &'static str,
    /// The name `Document::encoding()` must report.
    reported: &'static str,
    encode: fn(&str) -> Option<Vec<u8>>,
}

fn legacy(enc: &'static Encoding, s: &str) -> Option<Vec<u8>> {
    let (bytes, _, unmappable) = enc.encode(s);
    (!unmappable).then(|| bytes.into_owned())
}

fn utf16(s: &str, le: bool) -> Vec<u8> {
    // encoding_rs does not encode to UTF-16: by hand, BOM first.
    let mut out = if le { vec![0xFF, 0xFE] } else { vec![0xFE, 0xFF] };
    for unit in s.encode_utf16() {
        out.extend(if le { unit.to_le_bytes() } else { unit.to_be_bytes() });
    }
    out
}

fn crlf(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\n', "\r\n")
}

const GB18030: Variant = Variant {
    name: "GB18030",
    label: "gb18030",
    reported: "gb18030",
    encode: |s| legacy(encoding_rs::GB18030, s),
};
const GBK_LABEL: Variant = Variant {
    name: "GB18030 as gbk",
    label: "gbk",
    reported: "gb18030",
    encode: |s| legacy(encoding_rs::GB18030, s),
};
const BIG5: Variant =
    Variant { name: "Big5", label: "big5", reported: "Big5", encode: |s| legacy(encoding_rs::BIG5, s) };
const SHIFT_JIS: Variant = Variant {
    name: "Shift_JIS",
    label: "shift_jis",
    reported: "Shift_JIS",
    encode: |s| legacy(encoding_rs::SHIFT_JIS, s),
};
const EUC_JP: Variant = Variant {
    name: "EUC-JP",
    label: "euc-jp",
    reported: "EUC-JP",
    encode: |s| legacy(encoding_rs::EUC_JP, s),
};
const EUC_KR: Variant = Variant {
    name: "EUC-KR",
    label: "euc-kr",
    reported: "EUC-KR",
    encode: |s| legacy(encoding_rs::EUC_KR, s),
};
const UTF16LE: Variant = Variant {
    name: "UTF-16LE+BOM",
    label: "utf-16le",
    reported: "UTF-16LE",
    encode: |s| Some(utf16(s, true)),
};
const UTF16BE: Variant = Variant {
    name: "UTF-16BE+BOM",
    label: "utf-16be",
    reported: "UTF-16BE",
    encode: |s| Some(utf16(s, false)),
};
const CRLF: Variant =
    Variant { name: "UTF-8 CRLF", label: "utf-8", reported: "UTF-8", encode: |s| Some(crlf(s).into_bytes()) };
const CRLF_GB18030: Variant = Variant {
    name: "GB18030 CRLF",
    label: "gb18030",
    reported: "gb18030",
    encode: |s| legacy(encoding_rs::GB18030, &crlf(s)),
};

/// The pages to test: (name, UTF-8 text).
fn pages() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<PathBuf> = Vec::new();
    for dir in ["examples/pages", "tests/fixtures"] {
        if let Ok(entries) = fs::read_dir(root.join(dir)) {
            files.extend(
                entries
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|x| x == "txt")),
            );
        }
    }
    files.sort();
    let mut pages: Vec<(String, String)> = files
        .iter()
        .filter_map(|p| {
            let text = fs::read_to_string(p).ok()?; // UTF-8 pages only
            Some((p.strip_prefix(root).unwrap_or(p).display().to_string(), text))
        })
        .collect();
    for (name, text) in [
        ("inline:hans", PAGE_HANS),
        ("inline:hant", PAGE_HANT),
        ("inline:ja", PAGE_JA),
        ("inline:ko", PAGE_KO),
    ] {
        pages.push((name.to_string(), text.to_string()));
    }
    pages
}

fn cjk_share(s: &str) -> (usize, usize) {
    let non_ascii = s.chars().filter(|c| !c.is_ascii()).count();
    let cjk = s
        .chars()
        .filter(|&c| matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x9FFF | 0xAC00..=0xD7A3))
        .count();
    (cjk, non_ascii)
}

fn is_japanese(s: &str) -> bool {
    s.chars().filter(|&c| matches!(c as u32, 0x3041..=0x30FF)).count() >= 20
}

fn is_korean(s: &str) -> bool {
    s.chars().filter(|&c| matches!(c as u32, 0xAC00..=0xD7A3)).count() >= 20
}

/// The variants that apply to a page, and whether detection must find each one by itself.
fn variants_for(text: &str) -> Vec<(&'static Variant, bool)> {
    let (cjk, non_ascii) = cjk_share(text);
    // Detection is asked for on pages that are mostly CJK (a mostly-English page with a few
    // symbols in GB18030 has too little to go on).
    let cjk_page = cjk >= 50 && cjk * 10 >= non_ascii * 9;
    let mut out = vec![(&UTF16LE, true), (&UTF16BE, true), (&CRLF, true)];
    if is_japanese(text) {
        out.extend([(&SHIFT_JIS, true), (&EUC_JP, true)]);
    } else if is_korean(text) {
        out.push((&EUC_KR, true));
    } else {
        out.extend([(&GB18030, cjk_page), (&GBK_LABEL, false), (&CRLF_GB18030, cjk_page)]);
        if (BIG5.encode)(text).is_some() {
            out.push((&BIG5, cjk_page));
        }
    }
    out
}

/// The text a node stands for in the original, in the form a variant's text takes it
/// (CRLF copies keep their `\r`).
fn normalize(s: &str) -> String {
    s.replace("\r\n", "\n")
}

/// Check one encoded copy against the original; returns the failures.
fn check_copy(
    page: &str,
    original: &str,
    orig: &Document,
    v: &Variant,
    bytes: &[u8],
    doc: &Document,
) -> Vec<String> {
    let mut fails = Vec::new();
    let at = format!("{page} [{}]", v.name);
    if doc.encoding().name() != v.reported {
        fails.push(format!("{at}: encoding {} instead of {}", doc.encoding().name(), v.reported));
    }
    if doc.had_decode_errors() {
        fails.push(format!("{at}: decode errors reported"));
    }
    if orig.article_count() != doc.article_count() {
        fails.push(format!("{at}: {} articles instead of {}", doc.article_count(), orig.article_count()));
    }
    if orig.nodes().len() != doc.nodes().len() {
        fails.push(format!("{at}: {} nodes instead of {}", doc.nodes().len(), orig.nodes().len()));
        return fails;
    }
    let ob = original.as_bytes();
    for (i, (a, b)) in orig.nodes().iter().zip(doc.nodes()).enumerate() {
        let what = format!("{at} node {i} ({})", a.kind.name());
        if (a.kind, a.article, a.parent, a.attr) != (b.kind, b.article, b.parent, b.attr) {
            fails.push(format!("{what}: {:?} instead of {:?}", b, a));
            continue;
        }
        let want = normalize(&orig.text(ob, a));
        let got = doc.text(bytes, b);
        if normalize(&got) != want {
            fails.push(format!("{what}: text {got:?} instead of {want:?}"));
        }
        // The span's own bytes decode to the node's text.
        let Some(slice) = bytes.get(b.span.range()) else {
            fails.push(format!("{what}: span {:?} outside {} bytes", b.span, bytes.len()));
            continue;
        };
        let (decoded, malformed) = Encoding::for_label(doc.encoding().name().as_bytes())
            .expect("a WHATWG name")
            .decode_without_bom_handling(slice);
        if malformed || decoded != got {
            fails.push(format!("{what}: bytes {:?} decode to {decoded:?}, text is {got:?}", b.span));
        }
        // And it starts where the original's text before it ends, once encoded.
        let before = (v.encode)(&original[..a.span.start]).unwrap_or_default();
        if b.span.start != before.len() {
            fails.push(format!("{what}: starts at {} instead of {}", b.span.start, before.len()));
        }
    }
    fails
}

#[test]
fn re_encoded_pages_parse_to_the_same_document() {
    let mut fails = Vec::new();
    let mut checked = 0;
    for (name, text) in pages() {
        let orig = newspan::parse(text.as_bytes()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(orig.encoding().name(), "UTF-8", "{name}");
        for (v, detect) in variants_for(&text) {
            let Some(bytes) = (v.encode)(&text) else {
                continue;
            };
            // Forced by label.
            let forced = Options::default().with_encoding_label(v.label).unwrap();
            match newspan::parse_with(&bytes, &forced) {
                Ok(doc) => fails.extend(check_copy(&name, &text, &orig, v, &bytes, &doc)),
                Err(e) => fails.push(format!("{name} [{} forced]: {e}", v.name)),
            }
            // Detected.
            if detect {
                match newspan::parse(&bytes) {
                    Ok(doc) => fails.extend(check_copy(&name, &text, &orig, v, &bytes, &doc)),
                    Err(e) => fails.push(format!("{name} [{} detected]: {e}", v.name)),
                }
            }
            checked += 1;
        }
    }
    assert!(checked >= 4 * 9, "only {checked} copies checked");
    assert!(fails.is_empty(), "{} failures:\n{}", fails.len(), fails.join("\n"));
}

#[test]
fn each_inline_page_is_in_its_own_encoding() {
    // The pages are written to fit: Big5 for the traditional one, both Japanese encodings.
    assert!((BIG5.encode)(PAGE_HANT).is_some());
    assert!((SHIFT_JIS.encode)(PAGE_JA).is_some() && (EUC_JP.encode)(PAGE_JA).is_some());
    assert!((EUC_KR.encode)(PAGE_KO).is_some());
    for (page, v) in [
        (PAGE_HANS, &GB18030),
        (PAGE_HANT, &BIG5),
        (PAGE_JA, &SHIFT_JIS),
        (PAGE_JA, &EUC_JP),
        (PAGE_KO, &EUC_KR),
    ] {
        let bytes = (v.encode)(page).unwrap();
        let doc = newspan::parse(&bytes).unwrap();
        assert_eq!(doc.encoding().name(), v.reported);
        assert!(doc.article_count() >= 1, "{}", v.name);
    }
}

#[test]
fn unknown_label_is_an_error() {
    assert!(matches!(Options::default().with_encoding_label("klingon"), Err(Error::UnknownEncoding(_))));
    // Labels are WHATWG labels, case and surrounding space ignored.
    for label in ["GBK", " big5 ", "Shift_JIS", "euc-kr", "UTF-16LE", "x-gbk", "gb2312"] {
        assert!(Options::default().with_encoding_label(label).is_ok(), "{label}");
    }
}

#[test]
fn strict_mode_refuses_malformed_bytes() {
    let mut bytes = (GB18030.encode)(PAGE_HANS).unwrap();
    let bad = bytes.iter().position(|&b| b == b'\n').unwrap() + 1;
    bytes.insert(bad, 0xFF);
    let strict = Options::default().with_strict(true).with_encoding_label("gbk").unwrap();
    match newspan::parse_with(&bytes, &strict) {
        Err(Error::Malformed { encoding, offset }) => {
            assert_eq!((encoding, offset), ("gb18030", bad))
        }
        other => panic!("expected Error::Malformed, got {other:?}"),
    }
    // Without strict mode the byte becomes U+FFFD and the rest of the page is kept.
    let doc = newspan::parse(&bytes).unwrap();
    assert_eq!(doc.encoding().name(), "gb18030");
    assert!(doc.had_decode_errors());
    let orig = newspan::parse(PAGE_HANS.as_bytes()).unwrap();
    assert_eq!(doc.article_count(), orig.article_count());
    for node in doc.leaves() {
        let text = doc.text(&bytes, node);
        let (decoded, _) = Encoding::for_label(doc.encoding().name().as_bytes())
            .expect("a WHATWG name")
            .decode_without_bom_handling(&bytes[node.span.range()]);
        assert_eq!(decoded, text, "{:?}", node);
    }
    // Strict UTF-8.
    let strict = Options::default().with_strict(true);
    let mut bytes = PAGE_HANS.as_bytes().to_vec();
    bytes.insert(30, 0x80);
    assert!(matches!(
        newspan::parse_with(&bytes, &strict),
        Err(Error::Malformed { encoding: "UTF-8", offset: 30 }) | Err(Error::Malformed { .. })
    ));
}

#[test]
fn a_bom_wins_over_a_forced_label() {
    let bytes = utf16(PAGE_HANS, true);
    let opts = Options::default().with_encoding_label("gbk").unwrap();
    let doc = newspan::parse_with(&bytes, &opts).unwrap();
    assert_eq!(doc.encoding().name(), "UTF-16LE");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(PAGE_HANS.as_bytes());
    let doc = newspan::parse_with(&bytes, &opts).unwrap();
    assert_eq!(doc.encoding().name(), "UTF-8");
    let orig = newspan::parse(PAGE_HANS.as_bytes()).unwrap();
    for (a, b) in orig.nodes().iter().zip(doc.nodes()) {
        assert_eq!(a.span.start + 3, b.span.start);
        assert_eq!(orig.text(PAGE_HANS.as_bytes(), a), doc.text(&bytes, b));
    }
}

#[test]
fn empty_and_blank_input() {
    for bytes in [&b""[..], b"\xEF\xBB\xBF", b"\xFF\xFE", b"\n\r\n\x0C  \n"] {
        let doc = newspan::parse(bytes).unwrap();
        assert_eq!(doc.article_count(), 0, "{bytes:?}");
        assert!(doc.leaves().next().is_none(), "{bytes:?}");
    }
}
