#!/usr/bin/env bash
# Build the fuzz targets and run each for SECONDS (default 60); fail on any finding.
#
#   bash fuzz/run.sh [SECONDS] [TARGET...]        (targets: parse ffi; default both)
#
# What it does is what `cargo fuzz build -O` + `cargo fuzz run TARGET` do (cargo-fuzz 0.13's
# flags), without needing cargo-fuzz installed: libFuzzer comes from the libfuzzer-sys crate
# (built from source with the system C++ compiler), coverage instrumentation from stable rustc
# codegen flags. AddressSanitizer needs rustc's `-Zsanitizer=address`, which the stable
# compiler accepts only with RUSTC_BOOTSTRAP=1; that variable is set for this build alone,
# never for the library's own build. NEWSPAN_FUZZ_SANITIZER=none builds without it (plain
# stable; the targets still find panics, hangs and broken invariants).
#
# Corpus: fuzz/corpus/TARGET (kept between runs, not committed), seeded at each run from
# examples/pages/*.txt, tests/fixtures/*.txt and fuzz/regressions/*. Findings go to
# fuzz/artifacts/TARGET/; the script prints how to reproduce and minimise them.
#
# Environment: NEWSPAN_FUZZ_TARGET_DIR (default fuzz/target), NEWSPAN_FUZZ_SANITIZER
# (address | none), NEWSPAN_FUZZ_ARGS (extra libFuzzer flags, e.g. -jobs=2 -workers=2).
set -euo pipefail

fuzz="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$fuzz")"
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(parse ffi)
sanitizer="${NEWSPAN_FUZZ_SANITIZER:-address}"
target_dir="${NEWSPAN_FUZZ_TARGET_DIR:-$fuzz/target}"
triple="$(rustc -vV | sed -n 's/^host: //p')"

for tool in cargo rustc c++; do
    command -v "$tool" >/dev/null || { echo "fuzz/run.sh: $tool not found" >&2; exit 1; }
done

# cargo-fuzz 0.13's instrumentation flags (src/project.rs), release mode.
flags="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4"
flags+=" -Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table"
flags+=" -Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing"
flags+=" -Cllvm-args=-simplifycfg-branch-fold-threshold=0 -Cllvm-args=-sanitizer-coverage-stack-depth"
flags+=" -Cdebug-assertions -Ccodegen-units=1"
case "$sanitizer" in
    address) flags+=" -Zsanitizer=address"; export RUSTC_BOOTSTRAP=1 ;;
    none) ;;
    *) echo "fuzz/run.sh: NEWSPAN_FUZZ_SANITIZER must be address or none" >&2; exit 1 ;;
esac

echo "fuzz/run.sh: building ${targets[*]} (sanitizer: $sanitizer, $triple)"
build_start=$(date +%s)
bins=()
for t in "${targets[@]}"; do bins+=(--bin "$t"); done
RUSTFLAGS="$flags" cargo build --quiet --release --manifest-path "$fuzz/Cargo.toml" \
    --target "$triple" --target-dir "$target_dir" --config 'profile.release.debug="line-tables-only"' "${bins[@]}"
unset RUSTC_BOOTSTRAP
echo "fuzz/run.sh: built in $(( $(date +%s) - build_start ))s"

seeds="$target_dir/seeds"
rm -rf "$seeds"
mkdir -p "$seeds"
cp "$root"/examples/pages/*.txt "$root"/tests/fixtures/*.txt "$seeds/"
if [ -d "$fuzz/regressions" ]; then
    find "$fuzz/regressions" -maxdepth 1 -type f ! -name '*.md' -exec cp {} "$seeds/" \;
fi

failed=0
for t in "${targets[@]}"; do
    corpus="$fuzz/corpus/$t"
    artifacts="$fuzz/artifacts/$t"
    mkdir -p "$corpus" "$artifacts"
    log="$target_dir/fuzz-$t.log"
    echo "fuzz/run.sh: $t for ${seconds}s (log: $log)"
    # -timeout: one input taking 10 s is a hang (inputs are at most 8 KiB);
    # -rss_limit_mb: the whole process, ASan's shadow memory included.
    # shellcheck disable=SC2086
    if "$target_dir/$triple/release/$t" "$corpus" "$seeds" \
        -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=3072 \
        -dict="$fuzz/newspan.dict" -artifact_prefix="$artifacts/" -print_final_stats=1 \
        ${NEWSPAN_FUZZ_ARGS:-} >"$log" 2>&1; then
        stats=$(grep -E '^#[0-9]+.*(DONE|cov:)' "$log" | tail -n 1 || true)
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
        echo "fuzz/run.sh: $t: no finding; ${runs:-?} executions; last: $stats"
    else
        failed=1
        echo "fuzz/run.sh: $t: FINDING" >&2
        # The panic message (a broken invariant names the input and the node), or the
        # sanitizer's or libFuzzer's report (out of bounds, leak, timeout, out of memory).
        {
            awk '/panicked at/ {p = 1} /^stack backtrace:/ {p = 0} p' "$log" | head -n 40
            grep -E -A 30 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer: (timeout|out-of-memory))' "$log" | head -n 40
            grep -E '^SUMMARY' "$log" || tail -n 20 "$log"
        } >&2
        for a in "$artifacts"/*; do
            [ -e "$a" ] || continue
            echo "fuzz/run.sh: reproduce: $target_dir/$triple/release/$t $a" >&2
            echo "fuzz/run.sh: minimise:  $target_dir/$triple/release/$t -minimize_crash=1 -runs=10000 $a" >&2
        done
    fi
done
exit "$failed"
