/* python.h -- a student's Python file, run in a child process.
 *
 * `gradcheck --python FILE[:CLASS]' runs the student's CS231n-style
 * TwoLayerNet through the Python package backprop_check, installed with
 * backprop, as
 *
 *   PYTHON -m backprop_check.run FILE[:CLASS] --out DIR [--net D,H,C]
 *          [--batch N] [--seed S] [--reg R] [--kinks] --timeout SECONDS
 *          [--problem DIR/problem]
 *
 * which saves into DIR what `gradcheck --npy DIR' reads (npy.h: the batch,
 * the parameters, the student's scores, loss and gradients, and the
 * intermediates it identified), with where.tsv (the line of each gradient)
 * and ownloss.tsv (each parameter gradient against centred differences of
 * the student's own loss) beside them.  The student's code is untrusted:
 * it runs in its own process, with a time limit, and nothing it prints
 * reaches ours; what goes wrong comes back as one line. */

#ifndef BP_PYTHON_H
#define BP_PYTHON_H

#include <stddef.h>

#include "error.h"
#include "problem.h"

/* The runner's reg when none is given. */
#define BP_PYTHON_REG 0.05

typedef struct bp_python_opts {
  const char *python;           /* the interpreter; NULL: $BACKPROP_PYTHON,
                                   else the one configure found */
  const char *klass;            /* NULL: the runner's default, TwoLayerNet */
  size_t D, H, C, N;            /* 0: the runner's defaults */
  unsigned long seed;           /* 0: the runner's default */
  double reg;                   /* negative: the runner's default */
  int kinks;                    /* allow z1 within h of 0 */
  double seconds;               /* time limit of the student's code: the
                                   runner's own; the child is killed 2 s
                                   after it (pyserve.h: per call) */
  /* The problem to run on instead of a random one: all three, or all
   * NULL.  Then D, H, C, N and kinks are not used: there is no redraw. */
  const bp_net *net;            /* the parameters */
  const gsl_matrix *X;          /* (N, D) the batch, as it is */
  const size_t *y;              /* (N) its labels, each < C */
} bp_python_opts;

/* Defaults: the runner's net, batch, seed and reg; 20 s; no given
 * problem. */
void bp_python_opts_init (bp_python_opts *o);

/* Run file (with o->klass, file:klass) through the runner into the
 * existing directory outdir.  With a given problem (o->net, o->X, o->y)
 * its arrays are first written as .npy files into outdir/problem, which
 * the runner reads (--problem) and which is removed after the run.
 * Returns 0, or GSL_EFAILED with err holding one line: the runner's own
 * ("neural_net.py:97: ZeroDivisionError: division by zero"), or that the
 * run took 2 s longer than o->seconds, was killed by a signal, that the
 * interpreter cannot be run, or that the given problem does not fit
 * (X not (N, D), a label not below C). */
int bp_python_run (const char *file, const bp_python_opts *o,
                   const char *outdir, bp_error *err);

/* The problem of a student's Python file: bp_python_run into a fresh
 * directory under $TMPDIR (or /tmp), the arrays read as
 * bp_problem_load_npy reads them, where.tsv into the problem's where and
 * where_text, ownloss.tsv into own_err; then the directory is removed.
 * reg is what the runner used.  With a given problem, the problem's net,
 * X and y are exactly those given (as doubles, bit for bit).  0, or
 * GSL_EFAILED with err. */
int bp_problem_python (const char *file, const bp_python_opts *o,
                       bp_problem **out, bp_error *err);

/* The directory holding the package backprop_check: $BACKPROP_PYTHONPATH,
 * else the installed one. */
const char *bp_python_path (void);

#endif /* BP_PYTHON_H */
