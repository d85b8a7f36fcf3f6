#!/usr/bin/env python3
"""The USDT probes of docs/observability.md are in the built library.

usage: check_probes.py LIBKWORK

Reads the ELF notes (readelf -n) and checks that every probe named below
is there as an stapsdt note of provider "kwork".
"""
import re
import subprocess
import sys

PROBES = [
    "workqueue_queue_work", "workqueue_activate_work",
    "workqueue_execute_start", "workqueue_execute_end",
    "kthread_work_queue_work", "kthread_work_execute_start",
    "kthread_work_execute_end",
    "timer_start", "timer_expire_entry", "timer_expire_exit", "timer_cancel",
]


def main(lib):
    out = subprocess.run(["readelf", "-n", lib], stdout=subprocess.PIPE,
                         check=True).stdout.decode()
    found = set(re.findall(r"Provider: kwork\s+Name: (\w+)", out))
    missing = [p for p in PROBES if p not in found]
    print("stapsdt probes of provider kwork:", " ".join(sorted(found)))
    for p in missing:
        print("check_probes.py: FAIL: missing probe kwork:" + p)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
