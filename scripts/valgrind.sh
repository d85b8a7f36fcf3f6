#!/bin/sh
# make valgrind: the unit suite and a short torture run under valgrind's
# memcheck (invalid accesses, uninitialised reads, definite leaks), in the
# plain build. Every forked test case is checked (valgrind follows fork);
# an error makes that case exit 99, so the case and the run fail.
# Helgrind and DRD are not run: they do not model C11 atomics, which kwork's
# spinlocks, mutexes and sleep/wake protocol are built on, so they report
# every lock-free handoff as a race (the TSan build, which does model them,
# is the race checker). See docs/debugging.md.
# No suppressions are needed.
# Usage: scripts/valgrind.sh BUILD_DIR
set -u
build=${1:-build/plain}
command -v valgrind >/dev/null 2>&1 || {
	echo "kwork: installing valgrind" >&2
	SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null
}
vg="valgrind -q --tool=memcheck --error-exitcode=99 --leak-check=full \
--errors-for-leak-kinds=definite --show-leak-kinds=definite"
export KWTEST_TIMEOUT=600
# debugobjects' init filter reads fresh memory (memcheck would flag it): the
# harness leaves it off; tests/unit/test_debugobjects.c turns it on itself.
export KWTEST_DEBUG_OBJECTS=0
failed=0
passed=0
for t in "$build"/tests/test_*; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	# The workqueue tests re-exec /proc/self/exe with 4 virtual CPUs unless
	# KWORK_NR_CPUS is set; under valgrind that names valgrind's tool.
	cpus=${KWORK_NR_CPUS:-}
	case $name in test_workqueue*) cpus=${cpus:-4} ;; esac
	if env ${cpus:+KWORK_NR_CPUS=$cpus} $vg "$t" >"$build/valgrind-$name.log" 2>&1; then
		passed=$((passed + 1))
		echo "valgrind: $name clean"
	else
		failed=$((failed + 1))
		echo "valgrind: $name FAILED (see $build/valgrind-$name.log)"
	fi
done
if $vg "$build/tests/torture/torture" 3 >"$build/valgrind-torture.log" 2>&1; then
	passed=$((passed + 1))
	echo "valgrind: torture clean"
else
	failed=$((failed + 1))
	echo "valgrind: torture FAILED (see $build/valgrind-torture.log)"
fi
echo "valgrind: $passed passed, $failed failed"
[ "$failed" = 0 ]
