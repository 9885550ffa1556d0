#!/usr/bin/env bash
# The C tests (api_test.c, threads.c, misuse.c) under AddressSanitizer +
# UndefinedBehaviorSanitizer (with LeakSanitizer), then under valgrind's memcheck against the
# debug library and against the release library (the one a C team links: LTO, optimised, where
# the compiler reorders what the debug build does in order); any report, error or leak fails
# the script. The pages: the sample and fixture pages in UTF-8, the Chinese ones in GBK,
# GB18030 and Big5 (the traditional one), all of them in UTF-16LE and UTF-16BE.
#
#   bash tests/c/sanitize.sh
#
# Needs: cargo, gcc (with libasan and libubsan, as Debian's gcc has), valgrind.
# Builds the library with `cargo build --lib` and `cargo build --release --lib`
# ($CARGO_TARGET_DIR or target/), and everything else into target/c-sanitize/ (or
# $CARGO_TARGET_DIR/c-sanitize/). No valgrind suppression is used.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
target="${CARGO_TARGET_DIR:-$root/target}"
out="$target/c-sanitize"
cc="${CC:-gcc}"
mkdir -p "$out"

for tool in cargo "$cc" valgrind; do
    command -v "$tool" >/dev/null || { echo "sanitize.sh: $tool not found" >&2; exit 1; }
done

echo "sanitize.sh: building the library (debug and release)"
cargo build --lib --quiet
cargo build --release --lib --quiet
lib="$target/debug"
release="$target/release"
# The shared library's SONAME is libnewspan.so.N: programs linked with it load that name.
abi_min="$(sed -n 's/^#define NEWSPAN_ABI_MIN_COMPATIBLE //p' "$root/include/newspan.h")"
ln -sf libnewspan.so "$lib/libnewspan.so.$abi_min"
ln -sf libnewspan.so "$release/libnewspan.so.$abi_min"
static_libs=(-lgcc_s -lutil -lrt -lpthread -lm -ldl -lc)
flags=(-std=c99 -Wall -Wextra -Werror -pedantic -g -O1 -I "$root/include")
pages=("$root"/examples/pages/*.txt)

# The pages re-encoded, so that the decoded-copy paths run: every Chinese sample page in GBK and
# GB18030, the traditional Chinese pages (sample and fixtures) in Big5 (-c: the odd character
# Big5 lacks is left out), every sample page in UTF-16LE and UTF-16BE (with BOMs).
command -v iconv >/dev/null || { echo "sanitize.sh: iconv not found" >&2; exit 1; }
rm -f "$out"/*.GBK.txt "$out"/*.GB18030.txt "$out"/*.BIG5.txt "$out"/*.UTF-16??.txt
encoded=()
for page in "$root"/examples/pages/*.txt "$root"/tests/fixtures/vertical-*.txt; do
    name="$(basename "$page" .txt)"
    case "$page" in
        */examples/pages/*-zh*)
            for enc in GBK GB18030; do
                iconv -f UTF-8 -t "$enc" "$page" >"$out/$name.$enc.txt"
                encoded+=("$out/$name.$enc.txt")
            done
            ;;
    esac
    case "$name" in
        *-zh-hant | vertical-*)
            iconv -c -f UTF-8 -t BIG5 "$page" >"$out/$name.BIG5.txt" || true
            encoded+=("$out/$name.BIG5.txt")
            ;;
    esac
    case "$page" in
        */examples/pages/*)
            { printf '\xff\xfe'; iconv -f UTF-8 -t UTF-16LE "$page"; } >"$out/$name.UTF-16LE.txt"
            { printf '\xfe\xff'; iconv -f UTF-8 -t UTF-16BE "$page"; } >"$out/$name.UTF-16BE.txt"
            encoded+=("$out/$name.UTF-16LE.txt" "$out/$name.UTF-16BE.txt")
            ;;
    esac
done
for enc in GBK GB18030 BIG5 UTF-16LE UTF-16BE; do
    ls "$out"/*."$enc".txt >/dev/null 2>&1 || { echo "sanitize.sh: no $enc page" >&2; exit 1; }
done
fixtures=("$root"/tests/fixtures/*.txt)
pages+=("${encoded[@]}")

failed=0
run() {
    echo "sanitize.sh: $*"
    if ! "$@" >"$out/last.log" 2>&1; then
        echo "sanitize.sh: FAILED: $*" >&2
        tail -n 60 "$out/last.log" >&2
        failed=1
    fi
}

# 1. ASan + UBSan (+ LSan, on by default with ASan on Linux), static library.
san=(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
"$cc" "${flags[@]}" "${san[@]}" tests/c/api_test.c "$lib/libnewspan.a" "${static_libs[@]}" -o "$out/api_test-asan"
"$cc" "${flags[@]}" "${san[@]}" -pthread tests/c/threads.c "$lib/libnewspan.a" "${static_libs[@]}" -o "$out/threads-asan"
"$cc" "${flags[@]}" "${san[@]}" -pthread tests/c/misuse.c "$lib/libnewspan.a" "${static_libs[@]}" -o "$out/misuse-asan"
export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:abort_on_error=0:exitcode=23"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:exitcode=24"
run "$out/api_test-asan"
run "$out/api_test-asan" --dump "${pages[@]}"
run "$out/threads-asan" "${pages[0]}"
run "$out/misuse-asan" "${pages[@]}"
unset ASAN_OPTIONS UBSAN_OPTIONS

# 2. valgrind memcheck, plain builds, static and shared library.
"$cc" "${flags[@]}" tests/c/api_test.c "$lib/libnewspan.a" "${static_libs[@]}" -o "$out/api_test-static"
"$cc" "${flags[@]}" tests/c/api_test.c -L "$lib" -lnewspan -Wl,-rpath,"$lib" -o "$out/api_test-shared"
"$cc" "${flags[@]}" -pthread tests/c/threads.c "$lib/libnewspan.a" "${static_libs[@]}" -o "$out/threads-static"
"$cc" "${flags[@]}" -pthread tests/c/misuse.c "$lib/libnewspan.a" "${static_libs[@]}" -o "$out/misuse-static"
vg=(valgrind --quiet --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect
    --show-leak-kinds=definite,indirect --track-origins=yes)
run "${vg[@]}" "$out/api_test-static"
run "${vg[@]}" "$out/api_test-shared"
run "${vg[@]}" "$out/api_test-static" --dump "${pages[@]}"
run "${vg[@]}" "$out/threads-static" "${pages[0]}"
run "${vg[@]}" "$out/misuse-static" "${pages[0]}"

# 3. valgrind memcheck against the release library, static and shared: every page, in every
#    encoding, detected and forced.
"$cc" "${flags[@]}" tests/c/api_test.c "$release/libnewspan.a" "${static_libs[@]}" -o "$out/api_test-release-static"
"$cc" "${flags[@]}" tests/c/api_test.c -L "$release" -lnewspan -Wl,-rpath,"$release" -o "$out/api_test-release-shared"
"$cc" "${flags[@]}" -pthread tests/c/threads.c "$release/libnewspan.a" "${static_libs[@]}" -o "$out/threads-release"
"$cc" "${flags[@]}" -pthread tests/c/misuse.c "$release/libnewspan.a" "${static_libs[@]}" -o "$out/misuse-release"
run "${vg[@]}" "$out/api_test-release-static"
run "${vg[@]}" "$out/api_test-release-shared"
run "${vg[@]}" "$out/api_test-release-static" --dump "${pages[@]}" "${fixtures[@]}"
run "${vg[@]}" "$out/api_test-release-shared" --dump --encoding gbk "$out"/*.GBK.txt "$out"/*.GB18030.txt
run "${vg[@]}" "$out/api_test-release-static" --dump --encoding big5 "$out"/*.BIG5.txt
run "${vg[@]}" "$out/threads-release" "$out/epaper-zh.GBK.txt"
run "${vg[@]}" "$out/misuse-release" "${pages[@]}"

# 4. The build that showed valgrind's "conditional jump or move depends on uninitialised
#    value(s)" in assemble::parse_page (issue 15; see cues::Part): the release profile as it was
#    then, without LTO and with four codegen units, where the two tests of a dateline part ran
#    in the other order. The GBK pages, detected and forced.
echo "sanitize.sh: building the library as the earlier release profile did (no LTO, 4 codegen units)"
CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=4 \
    cargo build --release --lib --quiet --target-dir "$out/cgu4"
"$cc" "${flags[@]}" tests/c/api_test.c "$out/cgu4/release/libnewspan.a" "${static_libs[@]}" -o "$out/api_test-cgu4"
run "${vg[@]}" "$out/api_test-cgu4" --dump "${pages[@]}"
run "${vg[@]}" "$out/api_test-cgu4" --dump --encoding gbk "$out"/*.GBK.txt

if [ "$failed" -ne 0 ]; then
    echo "sanitize.sh: failures above" >&2
    exit 1
fi
echo "sanitize.sh: all C tests clean under ASan/UBSan/LSan and valgrind"
