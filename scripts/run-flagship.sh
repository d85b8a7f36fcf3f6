#!/bin/sh
# make run: build dir as $1; runs the flagship example module for 2 seconds.
set -e
build=${1:-build/plain}
here=$(cd "$(dirname "$0")/.." && pwd)
exec "$build/bin/kwork" run "$here/examples/modules/flagship.c" --time 2
