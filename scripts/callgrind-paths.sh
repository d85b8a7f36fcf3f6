#!/bin/sh
# Instructions per operation on kwork's submit and run paths, counted by
# valgrind's callgrind (deterministic on this noisy machine, unlike ns).
# Builds bench/callgrind_paths.c against BUILD_DIR's libkwork.a (-O2, as
# users get it), runs it under callgrind with instrumentation on around each
# phase's loop only, and prints one line per path: its name and Ir / N.
# The dumps stay in OUT_DIR for `callgrind_annotate OUT_DIR/cg.out.N`.
# Usage: scripts/callgrind-paths.sh [BUILD_DIR [N [OUT_DIR]]]
#   defaults: build/plain, 20000, build/callgrind
# Note: system_wq's queue_work reads the CPU (sched_getcpu); valgrind
# emulates that vDSO/rseq read in ~30 instructions that natively cost a few.
set -eu
build=${1:-build/plain}
n=${2:-20000}
out=${3:-build/callgrind}
src=$(cd "$(dirname "$0")/.." && pwd)
command -v valgrind >/dev/null 2>&1 || { echo "callgrind-paths: valgrind not installed" >&2; exit 1; }
[ -f "$build/libkwork.a" ] || { echo "callgrind-paths: $build/libkwork.a missing (make build)" >&2; exit 1; }
mkdir -p "$out"
rm -f "$out"/cg.out*
${CC:-cc} -O2 -g -I"$src/include" -I"$build/include" \
	-o "$out/callgrind_paths" "$src/bench/callgrind_paths.c" \
	"$build/libkwork.a" -lpthread -ldl
valgrind -q --tool=callgrind --instr-atstart=no \
	--callgrind-out-file="$out/cg.out" "$out/callgrind_paths" "$n"
# One dump per phase: "desc: Trigger: Client Request: NAME" and "totals: IR".
for f in "$out"/cg.out.*; do
	awk -v n="$n" '
		/^desc: Trigger: Client Request:/ { name = $5 }
		/^(totals|summary):/ { ir = $2 }
		END { if (name != "") printf "%-24s %7.1f\n", name, ir / n }' "$f"
done | sort -t. -k1,1 | awk 'BEGIN { printf "%-24s %7s\n", "path", "Ir/op" } { print }'
