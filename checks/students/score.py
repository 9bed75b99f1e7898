#!/usr/bin/env python3
"""score.py -- gradcheck's verdicts on the labelled students' Python files,
as TAP.

    python3 score.py [--all] [--layout grads|dir|npz] GRADCHECK
    python3 score.py --python GRADCHECK

For each file of py/labels.tsv, save.py runs the student's TwoLayerNet on a
small random net and saves what a numpy user hands over (the batch, the
parameters, the scores, the loss and the gradients); GRADCHECK --npy then
judges it.  With --python, GRADCHECK --python runs the file itself, and a
buggy file's verdict must also name, in the column where, every labelled
line of its mistakes.  Each verdict is compared with the label, which
centred differences of the student's own loss decided:

  correct  exit 0, no gradient flagged
  buggy    exit 1, and exactly the parameter gradients that disagree with
           the student's own loss flagged (root or inherited); for a
           mistake in the forward pass or the loss, exit 1 with the scores
           or the loss named

Each file runs at one of three settings (seed, net, batch, reg), in turn;
--all runs every file at all three.  One test point for each correct file
(a false alarm is never acceptable), then one for the score over all runs,
which must reach 95% (90% with --python, which must also find the line);
the runs judged wrong are listed as diagnostics.
"""

import csv
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SETTINGS = [(1, '4,10,3', 5, 0.1), (2, '6,8,4', 7, 0.05), (3, '5,7,5', 9, 0.2)]
PARAMS = ('dW1', 'db1', 'dW2', 'db2')


def verdict(cmd):
    """Run gradcheck: (exit status, {row: (status, cause, where)}, stderr)."""
    p = subprocess.run(cmd, capture_output=True, text=True)
    rows, cols = {}, None
    for line in p.stdout.splitlines():
        if line.startswith('#'):
            continue
        t = line.split('\t')
        if cols is None:
            cols = {name: i for i, name in enumerate(t)}
            continue
        rows[t[0]] = (t[cols['status']], t[cols['cause']],
                      t[cols['where']] if 'where' in cols else '-')
    return p.returncode, rows, p.stderr.strip()


def judge(label, rc, rows, lines):
    """Is the verdict right?  With lines, the labelled lines of a gradient
    mistake must each be a root's where."""
    flagged = sorted(g for g in PARAMS
                     if rows.get(g, ('ok',))[0] in ('root', 'inherited'))
    want = sorted(x for x in label['wrong_params'].split(',') if x != '-')
    if label['correct'] == 'yes':
        return rc == 0 and not flagged, flagged
    root = label['root']
    if root in ('forward', 'loss'):
        row = 'scores' if root == 'forward' else 'loss'
        return rc == 1 and rows.get(row, ('ok',))[0] == 'root', flagged
    if lines:
        named = set(v[2].rsplit(':', 1)[-1] for v in rows.values()
                    if v[0] == 'root')
        if not set(label['lines'].split(',')) <= named:
            return False, flagged
    return rc == 1 and flagged == want, flagged


def run_saved(gradcheck, lab, setting, layout):
    """save.py, then gradcheck --npy on what it saved."""
    seed, net, batch, reg = setting
    d = tempfile.mkdtemp(prefix='score.')
    out = d if layout != 'npz' else d + '/all.npz'
    f = os.path.join(HERE, 'py', lab['file']) + ':' + lab['class']
    s = subprocess.run([sys.executable, os.path.join(HERE, 'py', 'save.py'),
                        f, out, '--seed', str(seed), '--net', net,
                        '--batch', str(batch), '--reg', str(reg),
                        '--layout', layout], capture_output=True, text=True)
    if s.returncode != 0:
        result = (-1, {}, 'save.py: ' + s.stderr.strip())
    else:
        result = verdict([gradcheck, '--npy', out, '--reg', str(reg),
                          '--format', 'tsv'])
    shutil.rmtree(d, ignore_errors=True)
    return result


def run_python(gradcheck, lab, setting):
    """gradcheck --python on the file itself."""
    seed, net, batch, reg = setting
    f = os.path.join(HERE, 'py', lab['file']) + ':' + lab['class']
    return verdict([gradcheck, '--python', f, '--seed', str(seed), '--net',
                    net, '--batch', str(batch), '--reg', str(reg),
                    '--format', 'tsv'])


def main(argv):
    layout, every, python = 'grads', False, False
    while argv and argv[0].startswith('--'):
        if argv[0] == '--all':
            every = True
            argv = argv[1:]
        elif argv[0] == '--python':
            python = True
            argv = argv[1:]
        elif argv[0] == '--layout':
            layout, argv = argv[1], argv[2:]
        else:
            break
    gradcheck = argv[0]
    labels = list(csv.DictReader(open(os.path.join(HERE, 'py', 'labels.tsv')),
                                 delimiter='\t'))
    runs = [(lab, s) for i, lab in enumerate(labels)
            for s in (SETTINGS if every else [SETTINGS[i % 3]])]
    ncorrect = sum(1 for lab in labels if lab['correct'] == 'yes')
    print('1..%d' % (ncorrect + 1))
    n = right = 0
    misses, false_alarm = [], {}
    for lab, setting in runs:
        seed = setting[0]
        if python:
            rc, rows, err = run_python(gradcheck, lab, setting)
        else:
            rc, rows, err = run_saved(gradcheck, lab, setting, layout)
        good, flagged = judge(lab, rc, rows, python)
        n += 1
        right += good
        if not good:
            misses.append('%s seed %d (%s, root %s, wrong %s): exit %d, '
                          'flagged %s; %s %s' % (
                              lab['file'], seed, lab['convention'],
                              lab['root'], lab['wrong_params'], rc,
                              ','.join(flagged) or '-',
                              ' '.join('%s:%s:%s@%s' % (k, v[0], v[1], v[2])
                                       for k, v in rows.items()
                                       if v[0] != 'ok'), err))
        if lab['correct'] == 'yes':
            false_alarm[lab['file']] = false_alarm.get(lab['file'], 0) + \
                (not good)
    t = 0
    for lab in labels:
        if lab['correct'] != 'yes':
            continue
        t += 1
        print('%s %d - %s (correct, %s): exit 0 and nothing flagged' % (
            'ok' if false_alarm.get(lab['file'], 0) == 0 else 'not ok', t,
            lab['file'], lab['convention']))
    for m in misses:
        print('# judged wrong: ' + m)
    bar = 0.90 if python else 0.95
    print('%s %d - %d of %d runs judged right (%.1f%%), at least %d%%' % (
        'ok' if right >= bar * n else 'not ok', t + 1, right, n,
        100.0 * right / max(n, 1), round(100 * bar)))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
