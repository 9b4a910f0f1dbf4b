#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""bench-report.py RESULTS JSON SVG COMMIT [ARCH]

Read what vfio_svm_bench printed in the guest (its "# BENCH" and
"# RATIO" lines inside the results file), print one table of figures
(median, min, max over the repetitions) and of ratios judged against
their targets, write JSON and, if gnuplot is installed, an SVG plot of
the two scaling curves. Exit 1 if a figure is missing or a target is
not met.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

NEEDED_RATIOS = ['a_b1', 'a_b64', 'a_b4096', 'a_copy', 'b', 'c', 'd',
                 'e', 'f_inv', 'f_bind']


def parse(path):
    figs, ratios, inside, tap = [], [], False, []
    with open(path, errors='replace') as fh:
        for line in fh:
            line = line.rstrip('\n')
            if line.startswith('@@@ begin kselftest vfio_svm_bench'):
                inside = True
                continue
            if line.startswith('@@@ end kselftest vfio_svm_bench'):
                inside = False
                continue
            if not inside:
                continue
            if line.startswith('# BENCH '):
                figs.append(json.loads(line[8:]))
            elif line.startswith('# RATIO '):
                ratios.append(json.loads(line[8:]))
            elif line.startswith('not ok '):
                tap.append(line)
    return figs, ratios, tap


def met(value, target):
    if value is None:
        return False
    if target.startswith('<='):
        return value <= float(target[2:])
    if target.startswith('>='):
        return value >= float(target[2:])
    return False


def plot(figs, svg):
    if not shutil.which('gnuplot'):
        print('(no gnuplot: no plot)')
        return
    by = {f['id']: f for f in figs if 'median' in f}
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, 'batch.dat'), 'w') as fh:
            for b in (1, 64, 4096):
                s = by.get('svm_inv_b%d' % b, {}).get('median', 'NaN')
                i = by.get('iommufd_inv_b%d' % b, {}).get('median', 'NaN')
                fh.write('%d %s %s\n' % (b, s, i))
        with open(os.path.join(d, 'scale.dat'), 'w') as fh:
            for n in (1, 64, 1024, 4096):
                v = by.get('pasid_inv_%d' % n, {}).get('median', 'NaN')
                fh.write('%d %s\n' % (n, v))
        with open(os.path.join(d, 'dev.dat'), 'w') as fh:
            for n in (1, 8, 64):
                v = by.get('dom_inv_dev%d' % n, {}).get('median', 'NaN')
                b = by.get('bind_dev%d' % n, {}).get('median', 'NaN')
                fh.write('%d %s %s\n' % (n, v, b))
        script = """
set terminal svg size 1200,450 dynamic background rgb 'white'
set output '%s'
set multiplot layout 1,2
set logscale xy
set grid
set key top right
set title 'Invalidation cost per entry against batch size'
set xlabel 'entries per call'
set ylabel 'ns per entry (median)'
plot '%s/batch.dat' using 1:2 with linespoints title 'VFIO\\_IOMMU\\_SVM\\_INVALIDATE', \\
     '' using 1:3 with linespoints title 'IOMMU\\_HWPT\\_INVALIDATE (iommufd)'
set title 'One invalidation against what the container holds'
set xlabel 'bound PASIDs / devices'
set ylabel 'ns per call (median)'
plot '%s/scale.dat' using 1:2 with linespoints title 'PASID entry, N PASIDs bound', \\
     '%s/dev.dat' using 1:2 with linespoints title 'DOMAIN entry, N devices', \\
     '' using 1:3 with linespoints title 'bind+unbind, N devices'
unset multiplot
""" % (svg, d, d, d)
        subprocess.run(['gnuplot'], input=script, text=True, check=False)
    print('plot: %s' % svg)


def main():
    results, out_json, svg, commit = sys.argv[1:5]
    arch = sys.argv[5] if len(sys.argv) > 5 else 'x86_64'
    figs, ratios, bad = parse(results)
    ok = True
    print('vfio_svm_bench, commit %s, %s, %s guest under QEMU TCG, '
          '2 host cores' % (commit, time.strftime('%Y-%m-%d'), arch))
    print('%-18s %-12s %12s %12s %12s' % ('figure', 'unit', 'median',
                                          'min', 'max'))
    for f in figs:
        if 'skip' in f:
            print('%-18s skipped: %s' % (f['id'], f['skip']))
            continue
        print('%-18s %-12s %12.1f %12.1f %12.1f' %
              (f['id'], f['unit'], f['median'], f['min'], f['max']))
    print()
    print('%-8s %10s %8s  %s' % ('ratio', 'value', 'target', 'verdict'))
    seen = set()
    for r in ratios:
        seen.add(r['id'])
        v = r.get('value')
        if r['target'] == 'info':
            # Explains another figure; judged against nothing
            # (skipped, as when max_inv_entries < 4096, is no failure)
            verdict = 'info' if v is not None else \
                'skipped' if 'skip' in r else 'MISSING'
            ok &= v is not None or 'skip' in r
        else:
            good = met(v, r['target'])
            ok &= good
            verdict = 'met' if good else 'NOT MET'
        print('%-8s %10s %8s  %s' % (r['id'],
                                     '-' if v is None else '%.2f' % v,
                                     r['target'], verdict))
    missing = [r for r in NEEDED_RATIOS if r not in seen]
    if missing or bad or not figs:
        ok = False
        print('missing ratios: %s; failed measurements: %s' %
              (' '.join(missing) or '-', len(bad)))
        for line in bad:
            print('  ' + line)
    with open(out_json, 'w') as fh:
        json.dump({'commit': commit, 'date': time.strftime('%Y-%m-%d'),
                   'machine': '%s guest, QEMU TCG, 2 host cores' % arch,
                   'figures': figs, 'ratios': ratios}, fh, indent=1)
    print('json: %s' % out_json)
    plot(figs, svg)
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
