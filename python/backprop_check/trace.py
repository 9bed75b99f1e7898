"""trace.py -- record the arrays a student's code computes, line by line.

While a Recorder is active (a `with` block), sys.settrace follows every
function whose code lies in the student's files (the loss and any helper
they wrote; never numpy's or another library's).  Before each line runs,
the frame's local variables are looked at -- each local, each value of a
local dict, list or tuple (grads['W1'], cache[2]), and the same of self's
attributes (self.grads['W1']) -- and every float
array of one of the shapes asked for is compared with the value it had when
last seen.  An array seen for the first time, or whose values changed, is
an Event of the line that has just run in that frame: a copy of its
values, the array's identity, the variable's name, the file and the line.
So an in-place change (`dhidden[z1 <= 0] = 0`, `dscores /= N`) is an event
of the line that made it, with the values after it; the values before it
are those of the array's previous event.

Arrays that a call receives as arguments are events of the caller's line
that is calling, if the caller is the student's code.  A function's
return value is looked at as its locals are, as an event of the returning
line.
"""

import sys

import numpy as np


class Event:
    """An array's values, as a line of the student's code left them."""

    __slots__ = ('seq', 'file', 'line', 'name', 'obj', 'value', 'new')

    def __init__(self, seq, file, line, name, obj, value, new):
        self.seq = seq          # order of the events, from 0
        self.file = file        # the code's file name, as Python has it
        self.line = line        # the line that wrote the values
        self.name = name        # 'dhidden', "grads['W1']", '<return>'
        self.obj = obj          # id() of the array
        self.value = value      # a copy of its values after the line
        self.new = new          # the array was first seen here

    def __repr__(self):
        return '<Event %d %s:%d %s%s>' % (self.seq, self.file, self.line,
                                          self.name, ' new' if self.new
                                          else '')


class Recorder:
    """Events of the arrays of the given shapes computed by the student's
    code (student.owns(filename) tells which code is theirs).

    target, a code object, is the function whose returns are noted in
    self.returns: (file, line) of each time it returned.  Recording stops
    (self.overflow set) after max_events events or max_bytes of copies, to
    bound the time and memory a looping student's code can take."""

    def __init__(self, student, shapes, target=None, max_events=20000,
                 max_bytes=64 << 20):
        self.student = student
        self.shapes = frozenset(tuple(s) for s in shapes)
        self.target = target
        self.max_events = max_events
        self.max_bytes = max_bytes
        self.events = []
        self.lines = []         # (events so far, file, line) of each line
                                # that started, the first 100000
        self.returns = []
        self.overflow = False
        self.failure = None     # an error in the recorder itself
        self._known = {}        # id -> (array, copy of its values)
        self._bytes = 0
        self._saved = None

    def __enter__(self):
        self._saved = sys.gettrace()
        sys.settrace(self._call)
        return self

    def __exit__(self, *exc):
        sys.settrace(self._saved)
        return False

    # The tracer.  Any error in it is kept in self.failure and ends the
    # recording: an exception escaping a trace function would land in the
    # student's code.

    def _call(self, frame, event, arg):
        if event != 'call' or self.overflow or self.failure:
            return None
        try:
            if not self.student.owns(frame.f_code.co_filename):
                return None
            # Arguments: made by the caller, on the line that is calling
            # (`dz1 = relu_backward(dscores.dot(W2.T), z1)`) if the caller
            # is the student's code.
            caller = frame.f_back
            if caller is not None and \
                    self.student.owns(caller.f_code.co_filename):
                self._scan(frame.f_locals, caller.f_code.co_filename,
                           caller.f_lineno)
            else:
                self._scan(frame.f_locals, None, None)
        except Exception as e:
            self.failure = e
            return None
        last = [None]           # the line that last started in this frame
        file = frame.f_code.co_filename

        def local(frame, event, arg):
            if self.overflow or self.failure:
                return None
            try:
                if event == 'line':
                    self._scan(frame.f_locals, file, last[0])
                    last[0] = frame.f_lineno
                    if len(self.lines) < 100000:
                        self.lines.append((len(self.events), file,
                                           frame.f_lineno))
                elif event == 'return':
                    self._scan(frame.f_locals, file, last[0])
                    if arg is not None:
                        self._scan({'<return>': arg}, file, frame.f_lineno)
                    if frame.f_code is self.target:
                        self.returns.append((frame.f_code.co_filename,
                                             frame.f_lineno))
            except Exception as e:
                self.failure = e
                return None
            return local
        return local

    def _scan(self, variables, file, line, depth=0):
        for name, v in list(variables.items()):
            if name == 'self' and depth == 0 and \
                    isinstance(getattr(v, '__dict__', None), dict):
                # self.grads['W1'] = ..., self.cache = (...)
                self._scan({'self.' + k: a for k, a in vars(v).items()},
                           file, line, 1)
            elif isinstance(v, np.ndarray):
                self._see(name, v, file, line)
            elif isinstance(v, dict):
                for k, item in list(v.items())[:64]:
                    if isinstance(item, np.ndarray):
                        self._see('%s[%r]' % (name, k), item, file, line)
            elif isinstance(v, (list, tuple)):
                for i, item in enumerate(v[:64]):
                    if isinstance(item, np.ndarray):
                        self._see('%s[%d]' % (name, i), item, file, line)

    def _see(self, name, a, file, line):
        if a.dtype.kind != 'f' or a.shape not in self.shapes:
            return
        known = self._known.get(id(a))
        if known is not None and np.array_equal(known[1], a, equal_nan=True):
            return
        copy = a.copy()
        self._known[id(a)] = (a, copy)
        if line is None:
            return
        self._bytes += copy.nbytes
        if len(self.events) >= self.max_events or \
                self._bytes > self.max_bytes:
            self.overflow = True
            return
        self.events.append(Event(len(self.events), file, line, name, id(a),
                                 copy, known is None))
