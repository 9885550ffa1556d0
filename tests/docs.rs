//! The documents ship with the code: every relative link of the README, the C API guide, the
//! JSON format and the examples' READMEs names a file of the repository; the header and the FFI
//! module point to a C API guide that exists; the JSON is specified inside the repository.

use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

const DOCS: &[&str] = &[
    "README.md",
    "include/README-C-API.md",
    "docs/json.md",
    "examples/c/README.md",
    "examples/python/README.md",
    "fuzz/README.md",
];

/// The targets of the Markdown links `[text](target)` of a document.
fn links(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("](") {
        let after = &rest[at + 2..];
        let end = after.find(')').unwrap_or(after.len());
        out.push(after[..end].trim().to_string());
        rest = &after[end..];
    }
    out
}

#[test]
fn relative_links_name_files_of_the_repository() {
    let mut checked = 0;
    for doc in DOCS {
        let path = Path::new(ROOT).join(doc);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{doc}: {e}"));
        for link in links(&text) {
            if link.contains("://") || link.starts_with('#') || link.starts_with("mailto:") {
                continue;
            }
            let file = link.split('#').next().unwrap();
            let target: PathBuf = path.parent().unwrap().join(file);
            assert!(target.exists(), "{doc} links to {link}, which does not exist ({})", target.display());
            // Nothing outside the repository: ../shared is not shipped.
            let resolved = target.canonicalize().unwrap();
            assert!(
                resolved.starts_with(Path::new(ROOT).canonicalize().unwrap()),
                "{doc} links outside: {link}"
            );
            checked += 1;
        }
    }
    assert!(checked > 15, "only {checked} links found");
}

#[test]
fn the_header_points_to_the_c_api_guide() {
    for file in ["include/newspan.h", "cbindgen.toml", "src/ffi/mod.rs"] {
        let text = std::fs::read_to_string(Path::new(ROOT).join(file)).unwrap();
        assert!(text.contains("include/README-C-API.md"), "{file}");
    }
    let guide = std::fs::read_to_string(Path::new(ROOT).join("include/README-C-API.md")).unwrap();
    for topic in [
        "## Ownership",
        "## Errors",
        "## Threads",
        "## Versions",
        "ldconfig",
        "LD_LIBRARY_PATH",
        "int main(void)",
    ] {
        assert!(guide.contains(topic), "the C API guide lacks {topic:?}");
    }
}

#[test]
fn the_json_is_specified_in_the_repository() {
    let readme = std::fs::read_to_string(Path::new(ROOT).join("README.md")).unwrap();
    assert!(readme.contains("(docs/json.md)") && readme.contains("(docs/newspan-1.schema.json)"));
    assert!(!readme.contains("exactly as `../shared/eval/SCHEMA.md`"));
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(ROOT).join("docs/newspan-1.schema.json")).unwrap(),
    )
    .expect("the JSON Schema is JSON");
    assert_eq!(schema["properties"]["schema"]["const"], "newspan/1");
}
