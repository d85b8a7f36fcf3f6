#!/bin/sh
# make run: build dir as $1. Runs the flagship module with `kwork run` once
# the kernel-name headers it needs are in the tree; until then the native
# flagship program, which shows the same mechanisms through the kw_ API.
set -e
build=${1:-build/plain}
here=$(cd "$(dirname "$0")/.." && pwd)
if [ -f "$here/include/linux/kthread.h" ] && [ -f "$here/include/linux/workqueue.h" ]; then
	exec "$build/bin/kwork" run "$here/examples/modules/flagship.c" --time 2
fi
exec "$build/examples/flagship"
