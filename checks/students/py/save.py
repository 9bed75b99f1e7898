"""save.py -- run one student file and save what a numpy user would hand over.

Usage (Debian's Python, which has numpy):

    /usr/bin/python3 checks/students/py/save.py FILE[:CLASS] OUTDIR
        [--seed S] [--net D,H,C] [--batch N] [--reg R]
        [--layout grads|dir|npz]

FILE is a student's .py file; CLASS defaults to TwoLayerNet (or the only
class with a loss method).  The problem is netrun.make_problem(S, N, D, H, C)
(defaults: seed 0, net 4,10,3, batch 5, reg 0.1): X ~ randn(N,D), y random
int64 labels, W1 ~ randn(D,H)/sqrt(D), b1 ~ 0.1 randn(H), W2 ~ randn(H,C)/sqrt(H),
b2 ~ 0.1 randn(C), with the rows of X redrawn until no entry of z1 or of the
scores is within 1e-3 of zero.  The student's loss(X, y, reg=R) and loss(X)
are called and saved as:

  grads (default)  OUTDIR/X.npy y.npy W1.npy b1.npy W2.npy b2.npy
                   loss.npy   (0-d float64: the student's loss value)
                   scores.npy (N,C: what loss(X) returned)
                   grads.npz  (np.savez(OUTDIR/grads.npz, **grads): the
                               student's dict as it is, keys W1 b1 W2 b2)
  dir              the same files, but the gradients as dW1.npy db1.npy
                   dW2.npy db2.npy instead of grads.npz
  npz              one archive OUTDIR.npz (a trailing .npz in OUTDIR is
                   kept, not doubled) holding X y W1 b1 W2 b2 loss scores
                   dW1 db1 dW2 db2

OUTDIR is created if needed.  Exit status: 0 saved; 2 when the student's code
raised (import, construction, loss) or returned something that is not
(loss, grads dict), or (layouts dir and npz) a dict without one of W1 b1 W2
b2 -- one line on stderr; 1 on a usage error.
"""

import argparse
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import netrun  # noqa: E402


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        # exit 1, not argparse's 2: status 2 means the student's code failed
        self.print_usage(sys.stderr)
        sys.stderr.write('save.py: error: %s\n' % message)
        sys.exit(1)


def parse_args(argv):
    ap = _Parser(
        prog='save.py',
        description='Run one student two-layer-net file and save its '
                    'parameters, loss, scores and gradients as .npy/.npz.')
    ap.add_argument('file', metavar='FILE[:CLASS]')
    ap.add_argument('outdir', metavar='OUTDIR')
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--net', default='4,10,3', metavar='D,H,C')
    ap.add_argument('--batch', type=int, default=5, metavar='N')
    ap.add_argument('--reg', type=float, default=0.1)
    ap.add_argument('--layout', choices=('grads', 'dir', 'npz'), default='grads')
    a = ap.parse_args(argv)
    try:
        a.D, a.H, a.C = (int(v) for v in a.net.split(','))
    except ValueError:
        ap.error('--net wants three integers D,H,C')
    if min(a.D, a.H, a.C, a.batch) < 1:
        ap.error('sizes must be positive')
    path, cls = a.file, None
    if ':' in a.file and not os.path.exists(a.file):
        path, cls = a.file.rsplit(':', 1)
    if not os.path.isfile(path):
        ap.error('no such file: %s' % path)
    a.path, a.cls = path, cls
    return a


def main(argv):
    a = parse_args(argv)
    try:
        r = netrun.run(a.path, a.cls, a.seed, a.batch, a.D, a.H, a.C, a.reg)
    except Exception as e:
        msg = str(e).splitlines()[0] if str(e) else ''
        sys.stderr.write('save.py: %s: %s: %s\n' % (a.path, type(e).__name__, msg))
        return 2
    pb = r['problem']
    data = {
        'X': pb['X'],
        'y': pb['y'].astype(np.int64),
        'W1': pb['W1'], 'b1': pb['b1'], 'W2': pb['W2'], 'b2': pb['b2'],
        'loss': np.array(r['loss'], dtype=np.float64),
        'scores': r['scores'],
    }
    grads = r['grads']
    missing = [k for k in netrun.PARAM_NAMES if k not in grads]
    if missing and a.layout != 'grads':
        sys.stderr.write('save.py: %s: grads has no %s\n' % (a.path, ', '.join(missing)))
        return 2
    if a.layout == 'npz':
        out = a.outdir if a.outdir.endswith('.npz') else a.outdir + '.npz'
        parent = os.path.dirname(os.path.abspath(out))
        os.makedirs(parent, exist_ok=True)
        for k in netrun.PARAM_NAMES:
            data['d' + k] = np.asarray(grads[k])
        np.savez(out, **data)
        return 0
    os.makedirs(a.outdir, exist_ok=True)
    for k, v in data.items():
        np.save(os.path.join(a.outdir, k + '.npy'), v)
    if a.layout == 'grads':
        np.savez(os.path.join(a.outdir, 'grads.npz'), **grads)
    else:
        for k in netrun.PARAM_NAMES:
            np.save(os.path.join(a.outdir, 'd' + k + '.npy'), np.asarray(grads[k]))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
