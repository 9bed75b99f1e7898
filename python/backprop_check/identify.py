"""identify.py -- which of the arrays a student's loss computed are dz2,
dp1 and dz1, and which line wrote each gradient.

The student's code may be wrong, so an array is identified by its role, not
by its name nor only by its value:

  dz2 (N, C)  the array the parameter gradients were built from: db2 is its
              column sum, or dW2 - k W2 = P^T A for some k and P one of the
              student's (N, H) arrays or z1, p1 (dp1 = A W2^T confirms but
              is not enough: dp1 may be scaled as A is); failing that, its
              value: A = s (softmax - onehot), with s the factor of the
              data loss that the student's loss value shows (1/N for a
              mean, 1 for a sum).
  dz1 (N, H)  the array db1 is the column sum of, or with
              dW1 - k W1 = X^T A; failing that, dp1 masked (in place or not)
              after dp1 was written, or dp1 * [z1 > 0].
  dp1 (N, H)  dz2 W2^T (with the dz2 found, or the right one); failing
              that, the array dz1 was made from by masking, written before
              dz1: a dp1 masked in place is found with its values before
              the masking line.

"=" is equality to round-off (relative 1e-8).  The arrays of the forward
pass (z1, p1, the scores, the softmax), 0/1 masks and arrays of zeros are
never candidates.  An array not found this way with confidence (two
different ones would fit equally well) is not identified.

The line of a gradient is the first line that wrote its final values: for
an intermediate the line that last wrote the array (an in-place mask is
the masking line; a copy of it later does not count), for a parameter
gradient the line that built the array that ends up in grads (the line of
`dW1 += reg * W1` if that came last).
"""

import re

import numpy as np

TOL = 1e-8
TOL32 = 1e-5            # for arrays the student computed in float32


def close(a, b, tol=TOL):
    """a equals b to round-off (of float32 if either is), and is not all
    zeros."""
    if a.shape != b.shape:
        return False
    if a.dtype == np.float32 or b.dtype == np.float32:
        tol = max(tol, TOL32)
    scale = max(np.abs(a).max(initial=0), np.abs(b).max(initial=0))
    if not np.isfinite(scale) or scale == 0:
        return False
    return np.abs(a - b).max() <= tol * scale


def affine(G, M, W, tol=TOL):
    """G = M + k W for some number k, M not negligible in G."""
    if G.shape != M.shape:
        return False
    g = np.abs(G).max(initial=0)
    m = np.abs(M).max(initial=0)
    if not np.isfinite(g + m) or m <= 1e-4 * g or m == 0:
        return False
    R = G - M
    k = (R * W).sum() / max((W * W).sum(), 1e-300)
    return np.abs(R - k * W).max() <= tol * max(g, m)


def is_mask_of(D, B):
    """D is B with some entries (at least one nonzero one) set to 0."""
    if D.shape != B.shape:
        return False
    kept = D != 0
    zeroed = ~kept & (B != 0)
    if not kept.any() or not zeroed.any():
        return False
    return close(D[kept], B[kept])


class Index:
    """Arrays of one shape, to find those close() to a given one without
    comparing with each: each is summarized by its dot product with a
    fixed random vector, and only those whose summaries are near enough
    to be close() are compared."""

    def __init__(self, groups, shape):
        self.groups = list(groups)
        self.r = np.random.RandomState(12345).rand(int(np.prod(shape)))
        sig = [float(g.value.ravel() @ self.r) for g in self.groups]
        self.order = np.argsort(sig)
        self.sig = np.array(sig)[self.order]
        self.scale = max((np.abs(g.value).max() for g in self.groups),
                         default=0.0)
        self.r1 = self.r.sum()

    def matches(self, a):
        """The groups whose value is close() to a, earliest first."""
        if not self.groups or not np.isfinite(a).all():
            return []
        s = float(a.ravel() @ self.r)
        w = 2 * TOL * max(self.scale, np.abs(a).max()) * self.r1
        lo = np.searchsorted(self.sig, s - w, 'left')
        hi = np.searchsorted(self.sig, s + w, 'right')
        found = [self.groups[i] for i in self.order[lo:hi]
                 if close(self.groups[i].value, a)]
        return sorted(found, key=lambda g: g.first)


class Group:
    """The events that hold one exact value: the line that first wrote it
    (origin) and when it was last written."""

    def __init__(self, event):
        self.value = event.value
        self.origin = event
        self.events = [event]

    @property
    def first(self):
        return self.origin.seq

    def objects(self):
        return set(e.obj for e in self.events)


def _key(a):
    return (a.shape, a.dtype.str, a.tobytes())


def group_events(events):
    groups = {}
    for e in events:
        k = _key(e.value)
        if k in groups:
            groups[k].events.append(e)
        else:
            groups[k] = Group(e)
    return groups


class Roles:
    """The result: roles[name] = Group for dz2, dp1, dz1 found; where[name]
    = (file, line) for each gradient (the seven) that could be placed."""

    def __init__(self):
        self.roles = {}
        self.where = {}


def param_lines(events, objects, groups=None):
    """{'dW1': (file, line), ...}: for each array the student returned
    in grads (objects, by parameter name), the first line that wrote its
    final values, if the array itself was seen holding them."""
    if groups is None:
        groups = group_events(events)
    where = {}
    for name, obj in objects.items():
        if isinstance(obj, np.ndarray):
            g = groups.get(_key(obj))
            if g is not None and id(obj) in g.objects():
                e = rearranged_origin(g.origin, events)
                where['d' + name] = (e.file, e.line)
    return where


def rearranged_origin(e, events):
    """The event that made e's values: when the line of e only rearranged
    values that the same variable held just before (np.resize, reshape,
    a copy), the line before it that made them."""
    before = [x for x in events if x.name == e.name and x.seq < e.seq]
    if not before or before[-1].line == e.line:
        return e
    a, b = e.value.ravel(), before[-1].value.ravel()
    if a.size == 0 or b.size == 0:
        return e
    tol = 1e-12 * max(1.0, float(np.abs(b).max()))
    if all(np.abs(b - v).min() <= tol for v in a):
        return before[-1]
    return e


def identify(events, prob, grads, objects, s, lines=()):
    """events: a Recorder's events; prob: the Problem; grads: the student's
    parameter gradients as float64 arrays in the parameters' shapes
    (biases 1-D); objects: the arrays the student returned in grads, by
    name (for their lines); s: the factor of the data loss (None if
    unknown)."""
    N, H, C = prob.N, prob.H, prob.C
    W1, W2 = prob.params['W1'], prob.params['W2']
    X = prob.X
    res = Roles()
    groups = group_events(events)

    res.where.update(param_lines(events, objects, groups))

    forward = (prob.z1, prob.p1, prob.z2, prob.prob)

    def candidate(g, shape):
        v = g.value
        if v.shape != shape or not np.isfinite(v).all():
            return False
        if not np.any(v) or np.all((v == 0) | (v == 1)):
            return False
        return not any(close(v, f, 1e-6) for f in forward)

    NC = sorted((g for g in groups.values() if candidate(g, (N, C))),
                key=lambda g: g.first)
    NH = sorted((g for g in groups.values() if candidate(g, (N, H))),
                key=lambda g: g.first)
    # The (N, H) operands dW2 may have been built from: the activations,
    # z1 (a wrong operand) and what each of the student's (N, H) arrays
    # held last.
    last = {}
    for e in events:
        if e.value.shape == (N, H):
            last[e.obj] = e.value
    hidden = [prob.p1, prob.z1] + list(last.values())
    nh_index = Index(NH, (N, H))
    gW1, gb1 = grads['W1'], grads['b1'].reshape(-1)
    gW2, gb2 = grads['W2'], grads['b2'].reshape(-1)

    def pick(scored, value_ok):
        """The one group with the best positive score; ties broken by
        value_ok; None if still tied or nothing scores."""
        best = max((n for n, g in scored), default=0)
        if best == 0:
            return None
        top = [g for n, g in scored if n == best]
        if len(top) > 1:
            top = [g for g in top if value_ok(g.value)] or top
        if len(top) > 1 and all(close(g.value, top[0].value) for g in top):
            return top[0]
        return top[0] if len(top) == 1 else None

    # dz2: what db2, dW2 and dp1 were built from; else its value.
    ref2 = prob.dz2(s) if s is not None else None

    def dz2_value_ok(A):
        return ref2 is not None and close(A, ref2)

    # dp1 = A W2^T only confirms: alone it would take the unscaled
    # dscores of a student who applies 1/N to dW2, db2 and dp1 later.
    scored = []
    for g in NC:
        A = g.value
        n = int(close(gb2, A.sum(axis=0)))
        t = TOL32 if A.dtype == np.float32 else TOL
        n += any(affine(gW2, P.T @ A, W2, t) for P in hidden)
        if n:
            n = 2 * n + bool(nh_index.matches(A @ W2.T))
        scored.append((n, g))
    dz2 = pick(scored, dz2_value_ok)
    if dz2 is None and ref2 is not None:
        dz2 = next((g for g in NC if close(g.value, ref2)), None)

    # dz1: what db1 and dW1 were built from.
    ref1 = ref2 @ W2.T * (prob.z1 > 0) if ref2 is not None else None

    def dz1_value_ok(A):
        return ref1 is not None and close(A, ref1)

    scored = []
    for g in NH:
        A = g.value
        n = int(close(gb1, A.sum(axis=0)))
        t = TOL32 if A.dtype == np.float32 else TOL
        n += affine(gW1, X.T @ A, W1, t)
        scored.append((n, g))
    dz1 = pick(scored, dz1_value_ok)

    # dp1: dz2 W2^T; else what dz1 was masked from.
    up = dz2.value if dz2 is not None else ref2
    dp1 = None
    if up is not None:
        dp1 = next(iter(nh_index.matches(up @ W2.T)), None)
    if dp1 is None and dz1 is not None:
        after = dz2.first if dz2 is not None else -1
        made = [g for g in NH if after < g.first < dz1.first and
                is_mask_of(dz1.value, g.value)]
        if made:                # the least masked: a mask set in a loop
            dp1 = made[0]       # passes through partly masked values

    # dz1, failing the above: dp1 masked after it, or dp1 * [z1 > 0].
    if dz1 is None and dp1 is not None:
        masked = [g for g in NH if g.first > dp1.first and
                  is_mask_of(g.value, dp1.value)]
        same = [g for g in masked if g.objects() & dp1.objects()]
        if same:                # masked in place: its last masked value
            dz1 = same[-1]
        elif masked and all(close(g.value, masked[0].value)
                            for g in masked):
            dz1 = masked[0]
        else:
            right = dp1.value * (prob.z1 > 0)
            dz1 = next((g for g in NH if g.first >= dp1.first and
                        close(g.value, right)), None)

    for name, g in (('dz2', dz2), ('dp1', dp1), ('dz1', dz1)):
        if g is not None:
            res.roles[name] = g
            e = unscaled_origin(g.origin, events)
            res.where[name] = (e.file, e.line)
    # dz1 that is dp1 as it is: no mask was applied, and the mistake is
    # where dp1 was used as dz1, the line that built dW1
    if dz1 is not None and dz1 is dp1:
        tried = masking_line(dp1, lines)
        if tried is not None:
            res.where['dz1'] = tried
        elif 'dW1' in res.where:
            res.where['dz1'] = res.where['dW1']
    return res


def masking_line(g, lines):
    """A line after g's values were made that assigned into a slice of the
    array holding them (dh[z1 < 0] = 0) and changed nothing: a mask that
    masked nothing, (file, line), or None."""
    import linecache
    names = set(e.name for e in g.events if '[' not in e.name)
    for order, file, line in lines:
        if order <= g.first:
            continue
        m = re.match(r'\s*([A-Za-z_]\w*)\s*\[.+\]\s*(\*?=)[^=]',
                     linecache.getline(file, line))
        if m and m.group(1) in names:
            return (file, line)
    return None


def unscaled_origin(e, events):
    """The event that made e's values, but for a factor: when the line
    of e only scaled what the same array held before (dscores /= N), the
    line before it that wrote those values (dscores[:, y] -= 1), and so
    on.  A mistake lies where the values took their shape, not where
    they were scaled."""
    while True:
        before = [x for x in events if x.obj == e.obj and x.seq < e.seq
                  and x.value.shape == e.value.shape]
        if not before:
            return e
        p = before[-1]
        a, b = e.value.ravel(), p.value.ravel()
        bb = float(b @ b)
        if bb == 0.0:
            return e
        c = float(a @ b) / bb
        if c == 1.0 or not np.allclose(a, c * b, rtol=1e-12, atol=0.0):
            return e
        e = p
