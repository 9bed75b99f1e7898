"""problem.py -- the net and batch a student's code is run on, the
reference forward pass, and the student's own loss differentiated.

Shapes (row-sample convention, as in CS231n and DESIGN.md):
  X (N, D)  y (N,)  W1 (D, H)  b1 (H,)  W2 (H, C)  b2 (C,)
  z1 = X W1 + b1 (N, H)   p1 = relu(z1) (N, H)   z2 = p1 W2 + b2 (N, C)
"""

import os

import numpy as np

PARAMS = ('W1', 'b1', 'W2', 'b2')

# Defaults: every dimension different, so that a mix-up of two of them
# fails with a shape error instead of going unnoticed.
N_DEFAULT, D_DEFAULT, H_DEFAULT, C_DEFAULT = 7, 6, 8, 4
REG_DEFAULT = 0.05
H_STEP = 1e-5           # centred differences of the student's loss
KINK_MARGIN = 1e-3      # no |z1| below this unless kinks are asked for
OWN_TOL = 1e-6          # rel_err above this: the gradient is wrong
ROUNDOFF = 1e-8         # |a - n| below this is not counted
OWN_MAX = 200           # entries of a gradient differenced, at most
OWN_SEED = 1789         # which ones, when it has more: always the same


class Problem:
    """X, y, the parameters and reg; the reference forward pass of them."""

    def __init__(self, X, y, params, reg):
        self.X = np.array(X, dtype=np.float64)
        self.y = np.array(y, dtype=np.int64)
        self.params = {k: np.array(params[k], dtype=np.float64).copy()
                       for k in PARAMS}
        self.reg = float(reg)
        self.N, self.D = self.X.shape
        self.H, self.C = self.params['W2'].shape
        self.forward()

    def forward(self):
        W1, b1, W2, b2 = (self.params[k] for k in PARAMS)
        self.z1 = self.X @ W1 + b1.reshape(-1)
        self.p1 = np.maximum(0, self.z1)
        self.z2 = self.p1 @ W2 + b2.reshape(-1)
        e = np.exp(self.z2 - self.z2.max(axis=1, keepdims=True))
        self.prob = e / e.sum(axis=1, keepdims=True)
        self.onehot = np.zeros_like(self.prob)
        self.onehot[np.arange(self.N), self.y] = 1
        self.data_loss = -np.log(self.prob[np.arange(self.N), self.y])

    def scale(self, loss):
        """The factor of the data loss in the student's loss: 1/N (a mean)
        or 1 (a sum), found from its value; None if it is neither with any
        usual penalty (reg, reg/2, biases too or not, or none)."""
        W1, b1, W2, b2 = (self.params[k] for k in PARAMS)
        w = (W1 * W1).sum() + (W2 * W2).sum()
        b = (b1 * b1).sum() + (b2 * b2).sum()
        penalties = [f * self.reg * t for f in (1.0, 0.5) for t in (w, w + b)]
        penalties.append(0.0)
        for s in (1.0 / self.N, 1.0):
            data = s * self.data_loss.sum()
            for r in penalties:
                if abs(loss - (data + r)) <= 1e-9 * max(1.0, abs(loss)):
                    return s
        return None

    def dz2(self, s):
        """The gradient of the loss w.r.t. the scores, data loss times s."""
        return s * (self.prob - self.onehot)


class ProblemError(Exception):
    """A problem directory that cannot be used: one line, naming the
    file."""


def _load_array(path, name, what):
    try:
        a = np.load(os.path.join(path, name + '.npy'), allow_pickle=False)
    except OSError as e:
        raise ProblemError('%s.npy: %s' % (name, e.strerror or e))
    except ValueError as e:
        raise ProblemError('%s.npy: not a numpy array (%s)' % (
            name, ' '.join(str(e).split())))
    if a.dtype.kind not in what:
        raise ProblemError('%s.npy: an array of %s, want %s' % (
            name, a.dtype, 'integers' if 'i' in what else 'floats'))
    if not np.isfinite(a).all():
        raise ProblemError('%s.npy: not all finite' % name)
    return a


def load_problem(path, reg):
    """The problem saved in the directory path, as --problem takes it:
    X.npy (N, D), y.npy (N,) labels in 0..C-1, W1.npy (D, H), b1.npy
    (H,), W2.npy (H, C), b2.npy (C,), all float64 but y, which may also be
    of integers.  ProblemError if a file is missing or of the wrong type
    or shape."""
    X = _load_array(path, 'X', 'f')
    y = _load_array(path, 'y', 'iuf')
    if y.dtype.kind == 'f':     # C writes float64 only: exact integers
        if (y != np.floor(y)).any():
            raise ProblemError('y.npy: labels that are not integers')
        y = y.astype(np.int64)
    p = {k: _load_array(path, k, 'f') for k in PARAMS}
    if X.ndim != 2 or 0 in X.shape:
        raise ProblemError('X.npy: shape %s, want (N, D)' % (X.shape,))
    N, D = X.shape
    H = p['W1'].shape[1] if p['W1'].ndim == 2 else 0
    C = p['W2'].shape[1] if p['W2'].ndim == 2 else 0
    want = {'W1': (D, H), 'b1': (H,), 'W2': (H, C), 'b2': (C,)}
    for k in PARAMS:
        if p[k].shape != want[k] or 0 in want[k]:
            raise ProblemError('%s.npy: shape %s, want %s (X.npy is %s)' % (
                k, p[k].shape, want[k], X.shape))
    if y.shape != (N,):
        raise ProblemError('y.npy: shape %s, want (%d,) as X.npy has %d '
                           'rows' % (y.shape, N, N))
    if y.min() < 0 or y.max() >= C:
        raise ProblemError('y.npy: a label out of 0..%d' % (C - 1))
    return Problem(X, y, p, reg)


def random_problem(N=N_DEFAULT, D=D_DEFAULT, H=H_DEFAULT, C=C_DEFAULT,
                   seed=1, reg=REG_DEFAULT, kinks=False):
    """A random net and batch, seeded: X ~ N(0, 1), weights scaled so that
    z1 and the scores are O(1), biases ~0.1, labels uniform.  Unless
    kinks, drawn again until no |z1| is within KINK_MARGIN of the ReLU's
    kink (a centred difference of step H_STEP must not cross it)."""
    rng = np.random.RandomState(seed)
    for _ in range(1000):
        X = rng.randn(N, D)
        params = {'W1': rng.randn(D, H) / np.sqrt(D),
                  'b1': 0.1 * rng.randn(H),
                  'W2': rng.randn(H, C) / np.sqrt(H),
                  'b2': 0.1 * rng.randn(C)}
        y = rng.randint(C, size=N)
        z1 = X @ params['W1'] + params['b1']
        if kinks or np.abs(z1).min() >= KINK_MARGIN:
            break
    return Problem(X, y, params, reg)


def index_str(shape, flat):
    """"i,j" for an entry of a matrix, "0,j" for one of a vector (as
    gradcheck's worst column)."""
    if len(shape) == 2:
        return '%d,%d' % divmod(flat, shape[1])
    return '0,%d' % flat




def own_entries(size):
    """The flat indices of a gradient that the own-loss check differences:
    all of them up to OWN_MAX, else OWN_MAX of them drawn without
    replacement by a generator of fixed seed, in increasing order."""
    if size <= OWN_MAX:
        return np.arange(size)
    rng = np.random.RandomState(OWN_SEED)
    return np.sort(rng.choice(size, OWN_MAX, replace=False))


def kink_slack(prob, name, flat, s):
    """None, unless moving entry flat of W1 or b1 by H_STEP either way
    moves some z1 across the ReLU's kink (as gradcheck's kinks: z1 in
    (-d, d], d the move).  Then the slack of the bracket of one-sided
    quotients: H_STEP times a bound on the loss's second derivative along
    the entry, 1/2 |W2[j, :]|^2 sum_n X[n, k]^2 s + 2 reg (the softmax
    loss's Hessian in the scores is at most 1/2; s the data loss's
    factor, 1 if unknown)."""
    if name not in ('W1', 'b1'):
        return None
    if name == 'W1':
        k, j = divmod(int(flat), prob.H)
        move = np.abs(prob.X[:, k]) * H_STEP
        x2 = float((prob.X[:, k] ** 2).sum())
    else:
        j, move, x2 = int(flat), H_STEP, float(prob.N)
    z = prob.z1[:, j]
    if not ((z > -move) & (z <= move)).any():
        return None
    w2 = float((prob.params['W2'][j] ** 2).sum())
    return H_STEP * (0.5 * w2 * x2 * (1.0 if s is None else s) +
                     2 * prob.reg)


def own_loss_check(loss_at, prob, grads, s=None,
                   order=('W2', 'b2', 'W1', 'b1')):
    """Each gradient against centred differences of the student's own loss.

    loss_at(params) is the student's loss at those parameters; prob the
    Problem; grads a dict of arrays (in the parameters' shapes); s the
    factor of the data loss (1/N, 1, or None if unknown).  At most
    OWN_MAX entries of each gradient are differenced (own_entries).  An
    entry whose step crosses a ReLU kink (kink_slack) is judged against
    the bracket of the one-sided quotients, widened by their truncation
    error: its reference n is the point of the bracket nearest to the
    student's value.  Returns [(name, rel_err, ok, worst)] with the CS231n
    relative error max |a - n| / max(1e-8, |a| + |n|) over the entries
    whose |a - n| exceeds ROUNDOFF, and worst the index of the worst entry
    ("i,j")."""
    work = {k: v.copy() for k, v in prob.params.items()}
    base = []                   # the loss at params, once needed
    out = []
    for name in order:
        p = work[name]
        flat = p.reshape(-1)
        idx = own_entries(flat.size)
        ana = np.asarray(grads[name], dtype=np.float64).reshape(-1)[idx]
        num = np.empty(idx.size)
        for t, i in enumerate(idx):
            old = flat[i]
            flat[i] = old + H_STEP
            plus = loss_at(work)
            flat[i] = old - H_STEP
            minus = loss_at(work)
            flat[i] = old
            num[t] = (plus - minus) / (2 * H_STEP)
            slack = kink_slack(prob, name, i, s)
            if slack is not None:
                if not base:
                    base.append(loss_at(work))
                left, right = ((base[0] - minus) / H_STEP,
                               (plus - base[0]) / H_STEP)
                lo, hi = min(left, right) - slack, max(left, right) + slack
                num[t] = ana[t] if lo <= ana[t] <= hi else (
                    lo if ana[t] < lo else hi)
        with np.errstate(invalid='ignore'):
            diff = np.abs(ana - num)
            rel = diff / np.maximum(1e-8, np.abs(ana) + np.abs(num))
            rel[diff <= ROUNDOFF] = 0
        if np.isnan(rel).any():
            worst = int(np.argmax(np.isnan(rel)))
            err = float('nan')
        else:
            worst = int(np.argmax(rel)) if rel.max() > 0 else \
                int(np.argmax(diff))
            err = float(rel.max())
        out.append(('d' + name, err, bool(err <= OWN_TOL), index_str(
            p.shape, int(idx[worst]))))
    return out
