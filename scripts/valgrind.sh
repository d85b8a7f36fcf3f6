#!/bin/sh
# make valgrind / make helgrind / make drd: the unit suite under one of
# valgrind's tools (docs/debugging.md). Every forked test case is checked
# (valgrind follows fork); an error makes that case exit 99, so the case
# and the run fail.
# - memcheck (make valgrind, plain build): invalid accesses, uninitialised
#   reads, definite leaks; also a short torture run. No suppressions.
# - helgrind, drd (make helgrind / make drd, build/helgrind, configured with
#   -DKWORK_VALGRIND_ANNOTATE=ON): data races, and for helgrind lock-order
#   and pthread API misuse. The annotated build tells the tools the
#   happens-before edges kwork's atomics create (src/vg_annotate.h);
#   scripts/valgrind-race.supp holds only glibc-internal entries.
# Usage: scripts/valgrind.sh BUILD_DIR [memcheck|helgrind|drd] [TEST...]
#   TEST: run only these binaries (names as in BUILD_DIR/tests).
set -u
build=${1:-build/plain}
tool=${2:-memcheck}
[ $# -ge 2 ] && shift 2 || shift $#
here=$(cd "$(dirname "$0")" && pwd)
command -v valgrind >/dev/null 2>&1 || {
	echo "kwork: installing valgrind" >&2
	SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null
}
case $tool in
memcheck)
	vg="valgrind -q --fair-sched=yes --tool=memcheck --error-exitcode=99 --leak-check=full \
--errors-for-leak-kinds=definite --show-leak-kinds=definite" ;;
helgrind)
	vg="valgrind -q --fair-sched=yes --tool=helgrind --error-exitcode=99 \
--suppressions=$here/valgrind-race.supp" ;;
drd)
	vg="valgrind -q --fair-sched=yes --tool=drd --error-exitcode=99 \
--suppressions=$here/valgrind-race.supp" ;;
*)
	echo "valgrind.sh: unknown tool $tool" >&2; exit 2 ;;
esac
# Left out of the race tools, each for its reason (docs/debugging.md):
race_excluded() {
	case $tool:$1 in
	drd:test_hot_paths) echo "its W1 wake-after-unlock case does not finish in 10 minutes under DRD even at 1/20 of its items (helgrind, TSan and ASan run it)" ;;
	*) return 1 ;;
	esac
}
export KWTEST_TIMEOUT=600
# The race tools judge an interleaving by its happens-before graph, so the
# race loops (kwt_loops() in tests/kwtest.h) run 1/20 of their iterations.
[ "$tool" = memcheck ] || export KWTEST_LOOP_DIVISOR=20
# debugobjects' init filter reads fresh memory (memcheck would flag it): the
# harness leaves it off; tests/unit/test_debugobjects.c turns it on itself.
export KWTEST_DEBUG_OBJECTS=0
failed=0
passed=0
skipped=0
tests=${*:-$(cd "$build/tests" && ls -d test_*)}
for name in $tests; do
	t=$build/tests/$name
	[ -x "$t" ] && [ -f "$t" ] || continue
	if [ "$tool" != memcheck ] && reason=$(race_excluded "$name"); then
		skipped=$((skipped + 1))
		echo "$tool: $name skipped: $reason"
		continue
	fi
	# The workqueue tests and test_stats re-exec /proc/self/exe with 4 virtual CPUs unless
	# KWORK_NR_CPUS is set; under valgrind that names valgrind's tool.
	cpus=${KWORK_NR_CPUS:-}
	case $name in test_workqueue*|test_stats) cpus=${cpus:-4} ;; esac
	log=$build/$tool-$name.log; [ "$tool" = memcheck ] && log=$build/valgrind-$name.log
	start=$(date +%s)
	if env ${cpus:+KWORK_NR_CPUS=$cpus} $vg "$t" >"$log" 2>&1; then
		passed=$((passed + 1))
		echo "$tool: $name clean ($(($(date +%s) - start)) s)"
	else
		failed=$((failed + 1))
		echo "$tool: $name FAILED (see $log)"
	fi
done
if [ "$tool" = memcheck ] && [ $# = 0 ]; then
	if $vg "$build/tests/torture/torture" 3 >"$build/valgrind-torture.log" 2>&1; then
		passed=$((passed + 1))
		echo "valgrind: torture clean"
	else
		failed=$((failed + 1))
		echo "valgrind: torture FAILED (see $build/valgrind-torture.log)"
	fi
fi
echo "$tool: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
