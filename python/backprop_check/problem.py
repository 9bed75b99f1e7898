"""problem.py -- the net and batch a student's code is run on, the
reference forward pass, and the student's own loss differentiated.

Shapes (row-sample convention, as in CS231n and DESIGN.md):
  X (N, D)  y (N,)  W1 (D, H)  b1 (H,)  W2 (H, C)  b2 (C,)
  z1 = X W1 + b1 (N, H)   p1 = relu(z1) (N, H)   z2 = p1 W2 + b2 (N, C)
"""

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


def own_loss_check(loss_at, params, grads, order=('W2', 'b2', 'W1', 'b1')):
    """Each gradient against centred differences of the student's own loss.

    loss_at(params) is the student's loss at those parameters; params and
    grads are dicts of arrays (grads in the parameters' shapes).  Returns
    [(name, rel_err, ok, worst)] with the CS231n relative error
    max |a - n| / max(1e-8, |a| + |n|) over the entries whose |a - n|
    exceeds ROUNDOFF, and worst the index of the worst entry ("i,j")."""
    work = {k: v.copy() for k, v in params.items()}
    out = []
    for name in order:
        p = work[name]
        flat = p.reshape(-1)
        num = np.empty(flat.size)
        for i in range(flat.size):
            old = flat[i]
            flat[i] = old + H_STEP
            plus = loss_at(work)
            flat[i] = old - H_STEP
            minus = loss_at(work)
            flat[i] = old
            num[i] = (plus - minus) / (2 * H_STEP)
        ana = np.asarray(grads[name], dtype=np.float64).reshape(-1)
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
            p.shape, worst)))
    return out
