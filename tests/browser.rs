//! The page view (`newspan --html`) and the annotator (`newspan annotate`) in headless
//! Chromium, from `cargo test`: runs `python3 -m unittest discover -s tests/browser` with
//! `NEWSPAN_BIN` set to this build's `newspan` and `NEWSPAN_BROWSER_OUT` to
//! `target/tmp/browser`, where the views and their screenshots are left to look at.
//!
//! The browser is Debian's (`chromium`, `chromium-driver`), driven by Selenium
//! (`tests/browser/requirements.txt`); `.ci/run` installs them. Without them the test prints
//! why and passes, except under CI (`CI` set), where a missing browser is an error.
#![cfg(feature = "cli")]

use std::path::Path;
use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Why the browser tests cannot run here, if they cannot.
fn missing() -> Option<String> {
    for tool in ["/usr/bin/chromium", "/usr/bin/chromedriver"] {
        if !Path::new(tool).exists() {
            return Some(format!("no {tool} (Debian packages chromium and chromium-driver)"));
        }
    }
    let selenium = Command::new("python3").args(["-c", "import selenium"]).output();
    if !selenium.is_ok_and(|o| o.status.success()) {
        return Some("no python3 with selenium (pip install -r tests/browser/requirements.txt)".into());
    }
    None
}

#[test]
fn the_view_and_the_annotator_in_a_browser() {
    if let Some(why) = missing() {
        assert!(std::env::var_os("CI").is_none(), "the browser tests cannot run: {why}");
        eprintln!("the_view_and_the_annotator_in_a_browser: skipped: {why}");
        return;
    }
    let out_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser");
    let _ = std::fs::remove_dir_all(&out_dir);
    std::fs::create_dir_all(&out_dir).unwrap();
    let out = Command::new("python3")
        .args(["-m", "unittest", "discover", "-s", "tests/browser", "-t", "tests/browser", "-v"])
        .current_dir(ROOT)
        .env("NEWSPAN_BIN", env!("CARGO_BIN_EXE_newspan"))
        .env("NEWSPAN_BROWSER_OUT", &out_dir)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env("PYTHONUNBUFFERED", "1")
        .env("SE_OFFLINE", "true")
        .output()
        .expect("runs python3");
    let stderr = String::from_utf8_lossy(&out.stderr);
    eprintln!("{}{stderr}", String::from_utf8_lossy(&out.stdout));
    assert!(out.status.success(), "the browser tests failed ({}): see the output above", out.status);
    let ran = stderr
        .lines()
        .find_map(|l| l.strip_prefix("Ran ").and_then(|r| r.split_whitespace().next()?.parse::<usize>().ok()))
        .unwrap_or(0);
    assert!(ran >= 4, "only {ran} browser tests ran");
    // The screenshots are there to look at.
    for name in ["view-epaper-zh.png", "view-ocr-en.png", "annotate-ocr-en.png"] {
        let shot = out_dir.join(name);
        assert!(shot.metadata().is_ok_and(|m| m.len() > 10_000), "no screenshot {}", shot.display());
    }
    eprintln!("views and screenshots: {}", out_dir.display());
}
