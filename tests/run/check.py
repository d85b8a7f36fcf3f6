#!/usr/bin/env python3
"""Run one `kwork run` and check its exit status and output.

usage: check.py --status N [--expect TEXT]... [--reject TEXT]... -- CMD...

TEXT is a plain substring of the combined stdout+stderr; --expect must
appear, --reject must not. The output is echoed so ctest shows it.
"""
import subprocess
import sys


def main(argv):
    status, expect, reject = None, [], []
    i = 0
    while argv[i] != "--":
        opt, val = argv[i], argv[i + 1]
        if opt == "--status":
            status = int(val)
        elif opt == "--expect":
            expect.append(val)
        elif opt == "--reject":
            reject.append(val)
        else:
            sys.exit("check.py: unknown option " + opt)
        i += 2
    cmd = argv[i + 1:]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          stdin=subprocess.DEVNULL)
    out = proc.stdout.decode("utf-8", "replace")
    sys.stdout.write(out)
    bad = []
    if status is not None and proc.returncode != status:
        bad.append("exit status %d, expected %d" % (proc.returncode, status))
    bad += ["missing: %r" % e for e in expect if e not in out]
    bad += ["unexpected: %r" % r for r in reject if r in out]
    for b in bad:
        print("check.py: FAIL: " + b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
