"""npz-cases.py -- numpy arrays as students save them, for npz-numpy.sh.

Writes, under OUTDIR, one case per directory or archive and, beside each,
NAME.want: what checks/npy-dump must print for it (the sizes, the
gradients present, float32, the loss, then every array with %.17g), or
for the cases gradcheck must refuse, the message.  Prints one line per
case: NAME<TAB>PATH<TAB>KIND, KIND being dump, refused or warned.

Usage: python3 npz-cases.py OUTDIR
"""
import os
import sys

import numpy as np

GRADS = ['dz2', 'dW2', 'db2', 'dp1', 'dz1', 'dW1', 'db1']


def problem(seed, N=5, D=4, H=6, C=3):
    """A random net, batch and the seven gradients (with a reg of 0.05)."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((N, D))
    y = rng.integers(0, C, N)
    W1 = rng.standard_normal((D, H)) * 0.5
    b1 = rng.standard_normal(H) * 0.1
    W2 = rng.standard_normal((H, C)) * 0.5
    b2 = rng.standard_normal(C) * 0.1
    z1 = X @ W1 + b1
    p1 = np.maximum(0, z1)
    z2 = p1 @ W2 + b2
    e = np.exp(z2 - z2.max(axis=1, keepdims=True))
    prob = e / e.sum(axis=1, keepdims=True)
    loss = -np.log(prob[np.arange(N), y]).mean() + 0.05 * (
        np.sum(W1 * W1) + np.sum(W2 * W2))
    dz2 = prob.copy()
    dz2[np.arange(N), y] -= 1
    dz2 /= N
    dp1 = dz2 @ W2.T
    dz1 = dp1 * (z1 > 0)
    g = dict(dz2=dz2, dW2=p1.T @ dz2 + 0.1 * W2, db2=dz2.sum(axis=0),
             dp1=dp1, dz1=dz1, dW1=X.T @ dz1 + 0.1 * W1, db1=dz1.sum(axis=0))
    net = dict(X=X, y=y, W1=W1, b1=b1, W2=W2, b2=b2)
    return net, g, float(loss), z2


def row(name, values):
    return name + ''.join(' %.17g' % v for v in np.ravel(values)) + '\n'


def want(net, g, present, loss=float('nan'), scores=None, float32=0,
         warning=None):
    """What npy-dump prints."""
    N, D = net['X'].shape
    H, C = net['W2'].shape
    theta = np.concatenate([np.ravel(net[k]) for k in ('W1', 'b1', 'W2',
                                                       'b2')])
    out = 'sizes %d %d %d %d\n' % (N, D, H, C)
    out += 'present' + ''.join(' ' + k for k in GRADS if k in present) + '\n'
    out += 'float32 %d\n' % float32
    out += 'loss %s\n' % ('nan' if loss != loss else '%.17g' % loss)
    if warning:
        out += 'warning %s\n' % warning
    out += row('X', net['X']) + row('theta', theta)
    for k in GRADS:
        if k in present:
            out += row(k, g[k])
    if scores is not None:
        out += row('scores', scores)
    return out


def save_dir(d, arrays):
    os.makedirs(d, exist_ok=True)
    for k, v in arrays.items():
        np.save(os.path.join(d, k + '.npy'), v)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    cases = []

    def case(name, path, kind, text):
        with open(os.path.join(out, name + '.want'), 'w') as f:
            f.write(text)
        cases.append((name, path, kind))

    net, g, loss, z2 = problem(2385)
    params = ('dW1', 'db1', 'dW2', 'db2')
    cs231n = dict(W1=g['dW1'], b1=g['db1'], W2=g['dW2'], b2=g['db2'])

    # CS231n's grads dict as np.savez('grads.npz', **grads).
    d = os.path.join(out, 'cs231n')
    save_dir(d, net)
    np.savez(os.path.join(d, 'grads.npz'), **cs231n)
    case('cs231n-grads', d, 'dump', want(net, g, params))

    # The same dict with the intermediate gradients too, compressed.
    d = os.path.join(out, 'cs231n-all')
    save_dir(d, net)
    np.savez_compressed(os.path.join(d, 'grads.npz'), dz2=g['dz2'],
                        dp1=g['dp1'], dz1=g['dz1'], **cs231n)
    case('cs231n-grads-compressed', d, 'dump', want(net, g, GRADS))

    # loss.npy (0-d) and scores.npy beside the .npy gradients.
    d = os.path.join(out, 'loss-scores')
    save_dir(d, dict(net, loss=np.float64(loss), scores=z2,
                     **{k: g[k] for k in params}))
    case('loss-and-scores', d, 'dump', want(net, g, params, loss, z2))

    # One archive holding everything, as np.savez_compressed writes it,
    # the loss as a 1-element array.
    f = os.path.join(out, 'case.npz')
    np.savez_compressed(f, loss=np.array([loss]), scores=z2, **net, **g)
    case('single-npz', f, 'dump', want(net, g, GRADS, loss, z2))

    # float32 arrays in a stored archive.
    f32 = {k: (v if k == 'y' else v.astype(np.float32))
           for k, v in net.items()}
    g32 = {k: v.astype(np.float32) for k, v in g.items()}
    f = os.path.join(out, 'float32.npz')
    np.savez(f, **f32, **{k: g32[k] for k in params})
    net64 = {k: np.asarray(v, np.float64) for k, v in f32.items()}
    case('float32-npz', f, 'dump',
         want(net64, {k: np.asarray(v, np.float64) for k, v in g32.items()},
              params, float32=1))

    # dp1 masked in place: dp1[dp1 < 0] = 0; dz1 = dp1.
    d = os.path.join(out, 'inplace')
    dp1 = g['dp1'].copy()
    dp1[dp1 < 0] = 0
    dz1 = dp1
    bad = dict(g, dp1=dp1, dz1=dz1)
    save_dir(d, dict(net, **bad))
    case('dp1-masked-in-place', d, 'warned',
         want(net, bad, [k for k in GRADS if k != 'dp1'],
              warning='dp1.npy equals dz1.npy: masked in place? save a '
              'copy before masking'))

    # No gradient at all; a misnamed gradient.
    d = os.path.join(out, 'no-grads')
    save_dir(d, net)
    with open(os.path.join(d, 'README'), 'w') as fh:
        fh.write('not an array: ignored\n')
    case('no-gradients', d, 'refused',
         'no gradients: expected any of dz2 dW2 db2 dp1 dz1 dW1 db1 .npy, '
         'or grads.npz\n')
    d = os.path.join(out, 'misnamed')
    save_dir(d, dict(net, dw1=g['dW1'], dW2=g['dW2']))
    case('misnamed-file', d, 'refused',
         'dw1.npy: an unknown name (dW1.npy?); expected X y W1 b1 W2 b2 '
         '.npy, any of dz2 dW2 db2 dp1 dz1 dW1 db1 .npy or grads.npz, and '
         'loss.npy, scores.npy\n')

    for c in cases:
        print('%s\t%s\t%s' % c)


if __name__ == '__main__':
    main()
