"""npy-cases.py -- write gradient-check cases as numpy users would.

An independent numpy implementation of the two-layer net's backward pass,
with mistakes that students make, saved with np.save into one directory
per case, and a line per case on stdout:

    NAME<TAB>DIR<TAB>EXPECT

where EXPECT lists grad=status[:cause] for the seven gradients, the cause
with N written out.  Usage: python3 npy-cases.py TOY.txt OUTDIR
"""
import os
import sys

import numpy as np


def read_toy(path):
    """The blocks of backprop's text format, as a dict of arrays."""
    words = []
    with open(path) as f:
        for line in f:
            words += line.split('#')[0].split()
    blocks, i = {}, 0
    while i < len(words):
        name, r, c = words[i], int(words[i + 1]), int(words[i + 2])
        blocks[name] = np.array(words[i + 3:i + 3 + r * c], float).reshape(r, c)
        i += 3 + r * c
    return blocks


def forward(X, W1, b1, W2, b2):
    z1 = X @ W1 + b1
    p1 = np.maximum(0, z1)
    z2 = p1 @ W2 + b2
    e = np.exp(z2 - z2.max(axis=1, keepdims=True))
    return z1, p1, z2, e / e.sum(axis=1, keepdims=True)


def backward(X, y, W1, b1, W2, b2, reg, bug=()):
    """The seven gradients; bug is a set of mistake names."""
    N = X.shape[0]
    z1, p1, z2, prob = forward(X, W1, b1, W2, b2)
    onehot = np.zeros_like(prob)
    onehot[np.arange(N), y] = 1
    dz2 = (prob - onehot) / N
    if 'no-mean' in bug:
        dz2 = prob - onehot
    if 'no-onehot' in bug:
        dz2 = prob / N
    k = 1.0 / N if 'double-mean' in bug else 1.0
    f = 1.0 if 'half-reg' in bug else 2.0
    dW2 = k * (p1.T @ dz2) + f * reg * W2
    db2 = k * dz2.sum(axis=0)
    dp1 = dz2 @ W2.T
    if 'mask-sign-inplace' in bug:
        dp1[dp1 < 0] = 0
        dz1 = dp1
    elif 'mask-sign' in bug:
        dz1 = dp1 * (dp1 > 0)
    elif 'no-mask' in bug:
        dz1 = dp1.copy()
    else:
        dz1 = dp1 * (z1 > 0)
    dW1 = k * (X.T @ dz1) + f * reg * W1
    if 'no-reg-W1' in bug:
        dW1 = k * (X.T @ dz1)
    db1 = k * dz1.sum(axis=0)
    if 'dW1-from-dp1' in bug:
        dW1 = X.T @ dp1 + f * reg * W1
    if 'one-entry' in bug:
        dW2[1, 2] += 0.0385
    return dict(dz2=dz2, dW2=dW2, db2=db2, dp1=dp1, dz1=dz1, dW1=dW1, db1=db1)


GRADS = ['dz2', 'dW2', 'db2', 'dp1', 'dz1', 'dW1', 'db1']


def save(outdir, name, net, grads, keep=GRADS, dtype=np.float64):
    d = os.path.join(outdir, name)
    os.makedirs(d, exist_ok=True)
    for k, v in net.items():
        np.save(os.path.join(d, k + '.npy'),
                v if k == 'y' else np.asarray(v, dtype))
    for k in keep:
        np.save(os.path.join(d, k + '.npy'), np.asarray(grads[k], dtype))
    return d


def random_net(N, D, H, C, seed, near_kinks=False):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((N, D))
    W1 = rng.standard_normal((D, H)) * np.sqrt(2.0 / D)
    W2 = rng.standard_normal((H, C)) * np.sqrt(2.0 / H)
    b1 = rng.standard_normal(H) * 0.1
    b2 = rng.standard_normal(C) * 0.1
    if near_kinks:      # put one z1 of every other column within 3e-6 of 0
        z1 = X @ W1 + b1
        for j in range(0, H, 2):
            b1[j] -= z1[j % N, j] + rng.uniform(-3e-6, 3e-6)
    y = rng.integers(0, C, N)
    return dict(X=X, y=y, W1=W1, b1=b1, W2=W2, b2=b2)


def expect(N, **roots):
    """EXPECT for the seven gradients: 'ok' unless given."""
    out = []
    for g in GRADS:
        v = roots.get(g, 'ok')
        out.append('%s=%s' % (g, v.replace('1/N', '%.6g' % (1.0 / N))
                                  .replace(':N', ':%d' % N)))
    return ' '.join(out)


def main():
    toy_path, outdir = sys.argv[1], sys.argv[2]
    t = read_toy(toy_path)
    toy = dict(X=t['X'], y=t['y'][0].astype(np.int64), W1=t['W1'],
               b1=t['b1'][0], W2=t['W2'], b2=t['b2'][0])
    reg = 0.05
    params = ['dW1', 'db1', 'dW2', 'db2']
    absent = dict(dz2='absent', dp1='absent', dz1='absent')
    inh1 = dict(dW1='inherited', db1='inherited')
    cases = []

    def case(name, net, bug, exp, keep=GRADS, dtype=np.float64):
        g = backward(net['X'], net['y'], net['W1'], net['b1'], net['W2'],
                     net['b2'], reg, set(bug))
        d = save(outdir, name, net, g, keep, dtype)
        cases.append((name, d, exp))

    N = 5
    case('toy-correct', toy, [], expect(N))
    case('toy-float32', toy, [], expect(N), dtype=np.float32)
    case('toy-mask-sign', toy, ['mask-sign'],
         expect(N, dz1='root:relu-mask-sign', **inh1))
    # dp1 and dz1 are one array: gradcheck warns and takes dp1 as absent.
    case('toy-mask-sign-inplace', toy, ['mask-sign-inplace'],
         expect(N, dp1='absent', dz1='root:relu-mask-sign', **inh1))
    case('toy-report', toy, ['mask-sign', 'double-mean'],
         expect(N, dz1='root:relu-mask-sign', dW2='root:scale:1/N',
                db2='root:scale:1/N', dW1='root:scale:1/N',
                db1='root:scale:1/N'))
    case('toy-params-mask-sign', toy, ['mask-sign'],
         expect(N, dW1='root:relu-mask-sign', db1='root:relu-mask-sign',
                **absent), keep=params)
    case('toy-params-report', toy, ['mask-sign', 'double-mean'],
         expect(N, dW1='root:relu-mask-sign+scale:1/N',
                db1='root:relu-mask-sign+scale:1/N', dW2='root:scale:1/N',
                db2='root:scale:1/N', **absent), keep=params)
    case('toy-float32-mask-sign', toy, ['mask-sign'],
         expect(N, dz1='root:relu-mask-sign', **inh1), dtype=np.float32)

    N = 7
    net = random_net(N, 6, 8, 4, 11)
    case('r7-no-mean', net, ['no-mean'],
         expect(N, dz2='root:scale:N', dW2='inherited', db2='inherited',
                dp1='inherited', dz1='inherited', **inh1))
    case('r7-no-onehot-params', net, ['no-onehot'],
         expect(N, dW2='root:onehot-missing', db2='root:onehot-missing',
                dW1='root:onehot-missing', db1='root:onehot-missing',
                **absent), keep=params)
    case('r7-half-reg', net, ['half-reg'],
         expect(N, dW2='root:reg-factor:1', dW1='root:reg-factor:1'))
    case('r7-no-mask-no-reg', net, ['no-mask', 'no-reg-W1'],
         expect(N, dz1='root:relu-no-mask', dW1='root:reg-missing',
                db1='inherited'))
    case('r7-dW1-from-dp1', net, ['dW1-from-dp1'],
         expect(N, dW1='root:operand:dp1'))
    case('r7-one-entry', net, ['one-entry'], expect(N, dW2='root:entries'))

    N = 9
    kinky = random_net(N, 12, 15, 3, 5, near_kinks=True)
    case('r9-kinks-correct', kinky, [], expect(N))
    case('r9-kinks-mask-sign', kinky, ['mask-sign'],
         expect(N, dz1='root:relu-mask-sign', **inh1))
    case('r9-kinks-params-no-mask', kinky, ['no-mask'],
         expect(N, dW1='root:relu-no-mask', db1='root:relu-no-mask',
                **absent), keep=params)

    for name, d, exp in cases:
        print('%s\t%s\t%s' % (name, d, exp))


if __name__ == '__main__':
    main()
