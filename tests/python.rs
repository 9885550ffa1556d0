//! The Python wrapper (`examples/python/newspan.py`) and its examples, tested from `cargo test`:
//! runs `python3 -m unittest discover -s tests/python -v` with `NEWSPAN_LIB` set to the shared
//! library of this build and `NEWSPAN_BIN` to its `newspan` binary (for the test that compares
//! `to_dict()` with `newspan --json`), and fails when any Python test fails.
//!
//! The library is the one Cargo built for this test run (`target/<profile>/deps/libnewspan.so`:
//! building the package's lib for a test builds every crate type); when it is missing, it is
//! built with `cargo build --lib` into a separate target directory, as tests/ffi.rs does.
//!
//! Without `python3` the test prints why and passes, except under CI (`CI` set), where a
//! missing interpreter is an error.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;
use std::{env, fs};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn library_file_name() -> &'static str {
    if cfg!(target_os = "windows") {
        "newspan.dll"
    } else if cfg!(target_os = "macos") {
        "libnewspan.dylib"
    } else {
        "libnewspan.so"
    }
}

/// The shared library of this build.
fn shared_library() -> PathBuf {
    // This test runs as target/<profile>/deps/python-<hash>. The library it links was compiled
    // for this run with every crate type, beside it: target/<profile>/deps/libnewspan.so. (Cargo
    // copies it up to target/<profile> only when the lib itself is a build target, so a copy
    // there may be older than the sources.)
    let exe = env::current_exe().unwrap();
    let deps = exe.parent().unwrap();
    let lib = deps.join(library_file_name());
    if lib.is_file() {
        return lib;
    }
    let profile_dir = deps.parent().unwrap().to_path_buf();
    // Not there (another Cargo, another layout): build it, away from the running build's
    // target directory and its lock.
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("python").join("lib-target");
    fs::create_dir_all(&target).unwrap();
    let profile_name = profile_dir.file_name().and_then(|n| n.to_str()).unwrap_or("debug").to_string();
    let profile = if profile_name == "debug" { "dev" } else { profile_name.as_str() };
    let status = Command::new(env!("CARGO"))
        .args(["build", "--lib", "--profile", profile, "--manifest-path"])
        .arg(Path::new(ROOT).join("Cargo.toml"))
        .arg("--target-dir")
        .arg(&target)
        .status()
        .expect("cannot run cargo");
    assert!(status.success(), "cargo build --lib failed");
    let lib = target.join(&profile_name).join(library_file_name());
    assert!(lib.is_file(), "cargo build --lib made no {}", lib.display());
    lib
}

fn python() -> Option<&'static str> {
    ["python3", "python"].into_iter().find(|p| {
        Command::new(p)
            .args(["-c", "import sys; sys.exit(sys.version_info < (3, 7))"])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

#[test]
fn python_wrapper_tests() {
    let Some(python) = python() else {
        assert!(env::var_os("CI").is_none(), "python3 (3.7 or newer) is needed for tests/python");
        eprintln!("python_wrapper_tests: skipped: no python3 (3.7 or newer) on PATH");
        return;
    };
    let lib = shared_library();
    let mut cmd = Command::new(python);
    cmd.args(["-m", "unittest", "discover", "-s", "tests/python", "-t", "tests/python", "-v"])
        .current_dir(ROOT)
        .env("NEWSPAN_LIB", &lib)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env("PYTHONUNBUFFERED", "1")
        .env("PYTHONIOENCODING", "utf-8")
        .env_remove("CARGO_TARGET_DIR");
    // The `newspan` binary exists when the `cli` feature (a default) is on.
    match option_env!("CARGO_BIN_EXE_newspan") {
        Some(bin) => cmd.env("NEWSPAN_BIN", bin),
        None => cmd.env_remove("NEWSPAN_BIN"),
    };
    let started = Instant::now();
    let out = cmd.output().unwrap_or_else(|e| panic!("cannot run {python}: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    // unittest reports on stderr; shown with `cargo test -- --nocapture`, and on failure.
    eprintln!("{stdout}{stderr}");
    eprintln!("tests/python: {:.1} s with {}", started.elapsed().as_secs_f64(), lib.display());
    assert!(out.status.success(), "the Python tests failed ({}): see the output above", out.status);
    assert!(stderr.contains("\nOK"), "unittest did not report OK");
    let ran = stderr
        .lines()
        .find_map(|l| l.strip_prefix("Ran ").and_then(|r| r.split_whitespace().next()?.parse::<usize>().ok()))
        .unwrap_or(0);
    assert!(ran >= 40, "only {ran} Python tests ran");
}
