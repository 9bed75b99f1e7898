/* pyserve.h -- a student's Python loss as a server in a child process,
 * for training with the student's own gradients (`nntrain --python').
 *
 * bp_pyserve_start runs, with the interpreter and PYTHONPATH of
 * bp_python_run (python.h),
 *
 *   PYTHON -m backprop_check.serve FILE[:CLASS] --net D,H,C [--seed S]
 *          --timeout SECONDS
 *
 * which imports the student's file once, builds CLASS(D, H, C), and then
 * answers each bp_pyserve_loss: the parameters and the batch go to it,
 * the student's loss(X, y, reg) runs there, and its loss and its four
 * parameter gradients come back.  The protocol is binary: the arrays go
 * through memory that both processes map, and a socket that is the
 * child's standard input (the child moves it out of the student's reach
 * before importing anything of theirs) carries a small header each way
 * and the child's error line; its definition is the contract in
 * backprop_check/__init__.py.  The student's code is untrusted: nothing
 * it prints reaches the caller's output, and an exception, a wrong
 * return value, a hang or a crash of the child is one line in a
 * bp_error, never a crash of the caller.
 *
 * Shapes use the legend of net.h.  Not thread-safe: one thread at a time
 * per server. */

#ifndef BP_PYSERVE_H
#define BP_PYSERVE_H

#include <stddef.h>
#include <gsl/gsl_matrix.h>

#include "error.h"
#include "grads.h"
#include "net.h"
#include "python.h"

/* Seconds the caller waits beyond the time limit before it kills the
 * child: within the limit the child stops the student's code itself and
 * names its line. */
#define BP_PYSERVE_GRACE 2.0

typedef struct bp_pyserve bp_pyserve;

/* Start the server on file (o->klass, or the default TwoLayerNet) for a
 * D-H-C net.  o->python, o->klass, o->seed and o->seconds are used:
 * o->seconds (0: none) limits the import and the constructor together,
 * and then each call of loss.  0 with *out set, or GSL_EFAILED with err
 * holding one line ("neural_net.py:12: importing the file raised
 * NameError: ...", "no class TwoLayerNet; ...", "neural_net.py:20:
 * TwoLayerNet(784, 100, 10) made W1 of shape ...") and *out NULL. */
int bp_pyserve_start (const char *file, const bp_python_opts *o, size_t D,
                      size_t H, size_t C, bp_pyserve **out, bp_error *err);

/* The student's loss(X, y, reg) at net's parameters: *loss, and g's dW1,
 * db1, dW2, db2 (in net's layout: g->dtheta); g's other gradients are
 * left as they are and g->present holds exactly the four parameter bits.
 * X (N, D) is sent as it is (already preprocessed), y (N) its labels.
 * net and g are of the server's D, H, C (g's N does not matter).
 * 0, or GSL_EFAILED with err holding one line: the caller's mistake
 * (sizes that do not fit, a label not below C: the server lives on), or
 * the student's ("neural_net.py:52: loss(X, y, reg=0.001) raised
 * ValueError: ...", a wrong shape or key of grads, NaN or inf, "did not
 * return within 10 s") or that the child ended (exited, killed by a
 * signal).  After a failure of the student's code or of the child, the
 * child is ended and reaped, g's parameter gradients are unspecified, and
 * every later call fails with the same message. */
int bp_pyserve_loss (bp_pyserve *s, const bp_net *net, const gsl_matrix *X,
                     const size_t *y, double reg, double *loss, bp_grads *g,
                     bp_error *err);

/* End the server: ask the child to quit, kill it if it has not within a
 * second, reap it, free s.  NULL is a no-op. */
void bp_pyserve_stop (bp_pyserve *s);

#endif /* BP_PYSERVE_H */
