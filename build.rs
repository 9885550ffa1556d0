//! Gives the shared library its SONAME, `libnewspan.so.N`, where N is the oldest ABI version
//! it serves (`NEWSPAN_ABI_MIN_COMPATIBLE` in src/ffi/mod.rs): a program linked against it
//! records that name, and runs with any later library of the same N. N goes up only when a
//! release breaks binary compatibility. (On macOS, the install name `@rpath/libnewspan.N.dylib`.)
//!
//! The versioned file names and links are made when installing (`make -C examples/c install`,
//! include/README-C-API.md).

use std::env;
use std::fs;

fn main() {
    println!("cargo:rerun-if-changed=src/ffi/mod.rs");
    println!("cargo:rerun-if-changed=build.rs");
    let source = fs::read_to_string("src/ffi/mod.rs").expect("src/ffi/mod.rs");
    let abi = source
        .lines()
        .find_map(|l| l.trim().strip_prefix("pub const NEWSPAN_ABI_MIN_COMPATIBLE: u32 = "))
        .and_then(|v| v.trim_end_matches(';').trim().parse::<u32>().ok())
        .expect("src/ffi/mod.rs defines `pub const NEWSPAN_ABI_MIN_COMPATIBLE: u32 = N;`");
    match env::var("CARGO_CFG_TARGET_OS").as_deref() {
        Ok("macos" | "ios") => {
            println!("cargo:rustc-cdylib-link-arg=-Wl,-install_name,@rpath/libnewspan.{abi}.dylib");
        }
        Ok("windows") => {}
        _ => println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libnewspan.so.{abi}"),
    }
}
