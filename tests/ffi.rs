//! The C surface, tested from `cargo test`:
//!
//! - `include/newspan.h` is what cbindgen generates from `src/ffi/` with `cbindgen.toml`
//!   (`BLESS=1 cargo test --test ffi header` rewrites it), and Cargo.toml, the header and the
//!   library agree on the version and the ABI version;
//! - `tests/c/api_test.c` (every exported function, every reachable error path) builds with
//!   `-std=c99 -Wall -Wextra -Werror -pedantic` against the static and against the shared
//!   library, and passes; the header also compiles as C11 and C++11;
//! - `tests/c/api_test.cpp` builds with `-std=c++11 -Wall -Wextra -Werror -pedantic` and passes;
//! - `tests/c/threads.c` reads one document from several threads at once (pthreads);
//! - `tests/c/misuse.c` (NULL for every pointer, zero and huge lengths and indices, unknown
//!   codes, limits, exact-size heap buffers, a document shared by 16 threads) passes;
//! - the C view of every sample and fixture page (in UTF-8, GBK and UTF-16) matches the Rust API
//!   span for span (`api_test --dump`);
//! - `examples/c` builds with its Makefile (static, shared, and through the generated pkg-config
//!   files after `make install`) and with CMake, and prints what the Rust API says;
//! - `tests/c/layout_check.py` asserts the frozen struct layouts from Python (ctypes).
//!
//! The libraries are the ones Cargo built for this test run (`target/<profile>/deps/libnewspan.a`
//! and `.so`: building the package's lib for a test builds every crate type); when missing,
//! they are built with `cargo build --lib` into a separate target directory.
//! The C compiler is `$CC` (default `cc`), the C++ compiler `$CXX` (default `c++`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;
use std::{env, fs};

use newspan::{Attr, Document, Kind, Node, Options};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Libraries a program linked with the static library needs on Linux
/// (`rustc --print native-static-libs`).
const STATIC_LIBS: &[&str] = &["-lgcc_s", "-lutil", "-lrt", "-lpthread", "-lm", "-ldl", "-lc"];

const C_FLAGS: &[&str] = &["-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic", "-g"];

fn root() -> &'static Path {
    Path::new(ROOT)
}

/// A scratch directory for this test binary's builds.
fn out_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("ffi");
        fs::create_dir_all(&dir).unwrap();
        dir
    })
}

fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    if !out.status.success() {
        panic!(
            "{cmd:?} failed ({}):\n--- stdout\n{}\n--- stderr\n{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    out
}

fn have(tool: &str) -> bool {
    Command::new(tool).arg("--version").output().is_ok_and(|o| o.status.success())
}

fn cc() -> String {
    env::var("CC").unwrap_or_else(|_| "cc".into())
}

fn cxx() -> String {
    env::var("CXX").unwrap_or_else(|_| "c++".into())
}

// ---------------------------------------------------------------------------------------------
// The header

fn generate_header() -> String {
    let mut config = cbindgen::Config::from_file(root().join("cbindgen.toml")).unwrap();
    // The package version comes from Cargo.toml, so a version bump makes the header stale.
    config.after_includes = Some(format!(
        "\n/** The version of this header (Cargo's package version); compare with newspan_version(). */\n#define NEWSPAN_VERSION \"{}\"",
        env!("CARGO_PKG_VERSION")
    ));
    let bindings = cbindgen::Builder::new()
        .with_config(config)
        .with_src(root().join("src/ffi/mod.rs"))
        .generate()
        .expect("cbindgen failed on src/ffi");
    let mut out = Vec::new();
    bindings.write(&mut out);
    String::from_utf8(out).unwrap()
}

#[test]
fn header_is_fresh() {
    let path = root().join("include/newspan.h");
    let generated = generate_header();
    if env::var_os("BLESS").is_some() {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, &generated).unwrap();
        return;
    }
    let current = fs::read_to_string(&path).unwrap_or_default();
    if current != generated {
        let line = current.lines().zip(generated.lines()).position(|(a, b)| a != b);
        panic!(
            "include/newspan.h is stale (first difference at line {}); regenerate it with\n    BLESS=1 cargo test --test ffi header",
            line.map_or(current.lines().count().min(generated.lines().count()) + 1, |l| l + 1)
        );
    }
}

fn header() -> String {
    fs::read_to_string(root().join("include/newspan.h")).expect("include/newspan.h")
}

/// The value of `#define NAME value` in the header.
fn header_define(name: &str) -> String {
    let prefix = format!("#define {name} ");
    header()
        .lines()
        .find_map(|l| l.strip_prefix(&prefix))
        .unwrap_or_else(|| panic!("no {name} in include/newspan.h"))
        .trim()
        .to_string()
}

/// Every function the header declares.
fn exported_functions() -> Vec<String> {
    let header = header();
    let mut names = Vec::new();
    for line in header.lines() {
        if line.starts_with(' ') || line.starts_with('#') || line.starts_with('/') || line.starts_with('*') {
            continue;
        }
        // `type newspan_name(`: the first identifier directly followed by a parenthesis.
        for (at, _) in line.match_indices("newspan_") {
            let name: String =
                line[at..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            if line[at + name.len()..].starts_with('(') {
                names.push(name);
                break;
            }
        }
    }
    names
}

fn cargo_toml_version() -> String {
    let toml = fs::read_to_string(root().join("Cargo.toml")).unwrap();
    toml.lines()
        .skip_while(|l| l.trim() != "[package]")
        .find_map(|l| {
            l.trim()
                .strip_prefix("version")
                .map(|v| v.trim_start().trim_start_matches('=').trim().trim_matches('"').to_string())
        })
        .expect("a version in Cargo.toml's [package]")
}

#[test]
fn versions_agree() {
    let cargo = cargo_toml_version();
    assert_eq!(header_define("NEWSPAN_VERSION"), format!("{cargo:?}"), "header vs Cargo.toml");
    let runtime = unsafe { std::ffi::CStr::from_ptr(newspan::ffi::newspan_version()) };
    assert_eq!(runtime.to_str().unwrap(), cargo, "newspan_version() vs Cargo.toml");
    assert_eq!(header_define("NEWSPAN_ABI_VERSION"), newspan::ffi::NEWSPAN_ABI_VERSION.to_string());
    assert_eq!(newspan::ffi::newspan_abi_version(), newspan::ffi::NEWSPAN_ABI_VERSION);
    // The C test compares the runtime with the header macros too (api_test.c, test_version).
}

#[test]
fn header_declares_every_export_and_the_c_test_calls_it() {
    let functions = exported_functions();
    assert!(functions.len() >= 25, "header parse found only {functions:?}");
    let mut src_exports = Vec::new();
    for entry in fs::read_dir(root().join("src/ffi")).unwrap() {
        let text = fs::read_to_string(entry.unwrap().path()).unwrap();
        let mut lines = text.lines();
        while let Some(line) = lines.next() {
            if line.trim() == "#[unsafe(no_mangle)]" {
                let def = lines.next().unwrap();
                let name = def.split("fn ").nth(1).unwrap().split('(').next().unwrap();
                src_exports.push(name.to_string());
            }
        }
    }
    src_exports.sort();
    let mut declared = functions.clone();
    declared.sort();
    assert_eq!(declared, src_exports, "header declarations vs #[unsafe(no_mangle)] exports");
    let c_test = fs::read_to_string(root().join("tests/c/api_test.c")).unwrap();
    let missing: Vec<_> = functions.iter().filter(|f| !c_test.contains(&format!("{f}("))).collect();
    assert!(missing.is_empty(), "tests/c/api_test.c does not call {missing:?}");
}

#[test]
fn kind_codes_follow_the_rust_order() {
    let header = header();
    for (i, kind) in Kind::ALL.iter().enumerate() {
        let line = format!("NEWSPAN_KIND_{} = {i},", kind.name().to_ascii_uppercase());
        assert!(header.contains(&line), "header lacks `{line}`");
        let name = unsafe { std::ffi::CStr::from_ptr(newspan::ffi::newspan_kind_name(i as u32)) };
        assert_eq!(name.to_str().unwrap(), kind.name());
    }
}

// ---------------------------------------------------------------------------------------------
// The libraries

struct Libs {
    static_lib: PathBuf,
    shared_dir: PathBuf,
}

/// The static and shared libraries of this build.
fn libs() -> &'static Libs {
    static LIBS: OnceLock<Libs> = OnceLock::new();
    LIBS.get_or_init(|| {
        // This test runs as target/<profile>/deps/ffi-<hash>. The libraries it links were
        // compiled for this run with every crate type, beside it, in deps/ (Cargo copies them
        // up to target/<profile> only when the lib itself is a build target, so the copies
        // there may be older than the sources).
        let exe = env::current_exe().unwrap();
        let deps = exe.parent().unwrap().to_path_buf();
        let profile_dir = deps.parent().unwrap().to_path_buf();
        let found = |dir: &Path| dir.join("libnewspan.a").is_file() && dir.join("libnewspan.so").is_file();
        let dir = if found(&deps) {
            deps
        } else {
            // Not there (another Cargo, another layout): build them, away from the running
            // build's target directory and its lock.
            let target = out_dir().join("lib-target");
            let profile_name = profile_dir.file_name().and_then(|n| n.to_str()).unwrap_or("debug");
            let profile = if profile_name == "debug" { "dev" } else { profile_name };
            run(Command::new(env!("CARGO"))
                .args(["build", "--lib", "--profile", profile, "--manifest-path"])
                .arg(root().join("Cargo.toml"))
                .arg("--target-dir")
                .arg(&target));
            let dir = target.join(profile_name);
            assert!(found(&dir), "cargo build --lib made no libnewspan.a/.so in {}", dir.display());
            dir
        };
        // The shared library's SONAME is libnewspan.so.N: a program linked with it looks for
        // that name at run time, which a build directory does not have until it is linked.
        soname_link(&dir);
        Libs { static_lib: dir.join("libnewspan.a"), shared_dir: dir }
    })
}

/// The SONAME of the shared library: `libnewspan.so.` and the oldest ABI version it serves.
fn soname() -> String {
    format!("libnewspan.so.{}", newspan::ffi::NEWSPAN_ABI_MIN_COMPATIBLE)
}

/// `dir/libnewspan.so.N -> libnewspan.so`, as `make install` and ldconfig make it.
fn soname_link(dir: &Path) {
    #[cfg(unix)]
    {
        let link = dir.join(soname());
        if fs::read_link(&link).is_err() {
            let _ = fs::remove_file(&link);
            std::os::unix::fs::symlink("libnewspan.so", &link)
                .unwrap_or_else(|e| panic!("{}: {e}", link.display()));
        }
    }
}

#[test]
fn shared_library_has_its_soname() {
    if !have("readelf") {
        assert!(env::var_os("CI").is_none(), "readelf (binutils) is needed to read the SONAME");
        eprintln!("shared_library_has_its_soname: skipped, no readelf");
        return;
    }
    let out = run(Command::new("readelf").arg("-d").arg(libs().shared_dir.join("libnewspan.so")));
    let dynamic = String::from_utf8_lossy(&out.stdout);
    let line =
        dynamic.lines().find(|l| l.contains("(SONAME)")).unwrap_or_else(|| panic!("no SONAME:\n{dynamic}"));
    assert!(line.contains(&format!("[{}]", soname())), "{line}");
    // A program linked with it records the SONAME, not the file name.
    let exe = api_test(Link::Shared);
    let needed =
        String::from_utf8_lossy(&run(Command::new("readelf").arg("-d").arg(exe)).stdout).into_owned();
    assert!(
        needed.lines().any(|l| l.contains("(NEEDED)") && l.contains(&format!("[{}]", soname()))),
        "{needed}"
    );
}

#[derive(Clone, Copy, PartialEq)]
enum Link {
    Static,
    Shared,
}

/// Compile and link a C or C++ program against newspan.
fn build(compiler: &str, flags: &[&str], sources: &[&str], link: Link, name: &str) -> PathBuf {
    let libs = libs();
    let exe = out_dir().join(name);
    let mut cmd = Command::new(compiler);
    cmd.args(flags).arg("-I").arg(root().join("include"));
    for s in sources {
        cmd.arg(root().join(s));
    }
    cmd.arg("-o").arg(&exe);
    match link {
        Link::Static => {
            cmd.arg(&libs.static_lib).args(STATIC_LIBS);
        }
        Link::Shared => {
            cmd.arg("-L")
                .arg(&libs.shared_dir)
                .arg("-lnewspan")
                .arg(format!("-Wl,-rpath,{}", libs.shared_dir.display()));
        }
    }
    run(&mut cmd);
    exe
}

/// `api_test` built once per link mode.
fn api_test(link: Link) -> &'static Path {
    static STATIC: OnceLock<PathBuf> = OnceLock::new();
    static SHARED: OnceLock<PathBuf> = OnceLock::new();
    let (cell, name) = match link {
        Link::Static => (&STATIC, "api_test-static"),
        Link::Shared => (&SHARED, "api_test-shared"),
    };
    cell.get_or_init(|| build(&cc(), C_FLAGS, &["tests/c/api_test.c"], link, name))
}

fn check_api_test(link: Link) {
    let out = run(&mut Command::new(api_test(link)));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains(", 0 failed"), "{stdout}");
}

#[test]
fn c_api_test_static() {
    check_api_test(Link::Static);
}

#[test]
fn c_api_test_shared() {
    check_api_test(Link::Shared);
}

#[test]
fn header_compiles_as_c11_and_cxx11() {
    // C11 takes the _Static_assert branch of the header's layout checks.
    run(Command::new(cc())
        .args(["-std=c11", "-Wall", "-Wextra", "-Werror", "-pedantic", "-fsyntax-only", "-I"])
        .arg(root().join("include"))
        .arg(root().join("tests/c/api_test.c")));
    run(Command::new(cxx())
        .args(["-std=c++11", "-Wall", "-Wextra", "-Werror", "-pedantic", "-x", "c++", "-fsyntax-only", "-I"])
        .arg(root().join("include"))
        .arg(root().join("include/newspan.h")));
}

#[test]
fn cxx_test() {
    let exe = build(
        &cxx(),
        &["-std=c++11", "-Wall", "-Wextra", "-Werror", "-pedantic", "-g"],
        &["tests/c/api_test.cpp"],
        Link::Shared,
        "api_test-cxx",
    );
    let out = run(&mut Command::new(exe));
    assert!(String::from_utf8_lossy(&out.stdout).contains("api_test.cpp: ok"));
}

fn sample_pages() -> Vec<PathBuf> {
    let mut pages = Vec::new();
    for dir in ["examples/pages", "tests/fixtures"] {
        for entry in fs::read_dir(root().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "txt") {
                pages.push(path);
            }
        }
    }
    pages.sort();
    assert!(!pages.is_empty());
    pages
}

#[test]
fn c_threads_read_one_document() {
    let mut flags = C_FLAGS.to_vec();
    flags.push("-pthread");
    let exe = build(&cc(), &flags, &["tests/c/threads.c"], Link::Static, "threads-static");
    for page in sample_pages().iter().filter(|p| p.starts_with(root().join("examples"))) {
        let out = run(Command::new(&exe).arg(page));
        assert!(String::from_utf8_lossy(&out.stdout).contains("threads: ok"));
    }
}

#[test]
fn c_misuse() {
    let mut flags = C_FLAGS.to_vec();
    flags.push("-pthread");
    let exe = build(&cc(), &flags, &["tests/c/misuse.c"], Link::Static, "misuse-static");
    let pages: Vec<PathBuf> =
        sample_pages().into_iter().filter(|p| p.starts_with(root().join("examples"))).collect();
    let out = run(Command::new(&exe).args(&pages));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains(", 0 failed"), "{stdout}");
}

// ---------------------------------------------------------------------------------------------
// The C view matches the Rust API

fn escape(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            c => out.push(c),
        }
    }
}

fn index(i: Option<u32>) -> String {
    i.map_or("-".to_string(), |i| i.to_string())
}

/// What `api_test --dump` prints for one page, from the Rust API.
fn rust_dump(label: &str, input: &[u8], options: &Options) -> String {
    let doc = newspan::parse_with(input, options).unwrap();
    let mut s = String::new();
    writeln!(s, "== {label}").unwrap();
    writeln!(s, "encoding {}", doc.encoding().name()).unwrap();
    writeln!(s, "layout {}", doc.layout().name()).unwrap();
    writeln!(s, "input_len {}", doc.input_len()).unwrap();
    writeln!(s, "utf8 {}", u8::from(doc.decoded_text().is_none())).unwrap();
    writeln!(s, "decode_errors {}", u8::from(doc.had_decode_errors())).unwrap();
    writeln!(s, "decode_error_count {}", doc.decode_error_count()).unwrap();
    match doc.first_decode_error() {
        Some(offset) => writeln!(s, "first_decode_error {offset}").unwrap(),
        None => writeln!(s, "first_decode_error none").unwrap(),
    }
    writeln!(s, "articles {}", doc.article_count()).unwrap();
    for a in doc.articles() {
        let (span, nodes) = (a.span(), a.node_range());
        writeln!(s, "article {} {} {} {} {}", a.index(), span.start, span.end, nodes.start, nodes.len())
            .unwrap();
        write!(s, "extents {}", a.index()).unwrap();
        for e in a.extents() {
            write!(s, " {}..{}", e.start, e.end).unwrap();
        }
        s.push('\n');
    }
    writeln!(s, "spans {}", doc.nodes().len()).unwrap();
    for (i, n) in doc.nodes().iter().enumerate() {
        write!(s, "span {i} {} {} {}", n.kind.name(), index(n.article), index(n.parent)).unwrap();
        match n.kind {
            Kind::Byline => write!(s, " role={}", n.role().unwrap_or_default().name()).unwrap(),
            Kind::Jump => write!(s, " direction={}", n.direction().unwrap_or_default().name()).unwrap(),
            Kind::Fragment if n.attr == Attr::HyphenRemoved => s.push_str(" hyphen_removed"),
            _ => {}
        }
        write!(s, " {} {} ", n.span.start, n.span.end).unwrap();
        escape(&mut s, &doc.text(input, n));
        s.push('\n');
        if n.kind == Kind::Paragraph {
            write!(s, "joined {i} ").unwrap();
            escape(&mut s, &paragraph_of(&doc, n).text(input));
            s.push('\n');
        }
    }
    s
}

fn paragraph_of<'d>(doc: &'d Document, node: &'d Node) -> newspan::Paragraph<'d> {
    let article = doc.article(node.article.unwrap() as usize).unwrap();
    article.paragraphs().find(|p| std::ptr::eq(p.node, node)).unwrap()
}

/// The same pages in other encodings: GBK (Chinese pages), UTF-16LE with a BOM, UTF-8 with a BOM
/// and CRLF line ends, and a page with malformed bytes.
fn encoded_variants() -> Vec<PathBuf> {
    let dir = out_dir().join("variants");
    fs::create_dir_all(&dir).unwrap();
    let mut out = Vec::new();
    for page in sample_pages().iter().filter(|p| p.starts_with(root().join("examples"))) {
        let text = fs::read_to_string(page).unwrap();
        let stem = page.file_stem().unwrap().to_str().unwrap();
        if stem.ends_with("-zh") {
            let (gbk, _, _) = encoding_rs::GBK.encode(&text);
            let path = dir.join(format!("{stem}.gbk.txt"));
            fs::write(&path, &gbk).unwrap();
            out.push(path);
        }
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let path = dir.join(format!("{stem}.utf16le.txt"));
        fs::write(&path, utf16).unwrap();
        out.push(path);
    }
    // UTF-8 with a BOM and CRLF line ends: spans still index the bytes as given.
    let text = fs::read_to_string(root().join("examples/pages/ocr-en.txt")).unwrap();
    let path = dir.join("ocr-en.bom-crlf.txt");
    fs::write(&path, format!("\u{feff}{}", text.replace('\n', "\r\n"))).unwrap();
    out.push(path);
    let path = dir.join("malformed.txt");
    fs::write(&path, b"Headline here\n\nA paragraph with a bad \xff byte in it.\n").unwrap();
    out.push(path);
    out
}

#[test]
fn c_view_matches_rust_api() {
    let mut pages = sample_pages();
    pages.extend(encoded_variants());
    let out = run(Command::new(api_test(Link::Shared)).arg("--dump").args(&pages));
    let c = String::from_utf8(out.stdout).expect("C dump is UTF-8");
    let mut rust = String::new();
    for page in &pages {
        rust.push_str(&rust_dump(page.to_str().unwrap(), &fs::read(page).unwrap(), &Options::default()));
    }
    assert_same("api_test --dump", &c, &rust);
    // The GBK pages again with the encoding forced through the options.
    let gbk: Vec<_> = pages.iter().filter(|p| p.to_string_lossy().ends_with(".gbk.txt")).collect();
    assert!(!gbk.is_empty());
    let out = run(Command::new(api_test(Link::Static)).args(["--dump", "--encoding", "gbk"]).args(&gbk));
    let options = Options::default().with_encoding_label("gbk").unwrap();
    let rust: String =
        gbk.iter().map(|p| rust_dump(p.to_str().unwrap(), &fs::read(p).unwrap(), &options)).collect();
    assert_same("api_test --dump --encoding gbk", &String::from_utf8(out.stdout).unwrap(), &rust);
}

fn assert_same(what: &str, got: &str, expected: &str) {
    if got == expected {
        return;
    }
    let mut page = "";
    for (i, (g, e)) in got.lines().zip(expected.lines()).enumerate() {
        if e.starts_with("== ") {
            page = e;
        }
        if g != e {
            panic!("{what}: line {} differs (page {page}):\n  C:    {g}\n  Rust: {e}", i + 1);
        }
    }
    panic!("{what}: {} lines from C, {} expected", got.lines().count(), expected.lines().count());
}

// ---------------------------------------------------------------------------------------------
// examples/c

/// Whitespace runs (ASCII, as the C example counts them) become one space; ends trimmed.
fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_ascii_whitespace()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// What `examples/c/cms` prints for one page, from the Rust API.
fn cms_reference(path: &Path) -> String {
    let input = fs::read(path).unwrap();
    let doc = newspan::parse(&input).unwrap();
    let t = |n: &Node| one_line(&doc.text(&input, n));
    let mut s = String::new();
    writeln!(
        s,
        "== {}: {} article(s), {}, {} layout",
        path.file_name().unwrap().to_str().unwrap(),
        doc.article_count(),
        doc.encoding().name(),
        doc.layout().name()
    )
    .unwrap();
    for a in doc.articles() {
        writeln!(s, "-- article {}", a.index() + 1).unwrap();
        for n in a.kicker() {
            writeln!(s, "kicker: {}", t(n)).unwrap();
        }
        let titles: Vec<String> = a.title().map(t).collect();
        if !titles.is_empty() {
            writeln!(s, "headline: {}", titles.join(" ")).unwrap();
        }
        for n in a.subtitle() {
            writeln!(s, "subtitle: {}", t(n)).unwrap();
        }
        for b in a.bylines() {
            writeln!(s, "byline: {} ({})", t(b.node), b.role().name()).unwrap();
        }
        // Authors are names only: a byline without names gives none.
        for b in a.bylines() {
            for n in b.names() {
                writeln!(s, "author: {} ({})", t(n), b.role().name()).unwrap();
            }
        }
        if let Some(d) = a.dateline() {
            write!(s, "dateline: {}", t(d.node)).unwrap();
            let parts: Vec<String> = [("source", d.source()), ("place", d.place()), ("date", d.date())]
                .into_iter()
                .filter_map(|(label, n)| n.map(|n| format!("{label}={}", t(n))))
                .collect();
            if !parts.is_empty() {
                write!(s, " [{}]", parts.join("; ")).unwrap();
            }
            s.push('\n');
        }
        writeln!(s, "paragraphs: {}", a.paragraphs().count()).unwrap();
        for n in a.captions() {
            writeln!(s, "caption: {}", t(n)).unwrap();
        }
        for j in a.jumps() {
            let page = j.page().map_or("?".to_string(), t);
            writeln!(s, "jump: {} page {page}", j.direction().name()).unwrap();
        }
        s.push_str("extents:");
        for e in a.extents() {
            write!(s, " {}..{}", e.start, e.end).unwrap();
        }
        s.push('\n');
    }
    writeln!(
        s,
        "-- page: {} boilerplate, {} unassigned",
        doc.boilerplate().count(),
        doc.unassigned().count()
    )
    .unwrap();
    s
}

fn example_pages() -> Vec<PathBuf> {
    sample_pages().into_iter().filter(|p| p.starts_with(root().join("examples"))).collect()
}

fn check_cms(exe: &Path, env: &[(&str, &Path)]) {
    let pages = example_pages();
    let mut cmd = Command::new(exe);
    cmd.args(&pages);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = run(&mut cmd);
    let expected: String = pages.iter().map(|p| cms_reference(p)).collect();
    assert_same(&exe.display().to_string(), &String::from_utf8(out.stdout).unwrap(), &expected);
}

#[test]
fn cms_example_with_make_and_pkg_config() {
    if !have("make") {
        assert!(env::var_os("CI").is_none(), "make is needed for examples/c");
        eprintln!("cms_example_with_make: skipped, no make");
        return;
    }
    let libs = libs();
    let build = out_dir().join("cms-make");
    // From scratch: make does not see a changed LIBDIR, and the directory is shared by the
    // debug and release test runs (an in-tree newspan.pc of the other profile would be kept).
    let _ = fs::remove_dir_all(&build);
    fs::create_dir_all(&build).unwrap();
    let lib_dir = format!("LIBDIR={}", libs.shared_dir.display());
    let out_var = format!("OUT={}", build.display());
    let cc_var = format!("CC={}", cc());
    run(Command::new("make")
        .arg("-C")
        .arg(root().join("examples/c"))
        .args([&lib_dir, &out_var, &cc_var, "all"]));
    check_cms(&build.join("cms-static"), &[]);
    check_cms(&build.join("cms-shared"), &[]);

    // Installed, then found through pkg-config in one line.
    let prefix = build.join("prefix");
    let prefix_var = format!("PREFIX={}", prefix.display());
    run(Command::new("make").arg("-C").arg(root().join("examples/c")).args([
        &lib_dir,
        &out_var,
        &prefix_var,
        "install",
    ]));
    assert!(prefix.join("include/newspan.h").is_file());
    // The versioned file and its links: libnewspan.so -> libnewspan.so.N -> libnewspan.so.N.M.
    let lib_dir = prefix.join("lib");
    let real = format!("{}.{}", soname(), newspan::ffi::NEWSPAN_ABI_VERSION);
    assert!(lib_dir.join(&real).is_file() && !lib_dir.join(&real).is_symlink(), "{real}");
    assert_eq!(fs::read_link(lib_dir.join(soname())).unwrap(), Path::new(&real));
    assert_eq!(fs::read_link(lib_dir.join("libnewspan.so")).unwrap(), Path::new(&soname()));
    if !have("pkg-config") {
        assert!(env::var_os("CI").is_none(), "pkg-config is needed to check the generated newspan.pc");
        eprintln!("cms_example_with_make: pkg-config checks skipped, no pkg-config");
        return;
    }
    let pc_path = prefix.join("lib/pkgconfig");
    for (package, exe, ld_path) in
        [("newspan", "cms-pc-shared", true), ("newspan-static", "cms-pc-static", false)]
    {
        let flags = run(Command::new("pkg-config")
            .env("PKG_CONFIG_PATH", &pc_path)
            .args(["--cflags", "--libs", package]));
        let flags = String::from_utf8(flags.stdout).unwrap();
        let exe = build.join(exe);
        run(Command::new(cc())
            .args(["-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic"])
            .arg(root().join("examples/c/cms.c"))
            .arg("-o")
            .arg(&exe)
            .args(flags.split_whitespace()));
        let lib = prefix.join("lib");
        let env = [("LD_LIBRARY_PATH", lib.as_path())];
        check_cms(&exe, if ld_path { &env } else { &[] });
    }
    // The in-tree pkg-config files, for building against an uninstalled checkout.
    let flags = run(Command::new("pkg-config")
        .env("PKG_CONFIG_PATH", &build)
        .args(["--cflags", "--libs", "newspan"]));
    assert!(String::from_utf8_lossy(&flags.stdout).contains(&libs.shared_dir.display().to_string()));
    let version =
        run(Command::new("pkg-config").env("PKG_CONFIG_PATH", &pc_path).args(["--modversion", "newspan"]));
    assert_eq!(String::from_utf8_lossy(&version.stdout).trim(), cargo_toml_version());
}

#[test]
fn cms_example_with_cmake() {
    if !have("cmake") {
        // CI installs cmake (.ci/run); a developer machine may not have it.
        assert!(env::var_os("CI").is_none(), "cmake is needed for examples/c/CMakeLists.txt");
        eprintln!("cms_example_with_cmake: skipped, no cmake");
        return;
    }
    let libs = libs();
    let build = out_dir().join("cms-cmake");
    let _ = fs::remove_dir_all(&build);
    fs::create_dir_all(&build).unwrap();
    run(Command::new("cmake")
        .arg("-S")
        .arg(root().join("examples/c"))
        .arg("-B")
        .arg(&build)
        .arg(format!("-DNEWSPAN_LIB_DIR={}", libs.shared_dir.display()))
        .env("CC", cc()));
    run(Command::new("cmake").arg("--build").arg(&build));
    check_cms(&build.join("cms-static"), &[]);
    check_cms(&build.join("cms-shared"), &[]);
}

// ---------------------------------------------------------------------------------------------
// The complete program of the README and of the C API guide

/// The C program in `doc`: the first ```c block holding `int main(void)`.
fn program_in(doc: &str) -> String {
    let text = fs::read_to_string(root().join(doc)).unwrap();
    let mut blocks = text.split("```c\n").skip(1).map(|b| b.split("```").next().unwrap());
    blocks
        .find(|b| b.contains("int main(void)"))
        .unwrap_or_else(|| panic!("no C program in {doc}"))
        .to_string()
}

/// What that program must print: for each article, its title lines, the names of its bylines,
/// its dateline and its paragraphs joined, in table order; each text once.
fn first_program_reference(page: &str) -> String {
    let doc = newspan::parse(page.as_bytes()).unwrap();
    let mut s = String::new();
    for a in doc.articles() {
        writeln!(s, "article {}", a.index() + 1).unwrap();
        for i in a.node_range() {
            let n = &doc.nodes()[i];
            let (field, text) = match n.kind {
                Kind::Title => ("title", doc.text(page.as_bytes(), n).into_owned()),
                Kind::BylineName => ("author", doc.text(page.as_bytes(), n).into_owned()),
                Kind::Dateline => ("dateline", doc.text(page.as_bytes(), n).into_owned()),
                Kind::Paragraph => ("paragraph", paragraph_of(&doc, n).text(page.as_bytes())),
                _ => continue,
            };
            writeln!(s, "  {field:<9} {text}").unwrap();
        }
    }
    s
}

#[test]
fn the_documented_program_prints_each_text_once() {
    for doc in ["README.md", "include/README-C-API.md"] {
        let program = program_in(doc);
        let source = out_dir().join(format!("first-{}.c", doc.replace(['/', '.'], "-")));
        fs::write(&source, &program).unwrap();
        let exe = out_dir().join(format!("first-{}", doc.replace(['/', '.'], "-")));
        run(Command::new(cc())
            .args(C_FLAGS)
            .arg("-I")
            .arg(root().join("include"))
            .arg(&source)
            .arg(&libs().static_lib)
            .args(STATIC_LIBS)
            .arg("-o")
            .arg(&exe));
        let out = String::from_utf8(run(&mut Command::new(&exe)).stdout).unwrap();
        // The page inside the program, as the C compiler joins its string literals.
        let start = program.find("const char *page = ").unwrap();
        let literal = &program[start..program[start..].find(';').unwrap() + start];
        let page: String = literal.split('"').skip(1).step_by(2).collect::<String>().replace("\\n", "\n");
        assert_eq!(out, first_program_reference(&page), "{doc}");
        // Each text once: no line's text holds another's (a parent printed with its child).
        let texts: Vec<&str> = out.lines().filter(|l| l.starts_with("  ")).map(|l| l[12..].trim()).collect();
        for (i, a) in texts.iter().enumerate() {
            for (j, b) in texts.iter().enumerate() {
                assert!(i == j || !a.contains(b), "{doc}: {a:?} and {b:?} both printed");
            }
        }
        assert!(texts.len() >= 4, "{doc}: {out}");
    }
}

// ---------------------------------------------------------------------------------------------
// Python

#[test]
fn python_asserts_the_frozen_layouts() {
    let python = ["python3", "python"].into_iter().find(|p| have(p));
    let Some(python) = python else {
        assert!(env::var_os("CI").is_none(), "python3 is needed for tests/c/layout_check.py");
        eprintln!("python_asserts_the_frozen_layouts: skipped, no python3");
        return;
    };
    let out = run(Command::new(python)
        .arg(root().join("tests/c/layout_check.py"))
        .arg(libs().shared_dir.join("libnewspan.so")));
    assert!(String::from_utf8_lossy(&out.stdout).contains("layout_check: ok"));
}
