#!/usr/bin/env python3
"""npy-conventions.py DIR -- write the cases of checks/npy-conventions.sh:
a student's arrays saved as CS231n's grads dict (grads.npz) with the loss
and the scores their code returned, in each convention a correct student
uses, and with a mistake in the loss or the forward pass.  Prints one line
per case: NAME<TAB>DIRECTORY<TAB>REG<TAB>what gradcheck must say."""

import os
import sys

import numpy as np

N, D, H, C = 6, 5, 7, 3
REG = 0.137


def problem(seed):
    r = np.random.RandomState(seed)
    X = r.randn(N, D)
    y = np.arange(N) % C
    W1 = r.randn(D, H) / np.sqrt(D)
    b1 = 0.2 * r.randn(H)
    W2 = r.randn(H, C) / np.sqrt(H)
    b2 = 0.2 * r.randn(C)
    return X, y, W1, b1, W2, b2


def student(X, y, W1, b1, W2, b2, half=False, biases=False, total=False,
            w1_twice=False, no_b1=False):
    """A student's loss: the forward pass, the loss and the gradients, in
    their convention (and with their mistake)."""
    z1 = X @ W1 + (0 if no_b1 else b1)
    h = np.maximum(z1, 0)
    scores = h @ W2 + b2
    e = np.exp(scores - scores.max(1, keepdims=True))
    p = e / e.sum(1, keepdims=True)
    data = -np.log(p[np.arange(N), y]).sum()
    k = 0.5 if half else 1.0
    pen = np.sum(W1 * W1) * (2 if w1_twice else 1) + np.sum(W2 * W2)
    if biases:
        pen += np.sum(b1 * b1) + np.sum(b2 * b2)
    loss = (data if total else data / N) + k * REG * pen
    ds = p.copy()
    ds[np.arange(N), y] -= 1
    if not total:
        ds /= N
    dh = ds @ W2.T
    dh[z1 <= 0] = 0
    grads = {'W1': X.T @ dh + 2 * k * REG * W1, 'b1': dh.sum(0),
             'W2': h.T @ ds + 2 * k * REG * W2, 'b2': ds.sum(0)}
    if biases:
        grads['b1'] = grads['b1'] + 2 * k * REG * b1
        grads['b2'] = grads['b2'] + 2 * k * REG * b2
    return loss, scores, grads


CASES = [
    ('reg', {}, 'ok'), ('half', {'half': True}, 'ok'),
    ('reg+bias', {'biases': True}, 'ok'),
    ('half+bias', {'half': True, 'biases': True}, 'ok'),
    ('sum-reg', {'total': True}, 'ok'),
    ('sum-half', {'total': True, 'half': True}, 'ok'),
    ('w1-twice', {'w1_twice': True}, 'loss W1-twice'),
    ('no-b1', {'no_b1': True}, 'scores b1-missing'),
]


def main(out):
    for i, (name, kw, want) in enumerate(CASES):
        X, y, W1, b1, W2, b2 = problem(10 + i)
        loss, scores, grads = student(X, y, W1, b1, W2, b2, **kw)
        d = os.path.join(out, name)
        os.makedirs(d)
        for k, v in (('X', X), ('y', y), ('W1', W1), ('b1', b1), ('W2', W2),
                     ('b2', b2), ('scores', scores), ('loss', loss)):
            np.save(os.path.join(d, k + '.npy'), np.asarray(v))
        np.savez(os.path.join(d, 'grads.npz'), **grads)
        print('%s\t%s\t%g\t%s' % (name, d, REG, want))


if __name__ == '__main__':
    main(sys.argv[1])
