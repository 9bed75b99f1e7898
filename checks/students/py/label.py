"""label.py -- verify labels.tsv against the student files by gradient checking.

Usage (Debian's Python, which has numpy):

    /usr/bin/python3 checks/students/py/label.py [-v] [FILE ...]

For every row of labels.tsv (or only the named files) the student's class is
run through netrun.py at 3 seeds x 3 sizes (N,D,H,C = 5,4,10,3 / 7,6,8,4 /
9,5,7,5) with reg = 0.1.  In each run:

* The centred differences (h = 1e-5, float64) of THE STUDENT'S OWN loss, as
  returned by their loss(X, y, reg), are taken w.r.t. every entry of W1, b1,
  W2, b2 and compared with the student's grads.  A gradient is wrong when
  CS231n's relative error max |a-n| / max(1e-8, |a|+|n|) exceeds 1e-6.  One
  guard: an entry whose absolute difference |a-n| is below 1e-8 never counts
  (a centred difference of a summed loss of ~20 carries ~2e-10 of round-off,
  which against a true entry of ~4e-5 is already a relative 2e-6).
  The set of wrong gradients must equal the wrong_params column in every run.
  Every gradient is also required to be clearly on one side: right ones at
  most 1e-6, wrong ones at least 1e-3, so that no label rests on a borderline
  number.
* An independent reference forward pass (this file, not the student's) gives
  the scores relu(X W1 + b1) W2 + b2 and the loss under the declared
  convention:
      reg        mean CE + reg * (|W1|^2 + |W2|^2)
      half       mean CE + 0.5 * reg * (|W1|^2 + |W2|^2)
      reg+bias   mean CE + reg * (|W1|^2 + |W2|^2 + |b1|^2 + |b2|^2)
      half+bias  mean CE + 0.5 * reg * (... same four ...)
      sum-...    the same with the cross-entropy summed over the batch.
  Correct files must reproduce both the scores of loss(X) and the loss.
  Buggy files: with root `forward` the scores must differ from the reference;
  otherwise they must match it.  With root `loss` the loss must differ from
  the declared convention; with any other root (a gradient bug) the loss must
  match it, which checks the convention column of buggy files too.
* Label sanity: correct=yes has wrong_params, root and lines all `-`;
  correct=no has one line per root entry, each inside the file; a leaf root
  (dW2, db2, dW1, db1) is itself among the wrong params; a dz2 root makes
  something wrong, a dp1 or dz1 root makes dW1 or db1 wrong; a bug that
  leaves every gradient right must be a `forward` or `loss` bug.  Every
  student*.py in the directory must have a row.

One line per file, then a summary line; exit status 1 on any disagreement.
"""

import csv
import glob
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import netrun  # noqa: E402

SEEDS = (0, 1, 2)
SIZES = ((5, 4, 10, 3), (7, 6, 8, 4), (9, 5, 7, 5))
REG = 0.1
H_STEP = 1e-5
REL_TOL = 1e-6
ABS_FLOOR = 1e-8
CLEAR_BUG = 1e-3
GRADS = netrun.GRAD_NAMES            # dW1, db1, dW2, db2
ROOTS = ('dz2', 'dW2', 'db2', 'dp1', 'dz1', 'dW1', 'db1', 'forward', 'loss')
CONVENTIONS = [p + b + s for p in ('', 'sum-') for b in ('reg', 'half')
               for s in ('', '+bias')]
COLUMNS = ['file', 'class', 'convention', 'correct', 'wrong_params', 'root',
           'lines', 'note']


def reference_scores(pb):
    """relu(X W1 + b1) W2 + b2, written independently of the students."""
    hidden = np.maximum(pb['X'] @ pb['W1'] + pb['b1'], 0.0)
    return hidden @ pb['W2'] + pb['b2']


def reference_loss(pb, convention, reg):
    """Loss of the correct network under a declared convention."""
    s = reference_scores(pb)
    m = s.max(axis=1, keepdims=True)
    logz = (m + np.log(np.exp(s - m).sum(axis=1, keepdims=True)))[:, 0]
    ce = logz - s[np.arange(len(pb['y'])), pb['y']]
    data = ce.sum() if convention.startswith('sum-') else ce.mean()
    base = convention[4:] if convention.startswith('sum-') else convention
    names = ['W1', 'W2'] + (['b1', 'b2'] if base.endswith('+bias') else [])
    factor = 0.5 if base.startswith('half') else 1.0
    return data + factor * reg * sum(float(np.sum(pb[k] ** 2)) for k in names)


def grad_error(a, n):
    """Relative error as in CS231n, ignoring entries whose absolute
    difference is below ABS_FLOOR (round-off of the centred difference)."""
    a = np.asarray(a, dtype=np.float64)
    n = np.asarray(n, dtype=np.float64)
    diff = np.abs(a - n)
    rel = diff / np.maximum(1e-8, np.abs(a) + np.abs(n))
    rel[diff < ABS_FLOOR] = 0.0
    return float(rel.max()) if rel.size else 0.0


def split(field):
    return [] if field == '-' else [x.strip() for x in field.split(',')]


def check_row(row):
    """Static checks of one label row; returns a list of problems."""
    bad = []
    path = os.path.join(HERE, row['file'])
    if not os.path.isfile(path):
        return ['no such file']
    if row['convention'] not in CONVENTIONS:
        bad.append('unknown convention %r' % row['convention'])
    wrong, roots, lines = split(row['wrong_params']), split(row['root']), split(row['lines'])
    if any(w not in GRADS for w in wrong):
        bad.append('bad wrong_params %r' % row['wrong_params'])
    if any(r not in ROOTS for r in roots):
        bad.append('bad root %r' % row['root'])
    if row['correct'] == 'yes':
        if wrong or roots or lines:
            bad.append('correct file with wrong_params/root/lines')
    elif row['correct'] == 'no':
        nlines = len(open(path).read().splitlines())
        if not roots:
            bad.append('buggy file without root')
        if len(lines) != len(roots):
            bad.append('%d lines for %d roots' % (len(lines), len(roots)))
        for ln in lines:
            if not ln.isdigit() or not 1 <= int(ln) <= nlines:
                bad.append('line %r outside the file' % ln)
        for r in roots:
            if r in ('dW2', 'db2', 'dW1', 'db1') and r not in wrong:
                bad.append('root %s but %s not wrong' % (r, r))
            if r in ('dp1', 'dz1') and not set(wrong) & {'dW1', 'db1'}:
                bad.append('root %s but neither dW1 nor db1 wrong' % r)
            if r == 'dz2' and not wrong:
                bad.append('root dz2 but no wrong gradient')
        if not wrong and not set(roots) & {'forward', 'loss'}:
            bad.append('no wrong gradient and no forward/loss root')
    else:
        bad.append('correct must be yes or no')
    return bad


def check_file(row, verbose=False):
    """Run one file at every seed and size.  Returns the list of problems and
    a summary: the largest raw relative error of a right gradient and the
    smallest relative error of a wrong one, over all runs."""
    problems = check_row(row)
    if problems:
        return problems, {}
    path = os.path.join(HERE, row['file'])
    declared = set(split(row['wrong_params']))
    roots = set(split(row['root']))
    correct = row['correct'] == 'yes'
    conv = row['convention']
    worst_right, worst_wrong = {}, {}
    for seed in SEEDS:
        for (N, D, H, C) in SIZES:
            tag = 'seed %d N,D,H,C=%d,%d,%d,%d' % (seed, N, D, H, C)
            try:
                r = netrun.run(path, row['class'], seed, N, D, H, C, REG)
                pb = r['problem']
                num = netrun.numerical_gradients(r['net'], pb['X'], pb['y'],
                                                 REG, H_STEP)
            except Exception as e:  # the student's code raised
                problems.append('%s: %s: %s' % (tag, type(e).__name__, e))
                continue
            grads = r['grads']
            if sorted(grads) != sorted(netrun.PARAM_NAMES):
                problems.append('%s: grads keys %s' % (tag, sorted(grads)))
                continue
            errs, raw = {}, {}
            for k, g in zip(netrun.PARAM_NAMES, GRADS):
                a = np.asarray(grads[k], dtype=np.float64)
                if a.shape != pb[k].shape:
                    problems.append('%s: %s has shape %s' % (tag, g, a.shape))
                    errs[g] = np.inf
                    continue
                errs[g] = grad_error(a, num[k])
                raw[g] = netrun.rel_error(a, num[k])
            wrong = {g for g in GRADS if errs[g] > REL_TOL}
            for g in GRADS:
                if g in wrong:
                    worst_wrong[g] = min(worst_wrong.get(g, np.inf), errs[g])
                elif g in raw:
                    worst_right[g] = max(worst_right.get(g, 0.0), raw[g])
            if verbose:
                print('    %s: %s' % (tag, ' '.join('%s=%.1e' % (g, raw.get(g, np.inf))
                                                    for g in GRADS)))
            if wrong != declared:
                problems.append('%s: wrong %s, labelled %s' % (
                    tag, ','.join(g for g in GRADS if g in wrong) or '-',
                    row['wrong_params']))
            for g in wrong:
                if errs[g] < CLEAR_BUG:
                    problems.append('%s: %s borderline (%.1e)' % (tag, g, errs[g]))

            ref_s = reference_scores(pb)
            ref_l = reference_loss(pb, conv, REG)
            scores_ok = (r['scores'].shape == ref_s.shape
                         and np.allclose(r['scores'], ref_s, rtol=1e-9, atol=1e-12))
            loss_ok = abs(r['loss'] - ref_l) <= 1e-9 * max(1.0, abs(ref_l))
            if correct or not roots & {'forward'}:
                if not scores_ok:
                    problems.append('%s: scores differ from the reference' % tag)
            else:
                if scores_ok:
                    problems.append('%s: root forward but scores are right' % tag)
            if correct or not roots & {'forward', 'loss'}:
                if not loss_ok:
                    problems.append('%s: loss %.12g, %s gives %.12g'
                                    % (tag, r['loss'], conv, ref_l))
            elif 'loss' in roots and loss_ok:
                problems.append('%s: root loss but loss matches %s' % (tag, conv))
    summary = []
    if worst_right:
        top = max(worst_right.values())
        summary.append('right<=%.0e%s' % (top, ' (|a-n|<1e-8)' if top > REL_TOL else ''))
    if worst_wrong:
        summary.append('wrong>=%.0e' % min(worst_wrong.values()))
    return problems, ' '.join(summary)


def read_labels(path):
    with open(path, newline='') as f:
        rows = list(csv.DictReader(f, delimiter='\t', quoting=csv.QUOTE_NONE))
    if not rows or list(rows[0].keys()) != COLUMNS:
        raise SystemExit('label.py: %s: header must be %s' % (path, '\t'.join(COLUMNS)))
    return rows


def main(argv):
    verbose = '-v' in argv
    only = [os.path.basename(a) for a in argv if a != '-v']
    rows = read_labels(os.path.join(HERE, 'labels.tsv'))
    failed = 0
    labelled = {r['file'] for r in rows}
    if not only:
        for path in sorted(glob.glob(os.path.join(HERE, 'student*.py'))):
            if os.path.basename(path) not in labelled:
                print('FAIL %s: not in labels.tsv' % os.path.basename(path))
                failed += 1
    seen = 0
    counts = {}
    for row in rows:
        if only and row['file'] not in only:
            continue
        seen += 1
        problems, errs = check_file(row, verbose)
        key = (row['convention'], row['correct'])
        counts[key] = counts.get(key, 0) + 1
        desc = '%-16s %-13s correct=%-3s wrong=%-16s root=%-9s' % (
            row['class'], row['convention'], row['correct'],
            row['wrong_params'], row['root'])
        if problems:
            failed += 1
            print('FAIL %s %s' % (row['file'], desc))
            for p in problems[:6]:
                print('     %s' % p)
            if len(problems) > 6:
                print('     ... %d more' % (len(problems) - 6))
        else:
            print('ok   %s %s %s' % (row['file'], desc, errs))
    if only and seen != len(set(only)):
        print('FAIL some named files are not in labels.tsv')
        failed += 1
    ncorrect = sum(v for (c, ok), v in counts.items() if ok == 'yes')
    print('per convention (correct/buggy): ' + ', '.join(
        '%s %d/%d' % (c, counts.get((c, 'yes'), 0), counts.get((c, 'no'), 0))
        for c in CONVENTIONS if counts.get((c, 'yes')) or counts.get((c, 'no'))))
    print('label.py: %d files, %d correct, %d buggy, %d runs each: %s'
          % (seen, ncorrect, seen - ncorrect, len(SEEDS) * len(SIZES),
             'all consistent' if not failed else '%d DISAGREE' % failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
