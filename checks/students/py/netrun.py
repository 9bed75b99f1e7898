"""netrun -- load a student's CS231n two-layer-net file and run it.

Importable helper shared by label.py and save.py (plain Python 3 + numpy;
run the tools with Debian's /usr/bin/python3, which has numpy).

The student interface (CS231n assignment 1, ``neural_net.py``)::

    net = TwoLayerNet(input_size, hidden_size, output_size, std=1e-4)
    net.params            # {'W1': (D,H), 'b1': (H,), 'W2': (H,C), 'b2': (C,)}
    scores = net.loss(X)                     # (N, C)
    loss, grads = net.loss(X, y, reg=reg)    # grads keyed W1, b1, W2, b2

What this module does:

* ``load_module(path)`` imports a student file by path with importlib under a
  private module name, without writing ``__pycache__``.  Real CS231n files
  start with ``import matplotlib.pyplot as plt`` and
  ``from past.builtins import xrange``; when matplotlib or the ``future``
  package (Debian: python3-matplotlib, python3-future) is not installed, a
  small stand-in module is put in ``sys.modules`` so those imports still work
  (``xrange`` is then ``range``; pyplot calls do nothing).  MPLBACKEND is set
  to Agg when unset, so the real matplotlib never needs a display.
* ``find_class(module, name)`` picks the network class (default
  ``TwoLayerNet``; when absent and exactly one class in the file has a
  ``loss`` method, that one).
* ``make_problem(seed, N, D, H, C)`` draws a small deterministic problem::

      X  ~ randn(N, D)            y ~ uniform integers 0..C-1 (int64)
      W1 ~ randn(D, H) / sqrt(D)  b1 ~ 0.1 * randn(H)
      W2 ~ randn(H, C) / sqrt(H)  b2 ~ 0.1 * randn(C)

  so that z1 = X W1 + b1 and the scores are O(1).  Every row of X whose
  z1 = X W1 + b1, X W1 (no bias) or scores = relu(z1) W2 + b2 has an entry
  within ``margin`` (1e-3) of zero is redrawn, until none has: centred
  differences with h = 1e-5 then never step across a ReLU kink (nor across
  the kink of a student who put a ReLU on the scores or forgot b1).
* ``build_net(cls, problem)`` constructs the class and overwrites
  ``net.params`` with copies of the problem's parameters.
* ``run(path, cls_name, seed, N, D, H, C, reg)`` does all of the above and
  calls ``loss(X, y, reg=reg)`` and ``loss(X)``.
* ``numerical_gradients(net, X, y, reg, h)`` -- centred differences of the
  student's own loss w.r.t. every entry of W1, b1, W2, b2 (float64).
* ``rel_error(a, n)`` -- CS231n's max |a-n| / max(1e-8, |a|+|n|).

Everything the student's code raises propagates to the caller.
"""

import hashlib
import importlib.util
import os
import sys
import types

import numpy as np

DEFAULT_CLASS = 'TwoLayerNet'
PARAM_NAMES = ('W1', 'b1', 'W2', 'b2')
GRAD_NAMES = ('dW1', 'db1', 'dW2', 'db2')


def _install_stand_ins():
    """Make the usual CS231n imports work even where the packages are missing."""
    os.environ.setdefault('MPLBACKEND', 'Agg')
    try:
        import matplotlib.pyplot  # noqa: F401
    except Exception:
        class _Anything(types.ModuleType):
            def __getattr__(self, name):
                if name.startswith('__'):
                    raise AttributeError(name)
                return lambda *a, **k: None
        mpl = types.ModuleType('matplotlib')
        plt = _Anything('matplotlib.pyplot')
        mpl.pyplot = plt
        mpl.use = lambda *a, **k: None
        sys.modules['matplotlib'] = mpl
        sys.modules['matplotlib.pyplot'] = plt
    try:
        from past.builtins import xrange  # noqa: F401
    except Exception:
        past = types.ModuleType('past')
        pb = types.ModuleType('past.builtins')
        pb.xrange = range
        pb.basestring = str
        past.builtins = pb
        sys.modules['past'] = past
        sys.modules['past.builtins'] = pb


def load_module(path):
    """Import the student file at ``path`` and return the module."""
    _install_stand_ins()
    sys.dont_write_bytecode = True
    path = os.path.abspath(path)
    tag = hashlib.sha1(path.encode()).hexdigest()[:12]
    name = '_student_%s_%s' % (os.path.splitext(os.path.basename(path))[0], tag)
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError('cannot import %s' % path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def find_class(module, name=None):
    """Return the network class: ``name``, else TwoLayerNet, else the only
    class in the module that has a ``loss`` method."""
    if name:
        if not hasattr(module, name):
            raise AttributeError('%s has no class %s' % (module.__file__, name))
        return getattr(module, name)
    if hasattr(module, DEFAULT_CLASS):
        return getattr(module, DEFAULT_CLASS)
    found = [v for v in vars(module).values()
             if isinstance(v, type) and v.__module__ == module.__name__
             and callable(getattr(v, 'loss', None))]
    if len(found) == 1:
        return found[0]
    raise AttributeError('%s: no %s and %d candidate classes'
                         % (module.__file__, DEFAULT_CLASS, len(found)))


def make_problem(seed=0, N=5, D=4, H=10, C=3, margin=1e-3):
    """Deterministic small problem; see the module docstring."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((N, D))
    y = rng.integers(0, C, size=N).astype(np.int64)
    W1 = rng.standard_normal((D, H)) / np.sqrt(D)
    b1 = 0.1 * rng.standard_normal(H)
    W2 = rng.standard_normal((H, C)) / np.sqrt(H)
    b2 = 0.1 * rng.standard_normal(C)
    for _ in range(10000):
        xw = X @ W1
        z1 = xw + b1
        s = np.maximum(z1, 0) @ W2 + b2
        bad = ((np.abs(z1) < margin).any(axis=1)
               | (np.abs(xw) < margin).any(axis=1)
               | (np.abs(s) < margin).any(axis=1))
        if not bad.any():
            break
        X[bad] = rng.standard_normal((int(bad.sum()), D))
    else:
        raise RuntimeError('could not draw a problem away from the kinks')
    return {'X': X, 'y': y, 'W1': W1, 'b1': b1, 'W2': W2, 'b2': b2}


def build_net(cls, problem):
    """Construct ``cls`` for the problem's sizes and set its params."""
    D, H = problem['W1'].shape
    C = problem['W2'].shape[1]
    net = cls(D, H, C, std=1e-4)
    for k in PARAM_NAMES:
        net.params[k] = np.array(problem[k], dtype=np.float64, copy=True)
    return net


def student_loss(net, X, y, reg):
    """Call ``net.loss(X, y, reg=reg)``; return (float loss, grads dict)."""
    out = net.loss(X.copy(), y.copy(), reg=reg)
    if not isinstance(out, tuple) or len(out) != 2:
        raise TypeError('loss(X, y, reg) did not return (loss, grads)')
    loss, grads = out
    if not isinstance(grads, dict):
        raise TypeError('grads is a %s, not a dict' % type(grads).__name__)
    return float(loss), grads


def student_scores(net, X):
    """Call ``net.loss(X)`` and return the scores as a float64 array."""
    return np.asarray(net.loss(X.copy()), dtype=np.float64)


def run(path, cls_name=None, seed=0, N=5, D=4, H=10, C=3, reg=0.1):
    """Load, build and run a student file.  Returns a dict with keys
    problem, net, reg, loss, grads (the student's dict as returned) and
    scores."""
    module = load_module(path)
    cls = find_class(module, cls_name)
    problem = make_problem(seed, N, D, H, C)
    net = build_net(cls, problem)
    loss, grads = student_loss(net, problem['X'], problem['y'], reg)
    scores = student_scores(net, problem['X'])
    return {'problem': problem, 'net': net, 'reg': reg,
            'loss': loss, 'grads': grads, 'scores': scores}


def numerical_gradients(net, X, y, reg, h=1e-5):
    """Centred differences of the student's own loss w.r.t. each parameter
    entry: (L(p + h) - L(p - h)) / 2h, in float64."""
    num = {}
    for k in PARAM_NAMES:
        p = net.params[k]
        g = np.zeros_like(p)
        it = np.nditer(p, flags=['multi_index'])
        while not it.finished:
            i = it.multi_index
            old = p[i]
            p[i] = old + h
            fp = student_loss(net, X, y, reg)[0]
            p[i] = old - h
            fm = student_loss(net, X, y, reg)[0]
            p[i] = old
            g[i] = (fp - fm) / (2 * h)
            it.iternext()
        num[k] = g
    return num


def rel_error(a, n):
    """CS231n's relative error: max |a-n| / max(1e-8, |a|+|n|)."""
    a = np.asarray(a, dtype=np.float64)
    n = np.asarray(n, dtype=np.float64)
    return float(np.max(np.abs(a - n) / np.maximum(1e-8, np.abs(a) + np.abs(n))))
