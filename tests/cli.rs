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
