#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""results.py ARCH PREFIX KUNIT_PY COUNTS

Judge one VM run: split PREFIX.results into its suites, count KUnit results
with the kernel's own "kunit.py parse", count kselftest TAP results, and scan
PREFIX.console for kernel splats. Appends "pass fail skip name" lines to
COUNTS and exits non-zero if anything failed, a splat was seen, or the run
did not finish.
"""
import re
import subprocess
import sys

SPLATS = [
    r'BUG:', r'WARNING:', r'KASAN', r'UBSAN', r'Kernel panic',
    r'Oops', r'general protection fault', r'kernel BUG at',
    r'possible circular locking', r'possible recursive locking',
    r'inconsistent lock state', r'suspicious RCU usage',
    r'unreferenced object', r'suspected memory leak',
    r'INFO: task .* blocked for more than', r'soft lockup',
    r'rcu_sched detected stalls', r'rcu: INFO:', r'Call Trace:',
    r'^TIMEOUT:', r'segfault at',
]
SPLAT_RE = re.compile('|'.join(SPLATS))


def sections(text):
    """Yield (kind, name, lines, end-line) for each @@@ begin/end pair."""
    cur = None
    for line in text.splitlines():
        m = re.match(r'@@@ begin (\S+) (\S+)', line)
        if m:
            cur = [m.group(1), m.group(2), [], None]
            continue
        m = re.match(r'@@@ end (\S+) (\S+)(.*)', line)
        if m and cur:
            cur[3] = m.group(3).strip()
            yield tuple(cur)
            cur = None
            continue
        if cur:
            cur[2].append(line)
    if cur:
        yield (cur[0], cur[1], cur[2], 'unfinished')


def kselftest_counts(lines):
    p = f = s = 0
    plan = None
    for line in lines:
        m = re.match(r'1\.\.(\d+)', line)
        if m and plan is None:
            plan = int(m.group(1))
        m = re.match(r'(not )?ok \d+ (.*)', line)
        if not m:
            continue
        if re.search(r'#\s*SKIP', m.group(2), re.I):
            s += 1
        elif m.group(1):
            f += 1
        else:
            p += 1
    return p, f, s, plan


def kunit_counts(kunit_py, lines):
    """Run kunit.py parse on one suite's KTAP and read its summary."""
    res = subprocess.run([sys.executable, kunit_py, 'parse'],
                         input='\n'.join(lines) + '\n', text=True,
                         capture_output=True)
    out = res.stdout
    m = re.search(r'Ran (\d+) tests?: (.*)', out)
    p = f = s = 0
    if m:
        for k, v in re.findall(r'(passed|failed|skipped|crashed|errors): (\d+)',
                               m.group(2)):
            if k == 'passed':
                p = int(v)
            elif k == 'skipped':
                s = int(v)
            else:
                f += int(v)
    else:
        f = 1
    return p, f, s, out


def main():
    arch, prefix, kunit_py, counts = sys.argv[1:5]
    ok = True
    rows = []
    try:
        results = open(prefix + '.results', errors='replace').read()
    except FileNotFoundError:
        results = ''
    console = open(prefix + '.console', errors='replace').read()

    for kind, name, lines, end in sections(results):
        if kind == 'acpi':	# a table dump, not a test
            continue
        if kind == 'kunit':
            p, f, s, out = kunit_counts(kunit_py, lines)
            with open(prefix + '.kunit-' + name + '.txt', 'w') as fh:
                fh.write(out)
        else:
            p, f, s, plan = kselftest_counts(lines)
            rc = re.search(r'rc=(\d+)', end or '')
            rc = int(rc.group(1)) if rc else -1
            if plan is None or p + f + s != plan:
                print(f'  {arch} {name}: plan {plan} but {p + f + s} results')
                f += 1
            if rc not in (0, 4) and f == 0:
                print(f'  {arch} {name}: exit status {rc}')
                f += 1
        rows.append((p, f, s, f'{arch}:{kind}:{name}'))
        print(f'  {arch:7} {kind:9} {name:28} pass {p:4}  fail {f:3}  skip {s:3}')
        ok = ok and f == 0

    if '@@@ done' not in results:
        print(f'  {arch}: the VM did not finish its plan (see {prefix}.console)')
        rows.append((0, 1, 0, f'{arch}:vm:finished'))
        ok = False
    splats = [l for l in console.splitlines() if SPLAT_RE.search(l)]
    if splats:
        print(f'  {arch}: kernel splats in {prefix}.console:')
        for l in splats[:20]:
            print('    ' + l)
        rows.append((0, 1, 0, f'{arch}:vm:splat-free'))
        ok = False
    else:
        rows.append((1, 0, 0, f'{arch}:vm:splat-free'))
    with open(counts, 'a') as fh:
        for r in rows:
            fh.write('%d %d %d %s\n' % r)
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
