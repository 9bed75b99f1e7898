"""serve.py -- a student's loss as a server, for `nntrain --python`:

    python3 -m backprop_check.serve FILE[:CLASS] --net D,H,C [--seed S]
        [--timeout SECONDS]

imports the student's file, builds CLASS(D, H, C), then answers calls of
its loss(X, y, reg) at the parameters and on the batch each call sends,
until the caller closes the channel.  Training takes thousands of steps:
the file is imported and the net built once, and a call costs little
more than the student's own numpy.

See the package's docstring (backprop_check/__init__.py) for the
protocol.  The student's code runs as `backprop_check.run` runs it
(student.py, collect.Runner): the same import, the same constructor and
parameters, reg passed as the student's loss takes it, the same one-line
messages.
"""

import math
import mmap
import os
import socket
import struct
import sys
import traceback

HELLO = struct.Struct('=q')         # the protocol's version, with the fd
REQUEST = struct.Struct('=qqd')     # command, N, reg
REPLY = struct.Struct('=qdq')       # status, loss, length of a message
VERSION = 1
QUIT, LOSS = 0, 1                   # commands
READY, RESULT, ERROR = 0, 1, 2      # statuses
EXIT_OK, EXIT_STUDENT, EXIT_INTERNAL = 0, 2, 3


class Closed(Exception):
    """The caller closed the channel, or asked us to quit."""


class Channel:
    """The protocol's socket: headers, error lines, and the descriptor of
    the shared memory."""

    def __init__(self, fd):
        self.sock = socket.socket(fileno=fd)

    def read_into(self, buf):
        view = memoryview(buf).cast('B')
        got = 0
        while got < len(view):
            n = self.sock.recv_into(view[got:])
            if n == 0:
                raise Closed()
            got += n

    def hello(self):
        """The caller's first message: the version, and with it the
        descriptor of the shared memory."""
        space = socket.CMSG_SPACE(struct.calcsize('i'))
        flags = getattr(socket, 'MSG_CMSG_CLOEXEC', 0)
        data, anc, _, _ = self.sock.recvmsg(HELLO.size, space, flags)
        if not data:
            raise Closed()
        fds = [struct.unpack('i', d[:struct.calcsize('i')])[0]
               for level, kind, d in anc
               if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS]
        head = bytearray(HELLO.size)
        head[:len(data)] = data
        if len(data) < HELLO.size:
            self.read_into(memoryview(head)[len(data):])
        version, = HELLO.unpack(head)
        if version != VERSION or len(fds) != 1:
            raise ValueError('a hello that is not one: version %d, %d '
                             'descriptors' % (version, len(fds)))
        return fds[0]

    def write(self, *parts):
        self.sock.sendall(b''.join(parts))

    def error(self, line):
        """The error reply: one line, after which the server exits."""
        data = ' '.join(line.split()).encode('utf-8', 'replace')
        try:
            self.write(REPLY.pack(ERROR, 0.0, len(data)), data)
        except OSError:
            pass                # nobody is listening any more


class Shared:
    """The memory shared with the caller: theta (P), dtheta (P), X (N, D)
    as float64 and y (N,) as int64, in this order, in the machine's byte
    order.  The caller makes it large enough for each call; it is mapped
    again when a call needs more than is mapped."""

    def __init__(self, fd, D, H, C, np):
        self.fd, self.D, self.np = fd, D, np
        self.P = D * H + H * C + H + C
        self.cuts = np.cumsum([D * H, H, H * C])
        self.shape = {'W1': (D, H), 'b1': (H,), 'W2': (H, C), 'b2': (C,)}
        self.size = 0
        self.mem = None
        self.last = (None, None)    # N and the views of the last call

    def views(self, N):
        """(params, grads, X, y) for a call on N samples: params and grads
        dicts of arrays in the parameters' shapes.  New array objects at
        each call (the student's code may reshape one in place), made from
        the last call's if it had N samples too."""
        np, P, D = self.np, self.P, self.D
        need = 8 * (2 * P + N * D + N)
        if need > self.size:
            self.mem = mmap.mmap(self.fd, need)
            self.size = need
            self.last = (None, None)
        if self.last[0] == N:
            params, grads, X, y = self.last[1]
            return ({k: a.view() for k, a in params.items()}, grads,
                    X.view(), y.view())
        f = np.frombuffer(self.mem, dtype=np.float64, count=2 * P + N * D)
        y = np.frombuffer(self.mem, dtype=np.int64, count=N,
                          offset=8 * (2 * P + N * D))
        params, grads = ({k: a.reshape(self.shape[k]) for k, a in zip(
            ('W1', 'b1', 'W2', 'b2'), np.split(block, self.cuts))}
            for block in (f[:P], f[P:2 * P]))
        self.last = (N, (params, grads, f[2 * P:].reshape(N, D), y))
        return self.views(N)


class Batch:
    """What collect.Runner reads of a problem: the batch, the parameters,
    reg and the sizes.  The server points X, y and the parameters at the
    shared memory before each call; there is no reference forward pass,
    which only the check needs."""

    def __init__(self, D, H, C, np):
        self.N, self.D, self.H, self.C = 0, D, H, C
        self.reg = 0.0
        self.X, self.y = np.zeros((0, D)), np.zeros(0, dtype=np.int64)
        self.params = {'W1': np.zeros((D, H)), 'b1': np.zeros(H),
                       'W2': np.zeros((H, C)), 'b2': np.zeros(C)}
        self.grads = None


class Server:
    """The student's net, built, and the loop that answers calls."""

    def __init__(self, chan, args, np):
        from . import collect
        from . import student as st
        self.chan, self.np, self.st, self.collect = chan, np, st, collect
        self.seed = args.seed
        D, H, C = args.net
        self.shared = Shared(chan.hello(), D, H, C, np)
        student = st.Student(args.file)
        self.deadline = st.Deadline(student, args.timeout, self._timeout)
        self.deadline.start()
        try:
            module = st.load(student)
            cls = st.find_class(student, module, args.cls)
            st.method(student, cls, '__init__')
            st.method(student, cls, 'loss')
            what = '%s(%d, %d, %d)' % (args.cls, D, H, C)
            self.deadline.doing = what
            self.deadline.verb = 'return'
            np.random.seed(self.seed)
            net = st.call(student, what, cls, D, H, C)
            self.batch = Batch(D, H, C, np)
            self.runner = collect.Runner(student, net, self.batch, self.seed,
                                         self.deadline)
            self.runner.adopt(what)
            self.runner.copies = False
        finally:
            self.deadline.stop()

    def _timeout(self, line):
        self.chan.error(line)

    def request(self):
        """Read a request and point the batch at it; Closed at the end."""
        b = self.batch
        head = bytearray(REQUEST.size)
        self.chan.read_into(head)
        command, N, reg = REQUEST.unpack(head)
        if command == QUIT:
            raise Closed()
        if command != LOSS or not 0 < N < 1 << 40 or \
                not (math.isfinite(reg) and reg >= 0):
            raise ValueError('a request that is not one: command %d, N %d, '
                             'reg %r' % (command, N, reg))
        b.params, b.grads, b.X, b.y = self.shared.views(N)
        b.N, b.reg = N, reg
        if b.y.min() < 0 or b.y.max() >= b.C:
            raise ValueError('a label out of 0..%d' % (b.C - 1))

    def loss(self):
        """The student's loss at the batch: (loss, grads as float64 arrays
        in the parameters' shapes), or StudentError."""
        st, runner = self.st, self.runner
        self.deadline.doing = runner.what
        runner.set_params(self.batch.params)
        self.np.random.seed(self.seed)
        self.deadline.start()
        try:
            out = runner.call_loss(runner.what)
            try:
                loss, grads = runner.unpack(out, runner.loss_line)
                return loss, runner.check_grads(grads,
                                                lambda k: runner.loss_line)
            except st.StudentError as e:
                first = e
            # What it returned is wrong: the same call once more, traced,
            # for the line that returned it or built the wrong gradient.
            self.collect.checked_loss(runner)
            raise first
        finally:
            self.deadline.stop()

    def serve(self):
        """Answer requests until the caller closes the channel."""
        while True:
            self.request()
            loss, grads = self.loss()
            for k, a in grads.items():
                self.batch.grads[k][...] = a
            self.chan.write(REPLY.pack(RESULT, loss, 0))


def parse(argv):
    from . import run
    p = run.Parser(prog='python3 -m backprop_check.serve',
                   description="Answer calls of a student's loss over the "
                   "socket on standard input (nntrain --python).")
    p.add_argument('target', metavar='FILE[:CLASS]')
    p.add_argument('--net', metavar='D,H,C', type=run._dims, required=True)
    p.add_argument('--seed', metavar='S', type=run._seed, default=1)
    p.add_argument('--timeout', metavar='SECONDS', type=run._nonneg,
                   default=10.0)
    args = p.parse_args(argv)
    args.file, args.cls = run.split_target(args.target)
    return args


def channel():
    """The channel, the socket on standard input, moved to a descriptor of
    our own (not inherited); standard input is then /dev/null."""
    fd = os.dup(0)
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.close(null)
    return Channel(fd)


def main(argv=None):
    """The exit status; every message goes to the caller on the channel."""
    chan = channel()
    from . import run
    from . import student as st
    sys.dont_write_bytecode = True      # no __pycache__ in students' folders
    try:
        args = parse(sys.argv[1:] if argv is None else argv)
    except run.UsageError as e:
        chan.error(' '.join(str(e).split()))
        return EXIT_STUDENT
    try:
        import numpy as np
    except ImportError:
        chan.error('numpy is not installed: apt-get install python3-numpy')
        return EXIT_STUDENT
    silence = st.Silence()
    try:
        with silence:
            server = Server(chan, args, np)
            chan.write(REPLY.pack(READY, 0.0, 0))
            server.serve()
    except (Closed, BrokenPipeError, ConnectionResetError):
        return EXIT_OK
    except st.StudentError as e:
        chan.error(str(e))
        return EXIT_STUDENT
    except Exception as e:
        chan.error('internal error in backprop_check.serve: %s (please '
                   'report it)' % st.describe(e))
        if os.environ.get('BACKPROP_DEBUG'):
            silence.err.write(traceback.format_exc())
        return EXIT_INTERNAL
    return EXIT_OK


if __name__ == '__main__':
    status = main()
    # Not sys.exit: the student's atexit handlers and threads must not
    # hold the exit.
    os._exit(status)
