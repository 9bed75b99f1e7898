#!/usr/bin/python3
"""cs231n-gradcheck.py -- the usual numpy gradient check, to compare with.

What a CS231n student runs to check a two-layer net: the loss as a
function of the parameters, and for every entry of W1, b1, W2 and b2 in
turn, the loss with the entry moved by +h and by -h (the whole forward
pass each time), the centered difference (f(x+h) - f(x-h)) / 2h, then the
relative error max |a - n| / max(1e-8, |a| + |n|) against the analytic
gradient.  Here on the net of a model that `nntrain --save' wrote, and on
the first N training samples of a data set, preprocessed as the model
says: the problem of `gradcheck --model M --data DIR --batch N --full',
whose 79,510 parameters of a 784-100-10 net this checks too (gradcheck
also checks the 2,100 entries of z1, p1 and z2).

Run:  /usr/bin/python3 bench/cs231n-gradcheck.py MODEL [--data DIR]
      [--batch N] [--reg R] [--h H]
"""

import argparse
import gzip
import os
import struct
import sys
import time

import numpy as np


def read_model(path):
    """The parameters and preprocessing of a model file (src/model.h)."""
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:8] != b"\x89BPNET\r\n":
        sys.exit("%s: not a backprop model" % path)
    D, H, C = struct.unpack_from("<3Q", raw, 12)
    scale, = struct.unpack_from("<d", raw, 60)
    at = 68
    mean = np.frombuffer(raw, "<f8", D, at)
    at += 8 * D
    theta = np.frombuffer(raw, "<f8", D * H + H + H * C + C, at).copy()
    W1 = theta[:D * H].reshape(D, H)
    b1 = theta[D * H:D * H + H]
    W2 = theta[D * H + H:D * H + H + H * C].reshape(H, C)
    b2 = theta[D * H + H + H * C:]
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}, scale, mean


def first_samples(directory, n):
    """The first n training images and labels, read no further."""
    def head(name, header, record):
        for path in (os.path.join(directory, name),
                     os.path.join(directory, name + ".gz")):
            if os.path.exists(path):
                opener = gzip.open if path.endswith(".gz") else open
                with opener(path, "rb") as f:
                    raw = f.read(header + n * record)
                return np.frombuffer(raw, np.uint8, n * record, header)
        sys.exit("%s: no %s" % (directory, name))
    images = head("train-images-idx3-ubyte", 16, 784).reshape(n, 784)
    labels = head("train-labels-idx1-ubyte", 8, 1).astype(np.int64)
    return images, labels


def loss_and_grads(params, X, y, reg, grads=True):
    """The two-layer net's loss (DESIGN.md: mean cross-entropy plus
    reg (|W1|^2 + |W2|^2)) and, if asked, its gradients."""
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    N = X.shape[0]
    z1 = X @ W1 + b1
    p1 = np.maximum(0.0, z1)
    z2 = p1 @ W2 + b2
    z2 = z2 - z2.max(axis=1, keepdims=True)
    e = np.exp(z2)
    prob = e / e.sum(axis=1, keepdims=True)
    loss = (-np.log(prob[np.arange(N), y]).mean()
            + reg * (np.sum(W1 * W1) + np.sum(W2 * W2)))
    if not grads:
        return loss
    dz2 = prob.copy()
    dz2[np.arange(N), y] -= 1.0
    dz2 /= N
    dp1 = dz2 @ W2.T
    dz1 = dp1 * (z1 > 0)
    return loss, {"W1": X.T @ dz1 + 2.0 * reg * W1, "b1": dz1.sum(axis=0),
                  "W2": p1.T @ dz2 + 2.0 * reg * W2, "b2": dz2.sum(axis=0)}


def numerical_gradient(f, x, h):
    """Centered differences of f() in every entry of x, which f reads."""
    grad = np.zeros_like(x)
    flat, gflat = x.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + h
        fplus = f()
        flat[i] = old - h
        fminus = f()
        flat[i] = old
        gflat[i] = (fplus - fminus) / (2.0 * h)
    return grad


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("model")
    ap.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--batch", type=int, default=10)
    ap.add_argument("--reg", type=float, default=0.05)
    ap.add_argument("--h", type=float, default=1e-5)
    args = ap.parse_args()

    params, scale, mean = read_model(args.model)
    images, y = first_samples(args.data, args.batch)
    X = images * scale - mean
    start = time.perf_counter()
    loss, analytic = loss_and_grads(params, X, y, args.reg)
    print("loss %.11f  N=%d  reg=%g  h=%g" % (loss, args.batch, args.reg,
                                               args.h))
    entries = 0
    worst = 0.0
    for name in ("W1", "b1", "W2", "b2"):
        num = numerical_gradient(
            lambda: loss_and_grads(params, X, y, args.reg, False),
            params[name], args.h)
        ana = analytic[name]
        rel = np.abs(ana - num) / np.maximum(1e-8, np.abs(ana) + np.abs(num))
        entries += num.size
        worst = max(worst, rel.max())
        print("d%-3s %6d entries  max relative error %.1e" % (name, num.size,
                                                                rel.max()))
    print("%d entries in %.2f s; worst relative error %.1e"
          % (entries, time.perf_counter() - start, worst))


if __name__ == "__main__":
    main()
