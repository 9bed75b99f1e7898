#!/usr/bin/python3
"""numpy-train.py -- nntrain's training, written in numpy, to compare with.

The same algorithm and hyperparameters as `nntrain --data fashion-mnist`
with its defaults (src/nntrain.c, src/train.c):

  * the last 5000 training images are the validation set;
  * inputs are x / 255 minus the mean of the (remaining) training images;
  * He initialisation, W1 ~ N(0, 2/D), W2 ~ N(0, 2/H), biases zero;
  * a 784-100-10 net, ReLU, softmax, loss = mean cross-entropy
    + reg (|W1|^2 + |W2|^2);
  * minibatch SGD over a new shuffle each epoch, N // 200 batches of 200,
    momentum 0.9 (v = 0.9 v - lr (dtheta + 2 reg W)), lr 0.2 times 0.8
    after each epoch, reg 1e-4, 10 epochs;
  * per epoch the mean loss and accuracy of the batches and the
    validation accuracy, and at the end the test accuracy.

Images stay as bytes (47 MB) and each batch is converted to float64, as
nntrain does, so the process stays under 200 MB.  The random numbers are
numpy's, not GSL's: the accuracy matches nntrain's to about 0.005, not to
the digit.

Run:  /usr/bin/python3 bench/numpy-train.py [--data DIR] [--epochs E]
      [--seed S] [--quiet]
Its last lines say which BLAS numpy ran, with which kernel, and the
fastest epoch's steps without the validation ("epoch-seconds S"), for
make bench.
"""

import argparse
import gzip
import os
import sys
import time

import numpy as np


def read_idx(path, ndims):
    """An IDX file of unsigned bytes (plain or gzip) as a uint8 array."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        raw = f.read()
    if raw[:3] != b"\0\0\x08" or raw[3] != ndims:
        sys.exit("%s: not an IDX file of %d dimensions" % (path, ndims))
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big")
            for i in range(ndims)]
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndims)
    return data.reshape(dims[0], -1) if ndims > 1 else data


def find(directory, name):
    for candidate in (name, name + ".gz"):
        path = os.path.join(directory, candidate)
        if os.path.exists(path):
            return path
    sys.exit("%s: no %s[.gz]" % (directory, name))


def blas_in_use():
    """The BLAS library numpy loaded and, for OpenBLAS or BLIS, its kernel,
    asked of the library itself."""
    import ctypes
    libs = []
    with open("/proc/self/maps") as maps:
        for line in maps:
            path = line.split()[-1]
            base = os.path.basename(path)
            if (("blas" in base or "blis" in base) and path.startswith("/")
                    and path not in libs):
                libs.append(path)
    for path in libs:
        lib = ctypes.CDLL(path)
        try:
            lib.openblas_get_corename.restype = ctypes.c_char_p
            lib.openblas_get_config.restype = ctypes.c_char_p
            config = lib.openblas_get_config().decode().split()
            return "%s, kernel %s" % (" ".join(config[:2]),
                                     lib.openblas_get_corename().decode())
        except AttributeError:
            pass
        try:
            lib.bli_arch_string.restype = ctypes.c_char_p
            lib.bli_info_get_version_str.restype = ctypes.c_char_p
            lib.bli_init()
            return "BLIS %s, kernel %s" % (
                lib.bli_info_get_version_str().decode(),
                lib.bli_arch_string(lib.bli_arch_query_id()).decode())
        except AttributeError:
            pass
    return " ".join(os.path.basename(p) for p in libs) or "unknown"


def softmax_loss(scores, y):
    """Mean cross-entropy and the probabilities, row by row, stably."""
    shifted = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    total = exp.sum(axis=1, keepdims=True)
    prob = exp / total
    logp = shifted[np.arange(len(y)), y] - np.log(total[:, 0])
    return -logp.mean(), prob


def predict(params, images, scale, mean, rows=1000):
    W1, b1, W2, b2 = params
    labels = np.empty(len(images), dtype=np.int64)
    for first in range(0, len(images), rows):
        X = images[first:first + rows] * scale - mean
        hidden = np.maximum(X @ W1 + b1, 0.0)
        labels[first:first + rows] = (hidden @ W2 + b2).argmax(axis=1)
    return labels


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args()

    hidden, batch, lr, decay, momentum, reg = 100, 200, 0.2, 0.8, 0.9, 1e-4
    d = args.data
    train_x = read_idx(find(d, "train-images-idx3-ubyte"), 3)
    train_y = read_idx(find(d, "train-labels-idx1-ubyte"), 1).astype(np.int64)
    test_x = read_idx(find(d, "t10k-images-idx3-ubyte"), 3)
    test_y = read_idx(find(d, "t10k-labels-idx1-ubyte"), 1).astype(np.int64)
    nval = min(len(train_x) // 10, 5000)
    val_x, val_y = train_x[-nval:], train_y[-nval:]
    train_x, train_y = train_x[:-nval], train_y[:-nval]
    N, D = train_x.shape
    C = 10
    scale = 1.0 / 255.0
    mean = train_x.sum(axis=0, dtype=np.uint64) * scale / N

    rng = np.random.default_rng(args.seed)
    W1 = rng.standard_normal((D, hidden)) * np.sqrt(2.0 / D)
    b1 = np.zeros(hidden)
    W2 = rng.standard_normal((hidden, C)) * np.sqrt(2.0 / hidden)
    b2 = np.zeros(C)
    params = [W1, b1, W2, b2]
    velocity = [np.zeros_like(p) for p in params]
    steps = max(N // batch, 1)
    fastest = float("inf")

    for epoch in range(1, args.epochs + 1):
        start = time.perf_counter()
        order = rng.permutation(N)
        loss_sum, right = 0.0, 0
        for step in range(steps):
            idx = order[step * batch:(step + 1) * batch]
            X = train_x[idx] * scale - mean
            y = train_y[idx]
            W1, b1, W2, b2 = params
            # forward
            z1 = X @ W1 + b1
            p1 = np.maximum(z1, 0.0)
            z2 = p1 @ W2 + b2
            data_loss, prob = softmax_loss(z2, y)
            loss_sum += data_loss + reg * ((W1 * W1).sum() + (W2 * W2).sum())
            right += int((prob.argmax(axis=1) == y).sum())
            # backward: the seven gradients of DESIGN.md
            dz2 = prob
            dz2[np.arange(batch), y] -= 1.0
            dz2 /= batch
            dW2 = p1.T @ dz2 + 2.0 * reg * W2
            db2 = dz2.sum(axis=0)
            dp1 = dz2 @ W2.T
            dz1 = dp1 * (z1 > 0)
            dW1 = X.T @ dz1 + 2.0 * reg * W1
            db1 = dz1.sum(axis=0)
            # the momentum update
            for p, v, g in zip(params, velocity, (dW1, db1, dW2, db2)):
                v *= momentum
                v -= lr * g
                p += v
        # the steps alone, as make bench times bp_train's epochs
        fastest = min(fastest, time.perf_counter() - start)
        val_acc = (predict(params, val_x, scale, mean) == val_y).mean()
        seconds = time.perf_counter() - start
        if not args.quiet:
            print("epoch %2d/%d  loss %.4f  train %.4f  val %.4f  lr %.4g  "
                  "%.2f s" % (epoch, args.epochs, loss_sum / steps,
                              right / (steps * batch), val_acc, lr, seconds),
                  flush=True)
        lr *= decay
    test_acc = (predict(params, test_x, scale, mean) == test_y).mean()
    print("test accuracy %.4f (%d samples)" % (test_acc, len(test_y)))
    print("numpy %s on %s" % (np.__version__, blas_in_use()))
    print("epoch-seconds %.3f" % fastest)


if __name__ == "__main__":
    main()
