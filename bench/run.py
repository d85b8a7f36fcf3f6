#!/usr/bin/env python3
"""kwork bench runner: interleaved rounds, medians, ratios, plot.

Every (workload, row, parameters) run is its own process. Round r runs the
rows of each workload rotated by r (A B C / B C A / C A B ...), so drift on
a shared machine hits every row alike. Each run prints one
"BENCH key=value ..." line, echoed here and kept in results/<stamp>/raw.txt;
then a table of medians (min-max) with the kwork / best-peer ratio per
workload against its target, and ratios.png (gnuplot).

usage: run.py [--quick] [--rounds R] [--only W1,W3] [--build DIR] [--out DIR]
Exit status 1 if any run FAILed (a broken check, a crash, a timeout); a
row that is not built is reported as skipped, never given a number.
"""
import argparse
import datetime
import os
import re
import shutil
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
NPROC = os.cpu_count() or 2

# row name -> (executable, role); role: floor, peer or kwork
ROWS = {
    'F1': ('bench_floors', 'floor'), 'F2': ('bench_floors', 'floor'),
    'F3': ('bench_floors', 'floor'), 'F4': ('bench_floors', 'floor'),
    'heap': ('bench_floors', 'floor'),
    'glib': ('bench_glib', 'peer'), 'glib-timeout': ('bench_glib', 'peer'),
    'libuv': ('bench_libuv', 'peer'), 'libuv-timer': ('bench_libuv', 'peer'),
    'tbb': ('bench_tbb', 'peer'), 'cthreadpool': ('bench_cthreadpool', 'peer'),
    'kwork-unbound': ('bench_kwork', 'kwork'),
    'kwork-system_wq': ('bench_kwork', 'kwork'),
    'kwork-kthread_worker': ('bench_kwork', 'kwork'),
    'kwork-ordered': ('bench_kwork', 'kwork'),
    'kwork-timer': ('bench_kwork', 'kwork'),
    'kwork-delayed_work': ('bench_kwork', 'kwork'),
}
POOL_PEERS = ['glib', 'libuv', 'tbb', 'cthreadpool']
TIMER_PEERS = ['glib-timeout', 'libuv-timer']
KW_POOL = ['kwork-unbound', 'kwork-system_wq']
KW_SERIAL = ['kwork-kthread_worker', 'kwork-ordered']
KW_TIMER = ['kwork-timer', 'kwork-delayed_work']

# (group, workload, rows, extra args, primary metric, lower-is-better
#  secondary metrics); group names the table section.
def plan(quick):
    q = quick
    n = lambda full, small: small if q else full
    groups = [
        ('W1', 'W1', ['F1', 'F2', 'F3'] + POOL_PEERS + KW_POOL,
         {'n': n(2000000, 20000)}, 'ns_per_task', ['cpu_ns_per_task']),
        ('W2', 'W2', ['F1', 'F2', 'F3'] + POOL_PEERS + KW_SERIAL,
         {'n': n(2000000, 20000)}, 'ns_per_task', ['cpu_ns_per_task']),
        ('W3', 'W3', ['F4', 'F2'] + POOL_PEERS + KW_POOL + KW_SERIAL,
         {'n': n(100000, 2000)}, 'p50_us',
         ['p99_us', 'max_us', 'cpu_us_per_rt']),
        ('W3cold', 'W3cold', ['F4'] + POOL_PEERS + KW_POOL + KW_SERIAL,
         {'n': n(4000, 200)}, 'p50_us', ['p99_us', 'max_us', 'cpu_us_per_rt']),
    ]
    for p in (1, 2, 4):
        groups.append(('W4' if p == 2 else 'W4 p=%d' % p, 'W4',
                       ['F1', 'F3'] + POOL_PEERS + KW_POOL,
                       {'n': n(2000000, 20000), 'producers': p},
                       'ns_per_task', ['cpu_ns_per_task']))
    groups += [
        ('W5', 'W5', ['heap'] + TIMER_PEERS + KW_TIMER, {'n': n(200000, 2000)},
         'arm_ns', ['late_p50_ms', 'late_p99_ms', 'late_max_ms', 'early',
                    'late_gran_p99']),
        ('W5C', 'W5C', ['heap'] + TIMER_PEERS + KW_TIMER,
         {'n': n(200000, 2000)}, 'arm_cancel_ns', ['not_cancelled']),
        ('W6', 'W6', ['F2', 'F3'] + POOL_PEERS + KW_POOL,
         {'n': n(1000000, 20000), 'preload': True}, 'bytes_per_task',
         ['mallocs_per_task', 'rss_per_task', 'item_bytes', 'ns_per_submit']),
    ]
    for k in ([1000, 10000] if q else [1000, 10000, 100000, 1000000]):
        groups.append(('SQ n=%d' % k, 'SQ', ['F3'] + POOL_PEERS + KW_POOL,
                       {'n': k, 'scaling': True}, 'ns_per_submit', []))
    for k in ([1000, 10000] if q else [1000, 10000, 100000, 1000000]):
        groups.append(('ST n=%d' % k, 'ST', ['heap'] + TIMER_PEERS + KW_TIMER,
                       {'n': k, 'scaling': True}, 'arm_ns', ['cancel_ns']))
    groups.append(('instr/submit', 'SQ', ['F3'] + POOL_PEERS + KW_POOL,
                   {'n': n(20000, 2000), 'callgrind': True}, 'ir_per_submit',
                   []))
    return groups

# group -> (ratio wanted, target ratio, what the ratio is against)
TARGETS = {
    'W1': (0.25, 'peer'), 'W2': (0.25, 'peer'), 'W3': (0.5, 'peer'),
    'W3cold': (1.1, 'F4'), 'W4': (0.25, 'peer'), 'W5': (0.3, 'peer'),
    'W5C': (0.3, 'peer'),
}

BENCH_RE = re.compile(r'(\w+)=(\S+)')


def parse(line):
    d = dict(BENCH_RE.findall(line))
    for k, v in d.items():
        try:
            d[k] = float(v)
        except ValueError:
            pass
    return d


class Runner:
    def __init__(self, args):
        self.args = args
        self.build = args.build
        self.results = {}      # (group, row) -> list of dicts
        self.skipped = {}      # row -> reason
        self.too_slow_runs = {}  # (group, row) -> reason (scaling)
        self.failed = []
        stamp = datetime.datetime.now().strftime('%Y%m%d-%H%M%S')
        self.out = os.path.join(args.out, stamp + ('-quick' if args.quick else ''))
        os.makedirs(self.out, exist_ok=True)
        self.raw = open(os.path.join(self.out, 'raw.txt'), 'w')

    def log(self, s):
        print(s, flush=True)
        self.raw.write(s + '\n')
        self.raw.flush()

    def cmd(self, workload, row, params):
        exe = os.path.join(self.build, ROWS[row][0])
        argv = [exe, '--workload', workload, '--peer', row,
                '--n', str(params['n'])]
        if 'producers' in params:
            argv += ['--producers', str(params['producers'])]
        env = dict(os.environ, UV_THREADPOOL_SIZE=str(NPROC))
        if workload == 'W2':
            env['UV_THREADPOOL_SIZE'] = '1'
        if params.get('preload'):
            env['LD_PRELOAD'] = os.path.join(self.build, 'libmalloc_count.so')
        outfile = None
        if params.get('callgrind'):
            outfile = os.path.join(self.out, 'callgrind.%s.out' % row)
            argv = ['valgrind', '--tool=callgrind', '--collect-atstart=no',
                    '--callgrind-out-file=' + outfile] + argv + ['--callgrind']
        return argv, env, outfile

    def run_one(self, group, workload, row, params):
        if row in self.skipped:
            return
        exe = os.path.join(self.build, ROWS[row][0])
        if not os.access(exe, os.X_OK):
            self.skip(row, 'skipped: %s not built (its package is missing)'
                      % ROWS[row][0])
            return
        if params.get('callgrind') and not shutil.which('valgrind'):
            self.skip(row + '/callgrind', 'skipped: valgrind not installed')
            return
        if params.get('scaling') and self.too_slow(group, workload, row,
                                                  params):
            return
        argv, env, cgout = self.cmd(workload, row, params)
        timeout = 120 if self.args.quick else 900
        try:
            p = subprocess.run(argv, env=env, capture_output=True, text=True,
                               timeout=timeout)
        except subprocess.TimeoutExpired:
            self.fail('FAIL workload=%s peer=%s: timed out after %d s'
                      % (workload, row, timeout))
            return
        lines = p.stdout.splitlines()
        for l in lines:
            if l.startswith('SKIP'):
                self.skip(row, l.split(': ', 1)[-1])
                return
            if l.startswith('FAIL'):
                self.fail(l)
                return
        bench = [l for l in lines if l.startswith('BENCH ')]
        if p.returncode != 0 or len(bench) != 1:
            self.fail('FAIL workload=%s peer=%s: exit %d, stderr: %s'
                      % (workload, row, p.returncode, p.stderr.strip()[-400:]))
            return
        line = bench[0]
        if cgout:
            ir = callgrind_ir(cgout)
            if ir is None:
                self.fail('FAIL workload=%s peer=%s: no callgrind totals'
                          % (workload, row))
                return
            line += ' tool=callgrind ir_per_submit=%.1f' % (ir / params['n'])
        self.log(line)
        self.results.setdefault((group, row), []).append(parse(line))

    # A scaling run of n items whose projected time, from the same row at
    # the largest smaller n (cost per operation growing as linearly as it
    # may have there), exceeds this is reported as skipped with the
    # projection (GLib's timeouts are O(n) per arm: 1M would take an hour).
    SCALING_BUDGET_S = 120

    def too_slow(self, group, workload, row, params):
        n = params['n']
        prev = [x for (g, r), xs in self.results.items() for x in xs
                if r == row and x.get('workload') == workload
                and x.get('n', n) < n]
        if not prev:
            return False
        x = max(prev, key=lambda y: y['n'])
        per_op = sum(x.get(k, 0) for k in ('ns_per_submit', 'arm_ns',
                                           'cancel_ns'))
        projected = per_op * 1e-9 * n * (n / x['n'])
        if projected <= self.SCALING_BUDGET_S:
            return False
        if (group, row) not in self.too_slow_runs:
            msg = ('skipped: projected %.0f s from %s ns/op at n=%d'
                   % (projected, fmt(per_op), x['n']))
            self.too_slow_runs[(group, row)] = msg
            self.log('SKIP workload=%s peer=%s n=%d: %s'
                     % (workload, row, n, msg))
        return True

    def skip(self, row, why):
        if row not in self.skipped:
            self.skipped[row] = why
            self.log('SKIP peer=%s: %s' % (row, why))

    def fail(self, msg):
        self.failed.append(msg)
        self.log(msg)


def callgrind_ir(path):
    try:
        with open(path) as f:
            for l in f:
                if l.startswith('totals:') or l.startswith('summary:'):
                    return float(l.split()[1])
    except OSError:
        return None
    return None


def median_fmt(vals):
    m = statistics.median(vals)
    if len(vals) == 1:
        return fmt(m)
    return '%s (%s-%s)' % (fmt(m), fmt(min(vals)), fmt(max(vals)))


def fmt(v):
    if v == int(v) and abs(v) < 1e6:
        return '%d' % v
    if abs(v) >= 100:
        return '%.0f' % v
    if abs(v) >= 10:
        return '%.1f' % v
    return '%.3g' % v


def summarize(runner, groups):
    out = []
    ratios = []   # (label, ratio, target)
    for g in groups:
        group, wl, rows, params, primary, secondary = g
        have = [r for r in rows if (group, r) in runner.results]
        if not have:
            continue
        out.append('')
        out.append('## %s  (%s%s)' % (group, primary,
                   ', lower is better'))
        hdr = ['row', primary + ' median (min-max)'] + secondary + ['runs']
        table = [hdr]
        med = {}
        for r in have:
            res = runner.results[(group, r)]
            vals = [x[primary] for x in res if primary in x]
            if not vals:
                continue
            med[r] = statistics.median(vals)
            sec = []
            for s in secondary:
                sv = [x[s] for x in res if s in x]
                sec.append(fmt(statistics.median(sv)) if sv else '-')
            table.append([r, median_fmt(vals)] + sec + [str(len(vals))])
        widths = [max(len(row[i]) for row in table) for i in range(len(hdr))]
        for row in table:
            out.append('  '.join(c.ljust(w) for c, w in zip(row, widths)))
        peers = {r: v for r, v in med.items() if ROWS[r][1] == 'peer'}
        kw = {r: v for r, v in med.items() if ROWS[r][1] == 'kwork'}
        if peers and kw:
            bp = min(peers, key=peers.get)
            bk = min(kw, key=kw.get)
            target = TARGETS.get(group)
            against = bp
            if target and target[1] != 'peer' and target[1] in med:
                against = target[1]
            base = med[against]
            if base > 0:
                ratio = med[bk] / base
                t = ' (target <= %.2g: %s)' % (
                    target[0], 'met' if ratio <= target[0] else 'MISSED') \
                    if target else ''
                out.append('ratio %s / %s = %.3f%s' % (bk, against, ratio, t))
                ratios.append(('%s vs %s' % (group, against), ratio,
                               target[0] if target else None))
            else:
                out.append('ratio: %s is 0, no ratio; %s = %s'
                           % (against, bk, fmt(med[bk])))
        out += extra_targets(runner, group, med)
    return out, ratios


def med_of(runner, group, row, key):
    v = [x[key] for x in runner.results.get((group, row), []) if key in x]
    return statistics.median(v) if v else None


def verdict(ok):
    return 'met' if ok else 'MISSED'


def extra_targets(runner, group, med):
    """The targets that are not a ratio of the primary figure."""
    out = []
    kw = [r for r in med if ROWS[r][1] == 'kwork']
    peers = [r for r in med if ROWS[r][1] == 'peer']
    if group == 'W3' and kw and peers:
        cpu = {r: med_of(runner, group, r, 'cpu_us_per_rt') for r in med}
        bk = min(kw, key=med.get)
        bp = min(peers, key=med.get)
        if cpu[bk] is not None and cpu[bp] is not None:
            out.append('cpu per round trip: %s %s us vs %s %s us (target <= '
                       'best peer\'s: %s)' % (bk, fmt(cpu[bk]), bp,
                                               fmt(cpu[bp]),
                                               verdict(cpu[bk] <= cpu[bp])))
    if group == 'W5':
        for r in kw:
            e = sum(x.get('early', 0)
                    for x in runner.results.get((group, r), []))
            out.append('%s: %d early firings over all runs (target 0: %s)'
                       % (r, e, verdict(e == 0)))
            g = med_of(runner, group, r, 'late_gran_p99')
            if g is not None:
                out.append('%s: p99 lateness = %s x the wheel granularity '
                           '(max(1 jiffy, 12.5%% of the delay); target <= 1: '
                           '%s)' % (r, fmt(g), verdict(g <= 1)))
    if group == 'W6':
        for r in kw:
            m = med_of(runner, group, r, 'mallocs_per_task')
            b = med_of(runner, group, r, 'item_bytes')
            if m is not None:
                out.append('%s: %s mallocs per task (target 0: %s); work '
                           'item %s B (target <= 32: %s)'
                           % (r, fmt(m), verdict(m == 0), fmt(b),
                              verdict(b <= 32)))
    if group == 'instr/submit':
        for r in kw:
            out.append('%s: %s instructions per submit (target <= 60: %s)'
                       % (r, fmt(med[r]), verdict(med[r] <= 60)))
    return out


def plot(runner, ratios):
    if not ratios or not shutil.which('gnuplot'):
        return None
    dat = os.path.join(runner.out, 'ratios.dat')
    png = os.path.join(runner.out, 'ratios.png')
    with open(dat, 'w') as f:
        for i, (label, r, t) in enumerate(ratios):
            f.write('%d "%s" %.4f %s\n' % (i, label.replace(' ', '_'), r,
                                          '%.4f' % t if t else 'NaN'))
    script = '''
set terminal pngcairo size 1100,550 font ",10" noenhanced
set output "%s"
set title "kwork (best row) / best peer, medians of the same run; lower is better; a bar above its dot misses the target"
set style fill solid 0.6
set boxwidth 0.6
set logscale y
set yrange [0.01:*]
set grid ytics
set xtics rotate by -30
set ylabel "ratio"
plot "%s" using 1:3:xtic(2) with boxes title "kwork/best peer", \\
     "" using 1:4 with points pt 7 ps 1.5 title "target", \\
     1 with lines dt 2 title "parity"
''' % (png, dat)
    gp = os.path.join(runner.out, 'ratios.gp')
    with open(gp, 'w') as f:
        f.write(script)
    p = subprocess.run(['gnuplot', gp], capture_output=True, text=True)
    if p.returncode != 0:
        print('gnuplot failed: ' + p.stderr.strip(), flush=True)
        return None
    return png


def machine_line():
    model = ''
    try:
        with open('/proc/cpuinfo') as f:
            for l in f:
                if l.startswith('model name'):
                    model = l.split(':', 1)[1].strip()
                    break
    except OSError:
        pass
    return 'machine: nproc=%d cpu="%s" kernel=%s' % (NPROC, model,
                                                     os.uname().release)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--quick', action='store_true')
    ap.add_argument('--rounds', type=int)
    ap.add_argument('--only', help='comma-separated groups (prefix match)')
    ap.add_argument('--build', default=os.path.join(HERE, '..', 'build',
                                                    'bench'))
    ap.add_argument('--out', default=os.path.join(HERE, 'results'))
    args = ap.parse_args()
    rounds = args.rounds or (1 if args.quick else 5)
    groups = plan(args.quick)
    if args.only:
        want = args.only.split(',')
        groups = [g for g in groups if any(g[0].startswith(w) for w in want)]
    runner = Runner(args)
    runner.log(machine_line())
    runner.log('rounds=%d quick=%d' % (rounds, int(args.quick)))
    for r in range(rounds):
        runner.log('# round %d' % (r + 1))
        for g in groups:
            group, wl, rows, params, _, _ = g
            # scaling and callgrind: 3 rounds and 1 round are enough
            if params.get('callgrind') and r > 0:
                continue
            if params.get('scaling') and r > 2:
                continue
            k = r % len(rows)
            for row in rows[k:] + rows[:k]:
                runner.run_one(group, wl, row, params)
    table, ratios = summarize(runner, groups)
    png = plot(runner, ratios)
    summary = [machine_line(), 'rounds=%d (scaling: up to 3, callgrind: 1)'
               % rounds] + table
    if runner.skipped:
        summary.append('')
        summary += ['skipped %s: %s' % (k, v) for k, v in runner.skipped.items()]
    if runner.too_slow_runs:
        summary.append('')
        summary += ['skipped %s %s: %s' % (g, r, v)
                    for (g, r), v in runner.too_slow_runs.items()]
    if runner.failed:
        summary.append('')
        summary += runner.failed
    if png:
        summary.append('')
        summary.append('plot: ' + png)
    text = '\n'.join(summary) + '\n'
    with open(os.path.join(runner.out, 'summary.txt'), 'w') as f:
        f.write(text)
    latest = os.path.join(args.out, 'latest')
    if os.path.islink(latest) or os.path.exists(latest):
        os.remove(latest)
    os.symlink(os.path.basename(runner.out), latest)
    print('\n' + text, flush=True)
    print('results in ' + runner.out, flush=True)
    return 1 if runner.failed else 0


if __name__ == '__main__':
    sys.exit(main())
