"""backprop_check -- the Python side of `gradcheck --python FILE[:CLASS]`.

A student's two-layer net, written in Python with numpy to CS231n's
interface, is run on a small random problem; what its loss and gradients
are, which of its arrays are the intermediate gradients, and which lines
wrote them, are saved into a directory that `gradcheck` reads as it reads
`gradcheck --npy DIR`.  In a notebook, check(net) does the same for a net
already built and prints gradcheck's report.  For `nntrain --python`,
the server (serve.py) answers calls of the student's loss, thousands of
them, at the parameters and batch of each training step.

The contract with the C side
============================

Command line
------------
    $PYTHON -m backprop_check.run FILE[:CLASS] --out DIR [--net D,H,C]
        [--batch N] [--seed S] [--reg R] [--kinks] [--timeout SECONDS]
        [--problem PDIR]

with PYTHONPATH holding the directory that contains backprop_check/.  For
C code, configure provides both: BP_PYTHON (config.h), the interpreter it
found that imports numpy (else "python3"), and PYTHONDIR (AM_CPPFLAGS),
the directory the package is installed in ($(pythondir)); in the build
tree the environment variable BACKPROP_PYTHONPATH (set by make check to
the source tree's python/) takes PYTHONDIR's place.  So the child's
environment has PYTHONPATH=$BACKPROP_PYTHONPATH (or PYTHONDIR if that is
unset), followed by ':' and the user's PYTHONPATH if they have one.
The student's files commonly also import matplotlib.pyplot
(python3-matplotlib) and past.builtins (python3-future); pyplot is
imported for real only if the student's code uses it.

  FILE[:CLASS]  the student's file and the class in it (default TwoLayerNet;
                ":CLASS" is split off the last colon when what follows it
                is a Python identifier).
  --out DIR     the directory to write; made (with its parents) if it
                does not exist.
  --net D,H,C   input, hidden, output sizes (default 6,8,4).
  --batch N     samples (default 7).  The defaults are all different, so
                that a mix-up of two dimensions is a shape error.
  --seed S      seed of X, y and the parameters (default 1); numpy's global
                generator is also seeded with S before the constructor and
                before every call of loss, so that a loss that draws random
                numbers gives the same value at each call.
  --reg R       the regularization strength passed to loss (default 0.05).
  --kinks       keep the first draw even if some |z1| < 1e-3 (by default
                the parameters are drawn again until no z1 lies within
                1e-3 of the ReLU's kink, so that no centred difference of
                step 1e-5 crosses it).
  --timeout T   seconds before the run gives up on the student's code
                (default 10; 0: never), with a one-line message naming the
                line that was running and exit status 2.  The limit covers
                the whole run; the C side should kill the child only some
                time after T.
  --problem PDIR
                run on the net and batch in PDIR instead of a random one:
                X.npy (N, D) float64, y.npy (N,) labels in 0..C-1
                (integers, or float64 holding integers), W1.npy (D, H),
                b1.npy (H,), W2.npy (H, C), b2.npy (C,), all float64,
                used exactly as they are (a trained net, a batch of real
                data, already preprocessed).  The sizes are theirs: no
                --net or --batch with it; nothing is drawn, so --kinks
                changes nothing (some z1 may lie at the kink: see
                ownloss.tsv).  A file missing or of the wrong type or
                shape is exit 2 with one line: "gradcheck: --problem
                PDIR: W2.npy: shape (7, 4), want (8, 4) (X.npy is ...)".

The problem: X ~ N(0, 1) of shape (N, D); y uniform in 0..C-1; W1 ~
N(0, 1/D) (D, H); W2 ~ N(0, 1/H) (H, C); b1, b2 ~ 0.1 N(0, 1): z1 and
the scores are of order 1, and the biases are not zero.  The class
is built as CLASS(D, H, C) (std left at its default); its __init__ must
fill self.params with W1 (D, H), b1 (H,), W2 (H, C), b2 (C,) (biases
(1, H) are accepted and kept in that shape); the problem's values then
replace them.  loss(X) must return the scores (N, C); loss(X, y, reg=R)
must return (loss, grads) with grads a dict with W1, b1, W2, b2.  reg goes
by keyword to a parameter named reg, else as the third argument; a
loss(X, y=None) without one (CS231n's assignment 2) gets it as self.reg.
Every call gets fresh copies of X, y and of the parameters.

The file is imported with its directory on sys.path; a file inside a
package (cs231n/classifiers/fc_net.py) is imported under its dotted name,
with the directory above the package on sys.path, so that its imports,
relative ones too, work as in the student's notebook.  The student's code
is the file and the other .py files of its package (or directory), not
installed libraries: their lines are the ones traced and named.

Files written into DIR (on exit status 0 only; any of these names
already in DIR is removed first, so none is stale):

  X.npy        (N, D) float64        y.npy   (N,) int64
  W1.npy       (D, H) float64        b1.npy  (H,) float64
  W2.npy       (H, C) float64        b2.npy  (C,) float64
  scores.npy   (N, C) float64, what loss(X) returned
  loss.npy     () float64, the loss loss(X, y, reg) returned
  dW1.npy dW2.npy db1.npy db2.npy
               the student's grads, float64, in the parameters' shapes
               (biases (H,) and (C,) even if returned as (1, H))
  dz2.npy (N, C), dp1.npy (N, H), dz1.npy (N, H)
               the intermediates found while loss(X, y, reg) ran, each
               only if identified with confidence (else absent); see
               identify.py for how.  A dp1 masked in place is saved with
               its values before the masking line, and the masked values
               are dz1.
  where.tsv    a line per gradient whose line could be found, in the
               order dz2 dW2 db2 dp1 dz1 dW1 db1:
                   grad<TAB>FILE<TAB>LINE<TAB>text of the line, stripped
               FILE as the user named it (a helper in another of the
               student's files: that file's path seen from FILE's
               directory, normalized: cs231n/classifiers/fc_net.py's
               helpers are in cs231n/layers.py); tabs in the text become
               spaces.  For an intermediate, the line that last wrote the
               values saved (for dz1 masked in place, the masking line; a
               later copy of the values does not count); for a
               parameter gradient, the line that built the array returned
               in grads (the last one that changed it, e.g. the line of
               `dW1 += reg * W1`).
  ownloss.tsv  the verdict of the student's own loss, four lines, in the
               order dW2 db2 dW1 db1:
                   grad<TAB>rel_err<TAB>ok|wrong<TAB>worst
               rel_err (printed %.3e) is max |a - n| / max(1e-8, |a| + |n|)
               over the entries whose |a - n| > 1e-8, a the student's
               gradient and n the centred difference (h = 1e-5) of the
               student's own loss(X, y, reg); 0 if no entry differs by
               more than 1e-8; "nan" if the loss went NaN.  wrong when
               rel_err > 1e-6 (or nan).  worst is the entry "i,j" of the
               largest rel_err ("0,j" for a bias; the largest |a - n| when
               rel_err is 0).  This verdict needs no convention: the
               student's loss defines what the gradient must be.
               A gradient of more than 200 entries (problem.OWN_MAX) is
               differenced at 200 of them, always the same ones for its
               size (drawn without replacement by a generator of fixed
               seed): at 784-100-10, W1's 78400 entries would take
               157000 calls of loss.  An entry of W1 or b1 whose step
               moves some z1 across 0 (z1 in (-d, d], d the move, as
               gradcheck's kinks) is judged by the bracket of the
               one-sided differences (f(x) - f(x-h))/h and (f(x+h) -
               f(x))/h, widened by h times a bound on the loss's second
               derivative there: n is the point of the bracket nearest
               to a (so a inside it counts as exact).

Nothing is written on standard output.  The student's prints (and
warnings) go to /dev/null, at import too.

Exit status
-----------
  0  DIR written.  (Whether the gradients are right is gradcheck's to say,
     from DIR.)
  2  the student's code, or the arguments, cannot be run as asked; one line
     on standard error, never a traceback:
         gradcheck: FILE:LINE: what is wrong
         gradcheck: FILE: what is wrong        (where no line applies)
         gradcheck: --net: '6,8' is not D,H,C (three positive integers)
     LINE is the student's own line: where an exception was raised (the
     innermost of their frames, not numpy's), where loss returned a wrong
     value, where a gradient of the wrong shape was built, where a
     missing module was imported, where Python found a syntax error, the
     line running when the time ran out, or the def line of the method that
     could not be called.  Among them: no such file; a syntax error; an
     exception in import, __init__ or loss ("loss(X, y, reg=0.05) raised
     ValueError: ..."); no such class (the classes the file has are
     named) or method; self.params missing or of the wrong shapes; loss
     returning something other than the scores or (loss, grads); grads
     without a key or of the wrong shape; NaN or inf in what it returned;
     the time limit; a missing module with the Debian package to install;
     "gradcheck: numpy is not installed: apt-get install python3-numpy";
     DIR that cannot be written ("gradcheck: DIR: Permission denied").
  3  an internal error of backprop_check (a bug: one line, and a traceback
     if BACKPROP_DEBUG is set in the environment).

The server, for nntrain --python
================================
    $PYTHON -m backprop_check.serve FILE[:CLASS] --net D,H,C [--seed S]
        [--timeout SECONDS]

with PYTHONPATH as for the runner, and standard input one end of an
AF_UNIX stream socket (socketpair) whose other end the caller holds.
The server first moves the socket to a descriptor of its own and points
standard input at /dev/null; standard output and error go to /dev/null
once numpy is imported (standard error, before that, carries only
Python's own words if it cannot start, e.g. "No module named
'backprop_check'"), so that nothing the student prints can reach the
caller or the protocol.  The file is imported, the class found and built
as CLASS(D, H, C), and its params checked, exactly as the runner does;
then each call runs loss(X, y, reg) as the runner does (reg by keyword,
position or self.reg; biases in the shape __init__ gave them; numpy's
generator seeded with S, default 1, before it), without the tracer, and
checks what it returned as the runner does.  X, y and the parameters it
gets are not copies but the shared memory below, which the caller writes
afresh for each call: what the student's code changes in them in place
is gone at the next call.  When that check fails, the
call is run once more, traced, for the line to name (the line that
returned, or that built the wrong gradient).

--timeout T (default 10; 0: never) limits the import and the constructor
together, then each call of loss: when it runs out, the error reply names
the student's line then running ("FILE:LINE: loss(X, y, reg=0.05) did not
return within T s (an endless loop?)") and the server exits; the caller
kills it if no reply has come a little after T.

Protocol.  Numbers are int64 and float64 in the machine's byte order
(both ends are on one machine).  The arrays are not sent through the
socket but through memory that both map: a file descriptor (a memfd)
that the caller sends with its first message, as SCM_RIGHTS.  For a call
on N samples it holds, from offset 0, with P = D*H + H + H*C + C:

    theta   P float64    W1 (D, H) row-major, b1 (H), W2 (H, C), b2 (C):
                         the parameters, written by the caller
    dtheta  P float64    the same layout: the student's gradients dW1,
                         db1, dW2, db2, written by the server
    X       N*D float64  (N, D) row-major, written by the caller
    y       N int64      the labels, written by the caller

The caller makes the file at least 8 * (2P + N*D + N) bytes long before
a call on N samples; the server maps it again when a call needs more
than it has mapped.  The messages on the socket:

    caller -> server, first:  hello  int64 version (1), with the fd
    server -> caller:         reply (status 0, ready) once the net is
                              built; or an error reply
    caller -> server, a call: request  int64 command (1: loss, 0: quit),
                              int64 N, float64 reg; theta, X and y are
                              in place before it is sent
    server -> caller:         reply  int64 status, float64 loss,
                              int64 length: status 1, the loss, and
                              dtheta in place; or status 2, an error,
                              followed by length bytes of UTF-8, one
                              line, "FILE:LINE: what" as the runner's
                              messages (without "gradcheck: "), after
                              which the server exits

The server exits 0 when the caller quits or closes its end, 2 after an
error reply about the student's code, 3 after an internal error (also
sent as an error reply: "internal error in backprop_check.serve: ...").
A server that dies without a reply (the student's code crashed it or
called os._exit) is seen by the caller as its end of the socket closing.
"""

__all__ = ['check']


def check(net, X=None, y=None, reg=0.05, keep_params=False, out=None):
    """Check a student's net object in a notebook: run its loss as
    `gradcheck --python` does, save the arrays into a temporary directory
    (or out) and print the report of `gradcheck --npy DIR --reg reg`.

    X, y: the batch (default: a random one of 7 samples, sized like the
    net's params).  The parameters are random ones of the net's sizes,
    as gradcheck --python draws them (the net's own are put back after),
    unless keep_params is true.  gradcheck is BACKPROP_GRADCHECK if set,
    else found on PATH.  Returns gradcheck's exit status (0 all right, 1
    something wrong, 2 an error)."""
    from .notebook import check as _check
    return _check(net, X, y, reg, keep_params, out)
