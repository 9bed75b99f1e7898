#!/usr/bin/env python3
"""save_arrays.py -- save numpy arrays for `gradcheck --npy DIR`.

If your two-layer net is written in numpy, gradcheck can check its gradients
without any C: save the batch, the parameters and the gradients your code
computed with np.save, one array per file, into a directory:

    X.npy  (N, D) float64     W1.npy (D, H) float64    b1.npy (H,) float64
    y.npy  (N,)   integers    W2.npy (H, C) float64    b2.npy (C,) float64

and any of the seven gradients, with the shape of what they differentiate:

    dz2.npy (N, C)   dW2.npy (H, C)   db2.npy (C,)   dp1.npy (N, H)
    dz1.npy (N, H)   dW1.npy (D, H)   db1.npy (H,)

The grads dict of the CS231n exercise, keyed W1, b1, W2, b2, is accepted
as it is: its keys are saved as dW1.npy, db1.npy, dW2.npy, db2.npy.  Your
loss (loss.npy) and your scores (scores.npy, (N, C)) are saved too when
you give them.  Gradients you leave out are shown as absent; the others
are still checked.  Every array is saved as a copy: an array your code
went on to change in place (dp1[dp1 < 0] = 0; dz1 = dp1) would otherwise
hide what dp1 was, and gradcheck warns when two gradients are one array.
Save the intermediate ones (dz2, dp1, dz1) too if you have them: then
gradcheck can say in which step a mistake was made, not only which
parameter gradient came out wrong.

Use save_for_gradcheck() from your own code.  Run as a script,

    python3 save_arrays.py DIR
    gradcheck --npy DIR --reg 0.05

it saves a small random batch and net (N=5, D=4, H=10, C=3, reg 0.05) with
the gradients of your_backward() below: replace it with your own.  As
shipped it returns zeros, and gradcheck finds every gradient wrong: dz2,
dW2 and dW1 as roots with the cause "zero", the rest inherited from them.
The net and loss that gradcheck differentiates are

    z1 = X W1 + b1,   p1 = max(0, z1),   z2 = p1 W2 + b2
    loss = (1/N) sum_i -log softmax(z2[i])[y[i]] + reg (|W1|^2 + |W2|^2)

with one sample per row and no 1/2 in front of reg.  Give gradcheck the reg
your gradients were computed with (--reg).
"""

import os
import sys

import numpy as np

GRADIENTS = ("dz2", "dW2", "db2", "dp1", "dz1", "dW1", "db1")
# The keys of CS231n's grads dict: the gradients of the parameters.
CS231N_KEYS = {"W1": "dW1", "b1": "db1", "W2": "dW2", "b2": "db2"}


def save_for_gradcheck(directory, X, y, W1, b1, W2, b2, grads, loss=None,
                       scores=None):
    """Write X, y, the parameters and the gradients in grads (a dict from
    the names in GRADIENTS, or CS231n's W1 b1 W2 b2, to arrays; missing
    names are left out), and the loss and scores when given, as .npy
    files in directory, which is created if needed."""
    os.makedirs(directory, exist_ok=True)
    arrays = {"X": X, "W1": W1, "b1": b1, "W2": W2, "b2": b2}
    for name, value in grads.items():
        name = CS231N_KEYS.get(name, name)
        if name not in GRADIENTS:
            raise ValueError("unknown gradient %r; expected one of %s, or "
                             "CS231n's W1, b1, W2, b2"
                             % (name, ", ".join(GRADIENTS)))
        if name in arrays:
            raise ValueError("gradient %s given twice" % name)
        arrays[name] = value
    if loss is not None:
        arrays["loss"] = np.asarray(loss, dtype=np.float64).reshape(())
    if scores is not None:
        arrays["scores"] = scores
    for name, value in arrays.items():
        a = np.array(value)     # a copy
        # float32 stays float32, so that gradcheck knows to allow for its
        # precision; everything else is saved as float64.
        if a.dtype != np.float32:
            a = a.astype(np.float64)
        np.save(os.path.join(directory, name + ".npy"), a)
    # Labels are class indices: integers, not floats, and one per row of X.
    np.save(os.path.join(directory, "y.npy"), np.asarray(y, dtype=np.int64))


def forward(X, W1, b1, W2, b2):
    """z1, p1, z2 for a batch X (N, D), one sample per row."""
    z1 = X @ W1 + b1
    p1 = np.maximum(0.0, z1)
    z2 = p1 @ W2 + b2
    return z1, p1, z2


def loss_of(z2, y, W1, W2, reg):
    """The loss that gradcheck differentiates, for comparison with yours."""
    z = z2 - z2.max(axis=1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return (-logp[np.arange(len(y)), y].mean()
            + reg * (np.sum(W1 * W1) + np.sum(W2 * W2)))


def your_backward(X, y, W1, b1, W2, b2, reg, z1, p1, z2):
    """Replace with your backward pass: return a dict of the gradients you
    computed, e.g. {"dz2": ..., "dW2": ..., ...}, or CS231n's grads dict
    {"W1": ..., "b1": ..., "W2": ..., "b2": ...}."""
    N, D = X.shape
    H, C = W2.shape
    return {"dz2": np.zeros((N, C)), "dW2": np.zeros((H, C)),
            "db2": np.zeros(C), "dp1": np.zeros((N, H)),
            "dz1": np.zeros((N, H)), "dW1": np.zeros((D, H)),
            "db1": np.zeros(H)}


def main():
    if len(sys.argv) != 2:
        sys.stderr.write("usage: save_arrays.py DIR\n")
        return 2
    rng = np.random.default_rng(2385)
    N, D, H, C, reg = 5, 4, 10, 3, 0.05
    X = rng.standard_normal((N, D))
    y = rng.integers(0, C, size=N)
    W1 = rng.standard_normal((D, H)) * np.sqrt(2.0 / D)
    b1 = rng.standard_normal(H) * 0.1
    W2 = rng.standard_normal((H, C)) * np.sqrt(2.0 / H)
    b2 = rng.standard_normal(C) * 0.1
    z1, p1, z2 = forward(X, W1, b1, W2, b2)
    grads = your_backward(X, y, W1, b1, W2, b2, reg, z1, p1, z2)
    save_for_gradcheck(sys.argv[1], X, y, W1, b1, W2, b2, grads,
                       loss=loss_of(z2, y, W1, W2, reg), scores=z2)
    print("saved to %s; now run: gradcheck --npy %s --reg %g"
          % (sys.argv[1], sys.argv[1], reg))
    return 0


if __name__ == "__main__":
    sys.exit(main())
