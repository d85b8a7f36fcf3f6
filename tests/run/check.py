#!/usr/bin/env python3
"""Run one `kwork run` and check its exit status and output.

usage: check.py --status N [--expect TEXT]... [--reject TEXT]...
                [--sigterm-at TEXT] -- CMD...

TEXT is a plain substring of the combined stdout+stderr; --expect must
appear, --reject must not. --sigterm-at sends CMD one SIGTERM as soon as
its output shows TEXT (a gate, not a delay). The output is echoed so ctest
shows it.
"""
import signal
import subprocess
import sys


def run(cmd, sigterm_at):
    """Run cmd; Return: (exit status, its combined output)."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL)
    out = b""
    sent = sigterm_at is None
    for line in iter(proc.stdout.readline, b""):
        out += line
        if not sent and sigterm_at.encode() in out:
            proc.send_signal(signal.SIGTERM)
            sent = True
    return proc.wait(), out.decode("utf-8", "replace")


def main(argv):
    status, expect, reject, sigterm_at = None, [], [], None
    i = 0
    while argv[i] != "--":
        opt, val = argv[i], argv[i + 1]
        if opt == "--status":
            status = int(val)
        elif opt == "--expect":
            expect.append(val)
        elif opt == "--reject":
            reject.append(val)
        elif opt == "--sigterm-at":
            sigterm_at = val
        else:
            sys.exit("check.py: unknown option " + opt)
        i += 2
    cmd = argv[i + 1:]
    returncode, out = run(cmd, sigterm_at)
    sys.stdout.write(out)
    bad = []
    if status is not None and returncode != status:
        bad.append("exit status %d, expected %d" % (returncode, status))
    bad += ["missing: %r" % e for e in expect if e not in out]
    bad += ["unexpected: %r" % r for r in reject if r in out]
    for b in bad:
        print("check.py: FAIL: " + b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
