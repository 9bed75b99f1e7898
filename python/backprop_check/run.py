"""run.py -- the command line that `gradcheck --python` runs:

    python3 -m backprop_check.run FILE[:CLASS] --out DIR [options]

See the package's docstring (backprop_check/__init__.py) for the contract:
the arguments, the files written into DIR and the exit statuses.
"""

import argparse
import math
import os
import sys
import traceback

EXIT_OK, EXIT_STUDENT, EXIT_INTERNAL = 0, 2, 3
PROG = 'gradcheck'


class UsageError(Exception):
    pass


class Parser(argparse.ArgumentParser):
    def error(self, message):
        raise UsageError(message)


def _dims(text):
    try:
        d = tuple(int(t) for t in text.split(','))
    except ValueError:
        d = ()
    if len(d) != 3 or min(d) < 1:
        raise argparse.ArgumentTypeError(
            "'%s' is not D,H,C (three positive integers)" % text)
    return d


def _count(text):
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError("'%s' is not a positive integer"
                                         % text)
    return n


def _seed(text):
    try:
        n = int(text)
    except ValueError:
        n = -1
    if not 0 <= n < 2 ** 32:
        raise argparse.ArgumentTypeError("'%s' is not a seed (0 to 2^32-1)"
                                         % text)
    return n


def _nonneg(text):
    try:
        x = float(text)
    except ValueError:
        x = -1.0
    if not (math.isfinite(x) and x >= 0):
        raise argparse.ArgumentTypeError("'%s' is not a number >= 0" % text)
    return x


def parse(argv):
    p = Parser(prog='python3 -m backprop_check.run',
               description="Run a student's two-layer net (CS231n's "
               "TwoLayerNet interface) on a small random problem and save "
               "what gradcheck --npy reads.")
    p.add_argument('target', metavar='FILE[:CLASS]',
                   help='the Python file, and the class (TwoLayerNet)')
    p.add_argument('--out', metavar='DIR', required=True,
                   help='the directory to write (made if need be)')
    p.add_argument('--net', metavar='D,H,C', type=_dims, default=None,
                   help='input, hidden and output sizes (default 6,8,4)')
    p.add_argument('--batch', metavar='N', type=_count, default=None,
                   help='samples in the batch (default 7)')
    p.add_argument('--seed', metavar='S', type=_seed, default=1,
                   help='seed of the random net and batch (default 1)')
    p.add_argument('--reg', metavar='R', type=_nonneg, default=None,
                   help='regularization strength (default 0.05)')
    p.add_argument('--kinks', action='store_true',
                   help='allow z1 near the ReLU kink (no redraw)')
    p.add_argument('--problem', metavar='DIR', default=None,
                   help='the net and batch to use instead of a random one: '
                   'DIR holds X.npy y.npy W1.npy b1.npy W2.npy b2.npy')
    p.add_argument('--timeout', metavar='SECONDS', type=_nonneg, default=10.0,
                   help='give up on the student\'s code after this long '
                   '(default 10; 0: never)')
    args = p.parse_args(argv)
    if args.problem is not None and (args.net or args.batch):
        raise UsageError('--problem: the arrays give the sizes; no --net '
                         'or --batch with it')
    args.file, args.cls = split_target(args.target)
    return args


def split_target(target):
    """FILE[:CLASS] as (FILE, CLASS), CLASS TwoLayerNet if not given; the
    class is split off the last colon when what follows it is a Python
    identifier."""
    file, cls = target, 'TwoLayerNet'
    head, sep, tail = target.rpartition(':')
    if sep and tail.isidentifier() and head:
        file, cls = head, tail
    elif sep and not tail and head:
        file = head
    return file, cls


def main(argv=None):
    """The exit status; messages on standard error."""
    from . import student as st
    sys.dont_write_bytecode = True      # no __pycache__ in students' folders
    silence = st.Silence()
    say = silence.say
    try:
        args = parse(sys.argv[1:] if argv is None else argv)
    except UsageError as e:
        say('%s: %s' % (PROG, ' '.join(str(e).split())))
        return EXIT_STUDENT
    except SystemExit as e:             # --help
        return e.code or 0
    try:
        import numpy                    # noqa: F401
    except ImportError:
        say('%s: numpy is not installed: apt-get install python3-numpy'
            % PROG)
        return EXIT_STUDENT
    from . import collect
    from . import problem as pb

    out = os.path.abspath(args.out)     # the student's code may chdir
    student = st.Student(args.file)
    deadline = st.Deadline(student, args.timeout,
                           lambda line: say('%s: %s' % (PROG, line)))
    D, H, C = args.net or (pb.D_DEFAULT, pb.H_DEFAULT, pb.C_DEFAULT)
    N = args.batch or pb.N_DEFAULT
    reg = pb.REG_DEFAULT if args.reg is None else args.reg
    given = None
    if args.problem is not None:
        try:
            given = pb.load_problem(args.problem, reg)
        except pb.ProblemError as e:
            say('%s: --problem %s: %s' % (PROG, args.problem, e))
            return EXIT_STUDENT
        N, D, H, C = given.N, given.D, given.H, given.C
    try:
        with silence:
            deadline.start()
            try:
                module = st.load(student)
                cls = st.find_class(student, module, args.cls)
                st.method(student, cls, '__init__')
                st.method(student, cls, 'loss')
                prob = given or pb.random_problem(N, D, H, C, args.seed,
                                                  reg, args.kinks)
                what = '%s(%d, %d, %d)' % (args.cls, D, H, C)
                deadline.doing = what
                import numpy as np
                np.random.seed(args.seed)
                net = st.call(student, what, cls, D, H, C)
                runner = collect.Runner(student, net, prob, args.seed,
                                        deadline)
                runner.adopt(what)
                res = collect.collect(runner)
            finally:
                deadline.stop()
        try:
            collect.write(res, out)
        except OSError as e:
            say('%s: %s: %s' % (PROG, args.out if e.filename in (None, out)
                                else e.filename, e.strerror))
            return EXIT_STUDENT
    except st.StudentError as e:
        say('%s: %s' % (PROG, e))
        return EXIT_STUDENT
    except Exception as e:
        say('%s: internal error in backprop_check: %s (please report it)'
            % (PROG, st.describe(e)))
        if os.environ.get('BACKPROP_DEBUG'):
            silence.err.write(traceback.format_exc())
        return EXIT_INTERNAL
    return EXIT_OK


if __name__ == '__main__':
    status = main()
    sys.stdout.flush()
    sys.stderr.flush()
    # Not sys.exit: the student's atexit handlers and threads must not
    # print after us or hold the exit.
    os._exit(status)
