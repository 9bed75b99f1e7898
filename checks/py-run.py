"""py-run.py -- `python3 -m backprop_check.run` on the students' files in
checks/py-students/, as gradcheck --python runs it; TAP output.

For each file of labels.tsv: the run exits 0 and prints nothing (the
students' prints are silenced); the arrays load with their shapes and
types; the scores and the loss are those of a forward pass computed here,
independently; the gradients of the correct files are those computed here
for the file's convention; ownloss.tsv says wrong for exactly the labelled
gradients; dz2, dp1 and dz1 are there with the values computed here, or
absent, as labelled; where.tsv names the labelled lines, and each line it
names is that line of the file; gradcheck --npy reads the directory.  For
each file of errors.tsv: exit status 2 and one line on standard error,
naming the labelled line.  Then the options, the stale files, a missing
numpy, the Debian packages named for missing modules, and check(net) for
notebooks.

Usage: python3 py-run.py (srcdir, top_builddir and BACKPROP_PYTHONPATH
from the environment, as make check sets them).
"""

import contextlib
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np

SRCDIR = os.environ.get('srcdir', '.')
BUILDDIR = os.environ.get('top_builddir', '.')
PYPATH = os.environ.get('BACKPROP_PYTHONPATH') or os.path.join(SRCDIR,
                                                               'python')
STUDENTS = os.path.join(SRCDIR, 'checks', 'py-students')
GRADCHECK = os.path.join(BUILDDIR, 'src', 'gradcheck')
PARAMS = ('W1', 'b1', 'W2', 'b2')

tests = []


def ok(cond, desc, *diag):
    tests.append((bool(cond), desc, diag))


def run(target, out, *args, env=None):
    """The run module as gradcheck runs it: (status, stdout, stderr)."""
    e = dict(os.environ)
    e['PYTHONPATH'] = PYPATH
    e.update(env or {})
    p = subprocess.run([sys.executable, '-m', 'backprop_check.run', target,
                        '--out', out] + list(args), env=e,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True, timeout=60)
    return p.returncode, p.stdout, p.stderr


def table(name):
    rows = []
    with open(os.path.join(STUDENTS, name)) as f:
        for line in f:
            if line.strip() and not line.startswith('#'):
                rows.append(line.rstrip('\n').split('\t'))
    return rows


# An independent forward and backward pass, in the conventions students use.

def forward(X, y, W1, b1, W2, b2):
    z1 = X.dot(W1) + b1
    p1 = np.where(z1 > 0, z1, 0.0)
    z2 = p1.dot(W2) + b2
    m = z2.max(axis=1)[:, None]
    lse = m[:, 0] + np.log(np.exp(z2 - m).sum(axis=1))
    prob = np.exp(z2 - lse[:, None])
    nll = lse - z2[np.arange(len(y)), y]
    onehot = np.eye(W2.shape[1])[y]
    return z1, p1, z2, prob, onehot, nll


def expected(d, conv):
    """The loss and gradients of the convention, from the saved arrays."""
    X, y = d['X'], d['y']
    W1, b1, W2, b2 = (d[k] for k in PARAMS)
    reg = d['reg']
    z1, p1, z2, prob, onehot, nll = forward(X, y, W1, b1, W2, b2)
    N = len(y)
    s = 1.0 if conv == 'sum' else 1.0 / N
    f = 0.5 if conv == 'half' else 1.0
    loss = s * nll.sum() + f * reg * ((W1 ** 2).sum() + (W2 ** 2).sum())
    if conv == 'bias':
        loss += reg * ((b1 ** 2).sum() + (b2 ** 2).sum())
    dz2 = s * (prob - onehot)
    dz1 = dz2.dot(W2.T) * (z1 > 0)
    g = {'W2': p1.T.dot(dz2) + 2 * f * reg * W2, 'b2': dz2.sum(axis=0),
         'W1': X.T.dot(dz1) + 2 * f * reg * W1, 'b1': dz1.sum(axis=0)}
    if conv == 'bias':
        g['b1'] = g['b1'] + 2 * reg * b1
        g['b2'] = g['b2'] + 2 * reg * b2
    return z2, loss, g


def near(a, b, tol=1e-9):
    a, b = np.asarray(a, float), np.asarray(b, float)
    return a.shape == b.shape and np.allclose(a, b, rtol=tol, atol=1e-12)


def load(out):
    d = {}
    for name in ('X', 'y', 'W1', 'b1', 'W2', 'b2', 'scores', 'loss', 'dW2',
                 'db2', 'dW1', 'db1', 'dz2', 'dp1', 'dz1'):
        path = os.path.join(out, name + '.npy')
        if os.path.exists(path):
            d[name] = np.load(path)
    return d


def check_student(tmp, row):
    file, conv, wrong, rz2, rp1, rz1, where, gc = row
    path = os.path.join(STUDENTS, file)
    out = os.path.join(tmp, file)
    os.makedirs(out)
    # A stale file of a former run, which the run must remove.
    np.save(os.path.join(out, 'dz2.npy'), np.zeros(3))
    t = time.time()
    st, so, se = run(path, out)
    t = time.time() - t
    ok(st == 0 and so == '' and se == '',
       '%s: exit 0 in %.2f s, nothing printed' % (file, t),
       'status %d' % st, 'stdout %r' % so[:200], 'stderr %r' % se[:300])
    if st != 0:
        return
    d = load(out)
    d['reg'] = 0.05
    N, D, H, C = 7, 6, 8, 4
    shapes = {'X': (N, D), 'y': (N,), 'W1': (D, H), 'b1': (H,),
              'W2': (H, C), 'b2': (C,), 'scores': (N, C), 'loss': (),
              'dW2': (H, C), 'db2': (C,), 'dW1': (D, H), 'db1': (H,),
              'dz2': (N, C), 'dp1': (N, H), 'dz1': (N, H)}
    bad = ['%s %s %s' % (k, v.shape, v.dtype) for k, v in d.items()
           if k != 'reg' and (v.shape != shapes[k] or v.dtype !=
                              (np.int64 if k == 'y' else np.float64))]
    ok(not bad and all(k in d for k in shapes if k[:2] not in ('dz', 'dp')),
       '%s: the arrays have their shapes, float64 (y int64)' % file, *bad)
    z1 = d['X'].dot(d['W1']) + d['b1']
    ok(np.abs(z1).min() >= 1e-3 and 0 <= d['y'].min() and d['y'].max() < C,
       '%s: labels in 0..C-1, no |z1| below 1e-3 (min %.2g)'
       % (file, np.abs(z1).min()))
    z2, loss, g = expected(d, conv)
    ok(near(d['scores'], z2) and near(d['loss'], loss),
       '%s: scores and loss (%s) as computed here' % (file, conv),
       'loss %r, here %r' % (float(d['loss']), loss))
    if wrong == '-':
        bad = [k for k in PARAMS if not near(d['d' + k], g[k], 1e-7)]
        ok(not bad, '%s: the gradients are those computed here' % file,
           *bad)

    with open(os.path.join(out, 'ownloss.tsv')) as f:
        lines = [line.rstrip('\n').split('\t') for line in f]
    want = set() if wrong == '-' else set(wrong.split(','))
    got = {r[0]: r[2] for r in lines if len(r) == 4}
    ok([r[0] for r in lines] == ['dW2', 'db2', 'dW1', 'db1'] and
       all(got[k] == ('wrong' if k in want else 'ok') for k in got) and
       all((float(r[1]) > 1e-6) == (r[2] == 'wrong') for r in lines),
       '%s: ownloss.tsv: wrong exactly %s' % (file, wrong),
       *['\t'.join(r) for r in lines])

    # The intermediates, against values computed here.
    zz1, p1, _, prob, onehot, _ = forward(d['X'], d['y'], d['W1'], d['b1'],
                                         d['W2'], d['b2'])
    rule = {'mean': (prob - onehot) / N, 'sum': prob - onehot,
            'probs': prob / N}
    for name, r in (('dz2', rz2), ('dp1', rp1), ('dz1', rz1)):
        if name == 'dz2':
            value = rule.get(r)
        elif name == 'dp1':
            value = rule[r].dot(d['W2'].T) if r != '-' else None
        else:
            up = rule[rp1 if rp1 != '-' else 'mean'].dot(d['W2'].T)
            value = {'relu': up * (zz1 > 0), 'sign': up * (up > 0),
                     'none': up}.get(r)
        if value is None:
            ok(name not in d, '%s: no %s.npy (none to find)' % (file, name))
        else:
            ok(name in d and near(d[name], value),
               '%s: %s.npy is %s' % (file, name, r),
               'missing' if name not in d else
               'max diff %.3g' % np.abs(d[name] - value).max())

    with open(os.path.join(out, 'where.tsv')) as f:
        rows = [line.rstrip('\n').split('\t') for line in f]
    places = {}
    bad = []
    order = ['dz2', 'dW2', 'db2', 'dp1', 'dz1', 'dW1', 'db1']
    for r in rows:
        if len(r) != 4 or r[0] not in order:
            bad.append('malformed: %r' % (r,))
            continue
        places[r[0]] = (r[1], int(r[2]))
        with open(r[1]) as f:
            text = f.read().split('\n')[int(r[2]) - 1].strip()
        if text != r[3]:
            bad.append('%s: %r is not line %s of %s' % (r[0], r[3], r[2],
                                                        r[1]))
    ok(not bad and [r[0] for r in rows] == sorted(
        (r[0] for r in rows), key=order.index),
       '%s: where.tsv: in order, each text the line it names' % file, *bad)
    for item in ([] if where == '-' else where.split(',')):
        # grad:line, or grad:path:line for a line of another file (path
        # relative to the student's file)
        name, _, line = item.partition(':')
        other, _, line = line.rpartition(':')
        want = os.path.normpath(os.path.join(os.path.dirname(path), other)) \
            if other else path
        ok(places.get(name) == (want, int(line)),
           '%s: where.tsv places %s at %s line %s' % (
               file, name, other or 'its', line),
           'got %r' % (places.get(name),), 'want %r' % ((want, int(line)),))

    if os.access(GRADCHECK, os.X_OK):
        p = subprocess.run([GRADCHECK, '--npy', out], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, universal_newlines=True)
        ok(p.returncode != 2 and (gc == '-' or p.returncode == int(gc)),
           '%s: gradcheck --npy reads the directory, exit %s' % (
               file, gc if gc != '-' else '0 or 1'),
           'exit %d' % p.returncode, p.stderr.strip())


def check_error(tmp, row):
    target, args, line, message = row
    path = os.path.join(STUDENTS, target)
    out = os.path.join(tmp, 'err-' + target.replace(':', '-'))
    st, so, se = run(path, out, *([] if args == '-' else args.split()))
    file = path.rpartition(':')[0] if ':' in target else path
    prefixes = ['gradcheck: %s: ' % file] if line == '-' else \
        ['gradcheck: %s:%s: ' % (file, n) for n in line.split('|')]
    lines = se.split('\n')
    ok(st == 2 and so == '' and len(lines) == 2 and lines[1] == '' and
       any(lines[0].startswith(p) for p in prefixes) and message in lines[0],
       '%s%s: exit 2, one line: %s' % (
           target, '' if args == '-' else ' ' + args, message),
       'status %d' % st, 'stderr %r' % se[:400],
       'want %s... %s' % (prefixes[0], message))


def check_options(tmp):
    mean = os.path.join(STUDENTS, 'correct-mean.py')
    a, b, c = (os.path.join(tmp, n) for n in ('opt-a', 'opt-b', 'opt-c'))
    st, so, se = run(mean, a, '--net', '5,9,3', '--batch', '4', '--seed',
                     '7', '--reg', '0')
    d = load(a) if st == 0 else {}
    ok(st == 0 and d['X'].shape == (4, 5) and d['W1'].shape == (5, 9) and
       d['W2'].shape == (9, 3) and d['dz1'].shape == (4, 9),
       '--net 5,9,3 --batch 4: the shapes follow', se)
    if st == 0:
        d['reg'] = 0.0
        z2, loss, g = expected(d, 'mean')
        ok(near(d['loss'], loss) and near(d['dW1'], g['W1'], 1e-7),
           '--reg 0: the loss and dW1 without penalty')
    run(mean, b, '--net', '5,9,3', '--batch', '4', '--seed', '7')
    run(mean, c, '--net', '5,9,3', '--batch', '4', '--seed', '8')
    ok(st == 0 and os.path.exists(os.path.join(c, 'X.npy')) and
       near(np.load(os.path.join(a, 'X.npy')),
            np.load(os.path.join(b, 'X.npy'))) and
       not near(np.load(os.path.join(a, 'X.npy')),
                np.load(os.path.join(c, 'X.npy'))),
       '--seed: the same seed draws the same X, another another')
    st, so, se = run(mean, a, '--kinks')
    ok(st == 0, '--kinks runs', se)
    for args, what in ((['--net', '6,8'], "--net: '6,8' is not D,H,C"),
                       (['--batch', '0'], "'0' is not a positive integer"),
                       (['--timeout', 'x'], "'x' is not a number"),
                       (['--bogus'], 'unrecognized arguments: --bogus')):
        st, so, se = run(mean, a, *args)
        ok(st == 2 and se.count('\n') == 1 and se.startswith('gradcheck: ')
           and what in se, '%s: exit 2, one line' % ' '.join(args),
           'status %d' % st, repr(se))
    e = dict(os.environ, PYTHONPATH=PYPATH)
    p = subprocess.run([sys.executable, '-m', 'backprop_check.run', mean],
                       env=e, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True)
    ok(p.returncode == 2 and p.stderr.count('\n') == 1 and
       '--out' in p.stderr, 'no --out: exit 2, one line', repr(p.stderr))
    p = subprocess.run([sys.executable, '-m', 'backprop_check.run',
                        '--help'], env=e, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, universal_newlines=True)
    ok(p.returncode == 0 and 'FILE[:CLASS]' in p.stdout and
       '--timeout' in p.stdout, '--help: usage on stdout, exit 0')

    # The directory: made if need be; not a directory is an error.
    deep = os.path.join(tmp, 'new', 'deeper')
    st, so, se = run(mean, deep)
    ok(st == 0 and os.path.exists(os.path.join(deep, 'where.tsv')),
       '--out DIR is made if it does not exist', se)
    afile = os.path.join(tmp, 'afile')
    open(afile, 'w').close()
    st, so, se = run(mean, afile)
    ok(st == 2 and se == 'gradcheck: %s: Not a directory\n' % afile,
       '--out naming a file: exit 2, one line', repr(se))

    # numpy missing: a numpy that cannot be imported comes first.
    fake = os.path.join(tmp, 'fake')
    os.makedirs(os.path.join(fake, 'numpy'))
    with open(os.path.join(fake, 'numpy', '__init__.py'), 'w') as f:
        f.write("raise ImportError('no numpy here')\n")
    st, so, se = run(mean, a, env={'PYTHONPATH': fake + os.pathsep +
                                   PYPATH})
    ok(st == 2 and se == 'gradcheck: numpy is not installed: '
       'apt-get install python3-numpy\n', 'numpy missing: its Debian package',
       repr(se))


def kink_problem(d, seed):
    """A problem saved in d, with some z1 within 3e-8 of the ReLU's kink."""
    r = np.random.RandomState(seed)
    N, D, H, C = 7, 6, 8, 4
    a = {'X': r.randn(N, D), 'W1': r.randn(D, H) / np.sqrt(D),
         'b1': 0.1 * r.randn(H), 'W2': r.randn(H, C) / np.sqrt(H),
         'b2': 0.1 * r.randn(C), 'y': r.randint(C, size=N)}
    for k, (n, j) in enumerate(((0, 0), (3, 2), (5, 7), (6, 1))):
        z = a['X'] @ a['W1'] + a['b1']
        a['b1'][j] -= z[n, j] - (3e-8 if k % 2 else -3e-8)
    os.makedirs(d, exist_ok=True)
    for k, v in a.items():
        np.save(os.path.join(d, k + '.npy'), v)
    return a


def check_problem(tmp):
    """--problem DIR: the net and batch given, exactly; the own-loss
    verdict at z1 on the kink; its errors."""
    sys.path.insert(0, PYPATH)
    from backprop_check import problem as pb
    given, out = os.path.join(tmp, 'given'), os.path.join(tmp, 'prob-out')
    a = kink_problem(given, 11)
    for file, wrong in (('correct-mean.py', ''), ('correct-half.py', ''),
                        ('correct-sum.py', ''), ('correct-bias-reg.py', ''),
                        ('bug-mask-sign.py', 'dW1,db1'),
                        ('bug-no-mask.py', 'dW1,db1')):
        st, so, se = run(os.path.join(STUDENTS, file), out, '--problem',
                         given)
        d = load(out) if st == 0 else {}
        same = st == 0 and all(np.array_equal(d[k], a[k]) for k in a)
        own = []
        if st == 0:
            with open(os.path.join(out, 'ownloss.tsv')) as f:
                own = [ln.split('\t')[0] for ln in f
                       if ln.split('\t')[2] == 'wrong']
        ok(same and ','.join(own) == wrong, '--problem, z1 3e-8 from the '
           'kink: %s runs on the arrays given, own loss wrong for %s' % (
               file, wrong or 'none'), se, own)
    for args, what in ((['--problem', given, '--net', '6,8,4'],
                        'gradcheck: --problem: the arrays give the sizes'),
                       (['--problem', os.path.join(tmp, 'none')],
                        'none: X.npy: No such file or directory')):
        st, so, se = run(os.path.join(STUDENTS, 'correct-mean.py'), out,
                         *args)
        ok(st == 2 and se.count('\n') == 1 and what in se,
           '%s: exit 2, one line' % args[-2], repr(se))
    np.save(os.path.join(given, 'W2.npy'), np.zeros((7, 4)))
    np.save(os.path.join(given, 'y.npy'), a['y'] + 0.5)
    try:
        pb.load_problem(given, 0.05)
        got = ''
    except pb.ProblemError as e:
        got = str(e)
    ok(got == 'y.npy: labels that are not integers', 'a label that is not '
       'an integer is refused', got)
    np.save(os.path.join(given, 'y.npy'), a['y'].astype(np.float64))
    try:
        pb.load_problem(given, 0.05)
        got = ''
    except pb.ProblemError as e:
        got = str(e)
    ok(got.startswith('W2.npy: shape (7, 4), want (8, 4)'), 'W2 of the '
       'wrong shape is refused, naming the file', got)
    idx = pb.own_entries(5000)
    ok(len(idx) == pb.OWN_MAX and len(set(idx)) == pb.OWN_MAX and
       list(idx) == sorted(idx) and idx[-1] < 5000 and
       np.array_equal(idx, pb.own_entries(5000)) and
       np.array_equal(pb.own_entries(pb.OWN_MAX), np.arange(pb.OWN_MAX)),
       'the own-loss check takes every entry up to %d, else the same %d '
       'distinct ones' % (pb.OWN_MAX, pb.OWN_MAX))
    st, so, se = run(os.path.join(STUDENTS, 'bug-mask-sign.py'), out,
                     '--net', '40,30,5', '--batch', '9')
    with open(os.path.join(out, 'ownloss.tsv')) if st == 0 else \
            io.StringIO() as f:
        rows = [ln.split('\t') for ln in f]
    ok(st == 0 and [r[2] for r in rows] == ['ok', 'ok', 'wrong', 'wrong'],
       'bug-mask-sign.py at 40-30-5 (W1 sampled): dW1 and db1 wrong', se,
       rows)


def check_modules():
    sys.path.insert(0, PYPATH)
    from backprop_check import student
    for mod, want in (('sklearn.svm', 'apt-get install python3-sklearn'),
                      ('past.builtins', 'apt-get install python3-future'),
                      ('matplotlib.pyplot',
                       'apt-get install python3-matplotlib'),
                      ('scipy', 'apt-get install python3-scipy'),
                      ('PIL', 'apt-get install python3-pil'),
                      ('tensorflow', 'Debian does not package it')):
        got = student.missing_module(mod)
        ok(want in got and "'%s'" % mod in got,
           'a missing %s: %s' % (mod, want), got)


def check_notebook(tmp):
    sys.path.insert(0, PYPATH)
    import importlib.util
    import backprop_check
    if not os.access(GRADCHECK, os.X_OK):
        ok(True, '# SKIP check(net): %s is not built' % GRADCHECK)
        return
    os.environ['BACKPROP_GRADCHECK'] = GRADCHECK
    for file, want in (('correct-mean.py', 0), ('bug-mask-sign.py', 1)):
        spec = importlib.util.spec_from_file_location(
            'nb_' + file[:-3].replace('-', '_'),
            os.path.join(STUDENTS, file))
        m = importlib.util.module_from_spec(spec)
        with contextlib.redirect_stdout(io.StringIO()):
            spec.loader.exec_module(m)
        net = m.TwoLayerNet(6, 8, 4)
        w1 = net.params['W1'].copy()
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            status = backprop_check.check(net)
        text = buf.getvalue()
        ok(status == want and 'dz1' in text and
           ('relu-mask-sign' in text) == (want == 1) and
           np.array_equal(net.params['W1'], w1),
           'check(net) on %s: exit %d, the report printed, the params put '
           'back' % (file, want), 'status %r' % status, text[-600:])


def main():
    tmp = tempfile.mkdtemp(prefix='py-run.')
    try:
        for row in table('labels.tsv'):
            check_student(tmp, row)
        for row in table('errors.tsv'):
            check_error(tmp, row)
        check_options(tmp)
        check_problem(tmp)
        check_modules()
        check_notebook(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print('1..%d' % len(tests))
    failed = 0
    for i, (good, desc, diag) in enumerate(tests, 1):
        print('%s %d - %s' % ('ok' if good else 'not ok', i, desc))
        if not good:
            failed += 1
            for d in diag:
                for line in str(d).split('\n'):
                    print('#   ' + line)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
