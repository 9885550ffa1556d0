//! A whole issue: the links between pages, the stitched stories, their JSON and the CLI.

use std::path::PathBuf;
use std::process::Command;

use newspan::{ArticleRef, Issue, Options, Parser};
use serde_json::Value;

fn sample(lang: &str, page: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/issue").join(lang).join(page);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn pages(lang: &str, names: &[&str]) -> Vec<Vec<u8>> {
    names.iter().map(|n| sample(lang, n)).collect()
}

fn parse(bufs: &[Vec<u8>]) -> Issue {
    let inputs: Vec<&[u8]> = bufs.iter().map(Vec::as_slice).collect();
    newspan::parse_issue(&inputs).expect("the sample issue parses")
}

fn at(page: usize, article: usize) -> ArticleRef {
    ArticleRef { page, article }
}

/// The text of node `index` of page `page`, read from the page's own bytes.
fn node_text(issue: &Issue, bufs: &[Vec<u8>], page: usize, index: usize) -> String {
    let n = issue.pages()[page].nodes()[index];
    String::from_utf8(bufs[page][n.span.start..n.span.end].to_vec()).expect("UTF-8 sample")
}

#[test]
fn chinese_jumps_link_to_the_pages_their_folios_name() {
    let bufs = pages("zh", &["p1.txt", "p2.txt", "p3.txt"]);
    let issue = parse(&bufs);
    assert_eq!(issue.page_numbers(), &[1, 2, 3]);
    let links: Vec<(ArticleRef, ArticleRef)> = issue.continuations().iter().map(|c| (c.from, c.to)).collect();
    // 老城区改造 (下转第3版) goes on on page 3; 春季招聘会 (下转第2版) on page 2.
    assert_eq!(links, vec![(at(0, 0), at(2, 0)), (at(0, 1), at(1, 0))]);
    for c in issue.continuations() {
        assert!(node_text(&issue, &bufs, c.from.page, c.jump).starts_with("（下转第"));
        let from = c.from_line.expect("the continuation opens with 上接第1版");
        assert_eq!(node_text(&issue, &bufs, c.to.page, from), "（上接第1版）");
        // A from-line naming the page, no keyword to repeat (Chinese jumps have none).
        assert_eq!(c.confidence, 0.8);
    }
    // The first story's jump cut a sentence ("重点解决雨污混流、"): one paragraph across the pages.
    assert!(issue.continuations()[0].joins_paragraph);
    assert!(!issue.continuations()[1].joins_paragraph, "ends with 。: the paragraph was whole");
    let inputs: Vec<&[u8]> = bufs.iter().map(Vec::as_slice).collect();
    let stories = issue.stories();
    assert_eq!(stories.len(), 2);
    assert_eq!(stories[0].parts, vec![at(0, 0), at(2, 0)]);
    let joined: Vec<String> =
        stories[0].paragraphs.iter().map(|p| issue.paragraph_text(&inputs, p)).collect();
    let cut = joined.iter().find(|t| t.contains("雨污混流、路面积水")).expect("the cut paragraph is joined");
    assert!(cut.ends_with("居民反映集中的问题。"), "{cut}");
    // The jump line stays out of the joined text; every paragraph of both parts is there.
    assert!(joined.iter().all(|t| !t.contains("下转")));
    let on_pages: usize = stories[0]
        .parts
        .iter()
        .map(|r| issue.pages()[r.page].article(r.article).unwrap().paragraphs().count())
        .sum();
    assert_eq!(joined.len(), on_pages - 1);
}

#[test]
fn english_jump_links_by_from_line_and_keyword() {
    let bufs = pages("en", &["p1.txt", "p2.txt", "p3.txt"]);
    let issue = parse(&bufs);
    assert_eq!(issue.continuations().len(), 1);
    let c = issue.continuations()[0];
    assert_eq!((c.from, c.to), (at(0, 0), at(2, 0)));
    assert_eq!(node_text(&issue, &bufs, 0, c.jump), "See FERRY, page 3");
    assert_eq!(node_text(&issue, &bufs, 2, c.from_line.unwrap()), "From page 1");
    assert_eq!(c.confidence, 0.95, "from-line and keyword on the page named");
    let inputs: Vec<&[u8]> = bufs.iter().map(Vec::as_slice).collect();
    let story = &issue.stories()[0];
    let texts: Vec<String> = story.paragraphs.iter().map(|p| issue.paragraph_text(&inputs, p)).collect();
    assert!(
        texts.iter().any(|t| t.contains("every week out of my paycheck, and nobody")),
        "Latin fragments join with a space across the pages: {texts:?}"
    );
}

#[test]
fn printed_folios_outrank_positions() {
    // Page 2 is missing: "page 3" is the second file, as its header says.
    let bufs = pages("en", &["p1.txt", "p3.txt"]);
    let issue = parse(&bufs);
    assert_eq!(issue.page_numbers(), &[1, 3]);
    let links: Vec<_> = issue.continuations().iter().map(|c| (c.from, c.to)).collect();
    assert_eq!(links, vec![(at(0, 0), at(1, 0))]);
}

#[test]
fn without_folios_a_page_number_is_a_position() {
    let one = "Ferry fares go up\nBy Lena Whitfield\nThe council raised the fare on the harbor ferry on Monday night after a long debate about\nSee FERRY, page 2\n";
    let two = "FERRY\nFrom page 1\nthe cost of running the boats, which has doubled since 1984.\nOther news\nThe library will open on Sundays again this month, its head librarian said.\n";
    let issue = newspan::parse_issue(&[one.as_bytes(), two.as_bytes()]).unwrap();
    assert_eq!(issue.page_numbers(), &[1, 2]);
    assert_eq!(issue.continuations().len(), 1);
    assert_eq!(issue.continuations()[0].to.page, 1);
}

#[test]
fn two_equally_good_continuations_link_nothing() {
    // Two stories on page 2 both open with "From page 1" and neither repeats the keyword:
    // which one "See FERRY, page 2" means cannot be told, so no link is made.
    let one = "Ferry fares go up\nBy Lena Whitfield\nThe council raised the fare on the harbor ferry on Monday night after a long debate about\nSee FERRY, page 2\n";
    let two = "Budget\nFrom page 1\nthe state grants that were cut by a third last spring, officials said on Monday.\n\nSchools\nFrom page 1\nthe new classrooms that will open in the fall, the district's spokesman said.\n";
    let issue = newspan::parse_issue(&[one.as_bytes(), two.as_bytes()]).unwrap();
    let doc = &issue.pages()[1];
    let froms =
        doc.articles().filter(|a| a.jumps().any(|j| j.direction() == newspan::Direction::From)).count();
    assert_eq!(froms, 2, "the test needs two from-lines on page 2");
    assert!(issue.continuations().is_empty(), "{:?}", issue.continuations());
}

#[test]
fn a_page_that_fails_names_itself() {
    let good = sample("en", "p1.txt");
    let bad = b"Broken \xff\xfe page\n".to_vec();
    let mut parser = Parser::new(Options::default().with_strict(true));
    let err = parser.parse_issue(&[&good, &bad]).unwrap_err();
    assert_eq!(err.page, 1);
    assert!(err.to_string().starts_with("page 2 of the issue: malformed"), "{err}");
}

#[test]
fn empty_issues_and_pages_link_nothing() {
    let issue = newspan::parse_issue(&[]).unwrap();
    assert!(issue.pages().is_empty() && issue.continuations().is_empty() && issue.stories().is_empty());
    let issue = newspan::parse_issue(&[b"", b"\n\n"]).unwrap();
    assert_eq!(issue.page_numbers(), &[1, 2]);
    assert!(issue.continuations().is_empty());
}

#[test]
fn json_is_a_newspan_issue_1_object_with_honest_spans() {
    let bufs = pages("zh", &["p1.txt", "p2.txt", "p3.txt"]);
    let issue = parse(&bufs);
    let inputs: Vec<&[u8]> = bufs.iter().map(Vec::as_slice).collect();
    let v: Value = serde_json::from_str(&issue.json(&inputs).to_string()).unwrap();
    assert_eq!(v["schema"], "newspan-issue/1");
    assert_eq!(v["pages"].as_array().unwrap().len(), 3);
    for (k, page) in v["pages"].as_array().unwrap().iter().enumerate() {
        let alone: Value = serde_json::from_str(&issue.pages()[k].json(inputs[k]).to_string()).unwrap();
        assert_eq!(*page, alone, "each page object is the page's own newspan/1 object");
    }
    let links = v["continuations"].as_array().unwrap();
    assert_eq!(links.len(), 2);
    assert_eq!(links[0]["from"], serde_json::json!({"page": 0, "article": 0}));
    assert_eq!(links[0]["to"], serde_json::json!({"page": 2, "article": 0}));
    assert_eq!(links[0]["confidence"], 0.8);
    let span_ok = |s: &Value| {
        let page = s["page"].as_u64().unwrap() as usize;
        let (a, b) = (s["start"].as_u64().unwrap() as usize, s["end"].as_u64().unwrap() as usize);
        assert_eq!(std::str::from_utf8(&bufs[page][a..b]).unwrap(), s["text"].as_str().unwrap());
    };
    for l in links {
        span_ok(&l["jump"]);
        span_ok(&l["from_line"]);
    }
    let stories = v["stories"].as_array().unwrap();
    assert_eq!(stories.len(), 2);
    for s in stories {
        for p in s["paragraphs"].as_array().unwrap() {
            p["fragments"].as_array().unwrap().iter().for_each(span_ok);
        }
    }
}

fn newspan(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_newspan"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run newspan")
}

#[test]
fn cli_issue_reads_a_directory_in_page_order() {
    // Named so that path order and page order differ: p10 after p9, not after p1.
    let dir = std::env::temp_dir().join(format!("newspan-issue-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let zh = pages("zh", &["p1.txt", "p2.txt", "p3.txt"]);
    for (name, body) in [("p9.txt", &zh[0]), ("p10.txt", &zh[1]), ("p11.txt", &zh[2])] {
        std::fs::write(dir.join(name), body).unwrap();
    }
    let out = newspan(&["--issue", "--json", "-r", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["page_numbers"], serde_json::json!([1, 2, 3]), "p9, p10, p11: the headers' folios");
    assert_eq!(v["continuations"].as_array().unwrap().len(), 2);
    let human = newspan(&["--issue", "-r", dir.to_str().unwrap()]);
    let text = String::from_utf8(human.stdout).unwrap();
    assert!(text.contains("2 continuation(s)"), "{text}");
    assert!(text.contains("(joined across pages 1, 3)"), "{text}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn cli_issue_usage_errors() {
    for args in [
        &["--issue", "--stats", "examples/issue/zh/p1.txt"][..],
        &["--issue", "-"][..],
        &["--issue", "--explain", "examples/issue/zh/p1.txt"][..],
    ] {
        let out = newspan(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("--issue"), "{args:?}");
    }
    let out = newspan(&["--issue", "examples/issue/zh/p1.txt", "no/such/page.txt"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/page.txt"));
}
