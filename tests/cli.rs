//! The `newspan` command-line tool, run as a program: output formats, input order under
//! several threads, per-file errors, standard input.
#![cfg(feature = "cli")]

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const PAGES: [&str; 4] = ["epaper-zh.txt", "pdftotext-zh.txt", "vertical-zh-hant.txt", "ocr-en.txt"];

fn page(file: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/pages").join(file).to_string_lossy().into_owned()
}

fn newspan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_newspan"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("runs newspan")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

fn json_lines(o: &Output) -> Vec<Value> {
    stdout(o).lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect()
}

/// Twelve files: the sample pages three times over, in an order that is not sorted.
fn many() -> Vec<String> {
    (0..12).map(|i| page(PAGES[(i * 3) % 4])).collect()
}

#[test]
fn json_is_one_newspan_1_object() {
    let o = newspan(&["--json", &page("epaper-zh.txt")]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = stdout(&o);
    assert_eq!(text.lines().count(), 1, "one object, on one line");
    let v: Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(v["schema"], "newspan/1");
    assert_eq!(v["encoding"], "UTF-8");
    assert_eq!(v["bytes"], std::fs::metadata(page("epaper-zh.txt")).unwrap().len());
    assert!(!v["articles"].as_array().unwrap().is_empty());
}

#[test]
fn two_threads_keep_input_order_and_output() {
    let files = many();
    let mut args = vec!["--jsonl", "-j", "1"];
    args.extend(files.iter().map(String::as_str));
    let one = newspan(&args);
    args[2] = "2";
    let two = newspan(&args);
    assert!(one.status.success() && two.status.success());
    assert_eq!(stdout(&one), stdout(&two), "-j 2 prints exactly what -j 1 prints");
    let names: Vec<String> =
        json_lines(&two).iter().map(|v| v["file"].as_str().unwrap().to_string()).collect();
    assert_eq!(names, files, "output in input order");

    // The same for the default output and for -j given as one word.
    let mut args = vec!["-j2"];
    args.extend(files.iter().map(String::as_str));
    let two = newspan(&args);
    args[0] = "--jobs=1";
    let one = newspan(&args);
    assert_eq!(stdout(&one), stdout(&two));
    let text = stdout(&two);
    let headers: Vec<&str> =
        text.lines().filter(|l| l.starts_with("==> ")).map(|l| &l[4..l.len() - 4]).collect();
    assert_eq!(headers, files);
}

#[test]
fn jsonl_is_one_object_per_file() {
    let files = many();
    let mut args = vec!["--jsonl"];
    args.extend(files.iter().map(String::as_str));
    let o = newspan(&args);
    assert!(o.status.success());
    let lines = json_lines(&o);
    assert_eq!(lines.len(), files.len());
    for (v, f) in lines.iter().zip(&files) {
        assert_eq!(v["schema"], "newspan/1");
        assert_eq!(v["file"], f.as_str());
        assert_eq!(v["bytes"], std::fs::metadata(f).unwrap().len());
    }
    // Without the file key, a --jsonl object is the --json object.
    let mut first = lines[0].clone();
    first.as_object_mut().unwrap().remove("file");
    let json = json_lines(&newspan(&["--json", &files[0]]));
    assert_eq!(first, json[0]);
}

#[test]
fn stats_prints_counts_per_file() {
    let files: Vec<String> = PAGES.iter().map(|p| page(p)).collect();
    let mut args = vec!["--stats", "-j", "2"];
    args.extend(files.iter().map(String::as_str));
    let o = newspan(&args);
    assert!(o.status.success());
    let text = stdout(&o);
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(
        rows[0],
        [
            "file",
            "bytes",
            "encoding",
            "layout",
            "articles",
            "paragraphs",
            "spans",
            "parse_ms",
            "decode_errors",
            "first_decode_error"
        ]
    );
    assert_eq!(rows.len(), 1 + files.len());
    for (row, f) in rows[1..].iter().zip(&files) {
        assert_eq!(row[0], f);
        assert_eq!(row[1].parse::<u64>().unwrap(), std::fs::metadata(f).unwrap().len());
        assert_eq!(row[2], "UTF-8");
        assert!(["paragraphs", "wrapped", "vertical"].contains(&row[3]), "{row:?}");
        assert!(row[4].parse::<usize>().unwrap() > 0, "articles: {row:?}");
        assert!(row[5].parse::<usize>().unwrap() > 0, "paragraphs: {row:?}");
        assert!(row[6].parse::<usize>().unwrap() > 0, "spans: {row:?}");
        assert!(row[7].parse::<f64>().unwrap() >= 0.0);
        assert_eq!((row[8], row[9]), ("0", "-"), "the sample pages are clean");
    }
    assert!(String::from_utf8_lossy(&o.stderr).contains("4 files"), "totals on stderr");

    // As JSON lines, the same counts.
    args[0] = "--jsonl";
    args.insert(0, "--stats");
    let lines = json_lines(&newspan(&args));
    assert_eq!(lines.len(), files.len());
    for (v, row) in lines.iter().zip(&rows[1..]) {
        assert_eq!(v["file"], row[0]);
        assert_eq!(v["articles"].as_u64().unwrap().to_string(), row[4]);
        assert_eq!(v["spans"].as_u64().unwrap().to_string(), row[6]);
        assert!(v.get("schema").is_none(), "counts only");
        assert_eq!((v["decode_errors"].as_u64(), v["first_decode_error"].is_null()), (Some(0), true));
    }
}

#[test]
fn a_damaged_page_says_how_many_bytes_were_replaced() {
    // A sample page with two bytes overwritten: still UTF-8, the damage counted and located,
    // in --stats and in the JSON; --strict fails on the first one.
    let mut bytes = std::fs::read(page(PAGES[0])).unwrap();
    // Two ASCII bytes (one character each, so each 0xFF is one malformed sequence).
    let ascii_from = |from: usize| from + bytes[from..].iter().position(|&c| c.is_ascii_graphic()).unwrap();
    let (a, b) = (ascii_from(bytes.len() / 3), ascii_from(2 * bytes.len() / 3));
    bytes[a] = 0xFF;
    bytes[b] = 0xFE;
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("damaged.txt");
    std::fs::write(&path, &bytes).unwrap();
    let path = path.to_str().unwrap();

    let o = newspan(&["--stats", path]);
    assert!(o.status.success());
    let text = stdout(&o);
    let row: Vec<&str> = text.lines().nth(1).unwrap().split('\t').collect();
    assert_eq!(row[2], "UTF-8");
    assert_eq!((row[8], row[9]), ("2", a.to_string().as_str()));

    let v = &json_lines(&newspan(&["--json", path]))[0];
    assert_eq!(v["encoding"], "UTF-8");
    assert_eq!(v["decode_errors"]["count"], 2);
    assert_eq!(v["decode_errors"]["first"], a);

    let o = newspan(&["--strict", "--json", path]);
    assert!(!o.status.success());
    assert!(
        String::from_utf8_lossy(&o.stderr).contains(&a.to_string()),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn a_missing_file_fails_the_run_but_not_the_others() {
    let missing = page("no-such-page.txt");
    for jobs in ["1", "2"] {
        let o = newspan(&["--json", "-j", jobs, &page("epaper-zh.txt"), &missing, &page("ocr-en.txt")]);
        assert_eq!(o.status.code(), Some(1), "-j {jobs}");
        let lines = json_lines(&o);
        assert_eq!(lines.len(), 2, "the two good pages are printed");
        assert_eq!(lines[0]["bytes"], std::fs::metadata(page("epaper-zh.txt")).unwrap().len());
        assert_eq!(lines[1]["bytes"], std::fs::metadata(page("ocr-en.txt")).unwrap().len());
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("no-such-page.txt"), "{err}");
    }
    // --jsonl reports it in-band too, in its place.
    let o = newspan(&["--jsonl", &page("epaper-zh.txt"), &missing, &page("ocr-en.txt")]);
    assert_eq!(o.status.code(), Some(1));
    let lines = json_lines(&o);
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[1]["file"], missing.as_str());
    assert!(lines[1]["error"].is_string());
    assert_eq!(lines[2]["schema"], "newspan/1");
}

#[test]
fn dash_reads_standard_input() {
    let bytes = std::fs::read(page("vertical-zh-hant.txt")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_newspan"))
        .args(["--json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs newspan");
    child.stdin.take().unwrap().write_all(&bytes).unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let from_file = newspan(&["--json", &page("vertical-zh-hant.txt")]);
    assert_eq!(stdout(&o), stdout(&from_file));
}

#[test]
fn bad_arguments_exit_2() {
    for args in [&["--jobs", "0", "x"][..], &["-j"], &["--no-such-flag", "x"], &[]] {
        let o = newspan(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn explain_lists_leaf_spans() {
    let o = newspan(&["--explain", &page("epaper-zh.txt")]);
    assert!(o.status.success());
    let text = stdout(&o);
    assert!(text.lines().count() > 10);
    assert!(text.lines().any(|l| l.contains(" title ")), "{text}");
}

// ---------------------------------------------------------------------------------------------
// An archive: directories, file lists, one header

/// A scratch directory of this test binary.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// An archive folder: the sample pages under nested folders, and a file that is not a page.
fn archive(name: &str) -> (PathBuf, Vec<String>) {
    let dir = scratch(name);
    let mut pages = Vec::new();
    for (i, p) in PAGES.iter().enumerate() {
        let sub = dir.join(if i % 2 == 0 { "1981/p1" } else { "1982" });
        std::fs::create_dir_all(&sub).unwrap();
        let path = sub.join(format!("p{i}-{p}"));
        std::fs::copy(page(p), &path).unwrap();
        pages.push(path.to_string_lossy().into_owned());
    }
    std::fs::write(dir.join("1982/notes.md"), "not a page\n").unwrap();
    pages.sort();
    (dir, pages)
}

fn files_of(o: &Output) -> Vec<String> {
    json_lines(o).iter().map(|v| v["file"].as_str().unwrap().to_string()).collect()
}

#[test]
fn recursive_directories_with_a_glob() {
    let (dir, pages) = archive("recursive");
    let d = dir.to_str().unwrap();
    let o = newspan(&["--jsonl", "-r", d, "--glob", "*.txt"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(files_of(&o), pages, "every page under the folder, in path order, and nothing else");
    // The same pages as given one by one, byte for byte.
    let mut args = vec!["--jsonl"];
    args.extend(pages.iter().map(String::as_str));
    assert_eq!(stdout(&o), stdout(&newspan(&args)));
    // Without a glob, every file; with a path pattern, the files below that path.
    let all = newspan(&["--jsonl", "--recursive", d]);
    assert_eq!(files_of(&all).len(), pages.len() + 1);
    assert!(files_of(&all).iter().any(|f| f.ends_with("notes.md")));
    let o = newspan(&["--jsonl", "-r", d, "--glob", "1981/*/*.txt"]);
    let expected: Vec<String> = pages.iter().filter(|p| p.contains("1981")).cloned().collect();
    assert_eq!(files_of(&o), expected);
    let o = newspan(&["--jsonl", "-r", d, "--glob", "p[13]-*"]);
    assert_eq!(files_of(&o).len(), 2);
    // A folder without -r is an error for that argument, in its place.
    let o = newspan(&["--json", d, &pages[0]]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(json_lines(&o).len(), 1);
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("is a directory"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // --glob without -r is bad usage.
    assert_eq!(newspan(&["--glob", "*.txt", d]).status.code(), Some(2));
}

#[test]
fn file_lists_from_a_file_and_from_standard_input() {
    let (dir, pages) = archive("files-from");
    let list = dir.join("list.txt");
    // Blank lines and CRLF line ends are fine.
    std::fs::write(&list, format!("{}\r\n\n{}\n", pages[..2].join("\n"), pages[2..].join("\r\n"))).unwrap();
    let o = newspan(&["--jsonl", "--files-from", list.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(files_of(&o), pages);

    let mut child = Command::new(env!("CARGO_BIN_EXE_newspan"))
        .args(["--jsonl", "--files-from", "-", "-j", "2"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(pages.join("\n").as_bytes()).unwrap();
    let from_stdin = child.wait_with_output().unwrap();
    assert!(from_stdin.status.success());
    assert_eq!(stdout(&from_stdin), stdout(&o));
    // Standard input cannot be both the list and a page.
    assert_eq!(newspan(&["--files-from", "-", "-"]).status.code(), Some(2));
    // A missing list is bad usage, named.
    let o = newspan(&["--files-from", "/no/such/list"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("/no/such/list"));
}

#[test]
fn stats_header_once_however_the_input_comes() {
    let (dir, pages) = archive("stats-once");
    let list = dir.join("list.txt");
    std::fs::write(&list, pages[..2].join("\n")).unwrap();
    for jobs in ["1", "2"] {
        let o = newspan(&[
            "--stats",
            "-j",
            jobs,
            "-r",
            dir.join("1981").to_str().unwrap(),
            "--glob",
            "*.txt",
            "--files-from",
            list.to_str().unwrap(),
            &pages[3],
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let text = stdout(&o);
        let headers = text.lines().filter(|l| l.starts_with("file\t")).count();
        assert_eq!(headers, 1, "{text}");
        assert_eq!(text.lines().count(), 1 + 2 + 2 + 1, "{text}");
    }
}

// ---------------------------------------------------------------------------------------------
// The terminal, usage errors, --help

#[test]
fn control_characters_never_reach_the_terminal() {
    let dir = scratch("controls");
    let path = dir.join("hostile.txt");
    // A title that would retitle an xterm, a colour change, a cursor move, an 8-bit CSI, DEL.
    let text = "Title \u{1b}]0;pwned\u{7}here\n\nBy Jane \u{1b}[31mRed\u{1b}[0m Doe\n\nA paragraph \u{1b}[2J with \u{9b}6n a \
                cleared screen and \u{7f} more words in it.\n";
    std::fs::write(&path, text).unwrap();
    let p = path.to_str().unwrap();
    for args in [&[p][..], &["--explain", p]] {
        let o = newspan(args);
        assert!(o.status.success());
        let out = stdout(&o);
        let bad: Vec<char> = out.chars().filter(|c| c.is_control() && *c != '\n').collect();
        assert!(bad.is_empty(), "{args:?} wrote control characters {bad:?}:\n{out}");
        assert!(out.contains("\\x1b"), "{args:?}: the escape is shown:\n{out}");
        assert!(out.contains("\\u{9b}"), "{args:?}: the 8-bit CSI is shown:\n{out}");
    }
    // The JSON keeps the text exactly (escaped as JSON).
    let o = newspan(&["--json", p]);
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let all = v.to_string();
    assert!(all.contains("\\u001b]0;pwned"), "{all}");
    // File names are text too.
    let named = dir.join("a\u{1b}[31mred.txt");
    std::fs::write(&named, "Title\n\nBody text here.\n").unwrap();
    let o = newspan(&[dir.to_str().unwrap(), named.to_str().unwrap(), "--stats", "-r"]);
    assert!(!stdout(&o).contains('\u{1b}') && !String::from_utf8_lossy(&o.stderr).contains('\u{1b}'));
}

#[test]
fn conflicting_outputs_are_an_error() {
    let p = page("epaper-zh.txt");
    for pair in
        [["--json", "--stats"], ["--json", "--explain"], ["--jsonl", "--json"], ["--explain", "--trace"]]
    {
        let o = newspan(&[pair[0], pair[1], &p]);
        assert_eq!(o.status.code(), Some(2), "{pair:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(err.lines().count(), 1, "{pair:?}: one line\n{err}");
        assert!(err.contains(pair[0]) && err.contains(pair[1]), "{err}");
        assert!(o.stdout.is_empty());
    }
    // The one pair that means something: counts as JSON lines.
    assert!(newspan(&["--stats", "--jsonl", &p]).status.success());
    // The same flag twice is no conflict.
    assert!(newspan(&["--json", "--json", &p]).status.success());
}

#[test]
fn an_unknown_option_is_one_line_and_a_pointer_to_help() {
    let o = newspan(&["--jsno", &page("epaper-zh.txt")]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("--jsno") && err.contains("--help"), "{err}");
}

#[test]
fn help_lists_every_option_the_readme_mentions() {
    let readme =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    // The code blocks of the tool's section, and every `newspan ...` command elsewhere.
    let section = readme.split("## The tool").nth(1).unwrap().split("\n## ").next().unwrap();
    let section: String = section.split("```").skip(1).step_by(2).collect();
    let mut mentioned = std::collections::BTreeSet::new();
    let mut scan = |text: &str| {
        for word in text.split(|c: char| c.is_whitespace() || matches!(c, '`' | ',' | '(' | ')' | '|')) {
            let word = word.split('=').next().unwrap();
            let long = word.starts_with("--")
                && word[2..].starts_with(|c: char| c.is_ascii_lowercase())
                && word[2..].chars().all(|c| c.is_ascii_lowercase() || c == '-');
            let short = word.len() == 2
                && word.starts_with('-')
                && word[1..].chars().all(|c| c.is_ascii_alphabetic());
            if long || short {
                mentioned.insert(word.to_string());
            }
        }
    };
    scan(&section);
    for line in readme.lines() {
        for (at, _) in line.match_indices("newspan -") {
            // Up to the end of the command: a closing backtick or quote.
            scan(&line[at..line[at..].find(['`', '"']).map_or(line.len(), |e| at + e)]);
        }
    }
    assert!(mentioned.len() > 12, "{mentioned:?}");
    let help = stdout(&newspan(&["--help"]));
    let missing: Vec<_> = mentioned.iter().filter(|o| !help.contains(o.as_str())).collect();
    assert!(missing.is_empty(), "the README mentions {missing:?}, which --help does not list");
    // And every option --help lists is accepted (not "unknown option").
    for o in mentioned.iter().filter(|o| !["--help", "-h", "--version", "-V"].contains(&o.as_str())) {
        let out = newspan(&[o.as_str()]);
        assert!(!String::from_utf8_lossy(&out.stderr).contains("unknown option"), "{o}");
    }
}

/// A file longer than a section (`Options::DEFAULT_SECTION_LEN`, 1 MiB): the tool writes the
/// JSON section by section, and it is byte for byte the joined document's JSON (the
/// library's `parse`, with the confidences the tool turns on); `--stats` and `--stats
/// --jsonl` count the same articles, paragraphs and spans.
#[test]
fn a_file_longer_than_a_section_streams_the_same_json() {
    let mut one = Vec::new();
    for p in PAGES {
        one.extend_from_slice(&std::fs::read(page(p)).unwrap());
        one.push(b'\x0c');
    }
    let copies = newspan::Options::DEFAULT_SECTION_LEN * 5 / 4 / one.len() + 2;
    let long = one.repeat(copies);
    assert!(long.len() > newspan::Options::DEFAULT_SECTION_LEN * 5 / 4);
    let path = scratch("long-page").join("long.txt");
    std::fs::write(&path, &long).unwrap();
    let path = path.to_string_lossy().into_owned();

    let doc = newspan::parse_with(&long, &newspan::Options::new().with_confidence(true)).expect("parses");
    let o = newspan(&["--json", &path]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(stdout(&o), format!("{}\n", doc.json(&long)));

    let paragraphs: usize = doc.articles().map(|a| a.paragraphs().count()).sum();
    let o = newspan(&["--stats", "--jsonl", &path]);
    let v = &json_lines(&o)[0];
    assert_eq!(v["articles"].as_u64(), Some(doc.article_count() as u64));
    assert_eq!(v["paragraphs"].as_u64(), Some(paragraphs as u64));
    assert_eq!(v["spans"].as_u64(), Some(doc.nodes().len() as u64));
    assert_eq!(v["bytes"].as_u64(), Some(long.len() as u64));
}

/// The data and the text of a `--html` view: the JSON between its data tags, and the page
/// text its chunks make up.
fn view_data(html: &str) -> (Value, String) {
    let open = "<script id=\"newspan-data\" type=\"application/json\">";
    let start = html.find(open).expect("the data block") + open.len();
    let end = start + html[start..].find("</script>").expect("the end of the data block");
    // Nothing in it an HTML parser reads inside a script ("</script", "<!--<script").
    assert!(!html[start..end].contains(['<', '>']), "markup characters in the data block");
    let data: Value = serde_json::from_str(&html[start..end]).expect("the data is JSON");
    let text = data["chunks"].as_array().unwrap().iter().map(|c| c[0].as_str().unwrap()).collect();
    (data, text)
}

/// `--html`: one self-contained file (no address, no external asset), whose data holds the
/// page's whole text and one leaf for every leaf span of the JSON; a page that says
/// `</script>` cannot end the data early; GB18030 shows decoded; one file at a time.
#[test]
fn html_is_one_self_contained_page() {
    for p in PAGES {
        let o = newspan(&["--html", &page(p)]);
        assert!(o.status.success());
        let html = stdout(&o);
        assert!(html.starts_with("<!DOCTYPE html>"));
        for outside in ["http:", "https:", " src=", " href=", "@import", "url("] {
            assert!(!html.contains(outside), "{p}: the view refers to {outside}");
        }
        assert_eq!(html.matches("</script>").count(), 2, "{p}: the data and the script");
        let (data, text) = view_data(&html);
        assert_eq!(text, std::fs::read_to_string(page(p)).unwrap(), "{p}: the text as it stands");
        let json = &json_lines(&newspan(&["--json", &page(p)]))[0];
        let leaves = json["articles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                ["kicker", "title", "subtitle", "bylines", "subheads", "captions", "jumps"]
                    .iter()
                    .map(|k| a[k].as_array().unwrap().len())
                    .sum::<usize>()
                    + usize::from(!a["dateline"].is_null())
                    + a["paragraphs"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|p| p["fragments"].as_array().unwrap().len())
                        .sum::<usize>()
            })
            .sum::<usize>()
            + json["boilerplate"].as_array().unwrap().len()
            + json["unassigned"].as_array().unwrap().len();
        assert_eq!(data["leaves"].as_array().unwrap().len(), leaves, "{p}");
    }

    let dir = scratch("html");
    let hostile = dir.join("hostile.txt");
    let text = "Page headline </script><script>alert(1)</script>\n\nA paragraph that says </SCRIPT> too.\n\n\
                <!--<script> and so on, & more.\n";
    std::fs::write(&hostile, text).unwrap();
    let html = stdout(&newspan(&["--html", &hostile.to_string_lossy()]));
    assert_eq!(html.matches("</script>").count(), 2, "the page's own </script> is escaped");
    assert_eq!(view_data(&html).1, text);

    let chinese = std::fs::read_to_string(page("epaper-zh.txt")).unwrap();
    let gb = dir.join("gb.txt");
    std::fs::write(&gb, encoding_rs::GB18030.encode(&chinese).0).unwrap();
    let (data, shown) = view_data(&stdout(&newspan(&["--html", &gb.to_string_lossy()])));
    assert_eq!(shown, chinese, "shown decoded");
    assert!(data["encoding"].as_str().unwrap().eq_ignore_ascii_case("gb18030"));
    let last = data["leaves"].as_array().unwrap().iter().map(|l| l["e"].as_u64().unwrap()).max().unwrap();
    assert!(last as usize <= std::fs::metadata(&gb).unwrap().len() as usize, "spans in input bytes");

    let o = newspan(&["--html", &page(PAGES[0]), &page(PAGES[1])]);
    assert_eq!(o.status.code(), Some(2), "--html takes one file");
}

/// `newspan annotate`: serves the view on 127.0.0.1, saves an answer that `newspan train`
/// reads, and turns away anything else (nothing written).
#[test]
fn annotate_serves_and_saves_only_answers() {
    use std::io::{BufRead, BufReader, Read};
    use std::net::TcpStream;
    let dir = scratch("annotate");
    let gold = dir.join("page.gold.json");
    let mut server = Command::new(env!("CARGO_BIN_EXE_newspan"))
        .args(["annotate", &page("epaper-zh.txt"), "--port", "0", "--gold"])
        .arg(&gold)
        .stdout(Stdio::piped())
        .spawn()
        .expect("runs newspan annotate");
    let mut line = String::new();
    BufReader::new(server.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let addr =
        line.split("http://").nth(1).and_then(|r| r.split('/').next()).expect("an address").to_string();
    assert!(addr.starts_with("127.0.0.1:"), "{line}");
    let ask = |request: String| -> String {
        let mut s = TcpStream::connect(&addr).unwrap();
        s.write_all(request.as_bytes()).unwrap();
        let mut answer = String::new();
        s.read_to_string(&mut answer).unwrap();
        answer
    };
    let post_as = |host: &str, extra: &str, body: &str| {
        ask(format!(
            "POST /save HTTP/1.1\r\nHost: {host}\r\n{extra}Content-Length: {}\r\n\r\n{body}",
            body.len()
        ))
    };
    let json = "Content-Type: application/json\r\n";
    let post = |body: &str| post_as(&addr, json, body);
    let page_view = ask(format!("GET / HTTP/1.1\r\nHost: {addr}\r\n\r\n"));
    assert!(page_view.starts_with("HTTP/1.1 200"), "{}", &page_view[..40]);
    assert!(page_view.contains("\"save\":\"/save\""), "the view saves to its server");
    assert!(ask(format!("GET /etc/passwd HTTP/1.1\r\nHost: {addr}\r\n\r\n")).starts_with("HTTP/1.1 404"));
    assert!(post("not json").starts_with("HTTP/1.1 400"));
    assert!(post("{\"articles\": 3}").starts_with("HTTP/1.1 400"));
    assert!(post("{\"articles\": [{\"colour\": [\"x\"]}]}").starts_with("HTTP/1.1 400"), "an unknown key");
    assert!(
        post("{\"articles\": [{\"title\": [\"no such line on the page\"]}]}").starts_with("HTTP/1.1 400")
    );
    let answer = "{\"articles\":[{\"title\":[\"柳营镇以“共享菜园”盘活闲置土地 “小菜园”种出邻里“大和谐”\"]}],\"boilerplate\":[],\"ignore\":[]}";
    // Only from this page: another site's form or script (its Origin, a plain-text body that
    // needs no preflight), a name rebound to this address (its Host), too much.
    assert!(post_as(&addr, "Content-Type: text/plain\r\n", answer).starts_with("HTTP/1.1 415"));
    assert!(
        post_as(&addr, &format!("{json}Origin: http://evil.example\r\n"), answer).starts_with("HTTP/1.1 403")
    );
    assert!(post_as("evil.example", json, answer).starts_with("HTTP/1.1 403"));
    let port = addr.split(':').nth(1).unwrap();
    assert!(ask(format!("GET / HTTP/1.1\r\nHost: evil.example:{port}\r\n\r\n")).starts_with("HTTP/1.1 403"));
    let huge =
        ask(format!("POST /save HTTP/1.1\r\nHost: {addr}\r\n{json}Content-Length: 999999999999\r\n\r\n"));
    assert!(huge.starts_with("HTTP/1.1 413"), "{huge}");
    assert!(!gold.exists(), "nothing written for a refused answer");
    let saved = post_as(&addr, &format!("{json}Origin: http://{addr}\r\n"), answer);
    assert!(saved.starts_with("HTTP/1.1 200"), "{saved}");
    assert_eq!(std::fs::read_to_string(&gold).unwrap(), answer);
    // A body longer than what the server reads with the headers arrives whole.
    let long = format!("{answer}{}", " ".repeat(200_000));
    let saved = post(&long);
    assert!(saved.starts_with("HTTP/1.1 200"), "{saved}");
    assert_eq!(std::fs::read_to_string(&gold).unwrap(), long);
    server.kill().unwrap();
    server.wait().unwrap();
}

#[test]
fn weights_reads_facts_and_transitions_of_a_model() {
    let model = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/model/default.nsm");
    let model = model.to_string_lossy();
    let o = newspan(&["weights", &model, "head.shaped", "from:title_new", "from:start"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = stdout(&o);
    // A fact's rows (the line's own, in the general copy), then the transitions out of a
    // title line and into the first line, each with every state the grammar lets follow.
    assert!(out.lines().any(|l| l.starts_with("line:head.shaped  ")), "{out}");
    let title =
        out.lines().find(|l| l.starts_with("title_new -> (all)")).expect("transitions out of title_new");
    assert!(title.contains("start_open ") && title.contains("byline_head "), "{title}");
    assert!(out.lines().any(|l| l.starts_with("start -> (all)")), "{out}");
    for bad in ["from:no_such_state", "no.such_fact"] {
        let o = newspan(&["weights", &model, bad]);
        assert!(!o.status.success(), "{bad} is an error");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(bad.trim_start_matches("from:")), "the error names {bad}: {err}");
    }
}
