//! Long pages parsed in sections (`Options::with_section_len`, `Parser::parse_sections`,
//! `SectionsJson`): a section is parsed as the same text would be on its own, the joined
//! document is the sections in order, the streamed JSON is the joined document's, and the
//! limits and errors hold across sections.

use newspan::{Document, Error, Kind, Options, Parser, SectionsJson};

mod common;
use common::{PAGES, all_pages, page};

/// A node as the tests compare it: kind, input span, article (counted from the section's
/// first) and attribute.
type Seen = (Kind, usize, usize, Option<u32>, String);

fn seen(doc: &Document, shift: usize, article_base: u32) -> Vec<Seen> {
    doc.nodes()
        .iter()
        .map(|n| {
            let article = n.article.map(|a| a - article_base);
            (n.kind, n.span.start + shift, n.span.end + shift, article, format!("{:?}", n.attr))
        })
        .collect()
}

/// The nodes of article `index`, in table order.
fn article_nodes(doc: &Document, index: usize) -> impl Iterator<Item = &newspan::Node> {
    doc.nodes().iter().filter(move |n| n.article == Some(index as u32))
}

/// Each section's nodes, as `parse_sections` hands them over.
fn sections(parser: &mut Parser, input: &[u8]) -> Vec<Vec<Seen>> {
    let mut out = Vec::new();
    parser
        .parse_sections(input, &mut Document::default(), |doc: &Document| {
            out.push(seen(doc, 0, 0));
            Ok::<(), Error>(())
        })
        .expect("parses");
    out
}

/// The page twice, one blank line between: cut where the first copy ends, the two sections
/// are parsed as the page alone and as the page after a blank line, shifted to where it
/// stands (the layout and script are judged on the whole text, which reads as the page).
#[test]
fn a_section_is_parsed_as_its_text_alone() {
    for f in PAGES {
        // The page, its last line ended, no blank line after it.
        let mut one = page(f);
        while one.last().is_some_and(|b| b.is_ascii_whitespace() || *b == b'\x0c') {
            one.pop();
        }
        one.push(b'\n');
        let mut twice = one.clone();
        twice.push(b'\n');
        twice.extend_from_slice(&one);
        // The first line end at or after `section_len` bytes with a blank line after it is
        // the first copy's last.
        let mut parser = Parser::new(Options::new().with_section_len(one.len() - 1));
        let got = sections(&mut parser, &twice);
        assert_eq!(got.len(), 2, "{f}: cut into {} sections", got.len());
        let mut second = b"\n".to_vec();
        second.extend_from_slice(&one);
        let alone = newspan::parse(&one).expect("parses");
        let after_blank = newspan::parse(&second).expect("parses");
        assert!(alone.article_count() > 0, "{f}: no article");
        assert_eq!(got[0], seen(&alone, 0, 0), "{f}: the first section differs from the page alone");
        assert_eq!(got[1], seen(&after_blank, one.len(), 0), "{f}: the second section differs");
    }
}

/// A normal page is one section with the default options: `parse_sections` calls back once,
/// with the document `parse` gives.
#[test]
fn a_page_of_normal_size_is_one_section() {
    let long = all_pages();
    let mut parser = Parser::default();
    let got = sections(&mut parser, &long);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0], seen(&parser.parse(&long).expect("parses"), 0, 0));
}

/// The joined document holds each section's article nodes in order (articles and parents
/// renumbered), then every section's page-level nodes; extents and article spans follow.
#[test]
fn the_joined_document_is_the_sections_in_order() {
    let long = all_pages();
    let mut parser = Parser::new(Options::new().with_section_len(1500));
    let mut articles = Vec::new();
    let mut page_level = Vec::new();
    let mut extents = Vec::new();
    let mut count = 0;
    parser
        .parse_sections(&long, &mut Document::default(), |doc: &Document| {
            count += 1;
            let base = articles.iter().map(|a: &(usize, Vec<Seen>)| a.0).max().map_or(0, |m| m + 1);
            for a in doc.articles() {
                let nodes: Vec<Seen> = article_nodes(doc, a.index())
                    .map(|n| (n.kind, n.span.start, n.span.end, None, format!("{:?}", n.attr)))
                    .collect();
                articles.push((base + a.index(), nodes));
                extents.push(a.extents().to_vec());
            }
            page_level.extend(seen(doc, 0, 0).into_iter().filter(|s| s.3.is_none()));
            Ok::<(), Error>(())
        })
        .expect("parses");
    assert!(count >= 6, "cut into {count} sections");
    let joined = parser.parse(&long).expect("parses");
    assert_eq!(joined.article_count(), articles.len());
    for (a, (_, nodes)) in joined.articles().zip(&articles) {
        let got: Vec<Seen> = article_nodes(&joined, a.index())
            .map(|n| (n.kind, n.span.start, n.span.end, None, format!("{:?}", n.attr)))
            .collect();
        assert_eq!(&got, nodes, "article {}", a.index());
        for n in article_nodes(&joined, a.index()) {
            assert_eq!(n.article, Some(a.index() as u32));
            if let Some(p) = n.parent {
                let parent = &joined.nodes()[p as usize];
                assert!(parent.span.start <= n.span.start && n.span.end <= parent.span.end);
                assert_eq!(parent.article, n.article, "a parent in another article");
            }
        }
    }
    let joined_extents: Vec<Vec<newspan::Span>> = joined.articles().map(|a| a.extents().to_vec()).collect();
    assert_eq!(joined_extents, extents);
    let tail: Vec<Seen> = seen(&joined, 0, 0).into_iter().filter(|s| s.3.is_none()).collect();
    assert_eq!(tail, page_level, "the page-level nodes");
    assert!(
        joined.nodes().iter().rev().take(tail.len()).all(|n| n.article.is_none()),
        "page-level nodes last"
    );
    // Nothing lost or doubled: the leaves never overlap and cover every non-blank byte.
    let mut leaves: Vec<(usize, usize)> = joined.leaves().map(|n| (n.span.start, n.span.end)).collect();
    leaves.sort_unstable();
    for w in leaves.windows(2) {
        assert!(w[0].1 <= w[1].0, "leaves overlap: {:?} {:?}", w[0], w[1]);
    }
    let mut covered = vec![false; long.len()];
    for (s, e) in leaves {
        covered[s..e].iter_mut().for_each(|c| *c = true);
    }
    let text = std::str::from_utf8(&long).expect("UTF-8");
    for (i, c) in text.char_indices() {
        assert!(c.is_whitespace() || covered[i], "byte {i} ({c:?}) is in no span");
    }
}

/// The streamed JSON (what `newspan --json` writes) is byte for byte the joined document's,
/// for UTF-8 and for a decoded page (GB18030: the page-level spans keep their text), with
/// and without confidences.
#[test]
fn streamed_json_is_the_joined_documents() {
    let long = all_pages();
    let chinese: String =
        PAGES[..3].iter().map(|f| String::from_utf8(page(f)).expect("UTF-8") + "\u{c}").collect();
    let gb = encoding_rs::GB18030.encode(&chinese).0.into_owned();
    for (name, input) in [("UTF-8", &long), ("GB18030", &gb)] {
        for confidence in [false, true] {
            let options = Options::new().with_section_len(1000).with_confidence(confidence);
            let mut parser = Parser::new(options);
            let mut out = Vec::new();
            let mut json = SectionsJson::new(input).with_file("long.txt");
            let mut count = 0;
            parser
                .parse_sections(input, &mut Document::default(), |doc: &Document| {
                    count += 1;
                    json.section(&mut out, doc)
                })
                .expect("parses");
            json.finish(&mut out).expect("writes");
            assert!(count > 3, "{name}: {count} sections");
            let joined = parser.parse(input).expect("parses");
            assert!(joined.boilerplate().count() > 0, "{name}: the test needs page-level spans");
            let want = joined.json(input).with_file("long.txt").to_string();
            assert_eq!(String::from_utf8(out).expect("UTF-8"), want, "{name}, confidence {confidence}");
        }
    }
}

/// The span limit counts the spans of all sections; an error from the callback stops the
/// parse and comes back as it is.
#[test]
fn limits_and_errors_hold_across_sections() {
    let long = all_pages();
    let total =
        Parser::new(Options::new().with_section_len(1500)).parse(&long).expect("parses").nodes().len();
    let mut tight = Parser::new(Options::new().with_section_len(1500).with_max_spans(total - 1));
    assert!(matches!(tight.parse(&long), Err(Error::TooManySpans { .. })), "the joined parse");
    let mut seen_sections = 0;
    let streamed = tight.parse_sections(&long, &mut Document::default(), |_| {
        seen_sections += 1;
        Ok::<(), Error>(())
    });
    assert!(matches!(streamed, Err(Error::TooManySpans { .. })));
    assert!(seen_sections >= 1, "the sections before the limit were handed over");

    #[derive(Debug, PartialEq)]
    enum Mine {
        Stop(usize),
        Parse,
    }
    impl From<Error> for Mine {
        fn from(_: Error) -> Self {
            Mine::Parse
        }
    }
    let mut parser = Parser::new(Options::new().with_section_len(1500));
    let mut calls = 0;
    let mut doc = Document::default();
    let stopped = parser.parse_sections(&long, &mut doc, |_| {
        calls += 1;
        if calls == 2 { Err(Mine::Stop(calls)) } else { Ok(()) }
    });
    assert_eq!(stopped, Err(Mine::Stop(2)));
    assert_eq!(calls, 2);
    assert_eq!(doc.article_count(), 0, "after an error the document is empty");
}

/// A decoded page's sections read their text from the decoded copy, which the document
/// holds after the parse as after any parse.
#[test]
fn a_decoded_page_keeps_its_copy() {
    let text = String::from_utf8(page("epaper-zh.txt")).expect("UTF-8").repeat(3);
    let gb = encoding_rs::GB18030.encode(&text).0.into_owned();
    let mut parser = Parser::new(Options::new().with_section_len(2000));
    let mut doc = Document::default();
    let mut texts = Vec::new();
    parser
        .parse_sections(&gb, &mut doc, |d: &Document| {
            texts.extend(d.leaves().map(|n| d.text(&gb, n).into_owned()));
            Ok::<(), Error>(())
        })
        .expect("parses");
    assert!(doc.encoding().name().eq_ignore_ascii_case("GB18030"), "{}", doc.encoding().name());
    assert!(doc.decoded_text().is_some());
    let joined = parser.parse(&gb).expect("parses");
    let mut want: Vec<String> = joined.leaves().map(|n| joined.text(&gb, n).into_owned()).collect();
    let mut got = texts;
    want.sort();
    got.sort();
    assert_eq!(got, want);
    assert!(got.iter().all(|t| !t.is_empty()));
}
