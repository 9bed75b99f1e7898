"""student.py -- the student's file: importing it, calling into it, and
saying in one line what went wrong.

Everything here treats the student's code as untrusted: it may print, fail
to import, raise anywhere, loop forever or call sys.exit().  A failure is
turned into a StudentError whose text is one line, "FILE:LINE: what" or
"FILE: what", where LINE is the student's own line (the innermost frame of
the traceback that lies in the student's files, never one of numpy's).
"""

import contextlib
import importlib.util
import inspect
import linecache
import os
import signal
import sys
import sysconfig
import types

# The Debian package that provides a module students import.
DEBIAN_PACKAGE = {
    'numpy': 'python3-numpy',
    'matplotlib': 'python3-matplotlib',
    'past': 'python3-future',
    'future': 'python3-future',
    'builtins': 'python3-future',
    'scipy': 'python3-scipy',
    'sklearn': 'python3-sklearn',
    'PIL': 'python3-pil',
    'imageio': 'python3-imageio',
    'skimage': 'python3-skimage',
    'cv2': 'python3-opencv',
    'pandas': 'python3-pandas',
    'seaborn': 'python3-seaborn',
    'h5py': 'python3-h5py',
    'yaml': 'python3-yaml',
    'tqdm': 'python3-tqdm',
    'six': 'python3-six',
    'IPython': 'python3-ipython',
    'torch': 'python3-torch',
}
# Never the student's code: this package, the standard library and
# installed packages (a student's folder may hold a pyenv or a venv).
_NOT_THEIRS = tuple(sorted(set(
    os.path.realpath(p) + os.sep for p in
    [os.path.dirname(os.path.abspath(__file__))] +
    [sysconfig.get_paths().get(k) for k in ('stdlib', 'platstdlib',
                                            'purelib', 'platlib')]
    if p)))

# Modules students import that Debian does not package.
NOT_PACKAGED = ('tensorflow', 'jax', 'keras', 'cupy')


class StudentError(Exception):
    """What is wrong with the student's code, in one line.

    where is "FILE:LINE" or "FILE"; what says what is wrong."""

    def __init__(self, where, what):
        Exception.__init__(self, '%s: %s' % (where, what))
        self.where = where
        self.what = what


class Student:
    """The student's file, its directory tree and the name it goes by.

    path is the file as the user named it; files in the tree (the file's
    directory, or the top of the package the file is in) count as the
    student's, except installed packages (site-packages, dist-packages)."""

    def __init__(self, path):
        self.path = path
        self.abspath = os.path.realpath(path)
        self.dir = os.path.dirname(self.abspath)
        # top goes on sys.path (for "from cs231n.layers import *"); root is
        # the outermost package holding the file, or its directory.
        top = root = self.dir
        while os.path.exists(os.path.join(top, '__init__.py')) and \
                os.path.dirname(top) != top:
            root, top = top, os.path.dirname(top)
        self.top = top
        self.root = root
        self._mine = {}

    def owns(self, filename):
        """Whether code from filename is the student's (cached)."""
        mine = self._mine.get(filename)
        if mine is None:
            real = os.path.realpath(filename)
            if real == self.abspath:
                mine = True
            elif not filename.endswith('.py') or \
                    not real.startswith(self.root + os.sep) or \
                    real.startswith(_NOT_THEIRS):
                mine = False
            else:
                parts = real.split(os.sep)
                mine = 'site-packages' not in parts and \
                    'dist-packages' not in parts
            self._mine[filename] = mine
        return mine

    def show(self, filename):
        """filename as the user would name it: relative to the file they
        gave us, as they gave it."""
        real = os.path.realpath(filename)
        if real == self.abspath:
            return self.path
        rel = os.path.relpath(real, self.dir)
        return os.path.normpath(os.path.join(os.path.dirname(self.path), rel))

    def where(self, filename, line):
        return '%s:%d' % (self.show(filename), line)


def source_line(filename, line):
    """The text of a line of a file, stripped, tabs made spaces."""
    return linecache.getline(filename, line).strip().replace('\t', ' ')


def student_frame(student, tb=None, frame=None):
    """(filename, line) of the innermost frame of the student's code, in a
    traceback or up the stack from a frame; None if there is none."""
    found = None
    while tb is not None:
        code = tb.tb_frame.f_code
        if student.owns(code.co_filename):
            found = (code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    if found is None:
        while frame is not None:
            if student.owns(frame.f_code.co_filename):
                return (frame.f_code.co_filename, frame.f_lineno)
            frame = frame.f_back
    return found


def describe(exc):
    """"TypeError: message" for an exception, on one line."""
    text = ' '.join(str(exc).split())
    name = type(exc).__name__
    return '%s: %s' % (name, text) if text else name


def located(student, tb, default_file=None, default_line=None):
    """The "FILE:LINE" (or "FILE") to blame for an exception."""
    found = student_frame(student, tb)
    if found is not None:
        return student.where(*found)
    if default_file and default_line:
        return student.where(default_file, default_line)
    return student.path


# Silence: the student's prints and warnings must not reach our output.

class Silence:
    """File descriptors 1 and 2 (and sys.stdout, sys.stderr) sent to
    /dev/null while active; our own messages go to self.err, a stream on
    the original standard error."""

    def __init__(self):
        self.err = os.fdopen(os.dup(2), 'w', buffering=1)
        self._saved = None

    def __enter__(self):
        for s in (sys.stdout, sys.stderr):
            _flush(s)
        null = os.open(os.devnull, os.O_WRONLY)
        self._saved = (os.dup(1), os.dup(2), sys.stdout, sys.stderr)
        os.dup2(null, 1)
        os.dup2(null, 2)
        os.close(null)
        sys.stdout = open(os.devnull, 'w')
        sys.stderr = open(os.devnull, 'w')
        return self

    def __exit__(self, *exc):
        for s in (sys.stdout, sys.stderr):
            try:
                s.close()
            except Exception:
                pass
        out, err, sys.stdout, sys.stderr = self._saved
        os.dup2(out, 1)
        os.dup2(err, 2)
        os.close(out)
        os.close(err)
        return False

    def say(self, text):
        """One line on the original standard error."""
        self.err.write(text + '\n')
        self.err.flush()


def _flush(stream):
    try:
        stream.flush()
    except Exception:
        pass


# Time limit: a loss that never returns.

class Deadline:
    """SIGALRM after seconds (0: none).  When it fires, report(line) is
    called with one line naming the student's line then running, and the
    process exits with status 2 at once: a handler that raised could be
    swallowed by the student's bare except.  doing names what is running
    ("loss(X, y, reg=0.05)")."""

    def __init__(self, student, seconds, report):
        self.student = student
        self.seconds = seconds
        self.report = report
        self.doing = 'importing the file'
        self.verb = 'finish'

    def start(self):
        if self.seconds > 0 and hasattr(signal, 'setitimer'):
            signal.signal(signal.SIGALRM, self._fire)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def stop(self):
        if self.seconds > 0 and hasattr(signal, 'setitimer'):
            signal.setitimer(signal.ITIMER_REAL, 0)

    def message(self, found):
        """The line to report; found is the student's (file, line) then
        running, or None when the time ran out in our own code."""
        if found is None:
            return '%s: the check did not finish within %g s (a longer ' \
                '--timeout?)' % (self.student.path, self.seconds)
        hint = '' if '?' in self.doing else ' (an endless loop?)'
        return '%s: %s did not %s within %g s%s' % (
            self.student.where(*found), self.doing, self.verb, self.seconds,
            hint)

    def _fire(self, signum, frame):
        sys.settrace(None)
        self.report(self.message(student_frame(self.student, frame=frame)))
        os._exit(2)


# Importing the file.

class _LazyPyplot(types.ModuleType):
    """matplotlib.pyplot, imported for real on first use.  Students' files
    import it and rarely use it in the net; the real import costs more
    than the rest of a check."""

    def __getattr__(self, name):
        real = sys.modules.get('matplotlib.pyplot')
        if real is self:
            del sys.modules['matplotlib.pyplot']
            try:
                real = importlib.import_module('matplotlib.pyplot')
            except BaseException:
                sys.modules['matplotlib.pyplot'] = self
                raise
        return getattr(real, name)


def _defer_pyplot():
    if 'matplotlib.pyplot' in sys.modules:
        return
    try:
        if importlib.util.find_spec('matplotlib') is None:
            return
    except (ImportError, ValueError):
        return
    lazy = _LazyPyplot('matplotlib.pyplot')
    lazy.__file__ = None
    sys.modules['matplotlib.pyplot'] = lazy


def missing_module(name):
    """What to say about a module that is not installed."""
    top = name.split('.')[0]
    if top in DEBIAN_PACKAGE:
        return "no module named '%s': apt-get install %s" % (
            name, DEBIAN_PACKAGE[top])
    if top in NOT_PACKAGED:
        return "no module named '%s' (Debian does not package it; the " \
            "two-layer net needs only numpy)" % name
    return "no module named '%s' (not installed, and no %s.py or %s/ " \
        "beside the file)" % (name, top, top)


def load(student):
    """Import the student's file as a module, with its directory (and the
    top of its package) on sys.path.  StudentError if it cannot be."""
    path = student.path
    if not os.path.exists(path):
        raise StudentError(path, 'No such file or directory')
    if os.path.isdir(path):
        raise StudentError(path, 'is a directory, not a Python file')
    if not os.access(path, os.R_OK):
        raise StudentError(path, 'Permission denied')
    os.environ['MPLBACKEND'] = 'Agg'
    _defer_pyplot()
    for d in (student.top, student.dir):
        if d not in sys.path:
            sys.path.insert(0, d)
    # Its name: dotted from the top of its package if it is in one, so
    # that its relative imports (`from ..layers import *`) work.
    rel = os.path.splitext(os.path.relpath(student.abspath, student.top))[0]
    name = rel.replace(os.sep, '.')
    if not all(p.isidentifier() for p in name.split('.')) or \
            name in sys.modules:
        name = '_backprop_student_' + ''.join(
            c if c.isalnum() else '_' for c in name)
    spec = importlib.util.spec_from_file_location(name, student.abspath)
    if spec is None:
        raise StudentError(path, 'cannot be imported as a Python file')
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except SyntaxError as e:
        # The file Python reports: the student's or one it imports.
        f = e.filename or student.abspath
        where = student.where(f, e.lineno) if e.lineno else student.show(f)
        raise StudentError(where, '%s: %s' % (type(e).__name__, e.msg))
    except ImportError as e:
        where = located(student, e.__traceback__)
        if isinstance(e, ModuleNotFoundError) and e.name:
            raise StudentError(where, missing_module(e.name))
        raise StudentError(where, describe(e))
    except SystemExit as e:
        raise StudentError(located(student, e.__traceback__),
                           'the file calls exit(%s) when imported'
                           % ('' if e.code is None else e.code))
    except Exception as e:
        raise StudentError(located(student, e.__traceback__),
                           'importing the file raised ' + describe(e))
    return module


def find_class(student, module, name):
    """The class name in the module; StudentError naming the classes the
    file has if it is not there."""
    cls = getattr(module, name, None)
    if inspect.isclass(cls):
        return cls
    mine = [n for n, c in sorted(vars(module).items())
            if inspect.isclass(c) and c.__module__ == module.__name__]
    if cls is not None:
        what = "'%s' is a %s, not a class" % (name, type(cls).__name__)
    else:
        what = 'no class %s' % name
    if mine:
        what += '; the file defines %s' % ', '.join(mine)
    else:
        what += '; the file defines no class'
    raise StudentError(student.path, what)


def class_line(student, cls):
    """"FILE:LINE" of a class's definition, or FILE."""
    try:
        return student.where(inspect.getsourcefile(cls),
                             inspect.getsourcelines(cls)[1])
    except (OSError, TypeError):
        return student.path


def method(student, cls, name):
    """The method name of cls, or StudentError."""
    m = getattr(cls, name, None)
    if m is None or not callable(m):
        raise StudentError(class_line(student, cls),
                           'class %s has no method %s' % (cls.__name__, name))
    return m


def def_line(student, func):
    """"FILE:LINE" of a function's def, or FILE."""
    code = getattr(func, '__code__', None)
    if code is None or not student.owns(code.co_filename):
        return student.path
    return student.where(code.co_filename, code.co_firstlineno)


def call(student, what, func, *args, **kwargs):
    """func(*args, **kwargs), the student's code; an exception in it
    becomes a StudentError naming the student's line and what was being
    called (what, e.g. "loss(X, y, reg=0.05)")."""
    try:
        return func(*args, **kwargs)
    except SystemExit as e:
        raise StudentError(located(student, e.__traceback__, None, None),
                           '%s calls exit(%s)' % (
                               what, '' if e.code is None else e.code))
    except Exception as e:
        found = student_frame(student, e.__traceback__)
        if found is None:
            # Raised before any of the student's lines ran: the call itself
            # does not fit the method (a TypeError on its arguments).
            where = def_line(student, func)
        else:
            where = student.where(*found)
        raise StudentError(where, '%s raised %s' % (what, describe(e)))


@contextlib.contextmanager
def no_trace():
    """Tracing off inside (the tracer is restored after)."""
    saved = sys.gettrace()
    sys.settrace(None)
    try:
        yield
    finally:
        sys.settrace(saved)
