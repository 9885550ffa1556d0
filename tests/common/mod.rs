//! Helpers shared by the integration tests: the project's sample pages.
#![allow(dead_code)] // each test file takes what it needs

/// A sample page from `examples/pages/`, as bytes.
pub fn page(file: &str) -> Vec<u8> {
    let path = format!("{}/examples/pages/{file}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The four sample pages, one of each kind.
pub const PAGES: [&str; 4] = ["epaper-zh.txt", "pdftotext-zh.txt", "vertical-zh-hant.txt", "ocr-en.txt"];

/// The four sample pages one after the other, a form feed (a page break) after each.
pub fn all_pages() -> Vec<u8> {
    let mut all = Vec::new();
    for f in PAGES {
        all.extend_from_slice(&page(f));
        all.push(b'\x0c');
    }
    all
}
