"""collect.py -- run a student's net on a problem and collect what
gradcheck reads: scores, loss, gradients, the intermediates found while the
loss ran, the lines that wrote them, and the verdict of the student's own
loss; then write them into a directory.

Every call into the student's code goes through student.call (its errors
become one-line StudentErrors); what it returns is checked before use.
"""

import errno
import inspect
import os

import numpy as np

from . import identify
from . import problem as pb
from . import student as st
from .trace import Recorder

# Files written, in the order written.  Any of them already in the
# directory is removed first, so that no stale file survives.
FILES = ('X.npy', 'y.npy', 'W1.npy', 'b1.npy', 'W2.npy', 'b2.npy',
         'scores.npy', 'loss.npy', 'dz2.npy', 'dW2.npy', 'db2.npy',
         'dp1.npy', 'dz1.npy', 'dW1.npy', 'db1.npy', 'where.tsv',
         'ownloss.tsv')
SEVEN = ('dz2', 'dW2', 'db2', 'dp1', 'dz1', 'dW1', 'db1')


class Result:
    """What a run found; see write()."""

    def __init__(self, prob):
        self.prob = prob
        self.scores = None          # (N, C)
        self.loss = None            # float
        self.grads = {}             # 'W1' -> float64 array, biases 1-D
        self.inter = {}             # 'dz2' -> (N, C) array, ...
        self.where = {}             # 'dz1' -> (file as shown, line, text)
        self.ownloss = []           # [(grad, rel_err, ok, worst)]
        self.scale = None           # 1/N, 1 or None: the data loss's factor


def shape_str(shape):
    return '(%s)' % ', '.join(str(n) for n in shape) if len(shape) != 1 \
        else '(%d,)' % shape[0]


def _first_bad(a):
    """'nan at (2, 3)' for the first non-finite entry, or None."""
    bad = ~np.isfinite(a)
    if not bad.any():
        return None
    idx = np.unravel_index(int(np.argmax(bad)), a.shape) if a.ndim else ()
    v = a[idx]
    return '%s at %s' % ('nan' if np.isnan(v) else ('inf' if v > 0 else
                                                    '-inf'),
                         shape_str(tuple(int(i) for i in idx)) if idx
                         else '()')


def _kind(x):
    if isinstance(x, np.ndarray):
        return 'an array of shape %s' % shape_str(x.shape)
    if isinstance(x, tuple):
        return 'a tuple of %d items' % len(x)
    if x is None:
        return 'None'
    name = type(x).__name__
    return ('an ' if name[:1] in 'aeiou' else 'a ') + name


class Runner:
    """The student's net and its loss method, called on a problem."""

    def __init__(self, student, net, prob, seed, deadline=None):
        self.student = student
        self.net = net
        self.prob = prob
        self.seed = seed
        self.deadline = deadline
        self.loss = st.method(student, type(net), 'loss')
        self.loss_line = st.def_line(student, self.loss)
        self.bias_shape = {}
        self.reg_by = self._reg_by()
        # Whether each call gets copies of X, y and the parameters, and
        # check_grads returns copies: the student's code may change them,
        # or keep and change what it returned.  The server's arrays are
        # fresh at every call and what it returns is sent at once.
        self.copies = True

    @property
    def what(self):
        """The call of loss, as messages name it."""
        if self.reg_by == 'attr':
            return 'loss(X, y) with self.reg = %g' % self.prob.reg
        return 'loss(X, y, reg=%g)' % self.prob.reg

    def _reg_by(self):
        """How loss gets reg: 'keyword' (a parameter named reg, CS231n's
        assignment 1), 'position' (a third parameter of another name),
        'attr' (no such parameter but an attribute self.reg, as in
        assignment 2's TwoLayerNet), or 'none'."""
        try:
            params = list(inspect.signature(self.net.loss).parameters.values())
        except (TypeError, ValueError):
            return 'position'
        kinds = [p.kind for p in params]
        if any(p.name == 'reg' for p in params) or \
                inspect.Parameter.VAR_KEYWORD in kinds:
            return 'keyword'
        positional = [p for p in params if p.kind in (
            inspect.Parameter.POSITIONAL_ONLY,
            inspect.Parameter.POSITIONAL_OR_KEYWORD)]
        if len(positional) >= 3 or inspect.Parameter.VAR_POSITIONAL in kinds:
            return 'position'
        if hasattr(self.net, 'reg'):
            return 'attr'
        return 'none'

    def call_loss(self, what):
        """loss(X, y, reg) as the student's loss takes reg."""
        prob = self.prob
        X, y = (prob.X.copy(), prob.y.copy()) if self.copies else \
            (prob.X, prob.y)
        if self.reg_by == 'keyword':
            return st.call(self.student, what, self.net.loss, X, y,
                           reg=prob.reg)
        if self.reg_by == 'position':
            return st.call(self.student, what, self.net.loss, X, y, prob.reg)
        if self.reg_by == 'attr':
            self.net.reg = prob.reg
        elif prob.reg != 0:
            raise st.StudentError(self.loss_line, 'loss takes no reg and the '
                                  'net has no attribute reg: run with '
                                  '--reg 0')
        return st.call(self.student, what, self.net.loss, X, y)

    def _doing(self, what):
        if self.deadline is not None:
            self.deadline.doing = what

    def set_params(self, params):
        """Fresh copies of params into the net (biases in the shape the
        student's __init__ gave them): the student's loss may change them.
        (The arrays themselves, without self.copies.)"""
        for k in pb.PARAMS:
            v = params[k].copy() if self.copies else params[k]
            if k in self.bias_shape:
                v = v.reshape(self.bias_shape[k])
            self.net.params[k] = v

    def adopt(self, what):
        """Check the parameters the student's constructor made (what names
        the constructor call) against the problem's shapes, then put the
        problem's values in their place."""
        prob = self.prob
        params = getattr(self.net, 'params', None)
        where = st.def_line(self.student, type(self.net).__init__)
        if not isinstance(params, dict):
            raise st.StudentError(where, '%s did not set self.params to a '
                                  'dict (it is %s)' % (what, _kind(params)))
        missing = [k for k in pb.PARAMS if k not in params]
        if missing:
            raise st.StudentError(where, '%s made self.params without %s' % (
                what, ', '.join("'%s'" % k for k in missing)))
        want = {'W1': (prob.D, prob.H), 'b1': (prob.H,),
                'W2': (prob.H, prob.C), 'b2': (prob.C,)}
        for k in pb.PARAMS:
            got = np.shape(params[k])
            if got == want[k]:
                continue
            if k[0] == 'b' and got in ((1,) + want[k], want[k] + (1,)):
                self.bias_shape[k] = got
                continue
            dims = {'W1': 'input_size, hidden_size', 'b1': 'hidden_size,',
                    'W2': 'hidden_size, output_size',
                    'b2': 'output_size,'}[k]
            raise st.StudentError(where, '%s made %s of shape %s, want %s '
                                  '(%s)' % (what, k, shape_str(got),
                                            shape_str(want[k]), dims))
        self.set_params(prob.params)

    def scores(self):
        """loss(X): the scores, checked."""
        prob = self.prob
        what = 'loss(X)'
        self._doing(what)
        rec = Recorder(self.student, (), target=self.loss.__code__
                       if hasattr(self.loss, '__code__') else None)
        self.set_params(prob.params)
        np.random.seed(self.seed)
        with rec:
            out = st.call(self.student, what, self.net.loss, prob.X.copy())
        where = self.student.where(*rec.returns[-1]) if rec.returns \
            else self.loss_line
        if isinstance(out, (tuple, list)):
            raise st.StudentError(where, '%s returned %s; with y=None it '
                                  'must return the scores, an array of '
                                  'shape %s (N, C)' % (
                                      what, _kind(out),
                                      shape_str((prob.N, prob.C))))
        try:
            a = np.asarray(out, dtype=np.float64)
        except (TypeError, ValueError):
            raise st.StudentError(where, '%s returned %s, want the scores, '
                                  'an array of shape %s' % (
                                      what, _kind(out),
                                      shape_str((prob.N, prob.C))))
        if a.shape != (prob.N, prob.C):
            raise st.StudentError(where, '%s returned %s, want the scores, '
                                  'shape %s (N, C)' % (
                                      what, _kind(np.asarray(out)),
                                      shape_str((prob.N, prob.C))))
        bad = _first_bad(a)
        if bad:
            raise st.StudentError(where, '%s returned scores with %s' % (
                what, bad))
        return a

    def loss_and_grads(self, trace=True):
        """loss(X, y, reg), with the tracer on if trace: (loss, grads as
        returned, the Recorder), checked by unpack."""
        prob = self.prob
        what = self.what
        self._doing(what)
        # (N,): a bias gradient summed over the wrong axis, then reshaped
        shapes = [(prob.N, prob.C), (prob.N, prob.H), (prob.N,)]
        for k, v in prob.params.items():
            shapes += [v.shape, (1,) + v.shape, v.shape + (1,)] \
                if v.ndim == 1 else [v.shape]
        rec = Recorder(self.student, shapes if trace else (),
                       target=getattr(self.loss, '__code__', None))
        self.set_params(prob.params)
        np.random.seed(self.seed)
        with rec:
            out = self.call_loss(what)
        where = self.student.where(*rec.returns[-1]) if rec.returns \
            else self.loss_line
        loss, grads = self.unpack(out, where)
        return loss, grads, rec

    def unpack(self, out, where):
        """What loss(X, y, reg) returned, out, as (loss, grads), checked:
        a finite number and a dict with the four keys.  Else StudentError
        naming where ("FILE:LINE", the line that returned)."""
        what = self.what
        if not isinstance(out, (tuple, list)) or len(out) != 2:
            raise st.StudentError(where, '%s returned %s, want a tuple '
                                  '(loss, grads)' % (what, _kind(out)))
        loss, grads = out
        try:
            la = np.asarray(loss, dtype=np.float64)
        except (TypeError, ValueError):
            la = None
        if la is None or la.size != 1:
            raise st.StudentError(where, '%s returned a loss that is %s, '
                                  'want a number' % (what, _kind(loss)))
        loss = float(la.reshape(()))
        if not np.isfinite(loss):
            raise st.StudentError(where, '%s returned loss %r' % (what, loss))
        if not isinstance(grads, dict):
            raise st.StudentError(where, '%s returned grads that are %s, '
                                  'want a dict with W1, b1, W2, b2' % (
                                      what, _kind(grads)))
        missing = [k for k in pb.PARAMS if k not in grads]
        if missing:
            has = [str(k) for k in grads]
            raise st.StudentError(where, 'grads has no %s (it has %s)' % (
                ', '.join("'%s'" % k for k in missing),
                ', '.join(has) if has else 'nothing'))
        return loss, grads

    def check_grads(self, grads, where_of):
        """grads as float64 arrays in the parameters' shapes (biases 1-D),
        or StudentError naming the wrong one; where_of(name) is the
        "FILE:LINE" to blame."""
        out = {}
        for k in pb.PARAMS:
            want = self.prob.params[k].shape
            g = grads[k]
            try:
                a = np.asarray(g, dtype=np.float64)
            except (TypeError, ValueError):
                raise st.StudentError(where_of(k), "grads['%s'] is %s, not "
                                      "an array" % (k, _kind(g)))
            ok = a.shape == want or (
                len(want) == 1 and a.shape in ((1,) + want, want + (1,)))
            if not ok:
                raise st.StudentError(where_of(k), "grads['%s'] has shape %s,"
                                      " want %s like %s" % (
                                          k, shape_str(a.shape),
                                          shape_str(want), k))
            bad = _first_bad(a)
            if bad:
                raise st.StudentError(where_of(k), "grads['%s'] has %s" % (
                    k, bad))
            out[k] = a.reshape(want).copy() if self.copies else \
                a.reshape(want)
        return out

    def loss_at(self, params):
        """The student's loss at params, tracer off."""
        self.set_params(params)
        np.random.seed(self.seed)
        with st.no_trace():
            out = self.call_loss(self.what)
        try:
            return float(np.asarray(out[0], dtype=np.float64).reshape(()))
        except (TypeError, ValueError, IndexError):
            raise st.StudentError(self.loss_line, 'loss(X, y, reg) returned '
                                  'something other than (loss, grads) '
                                  'at other parameters')


def checked_loss(runner, trace=True):
    """loss(X, y, reg), traced if trace, and what it returned checked:
    (loss, grads as float64 arrays in the parameters' shapes, the
    Recorder, the arrays returned in grads by name).  StudentError naming
    the line of what is wrong: the line that returned, or the line that
    built a wrong gradient."""
    student = runner.student
    loss, grads, rec = runner.loss_and_grads(trace)
    objects = {k: grads[k] for k in pb.PARAMS}
    # The lines of the parameter gradients first: an error in one names it.
    lines = identify.param_lines(rec.events, objects)
    ret = student.where(*rec.returns[-1]) if rec.returns else runner.loss_line

    def where_of(k):
        found = lines.get('d' + k)
        return student.where(*found) if found else ret

    return loss, runner.check_grads(grads, where_of), rec, objects


def collect(runner, trace=True):
    """Run it all; a Result, or StudentError."""
    prob = runner.prob
    student = runner.student
    res = Result(prob)
    res.scores = runner.scores()
    loss, res.grads, rec, objects = checked_loss(runner, trace)
    res.loss = loss
    res.scale = prob.scale(loss)

    def line_text(file, line):
        return (student.show(file), line, st.source_line(file, line))

    if trace and not rec.overflow and rec.failure is None:
        with np.errstate(all='ignore'):
            found = identify.identify(rec.events, prob, res.grads, objects,
                                      res.scale, rec.lines)
        for name in ('dz2', 'dp1', 'dz1'):
            if name in found.roles:
                res.inter[name] = found.roles[name].value.astype(np.float64)
        for name, (file, line) in found.where.items():
            res.where[name] = line_text(file, line)
    calls = 2 * sum(min(v.size, pb.OWN_MAX) for v in prob.params.values())
    runner._doing('%s at perturbed parameters (%d calls: a smaller --net, '
                  'or a longer --timeout?)' % (runner.what, calls))
    res.ownloss = pb.own_loss_check(runner.loss_at, prob, res.grads,
                                    res.scale)
    runner.set_params(prob.params)
    return res


def write(res, out):
    """Write the Result into the directory out (made if need be)."""
    prob = res.prob
    if os.path.exists(out) and not os.path.isdir(out):
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR),
                                 out)
    os.makedirs(out, exist_ok=True)
    for f in FILES:
        p = os.path.join(out, f)
        if os.path.lexists(p):
            os.remove(p)
    arrays = [('X', prob.X), ('y', prob.y.astype(np.int64))]
    arrays += [(k, prob.params[k]) for k in pb.PARAMS]
    arrays += [('scores', res.scores), ('loss', np.float64(res.loss))]
    for name in SEVEN:
        if name in res.inter:
            arrays.append((name, res.inter[name]))
        elif name[1:] in res.grads:
            arrays.append((name, res.grads[name[1:]]))
    for name, a in arrays:
        a = np.asarray(a)
        if a.dtype.kind == 'f':
            a = a.astype(np.float64)
        np.save(os.path.join(out, name + '.npy'), a)
    with open(os.path.join(out, 'where.tsv'), 'w') as f:
        for name in SEVEN:
            if name in res.where:
                file, line, text = res.where[name]
                f.write('%s\t%s\t%d\t%s\n' % (name, file.replace('\t', ' '),
                                              line, text))
    with open(os.path.join(out, 'ownloss.tsv'), 'w') as f:
        for name, err, ok, worst in res.ownloss:
            f.write('%s\t%.3e\t%s\t%s\n' % (name, err, 'ok' if ok else
                                            'wrong', worst))
