"""notebook.py -- backprop_check.check(net): gradcheck --python for a net
object already built in a notebook or a script."""

import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np

from . import collect
from . import problem as pb
from . import student as st


def _say(text):
    print('gradcheck: ' + text, file=sys.stderr)


def check(net, X=None, y=None, reg=pb.REG_DEFAULT, keep_params=False,
          out=None):
    """See backprop_check.check."""
    loss = getattr(type(net), 'loss', None)
    code = getattr(loss, '__code__', None)
    if code is None:
        _say('%s has no method loss' % type(net).__name__)
        return 2
    student = st.Student(code.co_filename)
    params = getattr(net, 'params', None)
    if not isinstance(params, dict) or 'W1' not in params or \
            'W2' not in params or np.ndim(params['W1']) != 2 or \
            np.ndim(params['W2']) != 2:
        _say('%s: the net has no params W1 (D, H) and W2 (H, C)'
             % student.path)
        return 2
    D, H = np.shape(params['W1'])
    C = np.shape(params['W2'])[1]
    N = pb.N_DEFAULT if X is None else len(X)
    prob = pb.random_problem(N, D, H, C, 1, reg)
    own = {k: np.array(v, dtype=np.float64).reshape(-1) if k[0] == 'b'
           else np.array(v, dtype=np.float64) for k, v in params.items()
           if k in pb.PARAMS}
    try:
        prob = pb.Problem(prob.X if X is None else X,
                          prob.y if y is None else y,
                          own if keep_params else prob.params, reg)
    except (KeyError, ValueError) as e:
        _say('%s: cannot use this X, y or params: %s' % (
            student.path, st.describe(e)))
        return 2
    if prob.X.shape[1] != D or prob.y.shape != (N,) or \
            prob.y.min() < 0 or prob.y.max() >= C:
        _say('X must be (N, %d) and y (N,) with labels 0..%d' % (D, C - 1))
        return 2
    saved = dict(params)
    silence = st.Silence()
    try:
        with silence:
            runner = collect.Runner(student, net, prob, 1)
            runner.adopt('the net')
            res = collect.collect(runner)
    except st.StudentError as e:
        _say(str(e))
        return 2
    finally:
        silence.err.close()
        params.clear()
        params.update(saved)
        net.params = params
    tmp = out is None
    out = tempfile.mkdtemp(prefix='backprop-check.') if tmp else out
    collect.write(res, out)
    prog = os.environ.get('BACKPROP_GRADCHECK') or shutil.which('gradcheck')
    if not prog:
        _say('the gradcheck program is not on PATH (or set '
             'BACKPROP_GRADCHECK); the arrays are in %s' % out)
        return 2
    run = subprocess.run([prog, '--npy', out, '--reg', repr(reg)],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         universal_newlines=True)
    print(run.stdout, end='')
    if tmp:
        shutil.rmtree(out, ignore_errors=True)
    return run.returncode
