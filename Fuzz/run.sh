#!/usr/bin/env bash
# Fuzzes one of the workbook's file readers with libFuzzer and AddressSanitizer:
#   Fuzz/run.sh checkpoint|idx|png [seconds, default 300] [extra libFuzzer flags]
# Builds the modules under .build/fuzz (apart from the normal build), links the target,
# and runs it on Fuzz/Seeds/<target> plus the corpus it grows in .build/fuzz/corpus/<target>.
# An input that crashes is written to .build/fuzz/crash-… : add it to Tests/ReaderFuzzTests.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?"usage: Fuzz/run.sh checkpoint|idx|png [seconds]"}
seconds=${2:-300}
shift $(( $# < 2 ? $# : 2 ))
build=.build/fuzz/release

case $target in
    checkpoint) source=Fuzz/Checkpoint.swift; modules="FileSupport Diffusion"; max_len=16384 ;;
    idx) source=Fuzz/IDX.swift; modules="FileSupport Diffusion ImageData"; max_len=4096 ;;
    png) source=Fuzz/PNG.swift; modules="FileSupport Plot"; max_len=4096 ;;
    *) echo "unknown target $target: checkpoint, idx or png" >&2; exit 2 ;;
esac

# 1. The readers' modules, instrumented for coverage and AddressSanitizer (object files only).
for module in $modules; do
    swift build -c release --build-path .build/fuzz --target "$module" -Xswiftc -sanitize=fuzzer,address >/dev/null
done
objects=()
for module in $modules; do objects+=("$build/$module.build/"*.o); done

# 2. The fuzz target, linked with libFuzzer's main.
swiftc -O -sanitize=fuzzer,address -parse-as-library "$source" -module-name "Fuzz_$target" \
    -I "$build/Modules" -I Sources/CZlib -I Sources/CCairo $(pkg-config --cflags-only-I cairo | sed 's/-I/-Xcc -I/g') \
    "${objects[@]}" -lz -lcairo -o "$build/fuzz-$target" 2> >(grep -v "ld.gold: warning: Cannot export local symbol" >&2)

# 3. Run: the grown corpus first, the committed seeds second (read only).
mkdir -p ".build/fuzz/corpus/$target"
exec "$build/fuzz-$target" -max_total_time="$seconds" -max_len="$max_len" -rss_limit_mb=2048 -malloc_limit_mb=1024 \
    -artifact_prefix=.build/fuzz/ -print_final_stats=1 "$@" ".build/fuzz/corpus/$target" "Fuzz/Seeds/$target"
