#!/usr/bin/env python3
"""`kwork top` and `kwork dump` against a monitored process, end to end.

usage: monitor_test.py KWORK_TOOL MONITOR_TARGET [BUSY_MODULE.c]

1. The target started with KWORK_MONITOR=1 holds items running and waiting
   (monitor_target.c). `kwork dump PID --json` and `kwork top PID --once
   --json` must show them exactly; the text forms must name them.
2. The channel is private: it is the abstract socket @kwork/PID (no file);
   a client of another user gets no answer.
3. After the target exits the channel is gone, and the tool says so.
4. Without KWORK_MONITOR there is no channel and no monitor thread.
5. fork(): the child runs no monitor and does not keep the parent's alive.
6. With BUSY_MODULE.c: a `kwork run` module, watched as a new user would,
   has its (static) functions named as %ps names them, and unloads cleanly
   on SIGTERM with the channel gone.
"""
import signal
import json
import os
import subprocess
import sys
import time

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("monitor_test.py: FAIL: " + what)


def unix_names():
    with open("/proc/net/unix") as f:
        return {line.split()[-1] for line in f.readlines()[1:]
                if len(line.split()) >= 8}


def start(tool_env):
    env = dict(os.environ)
    env.update(tool_env)
    p = subprocess.Popen([TARGET], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         env=env)
    line = p.stdout.readline().decode()
    if not line.startswith("ready "):
        sys.exit("monitor_test.py: target did not get ready: %r" % line)
    return p, int(line.split()[1])


def kwork(*args, **kw):
    r = subprocess.run([TOOL] + list(args), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, **kw)
    return r.returncode, r.stdout.decode(), r.stderr.decode()


def finish(p):
    p.stdin.write(b"go\n")
    p.stdin.flush()
    out = p.stdout.read().decode()
    return p.wait(timeout=60), out


def dump_json(pid):
    rc, out, err = kwork("dump", str(pid), "--json")
    check(rc == 0, "kwork dump --json exit %d: %s" % (rc, err))
    return json.loads(out)


def by_name(items, name):
    return [i for i in items if i.get("name") == name]


def wait_blocked(pid, name):
    """Poll the dump until task `name` sleeps in wait_for_completion."""
    for _ in range(500):
        d = dump_json(pid)
        t = by_name(d["tasks"], name)
        if t and t[0]["blocked_in"] == "wait_for_completion":
            return d
        time.sleep(0.01)
    check(False, "task %s never shown blocked in wait_for_completion" % name)
    return d


def test_monitored():
    p, pid = start({"KWORK_MONITOR": "1"})
    check(pid == p.pid, "ready line names the target's pid")
    check("@kwork/%d" % pid in unix_names(), "abstract socket @kwork/PID listed")

    d = wait_blocked(pid, "obs_worker")
    check(d["pid"] == pid and d["timing"] is True, "dump header pid/timing")
    wq = by_name(d["workqueues"], "obs_wq")
    check(len(wq) == 1, "obs_wq in the dump's busy workqueues")
    if wq:
        pwq = wq[0]["pwqs"][0]
        check([i["func"] for i in pwq["in_flight"]] == ["obs_blocker"],
              "obs_wq in-flight is obs_blocker: %r" % pwq["in_flight"])
        check(pwq["in_flight"] and pwq["in_flight"][0]["age_ms"] >= 0,
              "in-flight item has an age")
        check([i["func"] for i in pwq["inactive"]] == ["obs_pending_fn"] * 2,
              "obs_wq inactive: 2*obs_pending_fn: %r" % pwq["inactive"])
        check(all(i["age_ms"] is not None and i["age_ms"] >= 0
                  for i in pwq["inactive"]), "waiting items have ages")
    kw = by_name(d["kthread_workers"], "obs_worker")
    check(len(kw) == 1, "obs_worker in the dump's kthread_workers")
    if kw:
        check(kw[0]["current"] and kw[0]["current"]["func"] == "obs_kwork_blocker",
              "obs_worker runs obs_kwork_blocker: %r" % kw[0]["current"])
        check([i["func"] for i in kw[0]["pending"]] == ["obs_kwork_pending"],
              "obs_worker pending: obs_kwork_pending")
    t = by_name(d["tasks"], "obs_worker")
    check(t and t[0]["kind"] == "kthread" and t[0]["state"] == "D",
          "obs_worker task is a kthread in D: %r" % t)

    rc, out, err = kwork("dump", str(pid))
    check(rc == 0, "kwork dump exit %d" % rc)
    for s in ("Tasks:", "workqueue obs_wq: flags=", "in-flight:", "obs_blocker(",
              "inactive: obs_pending_fn(", "kthread_worker obs_worker (pid ",
              "running obs_kwork_blocker(", "wait_for_completion on"):
        check(s in out, "kwork dump text has %r" % s)

    rc, out, err = kwork("top", str(pid), "--once", "--json")
    check(rc == 0, "kwork top --once --json exit %d: %s" % (rc, err))
    top = json.loads(out)
    w = by_name(top["workqueues"], "obs_wq")
    check(len(w) == 1, "obs_wq in top")
    if w:
        w = w[0]
        for k, v in (("started", 1), ("completed", 0), ("in_flight", 1),
                     ("running", 1), ("pending", 2), ("inactive", 2),
                     ("max_in_flight", 3), ("unbound", True), ("mem_reclaim", False)):
            check(w[k] == v, "top obs_wq %s == %r (got %r)" % (k, v, w[k]))
    k = by_name(top["kthread_workers"], "obs_worker")
    check(len(k) == 1, "obs_worker in top")
    if k:
        k = k[0]
        for f, v in (("started", 1), ("completed", 0), ("in_flight", 1),
                     ("pending", 1), ("delayed", 0)):
            check(k[f] == v, "top obs_worker %s == %r (got %r)" % (f, v, k[f]))

    rc, out, err = kwork("top", str(pid), "--once")
    check(rc == 0 and "CMW/RPR" in out and "obs_wq" in out and "obs_worker" in out,
          "kwork top --once text table")
    # Refreshing mode: one JSON document per line, every -d seconds.
    t = subprocess.Popen([TOOL, "top", str(pid), "--json", "-d", "0.05"],
                         stdout=subprocess.PIPE)
    docs = [json.loads(t.stdout.readline()) for _ in range(3)]
    t.kill()
    t.wait()
    check(all(by_name(d["workqueues"], "obs_wq") for d in docs),
          "kwork top --json -d refreshes")

    if os.geteuid() == 0:
        def nobody():
            os.setgid(65534)
            os.setuid(65534)
        try:
            rc, out, err = kwork("dump", str(pid), preexec_fn=nobody)
            check(rc == 1 and out == "" and "without an answer" in err,
                  "another user gets no answer (rc %d, %r)" % (rc, err))
        except PermissionError:
            print("monitor_test.py: (cannot exec the tool as nobody; skipped)")

    rc, out = finish(p)
    check(rc == 0 and "done" in out, "target finished cleanly (%d)" % rc)
    check("@kwork/%d" % pid not in unix_names(), "socket gone after exit")
    rc, out, err = kwork("dump", str(pid))
    check(rc == 1 and "no process %d" % pid in err, "dump of a gone pid: %r" % err)


def test_unmonitored():
    env = {k: v for k, v in os.environ.items() if k != "KWORK_MONITOR"}
    p = subprocess.Popen([TARGET], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         env=env)
    line = p.stdout.readline().decode()
    pid = int(line.split()[1])
    check("@kwork/%d" % pid not in unix_names(), "no socket without KWORK_MONITOR")
    comms = []
    for tid in os.listdir("/proc/%d/task" % pid):
        with open("/proc/%d/task/%s/comm" % (pid, tid)) as f:
            comms.append(f.read().strip())
    check("kwork-monitor" not in comms, "no monitor thread: %r" % comms)
    rc, out, err = kwork("top", str(pid), "--once")
    check(rc == 1 and "no monitor channel" in err and "KWORK_MONITOR=1" in err,
          "top of an unmonitored process: %r" % err)
    rc, _ = finish(p)
    check(rc == 0, "unmonitored target finished")


def test_fork():
    """A forked child runs no monitor and does not keep the parent's alive."""
    env = dict(os.environ, KWORK_MONITOR="1")
    p = subprocess.Popen([TARGET, "fork"], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, env=env)
    lines = [p.stdout.readline().decode(), p.stdout.readline().decode()]
    child = int([l for l in lines if l.startswith("child ")][0].split()[1])
    pid = int([l for l in lines if l.startswith("ready ")][0].split()[1])
    try:
        names = unix_names()
        check("@kwork/%d" % pid in names, "parent still monitored after fork")
        check("@kwork/%d" % child not in names, "no channel for the child")
        rc, out, err = kwork("top", str(pid), "--once", "--json")
        check(rc == 0 and by_name(json.loads(out)["workqueues"], "obs_wq"),
              "parent answers after the fork")
        p.stdin.write(b"go\n")
        p.stdin.flush()
        while p.stdout.readline() not in (b"", b"done\n"):
            pass
        check(p.wait(timeout=60) == 0, "forking target finished")
        check("@kwork/%d" % pid not in unix_names(),
              "parent's channel gone though its child lives")
    finally:
        os.kill(child, 9)


def test_module(module):
    env = dict(os.environ, KWORK_MONITOR="1", KWORK_LOG="stdout")
    p = subprocess.Popen([TOOL, "run", module, "--time", "60"],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    pid = None
    for raw in p.stdout:
        line = raw.decode()
        sys.stdout.write(line)
        if "busy: ready " in line:
            pid = int(line.split("busy: ready ")[1])
            break
    if pid is None:
        check(False, "module never got ready")
        p.kill()
        return
    d = dump_json(pid)
    wq = by_name(d["workqueues"], "busy_wq")
    check(len(wq) == 1, "busy_wq in the module's dump")
    if wq:
        pwq = wq[0]["pwqs"][0]
        check([i["func"] for i in pwq["in_flight"]] == ["stuck_fn [busy_module]"],
              "module static function named: %r" % pwq["in_flight"])
        check([i["func"] for i in pwq["inactive"]] == ["behind_fn [busy_module]"] * 2,
              "module items behind: %r" % pwq["inactive"])
    rc, out, err = kwork("top", str(pid), "--once")
    check(rc == 0 and "busy_wq" in out, "kwork top of the module")
    p.send_signal(signal.SIGTERM)
    out = p.stdout.read().decode()
    sys.stdout.write(out)
    check(p.wait(timeout=60) == 0 and "busy: released" in out,
          "module unloaded cleanly on SIGTERM")
    check("@kwork/%d" % pid not in unix_names(), "module's channel gone")


def test_usage():
    rc, out, err = kwork("top")
    check(rc == 64 and "usage: kwork top PID" in err, "top usage")
    rc, out, err = kwork("dump", "12x")
    check(rc == 64 and "usage: kwork dump PID" in err, "dump usage")


if __name__ == "__main__":
    TOOL, TARGET = sys.argv[1], sys.argv[2]
    test_usage()
    test_monitored()
    test_unmonitored()
    test_fork()
    if len(sys.argv) > 3:
        test_module(sys.argv[3])
    print("monitor_test.py: %s" % ("FAIL" if failures else "ok"))
    sys.exit(1 if failures else 0)
