#!/usr/bin/env bash
# The C tests (api_test.c, threads.c, misuse.c) under AddressSanitizer +
# UndefinedBehaviorSanitizer (with LeakSanitizer), then under valgrind's memcheck; any report,
# error or leak fails the script.
#
#   bash tests/c/sanitize.sh
#
# Needs: cargo, gcc (with libasan and libubsan, as Debian's gcc has), valgrind.
# Builds the library with `cargo build --lib` (dev profile, $CARGO_TARGET_DIR or target/), and
# everything else into target/c-sanitize/ (or $CARGO_TARGET_DIR/c-sanitize/).
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

echo "sanitize.sh: building the library"
cargo build --lib --quiet
lib="$target/debug"
static_libs=(-lgcc_s -lutil -lrt -lpthread -lm -ldl -lc)
flags=(-std=c99 -Wall -Wextra -Werror -pedantic -g -O1 -I "$root/include")
pages=("$root"/examples/pages/*.txt)

# A GBK page too, so that the decoded-copy paths run.
gbk="$out/epaper-zh.gbk.txt"
if command -v iconv >/dev/null && iconv -f UTF-8 -t GBK "$root/examples/pages/epaper-zh.txt" >"$gbk" 2>/dev/null; then
    pages+=("$gbk")
fi

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

if [ "$failed" -ne 0 ]; then
    echo "sanitize.sh: failures above" >&2
    exit 1
fi
echo "sanitize.sh: all C tests clean under ASan/UBSan/LSan and valgrind"
